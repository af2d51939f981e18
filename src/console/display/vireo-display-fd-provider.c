/* vireo-display-fd-provider.c: where a display gets its connected sockets
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-display-fd-provider.h"

G_DEFINE_INTERFACE (VireoDisplayFdProvider, vireo_display_fd_provider, G_TYPE_OBJECT)

static void
vireo_display_fd_provider_default_init (VireoDisplayFdProviderInterface *iface)
{
}

void
vireo_display_fd_provider_open_fd_async (VireoDisplayFdProvider *self,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data)
{
    g_return_if_fail (VIREO_IS_DISPLAY_FD_PROVIDER (self));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    VIREO_DISPLAY_FD_PROVIDER_GET_IFACE (self)->open_fd_async (self, cancellable, callback,
                                                               user_data);
}

int
vireo_display_fd_provider_open_fd_finish (VireoDisplayFdProvider *self,
                                          GAsyncResult           *result,
                                          GError                **error)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_FD_PROVIDER (self), -1);
    g_return_val_if_fail (G_IS_ASYNC_RESULT (result), -1);
    g_return_val_if_fail (error == NULL || *error == NULL, -1);

    return VIREO_DISPLAY_FD_PROVIDER_GET_IFACE (self)->open_fd_finish (self, result, error);
}
