/* vireo-domain-ops-util.h: what the VM operation dialogs share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"
#include "vireo-progress.h"

G_BEGIN_DECLS

/* Gives @widget its accessible name and tooltip; returns it. */
GtkWidget *vireo_ops_name      (GtkWidget  *widget,
                                const char *name,
                                const char *tooltip);
/* A row of @grid: a label (mnemonic for @widget) and @widget. */
void       vireo_ops_grid_row  (GtkGrid    *grid,
                                int         row,
                                const char *label,
                                GtkWidget  *widget);
/* A combo box of the open connections of @connections other than @except,
 * restricted to this computer's when @local_only; the connection of each
 * row is kept on the combo box ("vireo-connections", a GPtrArray).  NULL
 * rows: the combo box is empty and insensitive. */
GtkWidget       *vireo_ops_connection_combo     (GPtrArray       *connections,
                                                 VireoConnection *except,
                                                 gboolean         local_only);
VireoConnection *vireo_ops_connection_combo_get (GtkWidget       *combo);
/* Shows @progress on @bar (fraction and text) while it changes. */
void       vireo_ops_follow_progress (GtkProgressBar *bar,
                                      VireoProgress  *progress);
/* A human size: "1.5 GiB". */
char      *vireo_ops_format_size (guint64 bytes) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
