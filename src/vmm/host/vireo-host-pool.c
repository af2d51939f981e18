/* vireo-host-pool.c: creating, starting, stopping, refreshing and deleting storage pools
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-host-pool.h"
#include "vireo-host-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-vmm-error.h"

typedef struct {
    char               *name;
    VireoHostPoolAction action;
    char               *xml;        /* create: the definition; dup_xml: the answer */
    char               *type;
    char               *source_spec;/* find sources: the <source> asked about */
    gboolean            build;
    gboolean            autostart;
    GPtrArray          *sources;
    GError             *invalid;    /* create: what is wrong with the spec */
} PoolCall;

/* Helpers */

static void
pool_call_free (gpointer user_data)
{
    PoolCall *call = user_data;

    g_free (call->name);
    g_free (call->xml);
    g_free (call->type);
    g_free (call->source_spec);
    g_clear_pointer (&call->sources, g_ptr_array_unref);
    g_clear_error (&call->invalid);
    g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoolCall, pool_call_free)

static PoolCall *
pool_call_new (const char *name)
{
    PoolCall *call = g_new0 (PoolCall, 1);

    call->name = g_strdup (name);
    return call;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
    g_autofree char *message = NULL;
    va_list args;

    va_start (args, format);
    message = g_strdup_vprintf (format, args);
    va_end (args);
    g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID, message);
    return FALSE;
}

static gboolean
is_set (const char *text)
{
    return text != NULL && *text != '\0';
}

static gboolean
check_name (const char *name,
            GError    **error)
{
    if (!is_set (name))
        return invalid (error, _("The storage pool needs a name."));
    if (strchr (name, '/') != NULL || g_ascii_isspace (name[0]) ||
        g_ascii_isspace (name[strlen (name) - 1]) || !g_utf8_validate (name, -1, NULL))
        return invalid (error, _("“%s” cannot name a storage pool: use no “/” and no spaces "
                                 "at the start or end."), name);
    for (const char *p = name; *p != '\0'; p++)
        if (g_ascii_iscntrl (*p))
            return invalid (error, _("The storage pool’s name contains a control character."));
    return TRUE;
}

/* @path must be set (else @missing, a sentence) and absolute. */
static gboolean
check_path (const char *path,
            const char *missing,
            GError    **error)
{
    if (!is_set (path))
        return invalid (error, "%s", missing);
    if (!g_path_is_absolute (path))
        return invalid (error, _("“%s” is not a full path, which starts with “/”."), path);
    return TRUE;
}

/* @value must be set (else @missing) and made of letters, digits and
 * @extra_chars (else @bad, a sentence with one %s for @value). */
static gboolean
check_word (const char  *value,
            const char  *missing,
            const char  *bad,
            const char  *extra_chars,
            GError     **error)
{
    if (!is_set (value))
        return invalid (error, "%s", missing);
    for (const char *p = value; *p != '\0'; p++) {
        if (!g_ascii_isalnum (*p) && strchr (extra_chars, *p) == NULL) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            return invalid (error, bad, value);
#pragma GCC diagnostic pop
        }
    }
    return TRUE;
}

static gboolean
check_format (const char         *format,
              const char * const *allowed,
              GError            **error)
{
    g_autofree char *list = NULL;

    if (format == NULL || g_strv_contains (allowed, format))
        return TRUE;
    list = g_strjoinv (", ", (char **) allowed);
    return invalid (error, _("“%s” is not a format of this kind of pool: choose one of %s."),
                    format, list);
}

static void
append_escaped (GString    *xml,
                const char *format,
                const char *value)
{
    g_autofree char *escaped = g_markup_escape_text (value, -1);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    g_string_append_printf (xml, format, escaped);
#pragma GCC diagnostic pop
}

static char *
pool_xml (const VireoHostPoolSpec *spec,
          GError                 **error)
{
    static const char * const fs_formats[] = {
        "auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2", "vfat",
        "hfs+", "xfs", "ocfs2", "vmfs", NULL
    };
    static const char * const netfs_formats[] = { "auto", "nfs", "glusterfs", "cifs", NULL };
    static const char * const disk_formats[] = {
        "unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2", NULL
    };
    static const char * const types[] = { VIREO_HOST_POOL_TYPES, NULL };
    const char *type = spec->type;
    g_autoptr(GString) xml = NULL;
    g_autofree char *target = NULL;
    g_autofree char *group = NULL;

    if (!check_name (spec->name, error))
        return NULL;
    if (type == NULL || !g_strv_contains (types, type)) {
        invalid (error, _("“%s” is not a kind of storage pool Vireo makes: choose dir, fs, "
                          "netfs, logical, disk or iscsi."), type ? type : "");
        return NULL;
    }
    target = g_strdup (spec->target_path);

    if (g_str_equal (type, "fs")) {
        if (!check_path (spec->source_path, _("An fs pool needs the device that holds its file "
                                              "system."), error) ||
            !check_format (spec->source_format, fs_formats, error))
            return NULL;
    } else if (g_str_equal (type, "netfs")) {
        if (!check_word (spec->source_host, _("A netfs pool needs the host that exports its "
                                              "folder."),
                         _("“%s” is not a host name or address."), ".-:[]", error))
            return NULL;
        if (!is_set (spec->source_path)) {
            invalid (error, _("A netfs pool needs the folder its host exports."));
            return NULL;
        }
        if (!check_format (spec->source_format, netfs_formats, error))
            return NULL;
    } else if (g_str_equal (type, "logical")) {
        group = g_strdup (is_set (spec->source_name) ? spec->source_name : spec->name);
        if (!check_word (group, _("A logical pool needs the name of its volume group."),
                         _("“%s” cannot name a volume group: use letters, digits and “+_.-”."),
                         "+_.-", error))
            return NULL;
        if (spec->build && !check_path (spec->source_path, _("A logical pool that makes its "
                                                            "volume group needs a device "
                                                            "for it."), error))
            return NULL;
        if (!spec->build && is_set (spec->source_path) &&
            !check_path (spec->source_path, "", error))
            return NULL;
        if (target == NULL)
            target = g_strconcat ("/dev/", group, NULL);
    } else if (g_str_equal (type, "disk")) {
        if (!check_path (spec->source_path, _("A disk pool needs the disk it divides."),
                         error) ||
            !check_format (spec->source_format, disk_formats, error))
            return NULL;
        if (target == NULL)
            target = g_strdup ("/dev");
    } else if (g_str_equal (type, "iscsi")) {
        if (!check_word (spec->source_host, _("An iscsi pool needs the host of its target."),
                         _("“%s” is not a host name or address."), ".-:[]", error))
            return NULL;
        if (!check_word (spec->source_path, _("An iscsi pool needs its target’s name (IQN)."),
                         _("“%s” is not an iSCSI name such as “iqn.2024-01.org.example:disk”."),
                         ".-:_", error))
            return NULL;
        if (is_set (spec->initiator) &&
            !check_word (spec->initiator, "",
                         _("“%s” is not an iSCSI name such as “iqn.2024-01.org.example:host”."),
                         ".-:_", error))
            return NULL;
        if (target == NULL)
            target = g_strdup ("/dev/disk/by-path");
    }
    if (!check_path (target, _("The storage pool needs a target folder."), error))
        return NULL;

    xml = g_string_new (NULL);
    g_string_append_printf (xml, "<pool type='%s'>\n", type);
    append_escaped (xml, "  <name>%s</name>\n", spec->name);
    if (!g_str_equal (type, "dir")) {
        g_string_append (xml, "  <source>\n");
        if (g_str_equal (type, "netfs") || g_str_equal (type, "iscsi"))
            append_escaped (xml, "    <host name='%s'/>\n", spec->source_host);
        if (g_str_equal (type, "netfs"))
            append_escaped (xml, "    <dir path='%s'/>\n", spec->source_path);
        else if (is_set (spec->source_path))
            append_escaped (xml, "    <device path='%s'/>\n", spec->source_path);
        if (group != NULL)
            append_escaped (xml, "    <name>%s</name>\n", group);
        if (g_str_equal (type, "iscsi") && is_set (spec->initiator))
            append_escaped (xml, "    <initiator>\n      <iqn name='%s'/>\n"
                            "    </initiator>\n", spec->initiator);
        if (g_str_equal (type, "logical"))
            g_string_append (xml, "    <format type='lvm2'/>\n");
        else if (spec->source_format != NULL)
            g_string_append_printf (xml, "    <format type='%s'/>\n", spec->source_format);
        g_string_append (xml, "  </source>\n");
    }
    append_escaped (xml, "  <target>\n    <path>%s</path>\n  </target>\n", target);
    g_string_append (xml, "</pool>\n");
    return g_string_free (g_steal_pointer (&xml), FALSE);
}

static virStoragePoolPtr
lookup_pool (virConnectPtr conn,
             const char   *name,
             GError      **error)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, name);

    if (pool == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("There is no storage pool named “%s”"),
                                          name);
    return pool;
}

static gboolean
act_run (virConnectPtr conn,
         gpointer      user_data,
         GCancellable *cancellable,
         GError      **error)
{
    PoolCall *call = user_data;
    g_autoptr(VireoVirtStoragePool) pool = lookup_pool (conn, call->name, error);
    int active;

    if (pool == NULL)
        return FALSE;
    active = virStoragePoolIsActive (pool);
    switch (call->action) {
    case VIREO_HOST_POOL_ACTION_START:
        if (active != 1 && virStoragePoolCreate (pool, 0) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                       "started"), call->name);
            return FALSE;
        }
        return TRUE;
    case VIREO_HOST_POOL_ACTION_STOP:
        if (active == 1 && virStoragePoolDestroy (pool) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                       "stopped"), call->name);
            return FALSE;
        }
        return TRUE;
    case VIREO_HOST_POOL_ACTION_REFRESH:
        if (active != 1) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                         _("The storage pool “%s” is not active: start it to refresh it."),
                         call->name);
            return FALSE;
        }
        if (virStoragePoolRefresh (pool, 0) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                       "refreshed"), call->name);
            return FALSE;
        }
        return TRUE;
    case VIREO_HOST_POOL_ACTION_AUTOSTART_ON:
    case VIREO_HOST_POOL_ACTION_AUTOSTART_OFF:
        if (virStoragePoolSetAutostart (pool, call->action ==
                                        VIREO_HOST_POOL_ACTION_AUTOSTART_ON) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                       "changed"), call->name);
            return FALSE;
        }
        return TRUE;
    case VIREO_HOST_POOL_ACTION_DELETE:
        if (active == 1 && virStoragePoolDestroy (pool) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                       "stopped"), call->name);
            return FALSE;
        }
        if (virStoragePoolIsPersistent (pool) == 1 && virStoragePoolUndefine (pool) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                       "deleted"), call->name);
            return FALSE;
        }
        virResetLastError ();
        return TRUE;
    default:
        g_assert_not_reached ();
    }
}

static gboolean
create_run (virConnectPtr conn,
            gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    PoolCall *call = user_data;
    g_autoptr(VireoVirtStoragePool) existing = NULL;
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    gboolean folder = g_strcmp0 (call->type, "dir") == 0 || g_strcmp0 (call->type, "fs") == 0 ||
                      g_strcmp0 (call->type, "netfs") == 0;

    if (call->invalid != NULL) {
        g_propagate_error (error, g_steal_pointer (&call->invalid));
        return FALSE;
    }
    existing = virStoragePoolLookupByName (conn, call->name);
    if (existing != NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("There is a storage pool named “%s” already. Choose another name."),
                     call->name);
        return FALSE;
    }
    virResetLastError ();
    pool = virStoragePoolDefineXML (conn, call->xml, 0);
    if (pool == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                   "defined"), call->name);
        return FALSE;
    }
    if ((folder || call->build) &&
        virStoragePoolBuild (pool, g_strcmp0 (call->type, "disk") == 0
                                   ? VIR_STORAGE_POOL_BUILD_OVERWRITE : 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                   "built"), call->name);
        virStoragePoolUndefine (pool);
        return FALSE;
    }
    if (virStoragePoolCreate (pool, 0) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be "
                                                   "started"), call->name);
        virStoragePoolUndefine (pool);
        return FALSE;
    }
    if (call->autostart && virStoragePoolSetAutostart (pool, 1) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be marked "
                                                   "to start with the host"), call->name);
        virStoragePoolDestroy (pool);
        virStoragePoolUndefine (pool);
        return FALSE;
    }
    return TRUE;
}

static gboolean
find_sources_run (virConnectPtr conn,
                  gpointer      user_data,
                  GCancellable *cancellable,
                  GError      **error)
{
    PoolCall *call = user_data;
    g_autofree char *xml = NULL;

    xml = virConnectFindStoragePoolSources (conn, call->type, call->source_spec, 0);
    if (xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("No sources of %s pools could be found"),
                                          call->type);
        return FALSE;
    }
    call->sources = vireo_host_pool_sources_from_xml (xml, error);
    return call->sources != NULL;
}

static gboolean
dup_xml_run (virConnectPtr conn,
             gpointer      user_data,
             GCancellable *cancellable,
             GError      **error)
{
    PoolCall *call = user_data;
    g_autoptr(VireoVirtStoragePool) pool = lookup_pool (conn, call->name, error);

    if (pool == NULL)
        return FALSE;
    call->xml = virStoragePoolGetXMLDesc (pool, 0);
    if (call->xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The storage pool “%s” could not be read"),
                                          call->name);
        return FALSE;
    }
    return TRUE;
}

static PoolCall *
create_call_new (const VireoHostPoolSpec *spec)
{
    PoolCall *call = pool_call_new (spec->name);

    call->xml = vireo_host_pool_spec_to_xml (spec, &call->invalid);
    call->type = g_strdup (spec->type);
    call->build = spec->build;
    call->autostart = spec->autostart;
    return call;
}

static PoolCall *
find_call_new (const char *type,
               const char *host,
               const char *initiator)
{
    PoolCall *call = pool_call_new (NULL);
    gboolean needs_host = FALSE;

    call->type = g_strdup (type);
    if (!vireo_host_pool_type_can_scan (type, &needs_host)) {
        invalid (&call->invalid, _("libvirt does not scan for sources of %s pools."), type);
        return call;
    }
    if (needs_host && !is_set (host)) {
        invalid (&call->invalid, _("Name the host to scan."));
        return call;
    }
    if (needs_host) {
        g_autoptr(GString) spec = g_string_new ("<source>\n");

        append_escaped (spec, "  <host name='%s'/>\n", host);
        if (is_set (initiator))
            append_escaped (spec, "  <initiator><iqn name='%s'/></initiator>\n", initiator);
        g_string_append (spec, "</source>\n");
        call->source_spec = g_string_free (g_steal_pointer (&spec), FALSE);
    }
    return call;
}

static gboolean
find_sources_checked_run (virConnectPtr conn,
                          gpointer      user_data,
                          GCancellable *cancellable,
                          GError      **error)
{
    PoolCall *call = user_data;

    if (call->invalid != NULL) {
        g_propagate_error (error, g_steal_pointer (&call->invalid));
        return FALSE;
    }
    return find_sources_run (conn, call, cancellable, error);
}

/* Public API */

VireoHostPoolSpec *
vireo_host_pool_spec_new (const char *type)
{
    VireoHostPoolSpec *spec = g_new0 (VireoHostPoolSpec, 1);

    spec->type = g_strdup (type != NULL ? type : "dir");
    spec->build = g_str_equal (spec->type, "dir") || g_str_equal (spec->type, "fs") ||
                  g_str_equal (spec->type, "netfs");
    spec->autostart = TRUE;
    return spec;
}

void
vireo_host_pool_spec_free (VireoHostPoolSpec *spec)
{
    if (spec == NULL)
        return;
    g_free (spec->name);
    g_free (spec->type);
    g_free (spec->target_path);
    g_free (spec->source_host);
    g_free (spec->source_path);
    g_free (spec->source_name);
    g_free (spec->source_format);
    g_free (spec->initiator);
    g_free (spec);
}

char *
vireo_host_pool_spec_to_xml (const VireoHostPoolSpec *spec,
                             GError                 **error)
{
    g_return_val_if_fail (spec != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    return pool_xml (spec, error);
}

gboolean
vireo_host_pool_type_can_scan (const char *type,
                               gboolean   *needs_host)
{
    gboolean host = g_strcmp0 (type, "netfs") == 0 || g_strcmp0 (type, "iscsi") == 0;

    if (needs_host != NULL)
        *needs_host = host;
    return host || g_strcmp0 (type, "logical") == 0;
}

void
vireo_host_pool_source_free (VireoHostPoolSource *source)
{
    if (source == NULL)
        return;
    g_free (source->host);
    g_free (source->path);
    g_free (source->name);
    g_free (source->format);
    g_free (source);
}

GPtrArray *
vireo_host_pool_sources_from_xml (const char *xml,
                                  GError    **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) sources = NULL;
    xmlNode *root;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = _vireo_host_xml_parse (xml);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !xmlStrEqual (root->name, BAD_CAST "sources")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("libvirt’s list of pool sources is not a <sources> element."));
        return NULL;
    }
    sources = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_pool_source_free);
    for (xmlNode *node = root->children; node != NULL; node = node->next) {
        VireoHostPoolSource *source;
        xmlNode *dir;

        if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, BAD_CAST "source"))
            continue;
        source = g_new0 (VireoHostPoolSource, 1);
        source->host = _vireo_host_xml_attr (_vireo_host_xml_child (node, "host"), "name");
        dir = _vireo_host_xml_child (node, "dir");
        source->path = dir != NULL
                       ? _vireo_host_xml_attr (dir, "path")
                       : _vireo_host_xml_attr (_vireo_host_xml_child (node, "device"), "path");
        source->name = _vireo_host_xml_child_text (node, "name");
        source->format = _vireo_host_xml_attr (_vireo_host_xml_child (node, "format"), "type");
        g_ptr_array_add (sources, source);
    }
    return g_steal_pointer (&sources);
}

gboolean
vireo_host_pool_act (VireoConnection     *connection,
                     const char          *name,
                     VireoHostPoolAction  action,
                     GCancellable        *cancellable,
                     GError             **error)
{
    g_autoptr(PoolCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), FALSE);
    g_return_val_if_fail (name != NULL, FALSE);

    call = pool_call_new (name);
    call->action = action;
    return _vireo_host_call (connection, act_run, call, cancellable, error);
}

void
vireo_host_pool_act_async (VireoConnection     *connection,
                           const char          *name,
                           VireoHostPoolAction  action,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
    PoolCall *call;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (name != NULL);

    call = pool_call_new (name);
    call->action = action;
    _vireo_host_call_async (connection, vireo_host_pool_act_async, act_run, call,
                            pool_call_free, cancellable, callback, user_data);
}

gboolean
vireo_host_pool_act_finish (VireoConnection *connection,
                            GAsyncResult    *result,
                            GError         **error)
{
    return _vireo_host_call_finish (connection, result, vireo_host_pool_act_async,
                                    error) != NULL;
}

char *
vireo_host_create_pool (VireoConnection         *connection,
                        const VireoHostPoolSpec *spec,
                        GCancellable            *cancellable,
                        GError                 **error)
{
    g_autoptr(PoolCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (spec != NULL, NULL);

    call = create_call_new (spec);
    if (!_vireo_host_call (connection, create_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->name);
}

void
vireo_host_create_pool_async (VireoConnection         *connection,
                              const VireoHostPoolSpec *spec,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (spec != NULL);

    _vireo_host_call_async (connection, vireo_host_create_pool_async, create_run,
                            create_call_new (spec), pool_call_free, cancellable, callback,
                            user_data);
}

char *
vireo_host_create_pool_finish (VireoConnection *connection,
                               GAsyncResult    *result,
                               GError         **error)
{
    PoolCall *call = _vireo_host_call_finish (connection, result, vireo_host_create_pool_async,
                                              error);

    return call != NULL ? g_steal_pointer (&call->name) : NULL;
}

GPtrArray *
vireo_host_find_pool_sources (VireoConnection *connection,
                              const char      *type,
                              const char      *host,
                              const char      *initiator,
                              GCancellable    *cancellable,
                              GError         **error)
{
    g_autoptr(PoolCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    call = find_call_new (type, host, initiator);
    if (!_vireo_host_call (connection, find_sources_checked_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->sources);
}

void
vireo_host_find_pool_sources_async (VireoConnection    *connection,
                                    const char         *type,
                                    const char         *host,
                                    const char         *initiator,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    _vireo_host_call_async (connection, vireo_host_find_pool_sources_async,
                            find_sources_checked_run, find_call_new (type, host, initiator),
                            pool_call_free, cancellable, callback, user_data);
}

GPtrArray *
vireo_host_find_pool_sources_finish (VireoConnection *connection,
                                     GAsyncResult    *result,
                                     GError         **error)
{
    PoolCall *call = _vireo_host_call_finish (connection, result,
                                              vireo_host_find_pool_sources_async, error);

    return call != NULL ? g_steal_pointer (&call->sources) : NULL;
}

char *
vireo_host_pool_dup_xml (VireoConnection *connection,
                         const char      *name,
                         GCancellable    *cancellable,
                         GError         **error)
{
    g_autoptr(PoolCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    call = pool_call_new (name);
    if (!_vireo_host_call (connection, dup_xml_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->xml);
}

void
vireo_host_pool_dup_xml_async (VireoConnection    *connection,
                               const char         *name,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (name != NULL);

    _vireo_host_call_async (connection, vireo_host_pool_dup_xml_async, dup_xml_run,
                            pool_call_new (name), pool_call_free, cancellable, callback,
                            user_data);
}

char *
vireo_host_pool_dup_xml_finish (VireoConnection *connection,
                                GAsyncResult    *result,
                                GError         **error)
{
    PoolCall *call = _vireo_host_call_finish (connection, result,
                                              vireo_host_pool_dup_xml_async, error);

    return call != NULL ? g_steal_pointer (&call->xml) : NULL;
}
