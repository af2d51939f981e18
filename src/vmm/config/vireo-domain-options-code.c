/* vireo-domain-options-code.c: the sub-options whose XML is decided by code
 *
 * Plain sub-options are a place in the XML (vireo-domain-options.c); these
 * are not: --disk path= picks the disk type from what the path is, --cpu
 * model= knows the special modes, --boot's bare device names replace the
 * boot order, --network source= means a network, a bridge or a host device
 * depending on the interface type, and so on.  The rules are virt-install's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-options-private.h"
#include "vireo-domain-options-util.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>

#include "vireo-osinfo.h"
#include "vireo-vmm-error.h"

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

/* ---------------------------------------------------------------- helpers */

gboolean
_vireo_opt_error (GError **error, const char *format, ...)
{
    va_list args;

    va_start (args, format);
    g_propagate_error (error, g_error_new_valist (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                                                  format, args));
    va_end (args);
    return FALSE;
}

char *
_vireo_opt_get_attr (xmlNode *node, const char *name)
{
    xmlChar *value;
    char *copy;

    if (node == NULL)
        return NULL;
    value = xmlGetProp (node, BAD_CAST name);
    if (value == NULL)
        return NULL;
    copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

gboolean
_vireo_opt_attr_is (xmlNode *node, const char *name, const char *value)
{
    g_autofree char *v = _vireo_opt_get_attr (node, name);

    return g_strcmp0 (v, value) == 0;
}

char *
_vireo_opt_get_text (xmlNode *node)
{
    xmlChar *value;
    char *copy;

    if (node == NULL)
        return NULL;
    value = xmlNodeGetContent (node);
    copy = value && *value ? g_strdup ((const char *) value) : NULL;
    xmlFree (value);
    return copy;
}

xmlNode *
_vireo_opt_child (xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
            return c;
    }
    return NULL;
}

xmlNode *
_vireo_opt_ensure_child (xmlNode *node, const char *name)
{
    xmlNode *c = _vireo_opt_child (node, name);

    return c ? c : xmlNewChild (node, NULL, BAD_CAST name, NULL);
}

void
_vireo_opt_set_text (xmlNode *node, const char *text)
{
    xmlNodeSetContent (node, NULL);
    if (text)
        xmlNodeAddContent (node, BAD_CAST text);
}

void
_vireo_opt_remove_children (xmlNode *node, const char *name)
{
    xmlNode *c = node ? node->children : NULL;

    while (c) {
        xmlNode *next = c->next;

        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name)) {
            xmlUnlinkNode (c);
            xmlFreeNode (c);
        }
        c = next;
    }
}

void
_vireo_opt_set_or_unset (xmlNode *node, const char *name, const char *value)
{
    if (value && *value)
        xmlSetProp (node, BAD_CAST name, BAD_CAST value);
    else
        xmlUnsetProp (node, BAD_CAST name);
}

gboolean
_vireo_opt_is_qemu (const VireoDomainOptionContext *ctx)
{
    return ctx && ctx->uri && g_str_has_prefix (ctx->uri, "qemu");
}

gboolean
_vireo_opt_is_test (const VireoDomainOptionContext *ctx)
{
    return ctx && ctx->uri && g_str_has_prefix (ctx->uri, "test");
}

gboolean
vireo_domain_option_is_qemu (const VireoDomainOptionContext *context)
{
    return _vireo_opt_is_qemu (context);
}

gboolean
vireo_domain_option_is_remote (const VireoDomainOptionContext *context)
{
    return _vireo_opt_is_remote (context);
}

gboolean
_vireo_opt_is_remote (const VireoDomainOptionContext *ctx)
{
    const char *sep;

    if (ctx == NULL || ctx->uri == NULL)
        return FALSE;
    if (strchr (ctx->uri, '+'))
        return TRUE;
    sep = strstr (ctx->uri, "://");
    return sep && sep[3] != '/' && sep[3] != '\0';
}

/* The element the devices of @domain live in (made when missing). */
xmlNode *
_vireo_opt_devices (xmlNode *domain)
{
    return _vireo_opt_ensure_child (domain, "devices");
}

/* "host:port" → @host_attr and @port_attr of @node (virt-install's friendly
 * host form; "[v6]:port" keeps the brackets off). */
static void
set_host_port (xmlNode *node, const char *host_attr, const char *port_attr, const char *value)
{
    g_autofree char *host = NULL;
    const char *port = NULL;

    if (value && value[0] == '[' && strchr (value, ']')) {
        const char *close = strchr (value, ']');
        host = g_strndup (value + 1, close - value - 1);
        port = close[1] == ':' ? close + 2 : NULL;
    } else if (value && strchr (value, ':')) {
        const char *colon = strrchr (value, ':');
        host = g_strndup (value, colon - value);
        port = colon + 1;
    } else {
        host = g_strdup (value);
    }
    _vireo_opt_set_or_unset (node, host_attr, host);
    _vireo_opt_set_or_unset (node, port_attr, port);
}

/* ------------------------------------------------------------------- disk */

static const char *
disk_type_for_path (const VireoDomainOptionContext *ctx, const char *path)
{
    struct stat st;

    if (!_vireo_opt_is_remote (ctx) && stat (path, &st) == 0) {
        if (S_ISDIR (st.st_mode))
            return "dir";
        if (S_ISBLK (st.st_mode))
            return "block";
        return "file";
    }
    return g_str_has_prefix (path, "/dev/") ? "block" : "file";
}

/* The path of a disk whatever its type (file=, dev=, dir=, pool/volume). */
char *
vireo_domain_option_disk_path (xmlNode *disk)
{
    xmlNode *source = _vireo_opt_child (disk, "source");
    static const char * const attrs[] = { "file", "dev", "dir" };

    if (source == NULL)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS (attrs); i++) {
        char *v = _vireo_opt_get_attr (source, attrs[i]);
        if (v)
            return v;
    }
    {
        g_autofree char *pool = _vireo_opt_get_attr (source, "pool");
        g_autofree char *vol = _vireo_opt_get_attr (source, "volume");

        if (pool && vol)
            return g_strdup_printf ("%s/%s", pool, vol);
    }
    return NULL;
}

static gboolean
disk_set_path (const VireoDomainOptionContext *ctx, xmlNode *disk, const char *path)
{
    xmlNode *source = _vireo_opt_child (disk, "source");
    g_autofree char *have = _vireo_opt_get_attr (disk, "type");
    const char *type;
    xmlNode *fresh;

    if (path == NULL || *path == '\0') {
        if (source) {
            xmlUnlinkNode (source);
            xmlFreeNode (source);
        }
        return TRUE;
    }
    /* A disk keeps its type (virt-install writes the path the way the type
     * says), unless the path is plainly of another kind: a directory or
     * a block device here, or the disk was a pool volume.  A disk without a
     * type gets one from its defaults when it is new. */
    type = disk_type_for_path (ctx, path);
    if (have && !g_str_equal (have, "volume") && !g_str_equal (have, "network") &&
        !(g_str_equal (type, "dir") || (g_str_equal (type, "block") &&
                                        g_file_test (path, G_FILE_TEST_EXISTS))))
        type = have;
    if (have)
        xmlSetProp (disk, BAD_CAST "type", BAD_CAST type);
    /* A new <source> in the old one's place, without the old attributes
     * (another type's, or a pool and volume). */
    fresh = xmlNewNode (NULL, BAD_CAST "source");
    xmlSetProp (fresh, BAD_CAST (g_str_equal (type, "block") ? "dev"
                                 : g_str_equal (type, "dir") ? "dir" : "file"),
                BAD_CAST path);
    if (source) {
        /* Keep what belongs to the source beyond its location (seclabels,
         * startupPolicy). */
        g_autofree char *policy = _vireo_opt_get_attr (source, "startupPolicy");

        if (policy)
            xmlSetProp (fresh, BAD_CAST "startupPolicy", BAD_CAST policy);
        while (source->children) {
            xmlNode *c = source->children;
            xmlUnlinkNode (c);
            xmlAddChild (fresh, c);
        }
        xmlReplaceNode (source, fresh);
        xmlFreeNode (source);
    } else {
        xmlNode *after = _vireo_opt_child (disk, "driver");

        if (after)
            xmlAddNextSibling (after, fresh);
        else if (disk->children)
            xmlAddPrevSibling (disk->children, fresh);
        else
            xmlAddChild (disk, fresh);
    }
    return TRUE;
}

/* Devices that can carry a boot order: disks, interfaces, host devices,
 * redirected devices. */
static void
collect_bootable (xmlNode *domain, GPtrArray *out)
{
    static const char * const kinds[] = { "disk", "interface", "hostdev", "redirdev" };
    xmlNode *devices = _vireo_opt_child (domain, "devices");

    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
        for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST kinds[k]))
                g_ptr_array_add (out, c);
        }
    }
}

static int
boot_order_of (xmlNode *dev)
{
    g_autofree char *order = _vireo_opt_get_attr (_vireo_opt_child (dev, "boot"), "order");

    return order ? atoi (order) : -1;
}

static int
cmp_boot_order (gconstpointer a, gconstpointer b)
{
    return boot_order_of (*(xmlNode **) a) - boot_order_of (*(xmlNode **) b);
}

static void
set_boot_order (xmlNode *dev, int order)
{
    char buf[16];

    g_snprintf (buf, sizeof buf, "%d", order);
    xmlSetProp (_vireo_opt_ensure_child (dev, "boot"), BAD_CAST "order", BAD_CAST buf);
}

/* Gives @dev boot order @order, moving the others that would collide one
 * step later, and drops <os><boot dev=...> (the two cannot be mixed). */
static gboolean
reorder_boot (xmlNode *domain, xmlNode *dev, const char *value, GError **error)
{
    g_autoptr(GPtrArray) devs = g_ptr_array_new ();
    guint64 order;
    int next = -1;

    if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT, &order, NULL))
        return _vireo_opt_error (error, _("Value “%s” of “boot.order” is not a whole number "
                                          "from 1."), value ? value : "");
    _vireo_opt_remove_children (_vireo_opt_child (domain, "os"), "boot");
    collect_bootable (domain, devs);
    for (guint i = devs->len; i > 0; i--) {
        if (boot_order_of (devs->pdata[i - 1]) < 0)
            g_ptr_array_remove_index (devs, i - 1);
    }
    g_ptr_array_sort (devs, cmp_boot_order);
    set_boot_order (dev, (int) order);
    for (guint i = 0; i < devs->len; i++) {
        xmlNode *d = devs->pdata[i];
        int o = boot_order_of (d);

        if (d == dev)
            continue;
        if (o == next || o == (int) order) {
            next = o + 1;
            set_boot_order (d, next);
        } else if (next >= 0) {
            break;
        }
    }
    return TRUE;
}

static gboolean
apply_disk (const VireoDomainOptionContext *ctx, xmlNode *domain, xmlNode *disk,
            const char *key, const char *value, GError **error)
{
    if (g_str_equal (key, "path"))
        return disk_set_path (ctx, disk, value);
    if (g_str_equal (key, "type")) {
        _vireo_opt_set_or_unset (disk, "type", value);
        return TRUE;
    }
    if (g_str_equal (key, "perms")) {
        if (g_strcmp0 (value, "ro") == 0)
            _vireo_opt_ensure_child (disk, "readonly");
        else if (g_strcmp0 (value, "sh") == 0)
            _vireo_opt_ensure_child (disk, "shareable");
        else if (g_strcmp0 (value, "rw") != 0)
            return _vireo_opt_error (error, _("Unknown “perms” value “%s”: use ro, sh or rw."),
                                     value ? value : "");
        return TRUE;
    }
    if (g_str_equal (key, "boot.order"))
        return reorder_boot (domain, disk, value, error);
    return TRUE;
}

/* -------------------------------------------------------------- interface */

static gboolean
valid_mac (const char *mac)
{
    g_auto(GStrv) bytes = g_strsplit (mac, ":", -1);
    gboolean ok = g_strv_length (bytes) == 6;

    for (guint i = 0; ok && bytes[i]; i++)
        ok = strlen (bytes[i]) == 2 && g_ascii_isxdigit (bytes[i][0]) &&
             g_ascii_isxdigit (bytes[i][1]);
    return ok;
}

static const char *
source_attr_for_type (const char *type)
{
    if (g_strcmp0 (type, "network") == 0)
        return "network";
    if (g_strcmp0 (type, "bridge") == 0)
        return "bridge";
    if (g_strcmp0 (type, "direct") == 0)
        return "dev";
    return NULL;
}

/* An interface's source as --network source= names it. */
char *
_vireo_opt_interface_source (xmlNode *iface)
{
    g_autofree char *type = _vireo_opt_get_attr (iface, "type");
    xmlNode *source = _vireo_opt_child (iface, "source");
    const char *attr = source_attr_for_type (type);

    if (attr)
        return _vireo_opt_get_attr (source, attr);
    if (g_strcmp0 (type, "user") == 0 || g_strcmp0 (type, "ethernet") == 0)
        return NULL;
    {
        char *v = _vireo_opt_get_attr (source, "network");
        if (v == NULL)
            v = _vireo_opt_get_attr (source, "bridge");
        if (v == NULL)
            v = _vireo_opt_get_attr (source, "dev");
        return v;
    }
}

static void
interface_set_source (xmlNode *iface, const char *value)
{
    g_autofree char *type = _vireo_opt_get_attr (iface, "type");
    xmlNode *source = _vireo_opt_child (iface, "source");
    const char *attr = source_attr_for_type (type);

    if (source) {
        xmlUnsetProp (source, BAD_CAST "network");
        xmlUnsetProp (source, BAD_CAST "bridge");
        xmlUnsetProp (source, BAD_CAST "dev");
    }
    if (attr && value && *value) {
        if (source == NULL)
            source = xmlNewChild (iface, NULL, BAD_CAST "source", NULL);
        xmlSetProp (source, BAD_CAST attr, BAD_CAST value);
    }
    if (source && source->properties == NULL && source->children == NULL) {
        xmlUnlinkNode (source);
        xmlFreeNode (source);
    }
}

static gboolean
is_embedded_uri (const char *uri)
{
    return uri && g_str_has_prefix (uri, "qemu:///embed");
}

static gboolean
apply_interface (const VireoDomainOptionContext *ctx, xmlNode *domain, xmlNode *iface,
                 const char *key, const char *value, GError **error)
{
    if (g_str_equal (key, "type")) {
        if (g_strcmp0 (value, "default") == 0) {
            /* The default network where there is one; user-mode networking
             * for session and embedded connections. */
            if (ctx && ctx->uri && (is_embedded_uri (ctx->uri) ||
                                    g_str_has_suffix (ctx->uri, "/session"))) {
                xmlSetProp (iface, BAD_CAST "type", BAD_CAST "user");
            } else {
                xmlSetProp (iface, BAD_CAST "type", BAD_CAST "network");
                interface_set_source (iface, "default");
            }
            return TRUE;
        }
        _vireo_opt_set_or_unset (iface, "type", value);
        return TRUE;
    }
    if (g_str_equal (key, "source")) {
        interface_set_source (iface, value);
        return TRUE;
    }
    if (g_str_equal (key, "mac.address")) {
        xmlNode *mac;

        if (value == NULL || *value == '\0' || g_str_equal (value, "RANDOM"))
            return TRUE;
        if (!valid_mac (value))
            return _vireo_opt_error (error, _("“%s” is not a MAC address."), value);
        mac = _vireo_opt_ensure_child (iface, "mac");
        xmlSetProp (mac, BAD_CAST "address", BAD_CAST value);
        return TRUE;
    }
    if (g_str_equal (key, "link.state")) {
        const char *state = value;
        gboolean on;

        if (value && *value && !g_str_equal (value, "up") && !g_str_equal (value, "down")) {
            if (!vireo_domain_option_parse_bool ("link.state", value, &on, NULL))
                return _vireo_opt_error (error, _("Unknown “link.state” value “%s”: use up "
                                                  "or down."), value);
            state = on ? "up" : "down";
        }
        if (state && *state) {
            xmlSetProp (_vireo_opt_ensure_child (iface, "link"), BAD_CAST "state",
                        BAD_CAST state);
        } else {
            xmlNode *link = _vireo_opt_child (iface, "link");
            if (link)
                vireo_domain_option_prune (link, iface);
        }
        return TRUE;
    }
    if (g_str_equal (key, "boot.order"))
        return reorder_boot (domain, iface, value, error);
    return TRUE;
}

/* --------------------------------------------------------------- graphics */

static void
graphics_fix_autoport (xmlNode *gfx)
{
    g_autofree char *type = _vireo_opt_get_attr (gfx, "type");
    g_autofree char *port = _vireo_opt_get_attr (gfx, "port");
    g_autofree char *tls = _vireo_opt_get_attr (gfx, "tlsPort");

    if (g_strcmp0 (type, "spice") == 0 && g_strcmp0 (port, "-1") == 0 &&
        g_strcmp0 (tls, "-1") == 0)
        xmlSetProp (gfx, BAD_CAST "autoport", BAD_CAST "yes");
    else
        xmlUnsetProp (gfx, BAD_CAST "autoport");
}

static gboolean
apply_graphics (const VireoDomainOptionContext *ctx, xmlNode *domain, xmlNode *gfx,
                const char *key, const char *value, GError **error)
{
    if (g_str_equal (key, "type")) {
        if (g_strcmp0 (value, "default") != 0)
            _vireo_opt_set_or_unset (gfx, "type", value);
        return TRUE;
    }
    if (g_str_equal (key, "port") || g_str_equal (key, "tlsPort")) {
        gint64 port;

        if (value && *value &&
            (!g_ascii_string_to_signed (value, 10, -1, 65535, &port, NULL) ||
             (port >= 0 && port < 5900 && !g_str_equal (value, "0"))))
            return _vireo_opt_error (error, _("“%s” is not a valid graphics port: use -1 "
                                              "for any, or 5900 and above."), value);
        _vireo_opt_set_or_unset (gfx, key, value);
        graphics_fix_autoport (gfx);
        return TRUE;
    }
    if (g_str_equal (key, "listen")) {
        _vireo_opt_remove_children (gfx, "listen");
        if (g_strcmp0 (value, "none") == 0) {
            static const char * const attrs[] = {
                "listen", "port", "tlsPort", "autoport", "socket"
            };
            for (guint i = 0; i < G_N_ELEMENTS (attrs); i++)
                xmlUnsetProp (gfx, BAD_CAST attrs[i]);
            xmlSetProp (xmlNewChild (gfx, NULL, BAD_CAST "listen", NULL), BAD_CAST "type",
                        BAD_CAST "none");
        } else if (g_strcmp0 (value, "socket") == 0) {
            xmlSetProp (xmlNewChild (gfx, NULL, BAD_CAST "listen", NULL), BAD_CAST "type",
                        BAD_CAST "socket");
        } else {
            _vireo_opt_set_or_unset (gfx, "listen", value);
        }
        return TRUE;
    }
    if (g_str_equal (key, "keymap")) {
        if (value && (g_ascii_strcasecmp (value, "local") == 0 ||
                      g_ascii_strcasecmp (value, "none") == 0))
            value = NULL;
        _vireo_opt_set_or_unset (gfx, "keymap", value);
        return TRUE;
    }
    return TRUE;
}

/* ------------------------------------------------- character devices etc. */

static gboolean
apply_char (const VireoDomainOptionContext *ctx, xmlNode *domain, xmlNode *node,
            const char *key, const char *value, GError **error)
{
    if (g_str_equal (key, "source.host") || g_str_equal (key, "host") ||
        g_str_equal (key, "server")) {
        xmlNode *source = _vireo_opt_ensure_child (node, "source");

        if (g_str_equal (key, "host")) {
            /* The old host= binds when the source binds, else connects. */
            g_autofree char *mode = _vireo_opt_get_attr (source, "mode");

            if (mode == NULL)
                xmlSetProp (source, BAD_CAST "mode",
                            BAD_CAST "connect");
        }
        set_host_port (source, "host", "service", value);
        return TRUE;
    }
    if (g_str_equal (key, "target.address")) {
        set_host_port (_vireo_opt_ensure_child (node, "target"), "address", "port", value);
        return TRUE;
    }
    return TRUE;
}

/* ------------------------------------------------------------ controller */

static gboolean
apply_controller (xmlNode *node, const char *key, const char *value, GError **error)
{
    unsigned int d = 0, b = 0, s = 0, f = 0;
    xmlNode *addr;
    char buf[16];

    if (!g_str_equal (key, "address"))
        return TRUE;
    if (value == NULL ||
        !(sscanf (value, "%x:%x:%x.%x", &d, &b, &s, &f) == 4 ||
          (d = 0, sscanf (value, "%x:%x.%x", &b, &s, &f) == 3)))
        return _vireo_opt_error (error, _("“%s” is not a PCI address "
                                          "([domain:]bus:slot.function)."),
                                 value ? value : "");
    addr = _vireo_opt_ensure_child (node, "address");
    xmlSetProp (addr, BAD_CAST "type", BAD_CAST "pci");
    g_snprintf (buf, sizeof buf, "%u", d);
    xmlSetProp (addr, BAD_CAST "domain", BAD_CAST buf);
    g_snprintf (buf, sizeof buf, "%u", b);
    xmlSetProp (addr, BAD_CAST "bus", BAD_CAST buf);
    g_snprintf (buf, sizeof buf, "%u", s);
    xmlSetProp (addr, BAD_CAST "slot", BAD_CAST buf);
    g_snprintf (buf, sizeof buf, "%u", f);
    xmlSetProp (addr, BAD_CAST "function", BAD_CAST buf);
    return TRUE;
}

/* ---------------------------------------------------------------- hostdev */

/* A host device name as virt-install reads it: "vendor:product" (USB),
 * "bus.device" (USB) or "[domain:]bus:slot.function" (PCI). */
typedef struct {
    const char *type;
    unsigned int a, b, c, d;    /* vendor/product, bus/device, domain/bus/slot/function */
} HostdevName;

static gboolean
parse_hostdev_name (const char *name, HostdevName *out)
{
    int colons = 0;

    for (const char *p = name; *p; p++)
        colons += *p == ':';
    memset (out, 0, sizeof *out);
    if ((colons == 1 || colons == 2) && strchr (name, '.')) {
        out->type = "pci";
        if (colons == 2)
            return sscanf (name, "%x:%x:%x.%x", &out->a, &out->b, &out->c, &out->d) == 4;
        return sscanf (name, "%x:%x.%x", &out->b, &out->c, &out->d) == 3;
    }
    if (colons == 1) {
        out->type = "usb-id";
        return sscanf (name, "%x:%x", &out->a, &out->b) == 2;
    }
    if (strchr (name, '.')) {
        out->type = "usb-address";
        return sscanf (name, "%u.%u", &out->a, &out->b) == 2;
    }
    return FALSE;
}

static guint
parse_uint_any (const char *s)
{
    return s ? (guint) g_ascii_strtoull (s, NULL, g_str_has_prefix (s, "0x") ? 16 : 10) : 0;
}

gboolean
_vireo_opt_hostdev_matches (xmlNode *hostdev, const char *name)
{
    HostdevName n;
    xmlNode *source = _vireo_opt_child (hostdev, "source");
    xmlNode *addr = _vireo_opt_child (source, "address");

    if (!parse_hostdev_name (name, &n))
        return FALSE;
    if (g_str_equal (n.type, "usb-id")) {
        g_autofree char *v = _vireo_opt_get_attr (_vireo_opt_child (source, "vendor"), "id");
        g_autofree char *p = _vireo_opt_get_attr (_vireo_opt_child (source, "product"), "id");
        return v && p && parse_uint_any (v) == n.a && parse_uint_any (p) == n.b;
    }
    if (g_str_equal (n.type, "usb-address")) {
        g_autofree char *bus = _vireo_opt_get_attr (addr, "bus");
        g_autofree char *dev = _vireo_opt_get_attr (addr, "device");
        return bus && dev && parse_uint_any (bus) == n.a && parse_uint_any (dev) == n.b;
    }
    {
        g_autofree char *dom = _vireo_opt_get_attr (addr, "domain");
        g_autofree char *bus = _vireo_opt_get_attr (addr, "bus");
        g_autofree char *slot = _vireo_opt_get_attr (addr, "slot");
        g_autofree char *fn = _vireo_opt_get_attr (addr, "function");
        return bus && slot && fn && parse_uint_any (dom) == n.a && parse_uint_any (bus) == n.b &&
               parse_uint_any (slot) == n.c && parse_uint_any (fn) == n.d;
    }
}

void
vireo_host_device_info_free (VireoHostDeviceInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->type);
    g_free (info->domain);
    g_free (info->bus);
    g_free (info->slot);
    g_free (info->function);
    g_free (info->device);
    g_free (info->vendor);
    g_free (info->product);
    g_free (info);
}

/* The host device @name means (a node device name, vendor:product,
 * bus.device or a PCI address); NULL when none is, *@count the number of
 * USB devices with its ids. */
static VireoHostDeviceInfo *
find_host_device (GPtrArray *devices, const char *name, guint *count)
{
    HostdevName n;
    VireoHostDeviceInfo *found = NULL;
    gboolean parsed = parse_hostdev_name (name, &n);

    for (guint i = 0; i < devices->len; i++) {
        VireoHostDeviceInfo *d = devices->pdata[i];
        gboolean hit = g_strcmp0 (d->name, name) == 0;

        if (!hit && parsed && g_str_equal (n.type, "pci") && g_strcmp0 (d->type, "pci") == 0)
            hit = parse_uint_any (d->domain) == n.a && parse_uint_any (d->bus) == n.b &&
                  parse_uint_any (d->slot) == n.c && parse_uint_any (d->function) == n.d;
        else if (!hit && parsed && g_str_equal (n.type, "usb-id") &&
                 g_strcmp0 (d->type, "usb") == 0)
            hit = parse_uint_any (d->vendor) == n.a && parse_uint_any (d->product) == n.b;
        else if (!hit && parsed && g_str_equal (n.type, "usb-address") &&
                 g_strcmp0 (d->type, "usb") == 0)
            hit = parse_uint_any (d->bus) == n.a && parse_uint_any (d->device) == n.b;
        if (hit && found == NULL)
            found = d;
    }
    *count = 0;
    for (guint i = 0; found && g_str_equal (found->type, "usb") && i < devices->len; i++) {
        VireoHostDeviceInfo *d = devices->pdata[i];

        if (g_strcmp0 (d->type, "usb") == 0 && g_strcmp0 (d->vendor, found->vendor) == 0 &&
            g_strcmp0 (d->product, found->product) == 0)
            (*count)++;
    }
    return found;
}

static gboolean
apply_hostdev (const VireoDomainOptionContext *ctx, xmlNode *domain, xmlNode *node,
               const char *key, const char *value, GError **error)
{
    HostdevName n;
    xmlNode *source, *addr;
    g_autofree char *type = NULL;
    char buf[16];

    if (g_str_equal (key, "boot.order"))
        return reorder_boot (domain, node, value, error);
    if (!g_str_equal (key, "name"))
        return TRUE;
    type = _vireo_opt_get_attr (node, "type");
    if (g_strcmp0 (type, "net") == 0 || g_strcmp0 (type, "misc") == 0 ||
        g_strcmp0 (type, "storage") == 0) {
        const char *child = g_str_equal (type, "net") ? "interface"
                          : g_str_equal (type, "misc") ? "char" : "block";
        xmlSetProp (node, BAD_CAST "mode", BAD_CAST "capabilities");
        source = _vireo_opt_ensure_child (node, "source");
        _vireo_opt_set_text (_vireo_opt_ensure_child (source, child), value);
        return TRUE;
    }
    if (ctx && ctx->host_devices && value) {
        guint count = 0;
        VireoHostDeviceInfo *d = find_host_device (ctx->host_devices, value, &count);

        if (d == NULL)
            return _vireo_opt_error (error, _("The host has no device “%s”."), value);
        _vireo_opt_remove_children (node, "source");
        source = xmlNewChild (node, NULL, BAD_CAST "source", NULL);
        xmlSetProp (node, BAD_CAST "type", BAD_CAST d->type);
        if (g_str_equal (d->type, "pci")) {
            addr = xmlNewChild (source, NULL, BAD_CAST "address", NULL);
            xmlSetProp (addr, BAD_CAST "domain", BAD_CAST d->domain);
            xmlSetProp (addr, BAD_CAST "bus", BAD_CAST d->bus);
            xmlSetProp (addr, BAD_CAST "slot", BAD_CAST d->slot);
            xmlSetProp (addr, BAD_CAST "function", BAD_CAST d->function);
        } else {
            xmlSetProp (xmlNewChild (source, NULL, BAD_CAST "vendor", NULL), BAD_CAST "id",
                        BAD_CAST d->vendor);
            xmlSetProp (xmlNewChild (source, NULL, BAD_CAST "product", NULL), BAD_CAST "id",
                        BAD_CAST d->product);
            /* Two devices with the same ids: the address says which. */
            if (count > 1) {
                addr = xmlNewChild (source, NULL, BAD_CAST "address", NULL);
                xmlSetProp (addr, BAD_CAST "bus", BAD_CAST d->bus);
                xmlSetProp (addr, BAD_CAST "device", BAD_CAST d->device);
            }
        }
        return TRUE;
    }
    if (value == NULL || !parse_hostdev_name (value, &n))
        return _vireo_opt_error (error, _("“%s” does not name a host device: use "
                                          "vendor:product or bus.device for USB, "
                                          "[domain:]bus:slot.function for PCI."),
                                 value ? value : "");
    _vireo_opt_remove_children (node, "source");
    source = xmlNewChild (node, NULL, BAD_CAST "source", NULL);
    if (g_str_equal (n.type, "pci")) {
        xmlSetProp (node, BAD_CAST "type", BAD_CAST "pci");
        addr = xmlNewChild (source, NULL, BAD_CAST "address", NULL);
        g_snprintf (buf, sizeof buf, "0x%04x", n.a);
        xmlSetProp (addr, BAD_CAST "domain", BAD_CAST buf);
        g_snprintf (buf, sizeof buf, "0x%02x", n.b);
        xmlSetProp (addr, BAD_CAST "bus", BAD_CAST buf);
        g_snprintf (buf, sizeof buf, "0x%02x", n.c);
        xmlSetProp (addr, BAD_CAST "slot", BAD_CAST buf);
        g_snprintf (buf, sizeof buf, "0x%x", n.d);
        xmlSetProp (addr, BAD_CAST "function", BAD_CAST buf);
    } else if (g_str_equal (n.type, "usb-id")) {
        xmlSetProp (node, BAD_CAST "type", BAD_CAST "usb");
        g_snprintf (buf, sizeof buf, "0x%04x", n.a);
        xmlSetProp (xmlNewChild (source, NULL, BAD_CAST "vendor", NULL), BAD_CAST "id",
                    BAD_CAST buf);
        g_snprintf (buf, sizeof buf, "0x%04x", n.b);
        xmlSetProp (xmlNewChild (source, NULL, BAD_CAST "product", NULL), BAD_CAST "id",
                    BAD_CAST buf);
    } else {
        xmlSetProp (node, BAD_CAST "type", BAD_CAST "usb");
        addr = xmlNewChild (source, NULL, BAD_CAST "address", NULL);
        g_snprintf (buf, sizeof buf, "%u", n.a);
        xmlSetProp (addr, BAD_CAST "bus", BAD_CAST buf);
        g_snprintf (buf, sizeof buf, "%u", n.b);
        xmlSetProp (addr, BAD_CAST "device", BAD_CAST buf);
    }
    return TRUE;
}

/* ------------------------------------------------------------- filesystem */

static const char *
filesystem_source_attr (xmlNode *fs)
{
    g_autofree char *type = _vireo_opt_get_attr (fs, "type");

    if (g_strcmp0 (type, "template") == 0)
        return "name";
    if (g_strcmp0 (type, "file") == 0)
        return "file";
    if (g_strcmp0 (type, "block") == 0)
        return "dev";
    if (g_strcmp0 (type, "ram") == 0)
        return "usage";
    return "dir";
}

char *
_vireo_opt_filesystem_source (xmlNode *fs)
{
    return _vireo_opt_get_attr (_vireo_opt_child (fs, "source"), filesystem_source_attr (fs));
}

static gboolean
apply_filesystem (xmlNode *fs, const char *key, const char *value)
{
    if (g_str_equal (key, "source")) {
        _vireo_opt_set_or_unset (_vireo_opt_ensure_child (fs, "source"),
                                 filesystem_source_attr (fs), value);
        return TRUE;
    }
    if (g_str_equal (key, "target")) {
        _vireo_opt_set_or_unset (_vireo_opt_ensure_child (fs, "target"), "dir", value);
        return TRUE;
    }
    return TRUE;
}

/* ------------------------------------------------------------- sections */

static void
set_libosinfo_id (xmlNode *domain, const char *id)
{
    xmlNode *metadata = _vireo_opt_ensure_child (domain, "metadata");
    xmlNode *lo = NULL;
    xmlNs *ns;

    for (xmlNode *c = metadata->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && c->ns &&
            xmlStrEqual (c->ns->href, BAD_CAST LIBOSINFO_NS) &&
            xmlStrEqual (c->name, BAD_CAST "libosinfo"))
            lo = c;
    }
    if (lo == NULL) {
        lo = xmlNewChild (metadata, NULL, BAD_CAST "libosinfo", NULL);
        ns = xmlNewNs (lo, BAD_CAST LIBOSINFO_NS, BAD_CAST "libosinfo");
        xmlSetNs (lo, ns);
    }
    ns = lo->ns;
    _vireo_opt_remove_children (lo, "os");
    xmlSetProp (xmlNewChild (lo, ns, BAD_CAST "os", NULL), BAD_CAST "id", BAD_CAST id);
}

/* The OS id in a domain's libosinfo metadata, or NULL. */
char *
_vireo_opt_libosinfo_id (xmlNode *domain)
{
    xmlNode *metadata = _vireo_opt_child (domain, "metadata");

    for (xmlNode *c = metadata ? metadata->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c->ns == NULL ||
            !xmlStrEqual (c->ns->href, BAD_CAST LIBOSINFO_NS))
            continue;
        for (xmlNode *os = c->children; os; os = os->next) {
            if (os->type == XML_ELEMENT_NODE && xmlStrEqual (os->name, BAD_CAST "os"))
                return _vireo_opt_get_attr (os, "id");
        }
    }
    return NULL;
}

static gboolean
apply_metadata (xmlNode *domain, const char *key, const char *value, GError **error)
{
    if (g_str_equal (key, "name")) {
        if (value == NULL || *value == '\0')
            return _vireo_opt_error (error, _("A VM's name cannot be empty."));
        _vireo_opt_set_text (_vireo_opt_ensure_child (domain, "name"), value);
        return TRUE;
    }
    if (g_str_equal (key, "os_name") || g_str_equal (key, "os_full_id")) {
        g_autoptr(OsinfoOs) os = NULL;

        if (value == NULL || *value == '\0')
            return _vireo_opt_error (error, _("“%s” needs an OS name."), key);
        os = vireo_osinfo_find (value, error);
        if (os == NULL)
            return FALSE;
        set_libosinfo_id (domain, osinfo_entity_get_id (OSINFO_ENTITY (os)));
        return TRUE;
    }
    return TRUE;
}

static void
remove_cpu_features (xmlNode *cpu)
{
    _vireo_opt_remove_children (cpu, "feature");
}

static gboolean
apply_cpu (const VireoDomainOptionContext *ctx, xmlNode *domain, xmlNode *cpu,
           const char *key, const char *value, GError **error)
{
    static const char * const policies[] = {
        "force", "require", "optional", "disable", "forbid", NULL
    };

    if (g_strv_contains (policies, key)) {
        xmlNode *found = NULL;

        if (value == NULL || *value == '\0')
            return _vireo_opt_error (error, _("The CPU feature policy “%s” needs a feature "
                                              "name."), key);
        for (xmlNode *c = cpu->children; c && !found; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "feature") &&
                _vireo_opt_attr_is (c, "name", value))
                found = c;
        }
        if (found == NULL) {
            found = xmlNewChild (cpu, NULL, BAD_CAST "feature", NULL);
            xmlSetProp (found, BAD_CAST "policy", BAD_CAST key);
            xmlSetProp (found, BAD_CAST "name", BAD_CAST value);
        } else {
            xmlSetProp (found, BAD_CAST "policy", BAD_CAST key);
        }
        return TRUE;
    }
    if (g_str_equal (key, "model")) {
        const char *model = value;

        if (g_strcmp0 (model, "host") == 0)
            model = "host-model";
        if (model == NULL || *model == '\0' || g_str_equal (model, "none") ||
            g_str_equal (model, "clear") || g_str_equal (model, "hv-default")) {
            /* Everything goes: the hypervisor's default CPU. */
            while (cpu->children) {
                xmlNode *c = cpu->children;
                xmlUnlinkNode (c);
                xmlFreeNode (c);
            }
            while (cpu->properties)
                xmlRemoveProp (cpu->properties);
            return TRUE;
        }
        if (g_str_equal (model, "host-model") || g_str_equal (model, "host-passthrough") ||
            g_str_equal (model, "maximum")) {
            static const char * const attrs[] = { "match", "migratable", "check" };

            _vireo_opt_remove_children (cpu, "model");
            _vireo_opt_remove_children (cpu, "vendor");
            remove_cpu_features (cpu);
            for (guint i = 0; i < G_N_ELEMENTS (attrs); i++)
                if (i != 0)
                    xmlUnsetProp (cpu, BAD_CAST attrs[i]);
            xmlSetProp (cpu, BAD_CAST "mode", BAD_CAST model);
            return TRUE;
        }
        if (g_str_equal (model, "host-model-only") || g_str_equal (model, "host-copy")) {
            g_autofree char *host_model = NULL;

            if (ctx && ctx->caps) {
                xmlNode *root = xmlDocGetRootElement (ctx->caps);
                xmlNode *hostcpu = _vireo_opt_child (_vireo_opt_child (root, "host"), "cpu");
                host_model = _vireo_opt_get_text (_vireo_opt_child (hostcpu, "model"));
            }
            if (host_model == NULL)
                return _vireo_opt_error (error, _("The host does not name its CPU model, so "
                                                  "“%s” cannot copy it."), model);
            model = host_model;
            while (cpu->children) {
                xmlNode *c = cpu->children;
                xmlUnlinkNode (c);
                xmlFreeNode (c);
            }
            while (cpu->properties)
                xmlRemoveProp (cpu->properties);
            return apply_cpu (ctx, domain, cpu, "model", host_model, error);
        }
        /* A named model: on QEMU, one the domain capabilities offer. */
        if (_vireo_opt_is_qemu (ctx) && ctx->domcaps &&
            _vireo_opt_xpath_count (ctx->domcaps,
                                    "/domainCapabilities/cpu/mode[@name='custom']/model") > 0) {
            g_autofree char *expr = g_strdup_printf (
                "/domainCapabilities/cpu/mode[@name='custom']/model[text()='%s']", model);

            if (strchr (model, '\'') || _vireo_opt_xpath_count (ctx->domcaps, expr) == 0)
                return _vireo_opt_error (error, _("The hypervisor offers no CPU model “%s” "
                                                  "(see virsh domcapabilities)."), model);
        }
        xmlUnsetProp (cpu, BAD_CAST "migratable");
        xmlSetProp (cpu, BAD_CAST "mode", BAD_CAST "custom");
        if (!_vireo_opt_get_attr (cpu, "match"))
            xmlSetProp (cpu, BAD_CAST "match", BAD_CAST "exact");
        {
            xmlNode *m = _vireo_opt_child (cpu, "model");

            if (m == NULL) {
                /* <model> comes first among the children. */
                m = xmlNewNode (NULL, BAD_CAST "model");
                if (cpu->children)
                    xmlAddPrevSibling (cpu->children, m);
                else
                    xmlAddChild (cpu, m);
            }
            _vireo_opt_set_text (m, model);
        }
        return TRUE;
    }
    return TRUE;
}

static gboolean
apply_vcpus (xmlNode *domain, const char *key, const char *value)
{
    if (g_str_equal (key, "vcpu.cpuset")) {
        xmlNode *vcpu = _vireo_opt_ensure_child (domain, "vcpu");

        if (g_strcmp0 (value, "auto") == 0)
            xmlSetProp (vcpu, BAD_CAST "placement", BAD_CAST "auto");
        else
            _vireo_opt_set_or_unset (vcpu, "cpuset", value);
    }
    return TRUE;
}

static gboolean
apply_boot (const VireoDomainOptionContext *ctx, xmlNode *domain, xmlNode *os,
            const char *key, const char *value, GError **error)
{
    if (g_str_equal (key, "domain_type")) {
        _vireo_opt_set_or_unset (domain, "type", value);
        return TRUE;
    }
    if (g_str_equal (key, "emulator")) {
        xmlNode *devices = _vireo_opt_devices (domain);
        xmlNode *emu = _vireo_opt_child (devices, "emulator");

        if (value && *value) {
            if (emu == NULL) {
                emu = xmlNewNode (NULL, BAD_CAST "emulator");
                if (devices->children)
                    xmlAddPrevSibling (devices->children, emu);
                else
                    xmlAddChild (devices, emu);
            }
            _vireo_opt_set_text (emu, value);
        } else if (emu) {
            xmlUnlinkNode (emu);
            xmlFreeNode (emu);
        }
        return TRUE;
    }
    if (g_str_equal (key, "bootloader") || g_str_equal (key, "bootloader_args")) {
        xmlNode *node = _vireo_opt_ensure_child (domain, key);
        _vireo_opt_set_text (node, value);
        return TRUE;
    }
    if (g_str_equal (key, "initargs")) {
        g_auto(GStrv) args = NULL;

        _vireo_opt_remove_children (os, "initarg");
        if (value && !g_shell_parse_argv (value, NULL, &args, NULL))
            args = g_strsplit (value, " ", -1);
        for (guint i = 0; args && args[i]; i++)
            _vireo_opt_set_text (xmlNewChild (os, NULL, BAD_CAST "initarg", NULL), args[i]);
        return TRUE;
    }
    if (g_str_equal (key, "uefi"))
        return vireo_domain_option_enable_uefi (ctx, domain, os, FALSE, error);
    return TRUE;
}

/* ------------------------------------------------------------- public API */

gboolean
vireo_domain_option_apply (const VireoDomainOption       *option,
                           const VireoDomainOptionContext *context,
                           xmlNode                       *domain,
                           xmlNode                       *node,
                           const char                    *key,
                           const char                    *value,
                           GError                       **error)
{
    const char *name;

    g_return_val_if_fail (option != NULL && domain != NULL && node != NULL, FALSE);
    g_return_val_if_fail (key != NULL, FALSE);

    if (vireo_domain_option_is_plain (option, key))
        return vireo_domain_option_set (option, node, key, value, error);

    name = option->name;
    if (g_str_equal (name, "disk"))
        return apply_disk (context, domain, node, key, value, error);
    if (g_str_equal (name, "network"))
        return apply_interface (context, domain, node, key, value, error);
    if (g_str_equal (name, "graphics"))
        return apply_graphics (context, domain, node, key, value, error);
    if (g_str_equal (name, "serial") || g_str_equal (name, "parallel") ||
        g_str_equal (name, "console") || g_str_equal (name, "channel") ||
        g_str_equal (name, "smartcard") || g_str_equal (name, "redirdev"))
        return apply_char (context, domain, node, key, value, error);
    if (g_str_equal (name, "controller"))
        return apply_controller (node, key, value, error);
    if (g_str_equal (name, "hostdev"))
        return apply_hostdev (context, domain, node, key, value, error);
    if (g_str_equal (name, "filesystem"))
        return apply_filesystem (node, key, value);
    if (g_str_equal (name, "metadata"))
        return apply_metadata (domain, key, value, error);
    if (g_str_equal (name, "cpu"))
        return apply_cpu (context, domain, node, key, value, error);
    if (g_str_equal (name, "vcpus"))
        return apply_vcpus (domain, key, value);
    if (g_str_equal (name, "boot"))
        return apply_boot (context, domain, node, key, value, error);
    if (g_str_equal (name, "redirdev") && g_str_equal (key, "boot.order"))
        return reorder_boot (domain, node, value, error);
    return TRUE;
}

gboolean
vireo_domain_option_matches (const VireoDomainOption       *option,
                             const VireoDomainOptionContext *context,
                             xmlNode                       *node,
                             const char                    *key,
                             const char                    *value,
                             gboolean                      *matches,
                             GError                       **error)
{
    g_autofree char *have = NULL;
    g_autofree char *want = NULL;
    const char *name;

    g_return_val_if_fail (option != NULL && node != NULL && key != NULL, FALSE);

    name = option->name;
    if (g_str_equal (name, "disk") && g_str_equal (key, "path")) {
        have = vireo_domain_option_disk_path (node);
        *matches = g_strcmp0 (have, value && *value ? value : NULL) == 0;
        return TRUE;
    }
    if (g_str_equal (name, "hostdev") && g_str_equal (key, "name")) {
        if (context && context->host_devices && value) {
            guint count = 0;
            VireoHostDeviceInfo *d = find_host_device (context->host_devices, value, &count);
            g_autofree char *as_name = NULL;

            if (d == NULL)
                return _vireo_opt_error (error, _("The host has no device “%s”."), value);
            as_name = g_str_equal (d->type, "pci")
                      ? g_strdup_printf ("%x:%x:%x.%x", parse_uint_any (d->domain),
                                         parse_uint_any (d->bus), parse_uint_any (d->slot),
                                         parse_uint_any (d->function))
                      : g_strdup_printf ("%x:%x", parse_uint_any (d->vendor),
                                         parse_uint_any (d->product));
            *matches = _vireo_opt_hostdev_matches (node, as_name);
            return TRUE;
        }
        *matches = value && _vireo_opt_hostdev_matches (node, value);
        return TRUE;
    }
    if (g_str_equal (name, "network") && g_str_equal (key, "source")) {
        have = _vireo_opt_interface_source (node);
        *matches = g_strcmp0 (have, value) == 0;
        return TRUE;
    }
    if (g_str_equal (name, "network") && g_str_equal (key, "mac.address")) {
        have = vireo_domain_option_dup_value (option, node, key);
        *matches = have && value && g_ascii_strcasecmp (have, value) == 0;
        return TRUE;
    }
    if (g_str_equal (name, "filesystem") &&
        (g_str_equal (key, "source") || g_str_equal (key, "target"))) {
        have = g_str_equal (key, "source")
               ? _vireo_opt_filesystem_source (node)
               : _vireo_opt_get_attr (_vireo_opt_child (node, "target"), "dir");
        *matches = g_strcmp0 (have, value) == 0;
        return TRUE;
    }
    if (g_str_equal (key, "clearxml") || g_str_has_prefix (key, "xpath")) {
        *matches = TRUE;
        return TRUE;
    }
    {
        int dummy[4];
        guint n = 0;
        const Subopt *s = _vireo_domain_option_find_sub (option, key, dummy, &n);

        if (s == NULL || s->path == NULL)
            return _vireo_opt_error (error, _("Devices cannot be chosen by --%s %s=."),
                                     name, key);
    }
    if (value && *value) {
        want = vireo_domain_option_normalize (option, key, value, error);
        if (want == NULL)
            return FALSE;
    }
    have = vireo_domain_option_dup_value (option, node, key);
    *matches = g_strcmp0 (have, want) == 0;
    return TRUE;
}
