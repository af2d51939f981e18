/* vireo-image-file.h: disk image files on this computer: copy, checksum, overlay
 *
 * What clone and move do with the images of the embedded root's folder and
 * of local pools, in the calling thread (call them from workers):
 *
 * - a copy writes a partial file beside its destination
 *   (".NAME.vireo-partial-XXXXXX") that takes the destination's place only
 *   once complete and synced, so a failed or cancelled copy leaves nothing;
 *   it shares the source's blocks where the filesystem can (FICLONE:
 *   btrfs, XFS), and otherwise copies only the source's data extents
 *   (SEEK_DATA), holes staying holes: on a network filesystem in the kernel
 *   (copy_file_range, which the server may do itself), elsewhere by reading
 *   and writing, so that all-zero blocks inside the data become holes too;
 * - a checksum reads a whole file (SHA-256), to verify a copy;
 * - an overlay is a new qcow2 image over a backing file (qemu-img).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-progress.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_IMAGE_COPY_DEFAULT    = 0,        /* sparse; blocks shared where possible */
    VIREO_IMAGE_COPY_ALLOCATE   = 1 << 0,   /* every byte allocated (not sparse) */
    VIREO_IMAGE_COPY_REFLINK    = 1 << 1,   /* blocks must be shared: fail where they cannot */
    VIREO_IMAGE_COPY_NO_REFLINK = 1 << 2,   /* never share blocks */
    VIREO_IMAGE_COPY_REPLACE    = 1 << 3,   /* the destination may exist: replaced at the end */
    VIREO_IMAGE_COPY_NO_SYNC    = 1 << 4,   /* the caller syncs the copy (vireo_image_file_sync) */
} VireoImageCopyFlags;

/* The bytes of @path's data (its allocated extents; a block device's whole
 * size): what a copy reads.  0 with @error set when it cannot be read. */
guint64   vireo_image_file_data_size   (const char   *path,
                                        GError      **error);

/* Copies @source to @dest (a new file unless REPLACE; its mode the
 * source's, writable by its owner).  @progress (may be NULL) gets the
 * bytes copied added to its done count.  G_IO_ERROR_CANCELLED when
 * @cancellable is cancelled; VIREO_VMM_ERROR_EXISTS when @dest exists
 * without REPLACE; VIREO_VMM_ERROR_UNSUPPORTED for REFLINK where the
 * filesystem cannot share blocks. */
gboolean  vireo_image_file_copy        (const char          *source,
                                        const char          *dest,
                                        VireoImageCopyFlags  flags,
                                        VireoProgress       *progress,
                                        GCancellable        *cancellable,
                                        GError             **error);

/* Waits until @path's data is on its disk (fdatasync).  FALSE with @error
 * set when it cannot be. */
gboolean  vireo_image_file_sync        (const char          *path,
                                        GError             **error);

/* The SHA-256 of @path's content as 64 hex digits; @progress (may be
 * NULL) gets the bytes read added. */
char     *vireo_image_file_checksum    (const char    *path,
                                        VireoProgress *progress,
                                        GCancellable  *cancellable,
                                        GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* A new qcow2 image at @dest over @backing (of @backing_format: "qcow2",
 * "raw"), the size of the backing image; nothing left on failure. */
gboolean  vireo_image_file_create_overlay (const char  *backing,
                                           const char  *backing_format,
                                           const char  *dest,
                                           GError     **error);

/* A new qcow2 image at @dest holding the state of @source's internal
 * snapshot @snapshot (qemu-img convert -l), read even while a VM holds
 * @source; cancelling stops qemu-img; nothing is left on failure. */
gboolean  vireo_image_file_convert_snapshot (const char    *source,
                                             const char    *snapshot,
                                             const char    *dest,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* The backing file named in @path's qcow2 header (made absolute against
 * @path's folder), or NULL when it has none or is not qcow2.  Reads 64 KiB
 * at most; never fails. */
char     *vireo_image_file_dup_backing (const char *path) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE when the qcow2 image @path keeps an internal snapshot named @name
 * (read from its header; never fails). */
gboolean  vireo_image_file_has_snapshot (const char *path,
                                         const char *name);

/* Removes the internal snapshot @name from the qcow2 image @path
 * (qemu-img snapshot -d), which no VM may have open. */
gboolean  vireo_image_file_delete_snapshot (const char  *path,
                                            const char  *name,
                                            GError     **error);

/* "qcow2" when @path starts with qcow2's magic, else "raw"; NULL when it
 * cannot be read. */
char     *vireo_image_file_probe_format (const char *path) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
