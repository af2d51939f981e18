/* vireo-domain-fd-provider.c: sockets to a local domain's graphics device, from libvirt
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <unistd.h>

#include "vireo-domain-fd-provider.h"

struct _VireoDomainFdProvider {
    GObject parent_instance;

    /* owned */
    VireoDomain *domain;
    guint        graphics_index;
};

static void vireo_domain_fd_provider_iface_init (VireoDisplayFdProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoDomainFdProvider, vireo_domain_fd_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_DISPLAY_FD_PROVIDER,
                                                      vireo_domain_fd_provider_iface_init))

/* ------------------------------------------------------------------------ */
/* Callbacks */

static void
graphics_fd_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    int fd;

    fd = vireo_domain_open_graphics_fd_finish (VIREO_DOMAIN (source), result, &error);
    if (fd < 0) {
        g_task_return_error (task, error);
        return;
    }
    if (g_task_return_error_if_cancelled (task)) {
        close (fd);
        return;
    }
    g_task_return_int (task, fd);
}

/* ------------------------------------------------------------------------ */
/* VireoDisplayFdProvider */

static void
vireo_domain_fd_provider_open_fd_async (VireoDisplayFdProvider *provider,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
    VireoDomainFdProvider *self = VIREO_DOMAIN_FD_PROVIDER (provider);
    g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

    g_task_set_source_tag (task, vireo_domain_fd_provider_open_fd_async);
    vireo_domain_open_graphics_fd_async (self->domain, self->graphics_index, cancellable,
                                         graphics_fd_cb, g_steal_pointer (&task));
}

static int
vireo_domain_fd_provider_open_fd_finish (VireoDisplayFdProvider *provider,
                                         GAsyncResult           *result,
                                         GError                **error)
{
    g_return_val_if_fail (g_task_is_valid (result, provider), -1);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_domain_fd_provider_open_fd_async, -1);

    return (int) g_task_propagate_int (G_TASK (result), error);
}

static void
vireo_domain_fd_provider_iface_init (VireoDisplayFdProviderInterface *iface)
{
    iface->open_fd_async = vireo_domain_fd_provider_open_fd_async;
    iface->open_fd_finish = vireo_domain_fd_provider_open_fd_finish;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
vireo_domain_fd_provider_dispose (GObject *object)
{
    g_clear_object (&VIREO_DOMAIN_FD_PROVIDER (object)->domain);
    G_OBJECT_CLASS (vireo_domain_fd_provider_parent_class)->dispose (object);
}

static void
vireo_domain_fd_provider_class_init (VireoDomainFdProviderClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = vireo_domain_fd_provider_dispose;
}

static void
vireo_domain_fd_provider_init (VireoDomainFdProvider *self)
{
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoDisplayFdProvider *
vireo_domain_fd_provider_new (VireoDomain *domain,
                              guint        graphics_index)
{
    VireoDomainFdProvider *self;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIREO_TYPE_DOMAIN_FD_PROVIDER, NULL);
    self->domain = g_object_ref (domain);
    self->graphics_index = graphics_index;
    return VIREO_DISPLAY_FD_PROVIDER (self);
}

VireoDomain *
vireo_domain_fd_provider_get_domain (VireoDomainFdProvider *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_FD_PROVIDER (self), NULL);

    return self->domain;
}

guint
vireo_domain_fd_provider_get_graphics_index (VireoDomainFdProvider *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_FD_PROVIDER (self), 0);

    return self->graphics_index;
}
