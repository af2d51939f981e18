/* vireo-network-libvirt.c: libvirt's virtual networks
 *
 * Used for qemu:///system, qemu:///session and remote connections.  Every
 * method calls libvirt and may block: run them in worker threads.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-libvirt-private.h"
#include "vireo-network.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

#define DEFAULT_NETWORK "default"

struct _VireoNetworkLibvirt {
    GObject parent_instance;

    /* borrowed: the connection owns us */
    GWeakRef connection;
    /* owned: a bare handle, when made with new_for_handle() */
    virConnectPtr handle;
};

static void vireo_network_libvirt_network_init (VireoNetworkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNetworkLibvirt, vireo_network_libvirt, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_NETWORK,
                                                      vireo_network_libvirt_network_init))

/* Helpers */

/* A new reference to the libvirt connection, or NULL with an error. */
static virConnectPtr
get_conn (VireoNetworkLibvirt *self,
          GError             **error)
{
    return _vireo_libvirt_conn_ref (self->handle, &self->connection,
                                    _("The connection is not open, so its networks "
                                      "cannot be listed."), error);
}

static char *
forward_mode (virNetworkPtr net)
{
    g_autofree char *xml = virNetworkGetXMLDesc (net, 0);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (xml == NULL)
        return NULL;
    doc = xmlReadMemory (xml, strlen (xml), "network.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL)
        return NULL;
    ctxt = xmlXPathNewContext (doc);
    /* <forward/> without a mode means NAT; no <forward> at all, isolated. */
    obj = xmlXPathEvalExpression ((const xmlChar *) "concat(substring('nat', 1, "
                                  "3 * number(boolean(/network/forward) and "
                                  "not(/network/forward/@mode))), "
                                  "string(/network/forward/@mode))", ctxt);
    if (obj == NULL || obj->type != XPATH_STRING || obj->stringval == NULL)
        return NULL;
    return g_strdup ((const char *) obj->stringval);
}

static const char *
describe_mode (const char *mode)
{
    if (mode == NULL || *mode == '\0')
        return _("isolated");
    if (g_str_equal (mode, "nat"))
        return _("NAT");
    if (g_str_equal (mode, "route"))
        return _("routed");
    if (g_str_equal (mode, "open"))
        return _("open");
    if (g_str_equal (mode, "bridge"))
        return _("bridged");
    if (g_str_equal (mode, "passthrough") || g_str_equal (mode, "private") ||
        g_str_equal (mode, "vepa") || g_str_equal (mode, "hostdev"))
        return _("direct");
    return mode;
}

static VireoNetworkSource *
network_source (virNetworkPtr net)
{
    g_autofree char *mode = forward_mode (net);
    VireoNetworkSource *source = g_new0 (VireoNetworkSource, 1);

    source->type = VIREO_NETWORK_SOURCE_NETWORK;
    source->name = g_strdup (virNetworkGetName (net));
    /* TRANSLATORS: a network name and how it reaches outside, e.g. "NAT" */
    source->description = g_strdup_printf (_("Virtual network “%s” (%s)"), source->name,
                                           describe_mode (mode));
    source->active = virNetworkIsActive (net) == 1;
    return source;
}

static gboolean
no_network_driver (void)
{
    virErrorPtr err = virGetLastError ();

    return err != NULL && (err->code == VIR_ERR_NO_SUPPORT ||
                           err->code == VIR_ERR_NO_NETWORK);
}

static int
compare_sources (gconstpointer a,
                 gconstpointer b)
{
    const VireoNetworkSource *sa = *(VireoNetworkSource * const *) a;
    const VireoNetworkSource *sb = *(VireoNetworkSource * const *) b;

    return g_strcmp0 (sa->name, sb->name);
}

/* VireoNetwork */

static GPtrArray *
network_libvirt_list_sources (VireoNetwork *network,
                              GError      **error)
{
    VireoNetworkLibvirt *self = VIREO_NETWORK_LIBVIRT (network);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(GPtrArray) sources = NULL;
    virNetworkPtr *nets = NULL;
    int n;

    if (conn == NULL)
        return NULL;

    sources = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_network_source_free);
    n = virConnectListAllNetworks (conn, &nets, 0);
    if (n < 0) {
        if (!no_network_driver ()) {
            vireo_vmm_set_error_from_libvirt (error,
                                              _("The virtual networks could not be listed"));
            return NULL;
        }
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (sources, network_source (nets[i]));
        virNetworkFree (nets[i]);
    }
    free (nets);
    g_ptr_array_sort (sources, compare_sources);

    g_ptr_array_add (sources, vireo_network_source_new_user ());
    return g_steal_pointer (&sources);
}

static VireoNetworkSource *
network_libvirt_default_source (VireoNetwork *network,
                                GError      **error)
{
    VireoNetworkLibvirt *self = VIREO_NETWORK_LIBVIRT (network);
    g_autoptr(VireoVirtConnect) conn = get_conn (self, error);
    g_autoptr(VireoVirtNetwork) net = NULL;

    if (conn == NULL)
        return NULL;
    net = virNetworkLookupByName (conn, DEFAULT_NETWORK);
    if (net == NULL) {
        if (!no_network_driver ()) {
            vireo_vmm_set_error_from_libvirt (error, _("The virtual network “%s” could not "
                                                       "be looked up"), DEFAULT_NETWORK);
            return NULL;
        }
        return vireo_network_source_new_user ();
    }
    return network_source (net);
}

static void
vireo_network_libvirt_network_init (VireoNetworkInterface *iface)
{
    iface->list_sources = network_libvirt_list_sources;
    iface->default_source = network_libvirt_default_source;
}

/* GObject */

static void
vireo_network_libvirt_finalize (GObject *object)
{
    VireoNetworkLibvirt *self = VIREO_NETWORK_LIBVIRT (object);

    g_weak_ref_clear (&self->connection);
    if (self->handle)
        virConnectClose (self->handle);

    G_OBJECT_CLASS (vireo_network_libvirt_parent_class)->finalize (object);
}

static void
vireo_network_libvirt_class_init (VireoNetworkLibvirtClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vireo_network_libvirt_finalize;
}

static void
vireo_network_libvirt_init (VireoNetworkLibvirt *self)
{
    g_weak_ref_init (&self->connection, NULL);
}

/* Public API */

VireoNetwork *
vireo_network_libvirt_new (VireoConnection *connection)
{
    VireoNetworkLibvirt *self;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_NETWORK_LIBVIRT, NULL);
    g_weak_ref_set (&self->connection, connection);
    return VIREO_NETWORK (self);
}

VireoNetwork *
vireo_network_libvirt_new_for_handle (gpointer handle)
{
    VireoNetworkLibvirt *self;

    g_return_val_if_fail (handle != NULL, NULL);

    self = g_object_new (VIREO_TYPE_NETWORK_LIBVIRT, NULL);
    virConnectRef (handle);
    self->handle = handle;
    return VIREO_NETWORK (self);
}
