/* vireo-stats-history.h: a ring buffer of samples for one VM or the host
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_STATS_HISTORY (vireo_stats_history_get_type ())
G_DECLARE_FINAL_TYPE (VireoStatsHistory, vireo_stats_history, VIREO, STATS_HISTORY, GObject)

typedef enum {
    VIREO_STATS_METRIC_CPU_PERCENT,   /* 0..100, of the VM's vCPUs (host: of all CPUs) */
    VIREO_STATS_METRIC_MEMORY_KIB,    /* memory in use */
    VIREO_STATS_METRIC_DISK_READ_BPS,
    VIREO_STATS_METRIC_DISK_WRITE_BPS,
    VIREO_STATS_METRIC_NET_RX_BPS,
    VIREO_STATS_METRIC_NET_TX_BPS,
    /* The figures of the manager's list, from the same samples: */
    VIREO_STATS_METRIC_HOST_CPU_PERCENT, /* 0..100, the VM's share of all the host's CPUs
                                          * (host: as CPU_PERCENT) */
    VIREO_STATS_METRIC_MEMORY_PERCENT,   /* 0..100, memory in use of the VM's current memory
                                          * (host: of the host's memory) */
    VIREO_STATS_METRIC_DISK_BPS,         /* read + write (host: the sum over its VMs) */
    VIREO_STATS_METRIC_NET_BPS,          /* received + sent (host: the sum over its VMs) */
    VIREO_STATS_N_METRICS,
} VireoStatsMetric;

/* One point in time; metrics not sampled are NAN. */
typedef struct {
    gint64 time_us;                      /* g_get_monotonic_time() */
    double values[VIREO_STATS_N_METRICS];
} VireoStatsSample;

/* Default capacity: 600 samples (ten minutes at 1 s); slots are allocated
 * as samples arrive. */
#define VIREO_STATS_HISTORY_DEFAULT_CAPACITY 600

VireoStatsHistory *vireo_stats_history_new          (guint capacity) G_GNUC_WARN_UNUSED_RESULT;
guint              vireo_stats_history_get_capacity (VireoStatsHistory *self);
guint              vireo_stats_history_get_length   (VireoStatsHistory *self);
void               vireo_stats_history_push         (VireoStatsHistory      *self,
                                                     const VireoStatsSample *sample);
/* The newest sample, or NULL when empty (borrowed, valid until next push). */
const VireoStatsSample *vireo_stats_history_get_latest (VireoStatsHistory *self);
/* The @index-th newest sample (0 = newest), or NULL past the end. */
const VireoStatsSample *vireo_stats_history_get_nth    (VireoStatsHistory *self,
                                                        guint              index);
/* Copies up to @n newest values of @metric, oldest first, into @out;
 * returns how many were copied. */
guint              vireo_stats_history_copy_values  (VireoStatsHistory *self,
                                                     VireoStatsMetric   metric,
                                                     double            *out,
                                                     guint              n);
/* Largest finite value of @metric among the @n newest samples (0 if none). */
double             vireo_stats_history_get_max      (VireoStatsHistory *self,
                                                     VireoStatsMetric   metric,
                                                     guint              n);
void               vireo_stats_history_clear        (VireoStatsHistory *self);

G_END_DECLS
