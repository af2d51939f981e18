/* vireo-event-loop.c: libvirt's event loop on a thread of its own
 *
 * libvirt delivers domain events and keepalives, and the embedded QEMU driver
 * talks to QEMU's monitor, only while an event loop runs.  libvirt's own
 * default implementation iterates GLib's global default main context, which
 * belongs to the application's (GTK) main thread; running it elsewhere would
 * steal that context.  So Vireo registers its own implementation
 * (virEventRegisterImpl) on a private GMainContext that only one dedicated
 * thread iterates.  Callbacks that arrive there are marshalled by their
 * users to their connection's owner context.
 *
 * libvirt may add, update and remove watches from any thread, and from
 * inside a callback; free callbacks must never run inside the remove call,
 * so they are deferred to the loop thread.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <signal.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-event-loop.h"
#include "vireo-vmm-error.h"

typedef struct {
    int                    id;
    int                    fd;          /* -1 for timeouts */
    int                    events;      /* VIR_EVENT_HANDLE_* or interval ms */
    virEventHandleCallback handle_cb;
    virEventTimeoutCallback timeout_cb;
    void                  *opaque;
    virFreeCallback        free_cb;
    GSource               *source;      /* owned; NULL when disarmed */
} VireoWatch;

static GMainContext *loop_context;
static GMutex        loop_lock;
static GHashTable   *watches;           /* id -> VireoWatch* (handles and timeouts) */
static int           next_id = 1;

static GIOCondition
to_condition (int events)
{
    GIOCondition cond = 0;

    if (events & VIR_EVENT_HANDLE_READABLE)
        cond |= G_IO_IN;
    if (events & VIR_EVENT_HANDLE_WRITABLE)
        cond |= G_IO_OUT;
    if (events & VIR_EVENT_HANDLE_ERROR)
        cond |= G_IO_ERR;
    if (events & VIR_EVENT_HANDLE_HANGUP)
        cond |= G_IO_HUP;
    return cond;
}

static int
from_condition (GIOCondition cond)
{
    int events = 0;

    if (cond & G_IO_IN)
        events |= VIR_EVENT_HANDLE_READABLE;
    if (cond & G_IO_OUT)
        events |= VIR_EVENT_HANDLE_WRITABLE;
    if (cond & G_IO_ERR)
        events |= VIR_EVENT_HANDLE_ERROR;
    if (cond & G_IO_HUP)
        events |= VIR_EVENT_HANDLE_HANGUP;
    return events;
}

static void
watch_disarm_locked (VireoWatch *watch)
{
    if (watch->source) {
        g_source_destroy (watch->source);
        g_clear_pointer (&watch->source, g_source_unref);
    }
}

static gboolean
handle_dispatch_cb (int          fd,
                    GIOCondition condition,
                    gpointer     user_data)
{
    int id = GPOINTER_TO_INT (user_data);
    virEventHandleCallback cb;
    VireoWatch *watch;
    void *opaque;

    g_mutex_lock (&loop_lock);
    watch = g_hash_table_lookup (watches, GINT_TO_POINTER (id));
    if (watch == NULL || watch->handle_cb == NULL) {
        g_mutex_unlock (&loop_lock);
        return G_SOURCE_REMOVE;
    }
    cb = watch->handle_cb;
    opaque = watch->opaque;
    g_mutex_unlock (&loop_lock);

    cb (id, fd, from_condition (condition), opaque);
    return G_SOURCE_CONTINUE;
}

static gboolean
timeout_dispatch_cb (gpointer user_data)
{
    int id = GPOINTER_TO_INT (user_data);
    virEventTimeoutCallback cb;
    VireoWatch *watch;
    void *opaque;

    g_mutex_lock (&loop_lock);
    watch = g_hash_table_lookup (watches, GINT_TO_POINTER (id));
    if (watch == NULL || watch->timeout_cb == NULL) {
        g_mutex_unlock (&loop_lock);
        return G_SOURCE_REMOVE;
    }
    cb = watch->timeout_cb;
    opaque = watch->opaque;
    g_mutex_unlock (&loop_lock);

    cb (id, opaque);
    return G_SOURCE_CONTINUE;
}

static void
handle_arm_locked (VireoWatch *watch)
{
    watch_disarm_locked (watch);
    if (watch->events == 0)
        return;
    watch->source = g_unix_fd_source_new (watch->fd, to_condition (watch->events));
    g_source_set_callback (watch->source, G_SOURCE_FUNC (handle_dispatch_cb),
                           GINT_TO_POINTER (watch->id), NULL);
    g_source_attach (watch->source, loop_context);
}

static void
timeout_arm_locked (VireoWatch *watch)
{
    watch_disarm_locked (watch);
    if (watch->events < 0)
        return;
    if (watch->events == 0)
        watch->source = g_idle_source_new ();
    else
        watch->source = g_timeout_source_new ((guint) watch->events);
    g_source_set_priority (watch->source, G_PRIORITY_DEFAULT);
    g_source_set_callback (watch->source, timeout_dispatch_cb,
                           GINT_TO_POINTER (watch->id), NULL);
    g_source_attach (watch->source, loop_context);
}

static gboolean
watch_free_cb (gpointer user_data)
{
    VireoWatch *watch = user_data;

    if (watch->free_cb)
        watch->free_cb (watch->opaque);
    g_free (watch);
    return G_SOURCE_REMOVE;
}

static int
watch_remove (int      id,
              gboolean is_handle)
{
    VireoWatch *watch;

    g_mutex_lock (&loop_lock);
    watch = g_hash_table_lookup (watches, GINT_TO_POINTER (id));
    if (watch == NULL || (watch->fd >= 0) != is_handle) {
        g_mutex_unlock (&loop_lock);
        return -1;
    }
    g_hash_table_steal (watches, GINT_TO_POINTER (id));
    watch_disarm_locked (watch);
    g_mutex_unlock (&loop_lock);

    /* Never call the free callback from within the remove call: an idle
     * source, not g_main_context_invoke(), which calls it at once when the
     * loop thread itself removes a watch (from inside a callback).  libvirt
     * removes a socket's watch holding the socket's lock, which its free
     * callback takes again: the loop thread deadlocked there when a remote
     * daemon closed its connection, and no event of any connection came again. */
    {
        g_autoptr(GSource) source = g_idle_source_new ();

        g_source_set_priority (source, G_PRIORITY_DEFAULT);
        g_source_set_callback (source, watch_free_cb, watch, NULL);
        g_source_set_static_name (source, "[vireo] free libvirt watch");
        g_source_attach (source, loop_context);
    }
    return 0;
}

static int
add_handle (int                    fd,
            int                    events,
            virEventHandleCallback cb,
            void                  *opaque,
            virFreeCallback        ff)
{
    VireoWatch *watch = g_new0 (VireoWatch, 1);
    int id;

    watch->fd = fd;
    watch->events = events;
    watch->handle_cb = cb;
    watch->opaque = opaque;
    watch->free_cb = ff;

    g_mutex_lock (&loop_lock);
    id = watch->id = next_id++;
    g_hash_table_insert (watches, GINT_TO_POINTER (id), watch);
    handle_arm_locked (watch);
    g_mutex_unlock (&loop_lock);
    return id;
}

static void
update_handle (int watch_id,
               int events)
{
    VireoWatch *watch;

    g_mutex_lock (&loop_lock);
    watch = g_hash_table_lookup (watches, GINT_TO_POINTER (watch_id));
    if (watch && watch->fd >= 0 && watch->events != events) {
        watch->events = events;
        handle_arm_locked (watch);
    }
    g_mutex_unlock (&loop_lock);
}

static int
remove_handle (int watch_id)
{
    return watch_remove (watch_id, TRUE);
}

static int
add_timeout (int                     interval,
             virEventTimeoutCallback cb,
             void                   *opaque,
             virFreeCallback         ff)
{
    VireoWatch *watch = g_new0 (VireoWatch, 1);
    int id;

    watch->fd = -1;
    watch->events = interval;
    watch->timeout_cb = cb;
    watch->opaque = opaque;
    watch->free_cb = ff;

    g_mutex_lock (&loop_lock);
    id = watch->id = next_id++;
    g_hash_table_insert (watches, GINT_TO_POINTER (id), watch);
    timeout_arm_locked (watch);
    g_mutex_unlock (&loop_lock);
    return id;
}

static void
update_timeout (int timer_id,
                int interval)
{
    VireoWatch *watch;

    g_mutex_lock (&loop_lock);
    watch = g_hash_table_lookup (watches, GINT_TO_POINTER (timer_id));
    if (watch && watch->fd < 0 && watch->events != interval) {
        watch->events = interval;
        timeout_arm_locked (watch);
    }
    g_mutex_unlock (&loop_lock);
}

static int
remove_timeout (int timer_id)
{
    return watch_remove (timer_id, FALSE);
}

static gpointer
event_loop_thread (gpointer data)
{
    g_main_context_push_thread_default (loop_context);
    for (;;)
        g_main_context_iteration (loop_context, TRUE);
    return NULL;
}

/* libvirt logs warnings and errors to stderr unless told otherwise; Vireo
 * reports them through GErrors, so send libvirt's log to a file in the
 * user's cache directory instead (unless the user chose an output). */
static void
redirect_libvirt_log (void)
{
    g_autofree char *dir = NULL;
    g_autofree char *outputs = NULL;

    if (g_getenv ("LIBVIRT_LOG_OUTPUTS") != NULL)
        return;
    dir = g_build_filename (g_get_user_cache_dir (), "vireo", NULL);
    if (g_mkdir_with_parents (dir, 0700) == 0)
        outputs = g_strdup_printf ("3:file:%s/libvirt.log", dir);
    else
        outputs = g_strdup ("3:file:/dev/null");
    g_setenv ("LIBVIRT_LOG_OUTPUTS", outputs, FALSE);
}

gboolean
vireo_event_loop_ensure (GError **error)
{
    static gsize once = 0;
    static gboolean ok = FALSE;
    static char *failure = NULL;

    if (g_once_init_enter (&once)) {
        /* libvirt writes to sockets and to the pipes of ssh and nc: a peer
         * that is gone must be an error to report, not a signal that ends
         * the program.  (Kept if the program chose a handler of its own.) */
        struct sigaction old;

        if (sigaction (SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            signal (SIGPIPE, SIG_IGN);
        redirect_libvirt_log ();
        vireo_vmm_silence_libvirt_errors ();
        if (virInitialize () < 0) {
            failure = g_strdup (virGetLastErrorMessage ());
        } else {
            loop_context = g_main_context_new ();
            watches = g_hash_table_new (NULL, NULL);
            virEventRegisterImpl (add_handle, update_handle, remove_handle,
                                  add_timeout, update_timeout, remove_timeout);
            g_thread_unref (g_thread_new ("vireo-libvirt-events", event_loop_thread, NULL));
            ok = TRUE;
        }
        g_once_init_leave (&once, 1);
    }
    if (!ok) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("libvirt's event loop could not be started: %s"), failure);
        return FALSE;
    }
    return TRUE;
}
