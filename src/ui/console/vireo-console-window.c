/* vireo-console-window.c: a window showing one console page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-console-window.h"

struct _VireoConsoleWindow {
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkHeaderBar     *header_bar;
    VireoConsolePage *page;

    /* state */
    char             *title_override;
    gboolean          kiosk;
    gboolean          fullscreen;
};

G_DEFINE_FINAL_TYPE (VireoConsoleWindow, vireo_console_window, GTK_TYPE_APPLICATION_WINDOW)

static void
update_title (VireoConsoleWindow *self)
{
    const char *title = self->title_override != NULL ? self->title_override
                                                     : vireo_console_page_get_title (self->page);

    gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("Console"));
    gtk_header_bar_set_title (self->header_bar, title != NULL ? title : _("Console"));
}

static void
page_notify_fullscreen_cb (VireoConsoleWindow *self)
{
    gboolean fullscreen = vireo_console_page_get_fullscreen (self->page);

    if (self->kiosk && !fullscreen) {
        /* Kiosk windows stay fullscreen. */
        vireo_console_page_set_fullscreen (self->page, TRUE);
        return;
    }
    if (fullscreen == self->fullscreen)
        return;
    if (fullscreen)
        gtk_window_fullscreen (GTK_WINDOW (self));
    else
        gtk_window_unfullscreen (GTK_WINDOW (self));
}

static gboolean
window_state_event_cb (GtkWidget           *widget,
                       GdkEventWindowState *event)
{
    VireoConsoleWindow *self = VIREO_CONSOLE_WINDOW (widget);

    if (event->changed_mask & GDK_WINDOW_STATE_FULLSCREEN) {
        self->fullscreen = (event->new_window_state & GDK_WINDOW_STATE_FULLSCREEN) != 0;
        vireo_console_page_set_fullscreen (self->page, self->fullscreen);
    }
    return GDK_EVENT_PROPAGATE;
}

static void
close_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
    gtk_window_close (GTK_WINDOW (user_data));
}

static const GActionEntry window_actions[] = {
    { "close", close_activated },
};

static void
vireo_console_window_finalize (GObject *object)
{
    g_free (VIREO_CONSOLE_WINDOW (object)->title_override);
    G_OBJECT_CLASS (vireo_console_window_parent_class)->finalize (object);
}

static void
vireo_console_window_class_init (VireoConsoleWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->finalize = vireo_console_window_finalize;

    g_type_ensure (VIREO_TYPE_CONSOLE_PAGE);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-console-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoConsoleWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoConsoleWindow, page);
    gtk_widget_class_bind_template_callback (widget_class, window_state_event_cb);
}

static void
vireo_console_window_init (VireoConsoleWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                     G_N_ELEMENTS (window_actions), self);
    /* On the window too, so that accelerators find the console's actions
     * wherever the focus is. */
    gtk_widget_insert_action_group (GTK_WIDGET (self), "console",
                                    vireo_console_page_get_action_group (self->page));
    g_signal_connect_object (self->page, "notify::title", G_CALLBACK (update_title), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->page, "notify::fullscreen",
                             G_CALLBACK (page_notify_fullscreen_cb), self, G_CONNECT_SWAPPED);
    update_title (self);
}

VireoConsoleWindow *
vireo_console_window_new (GtkApplication *application)
{
    g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

    return g_object_new (VIREO_TYPE_CONSOLE_WINDOW, "application", application, NULL);
}

VireoConsolePage *
vireo_console_window_get_page (VireoConsoleWindow *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_WINDOW (self), NULL);

    return self->page;
}

void
vireo_console_window_set_kiosk (VireoConsoleWindow *self,
                                gboolean            kiosk)
{
    g_return_if_fail (VIREO_IS_CONSOLE_WINDOW (self));

    self->kiosk = kiosk;
    vireo_console_page_set_toolbar_visible (self->page, !kiosk);
    gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !kiosk);
    if (kiosk)
        vireo_console_page_set_fullscreen (self->page, TRUE);
}

void
vireo_console_window_set_title_override (VireoConsoleWindow *self,
                                         const char         *title)
{
    g_return_if_fail (VIREO_IS_CONSOLE_WINDOW (self));

    g_free (self->title_override);
    self->title_override = g_strdup (title);
    update_title (self);
}

gboolean
vireo_console_window_get_kiosk (VireoConsoleWindow *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_WINDOW (self), FALSE);

    return self->kiosk;
}
