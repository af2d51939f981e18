/* test-recorder-page.c: the console page's Record action, against a real QEMU guest
 *
 * The guest boots grub-rescue-pc's ISO in a plain QEMU process serving VNC
 * on a UNIX socket; the page opens it from a connection file.  The action
 * "console.record-to" (a path) starts a recording without the file dialog;
 * "console.record" (a boolean state) asks for a file and stops.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "vireo-console-page-private.h"
#include "vireo-test-util.h"

#define GRUB_ISO "/usr/lib/grub-rescue/grub-rescue-cdrom.iso"
#define CONNECT_TIMEOUT_MS 60000
#define STOP_TIMEOUT_MS 30000

static char *tmpdir;

static void
spin (guint ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
    }
}

/* In the QEMU child: killed when the test process ends, however it ends. */
static void
die_with_parent (gpointer user_data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
socket_accepts (const char *path)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
    g_autoptr(GSocketConnection) connection = NULL;

    connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
    return connection != NULL;
}

static GSubprocess *
guest_start (const char *socket_path)
{
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *log_path = g_build_filename (tmpdir, "qemu.log", NULL);
    g_autofree char *vnc = g_strdup_printf ("unix:%s", socket_path);
    GSubprocess *process;
    gint64 deadline;

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
    /* A test that fails takes its guest with it. */
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
    process = g_subprocess_launcher_spawn (launcher, &error, "qemu-system-x86_64",
                                           "-machine", "pc", "-accel", "tcg", "-m", "64",
                                           "-nodefaults", "-display", "none",
                                           "-device", "VGA", "-cdrom", GRUB_ISO,
                                           "-vnc", vnc, NULL);
    g_assert_no_error (error);
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (!socket_accepts (socket_path)) {
        if (g_get_monotonic_time () > deadline) {
            g_autofree char *log = NULL;

            g_file_get_contents (log_path, &log, NULL, NULL);
            g_error ("QEMU did not start listening on %s: %s", socket_path, log ? log : "");
        }
        g_usleep (50 * 1000);
    }
    return process;
}

static gboolean
action_enabled (VireoConsolePage *page,
                const char       *name)
{
    return g_action_group_get_action_enabled (vireo_console_page_get_action_group (page), name);
}

static gboolean
record_state (VireoConsolePage *page)
{
    g_autoptr(GVariant) state =
        g_action_group_get_action_state (vireo_console_page_get_action_group (page), "record");

    return g_variant_get_boolean (state);
}

static gboolean
wait_record_state (VireoConsolePage *page,
                   gboolean          expected,
                   guint             timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (record_state (page) != expected && g_get_monotonic_time () < deadline)
        spin (20);
    return record_state (page) == expected;
}

static gboolean
has_bytes (const char *data,
           gsize       length,
           const char *needle)
{
    gsize n = strlen (needle);

    for (gsize i = 0; i + n <= length; i++) {
        if (memcmp (data + i, needle, n) == 0)
            return TRUE;
    }
    return FALSE;
}

/* The open file dialog, if any. */
static GtkFileChooser *
find_file_chooser (void)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next) {
        if (GTK_IS_FILE_CHOOSER_DIALOG (l->data) && gtk_widget_get_visible (l->data))
            return GTK_FILE_CHOOSER (l->data);
    }
    return NULL;
}

static void
first_frame_cb (VireoConsolePage *page,
                gboolean         *seen)
{
    *seen = TRUE;
}

static void
test_record_action (void)
{
    g_autofree char *socket_path = g_build_filename (tmpdir, "guest.vnc", NULL);
    g_autofree char *path = g_build_filename (tmpdir, "page.webm", NULL);
    g_autofree char *missing = g_build_filename (tmpdir, "missing", "page.webm", NULL);
    g_autofree char *vv = NULL;
    g_autofree char *contents = NULL;
    g_autoptr(GSubprocess) guest = guest_start (socket_path);
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    GActionGroup *actions;
    VireoConsolePage *page;
    GtkFileChooser *chooser;
    GtkWidget *window;
    gboolean first_frame = FALSE;
    gsize length = 0;

    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
    page = vireo_console_page_new ();
    gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (page));
    g_signal_connect (page, "first-frame", G_CALLBACK (first_frame_cb), &first_frame);
    gtk_widget_show_all (window);
    actions = vireo_console_page_get_action_group (page);

    /* No display: nothing to record. */
    g_assert_false (action_enabled (page, "record"));
    g_assert_false (action_enabled (page, "record-to"));
    g_assert_false (record_state (page));
    g_assert_false (gtk_widget_get_visible (page->record_indicator));

    vv = g_strdup_printf ("[virt-viewer]\ntype=vnc\nunix-path=%s\ntitle=grub guest\n",
                          socket_path);
    g_assert_true (vireo_console_file_load_from_data (file, vv, -1, &error));
    g_assert_no_error (error);
    vireo_console_page_open_file (page, file);
    g_assert_true (vireo_test_wait_for (&first_frame, CONNECT_TIMEOUT_MS));
    g_assert_cmpint (vireo_console_page_get_state (page), ==, VIREO_CONSOLE_STATE_CONNECTED);
    g_assert_true (action_enabled (page, "record"));
    g_assert_true (action_enabled (page, "record-to"));
    g_assert_false (record_state (page));

    /* Toggling on asks for a file: ~/Videos or home, "<name>-<time>.webm";
     * cancelling leaves the toggle off. */
    g_action_group_change_action_state (actions, "record", g_variant_new_boolean (TRUE));
    spin (300);
    chooser = find_file_chooser ();
    g_assert_nonnull (chooser);
    {
        g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
        g_autofree char *folder = gtk_file_chooser_get_current_folder (chooser);
        const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);

        g_test_message ("suggested %s in %s", name, folder);
        g_assert_true (g_str_has_prefix (name, "grub guest-"));
        g_assert_true (g_str_has_suffix (name, ".webm"));
        g_assert_true (g_strcmp0 (folder, g_get_home_dir ()) == 0 ||
                       g_strcmp0 (folder, videos) == 0);
    }
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
    spin (200);
    g_assert_false (record_state (page));
    g_assert_false (gtk_widget_get_visible (page->record_indicator));

    /* A folder that does not exist: the page's info bar says so. */
    g_action_group_activate_action (actions, "record-to", g_variant_new_string (missing));
    g_assert_false (record_state (page));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->info_bar)));
    g_assert_cmpint (gtk_info_bar_get_message_type (page->info_bar), ==, GTK_MESSAGE_ERROR);
    g_assert_nonnull (strstr (gtk_label_get_text (page->info_label), "does not exist"));

    /* Recording: the toggle is on and "Recording" shows; another start is
     * refused while it runs. */
    g_action_group_activate_action (actions, "record-to", g_variant_new_string (path));
    g_assert_true (record_state (page));
    g_assert_true (gtk_widget_get_visible (page->record_indicator));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->info_bar)));
    g_assert_false (action_enabled (page, "record-to"));
    g_assert_true (action_enabled (page, "record"));
    spin (2500);
    {
        /* The window as it looks while recording, for people to look at. */
        GdkWindow *gdk_window = gtk_widget_get_window (window);
        g_autoptr(GdkPixbuf) shot =
            gdk_pixbuf_get_from_window (gdk_window, 0, 0, gdk_window_get_width (gdk_window),
                                        gdk_window_get_height (gdk_window));
        g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR")
                                                 ? g_getenv ("G_TEST_BUILDDIR") : tmpdir,
                                                 "recording-page.png", NULL);

        g_assert_nonnull (shot);
        g_assert_true (gdk_pixbuf_save (shot, png, "png", &error, NULL));
        g_assert_no_error (error);
    }

    /* Toggling off stops; the file is completed and the info bar says where. */
    g_action_group_change_action_state (actions, "record", g_variant_new_boolean (FALSE));
    g_assert_true (wait_record_state (page, FALSE, STOP_TIMEOUT_MS));
    g_assert_false (gtk_widget_get_visible (page->record_indicator));
    g_assert_true (action_enabled (page, "record-to"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->info_bar)));
    g_assert_cmpint (gtk_info_bar_get_message_type (page->info_bar), ==, GTK_MESSAGE_INFO);
    g_assert_nonnull (strstr (gtk_label_get_text (page->info_label), path));
    g_assert_true (g_file_get_contents (path, &contents, &length, &error));
    g_assert_no_error (error);
    /* An EBML header whose document type is "webm" (decoding is checked in
     * test-recorder). */
    g_assert_cmpuint (length, >, 1000);
    g_assert_cmpmem (contents, 4, "\x1a\x45\xdf\xa3", 4);
    g_assert_true (has_bytes (contents, MIN (length, 64), "webm"));

    /* Recording again, then the console goes: the recording ends with it. */
    g_assert_cmpint (g_unlink (path), ==, 0);
    g_action_group_activate_action (actions, "record-to", g_variant_new_string (path));
    g_assert_true (record_state (page));
    spin (1500);
    vireo_console_page_disconnect (page);
    g_assert_true (wait_record_state (page, FALSE, STOP_TIMEOUT_MS));
    g_assert_false (action_enabled (page, "record"));
    g_assert_false (action_enabled (page, "record-to"));
    g_assert_false (gtk_widget_get_visible (page->record_indicator));
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

    spin (300);
    gtk_widget_destroy (window);
    spin (200);
    /* Ends exactly the QEMU process this test started, by its pid. */
    g_subprocess_force_exit (guest);
    g_subprocess_wait (guest, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
    int status;

    g_test_init (&argc, &argv, NULL);
    gtk_init (&argc, &argv);
    tmpdir = vireo_test_mkdtemp ("vireo-record-page-XXXXXX");
    /* No portal: the file dialog is GTK's own, which the test can see. */
    g_setenv ("GTK_USE_PORTAL", "0", TRUE);

    g_test_add_func ("/vireo/recorder/page-action", test_record_action);

    status = g_test_run ();
    vireo_test_rmtree (tmpdir);
    g_free (tmpdir);
    return status;
}
