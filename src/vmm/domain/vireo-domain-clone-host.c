/* vireo-domain-clone-host.c: a clone's facts read from its connection, and the clone made there
 *
 * Facts: the original's definition (read with its secrets, as virt-clone
 * does) and state, every VM's name, MAC addresses and images, the storage
 * pools' volumes and folders, and what each image of the original is (a
 * file here, a volume, its size).
 *
 * Making it: images copied first (a file here is copied by Vireo, sharing
 * blocks where the filesystem can, with progress and Cancel; a volume of a
 * remote or test connection by libvirt's volume copy), linked overlays
 * made, the NVRAM file copied, the pools told; then a VM of the same name
 * replaced when asked, the clone defined, and for a linked clone the
 * original's images made read-only.  Any failure, cancelling included,
 * removes what was made and puts a replaced VM back.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-clone-private.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>

#include "vireo-connection-private.h"
#include "vireo-domain-editor.h"
#include "vireo-image-file.h"
#include "vireo-libvirt-private.h"
#include "vireo-uri.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoHandleRefs   refs;
    VireoDomainClone *clone;
} FactsData;

typedef struct {
    VireoHandleRefs   refs;
    VireoDomainClone *clone;
    VireoProgress    *progress;
    GPtrArray        *made_files;      /* char*: files made here */
    GPtrArray        *made_volumes;    /* char*: volumes made through libvirt */
    GPtrArray        *pools_touched;   /* char*: pool names to refresh */
    GHashTable       *modes;           /* path -> original mode (GUINT_TO_POINTER) */
    char             *replaced_xml;    /* a VM replaced, to put back on failure */
    virDomainPtr      defined;
    VireoDomainInfo  *info;
} RunData;

/* ---------------------------------------------------------------- helpers */

static void
facts_data_free (gpointer user_data)
{
    FactsData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_clear_object (&data->clone);
    g_free (data);
}

static void
run_data_free (gpointer user_data)
{
    RunData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_clear_object (&data->clone);
    g_clear_object (&data->progress);
    g_ptr_array_unref (data->made_files);
    g_ptr_array_unref (data->made_volumes);
    g_ptr_array_unref (data->pools_touched);
    g_hash_table_unref (data->modes);
    g_free (data->replaced_xml);
    if (data->defined)
        virDomainFree (data->defined);
    g_clear_pointer (&data->info, _vireo_domain_info_free);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FactsData, facts_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

static gboolean
last_error_is (int code)
{
    virErrorPtr err = virGetLastError ();

    return err != NULL && err->code == code;
}

static xmlNode *
first_child (xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
            return c;
    }
    return NULL;
}

static char *
prop (xmlNode *node, const char *name)
{
    xmlChar *v = node ? xmlGetProp (node, BAD_CAST name) : NULL;
    char *copy = v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

/* Adds @name to the "users" of @path. */
static void
add_user (GHashTable *paths, const char *path, const char *name)
{
    const char *users = g_hash_table_lookup (paths, path);

    g_hash_table_insert (paths, g_strdup (path),
                         users ? g_strdup_printf ("%s, %s", users, name) : g_strdup (name));
}

/* One VM's MACs and images. */
static void
note_domain (VireoDomainClone *clone, const char *name, const char *xml)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *devices;

    doc = xml ? xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
              : NULL;
    devices = doc ? first_child (xmlDocGetRootElement (doc), "devices") : NULL;
    for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual (c->name, BAD_CAST "interface")) {
            g_autofree char *mac = prop (first_child (c, "mac"), "address");

            if (mac) {
                char *lower = g_ascii_strdown (mac, -1);
                g_hash_table_insert (clone->macs_in_use, lower, g_strdup (name));
            }
        } else if (xmlStrEqual (c->name, BAD_CAST "disk")) {
            xmlNode *source = first_child (c, "source");
            g_autofree char *path = prop (source, "file");

            if (path == NULL)
                path = prop (source, "dev");
            if (path)
                add_user (clone->paths_in_use, path, name);
        }
    }
}

static void
read_domains (virConnectPtr conn, VireoDomainClone *clone)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, 0);

    for (int i = 0; i < n; i++) {
        const char *name = virDomainGetName (doms[i]);
        g_autofree char *xml = virDomainGetXMLDesc (doms[i], 0);

        if (name) {
            g_ptr_array_add (clone->taken_names, g_strdup (name));
            note_domain (clone, name, xml);
        }
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
}

/* The volumes and folders of the active pools; nothing on connections
 * without storage pools (the embedded one). */
static void
read_pools (virConnectPtr conn, VireoDomainClone *clone)
{
    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools (conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);

    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virStoragePoolGetXMLDesc (pools[i], 0);
        g_autoptr(xmlDoc) doc = NULL;
        const char *pool_name = virStoragePoolGetName (pools[i]);
        virStorageVolPtr *vols = NULL;
        int m;

        doc = xml ? xmlReadMemory (xml, (int) strlen (xml), "pool.xml", NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                  : NULL;
        if (doc) {
            xmlNode *target = first_child (xmlDocGetRootElement (doc), "target");
            xmlChar *path = xmlNodeGetContent (first_child (target, "path"));

            if (path && *path)
                g_hash_table_insert (clone->pool_paths, g_strdup (pool_name),
                                     g_strdup ((const char *) path));
            xmlFree (path);
        }
        m = virStoragePoolListAllVolumes (pools[i], &vols, 0);
        for (int j = 0; j < m; j++) {
            char *path = virStorageVolGetPath (vols[j]);
            virStorageVolInfo info;

            if (path) {
                VireoCloneVolume *volume = g_new0 (VireoCloneVolume, 1);

                volume->pool = g_strdup (pool_name);
                if (virStorageVolGetInfo (vols[j], &info) == 0)
                    volume->allocation = info.allocation;
                g_hash_table_insert (clone->volumes, path, volume);
            }
            virStorageVolFree (vols[j]);
        }
        free (vols);
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    virResetLastError ();
}

/* What is known of an image at @path: exists, readable here, pool, size. */
static void
read_image (VireoDomainClone *clone, const char *path, gboolean *exists, gboolean *here,
            char **pool, guint64 *size)
{
    VireoCloneVolume *volume = path ? g_hash_table_lookup (clone->volumes, path) : NULL;
    struct stat st;

    *exists = *here = FALSE;
    if (path == NULL)
        return;
    if (volume) {
        *exists = TRUE;
        if (pool)
            *pool = g_strdup (volume->pool);
        if (size)
            *size = volume->allocation;
    }
    if (clone->stat_paths && stat (path, &st) == 0 && (clone->files_here || volume == NULL)) {
        *exists = TRUE;
        *here = access (path, R_OK) == 0 && (S_ISREG (st.st_mode) || S_ISBLK (st.st_mode));
        if (*here && size)
            *size = vireo_image_file_data_size (path, NULL);
    }
}

static gboolean
facts_run (gpointer      user_data,
           GCancellable *cancellable,
           GError      **error)
{
    FactsData *data = user_data;
    VireoDomainClone *clone = data->clone;

    if (data->refs.dom != NULL) {
        int state = VIR_DOMAIN_NOSTATE, reason = 0;

        if (virDomainGetState (data->refs.dom, &state, &reason, 0) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The state of “%s” could not be read"),
                                              data->refs.name);
            return FALSE;
        }
        if (state != VIR_DOMAIN_SHUTOFF) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                         _("The VM to clone must be shut off: “%s” is running or paused."),
                         data->refs.name);
            return FALSE;
        }
        clone->original_xml = virDomainGetXMLDesc (data->refs.dom, VIR_DOMAIN_XML_SECURE);
        if (clone->original_xml == NULL) {
            vireo_vmm_set_error_from_libvirt (error, _("The definition of “%s” could not be "
                                                       "read"), data->refs.name);
            return FALSE;
        }
        clone->original_defined = TRUE;
    }
    if (!_vireo_domain_clone_read_original (clone, error))
        return FALSE;
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    read_domains (data->refs.conn, clone);
    if (data->refs.dom == NULL) {
        for (guint i = 0; i < clone->taken_names->len; i++)
            clone->original_defined |= g_str_equal (clone->taken_names->pdata[i],
                                                    clone->original_name);
    }
    read_pools (data->refs.conn, clone);
    for (guint i = 0; i < clone->disks->len; i++) {
        VireoCloneDisk *disk = clone->disks->pdata[i];

        read_image (clone, disk->source, &disk->exists, &disk->here, &disk->pool, &disk->size);
    }
    read_image (clone, clone->nvram_source, &clone->nvram_exists, &clone->nvram_here, NULL,
                NULL);
    return TRUE;
}

static const VireoWorkerOps facts_ops = {
    .run = facts_run,
    .free_data = facts_data_free,
    .check_cancellable = TRUE,
};

static FactsData *
facts_data_new (VireoConnection *connection,
                VireoDomain     *domain,
                const char      *xml,
                GError         **error)
{
    g_autoptr(FactsData) data = g_new0 (FactsData, 1);
    VireoDomainClone *clone;

    if (!_vireo_handle_refs_take_connection (&data->refs, connection, error))
        return NULL;
    if (domain)
        _vireo_handle_refs_take_domain (&data->refs, domain);
    clone = data->clone = g_object_new (VIREO_TYPE_DOMAIN_CLONE, NULL);
    clone->connection = g_object_ref (connection);
    clone->uri = g_strdup (vireo_connection_get_uri (connection));
    clone->stat_paths = vireo_uri_is_local (clone->uri);
    clone->files_here = clone->stat_paths && !g_str_has_prefix (clone->uri, "test:");
    clone->original_xml = g_strdup (xml);
    return g_steal_pointer (&data);
}

/* ---------------------------------------------------------------- the run */

static void
remove_made (RunData *data)
{
    GHashTableIter iter;
    gpointer path, mode;

    for (guint i = 0; i < data->made_files->len; i++)
        g_unlink (data->made_files->pdata[i]);
    for (guint i = 0; i < data->made_volumes->len; i++) {
        g_autoptr(VireoVirtStorageVol) vol =
            virStorageVolLookupByPath (data->refs.conn, data->made_volumes->pdata[i]);

        if (vol)
            virStorageVolDelete (vol, 0);
    }
    g_hash_table_iter_init (&iter, data->modes);
    while (g_hash_table_iter_next (&iter, &path, &mode))
        g_chmod (path, (int) GPOINTER_TO_UINT (mode));
    virResetLastError ();
}

/* The pool whose folder is @path's; NULL with an error. */
static virStoragePoolPtr
pool_for_path (RunData *data, const char *path, GError **error)
{
    g_autofree char *dir = g_path_get_dirname (path);
    GHashTableIter iter;
    gpointer name, folder;

    g_hash_table_iter_init (&iter, data->clone->pool_paths);
    while (g_hash_table_iter_next (&iter, &name, &folder)) {
        if (g_str_equal (folder, dir)) {
            virStoragePoolPtr pool = virStoragePoolLookupByName (data->refs.conn, name);

            if (pool == NULL)
                vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not "
                                                           "be found"), (const char *) name);
            return pool;
        }
    }
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                 _("%s is in no storage pool of this connection: a copy of a storage volume "
                   "goes into the folder of a pool."), path);
    return NULL;
}

static void
touch_pool (RunData *data, const char *path)
{
    g_autofree char *dir = g_path_get_dirname (path);
    GHashTableIter iter;
    gpointer name, folder;

    g_hash_table_iter_init (&iter, data->clone->pool_paths);
    while (g_hash_table_iter_next (&iter, &name, &folder)) {
        if (g_str_equal (folder, dir))
            g_ptr_array_add (data->pools_touched, g_strdup (name));
    }
}

/* libvirt's copy of the volume at @source to @dest. */
static gboolean
copy_volume (RunData *data, const char *source, const char *dest, const char *format,
             VireoProgress *progress, GError **error)
{
    g_autoptr(VireoVirtStorageVol) from = virStorageVolLookupByPath (data->refs.conn, source);
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autoptr(VireoVirtStorageVol) made = NULL;
    g_autofree char *name = g_path_get_basename (dest);
    g_autofree char *escaped = g_markup_escape_text (name, -1);
    g_autofree char *xml = NULL;
    virStorageVolInfo info;

    if (from == NULL || virStorageVolGetInfo (from, &info) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The volume %s could not be read"), source);
        return FALSE;
    }
    pool = pool_for_path (data, dest, error);
    if (pool == NULL)
        return FALSE;
    xml = g_strdup_printf ("<volume><name>%s</name>"
                           "<capacity unit='bytes'>%llu</capacity>"
                           "<allocation unit='bytes'>%llu</allocation>"
                           "%s%s%s</volume>", escaped, info.capacity,
                           data->clone->sparse ? 0 : info.capacity,
                           format ? "<target><format type='" : "", format ? format : "",
                           format ? "'/></target>" : "");
    made = virStorageVolCreateXMLFrom (pool, xml, from, data->clone->reflink
                                       ? VIR_STORAGE_VOL_CREATE_REFLINK : 0);
    if (made == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("%s could not be copied to %s"), source,
                                          dest);
        return FALSE;
    }
    g_ptr_array_add (data->made_volumes, virStorageVolGetPath (made));
    if (progress)
        vireo_progress_add_done (progress, info.allocation);
    return TRUE;
}

/* Copies the image at @source to @dest: a file here by Vireo (blocks
 * shared where the filesystem can), a volume by libvirt. */
static gboolean
copy_image (RunData *data, const char *source, gboolean here, const char *pool,
            const char *dest, const char *format, gboolean overwrite,
            VireoProgress *progress, GCancellable *cancellable, GError **error)
{
    VireoDomainClone *clone = data->clone;

    if (here && clone->internal_snapshot && g_strcmp0 (format, "qcow2") == 0) {
        if (!vireo_image_file_convert_snapshot (source, clone->internal_snapshot, dest,
                                                cancellable, error))
            return FALSE;
        g_ptr_array_add (data->made_files, g_strdup (dest));
        touch_pool (data, dest);
        if (progress)
            vireo_progress_add_done (progress, vireo_image_file_data_size (dest, NULL));
        return TRUE;
    }
    if (here && (clone->files_here || pool == NULL)) {
        VireoImageCopyFlags flags = (clone->sparse ? 0 : VIREO_IMAGE_COPY_ALLOCATE) |
                                    (clone->reflink ? VIREO_IMAGE_COPY_REFLINK : 0) |
                                    (overwrite ? VIREO_IMAGE_COPY_REPLACE : 0) |
                                    VIREO_IMAGE_COPY_NO_SYNC;   /* synced once defined */

        if (!vireo_image_file_copy (source, dest, flags, progress, cancellable, error))
            return FALSE;
        g_ptr_array_add (data->made_files, g_strdup (dest));
        touch_pool (data, dest);
        return TRUE;
    }
    if (pool != NULL)
        return copy_volume (data, source, dest, format, progress, error);
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                 _("%s cannot be copied: it is neither a file on this computer nor a storage "
                   "volume of the connection."), source);
    return FALSE;
}

/* Marks the original's linked images read-only, in its definition and on
 * disk. */
static gboolean
mark_original (RunData *data, GError **error)
{
    VireoDomainClone *clone = data->clone;
    g_autoptr(VireoVirtDomain) original = NULL;
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *changed = NULL;
    g_autoptr(VireoVirtDomain) redefined = NULL;

    original = virDomainLookupByName (data->refs.conn, clone->original_name);
    if (original == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The original “%s” could not be found to "
                                                   "make its images read-only"),
                                          clone->original_name);
        return FALSE;
    }
    xml = virDomainGetXMLDesc (original, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    if (xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The definition of “%s” could not be read"),
                                          clone->original_name);
        return FALSE;
    }
    editor = vireo_domain_editor_new (xml, error);
    if (editor == NULL)
        return FALSE;
    vireo_domain_editor_set_connection (editor, clone->uri, NULL, NULL);
    for (guint i = 0; i < clone->disks->len; i++) {
        VireoCloneDisk *disk = clone->disks->pdata[i];
        g_autoptr(VireoDomainEdit) edit = NULL;
        struct stat st;

        if (disk->action != VIREO_CLONE_DISK_LINK)
            continue;
        edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "disk", error);
        if (edit == NULL || !vireo_domain_edit_add_match (edit, "target.dev", disk->target,
                                                          error) ||
            !vireo_domain_edit_set (edit, "readonly", "on", error) ||
            !vireo_domain_editor_apply (editor, edit, error))
            return FALSE;
        if (stat (disk->source, &st) == 0 &&
            !g_hash_table_contains (data->modes, disk->source)) {
            g_hash_table_insert (data->modes, g_strdup (disk->source),
                                 GUINT_TO_POINTER (st.st_mode & 07777));
            g_chmod (disk->source, (int) (st.st_mode & 07777 & ~0222));
        }
    }
    changed = vireo_domain_editor_dup_xml (editor);
    redefined = virDomainDefineXML (data->refs.conn, changed);
    if (redefined == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The original “%s” could not be changed to "
                                                   "keep its images read-only"),
                                          clone->original_name);
        return FALSE;
    }
    return TRUE;
}

/* Deletes the VM named as the clone, keeping its XML to put it back. */
static gboolean
replace_existing (RunData *data, GError **error)
{
    g_autoptr(VireoVirtDomain) old = virDomainLookupByName (data->refs.conn, data->clone->name);
    int active;

    if (old == NULL) {
        virResetLastError ();
        return TRUE;
    }
    data->replaced_xml = virDomainGetXMLDesc (old, VIR_DOMAIN_XML_INACTIVE |
                                                   VIR_DOMAIN_XML_SECURE);
    active = virDomainIsActive (old);
    if (active == 1 && virDomainDestroy (old) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The VM “%s” could not be stopped to be "
                                                   "replaced"), data->clone->name);
        return FALSE;
    }
    if (virDomainUndefineFlags (old, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                     VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                     VIR_DOMAIN_UNDEFINE_KEEP_NVRAM) < 0 &&
        virDomainUndefine (old) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The VM “%s” could not be removed to be "
                                                   "replaced"), data->clone->name);
        return FALSE;
    }
    return TRUE;
}

static gboolean
define_clone (RunData *data, GError **error)
{
    data->defined = virDomainDefineXMLFlags (data->refs.conn, data->clone->xml,
                                             VIR_DOMAIN_DEFINE_VALIDATE);
    if (data->defined == NULL && (last_error_is (VIR_ERR_NO_SUPPORT) ||
                                  last_error_is (VIR_ERR_INVALID_ARG)))
        data->defined = virDomainDefineXML (data->refs.conn, data->clone->xml);
    if (data->defined == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The clone “%s” could not be defined"),
                                          data->clone->name);
        return FALSE;
    }
    return TRUE;
}

static gboolean
run_steps (RunData *data, GCancellable *cancellable, GError **error)
{
    VireoDomainClone *clone = data->clone;
    guint64 total = 0;

    for (guint i = 0; i < clone->disks->len; i++) {
        VireoCloneDisk *disk = clone->disks->pdata[i];

        if (disk->action == VIREO_CLONE_DISK_COPY)
            total += disk->size;
    }
    if (data->progress) {
        vireo_progress_set_total (data->progress, total);
        vireo_progress_set_done (data->progress, 0);
    }

    for (guint i = 0; i < clone->disks->len; i++) {
        VireoCloneDisk *disk = clone->disks->pdata[i];

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        if (disk->action == VIREO_CLONE_DISK_COPY) {
            g_autofree char *text = g_strdup_printf (_("Copying %s"), disk->new_path);

            if (data->progress)
                vireo_progress_set_text (data->progress, text);
            if (!copy_image (data, disk->source, disk->here, disk->pool, disk->new_path,
                             disk->format, disk->overwrite, data->progress, cancellable,
                             error))
                return FALSE;
        } else if (disk->action == VIREO_CLONE_DISK_LINK) {
            g_autofree char *format = disk->format ? g_strdup (disk->format)
                                                   : vireo_image_file_probe_format (disk->source);

            if (!vireo_image_file_create_overlay (disk->source, format, disk->new_path, error))
                return FALSE;
            g_ptr_array_add (data->made_files, g_strdup (disk->new_path));
            touch_pool (data, disk->new_path);
        }
    }
    if (clone->copy_nvram) {
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        VireoCloneVolume *volume = g_hash_table_lookup (clone->volumes, clone->nvram_source);

        if (!copy_image (data, clone->nvram_source, clone->nvram_here,
                         volume ? volume->pool : NULL, clone->new_nvram, NULL, FALSE,
                         NULL, cancellable, error))
            return FALSE;
    }
    for (guint i = 0; i < data->pools_touched->len; i++) {
        g_autoptr(VireoVirtStoragePool) pool =
            virStoragePoolLookupByName (data->refs.conn, data->pools_touched->pdata[i]);

        if (pool)
            virStoragePoolRefresh (pool, 0);
    }
    virResetLastError ();
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

    if (clone->replace && !replace_existing (data, error))
        return FALSE;
    if (!define_clone (data, error))
        return FALSE;
    /* The copies reach the disk after the definition, not before: libvirt
     * syncs the definition it writes, which on most filesystems commits the
     * copies' blocks with it, so the syncs here add no second journal
     * commit.  A failure still undoes the definition (run_run). */
    for (guint i = 0; i < data->made_files->len; i++) {
        if (!vireo_image_file_sync (data->made_files->pdata[i], error))
            return FALSE;
    }
    for (guint i = 0; i < clone->disks->len; i++) {
        if (((VireoCloneDisk *) clone->disks->pdata[i])->action == VIREO_CLONE_DISK_LINK &&
            !clone->keep_original)
            return mark_original (data, error) &&
                   (data->info = _vireo_domain_info_read (data->defined)) != NULL;
    }
    data->info = _vireo_domain_info_read (data->defined);
    return TRUE;
}

static gboolean
run_run (gpointer      user_data,
         GCancellable *cancellable,
         GError      **error)
{
    RunData *data = user_data;

    if (run_steps (data, cancellable, error))
        return TRUE;
    /* Back to how it was: nothing defined, nothing made, a replaced VM back. */
    if (data->defined) {
        virDomainUndefineFlags (data->defined, VIR_DOMAIN_UNDEFINE_KEEP_NVRAM);
        g_clear_pointer (&data->defined, virDomainFree);
    }
    if (data->replaced_xml) {
        g_autoptr(VireoVirtDomain) back = virDomainDefineXML (data->refs.conn,
                                                              data->replaced_xml);
    }
    remove_made (data);
    for (guint i = 0; i < data->pools_touched->len; i++) {
        g_autoptr(VireoVirtStoragePool) pool =
            virStoragePoolLookupByName (data->refs.conn, data->pools_touched->pdata[i]);

        if (pool)
            virStoragePoolRefresh (pool, 0);
    }
    virResetLastError ();
    return FALSE;
}

static gboolean
run_apply (gpointer  owner,
           gpointer  user_data,
           GError  **error)
{
    RunData *data = user_data;

    if (data->info) {
        _vireo_connection_merge_domain (VIREO_CONNECTION (owner), data->info);
        g_strlcpy (data->clone->new_uuid, data->info->uuid, sizeof data->clone->new_uuid);
    }
    return TRUE;
}

static const VireoWorkerOps run_ops = {
    .run = run_run,
    .apply = run_apply,
    .free_data = run_data_free,
    .generation = _vireo_connection_get_generation,
};

static RunData *
run_data_new (VireoDomainClone *self,
              VireoProgress    *progress,
              GError          **error)
{
    g_autoptr(RunData) data = g_new0 (RunData, 1);

    data->made_files = g_ptr_array_new_with_free_func (g_free);
    data->made_volumes = g_ptr_array_new_with_free_func (g_free);
    data->pools_touched = g_ptr_array_new_with_free_func (g_free);
    data->modes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    if (!self->prepared && !vireo_domain_clone_prepare (self, error))
        return NULL;
    if (!_vireo_handle_refs_take_connection (&data->refs, self->connection, error))
        return NULL;
    data->clone = g_object_ref (self);
    data->progress = progress ? g_object_ref (progress) : NULL;
    return g_steal_pointer (&data);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;

    if (vireo_worker_finish (source, result, vireo_domain_clone_run_async, &error) == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------ public API */

VireoDomainClone *
vireo_domain_clone_new_for_domain (VireoDomain  *domain,
                                   GCancellable *cancellable,
                                   GError      **error)
{
    g_autoptr(FactsData) data = NULL;
    VireoConnection *connection;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    connection = vireo_domain_get_connection (domain);
    data = facts_data_new (connection, domain, NULL, error);
    if (data == NULL || !vireo_worker_run (connection, &facts_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->clone);
}

void
vireo_domain_clone_new_for_domain_async (VireoDomain        *domain,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
    g_autoptr(GError) error = NULL;
    FactsData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    data = facts_data_new (vireo_domain_get_connection (domain), domain, NULL, &error);
    if (data == NULL) {
        g_task_report_error (domain, callback, user_data,
                             vireo_domain_clone_new_for_domain_async,
                             g_steal_pointer (&error));
        return;
    }
    vireo_worker_run_async (domain, vireo_domain_clone_new_for_domain_async, &facts_ops, data,
                            cancellable, callback, user_data);
}

VireoDomainClone *
vireo_domain_clone_new_for_domain_finish (VireoDomain  *domain,
                                          GAsyncResult *result,
                                          GError      **error)
{
    FactsData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = vireo_worker_finish (domain, result, vireo_domain_clone_new_for_domain_async, error);
    return data ? g_steal_pointer (&data->clone) : NULL;
}

VireoDomainClone *
vireo_domain_clone_new_for_xml (VireoConnection *connection,
                                const char      *xml,
                                GCancellable    *cancellable,
                                GError         **error)
{
    g_autoptr(FactsData) data = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (xml != NULL, NULL);

    data = facts_data_new (connection, NULL, xml, error);
    if (data == NULL || !vireo_worker_run (connection, &facts_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->clone);
}

void
vireo_domain_clone_new_for_xml_async (VireoConnection    *connection,
                                      const char         *xml,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
    g_autoptr(GError) error = NULL;
    FactsData *data;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (xml != NULL);

    data = facts_data_new (connection, NULL, xml, &error);
    if (data == NULL) {
        g_task_report_error (connection, callback, user_data,
                             vireo_domain_clone_new_for_xml_async, g_steal_pointer (&error));
        return;
    }
    vireo_worker_run_async (connection, vireo_domain_clone_new_for_xml_async, &facts_ops,
                            data, cancellable, callback, user_data);
}

VireoDomainClone *
vireo_domain_clone_new_for_xml_finish (VireoConnection *connection,
                                       GAsyncResult    *result,
                                       GError         **error)
{
    FactsData *data;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    data = vireo_worker_finish (connection, result, vireo_domain_clone_new_for_xml_async, error);
    return data ? g_steal_pointer (&data->clone) : NULL;
}

VireoDomain *
vireo_domain_clone_get_domain (VireoDomainClone *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);

    if (self->new_uuid[0] == '\0')
        return NULL;
    return vireo_connection_find_domain (self->connection, self->new_uuid);
}

gboolean
vireo_domain_clone_run (VireoDomainClone *self,
                        VireoProgress    *progress,
                        GCancellable     *cancellable,
                        GError          **error)
{
    g_autoptr(RunData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), FALSE);

    data = run_data_new (self, progress, error);
    return data != NULL && vireo_worker_run (self->connection, &run_ops, data, cancellable,
                                             error);
}

void
vireo_domain_clone_run_async (VireoDomainClone   *self,
                              VireoProgress      *progress,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GTask) task = NULL;
    RunData *data;

    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));

    data = run_data_new (self, progress, &error);
    if (data == NULL) {
        g_task_report_error (self, callback, user_data, vireo_domain_clone_run_async,
                             g_steal_pointer (&error));
        return;
    }
    /* The connection is the worker's owner; the caller's result is ours. */
    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_domain_clone_run_async);
    vireo_worker_run_async (self->connection, vireo_domain_clone_run_async, &run_ops, data,
                            cancellable, run_done_cb, g_steal_pointer (&task));
}

gboolean
vireo_domain_clone_run_finish (VireoDomainClone *self,
                               GAsyncResult     *result,
                               GError          **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}
