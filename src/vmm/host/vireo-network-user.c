/* vireo-network-user.c: user-mode networking, for the embedded connection
 *
 * QEMU's own user-mode stack gives guests outgoing network access without
 * bridges, privileges or a daemon; it is what a new VM gets on the embedded
 * connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-network.h"

struct _VireoNetworkUser {
    GObject parent_instance;
};

static void vireo_network_user_network_init (VireoNetworkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNetworkUser, vireo_network_user, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_NETWORK,
                                                      vireo_network_user_network_init))

/* VireoNetwork */

static GPtrArray *
network_user_list_sources (VireoNetwork *network,
                           GError      **error)
{
    GPtrArray *sources = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_network_source_free);

    g_ptr_array_add (sources, vireo_network_source_new_user ());
    return sources;
}

static VireoNetworkSource *
network_user_default_source (VireoNetwork *network,
                             GError      **error)
{
    return vireo_network_source_new_user ();
}

static void
vireo_network_user_network_init (VireoNetworkInterface *iface)
{
    iface->list_sources = network_user_list_sources;
    iface->default_source = network_user_default_source;
}

/* GObject */

static void
vireo_network_user_class_init (VireoNetworkUserClass *klass)
{
}

static void
vireo_network_user_init (VireoNetworkUser *self)
{
}

/* Public API */

VireoNetwork *
vireo_network_user_new (void)
{
    return g_object_new (VIREO_TYPE_NETWORK_USER, NULL);
}
