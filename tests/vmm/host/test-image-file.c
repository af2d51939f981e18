/* test-image-file.c: image files copied, checked, overlaid
 *
 * Copies keep holes, allocate everything when asked, never write over a
 * file unless told to, leave nothing when cancelled (before or during the
 * copy) or when the disk is full, and count their bytes; checksums tell
 * copies apart; overlays name their backing file, which the qcow2 header
 * reader finds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <fcntl.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vireo-image-file.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

typedef struct {
    char *dir;
} Fixture;

static void
setup (Fixture *fx, gconstpointer data)
{
    fx->dir = vireo_test_mkdtemp ("vireo-image-XXXXXX");
}

static void
teardown (Fixture *fx, gconstpointer data)
{
    vireo_test_rmtree (fx->dir);
    g_free (fx->dir);
}

/* A file of @size bytes with @n_extents of @extent bytes of a pattern, one
 * at the start of each equal part; the rest holes. */
static char *
make_sparse (Fixture *fx, const char *name, guint64 size, guint n_extents, guint64 extent)
{
    char *path = g_build_filename (fx->dir, name, NULL);
    g_autofree guint8 *buffer = g_malloc (extent);
    int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    g_assert_cmpint (fd, >=, 0);
    for (guint i = 0; i < n_extents; i++) {
        memset (buffer, 0x41 + i, extent);
        g_assert_cmpint (pwrite (fd, buffer, extent, (off_t) (i * (size / n_extents))), ==,
                         (ssize_t) extent);
    }
    g_assert_cmpint (ftruncate (fd, (off_t) size), ==, 0);
    close (fd);
    return path;
}

static guint64
allocated (const char *path)
{
    struct stat st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    return (guint64) st.st_blocks * 512;
}

static guint
count_entries (const char *dir)
{
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (d && g_dir_read_name (d))
        n++;
    return n;
}

static void
assert_same_content (const char *a, const char *b)
{
    g_autofree char *ca = NULL;
    g_autofree char *cb = NULL;
    gsize la = 0, lb = 0;

    g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
    g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
    g_assert_cmpuint (la, ==, lb);
    g_assert_true (memcmp (ca, cb, la) == 0);
}

static void
test_sparse (Fixture *fx, gconstpointer data)
{
    g_autofree char *source = make_sparse (fx, "source.img", 64 * MIB, 2, MIB);
    g_autofree char *dest = g_build_filename (fx->dir, "copy.img", NULL);
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    g_autoptr(GError) error = NULL;
    struct stat st;

    g_assert_cmpuint (vireo_image_file_data_size (source, &error), ==, 2 * MIB);
    g_assert_no_error (error);
    g_assert_true (vireo_image_file_copy (source, dest, VIREO_IMAGE_COPY_NO_REFLINK, progress,
                                          NULL, &error));
    g_assert_no_error (error);
    assert_same_content (source, dest);
    g_assert_cmpint (g_stat (dest, &st), ==, 0);
    g_assert_cmpuint (st.st_size, ==, 64 * MIB);
    /* Holes stayed holes: about the two data extents are allocated. */
    g_assert_cmpuint (allocated (dest), <=, 4 * MIB);
    g_assert_cmpuint (vireo_progress_get_done (progress), ==, 2 * MIB);
    g_assert_cmpuint (st.st_mode & 0777, ==, 0644);
    /* Nothing but the two files. */
    g_assert_cmpuint (count_entries (fx->dir), ==, 2);
}

/* Zeros written into a file are data to SEEK_DATA, but the copy leaves
 * them as holes (on a local filesystem, where the copy reads and writes). */
static void
test_zero_blocks (Fixture *fx, gconstpointer data)
{
    g_autofree char *source = g_build_filename (fx->dir, "zeros.img", NULL);
    g_autofree char *dest = g_build_filename (fx->dir, "copy.img", NULL);
    g_autofree guint8 *block = g_malloc0 (8 * MIB);
    g_autoptr(GError) error = NULL;

    memset (block, 0x5a, MIB);   /* 1 MiB of data, then 7 MiB of zeros */
    g_assert_true (g_file_set_contents (source, (const char *) block, 8 * MIB, &error));
    g_assert_cmpuint (allocated (source), >=, 8 * MIB);
    g_assert_true (vireo_image_file_copy (source, dest, VIREO_IMAGE_COPY_NO_REFLINK, NULL,
                                          NULL, &error));
    g_assert_no_error (error);
    assert_same_content (source, dest);
    g_assert_cmpuint (allocated (dest), <=, 2 * MIB);
}

static void
test_allocate (Fixture *fx, gconstpointer data)
{
    g_autofree char *source = make_sparse (fx, "source.img", 16 * MIB, 1, MIB);
    g_autofree char *dest = g_build_filename (fx->dir, "full.img", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_image_file_copy (source, dest, VIREO_IMAGE_COPY_ALLOCATE, NULL, NULL,
                                          &error));
    g_assert_no_error (error);
    assert_same_content (source, dest);
    g_assert_cmpuint (allocated (dest), >=, 16 * MIB);
}

static void
test_exists (Fixture *fx, gconstpointer data)
{
    g_autofree char *source = make_sparse (fx, "source.img", 4 * MIB, 1, MIB);
    g_autofree char *dest = g_build_filename (fx->dir, "taken.img", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *content = NULL;

    g_assert_true (g_file_set_contents (dest, "keep me", -1, NULL));
    g_assert_false (vireo_image_file_copy (source, dest, 0, NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_assert_true (g_file_get_contents (dest, &content, NULL, NULL));
    g_assert_cmpstr (content, ==, "keep me");
    g_assert_cmpuint (count_entries (fx->dir), ==, 2);
    g_clear_error (&error);

    g_assert_true (vireo_image_file_copy (source, dest, VIREO_IMAGE_COPY_REPLACE, NULL, NULL,
                                          &error));
    g_assert_no_error (error);
    assert_same_content (source, dest);
}

static void
test_reflink_required (Fixture *fx, gconstpointer data)
{
    g_autofree char *source = make_sparse (fx, "source.img", 4 * MIB, 1, MIB);
    g_autofree char *dest = g_build_filename (fx->dir, "shared.img", NULL);
    g_autoptr(GError) error = NULL;
    int in = g_open (source, O_RDONLY, 0);
    g_autofree char *probe = g_build_filename (fx->dir, "probe", NULL);
    int out = g_open (probe, O_WRONLY | O_CREAT, 0600);
    gboolean can_share;

    /* Whether this filesystem shares blocks decides what REFLINK must do. */
    g_assert_cmpint (in, >=, 0);
    g_assert_cmpint (out, >=, 0);
    can_share = ioctl (out, FICLONE, in) == 0;
    close (in);
    close (out);
    g_unlink (probe);

    if (can_share) {
        g_assert_true (vireo_image_file_copy (source, dest, VIREO_IMAGE_COPY_REFLINK, NULL,
                                              NULL, &error));
        g_assert_no_error (error);
        assert_same_content (source, dest);
    } else {
        g_assert_false (vireo_image_file_copy (source, dest, VIREO_IMAGE_COPY_REFLINK, NULL,
                                               NULL, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
        g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
        g_assert_cmpuint (count_entries (fx->dir), ==, 1);
    }
}

static void
test_cancelled_before (Fixture *fx, gconstpointer data)
{
    g_autofree char *source = make_sparse (fx, "source.img", 4 * MIB, 1, MIB);
    g_autofree char *dest = g_build_filename (fx->dir, "never.img", NULL);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_false (vireo_image_file_copy (source, dest, 0, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (count_entries (fx->dir), ==, 1);
}

typedef struct {
    char          *source;
    char          *dest;
    VireoProgress *progress;
    GCancellable  *cancellable;
    GError        *error;
    gboolean       ok;
    gboolean       done;
} CopyJob;

static gpointer
copy_thread (gpointer user_data)
{
    CopyJob *job = user_data;

    job->ok = vireo_image_file_copy (job->source, job->dest, VIREO_IMAGE_COPY_NO_REFLINK,
                                     job->progress, job->cancellable, &job->error);
    g_atomic_int_set (&job->done, TRUE);
    g_main_context_wakeup (NULL);
    return NULL;
}

static void
cancel_on_progress_cb (VireoProgress *progress, GCancellable *cancellable)
{
    if (vireo_progress_get_done (progress) > 0)
        g_cancellable_cancel (cancellable);
}

static void
test_cancelled_during (Fixture *fx, gconstpointer data)
{
    /* Sixteen extents of a copy chunk each: the copy looks at Cancel after
     * each, and is cancelled at the first bytes it reports. */
    g_autofree char *source = make_sparse (fx, "big.img", 512 * MIB, 16, 16 * MIB);
    CopyJob job = { 0 };
    GThread *thread;

    job.source = source;
    job.dest = g_build_filename (fx->dir, "big-copy.img", NULL);
    job.progress = vireo_progress_new ();
    job.cancellable = g_cancellable_new ();
    g_signal_connect (job.progress, "changed", G_CALLBACK (cancel_on_progress_cb),
                      job.cancellable);
    thread = g_thread_new ("copy", copy_thread, &job);
    while (!g_atomic_int_get (&job.done))
        g_main_context_iteration (NULL, TRUE);
    g_thread_join (thread);

    g_assert_false (job.ok);
    g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (vireo_progress_get_done (job.progress), <, 256 * MIB);
    g_assert_false (g_file_test (job.dest, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (count_entries (fx->dir), ==, 1);
    g_clear_error (&job.error);
    g_free (job.dest);
    g_object_unref (job.progress);
    g_object_unref (job.cancellable);
}

static void
test_disk_full (Fixture *fx, gconstpointer data)
{
    g_autofree char *source = make_sparse (fx, "source.img", 8 * MIB, 1, 4 * MIB);
    g_autofree char *small = g_build_filename (fx->dir, "small", NULL);
    g_autofree char *dest = g_build_filename (small, "copy.img", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_mkdir (small, 0755), ==, 0);
    vireo_test_mount_tmpfs (small, 0, "size=1m");
    g_assert_false (vireo_image_file_copy (source, dest, 0, NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    g_assert_cmpuint (count_entries (small), ==, 0);
    vireo_test_umount (small);
}

static void
test_checksum (Fixture *fx, gconstpointer data)
{
    g_autofree char *a = make_sparse (fx, "a.img", 8 * MIB, 2, MIB);
    g_autofree char *b = g_build_filename (fx->dir, "b.img", NULL);
    g_autofree char *sum_a = NULL;
    g_autofree char *sum_b = NULL;
    g_autofree char *sum_c = NULL;
    g_autoptr(GError) error = NULL;
    int fd;

    g_assert_true (vireo_image_file_copy (a, b, 0, NULL, NULL, &error));
    sum_a = vireo_image_file_checksum (a, NULL, NULL, &error);
    g_assert_no_error (error);
    sum_b = vireo_image_file_checksum (b, NULL, NULL, &error);
    g_assert_cmpuint (strlen (sum_a), ==, 64);
    g_assert_cmpstr (sum_a, ==, sum_b);
    /* One byte changed in a hole changes it. */
    fd = g_open (b, O_WRONLY, 0);
    g_assert_cmpint (pwrite (fd, "x", 1, 6 * MIB), ==, 1);
    close (fd);
    sum_c = vireo_image_file_checksum (b, NULL, NULL, &error);
    g_assert_cmpstr (sum_a, !=, sum_c);
    g_assert_null (vireo_image_file_checksum ("/nonexistent/vireo.img", NULL, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
}

static void
test_overlay (Fixture *fx, gconstpointer data)
{
    g_autofree char *base = g_build_filename (fx->dir, "base.qcow2", NULL);
    g_autofree char *overlay = g_build_filename (fx->dir, "overlay.qcow2", NULL);
    g_autofree char *raw = make_sparse (fx, "raw.img", 4 * MIB, 1, MIB);
    g_autofree char *format = NULL;
    g_autofree char *backing = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    int status = 0;

    g_assert_true (g_spawn_command_line_sync (
        g_strdup_printf ("qemu-img create -q -f qcow2 %s 64M", base), NULL, NULL, &status,
        &error));
    g_assert_true (g_spawn_check_wait_status (status, &error));
    format = vireo_image_file_probe_format (base);
    g_assert_cmpstr (format, ==, "qcow2");
    g_clear_pointer (&format, g_free);
    format = vireo_image_file_probe_format (raw);
    g_assert_cmpstr (format, ==, "raw");
    g_assert_null (vireo_image_file_dup_backing (base));
    g_assert_null (vireo_image_file_dup_backing (raw));

    g_assert_true (vireo_image_file_create_overlay (base, "qcow2", overlay, &error));
    g_assert_no_error (error);
    backing = vireo_image_file_dup_backing (overlay);
    g_assert_cmpstr (backing, ==, base);
    g_assert_true (g_spawn_command_line_sync (
        g_strdup_printf ("qemu-img info %s", overlay), &out, NULL, &status, &error));
    g_assert_nonnull (strstr (out, "backing file format: qcow2"));

    /* A second overlay of that name is refused and the first one kept. */
    g_assert_false (vireo_image_file_create_overlay (base, "qcow2", overlay, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_pointer (&backing, g_free);
    backing = vireo_image_file_dup_backing (overlay);
    g_assert_cmpstr (backing, ==, base);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/vireo/image-file/" path, Fixture, NULL, setup, fn, teardown)
    ADD ("sparse", test_sparse);
    ADD ("zero-blocks", test_zero_blocks);
    ADD ("allocate", test_allocate);
    ADD ("exists", test_exists);
    ADD ("reflink-required", test_reflink_required);
    ADD ("cancelled-before", test_cancelled_before);
    ADD ("cancelled-during", test_cancelled_during);
    ADD ("disk-full", test_disk_full);
    ADD ("checksum", test_checksum);
    ADD ("overlay", test_overlay);
#undef ADD
    return g_test_run ();
}
