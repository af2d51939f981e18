/* test-qemu-move.c: a shut-off VM moved from the embedded connection to qemu:///system and back
 *
 * Run by tests/common/vireo-private-libvirtd --qemu-as-root, beside a libvirt daemon of its
 * own.  The guest boots with UEFI (OVMF) and an emulated TPM, so that it has
 * an NVRAM file and TPM state, and a qcow2 disk it writes a mark on; it is
 * shut off.  Moving it to qemu:///system copies its disk, NVRAM and TPM
 * state there (each the same bytes, same SHA-256, as the original), defines
 * it with its UUID, and removes it and its files from the embedded root;
 * there it boots and reads its mark.  A move back into an image folder too
 * small for the disk fails: the system daemon's VM and files are as they
 * were, and the embedded root has no VM and no file left of it.  With room,
 * the move back succeeds and the guest boots there again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-domain-move.h"
#include "vireo-image-file.h"
#include "vireo-test-qemu.h"
#include "vireo-test-shell.h"

#define OPEN_TIMEOUT_MS    120000
#define ACTION_TIMEOUT_MS  300000
#define STATE_TIMEOUT_MS   120000
#define PROMPT_TIMEOUT_MS  300000
#define REPLY_TIMEOUT_MS   30000

#define GUEST "vq-move"
#define MARK  "MOVED-MARK"

typedef struct {
    char            *media;
    char            *root;
    char            *images;
    VireoConnection *embedded;
    VireoConnection *system;
    VireoDomain     *guest;
    char            *uuid;
    char            *disk_sum;
    char            *nvram_sum;
    char            *tpm_sum;
} Fixture;

static Fixture fx;

static void
require_guest (void)
{
    if (fx.embedded == NULL || fx.system == NULL || fx.guest == NULL)
        g_error ("the guest from /vireo/qemu-move/setup is missing");
}

static VireoConnection *
open_uri (const char *uri)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    VireoConnection *conn = vireo_connection_new (uri);

    vireo_connection_open_async (conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening %s did not finish", uri);
    vireo_connection_open_finish (conn, result, &error);
    g_assert_no_error (error);
    return conn;
}

static void
start (VireoDomain *domain)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_start_async (domain, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS));
    vireo_domain_start_finish (domain, result, &error);
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
}

static void
force_off (VireoDomain *domain)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_force_off_async (domain, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS));
    vireo_domain_force_off_finish (domain, result, &error);
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
}

/* Boots @domain and reads the mark at the start of its disk. */
static void
boot_and_read (VireoDomain *domain)
{
    g_autoptr(VireoTestShell) shell = NULL;
    g_autofree char *mark = NULL;

    start (domain);
    shell = vireo_test_shell_open (domain, PROMPT_TIMEOUT_MS);
    mark = vireo_test_shell_run (shell, "head -c 10 /dev/vda", REPLY_TIMEOUT_MS);
    g_assert_cmpstr (mark, ==, MARK);
    g_clear_pointer (&shell, vireo_test_shell_close);
    force_off (domain);
}

static char *
checksum (const char *path)
{
    g_autoptr(GError) error = NULL;
    char *sum = vireo_image_file_checksum (path, NULL, NULL, &error);

    g_assert_no_error (error);
    return sum;
}

static gboolean
move (VireoConnection *to, VireoProgress *progress, GError **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_domain_move_async (fx.guest, to, progress, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("the move did not finish");
    return vireo_domain_move_finish (fx.guest, result, error);
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

/* ------------------------------------------------------------------ cases */

static void
test_setup (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *kernel = NULL;
    g_autofree char *initrd = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *raw = NULL;
    g_autofree char *command = NULL;
    g_autofree char *xml = NULL;
    int status = 0;

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    uri = vireo_embed_uri_for_root (fx.root);
    /* libvirt reaches no daemon from a process once its embedded driver is
     * loaded there: qemu:///system is opened first. */
    fx.system = open_uri ("qemu:///system");
    fx.embedded = open_uri (uri);

    fx.images = g_build_filename (fx.root, "images", NULL);
    g_assert_cmpint (g_mkdir_with_parents (fx.images, 0755), ==, 0);
    raw = g_build_filename (fx.root, "mark.raw", NULL);
    {
        g_autofree char *block = g_malloc0 (32 * 1024 * 1024);

        /* 8 MiB of data after the mark, which an image folder of 1 MiB
         * cannot hold (zeros would take no room in the qcow2 image). */
        memset (block, 0xa5, 8 * 1024 * 1024);
        memcpy (block, MARK, strlen (MARK));
        g_assert_true (g_file_set_contents (raw, block, 32 * 1024 * 1024, &error));
    }
    disk = g_build_filename (fx.images, GUEST ".qcow2", NULL);
    command = g_strdup_printf ("qemu-img convert -f raw -O qcow2 %s %s", raw, disk);
    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_unlink (raw);

    kernel = g_build_filename (fx.media, "vmlinuz", NULL);
    initrd = g_build_filename (fx.media, "initrd.img", NULL);
    xml = g_markup_printf_escaped (
        "<domain type='qemu'>\n"
        "  <name>" GUEST "</name>\n"
        "  <memory unit='MiB'>192</memory>\n"
        "  <os>\n"
        "    <type arch='x86_64' machine='q35'>hvm</type>\n"
        "    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>\n"
        "    <nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd'/>\n"
        "    <kernel>%s</kernel><initrd>%s</initrd>\n"
        "    <cmdline>console=ttyS0 quiet no_timer_check</cmdline>\n"
        "  </os>\n"
        "  <features><acpi/></features>\n"
        "  <devices>\n"
        "    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>\n"
        "    <serial type='pty'><target port='0'/></serial>\n"
        "    <console type='pty'><target type='serial' port='0'/></console>\n"
        "    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>\n"
        "  </devices>\n"
        "</domain>\n", kernel, initrd, disk);
    fx.guest = vireo_connection_define_xml (fx.embedded, xml, &error);
    g_assert_no_error (error);
    g_object_ref (fx.guest);
    fx.uuid = g_strdup (vireo_domain_get_uuid (fx.guest));

    /* One boot makes its NVRAM file and its TPM state. */
    boot_and_read (fx.guest);
}

static void
test_to_system (void)
{
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = g_build_filename (fx.images, GUEST ".qcow2", NULL);
    g_autofree char *nvram = g_build_filename (fx.root, "lib", "qemu", "nvram",
                                               GUEST "_VARS.fd", NULL);
    g_autofree char *tpm = g_build_filename (fx.root, "lib", "swtpm", fx.uuid, "tpm2",
                                             "tpm2-00.permall", NULL);
    g_autofree char *sys_disk = g_build_filename ("/var/lib/libvirt/images", GUEST ".qcow2",
                                                  NULL);
    g_autofree char *sys_nvram = g_build_filename ("/var/lib/libvirt/qemu/nvram",
                                                   GUEST "_VARS.fd", NULL);
    g_autofree char *sys_tpm = g_build_filename ("/var/lib/libvirt/swtpm", fx.uuid, "tpm2",
                                                 "tpm2-00.permall", NULL);
    g_autofree char *sum = NULL;
    g_autofree char *xml = NULL;
    VireoDomain *there;

    require_guest ();
    g_assert_true (g_file_test (nvram, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (tpm, G_FILE_TEST_IS_REGULAR));
    fx.disk_sum = checksum (disk);
    fx.nvram_sum = checksum (nvram);
    fx.tpm_sum = checksum (tpm);

    move (fx.system, progress, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vireo_progress_get_done (progress), ==,
                      vireo_progress_get_total (progress));
    g_assert_cmpuint (vireo_progress_get_total (progress), >, 0);

    /* Gone from here, files and all. */
    g_assert_null (vireo_connection_find_domain (fx.embedded, GUEST));
    g_assert_false (g_file_test (disk, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (nvram, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (tpm, G_FILE_TEST_EXISTS));

    /* There, with the same bytes and its UUID. */
    there = vireo_connection_find_domain (fx.system, GUEST);
    g_assert_nonnull (there);
    g_assert_cmpstr (vireo_domain_get_uuid (there), ==, fx.uuid);
    sum = checksum (sys_disk);
    g_assert_cmpstr (sum, ==, fx.disk_sum);
    g_clear_pointer (&sum, g_free);
    sum = checksum (sys_nvram);
    g_assert_cmpstr (sum, ==, fx.nvram_sum);
    g_clear_pointer (&sum, g_free);
    sum = checksum (sys_tpm);
    g_assert_cmpstr (sum, ==, fx.tpm_sum);
    xml = vireo_domain_dup_xml (there, 0, NULL, &error);
    g_assert_nonnull (strstr (xml, sys_disk));
    g_assert_nonnull (strstr (xml, sys_nvram));
    g_set_object (&fx.guest, there);

    boot_and_read (fx.guest);
}

static void
test_back_fails_cleanly (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *sys_disk = g_build_filename ("/var/lib/libvirt/images", GUEST ".qcow2",
                                                  NULL);
    g_autofree char *sys_nvram = g_build_filename ("/var/lib/libvirt/qemu/nvram",
                                                   GUEST "_VARS.fd", NULL);
    g_autofree char *nvram_dir = g_build_filename (fx.root, "lib", "qemu", "nvram", NULL);
    g_autofree char *tpm_dir = g_build_filename (fx.root, "lib", "swtpm", fx.uuid, NULL);
    guint nvram_before = count_files (nvram_dir);
    g_autofree char *nvram_sum = NULL;
    g_autofree char *disk_sum = NULL;

    require_guest ();
    /* The guest booted there since: its variables and disk are its own now. */
    nvram_sum = checksum (sys_nvram);
    disk_sum = checksum (sys_disk);
    /* The image folder cannot hold the disk. */
    vireo_test_mount_tmpfs (fx.images, 0, "size=1m");
    g_assert_false (move (fx.embedded, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    g_test_message ("the failed move says: %s", error->message);
    g_assert_cmpuint (count_files (fx.images), ==, 0);
    vireo_test_umount (fx.images);

    /* Nothing of it on the embedded root; the system's VM as it was. */
    g_assert_null (vireo_connection_find_domain (fx.embedded, GUEST));
    g_assert_cmpuint (count_files (nvram_dir), ==, nvram_before);
    g_assert_false (g_file_test (tpm_dir, G_FILE_TEST_EXISTS));
    g_assert_nonnull (vireo_connection_find_domain (fx.system, GUEST));
    {
        g_autofree char *sum = checksum (sys_nvram);
        g_assert_cmpstr (sum, ==, nvram_sum);
        g_clear_pointer (&sum, g_free);
        sum = checksum (sys_disk);
        g_assert_cmpstr (sum, ==, disk_sum);
    }
}

static void
test_back (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = g_build_filename (fx.images, GUEST ".qcow2", NULL);
    g_autofree char *nvram = g_build_filename (fx.root, "lib", "qemu", "nvram",
                                               GUEST "_VARS.fd", NULL);
    g_autofree char *sys_disk = g_build_filename ("/var/lib/libvirt/images", GUEST ".qcow2",
                                                  NULL);
    VireoDomain *back;

    require_guest ();
    move (fx.embedded, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (vireo_connection_find_domain (fx.system, GUEST));
    g_assert_false (g_file_test (sys_disk, G_FILE_TEST_EXISTS));
    back = vireo_connection_find_domain (fx.embedded, GUEST);
    g_assert_nonnull (back);
    g_assert_true (g_file_test (disk, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (nvram, G_FILE_TEST_IS_REGULAR));
    g_set_object (&fx.guest, back);
    boot_and_read (fx.guest);
}

static void
test_cleanup (void)
{
    g_clear_object (&fx.guest);
    if (fx.embedded)
        vireo_connection_close (fx.embedded);
    if (fx.system)
        vireo_connection_close (fx.system);
    g_clear_object (&fx.embedded);
    g_clear_object (&fx.system);
    if (fx.root)
        vireo_test_qemu_cleanup_root (fx.root);
    g_clear_pointer (&fx.root, g_free);
    g_clear_pointer (&fx.images, g_free);
    g_clear_pointer (&fx.media, g_free);
    g_clear_pointer (&fx.uuid, g_free);
    g_clear_pointer (&fx.disk_sum, g_free);
    g_clear_pointer (&fx.nvram_sum, g_free);
    g_clear_pointer (&fx.tpm_sum, g_free);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();

    g_test_add_func ("/vireo/qemu-move/setup", test_setup);
    g_test_add_func ("/vireo/qemu-move/to-system", test_to_system);
    g_test_add_func ("/vireo/qemu-move/back-fails-cleanly", test_back_fails_cleanly);
    g_test_add_func ("/vireo/qemu-move/back", test_back);
    g_test_add_func ("/vireo/qemu-move/cleanup", test_cleanup);
    return g_test_run ();
}
