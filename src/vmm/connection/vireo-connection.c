/* vireo-connection.c: one libvirt connection, its domains and its events
 *
 * Opening runs in a GTask worker: the embedded root is prepared and checked,
 * virConnectOpenAuth() asks for credentials through ::authenticate on the
 * caller's context, keepalive and event callbacks are set up, the host and
 * every domain are read.  The result is merged on the owner context, where
 * the domain list lives.  Events that arrive while opening are held back
 * and replayed once the list is there.
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
#include "vireo-libvirt-private.h"
#include "vireo-network.h"
#include "vireo-stats-sampler.h"
#include "vireo-storage.h"
#include "vireo-trace.h"
#include "vireo-uri.h"
#include "vireo-vmm-enums.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

#define RECONNECT_FIRST_DELAY 2
#define RECONNECT_MAX_DELAY   60
/* A local daemon that is not there refuses at once: it is tried again
 * every few seconds, so that it is back soon after it restarts. */
#define RECONNECT_LOCAL_MAX_DELAY 4
/* virConnectOpenAuth() of a remote host that accepted the connection and
 * never answers waits for ever (libvirt's keepalive starts only once it is
 * open).  The open fails after the keepalive limit it would have had:
 * 5 s between probes, 3 missed, plus the interval. */
#define OPEN_TIMEOUT_S        20

enum {
    PROP_0,
    PROP_URI,
    PROP_STATE,
    PROP_ERROR_MESSAGE,
    PROP_DISPLAY_NAME,
    PROP_EMBEDDED,
    PROP_RECONNECT,
    N_PROPS
};

enum {
    SIGNAL_DOMAIN_ADDED,
    SIGNAL_DOMAIN_REMOVED,
    SIGNAL_AUTHENTICATE,
    SIGNAL_CLOSED,
    SIGNAL_NETWORK_CHANGED,
    SIGNAL_POOL_CHANGED,
    N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoConnection, vireo_connection, G_TYPE_OBJECT)

static void schedule_reconnect (VireoConnection *self);

/* ------------------------------------------------------------------------ */
/* Helpers */

static gboolean
last_error_is (int code)
{
    virErrorPtr err = virGetLastError ();

    return err != NULL && err->code == code;
}

static void
set_state (VireoConnection     *self,
           VireoConnectionState state,
           const char          *error_message)
{
    g_object_freeze_notify (G_OBJECT (self));
    if (g_strcmp0 (self->error_message, error_message) != 0) {
        g_free (self->error_message);
        self->error_message = g_strdup (error_message);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
    if (self->state != state) {
        self->state = state;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
    g_object_thaw_notify (G_OBJECT (self));
}

typedef struct {
    virConnectPtr          conn;
    VireoConnectionEvents *events;
} TeardownData;

static void
teardown_data_free (gpointer user_data)
{
    TeardownData *data = user_data;

    _vireo_connection_events_free (data->events, data->conn);
    if (data->conn != NULL)
        virConnectClose (data->conn);
    g_free (data);
}

static gboolean
teardown_run (gpointer      user_data,
              GCancellable *cancellable,
              GError      **error)
{
    TeardownData *data = user_data;

    _vireo_connection_events_free (g_steal_pointer (&data->events), data->conn);
    if (data->conn != NULL)
        virConnectClose (g_steal_pointer (&data->conn));
    return TRUE;
}

static const VireoWorkerOps teardown_ops = {
    .run = teardown_run,
    .free_data = teardown_data_free,
};

/* Deregisters callbacks and closes a libvirt handle in a worker (takes
 * both): on a remote link both may wait for the other side. */
static void
teardown_in_thread (virConnectPtr          conn,
                    VireoConnectionEvents *events)
{
    TeardownData *data;

    if (conn == NULL && events == NULL)
        return;
    data = g_new0 (TeardownData, 1);
    data->conn = conn;
    data->events = events;
    vireo_worker_run_async (NULL, teardown_in_thread, &teardown_ops, data, NULL, NULL, NULL);
}

static void
teardown_handle (VireoConnection *self)
{
    virConnectPtr handle;

    g_mutex_lock (&self->handle_lock);
    handle = g_steal_pointer (&self->handle);
    g_mutex_unlock (&self->handle_lock);
    teardown_in_thread (handle, g_steal_pointer (&self->events));
}



static void
remove_all_domains (VireoConnection *self)
{
    g_autoptr(GPtrArray) domains = vireo_connection_list_domains (self);

    for (guint i = 0; i < domains->len; i++)
        _vireo_connection_remove_domain (self, g_ptr_array_index (domains, i));
}

static void
clear_buffers (VireoConnection *self)
{
    g_queue_clear_full (self->open_buffer, _vireo_event_message_free);
    g_hash_table_remove_all (self->pending_reads);
}

static void
pending_queue_free (gpointer data)
{
    g_queue_free_full (data, _vireo_event_message_free);
}

static gint
compare_domains_by_name (gconstpointer a,
                         gconstpointer b)
{
    VireoDomain *da = *(VireoDomain * const *) a;
    VireoDomain *db = *(VireoDomain * const *) b;

    return g_strcmp0 (vireo_domain_get_name (da), vireo_domain_get_name (db));
}

static gboolean
is_all_digits (const char *s)
{
    if (*s == '\0')
        return FALSE;
    for (; *s != '\0'; s++) {
        if (!g_ascii_isdigit (*s))
            return FALSE;
    }
    return TRUE;
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
    teardown_in_thread (g_steal_pointer (&data->conn), g_steal_pointer (&data->events));
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

    g_signal_emit (emit->self, signals[SIGNAL_AUTHENTICATE], 0, emit->request, &handled);
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
    data->conn = virConnectOpenAuth (data->uri, &auth, 0);
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
    self->reconnect_delay = RECONNECT_FIRST_DELAY;
    set_state (self, VIREO_CONNECTION_STATE_ACTIVE, NULL);
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
    clear_buffers (self);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED, NULL);
    else
        set_state (self, VIREO_CONNECTION_STATE_FAILED, error->message);
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
    clear_buffers (self);
    error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "Could not connect to “%s”: the host accepted the "
                                      "connection but did not answer within %d second.",
                                      "Could not connect to “%s”: the host accepted the "
                                      "connection but did not answer within %d seconds.",
                                      OPEN_TIMEOUT_S),
                         self->uri, OPEN_TIMEOUT_S);
    set_state (self, VIREO_CONNECTION_STATE_FAILED, error->message);
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
/* Define */

typedef struct {
    VireoHandleRefs  refs;
    char            *xml;
    VireoDomainInfo *info;      /* read back after defining */
    VireoDomain     *domain;    /* the result: a new reference */
} DefineData;

static void
define_data_free (gpointer user_data)
{
    DefineData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_free (data->xml);
    _vireo_domain_info_free (data->info);
    g_clear_object (&data->domain);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DefineData, define_data_free)

static gboolean
define_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    DefineData *data = user_data;
    g_autoptr(VireoVirtDomain) dom = NULL;

    dom = virDomainDefineXMLFlags (data->refs.conn, data->xml, VIR_DOMAIN_DEFINE_VALIDATE);
    if (dom == NULL) {
        virErrorPtr err = virGetLastError ();

        /* Drivers that do not know the flag refuse it before looking at the XML. */
        if (err != NULL && (err->code == VIR_ERR_NO_SUPPORT ||
                            (err->code == VIR_ERR_INVALID_ARG && err->message != NULL &&
                             strstr (err->message, "flags") != NULL)))
            dom = virDomainDefineXML (data->refs.conn, data->xml);
    }
    if (dom == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not create the virtual machine"));
        return FALSE;
    }
    data->info = _vireo_domain_info_read (dom);
    if (data->info == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The new virtual machine could not be read "
                                                   "back"));
        return FALSE;
    }
    return TRUE;
}

static GError *
define_stale (gpointer owner,
              gpointer user_data)
{
    return g_error_new_literal (VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                                _("The connection was closed while the virtual machine was "
                                  "created."));
}

static gboolean
define_apply (gpointer  owner,
              gpointer  user_data,
              GError  **error)
{
    VireoConnection *self = VIREO_CONNECTION (owner);
    DefineData *data = user_data;

    if (self->state != VIREO_CONNECTION_STATE_ACTIVE) {
        g_propagate_error (error, define_stale (owner, user_data));
        return FALSE;
    }
    data->domain = g_object_ref (_vireo_connection_merge_domain (self, data->info));
    return TRUE;
}

static const VireoWorkerOps define_ops = {
    .run = define_run,
    .apply = define_apply,
    .free_data = define_data_free,
    .generation = _vireo_connection_get_generation,
    .stale = define_stale,
};

/* A new DefineData for @xml, or NULL with an error when the connection is
 * not open. */
static DefineData *
define_data_new (VireoConnection *self,
                 const char      *xml,
                 GError         **error)
{
    g_autoptr(DefineData) data = g_new0 (DefineData, 1);

    if (!_vireo_handle_refs_take_connection (&data->refs, self, error))
        return NULL;
    data->xml = g_strdup (xml);
    return g_steal_pointer (&data);
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
                                 vireo_uri_is_local (self->uri) ? RECONNECT_LOCAL_MAX_DELAY
                                                                : RECONNECT_MAX_DELAY);
    schedule_reconnect (self);
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

static void
schedule_reconnect (VireoConnection *self)
{
    g_autoptr(GSource) source = NULL;

    if (!self->reconnect || self->reconnect_source != 0)
        return;
    if (self->reconnect_delay == 0)
        self->reconnect_delay = RECONNECT_FIRST_DELAY;
    source = g_timeout_source_new_seconds (self->reconnect_delay);
    g_source_set_callback (source, reconnect_cb, self, NULL);
    g_source_set_static_name (source, "[vireo] reconnect");
    self->reconnect_source = g_source_attach (source, self->context);
}

static void
cancel_reconnect (VireoConnection *self)
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
/* GObject */

static void
vireo_connection_dispose (GObject *object)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    cancel_reconnect (self);
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->sampler != NULL)
        vireo_stats_sampler_stop (self->sampler);
    teardown_handle (self);
    if (self->domains != NULL)
        g_hash_table_remove_all (self->domains);
    if (self->open_buffer != NULL)
        clear_buffers (self);
    g_clear_object (&self->sampler);
    g_clear_object (&self->storage);
    g_clear_object (&self->network);

    G_OBJECT_CLASS (vireo_connection_parent_class)->dispose (object);
}

static void
vireo_connection_finalize (GObject *object)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    g_free (self->uri);
    g_free (self->embed_root);
    g_free (self->error_message);
    g_free (self->title);
    g_hash_table_unref (self->domains);
    g_hash_table_unref (self->pending_reads);
    g_queue_free (self->open_buffer);
    g_main_context_unref (self->context);
    g_mutex_clear (&self->handle_lock);

    G_OBJECT_CLASS (vireo_connection_parent_class)->finalize (object);
}

static void
vireo_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
    case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
    case PROP_ERROR_MESSAGE:
        g_value_set_string (value, self->error_message);
        break;
    case PROP_DISPLAY_NAME:
        g_value_take_string (value, vireo_connection_dup_display_name (self));
        break;
    case PROP_EMBEDDED:
        g_value_set_boolean (value, self->embed_root != NULL);
        break;
    case PROP_RECONNECT:
        g_value_set_boolean (value, self->reconnect);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        g_free (self->uri);
        self->uri = g_value_dup_string (value);
        g_clear_pointer (&self->embed_root, g_free);
        if (self->uri != NULL && !vireo_embed_uri_get_root (self->uri, &self->embed_root))
            g_clear_pointer (&self->embed_root, g_free);
        break;
    case PROP_RECONNECT:
        vireo_connection_set_reconnect (self, g_value_get_boolean (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_class_init (VireoConnectionClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

    object_class->dispose = vireo_connection_dispose;
    object_class->finalize = vireo_connection_finalize;
    object_class->get_property = vireo_connection_get_property;
    object_class->set_property = vireo_connection_set_property;

    properties[PROP_URI] =
        g_param_spec_string ("uri", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_STATE] =
        g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_CONNECTION_STATE,
                           VIREO_CONNECTION_STATE_DISCONNECTED, ro);
    properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
    properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
    properties[PROP_EMBEDDED] = g_param_spec_boolean ("embedded", NULL, NULL, FALSE, ro);
    properties[PROP_RECONNECT] =
        g_param_spec_boolean ("reconnect", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_DOMAIN_ADDED] =
        g_signal_new ("domain-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_DOMAIN);
    signals[SIGNAL_DOMAIN_REMOVED] =
        g_signal_new ("domain-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_DOMAIN);
    signals[SIGNAL_AUTHENTICATE] =
        g_signal_new ("authenticate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      g_signal_accumulator_true_handled, NULL, NULL,
                      G_TYPE_BOOLEAN, 1, VIREO_TYPE_AUTH_REQUEST);
    signals[SIGNAL_CLOSED] =
        g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
    signals[SIGNAL_NETWORK_CHANGED] =
        g_signal_new ("network-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    signals[SIGNAL_POOL_CHANGED] =
        g_signal_new ("pool-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vireo_connection_init (VireoConnection *self)
{
    g_mutex_init (&self->handle_lock);
    self->context = g_main_context_ref_thread_default ();
    self->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    self->pending_reads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 pending_queue_free);
    self->open_buffer = g_queue_new ();
    self->state = VIREO_CONNECTION_STATE_DISCONNECTED;
    self->reconnect_delay = RECONNECT_FIRST_DELAY;
}

/* ------------------------------------------------------------------------ */
/* Private API (owner context) */

virConnectPtr
_vireo_connection_ref_handle (VireoConnection *self,
                              GError         **error)
{
    virConnectPtr handle;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    g_mutex_lock (&self->handle_lock);
    handle = self->handle;
    if (handle != NULL)
        virConnectRef (handle);
    g_mutex_unlock (&self->handle_lock);
    if (handle == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                     _("The connection to “%s” is not open."), self->uri);
    return handle;
}

gboolean
_vireo_handle_refs_take_connection (VireoHandleRefs *refs,
                                    VireoConnection *connection,
                                    GError         **error)
{
    g_return_val_if_fail (refs != NULL && refs->conn == NULL, FALSE);

    refs->conn = _vireo_connection_ref_handle (connection, error);
    return refs->conn != NULL;
}

void
_vireo_handle_refs_take_domain (VireoHandleRefs *refs,
                                VireoDomain     *domain)
{
    g_return_if_fail (refs != NULL && refs->dom == NULL);

    refs->dom = _vireo_domain_ref_handle (domain);
    refs->name = g_strdup (vireo_domain_get_name (domain));
}

void
_vireo_handle_refs_clear (VireoHandleRefs *refs)
{
    if (refs->conn != NULL)
        virConnectClose (g_steal_pointer (&refs->conn));
    if (refs->dom != NULL)
        virDomainFree (g_steal_pointer (&refs->dom));
    g_clear_pointer (&refs->name, g_free);
}

guint
_vireo_connection_get_generation (gpointer connection)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), 0);

    return VIREO_CONNECTION (connection)->generation;
}

GMainContext *
_vireo_connection_get_context (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->context;
}

VireoDomain *
_vireo_connection_lookup_uuid (VireoConnection *self,
                               const char      *uuid)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (uuid != NULL, NULL);

    return g_hash_table_lookup (self->domains, uuid);
}

VireoDomain *
_vireo_connection_merge_domain (VireoConnection *self,
                                VireoDomainInfo *info)
{
    VireoDomain *domain;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (info != NULL, NULL);

    domain = g_hash_table_lookup (self->domains, info->uuid);
    if (domain != NULL) {
        _vireo_domain_update (domain, info);
        return domain;
    }
    domain = _vireo_domain_new (self, info);
    g_hash_table_insert (self->domains, g_strdup (info->uuid), domain);
    /* At open, the whole list's metadata is read once the list is in. */
    if (self->state == VIREO_CONNECTION_STATE_ACTIVE) {
        g_autoptr(GPtrArray) one = g_ptr_array_new ();

        g_ptr_array_add (one, domain);
        _vireo_connection_read_metadata (self, one);
    }
    g_signal_emit (self, signals[SIGNAL_DOMAIN_ADDED], 0, domain);
    return domain;
}

void
_vireo_connection_remove_domain (VireoConnection *self,
                                 VireoDomain     *domain)
{
    g_autoptr(VireoDomain) keep = NULL;
    const char *uuid;

    g_return_if_fail (VIREO_IS_CONNECTION (self));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    uuid = vireo_domain_get_uuid (domain);
    if (g_hash_table_lookup (self->domains, uuid) != domain)
        return;
    keep = g_object_ref (domain);
    g_hash_table_remove (self->domains, uuid);
    g_signal_emit (self, signals[SIGNAL_DOMAIN_REMOVED], 0, domain);
}

void
_vireo_connection_handle_closed (VireoConnection *self,
                                 int              reason)
{
    g_autofree char *message = NULL;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    if (self->state != VIREO_CONNECTION_STATE_ACTIVE)
        return;

    self->generation++;
    if (self->sampler != NULL)
        vireo_stats_sampler_stop (self->sampler);
    teardown_handle (self);
    clear_buffers (self);

    switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_CLIENT:
        break;
    case VIR_CONNECT_CLOSE_REASON_EOF:
        message = g_strdup_printf (_("The connection to “%s” was closed by the other side."),
                                   self->uri);
        break;
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
        message = g_strdup_printf (_("The connection to “%s” stopped answering."), self->uri);
        break;
    case VIR_CONNECT_CLOSE_REASON_ERROR:
    default:
        message = g_strdup_printf (_("The connection to “%s” was lost."), self->uri);
        break;
    }
    /* The state first: a domain removed now went with the link, it was not
     * deleted (a VM window stays for when it comes back). */
    set_state (self, message != NULL ? VIREO_CONNECTION_STATE_FAILED
                                     : VIREO_CONNECTION_STATE_DISCONNECTED, message);
    remove_all_domains (self);
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0, reason);
    if (reason != VIR_CONNECT_CLOSE_REASON_CLIENT)
        schedule_reconnect (self);
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoConnection *
vireo_connection_new (const char *uri)
{
    g_return_val_if_fail (uri != NULL, NULL);

    return g_object_new (VIREO_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *
vireo_connection_get_uri (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->uri;
}

char *
vireo_connection_dup_display_name (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    if (self->title != NULL)
        return g_strdup (self->title);
    return vireo_uri_dup_display_name (self->uri);
}

void
_vireo_connection_emit_host_changed (VireoConnection *self,
                                     gboolean         pool,
                                     const char      *name)
{
    g_assert (VIREO_IS_CONNECTION (self));

    g_signal_emit (self, signals[pool ? SIGNAL_POOL_CHANGED : SIGNAL_NETWORK_CHANGED], 0,
                   name);
}

void
vireo_connection_set_display_name (VireoConnection *self,
                                   const char      *name)
{
    g_autofree char *stripped = NULL;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    stripped = name != NULL ? g_strstrip (g_strdup (name)) : NULL;
    if (stripped != NULL && *stripped == '\0')
        g_clear_pointer (&stripped, g_free);
    if (g_strcmp0 (stripped, self->title) == 0)
        return;
    g_free (self->title);
    self->title = g_steal_pointer (&stripped);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

VireoConnectionState
vireo_connection_get_state (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), VIREO_CONNECTION_STATE_DISCONNECTED);

    return self->state;
}

const char *
vireo_connection_get_error_message (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->error_message;
}

gboolean
vireo_connection_is_embedded (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);

    return self->embed_root != NULL;
}

void
vireo_connection_set_reconnect (VireoConnection *self,
                                gboolean         reconnect)
{
    g_return_if_fail (VIREO_IS_CONNECTION (self));

    reconnect = !!reconnect;
    if (self->reconnect == reconnect)
        return;
    self->reconnect = reconnect;
    if (!reconnect)
        cancel_reconnect (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT]);
}

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

    cancel_reconnect (self);
    self->generation++;
    clear_buffers (self);
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

    set_state (self, VIREO_CONNECTION_STATE_CONNECTING, NULL);
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

void
vireo_connection_close (VireoConnection *self)
{
    g_return_if_fail (VIREO_IS_CONNECTION (self));

    cancel_reconnect (self);
    if (self->state == VIREO_CONNECTION_STATE_DISCONNECTED && self->handle == NULL)
        return;

    self->generation++;
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->sampler != NULL)
        vireo_stats_sampler_stop (self->sampler);
    teardown_handle (self);
    clear_buffers (self);
    remove_all_domains (self);
    set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED, NULL);
}

GPtrArray *
vireo_connection_list_domains (VireoConnection *self)
{
    GPtrArray *domains;
    GHashTableIter iter;
    gpointer value;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    domains = g_ptr_array_new_full (g_hash_table_size (self->domains), g_object_unref);
    g_hash_table_iter_init (&iter, self->domains);
    while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (domains, g_object_ref (value));
    g_ptr_array_sort (domains, compare_domains_by_name);
    return domains;
}

VireoDomain *
vireo_connection_find_domain (VireoConnection *self,
                              const char      *name_uuid_or_id)
{
    GHashTableIter iter;
    gpointer value;
    VireoDomain *found;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (name_uuid_or_id != NULL, NULL);

    found = g_hash_table_lookup (self->domains, name_uuid_or_id);
    if (found != NULL)
        return found;
    g_hash_table_iter_init (&iter, self->domains);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        if (g_strcmp0 (vireo_domain_get_name (value), name_uuid_or_id) == 0 ||
            g_ascii_strcasecmp (vireo_domain_get_uuid (value), name_uuid_or_id) == 0)
            return value;
    }
    if (is_all_digits (name_uuid_or_id)) {
        gint64 id = g_ascii_strtoll (name_uuid_or_id, NULL, 10);

        g_hash_table_iter_init (&iter, self->domains);
        while (g_hash_table_iter_next (&iter, NULL, &value)) {
            if (vireo_domain_get_id (value) >= 0 && vireo_domain_get_id (value) == id)
                return value;
        }
    }
    return NULL;
}

void
vireo_connection_define_xml_async (VireoConnection    *self,
                                   const char         *xml,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
    GError *error = NULL;
    DefineData *data;

    g_return_if_fail (VIREO_IS_CONNECTION (self));
    g_return_if_fail (xml != NULL);

    data = define_data_new (self, xml, &error);
    if (data == NULL) {
        g_task_report_error (self, callback, user_data, vireo_connection_define_xml_async, error);
        return;
    }
    /* The domain is listed even if the caller has cancelled meanwhile. */
    vireo_worker_run_async (self, vireo_connection_define_xml_async, &define_ops, data,
                            cancellable, callback, user_data);
}

VireoDomain *
vireo_connection_define_xml_finish (VireoConnection *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
    DefineData *data;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    data = vireo_worker_finish (self, result, vireo_connection_define_xml_async, error);
    return data != NULL ? g_steal_pointer (&data->domain) : NULL;
}

VireoDomain *
vireo_connection_define_xml (VireoConnection *self,
                             const char      *xml,
                             GError         **error)
{
    g_autoptr(DefineData) data = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (xml != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    data = define_data_new (self, xml, error);
    if (data == NULL || !vireo_worker_run (self, &define_ops, data, NULL, error))
        return NULL;
    return g_steal_pointer (&data->domain);
}

guint
vireo_connection_get_host_cpus (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);

    return self->host_cpus;
}

guint64
vireo_connection_get_host_memory_kib (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);

    return self->host_memory_kib;
}

VireoStatsSampler *
vireo_connection_get_stats_sampler (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->sampler;
}

VireoStorage *
vireo_connection_get_storage (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->storage;
}

VireoNetwork *
vireo_connection_get_network (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->network;
}

void
vireo_connection_set_storage (VireoConnection *self,
                              VireoStorage    *storage)
{
    g_return_if_fail (VIREO_IS_CONNECTION (self));
    g_return_if_fail (storage == NULL || VIREO_IS_STORAGE (storage));

    g_set_object (&self->storage, storage);
}

gpointer
vireo_connection_get_handle (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->state == VIREO_CONNECTION_STATE_ACTIVE ? self->handle : NULL;
}
