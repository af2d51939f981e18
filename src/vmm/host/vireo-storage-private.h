/* vireo-storage-private.h: what the storage implementations share for transfers
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-storage.h"

G_BEGIN_DECLS

/* A new empty file next to @dest, named ".NAME.vireo-partial-XXXXXX", that a
 * transfer writes before it takes @dest's place; its descriptor in *@fd.
 * NULL with an error saying why not. */
char     *_vireo_storage_open_partial   (const char   *dest,
                                         int          *fd,
                                         GError      **error);
/* Moves @partial to @dest: over what is there with @replace, else failing
 * with VIREO_VMM_ERROR_EXISTS when @dest exists.  @partial is removed
 * whatever happens. */
gboolean  _vireo_storage_commit_partial (const char   *partial,
                                         const char   *dest,
                                         gboolean      replace,
                                         GError      **error);
/* Copies @source into the open file @fd_out (holes in @source stay holes),
 * reporting progress; stops with G_IO_ERROR_CANCELLED when @cancellable is
 * cancelled.  @dest names @fd_out in messages. */
gboolean  _vireo_storage_copy_to_fd     (const char              *source,
                                         int                      fd_out,
                                         const char              *dest,
                                         VireoStorageProgressFunc progress,
                                         gpointer                 progress_data,
                                         GCancellable            *cancellable,
                                         GError                 **error);
/* Runs `qemu-img convert -p -O @format @source @dest`, reporting qemu-img's
 * progress as parts of 10,000; cancelling kills qemu-img. */
gboolean  _vireo_storage_qemu_img_convert (const char              *source,
                                           const char              *dest,
                                           const char              *format,
                                           VireoStorageProgressFunc progress,
                                           gpointer                 progress_data,
                                           GCancellable            *cancellable,
                                           GError                 **error);

G_END_DECLS
