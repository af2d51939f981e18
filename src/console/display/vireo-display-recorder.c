/* vireo-display-recorder.c: records a console display to a WebM file (GStreamer)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "vireo-console-error.h"
#include "vireo-display-recorder.h"

typedef enum {
    RECORDER_IDLE,       /* not started */
    RECORDER_RECORDING,
    RECORDER_STOPPING,   /* end-of-stream sent, waiting for the muxer */
    RECORDER_CLOSING,    /* the pipeline is being shut down */
    RECORDER_DONE,       /* the file is closed (error set when it failed) */
} RecorderState;

struct _VireoDisplayRecorder {
    GObject        parent_instance;

    /* owned */
    VireoDisplay  *display;
    char          *path;
    GstElement    *pipeline;
    GstElement    *source;          /* the appsrc, borrowed from the pipeline */
    GstBuffer     *last_frame;      /* repeated when the display has no picture */
    GList         *stop_tasks;      /* GTask */
    GError        *error;

    /* settings */
    guint          fps;

    /* state */
    RecorderState  state;
    gulong         disconnected_id;
    guint          bus_watch;
    guint          frame_timer;
    guint          eos_timeout;
    gint64         start_time;      /* monotonic, microseconds */
    GstClockTime   last_pts;
    guint64        n_frames;
    int            frame_width;     /* the caps set on the appsrc */
    int            frame_height;
    gboolean       frame_alpha;
};

enum {
    PROP_0,
    PROP_DISPLAY,
    PROP_PATH,
    PROP_FRAME_RATE,
    PROP_RECORDING,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_FINISHED,
    SIGNAL_FAILED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoDisplayRecorder, vireo_display_recorder, G_TYPE_OBJECT)

/* Seconds the muxer gets to complete the file after end-of-stream. */
#define EOS_TIMEOUT_S 15
/* Frames queued for the encoder beyond which new ones are dropped. */
#define MAX_QUEUED_FRAMES 30

/* The elements of the pipeline and the Debian package each comes in. */
static const struct {
    const char *factory;
    const char *package;
} elements[] = {
    { "appsrc",       "gstreamer1.0-plugins-base" },
    { "videoconvert", "gstreamer1.0-plugins-base" },
    { "videoscale",   "gstreamer1.0-plugins-base" },
    { "capsfilter",   "libgstreamer1.0-0" },
    { "vp8enc",       "gstreamer1.0-plugins-good" },
    { "webmmux",      "gstreamer1.0-plugins-good" },
    { "filesink",     "libgstreamer1.0-0" },
};

static gboolean frame_timer_cb (gpointer user_data);
static gboolean eos_timeout_cb (gpointer user_data);
static gboolean bus_message_cb (GstBus     *bus,
                                GstMessage *message,
                                gpointer    user_data);

static gboolean
check_folder (const char *path,
              GError    **error)
{
    g_autofree char *folder = g_path_get_dirname (path);

    if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                     _("“%s” is a folder: choose a file name to record to."), path);
        return FALSE;
    }
    if (!g_file_test (folder, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The recording cannot be saved: the folder “%s” does not exist."),
                     folder);
        return FALSE;
    }
    if (g_access (folder, W_OK) != 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("The recording cannot be saved: you cannot write to the folder “%s”."),
                     folder);
        return FALSE;
    }
    return TRUE;
}

static GstElement *
make_element (const char *factory,
              GError    **error)
{
    GstElement *element = gst_element_factory_make (factory, NULL);

    if (element == NULL) {
        const char *package = "gstreamer1.0-plugins-good";

        for (guint i = 0; i < G_N_ELEMENTS (elements); i++) {
            if (g_str_equal (elements[i].factory, factory))
                package = elements[i].package;
        }
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                     _("Recording needs the GStreamer element “%s”, which is not installed "
                       "(on Debian it is in the package %s)."), factory, package);
    }
    return element;
}

static GError *
error_from_message (VireoDisplayRecorder *self,
                    GstMessage           *message)
{
    g_autoptr(GError) gst_error = NULL;
    g_autofree char *debug = NULL;

    gst_message_parse_error (message, &gst_error, &debug);
    g_debug ("Recording %s failed in %s: %s (%s)", self->path,
             GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), gst_error->message,
             debug ? debug : "");
    if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT))
        return g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                            _("The disk is full: the recording “%s” was stopped; what was "
                              "recorded until then is kept."), self->path);
    if (gst_error->domain == GST_RESOURCE_ERROR)
        return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                            _("The recording “%s” could not be written: %s"), self->path,
                            gst_error->message);
    return g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                        _("The recording “%s” failed: %s"), self->path, gst_error->message);
}

static void
set_frame_caps (VireoDisplayRecorder *self,
                int                   width,
                int                   height,
                gboolean              alpha)
{
    g_autoptr(GstCaps) caps = NULL;

    if (width == self->frame_width && height == self->frame_height &&
        alpha == self->frame_alpha)
        return;
    /* New caps travel in order with the frames: the scaler adapts to them
     * and the encoder keeps getting the first size. */
    caps = gst_caps_new_simple ("video/x-raw",
                                "format", G_TYPE_STRING, alpha ? "RGBA" : "RGB",
                                "width", G_TYPE_INT, width,
                                "height", G_TYPE_INT, height,
                                "framerate", GST_TYPE_FRACTION, (int) self->fps, 1,
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                NULL);
    gst_app_src_set_caps (GST_APP_SRC (self->source), caps);
    self->frame_width = width;
    self->frame_height = height;
    self->frame_alpha = alpha;
}

/* A copy of the picture in GStreamer's default layout for its caps. */
static GstBuffer *
buffer_from_pixbuf (GdkPixbuf *pixbuf)
{
    int width = gdk_pixbuf_get_width (pixbuf);
    int height = gdk_pixbuf_get_height (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
    int dst_stride = GST_ROUND_UP_4 (width * channels);
    const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
    GstBuffer *buffer = gst_buffer_new_allocate (NULL, (gsize) dst_stride * height, NULL);
    GstMapInfo map;

    gst_buffer_map (buffer, &map, GST_MAP_WRITE);
    for (int y = 0; y < height; y++) {
        memcpy (map.data + (gsize) y * dst_stride, pixels + (gsize) y * src_stride,
                (gsize) width * channels);
        if (dst_stride > width * channels)
            memset (map.data + (gsize) y * dst_stride + width * channels, 0,
                    dst_stride - width * channels);
    }
    gst_buffer_unmap (buffer, &map);
    return buffer;
}

/* The display's current picture (or the last one, when it has none now)
 * stamped with the time since the start. */
static void
push_frame (VireoDisplayRecorder *self)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    GstAppSrc *source = GST_APP_SRC (self->source);
    GstBuffer *buffer;
    GstClockTime pts;

    g_assert (self->source != NULL);

    if (self->display != NULL)
        pixbuf = vireo_display_dup_pixbuf (self->display);
    if (pixbuf != NULL) {
        set_frame_caps (self, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                        gdk_pixbuf_get_has_alpha (pixbuf));
        g_clear_pointer (&self->last_frame, gst_buffer_unref);
        self->last_frame = buffer_from_pixbuf (pixbuf);
    }
    if (self->last_frame == NULL)
        return;
    /* An encoder that cannot keep up loses frames rather than memory. */
    if (gst_app_src_get_current_level_bytes (source) >
        MAX_QUEUED_FRAMES * gst_buffer_get_size (self->last_frame)) {
        g_debug ("Recording %s: the encoder is behind, a frame is dropped", self->path);
        return;
    }
    pts = (GstClockTime) (g_get_monotonic_time () - self->start_time) * GST_USECOND;
    if (self->n_frames > 0 && pts < self->last_pts + GST_MSECOND)
        pts = self->last_pts + GST_MSECOND;
    /* A new buffer sharing the picture's memory. */
    buffer = gst_buffer_copy (self->last_frame);
    GST_BUFFER_PTS (buffer) = pts;
    GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
    GST_BUFFER_DURATION (buffer) = GST_SECOND / self->fps;
    if (gst_app_src_push_buffer (source, buffer) == GST_FLOW_OK) {
        self->last_pts = pts;
        self->n_frames++;
    }
}

static void
close_pipeline_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
    /* Joins the streaming threads and closes the file. */
    gst_element_set_state (GST_ELEMENT (task_data), GST_STATE_NULL);
    g_task_return_boolean (task, TRUE);
}

static void
disconnect_display (VireoDisplayRecorder *self)
{
    /* A destroyed display widget has dropped its handlers already. */
    if (self->display != NULL && self->disconnected_id != 0 &&
        g_signal_handler_is_connected (self->display, self->disconnected_id))
        g_signal_handler_disconnect (self->display, self->disconnected_id);
    self->disconnected_id = 0;
}

static void pipeline_closed_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data);

/* Shuts the pipeline down in a worker thread; @error (taken) says why the
 * recording failed, NULL when the file was completed. */
static void
close_pipeline (VireoDisplayRecorder *self,
                GError               *error)
{
    g_autoptr(GTask) task = NULL;

    if (self->state == RECORDER_CLOSING || self->state == RECORDER_DONE) {
        g_clear_error (&error);
        return;
    }
    self->state = RECORDER_CLOSING;
    if (error != NULL && self->error == NULL)
        self->error = error;
    else
        g_clear_error (&error);
    g_clear_handle_id (&self->frame_timer, g_source_remove);
    g_clear_handle_id (&self->eos_timeout, g_source_remove);
    g_clear_handle_id (&self->bus_watch, g_source_remove);
    disconnect_display (self);

    task = g_task_new (self, NULL, pipeline_closed_cb, NULL);
    g_task_set_source_tag (task, close_pipeline);
    g_task_set_task_data (task, gst_object_ref (self->pipeline), gst_object_unref);
    g_task_run_in_thread (task, close_pipeline_thread);
}

/* Sends end-of-stream after a last frame; the muxer then completes the
 * file and the bus reports EOS. */
static void
begin_stop (VireoDisplayRecorder *self)
{
    g_assert (self->state == RECORDER_RECORDING);

    self->state = RECORDER_STOPPING;
    g_clear_handle_id (&self->frame_timer, g_source_remove);
    push_frame (self);
    gst_app_src_end_of_stream (GST_APP_SRC (self->source));
    self->eos_timeout = g_timeout_add_seconds (EOS_TIMEOUT_S, eos_timeout_cb, self);
}

/* ------------------------------------------------------------------------ */
/* Callbacks */

static gboolean
frame_timer_cb (gpointer user_data)
{
    VireoDisplayRecorder *self = user_data;

    if (self->state != RECORDER_RECORDING) {
        self->frame_timer = 0;
        return G_SOURCE_REMOVE;
    }
    push_frame (self);
    return G_SOURCE_CONTINUE;
}

static gboolean
eos_timeout_cb (gpointer user_data)
{
    VireoDisplayRecorder *self = user_data;

    self->eos_timeout = 0;
    close_pipeline (self, g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                                       _("The recording “%s” could not be completed in "
                                         "time; the video may not play to its end."),
                                       self->path));
    return G_SOURCE_REMOVE;
}

static gboolean
bus_message_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
    VireoDisplayRecorder *self = user_data;

    switch (GST_MESSAGE_TYPE (message)) {
    case GST_MESSAGE_EOS:
        self->bus_watch = 0;
        close_pipeline (self, NULL);
        return G_SOURCE_REMOVE;
    case GST_MESSAGE_ERROR:
        self->bus_watch = 0;
        close_pipeline (self, error_from_message (self, message));
        return G_SOURCE_REMOVE;
    case GST_MESSAGE_WARNING: {
        g_autoptr(GError) warning = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &warning, &debug);
        g_debug ("Recording %s: %s (%s)", self->path, warning->message, debug ? debug : "");
        break;
    }
    default:
        break;
    }
    return G_SOURCE_CONTINUE;
}

static void
display_disconnected_cb (VireoDisplay *display,
                         const GError *error,
                         gpointer      user_data)
{
    VireoDisplayRecorder *self = user_data;

    /* The guest is gone: complete the file with what was recorded. */
    if (self->state == RECORDER_RECORDING)
        begin_stop (self);
}

static void
pipeline_closed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    VireoDisplayRecorder *self = VIREO_DISPLAY_RECORDER (source);
    GList *tasks;

    g_clear_pointer (&self->pipeline, gst_object_unref);
    self->source = NULL;
    g_clear_pointer (&self->last_frame, gst_buffer_unref);
    g_clear_object (&self->display);
    self->state = RECORDER_DONE;
    tasks = g_steal_pointer (&self->stop_tasks);

    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
    if (self->error != NULL)
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, self->error);
    else
        g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    for (GList *l = tasks; l != NULL; l = l->next) {
        GTask *task = l->data;

        if (self->error != NULL)
            g_task_return_error (task, g_error_copy (self->error));
        else
            g_task_return_boolean (task, TRUE);
        g_object_unref (task);
    }
    g_list_free (tasks);
    /* The reference the recording held on itself since its start. */
    g_object_unref (self);
}

/* ------------------------------------------------------------------------ */
/* Overrides */

static void
vireo_display_recorder_dispose (GObject *object)
{
    VireoDisplayRecorder *self = VIREO_DISPLAY_RECORDER (object);

    /* A running recording holds a reference on itself: only a recorder that
     * never started, or whose file is closed, gets here. */
    g_clear_handle_id (&self->frame_timer, g_source_remove);
    g_clear_handle_id (&self->eos_timeout, g_source_remove);
    g_clear_handle_id (&self->bus_watch, g_source_remove);
    if (self->pipeline != NULL) {
        gst_element_set_state (self->pipeline, GST_STATE_NULL);
        g_clear_pointer (&self->pipeline, gst_object_unref);
        self->source = NULL;
    }
    disconnect_display (self);
    g_clear_object (&self->display);
    g_clear_pointer (&self->last_frame, gst_buffer_unref);

    G_OBJECT_CLASS (vireo_display_recorder_parent_class)->dispose (object);
}

static void
vireo_display_recorder_finalize (GObject *object)
{
    VireoDisplayRecorder *self = VIREO_DISPLAY_RECORDER (object);

    g_free (self->path);
    g_clear_error (&self->error);

    G_OBJECT_CLASS (vireo_display_recorder_parent_class)->finalize (object);
}

static void
vireo_display_recorder_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
    VireoDisplayRecorder *self = VIREO_DISPLAY_RECORDER (object);

    switch (prop_id) {
    case PROP_DISPLAY:
        g_value_set_object (value, self->display);
        break;
    case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
    case PROP_FRAME_RATE:
        g_value_set_uint (value, self->fps);
        break;
    case PROP_RECORDING:
        g_value_set_boolean (value, vireo_display_recorder_get_recording (self));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_display_recorder_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
    VireoDisplayRecorder *self = VIREO_DISPLAY_RECORDER (object);

    switch (prop_id) {
    case PROP_DISPLAY:
        self->display = g_value_dup_object (value);
        break;
    case PROP_PATH:
        self->path = g_value_dup_string (value);
        break;
    case PROP_FRAME_RATE:
        vireo_display_recorder_set_frame_rate (self, g_value_get_uint (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_display_recorder_class_init (VireoDisplayRecorderClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vireo_display_recorder_dispose;
    object_class->finalize = vireo_display_recorder_finalize;
    object_class->get_property = vireo_display_recorder_get_property;
    object_class->set_property = vireo_display_recorder_set_property;

    properties[PROP_DISPLAY] =
        g_param_spec_object ("display", NULL, NULL, VIREO_TYPE_DISPLAY,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_PATH] =
        g_param_spec_string ("path", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_FRAME_RATE] =
        g_param_spec_uint ("frame-rate", NULL, NULL, 1, 60,
                           VIREO_DISPLAY_RECORDER_DEFAULT_FRAME_RATE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);
    properties[PROP_RECORDING] =
        g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_FINISHED] =
        g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_FAILED] =
        g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vireo_display_recorder_init (VireoDisplayRecorder *self)
{
    self->fps = VIREO_DISPLAY_RECORDER_DEFAULT_FRAME_RATE;
    self->state = RECORDER_IDLE;
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoDisplayRecorder *
vireo_display_recorder_new (VireoDisplay *display,
                            const char   *path)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY (display), NULL);
    g_return_val_if_fail (path != NULL, NULL);

    return g_object_new (VIREO_TYPE_DISPLAY_RECORDER, "display", display, "path", path, NULL);
}

VireoDisplay *
vireo_display_recorder_get_display (VireoDisplayRecorder *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), NULL);

    return self->display;
}

const char *
vireo_display_recorder_get_path (VireoDisplayRecorder *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), NULL);

    return self->path;
}

void
vireo_display_recorder_set_frame_rate (VireoDisplayRecorder *self,
                                       guint                 fps)
{
    g_return_if_fail (VIREO_IS_DISPLAY_RECORDER (self));
    g_return_if_fail (fps >= 1 && fps <= 60);
    g_return_if_fail (self->state == RECORDER_IDLE);

    if (self->fps == fps)
        return;
    self->fps = fps;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_RATE]);
}

guint
vireo_display_recorder_get_frame_rate (VireoDisplayRecorder *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), 0);

    return self->fps;
}

gboolean
vireo_display_recorder_start (VireoDisplayRecorder *self,
                              GError              **error)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autoptr(GstElement) pipeline = NULL;
    g_autoptr(GstBus) bus = NULL;
    g_autoptr(GstCaps) size_caps = NULL;
    GstElement *chain[G_N_ELEMENTS (elements)];
    GstElement *encoder;
    GError *gst_error = NULL;
    int width;
    int height;

    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (self->state != RECORDER_IDLE) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("This recording has already been made; start a new one."));
        return FALSE;
    }
    if (!vireo_display_get_connected (self->display)) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("The console is not connected, so there is nothing to record."));
        return FALSE;
    }
    pixbuf = vireo_display_dup_pixbuf (self->display);
    if (pixbuf == NULL) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("The console shows no picture yet; try again in a moment."));
        return FALSE;
    }
    if (!check_folder (self->path, error))
        return FALSE;
    if (!gst_is_initialized () && !gst_init_check (NULL, NULL, &gst_error)) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                     _("GStreamer, which records the console, could not start: %s"),
                     gst_error->message);
        g_error_free (gst_error);
        return FALSE;
    }

    pipeline = gst_object_ref_sink (gst_pipeline_new ("vireo-recorder"));
    for (guint i = 0; i < G_N_ELEMENTS (elements); i++) {
        chain[i] = make_element (elements[i].factory, error);
        if (chain[i] == NULL)
            return FALSE;
        gst_bin_add (GST_BIN (pipeline), chain[i]);
    }
    self->source = chain[0];
    encoder = chain[4];

    g_object_set (self->source, "format", GST_FORMAT_TIME, "is-live", FALSE,
                  "block", FALSE, "max-bytes", (guint64) 0, NULL);
    /* The video keeps the first size; later ones are scaled into it with
     * borders (videoscale's add-borders). */
    width = gdk_pixbuf_get_width (pixbuf);
    height = gdk_pixbuf_get_height (pixbuf);
    size_caps = gst_caps_new_simple ("video/x-raw",
                                     "width", G_TYPE_INT, width,
                                     "height", G_TYPE_INT, height,
                                     "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                     NULL);
    g_object_set (chain[3], "caps", size_caps, NULL);
    /* Real-time settings: little CPU, no look-ahead; a key frame every ten
     * seconds so that players can seek. */
    g_object_set (encoder,
                  "deadline", (gint64) 1,
                  "cpu-used", 8,
                  "threads", CLAMP ((int) g_get_num_processors () / 2, 1, 4),
                  "lag-in-frames", 0,
                  "target-bitrate", 1500000,
                  "keyframe-max-dist", (int) self->fps * 10,
                  NULL);
    gst_util_set_object_arg (G_OBJECT (encoder), "end-usage", "vbr");
    /* Millisecond time stamps: frames come when the timer fires. */
    g_object_set (encoder, "timebase", 1, 1000, NULL);
    g_object_set (chain[5], "writing-app", "Vireo", NULL);
    g_object_set (chain[6], "location", self->path, "async", FALSE, NULL);

    for (guint i = 0; i + 1 < G_N_ELEMENTS (elements); i++) {
        if (!gst_element_link (chain[i], chain[i + 1])) {
            self->source = NULL;
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("The recording pipeline could not be built (%s to %s)."),
                         elements[i].factory, elements[i + 1].factory);
            return FALSE;
        }
    }
    self->pipeline = g_steal_pointer (&pipeline);
    self->frame_width = 0;
    set_frame_caps (self, width, height, gdk_pixbuf_get_has_alpha (pixbuf));

    bus = gst_element_get_bus (self->pipeline);
    if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

        if (message != NULL)
            g_propagate_error (error, error_from_message (self, message));
        else
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("The recording “%s” could not start."), self->path);
        gst_element_set_state (self->pipeline, GST_STATE_NULL);
        g_clear_pointer (&self->pipeline, gst_object_unref);
        self->source = NULL;
        return FALSE;
    }
    self->bus_watch = gst_bus_add_watch (bus, bus_message_cb, self);

    /* Until its file is closed, the recording keeps itself alive. */
    g_object_ref (self);
    self->state = RECORDER_RECORDING;
    self->start_time = g_get_monotonic_time ();
    self->disconnected_id = g_signal_connect (self->display, "disconnected",
                                              G_CALLBACK (display_disconnected_cb), self);
    push_frame (self);
    self->frame_timer = g_timeout_add (1000 / self->fps, frame_timer_cb, self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
    return TRUE;
}

void
vireo_display_recorder_stop_async (VireoDisplayRecorder *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIREO_IS_DISPLAY_RECORDER (self));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_display_recorder_stop_async);
    switch (self->state) {
    case RECORDER_IDLE:
        g_task_return_boolean (task, TRUE);
        return;
    case RECORDER_DONE:
        if (self->error != NULL)
            g_task_return_error (task, g_error_copy (self->error));
        else
            g_task_return_boolean (task, TRUE);
        return;
    case RECORDER_RECORDING:
        begin_stop (self);
        break;
    case RECORDER_STOPPING:
    case RECORDER_CLOSING:
    default:
        break;
    }
    self->stop_tasks = g_list_append (self->stop_tasks, g_steal_pointer (&task));
}

gboolean
vireo_display_recorder_stop_finish (VireoDisplayRecorder *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vireo_display_recorder_get_recording (VireoDisplayRecorder *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), FALSE);

    return self->state != RECORDER_IDLE && self->state != RECORDER_DONE;
}

guint64
vireo_display_recorder_get_n_frames (VireoDisplayRecorder *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), 0);

    return self->n_frames;
}

const GError *
vireo_display_recorder_get_error (VireoDisplayRecorder *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_RECORDER (self), NULL);

    return self->error;
}
