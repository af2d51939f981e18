/* vireo-test-qemu.c: helpers of the real-QEMU tests (embedded driver, TCG guests)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vireo-test-qemu.h"

/* The root the signal handlers clean up; empty when none. */
static char guard_root[PATH_MAX];
static const int guard_signals[] = { SIGABRT, SIGTRAP, SIGTERM, SIGINT, SIGSEGV, SIGBUS };
static struct sigaction guard_saved[G_N_ELEMENTS (guard_signals)];
static gboolean guard_installed;
static volatile sig_atomic_t guard_children[8];

/* Appends @src to @dst (size PATH_MAX); async-signal-safe. */
static void
path_append (char       *dst,
             const char *src)
{
    size_t len = strlen (dst);
    size_t add = strlen (src);

    if (len + add >= PATH_MAX)
        add = PATH_MAX - 1 - len;
    memcpy (dst + len, src, add);
    dst[len + add] = '\0';
}

/* Reads a small file into @buf; async-signal-safe. */
static ssize_t
read_small_file (const char *path,
                 char       *buf,
                 size_t      size)
{
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0)
        return -1;
    n = read (fd, buf, size - 1);
    close (fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return n;
}

/* Kills the QEMU whose pid is in the file @path, if it still is a QEMU (the
 * pid may have been reused since); async-signal-safe. */
static void
kill_qemu_of_pid_file (const char *path)
{
    char buf[64];
    char comm_path[PATH_MAX] = "/proc/";
    char *end = NULL;
    long pid;

    if (read_small_file (path, buf, sizeof buf) <= 0)
        return;
    pid = strtol (buf, &end, 10);
    if (pid <= 1 || end == buf)
        return;
    *end = '\0';
    path_append (comm_path, buf);
    path_append (comm_path, "/comm");
    if (read_small_file (comm_path, buf, sizeof buf) > 0 && strncmp (buf, "qemu", 4) == 0)
        kill ((pid_t) pid, SIGKILL);
}

/* Kills every QEMU whose pid file is in ROOT/run/qemu and every capability
 * probe of ROOT/lib/qemu, then removes ROOT with rm -rf.  Only uses calls fit for a signal handler (opendir aside). */
static void
kill_and_remove (const char *root)
{
    char dir_path[PATH_MAX] = "";
    DIR *dir;
    pid_t child;

    path_append (dir_path, root);
    path_append (dir_path, "/run/qemu");
    dir = opendir (dir_path);
    if (dir != NULL) {
        struct dirent *entry;

        while ((entry = readdir (dir)) != NULL) {
            size_t len = strlen (entry->d_name);
            char path[PATH_MAX] = "";

            if (len < 5 || strcmp (entry->d_name + len - 4, ".pid") != 0 ||
                strcmp (entry->d_name, "driver.pid") == 0)
                continue;
            path_append (path, dir_path);
            path_append (path, "/");
            path_append (path, entry->d_name);
            kill_qemu_of_pid_file (path);
        }
        closedir (dir);
    }

    /* libvirt's capability probes (qemu -S -daemonize, with a qmp.pid in each
     * ROOT/lib/qemu/qmp-XXXXXX folder): a vireo stopped while libvirt probes
     * leaves them behind. */
    dir_path[0] = '\0';
    path_append (dir_path, root);
    path_append (dir_path, "/lib/qemu");
    dir = opendir (dir_path);
    if (dir != NULL) {
        struct dirent *entry;

        while ((entry = readdir (dir)) != NULL) {
            char path[PATH_MAX] = "";

            if (strncmp (entry->d_name, "qmp-", 4) != 0)
                continue;
            path_append (path, dir_path);
            path_append (path, "/");
            path_append (path, entry->d_name);
            path_append (path, "/qmp.pid");
            kill_qemu_of_pid_file (path);
        }
        closedir (dir);
    }

    child = fork ();
    if (child == 0) {
        execlp ("rm", "rm", "-rf", "--", root, (char *) NULL);
        _exit (127);
    }
    if (child > 0) {
        while (waitpid (child, NULL, 0) < 0 && errno == EINTR)
            ;
    }
}

static void
guard_handler (int signo)
{
    for (gsize i = 0; i < G_N_ELEMENTS (guard_children); i++) {
        pid_t pid = (pid_t) guard_children[i];

        if (pid > 0) {
            kill (pid, SIGKILL);
            while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
                ;
            guard_children[i] = 0;
        }
    }
    if (guard_root[0] != '\0') {
        kill_and_remove (guard_root);
        guard_root[0] = '\0';
    }
    signal (signo, SIG_DFL);
    raise (signo);
}

static void
guard_uninstall (void)
{
    if (!guard_installed)
        return;
    for (gsize i = 0; i < G_N_ELEMENTS (guard_signals); i++)
        sigaction (guard_signals[i], &guard_saved[i], NULL);
    guard_installed = FALSE;
}

char *
vireo_test_qemu_media_dir (GError **error)
{
    g_autofree char *script = g_test_build_filename (G_TEST_DIST, "common", "media", "make-guest.sh",
                                                     NULL);
    g_autofree char *out = g_test_build_filename (G_TEST_BUILT, "media", NULL);
    g_autofree char *out_text = NULL;
    g_autofree char *err_text = NULL;
    const char *argv[] = { script, out, NULL };
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                       &out_text, &err_text, &status, error))
        return NULL;
    if (!g_spawn_check_wait_status (status, NULL)) {
        g_set_error (error, G_SPAWN_EXIT_ERROR, WIFEXITED (status) ? WEXITSTATUS (status) : 1,
                     "Could not build the test guests with %s: %s", script,
                     err_text != NULL && *err_text != '\0' ? g_strstrip (err_text)
                                                           : "no message");
        return NULL;
    }
    return g_steal_pointer (&out);
}

char *
vireo_test_qemu_make_root (void)
{
    char *root = g_build_filename ("/tmp", "vq-XXXXXX", NULL);

    if (g_mkdtemp (root) == NULL)
        g_error ("Could not create a directory like %s: %s", root, g_strerror (errno));
    return root;
}

void
vireo_test_qemu_guard_root (const char *root)
{
    struct sigaction sa = { 0 };

    g_assert_cmpuint (strlen (root), <, sizeof guard_root);
    g_strlcpy (guard_root, root, sizeof guard_root);
    if (guard_installed)
        return;
    sa.sa_handler = guard_handler;
    sigemptyset (&sa.sa_mask);
    for (gsize i = 0; i < G_N_ELEMENTS (guard_signals); i++)
        sigaction (guard_signals[i], &sa, &guard_saved[i]);
    guard_installed = TRUE;
}

void
vireo_test_qemu_guard_child (GPid pid)
{
    for (gsize i = 0; i < G_N_ELEMENTS (guard_children); i++) {
        if (guard_children[i] == 0) {
            guard_children[i] = pid;
            return;
        }
    }
    g_error ("more than %u guarded helper processes", (guint) G_N_ELEMENTS (guard_children));
}

void
vireo_test_qemu_unguard_child (GPid pid)
{
    for (gsize i = 0; i < G_N_ELEMENTS (guard_children); i++) {
        if (guard_children[i] == pid)
            guard_children[i] = 0;
    }
}

void
vireo_test_qemu_cleanup_root (const char *root)
{
    if (root == NULL)
        return;
    guard_uninstall ();
    guard_root[0] = '\0';
    kill_and_remove (root);
}

char *
vireo_test_qemu_serial_path (const char *root,
                             const char *name)
{
    g_autofree char *base = g_strconcat (name, "-serial.log", NULL);

    return g_build_filename (root, base, NULL);
}

char *
vireo_test_qemu_kernel_xml (const char *name,
                            const char *media,
                            const char *root,
                            const char *extra_devices)
{
    g_autofree char *kernel = g_build_filename (media, "vmlinuz", NULL);
    g_autofree char *initrd = g_build_filename (media, "initrd.img", NULL);
    g_autofree char *serial = vireo_test_qemu_serial_path (root, name);
    g_autofree char *head = g_markup_printf_escaped (
        "<domain type='qemu'>\n"
        "  <name>%s</name>\n"
        "  <memory unit='MiB'>128</memory>\n"
        "  <vcpu>1</vcpu>\n"
        "  <os>\n"
        "    <type arch='x86_64'>hvm</type>\n"
        "    <kernel>%s</kernel>\n"
        "    <initrd>%s</initrd>\n"
        "    <cmdline>console=ttyS0 quiet no_timer_check</cmdline>\n"
        "  </os>\n"
        "  <features><acpi/></features>\n"
        "  <devices>\n"
        "    <serial type='file'><source path='%s'/><target port='0'/></serial>\n"
        "    <interface type='user'><model type='virtio'/></interface>\n"
        "    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>\n",
        name, kernel, initrd, serial);

    /* @extra_devices is XML already. */
    return g_strconcat (head, extra_devices != NULL ? extra_devices : "",
                        "  </devices>\n"
                        "</domain>\n", NULL);
}

char *
vireo_test_qemu_iso_xml (const char *name,
                         const char *media)
{
    g_autofree char *iso = g_build_filename (media, "grub-rescue-cdrom.iso", NULL);

    return g_markup_printf_escaped (
        "<domain type='qemu'>\n"
        "  <name>%s</name>\n"
        "  <memory unit='MiB'>128</memory>\n"
        "  <vcpu>1</vcpu>\n"
        "  <os>\n"
        "    <type arch='x86_64'>hvm</type>\n"
        "    <boot dev='cdrom'/>\n"
        "  </os>\n"
        "  <devices>\n"
        "    <disk type='file' device='cdrom'>\n"
        "      <driver name='qemu' type='raw'/>\n"
        "      <source file='%s'/>\n"
        "      <target dev='hdc' bus='ide'/>\n"
        "      <readonly/>\n"
        "    </disk>\n"
        "    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>\n"
        "  </devices>\n"
        "</domain>\n",
        name, iso);
}

pid_t
vireo_test_qemu_read_pid (const char *root,
                          const char *name)
{
    g_autofree char *base = g_strconcat (name, ".pid", NULL);
    g_autofree char *path = g_build_filename (root, "run", "qemu", base, NULL);
    g_autofree char *contents = NULL;
    gint64 pid;

    if (!g_file_get_contents (path, &contents, NULL, NULL))
        return 0;
    pid = g_ascii_strtoll (g_strstrip (contents), NULL, 10);
    return pid > 1 && pid <= G_MAXINT ? (pid_t) pid : 0;
}

void
vireo_test_qemu_spin (guint ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
    }
}

gboolean
vireo_test_qemu_wait_state (VireoDomain     *domain,
                            VireoDomainState state,
                            guint            timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (vireo_domain_get_state (domain) != state) {
        if (g_get_monotonic_time () >= deadline)
            return FALSE;
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
    }
    return TRUE;
}

gboolean
vireo_test_qemu_wait_file_contains (const char *path,
                                    const char *needle,
                                    guint       timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    for (;;) {
        g_autofree char *contents = NULL;
        gsize len = 0;

        if (g_file_get_contents (path, &contents, &len, NULL) &&
            g_strstr_len (contents, (gssize) len, needle) != NULL)
            return TRUE;
        if (g_get_monotonic_time () >= deadline)
            return FALSE;
        vireo_test_qemu_spin (100);
    }
}

char *
vireo_test_qemu_describe_state (VireoDomain *domain)
{
    g_autofree char *text = vireo_domain_state_describe (vireo_domain_get_state (domain),
                                                         vireo_domain_get_reason (domain));

    return g_strdup_printf ("“%s” (state %d, reason %d)", text,
                            (int) vireo_domain_get_state (domain),
                            vireo_domain_get_reason (domain));
}

char *
vireo_test_qemu_console_xml (const char *name,
                             const char *media)
{
    g_autofree char *kernel = g_build_filename (media, "vmlinuz", NULL);
    g_autofree char *initrd = g_build_filename (media, "initrd.img", NULL);

    return g_markup_printf_escaped (
        "<domain type='qemu'>\n"
        "  <name>%s</name>\n"
        "  <memory unit='MiB'>128</memory>\n"
        "  <vcpu>1</vcpu>\n"
        "  <os>\n"
        "    <type arch='x86_64'>hvm</type>\n"
        "    <kernel>%s</kernel>\n"
        "    <initrd>%s</initrd>\n"
        "    <cmdline>console=ttyS0 quiet no_timer_check</cmdline>\n"
        "  </os>\n"
        "  <features><acpi/></features>\n"
        "  <devices>\n"
        "    <serial type='pty'><target port='0'/></serial>\n"
        "    <console type='pty'><target type='serial' port='0'/></console>\n"
        "  </devices>\n"
        "</domain>\n",
        name, kernel, initrd);
}
