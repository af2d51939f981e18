/* vireo-display-fd-provider.h: where a display gets its connected sockets
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIREO_TYPE_DISPLAY_FD_PROVIDER (vireo_display_fd_provider_get_type ())
G_DECLARE_INTERFACE (VireoDisplayFdProvider, vireo_display_fd_provider, VIREO,
                     DISPLAY_FD_PROVIDER, GObject)

/*
 * A display given a provider (vireo_display_set_fd_provider()) connects
 * through the sockets it hands over instead of a host and port: one for a
 * VNC connection, one per channel for SPICE (spice-gtk asks again for each
 * channel it opens).  A domain's console source gives one that asks libvirt
 * (virDomainOpenGraphicsFD); the display knows nothing of where the sockets
 * come from.
 */
struct _VireoDisplayFdProviderInterface {
    GTypeInterface parent_iface;

    void (*open_fd_async)  (VireoDisplayFdProvider *self,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data);
    int  (*open_fd_finish) (VireoDisplayFdProvider *self,
                            GAsyncResult           *result,
                            GError                **error);
};

/* A new connected stream socket, which the caller owns (closes), or -1 with
 * @error. */
void vireo_display_fd_provider_open_fd_async  (VireoDisplayFdProvider *self,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
int  vireo_display_fd_provider_open_fd_finish (VireoDisplayFdProvider *self,
                                               GAsyncResult           *result,
                                               GError                **error);

G_END_DECLS
