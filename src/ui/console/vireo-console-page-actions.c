/* vireo-console-page-actions.c: the console page's actions, hotkeys and fullscreen toolbar
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-console-page-private.h"
#include "vireo-display-spice.h"

#define CLIPBOARD_KEY "clipboard-sharing"

typedef struct {
    const char *name;
    const char *label;
    guint       keyvals[3];
} SendKey;

static const SendKey send_keys[] = {
    { "ctrl-alt-del",       N_("Ctrl+Alt+_Del"),       { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete } },
    { "ctrl-alt-backspace", N_("Ctrl+Alt+_Backspace"), { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_BackSpace } },
    { "ctrl-alt-f1",        N_("Ctrl+Alt+F_1"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F1 } },
    { "ctrl-alt-f2",        N_("Ctrl+Alt+F_2"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F2 } },
    { "ctrl-alt-f3",        N_("Ctrl+Alt+F_3"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F3 } },
    { "ctrl-alt-f4",        N_("Ctrl+Alt+F_4"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F4 } },
    { "ctrl-alt-f5",        N_("Ctrl+Alt+F_5"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F5 } },
    { "ctrl-alt-f6",        N_("Ctrl+Alt+F_6"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F6 } },
    { "ctrl-alt-f7",        N_("Ctrl+Alt+F_7"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F7 } },
    { "ctrl-alt-f8",        N_("Ctrl+Alt+F_8"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F8 } },
    { "ctrl-alt-f9",        N_("Ctrl+Alt+F_9"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F9 } },
    { "ctrl-alt-f10",       N_("Ctrl+Alt+F1_0"),       { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F10 } },
    { "ctrl-alt-f11",       N_("Ctrl+Alt+F11"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F11 } },
    { "ctrl-alt-f12",       N_("Ctrl+Alt+F12"),        { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F12 } },
    { "print",              N_("_PrintScreen"),        { GDK_KEY_Print, 0, 0 } },
};

/* .vv hotkey actions and the console action each one runs. */
static const struct {
    const char *hotkey;
    const char *action;       /* NULL: handled otherwise or not offered */
} hotkey_actions[] = {
    { "toggle-fullscreen", "console.fullscreen" },
    { "zoom-in",           "console.zoom-in" },
    { "zoom-out",          "console.zoom-out" },
    { "zoom-reset",        "console.zoom-reset" },
    { "secure-attention",  "console.send-key::ctrl-alt-del" },
    { "release-cursor",    NULL },
    { "smartcard-insert",  NULL },
    { "smartcard-remove",  NULL },
    { "usb-device-reset",  NULL },
};

/* Defaults, as other viewers have them. */
static const struct {
    const char *action;
    const char *accel;
} default_accels[] = {
    { "console.fullscreen", "F11" },
    { "console.zoom-in",    "<Control>plus" },
    { "console.zoom-out",   "<Control>minus" },
    { "console.zoom-reset", "<Control>0" },
};

static const char *scaling_names[] = { "never", "always", "fullscreen" };

static void
set_action_enabled (VireoConsolePage *self,
                    const char       *name,
                    gboolean          enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

    if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
set_action_state (VireoConsolePage *self,
                  const char       *name,
                  GVariant         *state)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

    if (action != NULL)
        g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
    else
        g_variant_unref (g_variant_ref_sink (state));
}

static gboolean
clipboard_remembered (VireoConsolePage *self)
{
    g_autofree char *key = vireo_console_page_dup_clipboard_key (self);
    g_auto(GStrv) shared = NULL;

    if (self->settings == NULL || key == NULL)
        return FALSE;
    shared = g_settings_get_strv (self->settings, CLIPBOARD_KEY);
    return g_strv_contains ((const char * const *) shared, key);
}

static void
remember_clipboard (VireoConsolePage *self,
                    gboolean          share)
{
    g_autofree char *key = vireo_console_page_dup_clipboard_key (self);
    g_auto(GStrv) shared = NULL;
    g_autoptr(GStrvBuilder) builder = NULL;
    g_auto(GStrv) updated = NULL;

    if (self->settings == NULL || key == NULL)
        return;
    shared = g_settings_get_strv (self->settings, CLIPBOARD_KEY);
    builder = g_strv_builder_new ();
    for (guint i = 0; shared[i] != NULL; i++)
        if (!g_str_equal (shared[i], key))
            g_strv_builder_add (builder, shared[i]);
    if (share)
        g_strv_builder_add (builder, key);
    updated = g_strv_builder_end (builder);
    g_settings_set_strv (self->settings, CLIPBOARD_KEY, (const char * const *) updated);
}

static void
apply_accels (VireoConsolePage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkApplication *app;
    GHashTableIter iter;
    gpointer action, accel;

    if (!GTK_IS_WINDOW (toplevel))
        return;
    app = gtk_window_get_application (GTK_WINDOW (toplevel));
    if (app == NULL)
        return;
    g_hash_table_iter_init (&iter, self->accels);
    while (g_hash_table_iter_next (&iter, &action, &accel)) {
        const char *accels[] = { accel, NULL };

        gtk_application_set_accels_for_action (app, action, accels);
    }
}

static void
screenshot_response_cb (GtkNativeDialog  *dialog,
                        int               response,
                        VireoConsolePage *self)
{
    g_autofree char *path = NULL;
    g_autoptr(GError) error = NULL;

    if (response == GTK_RESPONSE_ACCEPT && self->display != NULL) {
        path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (dialog));
        if (path != NULL && !vireo_display_save_screenshot (self->display, path, &error)) {
            GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
            GtkWidget *message;

            message = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                        : NULL,
                                              GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                              _("The screenshot could not be saved"));
            gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s",
                                                      error->message);
            g_signal_connect (message, "response", G_CALLBACK (gtk_widget_destroy), NULL);
            gtk_window_present (GTK_WINDOW (message));
        }
    }
    g_object_unref (dialog);
}

static void
show_info (VireoConsolePage *self,
           GtkMessageType    type,
           const char       *text)
{
    gtk_info_bar_set_message_type (self->info_bar, type);
    gtk_label_set_text (self->info_label, text);
    gtk_widget_show (GTK_WIDGET (self->info_bar));
}

static gboolean
is_recording (VireoConsolePage *self)
{
    return self->recorder != NULL && vireo_display_recorder_get_recording (self->recorder);
}

static void
recorder_notify_cb (VireoConsolePage *self)
{
    _vireo_console_page_update_actions (self);
}

static void
recorder_finished_cb (VireoConsolePage     *self,
                      VireoDisplayRecorder *recorder)
{
    g_autofree char *text = g_strdup_printf (_("The recording was saved as “%s”."),
                                             vireo_display_recorder_get_path (recorder));

    show_info (self, GTK_MESSAGE_INFO, text);
}

static void
recorder_failed_cb (VireoConsolePage     *self,
                    const GError         *error,
                    VireoDisplayRecorder *recorder)
{
    show_info (self, GTK_MESSAGE_ERROR, error->message);
}

static gboolean
start_recording (VireoConsolePage *self,
                 const char       *path,
                 GError          **error)
{
    g_autoptr(VireoDisplayRecorder) recorder = NULL;

    if (is_recording (self)) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                             _("The console is being recorded already; stop that recording "
                               "first."));
        return FALSE;
    }
    if (self->display == NULL || self->state != VIREO_CONSOLE_STATE_CONNECTED) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                             _("The console is not connected, so there is nothing to record."));
        return FALSE;
    }
    recorder = vireo_display_recorder_new (self->display, path);
    if (!vireo_display_recorder_start (recorder, error))
        return FALSE;
    _vireo_console_page_dispose_recording (self);
    self->recorder = g_steal_pointer (&recorder);
    g_signal_connect_object (self->recorder, "notify::recording",
                             G_CALLBACK (recorder_notify_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->recorder, "finished",
                             G_CALLBACK (recorder_finished_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->recorder, "failed",
                             G_CALLBACK (recorder_failed_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_hide (GTK_WIDGET (self->info_bar));
    _vireo_console_page_update_actions (self);
    return TRUE;
}

static void
start_recording_or_say_why (VireoConsolePage *self,
                            const char       *path)
{
    g_autoptr(GError) error = NULL;

    if (!start_recording (self, path, &error))
        show_info (self, GTK_MESSAGE_ERROR, error->message);
}

static void
record_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    VireoConsolePage *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (dialog));

        if (path != NULL)
            start_recording_or_say_why (self, path);
    }
    g_object_unref (dialog);
}

/* Asks where to save a new recording: ~/Videos (or home), named after the
 * VM and the time. */
static void
ask_recording_path (VireoConsolePage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkFileChooserNative *chooser;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
    g_autofree char *name = NULL;
    g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
    const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);
    const char *vm = self->title;

    chooser = gtk_file_chooser_native_new (_("Record the Console"),
                                           GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                    : NULL,
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Record"),
                                           _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
    name = g_strdup_printf ("%s-%s.webm", vm != NULL && *vm != '\0' ? vm : "console", stamp);
    g_strdelimit (name, "/", '-');
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser),
                                         videos != NULL &&
                                         g_file_test (videos, G_FILE_TEST_IS_DIR)
                                         ? videos : g_get_home_dir ());
    gtk_file_filter_set_name (filter, _("WebM videos"));
    gtk_file_filter_add_mime_type (filter, "video/webm");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), g_object_ref (filter));
    g_signal_connect_object (chooser, "response", G_CALLBACK (record_response_cb), self, 0);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------------ */
/* Actions */

static void
send_key_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
    VireoConsolePage *self = user_data;
    const char *name = g_variant_get_string (parameter, NULL);

    if (self->display == NULL)
        return;
    for (guint i = 0; i < G_N_ELEMENTS (send_keys); i++) {
        guint n = 0;

        if (!g_str_equal (send_keys[i].name, name))
            continue;
        while (n < G_N_ELEMENTS (send_keys[i].keyvals) && send_keys[i].keyvals[n] != 0)
            n++;
        vireo_display_send_keys (self->display, send_keys[i].keyvals, n);
        return;
    }
    g_warning ("Unknown key combination “%s”", name);
}

static void
screenshot_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
    VireoConsolePage *self = user_data;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkFileChooserNative *chooser;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
    g_autofree char *name = NULL;
    g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
    const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

    if (self->display == NULL || !vireo_display_has_first_frame (self->display))
        return;
    chooser = gtk_file_chooser_native_new (_("Save Screenshot"),
                                           GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                    : NULL,
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                           _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
    name = g_strdup_printf ("%s %s.png", self->title != NULL ? self->title : _("Screenshot"),
                            stamp);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    if (pictures != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), pictures);
    gtk_file_filter_set_name (filter, _("PNG images"));
    gtk_file_filter_add_mime_type (filter, "image/png");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), g_object_ref (filter));
    g_signal_connect_object (chooser, "response", G_CALLBACK (screenshot_response_cb), self, 0);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
zoom_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
    VireoConsolePage *self = user_data;
    const char *name = g_action_get_name (G_ACTION (action));

    if (self->display == NULL)
        return;
    if (g_str_equal (name, "zoom-in"))
        vireo_display_zoom_in (self->display);
    else if (g_str_equal (name, "zoom-out"))
        vireo_display_zoom_out (self->display);
    else
        vireo_display_zoom_reset (self->display);
    self->zoom = vireo_display_get_zoom (self->display);
}

static void
scaling_changed (GSimpleAction *action,
                 GVariant      *value,
                 gpointer       user_data)
{
    VireoConsolePage *self = user_data;
    const char *name = g_variant_get_string (value, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (scaling_names); i++) {
        if (!g_str_equal (scaling_names[i], name))
            continue;
        self->scaling = (VireoDisplayScaling) i;
        if (self->display != NULL)
            vireo_display_set_scaling (self->display, self->scaling);
        g_simple_action_set_state (action, value);
        return;
    }
}

static void
resize_guest_changed (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
    vireo_console_page_set_resize_guest (user_data, g_variant_get_boolean (value));
}

static void
clipboard_changed (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
    VireoConsolePage *self = user_data;
    gboolean share = g_variant_get_boolean (value);

    if (VIREO_IS_DISPLAY_SPICE (self->display))
        vireo_display_spice_set_clipboard_sharing (VIREO_DISPLAY_SPICE (self->display), share);
    remember_clipboard (self, share);
    g_simple_action_set_state (action, value);
}

static void
usb_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
    VireoConsolePage *self = user_data;

    if (self->fullscreen)
        vireo_console_page_reveal_overlay (self);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->usb_button), TRUE);
}

static void
grab_keyboard_changed (GSimpleAction *action,
                       GVariant      *value,
                       gpointer       user_data)
{
    VireoConsolePage *self = user_data;

    if (self->display == NULL)
        return;
    if (g_variant_get_boolean (value))
        vireo_display_grab_keyboard (self->display);
    else
        vireo_display_release_keyboard (self->display);
    g_simple_action_set_state (action,
                               g_variant_new_boolean (
                                   vireo_display_get_keyboard_grabbed (self->display)));
}

static void
fullscreen_changed (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       user_data)
{
    vireo_console_page_set_fullscreen (user_data, g_variant_get_boolean (value));
}

/* Toggled: asks for a file and starts, or stops.  The state follows the
 * recorder (set in _vireo_console_page_update_actions()). */
static void
record_changed (GSimpleAction *action,
                GVariant      *value,
                gpointer       user_data)
{
    VireoConsolePage *self = user_data;

    if (g_variant_get_boolean (value)) {
        if (!is_recording (self))
            ask_recording_path (self);
    } else if (is_recording (self)) {
        /* Completion and errors come as the recorder's signals. */
        vireo_display_recorder_stop_async (self->recorder, NULL, NULL, NULL);
    }
}

/* Starts recording to the path given, without asking (scripts and tests). */
static void
record_to_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
    start_recording_or_say_why (user_data, g_variant_get_string (parameter, NULL));
}

static void
reconnect_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
    vireo_console_page_reconnect (user_data);
}

static void
about_connection_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
    VireoConsolePage *self = user_data;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    g_autofree char *text = NULL;
    GtkWidget *dialog;

    if (self->source == NULL)
        return;
    text = vireo_console_source_describe (self->source);
    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_INFO,
                                     GTK_BUTTONS_CLOSE, _("About This Connection"));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", text);
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry page_actions[] = {
    { "send-key",         send_key_activated, "s" },
    { "screenshot",       screenshot_activated },
    { "zoom-in",          zoom_activated },
    { "zoom-out",         zoom_activated },
    { "zoom-reset",       zoom_activated },
    { "scaling",          NULL, "s", "'always'", scaling_changed },
    { "resize-guest",     NULL, NULL, "true", resize_guest_changed },
    { "clipboard",        NULL, NULL, "false", clipboard_changed },
    { "usb",              usb_activated },
    { "grab-keyboard",    NULL, NULL, "false", grab_keyboard_changed },
    { "fullscreen",       NULL, NULL, "false", fullscreen_changed },
    { "record",           NULL, NULL, "false", record_changed },
    { "record-to",        record_to_activated, "s" },
    { "reconnect",        reconnect_activated },
    { "about-connection", about_connection_activated },
};

static void
hierarchy_changed_cb (VireoConsolePage *self,
                      GtkWidget        *previous)
{
    apply_accels (self);
}

/* ------------------------------------------------------------------------ */
/* For the page (vireo-console-page-private.h) */

void
_vireo_console_page_init_actions (VireoConsolePage *self)
{
    g_autoptr(GMenu) menu = g_menu_new ();

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), page_actions,
                                     G_N_ELEMENTS (page_actions), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "console",
                                    G_ACTION_GROUP (self->actions));

    for (guint i = 0; i < G_N_ELEMENTS (send_keys); i++) {
        g_autofree char *detailed = g_strdup_printf ("console.send-key::%s", send_keys[i].name);

        g_menu_append (menu, _(send_keys[i].label), detailed);
    }
    gtk_menu_button_set_menu_model (self->send_key_button, G_MENU_MODEL (menu));

    for (guint i = 0; i < G_N_ELEMENTS (default_accels); i++)
        g_hash_table_insert (self->accels, g_strdup (default_accels[i].action),
                             g_strdup (default_accels[i].accel));
    g_signal_connect (self, "hierarchy-changed", G_CALLBACK (hierarchy_changed_cb), NULL);
    g_signal_connect (self->info_bar, "response", G_CALLBACK (gtk_widget_hide), NULL);
    /* Nothing is connected yet. */
    _vireo_console_page_update_actions (self);
}

void
_vireo_console_page_update_actions (VireoConsolePage *self)
{
    gboolean connected = self->display != NULL &&
                         self->state == VIREO_CONSOLE_STATE_CONNECTED;
    gboolean spice = VIREO_IS_DISPLAY_SPICE (self->display);
    gboolean usb = FALSE;

    if (self->actions == NULL)
        return;
    set_action_enabled (self, "send-key", connected);
    set_action_enabled (self, "screenshot", connected);
    set_action_enabled (self, "zoom-in", connected);
    set_action_enabled (self, "zoom-out", connected);
    set_action_enabled (self, "zoom-reset", connected);
    set_action_enabled (self, "grab-keyboard", connected);
    set_action_enabled (self, "clipboard", spice);
    set_action_enabled (self, "record", connected || is_recording (self));
    set_action_enabled (self, "record-to", connected && !is_recording (self));
    set_action_state (self, "record", g_variant_new_boolean (is_recording (self)));
    gtk_widget_set_visible (self->record_indicator, is_recording (self));
    set_action_enabled (self, "reconnect", self->source != NULL);
    set_action_enabled (self, "about-connection", self->source != NULL);
    if (spice) {
        g_autoptr(GError) error = NULL;

        usb = vireo_display_spice_get_usb_manager (VIREO_DISPLAY_SPICE (self->display),
                                                   &error) != NULL;
    }
    set_action_enabled (self, "usb", usb && connected);
    gtk_widget_set_visible (self->usb_button, usb);
    gtk_widget_set_visible (self->clipboard_button, spice);
    set_action_state (self, "resize-guest", g_variant_new_boolean (self->resize_guest));
    set_action_state (self, "grab-keyboard",
                      g_variant_new_boolean (self->display != NULL &&
                                             vireo_display_get_keyboard_grabbed (self->display)));
    set_action_state (self, "clipboard",
                      g_variant_new_boolean (spice &&
                                             vireo_display_spice_get_clipboard_sharing (
                                                 VIREO_DISPLAY_SPICE (self->display))));
}

void
_vireo_console_page_setup_display (VireoConsolePage *self)
{
    g_autoptr(GError) error = NULL;

    g_assert (self->display != NULL);

    vireo_display_set_scaling (self->display, self->scaling);
    vireo_display_set_zoom (self->display, self->zoom);
    vireo_display_set_resize_guest (self->display, self->resize_guest);
    vireo_display_set_fullscreen (self->display, self->fullscreen);
    if (self->release_accel != NULL &&
        !vireo_display_set_release_keys (self->display, self->release_accel, &error))
        g_warning ("The release-cursor hotkey cannot be used: %s", error->message);
    if (VIREO_IS_DISPLAY_SPICE (self->display))
        vireo_display_spice_set_clipboard_sharing (VIREO_DISPLAY_SPICE (self->display),
                                                   clipboard_remembered (self));
}

void
_vireo_console_page_apply_fullscreen (VireoConsolePage *self)
{
    GtkWidget *parent = gtk_widget_get_parent (self->toolbar);
    GtkWidget *home = self->toolbar_host != NULL ? self->toolbar_host : self->toolbar_slot;
    GtkWidget *slot = self->fullscreen ? self->fullscreen_slot : home;

    if (parent != slot) {
        g_object_ref (self->toolbar);
        gtk_container_remove (GTK_CONTAINER (parent), self->toolbar);
        gtk_container_add (GTK_CONTAINER (slot), self->toolbar);
        g_object_unref (self->toolbar);
    }
    gtk_widget_set_visible (self->toolbar_slot, !self->fullscreen && self->toolbar_visible &&
                                                self->toolbar_host == NULL);
    gtk_widget_set_visible (self->toolbar, self->toolbar_visible);
    gtk_widget_set_visible (self->top_edge, self->fullscreen && self->toolbar_visible);
    gtk_image_set_from_icon_name (GTK_IMAGE (self->fullscreen_image),
                                  self->fullscreen ? "view-restore-symbolic"
                                                   : "view-fullscreen-symbolic",
                                  GTK_ICON_SIZE_BUTTON);
    if (self->fullscreen)
        vireo_console_page_reveal_overlay (self);
    else
        gtk_revealer_set_reveal_child (self->revealer, FALSE);
    if (self->display != NULL)
        vireo_display_set_fullscreen (self->display, self->fullscreen);
    set_action_state (self, "fullscreen", g_variant_new_boolean (self->fullscreen));
}

void
_vireo_console_page_dispose_recording (VireoConsolePage *self)
{
    if (self->recorder != NULL) {
        g_signal_handlers_disconnect_by_data (self->recorder, self);
        g_clear_object (&self->recorder);
    }
}

/* ------------------------------------------------------------------------ */
/* Public API */

char *
vireo_console_page_hotkey_to_accel (const char *hotkey)
{
    g_auto(GStrv) parts = NULL;
    g_autoptr(GString) accel = g_string_new (NULL);
    guint n;

    if (hotkey == NULL || !vireo_console_file_hotkey_is_valid (hotkey))
        return NULL;
    parts = g_strsplit (hotkey, "+", -1);
    n = g_strv_length (parts);
    for (guint i = 0; i < n; i++) {
        g_autofree char *part = g_ascii_strdown (g_strstrip (parts[i]), -1);
        guint keyval;

        if (g_str_equal (part, "ctrl") || g_str_equal (part, "control")) {
            g_string_append (accel, "<Control>");
        } else if (g_str_equal (part, "alt")) {
            g_string_append (accel, "<Alt>");
        } else if (g_str_equal (part, "shift")) {
            g_string_append (accel, "<Shift>");
        } else if (g_str_equal (part, "super") || g_str_equal (part, "win")) {
            g_string_append (accel, "<Super>");
        } else {
            /* Key names as X11 spells them, in any case: "f11", "Delete", "end". */
            keyval = gdk_keyval_from_name (part);
            if (keyval == GDK_KEY_VoidSymbol || keyval == 0) {
                g_autofree char *title = g_strdup (part);

                title[0] = g_ascii_toupper (title[0]);
                keyval = gdk_keyval_from_name (title);
            }
            if (keyval == GDK_KEY_VoidSymbol || keyval == 0) {
                g_autofree char *upper = g_ascii_strup (part, -1);

                keyval = gdk_keyval_from_name (upper);
            }
            if (keyval == GDK_KEY_VoidSymbol || keyval == 0)
                return NULL;
            g_string_append (accel, gdk_keyval_name (keyval));
        }
    }
    return g_string_free (g_steal_pointer (&accel), FALSE);
}

gboolean
vireo_console_page_set_hotkeys (VireoConsolePage *self,
                                const char       *hotkeys,
                                GError          **error)
{
    g_auto(GStrv) entries = NULL;
    g_autoptr(GHashTable) accels = NULL;
    g_autofree char *release = NULL;

    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), FALSE);

    accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    entries = g_strsplit (hotkeys != NULL ? hotkeys : "", ",", -1);
    for (guint i = 0; entries[i] != NULL; i++) {
        g_auto(GStrv) pair = NULL;
        g_autofree char *accel = NULL;
        gboolean known = FALSE;

        if (*g_strstrip (entries[i]) == '\0')
            continue;
        pair = g_strsplit (entries[i], "=", 2);
        if (pair[1] == NULL) {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("The hotkey “%s” has no key: write action=keys, for example "
                           "toggle-fullscreen=shift+f11."), entries[i]);
            return FALSE;
        }
        g_strstrip (pair[0]);
        accel = vireo_console_page_hotkey_to_accel (g_strstrip (pair[1]));
        if (accel == NULL) {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("“%s” is not a key combination Vireo understands (hotkey %s)."),
                         pair[1], pair[0]);
            return FALSE;
        }
        for (guint j = 0; j < G_N_ELEMENTS (hotkey_actions); j++) {
            if (!g_str_equal (hotkey_actions[j].hotkey, pair[0]))
                continue;
            known = TRUE;
            if (hotkey_actions[j].action != NULL) {
                g_hash_table_insert (accels, g_strdup (hotkey_actions[j].action),
                                     g_strdup (accel));
            } else if (g_str_equal (pair[0], "release-cursor")) {
                g_free (release);
                release = g_strdup (accel);
            } else {
                g_debug ("The hotkey %s is accepted but has no action in Vireo", pair[0]);
            }
        }
        if (!known) {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("“%s” is not a hotkey action."), pair[0]);
            return FALSE;
        }
    }

    /* Hotkeys given replace the defaults; actions not named get none. */
    {
        GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
        GtkApplication *app = GTK_IS_WINDOW (toplevel)
                              ? gtk_window_get_application (GTK_WINDOW (toplevel)) : NULL;

        for (guint i = 0; app != NULL && i < G_N_ELEMENTS (hotkey_actions); i++) {
            const char *none[] = { NULL };

            if (hotkey_actions[i].action != NULL)
                gtk_application_set_accels_for_action (app, hotkey_actions[i].action, none);
        }
    }
    g_hash_table_unref (self->accels);
    self->accels = g_steal_pointer (&accels);
    g_free (self->release_accel);
    self->release_accel = g_steal_pointer (&release);
    if (self->display != NULL && self->release_accel != NULL)
        vireo_display_set_release_keys (self->display, self->release_accel, NULL);
    apply_accels (self);
    return TRUE;
}

const char *
vireo_console_page_get_accel (VireoConsolePage *self,
                              const char       *detailed_action)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);
    g_return_val_if_fail (detailed_action != NULL, NULL);

    if (g_str_equal (detailed_action, "release-cursor"))
        return self->release_accel;
    return g_hash_table_lookup (self->accels, detailed_action);
}

char *
vireo_console_page_dup_clipboard_key (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    if (self->source == NULL)
        return NULL;
    return vireo_console_source_dup_clipboard_key (self->source);
}
