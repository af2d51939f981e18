/* vireo-host-networks.h: the host window's Virtual Networks page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_NETWORKS (vireo_host_networks_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostNetworks, vireo_host_networks, VIREO, HOST_NETWORKS, GtkBox)

void     vireo_host_networks_set_connection (VireoHostNetworks *self,
                                             VireoConnection   *connection,
                                             GCancellable      *cancellable);
/* Lists the networks the first time (and again with reload); ::loaded follows. */
void     vireo_host_networks_load           (VireoHostNetworks *self);
void     vireo_host_networks_reload         (VireoHostNetworks *self);
gboolean vireo_host_networks_is_loaded      (VireoHostNetworks *self);

G_END_DECLS
