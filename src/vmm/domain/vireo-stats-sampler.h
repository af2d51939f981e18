/* vireo-stats-sampler.h: one bulk stats call per interval per connection
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"
#include "vireo-stats-history.h"

G_BEGIN_DECLS

#define VIREO_TYPE_STATS_SAMPLER (vireo_stats_sampler_get_type ())
G_DECLARE_FINAL_TYPE (VireoStatsSampler, vireo_stats_sampler, VIREO, STATS_SAMPLER, GObject)

typedef enum {
    VIREO_STATS_GROUP_NONE   = 0,
    VIREO_STATS_GROUP_CPU    = 1 << 0,
    VIREO_STATS_GROUP_MEMORY = 1 << 1,
    VIREO_STATS_GROUP_DISK   = 1 << 2,
    VIREO_STATS_GROUP_NET    = 1 << 3,
    VIREO_STATS_GROUP_ALL    = 0xf,
} VireoStatsGroups;

/*
 * Each tick runs, in a worker thread, exactly one
 * virConnectGetAllDomainStats() for the active domains asking only for the
 * libvirt groups behind @groups (state always; cpu-total + vcpu for CPU,
 * balloon for memory, block for disk, interface for net), plus the host's
 * virNodeGetCPUStats/virNodeGetMemoryStats.  Rates are computed on the owner
 * context from consecutive samples and pushed into per-domain histories
 * (keyed by UUID).  A tick is skipped while the previous one is still in
 * flight.  Signal ::updated () after each tick.
 * Properties: connection, interval (ms, default 1000), groups.
 *
 * Besides each libvirt figure, a domain's samples have the manager list's
 * figures (VIREO_STATS_METRIC_HOST_CPU_PERCENT, _MEMORY_PERCENT, _DISK_BPS,
 * _NET_BPS), computed from the same records: no call is added for them.
 *
 * VIREO_BENCH_SYNTHETIC_STATS=1 in the environment (benchmarks only) gives
 * the domains whose records lack figures synthetic counters that move
 * smoothly, so that the graphs of a test-driver node have something to draw.
 */

VireoStatsSampler *vireo_stats_sampler_new          (VireoConnection *connection)
    G_GNUC_WARN_UNUSED_RESULT;
void               vireo_stats_sampler_set_interval (VireoStatsSampler *self,
                                                     guint              interval_ms);
guint              vireo_stats_sampler_get_interval (VireoStatsSampler *self);
void               vireo_stats_sampler_set_groups   (VireoStatsSampler *self,
                                                     VireoStatsGroups   groups);
VireoStatsGroups   vireo_stats_sampler_get_groups   (VireoStatsSampler *self);
/* A window that shows some groups (the VM window's performance graphs)
 * holds them: they are sampled from the next tick on, whatever the groups
 * set above, until every hold is released. */
void               vireo_stats_sampler_hold_groups    (VireoStatsSampler *self,
                                                       VireoStatsGroups   groups);
void               vireo_stats_sampler_release_groups (VireoStatsSampler *self,
                                                       VireoStatsGroups   groups);
/* The groups set and the groups held. */
VireoStatsGroups   vireo_stats_sampler_get_sampled_groups (VireoStatsSampler *self);
void               vireo_stats_sampler_start        (VireoStatsSampler *self);
void               vireo_stats_sampler_stop         (VireoStatsSampler *self);
gboolean           vireo_stats_sampler_is_running   (VireoStatsSampler *self);
/* Runs one tick now (async, still off the main thread); for tests.  Fails
 * with G_IO_ERROR_PENDING (and counts a skipped tick) while one is in
 * flight, and with VIREO_VMM_ERROR_INVALID_STATE when the connection is
 * not open. */
void               vireo_stats_sampler_sample_async  (VireoStatsSampler  *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean           vireo_stats_sampler_sample_finish (VireoStatsSampler *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
/* How many bulk calls were made so far (for tests and benchmarks). */
guint64            vireo_stats_sampler_get_n_calls  (VireoStatsSampler *self);
/* How many ticks were skipped because the previous one was still in flight. */
guint64            vireo_stats_sampler_get_n_skipped (VireoStatsSampler *self);

/* History of one domain by UUID (created on first sample), or NULL.
 * Borrowed: the sampler drops the history of a domain absent from the
 * samples for more than a minute, so keep a reference to hold it longer.
 * Metrics the driver does not report are NAN (e.g. net rates for
 * user-mode interfaces, everything but state on the test driver). */
VireoStatsHistory *vireo_stats_sampler_get_history      (VireoStatsSampler *self,
                                                         const char        *uuid);
/* The host: CPU percent of all CPUs and memory used. */
VireoStatsHistory *vireo_stats_sampler_get_host_history (VireoStatsSampler *self);

/* Pure computation, exposed for unit tests: CPU % from two cumulative CPU
 * times (ns) over an interval (us) for @n_vcpus. */
double             vireo_stats_compute_cpu_percent  (guint64 prev_ns,
                                                     guint64 now_ns,
                                                     gint64  interval_us,
                                                     guint   n_vcpus);

G_END_DECLS
