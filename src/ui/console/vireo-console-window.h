/* vireo-console-window.h: a window showing one console page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-console-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_WINDOW (vireo_console_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoConsoleWindow, vireo_console_window, VIREO, CONSOLE_WINDOW,
                      GtkApplicationWindow)

/* The window follows its page: title, fullscreen (F11 or the toolbar).
 * Windows of domains: vireo-console-window-domain.h (libvirt build). */
VireoConsoleWindow *vireo_console_window_new      (GtkApplication     *application)
    G_GNUC_WARN_UNUSED_RESULT;
VireoConsolePage   *vireo_console_window_get_page (VireoConsoleWindow *self);
/* Kiosk: fullscreen, no toolbar, no header bar; the window cannot be left
 * with the usual keys. */
void                vireo_console_window_set_kiosk (VireoConsoleWindow *self,
                                                    gboolean            kiosk);
gboolean            vireo_console_window_get_kiosk (VireoConsoleWindow *self);
/* A title to show instead of the page's (NULL: the page's). */
void                vireo_console_window_set_title_override (VireoConsoleWindow *self,
                                                             const char         *title);

G_END_DECLS
