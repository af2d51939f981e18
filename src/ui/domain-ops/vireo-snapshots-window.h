/* vireo-snapshots-window.h: a VM's snapshots: the tree, new, revert, delete, descriptions
 *
 * The snapshots as a tree of parents and children (the current one marked)
 * with their time, the VM's state then, their type and the screenshot kept
 * with each.  New makes one, named and described, of the type chosen where
 * both are possible (internal or external, with the memory of a running
 * VM), without stopping the VM.  The description of the one selected can be
 * edited.  Revert goes back to it where libvirt can; where it cannot, the
 * window says so and offers a new VM made from the snapshot instead.
 * Delete never removes what another snapshot or VM needs, and says what it
 * did with the snapshot's data.
 *
 * The widget is a GtkBox: the VM window's Snapshots view, which the
 * manager's Snapshots… opens.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_SNAPSHOTS_VIEW (vireo_snapshots_view_get_type ())
G_DECLARE_FINAL_TYPE (VireoSnapshotsView, vireo_snapshots_view, VIREO, SNAPSHOTS_VIEW, GtkBox)

GtkWidget *vireo_snapshots_view_new     (VireoDomain        *domain) G_GNUC_WARN_UNUSED_RESULT;
/* Reads the snapshots again. */
void       vireo_snapshots_view_refresh (VireoSnapshotsView *self);
/* The number of snapshots shown, or -1 while they are read. */
int        vireo_snapshots_view_get_n_snapshots (VireoSnapshotsView *self);

G_END_DECLS
