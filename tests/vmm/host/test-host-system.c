/* test-host-system.c: the host window's core on qemu:///system, for real
 *
 * Run by tests/common/vireo-private-libvirtd, which gives it a libvirt daemon of its own:
 * a NAT network with DHCP is created (its bridge and dnsmasq appear), stopped and deleted,
 * and an isolated one with IPv4 and IPv6 DHCP and a DNS domain deleted while it runs;
 * a dir pool and a qcow2 volume are created, a file is uploaded into the volume and
 * downloaded back over libvirt's streams, cancelled transfers leave nothing; a volume a VM
 * uses is not deleted; the host's devices come from libvirt's node devices.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-host-device.h"
#include "vireo-host-info.h"
#include "vireo-host-network.h"
#include "vireo-host-pool.h"
#include "vireo-host-volume.h"
#include "vireo-storage.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

#define URI "qemu:///system"
#define TIMEOUT_MS (120 * 1000)
#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

static struct {
    VireoConnection *connection;
    char            *tmp;
} fx;

typedef struct {
    guint         calls;
    guint64       done;
    guint64       total;
    GCancellable *cancel_at;     /* cancelled once @cancel_after bytes are done */
    guint64       cancel_after;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
    Progress *progress = user_data;

    g_assert_true (done >= progress->done);
    progress->calls++;
    progress->done = done;
    progress->total = total;
    if (progress->cancel_at != NULL && done >= progress->cancel_after)
        g_cancellable_cancel (progress->cancel_at);
}

static void
open_connection (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    if (fx.connection != NULL)
        return;
    fx.connection = vireo_connection_new (URI);
    vireo_connection_open_async (fx.connection, NULL, vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, TIMEOUT_MS);
    if (!vireo_connection_open_finish (fx.connection, result, &error))
        g_error ("%s could not be opened (run this test through "
                 "tests/common/vireo-private-libvirtd): %s", URI, error->message);
}

static gpointer
wait_finish (GAsyncResult **result)
{
    if (vireo_test_wait_result (result, TIMEOUT_MS) == NULL)
        g_error ("a call on %s did not finish within %u s", URI, TIMEOUT_MS / 1000);
    return *result;
}

static char *
random_file (const char *name,
             gsize       size)
{
    g_autofree guint8 *data = g_malloc (size);
    char *path = g_build_filename (fx.tmp, name, NULL);
    GRand *rand = g_rand_new_with_seed (size);

    for (gsize i = 0; i < size; i++)
        data[i] = g_rand_int (rand) & 0xff;
    g_rand_free (rand);
    g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
    return path;
}

static void
test_info (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoHostInfo) info = NULL;

    open_connection ();
    info = vireo_host_read_info (fx.connection, VIREO_HOST_INFO_CAPABILITIES, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->hypervisor, ==, "QEMU");
    g_assert_nonnull (info->hypervisor_version);
    g_assert_nonnull (info->libvirt_version);
    g_assert_cmpuint (info->cpus, ==, g_get_num_processors ());
    g_assert_true (info->with_capabilities);
    g_assert_nonnull (info->cpu_model);
}

static VireoHostNetwork *
find_network (const char *name)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) networks = vireo_host_list_networks (fx.connection, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < networks->len; i++) {
        VireoHostNetwork *network = networks->pdata[i];

        if (g_str_equal (network->name, name))
            return vireo_host_network_copy (network);
    }
    return NULL;
}

static gboolean
interface_exists (const char *name)
{
    g_autofree char *path = g_build_filename ("/sys/class/net", name, NULL);

    return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_nat_network (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VireoHostNetworkSpec) spec = vireo_host_network_spec_new ();
    g_autoptr(GPtrArray) networks = NULL;
    g_autoptr(VireoHostNetwork) created = NULL;
    g_autoptr(VireoHostNetwork) listed = NULL;
    g_autofree char *bridge = NULL;
    g_autofree char *dnsmasq_conf = NULL;
    g_autofree char *conf = NULL;

    open_connection ();
    networks = vireo_host_list_networks (fx.connection, NULL, &error);
    g_assert_no_error (error);
    spec->name = g_strdup ("vireo-nat");
    spec->mode = VIREO_HOST_NETWORK_NAT;
    spec->ipv4_network = vireo_host_network_suggest_ipv4 (networks);
    spec->ipv4_dhcp = TRUE;
    spec->autostart = FALSE;
    vireo_host_create_network_async (fx.connection, spec, NULL, vireo_test_store_result_cb,
                                     &result);
    created = vireo_host_create_network_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_true (created->active);
    g_assert_nonnull (created->bridge);
    bridge = g_strdup (created->bridge);
    g_test_message ("network %s on bridge %s, %s", created->name, bridge,
                    spec->ipv4_network);

    /* The bridge is up, and dnsmasq serves the DHCP range. */
    g_assert_true (interface_exists (bridge));
    dnsmasq_conf = g_strdup_printf ("/var/lib/libvirt/dnsmasq/%s.conf", created->name);
    g_assert_true (g_file_get_contents (dnsmasq_conf, &conf, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (conf, created->ipv4.dhcp_start));

    /* Stopped: the bridge is gone; the network stays defined. */
    g_clear_object (&result);
    vireo_host_network_act_async (fx.connection, "vireo-nat", VIREO_HOST_NETWORK_ACTION_STOP,
                                  NULL, vireo_test_store_result_cb, &result);
    g_assert_true (vireo_host_network_act_finish (fx.connection, wait_finish (&result),
                                                  &error));
    g_assert_no_error (error);
    g_assert_false (interface_exists (bridge));
    listed = find_network ("vireo-nat");
    g_assert_nonnull (listed);
    g_assert_false (listed->active);

    g_clear_object (&result);
    vireo_host_network_act_async (fx.connection, "vireo-nat", VIREO_HOST_NETWORK_ACTION_DELETE,
                                  NULL, vireo_test_store_result_cb, &result);
    g_assert_true (vireo_host_network_act_finish (fx.connection, wait_finish (&result),
                                                  &error));
    g_assert_no_error (error);
    g_clear_pointer (&listed, vireo_host_network_free);
    listed = find_network ("vireo-nat");
    g_assert_null (listed);
}

/* An isolated network with IPv4 and IPv6 DHCP and a DNS domain, as libvirt starts it, and
 * deleted while it runs. */
static void
test_isolated_ipv6_network (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VireoHostNetworkSpec) spec = vireo_host_network_spec_new ();
    g_autoptr(GPtrArray) networks = NULL;
    g_autoptr(VireoHostNetwork) created = NULL;
    g_autoptr(VireoHostNetwork) listed = NULL;
    g_autofree char *bridge = NULL;
    g_autofree char *dnsmasq_conf = NULL;
    g_autofree char *conf = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *summary = NULL;

    open_connection ();
    networks = vireo_host_list_networks (fx.connection, NULL, &error);
    g_assert_no_error (error);
    spec->name = g_strdup ("vireo-isolated");
    spec->mode = VIREO_HOST_NETWORK_ISOLATED;
    spec->ipv4_network = vireo_host_network_suggest_ipv4 (networks);
    spec->ipv4_dhcp = TRUE;
    spec->ipv6_network = g_strdup ("fd00:5e::/64");
    spec->ipv6_dhcp = TRUE;
    spec->domain = g_strdup ("lab.vireo.test");
    spec->autostart = FALSE;
    vireo_host_create_network_async (fx.connection, spec, NULL, vireo_test_store_result_cb,
                                     &result);
    created = vireo_host_create_network_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_true (created->active);
    g_assert_cmpint (created->mode, ==, VIREO_HOST_NETWORK_ISOLATED);
    bridge = g_strdup (created->bridge);
    g_assert_true (interface_exists (bridge));

    /* libvirt kept what was asked: no <forward>, both families, the domain. */
    xml = vireo_host_network_dup_xml (fx.connection, "vireo-isolated", NULL, &error);
    g_assert_no_error (error);
    g_assert_null (strstr (xml, "<forward"));
    g_assert_nonnull (strstr (xml, "family='ipv6'"));
    g_assert_nonnull (strstr (xml, "lab.vireo.test"));
    g_assert_cmpstr (created->domain, ==, "lab.vireo.test");
    g_assert_nonnull (created->ipv6.dhcp_start);
    summary = vireo_host_network_dup_ip_summary (created);
    g_assert_nonnull (strstr (summary, "fd00:5e::"));

    /* dnsmasq serves both ranges in the domain. */
    dnsmasq_conf = g_strdup_printf ("/var/lib/libvirt/dnsmasq/%s.conf", created->name);
    g_assert_true (g_file_get_contents (dnsmasq_conf, &conf, NULL, &error));
    g_assert_no_error (error);
    g_test_message ("%s", conf);
    g_assert_nonnull (strstr (conf, "domain=lab.vireo.test"));
    g_assert_nonnull (strstr (conf, created->ipv4.dhcp_start));
    g_assert_nonnull (strstr (conf, "fd00:5e::"));

    /* Deleted while running: stopped first, its bridge gone, its definition too. */
    g_clear_object (&result);
    vireo_host_network_act_async (fx.connection, "vireo-isolated",
                                  VIREO_HOST_NETWORK_ACTION_DELETE, NULL,
                                  vireo_test_store_result_cb, &result);
    g_assert_true (vireo_host_network_act_finish (fx.connection, wait_finish (&result),
                                                  &error));
    g_assert_no_error (error);
    g_assert_false (interface_exists (bridge));
    listed = find_network ("vireo-isolated");
    g_assert_null (listed);
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
test_pool_and_transfers (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VireoHostPoolSpec) spec = vireo_host_pool_spec_new ("dir");
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *pool = NULL;
    g_autofree char *target = g_build_filename (fx.tmp, "pool", NULL);
    g_autofree char *volume = NULL;
    g_autofree char *uploaded = NULL;
    g_autofree char *upload = random_file ("upload.bin", 6 * MIB + 123);
    g_autofree char *download = g_build_filename (fx.tmp, "download.bin", NULL);
    g_autofree char *domain_xml = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    Progress progress = { 0 };
    VireoStorageVolumeInfo *info;
    VireoStorage *storage;

    open_connection ();
    spec->name = g_strdup ("vireo-pool");
    spec->target_path = g_strdup (target);
    spec->autostart = FALSE;
    vireo_host_create_pool_async (fx.connection, spec, NULL, vireo_test_store_result_cb,
                                  &result);
    pool = vireo_host_create_pool_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));

    /* A qcow2 volume, made by libvirt (qemu-img) in the folder. */
    g_clear_object (&result);
    vireo_host_create_volume_async (fx.connection, pool, "disk.qcow2", "qcow2", 64 * MIB, NULL,
                                    NULL, vireo_test_store_result_cb, &result);
    volume = vireo_host_create_volume_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_true (g_file_test (volume, G_FILE_TEST_IS_REGULAR));
    volumes = vireo_host_list_volumes (fx.connection, pool, NULL, &error);
    g_assert_no_error (error);
    info = find_volume (volumes, "disk.qcow2");
    g_assert_cmpstr (info->format, ==, "qcow2");
    g_assert_cmpuint (info->capacity, ==, 64 * MIB);

    /* Without replace, its name is taken. */
    g_clear_object (&result);
    vireo_host_import_volume_async (fx.connection, pool, "disk.qcow2", upload, NULL, FALSE,
                                    NULL, NULL, NULL, NULL, vireo_test_store_result_cb,
                                    &result);
    g_assert_null (vireo_host_import_volume_finish (fx.connection, wait_finish (&result),
                                                    &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_error (&error);

    /* Uploaded into it, then downloaded back: the same bytes. */
    g_clear_object (&result);
    vireo_host_import_volume_async (fx.connection, pool, "disk.qcow2", upload, NULL, TRUE,
                                    progress_cb, &progress, NULL, NULL,
                                    vireo_test_store_result_cb, &result);
    uploaded = vireo_host_import_volume_finish (fx.connection, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (uploaded, ==, volume);
    g_assert_cmpuint (progress.calls, >=, 2);
    g_assert_cmpuint (progress.done, ==, 6 * MIB + 123);
    g_assert_cmpuint (progress.total, ==, 6 * MIB + 123);
    assert_same_file (upload, volume);

    memset (&progress, 0, sizeof progress);
    g_clear_object (&result);
    vireo_host_export_volume_async (fx.connection, volume, download, NULL, progress_cb,
                                    &progress, NULL, NULL, vireo_test_store_result_cb, &result);
    g_assert_true (vireo_host_export_volume_finish (fx.connection, wait_finish (&result),
                                                    &error));
    g_assert_no_error (error);
    assert_same_file (upload, download);
    g_assert_cmpuint (progress.done, ==, 6 * MIB + 123);
    g_assert_cmpuint (progress.total, ==, 6 * MIB + 123);

    /* A cancelled download leaves no file; a cancelled upload no volume.  The storage's
     * own calls report progress in the transferring thread, so that the first report
     * cancels before the transfer can end. */
    storage = vireo_connection_get_storage (fx.connection);
    g_unlink (download);
    memset (&progress, 0, sizeof progress);
    progress.cancel_at = cancellable;
    progress.cancel_after = 1;
    g_assert_false (vireo_storage_export_volume (storage, volume, download, NULL, progress_cb,
                                                 &progress, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (progress.done, <, 6 * MIB);
    g_assert_false (g_file_test (download, G_FILE_TEST_EXISTS));
    g_assert_false (has_partial_files (fx.tmp));

    g_cancellable_reset (cancellable);
    memset (&progress, 0, sizeof progress);
    progress.cancel_at = cancellable;
    progress.cancel_after = 1;
    g_assert_null (vireo_storage_import_volume (storage, pool, "partial.img", upload, NULL,
                                                FALSE, progress_cb, &progress, cancellable,
                                                &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (progress.done, <, 6 * MIB);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = vireo_host_list_volumes (fx.connection, pool, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (find_volume (volumes, "partial.img"));
    {
        g_autofree char *partial = g_build_filename (target, "partial.img", NULL);

        g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
    }

    /* Cancelled before it starts, through the host's call: nothing is made. */
    g_cancellable_cancel (cancellable);
    g_clear_object (&result);
    vireo_host_import_volume_async (fx.connection, pool, "partial.img", upload, NULL, FALSE,
                                    NULL, NULL, NULL, cancellable, vireo_test_store_result_cb,
                                    &result);
    g_assert_null (vireo_host_import_volume_finish (fx.connection, wait_finish (&result),
                                                    &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = vireo_host_list_volumes (fx.connection, pool, NULL, &error);
    g_assert_null (find_volume (volumes, "partial.img"));

    /* A VM's disk is neither deleted nor replaced. */
    domain_xml = g_strdup_printf ("<domain type='qemu'><name>vireo-disk-user</name>"
                                  "<memory unit='MiB'>64</memory>"
                                  "<os><type arch='x86_64'>hvm</type></os>"
                                  "<devices><disk type='file' device='disk'>"
                                  "<driver name='qemu' type='raw'/><source file='%s'/>"
                                  "<target dev='vda' bus='virtio'/></disk></devices></domain>",
                                  volume);
    domain = vireo_connection_define_xml (fx.connection, domain_xml, &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    vireo_host_delete_volume_async (fx.connection, volume, NULL, vireo_test_store_result_cb,
                                    &result);
    g_assert_false (vireo_host_delete_volume_finish (fx.connection, wait_finish (&result),
                                                     &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_IN_USE);
    g_assert_nonnull (strstr (error->message, "vireo-disk-user"));
    g_clear_error (&error);
    g_assert_true (g_file_test (volume, G_FILE_TEST_IS_REGULAR));
    g_clear_object (&result);
    vireo_host_import_volume_async (fx.connection, pool, "disk.qcow2", upload, NULL, TRUE,
                                    NULL, NULL, NULL, NULL, vireo_test_store_result_cb,
                                    &result);
    g_assert_null (vireo_host_import_volume_finish (fx.connection, wait_finish (&result),
                                                    &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_IN_USE);
    g_clear_error (&error);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = vireo_host_list_volumes (fx.connection, pool, NULL, &error);
    g_assert_cmpstr (find_volume (volumes, "disk.qcow2")->users[0], ==, "vireo-disk-user");

    /* Once the VM is gone the volume goes, then the pool. */
    g_clear_object (&result);
    vireo_domain_delete_async (domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL,
                               vireo_test_store_result_cb, &result);
    g_assert_true (vireo_domain_delete_finish (domain, wait_finish (&result), &error));
    g_assert_no_error (error);
    g_assert_true (vireo_host_delete_volume (fx.connection, volume, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (volume, G_FILE_TEST_EXISTS));
    g_assert_true (vireo_host_pool_act (fx.connection, pool, VIREO_HOST_POOL_ACTION_DELETE,
                                        NULL, &error));
    g_assert_no_error (error);
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
    /* libvirt's node devices are the devices udev sees, named alike. */
    g_assert_cmpuint (devices->len, ==, udev->len);
    for (guint i = 0; i < devices->len; i++) {
        VireoHostDevice *a = devices->pdata[i];
        VireoHostDevice *b = udev->pdata[i];

        g_assert_cmpstr (a->name, ==, b->name);
        g_assert_cmpuint (a->vendor_id, ==, b->vendor_id);
        g_assert_cmpuint (a->product_id, ==, b->product_id);
        g_assert_cmpstr (a->vendor_name, ==, b->vendor_name);
    }
}

/* One process with the embedded driver open, then qemu:///system (the
 * manager's usual pair): libvirt would give the second to the embedded
 * driver, which refuses it ("Missing URI parameter 'root'"). */
static void
test_beside_embedded (void)
{
    g_autofree char *root = g_build_filename (fx.tmp, "embedded", NULL);
    g_autofree char *embed_uri = g_strdup_printf ("qemu:///embed?root=%s", root);
    g_autoptr(VireoConnection) embedded = vireo_connection_new (embed_uri);
    g_autoptr(VireoConnection) system = vireo_connection_new (URI);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) domains = NULL;

    vireo_connection_open_async (embedded, NULL, vireo_test_store_result_cb, &result);
    g_assert_true (vireo_connection_open_finish (embedded, wait_finish (&result), &error));
    g_assert_no_error (error);
    g_clear_object (&result);

    vireo_connection_open_async (system, NULL, vireo_test_store_result_cb, &result);
    vireo_connection_open_finish (system, wait_finish (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (vireo_connection_get_state (system), ==, VIREO_CONNECTION_STATE_ACTIVE);
    g_assert_cmpstr (vireo_connection_get_uri (system), ==, URI);
    domains = vireo_connection_list_domains (system);
    g_assert_nonnull (domains);
    vireo_connection_close (system);
    vireo_connection_close (embedded);
}

int
main (int    argc,
      char **argv)
{
    int status;

    g_test_init (&argc, &argv, NULL);
    fx.tmp = vireo_test_mkdtemp ("vireo-host-system-XXXXXX");
    /* libvirt's daemon (its users) reads what the test writes here. */
    g_chmod (fx.tmp, 0755);

    /* First: qemu:///system opened after the embedded driver was. */
    g_test_add_func ("/vireo/host-system/beside-embedded", test_beside_embedded);
    g_test_add_func ("/vireo/host-system/info", test_info);
    g_test_add_func ("/vireo/host-system/nat-network", test_nat_network);
    g_test_add_func ("/vireo/host-system/isolated-ipv6-network", test_isolated_ipv6_network);
    g_test_add_func ("/vireo/host-system/pool-and-transfers", test_pool_and_transfers);
    g_test_add_func ("/vireo/host-system/devices", test_devices);
    status = g_test_run ();

    if (fx.connection != NULL)
        vireo_connection_close (fx.connection);
    g_clear_object (&fx.connection);
    vireo_test_rmtree (fx.tmp);
    g_free (fx.tmp);
    return status;
}
