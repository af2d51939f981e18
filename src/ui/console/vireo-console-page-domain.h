/* vireo-console-page-domain.h: a console page showing a libvirt domain
 *
 * Part of the libvirt build (vireo-console-ui-domain): vireo-viewer, which
 * has no libvirt, neither links nor declares it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-page.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

/* Opens @domain's console (a VireoConsoleSourceDomain): through
 * virDomainOpenGraphicsFD for local connections, else the host and port of
 * its XML (tunnelled through ssh for qemu+ssh); its text consoles in the
 * Consoles menu. */
void              vireo_console_page_open_domain    (VireoConsolePage *self,
                                                     VireoDomain      *domain);
/* The domain of the page's source, or NULL when it shows no domain. */
VireoDomain      *vireo_console_page_get_domain     (VireoConsolePage *self);
/* Shows @domain's console the way the manager does: waiting for the domain
 * to start, connecting again after it restarts, clipboard sharing
 * remembered in @settings (may be NULL). */
void              vireo_console_page_follow_domain  (VireoConsolePage *self,
                                                     VireoDomain      *domain,
                                                     GSettings        *settings);
/* A new page following @domain (vireo_console_page_follow_domain()), for
 * a window to embed. */
VireoConsolePage *vireo_console_page_new_for_domain (VireoDomain      *domain,
                                                     GSettings        *settings)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
