/* vireo-install-engine.c: make the VM: storage, define, first boot, second boot
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-engine.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "vireo-connection-private.h"
#include "vireo-domain.h"
#include "vireo-domain-config.h"
#include "vireo-install-customize.h"
#include "vireo-libvirt-private.h"
#include "vireo-storage.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoConnection *connection;
    char            *name;
    char            *install_xml;
    char            *final_xml;
    GPtrArray       *volumes;   /* VireoDomainConfigVolume*, borrowed list copied */
    GPtrArray       *created;   /* char* paths made so far */
    guint            next;
    gboolean         autostart;
    gboolean         transient;
    gboolean         define_only;       /* define_async(): not started */
    char            *restore_xml;       /* begin_async(): defined again on failure */
    VireoDomain     *domain;
    gulong           added_id;
    GStrv            install_files;     /* from the install XML's metadata */
} RunData;

typedef struct {
    VireoDomain     *domain;
    VireoConnection *connection;
    char            *name;
    char            *final_xml;
    gboolean         transient;
    gboolean         noreboot;
    GSource         *timeout;
    gulong           state_id;
    gulong           removed_id;
    gulong           added_id;
    gboolean         stopped;
    VireoDomain     *result;
    GStrv            install_files;     /* removed once the install ended */
} CompleteData;

#define INSTALL_NS      "https://vireo.org/xmlns/install/1.0"
#define INSTALL_PREFIX  "vireo"

/* The key of a domain's install-phase files, set when the engine made it. */
static GQuark
install_files_quark (void)
{
    return g_quark_from_static_string ("vireo-install-engine-files");
}

static void
run_data_free (RunData *data)
{
    if (data->added_id)
        g_signal_handler_disconnect (data->connection, data->added_id);
    g_clear_object (&data->connection);
    g_free (data->name);
    g_free (data->install_xml);
    g_free (data->final_xml);
    g_free (data->restore_xml);
    g_ptr_array_unref (data->volumes);
    g_ptr_array_unref (data->created);
    g_clear_object (&data->domain);
    g_strfreev (data->install_files);
    g_free (data);
}

static void
complete_data_free (CompleteData *data)
{
    if (data->timeout) {
        g_source_destroy (data->timeout);
        g_source_unref (data->timeout);
    }
    if (data->state_id)
        g_signal_handler_disconnect (data->domain, data->state_id);
    if (data->removed_id)
        g_signal_handler_disconnect (data->connection, data->removed_id);
    if (data->added_id)
        g_signal_handler_disconnect (data->connection, data->added_id);
    g_clear_object (&data->domain);
    g_clear_object (&data->connection);
    g_clear_object (&data->result);
    g_free (data->name);
    g_free (data->final_xml);
    g_strfreev (data->install_files);
    g_free (data);
}

/* The files listed in @xml's <metadata><vireo:install>, or NULL. */
static GStrv
install_files_from_xml (const char *xml)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;
    g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

    if (xml == NULL || strstr (xml, INSTALL_NS) == NULL)
        return NULL;
    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    xmlXPathRegisterNs (ctx, BAD_CAST INSTALL_PREFIX, BAD_CAST INSTALL_NS);
    obj = xmlXPathEvalExpression (BAD_CAST "/domain/metadata/vireo:install/vireo:file/@path",
                                  ctx);
    for (int i = 0; obj && obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
        xmlChar *path = xmlNodeGetContent (obj->nodesetval->nodeTab[i]);
        if (path && g_path_is_absolute ((const char *) path))
            g_strv_builder_add (files, (const char *) path);
        xmlFree (path);
    }
    return g_strv_builder_end (files);
}

/* Worker thread: the install phase's files go once the VM no longer needs
 * them (its lasting configuration refers to none of them). */
static void
remove_install_files (GStrv files)
{
    for (guint i = 0; files && files[i]; i++) {
        if (g_unlink (files[i]) != 0 && errno != ENOENT)
            g_debug ("Could not remove the install file %s: %s", files[i], g_strerror (errno));
    }
}

/* What a step of the engine hands to its worker thread. */
typedef struct {
    VireoHandleRefs refs;
    char         *xml;
    GStrv         install_files;    /* removed once the step succeeded */
    gboolean      autostart;
    gboolean      transient;
    gboolean      noreboot;
} EngineCall;

static void
engine_call_free (gpointer user_data)
{
    EngineCall *call = user_data;

    _vireo_handle_refs_clear (&call->refs);
    g_free (call->xml);
    g_strfreev (call->install_files);
    g_free (call);
}

/* A new call that gives @xml to @connection's handle (none without @xml),
 * or NULL with an error when the connection is not open. */
static EngineCall *
engine_call_new (VireoConnection *connection,
                 const char      *xml,
                 GError         **error)
{
    EngineCall *call = g_new0 (EngineCall, 1);

    if (xml != NULL && !_vireo_handle_refs_take_connection (&call->refs, connection, error)) {
        engine_call_free (call);
        return NULL;
    }
    call->xml = g_strdup (xml);
    return call;
}

static void create_next_volume (GTask *task);

/* Removes what was made, then fails the task with @error. */
static void
fail (GTask *task, GError *error)
{
    RunData *data = g_task_get_task_data (task);
    VireoStorage *storage = vireo_connection_get_storage (data->connection);

    if (data->domain) {
        virDomainPtr handle = vireo_domain_get_handle (data->domain);
        g_autoptr(GError) ignored = NULL;
        if (handle && virDomainIsActive (handle) == 1)
            virDomainDestroy (handle);
        if (data->restore_xml) {
            /* A VM defined before the install began keeps its definition. */
            g_autoptr(VireoVirtDomain) again = handle
                ? virDomainDefineXML (virDomainGetConnect (handle), data->restore_xml) : NULL;
            if (again == NULL)
                g_debug ("The definition of %s could not be restored", data->name);
        } else if (!data->transient) {
            vireo_domain_delete (data->domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL, &ignored);
        }
    }
    for (guint i = 0; storage && i < data->created->len; i++) {
        g_autoptr(GError) ignored = NULL;
        vireo_storage_delete_volume (storage, data->created->pdata[i], &ignored);
    }
    g_task_return_error (task, error);
    g_object_unref (task);
}

/* Worker thread: the lasting configuration and autostart. */
static gboolean
finish_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    EngineCall *call = user_data;

    if (call->xml && !call->transient) {
        g_autoptr(VireoVirtDomain) redefined =
            virDomainDefineXML (virDomainGetConnect (call->refs.dom), call->xml);
        if (redefined == NULL) {
            vireo_vmm_set_error_from_libvirt (error, _("The VM's lasting configuration could "
                                                       "not be saved"));
            return FALSE;
        }
    }
    if (call->autostart && !call->transient && virDomainSetAutostart (call->refs.dom, 1) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The VM could not be set to start with "
                                                   "the host"));
        return FALSE;
    }
    return TRUE;
}

static const VireoWorkerOps finish_ops = {
    .run = finish_run,
    .free_data = engine_call_free,
};

static void
finish_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    RunData *data = g_task_get_task_data (task);
    GError *error = NULL;

    if (vireo_worker_finish (source, result, vireo_install_engine_run_async, &error) == NULL) {
        fail (task, error);
        return;
    }
    if (data->install_files)
        g_object_set_qdata_full (G_OBJECT (data->domain), install_files_quark (),
                                 g_strdupv (data->install_files), (GDestroyNotify) g_strfreev);
    g_task_return_pointer (task, g_object_ref (data->domain), g_object_unref);
    g_object_unref (task);
}

static void
started (GTask *task)
{
    RunData *data = g_task_get_task_data (task);
    EngineCall *call = g_new0 (EngineCall, 1);

    _vireo_handle_refs_take_domain (&call->refs, data->domain);
    call->xml = g_strdup (data->final_xml);
    call->autostart = data->autostart;
    call->transient = data->transient;
    vireo_worker_run_async (data->connection, vireo_install_engine_run_async, &finish_ops, call,
                            NULL, finish_cb, task);
}

static void
start_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    GError *error = NULL;

    if (!vireo_domain_start_finish (VIREO_DOMAIN (source), result, &error)) {
        fail (task, error);
        return;
    }
    started (task);
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
    if (data->define_only) {
        started (task);
        return;
    }
    vireo_domain_start_async (data->domain, g_task_get_cancellable (task), start_cb, task);
}

/* A transient domain shows up in the connection's list by its lifecycle
 * event; the install goes on once it is there. */
static void
transient_added_cb (VireoConnection *connection, VireoDomain *domain, gpointer user_data)
{
    GTask *task = user_data;
    RunData *data = g_task_get_task_data (task);

    if (data->domain || g_strcmp0 (vireo_domain_get_name (domain), data->name) != 0)
        return;
    data->domain = g_object_ref (domain);
    g_signal_handler_disconnect (connection, data->added_id);
    data->added_id = 0;
    started (task);
}

/* Worker thread: the transient VM of the install phase. */
static gboolean
create_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    EngineCall *call = user_data;
    g_autoptr(VireoVirtDomain) dom = virDomainCreateXML (call->refs.conn, call->xml, 0);

    if (dom == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The VM could not be created"));
        return FALSE;
    }
    return TRUE;
}

static const VireoWorkerOps create_ops = {
    .run = create_run,
    .free_data = engine_call_free,
};

static void
create_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    RunData *data = g_task_get_task_data (task);
    GError *error = NULL;
    VireoDomain *domain;

    /* @task carries an extra reference for this callback. */
    if (vireo_worker_finish (source, result, vireo_install_engine_run_async, &error) == NULL) {
        g_signal_handler_disconnect (data->connection, data->added_id);
        data->added_id = 0;
        fail (task, error);
        g_object_unref (task);
        return;
    }
    domain = vireo_connection_find_domain (data->connection, data->name);
    if (domain && data->domain == NULL)
        transient_added_cb (data->connection, domain, task);
    g_object_unref (task);
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
    if (data->transient) {
        GError *error = NULL;
        EngineCall *call = engine_call_new (data->connection, data->install_xml, &error);

        if (call == NULL) {
            fail (task, error);
            return;
        }
        data->added_id = g_signal_connect (data->connection, "domain-added",
                                           G_CALLBACK (transient_added_cb), task);
        vireo_worker_run_async (data->connection, vireo_install_engine_run_async, &create_ops,
                                call, NULL, create_cb, g_object_ref (task));
        return;
    }
    vireo_connection_define_xml_async (data->connection, data->install_xml,
                                       g_task_get_cancellable (task), define_cb, task);
}

/* ------------------------------------------------------------ second phase */

static void
complete_return (GTask *task, gboolean done)
{
    g_task_return_boolean (task, done);
    g_object_unref (task);
}

static void
second_start_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    CompleteData *data = g_task_get_task_data (task);
    GError *error = NULL;

    if (!vireo_domain_start_finish (VIREO_DOMAIN (source), result, &error)) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    g_set_object (&data->result, VIREO_DOMAIN (source));
    complete_return (task, TRUE);
}

static void
second_added_cb (VireoConnection *connection, VireoDomain *domain, gpointer user_data)
{
    GTask *task = user_data;
    CompleteData *data = g_task_get_task_data (task);

    if (g_strcmp0 (vireo_domain_get_name (domain), data->name) != 0 || data->result)
        return;
    g_set_object (&data->result, domain);
    complete_return (task, TRUE);
}

/* Worker thread: the lasting XML (again, in case the guest's first boot
 * changed the stored one), or a transient VM created from it. */
static gboolean
second_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    EngineCall *call = user_data;
    g_autoptr(VireoVirtDomain) dom = NULL;

    if (call->xml == NULL) {
        remove_install_files (call->install_files);
        return TRUE;
    }
    if (call->transient) {
        if (!call->noreboot)
            dom = virDomainCreateXML (call->refs.conn, call->xml, 0);
    } else {
        dom = virDomainDefineXML (call->refs.conn, call->xml);
    }
    if (dom == NULL && !(call->transient && call->noreboot)) {
        vireo_vmm_set_error_from_libvirt (error, _("The installed VM could not be set up to "
                                                   "boot from its disk"));
        return FALSE;
    }
    remove_install_files (call->install_files);
    return TRUE;
}

static const VireoWorkerOps second_ops = {
    .run = second_run,
    .free_data = engine_call_free,
};

static void
second_thread_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    CompleteData *data = g_task_get_task_data (task);
    GError *error = NULL;

    if (vireo_worker_finish (source, result, vireo_install_engine_complete_async,
                             &error) == NULL) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    if (data->transient) {
        VireoDomain *domain;
        if (data->noreboot) {
            complete_return (task, TRUE);
            return;
        }
        domain = vireo_connection_find_domain (data->connection, data->name);
        if (domain)
            second_added_cb (data->connection, domain, task);
        return;
    }
    g_set_object (&data->result, data->domain);
    if (data->noreboot) {
        complete_return (task, TRUE);
        return;
    }
    vireo_domain_start_async (data->domain, NULL, second_start_cb, task);
}

static void
install_ended (GTask *task)
{
    CompleteData *data = g_task_get_task_data (task);
    GError *error = NULL;
    EngineCall *call;

    if (data->stopped)
        return;
    data->stopped = TRUE;
    if (data->timeout) {
        g_source_destroy (data->timeout);
        g_clear_pointer (&data->timeout, g_source_unref);
    }
    g_signal_handler_disconnect (data->domain, data->state_id);
    data->state_id = 0;
    if (data->transient && !data->noreboot)
        data->added_id = g_signal_connect (data->connection, "domain-added",
                                           G_CALLBACK (second_added_cb), task);
    call = engine_call_new (data->connection, data->final_xml, &error);
    if (call == NULL) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    call->install_files = g_strdupv (data->install_files);
    call->transient = data->transient;
    call->noreboot = data->noreboot;
    vireo_worker_run_async (data->connection, vireo_install_engine_complete_async, &second_ops,
                            call, NULL, second_thread_cb, task);
}

static gboolean
is_down (VireoDomain *domain)
{
    VireoDomainState state = vireo_domain_get_state (domain);

    return state == VIREO_DOMAIN_STATE_SHUTOFF || state == VIREO_DOMAIN_STATE_CRASHED;
}

/* The install VM did not shut down: its QEMU process died (libvirt's
 * "failed"), or the guest crashed (on_crash destroy or preserve). */
static gboolean
stopped_unexpectedly (VireoDomain *domain)
{
    int reason = vireo_domain_get_reason (domain);

    switch (vireo_domain_get_state (domain)) {
    case VIREO_DOMAIN_STATE_CRASHED:
        return TRUE;
    case VIREO_DOMAIN_STATE_SHUTOFF:
        return reason == VIR_DOMAIN_SHUTOFF_FAILED || reason == VIR_DOMAIN_SHUTOFF_CRASHED;
    default:
        return FALSE;
    }
}

/* The installation cannot be said to have finished: stop waiting and say
 * so.  The VM and its install files stay as they are, so that starting it
 * again runs the installer again. */
static void
install_broke (GTask *task)
{
    CompleteData *data = g_task_get_task_data (task);
    gboolean died = vireo_domain_get_state (data->domain) == VIREO_DOMAIN_STATE_SHUTOFF &&
                    vireo_domain_get_reason (data->domain) == VIR_DOMAIN_SHUTOFF_FAILED;

    if (data->stopped)
        return;
    data->stopped = TRUE;
    if (data->timeout) {
        g_source_destroy (data->timeout);
        g_clear_pointer (&data->timeout, g_source_unref);
    }
    g_clear_signal_handler (&data->state_id, data->domain);
    if (died)
        g_task_return_new_error (task, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                                 _("The VM “%s” stopped during the installation: its QEMU "
                                   "process ended unexpectedly, and the installation did not "
                                   "finish. Start the VM to run the installer again."),
                                 data->name);
    else
        g_task_return_new_error (task, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                                 _("The VM “%s” stopped during the installation: its guest "
                                   "crashed, and the installation did not finish. Start the VM "
                                   "to run the installer again."), data->name);
    g_object_unref (task);
}

static void
state_changed_cb (VireoDomain *domain, gpointer user_data)
{
    GTask *task = user_data;
    CompleteData *data = g_task_get_task_data (task);

    if (stopped_unexpectedly (domain)) {
        install_broke (task);
        return;
    }
    /* A transient VM is gone only once libvirt has removed it; its name is
     * free for the lasting one then. */
    if (is_down (domain) && !data->transient)
        install_ended (task);
}

static void
removed_cb (VireoConnection *connection, VireoDomain *domain, gpointer user_data)
{
    GTask *task = user_data;
    CompleteData *data = g_task_get_task_data (task);

    if (domain == data->domain)
        install_ended (task);
}

static gboolean
timeout_cb (gpointer user_data)
{
    GTask *task = user_data;
    CompleteData *data = g_task_get_task_data (task);

    g_clear_pointer (&data->timeout, g_source_unref);
    data->stopped = TRUE;
    complete_return (task, FALSE);
    return G_SOURCE_REMOVE;
}

/* -------------------------------------------------------------- public API */

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
    data->name = g_strdup (spec->name);
    data->install_xml = g_strdup (install_xml);
    data->final_xml = g_strdup (final_xml);
    data->volumes = volumes ? g_ptr_array_ref (volumes) : g_ptr_array_new ();
    data->created = g_ptr_array_new_with_free_func (g_free);
    data->autostart = spec->autostart;
    data->transient = spec->transient;
    data->install_files = final_xml ? install_files_from_xml (install_xml) : NULL;
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

void
vireo_install_engine_define_async (VireoConnection        *connection,
                                   const VireoInstallSpec *spec,
                                   const char             *xml,
                                   GPtrArray              *volumes,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
    GTask *task;
    RunData *data;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (spec != NULL && !spec->transient);
    g_return_if_fail (xml != NULL);

    task = g_task_new (connection, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_install_engine_define_async);
    data = g_new0 (RunData, 1);
    data->connection = g_object_ref (connection);
    data->name = g_strdup (spec->name);
    data->install_xml = g_strdup (xml);
    data->volumes = volumes ? g_ptr_array_ref (volumes) : g_ptr_array_new ();
    data->created = g_ptr_array_new_with_free_func (g_free);
    data->autostart = spec->autostart;
    data->define_only = TRUE;
    g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
    create_next_volume (task);
}

VireoDomain *
vireo_install_engine_define_finish (VireoConnection *connection,
                                    GAsyncResult    *result,
                                    GError         **error)
{
    g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
begin_xml_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
    GTask *task = user_data;
    RunData *data = g_task_get_task_data (task);
    GError *error = NULL;
    g_autofree char *edited = vireo_domain_dup_xml_finish (VIREO_DOMAIN (source), result,
                                                           &error);
    g_autofree char *install_xml = g_steal_pointer (&data->install_xml);

    if (edited == NULL) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    if (install_xml != NULL) {
        data->install_xml = vireo_install_customize_install_xml (edited, install_xml, &error);
        if (data->install_xml == NULL) {
            g_task_return_error (task, error);
            g_object_unref (task);
            return;
        }
        data->final_xml = g_strdup (edited);
        data->install_files = install_files_from_xml (data->install_xml);
    } else {
        data->install_xml = g_strdup (edited);
    }
    data->restore_xml = g_steal_pointer (&edited);
    create_next_volume (task);
}

void
vireo_install_engine_begin_async (VireoDomain        *domain,
                                  const char         *install_xml,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
    VireoConnection *connection;
    GTask *task;
    RunData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));
    connection = vireo_domain_get_connection (domain);
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    task = g_task_new (connection, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_install_engine_begin_async);
    data = g_new0 (RunData, 1);
    data->connection = g_object_ref (connection);
    data->name = g_strdup (vireo_domain_get_name (domain));
    data->install_xml = g_strdup (install_xml);
    data->volumes = g_ptr_array_new ();
    data->created = g_ptr_array_new_with_free_func (g_free);
    g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
    /* The definition as the user left it, with what libvirt keeps secret. */
    vireo_domain_dup_xml_async (domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE,
                                cancellable, begin_xml_cb, task);
}

VireoDomain *
vireo_install_engine_begin_finish (VireoDomain  *domain,
                                   GAsyncResult *result,
                                   GError      **error)
{
    g_return_val_if_fail (G_IS_TASK (result), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_install_engine_complete_async (VireoDomain         *domain,
                                     const char          *final_xml,
                                     gboolean             transient,
                                     gboolean             noreboot,
                                     int                  timeout_ms,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
    GTask *task;
    CompleteData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    task = g_task_new (domain, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_install_engine_complete_async);
    data = g_new0 (CompleteData, 1);
    data->domain = g_object_ref (domain);
    data->connection = g_object_ref (vireo_domain_get_connection (domain));
    data->name = g_strdup (vireo_domain_get_name (domain));
    data->final_xml = g_strdup (final_xml);
    data->transient = transient;
    data->noreboot = noreboot;
    data->install_files = g_strdupv (g_object_get_qdata (G_OBJECT (domain),
                                                         install_files_quark ()));
    g_task_set_task_data (task, data, (GDestroyNotify) complete_data_free);

    data->state_id = g_signal_connect (domain, "state-changed", G_CALLBACK (state_changed_cb),
                                       task);
    data->removed_id = g_signal_connect (data->connection, "domain-removed",
                                         G_CALLBACK (removed_cb), task);
    if (timeout_ms >= 0) {
        data->timeout = g_timeout_source_new (timeout_ms);
        g_source_set_callback (data->timeout, timeout_cb, task, NULL);
        g_source_attach (data->timeout, g_main_context_get_thread_default ());
    }
    if (is_down (domain) && !transient)
        install_ended (task);
}

gboolean
vireo_install_engine_complete_finish (VireoDomain   *domain,
                                      GAsyncResult  *result,
                                      gboolean      *done,
                                      VireoDomain  **domain_out,
                                      GError       **error)
{
    CompleteData *data;
    GError *local = NULL;
    gboolean finished;

    g_return_val_if_fail (g_task_is_valid (result, domain), FALSE);

    data = g_task_get_task_data (G_TASK (result));
    finished = g_task_propagate_boolean (G_TASK (result), &local);
    if (local) {
        g_propagate_error (error, local);
        return FALSE;
    }
    if (done)
        *done = finished;
    if (domain_out)
        *domain_out = data->result ? g_object_ref (data->result) : NULL;
    return TRUE;
}

char *
vireo_install_engine_mark_install_files (const char *install_xml,
                                         GPtrArray  *files)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root, *metadata = NULL, *install;
    xmlNs *ns;
    xmlChar *out = NULL;
    int len = 0;
    char *result;

    g_return_val_if_fail (install_xml != NULL, NULL);

    if (files == NULL || files->len == 0)
        return g_strdup (install_xml);
    doc = xmlReadMemory (install_xml, strlen (install_xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL)
        return g_strdup (install_xml);
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST "metadata")) {
            metadata = n;
            break;
        }
    }
    if (metadata == NULL) {
        xmlNode *name = NULL;
        for (xmlNode *n = root->children; n && name == NULL; n = n->next) {
            if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST "uuid"))
                name = n;
        }
        metadata = xmlNewNode (NULL, BAD_CAST "metadata");
        if (name)
            xmlAddNextSibling (name, metadata);
        else
            xmlAddChild (root, metadata);
    }
    install = xmlNewChild (metadata, NULL, BAD_CAST "install", NULL);
    ns = xmlNewNs (install, BAD_CAST INSTALL_NS, BAD_CAST INSTALL_PREFIX);
    xmlSetNs (install, ns);
    for (guint i = 0; i < files->len; i++) {
        xmlNode *file = xmlNewChild (install, ns, BAD_CAST "file", NULL);
        xmlNewProp (file, BAD_CAST "path", BAD_CAST files->pdata[i]);
    }
    xmlDocDumpFormatMemory (doc, &out, &len, 1);
    result = g_strndup ((const char *) out, len);
    xmlFree (out);
    return result;
}
