/* vireo-host-volume.h: volumes as the host window manages them, with the VMs that use them
 *
 * These work on the connection's VireoStorage (libvirt's pools, or the
 * embedded root's image folder) and add what the storage itself does not
 * know: which VMs use a volume (their disks and the disks' backing chains,
 * running or not), so that a volume in use is neither deleted nor
 * replaced; and transfers that report their progress on the caller's main
 * context.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-storage.h"
#include "vireo-vmm-types.h"

G_BEGIN_DECLS

/* The volumes of @pool (NULL: the default one), array of
 * VireoStorageVolumeInfo* with their users filled. */
GPtrArray *vireo_host_list_volumes         (VireoConnection    *connection,
                                            const char         *pool,
                                            GCancellable       *cancellable,
                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void       vireo_host_list_volumes_async   (VireoConnection    *connection,
                                            const char         *pool,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray *vireo_host_list_volumes_finish  (VireoConnection    *connection,
                                            GAsyncResult       *result,
                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* A new volume: @format "qcow2" or "raw" of @capacity bytes; or, with
 * @backing (the path of an image of the same storage), a qcow2 volume over
 * it (@capacity 0: the backing image's size).  Returns its path. */
char      *vireo_host_create_volume        (VireoConnection    *connection,
                                            const char         *pool,
                                            const char         *name,
                                            const char         *format,
                                            guint64             capacity,
                                            const char         *backing,
                                            GCancellable       *cancellable,
                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void       vireo_host_create_volume_async  (VireoConnection    *connection,
                                            const char         *pool,
                                            const char         *name,
                                            const char         *format,
                                            guint64             capacity,
                                            const char         *backing,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
char      *vireo_host_create_volume_finish (VireoConnection    *connection,
                                            GAsyncResult       *result,
                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* Deletes the volume at @path unless a VM uses it: then it fails with
 * VIREO_VMM_ERROR_IN_USE, naming the VMs. */
gboolean   vireo_host_delete_volume        (VireoConnection    *connection,
                                            const char         *path,
                                            GCancellable       *cancellable,
                                            GError            **error);
void       vireo_host_delete_volume_async  (VireoConnection    *connection,
                                            const char         *path,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean   vireo_host_delete_volume_finish (VireoConnection    *connection,
                                            GAsyncResult       *result,
                                            GError            **error);

/* Progress of a transfer on the main context of the call that started it:
 * @done of @total bytes (@total 0: not known).  Called at most ten times a
 * second, and always before the call's callback. */
typedef void (*VireoHostProgressFunc) (guint64  done,
                                       guint64  total,
                                       gpointer user_data);

/* Imports (uploads, on libvirt's pools) the local file @source as the
 * volume @name of @pool: copied as it is (@format NULL), or converted to
 * "qcow2" or "raw" (the image folder only).  With @replace a volume of that
 * name is replaced, unless a VM uses it (VIREO_VMM_ERROR_IN_USE).
 * Cancelling stops the transfer and removes what it made.  Returns the
 * volume's path. */
void       vireo_host_import_volume_async  (VireoConnection      *connection,
                                            const char           *pool,
                                            const char           *name,
                                            const char           *source,
                                            const char           *format,
                                            gboolean              replace,
                                            VireoHostProgressFunc progress,
                                            gpointer              progress_data,
                                            GDestroyNotify        progress_destroy,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char      *vireo_host_import_volume_finish (VireoConnection      *connection,
                                            GAsyncResult         *result,
                                            GError              **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* Exports (downloads, from libvirt's pools) the volume at @path to the
 * local file @dest, replaced when it exists: as it is (@format NULL) or
 * converted (the image folder only).  Cancelling leaves no file. */
void       vireo_host_export_volume_async  (VireoConnection      *connection,
                                            const char           *path,
                                            const char           *dest,
                                            const char           *format,
                                            VireoHostProgressFunc progress,
                                            gpointer              progress_data,
                                            GDestroyNotify        progress_destroy,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean   vireo_host_export_volume_finish (VireoConnection      *connection,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
