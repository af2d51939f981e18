/* vireo-domain-move.c: a shut-off VM moved to another connection of this computer
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-move.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-connection-private.h"
#include "vireo-domain-editor.h"
#include "vireo-domain-snapshot.h"
#include "vireo-image-file.h"
#include "vireo-libvirt-private.h"
#include "vireo-storage.h"
#include "vireo-uri.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    char    *from;
    char    *to;
    char    *target;      /* a disk's, or NULL */
    guint64  size;
} MoveFile;

typedef struct {
    VireoHandleRefs  refs;           /* the source's connection and the domain */
    virConnectPtr    dconn;
    VireoConnection *destination;
    char            *src_uri;
    char            *src_root;       /* an embedded root, or NULL */
    char            *dst_uri;
    char            *dst_root;
    char            *dst_name;
    VireoStorage    *dst_storage;
    char            *snapshot_folder;
    VireoProgress   *progress;
    GPtrArray       *files;          /* MoveFile* */
    GPtrArray       *made_files;     /* char*: made on the destination */
    GPtrArray       *made_dirs;      /* char*: made on the destination, deepest last */
    char            *src_tpm;        /* the source's TPM state folder, or NULL */
    char            *new_nvram;
    virDomainPtr     defined;
    VireoDomainInfo *info;
    gboolean         source_gone;
    char             uuid[VIR_UUID_STRING_BUFLEN];
} MoveData;

/* ---------------------------------------------------------------- helpers */

static void
move_file_free (MoveFile *file)
{
    g_free (file->from);
    g_free (file->to);
    g_free (file->target);
    g_free (file);
}

static void
move_data_free (gpointer user_data)
{
    MoveData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    if (data->dconn)
        virConnectClose (data->dconn);
    g_clear_object (&data->destination);
    g_free (data->src_uri);
    g_free (data->src_root);
    g_free (data->dst_uri);
    g_free (data->dst_root);
    g_free (data->dst_name);
    g_clear_object (&data->dst_storage);
    g_free (data->snapshot_folder);
    g_clear_object (&data->progress);
    g_ptr_array_unref (data->files);
    g_ptr_array_unref (data->made_files);
    g_ptr_array_unref (data->made_dirs);
    g_free (data->src_tpm);
    g_free (data->new_nvram);
    if (data->defined)
        virDomainFree (data->defined);
    g_clear_pointer (&data->info, _vireo_domain_info_free);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoveData, move_data_free)

static gboolean
last_error_is (int code)
{
    virErrorPtr err = virGetLastError ();

    return err != NULL && err->code == code;
}

static xmlNode *
child (xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
            return c;
    }
    return NULL;
}

static char *
attr (xmlNode *node, const char *name)
{
    xmlChar *v = node ? xmlGetProp (node, BAD_CAST name) : NULL;
    char *copy = v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static char *
text (xmlNode *node)
{
    xmlChar *v = node ? xmlNodeGetContent (node) : NULL;
    char *copy = v && *v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

/* libvirt's folders of a connection: "nvram" or "swtpm". */
static char *
libvirt_folder (const char *uri, const char *root, const char *which)
{
    gboolean nvram = g_str_equal (which, "nvram");

    if (root != NULL)
        return nvram ? g_build_filename (root, "lib", "qemu", "nvram", NULL)
                     : g_build_filename (root, "lib", "swtpm", NULL);
    if (g_str_has_suffix (uri, "/session"))
        return g_build_filename (g_get_user_config_dir (), "libvirt", "qemu", which, NULL);
    return nvram ? g_strdup ("/var/lib/libvirt/qemu/nvram") : g_strdup ("/var/lib/libvirt/swtpm");
}

/* A path in @dir named @base, or "-1", "-2" before its extension, that no
 * file or other planned copy has. */
static char *
free_path (MoveData *data, const char *dir, const char *base)
{
    const char *dot = strrchr (base, '.');
    g_autofree char *stem = dot ? g_strndup (base, dot - base) : g_strdup (base);

    for (guint n = 0; n < 1000; n++) {
        g_autofree char *name = n == 0 ? g_strdup (base)
                                       : g_strdup_printf ("%s-%u%s", stem, n, dot ? dot : "");
        char *path = g_build_filename (dir, name, NULL);
        gboolean planned = FALSE;

        for (guint i = 0; i < data->files->len; i++)
            planned |= g_strcmp0 (((MoveFile *) data->files->pdata[i])->to, path) == 0;
        if (!planned && !g_file_test (path, G_FILE_TEST_EXISTS))
            return path;
        g_free (path);
    }
    return NULL;
}

static gboolean
add_file (MoveData *data, const char *from, const char *to, const char *target, GError **error)
{
    MoveFile *file;
    struct stat st;

    if (g_stat (from, &st) < 0) {
        int saved_errno = errno;

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("%s, a file of “%s”, cannot be read: %s."), from, data->refs.name,
                     g_strerror (saved_errno));
        return FALSE;
    }
    file = g_new0 (MoveFile, 1);
    file->from = g_strdup (from);
    file->to = g_strdup (to);
    file->target = g_strdup (target);
    file->size = (guint64) st.st_size;
    g_ptr_array_add (data->files, file);
    return TRUE;
}

/* The destination's image folder: the embedded root's, or its default pool's. */
static char *
image_folder (MoveData *data, GError **error)
{
    g_autofree char *pool = NULL;
    g_autoptr(GPtrArray) pools = NULL;

    if (data->dst_storage == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("%s has no storage for disk images."), data->dst_name);
        return NULL;
    }
    if (VIREO_IS_STORAGE_DIR (data->dst_storage)) {
        const char *dir = vireo_storage_dir_get_directory (VIREO_STORAGE_DIR (data->dst_storage));

        if (g_mkdir_with_parents (dir, 0700) < 0) {
            int saved_errno = errno;

            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("The folder %s could not be made: %s."), dir,
                         g_strerror (saved_errno));
            return NULL;
        }
        return g_strdup (dir);
    }
    pool = vireo_storage_ensure_default_pool (data->dst_storage, error);
    if (pool == NULL)
        return NULL;
    pools = vireo_storage_list_pools (data->dst_storage, error);
    for (guint i = 0; pools && i < pools->len; i++) {
        VireoStoragePoolInfo *p = pools->pdata[i];

        if (g_strcmp0 (p->name, pool) == 0 && p->path)
            return g_strdup (p->path);
    }
    if (pools != NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The storage pool “%s” of %s has no folder."), pool, data->dst_name);
    return NULL;
}

/* What moves: the images, the NVRAM file, the TPM state. */
static gboolean
plan (MoveData *data, xmlDoc *doc, GError **error)
{
    xmlNode *root = xmlDocGetRootElement (doc);
    xmlNode *os = child (root, "os");
    g_autofree char *images = image_folder (data, error);
    g_autofree char *nvram = NULL;

    if (images == NULL)
        return FALSE;
    for (xmlNode *d = child (child (root, "devices"), "disk"); d; d = d->next) {
        g_autofree char *type = NULL;
        g_autofree char *device = NULL;
        g_autofree char *path = NULL;
        g_autofree char *target = NULL;
        g_autofree char *backing = NULL;
        g_autofree char *base = NULL;
        g_autofree char *to = NULL;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        type = attr (d, "type");
        device = attr (d, "device");
        target = attr (child (d, "target"), "dev");
        path = attr (child (d, "source"), "file");
        if (child (d, "readonly") || child (d, "shareable") ||
            (device && !g_str_equal (device, "disk")) ||
            (path == NULL && g_strcmp0 (type, "file") == 0))
            continue;
        if (g_strcmp0 (type, "file") != 0) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                         _("The disk %s of “%s” is not an image file: Move copies image "
                           "files only."), target, data->refs.name);
            return FALSE;
        }
        backing = vireo_image_file_dup_backing (path);
        if (backing != NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                         _("The disk %s of “%s” is an overlay on %s, which would not move "
                           "with it. Make a full clone first, and move that."), target,
                         data->refs.name, backing);
            return FALSE;
        }
        base = g_path_get_basename (path);
        to = free_path (data, images, base);
        if (to == NULL || !add_file (data, path, to, target, error))
            return FALSE;
    }
    nvram = text (child (os, "nvram"));
    if (nvram != NULL && g_file_test (nvram, G_FILE_TEST_EXISTS)) {
        g_autofree char *dir = libvirt_folder (data->dst_uri, data->dst_root, "nvram");
        g_autofree char *name = text (child (root, "name"));
        g_autofree char *base = g_strdup_printf ("%s_VARS.fd", name);

        data->new_nvram = free_path (data, dir, base);
        if (!add_file (data, nvram, data->new_nvram, NULL, error))
            return FALSE;
    }
    {
        xmlNode *tpm = child (child (root, "devices"), "tpm");
        g_autofree char *backend = attr (child (tpm, "backend"), "type");

        if (g_strcmp0 (backend, "emulator") == 0) {
            g_autofree char *src = libvirt_folder (data->src_uri, data->src_root, "swtpm");
            g_autofree char *dst = libvirt_folder (data->dst_uri, data->dst_root, "swtpm");
            g_autofree char *from = g_build_filename (src, data->uuid, NULL);
            g_autofree char *to = g_build_filename (dst, data->uuid, NULL);
            g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);

            if (g_file_test (to, G_FILE_TEST_EXISTS)) {
                g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                             _("%s has TPM state for this VM's UUID already, in %s."),
                             data->dst_name, to);
                return FALSE;
            }
            if (g_file_test (from, G_FILE_TEST_IS_DIR)) {
                data->src_tpm = g_strdup (from);
                g_ptr_array_add (stack, g_strdup (""));
                while (stack->len > 0) {
                    g_autofree char *rel = g_ptr_array_steal_index (stack, stack->len - 1);
                    g_autofree char *dir = g_build_filename (from, rel, NULL);
                    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
                    const char *entry;

                    while (listing && (entry = g_dir_read_name (listing))) {
                        g_autofree char *sub = g_build_filename (rel, entry, NULL);
                        g_autofree char *path = g_build_filename (from, sub, NULL);
                        g_autofree char *dest = g_build_filename (to, sub, NULL);

                        if (g_str_equal (entry, ".lock"))
                            continue;
                        if (g_file_test (path, G_FILE_TEST_IS_DIR))
                            g_ptr_array_add (stack, g_steal_pointer (&sub));
                        else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
                                 !add_file (data, path, dest, NULL, error))
                            return FALSE;
                    }
                }
            }
        }
    }
    return TRUE;
}

/* Makes @dir and its missing parents, noting what it made. */
static gboolean
make_dirs (MoveData *data, const char *dir, GError **error)
{
    g_autofree char *parent = NULL;

    if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return TRUE;
    parent = g_path_get_dirname (dir);
    if (!g_str_equal (parent, dir) && !make_dirs (data, parent, error))
        return FALSE;
    if (g_mkdir (dir, 0711) < 0) {
        int saved_errno = errno;

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The folder %s could not be made: %s."), dir, g_strerror (saved_errno));
        return FALSE;
    }
    g_ptr_array_add (data->made_dirs, g_strdup (dir));
    return TRUE;
}

static gboolean
copy_and_check (MoveData *data, GCancellable *cancellable, GError **error)
{
    guint64 total = 0;

    for (guint i = 0; i < data->files->len; i++) {
        MoveFile *file = data->files->pdata[i];

        total += vireo_image_file_data_size (file->from, NULL) + 2 * file->size;
    }
    if (data->progress) {
        vireo_progress_set_total (data->progress, total);
        vireo_progress_set_done (data->progress, 0);
    }
    for (guint i = 0; i < data->files->len; i++) {
        MoveFile *file = data->files->pdata[i];
        g_autofree char *dir = g_path_get_dirname (file->to);
        g_autofree char *message = g_strdup_printf (_("Copying %s"), file->from);

        if (data->progress)
            vireo_progress_set_text (data->progress, message);
        if (!make_dirs (data, dir, error) ||
            !vireo_image_file_copy (file->from, file->to, VIREO_IMAGE_COPY_DEFAULT,
                                    data->progress, cancellable, error))
            return FALSE;
        g_ptr_array_add (data->made_files, g_strdup (file->to));
    }
    /* Every copy read back and compared with its original. */
    for (guint i = 0; i < data->files->len; i++) {
        MoveFile *file = data->files->pdata[i];
        g_autofree char *message = g_strdup_printf (_("Checking %s"), file->to);
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;
        struct stat st;

        if (data->progress)
            vireo_progress_set_text (data->progress, message);
        if (g_stat (file->to, &st) < 0 || (guint64) st.st_size != file->size) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("The copy %s is not the size of %s."), file->to, file->from);
            return FALSE;
        }
        a = vireo_image_file_checksum (file->from, data->progress, cancellable, error);
        if (a == NULL)
            return FALSE;
        b = vireo_image_file_checksum (file->to, data->progress, cancellable, error);
        if (b == NULL)
            return FALSE;
        if (!g_str_equal (a, b)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("The copy %s differs from %s."), file->to, file->from);
            return FALSE;
        }
    }
    return TRUE;
}

/* The definition on the destination: the copies' paths. */
static char *
destination_xml (MoveData *data, const char *xml, GError **error)
{
    g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new (xml, error);

    if (editor == NULL)
        return NULL;
    vireo_domain_editor_set_connection (editor, data->dst_uri, NULL, NULL);
    for (guint i = 0; i < data->files->len; i++) {
        MoveFile *file = data->files->pdata[i];
        g_autoptr(VireoDomainEdit) edit = NULL;

        if (file->target == NULL)
            continue;
        edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "disk", error);
        if (edit == NULL ||
            !vireo_domain_edit_add_match (edit, "target.dev", file->target, error) ||
            !vireo_domain_edit_set (edit, "path", file->to, error) ||
            !vireo_domain_editor_apply (editor, edit, error))
            return NULL;
    }
    if (data->new_nvram) {
        g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE,
                                                                 "boot", error);

        if (edit == NULL || !vireo_domain_edit_set (edit, "nvram", data->new_nvram, error) ||
            !vireo_domain_editor_apply (editor, edit, error))
            return NULL;
    }
    return vireo_domain_editor_dup_xml (editor);
}

static void
undo (MoveData *data)
{
    if (data->defined) {
        virDomainUndefineFlags (data->defined, VIR_DOMAIN_UNDEFINE_KEEP_NVRAM |
                                               VIR_DOMAIN_UNDEFINE_KEEP_TPM);
        g_clear_pointer (&data->defined, virDomainFree);
    }
    for (guint i = 0; i < data->made_files->len; i++)
        g_unlink (data->made_files->pdata[i]);
    for (guint i = data->made_dirs->len; i > 0; i--)
        g_rmdir (data->made_dirs->pdata[i - 1]);
    virResetLastError ();
}

static void
remove_tree (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    const char *entry;

    while (dir && (entry = g_dir_read_name (dir))) {
        g_autofree char *sub = g_build_filename (path, entry, NULL);

        if (g_file_test (sub, G_FILE_TEST_IS_DIR) && !g_file_test (sub, G_FILE_TEST_IS_SYMLINK))
            remove_tree (sub);
        else
            g_unlink (sub);
    }
    g_rmdir (path);
}

/* The source's VM and files, once the destination has it all. */
static gboolean
remove_source (MoveData *data, GError **error)
{
    static const unsigned int attempts[] = {
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_TPM,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_NVRAM,
        0,
    };
    gboolean gone = FALSE;

    for (gsize i = 0; i < G_N_ELEMENTS (attempts) && !gone; i++) {
        gone = (attempts[i] ? virDomainUndefineFlags (data->refs.dom, attempts[i])
                            : virDomainUndefine (data->refs.dom)) == 0;
        if (!gone && !last_error_is (VIR_ERR_NO_SUPPORT) && !last_error_is (VIR_ERR_INVALID_ARG))
            break;
    }
    if (!gone) {
        vireo_vmm_set_error_from_libvirt (error, _("“%s” is on %s now, but could not be removed "
                                                   "from here"), data->refs.name,
                                          data->dst_name);
        return FALSE;
    }
    data->source_gone = TRUE;
    virResetLastError ();
    for (guint i = 0; i < data->files->len; i++)
        g_unlink (((MoveFile *) data->files->pdata[i])->from);
    if (data->src_tpm)
        remove_tree (data->src_tpm);
    if (data->snapshot_folder)
        remove_tree (data->snapshot_folder);
    return TRUE;
}

static gboolean
move_run (gpointer      user_data,
          GCancellable *cancellable,
          GError      **error)
{
    MoveData *data = user_data;
    g_autofree char *xml = NULL;
    g_autofree char *new_xml = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    int state = 0, reason = 0, n_snapshots;

    if (virDomainGetState (data->refs.dom, &state, &reason, 0) < 0 ||
        virDomainGetUUIDString (data->refs.dom, data->uuid) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The state of “%s” could not be read"),
                                          data->refs.name);
        return FALSE;
    }
    if (state != VIR_DOMAIN_SHUTOFF) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("“%s” must be shut off to be moved (migration moves running VMs)."),
                     data->refs.name);
        return FALSE;
    }
    n_snapshots = virDomainSnapshotNum (data->refs.dom, 0);
    if (n_snapshots > 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("“%s” has snapshots, which cannot move with it. Delete them first, or "
                       "make a new VM from the one to keep."), data->refs.name);
        return FALSE;
    }
    virResetLastError ();
    {
        g_autoptr(VireoVirtDomain) by_name = virDomainLookupByName (data->dconn, data->refs.name);
        g_autoptr(VireoVirtDomain) by_uuid = virDomainLookupByUUIDString (data->dconn,
                                                                           data->uuid);

        virResetLastError ();
        if (by_name != NULL || by_uuid != NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                         _("%s has a VM named “%s” or with its UUID already."), data->dst_name,
                         data->refs.name);
            return FALSE;
        }
    }
    xml = virDomainGetXMLDesc (data->refs.dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    doc = xml ? xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
              : NULL;
    if (doc == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The definition of “%s” could not be read"),
                                          data->refs.name);
        return FALSE;
    }
    if (!plan (data, doc, error))
        return FALSE;

    if (!copy_and_check (data, cancellable, error) ||
        (new_xml = destination_xml (data, xml, error)) == NULL ||
        g_cancellable_set_error_if_cancelled (cancellable, error)) {
        undo (data);
        return FALSE;
    }
    data->defined = virDomainDefineXMLFlags (data->dconn, new_xml, VIR_DOMAIN_DEFINE_VALIDATE);
    if (data->defined == NULL && (last_error_is (VIR_ERR_NO_SUPPORT) ||
                                  last_error_is (VIR_ERR_INVALID_ARG)))
        data->defined = virDomainDefineXML (data->dconn, new_xml);
    if (data->defined == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("“%s” could not be defined on %s"),
                                          data->refs.name, data->dst_name);
        undo (data);
        return FALSE;
    }
    /* The destination has it: read it back from there. */
    {
        g_autoptr(VireoVirtDomain) there = virDomainLookupByUUIDString (data->dconn,
                                                                         data->uuid);

        if (there == NULL) {
            vireo_vmm_set_error_from_libvirt (error, _("“%s” could not be found on %s after "
                                                       "it was defined"), data->refs.name,
                                              data->dst_name);
            undo (data);
            return FALSE;
        }
        data->info = _vireo_domain_info_read (there);
    }
    if (data->progress)
        vireo_progress_set_text (data->progress, NULL);
    return remove_source (data, error);
}

/* The owner's context, success or not: the lists follow what happened. */
static void
move_failed (gpointer      owner,
             gpointer      user_data,
             const GError *error)
{
    MoveData *data = user_data;
    VireoDomain *domain = VIREO_DOMAIN (owner);
    VireoConnection *source = vireo_domain_get_connection (domain);

    if (data->info != NULL && data->defined != NULL)
        _vireo_connection_merge_domain (data->destination, data->info);
    if (data->source_gone && source != NULL)
        _vireo_connection_remove_domain (source, domain);
}

static gboolean
move_apply (gpointer  owner,
            gpointer  user_data,
            GError  **error)
{
    move_failed (owner, user_data, NULL);
    return TRUE;
}

static const VireoWorkerOps move_ops = {
    .run = move_run,
    .apply = move_apply,
    .failed = move_failed,
    .free_data = move_data_free,
    .check_cancellable = TRUE,
};

static MoveData *
move_data_new (VireoDomain     *domain,
               VireoConnection *destination,
               VireoProgress   *progress,
               GError         **error)
{
    g_autoptr(MoveData) data = g_new0 (MoveData, 1);
    VireoConnection *source = vireo_domain_get_connection (domain);
    VireoStorage *storage = vireo_connection_get_storage (destination);

    data->files = g_ptr_array_new_with_free_func ((GDestroyNotify) move_file_free);
    data->made_files = g_ptr_array_new_with_free_func (g_free);
    data->made_dirs = g_ptr_array_new_with_free_func (g_free);
    data->src_uri = g_strdup (vireo_connection_get_uri (source));
    data->dst_uri = g_strdup (vireo_connection_get_uri (destination));
    if (source == destination) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("“%s” is on that connection already."), vireo_domain_get_name (domain));
        return NULL;
    }
    if (!vireo_uri_is_local (data->src_uri) || !vireo_uri_is_local (data->dst_uri) ||
        g_str_has_prefix (data->src_uri, "test:") || g_str_has_prefix (data->dst_uri, "test:")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("Move to… works between connections of this computer; to another "
                       "host, migrate the VM instead."));
        return NULL;
    }
    if (!_vireo_handle_refs_take_connection (&data->refs, source, error))
        return NULL;
    _vireo_handle_refs_take_domain (&data->refs, domain);
    data->dconn = _vireo_connection_ref_handle (destination, error);
    if (data->dconn == NULL)
        return NULL;
    data->destination = g_object_ref (destination);
    data->src_root = g_strdup (source->embed_root);
    data->dst_root = g_strdup (destination->embed_root);
    data->dst_name = vireo_connection_dup_display_name (destination);
    data->dst_storage = storage ? g_object_ref (storage) : NULL;
    data->snapshot_folder = vireo_domain_dup_snapshot_folder (domain);
    data->progress = progress ? g_object_ref (progress) : NULL;
    return g_steal_pointer (&data);
}

/* ------------------------------------------------------------ public API */

gboolean
vireo_domain_move (VireoDomain     *domain,
                   VireoConnection *destination,
                   VireoProgress   *progress,
                   GCancellable    *cancellable,
                   GError         **error)
{
    g_autoptr(MoveData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);
    g_return_val_if_fail (VIREO_IS_CONNECTION (destination), FALSE);

    data = move_data_new (domain, destination, progress, error);
    return data != NULL && vireo_worker_run (domain, &move_ops, data, cancellable, error);
}

void
vireo_domain_move_async (VireoDomain        *domain,
                         VireoConnection    *destination,
                         VireoProgress      *progress,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
    GError *error = NULL;
    MoveData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));
    g_return_if_fail (VIREO_IS_CONNECTION (destination));

    data = move_data_new (domain, destination, progress, &error);
    if (data == NULL) {
        g_task_report_error (domain, callback, user_data, vireo_domain_move_async, error);
        return;
    }
    vireo_worker_run_async (domain, vireo_domain_move_async, &move_ops, data, cancellable,
                            callback, user_data);
}

gboolean
vireo_domain_move_finish (VireoDomain  *domain,
                          GAsyncResult *result,
                          GError      **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    return vireo_worker_finish (domain, result, vireo_domain_move_async, error) != NULL;
}
