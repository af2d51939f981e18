/* test-domain-delete.c: which files a VM's deletion removes, and why others are kept
 *
 * Real qcow2 images in a temporary folder and a libvirt test-driver node of
 * three VMs: "victim" with a disk that is an overlay on a base image, a disk
 * another VM uses too, a shareable and a read-only disk, a CD-ROM and a
 * floppy image, direct boot; "other", which uses one of victim's disks; and
 * "linked", a linked clone whose disk is an overlay on victim's second disk.
 * Only victim's own writable disk is suggested for removal; every other file
 * is listed, kept, with its reason.  The pure form gives the same answers
 * from XML, and refuses what is not a domain.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-delete.h"
#include "vireo-vmm-error.h"
#include "vireo-test-libvirt.h"
#include "vireo-test-util.h"

typedef struct {
    char            *dir;
    VireoConnection *conn;
} Fixture;

static void
run (const char *command)
{
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
}

static char *
path_in (Fixture *fx, const char *name)
{
    return g_build_filename (fx->dir, name, NULL);
}

static char *
domain_xml (Fixture *fx, const char *name, const char *disks, gboolean direct_boot)
{
    g_autofree char *kernel = path_in (fx, "vmlinuz");
    g_autofree char *initrd = path_in (fx, "initrd.img");
    g_autofree char *boot = direct_boot
        ? g_strdup_printf ("<kernel>%s</kernel><initrd>%s</initrd>", kernel, initrd)
        : g_strdup ("");

    return g_strdup_printf (
        "<domain type='test'><name>%s</name><memory>65536</memory>"
        "<os><type>hvm</type>%s</os><devices>%s</devices></domain>", name, boot, disks);
}

static char *
disk (Fixture *fx, const char *device, const char *file, const char *dev, const char *extra)
{
    g_autofree char *path = path_in (fx, file);

    return g_strdup_printf ("<disk type='file' device='%s'><source file='%s'/>"
                            "<target dev='%s'/>%s</disk>", device, path, dev, extra);
}

static char *
victim_xml (Fixture *fx)
{
    g_autofree char *vda = disk (fx, "disk", "victim.qcow2", "vda", "");
    g_autofree char *vdb = disk (fx, "disk", "golden.qcow2", "vdb", "");
    g_autofree char *vdc = disk (fx, "disk", "shared.img", "vdc", "");
    g_autofree char *vdd = disk (fx, "disk", "cluster.img", "vdd", "<shareable/>");
    g_autofree char *vde = disk (fx, "disk", "data.img", "vde", "<readonly/>");
    g_autofree char *sda = disk (fx, "cdrom", "installer.iso", "sda", "<readonly/>");
    g_autofree char *fda = disk (fx, "floppy", "drivers.img", "fda", "");
    g_autofree char *all = g_strconcat (vda, vdb, vdc, vdd, vde, sda, fda, NULL);

    return domain_xml (fx, "victim", all, TRUE);
}

static void
setup (Fixture *fx, gconstpointer unused)
{
    g_autofree char *node = NULL;
    g_autofree char *contents = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *victim = NULL;
    g_autofree char *other = NULL;
    g_autofree char *linked = NULL;
    g_autoptr(GError) error = NULL;
    const char *plain[] = { "shared.img", "cluster.img", "data.img", "installer.iso",
                            "drivers.img", "vmlinuz", "initrd.img" };

    fx->dir = vireo_test_mkdtemp ("vireo-delete-XXXXXX");
    for (gsize i = 0; i < G_N_ELEMENTS (plain); i++) {
        g_autofree char *path = path_in (fx, plain[i]);

        g_assert_true (g_file_set_contents (path, "x", 1, &error));
    }
    {
        g_autofree char *base = path_in (fx, "base.qcow2");
        g_autofree char *top = path_in (fx, "victim.qcow2");
        g_autofree char *golden = path_in (fx, "golden.qcow2");
        g_autofree char *clone = path_in (fx, "linked.qcow2");
        g_autofree char *a = g_strdup_printf ("qemu-img create -q -f qcow2 %s 16M", base);
        g_autofree char *b = g_strdup_printf ("qemu-img create -q -f qcow2 -F qcow2 -b %s %s",
                                              base, top);
        g_autofree char *c = g_strdup_printf ("qemu-img create -q -f qcow2 %s 16M", golden);
        g_autofree char *d = g_strdup_printf ("qemu-img create -q -f qcow2 -F qcow2 -b %s %s",
                                              golden, clone);

        run (a);
        run (b);
        run (c);
        run (d);
    }

    victim = victim_xml (fx);
    {
        g_autofree char *shared = disk (fx, "disk", "shared.img", "vda", "");

        other = domain_xml (fx, "other", shared, FALSE);
    }
    {
        g_autofree char *overlay = disk (fx, "disk", "linked.qcow2", "vda", "");

        linked = domain_xml (fx, "linked", overlay, FALSE);
    }
    contents = g_strdup_printf ("<node>%s%s%s</node>", victim, other, linked);
    node = path_in (fx, "node.xml");
    g_assert_true (g_file_set_contents (node, contents, -1, &error));
    uri = g_strdup_printf ("test://%s", node);
    vireo_vmm_silence_libvirt_errors ();
    fx->conn = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (fx->conn, NULL, &error));
    g_assert_no_error (error);
}

static void
teardown (Fixture *fx, gconstpointer unused)
{
    vireo_connection_close (fx->conn);
    g_clear_object (&fx->conn);
    vireo_test_rmtree (fx->dir);
    g_free (fx->dir);
}

static VireoDeleteFile *
find (GPtrArray *files, Fixture *fx, const char *name)
{
    g_autofree char *path = path_in (fx, name);

    for (guint i = 0; i < files->len; i++) {
        VireoDeleteFile *file = files->pdata[i];

        if (g_str_equal (file->path, path))
            return file;
    }
    g_error ("%s is not listed", path);
    return NULL;
}

static void
assert_kept (VireoDeleteFile *file, VireoDeleteFileKind kind, const char *reason_part)
{
    g_assert_cmpint (file->kind, ==, kind);
    g_assert_false (file->remove);
    g_assert_nonnull (file->reason);
    if (strstr (file->reason, reason_part) == NULL)
        g_error ("the reason for keeping %s is “%s”, without “%s”", file->path, file->reason,
                 reason_part);
}

static void
assert_victim_files (Fixture *fx, GPtrArray *files)
{
    VireoDeleteFile *file;

    /* 7 disks, the base image under vda, kernel and initrd. */
    g_assert_cmpuint (files->len, ==, 10);

    file = find (files, fx, "victim.qcow2");
    g_assert_cmpint (file->kind, ==, VIREO_DELETE_FILE_DISK);
    g_assert_cmpstr (file->target, ==, "vda");
    g_assert_true (file->remove);
    g_assert_null (file->reason);
    g_assert_null (file->used_by);

    assert_kept (find (files, fx, "base.qcow2"), VIREO_DELETE_FILE_BACKING, "base image");
    file = find (files, fx, "golden.qcow2");
    assert_kept (file, VIREO_DELETE_FILE_DISK, "“linked”");
    g_assert_cmpstr (file->used_by, ==, "linked");
    file = find (files, fx, "shared.img");
    assert_kept (file, VIREO_DELETE_FILE_DISK, "“other”");
    g_assert_cmpstr (file->used_by, ==, "other");
    assert_kept (find (files, fx, "cluster.img"), VIREO_DELETE_FILE_DISK, "Shareable");
    assert_kept (find (files, fx, "data.img"), VIREO_DELETE_FILE_DISK, "Read-only");
    assert_kept (find (files, fx, "installer.iso"), VIREO_DELETE_FILE_CDROM, "Install media");
    assert_kept (find (files, fx, "drivers.img"), VIREO_DELETE_FILE_FLOPPY, "Install media");
    assert_kept (find (files, fx, "vmlinuz"), VIREO_DELETE_FILE_KERNEL, "direct boot");
    assert_kept (find (files, fx, "initrd.img"), VIREO_DELETE_FILE_INITRD, "direct boot");
}

static void
test_domain (Fixture *fx, gconstpointer unused)
{
    VireoDomain *victim = vireo_connection_find_domain (fx->conn, "victim");
    g_autoptr(GPtrArray) files = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (victim);
    files = vireo_domain_list_delete_files (victim, NULL, &error);
    g_assert_no_error (error);
    assert_victim_files (fx, files);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_domain_async (Fixture *fx, gconstpointer unused)
{
    VireoDomain *other = vireo_connection_find_domain (fx->conn, "other");
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) files = NULL;
    g_autoptr(GError) error = NULL;
    VireoDeleteFile *file;

    /* "other" shares shared.img with victim: kept, victim named. */
    g_assert_nonnull (other);
    vireo_domain_list_delete_files_async (other, NULL, store_result_cb, &result);
    while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
    files = vireo_domain_list_delete_files_finish (other, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (files->len, ==, 1);
    file = files->pdata[0];
    assert_kept (file, VIREO_DELETE_FILE_DISK, "“victim”");
    g_assert_cmpstr (file->used_by, ==, "victim");
}

static void
test_pure (Fixture *fx, gconstpointer unused)
{
    g_autofree char *victim = victim_xml (fx);
    g_autoptr(GPtrArray) alone = NULL;
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GError) error = NULL;

    /* Without the other VMs, their files are victim's own. */
    alone = vireo_delete_file_list (victim, NULL, NULL, TRUE, &error);
    g_assert_no_error (error);
    g_assert_true (find (alone, fx, "shared.img")->remove);
    g_assert_true (find (alone, fx, "golden.qcow2")->remove);
    /* Images not read (another host's files): no base image listed. */
    none = vireo_delete_file_list (victim, NULL, NULL, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 9);

    g_assert_null (vireo_delete_file_list ("<network/>", NULL, NULL, TRUE, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add ("/vireo/domain-delete/domain", Fixture, NULL, setup, test_domain, teardown);
    g_test_add ("/vireo/domain-delete/domain-async", Fixture, NULL, setup, test_domain_async,
                teardown);
    g_test_add ("/vireo/domain-delete/pure", Fixture, NULL, setup, test_pure, teardown);
    return g_test_run ();
}
