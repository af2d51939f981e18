/* vireo-manager-window-private.h: shared by the manager window's files
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-manager-window.h"

G_BEGIN_DECLS

struct _VireoManagerWindow {
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkInfoBar        *info_bar;
    GtkLabel          *info_label;
    GtkTreeView       *tree_view;
    GtkTreeViewColumn *graph_column;
    GtkCellRenderer   *graph_renderer;
    GtkButton         *pause_button;
    GtkImage          *pause_image;
    GtkMenuButton     *primary_menu_button;
    GMenuModel        *vm_menu;
    GMenuModel        *connection_menu;

    /* owned */
    VireoVmTree       *vm_tree;
    GCancellable      *cancellable;
    VireoDomain       *selected_domain;
    VireoConnection   *selected_connection;
    GtkWidget         *context_menu;

    /* window geometry remembered in GSettings */
    int                width;
    int                height;
    gboolean           maximized;

    /* VIREO_BENCH */
    gboolean           bench;
    gboolean           bench_populated;
    gboolean           bench_reported;
};

void _vireo_manager_window_init_actions   (VireoManagerWindow *self);
/* Re-evaluates which actions are enabled for the current selection. */
void _vireo_manager_window_update_actions (VireoManagerWindow *self);

G_END_DECLS
