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

/* Columns of the GtkTreeStore.  Top-level rows are connections, their
 * children are the connection's domains, sorted by name. */
typedef enum {
    VIREO_VM_TREE_COLUMN_CONNECTION,   /* VireoConnection (both levels) */
    VIREO_VM_TREE_COLUMN_DOMAIN,       /* VireoDomain, NULL on connection rows */
    VIREO_VM_TREE_COLUMN_ICON_NAME,    /* state icon */
    VIREO_VM_TREE_COLUMN_NAME,         /* plain name */
    VIREO_VM_TREE_COLUMN_SUBTITLE,     /* plain second line: state, or failure reason */
    VIREO_VM_TREE_COLUMN_MARKUP,       /* name and subtitle in two lines */
    VIREO_VM_TREE_COLUMN_IS_ERROR,     /* the connection failed */
    VIREO_VM_TREE_COLUMN_SORT_KEY,     /* collation key (children), insertion order (top) */
    VIREO_VM_TREE_N_COLUMNS
} VireoVmTreeColumn;

/*
 * Rows change only in response to signals: VireoConnection notify::state,
 * ::domain-added and ::domain-removed; VireoDomain ::state-changed and
 * notify::name.  VireoStatsSampler::updated is re-emitted as
 * ::stats-updated (no row changes); ::rows-changed is emitted after domain
 * rows were added or removed, or a connection row changed.
 */
VireoVmTree  *vireo_vm_tree_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
GtkTreeModel *vireo_vm_tree_get_model             (VireoVmTree     *self);
void          vireo_vm_tree_add_connection        (VireoVmTree     *self,
                                                   VireoConnection *connection);
void          vireo_vm_tree_remove_connection     (VireoVmTree     *self,
                                                   VireoConnection *connection);
/* Number of domain rows, in total or under @connection. */
guint         vireo_vm_tree_get_n_domains         (VireoVmTree     *self,
                                                   VireoConnection *connection);
gboolean      vireo_vm_tree_find_domain           (VireoVmTree     *self,
                                                   VireoDomain     *domain,
                                                   GtkTreeIter     *iter);
gboolean      vireo_vm_tree_find_connection       (VireoVmTree     *self,
                                                   VireoConnection *connection,
                                                   GtkTreeIter     *iter);
/* The stats history to draw for a row: the domain's, or for a connection
 * row the host's; NULL when there is none yet. */
VireoStatsHistory *vireo_vm_tree_get_history      (VireoVmTree     *self,
                                                   GtkTreeIter     *iter);

G_END_DECLS
