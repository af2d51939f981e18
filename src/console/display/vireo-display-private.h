/* vireo-display-private.h: helpers the display subclasses report through
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-display.h"

G_BEGIN_DECLS

/* The protocol handshake is done: completes a pending open, emits
 * ::connected. */
void         _vireo_display_report_connected   (VireoDisplay *self);
/* A failure: completes a pending open with @error, or (when connected)
 * emits ::disconnected.  @error NULL means a clean close. */
void         _vireo_display_report_failed      (VireoDisplay *self,
                                                const GError *error);
/* The guest's framebuffer changed (size in guest pixels). */
void         _vireo_display_report_size        (VireoDisplay *self,
                                                int           width,
                                                int           height);
/* A framebuffer update arrived.  ::first-frame follows once @drawn (the
 * protocol widget) has drawn after it, or at once when it is not mapped. */
void         _vireo_display_report_update      (VireoDisplay *self,
                                                GtkWidget    *drawn);
/* Asks for credentials: emits ::auth-required.  FALSE when nobody handles
 * it; the open is then failed with VIREO_CONSOLE_ERROR_AUTH. */
gboolean     _vireo_display_request_auth       (VireoDisplay *self,
                                                gboolean      need_username,
                                                gboolean      need_password,
                                                const char   *reason);
void         _vireo_display_report_grab        (VireoDisplay *self,
                                                gboolean      grabbed);

const char  *_vireo_display_get_username       (VireoDisplay *self);
const char  *_vireo_display_get_password       (VireoDisplay *self);
/* TRUE while an open task is pending. */
gboolean     _vireo_display_is_opening         (VireoDisplay *self);
GCancellable *_vireo_display_get_cancellable   (VireoDisplay *self);

/* A socket from the display's fd provider, asked with the display's
 * cancellable (close() cancels it); the result's source object is the
 * display, and its value a new file descriptor (or -1 with an error). */
void         _vireo_display_open_fd_async      (VireoDisplay       *self,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
int          _vireo_display_open_fd_finish     (VireoDisplay  *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* Modifier bits of @mods as left-hand modifier keyvals followed by @keyval;
 * returns the count (at most 5). */
guint        _vireo_display_accel_to_keyvals   (guint           keyval,
                                                GdkModifierType mods,
                                                guint           out[5]);

G_END_DECLS
