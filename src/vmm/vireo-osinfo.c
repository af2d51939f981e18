/* vireo-osinfo.c: libosinfo + osinfo-db: OS lookup, detection, defaults
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-osinfo.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-vmm-error.h"

typedef struct {
    OsinfoDb *db;
    GError   *error;
} LoadResult;

static gpointer
load_db (gpointer data)
{
    LoadResult *result = g_new0 (LoadResult, 1);
    g_autoptr(OsinfoLoader) loader = osinfo_loader_new ();
    GError *error = NULL;

    osinfo_loader_process_default_path (loader, &error);
    if (error) {
        result->error = error;
        return result;
    }
    result->db = g_object_ref (osinfo_loader_get_db (loader));
    return result;
}

static guint
edit_distance (const char *a, const char *b)
{
    size_t la = strlen (a), lb = strlen (b);
    g_autofree guint *row = g_new (guint, lb + 1);

    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        guint prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            guint cur = row[j];
            guint best = MIN (row[j] + 1, row[j - 1] + 1);
            row[j] = MIN (best, prev + (a[i - 1] == b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[lb];
}

static gboolean
os_has_short_id (OsinfoOs *os, const char *name)
{
    g_autoptr(GList) ids = osinfo_product_get_short_id_list (OSINFO_PRODUCT (os));

    for (GList *l = ids; l; l = l->next) {
        if (g_str_equal (l->data, name))
            return TRUE;
    }
    return FALSE;
}

static guint64
resource_value (OsinfoResourcesList *list, const char *arch, int which)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *want = pass == 0 ? arch : OSINFO_ARCHITECTURE_ALL;
        for (int i = 0; list && i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
            OsinfoResources *r = OSINFO_RESOURCES (
                osinfo_list_get_nth (OSINFO_LIST (list), i));
            gint64 v;

            if (g_strcmp0 (osinfo_resources_get_architecture (r), want) != 0)
                continue;
            v = which == 0 ? osinfo_resources_get_ram (r)
              : which == 1 ? osinfo_resources_get_n_cpus (r)
              : osinfo_resources_get_storage (r);
            if (v > 0)
                return (guint64) v;
        }
    }
    return 0;
}

/* Recommended value, or twice the minimum when only that is known. */
static guint64
recommended (OsinfoOs *os, const char *arch, int which)
{
    g_autoptr(OsinfoResourcesList) rec = osinfo_os_get_recommended_resources (os);
    g_autoptr(OsinfoResourcesList) min = NULL;
    guint64 v = resource_value (rec, arch, which);

    if (v)
        return v;
    min = osinfo_os_get_minimum_resources (os);
    return resource_value (min, arch, which) * 2;
}

static const char * const *
device_ids (const char *what)
{
    static const struct { const char *what; const char *ids[3]; } table[] = {
        { "virtio-disk",    { "http://pcisig.com/pci/1af4/1001",
                              "http://pcisig.com/pci/1af4/1042" } },
        { "virtio-scsi",    { "http://pcisig.com/pci/1af4/1004",
                              "http://pcisig.com/pci/1af4/1048" } },
        { "virtio-net",     { "http://pcisig.com/pci/1af4/1000",
                              "http://pcisig.com/pci/1af4/1041" } },
        { "virtio-rng",     { "http://pcisig.com/pci/1af4/1005",
                              "http://pcisig.com/pci/1af4/1044" } },
        { "virtio-balloon", { "http://pcisig.com/pci/1af4/1002",
                              "http://pcisig.com/pci/1af4/1045" } },
        { "virtio-serial",  { "http://pcisig.com/pci/1af4/1003",
                              "http://pcisig.com/pci/1af4/1043" } },
        { "virtio-gpu",     { "http://pcisig.com/pci/1af4/1050" } },
        { "virtio-input",   { "http://pcisig.com/pci/1af4/1052" } },
        { "virtio1",        { "http://pcisig.com/pci/1af4/1041" } },
        { "usb3",           { "http://pcisig.com/pci/1b36/0004" } },
        { "q35",            { "http://qemu.org/chipset/x86/q35" } },
    };

    for (guint i = 0; i < G_N_ELEMENTS (table); i++) {
        if (g_str_equal (table[i].what, what))
            return table[i].ids;
    }
    return NULL;
}

OsinfoDb *
vireo_osinfo_get_db (GError **error)
{
    static GOnce once = G_ONCE_INIT;
    LoadResult *result = g_once (&once, load_db, NULL);

    if (result->error) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The OS database could not be loaded: %s"), result->error->message);
        return NULL;
    }
    return result->db;
}

OsinfoOs *
vireo_osinfo_find (const char *name,
                   GError    **error)
{
    OsinfoDb *db;
    g_autoptr(OsinfoOsList) oses = NULL;
    g_autoptr(GPtrArray) close = g_ptr_array_new_with_free_func (g_free);
    guint best = G_MAXUINT;

    g_return_val_if_fail (name != NULL, NULL);

    db = vireo_osinfo_get_db (error);
    if (db == NULL)
        return NULL;
    if (strstr (name, "://")) {
        OsinfoOs *os = osinfo_db_get_os (db, name);
        if (os)
            return g_object_ref (os);
    }
    oses = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++) {
        OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
        if (os_has_short_id (os, name))
            return g_object_ref (os);
    }
    /* Close matches: the smallest edit distances, at most five. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++) {
            OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
            const char *sid = osinfo_product_get_short_id (OSINFO_PRODUCT (os));
            guint d;

            if (sid == NULL)
                continue;
            d = edit_distance (name, sid);
            if (pass == 0)
                best = MIN (best, d);
            else if (d == best && close->len < 5)
                g_ptr_array_add (close, g_strdup (sid));
        }
    }
    g_ptr_array_add (close, NULL);
    if (best <= 3 && close->len > 1) {
        g_autofree char *list = g_strjoinv (", ", (char **) close->pdata);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("Unknown OS name “%s” (close matches: %s). See “--osinfo list” "
                       "for valid values."), name, list);
    } else {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("Unknown OS name “%s”. See “--osinfo list” for valid values."), name);
    }
    return NULL;
}

static int
compare_os (gconstpointer pa, gconstpointer pb)
{
    OsinfoProduct *a = *(OsinfoProduct * const *) pa;
    OsinfoProduct *b = *(OsinfoProduct * const *) pb;
    const char *da = osinfo_os_get_distro (OSINFO_OS (a));
    const char *db = osinfo_os_get_distro (OSINFO_OS (b));
    g_autofree char *ka = NULL, *kb = NULL;
    int c = g_strcmp0 (da, db);

    if (c != 0)
        return c;
    /* Newest first: compare versions as file names compare numbers. */
    ka = g_utf8_collate_key_for_filename (osinfo_product_get_version (a) ?
                                          osinfo_product_get_version (a) : "", -1);
    kb = g_utf8_collate_key_for_filename (osinfo_product_get_version (b) ?
                                          osinfo_product_get_version (b) : "", -1);
    c = -g_strcmp0 (ka, kb);
    return c != 0 ? c : g_strcmp0 (osinfo_product_get_short_id (a),
                                   osinfo_product_get_short_id (b));
}

char *
vireo_osinfo_list (void)
{
    OsinfoDb *db = vireo_osinfo_get_db (NULL);
    g_autoptr(OsinfoOsList) oses = NULL;
    g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
    GString *out = g_string_new (NULL);

    if (db == NULL)
        return g_string_free (out, FALSE);
    oses = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++)
        g_ptr_array_add (sorted, osinfo_list_get_nth (OSINFO_LIST (oses), i));
    g_ptr_array_sort (sorted, compare_os);
    for (guint i = 0; i < sorted->len; i++) {
        g_autoptr(GList) ids = osinfo_product_get_short_id_list (sorted->pdata[i]);
        for (GList *l = ids; l; l = l->next)
            g_string_append_printf (out, "%s%s", l == ids ? "" : ", ", (char *) l->data);
        if (ids)
            g_string_append_c (out, '\n');
    }
    return g_string_free (out, FALSE);
}

OsinfoOs *
vireo_osinfo_detect_media (const char *path,
                           GError    **error)
{
    OsinfoDb *db = vireo_osinfo_get_db (error);
    g_autoptr(OsinfoMedia) media = NULL;
    g_autoptr(GError) local = NULL;
    OsinfoOs *os = NULL;

    if (db == NULL)
        return NULL;
    media = osinfo_media_create_from_location (path, NULL, &local);
    if (media == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS on “%s” could not be recognised: %s"), path, local->message);
        return NULL;
    }
    if (osinfo_db_identify_media (db, media))
        g_object_get (media, "os", &os, NULL);
    if (os == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS on “%s” is not one the OS database knows."), path);
    return os;
}

OsinfoOs *
vireo_osinfo_detect_tree (const char *location,
                          GError    **error)
{
    OsinfoDb *db = vireo_osinfo_get_db (error);
    g_autoptr(OsinfoTree) tree = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *uri = NULL;
    OsinfoOs *os = NULL;

    if (db == NULL)
        return NULL;
    uri = strstr (location, "://") ? g_strdup (location)
                                   : g_filename_to_uri (location, NULL, NULL);
    tree = uri ? osinfo_tree_create_from_location (uri, NULL, &local) : NULL;
    if (tree == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS in the tree “%s” could not be recognised: %s"), location,
                     local ? local->message : _("not a valid location"));
        return NULL;
    }
    if (osinfo_db_identify_tree (db, tree))
        g_object_get (tree, "os", &os, NULL);
    if (os == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS in the tree “%s” is not one the OS database knows."),
                     location);
    return os;
}

guint64
vireo_osinfo_recommended_ram_mib (OsinfoOs *os, const char *arch)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    return recommended (os, arch, 0) / (1024 * 1024);
}

guint
vireo_osinfo_recommended_cpus (OsinfoOs *os, const char *arch)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    return (guint) recommended (os, arch, 1);
}

guint64
vireo_osinfo_recommended_storage_gib (OsinfoOs *os, const char *arch)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    return recommended (os, arch, 2) / (1024 * 1024 * 1024);
}

guint64
vireo_osinfo_minimum_ram_mib (OsinfoOs *os, const char *arch)
{
    g_autoptr(OsinfoResourcesList) min = NULL;

    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    min = osinfo_os_get_minimum_resources (os);
    return resource_value (min, arch, 0) / (1024 * 1024);
}

static gboolean
has_device_id (OsinfoOs *os, const char *id)
{
    g_autoptr(OsinfoDeviceList) devs = osinfo_os_get_all_devices (os, NULL);

    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devs)); i++) {
        OsinfoEntity *dev = osinfo_list_get_nth (OSINFO_LIST (devs), i);
        if (g_str_equal (osinfo_entity_get_id (dev), id))
            return TRUE;
    }
    return FALSE;
}

gboolean
vireo_osinfo_supports (OsinfoOs   *os,
                       const char *what)
{
    const char * const *ids;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    g_return_val_if_fail (what != NULL, FALSE);

    /* q35 is only worth it with virtio 1.0 when the OS has virtio at all. */
    if (g_str_equal (what, "q35") && vireo_osinfo_supports (os, "virtio-net") &&
        !vireo_osinfo_supports (os, "virtio1"))
        return FALSE;
    ids = device_ids (what);
    for (guint i = 0; ids && i < 3 && ids[i]; i++) {
        if (has_device_id (os, ids[i]))
            return TRUE;
    }
    return FALSE;
}

gboolean
vireo_osinfo_has_device (OsinfoOs   *os,
                         const char *device_class,
                         const char *name)
{
    g_autoptr(OsinfoDeviceList) devs = NULL;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    devs = osinfo_os_get_all_devices (os, NULL);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devs)); i++) {
        OsinfoDevice *dev = OSINFO_DEVICE (osinfo_list_get_nth (OSINFO_LIST (devs), i));
        if (g_str_has_prefix (osinfo_device_get_class (dev), device_class) &&
            g_strcmp0 (osinfo_device_get_name (dev), name) == 0)
            return TRUE;
    }
    return FALSE;
}

gboolean
vireo_osinfo_requires_efi (OsinfoOs   *os,
                           const char *arch)
{
    g_autoptr(OsinfoFirmwareList) fws = NULL;
    gboolean efi = FALSE, bios = TRUE;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    fws = osinfo_os_get_complete_firmware_list (os, NULL);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (fws)); i++) {
        OsinfoFirmware *fw = OSINFO_FIRMWARE (osinfo_list_get_nth (OSINFO_LIST (fws), i));
        if (g_strcmp0 (osinfo_firmware_get_architecture (fw), arch) != 0)
            continue;
        if (g_strcmp0 (osinfo_firmware_get_firmware_type (fw), "efi") == 0)
            efi = osinfo_firmware_is_supported (fw);
        else if (g_strcmp0 (osinfo_firmware_get_firmware_type (fw), "bios") == 0)
            bios = osinfo_firmware_is_supported (fw);
    }
    return efi && !bios;
}

gboolean
vireo_osinfo_is_windows (OsinfoOs *os)
{
    const char *family;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    family = osinfo_os_get_family (os);
    return g_strcmp0 (family, "winnt") == 0 || g_strcmp0 (family, "win9x") == 0 ||
           g_strcmp0 (family, "win16") == 0;
}

const char *
vireo_osinfo_clock_offset (OsinfoOs *os)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), "utc");
    if (vireo_osinfo_is_windows (os) || g_strcmp0 (osinfo_os_get_family (os), "solaris") == 0)
        return "localtime";
    return "utc";
}
