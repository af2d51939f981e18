/* vireo-domain-fd-provider.h: sockets to a local domain's graphics device, from libvirt
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-display-fd-provider.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_FD_PROVIDER (vireo_domain_fd_provider_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomainFdProvider, vireo_domain_fd_provider, VIREO,
                      DOMAIN_FD_PROVIDER, GObject)

/*
 * A VireoDisplayFdProvider whose every socket is a new
 * vireo_domain_open_graphics_fd_async() on graphics device number
 * @graphics_index of @domain (no TCP port, no password): what a display of
 * a domain on this computer connects through.  Part of the libvirt build.
 */
VireoDisplayFdProvider *vireo_domain_fd_provider_new (VireoDomain *domain,
                                                      guint        graphics_index)
    G_GNUC_WARN_UNUSED_RESULT;
VireoDomain            *vireo_domain_fd_provider_get_domain         (VireoDomainFdProvider *self);
guint                   vireo_domain_fd_provider_get_graphics_index (VireoDomainFdProvider *self);

G_END_DECLS
