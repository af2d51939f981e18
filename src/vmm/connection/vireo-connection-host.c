/* vireo-connection-host.c: what a connection's host says of itself and of its domains
 *
 * The host's capabilities, what its hypervisor offers a domain, and every
 * domain's XML: read in a worker thread holding its own reference to the
 * libvirt handle, taken when the call starts, so that closing the
 * connection meanwhile does not free the handle under the worker.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoHandleRefs refs;
    /* domain capabilities: what they are asked for (NULL: the default) */
    char          *emulator;
    char          *arch;
    char          *machine;
    char          *virt_type;
    /* results */
    char          *xml;
    GHashTable    *domains;     /* name → XML */
} HostQuery;

static void
host_query_free (gpointer data)
{
    HostQuery *query = data;

    _vireo_handle_refs_clear (&query->refs);
    g_free (query->emulator);
    g_free (query->arch);
    g_free (query->machine);
    g_free (query->virt_type);
    g_free (query->xml);
    g_clear_pointer (&query->domains, g_hash_table_unref);
    g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostQuery, host_query_free)

/* A query on @self's handle, or NULL with an error when it is not open. */
static HostQuery *
host_query_new (VireoConnection *self,
                GError         **error)
{
    g_autoptr(HostQuery) query = g_new0 (HostQuery, 1);

    if (!_vireo_handle_refs_take_connection (&query->refs, self, error))
        return NULL;
    return g_steal_pointer (&query);
}

static char *
empty_to_null (const char *text)
{
    return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static HostQuery *
domain_capabilities_query_new (VireoConnection *self,
                               const char      *emulator,
                               const char      *arch,
                               const char      *machine,
                               const char      *virt_type,
                               GError         **error)
{
    HostQuery *query = host_query_new (self, error);

    if (query == NULL)
        return NULL;
    query->emulator = empty_to_null (emulator);
    query->arch = empty_to_null (arch);
    query->machine = empty_to_null (machine);
    query->virt_type = empty_to_null (virt_type);
    return query;
}

/* Worker threads */

static gboolean
capabilities_run (gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
    HostQuery *query = data;

    query->xml = virConnectGetCapabilities (query->refs.conn);
    if (query->xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not read the host's capabilities"));
        return FALSE;
    }
    return TRUE;
}

static gboolean
domain_capabilities_run (gpointer      data,
                         GCancellable *cancellable,
                         GError      **error)
{
    HostQuery *query = data;

    query->xml = virConnectGetDomainCapabilities (query->refs.conn, query->emulator, query->arch,
                                                  query->machine, query->virt_type, 0);
    if (query->xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not read what the hypervisor offers "
                                                   "virtual machines"));
        return FALSE;
    }
    return TRUE;
}

static gboolean
domain_xml_run (gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
    HostQuery *query = data;
    virDomainPtr *list = NULL;
    int n;

    n = virConnectListAllDomains (query->refs.conn, &list, 0);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not list the existing VMs"));
        return FALSE;
    }
    query->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (int i = 0; i < n; i++) {
        const char *name = virDomainGetName (list[i]);
        /* A domain that went away meanwhile keeps its name, without XML. */
        char *xml = virDomainGetXMLDesc (list[i], 0);

        if (name != NULL)
            g_hash_table_insert (query->domains, g_strdup (name), xml ? xml : g_strdup (""));
        else
            free (xml);
        virDomainFree (list[i]);
    }
    free (list);
    virResetLastError ();
    return TRUE;
}

static const VireoWorkerOps capabilities_ops = {
    .run = capabilities_run,
    .free_data = host_query_free,
    .check_cancellable = TRUE,
};

static const VireoWorkerOps domain_capabilities_ops = {
    .run = domain_capabilities_run,
    .free_data = host_query_free,
    .check_cancellable = TRUE,
};

static const VireoWorkerOps domain_xml_ops = {
    .run = domain_xml_run,
    .free_data = host_query_free,
    .check_cancellable = TRUE,
};

/* Helpers of the public API */

static void
run_async (VireoConnection      *self,
           gpointer              source_tag,
           const VireoWorkerOps *ops,
           HostQuery            *query,
           GError               *error,
           GCancellable         *cancellable,
           GAsyncReadyCallback   callback,
           gpointer              user_data)
{
    if (query == NULL) {
        g_task_report_error (self, callback, user_data, source_tag, error);
        return;
    }
    vireo_worker_run_async (self, source_tag, ops, query, cancellable, callback, user_data);
}

static gboolean
run_sync (VireoConnection      *self,
          const VireoWorkerOps *ops,
          HostQuery            *query,
          GCancellable         *cancellable,
          GError              **error)
{
    return query != NULL && vireo_worker_run (self, ops, query, cancellable, error);
}

static char *
finish_xml (VireoConnection *self,
            GAsyncResult    *result,
            gpointer         source_tag,
            GError         **error)
{
    HostQuery *query = vireo_worker_finish (self, result, source_tag, error);

    return query != NULL ? g_steal_pointer (&query->xml) : NULL;
}

/* Public API */

char *
vireo_connection_dup_capabilities (VireoConnection *self,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
    g_autoptr(HostQuery) query = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    query = host_query_new (self, error);
    if (!run_sync (self, &capabilities_ops, query, cancellable, error))
        return NULL;
    return g_steal_pointer (&query->xml);
}

void
vireo_connection_dup_capabilities_async (VireoConnection    *self,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
    GError *error = NULL;
    HostQuery *query;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    query = host_query_new (self, &error);
    run_async (self, vireo_connection_dup_capabilities_async, &capabilities_ops, query, error,
               cancellable, callback, user_data);
}

char *
vireo_connection_dup_capabilities_finish (VireoConnection *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return finish_xml (self, result, vireo_connection_dup_capabilities_async, error);
}

char *
vireo_connection_dup_domain_capabilities (VireoConnection *self,
                                          const char      *emulator,
                                          const char      *arch,
                                          const char      *machine,
                                          const char      *virt_type,
                                          GCancellable    *cancellable,
                                          GError         **error)
{
    g_autoptr(HostQuery) query = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    query = domain_capabilities_query_new (self, emulator, arch, machine, virt_type, error);
    if (!run_sync (self, &domain_capabilities_ops, query, cancellable, error))
        return NULL;
    return g_steal_pointer (&query->xml);
}

void
vireo_connection_dup_domain_capabilities_async (VireoConnection    *self,
                                                const char         *emulator,
                                                const char         *arch,
                                                const char         *machine,
                                                const char         *virt_type,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data)
{
    GError *error = NULL;
    HostQuery *query;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    query = domain_capabilities_query_new (self, emulator, arch, machine, virt_type, &error);
    run_async (self, vireo_connection_dup_domain_capabilities_async, &domain_capabilities_ops,
               query, error, cancellable, callback, user_data);
}

char *
vireo_connection_dup_domain_capabilities_finish (VireoConnection *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return finish_xml (self, result, vireo_connection_dup_domain_capabilities_async, error);
}

GHashTable *
vireo_connection_list_domain_xml (VireoConnection *self,
                                  GCancellable    *cancellable,
                                  GError         **error)
{
    g_autoptr(HostQuery) query = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    query = host_query_new (self, error);
    if (!run_sync (self, &domain_xml_ops, query, cancellable, error))
        return NULL;
    return g_steal_pointer (&query->domains);
}

void
vireo_connection_list_domain_xml_async (VireoConnection    *self,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
    GError *error = NULL;
    HostQuery *query;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    query = host_query_new (self, &error);
    run_async (self, vireo_connection_list_domain_xml_async, &domain_xml_ops, query, error,
               cancellable, callback, user_data);
}

GHashTable *
vireo_connection_list_domain_xml_finish (VireoConnection *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
    HostQuery *query;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    query = vireo_worker_finish (self, result, vireo_connection_list_domain_xml_async, error);
    return query != NULL ? g_steal_pointer (&query->domains) : NULL;
}
