/* vireo-display.h: the console display widget (base of SPICE, VNC and serial)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-display-fd-provider.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISPLAY (vireo_display_get_type ())
G_DECLARE_DERIVABLE_TYPE (VireoDisplay, vireo_display, VIREO, DISPLAY, GtkEventBox)

typedef enum {
    VIREO_DISPLAY_SCALING_NEVER,            /* the guest's pixels, 1:1 (times the zoom) */
    VIREO_DISPLAY_SCALING_ALWAYS,           /* fit the widget, keeping the aspect ratio */
    VIREO_DISPLAY_SCALING_FULLSCREEN_ONLY,  /* fit only while the window is fullscreen */
} VireoDisplayScaling;

#define VIREO_DISPLAY_ZOOM_MIN 10
#define VIREO_DISPLAY_ZOOM_MAX 400

/*
 * A display connects once (open_async), shows the guest and reports:
 *   ::connected ()                  the protocol handshake is done
 *   ::first-frame ()                the first guest frame has been drawn
 *   ::disconnected (GError *error)  the link is gone; @error says why (NULL
 *                                   when vireo_display_close() was called)
 *   ::auth-required (gboolean need_username, gboolean need_password,
 *                    const char *reason) -> gboolean handled
 *                                   the server wants credentials (@reason is
 *                                   NULL the first time, else why the last
 *                                   ones failed).  A handler that returns
 *                                   TRUE answers later with
 *                                   vireo_display_set_credentials() or gives
 *                                   up with vireo_display_close(); with no
 *                                   handler the open fails with
 *                                   VIREO_CONSOLE_ERROR_AUTH.
 *   ::size-changed (int width, int height)  the guest's framebuffer size
 * Properties: title, connected, scaling, zoom, fullscreen, keyboard-grabbed,
 *   resize-guest, fd-provider
 *
 * Subclasses implement the virtual methods; the base keeps the state,
 * completes the open task and emits the signals (see
 * vireo-display-private.h).
 */
struct _VireoDisplayClass {
    GtkEventBoxClass parent_class;

    /* Starts connecting without blocking.  The default open_async calls it
     * and completes when the subclass reports connected or failed. */
    gboolean    (*start)            (VireoDisplay *self,
                                     GError      **error);
    void        (*open_async)       (VireoDisplay       *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
    gboolean    (*open_finish)      (VireoDisplay *self,
                                     GAsyncResult *result,
                                     GError      **error);
    void        (*close)            (VireoDisplay *self);
    /* Called after vireo_display_set_credentials(): retry with them. */
    void        (*credentials_set)  (VireoDisplay *self);
    /* Presses (@press TRUE) or releases the keys; the base class queues
     * combinations and releases each a moment after pressing it. */
    void        (*send_keys)        (VireoDisplay *self,
                                     const guint  *keyvals,
                                     guint         n_keyvals,
                                     gboolean      press);
    GdkPixbuf  *(*dup_pixbuf)       (VireoDisplay *self);
    void        (*apply_scaling)    (VireoDisplay *self,
                                     gboolean      scale_to_fit);
    void        (*apply_zoom)       (VireoDisplay *self,
                                     guint         percent);
    void        (*set_resize_guest) (VireoDisplay *self,
                                     gboolean      resize);
    void        (*set_keyboard_grab)(VireoDisplay *self,
                                     gboolean      grab);
    void        (*set_release_keys) (VireoDisplay *self,
                                     const guint  *keyvals,
                                     guint         n_keyvals);

    gpointer padding[8];
};

/* Connecting. */
void         vireo_display_open_async        (VireoDisplay       *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean     vireo_display_open_finish       (VireoDisplay  *self,
                                              GAsyncResult  *result,
                                              GError       **error);
void         vireo_display_close             (VireoDisplay *self);
gboolean     vireo_display_get_connected     (VireoDisplay *self);
/* Sets the credentials used at the next (or the pending) authentication.
 * Either may be NULL.  They are kept in memory only and never logged. */
void         vireo_display_set_credentials   (VireoDisplay *self,
                                              const char   *username,
                                              const char   *password);

/* Connect through the sockets @provider hands over (a local guest's, from
 * libvirt: no TCP port, no password) instead of a host and port.  Set
 * before open_async; the subclass's host/port settings are then unused.
 * NULL goes back to them. */
void         vireo_display_set_fd_provider   (VireoDisplay           *self,
                                              VireoDisplayFdProvider *provider);
VireoDisplayFdProvider *vireo_display_get_fd_provider (VireoDisplay *self);

const char  *vireo_display_get_title         (VireoDisplay *self);
void         vireo_display_set_title         (VireoDisplay *self,
                                              const char   *title);

/* The guest framebuffer's size; FALSE before the first frame. */
gboolean     vireo_display_get_guest_size    (VireoDisplay *self,
                                              int          *width,
                                              int          *height);
gboolean     vireo_display_has_first_frame   (VireoDisplay *self);

/* Input: a key combination, pressed in order and released in reverse a
 * moment later; combinations sent in a row are queued. */
void         vireo_display_send_keys         (VireoDisplay *self,
                                              const guint  *keyvals,
                                              guint         n_keyvals);
/* Types @text (ASCII letters, digits, punctuation, '\n' as Return) one key
 * at a time.  For tests and for pasting short strings. */
void         vireo_display_type_text         (VireoDisplay *self,
                                              const char   *text);
void         vireo_display_grab_keyboard     (VireoDisplay *self);
void         vireo_display_release_keyboard  (VireoDisplay *self);
gboolean     vireo_display_get_keyboard_grabbed (VireoDisplay *self);
/* The key combination that releases a keyboard/pointer grab, as a GTK
 * accelerator ("<Control><Alt>", "<Shift>F12").  NULL restores the
 * protocol's default (Ctrl+Alt). */
gboolean     vireo_display_set_release_keys  (VireoDisplay *self,
                                              const char   *accelerator,
                                              GError      **error);

/* Screenshots: the guest framebuffer at its own size (NULL before the
 * first frame). */
GdkPixbuf   *vireo_display_dup_pixbuf        (VireoDisplay *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean     vireo_display_save_screenshot   (VireoDisplay *self,
                                              const char   *path,
                                              GError      **error);

/* Scaling and zoom. */
void         vireo_display_set_scaling       (VireoDisplay        *self,
                                              VireoDisplayScaling  scaling);
VireoDisplayScaling vireo_display_get_scaling (VireoDisplay *self);
/* Tells the display whether its window is fullscreen (for
 * VIREO_DISPLAY_SCALING_FULLSCREEN_ONLY). */
void         vireo_display_set_fullscreen    (VireoDisplay *self,
                                              gboolean      fullscreen);
gboolean     vireo_display_get_fullscreen    (VireoDisplay *self);
/* TRUE when the picture is currently scaled to fit the widget. */
gboolean     vireo_display_get_scale_to_fit  (VireoDisplay *self);
void         vireo_display_set_zoom          (VireoDisplay *self,
                                              guint         percent);
guint        vireo_display_get_zoom          (VireoDisplay *self);
void         vireo_display_zoom_in           (VireoDisplay *self);
void         vireo_display_zoom_out          (VireoDisplay *self);
void         vireo_display_zoom_reset        (VireoDisplay *self);
/* Ask the guest (SPICE agent) to follow the widget's size. */
void         vireo_display_set_resize_guest  (VireoDisplay *self,
                                              gboolean      resize);
gboolean     vireo_display_get_resize_guest  (VireoDisplay *self);

G_END_DECLS
