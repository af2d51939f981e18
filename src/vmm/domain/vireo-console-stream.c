/* vireo-console-stream.c: a domain's serial or text console over a libvirt stream
 *
 * The stream is non-blocking and watched with virStreamEventAddCallback, so
 * libvirt calls it back on Vireo's event loop thread.  Everything that
 * thread and the owner share lives in a reference-counted StreamShared
 * guarded by one mutex: the stream callback holds a reference until libvirt
 * frees it, and so does each pending hand-over to the owner's context.  The
 * GObject itself is reached from those only through a weak reference, so
 * dropping the object never waits for the event thread.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-console-stream.h"
#include "vireo-domain.h"
#include "vireo-event-loop.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

/* Bytes read per virStreamRecv, and reads per callback before the loop
 * serves others (it calls back again while there is more). */
#define RECV_CHUNK       (16 * 1024)
#define RECV_PER_WAKEUP  16
/* Output waiting for the guest beyond this is refused. */
#define MAX_PENDING_OUT  (4 * 1024 * 1024)

typedef struct {
    GMutex        lock;
    GWeakRef      owner;           /* the VireoConsoleStream */
    GMainContext *context;         /* the owner's context */
    char         *name;            /* the domain's name, for messages */
    virStreamPtr  stream;          /* owned; freed with the last reference */
    /* under lock */
    int           events;          /* the VIR_STREAM_EVENT_* watched now */
    gboolean      done;            /* callback removed, stream ended or aborted */
    gboolean      ready;           /* the open finished: deliver */
    gboolean      dispatch_pending;
    gboolean      owner_closed;    /* vireo_console_stream_close(): deliver nothing */
    GByteArray   *out;             /* bytes waiting to be sent */
    GQueue        in;              /* GBytes waiting to be delivered */
    GError       *closed_error;    /* delivered after the data */
} StreamShared;

struct _VireoConsoleStream {
    GObject                  parent_instance;

    /* construct-only */
    VireoDomain             *domain;
    char                    *device;
    VireoConsoleStreamFlags  flags;
    /* owned */
    StreamShared            *shared;   /* while open */
    /* state */
    gboolean                 opening;
};

enum {
    PROP_0,
    PROP_DOMAIN,
    PROP_DEVICE,
    PROP_FLAGS,
    PROP_OPEN,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_DATA,
    SIGNAL_CLOSED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoConsoleStream, vireo_console_stream, G_TYPE_OBJECT)

/* Aborts run in worker threads; an open waits for those still running so
 * that a console closed and opened again is not found still held by us. */
static GMutex abort_lock;
static GCond  abort_cond;
static guint  aborts_pending;
#define ABORT_WAIT_US (5 * G_USEC_PER_SEC)

/* ------------------------------------------------------------------------ */
/* Shared state */

static void
shared_clear (StreamShared *shared)
{
    g_weak_ref_clear (&shared->owner);
    g_main_context_unref (shared->context);
    if (shared->stream)
        virStreamFree (shared->stream);
    g_byte_array_unref (shared->out);
    g_queue_clear_full (&shared->in, (GDestroyNotify) g_bytes_unref);
    g_clear_error (&shared->closed_error);
    g_free (shared->name);
    g_mutex_clear (&shared->lock);
}

static StreamShared *
shared_new (VireoConsoleStream *owner,
            GMainContext       *context)
{
    StreamShared *shared = g_atomic_rc_box_new0 (StreamShared);

    g_mutex_init (&shared->lock);
    g_weak_ref_init (&shared->owner, owner);
    shared->context = g_main_context_ref (context);
    shared->name = g_strdup (vireo_domain_get_name (owner->domain));
    shared->out = g_byte_array_new ();
    g_queue_init (&shared->in);
    return shared;
}

static StreamShared *
shared_ref (StreamShared *shared)
{
    return g_atomic_rc_box_acquire (shared);
}

static void
shared_unref (void *shared)
{
    g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

static gboolean dispatch_cb     (gpointer user_data);
static void     stream_event_cb (virStreamPtr stream,
                                 int          events,
                                 void        *opaque);

/* Hands what is queued over to the owner's context (once per batch). */
static void
schedule_dispatch_locked (StreamShared *shared)
{
    GSource *source;

    if (shared->dispatch_pending || !shared->ready || shared->owner_closed)
        return;
    if (g_queue_is_empty (&shared->in) && shared->closed_error == NULL)
        return;
    shared->dispatch_pending = TRUE;
    source = g_idle_source_new ();
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_name (source, "vireo-console-stream");
    g_source_set_callback (source, dispatch_cb, shared_ref (shared), shared_unref);
    g_source_attach (source, shared->context);
    g_source_unref (source);
}

/* Called with the lock held, once, by whoever ends the stream first. */
static void
end_locked (StreamShared *shared)
{
    g_assert (!shared->done);
    shared->done = TRUE;
    virStreamEventRemoveCallback (shared->stream);
    g_byte_array_set_size (shared->out, 0);
}

/* The stream ended by itself: record why, for the owner. */
static void
fail_locked (StreamShared *shared,
             GError       *error,
             gboolean      at_eof)
{
    end_locked (shared);
    if (at_eof)
        virStreamFinish (shared->stream);
    else
        virStreamAbort (shared->stream);
    g_clear_error (&shared->closed_error);
    shared->closed_error = error;
    schedule_dispatch_locked (shared);
}

static void
watch_events_locked (StreamShared *shared)
{
    int events = VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR |
                 VIR_STREAM_EVENT_HANGUP;

    if (shared->out->len > 0)
        events |= VIR_STREAM_EVENT_WRITABLE;
    if (events == shared->events || shared->done)
        return;
    shared->events = events;
    virStreamEventUpdateCallback (shared->stream, events);
}

static void
wait_for_aborts (void)
{
    gint64 deadline = g_get_monotonic_time () + ABORT_WAIT_US;

    g_mutex_lock (&abort_lock);
    while (aborts_pending > 0 && g_cond_wait_until (&abort_cond, &abort_lock, deadline))
        ;
    g_mutex_unlock (&abort_lock);
}

static gboolean
abort_run (gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
    StreamShared *shared = data;

    /* The callback is gone and done is set: nothing else uses the stream. */
    if (virStreamAbort (shared->stream) < 0)
        g_debug ("Aborting the console stream of %s: %s", shared->name,
                 virGetLastErrorMessage ());
    g_mutex_lock (&abort_lock);
    aborts_pending--;
    g_cond_broadcast (&abort_cond);
    g_mutex_unlock (&abort_lock);
    return TRUE;
}

static const VireoWorkerOps abort_ops = {
    .run = abort_run,
    .free_data = (GDestroyNotify) shared_unref,
};

/* The owner is done with @shared: stop the stream without blocking. */
static void
shared_abandon (StreamShared *shared)
{
    gboolean abort = FALSE;

    g_mutex_lock (&shared->lock);
    shared->owner_closed = TRUE;
    g_queue_clear_full (&shared->in, (GDestroyNotify) g_bytes_unref);
    g_clear_error (&shared->closed_error);
    if (!shared->done) {
        end_locked (shared);
        abort = TRUE;
    }
    g_mutex_unlock (&shared->lock);

    if (abort) {
        g_mutex_lock (&abort_lock);
        aborts_pending++;
        g_mutex_unlock (&abort_lock);
        vireo_worker_run_async (NULL, shared_abandon, &abort_ops, shared_ref (shared), NULL,
                                NULL, NULL);
    }
    shared_unref (shared);
}

/* Opens the console in the calling thread; libvirt's errors are read here. */
static StreamShared *
open_console (VireoConsoleStream *self,
              GMainContext       *context,
              GCancellable       *cancellable,
              GError            **error)
{
    virDomainPtr handle = vireo_domain_get_handle (self->domain);
    const char *name = vireo_domain_get_name (self->domain);
    unsigned int flags = VIR_DOMAIN_CONSOLE_SAFE;
    StreamShared *shared;
    virStreamPtr stream;

    if (!vireo_event_loop_ensure (error))
        return NULL;
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    if (handle == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The virtual machine “%s” is not available."), name);
        return NULL;
    }
    wait_for_aborts ();
    stream = virStreamNew (virDomainGetConnect (handle), VIR_STREAM_NONBLOCK);
    if (stream == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not open the console of “%s”"),
                                          name);
        return NULL;
    }
    if (self->flags & VIREO_CONSOLE_STREAM_FLAGS_FORCE)
        flags |= VIR_DOMAIN_CONSOLE_FORCE;
    if (virDomainOpenConsole (handle, self->device, stream, flags) < 0) {
        if (self->device != NULL)
            vireo_vmm_set_error_from_libvirt (error,
                                              _("Could not open the console “%s” of “%s”"),
                                              self->device, name);
        else
            vireo_vmm_set_error_from_libvirt (error, _("Could not open the console of “%s”"),
                                              name);
        virStreamFree (stream);
        return NULL;
    }

    shared = shared_new (self, context);
    shared->stream = stream;
    shared->events = VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR |
                     VIR_STREAM_EVENT_HANGUP;
    g_mutex_lock (&shared->lock);
    if (virStreamEventAddCallback (stream, shared->events, stream_event_cb,
                                   shared_ref (shared), shared_unref) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not watch the console of “%s”"),
                                          name);
        shared->done = TRUE;
        virStreamAbort (stream);
        g_mutex_unlock (&shared->lock);
        /* libvirt did not take the reference meant for the callback. */
        shared_unref (shared);
        shared_unref (shared);
        return NULL;
    }
    g_mutex_unlock (&shared->lock);
    return shared;
}

/* ------------------------------------------------------------------------ */
/* Callbacks */

/* libvirt's event loop thread. */
static void
stream_event_cb (virStreamPtr stream,
                 int          events,
                 void        *opaque)
{
    StreamShared *shared = opaque;
    GError *error = NULL;

    g_mutex_lock (&shared->lock);
    if (shared->done) {
        g_mutex_unlock (&shared->lock);
        return;
    }

    if (events & (VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR |
                  VIR_STREAM_EVENT_HANGUP)) {
        for (guint i = 0; i < RECV_PER_WAKEUP; i++) {
            char buf[RECV_CHUNK];
            int n = virStreamRecv (stream, buf, sizeof buf);

            if (n > 0) {
                g_queue_push_tail (&shared->in, g_bytes_new (buf, (gsize) n));
                continue;
            }
            if (n == -2)
                break;
            if (n == 0) {
                error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                                     _("The console of “%s” was closed: the virtual machine "
                                       "stopped or its console went away."), shared->name);
                fail_locked (shared, error, TRUE);
            } else {
                vireo_vmm_set_error_from_libvirt (&error,
                                                  _("The console of “%s” failed"),
                                                  shared->name);
                fail_locked (shared, error, FALSE);
            }
            g_mutex_unlock (&shared->lock);
            return;
        }
    }

    if (events & VIR_STREAM_EVENT_WRITABLE) {
        while (shared->out->len > 0) {
            int n = virStreamSend (stream, (const char *) shared->out->data,
                                   MIN (shared->out->len, (guint) RECV_CHUNK));

            if (n > 0) {
                g_byte_array_remove_range (shared->out, 0, (guint) n);
                continue;
            }
            if (n == -2)
                break;
            vireo_vmm_set_error_from_libvirt (&error,
                                              _("Could not write to the console of “%s”"),
                                              shared->name);
            fail_locked (shared, error, FALSE);
            g_mutex_unlock (&shared->lock);
            return;
        }
    }

    if ((events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)) &&
        !(events & VIR_STREAM_EVENT_READABLE)) {
        /* Nothing left to read and the other end is gone. */
        error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                             _("The console of “%s” was hung up."), shared->name);
        fail_locked (shared, error, FALSE);
        g_mutex_unlock (&shared->lock);
        return;
    }

    watch_events_locked (shared);
    schedule_dispatch_locked (shared);
    g_mutex_unlock (&shared->lock);
}

/* The owner's context. */
static gboolean
dispatch_cb (gpointer user_data)
{
    StreamShared *shared = user_data;
    g_autoptr(VireoConsoleStream) self = g_weak_ref_get (&shared->owner);

    for (;;) {
        GBytes *bytes;
        GError *error = NULL;

        g_mutex_lock (&shared->lock);
        if (shared->owner_closed || self == NULL || self->shared != shared) {
            shared->dispatch_pending = FALSE;
            g_mutex_unlock (&shared->lock);
            break;
        }
        bytes = g_queue_pop_head (&shared->in);
        if (bytes == NULL) {
            error = g_steal_pointer (&shared->closed_error);
            shared->dispatch_pending = FALSE;
        }
        g_mutex_unlock (&shared->lock);

        if (bytes != NULL) {
            /* One at a time: a handler may close the stream. */
            g_signal_emit (self, signals[SIGNAL_DATA], 0, bytes);
            g_bytes_unref (bytes);
            continue;
        }
        if (error != NULL) {
            g_clear_pointer (&self->shared, shared_unref);
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
            g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
            g_error_free (error);
        }
        break;
    }
    return G_SOURCE_REMOVE;
}

/* An open_async() call: the stream, its owner's context, and the console
 * opened (abandoned with the call unless the caller takes it). */
typedef struct {
    VireoConsoleStream *self;
    GMainContext       *context;
    StreamShared       *shared;
} OpenCall;

static void
open_call_free (gpointer data)
{
    OpenCall *call = data;

    g_object_unref (call->self);
    g_main_context_unref (call->context);
    if (call->shared != NULL)
        shared_abandon (call->shared);
    g_free (call);
}

static gboolean
open_run (gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
    OpenCall *call = data;

    call->shared = open_console (call->self, call->context, cancellable, error);
    return call->shared != NULL;
}

static const VireoWorkerOps open_ops = {
    .run = open_run,
    .free_data = open_call_free,
};

/* ------------------------------------------------------------------------ */
/* Helpers of the public API */

static void
install_shared (VireoConsoleStream *self,
                StreamShared       *shared)
{
    self->shared = shared;
    g_mutex_lock (&shared->lock);
    shared->ready = TRUE;
    schedule_dispatch_locked (shared);
    g_mutex_unlock (&shared->lock);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
}

/* ------------------------------------------------------------------------ */
/* Overrides */

static void
vireo_console_stream_dispose (GObject *object)
{
    VireoConsoleStream *self = VIREO_CONSOLE_STREAM (object);

    g_clear_pointer (&self->shared, shared_abandon);
    G_OBJECT_CLASS (vireo_console_stream_parent_class)->dispose (object);
}

static void
vireo_console_stream_finalize (GObject *object)
{
    VireoConsoleStream *self = VIREO_CONSOLE_STREAM (object);

    g_clear_object (&self->domain);
    g_free (self->device);
    G_OBJECT_CLASS (vireo_console_stream_parent_class)->finalize (object);
}

static void
vireo_console_stream_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
    VireoConsoleStream *self = VIREO_CONSOLE_STREAM (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    case PROP_DEVICE:
        g_value_set_string (value, self->device);
        break;
    case PROP_FLAGS:
        g_value_set_uint (value, self->flags);
        break;
    case PROP_OPEN:
        g_value_set_boolean (value, self->shared != NULL);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_stream_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
    VireoConsoleStream *self = VIREO_CONSOLE_STREAM (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    case PROP_DEVICE:
        self->device = g_value_dup_string (value);
        break;
    case PROP_FLAGS:
        self->flags = g_value_get_uint (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_stream_class_init (VireoConsoleStreamClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vireo_console_stream_dispose;
    object_class->finalize = vireo_console_stream_finalize;
    object_class->get_property = vireo_console_stream_get_property;
    object_class->set_property = vireo_console_stream_set_property;

    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DEVICE] =
        g_param_spec_string ("device", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_FLAGS] =
        g_param_spec_uint ("flags", NULL, NULL, 0, VIREO_CONSOLE_STREAM_FLAGS_FORCE,
                           VIREO_CONSOLE_STREAM_FLAGS_NONE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                           G_PARAM_STATIC_STRINGS);
    properties[PROP_OPEN] =
        g_param_spec_boolean ("open", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_DATA] =
        g_signal_new ("data", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
    signals[SIGNAL_CLOSED] =
        g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vireo_console_stream_init (VireoConsoleStream *self)
{
}

/* ------------------------------------------------------------------------ */
/* Console devices */

static char *
xml_prop (xmlNode    *node,
          const char *name)
{
    xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
    char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

    xmlFree (value);
    return copy;
}

static xmlNode *
xml_child (xmlNode    *node,
           const char *name)
{
    for (xmlNode *child = node->children; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE &&
            xmlStrEqual (child->name, (const xmlChar *) name))
            return child;
    }
    return NULL;
}

static VireoConsoleDevice *
device_from_node (xmlNode               *node,
                  VireoConsoleDeviceKind kind)
{
    VireoConsoleDevice *device = g_new0 (VireoConsoleDevice, 1);
    xmlNode *target = xml_child (node, "target");
    xmlNode *alias = xml_child (node, "alias");

    device->kind = kind;
    device->source_type = xml_prop (node, "type");
    if (device->source_type == NULL)
        device->source_type = g_strdup ("pty");
    device->alias = alias != NULL ? xml_prop (alias, "name") : NULL;
    device->port = -1;
    if (target != NULL) {
        g_autofree char *port = xml_prop (target, "port");
        guint64 value = 0;

        device->target_type = xml_prop (target, "type");
        if (port != NULL && g_ascii_string_to_unsigned (port, 10, 0, G_MAXINT, &value, NULL))
            device->port = (int) value;
    }
    device->can_open = g_str_equal (device->source_type, "pty") ||
                       g_str_equal (device->source_type, "unix");
    return device;
}

/* A <console> that shows a <serial> already listed. */
static gboolean
mirrors_serial (const VireoConsoleDevice *console,
                GPtrArray                *devices)
{
    for (guint i = 0; i < devices->len; i++) {
        const VireoConsoleDevice *serial = g_ptr_array_index (devices, i);

        if (serial->kind != VIREO_CONSOLE_DEVICE_SERIAL)
            continue;
        if (console->alias != NULL && serial->alias != NULL) {
            if (g_str_equal (console->alias, serial->alias))
                return TRUE;
            continue;
        }
        if (g_strcmp0 (console->target_type, "serial") == 0 &&
            MAX (console->port, 0) == MAX (serial->port, 0))
            return TRUE;
    }
    return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoConsoleStream *
vireo_console_stream_new (VireoDomain            *domain,
                          const char             *device,
                          VireoConsoleStreamFlags flags)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return g_object_new (VIREO_TYPE_CONSOLE_STREAM, "domain", domain, "device", device,
                         "flags", (guint) flags, NULL);
}

VireoDomain *
vireo_console_stream_get_domain (VireoConsoleStream *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_STREAM (self), NULL);

    return self->domain;
}

const char *
vireo_console_stream_get_device (VireoConsoleStream *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_STREAM (self), NULL);

    return self->device;
}

gboolean
vireo_console_stream_is_open (VireoConsoleStream *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_STREAM (self), FALSE);

    return self->shared != NULL;
}

gboolean
vireo_console_stream_open (VireoConsoleStream *self,
                           GCancellable       *cancellable,
                           GError            **error)
{
    g_autoptr(GMainContext) context = NULL;
    StreamShared *shared;

    g_return_val_if_fail (VIREO_IS_CONSOLE_STREAM (self), FALSE);
    g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (self->shared != NULL || self->opening) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("The console of “%s” is open already."),
                     vireo_domain_get_name (self->domain));
        return FALSE;
    }
    context = g_main_context_ref_thread_default ();
    shared = open_console (self, context, cancellable, error);
    if (shared == NULL)
        return FALSE;
    install_shared (self, shared);
    return TRUE;
}

void
vireo_console_stream_open_async (VireoConsoleStream *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
    OpenCall *call;

    g_return_if_fail (VIREO_IS_CONSOLE_STREAM (self));
    g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

    if (self->shared != NULL || self->opening) {
        g_task_report_new_error (self, callback, user_data, vireo_console_stream_open_async,
                                 VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                                 _("The console of “%s” is open already."),
                                 vireo_domain_get_name (self->domain));
        return;
    }
    self->opening = TRUE;
    call = g_new0 (OpenCall, 1);
    call->self = g_object_ref (self);
    call->context = g_main_context_ref_thread_default ();
    vireo_worker_run_async (self, vireo_console_stream_open_async, &open_ops, call, cancellable,
                            callback, user_data);
}

gboolean
vireo_console_stream_open_finish (VireoConsoleStream *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
    OpenCall *call;

    g_return_val_if_fail (VIREO_IS_CONSOLE_STREAM (self), FALSE);

    self->opening = FALSE;
    /* A cancelled call drops (and closes) a stream opened meanwhile. */
    call = vireo_worker_finish (self, result, vireo_console_stream_open_async, error);
    if (call == NULL)
        return FALSE;
    install_shared (self, g_steal_pointer (&call->shared));
    return TRUE;
}

gboolean
vireo_console_stream_write (VireoConsoleStream *self,
                            const void         *data,
                            gsize               length,
                            GError            **error)
{
    StreamShared *shared;
    gboolean ok = TRUE;

    g_return_val_if_fail (VIREO_IS_CONSOLE_STREAM (self), FALSE);
    g_return_val_if_fail (data != NULL || length == 0, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    shared = self->shared;
    if (shared == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("The console of “%s” is not open."),
                     vireo_domain_get_name (self->domain));
        return FALSE;
    }
    g_mutex_lock (&shared->lock);
    if (shared->done) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("The console of “%s” is closed."), shared->name);
        ok = FALSE;
    } else if (shared->out->len + length > MAX_PENDING_OUT) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The console of “%s” does not take its input: too much is "
                       "waiting."), shared->name);
        ok = FALSE;
    } else if (length > 0) {
        g_byte_array_append (shared->out, data, (guint) length);
        watch_events_locked (shared);
    }
    g_mutex_unlock (&shared->lock);
    return ok;
}

void
vireo_console_stream_close (VireoConsoleStream *self)
{
    g_return_if_fail (VIREO_IS_CONSOLE_STREAM (self));

    if (self->shared == NULL)
        return;
    g_clear_pointer (&self->shared, shared_abandon);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
}

void
vireo_console_device_free (VireoConsoleDevice *device)
{
    if (device == NULL)
        return;
    g_free (device->alias);
    g_free (device->source_type);
    g_free (device->target_type);
    g_free (device);
}

GPtrArray *
vireo_console_device_list_parse (const char *xml,
                                 GError    **error)
{
    g_autoptr(GPtrArray) devices = NULL;
    xmlNode *root;
    xmlNode *devices_node;
    xmlDoc *doc;
    guint n_serials = 0;
    guint n_consoles = 0;

    g_return_val_if_fail (xml != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domain")) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                             _("The description of the virtual machine is not valid XML."));
        xmlFreeDoc (doc);
        return NULL;
    }

    devices = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_console_device_free);
    devices_node = xml_child (root, "devices");
    /* Serials first, then the consoles that are more than their mirror. */
    for (xmlNode *node = devices_node != NULL ? devices_node->children : NULL; node != NULL;
         node = node->next) {
        VireoConsoleDevice *device;

        if (node->type != XML_ELEMENT_NODE ||
            !xmlStrEqual (node->name, (const xmlChar *) "serial"))
            continue;
        device = device_from_node (node, VIREO_CONSOLE_DEVICE_SERIAL);
        device->number = device->port >= 0 ? (guint) device->port + 1 : n_serials + 1;
        n_serials++;
        g_ptr_array_add (devices, device);
    }
    for (xmlNode *node = devices_node != NULL ? devices_node->children : NULL; node != NULL;
         node = node->next) {
        VireoConsoleDevice *device;

        if (node->type != XML_ELEMENT_NODE ||
            !xmlStrEqual (node->name, (const xmlChar *) "console"))
            continue;
        device = device_from_node (node, VIREO_CONSOLE_DEVICE_CONSOLE);
        if (mirrors_serial (device, devices)) {
            vireo_console_device_free (device);
            continue;
        }
        device->number = ++n_consoles;
        g_ptr_array_add (devices, device);
    }
    xmlFreeDoc (doc);
    return g_steal_pointer (&devices);
}

char *
vireo_console_device_dup_label (const VireoConsoleDevice *device)
{
    g_return_val_if_fail (device != NULL, NULL);

    if (device->kind == VIREO_CONSOLE_DEVICE_SERIAL)
        return g_strdup_printf (_("Serial %u"), device->number);
    return g_strdup_printf (_("Text Console %u"), device->number);
}
