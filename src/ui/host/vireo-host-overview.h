/* vireo-host-overview.h: the host window's Overview page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-application.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_OVERVIEW (vireo_host_overview_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostOverview, vireo_host_overview, VIREO, HOST_OVERVIEW, GtkBox)

/* The connection the page shows, the application that keeps its name and
 * autoconnect, and the window's cancellable. */
void     vireo_host_overview_set_connection (VireoHostOverview *self,
                                             VireoApplication  *app,
                                             VireoConnection   *connection,
                                             GCancellable      *cancellable);
/* Reads the host's facts (once the connection is open); ::loaded follows. */
void     vireo_host_overview_load           (VireoHostOverview *self);
gboolean vireo_host_overview_is_loaded      (VireoHostOverview *self);

G_END_DECLS
