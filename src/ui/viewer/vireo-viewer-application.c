/* vireo-viewer-application.c: vireo-viewer, the console viewer (org.vireo.Viewer)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-connect-dialog.h"
#include "vireo-console-uri.h"
#include "vireo-error-cancelled.h"
#include "vireo-frame-sync.h"
#include "vireo-help.h"
#include "vireo-viewer-application-private.h"
#include "vireo-viewer-connect.h"

#define RECENT_KEY          "viewer-recent-uris"
#define RECENT_MAX          10

G_DEFINE_FINAL_TYPE (VireoViewerApplication, vireo_viewer_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
      N_("Connect to the hypervisor at URI and show the console of DOMAIN"), N_("URI") },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, NULL,
      N_("With --connect: wait for the domain to start"), NULL },
    { "reconnect", 'r', 0, G_OPTION_ARG_NONE, NULL,
      N_("With --connect: connect again when the domain restarts"), NULL },
    { "attach", 'a', 0, G_OPTION_ARG_NONE, NULL,
      N_("With --connect: open the console through libvirt (local domains)"), NULL },
    { "full-screen", 'f', 0, G_OPTION_ARG_NONE, NULL,
      N_("Open in fullscreen"), NULL },
    { "zoom", 'z', 0, G_OPTION_ARG_INT, NULL,
      N_("Zoom level of the console, in percent (10 to 400)"), N_("PCT") },
    { "title", 't', 0, G_OPTION_ARG_STRING, NULL,
      N_("Window title"), N_("TITLE") },
    { "hotkeys", 'H', 0, G_OPTION_ARG_STRING, NULL,
      N_("Hotkeys, as in toggle-fullscreen=shift+f11,release-cursor=shift+f12"),
      N_("HOTKEYS") },
    { "kiosk", 'k', 0, G_OPTION_ARG_NONE, NULL,
      N_("Kiosk mode: fullscreen, no toolbar, no way out"), NULL },
    { "kiosk-quit", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("In kiosk mode, quit when the console disconnects (on-disconnect) or not (never)"),
      N_("on-disconnect|never") },
    { "auto-resize", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Resize the guest with the window: always or never"), N_("always|never") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, NULL,
      N_("Tell what the viewer does"), NULL },
    { "debug", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print debugging messages"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL,
      N_("[FILE.vv | - | spice://HOST:PORT | vnc://HOST:PORT | DOMAIN]") },
    { NULL }
};

static void open_console_file (VireoViewerApplication *self,
                               VireoConsoleFile       *file);

/* ------------------------------------------------------------------------ */
/* Helpers */

static void
release (VireoViewerApplication *self)
{
    if (self->held) {
        self->held = FALSE;
        g_application_release (G_APPLICATION (self));
    }
}

static void
error_dialog_response_cb (GtkWidget              *dialog,
                          int                     response,
                          VireoViewerApplication *self)
{
    gtk_widget_destroy (dialog);
    _vireo_viewer_application_quit_with (self, 1);
}

static GSettings *
get_settings (void)
{
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
        schema = g_settings_schema_source_lookup (source, "org.vireo.Vireo", TRUE);
    if (schema == NULL || !g_settings_schema_has_key (schema, RECENT_KEY))
        return NULL;
    return g_settings_new ("org.vireo.Vireo");
}

static char *
strip_secrets (const char *address)
{
    g_autoptr(GUri) uri = g_uri_parse (address, G_URI_FLAGS_ENCODED_QUERY |
                                       G_URI_FLAGS_HAS_PASSWORD, NULL);
    g_autoptr(GString) query = NULL;
    g_autoptr(GUri) clean = NULL;
    const char *params;

    if (uri == NULL)
        return g_strdup (address);
    params = g_uri_get_query (uri);
    if (params != NULL) {
        g_auto(GStrv) pairs = g_strsplit (params, "&", -1);

        query = g_string_new (NULL);
        for (guint i = 0; pairs[i] != NULL; i++) {
            if (g_str_has_prefix (pairs[i], "password=") || g_str_equal (pairs[i], "password"))
                continue;
            if (query->len > 0)
                g_string_append_c (query, '&');
            g_string_append (query, pairs[i]);
        }
    }
    clean = g_uri_build_with_user (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (uri),
                                   g_uri_get_user (uri), NULL, NULL, g_uri_get_host (uri),
                                   g_uri_get_port (uri), g_uri_get_path (uri),
                                   query != NULL && query->len > 0 ? query->str : NULL,
                                   g_uri_get_fragment (uri));
    return g_uri_to_string (clean);
}

static char *
build_file_hotkeys (VireoConsoleFile *file)
{
    const char * const *actions = vireo_console_file_hotkey_actions ();
    g_autoptr(GString) spec = g_string_new (NULL);

    for (guint i = 0; actions[i] != NULL; i++) {
        const char *keys = vireo_console_file_get_hotkey (file, actions[i]);

        if (keys == NULL)
            continue;
        if (spec->len > 0)
            g_string_append_c (spec, ',');
        g_string_append_printf (spec, "%s=%s", actions[i], keys);
    }
    return spec->len > 0 ? g_string_free (g_steal_pointer (&spec), FALSE) : NULL;
}

/* ------------------------------------------------------------------------ */
/* The console window */

static gboolean
first_frame_exit_cb (gpointer user_data)
{
    _vireo_viewer_application_quit_with (VIREO_VIEWER_APPLICATION (user_data), 0);
    return G_SOURCE_REMOVE;
}

static void
page_first_frame_cb (VireoViewerApplication *self,
                     VireoConsolePage       *page)
{
    if (self->recent_address != NULL && self->settings != NULL)
        vireo_viewer_application_add_recent (self->settings, self->recent_address);
    g_clear_pointer (&self->recent_address, g_free);
    _vireo_viewer_application_verbose (self, _("First frame of the console received."));
    if (!self->exit_after_first_frame)
        return;
    printf ("VIREO_FIRST_FRAME %" G_GINT64_FORMAT "\n",
            (g_get_monotonic_time () - self->start_time) / 1000);
    fflush (stdout);
    g_timeout_add_full (G_PRIORITY_DEFAULT, self->exit_delay_ms, first_frame_exit_cb,
                        g_object_ref (self), g_object_unref);
}

static void
page_state_changed_cb (VireoViewerApplication *self,
                       VireoConsolePage       *page)
{
    const char *title = vireo_console_page_get_status_title (page);
    const char *detail = vireo_console_page_get_status_detail (page);

    switch (vireo_console_page_get_state (page)) {
    case VIREO_CONSOLE_STATE_CONNECTING:
    case VIREO_CONSOLE_STATE_WAITING:
        _vireo_viewer_application_verbose (self, "%s", title);
        break;
    case VIREO_CONSOLE_STATE_CONNECTED:
        _vireo_viewer_application_verbose (self, _("Connected to %s."),
                                           vireo_console_page_get_title (page));
        break;
    case VIREO_CONSOLE_STATE_DISCONNECTED:
        _vireo_viewer_application_verbose (self, "%s%s%s", title, *detail ? ": " : "", detail);
        /* The window says it too; scripts and logs read it here. */
        g_printerr ("%s%s%s\n", title, *detail ? ": " : "", detail);
        if (self->exit_after_first_frame) {
            g_printerr ("VIREO_FAILED %s%s%s\n", title, *detail ? ": " : "", detail);
            _vireo_viewer_application_quit_with (self, 1);
        } else if (self->kiosk && self->kiosk_quit) {
            _vireo_viewer_application_quit_with (self, 0);
        }
        break;
    case VIREO_CONSOLE_STATE_IDLE:
    default:
        break;
    }
}

static void
open_console_file (VireoViewerApplication *self,
                   VireoConsoleFile       *file)
{
    g_autofree char *description = vireo_console_file_describe (file);
    g_autofree char *file_hotkeys = NULL;
    VireoConsolePage *page = _vireo_viewer_application_create_page (self);

    /* describe() shows secrets as "(hidden)". */
    g_debug ("Connection:\n%s", description);
    if (self->hotkeys == NULL && (file_hotkeys = build_file_hotkeys (file)) != NULL) {
        g_autoptr(GError) error = NULL;

        if (!vireo_console_page_set_hotkeys (page, file_hotkeys, &error))
            g_printerr ("%s\n", error->message);
    }
    if (vireo_console_file_get_fullscreen (file) && !self->kiosk)
        vireo_console_page_set_fullscreen (page, TRUE);
    vireo_console_page_open_file (page, file);
    _vireo_viewer_application_present (self);
}

/* ------------------------------------------------------------------------ */
/* Files, URIs and the connect dialog */

typedef struct {
    VireoViewerApplication *self;
    char                   *fail_title;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
    g_object_unref (request->self);
    g_free (request->fail_title);
    g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadRequest, load_request_free)

static void
warn_not_deleted (VireoViewerApplication *self,
                  const char             *message)
{
    GtkWidget *dialog;

    g_printerr ("%s\n", message);
    if (self->exit_after_first_frame)
        return;
    dialog = gtk_message_dialog_new (self->window != NULL ? GTK_WINDOW (self->window) : NULL,
                                     0, GTK_MESSAGE_WARNING, GTK_BUTTONS_CLOSE, "%s",
                                     _("The connection file was not deleted"));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
    gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
    g_autoptr(LoadRequest) request = user_data;
    VireoViewerApplication *self = request->self;
    g_autoptr(VireoConsoleFile) file = NULL;
    g_autoptr(GError) error = NULL;

    file = vireo_console_file_new_finish (result, &error);
    if (file == NULL) {
        if (vireo_error_is_cancelled (error))
            release (self);
        else
            _vireo_viewer_application_fail (self, request->fail_title, error->message);
        return;
    }
    open_console_file (self, file);
    if (vireo_console_file_get_delete_error (file) != NULL)
        warn_not_deleted (self, vireo_console_file_get_delete_error (file));
}

/* Opens @address: a console URI at once; standard input ("-") or a file in a
 * worker thread (a FIFO or a device must not hold the main loop), failing
 * with @fail_title.  The application stays held until the console shows or
 * the failure is reported. */
static void
open_address (VireoViewerApplication  *self,
              const char              *address,
              GApplicationCommandLine *command_line,
              const char              *fail_title)
{
    g_autoptr(VireoConsoleFile) file = NULL;
    g_autoptr(GError) error = NULL;
    LoadRequest *request;

    if (vireo_console_uri_has_viewer_scheme (address)) {
        file = vireo_console_file_new_from_uri (address, &error);
        if (file == NULL) {
            _vireo_viewer_application_fail (self, fail_title, error->message);
            return;
        }
        g_free (self->recent_address);
        self->recent_address = strip_secrets (address);
        open_console_file (self, file);
        return;
    }

    request = g_new0 (LoadRequest, 1);
    request->self = g_object_ref (self);
    request->fail_title = g_strdup (fail_title);
    if (g_str_equal (address, "-")) {
        g_autoptr(GInputStream) in = command_line != NULL
            ? g_application_command_line_get_stdin (command_line) : NULL;

        if (in == NULL) {
            load_request_free (request);
            _vireo_viewer_application_fail (self, fail_title,
                                            _("There is no standard input to read."));
            return;
        }
        vireo_console_file_new_from_stream_async (in, self->cancellable, file_loaded_cb,
                                                  request);
    } else {
        g_autoptr(GFile) location = command_line != NULL
            ? g_application_command_line_create_file_for_arg (command_line, address)
            : g_file_new_for_commandline_arg (address);
        g_autofree char *path = g_file_get_path (location);

        vireo_console_file_new_from_file_async (path != NULL ? path : address,
                                                self->cancellable, file_loaded_cb, request);
    }
}

static void
connect_dialog_response_cb (GtkWidget              *dialog,
                            int                     response,
                            VireoViewerApplication *self)
{
    g_autofree char *address = NULL;

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (dialog);
        _vireo_viewer_application_quit_with (self, 0);
        return;
    }
    address = g_strdup (vireo_connect_dialog_get_address (VIREO_CONNECT_DIALOG (dialog)));
    /* Held until the console shows: the dialog was the only window. */
    if (!self->held) {
        g_application_hold (G_APPLICATION (self));
        self->held = TRUE;
    }
    gtk_widget_destroy (dialog);
    open_address (self, address, NULL, _("Could not open the console"));
}

static void
show_connect_dialog (VireoViewerApplication *self)
{
    g_auto(GStrv) recent = NULL;
    GtkWidget *dialog;

    if (self->settings != NULL)
        recent = vireo_viewer_application_list_recent (self->settings);
    dialog = vireo_connect_dialog_new (NULL, (const char * const *) recent);
    gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
    g_signal_connect (dialog, "response", G_CALLBACK (connect_dialog_response_cb), self);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Overrides */

static int
vireo_viewer_application_handle_local_options (GApplication *app,
                                               GVariantDict *options)
{
    if (g_variant_dict_contains (options, "version")) {
        printf ("vireo-viewer %s\n", VIREO_VERSION);
        return 0;
    }
    if (g_variant_dict_contains (options, "debug"))
        g_log_set_debug_enabled (TRUE);
    if (g_variant_dict_contains (options, "connect"))
        return _vireo_viewer_connect_handle_local (VIREO_VIEWER_APPLICATION (app));
    return -1;
}

static gboolean
parse_options (VireoViewerApplication  *self,
               GVariantDict            *options,
               GError                 **error)
{
    const char *kiosk_quit = NULL;
    const char *auto_resize = NULL;

    g_variant_dict_lookup (options, "connect", "s", &self->connect_uri);
    g_variant_dict_lookup (options, "title", "s", &self->title);
    g_variant_dict_lookup (options, "hotkeys", "s", &self->hotkeys);
    g_variant_dict_lookup (options, "zoom", "i", &self->zoom);
    self->fullscreen = g_variant_dict_contains (options, "full-screen");
    self->kiosk = g_variant_dict_contains (options, "kiosk");
    self->wait = g_variant_dict_contains (options, "wait");
    self->reconnect = g_variant_dict_contains (options, "reconnect");
    self->attach = g_variant_dict_contains (options, "attach");
    self->verbose = g_variant_dict_contains (options, "verbose");

    if (g_variant_dict_contains (options, "zoom") &&
        (self->zoom < VIREO_DISPLAY_ZOOM_MIN || self->zoom > VIREO_DISPLAY_ZOOM_MAX)) {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The zoom level must be between %d and %d percent.",
                                  "The zoom level must be between %d and %d percent.",
                                  VIREO_DISPLAY_ZOOM_MAX),
                     VIREO_DISPLAY_ZOOM_MIN, VIREO_DISPLAY_ZOOM_MAX);
        return FALSE;
    }
    if (g_variant_dict_lookup (options, "kiosk-quit", "&s", &kiosk_quit)) {
        if (!g_str_equal (kiosk_quit, "on-disconnect") && !g_str_equal (kiosk_quit, "never")) {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("--kiosk-quit takes on-disconnect or never, not “%s”."),
                         kiosk_quit);
            return FALSE;
        }
        self->kiosk_quit = g_str_equal (kiosk_quit, "on-disconnect");
    }
    self->resize_guest = -1;
    if (g_variant_dict_lookup (options, "auto-resize", "&s", &auto_resize)) {
        if (!g_str_equal (auto_resize, "always") && !g_str_equal (auto_resize, "never")) {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("--auto-resize takes always or never, not “%s”."), auto_resize);
            return FALSE;
        }
        self->resize_guest = g_str_equal (auto_resize, "always");
    }
    if (self->hotkeys != NULL) {
        g_autoptr(VireoConsolePage) probe = g_object_ref_sink (vireo_console_page_new ());

        if (!vireo_console_page_set_hotkeys (probe, self->hotkeys, error))
            return FALSE;
    }
    return TRUE;
}

static int
vireo_viewer_application_command_line (GApplication            *app,
                                       GApplicationCommandLine *command_line)
{
    VireoViewerApplication *self = VIREO_VIEWER_APPLICATION (app);
    GVariantDict *options = g_application_command_line_get_options_dict (command_line);
    g_autofree const char **args = NULL;
    g_autoptr(GError) error = NULL;
    guint n_args;

    g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &args);
    n_args = args != NULL ? g_strv_length ((char **) args) : 0;
    if (!parse_options (self, options, &error)) {
        g_application_command_line_printerr (command_line, "%s\n", error->message);
        return 1;
    }
    self->settings = get_settings ();

    g_application_hold (app);
    self->held = TRUE;
    if (self->connect_uri != NULL) {
        if (n_args != 1) {
            g_application_command_line_printerr (command_line, "%s\n",
                                                 _("--connect needs the name, UUID or id of "
                                                   "one domain."));
            release (self);
            return 1;
        }
        self->domain_name = g_strdup (args[0]);
        _vireo_viewer_connect_open (self);
    } else if (n_args > 1) {
        g_application_command_line_printerr (command_line, "%s\n",
                                             _("Give one connection file or address."));
        release (self);
        return 1;
    } else if (n_args == 1) {
        g_autofree char *title = g_strdup_printf (_("Could not open “%s”"), args[0]);

        open_address (self, args[0], command_line, title);
    } else {
        show_connect_dialog (self);
        release (self);
    }
    return 0;
}

static void
vireo_viewer_application_startup (GApplication *app)
{
    G_APPLICATION_CLASS (vireo_viewer_application_parent_class)->startup (app);
    vireo_frame_sync_follow_window_manager (GTK_APPLICATION (app));

    gtk_window_set_default_icon_name ("org.vireo.Vireo");
}

static void
vireo_viewer_application_shutdown (GApplication *app)
{
    VireoViewerApplication *self = VIREO_VIEWER_APPLICATION (app);

    g_cancellable_cancel (self->cancellable);
    G_APPLICATION_CLASS (vireo_viewer_application_parent_class)->shutdown (app);
}

static void
vireo_viewer_application_dispose (GObject *object)
{
    VireoViewerApplication *self = VIREO_VIEWER_APPLICATION (object);

    if (self->window != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
    self->window = NULL;
    _vireo_viewer_connect_dispose (self);
    g_clear_object (&self->connection);
    g_clear_object (&self->settings);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (vireo_viewer_application_parent_class)->dispose (object);
}

static void
vireo_viewer_application_finalize (GObject *object)
{
    VireoViewerApplication *self = VIREO_VIEWER_APPLICATION (object);

    g_free (self->recent_address);
    g_free (self->connect_uri);
    g_free (self->domain_name);
    g_free (self->title);
    g_free (self->hotkeys);
    g_strfreev (self->argv);
    G_OBJECT_CLASS (vireo_viewer_application_parent_class)->finalize (object);
}

static void
vireo_viewer_application_class_init (VireoViewerApplicationClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

    object_class->dispose = vireo_viewer_application_dispose;
    object_class->finalize = vireo_viewer_application_finalize;
    app_class->startup = vireo_viewer_application_startup;
    app_class->shutdown = vireo_viewer_application_shutdown;
    app_class->command_line = vireo_viewer_application_command_line;
    app_class->handle_local_options = vireo_viewer_application_handle_local_options;
}

static void
vireo_viewer_application_init (VireoViewerApplication *self)
{
    const char *delay = g_getenv ("VIREO_VIEWER_EXIT_DELAY_MS");

    self->start_time = g_get_monotonic_time ();
    self->cancellable = g_cancellable_new ();
    self->resize_guest = -1;
    self->exit_after_first_frame =
        g_strcmp0 (g_getenv ("VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME"), "1") == 0;
    if (delay != NULL)
        self->exit_delay_ms = (guint) g_ascii_strtoull (delay, NULL, 10);
    g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
    g_application_set_option_context_summary (
        G_APPLICATION (self),
        _("Show the console of a virtual machine or remote desktop (SPICE or VNC):\n"
          "  vireo-viewer FILE.vv | - | spice://HOST:PORT | spice+tls://HOST:PORT |\n"
          "               spice+unix:///PATH | vnc://HOST:PORT\n"
          "  vireo-viewer --connect URI DOMAIN"));
}

/* ------------------------------------------------------------------------ */
/* For the split parts (vireo-viewer-application-private.h) */

void
_vireo_viewer_application_verbose (VireoViewerApplication *self,
                                   const char             *format,
                                   ...)
{
    va_list args;

    if (!self->verbose)
        return;
    va_start (args, format);
    vprintf (format, args);
    va_end (args);
    putchar ('\n');
    fflush (stdout);
}

void
_vireo_viewer_application_quit_with (VireoViewerApplication *self,
                                     int                     status)
{
    self->exit_status = status;
    release (self);
    g_application_quit (G_APPLICATION (self));
}

void
_vireo_viewer_application_fail (VireoViewerApplication *self,
                                const char             *title,
                                const char             *detail)
{
    GtkWidget *dialog;

    g_printerr ("%s%s%s\n", title, detail != NULL ? ": " : "", detail != NULL ? detail : "");
    if (self->exit_after_first_frame) {
        g_printerr ("VIREO_FAILED %s%s%s\n", title, detail != NULL ? ": " : "",
                    detail != NULL ? detail : "");
        _vireo_viewer_application_quit_with (self, 1);
        return;
    }
    dialog = gtk_message_dialog_new (self->window != NULL ? GTK_WINDOW (self->window) : NULL,
                                     0, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", title);
    if (detail != NULL)
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
    gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
    g_signal_connect (dialog, "response", G_CALLBACK (error_dialog_response_cb), self);
    gtk_window_present (GTK_WINDOW (dialog));
    release (self);
}

VireoConsolePage *
_vireo_viewer_application_create_page (VireoViewerApplication *self)
{
    VireoConsoleWindow *window = vireo_console_window_new (GTK_APPLICATION (self));
    VireoConsolePage *page = vireo_console_window_get_page (window);
    g_autoptr(GError) error = NULL;

    self->window = window;
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
    vireo_help_install (GTK_WINDOW (window), "viewer");
    vireo_console_page_set_settings (page, self->settings);
    if (self->zoom > 0)
        vireo_console_page_set_zoom (page, (guint) self->zoom);
    if (self->resize_guest >= 0)
        vireo_console_page_set_resize_guest (page, self->resize_guest == 1);
    if (self->hotkeys != NULL && !vireo_console_page_set_hotkeys (page, self->hotkeys, &error))
        g_printerr ("%s\n", error->message);
    g_signal_connect_object (page, "first-frame", G_CALLBACK (page_first_frame_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (page, "status-changed", G_CALLBACK (page_state_changed_cb), self,
                             G_CONNECT_SWAPPED);
    if (self->kiosk)
        vireo_console_window_set_kiosk (window, TRUE);
    else if (self->fullscreen)
        vireo_console_page_set_fullscreen (page, TRUE);
    return page;
}

void
_vireo_viewer_application_present (VireoViewerApplication *self)
{
    if (self->title != NULL) {
        g_autofree char *title = vireo_console_file_expand_title (self->title, "1");

        vireo_console_window_set_title_override (self->window, title);
    }
    gtk_window_present (GTK_WINDOW (self->window));
    release (self);
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoViewerApplication *
vireo_viewer_application_new (void)
{
    return g_object_new (VIREO_TYPE_VIEWER_APPLICATION,
                         "application-id", "org.vireo.Viewer",
                         "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE,
                         NULL);
}

void
vireo_viewer_application_set_start_time (VireoViewerApplication *self,
                                         gint64                  start_us)
{
    g_return_if_fail (VIREO_IS_VIEWER_APPLICATION (self));

    self->start_time = start_us;
}

void
vireo_viewer_application_set_argv (VireoViewerApplication *self,
                                   char                  **argv)
{
    g_return_if_fail (VIREO_IS_VIEWER_APPLICATION (self));

    g_strfreev (self->argv);
    self->argv = g_strdupv (argv);
}

int
vireo_viewer_application_get_exit_status (VireoViewerApplication *self)
{
    g_return_val_if_fail (VIREO_IS_VIEWER_APPLICATION (self), 1);

    return self->exit_status;
}

VireoConsoleWindow *
vireo_viewer_application_get_window (VireoViewerApplication *self)
{
    g_return_val_if_fail (VIREO_IS_VIEWER_APPLICATION (self), NULL);

    return self->window;
}

void
vireo_viewer_application_add_recent (GSettings  *settings,
                                     const char *address)
{
    g_auto(GStrv) current = NULL;
    g_autoptr(GStrvBuilder) builder = NULL;
    g_auto(GStrv) updated = NULL;
    g_autofree char *clean = NULL;
    guint n = 1;

    g_return_if_fail (G_IS_SETTINGS (settings));
    g_return_if_fail (address != NULL);

    clean = strip_secrets (address);
    current = g_settings_get_strv (settings, RECENT_KEY);
    builder = g_strv_builder_new ();
    g_strv_builder_add (builder, clean);
    for (guint i = 0; current[i] != NULL && n < RECENT_MAX; i++) {
        if (g_str_equal (current[i], clean))
            continue;
        g_strv_builder_add (builder, current[i]);
        n++;
    }
    updated = g_strv_builder_end (builder);
    g_settings_set_strv (settings, RECENT_KEY, (const char * const *) updated);
}

GStrv
vireo_viewer_application_list_recent (GSettings *settings)
{
    g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

    return g_settings_get_strv (settings, RECENT_KEY);
}
