/* vireo-cell-renderer-graph.h: a sparkline of one stats metric in a tree cell
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CELL_RENDERER_GRAPH (vireo_cell_renderer_graph_get_type ())
G_DECLARE_FINAL_TYPE (VireoCellRendererGraph, vireo_cell_renderer_graph,
                      VIREO, CELL_RENDERER_GRAPH, GtkCellRenderer)

/*
 * Properties:
 *   history   VireoStatsHistory*  the samples (NULL draws an empty frame)
 *   metric    guint               a VireoStatsMetric (default CPU percent)
 *   n-points  guint               how many of the newest samples to draw (default 40)
 *   max-value double              top of the scale; 0 scales to the largest value
 *                                 shown (default 100, for percentages)
 *   scale-floor double            with max-value 0, the least top of the scale, so
 *                                 that a trickle does not fill the cell (default 0)
 */
GtkCellRenderer *vireo_cell_renderer_graph_new (void) G_GNUC_WARN_UNUSED_RESULT;

/* A batch draws the graphs of one draw of a widget (the list's tree view)
 * into one client-side image, on X11: begin it in a handler of the
 * widget's "draw" signal, and end it in a handler connected after, with
 * that handler's @cr, the widget and the GdkWindow the cells are drawn in
 * (the tree view's bin window).  The end puts the image into the surface
 * the cells were drawn on (the tree view's pixel cache) and onto the
 * window, clipped to the cells the draw showed.  Renderers given the batch
 * draw into it during that draw, and directly otherwise (another target, a
 * drag icon, Wayland).  The renderers do not own it. */
typedef struct _VireoGraphBatch VireoGraphBatch;

VireoGraphBatch *vireo_graph_batch_new   (void) G_GNUC_WARN_UNUSED_RESULT;
void             vireo_graph_batch_free  (VireoGraphBatch *batch);
void             vireo_graph_batch_begin (VireoGraphBatch *batch);
void             vireo_graph_batch_end   (VireoGraphBatch *batch,
                                          cairo_t         *cr,
                                          GtkWidget       *widget,
                                          GdkWindow       *window);
void             vireo_cell_renderer_graph_set_batch (VireoCellRendererGraph *self,
                                                      VireoGraphBatch        *batch);

/* Computes the polyline of the graph: @n_values values (oldest first) laid
 * out right-aligned over @n_points slots in a @width x @height box; writes
 * x,y pairs into @xy (2 * @n_values doubles).  Values are clamped to
 * 0..@max_value; NAN values are drawn as 0.  Exposed for tests. */
void vireo_cell_renderer_graph_layout (const double *values,
                                       guint         n_values,
                                       guint         n_points,
                                       double        max_value,
                                       double        width,
                                       double        height,
                                       double       *xy);

G_END_DECLS
