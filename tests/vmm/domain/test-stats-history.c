/* test-stats-history.c: the ring buffer behind the live graphs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>

#include "vireo-stats-history.h"
#include "vireo-test-util.h"

/* A sample whose every metric is @value, stamped @value seconds. */
static VireoStatsSample
sample_of (double value)
{
    VireoStatsSample s = { .time_us = isfinite (value) ? (gint64) (value * G_USEC_PER_SEC) : 0 };

    for (guint m = 0; m < VIREO_STATS_N_METRICS; m++)
        s.values[m] = value;
    return s;
}

static void
push_range (VireoStatsHistory *history,
            guint              first,
            guint              last)
{
    for (guint i = first; i <= last; i++) {
        VireoStatsSample s = sample_of (i);

        vireo_stats_history_push (history, &s);
    }
}

static void
test_empty (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (8);
    double out[4] = { -1, -1, -1, -1 };

    g_assert_cmpuint (vireo_stats_history_get_capacity (history), ==, 8);
    g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 0);
    g_assert_null (vireo_stats_history_get_latest (history));
    g_assert_null (vireo_stats_history_get_nth (history, 0));
    g_assert_cmpuint (vireo_stats_history_copy_values (history, VIREO_STATS_METRIC_CPU_PERCENT,
                                                       out, 4), ==, 0);
    g_assert_cmpfloat (out[0], ==, -1);
    g_assert_cmpfloat (vireo_stats_history_get_max (history, VIREO_STATS_METRIC_CPU_PERCENT,
                                                    100), ==, 0.0);
}

static void
test_default_capacity (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (0);

    g_assert_cmpuint (vireo_stats_history_get_capacity (history), ==,
                      VIREO_STATS_HISTORY_DEFAULT_CAPACITY);
    g_assert_cmpuint (VIREO_STATS_HISTORY_DEFAULT_CAPACITY, >=, 600);
}

static void
test_push_and_wrap (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (5);
    /* pushes, expected length, expected newest, expected oldest */
    static const struct {
        guint pushes;
        guint length;
        double newest;
        double oldest;
    } steps[] = {
        { 1, 1, 1, 1 },
        { 3, 3, 3, 1 },
        { 5, 5, 5, 1 },
        { 6, 5, 6, 2 },    /* first overwrite */
        { 10, 5, 10, 6 },  /* exactly twice round */
        { 13, 5, 13, 9 },
    };
    guint pushed = 0;

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++) {
        const VireoStatsSample *newest, *oldest;

        push_range (history, pushed + 1, steps[i].pushes);
        pushed = steps[i].pushes;
        g_assert_cmpuint (vireo_stats_history_get_length (history), ==, steps[i].length);
        g_assert_cmpuint (vireo_stats_history_get_capacity (history), ==, 5);
        newest = vireo_stats_history_get_latest (history);
        oldest = vireo_stats_history_get_nth (history, steps[i].length - 1);
        g_assert_nonnull (newest);
        g_assert_nonnull (oldest);
        g_assert_cmpfloat (newest->values[VIREO_STATS_METRIC_MEMORY_KIB], ==, steps[i].newest);
        g_assert_cmpint (newest->time_us, ==, (gint64) steps[i].newest * G_USEC_PER_SEC);
        g_assert_cmpfloat (oldest->values[VIREO_STATS_METRIC_NET_TX_BPS], ==, steps[i].oldest);
        g_assert_null (vireo_stats_history_get_nth (history, steps[i].length));
    }
}

static void
test_get_nth (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (4);

    push_range (history, 1, 6);   /* holds 3 4 5 6 */
    for (guint i = 0; i < 4; i++) {
        const VireoStatsSample *s = vireo_stats_history_get_nth (history, i);

        g_assert_nonnull (s);
        g_assert_cmpfloat (s->values[VIREO_STATS_METRIC_CPU_PERCENT], ==, 6.0 - i);
    }
    g_assert_null (vireo_stats_history_get_nth (history, 4));
    g_assert_null (vireo_stats_history_get_nth (history, G_MAXUINT));
}

static void
test_copy_values (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (6);
    /* after pushing 1..pushes, ask for n values: expect count, first (oldest), last */
    static const struct {
        guint pushes;
        guint n;
        guint count;
        double first;
        double last;
    } cases[] = {
        { 3, 10, 3, 1, 3 },   /* fewer samples than asked */
        { 3, 2, 2, 2, 3 },    /* truncation keeps the newest */
        { 9, 6, 6, 4, 9 },    /* wrapped, whole buffer */
        { 9, 4, 4, 6, 9 },    /* wrapped, truncated */
        { 9, 1, 1, 9, 9 },
        { 9, 0, 0, 0, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        double out[16];
        guint count;

        vireo_stats_history_clear (history);
        push_range (history, 1, cases[i].pushes);
        for (guint j = 0; j < G_N_ELEMENTS (out); j++)
            out[j] = -1;
        count = vireo_stats_history_copy_values (history, VIREO_STATS_METRIC_DISK_READ_BPS,
                                                 out, cases[i].n);
        g_assert_cmpuint (count, ==, cases[i].count);
        if (count == 0) {
            g_assert_cmpfloat (out[0], ==, -1);
            continue;
        }
        g_assert_cmpfloat (out[0], ==, cases[i].first);
        g_assert_cmpfloat (out[count - 1], ==, cases[i].last);
        for (guint j = 1; j < count; j++)
            g_assert_cmpfloat (out[j], ==, out[j - 1] + 1);   /* oldest first, in order */
        g_assert_cmpfloat (out[count], ==, -1);               /* nothing written past count */
    }
}

static void
test_metrics_are_separate (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (3);
    VireoStatsSample s = { .time_us = 1 };
    double out[3];

    for (guint m = 0; m < VIREO_STATS_N_METRICS; m++)
        s.values[m] = 100 * (m + 1);
    vireo_stats_history_push (history, &s);
    for (guint m = 0; m < VIREO_STATS_N_METRICS; m++) {
        g_assert_cmpuint (vireo_stats_history_copy_values (history, m, out, 3), ==, 1);
        g_assert_cmpfloat (out[0], ==, 100 * (m + 1));
    }
}

static void
test_get_max (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (5);
    /* values pushed oldest first */
    static const double values[] = { 7, NAN, 42, NAN, 3, 5, INFINITY };
    static const struct {
        guint n;
        double max;
    } cases[] = {
        { 1, 0 },     /* only +inf: not finite */
        { 2, 5 },
        { 3, 5 },
        { 4, 5 },     /* NAN skipped */
        { 5, 42 },    /* whole buffer (7 and the first NAN were overwritten) */
        { 100, 42 },
        { 0, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++) {
        VireoStatsSample s = sample_of (0);

        s.values[VIREO_STATS_METRIC_NET_RX_BPS] = values[i];
        vireo_stats_history_push (history, &s);
    }
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        g_assert_cmpfloat (vireo_stats_history_get_max (history, VIREO_STATS_METRIC_NET_RX_BPS,
                                                        cases[i].n), ==, cases[i].max);
}

static void
test_all_nan_max (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (4);
    VireoStatsSample s = sample_of (NAN);

    vireo_stats_history_push (history, &s);
    vireo_stats_history_push (history, &s);
    g_assert_cmpfloat (vireo_stats_history_get_max (history, VIREO_STATS_METRIC_CPU_PERCENT,
                                                    4), ==, 0.0);
}

static void
test_ten_minutes (void)
{
    g_autoptr(VireoStatsHistory) history =
        vireo_stats_history_new (VIREO_STATS_HISTORY_DEFAULT_CAPACITY);
    g_autofree double *out = g_new (double, 600);
    const gint64 t0 = 1000 * G_USEC_PER_SEC;

    /* 10 minutes at 1 s: one sample a second, CPU = the second. */
    for (guint i = 0; i < 600; i++) {
        VireoStatsSample s = sample_of (NAN);

        s.time_us = t0 + (gint64) i * G_USEC_PER_SEC;
        s.values[VIREO_STATS_METRIC_CPU_PERCENT] = i % 101;
        vireo_stats_history_push (history, &s);
    }
    g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 600);
    g_assert_cmpuint (vireo_stats_history_copy_values (history, VIREO_STATS_METRIC_CPU_PERCENT,
                                                       out, 600), ==, 600);
    for (guint i = 0; i < 600; i++) {
        const VireoStatsSample *s = vireo_stats_history_get_nth (history, 599 - i);

        g_assert_cmpfloat (out[i], ==, i % 101);
        g_assert_nonnull (s);
        g_assert_cmpint (s->time_us, ==, t0 + (gint64) i * G_USEC_PER_SEC);
    }
    g_assert_cmpint (vireo_stats_history_get_nth (history, 599)->time_us -
                     vireo_stats_history_get_latest (history)->time_us, ==,
                     -599 * G_USEC_PER_SEC);
    g_assert_cmpfloat (vireo_stats_history_get_max (history, VIREO_STATS_METRIC_CPU_PERCENT,
                                                    600), ==, 100);
}

static void
test_clear (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (3);
    double out[3];

    push_range (history, 1, 5);
    vireo_stats_history_clear (history);
    g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 0);
    g_assert_cmpuint (vireo_stats_history_get_capacity (history), ==, 3);
    g_assert_null (vireo_stats_history_get_latest (history));
    g_assert_cmpfloat (vireo_stats_history_get_max (history, VIREO_STATS_METRIC_CPU_PERCENT,
                                                    3), ==, 0);

    /* usable again, and old samples do not come back */
    push_range (history, 20, 21);
    g_assert_cmpuint (vireo_stats_history_copy_values (history, VIREO_STATS_METRIC_CPU_PERCENT,
                                                       out, 3), ==, 2);
    g_assert_cmpfloat (out[0], ==, 20);
    g_assert_cmpfloat (out[1], ==, 21);
}

/* Slots are allocated as samples arrive; growing must keep the order, also
 * across the first wrap and after a clear. */
static void
test_growth (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (100);

    for (guint round = 0; round < 2; round++) {
        push_range (history, 1, 250);
        g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 100);
        for (guint i = 0; i < 100; i++) {
            const VireoStatsSample *s = vireo_stats_history_get_nth (history, i);

            g_assert_nonnull (s);
            g_assert_cmpfloat (s->values[VIREO_STATS_METRIC_CPU_PERCENT], ==, 250 - i);
        }
        g_assert_null (vireo_stats_history_get_nth (history, 100));
        vireo_stats_history_clear (history);
        push_range (history, 1, 40);
        g_assert_cmpfloat (vireo_stats_history_get_nth (history, 39)->values[0], ==, 1);
        g_assert_cmpfloat (vireo_stats_history_get_latest (history)->values[0], ==, 40);
        vireo_stats_history_clear (history);
    }
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/stats-history/empty", test_empty);
    g_test_add_func ("/vireo/stats-history/default-capacity", test_default_capacity);
    g_test_add_func ("/vireo/stats-history/push-and-wrap", test_push_and_wrap);
    g_test_add_func ("/vireo/stats-history/get-nth", test_get_nth);
    g_test_add_func ("/vireo/stats-history/copy-values", test_copy_values);
    g_test_add_func ("/vireo/stats-history/metrics-are-separate", test_metrics_are_separate);
    g_test_add_func ("/vireo/stats-history/get-max", test_get_max);
    g_test_add_func ("/vireo/stats-history/all-nan-max", test_all_nan_max);
    g_test_add_func ("/vireo/stats-history/ten-minutes", test_ten_minutes);
    g_test_add_func ("/vireo/stats-history/growth", test_growth);
    g_test_add_func ("/vireo/stats-history/clear", test_clear);

    return g_test_run ();
}
