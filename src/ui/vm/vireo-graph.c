/* vireo-graph.c: a stats history drawn with axes, for the Performance page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>

#include "vireo-graph.h"

#define PAD 6.0

struct _VireoGraph {
    GtkDrawingArea parent_instance;

    /* owned */
    VireoStatsHistory *history;

    /* settings */
    VireoGraphUnit     unit;
    VireoStatsMetric   first;
    int                second;
    double             max;

    /* the last draw */
    guint              n_drawn;
};

G_DEFINE_FINAL_TYPE (VireoGraph, vireo_graph, GTK_TYPE_DRAWING_AREA)

/* ---------------------------------------------------------------- helpers */

/* A round number at or above @value: 1, 2, 2.5 or 5 times a power of ten,
 * or of 1024 for sizes. */
static double
nice_ceiling (double         value,
              VireoGraphUnit unit)
{
    static const double steps[] = { 1, 2, 2.5, 5, 10 };
    double base = 1;

    if (value <= 0 || !isfinite (value))
        return unit == VIREO_GRAPH_UNIT_PERCENT ? 100 : 1024;
    if (unit != VIREO_GRAPH_UNIT_PERCENT) {
        while (value / base >= 1024)
            base *= 1024;
    }
    {
        double scaled = value / base;
        double power = pow (10, floor (log10 (scaled)));

        for (guint i = 0; i < G_N_ELEMENTS (steps); i++) {
            if (steps[i] * power >= scaled)
                return steps[i] * power * base;
        }
        return 10 * power * base;
    }
}

static gboolean
is_dark (GtkStyleContext *context)
{
    GdkRGBA color;

    gtk_style_context_get_color (context, gtk_style_context_get_state (context), &color);
    return 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue > 0.5;
}

static void
set_color (cairo_t    *cr,
           const char *spec,
           double      alpha)
{
    GdkRGBA color;

    gdk_rgba_parse (&color, spec);
    cairo_set_source_rgba (cr, color.red, color.green, color.blue, alpha);
}

static void
draw_text (GtkWidget  *widget,
           cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      xalign,
           double      yalign)
{
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
    int w, h;

    pango_layout_get_pixel_size (layout, &w, &h);
    cairo_move_to (cr, x - xalign * w, y - yalign * h);
    pango_cairo_show_layout (cr, layout);
}

static int
text_width (GtkWidget  *widget,
            const char *text,
            int        *height)
{
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
    int w, h;

    pango_layout_get_pixel_size (layout, &w, &h);
    if (height != NULL)
        *height = h;
    return w;
}

/* Draws one metric's line and the area under it; how many points it drew. */
static guint
draw_line (VireoGraph   *self,
           cairo_t      *cr,
           int           metric,
           const char   *color,
           double        x0,
           double        y0,
           double        w,
           double        h,
           double        top,
           gint64        now)
{
    guint n = vireo_stats_history_get_length (self->history);
    gboolean pen_down = FALSE;
    double first_x = 0, last_x = 0;
    guint drawn = 0;

    cairo_new_path (cr);
    for (guint i = n; i-- > 0;) {
        const VireoStatsSample *sample = vireo_stats_history_get_nth (self->history, i);
        double age = (double) (now - sample->time_us) / G_USEC_PER_SEC;
        double value = sample->values[metric];
        double x, y;

        if (age > VIREO_GRAPH_SPAN_SECONDS || age < -1)
            continue;
        if (!isfinite (value)) {
            pen_down = FALSE;
            continue;
        }
        x = x0 + w - MAX (age, 0) / VIREO_GRAPH_SPAN_SECONDS * w;
        /* Inside the frame: a line at the top or at zero stays whole. */
        y = y0 + 2 + (h - 4) * (1 - CLAMP (value / top, 0, 1));
        if (!pen_down) {
            cairo_move_to (cr, x, y);
            first_x = x;
        } else {
            cairo_line_to (cr, x, y);
        }
        last_x = x;
        pen_down = TRUE;
        drawn++;
    }
    if (drawn == 0)
        return 0;
    set_color (cr, color, 1.0);
    cairo_set_line_width (cr, 2.0);
    cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke_preserve (cr);
    /* The area under the line (its last segment, a fair hint of the rest). */
    cairo_line_to (cr, last_x, y0 + h);
    cairo_line_to (cr, first_x, y0 + h);
    cairo_close_path (cr);
    set_color (cr, color, 0.15);
    cairo_fill (cr);
    return drawn;
}

/* ---------------------------------------------------------------- overrides */

static gboolean
vireo_graph_draw (GtkWidget *widget,
                  cairo_t   *cr)
{
    VireoGraph *self = VIREO_GRAPH (widget);
    GtkStyleContext *context = gtk_widget_get_style_context (widget);
    gboolean dark = is_dark (context);
    int width = gtk_widget_get_allocated_width (widget);
    int height = gtk_widget_get_allocated_height (widget);
    gint64 now = g_get_monotonic_time ();
    double top = self->max;
    GdkRGBA fg;
    int label_h = 0;
    double x0, y0, w, h;

    gtk_style_context_get_color (context, gtk_style_context_get_state (context), &fg);
    if (self->history != NULL && vireo_stats_history_get_length (self->history) > 0) {
        const VireoStatsSample *latest = vireo_stats_history_get_latest (self->history);

        /* The samples are on the monotonic clock; the newest is "now". */
        now = MAX (now, latest->time_us);
    }
    if (top <= 0) {
        double seen = 0;

        if (self->history != NULL) {
            guint n = vireo_stats_history_get_length (self->history);

            seen = vireo_stats_history_get_max (self->history, self->first, n);
            if (self->second >= 0)
                seen = MAX (seen, vireo_stats_history_get_max (self->history, self->second, n));
        }
        top = nice_ceiling (seen, self->unit);
    }
    /* The value axis is as wide as its widest label. */
    {
        int widest = 0;

        for (int i = 0; i <= 4; i += 2) {
            g_autofree char *label = vireo_graph_format_value (self->unit,
                                                               top * (4 - i) / 4.0);

            widest = MAX (widest, text_width (widget, label, &label_h));
        }
        x0 = PAD + widest + PAD;
    }
    y0 = PAD + label_h / 2.0;
    w = width - x0 - PAD;
    h = height - y0 - PAD - label_h - 2;
    if (w < 20 || h < 20)
        return GDK_EVENT_PROPAGATE;

    /* Grid and value axis: the top, the middle and zero. */
    cairo_set_line_width (cr, 1.0);
    for (int i = 0; i <= 4; i++) {
        double y = round (y0 + h * i / 4.0) + 0.5;

        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, i == 4 ? 0.5 : 0.12);
        cairo_move_to (cr, x0, y);
        cairo_line_to (cr, x0 + w, y);
        cairo_stroke (cr);
        if (i % 2 == 0) {
            g_autofree char *label = vireo_graph_format_value (self->unit,
                                                               top * (4 - i) / 4.0);

            cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.75);
            draw_text (widget, cr, label, x0 - PAD, y, 1.0, 0.5);
        }
    }
    /* Time axis: a tick a minute, labelled every five. */
    for (int minute = 0; minute <= VIREO_GRAPH_SPAN_SECONDS / 60; minute++) {
        double x = round (x0 + w - minute * 60.0 / VIREO_GRAPH_SPAN_SECONDS * w) + 0.5;

        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, minute % 5 == 0 ? 0.35 : 0.12);
        cairo_move_to (cr, x, y0);
        cairo_line_to (cr, x, y0 + h + (minute % 5 == 0 ? 4 : 0));
        cairo_stroke (cr);
        if (minute % 5 == 0) {
            g_autofree char *label = minute == 0 ? g_strdup (_("now"))
                                                 : g_strdup_printf (_("−%d min"), minute);

            cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.75);
            draw_text (widget, cr, label, x, y0 + h + 4, minute == 0 ? 1.0 : 0.5, 0.0);
        }
    }
    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
    cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, w - 1, h);
    cairo_stroke (cr);

    self->n_drawn = 0;
    if (self->history != NULL) {
        cairo_save (cr);
        cairo_rectangle (cr, x0, y0 - 1, w, h + 2);
        cairo_clip (cr);
        self->n_drawn = draw_line (self, cr, self->first,
                                   dark ? VIREO_GRAPH_COLOR_1_DARK : VIREO_GRAPH_COLOR_1,
                                   x0, y0, w, h, top, now);
        if (self->second >= 0)
            self->n_drawn += draw_line (self, cr, self->second,
                                        dark ? VIREO_GRAPH_COLOR_2_DARK : VIREO_GRAPH_COLOR_2,
                                        x0, y0, w, h, top, now);
        cairo_restore (cr);
    }
    if (self->n_drawn == 0) {
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
        draw_text (widget, cr, _("No data"), x0 + w / 2, y0 + h / 2, 0.5, 0.5);
    }
    return GDK_EVENT_PROPAGATE;
}

static void
vireo_graph_get_preferred_height (GtkWidget *widget,
                                  int       *minimum,
                                  int       *natural)
{
    *minimum = 100;
    *natural = 140;
}

static void
vireo_graph_get_preferred_width (GtkWidget *widget,
                                 int       *minimum,
                                 int       *natural)
{
    *minimum = 240;
    *natural = 360;
}

static void
vireo_graph_dispose (GObject *object)
{
    g_clear_object (&VIREO_GRAPH (object)->history);
    G_OBJECT_CLASS (vireo_graph_parent_class)->dispose (object);
}

static void
vireo_graph_class_init (VireoGraphClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vireo_graph_dispose;
    widget_class->draw = vireo_graph_draw;
    widget_class->get_preferred_height = vireo_graph_get_preferred_height;
    widget_class->get_preferred_width = vireo_graph_get_preferred_width;
    gtk_widget_class_set_css_name (widget_class, "graph");
}

static void
vireo_graph_init (VireoGraph *self)
{
    self->second = -1;
    gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
    gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

/* ------------------------------------------------------------ public API */

GtkWidget *
vireo_graph_new (VireoGraphUnit unit)
{
    VireoGraph *self = g_object_new (VIREO_TYPE_GRAPH, NULL);

    self->unit = unit;
    return GTK_WIDGET (self);
}

void
vireo_graph_set_history (VireoGraph        *self,
                         VireoStatsHistory *history)
{
    g_return_if_fail (VIREO_IS_GRAPH (self));
    g_return_if_fail (history == NULL || VIREO_IS_STATS_HISTORY (history));

    g_set_object (&self->history, history);
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vireo_graph_set_metrics (VireoGraph      *self,
                         VireoStatsMetric first,
                         int              second)
{
    g_return_if_fail (VIREO_IS_GRAPH (self));
    g_return_if_fail (first < VIREO_STATS_N_METRICS);
    g_return_if_fail (second < VIREO_STATS_N_METRICS);

    self->first = first;
    self->second = second;
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vireo_graph_set_max (VireoGraph *self,
                     double      max)
{
    g_return_if_fail (VIREO_IS_GRAPH (self));

    self->max = max;
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
vireo_graph_format_value (VireoGraphUnit unit,
                          double         value)
{
    if (!isfinite (value))
        return g_strdup (_("n/a"));
    switch (unit) {
    case VIREO_GRAPH_UNIT_PERCENT:
        return g_strdup_printf (_("%.0f %%"), value);
    case VIREO_GRAPH_UNIT_KIB:
        return g_format_size_full ((guint64) (MAX (value, 0) * 1024), G_FORMAT_SIZE_IEC_UNITS);
    case VIREO_GRAPH_UNIT_BYTES_RATE:
    default: {
        g_autofree char *size = g_format_size_full ((guint64) MAX (value, 0),
                                                    G_FORMAT_SIZE_IEC_UNITS);

        /* TRANSLATORS: a rate: "1.5 MiB/s" */
        return g_strdup_printf (_("%s/s"), size);
    }
    }
}

guint
vireo_graph_get_n_drawn (VireoGraph *self)
{
    g_return_val_if_fail (VIREO_IS_GRAPH (self), 0);

    return self->n_drawn;
}
