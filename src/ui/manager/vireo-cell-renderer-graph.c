/* vireo-cell-renderer-graph.c: a sparkline of one stats metric in a tree cell
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>

#include <cairo.h>
#ifdef CAIRO_HAS_XLIB_SURFACE
#include <cairo-xlib.h>
#endif

#include "vireo-cell-renderer-graph.h"

#define GRAPH_WIDTH  96
#define GRAPH_HEIGHT 28
#define LINE_WIDTH   1.5

struct _VireoCellRendererGraph {
    GtkCellRenderer parent_instance;

    /* owned */
    VireoStatsHistory *history;
    guint              metric;
    guint              n_points;
    double             max_value;
    double             scale_floor;

    /* unowned */
    VireoGraphBatch   *batch;
};

/* One image for the graphs of one draw of a widget.  On X11, cairo turns
 * each graph's shapes into trapezoids that the X server rasterizes, one
 * request per shape: at 1,000 VMs with five graph columns, sorted by guest
 * CPU, a stats tick redraws 125 graphs, and the trapezoids were most of the
 * frame's requests and most of its time (bench/manager-scale).  In a batch,
 * the graphs are drawn on the client into one image, which goes to the
 * widget's pixel cache and to the window, one request each, clipped to the
 * parts of the cells the draw shows. */
struct _VireoGraphBatch {
    gboolean         armed;          /* between begin and end */
    cairo_surface_t *image;          /* the target's size, transparent but where drawn */
    cairo_t         *cr;             /* on image, in the target's device space */
    cairo_surface_t *target;         /* where the cells are drawn in this draw (the
                                      * tree view's pixel cache) */
    double           target_x;       /* the cells' user space (the bin window's) */
    double           target_y;       /* in target's device space */
    cairo_region_t  *cells;          /* target rectangles the draw shows */
    cairo_region_t  *drawn;          /* image rectangles drawn on since cleared */
};

enum {
    PROP_0,
    PROP_HISTORY,
    PROP_METRIC,
    PROP_N_POINTS,
    PROP_MAX_VALUE,
    PROP_SCALE_FLOOR,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoCellRendererGraph, vireo_cell_renderer_graph, GTK_TYPE_CELL_RENDERER)

static void
set_source_line (cairo_t *cr,
                 gboolean selected,
                 double   alpha)
{
    if (selected)
        cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, alpha);
    else
        cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, alpha);   /* #3584e4 */
}

static void
vireo_cell_renderer_graph_get_preferred_width (GtkCellRenderer *cell,
                                               GtkWidget       *widget,
                                               int             *minimum,
                                               int             *natural)
{
    int xpad;

    gtk_cell_renderer_get_padding (cell, &xpad, NULL);
    if (minimum)
        *minimum = GRAPH_WIDTH / 2 + 2 * xpad;
    if (natural)
        *natural = GRAPH_WIDTH + 2 * xpad;
}

static void
vireo_cell_renderer_graph_get_preferred_height (GtkCellRenderer *cell,
                                                GtkWidget       *widget,
                                                int             *minimum,
                                                int             *natural)
{
    int ypad;

    gtk_cell_renderer_get_padding (cell, NULL, &ypad);
    if (minimum)
        *minimum = GRAPH_HEIGHT / 2 + 2 * ypad;
    if (natural)
        *natural = GRAPH_HEIGHT + 2 * ypad;
}

/* A y of the line's band, kept between the frame's top and bottom lines
 * (the points are between them already). */
static inline double
band_edge (double y,
           double h)
{
    return CLAMP (y, -0.5, h + 0.5);
}

/* Draws the graph in the box @x, @y, @w, @h of @cr (x and y on a pixel's
 * centre). */
static void
draw_graph (VireoCellRendererGraph *self,
            cairo_t                *cr,
            double                  x,
            double                  y,
            double                  w,
            double                  h,
            gboolean                selected)
{
    g_autofree double *values = NULL;
    g_autofree double *xy = NULL;
    double max_value;
    guint n;

    cairo_save (cr);
    cairo_set_line_width (cr, 1.0);

    /* The frame: its inside filled on whole pixels, its line on the pixels
     * around. */
    cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
    set_source_line (cr, selected, 0.08);
    cairo_fill (cr);
    cairo_rectangle (cr, x, y, w, h);
    set_source_line (cr, selected, 0.35);
    cairo_stroke (cr);

    if (self->history == NULL || self->n_points < 2)
        goto out;

    values = g_new0 (double, self->n_points);
    n = vireo_stats_history_copy_values (self->history, self->metric, values, self->n_points);
    {
        guint n_finite = 0;

        for (guint i = 0; i < n; i++)
            n_finite += isfinite (values[i]) ? 1 : 0;
        /* Nothing sampled (the metric is off, or the driver has no such stats). */
        if (n_finite == 0)
            goto out;
    }

    max_value = self->max_value;
    if (max_value <= 0) {
        max_value = vireo_stats_history_get_max (self->history, self->metric, self->n_points);
        max_value = MAX (max_value, self->scale_floor);
        if (max_value <= 0)
            max_value = 1;
    }

    xy = g_new (double, 2 * n);
    vireo_cell_renderer_graph_layout (values, n, self->n_points, max_value, w, h, xy);

    cairo_translate (cr, x, y);

    /* The area under the line is filled without antialiasing: the line
     * covers its only slanted edge. */
    cairo_move_to (cr, xy[0], h);
    for (guint i = 0; i < n; i++)
        cairo_line_to (cr, xy[2 * i], xy[2 * i + 1]);
    cairo_line_to (cr, xy[2 * (n - 1)], h);
    cairo_close_path (cr);
    set_source_line (cr, selected, 0.30);
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
    cairo_fill (cr);
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

    /* The line: a band LINE_WIDTH tall around the points, filled, not a
     * stroke (which adds a join at every point).  It stays on the frame's
     * line (no clip: the shapes are inside the frame already), and it is
     * antialiased on a coarser grid: drawn at every stats tick for every
     * row shown, the band was most of the list's drawing time. */
    cairo_move_to (cr, xy[0], band_edge (xy[1] - LINE_WIDTH / 2, h));
    for (guint i = 1; i < n; i++)
        cairo_line_to (cr, xy[2 * i], band_edge (xy[2 * i + 1] - LINE_WIDTH / 2, h));
    for (guint i = n; i-- > 0;)
        cairo_line_to (cr, xy[2 * i], band_edge (xy[2 * i + 1] + LINE_WIDTH / 2, h));
    cairo_close_path (cr);
    set_source_line (cr, selected, 1.0);
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
    cairo_fill (cr);

out:
    cairo_restore (cr);
}

static gboolean
batch_adopt_target (VireoGraphBatch *batch,
                    cairo_surface_t *target,
                    double           x,
                    double           y)
{
#ifdef CAIRO_HAS_XLIB_SURFACE
    double scale_x = 1, scale_y = 1;
    int width, height;

    /* On other targets (an image, on Wayland) the graphs are drawn on the
     * client already. */
    if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_XLIB)
        return FALSE;
    width = cairo_xlib_surface_get_width (target);
    height = cairo_xlib_surface_get_height (target);
    if (width <= 0 || height <= 0)
        return FALSE;
    cairo_surface_get_device_scale (target, &scale_x, &scale_y);
    if (batch->image != NULL) {
        double image_x, image_y;

        cairo_surface_get_device_scale (batch->image, &image_x, &image_y);
        if (cairo_image_surface_get_width (batch->image) != width ||
            cairo_image_surface_get_height (batch->image) != height ||
            image_x != scale_x || image_y != scale_y) {
            g_clear_pointer (&batch->cr, cairo_destroy);
            g_clear_pointer (&batch->image, cairo_surface_destroy);
        }
    }
    if (batch->image == NULL) {
        /* Shared memory with the X server, where it has that. */
        batch->image = cairo_surface_create_similar_image (target, CAIRO_FORMAT_ARGB32,
                                                           width, height);
        if (cairo_surface_status (batch->image) != CAIRO_STATUS_SUCCESS) {
            g_clear_pointer (&batch->image, cairo_surface_destroy);
            return FALSE;
        }
        cairo_surface_set_device_scale (batch->image, scale_x, scale_y);
        batch->cr = cairo_create (batch->image);
        cairo_region_subtract (batch->drawn, batch->drawn);
    }
    /* Transparent again where the last draw drew.  Not at the end of that
     * draw: the X server may still be reading the image then, and cairo
     * would wait for it. */
    if (!cairo_region_is_empty (batch->drawn)) {
        cairo_save (batch->cr);
        cairo_set_operator (batch->cr, CAIRO_OPERATOR_CLEAR);
        gdk_cairo_region (batch->cr, batch->drawn);
        cairo_fill (batch->cr);
        cairo_restore (batch->cr);
        cairo_region_subtract (batch->drawn, batch->drawn);
    }
    cairo_region_subtract (batch->cells, batch->cells);
    batch->target = cairo_surface_reference (target);
    batch->target_x = x;
    batch->target_y = y;
    return TRUE;
#else
    return FALSE;
#endif
}

/* Whether @cr draws a cell that goes into @batch: between begin and end,
 * on the batch's target (the first one seen), with a matrix that only
 * moves, as it did for the first cell.  If so, sets the offset from @cr's
 * user space to the image's. */
static gboolean
batch_takes (VireoGraphBatch *batch,
             cairo_t         *cr,
             double          *dx,
             double          *dy)
{
    cairo_surface_t *target = cairo_get_group_target (cr);
    cairo_matrix_t matrix;

    if (!batch->armed)
        return FALSE;
    cairo_get_matrix (cr, &matrix);
    if (matrix.xx != 1 || matrix.yy != 1 || matrix.xy != 0 || matrix.yx != 0 ||
        matrix.x0 != round (matrix.x0) || matrix.y0 != round (matrix.y0))
        return FALSE;
    if (batch->target == NULL && !batch_adopt_target (batch, target, matrix.x0, matrix.y0))
        return FALSE;
    if (target != batch->target || matrix.x0 != batch->target_x || matrix.y0 != batch->target_y)
        return FALSE;
    *dx = matrix.x0;
    *dy = matrix.y0;
    return TRUE;
}

/* @cell_area, drawn into the image, and the part of it the draw shows
 * (its clip), in image space. */
static void
batch_add_cell (VireoGraphBatch    *batch,
                cairo_t            *cr,
                const GdkRectangle *cell_area,
                double              dx,
                double              dy)
{
    double x1, y1, x2, y2;
    cairo_rectangle_int_t rect = {
        cell_area->x + (int) dx, cell_area->y + (int) dy, cell_area->width, cell_area->height
    };

    cairo_region_union_rectangle (batch->drawn, &rect);

    cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
    x1 = MAX (x1, cell_area->x) + dx;
    y1 = MAX (y1, cell_area->y) + dy;
    x2 = MIN (x2, cell_area->x + cell_area->width) + dx;
    y2 = MIN (y2, cell_area->y + cell_area->height) + dy;
    rect.x = (int) floor (x1);
    rect.y = (int) floor (y1);
    rect.width = (int) ceil (x2) - rect.x;
    rect.height = (int) ceil (y2) - rect.y;
    if (rect.width > 0 && rect.height > 0)
        cairo_region_union_rectangle (batch->cells, &rect);
}

static void
vireo_cell_renderer_graph_render (GtkCellRenderer      *cell,
                                  cairo_t              *cr,
                                  GtkWidget            *widget,
                                  const GdkRectangle   *background_area,
                                  const GdkRectangle   *cell_area,
                                  GtkCellRendererState  flags)
{
    VireoCellRendererGraph *self = VIREO_CELL_RENDERER_GRAPH (cell);
    gboolean selected = (flags & GTK_CELL_RENDERER_SELECTED) != 0;
    double x, y, w, h, dx, dy;
    int xpad, ypad;

    gtk_cell_renderer_get_padding (cell, &xpad, &ypad);
    x = cell_area->x + xpad + 0.5;
    y = cell_area->y + ypad + 0.5;
    w = cell_area->width - 2 * xpad - 1;
    h = MIN (cell_area->height - 2 * ypad, GRAPH_HEIGHT) - 1;
    y += floor ((cell_area->height - 2 * ypad - 1 - h) / 2);
    if (w < 4 || h < 4)
        return;

    if (self->batch != NULL && batch_takes (self->batch, cr, &dx, &dy)) {
        draw_graph (self, self->batch->cr, x + dx, y + dy, w, h, selected);
        batch_add_cell (self->batch, cr, cell_area, dx, dy);
    } else {
        draw_graph (self, cr, x, y, w, h, selected);
    }
}

static void
vireo_cell_renderer_graph_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
    VireoCellRendererGraph *self = VIREO_CELL_RENDERER_GRAPH (object);

    switch (prop_id) {
    case PROP_HISTORY:
        g_value_set_object (value, self->history);
        break;
    case PROP_METRIC:
        g_value_set_uint (value, self->metric);
        break;
    case PROP_N_POINTS:
        g_value_set_uint (value, self->n_points);
        break;
    case PROP_MAX_VALUE:
        g_value_set_double (value, self->max_value);
        break;
    case PROP_SCALE_FLOOR:
        g_value_set_double (value, self->scale_floor);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_cell_renderer_graph_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
    VireoCellRendererGraph *self = VIREO_CELL_RENDERER_GRAPH (object);

    switch (prop_id) {
    case PROP_HISTORY:
        g_set_object (&self->history, g_value_get_object (value));
        break;
    case PROP_METRIC:
        self->metric = g_value_get_uint (value);
        break;
    case PROP_N_POINTS:
        self->n_points = g_value_get_uint (value);
        break;
    case PROP_MAX_VALUE:
        self->max_value = g_value_get_double (value);
        break;
    case PROP_SCALE_FLOOR:
        self->scale_floor = g_value_get_double (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_cell_renderer_graph_dispose (GObject *object)
{
    VireoCellRendererGraph *self = VIREO_CELL_RENDERER_GRAPH (object);

    g_clear_object (&self->history);
    G_OBJECT_CLASS (vireo_cell_renderer_graph_parent_class)->dispose (object);
}

static void
vireo_cell_renderer_graph_class_init (VireoCellRendererGraphClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS (klass);

    object_class->get_property = vireo_cell_renderer_graph_get_property;
    object_class->set_property = vireo_cell_renderer_graph_set_property;
    object_class->dispose = vireo_cell_renderer_graph_dispose;

    cell_class->get_preferred_width = vireo_cell_renderer_graph_get_preferred_width;
    cell_class->get_preferred_height = vireo_cell_renderer_graph_get_preferred_height;
    cell_class->render = vireo_cell_renderer_graph_render;

    properties[PROP_HISTORY] =
        g_param_spec_object ("history", NULL, NULL, VIREO_TYPE_STATS_HISTORY,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    properties[PROP_METRIC] =
        g_param_spec_uint ("metric", NULL, NULL, 0, VIREO_STATS_N_METRICS - 1,
                           VIREO_STATS_METRIC_CPU_PERCENT,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    properties[PROP_N_POINTS] =
        g_param_spec_uint ("n-points", NULL, NULL, 2, 3600, 40,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    properties[PROP_MAX_VALUE] =
        g_param_spec_double ("max-value", NULL, NULL, 0, G_MAXDOUBLE, 100,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    properties[PROP_SCALE_FLOOR] =
        g_param_spec_double ("scale-floor", NULL, NULL, 0, G_MAXDOUBLE, 0,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_cell_renderer_graph_init (VireoCellRendererGraph *self)
{
    self->metric = VIREO_STATS_METRIC_CPU_PERCENT;
    self->n_points = 40;
    self->max_value = 100;
    gtk_cell_renderer_set_padding (GTK_CELL_RENDERER (self), 6, 4);
}

GtkCellRenderer *
vireo_cell_renderer_graph_new (void)
{
    return g_object_new (VIREO_TYPE_CELL_RENDERER_GRAPH, NULL);
}

void
vireo_cell_renderer_graph_set_batch (VireoCellRendererGraph *self,
                                     VireoGraphBatch        *batch)
{
    g_return_if_fail (VIREO_IS_CELL_RENDERER_GRAPH (self));

    self->batch = batch;
}

VireoGraphBatch *
vireo_graph_batch_new (void)
{
    VireoGraphBatch *batch = g_new0 (VireoGraphBatch, 1);

    batch->cells = cairo_region_create ();
    batch->drawn = cairo_region_create ();
    return batch;
}

void
vireo_graph_batch_free (VireoGraphBatch *batch)
{
    if (batch == NULL)
        return;
    g_clear_pointer (&batch->cr, cairo_destroy);
    g_clear_pointer (&batch->image, cairo_surface_destroy);
    g_clear_pointer (&batch->target, cairo_surface_destroy);
    cairo_region_destroy (batch->cells);
    cairo_region_destroy (batch->drawn);
    g_free (batch);
}

void
vireo_graph_batch_begin (VireoGraphBatch *batch)
{
    g_return_if_fail (batch != NULL);

    g_clear_pointer (&batch->target, cairo_surface_destroy);
    batch->armed = TRUE;
}

/* The cells drawn, from @batch's image onto @cr, whose user space is the
 * target's device space. */
static void
batch_paint (VireoGraphBatch *batch,
             cairo_t         *cr)
{
    gdk_cairo_region (cr, batch->cells);
    cairo_clip (cr);
    cairo_set_source_surface (cr, batch->image, 0, 0);
    cairo_paint (cr);
}

void
vireo_graph_batch_end (VireoGraphBatch *batch,
                       cairo_t         *cr,
                       GtkWidget       *widget,
                       GdkWindow       *window)
{
    g_return_if_fail (batch != NULL);

    batch->armed = FALSE;
    if (batch->target == NULL)
        return;
    if (!cairo_region_is_empty (batch->cells)) {
        /* Into the target, which the widget keeps and may show again without
         * drawing the cells (a pixel cache)... */
        if (batch->target != cairo_get_group_target (cr)) {
            cairo_t *target_cr = cairo_create (batch->target);

            batch_paint (batch, target_cr);
            cairo_destroy (target_cr);
        }
        /* ...and onto the window, which the widget drew from the target
         * before the cells were in it (or drew the cells on itself). */
        if (gtk_cairo_should_draw_window (cr, window)) {
            cairo_save (cr);
            gtk_cairo_transform_to_window (cr, widget, window);
            cairo_rectangle (cr, 0, 0, gdk_window_get_width (window),
                             gdk_window_get_height (window));
            cairo_clip (cr);
            cairo_translate (cr, -batch->target_x, -batch->target_y);
            batch_paint (batch, cr);
            cairo_restore (cr);
        }
    }
    g_clear_pointer (&batch->target, cairo_surface_destroy);
}

void
vireo_cell_renderer_graph_layout (const double *values,
                                  guint         n_values,
                                  guint         n_points,
                                  double        max_value,
                                  double        width,
                                  double        height,
                                  double       *xy)
{
    double step;
    guint first_slot;

    g_return_if_fail (n_points >= 2);
    g_return_if_fail (values != NULL || n_values == 0);

    n_values = MIN (n_values, n_points);
    step = width / (n_points - 1);
    first_slot = n_points - n_values;
    if (max_value <= 0)
        max_value = 1;

    for (guint i = 0; i < n_values; i++) {
        double v = values[i];

        if (!isfinite (v) || v < 0)
            v = 0;
        if (v > max_value)
            v = max_value;
        xy[2 * i] = (first_slot + i) * step;
        xy[2 * i + 1] = height - (v / max_value) * height;
    }
}
