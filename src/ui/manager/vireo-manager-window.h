/* vireo-manager-window.h: the manager window: connections, VMs and graphs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-application.h"
#include "vireo-vm-tree.h"

G_BEGIN_DECLS

#define VIREO_TYPE_MANAGER_WINDOW (vireo_manager_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoManagerWindow, vireo_manager_window, VIREO, MANAGER_WINDOW,
                      GtkApplicationWindow)

VireoManagerWindow *vireo_manager_window_new          (VireoApplication   *application)
    G_GNUC_WARN_UNUSED_RESULT;
VireoVmTree        *vireo_manager_window_get_vm_tree  (VireoManagerWindow *self);
GtkTreeView        *vireo_manager_window_get_tree_view (VireoManagerWindow *self);
/* Opens @connection with the window's cancellable; a failure is shown in
 * the window (the connection's row and the info bar). */
void                vireo_manager_window_connect      (VireoManagerWindow *self,
                                                       VireoConnection    *connection);
/* Shows @message in the window's info bar. */
void                vireo_manager_window_show_error   (VireoManagerWindow *self,
                                                       const char         *message);
/* The info bar's text, or NULL while it is hidden. */
const char         *vireo_manager_window_get_error    (VireoManagerWindow *self);
/* Selects @domain's row alone (and scrolls to it); FALSE when it is not
 * shown (its connection is closed, or the search hides it). */
gboolean            vireo_manager_window_select_domain (VireoManagerWindow *self,
                                                        VireoDomain        *domain);
/* Adds @domain's row to the selection; FALSE when it is not shown. */
gboolean            vireo_manager_window_add_to_selection (VireoManagerWindow *self,
                                                           VireoDomain        *domain);
/* The first selected VM (in the view's order), or NULL. */
VireoDomain        *vireo_manager_window_get_selected_domain (VireoManagerWindow *self);
/* Every selected VM, in the view's order: a new array of new references.
 * The actions of the list (Run, Shut Down, Force Off, Pause, Resume,
 * Delete, Open, …) act on each of them. */
GPtrArray          *vireo_manager_window_dup_selected_domains (VireoManagerWindow *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* The search entry's text filters the list (see vireo_vm_tree_set_filter_text());
 * showing the search bar is what Ctrl+F does. */
void                vireo_manager_window_set_search_text (VireoManagerWindow *self,
                                                          const char         *text);
/* The window's GCancellable, cancelled when the window is closed. */
GCancellable       *vireo_manager_window_get_cancellable (VireoManagerWindow *self);

G_END_DECLS
