/* vireo-install-engine.c: make the VM: storage, define, first boot
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-engine.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-config.h"
#include "vireo-storage.h"
#include "vireo-vmm-error.h"

typedef struct {
    VireoConnection *connection;
    char            *install_xml;
    char            *final_xml;
    GPtrArray       *volumes;   /* VireoDomainConfigVolume*, borrowed list copied */
    GPtrArray       *created;   /* char* paths made so far */
    guint            next;
    gboolean         autostart;
    VireoDomain     *domain;
} RunData;

static void
run_data_free (RunData *data)
{
    g_clear_object (&data->connection);
    g_free (data->install_xml);
    g_free (data->final_xml);
    g_ptr_array_unref (data->volumes);
    g_ptr_array_unref (data->created);
    g_clear_object (&data->domain);
    g_free (data);
}

static void create_next_volume (GTask *task);

/* Removes what was made, then fails the task with @error. */
static void
fail (GTask *task, GError *error)
{
    RunData *data = g_task_get_task_data (task);
    VireoStorage *storage = vireo_connection_get_storage (data->connection);

    if (data->domain) {
        g_autoptr(GError) ignored = NULL;
        vireo_domain_delete (data->domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL, &ignored);
    }
    for (guint i = 0; storage && i < data->created->len; i++) {
        g_autoptr(GError) ignored = NULL;
        vireo_storage_delete_volume (storage, data->created->pdata[i], &ignored);
    }
    g_task_return_error (task, error);
    g_object_unref (task);
}

static void
start_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    RunData *data = g_task_get_task_data (task);
    GError *error = NULL;

    if (!vireo_domain_start_finish (VIREO_DOMAIN (source), result, &error)) {
        fail (task, error);
        return;
    }
    /* Running on the install XML; the lasting configuration takes over at
     * the next boot. */
    if (data->final_xml) {
        virDomainPtr handle = vireo_domain_get_handle (data->domain);
        virDomainPtr redefined = virDomainDefineXML (virDomainGetConnect (handle),
                                                     data->final_xml);
        if (redefined == NULL) {
            vireo_vmm_set_error_from_libvirt (&error, _("The installed VM's configuration "
                                                        "could not be saved."));
            fail (task, error);
            return;
        }
        virDomainFree (redefined);
    }
    if (data->autostart)
        virDomainSetAutostart (vireo_domain_get_handle (data->domain), 1);
    g_task_return_pointer (task, g_object_ref (data->domain), g_object_unref);
    g_object_unref (task);
}

static void
define_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    RunData *data = g_task_get_task_data (task);
    GError *error = NULL;

    data->domain = vireo_connection_define_xml_finish (VIREO_CONNECTION (source), result,
                                                       &error);
    if (data->domain == NULL) {
        fail (task, error);
        return;
    }
    g_object_ref (data->domain);
    vireo_domain_start_async (data->domain, g_task_get_cancellable (task), start_cb, task);
}

static void
create_volume_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    RunData *data = g_task_get_task_data (task);
    GError *error = NULL;
    g_autofree char *path = vireo_storage_create_volume_finish (VIREO_STORAGE (source),
                                                                result, &error);

    if (path == NULL) {
        fail (task, error);
        return;
    }
    g_ptr_array_add (data->created, g_steal_pointer (&path));
    create_next_volume (task);
}

static void
create_next_volume (GTask *task)
{
    RunData *data = g_task_get_task_data (task);
    VireoStorage *storage = vireo_connection_get_storage (data->connection);

    if (data->next < data->volumes->len) {
        VireoDomainConfigVolume *vol = data->volumes->pdata[data->next++];

        if (storage == NULL) {
            fail (task, g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                                     _("This connection has no storage to create “%s” in."),
                                     vol->name));
            return;
        }
        vireo_storage_create_volume_async (storage, vol->pool, vol->name, vol->format,
                                           vol->capacity, g_task_get_cancellable (task),
                                           create_volume_cb, task);
        return;
    }
    vireo_connection_define_xml_async (data->connection, data->install_xml,
                                       g_task_get_cancellable (task), define_cb, task);
}

void
vireo_install_engine_run_async (VireoConnection        *connection,
                                const VireoInstallSpec *spec,
                                const char             *install_xml,
                                const char             *final_xml,
                                GPtrArray              *volumes,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
    GTask *task;
    RunData *data;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (spec != NULL);
    g_return_if_fail (install_xml != NULL);

    task = g_task_new (connection, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_install_engine_run_async);
    data = g_new0 (RunData, 1);
    data->connection = g_object_ref (connection);
    data->install_xml = g_strdup (install_xml);
    data->final_xml = g_strdup (final_xml);
    data->volumes = volumes ? g_ptr_array_ref (volumes) : g_ptr_array_new ();
    data->created = g_ptr_array_new_with_free_func (g_free);
    data->autostart = spec->autostart;
    g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
    create_next_volume (task);
}

VireoDomain *
vireo_install_engine_run_finish (VireoConnection *connection,
                                 GAsyncResult    *result,
                                 GError         **error)
{
    g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
