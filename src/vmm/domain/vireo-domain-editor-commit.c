/* vireo-domain-editor-commit.c: write an editor's result through libvirt
 *
 * The order: new disk images; a rename (shut-off VMs only), carrying the
 * NVRAM file and the snapshots across; the persistent definition, defined
 * with VIR_DOMAIN_DEFINE_VALIDATE so that libvirt checks it against its
 * schema first; then, on a running VM, the changes libvirt can make live.
 * A failure before the definition took removes the images made and leaves
 * the VM as it was; a live change libvirt refuses stays for the next boot
 * and is named in the notice.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-editor-private.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain.h"
#include "vireo-storage.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoHandleRefs               refs;     /* the domain's */
    VireoDomain                  *domain;   /* updated after the commit */
    char                         *uri;
    VireoStorage                 *storage;
    VireoDomainEditor            *editor;
    VireoDomainEditorCommitFlags  flags;
    char                         *notice;
    char                         *applied;  /* what changed in the running VM now */
    VireoDomainInfo              *info;     /* read after the commit */
} CommitData;

/* ---------------------------------------------------------------- helpers */

static void
commit_data_free (gpointer user_data)
{
    CommitData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_clear_object (&data->domain);
    g_free (data->uri);
    g_clear_object (&data->storage);
    g_clear_object (&data->editor);
    g_free (data->notice);
    g_free (data->applied);
    g_clear_pointer (&data->info, _vireo_domain_info_free);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CommitData, commit_data_free)

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
text_of (xmlNode *node)
{
    xmlChar *v = node ? xmlNodeGetContent (node) : NULL;
    char *copy = v && *v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static char *
attr_of (xmlNode *node, const char *name)
{
    xmlChar *v = node ? xmlGetProp (node, BAD_CAST name) : NULL;
    char *copy = v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static char *
serialize_node (xmlDoc *doc, xmlNode *node)
{
    xmlBuffer *buf;
    char *out;

    if (node == NULL)
        return g_strdup ("");
    buf = xmlBufferCreate ();
    xmlNodeDump (buf, doc, node, 0, 0);
    out = g_strdup ((const char *) xmlBufferContent (buf));
    xmlBufferFree (buf);
    return out;
}

static const char *
libvirt_message (void)
{
    virErrorPtr err = virGetLastError ();

    return err && err->message ? err->message : _("unknown error");
}

/* ------------------------------------------------------------ new images */

/* Makes @volume in the pool whose directory holds it (a VireoStorageDir
 * of that directory for a local connection without one); the path made. */
static char *
create_volume (CommitData *data, VireoDomainEditorVolume *volume, GError **error)
{
    g_autofree char *dir = g_path_get_dirname (volume->path);
    g_autofree char *name = g_path_get_basename (volume->path);
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(VireoStorage) local = NULL;

    if (data->storage && VIREO_IS_STORAGE_DIR (data->storage) &&
        g_strcmp0 (vireo_storage_dir_get_directory (VIREO_STORAGE_DIR (data->storage)),
                   dir) == 0)
        return vireo_storage_create_volume (data->storage, VIREO_STORAGE_DIR_POOL, name,
                                            volume->format, volume->capacity, error);
    if (data->storage && VIREO_IS_STORAGE_LIBVIRT (data->storage)) {
        pools = vireo_storage_list_pools (data->storage, NULL);
        for (guint i = 0; pools && i < pools->len; i++) {
            VireoStoragePoolInfo *p = pools->pdata[i];

            if (p->path && g_strcmp0 (p->path, dir) == 0)
                return vireo_storage_create_volume (data->storage, p->name, name,
                                                    volume->format, volume->capacity, error);
        }
    }
    if (data->storage == NULL || VIREO_IS_STORAGE_DIR (data->storage)) {
        /* The embedded connection has no pools: any local directory will do. */
        local = vireo_storage_dir_new (dir);
        return vireo_storage_create_volume (local, VIREO_STORAGE_DIR_POOL, name,
                                            volume->format, volume->capacity, error);
    }
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                 _("“%s” is in no storage pool of this connection: put the new disk in a "
                   "pool's directory."), volume->path);
    return NULL;
}

static void
remove_volumes (CommitData *data, GPtrArray *made)
{
    for (guint i = 0; i < made->len; i++) {
        const char *path = made->pdata[i];
        g_autoptr(GError) local = NULL;

        if (data->storage == NULL || !vireo_storage_delete_volume (data->storage, path, &local))
            g_unlink (path);
    }
}

/* ------------------------------------------------------------------ rename */

typedef struct {
    char    *xml;
    gboolean current;
    gint64   created;
    gboolean dropped;   /* its metadata was taken off (else the driver kept it) */
} SavedSnapshot;

static void
saved_snapshot_free (SavedSnapshot *s)
{
    g_free (s->xml);
    g_free (s);
}

static int
cmp_created (gconstpointer a, gconstpointer b)
{
    const SavedSnapshot *sa = *(const SavedSnapshot * const *) a;
    const SavedSnapshot *sb = *(const SavedSnapshot * const *) b;

    return sa->created < sb->created ? -1 : sa->created > sb->created;
}

/* The snapshots' XML (oldest first), their metadata taken off the domain so
 * that libvirt lets it be renamed. */
static GPtrArray *
take_snapshots (virDomainPtr dom, GError **error)
{
    g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (
        (GDestroyNotify) saved_snapshot_free);
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainListAllSnapshots (dom, &snaps, 0);

    if (n < 0) {
        virErrorPtr err = virGetLastError ();

        if (err && err->code == VIR_ERR_NO_SUPPORT) {
            virResetLastError ();
            return g_steal_pointer (&saved);
        }
        vireo_vmm_set_error_from_libvirt (error, _("Could not read the VM's snapshots"));
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        SavedSnapshot *s = g_new0 (SavedSnapshot, 1);
        const char *c;

        s->xml = virDomainSnapshotGetXMLDesc (snaps[i], VIR_DOMAIN_SNAPSHOT_XML_SECURE);
        s->current = virDomainSnapshotIsCurrent (snaps[i], 0) == 1;
        c = s->xml ? strstr (s->xml, "<creationTime>") : NULL;
        s->created = c ? g_ascii_strtoll (c + strlen ("<creationTime>"), NULL, 10) : 0;
        g_ptr_array_add (saved, s);
    }
    for (int i = 0; i < n; i++) {
        SavedSnapshot *s = saved->pdata[i];

        /* Drivers that cannot drop only the metadata (the test driver)
         * rename a VM with its snapshots: those stay where they are. */
        if (virDomainSnapshotDelete (snaps[i], VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) == 0)
            s->dropped = TRUE;
        else
            g_debug ("Could not drop the metadata of a snapshot: %s", libvirt_message ());
        virDomainSnapshotFree (snaps[i]);
    }
    g_ptr_array_sort (saved, cmp_created);
    free (snaps);
    virResetLastError ();
    return g_steal_pointer (&saved);
}

/* Puts @saved back on @dom, with its name in their domain descriptions. */
static gboolean
restore_snapshots (virDomainPtr dom, GPtrArray *saved, const char *name, GError **error)
{
    for (guint i = 0; i < saved->len; i++) {
        SavedSnapshot *s = saved->pdata[i];
        g_autoptr(xmlDoc) doc = s->xml ? _vireo_domain_editor_parse (s->xml, NULL) : NULL;
        xmlNode *dname = doc ? child (child (xmlDocGetRootElement (doc), "domain"), "name")
                             : NULL;
        g_autofree char *xml = NULL;
        virDomainSnapshotPtr snap;

        if (doc == NULL || !s->dropped)
            continue;
        if (dname) {
            xmlNodeSetContent (dname, NULL);
            xmlNodeAddContent (dname, BAD_CAST name);
        }
        xml = _vireo_domain_editor_serialize (doc);
        snap = virDomainSnapshotCreateXML (dom, xml,
                                           VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                           (s->current ? VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT : 0));
        if (snap == NULL) {
            vireo_vmm_set_error_from_libvirt (error, _("Could not carry a snapshot of “%s” "
                                                       "over"), name);
            return FALSE;
        }
        virDomainSnapshotFree (snap);
    }
    return TRUE;
}

/* The NVRAM file named after the VM follows its new name: copied, and the
 * definition points at the copy.  Returns the old file to remove once all
 * went well (NULL for none). */
static char *
move_nvram (xmlDoc *doc, const char *old_name, const char *new_name, GError **error)
{
    xmlNode *nvram = child (child (xmlDocGetRootElement (doc), "os"), "nvram");
    g_autofree char *path = text_of (nvram);
    g_autofree char *base = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *new_base = NULL;
    g_autofree char *new_path = NULL;
    g_autoptr(GFile) from = NULL;
    g_autoptr(GFile) to = NULL;
    g_auto(GStrv) parts = NULL;

    if (path == NULL)
        return NULL;
    base = g_path_get_basename (path);
    if (!g_str_has_prefix (base, old_name))
        return NULL;
    dir = g_path_get_dirname (path);
    new_base = g_strconcat (new_name, base + strlen (old_name), NULL);
    new_path = g_build_filename (dir, new_base, NULL);
    if (g_file_test (path, G_FILE_TEST_EXISTS)) {
        from = g_file_new_for_path (path);
        to = g_file_new_for_path (new_path);
        if (!g_file_copy (from, to, G_FILE_COPY_ALL_METADATA, NULL, NULL, NULL, error))
            return NULL;
    }
    xmlNodeSetContent (nvram, NULL);
    xmlNodeAddContent (nvram, BAD_CAST new_path);
    (void) parts;
    return g_steal_pointer (&path);
}

/* ------------------------------------------------------------ live changes */

static gboolean
live_device (virDomainPtr dom, VireoDomainDeviceChange *change)
{
    unsigned int flags = VIR_DOMAIN_AFFECT_LIVE;

    switch (change->action) {
    case VIREO_DOMAIN_EDIT_ADD:
        return virDomainAttachDeviceFlags (dom, change->xml, flags) == 0;
    case VIREO_DOMAIN_EDIT_REMOVE:
        return virDomainDetachDeviceFlags (dom, change->xml, flags) == 0;
    case VIREO_DOMAIN_EDIT_CHANGE:
    default:
        return virDomainUpdateDeviceFlags (dom, change->xml, flags) == 0;
    }
}

static char *
describe_change (VireoDomainDeviceChange *change)
{
    switch (change->action) {
    case VIREO_DOMAIN_EDIT_ADD:
        return g_strdup_printf (_("adding the %s (%s)"), change->option, libvirt_message ());
    case VIREO_DOMAIN_EDIT_REMOVE:
        return g_strdup_printf (_("removing the %s (%s)"), change->option, libvirt_message ());
    case VIREO_DOMAIN_EDIT_CHANGE:
    default:
        return g_strdup_printf (_("changing the %s (%s)"), change->option, libvirt_message ());
    }
}

/* A device change the running VM took, for the sentence about them. */
static char *
describe_done (VireoDomainDeviceChange *change)
{
    const char *what = change->option;

    if (g_strcmp0 (what, "network") == 0)
        what = _("network interface");
    else if (g_strcmp0 (what, "graphics") == 0)
        what = _("display");
    switch (change->action) {
    case VIREO_DOMAIN_EDIT_ADD:
        return g_strdup_printf (_("%s added"), what);
    case VIREO_DOMAIN_EDIT_REMOVE:
        return g_strdup_printf (_("%s removed"), what);
    case VIREO_DOMAIN_EDIT_CHANGE:
    default:
        return g_strdup_printf (_("%s changed"), what);
    }
}

/* @items joined with "; ", or NULL when there are none. */
static char *
join_items (GPtrArray *items)
{
    char *list;

    if (items->len == 0)
        return NULL;
    g_ptr_array_add (items, NULL);
    list = g_strjoinv ("; ", (char **) items->pdata);
    g_ptr_array_set_size (items, items->len - 1);
    return list;
}

/* The top-level elements (other than those the live calls handle) that
 * differ between @a and @b, as "<memory>" items. */
static void
list_other_changes (xmlDoc *a, xmlDoc *b, GPtrArray *out)
{
    static const char * const live[] = {
        "title", "description", "currentMemory", "devices", NULL
    };
    xmlNode *ra = xmlDocGetRootElement (a), *rb = xmlDocGetRootElement (b);
    g_autoptr(GPtrArray) tags = g_ptr_array_new ();

    for (xmlNode *root = ra; root; root = root == ra ? rb : NULL) {
        for (xmlNode *c = root->children; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE &&
                !g_strv_contains (live, (const char *) c->name) &&
                !g_ptr_array_find_with_equal_func (tags, c->name, g_str_equal, NULL))
                g_ptr_array_add (tags, (gpointer) c->name);
        }
    }
    for (guint i = 0; i < tags->len; i++) {
        const char *tag = tags->pdata[i];
        xmlNode *na = child (ra, tag), *nb = child (rb, tag);
        g_autofree char *sa = serialize_node (a, na);
        g_autofree char *sb = serialize_node (b, nb);

        if (g_str_equal (tag, "vcpu") && na && nb) {
            /* The current count is set live; the maximum is not. */
            g_autofree char *ma = text_of (na);
            g_autofree char *mb = text_of (nb);
            if (g_strcmp0 (ma, mb) == 0)
                continue;
        }
        if (g_strcmp0 (sa, sb) != 0)
            g_ptr_array_add (out, g_strdup_printf ("<%s>", tag));
    }
    {
        g_autofree char *sa = attr_of (ra, "type");
        g_autofree char *sb = attr_of (rb, "type");
        if (g_strcmp0 (sa, sb) != 0)
            g_ptr_array_add (out, g_strdup (_("the domain type")));
    }
}

static int
vcpus_current (xmlDoc *doc)
{
    xmlNode *vcpu = child (xmlDocGetRootElement (doc), "vcpu");
    g_autofree char *cur = attr_of (vcpu, "current");
    g_autofree char *max = text_of (vcpu);

    return cur ? atoi (cur) : max ? atoi (max) : 0;
}

/* Makes the changes a running guest takes; data->applied gets one sentence
 * naming them, data->notice one naming the rest (kept for the next boot);
 * each NULL when there is none. */
static void
apply_live (CommitData *data, xmlDoc *before, xmlDoc *after)
{
    VireoDomainEditor *editor = data->editor;
    /* The guest as it ran and as the edits left it, when the editor read
     * it running and the caller works as virt-xml --update; else the
     * definition's difference stands for it. */
    g_autoptr(xmlDoc) live_before = editor->live_doc &&
                                    (data->flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE_XML)
                                    ? _vireo_domain_editor_parse (editor->live_original, NULL)
                                    : NULL;
    xmlDoc *from = live_before ? live_before : before;
    xmlDoc *to = live_before ? editor->live_doc : after;
    GPtrArray *changes = live_before ? editor->live_changes : editor->device_changes;
    xmlNode *a = xmlDocGetRootElement (from), *b = xmlDocGetRootElement (to);
    g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) applied = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *dev_a = serialize_node (before, child (xmlDocGetRootElement (before),
                                                            "devices"));
    g_autofree char *dev_b = serialize_node (after, child (xmlDocGetRootElement (after),
                                                           "devices"));
    static const struct { const char *element; int type; } meta[] = {
        { "title", VIR_DOMAIN_METADATA_TITLE },
        { "description", VIR_DOMAIN_METADATA_DESCRIPTION },
    };
    int cur_a = vcpus_current (from), cur_b = vcpus_current (to);

    for (guint i = 0; i < changes->len; i++) {
        VireoDomainDeviceChange *change = changes->pdata[i];

        if (!live_device (data->refs.dom, change))
            g_ptr_array_add (refused, describe_change (change));
        else
            g_ptr_array_add (applied, describe_done (change));
    }
    if (editor->device_changes->len == 0 && g_strcmp0 (dev_a, dev_b) != 0)
        g_ptr_array_add (refused, g_strdup (_("the changes to its devices")));

    for (guint i = 0; i < G_N_ELEMENTS (meta); i++) {
        g_autofree char *va = text_of (child (a, meta[i].element));
        g_autofree char *vb = text_of (child (b, meta[i].element));

        if (g_strcmp0 (va, vb) == 0)
            continue;
        if (virDomainSetMetadata (data->refs.dom, meta[i].type, vb, NULL, NULL,
                                  VIR_DOMAIN_AFFECT_LIVE) < 0)
            g_ptr_array_add (refused, g_strdup_printf (_("its %s (%s)"), meta[i].element,
                                                       libvirt_message ()));
        else
            g_ptr_array_add (applied, g_strdup_printf (_("its %s"), meta[i].element));
    }
    {
        g_autofree char *ma = text_of (child (a, "currentMemory"));
        g_autofree char *mb = text_of (child (b, "currentMemory"));

        if (g_strcmp0 (ma, mb) != 0 && mb) {
            guint64 kib = g_ascii_strtoull (mb, NULL, 10);

            if (virDomainSetMemoryFlags (data->refs.dom, kib, VIR_DOMAIN_AFFECT_LIVE) < 0)
                g_ptr_array_add (refused, g_strdup_printf (_("its memory balloon (%s)"),
                                                           libvirt_message ()));
            else
                g_ptr_array_add (applied,
                                 g_strdup_printf (_("its memory balloon (%" PRIu64
                                                    " MiB)"), kib / 1024));
        }
    }
    if (cur_a != cur_b && cur_b > 0) {
        if (virDomainSetVcpusFlags (data->refs.dom, (unsigned int) cur_b,
                                    VIR_DOMAIN_AFFECT_LIVE) < 0)
            g_ptr_array_add (refused, g_strdup_printf (_("its vCPU count (%s)"),
                                                       libvirt_message ()));
        else
            g_ptr_array_add (applied, g_strdup_printf (_("its vCPU count (%d)"), cur_b));
    }
    list_other_changes (before, after, refused);
    virResetLastError ();
    {
        g_autofree char *now = join_items (applied);
        g_autofree char *later = join_items (refused);

        if (now)
            data->applied = g_strdup_printf (_("Changed in the running VM now: %s."), now);
        if (later)
            data->notice = g_strdup_printf (_("Saved, but the running VM cannot take these "
                                              "changes now, so they take effect when it next "
                                              "starts: %s."), later);
    }
}

/* ------------------------------------------------------------------ commit */

static gboolean
commit_run (gpointer user_data, GCancellable *cancellable, GError **error)
{
    CommitData *data = user_data;
    VireoDomainEditor *editor = data->editor;
    g_autoptr(xmlDoc) before = _vireo_domain_editor_parse (editor->original_xml, NULL);
    g_autoptr(xmlDoc) after = xmlCopyDoc (editor->doc, 1);
    g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autofree char *old_name = g_strdup (virDomainGetName (data->refs.dom));
    g_autofree char *new_name = text_of (child (xmlDocGetRootElement (after), "name"));
    g_autofree char *old_nvram = NULL;
    g_autofree char *xml = NULL;
    gboolean renamed = FALSE;
    int active = virDomainIsActive (data->refs.dom);
    virConnectPtr conn = virDomainGetConnect (data->refs.dom);
    virDomainPtr defined;

    if (active < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not read the state of “%s”"),
                                          old_name);
        return FALSE;
    }
    if ((data->flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG) && new_name &&
        g_strcmp0 (new_name, old_name) != 0 && active == 1) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("“%s” is running: a VM can only be renamed when it is shut off."),
                     old_name);
        return FALSE;
    }

    /* Nothing to write (--update --no-define on a VM that does not run):
     * no image is made either. */
    if (!(data->flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG) &&
        !((data->flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE) && active == 1))
        return TRUE;
    /* virt-xml --update changes the guest first: an edit its XML does not
     * take (no such device there) fails before anything is changed. */
    if ((data->flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE) &&
        (data->flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE_XML) && active == 1 && editor->live_doc &&
        editor->live_error) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The running VM “%s” cannot take these changes: %s"), old_name,
                     editor->live_error->message);
        return FALSE;
    }

    for (guint i = 0; i < editor->new_volumes->len; i++) {
        char *path = create_volume (data, editor->new_volumes->pdata[i], error);

        if (path == NULL) {
            remove_volumes (data, made);
            return FALSE;
        }
        g_ptr_array_add (made, path);
    }

    if (data->flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG) {
        if (new_name && g_strcmp0 (new_name, old_name) != 0) {
            GError *local = NULL;

            snapshots = take_snapshots (data->refs.dom, error);
            if (snapshots == NULL) {
                remove_volumes (data, made);
                return FALSE;
            }
            old_nvram = move_nvram (after, old_name, new_name, &local);
            if (local) {
                g_propagate_prefixed_error (error, local,
                                            _("Could not copy the NVRAM file of “%s”: "),
                                            old_name);
                restore_snapshots (data->refs.dom, snapshots, old_name, NULL);
                remove_volumes (data, made);
                return FALSE;
            }
            if (virDomainRename (data->refs.dom, new_name, 0) < 0) {
                vireo_vmm_set_error_from_libvirt (error, _("Could not rename “%s” to “%s”"),
                                                  old_name, new_name);
                restore_snapshots (data->refs.dom, snapshots, old_name, NULL);
                remove_volumes (data, made);
                return FALSE;
            }
            renamed = TRUE;
        }
        xml = _vireo_domain_editor_serialize (after);
        defined = virDomainDefineXMLFlags (conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
        if (defined == NULL) {
            vireo_vmm_set_error_from_libvirt (error, _("libvirt did not accept the changes to "
                                                       "“%s”"), old_name);
            if (renamed) {
                virDomainRename (data->refs.dom, old_name, 0);
                if (old_nvram) {
                    g_autofree char *copy = text_of (
                        child (child (xmlDocGetRootElement (after), "os"), "nvram"));
                    if (copy && g_strcmp0 (copy, old_nvram) != 0)
                        g_unlink (copy);
                }
            }
            if (snapshots)
                restore_snapshots (data->refs.dom, snapshots, old_name, NULL);
            remove_volumes (data, made);
            virResetLastError ();
            return FALSE;
        }
        if (editor->autostart >= 0 && virDomainSetAutostart (defined, editor->autostart) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The changes to “%s” are saved, but "
                                                       "its autostart could not be set"),
                                              new_name ? new_name : old_name);
            virDomainFree (defined);
            return FALSE;
        }
        virDomainFree (defined);
        if (snapshots && !restore_snapshots (data->refs.dom, snapshots, new_name, error))
            return FALSE;
        if (old_nvram)
            g_unlink (old_nvram);
    }

    if ((data->flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE) && active == 1)
        apply_live (data, before, after);
    else if (active == 1 && (data->flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG) &&
             vireo_domain_editor_has_changes (editor))
        data->notice = g_strdup_printf (_("“%s” is running: the changes take effect when it "
                                          "next starts."), new_name ? new_name : old_name);
    data->info = _vireo_domain_info_read (data->refs.dom);
    virResetLastError ();
    return TRUE;
}

static CommitData *
commit_data_new (VireoDomainEditor *self, VireoDomain *domain,
                 VireoDomainEditorCommitFlags flags)
{
    CommitData *data = g_new0 (CommitData, 1);
    VireoConnection *connection = vireo_domain_get_connection (domain);
    VireoStorage *storage = connection ? vireo_connection_get_storage (connection) : NULL;

    _vireo_handle_refs_take_domain (&data->refs, domain);
    data->domain = g_object_ref (domain);
    data->uri = connection ? g_strdup (vireo_connection_get_uri (connection)) : NULL;
    data->storage = storage ? g_object_ref (storage) : NULL;
    data->editor = g_object_ref (self);
    data->flags = flags;
    return data;
}

/* The owner's context: the domain as the commit left it. */
static gboolean
commit_apply (gpointer owner, gpointer user_data, GError **error)
{
    CommitData *data = user_data;

    g_free (data->editor->applied_live);
    data->editor->applied_live = g_strdup (data->applied);
    if (data->info)
        _vireo_domain_update (data->domain, data->info);
    return TRUE;
}

static const VireoWorkerOps commit_ops = {
    .run = commit_run,
    .apply = commit_apply,
    .free_data = commit_data_free,
};

/* ------------------------------------------------------------- public API */

const char *
vireo_domain_editor_get_applied_live (VireoDomainEditor *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);

    return self->applied_live;
}

gboolean
vireo_domain_editor_commit (VireoDomainEditor            *self,
                            VireoDomain                  *domain,
                            VireoDomainEditorCommitFlags  flags,
                            char                        **notice,
                            GCancellable                 *cancellable,
                            GError                      **error)
{
    g_autoptr(CommitData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (notice)
        *notice = NULL;
    g_clear_pointer (&self->applied_live, g_free);
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    data = commit_data_new (self, domain, flags);
    if (!vireo_worker_run (self, &commit_ops, data, cancellable, error))
        return FALSE;
    if (notice)
        *notice = g_steal_pointer (&data->notice);
    return TRUE;
}

void
vireo_domain_editor_commit_async (VireoDomainEditor            *self,
                                  VireoDomain                  *domain,
                                  VireoDomainEditorCommitFlags  flags,
                                  GCancellable                 *cancellable,
                                  GAsyncReadyCallback           callback,
                                  gpointer                      user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (self));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    g_clear_pointer (&self->applied_live, g_free);
    /* The domain is updated even when the caller cancelled meanwhile. */
    vireo_worker_run_async (self, vireo_domain_editor_commit_async, &commit_ops,
                            commit_data_new (self, domain, flags), cancellable, callback,
                            user_data);
}

gboolean
vireo_domain_editor_commit_finish (VireoDomainEditor  *self,
                                   GAsyncResult       *result,
                                   char              **notice,
                                   GError            **error)
{
    CommitData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);

    data = vireo_worker_finish (self, result, vireo_domain_editor_commit_async, error);
    if (notice)
        *notice = data != NULL ? g_steal_pointer (&data->notice) : NULL;
    return data != NULL;
}

typedef struct {
    VireoHandleRefs refs;   /* the connection's, when it is open */
    char           *xml;
} TransientData;

static void
transient_data_free (gpointer user_data)
{
    TransientData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_free (data->xml);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TransientData, transient_data_free)

static gboolean
transient_run (gpointer user_data, GCancellable *cancellable, GError **error)
{
    TransientData *data = user_data;
    virDomainPtr dom;

    if (data->refs.conn == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("The connection is not open."));
        return FALSE;
    }
    dom = virDomainCreateXML (data->refs.conn, data->xml, 0);
    if (dom == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not start the changed VM"));
        return FALSE;
    }
    virDomainFree (dom);
    return TRUE;
}

static const VireoWorkerOps transient_ops = {
    .run = transient_run,
    .free_data = transient_data_free,
};

static TransientData *
transient_data_new (VireoDomainEditor *self, VireoConnection *connection)
{
    TransientData *data = g_new0 (TransientData, 1);

    /* Not open: the run says so. */
    _vireo_handle_refs_take_connection (&data->refs, connection, NULL);
    data->xml = _vireo_domain_editor_serialize (self->doc);
    return data;
}

gboolean
vireo_domain_editor_start_transient (VireoDomainEditor  *self,
                                     VireoConnection    *connection,
                                     GCancellable       *cancellable,
                                     GError            **error)
{
    g_autoptr(TransientData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);
    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), FALSE);

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    data = transient_data_new (self, connection);
    return vireo_worker_run (self, &transient_ops, data, cancellable, error);
}

void
vireo_domain_editor_start_transient_async (VireoDomainEditor  *self,
                                           VireoConnection    *connection,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    vireo_worker_run_async (self, vireo_domain_editor_start_transient_async, &transient_ops,
                            transient_data_new (self, connection), cancellable, callback,
                            user_data);
}

gboolean
vireo_domain_editor_start_transient_finish (VireoDomainEditor *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);

    return vireo_worker_finish (self, result, vireo_domain_editor_start_transient_async,
                                error) != NULL;
}
