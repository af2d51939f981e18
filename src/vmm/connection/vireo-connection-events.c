/* vireo-connection-events.c: libvirt domain events and the close callback
 *
 * libvirt calls the callbacks below on its event-loop thread.  Each one
 * copies what it was given into a VireoEventMessage and posts it, in
 * libvirt's order, to the connection's owner context, where the message is
 * applied to the VireoDomain directly (no re-polling).  The callbacks only
 * hold a weak reference to the connection, and a message from an earlier
 * open (older generation) is dropped, so a closed or finalized connection
 * is never touched.
 *
 * A lifecycle event for a domain the connection does not know yet (defined
 * or started by someone else) makes it read that domain in a worker; later
 * events for it wait in a queue until the read is merged.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

#define MESSAGE_CLOSED  (-1)
#define MESSAGE_NETWORK (-2)   /* a virtual network changed; text: its name */
#define MESSAGE_POOL    (-3)   /* a storage pool changed or was refreshed; text: its name */

/* Shared by every callback registration of one open connection. */
typedef struct {
    GWeakRef      connection;
    GMainContext *context;
    guint         generation;
} EventsCtx;

typedef struct {
    EventsCtx *ctx;
    int        kind;          /* VireoDomainEventKind, or MESSAGE_CLOSED */
    char       uuid[VIR_UUID_STRING_BUFLEN];
    int        id;
    int        detail;
    int        detail2;
    char      *text;
} VireoEventMessage;

static const struct {
    int                  event_id;
    VireoDomainEventKind kind;
    gboolean             required;
} event_ids[] = {
    { VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIREO_DOMAIN_EVENT_LIFECYCLE, TRUE },
    { VIR_DOMAIN_EVENT_ID_REBOOT, VIREO_DOMAIN_EVENT_REBOOT, FALSE },
    { VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, VIREO_DOMAIN_EVENT_DEVICE_ADDED, FALSE },
    { VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, VIREO_DOMAIN_EVENT_DEVICE_REMOVED, FALSE },
    { VIR_DOMAIN_EVENT_ID_WATCHDOG, VIREO_DOMAIN_EVENT_WATCHDOG, FALSE },
    { VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, VIREO_DOMAIN_EVENT_AGENT, FALSE },
    { VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE, VIREO_DOMAIN_EVENT_BALLOON, FALSE },
    { VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, VIREO_DOMAIN_EVENT_METADATA, FALSE },
};

struct _VireoConnectionEvents {
    EventsCtx *ctx;
    int        callback_ids[G_N_ELEMENTS (event_ids)];
    int        network_id;        /* -1: not followed (no network driver) */
    int        pool_ids[2];       /* lifecycle, refresh; -1: not followed */
    gboolean   close_registered;
};

/* ------------------------------------------------------------------------ */
/* Contexts and messages (any thread) */

static void
events_ctx_clear (gpointer data)
{
    EventsCtx *ctx = data;

    g_weak_ref_clear (&ctx->connection);
    g_main_context_unref (ctx->context);
}

static void
events_ctx_unref (void *data)
{
    g_atomic_rc_box_release_full (data, events_ctx_clear);
}

static void
message_clear (gpointer data)
{
    VireoEventMessage *msg = data;

    events_ctx_unref (msg->ctx);
    g_free (msg->text);
}

void
_vireo_event_message_free (gpointer message)
{
    g_atomic_rc_box_release_full (message, message_clear);
}

static VireoEventMessage *
message_new (EventsCtx   *ctx,
             int          kind,
             virDomainPtr dom)
{
    VireoEventMessage *msg = g_atomic_rc_box_new0 (VireoEventMessage);
    unsigned int id;

    msg->ctx = g_atomic_rc_box_acquire (ctx);
    msg->kind = kind;
    msg->id = -1;
    if (dom != NULL) {
        if (virDomainGetUUIDString (dom, msg->uuid) < 0)
            msg->uuid[0] = '\0';
        id = virDomainGetID (dom);
        msg->id = id == (unsigned int) -1 ? -1 : (int) id;
    }
    return msg;
}

static gboolean
message_dispatch_cb (gpointer data)
{
    VireoEventMessage *msg = data;
    g_autoptr(VireoConnection) self = g_weak_ref_get (&msg->ctx->connection);

    if (self == NULL || self->generation != msg->ctx->generation)
        return G_SOURCE_REMOVE;
    if (msg->kind == MESSAGE_CLOSED)
        _vireo_connection_handle_closed (self, msg->detail);
    else if (msg->kind == MESSAGE_NETWORK || msg->kind == MESSAGE_POOL)
        _vireo_connection_emit_host_changed (self, msg->kind == MESSAGE_POOL, msg->text);
    else
        _vireo_connection_dispatch_event (self, msg);
    return G_SOURCE_REMOVE;
}

/* Takes @msg; idle sources of one priority run in the order they were
 * attached, which keeps libvirt's order. */
static void
message_post (VireoEventMessage *msg)
{
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, message_dispatch_cb, msg, _vireo_event_message_free);
    g_source_set_static_name (source, "[vireo] libvirt event");
    g_source_attach (source, msg->ctx->context);
}

/* ------------------------------------------------------------------------ */
/* libvirt callbacks (libvirt's event-loop thread) */

static int
lifecycle_cb (virConnectPtr conn,
              virDomainPtr  dom,
              int           event,
              int           detail,
              void         *opaque)
{
    VireoEventMessage *msg = message_new (opaque, VIREO_DOMAIN_EVENT_LIFECYCLE, dom);

    msg->detail = event;
    msg->detail2 = detail;
    message_post (msg);
    return 0;
}

static void
reboot_cb (virConnectPtr conn,
           virDomainPtr  dom,
           void         *opaque)
{
    message_post (message_new (opaque, VIREO_DOMAIN_EVENT_REBOOT, dom));
}

static void
post_device_event (void                *opaque,
                   VireoDomainEventKind kind,
                   virDomainPtr         dom,
                   const char          *alias)
{
    VireoEventMessage *msg = message_new (opaque, kind, dom);

    msg->text = g_strdup (alias);
    message_post (msg);
}

static void
device_added_cb (virConnectPtr conn,
                 virDomainPtr  dom,
                 const char   *alias,
                 void         *opaque)
{
    post_device_event (opaque, VIREO_DOMAIN_EVENT_DEVICE_ADDED, dom, alias);
}

static void
device_removed_cb (virConnectPtr conn,
                   virDomainPtr  dom,
                   const char   *alias,
                   void         *opaque)
{
    post_device_event (opaque, VIREO_DOMAIN_EVENT_DEVICE_REMOVED, dom, alias);
}

static void
watchdog_cb (virConnectPtr conn,
             virDomainPtr  dom,
             int           action,
             void         *opaque)
{
    VireoEventMessage *msg = message_new (opaque, VIREO_DOMAIN_EVENT_WATCHDOG, dom);

    msg->detail = action;
    message_post (msg);
}

static void
agent_cb (virConnectPtr conn,
          virDomainPtr  dom,
          int           state,
          int           reason,
          void         *opaque)
{
    VireoEventMessage *msg = message_new (opaque, VIREO_DOMAIN_EVENT_AGENT, dom);

    msg->detail = state;
    msg->detail2 = reason;
    message_post (msg);
}

static void
balloon_cb (virConnectPtr      conn,
            virDomainPtr       dom,
            unsigned long long actual,
            void              *opaque)
{
    VireoEventMessage *msg = message_new (opaque, VIREO_DOMAIN_EVENT_BALLOON, dom);

    msg->detail = (int) MIN (actual, (unsigned long long) G_MAXINT);
    message_post (msg);
}

static void
metadata_cb (virConnectPtr conn,
             virDomainPtr  dom,
             int           type,
             const char   *nsuri,
             void         *opaque)
{
    VireoEventMessage *msg = message_new (opaque, VIREO_DOMAIN_EVENT_METADATA, dom);

    msg->detail = type;
    msg->text = g_strdup (nsuri);
    message_post (msg);
}

static void
close_cb (virConnectPtr conn,
          int           reason,
          void         *opaque)
{
    VireoEventMessage *msg = message_new (opaque, MESSAGE_CLOSED, NULL);

    msg->detail = reason;
    message_post (msg);
}

static virConnectDomainEventGenericCallback
callback_for_kind (VireoDomainEventKind kind)
{
    switch (kind) {
    case VIREO_DOMAIN_EVENT_LIFECYCLE:
        return VIR_DOMAIN_EVENT_CALLBACK (lifecycle_cb);
    case VIREO_DOMAIN_EVENT_REBOOT:
        return VIR_DOMAIN_EVENT_CALLBACK (reboot_cb);
    case VIREO_DOMAIN_EVENT_DEVICE_ADDED:
        return VIR_DOMAIN_EVENT_CALLBACK (device_added_cb);
    case VIREO_DOMAIN_EVENT_DEVICE_REMOVED:
        return VIR_DOMAIN_EVENT_CALLBACK (device_removed_cb);
    case VIREO_DOMAIN_EVENT_WATCHDOG:
        return VIR_DOMAIN_EVENT_CALLBACK (watchdog_cb);
    case VIREO_DOMAIN_EVENT_AGENT:
        return VIR_DOMAIN_EVENT_CALLBACK (agent_cb);
    case VIREO_DOMAIN_EVENT_BALLOON:
        return VIR_DOMAIN_EVENT_CALLBACK (balloon_cb);
    case VIREO_DOMAIN_EVENT_METADATA:
        return VIR_DOMAIN_EVENT_CALLBACK (metadata_cb);
    default:
        g_assert_not_reached ();
    }
}

/* Networks and pools: the host window's lists follow them. */
static void
post_host_message (void       *opaque,
                   int         kind,
                   const char *name)
{
    VireoEventMessage *msg = message_new (opaque, kind, NULL);

    msg->text = g_strdup (name);
    message_post (msg);
}

static void
network_lifecycle_cb (virConnectPtr conn,
                      virNetworkPtr net,
                      int           event,
                      int           detail,
                      void         *opaque)
{
    post_host_message (opaque, MESSAGE_NETWORK, virNetworkGetName (net));
}

static void
pool_lifecycle_cb (virConnectPtr     conn,
                   virStoragePoolPtr pool,
                   int               event,
                   int               detail,
                   void             *opaque)
{
    post_host_message (opaque, MESSAGE_POOL, virStoragePoolGetName (pool));
}

static void
pool_refresh_cb (virConnectPtr     conn,
                 virStoragePoolPtr pool,
                 void             *opaque)
{
    post_host_message (opaque, MESSAGE_POOL, virStoragePoolGetName (pool));
}

/* ------------------------------------------------------------------------ */
/* Applying events (owner context) */

static int
running_reason (int started_or_resumed,
                int detail)
{
    if (started_or_resumed == VIR_DOMAIN_EVENT_STARTED) {
        switch (detail) {
        case VIR_DOMAIN_EVENT_STARTED_BOOTED:
            return VIR_DOMAIN_RUNNING_BOOTED;
        case VIR_DOMAIN_EVENT_STARTED_MIGRATED:
            return VIR_DOMAIN_RUNNING_MIGRATED;
        case VIR_DOMAIN_EVENT_STARTED_RESTORED:
            return VIR_DOMAIN_RUNNING_RESTORED;
        case VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT:
            return VIR_DOMAIN_RUNNING_FROM_SNAPSHOT;
        case VIR_DOMAIN_EVENT_STARTED_WAKEUP:
            return VIR_DOMAIN_RUNNING_WAKEUP;
        default:
            return VIR_DOMAIN_RUNNING_UNKNOWN;
        }
    }
    switch (detail) {
    case VIR_DOMAIN_EVENT_RESUMED_UNPAUSED:
        return VIR_DOMAIN_RUNNING_UNPAUSED;
    case VIR_DOMAIN_EVENT_RESUMED_MIGRATED:
        return VIR_DOMAIN_RUNNING_MIGRATED;
    case VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT:
        return VIR_DOMAIN_RUNNING_FROM_SNAPSHOT;
    case VIR_DOMAIN_EVENT_RESUMED_POSTCOPY:
        return VIR_DOMAIN_RUNNING_POSTCOPY;
    default:
        return VIR_DOMAIN_RUNNING_UNKNOWN;
    }
}

static int
paused_reason (int detail)
{
    switch (detail) {
    case VIR_DOMAIN_EVENT_SUSPENDED_PAUSED:
        return VIR_DOMAIN_PAUSED_USER;
    case VIR_DOMAIN_EVENT_SUSPENDED_MIGRATED:
        return VIR_DOMAIN_PAUSED_MIGRATION;
    case VIR_DOMAIN_EVENT_SUSPENDED_IOERROR:
        return VIR_DOMAIN_PAUSED_IOERROR;
    case VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG:
        return VIR_DOMAIN_PAUSED_WATCHDOG;
    case VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT:
        return VIR_DOMAIN_PAUSED_FROM_SNAPSHOT;
    case VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY:
        return VIR_DOMAIN_PAUSED_POSTCOPY;
    case VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED:
        return VIR_DOMAIN_PAUSED_POSTCOPY_FAILED;
    default:
        return VIR_DOMAIN_PAUSED_UNKNOWN;
    }
}

static int
shutoff_reason (int detail)
{
    switch (detail) {
    case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN:
        return VIR_DOMAIN_SHUTOFF_SHUTDOWN;
    case VIR_DOMAIN_EVENT_STOPPED_DESTROYED:
        return VIR_DOMAIN_SHUTOFF_DESTROYED;
    case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
        return VIR_DOMAIN_SHUTOFF_CRASHED;
    case VIR_DOMAIN_EVENT_STOPPED_MIGRATED:
        return VIR_DOMAIN_SHUTOFF_MIGRATED;
    case VIR_DOMAIN_EVENT_STOPPED_SAVED:
        return VIR_DOMAIN_SHUTOFF_SAVED;
    case VIR_DOMAIN_EVENT_STOPPED_FAILED:
        return VIR_DOMAIN_SHUTOFF_FAILED;
    case VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT:
        return VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT;
    default:
        return VIR_DOMAIN_SHUTOFF_UNKNOWN;
    }
}

typedef struct {
    VireoHandleRefs  refs;
    char             uuid[VIR_UUID_STRING_BUFLEN];
    gboolean         flags_only;   /* refresh persistent/autostart/managed save */
    VireoDomainInfo *info;         /* NULL when the domain is gone */
} ReadData;

static void
read_data_free (gpointer user_data)
{
    ReadData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    _vireo_domain_info_free (data->info);
    g_free (data);
}

static gboolean
read_run (gpointer      user_data,
          GCancellable *cancellable,
          GError      **error)
{
    ReadData *data = user_data;
    g_autoptr(VireoVirtDomain) dom = virDomainLookupByUUIDString (data->refs.conn, data->uuid);

    data->info = dom != NULL ? _vireo_domain_info_read (dom) : NULL;
    virResetLastError ();
    return TRUE;
}

static gboolean
read_apply (gpointer  owner,
            gpointer  user_data,
            GError  **error)
{
    VireoConnection *self = VIREO_CONNECTION (owner);
    ReadData *data = user_data;
    VireoDomainInfo *info = data->info;
    guint generation = self->generation;
    GQueue *queue = NULL;
    gpointer key = NULL;
    VireoDomain *domain;

    if (data->flags_only) {
        domain = _vireo_connection_lookup_uuid (self, data->uuid);
        if (domain != NULL && info != NULL)
            _vireo_domain_set_flags (domain, info->persistent, info->autostart,
                                     info->has_managed_save);
        return TRUE;
    }

    if (g_hash_table_steal_extended (self->pending_reads, data->uuid, &key, (gpointer *) &queue))
        g_free (key);
    if (info != NULL)
        _vireo_connection_merge_domain (self, info);
    /* Replay what arrived meanwhile, now that the domain is known. */
    while (queue != NULL && !g_queue_is_empty (queue)) {
        VireoEventMessage *msg = g_queue_pop_head (queue);

        if (info != NULL && self->generation == generation)
            _vireo_connection_dispatch_event (self, msg);
        _vireo_event_message_free (msg);
    }
    if (queue != NULL)
        g_queue_free (queue);
    return TRUE;
}

static const VireoWorkerOps read_ops = {
    .run = read_run,
    .apply = read_apply,
    .free_data = read_data_free,
    .generation = _vireo_connection_get_generation,
};

static void
start_read (VireoConnection *self,
            const char      *uuid,
            gboolean         flags_only)
{
    ReadData *data = g_new0 (ReadData, 1);

    if (!_vireo_handle_refs_take_connection (&data->refs, self, NULL)) {
        read_data_free (data);
        return;
    }
    g_strlcpy (data->uuid, uuid, sizeof data->uuid);
    data->flags_only = flags_only;

    /* Answered on the owner context, which the caller's may not be. */
    g_main_context_push_thread_default (self->context);
    vireo_worker_run_async (self, start_read, &read_ops, data, NULL, NULL, NULL);
    g_main_context_pop_thread_default (self->context);
}

/* Reads @domain's title and description again. */
static void
read_metadata_of (VireoConnection *self,
                  VireoDomain     *domain)
{
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    g_ptr_array_add (one, domain);
    _vireo_connection_read_metadata (self, one);
}

static void
apply_lifecycle (VireoConnection         *self,
                 VireoDomain             *domain,
                 const VireoEventMessage *msg)
{
    gboolean remove = FALSE;

    /* The event's handle carries the live id; QEMU may report RESUMED
     * before STARTED. */
    if (msg->id >= 0 && msg->detail != VIR_DOMAIN_EVENT_STOPPED &&
        msg->detail != VIR_DOMAIN_EVENT_DEFINED && msg->detail != VIR_DOMAIN_EVENT_UNDEFINED)
        _vireo_domain_set_id (domain, msg->id);

    switch (msg->detail) {
    case VIR_DOMAIN_EVENT_DEFINED:
        _vireo_domain_set_flags (domain, TRUE, vireo_domain_get_autostart (domain),
                                 vireo_domain_get_has_managed_save (domain));
        /* A new definition may have another title or description. */
        read_metadata_of (self, domain);
        break;
    case VIR_DOMAIN_EVENT_UNDEFINED:
        if (vireo_domain_is_active (domain))
            _vireo_domain_set_flags (domain, FALSE, FALSE, FALSE);
        else
            remove = TRUE;
        break;
    case VIR_DOMAIN_EVENT_STARTED:
        _vireo_domain_set_flags (domain, vireo_domain_get_persistent (domain),
                                 vireo_domain_get_autostart (domain), FALSE);
        _vireo_domain_set_state (domain, VIR_DOMAIN_RUNNING,
                                 running_reason (msg->detail, msg->detail2));
        break;
    case VIR_DOMAIN_EVENT_RESUMED:
        /* on_crash=restart: libvirt resets the crashed guest in the same QEMU
         * and resumes it, which virDomainGetState then calls RUNNING_CRASHED. */
        _vireo_domain_set_state (domain, VIR_DOMAIN_RUNNING,
                                 vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_CRASHED ||
                                 (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_PAUSED &&
                                  vireo_domain_get_reason (domain) == VIR_DOMAIN_PAUSED_CRASHED)
                                 ? VIR_DOMAIN_RUNNING_CRASHED
                                 : running_reason (msg->detail, msg->detail2));
        break;
    case VIR_DOMAIN_EVENT_SUSPENDED:
        _vireo_domain_set_state (domain, VIR_DOMAIN_PAUSED, paused_reason (msg->detail2));
        break;
    case VIR_DOMAIN_EVENT_STOPPED:
        _vireo_domain_set_state (domain, VIR_DOMAIN_SHUTOFF, shutoff_reason (msg->detail2));
        if (!vireo_domain_get_persistent (domain))
            remove = TRUE;
        else if (msg->detail2 == VIR_DOMAIN_EVENT_STOPPED_SAVED)
            start_read (self, msg->uuid, TRUE);
        break;
    case VIR_DOMAIN_EVENT_SHUTDOWN:
        /* The guest is shutting down: the state changes with STOPPED. */
        break;
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
        _vireo_domain_set_state (domain, VIR_DOMAIN_PMSUSPENDED, VIR_DOMAIN_PMSUSPENDED_UNKNOWN);
        break;
    case VIR_DOMAIN_EVENT_CRASHED:
        _vireo_domain_set_state (domain, VIR_DOMAIN_CRASHED,
                                 msg->detail2 == VIR_DOMAIN_EVENT_CRASHED_PANICKED
                                 ? VIR_DOMAIN_CRASHED_PANICKED : VIR_DOMAIN_CRASHED_UNKNOWN);
        break;
    default:
        break;
    }
    _vireo_domain_emit_event (domain, VIREO_DOMAIN_EVENT_LIFECYCLE, msg->detail, msg->detail2,
                              NULL);
    if (remove)
        _vireo_connection_remove_domain (self, domain);
}

void
_vireo_connection_dispatch_event (VireoConnection *self,
                                  gpointer         message)
{
    VireoEventMessage *msg = message;
    g_autoptr(VireoDomain) domain = NULL;
    GQueue *pending;
    VireoDomain *found;

    g_return_if_fail (VIREO_IS_CONNECTION (self));
    g_return_if_fail (msg != NULL);

    if (self->state == VIREO_CONNECTION_STATE_CONNECTING) {
        g_queue_push_tail (self->open_buffer, g_atomic_rc_box_acquire (msg));
        return;
    }
    if (self->state != VIREO_CONNECTION_STATE_ACTIVE || msg->uuid[0] == '\0')
        return;

    pending = g_hash_table_lookup (self->pending_reads, msg->uuid);
    if (pending != NULL) {
        g_queue_push_tail (pending, g_atomic_rc_box_acquire (msg));
        return;
    }
    found = _vireo_connection_lookup_uuid (self, msg->uuid);
    if (found == NULL) {
        /* Only a lifecycle event tells of a domain to learn about. */
        if (msg->kind != VIREO_DOMAIN_EVENT_LIFECYCLE ||
            msg->detail == VIR_DOMAIN_EVENT_UNDEFINED || msg->detail == VIR_DOMAIN_EVENT_STOPPED)
            return;
        pending = g_queue_new ();
        g_queue_push_tail (pending, g_atomic_rc_box_acquire (msg));
        g_hash_table_insert (self->pending_reads, g_strdup (msg->uuid), pending);
        start_read (self, msg->uuid, FALSE);
        return;
    }

    domain = g_object_ref (found);
    if (msg->kind == VIREO_DOMAIN_EVENT_LIFECYCLE) {
        apply_lifecycle (self, domain, msg);
        return;
    }
    if (msg->kind == VIREO_DOMAIN_EVENT_METADATA &&
        (msg->detail == VIR_DOMAIN_METADATA_TITLE ||
         msg->detail == VIR_DOMAIN_METADATA_DESCRIPTION))
        read_metadata_of (self, domain);
    _vireo_domain_emit_event (domain, msg->kind, msg->detail, msg->detail2, msg->text);
}

/* ------------------------------------------------------------------------ */
/* Registration */

void
_vireo_connection_events_free (VireoConnectionEvents *events,
                               virConnectPtr          conn)
{
    if (events == NULL)
        return;
    for (gsize i = 0; i < G_N_ELEMENTS (events->callback_ids); i++) {
        if (events->callback_ids[i] >= 0 && conn != NULL)
            virConnectDomainEventDeregisterAny (conn, events->callback_ids[i]);
    }
    if (events->network_id >= 0 && conn != NULL)
        virConnectNetworkEventDeregisterAny (conn, events->network_id);
    for (gsize i = 0; i < G_N_ELEMENTS (events->pool_ids); i++) {
        if (events->pool_ids[i] >= 0 && conn != NULL)
            virConnectStoragePoolEventDeregisterAny (conn, events->pool_ids[i]);
    }
    if (events->close_registered && conn != NULL)
        virConnectUnregisterCloseCallback (conn, close_cb);
    virResetLastError ();
    events_ctx_unref (events->ctx);
    g_free (events);
}

VireoConnectionEvents *
_vireo_connection_register_events (VireoConnection *self,
                                   guint            generation,
                                   virConnectPtr    conn,
                                   GError         **error)
{
    VireoConnectionEvents *events;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (conn != NULL, NULL);

    events = g_new0 (VireoConnectionEvents, 1);
    for (gsize i = 0; i < G_N_ELEMENTS (events->callback_ids); i++)
        events->callback_ids[i] = -1;
    events->network_id = -1;
    for (gsize i = 0; i < G_N_ELEMENTS (events->pool_ids); i++)
        events->pool_ids[i] = -1;
    events->ctx = g_atomic_rc_box_new0 (EventsCtx);
    g_weak_ref_init (&events->ctx->connection, self);
    events->ctx->context = g_main_context_ref (_vireo_connection_get_context (self));
    events->ctx->generation = generation;

    for (gsize i = 0; i < G_N_ELEMENTS (event_ids); i++) {
        events->callback_ids[i] =
            virConnectDomainEventRegisterAny (conn, NULL, event_ids[i].event_id,
                                              callback_for_kind (event_ids[i].kind),
                                              g_atomic_rc_box_acquire (events->ctx),
                                              events_ctx_unref);
        if (events->callback_ids[i] >= 0)
            continue;
        /* libvirt did not take the reference when registration failed. */
        events_ctx_unref (events->ctx);
        if (event_ids[i].required) {
            vireo_vmm_set_error_from_libvirt (error, _("Could not follow the changes of the "
                                                       "virtual machines"));
            _vireo_connection_events_free (events, conn);
            return NULL;
        }
        virResetLastError ();
    }

    /* Networks and pools, where the driver has them (not the embedded one). */
    events->network_id =
        virConnectNetworkEventRegisterAny (conn, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                           VIR_NETWORK_EVENT_CALLBACK (network_lifecycle_cb),
                                           g_atomic_rc_box_acquire (events->ctx),
                                           events_ctx_unref);
    if (events->network_id < 0) {
        events_ctx_unref (events->ctx);
        virResetLastError ();
    }
    for (gsize i = 0; i < G_N_ELEMENTS (events->pool_ids); i++) {
        events->pool_ids[i] = virConnectStoragePoolEventRegisterAny (
            conn, NULL,
            i == 0 ? VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE : VIR_STORAGE_POOL_EVENT_ID_REFRESH,
            i == 0 ? VIR_STORAGE_POOL_EVENT_CALLBACK (pool_lifecycle_cb)
                   : VIR_STORAGE_POOL_EVENT_CALLBACK (pool_refresh_cb),
            g_atomic_rc_box_acquire (events->ctx), events_ctx_unref);
        if (events->pool_ids[i] < 0) {
            events_ctx_unref (events->ctx);
            virResetLastError ();
        }
    }

    /* Drivers without close callbacks accept this and drop it, never calling
     * a free function: the reference stays with @events, which unregisters
     * before releasing it. */
    if (virConnectRegisterCloseCallback (conn, close_cb, events->ctx, NULL) == 0)
        events->close_registered = TRUE;
    else
        virResetLastError ();
    return events;
}
