/* test-recorder.c: recording a console to WebM, against real QEMU guests
 *
 * The guests boot grub-rescue-pc's ISO (a "grub>" prompt) in plain QEMU
 * processes serving VNC (or SPICE) on a UNIX socket.  Recordings are checked
 * with GStreamer itself: the discoverer (container, codec, size, duration) and a
 * decoding pipeline whose frames must show the guest's screen.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>
#include <gtk-vnc.h>
#include <gtk/gtk.h>

#include "vireo-console-error.h"
#include "vireo-display-recorder.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-test-display.h"
#include "vireo-test-util.h"

#define GRUB_ISO "/usr/lib/grub-rescue/grub-rescue-cdrom.iso"
#define CONNECT_TIMEOUT_MS 30000
#define PROMPT_TIMEOUT_MS 180000
#define STOP_TIMEOUT_MS 30000

static char *tmpdir;

/* CPU time this process has used, in milliseconds (QEMU and tesseract run in
 * other processes). */
static gint64
cpu_ms (void)
{
    struct rusage usage;

    g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
    return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

/* ------------------------------------------------------------------------ */
/* QEMU guests */

typedef struct {
    GSubprocess *process;
    char        *socket_path;
    gboolean     spice;       /* SPICE (qxl) rather than VNC (VGA) */
    gboolean     at_prompt;   /* grub's prompt was seen once */
} Guest;

static Guest *shared_guest;

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

static Guest *
guest_start_full (const char *name,
                  gboolean    spice)
{
    Guest *guest = g_new0 (Guest, 1);
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *log_path = g_strdup_printf ("%s/%s-qemu.log", tmpdir, name);
    g_autofree char *server = NULL;
    gint64 deadline;

    guest->spice = spice;
    guest->socket_path = g_strdup_printf ("%s/%s.%s", tmpdir, name, spice ? "spice" : "vnc");
    server = spice ? g_strdup_printf ("unix=on,addr=%s,disable-ticketing=on", guest->socket_path)
                   : g_strdup_printf ("unix:%s", guest->socket_path);
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
    /* A test that fails takes its guest with it. */
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
    guest->process = g_subprocess_launcher_spawn (launcher, &error,
                                                  "qemu-system-x86_64",
                                                  "-machine", "pc", "-accel", "tcg",
                                                  "-m", "64", "-nodefaults",
                                                  "-display", "none",
                                                  "-device", spice ? "qxl-vga" : "VGA",
                                                  "-cdrom", GRUB_ISO,
                                                  spice ? "-spice" : "-vnc", server,
                                                  NULL);
    g_assert_no_error (error);

    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (!socket_accepts (guest->socket_path)) {
        if (g_get_monotonic_time () > deadline) {
            g_autofree char *log = NULL;

            g_file_get_contents (log_path, &log, NULL, NULL);
            g_error ("QEMU did not start listening on %s: %s", guest->socket_path,
                     log ? log : "");
        }
        g_usleep (50 * 1000);
    }
    return guest;
}

static Guest *
guest_start (const char *name)
{
    return guest_start_full (name, FALSE);
}

static void
guest_stop (Guest *guest)
{
    if (guest == NULL)
        return;
    /* Ends exactly the QEMU process this test started, by its pid. */
    g_subprocess_force_exit (guest->process);
    g_subprocess_wait (guest->process, NULL, NULL);
    g_object_unref (guest->process);
    g_free (guest->socket_path);
    g_free (guest);
}

static Guest *
get_shared_guest (void)
{
    if (shared_guest == NULL)
        shared_guest = guest_start ("shared");
    return shared_guest;
}

/* ------------------------------------------------------------------------ */
/* Pictures */

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
            /* Dark grey is still black after lossy coding. */
            if (p[0] + p[1] + p[2] > 3 * 48)
                (*non_black)++;
        }
    }
    return g_hash_table_size (colours);
}

/* Pixels that differ clearly (beyond coding noise) between two pictures of
 * one size. */
static guint
count_changed_pixels (GdkPixbuf *a,
                      GdkPixbuf *b)
{
    int width = gdk_pixbuf_get_width (a);
    int height = gdk_pixbuf_get_height (a);
    guint changed = 0;

    g_assert_cmpint (width, ==, gdk_pixbuf_get_width (b));
    g_assert_cmpint (height, ==, gdk_pixbuf_get_height (b));
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            const guchar *p = gdk_pixbuf_read_pixels (a) + y * gdk_pixbuf_get_rowstride (a) +
                              x * gdk_pixbuf_get_n_channels (a);
            const guchar *q = gdk_pixbuf_read_pixels (b) + y * gdk_pixbuf_get_rowstride (b) +
                              x * gdk_pixbuf_get_n_channels (b);

            if (ABS (p[0] - q[0]) + ABS (p[1] - q[1]) + ABS (p[2] - q[2]) > 120)
                changed++;
        }
    }
    return changed;
}

/* Text on the screen, read by tesseract from a 2x enlargement (lowercase). */
static char *
ocr_pixbuf (GdkPixbuf *pixbuf)
{
    g_autoptr(GdkPixbuf) big = NULL;
    g_autofree char *path = g_build_filename (tmpdir, "ocr.png", NULL);
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    big = gdk_pixbuf_scale_simple (pixbuf, gdk_pixbuf_get_width (pixbuf) * 2,
                                   gdk_pixbuf_get_height (pixbuf) * 2, GDK_INTERP_BILINEAR);
    g_assert_true (gdk_pixbuf_save (big, path, "png", &error, NULL));
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_setenv (launcher, "OMP_THREAD_LIMIT", "1", TRUE);
    process = g_subprocess_launcher_spawn (launcher, &error, "tesseract", path, "stdout", NULL);
    g_assert_no_error (error);
    /* Asynchronously: the display keeps being served meanwhile. */
    g_subprocess_communicate_utf8_async (process, NULL, NULL, vireo_test_store_result_cb,
                                         &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 180000));
    g_subprocess_communicate_utf8_finish (process, result, &out, NULL, &error);
    g_assert_no_error (error);
    return g_ascii_strdown (out ? out : "", -1);
}

/* ------------------------------------------------------------------------ */
/* Display harness */

typedef struct {
    GtkWidget    *window;
    VireoDisplay *display;
    gboolean      first_frame;
    gboolean      disconnected;
    GAsyncResult *open_result;
} Harness;

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
}

/* Connects a VNC or SPICE display in a window to @guest and waits for grub. */
static void
harness_open (Harness *h,
              Guest   *guest)
{
    g_autoptr(GError) error = NULL;

    memset (h, 0, sizeof *h);
    if (guest->spice) {
        h->display = g_object_ref_sink (vireo_display_spice_new ());
        vireo_display_spice_set_unix_path (VIREO_DISPLAY_SPICE (h->display),
                                           guest->socket_path);
        vireo_display_spice_set_audio (VIREO_DISPLAY_SPICE (h->display), FALSE);
    } else {
        h->display = g_object_ref_sink (vireo_display_vnc_new ());
        vireo_display_vnc_set_unix_path (VIREO_DISPLAY_VNC (h->display), guest->socket_path);
    }
    h->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size (GTK_WINDOW (h->window), 800, 500);
    gtk_container_add (GTK_CONTAINER (h->window), GTK_WIDGET (h->display));
    g_signal_connect (h->display, "first-frame", G_CALLBACK (first_frame_cb), h);
    g_signal_connect (h->display, "disconnected", G_CALLBACK (disconnected_cb), h);
    gtk_widget_show_all (h->window);

    vireo_display_open_async (h->display, NULL, vireo_test_store_result_cb, &h->open_result);
    g_assert_nonnull (vireo_test_wait_result (&h->open_result, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_display_open_finish (h->display, h->open_result, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_test_wait_for (&h->first_frame, CONNECT_TIMEOUT_MS));

    if (!guest->at_prompt) {
        gint64 deadline = g_get_monotonic_time () + (gint64) PROMPT_TIMEOUT_MS * 1000;
        g_autofree char *text = NULL;

        while (g_get_monotonic_time () < deadline) {
            g_autoptr(GdkPixbuf) pixbuf = NULL;

            spin (1000);
            pixbuf = vireo_display_dup_pixbuf (h->display);
            if (pixbuf == NULL)
                continue;
            g_free (text);
            text = ocr_pixbuf (pixbuf);
            if (strstr (text, "grub") != NULL)
                break;
        }
        if (text == NULL || strstr (text, "grub") == NULL)
            g_error ("grub's prompt did not appear; OCR read: %s", text ? text : "(nothing)");
        guest->at_prompt = TRUE;
    }
}

static void
harness_close (Harness *h)
{
    g_signal_handlers_disconnect_by_data (h->display, h);
    vireo_display_close (h->display);
    /* gtk-vnc ends its link from the main loop: let it before the window goes. */
    if (VIREO_IS_DISPLAY_VNC (h->display)) {
        GtkWidget *vnc = vireo_display_vnc_get_vnc_widget (VIREO_DISPLAY_VNC (h->display));
        gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

        while (vnc_display_is_open (VNC_DISPLAY (vnc)) && g_get_monotonic_time () < deadline)
            spin (20);
    }
    spin (100);
    gtk_widget_destroy (h->window);
    g_clear_object (&h->display);
    g_clear_object (&h->open_result);
    spin (100);
}

/* ------------------------------------------------------------------------ */
/* Recordings */

typedef struct {
    gboolean  finished;
    gboolean  failed;
    gboolean  ended;       /* either */
    GError   *error;
} Watch;

static void
recorder_finished_cb (VireoDisplayRecorder *recorder,
                      Watch                *w)
{
    w->finished = TRUE;
    w->ended = TRUE;
}

static void
recorder_failed_cb (VireoDisplayRecorder *recorder,
                    const GError         *error,
                    Watch                *w)
{
    w->failed = TRUE;
    w->ended = TRUE;
    g_clear_error (&w->error);
    w->error = g_error_copy (error);
}

static VireoDisplayRecorder *
recorder_new (VireoDisplay *display,
              const char   *path,
              Watch        *w)
{
    VireoDisplayRecorder *recorder = vireo_display_recorder_new (display, path);

    memset (w, 0, sizeof *w);
    g_signal_connect (recorder, "finished", G_CALLBACK (recorder_finished_cb), w);
    g_signal_connect (recorder, "failed", G_CALLBACK (recorder_failed_cb), w);
    return recorder;
}

/* Stops @recorder and waits for its file to be closed; the stop's result. */
static gboolean
recorder_stop (VireoDisplayRecorder *recorder,
               GError              **error)
{
    g_autoptr(GAsyncResult) result = NULL;
    gint64 started = g_get_monotonic_time ();
    gboolean ok;

    vireo_display_recorder_stop_async (recorder, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, STOP_TIMEOUT_MS));
    ok = vireo_display_recorder_stop_finish (recorder, result, error);
    g_test_message ("stopping took %" G_GINT64_FORMAT " ms",
                    (g_get_monotonic_time () - started) / 1000);
    return ok;
}

typedef struct {
    gboolean      is_webm;
    gboolean      is_vp8;
    guint         n_video;
    int           width;
    int           height;
    GstClockTime  duration;
    gboolean      seekable;
} VideoInfo;

static void
discover (const char *path,
          VideoInfo  *out)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (30 * GST_SECOND, &error);
    g_autoptr(GstDiscovererInfo) info = NULL;
    g_autoptr(GstDiscovererStreamInfo) top = NULL;
    g_autofree char *uri = gst_filename_to_uri (path, NULL);
    GList *videos;

    g_assert_no_error (error);
    memset (out, 0, sizeof *out);
    info = gst_discoverer_discover_uri (discoverer, uri, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
    out->duration = gst_discoverer_info_get_duration (info);
    out->seekable = gst_discoverer_info_get_seekable (info);
    top = gst_discoverer_info_get_stream_info (info);
    if (GST_IS_DISCOVERER_CONTAINER_INFO (top)) {
        g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (top);

        out->is_webm = gst_structure_has_name (gst_caps_get_structure (caps, 0), "video/webm");
    }
    videos = gst_discoverer_info_get_video_streams (info);
    out->n_video = g_list_length (videos);
    if (videos != NULL) {
        GstDiscovererVideoInfo *video = videos->data;
        g_autoptr(GstCaps) caps =
            gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (video));

        out->is_vp8 = gst_structure_has_name (gst_caps_get_structure (caps, 0), "video/x-vp8");
        out->width = (int) gst_discoverer_video_info_get_width (video);
        out->height = (int) gst_discoverer_video_info_get_height (video);
    }
    gst_discoverer_stream_info_list_free (videos);
}

static GdkPixbuf *
pixbuf_from_sample (GstSample *sample)
{
    GstVideoInfo info;
    GstVideoFrame frame;
    GdkPixbuf *pixbuf;

    g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
    g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample),
                                        GST_MAP_READ));
    pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, info.width, info.height);
    for (int y = 0; y < info.height; y++)
        memcpy (gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf),
                (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
                y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                (gsize) info.width * 3);
    gst_video_frame_unmap (&frame);
    return pixbuf;
}

/* Decodes the whole file: the number of frames, the first and the last. */
static guint
decode_frames (const char *path,
               GdkPixbuf **first,
               GdkPixbuf **last)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GstElement) pipeline = NULL;
    g_autoptr(GstElement) source = NULL;
    g_autoptr(GstElement) sink = NULL;
    guint n = 0;

    pipeline = gst_parse_launch ("filesrc name=src ! matroskademux ! vp8dec ! videoconvert "
                                 "! video/x-raw,format=RGB ! appsink name=sink sync=false",
                                 &error);
    g_assert_no_error (error);
    source = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
    g_object_set (source, "location", path, NULL);
    g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                     GST_STATE_CHANGE_FAILURE);
    for (;;) {
        g_autoptr(GstSample) sample =
            gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND);

        if (sample == NULL)
            break;
        if (n == 0)
            *first = pixbuf_from_sample (sample);
        g_clear_object (last);
        *last = pixbuf_from_sample (sample);
        n++;
    }
    g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
    {
        g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
        g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

        if (message != NULL) {
            g_autoptr(GError) decode_error = NULL;

            gst_message_parse_error (message, &decode_error, NULL);
            g_error ("decoding %s failed: %s", path, decode_error->message);
        }
    }
    gst_element_set_state (pipeline, GST_STATE_NULL);
    return n;
}

/* Types @text into the guest, one key at a time, then waits @ms. */
static void
type_and_wait (VireoDisplay *display,
               const char   *text,
               guint         ms)
{
    /* grub under emulation loses keys that come quicker than it reads them
     * while busy: a pause after every key. */
    for (const char *p = text; *p != '\0'; p++) {
        char key[2] = { *p, '\0' };

        vireo_display_type_text (display, key);
        spin (150);
    }
    spin (ms);
}

/* Whether two pictures differ by no more than a blinking cursor. */
static gboolean
pixbufs_nearly_equal (GdkPixbuf *a,
                      GdkPixbuf *b)
{
    if (a == NULL || b == NULL || gdk_pixbuf_get_width (a) != gdk_pixbuf_get_width (b) ||
        gdk_pixbuf_get_height (a) != gdk_pixbuf_get_height (b))
        return FALSE;
    return count_changed_pixels (a, b) < 64;
}

/* Waits until the guest's screen has not changed for @quiet_ms (grub under
 * emulation is busy a while after a command and loses the keys typed
 * meanwhile), at most @timeout_ms. */
static void
wait_quiet (VireoDisplay *display,
            guint         quiet_ms,
            guint         timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    gint64 still_since = g_get_monotonic_time ();
    g_autoptr(GdkPixbuf) previous = vireo_display_dup_pixbuf (display);

    while (g_get_monotonic_time () < deadline) {
        g_autoptr(GdkPixbuf) now = NULL;

        spin (200);
        now = vireo_display_dup_pixbuf (display);
        if (!pixbufs_nearly_equal (previous, now)) {
            g_clear_object (&previous);
            previous = g_steal_pointer (&now);
            still_since = g_get_monotonic_time ();
        } else if (g_get_monotonic_time () - still_since >= (gint64) quiet_ms * 1000) {
            return;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Tests */

/* ~3 s of a grub session with typing: a WebM file with one VP8 stream of the
 * guest's size, >= 2 s long, whose frames show the guest and change. */
static void
test_record (void)
{
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *path = g_build_filename (tmpdir, "session.webm", NULL);
    g_autofree char *png = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) first = NULL;
    g_autoptr(GdkPixbuf) last = NULL;
    g_autoptr(GdkPixbuf) at_start = NULL;
    VideoInfo video;
    int width, height;
    guint non_black = 0;
    guint colours;
    guint n_frames;
    guint changed;
    gint64 cpu_start;
    gint64 wall_start;

    harness_open (&h, get_shared_guest ());
    g_assert_true (vireo_display_get_guest_size (h.display, &width, &height));
    g_test_message ("guest screen %dx%d", width, height);

    recorder = recorder_new (h.display, path, &w);
    cpu_start = cpu_ms ();
    wall_start = g_get_monotonic_time ();
    g_assert_cmpuint (vireo_display_recorder_get_frame_rate (recorder), ==, 10);
    g_assert_false (vireo_display_recorder_get_recording (recorder));
    g_assert_true (vireo_display_recorder_start (recorder, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_display_recorder_get_recording (recorder));
    /* A recorder records once. */
    g_assert_false (vireo_display_recorder_start (recorder, &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    g_clear_error (&error);

    at_start = vireo_display_dup_pixbuf (h.display);
    spin (1000);
    /* From grub's menu to its command line ('c'), then commands: the screen
     * changes (typed again when grub, busy, lost the keys). */
    for (guint attempt = 0; attempt < 3; attempt++) {
        g_autoptr(GdkPixbuf) now = NULL;

        type_and_wait (h.display, attempt == 0 ? "c" : "\n", 0);
        wait_quiet (h.display, 1000, 10000);
        type_and_wait (h.display, "ls\n", 0);
        wait_quiet (h.display, 1000, 10000);
        type_and_wait (h.display, "help\n", 1000);
        now = vireo_display_dup_pixbuf (h.display);
        if (now != NULL && count_changed_pixels (at_start, now) > 1000)
            break;
    }
    g_assert_true (recorder_stop (recorder, &error));
    g_assert_no_error (error);
    g_assert_true (w.finished);
    g_assert_false (w.failed);
    g_assert_false (vireo_display_recorder_get_recording (recorder));
    /* Serving the display and typing cost some of this too. */
    g_test_message ("%" G_GUINT64_FORMAT " frames recorded; the process used %" G_GINT64_FORMAT
                    " ms of CPU in %" G_GINT64_FORMAT " ms",
                    vireo_display_recorder_get_n_frames (recorder), cpu_ms () - cpu_start,
                    (g_get_monotonic_time () - wall_start) / 1000);
    g_assert_cmpuint (vireo_display_recorder_get_n_frames (recorder), >=, 20);
    /* Stopping again answers at once. */
    g_assert_true (recorder_stop (recorder, &error));
    g_assert_no_error (error);

    discover (path, &video);
    g_test_message ("duration %" GST_TIME_FORMAT ", %dx%d, seekable %d",
                    GST_TIME_ARGS (video.duration), video.width, video.height, video.seekable);
    g_assert_true (video.is_webm);
    g_assert_cmpuint (video.n_video, ==, 1);
    g_assert_true (video.is_vp8);
    g_assert_cmpint (video.width, ==, width);
    g_assert_cmpint (video.height, ==, height);
    g_assert_cmpuint (video.duration, >=, 2 * GST_SECOND);
    g_assert_cmpuint (video.duration, <, 60 * GST_SECOND);
    g_assert_true (video.seekable);

    n_frames = decode_frames (path, &first, &last);
    g_test_message ("%u frames decoded", n_frames);
    g_assert_cmpuint (n_frames, >=, 20);
    g_assert_nonnull (first);
    g_assert_nonnull (last);
    g_assert_cmpint (gdk_pixbuf_get_width (last), ==, width);
    colours = count_colours (last, &non_black);
    g_test_message ("last frame: %u colours, %u light pixels", colours, non_black);
    g_assert_cmpuint (colours, >=, 2);
    g_assert_cmpuint (non_black, >, 200);
    g_assert_cmpuint (non_black, <, (guint) (width * height) * 9 / 10);
    changed = count_changed_pixels (first, last);
    g_test_message ("%u pixels changed between the first and the last frame", changed);
    g_assert_cmpuint (changed, >, 100);
    png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR")
                            : tmpdir, "recording-frame.png", NULL);
    g_assert_true (gdk_pixbuf_save (last, png, "png", &error, NULL));
    g_assert_no_error (error);
    g_free (png);
    png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR")
                            : tmpdir, "recording-first-frame.png", NULL);
    g_assert_true (gdk_pixbuf_save (first, png, "png", &error, NULL));
    g_assert_no_error (error);

    harness_close (&h);
}

/* A missing folder: a specific error at start, and no file. */
static void
test_missing_folder (void)
{
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *folder = g_build_filename (tmpdir, "no-such-folder", NULL);
    g_autofree char *path = g_build_filename (folder, "x.webm", NULL);
    g_autoptr(GError) error = NULL;

    harness_open (&h, get_shared_guest ());
    recorder = recorder_new (h.display, path, &w);
    g_assert_false (vireo_display_recorder_start (recorder, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, folder));
    g_assert_nonnull (strstr (error->message, "does not exist"));
    g_assert_false (vireo_display_recorder_get_recording (recorder));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    g_clear_error (&error);

    /* A folder given as the file. */
    g_clear_object (&recorder);
    recorder = recorder_new (h.display, tmpdir, &w);
    g_assert_false (vireo_display_recorder_start (recorder, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
    g_clear_error (&error);

    /* Nothing to record once the display is closed. */
    harness_close (&h);
}

/* A GStreamer element that is not installed: the error names it and the
 * Debian package that has it; no file is made. */
static void
test_missing_element (void)
{
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *path = g_build_filename (tmpdir, "no-muxer.webm", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GstPluginFeature) muxer = NULL;
    GstRegistry *registry = gst_registry_get ();

    muxer = gst_registry_lookup_feature (registry, "webmmux");
    g_assert_nonnull (muxer);
    harness_open (&h, get_shared_guest ());
    /* As on a system without gstreamer1.0-plugins-good's muxer. */
    gst_registry_remove_feature (registry, muxer);
    recorder = recorder_new (h.display, path, &w);
    g_assert_false (vireo_display_recorder_start (recorder, &error));
    gst_registry_add_feature (registry, g_object_ref (muxer));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "webmmux"));
    g_assert_nonnull (strstr (error->message, "gstreamer1.0-plugins-good"));
    g_assert_false (vireo_display_recorder_get_recording (recorder));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    harness_close (&h);
}

/* A folder on a read-only file system: a specific error at start. */
static void
test_read_only_folder (void)
{
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *mnt = g_build_filename (tmpdir, "read-only", NULL);
    g_autofree char *path = g_build_filename (mnt, "x.webm", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
    vireo_test_mount_tmpfs (mnt, MS_RDONLY, "size=64k");
    harness_open (&h, get_shared_guest ());
    recorder = recorder_new (h.display, path, &w);
    g_assert_false (vireo_display_recorder_start (recorder, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_nonnull (strstr (error->message, "cannot write to the folder"));
    g_assert_nonnull (strstr (error->message, mnt));
    harness_close (&h);
    vireo_test_umount (mnt);
}

/* A full disk: ::failed with G_IO_ERROR_NO_SPACE and a disk-full message. */
static void
test_disk_full (void)
{
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *mnt = g_build_filename (tmpdir, "small", NULL);
    g_autofree char *filler = g_build_filename (mnt, "filler", NULL);
    g_autofree char *path = g_build_filename (mnt, "full.webm", NULL);
    g_autoptr(GError) error = NULL;
    char block[1024] = { 0 };
    gsize filled = 0;
    gboolean stopped;
    int fd;

    g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
    vireo_test_mount_tmpfs (mnt, 0, "size=64k");
    /* Leave 4 KiB free: the file's header fits, its first picture does not. */
    fd = open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    g_assert_cmpint (fd, >=, 0);
    while (write (fd, block, sizeof block) == (ssize_t) sizeof block)
        filled += sizeof block;
    close (fd);
    g_assert_cmpint (truncate (filler, (off_t) (filled - 4096)), ==, 0);
    g_test_message ("the tmpfs holds %" G_GSIZE_FORMAT " bytes of filler", filled - 4096);

    harness_open (&h, get_shared_guest ());
    recorder = recorder_new (h.display, path, &w);
    g_assert_true (vireo_display_recorder_start (recorder, &error));
    g_assert_no_error (error);
    spin (500);
    type_and_wait (h.display, "ls\n", 1500);
    /* The failure shows up as the data is written: while recording or, at the
     * latest, when the stop flushes the file. */
    if (!w.ended)
        vireo_test_wait_for (&w.ended, 2000);
    stopped = recorder_stop (recorder, &error);
    g_assert_false (stopped);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_assert_true (w.failed);
    g_assert_false (w.finished);
    g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_assert_nonnull (strstr (w.error->message, "disk is full"));
    g_assert_nonnull (strstr (w.error->message, path));
    g_assert_false (vireo_display_recorder_get_recording (recorder));
    g_assert_nonnull (vireo_display_recorder_get_error (recorder));
    g_clear_error (&w.error);
    /* The display goes on working. */
    g_assert_true (vireo_display_get_connected (h.display));

    harness_close (&h);
    vireo_test_umount (mnt);
}

static void
size_changed_cb (VireoDisplay *display,
                 int           width,
                 int           height,
                 int          *changes)
{
    (*changes)++;
}

/* The guest changes its screen mode while recording (grub's text console to
 * its graphical one): the video keeps the first size, with the new pictures
 * scaled into it, and stays one playable VP8 stream. */
static void
test_mode_change (void)
{
    Guest *guest = guest_start ("mode");
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *path = g_build_filename (tmpdir, "mode.webm", NULL);
    g_autofree char *png = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) first = NULL;
    g_autoptr(GdkPixbuf) last = NULL;
    VideoInfo video;
    int width, height, new_width = 0, new_height = 0;
    int changes = 0;
    guint non_black = 0;
    gint64 deadline;

    harness_open (&h, guest);
    g_assert_true (vireo_display_get_guest_size (h.display, &width, &height));
    g_signal_connect (h.display, "size-changed", G_CALLBACK (size_changed_cb), &changes);
    recorder = recorder_new (h.display, path, &w);
    g_assert_true (vireo_display_recorder_start (recorder, &error));
    g_assert_no_error (error);
    /* grub's command line, then a graphical mode; typed again when grub,
     * busy, lost some of the keys. */
    type_and_wait (h.display, "c", 0);
    for (guint attempt = 0; attempt < 3 && changes == 0; attempt++) {
        wait_quiet (h.display, 1500, 15000);
        type_and_wait (h.display, "\n", 0);
        wait_quiet (h.display, 1500, 15000);
        type_and_wait (h.display, "insmod all_video\n", 0);
        wait_quiet (h.display, 1500, 15000);
        type_and_wait (h.display, "set gfxmode=640x480\n", 0);
        wait_quiet (h.display, 1500, 15000);
        type_and_wait (h.display, "terminal_output gfxterm\n", 0);
        deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
        while (changes == 0 && g_get_monotonic_time () < deadline)
            spin (50);
    }
    if (changes == 0) {
        g_autoptr(GdkPixbuf) screen = vireo_display_dup_pixbuf (h.display);

        png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR")
                                : tmpdir, "recording-mode-unchanged.png", NULL);
        gdk_pixbuf_save (screen, png, "png", NULL, NULL);
        g_error ("the guest did not change its screen mode; its screen is in %s", png);
    }
    g_assert_true (vireo_display_get_guest_size (h.display, &new_width, &new_height));
    g_test_message ("the guest went from %dx%d to %dx%d", width, height, new_width, new_height);
    g_assert_true (new_width != width || new_height != height);
    type_and_wait (h.display, "ls\n", 2000);
    g_assert_true (recorder_stop (recorder, &error));
    g_assert_no_error (error);
    g_assert_true (w.finished);

    discover (path, &video);
    g_assert_true (video.is_webm);
    g_assert_true (video.is_vp8);
    g_assert_cmpint (video.width, ==, width);
    g_assert_cmpint (video.height, ==, height);
    g_assert_cmpuint (video.duration, >=, 2 * GST_SECOND);
    g_assert_cmpuint (decode_frames (path, &first, &last), >=, 20);
    g_assert_cmpint (gdk_pixbuf_get_width (last), ==, width);
    g_assert_cmpint (gdk_pixbuf_get_height (last), ==, height);
    g_assert_cmpuint (count_colours (last, &non_black), >=, 2);
    g_test_message ("last frame after the mode change: %u light pixels", non_black);
    g_assert_cmpuint (non_black, >, 100);
    png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR")
                            : tmpdir, "recording-mode-change.png", NULL);
    g_assert_true (gdk_pixbuf_save (last, png, "png", &error, NULL));
    g_assert_no_error (error);

    g_signal_handlers_disconnect_by_func (h.display, size_changed_cb, &changes);
    harness_close (&h);
    guest_stop (guest);
}

/* The guest goes away while recording: the file is completed and plays. */
static void
test_disconnect (void)
{
    Guest *guest = guest_start ("disconnect");
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *path = g_build_filename (tmpdir, "cut.webm", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) first = NULL;
    g_autoptr(GdkPixbuf) last = NULL;
    VideoInfo video;
    guint non_black = 0;
    int width, height;

    harness_open (&h, guest);
    g_assert_true (vireo_display_get_guest_size (h.display, &width, &height));
    recorder = recorder_new (h.display, path, &w);
    g_assert_true (vireo_display_recorder_start (recorder, &error));
    g_assert_no_error (error);
    type_and_wait (h.display, "help\n", 2500);

    /* Ends exactly the QEMU process this test started, by its pid. */
    g_subprocess_force_exit (guest->process);
    g_assert_true (vireo_test_wait_for (&h.disconnected, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&w.ended, STOP_TIMEOUT_MS));
    g_assert_true (w.finished);
    g_assert_false (w.failed);
    g_assert_false (vireo_display_recorder_get_recording (recorder));
    /* A stop afterwards answers at once, successfully. */
    g_assert_true (recorder_stop (recorder, &error));
    g_assert_no_error (error);

    discover (path, &video);
    g_test_message ("duration %" GST_TIME_FORMAT, GST_TIME_ARGS (video.duration));
    g_assert_true (video.is_webm);
    g_assert_true (video.is_vp8);
    g_assert_cmpint (video.width, ==, width);
    g_assert_cmpint (video.height, ==, height);
    g_assert_cmpuint (video.duration, >=, 2 * GST_SECOND);
    g_assert_cmpuint (decode_frames (path, &first, &last), >=, 15);
    g_assert_cmpuint (count_colours (last, &non_black), >=, 2);
    g_assert_cmpuint (non_black, >, 200);

    harness_close (&h);
    guest_stop (guest);
}

/* A SPICE console records the same way. */
static void
test_spice (void)
{
    Guest *guest = guest_start_full ("spice", TRUE);
    Harness h;
    Watch w;
    g_autoptr(VireoDisplayRecorder) recorder = NULL;
    g_autofree char *path = g_build_filename (tmpdir, "spice.webm", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) first = NULL;
    g_autoptr(GdkPixbuf) last = NULL;
    VideoInfo video;
    guint non_black = 0;
    int width, height;

    harness_open (&h, guest);
    g_assert_true (vireo_display_get_guest_size (h.display, &width, &height));
    g_test_message ("SPICE guest screen %dx%d", width, height);
    recorder = recorder_new (h.display, path, &w);
    g_assert_true (vireo_display_recorder_start (recorder, &error));
    g_assert_no_error (error);
    type_and_wait (h.display, "c", 2500);
    g_assert_true (recorder_stop (recorder, &error));
    g_assert_no_error (error);
    g_assert_true (w.finished);

    discover (path, &video);
    g_assert_true (video.is_webm);
    g_assert_true (video.is_vp8);
    g_assert_cmpint (video.width, ==, width);
    g_assert_cmpint (video.height, ==, height);
    g_assert_cmpuint (video.duration, >=, 2 * GST_SECOND);
    g_assert_cmpuint (decode_frames (path, &first, &last), >=, 15);
    g_assert_cmpuint (count_colours (last, &non_black), >=, 2);
    g_assert_cmpuint (non_black, >, 200);

    harness_close (&h);
    guest_stop (guest);
}

/* Not connected: nothing to record. */
static void
test_not_connected (void)
{
    g_autoptr(VireoDisplay) display = g_object_ref_sink (vireo_display_vnc_new ());
    g_autofree char *path = g_build_filename (tmpdir, "never.webm", NULL);
    g_autoptr(VireoDisplayRecorder) recorder = vireo_display_recorder_new (display, path);
    g_autoptr(GError) error = NULL;

    g_assert_false (vireo_display_recorder_start (recorder, &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_true (vireo_display_recorder_get_display (recorder) == display);
    g_assert_cmpstr (vireo_display_recorder_get_path (recorder), ==, path);
}

int
main (int    argc,
      char **argv)
{
    int status;

    vireo_test_log_capture ();
    g_test_init (&argc, &argv, NULL);
    /* Warnings and criticals stay fatal, but for spice-gtk's on a link cut
     * during its handshake (the SPICE test closes its console while the
     * USB channels may still connect). */
    g_log_set_always_fatal (G_LOG_FATAL_MASK);
    vireo_test_log_set_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL, NULL);
    gtk_init (&argc, &argv);
    gst_init (&argc, &argv);
    tmpdir = vireo_test_mkdtemp ("vireo-recorder-XXXXXX");

    g_test_add_func ("/vireo/recorder/not-connected", test_not_connected);
    g_test_add_func ("/vireo/recorder/record", test_record);
    g_test_add_func ("/vireo/recorder/missing-folder", test_missing_folder);
    g_test_add_func ("/vireo/recorder/missing-element", test_missing_element);
    g_test_add_func ("/vireo/recorder/read-only-folder", test_read_only_folder);
    g_test_add_func ("/vireo/recorder/disk-full", test_disk_full);
    g_test_add_func ("/vireo/recorder/disconnect", test_disconnect);
    g_test_add_func ("/vireo/recorder/mode-change", test_mode_change);
    g_test_add_func ("/vireo/recorder/spice", test_spice);

    status = g_test_run ();
    guest_stop (shared_guest);
    vireo_test_rmtree (tmpdir);
    g_free (tmpdir);
    return status;
}
