/* test-vm-list.c: the manager's VM list on a test-driver connection of 300 VMs:
 * graph columns and their drawing, search, sorting, actions and VM windows on several
 * VMs, confirmations
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <math.h>
#include <string.h>

#include "vireo-application.h"
#include "vireo-cell-renderer-icon.h"
#include "vireo-cell-renderer-label.h"
#include "vireo-confirm-dialog.h"
#include "vireo-delete-dialog.h"
#include "vireo-manager-window.h"
#include "vireo-stats-sampler-private.h"
#include "vireo-test-util.h"
#include "vireo-vm-window.h"

#define N_VMS 300

static struct {
    char               *tmpdir;
    char               *uri;
    VireoApplication   *app;
    VireoManagerWindow *window;
    VireoConnection    *connection;
} fixture;

static gboolean
wait_until (gboolean (*predicate) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (!predicate (data)) {
        if (g_get_monotonic_time () > deadline)
            return FALSE;
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return TRUE;
}

static void
spin (guint ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
}

static GSettings *
settings (void)
{
    return vireo_application_get_settings (fixture.app);
}

static VireoDomain *
domain (const char *name)
{
    VireoDomain *found = vireo_connection_find_domain (fixture.connection, name);

    g_assert_nonnull (found);
    return found;
}

static VireoVmTree *
tree (void)
{
    return vireo_manager_window_get_vm_tree (fixture.window);
}

static gboolean
all_rows_present (gpointer data)
{
    return vireo_vm_tree_get_n_domains (tree (), fixture.connection) == N_VMS;
}

static GtkTreeModel *
view_model (void)
{
    return vireo_vm_tree_get_view_model (tree ());
}

/* The names of the VMs the view shows, in its order. */
static GPtrArray *
shown_names (void)
{
    GtkTreeModel *model = view_model ();
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    int n_top = gtk_tree_model_iter_n_children (model, NULL);

    for (int i = 0; i < n_top; i++) {
        GtkTreeIter parent;
        int n;

        g_assert_true (gtk_tree_model_iter_nth_child (model, &parent, NULL, i));
        n = gtk_tree_model_iter_n_children (model, &parent);
        for (int j = 0; j < n; j++) {
            GtkTreeIter child;
            char *name = NULL;

            g_assert_true (gtk_tree_model_iter_nth_child (model, &parent, NULL, i));
            g_assert_true (gtk_tree_model_iter_nth_child (model, &child, &parent, j));
            gtk_tree_model_get (model, &child, VIREO_VM_TREE_COLUMN_NAME, &name, -1);
            g_ptr_array_add (names, name);
        }
    }
    return names;
}

static VireoConfirmDialog *
find_confirm_dialog (void)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
        if (VIREO_IS_CONFIRM_DIALOG (l->data) && gtk_widget_get_visible (l->data))
            return l->data;
    return NULL;
}

static VireoDeleteDialog *
find_delete_dialog (void)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
        if (VIREO_IS_DELETE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
            return l->data;
    return NULL;
}

/* Selects exactly the VMs named, in this order. */
static void
select_vms (const char * const *names)
{
    g_assert_true (vireo_manager_window_select_domain (fixture.window, domain (names[0])));
    for (guint i = 1; names[i] != NULL; i++)
        g_assert_true (vireo_manager_window_add_to_selection (fixture.window, domain (names[i])));
}

static void
activate (const char *action)
{
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture.window), action));
    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), action, NULL);
}

typedef struct {
    const char * const *names;
    VireoDomainState    state;
} StateWait;

static gboolean
all_in_state (gpointer data)
{
    const StateWait *wait = data;

    for (guint i = 0; wait->names[i] != NULL; i++)
        if (vireo_domain_get_state (domain (wait->names[i])) != wait->state)
            return FALSE;
    return TRUE;
}

static void
assert_state (const char * const *names,
              VireoDomainState    state)
{
    StateWait wait = { names, state };

    g_assert_true (wait_until (all_in_state, &wait, 20000));
}

static gboolean
error_shown (gpointer data)
{
    return vireo_manager_window_get_error (fixture.window) != NULL;
}

static void
hide_error (void)
{
    GtkInfoBar *bar = GTK_INFO_BAR (gtk_widget_get_template_child (GTK_WIDGET (fixture.window),
                                                                   VIREO_TYPE_MANAGER_WINDOW,
                                                                   "info_bar"));

    gtk_info_bar_set_revealed (bar, FALSE);
}

/* ------------------------------------------------------------------------ */

static void
test_populate (void)
{
    g_autoptr(GPtrArray) names = NULL;

    g_assert_true (wait_until (all_rows_present, NULL, 60000));
    names = shown_names ();
    g_assert_cmpuint (names->len, ==, N_VMS);
    /* By name, without a sort column set: the store's own order. */
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *expected = g_strdup_printf ("vm-%04u", i + 1);

        g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected);
    }
    {
        g_autoptr(GtkTreePath) first = gtk_tree_path_new_first ();

        g_assert_true (gtk_tree_view_row_expanded (
                           vireo_manager_window_get_tree_view (fixture.window), first));
    }
}

/* The View menu's five graphs: each a GSettings key, a column and a
 * metric. */
static void
test_graph_columns (void)
{
    static const struct {
        const char *key;
        const char *column;
        const char *renderer;
        int         metric;
        int         sort;
    } graphs[] = {
        { "list-column-guest-cpu", "guest_cpu_column", "guest_cpu_renderer",
          VIREO_STATS_METRIC_CPU_PERCENT, VIREO_VM_TREE_SORT_GUEST_CPU },
        { "list-column-host-cpu", "host_cpu_column", "host_cpu_renderer",
          VIREO_STATS_METRIC_HOST_CPU_PERCENT, VIREO_VM_TREE_SORT_HOST_CPU },
        { "list-column-memory", "memory_column", "memory_renderer",
          VIREO_STATS_METRIC_MEMORY_PERCENT, VIREO_VM_TREE_SORT_MEMORY },
        { "list-column-disk", "disk_column", "disk_renderer",
          VIREO_STATS_METRIC_DISK_BPS, VIREO_VM_TREE_SORT_DISK },
        { "list-column-network", "network_column", "network_renderer",
          VIREO_STATS_METRIC_NET_BPS, VIREO_VM_TREE_SORT_NETWORK },
    };
    VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (fixture.connection);
    GActionGroup *actions = G_ACTION_GROUP (fixture.window);

    for (guint i = 0; i < G_N_ELEMENTS (graphs); i++) {
        GtkTreeViewColumn *column =
            GTK_TREE_VIEW_COLUMN (gtk_widget_get_template_child (GTK_WIDGET (fixture.window),
                                                                 VIREO_TYPE_MANAGER_WINDOW,
                                                                 graphs[i].column));
        GObject *renderer = gtk_widget_get_template_child (GTK_WIDGET (fixture.window),
                                                           VIREO_TYPE_MANAGER_WINDOW,
                                                           graphs[i].renderer);
        gboolean shown = g_settings_get_boolean (settings (), graphs[i].key);
        g_autoptr(GVariant) state = NULL;
        guint metric = 0;

        g_test_message ("%s", graphs[i].key);
        g_assert_nonnull (column);
        g_object_get (renderer, "metric", &metric, NULL);
        g_assert_cmpuint (metric, ==, graphs[i].metric);
        g_assert_cmpint (vireo_vm_tree_sort_get_metric (graphs[i].sort), ==, graphs[i].metric);
        g_assert_cmpint (gtk_tree_view_column_get_sort_column_id (column), ==, graphs[i].sort);
        /* Only the guest's CPU at first, as virt-manager. */
        g_assert_cmpint (shown, ==, i == 0);
        g_assert_cmpint (gtk_tree_view_column_get_visible (column), ==, shown);

        /* The View menu's check item is the key's action. */
        state = g_action_group_get_action_state (actions, graphs[i].key);
        g_assert_nonnull (state);
        g_assert_cmpint (g_variant_get_boolean (state), ==, shown);
        g_action_group_activate_action (actions, graphs[i].key, NULL);
        g_assert_cmpint (g_settings_get_boolean (settings (), graphs[i].key), ==, !shown);
        g_assert_cmpint (gtk_tree_view_column_get_visible (column), ==, !shown);
    }
    /* Every graph shown: every group sampled (the disk and network statistics
     * were off, showing their graphs turned them on). */
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_ALL);
    g_assert_true (g_settings_get_boolean (settings (), "stats-disk"));

    /* Statistics turned off hide their graph. */
    g_settings_set_boolean (settings (), "stats-network", FALSE);
    g_assert_false (g_settings_get_boolean (settings (), "list-column-network"));

    for (guint i = 0; i < G_N_ELEMENTS (graphs); i++)
        g_settings_reset (settings (), graphs[i].key);
    g_settings_reset (settings (), "stats-disk");
    g_settings_reset (settings (), "stats-network");
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_MEMORY);
}

typedef struct {
    const char *name;
    const char *title;
} TitleWait;

static gboolean
title_is (gpointer data)
{
    const TitleWait *wait = data;

    return g_strcmp0 (vireo_domain_get_title (domain (wait->name)), wait->title) == 0;
}

static gboolean
descriptions_read (gpointer data)
{
    return vireo_domain_get_description (domain ("vm-0043")) != NULL &&
           vireo_domain_get_description (domain ("vm-0044")) != NULL;
}

static void
set_metadata (const char *name,
              int         type,
              const char *text)
{
    virDomainPtr handle = vireo_domain_get_handle (domain (name));

    g_assert_cmpint (virDomainSetMetadata (handle, type, text, NULL, NULL, 0), ==, 0);
}

static void
assert_shown (const char * const *expected)
{
    g_autoptr(GPtrArray) names = shown_names ();

    g_ptr_array_add (names, NULL);
    g_assert_cmpstrv ((const char * const *) names->pdata, expected);
    g_assert_cmpuint (vireo_vm_tree_get_n_shown_domains (tree ()), ==,
                      g_strv_length ((char **) expected));
}

/* The search filters by name, title and description, case and accents
 * aside, on every connection; the title comes from libvirt's metadata and
 * follows its changes. */
static void
test_search (void)
{
    static const char * const cafe[] = { "vm-0042", NULL };
    static const char * const replicas[] = { "vm-0043", "vm-0044", NULL };
    static const char * const by_name[] = { "vm-0100", "vm-0101", "vm-0102", "vm-0103",
                                            "vm-0104", "vm-0105", "vm-0106", "vm-0107",
                                            "vm-0108", "vm-0109", NULL };
    static const char * const none[] = { NULL };
    g_auto(GStrv) accels = NULL;
    GtkSearchBar *bar = GTK_SEARCH_BAR (gtk_widget_get_template_child (
                                            GTK_WIDGET (fixture.window),
                                            VIREO_TYPE_MANAGER_WINDOW, "search_bar"));
    TitleWait wait = { "vm-0042", "Café Ünïcode" };
    GtkTreeIter store_iter;
    g_autofree char *title = NULL;

    set_metadata ("vm-0042", VIR_DOMAIN_METADATA_TITLE, "Café Ünïcode");
    set_metadata ("vm-0043", VIR_DOMAIN_METADATA_DESCRIPTION, "Database REPLICA, rack 4");
    set_metadata ("vm-0044", VIR_DOMAIN_METADATA_DESCRIPTION, "another replica");
    g_assert_true (wait_until (title_is, &wait, 20000));
    g_assert_true (wait_until (descriptions_read, NULL, 20000));
    g_assert_true (vireo_vm_tree_find_domain (tree (), domain ("vm-0042"), &store_iter));
    gtk_tree_model_get (vireo_vm_tree_get_model (tree ()), &store_iter,
                        VIREO_VM_TREE_COLUMN_TITLE, &title, -1);
    g_assert_cmpstr (title, ==, "Café Ünïcode");

    /* Ctrl+F shows the search bar. */
    accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture.app), "win.search");
    g_assert_true (g_strv_contains ((const char * const *) accels, "<Primary>f"));
    g_assert_false (gtk_search_bar_get_search_mode (bar));
    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "search", NULL);
    g_assert_true (gtk_search_bar_get_search_mode (bar));

    vireo_manager_window_set_search_text (fixture.window, "CAFE unicode");
    assert_shown (cafe);
    vireo_manager_window_set_search_text (fixture.window, "unicode cafe");
    assert_shown (none);      /* one needle, not words in any order */
    vireo_manager_window_set_search_text (fixture.window, "cafe");
    assert_shown (cafe);
    vireo_manager_window_set_search_text (fixture.window, "  ÜNÏCODE ");
    assert_shown (cafe);
    vireo_manager_window_set_search_text (fixture.window, "replica");
    assert_shown (replicas);
    vireo_manager_window_set_search_text (fixture.window, "vm-010");
    assert_shown (by_name);
    vireo_manager_window_set_search_text (fixture.window, "no such machine");
    assert_shown (none);
    /* The connection row stays. */
    g_assert_cmpint (gtk_tree_model_iter_n_children (view_model (), NULL), ==, 1);

    /* A title set meanwhile is found at once. */
    set_metadata ("vm-0200", VIR_DOMAIN_METADATA_TITLE, "No such machine after all");
    wait = (TitleWait) { "vm-0200", "No such machine after all" };
    g_assert_true (wait_until (title_is, &wait, 20000));
    {
        static const char * const found[] = { "vm-0200", NULL };

        assert_shown (found);
    }
    /* A hidden VM has no store row; a shown one that stops matching goes. */
    g_assert_false (vireo_vm_tree_find_domain (tree (), domain ("vm-0042"), NULL));
    set_metadata ("vm-0200", VIR_DOMAIN_METADATA_TITLE, "Back to normal");
    wait = (TitleWait) { "vm-0200", "Back to normal" };
    g_assert_true (wait_until (title_is, &wait, 20000));
    assert_shown (none);
    set_metadata ("vm-0200", VIR_DOMAIN_METADATA_TITLE, "No such machine after all");
    wait = (TitleWait) { "vm-0200", "No such machine after all" };
    g_assert_true (wait_until (title_is, &wait, 20000));
    {
        static const char * const found[] = { "vm-0200", NULL };

        assert_shown (found);
    }

    /* Hiding the search bar shows every VM again, in name order. */
    gtk_search_bar_set_search_mode (bar, FALSE);
    g_assert_null (vireo_vm_tree_get_filter_text (tree ()));
    g_assert_cmpuint (vireo_vm_tree_get_n_shown_domains (tree ()), ==, N_VMS);
    {
        g_autoptr(GPtrArray) names = shown_names ();

        g_assert_cmpuint (names->len, ==, N_VMS);
        for (guint i = 0; i < names->len; i++) {
            g_autofree char *expected = g_strdup_printf ("vm-%04u", i + 1);

            g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected);
        }
    }
}

/* The selection while searching: a row the filter hides leaves it, and the
 * actions act on what is shown and selected. */
static void
test_search_selection (void)
{
    static const char * const both[] = { "vm-0043", "vm-0044", NULL };
    g_autoptr(GPtrArray) selected = NULL;

    select_vms (both);
    selected = vireo_manager_window_dup_selected_domains (fixture.window);
    g_assert_cmpuint (selected->len, ==, 2);
    g_clear_pointer (&selected, g_ptr_array_unref);

    vireo_manager_window_set_search_text (fixture.window, "rack 4");
    selected = vireo_manager_window_dup_selected_domains (fixture.window);
    g_assert_cmpuint (selected->len, ==, 1);
    g_assert_true (g_ptr_array_index (selected, 0) == domain ("vm-0043"));
    vireo_manager_window_set_search_text (fixture.window, NULL);
}

static GPtrArray *
first_names (guint n)
{
    g_autoptr(GPtrArray) names = shown_names ();

    g_ptr_array_set_size (names, MIN (n, names->len));
    return g_steal_pointer (&names);
}

static void
assert_first (const char * const *expected)
{
    g_autoptr(GPtrArray) names = first_names (g_strv_length ((char **) expected));

    g_ptr_array_add (names, NULL);
    g_assert_cmpstrv ((const char * const *) names->pdata, expected);
}

/* Two stats records of @n_vms VMs (names vm-0001…), one second apart: VM i
 * gets @cpu_ns[i] of CPU time in that second, on one vCPU. */
static void
apply_cpu (VireoStatsSampler *sampler,
           const guint64     *cpu_ns,
           guint              n_vms,
           gint64             t0)
{
    g_autofree VireoStatsDomainRaw *records = g_new0 (VireoStatsDomainRaw, n_vms);

    for (guint step = 0; step < 2; step++) {
        VireoStatsHostRaw host = { .time_us = t0 + step * G_USEC_PER_SEC, .n_cpus = 4 };

        for (guint i = 0; i < n_vms; i++) {
            g_autofree char *name = g_strdup_printf ("vm-%04u", i + 1);

            records[i] = (VireoStatsDomainRaw) {
                .time_us = host.time_us,
                .flags = VIREO_STATS_RAW_CPU_TIME | VIREO_STATS_RAW_VCPUS,
                .cpu_time_ns = step * cpu_ns[i],
                .n_vcpus = 1,
            };
            g_strlcpy (records[i].uuid, vireo_domain_get_uuid (domain (name)),
                       sizeof records[i].uuid);
        }
        _vireo_stats_sampler_apply (sampler, &host, records, n_vms);
    }
}

static void
count_cb (guint *count)
{
    (*count)++;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_came (gpointer data)
{
    return *(GAsyncResult **) data != NULL;
}

/* Stops the sampler's timer and waits for a tick in flight: none comes
 * after. */
static void
stop_sampler (VireoStatsSampler *sampler)
{
    vireo_stats_sampler_stop (sampler);
    while (TRUE) {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GError) error = NULL;

        vireo_stats_sampler_sample_async (sampler, NULL, store_result_cb, &result);
        g_assert_true (wait_until (result_came, &result, 20000));
        if (vireo_stats_sampler_sample_finish (sampler, result, &error))
            return;
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
        spin (50);
    }
}

/* Sorting: by a text column, and by a graph, again at each stats tick. */
static void
test_sort (void)
{
    static const char * const by_name_desc[] = { "vm-0300", "vm-0299", NULL };
    static const char * const by_title[] = { "vm-0042", "vm-0200", "vm-0001", NULL };
    static const char * const by_cpu[] = { "vm-0003", "vm-0001", "vm-0002", NULL };
    static const char * const by_cpu_later[] = { "vm-0002", "vm-0003", "vm-0001", NULL };
    static const guint64 first[] = { 500000000, 100000000, 900000000 };
    static const guint64 later[] = { 100000000, 800000000, 300000000 };
    GtkTreeSortable *sortable = GTK_TREE_SORTABLE (view_model ());
    VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (fixture.connection);
    VireoStatsHistory *history;
    guint n_reordered = 0, n_changed = 0;
    gulong reordered, changed;

    gtk_tree_sortable_set_sort_column_id (sortable, VIREO_VM_TREE_SORT_NAME,
                                          GTK_SORT_DESCENDING);
    assert_first (by_name_desc);
    /* Ascending titles: none ("") first, by name; then "Café…", "No such…". */
    gtk_tree_sortable_set_sort_column_id (sortable, VIREO_VM_TREE_SORT_TITLE,
                                          GTK_SORT_ASCENDING);
    {
        g_autoptr(GPtrArray) names = shown_names ();

        g_assert_cmpstr (g_ptr_array_index (names, 0), ==, by_title[2]);
        g_assert_cmpstr (g_ptr_array_index (names, N_VMS - 2), ==, by_title[0]);
        g_assert_cmpstr (g_ptr_array_index (names, N_VMS - 1), ==, by_title[1]);
    }

    /* The real ticks (the test driver has no CPU figures) stop meanwhile. */
    stop_sampler (sampler);
    apply_cpu (sampler, first, 3, 1000 * G_USEC_PER_SEC);
    history = vireo_stats_sampler_get_history (sampler,
                                               vireo_domain_get_uuid (domain ("vm-0003")));
    g_assert_nonnull (history);
    g_assert_cmpfloat_with_epsilon (vireo_stats_history_get_latest (history)->values[
                                        VIREO_STATS_METRIC_CPU_PERCENT], 90, 1e-6);
    gtk_tree_sortable_set_sort_column_id (sortable, VIREO_VM_TREE_SORT_GUEST_CPU,
                                          GTK_SORT_DESCENDING);
    assert_first (by_cpu);

    /* The next ticks sort again, by reordering: no row changes. */
    reordered = g_signal_connect_swapped (view_model (), "rows-reordered",
                                          G_CALLBACK (count_cb), &n_reordered);
    changed = g_signal_connect_swapped (vireo_vm_tree_get_model (tree ()), "row-changed",
                                        G_CALLBACK (count_cb), &n_changed);
    apply_cpu (sampler, later, 3, 2000 * G_USEC_PER_SEC);
    g_signal_handler_disconnect (view_model (), reordered);
    g_signal_handler_disconnect (vireo_vm_tree_get_model (tree ()), changed);
    assert_first (by_cpu_later);
    g_assert_cmpuint (n_reordered, >, 0);
    g_assert_cmpuint (n_changed, ==, 0);
    g_assert_true (vireo_vm_tree_get_reordered (tree ()));

    /* A tick that leaves them in order sorts nothing: the same rates again
     * (each VM's CPU time grows by as much in the next second). */
    n_reordered = 0;
    reordered = g_signal_connect_swapped (view_model (), "rows-reordered",
                                          G_CALLBACK (count_cb), &n_reordered);
    {
        VireoStatsHostRaw host = { .time_us = 2002 * G_USEC_PER_SEC, .n_cpus = 4 };
        VireoStatsDomainRaw records[3] = { 0 };

        for (guint i = 0; i < G_N_ELEMENTS (records); i++) {
            g_autofree char *name = g_strdup_printf ("vm-%04u", i + 1);

            records[i] = (VireoStatsDomainRaw) {
                .time_us = host.time_us,
                .flags = VIREO_STATS_RAW_CPU_TIME | VIREO_STATS_RAW_VCPUS,
                .cpu_time_ns = 2 * later[i],
                .n_vcpus = 1,
            };
            g_strlcpy (records[i].uuid, vireo_domain_get_uuid (domain (name)),
                       sizeof records[i].uuid);
        }
        _vireo_stats_sampler_apply (sampler, &host, records, G_N_ELEMENTS (records));
    }
    g_signal_handler_disconnect (view_model (), reordered);
    assert_first (by_cpu_later);
    g_assert_cmpuint (n_reordered, ==, 0);
    g_assert_false (vireo_vm_tree_get_reordered (tree ()));

    /* Host CPU: the same CPU time over the host's 4 CPUs, same order. */
    gtk_tree_sortable_set_sort_column_id (sortable, VIREO_VM_TREE_SORT_HOST_CPU,
                                          GTK_SORT_DESCENDING);
    assert_first (by_cpu_later);

    gtk_tree_sortable_set_sort_column_id (sortable, VIREO_VM_TREE_SORT_NAME, GTK_SORT_ASCENDING);
    vireo_stats_sampler_start (sampler);
}

/* @n_ticks records of vm-0001 and vm-0002, one second apart from @t0:
 * vm-0001 busy on every metric (a steady 80% of its four vCPUs, which is
 * 80% of the host's four CPUs too, 78% of its memory, 50 MB/s of disk and
 * of network), vm-0002 idle (nothing). */
static void
apply_busy_and_idle (VireoStatsSampler *sampler,
                     guint              n_ticks,
                     gint64             t0)
{
    for (guint step = 0; step < n_ticks; step++) {
        VireoStatsHostRaw host = { .time_us = t0 + step * G_USEC_PER_SEC, .n_cpus = 4 };
        VireoStatsDomainRaw records[2];

        for (guint i = 0; i < 2; i++) {
            gboolean busy = i == 0;

            records[i] = (VireoStatsDomainRaw) {
                .time_us = host.time_us,
                .flags = VIREO_STATS_RAW_CPU_TIME | VIREO_STATS_RAW_VCPUS |
                         VIREO_STATS_RAW_BALLOON_CURRENT | VIREO_STATS_RAW_BALLOON_RSS |
                         VIREO_STATS_RAW_DISK | VIREO_STATS_RAW_NET,
                .cpu_time_ns = busy ? step * (guint64) 3200000000 : 0,
                .n_vcpus = 4,
                .balloon_current_kib = 1024 * 1024,
                .balloon_rss_kib = busy ? 800 * 1024 : 0,
                .disk_rd_bytes = busy ? step * (guint64) 50000000 : 0,
                .net_rx_bytes = busy ? step * (guint64) 50000000 : 0,
            };
            g_strlcpy (records[i].uuid,
                       vireo_domain_get_uuid (domain (busy ? "vm-0001" : "vm-0002")),
                       sizeof records[i].uuid);
        }
        _vireo_stats_sampler_apply (sampler, &host, records, G_N_ELEMENTS (records));
    }
}

/* The share of @rect's pixels in @surface that differ from @background by
 * more than a little in one channel at least. */
static double
share_differing (cairo_surface_t    *surface,
                 const GdkRectangle *rect,
                 guint32             background)
{
    const guchar *data = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);
    guint differing = 0;

    for (int y = rect->y; y < rect->y + rect->height; y++) {
        const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

        for (int x = rect->x; x < rect->x + rect->width; x++) {
            guint32 p = row[x];
            gboolean differs = FALSE;

            for (int shift = 0; shift < 24; shift += 8)
                differs |= ABS ((int) ((p >> shift) & 0xff) -
                                (int) ((background >> shift) & 0xff)) > 24;
            differing += differs ? 1 : 0;
        }
    }
    return (double) differing / (rect->width * rect->height);
}

static const char * const graph_keys[] = {
    "list-column-guest-cpu", "list-column-host-cpu", "list-column-memory",
    "list-column-disk", "list-column-network",
};

/* The five graph columns shown, sorted by name, a busy VM (vm-0001) and an
 * idle one (vm-0002) with more samples than a graph shows (40): each is
 * drawn across its width. */
static void
show_busy_and_idle_graphs (void)
{
    VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (fixture.connection);
    GtkTreeView *view = vireo_manager_window_get_tree_view (fixture.window);
    g_autofree char *first = NULL, *second = NULL;
    GtkTreeIter iter;

    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (view_model ()),
                                          VIREO_VM_TREE_SORT_NAME, GTK_SORT_ASCENDING);
    for (guint i = 0; i < G_N_ELEMENTS (graph_keys); i++)
        g_settings_set_boolean (settings (), graph_keys[i], TRUE);
    gtk_window_resize (GTK_WINDOW (fixture.window), 1260, 600);
    gtk_tree_view_scroll_to_point (view, 0, 0);

    stop_sampler (sampler);
    apply_busy_and_idle (sampler, 45, g_get_monotonic_time () + 10 * G_USEC_PER_SEC);
    spin (500);
    g_assert_true (gtk_tree_model_get_iter_from_string (view_model (), &iter, "0:0"));
    gtk_tree_model_get (view_model (), &iter, VIREO_VM_TREE_COLUMN_NAME, &first, -1);
    g_assert_true (gtk_tree_model_get_iter_from_string (view_model (), &iter, "0:1"));
    gtk_tree_model_get (view_model (), &iter, VIREO_VM_TREE_COLUMN_NAME, &second, -1);
    g_assert_cmpstr (first, ==, "vm-0001");
    g_assert_cmpstr (second, ==, "vm-0002");
}

static void
reset_graphs (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (graph_keys); i++)
        g_settings_reset (settings (), graph_keys[i]);
    g_settings_reset (settings (), "stats-disk");
    g_settings_reset (settings (), "stats-network");
    vireo_stats_sampler_start (vireo_connection_get_stats_sampler (fixture.connection));
}

/* In @surface, where the tree view's top left corner is at @x, @y: the
 * inside of each graph of the busy VM is mostly graph, the idle VM's is
 * mostly its background. */
static void
check_busy_and_idle_graphs (cairo_surface_t *surface,
                            int              x,
                            int              y)
{
    static const char * const columns[] = {
        "guest_cpu_column", "host_cpu_column", "memory_column", "disk_column",
        "network_column",
    };
    GtkTreeView *view = vireo_manager_window_get_tree_view (fixture.window);
    g_autoptr(GtkTreePath) busy_path = gtk_tree_path_new_from_string ("0:0");
    g_autoptr(GtkTreePath) idle_path = gtk_tree_path_new_from_string ("0:1");
    const guint32 *pixels = (const guint32 *) cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface) / 4;

    for (guint i = 0; i < G_N_ELEMENTS (columns); i++) {
        GtkTreeViewColumn *column =
            GTK_TREE_VIEW_COLUMN (gtk_widget_get_template_child (GTK_WIDGET (fixture.window),
                                                                 VIREO_TYPE_MANAGER_WINDOW,
                                                                 columns[i]));
        GdkRectangle busy, idle;
        guint32 background;
        double busy_share, idle_share;

        g_assert_true (gtk_tree_view_column_get_visible (column));
        gtk_tree_view_get_cell_area (view, busy_path, column, &busy);
        gtk_tree_view_get_cell_area (view, idle_path, column, &idle);
        gtk_tree_view_convert_bin_window_to_widget_coords (view, busy.x, busy.y,
                                                          &busy.x, &busy.y);
        gtk_tree_view_convert_bin_window_to_widget_coords (view, idle.x, idle.y,
                                                          &idle.x, &idle.y);
        /* Inside the frame: the renderer's padding (6, 4) and its line. */
        for (GdkRectangle *r = &busy; r != NULL; r = r == &busy ? &idle : NULL) {
            r->x += x + 8;
            r->width -= 16;
            r->y += y + 6;
            r->height -= 12;
            g_assert_cmpint (r->width, >, 20);
            g_assert_cmpint (r->height, >, 10);
            g_assert_cmpint (r->x + r->width, <=, cairo_image_surface_get_width (surface));
            g_assert_cmpint (r->y + r->height, <=, cairo_image_surface_get_height (surface));
        }
        /* The idle graph's top left corner: the frame's background. */
        background = pixels[(gsize) idle.y * stride + idle.x] & 0xffffff;
        busy_share = share_differing (surface, &busy, background);
        idle_share = share_differing (surface, &idle, background);
        g_test_message ("%s: busy %.2f, idle %.2f of the graph differ from its background",
                        columns[i], busy_share, idle_share);
        g_assert_cmpfloat (busy_share, >, 0.5);
        g_assert_cmpfloat (idle_share, <, 0.2);
    }
}

/* The five graph columns draw: the tree view painted into an image.
 * VIREO_TEST_SCREENSHOT=FILE.png keeps the image. */
static void
test_graphs_draw (void)
{
    GtkTreeView *view = vireo_manager_window_get_tree_view (fixture.window);
    cairo_surface_t *surface;
    cairo_t *cr;
    const char *shot;

    show_busy_and_idle_graphs ();
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                          gtk_widget_get_allocated_width (GTK_WIDGET (view)),
                                          gtk_widget_get_allocated_height (GTK_WIDGET (view)));
    cr = cairo_create (surface);
    gtk_widget_draw (GTK_WIDGET (view), cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    shot = g_getenv ("VIREO_TEST_SCREENSHOT");
    if (shot != NULL && *shot != '\0')
        g_assert_cmpint (cairo_surface_write_to_png (surface, shot), ==, CAIRO_STATUS_SUCCESS);
    check_busy_and_idle_graphs (surface, 0, 0);
    cairo_surface_destroy (surface);
    reset_graphs ();
}

/* The window as the X server has it, in an image. */
static cairo_surface_t *
grab_window (void)
{
    GdkWindow *window = gtk_widget_get_window (GTK_WIDGET (fixture.window));
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    cairo_surface_t *surface;
    cairo_t *cr;

    gdk_display_sync (gdk_window_get_display (window));
    pixbuf = gdk_pixbuf_get_from_window (window, 0, 0, gdk_window_get_width (window),
                                         gdk_window_get_height (window));
    g_assert_nonnull (pixbuf);
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, gdk_pixbuf_get_width (pixbuf),
                                          gdk_pixbuf_get_height (pixbuf));
    cr = cairo_create (surface);
    gdk_cairo_set_source_pixbuf (cr, pixbuf, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    return surface;
}

/* The graphs on the screen.  The list draws them into one image that it
 * puts on the window and into the tree view's pixel cache: when a window
 * that covered the list goes away, the X server asks for that part again,
 * and the view shows it from the cache without drawing the rows again,
 * graphs included. */
static void
test_graphs_on_screen (void)
{
    GtkTreeView *view = vireo_manager_window_get_tree_view (fixture.window);
    cairo_surface_t *surface;
    GtkWidget *cover;
    int x, y, root_x, root_y;

    show_busy_and_idle_graphs ();
    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (view),
                                                     GTK_WIDGET (fixture.window), 0, 0, &x, &y));
    gtk_widget_queue_draw (GTK_WIDGET (view));
    spin (500);
    surface = grab_window ();
    check_busy_and_idle_graphs (surface, x, y);
    cairo_surface_destroy (surface);

    gdk_window_get_origin (gtk_widget_get_window (GTK_WIDGET (fixture.window)), &root_x, &root_y);
    cover = gtk_window_new (GTK_WINDOW_POPUP);
    gtk_window_move (GTK_WINDOW (cover), root_x, root_y);
    gtk_window_resize (GTK_WINDOW (cover), gtk_widget_get_allocated_width (GTK_WIDGET (fixture.window)),
                       gtk_widget_get_allocated_height (GTK_WIDGET (fixture.window)));
    gtk_widget_show (cover);
    spin (300);
    gtk_widget_destroy (cover);
    spin (500);
    surface = grab_window ();
    check_busy_and_idle_graphs (surface, x, y);
    cairo_surface_destroy (surface);
    reset_graphs ();
}

/* Pause on three VMs: one confirmation names them all; Cancel leaves them
 * running; then they all pause. */
static void
test_multi_pause (void)
{
    static const char * const vms[] = { "vm-0010", "vm-0011", "vm-0012", NULL };
    g_autoptr(GPtrArray) selected = NULL;
    VireoConfirmDialog *dialog;

    select_vms (vms);
    selected = vireo_manager_window_dup_selected_domains (fixture.window);
    g_assert_cmpuint (selected->len, ==, 3);
    g_assert_true (vireo_manager_window_get_selected_domain (fixture.window) ==
                   domain ("vm-0010"));

    activate ("pause");
    dialog = find_confirm_dialog ();
    g_assert_nonnull (dialog);
    g_assert_cmpint (vireo_confirm_dialog_get_kind (dialog), ==, VIREO_CONFIRM_PAUSE);
    g_assert_cmpstrv (vireo_confirm_dialog_get_names (dialog), vms);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_null (find_confirm_dialog ());
    spin (300);
    for (guint i = 0; vms[i] != NULL; i++)
        g_assert_cmpint (vireo_domain_get_state (domain (vms[i])), ==,
                         VIREO_DOMAIN_STATE_RUNNING);

    activate ("pause");
    dialog = find_confirm_dialog ();
    g_assert_nonnull (dialog);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    assert_state (vms, VIREO_DOMAIN_STATE_PAUSED);
    g_assert_null (vireo_manager_window_get_error (fixture.window));
    /* Paused, all: Resume instead of Pause. */
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture.window),
                                                       "pause"));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture.window),
                                                      "resume"));
}

/* Resume on three VMs, one of which libvirt already resumed behind Vireo's
 * back: its failure is reported by name, the other two resume. */
static void
test_multi_failure (void)
{
    static const char * const vms[] = { "vm-0010", "vm-0011", "vm-0012", NULL };
    static const char * const others[] = { "vm-0010", "vm-0012", NULL };
    const char *message;

    select_vms (vms);
    /* No main-loop iteration between this and the action: Vireo still sees
     * vm-0011 paused and asks libvirt, which refuses. */
    g_assert_cmpint (virDomainResume (vireo_domain_get_handle (domain ("vm-0011"))), ==, 0);
    activate ("resume");
    g_assert_null (find_confirm_dialog ());    /* resuming asks nothing */
    assert_state (others, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_true (wait_until (error_shown, NULL, 20000));
    message = vireo_manager_window_get_error (fixture.window);
    g_test_message ("%s", message);
    g_assert_nonnull (strstr (message, "Could not resume “vm-0011”"));
    g_assert_null (strstr (message, "vm-0010"));
    g_assert_null (strstr (message, "vm-0012"));
    g_assert_null (strchr (message, '\n'));    /* one failure, one line */
    assert_state (vms, VIREO_DOMAIN_STATE_RUNNING);
    hide_error ();
}

/* Force off asks first; "Do not ask again" turns it off for good (until
 * Preferences turn it on), and then it acts at once. */
static void
test_confirm_turned_off (void)
{
    static const char * const first[] = { "vm-0020", "vm-0021", NULL };
    static const char * const second[] = { "vm-0022", "vm-0023", "vm-0024", NULL };
    VireoConfirmDialog *dialog;
    GtkToggleButton *dont_ask;

    g_assert_true (g_settings_get_boolean (settings (), "confirm-force-off"));
    select_vms (first);
    activate ("force-off");
    dialog = find_confirm_dialog ();
    g_assert_nonnull (dialog);
    g_assert_cmpint (vireo_confirm_dialog_get_kind (dialog), ==, VIREO_CONFIRM_FORCE_OFF);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Force Off");
    dont_ask = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                 VIREO_TYPE_CONFIRM_DIALOG,
                                                                 "dont_ask_check"));
    gtk_toggle_button_set_active (dont_ask, TRUE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_false (g_settings_get_boolean (settings (), "confirm-force-off"));
    assert_state (first, VIREO_DOMAIN_STATE_SHUTOFF);

    select_vms (second);
    activate ("force-off");
    g_assert_null (find_confirm_dialog ());
    assert_state (second, VIREO_DOMAIN_STATE_SHUTOFF);

    /* Run applies to shut-off VMs only, and asks nothing. */
    select_vms (second);
    g_assert_true (vireo_manager_window_add_to_selection (fixture.window, domain ("vm-0001")));
    activate ("run");
    g_assert_null (find_confirm_dialog ());
    assert_state (second, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_null (vireo_manager_window_get_error (fixture.window));

    /* Reset still asks: each kind has its key. */
    select_vms (second);
    activate ("reset");
    dialog = find_confirm_dialog ();
    g_assert_nonnull (dialog);
    g_assert_cmpint (vireo_confirm_dialog_get_kind (dialog), ==, VIREO_CONFIRM_RESET);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_settings_reset (settings (), "confirm-force-off");
}

static gboolean
delete_dialog_loaded (gpointer data)
{
    return vireo_delete_dialog_get_loaded (data);
}

static gboolean
vms_gone (gpointer data)
{
    const char * const *names = data;

    for (guint i = 0; names[i] != NULL; i++)
        if (vireo_connection_find_domain (fixture.connection, names[i]) != NULL)
            return FALSE;
    return TRUE;
}

/* Delete on several VMs: one dialog lists each with its disks; without
 * the confirmation, they go at once and their disks stay. */
static void
test_multi_delete (void)
{
    static const char * const vms[] = { "vm-0030", "vm-0031", NULL };
    static const char * const more[] = { "vm-0032", "vm-0033", NULL };
    VireoDeleteDialog *dialog;
    g_auto(GStrv) disks = NULL;
    g_auto(GStrv) of_first = NULL;
    GPtrArray *domains;

    select_vms (vms);
    activate ("delete");
    dialog = find_delete_dialog ();
    g_assert_nonnull (dialog);
    domains = vireo_delete_dialog_get_domains (dialog);
    g_assert_cmpuint (domains->len, ==, 2);
    g_assert_true (g_ptr_array_index (domains, 0) == domain ("vm-0030"));
    g_assert_true (wait_until (delete_dialog_loaded, dialog, 20000));
    disks = vireo_delete_dialog_list_disks (dialog);
    g_assert_cmpuint (g_strv_length (disks), ==, 2);
    of_first = vireo_delete_dialog_list_selected_disks_of (dialog, domain ("vm-0030"));
    g_assert_cmpuint (g_strv_length (of_first), ==, 1);
    g_assert_cmpstr (of_first[0], ==, "/var/lib/vireo-test/vm-0030.qcow2");
    {
        GtkLabel *title = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                    VIREO_TYPE_DELETE_DIALOG,
                                                                    "title_label"));

        g_assert_cmpstr (gtk_label_get_text (title), ==, "Delete 2 virtual machines?");
    }
    /* The test driver's disk files do not exist: keep them. */
    for (guint i = 0; disks[i] != NULL; i++)
        g_assert_true (vireo_delete_dialog_set_disk_selected (dialog, disks[i], FALSE));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_true (wait_until (vms_gone, (gpointer) vms, 20000));
    g_assert_null (vireo_manager_window_get_error (fixture.window));

    g_settings_set_boolean (settings (), "confirm-delete", FALSE);
    select_vms (more);
    activate ("delete");
    g_assert_null (find_delete_dialog ());
    g_assert_true (wait_until (vms_gone, (gpointer) more, 20000));
    g_assert_null (vireo_manager_window_get_error (fixture.window));
    g_settings_reset (settings (), "confirm-delete");
    g_assert_cmpuint (vireo_vm_tree_get_n_domains (tree (), NULL), ==, N_VMS - 4);
}

/* Details and Performance on two selected VMs: a VM window for each, on that
 * view; again, the same windows. */
static void
test_multi_details (void)
{
    static const char * const vms[] = { "vm-0060", "vm-0061", NULL };
    static const struct {
        const char  *action;
        VireoVmView  view;
    } steps[] = {
        { "details",     VIREO_VM_VIEW_DETAILS },
        { "performance", VIREO_VM_VIEW_PERFORMANCE },
    };
    GtkApplication *app = GTK_APPLICATION (fixture.app);
    VireoVmWindow *windows[2] = { NULL, NULL };

    select_vms (vms);
    for (guint s = 0; s < G_N_ELEMENTS (steps); s++) {
        activate (steps[s].action);
        for (guint i = 0; i < 2; i++) {
            VireoVmWindow *window = vireo_vm_window_find (app, domain (vms[i]));

            g_assert_nonnull (window);
            g_assert_true (vireo_vm_window_get_domain (window) == domain (vms[i]));
            g_assert_cmpint (vireo_vm_window_get_view (window), ==, steps[s].view);
            /* The second time, the window already open. */
            if (windows[i] != NULL)
                g_assert_true (window == windows[i]);
            windows[i] = window;
        }
        g_assert_false (windows[0] == windows[1]);
    }
    /* The VM not selected has none. */
    g_assert_null (vireo_vm_window_find (app, domain ("vm-0062")));
    for (guint i = 0; i < 2; i++)
        gtk_widget_destroy (GTK_WIDGET (windows[i]));
    spin (100);
}

/* The confirmation of a device's removal, as the VM window asks it. */
static void
confirm_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    int *answer = user_data;
    g_autoptr(GError) error = NULL;

    *answer = vireo_confirm_finish (result, &error) ? 1 : (error != NULL ? -1 : 0);
}

static gboolean
answered (gpointer data)
{
    return *(int *) data != 2;
}

static void
test_confirm_remove_device (void)
{
    static const char * const devices[] = { "VirtIO Disk 1", NULL };
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    VireoConfirmDialog *dialog;
    GtkLabel *title;
    int answer = 2;

    vireo_confirm_async (GTK_WINDOW (fixture.window), settings (), VIREO_CONFIRM_REMOVE_DEVICE,
                         devices, "vm-0050", NULL, confirm_cb, &answer);
    dialog = find_confirm_dialog ();
    g_assert_nonnull (dialog);
    title = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                      VIREO_TYPE_CONFIRM_DIALOG, "title_label"));
    g_assert_cmpstr (gtk_label_get_text (title), ==, "Remove “VirtIO Disk 1” from “vm-0050”?");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_true (wait_until (answered, &answer, 5000));
    g_assert_cmpint (answer, ==, 1);

    /* Declined: FALSE, no error. */
    answer = 2;
    vireo_confirm_async (GTK_WINDOW (fixture.window), settings (), VIREO_CONFIRM_REMOVE_DEVICE,
                         devices, "vm-0050", NULL, confirm_cb, &answer);
    gtk_widget_destroy (GTK_WIDGET (find_confirm_dialog ()));
    g_assert_true (wait_until (answered, &answer, 5000));
    g_assert_cmpint (answer, ==, 0);

    /* Cancelled: the dialog closes, the error says so. */
    answer = 2;
    vireo_confirm_async (GTK_WINDOW (fixture.window), settings (), VIREO_CONFIRM_REMOVE_DEVICE,
                         devices, "vm-0050", cancellable, confirm_cb, &answer);
    g_assert_nonnull (find_confirm_dialog ());
    g_cancellable_cancel (cancellable);
    g_assert_true (wait_until (answered, &answer, 5000));
    g_assert_cmpint (answer, ==, -1);
    g_assert_null (find_confirm_dialog ());

    /* Turned off: yes at once, without a dialog. */
    g_settings_set_boolean (settings (), vireo_confirm_kind_get_settings_key (
                                             VIREO_CONFIRM_REMOVE_DEVICE), FALSE);
    answer = 2;
    vireo_confirm_async (GTK_WINDOW (fixture.window), settings (), VIREO_CONFIRM_REMOVE_DEVICE,
                         devices, "vm-0050", NULL, confirm_cb, &answer);
    g_assert_null (find_confirm_dialog ());
    g_assert_true (wait_until (answered, &answer, 5000));
    g_assert_cmpint (answer, ==, 1);
    g_settings_reset (settings (), "confirm-remove-device");
}

/* Draws @cell into a fresh image, on @widget, in a cell area inside it. */
static cairo_surface_t *
render_cell (GtkCellRenderer      *cell,
             GtkWidget            *widget,
             GtkCellRendererState  flags)
{
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 60);
    cairo_t *cr = cairo_create (surface);
    GdkRectangle background = { 0, 0, 160, 60 };
    GdkRectangle area = { 3, 4, 110, 44 };

    /* Neither the text's colour nor the selected text's. */
    cairo_set_source_rgb (cr, 0.4, 0.6, 0.9);
    cairo_paint (cr);
    gtk_cell_renderer_render (cell, cr, widget, &background, &area, flags);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    return surface;
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
    int stride = cairo_image_surface_get_stride (a);
    int height = cairo_image_surface_get_height (a);

    return stride == cairo_image_surface_get_stride (b) &&
           memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                   (gsize) stride * height) == 0;
}

static gboolean
has_ink (cairo_surface_t *surface)
{
    const guint32 *data = (const guint32 *) cairo_image_surface_get_data (surface);
    int n = cairo_image_surface_get_stride (surface) / 4 * cairo_image_surface_get_height (surface);

    for (int i = 1; i < n; i++) {
        if (data[i] != data[0])     /* the top left corner is outside the cell */
            return TRUE;
    }
    return FALSE;
}

/* Draws @string with the list's label cell and with GtkCellRendererText,
 * set up alike, and asserts the same pixels. */
static void
assert_draws_like_text_cell (VireoCellRendererLabel *label,
                             GtkWidget              *widget,
                             gboolean                use_markup,
                             const char             *string,
                             float                   xalign,
                             float                   yalign,
                             GtkCellRendererState    flags)
{
    g_autoptr(GtkCellRenderer) text = g_object_ref_sink (gtk_cell_renderer_text_new ());
    cairo_surface_t *expected, *got;

    g_object_set (text, use_markup ? "markup" : "text", string, "ellipsize",
                  PANGO_ELLIPSIZE_END, "xalign", xalign, "yalign", yalign, NULL);
    g_object_set (label, "xalign", xalign, "yalign", yalign, NULL);
    vireo_cell_renderer_label_set_string (label, string);
    expected = render_cell (text, widget, flags);
    got = render_cell (GTK_CELL_RENDERER (label), widget, flags);
    if (!has_ink (expected))
        g_error ("GtkCellRendererText draws nothing for \"%s\" (xalign %.1f, yalign %.1f, "
                 "flags %#x)", string, xalign, yalign, flags);
    if (!same_pixels (expected, got))
        g_error ("the label cell draws \"%s\" (xalign %.1f, yalign %.1f, flags %#x, %s) "
                 "unlike GtkCellRendererText", string, xalign, yalign, flags,
                 gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? "rtl" : "ltr");
    cairo_surface_destroy (expected);
    cairo_surface_destroy (got);
}

/* The list's text cells keep a layout per string: they draw every string
 * as GtkCellRendererText does (plain, markup, ellipsized, aligned, selected,
 * right to left, after a font change), make a layout once per string, and
 * hand the drawing back when set from outside. */
static void
test_label_cells (void)
{
    GtkWidget *window = gtk_offscreen_window_new ();
    GtkWidget *widget = gtk_tree_view_new ();
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    VireoCellRendererLabel *plain =
        VIREO_CELL_RENDERER_LABEL (g_object_ref_sink (vireo_cell_renderer_label_new (FALSE)));
    VireoCellRendererLabel *markup =
        VIREO_CELL_RENDERER_LABEL (g_object_ref_sink (vireo_cell_renderer_label_new (TRUE)));
    const char *strings[] = {
        "Running", "a-rather-long-virtual-machine-name-that-does-not-fit", "Ünïcödé ☃ x",
    };
    const char *markups[] = {
        "<span weight=\"bold\">vm-001</span>\n<span size=\"smaller\" alpha=\"65%\">Web</span>",
        "<span weight=\"bold\">QEMU/KVM with a long name</span>\n<span size=\"smaller\" "
        "foreground=\"#c01c28\">Failed to connect to the hypervisor</span>",
    };
    const GtkCellRendererState flag_sets[] = { 0, GTK_CELL_RENDERER_SELECTED };
    const float aligns[][2] = { { 0.0, 0.5 }, { 0.5, 0.0 }, { 1.0, 1.0 } };
    cairo_surface_t *a, *b;

    g_object_set (plain, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
    g_object_set (markup, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
    gtk_container_add (GTK_CONTAINER (window), widget);
    gtk_widget_show_all (window);

    for (int rtl = 0; rtl < 2; rtl++) {
        gtk_widget_set_direction (widget, rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
        for (guint f = 0; f < G_N_ELEMENTS (flag_sets); f++) {
            for (guint al = 0; al < G_N_ELEMENTS (aligns); al++) {
                for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
                    assert_draws_like_text_cell (plain, widget, FALSE, strings[i],
                                                 aligns[al][0], aligns[al][1], flag_sets[f]);
                for (guint i = 0; i < G_N_ELEMENTS (markups); i++)
                    assert_draws_like_text_cell (markup, widget, TRUE, markups[i],
                                                 aligns[al][0], aligns[al][1], flag_sets[f]);
            }
        }
    }
    /* One layout per string (made again after the direction changed). */
    g_assert_cmpuint (vireo_cell_renderer_label_get_n_cached (plain), ==, G_N_ELEMENTS (strings));
    g_assert_cmpuint (vireo_cell_renderer_label_get_n_cached (markup), ==,
                      G_N_ELEMENTS (markups));

    /* A larger font: the layouts are made again, at the new size. */
    gtk_widget_set_direction (widget, GTK_TEXT_DIR_LTR);
    gtk_css_provider_load_from_data (css, "treeview { font-size: 17px; }", -1, NULL);
    gtk_style_context_add_provider (gtk_widget_get_style_context (widget),
                                    GTK_STYLE_PROVIDER (css),
                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_set (plain, "xalign", 0.0, "yalign", 0.5, NULL);
    vireo_cell_renderer_label_set_string (plain, "Running");
    a = render_cell (GTK_CELL_RENDERER (plain), widget, 0);
    g_assert_cmpuint (vireo_cell_renderer_label_get_n_cached (plain), ==, 1);
    for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
        assert_draws_like_text_cell (plain, widget, FALSE, strings[i], 0.0, 0.5, 0);
    for (guint i = 0; i < G_N_ELEMENTS (markups); i++)
        assert_draws_like_text_cell (markup, widget, TRUE, markups[i], 0.0, 0.5, 0);

    /* Set from outside, then the same string again: it is set again. */
    g_object_set (plain, "text", "Paused", NULL);
    vireo_cell_renderer_label_set_string (plain, "Running");
    b = render_cell (GTK_CELL_RENDERER (plain), widget, 0);
    g_assert_true (same_pixels (a, b));
    {
        g_autofree char *text = NULL;

        g_object_get (plain, "text", &text, NULL);
        g_assert_cmpstr (text, ==, "Running");
    }
    /* An empty string (a VM without a title) draws nothing, as
     * GtkCellRendererText does. */
    {
        g_autoptr(GtkCellRenderer) text = g_object_ref_sink (gtk_cell_renderer_text_new ());
        cairo_surface_t *expected, *got;

        g_object_set (text, "text", "", "ellipsize", PANGO_ELLIPSIZE_END, NULL);
        vireo_cell_renderer_label_set_string (plain, "");
        expected = render_cell (text, widget, 0);
        got = render_cell (GTK_CELL_RENDERER (plain), widget, 0);
        g_assert_false (has_ink (got));
        g_assert_true (same_pixels (expected, got));
        cairo_surface_destroy (expected);
        cairo_surface_destroy (got);
    }
    /* A prelit row (GtkCellRendererText draws it). */
    assert_draws_like_text_cell (plain, widget, FALSE, "Running", 0.0, 0.5,
                                 GTK_CELL_RENDERER_PRELIT);

    cairo_surface_destroy (a);
    cairo_surface_destroy (b);
    g_object_unref (plain);
    g_object_unref (markup);
    gtk_widget_destroy (window);
}

/* The list's icon cells keep what they drew: the same pixels as
 * GtkCellRendererPixbuf for each state icon, selected or not, one drawing
 * per look, made again after the style changed. */
static void
test_icon_cells (void)
{
    GtkWidget *window = gtk_offscreen_window_new ();
    GtkWidget *widget = gtk_tree_view_new ();
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    g_autoptr(GtkCellRenderer) pixbuf = g_object_ref_sink (gtk_cell_renderer_pixbuf_new ());
    VireoCellRendererIcon *icon =
        VIREO_CELL_RENDERER_ICON (g_object_ref_sink (vireo_cell_renderer_icon_new ()));
    const char *names[] = {
        "media-playback-start-symbolic", "media-playback-pause-symbolic",
        "system-shutdown-symbolic", "computer",
    };
    const GtkCellRendererState flag_sets[] = { 0, GTK_CELL_RENDERER_SELECTED };

    gtk_container_add (GTK_CONTAINER (window), widget);
    gtk_widget_show_all (window);
    for (int pass = 0; pass < 2; pass++) {
        for (guint f = 0; f < G_N_ELEMENTS (flag_sets); f++) {
            for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
                cairo_surface_t *expected, *got;

                g_object_set (pixbuf, "icon-name", names[i], "stock-size", 2, "xpad", 4,
                              "ypad", 3, NULL);
                g_object_set (icon, "icon-name", names[i], "stock-size", 2, "xpad", 4,
                              "ypad", 3, NULL);
                expected = render_cell (pixbuf, widget, flag_sets[f]);
                got = render_cell (GTK_CELL_RENDERER (icon), widget, flag_sets[f]);
                g_assert_true (has_ink (expected));
                if (!same_pixels (expected, got))
                    g_error ("the icon cell draws %s (flags %#x, pass %d) unlike "
                             "GtkCellRendererPixbuf", names[i], flag_sets[f], pass);
                cairo_surface_destroy (expected);
                cairo_surface_destroy (got);
            }
        }
        /* One drawing per icon and state, drawn again from it. */
        g_assert_cmpuint (vireo_cell_renderer_icon_get_n_cached (icon), ==,
                          G_N_ELEMENTS (names) * G_N_ELEMENTS (flag_sets));
        if (pass == 0) {
            /* Another colour for the text and so for the symbolic icons. */
            gtk_css_provider_load_from_data (css, "treeview { color: #208020; }", -1, NULL);
            gtk_style_context_add_provider (gtk_widget_get_style_context (widget),
                                            GTK_STYLE_PROVIDER (css),
                                            GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
            /* The style is validated at the next frame: the drawings go. */
            for (int wait = 0; wait < 200 && vireo_cell_renderer_icon_get_n_cached (icon) > 0;
                 wait++) {
                while (g_main_context_iteration (NULL, FALSE))
                    ;
                g_usleep (5000);
            }
            g_assert_cmpuint (vireo_cell_renderer_icon_get_n_cached (icon), ==, 0);
        }
    }
    g_object_unref (icon);
    gtk_widget_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GError) error = NULL;
    g_autofree char *node = NULL;
    int ret;

    g_test_init (&argc, &argv, NULL);
    gtk_init (&argc, &argv);
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    vireo_vmm_silence_libvirt_errors ();

    fixture.tmpdir = vireo_test_mkdtemp ("vireo-vm-list-XXXXXX");
    node = g_build_filename (fixture.tmpdir, "node.xml", NULL);
    g_assert_true (vireo_test_write_node_xml (node, N_VMS, &error));
    g_assert_no_error (error);
    fixture.uri = g_strconcat ("test://", node, NULL);
    g_setenv ("LIBVIRT_DEFAULT_URI", fixture.uri, TRUE);

    fixture.app = vireo_application_new ();
    g_application_set_flags (G_APPLICATION (fixture.app),
                             G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
    g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
    g_assert_no_error (error);
    /* The list holds the test node's connection alone: a libvirtd of the
     * machine's or of another test (test-install-compare starts one) would
     * otherwise add qemu:///system. */
    g_settings_set_strv (vireo_application_get_settings (fixture.app), "hidden-connections",
                         (const char * const[]) { "qemu:///system", "qemu:///session", NULL });
    g_application_activate (G_APPLICATION (fixture.app));

    fixture.window = VIREO_MANAGER_WINDOW (vireo_application_get_manager_window (fixture.app));
    g_assert_nonnull (fixture.window);
    for (guint i = 0; i < vireo_application_get_connections (fixture.app)->len; i++) {
        VireoConnection *connection =
            g_ptr_array_index (vireo_application_get_connections (fixture.app), i);

        if (g_strcmp0 (vireo_connection_get_uri (connection), fixture.uri) == 0)
            fixture.connection = connection;
    }
    g_assert_nonnull (fixture.connection);

    g_test_add_func ("/vireo/vm-list/label-cells", test_label_cells);
    g_test_add_func ("/vireo/vm-list/icon-cells", test_icon_cells);
    g_test_add_func ("/vireo/vm-list/populate", test_populate);
    g_test_add_func ("/vireo/vm-list/graph-columns", test_graph_columns);
    g_test_add_func ("/vireo/vm-list/search", test_search);
    g_test_add_func ("/vireo/vm-list/search-selection", test_search_selection);
    g_test_add_func ("/vireo/vm-list/sort", test_sort);
    g_test_add_func ("/vireo/vm-list/graphs-draw", test_graphs_draw);
    g_test_add_func ("/vireo/vm-list/graphs-on-screen", test_graphs_on_screen);
    g_test_add_func ("/vireo/vm-list/multi-pause", test_multi_pause);
    g_test_add_func ("/vireo/vm-list/multi-failure", test_multi_failure);
    g_test_add_func ("/vireo/vm-list/confirm-turned-off", test_confirm_turned_off);
    g_test_add_func ("/vireo/vm-list/multi-delete", test_multi_delete);
    g_test_add_func ("/vireo/vm-list/multi-details", test_multi_details);
    g_test_add_func ("/vireo/vm-list/confirm-remove-device", test_confirm_remove_device);
    ret = g_test_run ();

    gtk_widget_destroy (GTK_WIDGET (fixture.window));
    for (int i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
    g_clear_object (&fixture.app);
    vireo_test_rmtree (fixture.tmpdir);
    g_free (fixture.tmpdir);
    g_free (fixture.uri);
    return ret;
}
