/* vireo-host-pool-dialog.h: creating a storage pool
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_POOL_DIALOG (vireo_host_pool_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostPoolDialog, vireo_host_pool_dialog, VIREO, HOST_POOL_DIALOG,
                      GtkDialog)

/* A dialog that creates a dir, fs, netfs, logical, disk or iSCSI pool on @connection,
 * with the fields of the type chosen and a scan for sources where libvirt offers one.
 * Emits ::created (const char *name) and closes once the pool is made and started. */
GtkWidget *vireo_host_pool_dialog_new (GtkWindow       *parent,
                                       VireoConnection *connection)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
