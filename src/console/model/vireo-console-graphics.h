/* vireo-console-graphics.h: a domain's <graphics> devices, read from its XML
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    VIREO_GRAPHICS_SPICE,
    VIREO_GRAPHICS_VNC,
} VireoGraphicsType;

typedef struct {
    VireoGraphicsType  type;
    guint              index;      /* among all <graphics>: virDomainOpenGraphicsFD's idx */
    int                port;       /* -1 when there is none (or not allocated yet) */
    int                tls_port;   /* SPICE only; -1 when none */
    char              *listen;     /* listen address, or NULL */
    char              *socket;     /* UNIX socket path, or NULL */
} VireoGraphicsInfo;

void      vireo_graphics_info_free  (VireoGraphicsInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoGraphicsInfo, vireo_graphics_info_free)

/* The SPICE and VNC <graphics> devices of a domain XML (other types such
 * as sdl, rdp or egl-headless are skipped, but counted in the indexes);
 * a GPtrArray of VireoGraphicsInfo*, empty when there are none. */
GPtrArray *vireo_graphics_info_parse (const char *xml,
                                      GError    **error) G_GNUC_WARN_UNUSED_RESULT;

/* The console to show: the first SPICE device, else the first VNC one;
 * NULL when there is none. */
const VireoGraphicsInfo *vireo_graphics_info_pick (GPtrArray *infos);

/* Where a remote client reaches @info: its listen address unless that is a
 * wildcard ("0.0.0.0", "::", empty) or NULL; then @uri_host (the libvirt
 * URI's host); newly allocated. */
char      *vireo_graphics_info_dup_host (const VireoGraphicsInfo *info,
                                         const char              *uri_host)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
