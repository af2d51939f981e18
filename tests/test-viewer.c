/* test-viewer.c: the console page and vireo-viewer against real QEMU guests
 *
 * Plain QEMU processes (grub-rescue's ISO, which stops at a "grub>" prompt)
 * serve SPICE and VNC on loopback ports, with and without a password; the
 * embedded libvirt driver serves a guest for --connect.  The console page
 * runs in this process; the vireo-viewer binary runs as a subprocess with
 * its VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME hook.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "vireo-console-graphics.h"
#include "vireo-console-window.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-password-dialog.h"
#include "vireo-ssh-tunnel.h"
#include "vireo-test-util.h"
#include "vireo-viewer-application.h"
#include "vireo-vmm.h"

#define GRUB_ISO "/usr/lib/grub-rescue/grub-rescue-cdrom.iso"
#define PASSWORD "Viewer-Secret-5521"
#define WRONG_PASSWORD "Wrong-Secret-0042"
#define CONNECT_TIMEOUT_MS 40000
#define VIEWER_TIMEOUT_MS 60000
#define DOMAIN_NAME "vireo-viewer-test"

/* ------------------------------------------------------------------------ */
/* Every log message of this process, debug included */

static GMutex log_lock;
static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
    g_mutex_lock (&log_lock);
    for (gsize i = 0; i < n_fields; i++) {
        if (fields[i].length < 0)
            g_string_append_printf (log_text, "%s ", (const char *) fields[i].value);
        else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
            g_string_append_len (log_text, fields[i].value, fields[i].length);
    }
    g_string_append_c (log_text, '\n');
    g_mutex_unlock (&log_lock);
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
        return g_log_writer_default (level, fields, n_fields, user_data);
    return G_LOG_WRITER_HANDLED;
}

static gboolean
log_contains (const char *needle)
{
    gboolean found;

    g_mutex_lock (&log_lock);
    found = strstr (log_text->str, needle) != NULL;
    g_mutex_unlock (&log_lock);
    return found;
}

static gsize
log_length (void)
{
    gsize len;

    g_mutex_lock (&log_lock);
    len = log_text->len;
    g_mutex_unlock (&log_lock);
    return len;
}

/* ------------------------------------------------------------------------ */
/* QEMU guests on loopback ports */

typedef struct {
    GSubprocess *process;
    guint        vnc_port;
    guint        spice_port;
} Guest;

static Guest *plain_guest;
static Guest *password_guest;
static char *tmp_dir;

static guint
free_port (void)
{
    struct sockaddr_in addr = { 0 };
    socklen_t len = sizeof addr;
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    guint port;

    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
    g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
    port = ntohs (addr.sin_port);
    close (fd);
    return port;
}

static guint
free_vnc_port (void)
{
    /* QEMU takes a display number: ports 5900 + N. */
    for (guint i = 0; i < 200; i++) {
        guint port = 5900 + (guint) g_random_int_range (100, 4000);
        struct sockaddr_in addr = { 0 };
        int fd = socket (AF_INET, SOCK_STREAM, 0);
        gboolean ok;

        addr.sin_family = AF_INET;
        addr.sin_port = htons (port);
        addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
        ok = bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
        close (fd);
        if (ok)
            return port;
    }
    g_error ("No free VNC port");
    return 0;
}

static gboolean
port_accepts (guint port)
{
    struct sockaddr_in addr = { 0 };
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    gboolean ok;

    addr.sin_family = AF_INET;
    addr.sin_port = htons (port);
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
    close (fd);
    return ok;
}

/* A guest dies with the test, even when an assertion ends it. */
static void
die_with_parent (gpointer user_data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static Guest *
guest_start (const char *password)
{
    Guest *guest = g_new0 (Guest, 1);
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *log_path = NULL;
    gint64 deadline;

    guest->vnc_port = free_vnc_port ();
    guest->spice_port = free_port ();
#define ARG(s) g_ptr_array_add (argv, g_strdup (s))
    ARG ("qemu-system-x86_64");
    ARG ("-machine"); ARG ("pc");
    ARG ("-accel"); ARG ("tcg");
    ARG ("-m"); ARG ("64");
    ARG ("-nodefaults");
    ARG ("-display"); ARG ("none");
    ARG ("-cdrom"); ARG (GRUB_ISO);
    ARG ("-device"); ARG ("qxl-vga");
    ARG ("-vnc");
    if (password != NULL) {
        /* The secret goes to QEMU through a file, not its command line. */
        g_autofree char *secret = g_build_filename (tmp_dir, "secret", NULL);

        g_assert_true (g_file_set_contents (secret, password, -1, NULL));
        g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u,password-secret=s0",
                                                guest->vnc_port - 5900));
        ARG ("-object");
        g_ptr_array_add (argv, g_strdup_printf ("secret,id=s0,file=%s", secret));
        ARG ("-spice");
        g_ptr_array_add (argv, g_strdup_printf ("port=%u,addr=127.0.0.1,password-secret=s0",
                                                guest->spice_port));
    } else {
        g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", guest->vnc_port - 5900));
        ARG ("-spice");
        g_ptr_array_add (argv, g_strdup_printf ("port=%u,addr=127.0.0.1,disable-ticketing=on",
                                                guest->spice_port));
    }
    ARG ("-device"); ARG ("qemu-xhci");
    ARG ("-chardev"); ARG ("spicevmc,name=usbredir,id=usbredir1");
    ARG ("-device"); ARG ("usb-redir,chardev=usbredir1,id=usbredirdev1");
    g_ptr_array_add (argv, NULL);
#undef ARG

    log_path = g_build_filename (tmp_dir, password != NULL ? "qemu-pw.log" : "qemu.log", NULL);
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
    guest->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                   &error);
    g_assert_no_error (error);
    /* QEMU listens within a second on an idle machine; give a loaded one time. */
    deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
    while (!(port_accepts (guest->vnc_port) && port_accepts (guest->spice_port))) {
        g_autofree char *log = NULL;

        if (g_get_monotonic_time () < deadline) {
            g_usleep (50 * 1000);
            continue;
        }
        g_file_get_contents (log_path, &log, NULL, NULL);
        g_error ("QEMU did not start listening: %s", log != NULL ? log : "");
    }
    return guest;
}

static void
guest_stop (Guest *guest)
{
    if (guest == NULL)
        return;
    /* Ends exactly the QEMU process this test started. */
    g_subprocess_force_exit (guest->process);
    g_subprocess_wait (guest->process, NULL, NULL);
    g_object_unref (guest->process);
    g_free (guest);
}

static Guest *
get_plain_guest (void)
{
    if (plain_guest == NULL)
        plain_guest = guest_start (NULL);
    return plain_guest;
}

static Guest *
get_password_guest (void)
{
    if (password_guest == NULL)
        password_guest = guest_start (PASSWORD);
    return password_guest;
}

/* ------------------------------------------------------------------------ */
/* Pictures and waiting */

static void
spin (guint ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
    }
}

static guint
count_non_black (GdkPixbuf *pixbuf)
{
    int width = gdk_pixbuf_get_width (pixbuf);
    int height = gdk_pixbuf_get_height (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
    guint n = 0;

    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            const guchar *p = pixels + y * stride + x * channels;

            n += (p[0] | p[1] | p[2]) != 0;
        }
    return n;
}

static gboolean
pixbufs_differ (GdkPixbuf *a,
                GdkPixbuf *b)
{
    int row = gdk_pixbuf_get_width (a) * gdk_pixbuf_get_n_channels (a);

    if (gdk_pixbuf_get_width (a) != gdk_pixbuf_get_width (b) ||
        gdk_pixbuf_get_height (a) != gdk_pixbuf_get_height (b))
        return TRUE;
    for (int y = 0; y < gdk_pixbuf_get_height (a); y++)
        if (memcmp (gdk_pixbuf_read_pixels (a) + y * gdk_pixbuf_get_rowstride (a),
                    gdk_pixbuf_read_pixels (b) + y * gdk_pixbuf_get_rowstride (b), row) != 0)
            return TRUE;
    return FALSE;
}

/* Waits for grub's screen (text on it), then types "ls" and sees the
 * picture change: keys reach the guest. */
static void
check_guest_screen (VireoDisplay *display,
                    const char   *tag)
{
    g_autoptr(GdkPixbuf) before = NULL;
    g_autoptr(GdkPixbuf) after = NULL;
    g_autofree char *path = NULL;
    g_autoptr(GError) error = NULL;
    gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
    guint non_black = 0;

    /* The prompt has been drawn once the picture stops changing. */
    while (g_get_monotonic_time () < deadline) {
        g_autoptr(GdkPixbuf) now = NULL;

        spin (1500);
        now = vireo_display_get_pixbuf (display);
        if (now == NULL)
            continue;
        non_black = count_non_black (now);
        if (non_black > 500 && before != NULL && !pixbufs_differ (before, now))
            break;
        g_set_object (&before, now);
    }
    g_test_message ("%s: %u non-black pixels", tag, non_black);
    g_assert_nonnull (before);
    g_assert_cmpuint (non_black, >, 500);

    path = g_strdup_printf ("%s/viewer-%s.png", g_get_tmp_dir (), tag);
    g_assert_true (vireo_display_save_screenshot (display, path, &error));
    g_assert_no_error (error);

    vireo_display_type_text (display, "ls\n");
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline) {
        spin (300);
        g_clear_object (&after);
        after = vireo_display_get_pixbuf (display);
        if (after != NULL && pixbufs_differ (before, after))
            break;
    }
    g_assert_nonnull (after);
    g_assert_true (pixbufs_differ (before, after));
}

/* ------------------------------------------------------------------------ */
/* The console page in this process */

typedef struct {
    VireoConsoleWindow *window;
    VireoConsolePage   *page;
    gboolean            first_frame;
} PageHarness;

static void
first_frame_cb (VireoConsolePage *page,
                PageHarness      *h)
{
    h->first_frame = TRUE;
}

static void
harness_init (PageHarness *h)
{
    memset (h, 0, sizeof *h);
    h->window = vireo_console_window_new (NULL);
    h->page = vireo_console_window_get_page (h->window);
    gtk_window_set_default_size (GTK_WINDOW (h->window), 800, 600);
    g_signal_connect (h->page, "first-frame", G_CALLBACK (first_frame_cb), h);
    gtk_widget_show (GTK_WIDGET (h->window));
}

static void
harness_clear (PageHarness *h)
{
    g_signal_handlers_disconnect_by_data (h->page, h);
    gtk_widget_destroy (GTK_WIDGET (h->window));
    spin (200);
}

static gboolean
wait_state (VireoConsolePage  *page,
            VireoConsoleState  state,
            guint              timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (vireo_console_page_get_state (page) != state && g_get_monotonic_time () < deadline)
        spin (50);
    return vireo_console_page_get_state (page) == state;
}

static GtkWidget *
wait_password_dialog (VireoConsolePage *page,
                      GtkWidget        *not_this)
{
    gint64 deadline = g_get_monotonic_time () + CONNECT_TIMEOUT_MS * 1000;

    while (g_get_monotonic_time () < deadline) {
        GtkWidget *dialog = vireo_console_page_get_password_dialog (page);

        if (dialog != NULL && dialog != not_this)
            return dialog;
        spin (50);
    }
    return NULL;
}

static gboolean
action_enabled (VireoConsolePage *page,
                const char       *name)
{
    return g_action_group_get_action_enabled (vireo_console_page_get_action_group (page),
                                              name);
}

static void
test_page_uri (gconstpointer data)
{
    const char *scheme = data;
    gboolean spice = g_str_equal (scheme, "spice");
    Guest *guest = get_plain_guest ();
    g_autofree char *uri = g_strdup_printf ("%s://127.0.0.1:%u", scheme,
                                            spice ? guest->spice_port : guest->vnc_port);
    g_autoptr(VireoConnectionFile) file = NULL;
    g_autoptr(GError) error = NULL;
    PageHarness h;

    file = vireo_connection_file_new_from_uri (uri, &error);
    g_assert_no_error (error);
    harness_init (&h);
    g_assert_cmpint (vireo_console_page_get_state (h.page), ==, VIREO_CONSOLE_STATE_IDLE);
    vireo_console_page_open_file (h.page, file);
    g_assert_cmpint (vireo_console_page_get_state (h.page), ==, VIREO_CONSOLE_STATE_CONNECTING);
    g_assert_false (action_enabled (h.page, "send-key"));
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (h.window)), ==,
                     vireo_console_page_get_title (h.page));
    g_assert_true (action_enabled (h.page, "send-key"));
    g_assert_true (action_enabled (h.page, "screenshot"));
    /* Clipboard sharing and USB are SPICE's. */
    g_assert_cmpint (action_enabled (h.page, "clipboard"), ==, spice);
    if (spice) {
        VireoDisplaySpice *display = VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page));
        gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

        while (!(vireo_display_spice_has_channel (display, "usbredir", FALSE) &&
                 vireo_display_spice_has_channel (display, "inputs", TRUE)) &&
               g_get_monotonic_time () < deadline)
            spin (100);
        g_assert_true (vireo_display_spice_has_channel (display, "usbredir", FALSE));
        g_assert_true (vireo_display_spice_has_channel (display, "inputs", TRUE));
    }
    check_guest_screen (vireo_console_page_get_display (h.page), scheme);

    /* Zoom through the actions. */
    g_action_group_activate_action (vireo_console_page_get_action_group (h.page), "zoom-in",
                                    NULL);
    g_assert_cmpuint (vireo_display_get_zoom (vireo_console_page_get_display (h.page)), >, 100);
    g_action_group_activate_action (vireo_console_page_get_action_group (h.page), "zoom-reset",
                                    NULL);
    g_assert_cmpuint (vireo_display_get_zoom (vireo_console_page_get_display (h.page)), ==, 100);

    /* A disconnect shows the reason and offers to reconnect; reconnecting
     * makes a new display that connects again. */
    vireo_console_page_disconnect (h.page);
    g_assert_cmpint (vireo_console_page_get_state (h.page), ==,
                     VIREO_CONSOLE_STATE_DISCONNECTED);
    g_assert_null (vireo_console_page_get_display (h.page));
    g_assert_true (action_enabled (h.page, "reconnect"));
    h.first_frame = FALSE;
    g_action_group_activate_action (vireo_console_page_get_action_group (h.page), "reconnect",
                                    NULL);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    harness_clear (&h);
}

static void
test_page_refused (void)
{
    g_autofree char *uri = g_strdup_printf ("vnc://127.0.0.1:%u", free_port ());
    g_autoptr(VireoConnectionFile) file = vireo_connection_file_new_from_uri (uri, NULL);
    PageHarness h;

    harness_init (&h);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_DISCONNECTED, CONNECT_TIMEOUT_MS));
    g_test_message ("status: %s / %s", vireo_console_page_get_status_title (h.page),
                    vireo_console_page_get_status_detail (h.page));
    g_assert_cmpstr (vireo_console_page_get_status_detail (h.page), !=, "");
    g_assert_true (action_enabled (h.page, "reconnect"));
    g_assert_false (action_enabled (h.page, "send-key"));
    harness_clear (&h);
}

static void
test_page_password (gconstpointer data)
{
    const char *scheme = data;
    Guest *guest = get_password_guest ();
    g_autofree char *uri = g_strdup_printf ("%s://127.0.0.1:%u", scheme,
                                            g_str_equal (scheme, "spice") ? guest->spice_port
                                                                          : guest->vnc_port);
    g_autoptr(VireoConnectionFile) file = vireo_connection_file_new_from_uri (uri, NULL);
    GtkWidget *first;
    GtkWidget *second;
    gsize log_start = log_length ();
    PageHarness h;

    harness_init (&h);
    vireo_console_page_open_file (h.page, file);

    /* No password known: the prompt appears. */
    first = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (first);
    g_test_message ("prompt: %s",
                    vireo_password_dialog_get_message (VIREO_PASSWORD_DIALOG (first)));
    vireo_password_dialog_set_password (VIREO_PASSWORD_DIALOG (first), WRONG_PASSWORD);
    gtk_dialog_response (GTK_DIALOG (first), GTK_RESPONSE_OK);

    /* A wrong one is refused and asked again, saying so. */
    second = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (second);
    g_test_message ("prompt again: %s",
                    vireo_password_dialog_get_message (VIREO_PASSWORD_DIALOG (second)));
    g_assert_nonnull (strstr (vireo_password_dialog_get_message (VIREO_PASSWORD_DIALOG (second)),
                              "did not accept"));
    g_assert_cmpint (vireo_console_page_get_state (h.page), !=, VIREO_CONSOLE_STATE_CONNECTED);
    /* A person takes a moment to type (answering at once races spice-gtk's
     * teardown of the refused session). */
    spin (500);
    vireo_password_dialog_set_password (VIREO_PASSWORD_DIALOG (second), PASSWORD);
    gtk_dialog_response (GTK_DIALOG (second), GTK_RESPONSE_OK);

    /* The right one connects. */
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_null (vireo_console_page_get_password_dialog (h.page));

    /* Debug logging was on all along, and said something. */
    g_assert_cmpuint (log_length (), >, log_start);
    g_assert_false (log_contains (PASSWORD));
    g_assert_false (log_contains (WRONG_PASSWORD));
    harness_clear (&h);
}

static void
test_page_password_cancel (void)
{
    Guest *guest = get_password_guest ();
    g_autofree char *uri = g_strdup_printf ("vnc://127.0.0.1:%u", guest->vnc_port);
    g_autoptr(VireoConnectionFile) file = vireo_connection_file_new_from_uri (uri, NULL);
    GtkWidget *dialog;
    PageHarness h;

    harness_init (&h);
    vireo_console_page_open_file (h.page, file);
    dialog = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (dialog);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_DISCONNECTED, 5000));
    g_assert_null (vireo_console_page_get_display (h.page));
    harness_clear (&h);
}

static void
test_page_clipboard_remembered (void)
{
    Guest *guest = get_plain_guest ();
    g_autofree char *uri = g_strdup_printf ("spice://127.0.0.1:%u", guest->spice_port);
    g_autoptr(VireoConnectionFile) file = vireo_connection_file_new_from_uri (uri, NULL);
    g_autoptr(GSettings) settings = g_settings_new ("org.vireo.Vireo");
    g_auto(GStrv) shared = NULL;
    g_autofree char *key = NULL;
    GVariant *state;
    PageHarness h;

    g_settings_reset (settings, "clipboard-sharing");
    harness_init (&h);
    vireo_console_page_set_settings (h.page, settings);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    /* Off until the user turns it on. */
    state = g_action_group_get_action_state (vireo_console_page_get_action_group (h.page),
                                             "clipboard");
    g_assert_false (g_variant_get_boolean (state));
    g_variant_unref (state);
    g_assert_false (vireo_display_spice_get_clipboard_sharing (
        VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page))));
    g_action_group_change_action_state (vireo_console_page_get_action_group (h.page),
                                        "clipboard", g_variant_new_boolean (TRUE));
    g_assert_true (vireo_display_spice_get_clipboard_sharing (
        VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page))));
    key = vireo_console_page_get_clipboard_key (h.page);
    shared = g_settings_get_strv (settings, "clipboard-sharing");
    g_assert_true (g_strv_contains ((const char * const *) shared, key));
    harness_clear (&h);

    /* The next console of the same machine shares at once. */
    harness_init (&h);
    vireo_console_page_set_settings (h.page, settings);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_display_spice_get_clipboard_sharing (
        VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page))));
    harness_clear (&h);
    g_settings_reset (settings, "clipboard-sharing");
}

static void
test_page_fullscreen_overlay (void)
{
    PageHarness h;

    harness_init (&h);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    g_action_group_change_action_state (vireo_console_page_get_action_group (h.page),
                                        "fullscreen", g_variant_new_boolean (TRUE));
    g_assert_true (vireo_console_page_get_fullscreen (h.page));
    /* Shown on entering, then hidden until the pointer touches the top. */
    g_assert_true (vireo_console_page_get_overlay_revealed (h.page));
    spin (3500);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    vireo_console_page_reveal_overlay (h.page);
    g_assert_true (vireo_console_page_get_overlay_revealed (h.page));
    vireo_console_page_set_fullscreen (h.page, FALSE);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    /* Kiosk: no toolbar at all, and fullscreen stays. */
    vireo_console_window_set_kiosk (h.window, TRUE);
    g_assert_true (vireo_console_page_get_fullscreen (h.page));
    vireo_console_page_reveal_overlay (h.page);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    vireo_console_page_set_fullscreen (h.page, FALSE);
    g_assert_true (vireo_console_page_get_fullscreen (h.page));
    harness_clear (&h);
}

/* ------------------------------------------------------------------------ */
/* Hotkeys, graphics XML and the ssh tunnel (no guest) */

static void
test_hotkeys (void)
{
    static const struct {
        const char *hotkey;
        const char *accel;
    } cases[] = {
        { "shift+f11",       "<Shift>F11" },
        { "ctrl+alt+end",    "<Control><Alt>End" },
        { "ctrl+alt",        "<Control><Alt>" },
        { "Ctrl+Shift+Delete", "<Control><Shift>Delete" },
        { "",                NULL },
        { "ctrl+",           NULL },
        { "ctrl+nosuchkey",  NULL },
    };
    g_autoptr(VireoConsolePage) page = g_object_ref_sink (vireo_console_page_new ());
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *accel = vireo_console_page_hotkey_to_accel (cases[i].hotkey);

        g_test_message ("%s -> %s", cases[i].hotkey, accel);
        g_assert_cmpstr (accel, ==, cases[i].accel);
    }
    /* Defaults. */
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.fullscreen"), ==, "F11");
    g_assert_true (vireo_console_page_set_hotkeys (page, "toggle-fullscreen=shift+f11,"
                                                   "release-cursor=shift+f12,"
                                                   "secure-attention=ctrl+alt+end", &error));
    g_assert_no_error (error);
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.fullscreen"), ==,
                     "<Shift>F11");
    g_assert_cmpstr (vireo_console_page_get_accel (page, "release-cursor"), ==, "<Shift>F12");
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.send-key::ctrl-alt-del"), ==,
                     "<Control><Alt>End");
    /* Given hotkeys replace the defaults. */
    g_assert_null (vireo_console_page_get_accel (page, "console.zoom-in"));

    g_assert_false (vireo_console_page_set_hotkeys (page, "no-such-action=f1", &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_clear_error (&error);
    g_assert_false (vireo_console_page_set_hotkeys (page, "zoom-in", &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_clear_error (&error);
    g_assert_false (vireo_console_page_set_hotkeys (page, "zoom-in=ctrl+bogus", &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    /* A failed call keeps what was set. */
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.fullscreen"), ==,
                     "<Shift>F11");
}

static void
test_graphics_xml (void)
{
    static const char xml[] =
        "<domain type='kvm'><name>g</name><devices>"
        "<graphics type='sdl'/>"
        "<graphics type='vnc' port='5901' autoport='no' listen='0.0.0.0'>"
        "  <listen type='address' address='0.0.0.0'/></graphics>"
        "<graphics type='spice' port='5902' tlsPort='5903' autoport='yes'>"
        "  <listen type='address' address='192.0.2.7'/></graphics>"
        "<graphics type='spice' port='-1'><listen type='socket' socket='/run/s.sock'/></graphics>"
        "</devices></domain>";
    g_autoptr(GPtrArray) infos = NULL;
    g_autoptr(GError) error = NULL;
    const VireoGraphicsInfo *info;
    g_autofree char *host = NULL;
    g_autofree char *wildcard_host = NULL;

    infos = vireo_graphics_info_parse (xml, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (infos->len, ==, 3);
    info = g_ptr_array_index (infos, 0);
    g_assert_cmpint (info->type, ==, VIREO_GRAPHICS_VNC);
    g_assert_cmpuint (info->index, ==, 1);
    g_assert_cmpint (info->port, ==, 5901);
    g_assert_cmpint (info->tls_port, ==, -1);
    wildcard_host = vireo_graphics_info_get_host (info, "host.example");
    g_assert_cmpstr (wildcard_host, ==, "host.example");

    info = vireo_graphics_info_pick (infos);
    g_assert_cmpint (info->type, ==, VIREO_GRAPHICS_SPICE);
    g_assert_cmpuint (info->index, ==, 2);
    g_assert_cmpint (info->port, ==, 5902);
    g_assert_cmpint (info->tls_port, ==, 5903);
    host = vireo_graphics_info_get_host (info, "host.example");
    g_assert_cmpstr (host, ==, "192.0.2.7");

    info = g_ptr_array_index (infos, 2);
    g_assert_cmpint (info->port, ==, -1);
    g_assert_cmpstr (info->socket, ==, "/run/s.sock");

    g_clear_pointer (&infos, g_ptr_array_unref);
    infos = vireo_graphics_info_parse ("<domain><devices/></domain>", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (infos->len, ==, 0);
    g_assert_null (vireo_graphics_info_pick (infos));
    g_clear_pointer (&infos, g_ptr_array_unref);
    g_assert_null (vireo_graphics_info_parse ("<not-xml", &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
}

/* A stand-in for ssh: relays stdin/stdout to -W's host:port and logs its
 * arguments. */
static const char fake_ssh[] =
    "#!/usr/bin/env python3\n"
    "import os, socket, sys, threading\n"
    "args = sys.argv[1:]\n"
    "with open(os.environ['VIREO_FAKE_SSH_LOG'], 'a') as log:\n"
    "    log.write(' '.join(args) + '\\n')\n"
    "host, port = args[args.index('-W') + 1].rsplit(':', 1)\n"
    "s = socket.create_connection((host.strip('[]'), int(port)))\n"
    "def up():\n"
    "    while True:\n"
    "        data = os.read(0, 65536)\n"
    "        if not data:\n"
    "            s.shutdown(socket.SHUT_WR)\n"
    "            return\n"
    "        s.sendall(data)\n"
    "threading.Thread(target=up, daemon=True).start()\n"
    "while True:\n"
    "    data = s.recv(65536)\n"
    "    if not data:\n"
    "        break\n"
    "    os.write(1, data)\n";

static void
test_ssh_tunnel (void)
{
    Guest *guest = get_plain_guest ();
    g_autofree char *script = g_build_filename (tmp_dir, "fake-ssh", NULL);
    g_autofree char *log_path = g_build_filename (tmp_dir, "fake-ssh.log", NULL);
    g_autoptr(VireoSshTunnel) tunnel = NULL;
    g_autoptr(VireoDisplay) display = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_auto(GStrv) argv = NULL;
    g_autofree char *joined = NULL;
    g_autofree char *logged = NULL;
    GtkWidget *window;

    g_assert_true (g_file_set_contents (script, fake_ssh, -1, NULL));
    g_assert_cmpint (g_chmod (script, 0755), ==, 0);
    g_setenv ("VIREO_SSH", script, TRUE);
    g_setenv ("VIREO_FAKE_SSH_LOG", log_path, TRUE);

    tunnel = vireo_ssh_tunnel_new ("alice", "remote.example", 2222, "127.0.0.1",
                                   guest->vnc_port);
    argv = vireo_ssh_tunnel_build_argv (tunnel);
    joined = g_strjoinv (" ", argv + 1);
    g_assert_cmpstr (strstr (joined, "-p 2222 -l alice -W 127.0.0.1:"), ==, joined);
    g_assert_true (g_str_has_suffix (joined, "-- remote.example"));
    g_assert_true (vireo_ssh_tunnel_start (tunnel, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vireo_ssh_tunnel_get_local_port (tunnel), >, 0);

    /* A VNC console through the tunnel. */
    display = g_object_ref_sink (vireo_display_vnc_new ());
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (display));
    gtk_widget_show_all (window);
    vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display), "127.0.0.1",
                                vireo_ssh_tunnel_get_local_port (tunnel));
    vireo_display_open_async (display, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_display_open_finish (display, result, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (log_path, &logged, NULL, NULL));
    g_assert_nonnull (strstr (logged, "-W 127.0.0.1:"));
    vireo_display_close (display);
    gtk_widget_destroy (window);
    vireo_ssh_tunnel_stop (tunnel);
    g_unsetenv ("VIREO_SSH");
}

/* ------------------------------------------------------------------------ */
/* The vireo-viewer binary */

typedef struct {
    GAsyncResult *result;
} RunData;

/* Runs vireo-viewer with the first-frame hook and debug logging; returns
 * its exit status and its stdout and stderr together in @output. */
static int
run_viewer (const char * const *args,
            const char         *stdin_data,
            char              **output)
{
    g_autofree char *binary = g_build_filename (g_getenv ("VIREO_BUILD_ROOT"), "src",
                                                "vireo-viewer", NULL);
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    RunData run = { NULL };

    g_ptr_array_add (argv, binary);
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                          G_SUBPROCESS_FLAGS_STDIN_PIPE);
    g_subprocess_launcher_setenv (launcher, "VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
    process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                            &error);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8_async (process, stdin_data != NULL ? stdin_data : "", NULL,
                                         vireo_test_store_result_cb, &run.result);
    if (vireo_test_wait_result (&run.result, VIEWER_TIMEOUT_MS) == NULL) {
        g_subprocess_force_exit (process);
        vireo_test_wait_result (&run.result, 5000);
        g_clear_object (&run.result);
        g_error ("vireo-viewer did not finish in %d s", VIEWER_TIMEOUT_MS / 1000);
    }
    g_subprocess_communicate_utf8_finish (process, run.result, &out, NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&run.result);
    g_test_message ("vireo-viewer said:\n%s", out);
    *output = g_steal_pointer (&out);
    return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static void
test_binary_uri (void)
{
    Guest *guest = get_plain_guest ();
    g_autofree char *uri = g_strdup_printf ("vnc://127.0.0.1:%u", guest->vnc_port);
    const char *args[] = { "--verbose", uri, NULL };
    g_autofree char *output = NULL;

    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
}

static void
test_binary_vv_file (void)
{
    Guest *guest = get_password_guest ();
    g_autofree char *path = g_build_filename (tmp_dir, "console.vv", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *output = NULL;
    const char *args[] = { "--debug", path, NULL };

    contents = g_strdup_printf ("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%u\n"
                                "password=%s\ntitle=Grub over SPICE\ndelete-this-file=1\n"
                                "fullscreen=0\nhotkeys=ignored\n"
                                "toggle-fullscreen=shift+f11\nrelease-cursor=shift+f12\n",
                                guest->spice_port, PASSWORD);
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
    /* The file asked to be deleted. */
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    /* With every debug message on, the password never shows. */
    g_assert_nonnull (strstr (output, "Connection:"));
    g_assert_null (strstr (output, PASSWORD));
}

static void
test_binary_stdin (void)
{
    Guest *guest = get_password_guest ();
    g_autofree char *contents = NULL;
    g_autofree char *output = NULL;
    const char *args[] = { "-", NULL };

    contents = g_strdup_printf ("[virt-viewer]\ntype=vnc\nhost=127.0.0.1\nport=%u\n"
                                "password=%s\n", guest->vnc_port, PASSWORD);
    g_assert_cmpint (run_viewer (args, contents, &output), ==, 0);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
    g_assert_null (strstr (output, PASSWORD));
}

static void
test_binary_bad_arguments (void)
{
    static const struct {
        const char *args[4];
        const char *message;
    } cases[] = {
        { { "--kiosk-quit=sometimes", "vnc://h:1", NULL }, "on-disconnect or never" },
        { { "--auto-resize=maybe", "vnc://h:1", NULL },    "always or never" },
        { { "--zoom=5", "vnc://h:1", NULL },               "between 10 and 400" },
        { { "--hotkeys=zoom-in=ctrl+nokey", "vnc://h:1", NULL }, "key combination" },
        { { "a.vv", "b.vv", NULL },                        "one connection file" },
        { { "--connect", "test:///default", NULL },        "one domain" },
        { { "/nonexistent/file.vv", NULL },                "/nonexistent/file.vv" },
        { { "ftp://host/", NULL },                         "Could not open" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *output = NULL;

        g_assert_cmpint (run_viewer (cases[i].args, NULL, &output), ==, 1);
        g_assert_nonnull (strstr (output, cases[i].message));
    }
}

static void
test_binary_version (void)
{
    const char *args[] = { "--version", NULL };
    g_autofree char *output = NULL;

    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
    g_assert_true (g_str_has_prefix (output, "vireo-viewer "));
}

static void
test_binary_test_driver (void)
{
    /* test:///default has a running domain "test" with no graphics. */
    const char *args[] = { "--connect", "test:///default", "test", NULL };
    const char *missing[] = { "--connect", "test:///default", "nosuchvm", NULL };
    g_autofree char *output = NULL;
    g_autofree char *output2 = NULL;

    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 1);
    g_assert_nonnull (strstr (output, "no graphical console"));
    g_assert_cmpint (run_viewer (missing, NULL, &output2), ==, 1);
    g_assert_nonnull (strstr (output2, "nosuchvm"));
}

/* ------------------------------------------------------------------------ */
/* --connect on the embedded driver */

static const char domain_xml[] =
    "<domain type='qemu'>"
    "  <name>" DOMAIN_NAME "</name>"
    "  <memory unit='MiB'>64</memory>"
    "  <vcpu>1</vcpu>"
    "  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>"
    "  <devices>"
    "    <disk type='file' device='cdrom'>"
    "      <source file='" GRUB_ISO "'/>"
    "      <target dev='hdc' bus='ide'/><readonly/>"
    "    </disk>"
    "    <graphics type='spice'><listen type='none'/></graphics>"
    "    <video><model type='qxl'/></video>"
    "  </devices>"
    "</domain>";

typedef struct {
    char *uri;
    char *name;
} Activation;

static void
fake_open_console_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
    Activation *activation = user_data;

    g_variant_get (parameter, "(ss)", &activation->uri, &activation->name);
}

static void
test_embed_connect (void)
{
    const char *root = g_getenv ("VIREO_TEST_EMBED_ROOT");
    g_autofree char *uri = vireo_embed_uri_for_root (root);
    g_autoptr(VireoConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *output = NULL;
    g_autofree char *held_output = NULL;
    g_autofree char *handoff_output = NULL;
    g_autoptr(GApplication) manager = NULL;
    g_autoptr(GSimpleAction) action = NULL;
    Activation activation = { NULL };
    VireoDomain *domain;
    PageHarness h;

    if (g_test_subprocess ()) {
        /* Defines and starts the guest, then exits: the guest keeps
         * running and the root is free for the viewer. */
        connection = vireo_connection_new (uri);
        g_assert_true (vireo_connection_open (connection, NULL, &error));
        g_assert_no_error (error);
        domain = vireo_connection_define_xml (connection, domain_xml, &error);
        g_assert_no_error (error);
        g_assert_true (vireo_domain_start (domain, NULL, &error));
        g_assert_no_error (error);
        g_object_unref (domain);
        return;
    }
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();

    /* 1. vireo-viewer --connect opens the root itself; the console comes
     *    through virDomainOpenGraphicsFD. */
    {
        const char *args[] = { "--attach", "--connect", uri, DOMAIN_NAME, NULL };

        g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
        g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
    }

    /* 2. This process opens the root: the page shows the console, with
     *    keys reaching the guest. */
    connection = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);
    domain = vireo_connection_find_domain (connection, DOMAIN_NAME);
    g_assert_nonnull (domain);
    g_assert_true (vireo_domain_is_active (domain));
    harness_init (&h);
    vireo_console_page_open_domain (h.page, domain);
    g_assert_cmpstr (vireo_console_page_get_title (h.page), ==, DOMAIN_NAME);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_true (VIREO_IS_DISPLAY_SPICE (vireo_console_page_get_display (h.page)));
    check_guest_screen (vireo_console_page_get_display (h.page), "embed");
    harness_clear (&h);

    /* 3. Now the root is held here and no manager is on the bus: the viewer
     *    says which process holds it. */
    {
        const char *args[] = { "--connect", uri, DOMAIN_NAME, NULL };
        g_autofree char *me = g_strdup_printf ("pid %d", (int) getpid ());

        g_assert_cmpint (run_viewer (args, NULL, &held_output), ==, 1);
        g_assert_nonnull (strstr (held_output, me));
        g_assert_nonnull (strstr (held_output, "No Vireo manager answered"));
    }

    /* 4. A manager on the bus (org.vireo.Vireo with app.open-console) gets
     *    the request instead. */
    manager = g_application_new ("org.vireo.Vireo", G_APPLICATION_DEFAULT_FLAGS);
    action = g_simple_action_new ("open-console", G_VARIANT_TYPE ("(ss)"));
    g_signal_connect (action, "activate", G_CALLBACK (fake_open_console_cb), &activation);
    g_action_map_add_action (G_ACTION_MAP (manager), G_ACTION (action));
    g_assert_true (g_application_register (manager, NULL, &error));
    g_assert_no_error (error);
    {
        const char *args[] = { "--connect", uri, DOMAIN_NAME, NULL };

        g_assert_cmpint (run_viewer (args, NULL, &handoff_output), ==, 0);
    }
    spin (200);
    g_assert_cmpstr (activation.uri, ==, uri);
    g_assert_cmpstr (activation.name, ==, DOMAIN_NAME);
    g_free (activation.uri);
    g_free (activation.name);

    g_assert_true (vireo_domain_delete (domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL, &error));
    g_assert_no_error (error);
    vireo_connection_close (connection);
}

/* Criticals of these domains are fatal.  spice-gtk's ("GSpice") are not:
 * its SpiceDisplay may still handle a focus or key event after its own
 * dispose dropped its session, and then criticals on a NULL session (seen
 * only when many consoles were opened and closed in one process). */
static const char *const critical_fatal_domains[] = {
    "GLib", "GLib-GObject", "GLib-GIO", "Gtk", "Gdk", "GVnc", "gtk-vnc", "Vireo-test",
};

int
main (int    argc,
      char **argv)
{
    g_autofree char *root = NULL;
    int status;

    g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
    log_text = g_string_new (NULL);
    g_log_set_writer_func (capture_writer, NULL, NULL);
    gtk_test_init (&argc, &argv, NULL);
    /* Vireo's warnings are fatal; spice-gtk's are not (it warns when a
     * channel's socket closes during its handshake, as when a console is
     * closed while its USB channels still connect). */
    g_log_set_always_fatal (G_LOG_FATAL_MASK);
    for (guint i = 0; i < G_N_ELEMENTS (critical_fatal_domains); i++)
        g_log_set_fatal_mask (critical_fatal_domains[i], G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
    g_log_set_fatal_mask ("Vireo", G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                          G_LOG_LEVEL_WARNING);
    g_log_set_fatal_mask ("Vireo-console", G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                          G_LOG_LEVEL_WARNING);
    g_assert_true (vireo_event_loop_ensure (NULL));

    /* Children made by g_test_trap_subprocess() use the parent's root. */
    if (g_getenv ("VIREO_TEST_EMBED_ROOT") == NULL) {
        root = g_dir_make_tmp ("vview-XXXXXX", NULL);
        g_assert_nonnull (root);
        g_setenv ("VIREO_TEST_EMBED_ROOT", root, TRUE);
    }
    tmp_dir = g_dir_make_tmp ("vireo-viewer-XXXXXX", NULL);

    g_test_add_func ("/vireo/viewer/hotkeys", test_hotkeys);
    g_test_add_func ("/vireo/viewer/graphics-xml", test_graphics_xml);
    g_test_add_func ("/vireo/viewer/page/fullscreen-overlay", test_page_fullscreen_overlay);
    g_test_add_func ("/vireo/viewer/page/refused", test_page_refused);
    g_test_add_data_func ("/vireo/viewer/page/vnc", "vnc", test_page_uri);
    g_test_add_data_func ("/vireo/viewer/page/spice", "spice", test_page_uri);
    g_test_add_data_func ("/vireo/viewer/page/vnc-password", "vnc", test_page_password);
    g_test_add_data_func ("/vireo/viewer/page/spice-password", "spice", test_page_password);
    g_test_add_func ("/vireo/viewer/page/password-cancel", test_page_password_cancel);
    g_test_add_func ("/vireo/viewer/page/clipboard-remembered", test_page_clipboard_remembered);
    g_test_add_func ("/vireo/viewer/ssh-tunnel", test_ssh_tunnel);
    g_test_add_func ("/vireo/viewer/binary/version", test_binary_version);
    g_test_add_func ("/vireo/viewer/binary/bad-arguments", test_binary_bad_arguments);
    g_test_add_func ("/vireo/viewer/binary/uri", test_binary_uri);
    g_test_add_func ("/vireo/viewer/binary/vv-file", test_binary_vv_file);
    g_test_add_func ("/vireo/viewer/binary/stdin", test_binary_stdin);
    g_test_add_func ("/vireo/viewer/binary/test-driver", test_binary_test_driver);
    g_test_add_func ("/vireo/viewer/binary/connect-embed", test_embed_connect);

    status = g_test_run ();
    guest_stop (plain_guest);
    guest_stop (password_guest);
    if (root != NULL)
        vireo_test_rmtree (root);
    vireo_test_rmtree (tmp_dir);
    return status;
}
