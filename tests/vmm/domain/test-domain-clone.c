/* test-domain-clone.c: VireoDomainClone on libvirt's test driver and real files
 *
 * The VMs and pools of tests/fixtures/clone/node.xml, with the VM "local"
 * and clones of XML given here using real images in a temporary folder:
 * virt-clone's default names, each disk's default action and why, what
 * prepare() writes, refusals, a clone of pool volumes made through
 * libvirt (asynchronously: the new VM appears on the connection), a clone
 * of files made by Vireo with its bytes counted, a linked clone that makes
 * the original's image read-only, a cancelled clone and one that fills its
 * disk half-way, neither leaving a file or a VM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-clone.h"
#include "vireo-image-file.h"
#include "vireo-vmm-error.h"
#include "vireo-test-libvirt.h"
#include "vireo-test-util.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)
#define TIMEOUT_MS 60000

typedef struct {
    char            *dir;
    char            *node;
    VireoConnection *conn;
} Fixture;

static void
run_qemu_img (const char *args)
{
    g_autofree char *command = g_strdup_printf ("qemu-img %s", args);
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
}

static void
setup (Fixture *fx, gconstpointer data)
{
    g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "clone",
                                                      "node.xml", NULL);
    g_autofree char *text = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) parts = NULL;
    g_autofree char *replaced = NULL;

    fx->dir = vireo_test_mkdtemp ("vireo-clone-XXXXXX");
    g_assert_true (g_file_get_contents (fixture, &text, NULL, &error));
    parts = g_strsplit (text, "@MEDIA@", -1);
    replaced = g_strjoinv (fx->dir, parts);
    fx->node = g_build_filename (fx->dir, "node.xml", NULL);
    g_assert_true (g_file_set_contents (fx->node, replaced, -1, &error));
    {
        g_autofree char *args = g_strdup_printf ("create -q -f qcow2 %s/local.qcow2 256M",
                                                 fx->dir);
        run_qemu_img (args);
    }
    {
        g_autofree char *args = g_strdup_printf ("io -c 'write -P 0x5a 0 8M' %s/local.qcow2",
                                                 fx->dir);
        g_autofree char *command = g_strdup_printf ("qemu-%s", args);
        g_autofree char *out = NULL;
        int status = 0;

        g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
        g_assert_true (g_spawn_check_wait_status (status, &error));
    }
    uri = g_strdup_printf ("test://%s", fx->node);
    vireo_vmm_silence_libvirt_errors ();
    fx->conn = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (fx->conn, NULL, &error));
    g_assert_no_error (error);
}

static void
teardown (Fixture *fx, gconstpointer data)
{
    vireo_connection_close (fx->conn);
    g_clear_object (&fx->conn);
    /* A linked clone made the original's image read-only. */
    vireo_test_rmtree (fx->dir);
    g_free (fx->dir);
    g_free (fx->node);
}

static VireoDomainClone *
clone_of (Fixture *fx, const char *name)
{
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, name);
    g_autoptr(GError) error = NULL;
    VireoDomainClone *clone;

    g_assert_nonnull (domain);
    clone = vireo_domain_clone_new_for_domain (domain, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DOMAIN_CLONE (clone));
    return clone;
}

static guint
count_files (const char *dir)
{
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (d && g_dir_read_name (d))
        n++;
    return n;
}

static char *
domain_xml (Fixture *fx, const char *name, guint flags)
{
    virConnectPtr conn = vireo_connection_get_handle (fx->conn);
    virDomainPtr dom = virDomainLookupByName (conn, name);
    char *xml;

    if (dom == NULL)
        return NULL;
    xml = virDomainGetXMLDesc (dom, flags);
    virDomainFree (dom);
    return xml;
}

/* ---------------------------------------------------------------- cases */

static void
test_generate_name (void)
{
    static const struct {
        const char *name;
        const char *taken;
        const char *expected;
    } cases[] = {
        { "vm", "", "vm-clone" },
        { "vm", "vm-clone", "vm-clone1" },
        { "vm", "vm-clone vm-clone1 vm-clone2", "vm-clone3" },
        { "vm-clone", "vm-clone", "vm-clone1" },
        { "vm-clone3", "", "vm-clone4" },
        { "vm-clone3", "vm-clone4", "vm-clone5" },
        { "a-clone-b", "", "a-clone-b-clone" },
        { "vm-clone10", "", "vm-clone10-clone" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_auto(GStrv) taken = g_strsplit (cases[i].taken, " ", -1);
        g_autofree char *got = vireo_domain_clone_generate_name (cases[i].name,
                                                                 (const char *const *) taken);

        g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_defaults (Fixture *fx, gconstpointer data)
{
    g_autoptr(VireoDomainClone) clone = clone_of (fx, "multi");
    static const struct {
        const char          *target;
        VireoCloneDiskAction action;
        const char          *reason;
    } disks[] = {
        { "vda", VIREO_CLONE_DISK_COPY, NULL },
        { "vdb", VIREO_CLONE_DISK_COPY, NULL },
        { "vdc", VIREO_CLONE_DISK_SHARE, "Shareable" },
        { "hdc", VIREO_CLONE_DISK_SHARE, "Read-only" },
        { "hdd", VIREO_CLONE_DISK_SHARE, "No image" },
    };
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (vireo_domain_clone_get_original_name (clone), ==, "multi");
    g_assert_cmpuint (vireo_domain_clone_get_n_disks (clone), ==, G_N_ELEMENTS (disks));
    for (guint i = 0; i < G_N_ELEMENTS (disks); i++) {
        g_assert_cmpstr (vireo_domain_clone_get_disk_target (clone, i), ==, disks[i].target);
        g_assert_cmpint (vireo_domain_clone_get_disk_action (clone, i), ==, disks[i].action);
        g_assert_cmpstr (vireo_domain_clone_get_disk_reason (clone, i), ==, disks[i].reason);
    }
    /* libvirt keeps disks in bus order. */
    g_assert_cmpint (vireo_domain_clone_find_disk (clone, "vdc"), ==, 2);
    g_assert_cmpint (vireo_domain_clone_find_disk (clone, "sdz"), ==, -1);
    g_assert_cmpstr (vireo_domain_clone_get_disk_device (clone, 3), ==, "cdrom");
    g_assert_null (vireo_domain_clone_get_disk_source (clone, 4));

    g_assert_true (vireo_domain_clone_prepare (clone, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (vireo_domain_clone_get_name (clone), ==, "multi-clone");
    g_assert_cmpstr (vireo_domain_clone_get_disk_path (clone, 0), ==,
                     "/default-pool/multi-system-clone.qcow2");
    /* data-clone.img is taken in the pool: the next name. */
    g_assert_cmpstr (vireo_domain_clone_get_disk_path (clone, 1), ==,
                     "/other-pool/data-clone-1.img");
    g_assert_null (vireo_domain_clone_get_disk_path (clone, 2));
    g_assert_nonnull (vireo_domain_clone_get_warnings (clone)[0]);
}

static void
test_xml (Fixture *fx, gconstpointer data)
{
    g_autoptr(VireoDomainClone) clone = clone_of (fx, "multi");
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;

    vireo_domain_clone_set_name (clone, "copy");
    g_assert_true (vireo_domain_clone_prepare (clone, &error));
    xml = vireo_domain_clone_dup_xml (clone);
    g_assert_nonnull (strstr (xml, "<name>copy</name>"));
    g_assert_null (strstr (xml, "22222222-0000-0000-0000-000000000002"));
    g_assert_null (strstr (xml, "<title>"));
    g_assert_nonnull (strstr (xml, "<description>Each disk kind"));
    g_assert_null (strstr (xml, "00:16:3e:aa:bb:cc"));
    g_assert_null (strstr (xml, "52:54:00:00:00:22"));
    g_assert_null (strstr (xml, "vnet7"));
    g_assert_null (strstr (xml, "5907"));
    g_assert_null (strstr (xml, "multi.org.qemu.guest_agent.0"));
    g_assert_nonnull (strstr (xml, "/default-pool/multi-system-clone.qcow2"));
    g_assert_nonnull (strstr (xml, "/default-pool/install.iso"));
    g_assert_nonnull (strstr (xml, "/default-pool/shared.img"));
    g_assert_nonnull (strstr (xml, "<serial>SYS01</serial>"));

    /* MACs given, the UUID given, a disk skipped. */
    {
        const char *macs[] = { "52:54:00:AB:CD:01", "52:54:00:ab:cd:02", NULL };

        g_assert_true (vireo_domain_clone_set_macs (clone, macs, &error));
    }
    vireo_domain_clone_set_uuid (clone, "12345678-1234-4234-9234-123456789abc");
    g_assert_true (vireo_domain_clone_set_disk_action (clone, 1, VIREO_CLONE_DISK_SHARE,
                                                       &error));
    g_assert_true (vireo_domain_clone_prepare (clone, &error));
    g_clear_pointer (&xml, g_free);
    xml = vireo_domain_clone_dup_xml (clone);
    g_assert_nonnull (strstr (xml, "52:54:00:ab:cd:01"));
    g_assert_nonnull (strstr (xml, "52:54:00:ab:cd:02"));
    g_assert_nonnull (strstr (xml, "12345678-1234-4234-9234-123456789abc"));
    g_assert_nonnull (strstr (xml, "/other-pool/data.img"));
}

static void
test_refusals (Fixture *fx, gconstpointer data)
{
    VireoDomain *running = vireo_connection_find_domain (fx->conn, "running");
    g_autoptr(VireoDomainClone) clone = NULL;
    g_autoptr(GError) error = NULL;
    const char *bad_macs[] = { "52:54:00:00:00", NULL };
    const char *used_macs[] = { "00:16:3e:aa:bb:cc", NULL };

    g_assert_null (vireo_domain_clone_new_for_domain (running, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    g_clear_error (&error);

    clone = clone_of (fx, "plain");
    vireo_domain_clone_set_name (clone, "multi");
    g_assert_false (vireo_domain_clone_prepare (clone, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_error (&error);
    vireo_domain_clone_set_name (clone, "fresh");

    g_assert_false (vireo_domain_clone_set_macs (clone, bad_macs, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (vireo_domain_clone_set_macs (clone, used_macs, &error));
    g_assert_false (vireo_domain_clone_prepare (clone, &error));
    g_assert_nonnull (strstr (error->message, "multi"));
    g_clear_error (&error);
    vireo_domain_clone_set_check (clone, "mac_in_use", FALSE);
    g_assert_true (vireo_domain_clone_prepare (clone, &error));
    g_assert_no_error (error);

    /* A linked clone needs a file here: a test pool's volume is not. */
    g_assert_false (vireo_domain_clone_set_disk_action (clone, 0, VIREO_CLONE_DISK_LINK,
                                                        &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);

    vireo_domain_clone_set_disk_path (clone, 0, "/default-pool/plain.qcow2");
    g_assert_false (vireo_domain_clone_prepare (clone, &error));
    g_assert_nonnull (strstr (error->message, "/default-pool/plain.qcow2"));
}

static void
test_run_volumes (Fixture *fx, gconstpointer data)
{
    g_autoptr(VireoDomainClone) clone = clone_of (fx, "uefi");
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    virConnectPtr conn = vireo_connection_get_handle (fx->conn);
    virStorageVolPtr vol;

    vireo_domain_clone_set_name (clone, "uefi2");
    g_assert_null (vireo_connection_find_domain (fx->conn, "uefi2"));
    vireo_domain_clone_run_async (clone, progress, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_true (vireo_domain_clone_run_finish (clone, result, &error));
    g_assert_no_error (error);

    g_assert_nonnull (vireo_connection_find_domain (fx->conn, "uefi2"));
    xml = domain_xml (fx, "uefi2", 0);
    g_assert_nonnull (strstr (xml, "/default-pool/uefi-disk-clone.qcow2"));
    g_assert_nonnull (strstr (xml, "/default-pool/uefi2_VARS.fd"));
    vol = virStorageVolLookupByPath (conn, "/default-pool/uefi-disk-clone.qcow2");
    g_assert_nonnull (vol);
    virStorageVolFree (vol);
    vol = virStorageVolLookupByPath (conn, "/default-pool/uefi2_VARS.fd");
    g_assert_nonnull (vol);
    virStorageVolFree (vol);
}

/* A VM of two disks in the fixture's folder, given as XML. */
static char *
two_disk_xml (Fixture *fx, const char *second_dir)
{
    return g_strdup_printf (
        "<domain type='test'><name>two</name><memory unit='KiB'>524288</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s/local.qcow2'/><target dev='vda' bus='virtio'/></disk>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s/second.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
        "</devices></domain>", fx->dir, second_dir);
}

static void
test_run_files (Fixture *fx, gconstpointer data)
{
    g_autoptr(VireoDomainClone) clone = clone_of (fx, "local");
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *source = g_build_filename (fx->dir, "local.qcow2", NULL);
    g_autofree char *copy = g_build_filename (fx->dir, "local-clone.qcow2", NULL);
    g_autofree char *sum_a = NULL;
    g_autofree char *sum_b = NULL;
    guint64 data_size = vireo_image_file_data_size (source, NULL);

    g_assert_cmpuint (vireo_domain_clone_get_disk_size (clone, 0), ==, data_size);
    g_assert_true (vireo_domain_clone_run (clone, progress, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vireo_progress_get_total (progress), ==, data_size);
    g_assert_cmpuint (vireo_progress_get_done (progress), ==, data_size);
    sum_a = vireo_image_file_checksum (source, NULL, NULL, &error);
    sum_b = vireo_image_file_checksum (copy, NULL, NULL, &error);
    g_assert_cmpstr (sum_a, ==, sum_b);
    g_assert_nonnull (vireo_connection_find_domain (fx->conn, "local-clone"));
}

static void
test_linked (Fixture *fx, gconstpointer data)
{
    g_autoptr(VireoDomainClone) clone = clone_of (fx, "local");
    g_autoptr(GError) error = NULL;
    g_autofree char *source = g_build_filename (fx->dir, "local.qcow2", NULL);
    g_autofree char *overlay = g_build_filename (fx->dir, "linked.qcow2", NULL);
    g_autofree char *backing = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *original = NULL;
    struct stat st;

    vireo_domain_clone_set_name (clone, "linked");
    vireo_domain_clone_set_linked (clone, TRUE);
    g_assert_cmpint (vireo_domain_clone_get_disk_action (clone, 0), ==, VIREO_CLONE_DISK_LINK);
    vireo_domain_clone_set_disk_path (clone, 0, overlay);
    g_assert_true (vireo_domain_clone_run (clone, NULL, NULL, &error));
    g_assert_no_error (error);

    backing = vireo_image_file_dup_backing (overlay);
    g_assert_cmpstr (backing, ==, source);
    xml = domain_xml (fx, "linked", 0);
    g_assert_nonnull (strstr (xml, overlay));
    g_assert_nonnull (strstr (xml, "type='qcow2'"));
    /* The original's image is now read-only: in its definition and on disk. */
    original = domain_xml (fx, "local", VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull (strstr (original, "<readonly/>"));
    g_assert_cmpint (g_stat (source, &st), ==, 0);
    g_assert_cmpuint (st.st_mode & 0222, ==, 0);
    g_chmod (source, 0644);
}

static void
test_cancelled (Fixture *fx, gconstpointer data)
{
    g_autoptr(VireoDomainClone) clone = clone_of (fx, "local");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    guint before = count_files (fx->dir);

    g_cancellable_cancel (cancellable);
    g_assert_false (vireo_domain_clone_run (clone, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (count_files (fx->dir), ==, before);
    g_assert_null (vireo_connection_find_domain (fx->conn, "local-clone"));
    g_assert_null (domain_xml (fx, "local-clone", 0));
}

static void
test_disk_full (Fixture *fx, gconstpointer data)
{
    g_autofree char *small = g_build_filename (fx->dir, "small", NULL);
    g_autofree char *second = g_build_filename (fx->dir, "second.qcow2", NULL);
    g_autofree char *xml = two_disk_xml (fx, fx->dir);
    g_autoptr(VireoDomainClone) clone = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *first_copy = g_build_filename (fx->dir, "first-copy.qcow2", NULL);
    g_autofree char *second_copy = g_build_filename (small, "second-copy.qcow2", NULL);
    guint before;

    /* The second image has 4 MiB of data; its copy goes to a 1 MiB disk. */
    {
        g_autofree char *args = g_strdup_printf ("create -q -f qcow2 %s 64M", second);
        run_qemu_img (args);
    }
    {
        g_autofree char *command = g_strdup_printf ("qemu-io -c 'write -P 0x11 0 4M' %s",
                                                    second);
        g_autofree char *out = NULL;
        int status = 0;

        g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
        g_assert_true (g_spawn_check_wait_status (status, &error));
    }
    g_assert_cmpint (g_mkdir (small, 0755), ==, 0);
    vireo_test_mount_tmpfs (small, 0, "size=1m");
    before = count_files (fx->dir);

    clone = vireo_domain_clone_new_for_xml (fx->conn, xml, NULL, &error);
    g_assert_no_error (error);
    vireo_domain_clone_set_name (clone, "two-copy");
    vireo_domain_clone_set_disk_path (clone, 0, first_copy);
    vireo_domain_clone_set_disk_path (clone, 1, second_copy);
    g_assert_false (vireo_domain_clone_run (clone, NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    /* The first disk was copied, and is gone again; nothing defined. */
    g_assert_false (g_file_test (first_copy, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (count_files (fx->dir), ==, before);
    g_assert_cmpuint (count_files (small), ==, 0);
    g_assert_null (domain_xml (fx, "two-copy", 0));
    vireo_test_umount (small);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/domain-clone/generate-name", test_generate_name);
#define ADD(path, fn) g_test_add ("/vireo/domain-clone/" path, Fixture, NULL, setup, fn, teardown)
    ADD ("defaults", test_defaults);
    ADD ("xml", test_xml);
    ADD ("refusals", test_refusals);
    ADD ("run-volumes", test_run_volumes);
    ADD ("run-files", test_run_files);
    ADD ("linked", test_linked);
    ADD ("cancelled", test_cancelled);
    ADD ("disk-full", test_disk_full);
#undef ADD
    return g_test_run ();
}
