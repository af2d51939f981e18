/* vireo-storage-transfer.c: copying and converting images with progress, and partial files
 *
 * A transfer writes into a partial file next to its destination, which
 * takes the destination's place only once the transfer is complete: a
 * failed or cancelled transfer leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-storage-private.h"
#include "vireo-vmm-error.h"

#define BLOCK_SIZE (1024 * 1024)

/* Helpers */

static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *format,
                 const char *path)
{
    g_autofree char *prefix = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    prefix = g_strdup_printf (format, path);
#pragma GCC diagnostic pop
    g_set_error (error, VIREO_VMM_ERROR,
                 saved_errno == ENOSPC ? VIREO_VMM_ERROR_NO_SPACE : VIREO_VMM_ERROR_FAILED,
                 "%s: %s.", prefix, g_strerror (saved_errno));
    return FALSE;
}

static gboolean
all_zero (const guint8 *buffer,
          gsize         length)
{
    for (gsize i = 0; i < length; i++)
        if (buffer[i] != 0)
            return FALSE;
    return TRUE;
}

/* Parses qemu-img's "    (45.67/100%)" into parts of 10,000. */
static gboolean
parse_progress (const char *text,
                guint64    *done)
{
    const char *open = strrchr (text, '(');
    char *end = NULL;
    double percent;

    if (open == NULL)
        return FALSE;
    percent = g_ascii_strtod (open + 1, &end);
    if (end == open + 1 || !g_str_has_prefix (end, "/100%"))
        return FALSE;
    *done = (guint64) CLAMP (percent * 100.0, 0.0, 10000.0);
    return TRUE;
}

/* Private API */

char *
_vireo_storage_open_partial (const char *dest,
                             int        *fd,
                             GError    **error)
{
    g_autofree char *dir = g_path_get_dirname (dest);
    g_autofree char *base = g_path_get_basename (dest);
    g_autofree char *template = g_strdup_printf (".%s.vireo-partial-XXXXXX", base);
    char *path = g_build_filename (dir, template, NULL);

    *fd = g_mkstemp_full (path, O_WRONLY | O_CLOEXEC, 0644);
    if (*fd < 0) {
        int saved_errno = errno;

        set_errno_error (error, saved_errno, _("No file could be made in %s"), dir);
        g_free (path);
        return NULL;
    }
    return path;
}

gboolean
_vireo_storage_commit_partial (const char *partial,
                               const char *dest,
                               gboolean    replace,
                               GError    **error)
{
    int saved_errno;

    if (replace) {
        if (g_rename (partial, dest) == 0)
            return TRUE;
        saved_errno = errno;
        g_unlink (partial);
        return set_errno_error (error, saved_errno, _("The file %s could not be written"), dest);
    }
    /* link() refuses to replace what is there. */
    if (link (partial, dest) == 0) {
        g_unlink (partial);
        return TRUE;
    }
    saved_errno = errno;
    g_unlink (partial);
    if (saved_errno == EEXIST) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("A file named %s exists already. Choose another name."), dest);
        return FALSE;
    }
    return set_errno_error (error, saved_errno, _("The file %s could not be written"), dest);
}

gboolean
_vireo_storage_copy_to_fd (const char              *source,
                           int                      fd_out,
                           const char              *dest,
                           VireoStorageProgressFunc progress,
                           gpointer                 progress_data,
                           GCancellable            *cancellable,
                           GError                 **error)
{
    g_autofree guint8 *buffer = g_malloc (BLOCK_SIZE);
    struct stat st;
    guint64 done = 0;
    int fd_in;
    gboolean ok = FALSE;

    fd_in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
    if (fd_in < 0)
        return set_errno_error (error, errno, _("The file %s could not be read"), source);
    if (fstat (fd_in, &st) < 0) {
        set_errno_error (error, errno, _("The file %s could not be read"), source);
        goto out;
    }
    if (progress != NULL)
        progress (0, st.st_size, progress_data);
    for (;;) {
        ssize_t n;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
        n = read (fd_in, buffer, BLOCK_SIZE);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            set_errno_error (error, errno, _("The file %s could not be read"), source);
            goto out;
        }
        if (n == 0)
            break;
        if (all_zero (buffer, n)) {
            /* A hole: the file's size is set at the end. */
            if (lseek (fd_out, n, SEEK_CUR) < 0) {
                set_errno_error (error, errno, _("The file %s could not be written"), dest);
                goto out;
            }
        } else {
            for (ssize_t written = 0; written < n;) {
                ssize_t w = write (fd_out, buffer + written, n - written);

                if (w < 0 && errno == EINTR)
                    continue;
                if (w < 0) {
                    set_errno_error (error, errno, _("The file %s could not be written"),
                                     dest);
                    goto out;
                }
                written += w;
            }
        }
        done += n;
        if (progress != NULL)
            progress (done, MAX ((guint64) st.st_size, done), progress_data);
    }
    if (ftruncate (fd_out, done) < 0 || fsync (fd_out) < 0) {
        set_errno_error (error, errno, _("The file %s could not be written"), dest);
        goto out;
    }
    ok = TRUE;
out:
    g_close (fd_in, NULL);
    return ok;
}

gboolean
_vireo_storage_qemu_img_convert (const char              *source,
                                 const char              *dest,
                                 const char              *format,
                                 VireoStorageProgressFunc progress,
                                 gpointer                 progress_data,
                                 GCancellable            *cancellable,
                                 GError                 **error)
{
    g_autofree char *program = g_find_program_in_path ("qemu-img");
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GString) output = g_string_new (NULL);
    g_autoptr(GString) messages = g_string_new (NULL);
    g_autoptr(GError) local_error = NULL;
    GInputStream *out;
    char buffer[4096];

    if (program == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                     _("The program qemu-img, which converts disk images, was not found. "
                       "Install the package qemu-utils."));
        return FALSE;
    }
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                             &local_error, program, "convert", "-p", "-O", format, source,
                             dest, NULL);
    if (proc == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("qemu-img could not be started: %s"), local_error->message);
        return FALSE;
    }
    if (progress != NULL)
        progress (0, 10000, progress_data);
    out = g_subprocess_get_stdout_pipe (proc);
    for (;;) {
        gssize n = g_input_stream_read (out, buffer, sizeof buffer, cancellable, &local_error);
        char *line_end;

        if (n < 0) {
            g_subprocess_force_exit (proc);
            g_subprocess_wait (proc, NULL, NULL);
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
        }
        if (n == 0)
            break;
        g_string_append_len (output, buffer, n);
        /* Progress lines end in "\r"; the last complete one counts. */
        while ((line_end = strpbrk (output->str, "\r\n")) != NULL) {
            g_autofree char *line = g_strndup (output->str, line_end - output->str);
            guint64 done;

            g_string_erase (output, 0, line_end - output->str + 1);
            if (parse_progress (line, &done)) {
                if (progress != NULL)
                    progress (done, 10000, progress_data);
            } else if (*g_strstrip (line) != '\0') {
                /* What qemu-img says besides progress is its error. */
                g_string_append_printf (messages, "%s%s", messages->len > 0 ? " " : "", line);
            }
        }
    }
    if (!g_subprocess_wait (proc, cancellable, &local_error)) {
        g_subprocess_force_exit (proc);
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
    }
    if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0) {
        g_string_append (messages, g_strstrip (output->str));
        g_set_error (error, VIREO_VMM_ERROR,
                     strstr (messages->str, "No space left") ? VIREO_VMM_ERROR_NO_SPACE
                                                             : VIREO_VMM_ERROR_FAILED,
                     _("qemu-img could not convert %s: %s"), source,
                     messages->len > 0 ? messages->str : _("it failed without saying why"));
        return FALSE;
    }
    if (progress != NULL)
        progress (10000, 10000, progress_data);
    return TRUE;
}
