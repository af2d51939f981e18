/* vireo-console-page.c: one console (SPICE or VNC) with its toolbar and status
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <gtk-vnc.h>

#include "vireo-console-error.h"
#include "vireo-console-graphics.h"
#include "vireo-console-page-private.h"
#include "vireo-display-serial.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-password-dialog.h"
#include "vireo-password-store.h"

enum {
    PROP_0,
    PROP_TITLE,
    PROP_STATE,
    PROP_FULLSCREEN,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_FIRST_FRAME,
    SIGNAL_STATUS_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (VireoConsolePage, vireo_console_page, GTK_TYPE_BOX)

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
    if (self->tunnel != NULL) {
        vireo_ssh_tunnel_stop (self->tunnel);
        g_clear_object (&self->tunnel);
    }
    gtk_popover_popdown (GTK_POPOVER (gtk_menu_button_get_popover (
        GTK_MENU_BUTTON (self->usb_button))));
}

static gboolean
is_cancelled (const GError *error)
{
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static const char *
target_name (VireoConsolePage *self)
{
    return self->title != NULL ? self->title : _("this machine");
}

static void
set_password_key (VireoConsolePage *self,
                  const char       *host,
                  int               port,
                  const char       *uri)
{
    g_free (self->key_host);
    g_free (self->key_uri);
    self->key_host = g_strdup (host);
    self->key_port = port;
    self->key_uri = g_strdup (uri);
}

/* ------------------------------------------------------------------------ */
/* Password prompt and keyring */

static void
password_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vireo_password_store_save_finish (result, &error) && !is_cancelled (error))
        g_message ("The password could not be remembered: %s", error->message);
}

static void
save_password_if_asked (VireoConsolePage *self)
{
    VireoPasswordKey key = { self->key_host, self->key_port, self->key_uri };
    g_autofree char *label = NULL;

    if (self->save_password == NULL)
        return;
    label = g_strdup_printf (_("Console of %s"), target_name (self));
    vireo_password_store_save_async (&key, label, self->save_password, self->cancellable,
                                     password_saved_cb, NULL);
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

    g_clear_pointer (&self->password_dialog, gtk_widget_destroy);
    self->password_dialog =
        vireo_password_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   target_name (self), reason, need_username,
                                   self->key_host != NULL || self->key_uri != NULL);
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

    if (self->display != data->display || is_cancelled (error)) {
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
    /* The first time, a remembered password is tried before asking. */
    if (reason == NULL && !self->keyring_tried &&
        (self->key_host != NULL || self->key_uri != NULL)) {
        VireoPasswordKey key = { self->key_host, self->key_port, self->key_uri };
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
display_disconnected_cb (VireoConsolePage *self,
                         const GError     *error,
                         VireoDisplay     *display)
{
    g_autoptr(GError) copy = error != NULL ? g_error_copy (error) : NULL;

    drop_display (self);
#if VIREO_WITH_LIBVIRT
    if (self->domain != NULL && self->auto_reconnect) {
        if (vireo_domain_is_active (self->domain)) {
            start_connect (self);
        } else {
            set_state (self, VIREO_CONSOLE_STATE_WAITING,
                       _("Waiting for the guest to start"),
                       _("The console will connect again when the virtual machine runs."));
        }
        return;
    }
    if (self->domain != NULL && !vireo_domain_is_active (self->domain)) {
        set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED, _("The virtual machine shut down"),
                   NULL);
        return;
    }
#endif
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
    if (is_cancelled (error) || VIREO_DISPLAY (source) != self->display)
        return;
    drop_display (self);
    show_failure (self, _("Could not connect"), error);
}

static void
attach_display (VireoConsolePage *self,
                VireoDisplay     *display)
{
    self->display = g_object_ref_sink (display);
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
    self->open_cancellable = g_cancellable_new ();
    vireo_display_open_async (display, self->open_cancellable, display_open_cb,
                              g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Connection files and URIs */

static void
apply_spice_file (VireoConsolePage    *self,
                  VireoDisplaySpice   *spice,
                  VireoConsoleFile *file)
{
    SpiceSession *session = vireo_display_spice_get_session (spice);
    const char * const *secure = vireo_console_file_get_secure_channels (file);
    const char * const *disabled = vireo_console_file_get_disable_channels (file);
    const char * const *effects = vireo_console_file_get_disable_effects (file);
    gboolean usb = !vireo_console_file_is_set (file, NULL, "enable-usbredir") ||
                   vireo_console_file_get_enable_usbredir (file);

    if (vireo_console_file_get_unix_path (file) != NULL) {
        vireo_display_spice_set_unix_path (spice, vireo_console_file_get_unix_path (file));
    } else {
        int port = vireo_console_file_get_port (file);
        int tls_port = vireo_console_file_get_tls_port (file);

        vireo_display_spice_set_host (spice, vireo_console_file_get_host (file),
                                      port > 0 ? (guint) port : 0,
                                      tls_port > 0 ? (guint) tls_port : 0);
    }
    vireo_display_spice_set_tls (spice, NULL, vireo_console_file_get_ca (file),
                                 vireo_console_file_get_host_subject (file));
    if (secure != NULL)
        vireo_display_spice_set_secure_channels (spice, secure);
    if (vireo_console_file_get_proxy (file) != NULL)
        vireo_display_spice_set_proxy (spice, vireo_console_file_get_proxy (file));
    if (vireo_console_file_get_tls_ciphers (file) != NULL)
        g_object_set (session, "ciphers", vireo_console_file_get_tls_ciphers (file), NULL);
    if (vireo_console_file_get_color_depth (file) > 0)
        g_object_set (session, "color-depth", vireo_console_file_get_color_depth (file),
                      NULL);
    if (effects != NULL)
        g_object_set (session, "disable-effects", effects, NULL);
    g_object_set (session, "enable-smartcard",
                  vireo_console_file_get_enable_smartcard (file), NULL);

    /* disable-channels: those channels are never connected. */
    vireo_display_spice_set_disabled_channels (spice, disabled);
    vireo_display_spice_set_usb_redirection (spice, usb,
                                             vireo_console_file_get_enable_usb_autoshare (file),
                                             vireo_console_file_get_usb_filter (file),
                                             vireo_console_file_get_usb_redirect_on_connect (file));
}

static void
connect_file (VireoConsolePage *self)
{
    VireoConsoleFile *file = self->file;
    g_autoptr(GError) error = NULL;
    VireoDisplay *display = NULL;

    if (!vireo_console_file_check_version (file, NULL, NULL, &error)) {
        const char *url = vireo_console_file_get_newer_version_url (file);
        g_autofree char *detail = NULL;

        if (url != NULL)
            detail = g_strdup_printf (_("%s A newer version is available at %s"),
                                      error->message, url);
        set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                   _("This connection needs a newer viewer"),
                   detail != NULL ? detail : error->message);
        return;
    }

    switch (vireo_console_file_get_protocol (file)) {
    case VIREO_CONSOLE_PROTOCOL_SPICE:
        display = vireo_display_spice_new ();
        apply_spice_file (self, VIREO_DISPLAY_SPICE (display), file);
        break;
    case VIREO_CONSOLE_PROTOCOL_VNC:
        display = vireo_display_vnc_new ();
        if (vireo_console_file_get_unix_path (file) != NULL)
            vireo_display_vnc_set_unix_path (VIREO_DISPLAY_VNC (display),
                                             vireo_console_file_get_unix_path (file));
        else
            vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display),
                                        vireo_console_file_get_host (file),
                                        (guint) MAX (vireo_console_file_get_port (file), 0));
        break;
    case VIREO_CONSOLE_PROTOCOL_OVIRT:
    case VIREO_CONSOLE_PROTOCOL_NONE:
    default:
        set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                   _("This kind of connection is not supported"),
                   _("The file asks for an oVirt connection; Vireo opens SPICE and VNC "
                     "consoles. Its details are under “About This Connection”."));
        return;
    }
    if (vireo_console_file_get_password (file) != NULL ||
        vireo_console_file_get_username (file) != NULL)
        vireo_display_set_credentials (display, vireo_console_file_get_username (file),
                                       vireo_console_file_get_password (file));
    set_state (self, VIREO_CONSOLE_STATE_CONNECTING, _("Connecting…"), NULL);
    attach_display (self, display);
}

/* ------------------------------------------------------------------------ */
/* Domains (not in vireo-viewer's libvirt-free build, where self->domain is
 * always NULL) */

#if VIREO_WITH_LIBVIRT

/* What a domain offers to look at: its <graphics> and its text consoles. */
typedef struct {
    GPtrArray *graphics;   /* VireoGraphicsInfo* */
    GPtrArray *consoles;   /* VireoConsoleDevice* */
} ConsoleTargets;

static void
console_targets_free (ConsoleTargets *targets)
{
    g_clear_pointer (&targets->graphics, g_ptr_array_unref);
    g_clear_pointer (&targets->consoles, g_ptr_array_unref);
    g_free (targets);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConsoleTargets, console_targets_free)

static void
read_graphics_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
    VireoDomain *domain = task_data;
    g_autoptr(ConsoleTargets) targets = g_new0 (ConsoleTargets, 1);
    g_autofree char *xml = NULL;
    GError *error = NULL;

    xml = vireo_domain_get_xml (domain, 0, &error);
    if (xml == NULL) {
        g_task_return_error (task, error);
        return;
    }
    targets->graphics = vireo_graphics_info_parse (xml, &error);
    if (targets->graphics == NULL) {
        g_task_return_error (task, error);
        return;
    }
    targets->consoles = vireo_console_device_list_parse (xml, &error);
    if (targets->consoles == NULL) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, g_steal_pointer (&targets),
                           (GDestroyNotify) console_targets_free);
}

/* The text console to show: the one chosen, else the first one when there
 * is no graphical console; NULL for the graphical console. */
static const VireoConsoleDevice *
pick_text_console (VireoConsolePage *self)
{
    const VireoConsoleDevice *first = NULL;

    for (guint i = 0; self->consoles != NULL && i < self->consoles->len; i++) {
        const VireoConsoleDevice *device = g_ptr_array_index (self->consoles, i);

        if (!device->can_open || device->alias == NULL)
            continue;
        if (first == NULL)
            first = device;
        if (g_strcmp0 (self->console_choice, device->alias) == 0)
            return device;
    }
    /* Else the graphical console, or the first text console when there is none. */
    return self->has_graphics ? NULL : first;
}

static void
rebuild_consoles_menu (VireoConsolePage *self)
{
    g_autoptr(GMenu) menu = g_menu_new ();
    guint n_text = 0;

    if (self->has_graphics)
        g_menu_append (menu, _("_Graphical Console"), "console.show-console::graphics");
    for (guint i = 0; self->consoles != NULL && i < self->consoles->len; i++) {
        const VireoConsoleDevice *device = g_ptr_array_index (self->consoles, i);
        g_autofree char *label = NULL;
        g_autoptr(GMenuItem) item = NULL;

        if (!device->can_open || device->alias == NULL)
            continue;
        label = vireo_console_device_get_label (device);
        item = g_menu_item_new (label, NULL);
        g_menu_item_set_action_and_target (item, "console.show-console", "s", device->alias);
        g_menu_append_item (menu, item);
        n_text++;
    }
    gtk_menu_button_set_menu_model (self->consoles_button, G_MENU_MODEL (menu));
    gtk_widget_set_visible (GTK_WIDGET (self->consoles_button),
                            self->domain != NULL && n_text > 0);
}

static void
open_text_console (VireoConsolePage         *self,
                   const VireoConsoleDevice *device)
{
    VireoDisplay *display = vireo_display_serial_new ();

    vireo_display_set_domain (display, self->domain, 0);
    vireo_display_serial_set_device (VIREO_DISPLAY_SERIAL (display), device->alias);
    attach_display (self, display);
}

static VireoDisplay *
new_display_for (const VireoGraphicsInfo *info)
{
    return info->type == VIREO_GRAPHICS_SPICE ? vireo_display_spice_new ()
                                              : vireo_display_vnc_new ();
}

static gboolean
connect_remote (VireoConsolePage        *self,
                const VireoGraphicsInfo *info,
                VireoDisplay            *display,
                GError                 **error)
{
    const char *uri = vireo_connection_get_uri (vireo_domain_get_connection (self->domain));
    g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
    const char *scheme = parsed != NULL ? g_uri_get_scheme (parsed) : "";
    const char *uri_host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
    g_autofree char *host = NULL;
    int port = info->port > 0 ? info->port : info->tls_port;
    int tls_port = info->tls_port;

    if (port <= 0) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                     _("The console of “%s” has no TCP port that Vireo could reach from "
                       "this computer."), vireo_domain_get_name (self->domain));
        return FALSE;
    }

    if (g_str_has_suffix (scheme, "+ssh")) {
        /* The console usually listens on the remote host's loopback only. */
        g_autofree char *target = vireo_graphics_info_get_host (info, "127.0.0.1");

        self->tunnel = vireo_ssh_tunnel_new (g_uri_get_user (parsed), uri_host,
                                             g_uri_get_port (parsed), target, (guint) port);
        if (!vireo_ssh_tunnel_start (self->tunnel, error))
            return FALSE;
        host = g_strdup ("127.0.0.1");
        tls_port = port == info->tls_port ? (int) vireo_ssh_tunnel_get_local_port (self->tunnel)
                                          : -1;
        port = port == info->tls_port ? -1 : (int) vireo_ssh_tunnel_get_local_port (self->tunnel);
    } else {
        host = vireo_graphics_info_get_host (info, uri_host);
    }

    set_password_key (self, uri_host, info->port > 0 ? info->port : info->tls_port, NULL);
    {
        g_autofree char *key_uri = g_strdup_printf ("%s#%s", uri,
                                                    vireo_domain_get_uuid (self->domain));

        g_free (self->key_uri);
        self->key_uri = g_steal_pointer (&key_uri);
    }
    if (VIREO_IS_DISPLAY_SPICE (display))
        vireo_display_spice_set_host (VIREO_DISPLAY_SPICE (display), host,
                                      port > 0 ? (guint) port : 0,
                                      tls_port > 0 ? (guint) tls_port : 0);
    else
        vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display), host, (guint) port);
    return TRUE;
}

static void
read_graphics_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
    g_autoptr(VireoConsolePage) self = user_data;
    g_autoptr(ConsoleTargets) targets = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDisplay) display = NULL;
    const VireoConsoleDevice *text_console;
    const VireoGraphicsInfo *info;
    VireoConnection *connection;

    targets = g_task_propagate_pointer (G_TASK (result), &error);
    if (is_cancelled (error) || self->domain == NULL ||
        g_task_get_task_data (G_TASK (result)) != self->domain)
        return;
    if (targets == NULL) {
        show_failure (self, _("Could not connect"), error);
        return;
    }
    info = vireo_graphics_info_pick (targets->graphics);
    g_clear_pointer (&self->consoles, g_ptr_array_unref);
    self->consoles = g_steal_pointer (&targets->consoles);
    self->has_graphics = info != NULL;
    rebuild_consoles_menu (self);
    text_console = pick_text_console (self);
    if (text_console != NULL) {
        open_text_console (self, text_console);
        return;
    }
    if (info == NULL) {
        set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                   _("This virtual machine has no graphical console"),
                   _("It has no text console either. Add a SPICE or VNC display, or a serial "
                     "console, to its hardware to see it."));
        return;
    }

    display = g_object_ref_sink (new_display_for (info));
    connection = vireo_domain_get_connection (self->domain);
    if (vireo_uri_is_local (vireo_connection_get_uri (connection))) {
        /* No TCP port and no password: libvirt hands over a connected socket. */
        vireo_display_set_domain (display, self->domain, info->index);
    } else if (self->attach) {
        set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED, _("Could not connect"),
                   _("Attaching to a console works only for virtual machines on this "
                     "computer."));
        return;
    } else if (!connect_remote (self, info, display, &error)) {
        show_failure (self, _("Could not connect"), error);
        return;
    }
    attach_display (self, display);
}

static void
connect_domain (VireoConsolePage *self)
{
    g_autoptr(GTask) task = NULL;

    if (!vireo_domain_is_active (self->domain)) {
        if (self->wait || self->auto_reconnect) {
            set_state (self, VIREO_CONSOLE_STATE_WAITING, _("Waiting for the guest to start"),
                       _("The console will connect when the virtual machine runs."));
        } else {
            set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                       _("The virtual machine is not running"), NULL);
        }
        return;
    }
    set_state (self, VIREO_CONSOLE_STATE_CONNECTING, _("Connecting…"), NULL);
    self->open_cancellable = g_cancellable_new ();
    task = g_task_new (NULL, self->open_cancellable, read_graphics_cb, g_object_ref (self));
    g_task_set_source_tag (task, connect_domain);
    g_task_set_task_data (task, g_object_ref (self->domain), g_object_unref);
    g_task_run_in_thread (task, read_graphics_thread);
}

static void
domain_state_changed_cb (VireoConsolePage *self,
                         VireoDomain      *domain)
{
    if (self->state == VIREO_CONSOLE_STATE_WAITING && vireo_domain_is_active (domain)) {
        start_connect (self);
    } else if (!vireo_domain_is_active (domain) &&
               (self->state == VIREO_CONSOLE_STATE_CONNECTED ||
                self->state == VIREO_CONSOLE_STATE_CONNECTING)) {
        drop_display (self);
        if (self->auto_reconnect)
            set_state (self, VIREO_CONSOLE_STATE_WAITING, _("Waiting for the guest to start"),
                       _("The console will connect again when the virtual machine runs."));
        else
            set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED,
                       _("The virtual machine shut down"), NULL);
    }
}

#else

static void
rebuild_consoles_menu (VireoConsolePage *self)
{
    gtk_widget_set_visible (GTK_WIDGET (self->consoles_button), FALSE);
}

#endif /* VIREO_WITH_LIBVIRT */

static void
start_connect (VireoConsolePage *self)
{
    drop_display (self);
#if VIREO_WITH_LIBVIRT
    if (self->domain != NULL) {
        connect_domain (self);
        return;
    }
#endif
    if (self->file != NULL)
        connect_file (self);
}

/* ------------------------------------------------------------------------ */
/* Choosing the console: graphical or text */

static void
update_console_actions (VireoConsolePage *self)
{
#if VIREO_WITH_LIBVIRT
    gboolean text = VIREO_IS_DISPLAY_SERIAL (self->display);
#else
    gboolean text = FALSE;
#endif
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
#if VIREO_WITH_LIBVIRT
        const char *shown = text ? vireo_display_serial_get_device (VIREO_DISPLAY_SERIAL (
                                       self->display))
                                 : NULL;
#else
        const char *shown = NULL;
#endif

        g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                   g_variant_new_string (shown != NULL ? shown : "graphics"));
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->domain != NULL);
    }
    if (keys != NULL && gtk_menu_button_get_menu_model (self->send_key_button) != keys)
        gtk_menu_button_set_menu_model (self->send_key_button, keys);
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
    if (self->domain != NULL)
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

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->hide_overlay_id, g_source_remove);
    g_clear_handle_id (&self->spinner_id, g_source_remove);
    _vireo_console_page_dispose_recording (self);
    if (self->display != NULL || self->tunnel != NULL || self->open_cancellable != NULL)
        drop_display (self);
    if (self->domain != NULL)
        g_signal_handlers_disconnect_by_data (self->domain, self);
    g_clear_object (&self->domain);
    g_clear_object (&self->file);
    g_clear_object (&self->settings);
    g_clear_object (&self->actions);
    g_clear_object (&self->graphics_keys);
    g_clear_object (&self->text_keys);
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
    g_free (self->key_host);
    g_free (self->key_uri);
    g_free (self->release_accel);
    g_free (self->console_choice);
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

    self->cancellable = g_cancellable_new ();
    self->accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->zoom = 100;
    self->scaling = VIREO_DISPLAY_SCALING_ALWAYS;
    self->resize_guest = TRUE;
    self->toolbar_visible = TRUE;
    self->key_port = -1;
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
vireo_console_page_set_attach (VireoConsolePage *self,
                               gboolean          attach)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

    self->attach = attach;
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
vireo_console_page_open_file (VireoConsolePage    *self,
                              VireoConsoleFile *file)
{
    const char *host;
    g_autofree char *uri = NULL;
    g_autofree char *title = NULL;
    int port;

    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIREO_IS_CONSOLE_FILE (file));

    if (self->domain != NULL)
        g_signal_handlers_disconnect_by_data (self->domain, self);
    g_clear_object (&self->domain);
    g_clear_pointer (&self->console_choice, g_free);
    g_clear_pointer (&self->consoles, g_ptr_array_unref);
    self->has_graphics = FALSE;
    rebuild_consoles_menu (self);
    g_set_object (&self->file, file);

    host = vireo_console_file_get_host (file);
    port = vireo_console_file_get_port (file);
    if (port <= 0)
        port = vireo_console_file_get_tls_port (file);
    if (vireo_console_file_get_unix_path (file) != NULL) {
        host = vireo_console_file_get_unix_path (file);
        port = -1;
    }
    uri = g_strdup_printf ("%s://%s:%d",
                           vireo_console_file_get_protocol (file) ==
                           VIREO_CONSOLE_PROTOCOL_VNC ? "vnc" : "spice",
                           host != NULL ? host : "", port);
    set_password_key (self, host, port, uri);

    if (vireo_console_file_get_title (file) != NULL)
        title = vireo_console_file_expand_title (vireo_console_file_get_title (file), "1");
    else if (port > 0)
        title = g_strdup_printf ("%s:%d", host != NULL ? host : "", port);
    else
        title = g_strdup (host != NULL ? host : _("Console"));
    set_title (self, title);
    start_connect (self);
}

#if VIREO_WITH_LIBVIRT
void
vireo_console_page_open_domain (VireoConsolePage *self,
                                VireoDomain      *domain)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    g_clear_object (&self->file);
    if (self->domain != NULL)
        g_signal_handlers_disconnect_by_data (self->domain, self);
    if (self->domain != domain) {
        g_clear_pointer (&self->console_choice, g_free);
        g_clear_pointer (&self->consoles, g_ptr_array_unref);
        self->has_graphics = FALSE;
    }
    g_set_object (&self->domain, domain);
    set_password_key (self, NULL, -1, NULL);
    g_signal_connect_object (domain, "state-changed", G_CALLBACK (domain_state_changed_cb),
                             self, G_CONNECT_SWAPPED);
    set_title (self, vireo_domain_get_name (domain));
    start_connect (self);
}
#endif

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

VireoDomain *
vireo_console_page_get_domain (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return self->domain;
}

VireoConsoleFile *
vireo_console_page_get_file (VireoConsolePage *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    return self->file;
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
