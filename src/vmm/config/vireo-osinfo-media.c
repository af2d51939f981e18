/* vireo-osinfo-media.c: what libosinfo knows about install media and trees
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-osinfo-media.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-osinfo.h"
#include "vireo-vmm-error.h"

/* ---------------------------------------------------------------- helpers */

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
vireo_osinfo_identify_media_boot (const char *iso,
                                  OsinfoOs  **os_out,
                                  char      **kernel_out,
                                  char      **initrd_out)
{
    OsinfoDb *db = vireo_osinfo_get_db (NULL);
    g_autoptr(OsinfoMedia) media = NULL;
    OsinfoOs *os = NULL;

    g_return_val_if_fail (iso != NULL, FALSE);

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
