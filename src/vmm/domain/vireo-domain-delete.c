/* vireo-domain-delete.c: deleting a VM, and the files its deletion may remove (each with
 * whether it should be, and why not)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-delete.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-connection-private.h"
#include "vireo-domain.h"
#include "vireo-domain-snapshot.h"
#include "vireo-image-file.h"
#include "vireo-libvirt-private.h"
#include "vireo-storage.h"
#include "vireo-uri.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

/* Base images deeper than this are not followed (a loop, or a mistake). */
#define MAX_CHAIN 16

void
vireo_delete_file_free (VireoDeleteFile *file)
{
    if (file == NULL)
        return;
    g_free (file->path);
    g_free (file->target);
    g_free (file->reason);
    g_free (file->used_by);
    g_free (file);
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
    char *copy = v && *v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static char *
text (xmlNode *node)
{
    xmlChar *v = node ? xmlNodeGetContent (node) : NULL;
    char *copy = NULL;

    if (v != NULL) {
        copy = g_strstrip (g_strdup ((const char *) v));
        if (*copy == '\0')
            g_clear_pointer (&copy, g_free);
    }
    xmlFree (v);
    return copy;
}

static xmlDoc *
parse (const char *xml, GError **error)
{
    xmlDoc *doc = xml ? xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING)
                      : NULL;

    if (doc == NULL || xmlDocGetRootElement (doc) == NULL ||
        !xmlStrEqual (xmlDocGetRootElement (doc)->name, BAD_CAST "domain")) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                             _("The definition of the virtual machine is not valid XML."));
        g_clear_pointer (&doc, xmlFreeDoc);
    }
    return doc;
}

/* A disk's file: <source file=…>, or dev=… for a block device. */
static char *
disk_path (xmlNode *disk)
{
    xmlNode *source = child (disk, "source");
    char *path = attr (source, "file");

    return path ? path : attr (source, "dev");
}

/* Every file another VM uses, mapped to that VM's name: its disks, and the
 * base images under them where they can be read. */
static void
note_other (GHashTable *used, const char *name, const char *xml, gboolean local_files)
{
    g_autoptr(xmlDoc) doc = parse (xml, NULL);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    xmlNode *devices = child (root, "devices");

    for (xmlNode *d = devices ? devices->children : NULL; d; d = d->next) {
        g_autofree char *path = NULL;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        path = disk_path (d);
        for (guint depth = 0; path != NULL && depth < MAX_CHAIN; depth++) {
            char *backing;

            if (!g_hash_table_contains (used, path))
                g_hash_table_insert (used, g_strdup (path), g_strdup (name));
            backing = local_files ? vireo_image_file_dup_backing (path) : NULL;
            g_free (path);
            path = backing;
        }
    }
    {
        xmlNode *os = child (root, "os");
        const char *boot[] = { "kernel", "initrd", "dtb" };

        for (gsize i = 0; i < G_N_ELEMENTS (boot); i++) {
            g_autofree char *path = text (child (os, boot[i]));

            if (path != NULL && !g_hash_table_contains (used, path))
                g_hash_table_insert (used, g_steal_pointer (&path), g_strdup (name));
        }
    }
}

static gboolean
listed (GPtrArray *files, const char *path)
{
    for (guint i = 0; i < files->len; i++) {
        if (g_str_equal (((VireoDeleteFile *) files->pdata[i])->path, path))
            return TRUE;
    }
    return FALSE;
}

/* Adds @path, removed unless @reason says why not, or another VM uses it. */
static void
add (GPtrArray *files, GHashTable *used, const char *path, const char *target,
     VireoDeleteFileKind kind, const char *reason)
{
    VireoDeleteFile *file;
    const char *user = g_hash_table_lookup (used, path);

    if (listed (files, path))
        return;
    file = g_new0 (VireoDeleteFile, 1);
    file->path = g_strdup (path);
    file->target = g_strdup (target);
    file->kind = kind;
    if (user != NULL) {
        file->used_by = g_strdup (user);
        file->reason = g_strdup_printf (_("Used by the virtual machine “%s”."), user);
    } else if (reason != NULL) {
        file->reason = g_strdup (reason);
    }
    file->remove = file->reason == NULL;
    g_ptr_array_add (files, file);
}

GPtrArray *
vireo_delete_file_list (const char         *xml,
                        const char * const *other_names,
                        const char * const *other_xmls,
                        gboolean            local_files,
                        GError            **error)
{
    g_autoptr(xmlDoc) doc = parse (xml, error);
    g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) files = NULL;
    xmlNode *root, *os;

    if (doc == NULL)
        return NULL;
    for (guint i = 0; other_names && other_xmls && other_names[i] && other_xmls[i]; i++)
        note_other (used, other_names[i], other_xmls[i], local_files);

    files = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_delete_file_free);
    root = xmlDocGetRootElement (doc);
    for (xmlNode *d = child (child (root, "devices"), "disk"); d; d = d->next) {
        g_autofree char *device = NULL;
        g_autofree char *path = NULL;
        g_autofree char *target = NULL;
        g_autofree char *backing = NULL;
        VireoDeleteFileKind kind = VIREO_DELETE_FILE_DISK;
        const char *reason = NULL;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        path = disk_path (d);
        if (path == NULL)
            continue;   /* an empty drive, or a network disk: no file of ours */
        device = attr (d, "device");
        target = attr (child (d, "target"), "dev");
        if (g_strcmp0 (device, "cdrom") == 0) {
            kind = VIREO_DELETE_FILE_CDROM;
            reason = _("Install media (a CD-ROM image).");
        } else if (g_strcmp0 (device, "floppy") == 0) {
            kind = VIREO_DELETE_FILE_FLOPPY;
            reason = _("Install media (a floppy image).");
        } else if (child (d, "shareable") != NULL) {
            reason = _("Shareable: other virtual machines may use it.");
        } else if (child (d, "readonly") != NULL) {
            reason = _("Read-only: this virtual machine never wrote to it.");
        } else if (g_str_has_prefix (path, "/dev/")) {
            reason = _("A device of the host, not an image file.");
        }
        add (files, used, path, target, kind, reason);

        /* The base images under it: this VM's external snapshots, or the
         * original of a linked clone. */
        backing = local_files ? vireo_image_file_dup_backing (path) : NULL;
        for (guint depth = 0; backing != NULL && depth < MAX_CHAIN; depth++) {
            char *next;

            add (files, used, backing, target, VIREO_DELETE_FILE_BACKING,
                 _("A base image under this virtual machine's disk: other images may be "
                   "overlays on it too."));
            next = vireo_image_file_dup_backing (backing);
            g_free (backing);
            backing = next;
        }
    }

    os = child (root, "os");
    {
        const struct {
            const char          *element;
            VireoDeleteFileKind  kind;
        } boot[] = {
            { "kernel", VIREO_DELETE_FILE_KERNEL },
            { "initrd", VIREO_DELETE_FILE_INITRD },
            { "dtb",    VIREO_DELETE_FILE_DTB },
        };

        for (gsize i = 0; i < G_N_ELEMENTS (boot); i++) {
            g_autofree char *path = text (child (os, boot[i].element));

            if (path != NULL)
                add (files, used, path, NULL, boot[i].kind,
                     _("A file of direct boot (kernel, initrd or device tree), often kept "
                       "with the installer that provided it."));
        }
    }
    return g_steal_pointer (&files);
}

/* ------------------------------------------------------------ the worker */

typedef struct {
    VireoHandleRefs  refs;
    gboolean         local;
    GPtrArray       *files;
} ListData;

static void
list_data_free (gpointer user_data)
{
    ListData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_clear_pointer (&data->files, g_ptr_array_unref);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListData, list_data_free)

static gboolean
list_run (gpointer      user_data,
          GCancellable *cancellable,
          GError      **error)
{
    ListData *data = user_data;
    g_autofree char *xml = NULL;
    g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) xmls = g_strv_builder_new ();
    g_auto(GStrv) name_list = NULL;
    g_auto(GStrv) xml_list = NULL;
    virDomainPtr *domains = NULL;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int n;

    xml = virDomainGetXMLDesc (data->refs.dom, VIR_DOMAIN_XML_INACTIVE);
    if (xml == NULL || virDomainGetUUID (data->refs.dom, uuid) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not read the description of “%s”"),
                                          data->refs.name);
        return FALSE;
    }
    n = virConnectListAllDomains (data->refs.conn, &domains, 0);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not list the other virtual "
                                                   "machines, to see which files they use"));
        return FALSE;
    }
    for (int i = 0; i < n; i++) {
        unsigned char other[VIR_UUID_BUFLEN];
        char *other_xml = NULL;

        if (virDomainGetUUID (domains[i], other) == 0 && memcmp (uuid, other, sizeof uuid) != 0) {
            /* Both definitions: a running VM may use media its next start will not. */
            const unsigned int flags[] = { VIR_DOMAIN_XML_INACTIVE, 0 };

            for (gsize f = 0; f < G_N_ELEMENTS (flags); f++) {
                other_xml = virDomainGetXMLDesc (domains[i], flags[f]);
                if (other_xml != NULL) {
                    g_strv_builder_add (names, virDomainGetName (domains[i]));
                    g_strv_builder_add (xmls, other_xml);
                    free (other_xml);
                }
            }
        }
        virDomainFree (domains[i]);
    }
    free (domains);
    virResetLastError ();
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    name_list = g_strv_builder_end (names);
    xml_list = g_strv_builder_end (xmls);
    data->files = vireo_delete_file_list (xml, (const char * const *) name_list,
                                          (const char * const *) xml_list, data->local, error);
    return data->files != NULL;
}

static const VireoWorkerOps list_ops = {
    .run = list_run,
    .free_data = list_data_free,
    .check_cancellable = TRUE,
};

static ListData *
list_data_new (VireoDomain *self, GError **error)
{
    g_autoptr(ListData) data = g_new0 (ListData, 1);
    VireoConnection *connection = vireo_domain_get_connection (self);

    if (connection == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                     _("“%s” is no longer on a connection."), vireo_domain_get_name (self));
        return NULL;
    }
    if (!_vireo_handle_refs_take_connection (&data->refs, connection, error))
        return NULL;
    _vireo_handle_refs_take_domain (&data->refs, self);
    /* Images are read for their base images only where they are this
     * computer's files. */
    data->local = vireo_uri_is_local (vireo_connection_get_uri (connection));
    return g_steal_pointer (&data);
}

GPtrArray *
vireo_domain_list_delete_files (VireoDomain  *self,
                                GCancellable *cancellable,
                                GError      **error)
{
    g_autoptr(ListData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    data = list_data_new (self, error);
    if (data == NULL || !vireo_worker_run (self, &list_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->files);
}

void
vireo_domain_list_delete_files_async (VireoDomain        *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
    GError *error = NULL;
    ListData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (self));

    data = list_data_new (self, &error);
    if (data == NULL) {
        g_task_report_error (self, callback, user_data, vireo_domain_list_delete_files_async,
                             error);
        return;
    }
    vireo_worker_run_async (self, vireo_domain_list_delete_files_async, &list_ops, data,
                            cancellable, callback, user_data);
}

GPtrArray *
vireo_domain_list_delete_files_finish (VireoDomain  *self,
                                       GAsyncResult *result,
                                       GError      **error)
{
    ListData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    data = vireo_worker_finish (self, result, vireo_domain_list_delete_files_async, error);
    return data != NULL ? g_steal_pointer (&data->files) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Deleting the VM: undefine, then remove the chosen files */

typedef struct {
    VireoHandleRefs         refs;
    VireoDomainDeleteFlags  flags;
    GStrv                   disks;
    VireoStorage           *storage;
    char                   *snapshot_folder;   /* Vireo's screenshots of its snapshots */
    gboolean                gone;   /* the domain no longer exists */
} DeleteData;

static void
delete_data_free (gpointer user_data)
{
    DeleteData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_strfreev (data->disks);
    g_clear_object (&data->storage);
    g_free (data->snapshot_folder);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

/* Removes Vireo's folder of the snapshots' screenshots (files only). */
static void
remove_snapshot_folder (const char *folder)
{
    g_autoptr(GDir) dir = folder ? g_dir_open (folder, 0, NULL) : NULL;
    const char *entry;

    if (dir == NULL)
        return;
    while ((entry = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_build_filename (folder, entry, NULL);

        g_unlink (path);
    }
    g_rmdir (folder);
}

static gboolean
last_error_is (int code)
{
    virErrorPtr err = virGetLastError ();

    return err != NULL && err->code == code;
}

/* Undefines with as many cleanup flags as the driver accepts. */
static gboolean
undefine_with_fallback (DeleteData *data,
                        GError    **error)
{
    static const unsigned int attempts[] = {
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
            VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM |
            VIR_DOMAIN_UNDEFINE_TPM,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
            VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
            VIR_DOMAIN_UNDEFINE_NVRAM,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
        0,
    };

    for (gsize i = 0; i < G_N_ELEMENTS (attempts); i++) {
        int rc = attempts[i] != 0 ? virDomainUndefineFlags (data->refs.dom, attempts[i])
                                  : virDomainUndefine (data->refs.dom);

        if (rc == 0)
            return TRUE;
        if (last_error_is (VIR_ERR_NO_DOMAIN))
            return TRUE;
        if (!last_error_is (VIR_ERR_NO_SUPPORT) && !last_error_is (VIR_ERR_INVALID_ARG) &&
            !last_error_is (VIR_ERR_ARGUMENT_UNSUPPORTED))
            break;
    }
    vireo_vmm_set_error_from_libvirt (error, _("Could not delete “%s”"), data->refs.name);
    return FALSE;
}

static void
remove_disks (DeleteData *data,
              GError    **error)
{
    g_autoptr(GString) failed = g_string_new (NULL);
    int code = VIREO_VMM_ERROR_FAILED;
    guint n_failed = 0;

    for (guint i = 0; data->disks != NULL && data->disks[i] != NULL; i++) {
        g_autoptr(GError) local = NULL;

        if (data->storage == NULL) {
            g_set_error_literal (&local, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                                 _("The connection has no storage."));
        } else if (vireo_storage_delete_volume (data->storage, data->disks[i], &local)) {
            continue;
        }
        if (n_failed++ == 0)
            code = local->code;
        if (failed->len > 0)
            g_string_append (failed, "; ");
        g_string_append_printf (failed, "%s (%s)", data->disks[i], local->message);
    }
    if (n_failed > 0)
        g_set_error (error, VIREO_VMM_ERROR, code,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "“%s” was deleted, but %u of its disk files could not be "
                                  "removed: %s",
                                  "“%s” was deleted, but %u of its disk files could not be "
                                  "removed: %s", n_failed),
                     data->refs.name, n_failed, failed->str);
}

/* Any thread. */
static gboolean
delete_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    DeleteData *data = user_data;
    int persistent = virDomainIsPersistent (data->refs.dom);
    int active = virDomainIsActive (data->refs.dom);

    if (persistent < 0 || active < 0) {
        if (!last_error_is (VIR_ERR_NO_DOMAIN)) {
            vireo_vmm_set_error_from_libvirt (error, _("Could not delete “%s”"), data->refs.name);
            return FALSE;
        }
        persistent = active = 0;   /* already gone */
    }
    if (active == 1 && virDomainDestroy (data->refs.dom) < 0 &&
        !last_error_is (VIR_ERR_OPERATION_INVALID) && !last_error_is (VIR_ERR_NO_DOMAIN)) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not stop “%s” to delete it"),
                                          data->refs.name);
        return FALSE;
    }
    if (persistent == 1 && !undefine_with_fallback (data, error))
        return FALSE;
    virResetLastError ();
    data->gone = TRUE;
    remove_snapshot_folder (data->snapshot_folder);

    if ((data->flags & VIREO_DOMAIN_DELETE_REMOVE_DISKS) != 0) {
        GError *local = NULL;

        remove_disks (data, &local);
        if (local != NULL) {
            g_propagate_error (error, local);
            return FALSE;
        }
    }
    return TRUE;
}

/* The owner's context, whether the deletion succeeded or not: a domain that
 * is gone leaves the list. */
static void
delete_failed (gpointer      owner,
               gpointer      user_data,
               const GError *error)
{
    VireoDomain *self = VIREO_DOMAIN (owner);
    DeleteData *data = user_data;
    VireoConnection *connection = vireo_domain_get_connection (self);

    if (data->gone && connection != NULL)
        _vireo_connection_remove_domain (connection, self);
}

static gboolean
delete_apply (gpointer  owner,
              gpointer  user_data,
              GError  **error)
{
    delete_failed (owner, user_data, NULL);
    return TRUE;
}

static const VireoWorkerOps delete_ops = {
    .run = delete_run,
    .apply = delete_apply,
    .failed = delete_failed,
    .free_data = delete_data_free,
};

static DeleteData *
delete_data_new (VireoDomain           *self,
                 VireoDomainDeleteFlags flags,
                 const char * const    *disks)
{
    DeleteData *data = g_new0 (DeleteData, 1);
    VireoConnection *connection = vireo_domain_get_connection (self);

    _vireo_handle_refs_take_domain (&data->refs, self);
    data->flags = flags;
    data->disks = g_strdupv ((char **) disks);
    data->snapshot_folder = vireo_domain_dup_snapshot_folder (self);
    if ((flags & VIREO_DOMAIN_DELETE_REMOVE_DISKS) != 0 && connection != NULL) {
        VireoStorage *storage = vireo_connection_get_storage (connection);

        data->storage = storage != NULL ? g_object_ref (storage) : NULL;
    }
    return data;
}


gboolean
vireo_domain_delete (VireoDomain           *self,
                     VireoDomainDeleteFlags flags,
                     const char * const    *disks,
                     GCancellable          *cancellable,
                     GError               **error)
{
    g_autoptr(DeleteData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    data = delete_data_new (self, flags, disks);
    return vireo_worker_run (self, &delete_ops, data, cancellable, error);
}

void
vireo_domain_delete_async (VireoDomain           *self,
                           VireoDomainDeleteFlags flags,
                           const char * const    *disks,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    vireo_worker_run_async (self, vireo_domain_delete_async, &delete_ops,
                            delete_data_new (self, flags, disks), cancellable, callback,
                            user_data);
}

gboolean
vireo_domain_delete_finish (VireoDomain  *self,
                            GAsyncResult *result,
                            GError      **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

    return vireo_worker_finish (self, result, vireo_domain_delete_async, error) != NULL;
}
