/* vireo-stats-history.c: a ring buffer of samples for one VM or the host
 *
 * The buffer is allocated once, at construction; pushing a sample copies it
 * over the oldest slot, so sampling never allocates.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>

#include "vireo-stats-history.h"

struct _VireoStatsHistory {
    GObject parent_instance;

    /* owned */
    VireoStatsSample *samples;   /* allocated slots, grown up to capacity */
    guint allocated;
    guint capacity;
    guint length;                /* filled slots, <= capacity */
    guint head;                  /* slot the next push writes */
};

enum {
    PROP_0,
    PROP_CAPACITY,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoStatsHistory, vireo_stats_history, G_TYPE_OBJECT)

/* Slot of the @index-th newest sample; @index < length. */
static inline guint
slot_of (VireoStatsHistory *self,
         guint              index)
{
    g_assert (index < self->length);
    return (self->head + self->capacity - 1 - index) % self->capacity;
}

static void
vireo_stats_history_constructed (GObject *object)
{
    VireoStatsHistory *self = VIREO_STATS_HISTORY (object);

    G_OBJECT_CLASS (vireo_stats_history_parent_class)->constructed (object);

    if (self->capacity == 0)
        self->capacity = VIREO_STATS_HISTORY_DEFAULT_CAPACITY;
    /* Slots are allocated as samples arrive (see push), so a connection
     * with hundreds of VMs pays for the history it has, not for its
     * capacity. */
}

static void
vireo_stats_history_finalize (GObject *object)
{
    VireoStatsHistory *self = VIREO_STATS_HISTORY (object);

    g_clear_pointer (&self->samples, g_free);

    G_OBJECT_CLASS (vireo_stats_history_parent_class)->finalize (object);
}

static void
vireo_stats_history_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
    VireoStatsHistory *self = VIREO_STATS_HISTORY (object);

    switch (prop_id) {
    case PROP_CAPACITY:
        g_value_set_uint (value, self->capacity);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_stats_history_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
    VireoStatsHistory *self = VIREO_STATS_HISTORY (object);

    switch (prop_id) {
    case PROP_CAPACITY:
        self->capacity = g_value_get_uint (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_stats_history_class_init (VireoStatsHistoryClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->constructed = vireo_stats_history_constructed;
    object_class->finalize = vireo_stats_history_finalize;
    object_class->get_property = vireo_stats_history_get_property;
    object_class->set_property = vireo_stats_history_set_property;

    /* 0 selects VIREO_STATS_HISTORY_DEFAULT_CAPACITY. */
    properties[PROP_CAPACITY] =
        g_param_spec_uint ("capacity", NULL, NULL,
                           0, G_MAXUINT / sizeof (VireoStatsSample),
                           VIREO_STATS_HISTORY_DEFAULT_CAPACITY,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                           G_PARAM_STATIC_STRINGS);

    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_stats_history_init (VireoStatsHistory *self)
{
}

/**
 * vireo_stats_history_new:
 * @capacity: how many samples to keep; 0 for the default (600)
 */
VireoStatsHistory *
vireo_stats_history_new (guint capacity)
{
    return g_object_new (VIREO_TYPE_STATS_HISTORY, "capacity", capacity, NULL);
}

guint
vireo_stats_history_get_capacity (VireoStatsHistory *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_HISTORY (self), 0);

    return self->capacity;
}

guint
vireo_stats_history_get_length (VireoStatsHistory *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_HISTORY (self), 0);

    return self->length;
}

void
vireo_stats_history_push (VireoStatsHistory      *self,
                          const VireoStatsSample *sample)
{
    g_return_if_fail (VIREO_IS_STATS_HISTORY (self));
    g_return_if_fail (sample != NULL);

    /* Before the first wrap head == length, and the ring is a plain array
     * that can grow in place; it reaches capacity before it ever wraps. */
    if (self->head == self->allocated) {
        guint grown = MIN (self->capacity, MAX (32, self->allocated * 2));

        self->samples = g_renew (VireoStatsSample, self->samples, grown);
        self->allocated = grown;
    }
    self->samples[self->head] = *sample;
    if (++self->head == self->capacity)
        self->head = 0;
    if (self->length < self->capacity)
        self->length++;
}

const VireoStatsSample *
vireo_stats_history_get_latest (VireoStatsHistory *self)
{
    g_return_val_if_fail (VIREO_IS_STATS_HISTORY (self), NULL);

    return vireo_stats_history_get_nth (self, 0);
}

const VireoStatsSample *
vireo_stats_history_get_nth (VireoStatsHistory *self,
                             guint              index)
{
    g_return_val_if_fail (VIREO_IS_STATS_HISTORY (self), NULL);

    if (index >= self->length)
        return NULL;
    return &self->samples[slot_of (self, index)];
}

guint
vireo_stats_history_copy_values (VireoStatsHistory *self,
                                 VireoStatsMetric   metric,
                                 double            *out,
                                 guint              n)
{
    guint count;

    g_return_val_if_fail (VIREO_IS_STATS_HISTORY (self), 0);
    g_return_val_if_fail (metric < VIREO_STATS_N_METRICS, 0);
    g_return_val_if_fail (out != NULL || n == 0, 0);

    count = MIN (n, self->length);
    for (guint i = 0; i < count; i++)
        out[i] = self->samples[slot_of (self, count - 1 - i)].values[metric];
    return count;
}

double
vireo_stats_history_get_max (VireoStatsHistory *self,
                             VireoStatsMetric   metric,
                             guint              n)
{
    guint count;
    double max = 0.0;
    gboolean found = FALSE;

    g_return_val_if_fail (VIREO_IS_STATS_HISTORY (self), 0.0);
    g_return_val_if_fail (metric < VIREO_STATS_N_METRICS, 0.0);

    count = MIN (n, self->length);
    for (guint i = 0; i < count; i++) {
        double v = self->samples[slot_of (self, i)].values[metric];

        if (!isfinite (v))
            continue;
        if (!found || v > max)
            max = v;
        found = TRUE;
    }
    return found ? max : 0.0;
}

void
vireo_stats_history_clear (VireoStatsHistory *self)
{
    g_return_if_fail (VIREO_IS_STATS_HISTORY (self));

    self->length = 0;
    self->head = 0;
}
