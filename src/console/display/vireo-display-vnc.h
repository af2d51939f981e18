/* vireo-display-vnc.h: a VNC console (gtk-vnc)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-display.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISPLAY_VNC (vireo_display_vnc_get_type ())
G_DECLARE_FINAL_TYPE (VireoDisplayVnc, vireo_display_vnc, VIREO, DISPLAY_VNC, VireoDisplay)

/*
 * Where to connect, set before vireo_display_open_async(): a host and port,
 * a UNIX socket, a connected socket (set_fd), or an fd provider
 * (vireo_display_set_fd_provider()).  Credentials asked by the server are taken
 * from vireo_display_set_credentials(); when missing or refused the display
 * emits ::auth-required.
 */
VireoDisplay *vireo_display_vnc_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void          vireo_display_vnc_set_host        (VireoDisplayVnc *self,
                                                 const char      *host,
                                                 guint            port);
void          vireo_display_vnc_set_unix_path   (VireoDisplayVnc *self,
                                                 const char      *path);
/* Takes ownership of @fd, a connected stream socket. */
void          vireo_display_vnc_set_fd          (VireoDisplayVnc *self,
                                                 int              fd);
void          vireo_display_vnc_set_keep_aspect (VireoDisplayVnc *self,
                                                 gboolean         keep_aspect);
/* The gtk-vnc widget (borrowed), for what Vireo does not wrap. */
GtkWidget    *vireo_display_vnc_get_vnc_widget  (VireoDisplayVnc *self);

G_END_DECLS
