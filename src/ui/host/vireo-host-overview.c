/* vireo-host-overview.c: the host window's Overview page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>

#include <glib/gi18n.h>

#include "vireo-host-graph.h"
#include "vireo-host-info.h"
#include "vireo-host-overview.h"
#include "vireo-host-window.h"

struct _VireoHostOverview {
    GtkBox parent_instance;

    /* template widgets */
    GtkEntry          *name_entry;
    GtkLabel          *uri_label;
    GtkCheckButton    *autoconnect_check;
    GtkLabel          *hostname_label;
    GtkLabel          *hypervisor_label;
    GtkLabel          *libvirt_label;
    GtkLabel          *arch_label;
    GtkLabel          *cpu_model_label;
    GtkLabel          *cpus_label;
    GtkLabel          *topology_label;
    GtkLabel          *memory_label;
    VireoHostGraph    *cpu_graph;
    VireoHostGraph    *memory_graph;
    GtkLabel          *cpu_value_label;
    GtkLabel          *memory_value_label;

    /* borrowed (weak pointer) */
    VireoApplication  *app;

    /* owned */
    VireoConnection   *connection;
    GCancellable      *cancellable;
    VireoStatsSampler *sampler;
    guint64            memory_kib;
    gboolean           loading;
    gboolean           loaded;
    gboolean           updating;      /* setting the controls from the model */
};

enum {
    SIGNAL_LOADED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostOverview, vireo_host_overview, GTK_TYPE_BOX)

static void
set_text (GtkLabel   *label,
          const char *text)
{
    gtk_label_set_text (label, text != NULL && *text != '\0' ? text : _("Unknown"));
}

static void
show_info (VireoHostOverview   *self,
           const VireoHostInfo *info)
{
    g_autofree char *hypervisor = NULL;
    g_autofree char *cpus = NULL;
    g_autofree char *topology = vireo_host_info_dup_topology (info);
    g_autofree char *memory = g_format_size_full (info->memory_kib * 1024,
                                                  G_FORMAT_SIZE_IEC_UNITS);

    set_text (self->hostname_label, info->hostname);
    hypervisor = info->hypervisor_version != NULL
                 ? g_strdup_printf ("%s %s", info->hypervisor, info->hypervisor_version)
                 : g_strdup (info->hypervisor);
    set_text (self->hypervisor_label, hypervisor);
    set_text (self->libvirt_label, info->libvirt_version);
    set_text (self->arch_label, info->arch);
    if (!info->with_capabilities) {
        /* The capabilities come second (vireo_host_read_info's flags). */
        gtk_label_set_text (self->cpu_model_label, _("Reading…"));
    } else if (info->cpu_model != NULL && info->cpu_vendor != NULL) {
        g_autofree char *model = g_strdup_printf ("%s (%s)", info->cpu_model, info->cpu_vendor);

        set_text (self->cpu_model_label, model);
    } else {
        set_text (self->cpu_model_label, info->cpu_model);
    }
    if (info->mhz > 0)
        /* TRANSLATORS: logical CPUs and their clock, e.g. "16 at 1400 MHz" */
        cpus = g_strdup_printf (_("%u at %u MHz"), info->cpus, info->mhz);
    else
        cpus = g_strdup_printf ("%u", info->cpus);
    set_text (self->cpus_label, cpus);
    if (info->numa_nodes > 1) {
        g_autofree char *with_nodes = g_strdup_printf (
            ngettext ("%s; %u NUMA node", "%s; %u NUMA nodes", info->numa_nodes), topology,
            info->numa_nodes);

        set_text (self->topology_label, with_nodes);
    } else {
        set_text (self->topology_label, topology);
    }
    set_text (self->memory_label, memory);
    self->memory_kib = info->memory_kib;
    vireo_host_graph_set_max (self->memory_graph, (double) info->memory_kib);
}

static void
update_stats (VireoHostOverview *self)
{
    VireoStatsHistory *history = self->sampler != NULL
                                 ? vireo_stats_sampler_get_host_history (self->sampler) : NULL;
    const VireoStatsSample *latest = history != NULL ? vireo_stats_history_get_latest (history)
                                                     : NULL;
    double cpu = latest != NULL ? latest->values[VIREO_STATS_METRIC_CPU_PERCENT] : NAN;
    double memory = latest != NULL ? latest->values[VIREO_STATS_METRIC_MEMORY_KIB] : NAN;
    g_autofree char *cpu_text = NULL;
    g_autofree char *memory_text = NULL;

    vireo_host_graph_update (self->cpu_graph);
    vireo_host_graph_update (self->memory_graph);
    cpu_text = isfinite (cpu) ? g_strdup_printf (_("%.0f %%"), cpu) : g_strdup (_("No data"));
    if (isfinite (memory) && self->memory_kib > 0) {
        g_autofree char *used = g_format_size_full ((guint64) memory * 1024,
                                                    G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *total = g_format_size_full (self->memory_kib * 1024,
                                                     G_FORMAT_SIZE_IEC_UNITS);

        /* TRANSLATORS: memory in use of the host's, e.g. "1.2 GiB of 3.0 GiB" */
        memory_text = g_strdup_printf (_("%s of %s"), used, total);
    } else {
        memory_text = g_strdup (_("No data"));
    }
    gtk_label_set_text (self->cpu_value_label, cpu_text);
    gtk_label_set_text (self->memory_value_label, memory_text);
    atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self->cpu_graph)),
                                cpu_text);
    atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self->memory_graph)),
                                memory_text);
}

static void
sampler_updated_cb (VireoHostOverview *self)
{
    update_stats (self);
}

static void
attach_sampler (VireoHostOverview *self)
{
    VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (self->connection);
    VireoStatsHistory *history;

    if (sampler == NULL || sampler == self->sampler)
        return;
    if (self->sampler != NULL)
        g_signal_handlers_disconnect_by_data (self->sampler, self);
    g_set_object (&self->sampler, sampler);
    history = vireo_stats_sampler_get_host_history (sampler);
    vireo_host_graph_set_history (self->cpu_graph, history, VIREO_STATS_METRIC_CPU_PERCENT,
                                  100.0);
    vireo_host_graph_set_history (self->memory_graph, history, VIREO_STATS_METRIC_MEMORY_KIB,
                                  (double) self->memory_kib);
    g_signal_connect_object (sampler, "updated", G_CALLBACK (sampler_updated_cb), self,
                             G_CONNECT_SWAPPED);
    update_stats (self);
}

static void
read_info_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
    g_autoptr(VireoHostOverview) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoHostInfo) info = NULL;

    info = vireo_host_read_info_finish (VIREO_CONNECTION (source), result, &error);
    if (info == NULL) {
        self->loading = FALSE;
        if (!vireo_error_is_cancelled (error))
            vireo_host_window_report (GTK_WIDGET (self), error->message);
        return;
    }
    show_info (self, info);
    attach_sampler (self);
    if (!info->with_capabilities) {
        /* The quick facts are shown (and the graphs run); now the CPU. */
        vireo_host_read_info_async (self->connection, VIREO_HOST_INFO_CAPABILITIES, self->cancellable,
                                    read_info_cb, g_object_ref (self));
        return;
    }
    self->loading = FALSE;
    self->loaded = TRUE;
    g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
update_connection_fields (VireoHostOverview *self)
{
    g_autofree char *name = vireo_connection_dup_display_name (self->connection);

    self->updating = TRUE;
    if (!gtk_widget_has_focus (GTK_WIDGET (self->name_entry)))
        gtk_entry_set_text (self->name_entry, name);
    gtk_label_set_text (self->uri_label, vireo_connection_get_uri (self->connection));
    if (self->app != NULL)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->autoconnect_check),
                                      vireo_application_is_autoconnect (self->app,
                                                                        self->connection));
    self->updating = FALSE;
}

static void
apply_name (VireoHostOverview *self)
{
    if (self->updating || self->app == NULL || self->connection == NULL)
        return;
    vireo_application_set_connection_name (self->app, self->connection,
                                           gtk_entry_get_text (self->name_entry));
}

static void
name_activate_cb (VireoHostOverview *self)
{
    apply_name (self);
}

static gboolean
name_focus_out_cb (VireoHostOverview *self)
{
    apply_name (self);
    return GDK_EVENT_PROPAGATE;
}

static void
autoconnect_toggled_cb (VireoHostOverview *self)
{
    if (self->updating || self->app == NULL || self->connection == NULL)
        return;
    vireo_application_set_autoconnect (self->app, self->connection,
                                       gtk_toggle_button_get_active (
                                           GTK_TOGGLE_BUTTON (self->autoconnect_check)));
}

static void
display_name_cb (VireoHostOverview *self)
{
    update_connection_fields (self);
}

static void
vireo_host_overview_dispose (GObject *object)
{
    VireoHostOverview *self = VIREO_HOST_OVERVIEW (object);

    if (self->app != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->app), (gpointer *) &self->app);
    self->app = NULL;
    g_clear_object (&self->sampler);
    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vireo_host_overview_parent_class)->dispose (object);
}

static void
vireo_host_overview_class_init (VireoHostOverviewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = vireo_host_overview_dispose;

    signals[SIGNAL_LOADED] =
        g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);

    g_type_ensure (VIREO_TYPE_HOST_GRAPH);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-host-overview.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, name_entry);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, uri_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, autoconnect_check);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, hostname_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, hypervisor_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, libvirt_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, arch_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, cpu_model_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, cpus_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, topology_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, memory_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, cpu_graph);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, memory_graph);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview, cpu_value_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostOverview,
                                          memory_value_label);
    gtk_widget_class_bind_template_callback (widget_class, name_activate_cb);
    gtk_widget_class_bind_template_callback (widget_class, name_focus_out_cb);
    gtk_widget_class_bind_template_callback (widget_class, autoconnect_toggled_cb);
}

static void
vireo_host_overview_init (VireoHostOverview *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

void
vireo_host_overview_set_connection (VireoHostOverview *self,
                                    VireoApplication  *app,
                                    VireoConnection   *connection,
                                    GCancellable      *cancellable)
{
    g_return_if_fail (VIREO_IS_HOST_OVERVIEW (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    self->app = app;
    if (app != NULL)
        g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &self->app);
    g_set_object (&self->connection, connection);
    g_set_object (&self->cancellable, cancellable);
    g_signal_connect_object (connection, "notify::display-name", G_CALLBACK (display_name_cb),
                             self, G_CONNECT_SWAPPED);
    update_connection_fields (self);
}

void
vireo_host_overview_load (VireoHostOverview *self)
{
    g_return_if_fail (VIREO_IS_HOST_OVERVIEW (self));

    if (self->connection == NULL || self->loading)
        return;
    update_connection_fields (self);
    if (vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return;
    self->loading = TRUE;
    vireo_host_read_info_async (self->connection, VIREO_HOST_INFO_BASIC, self->cancellable,
                                read_info_cb, g_object_ref (self));
}

gboolean
vireo_host_overview_is_loaded (VireoHostOverview *self)
{
    g_return_val_if_fail (VIREO_IS_HOST_OVERVIEW (self), FALSE);

    return self->loaded;
}
