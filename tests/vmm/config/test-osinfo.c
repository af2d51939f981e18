/* test-osinfo.c: the quick OS lookup against the whole osinfo database
 *
 * vireo_osinfo_find_quick() loads only the files one OS needs; everything the
 * install engine reads from an OS must be the same as from the whole database.
 * With -m thorough every OS of the database is compared, not only the table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vireo-osinfo.h"
#include "vireo-osinfo-facts.h"
#include "vireo-osinfo-list.h"
#include "vireo-test-util.h"
#include "vireo-vmm-error.h"

static const char * const short_ids[] = {
    "debian11", "debianbullseye", "debian9", "fedora37", "win10", "win11", "win2k19",
    "win2k22", "winxp", "centos7.0", "centos-stream9", "ubuntu22.04", "rhel9.0",
    "rhel8.6", "alpinelinux3.17", "freebsd13.1", "linux2022", "opensuse15.4",
    "archlinux", "silverblue37", "macosx10.7", "http://debian.org/debian/10",
};

static const char * const features[] = {
    "virtio-disk", "virtio-net", "virtio-scsi", "virtio-rng", "virtio-balloon",
    "virtio-serial", "virtio-gpu", "virtio1", "usb3", "q35", "virtio-input",
};

static const char * const arches[] = { "x86_64", "i686", "aarch64", "ppc64le", "s390x" };

static int
count_and_free (gpointer list)
{
    int n = osinfo_list_get_length (OSINFO_LIST (list));

    g_object_unref (list);
    return n;
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Everything the install engine reads from @os, one line per fact.  Not the
 * vendor and product names libosinfo adds to devices from pci.ids/usb.ids:
 * the quick path does not read those files, and Vireo does not use them. */
static char *
describe (OsinfoOs *os)
{
    GString *out = g_string_new (NULL);
    g_autoptr(GList) ids = osinfo_product_get_short_id_list (OSINFO_PRODUCT (os));
    g_autoptr(OsinfoDeviceList) devs = osinfo_os_get_all_devices (os, NULL);
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

    g_string_append_printf (out, "id=%s family=%s distro=%s version=%s windows=%d clock=%s\n",
                            osinfo_entity_get_id (OSINFO_ENTITY (os)),
                            osinfo_os_get_family (os), osinfo_os_get_distro (os),
                            osinfo_product_get_version (OSINFO_PRODUCT (os)),
                            vireo_osinfo_is_windows (os), vireo_osinfo_clock_offset (os));
    for (GList *l = ids; l; l = l->next)
        g_string_append_printf (out, "short-id=%s\n", (char *) l->data);
    /* The OS itself is whole: what it holds, not only what it inherits. */
    g_string_append_printf (out, "name=%s vendor=%s media=%d trees=%d images=%d variants=%d "
                            "scripts=%d drivers=%d\n",
                            osinfo_product_get_name (OSINFO_PRODUCT (os)),
                            osinfo_product_get_vendor (OSINFO_PRODUCT (os)),
                            count_and_free (osinfo_os_get_media_list (os)),
                            count_and_free (osinfo_os_get_tree_list (os)),
                            count_and_free (osinfo_os_get_image_list (os)),
                            count_and_free (osinfo_os_get_variant_list (os)),
                            count_and_free (osinfo_os_get_install_script_list (os)),
                            /* (transfer none): libosinfo keeps the list */
                            osinfo_list_get_length (
                                OSINFO_LIST (osinfo_os_get_device_drivers (os))));
    for (guint i = 0; i < G_N_ELEMENTS (arches); i++) {
        g_autoptr(OsinfoFirmwareList) fws = osinfo_os_get_complete_firmware_list (os, NULL);

        g_string_append_printf (out, "%s: ram=%" G_GUINT64_FORMAT " min-ram=%" G_GUINT64_FORMAT
                                " cpus=%u storage=%" G_GUINT64_FORMAT " efi-only=%d\n",
                                arches[i],
                                vireo_osinfo_recommended_ram_mib (os, arches[i]),
                                vireo_osinfo_minimum_ram_mib (os, arches[i]),
                                vireo_osinfo_recommended_cpus (os, arches[i]),
                                vireo_osinfo_recommended_storage_gib (os, arches[i]),
                                vireo_osinfo_requires_efi (os, arches[i]));
        for (int j = 0; j < osinfo_list_get_length (OSINFO_LIST (fws)); j++) {
            OsinfoFirmware *fw = OSINFO_FIRMWARE (osinfo_list_get_nth (OSINFO_LIST (fws), j));
            if (g_strcmp0 (osinfo_firmware_get_architecture (fw), arches[i]) == 0)
                g_string_append_printf (out, "  firmware %s supported=%d\n",
                                        osinfo_firmware_get_firmware_type (fw),
                                        osinfo_firmware_is_supported (fw));
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS (features); i++)
        g_string_append_printf (out, "%s=%d\n", features[i],
                                vireo_osinfo_supports (os, features[i]));
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devs)); i++) {
        OsinfoDevice *dev = OSINFO_DEVICE (osinfo_list_get_nth (OSINFO_LIST (devs), i));
        const char *class = osinfo_device_get_class (dev);
        const char *name = osinfo_device_get_name (dev);

        g_ptr_array_add (lines, g_strdup_printf ("device %s class=%s name=%s has=%d\n",
                                                 osinfo_entity_get_id (OSINFO_ENTITY (dev)),
                                                 class, name, class && name &&
                                                 vireo_osinfo_has_device (os, class, name)));
    }
    /* The order of the device list follows hash tables: compare as sets. */
    g_ptr_array_sort (lines, compare_lines);
    for (guint i = 0; i < lines->len; i++)
        g_string_append (out, lines->pdata[i]);
    return g_string_free (out, FALSE);
}

static void
compare_one (const char *name)
{
    g_autoptr(GError) error = NULL;
    OsinfoDb *db = vireo_osinfo_get_db (&error);
    g_autoptr(OsinfoOs) quick = vireo_osinfo_find_quick (name);
    g_autoptr(OsinfoOs) full = NULL;
    g_autofree char *quick_text = NULL;
    g_autofree char *full_text = NULL;

    g_assert_no_error (error);
    full = vireo_osinfo_find_in_db (db, name, &error);
    g_assert_no_error (error);
    if (quick == NULL)
        g_error ("the quick lookup did not find “%s”", name);
    /* A different object, from the small database, with the same facts. */
    g_assert_true (quick != full);
    quick_text = describe (quick);
    full_text = describe (full);
    g_assert_cmpstr (quick_text, ==, full_text);
}

static void
test_table (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (short_ids); i++)
        compare_one (short_ids[i]);
}

static void
test_every_os (void)
{
    OsinfoDb *db = vireo_osinfo_get_db (NULL);
    g_autoptr(OsinfoOsList) oses = NULL;
    guint n = 0;

    g_assert_nonnull (db);
    oses = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++) {
        OsinfoProduct *os = OSINFO_PRODUCT (osinfo_list_get_nth (OSINFO_LIST (oses), i));
        const char *sid = osinfo_product_get_short_id (os);
        if (sid) {
            compare_one (sid);
            n++;
        }
    }
    g_test_message ("%u OSes compared", n);
    g_assert_cmpuint (n, >, 100);
}

static void
test_cached (void)
{
    g_autoptr(OsinfoOs) a = vireo_osinfo_find_quick ("debian11");
    g_autoptr(OsinfoOs) b = vireo_osinfo_find_quick ("debian11");
    g_autoptr(OsinfoOs) c = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (a);
    g_assert_true (a == b);
    /* vireo_osinfo_find() answers from the quick path when it can. */
    c = vireo_osinfo_find ("debian11", &error);
    g_assert_no_error (error);
    g_assert_true (c == a);
}

static void
test_unknown (void)
{
    g_autoptr(OsinfoOs) quick = vireo_osinfo_find_quick ("debian111");
    g_autoptr(OsinfoOs) os = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_null (quick);
    /* The whole database then gives the error with close matches. */
    os = vireo_osinfo_find ("debian111", &error);
    g_assert_null (os);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "debian11"));
    g_clear_error (&error);
    g_assert_null (vireo_osinfo_find_quick ("http://debian.org/debian/../../etc"));
    g_assert_null (vireo_osinfo_find_quick (""));
    g_assert_null (vireo_osinfo_find_quick ("http://vireo.invalid/os/1"));
}

/* A local osinfo directory may override the system one: the quick path then
 * steps aside. */
static void
test_local_dir (void)
{
    g_autofree char *dir = g_dir_make_tmp ("vireo-test-osinfo-XXXXXX", NULL);

    g_assert_nonnull (dir);
    g_setenv ("OSINFO_LOCAL_DIR", dir, TRUE);
    g_assert_null (vireo_osinfo_find_quick ("fedora36"));
    g_unsetenv ("OSINFO_LOCAL_DIR");
    g_rmdir (dir);
    compare_one ("fedora36");
}

static guint
count_entries (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    guint n = 0;

    g_assert_nonnull (dir);
    while (g_dir_read_name (dir))
        n++;
    return n;
}

/* Removes @path and what it holds, without following symbolic links. */
static void
remove_tree (const char *path)
{
    GStatBuf st;

    if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode)) {
        g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
        for (const char *name; dir && (name = g_dir_read_name (dir));) {
            g_autofree char *child = g_build_filename (path, name, NULL);
            remove_tree (child);
        }
        g_rmdir (path);
    } else {
        g_unlink (path);
    }
}

/* In child processes with their own TMPDIR and XDG_CACHE_HOME: the tree of
 * links lands in the cache, whole, and nothing is left in TMPDIR; a second
 * lookup of the same OS in another process reuses the tree.  With a cache
 * that cannot be written, a temporary tree is used and removed. */
static void
test_link_tree (void)
{
    g_autofree char *saved_cache = g_strdup (g_getenv ("XDG_CACHE_HOME"));
    g_autofree char *tmp = NULL;
    g_autofree char *cache = NULL;
    g_autofree char *trees = NULL;
    g_autofree char *tree = NULL;
    g_autofree char *link = NULL;
    g_autoptr(GDir) dir = NULL;

    if (g_test_subprocess ()) {
        g_autoptr(OsinfoOs) os = vireo_osinfo_find_quick ("ubuntu20.04");
        g_assert_nonnull (os);
        g_assert_cmpstr (g_get_tmp_dir (), ==, g_getenv ("TMPDIR"));
        return;
    }
    tmp = g_dir_make_tmp ("vireo-test-osinfo-XXXXXX", NULL);
    g_assert_nonnull (tmp);
    cache = g_build_filename (tmp, "cache", NULL);
    trees = g_build_filename (cache, "vireo", "osinfo", NULL);
    g_setenv ("TMPDIR", tmp, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    for (guint run = 0; run < 2; run++) {
        g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
        g_test_trap_assert_passed ();
        g_assert_cmpuint (count_entries (tmp), ==, 1);      /* "cache" only */
        g_assert_cmpuint (count_entries (trees), ==, 1);    /* one whole tree */
    }
    dir = g_dir_open (trees, 0, NULL);
    tree = g_build_filename (trees, g_dir_read_name (dir), NULL);
    link = g_build_filename (tree, "os", "ubuntu.com", "ubuntu-20.04.xml", NULL);
    g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
    g_assert_cmpuint (count_entries (tree), >=, 2);         /* os, device, ... */

    /* A cache path under a regular file cannot be made. */
    g_setenv ("XDG_CACHE_HOME", "/dev/null/cache", TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    g_assert_cmpuint (count_entries (tmp), ==, 1);

    g_unsetenv ("TMPDIR");
    g_setenv ("XDG_CACHE_HOME", saved_cache, TRUE);
    remove_tree (tmp);
}

/* The list a window chooses from: every OS of the database once, each
 * distribution's newest first; and one OS looked up by either id. */
static void
test_entries (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(VireoOsEntry) entry = NULL;
    g_autoptr(GError) error = NULL;
    OsinfoDb *db = vireo_osinfo_get_db (&error);
    g_autoptr(OsinfoOsList) oses = NULL;
    int debian11 = -1, debian10 = -1;

    g_assert_no_error (error);
    oses = osinfo_db_get_os_list (db);
    vireo_osinfo_list_entries_async (NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 60000));
    entries = vireo_osinfo_list_entries_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, osinfo_list_get_length (OSINFO_LIST (oses)));
    for (guint i = 0; i < entries->len; i++) {
        VireoOsEntry *e = entries->pdata[i];

        g_assert_nonnull (e->id);
        g_assert_nonnull (e->name);
        g_assert_true (g_hash_table_add (ids, e->id));
        if (g_strcmp0 (e->short_id, "debian11") == 0)
            debian11 = (int) i;
        if (g_strcmp0 (e->short_id, "debian10") == 0)
            debian10 = (int) i;
    }
    g_assert_cmpint (debian11, >=, 0);
    g_assert_cmpint (debian11, <, debian10);
    g_assert_cmpstr (((VireoOsEntry *) entries->pdata[debian11])->name, ==, "Debian 11");

    g_clear_object (&result);
    vireo_osinfo_lookup_entry_async ("debian11", NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 60000));
    entry = vireo_osinfo_lookup_entry_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (entry->id, ==, "http://debian.org/debian/11");
    g_assert_cmpstr (entry->name, ==, "Debian 11");
    g_clear_pointer (&entry, vireo_os_entry_free);
    entry = vireo_osinfo_lookup_entry ("no-such-os-42", &error);
    g_assert_null (entry);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "no-such-os-42"));
}

/* OS detection goes by the ISO's volume descriptors, bootable or not, as
 * virt-install's does: xorriso makes images without a boot record. */
static void
test_detect_media (void)
{
    static const struct {
        const char *label;
        const char *publisher;
        const char *os_id;      /* NULL: not recognised */
    } cases[] = {
        { "Debian 11.5.0 amd64 n", NULL, "http://debian.org/debian/11" },
        { "Fedora-WS-Live-37-1-7", NULL, "http://fedoraproject.org/fedora/37" },
        { "Ubuntu-Server 22.04.1 LTS amd64", NULL, "http://ubuntu.com/ubuntu/22.04" },
        { "alpine-std 3.17.0 x86_64", NULL, "http://alpinelinux.org/alpinelinux/3.17" },
        { "CentOS-Stream-9-BaseOS-x86_64", NULL, "http://centos.org/centos-stream/9" },
        { "CCCOMA_X64FRE_EN-US_DV9", "MICROSOFT CORPORATION", "http://microsoft.com/win/11" },
        { "DATA_DISC_2024", NULL, NULL },
        { "Debian 99.0.0 amd64 n", NULL, NULL },
    };
    g_autofree char *xorriso = g_find_program_in_path ("xorriso");
    g_autofree char *dir = g_dir_make_tmp ("vireo-test-detect-XXXXXX", NULL);
    g_autofree char *content = g_build_filename (dir, "content", NULL);
    g_autofree char *readme = g_build_filename (content, "README", NULL);
    g_autofree char *not_iso = g_build_filename (dir, "not-an-iso", NULL);
    g_autoptr(GError) error = NULL;
    OsinfoOs *os;

    if (xorriso == NULL)
        g_error ("xorriso is missing: install the package xorriso (tools/setup does)");
    g_assert_cmpint (g_mkdir (content, 0700), ==, 0);
    g_assert_true (g_file_set_contents (readme, "not bootable\n", -1, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *iso = g_strdup_printf ("%s/label-%u.iso", dir, i);
        const char *argv[] = { xorriso, "-as", "mkisofs", "-quiet", "-V", cases[i].label,
                               "-o", iso, cases[i].publisher ? "-publisher" : content,
                               cases[i].publisher, cases[i].publisher ? content : NULL, NULL };
        int status = -1;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                                     &status, NULL));
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        os = vireo_osinfo_detect_media (iso, &error);
        if (cases[i].os_id) {
            g_assert_no_error (error);
            g_assert_cmpstr (osinfo_entity_get_id (OSINFO_ENTITY (os)), ==, cases[i].os_id);
            g_object_unref (os);
        } else {
            g_assert_null (os);
            g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
            g_assert_nonnull (strstr (error->message, "not one the OS database knows"));
            g_clear_error (&error);
        }
        g_unlink (iso);
    }
    /* A file that is no ISO at all says so. */
    g_assert_true (g_file_set_contents (not_iso, "plain text\n", -1, NULL));
    os = vireo_osinfo_detect_media (not_iso, &error);
    g_assert_null (os);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "could not be recognised"));
    g_unlink (not_iso);
    g_unlink (readme);
    g_rmdir (content);
    g_rmdir (dir);
}

static void
facts_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    *(GAsyncResult **) user_data = g_object_ref (result);
}

/* What the wizard reads of an OS: resources, and the express install. */
static void
test_facts (void)
{
    /* osinfo-db's figures for x86_64 and its install scripts. */
    static const struct {
        const char    *name;
        guint64        ram_mib;
        guint          cpus;
        guint64        storage_gib;
        VireoOsExpress express;
        gboolean       key;
    } cases[] = {
        { "debian11", 1024, 2, 20, VIREO_OS_EXPRESS_INITRD, FALSE },
        { "fedora37", 2048, 2, 20, VIREO_OS_EXPRESS_CDROM | VIREO_OS_EXPRESS_INITRD, FALSE },
        { "winxp", 512, 2, 10, VIREO_OS_EXPRESS_CDROM, TRUE },
        { "win10", 4096, 2, 40, VIREO_OS_EXPRESS_CDROM, TRUE },
        { "alpinelinux3.17", 768, 1, 4, VIREO_OS_EXPRESS_NONE, FALSE },
        { "linux2022", 4096, 2, 25, VIREO_OS_EXPRESS_NONE, FALSE },
    };
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VireoOsFacts) facts = vireo_osinfo_facts (cases[i].name, "x86_64", &error);

        g_assert_no_error (error);
        g_assert_cmpstr (facts->entry->short_id, ==, cases[i].name);
        g_assert_cmpuint (facts->ram_mib, ==, cases[i].ram_mib);
        g_assert_cmpuint (facts->cpus, ==, cases[i].cpus);
        g_assert_cmpuint (facts->storage_gib, ==, cases[i].storage_gib);
        g_assert_cmpint (facts->express, ==, cases[i].express);
        g_assert_cmpint (facts->product_key, ==, cases[i].key);
        g_assert_cmpint (facts->product_key_required, ==, cases[i].key);
        g_assert_cmpint (facts->is_windows, ==, g_str_has_prefix (cases[i].name, "win"));
    }
    g_assert_null (vireo_osinfo_facts ("nosuchos1", "x86_64", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);

    /* Detection off the main loop; a missing file says so. */
    {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(VireoOsFacts) facts = NULL;

        vireo_osinfo_detect_async ("/nonexistent.iso", FALSE, "x86_64", NULL, facts_cb,
                                   &result);
        while (result == NULL)
            g_main_context_iteration (NULL, TRUE);
        facts = vireo_osinfo_detect_finish (result, &error);
        g_assert_null (facts);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
        g_assert_nonnull (strstr (error->message, "/nonexistent.iso"));
    }
}

int
main (int argc, char **argv)
{
    g_autofree char *cache = NULL;
    int status;

    g_test_init (&argc, &argv, NULL);
    /* The trees of links go to a private cache, not the user's (child
     * processes get theirs from the test that starts them). */
    if (!g_test_subprocess ()) {
        cache = g_dir_make_tmp ("vireo-test-osinfo-cache-XXXXXX", NULL);
        g_assert_nonnull (cache);
        g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    }
    g_test_add_func ("/vireo/osinfo/quick/table", test_table);
    g_test_add_func ("/vireo/osinfo/quick/every-os", test_every_os);
    g_test_add_func ("/vireo/osinfo/quick/cached", test_cached);
    g_test_add_func ("/vireo/osinfo/quick/unknown", test_unknown);
    g_test_add_func ("/vireo/osinfo/quick/local-dir", test_local_dir);
    g_test_add_func ("/vireo/osinfo/quick/link-tree", test_link_tree);
    g_test_add_func ("/vireo/osinfo/entries", test_entries);
    g_test_add_func ("/vireo/osinfo/detect-media", test_detect_media);
    g_test_add_func ("/vireo/osinfo/facts", test_facts);
    status = g_test_run ();
    if (cache)
        remove_tree (cache);
    return status;
}
