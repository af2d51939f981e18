/* vireo-manager-window-private.h: shared by the manager window's files
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-cell-renderer-graph.h"
#include "vireo-manager-window.h"

G_BEGIN_DECLS

/* The list's text cells: the state icon and the name (one column), the
 * state, the title. */
#define VIREO_LIST_N_TEXT_CELLS 4

/* The list's graph columns, in the order of the View menu. */
typedef enum {
    VIREO_LIST_GRAPH_GUEST_CPU,
    VIREO_LIST_GRAPH_HOST_CPU,
    VIREO_LIST_GRAPH_MEMORY,
    VIREO_LIST_GRAPH_DISK,
    VIREO_LIST_GRAPH_NETWORK,
    VIREO_LIST_N_GRAPHS
} VireoListGraph;

struct _VireoManagerWindow {
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkInfoBar        *info_bar;
    GtkLabel          *info_label;
    GtkTreeView       *tree_view;
    GtkWidget         *empty_box;       /* the call to action of an empty connection */
    GtkLabel          *empty_label;
    GtkWidget         *empty_button;
    GtkTreeViewColumn *name_column;
    GtkTreeViewColumn *state_column;
    GtkTreeViewColumn *title_column;
    GtkCellRenderer   *text_renderers[VIREO_LIST_N_TEXT_CELLS];
    char              *text_cell_values[VIREO_LIST_N_TEXT_CELLS];  /* what the icon holds */
    GtkTreeViewColumn *graph_columns[VIREO_LIST_N_GRAPHS];
    GtkCellRenderer   *graph_renderers[VIREO_LIST_N_GRAPHS];
    VireoGraphBatch   *graph_batch;          /* the graphs of one draw, in one image */
    GtkSearchBar      *search_bar;
    GtkSearchEntry    *search_entry;
    GtkToggleButton   *search_button;
    GtkButton         *pause_button;
    GtkImage          *pause_image;
    GtkMenuButton     *primary_menu_button;
    GMenuModel        *vm_menu;
    GMenuModel        *connection_menu;

    /* owned */
    VireoVmTree       *vm_tree;
    GCancellable      *cancellable;
    GPtrArray         *selected_domains;     /* VireoDomain*, in the view's order */
    VireoConnection   *selected_connection;  /* a connection row, when no VM is selected */
    GtkWidget         *context_menu;
    gboolean           in_bulk;              /* the view let go of its model */
    GPtrArray         *bulk_selection;       /* VireoDomain*: the selection meanwhile */

    /* window geometry remembered in GSettings */
    int                width;
    int                height;
    gboolean           maximized;

    /* VIREO_BENCH */
    gboolean           bench;
    gboolean           bench_populated;
    gboolean           bench_reported;
    /* VIREO_BENCH_STALL: the longest lateness of a high-priority 1 ms timer
     * since the last stats tick, and the most CPU time the main thread spent
     * between two of its runs, printed at each tick. */
    guint              stall_source;
    gint64             stall_max_us;
    gint64             stall_cpu_us;         /* the main thread's CPU time at the last run */
    gint64             stall_max_cpu_us;     /* the most it spent between two runs */
    gint64             stall_wait_us;        /* its run-queue wait at the last run */
    gint64             stall_max_wait_us;    /* the wait in the latest run's gap */
    guint              stall_ticks;
};

void _vireo_manager_window_init_actions   (VireoManagerWindow *self);
/* Re-evaluates which actions are enabled for the current selection. */
void _vireo_manager_window_update_actions (VireoManagerWindow *self);
/* The selected VMs that can do @action (all of them for -1), in the view's
 * order; a new array of new references. */
GPtrArray *_vireo_manager_window_dup_selected_domains (VireoManagerWindow *self,
                                                       int                 action)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
