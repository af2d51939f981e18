/* vireo-performance-page.c: CPU, memory, disk and network graphs of a VM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>

#include "vireo-graph.h"
#include "vireo-performance-page.h"

#define HELD_GROUPS VIREO_STATS_GROUP_ALL

typedef struct {
    const char       *which;
    VireoGraphUnit    unit;
    VireoStatsMetric  first;
    int               second;
    const char       *first_label;    /* N_() with a %s for the value */
    const char       *second_label;
} GraphSpec;

static const GraphSpec graph_specs[] = {
    { "cpu", VIREO_GRAPH_UNIT_PERCENT, VIREO_STATS_METRIC_CPU_PERCENT, -1, N_("%s used"), NULL },
    { "memory", VIREO_GRAPH_UNIT_KIB, VIREO_STATS_METRIC_MEMORY_KIB, -1, N_("%s in use"),
      NULL },
    { "disk", VIREO_GRAPH_UNIT_BYTES_RATE, VIREO_STATS_METRIC_DISK_READ_BPS,
      VIREO_STATS_METRIC_DISK_WRITE_BPS, N_("Read %s"), N_("Write %s") },
    { "network", VIREO_GRAPH_UNIT_BYTES_RATE, VIREO_STATS_METRIC_NET_RX_BPS,
      VIREO_STATS_METRIC_NET_TX_BPS, N_("In %s"), N_("Out %s") },
};

struct _VireoPerformancePage {
    VireoDetailsPage parent_instance;

    /* template widgets */
    GtkLabel          *status;
    GtkWidget         *cpu_box;
    GtkWidget         *memory_box;
    GtkWidget         *disk_box;
    GtkWidget         *network_box;
    GtkLabel          *cpu_value;
    GtkLabel          *memory_value;
    GtkLabel          *disk_value;
    GtkLabel          *network_value;
    GtkLabel          *cpu_title;
    GtkLabel          *memory_title;
    GtkLabel          *disk_title;
    GtkLabel          *network_title;

    /* owned */
    GtkWidget         *graphs[G_N_ELEMENTS (graph_specs)];
    VireoStatsSampler *sampler;     /* held while shown */
    gulong             updated_id;

    /* state */
    double             memory_kib;  /* the VM's memory, the top of its graph */
};

G_DEFINE_FINAL_TYPE (VireoPerformancePage, vireo_performance_page, VIREO_TYPE_DETAILS_PAGE)

static GtkLabel *
value_label (VireoPerformancePage *self,
             guint                 i)
{
    GtkLabel *labels[] = { self->cpu_value, self->memory_value, self->disk_value,
                           self->network_value };

    return labels[i];
}

static GtkLabel *
title_label (VireoPerformancePage *self,
             guint                 i)
{
    GtkLabel *labels[] = { self->cpu_title, self->memory_title, self->disk_title,
                           self->network_title };

    return labels[i];
}

static VireoStatsSampler *
sampler_of (VireoPerformancePage *self)
{
    VireoDomain *domain = vireo_details_page_get_domain (VIREO_DETAILS_PAGE (self));
    VireoConnection *connection = domain != NULL ? vireo_domain_get_connection (domain) : NULL;

    return connection != NULL ? vireo_connection_get_stats_sampler (connection) : NULL;
}

static char *
describe (const GraphSpec         *spec,
          const VireoStatsSample  *sample)
{
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autofree char *one = NULL;

    if (sample == NULL)
        return g_strdup (_("Waiting for a sample"));
    /* libvirt gave no figure: a user-mode NIC has no host-side counters, a
     * VM without disks has no block stats. */
    if (!isfinite (sample->values[spec->first]))
        return g_strdup (_("Not reported"));
    first = vireo_graph_format_value (spec->unit, sample->values[spec->first]);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    one = g_strdup_printf (_(spec->first_label), first);
    if (spec->second < 0 || !isfinite (sample->values[spec->second]))
        return g_steal_pointer (&one);
    second = vireo_graph_format_value (spec->unit, sample->values[spec->second]);
    {
        g_autofree char *two = g_strdup_printf (_(spec->second_label), second);

        /* TRANSLATORS: two current values: "Read 1 MiB/s, Write 2 KiB/s" */
        return g_strdup_printf (_("%s, %s"), one, two);
    }
#pragma GCC diagnostic pop
}

static void
refresh (VireoPerformancePage *self)
{
    VireoDomain *domain = vireo_details_page_get_domain (VIREO_DETAILS_PAGE (self));
    VireoStatsHistory *history = NULL;
    const VireoStatsSample *latest = NULL;

    if (self->sampler != NULL && domain != NULL)
        history = vireo_stats_sampler_get_history (self->sampler, vireo_domain_get_uuid (domain));
    if (history != NULL)
        latest = vireo_stats_history_get_latest (history);
    if (self->sampler == NULL)
        gtk_label_set_text (self->status, _("The connection has no statistics."));
    else if (domain != NULL && !vireo_domain_is_active (domain))
        gtk_label_set_text (self->status,
                            _("The virtual machine is not running; the graphs show what was "
                              "sampled while it ran, the last ten minutes of it."));
    else
        gtk_label_set_text (self->status, _("The last ten minutes, sampled every second."));

    for (guint i = 0; i < G_N_ELEMENTS (graph_specs); i++) {
        g_autofree char *text = describe (&graph_specs[i], latest);
        g_autofree char *spoken = g_strdup_printf ("%s: %s",
                                                   gtk_label_get_text (title_label (self, i)),
                                                   text);

        gtk_label_set_text (value_label (self, i), text);
        vireo_graph_set_history (VIREO_GRAPH (self->graphs[i]), history);
        atk_object_set_description (gtk_widget_get_accessible (self->graphs[i]), spoken);
    }
}

/* ---------------------------------------------------------------- callbacks */

static void
sampler_updated_cb (VireoPerformancePage *self)
{
    refresh (self);
}

/* ---------------------------------------------------------------- overrides */

static void
vireo_performance_page_load (VireoDetailsPage  *page,
                             VireoDomainEditor *editor)
{
    VireoPerformancePage *self = VIREO_PERFORMANCE_PAGE (page);
    g_autofree char *mib = vireo_domain_editor_dup_value (editor, "memory", 0, "currentMemory");

    if (mib == NULL)
        mib = vireo_domain_editor_dup_value (editor, "memory", 0, "memory");
    self->memory_kib = mib != NULL ? g_ascii_strtod (mib, NULL) * 1024 : 0;
    vireo_graph_set_max (VIREO_GRAPH (self->graphs[1]), self->memory_kib);
}

static void
vireo_performance_page_shown (VireoDetailsPage *page,
                              gboolean          shown)
{
    VireoPerformancePage *self = VIREO_PERFORMANCE_PAGE (page);

    if (shown && self->sampler == NULL) {
        VireoStatsSampler *sampler = sampler_of (self);

        if (sampler != NULL) {
            self->sampler = g_object_ref (sampler);
            vireo_stats_sampler_hold_groups (self->sampler, HELD_GROUPS);
            self->updated_id = g_signal_connect_object (self->sampler, "updated",
                                                        G_CALLBACK (sampler_updated_cb), self,
                                                        G_CONNECT_SWAPPED);
        }
    } else if (!shown && self->sampler != NULL) {
        g_clear_signal_handler (&self->updated_id, self->sampler);
        vireo_stats_sampler_release_groups (self->sampler, HELD_GROUPS);
        g_clear_object (&self->sampler);
    }
    refresh (self);
}

static void
vireo_performance_page_state_changed (VireoDetailsPage *page)
{
    refresh (VIREO_PERFORMANCE_PAGE (page));
}

static void
vireo_performance_page_dispose (GObject *object)
{
    vireo_details_page_set_shown (VIREO_DETAILS_PAGE (object), FALSE);
    G_OBJECT_CLASS (vireo_performance_page_parent_class)->dispose (object);
}

static void
vireo_performance_page_class_init (VireoPerformancePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

    object_class->dispose = vireo_performance_page_dispose;
    page_class->load = vireo_performance_page_load;
    page_class->shown = vireo_performance_page_shown;
    page_class->state_changed = vireo_performance_page_state_changed;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-performance-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, status);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, cpu_box);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, memory_box);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, disk_box);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, network_box);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, cpu_value);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, memory_value);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, disk_value);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, network_value);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, cpu_title);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, memory_title);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, disk_title);
    gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, network_title);
}

static void
vireo_performance_page_init (VireoPerformancePage *self)
{
    GtkWidget *boxes[G_N_ELEMENTS (graph_specs)];

    gtk_widget_init_template (GTK_WIDGET (self));

    boxes[0] = self->cpu_box;
    boxes[1] = self->memory_box;
    boxes[2] = self->disk_box;
    boxes[3] = self->network_box;
    for (guint i = 0; i < G_N_ELEMENTS (graph_specs); i++) {
        const GraphSpec *spec = &graph_specs[i];
        AtkObject *accessible;
        g_autofree char *name = NULL;

        self->graphs[i] = vireo_graph_new (spec->unit);
        vireo_graph_set_metrics (VIREO_GRAPH (self->graphs[i]), spec->first, spec->second);
        if (spec->unit == VIREO_GRAPH_UNIT_PERCENT)
            vireo_graph_set_max (VIREO_GRAPH (self->graphs[i]), 100);
        /* TRANSLATORS: the accessible name of a graph: "CPU usage graph" */
        name = g_strdup_printf (_("%s graph"), gtk_label_get_text (title_label (self, i)));
        accessible = gtk_widget_get_accessible (self->graphs[i]);
        atk_object_set_name (accessible, name);
        atk_object_set_role (accessible, ATK_ROLE_CHART);
        gtk_widget_set_tooltip_text (self->graphs[i], name);
        gtk_widget_show (self->graphs[i]);
        gtk_container_add (GTK_CONTAINER (boxes[i]), self->graphs[i]);
    }
}

/* ------------------------------------------------------------ public API */

GtkWidget *
vireo_performance_page_new (VireoDomain *domain)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return g_object_new (VIREO_TYPE_PERFORMANCE_PAGE, "domain", domain,
                         "title", _("Performance"),
                         "icon-name", "power-profile-performance-symbolic",
                         NULL);
}

GtkWidget *
vireo_performance_page_get_graph (VireoPerformancePage *self,
                                  const char           *which)
{
    g_return_val_if_fail (VIREO_IS_PERFORMANCE_PAGE (self), NULL);

    for (guint i = 0; i < G_N_ELEMENTS (graph_specs); i++) {
        if (g_strcmp0 (graph_specs[i].which, which) == 0)
            return self->graphs[i];
    }
    return NULL;
}

const char *
vireo_performance_page_get_value (VireoPerformancePage *self,
                                  const char           *which)
{
    g_return_val_if_fail (VIREO_IS_PERFORMANCE_PAGE (self), NULL);

    for (guint i = 0; i < G_N_ELEMENTS (graph_specs); i++) {
        if (g_strcmp0 (graph_specs[i].which, which) == 0)
            return gtk_label_get_text (value_label (self, i));
    }
    return NULL;
}
