/* vireo-clone-dialog.h: Clone…, a copy of a shut-off VM with progress and Cancel
 *
 * The dialog reads the VM (VireoDomainClone), proposes virt-clone's name and
 * shows what becomes of each disk (copied, shared, with the reason); the
 * user may name the clone, make it a linked clone (qcow2 overlays on the
 * original's images, which become read-only) and ask for every byte to be
 * allocated.  Clone runs the copy with a progress bar; Cancel stops it, and
 * a cancelled or failed clone leaves no VM and no file.  The dialog closes
 * itself once the clone is made.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CLONE_DIALOG (vireo_clone_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoCloneDialog, vireo_clone_dialog, VIREO, CLONE_DIALOG, GtkDialog)

GtkWidget *vireo_clone_dialog_new (GtkWindow   *parent,
                                   VireoDomain *domain) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
