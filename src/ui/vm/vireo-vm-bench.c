/* vireo-vm-bench.c: what bench/details measures of the VM window
 *
 * With VIREO_BENCH=details in the environment, the VM window prints on
 * stdout:
 *   VIREO_DETAILS_SHOWN        at the first draw of its Details view once the
 *                              definition is read and its first page shown;
 *   VIREO_WARM_STALL MS CPU WAIT  with VIREO_BENCH_SWITCH=1: once its pages
 *                              are built ahead (in idle, one at a time), the
 *                              longest stall (see below) while they were;
 *   VIREO_SWITCH_STALL MS CPU WAIT N  then, after showing each of its N
 *                              pages in turn (one every 50 ms), the longest
 *                              time the main loop went without running a
 *                              1 ms high-priority heartbeat, in
 *                              milliseconds, the main thread's CPU time
 *                              during that gap, and the time it waited on a
 *                              run queue for a CPU in it (a busy machine's
 *                              share of the gap, from schedstat);
 * with VIREO_BENCH_VERBOSE=1 also "VIREO_SWITCH_PAGE ID MS CPU" for each page;
 * and with VIREO_BENCH_QUIT=1 the application quits after its last line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-bench-clock.h"
#include "vireo-vm-window-private.h"

#define SWITCH_INTERVAL_MS 50

typedef struct {
    VireoVmWindow    *window;      /* owned */
    VireoDetailsView *details;     /* borrowed: the window's */
    GPtrArray        *ids;         /* the pages to show */
    guint             next;
    gint64            last_beat;
    gint64            last_cpu;
    gint64            last_wait;
    gint64            longest;     /* µs */
    gint64            longest_cpu; /* µs of CPU in that gap */
    gint64            longest_wait; /* µs waited for a CPU in that gap */
    gint64            page_longest; /* µs, since the last page was shown */
    gint64            page_longest_cpu;
    guint             beat_id;
    guint             switch_id;
    gulong            draw_id;
    gulong            warm_id;
} Bench;

static void
bench_free (Bench *bench)
{
    g_clear_handle_id (&bench->beat_id, g_source_remove);
    g_clear_handle_id (&bench->switch_id, g_source_remove);
    g_clear_pointer (&bench->ids, g_ptr_array_unref);
    g_object_unref (bench->window);
    g_free (bench);
}

static void
finish (Bench *bench)
{
    GApplication *app = g_application_get_default ();

    printf ("VIREO_SWITCH_STALL %.1f %.1f %.1f %u\n", bench->longest / 1000.0,
            bench->longest_cpu / 1000.0, bench->longest_wait / 1000.0, bench->ids->len);
    fflush (stdout);
    if (g_strcmp0 (g_getenv ("VIREO_BENCH_QUIT"), "1") == 0 && app != NULL)
        g_application_quit (app);
    bench_free (bench);
}

static gboolean
beat_cb (gpointer user_data)
{
    Bench *bench = user_data;
    gint64 now = g_get_monotonic_time ();
    gint64 cpu = vireo_bench_thread_cpu_us ();
    gint64 wait = vireo_bench_run_queue_wait_us ();

    if (bench->last_beat != 0) {
        if (now - bench->last_beat > bench->longest) {
            bench->longest = now - bench->last_beat;
            bench->longest_cpu = cpu - bench->last_cpu;
            bench->longest_wait = wait - bench->last_wait;
        }
        if (now - bench->last_beat > bench->page_longest) {
            bench->page_longest = now - bench->last_beat;
            bench->page_longest_cpu = cpu - bench->last_cpu;
        }
    }
    bench->last_beat = now;
    bench->last_cpu = cpu;
    bench->last_wait = wait;
    return G_SOURCE_CONTINUE;
}

static gboolean
switch_cb (gpointer user_data)
{
    Bench *bench = user_data;

    /* VIREO_BENCH_VERBOSE=1: each page's longest stall. */
    if (bench->next > 0 && g_strcmp0 (g_getenv ("VIREO_BENCH_VERBOSE"), "1") == 0)
        printf ("VIREO_SWITCH_PAGE %s %.1f %.1f\n",
                (const char *) bench->ids->pdata[bench->next - 1], bench->page_longest / 1000.0,
                bench->page_longest_cpu / 1000.0);
    bench->page_longest = 0;
    bench->page_longest_cpu = 0;
    if (bench->next >= bench->ids->len) {
        bench->switch_id = 0;
        finish (bench);
        return G_SOURCE_REMOVE;
    }
    vireo_details_view_show_page (bench->details, bench->ids->pdata[bench->next++]);
    return G_SOURCE_CONTINUE;
}

/* The pages are built: their stalls are reported apart, and the switching
 * starts. */
static void
details_warm_cb (GtkWidget  *details,
                 GParamSpec *pspec,
                 Bench      *bench)
{
    if (!vireo_details_view_get_warm (bench->details))
        return;
    if (bench->warm_id != 0)
        g_clear_signal_handler (&bench->warm_id, details);
    printf ("VIREO_WARM_STALL %.1f %.1f %.1f\n", bench->longest / 1000.0,
            bench->longest_cpu / 1000.0, bench->longest_wait / 1000.0);
    fflush (stdout);
    bench->longest = bench->longest_cpu = bench->longest_wait = 0;
    bench->page_longest = bench->page_longest_cpu = 0;
    bench->switch_id = g_timeout_add (SWITCH_INTERVAL_MS, switch_cb, bench);
}

static gboolean
details_drawn_cb (GtkWidget *widget,
                  cairo_t   *cr,
                  Bench     *bench)
{
    g_signal_handler_disconnect (widget, bench->draw_id);
    bench->draw_id = 0;
    printf ("VIREO_DETAILS_SHOWN\n");
    fflush (stdout);
    if (g_strcmp0 (g_getenv ("VIREO_BENCH_SWITCH"), "1") != 0) {
        GApplication *app = g_application_get_default ();

        if (g_strcmp0 (g_getenv ("VIREO_BENCH_QUIT"), "1") == 0 && app != NULL)
            g_application_quit (app);
        bench_free (bench);
        return FALSE;
    }
    bench->ids = vireo_details_view_list_ids (bench->details);
    bench->beat_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, beat_cb, bench, NULL);
    if (vireo_details_view_get_warm (bench->details))
        details_warm_cb (GTK_WIDGET (bench->details), NULL, bench);
    else
        bench->warm_id = g_signal_connect (bench->details, "notify::warm",
                                           G_CALLBACK (details_warm_cb), bench);
    return FALSE;
}

static void
details_loaded_cb (GtkWidget  *details,
                   GParamSpec *pspec,
                   Bench      *bench)
{
    if (!vireo_details_view_get_loaded (bench->details) || bench->draw_id != 0)
        return;
    g_signal_handlers_disconnect_by_func (details, details_loaded_cb, bench);
    bench->draw_id = g_signal_connect_after (details, "draw", G_CALLBACK (details_drawn_cb),
                                             bench);
    gtk_widget_queue_draw (details);
}

void
_vireo_vm_window_bench_watch (VireoVmWindow    *self,
                              VireoDetailsView *details)
{
    Bench *bench;

    if (g_strcmp0 (g_getenv ("VIREO_BENCH"), "details") != 0)
        return;
    bench = g_new0 (Bench, 1);
    bench->window = g_object_ref (self);
    bench->details = details;
    g_signal_connect (details, "notify::loaded", G_CALLBACK (details_loaded_cb), bench);
}
