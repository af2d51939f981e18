/* vireo-stats-sampler.c: one bulk stats call per interval per connection
 *
 * A tick runs one worker-thread task: a single virConnectGetAllDomainStats()
 * for all active domains plus the host's CPU and memory counters, reduced
 * there to small plain records (VireoStatsDomainRaw).  Back on the owner
 * context the records are turned into rates against the previous record of
 * the same UUID and pushed into per-domain histories.  The owner side does a
 * hash lookup per record and allocates only for a domain's first sample, so
 * ::updated handlers (the UI's graphs) stay cheap.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-connection-private.h"
#include "vireo-stats-sampler.h"
#include "vireo-stats-sampler-private.h"
#include "vireo-vmm-enums.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

#define DEFAULT_INTERVAL_MS 1000
#define DEFAULT_GROUPS      (VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_MEMORY)

/* What the sampler remembers of one domain. */
typedef struct {
    VireoStatsHistory  *history;
    VireoStatsDomainRaw prev;          /* the previous record, for rates */
    gint64              last_seen_us;  /* tick time of the last record */
} DomainEntry;

/* One tick in flight; shared by the owner and the worker thread.  The
 * worker only writes the result fields, the owner reads them after the
 * task returned. */
typedef struct {
    /* inputs */
    GWeakRef             sampler;
    VireoHandleRefs      refs;         /* the connection's */
    unsigned int         stats;        /* VIR_DOMAIN_STATS_* */
    guint                delay_ms;     /* for tests */
    gboolean             synthetic;    /* VIREO_BENCH_SYNTHETIC_STATS */
    GTask               *user_task;    /* sample_async()'s task, or NULL */
    GCancellable        *cancellable;  /* the sampler's tick_cancellable */
    /* results */
    VireoStatsDomainRaw *records;
    guint                n_records;
    VireoStatsHostRaw    host;
} TickData;

struct _VireoStatsSampler {
    GObject parent_instance;

    /* borrowed */
    GWeakRef           connection;     /* never keeps the connection alive */

    /* owned */
    GMainContext      *owner_context;
    GSource           *timer;
    GCancellable      *tick_cancellable;  /* of the tick in flight */
    GHashTable        *domains;        /* UUID string -> DomainEntry */
    VireoStatsHistory *host_history;
    VireoStatsHostRaw  prev_host;

    /* settings */
    guint              interval_ms;
    VireoStatsGroups   groups;
    guint              holds[4];       /* per group bit: windows that need it sampled */
    guint              delay_ms;
    gboolean           synthetic;      /* VIREO_BENCH_SYNTHETIC_STATS=1 */

    /* counters */
    gboolean           in_flight;
    guint64            n_calls;
    guint64            n_skipped;
};

enum {
    PROP_0,
    PROP_CONNECTION,
    PROP_INTERVAL,
    PROP_GROUPS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_UPDATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoStatsSampler, vireo_stats_sampler, G_TYPE_OBJECT)

static void
domain_entry_free (gpointer data)
{
    DomainEntry *entry = data;

    g_clear_object (&entry->history);
    g_free (entry);
}

static void
tick_data_free (gpointer data)
{
    TickData *d = data;

    g_weak_ref_clear (&d->sampler);
    _vireo_handle_refs_clear (&d->refs);
    g_clear_object (&d->cancellable);
    /* The owner's callback always takes the user task; this is a safety net. */
    g_clear_object (&d->user_task);
    g_free (d->records);
    g_free (d);
}

/* The groups some window holds, sampled whatever the settings say. */
static VireoStatsGroups
held_groups (VireoStatsSampler *self)
{
    VireoStatsGroups groups = VIREO_STATS_GROUP_NONE;

    for (guint i = 0; i < G_N_ELEMENTS (self->holds); i++) {
        if (self->holds[i] > 0)
            groups |= 1u << i;
    }
    return groups;
}

static unsigned int
stats_for_groups (VireoStatsGroups groups)
{
    unsigned int stats = VIR_DOMAIN_STATS_STATE;

    if (groups & VIREO_STATS_GROUP_CPU)
        stats |= VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_VCPU;
    if (groups & VIREO_STATS_GROUP_MEMORY)
        stats |= VIR_DOMAIN_STATS_BALLOON;
    if (groups & VIREO_STATS_GROUP_DISK)
        stats |= VIR_DOMAIN_STATS_BLOCK;
    if (groups & VIREO_STATS_GROUP_NET)
        stats |= VIR_DOMAIN_STATS_INTERFACE;
    return stats;
}

/* --- worker thread ------------------------------------------------------ */

static gboolean
get_ullong (virTypedParameterPtr params,
            int                  nparams,
            const char          *name,
            guint64             *out)
{
    unsigned long long value;

    if (virTypedParamsGetULLong (params, nparams, name, &value) != 1)
        return FALSE;
    *out = value;
    return TRUE;
}

/* Sums @prefix.N.@suffix over N < @prefix.count; FALSE when none reported. */
static gboolean
sum_indexed (virTypedParameterPtr params,
             int                  nparams,
             const char          *prefix,
             const char          *suffix,
             guint64             *out)
{
    char name[VIR_TYPED_PARAM_FIELD_LENGTH];
    unsigned int count = 0;
    gboolean found = FALSE;

    *out = 0;
    g_snprintf (name, sizeof name, "%s.count", prefix);
    if (virTypedParamsGetUInt (params, nparams, name, &count) != 1)
        return FALSE;
    for (unsigned int i = 0; i < count; i++) {
        guint64 value;

        g_snprintf (name, sizeof name, "%s.%u.%s", prefix, i, suffix);
        if (get_ullong (params, nparams, name, &value)) {
            *out += value;
            found = TRUE;
        }
    }
    return found;
}

static void
reduce_record (virDomainStatsRecordPtr record,
               gint64                  time_us,
               VireoStatsDomainRaw    *raw)
{
    virTypedParameterPtr p = record->params;
    int n = record->nparams;
    unsigned int vcpus;
    guint64 a, b;

    memset (raw, 0, sizeof *raw);
    raw->time_us = time_us;
    if (virDomainGetUUIDString (record->dom, raw->uuid) < 0)
        raw->uuid[0] = '\0';
    if (virTypedParamsGetInt (p, n, "state.state", &raw->state) != 1)
        raw->state = VIR_DOMAIN_NOSTATE;

    if (get_ullong (p, n, "cpu.time", &raw->cpu_time_ns))
        raw->flags |= VIREO_STATS_RAW_CPU_TIME;
    if (virTypedParamsGetUInt (p, n, "vcpu.current", &vcpus) == 1) {
        raw->n_vcpus = vcpus;
        raw->flags |= VIREO_STATS_RAW_VCPUS;
    }
    if (get_ullong (p, n, "balloon.current", &raw->balloon_current_kib))
        raw->flags |= VIREO_STATS_RAW_BALLOON_CURRENT;
    if (get_ullong (p, n, "balloon.rss", &raw->balloon_rss_kib))
        raw->flags |= VIREO_STATS_RAW_BALLOON_RSS;
    if (get_ullong (p, n, "balloon.available", &raw->balloon_available_kib))
        raw->flags |= VIREO_STATS_RAW_BALLOON_AVAIL;
    if (get_ullong (p, n, "balloon.unused", &raw->balloon_unused_kib))
        raw->flags |= VIREO_STATS_RAW_BALLOON_UNUSED;

    if (sum_indexed (p, n, "block", "rd.bytes", &a) |
        sum_indexed (p, n, "block", "wr.bytes", &b)) {
        raw->disk_rd_bytes = a;
        raw->disk_wr_bytes = b;
        raw->flags |= VIREO_STATS_RAW_DISK;
    }
    if (sum_indexed (p, n, "net", "rx.bytes", &a) |
        sum_indexed (p, n, "net", "tx.bytes", &b)) {
        raw->net_rx_bytes = a;
        raw->net_tx_bytes = b;
        raw->flags |= VIREO_STATS_RAW_NET;
    }
}

static void
read_host_cpu (virConnectPtr      conn,
               VireoStatsHostRaw *host)
{
    g_autofree virNodeCPUStatsPtr params = NULL;
    gboolean has_idle = FALSE;
    int nparams = 0;

    if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &nparams, 0) < 0 ||
        nparams <= 0) {
        virResetLastError ();
        return;
    }
    params = g_new0 (virNodeCPUStats, nparams);
    if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, params, &nparams, 0) < 0) {
        virResetLastError ();
        return;
    }
    for (int i = 0; i < nparams; i++) {
        const char *field = params[i].field;

        /* utilization is a percentage, not a time */
        if (g_str_equal (field, VIR_NODE_CPU_STATS_UTILIZATION))
            continue;
        host->cpu_total_ns += params[i].value;
        if (g_str_equal (field, VIR_NODE_CPU_STATS_IDLE) ||
            g_str_equal (field, VIR_NODE_CPU_STATS_IOWAIT)) {
            host->cpu_idle_ns += params[i].value;
            has_idle = TRUE;
        }
    }
    if (has_idle)
        host->flags |= VIREO_STATS_RAW_HOST_CPU;
}

static void
read_host_memory (virConnectPtr      conn,
                  VireoStatsHostRaw *host)
{
    g_autofree virNodeMemoryStatsPtr params = NULL;
    gboolean has_total = FALSE, has_free = FALSE;
    int nparams = 0;

    if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &nparams, 0) < 0 ||
        nparams <= 0) {
        virResetLastError ();
        return;
    }
    params = g_new0 (virNodeMemoryStats, nparams);
    if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, params, &nparams, 0) < 0) {
        virResetLastError ();
        return;
    }
    for (int i = 0; i < nparams; i++) {
        const char *field = params[i].field;

        if (g_str_equal (field, VIR_NODE_MEMORY_STATS_TOTAL)) {
            host->mem_total_kib = params[i].value;
            has_total = TRUE;
        } else if (g_str_equal (field, VIR_NODE_MEMORY_STATS_FREE)) {
            host->mem_free_kib = params[i].value;
            has_free = TRUE;
        } else if (g_str_equal (field, VIR_NODE_MEMORY_STATS_BUFFERS)) {
            host->mem_buffers_kib = params[i].value;
        } else if (g_str_equal (field, VIR_NODE_MEMORY_STATS_CACHED)) {
            host->mem_cached_kib = params[i].value;
        }
    }
    if (has_total && has_free)
        host->flags |= VIREO_STATS_RAW_HOST_MEMORY;
}

static gboolean
tick_run (gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
    TickData *d = data;
    virDomainStatsRecordPtr *records = NULL;
    gint64 time_us;
    int n;

    n = virConnectGetAllDomainStats (d->refs.conn, d->stats, &records,
                                     VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
    time_us = g_get_monotonic_time ();
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error,
                                          _("The statistics of the virtual machines could "
                                            "not be read."));
        return FALSE;
    }

    d->records = g_new (VireoStatsDomainRaw, MAX (n, 1));
    for (int i = 0; i < n; i++) {
        reduce_record (records[i], time_us, &d->records[d->n_records]);
        if (d->synthetic)
            _vireo_stats_raw_synthesize (&d->records[d->n_records]);
        d->n_records++;
    }
    virDomainStatsRecordListFree (records);

    d->host.time_us = time_us;
    read_host_cpu (d->refs.conn, &d->host);
    read_host_memory (d->refs.conn, &d->host);
    if (d->synthetic && !(d->host.flags & VIREO_STATS_RAW_HOST_MEMORY)) {
        d->host.mem_total_kib = 32 * 1024 * 1024;
        d->host.mem_free_kib = 12 * 1024 * 1024;
        d->host.flags |= VIREO_STATS_RAW_HOST_MEMORY;
    }

    /* Test hook: hold the tick open; a dispose cancels the wait. */
    for (guint waited = 0; waited < d->delay_ms; waited += 5) {
        if (g_cancellable_is_cancelled (cancellable))
            break;
        g_usleep (5 * 1000);
    }
    return TRUE;
}

/* --- owner context ------------------------------------------------------ */

static double
counter_rate (guint64 prev,
              guint64 now,
              gint64  interval_us)
{
    if (interval_us <= 0 || now < prev)
        return NAN;
    return (double) (now - prev) * G_USEC_PER_SEC / (double) interval_us;
}

/* Memory in use, KiB: what the guest reports when it does, otherwise what
 * the host sees. */
static double
memory_in_use (const VireoStatsDomainRaw *raw)
{
    if ((raw->flags & VIREO_STATS_RAW_BALLOON_UNUSED)) {
        if ((raw->flags & VIREO_STATS_RAW_BALLOON_CURRENT))
            return raw->balloon_current_kib >= raw->balloon_unused_kib ?
                   (double) (raw->balloon_current_kib - raw->balloon_unused_kib) : 0.0;
        if ((raw->flags & VIREO_STATS_RAW_BALLOON_AVAIL))
            return raw->balloon_available_kib >= raw->balloon_unused_kib ?
                   (double) (raw->balloon_available_kib - raw->balloon_unused_kib) : 0.0;
    }
    if ((raw->flags & VIREO_STATS_RAW_BALLOON_RSS))
        return (double) raw->balloon_rss_kib;
    if ((raw->flags & VIREO_STATS_RAW_BALLOON_CURRENT))
        return (double) raw->balloon_current_kib;
    return NAN;
}

static gboolean
both_have (const VireoStatsDomainRaw *prev,
           const VireoStatsDomainRaw *now,
           guint                      flags)
{
    return prev != NULL && (prev->flags & flags) == flags && (now->flags & flags) == flags;
}

static double
sum_or_nan (double a,
            double b)
{
    return isfinite (a) && isfinite (b) ? a + b : NAN;
}

static void
domain_sample (const VireoStatsDomainRaw *prev,
               const VireoStatsDomainRaw *now,
               guint                      host_cpus,
               VireoStatsSample          *sample)
{
    gint64 dt = prev ? now->time_us - prev->time_us : 0;
    double *v = sample->values;

    sample->time_us = now->time_us;
    for (guint m = 0; m < VIREO_STATS_N_METRICS; m++)
        v[m] = NAN;

    if (both_have (prev, now, VIREO_STATS_RAW_CPU_TIME)) {
        if ((now->flags & VIREO_STATS_RAW_VCPUS))
            v[VIREO_STATS_METRIC_CPU_PERCENT] =
                vireo_stats_compute_cpu_percent (prev->cpu_time_ns, now->cpu_time_ns, dt,
                                                 now->n_vcpus);
        /* The same CPU time, as a share of every CPU of the host. */
        if (host_cpus > 0)
            v[VIREO_STATS_METRIC_HOST_CPU_PERCENT] =
                vireo_stats_compute_cpu_percent (prev->cpu_time_ns, now->cpu_time_ns, dt,
                                                 host_cpus);
    }
    v[VIREO_STATS_METRIC_MEMORY_KIB] = memory_in_use (now);
    if (isfinite (v[VIREO_STATS_METRIC_MEMORY_KIB]) &&
        (now->flags & VIREO_STATS_RAW_BALLOON_CURRENT) && now->balloon_current_kib > 0)
        v[VIREO_STATS_METRIC_MEMORY_PERCENT] =
            CLAMP (v[VIREO_STATS_METRIC_MEMORY_KIB] * 100.0 / (double) now->balloon_current_kib,
                   0.0, 100.0);
    if (both_have (prev, now, VIREO_STATS_RAW_DISK)) {
        v[VIREO_STATS_METRIC_DISK_READ_BPS] =
            counter_rate (prev->disk_rd_bytes, now->disk_rd_bytes, dt);
        v[VIREO_STATS_METRIC_DISK_WRITE_BPS] =
            counter_rate (prev->disk_wr_bytes, now->disk_wr_bytes, dt);
        v[VIREO_STATS_METRIC_DISK_BPS] = sum_or_nan (v[VIREO_STATS_METRIC_DISK_READ_BPS],
                                                     v[VIREO_STATS_METRIC_DISK_WRITE_BPS]);
    }
    if (both_have (prev, now, VIREO_STATS_RAW_NET)) {
        v[VIREO_STATS_METRIC_NET_RX_BPS] = counter_rate (prev->net_rx_bytes, now->net_rx_bytes, dt);
        v[VIREO_STATS_METRIC_NET_TX_BPS] = counter_rate (prev->net_tx_bytes, now->net_tx_bytes, dt);
        v[VIREO_STATS_METRIC_NET_BPS] = sum_or_nan (v[VIREO_STATS_METRIC_NET_RX_BPS],
                                                    v[VIREO_STATS_METRIC_NET_TX_BPS]);
    }
}

/* The host's sample; @disk_bps and @net_bps are the sums over its VMs'
 * samples of the same tick (NAN when none had the figure). */
static void
host_sample (const VireoStatsHostRaw *prev,
             const VireoStatsHostRaw *now,
             double                   disk_bps,
             double                   net_bps,
             VireoStatsSample        *sample)
{
    const guint cpu = VIREO_STATS_RAW_HOST_CPU;
    double *v = sample->values;

    sample->time_us = now->time_us;
    for (guint m = 0; m < VIREO_STATS_N_METRICS; m++)
        v[m] = NAN;

    if ((prev->flags & cpu) && (now->flags & cpu) &&
        now->cpu_total_ns > prev->cpu_total_ns && now->cpu_idle_ns >= prev->cpu_idle_ns) {
        double total = (double) (now->cpu_total_ns - prev->cpu_total_ns);
        double idle = (double) (now->cpu_idle_ns - prev->cpu_idle_ns);

        v[VIREO_STATS_METRIC_CPU_PERCENT] = CLAMP ((total - idle) / total * 100.0, 0.0, 100.0);
        v[VIREO_STATS_METRIC_HOST_CPU_PERCENT] = v[VIREO_STATS_METRIC_CPU_PERCENT];
    }
    if ((now->flags & VIREO_STATS_RAW_HOST_MEMORY)) {
        guint64 busy = now->mem_free_kib + now->mem_buffers_kib + now->mem_cached_kib;

        v[VIREO_STATS_METRIC_MEMORY_KIB] =
            now->mem_total_kib > busy ? (double) (now->mem_total_kib - busy) : 0.0;
        if (now->mem_total_kib > 0)
            v[VIREO_STATS_METRIC_MEMORY_PERCENT] =
                v[VIREO_STATS_METRIC_MEMORY_KIB] * 100.0 / (double) now->mem_total_kib;
    }
    v[VIREO_STATS_METRIC_DISK_BPS] = disk_bps;
    v[VIREO_STATS_METRIC_NET_BPS] = net_bps;
}

static void
forget_gone_domains (VireoStatsSampler *self,
                     gint64             now_us)
{
    GHashTableIter iter;
    DomainEntry *entry;

    g_hash_table_iter_init (&iter, self->domains);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        if (now_us - entry->last_seen_us > VIREO_STATS_SAMPLER_FORGET_US)
            g_hash_table_iter_remove (&iter);
}

static void
finish_user_task (GTask  *user_task,
                  GError *error)
{
    if (user_task == NULL) {
        g_clear_error (&error);
        return;
    }
    if (error)
        g_task_return_error (user_task, error);
    else if (!g_task_return_error_if_cancelled (user_task))
        g_task_return_boolean (user_task, TRUE);
    g_object_unref (user_task);
}

/* The owner context, when the tick is done: @error is the worker's, or
 * NULL. */
static void
tick_done (TickData     *d,
           const GError *error)
{
    g_autoptr(VireoStatsSampler) self = g_weak_ref_get (&d->sampler);
    GTask *user_task = g_steal_pointer (&d->user_task);

    /* Disposed (or finalized) meanwhile: the result is not wanted. */
    if (self == NULL || g_cancellable_is_cancelled (d->cancellable)) {
        finish_user_task (user_task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                          _("The statistics sampler was "
                                                            "stopped.")));
        return;
    }

    self->in_flight = FALSE;
    g_clear_object (&self->tick_cancellable);
    self->n_calls++;

    if (error != NULL) {
        g_debug ("stats tick failed: %s", error->message);
        finish_user_task (user_task, g_error_copy (error));
        return;
    }
    _vireo_stats_sampler_apply (self, &d->host, d->records, d->n_records);
    finish_user_task (user_task, NULL);
}

static gboolean
tick_apply (gpointer  owner,
            gpointer  data,
            GError  **error)
{
    tick_done (data, NULL);
    return TRUE;
}

static void
tick_failed (gpointer      owner,
             gpointer      data,
             const GError *error)
{
    tick_done (data, error);
}

/* No owner: the worker holds no reference on the sampler. */
static const VireoWorkerOps tick_ops = {
    .run = tick_run,
    .apply = tick_apply,
    .failed = tick_failed,
    .free_data = tick_data_free,
};

/* Starts a tick unless one is in flight.  Takes @user_task (nullable). */
static void
tick_start (VireoStatsSampler *self,
            GTask             *user_task)
{
    g_autoptr(VireoConnection) connection = NULL;
    TickData *d;

    if (self->in_flight) {
        self->n_skipped++;
        finish_user_task (user_task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PENDING,
                                                          _("The previous statistics sample "
                                                            "is still being taken.")));
        return;
    }

    d = g_new0 (TickData, 1);
    connection = g_weak_ref_get (&self->connection);
    if (connection == NULL || !_vireo_handle_refs_take_connection (&d->refs, connection, NULL)) {
        tick_data_free (d);
        finish_user_task (user_task, g_error_new_literal (VIREO_VMM_ERROR,
                                                          VIREO_VMM_ERROR_INVALID_STATE,
                                                          _("The connection is not open.")));
        return;
    }
    g_weak_ref_init (&d->sampler, self);
    d->stats = stats_for_groups (self->groups | held_groups (self));
    d->delay_ms = self->delay_ms;
    d->synthetic = self->synthetic;
    d->host.n_cpus = vireo_connection_get_host_cpus (connection);
    d->user_task = user_task;

    self->in_flight = TRUE;
    self->tick_cancellable = g_cancellable_new ();
    d->cancellable = g_object_ref (self->tick_cancellable);

    /* The worker holds no reference on the sampler, so dropping the last
     * reference disposes it (and cancels the tick) at once.  The tick is
     * done on the owner context, which is normally the caller's
     * thread-default one already. */
    if (g_main_context_get_thread_default () == self->owner_context ||
        (g_main_context_get_thread_default () == NULL &&
         self->owner_context == g_main_context_default ())) {
        vireo_worker_run_async (NULL, tick_start, &tick_ops, d, self->tick_cancellable, NULL,
                                NULL);
    } else {
        g_main_context_push_thread_default (self->owner_context);
        vireo_worker_run_async (NULL, tick_start, &tick_ops, d, self->tick_cancellable, NULL,
                                NULL);
        g_main_context_pop_thread_default (self->owner_context);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
    VireoStatsSampler *self = user_data;

    tick_start (self, NULL);
    return G_SOURCE_CONTINUE;
}

/* --- GObject ------------------------------------------------------------ */

static void
vireo_stats_sampler_constructed (GObject *object)
{
    VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);
    g_autoptr(VireoConnection) connection = g_weak_ref_get (&self->connection);
    GMainContext *context = NULL;

    G_OBJECT_CLASS (vireo_stats_sampler_parent_class)->constructed (object);

    /* The connection's owner context, even when the sampler is created
     * from a callback running elsewhere (e.g. a blocking open's private
     * context); without a connection, the caller's. */
    if (connection != NULL)
        context = _vireo_connection_get_context (connection);
    self->owner_context = context ? g_main_context_ref (context)
                                  : g_main_context_ref_thread_default ();
}

static void
vireo_stats_sampler_dispose (GObject *object)
{
    VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);

    vireo_stats_sampler_stop (self);
    if (self->tick_cancellable)
        g_cancellable_cancel (self->tick_cancellable);
    g_clear_object (&self->tick_cancellable);
    self->in_flight = FALSE;

    G_OBJECT_CLASS (vireo_stats_sampler_parent_class)->dispose (object);
}

static void
vireo_stats_sampler_finalize (GObject *object)
{
    VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);

    g_weak_ref_clear (&self->connection);
    g_clear_pointer (&self->domains, g_hash_table_unref);
    g_clear_object (&self->host_history);
    g_clear_pointer (&self->owner_context, g_main_context_unref);

    G_OBJECT_CLASS (vireo_stats_sampler_parent_class)->finalize (object);
}

static void
vireo_stats_sampler_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
    VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_take_object (value, g_weak_ref_get (&self->connection));
        break;
    case PROP_INTERVAL:
        g_value_set_uint (value, self->interval_ms);
        break;
    case PROP_GROUPS:
        g_value_set_flags (value, self->groups);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_stats_sampler_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
    VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_weak_ref_set (&self->connection, g_value_get_object (value));
        break;
    case PROP_INTERVAL:
        vireo_stats_sampler_set_interval (self, g_value_get_uint (value));
        break;
    case PROP_GROUPS:
        vireo_stats_sampler_set_groups (self, g_value_get_flags (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_stats_sampler_class_init (VireoStatsSamplerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->constructed = vireo_stats_sampler_constructed;
    object_class->dispose = vireo_stats_sampler_dispose;
    object_class->finalize = vireo_stats_sampler_finalize;
    object_class->get_property = vireo_stats_sampler_get_property;
    object_class->set_property = vireo_stats_sampler_set_property;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_INTERVAL] =
        g_param_spec_uint ("interval", NULL, NULL, 1, G_MAXUINT, DEFAULT_INTERVAL_MS,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);
    properties[PROP_GROUPS] =
        g_param_spec_flags ("groups", NULL, NULL, VIREO_TYPE_STATS_GROUPS, DEFAULT_GROUPS,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_UPDATED] =
        g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vireo_stats_sampler_init (VireoStatsSampler *self)
{
    g_weak_ref_init (&self->connection, NULL);
    self->interval_ms = DEFAULT_INTERVAL_MS;
    self->groups = DEFAULT_GROUPS;
    self->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, domain_entry_free);
    self->host_history = vireo_stats_history_new (VIREO_STATS_HISTORY_DEFAULT_CAPACITY);
    self->synthetic = g_strcmp0 (g_getenv ("VIREO_BENCH_SYNTHETIC_STATS"), "1") == 0;
}

/* --- private API -------------------------------------------------------- */

void
_vireo_stats_sampler_apply (VireoStatsSampler         *self,
                            const VireoStatsHostRaw   *host,
                            const VireoStatsDomainRaw *records,
                            guint                      n_records)
{
    VireoStatsSample sample;
    double disk_bps = NAN, net_bps = NAN;

    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));
    g_return_if_fail (host != NULL);
    g_return_if_fail (records != NULL || n_records == 0);

    for (guint i = 0; i < n_records; i++) {
        const VireoStatsDomainRaw *raw = &records[i];
        DomainEntry *entry;

        if (raw->uuid[0] == '\0')
            continue;
        entry = g_hash_table_lookup (self->domains, raw->uuid);
        if (entry == NULL) {
            entry = g_new0 (DomainEntry, 1);
            entry->history = vireo_stats_history_new (VIREO_STATS_HISTORY_DEFAULT_CAPACITY);
            g_hash_table_insert (self->domains, g_strdup (raw->uuid), entry);
            domain_sample (NULL, raw, host->n_cpus, &sample);
        } else {
            domain_sample (&entry->prev, raw, host->n_cpus, &sample);
        }
        vireo_stats_history_push (entry->history, &sample);
        if (isfinite (sample.values[VIREO_STATS_METRIC_DISK_BPS]))
            disk_bps = (isfinite (disk_bps) ? disk_bps : 0) +
                       sample.values[VIREO_STATS_METRIC_DISK_BPS];
        if (isfinite (sample.values[VIREO_STATS_METRIC_NET_BPS]))
            net_bps = (isfinite (net_bps) ? net_bps : 0) +
                      sample.values[VIREO_STATS_METRIC_NET_BPS];
        entry->prev = *raw;
        entry->last_seen_us = host->time_us;
    }
    forget_gone_domains (self, host->time_us);

    host_sample (&self->prev_host, host, disk_bps, net_bps, &sample);
    vireo_stats_history_push (self->host_history, &sample);
    self->prev_host = *host;

    g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

/* A cumulative counter whose rate swings between 0 and 2 * @rate per
 * second over a period of @period_s seconds, shifted by @phase. */
static guint64
synthetic_counter (double t_s,
                   double rate,
                   double period_s,
                   double phase)
{
    double w = 2 * G_PI / period_s;

    return (guint64) (rate * (t_s - (cos (w * t_s + phase) - cos (phase)) / w));
}

void
_vireo_stats_raw_synthesize (VireoStatsDomainRaw *raw)
{
    guint seed;
    double t, phase;

    g_return_if_fail (raw != NULL);

    seed = g_str_hash (raw->uuid);
    t = (double) raw->time_us / G_USEC_PER_SEC;
    phase = (seed % 628) / 100.0;
    if (!(raw->flags & VIREO_STATS_RAW_CPU_TIME)) {
        /* Up to a whole vCPU of two, around a level of its own. */
        raw->cpu_time_ns = synthetic_counter (t, (0.1 + (seed % 80) / 100.0) * 1e9,
                                              20 + seed % 40, phase);
        raw->flags |= VIREO_STATS_RAW_CPU_TIME;
    }
    if (!(raw->flags & VIREO_STATS_RAW_VCPUS)) {
        raw->n_vcpus = 2;
        raw->flags |= VIREO_STATS_RAW_VCPUS;
    }
    if (!(raw->flags & (VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_RSS))) {
        raw->balloon_current_kib = 1024 * 1024;
        raw->balloon_unused_kib = (guint64) (1024 * 1024 * (0.5 + 0.4 * sin (t / 30 + phase)));
        raw->flags |= VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_UNUSED;
    }
    if (!(raw->flags & VIREO_STATS_RAW_DISK)) {
        raw->disk_rd_bytes = synthetic_counter (t, 2e6 + seed % 4096 * 1e3, 15, phase);
        raw->disk_wr_bytes = synthetic_counter (t, 1e6 + seed % 2048 * 1e3, 25, phase + 1);
        raw->flags |= VIREO_STATS_RAW_DISK;
    }
    if (!(raw->flags & VIREO_STATS_RAW_NET)) {
        raw->net_rx_bytes = synthetic_counter (t, 5e5 + seed % 1024 * 1e3, 12, phase + 2);
        raw->net_tx_bytes = synthetic_counter (t, 2e5 + seed % 512 * 1e3, 18, phase + 3);
        raw->flags |= VIREO_STATS_RAW_NET;
    }
}

void
_vireo_stats_sampler_set_delay_for_testing (VireoStatsSampler *self,
                                            guint              delay_ms)
{
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

    self->delay_ms = delay_ms;
}

guint
_vireo_stats_sampler_get_n_histories (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);

    return g_hash_table_size (self->domains);
}

/* --- public API --------------------------------------------------------- */

/**
 * vireo_stats_sampler_new:
 * @connection: (nullable): the connection to sample (weakly referenced)
 *
 * The sampler belongs to @connection's owner context (without a
 * connection, to the caller's thread-default context): its timer and
 * ::updated run there, and its methods are called there.
 */
VireoStatsSampler *
vireo_stats_sampler_new (VireoConnection *connection)
{
    g_return_val_if_fail (connection == NULL || VIREO_IS_CONNECTION (connection), NULL);

    return g_object_new (VIREO_TYPE_STATS_SAMPLER, "connection", connection, NULL);
}

void
vireo_stats_sampler_set_interval (VireoStatsSampler *self,
                                  guint              interval_ms)
{
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));
    g_return_if_fail (interval_ms > 0);

    if (self->interval_ms == interval_ms)
        return;
    self->interval_ms = interval_ms;
    if (self->timer) {
        vireo_stats_sampler_stop (self);
        vireo_stats_sampler_start (self);
    }
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
vireo_stats_sampler_get_interval (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);

    return self->interval_ms;
}

void
vireo_stats_sampler_set_groups (VireoStatsSampler *self,
                                VireoStatsGroups   groups)
{
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

    groups &= VIREO_STATS_GROUP_ALL;
    if (self->groups == groups)
        return;
    self->groups = groups;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUPS]);
}

VireoStatsGroups
vireo_stats_sampler_get_groups (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), VIREO_STATS_GROUP_NONE);

    return self->groups;
}

void
vireo_stats_sampler_start (VireoStatsSampler *self)
{
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

    if (self->timer)
        return;
    self->timer = g_timeout_source_new (self->interval_ms);
    g_source_set_name (self->timer, "[vireo] stats sampler");
    g_source_set_callback (self->timer, tick_cb, self, NULL);
    g_source_attach (self->timer, self->owner_context);
}

void
vireo_stats_sampler_stop (VireoStatsSampler *self)
{
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

    if (self->timer == NULL)
        return;
    g_source_destroy (self->timer);
    g_clear_pointer (&self->timer, g_source_unref);
}

gboolean
vireo_stats_sampler_is_running (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), FALSE);

    return self->timer != NULL;
}

void
vireo_stats_sampler_sample_async (VireoStatsSampler  *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
    GTask *task;

    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_stats_sampler_sample_async);
    tick_start (self, task);
}

gboolean
vireo_stats_sampler_sample_finish (VireoStatsSampler *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_stats_sampler_sample_async, FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

guint64
vireo_stats_sampler_get_n_calls (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);

    return self->n_calls;
}

guint64
vireo_stats_sampler_get_n_skipped (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);

    return self->n_skipped;
}

VireoStatsHistory *
vireo_stats_sampler_get_history (VireoStatsSampler *self,
                                 const char        *uuid)
{
    DomainEntry *entry;

    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), NULL);
    g_return_val_if_fail (uuid != NULL, NULL);

    entry = g_hash_table_lookup (self->domains, uuid);
    return entry ? entry->history : NULL;
}

VireoStatsHistory *
vireo_stats_sampler_get_host_history (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), NULL);

    return self->host_history;
}

double
vireo_stats_compute_cpu_percent (guint64 prev_ns,
                                 guint64 now_ns,
                                 gint64  interval_us,
                                 guint   n_vcpus)
{
    double percent;

    /* No interval, no vCPUs, or the counter restarted (the guest was
     * restarted between samples): no meaningful figure. */
    if (interval_us <= 0 || n_vcpus == 0 || now_ns < prev_ns)
        return NAN;
    percent = (double) (now_ns - prev_ns) * 100.0 /
              ((double) interval_us * 1000.0 * (double) n_vcpus);
    return CLAMP (percent, 0.0, 100.0);
}

void
vireo_stats_sampler_hold_groups (VireoStatsSampler *self,
                                 VireoStatsGroups   groups)
{
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

    for (guint i = 0; i < G_N_ELEMENTS (self->holds); i++) {
        if (groups & (1u << i))
            self->holds[i]++;
    }
}

void
vireo_stats_sampler_release_groups (VireoStatsSampler *self,
                                    VireoStatsGroups   groups)
{
    g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

    for (guint i = 0; i < G_N_ELEMENTS (self->holds); i++) {
        if ((groups & (1u << i)) == 0)
            continue;
        g_return_if_fail (self->holds[i] > 0);
        self->holds[i]--;
    }
}

VireoStatsGroups
vireo_stats_sampler_get_sampled_groups (VireoStatsSampler *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), VIREO_STATS_GROUP_NONE);

    return self->groups | held_groups (self);
}
