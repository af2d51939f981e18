/* test-show-domain-console.c: vireo --show-domain-console, --show-domain-editor
 * and --show-domain-performance NAME, in this process
 *
 * The manager application runs its command line here, on a test-driver
 * node of three running VMs (their console pages say they have no
 * graphics: what is checked is the VM window, its view, its console page
 * and the page's source), with --connect and on the default connection.
 * An unknown name is said in an error dialog.  Forwarding from a second
 * vireo to a running one is tested on the real binary by
 * test-console-module.py.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gtk/gtk.h>

#include "vireo-application.h"
#include "vireo-console-page-domain.h"
#include "vireo-console-source-domain.h"
#include "vireo-vm-window.h"
#include "vireo-test-util.h"

#define TIMEOUT_MS 30000

static struct {
    char *tmpdir;
    char *uri;
} fixture;

typedef struct {
    GApplication *app;
    const char   *name;        /* the VM expected, or NULL for an error */
    VireoVmView   view;        /* the view expected */
    gboolean      checked;     /* the checks ran */
    gboolean      timed_out;
    char         *error_text;  /* an error dialog's text */
    GtkWindow    *window;      /* the VM window found */
    guint         poll_id;
    guint         timeout_id;
} Run;

static VireoVmWindow *
find_vm_window (GtkApplication *app)
{
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next) {
        if (VIREO_IS_VM_WINDOW (l->data))
            return l->data;
    }
    return NULL;
}

static GtkMessageDialog *
find_error_dialog (GtkApplication *app)
{
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next) {
        if (GTK_IS_MESSAGE_DIALOG (l->data))
            return l->data;
    }
    return NULL;
}

static void
finish (GApplication *app,
        Run          *run)
{
    g_clear_handle_id (&run->poll_id, g_source_remove);
    g_clear_handle_id (&run->timeout_id, g_source_remove);
    /* What the application shows goes with it. */
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
         l = gtk_application_get_windows (GTK_APPLICATION (app)))
        gtk_widget_destroy (l->data);
    g_application_quit (app);
}

static gboolean
poll_cb (gpointer user_data)
{
    Run *run = user_data;
    GApplication *app = run->app;

    if (run->name != NULL) {
        VireoVmWindow *window = find_vm_window (GTK_APPLICATION (app));

        if (window == NULL)
            return G_SOURCE_CONTINUE;
        run->window = g_object_ref (GTK_WINDOW (window));
    } else {
        GtkMessageDialog *dialog = find_error_dialog (GTK_APPLICATION (app));
        g_autofree char *secondary = NULL;

        if (dialog == NULL)
            return G_SOURCE_CONTINUE;
        g_object_get (dialog, "secondary-text", &secondary, NULL);
        run->error_text = g_steal_pointer (&secondary);
    }
    run->checked = TRUE;
    run->poll_id = 0;
    if (run->name != NULL) {
        /* Checked while the application runs (finish() destroys the window). */
        VireoVmWindow *window = VIREO_VM_WINDOW (run->window);

        g_assert_cmpint (vireo_vm_window_get_view (window), ==, run->view);
        g_assert_cmpstr (vireo_domain_get_name (vireo_vm_window_get_domain (window)), ==,
                         run->name);
        g_assert_cmpstr (gtk_window_get_title (run->window), ==, run->name);
        g_assert_true (gtk_widget_get_visible (GTK_WIDGET (run->window)));
        /* The VM window alone: no manager window. */
        g_assert_null (vireo_application_get_manager_window (VIREO_APPLICATION (app)));
        if (run->view == VIREO_VM_VIEW_CONSOLE) {
            VireoConsolePage *page = VIREO_CONSOLE_PAGE (vireo_vm_window_get_console_page (window));
            VireoConsoleSource *source = vireo_console_page_get_source (page);
            g_autoptr(VireoConsoleSource) property = NULL;

            g_assert_true (VIREO_IS_CONSOLE_SOURCE_DOMAIN (source));
            g_object_get (page, "source", &property, NULL);
            g_assert_true (property == source);
            g_assert_cmpstr (vireo_domain_get_name (vireo_console_page_get_domain (page)), ==,
                             run->name);
            g_assert_cmpstr (vireo_console_source_get_title (source), ==, run->name);
            g_assert_cmpstr (vireo_console_page_get_title (page), ==, run->name);
        } else {
            /* Details only: no console page was made. */
            g_assert_null (vireo_vm_window_get_console_page (window));
        }
    }
    finish (app, run);
    return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
    Run *run = user_data;

    run->timed_out = TRUE;
    run->timeout_id = 0;
    finish (run->app, run);
    return G_SOURCE_REMOVE;
}

static void
startup_cb (GApplication *app,
            Run          *run)
{
    run->poll_id = g_timeout_add (20, poll_cb, run);
    run->timeout_id = g_timeout_add (TIMEOUT_MS, timeout_cb, run);
}

/* Runs a manager with @args (after the program name) until @run's checks
 * are done; returns g_application_run()'s status. */
static int
run_manager (const char * const *args,
             Run                *run)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(VireoApplication) app = vireo_application_new ();
    int status;

    g_ptr_array_add (argv, (gpointer) "vireo");
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);
    g_application_set_flags (G_APPLICATION (app),
                             G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
    run->app = G_APPLICATION (app);
    g_signal_connect (app, "startup", G_CALLBACK (startup_cb), run);
    status = g_application_run (G_APPLICATION (app), (int) argv->len - 1,
                                (char **) argv->pdata);
    g_assert_false (run->timed_out);
    g_assert_true (run->checked);
    return status;
}

static void
test_with_connect (void)
{
    const char *args[] = { "--connect", fixture.uri, "--show-domain-console", "vm-0002", NULL };
    Run run = { .name = "vm-0002", .view = VIREO_VM_VIEW_CONSOLE };

    g_assert_cmpint (run_manager (args, &run), ==, 0);
    g_clear_object (&run.window);
}

static void
test_editor (void)
{
    const char *args[] = { "--connect", fixture.uri, "--show-domain-editor", "vm-0001", NULL };
    Run run = { .name = "vm-0001", .view = VIREO_VM_VIEW_DETAILS };

    g_assert_cmpint (run_manager (args, &run), ==, 0);
    g_clear_object (&run.window);
}

static void
test_performance (void)
{
    const char *args[] = { "--connect", fixture.uri, "--show-domain-performance", "vm-0003",
                           NULL };
    Run run = { .name = "vm-0003", .view = VIREO_VM_VIEW_PERFORMANCE };

    g_assert_cmpint (run_manager (args, &run), ==, 0);
    g_clear_object (&run.window);
}

/* Without --connect: the default connection (LIBVIRT_DEFAULT_URI here). */
static void
test_default_connection (void)
{
    const char *args[] = { "--show-domain-console", "vm-0003", NULL };
    Run run = { .name = "vm-0003", .view = VIREO_VM_VIEW_CONSOLE };

    g_assert_cmpint (run_manager (args, &run), ==, 0);
    g_clear_object (&run.window);
}

static void
test_unknown_name (void)
{
    const char *args[] = { "--connect", fixture.uri, "--show-domain-console", "no-such-vm",
                           NULL };
    g_autofree char *expected = g_strdup_printf ("There is no virtual machine named "
                                                 "“no-such-vm” on %s.", fixture.uri);
    Run run = { .name = NULL };

    run_manager (args, &run);
    g_test_message ("%s", run.error_text);
    g_assert_cmpstr (run.error_text, ==, expected);
    g_free (run.error_text);
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GError) error = NULL;
    g_autofree char *node = NULL;
    int ret;

    g_test_init (&argc, &argv, NULL);
    gtk_init (&argc, &argv);
    g_setenv ("LANGUAGE", "C", TRUE);

    fixture.tmpdir = vireo_test_mkdtemp ("vireo-show-console-XXXXXX");
    node = g_build_filename (fixture.tmpdir, "node.xml", NULL);
    g_assert_true (vireo_test_write_node_xml (node, 3, &error));
    g_assert_no_error (error);
    fixture.uri = g_strconcat ("test://", node, NULL);
    g_setenv ("LIBVIRT_DEFAULT_URI", fixture.uri, TRUE);

    g_test_add_func ("/vireo/show-domain-console/with-connect", test_with_connect);
    g_test_add_func ("/vireo/show-domain-console/default-connection", test_default_connection);
    g_test_add_func ("/vireo/show-domain-console/editor", test_editor);
    g_test_add_func ("/vireo/show-domain-console/performance", test_performance);
    g_test_add_func ("/vireo/show-domain-console/unknown-name", test_unknown_name);
    ret = g_test_run ();

    vireo_test_rmtree (fixture.tmpdir);
    g_free (fixture.tmpdir);
    g_free (fixture.uri);
    return ret;
}
