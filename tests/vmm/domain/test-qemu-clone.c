/* test-qemu-clone.c: clones on the embedded connection that boot
 *
 * One embedded root and the busybox guest with a virtio disk whose first
 * bytes say VIREO-ORIGINAL-DISK and a user-mode NIC.  A full copy is made
 * (its bytes counted as it goes), started, and reads the marker from its
 * own disk, shows a MAC address of its own, and writes to its disk without
 * the original's image changing.  A linked clone then boots on an overlay
 * of the original's image, which has become read-only.  A cancelled clone
 * leaves no file and no VM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "vireo-domain-clone.h"
#include "vireo-image-file.h"
#include "vireo-test-qemu.h"
#include "vireo-test-shell.h"

#define OPEN_TIMEOUT_MS    60000
#define ACTION_TIMEOUT_MS  120000
#define STATE_TIMEOUT_MS   60000
#define PROMPT_TIMEOUT_MS  180000
#define REPLY_TIMEOUT_MS   30000

#define ORIGINAL "vq-clone-orig"
#define MARKER   "VIREO-ORIGINAL-DISK"
#define MAC      "52:54:00:c1:0e:01"

typedef struct {
    char            *media;
    char            *root;
    char            *images;
    char            *disk;
    VireoConnection *conn;
    VireoDomain     *original;
} Fixture;

static Fixture fx;

static void
require_original (void)
{
    if (fx.conn == NULL || fx.original == NULL)
        g_error ("the original from /vireo/qemu-clone/setup is missing");
}

static void
spawn (const char *command)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;

    g_assert_true (g_spawn_command_line_sync (command, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("“%s” failed: %s", command, err);
}

static gboolean
wait_async (GAsyncResult **result, guint timeout_ms)
{
    return vireo_test_wait_result (result, timeout_ms) != NULL;
}

static void
count_cb (VireoProgress *progress, guint *count)
{
    (*count)++;
}

static VireoDomainClone *
plan (const char *name)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomainClone *clone;

    vireo_domain_clone_new_for_domain_async (fx.original, NULL, vireo_test_store_result_cb,
                                             &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("reading the original did not finish");
    clone = vireo_domain_clone_new_for_domain_finish (fx.original, result, &error);
    g_assert_no_error (error);
    vireo_domain_clone_set_name (clone, name);
    return clone;
}

static void
run_clone (VireoDomainClone *clone, VireoProgress *progress)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_clone_run_async (clone, progress, NULL, vireo_test_store_result_cb, &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("the clone did not finish");
    g_assert_true (vireo_domain_clone_run_finish (clone, result, &error));
    g_assert_no_error (error);
}

static void
start (VireoDomain *domain)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_start_async (domain, NULL, vireo_test_store_result_cb, &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("starting %s did not finish", vireo_domain_get_name (domain));
    g_assert_true (vireo_domain_start_finish (domain, result, &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
}

static void
force_off (VireoDomain *domain)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_force_off_async (domain, NULL, vireo_test_store_result_cb, &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("stopping %s did not finish", vireo_domain_get_name (domain));
    g_assert_true (vireo_domain_force_off_finish (domain, result, &error));
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
}

static guint
count_images (void)
{
    g_autoptr(GDir) dir = g_dir_open (fx.images, 0, NULL);
    guint n = 0;

    while (dir && g_dir_read_name (dir))
        n++;
    return n;
}

/* ------------------------------------------------------------------------ */

static void
test_setup (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *raw = NULL;
    g_autofree char *base = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *command = NULL;
    g_auto(GStrv) parts = NULL;

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    uri = vireo_embed_uri_for_root (fx.root);
    fx.conn = vireo_connection_new (uri);
    vireo_connection_open_async (fx.conn, NULL, vireo_test_store_result_cb, &result);
    if (!wait_async (&result, OPEN_TIMEOUT_MS))
        g_error ("opening %s did not finish", uri);
    g_assert_true (vireo_connection_open_finish (fx.conn, result, &error));
    g_assert_no_error (error);

    /* The original's disk: 64 MiB of qcow2 beginning with the marker. */
    fx.images = g_build_filename (fx.root, "images", NULL);
    g_assert_cmpint (g_mkdir_with_parents (fx.images, 0755), ==, 0);
    raw = g_build_filename (fx.root, "marker.raw", NULL);
    {
        g_autofree char *block = g_malloc0 (64 * 1024 * 1024);

        memcpy (block, MARKER, strlen (MARKER));
        g_assert_true (g_file_set_contents (raw, block, 64 * 1024 * 1024, &error));
    }
    fx.disk = g_build_filename (fx.images, ORIGINAL ".qcow2", NULL);
    command = g_strdup_printf ("qemu-img convert -f raw -O qcow2 %s %s", raw, fx.disk);
    spawn (command);
    g_unlink (raw);

    base = vireo_test_qemu_console_xml (ORIGINAL, fx.media);
    parts = g_strsplit (base, "</devices>", 2);
    xml = g_strdup_printf ("%s"
                           "    <disk type='file' device='disk'><driver name='qemu' "
                           "type='qcow2'/><source file='%s'/><target dev='vda' bus='virtio'/>"
                           "</disk>\n"
                           "    <interface type='user'><mac address='" MAC "'/>"
                           "<model type='virtio'/></interface>\n"
                           "  </devices>%s", parts[0], fx.disk, parts[1]);
    fx.original = vireo_connection_define_xml (fx.conn, xml, &error);
    g_assert_no_error (error);
    g_object_ref (fx.original);
}

static void
test_copy_boots (void)
{
    g_autoptr(VireoDomainClone) clone = NULL;
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    g_autoptr(VireoTestShell) shell = NULL;
    g_autofree char *sum_before = NULL;
    g_autofree char *sum_after = NULL;
    g_autofree char *marker = NULL;
    g_autofree char *mac = NULL;
    g_autofree char *copy = g_build_filename (fx.images, ORIGINAL "-copy.qcow2", NULL);
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;
    guint changes = 0;

    require_original ();
    sum_before = vireo_image_file_checksum (fx.disk, NULL, NULL, &error);
    clone = plan (ORIGINAL "-copy");
    g_signal_connect (progress, "changed", G_CALLBACK (count_cb), &changes);
    run_clone (clone, progress);
    g_assert_cmpuint (changes, >, 0);
    g_assert_cmpuint (vireo_progress_get_done (progress), ==,
                      vireo_progress_get_total (progress));
    g_assert_cmpuint (vireo_progress_get_total (progress), >, 0);
    g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));

    domain = vireo_connection_find_domain (fx.conn, ORIGINAL "-copy");
    g_assert_nonnull (domain);
    start (domain);
    shell = vireo_test_shell_open (domain, PROMPT_TIMEOUT_MS);
    marker = vireo_test_shell_run (shell, "head -c 19 /dev/vda", REPLY_TIMEOUT_MS);
    g_assert_cmpstr (marker, ==, MARKER);
    mac = vireo_test_shell_run (shell, "cat /sys/class/net/eth0/address", REPLY_TIMEOUT_MS);
    g_test_message ("the clone's MAC address: %s", mac);
    g_assert_cmpuint (strlen (mac), ==, 17);
    g_assert_cmpstr (mac, !=, MAC);
    g_free (vireo_test_shell_run (shell, "printf CLONE-WROTE | dd of=/dev/vda bs=512 seek=8 "
                                  "conv=notrunc 2>/dev/null; sync", REPLY_TIMEOUT_MS));
    g_clear_pointer (&shell, vireo_test_shell_close);
    force_off (domain);

    /* The copy changed; the original's image did not. */
    sum_after = vireo_image_file_checksum (fx.disk, NULL, NULL, &error);
    g_assert_cmpstr (sum_before, ==, sum_after);
    {
        g_autofree char *copy_sum = vireo_image_file_checksum (copy, NULL, NULL, &error);
        g_assert_cmpstr (copy_sum, !=, sum_before);
    }
}

static void
test_cancelled (void)
{
    g_autoptr(VireoDomainClone) clone = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    guint before;

    require_original ();
    before = count_images ();
    clone = plan (ORIGINAL "-never");
    g_cancellable_cancel (cancellable);
    vireo_domain_clone_run_async (clone, NULL, cancellable, vireo_test_store_result_cb,
                                  &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("the cancelled clone did not finish");
    g_assert_false (vireo_domain_clone_run_finish (clone, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (count_images (), ==, before);
    g_assert_null (vireo_connection_find_domain (fx.conn, ORIGINAL "-never"));
}

static void
test_linked_boots (void)
{
    g_autoptr(VireoDomainClone) clone = NULL;
    g_autoptr(VireoTestShell) shell = NULL;
    g_autofree char *marker = NULL;
    g_autofree char *overlay = g_build_filename (fx.images, ORIGINAL "-linked.qcow2", NULL);
    g_autofree char *backing = NULL;
    g_autofree char *original_xml = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;
    struct stat st;

    require_original ();
    clone = plan (ORIGINAL "-linked");
    vireo_domain_clone_set_linked (clone, TRUE);
    vireo_domain_clone_set_disk_path (clone, 0, overlay);
    run_clone (clone, NULL);

    backing = vireo_image_file_dup_backing (overlay);
    g_assert_cmpstr (backing, ==, fx.disk);
    g_assert_cmpint (g_stat (fx.disk, &st), ==, 0);
    g_assert_cmpuint (st.st_mode & 0222, ==, 0);
    original_xml = vireo_domain_dup_xml (fx.original, 2 /* VIR_DOMAIN_XML_INACTIVE */, NULL,
                                         &error);
    g_assert_nonnull (strstr (original_xml, "<readonly/>"));

    domain = vireo_connection_find_domain (fx.conn, ORIGINAL "-linked");
    g_assert_nonnull (domain);
    start (domain);
    shell = vireo_test_shell_open (domain, PROMPT_TIMEOUT_MS);
    marker = vireo_test_shell_run (shell, "head -c 19 /dev/vda", REPLY_TIMEOUT_MS);
    g_assert_cmpstr (marker, ==, MARKER);
    g_clear_pointer (&shell, vireo_test_shell_close);
    force_off (domain);
}

static void
test_cleanup (void)
{
    if (fx.conn)
        vireo_connection_close (fx.conn);
    g_clear_object (&fx.original);
    g_clear_object (&fx.conn);
    if (fx.root)
        vireo_test_qemu_cleanup_root (fx.root);
    g_clear_pointer (&fx.root, g_free);
    g_clear_pointer (&fx.media, g_free);
    g_clear_pointer (&fx.images, g_free);
    g_clear_pointer (&fx.disk, g_free);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();

    g_test_add_func ("/vireo/qemu-clone/setup", test_setup);
    g_test_add_func ("/vireo/qemu-clone/copy-boots", test_copy_boots);
    g_test_add_func ("/vireo/qemu-clone/cancelled", test_cancelled);
    g_test_add_func ("/vireo/qemu-clone/linked-boots", test_linked_boots);
    g_test_add_func ("/vireo/qemu-clone/cleanup", test_cleanup);
    return g_test_run ();
}
