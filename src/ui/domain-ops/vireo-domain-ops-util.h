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
 * restricted to this computer's when @local_only, that follows them while
 * it is shown: a connection of the list that opens, or is added to it,
 * appears; one that closes, or is removed, goes; the one chosen stays
 * chosen while it is there, and the first is chosen when none is.  ::changed
 * tells of a new choice.  @connections is the caller's list (a reference is
 * kept; NULL: none); @list_owner, or NULL, emits ::connection-added and
 * ::connection-removed (VireoConnection*) when it changes (the manager's
 * VireoApplication).  Insensitive when it starts empty. */
GtkWidget       *vireo_ops_connection_combo     (GPtrArray       *connections,
                                                 GObject         *list_owner,
                                                 VireoConnection *except,
                                                 gboolean         local_only);
VireoConnection *vireo_ops_connection_combo_get (GtkWidget       *combo);
/* Shows @progress on @bar (fraction and text) while it changes. */
void       vireo_ops_follow_progress (GtkProgressBar *bar,
                                      VireoProgress  *progress);
/* The destination row of a dialog that sends a VM elsewhere: "Destination:"
 * and a combo box (vireo_ops_connection_combo()) named "Destination" with
 * @tooltip, on @row of @grid.  Returns the combo box. */
GtkWidget *vireo_ops_destination_row (GtkGrid         *grid,
                                      int              row,
                                      GPtrArray       *connections,
                                      GObject         *list_owner,
                                      VireoConnection *except,
                                      gboolean         local_only,
                                      const char      *tooltip);
/* A dialog's two buttons: "Cancel" (GTK_RESPONSE_CANCEL, with
 * @cancel_tooltip) and the action (GTK_RESPONSE_ACCEPT, @mnemonic, named
 * @name, with @tooltip, the suggested action).  Returns the action button. */
GtkWidget *vireo_ops_add_buttons (GtkDialog  *dialog,
                                  const char *cancel_tooltip,
                                  const char *mnemonic,
                                  const char *name,
                                  const char *tooltip);

/* The bottom of the clone, migrate and move dialogs: a progress bar named
 * "Progress", shown while an operation runs, and a status line below it
 * (an error in the "error" style), shown while it has text.  The box is shown
 * only while one of them is. */
#define VIREO_TYPE_OPS_PROGRESS (vireo_ops_progress_get_type ())
G_DECLARE_FINAL_TYPE (VireoOpsProgress, vireo_ops_progress, VIREO, OPS_PROGRESS, GtkBox)

/* @tooltip: what the bar measures; @max_width_chars: the status line's. */
GtkWidget *vireo_ops_progress_new        (const char       *tooltip,
                                          int               max_width_chars);
/* @text NULL hides the status line. */
void       vireo_ops_progress_set_status (VireoOpsProgress *self,
                                          const char       *text,
                                          gboolean          error);
/* Shows the bar, following @progress (fraction and "X of Y left"). */
void       vireo_ops_progress_start      (VireoOpsProgress *self,
                                          VireoProgress    *progress);
/* Hides the bar. */
void       vireo_ops_progress_stop       (VireoOpsProgress *self);

/* A human size: "1.5 GiB". */
char      *vireo_ops_format_size (guint64 bytes) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
