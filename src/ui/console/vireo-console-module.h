/* vireo-console-module.h: what the console module exports to the manager
 *
 * The manager does not link the console stack (spice-gtk, gtk-vnc, VTE,
 * GStreamer, libsecret): it loads it as a module on first use, through
 * vireo-console-loader.h.  This header is the contract between the two:
 * the names of the module's entry points and their types.  The entry
 * points themselves are defined (and declared) in vireo-console-module.c,
 * which only the module and the builds that link the console stack have.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* Presents @application's console window of @domain, opening one when
 * there is none (see vireo_console_window_present_for_domain()). */
#define VIREO_CONSOLE_MODULE_PRESENT_SYMBOL "vireo_console_module_present_for_domain"
typedef GtkWindow *(*VireoConsoleModulePresentFunc) (GtkApplication *application,
                                                     VireoDomain    *domain,
                                                     GSettings      *settings);

/* A new console page (a VireoConsolePage, floating) following @domain, for
 * a window to embed (see vireo_console_page_new_for_domain()). */
#define VIREO_CONSOLE_MODULE_NEW_PAGE_SYMBOL "vireo_console_module_new_page_for_domain"
typedef GtkWidget *(*VireoConsoleModuleNewPageFunc) (VireoDomain *domain,
                                                     GSettings   *settings);

G_END_DECLS
