/* vireo-connection.h: one libvirt connection, its domains and its events
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONNECTION (vireo_connection_get_type ())
G_DECLARE_FINAL_TYPE (VireoConnection, vireo_connection, VIREO, CONNECTION, GObject)

typedef enum {
    VIREO_CONNECTION_STATE_DISCONNECTED,
    VIREO_CONNECTION_STATE_CONNECTING,
    VIREO_CONNECTION_STATE_ACTIVE,
    VIREO_CONNECTION_STATE_FAILED,
} VireoConnectionState;

/*
 * Threading: a VireoConnection belongs to the GMainContext that was the
 * thread-default when it was created (the "owner context").  Its domain
 * list, properties and signals are only touched and emitted there.  libvirt
 * calls that can wait run in GTask worker threads; libvirt events arrive on
 * the event-loop thread and are marshalled to the owner context.
 *
 * Signals (all on the owner context):
 *   ::domain-added    (VireoDomain *domain)
 *   ::domain-removed  (VireoDomain *domain)  deleted, or gone with the connection:
 *                     when the link drops, the state has left ACTIVE first (FAILED:
 *                     lost, and the domain may come back with a reconnect, as a new
 *                     object with the same UUID); vireo_connection_close() removes
 *                     them while the state still reads ACTIVE
 *   ::authenticate    (VireoAuthRequest *request) -> gboolean handled
 *   ::closed          (int reason)  the link dropped (VIR_CONNECT_CLOSE_REASON_*)
 *   ::network-changed (const char *name)  a virtual network was defined, started,
 *                     stopped or undefined (libvirt's network events)
 *   ::pool-changed    (const char *name)  a storage pool changed state or was
 *                     refreshed (its volumes may have changed)
 * Properties: uri, state, error-message, display-name, embedded, reconnect
 */

VireoConnection      *vireo_connection_new               (const char *uri)
    G_GNUC_WARN_UNUSED_RESULT;
const char           *vireo_connection_get_uri           (VireoConnection *self);
char                 *vireo_connection_dup_display_name  (VireoConnection *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* The name the user gave the connection, shown instead of the one made
 * from its URI; NULL or "" goes back to that one.  Notifies display-name. */
void                  vireo_connection_set_display_name  (VireoConnection *self,
                                                          const char      *name);
VireoConnectionState  vireo_connection_get_state         (VireoConnection *self);
/* libvirt's reason for the last failure (open or drop), or NULL. */
const char           *vireo_connection_get_error_message (VireoConnection *self);
gboolean              vireo_connection_is_embedded       (VireoConnection *self);
/* Reopen automatically after an unexpected close (default FALSE). */
void                  vireo_connection_set_reconnect     (VireoConnection *self,
                                                          gboolean         reconnect);

/* Opens the URI (embedded root prepared and checked first), registers event
 * callbacks and keepalive, lists all domains.  The async form never blocks
 * the caller's main loop. */
void      vireo_connection_open_async  (VireoConnection    *self,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean  vireo_connection_open_finish (VireoConnection *self,
                                        GAsyncResult    *result,
                                        GError         **error);
/* Blocking form for CLI tools and tests: runs the async form on a private
 * main context. */
gboolean  vireo_connection_open        (VireoConnection *self,
                                        GCancellable    *cancellable,
                                        GError         **error);
void      vireo_connection_close       (VireoConnection *self);

/* Domains, in no particular order (owner context only). */
GPtrArray   *vireo_connection_list_domains    (VireoConnection *self) G_GNUC_WARN_UNUSED_RESULT;
/* By name, UUID string or numeric id. */
VireoDomain *vireo_connection_find_domain     (VireoConnection *self,
                                               const char      *name_uuid_or_id);

/* Define a persistent domain from XML (added to the list at once); the
 * domain returned is a new reference. */
void         vireo_connection_define_xml_async  (VireoConnection    *self,
                                                 const char         *xml,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
VireoDomain *vireo_connection_define_xml_finish (VireoConnection *self,
                                                 GAsyncResult    *result,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;
VireoDomain *vireo_connection_define_xml        (VireoConnection *self,
                                                 const char      *xml,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* Host facts read at open: logical CPUs and memory in KiB. */
guint        vireo_connection_get_host_cpus       (VireoConnection *self);
guint64      vireo_connection_get_host_memory_kib (VireoConnection *self);

/* The connection's stats sampler (created at open, not started). */
VireoStatsSampler *vireo_connection_get_stats_sampler (VireoConnection *self);
/* Storage and networks: libvirt's APIs, or Vireo's own for embedded. */
VireoStorage      *vireo_connection_get_storage       (VireoConnection *self);
VireoNetwork      *vireo_connection_get_network       (VireoConnection *self);
/* Replaces the storage picked at open (for example a directory the user
 * chose, or a VireoStorageDir in tests of the test driver).  Kept across
 * reopens. */
void               vireo_connection_set_storage       (VireoConnection *self,
                                                       VireoStorage    *storage);

/* The host's capabilities XML (virConnectGetCapabilities), newly
 * allocated. */
char       *vireo_connection_dup_capabilities               (VireoConnection *self,
                                                             GCancellable    *cancellable,
                                                             GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
void        vireo_connection_dup_capabilities_async         (VireoConnection    *self,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
char       *vireo_connection_dup_capabilities_finish        (VireoConnection *self,
                                                             GAsyncResult    *result,
                                                             GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* What the hypervisor offers a domain with that emulator, architecture,
 * machine type and virtualization type (NULL or "": the host's default), as
 * libvirt's domain capabilities XML, newly allocated. */
char       *vireo_connection_dup_domain_capabilities        (VireoConnection *self,
                                                             const char      *emulator,
                                                             const char      *arch,
                                                             const char      *machine,
                                                             const char      *virt_type,
                                                             GCancellable    *cancellable,
                                                             GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
void        vireo_connection_dup_domain_capabilities_async  (VireoConnection    *self,
                                                             const char         *emulator,
                                                             const char         *arch,
                                                             const char         *machine,
                                                             const char         *virt_type,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
char       *vireo_connection_dup_domain_capabilities_finish (VireoConnection *self,
                                                             GAsyncResult    *result,
                                                             GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* Every domain of the host, read from libvirt now (not the list this
 * object keeps): a new GHashTable of name → XML (char* → char*; "" for a
 * domain that went away while it was read). */
GHashTable *vireo_connection_list_domain_xml                (VireoConnection *self,
                                                             GCancellable    *cancellable,
                                                             GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
void        vireo_connection_list_domain_xml_async          (VireoConnection    *self,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
GHashTable *vireo_connection_list_domain_xml_finish         (VireoConnection *self,
                                                             GAsyncResult    *result,
                                                             GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The raw virConnectPtr, for the core and its tests on the owner context
 * (borrowed; NULL when not active).  A worker thread holds its own
 * reference instead (_vireo_connection_ref_handle()): a close may free this
 * one.  The other layers use the calls above, never libvirt. */
gpointer     vireo_connection_get_handle (VireoConnection *self);

G_END_DECLS
