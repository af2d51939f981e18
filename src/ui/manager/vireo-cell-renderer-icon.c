/* vireo-cell-renderer-icon.c: an icon cell that keeps what it drew
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GtkCellRendererPixbuf makes a GtkIconHelper at each draw, which looks the
 * icon up, recolours it (the list's state icons are symbolic) and makes a
 * surface of it: a quarter of the cost of redrawing the VM list.  Its
 * drawing is kept here instead, per look, in a surface similar to the one
 * drawn on (on X11 a pixmap of the server's), and painted over the cell.
 */
#include "vireo-cell-renderer-icon.h"

/* Past this many looks the drawings are dropped (a few icons in a few
 * states are what a list shows). */
#define MAX_CACHED 256

struct _VireoCellRendererIcon {
    GtkCellRendererPixbuf parent_instance;

    GHashTable *cache;          /* look -> cairo_surface_t */
    GtkWidget  *widget;         /* whose style-updated drops them (not owned) */
    GtkIconTheme *theme;        /* whose changed drops them (not owned) */
};

G_DEFINE_FINAL_TYPE (VireoCellRendererIcon, vireo_cell_renderer_icon,
                     GTK_TYPE_CELL_RENDERER_PIXBUF)

static void
drop_cache (VireoCellRendererIcon *self)
{
    g_hash_table_remove_all (self->cache);
}

static void
watch_widget (VireoCellRendererIcon *self,
              GtkWidget             *widget)
{
    GtkIconTheme *theme = gtk_icon_theme_get_for_screen (gtk_widget_get_screen (widget));

    if (widget != self->widget) {
        drop_cache (self);
        if (self->widget != NULL)
            g_signal_handlers_disconnect_by_data (self->widget, self);
        g_clear_weak_pointer (&self->widget);
        g_set_weak_pointer (&self->widget, widget);
        g_signal_connect_swapped (widget, "style-updated", G_CALLBACK (drop_cache), self);
    }
    if (theme != self->theme) {
        drop_cache (self);
        if (self->theme != NULL)
            g_signal_handlers_disconnect_by_data (self->theme, self);
        g_clear_weak_pointer (&self->theme);
        g_set_weak_pointer (&self->theme, theme);
        g_signal_connect_swapped (theme, "changed", G_CALLBACK (drop_cache), self);
    }
}

static void
vireo_cell_renderer_icon_render (GtkCellRenderer      *cell,
                                 cairo_t              *cr,
                                 GtkWidget            *widget,
                                 const GdkRectangle   *background_area,
                                 const GdkRectangle   *cell_area,
                                 GtkCellRendererState  flags)
{
    VireoCellRendererIcon *self = VIREO_CELL_RENDERER_ICON (cell);
    GtkCellRendererClass *parent = GTK_CELL_RENDERER_CLASS (vireo_cell_renderer_icon_parent_class);
    GtkStyleContext *context = gtk_widget_get_style_context (widget);
    GtkStateFlags state = gtk_style_context_get_state (context);
    g_autofree char *name = NULL;
    g_autofree char *key = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autoptr(GIcon) gicon = NULL;
    cairo_surface_t *surface;
    GdkRGBA color;

    g_object_get (cell, "icon-name", &name, "pixbuf", &pixbuf, "gicon", &gicon, NULL);
    if (name == NULL || pixbuf != NULL || gicon != NULL || cell_area->width <= 0 ||
        cell_area->height <= 0) {
        parent->render (cell, cr, widget, background_area, cell_area, flags);
        return;
    }

    watch_widget (self, widget);
    gtk_style_context_get_color (context, state, &color);
    key = g_strdup_printf ("%s %d %d %d %#x %d %a %a %a %a", name, cell_area->width,
                           cell_area->height, gtk_widget_get_scale_factor (widget), state,
                           gtk_widget_get_direction (widget), color.red, color.green,
                           color.blue, color.alpha);
    surface = g_hash_table_lookup (self->cache, key);
    if (surface == NULL) {
        GdkRectangle area = { 0, 0, cell_area->width, cell_area->height };
        cairo_t *icon_cr;

        surface = cairo_surface_create_similar (cairo_get_target (cr),
                                                CAIRO_CONTENT_COLOR_ALPHA,
                                                cell_area->width, cell_area->height);
        icon_cr = cairo_create (surface);
        parent->render (cell, icon_cr, widget, &area, &area, flags);
        cairo_destroy (icon_cr);
        if (g_hash_table_size (self->cache) >= MAX_CACHED)
            drop_cache (self);
        g_hash_table_insert (self->cache, g_steal_pointer (&key), surface);
    }

    cairo_save (cr);
    cairo_set_source_surface (cr, surface, cell_area->x, cell_area->y);
    cairo_rectangle (cr, cell_area->x, cell_area->y, cell_area->width, cell_area->height);
    cairo_fill (cr);
    cairo_restore (cr);
}

static void
vireo_cell_renderer_icon_dispose (GObject *object)
{
    VireoCellRendererIcon *self = VIREO_CELL_RENDERER_ICON (object);

    if (self->widget != NULL)
        g_signal_handlers_disconnect_by_data (self->widget, self);
    g_clear_weak_pointer (&self->widget);
    if (self->theme != NULL)
        g_signal_handlers_disconnect_by_data (self->theme, self);
    g_clear_weak_pointer (&self->theme);
    g_hash_table_remove_all (self->cache);
    G_OBJECT_CLASS (vireo_cell_renderer_icon_parent_class)->dispose (object);
}

static void
vireo_cell_renderer_icon_finalize (GObject *object)
{
    VireoCellRendererIcon *self = VIREO_CELL_RENDERER_ICON (object);

    g_hash_table_destroy (self->cache);
    G_OBJECT_CLASS (vireo_cell_renderer_icon_parent_class)->finalize (object);
}

static void
vireo_cell_renderer_icon_class_init (VireoCellRendererIconClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS (klass);

    object_class->dispose = vireo_cell_renderer_icon_dispose;
    object_class->finalize = vireo_cell_renderer_icon_finalize;
    cell_class->render = vireo_cell_renderer_icon_render;
}

static void
vireo_cell_renderer_icon_init (VireoCellRendererIcon *self)
{
    self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) cairo_surface_destroy);
}

GtkCellRenderer *
vireo_cell_renderer_icon_new (void)
{
    return g_object_new (VIREO_TYPE_CELL_RENDERER_ICON, NULL);
}

guint
vireo_cell_renderer_icon_get_n_cached (VireoCellRendererIcon *self)
{
    g_return_val_if_fail (VIREO_IS_CELL_RENDERER_ICON (self), 0);

    return g_hash_table_size (self->cache);
}
