/* test-qemu-migrate.c: a running guest migrated live between two libvirt daemons
 *
 * Run by tests/common/vireo-two-libvirtd, which starts two daemons, each
 * in a mount namespace of its own (their own /run, /var/lib/libvirt and
 * /etc/libvirt) on loopback TCP ports: two hosts, as far as libvirt can
 * tell.  The busybox guest has two disks in each host's
 * /var/lib/libvirt/images, made through the core's storage: vda, which is
 * copied, and vdb, which the destination has already (an empty image of
 * its own, so a disk that was not copied shows).  The guest writes a
 * marker on each and reads its uptime; it is migrated live with only vda
 * copied, the progress reporting the data left; on the destination its
 * console answers, its uptime went on (it was not restarted), vda has its
 * marker and vdb is the destination's.  Then a migration back at 1 MiB/s
 * is cancelled once under way: the guest runs on where it was, its
 * console still answering (it copied vda only: the source's vdb keeps its
 * mark).  Finally it goes back tunnelled (memory
 * through the daemons' connection), its disks being there already: the
 * source kept its images, unchanged since (libvirt 9.0 cannot copy disks
 * alongside a tunnel to a loopback address).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <libvirt/libvirt.h>

#include "vireo-domain-migrate.h"
#include "vireo-test-qemu.h"
#include "vireo-test-shell.h"

#define OPEN_TIMEOUT_MS     120000
#define ACTION_TIMEOUT_MS   180000
#define MIGRATE_TIMEOUT_MS  600000
#define STATE_TIMEOUT_MS    60000
#define PROMPT_TIMEOUT_MS   180000
#define REPLY_TIMEOUT_MS    30000

#define GUEST  "vq-migrate"
#define IMAGES "/var/lib/libvirt/images"

typedef struct {
    char            *media;
    VireoConnection *source;
    VireoConnection *dest;
    VireoDomain     *guest;     /* where it is now */
    double           uptime;
} Fixture;

static Fixture fx;

static void
require_guest (void)
{
    if (fx.source == NULL || fx.dest == NULL || fx.guest == NULL)
        g_error ("the guest from /vireo/qemu-migrate/setup is missing");
}

static VireoConnection *
open_uri (const char *variable)
{
    const char *uri = g_getenv (variable);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    VireoConnection *conn;

    if (uri == NULL)
        g_error ("%s is not set: run this test with tests/common/vireo-two-libvirtd", variable);
    conn = vireo_connection_new (uri);
    vireo_connection_open_async (conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening %s did not finish", uri);
    g_assert_true (vireo_connection_open_finish (conn, result, &error));
    g_assert_no_error (error);
    return conn;
}

static void
make_image (VireoConnection *conn, const char *name)
{
    VireoStorage *storage = vireo_connection_get_storage (conn);
    g_autoptr(GError) error = NULL;
    g_autofree char *pool = vireo_storage_ensure_default_pool (storage, &error);
    g_autofree char *path = NULL;

    g_assert_no_error (error);
    path = vireo_storage_create_volume (storage, pool, name, "qcow2", 64 * 1024 * 1024, &error);
    g_assert_no_error (error);
    {
        g_autofree char *expected = g_build_filename (IMAGES, name, NULL);

        g_assert_cmpstr (path, ==, expected);
    }
}

static double
uptime (VireoTestShell *shell)
{
    g_autofree char *text = vireo_test_shell_run (shell, "cut -d' ' -f1 /proc/uptime",
                                                  REPLY_TIMEOUT_MS);

    return g_ascii_strtod (text, NULL);
}

static char *
read_disk (VireoTestShell *shell, const char *device)
{
    g_autofree char *command = g_strdup_printf ("echo 3 > /proc/sys/vm/drop_caches; "
                                                "head -c 6 /dev/%s | tr '\\000' z", device);

    return vireo_test_shell_run (shell, command, REPLY_TIMEOUT_MS);
}

static void
count_cb (VireoProgress *progress, guint *count)
{
    (*count)++;
}

static void
cancel_cb (VireoProgress *progress, GCancellable *cancellable)
{
    if (vireo_progress_get_done (progress) > 0)
        g_cancellable_cancel (cancellable);
}

static gboolean
migrate (VireoConnection *to, const VireoMigrateOptions *options, VireoProgress *progress,
         GCancellable *cancellable, GError **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_domain_migrate_async (fx.guest, to, options, progress, cancellable,
                                vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, MIGRATE_TIMEOUT_MS) == NULL)
        g_error ("the migration did not finish");
    return vireo_domain_migrate_finish (fx.guest, result, error);
}

/* ------------------------------------------------------------------ cases */

static void
test_setup (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VireoTestShell) shell = NULL;
    g_autofree char *base = NULL;
    g_autofree char *xml = NULL;
    g_auto(GStrv) parts = NULL;

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    fx.source = open_uri ("VIREO_TEST_SOURCE_URI");
    fx.dest = open_uri ("VIREO_TEST_DEST_URI");

    make_image (fx.source, GUEST "-a.qcow2");
    make_image (fx.source, GUEST "-b.qcow2");
    /* The destination has vdb's image already: a blank one of its own. */
    make_image (fx.dest, GUEST "-b.qcow2");

    base = vireo_test_qemu_console_xml (GUEST, fx.media);
    parts = g_strsplit (base, "</devices>", 2);
    xml = g_strdup_printf ("%s"
                           "    <disk type='file' device='disk'><driver name='qemu' "
                           "type='qcow2'/><source file='" IMAGES "/" GUEST "-a.qcow2'/>"
                           "<target dev='vda' bus='virtio'/></disk>\n"
                           "    <disk type='file' device='disk'><driver name='qemu' "
                           "type='qcow2'/><source file='" IMAGES "/" GUEST "-b.qcow2'/>"
                           "<target dev='vdb' bus='virtio'/></disk>\n"
                           "  </devices>%s", parts[0], parts[1]);
    fx.guest = vireo_connection_define_xml (fx.source, xml, &error);
    g_assert_no_error (error);
    g_object_ref (fx.guest);
    vireo_domain_start_async (fx.guest, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS));
    g_assert_true (vireo_domain_start_finish (fx.guest, result, &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);

    shell = vireo_test_shell_open (fx.guest, PROMPT_TIMEOUT_MS);
    g_free (vireo_test_shell_run (shell, "printf MARK-A | dd of=/dev/vda conv=notrunc "
                                  "2>/dev/null; printf MARK-B | dd of=/dev/vdb conv=notrunc "
                                  "2>/dev/null; sync", REPLY_TIMEOUT_MS));
    {
        g_autofree char *a = read_disk (shell, "vda");
        g_autofree char *b = read_disk (shell, "vdb");

        g_assert_cmpstr (a, ==, "MARK-A");
        g_assert_cmpstr (b, ==, "MARK-B");
    }
    fx.uptime = uptime (shell);
}

static void
test_live_one_disk (void)
{
    g_autoptr(VireoMigrateOptions) options = vireo_migrate_options_new (
        VIREO_MIGRATE_LIVE | VIREO_MIGRATE_COPY_STORAGE);
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    g_autoptr(VireoTestShell) shell = NULL;
    g_autoptr(GError) error = NULL;
    const char *disks[] = { "vda", NULL };
    VireoDomain *there;
    guint changes = 0;
    double now;

    require_guest ();
    options->disks = g_strdupv ((char **) disks);
    options->address = g_strdup ("tcp://127.0.0.1");
    g_signal_connect (progress, "changed", G_CALLBACK (count_cb), &changes);
    migrate (fx.dest, options, progress, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("%u progress reports, %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
                    changes, vireo_progress_get_done (progress),
                    vireo_progress_get_total (progress));
    g_assert_cmpuint (changes, >, 0);
    g_assert_cmpuint (vireo_progress_get_total (progress), >, 0);

    g_assert_null (vireo_connection_find_domain (fx.source, GUEST));
    there = vireo_connection_find_domain (fx.dest, GUEST);
    g_assert_nonnull (there);
    vireo_test_qemu_assert_state (there, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    g_set_object (&fx.guest, there);

    /* The console works there, and the guest was not restarted. */
    shell = vireo_test_shell_open (fx.guest, PROMPT_TIMEOUT_MS);
    now = uptime (shell);
    g_test_message ("uptime: %.2f s before, %.2f s after", fx.uptime, now);
    g_assert_cmpfloat (now, >, fx.uptime);
    fx.uptime = now;
    {
        g_autofree char *a = read_disk (shell, "vda");
        g_autofree char *b = read_disk (shell, "vdb");

        /* vda was copied; vdb is the destination's own, which was not. */
        g_assert_cmpstr (a, ==, "MARK-A");
        g_assert_cmpstr (b, ==, "zzzzzz");
    }
}

static void
test_cancelled (void)
{
    g_autoptr(VireoMigrateOptions) options = vireo_migrate_options_new (
        VIREO_MIGRATE_LIVE | VIREO_MIGRATE_COPY_STORAGE);
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(VireoTestShell) shell = NULL;
    g_autoptr(GError) error = NULL;
    const char *disks[] = { "vda", NULL };
    double now;

    require_guest ();
    options->disks = g_strdupv ((char **) disks);
    options->bandwidth = 1;
    options->address = g_strdup ("tcp://127.0.0.1");
    g_signal_connect (progress, "changed", G_CALLBACK (cancel_cb), cancellable);
    g_assert_false (migrate (fx.source, options, progress, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_test_message ("cancelled after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
                    vireo_progress_get_done (progress), vireo_progress_get_total (progress));

    /* Still on the destination, still running, still the same guest. */
    g_assert_nonnull (vireo_connection_find_domain (fx.dest, GUEST));
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    shell = vireo_test_shell_open (fx.guest, PROMPT_TIMEOUT_MS);
    now = uptime (shell);
    g_assert_cmpfloat (now, >, fx.uptime);
    fx.uptime = now;
}

static void
test_tunnelled_back (void)
{
    g_autoptr(VireoMigrateOptions) options = vireo_migrate_options_new (
        VIREO_MIGRATE_LIVE | VIREO_MIGRATE_TUNNELLED | VIREO_MIGRATE_DISKS_THERE);
    g_autoptr(VireoTestShell) shell = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomain *back;
    double now;

    require_guest ();
    migrate (fx.source, options, NULL, NULL, &error);
    g_assert_no_error (error);
    back = vireo_connection_find_domain (fx.source, GUEST);
    g_assert_nonnull (back);
    g_assert_null (vireo_connection_find_domain (fx.dest, GUEST));
    g_set_object (&fx.guest, back);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    shell = vireo_test_shell_open (fx.guest, PROMPT_TIMEOUT_MS);
    now = uptime (shell);
    g_assert_cmpfloat (now, >, fx.uptime);
    {
        g_autofree char *a = read_disk (shell, "vda");
        g_autofree char *b = read_disk (shell, "vdb");

        /* The source's images: vdb has the mark written there first. */
        g_assert_cmpstr (a, ==, "MARK-A");
        g_assert_cmpstr (b, ==, "MARK-B");
    }
}

static void
test_cleanup (void)
{
    g_clear_object (&fx.guest);
    if (fx.source)
        vireo_connection_close (fx.source);
    if (fx.dest)
        vireo_connection_close (fx.dest);
    g_clear_object (&fx.source);
    g_clear_object (&fx.dest);
    g_clear_pointer (&fx.media, g_free);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();

    g_test_add_func ("/vireo/qemu-migrate/setup", test_setup);
    g_test_add_func ("/vireo/qemu-migrate/live-one-disk", test_live_one_disk);
    g_test_add_func ("/vireo/qemu-migrate/cancelled", test_cancelled);
    g_test_add_func ("/vireo/qemu-migrate/tunnelled-back", test_tunnelled_back);
    g_test_add_func ("/vireo/qemu-migrate/cleanup", test_cleanup);
    return g_test_run ();
}
