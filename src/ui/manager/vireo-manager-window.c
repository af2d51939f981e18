/* vireo-manager-window.c: the manager window: connections, VMs and graphs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <stdio.h>
#include <time.h>

#include "vireo-a11y.h"
#include "vireo-bench-clock.h"
#include "vireo-cell-renderer-graph.h"
#include "vireo-cell-renderer-icon.h"
#include "vireo-cell-renderer-label.h"
#include "vireo-help.h"
#include "vireo-manager-window-private.h"

/* The graph columns: template children, their GSettings key (the View
 * menu's action of the same name) and how they draw. */
static const struct {
    const char     *column;
    const char     *renderer;
    const char     *key;
    VireoVmTreeSort sort;
    double          max_value;      /* 0: up to the largest value shown in the cell */
    double          scale_floor;    /* with max_value 0: the least top of the scale */
} graph_columns[VIREO_LIST_N_GRAPHS] = {
    [VIREO_LIST_GRAPH_GUEST_CPU] = { "guest_cpu_column", "guest_cpu_renderer",
                                     "list-column-guest-cpu", VIREO_VM_TREE_SORT_GUEST_CPU,
                                     100, 0 },
    [VIREO_LIST_GRAPH_HOST_CPU] = { "host_cpu_column", "host_cpu_renderer",
                                    "list-column-host-cpu", VIREO_VM_TREE_SORT_HOST_CPU,
                                    100, 0 },
    [VIREO_LIST_GRAPH_MEMORY] = { "memory_column", "memory_renderer", "list-column-memory",
                                  VIREO_VM_TREE_SORT_MEMORY, 100, 0 },
    [VIREO_LIST_GRAPH_DISK] = { "disk_column", "disk_renderer", "list-column-disk",
                                VIREO_VM_TREE_SORT_DISK, 0, 1024 * 1024 },
    [VIREO_LIST_GRAPH_NETWORK] = { "network_column", "network_renderer", "list-column-network",
                                   VIREO_VM_TREE_SORT_NETWORK, 0, 128 * 1024 },
};

/* The renderers of the text columns (template children), the model column
 * each shows and the property it sets. */
static const struct {
    const char *renderer;
    int         model_column;
    const char *property;
} text_cells[VIREO_LIST_N_TEXT_CELLS] = {
    { "icon_renderer",  VIREO_VM_TREE_COLUMN_ICON_NAME, "icon-name" },
    { "name_renderer",  VIREO_VM_TREE_COLUMN_MARKUP,    "markup" },
    { "state_renderer", VIREO_VM_TREE_COLUMN_STATE,     "text" },
    { "title_renderer", VIREO_VM_TREE_COLUMN_TITLE,     "text" },
};

G_DEFINE_FINAL_TYPE (VireoManagerWindow, vireo_manager_window, GTK_TYPE_APPLICATION_WINDOW)

static VireoApplication *
get_application (VireoManagerWindow *self)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

    return app != NULL ? VIREO_APPLICATION (app) : NULL;
}

static void
domain_state_changed_cb (VireoManagerWindow *self)
{
    _vireo_manager_window_update_actions (self);
}

/* Follows the state of the selected VMs, for the actions' sensitivity. */
static void
set_selected_domains (VireoManagerWindow *self,
                      GPtrArray          *domains)
{
    for (guint i = 0; i < self->selected_domains->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->selected_domains, i),
                                              domain_state_changed_cb, self);
    g_ptr_array_set_size (self->selected_domains, 0);
    for (guint i = 0; domains != NULL && i < domains->len; i++) {
        VireoDomain *domain = g_ptr_array_index (domains, i);

        g_ptr_array_add (self->selected_domains, g_object_ref (domain));
        g_signal_connect_object (domain, "state-changed", G_CALLBACK (domain_state_changed_cb),
                                 self, G_CONNECT_SWAPPED);
    }
}

static void
graph_cell_data_func (GtkTreeViewColumn *column,
                      GtkCellRenderer   *cell,
                      GtkTreeModel      *model,
                      GtkTreeIter       *iter,
                      gpointer           user_data)
{
    VireoManagerWindow *self = user_data;

    g_object_set (cell, "history", vireo_vm_tree_get_history (self->vm_tree, model, iter), NULL);
}

/* The text cells take their values here, always.  They were once left
 * empty while the view drew an area outside their columns (a stats tick
 * redraws the graph columns alone), to save laying out their text; but on
 * screen the rows then lost their text after a confirmation dialog closed
 * over the list, and kept it lost (what in GtkTreeView painted them from
 * the emptied cells was not found).  Setting the text of the visible rows
 * costs a tick 0.4-1.5 ms (measured at 1,000 VMs, five graphs, on a loaded
 * machine); GtkTreeView does not render the cells of columns outside the
 * area drawn.  Every cell has the same fixed height (set_row_height()), so
 * that a row measured meanwhile is as tall as the others. */
static void
text_cell_data_func (GtkTreeViewColumn *column,
                     GtkCellRenderer   *cell,
                     GtkTreeModel      *model,
                     GtkTreeIter       *iter,
                     gpointer           user_data)
{
    VireoManagerWindow *self = user_data;
    guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "vireo-text-cell"));
    GValue value = G_VALUE_INIT;
    const char *text;

    gtk_tree_model_get_value (model, iter, text_cells[i].model_column, &value);
    text = g_value_get_string (&value);
    if (VIREO_IS_CELL_RENDERER_LABEL (cell)) {
        /* It compares, and keeps the layouts of the strings it drew. */
        vireo_cell_renderer_label_set_string (VIREO_CELL_RENDERER_LABEL (cell), text);
    } else if (g_strcmp0 (text, self->text_cell_values[i]) != 0) {
        /* The icon: setting the same name again would drop its rendered
         * surface for nothing. */
        g_object_set_property (G_OBJECT (cell), text_cells[i].property, &value);
        g_free (self->text_cell_values[i]);
        self->text_cell_values[i] = g_strdup (text);
    }
    g_value_unset (&value);
}

/* Every renderer of the list as tall as the tallest row needs (a connection
 * row's two lines, a graph), so that the rows' height depends neither on
 * their text nor on which cells are shown. */
static void
set_row_height (VireoManagerWindow *self)
{
    GtkWidget *view = GTK_WIDGET (self->tree_view);
    GtkCellRenderer *name = self->text_renderers[1];
    g_autofree char *markup = NULL;
    int height = 0, min, nat;

    markup = g_markup_printf_escaped ("<span weight=\"bold\">%s</span>\n"
                                      "<span size=\"smaller\">%s</span>", "Xg", "Xg");
    gtk_cell_renderer_set_fixed_size (name, -1, -1);
    vireo_cell_renderer_label_set_string (VIREO_CELL_RENDERER_LABEL (name), markup);
    gtk_cell_renderer_get_preferred_height (name, view, &min, &nat);
    height = MAX (height, nat);
    for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++) {
        gtk_cell_renderer_set_fixed_size (self->graph_renderers[i], -1, -1);
        gtk_cell_renderer_get_preferred_height (self->graph_renderers[i], view, &min, &nat);
        height = MAX (height, nat);
    }
    for (guint i = 0; i < VIREO_LIST_N_TEXT_CELLS; i++)
        gtk_cell_renderer_set_fixed_size (self->text_renderers[i], -1, height);
    for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++)
        gtk_cell_renderer_set_fixed_size (self->graph_renderers[i], -1, height);
}

static void
tree_view_style_updated_cb (VireoManagerWindow *self)
{
    set_row_height (self);
}

/* The column of a text cell renderer. */
static GtkTreeViewColumn *
text_cell_column (VireoManagerWindow *self,
                  guint               i)
{
    return i < 2 ? self->name_column : i == 2 ? self->state_column : self->title_column;
}

static void
popup_context_menu (VireoManagerWindow *self,
                    const GdkEvent     *event)
{
    GMenuModel *model = NULL;

    if (self->selected_domains->len > 0)
        model = self->vm_menu;
    else if (self->selected_connection != NULL)
        model = self->connection_menu;
    if (model == NULL)
        return;

    g_clear_pointer (&self->context_menu, gtk_widget_destroy);
    self->context_menu = gtk_menu_new_from_model (model);
    gtk_menu_attach_to_widget (GTK_MENU (self->context_menu), GTK_WIDGET (self->tree_view),
                               NULL);
    if (event != NULL) {
        gtk_menu_popup_at_pointer (GTK_MENU (self->context_menu), event);
    } else {
        gtk_menu_popup_at_widget (GTK_MENU (self->context_menu), GTK_WIDGET (self->tree_view),
                                  GDK_GRAVITY_CENTER, GDK_GRAVITY_NORTH_WEST, NULL);
    }
}

static gboolean
bench_all_populated (VireoManagerWindow *self)
{
    VireoApplication *app = get_application (self);
    GPtrArray *connections;

    if (app == NULL)
        return FALSE;
    connections = vireo_application_get_connections (app);
    for (guint i = 0; i < connections->len; i++) {
        VireoConnection *connection = g_ptr_array_index (connections, i);
        g_autoptr(GPtrArray) domains = NULL;

        if (!vireo_application_is_autoconnect (app, connection))
            continue;
        switch (vireo_connection_get_state (connection)) {
        case VIREO_CONNECTION_STATE_ACTIVE:
            domains = vireo_connection_list_domains (connection);
            if (vireo_vm_tree_get_n_domains (self->vm_tree, connection) !=
                (domains != NULL ? domains->len : 0))
                return FALSE;
            break;
        case VIREO_CONNECTION_STATE_FAILED:
            /* Settled: counted with what it has (nothing). */
            break;
        case VIREO_CONNECTION_STATE_CONNECTING:
        case VIREO_CONNECTION_STATE_DISCONNECTED:
        default:
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean
bench_quit_cb (gpointer user_data)
{
    g_application_quit (G_APPLICATION (user_data));
    return G_SOURCE_REMOVE;
}

/* A connection that is open and has no VM yet calls for the New VM wizard:
 * the first such one, when no connection has a VM. */
static void
update_empty (VireoManagerWindow *self)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    GPtrArray *connections = app ? vireo_application_get_connections (VIREO_APPLICATION (app))
                                 : NULL;
    VireoConnection *empty = NULL;

    if (vireo_vm_tree_get_n_domains (self->vm_tree, NULL) == 0) {
        for (guint i = 0; connections && i < connections->len && empty == NULL; i++) {
            VireoConnection *c = g_ptr_array_index (connections, i);

            if (vireo_connection_get_state (c) == VIREO_CONNECTION_STATE_ACTIVE)
                empty = c;
        }
    }
    if (empty != NULL) {
        g_autofree char *name = vireo_connection_dup_display_name (empty);
        g_autofree char *text = g_strdup_printf (_("There are no virtual machines on %s yet."),
                                                 name);

        gtk_label_set_text (self->empty_label, text);
        gtk_actionable_set_action_target (GTK_ACTIONABLE (self->empty_button), "s",
                                          vireo_connection_get_uri (empty));
    }
    gtk_widget_set_visible (self->empty_box, empty != NULL);
}

static void
vm_tree_rows_changed_cb (VireoManagerWindow *self)
{
    _vireo_manager_window_update_actions (self);
    update_empty (self);
    if (self->bench && !self->bench_populated && bench_all_populated (self)) {
        self->bench_populated = TRUE;
        vireo_trace_mark ("list: all rows in");
        gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
    }
}

/* The graph columns of the visible rows, and nothing else: their text and
 * the rest of the window stay as they were drawn.  The bin window is
 * invalidated itself: gtk_widget_queue_draw_area() on a GtkTreeView throws
 * away its whole pixel cache (GTK cannot tell which part of the cache a
 * region of the widget means), and the view then draws every cell of every
 * visible row, text included; an invalidated part of the bin window is
 * drawn again alone (the columns and rows outside it are skipped). */
static void
queue_draw_graphs (VireoManagerWindow *self)
{
    GdkWindow *bin = gtk_tree_view_get_bin_window (self->tree_view);
    int x_min = G_MAXINT, x_max = G_MININT;

    if (bin == NULL)
        return;
    for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++) {
        GtkTreeViewColumn *column = self->graph_columns[i];
        int x, y;

        if (!gtk_tree_view_column_get_visible (column))
            continue;
        gtk_tree_view_convert_tree_to_bin_window_coords (
            self->tree_view, gtk_tree_view_column_get_x_offset (column), 0, &x, &y);
        x_min = MIN (x_min, x);
        x_max = MAX (x_max, x + gtk_tree_view_column_get_width (column));
    }
    if (x_min < x_max) {
        /* One pixel in from the left: the column before would be drawn
         * too (GtkTreeView skips a column only when it ends left of the
         * area); the graph columns are side by side at the end. */
        GdkRectangle area = { x_min + 1, 0, x_max - x_min - 1, gdk_window_get_height (bin) };

        gdk_window_invalidate_rect (bin, &area, FALSE);
    }
}

static void
vm_tree_stats_updated_cb (VireoManagerWindow *self,
                          VireoConnection    *connection)
{
    /* Only the graphs of the visible rows are drawn again; no row-changed
     * per VM.  Sorted by a graph, when the rows moved, all of them (the
     * view's rows-reordered handler asked for that already). */
    if (vireo_vm_tree_get_reordered (self->vm_tree))
        gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
    else
        queue_draw_graphs (self);
    if (self->stall_source != 0) {
        /* What the timer saw since the previous tick: that tick's work, its
         * redraw, and whatever else ran meanwhile. */
        printf ("VIREO_STALL %u %.2f %.2f %.2f\n", self->stall_ticks++,
                self->stall_max_us / 1000.0, self->stall_max_cpu_us / 1000.0,
                self->stall_max_wait_us / 1000.0);
        fflush (stdout);
        self->stall_max_us = 0;
        self->stall_max_cpu_us = 0;
        self->stall_max_wait_us = 0;
    }
}

/* VIREO_BENCH_STALL: a timer of the highest priority, due every
 * millisecond; how late it runs is how long the main loop was busy with
 * something else (or waited for a CPU, on a loaded machine).  The main
 * thread's CPU time since the previous run says how much of that was work. */
static gboolean
stall_timer_cb (gpointer user_data)
{
    VireoManagerWindow *self = user_data;
    gint64 late = g_get_monotonic_time () - g_source_get_ready_time (g_main_current_source ());
    gint64 cpu = vireo_bench_thread_cpu_us ();
    gint64 wait = vireo_bench_run_queue_wait_us ();

    if (late > self->stall_max_us) {
        self->stall_max_us = late;
        /* The share of it the thread waited for a CPU (bounded by the
         * lateness: the wait since the previous run may start earlier). */
        self->stall_max_wait_us = self->stall_wait_us != 0
                                  ? MIN (late, wait - self->stall_wait_us) : 0;
    }
    self->stall_wait_us = wait;
    if (self->stall_cpu_us != 0 && cpu - self->stall_cpu_us > self->stall_max_cpu_us)
        self->stall_max_cpu_us = cpu - self->stall_cpu_us;
    self->stall_cpu_us = cpu;
    return G_SOURCE_CONTINUE;
}

static void
start_stall_timer (VireoManagerWindow *self)
{
    g_autoptr(GSource) source = g_timeout_source_new (1);

    g_source_set_priority (source, G_PRIORITY_HIGH);
    g_source_set_callback (source, stall_timer_cb, self, NULL);
    g_source_set_static_name (source, "[vireo] bench stall timer");
    self->stall_source = g_source_attach (source, NULL);
}

/* Many rows at once (a connection opened or closed): the view lets go of its
 * model, and takes it again with the rows all in, connections expanded. */
static void
vm_tree_bulk_change_cb (VireoManagerWindow *self,
                        gboolean            begin)
{
    GtkTreeModel *model = vireo_vm_tree_get_view_model (self->vm_tree);
    GtkTreeIter iter;
    int sort_id;
    GtkSortType order;

    self->in_bulk = begin;
    if (begin) {
        /* The view forgets its selection with its model: kept by VM. */
        g_clear_pointer (&self->bulk_selection, g_ptr_array_unref);
        self->bulk_selection = _vireo_manager_window_dup_selected_domains (self, -1);
        gtk_tree_view_set_model (self->tree_view, NULL);
        return;
    }
    gtk_tree_view_set_model (self->tree_view, model);
    if (!gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (model), &sort_id, &order)) {
        /* Unsorted: the store's order, which is by name. */
        gtk_tree_view_column_set_sort_indicator (self->name_column, TRUE);
        gtk_tree_view_column_set_sort_order (self->name_column, GTK_SORT_ASCENDING);
    }
    if (gtk_tree_model_get_iter_first (model, &iter)) {
        do {
            if (gtk_tree_model_iter_has_child (model, &iter)) {
                g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

                gtk_tree_view_expand_row (self->tree_view, path, FALSE);
            }
        } while (gtk_tree_model_iter_next (model, &iter));
    }
    /* The VMs selected before that are still shown, selected again. */
    for (guint i = 0; self->bulk_selection != NULL && i < self->bulk_selection->len; i++)
        vireo_manager_window_add_to_selection (self,
                                               g_ptr_array_index (self->bulk_selection, i));
    g_clear_pointer (&self->bulk_selection, g_ptr_array_unref);
}

/* A connection row that gets its first VM is expanded, at once: the view
 * then follows its VMs, and the models above the store keep their rows.  In
 * a bulk change the view has no model; its end expands. */
static void
model_row_has_child_toggled_cb (VireoManagerWindow *self,
                                GtkTreePath        *path,
                                GtkTreeIter        *iter,
                                GtkTreeModel       *model)
{
    if (self->in_bulk || gtk_tree_path_get_depth (path) != 1 ||
        !gtk_tree_model_iter_has_child (model, iter))
        return;
    gtk_tree_view_expand_row (self->tree_view, path, FALSE);
}

/* The graphs the view draws go into one image (see VireoGraphBatch),
 * put on the window after the view's own drawing. */
static gboolean
tree_view_draw_begin_cb (VireoManagerWindow *self,
                         cairo_t            *cr,
                         GtkWidget          *widget)
{
    if (self->graph_batch != NULL)
        vireo_graph_batch_begin (self->graph_batch);
    return FALSE;
}

static gboolean
tree_view_draw_cb (VireoManagerWindow *self,
                   cairo_t            *cr,
                   GtkWidget          *widget)
{
    VireoApplication *app;

    if (self->graph_batch != NULL)
        vireo_graph_batch_end (self->graph_batch, cr, widget,
                               gtk_tree_view_get_bin_window (self->tree_view));
    if (!self->bench_populated || self->bench_reported)
        return FALSE;
    vireo_trace_mark ("list: first draw");
    self->bench_reported = TRUE;
    app = get_application (self);
    if (app == NULL)
        return FALSE;
    printf ("VIREO_POPULATED %u %" G_GINT64_FORMAT "\n",
            vireo_vm_tree_get_n_domains (self->vm_tree, NULL),
            (g_get_monotonic_time () - vireo_application_get_start_time (app)) / 1000);
    fflush (stdout);
    if (g_strcmp0 (g_getenv ("VIREO_BENCH_QUIT_AFTER_POPULATE"), "1") == 0)
        g_idle_add_full (G_PRIORITY_LOW, bench_quit_cb, g_object_ref (app), g_object_unref);
    return FALSE;
}

static void
connection_open_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    g_autoptr(VireoManagerWindow) self = user_data;
    VireoConnection *connection = VIREO_CONNECTION (source);
    g_autoptr(GError) error = NULL;

    if (vireo_connection_open_finish (connection, result, &error))
        return;
    if (vireo_error_is_cancelled (error) ||
        g_cancellable_is_cancelled (self->cancellable))
        return;
    /* The core's message is a whole sentence naming the URI, with libvirt's reason. */
    vireo_manager_window_show_error (self, error->message);
}

static void
info_bar_response_cb (VireoManagerWindow *self,
                      int                 response,
                      GtkInfoBar         *info_bar)
{
    gtk_info_bar_set_revealed (info_bar, FALSE);
}

static void
collect_selected_cb (GtkTreeModel *model,
                     GtkTreePath  *path,
                     GtkTreeIter  *iter,
                     gpointer      user_data)
{
    GPtrArray **found = user_data;   /* [0] domains, [1] connections */
    g_autoptr(VireoConnection) connection = NULL;
    g_autoptr(VireoDomain) domain = NULL;

    gtk_tree_model_get (model, iter,
                        VIREO_VM_TREE_COLUMN_CONNECTION, &connection,
                        VIREO_VM_TREE_COLUMN_DOMAIN, &domain,
                        -1);
    if (domain != NULL)
        g_ptr_array_add (found[0], g_steal_pointer (&domain));
    else if (connection != NULL)
        g_ptr_array_add (found[1], g_steal_pointer (&connection));
}

static void
selection_changed_cb (VireoManagerWindow *self,
                      GtkTreeSelection   *selection)
{
    g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
    GPtrArray *found[2] = { domains, connections };
    VireoConnection *connection = NULL;

    if (self->selected_domains == NULL)    /* disposed */
        return;
    gtk_tree_selection_selected_foreach (selection, collect_selected_cb, found);
    set_selected_domains (self, domains);
    /* A connection's actions when it is the one row selected. */
    if (domains->len == 0 && connections->len == 1)
        connection = g_ptr_array_index (connections, 0);
    g_set_object (&self->selected_connection, connection);
    _vireo_manager_window_update_actions (self);
}

static void
search_changed_cb (VireoManagerWindow *self,
                   GtkSearchEntry     *entry)
{
    vireo_vm_tree_set_filter_text (self->vm_tree, gtk_entry_get_text (GTK_ENTRY (entry)));
}

/* Enter in the search entry: to the list, on its first row. */
static void
search_activate_cb (VireoManagerWindow *self,
                    GtkSearchEntry     *entry)
{
    gtk_widget_grab_focus (GTK_WIDGET (self->tree_view));
}

static void
search_stop_cb (VireoManagerWindow *self,
                GtkSearchEntry     *entry)
{
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Hiding the search bar shows every VM again. */
static void
search_mode_notify_cb (VireoManagerWindow *self,
                       GParamSpec         *pspec,
                       GtkSearchBar       *bar)
{
    if (gtk_search_bar_get_search_mode (bar))
        return;
    gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
    vireo_vm_tree_set_filter_text (self->vm_tree, NULL);
    if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->tree_view));
}

static void
row_activated_cb (VireoManagerWindow *self,
                  GtkTreePath        *path,
                  GtkTreeViewColumn  *column,
                  GtkTreeView        *tree_view)
{
    GtkTreeModel *model = gtk_tree_view_get_model (tree_view);
    g_autoptr(VireoConnection) connection = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    GtkTreeIter iter;

    if (!gtk_tree_model_get_iter (model, &iter, path))
        return;
    gtk_tree_model_get (model, &iter,
                        VIREO_VM_TREE_COLUMN_CONNECTION, &connection,
                        VIREO_VM_TREE_COLUMN_DOMAIN, &domain,
                        -1);
    if (domain != NULL) {
        g_action_group_activate_action (G_ACTION_GROUP (self), "open", NULL);
        return;
    }
    if (connection == NULL)
        return;

    switch (vireo_connection_get_state (connection)) {
    case VIREO_CONNECTION_STATE_ACTIVE:
        vireo_connection_close (connection);
        break;
    case VIREO_CONNECTION_STATE_DISCONNECTED:
    case VIREO_CONNECTION_STATE_FAILED:
        vireo_manager_window_connect (self, connection);
        break;
    case VIREO_CONNECTION_STATE_CONNECTING:
    default:
        break;
    }
}

static gboolean
button_press_event_cb (VireoManagerWindow *self,
                       GdkEventButton     *event,
                       GtkTreeView        *tree_view)
{
    g_autoptr(GtkTreePath) path = NULL;

    if (!gdk_event_triggers_context_menu ((GdkEvent *) event) ||
        event->window != gtk_tree_view_get_bin_window (tree_view))
        return FALSE;
    if (!gtk_tree_view_get_path_at_pos (tree_view, (int) event->x, (int) event->y, &path,
                                        NULL, NULL, NULL))
        return FALSE;
    /* A row of the selection keeps the selection: its actions act on all. */
    if (!gtk_tree_selection_path_is_selected (gtk_tree_view_get_selection (tree_view), path))
        gtk_tree_view_set_cursor (tree_view, path, NULL, FALSE);
    popup_context_menu (self, (GdkEvent *) event);
    return TRUE;
}

static gboolean
popup_menu_cb (VireoManagerWindow *self,
               GtkTreeView        *tree_view)
{
    popup_context_menu (self, NULL);
    return TRUE;
}

/* Called once "application" is set (after construction). */
/* The shortcuts window GTK builds from gtk/help-overlay.ui (once the window has its
 * application) has an icon-only search button with no name or tooltip of its own. */
static void
name_help_overlay (VireoManagerWindow *self)
{
    GtkShortcutsWindow *overlay =
        gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
    GtkWidget *titlebar = overlay != NULL ? gtk_window_get_titlebar (GTK_WINDOW (overlay)) : NULL;
    g_autoptr(GList) buttons = NULL;

    if (!GTK_IS_CONTAINER (titlebar))
        return;
    buttons = gtk_container_get_children (GTK_CONTAINER (titlebar));
    for (GList *l = buttons; l != NULL; l = l->next) {
        if (!GTK_IS_TOGGLE_BUTTON (l->data))
            continue;
        atk_object_set_name (gtk_widget_get_accessible (l->data), _("Search Shortcuts"));
        gtk_widget_set_tooltip_text (l->data, _("Search the keyboard shortcuts"));
    }
}

static void
attach_application (VireoManagerWindow *self,
                    VireoApplication   *app)
{
    GSettings *settings = vireo_application_get_settings (app);
    GPtrArray *connections = vireo_application_get_connections (app);
    int width, height;

    g_settings_get (settings, "window-size", "(ii)", &width, &height);
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
    if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

    /* The View menu's check items are the settings themselves. */
    for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++) {
        g_autoptr(GAction) action = g_settings_create_action (settings, graph_columns[i].key);

        g_action_map_add_action (G_ACTION_MAP (self), action);
        g_settings_bind (settings, graph_columns[i].key, self->graph_columns[i], "visible",
                         G_SETTINGS_BIND_GET);
    }

    for (guint i = 0; i < connections->len; i++)
        vireo_vm_tree_add_connection (self->vm_tree, g_ptr_array_index (connections, i));
    g_signal_connect_object (app, "connection-added",
                             G_CALLBACK (vireo_vm_tree_add_connection), self->vm_tree,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (app, "connection-removed",
                             G_CALLBACK (vireo_vm_tree_remove_connection), self->vm_tree,
                             G_CONNECT_SWAPPED);
    _vireo_manager_window_update_actions (self);
}

static void
vireo_manager_window_size_allocate (GtkWidget     *widget,
                                    GtkAllocation *allocation)
{
    VireoManagerWindow *self = VIREO_MANAGER_WINDOW (widget);

    GTK_WIDGET_CLASS (vireo_manager_window_parent_class)->size_allocate (widget, allocation);
    if (!self->maximized)
        gtk_window_get_size (GTK_WINDOW (self), &self->width, &self->height);
}

static gboolean
vireo_manager_window_window_state_event (GtkWidget           *widget,
                                         GdkEventWindowState *event)
{
    VireoManagerWindow *self = VIREO_MANAGER_WINDOW (widget);

    self->maximized = (event->new_window_state & GDK_WINDOW_STATE_MAXIMIZED) != 0;
    return GTK_WIDGET_CLASS (vireo_manager_window_parent_class)->window_state_event (widget,
                                                                                   event);
}

static void
vireo_manager_window_dispose (GObject *object)
{
    VireoManagerWindow *self = VIREO_MANAGER_WINDOW (object);
    VireoApplication *app = get_application (self);

    /* Closing the window cancels its work and remembers its geometry (the
     * parent's dispose drops the application, so this comes first). */
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    if (app != NULL && self->width > 0 && self->height > 0) {
        GSettings *settings = vireo_application_get_settings (app);

        g_settings_set (settings, "window-size", "(ii)", self->width, self->height);
        g_settings_set_boolean (settings, "window-maximized", self->maximized);
    }
    g_clear_pointer (&self->context_menu, gtk_widget_destroy);
    g_clear_handle_id (&self->stall_source, g_source_remove);
    if (self->graph_batch != NULL) {
        for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++)
            vireo_cell_renderer_graph_set_batch (
                VIREO_CELL_RENDERER_GRAPH (self->graph_renderers[i]), NULL);
        g_clear_pointer (&self->graph_batch, vireo_graph_batch_free);
    }
    /* The rows go with the tree: the view lets go first, so that their
     * removal changes no selection of a window being taken apart. */
    if (self->tree_view != NULL)
        gtk_tree_view_set_model (self->tree_view, NULL);
    if (self->vm_tree != NULL) {
        g_signal_handlers_disconnect_by_data (vireo_vm_tree_get_view_model (self->vm_tree), self);
        g_signal_handlers_disconnect_by_data (self->vm_tree, self);
    }
    if (self->selected_domains != NULL)
        set_selected_domains (self, NULL);
    g_clear_pointer (&self->selected_domains, g_ptr_array_unref);
    g_clear_pointer (&self->bulk_selection, g_ptr_array_unref);
    g_clear_object (&self->selected_connection);
    g_clear_object (&self->vm_tree);
    g_clear_object (&self->cancellable);
    for (guint i = 0; i < VIREO_LIST_N_TEXT_CELLS; i++)
        g_clear_pointer (&self->text_cell_values[i], g_free);
    G_OBJECT_CLASS (vireo_manager_window_parent_class)->dispose (object);
}

static void
vireo_manager_window_class_init (VireoManagerWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vireo_manager_window_dispose;
    widget_class->size_allocate = vireo_manager_window_size_allocate;
    widget_class->window_state_event = vireo_manager_window_window_state_event;

    g_type_ensure (VIREO_TYPE_CELL_RENDERER_GRAPH);
    g_type_ensure (VIREO_TYPE_CELL_RENDERER_ICON);
    g_type_ensure (VIREO_TYPE_CELL_RENDERER_LABEL);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-manager-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, info_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, info_label);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, tree_view);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, empty_box);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, empty_label);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, empty_button);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, name_column);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, state_column);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, title_column);
    for (guint i = 0; i < VIREO_LIST_N_TEXT_CELLS; i++)
        gtk_widget_class_bind_template_child_full (
            widget_class, text_cells[i].renderer, FALSE,
            G_STRUCT_OFFSET (VireoManagerWindow, text_renderers) + i * sizeof (gpointer));
    for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++) {
        gtk_widget_class_bind_template_child_full (
            widget_class, graph_columns[i].column, FALSE,
            G_STRUCT_OFFSET (VireoManagerWindow, graph_columns) + i * sizeof (gpointer));
        gtk_widget_class_bind_template_child_full (
            widget_class, graph_columns[i].renderer, FALSE,
            G_STRUCT_OFFSET (VireoManagerWindow, graph_renderers) + i * sizeof (gpointer));
    }
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, search_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, search_entry);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, search_button);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, pause_button);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, pause_image);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, primary_menu_button);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, vm_menu);
    gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, connection_menu);
    gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
    gtk_widget_class_bind_template_callback (widget_class, button_press_event_cb);
    gtk_widget_class_bind_template_callback (widget_class, popup_menu_cb);
    gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
    gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
}

static void
vireo_manager_window_init (VireoManagerWindow *self)
{
    GtkTreeModel *model;

    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_help_install (GTK_WINDOW (self), "vm-list");
    vireo_a11y_name_info_bar_close (self->info_bar);

    self->cancellable = g_cancellable_new ();
    self->selected_domains = g_ptr_array_new_with_free_func (g_object_unref);
    self->bench = g_getenv ("VIREO_BENCH") != NULL;
    self->vm_tree = vireo_vm_tree_new ();
    model = vireo_vm_tree_get_view_model (self->vm_tree);

    for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++) {
        g_object_set (self->graph_renderers[i],
                      "metric", (guint) vireo_vm_tree_sort_get_metric (graph_columns[i].sort),
                      "max-value", graph_columns[i].max_value,
                      "scale-floor", graph_columns[i].scale_floor,
                      NULL);
        gtk_tree_view_column_set_cell_data_func (self->graph_columns[i],
                                                 self->graph_renderers[i],
                                                 graph_cell_data_func, self, NULL);
    }
    for (guint i = 0; i < VIREO_LIST_N_TEXT_CELLS; i++) {
        GtkCellRenderer *cell = self->text_renderers[i];

        g_object_set_data (G_OBJECT (cell), "vireo-text-cell", GUINT_TO_POINTER (i));
        gtk_tree_view_column_set_cell_data_func (text_cell_column (self, i), cell,
                                                 text_cell_data_func, self, NULL);
    }
    set_row_height (self);
    g_signal_connect_object (self->tree_view, "style-updated",
                             G_CALLBACK (tree_view_style_updated_cb), self, G_CONNECT_SWAPPED);
    gtk_tree_view_set_model (self->tree_view, model);
    /* Until a header is clicked the model keeps the store's order, by name. */
    gtk_tree_view_column_set_sort_indicator (self->name_column, TRUE);
    gtk_tree_view_column_set_sort_order (self->name_column, GTK_SORT_ASCENDING);

    g_object_bind_property (self->search_button, "active", self->search_bar,
                            "search-mode-enabled",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));
    vireo_a11y_name_search_bar_close (self->search_bar);
    g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                             G_CALLBACK (search_mode_notify_cb), self, G_CONNECT_SWAPPED);

    g_signal_connect_object (self->vm_tree, "rows-changed",
                             G_CALLBACK (vm_tree_rows_changed_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->vm_tree, "bulk-change",
                             G_CALLBACK (vm_tree_bulk_change_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->vm_tree, "stats-updated",
                             G_CALLBACK (vm_tree_stats_updated_cb), self, G_CONNECT_SWAPPED);
    /* After the view's own handler, which learns that the row has children
     * (it connects again each time it gets the model). */
    g_signal_connect_object (model, "row-has-child-toggled",
                             G_CALLBACK (model_row_has_child_toggled_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    self->graph_batch = vireo_graph_batch_new ();
    for (guint i = 0; i < VIREO_LIST_N_GRAPHS; i++)
        vireo_cell_renderer_graph_set_batch (VIREO_CELL_RENDERER_GRAPH (self->graph_renderers[i]),
                                             self->graph_batch);
    g_signal_connect_object (self->tree_view, "draw", G_CALLBACK (tree_view_draw_begin_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->tree_view, "draw", G_CALLBACK (tree_view_draw_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

    _vireo_manager_window_init_actions (self);
    if (self->bench && g_strcmp0 (g_getenv ("VIREO_BENCH_STALL"), "1") == 0)
        start_stall_timer (self);
    if (self->bench && g_getenv ("VIREO_BENCH_SORT") != NULL) {
        guint64 sort = g_ascii_strtoull (g_getenv ("VIREO_BENCH_SORT"), NULL, 10);

        if (sort < VIREO_VM_TREE_N_SORTS)
            gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (model), (int) sort,
                                                  GTK_SORT_DESCENDING);
    }
}

VireoManagerWindow *
vireo_manager_window_new (VireoApplication *application)
{
    VireoManagerWindow *self;

    g_return_val_if_fail (VIREO_IS_APPLICATION (application), NULL);

    self = g_object_new (VIREO_TYPE_MANAGER_WINDOW, "application", application, NULL);
    attach_application (self, application);
    name_help_overlay (self);
    return self;
}

VireoVmTree *
vireo_manager_window_get_vm_tree (VireoManagerWindow *self)
{
    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);

    return self->vm_tree;
}

GtkTreeView *
vireo_manager_window_get_tree_view (VireoManagerWindow *self)
{
    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);

    return self->tree_view;
}

GCancellable *
vireo_manager_window_get_cancellable (VireoManagerWindow *self)
{
    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);

    return self->cancellable;
}

void
vireo_manager_window_connect (VireoManagerWindow *self,
                              VireoConnection    *connection)
{
    g_return_if_fail (VIREO_IS_MANAGER_WINDOW (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTING ||
        vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_ACTIVE)
        return;
    vireo_connection_open_async (connection, self->cancellable, connection_open_cb,
                                 g_object_ref (self));
}

void
vireo_manager_window_show_error (VireoManagerWindow *self,
                                 const char         *message)
{
    g_return_if_fail (VIREO_IS_MANAGER_WINDOW (self));
    g_return_if_fail (message != NULL);

    if (G_UNLIKELY (g_getenv ("VIREO_TRACE") != NULL)) {
        g_autofree char *mark = g_strconcat ("window: error shown: ", message, NULL);

        vireo_trace_mark (mark);
    }
    gtk_label_set_text (self->info_label, message);
    gtk_info_bar_set_revealed (self->info_bar, TRUE);
}

const char *
vireo_manager_window_get_error (VireoManagerWindow *self)
{
    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);

    if (!gtk_info_bar_get_revealed (self->info_bar))
        return NULL;
    return gtk_label_get_text (self->info_label);
}

static gboolean
view_path_of (VireoManagerWindow *self,
              VireoDomain        *domain,
              GtkTreePath       **path)
{
    GtkTreeIter store_iter, view_iter;

    if (!vireo_vm_tree_find_domain (self->vm_tree, domain, &store_iter) ||
        !vireo_vm_tree_store_to_view_iter (self->vm_tree, &store_iter, &view_iter))
        return FALSE;
    *path = gtk_tree_model_get_path (vireo_vm_tree_get_view_model (self->vm_tree), &view_iter);
    return TRUE;
}

gboolean
vireo_manager_window_select_domain (VireoManagerWindow *self,
                                    VireoDomain        *domain)
{
    g_autoptr(GtkTreePath) path = NULL;

    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), FALSE);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    if (!view_path_of (self, domain, &path))
        return FALSE;
    gtk_tree_view_expand_to_path (self->tree_view, path);
    gtk_tree_view_set_cursor (self->tree_view, path, NULL, FALSE);
    gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, FALSE, 0, 0);
    return TRUE;
}

gboolean
vireo_manager_window_add_to_selection (VireoManagerWindow *self,
                                       VireoDomain        *domain)
{
    g_autoptr(GtkTreePath) path = NULL;

    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), FALSE);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    if (!view_path_of (self, domain, &path))
        return FALSE;
    gtk_tree_view_expand_to_path (self->tree_view, path);
    gtk_tree_selection_select_path (gtk_tree_view_get_selection (self->tree_view), path);
    return TRUE;
}

VireoDomain *
vireo_manager_window_get_selected_domain (VireoManagerWindow *self)
{
    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);

    return self->selected_domains->len > 0 ? g_ptr_array_index (self->selected_domains, 0)
                                           : NULL;
}

GPtrArray *
vireo_manager_window_dup_selected_domains (VireoManagerWindow *self)
{
    g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);

    return _vireo_manager_window_dup_selected_domains (self, -1);
}

void
vireo_manager_window_set_search_text (VireoManagerWindow *self,
                                      const char         *text)
{
    g_return_if_fail (VIREO_IS_MANAGER_WINDOW (self));

    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
    gtk_entry_set_text (GTK_ENTRY (self->search_entry), text != NULL ? text : "");
    /* At once, not after the entry's typing delay. */
    vireo_vm_tree_set_filter_text (self->vm_tree, text);
}
