/* vireo-xml-view-module.c: the XML view, GtkSourceView with XML highlighting
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gmodule.h>
#include <gtksourceview/gtksource.h>

#include "vireo-xml-view-module.h"

G_MODULE_EXPORT GtkWidget *vireo_xml_view_module_new (void);

G_GNUC_UNUSED static const VireoXmlViewModuleNewFunc new_type_check = vireo_xml_view_module_new;

/* A dark theme has light text.  Asked of the view's parent (the view's own
 * colours are the scheme's once it has one). */
static gboolean
is_dark (GtkWidget *widget)
{
    GtkWidget *parent = gtk_widget_get_parent (widget);
    GtkStyleContext *context = gtk_widget_get_style_context (parent != NULL ? parent : widget);
    GdkRGBA color;

    gtk_style_context_get_color (context, gtk_style_context_get_state (context), &color);
    return 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue > 0.5;
}

static void
follow_theme (GtkWidget *widget)
{
    GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
    GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)));
    const char *const *candidates;
    static const char *const dark[] = { "Adwaita-dark", "oblivion", "cobalt", NULL };
    static const char *const light[] = { "Adwaita", "classic", "tango", NULL };

    candidates = is_dark (widget) ? dark : light;
    for (guint i = 0; candidates[i] != NULL; i++) {
        GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager,
                                                                                   candidates[i]);

        if (scheme != NULL) {
            /* Setting it restyles the view: only when it changes. */
            if (gtk_source_buffer_get_style_scheme (buffer) != scheme)
                gtk_source_buffer_set_style_scheme (buffer, scheme);
            return;
        }
    }
}

static void
map_cb (GtkWidget *widget,
        gpointer   user_data)
{
    follow_theme (widget);
}

GtkWidget *
vireo_xml_view_module_new (void)
{
    GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
    g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
    GtkWidget *view;

    gtk_source_buffer_set_language (buffer,
                                    gtk_source_language_manager_get_language (languages, "xml"));
    gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
    view = gtk_source_view_new_with_buffer (buffer);
    gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (view), TRUE);
    gtk_source_view_set_tab_width (GTK_SOURCE_VIEW (view), 2);
    gtk_source_view_set_insert_spaces_instead_of_tabs (GTK_SOURCE_VIEW (view), TRUE);
    gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (view), TRUE);
    gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
    /* When it is shown, in the window's theme.  (Following "style-updated"
     * would loop: a scheme restyles the view.) */
    g_signal_connect (view, "map", G_CALLBACK (map_cb), NULL);
    follow_theme (view);
    return view;
}
