/* vireo-osinfo.h: libosinfo + osinfo-db: OS lookup, detection, defaults
 *
 * The whole database is loaded once per process, on first use, from
 * osinfo-db's default paths; looking one OS up by name reads only that OS's
 * files when it can (vireo_osinfo_find_quick()).  All functions may be called
 * from any thread (the loads run under a GOnce and a mutex).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <osinfo/osinfo.h>

G_BEGIN_DECLS

/* The loaded database (borrowed), or NULL with an error.  Its devices are
 * those osinfo-db describes (the ones OSes link to), without the vendor and
 * product names libosinfo can add from pci.ids and usb.ids. */
OsinfoDb  *vireo_osinfo_get_db             (GError **error);

/* By short-id ("debian11") or full id ("http://debian.org/debian/11").
 * Fails with "Unknown OS name …" and up to five close matches.  Tries
 * vireo_osinfo_find_quick() first, then the whole database. */
OsinfoOs  *vireo_osinfo_find               (const char *name,
                                            GError    **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same OS from a small database that holds only its files in osinfo-db
 * and those of what they refer to, transitively (the OSes it derives from,
 * clones or upgrades, its devices, install scripts and their data maps):
 * milliseconds instead of the whole database's half second.  NULL, with no
 * error, when that cannot answer: an unknown name, a local or user osinfo
 * directory that may override the system one, a reference it cannot follow.
 * Results are cached per name; the files are read through a tree of symbolic
 * links kept in $XDG_CACHE_HOME/vireo/osinfo (made on first use, or in a
 * temporary directory removed at once when the cache cannot be written). */
OsinfoOs  *vireo_osinfo_find_quick         (const char *name) G_GNUC_WARN_UNUSED_RESULT;
/* By short-id or full id in @db, with the errors of vireo_osinfo_find(). */
OsinfoOs  *vireo_osinfo_find_in_db         (OsinfoDb   *db,
                                            const char *name,
                                            GError    **error) G_GNUC_WARN_UNUSED_RESULT;

/* Every OS as "short-id[, other short-ids]" lines, newest versions of each
 * distribution first (what --osinfo list prints). */
char      *vireo_osinfo_list               (void) G_GNUC_WARN_UNUSED_RESULT;

/* The OS an ISO image or CD device holds, from its volume descriptors
 * (volume, system, publisher and application ids), bootable or not, as
 * virt-install detects it; or NULL with an error saying it could not be
 * recognised. */
OsinfoOs  *vireo_osinfo_detect_media       (const char *path,
                                            GError    **error) G_GNUC_WARN_UNUSED_RESULT;
/* The OS a kernel+initrd install tree (directory or URL) holds. */
OsinfoOs  *vireo_osinfo_detect_tree        (const char *location,
                                            GError    **error) G_GNUC_WARN_UNUSED_RESULT;

/* Recommended (or twice the minimum) resources for @arch, 0 when unknown:
 * RAM in MiB, CPUs, storage in GiB. */
guint64    vireo_osinfo_recommended_ram_mib     (OsinfoOs *os, const char *arch);
guint      vireo_osinfo_recommended_cpus        (OsinfoOs *os, const char *arch);
guint64    vireo_osinfo_recommended_storage_gib (OsinfoOs *os, const char *arch);
guint64    vireo_osinfo_minimum_ram_mib         (OsinfoOs *os, const char *arch);

/* Supported devices, by what libosinfo lists for the OS (and the OSes it
 * derives from).  @what is one of "virtio-disk", "virtio-net", "virtio-scsi",
 * "virtio-rng", "virtio-balloon", "virtio-serial", "virtio-gpu", "virtio1",
 * "usb3", "q35", "virtio-input". */
gboolean   vireo_osinfo_supports       (OsinfoOs   *os,
                                        const char *what);
/* The first audio or network device class name osinfo lists ("ich9",
 * "e1000e", ...), or NULL. */
gboolean   vireo_osinfo_has_device     (OsinfoOs   *os,
                                        const char *device_class,
                                        const char *name);
/* TRUE when the OS boots with UEFI only (no BIOS) on @arch. */
gboolean   vireo_osinfo_requires_efi   (OsinfoOs   *os,
                                        const char *arch);
gboolean   vireo_osinfo_is_windows     (OsinfoOs   *os);
/* "localtime" for Windows and Solaris, else "utc". */
const char *vireo_osinfo_clock_offset  (OsinfoOs   *os);

G_END_DECLS
