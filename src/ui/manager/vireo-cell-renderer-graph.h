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
