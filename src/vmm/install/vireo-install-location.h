/* vireo-install-location.h: the kernel and initrd of a --location install
 *
 * A location is a directory tree, an ISO image or an http(s) URL.  Where the
 * kernel and initrd sit inside it comes from libosinfo (the tree's
 * .treeinfo, the ISO's volume id, or the tree/media entries of the OS), or
 * from kernel=/initrd=.  They are copied into the connection's storage so
 * that QEMU can read them: ISOs are read with xorriso, URLs fetched over
 * GIO's sockets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <osinfo/osinfo.h>

G_BEGIN_DECLS

typedef struct {
    char     *location;
    gboolean  is_iso;
    gboolean  is_url;
    char     *kernel;       /* inside the location */
    char     *initrd;
    OsinfoOs *os;           /* what the location identified itself as, or NULL */
} VireoInstallLocation;

void      vireo_install_location_free  (VireoInstallLocation *loc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallLocation, vireo_install_location_free)

/* Finds the kernel and initrd in @location for a guest of @arch.  @os (may
 * be NULL) narrows libosinfo's candidates; @kernel and @initrd (may be NULL)
 * are the user's kernel=/initrd=.  With @detect, the OS the location holds
 * is identified (loc->os); without it, and with both @kernel and @initrd,
 * the location is only checked for those files.  Fails with one sentence
 * when the location cannot be read or holds no kernel libosinfo knows of. */
VireoInstallLocation *vireo_install_location_find (const char *location,
                                                   OsinfoOs   *os,
                                                   const char *arch,
                                                   const char *kernel,
                                                   const char *initrd,
                                                   gboolean    detect,
                                                   GError    **error) G_GNUC_WARN_UNUSED_RESULT;

/* Copies @path (inside the location) to the local file @dest. */
gboolean  vireo_install_location_fetch (VireoInstallLocation *loc,
                                        const char           *path,
                                        const char           *dest,
                                        GError              **error);

/* Downloads an http:// or https:// @uri to @dest (following redirects);
 * exposed for tests. */
gboolean  vireo_install_http_get       (const char *uri,
                                        const char *dest,
                                        GError    **error);

G_END_DECLS
