/* vireo-storage-libvirt.c: libvirt's storage pools and volumes
 *
 * Used for qemu:///system, qemu:///session and remote connections.  Every
 * method calls libvirt and may block: run them in worker threads.
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
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-libvirt-private.h"
#include "vireo-storage.h"
#include "vireo-storage-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

#define DEFAULT_POOL "default"
#define SYSTEM_IMAGES_DIR "/var/lib/libvirt/images"
#define STREAM_BLOCK (256 * 1024)

struct _VireoStorageLibvirt {
    GObject parent_instance;

    /* borrowed: the connection owns us */
    GWeakRef connection;
    /* owned: a bare handle, when made with new_for_handle() */
    virConnectPtr handle;
};

static void vireo_storage_libvirt_storage_init (VireoStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoStorageLibvirt, vireo_storage_libvirt, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_STORAGE,
                                                      vireo_storage_libvirt_storage_init))

/* Helpers */

/* A new reference to the libvirt connection, or NULL with an error. */
static virConnectPtr
get_conn (VireoStorageLibvirt *self,
          GError             **error)
{
    return _vireo_libvirt_conn_ref (self->handle, &self->connection,
                                    _("The connection is not open, so its storage "
                                      "cannot be reached."), error);
}

/* Evaluates @xpath (a string expression) on @xml; NULL when empty. */
static char *
xml_string (const char *xml,
            const char *xpath)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (xml == NULL)
        return NULL;
    doc = xmlReadMemory (xml, strlen (xml), "libvirt.xml", NULL, XML_PARSE_NONET |
                         XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL)
        return NULL;
    ctxt = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression ((const xmlChar *) xpath, ctxt);
    if (obj == NULL || obj->type != XPATH_STRING || obj->stringval == NULL ||
        obj->stringval[0] == '\0')
        return NULL;
    return g_strdup ((const char *) obj->stringval);
}

static VireoStoragePoolInfo *
pool_info (virStoragePoolPtr pool,
           GError          **error)
{
    virStoragePoolInfo vinfo;
    VireoStoragePoolInfo *info;
    g_autofree char *xml = NULL;

    if (virStoragePoolGetInfo (pool, &vinfo) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be read"),
                                          virStoragePoolGetName (pool));
        return NULL;
    }
    xml = virStoragePoolGetXMLDesc (pool, 0);

    info = g_new0 (VireoStoragePoolInfo, 1);
    info->name = g_strdup (virStoragePoolGetName (pool));
    info->path = xml_string (xml, "string(/pool/target/path)");
    info->capacity = vinfo.capacity;
    info->allocation = vinfo.allocation;
    info->available = vinfo.available;
    info->active = vinfo.state == VIR_STORAGE_POOL_RUNNING ||
                   vinfo.state == VIR_STORAGE_POOL_DEGRADED;
    info->type = xml_string (xml, "string(/pool/@type)");
    info->persistent = virStoragePoolIsPersistent (pool) == 1;
    {
        int autostart = 0;

        info->autostart = virStoragePoolGetAutostart (pool, &autostart) == 0 && autostart;
    }
    virResetLastError ();
    return info;
}

static VireoStorageVolumeInfo *
volume_info (virStorageVolPtr vol,
             GError         **error)
{
    virStorageVolInfo vinfo;
    VireoStorageVolumeInfo *info;
    g_autofree char *xml = NULL;
    g_autofree char *path = NULL;
    g_autofree char *format = NULL;

    path = virStorageVolGetPath (vol);
    if (path == NULL || virStorageVolGetInfo (vol, &vinfo) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The volume “%s” could not be read"),
                                          virStorageVolGetName (vol));
        return NULL;
    }
    xml = virStorageVolGetXMLDesc (vol, 0);
    format = xml_string (xml, "string(/volume/target/format/@type)");

    info = g_new0 (VireoStorageVolumeInfo, 1);
    info->name = g_strdup (virStorageVolGetName (vol));
    info->path = g_steal_pointer (&path);
    info->format = format ? g_steal_pointer (&format) : g_strdup ("raw");
    info->capacity = vinfo.capacity;
    info->allocation = vinfo.allocation;
    info->backing = xml_string (xml, "string(/volume/backingStore/path)");
    return info;
}

/* Looks up @name, or "default" when NULL. */
static virStoragePoolPtr
lookup_pool (virConnectPtr conn,
             const char   *name,
             GError      **error)
{
    virStoragePoolPtr pool;

    if (name == NULL)
        name = DEFAULT_POOL;
    pool = virStoragePoolLookupByName (conn, name);
    if (pool == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” was not found"),
                                          name);
    return pool;
}

/* The volume at @path, or NULL with an error. */
static virStorageVolPtr
lookup_volume (virConnectPtr conn,
               const char   *path,
               GError      **error)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (conn, path);

    if (vol == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("No storage volume has the path %s"), path);
    return vol;
}

/* Where the default pool goes: libvirt's usual places. */
static char *
default_pool_dir (virConnectPtr conn,
                  GError      **error)
{
    g_autofree char *uri = virConnectGetURI (conn);
    g_autoptr(GUri) parsed = NULL;
    const char *host;

    parsed = uri ? g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, NULL)
                 : NULL;
    if (parsed == NULL || g_strcmp0 (g_uri_get_path (parsed), "/session") != 0)
        return g_strdup (SYSTEM_IMAGES_DIR);

    host = g_uri_get_host (parsed);
    if (host != NULL && *host != '\0') {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("The user session on %s has no storage pool named “%s”, and Vireo "
                       "cannot tell where to make one. Create it on that computer."),
                     host, DEFAULT_POOL);
        return NULL;
    }
    return g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL);
}

/* VireoStorage */

static GPtrArray *
storage_libvirt_list_pools (VireoStorage *storage,
                            GError      **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(GPtrArray) result = NULL;
    virStoragePoolPtr *pools = NULL;
    int n;

    if (conn == NULL)
        return NULL;
    n = virConnectListAllStoragePools (conn, &pools, 0);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pools could not be listed"));
        return NULL;
    }

    result = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_storage_pool_info_free);
    for (int i = 0; i < n; i++) {
        VireoStoragePoolInfo *info = NULL;

        if (result != NULL) {
            info = pool_info (pools[i], error);
            if (info != NULL)
                g_ptr_array_add (result, info);
            else
                g_clear_pointer (&result, g_ptr_array_unref);
        }
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    return g_steal_pointer (&result);
}

static GPtrArray *
storage_libvirt_list_volumes (VireoStorage *storage,
                              const char   *pool_name,
                              GError      **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autoptr(GPtrArray) result = NULL;
    virStorageVolPtr *vols = NULL;
    int n;

    if (conn == NULL)
        return NULL;
    pool = lookup_pool (conn, pool_name, error);
    if (pool == NULL)
        return NULL;
    n = virStoragePoolListAllVolumes (pool, &vols, 0);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error,
                                          _("The volumes of the storage pool “%s” could not "
                                            "be listed"), virStoragePoolGetName (pool));
        return NULL;
    }

    result = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_storage_volume_info_free);
    for (int i = 0; i < n; i++) {
        if (result != NULL) {
            VireoStorageVolumeInfo *info = volume_info (vols[i], error);

            if (info != NULL)
                g_ptr_array_add (result, info);
            else
                g_clear_pointer (&result, g_ptr_array_unref);
        }
        virStorageVolFree (vols[i]);
    }
    free (vols);
    return g_steal_pointer (&result);
}

static char *
storage_libvirt_ensure_default_pool (VireoStorage *storage,
                                     GError      **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *xml = NULL;
    int active;

    if (conn == NULL)
        return NULL;

    pool = virStoragePoolLookupByName (conn, DEFAULT_POOL);
    if (pool != NULL) {
        active = virStoragePoolIsActive (pool);
        if (active == 0 && virStoragePoolCreate (pool, 0) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                       "started"), DEFAULT_POOL);
            return NULL;
        }
        return g_strdup (DEFAULT_POOL);
    }

    dir = default_pool_dir (conn, error);
    if (dir == NULL)
        return NULL;
    escaped = g_markup_escape_text (dir, -1);
    xml = g_strdup_printf ("<pool type='dir'>\n"
                           "  <name>" DEFAULT_POOL "</name>\n"
                           "  <target>\n"
                           "    <path>%s</path>\n"
                           "  </target>\n"
                           "</pool>\n", escaped);
    pool = virStoragePoolDefineXML (conn, xml, 0);
    if (pool == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” at %s could not be "
                                                   "defined"), DEFAULT_POOL, dir);
        return NULL;
    }
    if (virStoragePoolBuild (pool, VIR_STORAGE_POOL_BUILD_NEW) < 0 ||
        virStoragePoolCreate (pool, 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” at %s could not be "
                                                   "started"), DEFAULT_POOL, dir);
        virStoragePoolUndefine (pool);
        return NULL;
    }
    if (virStoragePoolSetAutostart (pool, 1) < 0)
        g_debug ("Could not mark the storage pool %s autostart: %s", DEFAULT_POOL,
                 virGetLastErrorMessage ());
    return g_strdup (DEFAULT_POOL);
}

static char *
storage_libvirt_create_volume (VireoStorage *storage,
                               const char   *pool_name,
                               const char   *name,
                               const char   *format,
                               guint64       capacity,
                               GError      **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autoptr(VireoVirtStorageVol) vol = NULL;
    g_autoptr(VireoVirtStorageVol) existing = NULL;
    g_autofree char *default_name = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *xml = NULL;
    virStoragePoolInfo pinfo;
    guint64 needed;
    char *path;

    if (conn == NULL)
        return NULL;
    if (pool_name == NULL) {
        default_name = storage_libvirt_ensure_default_pool (storage, error);
        if (default_name == NULL)
            return NULL;
        pool_name = default_name;
    }
    pool = lookup_pool (conn, pool_name, error);
    if (pool == NULL)
        return NULL;

    existing = virStorageVolLookupByName (pool, name);
    if (existing != NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("The storage pool “%s” has a volume named “%s” already. Choose "
                       "another name."), pool_name, name);
        return NULL;
    }

    if (virStoragePoolGetInfo (pool, &pinfo) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be read"),
                                          pool_name);
        return NULL;
    }
    if (pinfo.state != VIR_STORAGE_POOL_RUNNING) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("The storage pool “%s” is not active. Start it first."), pool_name);
        return NULL;
    }
    needed = g_str_equal (format, "raw") ? capacity : VIREO_STORAGE_QCOW2_MIN_FREE;
    if (pinfo.available < needed) {
        g_autofree char *needed_text = g_format_size (needed);
        g_autofree char *available_text = g_format_size (pinfo.available);

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                     _("There is not enough free space in the storage pool “%s” for the "
                       "volume “%s”: it needs %s and only %s are free."),
                     pool_name, name, needed_text, available_text);
        return NULL;
    }

    escaped = g_markup_escape_text (name, -1);
    xml = g_strdup_printf ("<volume>\n"
                           "  <name>%s</name>\n"
                           "  <capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>\n"
                           "  <allocation unit='bytes'>0</allocation>\n"
                           "  <target>\n"
                           "    <format type='%s'/>\n"
                           "  </target>\n"
                           "</volume>\n", escaped, capacity, format);
    vol = virStorageVolCreateXML (pool, xml, 0);
    if (vol == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The volume “%s” could not be created in "
                                                   "the storage pool “%s”"), name, pool_name);
        return NULL;
    }
    /* libvirt's strings come from malloc(), which g_free() frees too. */
    path = virStorageVolGetPath (vol);
    if (path == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("The path of the new volume “%s” could "
                                                   "not be read"), name);
    return path;
}

static gboolean
storage_libvirt_delete_volume (VireoStorage *storage,
                               const char   *path,
                               GError      **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(VireoVirtStorageVol) vol = NULL;

    if (conn == NULL)
        return FALSE;
    vol = lookup_volume (conn, path, error);
    if (vol == NULL)
        return FALSE;
    if (virStorageVolDelete (vol, 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The volume %s could not be deleted"), path);
        return FALSE;
    }
    return TRUE;
}

static VireoStorageVolumeInfo *
storage_libvirt_query_volume_info (VireoStorage *storage,
                                   const char   *path,
                                   GError      **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(VireoVirtStorageVol) vol = NULL;

    if (conn == NULL)
        return NULL;
    vol = lookup_volume (conn, path, error);
    return vol != NULL ? volume_info (vol, error) : NULL;
}

/* The running pool @name (NULL: the default one, made when missing), or
 * NULL with an error. */
static virStoragePoolPtr
active_pool (VireoStorage  *storage,
             virConnectPtr  conn,
             const char    *pool_name,
             GError       **error)
{
    g_autofree char *default_name = NULL;
    g_autoptr(VireoVirtStoragePool) pool = NULL;

    if (pool_name == NULL) {
        default_name = storage_libvirt_ensure_default_pool (storage, error);
        if (default_name == NULL)
            return NULL;
        pool_name = default_name;
    }
    pool = lookup_pool (conn, pool_name, error);
    if (pool == NULL)
        return NULL;
    if (virStoragePoolIsActive (pool) != 1) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("The storage pool “%s” is not active. Start it first."), pool_name);
        return NULL;
    }
    return g_steal_pointer (&pool);
}

static gboolean
no_conversion (const char *format,
               GError    **error)
{
    if (format == NULL)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                 _("libvirt’s storage pools copy images as they are; they do not convert "
                   "them to “%s”."), format);
    return FALSE;
}

static char *
storage_libvirt_create_backed_volume (VireoStorage *storage,
                                      const char   *pool_name,
                                      const char   *name,
                                      guint64       capacity,
                                      const char   *backing,
                                      GError      **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autoptr(VireoVirtStorageVol) existing = NULL;
    g_autoptr(VireoVirtStorageVol) backing_vol = NULL;
    g_autoptr(VireoVirtStorageVol) vol = NULL;
    g_autoptr(VireoStorageVolumeInfo) backing_info = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *escaped_backing = NULL;
    g_autofree char *xml = NULL;
    char *path;

    if (conn == NULL)
        return NULL;
    pool = active_pool (storage, conn, pool_name, error);
    if (pool == NULL)
        return NULL;
    existing = virStorageVolLookupByName (pool, name);
    if (existing != NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("The storage pool “%s” has a volume named “%s” already. Choose "
                       "another name."), virStoragePoolGetName (pool), name);
        return NULL;
    }
    backing_vol = virStorageVolLookupByPath (conn, backing);
    if (backing_vol == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("No storage volume has the path %s to "
                                                   "build on"), backing);
        return NULL;
    }
    backing_info = volume_info (backing_vol, error);
    if (backing_info == NULL)
        return NULL;
    if (capacity == 0)
        capacity = backing_info->capacity;
    escaped = g_markup_escape_text (name, -1);
    escaped_backing = g_markup_escape_text (backing, -1);
    xml = g_strdup_printf ("<volume>\n"
                           "  <name>%s</name>\n"
                           "  <capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>\n"
                           "  <allocation unit='bytes'>0</allocation>\n"
                           "  <target>\n"
                           "    <format type='qcow2'/>\n"
                           "  </target>\n"
                           "  <backingStore>\n"
                           "    <path>%s</path>\n"
                           "    <format type='%s'/>\n"
                           "  </backingStore>\n"
                           "</volume>\n", escaped, capacity, escaped_backing,
                           backing_info->format);
    vol = virStorageVolCreateXML (pool, xml, 0);
    if (vol == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The volume “%s” could not be created in "
                                                   "the storage pool “%s”"), name,
                                          virStoragePoolGetName (pool));
        return NULL;
    }
    path = virStorageVolGetPath (vol);
    if (path == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("The path of the new volume “%s” could "
                                                   "not be read"), name);
    return path;
}

/* Deletes @vol, which a stream just closed: libvirt holds a volume "in
 * use" until the stream's close has been handled in its own thread, so a
 * delete right after is refused for a moment. */
static void
delete_after_stream (virStorageVolPtr vol)
{
    for (guint i = 0; i < 100; i++) {
        virErrorPtr err;

        if (virStorageVolDelete (vol, 0) == 0)
            break;
        err = virGetLastError ();
        if (err == NULL || err->code != VIR_ERR_OPERATION_INVALID) {
            g_debug ("The partial volume %s could not be deleted: %s",
                     virStorageVolGetName (vol), virGetLastErrorMessage ());
            break;
        }
        g_usleep (50 * 1000);
    }
    virResetLastError ();
}

/* Sends @fd's @size bytes into @stream; FALSE with an error (the stream is
 * then aborted). */
static gboolean
send_file (virStreamPtr             stream,
           int                      fd,
           const char              *source,
           guint64                  size,
           VireoStorageProgressFunc progress,
           gpointer                 progress_data,
           GCancellable            *cancellable,
           GError                 **error)
{
    g_autofree char *buffer = g_malloc (STREAM_BLOCK);
    guint64 done = 0;

    while (done < size) {
        ssize_t n = read (fd, buffer, MIN ((guint64) STREAM_BLOCK, size - done));

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved_errno = n < 0 ? errno : EIO;

            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("The file %s could not be read: %s."), source,
                         g_strerror (saved_errno));
            virStreamAbort (stream);
            return FALSE;
        }
        for (ssize_t sent = 0; sent < n;) {
            int w;

            if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
                virStreamAbort (stream);
                return FALSE;
            }
            w = virStreamSend (stream, buffer + sent, n - sent);
            if (w < 0) {
                vireo_vmm_set_error_from_libvirt (error, _("The upload of %s stopped"), source);
                virStreamAbort (stream);
                return FALSE;
            }
            sent += w;
        }
        done += n;
        if (progress != NULL)
            progress (done, size, progress_data);
    }
    if (virStreamFinish (stream) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The upload of %s did not complete"), source);
        return FALSE;
    }
    return TRUE;
}

static char *
storage_libvirt_import_volume (VireoStorage            *storage,
                               const char              *pool_name,
                               const char              *name,
                               const char              *source,
                               const char              *format,
                               gboolean                 replace,
                               VireoStorageProgressFunc progress,
                               gpointer                 progress_data,
                               GCancellable            *cancellable,
                               GError                 **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = NULL;
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autoptr(VireoVirtStorageVol) existing = NULL;
    g_autoptr(VireoVirtStorageVol) vol = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *xml = NULL;
    virStreamPtr stream = NULL;
    struct stat st;
    gboolean sent;
    char *path;
    int fd;

    if (!no_conversion (format, error))
        return NULL;
    conn = get_conn (self, error);
    if (conn == NULL)
        return NULL;
    pool = active_pool (storage, conn, pool_name, error);
    if (pool == NULL)
        return NULL;
    fd = g_open (source, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0 || fstat (fd, &st) < 0) {
        int saved_errno = errno;

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The file %s could not be read: %s."), source, g_strerror (saved_errno));
        if (fd >= 0)
            g_close (fd, NULL);
        return NULL;
    }

    /* The volume takes the image's place: a volume of that name is
     * deleted first, as upload writes over what is there without
     * shortening it. */
    existing = virStorageVolLookupByName (pool, name);
    virResetLastError ();
    if (existing != NULL && !replace) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("The storage pool “%s” has a volume named “%s” already. Choose "
                       "another name."), virStoragePoolGetName (pool), name);
        g_close (fd, NULL);
        return NULL;
    }
    if (existing != NULL && virStorageVolDelete (existing, 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The volume “%s” could not be replaced"),
                                          name);
        g_close (fd, NULL);
        return NULL;
    }
    escaped = g_markup_escape_text (name, -1);
    xml = g_strdup_printf ("<volume>\n"
                           "  <name>%s</name>\n"
                           "  <capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>\n"
                           "  <allocation unit='bytes'>0</allocation>\n"
                           "  <target>\n"
                           "    <format type='raw'/>\n"
                           "  </target>\n"
                           "</volume>\n", escaped, (guint64) MAX (st.st_size, 512));
    vol = virStorageVolCreateXML (pool, xml, 0);
    if (vol == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The volume “%s” could not be created in "
                                                   "the storage pool “%s”"), name,
                                          virStoragePoolGetName (pool));
        g_close (fd, NULL);
        return NULL;
    }
    stream = virStreamNew (conn, 0);
    if (stream == NULL || virStorageVolUpload (vol, stream, 0, st.st_size, 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The upload into “%s” could not start"),
                                          name);
        sent = FALSE;
    } else {
        if (progress != NULL)
            progress (0, st.st_size, progress_data);
        sent = send_file (stream, fd, source, st.st_size, progress, progress_data, cancellable,
                          error);
    }
    if (stream != NULL)
        virStreamFree (stream);
    g_close (fd, NULL);
    if (!sent) {
        /* A volume holding part of the image is no use to anyone. */
        delete_after_stream (vol);
        return NULL;
    }
    path = virStorageVolGetPath (vol);
    if (path == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("The path of the new volume “%s” could "
                                                   "not be read"), name);
    return path;
}

/* Receives @stream into @fd until its end; FALSE with an error (the stream
 * is then aborted). */
static gboolean
receive_file (virStreamPtr             stream,
              int                      fd,
              const char              *dest,
              guint64                  total,
              VireoStorageProgressFunc progress,
              gpointer                 progress_data,
              GCancellable            *cancellable,
              GError                 **error)
{
    g_autofree char *buffer = g_malloc (STREAM_BLOCK);
    guint64 done = 0;

    for (;;) {
        int n;

        if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
            virStreamAbort (stream);
            return FALSE;
        }
        n = virStreamRecv (stream, buffer, STREAM_BLOCK);
        if (n < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The download into %s stopped"), dest);
            virStreamAbort (stream);
            return FALSE;
        }
        if (n == 0)
            break;
        for (int written = 0; written < n;) {
            ssize_t w = write (fd, buffer + written, n - written);

            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                int saved_errno = errno;

                g_set_error (error, VIREO_VMM_ERROR,
                             saved_errno == ENOSPC ? VIREO_VMM_ERROR_NO_SPACE
                                                   : VIREO_VMM_ERROR_FAILED,
                             _("The file %s could not be written: %s."), dest,
                             g_strerror (saved_errno));
                virStreamAbort (stream);
                return FALSE;
            }
            written += w;
        }
        done += n;
        if (progress != NULL)
            progress (done, MAX (total, done), progress_data);
    }
    if (virStreamFinish (stream) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The download into %s did not complete"),
                                          dest);
        return FALSE;
    }
    if (fsync (fd) < 0) {
        int saved_errno = errno;

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The file %s could not be written: %s."), dest, g_strerror (saved_errno));
        return FALSE;
    }
    return TRUE;
}

static gboolean
storage_libvirt_export_volume (VireoStorage            *storage,
                               const char              *path,
                               const char              *dest,
                               const char              *format,
                               VireoStorageProgressFunc progress,
                               gpointer                 progress_data,
                               GCancellable            *cancellable,
                               GError                 **error)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (storage);
    g_autoptr(VireoVirtConnect) conn = NULL;
    g_autoptr(VireoVirtStorageVol) vol = NULL;
    g_autofree char *partial = NULL;
    virStorageVolInfo vinfo;
    virStreamPtr stream;
    gboolean received;
    guint64 total = 0;
    int fd;

    if (!no_conversion (format, error))
        return FALSE;
    conn = get_conn (self, error);
    if (conn == NULL)
        return FALSE;
    vol = virStorageVolLookupByPath (conn, path);
    if (vol == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("No storage volume has the path %s"), path);
        return FALSE;
    }
    /* What a download sends: the file as it is on the disk. */
    if (virStorageVolGetInfoFlags (vol, &vinfo, VIR_STORAGE_VOL_GET_PHYSICAL) == 0)
        total = vinfo.allocation;
    virResetLastError ();
    partial = _vireo_storage_open_partial (dest, &fd, error);
    if (partial == NULL)
        return FALSE;
    stream = virStreamNew (conn, 0);
    if (stream == NULL || virStorageVolDownload (vol, stream, 0, 0, 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The download of %s could not start"),
                                          path);
        received = FALSE;
    } else {
        if (progress != NULL)
            progress (0, total, progress_data);
        received = receive_file (stream, fd, dest, total, progress, progress_data,
                                 cancellable, error);
    }
    if (stream != NULL)
        virStreamFree (stream);
    g_close (fd, NULL);
    if (!received) {
        g_unlink (partial);
        return FALSE;
    }
    return _vireo_storage_commit_partial (partial, dest, TRUE, error);
}

static void
vireo_storage_libvirt_storage_init (VireoStorageInterface *iface)
{
    iface->list_pools = storage_libvirt_list_pools;
    iface->list_volumes = storage_libvirt_list_volumes;
    iface->create_volume = storage_libvirt_create_volume;
    iface->delete_volume = storage_libvirt_delete_volume;
    iface->query_volume_info = storage_libvirt_query_volume_info;
    iface->ensure_default_pool = storage_libvirt_ensure_default_pool;
    iface->create_backed_volume = storage_libvirt_create_backed_volume;
    iface->import_volume = storage_libvirt_import_volume;
    iface->export_volume = storage_libvirt_export_volume;
}

/* GObject */

static void
vireo_storage_libvirt_finalize (GObject *object)
{
    VireoStorageLibvirt *self = VIREO_STORAGE_LIBVIRT (object);

    g_weak_ref_clear (&self->connection);
    if (self->handle)
        virConnectClose (self->handle);

    G_OBJECT_CLASS (vireo_storage_libvirt_parent_class)->finalize (object);
}

static void
vireo_storage_libvirt_class_init (VireoStorageLibvirtClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vireo_storage_libvirt_finalize;
}

static void
vireo_storage_libvirt_init (VireoStorageLibvirt *self)
{
    g_weak_ref_init (&self->connection, NULL);
}

/* Public API */

VireoStorage *
vireo_storage_libvirt_new (VireoConnection *connection)
{
    VireoStorageLibvirt *self;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_STORAGE_LIBVIRT, NULL);
    g_weak_ref_set (&self->connection, connection);
    return VIREO_STORAGE (self);
}

VireoStorage *
vireo_storage_libvirt_new_for_handle (gpointer handle)
{
    VireoStorageLibvirt *self;

    g_return_val_if_fail (handle != NULL, NULL);

    self = g_object_new (VIREO_TYPE_STORAGE_LIBVIRT, NULL);
    virConnectRef (handle);
    self->handle = handle;
    return VIREO_STORAGE (self);
}
