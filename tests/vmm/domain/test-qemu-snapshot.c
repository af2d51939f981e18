/* test-qemu-snapshot.c: snapshots of a real guest, of mixed kinds, and nothing lost
 *
 * One embedded root and the busybox guest with a qcow2 disk, a VNC display on no port
 * (for the screenshots) and a shell on its serial console.  The guest's
 * disk starts with a line "STATE-N" the tests write and read back
 * (reading the device past the guest's cache).  In order:
 *
 *   S0, internal, of the shut-off VM; the VM started, its disk changed,
 *       then reverted to S0 while running: shut off, the disk as it was.
 *   S1, internal with memory, of the running VM (which goes on running, a
 *       screenshot kept); the disk changed, reverted to S1: running, the
 *       disk as it was.
 *   S2, external of the disks only, S3, external with memory, and S4,
 *       external again, all of the running VM; S2's description changed.
 *   The tree S0 > S1 > S2 > S3 > S4, S4 current; reverting to S4
 *       (external) and to S1 (under external snapshots) refused, saying
 *       what to do instead.
 *   S3 deleted: its overlay merged into S2's (block commit), the VM running
 *       on; S2 deleted: libvirt 9.0 cannot merge an external snapshot whose
 *       parent is internal, so its files stay, and the notice says so.
 *   Every remaining snapshot boots, as a new VM made from it (S0 and S1
 *   internal, S4 external), reading its own state; the VM itself boots
 *   again with its latest state; S1 and S4 deleted, and it still does.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-domain-snapshot.h"
#include "vireo-test-qemu.h"
#include "vireo-test-shell.h"

#define OPEN_TIMEOUT_MS    60000
#define ACTION_TIMEOUT_MS  180000
#define STATE_TIMEOUT_MS   60000
#define PROMPT_TIMEOUT_MS  180000
#define REPLY_TIMEOUT_MS   30000

#define GUEST "vq-snap"

typedef struct {
    char            *media;
    char            *root;
    char            *disk;
    VireoConnection *conn;
    VireoDomain     *guest;
    VireoTestShell  *shell;
} Fixture;

static Fixture fx;

/* ---------------------------------------------------------------- helpers */

static void
require_guest (void)
{
    if (fx.conn == NULL || fx.guest == NULL)
        g_error ("the guest from /vireo/qemu-snapshot/setup is missing");
}

static gboolean
wait_async (GAsyncResult **result, guint timeout_ms)
{
    return vireo_test_wait_result (result, timeout_ms) != NULL;
}

static void
start (VireoDomain *domain)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_start_async (domain, NULL, vireo_test_store_result_cb, &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("starting %s did not finish", vireo_domain_get_name (domain));
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
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("stopping %s did not finish", vireo_domain_get_name (domain));
    vireo_domain_force_off_finish (domain, result, &error);
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
}

static void
open_shell (void)
{
    g_clear_pointer (&fx.shell, vireo_test_shell_close);
    fx.shell = vireo_test_shell_open (fx.guest, PROMPT_TIMEOUT_MS);
}

static char *
run (VireoTestShell *shell, const char *command)
{
    return vireo_test_shell_run (shell, command, REPLY_TIMEOUT_MS);
}

/* The state line on the disk, read past the guest's cache. */
static char *
read_state (VireoTestShell *shell)
{
    return run (shell, "echo 3 > /proc/sys/vm/drop_caches; head -n 1 /dev/vda");
}

static void
write_state (VireoTestShell *shell, const char *state)
{
    g_autofree char *command = g_strdup_printf ("printf '%s\\n' | dd of=/dev/vda conv=notrunc "
                                                "2>/dev/null; sync", state);

    g_free (run (shell, command));
}

static VireoSnapshot *
create (const char *name, VireoSnapshotKind kind, gboolean memory)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    VireoSnapshot *snapshot;

    vireo_domain_create_snapshot_async (fx.guest, name, "made by the test", kind, memory,
                                        NULL, vireo_test_store_result_cb, &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("the snapshot %s was not made in time", name);
    snapshot = vireo_domain_create_snapshot_finish (fx.guest, result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (snapshot);
    g_assert_cmpstr (snapshot->name, ==, name);
    g_assert_cmpint (snapshot->kind, ==, kind);
    g_assert_true (snapshot->current);
    return snapshot;
}

static gboolean
revert (const char *name, GError **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_domain_revert_snapshot_async (fx.guest, name, NULL, vireo_test_store_result_cb,
                                        &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("reverting to %s did not finish", name);
    return vireo_domain_revert_snapshot_finish (fx.guest, result, error);
}

static char *
delete_snapshot (const char *name)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    char *notice = NULL;

    vireo_domain_delete_snapshot_async (fx.guest, name, NULL, vireo_test_store_result_cb,
                                        &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("deleting %s did not finish", name);
    vireo_domain_delete_snapshot_finish (fx.guest, result, &notice, &error);
    g_assert_no_error (error);
    g_assert_nonnull (notice);
    g_test_message ("delete %s: %s", name, notice);
    return notice;
}

static GPtrArray *
list (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *snapshots;

    vireo_domain_list_snapshots_async (fx.guest, NULL, vireo_test_store_result_cb, &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("listing the snapshots did not finish");
    snapshots = vireo_domain_list_snapshots_finish (fx.guest, result, &error);
    g_assert_no_error (error);
    return snapshots;
}

static VireoSnapshot *
find (GPtrArray *snapshots, const char *name)
{
    for (guint i = 0; i < snapshots->len; i++) {
        VireoSnapshot *s = snapshots->pdata[i];

        if (g_strcmp0 (s->name, name) == 0)
            return s;
    }
    g_error ("no snapshot %s in the list", name);
    return NULL;
}

/* A new VM from the snapshot boots and reads @state from its disk. */
static void
boot_from (const char *snapshot, const char *state)
{
    g_autofree char *name = g_strdup_printf (GUEST "-from-%s", snapshot);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomain) made = NULL;
    g_autoptr(VireoTestShell) shell = NULL;
    g_autofree char *read = NULL;

    vireo_domain_new_from_snapshot_async (fx.guest, snapshot, name, NULL, NULL,
                                          vireo_test_store_result_cb, &result);
    if (!wait_async (&result, ACTION_TIMEOUT_MS))
        g_error ("the VM from %s was not made in time", snapshot);
    made = vireo_domain_new_from_snapshot_finish (fx.guest, result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (made);
    g_assert_cmpstr (vireo_domain_get_name (made), ==, name);
    start (made);
    shell = vireo_test_shell_open (made, PROMPT_TIMEOUT_MS);
    read = read_state (shell);
    g_test_message ("the VM from %s reads %s", snapshot, read);
    g_assert_cmpstr (read, ==, state);
    g_clear_pointer (&shell, vireo_test_shell_close);
    force_off (made);
}

/* ------------------------------------------------------------------ cases */

static void
test_setup (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *base = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *images = NULL;
    g_autofree char *raw = NULL;
    g_autofree char *command = NULL;
    g_auto(GStrv) parts = NULL;
    int status = 0;

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

    images = g_build_filename (fx.root, "images", NULL);
    g_assert_cmpint (g_mkdir_with_parents (images, 0755), ==, 0);
    raw = g_build_filename (fx.root, "state.raw", NULL);
    {
        g_autofree char *block = g_malloc0 (64 * 1024 * 1024);

        memcpy (block, "STATE-0\n", 8);
        g_assert_true (g_file_set_contents (raw, block, 64 * 1024 * 1024, &error));
    }
    fx.disk = g_build_filename (images, GUEST ".qcow2", NULL);
    command = g_strdup_printf ("qemu-img convert -f raw -O qcow2 %s %s", raw, fx.disk);
    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_unlink (raw);

    base = vireo_test_qemu_console_xml (GUEST, fx.media);
    parts = g_strsplit (base, "</devices>", 2);
    xml = g_strdup_printf ("%s"
                           "    <disk type='file' device='disk'><driver name='qemu' "
                           "type='qcow2'/><source file='%s'/><target dev='vda' bus='virtio'/>"
                           "</disk>\n"
                           /* A display for the screenshots, on no TCP port: the
                            * machine's other guests cannot take its port. */
                           "    <graphics type='vnc'><listen type='none'/></graphics>\n"
                           "    <video><model type='vga'/></video>\n"
                           "  </devices>%s", parts[0], fx.disk, parts[1]);
    fx.guest = vireo_connection_define_xml (fx.conn, xml, &error);
    g_assert_no_error (error);
    g_object_ref (fx.guest);
}

static void
test_support (void)
{
    g_autoptr(VireoSnapshotSupport) off = NULL;
    g_autoptr(VireoSnapshotSupport) raw = NULL;
    g_autoptr(VireoSnapshotSupport) uefi = NULL;
    g_autoptr(GError) error = NULL;

    require_guest ();
    off = vireo_domain_query_snapshot_support (fx.guest, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (off->internal);
    g_assert_true (off->external);
    g_assert_false (off->memory);
    g_assert_cmpint (off->preferred, ==, VIREO_SNAPSHOT_INTERNAL);

    raw = vireo_snapshot_support_for_xml (
        "<domain><devices><disk type='file' device='disk'><driver type='raw'/>"
        "<source file='/x.img'/><target dev='vda'/></disk>"
        "<disk type='file' device='cdrom'><source file='/x.iso'/><target dev='hdc'/>"
        "<readonly/></disk></devices></domain>", TRUE);
    g_assert_false (raw->internal);
    g_assert_nonnull (strstr (raw->internal_problem, "vda"));
    g_assert_true (raw->external);
    g_assert_true (raw->memory);
    g_assert_cmpint (raw->preferred, ==, VIREO_SNAPSHOT_EXTERNAL);

    uefi = vireo_snapshot_support_for_xml (
        "<domain><os><loader readonly='yes' type='pflash'>/c.fd</loader><nvram>/v.fd</nvram>"
        "</os><devices><disk type='file' device='disk'><driver type='qcow2'/>"
        "<source file='/x.qcow2'/><target dev='vda'/></disk></devices></domain>", FALSE);
    g_assert_false (uefi->internal);
    g_assert_nonnull (strstr (uefi->internal_problem, "UEFI"));
    g_assert_true (uefi->external);
}

static void
test_internal_shut_off (void)
{
    g_autoptr(VireoSnapshot) s0 = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *state = NULL;

    require_guest ();
    s0 = create ("S0", VIREO_SNAPSHOT_INTERNAL, FALSE);
    g_assert_cmpstr (s0->state, ==, "shutoff");
    g_assert_false (s0->memory);
    g_assert_null (s0->thumbnail);

    start (fx.guest);
    open_shell ();
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-0");
    write_state (fx.shell, "STATE-X");

    /* Back to S0 from a running VM: shut off, the disk as it was. */
    g_assert_true (revert ("S0", &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    start (fx.guest);
    open_shell ();
    g_clear_pointer (&state, g_free);
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-0");
}

static void
test_internal_running (void)
{
    g_autoptr(VireoSnapshot) s1 = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *state = NULL;
    g_autofree char *marker = NULL;

    require_guest ();
    write_state (fx.shell, "STATE-1");
    g_free (run (fx.shell, "echo S1-SHELL > /tmp/marker"));
    s1 = create ("S1", VIREO_SNAPSHOT_INTERNAL, TRUE);
    g_assert_true (s1->memory);
    g_assert_cmpstr (s1->state, ==, "running");
    g_assert_nonnull (s1->thumbnail);
    g_assert_true (g_file_test (s1->thumbnail, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (vireo_domain_get_state (fx.guest), ==, VIREO_DOMAIN_STATE_RUNNING);

    write_state (fx.shell, "STATE-Y");
    g_free (run (fx.shell, "echo LATER > /tmp/marker"));
    g_assert_true (revert ("S1", &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    /* The guest goes on from S1: its memory (a file in its RAM disk) and its disk. */
    open_shell ();
    marker = run (fx.shell, "cat /tmp/marker");
    g_assert_cmpstr (marker, ==, "S1-SHELL");
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-1");
}

static void
test_external (void)
{
    g_autoptr(VireoSnapshot) s2 = NULL;
    g_autoptr(VireoSnapshot) s3 = NULL;
    g_autoptr(VireoSnapshot) s4 = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    require_guest ();
    write_state (fx.shell, "STATE-2");
    before = run (fx.shell, "cut -d' ' -f1 /proc/uptime");
    s2 = create ("S2", VIREO_SNAPSHOT_EXTERNAL, FALSE);
    g_assert_false (s2->memory);
    g_assert_cmpstr (s2->state, ==, "disk-snapshot");
    g_assert_cmpuint (g_strv_length (s2->files), ==, 1);
    g_assert_true (g_file_test (s2->files[0], G_FILE_TEST_IS_REGULAR));
    /* The guest never stopped: its uptime went on. */
    after = run (fx.shell, "cut -d' ' -f1 /proc/uptime");
    g_test_message ("uptime around S2: %s -> %s", before, after);
    g_assert_cmpfloat (g_ascii_strtod (after, NULL), >, g_ascii_strtod (before, NULL));

    write_state (fx.shell, "STATE-3");
    s3 = create ("S3", VIREO_SNAPSHOT_EXTERNAL, TRUE);
    g_assert_true (s3->memory);
    g_assert_cmpstr (s3->state, ==, "running");
    g_assert_nonnull (s3->thumbnail);
    g_assert_cmpint (vireo_domain_get_state (fx.guest), ==, VIREO_DOMAIN_STATE_RUNNING);

    write_state (fx.shell, "STATE-4");
    s4 = create ("S4", VIREO_SNAPSHOT_EXTERNAL, FALSE);
    write_state (fx.shell, "STATE-5");

    g_assert_true (vireo_domain_set_snapshot_description (fx.guest, "S2", "Disks only, noon",
                                                          NULL, &error));
    g_assert_no_error (error);
}

static void
test_tree (void)
{
    g_autoptr(GPtrArray) snapshots = list ();
    static const char *const order[] = { "S0", "S1", "S2", "S3", "S4" };
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (snapshots->len, ==, G_N_ELEMENTS (order));
    for (guint i = 0; i < G_N_ELEMENTS (order); i++) {
        VireoSnapshot *s = snapshots->pdata[i];

        g_assert_cmpstr (s->name, ==, order[i]);
        g_assert_cmpstr (s->parent, ==, i == 0 ? NULL : order[i - 1]);
        g_assert_cmpint (s->current, ==, i == G_N_ELEMENTS (order) - 1);
        g_assert_cmpint (s->creation_time, >, 0);
    }
    g_assert_cmpstr (find (snapshots, "S2")->description, ==, "Disks only, noon");
    g_assert_cmpstr (find (snapshots, "S4")->description, ==, "made by the test");
    g_assert_cmpint (find (snapshots, "S2")->kind, ==, VIREO_SNAPSHOT_EXTERNAL);
    g_assert_cmpint (find (snapshots, "S1")->kind, ==, VIREO_SNAPSHOT_INTERNAL);

    /* libvirt 9.0 cannot revert to S4; S1's image is under S2's overlay. */
    g_assert_false (find (snapshots, "S4")->can_revert);
    g_assert_nonnull (strstr (find (snapshots, "S4")->revert_problem, "new VM"));
    g_assert_false (find (snapshots, "S1")->can_revert);
    g_assert_nonnull (strstr (find (snapshots, "S1")->revert_problem, "new VM"));
    g_assert_false (revert ("S4", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    g_assert_false (revert ("S1", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    /* Refused, the VM runs on untouched. */
    g_assert_cmpint (vireo_domain_get_state (fx.guest), ==, VIREO_DOMAIN_STATE_RUNNING);
}

static void
test_delete_external (void)
{
    g_autoptr(GPtrArray) before = list ();
    g_autoptr(GPtrArray) middle = NULL;
    g_autoptr(GPtrArray) after = NULL;
    g_autofree char *merged = NULL;
    g_autofree char *kept = NULL;
    g_autofree char *state = NULL;
    g_autofree char *overlay3 = g_strdup (find (before, "S3")->files[0]);
    g_autofree char *overlay2 = g_strdup (find (before, "S2")->files[0]);

    require_guest ();
    /* S3's parent is external: libvirt merges its overlay into S2's. */
    merged = delete_snapshot ("S3");
    g_assert_nonnull (strstr (merged, "block commit"));
    g_assert_false (g_file_test (overlay3, G_FILE_TEST_EXISTS));
    middle = list ();
    g_assert_cmpuint (middle->len, ==, 4);
    g_assert_cmpstr (find (middle, "S4")->parent, ==, "S2");
    g_assert_cmpint (vireo_domain_get_state (fx.guest), ==, VIREO_DOMAIN_STATE_RUNNING);
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-5");

    /* S2's parent is internal: its files stay, and the notice says why. */
    kept = delete_snapshot ("S2");
    g_assert_nonnull (strstr (kept, "left in place"));
    g_assert_nonnull (strstr (kept, overlay2));
    g_assert_true (g_file_test (overlay2, G_FILE_TEST_IS_REGULAR));
    after = list ();
    g_assert_cmpuint (after->len, ==, 3);
    g_assert_cmpstr (find (after, "S4")->parent, ==, "S1");
    g_clear_pointer (&state, g_free);
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-5");
}

static void
test_every_snapshot_boots (void)
{
    require_guest ();
    boot_from ("S4", "STATE-4");
    boot_from ("S1", "STATE-1");
    boot_from ("S0", "STATE-0");
}

static void
test_vm_boots (void)
{
    g_autofree char *state = NULL;
    g_autofree char *notice1 = NULL;
    g_autofree char *notice4 = NULL;
    g_autofree char *thumbnail = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    require_guest ();
    g_clear_pointer (&fx.shell, vireo_test_shell_close);
    force_off (fx.guest);
    start (fx.guest);
    open_shell ();
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-5");

    /* S1 is kept in the image under the running VM's overlay: not now. */
    vireo_domain_delete_snapshot_async (fx.guest, "S1", NULL, vireo_test_store_result_cb,
                                        &result);
    g_assert_true (wait_async (&result, ACTION_TIMEOUT_MS));
    g_assert_false (vireo_domain_delete_snapshot_finish (fx.guest, result, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "shut off"));

    snapshots = list ();
    thumbnail = g_strdup (find (snapshots, "S4")->thumbnail);
    g_assert_nonnull (thumbnail);
    notice4 = delete_snapshot ("S4");
    g_assert_false (g_file_test (thumbnail, G_FILE_TEST_EXISTS));
    g_clear_pointer (&state, g_free);
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-5");

    g_clear_pointer (&fx.shell, vireo_test_shell_close);
    force_off (fx.guest);
    notice1 = delete_snapshot ("S1");
    g_assert_nonnull (strstr (notice1, "was removed from"));
    start (fx.guest);
    open_shell ();
    g_clear_pointer (&state, g_free);
    state = read_state (fx.shell);
    g_assert_cmpstr (state, ==, "STATE-5");
    g_clear_pointer (&fx.shell, vireo_test_shell_close);
    force_off (fx.guest);
    g_clear_pointer (&snapshots, g_ptr_array_unref);
    snapshots = list ();
    g_assert_cmpuint (snapshots->len, ==, 1);
    g_assert_cmpstr (((VireoSnapshot *) snapshots->pdata[0])->name, ==, "S0");
}

static void
test_cleanup (void)
{
    g_clear_pointer (&fx.shell, vireo_test_shell_close);
    if (fx.conn)
        vireo_connection_close (fx.conn);
    g_clear_object (&fx.guest);
    g_clear_object (&fx.conn);
    if (fx.root)
        vireo_test_qemu_cleanup_root (fx.root);
    g_clear_pointer (&fx.root, g_free);
    g_clear_pointer (&fx.media, g_free);
    g_clear_pointer (&fx.disk, g_free);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();

    g_test_add_func ("/vireo/qemu-snapshot/setup", test_setup);
    g_test_add_func ("/vireo/qemu-snapshot/support", test_support);
    g_test_add_func ("/vireo/qemu-snapshot/internal-shut-off", test_internal_shut_off);
    g_test_add_func ("/vireo/qemu-snapshot/internal-running", test_internal_running);
    g_test_add_func ("/vireo/qemu-snapshot/external", test_external);
    g_test_add_func ("/vireo/qemu-snapshot/tree", test_tree);
    g_test_add_func ("/vireo/qemu-snapshot/delete-external", test_delete_external);
    g_test_add_func ("/vireo/qemu-snapshot/every-snapshot-boots", test_every_snapshot_boots);
    g_test_add_func ("/vireo/qemu-snapshot/vm-boots", test_vm_boots);
    g_test_add_func ("/vireo/qemu-snapshot/cleanup", test_cleanup);
    return g_test_run ();
}
