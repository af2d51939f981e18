/* vireo-application.c: the manager application (org.vireo.Vireo)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <stdio.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-application.h"
#include "vireo-application-private.h"
#include "vireo-auth-dialog.h"
#include "vireo-frame-sync.h"
#include "vireo-manager-window.h"
#include "vireo-new-vm-window.h"
#include "vireo-preferences-dialog.h"
#include "vireo-vm-window.h"

#define SYSTEM_URI  "qemu:///system"
#define SESSION_URI "qemu:///session"

struct _VireoApplication {
    GtkApplication parent_instance;

    /* borrowed (weak) */
    VireoManagerWindow *window;

    /* owned */
    GSettings          *settings;
    GPtrArray          *connections;      /* VireoConnection*, display order */
    GHashTable         *autoconnect;      /* set of VireoConnection* */
    GHashTable         *default_uris;     /* URIs shown without being saved */
    GCancellable       *cancellable;      /* the socket probe */
    gint64              start_time;
    gboolean            loaded;
    /* The primary instance opens its connections before GTK is up (see
     * startup), from the --connect URIs seen in handle_local_options. */
    char              **early_uris;
    gboolean            early_load;
    char               *pending_error;    /* an open that failed before the window */
};

enum {
    SIGNAL_CONNECTION_ADDED,
    SIGNAL_CONNECTION_REMOVED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoApplication, vireo_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Connect to the hypervisor at URI (may be repeated)"), N_("URI") },
    { "show-domain-console", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the console of the virtual machine NAME (name, UUID or id) on the --connect "
         "URI, or on the default connection"), N_("NAME") },
    { "show-domain-editor", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the details of the virtual machine NAME, to change them"), N_("NAME") },
    { "show-domain-performance", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the performance graphs of the virtual machine NAME"), N_("NAME") },
    { "show-host-summary", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the host window of the --connect URI, or of the default connection"), NULL },
    { "show-domain-creator", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the New VM wizard for the --connect URI, or the default connection"), NULL },
    { "show-preferences", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the preferences"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
};

static VireoConnection *
find_connection (VireoApplication *self,
                 const char       *uri)
{
    for (guint i = 0; i < self->connections->len; i++) {
        VireoConnection *connection = g_ptr_array_index (self->connections, i);

        if (g_strcmp0 (vireo_connection_get_uri (connection), uri) == 0)
            return connection;
    }
    return NULL;
}

static void
settings_strv_update (GSettings  *settings,
                      const char *key,
                      const char *value,
                      gboolean    present)
{
    g_auto(GStrv) current = g_settings_get_strv (settings, key);
    g_autoptr(GStrvBuilder) builder = NULL;
    g_auto(GStrv) updated = NULL;

    if (present == g_strv_contains ((const char * const *) current, value))
        return;
    builder = g_strv_builder_new ();
    for (guint i = 0; current[i] != NULL; i++)
        if (g_strcmp0 (current[i], value) != 0)
            g_strv_builder_add (builder, current[i]);
    if (present)
        g_strv_builder_add (builder, value);
    updated = g_strv_builder_end (builder);
    g_settings_set_strv (settings, key, (const char * const *) updated);
}

/* The name the user gave @connection, if any (GSettings connection-names). */
static void
apply_connection_name (VireoApplication *self,
                       VireoConnection  *connection)
{
    g_autoptr(GVariant) names = g_settings_get_value (vireo_application_get_settings (self),
                                                      "connection-names");
    const char *name = NULL;

    if (g_variant_lookup (names, vireo_connection_get_uri (connection), "&s", &name))
        vireo_connection_set_display_name (connection, name);
}

static VireoStatsGroups
settings_get_groups (GSettings *settings)
{
    VireoStatsGroups groups = VIREO_STATS_GROUP_NONE;

    if (g_settings_get_boolean (settings, "stats-cpu"))
        groups |= VIREO_STATS_GROUP_CPU;
    if (g_settings_get_boolean (settings, "stats-memory"))
        groups |= VIREO_STATS_GROUP_MEMORY;
    if (g_settings_get_boolean (settings, "stats-disk"))
        groups |= VIREO_STATS_GROUP_DISK;
    if (g_settings_get_boolean (settings, "stats-network"))
        groups |= VIREO_STATS_GROUP_NET;
    return groups;
}

/* The list's graph columns and the statistics each draws: showing a
 * column turns its statistics on, turning them off hides the column. */
static const struct {
    const char *column;
    const char *stats;
} column_stats[] = {
    { "list-column-guest-cpu", "stats-cpu" },
    { "list-column-host-cpu",  "stats-cpu" },
    { "list-column-memory",    "stats-memory" },
    { "list-column-disk",      "stats-disk" },
    { "list-column-network",   "stats-network" },
};

static void
keep_columns_sampled (GSettings  *settings,
                      const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS (column_stats); i++) {
        if (g_str_equal (key, column_stats[i].column) &&
            g_settings_get_boolean (settings, key) &&
            !g_settings_get_boolean (settings, column_stats[i].stats))
            g_settings_set_boolean (settings, column_stats[i].stats, TRUE);
        else if (g_str_equal (key, column_stats[i].stats) &&
                 !g_settings_get_boolean (settings, key) &&
                 g_settings_get_boolean (settings, column_stats[i].column))
            g_settings_set_boolean (settings, column_stats[i].column, FALSE);
    }
}

static void
update_sampler (VireoApplication *self,
                VireoConnection  *connection)
{
    VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (connection);

    if (sampler == NULL)
        return;
    if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_ACTIVE) {
        vireo_application_configure_sampler (self, sampler);
        if (!vireo_stats_sampler_is_running (sampler))
            vireo_stats_sampler_start (sampler);
    } else if (vireo_stats_sampler_is_running (sampler)) {
        vireo_stats_sampler_stop (sampler);
    }
}

/* An open started before the window existed: its failure is shown once
 * the window is there. */
static void
early_open_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    g_autoptr(VireoApplication) self = user_data;
    g_autoptr(GError) error = NULL;

    if (vireo_connection_open_finish (VIREO_CONNECTION (source), result, &error) ||
        vireo_error_is_cancelled (error))
        return;
    if (self->window != NULL) {
        vireo_manager_window_show_error (self->window, error->message);
        return;
    }
    g_free (self->pending_error);
    self->pending_error = g_strdup (error->message);
}

static void
connect_if_possible (VireoApplication *self,
                     VireoConnection  *connection)
{
    if (self->window != NULL) {
        vireo_manager_window_connect (self->window, connection);
        return;
    }
    if (!self->early_load)
        return;
    if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTING ||
        vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_ACTIVE)
        return;
    vireo_connection_open_async (connection, self->cancellable, early_open_cb,
                                 g_object_ref (self));
}

static VireoManagerWindow *
ensure_window (VireoApplication *self)
{
    if (self->window == NULL) {
        self->window = vireo_manager_window_new (self);
        g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
        if (self->pending_error != NULL) {
            vireo_manager_window_show_error (self->window, self->pending_error);
            g_clear_pointer (&self->pending_error, g_free);
        }
    }
    return self->window;
}

static GStrv
probe_local_daemons (void)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    const char *runtime_dir = g_get_user_runtime_dir ();
    g_autofree char *session_sock = g_build_filename (runtime_dir, "libvirt",
                                                      "libvirt-sock", NULL);
    g_autofree char *session_qemud = g_build_filename (runtime_dir, "libvirt",
                                                       "virtqemud-sock", NULL);

    if (g_file_test ("/run/libvirt/libvirt-sock", G_FILE_TEST_EXISTS) ||
        g_file_test ("/run/libvirt/virtqemud-sock", G_FILE_TEST_EXISTS))
        g_strv_builder_add (builder, SYSTEM_URI);
    if (g_file_test (session_sock, G_FILE_TEST_EXISTS) ||
        g_file_test (session_qemud, G_FILE_TEST_EXISTS))
        g_strv_builder_add (builder, SESSION_URI);
    return g_strv_builder_end (builder);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
    g_task_return_pointer (task, probe_local_daemons (), (GDestroyNotify) g_strfreev);
}

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    VireoApplication *self = VIREO_APPLICATION (source);
    g_auto(GStrv) uris = g_task_propagate_pointer (G_TASK (result), NULL);
    g_auto(GStrv) hidden = NULL;

    if (uris == NULL)
        return;
    hidden = g_settings_get_strv (vireo_application_get_settings (self),
                                  "hidden-connections");
    for (guint i = 0; uris[i] != NULL; i++) {
        if (g_strv_contains ((const char * const *) hidden, uris[i]) ||
            find_connection (self, uris[i]) != NULL)
            continue;
        g_hash_table_add (self->default_uris, g_strdup (uris[i]));
        vireo_application_add_connection (self, uris[i], FALSE, FALSE);
    }
}

static void
load_connections (VireoApplication   *self,
                  const char * const *cli_uris)
{
    GSettings *settings = vireo_application_get_settings (self);
    g_auto(GStrv) saved = g_settings_get_strv (settings, "connections");
    g_auto(GStrv) autoconnect = g_settings_get_strv (settings, "autoconnect");
    g_auto(GStrv) hidden = g_settings_get_strv (settings, "hidden-connections");

    self->loaded = TRUE;
    if (cli_uris != NULL && cli_uris[0] != NULL) {
        for (guint i = 0; cli_uris[i] != NULL; i++)
            vireo_application_add_connection (self, cli_uris[i], TRUE, FALSE);
    } else {
        g_autofree char *default_uri = vireo_uri_resolve_default (NULL);

        g_hash_table_add (self->default_uris, g_strdup (default_uri));
        /* Opened at start unless the user said otherwise (the host window). */
        if (!g_strv_contains ((const char * const *) hidden, default_uri))
            vireo_application_add_connection (
                self, default_uri,
                !g_strv_contains ((const char * const *) saved, default_uri) ||
                g_strv_contains ((const char * const *) autoconnect, default_uri), FALSE);
    }
    for (guint i = 0; saved[i] != NULL; i++)
        vireo_application_add_connection (self, saved[i],
                                          g_strv_contains ((const char * const *) autoconnect,
                                                           saved[i]),
                                          FALSE);

    /* qemu:///system and qemu:///session are offered when their daemon is
     * reachable; looking costs a stat() each, still kept off the main loop. */
    if (cli_uris == NULL || cli_uris[0] == NULL) {
        g_autoptr(GTask) task = g_task_new (self, self->cancellable, probe_cb, NULL);

        g_task_set_source_tag (task, load_connections);
        g_task_run_in_thread (task, probe_thread);
    }
}

static void
connection_notify_state_cb (VireoConnection  *connection,
                            GParamSpec       *pspec,
                            VireoApplication *self)
{
    update_sampler (self, connection);
}

static gboolean
connection_authenticate_cb (VireoConnection  *connection,
                            VireoAuthRequest *request,
                            VireoApplication *self)
{
    GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
    GtkWidget *dialog = vireo_auth_dialog_new (parent, request);

    gtk_window_present (GTK_WINDOW (dialog));
    return TRUE;
}

static void
settings_changed_cb (GSettings        *settings,
                     const char       *key,
                     VireoApplication *self)
{
    if (!g_str_has_prefix (key, "stats-") && !g_str_has_prefix (key, "list-column-"))
        return;
    keep_columns_sampled (settings, key);
    if (!g_str_has_prefix (key, "stats-"))
        return;
    for (guint i = 0; i < self->connections->len; i++)
        update_sampler (self, g_ptr_array_index (self->connections, i));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
    VireoApplication *self = user_data;
    GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

    while (windows != NULL) {
        gtk_widget_destroy (windows->data);
        windows = gtk_application_get_windows (GTK_APPLICATION (self));
    }
    g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
    VireoApplication *self = user_data;
    static const char *authors[] = { "The Vireo authors", NULL };

    gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                           "program-name", _("Vireo"),
                           "logo-icon-name", VIREO_APP_ID,
                           "version", VIREO_VERSION,
                           "comments", _("Manage virtual machines on libvirt and QEMU"),
                           "license-type", GTK_LICENSE_GPL_2_0,
                           "authors", authors,
                           NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
    VireoApplication *self = user_data;
    GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
    GtkWidget *dialog;

    dialog = vireo_preferences_dialog_new (parent, vireo_application_get_settings (self));

    gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_connection_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
    VireoApplication *self = user_data;
    GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
    GtkWidget *dialog = vireo_add_connection_dialog_new (parent, self);

    gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
    VireoApplication        *app;
    char                    *name;
    VireoVmView              view;
    GApplicationCommandLine *command_line;   /* --show-domain-*; else NULL */
    gulong                   handler;
} PendingWindow;

static void
pending_window_free (gpointer  data,
                      GClosure *closure)
{
    PendingWindow *pending = data;

    g_application_release (G_APPLICATION (pending->app));
    g_clear_object (&pending->command_line);
    g_object_unref (pending->app);
    g_free (pending->name);
    g_free (pending);
}

static void
error_dialog_response_cb (GtkWidget *dialog,
                          int        response)
{
    gtk_widget_destroy (dialog);
}

/* A VM window that could not be opened: said in the manager window, else
 * in a dialog of its own; and on the standard error of the command line
 * that asked, which then exits with status 1. */
static void
report_open_error (VireoApplication        *self,
                      GApplicationCommandLine *command_line,
                      const char              *message)
{
    GtkWidget *dialog;

    if (command_line != NULL) {
        g_application_command_line_printerr (command_line, "%s\n", message);
        g_application_command_line_set_exit_status (command_line, 1);
    }
    if (self->window != NULL && gtk_widget_get_visible (GTK_WIDGET (self->window))) {
        vireo_manager_window_show_error (self->window, message);
        return;
    }
    dialog = gtk_message_dialog_new (NULL, 0, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s",
                                     _("Could not open the virtual machine"));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
    gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
    g_signal_connect (dialog, "response", G_CALLBACK (error_dialog_response_cb), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the window of @name on @view once @connection is active; FALSE
 * while it is still connecting. */
static gboolean
open_vm_if_ready (VireoApplication        *self,
                  VireoConnection         *connection,
                  const char              *name,
                  VireoVmView              view,
                  GApplicationCommandLine *command_line)
{
    VireoDomain *domain;
    g_autofree char *message = NULL;

    switch (vireo_connection_get_state (connection)) {
    case VIREO_CONNECTION_STATE_ACTIVE:
        domain = vireo_connection_find_domain (connection, name);
        if (domain != NULL) {
            vireo_vm_window_present (GTK_APPLICATION (self), domain,
                                     vireo_application_get_settings (self), view);
            return TRUE;
        }
        message = g_strdup_printf (_("There is no virtual machine named “%s” on %s."), name,
                                   vireo_connection_get_uri (connection));
        break;
    case VIREO_CONNECTION_STATE_FAILED:
        message = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                   vireo_connection_get_error_message (connection) ?: "");
        break;
    case VIREO_CONNECTION_STATE_CONNECTING:
    case VIREO_CONNECTION_STATE_DISCONNECTED:
    default:
        return FALSE;
    }
    report_open_error (self, command_line, message);
    return TRUE;
}

static void
pending_window_state_cb (VireoConnection *connection,
                          GParamSpec      *pspec,
                          PendingWindow  *pending)
{
    if (!open_vm_if_ready (pending->app, connection, pending->name, pending->view,
                           pending->command_line))
        return;
    g_signal_handler_disconnect (connection, pending->handler);
}

/* Shows the window of @name on @uri, on @view: at once when the connection
 * is open, else once it is.  The application stays up meanwhile, and so does
 * @command_line (the remote vireo waits for its exit status). */
static void
open_vm_on (VireoApplication        *self,
            const char              *uri,
            const char              *name,
            VireoVmView              view,
            GApplicationCommandLine *command_line)
{
    VireoConnection *connection;
    PendingWindow *pending;
    VireoConnectionState state;

    if (!self->loaded)
        load_connections (self, NULL);
    connection = vireo_application_add_connection (self, uri, TRUE, FALSE);
    state = vireo_connection_get_state (connection);
    if (state == VIREO_CONNECTION_STATE_DISCONNECTED || state == VIREO_CONNECTION_STATE_FAILED) {
        if (self->window != NULL)
            vireo_manager_window_connect (self->window, connection);
        else
            vireo_connection_open_async (connection, self->cancellable, early_open_cb,
                                         g_object_ref (self));
    }
    if (open_vm_if_ready (self, connection, name, view, command_line))
        return;
    pending = g_new0 (PendingWindow, 1);
    pending->app = g_object_ref (self);
    pending->name = g_strdup (name);
    pending->view = view;
    pending->command_line = command_line != NULL ? g_object_ref (command_line) : NULL;
    g_application_hold (G_APPLICATION (self));
    pending->handler = g_signal_connect_data (connection, "notify::state",
                                              G_CALLBACK (pending_window_state_cb), pending,
                                              pending_window_free, 0);
}

/* --show-host-summary: the host window of @uri only, as virt-manager's
 * shows its Connection Details alone. */
static void
show_host_summary_on (VireoApplication *self,
                      const char       *uri)
{
    VireoConnection *connection;
    VireoConnectionState state;

    if (!self->loaded)
        load_connections (self, NULL);
    connection = vireo_application_add_connection (self, uri, TRUE, FALSE);
    state = vireo_connection_get_state (connection);
    if (state == VIREO_CONNECTION_STATE_DISCONNECTED || state == VIREO_CONNECTION_STATE_FAILED) {
        if (self->window != NULL)
            vireo_manager_window_connect (self->window, connection);
        else
            vireo_connection_open_async (connection, self->cancellable, early_open_cb,
                                         g_object_ref (self));
    }
    vireo_application_show_host_window (self, connection);
}

/* "app.open-console" ("(ss)": libvirt URI, domain name, UUID or id): what
 * vireo-viewer --connect asks when this process holds the embedded root. */
static void
open_console_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
    VireoApplication *self = user_data;
    const char *uri;
    const char *name;

    g_variant_get (parameter, "(&s&s)", &uri, &name);
    ensure_window (self);
    open_vm_on (self, uri, name, VIREO_VM_VIEW_CONSOLE, NULL);
}

/* ---------------------------------------------------------- the wizard */

static void
present_creator (VireoApplication *self,
                 VireoConnection  *connection)
{
    GtkWindow *parent = self->window != NULL &&
                        gtk_widget_get_visible (GTK_WIDGET (self->window))
                        ? GTK_WINDOW (self->window) : NULL;
    GtkWidget *wizard = vireo_new_vm_window_new (GTK_APPLICATION (self), parent, connection,
                                                 vireo_application_get_settings (self));

    gtk_window_present (GTK_WINDOW (wizard));
}

typedef struct {
    VireoApplication        *app;
    GApplicationCommandLine *command_line;
    gulong                   handler;
} PendingCreator;

static void
pending_creator_free (gpointer  data,
                      GClosure *closure)
{
    PendingCreator *pending = data;

    g_application_release (G_APPLICATION (pending->app));
    g_clear_object (&pending->command_line);
    g_object_unref (pending->app);
    g_free (pending);
}

/* The wizard once @connection is open; FALSE while it is still opening. */
static gboolean
open_creator_if_ready (VireoApplication        *self,
                       VireoConnection         *connection,
                       GApplicationCommandLine *command_line)
{
    g_autofree char *message = NULL;

    switch (vireo_connection_get_state (connection)) {
    case VIREO_CONNECTION_STATE_ACTIVE:
        present_creator (self, connection);
        return TRUE;
    case VIREO_CONNECTION_STATE_FAILED:
        message = g_strdup_printf (_("Could not connect to %s: %s"),
                                   vireo_connection_get_uri (connection),
                                   vireo_connection_get_error_message (connection) ?: "");
        report_open_error (self, command_line, message);
        return TRUE;
    case VIREO_CONNECTION_STATE_CONNECTING:
    case VIREO_CONNECTION_STATE_DISCONNECTED:
    default:
        return FALSE;
    }
}

static void
pending_creator_state_cb (VireoConnection *connection,
                          GParamSpec      *pspec,
                          PendingCreator  *pending)
{
    if (open_creator_if_ready (pending->app, connection, pending->command_line))
        g_signal_handler_disconnect (connection, pending->handler);
}

/* Shows the wizard on @uri (NULL: the default connection) once it is open. */
static void
open_creator_on (VireoApplication        *self,
                 const char              *uri,
                 GApplicationCommandLine *command_line)
{
    VireoConnection *connection;
    VireoConnectionState state;
    PendingCreator *pending;

    if (!self->loaded)
        load_connections (self, NULL);
    connection = vireo_application_add_connection (self, uri, TRUE, FALSE);
    state = vireo_connection_get_state (connection);
    if (state == VIREO_CONNECTION_STATE_DISCONNECTED || state == VIREO_CONNECTION_STATE_FAILED) {
        if (self->window != NULL)
            vireo_manager_window_connect (self->window, connection);
        else
            vireo_connection_open_async (connection, self->cancellable, early_open_cb,
                                         g_object_ref (self));
    }
    if (open_creator_if_ready (self, connection, command_line))
        return;
    pending = g_new0 (PendingCreator, 1);
    pending->app = g_object_ref (self);
    pending->command_line = command_line != NULL ? g_object_ref (command_line) : NULL;
    g_application_hold (G_APPLICATION (self));
    pending->handler = g_signal_connect_data (connection, "notify::state",
                                              G_CALLBACK (pending_creator_state_cb), pending,
                                              pending_creator_free, 0);
}

/* "app.new-vm": the wizard on the connection of the selected VM, else on
 * the first open connection, else on the first one (opening it). */
static void
new_vm_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
    VireoApplication *self = user_data;
    VireoConnection *connection = NULL;
    VireoDomain *selected = self->window != NULL
                            ? vireo_manager_window_get_selected_domain (self->window) : NULL;

    if (parameter != NULL && *g_variant_get_string (parameter, NULL) != '\0') {
        open_creator_on (self, g_variant_get_string (parameter, NULL), NULL);
        return;
    }
    if (selected != NULL)
        connection = vireo_domain_get_connection (selected);
    for (guint i = 0; connection == NULL && i < self->connections->len; i++) {
        VireoConnection *c = g_ptr_array_index (self->connections, i);

        if (vireo_connection_get_state (c) == VIREO_CONNECTION_STATE_ACTIVE)
            connection = c;
    }
    if (connection == NULL && self->connections->len > 0)
        connection = g_ptr_array_index (self->connections, 0);
    if (connection == NULL) {
        g_autofree char *default_uri = vireo_uri_resolve_default (NULL);

        open_creator_on (self, default_uri, NULL);
        return;
    }
    open_creator_on (self, vireo_connection_get_uri (connection), NULL);
}

static const GActionEntry app_actions[] = {
    { "new-vm",         new_vm_activated, "s" },
    { "quit",           quit_activated },
    { "about",          about_activated },
    { "preferences",    preferences_activated },
    { "add-connection", add_connection_activated },
    { "open-console",   open_console_activated, "(ss)" },
};

static const struct {
    const char *action;
    const char *accels[3];
} app_accels[] = {
    { "app.quit",           { "<Primary>q", NULL } },
    { "app.preferences",    { "<Primary>comma", NULL } },
    { "app.new-vm(\'\')",    { "<Primary>n", NULL } },
    { "app.add-connection", { "<Primary><Shift>n", NULL } },
    { "win.run",            { "<Primary>r", NULL } },
    { "win.pause",          { "<Primary>p", NULL } },
    { "win.resume",         { "<Primary><Shift>p", NULL } },
    { "win.shutdown",       { "<Primary>d", NULL } },
    { "win.delete",         { "Delete", NULL } },
    { "win.open",           { "<Primary>o", NULL } },
    { "win.search",         { "<Primary>f", NULL } },
    { "win.connection-details", { "<Primary>i", NULL } },
    { "win.primary-menu",   { "F10", NULL } },
};

static int
vireo_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
    VireoApplication *self = VIREO_APPLICATION (app);

    if (g_variant_dict_contains (options, "version")) {
        printf ("%s %s\n", g_get_prgname () != NULL ? g_get_prgname () : "vireo",
                VIREO_VERSION);
        return 0;
    }
    /* Seen in every launching process; used by startup(), which only the
     * primary instance runs. */
    g_clear_pointer (&self->early_uris, g_strfreev);
    g_variant_dict_lookup (options, "connect", "^as", &self->early_uris);
    self->early_load = TRUE;
    return -1;
}

static int
vireo_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
    VireoApplication *self = VIREO_APPLICATION (app);
    GVariantDict *options = g_application_command_line_get_options_dict (command_line);
    g_autofree const char **uris = NULL;
    static const struct {
        const char  *option;
        VireoVmView  view;
    } shows[] = {
        { "show-domain-console", VIREO_VM_VIEW_CONSOLE },
        { "show-domain-editor", VIREO_VM_VIEW_DETAILS },
        { "show-domain-performance", VIREO_VM_VIEW_PERFORMANCE },
    };
    const char *show = NULL;
    VireoVmView view = VIREO_VM_VIEW_CONSOLE;
    gboolean host_summary, creator;

    g_variant_dict_lookup (options, "connect", "^a&s", &uris);
    for (guint i = 0; show == NULL && i < G_N_ELEMENTS (shows); i++) {
        if (g_variant_dict_lookup (options, shows[i].option, "&s", &show))
            view = shows[i].view;
    }
    host_summary = g_variant_dict_contains (options, "show-host-summary");
    creator = g_variant_dict_contains (options, "show-domain-creator");
    /* With --show-domain-*, --show-domain-creator or --show-host-summary, as
     * with virt-manager's, that window is all that is shown. */
    if (show == NULL && !host_summary && !creator)
        ensure_window (self);
    if (!self->loaded) {
        load_connections (self, uris);
    } else {
        for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
            connect_if_possible (self,
                                 vireo_application_add_connection (self, uris[i], TRUE, FALSE));
    }
    if (show != NULL) {
        g_autofree char *default_uri = NULL;

        if (uris == NULL || uris[0] == NULL)
            default_uri = vireo_uri_resolve_default (NULL);
        open_vm_on (self, default_uri != NULL ? default_uri : uris[0], show, view, command_line);
        /* 1 when it failed at once; else set later, when it fails. */
        return g_application_command_line_get_exit_status (command_line);
    }
    if (creator) {
        g_autofree char *default_uri = NULL;

        if (uris == NULL || uris[0] == NULL)
            default_uri = vireo_uri_resolve_default (NULL);
        open_creator_on (self, default_uri != NULL ? default_uri : uris[0], command_line);
        return g_application_command_line_get_exit_status (command_line);
    }
    if (host_summary) {
        g_autofree char *default_uri = NULL;

        if (uris == NULL || uris[0] == NULL)
            default_uri = vireo_uri_resolve_default (NULL);
        show_host_summary_on (self, default_uri != NULL ? default_uri : uris[0]);
        return 0;
    }
    g_application_activate (app);
    if (g_variant_dict_contains (options, "show-preferences"))
        g_action_group_activate_action (G_ACTION_GROUP (self), "preferences", NULL);
    return 0;
}

static void
vireo_application_activate (GApplication *app)
{
    VireoApplication *self = VIREO_APPLICATION (app);
    VireoManagerWindow *window;

    vireo_trace_mark ("activate");
    window = ensure_window (self);
    vireo_trace_mark ("activate: window built");
    if (!self->loaded) {
        load_connections (self, NULL);
    }
    vireo_trace_mark ("activate: connections loaded");
    gtk_window_present (GTK_WINDOW (window));
    vireo_trace_mark ("activate: window presented");
}

static void
vireo_application_startup (GApplication *app)
{
    VireoApplication *self = VIREO_APPLICATION (app);
    g_autoptr(GError) error = NULL;

    vireo_trace_mark ("startup");
    if (!vireo_event_loop_ensure (&error))
        g_warning ("libvirt's event loop could not be started: %s", error->message);
    vireo_trace_mark ("startup: libvirt's event loop is up");

    /* The connections open in their worker threads while GTK starts and the
     * window is built: on a large host, listing is the longest part. */
    if (self->early_load && !self->loaded)
        load_connections (self, (const char * const *) self->early_uris);
    vireo_trace_mark ("startup: connections opening");

    G_APPLICATION_CLASS (vireo_application_parent_class)->startup (app);
    vireo_trace_mark ("startup: GTK is up");
    vireo_frame_sync_follow_window_manager (GTK_APPLICATION (app));

    g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                     G_N_ELEMENTS (app_actions), self);
    for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
        gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                               app_accels[i].accels);
    gtk_window_set_default_icon_name (VIREO_APP_ID);
}

static void
vireo_application_shutdown (GApplication *app)
{
    VireoApplication *self = VIREO_APPLICATION (app);

    g_cancellable_cancel (self->cancellable);
    for (guint i = 0; i < self->connections->len; i++) {
        VireoConnection *connection = g_ptr_array_index (self->connections, i);
        VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (connection);

        if (sampler != NULL)
            vireo_stats_sampler_stop (sampler);
    }
    G_APPLICATION_CLASS (vireo_application_parent_class)->shutdown (app);
}

static void
vireo_application_dispose (GObject *object)
{
    VireoApplication *self = VIREO_APPLICATION (object);

    if (self->connections != NULL) {
        for (guint i = 0; i < self->connections->len; i++)
            g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->connections, i),
                                                  self);
    }
    if (self->window != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
    self->window = NULL;
    g_clear_pointer (&self->connections, g_ptr_array_unref);
    g_clear_pointer (&self->autoconnect, g_hash_table_unref);
    g_clear_pointer (&self->default_uris, g_hash_table_unref);
    g_clear_object (&self->settings);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->early_uris, g_strfreev);
    g_clear_pointer (&self->pending_error, g_free);
    G_OBJECT_CLASS (vireo_application_parent_class)->dispose (object);
}

static gboolean
vireo_application_dbus_register (GApplication    *app,
                                 GDBusConnection *bus,
                                 const char      *object_path,
                                 GError         **error)
{
    if (!G_APPLICATION_CLASS (vireo_application_parent_class)->dbus_register (app, bus,
                                                                              object_path,
                                                                              error))
        return FALSE;
    return _vireo_application_dbus_register (VIREO_APPLICATION (app), bus, object_path, error);
}

static void
vireo_application_dbus_unregister (GApplication    *app,
                                   GDBusConnection *bus,
                                   const char      *object_path)
{
    _vireo_application_dbus_unregister (VIREO_APPLICATION (app), bus, object_path);
    G_APPLICATION_CLASS (vireo_application_parent_class)->dbus_unregister (app, bus,
                                                                           object_path);
}

static void
vireo_application_class_init (VireoApplicationClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

    object_class->dispose = vireo_application_dispose;
    app_class->startup = vireo_application_startup;
    app_class->shutdown = vireo_application_shutdown;
    app_class->activate = vireo_application_activate;
    app_class->command_line = vireo_application_command_line;
    app_class->handle_local_options = vireo_application_handle_local_options;
    app_class->dbus_register = vireo_application_dbus_register;
    app_class->dbus_unregister = vireo_application_dbus_unregister;

    signals[SIGNAL_CONNECTION_ADDED] =
        g_signal_new ("connection-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_CONNECTION);
    signals[SIGNAL_CONNECTION_REMOVED] =
        g_signal_new ("connection-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_CONNECTION);
}

static void
vireo_application_init (VireoApplication *self)
{
    self->start_time = g_get_monotonic_time ();
    self->connections = g_ptr_array_new_with_free_func (g_object_unref);
    self->autoconnect = g_hash_table_new (NULL, NULL);
    self->default_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->cancellable = g_cancellable_new ();

    g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

VireoApplication *
vireo_application_new (void)
{
    return g_object_new (VIREO_TYPE_APPLICATION,
                         "application-id", VIREO_APP_ID,
                         "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                         NULL);
}

GPtrArray *
vireo_application_get_connections (VireoApplication *self)
{
    g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);

    return self->connections;
}

VireoConnection *
vireo_application_add_connection (VireoApplication *self,
                                  const char       *uri,
                                  gboolean          autoconnect,
                                  gboolean          persist)
{
    VireoConnection *connection;

    g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (uri != NULL, NULL);

    if (persist) {
        GSettings *settings = vireo_application_get_settings (self);

        settings_strv_update (settings, "connections", uri, TRUE);
        settings_strv_update (settings, "autoconnect", uri, autoconnect);
        settings_strv_update (settings, "hidden-connections", uri, FALSE);
    }

    connection = find_connection (self, uri);
    if (connection != NULL) {
        if (persist && autoconnect)
            g_hash_table_add (self->autoconnect, connection);
        else if (persist)
            g_hash_table_remove (self->autoconnect, connection);
        return connection;
    }

    connection = vireo_connection_new (uri);
    /* A daemon that restarts, or a link that drops, is reconnected by
     * itself: the list, and the windows of its VMs, come back. */
    vireo_connection_set_reconnect (connection, TRUE);
    apply_connection_name (self, connection);
    g_ptr_array_add (self->connections, connection);
    if (autoconnect)
        g_hash_table_add (self->autoconnect, connection);
    g_signal_connect (connection, "notify::state",
                      G_CALLBACK (connection_notify_state_cb), self);
    g_signal_connect (connection, "authenticate",
                      G_CALLBACK (connection_authenticate_cb), self);
    g_signal_emit (self, signals[SIGNAL_CONNECTION_ADDED], 0, connection);

    if (autoconnect)
        connect_if_possible (self, connection);
    return connection;
}

void
vireo_application_remove_connection (VireoApplication *self,
                                     VireoConnection  *connection)
{
    g_autoptr(VireoConnection) held = NULL;
    GSettings *settings;
    const char *uri;

    g_return_if_fail (VIREO_IS_APPLICATION (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    if (!g_ptr_array_find (self->connections, connection, NULL))
        return;
    held = g_object_ref (connection);
    uri = vireo_connection_get_uri (connection);
    settings = vireo_application_get_settings (self);

    settings_strv_update (settings, "connections", uri, FALSE);
    settings_strv_update (settings, "autoconnect", uri, FALSE);
    if (g_hash_table_contains (self->default_uris, uri))
        settings_strv_update (settings, "hidden-connections", uri, TRUE);

    g_signal_handlers_disconnect_by_data (connection, self);
    g_hash_table_remove (self->autoconnect, connection);
    g_ptr_array_remove (self->connections, connection);
    g_signal_emit (self, signals[SIGNAL_CONNECTION_REMOVED], 0, connection);
    vireo_connection_close (connection);
}

GSettings *
vireo_application_get_settings (VireoApplication *self)
{
    g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);

    /* Created on first use, so that --version works without the schema. */
    if (self->settings == NULL) {
        self->settings = g_settings_new (VIREO_APP_ID);
        g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb),
                                 self, 0);
    }
    return self->settings;
}

gboolean
vireo_application_is_autoconnect (VireoApplication *self,
                                  VireoConnection  *connection)
{
    g_return_val_if_fail (VIREO_IS_APPLICATION (self), FALSE);

    return g_hash_table_contains (self->autoconnect, connection);
}

void
vireo_application_set_autoconnect (VireoApplication *self,
                                   VireoConnection  *connection,
                                   gboolean          autoconnect)
{
    GSettings *settings;
    const char *uri;

    g_return_if_fail (VIREO_IS_APPLICATION (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    settings = vireo_application_get_settings (self);
    uri = vireo_connection_get_uri (connection);
    settings_strv_update (settings, "connections", uri, TRUE);
    settings_strv_update (settings, "autoconnect", uri, autoconnect);
    settings_strv_update (settings, "hidden-connections", uri, FALSE);
    if (autoconnect)
        g_hash_table_add (self->autoconnect, connection);
    else
        g_hash_table_remove (self->autoconnect, connection);
}

void
vireo_application_set_connection_name (VireoApplication *self,
                                       VireoConnection  *connection,
                                       const char       *name)
{
    GSettings *settings;
    g_autoptr(GVariant) names = NULL;
    g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
    g_autofree char *stripped = NULL;
    const char *uri, *key, *value;
    GVariantIter iter;

    g_return_if_fail (VIREO_IS_APPLICATION (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    uri = vireo_connection_get_uri (connection);
    stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
    /* The name made from the URI is not stored as the user's. */
    if (*stripped != '\0') {
        g_autofree char *made = vireo_uri_dup_display_name (uri);

        if (g_str_equal (made, stripped))
            g_clear_pointer (&stripped, g_free);
    } else {
        g_clear_pointer (&stripped, g_free);
    }
    settings = vireo_application_get_settings (self);
    names = g_settings_get_value (settings, "connection-names");
    g_variant_iter_init (&iter, names);
    while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
        if (!g_str_equal (key, uri))
            g_variant_builder_add (&builder, "{ss}", key, value);
    if (stripped != NULL)
        g_variant_builder_add (&builder, "{ss}", uri, stripped);
    g_settings_set_value (settings, "connection-names", g_variant_builder_end (&builder));
    vireo_connection_set_display_name (connection, stripped);
}

GtkWindow *
vireo_application_get_manager_window (VireoApplication *self)
{
    g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);

    return self->window != NULL ? GTK_WINDOW (self->window) : NULL;
}

void
vireo_application_set_start_time (VireoApplication *self,
                                  gint64            start_us)
{
    g_return_if_fail (VIREO_IS_APPLICATION (self));

    self->start_time = start_us;
}

gint64
vireo_application_get_start_time (VireoApplication *self)
{
    g_return_val_if_fail (VIREO_IS_APPLICATION (self), 0);

    return self->start_time;
}

void
vireo_application_configure_sampler (VireoApplication  *self,
                                     VireoStatsSampler *sampler)
{
    GSettings *settings;

    g_return_if_fail (VIREO_IS_APPLICATION (self));
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (sampler));

    settings = vireo_application_get_settings (self);
    vireo_stats_sampler_set_interval (sampler,
                                      g_settings_get_uint (settings, "stats-interval") * 1000);
    vireo_stats_sampler_set_groups (sampler, settings_get_groups (settings));
}
