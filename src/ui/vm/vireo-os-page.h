/* vireo-os-page.h: the VM's operating system, changed from a searchable list
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_OS_PAGE (vireo_os_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoOsPage, vireo_os_page, VIREO, OS_PAGE, VireoDetailsPage)

/* The OS of @domain's libosinfo metadata; the list of every OS is loaded
 * (in a worker thread) the first time the page is shown. */
GtkWidget *vireo_os_page_new (VireoDomain *domain);

G_END_DECLS
