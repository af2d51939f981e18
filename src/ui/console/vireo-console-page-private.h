/* vireo-console-page-private.h: shared by the console page's files
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-page.h"
#include "vireo-display-recorder.h"

G_BEGIN_DECLS

struct _VireoConsolePage {
    GtkBox parent_instance;

    /* template widgets */
    GtkWidget           *toolbar_slot;
    GtkWidget           *toolbar;
    GtkMenuButton       *send_key_button;
    GtkMenuButton       *consoles_button;
    GtkWidget           *usb_button;
    GtkWidget           *clipboard_button;
    GtkWidget           *fullscreen_image;
    GtkStack            *stack;
    GtkSpinner          *spinner;
    GtkLabel            *status_title;
    GtkLabel            *status_detail;
    GtkWidget           *reconnect_button;
    GtkWidget           *display_box;
    GtkWidget           *top_edge;
    GtkRevealer         *revealer;
    GtkWidget           *fullscreen_slot;
    GtkWidget           *usb_box;
    GtkWidget           *record_indicator;
    GtkInfoBar          *info_bar;
    GtkLabel            *info_label;

    /* borrowed */
    GtkWidget           *toolbar_host;      /* where the toolbar sits out of fullscreen */

    /* owned */
    GSimpleActionGroup  *actions;
    GSettings           *settings;
    VireoConsoleSource  *source;
    VireoDisplay        *display;
    VireoDisplayRecorder *recorder;         /* the last recording */
    GCancellable        *cancellable;       /* cancelled on dispose */
    GCancellable        *open_cancellable;  /* this attempt */
    GtkWidget           *password_dialog;
    GHashTable          *accels;            /* detailed action -> accelerator */
    char                *release_accel;
    char                *title;
    char                *save_password;     /* remembered once connected */
    GPtrArray           *consoles;          /* VireoConsoleTarget* the source offers */
    char                *console_choice;    /* "graphics", a device alias; NULL: automatic */
    char                *shown_console;     /* the target shown or being opened, or NULL */
    gboolean             shown_is_text;     /* and whether it is a text console */
    GMenuModel          *graphics_keys;     /* the send-key menu of graphical consoles */
    GMenuModel          *text_keys;         /* and of text consoles */
    /* The menus the menu buttons show, changed in place: a menu button
     * given a new model destroys its popover, whose accessible GTK then
     * still answers for (and logs a critical) under a screen reader. */
    GMenu               *keys_menu;
    GMenuModel          *keys_shown;        /* which of the two it holds */
    GMenu               *consoles_menu;

    /* state */
    VireoConsoleState    state;
    gboolean             keyring_tried;
    gboolean             fullscreen;
    gboolean             toolbar_visible;
    guint                hide_overlay_id;
    guint                spinner_id;

    /* options */
    gboolean             wait;
    gboolean             auto_reconnect;
    guint                zoom;
    gboolean             resize_guest;
    VireoDisplayScaling  scaling;
};

void _vireo_console_page_init_actions    (VireoConsolePage *self);
/* Enables the actions that fit the current display and state. */
void _vireo_console_page_update_actions  (VireoConsolePage *self);
/* Applies the page's settings (zoom, scaling, release keys, clipboard) to a
 * new display. */
void _vireo_console_page_setup_display   (VireoConsolePage *self);
void _vireo_console_page_apply_fullscreen (VireoConsolePage *self);
/* Lets a running recording complete its file on its own (it ends when the
 * display closes) and drops the page's hold on it. */
void _vireo_console_page_dispose_recording (VireoConsolePage *self);

G_END_DECLS
