/* vireo-graph.h: a stats history drawn with axes, for the Performance page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_GRAPH (vireo_graph_get_type ())
G_DECLARE_FINAL_TYPE (VireoGraph, vireo_graph, VIREO, GRAPH, GtkDrawingArea)

typedef enum {
    VIREO_GRAPH_UNIT_PERCENT,      /* 0..100 */
    VIREO_GRAPH_UNIT_KIB,          /* memory */
    VIREO_GRAPH_UNIT_BYTES_RATE,   /* bytes per second */
} VireoGraphUnit;

/* How far back a graph looks: ten minutes. */
#define VIREO_GRAPH_SPAN_SECONDS 600

/* The line colours, as the graph draws them on a light (and dark) theme. */
#define VIREO_GRAPH_COLOR_1       "#1c71d8"
#define VIREO_GRAPH_COLOR_1_DARK  "#62a0ea"
#define VIREO_GRAPH_COLOR_2       "#c64600"
#define VIREO_GRAPH_COLOR_2_DARK  "#ffa348"

/*
 * The last ten minutes of one or two metrics of a VireoStatsHistory (time
 * to the right, the newest sample at the right edge), with the value axis
 * labelled in the unit, minute ticks, and a gap where a metric was not
 * sampled.  Its colours follow the theme: the axes and labels are the
 * theme's text colour, the lines blue and orange (lighter on a dark
 * theme).
 */
GtkWidget      *vireo_graph_new            (VireoGraphUnit     unit);
void            vireo_graph_set_history    (VireoGraph        *self,
                                            VireoStatsHistory *history);
/* The metric drawn in the first colour, and a second one (or -1). */
void            vireo_graph_set_metrics    (VireoGraph        *self,
                                            VireoStatsMetric   first,
                                            int                second);
/* The top of the value axis; 0 picks it from the values shown. */
void            vireo_graph_set_max        (VireoGraph        *self,
                                            double             max);
/* A value as the axis labels it: "42 %", "512 MiB", "1.5 MiB/s". */
char           *vireo_graph_format_value   (VireoGraphUnit     unit,
                                            double             value) G_GNUC_WARN_UNUSED_RESULT;
/* How many points of each line the last draw drew (for tests). */
guint           vireo_graph_get_n_drawn    (VireoGraph        *self);

G_END_DECLS
