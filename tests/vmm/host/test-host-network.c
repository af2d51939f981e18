/* test-host-network.c: the host's overview and its virtual networks, on libvirt's test driver
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-host-info.h"
#include "vireo-host-network.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

/* ------------------------------------------------------------------ XML */

typedef struct {
    const char          *name;
    VireoHostNetworkMode mode;
    const char          *forward_dev;
    const char          *ipv4;
    gboolean             ipv4_dhcp;
    const char          *ipv4_start;
    const char          *ipv4_end;
    const char          *ipv6;
    gboolean             ipv6_dhcp;
    const char          *domain;
} SpecCase;

static VireoHostNetworkSpec *
spec_of (const SpecCase *c)
{
    VireoHostNetworkSpec *spec = vireo_host_network_spec_new ();

    spec->name = g_strdup (c->name);
    spec->mode = c->mode;
    spec->forward_dev = g_strdup (c->forward_dev);
    spec->ipv4_network = g_strdup (c->ipv4);
    spec->ipv4_dhcp = c->ipv4_dhcp;
    spec->ipv4_dhcp_start = g_strdup (c->ipv4_start);
    spec->ipv4_dhcp_end = g_strdup (c->ipv4_end);
    spec->ipv6_network = g_strdup (c->ipv6);
    spec->ipv6_dhcp = c->ipv6_dhcp;
    spec->domain = g_strdup (c->domain);
    return spec;
}

static void
test_spec_xml (void)
{
    const struct {
        SpecCase    spec;
        const char *xml;
    } cases[] = {
        { { "lab", VIREO_HOST_NETWORK_NAT, NULL, "192.168.100.0/24", TRUE },
          "<network>\n"
          "  <name>lab</name>\n"
          "  <forward mode='nat'/>\n"
          "  <bridge stp='on' delay='0'/>\n"
          "  <ip address='192.168.100.1' prefix='24'>\n"
          "    <dhcp>\n"
          "      <range start='192.168.100.128' end='192.168.100.254'/>\n"
          "    </dhcp>\n"
          "  </ip>\n"
          "</network>\n" },
        /* Host bits are dropped; a range of its own; a forward device; a domain. */
        { { "r&d", VIREO_HOST_NETWORK_ROUTE, "eth0", "10.1.2.77/16", TRUE, "10.1.0.10",
            "10.1.0.20", NULL, FALSE, "lab.example" },
          "<network>\n"
          "  <name>r&amp;d</name>\n"
          "  <forward mode='route' dev='eth0'/>\n"
          "  <bridge stp='on' delay='0'/>\n"
          "  <domain name='lab.example' localOnly='yes'/>\n"
          "  <ip address='10.1.0.1' prefix='16'>\n"
          "    <dhcp>\n"
          "      <range start='10.1.0.10' end='10.1.0.20'/>\n"
          "    </dhcp>\n"
          "  </ip>\n"
          "</network>\n" },
        /* Isolated without addresses; open with IPv6 only, DHCPv6 by default range. */
        { { "island", VIREO_HOST_NETWORK_ISOLATED },
          "<network>\n"
          "  <name>island</name>\n"
          "  <bridge stp='on' delay='0'/>\n"
          "</network>\n" },
        { { "six", VIREO_HOST_NETWORK_OPEN, NULL, NULL, FALSE, NULL, NULL, "fd00:100::/64",
            TRUE },
          "<network>\n"
          "  <name>six</name>\n"
          "  <forward mode='open'/>\n"
          "  <bridge stp='on' delay='0'/>\n"
          "  <ip family='ipv6' address='fd00:100::1' prefix='64'>\n"
          "    <dhcp>\n"
          "      <range start='fd00:100::100' end='fd00:100::1ff'/>\n"
          "    </dhcp>\n"
          "  </ip>\n"
          "</network>\n" },
        /* Both families, IPv4 without DHCP; the smallest IPv4 network. */
        { { "both", VIREO_HOST_NETWORK_NAT, NULL, "172.16.5.0/30", FALSE, NULL, NULL,
            "fd00:5::/48", FALSE },
          "<network>\n"
          "  <name>both</name>\n"
          "  <forward mode='nat'/>\n"
          "  <bridge stp='on' delay='0'/>\n"
          "  <ip address='172.16.5.1' prefix='30'/>\n"
          "  <ip family='ipv6' address='fd00:5::1' prefix='48'/>\n"
          "</network>\n" },
        { { "tiny", VIREO_HOST_NETWORK_NAT, NULL, "172.16.5.0/30", TRUE },
          "<network>\n"
          "  <name>tiny</name>\n"
          "  <forward mode='nat'/>\n"
          "  <bridge stp='on' delay='0'/>\n"
          "  <ip address='172.16.5.1' prefix='30'>\n"
          "    <dhcp>\n"
          "      <range start='172.16.5.2' end='172.16.5.2'/>\n"
          "    </dhcp>\n"
          "  </ip>\n"
          "</network>\n" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VireoHostNetworkSpec) spec = spec_of (&cases[i].spec);
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = vireo_host_network_spec_to_xml (spec, &error);
        g_autoptr(VireoHostNetwork) back = NULL;

        g_test_message ("case %u: %s", i, cases[i].spec.name);
        g_assert_no_error (error);
        g_assert_cmpstr (xml, ==, cases[i].xml);
        /* What is written reads back the same. */
        back = vireo_host_network_new_from_xml (xml, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (back->name, ==, cases[i].spec.name);
        g_assert_cmpint (back->mode, ==, cases[i].spec.mode);
        g_assert_cmpstr (back->forward_dev, ==, cases[i].spec.forward_dev);
        g_assert_cmpstr (back->domain, ==, cases[i].spec.domain);
        g_assert_true ((back->ipv4.address != NULL) == (cases[i].spec.ipv4 != NULL));
        g_assert_true ((back->ipv6.address != NULL) == (cases[i].spec.ipv6 != NULL));
        if (cases[i].spec.ipv4_start != NULL)
            g_assert_cmpstr (back->ipv4.dhcp_start, ==, cases[i].spec.ipv4_start);
    }
}

static void
test_spec_errors (void)
{
    const struct {
        SpecCase    spec;
        const char *message_part;
    } cases[] = {
        { { "", VIREO_HOST_NETWORK_NAT, NULL, "192.168.100.0/24" }, "needs a name" },
        { { "a/b", VIREO_HOST_NETWORK_NAT, NULL, "192.168.100.0/24" }, "cannot name" },
        { { " lead", VIREO_HOST_NETWORK_NAT, NULL, "192.168.100.0/24" }, "cannot name" },
        { { "x", VIREO_HOST_NETWORK_BRIDGE, NULL, "192.168.100.0/24" },
          "NAT, routed, isolated or open" },
        { { "x", VIREO_HOST_NETWORK_ISOLATED, "eth0" }, "Only NAT and routed" },
        { { "x", VIREO_HOST_NETWORK_NAT, "eth 0", "192.168.100.0/24" },
          "not the name of a network interface" },
        { { "x", VIREO_HOST_NETWORK_NAT, "averyveryverylongname", "192.168.100.0/24" },
          "not the name of a network interface" },
        { { "x", VIREO_HOST_NETWORK_ROUTE }, "needs an IPv4 or IPv6 network" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, NULL, FALSE, NULL, NULL, "fd00::/64" },
          "NAT is IPv4 only" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "192.168.100.0" }, "a prefix length" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "192.168.300.0/24" }, "is not an IPv4 network" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "fd00::/64" }, "is not an IPv4 network" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/31" }, "prefix length from 8 to 30" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/4" }, "prefix length from 8 to 30" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, "10.0.0.9" },
          "needs a first and a last" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, "10.0.0.9", "fd00::9" },
          "is not made of IPv4 addresses" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, "10.0.0.9", "10.0.1.9" },
          "not inside the network" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, "10.0.0.90", "10.0.0.9" },
          "after its end" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, "10.0.0.1", "10.0.0.9" },
          "the host’s own address" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, "10.0.0.2", "10.0.0.255" },
          "broadcast address" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", FALSE, "10.0.0.2", "10.0.0.9" },
          "DHCP is off" },
        { { "x", VIREO_HOST_NETWORK_OPEN, NULL, NULL, FALSE, NULL, NULL, "fd00::/56", TRUE },
          "prefix length of 64" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, NULL, NULL, NULL, FALSE,
            "bad domain!" }, "not a DNS domain" },
        { { "x", VIREO_HOST_NETWORK_NAT, NULL, "10.0.0.0/24", TRUE, NULL, NULL, NULL, FALSE,
            ".lead" }, "not a DNS domain" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VireoHostNetworkSpec) spec = spec_of (&cases[i].spec);
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = vireo_host_network_spec_to_xml (spec, &error);

        g_test_message ("case %u: expecting “%s”", i, cases[i].message_part);
        g_assert_null (xml);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        if (strstr (error->message, cases[i].message_part) == NULL)
            g_error ("case %u: “%s” does not say “%s”", i, error->message,
                     cases[i].message_part);
    }
}

static void
test_read_xml (void)
{
    const char *bridged = "<network><name>host-bridge</name><forward mode='bridge'/>"
                          "<bridge name='br0'/></network>";
    const char *netmask = "<network><name>old</name><forward/><bridge name='virbr9'/>"
                          "<ip address='10.9.0.1' netmask='255.255.0.0'/>"
                          "<ip family='ipv6' address='fd09::1' prefix='64'>"
                          "<dhcp><range start='fd09::10' end='fd09::20'/></dhcp></ip></network>";
    const char *passthrough = "<network><name>pt</name><forward mode='passthrough' "
                              "dev='eth3'/></network>";
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoHostNetwork) net = vireo_host_network_new_from_xml (bridged, &error);
    g_autoptr(VireoHostNetwork) copy = NULL;
    g_autofree char *summary = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (net->mode, ==, VIREO_HOST_NETWORK_BRIDGE);
    g_assert_cmpstr (vireo_host_network_describe_mode (net), ==, "Bridged");
    g_assert_cmpstr (net->bridge, ==, "br0");
    summary = vireo_host_network_dup_ip_summary (net);
    g_assert_cmpstr (summary, ==, "");
    vireo_host_network_free (g_steal_pointer (&net));

    net = vireo_host_network_new_from_xml (netmask, &error);
    g_assert_no_error (error);
    g_assert_cmpint (net->mode, ==, VIREO_HOST_NETWORK_NAT);
    g_assert_cmpstr (net->mode_name, ==, "nat");
    g_assert_cmpuint (net->ipv4.prefix, ==, 16);
    g_assert_null (net->ipv4.dhcp_start);
    g_clear_pointer (&summary, g_free);
    summary = vireo_host_network_dup_ip_summary (net);
    g_assert_cmpstr (summary, ==, "10.9.0.1/16\nfd09::1/64 (DHCP fd09::10–fd09::20)");
    copy = vireo_host_network_copy (net);
    g_assert_cmpstr (copy->ipv6.dhcp_end, ==, "fd09::20");
    vireo_host_network_free (g_steal_pointer (&net));

    net = vireo_host_network_new_from_xml (passthrough, &error);
    g_assert_no_error (error);
    g_assert_cmpint (net->mode, ==, VIREO_HOST_NETWORK_OTHER);
    g_assert_cmpstr (vireo_host_network_describe_mode (net), ==, "passthrough");
    g_assert_cmpstr (net->forward_dev, ==, "eth3");

    g_assert_null (vireo_host_network_new_from_xml ("<pool/>", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (vireo_host_network_new_from_xml ("<network/>", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
}

static void
test_suggest (void)
{
    g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_host_network_free);
    g_autofree char *first = vireo_host_network_suggest_ipv4 (networks);
    g_autofree char *next = NULL;

    g_assert_cmpstr (first, ==, "192.168.100.0/24");
    g_ptr_array_add (networks, vireo_host_network_new_from_xml (
        "<network><name>a</name><ip address='192.168.100.1' prefix='24'/></network>", NULL));
    g_ptr_array_add (networks, vireo_host_network_new_from_xml (
        "<network><name>b</name><ip address='192.168.101.129' prefix='25'/></network>", NULL));
    g_ptr_array_add (networks, vireo_host_network_new_from_xml (
        "<network><name>c</name><ip address='192.168.96.1' prefix='21'/></network>", NULL));
    next = vireo_host_network_suggest_ipv4 (networks);
    /* .100 taken, .101 partly taken, .96–.103 taken by the /21. */
    g_assert_cmpstr (next, ==, "192.168.104.0/24");
}

/* ------------------------------------------------- on the test driver */

typedef struct {
    VireoConnection *connection;
} Fixture;

static void
setup (Fixture      *fx,
       gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    fx->connection = vireo_connection_new ("test:///default");
    g_assert_true (vireo_connection_open (fx->connection, NULL, &error));
    g_assert_no_error (error);
}

static void
teardown (Fixture      *fx,
          gconstpointer data)
{
    vireo_connection_close (fx->connection);
    g_clear_object (&fx->connection);
}

static VireoHostNetwork *
find_network (GPtrArray  *networks,
              const char *name)
{
    for (guint i = 0; i < networks->len; i++) {
        VireoHostNetwork *network = networks->pdata[i];

        if (g_str_equal (network->name, name))
            return network;
    }
    return NULL;
}

static void
record_name_cb (VireoConnection *connection,
                const char      *name,
                gpointer         user_data)
{
    GPtrArray *names = user_data;

    g_ptr_array_add (names, g_strdup (name));
}

static gboolean
wait_name (GPtrArray  *names,
           const char *name)
{
    gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < end) {
        for (guint i = 0; i < names->len; i++)
            if (g_str_equal (names->pdata[i], name))
                return TRUE;
        g_main_context_iteration (NULL, TRUE);
    }
    return FALSE;
}

/* libvirt's network events come out as ::network-changed, whoever made the change. */
static void
test_network_events (Fixture      *fx,
                     gconstpointer data)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GError) error = NULL;
    virConnectPtr conn = vireo_connection_get_handle (fx->connection);
    virNetworkPtr net;

    g_signal_connect (fx->connection, "network-changed", G_CALLBACK (record_name_cb), names);
    net = virNetworkDefineXML (conn, "<network><name>vireo-events</name></network>");
    g_assert_nonnull (net);
    g_assert_true (wait_name (names, "vireo-events"));
    g_ptr_array_set_size (names, 0);
    g_assert_true (vireo_host_network_act (fx->connection, "vireo-events",
                                           VIREO_HOST_NETWORK_ACTION_DELETE, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (wait_name (names, "vireo-events"));
    virNetworkFree (net);
    g_signal_handlers_disconnect_by_data (fx->connection, names);
}

static void
test_info (Fixture      *fx,
           gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VireoHostInfo) info = NULL;
    g_autofree char *topology = NULL;
    g_autofree char *version = vireo_host_format_version (9001002);

    g_autoptr(VireoHostInfo) basic = NULL;

    g_assert_cmpstr (version, ==, "9.1.2");
    vireo_host_read_info_async (fx->connection, VIREO_HOST_INFO_CAPABILITIES, NULL,
                                vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    info = vireo_host_read_info_finish (fx->connection, result, &error);
    g_assert_no_error (error);
    g_assert_true (info->with_capabilities);
    g_assert_cmpstr (info->hypervisor_version, ==, "0.0.2");
    g_assert_cmpstr (info->uri, ==, "test:///default");
    g_assert_nonnull (info->hostname);
    g_assert_cmpstr (info->hypervisor, ==, "TEST");
    g_assert_nonnull (info->libvirt_version);
    g_assert_cmpstr (info->arch, ==, "i686");
    /* The test driver's node: 16 CPUs at 1400 MHz, 2 NUMA nodes of 2 sockets. */
    g_assert_cmpuint (info->cpus, ==, 16);
    g_assert_cmpuint (info->mhz, ==, 1400);
    g_assert_cmpuint (info->numa_nodes, ==, 2);
    g_assert_cmpuint (info->sockets * info->cores * info->threads, ==, info->cpus);
    g_assert_cmpuint (info->memory_kib, >, 0);
    topology = vireo_host_info_dup_topology (info);
    g_assert_cmpstr (topology, ==, "4 sockets, 2 cores, 2 threads");

    /* Without the capabilities: the same names and node info, no CPU model. */
    basic = vireo_host_read_info (fx->connection, VIREO_HOST_INFO_BASIC, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (basic->with_capabilities);
    g_assert_null (basic->cpu_model);
    g_assert_null (basic->hypervisor_version);
    g_assert_cmpstr (basic->hostname, ==, info->hostname);
    g_assert_cmpstr (basic->libvirt_version, ==, info->libvirt_version);
    g_assert_cmpuint (basic->cpus, ==, info->cpus);
    g_assert_cmpuint (basic->memory_kib, ==, info->memory_kib);
    g_assert_cmpuint (basic->sockets * basic->cores * basic->threads, ==, basic->cpus);
}

static void
test_networks (Fixture      *fx,
               gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) networks = vireo_host_list_networks (fx->connection, NULL, &error);
    g_autoptr(VireoHostNetworkSpec) spec = vireo_host_network_spec_new ();
    g_autoptr(VireoHostNetwork) created = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_auto(GStrv) users = NULL;
    g_auto(GStrv) interfaces = NULL;
    g_autofree char *xml = NULL;
    VireoHostNetwork *def;

    g_assert_no_error (error);
    def = find_network (networks, "default");
    g_assert_nonnull (def);
    g_assert_true (def->active);
    g_assert_cmpint (def->mode, ==, VIREO_HOST_NETWORK_NAT);
    g_assert_cmpstr (def->bridge, ==, "virbr0");
    g_assert_cmpstr (def->ipv4.address, ==, "192.168.122.1");
    g_assert_cmpuint (def->ipv4.prefix, ==, 24);
    g_assert_cmpstr (def->ipv4.dhcp_end, ==, "192.168.122.254");

    /* The test driver's running domain "test" is on "default". */
    users = vireo_host_network_list_users (fx->connection, "default", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (users), ==, 1);
    g_assert_cmpstr (users[0], ==, "test");

    spec->name = g_strdup ("vireo-lab");
    spec->ipv4_network = vireo_host_network_suggest_ipv4 (networks);
    spec->domain = g_strdup ("lab.example");
    vireo_host_create_network_async (fx->connection, spec, NULL, vireo_test_store_result_cb,
                                     &result);
    vireo_test_wait_result (&result, 30000);
    created = vireo_host_create_network_finish (fx->connection, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (created->name, ==, "vireo-lab");
    g_assert_true (created->active);
    g_assert_true (created->autostart);
    g_assert_true (created->persistent);
    g_assert_cmpstr (created->ipv4.address, ==, "192.168.100.1");
    g_assert_cmpstr (created->ipv4.dhcp_start, ==, "192.168.100.128");

    /* A second one of the same name is refused, and so is a bad spec. */
    g_assert_null (vireo_host_create_network (fx->connection, spec, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_clear_error (&error);
    g_clear_object (&result);
    g_free (spec->ipv4_network);
    spec->ipv4_network = g_strdup ("nonsense");
    vireo_host_create_network_async (fx->connection, spec, NULL, vireo_test_store_result_cb,
                                     &result);
    vireo_test_wait_result (&result, 30000);
    g_assert_null (vireo_host_create_network_finish (fx->connection, result, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_clear_error (&error);

    /* Stop, autostart off, start: each shows in the list. */
    g_clear_object (&result);
    vireo_host_network_act_async (fx->connection, "vireo-lab", VIREO_HOST_NETWORK_ACTION_STOP,
                                  NULL, vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    g_assert_true (vireo_host_network_act_finish (fx->connection, result, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_host_network_act (fx->connection, "vireo-lab",
                                           VIREO_HOST_NETWORK_ACTION_AUTOSTART_OFF, NULL,
                                           &error));
    g_clear_pointer (&networks, g_ptr_array_unref);
    networks = vireo_host_list_networks (fx->connection, NULL, &error);
    g_assert_false (find_network (networks, "vireo-lab")->active);
    g_assert_false (find_network (networks, "vireo-lab")->autostart);
    g_assert_true (vireo_host_network_act (fx->connection, "vireo-lab",
                                           VIREO_HOST_NETWORK_ACTION_START, NULL, &error));
    g_assert_no_error (error);

    xml = vireo_host_network_dup_xml (fx->connection, "vireo-lab", NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (xml, "<name>vireo-lab</name>"));
    g_assert_nonnull (strstr (xml, "lab.example"));

    g_strfreev (g_steal_pointer (&users));
    users = vireo_host_network_list_users (fx->connection, "vireo-lab", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (users), ==, 0);

    /* Deleting a running network stops and undefines it. */
    g_assert_true (vireo_host_network_act (fx->connection, "vireo-lab",
                                           VIREO_HOST_NETWORK_ACTION_DELETE, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&networks, g_ptr_array_unref);
    networks = vireo_host_list_networks (fx->connection, NULL, &error);
    g_assert_null (find_network (networks, "vireo-lab"));
    g_assert_false (vireo_host_network_act (fx->connection, "vireo-lab",
                                            VIREO_HOST_NETWORK_ACTION_START, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_clear_error (&error);

    interfaces = vireo_host_list_interfaces (fx->connection, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_strv_contains ((const char * const *) interfaces, "eth1"));
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/host-network/spec-xml", test_spec_xml);
    g_test_add_func ("/vireo/host-network/spec-errors", test_spec_errors);
    g_test_add_func ("/vireo/host-network/read-xml", test_read_xml);
    g_test_add_func ("/vireo/host-network/suggest", test_suggest);
    g_test_add ("/vireo/host/info", Fixture, NULL, setup, test_info, teardown);
    g_test_add ("/vireo/host-network/lifecycle", Fixture, NULL, setup, test_networks, teardown);
    g_test_add ("/vireo/host-network/events", Fixture, NULL, setup, test_network_events,
                teardown);
    return g_test_run ();
}
