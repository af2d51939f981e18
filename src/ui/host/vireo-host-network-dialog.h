/* vireo-host-network-dialog.h: creating a virtual network
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_NETWORK_DIALOG (vireo_host_network_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostNetworkDialog, vireo_host_network_dialog, VIREO,
                      HOST_NETWORK_DIALOG, GtkDialog)

/* A dialog that creates a network on @connection, offering an IPv4 network that none of
 * @networks (VireoHostNetwork*, may be NULL) uses.  Emits ::created (const char *name)
 * and closes once the network is made and started. */
GtkWidget *vireo_host_network_dialog_new (GtkWindow       *parent,
                                          VireoConnection *connection,
                                          GPtrArray       *networks)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
