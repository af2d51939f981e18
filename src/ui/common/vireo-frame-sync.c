/* vireo-frame-sync.c: no frame sync where no window manager can answer it
 *
 * GDK's X11 backend ends every frame of a top-level window by asking whether
 * the window manager announces _NET_WM_FRAME_DRAWN, so that the next frame
 * waits for a compositing manager to have shown this one.  When no window
 * manager that speaks EWMH runs (an X server with none, as in a kiosk
 * session, or the Xvfb of the tests and benchmarks), GDK has no answer to
 * keep and asks the X server again at each frame: an XGetWindowProperty
 * round trip on the root window, which cannot return before the server has
 * drawn all of that frame.  At 1,000 VMs with five graphs shown, that wait
 * was 2 ms of each stats tick's frame of the manager's list, on top of
 * Vireo's own drawing.
 *
 * Frame sync has nothing to do without a manager that announces the
 * message, so a window realized while none does gets it turned off.  A
 * compositing manager started later finds those windows drawing unsynced
 * (they still draw; its frames are not paced by theirs); windows realized
 * after it started sync as usual.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-frame-sync.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#endif

#define FRAME_SYNC_OFF_KEY "vireo-frame-sync-off"

static void
window_realize_cb (GtkWidget *widget,
                   gpointer   user_data)
{
#ifdef GDK_WINDOWING_X11
    GdkWindow *window = gtk_widget_get_window (widget);
    GdkScreen *screen = gtk_widget_get_screen (widget);

    if (window == NULL || !GDK_IS_X11_DISPLAY (gdk_screen_get_display (screen)))
        return;
    if (gdk_x11_screen_supports_net_wm_hint (
            screen, gdk_atom_intern_static_string ("_NET_WM_FRAME_DRAWN")))
        return;
    gdk_x11_window_set_frame_sync_enabled (window, FALSE);
    g_object_set_data (G_OBJECT (widget), FRAME_SYNC_OFF_KEY, GINT_TO_POINTER (TRUE));
#endif
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
    if (gtk_widget_get_realized (GTK_WIDGET (window)))
        window_realize_cb (GTK_WIDGET (window), NULL);
    else
        g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), NULL);
}

void
vireo_frame_sync_follow_window_manager (GtkApplication *app)
{
    g_return_if_fail (GTK_IS_APPLICATION (app));

    g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
}

gboolean
vireo_frame_sync_is_off (GtkWidget *window)
{
    g_return_val_if_fail (GTK_IS_WIDGET (window), FALSE);

    return g_object_get_data (G_OBJECT (window), FRAME_SYNC_OFF_KEY) != NULL;
}
