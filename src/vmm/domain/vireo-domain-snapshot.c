/* vireo-domain-snapshot.c: a VM's snapshots read, and what it can have
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-snapshot-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-domain-editor.h"
#include "vireo-image-file.h"
#include "vireo-libvirt-private.h"
#include "vireo-uri.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoHandleRefs       refs;
    char                 *folder;
    GPtrArray            *snapshots;    /* VireoSnapshot* */
    VireoSnapshotSupport *support;
} ReadData;

G_DEFINE_BOXED_TYPE (VireoSnapshot, vireo_snapshot, vireo_snapshot_copy, vireo_snapshot_free)

/* ---------------------------------------------------------------- helpers */

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
    char *copy = v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static xmlDoc *
parse (const char *xml)
{
    return xml ? xmlReadMemory (xml, (int) strlen (xml), "libvirt.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOBLANKS)
               : NULL;
}

static char *
disk_source (xmlNode *disk)
{
    xmlNode *source = child (disk, "source");
    char *path = attr (source, "file");

    return path ? path : attr (source, "dev");
}

static void
snap_disk_free (VireoSnapDisk *disk)
{
    g_free (disk->target);
    g_free (disk->mode);
    g_free (disk->file);
    g_free (disk);
}

static void
read_data_free (gpointer user_data)
{
    ReadData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_free (data->folder);
    g_clear_pointer (&data->snapshots, g_ptr_array_unref);
    g_clear_pointer (&data->support, vireo_snapshot_support_free);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadData, read_data_free)

/* A snapshot name as a file name: what is not a letter, digit, '.', '-'
 * or '_' written as %XX. */
static char *
file_name_of (const char *name)
{
    GString *out = g_string_new (NULL);

    for (const char *p = name; *p; p++) {
        if (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '_')
            g_string_append_c (out, *p);
        else
            g_string_append_printf (out, "%%%02X", (guchar) *p);
    }
    if (out->str[0] == '.')
        g_string_prepend (out, "_");
    return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------ private API */

void
_vireo_snap_parsed_free (VireoSnapParsed *parsed)
{
    if (parsed == NULL)
        return;
    g_free (parsed->name);
    g_free (parsed->description);
    g_free (parsed->parent);
    g_free (parsed->state);
    g_free (parsed->memory_mode);
    g_free (parsed->memory_file);
    g_ptr_array_unref (parsed->disks);
    g_hash_table_unref (parsed->then);
    g_hash_table_unref (parsed->formats);
    g_free (parsed->domain_xml);
    g_free (parsed);
}

VireoSnapParsed *
_vireo_snap_parse (const char *xml,
                   GError    **error)
{
    g_autoptr(xmlDoc) doc = parse (xml);
    g_autoptr(VireoSnapParsed) parsed = NULL;
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    xmlNode *domain, *memory;

    if (root == NULL || !xmlStrEqual (root->name, BAD_CAST "domainsnapshot")) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                             _("libvirt described a snapshot in a way Vireo does not "
                               "understand."));
        return NULL;
    }
    parsed = g_new0 (VireoSnapParsed, 1);
    parsed->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) snap_disk_free);
    parsed->then = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    parsed->formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    parsed->name = text (child (root, "name"));
    parsed->description = text (child (root, "description"));
    parsed->parent = text (child (child (root, "parent"), "name"));
    parsed->state = text (child (root, "state"));
    {
        g_autofree char *t = text (child (root, "creationTime"));

        parsed->creation_time = t ? g_ascii_strtoll (t, NULL, 10) : 0;
    }
    memory = child (root, "memory");
    parsed->memory_mode = attr (memory, "snapshot");
    parsed->memory_file = attr (memory, "file");
    for (xmlNode *d = child (child (root, "disks"), "disk"); d; d = d->next) {
        VireoSnapDisk *disk;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        disk = g_new0 (VireoSnapDisk, 1);
        disk->target = attr (d, "name");
        disk->mode = attr (d, "snapshot");
        disk->file = disk_source (d);
        g_ptr_array_add (parsed->disks, disk);
    }
    domain = child (root, "domain");
    if (domain == NULL)
        domain = child (root, "inactiveDomain");
    for (xmlNode *d = child (child (domain, "devices"), "disk"); d; d = d->next) {
        g_autofree char *target = NULL;
        char *path;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        target = attr (child (d, "target"), "dev");
        path = disk_source (d);
        if (target && path) {
            char *format = attr (child (d, "driver"), "type");

            if (format)
                g_hash_table_insert (parsed->formats, g_strdup (target), format);
            g_hash_table_insert (parsed->then, g_steal_pointer (&target), path);
        } else {
            g_free (path);
        }
    }
    if (domain) {
        xmlBuffer *buf = xmlBufferCreate ();

        xmlNodeDump (buf, doc, domain, 0, 1);
        parsed->domain_xml = g_strdup ((const char *) xmlBufferContent (buf));
        xmlBufferFree (buf);
    }
    if (parsed->description == NULL)
        parsed->description = g_strdup ("");
    return g_steal_pointer (&parsed);
}

gboolean
_vireo_snap_is_external (VireoSnapParsed *parsed)
{
    if (g_strcmp0 (parsed->memory_mode, "external") == 0)
        return TRUE;
    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];

        if (g_strcmp0 (disk->mode, "external") == 0)
            return TRUE;
    }
    return FALSE;
}

GPtrArray *
_vireo_snap_read_all (virDomainPtr dom,
                      const char  *name,
                      GError     **error)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (
        (GDestroyNotify) _vireo_snap_parsed_free);
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainListAllSnapshots (dom, &snaps, 0);

    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The snapshots of “%s” could not be listed"),
                                          name);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virDomainSnapshotGetXMLDesc (snaps[i],
                                                            VIR_DOMAIN_SNAPSHOT_XML_SECURE);
        VireoSnapParsed *parsed = xml ? _vireo_snap_parse (xml, NULL) : NULL;

        if (parsed) {
            parsed->current = virDomainSnapshotIsCurrent (snaps[i], 0) == 1;
            g_ptr_array_add (out, parsed);
        }
        virDomainSnapshotFree (snaps[i]);
    }
    free (snaps);
    virResetLastError ();
    return g_steal_pointer (&out);
}

void
_vireo_snap_resolve_images (GPtrArray  *all,
                            GHashTable *current)
{
    for (guint i = 0; i < all->len; i++) {
        VireoSnapParsed *parsed = all->pdata[i];

        for (guint j = 0; j < parsed->disks->len; j++) {
            VireoSnapDisk *disk = parsed->disks->pdata[j];
            char *image = NULL;

            if (g_strcmp0 (disk->mode, "external") == 0 && disk->file) {
                image = vireo_image_file_dup_backing (disk->file);
            } else if (g_strcmp0 (disk->mode, "internal") == 0) {
                g_autofree char *next = g_strdup (current ? g_hash_table_lookup (current,
                                                                                 disk->target)
                                                          : NULL);

                for (guint depth = 0; next != NULL && depth < 64; depth++) {
                    char *below;

                    if (vireo_image_file_has_snapshot (next, parsed->name)) {
                        image = g_steal_pointer (&next);
                        break;
                    }
                    below = vireo_image_file_dup_backing (next);
                    g_free (next);
                    next = below;
                }
            }
            if (image != NULL) {
                char *format = vireo_image_file_probe_format (image);

                if (format)
                    g_hash_table_insert (parsed->formats, g_strdup (disk->target), format);
                g_hash_table_insert (parsed->then, g_strdup (disk->target), image);
            }
        }
    }
}

char *
_vireo_snap_dup_domain_then (VireoSnapParsed *parsed,
                             GError         **error)
{
    g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new (parsed->domain_xml, error);

    if (editor == NULL)
        return NULL;
    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];
        const char *image = g_hash_table_lookup (parsed->then, disk->target);
        const char *format = g_hash_table_lookup (parsed->formats, disk->target);
        g_autoptr(VireoDomainEdit) edit = NULL;

        if (image == NULL || g_strcmp0 (disk->mode, "no") == 0)
            continue;
        edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "disk", error);
        if (edit == NULL || !vireo_domain_edit_add_match (edit, "target.dev", disk->target,
                                                          error) ||
            !vireo_domain_edit_set (edit, "path", image, error) ||
            (format && !vireo_domain_edit_set (edit, "driver.type", format, error)) ||
            !vireo_domain_editor_apply (editor, edit, error))
            return NULL;
    }
    return vireo_domain_editor_dup_xml (editor);
}

/* Adds @path and the backing files under it to @images. */
static void
add_chain (GHashTable *images, const char *path, const char *user)
{
    g_autofree char *next = g_strdup (path);

    for (guint depth = 0; next != NULL && depth < 64; depth++) {
        char *backing;

        if (!g_hash_table_contains (images, next))
            g_hash_table_insert (images, g_strdup (next), g_strdup (user));
        backing = vireo_image_file_dup_backing (next);
        g_free (next);
        next = backing;
    }
}

GHashTable *
_vireo_snap_foreign_images (virConnectPtr conn,
                            const char   *self_uuid)
{
    GHashTable *images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, 0);

    for (int i = 0; i < n; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN] = "";
        const char *name = virDomainGetName (doms[i]);
        g_autofree char *xml = NULL;
        g_autoptr(xmlDoc) doc = NULL;
        xmlNode *devices;

        virDomainGetUUIDString (doms[i], uuid);
        if (g_strcmp0 (uuid, self_uuid) == 0) {
            virDomainFree (doms[i]);
            continue;
        }
        xml = virDomainGetXMLDesc (doms[i], 0);
        doc = parse (xml);
        devices = doc ? child (xmlDocGetRootElement (doc), "devices") : NULL;
        for (xmlNode *d = devices ? devices->children : NULL; d; d = d->next) {
            g_autofree char *path = NULL;

            if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
                continue;
            path = disk_source (d);
            if (path)
                add_chain (images, path, name);
            /* What libvirt says of the chain of a running VM. */
            for (xmlNode *b = child (d, "backingStore"); b; b = child (b, "backingStore")) {
                g_autofree char *under = disk_source (b);

                if (under && !g_hash_table_contains (images, under))
                    g_hash_table_insert (images, g_steal_pointer (&under), g_strdup (name));
            }
        }
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
    return images;
}

GHashTable *
_vireo_snap_current_images (virDomainPtr dom)
{
    GHashTable *images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autofree char *xml = virDomainGetXMLDesc (dom, 0);
    g_autoptr(xmlDoc) doc = parse (xml);
    xmlNode *devices = doc ? child (xmlDocGetRootElement (doc), "devices") : NULL;

    for (xmlNode *d = devices ? devices->children : NULL; d; d = d->next) {
        char *target, *path;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        target = attr (child (d, "target"), "dev");
        path = disk_source (d);
        if (target && path) {
            g_hash_table_insert (images, target, path);
        } else {
            g_free (target);
            g_free (path);
        }
    }
    virResetLastError ();
    return images;
}

void
_vireo_snap_judge_revert (VireoSnapshot   *snapshot,
                          VireoSnapParsed *parsed,
                          GPtrArray       *all,
                          GHashTable      *current,
                          GHashTable      *foreign,
                          unsigned long    libvirt_version)
{
    g_clear_pointer (&snapshot->revert_problem, g_free);
    snapshot->can_revert = TRUE;
    if (_vireo_snap_is_external (parsed)) {
        if (libvirt_version < 9009000) {
            snapshot->can_revert = FALSE;
            snapshot->revert_problem = g_strdup_printf (
                _("This version of libvirt (%lu.%lu.%lu) cannot revert to an external "
                  "snapshot such as “%s”. Make a new VM from it instead: its disks as they "
                  "were then, while this VM stays as it is."),
                libvirt_version / 1000000, libvirt_version / 1000 % 1000,
                libvirt_version % 1000, parsed->name);
        }
        return;
    }
    /* Reverting to an internal snapshot writes into the image holding it:
     * that image must be the one the VM uses now, and nothing else may build
     * on it. */
    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];
        const char *image = g_hash_table_lookup (parsed->then, disk->target);
        const char *now = g_hash_table_lookup (current, disk->target);
        const char *user = image ? g_hash_table_lookup (foreign, image) : NULL;
        gboolean below = FALSE;

        if (g_strcmp0 (disk->mode, "internal") != 0 || image == NULL)
            continue;
        for (guint j = 0; j < all->len; j++) {
            VireoSnapParsed *other = all->pdata[j];
            const char *base = g_hash_table_lookup (other->then, disk->target);

            below |= _vireo_snap_is_external (other) && g_strcmp0 (base, image) == 0;
        }
        if (user != NULL) {
            snapshot->can_revert = FALSE;
            snapshot->revert_problem = g_strdup_printf (
                _("Reverting to “%s” would write into %s, which the VM “%s” builds on. Make a "
                  "new VM from this snapshot instead."), parsed->name, image, user);
            return;
        }
        if (below || g_strcmp0 (now, image) != 0) {
            snapshot->can_revert = FALSE;
            snapshot->revert_problem = g_strdup_printf (
                _("Reverting to “%s” would write into %s, which later external snapshots "
                  "build on: libvirt cannot go back past them without losing them. Make a "
                  "new VM from this snapshot instead, or delete the later external "
                  "snapshots first."), parsed->name, image);
            return;
        }
    }
}

VireoSnapshot *
_vireo_snap_to_public (VireoSnapParsed *parsed,
                       const char      *folder)
{
    VireoSnapshot *snapshot = g_new0 (VireoSnapshot, 1);
    g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

    snapshot->name = g_strdup (parsed->name);
    snapshot->description = g_strdup (parsed->description);
    snapshot->parent = g_strdup (parsed->parent);
    snapshot->creation_time = parsed->creation_time;
    snapshot->state = g_strdup (parsed->state);
    snapshot->kind = _vireo_snap_is_external (parsed) ? VIREO_SNAPSHOT_EXTERNAL
                                                       : VIREO_SNAPSHOT_INTERNAL;
    snapshot->memory = g_strcmp0 (parsed->memory_mode, "internal") == 0 ||
                       g_strcmp0 (parsed->memory_mode, "external") == 0;
    snapshot->current = parsed->current;
    snapshot->thumbnail = folder ? _vireo_snap_find_thumbnail (folder, parsed->name) : NULL;
    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];

        if (g_strcmp0 (disk->mode, "external") == 0 && disk->file)
            g_strv_builder_add (files, disk->file);
    }
    snapshot->files = g_strv_builder_end (files);
    snapshot->can_revert = TRUE;
    return snapshot;
}

char *
_vireo_snap_folder (const char *uri,
                    const char *embed_root,
                    const char *uuid)
{
    g_autofree char *escaped = NULL;

    if (embed_root != NULL)
        return g_build_filename (embed_root, "vireo", "snapshots", uuid, NULL);
    escaped = file_name_of (uri);
    return g_build_filename (g_get_user_data_dir (), "vireo", "snapshots", escaped, uuid,
                             NULL);
}

char *
_vireo_snap_thumbnail_path (const char *folder,
                            const char *name,
                            const char *extension)
{
    g_autofree char *base = file_name_of (name);
    g_autofree char *file = g_strconcat (base, extension, NULL);

    return g_build_filename (folder, file, NULL);
}

char *
_vireo_snap_find_thumbnail (const char *folder,
                            const char *name)
{
    static const char *const extensions[] = { ".png", ".ppm" };

    for (guint i = 0; i < G_N_ELEMENTS (extensions); i++) {
        char *path = _vireo_snap_thumbnail_path (folder, name, extensions[i]);

        if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return path;
        g_free (path);
    }
    return NULL;
}

/* ------------------------------------------------------------- the calls */

static int
compare_time (gconstpointer a, gconstpointer b)
{
    const VireoSnapParsed *pa = *(VireoSnapParsed * const *) a;
    const VireoSnapParsed *pb = *(VireoSnapParsed * const *) b;

    if (pa->creation_time != pb->creation_time)
        return pa->creation_time < pb->creation_time ? -1 : 1;
    return g_strcmp0 (pa->name, pb->name);
}

/* @all in tree order: each snapshot after its parent, siblings oldest first. */
static void
add_in_order (GPtrArray *all, const char *parent, GPtrArray *out, guint depth)
{
    for (guint i = 0; i < all->len && depth < 10000; i++) {
        VireoSnapParsed *p = all->pdata[i];

        if (g_strcmp0 (p->parent, parent) != 0)
            continue;
        g_ptr_array_add (out, p);
        add_in_order (all, p->name, out, depth + 1);
    }
}

static gboolean
list_run (gpointer      user_data,
          GCancellable *cancellable,
          GError      **error)
{
    ReadData *data = user_data;
    g_autoptr(GPtrArray) all = _vireo_snap_read_all (data->refs.dom, data->refs.name, error);
    g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
    g_autoptr(GHashTable) current = NULL;
    g_autoptr(GHashTable) foreign = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    unsigned long version = 0;

    if (all == NULL)
        return FALSE;
    g_ptr_array_sort (all, compare_time);
    add_in_order (all, NULL, ordered, 0);
    /* Snapshots whose parent is gone (never, in libvirt) come last. */
    for (guint i = 0; i < all->len; i++) {
        if (!g_ptr_array_find (ordered, all->pdata[i], NULL))
            g_ptr_array_add (ordered, all->pdata[i]);
    }
    virDomainGetUUIDString (data->refs.dom, uuid);
    current = _vireo_snap_current_images (data->refs.dom);
    _vireo_snap_resolve_images (all, current);
    foreign = _vireo_snap_foreign_images (data->refs.conn, uuid);
    if (virConnectGetLibVersion (data->refs.conn, &version) < 0)
        version = 0;
    data->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_snapshot_free);
    for (guint i = 0; i < ordered->len; i++) {
        VireoSnapParsed *parsed = ordered->pdata[i];
        VireoSnapshot *snapshot = _vireo_snap_to_public (parsed, data->folder);

        _vireo_snap_judge_revert (snapshot, parsed, all, current, foreign, version);
        g_ptr_array_add (data->snapshots, snapshot);
    }
    virResetLastError ();
    return TRUE;
}

static gboolean
support_run (gpointer      user_data,
             GCancellable *cancellable,
             GError      **error)
{
    ReadData *data = user_data;
    g_autofree char *xml = virDomainGetXMLDesc (data->refs.dom, 0);
    int active = virDomainIsActive (data->refs.dom);

    if (xml == NULL || active < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The definition of “%s” could not be read"),
                                          data->refs.name);
        return FALSE;
    }
    data->support = vireo_snapshot_support_for_xml (xml, active == 1);
    return TRUE;
}

static const VireoWorkerOps list_ops = {
    .run = list_run,
    .free_data = read_data_free,
    .check_cancellable = TRUE,
};

static const VireoWorkerOps support_ops = {
    .run = support_run,
    .free_data = read_data_free,
    .check_cancellable = TRUE,
};

static ReadData *
read_data_new (VireoDomain *domain, GError **error)
{
    g_autoptr(ReadData) data = g_new0 (ReadData, 1);

    if (!_vireo_handle_refs_take_connection (&data->refs, vireo_domain_get_connection (domain),
                                             error))
        return NULL;
    _vireo_handle_refs_take_domain (&data->refs, domain);
    data->folder = vireo_domain_dup_snapshot_folder (domain);
    return g_steal_pointer (&data);
}

/* ------------------------------------------------------------ public API */

VireoSnapshot *
vireo_snapshot_copy (const VireoSnapshot *snapshot)
{
    VireoSnapshot *copy;

    g_return_val_if_fail (snapshot != NULL, NULL);

    copy = g_new0 (VireoSnapshot, 1);
    copy->name = g_strdup (snapshot->name);
    copy->description = g_strdup (snapshot->description);
    copy->parent = g_strdup (snapshot->parent);
    copy->creation_time = snapshot->creation_time;
    copy->state = g_strdup (snapshot->state);
    copy->kind = snapshot->kind;
    copy->memory = snapshot->memory;
    copy->current = snapshot->current;
    copy->thumbnail = g_strdup (snapshot->thumbnail);
    copy->files = g_strdupv (snapshot->files);
    copy->can_revert = snapshot->can_revert;
    copy->revert_problem = g_strdup (snapshot->revert_problem);
    return copy;
}

void
vireo_snapshot_free (VireoSnapshot *snapshot)
{
    if (snapshot == NULL)
        return;
    g_free (snapshot->name);
    g_free (snapshot->description);
    g_free (snapshot->parent);
    g_free (snapshot->state);
    g_free (snapshot->thumbnail);
    g_strfreev (snapshot->files);
    g_free (snapshot->revert_problem);
    g_free (snapshot);
}

void
vireo_snapshot_support_free (VireoSnapshotSupport *support)
{
    if (support == NULL)
        return;
    g_free (support->internal_problem);
    g_free (support->external_problem);
    g_free (support);
}

VireoSnapshotSupport *
vireo_snapshot_support_for_xml (const char *xml,
                                gboolean    running)
{
    g_autoptr(xmlDoc) doc = parse (xml);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    xmlNode *os = child (root, "os");
    VireoSnapshotSupport *support = g_new0 (VireoSnapshotSupport, 1);
    guint n_disks = 0;

    support->memory = running;
    {
        g_autofree char *loader_type = attr (child (os, "loader"), "type");
        g_autofree char *firmware = attr (os, "firmware");

        if (g_strcmp0 (loader_type, "pflash") == 0 || g_strcmp0 (firmware, "efi") == 0 ||
            child (os, "nvram") != NULL)
            support->internal_problem = g_strdup (
                _("The VM boots with UEFI, whose variables are kept in a file of their own, "
                  "which an internal snapshot cannot hold."));
    }
    for (xmlNode *d = child (child (root, "devices"), "disk"); d; d = d->next) {
        g_autofree char *device = NULL;
        g_autofree char *type = NULL;
        g_autofree char *format = NULL;
        g_autofree char *target = NULL;
        g_autofree char *path = NULL;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        device = attr (d, "device");
        type = attr (d, "type");
        format = attr (child (d, "driver"), "type");
        target = attr (child (d, "target"), "dev");
        path = disk_source (d);
        /* CD-ROMs, floppies, read-only and empty drives are not snapshotted. */
        if ((device && !g_str_equal (device, "disk")) || child (d, "readonly") ||
            (path == NULL && g_strcmp0 (type, "network") != 0))
            continue;
        n_disks++;
        if (g_strcmp0 (type, "file") != 0 && g_strcmp0 (type, "block") != 0 &&
            support->external_problem == NULL)
            support->external_problem = g_strdup_printf (
                _("The disk %s is not a file or a block device: libvirt makes external "
                  "snapshots of those only."), target ? target : "?");
        if (g_strcmp0 (format, "qcow2") != 0 && support->internal_problem == NULL)
            support->internal_problem = g_strdup_printf (
                _("The disk %s is not a qcow2 image (it is %s): only qcow2 images keep "
                  "snapshots inside them."), target ? target : "?", format ? format : "raw");
    }
    if (n_disks == 0) {
        if (support->internal_problem == NULL)
            support->internal_problem = g_strdup (_("The VM has no disk image to keep an "
                                                    "internal snapshot in."));
        if (!running && support->external_problem == NULL)
            support->external_problem = g_strdup (_("The VM is shut off and has no disk: "
                                                    "there is nothing to snapshot."));
    }
    support->internal = support->internal_problem == NULL;
    support->external = support->external_problem == NULL;
    support->preferred = support->internal ? VIREO_SNAPSHOT_INTERNAL : VIREO_SNAPSHOT_EXTERNAL;
    return support;
}

char *
vireo_domain_dup_snapshot_folder (VireoDomain *domain)
{
    VireoConnection *connection;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    connection = vireo_domain_get_connection (domain);
    return _vireo_snap_folder (vireo_connection_get_uri (connection), connection->embed_root,
                               vireo_domain_get_uuid (domain));
}

GPtrArray *
vireo_domain_list_snapshots (VireoDomain  *domain,
                             GCancellable *cancellable,
                             GError      **error)
{
    g_autoptr(ReadData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = read_data_new (domain, error);
    if (data == NULL || !vireo_worker_run (domain, &list_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->snapshots);
}

void
vireo_domain_list_snapshots_async (VireoDomain        *domain,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
    g_autoptr(GError) error = NULL;
    ReadData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    data = read_data_new (domain, &error);
    if (data == NULL) {
        g_task_report_error (domain, callback, user_data, vireo_domain_list_snapshots_async,
                             g_steal_pointer (&error));
        return;
    }
    vireo_worker_run_async (domain, vireo_domain_list_snapshots_async, &list_ops, data,
                            cancellable, callback, user_data);
}

GPtrArray *
vireo_domain_list_snapshots_finish (VireoDomain  *domain,
                                    GAsyncResult *result,
                                    GError      **error)
{
    ReadData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = vireo_worker_finish (domain, result, vireo_domain_list_snapshots_async, error);
    return data ? g_steal_pointer (&data->snapshots) : NULL;
}

VireoSnapshotSupport *
vireo_domain_query_snapshot_support (VireoDomain  *domain,
                                     GCancellable *cancellable,
                                     GError      **error)
{
    g_autoptr(ReadData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = read_data_new (domain, error);
    if (data == NULL || !vireo_worker_run (domain, &support_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->support);
}

void
vireo_domain_query_snapshot_support_async (VireoDomain        *domain,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
    g_autoptr(GError) error = NULL;
    ReadData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    data = read_data_new (domain, &error);
    if (data == NULL) {
        g_task_report_error (domain, callback, user_data,
                             vireo_domain_query_snapshot_support_async,
                             g_steal_pointer (&error));
        return;
    }
    vireo_worker_run_async (domain, vireo_domain_query_snapshot_support_async, &support_ops,
                            data, cancellable, callback, user_data);
}

VireoSnapshotSupport *
vireo_domain_query_snapshot_support_finish (VireoDomain  *domain,
                                            GAsyncResult *result,
                                            GError      **error)
{
    ReadData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = vireo_worker_finish (domain, result, vireo_domain_query_snapshot_support_async,
                                error);
    return data ? g_steal_pointer (&data->support) : NULL;
}
