/* vireo-domain-editor-open.c: read a domain, and what its edits need, into an editor
 *
 * One worker reads everything applying edits may need, so that applying
 * them needs no libvirt call: the domain's persistent definition (the base,
 * as virt-xml edits it) and, when it runs, its live XML (the base of the
 * changes made live); the host's capabilities and the domain capabilities
 * of the VM's emulator; the host's PCI and USB devices (--hostdev names);
 * the MAC addresses every domain of the connection uses (a new interface
 * gets one none of them has); and the storage volumes of the connection's
 * pools (--disk vol=POOL/VOLUME names one).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-editor-private.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain.h"
#include "vireo-storage.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    VireoHandleRefs    refs;                /* the domain's */
    char              *uri;
    VireoStorage      *storage;
    gboolean           persistent;
    VireoDomainEditorReadFlags skip;        /* what not to read */
    VireoDomainEditor *editor;              /* the result */
} OpenData;

/* ---------------------------------------------------------------- helpers */

static void
open_data_free (gpointer user_data)
{
    OpenData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_free (data->uri);
    g_clear_object (&data->storage);
    g_clear_object (&data->editor);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

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
child_text (xmlNode *node, const char *name)
{
    return text_of (child (node, name));
}

static xmlDoc *
read_xml (const char *xml, const char *name)
{
    return xmlReadMemory (xml, (int) strlen (xml), name, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* The directory the connection keeps images in: the embedded root's folder,
 * or the default pool's. */
static char *
pool_directory (VireoStorage *storage)
{
    g_autoptr(GPtrArray) pools = NULL;

    if (storage == NULL)
        return NULL;
    if (VIREO_IS_STORAGE_DIR (storage))
        return g_strdup (vireo_storage_dir_get_directory (VIREO_STORAGE_DIR (storage)));
    pools = vireo_storage_list_pools (storage, NULL);
    for (guint i = 0; pools && i < pools->len; i++) {
        VireoStoragePoolInfo *p = pools->pdata[i];
        if (g_strcmp0 (p->name, "default") == 0 && p->path)
            return g_strdup (p->path);
    }
    return NULL;
}

/* ------------------------------------------------------------ host devices */

static VireoHostDeviceInfo *
host_device_from_xml (const char *xml)
{
    g_autoptr(xmlDoc) doc = _vireo_domain_editor_parse (xml, NULL);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    VireoHostDeviceInfo *info;

    for (xmlNode *cap = root ? root->children : NULL; cap; cap = cap->next) {
        g_autofree char *type = NULL;

        if (cap->type != XML_ELEMENT_NODE || !xmlStrEqual (cap->name, BAD_CAST "capability"))
            continue;
        type = attr_of (cap, "type");
        if (g_strcmp0 (type, "pci") != 0 && g_strcmp0 (type, "usb_device") != 0)
            continue;
        info = g_new0 (VireoHostDeviceInfo, 1);
        info->name = child_text (root, "name");
        if (g_str_equal (type, "pci")) {
            info->type = g_strdup ("pci");
            info->domain = child_text (cap, "domain");
            info->bus = child_text (cap, "bus");
            info->slot = child_text (cap, "slot");
            info->function = child_text (cap, "function");
        } else {
            info->type = g_strdup ("usb");
            info->bus = child_text (cap, "bus");
            info->device = child_text (cap, "device");
            info->vendor = attr_of (child (cap, "vendor"), "id");
            info->product = attr_of (child (cap, "product"), "id");
        }
        return info;
    }
    return NULL;
}

/* The host's PCI and USB node devices; NULL when the connection lists none
 * (the embedded driver has no node device API: names are then read as
 * addresses). */
static GPtrArray *
read_host_devices (virConnectPtr conn)
{
    GPtrArray *out;
    virNodeDevicePtr *devs = NULL;
    int n = virConnectListAllNodeDevices (conn, &devs,
                                          VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV |
                                          VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV);

    if (n < 0) {
        virResetLastError ();
        return NULL;
    }
    out = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_device_info_free);
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virNodeDeviceGetXMLDesc (devs[i], 0);
        VireoHostDeviceInfo *info = xml ? host_device_from_xml (xml) : NULL;

        if (info)
            g_ptr_array_add (out, info);
        virNodeDeviceFree (devs[i]);
    }
    free (devs);
    return out;
}

/* ------------------------------------------------------------ used MACs */

static void
add_macs (GHashTable *macs, const char *xml)
{
    g_autoptr(xmlDoc) doc = xml ? read_xml (xml, "domain.xml") : NULL;
    xmlNode *devices = doc ? child (xmlDocGetRootElement (doc), "devices") : NULL;

    for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
        g_autofree char *address = NULL;

        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual (c->name, BAD_CAST "interface"))
            continue;
        address = attr_of (child (c, "mac"), "address");
        if (address)
            g_hash_table_add (macs, g_ascii_strdown (address, -1));
    }
}

/* The MACs the interfaces of every domain of the connection use, running
 * (its live XML, and the definition it boots next) or not, as virt-install
 * looks for them before it picks one; NULL when the domains cannot be
 * listed.  One call per domain, in this worker. */
static GHashTable *
read_used_macs (virConnectPtr conn)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, 0);
    GHashTable *macs;

    if (n < 0) {
        virResetLastError ();
        return NULL;
    }
    macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < n; i++) {
        /* A domain that went away meanwhile has nothing to add. */
        g_autofree char *xml = virDomainGetXMLDesc (doms[i], 0);

        add_macs (macs, xml);
        /* Running (its id is known without a call): its next boot's too. */
        if (virDomainGetID (doms[i]) != (unsigned int) -1) {
            g_autofree char *inactive = virDomainGetXMLDesc (doms[i], VIR_DOMAIN_XML_INACTIVE);
            add_macs (macs, inactive);
        }
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
    return macs;
}

/* ------------------------------------------------------------ volumes */

static GHashTable *
new_volume_table (void)
{
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) vireo_storage_volume_info_free);
}

static VireoStorageVolumeInfo *
volume_from_xml (const char *xml)
{
    g_autoptr(xmlDoc) doc = xml ? read_xml (xml, "volume.xml") : NULL;
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    xmlNode *target = child (root, "target");
    VireoStorageVolumeInfo *info;

    if (root == NULL)
        return NULL;
    info = g_new0 (VireoStorageVolumeInfo, 1);
    info->name = child_text (root, "name");
    info->path = child_text (target, "path");
    info->format = attr_of (child (target, "format"), "type");
    if (info->name == NULL || info->path == NULL) {
        vireo_storage_volume_info_free (info);
        return NULL;
    }
    return info;
}

/* The volumes of the connection's active pools, pool name → (volume name →
 * VireoStorageVolumeInfo*), for --disk vol=; the embedded root's image
 * folder is its pool "default" (the files in it).
 * NULL when the connection lists no pools. */
static GHashTable *
read_volumes (virConnectPtr conn, VireoStorage *storage)
{
    g_autoptr(GHashTable) pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_hash_table_unref);
    virStoragePoolPtr *list = NULL;
    int n = virConnectListAllStoragePools (conn, &list, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    gboolean known = n >= 0;

    for (int i = 0; i < n; i++) {
        GHashTable *volumes = new_volume_table ();
        virStorageVolPtr *vols = NULL;
        int m = virStoragePoolListAllVolumes (list[i], &vols, 0);

        for (int j = 0; j < m; j++) {
            /* One call a volume: its path and format, as virt-install reads them. */
            g_autofree char *xml = virStorageVolGetXMLDesc (vols[j], 0);
            VireoStorageVolumeInfo *info = volume_from_xml (xml);

            if (info)
                g_hash_table_replace (volumes, g_strdup (info->name), info);
            virStorageVolFree (vols[j]);
        }
        free (vols);
        g_hash_table_replace (pools, g_strdup (virStoragePoolGetName (list[i])), volumes);
        virStoragePoolFree (list[i]);
    }
    free (list);
    virResetLastError ();
    if (storage && VIREO_IS_STORAGE_DIR (storage) &&
        !g_hash_table_contains (pools, VIREO_STORAGE_DIR_POOL)) {
        const char *directory = vireo_storage_dir_get_directory (VIREO_STORAGE_DIR (storage));
        g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
        GHashTable *volumes = new_volume_table ();
        const char *entry;

        while (dir && (entry = g_dir_read_name (dir)) != NULL) {
            g_autofree char *path = g_build_filename (directory, entry, NULL);
            VireoStorageVolumeInfo *info;

            if (entry[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
                continue;
            info = g_new0 (VireoStorageVolumeInfo, 1);
            info->name = g_strdup (entry);
            info->path = g_steal_pointer (&path);
            g_hash_table_replace (volumes, g_strdup (entry), info);
        }
        g_hash_table_replace (pools, g_strdup (VIREO_STORAGE_DIR_POOL), volumes);
        known = TRUE;
    }
    return known ? g_steal_pointer (&pools) : NULL;
}

/* ------------------------------------------------------------------ open */

static gboolean
open_run (gpointer user_data, GCancellable *cancellable, GError **error)
{
    OpenData *data = user_data;
    g_autofree char *xml = NULL;
    g_autofree char *caps = NULL;
    g_autofree char *domcaps = NULL;
    g_autofree char *pool_dir = NULL;
    g_autoptr(VireoDomainEditor) editor = NULL;
    virConnectPtr conn = virDomainGetConnect (data->refs.dom);
    xmlNode *root, *type;

    xml = virDomainGetXMLDesc (data->refs.dom, VIR_DOMAIN_XML_SECURE |
                               (data->persistent ? VIR_DOMAIN_XML_INACTIVE : 0));
    if (xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not read the description of “%s”"),
                                          data->refs.name);
        return FALSE;
    }
    editor = vireo_domain_editor_new (xml, error);
    if (editor == NULL)
        return FALSE;
    /* A running VM with a definition of its own: the guest as it runs is
     * the base of what is changed live. */
    if (data->persistent && virDomainIsActive (data->refs.dom) == 1) {
        g_autofree char *live = virDomainGetXMLDesc (data->refs.dom, VIR_DOMAIN_XML_SECURE);

        if (live)
            _vireo_domain_editor_set_live_xml (editor, live);
    }
    caps = virConnectGetCapabilities (conn);
    root = xmlDocGetRootElement (editor->doc);
    type = child (child (root, "os"), "type");
    if (data->uri && g_str_has_prefix (data->uri, "qemu")) {
        g_autofree char *emulator = text_of (child (child (root, "devices"), "emulator"));
        g_autofree char *arch = attr_of (type, "arch");
        g_autofree char *machine = attr_of (type, "machine");
        g_autofree char *virt_type = attr_of (root, "type");

        domcaps = virConnectGetDomainCapabilities (conn, emulator, arch, machine, virt_type, 0);
    }
    virResetLastError ();
    vireo_domain_editor_set_connection (editor, data->uri, caps, domcaps);
    editor->host_devices = read_host_devices (conn);
    if (!(data->skip & VIREO_DOMAIN_EDITOR_READ_SKIP_MACS))
        editor->used_macs = read_used_macs (conn);
    if (!(data->skip & VIREO_DOMAIN_EDITOR_READ_SKIP_VOLUMES))
        editor->pools = read_volumes (conn, data->storage);
    pool_dir = pool_directory (data->storage);
    if (pool_dir)
        vireo_domain_editor_set_pool_directory (editor, pool_dir);
    data->editor = g_steal_pointer (&editor);
    return TRUE;
}

static const VireoWorkerOps open_ops = {
    .run = open_run,
    .free_data = open_data_free,
    .check_cancellable = TRUE,
};

static OpenData *
open_data_new (VireoDomain *domain)
{
    OpenData *data = g_new0 (OpenData, 1);
    VireoConnection *connection = vireo_domain_get_connection (domain);
    VireoStorage *storage = connection ? vireo_connection_get_storage (connection) : NULL;

    _vireo_handle_refs_take_domain (&data->refs, domain);
    data->uri = connection ? g_strdup (vireo_connection_get_uri (connection)) : NULL;
    data->storage = storage ? g_object_ref (storage) : NULL;
    data->persistent = vireo_domain_get_persistent (domain);
    return data;
}

/* ------------------------------------------------------------- public API */

VireoDomainEditor *
vireo_domain_editor_new_for_domain (VireoDomain   *domain,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
    return vireo_domain_editor_new_for_domain_reading (domain, 0, cancellable, error);
}

VireoDomainEditor *
vireo_domain_editor_new_for_domain_reading (VireoDomain                *domain,
                                            VireoDomainEditorReadFlags  skip,
                                            GCancellable               *cancellable,
                                            GError                    **error)
{
    g_autoptr(OpenData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    data = open_data_new (domain);
    data->skip = skip;
    if (!vireo_worker_run (domain, &open_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->editor);
}

void
vireo_domain_editor_new_for_domain_async (VireoDomain        *domain,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    vireo_worker_run_async (domain, vireo_domain_editor_new_for_domain_async, &open_ops,
                            open_data_new (domain), cancellable, callback, user_data);
}

VireoDomainEditor *
vireo_domain_editor_new_for_domain_finish (VireoDomain   *domain,
                                           GAsyncResult  *result,
                                           GError       **error)
{
    OpenData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    data = vireo_worker_finish (domain, result, vireo_domain_editor_new_for_domain_async, error);
    return data != NULL ? g_steal_pointer (&data->editor) : NULL;
}
