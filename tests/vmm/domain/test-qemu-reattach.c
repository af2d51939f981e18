/* test-qemu-reattach.c: an embedded root across processes
 *
 * A VM started by one process keeps running after it exits and is found
 * running by the next process that opens the root; a root held by another
 * process is refused with a sentence naming that process; a missing QEMU
 * binary fails the start cleanly.  One embedded root per process, so the
 * other processes are this program re-executed with --start-guest or --hold.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-test-qemu.h"

#define OPEN_TIMEOUT_MS    60000
#define CHILD_TIMEOUT_MS   120000
#define STATE_TIMEOUT_MS   60000
#define MARKER_TIMEOUT_MS  180000  /* TCG boots in seconds, minutes on a loaded machine */

#define GUEST    "vq-reattach"
#define NO_QEMU  "vq-noqemu"

typedef struct {
    char            *media;
    char            *root;
    char            *uri;
    VireoConnection *conn;
    pid_t            guest_pid;   /* QEMU started by the --start-guest process */
} Fixture;

static Fixture fx;

/* Child processes */

static int
child_fail (const char *what,
            GError     *error)
{
    g_printerr ("test-qemu-reattach child: %s: %s\n", what,
                error != NULL ? error->message : "failed");
    return 1;
}

/* --start-guest ROOT MEDIA: defines and starts the guest, waits until it
 * runs, and exits leaving it running. */
static int
child_start_guest (const char *root,
                   const char *media)
{
    g_autofree char *uri = vireo_embed_uri_for_root (root);
    g_autoptr(VireoConnection) conn = vireo_connection_new (uri);
    g_autofree char *xml = vireo_test_qemu_kernel_xml (GUEST, media, root, NULL);
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;

    if (!vireo_connection_open (conn, NULL, &error))
        return child_fail ("open", error);
    domain = vireo_connection_define_xml (conn, xml, &error);
    if (domain == NULL)
        return child_fail ("define", error);
    if (!vireo_domain_start (domain, NULL, &error))
        return child_fail ("start", error);
    if (!vireo_test_qemu_wait_state (domain, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS))
        return child_fail ("wait for running", NULL);
    vireo_connection_close (conn);
    return 0;
}

/* --hold ROOT: opens the root, says "held" on stdout and keeps the root
 * until its stdin closes. */
static int
child_hold (const char *root)
{
    g_autofree char *uri = vireo_embed_uri_for_root (root);
    g_autoptr(VireoConnection) conn = vireo_connection_new (uri);
    g_autoptr(GError) error = NULL;
    char line[64];

    if (!vireo_connection_open (conn, NULL, &error))
        return child_fail ("open", error);
    fputs ("held\n", stdout);
    fflush (stdout);
    while (fgets (line, sizeof line, stdin) != NULL)
        ;
    vireo_connection_close (conn);
    return 0;
}

/* Helpers */

/* In the child before exec: die with this process. */
static void
die_with_parent_cb (gpointer user_data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Runs this program again with @args; it is killed when this process dies
 * and before the root is cleaned up on a failure. */
static GSubprocess *
spawn_self (GSubprocessFlags   flags,
            const char * const *args)
{
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GError) error = NULL;
    /* The real path, so that the child's name is this program's. */
    g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);
    GSubprocess *proc;

    g_assert_no_error (error);
    g_ptr_array_add (argv, self_path);
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent_cb, NULL, NULL);
    proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
    g_assert_no_error (error);
    vireo_test_qemu_guard_child ((GPid) g_ascii_strtoll (g_subprocess_get_identifier (proc),
                                                         NULL, 10));
    return proc;
}

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
    gboolean *done = user_data;

    g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
    *done = TRUE;
}

/* Waits for @proc to exit; kills it and fails the test after @timeout_ms. */
static void
assert_subprocess_exits_ok (GSubprocess *proc,
                            const char  *what,
                            guint        timeout_ms)
{
    GPid pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);
    gboolean done = FALSE;

    g_subprocess_wait_async (proc, NULL, wait_done_cb, &done);
    if (!vireo_test_wait_for (&done, timeout_ms)) {
        g_autofree char *msg = NULL;

        g_subprocess_force_exit (proc);
        vireo_test_wait_for (&done, 10000);
        vireo_test_qemu_unguard_child (pid);
        msg = g_strdup_printf ("%s did not exit within %u s", what, timeout_ms / 1000);
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }
    vireo_test_qemu_unguard_child (pid);
    if (!g_subprocess_get_successful (proc)) {
        g_autofree char *msg = g_strdup_printf ("%s failed (exit status %d; see its stderr)",
                                                what, g_subprocess_get_if_exited (proc)
                                                      ? g_subprocess_get_exit_status (proc)
                                                      : -1);

        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
    char **line = user_data;
    g_autoptr(GError) error = NULL;

    *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                       NULL, &error);
    if (*line == NULL)
        *line = g_strdup (error != NULL ? error->message : "(end of output)");
}

/* A process that is gone, or a zombie nobody reaped yet. */
static gboolean
process_gone (pid_t pid)
{
    g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
    g_autofree char *stat = NULL;
    const char *paren;

    if (!g_file_get_contents (path, &stat, NULL, NULL))
        return TRUE;
    paren = strrchr (stat, ')');
    return paren != NULL && paren[1] == ' ' && paren[2] == 'Z';
}

static gboolean
wait_process_gone (pid_t pid,
                   guint timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (!process_gone (pid) && g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (50);
    return process_gone (pid);
}

/* TRUE when a QEMU process of domain @name is running on the host. */
static gboolean
qemu_of_domain_running (const char *name)
{
    g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
    g_autofree char *needle = g_strdup_printf ("guest=%s,", name);
    const char *entry;

    g_assert_nonnull (dir);
    while ((entry = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = NULL;
        g_autofree char *cmdline = NULL;
        gsize len = 0;

        if (!g_ascii_isdigit (entry[0]))
            continue;
        path = g_build_filename ("/proc", entry, "cmdline", NULL);
        if (!g_file_get_contents (path, &cmdline, &len, NULL) || len == 0)
            continue;
        for (gsize i = 0; i + 1 < len; i++) {
            if (cmdline[i] == '\0')
                cmdline[i] = ' ';
        }
        if (strstr (cmdline, "qemu") != NULL && strstr (cmdline, needle) != NULL &&
            !process_gone ((pid_t) g_ascii_strtoll (entry, NULL, 10)))
            return TRUE;
    }
    return FALSE;
}

static void
open_connection (VireoConnection *conn)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_connection_open_async (conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening %s did not finish within %u s", fx.uri, OPEN_TIMEOUT_MS / 1000);
    g_assert_true (vireo_connection_open_finish (conn, result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_ACTIVE);
}

/* Cases */

static void
test_media (void)
{
    g_autoptr(GError) error = NULL;

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    fx.uri = vireo_embed_uri_for_root (fx.root);
}

static void
test_start_elsewhere (void)
{
    const char *args[] = { "--start-guest", fx.root, fx.media, NULL };
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *holder = NULL;
    gint64 start = g_get_monotonic_time ();

    g_assert_nonnull (fx.root);
    proc = spawn_self (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, args);
    assert_subprocess_exits_ok (proc, "the process starting " GUEST, CHILD_TIMEOUT_MS);
    g_test_message ("another process started %s and exited in %.1f s", GUEST,
                    (g_get_monotonic_time () - start) / 1e6);

    /* Its QEMU outlived it, and the root is free again. */
    fx.guest_pid = vireo_test_qemu_read_pid (fx.root, GUEST);
    g_assert_cmpint (fx.guest_pid, >, 1);
    g_assert_false (process_gone (fx.guest_pid));
    holder = vireo_embed_describe_holder (fx.root);
    g_assert_null (holder);
}

static void
test_held (void)
{
    const char *args[] = { "--hold", fx.root, NULL };
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *line = NULL;
    g_autofree char *comm_path = NULL;
    g_autofree char *comm = NULL;
    g_autofree char *pid_text = NULL;
    gint64 deadline;
    pid_t holder_pid;

    g_assert_nonnull (fx.root);
    proc = spawn_self (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, args);
    holder_pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
    g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, read_line_cb, &line);
    deadline = g_get_monotonic_time () + (gint64) OPEN_TIMEOUT_MS * 1000;
    while (line == NULL && g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (20);
    if (line == NULL)
        g_subprocess_force_exit (proc);
    g_assert_cmpstr (line, ==, "held");

    comm_path = g_strdup_printf ("/proc/%d/comm", (int) holder_pid);
    g_assert_true (g_file_get_contents (comm_path, &comm, NULL, NULL));
    g_strstrip (comm);

    /* Refused, with a sentence that names the holder. */
    fx.conn = vireo_connection_new (fx.uri);
    g_assert_false (vireo_connection_open (fx.conn, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD);
    g_test_message ("refused: %s", error->message);
    pid_text = g_strdup_printf ("%d", (int) holder_pid);
    g_assert_nonnull (strstr (error->message, pid_text));
    g_assert_nonnull (strstr (error->message, comm));
    g_assert_nonnull (strstr (error->message, fx.root));
    g_assert_null (strstr (error->message, "pid file"));
    g_assert_null (strstr (error->message, "Resource temporarily unavailable"));
    g_assert_cmpint (vireo_connection_get_state (fx.conn), !=,
                     VIREO_CONNECTION_STATE_ACTIVE);

    /* The holder lets go. */
    g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, NULL));
    assert_subprocess_exits_ok (proc, "the process holding the root", CHILD_TIMEOUT_MS);
    g_assert_null (vireo_embed_describe_holder (fx.root));
}

static void
test_reattach (void)
{
    g_autofree char *serial = NULL;
    VireoDomain *domain;
    gint64 start = g_get_monotonic_time ();

    g_assert_nonnull (fx.conn);
    g_assert_cmpint (fx.guest_pid, >, 1);

    /* The same connection that was refused opens now. */
    open_connection (fx.conn);
    g_test_message ("opened in %.1f s", (g_get_monotonic_time () - start) / 1e6);

    domain = vireo_connection_find_domain (fx.conn, GUEST);
    g_assert_nonnull (domain);
    g_assert_cmpuint (vireo_connection_list_domains (fx.conn)->len, ==, 1);
    /* Listed as running at once: re-attached, not restarted. */
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_true (vireo_domain_is_active (domain));
    g_assert_true (vireo_domain_get_persistent (domain));
    g_assert_cmpint (vireo_domain_get_id (domain), >, 0);
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, GUEST), ==, fx.guest_pid);

    serial = vireo_test_qemu_serial_path (fx.root, GUEST);
    vireo_test_qemu_assert_marker (serial, MARKER_TIMEOUT_MS);

    {
        g_autoptr(GError) error = NULL;

        g_assert_true (vireo_domain_force_off (domain, NULL, &error));
        g_assert_no_error (error);
    }
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    g_assert_cmpint (vireo_domain_get_reason (domain), ==, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, GUEST), ==, 0);
    if (!wait_process_gone (fx.guest_pid, 10000))
        g_error ("QEMU %d of %s still runs 10 s after it was forced off", (int) fx.guest_pid,
                 GUEST);
}

static void
test_missing_qemu (void)
{
    g_autofree char *bin_dir = NULL;
    g_autofree char *emulator = NULL;
    g_autofree char *device = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;
    guint n_domains;

    g_assert_nonnull (fx.conn);
    g_assert_cmpint (vireo_connection_get_state (fx.conn), ==, VIREO_CONNECTION_STATE_ACTIVE);
    n_domains = vireo_connection_list_domains (fx.conn)->len;

    /* Named in the domain but not there at all: libvirt refuses the
     * definition, and the sentence names the binary. */
    xml = vireo_test_qemu_kernel_xml (NO_QEMU, fx.media, fx.root,
                                      "    <emulator>/nonexistent/qemu-system-x86_64"
                                      "</emulator>\n");
    g_assert_null (vireo_connection_define_xml (fx.conn, xml, &error));
    g_assert_nonnull (error);
    g_test_message ("define refused: %s", error->message);
    g_assert_nonnull (strstr (error->message, "/nonexistent/qemu-system-x86_64"));
    g_assert_null (vireo_connection_find_domain (fx.conn, NO_QEMU));
    g_assert_cmpuint (vireo_connection_list_domains (fx.conn)->len, ==, n_domains);
    g_clear_error (&error);
    g_clear_pointer (&xml, g_free);

    /* There when defined, gone when started. */
    bin_dir = g_build_filename (fx.root, "bin", NULL);
    emulator = g_build_filename (bin_dir, "qemu-system-x86_64", NULL);
    g_assert_cmpint (g_mkdir_with_parents (bin_dir, 0755), ==, 0);
    g_assert_cmpint (symlink ("/usr/bin/qemu-system-x86_64", emulator), ==, 0);
    device = g_markup_printf_escaped ("    <emulator>%s</emulator>\n", emulator);
    xml = vireo_test_qemu_kernel_xml (NO_QEMU, fx.media, fx.root, device);
    domain = vireo_connection_define_xml (fx.conn, xml, &error);
    g_assert_no_error (error);
    g_assert_nonnull (domain);
    g_assert_cmpint (g_unlink (emulator), ==, 0);

    g_assert_false (vireo_domain_start (domain, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("start failed: %s", error->message);
    g_assert_true (error->domain == VIREO_VMM_ERROR);
    g_assert_nonnull (strstr (error->message, emulator));

    /* Nothing was left running. */
    vireo_test_qemu_spin (500);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
    g_assert_false (vireo_domain_is_active (domain));
    g_assert_cmpint (vireo_domain_get_id (domain), ==, -1);
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, NO_QEMU), ==, 0);
    g_assert_false (qemu_of_domain_running (NO_QEMU));
    g_assert_cmpint (vireo_connection_get_state (fx.conn), ==, VIREO_CONNECTION_STATE_ACTIVE);
}

static void
test_cleanup (void)
{
    GPtrArray *domains;

    g_assert_nonnull (fx.conn);
    domains = vireo_connection_list_domains (fx.conn);
    for (guint i = 0; i < domains->len; i++) {
        VireoDomain *domain = g_ptr_array_index (domains, i);

        if (vireo_domain_is_active (domain)) {
            g_autoptr(GError) error = NULL;

            g_assert_true (vireo_domain_force_off (domain, NULL, &error));
            g_assert_no_error (error);
        }
    }
    vireo_connection_close (fx.conn);
    g_clear_object (&fx.conn);
    vireo_test_qemu_cleanup_root (fx.root);
    g_assert_false (g_file_test (fx.root, G_FILE_TEST_EXISTS));
    g_clear_pointer (&fx.root, g_free);
}

int
main (int   argc,
      char *argv[])
{
    int status;

    if (argc == 4 && g_str_equal (argv[1], "--start-guest"))
        return child_start_guest (argv[2], argv[3]);
    if (argc == 3 && g_str_equal (argv[1], "--hold"))
        return child_hold (argv[2]);

    g_test_init (&argc, &argv, NULL);

    /* In order: each case builds on the ones before. */
    g_test_add_func ("/vireo/qemu-reattach/media", test_media);
    g_test_add_func ("/vireo/qemu-reattach/start-elsewhere", test_start_elsewhere);
    g_test_add_func ("/vireo/qemu-reattach/held", test_held);
    g_test_add_func ("/vireo/qemu-reattach/reattach", test_reattach);
    g_test_add_func ("/vireo/qemu-reattach/missing-qemu", test_missing_qemu);
    g_test_add_func ("/vireo/qemu-reattach/cleanup", test_cleanup);
    status = g_test_run ();

    if (fx.root != NULL)
        vireo_test_qemu_cleanup_root (fx.root);
    g_clear_object (&fx.conn);
    g_free (fx.media);
    g_free (fx.uri);
    return status;
}
