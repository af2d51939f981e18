/* vireo-viewer-connect.h: how vireo-viewer opens --connect URI DOMAIN
 *
 * One header, two implementations, each compiled once into a different
 * executable (see src/meson.build):
 *   vireo-viewer-connect-exec.c     vireo-viewer, which has no libvirt:
 *                                   runs vireo-viewer-libvirt with the same
 *                                   arguments, in the same process (exec);
 *   vireo-viewer-connect-libvirt.c  vireo-viewer-libvirt (and the tests):
 *                                   opens the connection, finds the domain
 *                                   and shows its console.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-viewer-application.h"

G_BEGIN_DECLS

/* From handle_local_options when --connect is given: -1 to go on (the
 * command line then calls _vireo_viewer_connect_open()), else the status
 * to exit with. */
int  _vireo_viewer_connect_handle_local (VireoViewerApplication *self);
/* Connects to the application's connect_uri and shows the console of its
 * domain_name, with its options (wait, reconnect, attach). */
void _vireo_viewer_connect_open         (VireoViewerApplication *self);
/* Lets go of the connection (at dispose). */
void _vireo_viewer_connect_dispose      (VireoViewerApplication *self);

G_END_DECLS
