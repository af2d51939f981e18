/* vireo-progress.c: how far a long call has come, told from its worker thread
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-progress.h"

struct _VireoProgress {
    GObject parent_instance;

    /* owned */
    GMainContext *context;      /* where ::changed is emitted */
    GMutex        lock;         /* guards everything below */
    char         *text;
    guint64       done;
    guint64       total;
    GSource      *pending;      /* an emission waiting on the context */
};

enum {
    SIGNAL_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoProgress, vireo_progress, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- helpers */

static gboolean
emit_cb (gpointer user_data)
{
    VireoProgress *self = user_data;

    g_mutex_lock (&self->lock);
    g_clear_pointer (&self->pending, g_source_unref);
    g_mutex_unlock (&self->lock);
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    return G_SOURCE_REMOVE;
}

/* Called with the lock held. */
static void
schedule (VireoProgress *self)
{
    if (self->pending != NULL)
        return;
    self->pending = g_idle_source_new ();
    g_source_set_priority (self->pending, G_PRIORITY_DEFAULT);
    g_source_set_name (self->pending, "[vireo] progress");
    g_source_set_callback (self->pending, emit_cb, g_object_ref (self), g_object_unref);
    g_source_attach (self->pending, self->context);
}

/* --------------------------------------------------------------- GObject */

static void
vireo_progress_dispose (GObject *object)
{
    VireoProgress *self = VIREO_PROGRESS (object);

    g_mutex_lock (&self->lock);
    if (self->pending != NULL)
        g_source_destroy (self->pending);
    g_clear_pointer (&self->pending, g_source_unref);
    g_mutex_unlock (&self->lock);
    G_OBJECT_CLASS (vireo_progress_parent_class)->dispose (object);
}

static void
vireo_progress_finalize (GObject *object)
{
    VireoProgress *self = VIREO_PROGRESS (object);

    g_free (self->text);
    g_main_context_unref (self->context);
    g_mutex_clear (&self->lock);
    G_OBJECT_CLASS (vireo_progress_parent_class)->finalize (object);
}

static void
vireo_progress_class_init (VireoProgressClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vireo_progress_dispose;
    object_class->finalize = vireo_progress_finalize;

    signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
}

static void
vireo_progress_init (VireoProgress *self)
{
    g_mutex_init (&self->lock);
    self->context = g_main_context_ref_thread_default ();
}

/* ------------------------------------------------------------ public API */

VireoProgress *
vireo_progress_new (void)
{
    return g_object_new (VIREO_TYPE_PROGRESS, NULL);
}

void
vireo_progress_set_text (VireoProgress *self,
                         const char    *text)
{
    g_return_if_fail (VIREO_IS_PROGRESS (self));

    g_mutex_lock (&self->lock);
    if (g_strcmp0 (self->text, text) != 0) {
        g_free (self->text);
        self->text = g_strdup (text);
        schedule (self);
    }
    g_mutex_unlock (&self->lock);
}

void
vireo_progress_set_total (VireoProgress *self,
                          guint64        total)
{
    g_return_if_fail (VIREO_IS_PROGRESS (self));

    g_mutex_lock (&self->lock);
    if (self->total != total) {
        self->total = total;
        schedule (self);
    }
    g_mutex_unlock (&self->lock);
}

void
vireo_progress_set_done (VireoProgress *self,
                         guint64        done)
{
    g_return_if_fail (VIREO_IS_PROGRESS (self));

    g_mutex_lock (&self->lock);
    if (self->done != done) {
        self->done = done;
        schedule (self);
    }
    g_mutex_unlock (&self->lock);
}

void
vireo_progress_add_done (VireoProgress *self,
                         guint64        delta)
{
    g_return_if_fail (VIREO_IS_PROGRESS (self));

    if (delta == 0)
        return;
    g_mutex_lock (&self->lock);
    self->done += delta;
    schedule (self);
    g_mutex_unlock (&self->lock);
}

char *
vireo_progress_dup_text (VireoProgress *self)
{
    char *text;

    g_return_val_if_fail (VIREO_IS_PROGRESS (self), NULL);

    g_mutex_lock (&self->lock);
    text = g_strdup (self->text);
    g_mutex_unlock (&self->lock);
    return text;
}

guint64
vireo_progress_get_done (VireoProgress *self)
{
    guint64 done;

    g_return_val_if_fail (VIREO_IS_PROGRESS (self), 0);

    g_mutex_lock (&self->lock);
    done = self->done;
    g_mutex_unlock (&self->lock);
    return done;
}

guint64
vireo_progress_get_total (VireoProgress *self)
{
    guint64 total;

    g_return_val_if_fail (VIREO_IS_PROGRESS (self), 0);

    g_mutex_lock (&self->lock);
    total = self->total;
    g_mutex_unlock (&self->lock);
    return total;
}

double
vireo_progress_get_fraction (VireoProgress *self)
{
    double fraction;

    g_return_val_if_fail (VIREO_IS_PROGRESS (self), -1.0);

    g_mutex_lock (&self->lock);
    fraction = self->total == 0 ? -1.0 : MIN (1.0, (double) self->done / (double) self->total);
    g_mutex_unlock (&self->lock);
    return fraction;
}
