/* vireo-stats-sampler-private.h: the sampler's raw records, for its tests
 *
 * A tick reduces libvirt's typed parameters, in the worker thread, to these
 * plain structs; the owner context turns consecutive ones into rates.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-stats-sampler.h"

G_BEGIN_DECLS

#define VIREO_STATS_UUID_BUFLEN 37   /* VIR_UUID_STRING_BUFLEN */

/* Which fields of a VireoStatsDomainRaw / VireoStatsHostRaw were reported. */
typedef enum {
    VIREO_STATS_RAW_CPU_TIME        = 1 << 0,
    VIREO_STATS_RAW_VCPUS           = 1 << 1,
    VIREO_STATS_RAW_BALLOON_CURRENT = 1 << 2,
    VIREO_STATS_RAW_BALLOON_RSS     = 1 << 3,
    VIREO_STATS_RAW_BALLOON_AVAIL   = 1 << 4,
    VIREO_STATS_RAW_BALLOON_UNUSED  = 1 << 5,
    VIREO_STATS_RAW_DISK            = 1 << 6,
    VIREO_STATS_RAW_NET             = 1 << 7,
    VIREO_STATS_RAW_HOST_CPU        = 1 << 8,
    VIREO_STATS_RAW_HOST_MEMORY     = 1 << 9,
} VireoStatsRawFlags;

/* One domain's record of a bulk call (cumulative counters, as libvirt gives them). */
typedef struct {
    char    uuid[VIREO_STATS_UUID_BUFLEN];
    gint64  time_us;                /* g_get_monotonic_time () when the call returned */
    guint   flags;                  /* VireoStatsRawFlags */
    int     state;                  /* state.state (virDomainState) */
    guint64 cpu_time_ns;            /* cpu.time */
    guint   n_vcpus;                /* vcpu.current */
    guint64 balloon_current_kib;    /* balloon.current */
    guint64 balloon_rss_kib;        /* balloon.rss */
    guint64 balloon_available_kib;  /* balloon.available (guest-reported) */
    guint64 balloon_unused_kib;     /* balloon.unused (guest-reported) */
    guint64 disk_rd_bytes;          /* sum of block.N.rd.bytes */
    guint64 disk_wr_bytes;          /* sum of block.N.wr.bytes */
    guint64 net_rx_bytes;           /* sum of net.N.rx.bytes */
    guint64 net_tx_bytes;           /* sum of net.N.tx.bytes */
} VireoStatsDomainRaw;

/* The host's counters at the same moment. */
typedef struct {
    gint64  time_us;
    guint   flags;                  /* VIREO_STATS_RAW_HOST_* */
    guint64 cpu_idle_ns;            /* idle + iowait, all CPUs */
    guint64 cpu_total_ns;           /* every field, all CPUs */
    guint64 mem_total_kib;
    guint64 mem_free_kib;
    guint64 mem_buffers_kib;
    guint64 mem_cached_kib;
    guint   n_cpus;                 /* the host's logical CPUs (as the connection read them
                                     * at open), for the VMs' share of the host; 0: unknown */
} VireoStatsHostRaw;

/* Histories of domains absent for longer than this are dropped. */
#define VIREO_STATS_SAMPLER_FORGET_US (60 * G_USEC_PER_SEC)

/* The owner-side half of a tick: computes rates against the previous
 * records, pushes into the histories, forgets long-gone domains and emits
 * ::updated.  @host->time_us is the tick's time. */
void _vireo_stats_sampler_apply (VireoStatsSampler         *self,
                                 const VireoStatsHostRaw   *host,
                                 const VireoStatsDomainRaw *records,
                                 guint                      n_records);

/* Makes each tick's worker sleep @delay_ms after its libvirt calls, to test
 * that overlapping ticks are skipped. */
void _vireo_stats_sampler_set_delay_for_testing (VireoStatsSampler *self,
                                                 guint              delay_ms);

/* Fills what @raw lacks (CPU time and vCPUs, balloon, disk and network
 * counters) with counters that move smoothly over time, different for each
 * UUID: what the sampler does with VIREO_BENCH_SYNTHETIC_STATS=1, so that a
 * benchmark on libvirt's test driver (which reports the state only) draws
 * real graphs.  Worker thread; exposed for tests. */
void _vireo_stats_raw_synthesize (VireoStatsDomainRaw *raw);

/* Number of histories held (domains seen in the last minute). */
guint _vireo_stats_sampler_get_n_histories (VireoStatsSampler *self);

G_END_DECLS
