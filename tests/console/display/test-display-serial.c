/* test-display-serial.c: the text console display against a real guest
 *
 * The busybox guest runs a shell on its serial console (a pty); the display
 * shows it in a VTE terminal in a real window (run under xvfb-run).  One
 * embedded root per process, so the cases run in order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <signal.h>
#include <string.h>

#include <gtk/gtk.h>
#include <vte/vte.h>

#include "vireo-console-error.h"
#include "vireo-display-serial.h"
#include "vireo-test-qemu.h"

#define OPEN_TIMEOUT_MS    60000
#define ACTION_TIMEOUT_MS  120000
#define STATE_TIMEOUT_MS   60000
#define PROMPT_TIMEOUT_MS  180000  /* TCG boots in seconds, minutes on a loaded machine */
#define REPLY_TIMEOUT_MS   30000
#define EVENT_TIMEOUT_MS   30000

#define GUEST "vq-serial"

typedef struct {
    VireoDisplay *display;
    GtkWidget    *window;
    GAsyncResult *open_result;
    guint         n_connected;
    guint         n_first_frame;
    guint         n_disconnected;
    GError       *disconnect_error;
    int           width;
    int           height;
} Harness;

typedef struct {
    char            *media;
    char            *root;
    VireoConnection *conn;
    VireoDomain     *guest;
    Harness          h;
} Fixture;

static Fixture fx;

/* ------------------------------------------------------------------------ */
/* Helpers */

static void
connected_cb (VireoDisplay *display,
              Harness      *h)
{
    h->n_connected++;
}

static void
first_frame_cb (VireoDisplay *display,
                Harness      *h)
{
    h->n_first_frame++;
}

static void
disconnected_cb (VireoDisplay *display,
                 const GError *error,
                 Harness      *h)
{
    h->n_disconnected++;
    g_clear_error (&h->disconnect_error);
    h->disconnect_error = error != NULL ? g_error_copy (error) : NULL;
}

static void
size_changed_cb (VireoDisplay *display,
                 int           width,
                 int           height,
                 Harness      *h)
{
    h->width = width;
    h->height = height;
}

static void
harness_init (Harness *h)
{
    memset (h, 0, sizeof *h);
    h->display = g_object_ref_sink (vireo_display_serial_new ());
    h->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size (GTK_WINDOW (h->window), 800, 500);
    gtk_container_add (GTK_CONTAINER (h->window), GTK_WIDGET (h->display));
    g_signal_connect (h->display, "connected", G_CALLBACK (connected_cb), h);
    g_signal_connect (h->display, "first-frame", G_CALLBACK (first_frame_cb), h);
    g_signal_connect (h->display, "disconnected", G_CALLBACK (disconnected_cb), h);
    g_signal_connect (h->display, "size-changed", G_CALLBACK (size_changed_cb), h);
    gtk_widget_show_all (h->window);
}

static gboolean
harness_open (Harness *h,
              GError **error)
{
    g_clear_object (&h->open_result);
    vireo_display_open_async (h->display, NULL, vireo_test_store_result_cb, &h->open_result);
    if (vireo_test_wait_result (&h->open_result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening the text console did not finish within %u s",
                 OPEN_TIMEOUT_MS / 1000);
    return vireo_display_open_finish (h->display, h->open_result, error);
}

static void
harness_clear (Harness *h)
{
    if (h->display == NULL)
        return;
    g_signal_handlers_disconnect_by_data (h->display, h);
    vireo_display_close (h->display);
    gtk_widget_destroy (h->window);
    g_clear_object (&h->display);
    g_clear_object (&h->open_result);
    g_clear_error (&h->disconnect_error);
    vireo_test_qemu_spin (100);
}

static char *
terminal_text (Harness *h)
{
    return vireo_display_serial_dup_text (VIREO_DISPLAY_SERIAL (h->display));
}

/* Serves the main context until the terminal shows @needle or @timeout_ms
 * passes; @poke is typed every 2 s when given. */
static gboolean
wait_for_screen (Harness    *h,
                 const char *needle,
                 const char *poke,
                 guint       timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    gint64 next_poke = 0;

    for (;;) {
        g_autofree char *text = terminal_text (h);

        if (text != NULL && strstr (text, needle) != NULL)
            return TRUE;
        if (g_get_monotonic_time () >= deadline || h->n_disconnected > 0)
            return FALSE;
        if (poke != NULL && g_get_monotonic_time () >= next_poke) {
            vireo_display_type_text (h->display, poke);
            next_poke = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
        }
        vireo_test_qemu_spin (20);
    }
}

#define assert_screen_shows(h, needle, poke, timeout_ms)                               \
    G_STMT_START {                                                                   \
        if (!wait_for_screen ((h), (needle), (poke), (timeout_ms))) {                \
            g_autofree char *vtq_text_ = terminal_text (h);                          \
            g_autofree char *vtq_msg_ = g_strdup_printf (                            \
                "“%s” did not show within %u s; the terminal shows: “%s”",           \
                (needle), (guint) (timeout_ms) / 1000, vtq_text_);                   \
            g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,        \
                                 vtq_msg_);                                          \
        }                                                                            \
    } G_STMT_END

static void
run_action (VireoDomain      *domain,
            VireoDomainAction action)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_run_action_async (domain, action, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("action %d on %s did not finish within %u s", action,
                 vireo_domain_get_name (domain), ACTION_TIMEOUT_MS / 1000);
    vireo_domain_run_action_finish (domain, result, &error);
    g_assert_no_error (error);
}

static gboolean
wait_count (const guint *count,
            guint        timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (*count == 0 && g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (20);
    return *count > 0;
}

static void
require_guest (void)
{
    if (fx.conn == NULL || fx.guest == NULL)
        g_error ("the guest from /vireo/display-serial/define is missing");
}

/* Distinct colours and pixels brighter than the background. */
static void
measure_pixbuf (GdkPixbuf *pixbuf,
                guint     *colours,
                guint     *bright)
{
    g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
    int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

    *bright = 0;
    for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++) {
        for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++) {
            const guchar *p = pixels + y * stride + x * n_channels;
            guint rgb = ((guint) p[0] << 16) | ((guint) p[1] << 8) | p[2];

            g_hash_table_add (seen, GUINT_TO_POINTER (rgb + 1));
            if (p[0] > 128 && p[1] > 128 && p[2] > 128)
                (*bright)++;
        }
    }
    *colours = g_hash_table_size (seen);
}

/* ------------------------------------------------------------------------ */
/* Cases */

static void
test_encode_keys (void)
{
    static const struct {
        guint       keyvals[3];
        const char *bytes;      /* NULL: nothing is sent */
        gsize       length;
    } cases[] = {
        { { GDK_KEY_a },                                    "a", 1 },
        { { GDK_KEY_Shift_L, GDK_KEY_a },                   "A", 1 },
        { { GDK_KEY_Shift_L, GDK_KEY_4 },                   "$", 1 },
        { { GDK_KEY_Shift_L, GDK_KEY_9 },                   "(", 1 },
        { { GDK_KEY_Return },                               "\r", 1 },
        { { GDK_KEY_BackSpace },                            "\177", 1 },
        { { GDK_KEY_Control_L, GDK_KEY_c },                 "\003", 1 },
        { { GDK_KEY_Control_L, GDK_KEY_d },                 "\004", 1 },
        { { GDK_KEY_Control_L, GDK_KEY_backslash },         "\034", 1 },
        { { GDK_KEY_Control_L, GDK_KEY_space },             "\0", 1 },
        { { GDK_KEY_Alt_L, GDK_KEY_x },                     "\033x", 2 },
        { { GDK_KEY_Up },                                   "\033[A", 3 },
        { { GDK_KEY_Delete },                               "\033[3~", 4 },
        { { GDK_KEY_F1 },                                   "\033OP", 3 },
        { { GDK_KEY_F12 },                                  "\033[24~", 5 },
        { { GDK_KEY_Shift_L, GDK_KEY_Tab },                 "\033[Z", 3 },
        /* PC keyboard system combinations mean nothing on a serial line. */
        { { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete },    NULL, 0 },
        { { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_BackSpace }, NULL, 0 },
        { { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F2 },        NULL, 0 },
        { { GDK_KEY_Print },                                NULL, 0 },
        { { GDK_KEY_Shift_L },                              NULL, 0 },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        guint n = 0;
        g_autoptr(GBytes) bytes = NULL;

        while (n < G_N_ELEMENTS (cases[i].keyvals) && cases[i].keyvals[n] != 0)
            n++;
        bytes = vireo_display_serial_encode_keys (cases[i].keyvals, n);
        if (cases[i].bytes == NULL) {
            g_assert_null (bytes);
        } else {
            g_autoptr(GBytes) expected = g_bytes_new_static (cases[i].bytes, cases[i].length);

            g_assert_nonnull (bytes);
            g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             cases[i].bytes, cases[i].length);
            g_assert_true (g_bytes_equal (bytes, expected));
        }
    }
}

static void
test_no_domain (void)
{
    g_autoptr(GError) error = NULL;
    Harness h;

    harness_init (&h);
    g_assert_false (harness_open (&h, &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    g_assert_false (vireo_display_get_connected (h.display));
    g_assert_null (vireo_display_dup_pixbuf (h.display));
    g_assert_cmpuint (h.n_connected, ==, 0);
    harness_clear (&h);
}

static void
test_define (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *xml = NULL;

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    uri = vireo_embed_uri_for_root (fx.root);
    fx.conn = vireo_connection_new (uri);
    vireo_connection_open_async (fx.conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening %s did not finish within %u s", uri, OPEN_TIMEOUT_MS / 1000);
    g_assert_true (vireo_connection_open_finish (fx.conn, result, &error));
    g_assert_no_error (error);

    xml = vireo_test_qemu_console_xml (GUEST, fx.media);
    fx.guest = vireo_connection_define_xml (fx.conn, xml, &error);
    g_assert_no_error (error);
    g_object_ref (fx.guest);
}

static void
test_shutoff (void)
{
    g_autoptr(GError) error = NULL;
    Harness h;

    require_guest ();
    harness_init (&h);
    vireo_display_serial_set_domain (VIREO_DISPLAY_SERIAL (h.display), fx.guest);
    g_assert_false (harness_open (&h, &error));
    g_assert_nonnull (error);
    g_test_message ("shut off: %s", error->message);
    g_assert_nonnull (strstr (error->message, GUEST));
    g_assert_false (vireo_display_get_connected (h.display));
    g_assert_cmpuint (h.n_connected, ==, 0);
    harness_clear (&h);
}

static void
test_session (void)
{
    Harness *h = &fx.h;
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autoptr(GdkPixbuf) saved = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *png = NULL;
    GtkWidget *terminal;
    guint colours = 0, bright = 0;
    const char *commit = "echo vireo-commit-$((5+5))\r";
    const guint ctrl_c[] = { GDK_KEY_Control_L, GDK_KEY_c };
    const guint ctrl_alt_del[] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete };
    gint64 start;

    require_guest ();
    run_action (fx.guest, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);

    harness_init (h);
    vireo_display_serial_set_domain (VIREO_DISPLAY_SERIAL (h->display), fx.guest);
    vireo_display_serial_set_device (VIREO_DISPLAY_SERIAL (h->display), "serial0");
    g_assert_cmpstr (vireo_display_serial_get_device (VIREO_DISPLAY_SERIAL (h->display)), ==,
                     "serial0");
    g_assert_true (harness_open (h, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_display_get_connected (h->display));
    g_assert_cmpuint (h->n_connected, ==, 1);
    g_assert_true (wait_count (&h->n_first_frame, EVENT_TIMEOUT_MS));
    g_assert_true (vireo_display_has_first_frame (h->display));
    g_assert_true (vireo_display_get_guest_size (h->display, NULL, NULL));
    g_assert_cmpint (h->width, >, 0);
    g_assert_cmpint (h->height, >, 0);

    /* The guest's shell, reached by typing through the display. */
    start = g_get_monotonic_time ();
    assert_screen_shows (h, "# ", "\n", PROMPT_TIMEOUT_MS);
    g_test_message ("prompt after %.1f s", (g_get_monotonic_time () - start) / 1e6);
    vireo_display_type_text (h->display, "echo vireo-$((6*7))\n");
    assert_screen_shows (h, "vireo-42", NULL, REPLY_TIMEOUT_MS);

    /* What the terminal commits (the keyboard) goes to the guest too. */
    terminal = vireo_display_serial_get_terminal (VIREO_DISPLAY_SERIAL (h->display));
    g_assert_true (VTE_IS_TERMINAL (terminal));
    g_signal_emit_by_name (terminal, "commit", commit, (guint) strlen (commit));
    assert_screen_shows (h, "vireo-commit-10", NULL, REPLY_TIMEOUT_MS);

    /* Real key presses into the focused terminal. */
    vireo_display_grab_keyboard (h->display);
    g_assert_true (gtk_widget_has_focus (terminal) || gtk_widget_is_focus (terminal));
    g_assert_true (vireo_display_get_keyboard_grabbed (h->display));
    /* Unshifted keys only; the answer differs from the command line. */
    for (const char *p = "basename /vireo-keys-out.txt .txt\r"; *p != '\0'; p++) {
        guint keyval = *p == '\r' ? GDK_KEY_Return : gdk_unicode_to_keyval ((gunichar) *p);

        g_assert_true (gtk_test_widget_send_key (terminal, keyval, 0));
    }
    assert_screen_shows (h, "\nvireo-keys-out\n", NULL, REPLY_TIMEOUT_MS);
    vireo_display_release_keyboard (h->display);
    g_assert_false (vireo_display_get_keyboard_grabbed (h->display));

    /* Ctrl+C reaches the shell's foreground job: the prompt is back before
     * the sleep would end. */
    vireo_display_type_text (h->display, "sleep 60\n");
    vireo_test_qemu_spin (1500);
    vireo_display_send_keys (h->display, ctrl_c, G_N_ELEMENTS (ctrl_c));
    /* Ctrl+Alt+Del is not for serial lines: nothing is sent. */
    vireo_display_send_keys (h->display, ctrl_alt_del, G_N_ELEMENTS (ctrl_alt_del));
    vireo_display_type_text (h->display, "echo vireo-after-$((1+1))\n");
    assert_screen_shows (h, "vireo-after-2", NULL, 20000);

    /* Zoom is the font's scale. */
    vireo_display_set_zoom (h->display, 200);
    g_assert_cmpfloat (vte_terminal_get_font_scale (VTE_TERMINAL (terminal)), ==, 2.0);
    vireo_display_zoom_out (h->display);
    g_assert_cmpfloat (vte_terminal_get_font_scale (VTE_TERMINAL (terminal)), <, 2.0);
    vireo_display_zoom_reset (h->display);
    g_assert_cmpfloat (vte_terminal_get_font_scale (VTE_TERMINAL (terminal)), ==, 1.0);
    vireo_test_qemu_spin (300);

    /* A screenshot with text on it. */
    pixbuf = vireo_display_dup_pixbuf (h->display);
    g_assert_nonnull (pixbuf);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==,
                     gtk_widget_get_allocated_width (terminal));
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==,
                     gtk_widget_get_allocated_height (terminal));
    measure_pixbuf (pixbuf, &colours, &bright);
    g_test_message ("screenshot %dx%d: %u colours, %u bright pixels",
                    gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                    colours, bright);
    g_assert_cmpuint (colours, >=, 3);
    g_assert_cmpuint (bright, >, 200);
    dir = vireo_test_mkdtemp ("vireo-serial-XXXXXX");
    png = g_build_filename (dir, "console.png", NULL);
    g_assert_true (vireo_display_save_screenshot (h->display, png, &error));
    g_assert_no_error (error);
    saved = gdk_pixbuf_new_from_file (png, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (saved), ==, gdk_pixbuf_get_width (pixbuf));
    vireo_test_rmtree (dir);
}

static void
test_kill (void)
{
    Harness *h = &fx.h;
    pid_t pid;

    require_guest ();
    g_assert_nonnull (h->display);
    g_assert_true (vireo_display_get_connected (h->display));
    pid = vireo_test_qemu_read_pid (fx.root, GUEST);
    g_assert_cmpint (pid, >, 1);
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

    g_assert_true (wait_count (&h->n_disconnected, EVENT_TIMEOUT_MS));
    g_assert_cmpuint (h->n_disconnected, ==, 1);
    g_assert_nonnull (h->disconnect_error);
    g_test_message ("after kill -9: %s", h->disconnect_error->message);
    g_assert_nonnull (strstr (h->disconnect_error->message, GUEST));
    g_assert_false (vireo_display_get_connected (h->display));
    g_assert_null (vireo_display_dup_pixbuf (h->display));
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    harness_clear (h);
}

static void
test_cleanup (void)
{
    require_guest ();
    harness_clear (&fx.h);
    if (vireo_domain_is_active (fx.guest)) {
        run_action (fx.guest, VIREO_DOMAIN_ACTION_FORCE_OFF);
        vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    }
    g_clear_object (&fx.guest);
    vireo_connection_close (fx.conn);
    g_clear_object (&fx.conn);
    vireo_test_qemu_cleanup_root (fx.root);
    g_clear_pointer (&fx.root, g_free);
}

int
main (int   argc,
      char *argv[])
{
    int status;

    gtk_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/display-serial/encode-keys", test_encode_keys);
    g_test_add_func ("/vireo/display-serial/no-domain", test_no_domain);
    /* In order: each case builds on the ones before. */
    g_test_add_func ("/vireo/display-serial/define", test_define);
    g_test_add_func ("/vireo/display-serial/shutoff", test_shutoff);
    g_test_add_func ("/vireo/display-serial/session", test_session);
    g_test_add_func ("/vireo/display-serial/kill", test_kill);
    g_test_add_func ("/vireo/display-serial/cleanup", test_cleanup);
    status = g_test_run ();

    if (fx.root != NULL)
        vireo_test_qemu_cleanup_root (fx.root);
    harness_clear (&fx.h);
    g_clear_object (&fx.guest);
    g_clear_object (&fx.conn);
    g_free (fx.media);
    return status;
}
