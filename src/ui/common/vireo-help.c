/* vireo-help.c: F1 and Help open the help page of the window they are pressed in
 *
 * With yelp installed, help:vireo/PAGE opens the Mallard page (in the user's language
 * when the help is translated: yelp picks it).  Without yelp the HTML build of the
 * pages, installed beside the Mallard ones, opens in the default browser.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-help.h"

#define PAGE_KEY "vireo-help-page"

static char *
html_uri (const char *page)
{
    const char *override = g_getenv ("VIREO_HELP_HTML_DIR");
    const char *dir = override != NULL && *override != '\0' ? override : VIREO_HELP_HTML_DIR;
    const char * const *languages = g_get_language_names ();
    g_autofree char *name = g_strconcat (page, ".html", NULL);

    /* DIR/LANG/PAGE.html for a translated build, DIR/C/PAGE.html for the original. */
    for (guint i = 0; languages[i] != NULL; i++) {
        g_autofree char *path = g_build_filename (dir, languages[i], name, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return g_filename_to_uri (path, NULL, NULL);
    }
    return NULL;
}

static void
show_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
    GtkWindow *window = user_data;

    vireo_help_show (window, vireo_help_get_page (window));
}

static gboolean
f1_cb (GtkAccelGroup   *group,
       GObject         *acceleratable,
       guint            keyval,
       GdkModifierType  modifier,
       gpointer         user_data)
{
    GtkWindow *window = GTK_WINDOW (acceleratable);

    vireo_help_show (window, vireo_help_get_page (window));
    return TRUE;
}

char *
vireo_help_dup_uri (const char *page)
{
    g_autofree char *yelp = NULL;

    g_return_val_if_fail (page != NULL && *page != '\0', NULL);

    yelp = g_find_program_in_path ("yelp");
    if (yelp != NULL)
        return g_strdup_printf ("help:%s/%s", GETTEXT_PACKAGE, page);
    return html_uri (page);
}

static void
show_error (GtkWindow  *parent,
            const char *page,
            GError     *error)
{
    GtkWidget *dialog;

    dialog = gtk_message_dialog_new (parent, GTK_DIALOG_DESTROY_WITH_PARENT | GTK_DIALOG_MODAL,
                                     GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                     _("The help could not be shown"));
    if (error != NULL)
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                  error->message);
    else
        gtk_message_dialog_format_secondary_text (
            GTK_MESSAGE_DIALOG (dialog),
            _("Neither yelp nor the HTML help is installed (the page “%s”)."), page);
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_widget_show (dialog);
}

/* The launch ends after the handler started, maybe after @parent closed: it holds a
 * reference (gtk_show_uri_on_window() does not, and its callback then touches a
 * destroyed window). */
static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
    g_autoptr(GtkWindow) parent = user_data;
    g_autoptr(GError) error = NULL;

    if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (parent != NULL && gtk_widget_get_visible (GTK_WIDGET (parent)) ? parent
                                                                                   : NULL,
                    NULL, error);
}

void
vireo_help_show (GtkWindow  *parent,
                 const char *page)
{
    g_autofree char *uri = NULL;
    g_autoptr(GdkAppLaunchContext) context = NULL;
    GdkDisplay *display;

    g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
    g_return_if_fail (page != NULL);

    uri = vireo_help_dup_uri (page);
    if (uri == NULL) {
        show_error (parent, page, NULL);
        return;
    }
    /* What gtk_show_uri_on_window() does: the default handler of help: URIs (yelp)
     * or of HTML files (the browser), started on the window's display. */
    display = parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent))
                             : gdk_display_get_default ();
    context = gdk_display_get_app_launch_context (display);
    gdk_app_launch_context_set_timestamp (context, gtk_get_current_event_time ());
    g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                             launched_cb,
                                             parent != NULL ? g_object_ref (parent) : NULL);
}

void
vireo_help_install (GtkWindow  *window,
                    const char *page)
{
    static const GActionEntry entries[] = {
        { "show", show_activated },
    };
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GtkAccelGroup) accels = gtk_accel_group_new ();

    g_return_if_fail (GTK_IS_WINDOW (window));
    g_return_if_fail (page != NULL);

    g_object_set_data_full (G_OBJECT (window), PAGE_KEY, g_strdup (page), g_free);
    g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries),
                                     window);
    gtk_widget_insert_action_group (GTK_WIDGET (window), "help", G_ACTION_GROUP (group));
    gtk_accel_group_connect (accels, GDK_KEY_F1, 0, 0, g_cclosure_new (G_CALLBACK (f1_cb),
                                                                       NULL, NULL));
    gtk_window_add_accel_group (window, accels);
}

const char *
vireo_help_get_page (GtkWindow *window)
{
    g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

    return g_object_get_data (G_OBJECT (window), PAGE_KEY);
}
