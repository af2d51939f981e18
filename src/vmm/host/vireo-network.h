/* vireo-network.h: how a connection's VMs reach the network
 *
 * VireoNetworkLibvirt lists libvirt's virtual networks and bridges; for the
 * embedded connection VireoNetworkUser offers user-mode networking (and
 * libvirtd's virtual networks when a libvirtd is reachable).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NETWORK (vireo_network_get_type ())
G_DECLARE_INTERFACE (VireoNetwork, vireo_network, VIREO, NETWORK, GObject)

typedef enum {
    VIREO_NETWORK_SOURCE_USER,      /* <interface type='user'> */
    VIREO_NETWORK_SOURCE_NETWORK,   /* <interface type='network'> */
    VIREO_NETWORK_SOURCE_BRIDGE,    /* <interface type='bridge'> */
} VireoNetworkSourceType;

typedef struct {
    VireoNetworkSourceType type;
    char    *name;          /* network or bridge name; NULL for user */
    char    *description;   /* "Usermode networking", "Virtual network 'default' (NAT)" */
    gboolean active;
} VireoNetworkSource;

void vireo_network_source_free (VireoNetworkSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoNetworkSource, vireo_network_source_free)

struct _VireoNetworkInterface {
    GTypeInterface parent_iface;

    GPtrArray          *(*list_sources)   (VireoNetwork *self, GError **error);
    VireoNetworkSource *(*default_source) (VireoNetwork *self, GError **error);
};

/* Array of VireoNetworkSource*; may block (worker thread). */
GPtrArray          *vireo_network_list_sources   (VireoNetwork *self, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* What a new VM gets: user-mode on embedded, 'default' network on libvirt
 * when it exists, else user-mode. */
VireoNetworkSource *vireo_network_default_source (VireoNetwork *self, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* The <interface> element for @source with @model (NULL: virtio). */
char               *vireo_network_source_to_xml  (const VireoNetworkSource *source,
                                                  const char               *model)
    G_GNUC_WARN_UNUSED_RESULT;

/* Async forms: each runs its sync method in a GTask worker thread. */
void                vireo_network_list_sources_async    (VireoNetwork       *self,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
GPtrArray          *vireo_network_list_sources_finish   (VireoNetwork *self,
                                                         GAsyncResult *result,
                                                         GError      **error)
    G_GNUC_WARN_UNUSED_RESULT;
void                vireo_network_default_source_async  (VireoNetwork       *self,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
VireoNetworkSource *vireo_network_default_source_finish (VireoNetwork *self,
                                                         GAsyncResult *result,
                                                         GError      **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* A new user-mode source ("Usermode networking"). */
VireoNetworkSource *vireo_network_source_new_user (void) G_GNUC_WARN_UNUSED_RESULT;
VireoNetworkSource *vireo_network_source_copy     (const VireoNetworkSource *source)
    G_GNUC_WARN_UNUSED_RESULT;

#define VIREO_TYPE_NETWORK_USER (vireo_network_user_get_type ())
G_DECLARE_FINAL_TYPE (VireoNetworkUser, vireo_network_user, VIREO, NETWORK_USER, GObject)
#define VIREO_TYPE_NETWORK_LIBVIRT (vireo_network_libvirt_get_type ())
G_DECLARE_FINAL_TYPE (VireoNetworkLibvirt, vireo_network_libvirt, VIREO, NETWORK_LIBVIRT,
                      GObject)

VireoNetwork *vireo_network_user_new    (void) G_GNUC_WARN_UNUSED_RESULT;
/* Keeps a weak reference to @connection and uses its handle while it is
 * open.  Lists libvirt's virtual networks, then user-mode networking. */
VireoNetwork *vireo_network_libvirt_new (VireoConnection *connection) G_GNUC_WARN_UNUSED_RESULT;
/* For tools and tests holding a bare virConnectPtr (virConnectRef'd). */
VireoNetwork *vireo_network_libvirt_new_for_handle (gpointer handle) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
