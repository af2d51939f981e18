/* vireo-console-loader.h: the console stack, loaded on first use
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

/* Presents @application's console window of @domain.  The first call loads
 * the console module (unless the console stack is linked in); FALSE with
 * @error when it cannot be loaded. */
gboolean   vireo_console_loader_present_for_domain (GtkApplication *application,
                                                    VireoDomain    *domain,
                                                    GSettings      *settings,
                                                    GError        **error);

/* A new console page of @domain for a window to embed (a VireoConsolePage,
 * floating, as GTK returns new widgets): it waits for the domain to start
 * and connects again after restarts.  NULL with @error when the console
 * module cannot be loaded. */
GtkWidget *vireo_console_loader_new_page_for_domain (VireoDomain    *domain,
                                                     GSettings      *settings,
                                                     GError        **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The file the loader would load, or NULL with @error when there is none. */
char      *vireo_console_loader_find_module        (GError        **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
