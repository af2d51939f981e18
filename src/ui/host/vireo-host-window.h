/* vireo-host-window.h: a connection's host window (virt-manager's Connection Details)
 *
 * One per connection: its overview (host facts, live CPU and memory graphs, the
 * connection's name and autoconnect), virtual networks, storage (pools and volumes, or the
 * embedded root's image folder) and host devices.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-application.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_WINDOW (vireo_host_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostWindow, vireo_host_window, VIREO, HOST_WINDOW,
                      GtkApplicationWindow)

/* The page names of vireo_host_window_show_page(). */
#define VIREO_HOST_PAGE_OVERVIEW "overview"
#define VIREO_HOST_PAGE_NETWORKS "networks"
#define VIREO_HOST_PAGE_STORAGE  "storage"
#define VIREO_HOST_PAGE_DEVICES  "devices"

GtkWidget       *vireo_host_window_new            (VireoApplication *app,
                                                   VireoConnection  *connection)
    G_GNUC_WARN_UNUSED_RESULT;
VireoConnection *vireo_host_window_get_connection (VireoHostWindow *self);
/* Shows @message in the window's bar until it is closed or replaced. */
void             vireo_host_window_show_error     (VireoHostWindow *self,
                                                   const char      *message);
void             vireo_host_window_show_page      (VireoHostWindow *self,
                                                   const char      *name);
/* The host window @widget is in, or NULL. */
VireoHostWindow *vireo_host_window_for_widget     (GtkWidget       *widget);
/* Shows @message in the host window of @widget, if any. */
void             vireo_host_window_report         (GtkWidget       *widget,
                                                   const char      *message);

G_END_DECLS
