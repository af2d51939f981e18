/* test-network.c: network sources, user-mode and libvirt's virtual networks
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <libvirt/libvirt.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-connection.h"
#include "vireo-network.h"
#include "vireo-vmm-error.h"
#include "vireo-test-libvirt.h"
#include "vireo-test-util.h"

static void
test_user_sources (void)
{
    g_autoptr(VireoNetwork) network = vireo_network_user_new ();
    g_autoptr(GPtrArray) sources = NULL;
    g_autoptr(VireoNetworkSource) def = NULL;
    g_autoptr(GError) error = NULL;
    VireoNetworkSource *source;

    g_assert_true (VIREO_IS_NETWORK_USER (network));
    sources = vireo_network_list_sources (network, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sources->len, ==, 1);
    source = sources->pdata[0];
    g_assert_cmpint (source->type, ==, VIREO_NETWORK_SOURCE_USER);
    g_assert_null (source->name);
    g_assert_cmpstr (source->description, ==, "Usermode networking");
    g_assert_true (source->active);

    def = vireo_network_default_source (network, &error);
    g_assert_no_error (error);
    g_assert_cmpint (def->type, ==, VIREO_NETWORK_SOURCE_USER);
}

static void
test_xml (void)
{
    const struct {
        VireoNetworkSourceType type;
        const char *name;
        const char *model;
        const char *expected;
    } cases[] = {
        { VIREO_NETWORK_SOURCE_USER, NULL, NULL,
          "<interface type='user'>\n  <model type='virtio'/>\n</interface>\n" },
        { VIREO_NETWORK_SOURCE_USER, NULL, "e1000e",
          "<interface type='user'>\n  <model type='e1000e'/>\n</interface>\n" },
        { VIREO_NETWORK_SOURCE_NETWORK, "default", NULL,
          "<interface type='network'>\n  <source network='default'/>\n"
          "  <model type='virtio'/>\n</interface>\n" },
        { VIREO_NETWORK_SOURCE_BRIDGE, "br0", "rtl8139",
          "<interface type='bridge'>\n  <source bridge='br0'/>\n"
          "  <model type='rtl8139'/>\n</interface>\n" },
        { VIREO_NETWORK_SOURCE_NETWORK, "it's <&>\"", NULL,
          "<interface type='network'>\n  <source network='it&apos;s &lt;&amp;&gt;&quot;'/>\n"
          "  <model type='virtio'/>\n</interface>\n" },
        { VIREO_NETWORK_SOURCE_USER, NULL, "x'/><evil/><y a='",
          "<interface type='user'>\n  <model type='x&apos;/&gt;&lt;evil/&gt;&lt;y a=&apos;'/>\n"
          "</interface>\n" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        VireoNetworkSource source = { cases[i].type, (char *) cases[i].name, NULL, TRUE };
        g_autofree char *xml = vireo_network_source_to_xml (&source, cases[i].model);
        xmlDocPtr doc;
        xmlNodePtr root, child;

        g_assert_cmpstr (xml, ==, cases[i].expected);

        /* Well-formed, and names come back exactly. */
        doc = xmlReadMemory (xml, strlen (xml), "iface.xml", NULL, XML_PARSE_NONET);
        g_assert_nonnull (doc);
        root = xmlDocGetRootElement (doc);
        g_assert_cmpstr ((const char *) root->name, ==, "interface");
        for (child = root->children; child; child = child->next) {
            xmlChar *value = NULL;

            if (child->type != XML_ELEMENT_NODE)
                continue;
            if (xmlStrEqual (child->name, (const xmlChar *) "source")) {
                value = xmlGetProp (child, child->properties->name);
                g_assert_cmpstr ((const char *) value, ==, cases[i].name);
            } else {
                g_assert_cmpstr ((const char *) child->name, ==, "model");
                value = xmlGetProp (child, (const xmlChar *) "type");
                g_assert_cmpstr ((const char *) value, ==,
                                 cases[i].model ? cases[i].model : "virtio");
            }
            xmlFree (value);
        }
        xmlFreeDoc (doc);
    }
}

typedef struct {
    virConnectPtr conn;
    VireoNetwork *network;
} VirtFixture;

static void
virt_setup (VirtFixture  *fx,
            gconstpointer data)
{
    fx->conn = vireo_test_open_test_default ();
    fx->network = vireo_network_libvirt_new_for_handle (fx->conn);
    g_assert_true (VIREO_IS_NETWORK_LIBVIRT (fx->network));
}

static void
virt_teardown (VirtFixture  *fx,
               gconstpointer data)
{
    g_clear_object (&fx->network);
    virConnectClose (fx->conn);
}

static void
test_libvirt_sources (VirtFixture  *fx,
                      gconstpointer data)
{
    g_autoptr(GPtrArray) sources = NULL;
    g_autoptr(VireoNetworkSource) def = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    VireoNetworkSource *source;
    VireoNetworkSource *last;

    sources = vireo_network_list_sources (fx->network, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sources->len, >=, 2);
    source = sources->pdata[0];
    g_assert_cmpint (source->type, ==, VIREO_NETWORK_SOURCE_NETWORK);
    g_assert_cmpstr (source->name, ==, "default");
    g_assert_cmpstr (source->description, ==, "Virtual network “default” (NAT)");
    g_assert_true (source->active);
    last = sources->pdata[sources->len - 1];
    g_assert_cmpint (last->type, ==, VIREO_NETWORK_SOURCE_USER);

    def = vireo_network_default_source (fx->network, &error);
    g_assert_no_error (error);
    g_assert_cmpint (def->type, ==, VIREO_NETWORK_SOURCE_NETWORK);
    g_assert_cmpstr (def->name, ==, "default");
    xml = vireo_network_source_to_xml (def, NULL);
    g_assert_nonnull (strstr (xml, "<source network='default'/>"));
}

static void
test_libvirt_modes (VirtFixture  *fx,
                    gconstpointer data)
{
    const struct {
        const char *name;
        const char *forward;
        const char *description;
    } cases[] = {
        { "net-isolated", "", "Virtual network “net-isolated” (isolated)" },
        { "net-routed", "<forward mode='route'/>", "Virtual network “net-routed” (routed)" },
        { "net-nat", "<forward mode='nat'/>", "Virtual network “net-nat” (NAT)" },
    };
    g_autoptr(GPtrArray) sources = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *xml = g_strdup_printf ("<network><name>%s</name>%s"
                                                "<bridge name='vbr%u'/>"
                                                "<ip address='10.9.%u.1' netmask='255.255.255.0'/>"
                                                "</network>",
                                                cases[i].name, cases[i].forward, i, i);
        virNetworkPtr net = virNetworkDefineXML (fx->conn, xml);

        g_assert_nonnull (net);
        virNetworkFree (net);
    }
    sources = vireo_network_list_sources (fx->network, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        gboolean found = FALSE;

        for (guint j = 0; j < sources->len; j++) {
            VireoNetworkSource *source = sources->pdata[j];

            if (g_strcmp0 (source->name, cases[i].name) == 0) {
                g_assert_cmpstr (source->description, ==, cases[i].description);
                g_assert_false (source->active);
                found = TRUE;
            }
        }
        g_assert_true (found);
    }
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        virNetworkPtr net = virNetworkLookupByName (fx->conn, cases[i].name);

        g_assert_cmpint (virNetworkUndefine (net), ==, 0);
        virNetworkFree (net);
    }
}

static void
test_libvirt_async (VirtFixture  *fx,
                    gconstpointer data)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) result2 = NULL;
    g_autoptr(GPtrArray) sources = NULL;
    g_autoptr(VireoNetworkSource) def = NULL;
    g_autoptr(GError) error = NULL;

    vireo_network_list_sources_async (fx->network, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 10000));
    sources = vireo_network_list_sources_finish (fx->network, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sources->len, >=, 2);

    vireo_network_default_source_async (fx->network, NULL, vireo_test_store_result_cb,
                                        &result2);
    g_assert_nonnull (vireo_test_wait_result (&result2, 10000));
    def = vireo_network_default_source_finish (fx->network, result2, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (def->name, ==, "default");
}

static void
test_libvirt_without_default (VirtFixture  *fx,
                              gconstpointer data)
{
    g_autoptr(VireoNetworkSource) def = NULL;
    g_autoptr(GError) error = NULL;
    virNetworkPtr net = virNetworkLookupByName (fx->conn, "default");

    g_assert_nonnull (net);
    g_assert_cmpint (virNetworkDestroy (net), ==, 0);
    g_assert_cmpint (virNetworkUndefine (net), ==, 0);
    virNetworkFree (net);

    def = vireo_network_default_source (fx->network, &error);
    g_assert_no_error (error);
    g_assert_cmpint (def->type, ==, VIREO_NETWORK_SOURCE_USER);
    g_assert_cmpstr (def->description, ==, "Usermode networking");
}

static void
test_libvirt_through_connection (void)
{
    g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
    g_autoptr(VireoNetworkSource) def = NULL;
    g_autoptr(GError) error = NULL;
    VireoNetwork *network;

    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);
    network = vireo_connection_get_network (connection);
    g_assert_true (VIREO_IS_NETWORK_LIBVIRT (network));
    def = vireo_network_default_source (network, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (def->name, ==, "default");
    g_clear_pointer (&def, vireo_network_source_free);

    vireo_connection_close (connection);
    def = vireo_network_default_source (network, &error);
    g_assert_null (def);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/network/user-sources", test_user_sources);
    g_test_add_func ("/vireo/network/xml", test_xml);
    g_test_add ("/vireo/network/libvirt-sources", VirtFixture, NULL, virt_setup,
                test_libvirt_sources, virt_teardown);
    g_test_add ("/vireo/network/libvirt-modes", VirtFixture, NULL, virt_setup,
                test_libvirt_modes, virt_teardown);
    g_test_add ("/vireo/network/libvirt-async", VirtFixture, NULL, virt_setup,
                test_libvirt_async, virt_teardown);
    g_test_add_func ("/vireo/network/libvirt-through-connection",
                     test_libvirt_through_connection);
    g_test_add ("/vireo/network/libvirt-without-default", VirtFixture, NULL, virt_setup,
                test_libvirt_without_default, virt_teardown);

    return g_test_run ();
}
