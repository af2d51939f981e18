/* vireo-console-page.h: one console (SPICE, VNC or a serial text console) with its toolbar and status
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-console-file.h"
#include "vireo-display.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_PAGE (vireo_console_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoConsolePage, vireo_console_page, VIREO, CONSOLE_PAGE, GtkBox)

typedef enum {
    VIREO_CONSOLE_STATE_IDLE,          /* nothing opened yet */
    VIREO_CONSOLE_STATE_CONNECTING,
    VIREO_CONSOLE_STATE_WAITING,       /* for the guest to start */
    VIREO_CONSOLE_STATE_CONNECTED,
    VIREO_CONSOLE_STATE_DISCONNECTED,  /* with a reason; Reconnect offered */
} VireoConsoleState;

/*
 * The page shows a status ("Connecting…", "Waiting for the guest to
 * start", "Disconnected" with the reason and a Reconnect button) until its
 * display connects.  Its toolbar works through the action group "console"
 * (inserted on the page; windows insert it on themselves too so that
 * accelerators reach it):
 *   send-key (s)  "ctrl-alt-del", "ctrl-alt-backspace", "ctrl-alt-f1".."f12", "print"
 *   screenshot, zoom-in, zoom-out, zoom-reset, scaling (s state: always,
 *   fullscreen, never), resize-guest (b), clipboard (b, SPICE), usb (SPICE),
 *   grab-keyboard (b), fullscreen (b), record (b: to a WebM file the user
 *   picks), record-to (s: a path, no dialog), reconnect, about-connection,
 *   show-console (s: "graphics" or a serial/virtio console's alias),
 *   send-text-key (s: "ctrl-c", "ctrl-d", "ctrl-z", "ctrl-backslash",
 *   "escape", "tab"; to a text console)
 * Every reconnect makes a new display widget.
 *
 * Signals: ::first-frame (), ::status-changed ()
 * Properties: title, state, fullscreen
 */
VireoConsolePage *vireo_console_page_new               (void);

/* Where clipboard sharing is remembered per VM (key "clipboard-sharing");
 * NULL remembers nothing. */
void          vireo_console_page_set_settings          (VireoConsolePage    *self,
                                                        GSettings           *settings);

/* Options, set before opening. */
/* Wait for a domain that is not running to start, instead of failing. */
void          vireo_console_page_set_wait              (VireoConsolePage *self,
                                                        gboolean          wait);
/* Connect again when the domain restarts after its console went away. */
void          vireo_console_page_set_auto_reconnect    (VireoConsolePage *self,
                                                        gboolean          reconnect);
/* Only virDomainOpenGraphicsFD (no TCP), for local domains. */
void          vireo_console_page_set_attach            (VireoConsolePage *self,
                                                        gboolean          attach);
void          vireo_console_page_set_zoom              (VireoConsolePage *self,
                                                        guint             percent);
void          vireo_console_page_set_resize_guest      (VireoConsolePage *self,
                                                        gboolean          resize);
/* Hotkeys in the .vv syntax: "toggle-fullscreen=shift+f11,release-cursor=ctrl+alt".
 * Actions: toggle-fullscreen, release-cursor, zoom-in, zoom-out,
 * zoom-reset, secure-attention; others are accepted and ignored. */
gboolean      vireo_console_page_set_hotkeys           (VireoConsolePage *self,
                                                        const char       *hotkeys,
                                                        GError          **error);
/* Converts one .vv hotkey ("ctrl+alt+f11") to a GTK accelerator
 * ("<Control><Alt>F11"); NULL when invalid. */
char         *vireo_console_page_hotkey_to_accel       (const char *hotkey);
/* The accelerator bound to a console action ("console.zoom-in"), or NULL. */
const char   *vireo_console_page_get_accel             (VireoConsolePage *self,
                                                        const char       *detailed_action);
/* Hides the toolbar everywhere (kiosk mode). */
void          vireo_console_page_set_toolbar_visible   (VireoConsolePage *self,
                                                        gboolean          visible);

/* Opens a .vv file's or URI's console (SPICE or VNC). */
void          vireo_console_page_open_file             (VireoConsolePage    *self,
                                                        VireoConsoleFile *file);
/* Opens a libvirt domain's console: virDomainOpenGraphicsFD for local
 * connections, else host/port from the domain XML (tunnelled through ssh
 * for qemu+ssh). */
void          vireo_console_page_open_domain           (VireoConsolePage *self,
                                                        VireoDomain      *domain);
void          vireo_console_page_reconnect             (VireoConsolePage *self);
void          vireo_console_page_disconnect            (VireoConsolePage *self);

VireoConsoleState vireo_console_page_get_state         (VireoConsolePage *self);
/* The status page's heading and detail ("" when none). */
const char   *vireo_console_page_get_status_title      (VireoConsolePage *self);
const char   *vireo_console_page_get_status_detail     (VireoConsolePage *self);
const char   *vireo_console_page_get_title             (VireoConsolePage *self);
/* The current display widget, or NULL. */
VireoDisplay *vireo_console_page_get_display           (VireoConsolePage *self);
VireoDomain  *vireo_console_page_get_domain            (VireoConsolePage *self);
VireoConsoleFile *vireo_console_page_get_file       (VireoConsolePage *self);
GActionGroup *vireo_console_page_get_action_group      (VireoConsolePage *self);

void          vireo_console_page_set_fullscreen        (VireoConsolePage *self,
                                                        gboolean          fullscreen);
gboolean      vireo_console_page_get_fullscreen        (VireoConsolePage *self);
/* Whether the fullscreen overlay toolbar is shown now. */
gboolean      vireo_console_page_get_overlay_revealed  (VireoConsolePage *self);
/* As if the pointer touched the top edge in fullscreen. */
void          vireo_console_page_reveal_overlay        (VireoConsolePage *self);

/* The open password prompt, or NULL. */
GtkWidget    *vireo_console_page_get_password_dialog   (VireoConsolePage *self);
/* "clipboard-sharing" key of this console: the VM's UUID, or host:port. */
char         *vireo_console_page_get_clipboard_key     (VireoConsolePage *self);

G_END_DECLS
