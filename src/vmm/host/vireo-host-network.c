/* vireo-host-network.c: listing, creating, starting, stopping and deleting virtual networks
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-host-network.h"
#include "vireo-host-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-vmm-error.h"

/* One call's data: what it asks, and what it gets. */
typedef struct {
    char                  *name;
    VireoHostNetworkAction action;
    char                  *xml;        /* create: the definition; dup_xml: the answer */
    gboolean               autostart;
    GPtrArray             *networks;   /* list */
    VireoHostNetwork      *network;    /* create */
    GStrv                  names;      /* users, interfaces */
    GError                *invalid;    /* create: what is wrong with the spec */
} NetworkCall;

/* Helpers */

static void
network_call_free (gpointer user_data)
{
    NetworkCall *call = user_data;

    g_free (call->name);
    g_free (call->xml);
    g_clear_pointer (&call->networks, g_ptr_array_unref);
    g_clear_pointer (&call->network, vireo_host_network_free);
    g_strfreev (call->names);
    g_clear_error (&call->invalid);
    g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NetworkCall, network_call_free)

static NetworkCall *
network_call_new (const char *name)
{
    NetworkCall *call = g_new0 (NetworkCall, 1);

    call->name = g_strdup (name);
    return call;
}

static int
compare_networks (gconstpointer a,
                  gconstpointer b)
{
    const VireoHostNetwork *na = *(VireoHostNetwork * const *) a;
    const VireoHostNetwork *nb = *(VireoHostNetwork * const *) b;

    return g_strcmp0 (na->name, nb->name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
    return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GStrv
sorted_strv (GPtrArray *names)
{
    g_ptr_array_sort (names, compare_strings);
    g_ptr_array_add (names, NULL);
    return (GStrv) g_ptr_array_free (names, FALSE);
}

/* A network's facts, or NULL with an error. */
static VireoHostNetwork *
read_network (virNetworkPtr net,
              GError      **error)
{
    g_autofree char *xml = virNetworkGetXMLDesc (net, 0);
    VireoHostNetwork *network;
    int autostart = 0;

    if (xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be read"),
                                          virNetworkGetName (net));
        return NULL;
    }
    network = vireo_host_network_new_from_xml (xml, error);
    if (network == NULL)
        return NULL;
    network->active = virNetworkIsActive (net) == 1;
    network->persistent = virNetworkIsPersistent (net) == 1;
    network->autostart = virNetworkGetAutostart (net, &autostart) == 0 && autostart;
    virResetLastError ();
    return network;
}

static virNetworkPtr
lookup_network (virConnectPtr conn,
                const char   *name,
                GError      **error)
{
    virNetworkPtr net = virNetworkLookupByName (conn, name);

    if (net == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("There is no network named “%s”"), name);
    return net;
}

static gboolean
list_networks_run (virConnectPtr conn,
                   gpointer      user_data,
                   GCancellable *cancellable,
                   GError      **error)
{
    NetworkCall *call = user_data;
    g_autoptr(GPtrArray) networks = NULL;
    virNetworkPtr *nets = NULL;
    int n;

    n = virConnectListAllNetworks (conn, &nets, 0);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The virtual networks could not be "
                                                   "listed"));
        return FALSE;
    }
    networks = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_network_free);
    for (int i = 0; i < n; i++) {
        g_autoptr(GError) local_error = NULL;
        VireoHostNetwork *network = read_network (nets[i], &local_error);

        /* One that was undefined while the list was read is left out. */
        if (network != NULL)
            g_ptr_array_add (networks, network);
        else
            g_debug ("Skipping a network: %s", local_error->message);
        virNetworkFree (nets[i]);
    }
    free (nets);
    g_ptr_array_sort (networks, compare_networks);
    call->networks = g_steal_pointer (&networks);
    return TRUE;
}

static gboolean
act_run (virConnectPtr conn,
         gpointer      user_data,
         GCancellable *cancellable,
         GError      **error)
{
    NetworkCall *call = user_data;
    g_autoptr(VireoVirtNetwork) net = lookup_network (conn, call->name, error);
    int active;

    if (net == NULL)
        return FALSE;
    active = virNetworkIsActive (net);
    switch (call->action) {
    case VIREO_HOST_NETWORK_ACTION_START:
        if (active == 1)
            return TRUE;
        if (virNetworkCreate (net) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be "
                                                       "started"), call->name);
            return FALSE;
        }
        return TRUE;
    case VIREO_HOST_NETWORK_ACTION_STOP:
        if (active == 0)
            return TRUE;
        if (virNetworkDestroy (net) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be "
                                                       "stopped"), call->name);
            return FALSE;
        }
        return TRUE;
    case VIREO_HOST_NETWORK_ACTION_AUTOSTART_ON:
    case VIREO_HOST_NETWORK_ACTION_AUTOSTART_OFF:
        if (virNetworkSetAutostart (net, call->action ==
                                    VIREO_HOST_NETWORK_ACTION_AUTOSTART_ON) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be "
                                                       "changed"), call->name);
            return FALSE;
        }
        return TRUE;
    case VIREO_HOST_NETWORK_ACTION_DELETE:
        if (active == 1 && virNetworkDestroy (net) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be "
                                                       "stopped"), call->name);
            return FALSE;
        }
        /* A transient network is gone once stopped. */
        if (virNetworkIsPersistent (net) == 1 && virNetworkUndefine (net) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be "
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
    NetworkCall *call = user_data;
    g_autoptr(VireoVirtNetwork) existing = NULL;
    g_autoptr(VireoVirtNetwork) net = NULL;

    if (call->invalid != NULL) {
        g_propagate_error (error, g_steal_pointer (&call->invalid));
        return FALSE;
    }
    existing = virNetworkLookupByName (conn, call->name);
    if (existing != NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("There is a network named “%s” already. Choose another name."),
                     call->name);
        return FALSE;
    }
    virResetLastError ();
    net = virNetworkDefineXML (conn, call->xml);
    if (net == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be defined"),
                                          call->name);
        return FALSE;
    }
    if (virNetworkCreate (net) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be started"),
                                          call->name);
        virNetworkUndefine (net);
        return FALSE;
    }
    if (call->autostart && virNetworkSetAutostart (net, 1) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be marked to "
                                                   "start with the host"), call->name);
        virNetworkDestroy (net);
        virNetworkUndefine (net);
        return FALSE;
    }
    call->network = read_network (net, error);
    return call->network != NULL;
}

static gboolean
dup_xml_run (virConnectPtr conn,
             gpointer      user_data,
             GCancellable *cancellable,
             GError      **error)
{
    NetworkCall *call = user_data;
    g_autoptr(VireoVirtNetwork) net = lookup_network (conn, call->name, error);

    if (net == NULL)
        return FALSE;
    call->xml = virNetworkGetXMLDesc (net, 0);
    if (call->xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The network “%s” could not be read"),
                                          call->name);
        return FALSE;
    }
    return TRUE;
}

/* TRUE when @iface (an <interface>) connects to @network or its bridge. */
static gboolean
interface_uses (xmlNode    *iface,
                const char *network,
                const char *bridge)
{
    g_autofree char *type = _vireo_host_xml_attr (iface, "type");
    xmlNode *source = _vireo_host_xml_child (iface, "source");
    g_autofree char *source_network = _vireo_host_xml_attr (source, "network");
    g_autofree char *source_bridge = _vireo_host_xml_attr (source, "bridge");

    if (g_strcmp0 (type, "network") == 0)
        return g_strcmp0 (source_network, network) == 0;
    return g_strcmp0 (type, "bridge") == 0 && bridge != NULL &&
           g_strcmp0 (source_bridge, bridge) == 0;
}

static gboolean
list_users_run (virConnectPtr conn,
                gpointer      user_data,
                GCancellable *cancellable,
                GError      **error)
{
    NetworkCall *call = user_data;
    g_autoptr(VireoVirtNetwork) net = lookup_network (conn, call->name, error);
    g_autoptr(GPtrArray) names = NULL;
    g_autofree char *bridge = NULL;
    virDomainPtr *doms = NULL;
    int n;

    if (net == NULL)
        return FALSE;
    bridge = virNetworkGetBridgeName (net);
    virResetLastError ();
    n = virConnectListAllDomains (conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The running virtual machines could not "
                                                   "be listed"));
        return FALSE;
    }
    names = g_ptr_array_new_with_free_func (g_free);
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virDomainGetXMLDesc (doms[i], 0);
        g_autoptr(xmlDoc) doc = _vireo_host_xml_parse (xml);
        xmlNode *devices = doc ? _vireo_host_xml_child (xmlDocGetRootElement (doc), "devices")
                               : NULL;

        for (xmlNode *dev = devices ? devices->children : NULL; dev != NULL; dev = dev->next) {
            if (dev->type == XML_ELEMENT_NODE &&
                xmlStrEqual (dev->name, BAD_CAST "interface") &&
                interface_uses (dev, call->name, bridge)) {
                g_ptr_array_add (names, g_strdup (virDomainGetName (doms[i])));
                break;
            }
        }
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
    call->names = sorted_strv (g_steal_pointer (&names));
    return TRUE;
}

static void
add_interface (GPtrArray  *names,
               const char *name)
{
    if (name == NULL || g_str_equal (name, "lo"))
        return;
    for (guint i = 0; i < names->len; i++)
        if (g_str_equal (names->pdata[i], name))
            return;
    g_ptr_array_add (names, g_strdup (name));
}

static gboolean
list_interfaces_run (virConnectPtr conn,
                     gpointer      user_data,
                     GCancellable *cancellable,
                     GError      **error)
{
    NetworkCall *call = user_data;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    virInterfacePtr *ifaces = NULL;
    virNodeDevicePtr *devs = NULL;
    int n;

    n = virConnectListAllInterfaces (conn, &ifaces, VIR_CONNECT_LIST_INTERFACES_ACTIVE);
    if (n >= 0) {
        for (int i = 0; i < n; i++) {
            add_interface (names, virInterfaceGetName (ifaces[i]));
            virInterfaceFree (ifaces[i]);
        }
        free (ifaces);
        call->names = sorted_strv (g_steal_pointer (&names));
        return TRUE;
    }
    /* No interface driver: the node devices of class net. */
    virResetLastError ();
    n = virConnectListAllNodeDevices (conn, &devs, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The host’s network interfaces could not "
                                                   "be listed"));
        return FALSE;
    }
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virNodeDeviceGetXMLDesc (devs[i], 0);
        g_autoptr(xmlDoc) doc = _vireo_host_xml_parse (xml);
        xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

        for (xmlNode *cap = root ? root->children : NULL; cap != NULL; cap = cap->next) {
            g_autofree char *type = NULL;
            g_autofree char *iface = NULL;

            if (cap->type != XML_ELEMENT_NODE)
                continue;
            type = _vireo_host_xml_attr (cap, "type");
            if (g_strcmp0 (type, "net") != 0)
                continue;
            iface = _vireo_host_xml_child_text (cap, "interface");
            add_interface (names, iface);
        }
        virNodeDeviceFree (devs[i]);
    }
    free (devs);
    virResetLastError ();
    call->names = sorted_strv (g_steal_pointer (&names));
    return TRUE;
}

/* Public API */

GPtrArray *
vireo_host_list_networks (VireoConnection *connection,
                          GCancellable    *cancellable,
                          GError         **error)
{
    g_autoptr(NetworkCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    call = network_call_new (NULL);
    if (!_vireo_host_call (connection, list_networks_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->networks);
}

void
vireo_host_list_networks_async (VireoConnection    *connection,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    _vireo_host_call_async (connection, vireo_host_list_networks_async, list_networks_run,
                            network_call_new (NULL), network_call_free, cancellable,
                            callback, user_data);
}

GPtrArray *
vireo_host_list_networks_finish (VireoConnection *connection,
                                 GAsyncResult    *result,
                                 GError         **error)
{
    NetworkCall *call = _vireo_host_call_finish (connection, result,
                                                 vireo_host_list_networks_async, error);

    return call != NULL ? g_steal_pointer (&call->networks) : NULL;
}

gboolean
vireo_host_network_act (VireoConnection        *connection,
                        const char             *name,
                        VireoHostNetworkAction  action,
                        GCancellable           *cancellable,
                        GError                **error)
{
    g_autoptr(NetworkCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), FALSE);
    g_return_val_if_fail (name != NULL, FALSE);

    call = network_call_new (name);
    call->action = action;
    return _vireo_host_call (connection, act_run, call, cancellable, error);
}

void
vireo_host_network_act_async (VireoConnection        *connection,
                              const char             *name,
                              VireoHostNetworkAction  action,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
    NetworkCall *call;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (name != NULL);

    call = network_call_new (name);
    call->action = action;
    _vireo_host_call_async (connection, vireo_host_network_act_async, act_run, call,
                            network_call_free, cancellable, callback, user_data);
}

gboolean
vireo_host_network_act_finish (VireoConnection *connection,
                               GAsyncResult    *result,
                               GError         **error)
{
    return _vireo_host_call_finish (connection, result, vireo_host_network_act_async,
                                    error) != NULL;
}

/* A create call; one for a spec that is not valid fails with the reason. */
static NetworkCall *
create_call_new (const VireoHostNetworkSpec *spec)
{
    NetworkCall *call = network_call_new (spec->name);

    call->xml = vireo_host_network_spec_to_xml (spec, &call->invalid);
    call->autostart = spec->autostart;
    return call;
}

VireoHostNetwork *
vireo_host_create_network (VireoConnection            *connection,
                           const VireoHostNetworkSpec *spec,
                           GCancellable               *cancellable,
                           GError                    **error)
{
    g_autoptr(NetworkCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (spec != NULL, NULL);

    call = create_call_new (spec);
    if (!_vireo_host_call (connection, create_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->network);
}

void
vireo_host_create_network_async (VireoConnection            *connection,
                                 const VireoHostNetworkSpec *spec,
                                 GCancellable               *cancellable,
                                 GAsyncReadyCallback         callback,
                                 gpointer                    user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (spec != NULL);

    _vireo_host_call_async (connection, vireo_host_create_network_async, create_run,
                            create_call_new (spec), network_call_free, cancellable, callback,
                            user_data);
}

VireoHostNetwork *
vireo_host_create_network_finish (VireoConnection *connection,
                                  GAsyncResult    *result,
                                  GError         **error)
{
    NetworkCall *call = _vireo_host_call_finish (connection, result,
                                                 vireo_host_create_network_async, error);

    return call != NULL ? g_steal_pointer (&call->network) : NULL;
}

char *
vireo_host_network_dup_xml (VireoConnection *connection,
                            const char      *name,
                            GCancellable    *cancellable,
                            GError         **error)
{
    g_autoptr(NetworkCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    call = network_call_new (name);
    if (!_vireo_host_call (connection, dup_xml_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->xml);
}

void
vireo_host_network_dup_xml_async (VireoConnection    *connection,
                                  const char         *name,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (name != NULL);

    _vireo_host_call_async (connection, vireo_host_network_dup_xml_async, dup_xml_run,
                            network_call_new (name), network_call_free, cancellable, callback,
                            user_data);
}

char *
vireo_host_network_dup_xml_finish (VireoConnection *connection,
                                   GAsyncResult    *result,
                                   GError         **error)
{
    NetworkCall *call = _vireo_host_call_finish (connection, result,
                                                 vireo_host_network_dup_xml_async, error);

    return call != NULL ? g_steal_pointer (&call->xml) : NULL;
}

GStrv
vireo_host_network_list_users (VireoConnection *connection,
                               const char      *name,
                               GCancellable    *cancellable,
                               GError         **error)
{
    g_autoptr(NetworkCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    call = network_call_new (name);
    if (!_vireo_host_call (connection, list_users_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->names);
}

void
vireo_host_network_list_users_async (VireoConnection    *connection,
                                     const char         *name,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (name != NULL);

    _vireo_host_call_async (connection, vireo_host_network_list_users_async, list_users_run,
                            network_call_new (name), network_call_free, cancellable, callback,
                            user_data);
}

GStrv
vireo_host_network_list_users_finish (VireoConnection *connection,
                                      GAsyncResult    *result,
                                      GError         **error)
{
    NetworkCall *call = _vireo_host_call_finish (connection, result,
                                                 vireo_host_network_list_users_async, error);

    return call != NULL ? g_steal_pointer (&call->names) : NULL;
}

GStrv
vireo_host_list_interfaces (VireoConnection *connection,
                            GCancellable    *cancellable,
                            GError         **error)
{
    g_autoptr(NetworkCall) call = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    call = network_call_new (NULL);
    if (!_vireo_host_call (connection, list_interfaces_run, call, cancellable, error))
        return NULL;
    return g_steal_pointer (&call->names);
}

void
vireo_host_list_interfaces_async (VireoConnection    *connection,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    _vireo_host_call_async (connection, vireo_host_list_interfaces_async, list_interfaces_run,
                            network_call_new (NULL), network_call_free, cancellable,
                            callback, user_data);
}

GStrv
vireo_host_list_interfaces_finish (VireoConnection *connection,
                                   GAsyncResult    *result,
                                   GError         **error)
{
    NetworkCall *call = _vireo_host_call_finish (connection, result,
                                                 vireo_host_list_interfaces_async, error);

    return call != NULL ? g_steal_pointer (&call->names) : NULL;
}
