/* vireo-cell-renderer-label.h: a text cell that keeps the Pango layout of
 * each string it has drawn
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_CELL_RENDERER_LABEL (vireo_cell_renderer_label_get_type ())
G_DECLARE_FINAL_TYPE (VireoCellRendererLabel, vireo_cell_renderer_label,
                      VIREO, CELL_RENDERER_LABEL, GtkCellRendererText)

/*
 * A GtkCellRendererText (accessibility, measuring and editing are its own)
 * that draws a string from a layout it made the first time it drew that
 * string, instead of making, shaping and measuring a new one at each draw:
 * a list redrawn with its rows moved draws the same strings again.  The
 * value is given with vireo_cell_renderer_label_set_string() (a cell data
 * function calls it before each draw; the "text" and "markup" properties
 * set directly are drawn only once set_string() was called again); the
 * properties its drawing honours are those the VM list uses: the string,
 * ellipsize, xalign, yalign and the padding.  A cell with another property
 * that changes its text's look set, and a prelit row (GtkCellRendererText's
 * layout differs there), are drawn by GtkCellRendererText.  The layouts are dropped when the widget's font or
 * direction changes, and all at once past a few thousand strings.
 *
 * Properties:
 *   use-markup  gboolean  the string is Pango markup (construct only; default FALSE)
 */
GtkCellRenderer *vireo_cell_renderer_label_new (gboolean use_markup) G_GNUC_WARN_UNUSED_RESULT;

/* Sets the cell's value (its "markup" or "text"), unless it holds it
 * already.  NULL is an empty cell. */
void vireo_cell_renderer_label_set_string (VireoCellRendererLabel *self,
                                           const char             *string);

/* How many layouts it keeps (for tests). */
guint vireo_cell_renderer_label_get_n_cached (VireoCellRendererLabel *self);

G_END_DECLS
