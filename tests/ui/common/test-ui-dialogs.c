/* test-ui-dialogs.c: Add Connection, Preferences and Auth dialogs; the graph renderer
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gtk/gtk.h>
#include <math.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-application.h"
#include "vireo-auth-dialog.h"
#include "vireo-cell-renderer-graph.h"
#include "vireo-preferences-dialog.h"
#include "vireo-test-util.h"

static gpointer
template_child (gpointer     widget,
                GType        type,
                const char  *name)
{
    GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

    g_assert_nonnull (child);
    return child;
}

static gboolean
ok_sensitive (GtkDialog *dialog,
              int        response)
{
    GtkWidget *button = gtk_dialog_get_widget_for_response (dialog, response);

    g_assert_nonnull (button);
    return gtk_widget_get_sensitive (button);
}

/* Add Connection: the URI generated for every choice. */
static void
test_add_connection_uris (void)
{
    g_autofree char *root = vireo_embed_default_root ();
    g_autofree char *embedded = vireo_embed_uri_for_root (root);
    struct {
        const char *choice;
        const char *user;
        const char *host;
        const char *custom;
        const char *uri;        /* NULL: invalid */
        const char *error_has;  /* part of the inline error when invalid */
    } cases[] = {
        { "system",   NULL,    NULL,          NULL, "qemu:///system", NULL },
        { "session",  NULL,    NULL,          NULL, "qemu:///session", NULL },
        { "embedded", NULL,    NULL,          NULL, embedded, NULL },
        { "ssh",      "alice", "example.org", NULL, "qemu+ssh://alice@example.org/system", NULL },
        { "ssh",      "",      "10.0.0.7",    NULL, "qemu+ssh://10.0.0.7/system", NULL },
        { "ssh",      "bob",   "",            NULL, NULL, "host" },
        { "ssh",      "bob",   "bad host",    NULL, NULL, "bad host" },
        { "custom",   NULL,    NULL, "test:///default", "test:///default", NULL },
        { "custom",   NULL,    NULL, "qemu+tls://h.example/system",
          "qemu+tls://h.example/system", NULL },
        { "custom",   NULL,    NULL, "not a uri", NULL, "space" },
        { "custom",   NULL,    NULL, "",          NULL, "empty" },
    };
    GtkWidget *dialog = vireo_add_connection_dialog_new (NULL, NULL);
    VireoAddConnectionDialog *self = VIREO_ADD_CONNECTION_DIALOG (dialog);
    GType type = VIREO_TYPE_ADD_CONNECTION_DIALOG;
    GtkComboBox *combo = template_child (dialog, type, "type_combo");
    GtkEntry *user = template_child (dialog, type, "user_entry");
    GtkEntry *host = template_child (dialog, type, "host_entry");
    GtkEntry *custom = template_child (dialog, type, "custom_entry");
    GtkLabel *uri_label = template_child (dialog, type, "uri_label");
    GtkLabel *error_label = template_child (dialog, type, "error_label");

    gtk_widget_show (dialog);
    /* The default choice is the system connection. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, "system");
    g_assert_cmpstr (vireo_add_connection_dialog_get_uri (self), ==, "qemu:///system");

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_test_message ("case %u: %s", i, cases[i].choice);
        gtk_entry_set_text (user, cases[i].user ? cases[i].user : "");
        gtk_entry_set_text (host, cases[i].host ? cases[i].host : "");
        gtk_entry_set_text (custom, cases[i].custom ? cases[i].custom : "");
        g_assert_true (gtk_combo_box_set_active_id (combo, cases[i].choice));

        /* Only the fields of the choice are shown. */
        g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (host)), ==,
                         g_str_equal (cases[i].choice, "ssh"));
        g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (custom)), ==,
                         g_str_equal (cases[i].choice, "custom"));

        g_assert_cmpstr (vireo_add_connection_dialog_get_uri (self), ==, cases[i].uri);
        g_assert_cmpint (ok_sensitive (GTK_DIALOG (dialog), GTK_RESPONSE_OK), ==,
                         cases[i].uri != NULL);
        if (cases[i].uri != NULL) {
            g_assert_cmpstr (gtk_label_get_text (uri_label), ==, cases[i].uri);
            g_assert_null (vireo_add_connection_dialog_get_error (self));
            g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
        } else {
            const char *error = vireo_add_connection_dialog_get_error (self);

            g_assert_nonnull (error);
            g_assert_nonnull (strstr (error, cases[i].error_has));
            g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
            g_assert_cmpstr (gtk_label_get_text (error_label), ==, error);
        }
    }
    gtk_widget_destroy (dialog);
}

/* Connect adds the connection to the application and persists it. */
static void
test_add_connection_accept (void)
{
    g_autoptr(VireoApplication) app = vireo_application_new ();
    GSettings *settings = vireo_application_get_settings (app);
    GtkWidget *dialog = vireo_add_connection_dialog_new (NULL, app);
    GType type = VIREO_TYPE_ADD_CONNECTION_DIALOG;
    g_auto(GStrv) saved = NULL;
    g_auto(GStrv) autoconnect = NULL;
    GPtrArray *connections;

    g_settings_set_strv (settings, "connections", NULL);
    g_settings_set_strv (settings, "autoconnect", NULL);
    g_assert_true (gtk_combo_box_set_active_id (template_child (dialog, type, "type_combo"),
                                                "custom"));
    gtk_entry_set_text (template_child (dialog, type, "custom_entry"), "test:///default");
    gtk_toggle_button_set_active (template_child (dialog, type, "autoconnect_check"), FALSE);
    g_assert_false (vireo_add_connection_dialog_get_autoconnect (
                        VIREO_ADD_CONNECTION_DIALOG (dialog)));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);

    connections = vireo_application_get_connections (app);
    g_assert_cmpuint (connections->len, ==, 1);
    g_assert_cmpstr (vireo_connection_get_uri (g_ptr_array_index (connections, 0)), ==,
                     "test:///default");
    g_assert_false (vireo_application_is_autoconnect (app, g_ptr_array_index (connections, 0)));
    saved = g_settings_get_strv (settings, "connections");
    autoconnect = g_settings_get_strv (settings, "autoconnect");
    g_assert_true (g_strv_contains ((const char * const *) saved, "test:///default"));
    g_assert_false (g_strv_contains ((const char * const *) autoconnect, "test:///default"));

    /* Removing it forgets it. */
    vireo_application_remove_connection (app, g_ptr_array_index (connections, 0));
    g_assert_cmpuint (connections->len, ==, 0);
    g_clear_pointer (&saved, g_strfreev);
    saved = g_settings_get_strv (settings, "connections");
    g_assert_false (g_strv_contains ((const char * const *) saved, "test:///default"));
}

static gboolean
sampler_running (gpointer data)
{
    return vireo_stats_sampler_is_running (data);
}

static gboolean
wait_until (gboolean (*predicate) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (!predicate (data)) {
        if (g_get_monotonic_time () > deadline)
            return FALSE;
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return TRUE;
}

/* Preferences: bound to GSettings; the running sampler follows. */
static void
test_preferences (void)
{
    g_autoptr(VireoApplication) app = vireo_application_new ();
    GSettings *settings = vireo_application_get_settings (app);
    g_autoptr(GError) error = NULL;
    VireoConnection *connection;
    VireoStatsSampler *sampler;
    GType type = VIREO_TYPE_PREFERENCES_DIALOG;
    GtkWidget *dialog;
    GtkSpinButton *spin;

    g_settings_reset (settings, "stats-interval");
    g_settings_reset (settings, "stats-disk");
    g_settings_reset (settings, "stats-cpu");

    connection = vireo_application_add_connection (app, "test:///default", FALSE, FALSE);
    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);
    sampler = vireo_connection_get_stats_sampler (connection);
    g_assert_nonnull (sampler);
    g_assert_true (wait_until (sampler_running, sampler, 10000));
    g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 1000);
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_MEMORY);

    dialog = vireo_preferences_dialog_new (NULL, settings);
    gtk_widget_show (dialog);
    spin = template_child (dialog, type, "interval_spin");
    g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 1);
    g_assert_true (gtk_toggle_button_get_active (template_child (dialog, type, "cpu_check")));
    g_assert_false (gtk_toggle_button_get_active (template_child (dialog, type, "disk_check")));

    gtk_spin_button_set_value (spin, 5);
    g_assert_cmpuint (g_settings_get_uint (settings, "stats-interval"), ==, 5);
    g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 5000);
    g_assert_true (vireo_stats_sampler_is_running (sampler));

    /* The range is the schema's: 1..60 s. */
    gtk_spin_button_set_value (spin, 600);
    g_assert_cmpuint (g_settings_get_uint (settings, "stats-interval"), ==, 60);
    g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 60000);

    gtk_toggle_button_set_active (template_child (dialog, type, "disk_check"), TRUE);
    gtk_toggle_button_set_active (template_child (dialog, type, "cpu_check"), FALSE);
    g_assert_true (g_settings_get_boolean (settings, "stats-disk"));
    g_assert_false (g_settings_get_boolean (settings, "stats-cpu"));
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                      VIREO_STATS_GROUP_MEMORY | VIREO_STATS_GROUP_DISK);
    /* CPU off hides the list's CPU graph; a graph shown turns its statistics on. */
    g_assert_false (g_settings_get_boolean (settings, "list-column-guest-cpu"));
    g_settings_set_boolean (settings, "list-column-network", TRUE);
    g_assert_true (g_settings_get_boolean (settings, "stats-network"));
    g_assert_true (gtk_toggle_button_get_active (template_child (dialog, type,
                                                                 "network_check")));
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                      VIREO_STATS_GROUP_MEMORY | VIREO_STATS_GROUP_DISK |
                      VIREO_STATS_GROUP_NET);

    /* The confirmations, each its own key. */
    {
        static const struct {
            const char *check;
            const char *key;
        } confirms[] = {
            { "confirm_force_off_check",     "confirm-force-off" },
            { "confirm_reset_check",         "confirm-reset" },
            { "confirm_pause_check",         "confirm-pause" },
            { "confirm_delete_check",        "confirm-delete" },
            { "confirm_remove_device_check", "confirm-remove-device" },
        };

        for (guint i = 0; i < G_N_ELEMENTS (confirms); i++) {
            GtkToggleButton *check = template_child (dialog, type, confirms[i].check);

            g_assert_true (gtk_toggle_button_get_active (check));
            gtk_toggle_button_set_active (check, FALSE);
            g_assert_false (g_settings_get_boolean (settings, confirms[i].key));
            for (guint j = 0; j < G_N_ELEMENTS (confirms); j++)
                g_assert_cmpint (g_settings_get_boolean (settings, confirms[j].key), ==, j > i);
        }
        for (guint i = 0; i < G_N_ELEMENTS (confirms); i++)
            g_settings_reset (settings, confirms[i].key);
    }

    /* And the other way: a settings change shows in the dialog. */
    g_settings_set_uint (settings, "stats-interval", 3);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 3);
    g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 3000);

    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
    vireo_connection_close (connection);
    g_settings_reset (settings, "stats-interval");
    g_settings_reset (settings, "stats-disk");
    g_settings_reset (settings, "stats-cpu");
    g_settings_reset (settings, "stats-network");
    g_settings_reset (settings, "list-column-guest-cpu");
    g_settings_reset (settings, "list-column-network");
}

static VireoAuthRequest *
make_request (void)
{
    const VireoCredential creds[] = {
        { .type = VIREO_CREDENTIAL_AUTHNAME, .prompt = (char *) "User name for example.org:",
          .default_result = (char *) "root" },
        { .type = VIREO_CREDENTIAL_PASSPHRASE, .prompt = (char *) "Password:" },
        { .type = VIREO_CREDENTIAL_NOECHOPROMPT, .prompt = (char *) "",
          .challenge = (char *) "OTP" },
    };

    return vireo_auth_request_new ("qemu+ssh://example.org/system", creds,
                                   G_N_ELEMENTS (creds));
}

/* Auth: the dialog fills the request and completes it. */
static void
test_auth_accept (void)
{
    g_autoptr(VireoAuthRequest) request = make_request ();
    GtkWidget *dialog = vireo_auth_dialog_new (NULL, request);
    VireoAuthDialog *self = VIREO_AUTH_DIALOG (dialog);
    GtkLabel *message = template_child (dialog, VIREO_TYPE_AUTH_DIALOG, "message_label");

    gtk_widget_show (dialog);
    g_assert_nonnull (strstr (gtk_label_get_text (message), "qemu+ssh://example.org/system"));
    g_assert_nonnull (vireo_auth_dialog_get_entry (self, 2));
    g_assert_null (vireo_auth_dialog_get_entry (self, 3));

    /* The default is offered; secrets are hidden. */
    g_assert_cmpstr (gtk_entry_get_text (vireo_auth_dialog_get_entry (self, 0)), ==, "root");
    g_assert_true (gtk_entry_get_visibility (vireo_auth_dialog_get_entry (self, 0)));
    g_assert_false (gtk_entry_get_visibility (vireo_auth_dialog_get_entry (self, 1)));
    g_assert_false (gtk_entry_get_visibility (vireo_auth_dialog_get_entry (self, 2)));

    gtk_entry_set_text (vireo_auth_dialog_get_entry (self, 0), "alice");
    gtk_entry_set_text (vireo_auth_dialog_get_entry (self, 1), "s3cret");
    gtk_entry_set_text (vireo_auth_dialog_get_entry (self, 2), "123456");
    g_object_ref (dialog);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    /* The dialog destroyed itself after answering. */
    g_assert_false (gtk_widget_get_visible (dialog));
    g_object_unref (dialog);

    g_assert_true (_vireo_auth_request_wait (request, NULL));
    g_assert_cmpstr (vireo_auth_request_get_credential (request, 0)->result, ==, "alice");
    g_assert_cmpstr (vireo_auth_request_get_credential (request, 1)->result, ==, "s3cret");
    g_assert_cmpstr (vireo_auth_request_get_credential (request, 2)->result, ==, "123456");
}

/* Cancel, or closing the dialog, refuses. */
static void
test_auth_refuse (void)
{
    for (guint i = 0; i < 2; i++) {
        g_autoptr(VireoAuthRequest) request = make_request ();
        GtkWidget *dialog = vireo_auth_dialog_new (NULL, request);

        gtk_widget_show (dialog);
        gtk_entry_set_text (vireo_auth_dialog_get_entry (VIREO_AUTH_DIALOG (dialog), 1), "x");
        if (i == 0)
            gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
        else
            gtk_widget_destroy (dialog);
        g_assert_false (_vireo_auth_request_wait (request, NULL));
        g_assert_null (vireo_auth_request_get_credential (request, 1)->result);
    }
}

/* The sparkline's geometry. */
static void
test_graph_layout (void)
{
    static const struct {
        double values[4];
        guint  n_values;
        guint  n_points;
        double max;
        double xy[8];
    } cases[] = {
        /* full: x spans the width, y is inverted */
        { { 0, 50, 100, 25 }, 4, 4, 100, { 0, 100, 10, 50, 20, 0, 30, 75 } },
        /* fewer values than points: right-aligned */
        { { 100, 0 }, 2, 4, 100, { 20, 0, 30, 100 } },
        /* clamped above the max and below zero; NAN is 0 */
        { { 250, -5, NAN }, 3, 3, 100, { 0, 0, 15, 100, 30, 100 } },
        /* another scale */
        { { 512, 1024 }, 2, 2, 1024, { 0, 50, 30, 0 } },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        double xy[8] = { 0 };

        vireo_cell_renderer_graph_layout (cases[i].values, cases[i].n_values, cases[i].n_points,
                                          cases[i].max, 30, 100, xy);
        for (guint j = 0; j < 2 * cases[i].n_values; j++)
            g_assert_cmpfloat_with_epsilon (xy[j], cases[i].xy[j], 1e-9);
    }
}

static guint
count_blue_pixels (cairo_surface_t *surface,
                   int              x0,
                   int              x1)
{
    int stride = cairo_image_surface_get_stride (surface);
    int height = cairo_image_surface_get_height (surface);
    const guchar *data = cairo_image_surface_get_data (surface);
    guint n = 0;

    cairo_surface_flush (surface);
    for (int y = 0; y < height; y++) {
        for (int x = x0; x < x1; x++) {
            guint32 pixel = *(const guint32 *) (data + y * stride + 4 * x);
            int r = (pixel >> 16) & 0xff, b = pixel & 0xff;

            if (b > r + 30)
                n++;
        }
    }
    return n;
}

/* The renderer draws the newest values of its history. */
static void
test_graph_render (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (100);
    GtkCellRenderer *cell = g_object_ref_sink (vireo_cell_renderer_graph_new ());
    GtkWidget *widget = gtk_label_new ("");
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 100, 40);
    cairo_t *cr = cairo_create (surface);
    GdkRectangle area = { 0, 0, 100, 40 };
    guint left, right;
    int width = 0;

    gtk_cell_renderer_get_preferred_width (cell, widget, NULL, &width);
    g_assert_cmpint (width, >, 40);

    /* Idle for the older half, busy for the newer half. */
    for (guint i = 0; i < 20; i++) {
        VireoStatsSample sample = { .time_us = i * G_USEC_PER_SEC };

        for (guint m = 0; m < VIREO_STATS_N_METRICS; m++)
            sample.values[m] = NAN;
        sample.values[VIREO_STATS_METRIC_CPU_PERCENT] = i < 10 ? 0 : 90;
        vireo_stats_history_push (history, &sample);
    }
    g_object_set (cell, "history", history, "n-points", 20, NULL);

    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    gtk_cell_renderer_render (cell, cr, widget, &area, &area, 0);
    cairo_destroy (cr);

    left = count_blue_pixels (surface, 10, 45);
    right = count_blue_pixels (surface, 55, 90);
    g_test_message ("blue pixels: left %u, right %u", left, right);
    g_assert_cmpuint (right, >, 3 * MAX (left, 1u));
    g_assert_cmpuint (right, >, 300);

    cairo_surface_destroy (surface);
    g_object_unref (cell);
    g_object_ref_sink (widget);
    g_object_unref (widget);
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GError) error = NULL;

    g_test_init (&argc, &argv, NULL);
    gtk_init (&argc, &argv);
    g_assert_true (vireo_event_loop_ensure (&error));
    g_assert_no_error (error);

    g_test_add_func ("/vireo/ui-dialogs/add-connection/uris", test_add_connection_uris);
    g_test_add_func ("/vireo/ui-dialogs/add-connection/accept", test_add_connection_accept);
    g_test_add_func ("/vireo/ui-dialogs/preferences", test_preferences);
    g_test_add_func ("/vireo/ui-dialogs/auth/accept", test_auth_accept);
    g_test_add_func ("/vireo/ui-dialogs/auth/refuse", test_auth_refuse);
    g_test_add_func ("/vireo/ui-dialogs/graph/layout", test_graph_layout);
    g_test_add_func ("/vireo/ui-dialogs/graph/render", test_graph_render);
    return g_test_run ();
}
