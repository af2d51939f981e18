/* vireo-console-page.h: one console (SPICE, VNC or a serial text console) with its toolbar and status
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-console-file.h"
#include "vireo-console-source.h"
#include "vireo-display.h"

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
 * What it shows comes from a VireoConsoleSource (vireo_console_page_open_source()):
 * the title, whether the console can be opened now, the consoles of the
 * Consoles menu, the display for each, the keys of remembered passwords and
 * of clipboard sharing, and the "About This Connection" text.  Domains are
 * opened through vireo-console-page-domain.h in the libvirt build.
 *
 * Signals: ::first-frame (), ::status-changed ()
 * Properties: title, state, fullscreen, source, toolbar-host
 */
VireoConsolePage *vireo_console_page_new               (void) G_GNUC_WARN_UNUSED_RESULT;

/* Where clipboard sharing is remembered per VM (key "clipboard-sharing");
 * NULL remembers nothing. */
void          vireo_console_page_set_settings          (VireoConsolePage    *self,
                                                        GSettings           *settings);

/* Options, set before opening. */
/* Wait for a source that is not available (a domain that is not running)
 * to become available, instead of failing. */
void          vireo_console_page_set_wait              (VireoConsolePage *self,
                                                        gboolean          wait);
/* Connect again when the source becomes available again (the domain
 * restarts) after its console went away. */
void          vireo_console_page_set_auto_reconnect    (VireoConsolePage *self,
                                                        gboolean          reconnect);
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
char         *vireo_console_page_hotkey_to_accel       (const char *hotkey)
    G_GNUC_WARN_UNUSED_RESULT;
/* The accelerator bound to a console action ("console.zoom-in"), or NULL. */
const char   *vireo_console_page_get_accel             (VireoConsolePage *self,
                                                        const char       *detailed_action);
/* Puts the toolbar in @host (a window's own toolbar) instead of above the
 * display, out of fullscreen; NULL gives it back.  The page takes it back
 * when @host is destroyed.  Also the property "toolbar-host", which a
 * window that loads the console stack as a module sets without linking
 * it. */
void          vireo_console_page_set_toolbar_host      (VireoConsolePage *self,
                                                        GtkContainer     *host);
/* Hides the toolbar everywhere (kiosk mode). */
void          vireo_console_page_set_toolbar_visible   (VireoConsolePage *self,
                                                        gboolean          visible);

/* Shows @source's console (its graphical console, else its first text
 * console, or the one chosen in the Consoles menu), waiting for it when it
 * is not available and the page waits. */
void          vireo_console_page_open_source           (VireoConsolePage   *self,
                                                        VireoConsoleSource *source);
/* Opens a .vv file's or URI's console (SPICE or VNC): a
 * VireoConsoleSourceFile. */
void          vireo_console_page_open_file             (VireoConsolePage *self,
                                                        VireoConsoleFile *file);
void          vireo_console_page_reconnect             (VireoConsolePage *self);
void          vireo_console_page_disconnect            (VireoConsolePage *self);

VireoConsoleState vireo_console_page_get_state         (VireoConsolePage *self);
/* The status page's heading and detail ("" when none). */
const char   *vireo_console_page_get_status_title      (VireoConsolePage *self);
const char   *vireo_console_page_get_status_detail     (VireoConsolePage *self);
const char   *vireo_console_page_get_title             (VireoConsolePage *self);
/* The current display widget, or NULL. */
VireoDisplay *vireo_console_page_get_display           (VireoConsolePage *self);
/* The source opened last, or NULL. */
VireoConsoleSource *vireo_console_page_get_source      (VireoConsolePage *self);
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
/* "clipboard-sharing" key of this console (its source's): the VM's UUID, or
 * host:port; NULL when none. */
char         *vireo_console_page_dup_clipboard_key     (VireoConsolePage *self)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
