/* test-storage-dir.c: disk images in a directory (qemu-img for real), and
 * libvirt's storage pools on test:///default
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-storage.h"
#include "vireo-vmm-error.h"
#include "vireo-test-libvirt.h"
#include "vireo-test-util.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)
#define GIB (MIB * 1024)

typedef struct {
    char         *tmp;
    char         *dir;
    VireoStorage *storage;
} DirFixture;

static void
dir_setup (DirFixture   *fx,
           gconstpointer data)
{
    fx->tmp = vireo_test_mkdtemp ("vireo-storage-XXXXXX");
    fx->dir = g_build_filename (fx->tmp, "images", NULL);
    fx->storage = vireo_storage_dir_new (fx->dir);
}

static void
dir_teardown (DirFixture   *fx,
              gconstpointer data)
{
    g_clear_object (&fx->storage);
    vireo_test_rmtree (fx->tmp);
    g_free (fx->dir);
    g_free (fx->tmp);
}

static VireoStorageVolumeInfo *
find_volume (GPtrArray  *volumes,
             const char *name)
{
    for (guint i = 0; i < volumes->len; i++) {
        VireoStorageVolumeInfo *info = volumes->pdata[i];

        if (g_strcmp0 (info->name, name) == 0)
            return info;
    }
    return NULL;
}

static void
test_dir_lifecycle (DirFixture   *fx,
                    gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(VireoStorageVolumeInfo) info = NULL;
    g_autofree char *pool = NULL;
    g_autofree char *qcow2 = NULL;
    g_autofree char *raw = NULL;
    g_autofree char *hidden = g_build_filename (fx->dir, ".hidden", NULL);
    g_autofree char *subdir = g_build_filename (fx->dir, "subdir", NULL);
    g_autofree char *expected_qcow2 = g_build_filename (fx->dir, "disk.qcow2", NULL);
    VireoStorageVolumeInfo *vol;
    VireoStoragePoolInfo *pinfo;

    g_assert_true (VIREO_IS_STORAGE_DIR (fx->storage));
    g_assert_cmpstr (vireo_storage_dir_get_directory (VIREO_STORAGE_DIR (fx->storage)), ==,
                     fx->dir);
    g_assert_false (g_file_test (fx->dir, G_FILE_TEST_EXISTS));

    pool = vireo_storage_ensure_default_pool (fx->storage, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pool, ==, "default");
    g_assert_true (g_file_test (fx->dir, G_FILE_TEST_IS_DIR));

    pools = vireo_storage_list_pools (fx->storage, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pools->len, ==, 1);
    pinfo = pools->pdata[0];
    g_assert_cmpstr (pinfo->name, ==, "default");
    g_assert_cmpstr (pinfo->path, ==, fx->dir);
    g_assert_true (pinfo->active);
    g_assert_cmpuint (pinfo->capacity, >, 0);
    g_assert_cmpuint (pinfo->available, >, 0);
    g_assert_cmpuint (pinfo->available, <=, pinfo->capacity);
    g_assert_cmpuint (pinfo->allocation, <=, pinfo->capacity);

    qcow2 = vireo_storage_create_volume (fx->storage, NULL, "disk.qcow2", "qcow2", 10 * GIB,
                                         &error);
    g_assert_no_error (error);
    g_assert_cmpstr (qcow2, ==, expected_qcow2);
    raw = vireo_storage_create_volume (fx->storage, "default", "disk.raw", "raw", 16 * MIB,
                                       &error);
    g_assert_no_error (error);
    g_assert_true (g_file_test (raw, G_FILE_TEST_IS_REGULAR));

    /* Hidden files and folders are not volumes. */
    g_assert_true (g_file_set_contents (hidden, "x", -1, NULL));
    g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);

    volumes = vireo_storage_list_volumes (fx->storage, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 2);
    vol = volumes->pdata[0];
    g_assert_cmpstr (vol->name, ==, "disk.qcow2");
    g_assert_cmpstr (vol->path, ==, qcow2);
    g_assert_cmpstr (vol->format, ==, "qcow2");
    g_assert_cmpuint (vol->capacity, ==, 10 * GIB);
    g_assert_cmpuint (vol->allocation, <, 10 * MIB);
    vol = volumes->pdata[1];
    g_assert_cmpstr (vol->name, ==, "disk.raw");
    g_assert_cmpstr (vol->format, ==, "raw");
    g_assert_cmpuint (vol->capacity, ==, 16 * MIB);

    info = vireo_storage_query_volume_info (fx->storage, qcow2, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->name, ==, "disk.qcow2");
    g_assert_cmpstr (info->format, ==, "qcow2");
    g_assert_cmpuint (info->capacity, ==, 10 * GIB);
    g_clear_pointer (&info, vireo_storage_volume_info_free);

    g_assert_true (vireo_storage_delete_volume (fx->storage, qcow2, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (qcow2, G_FILE_TEST_EXISTS));
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = vireo_storage_list_volumes (fx->storage, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 1);
    g_assert_null (find_volume (volumes, "disk.qcow2"));
    g_assert_nonnull (find_volume (volumes, "disk.raw"));

    info = vireo_storage_query_volume_info (fx->storage, qcow2, &error);
    g_assert_null (info);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (vireo_storage_delete_volume (fx->storage, qcow2, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
}

static void
test_dir_exists (DirFixture   *fx,
                 gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *notes = g_build_filename (fx->dir, "notes.txt", NULL);
    g_autofree char *contents = NULL;
    char *again;

    path = vireo_storage_create_volume (fx->storage, NULL, "a.qcow2", "qcow2", GIB, &error);
    g_assert_no_error (error);
    again = vireo_storage_create_volume (fx->storage, NULL, "a.qcow2", "raw", MIB, &error);
    g_assert_null (again);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_assert_nonnull (strstr (error->message, "a.qcow2"));
    g_clear_error (&error);

    /* Any file is in the way, not only images; it is left untouched. */
    g_assert_true (g_file_set_contents (notes, "mine", -1, NULL));
    again = vireo_storage_create_volume (fx->storage, NULL, "notes.txt", "qcow2", GIB, &error);
    g_assert_null (again);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_assert_true (g_file_get_contents (notes, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "mine");
}

static void
test_dir_bad_arguments (DirFixture   *fx,
                        gconstpointer data)
{
    g_autofree char *long_name = g_strnfill (300, 'n');
    const struct {
        const char   *pool;
        const char   *name;
        const char   *format;
        guint64       capacity;
        int           code;
    } cases[] = {
        { NULL, "", "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, NULL, "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, ".", "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "..", "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "a/b", "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "/etc/evil", "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "../up", "raw", MIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "line\nbreak", "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, long_name, "qcow2", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "ok", "vmdk", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "ok", "", GIB, VIREO_VMM_ERROR_INVALID },
        { NULL, "ok", "qcow2", 0, VIREO_VMM_ERROR_INVALID },
        { "other", "ok", "qcow2", GIB, VIREO_VMM_ERROR_NOT_FOUND },
    };
    g_autoptr(GPtrArray) volumes = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        char *path = vireo_storage_create_volume (fx->storage, cases[i].pool, cases[i].name,
                                                  cases[i].format, cases[i].capacity, &error);

        g_assert_null (path);
        g_assert_error (error, VIREO_VMM_ERROR, cases[i].code);
    }
    volumes = vireo_storage_list_volumes (fx->storage, NULL, NULL);
    g_assert_cmpuint (volumes->len, ==, 0);
    g_assert_null (vireo_storage_list_volumes (fx->storage, "other", NULL));
}

static void
test_dir_refuses_outside (DirFixture   *fx,
                          gconstpointer data)
{
    g_autofree char *outside = g_build_filename (fx->tmp, "outside.img", NULL);
    g_autofree char *sneaky = g_build_filename (fx->dir, "..", "outside.img", NULL);
    g_autofree char *link = g_build_filename (fx->dir, "link.img", NULL);
    const char *refused[] = { NULL, NULL, "outside.img", "/etc/passwd", NULL, "/" };
    g_autofree char *pool = vireo_storage_ensure_default_pool (fx->storage, NULL);

    g_assert_nonnull (pool);
    g_assert_true (g_file_set_contents (outside, "keep", -1, NULL));
    refused[0] = outside;
    refused[1] = sneaky;
    refused[4] = fx->dir;

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false (vireo_storage_delete_volume (fx->storage, refused[i], &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    }
    g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test ("/etc/passwd", G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (fx->dir, G_FILE_TEST_IS_DIR));

    /* A link inside the folder goes; what it points to stays. */
    g_assert_cmpint (symlink (outside, link), ==, 0);
    g_assert_true (vireo_storage_delete_volume (fx->storage, link, NULL));
    g_assert_false (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
    g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));
}

static void
test_dir_no_qemu_img (DirFixture   *fx,
                      gconstpointer data)
{
    g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
    g_autofree char *empty = g_build_filename (fx->tmp, "empty-bin", NULL);
    g_autofree char *would_be = g_build_filename (fx->dir, "x.qcow2", NULL);
    g_autoptr(GError) error = NULL;
    char *path;

    g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
    g_setenv ("PATH", empty, TRUE);
    path = vireo_storage_create_volume (fx->storage, NULL, "x.qcow2", "qcow2", GIB, &error);
    g_setenv ("PATH", saved_path, TRUE);

    g_assert_null (path);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR);
    g_assert_nonnull (strstr (error->message, "qemu-utils"));
    g_assert_false (g_file_test (would_be, G_FILE_TEST_EXISTS));
}

static void
test_dir_no_space (void)
{
    g_autofree char *mnt = NULL;
    g_autoptr(VireoStorage) storage = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autofree char *small = NULL;
    const struct {
        const char *name;
        const char *format;
        guint64     capacity;
    } too_big[] = {
        { "big.raw", "raw", 16 * MIB },
        { "big.qcow2", "qcow2", 100 * GIB },
        { "tiny.qcow2", "qcow2", MIB },
    };

    mnt = vireo_test_mkdtemp ("vireo-storage-full-XXXXXX");
    vireo_test_mount_tmpfs (mnt, 0, "size=2m");
    storage = vireo_storage_dir_new (mnt);

    for (guint i = 0; i < G_N_ELEMENTS (too_big); i++) {
        g_autofree char *would_be = g_build_filename (mnt, too_big[i].name, NULL);
        char *path = vireo_storage_create_volume (storage, NULL, too_big[i].name,
                                                  too_big[i].format, too_big[i].capacity,
                                                  &error);

        g_assert_null (path);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
        g_assert_nonnull (strstr (error->message, mnt));
        g_assert_nonnull (strstr (error->message, too_big[i].name));
        g_clear_error (&error);
        g_assert_false (g_file_test (would_be, G_FILE_TEST_EXISTS));
    }

    /* What fits is made. */
    small = vireo_storage_create_volume (storage, NULL, "small.raw", "raw", 512 * 1024, &error);
    g_assert_no_error (error);
    volumes = vireo_storage_list_volumes (storage, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 1);
    g_assert_cmpuint (((VireoStorageVolumeInfo *) volumes->pdata[0])->capacity, ==, 512 * 1024);

    g_clear_object (&storage);
    vireo_test_umount (mnt);
    vireo_test_rmtree (mnt);
}

static void
test_dir_async (DirFixture   *fx,
                gconstpointer data)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) result2 = NULL;
    g_autoptr(GAsyncResult) result3 = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autofree char *path = NULL;

    vireo_storage_create_volume_async (fx->storage, NULL, "async.qcow2", "qcow2", GIB, NULL,
                                       vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 30000));
    path = vireo_storage_create_volume_finish (fx->storage, result, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (path, "/async.qcow2"));

    vireo_storage_list_volumes_async (fx->storage, NULL, NULL, vireo_test_store_result_cb,
                                      &result2);
    g_assert_nonnull (vireo_test_wait_result (&result2, 30000));
    volumes = vireo_storage_list_volumes_finish (fx->storage, result2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 1);

    vireo_storage_delete_volume_async (fx->storage, "/etc/passwd", NULL,
                                       vireo_test_store_result_cb, &result3);
    g_assert_nonnull (vireo_test_wait_result (&result3, 30000));
    g_assert_false (vireo_storage_delete_volume_finish (fx->storage, result3, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
}

/* libvirt's storage, on the test driver */

typedef struct {
    virConnectPtr conn;
    VireoStorage *storage;
} VirtFixture;

static void
virt_setup (VirtFixture  *fx,
            gconstpointer data)
{
    fx->conn = vireo_test_open_test_default ();
    fx->storage = vireo_storage_libvirt_new_for_handle (fx->conn);
    g_assert_true (VIREO_IS_STORAGE_LIBVIRT (fx->storage));
}

static void
virt_teardown (VirtFixture  *fx,
               gconstpointer data)
{
    g_clear_object (&fx->storage);
    virConnectClose (fx->conn);
}

static void
test_virt_pools_and_volumes (VirtFixture  *fx,
                             gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(VireoStorageVolumeInfo) info = NULL;
    g_autofree char *path = NULL;
    VireoStoragePoolInfo *pool = NULL;
    VireoStorageVolumeInfo *vol;
    char *again;

    pools = vireo_storage_list_pools (fx->storage, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < pools->len; i++) {
        if (g_strcmp0 (((VireoStoragePoolInfo *) pools->pdata[i])->name, "default-pool") == 0)
            pool = pools->pdata[i];
    }
    g_assert_nonnull (pool);
    g_assert_true (pool->active);
    g_assert_cmpuint (pool->capacity, >, 0);
    g_assert_nonnull (pool->path);

    path = vireo_storage_create_volume (fx->storage, "default-pool", "vol1.qcow2", "qcow2",
                                        2 * GIB, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (path, "/vol1.qcow2"));

    again = vireo_storage_create_volume (fx->storage, "default-pool", "vol1.qcow2", "qcow2",
                                         GIB, &error);
    g_assert_null (again);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_error (&error);

    volumes = vireo_storage_list_volumes (fx->storage, "default-pool", &error);
    g_assert_no_error (error);
    vol = find_volume (volumes, "vol1.qcow2");
    g_assert_nonnull (vol);
    g_assert_cmpstr (vol->path, ==, path);
    g_assert_cmpstr (vol->format, ==, "qcow2");
    g_assert_cmpuint (vol->capacity, ==, 2 * GIB);

    info = vireo_storage_query_volume_info (fx->storage, path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->name, ==, "vol1.qcow2");
    g_assert_cmpuint (info->capacity, ==, 2 * GIB);
    g_clear_pointer (&info, vireo_storage_volume_info_free);

    g_assert_true (vireo_storage_delete_volume (fx->storage, path, &error));
    g_assert_no_error (error);
    info = vireo_storage_query_volume_info (fx->storage, path, &error);
    g_assert_null (info);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    /* libvirt's own text is carried along. */
    g_assert_nonnull (strstr (error->message, "vol1.qcow2"));
    g_clear_error (&error);
    g_assert_false (vireo_storage_delete_volume (fx->storage, path, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
}

static void
test_virt_errors (VirtFixture  *fx,
                  gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    char *path;

    path = vireo_storage_create_volume (fx->storage, "default-pool", "huge.raw", "raw",
                                        G_MAXUINT64 / 2, &error);
    g_assert_null (path);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    g_assert_nonnull (strstr (error->message, "default-pool"));
    g_clear_error (&error);

    path = vireo_storage_create_volume (fx->storage, "no-such-pool", "a.qcow2", "qcow2", GIB,
                                        &error);
    g_assert_null (path);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "no-such-pool"));
    g_clear_error (&error);

    path = vireo_storage_create_volume (fx->storage, "default-pool", "a/b", "qcow2", GIB,
                                        &error);
    g_assert_null (path);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
}

static void
test_virt_default_pool (VirtFixture  *fx,
                        gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autofree char *name = NULL;
    g_autofree char *again = NULL;
    g_autofree char *path = NULL;
    virStoragePoolPtr pool;

    /* test:///default has no pool named "default": one is made. */
    pool = virStoragePoolLookupByName (fx->conn, "default");
    g_assert_null (pool);
    name = vireo_storage_ensure_default_pool (fx->storage, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, "default");
    pool = virStoragePoolLookupByName (fx->conn, "default");
    g_assert_nonnull (pool);
    g_assert_cmpint (virStoragePoolIsActive (pool), ==, 1);
    {
        int autostart = 0;

        g_assert_cmpint (virStoragePoolGetAutostart (pool, &autostart), ==, 0);
        g_assert_cmpint (autostart, ==, 1);
    }
    virStoragePoolFree (pool);

    again = vireo_storage_ensure_default_pool (fx->storage, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, "default");

    /* NULL means the default pool. */
    path = vireo_storage_create_volume (fx->storage, NULL, "d.qcow2", "qcow2", GIB, &error);
    g_assert_no_error (error);
    volumes = vireo_storage_list_volumes (fx->storage, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (find_volume (volumes, "d.qcow2"));
}

static void
test_virt_through_connection (void)
{
    g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
    g_autoptr(VireoStorage) storage = vireo_storage_libvirt_new (connection);
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GError) error = NULL;

    /* Not open yet: nothing to reach. */
    pools = vireo_storage_list_pools (storage, &error);
    g_assert_null (pools);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
    g_clear_error (&error);

    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);
    pools = vireo_storage_list_pools (storage, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pools->len, >=, 1);
    g_clear_pointer (&pools, g_ptr_array_unref);

    /* The connection's own storage is the libvirt one here. */
    g_assert_true (VIREO_IS_STORAGE_LIBVIRT (vireo_connection_get_storage (connection)));

    /* The storage does not keep its connection alive. */
    vireo_connection_close (connection);
    g_clear_object (&connection);
    pools = vireo_storage_list_pools (storage, &error);
    g_assert_null (pools);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
}

typedef struct {
    guint64       calls;
    guint64       last_done;
    guint64       last_total;
    GCancellable *cancel_at_first;   /* cancelled by the first report */
} ProgressLog;

static void
progress_log_cb (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
    ProgressLog *log = user_data;

    g_assert_true (total == 0 || done <= total);
    g_assert_true (done >= log->last_done);
    log->calls++;
    log->last_done = done;
    log->last_total = total;
    if (log->cancel_at_first != NULL)
        g_cancellable_cancel (log->cancel_at_first);
}

/* A file of @size bytes with data at its start, middle and end, holes
 * between. */
static char *
make_source (const char *dir,
             const char *name,
             guint64     size)
{
    char *path = g_build_filename (dir, name, NULL);
    FILE *f = fopen (path, "wb");

    g_assert_nonnull (f);
    fputs ("VIREO-START", f);
    g_assert_cmpint (fseeko (f, size / 2, SEEK_SET), ==, 0);
    fputs ("VIREO-MIDDLE", f);
    g_assert_cmpint (fseeko (f, size - 9, SEEK_SET), ==, 0);
    fputs ("VIREO-END", f);
    fclose (f);
    return path;
}

static void
assert_same_file (const char *a,
                  const char *b)
{
    g_autofree char *da = NULL;
    g_autofree char *db = NULL;
    gsize la, lb;

    g_assert_true (g_file_get_contents (a, &da, &la, NULL));
    g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
    g_assert_cmpuint (la, ==, lb);
    g_assert_true (memcmp (da, db, la) == 0);
}

static gboolean
has_partial_files (const char *dir)
{
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *entry;

    while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
        if (strstr (entry, ".vireo-partial-") != NULL)
            return TRUE;
    return FALSE;
}

static void
test_dir_backing (DirFixture   *fx,
                  gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autofree char *base = NULL;
    g_autofree char *overlay = NULL;
    g_autofree char *bigger = NULL;
    VireoStorageVolumeInfo *info;

    base = vireo_storage_create_volume (fx->storage, NULL, "base.raw", "raw", 32 * MIB, &error);
    g_assert_no_error (error);
    overlay = vireo_storage_create_backed_volume (fx->storage, NULL, "overlay.qcow2", 0, base,
                                                  &error);
    g_assert_no_error (error);
    bigger = vireo_storage_create_backed_volume (fx->storage, NULL, "bigger.qcow2", GIB, base,
                                                 &error);
    g_assert_no_error (error);
    volumes = vireo_storage_list_volumes (fx->storage, NULL, &error);
    g_assert_no_error (error);
    info = find_volume (volumes, "overlay.qcow2");
    g_assert_cmpstr (info->format, ==, "qcow2");
    g_assert_cmpstr (info->backing, ==, base);
    g_assert_cmpuint (info->capacity, ==, 32 * MIB);
    info = find_volume (volumes, "bigger.qcow2");
    g_assert_cmpuint (info->capacity, ==, GIB);
    g_assert_null (find_volume (volumes, "base.raw")->backing);

    g_assert_null (vireo_storage_create_backed_volume (fx->storage, NULL, "overlay.qcow2", 0,
                                                       base, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_error (&error);
    g_assert_null (vireo_storage_create_backed_volume (fx->storage, NULL, "x.qcow2", 0,
                                                       "/nowhere/base.raw", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (vireo_storage_create_backed_volume (fx->storage, NULL, "x.qcow2", 0,
                                                       "relative.raw", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    {
        g_autofree char *x = g_build_filename (fx->dir, "x.qcow2", NULL);

        g_assert_false (g_file_test (x, G_FILE_TEST_EXISTS));
    }
}

static void
test_dir_import_export (DirFixture   *fx,
                        gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoStorageVolumeInfo) info = NULL;
    g_autofree char *source = make_source (fx->tmp, "source.img", 8 * MIB);
    g_autofree char *copied = NULL;
    g_autofree char *converted = NULL;
    g_autofree char *exported = g_build_filename (fx->tmp, "exported.img", NULL);
    g_autofree char *exported_raw = g_build_filename (fx->tmp, "exported.raw", NULL);
    ProgressLog log = { 0 };

    /* Copied as it is, with progress to the end. */
    copied = vireo_storage_import_volume (fx->storage, NULL, "copy.img", source, NULL, FALSE,
                                          progress_log_cb, &log, NULL, &error);
    g_assert_no_error (error);
    assert_same_file (source, copied);
    g_assert_cmpuint (log.calls, >=, 2);
    g_assert_cmpuint (log.last_done, ==, 8 * MIB);
    g_assert_cmpuint (log.last_total, ==, 8 * MIB);

    /* Converted to qcow2: the same disk as qemu-img reads it. */
    memset (&log, 0, sizeof log);
    converted = vireo_storage_import_volume (fx->storage, NULL, "converted.qcow2", source,
                                             "qcow2", FALSE, progress_log_cb, &log, NULL,
                                             &error);
    g_assert_no_error (error);
    info = vireo_storage_query_volume_info (fx->storage, converted, &error);
    g_assert_cmpstr (info->format, ==, "qcow2");
    g_assert_cmpuint (info->capacity, ==, 8 * MIB);
    g_assert_cmpuint (log.last_done, ==, 10000);

    /* Taken names are refused unless replaced. */
    g_assert_null (vireo_storage_import_volume (fx->storage, NULL, "copy.img", source, NULL,
                                                FALSE, NULL, NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_error (&error);
    g_free (copied);
    copied = vireo_storage_import_volume (fx->storage, NULL, "copy.img", converted, NULL, TRUE,
                                          NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    assert_same_file (converted, copied);
    g_assert_null (vireo_storage_import_volume (fx->storage, NULL, "c", "/nowhere/x.img", NULL,
                                                FALSE, NULL, NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (vireo_storage_import_volume (fx->storage, NULL, "c", source, "vmdk", FALSE,
                                                NULL, NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);

    /* Exported as it is, and converted back to raw: the source's bytes. */
    g_assert_true (vireo_storage_export_volume (fx->storage, converted, exported, NULL, NULL,
                                                NULL, NULL, &error));
    g_assert_no_error (error);
    assert_same_file (converted, exported);
    g_assert_true (vireo_storage_export_volume (fx->storage, converted, exported_raw, "raw",
                                                NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    assert_same_file (source, exported_raw);
    /* Only images of the folder, only to a file. */
    g_assert_false (vireo_storage_export_volume (fx->storage, source, exported, NULL, NULL,
                                                 NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (vireo_storage_export_volume (fx->storage, converted, fx->tmp, NULL, NULL,
                                                 NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (has_partial_files (fx->dir));
    g_assert_false (has_partial_files (fx->tmp));
}

static void
test_dir_transfer_cancel (DirFixture   *fx,
                          gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *source = make_source (fx->tmp, "source.img", 64 * MIB);
    g_autofree char *other = make_source (fx->tmp, "other.img", 16 * MIB);
    g_autofree char *kept = NULL;
    g_autofree char *dest = g_build_filename (fx->tmp, "out.img", NULL);
    g_autofree char *target = g_build_filename (fx->dir, "copy.img", NULL);
    const char *formats[] = { NULL, "qcow2" };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
        ProgressLog log = { 0, 0, 0, cancellable };

        g_cancellable_reset (cancellable);
        g_assert_null (vireo_storage_import_volume (fx->storage, NULL, "copy.img", source,
                                                    formats[i], FALSE, progress_log_cb, &log,
                                                    cancellable, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_clear_error (&error);
        g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
        g_assert_false (has_partial_files (fx->dir));
    }

    /* A cancelled replacement leaves the image as it was. */
    kept = vireo_storage_import_volume (fx->storage, NULL, "copy.img", source, NULL, FALSE,
                                        NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
        ProgressLog log = { 0, 0, 0, cancellable };

        g_cancellable_reset (cancellable);
        g_assert_null (vireo_storage_import_volume (fx->storage, NULL, "copy.img", other,
                                                    formats[i], TRUE, progress_log_cb, &log,
                                                    cancellable, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_clear_error (&error);
        assert_same_file (source, kept);

        g_cancellable_reset (cancellable);
        g_assert_false (vireo_storage_export_volume (fx->storage, kept, dest, formats[i],
                                                     progress_log_cb, &log, cancellable,
                                                     &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_clear_error (&error);
        g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
        g_assert_false (has_partial_files (fx->tmp));
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add ("/vireo/storage-dir/backing", DirFixture, NULL, dir_setup, test_dir_backing,
                dir_teardown);
    g_test_add ("/vireo/storage-dir/import-export", DirFixture, NULL, dir_setup,
                test_dir_import_export, dir_teardown);
    g_test_add ("/vireo/storage-dir/transfer-cancel", DirFixture, NULL, dir_setup,
                test_dir_transfer_cancel, dir_teardown);
    g_test_add ("/vireo/storage-dir/lifecycle", DirFixture, NULL, dir_setup,
                test_dir_lifecycle, dir_teardown);
    g_test_add ("/vireo/storage-dir/exists", DirFixture, NULL, dir_setup,
                test_dir_exists, dir_teardown);
    g_test_add ("/vireo/storage-dir/bad-arguments", DirFixture, NULL, dir_setup,
                test_dir_bad_arguments, dir_teardown);
    g_test_add ("/vireo/storage-dir/refuses-outside", DirFixture, NULL, dir_setup,
                test_dir_refuses_outside, dir_teardown);
    g_test_add ("/vireo/storage-dir/no-qemu-img", DirFixture, NULL, dir_setup,
                test_dir_no_qemu_img, dir_teardown);
    g_test_add_func ("/vireo/storage-dir/no-space", test_dir_no_space);
    g_test_add ("/vireo/storage-dir/async", DirFixture, NULL, dir_setup,
                test_dir_async, dir_teardown);

    g_test_add ("/vireo/storage-libvirt/pools-and-volumes", VirtFixture, NULL, virt_setup,
                test_virt_pools_and_volumes, virt_teardown);
    g_test_add ("/vireo/storage-libvirt/errors", VirtFixture, NULL, virt_setup,
                test_virt_errors, virt_teardown);
    g_test_add ("/vireo/storage-libvirt/default-pool", VirtFixture, NULL, virt_setup,
                test_virt_default_pool, virt_teardown);
    g_test_add_func ("/vireo/storage-libvirt/through-connection",
                     test_virt_through_connection);

    return g_test_run ();
}
