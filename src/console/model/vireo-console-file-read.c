/* vireo-console-file-read.c: reading .vv files and streams
 *
 * A file of any kind (a regular file, a FIFO, a device) or a stream is read up to
 * VIREO_CONSOLE_FILE_MAX_SIZE bytes; one that is not a regular file has a timeout.
 * delete-this-file is honoured here (see vireo-console-file.c).  The buffers,
 * which may hold a password, are wiped once parsed.
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

#include "vireo-console-file-private.h"

/* How long a connection file that is not a regular file (a FIFO, a device) may take
 * to deliver its data; VIREO_CONSOLE_FILE_TIMEOUT_ENV overrides it (tests). */
#define READ_TIMEOUT_MS 10000

/* The error of a file past VIREO_CONSOLE_FILE_MAX_SIZE, with its path. */
#define TOO_LARGE_PATH                                                                     \
    g_dngettext (GETTEXT_PACKAGE, "The connection file “%s” is too large (more than %d "   \
                 "byte).", "The connection file “%s” is too large (more than %d bytes).",  \
                 VIREO_CONSOLE_FILE_MAX_SIZE)

static void
wipe_buffer (char *data, gsize length)
{
    if (data != NULL) {
        volatile char *p = data;
        for (gsize i = 0; i < length; i++)
            p[i] = '\0';
    }
}

static guint
read_timeout_ms (void)
{
    const char *text = g_getenv (VIREO_CONSOLE_FILE_TIMEOUT_ENV);
    guint64 value;

    if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &value, NULL))
        return (guint) value;
    return READ_TIMEOUT_MS;
}

static gboolean
set_read_error (GError **error, const char *path, int errno_value)
{
    g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                 _("Could not read the connection file “%s”: %s"), path,
                 g_strerror (errno_value));
    return FALSE;
}

/* Waits until @fd (not a regular file) has data or its end, @deadline passes or
 * @cancellable is cancelled. */
static gboolean
wait_readable (int            fd,
               const char    *path,
               gint64         deadline,
               GCancellable  *cancellable,
               GError       **error)
{
    GPollFD fds[2] = { { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 } };
    guint n_fds = 1;
    int ready;

    if (g_cancellable_make_pollfd (cancellable, &fds[1]))
        n_fds = 2;
    do {
        gint64 left = deadline - g_get_monotonic_time ();

        ready = left > 0 ? g_poll (fds, n_fds, (int) ((left + 999) / 1000)) : 0;
    } while (ready < 0 && errno == EINTR);
    if (n_fds == 2)
        g_cancellable_release_fd (cancellable);

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    if (ready < 0)
        return set_read_error (error, path, errno);
    if (ready == 0 || fds[0].revents == 0) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Could not read the connection file “%s”: it is not a regular "
                                  "file, and its data did not end within %u second.",
                                  "Could not read the connection file “%s”: it is not a regular "
                                  "file, and its data did not end within %u seconds.",
                                  (read_timeout_ms () + 999) / 1000),
                     path, (read_timeout_ms () + 999) / 1000);
        return FALSE;
    }
    return TRUE;
}

/* Reads the whole of @fd into @buffer (VIREO_CONSOLE_FILE_MAX_SIZE + 1 bytes). */
static gboolean
read_fd_capped (int            fd,
                const char    *path,
                gboolean       regular,
                char          *buffer,
                gsize         *filled,
                GCancellable  *cancellable,
                GError       **error)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) read_timeout_ms () * 1000;

    for (;;) {
        gsize room = VIREO_CONSOLE_FILE_MAX_SIZE + 1 - *filled;
        gssize got;

        if (room == 0)
            return vireo_console_set_invalid (error, TOO_LARGE_PATH, path,
                                              VIREO_CONSOLE_FILE_MAX_SIZE);
        if (!regular && !wait_readable (fd, path, deadline, cancellable, error))
            return FALSE;
        if (regular && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        got = read (fd, buffer + *filled, room);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got < 0)
            return set_read_error (error, path, errno);
        if (got == 0)
            return TRUE;
        *filled += got;
    }
}

/* Reads at most VIREO_CONSOLE_FILE_MAX_SIZE bytes of @path whatever its kind: a
 * regular file, a FIFO, a device (/dev/zero).  It is opened without blocking (open()
 * of a FIFO with no writer would wait for one forever), and one that is not a regular
 * file has read_timeout_ms() to deliver its data.  A folder is refused.  The caller
 * wipes *data. */
static gboolean
read_capped (const char    *path,
             char         **data,
             gsize         *length,
             GCancellable  *cancellable,
             GError       **error)
{
    g_autofree char *buffer = NULL;
    gsize filled = 0;
    struct stat st;
    gboolean ok;
    int fd;

    fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
    if (fd < 0)
        return set_read_error (error, path, errno);
    if (fstat (fd, &st) != 0) {
        int saved_errno = errno;

        close (fd);
        return set_read_error (error, path, saved_errno);
    }
    if (S_ISDIR (st.st_mode)) {
        close (fd);
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                     _("Could not read the connection file “%s”: it is a folder."), path);
        return FALSE;
    }
    if (S_ISREG (st.st_mode) && st.st_size > VIREO_CONSOLE_FILE_MAX_SIZE) {
        close (fd);
        return vireo_console_set_invalid (error, TOO_LARGE_PATH, path,
                                          VIREO_CONSOLE_FILE_MAX_SIZE);
    }

    buffer = g_malloc (VIREO_CONSOLE_FILE_MAX_SIZE + 1);
    ok = read_fd_capped (fd, path, S_ISREG (st.st_mode), buffer, &filled, cancellable, error);
    close (fd);
    if (!ok) {
        wipe_buffer (buffer, filled);
        return FALSE;
    }
    *data = g_steal_pointer (&buffer);
    *length = filled;
    return TRUE;
}

static gboolean
load_from_file (VireoConsoleFile  *self,
                const char        *path,
                GCancellable      *cancellable,
                GError           **error)
{
    g_autofree char *data = NULL;
    g_autoptr(GKeyFile) key_file = NULL;
    gsize length = 0;

    g_assert (VIREO_IS_CONSOLE_FILE (self));
    g_assert (path != NULL);

    g_clear_pointer (&self->delete_error, g_free);
    if (!read_capped (path, &data, &length, cancellable, error))
        return FALSE;
    key_file = _vireo_console_file_parse_key_file (data, length, error);
    wipe_buffer (data, length);
    if (key_file == NULL)
        return FALSE;

    if (_vireo_console_file_wants_delete (key_file) && g_getenv (VIREO_CONSOLE_FILE_KEEP_ENV) == NULL &&
        g_unlink (path) != 0) {
        int saved_errno = errno;

        self->delete_error = g_strdup_printf (_("The connection file “%s” asked to be deleted "
                                                "once read, but it could not be: %s.  It may "
                                                "hold a password: delete it yourself."),
                                              path, g_strerror (saved_errno));
    }

    return _vireo_console_file_apply_key_file (self, key_file, TRUE, error);
}

typedef struct {
    char         *path;     /* NULL: read stream */
    GInputStream *stream;
} LoadData;

static void
load_data_free (LoadData *data)
{
    g_free (data->path);
    g_clear_object (&data->stream);
    g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
    LoadData *data = task_data;
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    gboolean ok;

    if (data->path != NULL)
        ok = load_from_file (file, data->path, cancellable, &error);
    else
        ok = vireo_console_file_load_from_stream (file, data->stream, cancellable, &error);
    if (!ok)
        g_task_return_error (task, g_steal_pointer (&error));
    else
        g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

static void
start_load (LoadData            *data,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
    g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

    g_task_set_source_tag (task, start_load);
    g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
    g_task_run_in_thread (task, load_thread);
}

/**
 * vireo_console_file_load_from_file:
 *
 * Loads a .vv file.  When it asks for it (delete-this-file), the file is deleted right
 * after it was parsed, also when a later check fails; see the top of this file.  The
 * file may be of any kind (a FIFO, a device): at most %VIREO_CONSOLE_FILE_MAX_SIZE
 * bytes are read, and one that is not a regular file must deliver them within a
 * timeout.  Blocks for that long at most: call vireo_console_file_new_from_file_async()
 * from a main loop.  A file that asked to be deleted but could not be is reported by
 * vireo_console_file_get_delete_error().
 */
gboolean
vireo_console_file_load_from_file (VireoConsoleFile *self, const char *path,
                                      GError **error)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    return load_from_file (self, path, NULL, error);
}

/**
 * vireo_console_file_load_from_stream:
 *
 * Reads a whole .vv file from @stream (standard input for `vireo-viewer -`), at most
 * %VIREO_CONSOLE_FILE_MAX_SIZE bytes, and loads it.  Blocks: call it in a worker
 * thread, or on a stream known to be short.
 */
gboolean
vireo_console_file_load_from_stream (VireoConsoleFile *self, GInputStream *stream,
                                        GCancellable *cancellable, GError **error)
{
    g_autofree char *buffer = NULL;
    gsize filled = 0;
    gboolean ok;

    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    buffer = g_malloc (VIREO_CONSOLE_FILE_MAX_SIZE + 1);
    for (;;) {
        g_autoptr(GError) local_error = NULL;
        gsize room = VIREO_CONSOLE_FILE_MAX_SIZE + 1 - filled;
        gssize got;

        if (room == 0) {
            wipe_buffer (buffer, filled);
            return _vireo_console_file_set_too_large (error);
        }
        if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            got = -1;
        else
            got = g_input_stream_read (stream, buffer + filled, room, cancellable,
                                       &local_error);
        if (got < 0) {
            wipe_buffer (buffer, filled);
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("Could not read the connection file: %s"), local_error->message);
            return FALSE;
        }
        if (got == 0)
            break;
        filled += got;
    }

    ok = vireo_console_file_load_from_data (self, buffer, filled, error);
    wipe_buffer (buffer, filled);
    return ok;
}

/**
 * vireo_console_file_new_from_file_async:
 *
 * Reads and loads @path in a worker thread, as vireo_console_file_load_from_file()
 * does (with its cap, its timeout and delete-this-file); the main loop never waits for
 * the file.
 */
void
vireo_console_file_new_from_file_async (const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
    LoadData *data;

    g_return_if_fail (path != NULL);

    data = g_new0 (LoadData, 1);
    data->path = g_strdup (path);
    start_load (data, cancellable, callback, user_data);
}

/**
 * vireo_console_file_new_from_stream_async:
 *
 * Reads and loads @stream (standard input) in a worker thread, as
 * vireo_console_file_load_from_stream() does.
 */
void
vireo_console_file_new_from_stream_async (GInputStream        *stream,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
    LoadData *data;

    g_return_if_fail (G_IS_INPUT_STREAM (stream));

    data = g_new0 (LoadData, 1);
    data->stream = g_object_ref (stream);
    start_load (data, cancellable, callback, user_data);
}

/**
 * vireo_console_file_new_finish:
 *
 * Returns: (transfer full): the loaded file of vireo_console_file_new_from_file_async()
 * or vireo_console_file_new_from_stream_async(), or %NULL with @error set.
 */
VireoConsoleFile *
vireo_console_file_new_finish (GAsyncResult  *result,
                               GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    g_return_val_if_fail (g_async_result_is_tagged (result, start_load), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vireo_console_file_get_delete_error:
 *
 * Returns: why the file that the last load read asked to be deleted (delete-this-file)
 * but could not be, as a sentence to show the user; %NULL when it was deleted or did
 * not ask.
 */
const char *
vireo_console_file_get_delete_error (VireoConsoleFile *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), NULL);

    return self->delete_error;
}
