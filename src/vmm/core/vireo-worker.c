/* vireo-worker.c: blocking work in a worker thread, its result applied on the owner's context
 *
 * Two tasks per call: the caller's (with the caller's cancellable, holding
 * the call) and the worker's (no cancellable, so that its callback, which
 * applies the result, always runs).  The worker's task keeps the caller's
 * alive until then.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-worker.h"

typedef struct {
    const VireoWorkerOps *ops;
    gpointer              data;
    guint                 generation;
} WorkerCall;

static void
worker_call_free (WorkerCall *call)
{
    if (call->ops->free_data != NULL && call->data != NULL)
        call->ops->free_data (call->data);
    g_free (call);
}

static GError *
stale_error (WorkerCall *call,
             gpointer    owner)
{
    if (call->ops->stale != NULL)
        return call->ops->stale (owner, call->data);
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                _("The call was overtaken: what it was made for was closed "
                                  "meanwhile."));
}

static gboolean
run (const VireoWorkerOps *ops,
     gpointer              data,
     GCancellable         *cancellable,
     GError              **error)
{
    if (ops->check_cancellable && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    return ops->run (data, cancellable, error);
}

static void
worker_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
    GTask *outer = task_data;
    WorkerCall *call = g_task_get_task_data (outer);
    GError *error = NULL;

    if (run (call->ops, call->data, g_task_get_cancellable (outer), &error))
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

/* The owner's context. */
static void
worker_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
    g_autoptr(GTask) outer = user_data;
    WorkerCall *call = g_task_get_task_data (outer);
    GError *error = NULL;

    if (call->ops->generation != NULL && call->ops->generation (source) != call->generation) {
        g_task_return_error (outer, stale_error (call, source));
        return;
    }
    if (!g_task_propagate_boolean (G_TASK (result), &error)) {
        if (call->ops->failed != NULL)
            call->ops->failed (source, call->data, error);
        g_task_return_error (outer, error);
        return;
    }
    if (call->ops->apply != NULL && !call->ops->apply (source, call->data, &error)) {
        g_task_return_error (outer, error);
        return;
    }
    g_task_return_pointer (outer, call->data, NULL);
}

void
vireo_worker_run_async (gpointer              owner,
                        gpointer              source_tag,
                        const VireoWorkerOps *ops,
                        gpointer              data,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
    g_autoptr(GTask) outer = NULL;
    g_autoptr(GTask) inner = NULL;
    WorkerCall *call;

    g_return_if_fail (owner == NULL || G_IS_OBJECT (owner));
    g_return_if_fail (ops != NULL && ops->run != NULL);
    g_return_if_fail (data != NULL);
    g_return_if_fail (ops->generation == NULL || owner != NULL);

    call = g_new0 (WorkerCall, 1);
    call->ops = ops;
    call->data = data;
    if (ops->generation != NULL)
        call->generation = ops->generation (owner);

    outer = g_task_new (owner, cancellable, callback, user_data);
    g_task_set_source_tag (outer, source_tag);
    g_task_set_task_data (outer, call, (GDestroyNotify) worker_call_free);

    inner = g_task_new (owner, NULL, worker_done_cb, g_object_ref (outer));
    g_task_set_source_tag (inner, source_tag);
    g_task_set_task_data (inner, outer, NULL);
    g_task_run_in_thread (inner, worker_thread);
}

gpointer
vireo_worker_finish (gpointer      owner,
                     GAsyncResult *result,
                     gpointer      source_tag,
                     GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, owner), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
vireo_worker_run (gpointer              owner,
                  const VireoWorkerOps *ops,
                  gpointer              data,
                  GCancellable         *cancellable,
                  GError              **error)
{
    GError *local = NULL;

    g_return_val_if_fail (ops != NULL && ops->run != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (!run (ops, data, cancellable, &local)) {
        if (ops->failed != NULL)
            ops->failed (owner, data, local);
        g_propagate_error (error, local);
        return FALSE;
    }
    return ops->apply == NULL || ops->apply (owner, data, error);
}
