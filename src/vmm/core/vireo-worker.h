/* vireo-worker.h: blocking work in a worker thread, its result applied on the owner's context
 *
 * Most calls of libvireo-vmm have one shape: on the owner's context (where a
 * VireoConnection or VireoDomain lives) copy what the work needs, with a
 * reference to the libvirt handle; run the blocking part in a GTask worker
 * thread; back on the owner's context apply what the worker learnt to the
 * objects there, unless the owner was closed or reopened meanwhile (its
 * generation moved on); then answer the caller.  VireoWorkerOps describes one
 * kind of call (a static const table beside its functions) and
 * vireo_worker_run_async() runs it; the call's data stays with the caller's
 * result, so that _finish() reads its results from it.
 *
 * The owner's part runs even when the caller cancelled meanwhile (the caller
 * then gets G_IO_ERROR_CANCELLED): what was done in libvirt is reflected in
 * the objects all the same.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Worker thread: the blocking part, using only @data; FALSE with @error set
 * fails the call. */
typedef gboolean (*VireoWorkerRunFunc)   (gpointer      data,
                                          GCancellable *cancellable,
                                          GError      **error);
/* Owner's context, after the run succeeded: applies @data to @owner; FALSE
 * with @error set fails the call. */
typedef gboolean (*VireoWorkerApplyFunc) (gpointer      owner,
                                          gpointer      data,
                                          GError      **error);
/* Owner's context, after the run failed with @error (which the call then
 * fails with): what the owner does about the failure. */
typedef void     (*VireoWorkerFailFunc)  (gpointer      owner,
                                          gpointer      data,
                                          const GError *error);
/* The owner's generation: bumped whenever what the owner holds is replaced
 * (a connection's close and open).  Read on the owner's context. */
typedef guint    (*VireoWorkerGenerationFunc) (gpointer owner);
/* The error of a call overtaken by a new generation. */
typedef GError  *(*VireoWorkerStaleFunc) (gpointer owner,
                                          gpointer data);

typedef struct {
    VireoWorkerRunFunc        run;          /* required */
    VireoWorkerApplyFunc      apply;        /* NULL: nothing to apply */
    VireoWorkerFailFunc       failed;       /* NULL: nothing to do on failure */
    GDestroyNotify            free_data;    /* NULL: the data is not freed */
    /* NULL: no generation check.  Otherwise read when the call starts and
     * again when the run is done: when it moved on, neither apply nor failed
     * runs and the call fails with stale()'s error (NULL: G_IO_ERROR_CANCELLED). */
    VireoWorkerGenerationFunc generation;
    VireoWorkerStaleFunc      stale;
    /* TRUE: a call cancelled before its run starts fails with
     * G_IO_ERROR_CANCELLED without running (for reads: a cancelled write
     * that ran anyway still has its result applied). */
    gboolean                  check_cancellable;
} VireoWorkerOps;

/* Runs @ops on @data (taken; not NULL) for @owner (a GObject, or NULL when
 * @ops has no generation; a reference is held until the call is answered).
 * @callback is called on the thread-default main context of now, which
 * should be the owner's; it may be NULL for calls nobody waits for. */
void     vireo_worker_run_async (gpointer              owner,
                                 gpointer              source_tag,
                                 const VireoWorkerOps *ops,
                                 gpointer              data,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
/* The call's data (owned by @result, valid as long as it is) when it
 * succeeded, else NULL with @error set.  Call once. */
gpointer vireo_worker_finish    (gpointer              owner,
                                 GAsyncResult         *result,
                                 gpointer              source_tag,
                                 GError              **error);
/* The blocking form: run, then apply or failed, in the calling thread (no
 * generation check).  @data stays the caller's. */
gboolean vireo_worker_run       (gpointer              owner,
                                 const VireoWorkerOps *ops,
                                 gpointer              data,
                                 GCancellable         *cancellable,
                                 GError              **error);

G_END_DECLS
