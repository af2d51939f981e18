/* vireo-storage-dir.c: disk images in one directory, made with qemu-img
 *
 * The embedded connection has no libvirt storage driver, so Vireo keeps its
 * images in a directory of its own (ROOT/images) and shows it as one pool,
 * "default".  Images are created and inspected by running qemu-img.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vireo-storage.h"
#include "vireo-storage-private.h"
#include "vireo-vmm-error.h"

struct _VireoStorageDir {
    GObject parent_instance;

    /* owned */
    char *directory;
};

enum {
    PROP_0,
    PROP_DIRECTORY,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vireo_storage_dir_storage_init (VireoStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoStorageDir, vireo_storage_dir, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_STORAGE,
                                                      vireo_storage_dir_storage_init))

/* Helpers */

static gboolean
ensure_directory (VireoStorageDir *self,
                  GError         **error)
{
    int saved_errno;

    if (g_mkdir_with_parents (self->directory, 0700) == 0)
        return TRUE;
    saved_errno = errno;
    g_set_error (error, VIREO_VMM_ERROR,
                 saved_errno == ENOSPC ? VIREO_VMM_ERROR_NO_SPACE : VIREO_VMM_ERROR_FAILED,
                 _("The folder %s for disk images could not be created: %s."),
                 self->directory, g_strerror (saved_errno));
    return FALSE;
}

static gboolean
check_pool_name (const char *pool,
                 GError    **error)
{
    if (pool == NULL || g_strcmp0 (pool, VIREO_STORAGE_DIR_POOL) == 0)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                 _("There is no storage pool named “%s”; this connection has only the pool "
                   "“%s”."), pool, VIREO_STORAGE_DIR_POOL);
    return FALSE;
}

static gboolean
disk_space (const char *directory,
            guint64    *capacity,
            guint64    *available,
            guint64    *used,
            GError    **error)
{
    struct statvfs st;

    if (statvfs (directory, &st) < 0) {
        int saved_errno = errno;

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The free space in %s could not be read: %s."),
                     directory, g_strerror (saved_errno));
        return FALSE;
    }
    *capacity = (guint64) st.f_blocks * st.f_frsize;
    *available = (guint64) st.f_bavail * st.f_frsize;
    *used = (guint64) (st.f_blocks - st.f_bfree) * st.f_frsize;
    return TRUE;
}

static char *
find_qemu_img (GError **error)
{
    char *program = g_find_program_in_path ("qemu-img");

    if (program == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                     _("The program qemu-img, which makes disk images, was not found. "
                       "Install the package qemu-utils."));
    return program;
}

/* Runs qemu-img; returns its output, or NULL with qemu-img's own message. */
static char *
run_qemu_img (const char * const *args,
              char              **error_text)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) local_error = NULL;
    g_autofree char *program = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    program = find_qemu_img (&local_error);
    if (program == NULL) {
        *error_text = g_strdup (local_error->message);
        return NULL;
    }
    g_ptr_array_add (argv, program);
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);

    proc = g_subprocess_newv ((const char * const *) argv->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &local_error);
    if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err,
                                                        &local_error)) {
        *error_text = g_strdup (local_error->message);
        return NULL;
    }
    if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0) {
        g_strstrip (err);
        *error_text = *err != '\0' ? g_steal_pointer (&err)
                                   : g_strdup (_("qemu-img failed without saying why"));
        return NULL;
    }
    return g_steal_pointer (&out);
}

static gboolean
qemu_img_missing (GError **error)
{
    g_autofree char *program = find_qemu_img (error);

    return program == NULL;
}

/* Reads an image's facts with `qemu-img info --output=json`.  --force-share
 * lets it read images that a running guest holds open. */
static VireoStorageVolumeInfo *
read_volume_info (const char *path,
                  GError    **error)
{
    const char *args[] = { "info", "--output=json", "--force-share", path, NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) json_error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *error_text = NULL;
    VireoStorageVolumeInfo *info;
    JsonNode *root;
    JsonObject *obj;

    if (qemu_img_missing (error))
        return NULL;
    out = run_qemu_img (args, &error_text);
    if (out == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The disk image %s could not be read: %s"), path, error_text);
        return NULL;
    }
    if (!json_parser_load_from_data (parser, out, -1, &json_error) ||
        (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("qemu-img described the disk image %s in a way Vireo does not "
                       "understand."), path);
        return NULL;
    }
    obj = json_node_get_object (root);

    info = g_new0 (VireoStorageVolumeInfo, 1);
    info->name = g_path_get_basename (path);
    info->path = g_strdup (path);
    info->format = g_strdup (json_object_get_string_member_with_default (obj, "format", "raw"));
    info->capacity = (guint64) MAX (0, json_object_get_int_member_with_default (
                                           obj, "virtual-size", 0));
    info->allocation = (guint64) MAX (0, json_object_get_int_member_with_default (
                                             obj, "actual-size", 0));
    info->backing = g_strdup (json_object_get_string_member_with_default (
                                  obj, "full-backing-filename",
                                  json_object_get_string_member_with_default (
                                      obj, "backing-filename", NULL)));
    return info;
}

/* TRUE when @path names an entry directly inside @self's directory. */
static gboolean
is_inside (VireoStorageDir *self,
           const char      *path)
{
    g_autofree char *canonical = NULL;
    g_autofree char *parent = NULL;
    g_autofree char *base = NULL;
    g_autofree char *real_parent = NULL;
    g_autofree char *real_dir = NULL;

    if (!g_path_is_absolute (path))
        return FALSE;
    canonical = g_canonicalize_filename (path, NULL);
    parent = g_path_get_dirname (canonical);
    base = g_path_get_basename (canonical);
    if (g_strcmp0 (base, ".") == 0 || g_strcmp0 (base, "..") == 0 ||
        g_strcmp0 (base, "/") == 0)
        return FALSE;
    real_parent = realpath (parent, NULL);
    real_dir = realpath (self->directory, NULL);
    return real_parent != NULL && real_dir != NULL && g_str_equal (real_parent, real_dir);
}

static int
compare_volume_names (gconstpointer a,
                      gconstpointer b)
{
    const VireoStorageVolumeInfo *va = *(VireoStorageVolumeInfo * const *) a;
    const VireoStorageVolumeInfo *vb = *(VireoStorageVolumeInfo * const *) b;

    return g_strcmp0 (va->name, vb->name);
}

/* VireoStorage */

static GPtrArray *
storage_dir_list_pools (VireoStorage *storage,
                        GError      **error)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);
    g_autoptr(GPtrArray) pools = NULL;
    VireoStoragePoolInfo *info;
    guint64 capacity, available, used;

    if (!ensure_directory (self, error) ||
        !disk_space (self->directory, &capacity, &available, &used, error))
        return NULL;

    pools = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_storage_pool_info_free);
    info = g_new0 (VireoStoragePoolInfo, 1);
    info->name = g_strdup (VIREO_STORAGE_DIR_POOL);
    info->path = g_strdup (self->directory);
    info->capacity = capacity;
    info->allocation = used;
    info->available = available;
    info->active = TRUE;
    info->type = g_strdup ("dir");
    info->autostart = TRUE;
    info->persistent = TRUE;
    g_ptr_array_add (pools, info);
    return g_steal_pointer (&pools);
}

static GPtrArray *
storage_dir_list_volumes (VireoStorage *storage,
                          const char   *pool,
                          GError      **error)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GError) local_error = NULL;
    const char *entry;

    if (!check_pool_name (pool, error) || !ensure_directory (self, error))
        return NULL;
    if (qemu_img_missing (error))
        return NULL;

    dir = g_dir_open (self->directory, 0, &local_error);
    if (dir == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The folder %s could not be listed: %s"), self->directory,
                     local_error->message);
        return NULL;
    }

    volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_storage_volume_info_free);
    while ((entry = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_build_filename (self->directory, entry, NULL);
        g_autoptr(GError) info_error = NULL;
        VireoStorageVolumeInfo *info;

        if (entry[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
        info = read_volume_info (path, &info_error);
        if (info == NULL) {
            g_debug ("Skipping %s: %s", path, info_error->message);
            continue;
        }
        g_ptr_array_add (volumes, info);
    }
    g_ptr_array_sort (volumes, compare_volume_names);
    return g_steal_pointer (&volumes);
}

static char *
storage_dir_create_volume (VireoStorage *storage,
                           const char   *pool,
                           const char   *name,
                           const char   *format,
                           guint64       capacity,
                           GError      **error)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);
    g_autofree char *path = NULL;
    g_autofree char *size = NULL;
    g_autofree char *out = NULL;
    g_autofree char *error_text = NULL;
    guint64 fs_capacity, available, used, needed;
    int fd;

    if (!check_pool_name (pool, error) || !vireo_storage_validate_volume_name (name, error) ||
        !vireo_storage_validate_format (format, error))
        return NULL;
    if (qemu_img_missing (error) || !ensure_directory (self, error))
        return NULL;

    path = g_build_filename (self->directory, name, NULL);
    if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("A file named “%s” exists already in %s. Choose another name."),
                     name, self->directory);
        return NULL;
    }

    /* A raw image grows to its full size; a qcow2 image starts small. */
    if (!disk_space (self->directory, &fs_capacity, &available, &used, error))
        return NULL;
    needed = g_str_equal (format, "raw") ? capacity : VIREO_STORAGE_QCOW2_MIN_FREE;
    if (available < needed) {
        g_autofree char *needed_text = g_format_size (needed);
        g_autofree char *available_text = g_format_size (available);

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                     _("There is not enough free space in %s for the disk image “%s”: it "
                       "needs %s and only %s are free."),
                     self->directory, name, needed_text, available_text);
        return NULL;
    }

    /* Claim the name first, so that a file appearing meanwhile is not
     * overwritten; qemu-img then writes into the empty file. */
    fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int saved_errno = errno;

        if (saved_errno == EEXIST)
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                         _("A file named “%s” exists already in %s. Choose another name."),
                         name, self->directory);
        else
            g_set_error (error, VIREO_VMM_ERROR,
                         saved_errno == ENOSPC ? VIREO_VMM_ERROR_NO_SPACE
                                               : VIREO_VMM_ERROR_FAILED,
                         _("The disk image %s could not be created: %s."),
                         path, g_strerror (saved_errno));
        return NULL;
    }
    g_close (fd, NULL);

    size = g_strdup_printf ("%" G_GUINT64_FORMAT, capacity);
    {
        const char *args[] = { "create", "-q", "-f", format, path, size, NULL };

        out = run_qemu_img (args, &error_text);
    }
    if (out == NULL) {
        gboolean full = strstr (error_text, "No space left") != NULL;

        g_unlink (path);
        g_set_error (error, VIREO_VMM_ERROR,
                     full ? VIREO_VMM_ERROR_NO_SPACE : VIREO_VMM_ERROR_FAILED,
                     _("The disk image %s could not be created: %s"), path, error_text);
        return NULL;
    }
    return g_steal_pointer (&path);
}

static gboolean
storage_dir_delete_volume (VireoStorage *storage,
                           const char   *path,
                           GError      **error)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);

    if (!is_inside (self, path)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("%s is not a disk image in %s, so Vireo does not delete it."),
                     path, self->directory);
        return FALSE;
    }
    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
        !g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("There is no disk image %s."), path);
        return FALSE;
    }
    if (g_unlink (path) < 0) {
        int saved_errno = errno;

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The disk image %s could not be deleted: %s."),
                     path, g_strerror (saved_errno));
        return FALSE;
    }
    return TRUE;
}

static VireoStorageVolumeInfo *
storage_dir_query_volume_info (VireoStorage *storage,
                               const char   *path,
                               GError      **error)
{
    if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("There is no disk image %s."), path);
        return NULL;
    }
    return read_volume_info (path, error);
}

static char *
storage_dir_ensure_default_pool (VireoStorage *storage,
                                 GError      **error)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);

    if (!ensure_directory (self, error))
        return NULL;
    return g_strdup (VIREO_STORAGE_DIR_POOL);
}

/* Claims @name in the folder (an empty file, so that nothing appearing
 * meanwhile is overwritten); its path, or NULL with an error. */
static char *
claim_name (VireoStorageDir *self,
            const char      *name,
            GError         **error)
{
    g_autofree char *path = g_build_filename (self->directory, name, NULL);
    int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

    if (fd < 0) {
        int saved_errno = errno;

        if (saved_errno == EEXIST)
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                         _("A file named “%s” exists already in %s. Choose another name."),
                         name, self->directory);
        else
            g_set_error (error, VIREO_VMM_ERROR,
                         saved_errno == ENOSPC ? VIREO_VMM_ERROR_NO_SPACE
                                               : VIREO_VMM_ERROR_FAILED,
                         _("The disk image %s could not be created: %s."),
                         path, g_strerror (saved_errno));
        return NULL;
    }
    g_close (fd, NULL);
    return g_steal_pointer (&path);
}

static char *
storage_dir_create_backed_volume (VireoStorage *storage,
                                  const char   *pool,
                                  const char   *name,
                                  guint64       capacity,
                                  const char   *backing,
                                  GError      **error)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);
    g_autoptr(VireoStorageVolumeInfo) backing_info = NULL;
    g_autofree char *path = NULL;
    g_autofree char *size = NULL;
    g_autofree char *out = NULL;
    g_autofree char *error_text = NULL;

    if (!check_pool_name (pool, error) || qemu_img_missing (error) ||
        !ensure_directory (self, error))
        return NULL;
    backing_info = g_file_test (backing, G_FILE_TEST_IS_REGULAR)
                   ? read_volume_info (backing, error) : NULL;
    if (backing_info == NULL) {
        if (error != NULL && *error == NULL)
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("There is no disk image %s to build on."), backing);
        return NULL;
    }
    if (capacity == 0)
        capacity = backing_info->capacity;
    path = claim_name (self, name, error);
    if (path == NULL)
        return NULL;
    size = g_strdup_printf ("%" G_GUINT64_FORMAT, capacity);
    {
        const char *args[] = { "create", "-q", "-f", "qcow2", "-b", backing, "-F",
                               backing_info->format, path, size, NULL };

        out = run_qemu_img (args, &error_text);
    }
    if (out == NULL) {
        g_unlink (path);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The disk image %s could not be created: %s"), path, error_text);
        return NULL;
    }
    return g_steal_pointer (&path);
}

/* Copies or converts @source to @dest through a partial file. */
static gboolean
transfer (const char              *source,
          const char              *dest,
          const char              *format,
          gboolean                 replace,
          VireoStorageProgressFunc progress,
          gpointer                 progress_data,
          GCancellable            *cancellable,
          GError                 **error)
{
    g_autofree char *partial = NULL;
    gboolean ok;
    int fd;

    partial = _vireo_storage_open_partial (dest, &fd, error);
    if (partial == NULL)
        return FALSE;
    if (format == NULL) {
        ok = _vireo_storage_copy_to_fd (source, fd, dest, progress, progress_data,
                                        cancellable, error);
        g_close (fd, NULL);
    } else {
        g_close (fd, NULL);
        ok = _vireo_storage_qemu_img_convert (source, partial, format, progress,
                                              progress_data, cancellable, error);
    }
    if (!ok) {
        g_unlink (partial);
        return FALSE;
    }
    return _vireo_storage_commit_partial (partial, dest, replace, error);
}

static char *
storage_dir_import_volume (VireoStorage            *storage,
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
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);
    g_autofree char *path = NULL;
    g_autofree char *canonical_source = g_canonicalize_filename (source, NULL);

    if (!check_pool_name (pool, error) || !ensure_directory (self, error))
        return NULL;
    if (format != NULL && qemu_img_missing (error))
        return NULL;
    path = g_build_filename (self->directory, name, NULL);
    if (!replace && g_file_test (path, G_FILE_TEST_EXISTS)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("A file named “%s” exists already in %s. Choose another name."),
                     name, self->directory);
        return NULL;
    }
    if (g_strcmp0 (canonical_source, path) == 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("%s is the image itself: it cannot be imported over itself."), source);
        return NULL;
    }
    if (!transfer (source, path, format, replace, progress, progress_data, cancellable, error))
        return NULL;
    return g_steal_pointer (&path);
}

static gboolean
storage_dir_export_volume (VireoStorage            *storage,
                           const char              *path,
                           const char              *dest,
                           const char              *format,
                           VireoStorageProgressFunc progress,
                           gpointer                 progress_data,
                           GCancellable            *cancellable,
                           GError                 **error)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (storage);

    if (!is_inside (self, path) || !g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("There is no disk image %s in %s."), path, self->directory);
        return FALSE;
    }
    if (format != NULL && qemu_img_missing (error))
        return FALSE;
    return transfer (path, dest, format, TRUE, progress, progress_data, cancellable, error);
}

static void
vireo_storage_dir_storage_init (VireoStorageInterface *iface)
{
    iface->list_pools = storage_dir_list_pools;
    iface->list_volumes = storage_dir_list_volumes;
    iface->create_volume = storage_dir_create_volume;
    iface->delete_volume = storage_dir_delete_volume;
    iface->query_volume_info = storage_dir_query_volume_info;
    iface->ensure_default_pool = storage_dir_ensure_default_pool;
    iface->create_backed_volume = storage_dir_create_backed_volume;
    iface->import_volume = storage_dir_import_volume;
    iface->export_volume = storage_dir_export_volume;
}

/* GObject */

static void
vireo_storage_dir_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (object);

    switch (prop_id) {
    case PROP_DIRECTORY:
        g_value_set_string (value, self->directory);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_storage_dir_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (object);

    switch (prop_id) {
    case PROP_DIRECTORY:
        g_free (self->directory);
        self->directory = g_value_dup_string (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_storage_dir_finalize (GObject *object)
{
    VireoStorageDir *self = VIREO_STORAGE_DIR (object);

    g_free (self->directory);

    G_OBJECT_CLASS (vireo_storage_dir_parent_class)->finalize (object);
}

static void
vireo_storage_dir_class_init (VireoStorageDirClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->get_property = vireo_storage_dir_get_property;
    object_class->set_property = vireo_storage_dir_set_property;
    object_class->finalize = vireo_storage_dir_finalize;

    properties[PROP_DIRECTORY] =
        g_param_spec_string ("directory", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_storage_dir_init (VireoStorageDir *self)
{
}

/* Public API */

VireoStorage *
vireo_storage_dir_new (const char *directory)
{
    g_autofree char *canonical = NULL;

    g_return_val_if_fail (directory != NULL && g_path_is_absolute (directory), NULL);

    canonical = g_canonicalize_filename (directory, NULL);
    return g_object_new (VIREO_TYPE_STORAGE_DIR, "directory", canonical, NULL);
}

const char *
vireo_storage_dir_get_directory (VireoStorageDir *self)
{
    g_return_val_if_fail (VIREO_IS_STORAGE_DIR (self), NULL);

    return self->directory;
}
