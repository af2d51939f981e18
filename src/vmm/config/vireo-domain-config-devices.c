/* vireo-domain-config-devices.c: the disks and the <devices> of a new VM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-config-private.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-domain-options.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

/* ---------------------------------------------------------------- helpers */

static gboolean
domcaps_has_value (VireoDomainConfig *self, const char *element, const char *enum_name,
                   const char *value)
{
    g_autofree char *expr = g_strdup_printf (
        "/domainCapabilities/devices/%s/enum[@name='%s']/value[text()='%s']",
        element, enum_name, value);
    return _vireo_domain_config_xpath_exists (self->domcaps, expr);
}

gboolean
_vireo_domain_config_supports_spice (VireoDomainConfig *self)
{
    if (self->domcaps == NULL ||
        !_vireo_domain_config_xpath_exists (
            self->domcaps, "/domainCapabilities/devices/graphics[@supported='yes']"))
        return (is_qemu (self) || self->driver == VIREO_DOMAIN_CONFIG_DRIVER_TEST) &&
               (g_strcmp0 (self->host_arch, "x86_64") == 0 ||
                g_strcmp0 (self->host_arch, "i686") == 0);
    return domcaps_has_value (self, "graphics", "type", "spice");
}

static gboolean
supports_video (VireoDomainConfig *self, const char *model)
{
    if (g_str_equal (model, "qxl") &&
        (self->domcaps == NULL ||
         !_vireo_domain_config_xpath_exists (self->domcaps,
                        "/domainCapabilities/devices/video/enum[@name='modelType']")))
        return _vireo_domain_config_supports_spice (self);
    return domcaps_has_value (self, "video", "modelType", model);
}


static void
disk_plan_free (DiskPlan *plan)
{
    g_free (plan->device);
    g_free (plan->bus);
    g_free (plan->target);
    g_free (plan->path);
    g_free (plan->format);
    g_free (plan);
}

static const char *
target_prefix (const char *bus, guint *max)
{
    if (g_str_equal (bus, "virtio")) {
        *max = 1024;
        return "vd";
    }
    if (g_str_equal (bus, "fdc")) {
        *max = 2;
        return "fd";
    }
    if (g_str_equal (bus, "ide")) {
        *max = 4;
        return "hd";
    }
    if (g_str_equal (bus, "xen")) {
        *max = 1024;
        return "xvd";
    }
    *max = 1024;
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

static char *
pick_target (GPtrArray *plans, const char *bus)
{
    guint max = 0;
    const char *prefix = target_prefix (bus, &max);

    for (guint i = 0; i < max; i++) {
        g_autofree char *name = target_name (prefix, i);
        gboolean used = FALSE;

        for (guint j = 0; j < plans->len && !used; j++)
            used = g_strcmp0 (((DiskPlan *) plans->pdata[j])->target, name) == 0;
        if (!used)
            return g_steal_pointer (&name);
    }
    return NULL;
}

static char *
guess_format (VireoDomainConfig *self, const char *path)
{
    const char *known = g_hash_table_lookup (self->disk_formats, path);
    g_autofree char *lower = NULL;

    if (known)
        return g_strdup (known);
    lower = g_ascii_strdown (path, -1);
    if (g_str_has_suffix (lower, ".qcow2"))
        return g_strdup ("qcow2");
    if (g_str_has_suffix (lower, ".vmdk"))
        return g_strdup ("vmdk");
    if (g_str_has_suffix (lower, ".vhdx"))
        return g_strdup ("vhdx");
    if (g_str_has_suffix (lower, ".vdi"))
        return g_strdup ("vdi");
    return g_strdup ("raw");
}

static gboolean
plan_disk (VireoDomainConfig *self, GPtrArray *plans, const VireoInstallDisk *disk,
           gboolean install_media, const char *media_path, GError **error)
{
    const VireoInstallSpec *spec = self->spec;
    DiskPlan *plan = g_new0 (DiskPlan, 1);
    const char *device = disk && disk->device ? disk->device : "disk";

    if (install_media)
        device = "cdrom";
    /* The grammar refuses these; a spec built by other code is checked too, so that
     * the size never overflows the conversion to bytes. */
    if (disk && (!isfinite (disk->size_gib) || disk->size_gib < 0 ||
                 disk->size_gib > VIREO_DOMAIN_OPTION_MAX_SIZE_GIB)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("A disk size of %g GiB is not possible: give a number of GiB greater "
                       "than 0 and at most %.0f."), disk->size_gib,
                     VIREO_DOMAIN_OPTION_MAX_SIZE_GIB);
        g_free (plan->device);
        g_free (plan);
        return FALSE;
    }
    plan->disk = disk;
    plan->install_media = install_media;
    plan->device = g_strdup (device);
    plan->readonly = g_str_equal (device, "cdrom") ||
                     (disk && disk->readonly == VIREO_TRISTATE_ON);
    plan->shareable = disk && disk->shareable == VIREO_TRISTATE_ON;

    if (install_media) {
        plan->path = g_strdup (media_path);
    } else if (disk->path && disk->size_gib > 0 && !g_file_test (disk->path, G_FILE_TEST_EXISTS)) {
        plan->path = g_strdup (disk->path);
    } else if (disk->path) {
        plan->path = g_strdup (disk->path);
    } else if (disk->size_gib > 0) {
        const char *ext = disk->format && !g_str_equal (disk->format, "qcow2") ? "img" : "qcow2";
        g_autofree char *file = NULL;
        const char *dir = self->pool_dir;
        guint n = 0;

        if (g_strcmp0 (disk->format, "qcow2") == 0 || disk->format == NULL)
            ext = "qcow2";
        file = g_strdup_printf ("%s.%s", spec->name, ext);
        plan->path = g_build_filename (dir, file, NULL);
        /* Skip names an earlier disk of this VM or an existing file took. */
        for (;;) {
            gboolean taken = g_file_test (plan->path, G_FILE_TEST_EXISTS);
            for (guint j = 0; j < self->new_volumes->len && !taken; j++)
                taken = g_str_equal (
                    ((VireoDomainConfigVolume *) self->new_volumes->pdata[j])->path, plan->path);
            if (!taken)
                break;
            g_free (file);
            g_free (plan->path);
            file = g_strdup_printf ("%s-%u.%s", spec->name, ++n, ext);
            plan->path = g_build_filename (dir, file, NULL);
        }
    } else if (disk->vol) {
        plan->path = g_strdup (disk->vol);
    }

    if (!install_media && disk && disk->size_gib > 0 && plan->path &&
        !g_file_test (plan->path, G_FILE_TEST_EXISTS)) {
        VireoDomainConfigVolume *vol = g_new0 (VireoDomainConfigVolume, 1);

        vol->path = g_strdup (plan->path);
        vol->name = g_path_get_basename (plan->path);
        vol->pool = g_strdup (disk->pool);
        /* An overlay over a backing image is qcow2 whatever format= says. */
        vol->format = g_strdup (disk->backing_store ? "qcow2"
                                : disk->format ? disk->format : "qcow2");
        vol->capacity = (guint64) (disk->size_gib * 1024 * 1024 * 1024);
        vol->sparse = disk->sparse != VIREO_TRISTATE_OFF;
        vol->backing = g_strdup (disk->backing_store);
        vol->backing_format = g_strdup (disk->backing_format);
        g_ptr_array_add (self->new_volumes, vol);
        plan->format = g_strdup (vol->format);
        /* A sparse new image is told to give freed blocks back; a fully
         * allocated one (sparse=no) keeps its blocks, as with virt-install. */
        plan->discard_unmap = is_qemu (self) && g_str_equal (device, "disk") && vol->sparse;
    } else if (plan->path) {
        plan->block = g_str_has_prefix (plan->path, "/dev/");
        if (disk && disk->format)
            plan->format = g_strdup (disk->format);
        else if (!g_str_equal (device, "disk") || plan->block)
            plan->format = g_strdup ("raw");
        else
            plan->format = guess_format (self, plan->path);
    }
    if (disk && disk->discard)
        plan->discard_unmap = g_str_equal (disk->discard, "unmap");

    if (disk && disk->bus) {
        plan->bus = g_strdup (disk->bus);
    } else if (g_str_equal (device, "floppy")) {
        plan->bus = g_strdup ("fdc");
    } else if (g_str_equal (device, "disk") && virtio_ok (self, "virtio-disk")) {
        plan->bus = g_strdup ("virtio");
    } else if (is_q35 (self)) {
        plan->bus = g_strdup ("sata");
    } else {
        plan->bus = g_strdup ("ide");
    }
    if (disk && disk->target_dev) {
        plan->target = g_strdup (disk->target_dev);
    } else {
        plan->target = pick_target (plans, plan->bus);
        if (plan->target == NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("There is no free slot left on the “%s” bus."), plan->bus);
            disk_plan_free (plan);
            return FALSE;
        }
    }
    g_ptr_array_add (plans, plan);
    return TRUE;
}

GPtrArray *
_vireo_domain_config_plan_disks (VireoDomainConfig *self, GError **error)
{
    const VireoInstallSpec *spec = self->spec;
    g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) disk_plan_free);

    g_ptr_array_set_size (self->new_volumes, 0);
    /* Disks with an explicit target first, so the others avoid them. */
    for (guint i = 0; i < spec->disks->len; i++) {
        if (!plan_disk (self, plans, spec->disks->pdata[i], FALSE, NULL, error))
            return NULL;
    }
    if (spec->method == VIREO_INSTALL_METHOD_CDROM &&
        !plan_disk (self, plans, NULL, TRUE, spec->cdrom, error))
        return NULL;
    for (guint i = 0; i < self->install_disks->len; i++) {
        if (!plan_disk (self, plans, NULL, TRUE, self->install_disks->pdata[i], error))
            return NULL;
        ((DiskPlan *) plans->pdata[plans->len - 1])->install_only = TRUE;
    }
    for (guint i = 0; i < self->install_floppies->len; i++) {
        if (!plan_disk (self, plans, self->install_floppies->pdata[i], FALSE, NULL, error))
            return NULL;
        ((DiskPlan *) plans->pdata[plans->len - 1])->install_only = TRUE;
    }
    return g_steal_pointer (&plans);
}

static void
add_disks (VireoDomainConfig *self, xmlNode *devices, GPtrArray *plans,
           VireoDomainConfigPhase phase)
{
    for (guint i = 0; i < plans->len; i++) {
        DiskPlan *plan = plans->pdata[i];
        xmlNode *disk;
        /* Windows installers reboot several times from their CD: keep it. */
        gboolean keep_media = self->os && vireo_osinfo_is_windows (self->os);
        gboolean with_source = plan->path &&
                               !(plan->install_media && phase == VIREO_DOMAIN_CONFIG_FINAL &&
                                 !keep_media);
        xmlNode *node;

        if (plan->install_only && phase == VIREO_DOMAIN_CONFIG_FINAL)
            continue;
        disk = add (devices, "disk");
        set (disk, "type", plan->block ? "block" : "file");
        set (disk, "device", plan->device);
        if ((is_qemu (self) && with_source) ||
            (plan->disk && (plan->disk->cache || plan->disk->io || plan->disk->discard))) {
            node = add (disk, "driver");
            if (is_qemu (self) && with_source) {
                set (node, "name", "qemu");
                set (node, "type", plan->format);
            }
            if (plan->disk && plan->disk->cache)
                set (node, "cache", plan->disk->cache);
            if (plan->disk && plan->disk->io)
                set (node, "io", plan->disk->io);
            if (plan->discard_unmap)
                set (node, "discard", "unmap");
        }
        if (with_source)
            set (add (disk, "source"), plan->block ? "dev" : "file", plan->path);
        node = add (disk, "target");
        set (node, "dev", plan->target);
        set (node, "bus", plan->bus);
        if (plan->readonly)
            add (disk, "readonly");
        if (plan->shareable)
            add (disk, "shareable");
        if (plan->disk && plan->disk->boot_order)
            set_int (add (disk, "boot"), "order", plan->disk->boot_order);
        if (plan->disk)
            _vireo_domain_config_apply_props (self, "disk", disk, plan->disk->extra);
    }
}

static gboolean
has_usb_controller (const VireoInstallSpec *spec, gboolean *disabled)
{
    gboolean found = FALSE;

    *disabled = FALSE;
    for (guint i = 0; i < spec->controllers->len; i++) {
        VireoInstallDevice *dev = spec->controllers->pdata[i];
        if (g_strcmp0 (dev->type, "usb") == 0) {
            found = TRUE;
            *disabled = g_strcmp0 (vireo_install_props_get (dev->props, "model"), "none") == 0;
        }
    }
    return found;
}

static void
add_controllers (VireoDomainConfig *self, xmlNode *devices, GPtrArray *plans)
{
    const VireoInstallSpec *spec = self->spec;
    gboolean usb_disabled = FALSE;
    gboolean has_scsi = FALSE, has_pci = FALSE;

    for (guint i = 0; i < spec->controllers->len; i++) {
        VireoInstallDevice *dev = spec->controllers->pdata[i];
        xmlNode *node = add (devices, "controller");

        set (node, "type", dev->type);
        set (node, "model", vireo_install_props_get (dev->props, "model"));
        set (node, "index", vireo_install_props_get (dev->props, "index"));
        set (node, "ports", vireo_install_props_get (dev->props, "ports"));
        _vireo_domain_config_apply_props (self, "controller", node, dev->props);
        has_scsi |= g_strcmp0 (dev->type, "scsi") == 0;
        has_pci |= g_strcmp0 (dev->type, "pci") == 0;
    }
    if (!has_usb_controller (spec, &usb_disabled) &&
        (is_qemu (self) || self->driver == VIREO_DOMAIN_CONFIG_DRIVER_TEST) && is_x86 (self)) {
        if (is_qemu (self) && os_supports (self, "usb3")) {
            xmlNode *node = add (devices, "controller");
            set (node, "type", "usb");
            set (node, "model", "qemu-xhci");
            set (node, "ports", "15");
        } else {
            static const char * const models[] = {
                "ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3"
            };
            for (guint i = 0; i < G_N_ELEMENTS (models); i++) {
                xmlNode *node = add (devices, "controller");
                set (node, "type", "usb");
                set (node, "model", models[i]);
                if (i > 0)
                    set_int (add (node, "master"), "startport", (i - 1) * 2);
            }
        }
    }
    if (!has_pci && is_q35 (self)) {
        set (add (devices, "controller"), "type", "pci");
        xmlSetProp (devices->last, BAD_CAST "model", BAD_CAST "pcie-root");
        for (guint i = 0; i < PCIE_ROOT_PORTS; i++) {
            xmlNode *node = add (devices, "controller");
            set (node, "type", "pci");
            set (node, "model", "pcie-root-port");
        }
    }
    if (!has_scsi && virtio_ok (self, "virtio-scsi")) {
        for (guint i = 0; i < plans->len; i++) {
            if (g_str_equal (((DiskPlan *) plans->pdata[i])->bus, "scsi")) {
                xmlNode *node = add (devices, "controller");
                set (node, "type", "scsi");
                set (node, "model", "virtio-scsi");
                break;
            }
        }
    }
}

static const char *
default_net_model (VireoDomainConfig *self)
{
    static const char * const prefs[] = { "e1000", "rtl8139", "ne2k_pci", "pcnet" };

    if (virtio_ok (self, "virtio-net"))
        return "virtio";
    if (is_q35 (self))
        return "e1000e";
    if (!is_x86 (self))
        return NULL;
    for (guint i = 0; self->os && i < G_N_ELEMENTS (prefs); i++) {
        if (vireo_osinfo_has_device (self->os, "net", prefs[i]))
            return prefs[i];
    }
    return "e1000";
}

static void
add_interface (VireoDomainConfig *self, xmlNode *devices, const VireoInstallNetwork *net)
{
    xmlNode *iface = add (devices, "interface");
    const char *type = net ? net->type : NULL;
    const char *source = net ? net->source : NULL;
    const char *model = net && net->model ? net->model : default_net_model (self);

    if (type == NULL && source == NULL) {
        if (self->default_network) {
            type = "network";
            source = self->default_network;
        } else {
            type = "user";
        }
    } else if (type == NULL) {
        type = "network";
    }
    set (iface, "type", type);
    if (g_str_equal (type, "network"))
        set (add (iface, "source"), "network", source ? source : "default");
    else if (g_str_equal (type, "bridge"))
        set (add (iface, "source"), "bridge", source);
    else if (g_str_equal (type, "direct")) {
        xmlNode *src = add (iface, "source");
        set (src, "dev", source);
        set (src, "mode", net->source_mode ? net->source_mode : "vepa");
    }
    if (net && net->mac && !g_str_equal (net->mac, "RANDOM"))
        set (add (iface, "mac"), "address", net->mac);
    if (model)
        set (add (iface, "model"), "type", model);
    if (net && net->target_dev)
        set (add (iface, "target"), "dev", net->target_dev);
    if (net && net->link_state)
        set (add (iface, "link"), "state", net->link_state);
    if (net && net->boot_order)
        set_int (add (iface, "boot"), "order", net->boot_order);
    if (net)
        _vireo_domain_config_apply_props (self, "network", iface, net->extra);
}

static void
add_char (VireoDomainConfig *self, xmlNode *devices, const char *element,
          const VireoInstallDevice *dev)
{
    xmlNode *node = add (devices, element);
    const char *path = vireo_install_props_get (dev->props, "source.path");
    const char *mode = vireo_install_props_get (dev->props, "source.mode");
    const char *ttype = vireo_install_props_get (dev->props, "target.type");
    const char *tname = vireo_install_props_get (dev->props, "target.name");
    const char *port = vireo_install_props_get (dev->props, "target.port");

    set (node, "type", dev->type ? dev->type : "pty");
    if (path || mode || (g_str_equal (element, "channel") && g_strcmp0 (dev->type, "unix") == 0)) {
        xmlNode *src = add (node, "source");
        set (src, "mode", mode ? mode : (g_strcmp0 (dev->type, "unix") == 0 ? "bind" : NULL));
        set (src, "path", path);
    }
    if (g_str_equal (element, "channel") && g_strcmp0 (dev->type, "spicevmc") == 0 && !ttype) {
        ttype = "virtio";
        tname = tname ? tname : "com.redhat.spice.0";
    }
    if (g_str_equal (element, "channel") && g_strcmp0 (dev->type, "unix") == 0 && !ttype)
        ttype = "virtio";
    if (g_str_equal (element, "channel") && g_strcmp0 (dev->type, "unix") == 0 && !tname)
        tname = "org.qemu.guest_agent.0";
    if (ttype || tname || port) {
        xmlNode *target = add (node, "target");
        set (target, "type", ttype);
        set (target, "name", tname);
        set (target, "port", port);
    }
    _vireo_domain_config_apply_props (self, element, node, dev->props);
}

static void
add_graphics (VireoDomainConfig *self, xmlNode *devices, const VireoInstallGraphics *gfx)
{
    xmlNode *node = add (devices, "graphics");
    const char *type = gfx && gfx->type ? gfx->type
                     : _vireo_domain_config_supports_spice (self) ? "spice" : "vnc";
    gboolean spice = g_str_equal (type, "spice");
    const char *listen = gfx ? gfx->listen : NULL;

    set (node, "type", type);
    if (gfx && gfx->port > 0) {
        set_int (node, "port", gfx->port);
    } else if (!(listen && g_str_equal (listen, "none"))) {
        set (node, "port", "-1");
        if (spice) {
            set (node, "tlsPort", "-1");
            set (node, "autoport", "yes");
        }
    }
    if (gfx && gfx->password)
        set (node, "passwd", gfx->password);
    if (gfx && gfx->keymap)
        set (node, "keymap", gfx->keymap);
    if (listen && g_str_equal (listen, "none")) {
        set (add (node, "listen"), "type", "none");
    } else if (listen) {
        set (node, "listen", listen);
    }
    if (spice && !self->remote)
        set (add (node, "image"), "compression", "off");
    if (gfx && gfx->gl != VIREO_TRISTATE_UNSET) {
        xmlNode *gl = add (node, "gl");
        set (gl, "enable", gfx->gl == VIREO_TRISTATE_ON ? "yes" : "no");
        set (gl, "rendernode", gfx->rendernode);
    }
    if (gfx)
        _vireo_domain_config_apply_props (self, "graphics", node, gfx->extra);
}

static const char *
default_video_model (VireoDomainConfig *self, gboolean spice, gboolean gl, gboolean uefi)
{
    if (spice && gl)
        return "virtio";
    if (supports_video (self, "virtio") && os_supports (self, "virtio-gpu"))
        return "virtio";
    if (is_x86 (self) && spice && supports_video (self, "qxl"))
        return "qxl";
    if (uefi && supports_video (self, "bochs"))
        return "bochs";
    return "vga";
}

static void
add_hostdev (xmlNode *devices, const VireoInstallDevice *dev)
{
    xmlNode *node = add (devices, "hostdev");
    xmlNode *src;
    const char *name = dev->type;
    unsigned int a = 0, b = 0, c = 0, d = 0;

    set (node, "mode", "subsystem");
    if (sscanf (name, "%x:%x:%x.%x", &a, &b, &c, &d) == 4 ||
        (sscanf (name, "%x:%x.%x", &b, &c, &d) == 3 && strchr (name, '.'))) {
        xmlNode *addr;
        set (node, "type", "pci");
        set (node, "managed", "yes");
        src = add (node, "source");
        addr = add (src, "address");
        char buf[16];
        g_snprintf (buf, sizeof buf, "0x%04x", a);
        set (addr, "domain", buf);
        g_snprintf (buf, sizeof buf, "0x%02x", b);
        set (addr, "bus", buf);
        g_snprintf (buf, sizeof buf, "0x%02x", c);
        set (addr, "slot", buf);
        g_snprintf (buf, sizeof buf, "0x%x", d);
        set (addr, "function", buf);
    } else if (sscanf (name, "%x:%x", &a, &b) == 2) {
        char buf[16];
        set (node, "type", "usb");
        set (node, "managed", "yes");
        src = add (node, "source");
        g_snprintf (buf, sizeof buf, "0x%04x", a);
        set (add (src, "vendor"), "id", buf);
        g_snprintf (buf, sizeof buf, "0x%04x", b);
        set (add (src, "product"), "id", buf);
    } else if (sscanf (name, "%u.%u", &a, &b) == 2) {
        set (node, "type", "usb");
        set (node, "managed", "yes");
        src = add (node, "source");
        xmlNode *addr = add (src, "address");
        set_int (addr, "bus", a);
        set_int (addr, "device", b);
    }
}

gboolean
_vireo_domain_config_add_devices (VireoDomainConfig *self, xmlNode *root,
                                  VireoDomainConfigPhase phase, GPtrArray *plans, gboolean spice,
                                  gboolean uefi)
{
    const VireoInstallSpec *spec = self->spec;
    xmlNode *devices = add (root, "devices");
    gboolean has_graphics = !spec->no_graphics;
    gboolean usb_disabled = FALSE;
    gboolean gl = FALSE;
    gboolean has_spicevmc = FALSE;

    has_usb_controller (spec, &usb_disabled);
    if (self->emulator)
        add_text (devices, "emulator", self->emulator);
    add_disks (self, devices, plans, phase);
    add_controllers (self, devices, plans);

    for (guint i = 0; i < spec->filesystems->len; i++) {
        VireoInstallDevice *dev = spec->filesystems->pdata[i];
        xmlNode *fs = add (devices, "filesystem");
        const char *dtype = vireo_install_props_get (dev->props, "driver.type");
        const char *mode = vireo_install_props_get (dev->props, "accessmode");

        set (fs, "type", vireo_install_props_get (dev->props, "type") ?
                         vireo_install_props_get (dev->props, "type") : "mount");
        if (mode)
            set (fs, "accessmode", mode);
        else if (dtype == NULL || !g_str_equal (dtype, "virtiofs"))
            set (fs, "accessmode", "mapped");
        if (dtype)
            set (add (fs, "driver"), "type", dtype);
        set (add (fs, "source"), "dir", dev->type);
        set (add (fs, "target"), "dir", vireo_install_props_get (dev->props, "target"));
        _vireo_domain_config_apply_props (self, "filesystem", fs, dev->props);
    }

    if (!spec->no_networks) {
        if (spec->networks->len == 0)
            add_interface (self, devices, NULL);
        for (guint i = 0; i < spec->networks->len; i++)
            add_interface (self, devices, spec->networks->pdata[i]);
    }

    for (guint i = 0; i < spec->serials->len; i++)
        add_char (self, devices, "serial", spec->serials->pdata[i]);
    for (guint i = 0; i < spec->consoles->len; i++)
        add_char (self, devices, "console", spec->consoles->pdata[i]);
    if (spec->serials->len == 0 && spec->consoles->len == 0)
        set (add (devices, "console"), "type", "pty");

    for (guint i = 0; i < spec->channels->len; i++) {
        VireoInstallDevice *dev = spec->channels->pdata[i];
        add_char (self, devices, "channel", dev);
        has_spicevmc |= g_strcmp0 (dev->type, "spicevmc") == 0;
    }
    if (spec->channels->len == 0 && is_qemu (self) && virtio_ok (self, "virtio-serial")) {
        g_autoptr(VireoInstallDevice) agent = vireo_install_device_new ("unix");
        add_char (self, devices, "channel", agent);
    }
    if (spice && !has_spicevmc) {
        g_autoptr(VireoInstallDevice) vmc = vireo_install_device_new ("spicevmc");
        add_char (self, devices, "channel", vmc);
    }

    for (guint i = 0; i < spec->inputs->len; i++) {
        VireoInstallDevice *dev = spec->inputs->pdata[i];
        xmlNode *node = add (devices, "input");
        const char *bus = vireo_install_props_get (dev->props, "bus");
        set (node, "type", dev->type ? dev->type : "tablet");
        set (node, "bus", bus ? bus : (g_strcmp0 (dev->type, "mouse") == 0 ||
                                      g_strcmp0 (dev->type, "keyboard") == 0) &&
                                     !is_x86 (self) ? "virtio" : "usb");
        _vireo_domain_config_apply_props (self, "input", node, dev->props);
    }
    if (spec->inputs->len == 0 && has_graphics && !usb_disabled && is_x86 (self)) {
        xmlNode *node = add (devices, "input");
        set (node, "type", "tablet");
        set (node, "bus", "usb");
    }

    if (spec->tpm && g_strcmp0 (spec->tpm->type, "none") != 0) {
        xmlNode *tpm = add (devices, "tpm");
        const char *type = spec->tpm->type ? spec->tpm->type : "emulator";
        xmlNode *backend;

        if (type[0] == '/') {
            set (tpm, "model", vireo_install_props_get (spec->tpm->props, "model"));
            backend = add (tpm, "backend");
            set (backend, "type", "passthrough");
            set (add (backend, "device"), "path", type);
        } else {
            set (tpm, "model", vireo_install_props_get (spec->tpm->props, "model") ?
                               vireo_install_props_get (spec->tpm->props, "model") :
                               (is_q35 (self) || uefi) ? "tpm-crb" : "tpm-tis");
            backend = add (tpm, "backend");
            set (backend, "type", type);
            set (backend, "version", "2.0");
        }
        _vireo_domain_config_apply_props (self, "tpm", tpm, spec->tpm->props);
    } else if (spec->tpm == NULL && uefi &&
               domcaps_has_value (self, "tpm", "backendModel", "emulator")) {
        xmlNode *tpm = add (devices, "tpm");
        xmlNode *backend;
        set (tpm, "model", "tpm-crb");
        backend = add (tpm, "backend");
        set (backend, "type", "emulator");
        set (backend, "version", "2.0");
    }

    if (has_graphics) {
        if (spec->graphics->len == 0)
            add_graphics (self, devices, NULL);
        for (guint i = 0; i < spec->graphics->len; i++) {
            VireoInstallGraphics *g = spec->graphics->pdata[i];
            add_graphics (self, devices, g);
            gl |= g->gl == VIREO_TRISTATE_ON;
        }
    }

    for (guint i = 0; i < spec->sounds->len; i++) {
        VireoInstallDevice *dev = spec->sounds->pdata[i];
        const char *model = dev->type && !g_str_equal (dev->type, "default") ? dev->type
                          : is_q35 (self) ? "ich9" : "ich6";
        xmlNode *node = add (devices, "sound");

        set (node, "model", model);
        _vireo_domain_config_apply_props (self, "sound", node, dev->props);
    }
    if (spec->sounds->len == 0 && !spec->no_sound && spice)
        set (add (devices, "sound"), "model", is_q35 (self) ? "ich9" : "ich6");

    for (guint i = 0; i < spec->videos->len; i++) {
        VireoInstallDevice *dev = spec->videos->pdata[i];
        xmlNode *video = add (devices, "video");
        xmlNode *model = add (video, "model");
        const char *heads = vireo_install_props_get (dev->props, "model.heads");
        const char *accel = vireo_install_props_get (dev->props, "model.acceleration.accel3d");
        set (model, "type", dev->type && !g_str_equal (dev->type, "default") ? dev->type
                            : default_video_model (self, spice, gl, uefi));
        set (model, "heads", heads);
        set (model, "vram", vireo_install_props_get (dev->props, "model.vram"));
        if (accel)
            set (add (model, "acceleration"), "accel3d", accel);
        _vireo_domain_config_apply_props (self, "video", video, dev->props);
    }
    if (spec->videos->len == 0 && has_graphics) {
        const char *type = default_video_model (self, spice, gl, uefi);
        xmlNode *model = add (add (devices, "video"), "model");
        set (model, "type", type);
        if (spice && gl && g_str_equal (type, "virtio"))
            set (add (model, "acceleration"), "accel3d", "yes");
    }

    for (guint i = 0; i < spec->hostdevs->len; i++) {
        add_hostdev (devices, spec->hostdevs->pdata[i]);
        _vireo_domain_config_apply_props (self, "hostdev", devices->last,
                                          ((VireoInstallDevice *) spec->hostdevs->pdata[i])->props);
    }

    for (guint i = 0; i < spec->redirdevs->len; i++) {
        VireoInstallDevice *dev = spec->redirdevs->pdata[i];
        xmlNode *node = add (devices, "redirdev");
        const char *type = vireo_install_props_get (dev->props, "type");
        set (node, "bus", dev->type ? dev->type : "usb");
        set (node, "type", type ? type : "spicevmc");
        _vireo_domain_config_apply_props (self, "redirdev", node, dev->props);
    }
    if (spec->redirdevs->len == 0 && !spec->no_redirdevs && spice && !usb_disabled &&
        is_x86 (self)) {
        for (guint i = 0; i < 2; i++) {
            xmlNode *node = add (devices, "redirdev");
            set (node, "bus", "usb");
            set (node, "type", "spicevmc");
        }
    }

    if (spec->watchdog) {
        xmlNode *node = add (devices, "watchdog");
        const char *action = vireo_install_props_get (spec->watchdog->props, "action");
        set (node, "model", spec->watchdog->type && !g_str_equal (spec->watchdog->type, "default")
                            ? spec->watchdog->type : "i6300esb");
        set (node, "action", action ? action : "reset");
        _vireo_domain_config_apply_props (self, "watchdog", node, spec->watchdog->props);
    }
    if (spec->panic) {
        xmlNode *node = add (devices, "panic");
        const char *model = spec->panic->type;
        if (model == NULL || g_str_equal (model, "default"))
            model = is_x86 (self) ? "isa" : NULL;
        set (node, "model", model);
        _vireo_domain_config_apply_props (self, "panic", node, spec->panic->props);
    }

    if (spec->memballoon) {
        xmlNode *node = add (devices, "memballoon");

        if (g_strcmp0 (spec->memballoon->type, "none") == 0)
            set (node, "model", "none");
        else
            set (node, "model",
                 spec->memballoon->type && !g_str_equal (spec->memballoon->type, "default") ?
                 spec->memballoon->type : "virtio");
        _vireo_domain_config_apply_props (self, "memballoon", node, spec->memballoon->props);
    } else if (virtio_ok (self, "virtio-balloon")) {
        set (add (devices, "memballoon"), "model", "virtio");
    }

    if (spec->rng && g_strcmp0 (spec->rng->type, "none") != 0) {
        xmlNode *rng = add (devices, "rng");
        const char *type = spec->rng->type;
        const char *dev = vireo_install_props_get (spec->rng->props, "backend");
        xmlNode *backend;

        if (type && type[0] == '/') {
            dev = type;
            type = "random";
        }
        set (rng, "model", vireo_install_props_get (spec->rng->props, "model") ?
                           vireo_install_props_get (spec->rng->props, "model") : "virtio");
        backend = add_text (rng, "backend", dev ? dev : "/dev/urandom");
        set (backend, "model", type ? type : "random");
        _vireo_domain_config_apply_props (self, "rng", rng, spec->rng->props);
    } else if (spec->rng == NULL && virtio_ok (self, "virtio-rng")) {
        xmlNode *rng = add (devices, "rng");
        set (rng, "model", "virtio");
        set (add_text (rng, "backend", "/dev/urandom"), "model", "random");
    }
    return TRUE;
}
