/* vireo-install-options.c: virt-install's command-line grammar
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-cli-grammar.h"
#include "vireo-vmm-error.h"

#define OPT_FLAG VIREO_CLI_FLAG
#define OPT_VALUE VIREO_CLI_VALUE
#define OPT_SUBOPTS VIREO_CLI_SUBOPTS

typedef VireoCliOption OptDef;

/* ------------------------------------------------------------------ helpers */

#define set_error vireo_cli_error

/* The sub-options of @p that are not in @known go to @extra, for the option
 * tables to write (the same XML vireo-xml writes for them). */
static void
keep_extra (VireoInstallProps *p, const char * const *known, VireoInstallProps *extra)
{
    for (guint i = 0; i < p->keys->len; i++) {
        const char *key = p->keys->pdata[i];

        if (!g_strv_contains (known, key))
            vireo_install_props_set (extra, key, p->values->pdata[i]);
    }
}

static gboolean
parse_uint (const char *key, const char *value, guint64 *out, GError **error)
{
    char *end = NULL;
    guint64 v;

    if (value == NULL || *value == '\0' || !g_ascii_isdigit (*value))
        return set_error (error, _("Value “%s” of “%s” is not a whole number."),
                          value ? value : "", key);
    errno = 0;
    v = g_ascii_strtoull (value, &end, 10);
    if (errno != 0 || *end != '\0')
        return set_error (error, _("Value “%s” of “%s” is not a whole number."), value, key);
    *out = v;
    return TRUE;
}

static gboolean
parse_guint (const char *key, const char *value, guint *out, GError **error)
{
    guint64 v;

    if (!parse_uint (key, value, &v, error))
        return FALSE;
    if (v > G_MAXINT)
        return set_error (error, _("Value “%s” of “%s” is too large."), value, key);
    *out = (guint) v;
    return TRUE;
}

static gboolean
parse_int (const char *key, const char *value, int *out, GError **error)
{
    char *end = NULL;
    gint64 v;

    errno = 0;
    v = value ? g_ascii_strtoll (value, &end, 10) : 0;
    if (value == NULL || *value == '\0' || errno != 0 || *end != '\0' ||
        v < G_MININT || v > G_MAXINT)
        return set_error (error, _("Value “%s” of “%s” is not a number."),
                          value ? value : "", key);
    *out = (int) v;
    return TRUE;
}

static gboolean
onoff (const char *key, const char *value, VireoTristate *out, GError **error)
{
    return vireo_install_parse_onoff (key, value, out, error);
}

static const char *
prop (VireoInstallProps *props, const char *key)
{
    return vireo_install_props_get (props, key);
}

static void
take_str (char **field, const char *value)
{
    g_free (*field);
    *field = g_strdup (value);
}

/* Like take_str() for a local file name: a relative one is made absolute
 * against the current directory, as virt-install does (libvirt and the
 * storage code need absolute paths).  URLs are kept as they are. */
static void
take_path (char **field, const char *value)
{
    g_free (*field);
    *field = vireo_cli_absolute_path (value);
}

/* --------------------------------------------------------- apply functions */

static gboolean
apply_connect (gpointer target, const OptDef *d, const char *v,
               VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    take_str (&o->connect, v);
    return TRUE;
}

static gboolean
apply_name (gpointer target, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    take_str (&o->spec->name, v);
    return TRUE;
}

/* An amount of memory in MiB of sub-option @key (NULL: the plain "--memory N"):
 * a whole number greater than 0. */
static gboolean
parse_mib (const char *key, const char *value, guint64 *out, GError **error)
{
    g_autofree char *shown = key != NULL ? g_strdup_printf ("--memory %s=%s", key, value)
                                         : g_strdup_printf ("--memory %s", value);

    if (!parse_uint (key != NULL ? key : "memory", value, out, error))
        return FALSE;
    if (*out == 0)
        return set_error (error, _("%s is not an amount of memory: give a number of MiB greater "
                                   "than 0."), shown);
    if (*out > G_MAXUINT64 / 1024)
        return set_error (error, _("%s is too large an amount of memory."), shown);
    return TRUE;
}

static gboolean
apply_memory (gpointer target, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    const char *mem = prop (p, "memory");
    const char *cur = prop (p, "currentMemory");
    const char *max = prop (p, "maxmemory");
    const char *hot = prop (p, "maxMemory");
    gboolean plain = FALSE;
    guint64 value;

    /* Historically "memory" meant <currentMemory> and "maxmemory" <memory>;
     * with currentMemory= given the names mean the XML elements. */
    if (cur) {
        if (max)
            mem = max;
    } else if (max) {
        cur = mem;
        mem = max;
    } else if (mem) {
        /* The plain amount: both elements, so that the last --memory wins. */
        cur = mem;
        mem = NULL;
        plain = TRUE;
    }
    if (mem) {
        if (!parse_mib ("memory", mem, &value, error))
            return FALSE;
        spec->memory_mib = value;
    }
    if (cur) {
        if (!parse_mib (plain ? NULL : "currentMemory", cur, &value, error))
            return FALSE;
        spec->current_memory_mib = value;
        if (plain || spec->memory_mib == 0)
            spec->memory_mib = value;
    }
    if (hot) {
        if (!parse_mib ("maxMemory", hot, &value, error))
            return FALSE;
        spec->max_memory_mib = value;
    }
    if (prop (p, "hugepages")) {
        VireoTristate t;
        if (!onoff ("hugepages", prop (p, "hugepages"), &t, error))
            return FALSE;
        if (t == VIREO_TRISTATE_ON)
            vireo_install_props_set (spec->memory_backing, "hugepages", "on");
    }
    return TRUE;
}

static gboolean
apply_vcpus (gpointer target, const OptDef *d, const char *v,
             VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    const char *vcpu = prop (p, "vcpu") ? prop (p, "vcpu") : prop (p, "vcpus");
    const char *cur = prop (p, "vcpu.current");
    const char *max = prop (p, "maxvcpus");
    const char *cpuset = prop (p, "vcpu.cpuset") ? prop (p, "vcpu.cpuset") : prop (p, "cpuset");
    struct { const char *key; guint *field; } topo[] = {
        { "sockets", &spec->sockets }, { "dies", &spec->dies },
        { "cores", &spec->cores }, { "threads", &spec->threads },
    };

    /* "N,maxvcpus=M" means N current of M. */
    if (cur) {
        if (max)
            vcpu = max;
    } else if (max) {
        cur = vcpu;
        vcpu = max;
    }
    if (vcpu && !parse_guint ("vcpu", vcpu, &spec->max_vcpus, error))
        return FALSE;
    if (cur) {
        if (!parse_guint ("vcpu.current", cur, &spec->vcpus, error))
            return FALSE;
    } else {
        spec->vcpus = spec->max_vcpus;
    }
    for (guint i = 0; i < G_N_ELEMENTS (topo); i++) {
        const char *val = prop (p, topo[i].key);
        if (val && !parse_guint (topo[i].key, val, topo[i].field, error))
            return FALSE;
    }
    if (cpuset)
        take_str (&spec->cpuset, cpuset);
    return TRUE;
}

static gboolean
apply_cpu (gpointer target, const OptDef *d, const char *v,
           VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    const char *model = prop (p, "model");
    static const char * const policies[] = {
        "force", "require", "optional", "disable", "forbid", NULL
    };
    struct { const char *key; guint *field; } topo[] = {
        { "topology.sockets", &spec->sockets }, { "topology.dies", &spec->dies },
        { "topology.cores", &spec->cores }, { "topology.threads", &spec->threads },
    };

    if (model && (g_str_equal (model, "host-passthrough") ||
                  g_str_equal (model, "host-model") ||
                  g_str_equal (model, "host-model-only") ||
                  g_str_equal (model, "maximum"))) {
        take_str (&spec->cpu_mode, model);
    } else if (model && g_str_equal (model, "host")) {
        take_str (&spec->cpu_mode, "host-model");
    } else if (model) {
        take_str (&spec->cpu_mode, "custom");
        take_str (&spec->cpu_model, model);
    }
    if (prop (p, "mode"))
        take_str (&spec->cpu_mode, prop (p, "mode"));
    if (prop (p, "match"))
        take_str (&spec->cpu_match, prop (p, "match"));
    for (guint i = 0; i < G_N_ELEMENTS (topo); i++) {
        const char *val = prop (p, topo[i].key);
        if (val && !parse_guint (topo[i].key, val, topo[i].field, error))
            return FALSE;
    }
    for (guint i = 0; policies[i]; i++) {
        const char *feature = prop (p, policies[i]);
        if (feature)
            vireo_install_props_set (spec->cpu_features, feature, policies[i]);
    }
    return TRUE;
}

static gboolean
apply_osinfo (gpointer target, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    const char *name = prop (p, "name");

    if (name && g_str_equal (name, "list")) {
        o->osinfo_list = TRUE;
        return TRUE;
    }
    if (name && (g_str_equal (name, "none") || g_str_equal (name, "auto"))) {
        /* "none": no OS (generic defaults); "auto": detect. */
        if (g_str_equal (name, "auto"))
            spec->os_detect = VIREO_TRISTATE_ON;
        else
            spec->os_require = VIREO_TRISTATE_OFF;
        name = NULL;
    }
    if (name)
        take_str (&spec->os_name, name);
    if (prop (p, "id"))
        take_str (&spec->os_id, prop (p, "id"));
    if (prop (p, "detect") && !onoff ("detect", prop (p, "detect"), &spec->os_detect, error))
        return FALSE;
    if (prop (p, "require") &&
        !onoff ("require", prop (p, "require"), &spec->os_require, error))
        return FALSE;
    return TRUE;
}

static gboolean
set_method (VireoInstallSpec *spec, VireoInstallMethod method, GError **error)
{
    if (spec->method != VIREO_INSTALL_METHOD_NONE && spec->method != method)
        return set_error (error, _("Only one install method can be used (%s and %s "
                                   "were both given)."),
                          vireo_install_method_option (spec->method),
                          vireo_install_method_option (method));
    spec->method = method;
    return TRUE;
}

static gboolean
apply_cdrom (gpointer target, const OptDef *d, const char *v,
             VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    if (!set_method (o->spec, VIREO_INSTALL_METHOD_CDROM, error))
        return FALSE;
    take_path (&o->spec->cdrom, v);
    return TRUE;
}

static gboolean
apply_location (gpointer target, const OptDef *d, const char *v,
                VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    if (!set_method (o->spec, VIREO_INSTALL_METHOD_LOCATION, error))
        return FALSE;
    take_path (&o->spec->location, prop (p, "location"));
    take_str (&o->spec->location_kernel, prop (p, "kernel"));
    take_str (&o->spec->location_initrd, prop (p, "initrd"));
    if (o->spec->location == NULL)
        return set_error (error, _("--location needs a directory, ISO or URL."));
    return TRUE;
}

static gboolean
apply_extra_args (gpointer target, const OptDef *d, const char *v,
                  VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    /* Repeated --extra-args add up, separated by a space. */
    if (o->spec->extra_args) {
        g_autofree char *old = o->spec->extra_args;
        o->spec->extra_args = g_strconcat (old, " ", v, NULL);
    } else {
        o->spec->extra_args = g_strdup (v);
    }
    return TRUE;
}

static gboolean
apply_pxe (gpointer target, const OptDef *d, const char *v,
           VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    o->spec->pxe = TRUE;
    return set_method (o->spec, VIREO_INSTALL_METHOD_PXE, error);
}

static gboolean
apply_import (gpointer target, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    o->spec->import = TRUE;
    return set_method (o->spec, VIREO_INSTALL_METHOD_IMPORT, error);
}

static gboolean
apply_boot (gpointer target, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    static const char * const devs[] = { "hd", "cdrom", "fd", "network", NULL };

    /* Device names are bare words: their order is the boot order. */
    for (guint i = 0; i < p->keys->len; i++) {
        const char *key = g_ptr_array_index (p->keys, i);
        if (g_strv_contains (devs, key))
            g_ptr_array_add (spec->boot_devs, g_strdup (key));
    }
    if (prop (p, "bootmenu.enable") &&
        !onoff ("menu", prop (p, "bootmenu.enable"), &spec->boot_menu, error))
        return FALSE;
    if (prop (p, "uefi")) {
        const char *u = prop (p, "uefi");
        if (*u == '\0')
            spec->uefi = VIREO_TRISTATE_ON;
        else if (!onoff ("uefi", u, &spec->uefi, error))
            return FALSE;
    }
    if (prop (p, "firmware"))
        take_str (&spec->firmware, prop (p, "firmware"));
    if (prop (p, "loader"))
        take_str (&spec->loader, prop (p, "loader"));
    if (prop (p, "kernel"))
        take_path (&spec->kernel, prop (p, "kernel"));
    if (prop (p, "initrd"))
        take_path (&spec->initrd, prop (p, "initrd"));
    if (prop (p, "cmdline"))
        take_str (&spec->cmdline, prop (p, "cmdline"));
    if (prop (p, "arch"))
        take_str (&spec->arch, prop (p, "arch"));
    if (prop (p, "machine"))
        take_str (&spec->machine, prop (p, "machine"));
    if (prop (p, "domain_type"))
        take_str (&spec->virt_type, prop (p, "domain_type"));
    {
        static const char * const known[] = {
            "hd", "cdrom", "fd", "network", "bootmenu.enable", "uefi", "firmware", "loader",
            "kernel", "initrd", "cmdline", "arch", "machine", "domain_type", NULL
        };
        keep_extra (p, known, spec->boot);
    }
    return TRUE;
}

static gboolean
apply_disk (gpointer target, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    g_autoptr(VireoInstallDisk) disk = vireo_install_disk_new ();
    const char *path = prop (p, "path");
    const char *size = prop (p, "size");
    const char *val;

    if (path && g_str_equal (path, "none") && p->keys->len == 1) {
        spec->no_disks = TRUE;
        return TRUE;
    }
    if (!path)
        path = prop (p, "source.file") ? prop (p, "source.file") : prop (p, "source.dev");
    take_path (&disk->path, path && *path ? path : NULL);
    take_str (&disk->pool, prop (p, "pool"));
    take_str (&disk->vol, prop (p, "vol"));
    take_str (&disk->format, prop (p, "format") ? prop (p, "format") : prop (p, "driver.type"));
    take_str (&disk->bus, prop (p, "target.bus"));
    take_str (&disk->device, prop (p, "device"));
    take_str (&disk->cache, prop (p, "driver.cache"));
    take_str (&disk->io, prop (p, "driver.io"));
    take_str (&disk->discard, prop (p, "driver.discard"));
    take_str (&disk->target_dev, prop (p, "target.dev"));
    take_str (&disk->backing_store, prop (p, "backing_store"));
    take_str (&disk->backing_format, prop (p, "backing_format"));
    if (size && !vireo_domain_option_parse_size_gib ("--disk", size, &disk->size_gib, error))
        return FALSE;
    if ((val = prop (p, "readonly")) && !onoff ("readonly", val, &disk->readonly, error))
        return FALSE;
    if ((val = prop (p, "shareable")) && !onoff ("shareable", val, &disk->shareable, error))
        return FALSE;
    if ((val = prop (p, "sparse")) && !onoff ("sparse", val, &disk->sparse, error))
        return FALSE;
    if ((val = prop (p, "convert")) && !onoff ("convert", val, &disk->convert, error))
        return FALSE;
    if ((val = prop (p, "boot.order")) && !parse_int ("boot.order", val, &disk->boot_order,
                                                      error))
        return FALSE;
    if (disk->device && !g_str_equal (disk->device, "disk") &&
        !g_str_equal (disk->device, "cdrom") && !g_str_equal (disk->device, "floppy") &&
        !g_str_equal (disk->device, "lun"))
        return set_error (error, _("Unknown disk device “%s”: use disk, cdrom, floppy "
                                   "or lun."), disk->device);
    {
        static const char * const known[] = {
            "path", "pool", "vol", "size", "format", "driver.type", "target.bus", "device",
            "driver.cache", "driver.io", "driver.discard", "readonly", "shareable", "sparse",
            "convert", "boot.order", "target.dev", "source.file", "source.dev",
            "backing_store", "backing_format", NULL
        };
        keep_extra (p, known, disk->extra);
    }
    if (!disk->path && !disk->pool && !disk->vol && !size &&
        !(disk->device && g_str_equal (disk->device, "cdrom")))
        return set_error (error, _("--disk needs a path, pool=, vol= or size=."));
    g_ptr_array_add (spec->disks, g_steal_pointer (&disk));
    return TRUE;
}

static gboolean
apply_network (gpointer target, const OptDef *d, const char *v,
               VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    g_autoptr(VireoInstallNetwork) net = vireo_install_network_new ();
    const char *type = prop (p, "type");
    const char *val;

    if (type && g_str_equal (type, "none") && p->keys->len == 1) {
        spec->no_networks = TRUE;
        return TRUE;
    }
    /* "--network bridge:br0" and "network:default" are old spellings. */
    if (type && strchr (type, ':')) {
        g_auto(GStrv) parts = g_strsplit (type, ":", 2);
        take_str (&net->type, parts[0]);
        take_str (&net->source, parts[1]);
    } else if (type) {
        take_str (&net->type, type);
    }
    if ((val = prop (p, "network"))) {
        take_str (&net->type, "network");
        take_str (&net->source, val);
    }
    if ((val = prop (p, "bridge"))) {
        take_str (&net->type, "bridge");
        take_str (&net->source, val);
    }
    if ((val = prop (p, "source")))
        take_str (&net->source, val);
    if (net->type && g_str_equal (net->type, "default"))
        g_clear_pointer (&net->type, g_free);
    take_str (&net->source_mode, prop (p, "source.mode"));
    take_str (&net->model, prop (p, "model.type"));
    take_str (&net->mac, prop (p, "mac.address"));
    take_str (&net->target_dev, prop (p, "target.dev"));
    take_str (&net->link_state, prop (p, "link.state"));
    if ((val = prop (p, "boot.order")) && !parse_int ("boot.order", val, &net->boot_order,
                                                      error))
        return FALSE;
    {
        static const char * const known[] = {
            "type", "network", "bridge", "source", "source.mode", "model.type", "mac.address",
            "target.dev", "link.state", "boot.order", NULL
        };
        keep_extra (p, known, net->extra);
    }
    if (net->mac && !g_str_equal (net->mac, "RANDOM")) {
        g_auto(GStrv) bytes = g_strsplit (net->mac, ":", -1);
        gboolean ok = g_strv_length (bytes) == 6;
        for (guint i = 0; ok && bytes[i]; i++)
            ok = strlen (bytes[i]) == 2 && g_ascii_isxdigit (bytes[i][0]) &&
                 g_ascii_isxdigit (bytes[i][1]);
        if (!ok)
            return set_error (error, _("“%s” is not a MAC address."), net->mac);
    }
    g_ptr_array_add (spec->networks, g_steal_pointer (&net));
    return TRUE;
}

static gboolean
apply_graphics (gpointer target, const OptDef *d, const char *v,
                VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    g_autoptr(VireoInstallGraphics) gfx = vireo_install_graphics_new ();
    const char *type = prop (p, "type");
    const char *val;

    if (type && g_str_equal (type, "none")) {
        spec->no_graphics = TRUE;
        return TRUE;
    }
    if (type && !g_str_equal (type, "default"))
        take_str (&gfx->type, type);
    if ((val = prop (p, "port")) && !parse_int ("port", val, &gfx->port, error))
        return FALSE;
    if ((val = prop (p, "tlsPort")) && !parse_int ("tlsPort", val, &gfx->tls_port, error))
        return FALSE;
    take_str (&gfx->listen, prop (p, "listen"));
    take_str (&gfx->password, prop (p, "password"));
    take_str (&gfx->keymap, prop (p, "keymap"));
    take_str (&gfx->rendernode, prop (p, "gl.rendernode"));
    if ((val = prop (p, "gl.enable")) && !onoff ("gl.enable", val, &gfx->gl, error))
        return FALSE;
    {
        static const char * const known[] = {
            "type", "port", "tlsPort", "listen", "password", "keymap", "gl.enable",
            "gl.rendernode", NULL
        };
        keep_extra (p, known, gfx->extra);
    }
    g_ptr_array_add (spec->graphics, g_steal_pointer (&gfx));
    return TRUE;
}

/* Devices kept as a type and properties.  The first sub-option names the
 * type; "none" (where virt-install accepts it) removes the default one. */
static VireoInstallDevice *
device_from_props (const OptDef *def, VireoInstallProps *p)
{
    const VireoDomainOption *option = vireo_domain_option_lookup (def->suboptions);
    g_auto(GStrv) firsts = g_strsplit (vireo_domain_option_get_first (option), " ", 2);
    const char *first = firsts[0];
    VireoInstallDevice *dev = vireo_install_device_new (prop (p, first));

    for (guint i = 0; i < p->keys->len; i++) {
        const char *key = g_ptr_array_index (p->keys, i);
        if (!g_str_equal (key, first))
            vireo_install_props_set (dev->props, key, g_ptr_array_index (p->values, i));
    }
    return dev;
}

static GPtrArray *
device_list (VireoInstallSpec *spec, const char *option)
{
    struct { const char *name; GPtrArray *list; } lists[] = {
        { "video", spec->videos }, { "sound", spec->sounds },
        { "controller", spec->controllers }, { "input", spec->inputs },
        { "serial", spec->serials }, { "console", spec->consoles },
        { "channel", spec->channels }, { "hostdev", spec->hostdevs },
        { "filesystem", spec->filesystems }, { "redirdev", spec->redirdevs },
    };

    for (guint i = 0; i < G_N_ELEMENTS (lists); i++) {
        if (g_str_equal (lists[i].name, option))
            return lists[i].list;
    }
    g_assert_not_reached ();
    return NULL;
}

static gboolean
apply_device_list (gpointer target, const OptDef *d, const char *v,
                   VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    g_autoptr(VireoInstallDevice) dev = device_from_props (d, p);

    if (dev->type && g_str_equal (dev->type, "none")) {
        if (g_str_equal (d->name, "sound"))
            spec->no_sound = TRUE;
        else if (g_str_equal (d->name, "redirdev"))
            spec->no_redirdevs = TRUE;
        /* virt-install treats "none" for the others as nothing to add. */
        return TRUE;
    }
    if (g_str_equal (d->name, "hostdev") && dev->type == NULL)
        return set_error (error, _("--hostdev needs a device: vendor:product, bus.device "
                                   "or a PCI address."));
    if (g_str_equal (d->name, "filesystem") &&
        (dev->type == NULL || vireo_install_props_get (dev->props, "target") == NULL))
        return set_error (error, _("--filesystem needs a source and a target."));
    g_ptr_array_add (device_list (spec, d->name), g_steal_pointer (&dev));
    return TRUE;
}

static gboolean
apply_device_single (gpointer target, const OptDef *d, const char *v,
                     VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallSpec *spec = o->spec;
    VireoInstallDevice *dev = device_from_props (d, p);
    VireoInstallDevice **slot;

    if (g_str_equal (d->name, "tpm"))
        slot = &spec->tpm;
    else if (g_str_equal (d->name, "rng"))
        slot = &spec->rng;
    else if (g_str_equal (d->name, "watchdog"))
        slot = &spec->watchdog;
    else if (g_str_equal (d->name, "panic"))
        slot = &spec->panic;
    else
        slot = &spec->memballoon;
    vireo_install_device_free (*slot);
    *slot = dev;
    return TRUE;
}

static gboolean
apply_props (gpointer target, const OptDef *d, const char *v,
             VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    VireoInstallProps **slot;

    if (g_str_equal (d->name, "features")) {
        slot = &o->spec->features;
    } else if (g_str_equal (d->name, "clock")) {
        slot = &o->spec->clock;
    } else if (g_str_equal (d->name, "memorybacking")) {
        slot = &o->spec->memory_backing;
    } else if (g_str_equal (d->name, "check")) {
        slot = &o->spec->check;
    } else if (g_str_equal (d->name, "unattended")) {
        slot = &o->spec->unattended;
    } else {
        slot = &o->spec->cloud_init;
    }
    if (*slot == NULL)
        *slot = vireo_install_props_new ();
    for (guint i = 0; i < p->keys->len; i++)
        vireo_install_props_set (*slot, g_ptr_array_index (p->keys, i),
                                 g_ptr_array_index (p->values, i));
    return TRUE;
}

static gboolean
apply_string (gpointer target, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    if (g_str_equal (d->name, "virt-type"))
        take_str (&o->spec->virt_type, v);
    else if (g_str_equal (d->name, "arch"))
        take_str (&o->spec->arch, v);
    else
        take_str (&o->spec->machine, v);
    return TRUE;
}

static gboolean
apply_flag (gpointer target, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    const char *n = d->name;

    if (g_str_equal (n, "autostart"))
        o->spec->autostart = TRUE;
    else if (g_str_equal (n, "transient"))
        o->spec->transient = TRUE;
    else if (g_str_equal (n, "noautoconsole"))
        o->spec->autoconsole = VIREO_TRISTATE_OFF;
    else if (g_str_equal (n, "noreboot"))
        o->spec->noreboot = TRUE;
    else if (g_str_equal (n, "dry-run"))
        o->dry_run = TRUE;
    else if (g_str_equal (n, "quiet"))
        o->quiet = TRUE;
    else if (g_str_equal (n, "debug"))
        o->debug = TRUE;
    else if (g_str_equal (n, "help"))
        o->help = TRUE;
    else if (g_str_equal (n, "version"))
        o->version = TRUE;
    return TRUE;
}

static gboolean
apply_autoconsole (gpointer target, const OptDef *d, const char *v,
                   VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    static const char * const kinds[] = { "text", "graphical", "default", "none", NULL };

    if (!g_strv_contains (kinds, v))
        return set_error (error, _("Unknown --autoconsole value “%s”: use text, graphical, "
                                   "default or none."), v);
    o->spec->autoconsole = g_str_equal (v, "none") ? VIREO_TRISTATE_OFF : VIREO_TRISTATE_ON;
    o->spec->console_kind = g_str_equal (v, "text") ? VIREO_INSTALL_CONSOLE_TEXT
                            : g_str_equal (v, "graphical") ? VIREO_INSTALL_CONSOLE_GRAPHICAL
                            : VIREO_INSTALL_CONSOLE_DEFAULT;
    if (g_str_equal (v, "default"))
        o->spec->autoconsole = VIREO_TRISTATE_UNSET;
    return TRUE;
}

static gboolean
apply_wait (gpointer target, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    o->spec->wait_set = TRUE;
    return parse_int ("--wait", v, &o->spec->wait_minutes, error);
}

static gboolean
apply_print_xml (gpointer target, const OptDef *d, const char *v,
                 VireoInstallProps *p, GError **error)
{
    VireoInstallOptions *o = target;
    o->print_xml = TRUE;
    if (v && *v && !g_str_equal (v, "all"))
        return parse_int ("--print-xml", v, &o->print_xml_step, error);
    return TRUE;
}

/* ------------------------------------------------------------ the table */

static const OptDef option_table[] = {
    { "connect", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, apply_connect,
      "URI", N_("Connect to the hypervisor at URI") },
    { "name", NULL, 'n', OPT_VALUE, FALSE, NULL, NULL, apply_name,
      "NAME", N_("Name of the guest") },
    { "memory", "ram", 'r', OPT_SUBOPTS, FALSE, NULL, "memory", apply_memory,
      "MEMORY", N_("Guest memory in MiB, e.g. --memory 1024 or "
                   "--memory memory=2048,currentMemory=1024") },
    { "vcpus", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "vcpus", apply_vcpus,
      "VCPUS", N_("Number of vCPUs and topology, e.g. --vcpus 4,sockets=1,cores=2,threads=2") },
    { "cpu", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "cpu", apply_cpu,
      "CPU", N_("CPU model: host-passthrough, host-model or a model name") },
    { "osinfo", "os-variant", 0, OPT_SUBOPTS, FALSE, NULL, "osinfo", apply_osinfo,
      "OSNAME", N_("The guest OS (libosinfo short-id), detect=on, require=off, or list") },
    { "cdrom", NULL, 'c', OPT_VALUE, FALSE, NULL, NULL, apply_cdrom,
      "CDROM", N_("Install from this ISO image or CD device") },
    { "location", NULL, 'l', OPT_SUBOPTS, FALSE, NULL, "location", apply_location, "LOCATION",
      N_("Install from a tree, ISO or URL (kernel= and initrd= name files in it)") },
    { "extra-args", NULL, 'x', OPT_VALUE, FALSE, NULL, NULL, apply_extra_args,
      "ARGS", N_("Kernel command line for --location installs") },
    { "pxe", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_pxe,
      NULL, N_("Boot from the network (PXE)") },
    { "import", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_import,
      NULL, N_("Boot the first --disk as an installed system") },
    { "boot", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "boot", apply_boot,
      "BOOT", N_("Boot order and firmware, e.g. --boot hd,cdrom,menu=on or --boot uefi") },
    { "disk", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "disk", apply_disk,
      "DISK", N_("A disk, e.g. --disk size=8 or --disk /path/disk.qcow2,bus=virtio") },
    { "network", NULL, 'w', OPT_SUBOPTS, FALSE, NULL, "network", apply_network,
      "NETWORK", N_("A network interface, e.g. --network bridge=br0 or network=default") },
    { "graphics", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "graphics", apply_graphics,
      "GRAPHICS", N_("Display: spice, vnc or none, e.g. --graphics vnc,port=5901") },
    { "video", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "video", apply_device_list, "VIDEO", N_("Video device model") },
    { "sound", NULL, 0, OPT_SUBOPTS, TRUE, "default", "sound", apply_device_list,
      "SOUND", N_("Sound device model, or none") },
    { "controller", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "controller", apply_device_list, "CONTROLLER", N_("A controller, e.g. --controller type=scsi,"
                                          "model=virtio-scsi") },
    { "input", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "input", apply_device_list,
      "INPUT", N_("An input device, e.g. --input tablet") },
    { "serial", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "serial", apply_device_list,
      "SERIAL", N_("A serial port, e.g. --serial pty") },
    { "console", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "console", apply_device_list,
      "CONSOLE", N_("A text console, e.g. --console pty,target.type=virtio") },
    { "channel", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "channel", apply_device_list,
      "CHANNEL", N_("A guest channel, e.g. --channel spicevmc") },
    { "hostdev", "host-device", 0, OPT_SUBOPTS, FALSE, NULL, "hostdev", apply_device_list, "HOSTDEV",
      N_("A host device: USB vendor:product or bus.device, or a PCI address") },
    { "filesystem", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "filesystem", apply_device_list, "FILESYSTEM",
      N_("A shared host directory, e.g. --filesystem /src,tag,driver.type=virtiofs") },
    { "redirdev", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "redirdev", apply_device_list,
      "REDIRDEV", N_("A USB redirection channel") },
    { "tpm", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "tpm", apply_device_single,
      "TPM", N_("A TPM: emulator, a host device path, or none") },
    { "rng", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "rng", apply_device_single, "RNG", N_("A random number generator, e.g. --rng /dev/urandom") },
    { "watchdog", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "watchdog", apply_device_single, "WATCHDOG", N_("A watchdog, e.g. --watchdog i6300esb,action=reset") },
    { "panic", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "panic", apply_device_single,
      "PANIC", N_("A panic notifier device") },
    { "memballoon", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "memballoon", apply_device_single, "MEMBALLOON", N_("The memory balloon model, or none") },
    { "features", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "features", apply_props,
      "FEATURES", N_("Hypervisor features, e.g. --features acpi=on,smm.state=on") },
    { "clock", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "clock", apply_props,
      "CLOCK", N_("Clock settings, e.g. --clock offset=localtime") },
    { "memorybacking", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "memorybacking", apply_props, "MEMORYBACKING", N_("How guest memory is backed") },
    { "virt-type", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, apply_string,
      "TYPE", N_("Hypervisor type: kvm or qemu") },
    { "arch", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, apply_string,
      "ARCH", N_("Guest CPU architecture") },
    { "machine", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, apply_string,
      "MACHINE", N_("Machine type, e.g. q35 or pc") },
    { "autostart", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Start the guest when the host boots") },
    { "transient", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Create a transient guest (not defined)") },
    { "noautoconsole", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Do not connect to the guest console") },
    { "autoconsole", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, apply_autoconsole,
      "TYPE", N_("Console to connect to: text, graphical, default or none") },
    { "wait", NULL, 0, OPT_VALUE, TRUE, "-1", NULL, apply_wait,
      "MINUTES", N_("Minutes to wait for the install (-1 forever, 0 not at all)") },
    { "noreboot", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Do not boot the guest after the install") },
    { "print-xml", NULL, 0, OPT_VALUE, TRUE, "all", NULL, apply_print_xml,
      "STEP", N_("Print the domain XML and change nothing") },
    { "dry-run", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Check everything, including media and disk paths; change nothing") },
    { "check", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "check", apply_props,
      "CHECK", N_("Turn checks on or off, e.g. --check path_in_use=off") },
    { "unattended", NULL, 0, OPT_SUBOPTS, TRUE, "", "unattended", apply_props,
      "UNATTENDED", N_("Unattended install from libosinfo's install scripts") },
    { "cloud-init", NULL, 0, OPT_SUBOPTS, TRUE, "", "cloud-init", apply_props,
      "CLOUD-INIT", N_("Seed the guest with a cloud-init NoCloud ISO") },
    { "quiet", NULL, 'q', OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Print only errors") },
    { "debug", NULL, 'd', OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Print debugging messages") },
    { "help", NULL, 'h', OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Show this help and exit") },
    { "version", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, apply_flag,
      NULL, N_("Show the version and exit") },
};

static const VireoCliGrammar grammar = {
    option_table, G_N_ELEMENTS (option_table), NULL
};

VireoInstallOptions *
vireo_install_options_new (void)
{
    VireoInstallOptions *options = g_new0 (VireoInstallOptions, 1);

    options->spec = vireo_install_spec_new ();
    return options;
}

void
vireo_install_options_free (VireoInstallOptions *options)
{
    if (options == NULL)
        return;
    vireo_install_spec_free (options->spec);
    g_free (options->connect);
    g_free (options->listing);
    g_free (options);
}

GPtrArray *
vireo_install_split_suboptions (const char *optstr,
                                GError    **error)
{
    return vireo_cli_split_suboptions (optstr, error);
}

char *
vireo_install_options_describe (const char *option)
{
    g_return_val_if_fail (option != NULL, NULL);

    return vireo_cli_describe (&grammar, option);
}

VireoInstallOptions *
vireo_install_options_parse (int                 argc,
                             const char *const  *argv,
                             GError            **error)
{
    g_autoptr(VireoInstallOptions) options = vireo_install_options_new ();

    g_return_val_if_fail (argc >= 0, NULL);

    if (!vireo_cli_parse (&grammar, argc, argv, options, &options->listing, error))
        return NULL;
    return g_steal_pointer (&options);
}

char *
vireo_install_options_help (void)
{
    return vireo_cli_help (&grammar,
                           _("Usage: vireo-install --name NAME --memory MiB STORAGE INSTALL "
                             "[options]\n\n"
                             "Create a virtual machine and start its installation.  The "
                             "options follow virt-install's; --OPTION=? lists the "
                             "sub-options of a compound option.\n\n"));
}

gboolean
vireo_install_options_check (VireoInstallOptions *options,
                             GError             **error)
{
    VireoInstallSpec *spec;

    g_return_val_if_fail (options != NULL, FALSE);
    spec = options->spec;

    if (spec->kernel && spec->method == VIREO_INSTALL_METHOD_NONE)
        spec->method = VIREO_INSTALL_METHOD_KERNEL;
    if (spec->name == NULL)
        return set_error (error, _("--name is required."));
    if (spec->memory_mib == 0 && spec->os_name == NULL &&
        spec->os_detect != VIREO_TRISTATE_ON)
        return set_error (error, _("--memory amount in MiB is required."));
    if (spec->disks->len == 0 && !spec->no_disks && spec->method != VIREO_INSTALL_METHOD_PXE &&
        spec->method != VIREO_INSTALL_METHOD_KERNEL)
        return set_error (error, _("--disk storage must be specified (override with "
                                   "--disk none)."));
    if (spec->method == VIREO_INSTALL_METHOD_IMPORT && spec->disks->len == 0)
        return set_error (error, _("--import needs a --disk to boot from."));
    if (spec->extra_args && spec->method != VIREO_INSTALL_METHOD_LOCATION)
        return set_error (error, _("--extra-args only work with --location."));
    if (spec->method == VIREO_INSTALL_METHOD_NONE && spec->boot_devs->len == 0)
        return set_error (error, _("An install method must be specified (--location, "
                                   "--cdrom, --pxe, --import, --boot kernel=...)."));
    return TRUE;
}
