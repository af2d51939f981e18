/* vireo-console-window-domain.h: console windows of libvirt domains
 *
 * Part of the libvirt build (vireo-console-ui-domain).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-window.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

/* @application's console window of @domain, or NULL. */
VireoConsoleWindow *vireo_console_window_find_for_domain    (GtkApplication *application,
                                                             VireoDomain    *domain);
/* Presents @application's console window of @domain, opening one (whose
 * page follows the domain: vireo_console_page_follow_domain()) when there
 * is none. */
VireoConsoleWindow *vireo_console_window_present_for_domain (GtkApplication *application,
                                                             VireoDomain    *domain,
                                                             GSettings      *settings);

G_END_DECLS
