/* vireo-host-network-xml.c: virtual networks as XML: reading them, and writing new ones
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-host-network.h"
#include "vireo-host-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

G_DEFINE_BOXED_TYPE (VireoHostNetwork, vireo_host_network, vireo_host_network_copy,
                     vireo_host_network_free)

/* An address and its network, as bytes (4 for IPv4, 16 for IPv6). */
typedef struct {
    guint8 bytes[16];
    guint  length;
    guint  prefix;
} IpNet;

/* Helpers */

static void
ip_clear (VireoHostNetworkIp *ip)
{
    g_clear_pointer (&ip->address, g_free);
    g_clear_pointer (&ip->dhcp_start, g_free);
    g_clear_pointer (&ip->dhcp_end, g_free);
}

static void
ip_copy (VireoHostNetworkIp       *to,
         const VireoHostNetworkIp *from)
{
    to->address = g_strdup (from->address);
    to->prefix = from->prefix;
    to->dhcp_start = g_strdup (from->dhcp_start);
    to->dhcp_end = g_strdup (from->dhcp_end);
}

static VireoHostNetworkMode
mode_from_name (const char *name)
{
    if (name == NULL)
        return VIREO_HOST_NETWORK_ISOLATED;
    if (*name == '\0' || g_str_equal (name, "nat"))
        return VIREO_HOST_NETWORK_NAT;
    if (g_str_equal (name, "route"))
        return VIREO_HOST_NETWORK_ROUTE;
    if (g_str_equal (name, "open"))
        return VIREO_HOST_NETWORK_OPEN;
    if (g_str_equal (name, "bridge"))
        return VIREO_HOST_NETWORK_BRIDGE;
    return VIREO_HOST_NETWORK_OTHER;
}

/* The prefix of a netmask ("255.255.255.0" → 24), or 0. */
static guint
netmask_prefix (const char *netmask)
{
    g_autoptr(GInetAddress) mask = netmask ? g_inet_address_new_from_string (netmask) : NULL;
    const guint8 *bytes;
    guint prefix = 0;

    if (mask == NULL)
        return 0;
    bytes = g_inet_address_to_bytes (mask);
    for (gsize i = 0; i < g_inet_address_get_native_size (mask); i++)
        for (int bit = 7; bit >= 0; bit--)
            if (bytes[i] & (1 << bit))
                prefix++;
    return prefix;
}

static void
read_ip (xmlNode            *node,
         VireoHostNetworkIp *ip)
{
    g_autofree char *prefix = _vireo_host_xml_attr (node, "prefix");
    g_autofree char *netmask = _vireo_host_xml_attr (node, "netmask");
    xmlNode *range = _vireo_host_xml_child (_vireo_host_xml_child (node, "dhcp"), "range");

    ip->address = _vireo_host_xml_attr (node, "address");
    ip->prefix = prefix != NULL ? (guint) g_ascii_strtoull (prefix, NULL, 10)
                                : netmask_prefix (netmask);
    ip->dhcp_start = _vireo_host_xml_attr (range, "start");
    ip->dhcp_end = _vireo_host_xml_attr (range, "end");
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

/* Parses "192.168.100.0/24" for @family (G_SOCKET_FAMILY_IPV4 or _IPV6)
 * into its network (host bits cleared). */
static gboolean
parse_network (const char     *text,
               GSocketFamily   family,
               IpNet          *net,
               GError        **error)
{
    g_autoptr(GInetAddress) address = NULL;
    g_auto(GStrv) parts = NULL;
    const char *family_name = family == G_SOCKET_FAMILY_IPV4 ? "IPv4" : "IPv6";
    const char *example = family == G_SOCKET_FAMILY_IPV4 ? "192.168.100.0/24" : "fd00:100::/64";
    guint max_prefix = family == G_SOCKET_FAMILY_IPV4 ? 30 : 126;
    guint64 prefix = 0;

    if (text == NULL || strchr (text, '/') == NULL)
        /* TRANSLATORS: %s is IPv4 or IPv6, then the text the user typed, then an example */
        return invalid (error, _("The %s network “%s” needs an address and a prefix length, "
                                 "such as “%s”."), family_name, text ? text : "", example);
    parts = g_strsplit (text, "/", 2);
    address = g_inet_address_new_from_string (parts[0]);
    if (address == NULL || g_inet_address_get_family (address) != family ||
        !g_ascii_string_to_unsigned (parts[1], 10, 0, 128, &prefix, NULL))
        return invalid (error, _("“%s” is not an %s network such as “%s”."), text, family_name,
                        example);
    net->prefix = prefix;
    if (net->prefix < 8 || net->prefix > max_prefix)
        return invalid (error, _("The %s network “%s” must have a prefix length from 8 to %u."),
                        family_name, text, max_prefix);
    net->length = g_inet_address_get_native_size (address);
    memcpy (net->bytes, g_inet_address_to_bytes (address), net->length);
    /* Host bits cleared: "192.168.100.7/24" is the network 192.168.100.0/24. */
    for (guint bit = net->prefix; bit < net->length * 8; bit++)
        net->bytes[bit / 8] &= ~(1 << (7 - bit % 8));
    return TRUE;
}

static gboolean
parse_address (const char   *text,
               const IpNet  *net,
               guint8       *bytes)
{
    g_autoptr(GInetAddress) address = text ? g_inet_address_new_from_string (text) : NULL;

    if (address == NULL || g_inet_address_get_native_size (address) != net->length)
        return FALSE;
    memcpy (bytes, g_inet_address_to_bytes (address), net->length);
    return TRUE;
}

static gboolean
in_network (const IpNet  *net,
            const guint8 *bytes)
{
    for (guint bit = 0; bit < net->prefix; bit++) {
        guint8 m = 1 << (7 - bit % 8);

        if ((net->bytes[bit / 8] & m) != (bytes[bit / 8] & m))
            return FALSE;
    }
    return TRUE;
}

static int
compare_bytes (const guint8 *a,
               const guint8 *b,
               guint         length)
{
    return memcmp (a, b, length);
}

/* The network's address plus @offset (and with all host bits set when
 * @offset is G_MAXUINT64: the broadcast address). */
static char *
address_at (const IpNet *net,
            guint64      offset)
{
    guint8 bytes[16];
    g_autoptr(GInetAddress) address = NULL;
    guint64 carry = offset;

    memcpy (bytes, net->bytes, net->length);
    if (offset == G_MAXUINT64) {
        for (guint bit = net->prefix; bit < net->length * 8; bit++)
            bytes[bit / 8] |= 1 << (7 - bit % 8);
    } else {
        for (int i = net->length - 1; i >= 0 && carry > 0; i--) {
            guint64 sum = bytes[i] + (carry & 0xff);

            bytes[i] = sum & 0xff;
            carry = (carry >> 8) + (sum >> 8);
        }
    }
    address = g_inet_address_new_from_bytes (bytes, net->length == 4 ? G_SOCKET_FAMILY_IPV4
                                                                      : G_SOCKET_FAMILY_IPV6);
    return g_inet_address_to_string (address);
}

/* Checks a DHCP range inside @net, not reaching the host's address
 * (network + 1) or the broadcast; fills defaults when both ends are NULL. */
static gboolean
check_range (const IpNet  *net,
             const char   *family_name,
             const char   *start,
             const char   *end,
             char        **start_out,
             char        **end_out,
             GError      **error)
{
    guint8 s[16], e[16], host[16], last[16];
    g_autofree char *host_text = address_at (net, 1);
    g_autofree char *last_text = address_at (net, G_MAXUINT64);

    if (start == NULL && end == NULL) {
        if (net->length == 4) {
            guint64 size = G_GUINT64_CONSTANT (1) << (32 - net->prefix);

            *start_out = address_at (net, MAX (size / 2, 2));
            *end_out = address_at (net, size - 2);
        } else {
            *start_out = address_at (net, 0x100);
            *end_out = address_at (net, 0x1ff);
        }
        return TRUE;
    }
    if (start == NULL || end == NULL)
        return invalid (error, _("The %s DHCP range needs a first and a last address."),
                        family_name);
    if (!parse_address (start, net, s) || !parse_address (end, net, e))
        return invalid (error, _("The %s DHCP range “%s” to “%s” is not made of %s "
                                 "addresses."), family_name, start, end, family_name);
    if (!in_network (net, s) || !in_network (net, e))
        return invalid (error, _("The %s DHCP range “%s” to “%s” is not inside the network."),
                        family_name, start, end);
    if (compare_bytes (s, e, net->length) > 0)
        return invalid (error, _("The %s DHCP range starts at “%s”, after its end “%s”."),
                        family_name, start, end);
    parse_address (host_text, net, host);
    parse_address (last_text, net, last);
    if (compare_bytes (s, host, net->length) <= 0)
        return invalid (error, _("The %s DHCP range must start after “%s”, the host’s own "
                                 "address on the network."), family_name, host_text);
    if (net->length == 4 && compare_bytes (e, last, net->length) >= 0)
        return invalid (error, _("The %s DHCP range must end before “%s”, the network’s "
                                 "broadcast address."), family_name, last_text);
    *start_out = g_strdup (start);
    *end_out = g_strdup (end);
    return TRUE;
}

static gboolean
check_name (const char *name,
            GError    **error)
{
    if (name == NULL || *name == '\0')
        return invalid (error, _("The network needs a name."));
    if (strchr (name, '/') != NULL || g_ascii_isspace (name[0]) ||
        g_ascii_isspace (name[strlen (name) - 1]))
        return invalid (error, _("“%s” cannot name a network: use no “/” and no spaces at the "
                                 "start or end."), name);
    if (strlen (name) > 255 || !g_utf8_validate (name, -1, NULL))
        return invalid (error, _("The network’s name is too long or not valid text."));
    for (const char *p = name; *p != '\0'; p++)
        if (g_ascii_iscntrl (*p))
            return invalid (error, _("The network’s name contains a control character."));
    return TRUE;
}

static gboolean
check_interface (const char *dev,
                 GError    **error)
{
    if (strlen (dev) == 0 || strlen (dev) > 15)
        return invalid (error, _("“%s” is not the name of a network interface."), dev);
    for (const char *p = dev; *p != '\0'; p++)
        if (*p == '/' || g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
            return invalid (error, _("“%s” is not the name of a network interface."), dev);
    return TRUE;
}

static gboolean
check_domain (const char *domain,
              GError    **error)
{
    gsize length = strlen (domain);

    if (length == 0 || length > 253 || domain[0] == '.' || domain[0] == '-' ||
        domain[length - 1] == '-' || strstr (domain, "..") != NULL)
        return invalid (error, _("“%s” is not a DNS domain such as “lab.example”."), domain);
    for (const char *p = domain; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
            return invalid (error, _("“%s” is not a DNS domain such as “lab.example”."),
                            domain);
    return TRUE;
}

/* Appends one <ip> element. */
static gboolean
append_ip (GString    *xml,
           const char *network,
           gboolean    dhcp,
           const char *dhcp_start,
           const char *dhcp_end,
           gboolean    ipv6,
           GError    **error)
{
    IpNet net = { { 0 } };
    g_autofree char *host = NULL;
    g_autofree char *start = NULL;
    g_autofree char *end = NULL;
    const char *family_name = ipv6 ? "IPv6" : "IPv4";

    if (!parse_network (network, ipv6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4, &net,
                        error))
        return FALSE;
    if (ipv6 && dhcp && net.prefix != 64)
        return invalid (error, _("DHCP on an IPv6 network needs a prefix length of 64, not "
                                 "%u."), net.prefix);
    if (!dhcp && (dhcp_start != NULL || dhcp_end != NULL))
        return invalid (error, _("The %s network has a DHCP range but DHCP is off."),
                        family_name);
    if (dhcp && !check_range (&net, family_name, dhcp_start, dhcp_end, &start, &end, error))
        return FALSE;
    host = address_at (&net, 1);
    if (ipv6)
        g_string_append_printf (xml, "  <ip family='ipv6' address='%s' prefix='%u'", host,
                                net.prefix);
    else
        g_string_append_printf (xml, "  <ip address='%s' prefix='%u'", host, net.prefix);
    if (!dhcp) {
        g_string_append (xml, "/>\n");
        return TRUE;
    }
    g_string_append_printf (xml, ">\n"
                            "    <dhcp>\n"
                            "      <range start='%s' end='%s'/>\n"
                            "    </dhcp>\n"
                            "  </ip>\n", start, end);
    return TRUE;
}

/* Public API */

VireoHostNetwork *
vireo_host_network_copy (const VireoHostNetwork *network)
{
    VireoHostNetwork *copy;

    g_return_val_if_fail (network != NULL, NULL);

    copy = g_memdup2 (network, sizeof *network);
    copy->name = g_strdup (network->name);
    copy->uuid = g_strdup (network->uuid);
    copy->mode_name = g_strdup (network->mode_name);
    copy->forward_dev = g_strdup (network->forward_dev);
    copy->bridge = g_strdup (network->bridge);
    copy->domain = g_strdup (network->domain);
    ip_copy (&copy->ipv4, &network->ipv4);
    ip_copy (&copy->ipv6, &network->ipv6);
    return copy;
}

void
vireo_host_network_free (VireoHostNetwork *network)
{
    if (network == NULL)
        return;
    g_free (network->name);
    g_free (network->uuid);
    g_free (network->mode_name);
    g_free (network->forward_dev);
    g_free (network->bridge);
    g_free (network->domain);
    ip_clear (&network->ipv4);
    ip_clear (&network->ipv6);
    g_free (network);
}

VireoHostNetwork *
vireo_host_network_new_from_xml (const char *xml,
                                 GError    **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(VireoHostNetwork) network = NULL;
    xmlNode *root, *forward;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = _vireo_host_xml_parse (xml);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !xmlStrEqual (root->name, BAD_CAST "network")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The description of a virtual network is not a <network> element."));
        return NULL;
    }
    network = g_new0 (VireoHostNetwork, 1);
    network->name = _vireo_host_xml_child_text (root, "name");
    if (network->name == NULL || *network->name == '\0') {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The description of a virtual network has no name."));
        return NULL;
    }
    network->uuid = _vireo_host_xml_child_text (root, "uuid");
    forward = _vireo_host_xml_child (root, "forward");
    if (forward != NULL) {
        network->mode_name = _vireo_host_xml_attr (forward, "mode");
        if (network->mode_name == NULL)
            network->mode_name = g_strdup ("nat");
        network->forward_dev = _vireo_host_xml_attr (forward, "dev");
    } else {
        network->mode_name = g_strdup ("");
    }
    network->mode = mode_from_name (forward != NULL ? network->mode_name : NULL);
    network->bridge = _vireo_host_xml_attr (_vireo_host_xml_child (root, "bridge"), "name");
    network->domain = _vireo_host_xml_attr (_vireo_host_xml_child (root, "domain"), "name");
    for (xmlNode *node = root->children; node != NULL; node = node->next) {
        g_autofree char *family = NULL;
        VireoHostNetworkIp *ip;

        if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, BAD_CAST "ip"))
            continue;
        family = _vireo_host_xml_attr (node, "family");
        ip = g_strcmp0 (family, "ipv6") == 0 ? &network->ipv6 : &network->ipv4;
        /* The first of each family is the one shown. */
        if (ip->address == NULL)
            read_ip (node, ip);
    }
    return g_steal_pointer (&network);
}

const char *
vireo_host_network_describe_mode (const VireoHostNetwork *network)
{
    g_return_val_if_fail (network != NULL, NULL);

    switch (network->mode) {
    case VIREO_HOST_NETWORK_NAT:
        return _("NAT");
    case VIREO_HOST_NETWORK_ROUTE:
        return _("Routed");
    case VIREO_HOST_NETWORK_ISOLATED:
        return _("Isolated");
    case VIREO_HOST_NETWORK_OPEN:
        return C_("network forward mode", "Open");
    case VIREO_HOST_NETWORK_BRIDGE:
        return _("Bridged");
    case VIREO_HOST_NETWORK_OTHER:
    default:
        return network->mode_name != NULL ? network->mode_name : "";
    }
}

char *
vireo_host_network_dup_ip_summary (const VireoHostNetwork *network)
{
    GString *text;
    const VireoHostNetworkIp *ips[2];

    g_return_val_if_fail (network != NULL, NULL);

    ips[0] = &network->ipv4;
    ips[1] = &network->ipv6;
    text = g_string_new (NULL);
    for (guint i = 0; i < G_N_ELEMENTS (ips); i++) {
        if (ips[i]->address == NULL)
            continue;
        if (text->len > 0)
            g_string_append_c (text, '\n');
        g_string_append_printf (text, "%s/%u", ips[i]->address, ips[i]->prefix);
        if (ips[i]->dhcp_start != NULL && ips[i]->dhcp_end != NULL)
            /* TRANSLATORS: a DHCP range after a network address: " (DHCP first–last)" */
            g_string_append_printf (text, _(" (DHCP %s–%s)"), ips[i]->dhcp_start,
                                    ips[i]->dhcp_end);
    }
    return g_string_free (text, FALSE);
}

VireoHostNetworkSpec *
vireo_host_network_spec_new (void)
{
    VireoHostNetworkSpec *spec = g_new0 (VireoHostNetworkSpec, 1);

    spec->mode = VIREO_HOST_NETWORK_NAT;
    spec->ipv4_dhcp = TRUE;
    spec->autostart = TRUE;
    return spec;
}

void
vireo_host_network_spec_free (VireoHostNetworkSpec *spec)
{
    if (spec == NULL)
        return;
    g_free (spec->name);
    g_free (spec->forward_dev);
    g_free (spec->ipv4_network);
    g_free (spec->ipv4_dhcp_start);
    g_free (spec->ipv4_dhcp_end);
    g_free (spec->ipv6_network);
    g_free (spec->ipv6_dhcp_start);
    g_free (spec->ipv6_dhcp_end);
    g_free (spec->domain);
    g_free (spec);
}

char *
vireo_host_network_spec_to_xml (const VireoHostNetworkSpec *spec,
                                GError                    **error)
{
    g_autoptr(GString) xml = NULL;
    g_autofree char *name = NULL;

    g_return_val_if_fail (spec != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (!check_name (spec->name, error))
        return NULL;
    if (spec->mode != VIREO_HOST_NETWORK_NAT && spec->mode != VIREO_HOST_NETWORK_ROUTE &&
        spec->mode != VIREO_HOST_NETWORK_ISOLATED && spec->mode != VIREO_HOST_NETWORK_OPEN) {
        invalid (error, _("A new network is NAT, routed, isolated or open."));
        return NULL;
    }
    if (spec->forward_dev != NULL && *spec->forward_dev != '\0') {
        if (spec->mode != VIREO_HOST_NETWORK_NAT && spec->mode != VIREO_HOST_NETWORK_ROUTE) {
            invalid (error, _("Only NAT and routed networks forward to a host interface."));
            return NULL;
        }
        if (!check_interface (spec->forward_dev, error))
            return NULL;
    }
    if (spec->ipv4_network == NULL && spec->ipv6_network == NULL &&
        spec->mode != VIREO_HOST_NETWORK_ISOLATED) {
        invalid (error, _("A NAT, routed or open network needs an IPv4 or IPv6 network."));
        return NULL;
    }
    if (spec->mode == VIREO_HOST_NETWORK_NAT && spec->ipv4_network == NULL) {
        invalid (error, _("A NAT network needs an IPv4 network: NAT is IPv4 only."));
        return NULL;
    }
    if (spec->domain != NULL && *spec->domain != '\0' && !check_domain (spec->domain, error))
        return NULL;

    name = g_markup_escape_text (spec->name, -1);
    xml = g_string_new ("<network>\n");
    g_string_append_printf (xml, "  <name>%s</name>\n", name);
    if (spec->mode != VIREO_HOST_NETWORK_ISOLATED) {
        const char *mode = spec->mode == VIREO_HOST_NETWORK_NAT ? "nat"
                         : spec->mode == VIREO_HOST_NETWORK_ROUTE ? "route" : "open";

        g_string_append_printf (xml, "  <forward mode='%s'", mode);
        if (spec->forward_dev != NULL && *spec->forward_dev != '\0')
            g_string_append_printf (xml, " dev='%s'", spec->forward_dev);
        g_string_append (xml, "/>\n");
    }
    g_string_append (xml, "  <bridge stp='on' delay='0'/>\n");
    if (spec->domain != NULL && *spec->domain != '\0')
        g_string_append_printf (xml, "  <domain name='%s' localOnly='yes'/>\n", spec->domain);
    if (spec->ipv4_network != NULL &&
        !append_ip (xml, spec->ipv4_network, spec->ipv4_dhcp, spec->ipv4_dhcp_start,
                    spec->ipv4_dhcp_end, FALSE, error))
        return NULL;
    if (spec->ipv6_network != NULL &&
        !append_ip (xml, spec->ipv6_network, spec->ipv6_dhcp, spec->ipv6_dhcp_start,
                    spec->ipv6_dhcp_end, TRUE, error))
        return NULL;
    g_string_append (xml, "</network>\n");
    return g_string_free (g_steal_pointer (&xml), FALSE);
}

char *
vireo_host_network_suggest_ipv4 (GPtrArray *networks)
{
    g_return_val_if_fail (networks != NULL, NULL);

    for (guint third = 100; third < 255; third++) {
        g_autofree char *candidate = g_strdup_printf ("192.168.%u.0/24", third);
        IpNet net = { { 0 } };
        gboolean used = FALSE;

        parse_network (candidate, G_SOCKET_FAMILY_IPV4, &net, NULL);
        for (guint i = 0; i < networks->len && !used; i++) {
            VireoHostNetwork *network = networks->pdata[i];
            guint8 bytes[16];
            IpNet other = { { 0 } };
            g_autofree char *other_text = NULL;

            if (network->ipv4.address == NULL ||
                !parse_address (network->ipv4.address, &net, bytes))
                continue;
            /* Overlapping: either network holds the other's first address. */
            other_text = g_strdup_printf ("%s/%u", network->ipv4.address,
                                          CLAMP (network->ipv4.prefix, 8, 30));
            if (!parse_network (other_text, G_SOCKET_FAMILY_IPV4, &other, NULL))
                continue;
            used = in_network (&net, other.bytes) || in_network (&other, net.bytes);
        }
        if (!used)
            return g_steal_pointer (&candidate);
    }
    return g_strdup ("192.168.100.0/24");
}
