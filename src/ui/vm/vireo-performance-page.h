/* vireo-performance-page.h: CPU, memory, disk and network graphs of a VM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_PERFORMANCE_PAGE (vireo_performance_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoPerformancePage, vireo_performance_page, VIREO, PERFORMANCE_PAGE,
                      VireoDetailsPage)

/* The graphs of @domain from its connection's stats sampler.  While shown,
 * the page holds the sampler's four groups (disk and network rates are
 * sampled even when the list does not show them) and redraws after each
 * tick. */
GtkWidget *vireo_performance_page_new           (VireoDomain *domain);
/* The graph of "cpu", "memory", "disk" or "network" (for tests). */
GtkWidget *vireo_performance_page_get_graph     (VireoPerformancePage *self,
                                                 const char           *which);
/* What the page says now of "cpu", ... ("12 %"). */
const char *vireo_performance_page_get_value    (VireoPerformancePage *self,
                                                 const char           *which);

G_END_DECLS
