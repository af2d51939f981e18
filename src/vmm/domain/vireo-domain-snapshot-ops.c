/* vireo-domain-snapshot-ops.c: snapshots made, described, reverted, deleted
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-snapshot-private.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-domain-clone-private.h"
#include "vireo-image-file.h"
#include "vireo-libvirt-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoHandleRefs   refs;
    char             *folder;
    char             *name;
    char             *description;
    VireoSnapshotKind kind;
    gboolean          memory;
    VireoSnapshot    *snapshot;       /* made */
    char             *notice;
    VireoDomainInfo  *info;           /* the domain after a revert */
    VireoSnapParsed  *parsed;         /* read, for new_from_snapshot */
} OpData;

/* ---------------------------------------------------------------- helpers */

static void
op_data_free (gpointer user_data)
{
    OpData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_free (data->folder);
    g_free (data->name);
    g_free (data->description);
    g_clear_pointer (&data->snapshot, vireo_snapshot_free);
    g_free (data->notice);
    g_clear_pointer (&data->info, _vireo_domain_info_free);
    g_clear_pointer (&data->parsed, _vireo_snap_parsed_free);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpData, op_data_free)

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

/* A name fit for a file: letters, digits, '-', '_' and '.' kept. */
static char *
file_part (const char *name)
{
    char *out = g_strdup (name);

    for (char *p = out; *p; p++) {
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
            *p = '_';
    }
    return out;
}

/* A path "DIR/STEM-SNAP.EXT" that nothing is at yet. */
static char *
free_path (const char *dir, const char *stem, const char *snap, const char *extension)
{
    g_autofree char *part = file_part (snap);

    for (guint n = 0; n < 1000; n++) {
        g_autofree char *file = n == 0 ? g_strdup_printf ("%s-%s%s", stem, part, extension)
                                       : g_strdup_printf ("%s-%s-%u%s", stem, part, n,
                                                          extension);
        char *path = g_build_filename (dir, file, NULL);

        if (!g_file_test (path, G_FILE_TEST_EXISTS))
            return path;
        g_free (path);
    }
    return NULL;
}

/* The image's folder and its name without extension. */
static void
split_image (const char *image, const char *fallback_dir, char **dir, char **stem)
{
    g_autofree char *base = g_path_get_basename (image);
    char *dot = strrchr (base, '.');

    *dir = g_str_has_prefix (image, "/dev/") ? g_strdup (fallback_dir)
                                             : g_path_get_dirname (image);
    if (dot != NULL && dot != base)
        *dot = '\0';
    *stem = g_strdup (base);
}

/* A screenshot of the running VM through a libvirt stream: its bytes, and
 * its MIME type in *@mime; NULL when the VM has no display. */
static GBytes *
take_screenshot (virConnectPtr conn, virDomainPtr dom, char **mime)
{
    virStreamPtr stream = virStreamNew (conn, 0);
    g_autoptr(GByteArray) bytes = g_byte_array_new ();
    char chunk[65536];
    char *type;

    *mime = NULL;
    if (stream == NULL)
        return NULL;
    type = virDomainScreenshot (dom, stream, 0, 0);
    if (type == NULL) {
        virStreamFree (stream);
        virResetLastError ();
        return NULL;
    }
    for (;;) {
        int n = virStreamRecv (stream, chunk, sizeof chunk);

        if (n < 0) {
            virStreamAbort (stream);
            virStreamFree (stream);
            free (type);
            virResetLastError ();
            return NULL;
        }
        if (n == 0)
            break;
        g_byte_array_append (bytes, (guint8 *) chunk, (guint) n);
    }
    virStreamFinish (stream);
    virStreamFree (stream);
    *mime = g_strdup (type);
    free (type);
    return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
save_screenshot (const char *folder, const char *name, GBytes *shot, const char *mime)
{
    g_autofree char *path = NULL;

    if (shot == NULL || folder == NULL)
        return;
    if (g_mkdir_with_parents (folder, 0700) < 0)
        return;
    path = _vireo_snap_thumbnail_path (folder, name,
                                       g_strcmp0 (mime, "image/png") == 0 ? ".png" : ".ppm");
    if (!g_file_set_contents (path, g_bytes_get_data (shot, NULL), g_bytes_get_size (shot),
                              NULL))
        g_debug ("The screenshot of the snapshot %s could not be saved in %s", name, path);
}

static void
remove_screenshot (const char *folder, const char *name)
{
    g_autofree char *path = folder ? _vireo_snap_find_thumbnail (folder, name) : NULL;

    if (path)
        g_unlink (path);
}

static virDomainSnapshotPtr
lookup (OpData *data, GError **error)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName (data->refs.dom, data->name, 0);

    if (snap == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("“%s” has no snapshot “%s”"),
                                          data->refs.name, data->name);
    return snap;
}

/* ---------------------------------------------------------------- create */

/* The <domainsnapshot> for @data, on the VM's definition @xml. */
static char *
snapshot_xml (OpData *data, const char *xml, gboolean running, gboolean *disk_only,
              GError **error)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                                           XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    g_autoptr(GString) out = g_string_new ("<domainsnapshot>\n");
    g_autofree char *name = g_markup_escape_text (data->name, -1);
    g_autofree char *description = g_markup_escape_text (data->description ? data->description
                                                                            : "", -1);
    g_autofree char *first_dir = NULL;
    g_autofree char *first_stem = NULL;
    gboolean external = data->kind == VIREO_SNAPSHOT_EXTERNAL;

    g_string_append_printf (out, "  <name>%s</name>\n", name);
    if (*description)
        g_string_append_printf (out, "  <description>%s</description>\n", description);
    g_string_append (out, "  <disks>\n");
    for (xmlNode *d = child (child (root, "devices"), "disk"); d; d = d->next) {
        g_autofree char *device = NULL;
        g_autofree char *target = NULL;
        g_autofree char *path = NULL;
        g_autofree char *type = NULL;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk"))
            continue;
        device = attr (d, "device");
        target = attr (child (d, "target"), "dev");
        type = attr (d, "type");
        path = attr (child (d, "source"), "file");
        if (path == NULL)
            path = attr (child (d, "source"), "dev");
        if ((device && !g_str_equal (device, "disk")) || child (d, "readonly") ||
            (path == NULL && g_strcmp0 (type, "network") != 0)) {
            g_string_append_printf (out, "    <disk name='%s' snapshot='no'/>\n", target);
            continue;
        }
        if (!external) {
            g_string_append_printf (out, "    <disk name='%s' snapshot='internal'/>\n", target);
            continue;
        }
        {
            g_autofree char *dir = NULL;
            g_autofree char *stem = NULL;
            g_autofree char *overlay = NULL;
            g_autofree char *escaped = NULL;

            split_image (path, data->folder, &dir, &stem);
            overlay = free_path (dir, stem, data->name, ".qcow2");
            if (overlay == NULL) {
                g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                             _("No free name for the overlay of %s was found."), path);
                return NULL;
            }
            escaped = g_markup_escape_text (overlay, -1);
            g_string_append_printf (out, "    <disk name='%s' snapshot='external' "
                                    "type='file'>\n      <driver type='qcow2'/>\n"
                                    "      <source file='%s'/>\n    </disk>\n", target,
                                    escaped);
            if (first_dir == NULL) {
                first_dir = g_steal_pointer (&dir);
                g_autofree char *vm = file_part (data->refs.name);
                first_stem = g_steal_pointer (&vm);
            }
        }
    }
    g_string_append (out, "  </disks>\n");
    *disk_only = FALSE;
    if (external) {
        if (running && data->memory) {
            g_autofree char *file = free_path (first_dir ? first_dir : data->folder,
                                               first_stem ? first_stem : "memory", data->name,
                                               ".mem");
            g_autofree char *escaped = g_markup_escape_text (file, -1);

            g_string_append_printf (out, "  <memory snapshot='external' file='%s'/>\n",
                                    escaped);
        } else {
            g_string_append (out, "  <memory snapshot='no'/>\n");
            *disk_only = TRUE;
        }
    }
    g_string_append (out, "</domainsnapshot>\n");
    return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The folder of one of the VM's writable disk images (of @xml) that has less
 * free space than the snapshot may need (@need bytes), or NULL.  QEMU reports
 * a full disk while it saves a VM's memory as an I/O error only. */
static char *
folder_short_of_space (const char *xml,
                       guint64     need)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                                           XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

    for (xmlNode *d = root ? child (child (root, "devices"), "disk") : NULL; d; d = d->next) {
        g_autofree char *device = NULL;
        g_autofree char *path = NULL;
        g_autofree char *dir = NULL;
        struct statvfs st;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk") ||
            child (d, "readonly") != NULL)
            continue;
        device = attr (d, "device");
        path = attr (child (d, "source"), "file");
        if (path == NULL || (device != NULL && !g_str_equal (device, "disk")))
            continue;
        dir = g_path_get_dirname (path);
        if (statvfs (dir, &st) == 0 && (guint64) st.f_bavail * st.f_frsize < need)
            return g_steal_pointer (&dir);
    }
    return NULL;
}

static gboolean
create_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    OpData *data = user_data;
    g_autoptr(VireoSnapshotSupport) support = NULL;
    g_autoptr(GBytes) shot = NULL;
    g_autofree char *mime = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *snap_xml = NULL;
    g_autofree char *made_xml = NULL;
    g_autoptr(VireoSnapParsed) parsed = NULL;
    virDomainSnapshotPtr snap;
    gboolean running, disk_only = FALSE;
    unsigned int flags = 0;
    int state = 0, reason = 0;

    if (data->name == NULL || *data->name == '\0' || strchr (data->name, '/') != NULL) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                             _("A snapshot needs a name, without “/” in it."));
        return FALSE;
    }
    snap = virDomainSnapshotLookupByName (data->refs.dom, data->name, 0);
    if (snap != NULL) {
        virDomainSnapshotFree (snap);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("“%s” has a snapshot named “%s” already."), data->refs.name,
                     data->name);
        return FALSE;
    }
    virResetLastError ();
    if (virDomainGetState (data->refs.dom, &state, &reason, 0) < 0 ||
        (xml = virDomainGetXMLDesc (data->refs.dom, 0)) == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The state of “%s” could not be read"),
                                          data->refs.name);
        return FALSE;
    }
    running = state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_PAUSED ||
              state == VIR_DOMAIN_BLOCKED;
    support = vireo_snapshot_support_for_xml (xml, running);
    if (data->kind == VIREO_SNAPSHOT_INTERNAL && !support->internal) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("“%s” cannot have an internal snapshot: %s"), data->refs.name,
                     support->internal_problem);
        return FALSE;
    }
    if (data->kind == VIREO_SNAPSHOT_EXTERNAL && !support->external) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("“%s” cannot have an external snapshot: %s"), data->refs.name,
                     support->external_problem);
        return FALSE;
    }
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    if (running)
        shot = take_screenshot (data->refs.conn, data->refs.dom, &mime);
    snap_xml = snapshot_xml (data, xml, running, &disk_only, error);
    if (snap_xml == NULL)
        return FALSE;
    if (data->kind == VIREO_SNAPSHOT_EXTERNAL) {
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC;
        if (disk_only)
            flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
        else if (running)
            flags |= VIR_DOMAIN_SNAPSHOT_CREATE_LIVE;
    }
    snap = virDomainSnapshotCreateXML (data->refs.dom, snap_xml, flags);
    if (snap == NULL) {
        virErrorPtr err = virGetLastError ();
        int code = err ? err->code : VIR_ERR_INTERNAL_ERROR;
        g_autofree char *message = g_strdup (virGetLastErrorMessage ());
        /* Its memory, when kept, else a few clusters of metadata. */
        guint64 need = running && (data->memory || data->kind == VIREO_SNAPSHOT_INTERNAL)
                       ? (guint64) virDomainGetMaxMemory (data->refs.dom) * 1024
                       : 1024 * 1024;
        g_autofree char *folder = folder_short_of_space (xml, need);
        g_autofree char *prefix = g_strdup_printf (_("The snapshot “%s” of “%s” could not be "
                                                     "made"), data->name, data->refs.name);

        /* libvirt (atomic) or QEMU has undone it; say what is wrong first. */
        if (folder != NULL)
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                         _("There is not enough free space in %s to make the snapshot “%s” "
                           "of “%s”; nothing was changed: %s"), folder, data->name,
                         data->refs.name, message);
        else if (strstr (message, "No space left") != NULL)
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                         _("There is not enough free space to make the snapshot “%s” of "
                           "“%s”; nothing was changed: %s"), data->name, data->refs.name,
                         message);
        else
            g_set_error (error, VIREO_VMM_ERROR, vireo_vmm_error_from_virt_code (code), "%s: %s",
                         prefix, message);
        virResetLastError ();
        return FALSE;
    }
    made_xml = virDomainSnapshotGetXMLDesc (snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
    virDomainSnapshotFree (snap);
    parsed = made_xml ? _vireo_snap_parse (made_xml, NULL) : NULL;
    if (parsed == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The snapshot “%s” was made, but could not "
                                                   "be read back"), data->name);
        return FALSE;
    }
    parsed->current = TRUE;
    save_screenshot (data->folder, data->name, shot, mime);
    data->snapshot = _vireo_snap_to_public (parsed, data->folder);
    return TRUE;
}

/* ----------------------------------------------------------- description */

static gboolean
describe_run (gpointer      user_data,
              GCancellable *cancellable,
              GError      **error)
{
    OpData *data = user_data;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *xml = NULL;
    virDomainSnapshotPtr snap = lookup (data, error);
    virDomainSnapshotPtr redefined;
    xmlNode *root, *description;
    xmlChar *out = NULL;
    int size = 0;
    gboolean current;

    if (snap == NULL)
        return FALSE;
    xml = virDomainSnapshotGetXMLDesc (snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
    current = virDomainSnapshotIsCurrent (snap, 0) == 1;
    virDomainSnapshotFree (snap);
    doc = xml ? xmlReadMemory (xml, (int) strlen (xml), "snapshot.xml", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
              : NULL;
    root = doc ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The snapshot “%s” could not be read"),
                                          data->name);
        return FALSE;
    }
    description = child (root, "description");
    if (description == NULL) {
        description = xmlNewNode (NULL, BAD_CAST "description");
        if (child (root, "name"))
            xmlAddNextSibling (child (root, "name"), description);
        else
            xmlAddChild (root, description);
    }
    xmlNodeSetContent (description, NULL);
    xmlNodeAddContent (description, BAD_CAST (data->description ? data->description : ""));
    xmlDocDumpMemory (doc, &out, &size);
    redefined = virDomainSnapshotCreateXML (data->refs.dom, (const char *) out,
                                            VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                            (current ? VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT : 0));
    xmlFree (out);
    if (redefined == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The description of the snapshot “%s” "
                                                   "could not be changed"), data->name);
        return FALSE;
    }
    virDomainSnapshotFree (redefined);
    return TRUE;
}

/* ---------------------------------------------------------------- revert */

/* Reads every snapshot and judges @data->name's revert. */
static VireoSnapshot *
judge (OpData *data, GPtrArray **all_out, GError **error)
{
    g_autoptr(GPtrArray) all = _vireo_snap_read_all (data->refs.dom, data->refs.name, error);
    g_autoptr(GHashTable) current = NULL;
    g_autoptr(GHashTable) foreign = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    unsigned long version = 0;

    if (all == NULL)
        return NULL;
    virDomainGetUUIDString (data->refs.dom, uuid);
    current = _vireo_snap_current_images (data->refs.dom);
    _vireo_snap_resolve_images (all, current);
    foreign = _vireo_snap_foreign_images (data->refs.conn, uuid);
    if (virConnectGetLibVersion (data->refs.conn, &version) < 0)
        version = 0;
    virResetLastError ();
    for (guint i = 0; i < all->len; i++) {
        VireoSnapParsed *parsed = all->pdata[i];
        VireoSnapshot *snapshot;

        if (g_strcmp0 (parsed->name, data->name) != 0)
            continue;
        snapshot = _vireo_snap_to_public (parsed, NULL);
        _vireo_snap_judge_revert (snapshot, parsed, all, current, foreign, version);
        if (all_out)
            *all_out = g_steal_pointer (&all);
        return snapshot;
    }
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                 _("“%s” has no snapshot “%s”."), data->refs.name, data->name);
    return NULL;
}

static gboolean
revert_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    OpData *data = user_data;
    g_autoptr(VireoSnapshot) snapshot = judge (data, NULL, error);
    virDomainSnapshotPtr snap;
    int rc;

    if (snapshot == NULL)
        return FALSE;
    if (!snapshot->can_revert) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                             snapshot->revert_problem);
        return FALSE;
    }
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    snap = lookup (data, error);
    if (snap == NULL)
        return FALSE;
    rc = virDomainRevertToSnapshot (snap, 0);
    if (rc < 0 && last_error_is (VIR_ERR_SNAPSHOT_REVERT_RISKY))
        rc = virDomainRevertToSnapshot (snap, VIR_DOMAIN_SNAPSHOT_REVERT_FORCE);
    virDomainSnapshotFree (snap);
    if (rc < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("“%s” could not be reverted to the snapshot "
                                                   "“%s”"), data->refs.name, data->name);
        return FALSE;
    }
    data->info = _vireo_domain_info_read (data->refs.dom);
    return TRUE;
}

static gboolean
revert_apply (gpointer  owner,
              gpointer  user_data,
              GError  **error)
{
    OpData *data = user_data;

    if (data->info)
        _vireo_domain_update (VIREO_DOMAIN (owner), data->info);
    return TRUE;
}

/* ---------------------------------------------------------------- delete */

/* Why the external snapshot's files cannot be merged, or NULL. */
static char *
merge_problem (OpData *data, VireoSnapParsed *parsed, GPtrArray *all, GHashTable *foreign)
{
    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];
        const char *base = g_hash_table_lookup (parsed->then, disk->target);
        const char *users[2] = { NULL, NULL };

        if (g_strcmp0 (disk->mode, "external") != 0 || disk->file == NULL)
            continue;
        users[0] = g_hash_table_lookup (foreign, disk->file);
        users[1] = base ? g_hash_table_lookup (foreign, base) : NULL;
        if (users[0])
            return g_strdup_printf (_("the VM “%s” uses %s"), users[0], disk->file);
        if (users[1])
            return g_strdup_printf (_("the VM “%s” builds on %s"), users[1], base);
        /* An internal snapshot kept in the overlay goes with the overlay. */
        for (guint j = 0; j < all->len; j++) {
            VireoSnapParsed *other = all->pdata[j];
            const char *image = g_hash_table_lookup (other->then, disk->target);

            if (other != parsed && !_vireo_snap_is_external (other) &&
                g_strcmp0 (image, disk->file) == 0)
                return g_strdup_printf (_("the snapshot “%s” is kept inside %s"), other->name,
                                        disk->file);
        }
    }
    return NULL;
}

/* An internal snapshot: libvirt removes it from the image the VM uses; one
 * kept in an image under an external snapshot's overlay is removed with
 * qemu-img while the VM is shut off. */
static gboolean
delete_internal (OpData *data, virDomainSnapshotPtr snap, VireoSnapParsed *parsed,
                 GError **error)
{
    g_autoptr(GString) images = g_string_new (NULL);
    g_autoptr(GHashTable) current = NULL;
    gboolean elsewhere = FALSE;

    if (virDomainSnapshotDelete (snap, 0) == 0) {
        data->notice = g_strdup_printf (_("The snapshot “%s” was removed from the disk "
                                          "images."), data->name);
        return TRUE;
    }
    current = _vireo_snap_current_images (data->refs.dom);
    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];
        const char *image = g_hash_table_lookup (parsed->then, disk->target);

        if (g_strcmp0 (disk->mode, "internal") != 0 || image == NULL)
            continue;
        elsewhere |= g_strcmp0 (image, g_hash_table_lookup (current, disk->target)) != 0;
        g_string_append_printf (images, "%s%s", images->len ? ", " : "", image);
    }
    if (!elsewhere) {
        vireo_vmm_set_error_from_libvirt (error, _("The snapshot “%s” could not be deleted"),
                                          data->name);
        return FALSE;
    }
    virResetLastError ();
    if (virDomainIsActive (data->refs.dom) == 1) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("The snapshot “%s” is kept inside %s, under the overlay the running VM "
                       "writes to: it can be removed from there only while the VM is shut "
                       "off. Shut “%s” off and delete the snapshot again."), data->name,
                     images->str, data->refs.name);
        return FALSE;
    }
    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];
        const char *image = g_hash_table_lookup (parsed->then, disk->target);

        if (g_strcmp0 (disk->mode, "internal") == 0 && image != NULL &&
            vireo_image_file_has_snapshot (image, data->name) &&
            !vireo_image_file_delete_snapshot (image, data->name, error))
            return FALSE;
    }
    if (virDomainSnapshotDelete (snap, VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The snapshot “%s” could not be deleted"),
                                          data->name);
        return FALSE;
    }
    data->notice = g_strdup_printf (_("The snapshot “%s” was removed from %s, under the VM's "
                                      "overlay."), data->name, images->str);
    return TRUE;
}

static gboolean
delete_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    OpData *data = user_data;
    g_autoptr(GPtrArray) all = _vireo_snap_read_all (data->refs.dom, data->refs.name, error);
    g_autoptr(GHashTable) foreign = NULL;
    g_autofree char *problem = NULL;
    g_autoptr(GString) files = g_string_new (NULL);
    VireoSnapParsed *parsed = NULL;
    virDomainSnapshotPtr snap;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";

    if (all == NULL)
        return FALSE;
    {
        g_autoptr(GHashTable) current = _vireo_snap_current_images (data->refs.dom);

        _vireo_snap_resolve_images (all, current);
    }
    for (guint i = 0; i < all->len; i++) {
        if (g_strcmp0 (((VireoSnapParsed *) all->pdata[i])->name, data->name) == 0)
            parsed = all->pdata[i];
    }
    if (parsed == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("“%s” has no snapshot “%s”."), data->refs.name, data->name);
        return FALSE;
    }
    snap = lookup (data, error);
    if (snap == NULL)
        return FALSE;

    if (!_vireo_snap_is_external (parsed)) {
        gboolean ok = delete_internal (data, snap, parsed, error);

        virDomainSnapshotFree (snap);
        if (ok)
            remove_screenshot (data->folder, data->name);
        return ok;
    }

    for (guint i = 0; i < parsed->disks->len; i++) {
        VireoSnapDisk *disk = parsed->disks->pdata[i];

        if (g_strcmp0 (disk->mode, "external") == 0 && disk->file)
            g_string_append_printf (files, "%s%s", files->len ? ", " : "", disk->file);
    }
    virDomainGetUUIDString (data->refs.dom, uuid);
    foreign = _vireo_snap_foreign_images (data->refs.conn, uuid);
    problem = merge_problem (data, parsed, all, foreign);
    if (problem == NULL) {
        /* libvirt merges the overlay into the image below it (block commit)
         * and points what was above it there. */
        if (virDomainSnapshotDelete (snap, 0) == 0) {
            virDomainSnapshotFree (snap);
            if (parsed->memory_file && g_file_test (parsed->memory_file, G_FILE_TEST_EXISTS))
                g_unlink (parsed->memory_file);
            data->notice = g_strdup_printf (_("The snapshot “%s” was deleted: its overlay %s "
                                              "was merged into the image below it (block "
                                              "commit) and removed."), data->name,
                                            files->str);
            remove_screenshot (data->folder, data->name);
            return TRUE;
        }
        problem = g_strdup_printf (_("libvirt could not merge it: %s"),
                                   virGetLastErrorMessage ());
        virResetLastError ();
    }
    /* Leave the files as they are: only the snapshot's entry goes. */
    if (virDomainSnapshotDelete (snap, VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The snapshot “%s” could not be deleted"),
                                          data->name);
        virDomainSnapshotFree (snap);
        return FALSE;
    }
    virDomainSnapshotFree (snap);
    data->notice = g_strdup_printf (_("The snapshot “%s” was deleted from the list, and its "
                                      "files were left in place (%s%s%s) because %s."),
                                    data->name, files->str,
                                    parsed->memory_file ? ", " : "",
                                    parsed->memory_file ? parsed->memory_file : "", problem);
    remove_screenshot (data->folder, data->name);
    return TRUE;
}

/* ------------------------------------------------------ read one snapshot */

static gboolean
read_one_run (gpointer      user_data,
              GCancellable *cancellable,
              GError      **error)
{
    OpData *data = user_data;
    virDomainSnapshotPtr snap = lookup (data, error);
    g_autofree char *xml = NULL;

    if (snap == NULL)
        return FALSE;
    xml = virDomainSnapshotGetXMLDesc (snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
    virDomainSnapshotFree (snap);
    if (xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The snapshot “%s” could not be read"),
                                          data->name);
        return FALSE;
    }
    data->parsed = _vireo_snap_parse (xml, error);
    if (data->parsed != NULL && data->parsed->domain_xml == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("The snapshot “%s” does not say how the VM was defined then."),
                     data->name);
        return FALSE;
    }
    if (data->parsed == NULL)
        return FALSE;
    {
        g_autoptr(GHashTable) current = _vireo_snap_current_images (data->refs.dom);
        g_autoptr(GPtrArray) one = g_ptr_array_new ();
        char *then;

        g_ptr_array_add (one, data->parsed);
        _vireo_snap_resolve_images (one, current);
        then = _vireo_snap_dup_domain_then (data->parsed, error);
        if (then == NULL)
            return FALSE;
        g_free (data->parsed->domain_xml);
        data->parsed->domain_xml = then;
    }
    return TRUE;
}

static const VireoWorkerOps create_ops = {
    .run = create_run,
    .free_data = op_data_free,
};

static const VireoWorkerOps describe_ops = {
    .run = describe_run,
    .free_data = op_data_free,
};

static const VireoWorkerOps revert_ops = {
    .run = revert_run,
    .apply = revert_apply,
    .free_data = op_data_free,
};

static const VireoWorkerOps delete_ops = {
    .run = delete_run,
    .free_data = op_data_free,
};

static const VireoWorkerOps read_one_ops = {
    .run = read_one_run,
    .free_data = op_data_free,
    .check_cancellable = TRUE,
};

static OpData *
op_data_new (VireoDomain *domain, const char *name, GError **error)
{
    g_autoptr(OpData) data = g_new0 (OpData, 1);

    if (!_vireo_handle_refs_take_connection (&data->refs, vireo_domain_get_connection (domain),
                                             error))
        return NULL;
    _vireo_handle_refs_take_domain (&data->refs, domain);
    data->folder = vireo_domain_dup_snapshot_folder (domain);
    data->name = g_strdup (name);
    return g_steal_pointer (&data);
}

/* Runs @ops on a new OpData (filled by @fill) as the async call @tag. */
static void
start_async (VireoDomain          *domain,
             OpData               *data,
             GError               *error,
             gpointer              tag,
             const VireoWorkerOps *ops,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
    if (data == NULL) {
        g_task_report_error (domain, callback, user_data, tag, error);
        return;
    }
    vireo_worker_run_async (domain, tag, ops, data, cancellable, callback, user_data);
}

/* ------------------------------------------------------- new from snapshot */

/* Sets @clone's disks to what @parsed kept: overlays on the images of an
 * external snapshot, copies of an internal one's state. */
static gboolean
plan_from_snapshot (VireoDomainClone *clone, VireoSnapParsed *parsed, const char *new_name,
                    GError **error)
{
    gboolean external = _vireo_snap_is_external (parsed);

    vireo_domain_clone_set_name (clone, new_name);
    _vireo_domain_clone_set_keep_original (clone, TRUE);
    if (!external)
        _vireo_domain_clone_set_internal_snapshot (clone, parsed->name);
    for (guint i = 0; i < vireo_domain_clone_get_n_disks (clone); i++) {
        const char *target = vireo_domain_clone_get_disk_target (clone, i);
        const char *mode = NULL;

        for (guint j = 0; j < parsed->disks->len; j++) {
            VireoSnapDisk *disk = parsed->disks->pdata[j];

            if (g_strcmp0 (disk->target, target) == 0)
                mode = disk->mode;
        }
        if (g_strcmp0 (mode, "external") == 0) {
            if (!vireo_domain_clone_set_disk_action (clone, i, VIREO_CLONE_DISK_LINK, error))
                return FALSE;
        } else if (g_strcmp0 (mode, "internal") == 0) {
            if (!vireo_domain_clone_set_disk_action (clone, i, VIREO_CLONE_DISK_COPY, error))
                return FALSE;
        }
    }
    return vireo_domain_clone_prepare (clone, error);
}

typedef struct {
    VireoDomain      *domain;
    char             *name;
    char             *new_name;
    VireoProgress    *progress;
    VireoSnapParsed  *parsed;
    VireoDomainClone *clone;
} FromData;

static void
from_data_free (FromData *data)
{
    g_clear_object (&data->domain);
    g_free (data->name);
    g_free (data->new_name);
    g_clear_object (&data->progress);
    g_clear_pointer (&data->parsed, _vireo_snap_parsed_free);
    g_clear_object (&data->clone);
    g_free (data);
}

static void
from_run_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    FromData *data = g_task_get_task_data (task);
    GError *error = NULL;
    VireoDomain *made;

    if (!vireo_domain_clone_run_finish (data->clone, result, &error)) {
        g_task_return_error (task, error);
        return;
    }
    made = vireo_domain_clone_get_domain (data->clone);
    g_task_return_pointer (task, made ? g_object_ref (made) : NULL, g_object_unref);
}

static void
from_plan_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    FromData *data = g_task_get_task_data (task);
    GError *error = NULL;

    data->clone = vireo_domain_clone_new_for_xml_finish (VIREO_CONNECTION (source), result,
                                                         &error);
    if (data->clone == NULL || !plan_from_snapshot (data->clone, data->parsed, data->new_name,
                                                    &error)) {
        g_task_return_error (task, error);
        return;
    }
    vireo_domain_clone_run_async (data->clone, data->progress, g_task_get_cancellable (task),
                                  from_run_cb, g_object_ref (task));
}

static void
from_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    FromData *data = g_task_get_task_data (task);
    GError *error = NULL;
    OpData *read = vireo_worker_finish (source, result, vireo_domain_new_from_snapshot_async,
                                        &error);

    if (read == NULL) {
        g_task_return_error (task, error);
        return;
    }
    data->parsed = g_steal_pointer (&read->parsed);
    vireo_domain_clone_new_for_xml_async (vireo_domain_get_connection (data->domain),
                                          data->parsed->domain_xml,
                                          g_task_get_cancellable (task), from_plan_cb,
                                          g_object_ref (task));
}

/* ------------------------------------------------------------ public API */

VireoSnapshot *
vireo_domain_create_snapshot (VireoDomain       *domain,
                              const char        *name,
                              const char        *description,
                              VireoSnapshotKind  kind,
                              gboolean           memory,
                              GCancellable      *cancellable,
                              GError           **error)
{
    g_autoptr(OpData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = op_data_new (domain, name, error);
    if (data == NULL)
        return NULL;
    data->description = g_strdup (description);
    data->kind = kind;
    data->memory = memory;
    if (!vireo_worker_run (domain, &create_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->snapshot);
}

void
vireo_domain_create_snapshot_async (VireoDomain        *domain,
                                    const char         *name,
                                    const char         *description,
                                    VireoSnapshotKind   kind,
                                    gboolean            memory,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    GError *error = NULL;
    OpData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    data = op_data_new (domain, name, &error);
    if (data) {
        data->description = g_strdup (description);
        data->kind = kind;
        data->memory = memory;
    }
    start_async (domain, data, error, vireo_domain_create_snapshot_async, &create_ops,
                 cancellable, callback, user_data);
}

VireoSnapshot *
vireo_domain_create_snapshot_finish (VireoDomain  *domain,
                                     GAsyncResult *result,
                                     GError      **error)
{
    OpData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = vireo_worker_finish (domain, result, vireo_domain_create_snapshot_async, error);
    return data ? g_steal_pointer (&data->snapshot) : NULL;
}

gboolean
vireo_domain_set_snapshot_description (VireoDomain  *domain,
                                       const char   *name,
                                       const char   *description,
                                       GCancellable *cancellable,
                                       GError      **error)
{
    g_autoptr(OpData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    data = op_data_new (domain, name, error);
    if (data == NULL)
        return FALSE;
    data->description = g_strdup (description);
    return vireo_worker_run (domain, &describe_ops, data, cancellable, error);
}

void
vireo_domain_set_snapshot_description_async (VireoDomain        *domain,
                                             const char         *name,
                                             const char         *description,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
    GError *error = NULL;
    OpData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    data = op_data_new (domain, name, &error);
    if (data)
        data->description = g_strdup (description);
    start_async (domain, data, error, vireo_domain_set_snapshot_description_async,
                 &describe_ops, cancellable, callback, user_data);
}

gboolean
vireo_domain_set_snapshot_description_finish (VireoDomain  *domain,
                                              GAsyncResult *result,
                                              GError      **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    return vireo_worker_finish (domain, result, vireo_domain_set_snapshot_description_async,
                                error) != NULL;
}

gboolean
vireo_domain_revert_snapshot (VireoDomain  *domain,
                              const char   *name,
                              GCancellable *cancellable,
                              GError      **error)
{
    g_autoptr(OpData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    data = op_data_new (domain, name, error);
    return data != NULL && vireo_worker_run (domain, &revert_ops, data, cancellable, error);
}

void
vireo_domain_revert_snapshot_async (VireoDomain        *domain,
                                    const char         *name,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    GError *error = NULL;
    OpData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    data = op_data_new (domain, name, &error);
    start_async (domain, data, error, vireo_domain_revert_snapshot_async, &revert_ops,
                 cancellable, callback, user_data);
}

gboolean
vireo_domain_revert_snapshot_finish (VireoDomain  *domain,
                                     GAsyncResult *result,
                                     GError      **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    return vireo_worker_finish (domain, result, vireo_domain_revert_snapshot_async,
                                error) != NULL;
}

gboolean
vireo_domain_delete_snapshot (VireoDomain  *domain,
                              const char   *name,
                              char        **notice,
                              GCancellable *cancellable,
                              GError      **error)
{
    g_autoptr(OpData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    data = op_data_new (domain, name, error);
    if (data == NULL || !vireo_worker_run (domain, &delete_ops, data, cancellable, error))
        return FALSE;
    if (notice)
        *notice = g_steal_pointer (&data->notice);
    return TRUE;
}

void
vireo_domain_delete_snapshot_async (VireoDomain        *domain,
                                    const char         *name,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    GError *error = NULL;
    OpData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    data = op_data_new (domain, name, &error);
    start_async (domain, data, error, vireo_domain_delete_snapshot_async, &delete_ops,
                 cancellable, callback, user_data);
}

gboolean
vireo_domain_delete_snapshot_finish (VireoDomain  *domain,
                                     GAsyncResult *result,
                                     char        **notice,
                                     GError      **error)
{
    OpData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    data = vireo_worker_finish (domain, result, vireo_domain_delete_snapshot_async, error);
    if (data == NULL)
        return FALSE;
    if (notice)
        *notice = g_steal_pointer (&data->notice);
    return TRUE;
}

VireoDomain *
vireo_domain_new_from_snapshot (VireoDomain   *domain,
                                const char    *name,
                                const char    *new_name,
                                VireoProgress *progress,
                                GCancellable  *cancellable,
                                GError       **error)
{
    g_autoptr(OpData) data = NULL;
    g_autoptr(VireoDomainClone) clone = NULL;
    VireoDomain *made;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (new_name != NULL, NULL);

    data = op_data_new (domain, name, error);
    if (data == NULL || !vireo_worker_run (domain, &read_one_ops, data, cancellable, error))
        return NULL;
    clone = vireo_domain_clone_new_for_xml (vireo_domain_get_connection (domain),
                                            data->parsed->domain_xml, cancellable, error);
    if (clone == NULL || !plan_from_snapshot (clone, data->parsed, new_name, error) ||
        !vireo_domain_clone_run (clone, progress, cancellable, error))
        return NULL;
    made = vireo_domain_clone_get_domain (clone);
    return made ? g_object_ref (made) : NULL;
}

void
vireo_domain_new_from_snapshot_async (VireoDomain        *domain,
                                      const char         *name,
                                      const char         *new_name,
                                      VireoProgress      *progress,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
    g_autoptr(GTask) task = NULL;
    GError *error = NULL;
    FromData *from;
    OpData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));
    g_return_if_fail (new_name != NULL);

    task = g_task_new (domain, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_domain_new_from_snapshot);
    from = g_new0 (FromData, 1);
    from->domain = g_object_ref (domain);
    from->name = g_strdup (name);
    from->new_name = g_strdup (new_name);
    from->progress = progress ? g_object_ref (progress) : NULL;
    g_task_set_task_data (task, from, (GDestroyNotify) from_data_free);
    data = op_data_new (domain, name, &error);
    if (data == NULL) {
        g_task_return_error (task, error);
        return;
    }
    vireo_worker_run_async (domain, vireo_domain_new_from_snapshot_async, &read_one_ops, data,
                            cancellable, from_read_cb, g_steal_pointer (&task));
}

VireoDomain *
vireo_domain_new_from_snapshot_finish (VireoDomain  *domain,
                                       GAsyncResult *result,
                                       GError      **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (g_task_is_valid (result, domain), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
