/* test-display.c: SPICE and VNC displays against real QEMU guests
 *
 * The guests boot grub-rescue-pc's ISO, which stops at a "grub>" prompt.
 * Plain QEMU processes serve SPICE and VNC on loopback ports; the embedded
 * libvirt driver serves guests reached through virDomainOpenGraphicsFD.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gtk-vnc.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <spice-client-gtk.h>

#include "vireo-console-error.h"
#include "vireo-console-source-domain.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-domain-fd-provider.h"
#include "vireo-test-display.h"
#include "vireo-vmm.h"

#define GRUB_ISO VIREO_TEST_GRUB_ISO
#define PASSWORD "Vireo-Secret-7319"
#define WRONG_PASSWORD "not-the-password"
#define CONNECT_TIMEOUT_MS 30000
#define PROMPT_TIMEOUT_MS 180000

static VireoTestGuest *plain_guest;
static VireoTestGuest *password_guest;

static VireoTestGuest *
get_plain_guest (void)
{
    if (!plain_guest)
        plain_guest = vireo_test_guest_start (NULL);
    return plain_guest;
}

static VireoTestGuest *
get_password_guest (void)
{
    if (!password_guest)
        password_guest = vireo_test_guest_start (PASSWORD);
    return password_guest;
}

/* ------------------------------------------------------------------------ */
/* Screens */

static guint
count_colours (GdkPixbuf *pixbuf,
               guint     *non_black)
{
    g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
    int width = gdk_pixbuf_get_width (pixbuf);
    int height = gdk_pixbuf_get_height (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

    *non_black = 0;
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            const guchar *p = pixels + y * stride + x * channels;
            guint rgb = (p[0] << 16) | (p[1] << 8) | p[2];

            g_hash_table_add (colours, GUINT_TO_POINTER (rgb + 1));
            if (rgb != 0)
                (*non_black)++;
        }
    }
    return g_hash_table_size (colours);
}

/* Text on the screen, read by tesseract from a 2x enlargement (lowercase). */
static char *
ocr_pixbuf (GdkPixbuf  *pixbuf,
            const char *name)
{
    g_autoptr(GdkPixbuf) big = NULL;
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    big = gdk_pixbuf_scale_simple (pixbuf, gdk_pixbuf_get_width (pixbuf) * 2,
                                   gdk_pixbuf_get_height (pixbuf) * 2, GDK_INTERP_BILINEAR);
    path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR")
                             : g_get_tmp_dir (), name, NULL);
    g_assert_true (gdk_pixbuf_save (big, path, "png", &error, NULL));
    g_assert_no_error (error);
    /* Asynchronously: the protocols need the main loop running meanwhile
     * (a SPICE server drops a client that does not answer its pings). */
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    /* One thread: OpenMP's spinning threads crawl on a loaded machine. */
    g_subprocess_launcher_setenv (launcher, "OMP_THREAD_LIMIT", "1", TRUE);
    process = g_subprocess_launcher_spawn (launcher, &error, "tesseract", path, "stdout", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8_async (process, NULL, NULL, vireo_test_store_result_cb,
                                         &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 180000));
    g_subprocess_communicate_utf8_finish (process, result, &out, NULL, &error);
    g_assert_no_error (error);
    return g_ascii_strdown (out ? out : "", -1);
}

static gboolean
text_has (const char *text,
          const char *needles)
{
    g_auto(GStrv) alternatives = g_strsplit (needles, "|", -1);

    for (guint i = 0; text && alternatives[i]; i++) {
        if (strstr (text, alternatives[i]))
            return TRUE;
    }
    return FALSE;
}

/* Waits until OCR of the display finds @needle (alternatives separated by
 * '|'); returns the last text. */
static char *
wait_for_text (VireoDisplay *display,
               const char   *needle,
               const char   *png_name,
               guint         timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    char *text = NULL;

    while (g_get_monotonic_time () < deadline) {
        g_autoptr(GdkPixbuf) pixbuf = NULL;

        vireo_test_spin (1000);
        pixbuf = vireo_display_dup_pixbuf (display);
        if (!pixbuf)
            continue;
        g_free (text);
        text = ocr_pixbuf (pixbuf, png_name);
        if (text_has (text, needle))
            return text;
    }
    return text;
}

/* ------------------------------------------------------------------------ */
/* Display harness */

typedef struct {
    GtkWidget    *window;
    VireoDisplay *display;
    gboolean      connected;
    gboolean      first_frame;
    gboolean      disconnected;
    GError       *disconnect_error;
    GAsyncResult *open_result;
    guint         n_auth;
    gboolean      need_password;
    char         *auth_reason;
    const char   *answer;      /* password given at ::auth-required, or NULL: refuse */
    const char   *answer_next; /* after the first answer */
    int           width;
    int           height;
} Harness;

static void
connected_cb (VireoDisplay *display,
              Harness      *h)
{
    h->connected = TRUE;
}

static void
first_frame_cb (VireoDisplay *display,
                Harness      *h)
{
    h->first_frame = TRUE;
}

static void
disconnected_cb (VireoDisplay *display,
                 const GError *error,
                 Harness      *h)
{
    h->disconnected = TRUE;
    g_clear_error (&h->disconnect_error);
    h->disconnect_error = error ? g_error_copy (error) : NULL;
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

static gboolean
answer_idle_cb (gpointer user_data)
{
    Harness *h = user_data;
    const char *answer = h->answer;

    h->answer = h->answer_next;
    vireo_display_set_credentials (h->display, NULL, answer);
    return G_SOURCE_REMOVE;
}

static gboolean
auth_required_cb (VireoDisplay *display,
                  gboolean      need_username,
                  gboolean      need_password,
                  const char   *reason,
                  Harness      *h)
{
    h->n_auth++;
    h->need_password = need_password;
    g_free (h->auth_reason);
    h->auth_reason = g_strdup (reason);
    if (!h->answer)
        return FALSE;
    /* Answer later, as a dialog would. */
    g_timeout_add (50, answer_idle_cb, h);
    return TRUE;
}

static void
harness_init (Harness      *h,
              VireoDisplay *display)
{
    memset (h, 0, sizeof *h);
    h->display = g_object_ref_sink (display);
    h->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size (GTK_WINDOW (h->window), 800, 500);
    gtk_container_add (GTK_CONTAINER (h->window), GTK_WIDGET (display));
    g_signal_connect (display, "connected", G_CALLBACK (connected_cb), h);
    g_signal_connect (display, "first-frame", G_CALLBACK (first_frame_cb), h);
    g_signal_connect (display, "disconnected", G_CALLBACK (disconnected_cb), h);
    g_signal_connect (display, "auth-required", G_CALLBACK (auth_required_cb), h);
    g_signal_connect (display, "size-changed", G_CALLBACK (size_changed_cb), h);
    gtk_widget_show_all (h->window);
}

static gboolean
harness_open (Harness *h,
              GError **error)
{
    vireo_display_open_async (h->display, NULL, vireo_test_store_result_cb, &h->open_result);
    g_assert_nonnull (vireo_test_wait_result (&h->open_result, CONNECT_TIMEOUT_MS));
    return vireo_display_open_finish (h->display, h->open_result, error);
}

static void
harness_clear (Harness *h)
{
    g_signal_handlers_disconnect_by_data (h->display, h);
    vireo_display_close (h->display);
    /* gtk-vnc finishes its shutdown from the main loop and may still touch
     * its window meanwhile: let it end before the window goes. */
    if (VIREO_IS_DISPLAY_VNC (h->display)) {
        GtkWidget *vnc = vireo_display_vnc_get_vnc_widget (VIREO_DISPLAY_VNC (h->display));
        gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

        while (vnc_display_is_open (VNC_DISPLAY (vnc)) && g_get_monotonic_time () < deadline)
            vireo_test_spin (20);
    }
    vireo_test_spin (200);
    gtk_widget_destroy (h->window);
    g_clear_object (&h->display);
    g_clear_object (&h->open_result);
    g_clear_error (&h->disconnect_error);
    g_clear_pointer (&h->auth_reason, g_free);
    vireo_test_spin (100);
}

/* Connected, first frame drawn, grub's prompt on screen and a picture that
 * is not blank; then "ls" typed through send_keys shows up. */
static void
check_grub_session (Harness    *h,
                    const char *tag)
{
    g_autofree char *png_name = g_strdup_printf ("display-%s.png", tag);
    g_autofree char *ocr_name = g_strdup_printf ("display-%s-ocr.png", tag);
    g_autofree char *text = NULL;
    g_autofree char *after = NULL;
    g_autofree char *path = NULL;
    g_autoptr(GdkPixbuf) before = NULL;
    g_autoptr(GdkPixbuf) typed = NULL;
    g_autoptr(GError) error = NULL;
    guint non_black = 0;
    guint colours;
    gint64 deadline;

    g_assert_true (h->connected);
    g_assert_true (vireo_display_get_connected (h->display));
    g_assert_true (vireo_test_wait_for (&h->first_frame, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_display_has_first_frame (h->display));
    g_assert_true (vireo_display_get_guest_size (h->display, NULL, NULL));
    g_assert_cmpint (h->width, >, 0);

    text = wait_for_text (h->display, "grub", ocr_name, PROMPT_TIMEOUT_MS);
    g_assert_nonnull (text);
    if (!strstr (text, "grub"))
        g_error ("grub did not appear on the %s display; OCR read: %s", tag,
                 g_strdelimit (text, "\n", ' '));

    before = vireo_display_dup_pixbuf (h->display);
    g_assert_nonnull (before);
    colours = count_colours (before, &non_black);
    g_test_message ("%s screen: %dx%d, %u colours, %u non-black pixels", tag,
                    gdk_pixbuf_get_width (before), gdk_pixbuf_get_height (before),
                    colours, non_black);
    g_assert_cmpuint (colours, >=, 2);
    g_assert_cmpuint (non_black, >, 500);

    path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), png_name, NULL);
    g_assert_true (vireo_display_save_screenshot (h->display, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

    /* Keys reach the guest: Escape leaves a command line (the menu ignores
     * it), 'c' opens one, and the screen changes. */
    vireo_display_send_keys (h->display, (guint[]) { GDK_KEY_Escape }, 1);
    vireo_test_spin (1000);
    g_clear_object (&before);
    before = vireo_display_dup_pixbuf (h->display);
    vireo_display_type_text (h->display, "c");
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline) {
        vireo_test_spin (300);
        g_clear_object (&typed);
        typed = vireo_display_dup_pixbuf (h->display);
        if (typed && vireo_test_pixbufs_differ (before, typed))
            break;
    }
    g_assert_nonnull (typed);
    g_assert_true (vireo_test_pixbufs_differ (before, typed));
    /* The first keys may come while grub still draws its menu: retry. */
    for (guint attempt = 0; attempt < 3; attempt++) {
        g_free (text);
        text = wait_for_text (h->display, "grub>|bash-like", ocr_name, 60000);
        if (text_has (text, "grub>|bash-like"))
            break;
        g_test_message ("%s: no prompt yet, pressing Escape and 'c' again", tag);
        vireo_display_send_keys (h->display, (guint[]) { GDK_KEY_Escape }, 1);
        vireo_test_spin (1000);
        vireo_display_type_text (h->display, "c");
    }
    if (!text_has (text, "grub>|bash-like"))
        g_error ("no grub> prompt after 'c' on the %s display; OCR read: %s", tag,
                 g_strdelimit (text, "\n", ' '));

    /* grub lists its devices after "ls". */
    vireo_display_type_text (h->display, "ls\n");
    after = wait_for_text (h->display, "(cd", ocr_name, 90000);
    if (!strstr (after, "(cd"))
        g_error ("grub did not list its devices after \"ls\" on %s; OCR read: %s", tag,
                 g_strdelimit (after, "\n", ' '));
    g_test_message ("%s: after ls: %s", tag, g_strdelimit (after, "\n", ' '));
}

/* ------------------------------------------------------------------------ */
/* Unit checks without a server */

static void
test_zoom_and_scaling (void)
{
    g_autoptr(VireoDisplay) display = g_object_ref_sink (vireo_display_vnc_new ());
    static const guint ins[] = { 110, 125, 150, 175, 200, 250, 300, 400, 400 };

    g_assert_cmpuint (vireo_display_get_zoom (display), ==, 100);
    for (guint i = 0; i < G_N_ELEMENTS (ins); i++) {
        vireo_display_zoom_in (display);
        g_assert_cmpuint (vireo_display_get_zoom (display), ==, ins[i]);
    }
    vireo_display_zoom_reset (display);
    g_assert_cmpuint (vireo_display_get_zoom (display), ==, 100);
    vireo_display_zoom_out (display);
    g_assert_cmpuint (vireo_display_get_zoom (display), ==, 90);
    vireo_display_set_zoom (display, 5);
    g_assert_cmpuint (vireo_display_get_zoom (display), ==, VIREO_DISPLAY_ZOOM_MIN);
    vireo_display_zoom_out (display);
    g_assert_cmpuint (vireo_display_get_zoom (display), ==, VIREO_DISPLAY_ZOOM_MIN);

    vireo_display_set_scaling (display, VIREO_DISPLAY_SCALING_NEVER);
    g_assert_false (vireo_display_get_scale_to_fit (display));
    vireo_display_set_scaling (display, VIREO_DISPLAY_SCALING_FULLSCREEN_ONLY);
    g_assert_false (vireo_display_get_scale_to_fit (display));
    vireo_display_set_fullscreen (display, TRUE);
    g_assert_true (vireo_display_get_scale_to_fit (display));
    vireo_display_set_scaling (display, VIREO_DISPLAY_SCALING_ALWAYS);
    vireo_display_set_fullscreen (display, FALSE);
    g_assert_true (vireo_display_get_scale_to_fit (display));

    /* Not connected: no picture, keys go nowhere, no crash. */
    g_assert_null (vireo_display_dup_pixbuf (display));
    vireo_display_type_text (display, "ls\n");
    g_assert_false (vireo_display_get_connected (display));
}

static void
test_no_server (void)
{
    Harness h;
    VireoDisplay *display = vireo_display_vnc_new ();
    g_autoptr(GError) error = NULL;

    /* A port nobody listens on. */
    vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display), "127.0.0.1",
                                vireo_test_pick_port (20000, 21000));
    harness_init (&h, display);
    g_assert_false (harness_open (&h, &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_DISCONNECTED);
    g_assert_false (h.connected);
    harness_clear (&h);

    display = vireo_display_spice_new ();
    g_clear_error (&error);
    harness_init (&h, display);
    g_assert_false (harness_open (&h, &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    harness_clear (&h);
}

/* ------------------------------------------------------------------------ */
/* VNC */

static void
test_vnc_grub (void)
{
    VireoTestGuest *guest = get_plain_guest ();
    VireoDisplay *display = vireo_display_vnc_new ();
    g_autoptr(GError) error = NULL;
    Harness h;

    vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display), "127.0.0.1", guest->vnc_port);
    harness_init (&h, display);
    g_assert_true (harness_open (&h, &error));
    g_assert_no_error (error);
    check_grub_session (&h, "vnc");

    harness_clear (&h);
}

/* ------------------------------------------------------------------------ */
/* SPICE */

static gboolean
has_channels (VireoDisplaySpice  *spice,
              const char * const *names)
{
    for (guint i = 0; names[i]; i++) {
        if (!vireo_display_spice_has_channel (spice, names[i], TRUE))
            return FALSE;
    }
    return TRUE;
}

static void
test_spice_grub (void)
{
    static const char * const wanted[] = {
        "main", "display", "inputs", "cursor", "playback", NULL
    };
    VireoTestGuest *guest = get_plain_guest ();
    VireoDisplay *display = vireo_display_spice_new ();
    VireoDisplaySpice *spice = VIREO_DISPLAY_SPICE (display);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) opened = NULL;
    g_auto(GStrv) created = NULL;
    g_auto(GStrv) devices = NULL;
    g_autofree char *opened_list = NULL;
    g_autofree char *created_list = NULL;
    SpiceUsbDeviceManager *manager;
    GtkWidget *chooser;
    gboolean auto_clipboard = TRUE;
    gint64 deadline;
    Harness h;

    vireo_display_spice_set_host (spice, "127.0.0.1", guest->spice_port, 0);
    harness_init (&h, display);
    g_assert_true (harness_open (&h, &error));
    g_assert_no_error (error);
    check_grub_session (&h, "spice");

    /* Channels. */
    deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (!has_channels (spice, wanted) && g_get_monotonic_time () < deadline)
        vireo_test_spin (100);
    opened = vireo_display_spice_list_channels (spice, TRUE);
    created = vireo_display_spice_list_channels (spice, FALSE);
    opened_list = g_strjoinv (" ", opened);
    created_list = g_strjoinv (" ", created);
    g_test_message ("SPICE channels opened: %s; created: %s", opened_list, created_list);
    for (guint i = 0; wanted[i]; i++) {
        if (!g_strv_contains ((const char * const *) opened, wanted[i]))
            g_error ("The SPICE %s channel did not open (opened: %s)", wanted[i], opened_list);
    }
    g_assert_true (vireo_display_spice_has_channel (spice, "usbredir", FALSE));
    g_assert_true (vireo_display_spice_has_channel (spice, "record", FALSE));
    g_assert_false (vireo_display_spice_has_channel (spice, "smartcard", FALSE));

    /* Folder sharing: QEMU offers the WebDAV port, but grub runs no WebDAV
     * daemon, so the channel exists and never opens: no sharing offered. */
    g_assert_true (vireo_display_spice_has_channel (spice, "webdav", FALSE));
    g_assert_false (vireo_display_spice_can_share_folder (spice));
    vireo_display_spice_set_shared_folder (spice, g_get_tmp_dir (), TRUE);
    {
        g_autofree char *shared = NULL;

        g_object_get (vireo_display_spice_get_session (spice), "shared-dir", &shared, NULL);
        g_assert_cmpstr (shared, ==, g_get_tmp_dir ());
    }

    /* Clipboard: off until turned on. */
    g_assert_false (vireo_display_spice_get_clipboard_sharing (spice));
    g_object_get (spice_gtk_session_get (vireo_display_spice_get_session (spice)),
                  "auto-clipboard", &auto_clipboard, NULL);
    g_assert_false (auto_clipboard);
    vireo_display_spice_set_clipboard_sharing (spice, TRUE);
    g_object_get (spice_gtk_session_get (vireo_display_spice_get_session (spice)),
                  "auto-clipboard", &auto_clipboard, NULL);
    g_assert_true (auto_clipboard);
    vireo_display_spice_set_clipboard_sharing (spice, FALSE);

    /* USB redirection: the manager and the chooser.  This machine may have
     * no USB devices at all; the list must still come without error. */
    manager = vireo_display_spice_get_usb_manager (spice, &error);
    g_assert_no_error (error);
    g_assert_true (SPICE_IS_USB_DEVICE_MANAGER (manager));
    devices = vireo_display_spice_list_usb_devices (spice, &error);
    g_assert_no_error (error);
    g_assert_nonnull (devices);
    g_test_message ("host USB devices offered for redirection: %u",
                    g_strv_length (devices));
    chooser = vireo_display_spice_create_usb_device_widget (spice);
    g_assert_true (SPICE_IS_USB_DEVICE_WIDGET (chooser));
    g_object_ref_sink (chooser);
    gtk_widget_destroy (chooser);
    g_object_unref (chooser);

    /* Zoom and scaling reach spice-gtk. */
    vireo_display_set_zoom (display, 150);
    {
        guint zoom = 0;
        gboolean scaling = FALSE;

        g_object_get (vireo_display_spice_get_spice_widget (spice),
                      "zoom-level", &zoom, "scaling", &scaling, NULL);
        g_assert_cmpuint (zoom, ==, 150);
        g_assert_true (scaling);
    }
    vireo_display_zoom_reset (display);
    vireo_display_set_resize_guest (display, TRUE);
    {
        gboolean resize = FALSE;

        g_object_get (vireo_display_spice_get_spice_widget (spice), "resize-guest", &resize,
                      NULL);
        g_assert_true (resize);
    }

    /* A clean close says so. */
    vireo_display_close (display);
    g_assert_true (h.disconnected);
    g_assert_null (h.disconnect_error);
    g_assert_false (vireo_display_get_connected (display));
    harness_clear (&h);
}

/* A SPICE console destroyed while spice-gtk's widget has the keyboard focus
 * of a focused window: GTK sends that widget a focus-out as it is
 * unparented, which spice-gtk handles with its session (criticals are
 * fatal here). */
static void
test_spice_destroy_focused (void)
{
    VireoTestGuest *guest = get_plain_guest ();
    VireoDisplay *display = vireo_display_spice_new ();
    g_autoptr(GError) error = NULL;
    GdkEvent *focus;
    GtkWidget *widget;
    gint64 deadline;
    Harness h;

    vireo_display_spice_set_audio (VIREO_DISPLAY_SPICE (display), FALSE);
    vireo_display_spice_set_host (VIREO_DISPLAY_SPICE (display), "127.0.0.1",
                                  guest->spice_port, 0);
    harness_init (&h, display);
    g_assert_true (harness_open (&h, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    widget = vireo_display_spice_get_spice_widget (VIREO_DISPLAY_SPICE (display));
    g_assert_nonnull (widget);
    /* spice-gtk's widget is shown once it has a picture. */
    deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
        vireo_test_spin (50);
    g_assert_true (gtk_widget_get_mapped (widget));
    gtk_widget_grab_focus (widget);
    /* The window gets the keyboard focus (no window manager here). */
    focus = gdk_event_new (GDK_FOCUS_CHANGE);
    focus->focus_change.window = g_object_ref (gtk_widget_get_window (h.window));
    focus->focus_change.in = TRUE;
    gdk_event_set_device (focus, gdk_seat_get_keyboard (
        gdk_display_get_default_seat (gtk_widget_get_display (h.window))));
    vireo_test_spin (200);
    gtk_widget_send_focus_change (h.window, focus);
    gdk_event_free (focus);
    g_assert_true (gtk_widget_has_focus (widget));

    /* Gone while focused, its window staying, as when a console page
     * disconnects or reconnects. */
    g_signal_handlers_disconnect_by_data (h.display, &h);
    gtk_widget_destroy (GTK_WIDGET (h.display));
    g_clear_object (&h.display);
    vireo_test_spin (500);
    gtk_widget_destroy (h.window);
    vireo_test_spin (100);
    g_clear_object (&h.open_result);
    g_clear_error (&h.disconnect_error);
    g_clear_pointer (&h.auth_reason, g_free);
}

/* ------------------------------------------------------------------------ */
/* Passwords */

typedef enum {
    AUTH_RIGHT,            /* right password set before open */
    AUTH_WRONG_THEN_RIGHT, /* wrong one first; the prompt answers the right one */
    AUTH_NONE_REFUSED,     /* none set; nobody answers the prompt */
    AUTH_WRONG_REFUSED,    /* wrong one; nobody answers */
} AuthCase;

static VireoDisplay *
new_display_for (gboolean spice,
                 VireoTestGuest   *guest)
{
    VireoDisplay *display;

    if (spice) {
        display = vireo_display_spice_new ();
        vireo_display_spice_set_audio (VIREO_DISPLAY_SPICE (display), FALSE);
        vireo_display_spice_set_host (VIREO_DISPLAY_SPICE (display), "127.0.0.1",
                                      guest->spice_port, 0);
    } else {
        display = vireo_display_vnc_new ();
        vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display), "127.0.0.1", guest->vnc_port);
    }
    return display;
}

static void
run_auth_case (gboolean spice,
               AuthCase auth)
{
    VireoTestGuest *guest = get_password_guest ();
    g_autoptr(GError) error = NULL;
    gboolean ok;
    Harness h;

    harness_init (&h, new_display_for (spice, guest));
    switch (auth) {
    case AUTH_RIGHT:
        vireo_display_set_credentials (h.display, NULL, PASSWORD);
        break;
    case AUTH_WRONG_THEN_RIGHT:
        vireo_display_set_credentials (h.display, NULL, WRONG_PASSWORD);
        h.answer = PASSWORD;
        break;
    case AUTH_NONE_REFUSED:
        break;
    case AUTH_WRONG_REFUSED:
        vireo_display_set_credentials (h.display, NULL, WRONG_PASSWORD);
        break;
    }
    ok = harness_open (&h, &error);
    switch (auth) {
    case AUTH_RIGHT:
        g_assert_no_error (error);
        g_assert_true (ok);
        g_assert_cmpuint (h.n_auth, ==, 0);
        g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
        break;
    case AUTH_WRONG_THEN_RIGHT:
        g_assert_no_error (error);
        g_assert_true (ok);
        g_assert_cmpuint (h.n_auth, ==, 1);
        g_assert_true (h.need_password);
        g_assert_nonnull (h.auth_reason);
        g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
        break;
    case AUTH_NONE_REFUSED:
    case AUTH_WRONG_REFUSED:
        g_assert_false (ok);
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_AUTH);
        g_assert_cmpuint (h.n_auth, ==, 1);
        g_assert_true (h.need_password);
        if (auth == AUTH_WRONG_REFUSED)
            g_assert_nonnull (h.auth_reason);
        g_assert_false (h.connected);
        g_assert_null (strstr (error->message, PASSWORD));
        break;
    }
    harness_clear (&h);
}

static void
test_password (gconstpointer data)
{
    gboolean spice = GPOINTER_TO_INT (data);
    gsize before = vireo_test_log_length ();

    if (spice)
        spice_util_set_debug (TRUE);
    else
        vnc_util_set_debug (TRUE);
    run_auth_case (spice, AUTH_RIGHT);
    run_auth_case (spice, AUTH_WRONG_THEN_RIGHT);
    run_auth_case (spice, AUTH_NONE_REFUSED);
    run_auth_case (spice, AUTH_WRONG_REFUSED);
    spice_util_set_debug (FALSE);
    vnc_util_set_debug (FALSE);

    /* The libraries' debug output was captured, and the password is in none
     * of it. */
    g_test_message ("captured %" G_GSIZE_FORMAT " bytes of log", vireo_test_log_length () - before);
    g_assert_cmpuint (vireo_test_log_length () - before, >, 1000);
    g_assert_false (vireo_test_log_contains (PASSWORD));
}

/* ------------------------------------------------------------------------ */
/* The embedded driver: virDomainOpenGraphicsFD */

static char *embed_root;
static VireoConnection *embed_conn;

static const char domain_xml_template[] =
    "<domain type='qemu'>"
    "  <name>%s</name>"
    "  <memory unit='MiB'>64</memory>"
    "  <vcpu>1</vcpu>"
    "  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>"
    "  <devices>"
    "    <disk type='file' device='cdrom'>"
    "      <source file='" GRUB_ISO "'/>"
    "      <target dev='hdc' bus='ide'/><readonly/>"
    "    </disk>"
    "    <graphics type='%s'><listen type='none'/></graphics>"
    "    <video><model type='%s'/></video>"
    "    <serial type='pty'><target port='0'/></serial>"
    "    <console type='pty'><target type='serial' port='0'/></console>"
    "  </devices>"
    "</domain>";

static VireoConnection *
get_embed_connection (void)
{
    g_autofree char *uri = NULL;
    g_autoptr(GError) error = NULL;

    if (embed_conn)
        return embed_conn;
    embed_root = g_dir_make_tmp ("vdisp-XXXXXX", &error);
    g_assert_no_error (error);
    uri = vireo_embed_uri_for_root (embed_root);
    embed_conn = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (embed_conn, NULL, &error));
    g_assert_no_error (error);
    return embed_conn;
}

static VireoDomain *
start_embed_domain (const char *name,
                    const char *graphics,
                    const char *video)
{
    VireoConnection *conn = get_embed_connection ();
    g_autofree char *xml = g_strdup_printf (domain_xml_template, name, graphics, video);
    g_autoptr(GError) error = NULL;
    VireoDomain *domain = vireo_connection_define_xml (conn, xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (domain);
    g_assert_true (vireo_domain_start (domain, NULL, &error));
    g_assert_no_error (error);
    return g_object_ref (domain);
}

static void
stop_embed_domain (VireoDomain *domain)
{
    g_autoptr(GError) error = NULL;

    vireo_domain_delete (domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL, &error);
    g_assert_no_error (error);
    g_object_unref (domain);
}

static void
test_embed_fd (gconstpointer data)
{
    gboolean spice = GPOINTER_TO_INT (data);
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    g_autofree char *ocr_name = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autoptr(VireoConsoleSource) source = NULL;
    g_autoptr(GAsyncResult) made = NULL;
    g_autoptr(VireoDisplay) display = NULL;
    VireoDisplayFdProvider *provider;
    VireoPasswordKey key;
    VireoDomain *domain;
    guint non_black = 0;
    Harness h;

    domain = start_embed_domain (spice ? "vireo-fd-spice" : "vireo-fd-vnc",
                                 spice ? "spice" : "vnc", spice ? "qxl" : "vga");
    /* The domain's console source makes the display: no host, no port, no
     * password, its sockets come from libvirt (an fd provider). */
    source = vireo_console_source_domain_new (domain);
    g_assert_true (vireo_console_source_get_available (source));
    vireo_console_source_open_display_async (source, NULL, NULL, vireo_test_store_result_cb,
                                             &made);
    g_assert_nonnull (vireo_test_wait_result (&made, CONNECT_TIMEOUT_MS));
    display = vireo_console_source_open_display_finish (source, made, &error);
    g_assert_no_error (error);
    g_assert_true (spice ? VIREO_IS_DISPLAY_SPICE (display) : VIREO_IS_DISPLAY_VNC (display));
    g_assert_false (g_object_is_floating (display));
    provider = vireo_display_get_fd_provider (display);
    g_assert_true (VIREO_IS_DOMAIN_FD_PROVIDER (provider));
    g_assert_true (vireo_domain_fd_provider_get_domain (VIREO_DOMAIN_FD_PROVIDER (provider)) ==
                   domain);
    g_assert_cmpuint (vireo_domain_fd_provider_get_graphics_index (
                          VIREO_DOMAIN_FD_PROVIDER (provider)), ==, 0);
    /* Nothing to remember: no password is asked. */
    g_assert_false (vireo_console_source_get_password_key (source, &key));
    harness_init (&h, display);
    g_assert_cmpstr (vireo_display_get_title (h.display), ==, vireo_domain_get_name (domain));
    g_assert_true (harness_open (&h, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));

    ocr_name = g_strdup_printf ("display-fd-%s-ocr.png", spice ? "spice" : "vnc");
    text = wait_for_text (h.display, "grub", ocr_name, PROMPT_TIMEOUT_MS);
    if (!strstr (text, "grub"))
        g_error ("grub did not appear through the graphics fd; OCR read: %s",
                 g_strdelimit (text, "\n", ' '));
    pixbuf = vireo_display_dup_pixbuf (h.display);
    g_assert_nonnull (pixbuf);
    count_colours (pixbuf, &non_black);
    g_assert_cmpuint (non_black, >, 500);
    if (spice) {
        VireoDisplaySpice *sp = VIREO_DISPLAY_SPICE (h.display);
        gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

        /* Every channel got its own socket from libvirt. */
        while (!(vireo_display_spice_has_channel (sp, "display", TRUE) &&
                 vireo_display_spice_has_channel (sp, "inputs", TRUE)) &&
               g_get_monotonic_time () < deadline)
            vireo_test_spin (100);
        g_assert_true (vireo_display_spice_has_channel (sp, "main", TRUE));
        g_assert_true (vireo_display_spice_has_channel (sp, "display", TRUE));
        g_assert_true (vireo_display_spice_has_channel (sp, "inputs", TRUE));
    }
    harness_clear (&h);
    stop_embed_domain (domain);
}

static void
embed_cleanup (void)
{
    if (!embed_conn)
        return;
    vireo_connection_close (embed_conn);
    g_clear_object (&embed_conn);
    vireo_test_rmtree (embed_root);
    g_clear_pointer (&embed_root, g_free);
}

int
main (int    argc,
      char **argv)
{
    int status;

    vireo_test_log_capture ();
    gtk_test_init (&argc, &argv, NULL);
    gst_init (&argc, &argv);
    g_assert_true (vireo_event_loop_ensure (NULL));
    /* Criticals are fatal (but for spice-gtk's on links cut during their
     * handshake); warnings are printed (spice-gtk warns about links
     * servers close, which the password tests provoke). */
    g_log_set_always_fatal (G_LOG_FATAL_MASK);
    vireo_test_log_set_fatal (G_LOG_LEVEL_CRITICAL, NULL);

    g_test_add_func ("/vireo/display/zoom-and-scaling", test_zoom_and_scaling);
    g_test_add_func ("/vireo/display/no-server", test_no_server);
    g_test_add_func ("/vireo/display/vnc/grub", test_vnc_grub);
    g_test_add_func ("/vireo/display/spice/grub", test_spice_grub);
    g_test_add_func ("/vireo/display/spice/destroy-focused", test_spice_destroy_focused);
    g_test_add_data_func ("/vireo/display/vnc/password", GINT_TO_POINTER (FALSE), test_password);
    g_test_add_data_func ("/vireo/display/spice/password", GINT_TO_POINTER (TRUE),
                          test_password);
    g_test_add_data_func ("/vireo/display/vnc/graphics-fd", GINT_TO_POINTER (FALSE),
                          test_embed_fd);
    g_test_add_data_func ("/vireo/display/spice/graphics-fd", GINT_TO_POINTER (TRUE),
                          test_embed_fd);

    status = g_test_run ();
    vireo_test_guest_stop (plain_guest);
    vireo_test_guest_stop (password_guest);
    embed_cleanup ();
    return status;
}
