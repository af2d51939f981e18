/* vireo-connection-open.c: opening a connection, and opening it again
 *
 * Opening runs in a GTask worker: the embedded root is prepared and checked,
 * virConnectOpenAuth() asks for credentials through ::authenticate on the
 * caller's context, keepalive and event callbacks are set up, the host and
 * every domain are read.  The result is merged on the owner context, where
 * the domain list lives.  Events that arrive while opening are held back
 * and replayed once the list is there.  A connection that was lost (not closed
 * by the user) is opened again after a delay that doubles at each failure,
 * when its reconnect property is set.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <libxml/uri.h>

#include "vireo-auth-request.h"
#include "vireo-connection-private.h"
#include "vireo-embed.h"
#include "vireo-event-loop.h"
#include "vireo-network.h"
#include "vireo-stats-sampler.h"
#include "vireo-storage.h"
#include "vireo-trace.h"
#include "vireo-uri.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

/* virConnectOpenAuth() of a remote host that accepted the connection and
 * never answers waits for ever (libvirt's keepalive starts only once it is
 * open).  The open fails after the keepalive limit it would have had:
 * 5 s between probes, 3 missed, plus the interval. */
#define OPEN_TIMEOUT_S        20

static gboolean
last_error_is (int code)
{
    virErrorPtr err = virGetLastError ();

    return err != NULL && err->code == code;
}

/* ------------------------------------------------------------------------ */
/* Open */

typedef struct {
    VireoConnection *self;          /* borrowed: the task holds a reference */
    char            *uri;
    char            *embed_root;
    GMainContext    *auth_context;  /* where ::authenticate is emitted */
    GCancellable    *cancellable;   /* cancelled by close or by the caller */
    GCancellable    *caller_cancellable;
    gulong           caller_handler;
    guint            generation;
    gint             auth_pending;  /* atomic: a credential prompt is open */

    /* results */
    virConnectPtr    conn;
    VireoConnectionEvents *events;
    GPtrArray       *infos;         /* VireoDomainInfo* */
    guint            host_cpus;
    guint64          host_memory_kib;
} OpenData;

static void
open_data_free (gpointer user_data)
{
    OpenData *data = user_data;

    g_free (data->uri);
    g_free (data->embed_root);
    g_main_context_unref (data->auth_context);
    g_clear_object (&data->cancellable);
    if (data->caller_cancellable != NULL)
        g_cancellable_disconnect (data->caller_cancellable, data->caller_handler);
    g_clear_object (&data->caller_cancellable);
    _vireo_connection_teardown_in_thread (g_steal_pointer (&data->conn),
                                          g_steal_pointer (&data->events));
    g_clear_pointer (&data->infos, g_ptr_array_unref);
    g_free (data);
}

typedef struct {
    VireoConnection  *self;
    VireoAuthRequest *request;
} AuthEmit;

static void
auth_emit_free (gpointer data)
{
    AuthEmit *emit = data;

    g_object_unref (emit->self);
    g_object_unref (emit->request);
    g_free (emit);
}

static gboolean
auth_emit_cb (gpointer data)
{
    AuthEmit *emit = data;
    gboolean handled = FALSE;

    handled = _vireo_connection_emit_authenticate (emit->self, emit->request);
    if (!handled)
        vireo_auth_request_complete (emit->request, FALSE);
    return G_SOURCE_REMOVE;
}

/* libvirt's auth callback, in the open worker. */
static int
auth_cb (virConnectCredentialPtr cred,
         unsigned int            ncred,
         void                   *cbdata)
{
    OpenData *data = cbdata;
    g_autoptr(VireoAuthRequest) request = _vireo_auth_request_new (data->uri, cred, ncred);
    g_autoptr(GSource) source = g_idle_source_new ();
    AuthEmit *emit = g_new0 (AuthEmit, 1);

    emit->self = g_object_ref (data->self);
    emit->request = g_object_ref (request);
    g_source_set_callback (source, auth_emit_cb, emit, auth_emit_free);
    g_source_set_static_name (source, "[vireo] authenticate");
    g_source_attach (source, data->auth_context);

    g_atomic_int_inc (&data->auth_pending);
    if (!_vireo_auth_request_wait (request, data->cancellable)) {
        g_atomic_int_dec_and_test (&data->auth_pending);
        return -1;
    }
    g_atomic_int_dec_and_test (&data->auth_pending);
    _vireo_auth_request_copy_results (request, cred);
    return 0;
}

static int auth_cred_types[] = {
    VIR_CRED_AUTHNAME,
    VIR_CRED_PASSPHRASE,
    VIR_CRED_NOECHOPROMPT,
    VIR_CRED_ECHOPROMPT,
    VIR_CRED_REALM,
    VIR_CRED_EXTERNAL,
};

/* The driver part of @scheme ("qemu" of "qemu+ssh") is one of libvirt's. */
static gboolean
scheme_is_known (const char *scheme)
{
    static const char * const drivers[] = {
        "bhyve", "ch", "esx", "gsx", "hyperv", "libxl", "lxc", "openvz", "parallels",
        "phyp", "qemu", "remote", "test", "uml", "vbox", "vmwarefusion", "vmwareplayer",
        "vmwarews", "vpx", "vz", "xen", "xenapi",
    };
    g_autofree char *driver = g_ascii_strdown (scheme, strcspn (scheme, "+"));

    for (gsize i = 0; i < G_N_ELEMENTS (drivers); i++) {
        if (g_str_equal (drivers[i], driver))
            return TRUE;
    }
    return FALSE;
}

/* Sets @error for a failed virConnectOpenAuth (same thread). */
static void
set_open_error (OpenData *data,
                GError  **error)
{
    virErrorPtr err = virGetLastError ();
    xmlURIPtr parsed;

    if (data->embed_root != NULL && err != NULL && err->message != NULL &&
        strstr (err->message, "pid file") != NULL) {
        g_autofree char *holder = vireo_embed_describe_holder (data->embed_root);

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD,
                     _("The virtual machines in %s are in use by %s. Close that program, or "
                       "use it to manage them."),
                     data->embed_root, holder != NULL ? holder : _("another program"));
        return;
    }
    /* libvirt reports a URI it cannot parse as an internal error, and hands
     * one with an unknown scheme to a daemon that is usually not there. */
    parsed = xmlParseURI (data->uri);
    if (parsed == NULL || parsed->scheme == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("“%s” is not a valid connection address"),
                                          data->uri);
        if (error != NULL && *error != NULL)
            (*error)->code = VIREO_VMM_ERROR_INVALID;
    } else if (!scheme_is_known (parsed->scheme)) {
        g_autofree char *driver = g_strndup (parsed->scheme, strcspn (parsed->scheme, "+"));

        vireo_vmm_set_error_from_libvirt (error, _("Could not connect to “%s”: “%s” is not a "
                                                   "hypervisor driver libvirt knows"),
                                          data->uri, driver);
        if (error != NULL && *error != NULL)
            (*error)->code = VIREO_VMM_ERROR_INVALID;
    } else {
        vireo_vmm_set_error_from_libvirt (error, _("Could not connect to “%s”"), data->uri);
    }
    if (parsed != NULL)
        xmlFreeURI (parsed);
}

/* The embedded driver re-attaches to VMs that kept running since the last
 * process in threads of its own, each holding a job on its domain.  A bulk
 * stats call that needs the monitor waits for those jobs, so afterwards
 * every domain's state is settled: listing earlier could show a domain
 * still being re-attached, and acting on one then races with libvirt. */
static void
wait_for_reattach (virConnectPtr conn)
{
    virDomainStatsRecordPtr *records = NULL;

    if (virConnectGetAllDomainStats (conn, VIR_DOMAIN_STATS_BALLOON, &records,
                                     VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE) < 0) {
        g_debug ("Waiting for re-attached domains failed: %s", virGetLastErrorMessage ());
        virResetLastError ();
        return;
    }
    virDomainStatsRecordListFree (records);
}

/* Whether @data's URI is served by a driver inside this process rather than
 * a daemon: the embedded QEMU driver, or the test driver reached without a
 * transport ("test:///default", not "test+tcp://host/default"). */
static gboolean
driver_in_process (OpenData *data)
{
    return data->embed_root != NULL || g_str_has_prefix (data->uri, "test:");
}

static gboolean
open_run (gpointer      user_data,
          GCancellable *cancellable,
          GError      **error)
{
    OpenData *data = user_data;
    g_autofree char *open_uri = NULL;
    virConnectAuth auth = {
        .credtype = auth_cred_types,
        .ncredtype = G_N_ELEMENTS (auth_cred_types),
        .cb = auth_cb,
        .cbdata = data,
    };
    virNodeInfo node;

    if (!vireo_event_loop_ensure (error))
        return FALSE;
    if (data->embed_root != NULL) {
        if (!vireo_embed_check_host (error) ||
            !vireo_embed_prepare_root (data->embed_root, error) ||
            !vireo_embed_check_free (data->embed_root, error))
            return FALSE;
    }

    vireo_trace_mark ("open: virConnectOpenAuth");
    /* qemu:///system next to the embedded driver: through its socket. */
    open_uri = vireo_uri_for_open (data->uri, NULL);
    data->conn = virConnectOpenAuth (open_uri, &auth, 0);
    vireo_trace_mark ("open: connected");
    if (data->conn == NULL) {
        /* A credential prompt cut short by close() or the caller. */
        if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
            return FALSE;
        set_open_error (data, error);
        return FALSE;
    }
    if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
        return FALSE;

    /* Keepalive watches the link to a daemon.  A driver in this process (the
     * embedded one, the test driver) has none and would answer with an error
     * that libvirt writes to its log: not asked. */
    if (!driver_in_process (data) && virConnectSetKeepAlive (data->conn, 5, 3) < 0 &&
        !last_error_is (VIR_ERR_NO_SUPPORT))
        g_debug ("Keepalive not enabled on %s: %s", data->uri, virGetLastErrorMessage ());
    virResetLastError ();

    data->events = _vireo_connection_register_events (data->self, data->generation,
                                                      data->conn, error);
    if (data->events == NULL)
        return FALSE;

    if (virNodeGetInfo (data->conn, &node) == 0) {
        data->host_cpus = node.cpus;
        data->host_memory_kib = node.memory;
    } else {
        g_debug ("No host facts from %s: %s", data->uri, virGetLastErrorMessage ());
        virResetLastError ();
    }

    if (data->embed_root != NULL)
        wait_for_reattach (data->conn);

    data->infos = _vireo_domain_info_read_all (data->conn);
    if (data->infos == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not list the virtual machines of "
                                                   "“%s”"), data->uri);
        return FALSE;
    }
    virResetLastError ();
    vireo_trace_mark ("open: domains read");
    return TRUE;
}

static void
create_helpers (VireoConnection *self)
{
    if (self->storage == NULL) {
        if (self->embed_root != NULL) {
            g_autofree char *images = vireo_embed_images_dir (self->embed_root);

            self->storage = vireo_storage_dir_new (images);
        } else {
            self->storage = vireo_storage_libvirt_new (self);
        }
    }
    if (self->network == NULL) {
        self->network = self->embed_root != NULL ? vireo_network_user_new ()
                                                 : vireo_network_libvirt_new (self);
    }
    if (self->sampler == NULL)
        self->sampler = vireo_stats_sampler_new (self);
}

/* The owner's context, the generation unchanged. */
static gboolean
open_apply (gpointer  owner,
            gpointer  user_data,
            GError  **error)
{
    VireoConnection *self = VIREO_CONNECTION (owner);
    OpenData *data = user_data;

    g_clear_object (&self->cancellable);
    vireo_trace_mark ("open: back on the main context");
    g_mutex_lock (&self->handle_lock);
    self->handle = g_steal_pointer (&data->conn);
    g_mutex_unlock (&self->handle_lock);
    self->events = g_steal_pointer (&data->events);
    self->host_cpus = data->host_cpus;
    self->host_memory_kib = data->host_memory_kib;
    create_helpers (self);
    for (guint i = 0; i < data->infos->len; i++)
        _vireo_connection_merge_domain (self, g_ptr_array_index (data->infos, i));
    self->reconnect_delay = VIREO_CONNECTION_RECONNECT_FIRST_DELAY;
    _vireo_connection_set_state (self, VIREO_CONNECTION_STATE_ACTIVE, NULL);
    /* Titles and descriptions come after the list, from a worker. */
    if (self->state == VIREO_CONNECTION_STATE_ACTIVE)
        _vireo_connection_read_metadata (self, NULL);

    /* Events that arrived meanwhile, in their order. */
    while (self->state == VIREO_CONNECTION_STATE_ACTIVE && !g_queue_is_empty (self->open_buffer)) {
        gpointer msg = g_queue_pop_head (self->open_buffer);

        _vireo_connection_dispatch_event (self, msg);
        _vireo_event_message_free (msg);
    }
    return TRUE;
}

static void
open_failed (gpointer      owner,
             gpointer      user_data,
             const GError *error)
{
    VireoConnection *self = VIREO_CONNECTION (owner);

    g_clear_object (&self->cancellable);
    self->generation++;
    _vireo_connection_clear_buffers (self);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _vireo_connection_set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED, NULL);
    else
        _vireo_connection_set_state (self, VIREO_CONNECTION_STATE_FAILED, error->message);
}

/* Closed (or reopened) while this open ran. */
static GError *
open_stale (gpointer owner,
            gpointer user_data)
{
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                _("The connection was closed while it was being opened."));
}

static const VireoWorkerOps open_ops = {
    .run = open_run,
    .apply = open_apply,
    .failed = open_failed,
    .free_data = open_data_free,
    .generation = _vireo_connection_get_generation,
    .stale = open_stale,
};

/* One open as the caller sees it: answered by the worker, or by the timeout
 * when a remote host never answers (the worker, stuck in libvirt, is then
 * left to finish on its own; its generation is stale by then). */
typedef struct {
    VireoConnection *self;
    GTask           *task;          /* the caller's; NULL once answered */
    OpenData        *data;          /* borrowed: valid until the worker answers */
    GSource         *timeout;
} OpenCall;

static void
open_call_free (OpenCall *call)
{
    if (call->timeout != NULL) {
        g_source_destroy (call->timeout);
        g_source_unref (call->timeout);
    }
    g_clear_object (&call->task);
    g_object_unref (call->self);
    g_free (call);
}

static void
open_worker_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
    OpenCall *call = user_data;
    g_autoptr(GError) error = NULL;

    if (vireo_worker_finish (call->self, result, vireo_connection_open_async, &error) == NULL) {
        if (call->task != NULL)
            g_task_return_error (call->task, g_steal_pointer (&error));
    } else if (call->task != NULL) {
        g_task_return_boolean (call->task, TRUE);
    }
    open_call_free (call);
}

static gboolean
open_timeout_cb (gpointer user_data)
{
    OpenCall *call = user_data;
    VireoConnection *self = call->self;
    g_autoptr(GError) error = NULL;

    /* The user is typing a password: the host did answer. */
    if (g_atomic_int_get (&call->data->auth_pending) > 0)
        return G_SOURCE_CONTINUE;
    g_clear_pointer (&call->timeout, g_source_unref);
    if (self->state != VIREO_CONNECTION_STATE_CONNECTING ||
        self->generation != call->data->generation)
        return G_SOURCE_REMOVE;

    g_cancellable_cancel (call->data->cancellable);
    self->generation++;
    _vireo_connection_clear_buffers (self);
    error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "Could not connect to “%s”: the host accepted the "
                                      "connection but did not answer within %d second.",
                                      "Could not connect to “%s”: the host accepted the "
                                      "connection but did not answer within %d seconds.",
                                      OPEN_TIMEOUT_S),
                         self->uri, OPEN_TIMEOUT_S);
    _vireo_connection_set_state (self, VIREO_CONNECTION_STATE_FAILED, error->message);
    g_task_return_error (call->task, g_steal_pointer (&error));
    g_clear_object (&call->task);
    return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
    g_cancellable_cancel (ours);
}

/* ------------------------------------------------------------------------ */
/* Reconnect */

static void
reconnect_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
    VireoConnection *self = VIREO_CONNECTION (source);
    g_autoptr(GError) error = NULL;

    if (vireo_connection_open_finish (self, result, &error))
        return;
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    g_debug ("Reconnecting to %s failed: %s", self->uri, error->message);
    self->reconnect_delay = MIN (self->reconnect_delay * 2,
                                 vireo_uri_is_local (self->uri)
                                 ? VIREO_CONNECTION_RECONNECT_LOCAL_MAX_DELAY
                                 : VIREO_CONNECTION_RECONNECT_MAX_DELAY);
    _vireo_connection_schedule_reconnect (self);
}

static gboolean
reconnect_cb (gpointer user_data)
{
    VireoConnection *self = VIREO_CONNECTION (user_data);

    self->reconnect_source = 0;
    if (self->reconnect && self->state != VIREO_CONNECTION_STATE_ACTIVE &&
        self->state != VIREO_CONNECTION_STATE_CONNECTING) {
        g_main_context_push_thread_default (self->context);
        vireo_connection_open_async (self, NULL, reconnect_done_cb, NULL);
        g_main_context_pop_thread_default (self->context);
    }
    return G_SOURCE_REMOVE;
}

void
_vireo_connection_schedule_reconnect (VireoConnection *self)
{
    g_autoptr(GSource) source = NULL;

    if (!self->reconnect || self->reconnect_source != 0)
        return;
    if (self->reconnect_delay == 0)
        self->reconnect_delay = VIREO_CONNECTION_RECONNECT_FIRST_DELAY;
    source = g_timeout_source_new_seconds (self->reconnect_delay);
    g_source_set_callback (source, reconnect_cb, self, NULL);
    g_source_set_static_name (source, "[vireo] reconnect");
    self->reconnect_source = g_source_attach (source, self->context);
}

void
_vireo_connection_cancel_reconnect (VireoConnection *self)
{
    if (self->reconnect_source != 0) {
        GSource *source = g_main_context_find_source_by_id (self->context,
                                                            self->reconnect_source);

        if (source != NULL)
            g_source_destroy (source);
        self->reconnect_source = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Public API */

void
vireo_connection_open_async (VireoConnection    *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
    OpenCall *call;
    OpenData *data;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    if (self->state == VIREO_CONNECTION_STATE_ACTIVE) {
        g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

        /* Open already. */
        g_task_set_source_tag (task, vireo_connection_open_async);
        g_task_return_boolean (task, TRUE);
        return;
    }
    if (self->state == VIREO_CONNECTION_STATE_CONNECTING) {
        g_task_report_new_error (self, callback, user_data, vireo_connection_open_async,
                                 VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                                 _("The connection to “%s” is already being opened."),
                                 self->uri);
        return;
    }

    _vireo_connection_cancel_reconnect (self);
    self->generation++;
    _vireo_connection_clear_buffers (self);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();

    data = g_new0 (OpenData, 1);
    if (cancellable != NULL) {
        data->caller_cancellable = g_object_ref (cancellable);
        data->caller_handler =
            g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                   g_object_ref (self->cancellable), g_object_unref);
    }
    data->self = self;
    data->uri = g_strdup (self->uri);
    data->embed_root = g_strdup (self->embed_root);
    data->auth_context = g_main_context_ref_thread_default ();
    data->cancellable = g_object_ref (self->cancellable);
    data->generation = self->generation;

    call = g_new0 (OpenCall, 1);
    call->self = g_object_ref (self);
    call->task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (call->task, vireo_connection_open_async);
    call->data = data;
    if (!vireo_uri_is_local (self->uri)) {
        call->timeout = g_timeout_source_new_seconds (OPEN_TIMEOUT_S);
        g_source_set_callback (call->timeout, open_timeout_cb, call, NULL);
        g_source_set_static_name (call->timeout, "[vireo] open timeout");
        g_source_attach (call->timeout, g_main_context_get_thread_default ());
    }

    _vireo_connection_set_state (self, VIREO_CONNECTION_STATE_CONNECTING, NULL);
    vireo_worker_run_async (self, vireo_connection_open_async, &open_ops, data, cancellable,
                            open_worker_done_cb, call);
}

gboolean
vireo_connection_open_finish (VireoConnection *self,
                              GAsyncResult    *result,
                              GError         **error)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
    g_return_val_if_fail (g_async_result_is_tagged (result, vireo_connection_open_async), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    GAsyncResult **out = user_data;

    *out = g_object_ref (result);
}

gboolean
vireo_connection_open (VireoConnection *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
    g_autoptr(GMainContext) context = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    context = g_main_context_new ();
    g_main_context_push_thread_default (context);
    vireo_connection_open_async (self, cancellable, store_result_cb, &result);
    while (result == NULL)
        g_main_context_iteration (context, TRUE);
    g_main_context_pop_thread_default (context);

    return vireo_connection_open_finish (self, result, error);
}
