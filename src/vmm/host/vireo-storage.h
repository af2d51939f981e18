/* vireo-storage.h: where a connection keeps disk images
 *
 * One interface, two implementations: VireoStorageLibvirt (libvirt's storage
 * pools, for system/session/remote) and VireoStorageDir (a directory under
 * the embedded root, images made and inspected with qemu-img, shown as a
 * pool named "default").  All methods may block: call them in worker threads
 * (the async wrappers do).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_STORAGE (vireo_storage_get_type ())
G_DECLARE_INTERFACE (VireoStorage, vireo_storage, VIREO, STORAGE, GObject)

typedef struct {
    char    *name;
    char    *path;           /* target directory, may be NULL */
    guint64  capacity;       /* bytes */
    guint64  allocation;
    guint64  available;
    gboolean active;
    char    *type;           /* libvirt's pool type: "dir", "fs", "netfs", "logical", ... */
    gboolean autostart;
    gboolean persistent;
} VireoStoragePoolInfo;

typedef struct {
    char    *name;
    char    *path;
    char    *format;         /* "qcow2", "raw", "vmdk", ... */
    guint64  capacity;       /* virtual size, bytes */
    guint64  allocation;     /* on disk, bytes */
    char    *backing;        /* the backing image's path, or NULL */
    GStrv    users;          /* VMs whose disks use it (vireo_host_list_volumes()); or NULL */
} VireoStorageVolumeInfo;

/* How far a transfer is: @done of @total bytes (@total 0: not known).
 * Called in the worker thread that transfers. */
typedef void (*VireoStorageProgressFunc) (guint64  done,
                                          guint64  total,
                                          gpointer user_data);

void vireo_storage_pool_info_free   (VireoStoragePoolInfo *info);
void vireo_storage_volume_info_free (VireoStorageVolumeInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoStoragePoolInfo, vireo_storage_pool_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoStorageVolumeInfo, vireo_storage_volume_info_free)

struct _VireoStorageInterface {
    GTypeInterface parent_iface;

    GPtrArray *(*list_pools)     (VireoStorage *self, GError **error);
    GPtrArray *(*list_volumes)   (VireoStorage *self, const char *pool, GError **error);
    /* Returns the new volume's path. */
    char      *(*create_volume)  (VireoStorage *self, const char *pool, const char *name,
                                  const char *format, guint64 capacity, GError **error);
    gboolean   (*delete_volume)  (VireoStorage *self, const char *path, GError **error);
    VireoStorageVolumeInfo *(*query_volume_info) (VireoStorage *self, const char *path,
                                                  GError **error);
    /* Name of the pool new disks go to; creates it when missing. */
    char      *(*ensure_default_pool) (VireoStorage *self, GError **error);
    /* A qcow2 volume over @backing (its format read from it); @capacity 0:
     * the backing image's size. */
    char      *(*create_backed_volume) (VireoStorage *self, const char *pool,
                                        const char *name, guint64 capacity,
                                        const char *backing, GError **error);
    /* A new volume @name holding the image in the local file @source,
     * copied as it is (@format NULL) or converted; with @replace a volume
     * of that name is replaced.  What a failed or cancelled import made is
     * removed.  Returns the volume's path. */
    char      *(*import_volume)  (VireoStorage *self, const char *pool, const char *name,
                                  const char *source, const char *format, gboolean replace,
                                  VireoStorageProgressFunc progress, gpointer progress_data,
                                  GCancellable *cancellable, GError **error);
    /* Writes the volume at @path to the local file @dest (replaced when it
     * exists), as it is (@format NULL) or converted; a failed or cancelled
     * export leaves no file. */
    gboolean   (*export_volume)  (VireoStorage *self, const char *path, const char *dest,
                                  const char *format,
                                  VireoStorageProgressFunc progress, gpointer progress_data,
                                  GCancellable *cancellable, GError **error);
};

/* Array of VireoStoragePoolInfo*. */
GPtrArray *vireo_storage_list_pools      (VireoStorage *self, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* Array of VireoStorageVolumeInfo*; @pool NULL means the default pool. */
GPtrArray *vireo_storage_list_volumes    (VireoStorage *self, const char *pool,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Fails with VIREO_VMM_ERROR_NO_SPACE when the pool's disk cannot hold
 * @capacity (qcow2 checked against a preallocation-free minimum), and with
 * EXISTS when the name is taken; nothing is left behind on failure. */
char      *vireo_storage_create_volume   (VireoStorage *self, const char *pool,
                                          const char *name, const char *format,
                                          guint64 capacity, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
gboolean   vireo_storage_delete_volume   (VireoStorage *self, const char *path,
                                          GError **error);
VireoStorageVolumeInfo *vireo_storage_query_volume_info (VireoStorage *self,
                                                         const char *path,
                                                         GError **error) G_GNUC_WARN_UNUSED_RESULT;
char      *vireo_storage_ensure_default_pool (VireoStorage *self, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* Blocking, as the interface's methods above: call them in a worker thread
 * (vireo-host-volume.h has the async forms the host window uses).  Volume
 * names are checked with vireo_storage_validate_volume_name(). */
char      *vireo_storage_create_backed_volume (VireoStorage *self, const char *pool,
                                               const char *name, guint64 capacity,
                                               const char *backing, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
char      *vireo_storage_import_volume   (VireoStorage            *self,
                                          const char              *pool,
                                          const char              *name,
                                          const char              *source,
                                          const char              *format,
                                          gboolean                 replace,
                                          VireoStorageProgressFunc progress,
                                          gpointer                 progress_data,
                                          GCancellable            *cancellable,
                                          GError                 **error)
    G_GNUC_WARN_UNUSED_RESULT;
gboolean   vireo_storage_export_volume   (VireoStorage            *self,
                                          const char              *path,
                                          const char              *dest,
                                          const char              *format,
                                          VireoStorageProgressFunc progress,
                                          gpointer                 progress_data,
                                          GCancellable            *cancellable,
                                          GError                 **error);

/* Async forms: each runs its sync method in a GTask worker thread. */
void       vireo_storage_list_pools_async     (VireoStorage *self, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *vireo_storage_list_pools_finish    (VireoStorage *self, GAsyncResult *result,
                                               GError **error) G_GNUC_WARN_UNUSED_RESULT;
void       vireo_storage_list_volumes_async   (VireoStorage *self, const char *pool,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *vireo_storage_list_volumes_finish  (VireoStorage *self, GAsyncResult *result,
                                               GError **error) G_GNUC_WARN_UNUSED_RESULT;
void       vireo_storage_create_volume_async  (VireoStorage *self, const char *pool,
                                               const char *name, const char *format,
                                               guint64 capacity, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
char      *vireo_storage_create_volume_finish (VireoStorage *self, GAsyncResult *result,
                                               GError **error) G_GNUC_WARN_UNUSED_RESULT;
void       vireo_storage_delete_volume_async  (VireoStorage *self, const char *path,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
gboolean   vireo_storage_delete_volume_finish (VireoStorage *self, GAsyncResult *result,
                                               GError **error);
void       vireo_storage_query_volume_info_async (VireoStorage *self, const char *path,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);
VireoStorageVolumeInfo *vireo_storage_query_volume_info_finish (VireoStorage *self,
                                                                GAsyncResult *result,
                                                                GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
void       vireo_storage_ensure_default_pool_async  (VireoStorage *self,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
char      *vireo_storage_ensure_default_pool_finish (VireoStorage *self, GAsyncResult *result,
                                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The two implementations. */
#define VIREO_TYPE_STORAGE_DIR (vireo_storage_dir_get_type ())
G_DECLARE_FINAL_TYPE (VireoStorageDir, vireo_storage_dir, VIREO, STORAGE_DIR, GObject)
#define VIREO_TYPE_STORAGE_LIBVIRT (vireo_storage_libvirt_get_type ())
G_DECLARE_FINAL_TYPE (VireoStorageLibvirt, vireo_storage_libvirt, VIREO, STORAGE_LIBVIRT,
                      GObject)

/* The name of the one pool a VireoStorageDir shows. */
#define VIREO_STORAGE_DIR_POOL "default"
/* Free space a new qcow2 image needs at least (it starts small and grows). */
#define VIREO_STORAGE_QCOW2_MIN_FREE (4 * 1024 * 1024)

VireoStorage *vireo_storage_dir_new     (const char *directory) G_GNUC_WARN_UNUSED_RESULT;
const char   *vireo_storage_dir_get_directory (VireoStorageDir *self);

/* Keeps a weak reference to @connection and uses its handle while it is
 * open. */
VireoStorage *vireo_storage_libvirt_new (VireoConnection *connection) G_GNUC_WARN_UNUSED_RESULT;
/* For tools and tests holding a bare virConnectPtr: takes a reference on
 * @handle (virConnectRef) for the storage's lifetime. */
VireoStorage *vireo_storage_libvirt_new_for_handle (gpointer handle) G_GNUC_WARN_UNUSED_RESULT;

/* Rejects names that are not a plain file name ("", ".", "..", "a/b", ...). */
gboolean      vireo_storage_validate_volume_name (const char *name, GError **error);
/* Accepts the formats new volumes can have: "qcow2" and "raw". */
gboolean      vireo_storage_validate_format      (const char *format, GError **error);

G_END_DECLS
