/* vireo-host-graph.c: a line graph of one metric of a stats history
 *
 * The newest sample is at the right edge, one sample every two pixels, as
 * many as fit (at most the history's ten minutes).  Colours come from the
 * theme (the text colour for the line and the frame, the selection colour
 * for the filled area), so the graph reads in dark themes too.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>

#include "vireo-host-graph.h"

#define PIXELS_PER_SAMPLE 2

struct _VireoHostGraph {
    GtkDrawingArea parent_instance;

    /* owned */
    VireoStatsHistory *history;
    VireoStatsMetric   metric;
    double             max;
    guint              n_drawn;
};

G_DEFINE_FINAL_TYPE (VireoHostGraph, vireo_host_graph, GTK_TYPE_DRAWING_AREA)

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
    cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static gboolean
vireo_host_graph_draw (GtkWidget *widget,
                       cairo_t   *cr)
{
    VireoHostGraph *self = VIREO_HOST_GRAPH (widget);
    GtkStyleContext *style = gtk_widget_get_style_context (widget);
    int width = gtk_widget_get_allocated_width (widget);
    int height = gtk_widget_get_allocated_height (widget);
    g_autofree double *values = NULL;
    GdkRGBA fg, accent;
    double top, x, w = width - 1, h = height - 1;
    guint capacity, n;
    gboolean started = FALSE;

    gtk_render_background (style, cr, 0, 0, width, height);
    gtk_style_context_get_color (style, gtk_style_context_get_state (style), &fg);
    if (!gtk_style_context_lookup_color (style, "theme_selected_bg_color", &accent))
        gdk_rgba_parse (&accent, "#3584e4");

    cairo_set_line_width (cr, 1.0);
    cairo_rectangle (cr, 0.5, 0.5, w, h);
    set_color (cr, &fg, 0.06);
    cairo_fill_preserve (cr);
    set_color (cr, &fg, 0.3);
    cairo_stroke (cr);
    /* Quarter lines. */
    for (int i = 1; i < 4; i++) {
        double y = floor (0.5 + h * i / 4.0) + 0.5;

        cairo_move_to (cr, 1, y);
        cairo_line_to (cr, w, y);
    }
    set_color (cr, &fg, 0.1);
    cairo_stroke (cr);

    self->n_drawn = 0;
    if (self->history == NULL || w < 4 || h < 4)
        return FALSE;
    capacity = MIN ((guint) (w / PIXELS_PER_SAMPLE) + 1,
                    vireo_stats_history_get_capacity (self->history));
    values = g_new0 (double, capacity);
    n = vireo_stats_history_copy_values (self->history, self->metric, values, capacity);
    top = self->max > 0 ? self->max
                        : vireo_stats_history_get_max (self->history, self->metric, n);
    if (top <= 0)
        top = 1;

    /* The line, newest at the right edge; gaps where a value is missing. */
    for (guint i = 0; i < n; i++) {
        double v = values[i];
        double y;

        x = w - (double) (n - 1 - i) * PIXELS_PER_SAMPLE + 0.5;
        if (!isfinite (v)) {
            started = FALSE;
            continue;
        }
        y = 0.5 + h - CLAMP (v / top, 0.0, 1.0) * (h - 2);
        if (!started)
            cairo_move_to (cr, x, y);
        else
            cairo_line_to (cr, x, y);
        started = TRUE;
        self->n_drawn++;
    }
    cairo_set_line_width (cr, 1.5);
    set_color (cr, &accent, 1.0);
    cairo_stroke (cr);

    /* The area under it. */
    started = FALSE;
    for (guint i = 0; i < n; i++) {
        double v = values[i];

        x = w - (double) (n - 1 - i) * PIXELS_PER_SAMPLE + 0.5;
        if (!isfinite (v)) {
            if (started) {
                cairo_line_to (cr, x - PIXELS_PER_SAMPLE, h);
                cairo_close_path (cr);
            }
            started = FALSE;
            continue;
        }
        if (!started)
            cairo_move_to (cr, x, h);
        cairo_line_to (cr, x, 0.5 + h - CLAMP (v / top, 0.0, 1.0) * (h - 2));
        started = TRUE;
    }
    if (started) {
        cairo_line_to (cr, w + 0.5, h);
        cairo_close_path (cr);
    }
    set_color (cr, &accent, 0.25);
    cairo_fill (cr);
    return FALSE;
}

static void
vireo_host_graph_get_preferred_height (GtkWidget *widget,
                                       int       *minimum,
                                       int       *natural)
{
    *minimum = 48;
    *natural = 96;
}

static void
vireo_host_graph_get_preferred_width (GtkWidget *widget,
                                      int       *minimum,
                                      int       *natural)
{
    *minimum = 120;
    *natural = 320;
}

static void
vireo_host_graph_finalize (GObject *object)
{
    VireoHostGraph *self = VIREO_HOST_GRAPH (object);

    g_clear_object (&self->history);

    G_OBJECT_CLASS (vireo_host_graph_parent_class)->finalize (object);
}

static void
vireo_host_graph_class_init (VireoHostGraphClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->finalize = vireo_host_graph_finalize;
    widget_class->draw = vireo_host_graph_draw;
    widget_class->get_preferred_height = vireo_host_graph_get_preferred_height;
    widget_class->get_preferred_width = vireo_host_graph_get_preferred_width;
    gtk_widget_class_set_css_name (widget_class, "vireo-host-graph");
    gtk_widget_class_set_accessible_role (widget_class, ATK_ROLE_CHART);
}

static void
vireo_host_graph_init (VireoHostGraph *self)
{
}

GtkWidget *
vireo_host_graph_new (void)
{
    return g_object_new (VIREO_TYPE_HOST_GRAPH, NULL);
}

void
vireo_host_graph_set_history (VireoHostGraph    *self,
                              VireoStatsHistory *history,
                              VireoStatsMetric   metric,
                              double             max)
{
    g_return_if_fail (VIREO_IS_HOST_GRAPH (self));
    g_return_if_fail (history == NULL || VIREO_IS_STATS_HISTORY (history));

    g_set_object (&self->history, history);
    self->metric = metric;
    self->max = max;
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vireo_host_graph_set_max (VireoHostGraph *self,
                          double          max)
{
    g_return_if_fail (VIREO_IS_HOST_GRAPH (self));

    self->max = max;
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vireo_host_graph_update (VireoHostGraph *self)
{
    g_return_if_fail (VIREO_IS_HOST_GRAPH (self));

    gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
vireo_host_graph_get_n_drawn (VireoHostGraph *self)
{
    g_return_val_if_fail (VIREO_IS_HOST_GRAPH (self), 0);

    return self->n_drawn;
}
