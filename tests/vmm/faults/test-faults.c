/* test-faults.c: the core under faults: a host that never answers, a libvirt
 * daemon killed and restarted, an embedded root that is read-only or whose
 * qemu.conf is broken
 *
 * Each case asserts what the user is told and that Vireo keeps working.  The
 * daemon case starts a libvirtd of its own (root only, as tools/check runs
 * the suites) on a socket in a temporary folder and reaches its test driver
 * through it (test+unix:///default?socket=...).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-embed.h"
#include "vireo-test-util.h"
#include "vireo-vmm-error.h"

/* Limits for a stuck run, not measures, except where the spec gives one:
 * the reconnection (5 s) and the longest stall of the main loop (100 ms). */
#define STUCK_MS           (vireo_stuck_ms ())
#define RECONNECT_LIMIT_US (5 * G_USEC_PER_SEC)
#define STALL_LIMIT_US     (100 * 1000)

static guint
vireo_stuck_ms (void)
{
    const char *text = g_getenv ("VIREO_TEST_STUCK_MS");

    return text != NULL ? (guint) atoi (text) : 90000;
}

/* ------------------------------------------------------------------------ */
/* A watchdog on the main loop: a 10 ms timer that notes the longest gap
 * between two of its runs in which the main thread was held.  The time the
 * thread waited for a CPU (on a busy machine, other programs run) is left
 * out: the kernel counts it per thread (/proc/thread-self/schedstat, its
 * second field, in ns), and it says nothing of what the loop did. */

typedef struct {
    gint64 last;
    gint64 last_wait;
    gint64 longest;
    gint64 longest_wall;
    guint  id;
} Watchdog;

/* Microseconds the calling thread has waited on a run queue so far. */
static gint64
run_queue_wait (void)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) fields = NULL;

    if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL))
        return 0;
    fields = g_strsplit (g_strstrip (text), " ", -1);
    return g_strv_length (fields) >= 2 ? g_ascii_strtoll (fields[1], NULL, 10) / 1000 : 0;
}

static gboolean
watchdog_tick_cb (gpointer user_data)
{
    Watchdog *dog = user_data;
    gint64 now = g_get_monotonic_time ();
    gint64 wait = run_queue_wait ();

    dog->longest_wall = MAX (dog->longest_wall, now - dog->last);
    dog->longest = MAX (dog->longest, now - dog->last - (wait - dog->last_wait));
    dog->last = now;
    dog->last_wait = wait;
    return G_SOURCE_CONTINUE;
}

static void
watchdog_start (Watchdog *dog)
{
    dog->last = g_get_monotonic_time ();
    dog->last_wait = run_queue_wait ();
    dog->longest = 0;
    dog->longest_wall = 0;
    dog->id = g_timeout_add (10, watchdog_tick_cb, dog);
}

static gint64
watchdog_stop (Watchdog *dog)
{
    watchdog_tick_cb (dog);
    g_clear_handle_id (&dog->id, g_source_remove);
    return dog->longest;
}

static gboolean
wait_state (VireoConnection      *conn,
            VireoConnectionState  state,
            guint                 timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (vireo_connection_get_state (conn) != state) {
        if (g_get_monotonic_time () > deadline)
            return FALSE;
        g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
    }
    return TRUE;
}

static gboolean
wait_state_not (VireoConnection      *conn,
                VireoConnectionState  state,
                guint                 timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (vireo_connection_get_state (conn) == state) {
        if (g_get_monotonic_time () > deadline)
            return FALSE;
        g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
    }
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* A remote host that accepts TCP connections and never answers. */

static gboolean
hold_connection_cb (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source,
                    gpointer           user_data)
{
    GPtrArray *held = user_data;

    g_ptr_array_add (held, g_object_ref (connection));
    return TRUE;
}

static void
test_unanswering_host (void)
{
    g_autoptr(GSocketService) service = g_socket_service_new ();
    g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(VireoConnection) conn = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *expected = NULL;
    Watchdog dog;
    gint64 stall;

    g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any,
                                                  G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                  NULL, &bound, &error));
    g_assert_no_error (error);
    g_signal_connect (service, "incoming", G_CALLBACK (hold_connection_cb), held);
    g_socket_service_start (service);
    uri = g_strdup_printf ("qemu+tcp://127.0.0.1:%u/system",
                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

    conn = vireo_connection_new (uri);
    watchdog_start (&dog);
    vireo_connection_open_async (conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, STUCK_MS) == NULL)
        g_error ("opening %s did not fail within %u s", uri, STUCK_MS / 1000);
    stall = watchdog_stop (&dog);

    /* libvirt did reach the listener. */
    g_assert_cmpuint (held->len, >=, 1);
    g_assert_false (vireo_connection_open_finish (conn, result, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
    expected = g_strdup_printf ("Could not connect to “%s”: the host accepted the connection but "
                                "did not answer within 20 seconds.", uri);
    g_assert_cmpstr (error->message, ==, expected);
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_FAILED);
    g_assert_cmpstr (vireo_connection_get_error_message (conn), ==, expected);
    g_test_message ("longest stall of the main loop: %" G_GINT64_FORMAT " ms (%" G_GINT64_FORMAT
                    " ms on the wall clock, waits for a CPU included)", stall / 1000,
                    dog.longest_wall / 1000);
    g_assert_cmpint (stall, <, STALL_LIMIT_US);
    g_socket_service_stop (service);
}

/* ------------------------------------------------------------------------ */
/* A libvirt daemon of the test's own, killed and restarted. */

typedef struct {
    char *dir;
    char *conf;
    GPid  pid;
} Daemon;

/* Whether @pid has ended (a zombie no main loop reaped yet, or gone). */
static gboolean
process_ended (GPid pid)
{
    g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
    g_autofree char *stat = NULL;
    const char *end;

    if (!g_file_get_contents (path, &stat, NULL, NULL))
        return TRUE;
    end = strrchr (stat, ')');
    return end != NULL && end[1] == ' ' && end[2] == 'Z';
}

static void
daemon_start (Daemon *daemon)
{
    g_autofree char *socket = g_build_filename (daemon->dir, "libvirt-sock", NULL);
    g_autofree char *pid_file = g_build_filename (daemon->dir, "libvirtd.pid", NULL);
    g_autofree char *log = g_build_filename (daemon->dir, "libvirtd.log", NULL);
    const char *argv[] = { "libvirtd", "--config", daemon->conf, "--pid-file", pid_file, NULL };
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;
    gint64 deadline;

    g_unlink (socket);
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
    /* Its log goes to its own file, whatever the test's libvirt logging. */
    g_subprocess_launcher_unsetenv (launcher, "LIBVIRT_DEBUG");
    g_subprocess_launcher_unsetenv (launcher, "LIBVIRT_LOG_FILTERS");
    g_subprocess_launcher_unsetenv (launcher, "LIBVIRT_LOG_OUTPUTS");
    g_subprocess_launcher_set_stdout_file_path (launcher, log);
    g_subprocess_launcher_take_stderr_fd (launcher, -1);
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
    process = g_subprocess_launcher_spawnv (launcher, argv, &error);
    if (process == NULL)
        g_error ("libvirtd could not be started (apt-get install libvirt-daemon): %s",
                 error->message);
    daemon->pid = atoi (g_subprocess_get_identifier (process));
    /* Ready once its socket is there; a daemon that ended says why in its log. */
    deadline = g_get_monotonic_time () + (gint64) STUCK_MS * 1000;
    while (!g_file_test (socket, G_FILE_TEST_EXISTS)) {
        g_autofree char *text = NULL;

        if (process_ended (daemon->pid)) {
            g_file_get_contents (log, &text, NULL, NULL);
            g_error ("libvirtd ended before it made its socket %s; its log:\n%s", socket,
                     text != NULL ? text : "(none)");
        }
        if (g_get_monotonic_time () > deadline) {
            g_file_get_contents (log, &text, NULL, NULL);
            g_error ("libvirtd made no socket %s within %u s; its log:\n%s", socket,
                     STUCK_MS / 1000, text != NULL ? text : "(none)");
        }
        g_usleep (20000);
    }
}

static void
daemon_kill (Daemon *daemon)
{
    if (daemon->pid <= 0)
        return;
    g_assert_cmpint (kill (daemon->pid, SIGKILL), ==, 0);
    waitpid (daemon->pid, NULL, 0);
    daemon->pid = 0;
}

static void
test_daemon_restart (void)
{
    Daemon daemon = { NULL };
    g_autoptr(VireoConnection) conn = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *contents = NULL;
    VireoDomain *domain;
    gint64 restarted;

    if (geteuid () != 0)
        g_error ("this case starts a libvirtd of its own, which needs root: run the tests as "
                 "root (sudo tools/check)");
    daemon.dir = vireo_test_mkdtemp ("vireo-lvd-XXXXXX");
    daemon.conf = g_build_filename (daemon.dir, "libvirtd.conf", NULL);
    contents = g_strdup_printf ("unix_sock_dir = \"%s\"\nlisten_tls = 0\nlisten_tcp = 0\n"
                                "auth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\n",
                                daemon.dir);
    g_assert_true (g_file_set_contents (daemon.conf, contents, -1, NULL));
    daemon_start (&daemon);

    uri = g_strdup_printf ("test+unix:///default?socket=%s/libvirt-sock", daemon.dir);
    conn = vireo_connection_new (uri);
    vireo_connection_set_reconnect (conn, TRUE);
    vireo_connection_open_async (conn, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, STUCK_MS));
    g_assert_true (vireo_connection_open_finish (conn, result, &error));
    g_assert_no_error (error);
    g_assert_nonnull (vireo_connection_find_domain (conn, "test"));

    /* The daemon dies: the connection says so and does not fail for good. */
    daemon_kill (&daemon);
    if (!wait_state_not (conn, VIREO_CONNECTION_STATE_ACTIVE, STUCK_MS))
        g_error ("the connection did not notice that libvirtd died");
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_FAILED);
    g_assert_null (vireo_connection_find_domain (conn, "test"));
    g_test_message ("after the daemon died: state %d, “%s”", vireo_connection_get_state (conn),
                    vireo_connection_get_error_message (conn) ? : "");

    /* Back within 5 s of the daemon's restart, with its list. */
    daemon_start (&daemon);
    restarted = g_get_monotonic_time ();
    g_assert_true (wait_state (conn, VIREO_CONNECTION_STATE_ACTIVE, STUCK_MS));
    g_test_message ("reconnected %.1f s after the restart",
                    (g_get_monotonic_time () - restarted) / 1e6);
    g_assert_cmpint (g_get_monotonic_time () - restarted, <=, RECONNECT_LIMIT_US);
    domain = vireo_connection_find_domain (conn, "test");
    g_assert_nonnull (domain);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);

    /* Events flow again: a pause made by Vireo comes back as the new state. */
    {
        g_autoptr(GAsyncResult) paused = NULL;
        gint64 deadline;

        vireo_domain_run_action_async (domain, VIREO_DOMAIN_ACTION_PAUSE, NULL,
                                       vireo_test_store_result_cb, &paused);
        g_assert_nonnull (vireo_test_wait_result (&paused, STUCK_MS));
        g_assert_true (vireo_domain_run_action_finish (domain, paused, &error));
        g_assert_no_error (error);
        deadline = g_get_monotonic_time () + (gint64) STUCK_MS * 1000;
        while (vireo_domain_get_state (domain) != VIREO_DOMAIN_STATE_PAUSED &&
               g_get_monotonic_time () < deadline)
            g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
        g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_PAUSED);
    }

    vireo_connection_close (conn);
    daemon_kill (&daemon);
    vireo_test_rmtree (daemon.dir);
    g_free (daemon.dir);
    g_free (daemon.conf);
}

/* ------------------------------------------------------------------------ */
/* The embedded root: its qemu.conf broken, its folder read-only. */

static char *
open_embed_error (const char *root)
{
    g_autofree char *uri = vireo_embed_uri_for_root (root);
    g_autoptr(VireoConnection) conn = vireo_connection_new (uri);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_connection_open_async (conn, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, STUCK_MS));
    g_assert_false (vireo_connection_open_finish (conn, result, &error));
    g_assert_nonnull (error);
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_FAILED);
    g_test_message ("%s", error->message);
    return g_strdup (error->message);
}

static void
test_embed_root_faults (void)
{
    g_autofree char *root = vireo_test_mkdtemp ("vq-XXXXXX");
    g_autofree char *etc = g_build_filename (root, "etc", NULL);
    g_autofree char *conf = g_build_filename (etc, "qemu.conf", NULL);
    const char *broken = "stdio_handler = \"file\"\nthis is not = = a setting\n";

    /* A qemu.conf the user wrote, broken: the message names it, and it stays as it was. */
    {
        g_autofree char *message = NULL;
        g_autofree char *after = NULL;

        g_assert_cmpint (g_mkdir_with_parents (etc, 0700), ==, 0);
        g_assert_true (g_file_set_contents (conf, broken, -1, NULL));
        message = open_embed_error (root);
        g_assert_nonnull (strstr (message, conf));
        g_assert_true (g_file_get_contents (conf, &after, NULL, NULL));
        g_assert_cmpstr (after, ==, broken);
    }

    /* The folder on a read-only file system: the message names the folder, and
     * nothing is written. */
    {
        g_autofree char *readonly = g_build_filename (root, "ro", NULL);
        g_autofree char *message = NULL;
        g_autofree char *expected = NULL;

        g_assert_cmpint (g_mkdir (readonly, 0700), ==, 0);
        vireo_test_mount_tmpfs (readonly, MS_RDONLY, "size=64k");
        message = open_embed_error (readonly);
        vireo_test_umount (readonly);
        expected = g_strdup_printf ("The folder %s for the embedded hypervisor could not be "
                                    "created: Read-only file system.", readonly);
        g_assert_cmpstr (message, ==, expected);
    }
    vireo_test_rmtree (root);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/faults/unanswering-host", test_unanswering_host);
    g_test_add_func ("/vireo/faults/daemon-restart", test_daemon_restart);
    g_test_add_func ("/vireo/faults/embed-root", test_embed_root_faults);
    return g_test_run ();
}
