/* vireo-cell-renderer-icon.h: an icon cell that keeps what it drew
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_CELL_RENDERER_ICON (vireo_cell_renderer_icon_get_type ())
G_DECLARE_FINAL_TYPE (VireoCellRendererIcon, vireo_cell_renderer_icon,
                      VIREO, CELL_RENDERER_ICON, GtkCellRendererPixbuf)

/*
 * A GtkCellRendererPixbuf showing an "icon-name" that keeps what it drew:
 * GtkCellRendererPixbuf looks the icon up, loads it (recolours a symbolic
 * one) and converts it to a surface at every draw of every cell.  This one
 * lets it draw each icon once per look (name, cell size, scale, the style's
 * state and colour) into a surface like the target, then paints that.  The
 * surfaces are dropped when the widget's style or the icon theme changes.
 * Cells with a "pixbuf" or "gicon" are drawn by GtkCellRendererPixbuf.
 */
GtkCellRenderer *vireo_cell_renderer_icon_new (void) G_GNUC_WARN_UNUSED_RESULT;

/* How many drawings it keeps (for tests). */
guint vireo_cell_renderer_icon_get_n_cached (VireoCellRendererIcon *self);

G_END_DECLS
