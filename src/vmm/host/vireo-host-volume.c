/* vireo-host-volume.c: volumes with their users; deletes and transfers that respect them
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-host-private.h"
#include "vireo-host-volume.h"
#include "vireo-libvirt-private.h"
#include "vireo-vmm-error.h"

#define PROGRESS_INTERVAL_US (100 * 1000)

/* A transfer's progress, reported on the caller's context. */
typedef struct {
    gatomicrefcount       refs;
    GMainContext         *context;
    VireoHostProgressFunc func;
    gpointer              data;
    GDestroyNotify        destroy;
    gint64                last_us;    /* worker thread only */
} Progress;

typedef struct {
    Progress *progress;
    guint64   done;
    guint64   total;
} ProgressUpdate;

typedef struct {
    VireoStorage *storage;
    char         *pool;
    char         *name;
    char         *format;
    char         *path;       /* delete, export: the volume; create, import: the answer */
    char         *backing;
    char         *source;     /* import */
    char         *dest;       /* export */
    guint64       capacity;
    gboolean      replace;
    GPtrArray    *volumes;
    Progress     *progress;
} VolumeCall;

/* Helpers */

/* Runs @func on @context from an idle source: g_main_context_invoke() would
 * run it at once in a worker thread that can acquire @context (the global
 * default one, between two iterations of its owner). */
static void
run_on_context (GMainContext  *context,
                GSourceFunc    func,
                gpointer       data,
                GDestroyNotify destroy)
{
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, func, data, destroy);
    g_source_set_static_name (source, "[vireo] transfer progress");
    g_source_attach (source, context);
}

static Progress *
progress_ref (Progress *progress)
{
    g_atomic_ref_count_inc (&progress->refs);
    return progress;
}

static gboolean
progress_free (gpointer user_data)
{
    Progress *progress = user_data;

    if (progress->destroy != NULL)
        progress->destroy (progress->data);
    g_main_context_unref (progress->context);
    g_free (progress);
    return G_SOURCE_REMOVE;
}

/* The last reference may go in the worker thread (a GTask's data is freed
 * where its last reference goes): the caller's data is then let go on its
 * own context. */
static void
progress_unref (Progress *progress)
{
    if (progress == NULL || !g_atomic_ref_count_dec (&progress->refs))
        return;
    if (g_main_context_is_owner (progress->context))
        progress_free (progress);
    else
        run_on_context (progress->context, progress_free, progress, NULL);
}

static Progress *
progress_new (VireoHostProgressFunc func,
              gpointer              data,
              GDestroyNotify        destroy)
{
    Progress *progress;

    if (func == NULL) {
        if (destroy != NULL)
            destroy (data);
        return NULL;
    }
    progress = g_new0 (Progress, 1);
    g_atomic_ref_count_init (&progress->refs);
    progress->context = g_main_context_ref_thread_default ();
    progress->func = func;
    progress->data = data;
    progress->destroy = destroy;
    return progress;
}

static gboolean
progress_dispatch (gpointer user_data)
{
    ProgressUpdate *update = user_data;

    update->progress->func (update->done, update->total, update->progress->data);
    return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer user_data)
{
    ProgressUpdate *update = user_data;

    progress_unref (update->progress);
    g_free (update);
}

/* A VireoStorageProgressFunc: passes the figures to the caller's context,
 * at most every PROGRESS_INTERVAL_US but always the last. */
static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
    Progress *progress = user_data;
    gint64 now = g_get_monotonic_time ();
    ProgressUpdate *update;

    if (now - progress->last_us < PROGRESS_INTERVAL_US && (total == 0 || done < total) &&
        done != 0)
        return;
    progress->last_us = now;
    update = g_new0 (ProgressUpdate, 1);
    update->progress = progress_ref (progress);
    update->done = done;
    update->total = total;
    run_on_context (progress->context, progress_dispatch, update, progress_update_free);
}

static void
volume_call_free (gpointer user_data)
{
    VolumeCall *call = user_data;

    g_clear_object (&call->storage);
    g_free (call->pool);
    g_free (call->name);
    g_free (call->format);
    g_free (call->path);
    g_free (call->backing);
    g_free (call->source);
    g_free (call->dest);
    g_clear_pointer (&call->volumes, g_ptr_array_unref);
    g_clear_pointer (&call->progress, progress_unref);
    g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VolumeCall, volume_call_free)

static VolumeCall *
volume_call_new (VireoConnection *connection,
                 const char      *pool)
{
    VolumeCall *call = g_new0 (VolumeCall, 1);
    VireoStorage *storage = vireo_connection_get_storage (connection);

    call->storage = storage != NULL ? g_object_ref (storage) : NULL;
    call->pool = g_strdup (pool);
    return call;
}

static gboolean
check_storage (VolumeCall *call,
               GError    **error)
{
    if (call->storage != NULL)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                 _("The connection is not open, so its storage cannot be reached."));
    return FALSE;
}

/* Disk users keyed by canonical paths. */
static GHashTable *
read_users (virConnectPtr conn,
            GError      **error)
{
    g_autoptr(GHashTable) users = _vireo_host_read_disk_users (conn, FALSE, error);
    g_autoptr(GHashTable) canonical = NULL;
    GHashTableIter iter;
    gpointer key, value;

    if (users == NULL)
        return NULL;
    canonical = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
    g_hash_table_iter_init (&iter, users);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        char *path = g_canonicalize_filename (key, "/");
        GPtrArray *names = g_hash_table_lookup (canonical, path);

        if (names == NULL) {
            g_hash_table_insert (canonical, path, g_ptr_array_ref (value));
            continue;
        }
        for (guint i = 0; i < ((GPtrArray *) value)->len; i++)
            g_ptr_array_add (names, g_strdup (((GPtrArray *) value)->pdata[i]));
        g_free (path);
    }
    return g_steal_pointer (&canonical);
}

static GStrv
users_of (GHashTable *users,
          const char *path)
{
    g_autofree char *canonical = g_canonicalize_filename (path, "/");
    GPtrArray *names = g_hash_table_lookup (users, canonical);
    g_autoptr(GStrvBuilder) builder = NULL;

    if (names == NULL || names->len == 0)
        return NULL;
    builder = g_strv_builder_new ();
    for (guint i = 0; i < names->len; i++)
        g_strv_builder_add (builder, names->pdata[i]);
    return g_strv_builder_end (builder);
}

/* FALSE with VIREO_VMM_ERROR_IN_USE when a VM uses @path; @format is a
 * sentence with the image's name and the VMs' names. */
static gboolean
check_unused (virConnectPtr conn,
              const char   *path,
              const char   *format,
              GError      **error)
{
    g_autoptr(GHashTable) users = read_users (conn, error);
    g_auto(GStrv) names = NULL;
    g_autofree char *base = NULL;
    g_autofree char *list = NULL;

    if (users == NULL)
        return FALSE;
    names = users_of (users, path);
    if (names == NULL)
        return TRUE;
    base = g_path_get_basename (path);
    list = g_strjoinv (", ", names);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_IN_USE, format, base, list);
#pragma GCC diagnostic pop
    return FALSE;
}

static gboolean
list_run (virConnectPtr conn,
          gpointer      user_data,
          GCancellable *cancellable,
          GError      **error)
{
    VolumeCall *call = user_data;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GHashTable) users = NULL;

    if (!check_storage (call, error))
        return FALSE;
    volumes = vireo_storage_list_volumes (call->storage, call->pool, error);
    if (volumes == NULL)
        return FALSE;
    users = read_users (conn, error);
    if (users == NULL)
        return FALSE;
    for (guint i = 0; i < volumes->len; i++) {
        VireoStorageVolumeInfo *info = volumes->pdata[i];

        g_strfreev (info->users);
        info->users = users_of (users, info->path);
    }
    call->volumes = g_steal_pointer (&volumes);
    return TRUE;
}

static gboolean
create_run (virConnectPtr conn,
            gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    VolumeCall *call = user_data;

    if (!check_storage (call, error))
        return FALSE;
    if (call->backing != NULL) {
        if (call->format != NULL && !g_str_equal (call->format, "qcow2")) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("A disk image over a backing image is in the format “qcow2”, not "
                           "“%s”."), call->format);
            return FALSE;
        }
        call->path = vireo_storage_create_backed_volume (call->storage, call->pool,
                                                         call->name, call->capacity,
                                                         call->backing, error);
    } else {
        call->path = vireo_storage_create_volume (call->storage, call->pool, call->name,
                                                  call->format, call->capacity, error);
    }
    return call->path != NULL;
}

static gboolean
delete_run (virConnectPtr conn,
            gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    VolumeCall *call = user_data;

    if (!check_storage (call, error))
        return FALSE;
    if (!check_unused (conn, call->path,
                       _("The disk image “%s” is used by %s, so it is not deleted. Remove it "
                         "from them first."), error))
        return FALSE;
    return vireo_storage_delete_volume (call->storage, call->path, error);
}

static gboolean
import_run (virConnectPtr conn,
            gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    VolumeCall *call = user_data;

    if (!check_storage (call, error))
        return FALSE;
    if (call->replace) {
        g_autoptr(GPtrArray) volumes = vireo_storage_list_volumes (call->storage, call->pool,
                                                                   error);

        if (volumes == NULL)
            return FALSE;
        for (guint i = 0; i < volumes->len; i++) {
            VireoStorageVolumeInfo *info = volumes->pdata[i];

            if (g_strcmp0 (info->name, call->name) == 0 &&
                !check_unused (conn, info->path,
                               _("The disk image “%s” is used by %s, so it is not replaced. "
                                 "Remove it from them first."), error))
                return FALSE;
        }
    }
    call->path = vireo_storage_import_volume (call->storage, call->pool, call->name,
                                              call->source, call->format, call->replace,
                                              call->progress ? progress_cb : NULL,
                                              call->progress, cancellable, error);
    return call->path != NULL;
}

static gboolean
export_run (virConnectPtr conn,
            gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    VolumeCall *call = user_data;

    if (!check_storage (call, error))
        return FALSE;
    return vireo_storage_export_volume (call->storage, call->path, call->dest, call->format,
                                        call->progress ? progress_cb : NULL, call->progress,
                                        cancellable, error);
}

/* Public API */

GPtrArray *
vireo_host_list_volumes (VireoConnection *connection,
                         const char      *pool,
                         GCancellable    *cancellable,
                         GError         **error)
{
    g_autoptr(VolumeCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    call = volume_call_new (connection, pool);
    if (!_vireo_host_call (connection, list_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->volumes);
}

void
vireo_host_list_volumes_async (VireoConnection    *connection,
                               const char         *pool,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    _vireo_host_call_async (connection, vireo_host_list_volumes_async, list_run,
                            volume_call_new (connection, pool), volume_call_free, cancellable,
                            callback, user_data);
}

GPtrArray *
vireo_host_list_volumes_finish (VireoConnection *connection,
                                GAsyncResult    *result,
                                GError         **error)
{
    VolumeCall *call = _vireo_host_call_finish (connection, result,
                                                vireo_host_list_volumes_async, error);

    return call != NULL ? g_steal_pointer (&call->volumes) : NULL;
}

static VolumeCall *
create_call_new (VireoConnection *connection,
                 const char      *pool,
                 const char      *name,
                 const char      *format,
                 guint64          capacity,
                 const char      *backing)
{
    VolumeCall *call = volume_call_new (connection, pool);

    call->name = g_strdup (name);
    call->format = g_strdup (format);
    call->capacity = capacity;
    call->backing = g_strdup (backing);
    return call;
}

char *
vireo_host_create_volume (VireoConnection *connection,
                          const char      *pool,
                          const char      *name,
                          const char      *format,
                          guint64          capacity,
                          const char      *backing,
                          GCancellable    *cancellable,
                          GError         **error)
{
    g_autoptr(VolumeCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    call = create_call_new (connection, pool, name, format, capacity, backing);
    if (!_vireo_host_call (connection, create_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->path);
}

void
vireo_host_create_volume_async (VireoConnection    *connection,
                                const char         *pool,
                                const char         *name,
                                const char         *format,
                                guint64             capacity,
                                const char         *backing,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    _vireo_host_call_async (connection, vireo_host_create_volume_async, create_run,
                            create_call_new (connection, pool, name, format, capacity, backing),
                            volume_call_free, cancellable, callback, user_data);
}

char *
vireo_host_create_volume_finish (VireoConnection *connection,
                                 GAsyncResult    *result,
                                 GError         **error)
{
    VolumeCall *call = _vireo_host_call_finish (connection, result,
                                                vireo_host_create_volume_async, error);

    return call != NULL ? g_steal_pointer (&call->path) : NULL;
}

gboolean
vireo_host_delete_volume (VireoConnection *connection,
                          const char      *path,
                          GCancellable    *cancellable,
                          GError         **error)
{
    g_autoptr(VolumeCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);

    call = volume_call_new (connection, NULL);
    call->path = g_strdup (path);
    return _vireo_host_call (connection, delete_run, call, cancellable, error);
}

void
vireo_host_delete_volume_async (VireoConnection    *connection,
                                const char         *path,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
    VolumeCall *call;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (path != NULL);

    call = volume_call_new (connection, NULL);
    call->path = g_strdup (path);
    _vireo_host_call_async (connection, vireo_host_delete_volume_async, delete_run, call,
                            volume_call_free, cancellable, callback, user_data);
}

gboolean
vireo_host_delete_volume_finish (VireoConnection *connection,
                                 GAsyncResult    *result,
                                 GError         **error)
{
    return _vireo_host_call_finish (connection, result, vireo_host_delete_volume_async,
                                    error) != NULL;
}

void
vireo_host_import_volume_async (VireoConnection      *connection,
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
                                gpointer              user_data)
{
    VolumeCall *call;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (source != NULL);

    call = volume_call_new (connection, pool);
    call->name = g_strdup (name);
    call->source = g_strdup (source);
    call->format = g_strdup (format);
    call->replace = replace;
    call->progress = progress_new (progress, progress_data, progress_destroy);
    _vireo_host_call_outcome_async (connection, vireo_host_import_volume_async, import_run,
                                    call, volume_call_free, cancellable, callback, user_data);
}

char *
vireo_host_import_volume_finish (VireoConnection *connection,
                                 GAsyncResult    *result,
                                 GError         **error)
{
    VolumeCall *call = _vireo_host_call_finish (connection, result,
                                                vireo_host_import_volume_async, error);

    return call != NULL ? g_steal_pointer (&call->path) : NULL;
}

void
vireo_host_export_volume_async (VireoConnection      *connection,
                                const char           *path,
                                const char           *dest,
                                const char           *format,
                                VireoHostProgressFunc progress,
                                gpointer              progress_data,
                                GDestroyNotify        progress_destroy,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
    VolumeCall *call;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (path != NULL);

    call = volume_call_new (connection, NULL);
    call->path = g_strdup (path);
    call->dest = g_strdup (dest);
    call->format = g_strdup (format);
    call->progress = progress_new (progress, progress_data, progress_destroy);
    _vireo_host_call_outcome_async (connection, vireo_host_export_volume_async, export_run,
                                    call, volume_call_free, cancellable, callback, user_data);
}

gboolean
vireo_host_export_volume_finish (VireoConnection *connection,
                                 GAsyncResult    *result,
                                 GError         **error)
{
    return _vireo_host_call_finish (connection, result, vireo_host_export_volume_async,
                                    error) != NULL;
}
