/* vireo-move-dialog.h: Move to…, a shut-off VM moved to another connection of this computer
 *
 * The destination among the open connections of this computer (the
 * embedded hypervisor, qemu:///system, qemu:///session).  Move copies the
 * definition, disks, NVRAM and TPM state with progress, checks every copy
 * by size and checksum, and only then removes the source; a failure or
 * Cancel leaves the source as it was and nothing on the destination.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_MOVE_DIALOG (vireo_move_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoMoveDialog, vireo_move_dialog, VIREO, MOVE_DIALOG, GtkDialog)

/* @connections: the connections to choose the destination from (those open
 * are offered, as they open and close); @list_owner, or NULL, tells of
 * connections added to and removed from it (see vireo_ops_connection_combo()). */
GtkWidget *vireo_move_dialog_new (GtkWindow   *parent,
                                  VireoDomain *domain,
                                  GPtrArray   *connections,
                                  GObject     *list_owner) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
