/* vireo-bench-clock.h: the calling thread's clocks, for the benchmarks' stall figures
 *
 * A main loop that runs late was either busy (its thread's CPU time grew),
 * blocked (in a call that waits), or runnable and waiting for a CPU that
 * other programs held: the kernel counts that last share per thread, on a
 * run queue (/proc/thread-self/schedstat, its second field).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

G_BEGIN_DECLS

/* The calling thread's CPU time, µs. */
static inline gint64
vireo_bench_thread_cpu_us (void)
{
    struct timespec ts;

    if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) < 0)
        return 0;
    return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* How long the calling thread has waited on a run queue for a CPU so far,
 * µs; 0 when the kernel does not say.  The file stays open (one per thread
 * and per file that calls this): the stall timers read it every
 * millisecond, and opening it each time cost them more CPU than the rest of
 * their work. */
static inline gint64
vireo_bench_run_queue_wait_us (void)
{
    static _Thread_local int fd = -1;
    char text[128];
    ssize_t len;
    guint64 running = 0, waiting = 0;

    if (fd < 0)
        fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    len = pread (fd, text, sizeof text - 1, 0);
    if (len <= 0)
        return 0;
    text[len] = '\0';
    if (sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &running, &waiting) != 2)
        return 0;
    return (gint64) (waiting / 1000);
}

G_END_DECLS
