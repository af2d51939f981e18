/* vireo-osinfo-media.h: what libosinfo knows about install media and trees
 *
 * Where the installer's kernel and initrd sit inside an install tree or ISO,
 * and which unattended install script an OS has.  Uses the database of
 * vireo-osinfo.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <osinfo/osinfo.h>

G_BEGIN_DECLS

/* @os as the whole database has it (with its media, trees and install
 * scripts), a new reference; quick lookups may return a trimmed entry. */
OsinfoOs  *vireo_osinfo_complete_os         (OsinfoOs   *os) G_GNUC_WARN_UNUSED_RESULT;

/* Identifies an install tree (directory or URL) by its .treeinfo: on
 * success sets the kernel and initrd paths the tree gives (relative to it)
 * and, unless @os_out is NULL (which spares loading the whole database), the
 * OS when the database knows it (else NULL).  FALSE, without error, when the
 * location has no tree info. */
gboolean   vireo_osinfo_identify_tree_boot  (const char *location,
                                             OsinfoOs  **os_out,
                                             char      **kernel_out,
                                             char      **initrd_out);
/* Checks what libosinfo will read of the ISO image @path before it does: an
 * image without an El Torito boot record makes libosinfo 1.10 walk its
 * directory records to /ppc/bootinfo.txt with the sizes the image gives, and
 * an empty extent there hangs it for ever, a record past the end of its
 * extent is read out of bounds, a huge one is allocated.  FALSE with a
 * sentence naming @path for such an image; TRUE otherwise (also for what
 * libosinfo refuses cleanly by itself). */
gboolean   vireo_osinfo_check_iso           (const char  *path,
                                             GError     **error);

/* The same for an ISO image, from its volume descriptors. */
gboolean   vireo_osinfo_identify_media_boot (const char *iso,
                                             OsinfoOs  **os_out,
                                             char      **kernel_out,
                                             char      **initrd_out);
/* The kernel/initrd paths the database lists for trees (@iso FALSE) or
 * media (@iso TRUE) of @os, or of every OS when @os is NULL, for @arch:
 * an array of char*, kernel and initrd alternating, without duplicates. */
GPtrArray *vireo_osinfo_boot_candidates     (OsinfoOs   *os,
                                             const char *arch,
                                             gboolean    iso) G_GNUC_WARN_UNUSED_RESULT;

/* The install script of @os for @profile ("desktop", "jeos", ...; NULL:
 * "desktop" when there is one, else the first), or NULL with an error
 * naming the profiles there are. */
OsinfoInstallScript *vireo_osinfo_find_install_script (OsinfoOs   *os,
                                                       const char *profile,
                                                       GError    **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
