/* test-worker.c: the worker helper: run in a thread, apply on the owner's context
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gio/gio.h>

#include "vireo-vmm-error.h"
#include "vireo-worker.h"
#include "vireo-test-util.h"

#define TIMEOUT_MS 10000

/* The owner: a plain object whose generation the test moves. */
static guint owner_generation;

static guint
get_generation (gpointer owner)
{
    g_assert_true (G_IS_OBJECT (owner));
    return owner_generation;
}

typedef struct {
    gboolean      fail;          /* run fails */
    gboolean      fail_apply;    /* apply fails */
    GCancellable *wait;          /* run waits until this is cancelled, when set */
    GThread      *main_thread;
    /* what happened */
    gint          ran;           /* atomic */
    GThread      *run_thread;
    guint         applied;
    guint         failed;
    GThread      *apply_thread;
    char         *result;
    gboolean      freed;
} Call;

static gboolean
call_run (gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
    Call *call = data;

    g_atomic_int_inc (&call->ran);
    call->run_thread = g_thread_self ();
    if (call->wait != NULL) {
        while (!g_cancellable_is_cancelled (call->wait))
            g_usleep (1000);
    }
    if (call->fail) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED, "run failed");
        return FALSE;
    }
    call->result = g_strdup ("read in the worker");
    return TRUE;
}

static gboolean
call_apply (gpointer  owner,
            gpointer  data,
            GError  **error)
{
    Call *call = data;

    g_assert_true (G_IS_OBJECT (owner));
    call->applied++;
    call->apply_thread = g_thread_self ();
    if (call->fail_apply) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                             "apply failed");
        return FALSE;
    }
    return TRUE;
}

static void
call_failed (gpointer      owner,
             gpointer      data,
             const GError *error)
{
    Call *call = data;

    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED);
    call->failed++;
    call->apply_thread = g_thread_self ();
}

static void
call_free (gpointer data)
{
    Call *call = data;

    call->freed = TRUE;
}

static GError *
call_stale (gpointer owner,
            gpointer data)
{
    return g_error_new_literal (VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE, "closed");
}

static const VireoWorkerOps ops = {
    .run = call_run,
    .apply = call_apply,
    .failed = call_failed,
    .free_data = call_free,
    .generation = get_generation,
};

static const VireoWorkerOps stale_ops = {
    .run = call_run,
    .apply = call_apply,
    .failed = call_failed,
    .free_data = call_free,
    .generation = get_generation,
    .stale = call_stale,
};

static const VireoWorkerOps read_ops = {
    .run = call_run,
    .free_data = call_free,
    .check_cancellable = TRUE,
};

static void test_tag (void) { }

/* Runs @call through @o and waits for the answer; returns the call's data
 * from _finish() (NULL with @error on failure). */
static gpointer
run_and_wait (GObject              *owner,
              const VireoWorkerOps *o,
              Call                 *call,
              GCancellable         *cancellable,
              GError              **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_worker_run_async (owner, test_tag, o, call, cancellable, vireo_test_store_result_cb,
                            &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    return vireo_worker_finish (owner, result, test_tag, error);
}

static void
test_apply (void)
{
    g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GError) error = NULL;
    Call call = { .main_thread = g_thread_self () };

    g_assert_true (run_and_wait (owner, &ops, &call, NULL, &error) == &call);
    g_assert_no_error (error);
    g_assert_cmpint (call.ran, ==, 1);
    g_assert_true (call.run_thread != g_thread_self ());
    g_assert_cmpuint (call.applied, ==, 1);
    g_assert_cmpuint (call.failed, ==, 0);
    g_assert_true (call.apply_thread == g_thread_self ());
    g_assert_cmpstr (call.result, ==, "read in the worker");
    /* The data lives as long as the result, and is freed with it. */
    g_assert_true (call.freed);
    g_free (call.result);
}

static void
test_failures (void)
{
    g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GError) error = NULL;
    Call run_fails = { .fail = TRUE };
    Call apply_fails = { .fail_apply = TRUE };

    /* The run fails: failed() runs on the owner's context, not apply(). */
    g_assert_null (run_and_wait (owner, &ops, &run_fails, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED);
    g_assert_cmpuint (run_fails.applied, ==, 0);
    g_assert_cmpuint (run_fails.failed, ==, 1);
    g_assert_true (run_fails.apply_thread == g_thread_self ());
    g_assert_true (run_fails.freed);
    g_clear_error (&error);

    /* apply() fails the call with its own error. */
    g_assert_null (run_and_wait (owner, &ops, &apply_fails, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    g_assert_cmpuint (apply_fails.applied, ==, 1);
    g_assert_cmpuint (apply_fails.failed, ==, 0);
    g_free (apply_fails.result);
}

/* The owner's generation moves while the run runs: nothing is applied. */
static void
test_generation (void)
{
    g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GCancellable) release = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    Call call = { .wait = release };
    Call custom = { .wait = release };

    vireo_worker_run_async (owner, test_tag, &ops, &call, NULL, vireo_test_store_result_cb,
                            &result);
    while (g_atomic_int_get (&call.ran) == 0)
        g_usleep (1000);
    owner_generation++;
    g_cancellable_cancel (release);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_null (vireo_worker_finish (owner, result, test_tag, &error));
    g_assert_true (vireo_error_is_cancelled (error));
    g_assert_cmpuint (call.applied, ==, 0);
    g_assert_cmpuint (call.failed, ==, 0);
    g_clear_error (&error);
    g_clear_object (&result);
    g_free (call.result);

    /* With stale(), the call fails with its error. */
    g_cancellable_reset (release);
    vireo_worker_run_async (owner, test_tag, &stale_ops, &custom, NULL,
                            vireo_test_store_result_cb, &result);
    while (g_atomic_int_get (&custom.ran) == 0)
        g_usleep (1000);
    owner_generation++;
    g_cancellable_cancel (release);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_null (vireo_worker_finish (owner, result, test_tag, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
    g_assert_cmpuint (custom.applied, ==, 0);
    g_free (custom.result);
}

/* The caller cancels while the run runs: the result is applied all the
 * same, and the caller hears G_IO_ERROR_CANCELLED. */
static void
test_cancelled_meanwhile (void)
{
    g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GCancellable) release = g_cancellable_new ();
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    Call call = { .wait = release };

    vireo_worker_run_async (owner, test_tag, &ops, &call, cancellable,
                            vireo_test_store_result_cb, &result);
    while (g_atomic_int_get (&call.ran) == 0)
        g_usleep (1000);
    g_cancellable_cancel (cancellable);
    g_cancellable_cancel (release);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_null (vireo_worker_finish (owner, result, test_tag, &error));
    g_assert_true (vireo_error_is_cancelled (error));
    g_assert_cmpuint (call.applied, ==, 1);
    g_free (call.result);
}

/* A read cancelled before it starts does not run. */
static void
test_check_cancellable (void)
{
    g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    Call call = { 0 };

    g_cancellable_cancel (cancellable);
    g_assert_null (run_and_wait (owner, &read_ops, &call, cancellable, &error));
    g_assert_true (vireo_error_is_cancelled (error));
    g_assert_cmpint (call.ran, ==, 0);
    g_assert_true (call.freed);
    g_clear_error (&error);

    /* The blocking form too. */
    call.freed = FALSE;
    g_assert_false (vireo_worker_run (owner, &read_ops, &call, cancellable, &error));
    g_assert_true (vireo_error_is_cancelled (error));
    g_assert_cmpint (call.ran, ==, 0);
    g_assert_false (call.freed);
}

/* The blocking form runs, then applies or fails, in the calling thread. */
static void
test_blocking (void)
{
    g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GError) error = NULL;
    Call ok = { 0 };
    Call fails = { .fail = TRUE };

    g_assert_true (vireo_worker_run (owner, &ops, &ok, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (ok.run_thread == g_thread_self ());
    g_assert_cmpuint (ok.applied, ==, 1);
    g_assert_false (ok.freed);
    g_free (ok.result);

    g_assert_false (vireo_worker_run (owner, &ops, &fails, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED);
    g_assert_cmpuint (fails.failed, ==, 1);
    g_assert_cmpuint (fails.applied, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/worker/apply", test_apply);
    g_test_add_func ("/vireo/worker/failures", test_failures);
    g_test_add_func ("/vireo/worker/generation", test_generation);
    g_test_add_func ("/vireo/worker/cancelled-meanwhile", test_cancelled_meanwhile);
    g_test_add_func ("/vireo/worker/check-cancellable", test_check_cancellable);
    g_test_add_func ("/vireo/worker/blocking", test_blocking);

    return g_test_run ();
}
