/* vireo-vm-tree.h: the manager's tree model of connections and their VMs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_VM_TREE (vireo_vm_tree_get_type ())
G_DECLARE_FINAL_TYPE (VireoVmTree, vireo_vm_tree, VIREO, VM_TREE, GObject)

/* Columns of the GtkTreeStore (and of the view model above it).  Top-level
 * rows are connections, their children are the connection's domains. */
typedef enum {
    VIREO_VM_TREE_COLUMN_CONNECTION,   /* VireoConnection (both levels) */
    VIREO_VM_TREE_COLUMN_DOMAIN,       /* VireoDomain, NULL on connection rows */
    VIREO_VM_TREE_COLUMN_ICON_NAME,    /* state icon */
    VIREO_VM_TREE_COLUMN_NAME,         /* plain name */
    VIREO_VM_TREE_COLUMN_SUBTITLE,     /* plain second line: state, or failure reason */
    VIREO_VM_TREE_COLUMN_MARKUP,       /* connections: name and subtitle in two lines;
                                        * VMs: the name */
    VIREO_VM_TREE_COLUMN_IS_ERROR,     /* the connection failed */
    VIREO_VM_TREE_COLUMN_SORT_KEY,     /* collation key (children), insertion order (top) */
    VIREO_VM_TREE_COLUMN_STATE,        /* VMs: "Running", …; NULL on connection rows */
    VIREO_VM_TREE_COLUMN_TITLE,        /* VMs: the title of the domain's metadata, or "" */
    VIREO_VM_TREE_COLUMN_ROW,          /* private data of a VM row (pointer), NULL on
                                        * connection rows */
    VIREO_VM_TREE_N_COLUMNS
} VireoVmTreeColumn;

/* The sort column ids of the view model (gtk_tree_view_column_set_sort_column_id()).
 * Connection rows keep their order whatever the sort. */
typedef enum {
    VIREO_VM_TREE_SORT_NAME,
    VIREO_VM_TREE_SORT_STATE,
    VIREO_VM_TREE_SORT_TITLE,
    VIREO_VM_TREE_SORT_GUEST_CPU,      /* the newest sample of each graph */
    VIREO_VM_TREE_SORT_HOST_CPU,
    VIREO_VM_TREE_SORT_MEMORY,
    VIREO_VM_TREE_SORT_DISK,
    VIREO_VM_TREE_SORT_NETWORK,
    VIREO_VM_TREE_N_SORTS
} VireoVmTreeSort;

/*
 * Rows change only in response to signals: VireoConnection notify::state,
 * ::domain-added and ::domain-removed; VireoDomain ::state-changed,
 * notify::name, notify::title and notify::description.
 * VireoStatsSampler::updated is re-emitted as ::stats-updated (no row
 * changes; when the view model is sorted by a graph and the newest samples
 * put its rows out of order, it is sorted again first, with one
 * rows-reordered per level: vireo_vm_tree_get_reordered()); ::rows-changed is emitted after
 * domain rows were added or removed, or a connection row changed.
 * ::bulk-change (gboolean begin) is emitted before (TRUE) and after (FALSE)
 * adding or removing many rows at once (a connection opened or closed) and
 * around a new filter text when there are many rows: a view sets its model
 * to NULL on TRUE and back on FALSE (keeping its selection), so that the rows
 * go into the store alone and the models above take them in one go.
 *
 * The store holds every connection row and the VMs whose name, title or
 * description contains the filter text (case and accents aside); a VM the
 * filter hides has no store row until the text shows it again.  The view
 * model is a GtkTreeModelSort over the store: it sorts by VireoVmTreeSort
 * ids; until one is set it keeps the store's order, which is by name
 * (connections in the order they were added, each one's VMs by name, kept
 * so on renames).  Each row keeps
 * what filtering and sorting compare (collation keys, folded text, the
 * newest samples), so neither reads a property or a history per comparison.
 */
VireoVmTree  *vireo_vm_tree_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
/* The store (borrowed). */
GtkTreeModel *vireo_vm_tree_get_model             (VireoVmTree     *self);
/* What a view shows: the store filtered and sorted (borrowed). */
GtkTreeModel *vireo_vm_tree_get_view_model        (VireoVmTree     *self);
void          vireo_vm_tree_add_connection        (VireoVmTree     *self,
                                                   VireoConnection *connection);
void          vireo_vm_tree_remove_connection     (VireoVmTree     *self,
                                                   VireoConnection *connection);
/* Number of domain rows, in total or under @connection. */
guint         vireo_vm_tree_get_n_domains         (VireoVmTree     *self,
                                                   VireoConnection *connection);
/* Number of domain rows the filter lets through. */
guint         vireo_vm_tree_get_n_shown_domains   (VireoVmTree     *self);
/* Store iters; a VM the filter hides has none (FALSE). */
gboolean      vireo_vm_tree_find_domain           (VireoVmTree     *self,
                                                   VireoDomain     *domain,
                                                   GtkTreeIter     *iter);
gboolean      vireo_vm_tree_find_connection       (VireoVmTree     *self,
                                                   VireoConnection *connection,
                                                   GtkTreeIter     *iter);
/* A store iter's row in the view model. */
gboolean      vireo_vm_tree_store_to_view_iter    (VireoVmTree       *self,
                                                   const GtkTreeIter *store_iter,
                                                   GtkTreeIter       *view_iter);
void          vireo_vm_tree_view_to_store_iter    (VireoVmTree       *self,
                                                   const GtkTreeIter *view_iter,
                                                   GtkTreeIter       *store_iter);
/* The filter's text; NULL or "" shows every VM. */
void          vireo_vm_tree_set_filter_text       (VireoVmTree     *self,
                                                   const char      *text);
const char   *vireo_vm_tree_get_filter_text       (VireoVmTree     *self);
/* The stats history to draw for a row of @model (the store or the view
 * model): the domain's, or for a connection row the host's; NULL when there
 * is none yet. */
VireoStatsHistory *vireo_vm_tree_get_history      (VireoVmTree     *self,
                                                   GtkTreeModel    *model,
                                                   GtkTreeIter     *iter);
/* Whether the last ::stats-updated moved rows (sorted by a graph, their
 * order changed): the view then draws every row again, not the graphs
 * alone. */
gboolean      vireo_vm_tree_get_reordered         (VireoVmTree     *self);
/* The metric a graph sort id draws and sorts by (a VireoStatsMetric), or -1
 * for the text sorts. */
int           vireo_vm_tree_sort_get_metric       (VireoVmTreeSort  sort);

G_END_DECLS
