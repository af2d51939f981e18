/* test-embed.c: the embedded hypervisor's root: URIs, qemu.conf, the lock
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vireo-embed.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

static char *
read_file (const char *path)
{
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    return contents;
}

static void
test_default_root (void)
{
    g_autofree char *root = vireo_embed_default_root ();
    g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "vireo", "embed",
                                                  NULL);
    g_autofree char *images = vireo_embed_images_dir ("/srv/vireo");

    g_assert_cmpstr (root, ==, expected);
    g_assert_cmpstr (images, ==, "/srv/vireo/images");
}

static void
test_uri_round_trip (void)
{
    const struct {
        const char *root;
        const char *uri;    /* NULL: not checked literally */
    } cases[] = {
        { "/var/tmp/vireo", "qemu:///embed?root=/var/tmp/vireo" },
        { "/home/a b/My VMs", "qemu:///embed?root=/home/a%20b/My%20VMs" },
        { "/tmp/x&root=/etc", "qemu:///embed?root=/tmp/x%26root%3D/etc" },
        { "/tmp/100%/a+b", "qemu:///embed?root=/tmp/100%25/a%2Bb" },
        { "/tmp/q?#frag", "qemu:///embed?root=/tmp/q%3F%23frag" },
        { "/tmp/ünïcode/ß", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *uri = vireo_embed_uri_for_root (cases[i].root);
        g_autofree char *back = NULL;

        if (cases[i].uri)
            g_assert_cmpstr (uri, ==, cases[i].uri);
        g_assert_true (vireo_embed_uri_get_root (uri, &back));
        g_assert_cmpstr (back, ==, cases[i].root);
        g_assert_true (vireo_embed_uri_get_root (uri, NULL));
    }
}

static void
test_uri_not_embedded (void)
{
    const char *uris[] = {
        "qemu:///system",
        "qemu:///session",
        "qemu:///embed",
        "qemu:///embed?root=",
        "qemu:///embed?other=/tmp",
        "qemu+ssh://host/embed?root=/tmp",
        "test:///embed?root=/tmp",
        "qemu:///embedded?root=/tmp",
        "not a uri at all",
        "",
    };

    for (guint i = 0; i < G_N_ELEMENTS (uris); i++) {
        char *root = (char *) "untouched";

        g_assert_false (vireo_embed_uri_get_root (uris[i], &root));
        g_assert_null (root);
    }
    {
        g_autofree char *root = NULL;

        g_assert_true (vireo_embed_uri_get_root ("qemu:///embed?foo=1&root=/r%20s&x=y", &root));
        g_assert_cmpstr (root, ==, "/r s");
    }
}

static void
test_prepare_writes_conf (void)
{
    g_autofree char *tmp = vireo_test_mkdtemp ("vireo-embed-XXXXXX");
    g_autofree char *root = g_build_filename (tmp, "a", "b", "root", NULL);
    g_autofree char *conf = g_build_filename (root, "etc", "qemu.conf", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *again = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_embed_prepare_root (root, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));

    contents = read_file (conf);
    g_assert_true (g_str_has_prefix (contents, "# Written by Vireo"));
    g_assert_nonnull (strstr (contents, "\nstdio_handler = \"file\"\n"));
    if (geteuid () == 0) {
        g_assert_nonnull (strstr (contents, "\nuser = \"root\"\n"));
        g_assert_nonnull (strstr (contents, "\ngroup = \"root\"\n"));
        g_assert_nonnull (strstr (contents, "\nsecurity_driver = \"none\"\n"));
        g_assert_nonnull (strstr (contents, "\nswtpm_user = \"root\"\n"));
    } else {
        g_assert_null (strstr (contents, "security_driver"));
    }

    /* Preparing again is harmless and gives the same file. */
    g_assert_true (vireo_embed_prepare_root (root, &error));
    g_assert_no_error (error);
    again = read_file (conf);
    g_assert_cmpstr (again, ==, contents);

    vireo_test_rmtree (tmp);
}

static void
test_prepare_updates_own_conf (void)
{
    g_autofree char *root = vireo_test_mkdtemp ("vireo-embed-XXXXXX");
    g_autofree char *etc = g_build_filename (root, "etc", NULL);
    g_autofree char *conf = g_build_filename (etc, "qemu.conf", NULL);
    g_autofree char *contents = NULL;
    const char *old = "# Written by Vireo for its embedded hypervisor.\nstdio_handler = \"logd\"\n";

    g_assert_cmpint (g_mkdir (etc, 0700), ==, 0);
    g_assert_true (g_file_set_contents (conf, old, -1, NULL));
    g_assert_true (vireo_embed_prepare_root (root, NULL));
    contents = read_file (conf);
    g_assert_null (strstr (contents, "\"logd\""));
    g_assert_nonnull (strstr (contents, "stdio_handler = \"file\""));

    vireo_test_rmtree (root);
}

static void
test_prepare_keeps_user_conf (void)
{
    g_autofree char *root = vireo_test_mkdtemp ("vireo-embed-XXXXXX");
    g_autofree char *etc = g_build_filename (root, "etc", NULL);
    g_autofree char *conf = g_build_filename (etc, "qemu.conf", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GError) error = NULL;
    const char *mine = "# my own settings\nstdio_handler = \"logd\"\nvnc_listen = \"0.0.0.0\"\n";

    g_assert_cmpint (g_mkdir (etc, 0700), ==, 0);
    g_assert_true (g_file_set_contents (conf, mine, -1, NULL));
    g_assert_true (vireo_embed_prepare_root (root, &error));
    g_assert_no_error (error);
    contents = read_file (conf);
    g_assert_cmpstr (contents, ==, mine);

    vireo_test_rmtree (root);
}

static void
test_prepare_bad_paths (void)
{
    g_autofree char *tmp = vireo_test_mkdtemp ("vireo-embed-XXXXXX");
    g_autofree char *file = g_build_filename (tmp, "file", NULL);
    g_autofree char *under_file = g_build_filename (file, "root", NULL);
    g_autofree char *too_long = NULL;
    g_autofree char *just_fits = NULL;
    g_autoptr(GError) error = NULL;
    GString *s = g_string_new (tmp);

    /* A root below a regular file cannot be created, even as root. */
    g_assert_true (g_file_set_contents (file, "x", -1, NULL));
    g_assert_false (vireo_embed_prepare_root (under_file, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, under_file));
    g_assert_nonnull (strstr (error->message, g_strerror (ENOTDIR)));
    g_clear_error (&error);

    /* Too long for libvirt's sockets: refused before anything is created. */
    g_string_append_c (s, '/');
    while (s->len <= VIREO_EMBED_ROOT_MAX_LENGTH)
        g_string_append_c (s, 'r');
    too_long = g_string_free (s, FALSE);
    g_assert_cmpuint (strlen (too_long), ==, VIREO_EMBED_ROOT_MAX_LENGTH + 1);
    g_assert_false (vireo_embed_prepare_root (too_long, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "too long"));
    g_assert_false (g_file_test (too_long, G_FILE_TEST_EXISTS));
    g_clear_error (&error);

    just_fits = g_strndup (too_long, VIREO_EMBED_ROOT_MAX_LENGTH);
    g_assert_true (vireo_embed_prepare_root (just_fits, &error));
    g_assert_no_error (error);

    g_assert_false (vireo_embed_prepare_root ("relative/root", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "absolute"));

    vireo_test_rmtree (tmp);
}

static void
fill_disk (const char *dir)
{
    g_autofree char *filler = g_build_filename (dir, "filler", NULL);
    char block[4096];
    int fd = g_open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ssize_t n;

    g_assert_cmpint (fd, >=, 0);
    memset (block, 'z', sizeof block);
    do {
        n = write (fd, block, sizeof block);
    } while (n > 0);
    g_assert_cmpint (errno, ==, ENOSPC);
    g_close (fd, NULL);
}

static void
test_prepare_disk_full (void)
{
    g_autofree char *mnt = NULL;
    g_autofree char *root = NULL;
    g_autofree char *etc = NULL;
    g_autofree char *conf = NULL;
    g_autofree char *contents = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;
    const char *stale = "# Written by Vireo for its embedded hypervisor.\nold = 1\n";

    mnt = vireo_test_mkdtemp ("vireo-embed-full-XXXXXX");
    vireo_test_mount_tmpfs (mnt, 0, "size=64k");

    root = g_build_filename (mnt, "root", NULL);
    etc = g_build_filename (root, "etc", NULL);
    conf = g_build_filename (etc, "qemu.conf", NULL);

    /* A fresh root on a full disk: no qemu.conf, not even half of one. */
    g_assert_cmpint (g_mkdir_with_parents (etc, 0700), ==, 0);
    fill_disk (mnt);
    g_assert_false (vireo_embed_prepare_root (root, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    g_assert_nonnull (strstr (error->message, root));
    g_clear_error (&error);
    dir = g_dir_open (etc, 0, NULL);
    g_assert_nonnull (dir);
    name = g_dir_read_name (dir);
    g_assert_null (name);
    g_clear_pointer (&dir, g_dir_close);

    /* An outdated Vireo qemu.conf is kept whole when the rewrite fails. */
    {
        g_autofree char *filler = g_build_filename (mnt, "filler", NULL);

        g_assert_cmpint (g_unlink (filler), ==, 0);
        g_assert_true (g_file_set_contents (conf, stale, -1, NULL));
        fill_disk (mnt);
    }
    g_assert_false (vireo_embed_prepare_root (root, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    contents = read_file (conf);
    g_assert_cmpstr (contents, ==, stale);
    dir = g_dir_open (etc, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (dir), ==, "qemu.conf");
    g_assert_null (g_dir_read_name (dir));
    g_clear_pointer (&dir, g_dir_close);

    vireo_test_umount (mnt);
    vireo_test_rmtree (mnt);
}

/* A child process named "vireo-holder" that takes libvirt's lock the way
 * libvirt does (an fcntl() write lock on driver.pid, which holds its pid) and
 * keeps it until *@release_fd is closed. */
static pid_t
spawn_lock_holder (const char *pid_path,
                   int        *release_fd)
{
    int ready[2];
    int release[2];
    pid_t pid;
    char c;

    g_assert_cmpint (pipe (ready), ==, 0);
    g_assert_cmpint (pipe (release), ==, 0);
    pid = fork ();
    g_assert_cmpint (pid, >=, 0);
    if (pid == 0) {
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        char buf[32];
        int fd;
        int len;

        close (ready[0]);
        close (release[1]);
        prctl (PR_SET_NAME, "vireo-holder", 0, 0, 0);
        fd = open (pid_path, O_RDWR | O_CREAT, 0644);
        if (fd < 0 || fcntl (fd, F_SETLK, &fl) < 0)
            _exit (1);
        len = snprintf (buf, sizeof buf, "%d\n", (int) getpid ());
        if (ftruncate (fd, 0) < 0 || write (fd, buf, len) != len)
            _exit (1);
        if (write (ready[1], "r", 1) != 1)
            _exit (1);
        while (read (release[0], &c, 1) > 0)
            ;
        _exit (0);
    }
    close (ready[1]);
    close (release[0]);
    g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
    close (ready[0]);
    *release_fd = release[1];
    return pid;
}

static void
test_holder_lock (void)
{
    g_autofree char *root = vireo_test_mkdtemp ("vireo-embed-XXXXXX");
    g_autofree char *run = g_build_filename (root, "run", "qemu", NULL);
    g_autofree char *pid_path = g_build_filename (run, "driver.pid", NULL);
    g_autofree char *holder = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(GError) error = NULL;
    int release_fd;
    int status;
    pid_t pid;

    /* No run directory, no pid file: free. */
    g_assert_null (vireo_embed_describe_holder (root));
    g_assert_true (vireo_embed_check_free (root, &error));
    g_assert_no_error (error);

    g_assert_cmpint (g_mkdir_with_parents (run, 0700), ==, 0);
    pid = spawn_lock_holder (pid_path, &release_fd);
    expected = g_strdup_printf ("vireo-holder (pid %d)", (int) pid);

    holder = vireo_embed_describe_holder (root);
    g_assert_cmpstr (holder, ==, expected);
    g_assert_false (vireo_embed_check_free (root, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD);
    g_assert_nonnull (strstr (error->message, expected));
    g_assert_nonnull (strstr (error->message, root));
    g_clear_error (&error);

    /* The holder exits: its pid file stays behind, stale, and reads as free. */
    close (release_fd);
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    g_assert_true (g_file_test (pid_path, G_FILE_TEST_EXISTS));
    g_assert_null (vireo_embed_describe_holder (root));
    g_assert_true (vireo_embed_check_free (root, &error));
    g_assert_no_error (error);

    vireo_test_rmtree (root);
}

static void
test_holder_stale_pid_alive (void)
{
    g_autofree char *root = vireo_test_mkdtemp ("vireo-embed-XXXXXX");
    g_autofree char *run = g_build_filename (root, "run", "qemu", NULL);
    g_autofree char *pid_path = g_build_filename (run, "driver.pid", NULL);
    g_autofree char *self = g_strdup_printf ("%d\n", (int) getppid ());

    /* A pid file naming a live process that holds no lock is stale. */
    g_assert_cmpint (g_mkdir_with_parents (run, 0700), ==, 0);
    g_assert_true (g_file_set_contents (pid_path, self, -1, NULL));
    g_assert_null (vireo_embed_describe_holder (root));
    g_assert_true (vireo_embed_check_free (root, NULL));

    vireo_test_rmtree (root);
}

static void
test_holder_real_driver (void)
{
    g_autofree char *tmp = vireo_test_mkdtemp ("vireo-embed-XXXXXX");
    /* libvirt reads the escaped root back exactly, spaces and '&' included. */
    g_autofree char *root = g_build_filename (tmp, "my vms&x+y", NULL);
    g_autofree char *uri = vireo_embed_uri_for_root (root);
    g_autofree char *libvirt_dir = g_build_filename (root, "lib", NULL);
    g_autofree char *virsh = g_find_program_in_path ("virsh");
    g_autofree char *holder = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;
    GOutputStream *input;
    gint64 deadline;

    if (virsh == NULL)
        g_error ("virsh is missing: install libvirt-clients (tools/setup does)");
    g_assert_true (vireo_embed_check_host (&error));
    g_assert_true (vireo_embed_prepare_root (root, &error));
    g_assert_no_error (error);

    /* An interactive virsh opens the embedded driver and holds the root
     * until its input ends. */
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                             G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             virsh, "-c", uri, NULL);
    g_assert_no_error (error);
    expected = g_strdup_printf ("virsh (pid %s)", g_subprocess_get_identifier (proc));

    deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while ((holder = vireo_embed_describe_holder (root)) == NULL &&
           g_get_monotonic_time () < deadline)
        g_usleep (50 * 1000);
    g_assert_cmpstr (holder, ==, expected);
    g_assert_false (vireo_embed_check_free (root, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD);
    g_clear_error (&error);

    input = g_subprocess_get_stdin_pipe (proc);
    g_output_stream_write_all (input, "quit\n", 5, NULL, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_close (input, NULL, NULL);
    g_assert_true (g_subprocess_wait (proc, NULL, &error));
    g_assert_no_error (error);

    g_assert_null (vireo_embed_describe_holder (root));
    g_assert_true (vireo_embed_check_free (root, NULL));
    g_assert_true (g_file_test (libvirt_dir, G_FILE_TEST_IS_DIR));

    vireo_test_rmtree (tmp);
}

static void
test_check_host (void)
{
    g_autoptr(GError) error = NULL;

    /* libvirt-daemon-system is installed here, so the account exists. */
    g_assert_true (vireo_embed_check_host (&error));
    g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/embed/default-root", test_default_root);
    g_test_add_func ("/vireo/embed/uri-round-trip", test_uri_round_trip);
    g_test_add_func ("/vireo/embed/uri-not-embedded", test_uri_not_embedded);
    g_test_add_func ("/vireo/embed/prepare-writes-conf", test_prepare_writes_conf);
    g_test_add_func ("/vireo/embed/prepare-updates-own-conf", test_prepare_updates_own_conf);
    g_test_add_func ("/vireo/embed/prepare-keeps-user-conf", test_prepare_keeps_user_conf);
    g_test_add_func ("/vireo/embed/prepare-bad-paths", test_prepare_bad_paths);
    g_test_add_func ("/vireo/embed/prepare-disk-full", test_prepare_disk_full);
    g_test_add_func ("/vireo/embed/holder-lock", test_holder_lock);
    g_test_add_func ("/vireo/embed/holder-stale-pid-alive", test_holder_stale_pid_alive);
    g_test_add_func ("/vireo/embed/holder-real-driver", test_holder_real_driver);
    g_test_add_func ("/vireo/embed/check-host", test_check_host);

    return g_test_run ();
}
