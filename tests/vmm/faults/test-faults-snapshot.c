/* test-faults-snapshot.c: the disk fills while a snapshot is made
 *
 * The busybox guest of tests/common/media with a qcow2 disk in its embedded
 * root's image folder, which is a small tmpfs (root only).  It has one
 * snapshot, "kept", made while there was room.  Then:
 *
 *   - shut off, the folder filled to its last byte: an internal and an
 *     external snapshot are each refused;
 *   - running, the folder emptied again but far too small for the guest's
 *     memory: an internal and an external snapshot with memory are each
 *     refused, and the VM runs on.
 *
 * Each refusal is a clear sentence (VIREO_VMM_ERROR_NO_SPACE, naming the
 * snapshot and the lack of space), and nothing is lost or left: the list of
 * snapshots is still "kept" alone, the folder holds the same files, the
 * disk image passes qemu-img check and still has "kept" inside, no
 * screenshot of the failed snapshot stays, and the VM boots.
 *
 * One embedded root per process (libvirt initialises its QEMU driver once),
 * hence a program apart from test-faults.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain-snapshot.h"
#include "vireo-domain.h"
#include "vireo-embed.h"
#include "vireo-test-qemu.h"

#define GUEST            "vf-snapfull"
#define BOOT_TIMEOUT_MS  240000 /* a TCG boot, minutes on a loaded machine */
#define STATE_TIMEOUT_MS 60000

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
    return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The names in @dir, sorted, as one line ("" when there is no @dir). */
static char *
list_dir (const char *dir)
{
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    return g_strjoinv (" ", (char **) names->pdata);
}

/* The names of @domain's snapshots, as one line. */
static char *
list_snapshots (VireoDomain *domain)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) all = vireo_domain_list_snapshots (domain, NULL, &error);
    g_autoptr(GString) names = g_string_new (NULL);

    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
        g_string_append_printf (names, "%s%s", i ? " " : "",
                                ((VireoSnapshot *) all->pdata[i])->name);
    return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Writes @path until the file system is full. */
static void
fill (const char *path)
{
    static char block[65536];
    int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    g_assert_cmpint (fd, >=, 0);
    memset (block, 0x5a, sizeof block);
    for (gsize size = sizeof block; size > 0; size /= 2) {
        while (write (fd, block, size) == (gssize) size)
            ;
    }
    g_assert_cmpint (errno, ==, ENOSPC);
    g_assert_cmpint (close (fd), ==, 0);
}

/* qemu-img's verdict on @image and the internal snapshots it lists. */
static void
assert_image_intact (const char *image)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;
    const char *check[] = { "qemu-img", "check", "-q", image, NULL };
    const char *list[] = { "qemu-img", "snapshot", "-l", image, NULL };

    g_spawn_sync (NULL, (char **) check, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                  &status, &error);
    g_assert_no_error (error);
    /* 3: clusters leaked (qemu-img snapshot gave up half-way on the full
     * disk: space lost, not data), which "qemu-img check -r leaks" reclaims;
     * anything else (2: corruption) fails. */
    if (WIFEXITED (status) && WEXITSTATUS (status) == 3)
        g_test_message ("qemu-img check %s: leaked clusters only: %s", image, out);
    else if (!g_spawn_check_wait_status (status, NULL))
        g_error ("qemu-img check %s: %s%s", image, out, err);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_spawn_sync (NULL, (char **) list, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "kept"));
    g_assert_null (strstr (out, "full-"));
}

typedef struct {
    VireoDomain *domain;
    const char  *images;
    const char  *image;
    char        *files;     /* the folder's files before */
} Case;

/* Making @name of @kind fails for want of space, and nothing changes. */
static void
assert_refused (Case             *c,
                const char       *name,
                VireoSnapshotKind kind,
                gboolean          memory)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoSnapshot) made = NULL;
    g_autofree char *snapshots = NULL;
    g_autofree char *files = NULL;
    g_autofree char *folder = vireo_domain_dup_snapshot_folder (c->domain);
    g_autofree char *shots = NULL;

    made = vireo_domain_create_snapshot (c->domain, name, "", kind, memory, NULL, &error);
    g_assert_null (made);
    g_assert_nonnull (error);
    g_test_message ("%s: %s", name, error->message);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    g_assert_true (g_str_has_prefix (error->message, "There is not enough free space"));
    g_assert_nonnull (strstr (error->message, name));
    g_assert_nonnull (strstr (error->message, GUEST));

    snapshots = list_snapshots (c->domain);
    g_assert_cmpstr (snapshots, ==, "kept");
    files = list_dir (c->images);
    g_assert_cmpstr (files, ==, c->files);
    shots = list_dir (folder);
    g_assert_null (strstr (shots, name));
}

static void
test_snapshot_disk_full (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *media = vireo_test_qemu_media_dir (&error);
    g_autofree char *root = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *images = NULL;
    g_autofree char *image = NULL;
    g_autofree char *filler = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *serial = NULL;
    g_autofree char *command = NULL;
    g_autoptr(VireoConnection) conn = NULL;
    g_autoptr(VireoSnapshot) kept = NULL;
    VireoDomain *domain;
    Case c = { 0 };

    g_assert_no_error (error);
    root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (root);
    uri = vireo_embed_uri_for_root (root);
    conn = vireo_connection_new (uri);
    vireo_connection_open (conn, NULL, &error);
    g_assert_no_error (error);

    /* A 4 MiB image folder; the guest's memory is 128 MiB. */
    images = g_build_filename (root, "images", NULL);
    g_assert_cmpint (g_mkdir_with_parents (images, 0755), ==, 0);
    vireo_test_mount_tmpfs (images, 0, "size=4m");
    image = g_build_filename (images, GUEST ".qcow2", NULL);
    command = g_strdup_printf ("qemu-img create -q -f qcow2 %s 64M", image);
    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    disk = g_markup_printf_escaped ("    <disk type='file' device='disk'><driver name='qemu' "
                                    "type='qcow2'/><source file='%s'/><target dev='vda' "
                                    "bus='virtio'/></disk>\n", image);
    xml = vireo_test_qemu_kernel_xml (GUEST, media, root, disk);
    domain = vireo_connection_define_xml (conn, xml, &error);
    g_assert_no_error (error);
    g_assert_nonnull (domain);
    kept = vireo_domain_create_snapshot (domain, "kept", "", VIREO_SNAPSHOT_INTERNAL, FALSE,
                                         NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (kept);

    c.domain = domain;
    c.images = images;
    c.image = image;

    /* Shut off, the folder full to the last byte. */
    filler = g_build_filename (images, "filler", NULL);
    fill (filler);
    c.files = list_dir (images);
    assert_refused (&c, "full-internal", VIREO_SNAPSHOT_INTERNAL, FALSE);
    assert_refused (&c, "full-external", VIREO_SNAPSHOT_EXTERNAL, FALSE);
    assert_image_intact (image);
    g_assert_cmpint (g_unlink (filler), ==, 0);
    g_free (c.files);
    c.files = list_dir (images);

    /* Running: its memory does not fit in the folder. */
    serial = vireo_test_qemu_serial_path (root, GUEST);
    g_assert_true (vireo_domain_start (domain, NULL, &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_marker (serial, BOOT_TIMEOUT_MS);
    assert_refused (&c, "full-running-internal", VIREO_SNAPSHOT_INTERNAL, TRUE);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    assert_refused (&c, "full-running-external", VIREO_SNAPSHOT_EXTERNAL, TRUE);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_ACTIVE);

    /* The VM stops and boots again from its disk, and "kept" is in it. */
    g_assert_true (vireo_domain_run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL,
                                            &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    assert_image_intact (image);
    g_assert_cmpint (truncate (serial, 0), ==, 0);
    g_assert_true (vireo_domain_start (domain, NULL, &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_marker (serial, BOOT_TIMEOUT_MS);
    g_assert_true (vireo_domain_run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL,
                                            &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);

    g_free (c.files);
    vireo_connection_close (conn);
    vireo_test_umount (images);
    vireo_test_qemu_cleanup_root (root);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/faults/snapshot-disk-full", test_snapshot_disk_full);
    return g_test_run ();
}
