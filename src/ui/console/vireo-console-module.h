/* vireo-console-module.h: the entry point of the console module
 *
 * The manager does not link the console stack (spice-gtk, gtk-vnc, VTE,
 * GStreamer, libsecret): it loads it as a module on the first Open, through
 * vireo-console-loader.h.  vireo-viewer and the tests link it directly.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_CONSOLE_MODULE_PRESENT_SYMBOL "vireo_console_module_present_for_domain"

typedef GtkWindow *(*VireoConsoleModulePresentFunc) (GtkApplication *application,
                                                     VireoDomain    *domain,
                                                     GSettings      *settings);

/* Presents @application's console window of @domain (see
 * vireo_console_window_present_for_domain()). */
G_MODULE_EXPORT GtkWindow *vireo_console_module_present_for_domain (GtkApplication *application,
                                                                    VireoDomain    *domain,
                                                                    GSettings      *settings);

G_END_DECLS
