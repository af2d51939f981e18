/* vireo-domain-options-defaults.c: what a new device gets when not told
 *
 * The same choices as virt-install's for a device added to an existing VM:
 * the disk's driver, bus and first free target after the used ones, a fresh
 * MAC address, the interface, video and sound models the guest OS supports,
 * ports for a display, and so on.  On QEMU a SCSI disk without a SCSI
 * controller gets a virtio-scsi one, and a USB device without a USB
 * controller a qemu-xhci one (libvirt would otherwise pick older models).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-options-private.h"
#include "vireo-domain-options-util.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xpath.h>

#include "vireo-osinfo.h"
#include "vireo-vmm-autocleanups.h"

/* ---------------------------------------------------------------- helpers */

int
_vireo_opt_xpath_count (xmlDoc *doc, const char *expr)
{
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (doc == NULL)
        return 0;
    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    if (obj == NULL || obj->type != XPATH_NODESET || obj->nodesetval == NULL)
        return 0;
    return obj->nodesetval->nodeNr;
}

char *
_vireo_opt_xpath_string (xmlDoc *doc, const char *expr)
{
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;
    xmlChar *content;
    char *ret;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    if (obj == NULL || obj->type != XPATH_NODESET || obj->nodesetval == NULL ||
        obj->nodesetval->nodeNr == 0)
        return NULL;
    content = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);
    ret = content && *content ? g_strdup ((const char *) content) : NULL;
    xmlFree (content);
    return ret;
}

typedef struct {
    const VireoDomainOptionContext *ctx;
    xmlNode  *domain;
    char     *arch;
    char     *machine;
    gboolean  hvm;
} Guest;

static void
guest_init (Guest *g, const VireoDomainOptionContext *ctx, xmlNode *domain)
{
    xmlNode *type = _vireo_opt_child (_vireo_opt_child (domain, "os"), "type");
    g_autofree char *os_type = _vireo_opt_get_text (type);

    g->ctx = ctx;
    g->domain = domain;
    g->arch = _vireo_opt_get_attr (type, "arch");
    g->machine = _vireo_opt_get_attr (type, "machine");
    /* As virtinst: a domain without <os><type> (a blank one) is not HVM. */
    g->hvm = g_strcmp0 (os_type, "hvm") == 0;
}

static void
guest_clear (Guest *g)
{
    g_free (g->arch);
    g_free (g->machine);
}

static gboolean
guest_is_x86 (Guest *g)
{
    return g->arch == NULL || g_str_equal (g->arch, "x86_64") || g_str_equal (g->arch, "i686");
}

static gboolean
guest_is_q35 (Guest *g)
{
    return g->machine && (g_str_equal (g->machine, "q35") ||
                          g_str_has_prefix (g->machine, "pc-q35"));
}

/* virtio needs QEMU and an OS that has the driver (virt-install's rule). */
static gboolean
guest_virtio (Guest *g, const char *what)
{
    if (!_vireo_opt_is_qemu (g->ctx) || !g->hvm)
        return FALSE;
    if (g->arch && (g_str_equal (g->arch, "s390x") || g_str_has_prefix (g->arch, "riscv") ||
                    (g_str_equal (g->arch, "aarch64") && g_strcmp0 (g->machine, "virt") == 0)))
        return TRUE;
    return g->ctx->os && vireo_osinfo_supports (g->ctx->os, what);
}

static guint
count_devices (xmlNode *domain, const char *element, const char *attr, const char *value)
{
    xmlNode *devices = _vireo_opt_child (domain, "devices");
    guint n = 0;

    for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual (c->name, BAD_CAST element))
            continue;
        if (attr == NULL || _vireo_opt_attr_is (c, attr, value))
            n++;
    }
    return n;
}

static void
set_if_missing (xmlNode *node, const char *name, const char *value)
{
    xmlChar *have = xmlGetProp (node, BAD_CAST name);

    if (have == NULL && value)
        xmlSetProp (node, BAD_CAST name, BAD_CAST value);
    xmlFree (have);
}

/* A controller of @type (and @model) added at the end of <devices>, for
 * libvirt to give an index. */
static void
add_controller (xmlNode *domain, const char *type, const char *model, const char *ports)
{
    xmlNode *c = xmlNewChild (_vireo_opt_devices (domain), NULL, BAD_CAST "controller", NULL);

    xmlSetProp (c, BAD_CAST "type", BAD_CAST type);
    if (model)
        xmlSetProp (c, BAD_CAST "model", BAD_CAST model);
    if (ports)
        xmlSetProp (c, BAD_CAST "ports", BAD_CAST ports);
}

static void
ensure_usb_controller (Guest *g)
{
    if (!_vireo_opt_is_qemu (g->ctx) || count_devices (g->domain, "controller", "type", "usb"))
        return;
    add_controller (g->domain, "usb", "qemu-xhci", "15");
}

/* ------------------------------------------------------------------- disk */

static const char *
target_prefix (const char *bus, guint *max)
{
    *max = 1024;
    if (g_strcmp0 (bus, "virtio") == 0)
        return "vd";
    if (g_strcmp0 (bus, "fdc") == 0) {
        *max = 2;
        return "fd";
    }
    if (g_strcmp0 (bus, "ide") == 0) {
        *max = 4;
        return "hd";
    }
    if (g_strcmp0 (bus, "xen") == 0)
        return "xvd";
    if (g_strcmp0 (bus, "sd") == 0)
        return "mmcblk";
    return "sd";
}

static char *
target_name (const char *prefix, guint index)
{
    GString *suffix = g_string_new (NULL);
    guint n = index + 1;

    /* a..z, aa..zz, ... (bijective base 26) */
    while (n > 0) {
        n--;
        g_string_prepend_c (suffix, 'a' + (n % 26));
        n /= 26;
    }
    g_string_prepend (suffix, prefix);
    return g_string_free (suffix, FALSE);
}

/* The first free target after the last used one, else the first free gap
 * (virt-install's order: a new disk goes after the others). */
static char *
pick_target (Guest *g, xmlNode *self, const char *bus, GError **error)
{
    /* The running guest's disks count too: a disk it has only until it
     * shuts off still holds its target. */
    xmlNode *domains[] = { g->domain, g->ctx ? g->ctx->running : NULL };
    g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
    guint max = 0;
    const char *prefix = target_prefix (bus, &max);
    char *first_gap = NULL;

    for (guint d = 0; d < G_N_ELEMENTS (domains); d++) {
        xmlNode *devices = domains[d] ? _vireo_opt_child (domains[d], "devices") : NULL;

        for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
            char *dev;

            if (c == self || c->type != XML_ELEMENT_NODE ||
                !xmlStrEqual (c->name, BAD_CAST "disk"))
                continue;
            dev = _vireo_opt_get_attr (_vireo_opt_child (c, "target"), "dev");
            if (dev && g_str_has_prefix (dev, prefix) &&
                !g_ptr_array_find_with_equal_func (used, dev, g_str_equal, NULL))
                g_ptr_array_add (used, dev);
            else
                g_free (dev);
        }
    }
    for (guint i = 0; i < max; i++) {
        g_autofree char *name = target_name (prefix, i);
        guint idx;

        if (g_ptr_array_find_with_equal_func (used, name, g_str_equal, &idx)) {
            g_ptr_array_remove_index (used, idx);
            continue;
        }
        if (used->len == 0) {
            g_free (first_gap);
            return g_steal_pointer (&name);
        }
        if (first_gap == NULL)
            first_gap = g_steal_pointer (&name);
    }
    if (first_gap)
        return first_gap;
    _vireo_opt_error (error,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "There is no free disk target left on the “%s” bus (it takes "
                                   "%u disk).",
                                   "There is no free disk target left on the “%s” bus (it takes "
                                   "%u disks).", max),
                      bus, max);
    return NULL;
}

static const char *
default_disk_bus (Guest *g, const char *device)
{
    if (g_strcmp0 (device, "floppy") == 0)
        return "fdc";
    if (!g->hvm)
        return "ide";
    if (g_strcmp0 (device, "disk") == 0 && guest_virtio (g, "virtio-disk"))
        return "virtio";
    if (g_strcmp0 (device, "cdrom") == 0 && !guest_is_x86 (g) &&
        guest_virtio (g, "virtio-scsi"))
        return "scsi";
    if (g->arch && g_str_has_prefix (g->arch, "arm"))
        return "sd";
    if (guest_is_q35 (g))
        return "sata";
    return "ide";
}

/* The image format a local file holds, from its first bytes. */
static const char *
probe_format (const char *path)
{
    char magic[4] = { 0 };
    FILE *f = path ? fopen (path, "rb") : NULL;
    const char *format = "raw";

    if (f == NULL)
        return path && g_str_has_suffix (path, ".qcow2") ? "qcow2" : "raw";
    if (fread (magic, 1, 4, f) == 4 && memcmp (magic, "QFI\xfb", 4) == 0)
        format = "qcow2";
    fclose (f);
    return format;
}

static gboolean
defaults_disk (Guest *g, xmlNode *disk, GError **error)
{
    g_autofree char *device = _vireo_opt_get_attr (disk, "device");
    g_autofree char *type = NULL;
    g_autofree char *path = vireo_domain_option_disk_path (disk);
    xmlNode *target, *driver;
    g_autofree char *bus = NULL;
    g_autofree char *dev = NULL;

    if (device == NULL) {
        device = g_strdup ("disk");
        xmlSetProp (disk, BAD_CAST "device", BAD_CAST device);
    }
    type = _vireo_opt_get_attr (disk, "type");
    if (type == NULL) {
        xmlNode *source = _vireo_opt_child (disk, "source");

        if (source && xmlHasProp (source, BAD_CAST "pool"))
            type = g_strdup ("volume");
        else if (source && xmlHasProp (source, BAD_CAST "dir"))
            type = g_strdup ("dir");
        else if (source && xmlHasProp (source, BAD_CAST "dev"))
            type = g_strdup ("block");
        else
            type = g_strdup ("file");
        xmlSetProp (disk, BAD_CAST "type", BAD_CAST type);
    }

    driver = _vireo_opt_child (disk, "driver");
    if (path && _vireo_opt_is_qemu (g->ctx)) {
        if (driver == NULL)
            driver = _vireo_opt_ensure_child (disk, "driver");
        set_if_missing (driver, "name", "qemu");
        if (_vireo_opt_attr_is (driver, "name", "qemu") && !xmlHasProp (driver, BAD_CAST "type"))
            xmlSetProp (driver, BAD_CAST "type",
                        BAD_CAST (g_str_equal (device, "disk") && g_str_equal (type, "file") &&
                                  !_vireo_opt_is_remote (g->ctx)
                                  ? probe_format (path) : "raw"));
        if (g_str_equal (device, "disk") && g_str_equal (type, "block")) {
            set_if_missing (driver, "cache", "none");
            set_if_missing (driver, "io", "native");
            set_if_missing (driver, "discard", "unmap");
        }
    }

    target = _vireo_opt_ensure_child (disk, "target");
    bus = _vireo_opt_get_attr (target, "bus");
    if (bus == NULL) {
        bus = g_strdup (default_disk_bus (g, device));
        xmlSetProp (target, BAD_CAST "bus", BAD_CAST bus);
    }
    if (g_str_equal (device, "cdrom"))
        _vireo_opt_ensure_child (disk, "readonly");
    dev = _vireo_opt_get_attr (target, "dev");
    if (dev == NULL) {
        dev = pick_target (g, disk, bus, error);
        if (dev == NULL)
            return FALSE;
        xmlSetProp (target, BAD_CAST "dev", BAD_CAST dev);
    }
    /* As libvirt writes a disk: type before device, the driver first, the
     * target after the source. */
    {
        g_autofree char *dev_attr = _vireo_opt_get_attr (disk, "device");

        if (disk->properties && xmlStrEqual (disk->properties->name, BAD_CAST "device")) {
            xmlUnsetProp (disk, BAD_CAST "device");
            xmlSetProp (disk, BAD_CAST "device", BAD_CAST dev_attr);
        }
    }
    driver = _vireo_opt_child (disk, "driver");
    if (driver && driver != disk->children) {
        xmlUnlinkNode (driver);
        xmlAddPrevSibling (disk->children, driver);
    }
    /* The target comes after the source, as libvirt writes it. */
    if (target != disk->last) {
        xmlUnlinkNode (target);
        {
            xmlNode *after = _vireo_opt_child (disk, "source");
            if (after == NULL)
                after = _vireo_opt_child (disk, "driver");
            if (after)
                xmlAddNextSibling (after, target);
            else if (disk->children)
                xmlAddPrevSibling (disk->children, target);
            else
                xmlAddChild (disk, target);
        }
    }
    if (g_str_equal (bus, "scsi") && _vireo_opt_is_qemu (g->ctx) &&
        count_devices (g->domain, "controller", "type", "scsi") == 0)
        add_controller (g->domain, "scsi", "virtio-scsi", NULL);
    if (g_str_equal (bus, "usb"))
        ensure_usb_controller (g);
    return TRUE;
}

/* -------------------------------------------------------------- interface */

char *
vireo_domain_option_new_mac (const VireoDomainOptionContext *context,
                             xmlNode                        *domain)
{
    const char *prefix = _vireo_opt_is_qemu (context) ? "52:54:00" : "00:16:3e";
    GRand *rand = context ? context->rand : NULL;

    for (;;) {
        guint32 bytes[3];
        char *mac;
        gboolean used = FALSE;
        xmlNode *devices = domain ? _vireo_opt_child (domain, "devices") : NULL;

        for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
            bytes[i] = rand ? (guint32) g_rand_int_range (rand, 0, 256)
                            : (guint32) g_random_int_range (0, 256);
        mac = g_strdup_printf ("%s:%02x:%02x:%02x", prefix, bytes[0], bytes[1], bytes[2]);
        /* Another domain of the connection has it (virt-install's
         * check_mac_in_use). */
        if (context && context->used_macs && g_hash_table_contains (context->used_macs, mac))
            used = TRUE;

        for (xmlNode *c = devices ? devices->children : NULL; c && !used; c = c->next) {
            g_autofree char *have = NULL;

            if (c->type != XML_ELEMENT_NODE || !xmlStrEqual (c->name, BAD_CAST "interface"))
                continue;
            have = _vireo_opt_get_attr (_vireo_opt_child (c, "mac"), "address");
            used = have && g_ascii_strcasecmp (have, mac) == 0;
        }
        if (!used)
            return mac;
        g_free (mac);
    }
}

static const char *
default_net_model (Guest *g)
{
    static const char * const prefs[] = { "e1000", "rtl8139", "ne2k_pci", "pcnet" };

    if (!g->hvm)
        return NULL;
    if (guest_virtio (g, "virtio-net"))
        return "virtio";
    if (guest_is_q35 (g))
        return "e1000e";
    if (!guest_is_x86 (g))
        return NULL;
    for (guint i = 0; g->ctx->os && i < G_N_ELEMENTS (prefs); i++) {
        if (vireo_osinfo_has_device (g->ctx->os, "net", prefs[i]))
            return prefs[i];
    }
    return "e1000";
}

static gboolean
defaults_interface (Guest *g, xmlNode *iface, GError **error)
{
    xmlNode *mac = _vireo_opt_child (iface, "mac");
    xmlNode *model = _vireo_opt_child (iface, "model");

    if (!xmlHasProp (iface, BAD_CAST "type"))
        xmlSetProp (iface, BAD_CAST "type", BAD_CAST "bridge");
    if (mac == NULL || !xmlHasProp (mac, BAD_CAST "address")) {
        g_autofree char *address = vireo_domain_option_new_mac (g->ctx, g->domain);

        xmlSetProp (_vireo_opt_ensure_child (iface, "mac"), BAD_CAST "address",
                    BAD_CAST address);
    }
    if (model == NULL || !xmlHasProp (model, BAD_CAST "type")) {
        const char *m = default_net_model (g);

        if (m)
            xmlSetProp (_vireo_opt_ensure_child (iface, "model"), BAD_CAST "type", BAD_CAST m);
    }
    return TRUE;
}

/* --------------------------------------------------------------- graphics */

static gboolean
supports_spice (Guest *g)
{
    if (g->ctx->domcaps &&
        _vireo_opt_xpath_count (g->ctx->domcaps,
                                "/domainCapabilities/devices/graphics[@supported='yes']"))
        return _vireo_opt_xpath_count (
            g->ctx->domcaps, "/domainCapabilities/devices/graphics/enum[@name='type']"
                             "/value[text()='spice']") > 0;
    return (_vireo_opt_is_qemu (g->ctx) || _vireo_opt_is_test (g->ctx)) && guest_is_x86 (g);
}

static gboolean
defaults_graphics (Guest *g, xmlNode *gfx, GError **error)
{
    g_autofree char *type = _vireo_opt_get_attr (gfx, "type");
    gboolean listen_none = FALSE;

    if (type == NULL) {
        type = g_strdup (supports_spice (g) ? "spice" : "vnc");
        xmlSetProp (gfx, BAD_CAST "type", BAD_CAST type);
    }
    for (xmlNode *c = gfx->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "listen") &&
            (_vireo_opt_attr_is (c, "type", "none") || _vireo_opt_attr_is (c, "type", "socket")))
            listen_none = TRUE;
    }
    if ((g_str_equal (type, "vnc") || g_str_equal (type, "spice")) && !listen_none) {
        set_if_missing (gfx, "port", "-1");
        if (g_str_equal (type, "spice"))
            set_if_missing (gfx, "tlsPort", "-1");
        if (g_str_equal (type, "spice") && _vireo_opt_attr_is (gfx, "port", "-1") &&
            _vireo_opt_attr_is (gfx, "tlsPort", "-1"))
            set_if_missing (gfx, "autoport", "yes");
    }
    if (g_str_equal (type, "spice") && !_vireo_opt_is_remote (g->ctx) &&
        _vireo_opt_child (gfx, "image") == NULL)
        xmlSetProp (xmlNewChild (gfx, NULL, BAD_CAST "image", NULL), BAD_CAST "compression",
                    BAD_CAST "off");
    return TRUE;
}

/* ------------------------------------------------------- the other devices */

static gboolean
has_gl (xmlNode *domain)
{
    xmlNode *devices = _vireo_opt_child (domain, "devices");

    for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "graphics") &&
            _vireo_opt_attr_is (_vireo_opt_child (c, "gl"), "enable", "yes"))
            return TRUE;
    }
    return FALSE;
}

static gboolean
has_spice (xmlNode *domain)
{
    return count_devices (domain, "graphics", "type", "spice") > 0;
}

static const char *
default_video_model (Guest *g)
{
    if (!g->hvm)
        return NULL;
    if (has_spice (g->domain) && has_gl (g->domain))
        return "virtio";
    if (g->ctx->os && vireo_osinfo_supports (g->ctx->os, "virtio-gpu") &&
        _vireo_opt_is_qemu (g->ctx))
        return "virtio";
    if (guest_is_x86 (g) && has_spice (g->domain))
        return "qxl";
    if (g->arch && g_str_has_prefix (g->arch, "ppc64"))
        return "vga";
    if (!guest_is_x86 (g))
        return "virtio";
    return "vga";
}

static gboolean
defaults_video (Guest *g, xmlNode *video)
{
    xmlNode *model = _vireo_opt_child (video, "model");

    if (model == NULL || !xmlHasProp (model, BAD_CAST "type")) {
        const char *m = default_video_model (g);

        if (m)
            xmlSetProp (_vireo_opt_ensure_child (video, "model"), BAD_CAST "type", BAD_CAST m);
        model = _vireo_opt_child (video, "model");
    }
    if (model && _vireo_opt_attr_is (model, "type", "virtio") && has_gl (g->domain) &&
        _vireo_opt_child (model, "acceleration") == NULL)
        xmlSetProp (xmlNewChild (model, NULL, BAD_CAST "acceleration", NULL),
                    BAD_CAST "accel3d", BAD_CAST "yes");
    return TRUE;
}

static gboolean
defaults_char (Guest *g, xmlNode *node)
{
    g_autofree char *type = _vireo_opt_get_attr (node, "type");
    gboolean channel = xmlStrEqual (node->name, BAD_CAST "channel");
    xmlNode *source = _vireo_opt_child (node, "source");
    xmlNode *target = _vireo_opt_child (node, "target");

    if (type == NULL) {
        type = g_strdup ("pty");
        xmlSetProp (node, BAD_CAST "type", BAD_CAST type);
    }
    if ((g_str_equal (type, "unix") || g_str_equal (type, "tcp")) &&
        !_vireo_opt_get_attr (source, "mode")) {
        source = _vireo_opt_ensure_child (node, "source");
        xmlSetProp (source, BAD_CAST "mode", BAD_CAST "bind");
        /* The source comes before the target. */
        if (target && source->prev != NULL) {
            xmlUnlinkNode (source);
            xmlAddPrevSibling (target, source);
        }
    }
    if (channel && !_vireo_opt_get_attr (target, "type"))
        xmlSetProp ((target = _vireo_opt_ensure_child (node, "target")), BAD_CAST "type",
                    BAD_CAST "virtio");
    if ((g_str_equal (type, "spicevmc") || g_str_equal (type, "qemu-vdagent")) &&
        !_vireo_opt_get_attr (target, "name"))
        xmlSetProp (_vireo_opt_ensure_child (node, "target"), BAD_CAST "name",
                    BAD_CAST "com.redhat.spice.0");
    return TRUE;
}

static gboolean
defaults_misc (Guest *g, const char *name, xmlNode *node)
{
    if (g_str_equal (name, "input")) {
        g_autofree char *type = _vireo_opt_get_attr (node, "type");

        if (type == NULL) {
            type = g_strdup ("mouse");
            xmlSetProp (node, BAD_CAST "type", BAD_CAST type);
        }
        if (!xmlHasProp (node, BAD_CAST "bus"))
            xmlSetProp (node, BAD_CAST "bus",
                        BAD_CAST (g_str_equal (type, "tablet") ? "usb"
                                  : guest_is_x86 (g) ? "ps2" : "virtio"));
        if (_vireo_opt_attr_is (node, "bus", "usb"))
            ensure_usb_controller (g);
    } else if (g_str_equal (name, "sound")) {
        set_if_missing (node, "model", guest_is_q35 (g) ? "ich9" : "ich6");
    } else if (g_str_equal (name, "watchdog")) {
        set_if_missing (node, "model", "i6300esb");
        set_if_missing (node, "action", "reset");
    } else if (g_str_equal (name, "rng") || g_str_equal (name, "memballoon") ||
               g_str_equal (name, "vsock")) {
        set_if_missing (node, "model", "virtio");
        if (g_str_equal (name, "vsock") && _vireo_opt_child (node, "cid") == NULL)
            xmlSetProp (xmlNewChild (node, NULL, BAD_CAST "cid", NULL), BAD_CAST "auto",
                        BAD_CAST "yes");
    } else if (g_str_equal (name, "redirdev")) {
        set_if_missing (node, "bus", "usb");
        set_if_missing (node, "type", "spicevmc");
        ensure_usb_controller (g);
    } else if (g_str_equal (name, "smartcard")) {
        set_if_missing (node, "mode", "passthrough");
        set_if_missing (node, "type", _vireo_opt_attr_is (node, "mode", "passthrough")
                                      ? "spicevmc" : "tcp");
    } else if (g_str_equal (name, "hostdev")) {
        set_if_missing (node, "mode", "subsystem");
        set_if_missing (node, "managed", "yes");
        if (_vireo_opt_attr_is (node, "type", "usb"))
            ensure_usb_controller (g);
    } else if (g_str_equal (name, "panic")) {
        xmlNode *addr = _vireo_opt_child (node, "address");

        if (addr && !xmlHasProp (addr, BAD_CAST "type") && xmlHasProp (addr, BAD_CAST "iobase"))
            xmlSetProp (addr, BAD_CAST "type", BAD_CAST "isa");
        if (guest_is_x86 (g))
            set_if_missing (node, "model", "isa");
    } else if (g_str_equal (name, "tpm")) {
        xmlNode *backend = _vireo_opt_child (node, "backend");
        gboolean passthrough = _vireo_opt_child (backend, "device") != NULL;

        if (!_vireo_opt_get_attr (backend, "type"))
            xmlSetProp (_vireo_opt_ensure_child (node, "backend"), BAD_CAST "type",
                        BAD_CAST (passthrough ? "passthrough" : "emulator"));
        backend = _vireo_opt_child (node, "backend");
        if (_vireo_opt_attr_is (backend, "type", "emulator") &&
            !xmlHasProp (node, BAD_CAST "model") && !xmlHasProp (backend, BAD_CAST "version"))
            xmlSetProp (node, BAD_CAST "model", BAD_CAST "tpm-crb");
    } else if (g_str_equal (name, "filesystem")) {
        if (!_vireo_opt_is_qemu (g->ctx) && !_vireo_opt_is_test (g->ctx) &&
            !(g->ctx && g->ctx->uri && g_str_has_prefix (g->ctx->uri, "lxc")))
            return TRUE;
        gboolean virtiofs = _vireo_opt_attr_is (_vireo_opt_child (node, "driver"), "type",
                                                "virtiofs");

        set_if_missing (node, "type", "mount");
        if (!virtiofs && _vireo_opt_attr_is (node, "type", "mount"))
            set_if_missing (node, "accessmode", "mapped");
        /* virtiofsd shares the guest's memory: QEMU needs it shared. */
        if (virtiofs && _vireo_opt_is_qemu (g->ctx)) {
            xmlNode *backing = _vireo_opt_ensure_child (g->domain, "memoryBacking");
            xmlNode *access = _vireo_opt_ensure_child (backing, "access");

            if (!_vireo_opt_attr_is (access, "mode", "shared"))
                xmlSetProp (access, BAD_CAST "mode", BAD_CAST "shared");
            if (_vireo_opt_child (backing, "source") == NULL &&
                _vireo_opt_child (backing, "hugepages") == NULL)
                xmlSetProp (xmlNewChild (backing, NULL, BAD_CAST "source", NULL),
                            BAD_CAST "type", BAD_CAST "memfd");
        }
    }
    return TRUE;
}

/* ------------------------------------------------------------------- UEFI */

gboolean
vireo_domain_option_enable_uefi (const VireoDomainOptionContext *ctx,
                        xmlNode                       *domain,
                        xmlNode                       *os,
                        gboolean                       secure,
                        GError                       **error)
{
    xmlDoc *domcaps = ctx ? ctx->domcaps : NULL;
    g_autofree char *loader = NULL;

    if (_vireo_opt_xpath_count (domcaps, "/domainCapabilities/os/enum[@name='firmware']"
                                         "/value[text()='efi']") > 0) {
        xmlSetProp (os, BAD_CAST "firmware", BAD_CAST "efi");
        if (secure) {
            xmlSetProp (_vireo_opt_ensure_child (os, "loader"), BAD_CAST "secure",
                        BAD_CAST "yes");
            xmlSetProp (_vireo_opt_ensure_child (_vireo_opt_ensure_child (domain, "features"),
                                                 "smm"), BAD_CAST "state", BAD_CAST "on");
        }
        return TRUE;
    }
    if (secure)
        loader = _vireo_opt_xpath_string (domcaps, "/domainCapabilities/os/loader/value"
                                                   "[contains(text(), 'secboot')]");
    if (loader == NULL)
        loader = _vireo_opt_xpath_string (domcaps, "/domainCapabilities/os/loader/value"
                                                   "[not(contains(text(), 'secboot'))]");
    if (loader == NULL)
        loader = _vireo_opt_xpath_string (domcaps, "/domainCapabilities/os/loader/value");
    if (loader == NULL)
        return _vireo_opt_error (error, _("The hypervisor offers no UEFI firmware for this VM."));
    {
        xmlNode *l = _vireo_opt_ensure_child (os, "loader");

        _vireo_opt_set_text (l, loader);
        xmlSetProp (l, BAD_CAST "readonly", BAD_CAST "yes");
        xmlSetProp (l, BAD_CAST "type", BAD_CAST "pflash");
        if (strstr (loader, "secboot")) {
            xmlNode *type = _vireo_opt_child (os, "type");

            xmlSetProp (l, BAD_CAST "secure", BAD_CAST "yes");
            xmlSetProp (_vireo_opt_ensure_child (_vireo_opt_ensure_child (domain, "features"),
                                                 "smm"), BAD_CAST "state", BAD_CAST "on");
            if (type)
                xmlSetProp (type, BAD_CAST "machine", BAD_CAST "q35");
        }
    }
    return TRUE;
}

/* ------------------------------------------------------------- public API */

gboolean
vireo_domain_option_fill_defaults (const VireoDomainOption       *option,
                                   const VireoDomainOptionContext *context,
                                   xmlNode                       *domain,
                                   xmlNode                       *node,
                                   GError                       **error)
{
    static const VireoDomainOptionContext empty = { 0 };
    const char *name;
    Guest g = { 0 };
    gboolean ok = TRUE;

    g_return_val_if_fail (option != NULL && domain != NULL && node != NULL, FALSE);

    name = option->name;
    guest_init (&g, context ? context : &empty, domain);
    if (g_str_equal (name, "disk"))
        ok = defaults_disk (&g, node, error);
    else if (g_str_equal (name, "network"))
        ok = defaults_interface (&g, node, error);
    else if (g_str_equal (name, "graphics"))
        ok = defaults_graphics (&g, node, error);
    else if (g_str_equal (name, "video"))
        ok = defaults_video (&g, node);
    else if (g_str_equal (name, "serial") || g_str_equal (name, "parallel") ||
             g_str_equal (name, "console") || g_str_equal (name, "channel"))
        ok = defaults_char (&g, node);
    else
        ok = defaults_misc (&g, name, node);
    guest_clear (&g);
    return ok;
}
