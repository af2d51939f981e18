/* test-host-storage.c: storage pools and volumes as the host window manages them, on the
 * test driver (pool XML of every type, lifecycle, source scanning, volumes and their users)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-host-pool.h"
#include "vireo-host-volume.h"
#include "vireo-storage.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

/* ------------------------------------------------------------------ XML */

typedef struct {
    const char *type;
    const char *name;
    const char *target;
    const char *host;
    const char *path;
    const char *source_name;
    const char *format;
    const char *initiator;
    gboolean    build;
} PoolCase;

static VireoHostPoolSpec *
spec_of (const PoolCase *c)
{
    VireoHostPoolSpec *spec = vireo_host_pool_spec_new (c->type);

    spec->name = g_strdup (c->name);
    spec->target_path = g_strdup (c->target);
    spec->source_host = g_strdup (c->host);
    spec->source_path = g_strdup (c->path);
    spec->source_name = g_strdup (c->source_name);
    spec->source_format = g_strdup (c->format);
    spec->initiator = g_strdup (c->initiator);
    spec->build = c->build;
    return spec;
}

static void
test_pool_xml (void)
{
    const struct {
        PoolCase    pool;
        const char *xml;
    } cases[] = {
        { { "dir", "images", "/srv/images" },
          "<pool type='dir'>\n"
          "  <name>images</name>\n"
          "  <target>\n    <path>/srv/images</path>\n  </target>\n"
          "</pool>\n" },
        { { "fs", "usb<disk>", "/mnt/usb", NULL, "/dev/sdb1", NULL, "ext4" },
          "<pool type='fs'>\n"
          "  <name>usb&lt;disk&gt;</name>\n"
          "  <source>\n"
          "    <device path='/dev/sdb1'/>\n"
          "    <format type='ext4'/>\n"
          "  </source>\n"
          "  <target>\n    <path>/mnt/usb</path>\n  </target>\n"
          "</pool>\n" },
        { { "netfs", "nfs", "/var/lib/libvirt/nfs", "filer.example", "/export/vm", NULL,
            "nfs" },
          "<pool type='netfs'>\n"
          "  <name>nfs</name>\n"
          "  <source>\n"
          "    <host name='filer.example'/>\n"
          "    <dir path='/export/vm'/>\n"
          "    <format type='nfs'/>\n"
          "  </source>\n"
          "  <target>\n    <path>/var/lib/libvirt/nfs</path>\n  </target>\n"
          "</pool>\n" },
        /* The group defaults to the pool's name, the target to /dev/GROUP. */
        { { "logical", "vg0", NULL, NULL, "/dev/sdc", NULL, NULL, NULL, TRUE },
          "<pool type='logical'>\n"
          "  <name>vg0</name>\n"
          "  <source>\n"
          "    <device path='/dev/sdc'/>\n"
          "    <name>vg0</name>\n"
          "    <format type='lvm2'/>\n"
          "  </source>\n"
          "  <target>\n    <path>/dev/vg0</path>\n  </target>\n"
          "</pool>\n" },
        { { "logical", "guests", NULL, NULL, NULL, "data_vg" },
          "<pool type='logical'>\n"
          "  <name>guests</name>\n"
          "  <source>\n"
          "    <name>data_vg</name>\n"
          "    <format type='lvm2'/>\n"
          "  </source>\n"
          "  <target>\n    <path>/dev/data_vg</path>\n  </target>\n"
          "</pool>\n" },
        { { "disk", "whole", NULL, NULL, "/dev/sdd", NULL, "gpt" },
          "<pool type='disk'>\n"
          "  <name>whole</name>\n"
          "  <source>\n"
          "    <device path='/dev/sdd'/>\n"
          "    <format type='gpt'/>\n"
          "  </source>\n"
          "  <target>\n    <path>/dev</path>\n  </target>\n"
          "</pool>\n" },
        { { "iscsi", "san", NULL, "192.0.2.10", "iqn.2024-01.org.example:disk1", NULL, NULL,
            "iqn.2024-01.org.example:host" },
          "<pool type='iscsi'>\n"
          "  <name>san</name>\n"
          "  <source>\n"
          "    <host name='192.0.2.10'/>\n"
          "    <device path='iqn.2024-01.org.example:disk1'/>\n"
          "    <initiator>\n      <iqn name='iqn.2024-01.org.example:host'/>\n"
          "    </initiator>\n"
          "  </source>\n"
          "  <target>\n    <path>/dev/disk/by-path</path>\n  </target>\n"
          "</pool>\n" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VireoHostPoolSpec) spec = spec_of (&cases[i].pool);
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = vireo_host_pool_spec_to_xml (spec, &error);

        g_test_message ("case %u: %s", i, cases[i].pool.name);
        g_assert_no_error (error);
        g_assert_cmpstr (xml, ==, cases[i].xml);
    }
}

static void
test_pool_errors (void)
{
    const struct {
        PoolCase    pool;
        const char *message_part;
    } cases[] = {
        { { "dir", "", "/srv" }, "needs a name" },
        { { "dir", "a/b", "/srv" }, "cannot name a storage pool" },
        { { "zfs", "z", "/srv" }, "is not a kind of storage pool" },
        { { "dir", "d" }, "needs a target folder" },
        { { "dir", "d", "relative/path" }, "is not a full path" },
        { { "fs", "f", "/mnt" }, "device that holds its file system" },
        { { "fs", "f", "/mnt", NULL, "/dev/sdb1", NULL, "ntfs" }, "is not a format" },
        { { "netfs", "n", "/mnt", NULL, "/export" }, "host that exports" },
        { { "netfs", "n", "/mnt", "bad host!", "/export" }, "is not a host name" },
        { { "netfs", "n", "/mnt", "filer" }, "folder its host exports" },
        { { "netfs", "n", "/mnt", "filer", "/export", NULL, "smb" }, "is not a format" },
        { { "logical", "l", NULL, NULL, NULL, "bad group" }, "cannot name a volume group" },
        { { "logical", "l", NULL, NULL, NULL, NULL, NULL, NULL, TRUE }, "needs a device" },
        { { "disk", "d" }, "the disk it divides" },
        { { "disk", "d", NULL, NULL, "/dev/sdd", NULL, "zip" }, "is not a format" },
        { { "iscsi", "i", NULL, NULL, "iqn.x:y" }, "host of its target" },
        { { "iscsi", "i", NULL, "san" }, "target’s name" },
        { { "iscsi", "i", NULL, "san", "iqn x" }, "is not an iSCSI name" },
        { { "iscsi", "i", NULL, "san", "iqn.x:y", NULL, NULL, "bad initiator!" },
          "is not an iSCSI name" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VireoHostPoolSpec) spec = spec_of (&cases[i].pool);
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = vireo_host_pool_spec_to_xml (spec, &error);

        g_test_message ("case %u: expecting “%s”", i, cases[i].message_part);
        g_assert_null (xml);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        if (strstr (error->message, cases[i].message_part) == NULL)
            g_error ("case %u: “%s” does not say “%s”", i, error->message,
                     cases[i].message_part);
    }
}

static void
test_sources_xml (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) sources = vireo_host_pool_sources_from_xml (
        "<sources>"
        "<source><host name='filer'/><dir path='/export/a'/><format type='nfs'/></source>"
        "<source><host name='san' port='3260'/><device path='iqn.2024-01.x:t1'/></source>"
        "<source><device path='/dev/sdb'/><name>vg1</name><format type='lvm2'/></source>"
        "</sources>", &error);
    VireoHostPoolSource *s;
    gboolean needs_host = TRUE;

    g_assert_no_error (error);
    g_assert_cmpuint (sources->len, ==, 3);
    s = sources->pdata[0];
    g_assert_cmpstr (s->host, ==, "filer");
    g_assert_cmpstr (s->path, ==, "/export/a");
    g_assert_cmpstr (s->format, ==, "nfs");
    s = sources->pdata[1];
    g_assert_cmpstr (s->path, ==, "iqn.2024-01.x:t1");
    s = sources->pdata[2];
    g_assert_cmpstr (s->name, ==, "vg1");
    g_assert_cmpstr (s->path, ==, "/dev/sdb");

    g_assert_null (vireo_host_pool_sources_from_xml ("<pools/>", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);

    g_assert_true (vireo_host_pool_type_can_scan ("logical", &needs_host));
    g_assert_false (needs_host);
    g_assert_true (vireo_host_pool_type_can_scan ("iscsi", &needs_host));
    g_assert_true (needs_host);
    g_assert_false (vireo_host_pool_type_can_scan ("dir", NULL));
}

/* ------------------------------------------------- on the test driver */

typedef struct {
    VireoConnection *connection;
} Fixture;

static void
setup (Fixture      *fx,
       gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    fx->connection = vireo_connection_new ("test:///default");
    g_assert_true (vireo_connection_open (fx->connection, NULL, &error));
    g_assert_no_error (error);
}

static void
teardown (Fixture      *fx,
          gconstpointer data)
{
    vireo_connection_close (fx->connection);
    g_clear_object (&fx->connection);
}

static VireoStoragePoolInfo *
find_pool (GPtrArray  *pools,
           const char *name)
{
    for (guint i = 0; i < pools->len; i++) {
        VireoStoragePoolInfo *pool = pools->pdata[i];

        if (g_str_equal (pool->name, name))
            return pool;
    }
    return NULL;
}

static VireoStorageVolumeInfo *
find_volume (GPtrArray  *volumes,
             const char *name)
{
    for (guint i = 0; i < volumes->len; i++) {
        VireoStorageVolumeInfo *volume = volumes->pdata[i];

        if (g_str_equal (volume->name, name))
            return volume;
    }
    return NULL;
}

static GPtrArray *
list_pools (Fixture *fx)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *pools = vireo_storage_list_pools (vireo_connection_get_storage (fx->connection),
                                                 &error);

    g_assert_no_error (error);
    return pools;
}

static void
test_pool_lifecycle (Fixture      *fx,
                     gconstpointer data)
{
    g_autoptr(VireoHostPoolSpec) spec = vireo_host_pool_spec_new ("dir");
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GPtrArray) sources = NULL;
    g_autofree char *name = NULL;
    g_autofree char *xml = NULL;
    VireoStoragePoolInfo *pool;

    pools = list_pools (fx);
    pool = find_pool (pools, "default-pool");
    g_assert_nonnull (pool);
    g_assert_cmpstr (pool->type, ==, "dir");
    g_assert_true (pool->persistent);

    spec->name = g_strdup ("vireo-pool");
    spec->target_path = g_strdup ("/vireo-pool");
    vireo_host_create_pool_async (fx->connection, spec, NULL, vireo_test_store_result_cb,
                                  &result);
    vireo_test_wait_result (&result, 30000);
    name = vireo_host_create_pool_finish (fx->connection, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, "vireo-pool");
    g_clear_pointer (&pools, g_ptr_array_unref);
    pools = list_pools (fx);
    pool = find_pool (pools, "vireo-pool");
    g_assert_true (pool->active);
    g_assert_true (pool->autostart);
    g_assert_cmpstr (pool->path, ==, "/vireo-pool");

    g_assert_null (vireo_host_create_pool (fx->connection, spec, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_error (&error);
    g_free (spec->target_path);
    spec->target_path = NULL;
    g_assert_null (vireo_host_create_pool (fx->connection, spec, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_true (vireo_host_pool_act (fx->connection, "vireo-pool",
                                        VIREO_HOST_POOL_ACTION_REFRESH, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_host_pool_act (fx->connection, "vireo-pool",
                                        VIREO_HOST_POOL_ACTION_AUTOSTART_OFF, NULL, &error));
    g_clear_object (&result);
    vireo_host_pool_act_async (fx->connection, "vireo-pool", VIREO_HOST_POOL_ACTION_STOP, NULL,
                               vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    g_assert_true (vireo_host_pool_act_finish (fx->connection, result, &error));
    g_assert_no_error (error);
    g_clear_pointer (&pools, g_ptr_array_unref);
    pools = list_pools (fx);
    pool = find_pool (pools, "vireo-pool");
    g_assert_false (pool->active);
    g_assert_false (pool->autostart);
    /* A stopped pool is not refreshed. */
    g_assert_false (vireo_host_pool_act (fx->connection, "vireo-pool",
                                         VIREO_HOST_POOL_ACTION_REFRESH, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    g_clear_error (&error);
    g_assert_true (vireo_host_pool_act (fx->connection, "vireo-pool",
                                        VIREO_HOST_POOL_ACTION_START, NULL, &error));

    xml = vireo_host_pool_dup_xml (fx->connection, "vireo-pool", NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (xml, "<path>/vireo-pool</path>"));

    g_assert_true (vireo_host_pool_act (fx->connection, "vireo-pool",
                                        VIREO_HOST_POOL_ACTION_DELETE, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&pools, g_ptr_array_unref);
    pools = list_pools (fx);
    g_assert_null (find_pool (pools, "vireo-pool"));
    g_assert_false (vireo_host_pool_act (fx->connection, "vireo-pool",
                                         VIREO_HOST_POOL_ACTION_START, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);

    /* The test driver answers scans of logical and netfs pools. */
    sources = vireo_host_find_pool_sources (fx->connection, "logical", NULL, NULL, NULL,
                                            &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sources->len, ==, 2);
    g_assert_cmpstr (((VireoHostPoolSource *) sources->pdata[0])->name, ==, "testvg1");
    g_clear_pointer (&sources, g_ptr_array_unref);
    g_clear_object (&result);
    vireo_host_find_pool_sources_async (fx->connection, "netfs", "filer.example", NULL, NULL,
                                        vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    sources = vireo_host_find_pool_sources_finish (fx->connection, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sources->len, ==, 1);
    g_assert_cmpstr (((VireoHostPoolSource *) sources->pdata[0])->host, ==, "filer.example");
    g_assert_cmpstr (((VireoHostPoolSource *) sources->pdata[0])->path, ==, "/testshare");
    g_assert_null (vireo_host_find_pool_sources (fx->connection, "netfs", NULL, NULL, NULL,
                                                 &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (vireo_host_find_pool_sources (fx->connection, "dir", NULL, NULL, NULL,
                                                 &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
}

static void
record_name_cb (VireoConnection *connection,
                const char      *name,
                gpointer         user_data)
{
    GPtrArray *names = user_data;

    g_ptr_array_add (names, g_strdup (name));
}

/* libvirt's pool events (lifecycle, refresh) come out as ::pool-changed. */
static void
test_pool_events (Fixture      *fx,
                  gconstpointer data)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GError) error = NULL;
    gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    g_signal_connect (fx->connection, "pool-changed", G_CALLBACK (record_name_cb), names);
    g_assert_true (vireo_host_pool_act (fx->connection, "default-pool",
                                        VIREO_HOST_POOL_ACTION_REFRESH, NULL, &error));
    g_assert_no_error (error);
    while (names->len == 0 && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (names->len, >=, 1);
    g_assert_cmpstr (names->pdata[0], ==, "default-pool");
    g_signal_handlers_disconnect_by_data (fx->connection, names);
}

static void
test_volumes (Fixture      *fx,
              gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autofree char *base = NULL;
    g_autofree char *overlay = NULL;
    g_autofree char *domain_xml = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    VireoStorageVolumeInfo *vol;

    vireo_host_create_volume_async (fx->connection, "default-pool", "base.qcow2", "qcow2",
                                    64 * 1024 * 1024, NULL, NULL, vireo_test_store_result_cb,
                                    &result);
    vireo_test_wait_result (&result, 30000);
    base = vireo_host_create_volume_finish (fx->connection, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (base, ==, "/default-pool/base.qcow2");

    /* Over a backing volume: its size unless told. */
    overlay = vireo_host_create_volume (fx->connection, "default-pool", "overlay.qcow2", NULL,
                                        0, base, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (vireo_host_create_volume (fx->connection, "default-pool", "x.raw", "raw", 0,
                                             base, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (vireo_host_create_volume (fx->connection, "default-pool", "y.qcow2", NULL,
                                             0, "/nowhere/z.qcow2", NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);

    /* A VM whose disk is the overlay uses both. */
    domain_xml = g_strdup_printf ("<domain type='test'><name>vireo-user</name>"
                                  "<memory>65536</memory><os><type>hvm</type></os>"
                                  "<devices><disk type='file' device='disk'>"
                                  "<source file='%s'/><target dev='vda'/>"
                                  "<backingStore type='file'><format type='qcow2'/>"
                                  "<source file='%s'/>"
                                  "</backingStore></disk></devices></domain>",
                                  overlay, base);
    domain = vireo_connection_define_xml (fx->connection, domain_xml, &error);
    g_assert_no_error (error);

    g_clear_object (&result);
    vireo_host_list_volumes_async (fx->connection, "default-pool", NULL,
                                   vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    volumes = vireo_host_list_volumes_finish (fx->connection, result, &error);
    g_assert_no_error (error);
    vol = find_volume (volumes, "overlay.qcow2");
    g_assert_cmpuint (vol->capacity, ==, 64 * 1024 * 1024);
    g_assert_cmpstr (vol->backing, ==, base);
    g_assert_nonnull (vol->users);
    g_assert_cmpstr (vol->users[0], ==, "vireo-user");
    vol = find_volume (volumes, "base.qcow2");
    g_assert_cmpstr (vol->users[0], ==, "vireo-user");
    g_assert_null (vol->backing);

    /* In use: not deleted, and the message names the VM. */
    g_clear_object (&result);
    vireo_host_delete_volume_async (fx->connection, base, NULL, vireo_test_store_result_cb,
                                    &result);
    vireo_test_wait_result (&result, 30000);
    g_assert_false (vireo_host_delete_volume_finish (fx->connection, result, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_IN_USE);
    g_assert_nonnull (strstr (error->message, "vireo-user"));
    g_clear_error (&error);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = vireo_host_list_volumes (fx->connection, "default-pool", NULL, &error);
    g_assert_nonnull (find_volume (volumes, "base.qcow2"));

    /* Once the VM is gone, both go. */
    g_clear_object (&result);
    vireo_domain_delete_async (domain, 0, NULL, NULL, vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    g_assert_true (vireo_domain_delete_finish (domain, result, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_host_delete_volume (fx->connection, overlay, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_host_delete_volume (fx->connection, base, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = vireo_host_list_volumes (fx->connection, "default-pool", NULL, &error);
    g_assert_null (find_volume (volumes, "base.qcow2"));
    g_assert_null (find_volume (volumes, "overlay.qcow2"));
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/host-storage/pool-xml", test_pool_xml);
    g_test_add_func ("/vireo/host-storage/pool-errors", test_pool_errors);
    g_test_add_func ("/vireo/host-storage/sources-xml", test_sources_xml);
    g_test_add ("/vireo/host-storage/pool-lifecycle", Fixture, NULL, setup,
                test_pool_lifecycle, teardown);
    g_test_add ("/vireo/host-storage/volumes", Fixture, NULL, setup, test_volumes, teardown);
    g_test_add ("/vireo/host-storage/pool-events", Fixture, NULL, setup, test_pool_events,
                teardown);
    return g_test_run ();
}
