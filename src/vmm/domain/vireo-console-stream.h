/* vireo-console-stream.h: a domain's serial or text console over a libvirt stream
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_STREAM (vireo_console_stream_get_type ())
G_DECLARE_FINAL_TYPE (VireoConsoleStream, vireo_console_stream, VIREO, CONSOLE_STREAM, GObject)

typedef enum {
    /* Fails while another client holds the console (VIR_DOMAIN_CONSOLE_SAFE). */
    VIREO_CONSOLE_STREAM_FLAGS_NONE  = 0,
    /* Takes the console over from another client (VIR_DOMAIN_CONSOLE_FORCE). */
    VIREO_CONSOLE_STREAM_FLAGS_FORCE = 1 << 0,
} VireoConsoleStreamFlags;

/*
 * virDomainOpenConsole on a non-blocking stream.  libvirt calls the stream
 * back on Vireo's event loop thread (vireo-event-loop.c); the object reads
 * and writes there and reports, in order, on the main context that was the
 * thread-default one when it was opened:
 *   ::data (GBytes *bytes)     guest output
 *   ::closed (GError *error)   the console ended by itself: end of stream
 *                              (the guest or QEMU went away) or a stream
 *                              error, with libvirt's text.  Not emitted
 *                              after vireo_console_stream_close().
 * Properties: domain, device, flags (construct-only), open (read-only)
 */
VireoConsoleStream *vireo_console_stream_new          (VireoDomain            *domain,
                                                       const char             *device,
                                                       VireoConsoleStreamFlags flags)
    G_GNUC_WARN_UNUSED_RESULT;

VireoDomain        *vireo_console_stream_get_domain   (VireoConsoleStream *self);
/* The device alias ("serial0", "console1"), or NULL for the first console. */
const char         *vireo_console_stream_get_device   (VireoConsoleStream *self);
gboolean            vireo_console_stream_is_open      (VireoConsoleStream *self);

gboolean  vireo_console_stream_open        (VireoConsoleStream *self,
                                            GCancellable       *cancellable,
                                            GError            **error);
void      vireo_console_stream_open_async  (VireoConsoleStream *self,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean  vireo_console_stream_open_finish (VireoConsoleStream *self,
                                            GAsyncResult       *result,
                                            GError            **error);

/* Queues @data for the guest; it is sent from the event loop thread as the
 * stream takes it.  FALSE when the console is not open or too much is
 * waiting already. */
gboolean  vireo_console_stream_write       (VireoConsoleStream *self,
                                            const void         *data,
                                            gsize               length,
                                            GError            **error);
/* Unregisters the stream callback and aborts the stream (in a worker
 * thread: it may talk to a remote daemon).  Queued output is dropped. */
void      vireo_console_stream_close       (VireoConsoleStream *self);

/* The character devices of a domain that have a console: <serial> and
 * <console> (a <console> that only mirrors a <serial> is listed once). */
typedef enum {
    VIREO_CONSOLE_DEVICE_SERIAL,
    VIREO_CONSOLE_DEVICE_CONSOLE,
} VireoConsoleDeviceKind;

typedef struct {
    VireoConsoleDeviceKind  kind;
    char                   *alias;        /* "serial0"; NULL in an inactive domain's XML */
    char                   *source_type;  /* "pty", "unix", "file", … */
    char                   *target_type;  /* "isa-serial", "virtio", "serial", … or NULL */
    int                     port;         /* target port, -1 when none */
    guint                   number;       /* 1-based, as the label shows it */
    gboolean                can_open;     /* libvirt streams pty and unix devices only */
} VireoConsoleDevice;

void       vireo_console_device_free       (VireoConsoleDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoConsoleDevice, vireo_console_device_free)

/* A GPtrArray of VireoConsoleDevice*, in document order (serials first). */
GPtrArray *vireo_console_device_list_parse (const char *xml,
                                            GError    **error) G_GNUC_WARN_UNUSED_RESULT;
/* "Serial 1", "Text Console 2": translated, newly allocated. */
char      *vireo_console_device_dup_label  (const VireoConsoleDevice *device)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
