/* vireo-osinfo-media.c: what libosinfo knows about install media and trees
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-osinfo-media.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-osinfo.h"
#include "vireo-vmm-error.h"

/* ---------------------------------------------------------------- helpers */

#define ISO_SECTOR          2048
#define ISO_PVD_OFFSET      (16 * ISO_SECTOR)
#define ISO_BOOTABLE_TAG    "EL TORITO SPECIFICATION"
/* Larger directory extents are refused before libosinfo allocates them
 * (it takes the size from the image, up to 4 GiB). */
#define ISO_MAX_DIR_EXTENT  (16 * 1024 * 1024)
/* Offsets in a directory record (ECMA-119 9.1). */
#define DR_LOCATION         2
#define DR_SIZE             10
#define DR_FLAGS            25
#define DR_NAME             33
#define DR_FLAG_DIRECTORY   0x02

static gboolean
read_at (int fd, guint64 offset, void *buffer, gsize length)
{
    gsize done = 0;

    while (done < length) {
        gssize got = pread (fd, (char *) buffer + done, length - done, offset + done);

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return FALSE;
        done += got;
    }
    return TRUE;
}

/* Little-endian fields at any alignment. */
static guint32
le32_at (const guint8 *p)
{
    return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16_at (const guint8 *p)
{
    return (guint16) (p[0] | p[1] << 8);
}

static gboolean
damaged (const char *path, GError **error)
{
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                 _("“%s” is not an installation image Vireo can read: its ISO 9660 directory "
                   "records are damaged."), path);
    return FALSE;
}

/* Walks the directory records from the root to /ppc/bootinfo.txt the way
 * libosinfo 1.10 does for an image without an El Torito boot record, checking
 * each extent and record it will read. */
static gboolean
check_ppc_walk (int fd, guint64 file_size, const guint8 *pvd, const char *path,
                GError **error)
{
    static const char *const names[] = { "ppc", "bootinfo.txt" };
    guint64 block = le16_at (pvd + 128);
    const guint8 *root = pvd + 156;
    guint64 location = le32_at (root + DR_LOCATION);
    guint64 size = le32_at (root + DR_SIZE);

    for (guint level = 0; level < G_N_ELEMENTS (names); level++) {
        g_autofree guint8 *extent = NULL;
        gboolean is_dir = level + 1 < G_N_ELEMENTS (names);
        gsize name_length = strlen (names[level]);
        const guint8 *found = NULL;
        gsize offset = 0;

        if (size == 0 || size > ISO_MAX_DIR_EXTENT || location * block + size > file_size)
            return damaged (path, error);
        extent = g_malloc (size);
        if (!read_at (fd, location * block, extent, size))
            return damaged (path, error);
        do {
            const guint8 *record = extent + offset;
            gboolean directory;

            if (record[0] == 0) {
                offset++;
                continue;
            }
            if (offset + MAX (DR_NAME + 1, DR_NAME + name_length) > size)
                return damaged (path, error);
            directory = (record[DR_FLAGS] & DR_FLAG_DIRECTORY) != 0;
            if (directory == is_dir &&
                g_ascii_strncasecmp (names[level], (const char *) record + DR_NAME,
                                     name_length) == 0) {
                found = record;
                break;
            }
            offset += record[0];
        } while (offset < size);
        if (found == NULL || !is_dir)
            return TRUE;
        location = le32_at (found + DR_LOCATION);
        size = le32_at (found + DR_SIZE);
    }
    return TRUE;
}

static void
add_pair (GPtrArray *pairs, const char *kernel, const char *initrd)
{
    if (kernel == NULL || initrd == NULL)
        return;
    for (guint i = 0; i + 1 < pairs->len; i += 2) {
        if (g_str_equal (pairs->pdata[i], kernel) && g_str_equal (pairs->pdata[i + 1], initrd))
            return;
    }
    g_ptr_array_add (pairs, g_strdup (kernel));
    g_ptr_array_add (pairs, g_strdup (initrd));
}

static gboolean
arch_matches (const char *have, const char *want)
{
    return have == NULL || want == NULL || g_str_equal (have, want) ||
           g_str_equal (have, "all");
}

static void
add_os_candidates (GPtrArray *pairs, OsinfoOs *os, const char *arch, gboolean iso)
{
    if (iso) {
        g_autoptr(OsinfoMediaList) list = osinfo_os_get_media_list (os);
        for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
            OsinfoMedia *m = OSINFO_MEDIA (osinfo_list_get_nth (OSINFO_LIST (list), i));
            if (arch_matches (osinfo_media_get_architecture (m), arch))
                add_pair (pairs, osinfo_media_get_kernel_path (m),
                          osinfo_media_get_initrd_path (m));
        }
    } else {
        g_autoptr(OsinfoTreeList) list = osinfo_os_get_tree_list (os);
        for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
            OsinfoTree *t = OSINFO_TREE (osinfo_list_get_nth (OSINFO_LIST (list), i));
            if (arch_matches (osinfo_tree_get_architecture (t), arch))
                add_pair (pairs, osinfo_tree_get_kernel_path (t),
                          osinfo_tree_get_initrd_path (t));
        }
    }
}

/* -------------------------------------------------------------- public API */

OsinfoOs *
vireo_osinfo_complete_os (OsinfoOs *os)
{
    OsinfoDb *db;
    OsinfoOs *full;

    g_return_val_if_fail (OSINFO_IS_OS (os), NULL);

    db = vireo_osinfo_get_db (NULL);
    full = db ? osinfo_db_get_os (db, osinfo_entity_get_id (OSINFO_ENTITY (os))) : NULL;
    return g_object_ref (full ? full : os);
}

gboolean
vireo_osinfo_identify_tree_boot (const char *location,
                                 OsinfoOs  **os_out,
                                 char      **kernel_out,
                                 char      **initrd_out)
{
    g_autoptr(OsinfoTree) tree = NULL;
    g_autofree char *uri = NULL;
    OsinfoOs *os = NULL;

    g_return_val_if_fail (location != NULL, FALSE);

    uri = strstr (location, "://") ? g_strdup (location)
                                   : g_filename_to_uri (location, NULL, NULL);
    if (uri)
        tree = osinfo_tree_create_from_location (uri, NULL, NULL);
    if (tree == NULL || osinfo_tree_get_kernel_path (tree) == NULL ||
        osinfo_tree_get_initrd_path (tree) == NULL)
        return FALSE;
    /* Only naming the OS needs the whole database. */
    if (os_out) {
        OsinfoDb *db = vireo_osinfo_get_db (NULL);
        if (db && osinfo_db_identify_tree (db, tree))
            g_object_get (tree, "os", &os, NULL);
        *os_out = os;
    }
    *kernel_out = g_strdup (osinfo_tree_get_kernel_path (tree));
    *initrd_out = g_strdup (osinfo_tree_get_initrd_path (tree));
    return TRUE;
}

gboolean
vireo_osinfo_check_iso (const char  *path,
                        GError     **error)
{
    guint8 pvd[ISO_SECTOR];
    guint8 svd[ISO_SECTOR];
    char system[33];
    struct stat st;
    guint64 file_size;
    gboolean ok;
    int fd;

    g_return_val_if_fail (path != NULL, FALSE);

    /* URLs and files that cannot be opened are left to libosinfo's own errors. */
    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return TRUE;
    if (fstat (fd, &st) != 0) {
        close (fd);
        return TRUE;
    }
    file_size = S_ISREG (st.st_mode) ? (guint64) st.st_size : (guint64) lseek (fd, 0, SEEK_END);
    /* An image too short for its primary descriptor, or one with no volume
     * name, libosinfo refuses by itself.  One that ends within the next
     * descriptor it walks like one without a boot record (found by
     * fuzz-osinfo-media: it then hung on an empty root directory). */
    if (!read_at (fd, ISO_PVD_OFFSET, pvd, sizeof pvd)) {
        close (fd);
        return TRUE;
    }
    if (!read_at (fd, ISO_PVD_OFFSET + ISO_SECTOR, svd, sizeof svd))
        memset (svd, 0, sizeof svd);
    /* Without a volume name libosinfo stops before the next descriptor. */
    memcpy (system, pvd + 40, 32);
    system[32] = '\0';
    if (*g_strstrip (system) == '\0') {
        close (fd);
        return TRUE;
    }
    /* With an El Torito boot record after the primary descriptor libosinfo reads
     * nothing more. */
    memcpy (system, svd + 7, 32);
    system[31] = '\0';
    g_strchomp (system);
    if (g_str_equal (system, ISO_BOOTABLE_TAG)) {
        close (fd);
        return TRUE;
    }
    ok = check_ppc_walk (fd, file_size, pvd, path, error);
    close (fd);
    return ok;
}

gboolean
vireo_osinfo_identify_media_boot (const char *iso,
                                  OsinfoOs  **os_out,
                                  char      **kernel_out,
                                  char      **initrd_out)
{
    OsinfoDb *db = vireo_osinfo_get_db (NULL);
    g_autoptr(OsinfoMedia) media = NULL;
    OsinfoOs *os = NULL;

    g_return_val_if_fail (iso != NULL, FALSE);

    if (!vireo_osinfo_check_iso (iso, NULL))
        return FALSE;
    media = osinfo_media_create_from_location_with_flags (iso, NULL, 0, NULL);
    if (media == NULL || db == NULL || !osinfo_db_identify_media (db, media))
        return FALSE;
    if (osinfo_media_get_kernel_path (media) == NULL ||
        osinfo_media_get_initrd_path (media) == NULL)
        return FALSE;
    g_object_get (media, "os", &os, NULL);
    *os_out = os;
    *kernel_out = g_strdup (osinfo_media_get_kernel_path (media));
    *initrd_out = g_strdup (osinfo_media_get_initrd_path (media));
    return TRUE;
}

GPtrArray *
vireo_osinfo_boot_candidates (OsinfoOs   *os,
                              const char *arch,
                              gboolean    iso)
{
    GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
    OsinfoDb *db;
    g_autoptr(OsinfoOsList) oses = NULL;

    if (os) {
        g_autoptr(OsinfoOs) full = vireo_osinfo_complete_os (os);
        add_os_candidates (pairs, full, arch, iso);
        return pairs;
    }
    db = vireo_osinfo_get_db (NULL);
    if (db == NULL)
        return pairs;
    oses = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++)
        add_os_candidates (pairs, OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i)),
                           arch, iso);
    return pairs;
}

OsinfoInstallScript *
vireo_osinfo_find_install_script (OsinfoOs   *os,
                                  const char *profile,
                                  GError    **error)
{
    g_autoptr(OsinfoInstallScriptList) scripts = NULL;
    g_autoptr(GString) names = g_string_new (NULL);
    g_autoptr(OsinfoOs) full = NULL;
    OsinfoInstallScript *script;
    int n;

    g_return_val_if_fail (OSINFO_IS_OS (os), NULL);

    full = vireo_osinfo_complete_os (os);
    os = full;

    script = osinfo_os_find_install_script (os, profile ? profile : "desktop");
    if (script)
        return g_object_ref (script);
    scripts = osinfo_os_get_install_script_list (os);
    n = osinfo_list_get_length (OSINFO_LIST (scripts));
    if (profile == NULL && n > 0)
        return g_object_ref (OSINFO_INSTALL_SCRIPT (osinfo_list_get_nth (OSINFO_LIST (scripts),
                                                                          0)));
    for (int i = 0; i < n; i++) {
        OsinfoInstallScript *s = OSINFO_INSTALL_SCRIPT (osinfo_list_get_nth (OSINFO_LIST (scripts),
                                                                             i));
        g_string_append_printf (names, "%s%s", names->len ? ", " : "",
                                osinfo_install_script_get_profile (s));
    }
    if (n == 0)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("The OS “%s” has no unattended install script."),
                     osinfo_product_get_short_id (OSINFO_PRODUCT (os)));
    else
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The OS “%s” has no unattended install profile “%s”; it has: %s."),
                     osinfo_product_get_short_id (OSINFO_PRODUCT (os)), profile, names->str);
    return NULL;
}
