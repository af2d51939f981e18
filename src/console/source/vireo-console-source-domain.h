/* vireo-console-source-domain.h: the consoles of a libvirt domain
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-source.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_SOURCE_DOMAIN (vireo_console_source_domain_get_type ())
G_DECLARE_FINAL_TYPE (VireoConsoleSourceDomain, vireo_console_source_domain, VIREO,
                      CONSOLE_SOURCE_DOMAIN, GObject)

/*
 * The consoles of a VireoDomain: its first SPICE or VNC <graphics> and its
 * text consoles (serial and virtio consoles on a pty or UNIX socket), read
 * from its XML each time they are listed or one is opened.  Part of the
 * libvirt build only.
 *
 * A graphical console of a domain on this computer is reached through
 * virDomainOpenGraphicsFD (a VireoDomainFdProvider: no TCP port, no
 * password); a remote one at the host and port of its XML, through an ssh
 * tunnel for qemu+ssh connections.  Text consoles are VireoDisplaySerial.
 *
 * Available while the domain is active (running or paused): "available" is
 * notified when the domain starts or stops.  Title: the domain's name.
 * Passwords of remote consoles are remembered under the libvirt URI's host,
 * the console's port and "URI#UUID"; clipboard sharing under the UUID.
 */
VireoConsoleSource *vireo_console_source_domain_new        (VireoDomain              *domain)
    G_GNUC_WARN_UNUSED_RESULT;
VireoDomain        *vireo_console_source_domain_get_domain (VireoConsoleSourceDomain *self);
/* Only virDomainOpenGraphicsFD: opening a graphical console of a remote
 * domain fails instead of using its TCP port (vireo-viewer --attach). */
void                vireo_console_source_domain_set_attach (VireoConsoleSourceDomain *self,
                                                            gboolean                  attach);
gboolean            vireo_console_source_domain_get_attach (VireoConsoleSourceDomain *self);

G_END_DECLS
