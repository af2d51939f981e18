/* vireo-display-recorder.h: records a console display to a WebM file (GStreamer)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-display.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISPLAY_RECORDER (vireo_display_recorder_get_type ())
G_DECLARE_FINAL_TYPE (VireoDisplayRecorder, vireo_display_recorder, VIREO, DISPLAY_RECORDER,
                      GObject)

#define VIREO_DISPLAY_RECORDER_DEFAULT_FRAME_RATE 10

/*
 * A recorder writes what a display shows to a WebM file (VP8 video):
 *
 *   appsrc ! videoconvert ! videoscale ! capsfilter ! vp8enc ! webmmux ! filesink
 *
 * A timer on the main context takes the display's current picture
 * (vireo_display_dup_pixbuf()) frame-rate times a second and stamps it with
 * the time elapsed since the start on the monotonic clock, so the video's
 * timeline is the wall clock's even while the guest draws nothing.
 * Encoding and writing run in GStreamer's threads; nothing blocks the main
 * loop.
 *
 * The video keeps the size the guest had at the start: when the guest
 * changes mode, its pictures are scaled into that size, keeping their
 * aspect ratio (black borders), so the file stays one valid VP8 stream.
 *
 * A recording ends with vireo_display_recorder_stop_async() (the muxer then
 * completes the file: duration and seek index), when the display
 * disconnects (the file is completed the same way), or on an error.
 * A running recording keeps itself alive until its file is closed.
 *
 * Signals:
 *   ::finished ()           the file is complete and closed
 *   ::failed (GError *e)    the recording stopped on an error (e.g. the disk
 *                           is full: G_IO_ERROR_NO_SPACE); what was written
 *                           stays in the file
 * Properties: display, path, frame-rate (construct), recording (read-only:
 *   TRUE from a successful start until the file is closed)
 */
VireoDisplayRecorder *vireo_display_recorder_new            (VireoDisplay *display,
                                                             const char   *path)
    G_GNUC_WARN_UNUSED_RESULT;

VireoDisplay *vireo_display_recorder_get_display            (VireoDisplayRecorder *self);
const char   *vireo_display_recorder_get_path               (VireoDisplayRecorder *self);
/* Frames a second, 1 to 60; set before starting. */
void          vireo_display_recorder_set_frame_rate         (VireoDisplayRecorder *self,
                                                             guint                 fps);
guint         vireo_display_recorder_get_frame_rate         (VireoDisplayRecorder *self);

/* Starts recording.  Fails without creating the file when its folder is
 * missing (G_IO_ERROR_NOT_FOUND) or not writable
 * (G_IO_ERROR_PERMISSION_DENIED), when a GStreamer element is not
 * installed (VIREO_CONSOLE_ERROR_UNSUPPORTED, naming the Debian package),
 * or when the display shows no picture yet (VIREO_CONSOLE_ERROR_FAILED).
 * A recorder records once. */
gboolean      vireo_display_recorder_start                  (VireoDisplayRecorder *self,
                                                             GError              **error);
/* Ends the recording: sends end-of-stream and completes once the muxer has
 * finished the file and it is closed (or, after a timeout, with an error
 * saying the file may be incomplete).  Completes at once when the recording
 * has already ended; with the error when it ended in failure. */
void          vireo_display_recorder_stop_async             (VireoDisplayRecorder *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean      vireo_display_recorder_stop_finish            (VireoDisplayRecorder *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

gboolean      vireo_display_recorder_get_recording          (VireoDisplayRecorder *self);
/* Frames handed to the encoder so far. */
guint64       vireo_display_recorder_get_n_frames           (VireoDisplayRecorder *self);
/* The error the recording ended with, or NULL. */
const GError *vireo_display_recorder_get_error              (VireoDisplayRecorder *self);

G_END_DECLS
