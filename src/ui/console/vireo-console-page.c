/* vireo-console-page.c: one console (SPICE, VNC or a text console) with its toolbar and status
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <gtk-vnc.h>

#include "vireo-a11y.h"
#include "vireo-console-error.h"
#include "vireo-console-page-private.h"
#include "vireo-console-source-file.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-error-cancelled.h"
#include "vireo-password-dialog.h"
#include "vireo-password-store.h"

enum {
    PROP_0,
    PROP_TITLE,
    PROP_STATE,
    PROP_FULLSCREEN,
    PROP_SOURCE,
    PROP_TOOLBAR_HOST,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_FIRST_FRAME,
    SIGNAL_STATUS_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoConsolePage, vireo_console_page, GTK_TYPE_BOX)

/* The keys a text console's Send Key menu offers. */
static const struct {
    const char *name;
    const char *label;
    guint       keyvals[2];
} text_keys[] = {
    { "ctrl-c",         N_("Ctrl+_C (Interrupt)"),    { GDK_KEY_Control_L, GDK_KEY_c } },
    { "ctrl-d",         N_("Ctrl+_D (End of Input)"), { GDK_KEY_Control_L, GDK_KEY_d } },
    { "ctrl-z",         N_("Ctrl+_Z (Suspend)"),      { GDK_KEY_Control_L, GDK_KEY_z } },
    { "ctrl-backslash", N_("Ctrl+\\ (_Quit)"),        { GDK_KEY_Control_L, GDK_KEY_backslash } },
    { "escape",         N_("_Escape"),                { GDK_KEY_Escape, 0 } },
    { "tab",            N_("_Tab"),                   { GDK_KEY_Tab, 0 } },
};

static void start_connect          (VireoConsolePage *self);
static void update_console_actions (VireoConsolePage *self);

/* ------------------------------------------------------------------------ */
/* Helpers */

static void
clear_secret (char **secret)
{
    if (*secret != NULL) {
        memset (*secret, 0, strlen (*secret));
        g_clear_pointer (secret, g_free);
    }
}

static void
set_title (VireoConsolePage *self,
           const char       *title)
{
    if (g_strcmp0 (self->title, title) == 0)
        return;
    g_free (self->title);
    self->title = g_strdup (title);
    if (self->display != NULL)
        vireo_display_set_title (self->display, title);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* The spinner appears only when connecting takes long enough to notice:
 * most connections finish first, and the spinner's icon is an SVG whose
 * loader costs the viewer megabytes and milliseconds before the first frame. */
#define SPINNER_DELAY_MS 700

static gboolean
show_spinner_cb (gpointer data)
{
    VireoConsolePage *self = data;

    self->spinner_id = 0;
    gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
    gtk_spinner_start (self->spinner);
    return G_SOURCE_REMOVE;
}

static void
set_state (VireoConsolePage  *self,
           VireoConsoleState  state,
           const char        *title,
           const char        *detail)
{
    gboolean busy = state == VIREO_CONSOLE_STATE_CONNECTING ||
                    state == VIREO_CONSOLE_STATE_WAITING;

    gtk_label_set_text (self->status_title, title != NULL ? title : "");
    gtk_label_set_text (self->status_detail, detail != NULL ? detail : "");
    gtk_widget_set_visible (GTK_WIDGET (self->status_detail), detail != NULL && *detail);
    gtk_widget_set_visible (self->reconnect_button,
                            state == VIREO_CONSOLE_STATE_DISCONNECTED);
    if (!busy) {
        g_clear_handle_id (&self->spinner_id, g_source_remove);
        gtk_spinner_stop (self->spinner);
        gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
    } else if (self->spinner_id == 0 &&
               !gtk_widget_get_visible (GTK_WIDGET (self->spinner))) {
        self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, show_spinner_cb, self);
    }
    gtk_stack_set_visible_child_name (self->stack,
                                      state == VIREO_CONSOLE_STATE_CONNECTED ? "display"
                                                                             : "status");
    if (state != VIREO_CONSOLE_STATE_CONNECTED)
        g_debug ("console “%s”: %s %s", self->title != NULL ? self->title : "",
                 title != NULL ? title : "", detail != NULL ? detail : "");
    if (self->state == state)
        return;
    self->state = state;
    _vireo_console_page_update_actions (self);
    update_console_actions (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0);
}

static void
show_failure (VireoConsolePage *self,
              const char       *title,
              const GError     *error)
{
    set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED, title,
               error != NULL ? error->message : NULL);
}

/* gtk-vnc's connection outlives its widget and still delivers an update to
 * it after it is closed, which then draws into a window that is gone; a
 * widget being dropped stops listening to its connection first. */
static void
close_display (VireoDisplay *display)
{
    if (VIREO_IS_DISPLAY_VNC (display)) {
        GtkWidget *vnc = vireo_display_vnc_get_vnc_widget (VIREO_DISPLAY_VNC (display));
        VncConnection *connection = vnc != NULL ? vnc_display_get_connection (VNC_DISPLAY (vnc))
                                                : NULL;

        if (connection != NULL)
            g_signal_handlers_disconnect_by_data (connection, vnc);
    }
    vireo_display_close (display);
}

static void
drop_display (VireoConsolePage *self)
{
    if (self->open_cancellable != NULL) {
        g_cancellable_cancel (self->open_cancellable);
        g_clear_object (&self->open_cancellable);
    }
    g_clear_pointer (&self->password_dialog, gtk_widget_destroy);
    if (self->display != NULL) {
        g_signal_handlers_disconnect_by_data (self->display, self);
        close_display (self->display);
        gtk_widget_destroy (GTK_WIDGET (self->display));
        g_clear_object (&self->display);
    }
    gtk_popover_popdown (GTK_POPOVER (gtk_menu_button_get_popover (
        GTK_MENU_BUTTON (self->usb_button))));
}

static const char *
target_name (VireoConsolePage *self)
{
    return self->title != NULL ? self->title : _("this machine");
}

/* The key of the shown console's remembered password; FALSE when none. */
static gboolean
get_password_key (VireoConsolePage *self,
                  VireoPasswordKey *key)
{
    return self->source != NULL && vireo_console_source_get_password_key (self->source, key);
}

/* ------------------------------------------------------------------------ */
/* Password prompt and keyring */

static void
password_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vireo_password_store_save_finish (result, &error) && !vireo_error_is_cancelled (error))
        g_message ("The password could not be remembered: %s", error->message);
}

static void
save_password_if_asked (VireoConsolePage *self)
{
    VireoPasswordKey key;
    g_autofree char *label = NULL;

    if (self->save_password == NULL)
        return;
    if (get_password_key (self, &key)) {
        label = g_strdup_printf (_("Console of %s"), target_name (self));
        vireo_password_store_save_async (&key, label, self->save_password, self->cancellable,
                                         password_saved_cb, NULL);
    }
    clear_secret (&self->save_password);
}

static void
password_dialog_response_cb (VireoConsolePage *self,
                             int               response,
                             GtkWidget        *dialog)
{
    VireoPasswordDialog *pd = VIREO_PASSWORD_DIALOG (dialog);

    if (self->display == NULL) {
        g_clear_pointer (&self->password_dialog, gtk_widget_destroy);
        return;
    }
    if (response == GTK_RESPONSE_OK) {
        clear_secret (&self->save_password);
        if (vireo_password_dialog_get_remember (pd))
            self->save_password = g_strdup (vireo_password_dialog_get_password (pd));
        vireo_display_set_credentials (self->display, vireo_password_dialog_get_username (pd),
                                       vireo_password_dialog_get_password (pd));
        g_clear_pointer (&self->password_dialog, gtk_widget_destroy);
        return;
    }
    g_clear_pointer (&self->password_dialog, gtk_widget_destroy);
    drop_display (self);
    set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED, _("Not connected"),
               _("No password was given."));
}

static void
show_password_dialog (VireoConsolePage *self,
                      gboolean          need_username,
                      const char       *reason)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    VireoPasswordKey key;

    g_clear_pointer (&self->password_dialog, gtk_widget_destroy);
    self->password_dialog =
        vireo_password_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   target_name (self), reason, need_username,
                                   get_password_key (self, &key));
    g_signal_connect_object (self->password_dialog, "response",
                             G_CALLBACK (password_dialog_response_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (self->password_dialog));
}

typedef struct {
    VireoConsolePage *page;
    VireoDisplay     *display;
    gboolean          need_username;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
    g_object_unref (data->page);
    g_object_unref (data->display);
    g_free (data);
}

static void
password_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    LookupData *data = user_data;
    VireoConsolePage *self = data->page;
    g_autoptr(GError) error = NULL;
    char *password = vireo_password_store_lookup_finish (result, &error);

    if (self->display != data->display || vireo_error_is_cancelled (error)) {
        vireo_password_store_free (password);
        lookup_data_free (data);
        return;
    }
    if (password != NULL && !data->need_username) {
        vireo_display_set_credentials (self->display, NULL, password);
        vireo_password_store_free (password);
    } else {
        if (error != NULL)
            g_debug ("No secret service for console passwords: %s", error->message);
        vireo_password_store_free (password);
        show_password_dialog (self, data->need_username, NULL);
    }
    lookup_data_free (data);
}

static gboolean
display_auth_required_cb (VireoConsolePage *self,
                          gboolean          need_username,
                          gboolean          need_password,
                          const char       *reason,
                          VireoDisplay     *display)
{
    VireoPasswordKey key;

    /* The first time, a remembered password is tried before asking. */
    if (reason == NULL && !self->keyring_tried && get_password_key (self, &key)) {
        LookupData *data = g_new0 (LookupData, 1);

        self->keyring_tried = TRUE;
        data->page = g_object_ref (self);
        data->display = g_object_ref (display);
        data->need_username = need_username;
        vireo_password_store_lookup_async (&key, self->open_cancellable, password_lookup_cb,
                                           data);
        return TRUE;
    }
    show_password_dialog (self, need_username, reason);
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Display signals */

static void
display_connected_cb (VireoConsolePage *self,
                      VireoDisplay     *display)
{
    set_state (self, VIREO_CONSOLE_STATE_CONNECTED, NULL, NULL);
    save_password_if_asked (self);
    gtk_widget_grab_focus (GTK_WIDGET (display));
}

static void
display_first_frame_cb (VireoConsolePage *self,
                        VireoDisplay     *display)
{
    g_signal_emit (self, signals[SIGNAL_FIRST_FRAME], 0);
}

static void
set_waiting (VireoConsolePage *self,
             gboolean          again)
{
    set_state (self, VIREO_CONSOLE_STATE_WAITING, _("Waiting for the guest to start"),
               again ? _("The console will connect again when the virtual machine runs.")
                     : _("The console will connect when the virtual machine runs."));
}

static void
display_disconnected_cb (VireoConsolePage *self,
                         const GError     *error,
                         VireoDisplay     *display)
{
    g_autoptr(GError) copy = error != NULL ? g_error_copy (error) : NULL;
    gboolean available = vireo_console_source_get_available (self->source);

    drop_display (self);
    if (self->auto_reconnect) {
        if (available)
            start_connect (self);
        else
            set_waiting (self, TRUE);
        return;
    }
    if (!available) {
        set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED, _("The virtual machine shut down"),
                   NULL);
        return;
    }
    show_failure (self, _("Disconnected"), copy);
}

static void
display_open_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    g_autoptr(VireoConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;

    if (vireo_display_open_finish (VIREO_DISPLAY (source), result, &error))
        return;
    if (vireo_error_is_cancelled (error) || VIREO_DISPLAY (source) != self->display)
        return;
    drop_display (self);
    show_failure (self, _("Could not connect"), error);
}

/* Shows and connects @display (the page takes the reference). */
static void
attach_display (VireoConsolePage *self,
                VireoDisplay     *display)
{
    self->display = display;
    self->keyring_tried = FALSE;
    gtk_widget_set_hexpand (GTK_WIDGET (display), TRUE);
    gtk_widget_set_vexpand (GTK_WIDGET (display), TRUE);
    gtk_container_add (GTK_CONTAINER (self->display_box), GTK_WIDGET (display));
    gtk_widget_show (GTK_WIDGET (display));
    if (self->title != NULL)
        vireo_display_set_title (display, self->title);
    g_signal_connect_object (display, "connected", G_CALLBACK (display_connected_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (display, "first-frame", G_CALLBACK (display_first_frame_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (display, "disconnected", G_CALLBACK (display_disconnected_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (display, "auth-required", G_CALLBACK (display_auth_required_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (display, "notify::keyboard-grabbed",
                             G_CALLBACK (_vireo_console_page_update_actions), self,
                             G_CONNECT_SWAPPED);
    _vireo_console_page_setup_display (self);
    _vireo_console_page_update_actions (self);
    vireo_display_open_async (display, self->open_cancellable, display_open_cb,
                              g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Opening through the source: list its consoles, pick one, open its display */

/* The console to show: the one chosen in the Consoles menu, else the
 * graphical console, else the first text console; NULL when there is none. */
static const VireoConsoleTarget *
pick_console (VireoConsolePage *self)
{
    const VireoConsoleTarget *graphics = NULL;
    const VireoConsoleTarget *first_text = NULL;

    for (guint i = 0; i < self->consoles->len; i++) {
        const VireoConsoleTarget *target = g_ptr_array_index (self->consoles, i);

        if (g_strcmp0 (self->console_choice, target->id) == 0)
            return target;
        if (target->is_text && first_text == NULL)
            first_text = target;
        else if (!target->is_text && graphics == NULL)
            graphics = target;
    }
    return graphics != NULL ? graphics : first_text;
}

static void
rebuild_consoles_menu (VireoConsolePage *self)
{
    GMenu *menu = self->consoles_menu;
    guint n_text = 0;

    g_menu_remove_all (menu);

    for (guint i = 0; self->consoles != NULL && i < self->consoles->len; i++) {
        const VireoConsoleTarget *target = g_ptr_array_index (self->consoles, i);
        g_autoptr(GMenuItem) item = g_menu_item_new (target->label, NULL);

        g_menu_item_set_action_and_target (item, "console.show-console", "s", target->id);
        g_menu_append_item (menu, item);
        if (target->is_text)
            n_text++;
    }
    gtk_widget_set_visible (GTK_WIDGET (self->consoles_button), n_text > 0);
}

static void
display_made_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    g_autoptr(VireoConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;
    VireoDisplay *display;

    display = vireo_console_source_open_display_finish (VIREO_CONSOLE_SOURCE (source), result,
                                                        &error);
    if (vireo_error_is_cancelled (error) || VIREO_CONSOLE_SOURCE (source) != self->source ||
        self->open_cancellable == NULL || g_cancellable_is_cancelled (self->open_cancellable)) {
        if (display != NULL) {
            gtk_widget_destroy (GTK_WIDGET (display));
            g_object_unref (display);
        }
        return;
    }
    if (display == NULL) {
        show_failure (self,
                      g_error_matches (error, VIREO_CONSOLE_ERROR,
                                       VIREO_CONSOLE_ERROR_UNSUPPORTED)
                      ? _("This kind of connection is not supported") : _("Could not connect"),
                      error);
        return;
    }
    attach_display (self, display);
}

static void
consoles_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    g_autoptr(VireoConsolePage) self = user_data;
    g_autoptr(GPtrArray) consoles = NULL;
    g_autoptr(GError) error = NULL;
    const VireoConsoleTarget *target;

    consoles = vireo_console_source_list_consoles_finish (VIREO_CONSOLE_SOURCE (source), result,
                                                          &error);
    if (vireo_error_is_cancelled (error) || VIREO_CONSOLE_SOURCE (source) != self->source ||
        self->open_cancellable == NULL || g_cancellable_is_cancelled (self->open_cancellable))
        return;
    if (consoles == NULL) {
        show_failure (self, _("Could not connect"), error);
        return;
    }
    g_clear_pointer (&self->consoles, g_ptr_array_unref);
    self->consoles = g_steal_pointer (&consoles);
    rebuild_consoles_menu (self);
    target = pick_console (self);
    if (target == NULL) {
        set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                   _("This virtual machine has no graphical console"),
                   _("It has no text console either. Add a SPICE or VNC display, or a serial "
                     "console, to its hardware to see it."));
        return;
    }
    g_free (self->shown_console);
    self->shown_console = g_strdup (target->id);
    self->shown_is_text = target->is_text;
    update_console_actions (self);
    vireo_console_source_open_display_async (self->source, target->id, self->open_cancellable,
                                             display_made_cb, g_object_ref (self));
}

static void
start_connect (VireoConsolePage *self)
{
    drop_display (self);
    if (self->source == NULL)
        return;
    if (!vireo_console_source_get_available (self->source)) {
        if (self->wait || self->auto_reconnect)
            set_waiting (self, FALSE);
        else
            set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                       _("The virtual machine is not running"), NULL);
        return;
    }
    set_state (self, VIREO_CONSOLE_STATE_CONNECTING, _("Connecting…"), NULL);
    self->open_cancellable = g_cancellable_new ();
    vireo_console_source_list_consoles_async (self->source, self->open_cancellable,
                                              consoles_listed_cb, g_object_ref (self));
}

/* The source became available (a domain started) or went away. */
static void
source_available_cb (VireoConsolePage   *self,
                     GParamSpec         *pspec,
                     VireoConsoleSource *source)
{
    gboolean available = vireo_console_source_get_available (source);
    /* A page that connects again may have tried while the guest was going
     * away (its console closed before the state change arrived) and shown
     * that try's failure: the state change then still moves it on. */
    gboolean failed = self->auto_reconnect && self->state == VIREO_CONSOLE_STATE_DISCONNECTED;

    if (available && (self->state == VIREO_CONSOLE_STATE_WAITING || failed)) {
        start_connect (self);
    } else if (!available && (self->state == VIREO_CONSOLE_STATE_CONNECTED ||
                              self->state == VIREO_CONSOLE_STATE_CONNECTING || failed)) {
        drop_display (self);
        if (self->auto_reconnect)
            set_waiting (self, TRUE);
        else
            set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                       _("The virtual machine shut down"), NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* Choosing the console: graphical or text */

static void
update_console_actions (VireoConsolePage *self)
{
    gboolean text = self->display != NULL && self->shown_is_text;
    GMenuModel *keys = text ? self->text_keys : self->graphics_keys;
    GAction *action;

    if (self->actions == NULL)
        return;
    action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "send-text-key");
    if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                     text && self->state == VIREO_CONSOLE_STATE_CONNECTED);
    action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "show-console");
    if (action != NULL) {
        const char *shown = text ? self->shown_console : NULL;

        g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                   g_variant_new_string (shown != NULL
                                                         ? shown : VIREO_CONSOLE_TARGET_GRAPHICS));
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                     self->consoles != NULL && self->consoles->len > 1);
    }
    if (keys != NULL && self->keys_shown != keys) {
        g_menu_remove_all (self->keys_menu);
        for (int i = 0; i < g_menu_model_get_n_items (keys); i++) {
            g_autoptr(GMenuItem) item = g_menu_item_new_from_model (keys, i);

            g_menu_append_item (self->keys_menu, item);
        }
        self->keys_shown = keys;
    }
}

static void
show_console_changed (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
    VireoConsolePage *self = user_data;

    g_free (self->console_choice);
    self->console_choice = g_variant_dup_string (value, NULL);
    g_simple_action_set_state (action, value);
    if (self->source != NULL)
        start_connect (self);
}

static void
send_text_key_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
    VireoConsolePage *self = user_data;
    const char *name = g_variant_get_string (parameter, NULL);

    if (self->display == NULL)
        return;
    for (guint i = 0; i < G_N_ELEMENTS (text_keys); i++) {
        if (g_str_equal (text_keys[i].name, name)) {
            vireo_display_send_keys (self->display, text_keys[i].keyvals,
                                     text_keys[i].keyvals[1] != 0 ? 2 : 1);
            return;
        }
    }
    g_warning ("Unknown key for a text console “%s”", name);
}

static const GActionEntry text_console_actions[] = {
    { "show-console",  NULL, "s", "'graphics'", show_console_changed },
    { "send-text-key", send_text_key_activated, "s" },
};

static void
init_text_console_actions (VireoConsolePage *self)
{
    g_autoptr(GMenu) menu = g_menu_new ();
    GMenuModel *graphics_keys = gtk_menu_button_get_menu_model (self->send_key_button);

    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), text_console_actions,
                                     G_N_ELEMENTS (text_console_actions), self);
    for (guint i = 0; i < G_N_ELEMENTS (text_keys); i++) {
        g_autofree char *detailed = g_strdup_printf ("console.send-text-key::%s",
                                                     text_keys[i].name);

        g_menu_append (menu, _(text_keys[i].label), detailed);
    }
    self->text_keys = G_MENU_MODEL (g_steal_pointer (&menu));
    self->graphics_keys = graphics_keys != NULL ? g_object_ref (graphics_keys) : NULL;
    self->keys_menu = g_menu_new ();
    gtk_menu_button_set_menu_model (self->send_key_button, G_MENU_MODEL (self->keys_menu));
    self->consoles_menu = g_menu_new ();
    gtk_menu_button_set_menu_model (self->consoles_button, G_MENU_MODEL (self->consoles_menu));
    update_console_actions (self);
}

/* ------------------------------------------------------------------------ */
/* Template callbacks and overrides */

static gboolean
hide_overlay_cb (gpointer user_data)
{
    VireoConsolePage *self = user_data;

    self->hide_overlay_id = 0;
    gtk_revealer_set_reveal_child (self->revealer, FALSE);
    return G_SOURCE_REMOVE;
}

static void
schedule_hide_overlay (VireoConsolePage *self,
                       guint             ms)
{
    g_clear_handle_id (&self->hide_overlay_id, g_source_remove);
    self->hide_overlay_id = g_timeout_add (ms, hide_overlay_cb, self);
}

static gboolean
top_edge_enter_cb (VireoConsolePage *self,
                   GdkEvent         *event,
                   GtkWidget        *widget)
{
    vireo_console_page_reveal_overlay (self);
    return FALSE;
}

static gboolean
fullscreen_enter_cb (VireoConsolePage *self,
                     GdkEvent         *event,
                     GtkWidget        *widget)
{
    g_clear_handle_id (&self->hide_overlay_id, g_source_remove);
    return FALSE;
}

static gboolean
fullscreen_leave_cb (VireoConsolePage *self,
                     GdkEventCrossing *event,
                     GtkWidget        *widget)
{
    /* Leaving into a child (a menu button) is not leaving. */
    if (event->detail != GDK_NOTIFY_INFERIOR)
        schedule_hide_overlay (self, 1000);
    return FALSE;
}

static void
usb_popover_show_cb (VireoConsolePage *self,
                     GtkWidget        *popover)
{
    GList *children = gtk_container_get_children (GTK_CONTAINER (self->usb_box));
    GtkWidget *chooser;

    for (GList *l = children; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    g_list_free (children);
    if (!VIREO_IS_DISPLAY_SPICE (self->display))
        return;
    chooser = vireo_display_spice_create_usb_device_widget (VIREO_DISPLAY_SPICE (self->display));
    if (chooser != NULL) {
        gtk_container_add (GTK_CONTAINER (self->usb_box), chooser);
        gtk_widget_show_all (chooser);
    }
}

static void
vireo_console_page_unrealize (GtkWidget *widget)
{
    VireoConsolePage *self = VIREO_CONSOLE_PAGE (widget);

    /* A closing window unrealizes everything before it destroys it: the
     * protocol is closed while its widget still has a window, as gtk-vnc
     * draws once more when its connection closes. */
    if (self->display != NULL) {
        g_signal_handlers_disconnect_by_data (self->display, self);
        close_display (self->display);
    }
    GTK_WIDGET_CLASS (vireo_console_page_parent_class)->unrealize (widget);
}

static void
vireo_console_page_dispose (GObject *object)
{
    VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

    vireo_console_page_set_toolbar_host (self, NULL);
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->hide_overlay_id, g_source_remove);
    g_clear_handle_id (&self->spinner_id, g_source_remove);
    _vireo_console_page_dispose_recording (self);
    if (self->display != NULL || self->open_cancellable != NULL)
        drop_display (self);
    if (self->source != NULL)
        g_signal_handlers_disconnect_by_data (self->source, self);
    g_clear_object (&self->source);
    g_clear_object (&self->settings);
    g_clear_object (&self->actions);
    g_clear_object (&self->graphics_keys);
    g_clear_object (&self->text_keys);
    g_clear_object (&self->keys_menu);
    g_clear_object (&self->consoles_menu);
    g_clear_pointer (&self->consoles, g_ptr_array_unref);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->accels, g_hash_table_unref);
    G_OBJECT_CLASS (vireo_console_page_parent_class)->dispose (object);
}

static void
vireo_console_page_finalize (GObject *object)
{
    VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

    clear_secret (&self->save_password);
    g_free (self->title);
    g_free (self->release_accel);
    g_free (self->console_choice);
    g_free (self->shown_console);
    G_OBJECT_CLASS (vireo_console_page_parent_class)->finalize (object);
}

static void
vireo_console_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

    switch (prop_id) {
    case PROP_TITLE:
        g_value_set_string (value, self->title);
        break;
    case PROP_STATE:
        g_value_set_int (value, self->state);
        break;
    case PROP_FULLSCREEN:
        g_value_set_boolean (value, self->fullscreen);
        break;
    case PROP_SOURCE:
        g_value_set_object (value, self->source);
        break;
    case PROP_TOOLBAR_HOST:
        g_value_set_object (value, self->toolbar_host);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
    VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

    switch (prop_id) {
    case PROP_FULLSCREEN:
        vireo_console_page_set_fullscreen (self, g_value_get_boolean (value));
        break;
    case PROP_TOOLBAR_HOST:
        vireo_console_page_set_toolbar_host (self, g_value_get_object (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_page_class_init (VireoConsolePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vireo_console_page_dispose;
    object_class->finalize = vireo_console_page_finalize;
    object_class->get_property = vireo_console_page_get_property;
    object_class->set_property = vireo_console_page_set_property;
    widget_class->unrealize = vireo_console_page_unrealize;

    properties[PROP_TITLE] =
        g_param_spec_string ("title", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_STATE] =
        g_param_spec_int ("state", NULL, NULL, VIREO_CONSOLE_STATE_IDLE,
                          VIREO_CONSOLE_STATE_DISCONNECTED, VIREO_CONSOLE_STATE_IDLE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_FULLSCREEN] =
        g_param_spec_boolean ("fullscreen", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    properties[PROP_SOURCE] =
        g_param_spec_object ("source", NULL, NULL, VIREO_TYPE_CONSOLE_SOURCE,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_TOOLBAR_HOST] =
        g_param_spec_object ("toolbar-host", NULL, NULL, GTK_TYPE_CONTAINER,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_FIRST_FRAME] =
        g_signal_new ("first-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_STATUS_CHANGED] =
        g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-console-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, toolbar_slot);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, toolbar);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, send_key_button);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, consoles_button);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, usb_button);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, clipboard_button);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, fullscreen_image);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, stack);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, spinner);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, status_title);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, status_detail);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, reconnect_button);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, display_box);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, top_edge);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, revealer);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, fullscreen_slot);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, usb_box);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, record_indicator);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, info_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, info_label);
    gtk_widget_class_bind_template_callback (widget_class, top_edge_enter_cb);
    gtk_widget_class_bind_template_callback (widget_class, fullscreen_enter_cb);
    gtk_widget_class_bind_template_callback (widget_class, fullscreen_leave_cb);
    gtk_widget_class_bind_template_callback (widget_class, usb_popover_show_cb);
    gtk_widget_class_set_css_name (widget_class, "vireo-console-page");
}

static void
vireo_console_page_init (VireoConsolePage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_a11y_name_info_bar_close (self->info_bar);

    self->cancellable = g_cancellable_new ();
    self->accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->zoom = 100;
    self->scaling = VIREO_DISPLAY_SCALING_ALWAYS;
    self->resize_guest = TRUE;
    self->toolbar_visible = TRUE;
    _vireo_console_page_init_actions (self);
    init_text_console_actions (self);
    set_state (self, VIREO_CONSOLE_STATE_IDLE, _("Not connected"), NULL);
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoConsolePage *
vireo_console_page_new (void)
{
    return g_object_new (VIREO_TYPE_CONSOLE_PAGE, NULL);
}

void
vireo_console_page_set_settings (VireoConsolePage *self,
                                 GSettings        *settings)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

    g_set_object (&self->settings, settings);
    _vireo_console_page_update_actions (self);
}

void
vireo_console_page_set_wait (VireoConsolePage *self,
                             gboolean          wait)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    self->wait = wait;
}

void
vireo_console_page_set_auto_reconnect (VireoConsolePage *self,
                                       gboolean          reconnect)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    self->auto_reconnect = reconnect;
}

void
vireo_console_page_set_zoom (VireoConsolePage *self,
                             guint             percent)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    self->zoom = CLAMP (percent, VIREO_DISPLAY_ZOOM_MIN, VIREO_DISPLAY_ZOOM_MAX);
    if (self->display != NULL)
        vireo_display_set_zoom (self->display, self->zoom);
}

void
vireo_console_page_set_resize_guest (VireoConsolePage *self,
                                     gboolean          resize)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    self->resize_guest = resize;
    if (self->display != NULL)
        vireo_display_set_resize_guest (self->display, resize);
    _vireo_console_page_update_actions (self);
}

void
vireo_console_page_open_source (VireoConsolePage   *self,
                                VireoConsoleSource *source)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIREO_IS_CONSOLE_SOURCE (source));

    g_object_ref (source);
    if (self->source != NULL)
        g_signal_handlers_disconnect_by_data (self->source, self);
    if (self->source != source) {
        g_clear_pointer (&self->console_choice, g_free);
        g_clear_pointer (&self->shown_console, g_free);
        g_clear_pointer (&self->consoles, g_ptr_array_unref);
        rebuild_consoles_menu (self);
    }
    drop_display (self);
    g_clear_object (&self->source);
    self->source = source;
    g_signal_connect_object (source, "notify::available", G_CALLBACK (source_available_cb),
                             self, G_CONNECT_SWAPPED);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    set_title (self, vireo_console_source_get_title (source));
    start_connect (self);
}

void
vireo_console_page_open_file (VireoConsolePage *self,
                              VireoConsoleFile *file)
{
    g_autoptr(VireoConsoleSource) source = NULL;

    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIREO_IS_CONSOLE_FILE (file));

    source = vireo_console_source_file_new (file);
    vireo_console_page_open_source (self, source);
}

void
vireo_console_page_reconnect (VireoConsolePage *self)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    start_connect (self);
}

void
vireo_console_page_disconnect (VireoConsolePage *self)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    drop_display (self);
    set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED, _("Disconnected"), NULL);
}

VireoConsoleState
vireo_console_page_get_state (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), VIREO_CONSOLE_STATE_IDLE);

    return self->state;
}

const char *
vireo_console_page_get_status_title (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return gtk_label_get_text (self->status_title);
}

const char *
vireo_console_page_get_status_detail (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return gtk_label_get_text (self->status_detail);
}

const char *
vireo_console_page_get_title (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return self->title;
}

VireoDisplay *
vireo_console_page_get_display (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return self->display;
}

VireoConsoleSource *
vireo_console_page_get_source (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return self->source;
}

GActionGroup *
vireo_console_page_get_action_group (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return G_ACTION_GROUP (self->actions);
}

void
vireo_console_page_set_fullscreen (VireoConsolePage *self,
                                   gboolean          fullscreen)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    fullscreen = !!fullscreen;
    if (self->fullscreen == fullscreen)
        return;
    self->fullscreen = fullscreen;
    _vireo_console_page_apply_fullscreen (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULLSCREEN]);
}

gboolean
vireo_console_page_get_fullscreen (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), FALSE);

    return self->fullscreen;
}

gboolean
vireo_console_page_get_overlay_revealed (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), FALSE);

    return gtk_revealer_get_reveal_child (self->revealer);
}

void
vireo_console_page_reveal_overlay (VireoConsolePage *self)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    if (!self->fullscreen || !self->toolbar_visible)
        return;
    gtk_revealer_set_reveal_child (self->revealer, TRUE);
    /* Hidden again unless the pointer moves onto it. */
    schedule_hide_overlay (self, 2500);
}

GtkWidget *
vireo_console_page_get_password_dialog (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return self->password_dialog;
}

void
vireo_console_page_set_toolbar_visible (VireoConsolePage *self,
                                        gboolean          visible)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    self->toolbar_visible = visible;
    _vireo_console_page_apply_fullscreen (self);
}

static void
toolbar_host_destroy_cb (VireoConsolePage *self)
{
    vireo_console_page_set_toolbar_host (self, NULL);
}

void
vireo_console_page_set_toolbar_host (VireoConsolePage *self,
                                     GtkContainer     *host)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (host == NULL || GTK_IS_CONTAINER (host));

    if (self->toolbar_host == GTK_WIDGET (host))
        return;
    if (self->toolbar_host != NULL) {
        g_signal_handlers_disconnect_by_func (self->toolbar_host, toolbar_host_destroy_cb, self);
        /* The toolbar comes home before its host goes. */
        self->toolbar_host = NULL;
        _vireo_console_page_apply_fullscreen (self);
    }
    self->toolbar_host = GTK_WIDGET (host);
    if (host != NULL) {
        g_signal_connect_object (host, "destroy", G_CALLBACK (toolbar_host_destroy_cb), self,
                                 G_CONNECT_SWAPPED);
        _vireo_console_page_apply_fullscreen (self);
    }
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLBAR_HOST]);
}
