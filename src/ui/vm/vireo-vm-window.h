/* vireo-vm-window.h: one window per VM, with its Console and Details views
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-details-view.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_VM_WINDOW (vireo_vm_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoVmWindow, vireo_vm_window, VIREO, VM_WINDOW, GtkApplicationWindow)

typedef enum {
    VIREO_VM_VIEW_CONSOLE,
    VIREO_VM_VIEW_DETAILS,
    VIREO_VM_VIEW_PERFORMANCE,   /* the Details view on its Performance page */
    VIREO_VM_VIEW_SNAPSHOTS,     /* the snapshots (src/ui/domain-ops) */
} VireoVmView;

/*
 * The toolbar has Run, Pause (Resume for a paused VM), a Shut Down menu
 * (shut down, reboot, reset, force off, save), the console's own actions
 * (send key, screenshot, zoom, USB, clipboard, fullscreen) while the
 * Console view is shown, and a switch between Console and Details.  The
 * console page comes from the console module (loaded the first time the
 * Console view is shown, so that a window that only shows Details maps no
 * console stack); the Details view reads the definition with the domain
 * editor.  Actions: win.run, win.pause, win.resume, win.shutdown,
 * win.reboot, win.reset, win.force-off, win.save, win.view (s: "console",
 * "details"), win.show-performance, win.close.  Pause, reset and force off
 * ask first (vireo_confirm_async()) unless Preferences turned that off.
 *
 * The window closes when its VM is deleted or its connection closed.  When
 * the connection drops instead (a daemon that died), it stays and says so,
 * nothing that needs the VM works, and once the connection is back it shows
 * the VM of the same UUID again (a new VireoDomain: its views are made
 * afresh), or closes when the VM is gone.  One window per VM: find and
 * present match a window by connection and UUID.
 */
GtkWidget        *vireo_vm_window_new              (GtkApplication *application,
                                                    VireoDomain    *domain,
                                                    GSettings      *settings);
/* @application's window of @domain, or NULL. */
VireoVmWindow    *vireo_vm_window_find             (GtkApplication *application,
                                                    VireoDomain    *domain);
/* Presents @application's window of @domain on @view, opening one when
 * there is none. */
VireoVmWindow    *vireo_vm_window_present          (GtkApplication *application,
                                                    VireoDomain    *domain,
                                                    GSettings      *settings,
                                                    VireoVmView     view);
void              vireo_vm_window_set_view         (VireoVmWindow  *self,
                                                    VireoVmView     view);
VireoVmView       vireo_vm_window_get_view         (VireoVmWindow  *self);
VireoDomain      *vireo_vm_window_get_domain       (VireoVmWindow  *self);
VireoDetailsView *vireo_vm_window_get_details      (VireoVmWindow  *self);
/* A VM customized before its install began (the New VM wizard): the
 * window shows a bar with @message (NULL: what to do), Begin Installation
 * and Cancel Installation, which emit "begin-installation" and
 * "cancel-installation" (Begin asks first to apply or revert unapplied
 * changes); Run is off while @pending; closing the window asks whether to
 * cancel the installation (and emits "cancel-installation" if so).  @busy:
 * the buttons are insensitive (the install begins or is being removed). */
void              vireo_vm_window_set_install_pending (VireoVmWindow *self,
                                                       gboolean       pending,
                                                       gboolean       busy,
                                                       const char    *message);
gboolean          vireo_vm_window_get_install_pending (VireoVmWindow *self);
/* The console page (a VireoConsolePage of the console module) once the
 * Console view was shown, or NULL. */
GtkWidget        *vireo_vm_window_get_console_page (VireoVmWindow  *self);

G_END_DECLS
