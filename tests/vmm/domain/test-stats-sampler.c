/* test-stats-sampler.c: the bulk stats sampler
 *
 * Rates are checked by feeding the owner-side reduction synthetic records;
 * the bulk path runs against libvirt's test driver with 50 domains (which
 * reports only the "state" group, so CPU stays NAN there).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>

#include "vireo-connection.h"
#include "vireo-event-loop.h"
#include "vireo-stats-sampler.h"
#include "vireo-stats-sampler-private.h"
#include "vireo-vmm-enums.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

#define N_DOMAINS 50
#define SEC G_USEC_PER_SEC

/* --- pure computation --------------------------------------------------- */

static void
test_cpu_percent (void)
{
    static const struct {
        guint64 prev_ns;
        guint64 now_ns;
        gint64 interval_us;
        guint n_vcpus;
        double expected;   /* NAN: no figure */
    } cases[] = {
        { 0, 500000000, 1000000, 1, 50.0 },              /* half a second of 1 s */
        { 1000, 1000, 1000000, 1, 0.0 },                  /* idle */
        { 0, 1000000000, 1000000, 1, 100.0 },             /* saturated */
        { 0, 1000000000, 1000000, 4, 25.0 },              /* one of four vCPUs */
        { 0, 3000000000, 1000000, 4, 75.0 },
        { 0, 250000000, 500000, 2, 25.0 },                /* half-second interval */
        { 10, 20000000010, 10000000, 8, 25.0 },           /* 10 s, 8 vCPUs */
        { 0, 3000000000, 1000000, 1, 100.0 },             /* clamped above */
        { 0, 1000001000, 1000000, 1, 100.0 },             /* rounding just over 100 */
        { 500000000, 100, 1000000, 1, NAN },              /* counter went backwards */
        { 0, 500000000, 0, 1, NAN },                      /* zero interval */
        { 0, 500000000, -1000000, 1, NAN },               /* negative interval */
        { 0, 500000000, 1000000, 0, NAN },                /* no vCPUs */
        { G_MAXUINT64 - 1000000000, G_MAXUINT64, 10000000, 1, 10.0 },  /* huge counters */
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        double got = vireo_stats_compute_cpu_percent (cases[i].prev_ns, cases[i].now_ns,
                                                      cases[i].interval_us, cases[i].n_vcpus);

        g_test_message ("case %u: got %f", i, got);
        if (isnan (cases[i].expected))
            g_assert_true (isnan (got));
        else
            g_assert_cmpfloat_with_epsilon (got, cases[i].expected, 1e-6);
    }
}

/* --- owner-side reduction with synthetic records ------------------------ */

#define UUID_A "11111111-2222-3333-4444-000000000001"
#define UUID_B "11111111-2222-3333-4444-000000000002"

static VireoStatsDomainRaw
raw_full (const char *uuid,
          gint64      time_us,
          guint64     cpu_ns,
          guint       vcpus,
          guint64     bytes)
{
    VireoStatsDomainRaw raw = {
        .time_us = time_us,
        .flags = VIREO_STATS_RAW_CPU_TIME | VIREO_STATS_RAW_VCPUS |
                 VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_RSS |
                 VIREO_STATS_RAW_DISK | VIREO_STATS_RAW_NET,
        .state = 1,
        .cpu_time_ns = cpu_ns,
        .n_vcpus = vcpus,
        .balloon_current_kib = 1048576,
        .balloon_rss_kib = 300000,
        .disk_rd_bytes = bytes,
        .disk_wr_bytes = 2 * bytes,
        .net_rx_bytes = 3 * bytes,
        .net_tx_bytes = 4 * bytes,
    };

    g_strlcpy (raw.uuid, uuid, sizeof raw.uuid);
    return raw;
}

static VireoStatsHostRaw
host_at (gint64 time_us)
{
    VireoStatsHostRaw host = { .time_us = time_us };

    return host;
}

static GThread *main_thread;

static void
count_updated_cb (VireoStatsSampler *sampler,
                  guint             *count)
{
    /* ::updated belongs to the owner context: here, the main thread's
     * default context.  If this fails, another thread iterates the global
     * default context (libvirt's own GLib-based default event
     * implementation does, when it is run on a thread), and every owner-side
     * callback of libvireo-vmm then runs on that thread. */
    g_assert_true (g_thread_self () == main_thread);
    (*count)++;
}

static void
assert_metric (const VireoStatsSample *s,
               VireoStatsMetric        metric,
               double                  expected)
{
    g_assert_nonnull (s);
    if (isnan (expected))
        g_assert_true (isnan (s->values[metric]));
    else
        g_assert_cmpfloat_with_epsilon (s->values[metric], expected, 1e-6);
}

static void
test_apply_rates (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);
    const gint64 t0 = 100 * SEC;
    VireoStatsDomainRaw raw;
    VireoStatsHostRaw host;
    VireoStatsHistory *history;
    const VireoStatsSample *s;
    guint updated = 0;

    g_signal_connect (sampler, "updated", G_CALLBACK (count_updated_cb), &updated);

    /* First sample: no rates yet, but memory is a level, not a rate. */
    raw = raw_full (UUID_A, t0, 5000000000, 2, 1000);
    host = host_at (t0);
    _vireo_stats_sampler_apply (sampler, &host, &raw, 1);
    g_assert_cmpuint (updated, ==, 1);
    history = vireo_stats_sampler_get_history (sampler, UUID_A);
    g_assert_nonnull (history);
    g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 1);
    s = vireo_stats_history_get_latest (history);
    g_assert_cmpint (s->time_us, ==, t0);
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, NAN);
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_KIB, 300000);   /* no guest figures: rss */
    assert_metric (s, VIREO_STATS_METRIC_DISK_READ_BPS, NAN);
    assert_metric (s, VIREO_STATS_METRIC_NET_TX_BPS, NAN);

    /* 2 s later: 1.5 s of CPU on 2 vCPUs over 2 s = 37.5 %;
     * 8000 more bytes read in 2 s = 4000 B/s, written 8000, rx 12000, tx 16000. */
    raw = raw_full (UUID_A, t0 + 2 * SEC, 6500000000, 2, 9000);
    host = host_at (t0 + 2 * SEC);
    _vireo_stats_sampler_apply (sampler, &host, &raw, 1);
    g_assert_cmpuint (updated, ==, 2);
    g_assert_true (vireo_stats_sampler_get_history (sampler, UUID_A) == history);
    g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 2);
    s = vireo_stats_history_get_latest (history);
    g_assert_cmpint (s->time_us, ==, t0 + 2 * SEC);
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, 37.5);
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_KIB, 300000);
    assert_metric (s, VIREO_STATS_METRIC_DISK_READ_BPS, 4000);
    assert_metric (s, VIREO_STATS_METRIC_DISK_WRITE_BPS, 8000);
    assert_metric (s, VIREO_STATS_METRIC_NET_RX_BPS, 12000);
    assert_metric (s, VIREO_STATS_METRIC_NET_TX_BPS, 16000);

    /* The guest restarted: counters went back; rates unknown for one tick. */
    raw = raw_full (UUID_A, t0 + 3 * SEC, 1000, 2, 10);
    host = host_at (t0 + 3 * SEC);
    _vireo_stats_sampler_apply (sampler, &host, &raw, 1);
    s = vireo_stats_history_get_latest (history);
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, NAN);
    assert_metric (s, VIREO_STATS_METRIC_DISK_READ_BPS, NAN);
    assert_metric (s, VIREO_STATS_METRIC_NET_RX_BPS, NAN);

    /* ...and resume from the new base: 0.5 s CPU in 1 s on 1 vCPU (hot-unplugged). */
    raw = raw_full (UUID_A, t0 + 4 * SEC, 500001000, 1, 110);
    host = host_at (t0 + 4 * SEC);
    _vireo_stats_sampler_apply (sampler, &host, &raw, 1);
    s = vireo_stats_history_get_latest (history);
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, 50);
    assert_metric (s, VIREO_STATS_METRIC_DISK_READ_BPS, 100);
    assert_metric (s, VIREO_STATS_METRIC_NET_TX_BPS, 400);

    /* the previous values read back oldest first */
    {
        double cpu[4];

        g_assert_cmpuint (vireo_stats_history_copy_values (history,
                                                           VIREO_STATS_METRIC_CPU_PERCENT,
                                                           cpu, 4), ==, 4);
        g_assert_true (isnan (cpu[0]));
        g_assert_cmpfloat_with_epsilon (cpu[1], 37.5, 1e-6);
        g_assert_true (isnan (cpu[2]));
        g_assert_cmpfloat_with_epsilon (cpu[3], 50, 1e-6);
    }
}

static void
test_apply_groups_missing (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);
    VireoStatsDomainRaw raw[2];
    VireoStatsHostRaw host;
    const VireoStatsSample *s;

    /* Only CPU was asked for (no balloon, block, interface data). */
    for (guint i = 0; i < 2; i++) {
        raw[i] = raw_full (UUID_B, (i + 1) * SEC, i * 250000000, 1, 0);
        raw[i].flags = VIREO_STATS_RAW_CPU_TIME | VIREO_STATS_RAW_VCPUS;
        host = host_at ((i + 1) * SEC);
        _vireo_stats_sampler_apply (sampler, &host, &raw[i], 1);
    }
    s = vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler, UUID_B));
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, 25);
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_KIB, NAN);
    assert_metric (s, VIREO_STATS_METRIC_DISK_READ_BPS, NAN);
    assert_metric (s, VIREO_STATS_METRIC_DISK_WRITE_BPS, NAN);
    assert_metric (s, VIREO_STATS_METRIC_NET_RX_BPS, NAN);
    assert_metric (s, VIREO_STATS_METRIC_NET_TX_BPS, NAN);

    /* vcpu.current missing: no CPU figure rather than a wrong one */
    raw[0] = raw_full (UUID_B, 3 * SEC, 500000000, 1, 0);
    raw[0].flags = VIREO_STATS_RAW_CPU_TIME;
    host = host_at (3 * SEC);
    _vireo_stats_sampler_apply (sampler, &host, &raw[0], 1);
    s = vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler, UUID_B));
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, NAN);
}

static void
test_apply_memory_sources (void)
{
    static const struct {
        guint flags;
        guint64 current, rss, available, unused;
        double expected;
    } cases[] = {
        /* guest-reported: balloon size minus what the guest leaves unused */
        { VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_RSS |
          VIREO_STATS_RAW_BALLOON_AVAIL | VIREO_STATS_RAW_BALLOON_UNUSED,
          1048576, 900000, 1000000, 600000, 448576 },
        { VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_UNUSED,
          2097152, 0, 0, 97152, 2000000 },
        /* no balloon size: the guest's own total */
        { VIREO_STATS_RAW_BALLOON_AVAIL | VIREO_STATS_RAW_BALLOON_UNUSED,
          0, 0, 1000000, 250000, 750000 },
        /* unused larger than current (racy guest figures): not negative */
        { VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_UNUSED,
          1000, 0, 0, 5000, 0 },
        /* no guest figures: what the host sees */
        { VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_RSS,
          1048576, 123456, 0, 0, 123456 },
        { VIREO_STATS_RAW_BALLOON_CURRENT, 524288, 0, 0, 0, 524288 },
        /* nothing at all */
        { 0, 0, 0, 0, 0, NAN },
    };
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        VireoStatsDomainRaw raw = { .time_us = (i + 1) * SEC };
        VireoStatsHostRaw host = host_at ((i + 1) * SEC);
        g_autofree char *uuid = g_strdup_printf ("00000000-0000-0000-0000-%012u", i);

        g_strlcpy (raw.uuid, uuid, sizeof raw.uuid);
        raw.flags = cases[i].flags;
        raw.balloon_current_kib = cases[i].current;
        raw.balloon_rss_kib = cases[i].rss;
        raw.balloon_available_kib = cases[i].available;
        raw.balloon_unused_kib = cases[i].unused;
        _vireo_stats_sampler_apply (sampler, &host, &raw, 1);
        g_test_message ("case %u", i);
        assert_metric (vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler,
                                                                                        uuid)),
                       VIREO_STATS_METRIC_MEMORY_KIB, cases[i].expected);
    }
}

static void
test_apply_host (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);
    VireoStatsHistory *history = vireo_stats_sampler_get_host_history (sampler);
    VireoStatsHostRaw host = {
        .time_us = SEC,
        .flags = VIREO_STATS_RAW_HOST_CPU | VIREO_STATS_RAW_HOST_MEMORY,
        .cpu_idle_ns = 7000000000,
        .cpu_total_ns = 10000000000,
        .mem_total_kib = 16000000,
        .mem_free_kib = 4000000,
        .mem_buffers_kib = 1000000,
        .mem_cached_kib = 3000000,
    };
    const VireoStatsSample *s;

    g_assert_nonnull (history);
    g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 0);

    _vireo_stats_sampler_apply (sampler, &host, NULL, 0);
    s = vireo_stats_history_get_latest (history);
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, NAN);      /* needs two samples */
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_KIB, 8000000);   /* total-free-buffers-cached */
    assert_metric (s, VIREO_STATS_METRIC_DISK_READ_BPS, NAN);

    /* 8 CPUs for 1 s: 8e9 ns total, 2e9 of them idle -> 75 % busy */
    host.time_us = 2 * SEC;
    host.cpu_total_ns += 8000000000;
    host.cpu_idle_ns += 2000000000;
    host.mem_free_kib = 2000000;
    _vireo_stats_sampler_apply (sampler, &host, NULL, 0);
    s = vireo_stats_history_get_latest (history);
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, 75);
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_KIB, 10000000);

    /* all idle */
    host.time_us = 3 * SEC;
    host.cpu_total_ns += 8000000000;
    host.cpu_idle_ns += 8000000000;
    _vireo_stats_sampler_apply (sampler, &host, NULL, 0);
    assert_metric (vireo_stats_history_get_latest (history), VIREO_STATS_METRIC_CPU_PERCENT, 0);

    /* the host does not report its counters (test driver): NAN, still a sample */
    host.time_us = 4 * SEC;
    host.flags = 0;
    _vireo_stats_sampler_apply (sampler, &host, NULL, 0);
    s = vireo_stats_history_get_latest (history);
    g_assert_cmpuint (vireo_stats_history_get_length (history), ==, 4);
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, NAN);
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_KIB, NAN);
}

/* The list's figures: the VM's share of the host, memory as a share of the
 * VM's memory, disk and network as one rate each, and the host's sums. */
static void
test_apply_list_figures (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);
    VireoStatsHistory *host_history = vireo_stats_sampler_get_host_history (sampler);
    VireoStatsDomainRaw raw[2];
    VireoStatsHostRaw host;
    const VireoStatsSample *s;

    raw[0] = raw_full (UUID_A, SEC, 1000000000, 2, 1000);
    raw[1] = raw_full (UUID_B, SEC, 0, 1, 0);
    host = host_at (SEC);
    host.n_cpus = 8;
    host.flags = VIREO_STATS_RAW_HOST_MEMORY;
    host.mem_total_kib = 16000000;
    host.mem_free_kib = 12000000;
    _vireo_stats_sampler_apply (sampler, &host, raw, 2);
    s = vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler, UUID_A));
    assert_metric (s, VIREO_STATS_METRIC_HOST_CPU_PERCENT, NAN);     /* needs two samples */
    /* rss 300000 KiB of a 1048576 KiB balloon */
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_PERCENT, 300000 * 100.0 / 1048576);
    assert_metric (s, VIREO_STATS_METRIC_DISK_BPS, NAN);
    s = vireo_stats_history_get_latest (host_history);
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_PERCENT, 25);
    assert_metric (s, VIREO_STATS_METRIC_DISK_BPS, NAN);             /* no VM had a rate */

    /* 1 s later: A used 2 s of CPU (100 % of its 2 vCPUs, 25 % of 8 host CPUs),
     * read 1000 and wrote 2000 bytes; B 0.4 s (40 % of 1 vCPU, 5 % of the host). */
    raw[0] = raw_full (UUID_A, 2 * SEC, 3000000000, 2, 2000);
    raw[1] = raw_full (UUID_B, 2 * SEC, 400000000, 1, 500);
    host.time_us = 2 * SEC;
    _vireo_stats_sampler_apply (sampler, &host, raw, 2);
    s = vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler, UUID_A));
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, 100);
    assert_metric (s, VIREO_STATS_METRIC_HOST_CPU_PERCENT, 25);
    assert_metric (s, VIREO_STATS_METRIC_DISK_BPS, 1000 + 2000);
    assert_metric (s, VIREO_STATS_METRIC_NET_BPS, 3000 + 4000);
    s = vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler, UUID_B));
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, 40);
    assert_metric (s, VIREO_STATS_METRIC_HOST_CPU_PERCENT, 5);
    assert_metric (s, VIREO_STATS_METRIC_DISK_BPS, 500 + 1000);
    assert_metric (s, VIREO_STATS_METRIC_NET_BPS, 1500 + 2000);
    /* The host's disk and network: the sums over its VMs. */
    s = vireo_stats_history_get_latest (host_history);
    assert_metric (s, VIREO_STATS_METRIC_DISK_BPS, 3000 + 1500);
    assert_metric (s, VIREO_STATS_METRIC_NET_BPS, 7000 + 3500);

    /* The host's CPU count unknown: no share rather than a wrong one. */
    raw[0] = raw_full (UUID_A, 3 * SEC, 4000000000, 2, 3000);
    host.time_us = 3 * SEC;
    host.n_cpus = 0;
    _vireo_stats_sampler_apply (sampler, &host, raw, 1);
    s = vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler, UUID_A));
    assert_metric (s, VIREO_STATS_METRIC_CPU_PERCENT, 50);
    assert_metric (s, VIREO_STATS_METRIC_HOST_CPU_PERCENT, NAN);

    /* Without the balloon's size, memory in use has no share. */
    raw[0] = raw_full (UUID_A, 4 * SEC, 5000000000, 2, 4000);
    raw[0].flags &= ~VIREO_STATS_RAW_BALLOON_CURRENT;
    host.time_us = 4 * SEC;
    _vireo_stats_sampler_apply (sampler, &host, raw, 1);
    s = vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler, UUID_A));
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_KIB, 300000);
    assert_metric (s, VIREO_STATS_METRIC_MEMORY_PERCENT, NAN);
}

/* The benchmarks' synthetic counters: only what a record lacks, never
 * going back, different for two VMs. */
static void
test_synthesize (void)
{
    VireoStatsDomainRaw a[2], b, real;
    guint64 prev_cpu = 0, prev_rd = 0, prev_tx = 0;

    for (guint i = 0; i < 200; i++) {
        VireoStatsDomainRaw raw = { .time_us = 1000 * SEC + i * SEC / 2 };

        g_strlcpy (raw.uuid, UUID_A, sizeof raw.uuid);
        _vireo_stats_raw_synthesize (&raw);
        g_assert_cmpuint (raw.flags & VIREO_STATS_RAW_CPU_TIME, !=, 0);
        g_assert_cmpuint (raw.flags & VIREO_STATS_RAW_DISK, !=, 0);
        g_assert_cmpuint (raw.flags & VIREO_STATS_RAW_NET, !=, 0);
        g_assert_cmpuint (raw.n_vcpus, ==, 2);
        g_assert_cmpuint (raw.balloon_unused_kib, <=, raw.balloon_current_kib);
        g_assert_cmpuint (raw.cpu_time_ns, >=, prev_cpu);
        g_assert_cmpuint (raw.disk_rd_bytes, >=, prev_rd);
        g_assert_cmpuint (raw.net_tx_bytes, >=, prev_tx);
        prev_cpu = raw.cpu_time_ns;
        prev_rd = raw.disk_rd_bytes;
        prev_tx = raw.net_tx_bytes;
        if (i < 2)
            a[i] = raw;
    }
    g_assert_cmpuint (a[1].cpu_time_ns, >, a[0].cpu_time_ns);

    b = (VireoStatsDomainRaw) { .time_us = a[0].time_us };
    g_strlcpy (b.uuid, UUID_B, sizeof b.uuid);
    _vireo_stats_raw_synthesize (&b);
    g_assert_cmpuint (b.cpu_time_ns, !=, a[0].cpu_time_ns);

    /* A figure libvirt gave is kept. */
    real = raw_full (UUID_A, a[0].time_us, 42, 3, 7);
    _vireo_stats_raw_synthesize (&real);
    g_assert_cmpuint (real.cpu_time_ns, ==, 42);
    g_assert_cmpuint (real.n_vcpus, ==, 3);
    g_assert_cmpuint (real.disk_rd_bytes, ==, 7);
    g_assert_cmpuint (real.balloon_rss_kib, ==, 300000);
}

static void
test_apply_absent_and_forgotten (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);
    VireoStatsDomainRaw both[2] = {
        raw_full (UUID_A, SEC, 0, 1, 0),
        raw_full (UUID_B, SEC, 0, 1, 0),
    };
    VireoStatsHostRaw host = host_at (SEC);
    g_autoptr(VireoStatsHistory) held_b = NULL;
    VireoStatsDomainRaw only_a;

    _vireo_stats_sampler_apply (sampler, &host, both, 2);
    g_assert_cmpuint (_vireo_stats_sampler_get_n_histories (sampler), ==, 2);
    held_b = g_object_ref (vireo_stats_sampler_get_history (sampler, UUID_B));

    /* B is absent (shut off) for 30 s: kept, but gets no samples. */
    for (gint64 t = 2; t <= 31; t++) {
        only_a = raw_full (UUID_A, t * SEC, t * 100000000, 1, 0);
        host = host_at (t * SEC);
        _vireo_stats_sampler_apply (sampler, &host, &only_a, 1);
    }
    g_assert_true (vireo_stats_sampler_get_history (sampler, UUID_B) == held_b);
    g_assert_cmpuint (vireo_stats_history_get_length (held_b), ==, 1);
    g_assert_cmpuint (vireo_stats_history_get_length (
                          vireo_stats_sampler_get_history (sampler, UUID_A)), ==, 31);

    /* Back after 30 s: its history continues; the rate spans the gap. */
    both[0] = raw_full (UUID_A, 32 * SEC, 3200000000, 1, 0);
    both[1] = raw_full (UUID_B, 32 * SEC, 3100000000, 1, 0);
    host = host_at (32 * SEC);
    _vireo_stats_sampler_apply (sampler, &host, both, 2);
    g_assert_cmpuint (vireo_stats_history_get_length (held_b), ==, 2);
    assert_metric (vireo_stats_history_get_latest (held_b), VIREO_STATS_METRIC_CPU_PERCENT, 10);

    /* Gone for more than a minute: forgotten (a holder's reference stays valid). */
    only_a = raw_full (UUID_A, 92 * SEC, 9200000000, 1, 0);
    host = host_at (92 * SEC);
    _vireo_stats_sampler_apply (sampler, &host, &only_a, 1);
    g_assert_nonnull (vireo_stats_sampler_get_history (sampler, UUID_B));   /* 60 s: not yet */
    only_a.time_us = host.time_us = 92 * SEC + 1;
    _vireo_stats_sampler_apply (sampler, &host, &only_a, 1);
    g_assert_null (vireo_stats_sampler_get_history (sampler, UUID_B));
    g_assert_nonnull (vireo_stats_sampler_get_history (sampler, UUID_A));
    g_assert_cmpuint (_vireo_stats_sampler_get_n_histories (sampler), ==, 1);
    g_assert_cmpuint (vireo_stats_history_get_length (held_b), ==, 2);

    /* Seen again: a fresh history, first rate NAN. */
    both[1] = raw_full (UUID_B, 94 * SEC, 9400000000, 1, 0);
    host = host_at (94 * SEC);
    _vireo_stats_sampler_apply (sampler, &host, &both[1], 1);
    g_assert_true (vireo_stats_sampler_get_history (sampler, UUID_B) != held_b);
    g_assert_cmpuint (vireo_stats_history_get_length (
                          vireo_stats_sampler_get_history (sampler, UUID_B)), ==, 1);
    assert_metric (vireo_stats_history_get_latest (vireo_stats_sampler_get_history (sampler,
                                                                                    UUID_B)),
                   VIREO_STATS_METRIC_CPU_PERCENT, NAN);
}

/* --- properties --------------------------------------------------------- */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
    (*count)++;
}

/* Holds add groups to those set, until the last hold of each is released. */
static void
test_holds (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);

    vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_CPU);
    g_assert_cmpuint (vireo_stats_sampler_get_sampled_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU);
    vireo_stats_sampler_hold_groups (sampler, VIREO_STATS_GROUP_DISK | VIREO_STATS_GROUP_NET);
    vireo_stats_sampler_hold_groups (sampler, VIREO_STATS_GROUP_NET | VIREO_STATS_GROUP_CPU);
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_CPU);
    g_assert_cmpuint (vireo_stats_sampler_get_sampled_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_DISK | VIREO_STATS_GROUP_NET);
    vireo_stats_sampler_release_groups (sampler, VIREO_STATS_GROUP_DISK | VIREO_STATS_GROUP_NET);
    g_assert_cmpuint (vireo_stats_sampler_get_sampled_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_NET);
    vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_NONE);
    g_assert_cmpuint (vireo_stats_sampler_get_sampled_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_NET);
    vireo_stats_sampler_release_groups (sampler, VIREO_STATS_GROUP_NET | VIREO_STATS_GROUP_CPU);
    g_assert_cmpuint (vireo_stats_sampler_get_sampled_groups (sampler), ==,
                      VIREO_STATS_GROUP_NONE);
    /* A release without a hold is a programming error. */
    g_test_expect_message ("Vireo-vmm", G_LOG_LEVEL_CRITICAL, "*holds*");
    vireo_stats_sampler_release_groups (sampler, VIREO_STATS_GROUP_MEMORY);
    g_test_assert_expected_messages ();
}

static void
test_properties (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);
    g_autoptr(VireoConnection) connection = NULL;
    guint interval = 0, groups = 0, n_interval = 0, n_groups = 0;

    g_signal_connect (sampler, "notify::interval", G_CALLBACK (count_notify_cb), &n_interval);
    g_signal_connect (sampler, "notify::groups", G_CALLBACK (count_notify_cb), &n_groups);

    g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 1000);
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_MEMORY);
    g_assert_false (vireo_stats_sampler_is_running (sampler));
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, 0);
    g_assert_cmpuint (vireo_stats_sampler_get_n_skipped (sampler), ==, 0);

    vireo_stats_sampler_set_interval (sampler, 250);
    vireo_stats_sampler_set_interval (sampler, 250);   /* unchanged: no notify */
    g_object_set (sampler, "groups", VIREO_STATS_GROUP_ALL, NULL);
    g_object_get (sampler, "interval", &interval, "groups", &groups, "connection", &connection,
                  NULL);
    g_assert_cmpuint (interval, ==, 250);
    g_assert_cmpuint (groups, ==, VIREO_STATS_GROUP_ALL);
    g_assert_null (connection);
    g_assert_cmpuint (n_interval, ==, 1);
    g_assert_cmpuint (n_groups, ==, 1);

    g_object_set (sampler, "interval", 2000, NULL);
    vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_DISK | VIREO_STATS_GROUP_NET);
    g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 2000);
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                      VIREO_STATS_GROUP_DISK | VIREO_STATS_GROUP_NET);
    g_assert_cmpuint (n_interval, ==, 2);
    g_assert_cmpuint (n_groups, ==, 2);

    /* start/stop do not need a connection; ticks then do nothing */
    vireo_stats_sampler_start (sampler);
    g_assert_true (vireo_stats_sampler_is_running (sampler));
    vireo_stats_sampler_set_interval (sampler, 20);
    g_assert_true (vireo_stats_sampler_is_running (sampler));
    vireo_stats_sampler_stop (sampler);
    g_assert_false (vireo_stats_sampler_is_running (sampler));
    vireo_stats_sampler_stop (sampler);
}

static void
test_no_connection (void)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (NULL);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_stats_sampler_sample_async (sampler, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 5000));
    g_assert_false (vireo_stats_sampler_sample_finish (sampler, result, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, 0);
}

/* --- against libvirt's test driver -------------------------------------- */

typedef struct {
    char *dir;
    VireoConnection *connection;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *node = NULL;
    g_autofree char *uri = NULL;

    g_assert_true (vireo_event_loop_ensure (&error));
    g_assert_no_error (error);
    fx->dir = vireo_test_mkdtemp ("vireo-stats-XXXXXX");
    node = g_build_filename (fx->dir, "node.xml", NULL);
    g_assert_true (vireo_test_write_node_xml (node, N_DOMAINS, &error));
    g_assert_no_error (error);
    uri = g_strdup_printf ("test://%s", node);
    fx->connection = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (fx->connection, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (vireo_connection_get_handle (fx->connection));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
    vireo_connection_close (fx->connection);
    g_clear_object (&fx->connection);
    vireo_test_rmtree (fx->dir);
    g_free (fx->dir);
}

static char *
domain_uuid (guint i)
{
    return g_strdup_printf ("6695eb01-f6a4-8304-79aa-%012x", i);
}

static void
sample_now (VireoStatsSampler *sampler)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_stats_sampler_sample_async (sampler, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 10000));
    g_assert_true (vireo_stats_sampler_sample_finish (sampler, result, &error));
    g_assert_no_error (error);
}

static gboolean
wait_calls (VireoStatsSampler *sampler,
            guint64            n,
            guint              timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (vireo_stats_sampler_get_n_calls (sampler) < n && g_get_monotonic_time () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    return vireo_stats_sampler_get_n_calls (sampler) >= n;
}

static void
test_bulk (Fixture       *fx,
           gconstpointer  data)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (fx->connection);
    const guint n_ticks = 5;
    guint updated = 0;

    g_signal_connect (sampler, "updated", G_CALLBACK (count_updated_cb), &updated);
    vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_ALL);

    for (guint tick = 1; tick <= n_ticks; tick++) {
        sample_now (sampler);
        /* one bulk call per tick, whatever the number of domains */
        g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, tick);
        g_assert_cmpuint (updated, ==, tick);
    }
    g_assert_cmpuint (vireo_stats_sampler_get_n_skipped (sampler), ==, 0);
    g_assert_cmpuint (_vireo_stats_sampler_get_n_histories (sampler), ==, N_DOMAINS);

    for (guint i = 1; i <= N_DOMAINS; i++) {
        g_autofree char *uuid = domain_uuid (i);
        VireoStatsHistory *history = vireo_stats_sampler_get_history (sampler, uuid);
        double cpu[8];

        g_assert_nonnull (history);
        g_assert_cmpuint (vireo_stats_history_get_length (history), ==, n_ticks);
        /* the test driver reports only the state group */
        g_assert_cmpuint (vireo_stats_history_copy_values (history,
                                                           VIREO_STATS_METRIC_CPU_PERCENT,
                                                           cpu, G_N_ELEMENTS (cpu)), ==, n_ticks);
        for (guint j = 0; j < n_ticks; j++)
            g_assert_true (isnan (cpu[j]));
        /* samples are stamped with increasing monotonic times */
        g_assert_cmpint (vireo_stats_history_get_nth (history, 0)->time_us, >,
                         vireo_stats_history_get_nth (history, n_ticks - 1)->time_us);
    }
    g_assert_null (vireo_stats_sampler_get_history (sampler, "6695eb01-f6a4-8304-79aa-"
                                                             "0000000000ff"));
    g_assert_cmpuint (vireo_stats_history_get_length (
                          vireo_stats_sampler_get_host_history (sampler)), ==, n_ticks);
}

static void
test_connection_sampler (Fixture       *fx,
                         gconstpointer  data)
{
    VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (fx->connection);
    g_autofree char *uuid = domain_uuid (N_DOMAINS);
    guint updated = 0;

    /* created by the open, not started, owned by the main thread although
     * the blocking open ran on a private context */
    g_assert_nonnull (sampler);
    g_assert_false (vireo_stats_sampler_is_running (sampler));
    g_signal_connect (sampler, "updated", G_CALLBACK (count_updated_cb), &updated);
    sample_now (sampler);
    g_assert_cmpuint (updated, ==, 1);
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, 1);
    g_assert_nonnull (vireo_stats_sampler_get_history (sampler, uuid));

    vireo_stats_sampler_set_interval (sampler, 30);
    vireo_stats_sampler_start (sampler);
    g_assert_true (wait_calls (sampler, 3, 5000));
    vireo_stats_sampler_stop (sampler);
    g_signal_handlers_disconnect_by_func (sampler, count_updated_cb, &updated);
}

static void
test_weak_connection (Fixture       *fx,
                      gconstpointer  data)
{
    guint refs_before = G_OBJECT (fx->connection)->ref_count;
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (fx->connection);
    g_autoptr(VireoConnection) got = NULL;

    /* the sampler holds no reference on its connection */
    g_assert_cmpuint (G_OBJECT (fx->connection)->ref_count, ==, refs_before);
    g_object_get (sampler, "connection", &got, NULL);
    g_assert_true (got == fx->connection);
    g_clear_object (&got);

    /* nor does a tick in flight */
    _vireo_stats_sampler_set_delay_for_testing (sampler, 300);
    vireo_stats_sampler_sample_async (sampler, NULL, NULL, NULL);
    g_assert_cmpuint (G_OBJECT (fx->connection)->ref_count, ==, refs_before);
    {
        gboolean never = FALSE;

        vireo_test_wait_for (&never, 500);
    }
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, 1);
}

static void
spin (guint ms)
{
    gboolean never = FALSE;

    vireo_test_wait_for (&never, ms);
}

static void
test_start_stop (Fixture       *fx,
                 gconstpointer  data)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (fx->connection);
    guint updated = 0;
    guint64 n;

    g_signal_connect (sampler, "updated", G_CALLBACK (count_updated_cb), &updated);
    vireo_stats_sampler_set_interval (sampler, 50);
    vireo_stats_sampler_start (sampler);
    g_assert_true (vireo_stats_sampler_is_running (sampler));
    g_assert_true (wait_calls (sampler, 4, 5000));

    vireo_stats_sampler_stop (sampler);
    g_assert_false (vireo_stats_sampler_is_running (sampler));
    spin (200);    /* let a tick that was in flight land */
    n = vireo_stats_sampler_get_n_calls (sampler);
    spin (400);
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, n);
    g_assert_cmpuint (updated, ==, n);

    /* the histories grew with the ticks */
    {
        g_autofree char *uuid = domain_uuid (7);

        g_assert_cmpuint (vireo_stats_history_get_length (
                              vireo_stats_sampler_get_history (sampler, uuid)), ==, n);
    }
}

static void
test_interval_rearms (Fixture       *fx,
                      gconstpointer  data)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (fx->connection);

    /* a long interval: nothing happens for a while */
    vireo_stats_sampler_set_interval (sampler, 60000);
    vireo_stats_sampler_start (sampler);
    spin (300);
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, 0);

    /* shortening it re-arms the timer at once */
    g_object_set (sampler, "interval", 40, NULL);
    g_assert_true (vireo_stats_sampler_is_running (sampler));
    g_assert_true (wait_calls (sampler, 3, 5000));

    /* and lengthening it again slows the ticks down */
    vireo_stats_sampler_set_interval (sampler, 60000);
    spin (200);
    {
        guint64 n = vireo_stats_sampler_get_n_calls (sampler);

        spin (400);
        g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, n);
    }
    vireo_stats_sampler_stop (sampler);
}

static void
test_skipped_ticks (Fixture       *fx,
                    gconstpointer  data)
{
    g_autoptr(VireoStatsSampler) sampler = vireo_stats_sampler_new (fx->connection);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    gint64 start;
    double elapsed_ms;
    guint64 calls, skipped;

    /* each tick takes 300 ms, the timer fires every 30 ms */
    _vireo_stats_sampler_set_delay_for_testing (sampler, 300);
    vireo_stats_sampler_set_interval (sampler, 30);
    start = g_get_monotonic_time ();
    vireo_stats_sampler_start (sampler);
    g_assert_true (wait_calls (sampler, 3, 10000));
    vireo_stats_sampler_stop (sampler);
    elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
    calls = vireo_stats_sampler_get_n_calls (sampler);
    skipped = vireo_stats_sampler_get_n_skipped (sampler);
    g_test_message ("%.0f ms: %" G_GUINT64_FORMAT " calls, %" G_GUINT64_FORMAT " skipped",
                    elapsed_ms, calls, skipped);

    /* never two calls at once: at most one per 300 ms (+1 for the one in flight) */
    g_assert_cmpfloat (calls, <=, elapsed_ms / 300.0 + 1);
    /* ~9 timer ticks landed while each call was in flight */
    g_assert_cmpuint (skipped, >=, 3 * 5);

    /* a request made while a tick is in flight is refused, not queued */
    spin (400);
    vireo_stats_sampler_sample_async (sampler, NULL, NULL, NULL);
    vireo_stats_sampler_sample_async (sampler, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 5000));
    g_assert_false (vireo_stats_sampler_sample_finish (sampler, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
    g_assert_cmpuint (vireo_stats_sampler_get_n_skipped (sampler), ==, skipped + 1);
    g_assert_true (wait_calls (sampler, calls + 1, 5000));
}

static void
test_dispose_in_flight (Fixture       *fx,
                        gconstpointer  data)
{
    VireoStatsSampler *sampler = vireo_stats_sampler_new (fx->connection);
    gint64 start;
    guint updated = 0;

    g_object_add_weak_pointer (G_OBJECT (sampler), (gpointer *) &sampler);
    g_signal_connect (sampler, "updated", G_CALLBACK (count_updated_cb), &updated);
    _vireo_stats_sampler_set_delay_for_testing (sampler, 5000);
    vireo_stats_sampler_set_interval (sampler, 10);
    vireo_stats_sampler_start (sampler);
    spin (100);    /* a tick is now in flight, sleeping in its worker */
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler), ==, 0);

    /* the in-flight tick holds no reference: the sampler goes at once */
    g_object_unref (sampler);
    g_assert_null (sampler);

    /* the worker is cancelled and its result dropped without harm */
    start = g_get_monotonic_time ();
    spin (300);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * SEC);
    g_assert_cmpuint (updated, ==, 0);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);
    main_thread = g_thread_self ();

    g_test_add_func ("/vireo/stats-sampler/cpu-percent", test_cpu_percent);
    g_test_add_func ("/vireo/stats-sampler/apply/rates", test_apply_rates);
    g_test_add_func ("/vireo/stats-sampler/apply/groups-missing", test_apply_groups_missing);
    g_test_add_func ("/vireo/stats-sampler/apply/memory-sources", test_apply_memory_sources);
    g_test_add_func ("/vireo/stats-sampler/apply/list-figures", test_apply_list_figures);
    g_test_add_func ("/vireo/stats-sampler/synthesize", test_synthesize);
    g_test_add_func ("/vireo/stats-sampler/apply/host", test_apply_host);
    g_test_add_func ("/vireo/stats-sampler/apply/absent-and-forgotten",
                     test_apply_absent_and_forgotten);
    g_test_add_func ("/vireo/stats-sampler/properties", test_properties);
    g_test_add_func ("/vireo/stats-sampler/holds", test_holds);
    g_test_add_func ("/vireo/stats-sampler/no-connection", test_no_connection);
    g_test_add ("/vireo/stats-sampler/test-driver/bulk", Fixture, NULL,
                fixture_setup, test_bulk, fixture_teardown);
    g_test_add ("/vireo/stats-sampler/test-driver/connection-sampler", Fixture, NULL,
                fixture_setup, test_connection_sampler, fixture_teardown);
    g_test_add ("/vireo/stats-sampler/test-driver/weak-connection", Fixture, NULL,
                fixture_setup, test_weak_connection, fixture_teardown);
    g_test_add ("/vireo/stats-sampler/test-driver/start-stop", Fixture, NULL,
                fixture_setup, test_start_stop, fixture_teardown);
    g_test_add ("/vireo/stats-sampler/test-driver/interval-rearms", Fixture, NULL,
                fixture_setup, test_interval_rearms, fixture_teardown);
    g_test_add ("/vireo/stats-sampler/test-driver/skipped-ticks", Fixture, NULL,
                fixture_setup, test_skipped_ticks, fixture_teardown);
    g_test_add ("/vireo/stats-sampler/test-driver/dispose-in-flight", Fixture, NULL,
                fixture_setup, test_dispose_in_flight, fixture_teardown);

    return g_test_run ();
}
