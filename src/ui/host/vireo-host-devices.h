/* vireo-host-devices.h: the host window's Host Devices page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_DEVICES (vireo_host_devices_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostDevices, vireo_host_devices, VIREO, HOST_DEVICES, GtkBox)

void     vireo_host_devices_set_connection (VireoHostDevices *self,
                                            VireoConnection  *connection,
                                            GCancellable     *cancellable);
/* Lists the devices the first time; ::loaded follows. */
void     vireo_host_devices_load           (VireoHostDevices *self);
gboolean vireo_host_devices_is_loaded      (VireoHostDevices *self);

G_END_DECLS
