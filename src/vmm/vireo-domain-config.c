/* vireo-domain-config.c: domain XML for a new VM, built with libxml2
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/tree.h>

#include "vireo-embed.h"
#include "vireo-osinfo.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

#define PCIE_ROOT_PORTS 14

struct _VireoDomainConfig {
    GObject parent_instance;

    /* borrowed */
    const VireoInstallSpec *spec;

    /* owned */
    char       *uuid;           /* the same in both phases' documents */
    char       *uri;
    VireoDomainConfigDriver driver;
    gboolean    privileged;     /* qemu:///system */
    gboolean    remote;
    gboolean    embedded;
    xmlDoc     *caps;
    xmlDoc     *domcaps;
    char       *pool_dir;
    char       *default_network;
    OsinfoOs   *os;
    GHashTable *disk_formats;   /* path -> format */
    GPtrArray  *new_volumes;    /* VireoDomainConfigVolume* */

    /* resolved */
    char       *virt_type;
    char       *arch;
    char       *machine;
    char       *emulator;
    char       *host_arch;
    GPtrArray  *machines;       /* char* */
    gboolean    caps_pae;
};

G_DEFINE_TYPE (VireoDomainConfig, vireo_domain_config, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- helpers */

static xmlNode *
add (xmlNode *parent, const char *name)
{
    return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

static xmlNode *
add_text (xmlNode *parent, const char *name, const char *text)
{
    xmlNode *node = xmlNewChild (parent, NULL, BAD_CAST name, NULL);

    xmlNodeAddContent (node, BAD_CAST text);
    return node;
}

static void
set (xmlNode *node, const char *name, const char *value)
{
    if (value)
        xmlSetProp (node, BAD_CAST name, BAD_CAST value);
}

static void
set_int (xmlNode *node, const char *name, gint64 value)
{
    char buf[32];

    g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
    xmlSetProp (node, BAD_CAST name, BAD_CAST buf);
}

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

static gboolean
xpath_exists (xmlDoc *doc, const char *expr)
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

static gboolean
is_qemu (VireoDomainConfig *self)
{
    return self->driver == VIREO_DOMAIN_CONFIG_DRIVER_QEMU;
}

static gboolean
is_x86 (VireoDomainConfig *self)
{
    return g_strcmp0 (self->arch, "x86_64") == 0 || g_strcmp0 (self->arch, "i686") == 0;
}

static gboolean
is_q35 (VireoDomainConfig *self)
{
    return self->machine && (g_str_equal (self->machine, "q35") ||
                             g_str_has_prefix (self->machine, "pc-q35"));
}

static gboolean
os_supports (VireoDomainConfig *self, const char *what)
{
    return self->os && vireo_osinfo_supports (self->os, what);
}

/* virtio needs QEMU and an OS that has the driver. */
static gboolean
virtio_ok (VireoDomainConfig *self, const char *what)
{
    return is_qemu (self) && is_x86 (self) && os_supports (self, what);
}

static gboolean
domcaps_has_value (VireoDomainConfig *self, const char *element, const char *enum_name,
                   const char *value)
{
    g_autofree char *expr = g_strdup_printf (
        "/domainCapabilities/devices/%s/enum[@name='%s']/value[text()='%s']",
        element, enum_name, value);
    return xpath_exists (self->domcaps, expr);
}

static gboolean
supports_spice (VireoDomainConfig *self)
{
    if (self->domcaps == NULL ||
        !xpath_exists (self->domcaps, "/domainCapabilities/devices/graphics[@supported='yes']"))
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
         !xpath_exists (self->domcaps,
                        "/domainCapabilities/devices/video/enum[@name='modelType']")))
        return supports_spice (self);
    return domcaps_has_value (self, "video", "modelType", model);
}

/* ------------------------------------------------------------- the choices */

typedef struct {
    const char *type;      /* bus-independent facts of one disk in the XML */
    char       *device;
    char       *bus;
    char       *target;
    char       *path;
    char       *format;
    gboolean    block;
    gboolean    readonly;
    gboolean    shareable;
    gboolean    discard_unmap;
    gboolean    install_media;
    const VireoInstallDisk *disk;
} DiskPlan;

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
                taken = g_str_equal (((VireoDomainConfigVolume *) self->new_volumes->pdata[j])->path,
                                     plan->path);
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
        vol->format = g_strdup (disk->format ? disk->format : "qcow2");
        vol->capacity = (guint64) (disk->size_gib * 1024 * 1024 * 1024);
        vol->sparse = disk->sparse != VIREO_TRISTATE_OFF;
        g_ptr_array_add (self->new_volumes, vol);
        plan->format = g_strdup (vol->format);
        /* A sparse new image is told to give freed blocks back. */
        plan->discard_unmap = is_qemu (self) && g_str_equal (device, "disk") &&
                              (vol->sparse || g_str_equal (vol->format, "qcow2"));
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

static GPtrArray *
plan_disks (VireoDomainConfig *self, GError **error)
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
    return g_steal_pointer (&plans);
}

/* ------------------------------------------------------------ XML sections */

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

static gboolean
uefi_available (VireoDomainConfig *self)
{
    return xpath_exists (self->domcaps,
                         "/domainCapabilities/os/enum[@name='firmware']/value[text()='efi']") ||
           xpath_exists (self->domcaps, "/domainCapabilities/os/loader/value");
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
        if (xpath_exists (self->domcaps,
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
    if (install && spec->method == VIREO_INSTALL_METHOD_LOCATION) {
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
    /* Boot order: --boot's list, else what the method boots first. */
    if (spec->boot_devs->len) {
        for (guint i = 0; i < spec->boot_devs->len; i++)
            set (add (os, "boot"), "dev", g_ptr_array_index (spec->boot_devs, i));
    } else if (kernel) {
        /* a direct kernel boot needs no boot device */
    } else if (spec->method == VIREO_INSTALL_METHOD_PXE) {
        set (add (os, "boot"), "dev", "network");
    } else if (install && spec->method == VIREO_INSTALL_METHOD_CDROM) {
        set (add (os, "boot"), "dev", "cdrom");
        set (add (os, "boot"), "dev", "hd");
    } else {
        /* Boot from whichever kinds of drives the VM has, floppy and CD
         * before the hard disk. */
        static const struct { const char *device, *dev; } kinds[] = {
            { "floppy", "fd" }, { "cdrom", "cdrom" }, { "disk", "hd" },
        };
        gboolean any = FALSE;
        for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
            gboolean present = FALSE;
            for (guint i = 0; i < plans->len && !present; i++) {
                DiskPlan *plan = plans->pdata[i];
                present = g_str_equal (plan->device, kinds[k].device) && !plan->install_media;
            }
            if (present || (k == 2 && !any)) {
                set (add (os, "boot"), "dev", kinds[k].dev);
                any = TRUE;
            }
        }
    }
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
        guint total = spec->max_vcpus ? spec->max_vcpus : 0;
        guint s = spec->sockets, d = spec->dies ? spec->dies : 1, c = spec->cores;
        guint t = spec->threads;
        xmlNode *node = add (cpu, "topology");

        /* Fill in what is missing so that the product is the vCPU count. */
        if (total == 0)
            total = MAX (s, 1) * d * MAX (c, 1) * MAX (t, 1);
        if (t == 0)
            t = 1;
        if (s == 0 && c == 0) {
            s = MAX (total / (d * t), 1);
            c = 1;
        } else if (c == 0) {
            c = MAX (total / (s * d * t), 1);
        } else if (s == 0) {
            s = MAX (total / (c * d * t), 1);
        }
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
        if (self->os && vireo_osinfo_is_windows (self->os) &&
            g_strcmp0 (self->virt_type, "kvm") == 0) {
            timer = add (clock, "timer");
            set (timer, "name", "hypervclock");
            set (timer, "present", "yes");
        }
    }
}

static void
add_disks (VireoDomainConfig *self, xmlNode *devices, GPtrArray *plans,
           VireoDomainConfigPhase phase)
{
    for (guint i = 0; i < plans->len; i++) {
        DiskPlan *plan = plans->pdata[i];
        xmlNode *disk = add (devices, "disk");
        /* Windows installers reboot several times from their CD: keep it. */
        gboolean keep_media = self->os && vireo_osinfo_is_windows (self->os);
        gboolean with_source = plan->path &&
                               !(plan->install_media && phase == VIREO_DOMAIN_CONFIG_FINAL &&
                                 !keep_media);
        xmlNode *node;

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
}

static void
add_char (xmlNode *devices, const char *element, const VireoInstallDevice *dev)
{
    xmlNode *node = add (devices, element);
    const char *path = vireo_install_props_get (dev->props, "path");
    const char *mode = vireo_install_props_get (dev->props, "mode");
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
}

static void
add_graphics (VireoDomainConfig *self, xmlNode *devices, const VireoInstallGraphics *gfx)
{
    xmlNode *node = add (devices, "graphics");
    const char *type = gfx && gfx->type ? gfx->type : (supports_spice (self) ? "spice" : "vnc");
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

static gboolean
add_devices (VireoDomainConfig *self, xmlNode *root, VireoDomainConfigPhase phase,
             GPtrArray *plans, gboolean spice, gboolean uefi)
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
    }

    if (!spec->no_networks) {
        if (spec->networks->len == 0)
            add_interface (self, devices, NULL);
        for (guint i = 0; i < spec->networks->len; i++)
            add_interface (self, devices, spec->networks->pdata[i]);
    }

    for (guint i = 0; i < spec->serials->len; i++)
        add_char (devices, "serial", spec->serials->pdata[i]);
    for (guint i = 0; i < spec->consoles->len; i++)
        add_char (devices, "console", spec->consoles->pdata[i]);
    if (spec->serials->len == 0 && spec->consoles->len == 0)
        set (add (devices, "console"), "type", "pty");

    for (guint i = 0; i < spec->channels->len; i++) {
        VireoInstallDevice *dev = spec->channels->pdata[i];
        add_char (devices, "channel", dev);
        has_spicevmc |= g_strcmp0 (dev->type, "spicevmc") == 0;
    }
    if (spec->channels->len == 0 && is_qemu (self) && virtio_ok (self, "virtio-serial")) {
        g_autoptr(VireoInstallDevice) agent = vireo_install_device_new ("unix");
        add_char (devices, "channel", agent);
    }
    if (spice && !has_spicevmc) {
        g_autoptr(VireoInstallDevice) vmc = vireo_install_device_new ("spicevmc");
        add_char (devices, "channel", vmc);
    }

    for (guint i = 0; i < spec->inputs->len; i++) {
        VireoInstallDevice *dev = spec->inputs->pdata[i];
        xmlNode *node = add (devices, "input");
        const char *bus = vireo_install_props_get (dev->props, "bus");
        set (node, "type", dev->type ? dev->type : "tablet");
        set (node, "bus", bus ? bus : (g_strcmp0 (dev->type, "mouse") == 0 ||
                                      g_strcmp0 (dev->type, "keyboard") == 0) &&
                                     !is_x86 (self) ? "virtio" : "usb");
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
        set (add (devices, "sound"), "model", model);
    }
    if (spec->sounds->len == 0 && !spec->no_sound && spice)
        set (add (devices, "sound"), "model", is_q35 (self) ? "ich9" : "ich6");

    for (guint i = 0; i < spec->videos->len; i++) {
        VireoInstallDevice *dev = spec->videos->pdata[i];
        xmlNode *model = add (add (devices, "video"), "model");
        const char *heads = vireo_install_props_get (dev->props, "model.heads");
        const char *accel = vireo_install_props_get (dev->props, "model.acceleration.accel3d");
        set (model, "type", dev->type && !g_str_equal (dev->type, "default") ? dev->type
                            : default_video_model (self, spice, gl, uefi));
        set (model, "heads", heads);
        set (model, "vram", vireo_install_props_get (dev->props, "model.vram"));
        if (accel)
            set (add (model, "acceleration"), "accel3d", accel);
    }
    if (spec->videos->len == 0 && has_graphics) {
        const char *type = default_video_model (self, spice, gl, uefi);
        xmlNode *model = add (add (devices, "video"), "model");
        set (model, "type", type);
        if (spice && gl && g_str_equal (type, "virtio"))
            set (add (model, "acceleration"), "accel3d", "yes");
    }

    for (guint i = 0; i < spec->hostdevs->len; i++)
        add_hostdev (devices, spec->hostdevs->pdata[i]);

    for (guint i = 0; i < spec->redirdevs->len; i++) {
        VireoInstallDevice *dev = spec->redirdevs->pdata[i];
        xmlNode *node = add (devices, "redirdev");
        const char *type = vireo_install_props_get (dev->props, "type");
        set (node, "bus", dev->type ? dev->type : "usb");
        set (node, "type", type ? type : "spicevmc");
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
    }
    if (spec->panic) {
        xmlNode *node = add (devices, "panic");
        const char *model = spec->panic->type;
        if (model == NULL || g_str_equal (model, "default"))
            model = is_x86 (self) ? "isa" : NULL;
        set (node, "model", model);
    }

    if (spec->memballoon) {
        if (g_strcmp0 (spec->memballoon->type, "none") == 0)
            set (add (devices, "memballoon"), "model", "none");
        else
            set (add (devices, "memballoon"), "model",
                 spec->memballoon->type && !g_str_equal (spec->memballoon->type, "default") ?
                 spec->memballoon->type : "virtio");
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
    } else if (spec->rng == NULL && virtio_ok (self, "virtio-rng")) {
        xmlNode *rng = add (devices, "rng");
        set (rng, "model", "virtio");
        set (add_text (rng, "backend", "/dev/urandom"), "model", "random");
    }
    return TRUE;
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
    g_free (self->virt_type);
    g_free (self->arch);
    g_free (self->machine);
    g_free (self->emulator);
    g_free (self->host_arch);
    g_ptr_array_unref (self->machines);

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
    self->caps_pae = xpath_exists (self->caps, "/capabilities/guest[os_type='hvm']/features/pae");

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
    return m == VIREO_INSTALL_METHOD_CDROM || m == VIREO_INSTALL_METHOD_LOCATION ||
           m == VIREO_INSTALL_METHOD_PXE;
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
    plans = plan_disks (self, error);
    if (plans == NULL)
        return NULL;
    if (!spec->no_graphics) {
        if (spec->graphics->len == 0)
            spice = supports_spice (self);
        for (guint i = 0; i < spec->graphics->len; i++)
            spice |= g_strcmp0 (((VireoInstallGraphics *) spec->graphics->pdata[i])->type,
                                "spice") == 0 ||
                     (((VireoInstallGraphics *) spec->graphics->pdata[i])->type == NULL &&
                      supports_spice (self));
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
    uefi = xpath_exists (doc, "/domain/os/loader[@type='pflash']") ||
           xpath_exists (doc, "/domain/os[@firmware='efi']");
    add_features (self, root, spice);
    add_cpu (self, root);
    add_clock (self, root);
    if (phase == VIREO_DOMAIN_CONFIG_INSTALL && vireo_domain_config_has_install_phase (self))
        add_text (root, "on_reboot", "destroy");
    pm = add (root, "pm");
    set (add (pm, "suspend-to-mem"), "enabled", "no");
    set (add (pm, "suspend-to-disk"), "enabled", "no");
    add_devices (self, root, phase, plans, spice, uefi);

    xmlDocDumpFormatMemoryEnc (doc, &out, &len, "UTF-8", 1);
    /* Without the XML declaration, as libvirt and virt-install print it. */
    ret = g_strdup (strstr ((const char *) out, "<domain"));
    xmlFree (out);
    return ret;
}
