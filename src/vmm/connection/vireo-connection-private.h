/* vireo-connection-private.h: shared between vireo-connection*.c and vireo-domain.c
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

typedef struct _VireoConnectionEvents VireoConnectionEvents;

struct _VireoConnection {
    GObject parent_instance;

    /* owned */
    char                 *uri;
    char                 *embed_root;       /* NULL unless embedded */
    GMainContext         *context;          /* owner context */
    virConnectPtr         handle;           /* NULL unless ACTIVE; see handle_lock */
    GMutex                handle_lock;      /* taken to change the handle (owner
                                             * context) and to read it elsewhere */
    GHashTable           *domains;          /* uuid -> VireoDomain */
    GHashTable           *pending_reads;    /* uuid -> GQueue of buffered events */
    GQueue               *open_buffer;      /* events that arrive while opening */
    VireoConnectionEvents *events;          /* libvirt callback registrations */
    GCancellable         *cancellable;      /* cancelled on close and dispose */
    VireoStorage         *storage;
    VireoNetwork         *network;
    VireoStatsSampler    *sampler;
    char                 *error_message;
    char                 *title;            /* the user's name for it, or NULL */

    VireoConnectionState  state;
    guint                 generation;       /* bumped at every open and close */
    guint                 host_cpus;
    guint64               host_memory_kib;
    gboolean              reconnect;
    guint                 reconnect_source;
    guint                 reconnect_delay;  /* seconds */
};

/* A snapshot of one domain's facts, read in a worker thread. */
typedef struct {
    virDomainPtr handle;     /* owned reference */
    char        *name;
    char         uuid[VIR_UUID_STRING_BUFLEN];
    int          id;
    int          state;
    int          reason;
    gboolean     persistent;
    gboolean     autostart;
    gboolean     has_managed_save;
} VireoDomainInfo;

/* Reads everything but the handle's ref (taken) from @dom; worker thread. */
VireoDomainInfo *_vireo_domain_info_read  (virDomainPtr dom);
void             _vireo_domain_info_free  (VireoDomainInfo *info);
/* Every domain of @conn, in four calls whatever their number (state from
 * one bulk stats call; persistent, autostart and managed-save as listing
 * filters).  NULL, with libvirt's last error set, when the connection
 * cannot list; a server without bulk stats gets per-domain calls. */
GPtrArray       *_vireo_domain_info_read_all (virConnectPtr conn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainInfo, _vireo_domain_info_free)

/* The libvirt handles a worker call uses: references taken on the owner's
 * context, so that a close meanwhile frees nothing under the worker, and the
 * domain's name for its messages.  Embedded first in a call's data. */
typedef struct {
    virConnectPtr conn;
    virDomainPtr  dom;
    char         *name;
} VireoHandleRefs;

/* The connection's handle, or FALSE with VIREO_VMM_ERROR_UNREACHABLE when it
 * is not open. */
gboolean      _vireo_handle_refs_take_connection (VireoHandleRefs *refs,
                                                  VireoConnection *connection,
                                                  GError         **error);
/* The domain's handle and name. */
void          _vireo_handle_refs_take_domain     (VireoHandleRefs *refs,
                                                  VireoDomain     *domain);
void          _vireo_handle_refs_clear           (VireoHandleRefs *refs);

/* A new reference to the libvirt handle (virConnectClose() it), or NULL
 * with VIREO_VMM_ERROR_UNREACHABLE when the connection is not open.  Any
 * thread: a worker that uses the handle holds its own reference, so that a
 * close meanwhile does not free it under the worker. */
virConnectPtr _vireo_connection_ref_handle   (VireoConnection *self,
                                              GError         **error);
/* The connection's generation (a VireoWorkerGenerationFunc). */
guint         _vireo_connection_get_generation (gpointer connection);
GMainContext *_vireo_connection_get_context  (VireoConnection *self);
/* Adds or updates from @info (owner context); returns the domain (borrowed). */
VireoDomain  *_vireo_connection_merge_domain (VireoConnection *self,
                                              VireoDomainInfo *info);
void          _vireo_connection_remove_domain (VireoConnection *self,
                                               VireoDomain     *domain);
/* vireo-connection-metadata.c: reads the title and description of @domains
 * (VireoDomain*; NULL: every domain of the connection) in a worker thread and
 * applies them on the owner context. */
void          _vireo_connection_read_metadata (VireoConnection *self,
                                               GPtrArray       *domains);
VireoDomain  *_vireo_connection_lookup_uuid   (VireoConnection *self,
                                               const char      *uuid);

/* Sets the state and error message, notifying what changed (owner context). */
void          _vireo_connection_set_state         (VireoConnection     *self,
                                                   VireoConnectionState state,
                                                   const char          *error_message);
/* Drops the events held back while opening or while a domain is read. */
void          _vireo_connection_clear_buffers     (VireoConnection     *self);
/* Deregisters @events and closes @conn in a worker (takes both; either may
 * be NULL): on a remote link both may wait for the other side. */
void          _vireo_connection_teardown_in_thread (virConnectPtr          conn,
                                                    VireoConnectionEvents *events);
/* Emits ::authenticate for @request; TRUE when a handler took it. */
gboolean      _vireo_connection_emit_authenticate (VireoConnection     *self,
                                                   VireoAuthRequest    *request);

/* vireo-connection-open.c: seconds before the first attempt to open a lost
 * connection again, doubled at each failure up to the second figure.  A
 * local daemon that is not there refuses at once: it is tried again every
 * few seconds, so that it is back soon after it restarts. */
#define VIREO_CONNECTION_RECONNECT_FIRST_DELAY     2
#define VIREO_CONNECTION_RECONNECT_MAX_DELAY       60
#define VIREO_CONNECTION_RECONNECT_LOCAL_MAX_DELAY 4
/* Opens the connection again after a delay when its reconnect property is
 * set and no attempt is waiting. */
void          _vireo_connection_schedule_reconnect (VireoConnection *self);
void          _vireo_connection_cancel_reconnect   (VireoConnection *self);

/* vireo-connection-events.c: libvirt event and close callbacks registered
 * on @conn for @generation of @self (any thread: only a weak reference of
 * @self is taken); NULL with libvirt's error when lifecycle events cannot be
 * followed.  The result goes to self->events on the owner context. */
VireoConnectionEvents *_vireo_connection_register_events (VireoConnection *self,
                                                          guint            generation,
                                                          virConnectPtr    conn,
                                                          GError         **error);
/* Deregisters and frees @events (any thread; may wait on the link). */
void          _vireo_connection_events_free       (VireoConnectionEvents *events,
                                                   virConnectPtr          conn);
/* Applies one marshalled event (owner context); used to replay buffered
 * events.  @message is a VireoEventMessage of vireo-connection-events.c. */
void          _vireo_connection_dispatch_event    (VireoConnection *self,
                                                   gpointer         message);
void          _vireo_event_message_free           (gpointer         message);
/* Called by the events code when a virtual network (@pool FALSE) or a
 * storage pool changed: emits ::network-changed or ::pool-changed. */
void          _vireo_connection_emit_host_changed (VireoConnection *self,
                                                   gboolean         pool,
                                                   const char      *name);
/* Called by the events code when the link drops. */
void          _vireo_connection_handle_closed     (VireoConnection *self,
                                                   int              reason);

/* vireo-domain.c */
/* A new reference to the domain's libvirt handle (virDomainFree() it). */
virDomainPtr  _vireo_domain_ref_handle (VireoDomain     *self);
VireoDomain  *_vireo_domain_new        (VireoConnection *connection,
                                        VireoDomainInfo *info);
void          _vireo_domain_update     (VireoDomain     *self,
                                        VireoDomainInfo *info);
void          _vireo_domain_set_state  (VireoDomain     *self,
                                        int              state,
                                        int              reason);
void          _vireo_domain_set_id     (VireoDomain     *self,
                                        int              id);
void          _vireo_domain_set_flags  (VireoDomain     *self,
                                        gboolean         persistent,
                                        gboolean         autostart,
                                        gboolean         has_managed_save);
/* A serial for a read of the domain's title and description: only the read
 * with the newest serial is applied. */
guint         _vireo_domain_next_metadata_serial (VireoDomain *self);
void          _vireo_domain_set_metadata (VireoDomain     *self,
                                          guint            serial,
                                          const char      *title,
                                          const char      *description);
void          _vireo_domain_emit_event (VireoDomain         *self,
                                        VireoDomainEventKind kind,
                                        int                  detail,
                                        int                  detail2,
                                        const char          *text);

G_END_DECLS
