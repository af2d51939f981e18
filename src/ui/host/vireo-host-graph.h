/* vireo-host-graph.h: a line graph of one metric of a stats history, for the host window
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-stats-history.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_GRAPH (vireo_host_graph_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostGraph, vireo_host_graph, VIREO, HOST_GRAPH, GtkDrawingArea)

GtkWidget *vireo_host_graph_new         (void) G_GNUC_WARN_UNUSED_RESULT;
/* Draws @metric of @history (a reference is kept; NULL: empty) scaled to
 * @max (0: the largest value shown).  Call vireo_host_graph_update() after
 * new samples. */
void       vireo_host_graph_set_history (VireoHostGraph    *self,
                                         VireoStatsHistory *history,
                                         VireoStatsMetric   metric,
                                         double             max);
void       vireo_host_graph_set_max     (VireoHostGraph    *self,
                                         double             max);
void       vireo_host_graph_update      (VireoHostGraph    *self);
/* How many samples the graph shows (for tests): the finite values of the
 * newest ones that fit. */
guint      vireo_host_graph_get_n_drawn (VireoHostGraph    *self);

G_END_DECLS
