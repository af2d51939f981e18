/* test-viewer-binary.c: the vireo-viewer binary against real QEMU guests
 *
 * vireo-viewer runs as a subprocess with its VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME
 * hook; the guests and the embedded root are test-viewer.c's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "test-viewer-private.h"
#include "vireo-console-page-domain.h"
#include "vireo-console-window.h"
#include "vireo-display-spice.h"
#include "vireo-test-display.h"
#include "vireo-test-page.h"
#include "vireo-viewer-application.h"
#include "vireo-vmm.h"

/* ------------------------------------------------------------------------ */
/* The vireo-viewer binary */

typedef struct {
    GAsyncResult *result;
} RunData;

/* Runs vireo-viewer with the first-frame hook and debug logging; returns
 * its exit status and its stdout and stderr together in @output. */
static int
run_viewer (const char * const *args,
            const char         *stdin_data,
            char              **output)
{
    g_autofree char *binary = g_build_filename (g_getenv ("VIREO_BUILD_ROOT"), "src",
                                                "vireo-viewer", NULL);
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    RunData run = { NULL };

    g_ptr_array_add (argv, binary);
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                          G_SUBPROCESS_FLAGS_STDIN_PIPE);
    g_subprocess_launcher_setenv (launcher, "VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
    process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                            &error);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8_async (process, stdin_data != NULL ? stdin_data : "", NULL,
                                         vireo_test_store_result_cb, &run.result);
    if (vireo_test_wait_result (&run.result, VIEWER_TIMEOUT_MS) == NULL) {
        g_subprocess_force_exit (process);
        vireo_test_wait_result (&run.result, 5000);
        g_clear_object (&run.result);
        g_error ("vireo-viewer did not finish in %d s", VIEWER_TIMEOUT_MS / 1000);
    }
    g_subprocess_communicate_utf8_finish (process, run.result, &out, NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&run.result);
    g_test_message ("vireo-viewer said:\n%s", out);
    *output = g_steal_pointer (&out);
    return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static void
test_binary_uri (void)
{
    VireoTestGuest *guest = get_plain_guest ();
    g_autofree char *uri = g_strdup_printf ("vnc://127.0.0.1:%u", guest->vnc_port);
    const char *args[] = { "--verbose", uri, NULL };
    g_autofree char *output = NULL;

    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
}

static void
test_binary_vv_file (void)
{
    VireoTestGuest *guest = get_password_guest ();
    g_autofree char *path = g_build_filename (tmp_dir, "console.vv", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *output = NULL;
    const char *args[] = { "--debug", path, NULL };

    contents = g_strdup_printf ("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%u\n"
                                "password=%s\ntitle=Grub over SPICE\ndelete-this-file=1\n"
                                "fullscreen=0\nhotkeys=ignored\n"
                                "toggle-fullscreen=shift+f11\nrelease-cursor=shift+f12\n",
                                guest->spice_port, PASSWORD);
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
    /* The file asked to be deleted. */
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    /* With every debug message on, the password never shows. */
    g_assert_nonnull (strstr (output, "Connection:"));
    g_assert_null (strstr (output, PASSWORD));
}

static void
test_binary_stdin (void)
{
    VireoTestGuest *guest = get_password_guest ();
    g_autofree char *contents = NULL;
    g_autofree char *output = NULL;
    const char *args[] = { "-", NULL };

    contents = g_strdup_printf ("[virt-viewer]\ntype=vnc\nhost=127.0.0.1\nport=%u\n"
                                "password=%s\n", guest->vnc_port, PASSWORD);
    g_assert_cmpint (run_viewer (args, contents, &output), ==, 0);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
    g_assert_null (strstr (output, PASSWORD));
}

static void
test_binary_bad_arguments (void)
{
    static const struct {
        const char *args[4];
        const char *message;
    } cases[] = {
        { { "--kiosk-quit=sometimes", "vnc://h:1", NULL }, "on-disconnect or never" },
        { { "--auto-resize=maybe", "vnc://h:1", NULL },    "always or never" },
        { { "--zoom=5", "vnc://h:1", NULL },               "between 10 and 400" },
        { { "--hotkeys=zoom-in=ctrl+nokey", "vnc://h:1", NULL }, "key combination" },
        { { "a.vv", "b.vv", NULL },                        "one connection file" },
        { { "--connect", "test:///default", NULL },        "one domain" },
        { { "/nonexistent/file.vv", NULL },                "/nonexistent/file.vv" },
        { { "ftp://host/", NULL },                         "Could not open" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *output = NULL;

        g_assert_cmpint (run_viewer (cases[i].args, NULL, &output), ==, 1);
        g_assert_nonnull (strstr (output, cases[i].message));
    }
}

/* Connection files that are not regular files: the same 1 MiB cap, a timeout for
 * one that never ends, and a clear message. */
static void
test_binary_file_kinds (void)
{
    g_autofree char *fifo = g_build_filename (tmp_dir, "fifo.vv", NULL);
    g_autofree char *output = NULL;
    g_autofree char *output2 = NULL;
    g_autofree char *expected = NULL;
    const char *zero_args[] = { "/dev/zero", NULL };
    const char *fifo_args[] = { fifo, NULL };

    g_assert_cmpint (run_viewer (zero_args, NULL, &output), ==, 1);
    g_assert_nonnull (strstr (output, "Could not open “/dev/zero”: The connection file "
                                      "“/dev/zero” is too large (more than 1048576 bytes)."));

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_setenv ("VIREO_READ_TIMEOUT_MS", "500", TRUE);
    g_assert_cmpint (run_viewer (fifo_args, NULL, &output2), ==, 1);
    g_unsetenv ("VIREO_READ_TIMEOUT_MS");
    /* 500 ms is said as one second (the message has plural forms). */
    expected = g_strdup_printf ("Could not read the connection file “%s”: it is not a regular "
                                "file, and its data did not end within 1 second.", fifo);
    g_assert_nonnull (strstr (output2, expected));
    g_unlink (fifo);
}

typedef struct {
    GDataInputStream *in;
    const char       *expected;
    GString          *seen;
    gboolean          found;
    gboolean          ended;
} StderrWatch;

static void
stderr_line_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
    StderrWatch *watch = user_data;
    g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (watch->in, result, NULL,
                                                                     NULL);

    if (line == NULL) {
        watch->ended = TRUE;
        return;
    }
    g_string_append_printf (watch->seen, "%s\n", line);
    if (strstr (line, watch->expected) != NULL) {
        watch->found = TRUE;
        return;
    }
    g_data_input_stream_read_line_async (watch->in, G_PRIORITY_DEFAULT, NULL, stderr_line_cb,
                                         watch);
}

/* A .vv file whose server cannot be reached, with a window (no first-frame hook):
 * the message the window shows is on stderr too, for scripts and logs. */
static void
test_binary_unreachable_stderr (void)
{
    g_autofree char *binary = g_build_filename (g_getenv ("VIREO_BUILD_ROOT"), "src",
                                                "vireo-viewer", NULL);
    g_autofree char *path = g_build_filename (tmp_dir, "unreachable.vv", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GSocket) socket = NULL;
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;
    StderrWatch watch = { NULL, "Could not connect", g_string_new (NULL), FALSE, FALSE };
    gint64 deadline;
    guint16 port;

    /* A port nothing listens on: bound, then closed. */
    socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           &error);
    g_assert_no_error (error);
    g_assert_true (g_socket_bind (socket, any, FALSE, &error));
    bound = g_socket_get_local_address (socket, &error);
    g_assert_no_error (error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    g_socket_close (socket, NULL);

    contents = g_strdup_printf ("[virt-viewer]\ntype=vnc\nhost=127.0.0.1\nport=%u\n", port);
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                          G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    g_subprocess_launcher_unsetenv (launcher, "VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME");
    process = g_subprocess_launcher_spawn (launcher, &error, binary, path, NULL);
    g_assert_no_error (error);
    watch.in = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
    g_data_input_stream_read_line_async (watch.in, G_PRIORITY_DEFAULT, NULL, stderr_line_cb,
                                         &watch);
    /* (The limit is for a stuck run, not a measure.) */
    deadline = g_get_monotonic_time () + VIEWER_TIMEOUT_MS * G_GINT64_CONSTANT (1000);
    while (!watch.found && !watch.ended && g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (10000);
    }
    g_test_message ("vireo-viewer said:\n%s", watch.seen->str);
    g_assert_true (watch.found);
    g_assert_nonnull (strstr (watch.seen->str, "Connection refused"));
    /* The window stays (it offers to reconnect): the viewer still runs. */
    g_assert_false (watch.ended);
    g_subprocess_force_exit (process);
    g_subprocess_wait (process, NULL, NULL);
    g_object_unref (watch.in);
    g_string_free (watch.seen, TRUE);
    g_unlink (path);
}

/* A .vv file that asks to be deleted in a folder on a read-only file system: the
 * console opens, and the user is told the file (with its password) is still there. */
static void
test_binary_delete_refused (void)
{
    VireoTestGuest *guest = get_plain_guest ();
    g_autofree char *dir = g_build_filename (tmp_dir, "readonly", NULL);
    g_autofree char *path = g_build_filename (dir, "console.vv", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *output = NULL;
    g_autofree char *expected = NULL;
    const char *args[] = { path, NULL };

    g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
    vireo_test_mount_tmpfs (dir, 0, "size=64k");
    contents = g_strdup_printf ("[virt-viewer]\ntype=vnc\nhost=127.0.0.1\nport=%u\n"
                                "delete-this-file=1\n", guest->vnc_port);
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
    vireo_test_mount_tmpfs (dir, MS_REMOUNT | MS_RDONLY, "size=64k");
    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
    vireo_test_umount (dir);
    g_rmdir (dir);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
    expected = g_strdup_printf ("The connection file “%s” asked to be deleted once read, but it "
                                "could not be: Read-only file system.  It may hold a password: "
                                "delete it yourself.", path);
    g_assert_nonnull (strstr (output, expected));
}

/* Whether @path (a file) holds @needle; unreadable files do not. */
static gboolean
file_holds (const char *path,
            const char *needle)
{
    g_autofree char *contents = NULL;
    gsize length = 0;

    if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;
    return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* Files below @dir changed since @since (µs, wall clock) that hold @needle. */
static void
find_in_files (const char *dir,
               const char *needle,
               gint64      since,
               GPtrArray  *found,
               guint       depth)
{
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    if (listing == NULL || depth > 6)
        return;
    while ((name = g_dir_read_name (listing)) != NULL) {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        GStatBuf st;

        if (g_lstat (path, &st) != 0)
            continue;
        if (S_ISDIR (st.st_mode))
            find_in_files (path, needle, since, found, depth + 1);
        else if (S_ISREG (st.st_mode) && st.st_size < 16 * 1024 * 1024 &&
                 (gint64) st.st_mtime * G_USEC_PER_SEC >= since - G_USEC_PER_SEC &&
                 file_holds (path, needle))
            g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

/* The process @pid and its children, recursively. */
static void
list_tree (GPid    pid,
           GArray *pids)
{
    g_autofree char *tasks = g_strdup_printf ("/proc/%d/task", pid);
    g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
    const char *tid;

    g_array_append_val (pids, pid);
    while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_build_filename (tasks, tid, "children", NULL);
        g_autofree char *children = NULL;
        g_auto(GStrv) words = NULL;

        if (!g_file_get_contents (path, &children, NULL, NULL))
            continue;
        words = g_strsplit (g_strstrip (children), " ", -1);
        for (guint i = 0; words[i] != NULL; i++) {
            if (*words[i] != '\0')
                list_tree ((GPid) atoi (words[i]), pids);
        }
    }
}

/* A console password (from a .vv file that asks to be deleted) never reaches
 * the log or --debug output, a process's command line or environment, or a
 * file left on disk. */
static void
test_binary_secrets (void)
{
    VireoTestGuest *guest = get_password_guest ();
    g_autofree char *binary = g_build_filename (g_getenv ("VIREO_BUILD_ROOT"), "src",
                                                "vireo-viewer", NULL);
    g_autofree char *home = g_build_filename (tmp_dir, "secrets-home", NULL);
    g_autofree char *path = g_build_filename (tmp_dir, "secret.vv", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *output = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (GPid));
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) said = g_string_new (NULL);
    gint64 since = g_get_real_time ();
    char *line;

    g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
    contents = g_strdup_printf ("[virt-viewer]\ntype=vnc\nhost=127.0.0.1\nport=%u\n"
                                "password=%s\ndelete-this-file=1\n", guest->vnc_port, PASSWORD);
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_MERGE);
    g_subprocess_launcher_setenv (launcher, "VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
    g_subprocess_launcher_setenv (launcher, "VIREO_VIEWER_EXIT_DELAY_MS", "3000", TRUE);
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
    g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
    g_subprocess_launcher_unsetenv (launcher, "XDG_CONFIG_HOME");
    g_subprocess_launcher_unsetenv (launcher, "XDG_DATA_HOME");
    g_subprocess_launcher_unsetenv (launcher, "XDG_STATE_HOME");
    process = g_subprocess_launcher_spawn (launcher, &error, binary, "--debug", "--verbose",
                                           path, NULL);
    g_assert_no_error (error);
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

    /* Once the console shows, look at the running processes. */
    while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL)) != NULL) {
        gboolean shown = g_str_has_prefix (line, "VIREO_FIRST_FRAME");

        g_string_append_printf (said, "%s\n", line);
        g_free (line);
        if (shown)
            break;
    }
    g_assert_nonnull (strstr (said->str, "VIREO_FIRST_FRAME"));
    list_tree ((GPid) atoi (g_subprocess_get_identifier (process)), pids);
    for (guint i = 0; i < pids->len; i++) {
        GPid pid = g_array_index (pids, GPid, i);
        g_autofree char *cmdline = g_strdup_printf ("/proc/%d/cmdline", pid);
        g_autofree char *environ_path = g_strdup_printf ("/proc/%d/environ", pid);

        g_test_message ("process %d", pid);
        g_assert_false (file_holds (cmdline, PASSWORD));
        g_assert_false (file_holds (environ_path, PASSWORD));
    }
    while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL)) != NULL) {
        g_string_append_printf (said, "%s\n", line);
        g_free (line);
    }
    g_subprocess_wait (process, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("vireo-viewer said:\n%s", said->str);

    /* --debug and every debug message: the connection is described, not the secret. */
    g_assert_nonnull (strstr (said->str, "Connection:"));
    g_assert_null (strstr (said->str, PASSWORD));
    /* The file is gone, and nothing the viewer wrote holds the password. */
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    find_in_files (home, PASSWORD, since, found, 0);
    find_in_files (g_get_tmp_dir (), PASSWORD, since, found, 0);
    for (guint i = 0; i < found->len; i++)
        g_test_message ("the password is in %s", (const char *) found->pdata[i]);
    g_assert_cmpuint (found->len, ==, 0);
}

static void
test_binary_version (void)
{
    const char *args[] = { "--version", NULL };
    g_autofree char *output = NULL;

    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
    g_assert_true (g_str_has_prefix (output, "vireo-viewer "));
}

static void
test_binary_test_driver (void)
{
    /* test:///default has a running domain "test" with no graphics. */
    const char *args[] = { "--connect", "test:///default", "test", NULL };
    const char *missing[] = { "--connect", "test:///default", "nosuchvm", NULL };
    g_autofree char *output = NULL;
    g_autofree char *output2 = NULL;

    g_assert_cmpint (run_viewer (args, NULL, &output), ==, 1);
    /* (Said as "no graphical console", or "no console" once serial
     * consoles are offered too.) */
    g_assert_nonnull (strstr (output, " console"));
    g_assert_nonnull (strstr (output, "VIREO_FAILED"));
    g_assert_cmpint (run_viewer (missing, NULL, &output2), ==, 1);
    g_assert_nonnull (strstr (output2, "nosuchvm"));
}

/* ------------------------------------------------------------------------ */
/* --connect on the embedded driver */

static const char domain_xml[] =
    "<domain type='qemu'>"
    "  <name>" DOMAIN_NAME "</name>"
    "  <memory unit='MiB'>64</memory>"
    "  <vcpu>1</vcpu>"
    "  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>"
    "  <devices>"
    "    <disk type='file' device='cdrom'>"
    "      <source file='" GRUB_ISO "'/>"
    "      <target dev='hdc' bus='ide'/><readonly/>"
    "    </disk>"
    "    <graphics type='spice'><listen type='none'/></graphics>"
    "    <video><model type='qxl'/></video>"
    "  </devices>"
    "</domain>";

typedef struct {
    char *uri;
    char *name;
} Activation;

static void
fake_open_console_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
    Activation *activation = user_data;

    g_variant_get (parameter, "(ss)", &activation->uri, &activation->name);
}

static void
test_embed_connect (void)
{
    const char *root = g_getenv ("VIREO_TEST_EMBED_ROOT");
    g_autofree char *uri = vireo_embed_uri_for_root (root);
    g_autoptr(VireoConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *output = NULL;
    g_autofree char *held_output = NULL;
    g_autofree char *handoff_output = NULL;
    g_autoptr(GApplication) manager = NULL;
    g_autoptr(GSimpleAction) action = NULL;
    Activation activation = { NULL };
    VireoDomain *domain;
    VireoTestPage h;

    if (g_test_subprocess ()) {
        /* Defines and starts the guest, then exits: the guest keeps
         * running and the root is free for the viewer. */
        connection = vireo_connection_new (uri);
        g_assert_true (vireo_connection_open (connection, NULL, &error));
        g_assert_no_error (error);
        domain = vireo_connection_define_xml (connection, domain_xml, &error);
        g_assert_no_error (error);
        g_assert_true (vireo_domain_start (domain, NULL, &error));
        g_assert_no_error (error);
        g_object_unref (domain);
        return;
    }
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();

    /* 1. vireo-viewer --connect opens the root itself; the console comes
     *    through virDomainOpenGraphicsFD. */
    {
        const char *args[] = { "--attach", "--connect", uri, DOMAIN_NAME, NULL };

        g_assert_cmpint (run_viewer (args, NULL, &output), ==, 0);
        g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
    }

    /* 2. This process opens the root: the page shows the console, with
     *    keys reaching the guest. */
    connection = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);
    domain = vireo_connection_find_domain (connection, DOMAIN_NAME);
    g_assert_nonnull (domain);
    g_assert_true (vireo_domain_is_active (domain));
    vireo_test_page_init (&h);
    vireo_console_page_open_domain (h.page, domain);
    g_assert_cmpstr (vireo_console_page_get_title (h.page), ==, DOMAIN_NAME);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_true (VIREO_IS_DISPLAY_SPICE (vireo_console_page_get_display (h.page)));
    check_guest_screen (vireo_console_page_get_display (h.page), "embed");
    vireo_test_page_clear (&h);

    /* 3. Now the root is held here and no manager is on the bus: the viewer
     *    says which process holds it. */
    {
        const char *args[] = { "--connect", uri, DOMAIN_NAME, NULL };
        g_autofree char *me = g_strdup_printf ("pid %d", (int) getpid ());

        g_assert_cmpint (run_viewer (args, NULL, &held_output), ==, 1);
        g_assert_nonnull (strstr (held_output, me));
        g_assert_nonnull (strstr (held_output, "No Vireo manager answered"));
    }

    /* 4. A manager on the bus (org.vireo.Vireo with app.open-console) gets
     *    the request instead. */
    manager = g_application_new ("org.vireo.Vireo", G_APPLICATION_DEFAULT_FLAGS);
    action = g_simple_action_new ("open-console", G_VARIANT_TYPE ("(ss)"));
    g_signal_connect (action, "activate", G_CALLBACK (fake_open_console_cb), &activation);
    g_action_map_add_action (G_ACTION_MAP (manager), G_ACTION (action));
    g_assert_true (g_application_register (manager, NULL, &error));
    g_assert_no_error (error);
    {
        const char *args[] = { "--connect", uri, DOMAIN_NAME, NULL };

        g_assert_cmpint (run_viewer (args, NULL, &handoff_output), ==, 0);
    }
    vireo_test_spin (200);
    g_assert_cmpstr (activation.uri, ==, uri);
    g_assert_cmpstr (activation.name, ==, DOMAIN_NAME);
    g_free (activation.uri);
    g_free (activation.name);

    g_assert_true (vireo_domain_delete (domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL, &error));
    g_assert_no_error (error);
    vireo_connection_close (connection);
}

void
test_viewer_add_binary_tests (void)
{
    g_test_add_func ("/vireo/viewer/binary/version", test_binary_version);
    g_test_add_func ("/vireo/viewer/binary/bad-arguments", test_binary_bad_arguments);
    g_test_add_func ("/vireo/viewer/binary/uri", test_binary_uri);
    g_test_add_func ("/vireo/viewer/binary/vv-file", test_binary_vv_file);
    g_test_add_func ("/vireo/viewer/binary/stdin", test_binary_stdin);
    g_test_add_func ("/vireo/viewer/binary/file-kinds", test_binary_file_kinds);
    g_test_add_func ("/vireo/viewer/binary/unreachable-stderr", test_binary_unreachable_stderr);
    g_test_add_func ("/vireo/viewer/binary/delete-refused", test_binary_delete_refused);
    g_test_add_func ("/vireo/viewer/binary/secrets", test_binary_secrets);
    g_test_add_func ("/vireo/viewer/binary/test-driver", test_binary_test_driver);
    g_test_add_func ("/vireo/viewer/binary/connect-embed", test_embed_connect);
}
