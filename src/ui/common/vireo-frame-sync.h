/* vireo-frame-sync.h: no frame sync where no window manager can answer it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every window of @app realized on an X11 screen whose window manager does
 * not announce _NET_WM_FRAME_DRAWN (or where none runs) gets GDK's frame
 * sync turned off; see vireo-frame-sync.c.  Call once, at startup. */
void     vireo_frame_sync_follow_window_manager (GtkApplication *app);

/* Whether frame sync was turned off on @window's GdkWindow (for the tests). */
gboolean vireo_frame_sync_is_off                (GtkWidget      *window);

G_END_DECLS
