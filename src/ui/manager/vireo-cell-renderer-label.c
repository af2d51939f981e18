/* vireo-cell-renderer-label.c: a text cell that keeps the Pango layout of
 * each string it has drawn
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GtkCellRendererText makes a PangoLayout at every draw of every cell:
 * the text is parsed, itemized, shaped and measured each time, which is
 * most of what redrawing a list after its rows moved costs.  This one
 * draws the way GtkCellRendererText does (the same offsets, width and
 * clip, gtk_render_layout() with the widget's style context) from a layout
 * kept per string.
 */
#include <string.h>

#include "vireo-cell-renderer-label.h"

/* Past this many strings the layouts are dropped and made again as drawn
 * (a thousand VMs with a title each fit). */
#define MAX_CACHED 4096

typedef struct {
    PangoLayout *layout;
    /* Its logical size unellipsized, as GtkCellRendererText measures it
     * before it sets the width. */
    int width;
    int height;
} CachedLayout;

struct _VireoCellRendererLabel {
    GtkCellRendererText parent_instance;

    gboolean use_markup;
    char    *string;          /* what set_string() last set, or NULL */
    char    *text;            /* the "text" property it gave (markup without tags) */
    gboolean foreign;         /* a property this drawing ignores was set */
    PangoEllipsizeMode ellipsize;

    GHashTable      *cache;   /* string -> CachedLayout */
    PangoContext    *context; /* what the cached layouts were made with */
    guint            context_serial;
    GtkTextDirection direction;
};

enum {
    PROP_0,
    PROP_USE_MARKUP,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoCellRendererLabel, vireo_cell_renderer_label,
                     GTK_TYPE_CELL_RENDERER_TEXT)

static void
cached_layout_free (gpointer data)
{
    CachedLayout *cached = data;

    g_object_unref (cached->layout);
    g_free (cached);
}

/* The properties the drawing below honours, or that do not change how the
 * text looks; setting any other one hands the drawing back to
 * GtkCellRendererText. */
static gboolean
property_is_known (const char *name)
{
    static const char *const known[] = {
        "xalign", "yalign", "xpad", "ypad", "width", "height", "visible", "sensitive",
        "mode", "is-expander", "is-expanded", "cell-background", "cell-background-gdk",
        "cell-background-rgba", "cell-background-set", "editable", "editable-set",
        "editing", "width-chars", "max-width-chars", "ellipsize", "ellipsize-set",
        "text", "markup", "attributes", "use-markup",
    };

    for (guint i = 0; i < G_N_ELEMENTS (known); i++) {
        if (strcmp (name, known[i]) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
notify_cb (VireoCellRendererLabel *self,
           GParamSpec             *pspec)
{
    const char *name = pspec->name;

    /* The value itself is checked where it is drawn: a GtkCellArea holds
     * the notifications back until its cell data function returns. */
    if (strcmp (name, "text") == 0 || strcmp (name, "markup") == 0 ||
        strcmp (name, "attributes") == 0)
        return;
    if (strcmp (name, "ellipsize") == 0 || strcmp (name, "ellipsize-set") == 0) {
        PangoEllipsizeMode mode;
        gboolean set;

        g_object_get (self, "ellipsize", &mode, "ellipsize-set", &set, NULL);
        self->ellipsize = set ? mode : PANGO_ELLIPSIZE_NONE;
        g_hash_table_remove_all (self->cache);
    } else if (!property_is_known (name)) {
        self->foreign = TRUE;
    }
}

/* Drops the layouts when they were made for another font or direction. */
static void
check_context (VireoCellRendererLabel *self,
               GtkWidget              *widget)
{
    PangoContext *context = gtk_widget_get_pango_context (widget);
    guint serial = pango_context_get_serial (context);
    GtkTextDirection direction = gtk_widget_get_direction (widget);

    if (context == self->context && serial == self->context_serial &&
        direction == self->direction)
        return;
    g_hash_table_remove_all (self->cache);
    self->context = context;
    self->context_serial = serial;
    self->direction = direction;
}

/* The layout GtkCellRendererText would make for the string (get_layout()
 * with no cell area, the properties above at their defaults). */
static CachedLayout *
make_layout (VireoCellRendererLabel *self,
             GtkWidget              *widget)
{
    CachedLayout *cached = g_new0 (CachedLayout, 1);
    PangoRectangle rect;

    cached->layout = gtk_widget_create_pango_layout (widget, NULL);
    if (self->use_markup)
        pango_layout_set_markup (cached->layout, self->string, -1);
    else
        pango_layout_set_text (cached->layout, self->string, -1);
    pango_layout_set_ellipsize (cached->layout, self->ellipsize);
    pango_layout_set_width (cached->layout, -1);
    pango_layout_set_wrap (cached->layout, PANGO_WRAP_CHAR);
    pango_layout_set_alignment (cached->layout,
                                gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                                    ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_get_pixel_extents (cached->layout, NULL, &rect);
    cached->width = rect.width;
    cached->height = rect.height;
    if (g_hash_table_size (self->cache) >= MAX_CACHED)
        g_hash_table_remove_all (self->cache);
    g_hash_table_insert (self->cache, g_strdup (self->string), cached);
    return cached;
}

static void
vireo_cell_renderer_label_render (GtkCellRenderer      *cell,
                                  cairo_t              *cr,
                                  GtkWidget            *widget,
                                  const GdkRectangle   *background_area,
                                  const GdkRectangle   *cell_area,
                                  GtkCellRendererState  flags)
{
    VireoCellRendererLabel *self = VIREO_CELL_RENDERER_LABEL (cell);
    CachedLayout *cached = NULL;
    PangoRectangle rect;
    int xpad, ypad, width, height, x_offset, y_offset;
    float xalign, yalign;

    /* An empty string draws nothing (a VM without a title). */
    if (self->string != NULL && self->string[0] == '\0' && !self->foreign)
        return;
    if (self->string != NULL && !self->foreign && (flags & GTK_CELL_RENDERER_PRELIT) == 0) {
        check_context (self, widget);
        cached = g_hash_table_lookup (self->cache, self->string);
        if (cached == NULL)
            cached = make_layout (self, widget);
    }
    if (cached == NULL) {
        GTK_CELL_RENDERER_CLASS (vireo_cell_renderer_label_parent_class)->render (
            cell, cr, widget, background_area, cell_area, flags);
        return;
    }

    /* GtkCellRendererText's get_size() and render(), step by step. */
    gtk_cell_renderer_get_padding (cell, &xpad, &ypad);
    gtk_cell_renderer_get_alignment (cell, &xalign, &yalign);
    width = MIN (cached->width, cell_area->width - 2 * xpad);
    height = MIN (cached->height, cell_area->height - 2 * ypad);
    if (self->direction == GTK_TEXT_DIR_RTL)
        x_offset = (1.0 - xalign) * (cell_area->width - (width + 2 * xpad));
    else
        x_offset = xalign * (cell_area->width - (width + 2 * xpad));
    if (self->ellipsize != PANGO_ELLIPSIZE_NONE)
        x_offset = MAX (x_offset, 0);
    y_offset = yalign * (cell_area->height - (height + 2 * ypad));
    y_offset = MAX (y_offset, 0);

    if (self->ellipsize != PANGO_ELLIPSIZE_NONE)
        pango_layout_set_width (cached->layout,
                                (cell_area->width - x_offset - 2 * xpad) * PANGO_SCALE);
    else
        pango_layout_set_width (cached->layout, -1);
    pango_layout_get_pixel_extents (cached->layout, NULL, &rect);
    x_offset -= rect.x;

    cairo_save (cr);
    gdk_cairo_rectangle (cr, cell_area);
    cairo_clip (cr);
    gtk_render_layout (gtk_widget_get_style_context (widget), cr,
                       cell_area->x + x_offset + xpad, cell_area->y + y_offset + ypad,
                       cached->layout);
    cairo_restore (cr);
}

static void
vireo_cell_renderer_label_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
    VireoCellRendererLabel *self = VIREO_CELL_RENDERER_LABEL (object);

    switch (prop_id) {
    case PROP_USE_MARKUP:
        g_value_set_boolean (value, self->use_markup);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_cell_renderer_label_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
    VireoCellRendererLabel *self = VIREO_CELL_RENDERER_LABEL (object);

    switch (prop_id) {
    case PROP_USE_MARKUP:
        self->use_markup = g_value_get_boolean (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_cell_renderer_label_finalize (GObject *object)
{
    VireoCellRendererLabel *self = VIREO_CELL_RENDERER_LABEL (object);

    g_free (self->string);
    g_free (self->text);
    g_hash_table_destroy (self->cache);
    G_OBJECT_CLASS (vireo_cell_renderer_label_parent_class)->finalize (object);
}

static void
vireo_cell_renderer_label_class_init (VireoCellRendererLabelClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS (klass);

    object_class->get_property = vireo_cell_renderer_label_get_property;
    object_class->set_property = vireo_cell_renderer_label_set_property;
    object_class->finalize = vireo_cell_renderer_label_finalize;
    cell_class->render = vireo_cell_renderer_label_render;

    properties[PROP_USE_MARKUP] =
        g_param_spec_boolean ("use-markup", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                              G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_cell_renderer_label_init (VireoCellRendererLabel *self)
{
    self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_layout_free);
    self->ellipsize = PANGO_ELLIPSIZE_NONE;
    g_signal_connect (self, "notify", G_CALLBACK (notify_cb), NULL);
}

GtkCellRenderer *
vireo_cell_renderer_label_new (gboolean use_markup)
{
    return g_object_new (VIREO_TYPE_CELL_RENDERER_LABEL, "use-markup", use_markup, NULL);
}

void
vireo_cell_renderer_label_set_string (VireoCellRendererLabel *self,
                                      const char             *string)
{
    g_return_if_fail (VIREO_IS_CELL_RENDERER_LABEL (self));

    if (self->string != NULL && g_strcmp0 (string, self->string) == 0) {
        g_autofree char *text = NULL;

        /* Unless the value was set through the properties meanwhile: the
         * same string again would parse the markup for nothing. */
        g_object_get (self, "text", &text, NULL);
        if (g_strcmp0 (text, self->text) == 0)
            return;
    }
    g_object_set (self, self->use_markup ? "markup" : "text", string, NULL);
    g_free (self->string);
    self->string = g_strdup (string);
    g_free (self->text);
    g_object_get (self, "text", &self->text, NULL);
}

guint
vireo_cell_renderer_label_get_n_cached (VireoCellRendererLabel *self)
{
    g_return_val_if_fail (VIREO_IS_CELL_RENDERER_LABEL (self), 0);

    return g_hash_table_size (self->cache);
}
