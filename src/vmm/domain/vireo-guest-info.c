/* vireo-guest-info.c: what the guest agent says about a running guest
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain.h"
#include "vireo-guest-info.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoHandleRefs  refs;
    VireoGuestInfo  *info;
} GuestInfoData;

static void
guest_info_data_free (gpointer user_data)
{
    GuestInfoData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_clear_pointer (&data->info, vireo_guest_info_free);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuestInfoData, guest_info_data_free)
static void
guest_interface_free (VireoGuestInterface *iface)
{
    g_free (iface->name);
    g_free (iface->hwaddr);
    g_strfreev (iface->addresses);
    g_free (iface);
}

static const char *
param_string (virTypedParameterPtr params,
              int                  n,
              const char          *name)
{
    const char *value = NULL;

    if (virTypedParamsGetString (params, n, name, &value) != 1)
        return NULL;
    return value;
}

static char *
describe_offset (int seconds)
{
    int minutes = ABS (seconds) / 60;

    return g_strdup_printf ("%c%02d:%02d", seconds < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

static void
read_info_params (VireoGuestInfo      *info,
                  virTypedParameterPtr params,
                  int                  n)
{
    const char *tz = param_string (params, n, "timezone.name");
    int offset = 0;
    gboolean has_offset = virTypedParamsGetInt (params, n, "timezone.offset", &offset) == 1;
    unsigned int n_users = 0;

    info->hostname = g_strdup (param_string (params, n, "hostname"));
    info->os_name = g_strdup (param_string (params, n, "os.pretty-name"));
    if (info->os_name == NULL)
        info->os_name = g_strdup (param_string (params, n, "os.name"));
    info->kernel = g_strdup (param_string (params, n, "os.kernel-release"));
    if (tz != NULL || has_offset) {
        g_autofree char *off = has_offset ? describe_offset (offset) : NULL;

        if (tz != NULL && off != NULL)
            info->timezone = g_strdup_printf ("%s (%s)", tz, off);
        else
            info->timezone = g_strdup (tz != NULL ? tz : off);
    }
    if (virTypedParamsGetUInt (params, n, "user.count", &n_users) == 1) {
        g_autoptr(GStrvBuilder) users = g_strv_builder_new ();
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

        for (unsigned int i = 0; i < n_users; i++) {
            g_autofree char *key = g_strdup_printf ("user.%u.name", i);
            const char *user = param_string (params, n, key);

            if (user != NULL && g_hash_table_add (seen, (gpointer) user))
                g_strv_builder_add (users, user);
        }
        info->users = g_strv_builder_end (users);
    }
}

static GPtrArray *
read_interfaces (virDomainPtr handle)
{
    virDomainInterfacePtr *ifaces = NULL;
    GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) guest_interface_free);
    int n = virDomainInterfaceAddresses (handle, &ifaces,
                                         VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);

    if (n < 0) {
        virResetLastError ();
        return out;
    }
    for (int i = 0; i < n; i++) {
        virDomainInterfacePtr iface = ifaces[i];
        g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();
        VireoGuestInterface *item;

        if (g_strcmp0 (iface->name, "lo") != 0) {
            for (unsigned int a = 0; a < iface->naddrs; a++) {
                g_autofree char *text = g_strdup_printf ("%s/%u", iface->addrs[a].addr,
                                                         iface->addrs[a].prefix);

                g_strv_builder_add (addresses, text);
            }
            item = g_new0 (VireoGuestInterface, 1);
            item->name = g_strdup (iface->name);
            item->hwaddr = g_strdup (iface->hwaddr);
            item->addresses = g_strv_builder_end (addresses);
            g_ptr_array_add (out, item);
        }
        virDomainInterfaceFree (iface);
    }
    free (ifaces);
    return out;
}

/* Any thread. */
static gboolean
guest_info_run (gpointer      user_data,
                GCancellable *cancellable,
                GError      **error)
{
    GuestInfoData *data = user_data;
    virTypedParameterPtr params = NULL;
    int n = 0;

    if (virDomainGetGuestInfo (data->refs.dom, 0, &params, &n, 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The guest agent of “%s” did not answer"),
                                          data->refs.name);
        return FALSE;
    }
    data->info = g_new0 (VireoGuestInfo, 1);
    read_info_params (data->info, params, n);
    virTypedParamsFree (params, n);
    data->info->interfaces = read_interfaces (data->refs.dom);
    return TRUE;
}

static const VireoWorkerOps guest_info_ops = {
    .run = guest_info_run,
    .free_data = guest_info_data_free,
    .check_cancellable = TRUE,
};

static GuestInfoData *
guest_info_data_new (VireoDomain *domain)
{
    GuestInfoData *data = g_new0 (GuestInfoData, 1);

    _vireo_handle_refs_take_domain (&data->refs, domain);
    return data;
}

void
vireo_guest_info_free (VireoGuestInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->hostname);
    g_free (info->os_name);
    g_free (info->kernel);
    g_free (info->timezone);
    g_strfreev (info->users);
    g_clear_pointer (&info->interfaces, g_ptr_array_unref);
    g_free (info);
}

VireoGuestInfo *
vireo_domain_dup_guest_info (VireoDomain  *domain,
                             GCancellable *cancellable,
                             GError      **error)
{
    g_autoptr(GuestInfoData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    data = guest_info_data_new (domain);
    if (!vireo_worker_run (domain, &guest_info_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->info);
}

void
vireo_domain_dup_guest_info_async (VireoDomain        *domain,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    vireo_worker_run_async (domain, vireo_domain_dup_guest_info_async, &guest_info_ops,
                            guest_info_data_new (domain), cancellable, callback, user_data);
}

VireoGuestInfo *
vireo_domain_dup_guest_info_finish (VireoDomain  *domain,
                                    GAsyncResult *result,
                                    GError      **error)
{
    GuestInfoData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = vireo_worker_finish (domain, result, vireo_domain_dup_guest_info_async, error);
    return data != NULL ? g_steal_pointer (&data->info) : NULL;
}
