/* vireo-image-file.c: disk image files on this computer: copy, checksum, overlay
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include "vireo-image-file.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-vmm-error.h"

#define CHUNK       (16 * 1024 * 1024)   /* one copy_file_range() call, then a look at Cancel */
#define BUFFER_SIZE (1024 * 1024)
#define ZERO_BLOCK  4096                 /* all-zero blocks of this size become holes */

/* ---------------------------------------------------------------- helpers */

static gboolean
errno_error (GError    **error,
             int         saved_errno,
             const char *format,
             const char *path)
{
    g_autofree char *what = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    what = g_strdup_printf (format, path);
#pragma GCC diagnostic pop
    g_set_error (error, VIREO_VMM_ERROR,
                 saved_errno == ENOSPC ? VIREO_VMM_ERROR_NO_SPACE
                 : saved_errno == EEXIST ? VIREO_VMM_ERROR_EXISTS
                 : saved_errno == ENOENT ? VIREO_VMM_ERROR_NOT_FOUND : VIREO_VMM_ERROR_FAILED,
                 "%s: %s.", what, g_strerror (saved_errno));
    return FALSE;
}

/* The size of an open file or block device. */
static gboolean
file_size (int fd, const struct stat *st, guint64 *size)
{
    if (S_ISBLK (st->st_mode)) {
        off_t end = lseek (fd, 0, SEEK_END);

        if (end < 0)
            return FALSE;
        *size = (guint64) end;
        return lseek (fd, 0, SEEK_SET) == 0;
    }
    *size = (guint64) st->st_size;
    return TRUE;
}

/* The next data extent at or after @pos: [*start, *end); FALSE at the end. */
static gboolean
next_extent (int fd, gboolean seekable, guint64 size, guint64 pos,
             guint64 *start, guint64 *end)
{
    off_t data, hole;

    if (pos >= size)
        return FALSE;
    if (!seekable) {
        *start = pos;
        *end = size;
        return TRUE;
    }
    data = lseek (fd, (off_t) pos, SEEK_DATA);
    if (data < 0)
        return FALSE;   /* ENXIO: only a hole is left */
    hole = lseek (fd, data, SEEK_HOLE);
    *start = (guint64) data;
    *end = hole < 0 ? size : MIN ((guint64) hole, size);
    return *start < *end;
}

/* Whether @fd answers SEEK_DATA (a regular file on most filesystems). */
static gboolean
can_seek_data (int fd, const struct stat *st)
{
    if (!S_ISREG (st->st_mode))
        return FALSE;
    if (lseek (fd, 0, SEEK_DATA) < 0 && errno != ENXIO)
        return FALSE;
    return TRUE;
}

static gboolean
all_zero (const guint8 *buffer, gsize length)
{
    static const guint8 zero[4096];

    for (gsize i = 0; i < length; i += sizeof zero) {
        gsize n = MIN (sizeof zero, length - i);
        if (memcmp (buffer + i, zero, n) != 0)
            return FALSE;
    }
    return TRUE;
}

/* Copies [start, end) with read and write, leaving zero blocks as holes
 * unless @allocate. */
static gboolean
copy_range_rw (int in, int out, guint64 start, guint64 end, gboolean allocate,
               const char *source, const char *dest, VireoProgress *progress,
               GCancellable *cancellable, GError **error)
{
    g_autofree guint8 *buffer = g_malloc (BUFFER_SIZE);
    guint64 pos = start;

    while (pos < end) {
        gsize want = (gsize) MIN ((guint64) BUFFER_SIZE, end - pos);
        ssize_t n = pread (in, buffer, want, (off_t) pos);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno_error (error, errno, _("%s could not be read"), source);
        }
        if (n == 0)
            break;
        /* Runs of blocks that are not all zeros, written; the others left
         * as holes (the file's size is set at the end). */
        for (gsize run = 0; run < (gsize) n;) {
            gsize run_end = run;

            while (run_end < (gsize) n &&
                   (allocate || !all_zero (buffer + run_end,
                                           MIN ((gsize) ZERO_BLOCK, (gsize) n - run_end))))
                run_end += MIN ((gsize) ZERO_BLOCK, (gsize) n - run_end);
            while (run < run_end) {
                ssize_t w = pwrite (out, buffer + run, run_end - run, (off_t) (pos + run));

                if (w < 0) {
                    if (errno == EINTR)
                        continue;
                    return errno_error (error, errno, _("%s could not be written"), dest);
                }
                run += (gsize) w;
            }
            if (run < (gsize) n)
                run += MIN ((gsize) ZERO_BLOCK, (gsize) n - run);   /* a zero block */
        }
        pos += (guint64) n;
        if (progress)
            vireo_progress_add_done (progress, (guint64) n);
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
    }
    return TRUE;
}

/* Copies [start, end) in the kernel; *@fallback set when the kernel cannot
 * (then nothing of the range was copied). */
static gboolean
copy_range_kernel (int in, int out, guint64 start, guint64 end, const char *source,
                   const char *dest, VireoProgress *progress, GCancellable *cancellable,
                   gboolean *fallback, GError **error)
{
    guint64 pos = start;

    while (pos < end) {
        loff_t off_in = (loff_t) pos;
        loff_t off_out = (loff_t) pos;
        ssize_t n = copy_file_range (in, &off_in, out, &off_out,
                                     (size_t) MIN ((guint64) CHUNK, end - pos), 0);

        if (n < 0) {
            int saved_errno = errno;

            if (saved_errno == EINTR)
                continue;
            if (pos == start && (saved_errno == EXDEV || saved_errno == ENOSYS ||
                                 saved_errno == EOPNOTSUPP || saved_errno == EINVAL ||
                                 saved_errno == EBADF)) {
                *fallback = TRUE;
                return FALSE;
            }
            return errno_error (error, saved_errno, _("%s could not be copied"), source);
        }
        if (n == 0)
            break;   /* the source is shorter than it said */
        pos += (guint64) n;
        if (progress)
            vireo_progress_add_done (progress, (guint64) n);
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
    }
    (void) dest;
    return TRUE;
}

/* Whether the kernel's copy may be done by the file server (NFS 4.2, SMB,
 * Ceph): worth more than skipping zero blocks.  A local filesystem without
 * reflink only copies pages in copy_file_range(), zero blocks included. */
static gboolean
offloads_copies (int out)
{
    struct statfs fs;

    if (fstatfs (out, &fs) < 0)
        return FALSE;
    switch ((unsigned long) fs.f_type) {
    case NFS_SUPER_MAGIC:
    case SMB_SUPER_MAGIC:
    case 0xff534d42UL:   /* CIFS */
    case 0xfe534d42UL:   /* SMB2 */
    case 0x00c36400UL:   /* Ceph */
        return TRUE;
    default:
        return FALSE;
    }
}

static gboolean
copy_data (int in, int out, const struct stat *st, guint64 size, gboolean allocate,
           const char *source, const char *dest, VireoProgress *progress,
           GCancellable *cancellable, GError **error)
{
    gboolean seekable = can_seek_data (in, st);
    gboolean kernel = offloads_copies (out);
    guint64 pos = 0, start, end;

    while (next_extent (in, seekable, size, pos, &start, &end)) {
        gboolean fallback = FALSE;

        if (kernel && seekable) {
            if (copy_range_kernel (in, out, start, end, source, dest, progress, cancellable,
                                   &fallback, error)) {
                pos = end;
                continue;
            }
            if (!fallback)
                return FALSE;
            kernel = FALSE;
        }
        if (!copy_range_rw (in, out, start, end, allocate, source, dest, progress,
                            cancellable, error))
            return FALSE;
        pos = end;
    }
    return TRUE;
}

/* A new partial file next to @dest; its name, and its descriptor in *@fd. */
static char *
open_partial (const char *dest, mode_t mode, int *fd, GError **error)
{
    g_autofree char *dir = g_path_get_dirname (dest);
    g_autofree char *base = g_path_get_basename (dest);
    g_autofree char *name = g_strdup_printf (".%s.vireo-partial-XXXXXX", base);
    char *path = g_build_filename (dir, name, NULL);

    *fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, (int) mode);
    if (*fd < 0) {
        int saved_errno = errno;

        errno_error (error, saved_errno, _("The copy %s could not be made"), dest);
        g_free (path);
        return NULL;
    }
    return path;
}

/* -------------------------------------------------------------- public API */

guint64
vireo_image_file_data_size (const char *path,
                            GError    **error)
{
    struct stat st;
    guint64 size = 0, total = 0, pos = 0, start, end;
    gboolean seekable;
    int fd;

    g_return_val_if_fail (path != NULL, 0);

    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        errno_error (error, errno, _("%s could not be opened"), path);
        return 0;
    }
    if (fstat (fd, &st) < 0 || !file_size (fd, &st, &size)) {
        errno_error (error, errno, _("%s could not be read"), path);
        close (fd);
        return 0;
    }
    seekable = can_seek_data (fd, &st);
    while (next_extent (fd, seekable, size, pos, &start, &end)) {
        total += end - start;
        pos = end;
    }
    close (fd);
    return total;
}

gboolean
vireo_image_file_sync (const char *path,
                       GError    **error)
{
    int fd;

    g_return_val_if_fail (path != NULL, FALSE);

    fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fdatasync (fd) < 0) {
        int saved_errno = errno;

        if (fd >= 0)
            close (fd);
        errno_error (error, saved_errno, _("%s could not be written"), path);
        return FALSE;
    }
    close (fd);
    return TRUE;
}

gboolean
vireo_image_file_copy (const char          *source,
                       const char          *dest,
                       VireoImageCopyFlags  flags,
                       VireoProgress       *progress,
                       GCancellable        *cancellable,
                       GError             **error)
{
    g_autofree char *partial = NULL;
    struct stat st;
    guint64 size = 0;
    gboolean shared = FALSE;
    int in = -1, out = -1;
    gboolean ok = FALSE;

    g_return_val_if_fail (source != NULL && dest != NULL, FALSE);
    g_return_val_if_fail (progress == NULL || VIREO_IS_PROGRESS (progress), FALSE);
    g_return_val_if_fail (!((flags & VIREO_IMAGE_COPY_REFLINK) &&
                            (flags & VIREO_IMAGE_COPY_NO_REFLINK)), FALSE);

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    if (!(flags & VIREO_IMAGE_COPY_REPLACE) &&
        (g_file_test (dest, G_FILE_TEST_EXISTS) || g_file_test (dest, G_FILE_TEST_IS_SYMLINK))) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("%s exists already: Vireo does not write over it."), dest);
        return FALSE;
    }
    in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
    if (in < 0)
        return errno_error (error, errno, _("%s could not be opened"), source);
    if (fstat (in, &st) < 0 || !file_size (in, &st, &size)) {
        errno_error (error, errno, _("%s could not be read"), source);
        goto out;
    }
    partial = open_partial (dest, S_ISREG (st.st_mode) ? ((st.st_mode & 0777) | S_IWUSR)
                                                       : 0600, &out, error);
    if (partial == NULL)
        goto out;
    /* Blocks shared: the copy is done at once, and writes nothing. */
    if (!(flags & VIREO_IMAGE_COPY_NO_REFLINK) && S_ISREG (st.st_mode) &&
        !(flags & VIREO_IMAGE_COPY_ALLOCATE)) {
        if (ioctl (out, FICLONE, in) == 0) {
            shared = TRUE;
            if (progress)
                vireo_progress_add_done (progress, vireo_image_file_data_size (source, NULL));
        } else if (flags & VIREO_IMAGE_COPY_REFLINK) {
            int saved_errno = errno;

            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                         _("The copy of %s cannot share its blocks (reflink) in %s: %s."),
                         source, dest, g_strerror (saved_errno));
            goto out;
        }
    } else if (flags & VIREO_IMAGE_COPY_REFLINK) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("The copy of %s cannot share its blocks (reflink): it is not a file, "
                       "or every byte was asked to be allocated."), source);
        goto out;
    }
    if (!shared) {
        if ((flags & VIREO_IMAGE_COPY_ALLOCATE) && size > 0) {
            int rc = posix_fallocate (out, 0, (off_t) size);

            if (rc != 0 && rc != EOPNOTSUPP && rc != EINVAL) {
                errno_error (error, rc, _("%s could not be allocated"), dest);
                goto out;
            }
        }
        if (!copy_data (in, out, &st, size, (flags & VIREO_IMAGE_COPY_ALLOCATE) != 0, source,
                        dest, progress, cancellable, error))
            goto out;
        if (ftruncate (out, (off_t) size) < 0) {
            errno_error (error, errno, _("%s could not be written"), dest);
            goto out;
        }
    }
    if (!(flags & VIREO_IMAGE_COPY_NO_SYNC) && fdatasync (out) < 0) {
        errno_error (error, errno, _("%s could not be written"), dest);
        goto out;
    }
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    if (!(flags & VIREO_IMAGE_COPY_REPLACE)) {
        /* link() fails on an existing name: nothing appeared meanwhile. */
        if (link (partial, dest) < 0) {
            errno_error (error, errno, _("The copy %s could not be made"), dest);
            goto out;
        }
        g_unlink (partial);
    } else if (g_rename (partial, dest) < 0) {
        errno_error (error, errno, _("The copy %s could not be made"), dest);
        goto out;
    }
    g_clear_pointer (&partial, g_free);
    ok = TRUE;

out:
    if (out >= 0)
        close (out);
    if (in >= 0)
        close (in);
    if (partial)
        g_unlink (partial);
    return ok;
}

char *
vireo_image_file_checksum (const char    *path,
                           VireoProgress *progress,
                           GCancellable  *cancellable,
                           GError       **error)
{
    g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    g_autofree guint8 *buffer = g_malloc (BUFFER_SIZE);
    int fd;

    g_return_val_if_fail (path != NULL, NULL);

    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        errno_error (error, errno, _("%s could not be opened"), path);
        return NULL;
    }
    for (;;) {
        ssize_t n = read (fd, buffer, BUFFER_SIZE);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            errno_error (error, errno, _("%s could not be read"), path);
            close (fd);
            return NULL;
        }
        if (n == 0)
            break;
        g_checksum_update (sum, buffer, n);
        if (progress)
            vireo_progress_add_done (progress, (guint64) n);
        if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
            close (fd);
            return NULL;
        }
    }
    close (fd);
    return g_strdup (g_checksum_get_string (sum));
}

gboolean
vireo_image_file_create_overlay (const char  *backing,
                                 const char  *backing_format,
                                 const char  *dest,
                                 GError     **error)
{
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *err = NULL;
    int fd;

    g_return_val_if_fail (backing != NULL && dest != NULL, FALSE);

    /* Claim the name first: an image appearing meanwhile is not written over. */
    fd = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno_error (error, errno, _("The overlay %s could not be made"), dest);
    close (fd);
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &local, "qemu-img", "create", "-q", "-f", "qcow2", "-F",
                             backing_format ? backing_format : "raw", "-b", backing, dest,
                             NULL);
    if (proc == NULL) {
        g_unlink (dest);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                     _("qemu-img, which makes overlay images, could not be run (install the "
                       "package qemu-utils): %s"), local->message);
        return FALSE;
    }
    if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &local) ||
        !g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0) {
        g_unlink (dest);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The overlay %s over %s could not be made: %s"), dest, backing,
                     local ? local->message : err ? g_strstrip (err) : "");
        return FALSE;
    }
    return TRUE;
}

gboolean
vireo_image_file_convert_snapshot (const char    *source,
                                   const char    *snapshot,
                                   const char    *dest,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *partial = NULL;
    g_autofree char *option = NULL;
    g_autofree char *err = NULL;
    int fd = -1;

    g_return_val_if_fail (source != NULL && snapshot != NULL && dest != NULL, FALSE);

    if (g_file_test (dest, G_FILE_TEST_EXISTS) || g_file_test (dest, G_FILE_TEST_IS_SYMLINK)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("%s exists already: Vireo does not write over it."), dest);
        return FALSE;
    }
    partial = open_partial (dest, 0600, &fd, error);
    if (partial == NULL)
        return FALSE;
    close (fd);
    option = g_strdup_printf ("snapshot.name=%s", snapshot);
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &local, "qemu-img", "convert", "-U", "-f", "qcow2", "-O", "qcow2",
                             "-l", option, source, partial, NULL);
    if (proc == NULL ||
        !g_subprocess_communicate_utf8 (proc, NULL, cancellable, NULL, &err, &local) ||
        !g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0) {
        if (proc != NULL && !g_subprocess_get_if_exited (proc))
            g_subprocess_force_exit (proc);
        g_unlink (partial);
        if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
        }
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The state of the snapshot “%s” of %s could not be copied: %s"),
                     snapshot, source, local ? local->message : err ? g_strstrip (err) : "");
        return FALSE;
    }
    if (link (partial, dest) < 0) {
        int saved_errno = errno;

        g_unlink (partial);
        return errno_error (error, saved_errno, _("The copy %s could not be made"), dest);
    }
    g_unlink (partial);
    return TRUE;
}

char *
vireo_image_file_dup_backing (const char *path)
{
    guint8 header[72];
    g_autofree char *name = NULL;
    guint64 offset;
    guint32 length;
    int fd;

    g_return_val_if_fail (path != NULL, NULL);

    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    if (pread (fd, header, sizeof header, 0) != (ssize_t) sizeof header ||
        memcmp (header, "QFI\xfb", 4) != 0) {
        close (fd);
        return NULL;
    }
    offset = GUINT64_FROM_BE (*(guint64 *) (header + 8));
    length = GUINT32_FROM_BE (*(guint32 *) (header + 16));
    if (offset == 0 || length == 0 || length > 1023 || offset > 65536) {
        close (fd);
        return NULL;
    }
    name = g_malloc0 (length + 1);
    if (pread (fd, name, length, (off_t) offset) != (ssize_t) length) {
        close (fd);
        return NULL;
    }
    close (fd);
    if (g_path_is_absolute (name))
        return g_steal_pointer (&name);
    {
        g_autofree char *dir = g_path_get_dirname (path);
        return g_build_filename (dir, name, NULL);
    }
}

gboolean
vireo_image_file_has_snapshot (const char *path,
                               const char *name)
{
    guint8 header[72];
    guint64 offset;
    guint32 count;
    gboolean found = FALSE;
    int fd;

    g_return_val_if_fail (path != NULL && name != NULL, FALSE);

    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return FALSE;
    if (pread (fd, header, sizeof header, 0) != (ssize_t) sizeof header ||
        memcmp (header, "QFI\xfb", 4) != 0) {
        close (fd);
        return FALSE;
    }
    count = GUINT32_FROM_BE (*(guint32 *) (header + 60));
    offset = GUINT64_FROM_BE (*(guint64 *) (header + 64));
    /* Each entry: a 40-byte head, extra data, the id, the name, padding to 8. */
    for (guint32 i = 0; i < count && i < 65536 && !found; i++) {
        guint8 head[40];
        guint16 id_size, name_size;
        guint32 extra;
        g_autofree char *entry_name = NULL;

        if (pread (fd, head, sizeof head, (off_t) offset) != (ssize_t) sizeof head)
            break;
        id_size = GUINT16_FROM_BE (*(guint16 *) (head + 12));
        name_size = GUINT16_FROM_BE (*(guint16 *) (head + 14));
        extra = GUINT32_FROM_BE (*(guint32 *) (head + 36));
        entry_name = g_malloc0 ((gsize) name_size + 1);
        if (pread (fd, entry_name, name_size, (off_t) (offset + 40 + extra + id_size)) !=
            (ssize_t) name_size)
            break;
        found = g_str_equal (entry_name, name);
        offset += 40 + extra + id_size + name_size;
        offset = (offset + 7) & ~G_GUINT64_CONSTANT (7);
    }
    close (fd);
    return found;
}

gboolean
vireo_image_file_delete_snapshot (const char  *path,
                                  const char  *name,
                                  GError     **error)
{
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *err = NULL;

    g_return_val_if_fail (path != NULL && name != NULL, FALSE);

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &local, "qemu-img", "snapshot", "-d", name, path, NULL);
    if (proc == NULL ||
        !g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &local) ||
        !g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The snapshot “%s” could not be removed from %s: %s"), name, path,
                     local ? local->message : err ? g_strstrip (err) : "");
        return FALSE;
    }
    return TRUE;
}

char *
vireo_image_file_probe_format (const char *path)
{
    guint8 magic[4];
    int fd;
    ssize_t n;

    g_return_val_if_fail (path != NULL, NULL);

    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    n = pread (fd, magic, sizeof magic, 0);
    close (fd);
    if (n < 0)
        return NULL;
    return g_strdup (n == 4 && memcmp (magic, "QFI\xfb", 4) == 0 ? "qcow2" : "raw");
}
