/* vireo-embed.c: libvirt's embedded QEMU driver (qemu:///embed?root=ROOT)
 *
 * libvirt loads its QEMU driver into the calling process when it opens
 * qemu:///embed?root=ROOT.  Everything the driver keeps (configuration,
 * runtime state, logs, monitor sockets) lives under ROOT, and one process at
 * a time may hold ROOT: the driver takes an fcntl() write lock on
 * ROOT/run/qemu/driver.pid and writes its pid there.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-embed.h"
#include "vireo-vmm-error.h"

/* The first line of every qemu.conf Vireo writes; a qemu.conf without it was
 * written by someone else and is left alone. */
#define QEMU_CONF_MARKER "# Written by Vireo for its embedded hypervisor."

/* Helpers */

static const char *
qemu_conf_contents (void)
{
    if (geteuid () == 0)
        return QEMU_CONF_MARKER "\n"
               "# Vireo rewrites this file when it opens the embedded hypervisor.  To keep\n"
               "# your own settings, delete the line above: Vireo then leaves it alone.\n"
               "\n"
               "# Guest consoles and QEMU's output go to plain files (no virtlogd).\n"
               "stdio_handler = \"file\"\n"
               "\n"
               "# Running as root: QEMU runs as root too, without a security driver,\n"
               "# as there is no system daemon to label files for it.\n"
               "user = \"root\"\n"
               "group = \"root\"\n"
               "security_driver = \"none\"\n"
               "# swtpm (a VM's emulated TPM) as root too: its state lives under this\n"
               "# root, which no other user may enter.\n"
               "swtpm_user = \"root\"\n"
               "swtpm_group = \"root\"\n"
               "# Nothing relabels files, so there is no owner to remember.\n"
               "remember_owner = 0\n";
    return QEMU_CONF_MARKER "\n"
           "# Vireo rewrites this file when it opens the embedded hypervisor.  To keep\n"
           "# your own settings, delete the line above: Vireo then leaves it alone.\n"
           "\n"
           "# Guest consoles and QEMU's output go to plain files (no virtlogd).\n"
           "stdio_handler = \"file\"\n";
}

static gboolean
has_marker_line (const char *contents)
{
    g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++) {
        if (g_strcmp0 (g_strstrip (lines[i]), QEMU_CONF_MARKER) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
set_no_space_error (GError    **error,
                    const char *root)
{
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                 _("The disk holding %s is full, so the embedded hypervisor cannot be "
                   "prepared there. Free some space and try again."), root);
}

static char *
pid_file_path (const char *root)
{
    return g_build_filename (root, "run", "qemu", "driver.pid", NULL);
}

/* The pid holding an fcntl() lock on @path, 0 when nobody does.  A lock held
 * by the calling process does not conflict with it and reads as free. */
static pid_t
lock_holder (const char *path,
             pid_t      *file_pid)
{
    g_autofree char *contents = NULL;
    struct flock fl = { 0 };
    int fd;

    *file_pid = 0;
    if (g_file_get_contents (path, &contents, NULL, NULL)) {
        gint64 value = g_ascii_strtoll (g_strstrip (contents), NULL, 10);

        if (value > 0 && value <= G_MAXINT)
            *file_pid = (pid_t) value;
    }

    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0;
    if (fcntl (fd, F_GETLK, &fl) < 0) {
        g_close (fd, NULL);
        return 0;
    }
    g_close (fd, NULL);
    if (fl.l_type == F_UNLCK)
        return 0;
    /* l_pid is 0 when the holder lives in another pid namespace. */
    return fl.l_pid > 0 ? fl.l_pid : (*file_pid > 0 ? *file_pid : -1);
}

static char *
describe_process (pid_t pid)
{
    g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", (int) pid);
    g_autofree char *comm = NULL;
    struct stat st;
    g_autofree char *proc_dir = g_strdup_printf ("/proc/%d", (int) pid);

    if (!g_file_get_contents (comm_path, &comm, NULL, NULL) || *g_strstrip (comm) == '\0') {
        g_free (comm);
        comm = g_strdup (_("a program"));
    }

    if (g_stat (proc_dir, &st) == 0 && st.st_uid != geteuid ()) {
        struct passwd *pw = getpwuid (st.st_uid);
        g_autofree char *user = pw ? g_strdup (pw->pw_name)
                                   : g_strdup_printf ("%u", (guint) st.st_uid);

        /* TRANSLATORS: a program name, its process id and the user running it */
        return g_strdup_printf (_("%s (pid %d, user %s)"), comm, (int) pid, user);
    }
    /* TRANSLATORS: a program name and its process id */
    return g_strdup_printf (_("%s (pid %d)"), comm, (int) pid);
}

/* Public API */

char *
vireo_embed_default_root (void)
{
    return g_build_filename (g_get_user_data_dir (), "vireo", "embed", NULL);
}

char *
vireo_embed_uri_for_root (const char *root)
{
    g_autofree char *escaped = NULL;

    g_return_val_if_fail (root != NULL, NULL);

    escaped = g_uri_escape_string (root, "/", FALSE);
    return g_strdup_printf ("qemu:///embed?root=%s", escaped);
}

gboolean
vireo_embed_uri_get_root (const char *uri,
                          char      **root_out)
{
    g_autoptr(GUri) parsed = NULL;
    g_autoptr(GHashTable) params = NULL;
    const char *query;
    const char *root;

    g_return_val_if_fail (uri != NULL, FALSE);

    if (root_out)
        *root_out = NULL;

    parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, NULL);
    if (parsed == NULL)
        return FALSE;
    if (g_strcmp0 (g_uri_get_scheme (parsed), "qemu") != 0)
        return FALSE;
    if (g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0')
        return FALSE;
    if (g_strcmp0 (g_uri_get_path (parsed), "/embed") != 0)
        return FALSE;
    query = g_uri_get_query (parsed);
    if (query == NULL)
        return FALSE;
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
    if (params == NULL)
        return FALSE;
    root = g_hash_table_lookup (params, "root");
    if (root == NULL || *root == '\0')
        return FALSE;

    if (root_out)
        *root_out = g_strdup (root);
    return TRUE;
}

gboolean
vireo_embed_prepare_root (const char *root,
                          GError    **error)
{
    g_autofree char *etc = NULL;
    g_autofree char *conf = NULL;
    g_autofree char *existing = NULL;
    g_autoptr(GError) local_error = NULL;
    const char *wanted = qemu_conf_contents ();

    g_return_val_if_fail (root != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (!g_path_is_absolute (root)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The folder “%s” for the embedded hypervisor is not an absolute "
                       "path. Give its full path, starting with “/”."), root);
        return FALSE;
    }
    if (strlen (root) > VIREO_EMBED_ROOT_MAX_LENGTH) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The folder %s is too long a path for the embedded "
                                  "hypervisor: libvirt keeps its sockets inside it, and socket "
                                  "paths are limited. Choose a folder whose path has at most %d "
                                  "character.",
                                  "The folder %s is too long a path for the embedded "
                                  "hypervisor: libvirt keeps its sockets inside it, and socket "
                                  "paths are limited. Choose a folder whose path has at most %d "
                                  "characters.",
                                  VIREO_EMBED_ROOT_MAX_LENGTH),
                     root, VIREO_EMBED_ROOT_MAX_LENGTH);
        return FALSE;
    }

    etc = g_build_filename (root, "etc", NULL);
    if (g_mkdir_with_parents (etc, 0700) < 0) {
        int saved_errno = errno;

        if (saved_errno == ENOSPC || saved_errno == EDQUOT)
            set_no_space_error (error, root);
        else
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("The folder %s for the embedded hypervisor could not be "
                           "created: %s."), root, g_strerror (saved_errno));
        return FALSE;
    }

    conf = g_build_filename (etc, "qemu.conf", NULL);
    if (g_file_get_contents (conf, &existing, NULL, &local_error)) {
        if (!has_marker_line (existing))
            return TRUE;    /* the user's own configuration */
        if (g_strcmp0 (existing, wanted) == 0)
            return TRUE;
    } else if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The embedded hypervisor's configuration could not be read: %s"),
                     local_error->message);
        return FALSE;
    }
    g_clear_error (&local_error);

    /* g_file_set_contents() writes a temporary file and renames it over
     * qemu.conf: a full disk leaves the old file (or none), never half of one. */
    if (!g_file_set_contents_full (conf, wanted, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error)) {
        if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC)) {
            set_no_space_error (error, root);
            return FALSE;
        }
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The embedded hypervisor's configuration could not be written: %s"),
                     local_error->message);
        return FALSE;
    }
    return TRUE;
}

char *
vireo_embed_describe_holder (const char *root)
{
    g_autofree char *path = NULL;
    pid_t file_pid;
    pid_t holder;

    g_return_val_if_fail (root != NULL, NULL);

    path = pid_file_path (root);
    holder = lock_holder (path, &file_pid);
    if (holder == 0)
        return NULL;
    if (holder < 0)
        return g_strdup (_("another program"));
    return describe_process (holder);
}

gboolean
vireo_embed_check_free (const char *root,
                        GError    **error)
{
    g_autofree char *holder = NULL;

    g_return_val_if_fail (root != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    holder = vireo_embed_describe_holder (root);
    if (holder == NULL)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD,
                 _("The embedded hypervisor at %s is in use by %s. Close it there, or "
                   "open your virtual machines from that program."), root, holder);
    return FALSE;
}

char *
vireo_embed_images_dir (const char *root)
{
    g_return_val_if_fail (root != NULL, NULL);

    return g_build_filename (root, "images", NULL);
}

gboolean
vireo_embed_check_host (GError **error)
{
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (geteuid () == 0 && getpwnam ("libvirt-qemu") == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                     _("Running as root, the embedded hypervisor needs the system account "
                       "“libvirt-qemu”, which does not exist on this computer. Install the "
                       "package libvirt-daemon-system to create it."));
        return FALSE;
    }
    return TRUE;
}
