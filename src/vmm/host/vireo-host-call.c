/* vireo-host-call.c: how the host's calls run, and the helpers they share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>

#include "vireo-host-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

typedef struct {
    virConnectPtr    conn;
    VireoHostRunFunc run;
    gpointer         data;
    GDestroyNotify   free_data;
    /* Outcome calls: the caller's cancellable, which the run alone sees. */
    GCancellable    *cancellable;
} HostCall;

/* Helpers */

static void
host_call_free (gpointer user_data)
{
    HostCall *call = user_data;

    if (call->conn != NULL)
        virConnectClose (call->conn);
    if (call->free_data != NULL && call->data != NULL)
        call->free_data (call->data);
    g_clear_object (&call->cancellable);
    g_free (call);
}

static gboolean
host_call_run (gpointer      user_data,
               GCancellable *cancellable,
               GError      **error)
{
    HostCall *call = user_data;

    if (call->cancellable != NULL) {
        if (g_cancellable_set_error_if_cancelled (call->cancellable, error))
            return FALSE;
        cancellable = call->cancellable;
    }
    return call->run (call->conn, call->data, cancellable, error);
}

/* Reads and writes alike: a call cancelled before it runs does not run. */
static const VireoWorkerOps host_call_ops = {
    .run = host_call_run,
    .free_data = host_call_free,
    .check_cancellable = TRUE,
};

/* A new reference to the connection's handle, or NULL with an error. */
static virConnectPtr
ref_handle (VireoConnection *connection,
            GError         **error)
{
    g_autoptr(GError) local_error = NULL;
    virConnectPtr conn = _vireo_connection_ref_handle (connection, &local_error);

    if (conn == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                     _("The connection to %s is not open."),
                     vireo_connection_get_uri (connection));
    return conn;
}

static void
start_call (VireoConnection    *connection,
            gpointer            source_tag,
            VireoHostRunFunc    run,
            gpointer            data,
            GDestroyNotify      free_data,
            gboolean            outcome,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
    HostCall *call = g_new0 (HostCall, 1);
    GError *error = NULL;

    call->run = run;
    call->data = data;
    call->free_data = free_data;
    call->conn = ref_handle (connection, &error);
    if (call->conn == NULL) {
        host_call_free (call);
        g_task_report_error (connection, callback, user_data, source_tag, error);
        return;
    }
    if (outcome) {
        call->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
        cancellable = NULL;
    }
    vireo_worker_run_async (connection, source_tag, &host_call_ops, call, cancellable,
                            callback, user_data);
}

static void
add_user (GHashTable *users,
          const char *path,
          const char *name)
{
    GPtrArray *names;

    if (path == NULL || *path == '\0')
        return;
    names = g_hash_table_lookup (users, path);
    if (names == NULL) {
        names = g_ptr_array_new_with_free_func (g_free);
        g_hash_table_insert (users, g_strdup (path), names);
    }
    for (guint i = 0; i < names->len; i++)
        if (g_str_equal (names->pdata[i], name))
            return;
    g_ptr_array_add (names, g_strdup (name));
}

/* The path of a <source pool= volume=>, or NULL. */
static char *
pool_volume_path (virConnectPtr conn,
                  const char   *pool_name,
                  const char   *vol_name)
{
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autoptr(VireoVirtStorageVol) vol = NULL;
    char *path;

    pool = virStoragePoolLookupByName (conn, pool_name);
    vol = pool != NULL ? virStorageVolLookupByName (pool, vol_name) : NULL;
    path = vol != NULL ? virStorageVolGetPath (vol) : NULL;
    if (path == NULL)
        virResetLastError ();
    return path;
}

/* Adds the sources of @disk and of its backing chain. */
static void
add_disk_sources (virConnectPtr conn,
                  GHashTable   *users,
                  const char   *name,
                  xmlNode      *disk)
{
    for (xmlNode *node = disk; node != NULL;
         node = _vireo_host_xml_child (node, "backingStore")) {
        xmlNode *source = _vireo_host_xml_child (node, "source");
        g_autofree char *file = _vireo_host_xml_attr (source, "file");
        g_autofree char *dev = _vireo_host_xml_attr (source, "dev");
        g_autofree char *pool = _vireo_host_xml_attr (source, "pool");
        g_autofree char *volume = _vireo_host_xml_attr (source, "volume");

        if (source == NULL)
            break;
        add_user (users, file, name);
        add_user (users, dev, name);
        if (pool != NULL && volume != NULL) {
            g_autofree char *path = pool_volume_path (conn, pool, volume);

            add_user (users, path, name);
        }
    }
}

/* Host calls */

void
_vireo_host_call_async (VireoConnection    *connection,
                        gpointer            source_tag,
                        VireoHostRunFunc    run,
                        gpointer            data,
                        GDestroyNotify      free_data,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
    start_call (connection, source_tag, run, data, free_data, FALSE, cancellable, callback,
                user_data);
}

void
_vireo_host_call_outcome_async (VireoConnection    *connection,
                                gpointer            source_tag,
                                VireoHostRunFunc    run,
                                gpointer            data,
                                GDestroyNotify      free_data,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
    start_call (connection, source_tag, run, data, free_data, TRUE, cancellable, callback,
                user_data);
}

gpointer
_vireo_host_call_finish (VireoConnection *connection,
                         GAsyncResult    *result,
                         gpointer         source_tag,
                         GError         **error)
{
    HostCall *call;

    g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

    /* A call that could not start was reported with g_task_report_error(). */
    if (g_task_get_task_data (G_TASK (result)) == NULL)
        return g_task_propagate_pointer (G_TASK (result), error);
    call = vireo_worker_finish (connection, result, source_tag, error);
    return call != NULL ? call->data : NULL;
}

gboolean
_vireo_host_call (VireoConnection  *connection,
                  VireoHostRunFunc  run,
                  gpointer          data,
                  GCancellable     *cancellable,
                  GError          **error)
{
    g_autoptr(VireoVirtConnect) conn = ref_handle (connection, error);

    if (conn == NULL)
        return FALSE;
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    return run (conn, data, cancellable, error);
}

/* XML */

xmlDoc *
_vireo_host_xml_parse (const char *xml)
{
    if (xml == NULL)
        return NULL;
    return xmlReadMemory (xml, strlen (xml), "host.xml", NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

xmlNode *
_vireo_host_xml_child (xmlNode    *node,
                       const char *name)
{
    if (node == NULL)
        return NULL;
    for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, BAD_CAST name))
            return child;
    return NULL;
}

char *
_vireo_host_xml_child_text (xmlNode    *node,
                            const char *name)
{
    xmlNode *element = name != NULL ? _vireo_host_xml_child (node, name) : node;
    xmlChar *content;
    char *text;

    if (element == NULL)
        return NULL;
    content = xmlNodeGetContent (element);
    text = g_strstrip (g_strdup ((const char *) content));
    xmlFree (content);
    return text;
}

char *
_vireo_host_xml_attr (xmlNode    *node,
                      const char *name)
{
    xmlChar *value;
    char *text;

    if (node == NULL)
        return NULL;
    value = xmlGetProp (node, BAD_CAST name);
    if (value == NULL)
        return NULL;
    text = g_strdup ((const char *) value);
    xmlFree (value);
    return text;
}

/* Disk users */

GHashTable *
_vireo_host_read_disk_users (virConnectPtr conn,
                             gboolean      running_only,
                             GError      **error)
{
    g_autoptr(GHashTable) users = NULL;
    virDomainPtr *doms = NULL;
    int n;

    n = virConnectListAllDomains (conn, &doms,
                                  running_only ? VIR_CONNECT_LIST_DOMAINS_ACTIVE : 0);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The virtual machines could not be "
                                                   "listed"));
        return NULL;
    }
    users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virDomainGetXMLDesc (doms[i], 0);
        g_autoptr(xmlDoc) doc = _vireo_host_xml_parse (xml);
        xmlNode *devices;
        const char *name = virDomainGetName (doms[i]);

        if (doc == NULL) {
            /* A domain that went away while it was read uses nothing. */
            virResetLastError ();
            virDomainFree (doms[i]);
            continue;
        }
        devices = _vireo_host_xml_child (xmlDocGetRootElement (doc), "devices");
        for (xmlNode *dev = devices ? devices->children : NULL; dev != NULL; dev = dev->next)
            if (dev->type == XML_ELEMENT_NODE && xmlStrEqual (dev->name, BAD_CAST "disk"))
                add_disk_sources (conn, users, name, dev);
        virDomainFree (doms[i]);
    }
    free (doms);
    return g_steal_pointer (&users);
}
