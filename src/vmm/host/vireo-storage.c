/* vireo-storage.c: where a connection keeps disk images (the interface)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-storage.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef enum {
    OP_LIST_POOLS,
    OP_LIST_VOLUMES,
    OP_CREATE_VOLUME,
    OP_DELETE_VOLUME,
    OP_QUERY_VOLUME_INFO,
    OP_ENSURE_DEFAULT_POOL,
} StorageOp;

/* What an async call hands to its worker thread, and what it gets back. */
typedef struct {
    VireoStorage  *storage;
    StorageOp      op;
    char          *pool;
    char          *name;
    char          *format;
    char          *path;
    guint64        capacity;
    gpointer       result;
    GDestroyNotify result_free;
} StorageCall;

G_DEFINE_INTERFACE (VireoStorage, vireo_storage, G_TYPE_OBJECT)

/* Helpers */

static void
storage_call_free (gpointer user_data)
{
    StorageCall *call = user_data;

    g_object_unref (call->storage);
    g_free (call->pool);
    g_free (call->name);
    g_free (call->format);
    g_free (call->path);
    if (call->result != NULL && call->result_free != NULL)
        call->result_free (call->result);
    g_free (call);
}

static gboolean
check_method (VireoStorage *self,
              gconstpointer method,
              GError      **error)
{
    if (method != NULL)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                 _("This storage does not offer that operation."));
    return FALSE;
}

static gboolean
storage_call_run (gpointer      user_data,
                  GCancellable *cancellable,
                  GError      **error)
{
    StorageCall *call = user_data;
    VireoStorage *self = call->storage;


    switch (call->op) {
    case OP_LIST_POOLS:
        call->result = vireo_storage_list_pools (self, error);
        call->result_free = (GDestroyNotify) g_ptr_array_unref;
        break;
    case OP_LIST_VOLUMES:
        call->result = vireo_storage_list_volumes (self, call->pool, error);
        call->result_free = (GDestroyNotify) g_ptr_array_unref;
        break;
    case OP_CREATE_VOLUME:
        call->result = vireo_storage_create_volume (self, call->pool, call->name, call->format,
                                                    call->capacity, error);
        call->result_free = g_free;
        break;
    case OP_DELETE_VOLUME:
        return vireo_storage_delete_volume (self, call->path, error);
    case OP_QUERY_VOLUME_INFO:
        call->result = vireo_storage_query_volume_info (self, call->path, error);
        call->result_free = (GDestroyNotify) vireo_storage_volume_info_free;
        break;
    case OP_ENSURE_DEFAULT_POOL:
        call->result = vireo_storage_ensure_default_pool (self, error);
        call->result_free = g_free;
        break;
    default:
        g_assert_not_reached ();
    }
    return call->result != NULL;
}

static const VireoWorkerOps storage_call_ops = {
    .run = storage_call_run,
    .free_data = storage_call_free,
    .check_cancellable = TRUE,
};

static StorageCall *
storage_call_new (VireoStorage *self,
                  StorageOp     op)
{
    StorageCall *call = g_new0 (StorageCall, 1);

    call->storage = g_object_ref (self);
    call->op = op;
    return call;
}

static void
run_call (VireoStorage       *self,
          StorageCall        *call,
          gpointer            source_tag,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
    vireo_worker_run_async (self, source_tag, &storage_call_ops, call, cancellable, callback,
                            user_data);
}

static gpointer
finish_pointer (VireoStorage *self,
                GAsyncResult *result,
                gpointer      source_tag,
                GError      **error)
{
    StorageCall *call = vireo_worker_finish (self, result, source_tag, error);

    return call != NULL ? g_steal_pointer (&call->result) : NULL;
}

/* Overrides */

static void
vireo_storage_default_init (VireoStorageInterface *iface)
{
}

/* Public API */

void
vireo_storage_pool_info_free (VireoStoragePoolInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->path);
    g_free (info->type);
    g_free (info);
}

void
vireo_storage_volume_info_free (VireoStorageVolumeInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->path);
    g_free (info->format);
    g_free (info->backing);
    g_strfreev (info->users);
    g_free (info);
}

gboolean
vireo_storage_validate_volume_name (const char *name,
                                    GError    **error)
{
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (name == NULL || *name == '\0') {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The disk image needs a name."));
        return FALSE;
    }
    if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0 || strchr (name, '/') != NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("“%s” cannot name a disk image: use a plain file name, without "
                       "“/”, other than “.” and “..”."), name);
        return FALSE;
    }
    if (strlen (name) > 255) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The name of the disk image is too long: it can have at most 255 "
                       "bytes."));
        return FALSE;
    }
    if (!g_utf8_validate (name, -1, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The name of the disk image is not valid text."));
        return FALSE;
    }
    for (const char *p = name; *p != '\0'; p++) {
        if (g_ascii_iscntrl (*p)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("The name of the disk image contains a control character such as "
                           "a line break."));
            return FALSE;
        }
    }
    return TRUE;
}

gboolean
vireo_storage_validate_format (const char *format,
                               GError    **error)
{
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (g_strcmp0 (format, "qcow2") == 0 || g_strcmp0 (format, "raw") == 0)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                 _("New disk images can be in the format “qcow2” or “raw”, not “%s”."),
                 format ? format : "");
    return FALSE;
}

GPtrArray *
vireo_storage_list_pools (VireoStorage *self,
                          GError      **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->list_pools, error))
        return NULL;
    return iface->list_pools (self, error);
}

GPtrArray *
vireo_storage_list_volumes (VireoStorage *self,
                            const char   *pool,
                            GError      **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->list_volumes, error))
        return NULL;
    return iface->list_volumes (self, pool, error);
}

char *
vireo_storage_create_volume (VireoStorage *self,
                             const char   *pool,
                             const char   *name,
                             const char   *format,
                             guint64       capacity,
                             GError      **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->create_volume, error))
        return NULL;
    if (!vireo_storage_validate_volume_name (name, error))
        return NULL;
    if (!vireo_storage_validate_format (format ? format : "qcow2", error))
        return NULL;
    if (capacity == 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The disk image “%s” needs a size greater than zero."), name);
        return NULL;
    }
    return iface->create_volume (self, pool, name, format ? format : "qcow2", capacity, error);
}

gboolean
vireo_storage_delete_volume (VireoStorage *self,
                             const char   *path,
                             GError      **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->delete_volume, error))
        return FALSE;
    return iface->delete_volume (self, path, error);
}

VireoStorageVolumeInfo *
vireo_storage_query_volume_info (VireoStorage *self,
                                 const char   *path,
                                 GError      **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), NULL);
    g_return_val_if_fail (path != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->query_volume_info, error))
        return NULL;
    return iface->query_volume_info (self, path, error);
}

char *
vireo_storage_ensure_default_pool (VireoStorage *self,
                                   GError      **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->ensure_default_pool, error))
        return NULL;
    return iface->ensure_default_pool (self, error);
}

char *
vireo_storage_create_backed_volume (VireoStorage *self,
                                    const char   *pool,
                                    const char   *name,
                                    guint64       capacity,
                                    const char   *backing,
                                    GError      **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->create_backed_volume, error))
        return NULL;
    if (!vireo_storage_validate_volume_name (name, error))
        return NULL;
    if (backing == NULL || !g_path_is_absolute (backing)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The disk image “%s” needs the full path of its backing image."), name);
        return NULL;
    }
    return iface->create_backed_volume (self, pool, name, capacity, backing, error);
}

char *
vireo_storage_import_volume (VireoStorage            *self,
                             const char              *pool,
                             const char              *name,
                             const char              *source,
                             const char              *format,
                             gboolean                 replace,
                             VireoStorageProgressFunc progress,
                             gpointer                 progress_data,
                             GCancellable            *cancellable,
                             GError                 **error)
{
    VireoStorageInterface *iface;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), NULL);
    g_return_val_if_fail (source != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->import_volume, error))
        return NULL;
    if (!vireo_storage_validate_volume_name (name, error))
        return NULL;
    if (format != NULL && !vireo_storage_validate_format (format, error))
        return NULL;
    if (!g_file_test (source, G_FILE_TEST_IS_REGULAR)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("There is no file %s to import."), source);
        return NULL;
    }
    return iface->import_volume (self, pool, name, source, format, replace, progress,
                                 progress_data, cancellable, error);
}

gboolean
vireo_storage_export_volume (VireoStorage            *self,
                             const char              *path,
                             const char              *dest,
                             const char              *format,
                             VireoStorageProgressFunc progress,
                             gpointer                 progress_data,
                             GCancellable            *cancellable,
                             GError                 **error)
{
    VireoStorageInterface *iface;
    g_autofree char *parent = NULL;

    g_return_val_if_fail (VIREO_IS_STORAGE (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    iface = VIREO_STORAGE_GET_IFACE (self);
    if (!check_method (self, iface->export_volume, error))
        return FALSE;
    if (format != NULL && !vireo_storage_validate_format (format, error))
        return FALSE;
    if (dest == NULL || !g_path_is_absolute (dest) || g_file_test (dest, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("Exports go to a file, named with its full path."));
        return FALSE;
    }
    parent = g_path_get_dirname (dest);
    if (!g_file_test (parent, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("There is no folder %s to export to."), parent);
        return FALSE;
    }
    return iface->export_volume (self, path, dest, format, progress, progress_data,
                                 cancellable, error);
}

void
vireo_storage_list_pools_async (VireoStorage       *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
    StorageCall *call;

    g_return_if_fail (VIREO_IS_STORAGE (self));

    call = storage_call_new (self, OP_LIST_POOLS);
    run_call (self, call, vireo_storage_list_pools_async, cancellable, callback, user_data);
}

GPtrArray *
vireo_storage_list_pools_finish (VireoStorage *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
    return finish_pointer (self, result, vireo_storage_list_pools_async, error);
}

void
vireo_storage_list_volumes_async (VireoStorage       *self,
                                  const char         *pool,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
    StorageCall *call;

    g_return_if_fail (VIREO_IS_STORAGE (self));

    call = storage_call_new (self, OP_LIST_VOLUMES);
    call->pool = g_strdup (pool);
    run_call (self, call, vireo_storage_list_volumes_async, cancellable, callback, user_data);
}

GPtrArray *
vireo_storage_list_volumes_finish (VireoStorage *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
    return finish_pointer (self, result, vireo_storage_list_volumes_async, error);
}

void
vireo_storage_create_volume_async (VireoStorage       *self,
                                   const char         *pool,
                                   const char         *name,
                                   const char         *format,
                                   guint64             capacity,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
    StorageCall *call;

    g_return_if_fail (VIREO_IS_STORAGE (self));

    call = storage_call_new (self, OP_CREATE_VOLUME);
    call->pool = g_strdup (pool);
    call->name = g_strdup (name);
    call->format = g_strdup (format);
    call->capacity = capacity;
    run_call (self, call, vireo_storage_create_volume_async, cancellable, callback, user_data);
}

char *
vireo_storage_create_volume_finish (VireoStorage *self,
                                    GAsyncResult *result,
                                    GError      **error)
{
    return finish_pointer (self, result, vireo_storage_create_volume_async, error);
}

void
vireo_storage_delete_volume_async (VireoStorage       *self,
                                   const char         *path,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
    StorageCall *call;

    g_return_if_fail (VIREO_IS_STORAGE (self));
    g_return_if_fail (path != NULL);

    call = storage_call_new (self, OP_DELETE_VOLUME);
    call->path = g_strdup (path);
    run_call (self, call, vireo_storage_delete_volume_async, cancellable, callback, user_data);
}

gboolean
vireo_storage_delete_volume_finish (VireoStorage *self,
                                    GAsyncResult *result,
                                    GError      **error)
{
    return vireo_worker_finish (self, result, vireo_storage_delete_volume_async, error) != NULL;
}

void
vireo_storage_query_volume_info_async (VireoStorage       *self,
                                       const char         *path,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
    StorageCall *call;

    g_return_if_fail (VIREO_IS_STORAGE (self));
    g_return_if_fail (path != NULL);

    call = storage_call_new (self, OP_QUERY_VOLUME_INFO);
    call->path = g_strdup (path);
    run_call (self, call, vireo_storage_query_volume_info_async, cancellable, callback,
              user_data);
}

VireoStorageVolumeInfo *
vireo_storage_query_volume_info_finish (VireoStorage *self,
                                        GAsyncResult *result,
                                        GError      **error)
{
    return finish_pointer (self, result, vireo_storage_query_volume_info_async, error);
}

void
vireo_storage_ensure_default_pool_async (VireoStorage       *self,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
    StorageCall *call;

    g_return_if_fail (VIREO_IS_STORAGE (self));

    call = storage_call_new (self, OP_ENSURE_DEFAULT_POOL);
    run_call (self, call, vireo_storage_ensure_default_pool_async, cancellable, callback,
              user_data);
}

char *
vireo_storage_ensure_default_pool_finish (VireoStorage *self,
                                          GAsyncResult *result,
                                          GError      **error)
{
    return finish_pointer (self, result, vireo_storage_ensure_default_pool_async, error);
}
