/* test-host-embed.c: the host window's core on the embedded connection
 *
 * The embedded driver has no storage, network or node device API: its image folder is
 * Vireo's own (images created, imported by copy or conversion with qemu-img, exported,
 * deleted, and not deleted while a VM uses them), its devices come from udev, and asking
 * for virtual networks or pools says it is not supported.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "vireo-embed.h"
#include "vireo-host-device.h"
#include "vireo-host-info.h"
#include "vireo-host-network.h"
#include "vireo-host-pool.h"
#include "vireo-host-volume.h"
#include "vireo-test-qemu.h"

#define TIMEOUT_MS (120 * 1000)
#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

static struct {
    char            *root;
    char            *tmp;
    VireoConnection *connection;
} fx;

typedef struct {
    guint   calls;
    guint64 done;
    guint64 total;
    GThread *thread;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
    Progress *progress = user_data;

    /* Reported on the caller's context, in order. */
    g_assert_true (progress->thread == g_thread_self ());
    g_assert_true (done >= progress->done);
    progress->calls++;
    progress->done = done;
    progress->total = total;
}

static gpointer
wait_finish (GAsyncResult **result)
{
    if (vireo_test_wait_result (result, TIMEOUT_MS) == NULL)
        g_error ("a call on the embedded connection did not finish within %u s",
                 TIMEOUT_MS / 1000);
    return *result;
}

static void
open_connection (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *uri = NULL;

    if (fx.connection != NULL)
        return;
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    uri = vireo_embed_uri_for_root (fx.root);
    fx.connection = vireo_connection_new (uri);
    vireo_connection_open_async (fx.connection, NULL, vireo_test_store_result_cb, &result);
    g_assert_true (vireo_connection_open_finish (fx.connection, wait_finish (&result), &error));
    g_assert_no_error (error);
}

static VireoStorageVolumeInfo *
find_volume (GPtrArray  *volumes,
             const char *name)
{
    for (guint i = 0; i < volumes->len; i++) {
        VireoStorageVolumeInfo *info = volumes->pdata[i];

        if (g_str_equal (info->name, name))
            return info;
    }
    return NULL;
}

static GPtrArray *
list_volumes (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    GPtrArray *volumes;

    vireo_host_list_volumes_async (fx.connection, NULL, NULL, vireo_test_store_result_cb,
                                   &result);
    volumes = vireo_host_list_volumes_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    return volumes;
}

static void
test_unsupported (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoHostPoolSpec) spec = vireo_host_pool_spec_new ("dir");
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(VireoHostInfo) info = NULL;
    VireoStoragePoolInfo *pool;

    open_connection ();
    g_assert_null (vireo_host_list_networks (fx.connection, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    spec->name = g_strdup ("p");
    spec->target_path = g_strdup ("/nowhere");
    g_assert_null (vireo_host_create_pool (fx.connection, spec, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_clear_error (&error);

    /* The image folder is the one pool. */
    pools = vireo_storage_list_pools (vireo_connection_get_storage (fx.connection), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pools->len, ==, 1);
    pool = pools->pdata[0];
    g_assert_cmpstr (pool->type, ==, "dir");
    g_assert_true (pool->active);
    g_assert_true (g_str_has_prefix (pool->path, fx.root));

    info = vireo_host_read_info (fx.connection, VIREO_HOST_INFO_CAPABILITIES, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->hypervisor, ==, "QEMU");
    g_assert_cmpuint (info->cpus, ==, g_get_num_processors ());
    g_assert_true (info->with_capabilities);
    g_assert_nonnull (info->cpu_model);
}

static void
test_devices (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) devices = NULL;
    g_autoptr(GPtrArray) udev = vireo_host_list_udev_devices (NULL);

    open_connection ();
    vireo_host_list_devices_async (fx.connection, NULL, vireo_test_store_result_cb, &result);
    devices = vireo_host_list_devices_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (devices->len, ==, udev->len);
    g_assert_cmpuint (devices->len, >, 0);
    for (guint i = 0; i < devices->len; i++)
        g_assert_cmpstr (((VireoHostDevice *) devices->pdata[i])->name, ==,
                         ((VireoHostDevice *) udev->pdata[i])->name);
}

static void
test_image_folder (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *overlay = NULL;
    g_autofree char *imported = NULL;
    g_autofree char *converted = NULL;
    g_autofree char *domain_xml = NULL;
    g_autofree char *source = NULL;
    g_autofree char *exported = NULL;
    g_autofree char *data = NULL;
    Progress progress = { 0, 0, 0, g_thread_self () };
    VireoStorageVolumeInfo *info;

    open_connection ();
    fx.tmp = vireo_test_mkdtemp ("vireo-host-embed-XXXXXX");
    source = g_build_filename (fx.tmp, "source.raw", NULL);
    exported = g_build_filename (fx.tmp, "exported.raw", NULL);
    data = g_strnfill (3 * MIB, 'v');
    g_assert_true (g_file_set_contents (source, data, 3 * MIB, NULL));

    /* Create: a qcow2 image, and one over it. */
    vireo_host_create_volume_async (fx.connection, NULL, "disk.qcow2", "qcow2", 32 * MIB, NULL,
                                    NULL, vireo_test_store_result_cb, &result);
    disk = vireo_host_create_volume_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    overlay = vireo_host_create_volume (fx.connection, NULL, "overlay.qcow2", NULL, 0, disk,
                                        NULL, &error);
    g_assert_no_error (error);

    /* Import: copied as it is, and converted to qcow2, with progress. */
    g_clear_object (&result);
    vireo_host_import_volume_async (fx.connection, NULL, "copy.raw", source, NULL, FALSE,
                                    progress_cb, &progress, NULL, NULL,
                                    vireo_test_store_result_cb, &result);
    imported = vireo_host_import_volume_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (progress.calls, >=, 2);
    g_assert_cmpuint (progress.done, ==, 3 * MIB);
    memset (&progress, 0, sizeof progress);
    progress.thread = g_thread_self ();
    g_clear_object (&result);
    vireo_host_import_volume_async (fx.connection, NULL, "converted.qcow2", source, "qcow2",
                                    FALSE, progress_cb, &progress, NULL, NULL,
                                    vireo_test_store_result_cb, &result);
    converted = vireo_host_import_volume_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (progress.done, ==, progress.total);

    volumes = list_volumes ();
    g_assert_cmpuint (volumes->len, ==, 4);
    info = find_volume (volumes, "converted.qcow2");
    g_assert_cmpstr (info->format, ==, "qcow2");
    g_assert_cmpuint (info->capacity, ==, 3 * MIB);
    g_assert_null (info->users);
    info = find_volume (volumes, "overlay.qcow2");
    g_assert_cmpstr (info->backing, ==, disk);
    g_assert_cmpuint (info->capacity, ==, 32 * MIB);

    /* Export converts back: the bytes of the source. */
    g_clear_object (&result);
    vireo_host_export_volume_async (fx.connection, converted, exported, "raw", NULL, NULL,
                                    NULL, NULL, vireo_test_store_result_cb, &result);
    g_assert_true (vireo_host_export_volume_finish (fx.connection, wait_finish (&result),
                                                    &error));
    g_assert_no_error (error);
    {
        g_autofree char *back = NULL;
        gsize length;

        g_assert_true (g_file_get_contents (exported, &back, &length, NULL));
        g_assert_cmpuint (length, ==, 3 * MIB);
        g_assert_true (memcmp (back, data, length) == 0);
    }

    /* A VM on the overlay uses the overlay and its backing image. */
    domain_xml = g_strdup_printf ("<domain type='qemu'><name>vireo-image-user</name>"
                                  "<memory unit='MiB'>64</memory>"
                                  "<os><type arch='x86_64'>hvm</type></os>"
                                  "<devices><disk type='file' device='disk'>"
                                  "<driver name='qemu' type='qcow2'/><source file='%s'/>"
                                  "<backingStore type='file'><format type='qcow2'/>"
                                  "<source file='%s'/></backingStore>"
                                  "<target dev='vda' bus='virtio'/></disk></devices></domain>",
                                  overlay, disk);
    domain = vireo_connection_define_xml (fx.connection, domain_xml, &error);
    g_assert_no_error (error);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = list_volumes ();
    g_assert_cmpstr (find_volume (volumes, "overlay.qcow2")->users[0], ==, "vireo-image-user");
    g_assert_cmpstr (find_volume (volumes, "disk.qcow2")->users[0], ==, "vireo-image-user");
    g_assert_null (find_volume (volumes, "copy.raw")->users);

    /* Delete and replace are refused while it does. */
    g_clear_object (&result);
    vireo_host_delete_volume_async (fx.connection, disk, NULL, vireo_test_store_result_cb,
                                    &result);
    g_assert_false (vireo_host_delete_volume_finish (fx.connection, wait_finish (&result),
                                                     &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_IN_USE);
    g_assert_nonnull (strstr (error->message, "vireo-image-user"));
    g_clear_error (&error);
    g_assert_true (g_file_test (disk, G_FILE_TEST_IS_REGULAR));
    g_clear_object (&result);
    vireo_host_import_volume_async (fx.connection, NULL, "overlay.qcow2", source, NULL, TRUE,
                                    NULL, NULL, NULL, NULL, vireo_test_store_result_cb,
                                    &result);
    g_assert_null (vireo_host_import_volume_finish (fx.connection, wait_finish (&result),
                                                    &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_IN_USE);
    g_clear_error (&error);

    /* An image nobody uses goes. */
    g_assert_true (vireo_host_delete_volume (fx.connection, imported, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (imported, G_FILE_TEST_EXISTS));

    /* Once the VM is gone, so can its images. */
    g_clear_object (&result);
    vireo_domain_delete_async (domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL,
                               vireo_test_store_result_cb, &result);
    g_assert_true (vireo_domain_delete_finish (domain, wait_finish (&result), &error));
    g_assert_no_error (error);
    g_assert_true (vireo_host_delete_volume (fx.connection, overlay, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_host_delete_volume (fx.connection, disk, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = list_volumes ();
    g_assert_cmpuint (volumes->len, ==, 1);
    g_assert_nonnull (find_volume (volumes, "converted.qcow2"));
}

int
main (int    argc,
      char **argv)
{
    int status;

    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/vireo/host-embed/unsupported", test_unsupported);
    g_test_add_func ("/vireo/host-embed/devices", test_devices);
    g_test_add_func ("/vireo/host-embed/image-folder", test_image_folder);
    status = g_test_run ();

    if (fx.connection != NULL)
        vireo_connection_close (fx.connection);
    g_clear_object (&fx.connection);
    if (fx.root != NULL)
        vireo_test_qemu_cleanup_root (fx.root);
    if (fx.tmp != NULL)
        vireo_test_rmtree (fx.tmp);
    g_free (fx.root);
    g_free (fx.tmp);
    return status;
}
