/* vireo-domain-config.c: domain XML for a new VM, built with libxml2
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-config.h"

#include "vireo-domain-config-private.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-domain-options.h"
#include "vireo-embed.h"
#include "vireo-osinfo.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

G_DEFINE_FINAL_TYPE (VireoDomainConfig, vireo_domain_config, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- helpers */

static char *
xpath_string (xmlDoc *doc, const char *expr)
{
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    if (obj == NULL || obj->type != XPATH_STRING || obj->stringval == NULL ||
        obj->stringval[0] == '\0') {
        g_clear_pointer (&obj, xmlXPathFreeObject);
        obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    }
    if (obj && obj->type == XPATH_NODESET && obj->nodesetval && obj->nodesetval->nodeNr > 0) {
        xmlChar *content = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);
        char *ret = g_strdup ((const char *) content);
        xmlFree (content);
        return ret;
    }
    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
        return g_strdup ((const char *) obj->stringval);
    return NULL;
}

gboolean
_vireo_domain_config_xpath_exists (xmlDoc     *doc,
                                   const char *expr)
{
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (doc == NULL)
        return FALSE;
    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    return obj && obj->type == XPATH_NODESET && obj->nodesetval &&
           obj->nodesetval->nodeNr > 0;
}

void
_vireo_domain_config_apply_props (VireoDomainConfig *self,
                                  const char        *option,
                                  xmlNode           *node,
                                  VireoInstallProps *props)
{
    const VireoDomainOption *opt = vireo_domain_option_lookup (option);
    VireoDomainOptionContext ctx = { 0 };
    xmlNode *root = xmlDocGetRootElement (node->doc);

    if (props == NULL || opt == NULL)
        return;
    ctx.uri = self->uri;
    ctx.caps = self->caps;
    ctx.domcaps = self->domcaps;
    ctx.os = self->os;
    for (guint i = 0; i < props->keys->len; i++) {
        const char *key = props->keys->pdata[i];
        const char *value = props->values->pdata[i];
        GError *error = NULL;

        if (!vireo_domain_option_apply (opt, &ctx, root, node, key, value, &error)) {
            if (self->apply_error == NULL)
                self->apply_error = error;
            else
                g_error_free (error);
        }
    }
}

/* ------------------------------------------------------------ XML sections */

/* The topology of <cpu><topology>: what the spec gives, the missing values
 * filled in so that the product is the vCPU count (@total, 0 when not
 * given), as virt-install does.  FALSE when the spec gives no topology. */
static gboolean
resolve_topology (const VireoInstallSpec *spec,
                  guint                   total,
                  guint                  *sockets,
                  guint                  *dies,
                  guint                  *cores,
                  guint                  *threads)
{
    guint s = spec->sockets, d = spec->dies ? spec->dies : 1, c = spec->cores;
    guint t = spec->threads ? spec->threads : 1;

    if (!spec->sockets && !spec->dies && !spec->cores && !spec->threads)
        return FALSE;
    if (total == 0)
        total = MAX (s, 1) * d * MAX (c, 1) * t;
    if (s == 0 && c == 0) {
        s = MAX (total / (d * t), 1);
        c = 1;
    } else if (c == 0) {
        c = MAX (total / (s * d * t), 1);
    } else if (s == 0) {
        s = MAX (total / (c * d * t), 1);
    }
    *sockets = s;
    *dies = d;
    *cores = c;
    *threads = t;
    return TRUE;
}

/* virt-install's refusal of a topology whose product is not the vCPU count. */
static gboolean
check_topology (const VireoInstallSpec  *spec,
                GError                 **error)
{
    guint s, d, c, t;
    guint64 product;

    if (spec->max_vcpus == 0 || !resolve_topology (spec, spec->max_vcpus, &s, &d, &c, &t))
        return TRUE;
    product = (guint64) s * d * c * t;
    if (product == spec->max_vcpus)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                 _("The CPU topology (sockets=%u * dies=%u * cores=%u * threads=%u = "
                   "%" PRIu64 ") does not match the vCPU count %u."),
                 s, d, c, t, product, spec->max_vcpus);
    return FALSE;
}

static void
add_memory_and_cpus (VireoDomainConfig *self, xmlNode *root)
{
    const VireoInstallSpec *spec = self->spec;
    guint64 mem = spec->memory_mib, cur = spec->current_memory_mib;
    guint vcpus = spec->vcpus, maxv = spec->max_vcpus;
    guint topo = 0;
    xmlNode *node;
    char buf[32];

    if (mem == 0 && self->os)
        mem = vireo_osinfo_recommended_ram_mib (self->os, self->arch);
    if (mem == 0)
        mem = 1024;
    if (cur == 0)
        cur = mem;
    if (spec->max_memory_mib) {
        node = add_text (root, "maxMemory",
                         (g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT,
                                      spec->max_memory_mib * 1024), buf));
        set (node, "slots", "16");
    }
    g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, mem * 1024);
    add_text (root, "memory", buf);
    g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, cur * 1024);
    add_text (root, "currentMemory", buf);

    if (spec->sockets || spec->dies || spec->cores || spec->threads)
        topo = MAX (spec->sockets, 1) * MAX (spec->dies, 1) * MAX (spec->cores, 1) *
               MAX (spec->threads, 1);
    if (maxv == 0)
        maxv = topo ? topo : 0;
    if (maxv == 0 && self->os)
        maxv = vireo_osinfo_recommended_cpus (self->os, self->arch);
    if (maxv == 0)
        maxv = 1;
    if (vcpus == 0)
        vcpus = maxv;
    g_snprintf (buf, sizeof buf, "%u", maxv);
    node = add_text (root, "vcpu", buf);
    if (vcpus != maxv)
        set_int (node, "current", vcpus);
    if (spec->cpuset)
        set (node, "cpuset", spec->cpuset);
}

static xmlNode *
add_or_find (xmlNode *root, const char *name)
{
    for (xmlNode *c = root->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
            return c;
    }
    return add (root, name);
}

static gboolean
uefi_available (VireoDomainConfig *self)
{
    return _vireo_domain_config_xpath_exists (self->domcaps,
                         "/domainCapabilities/os/enum[@name='firmware']/value[text()='efi']") ||
           _vireo_domain_config_xpath_exists (self->domcaps, "/domainCapabilities/os/loader/value");
}

/* virt-install's boot order.  The install phase of a --cdrom or --pxe
 * install boots its media first, then the hard disk when there is one (the
 * installer needs it marked bootable), whatever --boot says: --boot is the
 * installed VM's order.  Other install phases (a kernel, seed media only)
 * name no device.  The lasting VM boots --boot's list, else its disk when it
 * has one; a VM without a disk keeps booting what it installed from (a live
 * CD, the network), and an imported VM boots its first drive. */
static void
add_boot_order (VireoDomainConfig *self,
                xmlNode           *os,
                gboolean           install,
                gboolean           kernel,
                GPtrArray         *plans)
{
    const VireoInstallSpec *spec = self->spec;
    const char *method_dev = NULL;
    const char *first = NULL;
    gboolean has_disk = FALSE;

    if (spec->method == VIREO_INSTALL_METHOD_CDROM)
        method_dev = "cdrom";
    else if (spec->method == VIREO_INSTALL_METHOD_PXE)
        method_dev = "network";
    for (guint i = 0; i < plans->len; i++) {
        DiskPlan *plan = plans->pdata[i];

        has_disk |= g_str_equal (plan->device, "disk");
        if (first == NULL && !plan->install_media)
            first = g_str_equal (plan->device, "cdrom") ? "cdrom"
                    : g_str_equal (plan->device, "floppy") ? "fd" : "hd";
    }
    install = install && vireo_domain_config_has_install_phase (self);
    if (install) {
        if (kernel || method_dev == NULL)
            return;
        set (add (os, "boot"), "dev", method_dev);
        if (has_disk)
            set (add (os, "boot"), "dev", "hd");
        return;
    }
    if (spec->boot_devs->len) {
        for (guint i = 0; i < spec->boot_devs->len; i++)
            set (add (os, "boot"), "dev", g_ptr_array_index (spec->boot_devs, i));
        return;
    }
    if (kernel)
        return;     /* a direct kernel boot needs no boot device */
    if (method_dev)
        first = has_disk ? "hd" : method_dev;
    else if (first == NULL)
        first = "hd";
    set (add (os, "boot"), "dev", first);
    if (has_disk && !g_str_equal (first, "hd"))
        set (add (os, "boot"), "dev", "hd");
}

static void
add_os (VireoDomainConfig *self, xmlNode *root, VireoDomainConfigPhase phase,
        GPtrArray *plans)
{
    const VireoInstallSpec *spec = self->spec;
    xmlNode *os = add (root, "os");
    xmlNode *type = add_text (os, "type", "hvm");
    gboolean install = phase == VIREO_DOMAIN_CONFIG_INSTALL;
    gboolean uefi = spec->uefi == VIREO_TRISTATE_ON ||
                    g_strcmp0 (spec->firmware, "efi") == 0 ||
                    (spec->uefi == VIREO_TRISTATE_UNSET && spec->firmware == NULL &&
                     spec->kernel == NULL && self->os && is_x86 (self) &&
                     vireo_osinfo_requires_efi (self->os, self->arch) &&
                     uefi_available (self));
    const char *kernel = spec->kernel, *initrd = spec->initrd, *cmdline = spec->cmdline;
    g_autofree char *loc_kernel = NULL;
    g_autofree char *loc_initrd = NULL;

    set (type, "arch", self->arch);
    set (type, "machine", self->machine);
    if (uefi) {
        if (_vireo_domain_config_xpath_exists (self->domcaps,
                          "/domainCapabilities/os/enum[@name='firmware']/value[text()='efi']")) {
            set (os, "firmware", "efi");
        } else {
            g_autofree char *path = xpath_string (self->domcaps,
                                                  "/domainCapabilities/os/loader/value");
            xmlNode *loader = add_text (os, "loader", path ? path : "");
            set (loader, "readonly", "yes");
            set (loader, "type", "pflash");
        }
    }
    if (install && self->install_kernel) {
        kernel = self->install_kernel;
        initrd = self->install_initrd;
        cmdline = self->install_cmdline;
    } else if (install && spec->method == VIREO_INSTALL_METHOD_LOCATION) {
        loc_kernel = g_build_filename (spec->location,
                                       spec->location_kernel ? spec->location_kernel
                                                             : "linux", NULL);
        loc_initrd = g_build_filename (spec->location,
                                       spec->location_initrd ? spec->location_initrd
                                                             : "initrd.gz", NULL);
        kernel = loc_kernel;
        initrd = loc_initrd;
        cmdline = spec->extra_args;
    }
    if (kernel) {
        add_text (os, "kernel", kernel);
        if (initrd)
            add_text (os, "initrd", initrd);
        if (cmdline)
            add_text (os, "cmdline", cmdline);
    }
    add_boot_order (self, os, install, kernel != NULL, plans);
    /* The other sub-options of --boot (loader.secure=, nvram=, ...). */
    if (spec->boot->keys->len)
        _vireo_domain_config_apply_props (self, "boot", os, spec->boot);
    if (spec->boot_menu != VIREO_TRISTATE_UNSET)
        set (add (os, "bootmenu"), "enable", spec->boot_menu == VIREO_TRISTATE_ON ? "yes" : "no");
}

static void
add_features (VireoDomainConfig *self, xmlNode *root, gboolean spice)
{
    const VireoInstallSpec *spec = self->spec;
    xmlNode *features = add (root, "features");
    const char *acpi = vireo_install_props_get (spec->features, "acpi");
    const char *apic = vireo_install_props_get (spec->features, "apic");
    const char *vmport = vireo_install_props_get (spec->features, "vmport.state");
    const char *smm = vireo_install_props_get (spec->features, "smm.state");
    const char *hidden = vireo_install_props_get (spec->features, "kvm.hidden.state");
    const char *pmu = vireo_install_props_get (spec->features, "pmu.state");
    VireoTristate t = VIREO_TRISTATE_UNSET;

    if (is_qemu (self) && is_x86 (self)) {
        if (!(acpi && vireo_install_parse_onoff ("acpi", acpi, &t, NULL) &&
              t == VIREO_TRISTATE_OFF))
            add (features, "acpi");
        if (!(apic && vireo_install_parse_onoff ("apic", apic, &t, NULL) &&
              t == VIREO_TRISTATE_OFF))
            add (features, "apic");
    } else {
        if (acpi && vireo_install_parse_onoff ("acpi", acpi, &t, NULL) && t == VIREO_TRISTATE_ON)
            add (features, "acpi");
        if (apic && vireo_install_parse_onoff ("apic", apic, &t, NULL) && t == VIREO_TRISTATE_ON)
            add (features, "apic");
        if (self->caps_pae && g_strcmp0 (self->arch, "i686") == 0)
            add (features, "pae");
    }
    if (self->os && vireo_osinfo_is_windows (self->os) && is_x86 (self)) {
        xmlNode *hv = add (features, "hyperv");
        set (add (hv, "relaxed"), "state", "on");
        set (add (hv, "vapic"), "state", "on");
        xmlNode *spin = add (hv, "spinlocks");
        set (spin, "state", "on");
        set (spin, "retries", "8191");
    }
    if (hidden) {
        vireo_install_parse_onoff ("kvm.hidden.state", hidden, &t, NULL);
        set (add (add (features, "kvm"), "hidden"), "state", t == VIREO_TRISTATE_ON ? "on" : "off");
    }
    if (pmu) {
        vireo_install_parse_onoff ("pmu.state", pmu, &t, NULL);
        set (add (features, "pmu"), "state", t == VIREO_TRISTATE_ON ? "on" : "off");
    }
    if (vmport) {
        vireo_install_parse_onoff ("vmport.state", vmport, &t, NULL);
        set (add (features, "vmport"), "state", t == VIREO_TRISTATE_ON ? "on" : "off");
    } else if (spice && is_x86 (self)) {
        set (add (features, "vmport"), "state", "off");
    }
    if (smm) {
        vireo_install_parse_onoff ("smm.state", smm, &t, NULL);
        set (add (features, "smm"), "state", t == VIREO_TRISTATE_ON ? "on" : "off");
    }
}

static void
add_cpu (VireoDomainConfig *self, xmlNode *root)
{
    const VireoInstallSpec *spec = self->spec;
    const char *mode = spec->cpu_mode;
    gboolean topo = spec->sockets || spec->dies || spec->cores || spec->threads;
    xmlNode *cpu;

    /* On KVM for the host's own arch the guest sees the host CPU. */
    if (mode == NULL && !topo && spec->cpu_features->keys->len == 0 && is_qemu (self) &&
        g_strcmp0 (self->virt_type, "kvm") == 0 && g_strcmp0 (self->arch, self->host_arch) == 0)
        mode = "host-passthrough";
    if (mode == NULL && !topo && spec->cpu_features->keys->len == 0)
        return;
    cpu = add (root, "cpu");
    if (mode && g_str_equal (mode, "custom")) {
        set (cpu, "mode", "custom");
        set (cpu, "match", spec->cpu_match ? spec->cpu_match : "exact");
        add_text (cpu, "model", spec->cpu_model);
    } else if (mode) {
        set (cpu, "mode", mode);
    }
    if (topo) {
        guint s, d, c, t;
        xmlNode *node = add (cpu, "topology");

        resolve_topology (spec, spec->max_vcpus, &s, &d, &c, &t);
        set_int (node, "sockets", s);
        set_int (node, "dies", d);
        set_int (node, "cores", c);
        set_int (node, "threads", t);
    }
    for (guint i = 0; i < spec->cpu_features->keys->len; i++) {
        xmlNode *f = add (cpu, "feature");
        set (f, "policy", g_ptr_array_index (spec->cpu_features->values, i));
        set (f, "name", g_ptr_array_index (spec->cpu_features->keys, i));
    }
}

static void
add_clock (VireoDomainConfig *self, xmlNode *root)
{
    const VireoInstallSpec *spec = self->spec;
    const char *offset = vireo_install_props_get (spec->clock, "offset");
    xmlNode *clock = add (root, "clock");

    if (offset == NULL)
        offset = self->os ? vireo_osinfo_clock_offset (self->os) : "utc";
    set (clock, "offset", offset);
    if (is_qemu (self) && is_x86 (self)) {
        xmlNode *timer = add (clock, "timer");
        set (timer, "name", "rtc");
        set (timer, "tickpolicy", "catchup");
        timer = add (clock, "timer");
        set (timer, "name", "pit");
        set (timer, "tickpolicy", "delay");
        timer = add (clock, "timer");
        set (timer, "name", "hpet");
        set (timer, "present", "no");
        /* Also under plain emulation: the same XML as virt-install's, and a
         * guest defined on TCG keeps its Hyper-V clock when moved to KVM. */
        if (self->os && vireo_osinfo_is_windows (self->os)) {
            timer = add (clock, "timer");
            set (timer, "name", "hypervclock");
            set (timer, "present", "yes");
        }
    }
}

static void
remove_os_boot_if_device_order (xmlDoc *doc)
{
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (!_vireo_domain_config_xpath_exists (doc, "/domain/devices/*/boot[@order]"))
        return;
    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression (BAD_CAST "/domain/os/boot", ctx);
    for (int i = 0; obj && obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
        xmlNode *node = obj->nodesetval->nodeTab[i];

        xmlUnlinkNode (node);
        xmlFreeNode (node);
    }
}

/* ----------------------------------------------------------------- GObject */

static void
vireo_domain_config_finalize (GObject *object)
{
    VireoDomainConfig *self = VIREO_DOMAIN_CONFIG (object);

    g_free (self->uuid);
    g_free (self->uri);
    g_clear_pointer (&self->caps, xmlFreeDoc);
    g_clear_pointer (&self->domcaps, xmlFreeDoc);
    g_free (self->pool_dir);
    g_free (self->default_network);
    g_clear_object (&self->os);
    g_hash_table_unref (self->disk_formats);
    g_ptr_array_unref (self->new_volumes);
    g_ptr_array_unref (self->install_disks);
    g_ptr_array_unref (self->install_floppies);
    g_free (self->install_kernel);
    g_free (self->install_initrd);
    g_free (self->install_cmdline);
    g_free (self->virt_type);
    g_free (self->arch);
    g_free (self->machine);
    g_free (self->emulator);
    g_free (self->host_arch);
    g_ptr_array_unref (self->machines);
    g_clear_error (&self->apply_error);

    G_OBJECT_CLASS (vireo_domain_config_parent_class)->finalize (object);
}

static void
vireo_domain_config_class_init (VireoDomainConfigClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vireo_domain_config_finalize;
}

static void
vireo_domain_config_init (VireoDomainConfig *self)
{
    self->disk_formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->new_volumes = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_domain_config_volume_free);
    self->machines = g_ptr_array_new_with_free_func (g_free);
    self->install_disks = g_ptr_array_new_with_free_func (g_free);
    self->install_floppies = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_install_disk_free);
    self->pool_dir = g_strdup ("/var/lib/libvirt/images");
    self->uuid = g_uuid_string_random ();
}

/* -------------------------------------------------------------- public API */

void
vireo_domain_config_volume_free (VireoDomainConfigVolume *volume)
{
    if (volume == NULL)
        return;
    g_free (volume->path);
    g_free (volume->pool);
    g_free (volume->name);
    g_free (volume->format);
    g_free (volume->backing);
    g_free (volume->backing_format);
    g_free (volume);
}

VireoDomainConfig *
vireo_domain_config_new (const VireoInstallSpec *spec)
{
    VireoDomainConfig *self;

    g_return_val_if_fail (spec != NULL, NULL);
    self = g_object_new (VIREO_TYPE_DOMAIN_CONFIG, NULL);
    self->spec = spec;
    return self;
}

void
vireo_domain_config_set_uri (VireoDomainConfig *self,
                             const char        *uri)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
    g_return_if_fail (uri != NULL);

    g_free (self->uri);
    self->uri = g_strdup (uri);
    if (g_str_has_prefix (uri, "test:"))
        self->driver = VIREO_DOMAIN_CONFIG_DRIVER_TEST;
    else if (g_str_has_prefix (uri, "qemu"))
        self->driver = VIREO_DOMAIN_CONFIG_DRIVER_QEMU;
    else
        self->driver = VIREO_DOMAIN_CONFIG_DRIVER_OTHER;
    self->embedded = vireo_embed_uri_get_root (uri, NULL);
    self->privileged = g_str_has_suffix (uri, "/system");
    self->remote = strchr (uri, '+') != NULL ||
                   (strstr (uri, "://") && strstr (uri, "://")[3] != '/');
}

void
vireo_domain_config_set_capabilities (VireoDomainConfig *self,
                                      const char        *caps_xml)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));

    g_clear_pointer (&self->caps, xmlFreeDoc);
    if (caps_xml)
        self->caps = xmlReadMemory (caps_xml, strlen (caps_xml), "caps.xml", NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

void
vireo_domain_config_set_domain_capabilities (VireoDomainConfig *self,
                                             const char        *domcaps_xml)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));

    g_clear_pointer (&self->domcaps, xmlFreeDoc);
    if (domcaps_xml)
        self->domcaps = xmlReadMemory (domcaps_xml, strlen (domcaps_xml), "domcaps.xml", NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING);
}

void
vireo_domain_config_set_pool_directory (VireoDomainConfig *self,
                                        const char        *directory)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
    g_free (self->pool_dir);
    self->pool_dir = g_strdup (directory);
}

void
vireo_domain_config_set_default_network (VireoDomainConfig *self,
                                         const char        *network)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
    g_free (self->default_network);
    self->default_network = g_strdup (network);
}

void
vireo_domain_config_set_os (VireoDomainConfig *self,
                            OsinfoOs          *os)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
    g_set_object (&self->os, os);
}

void
vireo_domain_config_set_disk_format (VireoDomainConfig *self,
                                     const char        *path,
                                     const char        *format)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
    g_hash_table_replace (self->disk_formats, g_strdup (path), g_strdup (format));
}

void
vireo_domain_config_set_install_boot (VireoDomainConfig *self,
                                      const char        *kernel,
                                      const char        *initrd,
                                      const char        *cmdline)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));

    g_free (self->install_kernel);
    g_free (self->install_initrd);
    g_free (self->install_cmdline);
    self->install_kernel = g_strdup (kernel);
    self->install_initrd = g_strdup (initrd);
    self->install_cmdline = cmdline && *cmdline ? g_strdup (cmdline) : NULL;
}

void
vireo_domain_config_add_install_cdrom (VireoDomainConfig *self,
                                       const char        *path)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
    g_return_if_fail (path != NULL);

    g_ptr_array_add (self->install_disks, g_strdup (path));
}

void
vireo_domain_config_add_install_floppy (VireoDomainConfig *self,
                                        const char        *path)
{
    VireoInstallDisk *disk;

    g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
    g_return_if_fail (path != NULL);

    disk = vireo_install_disk_new ();
    disk->path = g_strdup (path);
    disk->device = g_strdup ("floppy");
    disk->format = g_strdup ("raw");
    g_ptr_array_add (self->install_floppies, disk);
}

const char *
vireo_domain_config_get_install_target_disk (VireoDomainConfig *self)
{
    const VireoInstallDisk *first = NULL;
    const char *bus;

    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

    for (guint i = 0; i < self->spec->disks->len && first == NULL; i++) {
        const VireoInstallDisk *d = self->spec->disks->pdata[i];
        if (d->device == NULL || g_str_equal (d->device, "disk"))
            first = d;
    }
    bus = first && first->bus ? first->bus : virtio_ok (self, "virtio-disk") ? "virtio" : "sata";
    return g_str_equal (bus, "virtio") ? "/dev/vda" : g_str_equal (bus, "ide") ? "/dev/hda"
                                                                               : "/dev/sda";
}

gboolean
vireo_domain_config_resolve (VireoDomainConfig *self,
                             GError           **error)
{
    const VireoInstallSpec *spec;
    g_autofree char *want_arch = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) guests = NULL;
    xmlNode *best_arch = NULL, *best_domain = NULL;
    int best_rank = -1;

    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);
    spec = self->spec;

    if (self->caps == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                     _("The hypervisor's capabilities could not be read."));
        return FALSE;
    }
    g_free (self->host_arch);
    self->host_arch = xpath_string (self->caps, "/capabilities/host/cpu/arch");
    want_arch = g_strdup (spec->arch ? spec->arch : self->host_arch);
    self->caps_pae = _vireo_domain_config_xpath_exists (
        self->caps, "/capabilities/guest[os_type='hvm']/features/pae");

    /* Each hvm guest arch and its domain types; rank kvm over qemu over the
     * rest unless --virt-type says. */
    ctx = xmlXPathNewContext (self->caps);
    guests = xmlXPathEvalExpression (
        BAD_CAST "/capabilities/guest[os_type='hvm']/arch", ctx);
    for (int i = 0; guests && guests->nodesetval && i < guests->nodesetval->nodeNr; i++) {
        xmlNode *arch = guests->nodesetval->nodeTab[i];
        xmlChar *name = xmlGetProp (arch, BAD_CAST "name");
        gboolean arch_ok = g_strcmp0 ((const char *) name, want_arch) == 0;

        xmlFree (name);
        if (!arch_ok)
            continue;
        for (xmlNode *n = arch->children; n; n = n->next) {
            xmlChar *type;
            int rank;

            if (n->type != XML_ELEMENT_NODE || !xmlStrEqual (n->name, BAD_CAST "domain"))
                continue;
            type = xmlGetProp (n, BAD_CAST "type");
            if (spec->virt_type)
                rank = g_strcmp0 ((const char *) type, spec->virt_type) == 0 ? 10 : -1;
            else if (xmlStrEqual (type, BAD_CAST "kvm"))
                rank = 3;
            else if (xmlStrEqual (type, BAD_CAST "qemu"))
                rank = 2;
            else
                rank = 1;
            if (rank > best_rank) {
                best_rank = rank;
                best_arch = arch;
                best_domain = n;
            }
            xmlFree (type);
        }
    }
    if (best_domain == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                     _("The host does not offer domain type “%s” for hvm guests with "
                       "architecture “%s”."), spec->virt_type ? spec->virt_type : "any",
                     want_arch);
        return FALSE;
    }
    {
        xmlChar *type = xmlGetProp (best_domain, BAD_CAST "type");
        g_free (self->virt_type);
        self->virt_type = g_strdup ((const char *) type);
        xmlFree (type);
    }
    g_free (self->arch);
    self->arch = g_strdup (want_arch);
    g_free (self->emulator);
    self->emulator = NULL;
    g_ptr_array_set_size (self->machines, 0);
    /* The domain's own emulator and machines win over the arch's. */
    for (int pass = 0; pass < 2; pass++) {
        xmlNode *parent = pass == 0 ? best_domain : best_arch;
        for (xmlNode *n = parent->children; n; n = n->next) {
            xmlChar *content;
            if (n->type != XML_ELEMENT_NODE)
                continue;
            content = xmlNodeGetContent (n);
            if (xmlStrEqual (n->name, BAD_CAST "emulator") && self->emulator == NULL)
                self->emulator = g_strdup ((const char *) content);
            if (xmlStrEqual (n->name, BAD_CAST "machine") &&
                (pass == 0 || self->machines->len == 0 || parent == best_arch)) {
                if (pass == 0 || !g_ptr_array_find_with_equal_func (self->machines, content,
                                                                    g_str_equal, NULL))
                    g_ptr_array_add (self->machines, g_strdup ((const char *) content));
            }
            xmlFree (content);
        }
        if (pass == 0 && self->machines->len > 0)
            break;
    }

    g_free (self->machine);
    self->machine = NULL;
    if (spec->machine) {
        if (!g_ptr_array_find_with_equal_func (self->machines, spec->machine, g_str_equal,
                                               NULL)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                         _("The host does not offer machine type “%s” for %s guests with "
                           "architecture “%s”."), spec->machine, self->virt_type, self->arch);
            return FALSE;
        }
        self->machine = g_strdup (spec->machine);
    } else if (is_qemu (self) && is_x86 (self) &&
               g_ptr_array_find_with_equal_func (self->machines, "q35", g_str_equal, NULL) &&
               os_supports (self, "q35")) {
        self->machine = g_strdup ("q35");
    } else if (self->machines->len > 0) {
        self->machine = g_strdup (g_ptr_array_index (self->machines, 0));
    }
    return TRUE;
}

const char *
vireo_domain_config_get_virt_type (VireoDomainConfig *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
    return self->virt_type;
}

const char *
vireo_domain_config_get_arch (VireoDomainConfig *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
    return self->arch;
}

const char *
vireo_domain_config_get_machine (VireoDomainConfig *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
    return self->machine;
}

const char *
vireo_domain_config_get_emulator (VireoDomainConfig *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
    return self->emulator;
}

gboolean
vireo_domain_config_has_install_phase (VireoDomainConfig *self)
{
    VireoInstallMethod m;

    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);
    m = self->spec->method;
    /* Seed media are attached for the first boot only. */
    return m == VIREO_INSTALL_METHOD_CDROM || m == VIREO_INSTALL_METHOD_LOCATION ||
           m == VIREO_INSTALL_METHOD_PXE || self->install_disks->len > 0 ||
           self->install_floppies->len > 0;
}

GPtrArray *
vireo_domain_config_get_new_volumes (VireoDomainConfig *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
    return self->new_volumes;
}

char *
vireo_domain_config_build_xml (VireoDomainConfig      *self,
                               VireoDomainConfigPhase  phase,
                               GError                **error)
{
    const VireoInstallSpec *spec;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) plans = NULL;
    xmlNode *root, *pm;
    xmlChar *out = NULL;
    int len = 0;
    gboolean spice = FALSE, uefi;
    char *ret;

    g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
    g_return_val_if_fail (self->virt_type != NULL, NULL);
    spec = self->spec;

    if ((spec->uefi == VIREO_TRISTATE_ON || g_strcmp0 (spec->firmware, "efi") == 0) &&
        !uefi_available (self)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("UEFI firmware is not available on this hypervisor."));
        return NULL;
    }
    if (spec->name != NULL && !g_utf8_validate (spec->name, -1, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The name of the virtual machine is not valid UTF-8 text."));
        return NULL;
    }
    if (!check_topology (spec, error))
        return NULL;
    plans = _vireo_domain_config_plan_disks (self, error);
    if (plans == NULL)
        return NULL;
    if (!spec->no_graphics) {
        if (spec->graphics->len == 0)
            spice = _vireo_domain_config_supports_spice (self);
        for (guint i = 0; i < spec->graphics->len; i++)
            spice |= g_strcmp0 (((VireoInstallGraphics *) spec->graphics->pdata[i])->type,
                                "spice") == 0 ||
                     (((VireoInstallGraphics *) spec->graphics->pdata[i])->type == NULL &&
                      _vireo_domain_config_supports_spice (self));
    }

    doc = xmlNewDoc (BAD_CAST "1.0");
    root = xmlNewNode (NULL, BAD_CAST "domain");
    xmlDocSetRootElement (doc, root);
    set (root, "type", self->virt_type);
    add_text (root, "name", spec->name);
    add_text (root, "uuid", self->uuid);
    if (self->os) {
        xmlNode *meta = add (root, "metadata");
        xmlNs *ns;
        xmlNode *lo = xmlNewChild (meta, NULL, BAD_CAST "libosinfo", NULL);
        ns = xmlNewNs (lo, BAD_CAST "http://libosinfo.org/xmlns/libvirt/domain/1.0",
                       BAD_CAST "libosinfo");
        xmlSetNs (lo, ns);
        set (xmlNewChild (lo, ns, BAD_CAST "os", NULL), "id",
             osinfo_entity_get_id (OSINFO_ENTITY (self->os)));
    }
    add_memory_and_cpus (self, root);
    if (vireo_install_props_get (spec->memory_backing, "hugepages") ||
        vireo_install_props_get (spec->memory_backing, "source.type") ||
        vireo_install_props_get (spec->memory_backing, "access.mode")) {
        xmlNode *mb = add (root, "memoryBacking");
        if (vireo_install_props_get (spec->memory_backing, "hugepages"))
            add (mb, "hugepages");
        if (vireo_install_props_get (spec->memory_backing, "source.type"))
            set (add (mb, "source"), "type",
                 vireo_install_props_get (spec->memory_backing, "source.type"));
        if (vireo_install_props_get (spec->memory_backing, "access.mode"))
            set (add (mb, "access"), "mode",
                 vireo_install_props_get (spec->memory_backing, "access.mode"));
    }
    add_os (self, root, phase, plans);
    uefi = _vireo_domain_config_xpath_exists (doc, "/domain/os/loader[@type='pflash']") ||
           _vireo_domain_config_xpath_exists (doc, "/domain/os[@firmware='efi']");
    add_features (self, root, spice);
    add_cpu (self, root);
    add_clock (self, root);
    if (phase == VIREO_DOMAIN_CONFIG_INSTALL && vireo_domain_config_has_install_phase (self))
        add_text (root, "on_reboot", "destroy");
    pm = add (root, "pm");
    set (add (pm, "suspend-to-mem"), "enabled", "no");
    set (add (pm, "suspend-to-disk"), "enabled", "no");
    _vireo_domain_config_add_devices (self, root, phase, plans, spice, uefi);
    /* The sections' sub-options, written by the option tables too. */
    if (spec->features->keys->len)
        _vireo_domain_config_apply_props (self, "features", add_or_find (root, "features"),
                                          spec->features);
    if (spec->clock->keys->len)
        _vireo_domain_config_apply_props (self, "clock", add_or_find (root, "clock"),
                                          spec->clock);
    if (spec->memory_backing->keys->len)
        _vireo_domain_config_apply_props (self, "memorybacking",
                                          add_or_find (root, "memoryBacking"),
                                          spec->memory_backing);
    if (self->apply_error) {
        g_propagate_error (error, g_steal_pointer (&self->apply_error));
        return NULL;
    }
    /* Devices with a boot order of their own (boot.order=) replace the
     * machine's list, which libvirt refuses beside them. */
    if (spec->boot_devs->len == 0)
        remove_os_boot_if_device_order (doc);

    xmlDocDumpFormatMemoryEnc (doc, &out, &len, "UTF-8", 1);
    /* Without the XML declaration, as libvirt and virt-install print it. */
    ret = g_strdup (strstr ((const char *) out, "<domain"));
    xmlFree (out);
    return ret;
}
