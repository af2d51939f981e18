/* vireo-overview-page.h: a VM's name, title, description, hypervisor facts
 * and what its guest agent says
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_OVERVIEW_PAGE (vireo_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoOverviewPage, vireo_overview_page, VIREO, OVERVIEW_PAGE,
                      VireoDetailsPage)

GtkWidget *vireo_overview_page_new (VireoDomain *domain);

G_END_DECLS
