/* test-help.c: F1 and Help open the help page of the window they are pressed in
 *
 * Each window (the manager, the VM window, the New VM wizard, the host window and the
 * viewer's console window) is made as its program makes it; F1 (its accelerator) and
 * Help (the action help.show of its menu) must open help:vireo/PAGE when yelp is on
 * PATH, and the HTML build's PAGE.html otherwise.  What opens them is GIO's default
 * handler, as on a desktop: a fake yelp (x-scheme-handler/help) and a fake browser
 * (text/html) of a private XDG data directory, which write the URI they were given to
 * a log.  Every page a window opens must be a page of help/C and of the HTML build.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "vireo-application.h"
#include "vireo-connection.h"
#include "vireo-help.h"
#include "vireo-host-window.h"
#include "vireo-new-vm-window.h"
#include "vireo-test-util.h"
#include "vireo-viewer-application-private.h"
#include "vireo-vm-window.h"

static struct {
    char              *tmpdir;
    char              *log;
    char              *yelp_path;      /* PATH with a program named yelp */
    char              *plain_path;     /* PATH without */
    char              *html_dir;
    VireoApplication  *app;
    VireoConnection   *connection;
} fx;

typedef GtkWindow *(*MakeWindow) (void);

static void
write_file (const char *path,
            const char *text,
            int         mode)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (path, text, -1, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

/* The fake handlers: each appends "NAME URI" to the log. */
static void
setup_handlers (void)
{
    g_autofree char *apps = g_build_filename (fx.tmpdir, "data", "applications", NULL);
    g_autofree char *config = g_build_filename (fx.tmpdir, "config", NULL);
    g_autofree char *bin_yelp = g_build_filename (fx.tmpdir, "bin-yelp", NULL);
    g_autofree char *bin_plain = g_build_filename (fx.tmpdir, "bin-plain", NULL);
    const char *names[] = { "fake-yelp", "fake-browser" };
    const char *types[] = { "x-scheme-handler/help;", "text/html;" };

    g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents (bin_yelp, 0700), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents (bin_plain, 0700), ==, 0);
    fx.log = g_build_filename (fx.tmpdir, "opened.log", NULL);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autofree char *script = g_build_filename (fx.tmpdir, names[i], NULL);
        g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\necho \"%s $1\" >> '%s'\n",
                                                        names[i], fx.log);
        g_autofree char *desktop = g_strdup_printf ("%s/%s.desktop", apps, names[i]);
        g_autofree char *desktop_text = g_strdup_printf (
            "[Desktop Entry]\nType=Application\nName=%s\nExec=%s %%u\nMimeType=%s\n",
            names[i], script, types[i]);

        write_file (script, script_text, 0700);
        write_file (desktop, desktop_text, 0600);
    }
    {
        g_autofree char *list = g_build_filename (config, "mimeapps.list", NULL);
        g_autofree char *yelp = g_build_filename (bin_yelp, "yelp", NULL);

        write_file (list, "[Default Applications]\nx-scheme-handler/help=fake-yelp.desktop\n"
                          "text/html=fake-browser.desktop\n", 0600);
        /* Only found, never run: GIO runs the handler of help: URIs. */
        write_file (yelp, "#!/bin/sh\nexit 1\n", 0700);
    }
    {
        g_autofree char *data = g_build_filename (fx.tmpdir, "data", NULL);
        g_setenv ("XDG_DATA_HOME", data, TRUE);
    }
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_CURRENT_DESKTOP", "X-Vireo-Test", TRUE);
    fx.yelp_path = g_steal_pointer (&bin_yelp);
    fx.plain_path = g_steal_pointer (&bin_plain);
}

static guint
log_lines (char **last)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    guint n;

    if (!g_file_get_contents (fx.log, &text, NULL, NULL))
        return 0;
    lines = g_strsplit (g_strchomp (text), "\n", -1);
    n = g_strv_length (lines);
    if (last != NULL)
        *last = n > 0 ? g_strdup (lines[n - 1]) : NULL;
    return n;
}

/* What a handler was given after F1 (@f1) or Help: waits for a new log line. */
static char *
opened_by (GtkWindow  *window,
           gboolean    f1)
{
    guint before = log_lines (NULL);
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    char *last = NULL;

    if (f1) {
        g_assert_true (gtk_accel_groups_activate (G_OBJECT (window), GDK_KEY_F1, 0));
    } else {
        GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (window), "help");

        g_assert_nonnull (group);
        g_assert_true (g_action_group_has_action (group, "show"));
        g_action_group_activate_action (group, "show", NULL);
    }
    /* The handler runs in a process of its own: wait for its line (a limit for a
     * stuck run, not a measure). */
    while (log_lines (NULL) == before && g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (10000);
    }
    g_assert_cmpuint (log_lines (&last), ==, before + 1);
    return last;
}

static void
check_window (GtkWindow  *window,
              const char *page)
{
    g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "help", "C", NULL);
    g_autofree char *page_file = g_strdup_printf ("%s/%s.page", source, page);
    g_autofree char *html = g_strdup_printf ("%s/C/%s.html", fx.html_dir, page);
    g_autofree char *want_yelp = g_strdup_printf ("fake-yelp help:vireo/%s", page);
    g_autofree char *html_uri = g_filename_to_uri (html, NULL, NULL);
    g_autofree char *want_browser = g_strdup_printf ("fake-browser %s", html_uri);

    /* F1 reaches a window that is shown, as the program shows it. */
    gtk_window_present (window);
    g_assert_true (gtk_widget_get_realized (GTK_WIDGET (window)));
    g_assert_cmpstr (vireo_help_get_page (window), ==, page);
    g_assert_true (g_file_test (page_file, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (html, G_FILE_TEST_IS_REGULAR));

    g_setenv ("PATH", fx.yelp_path, TRUE);
    for (int f1 = 0; f1 <= 1; f1++) {
        g_autofree char *got = opened_by (window, f1);

        g_test_message ("%s, %s, yelp: %s", page, f1 ? "F1" : "Help", got);
        g_assert_cmpstr (got, ==, want_yelp);
    }
    g_setenv ("PATH", fx.plain_path, TRUE);
    for (int f1 = 0; f1 <= 1; f1++) {
        g_autofree char *got = opened_by (window, f1);
        const char *arg = strchr (got, ' ');
        g_autofree char *uri = NULL;
        g_autofree char *got_uri = NULL;

        g_test_message ("%s, %s, no yelp: %s", page, f1 ? "F1" : "Help", got);
        /* GIO hands a browser a local file:// URI as the file's path. */
        g_assert_nonnull (arg);
        uri = arg[1] == '/' ? g_filename_to_uri (arg + 1, NULL, NULL) : g_strdup (arg + 1);
        got_uri = g_strdup_printf ("fake-browser %s", uri);
        g_assert_cmpstr (got_uri, ==, want_browser);
    }
}

/* The manager application, made on first use (the viewer's test runs in a process of
 * its own, with the viewer's application alone, as vireo-viewer runs). */
static VireoApplication *
manager (void)
{
    g_autoptr(GError) error = NULL;

    if (fx.app != NULL)
        return fx.app;
    fx.app = vireo_application_new ();
    g_application_set_flags (G_APPLICATION (fx.app),
                             G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
    g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));
    g_assert_no_error (error);
    g_application_activate (G_APPLICATION (fx.app));
    fx.connection = vireo_connection_new ("test:///default");
    g_assert_true (vireo_connection_open (fx.connection, NULL, &error));
    g_assert_no_error (error);
    return fx.app;
}

static void
test_manager (void)
{
    check_window (GTK_WINDOW (vireo_application_get_manager_window (manager ())), "vm-list");
}

static void
test_vm_window (void)
{
    VireoDomain *domain;
    VireoVmWindow *window;

    manager ();
    domain = vireo_connection_find_domain (fx.connection, "test");
    g_assert_nonnull (domain);
    window = vireo_vm_window_present (GTK_APPLICATION (fx.app), domain,
                                      vireo_application_get_settings (fx.app),
                                      VIREO_VM_VIEW_DETAILS);
    check_window (GTK_WINDOW (window), "vm-window");
    gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_wizard (void)
{
    GtkWidget *wizard = vireo_new_vm_window_new (GTK_APPLICATION (manager ()), NULL,
                                                 fx.connection,
                                                 vireo_application_get_settings (fx.app));

    check_window (GTK_WINDOW (wizard), "create-vm");
    gtk_widget_destroy (wizard);
}

static void
test_host_window (void)
{
    GtkWidget *window = GTK_WIDGET (vireo_host_window_new (manager (), fx.connection));

    check_window (GTK_WINDOW (window), "host");
    gtk_widget_destroy (window);
}

static void
test_viewer (void)
{
    g_autoptr(VireoViewerApplication) viewer = NULL;
    g_autoptr(GError) error = NULL;
    VireoConsoleWindow *window;

    if (!g_test_subprocess ()) {
        g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                         G_TEST_SUBPROCESS_INHERIT_STDERR);
        g_test_trap_assert_passed ();
        return;
    }
    viewer = vireo_viewer_application_new ();
    g_application_set_flags (G_APPLICATION (viewer), G_APPLICATION_NON_UNIQUE);
    g_assert_true (g_application_register (G_APPLICATION (viewer), NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (_vireo_viewer_application_create_page (viewer));
    window = vireo_viewer_application_get_window (viewer);
    g_assert_nonnull (window);
    check_window (GTK_WINDOW (window), "viewer");
    gtk_widget_destroy (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
    int status;

    fx.tmpdir = vireo_test_mkdtemp ("vireo-help-XXXXXX");
    setup_handlers ();
    fx.html_dir = g_build_filename (g_getenv ("VIREO_BUILD_ROOT"), "help", NULL);
    g_setenv ("VIREO_HELP_HTML_DIR", fx.html_dir, TRUE);
    g_setenv ("LIBVIRT_DEFAULT_URI", "test:///default", TRUE);
    gtk_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/help/manager", test_manager);
    g_test_add_func ("/vireo/help/vm-window", test_vm_window);
    g_test_add_func ("/vireo/help/wizard", test_wizard);
    g_test_add_func ("/vireo/help/host-window", test_host_window);
    g_test_add_func ("/vireo/help/viewer", test_viewer);
    status = g_test_run ();

    if (fx.app != NULL) {
        vireo_connection_close (fx.connection);
        g_object_unref (fx.connection);
        g_object_unref (fx.app);
    }
    vireo_test_rmtree (fx.tmpdir);
    return status;
}
