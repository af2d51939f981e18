/* vireo-install-options.c: virt-install's command-line grammar
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-vmm-error.h"

typedef enum {
    OPT_FLAG,       /* --pxe */
    OPT_VALUE,      /* --name NAME */
    OPT_SUBOPTS,    /* --disk path=...,size=... */
} OptKind;

typedef enum {
    SUB_CAN_COMMA = 1 << 0,  /* the value runs on over following unknown keys */
    SUB_BARE      = 1 << 1,  /* may stand alone, without "=value" */
} SubFlags;

typedef struct {
    const char *name;       /* canonical */
    const char *aliases;    /* space-separated, or NULL */
    guint       flags;
} Subopt;

typedef struct _OptDef OptDef;
typedef gboolean (*ApplyFunc) (VireoInstallOptions *options,
                               const OptDef        *def,
                               const char          *value,
                               VireoInstallProps   *props,
                               GError             **error);

struct _OptDef {
    const char   *name;         /* long name without dashes */
    const char   *aliases;      /* other long names, space-separated */
    char          short_name;
    OptKind       kind;
    gboolean      optional;     /* the value may be left out */
    const char   *implicit;     /* the value when left out */
    const char   *remove_first; /* sub-options bare leading values name */
    const Subopt *subopts;
    ApplyFunc     apply;
    const char   *metavar;
    const char   *help;
};

#define END { NULL, NULL, 0 }

static const Subopt memory_subs[] = {
    { "memory", NULL, 0 }, { "currentMemory", NULL, 0 }, { "maxmemory", NULL, 0 },
    { "maxMemory", "hotplugmemorymax", 0 }, { "maxMemory.slots", "hotplugmemoryslots", 0 },
    { "hugepages", NULL, 0 }, END
};
static const Subopt vcpu_subs[] = {
    { "vcpu", NULL, 0 }, { "vcpus", NULL, 0 }, { "maxvcpus", NULL, 0 },
    { "vcpu.current", NULL, 0 }, { "sockets", NULL, 0 }, { "dies", NULL, 0 },
    { "cores", NULL, 0 }, { "threads", NULL, 0 }, { "cpuset", NULL, SUB_CAN_COMMA },
    { "vcpu.cpuset", NULL, SUB_CAN_COMMA }, { "vcpu.placement", "placement", 0 }, END
};
static const Subopt cpu_subs[] = {
    { "model", NULL, 0 }, { "mode", NULL, 0 }, { "match", NULL, 0 }, { "check", NULL, 0 },
    { "vendor", NULL, 0 }, { "migratable", NULL, 0 }, { "topology.sockets", NULL, 0 },
    { "topology.dies", NULL, 0 }, { "topology.cores", NULL, 0 },
    { "topology.threads", NULL, 0 }, { "force", NULL, 0 }, { "require", NULL, 0 },
    { "optional", NULL, 0 }, { "disable", NULL, 0 }, { "forbid", NULL, 0 }, END
};
static const Subopt osinfo_subs[] = {
    { "name", "short-id", 0 }, { "id", NULL, 0 }, { "detect", NULL, 0 },
    { "require", NULL, 0 }, END
};
static const Subopt location_subs[] = {
    { "location", NULL, SUB_CAN_COMMA }, { "kernel", NULL, SUB_CAN_COMMA },
    { "initrd", NULL, SUB_CAN_COMMA }, END
};
static const Subopt boot_subs[] = {
    { "hd", NULL, SUB_BARE }, { "cdrom", NULL, SUB_BARE }, { "fd", NULL, SUB_BARE },
    { "network", NULL, SUB_BARE }, { "menu", "bootmenu.enable", 0 }, { "uefi", NULL, SUB_BARE }, { "firmware", NULL, 0 },
    { "loader", NULL, 0 }, { "kernel", NULL, 0 }, { "initrd", NULL, 0 },
    { "cmdline", "extra_args kernel_args", SUB_CAN_COMMA }, { "arch", NULL, 0 },
    { "machine", NULL, 0 }, { "os_type", NULL, 0 }, { "domain_type", NULL, 0 }, END
};
static const Subopt disk_subs[] = {
    { "path", NULL, 0 }, { "pool", NULL, 0 }, { "vol", NULL, 0 }, { "size", NULL, 0 },
    { "format", "driver.type driver_type", 0 }, { "sparse", NULL, 0 },
    { "bus", "target.bus", 0 }, { "device", NULL, 0 },
    { "cache", "driver.cache", 0 }, { "io", "driver.io", 0 },
    { "discard", "driver.discard", 0 }, { "readonly", NULL, 0 },
    { "shareable", NULL, 0 }, { "target.dev", "target", 0 }, { "boot.order", NULL, 0 },
    { "source.file", NULL, 0 }, { "source.dev", NULL, 0 }, { "serial", NULL, 0 },
    { "convert", NULL, 0 }, END
};
static const Subopt network_subs[] = {
    { "type", NULL, 0 }, { "network", NULL, 0 }, { "bridge", NULL, 0 },
    { "source", NULL, 0 }, { "source.mode", "source_mode", 0 },
    { "model", "model.type", 0 }, { "mac", "mac.address", 0 },
    { "target.dev", "target", 0 }, { "link.state", "link_state", 0 },
    { "boot.order", NULL, 0 }, END
};
static const Subopt graphics_subs[] = {
    { "type", NULL, 0 }, { "port", NULL, 0 }, { "tlsPort", "tlsport", 0 },
    { "listen", NULL, 0 }, { "password", "passwd", 0 }, { "keymap", NULL, 0 },
    { "gl.enable", "gl", 0 }, { "gl.rendernode", "rendernode", 0 }, END
};
static const Subopt video_subs[] = {
    { "model.type", "model", 0 }, { "model.heads", "heads", 0 },
    { "model.vram", "vram", 0 }, { "model.acceleration.accel3d", "accel3d", 0 }, END
};
static const Subopt sound_subs[] = { { "model", NULL, 0 }, END };
static const Subopt controller_subs[] = {
    { "type", NULL, 0 }, { "model", NULL, 0 }, { "index", NULL, 0 },
    { "ports", NULL, 0 }, END
};
static const Subopt input_subs[] = {
    { "type", NULL, 0 }, { "bus", NULL, 0 }, { "model", NULL, 0 }, END
};
static const Subopt char_subs[] = {
    { "type", "char_type", 0 }, { "path", "source.path", 0 },
    { "mode", "source.mode", 0 }, { "target.type", "target_type", 0 },
    { "target.name", "name", 0 }, { "target.port", NULL, 0 }, END
};
static const Subopt hostdev_subs[] = {
    { "name", NULL, 0 }, { "type", NULL, 0 }, { "driver.name", "driver_name", 0 },
    { "boot.order", NULL, 0 }, END
};
static const Subopt filesystem_subs[] = {
    { "source", "source.dir", 0 }, { "target", "target.dir", 0 }, { "type", NULL, 0 },
    { "accessmode", "mode", 0 }, { "driver.type", NULL, 0 }, { "readonly", NULL, 0 }, END
};
static const Subopt tpm_subs[] = {
    { "backend.type", "type", 0 }, { "model", NULL, 0 },
    { "backend.version", "version", 0 }, { "backend.device.path", "path", 0 }, END
};
static const Subopt rng_subs[] = {
    { "backend.model", "type", 0 }, { "model", NULL, 0 },
    { "backend", "device", 0 }, END
};
static const Subopt watchdog_subs[] = { { "model", NULL, 0 }, { "action", NULL, 0 }, END };
static const Subopt model_subs[] = { { "model", NULL, 0 }, END };
static const Subopt redirdev_subs[] = {
    { "bus", NULL, 0 }, { "type", NULL, 0 }, { "server", NULL, 0 }, END
};
static const Subopt features_subs[] = {
    { "acpi", NULL, 0 }, { "apic", NULL, 0 }, { "pae", NULL, 0 }, { "hap", NULL, 0 },
    { "pmu.state", "pmu", 0 }, { "vmport.state", "vmport", 0 },
    { "kvm.hidden.state", "kvm_hidden", 0 }, { "pvspinlock.state", "pvspinlock", 0 },
    { "smm.state", "smm", 0 }, { "vmcoreinfo.state", "vmcoreinfo", 0 },
    { "ioapic.driver", NULL, 0 }, END
};
static const Subopt clock_subs[] = {
    { "offset", NULL, 0 }, { "rtc_tickpolicy", NULL, 0 }, { "pit_tickpolicy", NULL, 0 },
    { "hpet_present", NULL, 0 }, { "kvmclock_present", NULL, 0 }, END
};
static const Subopt memorybacking_subs[] = {
    { "hugepages", NULL, 0 }, { "source.type", NULL, 0 }, { "access.mode", NULL, 0 },
    { "locked", NULL, 0 }, END
};
static const Subopt check_subs[] = {
    { "path_in_use", "disk_in_use", 0 }, { "disk_size", NULL, 0 }, { "path_exists", NULL, 0 },
    { "mac_in_use", NULL, 0 }, { "all", NULL, 0 }, END
};
static const Subopt unattended_subs[] = {
    { "profile", NULL, 0 }, { "admin-password-file", NULL, 0 },
    { "user-login", NULL, 0 }, { "user-password-file", NULL, 0 },
    { "product-key", NULL, 0 }, END
};
static const Subopt cloud_init_subs[] = {
    { "root-password-generate", NULL, 0 }, { "root-password-file", NULL, 0 },
    { "disable", NULL, 0 }, { "root-ssh-key", "ssh-key", 0 },
    { "clouduser-ssh-key", NULL, 0 }, { "user-data", NULL, 0 },
    { "meta-data", NULL, 0 }, { "network-config", NULL, 0 }, END
};

/* ------------------------------------------------------------------ helpers */

static gboolean
set_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_error (GError **error, const char *format, ...)
{
    va_list args;

    va_start (args, format);
    g_propagate_error (error, g_error_new_valist (VIREO_VMM_ERROR,
                                                  VIREO_VMM_ERROR_INVALID,
                                                  format, args));
    va_end (args);
    return FALSE;
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
    if (value && *value && !g_path_is_absolute (value) && !strstr (value, "://")) {
        g_autofree char *cwd = g_get_current_dir ();
        g_autofree char *joined = g_build_filename (cwd, value, NULL);
        *field = g_canonicalize_filename (joined, NULL);
    } else {
        *field = g_strdup (value);
    }
}

static int
cmp_str_ptr (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
subopt_list (const Subopt *subs)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    GString *out = g_string_new (NULL);

    for (const Subopt *s = subs; s->name; s++)
        g_ptr_array_add (names, (gpointer) s->name);
    g_ptr_array_sort (names, cmp_str_ptr);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "",
                                (const char *) g_ptr_array_index (names, i));
    return g_string_free (out, FALSE);
}

static const Subopt *
find_subopt (const Subopt *subs, const char *key)
{
    for (const Subopt *s = subs; s->name; s++) {
        if (g_str_equal (s->name, key))
            return s;
        if (s->aliases) {
            g_auto(GStrv) aliases = g_strsplit (s->aliases, " ", -1);
            if (g_strv_contains ((const char * const *) aliases, key))
                return s;
        }
    }
    return NULL;
}

/* ------------------------------------------------------ the sub-option lexer */

GPtrArray *
vireo_install_split_suboptions (const char *optstr,
                                GError    **error)
{
    g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
    GString *word = NULL;
    const char *p = optstr ? optstr : "";

    /* POSIX shell-like words separated by commas: '...' keeps everything,
     * "..." lets a backslash escape only " and \, a bare backslash escapes
     * the next character; empty quotes make an empty word. */
    while (*p) {
        if (*p == ',') {
            if (word)
                g_ptr_array_add (tokens, g_string_free (word, FALSE));
            word = NULL;
            p++;
            continue;
        }
        if (word == NULL)
            word = g_string_new (NULL);
        if (*p == '\'') {
            const char *end = strchr (p + 1, '\'');
            if (end == NULL) {
                g_string_free (word, TRUE);
                set_error (error, _("No closing quotation in “%s”."), optstr);
                return NULL;
            }
            g_string_append_len (word, p + 1, end - p - 1);
            p = end + 1;
        } else if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                g_string_append_c (word, *p++);
            }
            if (*p != '"') {
                g_string_free (word, TRUE);
                set_error (error, _("No closing quotation in “%s”."), optstr);
                return NULL;
            }
            p++;
        } else if (*p == '\\') {
            if (p[1] == '\0') {
                g_string_free (word, TRUE);
                set_error (error, _("No escaped character in “%s”."), optstr);
                return NULL;
            }
            g_string_append_c (word, p[1]);
            p += 2;
        } else {
            g_string_append_c (word, *p++);
        }
    }
    if (word)
        g_ptr_array_add (tokens, g_string_free (word, FALSE));

    for (guint i = 0; i < tokens->len; i++) {
        const char *tok = g_ptr_array_index (tokens, i);
        const char *eq = strchr (tok, '=');

        if (eq) {
            g_ptr_array_add (pairs, g_strndup (tok, eq - tok));
            g_ptr_array_add (pairs, g_strdup (eq + 1));
        } else {
            g_ptr_array_add (pairs, g_strdup (tok));
            g_ptr_array_add (pairs, NULL);
        }
    }
    return g_steal_pointer (&pairs);
}

/* Splits @value for @def into canonical key=value pairs. */
static VireoInstallProps *
parse_suboptions (const OptDef *def,
                  const char   *value,
                  GError      **error)
{
    g_autoptr(GPtrArray) pairs = NULL;
    g_autoptr(VireoInstallProps) props = vireo_install_props_new ();
    g_auto(GStrv) first = NULL;
    guint nfirst = 0, i = 0;

    pairs = vireo_install_split_suboptions (value, error);
    if (pairs == NULL)
        return NULL;
    if (def->remove_first)
        first = g_strsplit (def->remove_first, " ", -1);

    /* Leading bare values name the option's first sub-options. */
    while (first && first[nfirst] && i < pairs->len && pairs->pdata[i + 1] == NULL) {
        pairs->pdata[i + 1] = pairs->pdata[i];
        pairs->pdata[i] = g_strdup (first[nfirst]);
        nfirst++;
        i += 2;
    }

    for (i = 0; i < pairs->len; i += 2) {
        const char *key = pairs->pdata[i];
        GString *val = NULL;
        const Subopt *sub = find_subopt (def->subopts, key);

        if (sub == NULL) {
            g_autofree char *valid = subopt_list (def->subopts);
            set_error (error, _("Unknown --%s option “%s”. Valid --%s options: %s."),
                       def->name, key, def->name, valid);
            return NULL;
        }
        if (pairs->pdata[i + 1] == NULL && !(sub->flags & SUB_BARE)) {
            set_error (error, _("Option “%s” of --%s had no value set."), key, def->name);
            return NULL;
        }
        val = g_string_new (pairs->pdata[i + 1] ? pairs->pdata[i + 1] : "");
        if (sub->flags & SUB_CAN_COMMA) {
            while (i + 2 < pairs->len && !find_subopt (def->subopts, pairs->pdata[i + 2])) {
                const char *k = pairs->pdata[i + 2];
                const char *v = pairs->pdata[i + 3];

                g_string_append_printf (val, ",%s", k);
                if (v && *v)
                    g_string_append_printf (val, "=%s", v);
                i += 2;
            }
        }
        vireo_install_props_set (props, sub->name, val->str);
        g_string_free (val, TRUE);
    }
    return g_steal_pointer (&props);
}

/* --------------------------------------------------------- apply functions */

static gboolean
apply_connect (VireoInstallOptions *o, const OptDef *d, const char *v,
               VireoInstallProps *p, GError **error)
{
    take_str (&o->connect, v);
    return TRUE;
}

static gboolean
apply_name (VireoInstallOptions *o, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    take_str (&o->spec->name, v);
    return TRUE;
}

static gboolean
apply_memory (VireoInstallOptions *o, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
    VireoInstallSpec *spec = o->spec;
    const char *mem = prop (p, "memory");
    const char *cur = prop (p, "currentMemory");
    const char *max = prop (p, "maxmemory");
    const char *hot = prop (p, "maxMemory");
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
        cur = mem;
        mem = NULL;
    }
    if (mem) {
        if (!parse_uint ("memory", mem, &value, error))
            return FALSE;
        spec->memory_mib = value;
    }
    if (cur) {
        if (!parse_uint ("currentMemory", cur, &value, error))
            return FALSE;
        spec->current_memory_mib = value;
        if (spec->memory_mib == 0)
            spec->memory_mib = value;
    }
    if (hot) {
        if (!parse_uint ("maxMemory", hot, &value, error))
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
apply_vcpus (VireoInstallOptions *o, const OptDef *d, const char *v,
             VireoInstallProps *p, GError **error)
{
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
apply_cpu (VireoInstallOptions *o, const OptDef *d, const char *v,
           VireoInstallProps *p, GError **error)
{
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
apply_osinfo (VireoInstallOptions *o, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
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
apply_cdrom (VireoInstallOptions *o, const OptDef *d, const char *v,
             VireoInstallProps *p, GError **error)
{
    if (!set_method (o->spec, VIREO_INSTALL_METHOD_CDROM, error))
        return FALSE;
    take_path (&o->spec->cdrom, v);
    return TRUE;
}

static gboolean
apply_location (VireoInstallOptions *o, const OptDef *d, const char *v,
                VireoInstallProps *p, GError **error)
{
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
apply_extra_args (VireoInstallOptions *o, const OptDef *d, const char *v,
                  VireoInstallProps *p, GError **error)
{
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
apply_pxe (VireoInstallOptions *o, const OptDef *d, const char *v,
           VireoInstallProps *p, GError **error)
{
    o->spec->pxe = TRUE;
    return set_method (o->spec, VIREO_INSTALL_METHOD_PXE, error);
}

static gboolean
apply_import (VireoInstallOptions *o, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
    o->spec->import = TRUE;
    return set_method (o->spec, VIREO_INSTALL_METHOD_IMPORT, error);
}

static gboolean
apply_boot (VireoInstallOptions *o, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    VireoInstallSpec *spec = o->spec;
    static const char * const devs[] = { "hd", "cdrom", "fd", "network", NULL };

    /* Device names are bare words: their order is the boot order. */
    for (guint i = 0; i < p->keys->len; i++) {
        const char *key = g_ptr_array_index (p->keys, i);
        if (g_strv_contains (devs, key))
            g_ptr_array_add (spec->boot_devs, g_strdup (key));
    }
    if (prop (p, "menu") && !onoff ("menu", prop (p, "menu"), &spec->boot_menu, error))
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
    return TRUE;
}

static gboolean
apply_disk (VireoInstallOptions *o, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
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
    take_str (&disk->format, prop (p, "format"));
    take_str (&disk->bus, prop (p, "bus"));
    take_str (&disk->device, prop (p, "device"));
    take_str (&disk->cache, prop (p, "cache"));
    take_str (&disk->io, prop (p, "io"));
    take_str (&disk->discard, prop (p, "discard"));
    take_str (&disk->target_dev, prop (p, "target.dev"));
    if (size) {
        char *end = NULL;
        disk->size_gib = g_ascii_strtod (size, &end);
        if (end == size || *end != '\0' || disk->size_gib <= 0)
            return set_error (error, _("Value “%s” of “size” is not a size in GiB."), size);
    }
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
    if (!disk->path && !disk->pool && !disk->vol && !size &&
        !(disk->device && g_str_equal (disk->device, "cdrom")))
        return set_error (error, _("--disk needs a path, pool=, vol= or size=."));
    g_ptr_array_add (spec->disks, g_steal_pointer (&disk));
    return TRUE;
}

static gboolean
apply_network (VireoInstallOptions *o, const OptDef *d, const char *v,
               VireoInstallProps *p, GError **error)
{
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
    take_str (&net->model, prop (p, "model"));
    take_str (&net->mac, prop (p, "mac"));
    take_str (&net->target_dev, prop (p, "target.dev"));
    take_str (&net->link_state, prop (p, "link.state"));
    if ((val = prop (p, "boot.order")) && !parse_int ("boot.order", val, &net->boot_order,
                                                      error))
        return FALSE;
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
apply_graphics (VireoInstallOptions *o, const OptDef *d, const char *v,
                VireoInstallProps *p, GError **error)
{
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
    g_ptr_array_add (spec->graphics, g_steal_pointer (&gfx));
    return TRUE;
}

/* Devices kept as a type and properties.  The first sub-option names the
 * type; "none" (where virt-install accepts it) removes the default one. */
static VireoInstallDevice *
device_from_props (const OptDef *def, VireoInstallProps *p)
{
    const char *first = def->subopts[0].name;
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
apply_device_list (VireoInstallOptions *o, const OptDef *d, const char *v,
                   VireoInstallProps *p, GError **error)
{
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
apply_device_single (VireoInstallOptions *o, const OptDef *d, const char *v,
                     VireoInstallProps *p, GError **error)
{
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
apply_props (VireoInstallOptions *o, const OptDef *d, const char *v,
             VireoInstallProps *p, GError **error)
{
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
apply_string (VireoInstallOptions *o, const OptDef *d, const char *v,
              VireoInstallProps *p, GError **error)
{
    if (g_str_equal (d->name, "virt-type"))
        take_str (&o->spec->virt_type, v);
    else if (g_str_equal (d->name, "arch"))
        take_str (&o->spec->arch, v);
    else
        take_str (&o->spec->machine, v);
    return TRUE;
}

static gboolean
apply_flag (VireoInstallOptions *o, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
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
apply_autoconsole (VireoInstallOptions *o, const OptDef *d, const char *v,
                   VireoInstallProps *p, GError **error)
{
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
apply_wait (VireoInstallOptions *o, const OptDef *d, const char *v,
            VireoInstallProps *p, GError **error)
{
    o->spec->wait_set = TRUE;
    return parse_int ("--wait", v, &o->spec->wait_minutes, error);
}

static gboolean
apply_print_xml (VireoInstallOptions *o, const OptDef *d, const char *v,
                 VireoInstallProps *p, GError **error)
{
    o->print_xml = TRUE;
    if (v && *v && !g_str_equal (v, "all"))
        return parse_int ("--print-xml", v, &o->print_xml_step, error);
    return TRUE;
}

/* ------------------------------------------------------------ the table */

static const OptDef option_table[] = {
    { "connect", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, NULL, apply_connect,
      "URI", N_("Connect to the hypervisor at URI") },
    { "name", NULL, 'n', OPT_VALUE, FALSE, NULL, NULL, NULL, apply_name,
      "NAME", N_("Name of the guest") },
    { "memory", "ram", 'r', OPT_SUBOPTS, FALSE, NULL, "memory", memory_subs, apply_memory,
      "MEMORY", N_("Guest memory in MiB, e.g. --memory 1024 or "
                   "--memory memory=2048,currentMemory=1024") },
    { "vcpus", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "vcpu", vcpu_subs, apply_vcpus,
      "VCPUS", N_("Number of vCPUs and topology, e.g. --vcpus 4,sockets=1,cores=2,threads=2") },
    { "cpu", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "model", cpu_subs, apply_cpu,
      "CPU", N_("CPU model: host-passthrough, host-model or a model name") },
    { "osinfo", "os-variant", 0, OPT_SUBOPTS, FALSE, NULL, "name", osinfo_subs, apply_osinfo,
      "OSNAME", N_("The guest OS (libosinfo short-id), detect=on, require=off, or list") },
    { "cdrom", NULL, 'c', OPT_VALUE, FALSE, NULL, NULL, NULL, apply_cdrom,
      "CDROM", N_("Install from this ISO image or CD device") },
    { "location", NULL, 'l', OPT_SUBOPTS, FALSE, NULL, "location", location_subs,
      apply_location, "LOCATION",
      N_("Install from a tree, ISO or URL (kernel= and initrd= name files in it)") },
    { "extra-args", NULL, 'x', OPT_VALUE, FALSE, NULL, NULL, NULL, apply_extra_args,
      "ARGS", N_("Kernel command line for --location installs") },
    { "pxe", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_pxe,
      NULL, N_("Boot from the network (PXE)") },
    { "import", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_import,
      NULL, N_("Boot the first --disk as an installed system") },
    { "boot", NULL, 0, OPT_SUBOPTS, FALSE, NULL, NULL, boot_subs, apply_boot,
      "BOOT", N_("Boot order and firmware, e.g. --boot hd,cdrom,menu=on or --boot uefi") },
    { "disk", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "path", disk_subs, apply_disk,
      "DISK", N_("A disk, e.g. --disk size=8 or --disk /path/disk.qcow2,bus=virtio") },
    { "network", NULL, 'w', OPT_SUBOPTS, FALSE, NULL, "type", network_subs, apply_network,
      "NETWORK", N_("A network interface, e.g. --network bridge=br0 or network=default") },
    { "graphics", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "type", graphics_subs, apply_graphics,
      "GRAPHICS", N_("Display: spice, vnc or none, e.g. --graphics vnc,port=5901") },
    { "video", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "model.type", video_subs,
      apply_device_list, "VIDEO", N_("Video device model") },
    { "sound", NULL, 0, OPT_SUBOPTS, TRUE, "default", "model", sound_subs, apply_device_list,
      "SOUND", N_("Sound device model, or none") },
    { "controller", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "type", controller_subs,
      apply_device_list, "CONTROLLER", N_("A controller, e.g. --controller type=scsi,"
                                          "model=virtio-scsi") },
    { "input", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "type", input_subs, apply_device_list,
      "INPUT", N_("An input device, e.g. --input tablet") },
    { "serial", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "type", char_subs, apply_device_list,
      "SERIAL", N_("A serial port, e.g. --serial pty") },
    { "console", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "type", char_subs, apply_device_list,
      "CONSOLE", N_("A text console, e.g. --console pty,target.type=virtio") },
    { "channel", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "type", char_subs, apply_device_list,
      "CHANNEL", N_("A guest channel, e.g. --channel spicevmc") },
    { "hostdev", "host-device", 0, OPT_SUBOPTS, FALSE, NULL, "name", hostdev_subs,
      apply_device_list, "HOSTDEV",
      N_("A host device: USB vendor:product or bus.device, or a PCI address") },
    { "filesystem", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "source target", filesystem_subs,
      apply_device_list, "FILESYSTEM",
      N_("A shared host directory, e.g. --filesystem /src,tag,driver.type=virtiofs") },
    { "redirdev", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "bus", redirdev_subs, apply_device_list,
      "REDIRDEV", N_("A USB redirection channel") },
    { "tpm", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "backend.type", tpm_subs, apply_device_single,
      "TPM", N_("A TPM: emulator, a host device path, or none") },
    { "rng", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "backend.model", rng_subs,
      apply_device_single, "RNG", N_("A random number generator, e.g. --rng /dev/urandom") },
    { "watchdog", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "model", watchdog_subs,
      apply_device_single, "WATCHDOG", N_("A watchdog, e.g. --watchdog i6300esb,action=reset") },
    { "panic", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "model", model_subs, apply_device_single,
      "PANIC", N_("A panic notifier device") },
    { "memballoon", NULL, 0, OPT_SUBOPTS, FALSE, NULL, "model", model_subs,
      apply_device_single, "MEMBALLOON", N_("The memory balloon model, or none") },
    { "features", NULL, 0, OPT_SUBOPTS, FALSE, NULL, NULL, features_subs, apply_props,
      "FEATURES", N_("Hypervisor features, e.g. --features acpi=on,smm.state=on") },
    { "clock", NULL, 0, OPT_SUBOPTS, FALSE, NULL, NULL, clock_subs, apply_props,
      "CLOCK", N_("Clock settings, e.g. --clock offset=localtime") },
    { "memorybacking", NULL, 0, OPT_SUBOPTS, FALSE, NULL, NULL, memorybacking_subs,
      apply_props, "MEMORYBACKING", N_("How guest memory is backed") },
    { "virt-type", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, NULL, apply_string,
      "TYPE", N_("Hypervisor type: kvm or qemu") },
    { "arch", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, NULL, apply_string,
      "ARCH", N_("Guest CPU architecture") },
    { "machine", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, NULL, apply_string,
      "MACHINE", N_("Machine type, e.g. q35 or pc") },
    { "autostart", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Start the guest when the host boots") },
    { "transient", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Create a transient guest (not defined)") },
    { "noautoconsole", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Do not connect to the guest console") },
    { "autoconsole", NULL, 0, OPT_VALUE, FALSE, NULL, NULL, NULL, apply_autoconsole,
      "TYPE", N_("Console to connect to: text, graphical, default or none") },
    { "wait", NULL, 0, OPT_VALUE, TRUE, "-1", NULL, NULL, apply_wait,
      "MINUTES", N_("Minutes to wait for the install (-1 forever, 0 not at all)") },
    { "noreboot", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Do not boot the guest after the install") },
    { "print-xml", NULL, 0, OPT_VALUE, TRUE, "all", NULL, NULL, apply_print_xml,
      "STEP", N_("Print the domain XML and change nothing") },
    { "dry-run", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Check everything, including media and disk paths; change nothing") },
    { "check", NULL, 0, OPT_SUBOPTS, FALSE, NULL, NULL, check_subs, apply_props,
      "CHECK", N_("Turn checks on or off, e.g. --check path_in_use=off") },
    { "unattended", NULL, 0, OPT_SUBOPTS, TRUE, "", NULL, unattended_subs, apply_props,
      "UNATTENDED", N_("Unattended install from libosinfo's install scripts") },
    { "cloud-init", NULL, 0, OPT_SUBOPTS, TRUE, "", NULL, cloud_init_subs, apply_props,
      "CLOUD-INIT", N_("Seed the guest with a cloud-init NoCloud ISO") },
    { "quiet", NULL, 'q', OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Print only errors") },
    { "debug", NULL, 'd', OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Print debugging messages") },
    { "help", NULL, 'h', OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Show this help and exit") },
    { "version", NULL, 0, OPT_FLAG, FALSE, NULL, NULL, NULL, apply_flag,
      NULL, N_("Show the version and exit") },
};

static gboolean
name_matches (const OptDef *def, const char *name)
{
    g_auto(GStrv) aliases = NULL;

    if (g_str_equal (def->name, name))
        return TRUE;
    if (def->aliases == NULL)
        return FALSE;
    aliases = g_strsplit (def->aliases, " ", -1);
    return g_strv_contains ((const char * const *) aliases, name);
}

static char *
option_names_list (void)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (option_table); i++)
        g_string_append_printf (out, "%s--%s", i ? ", " : "", option_table[i].name);
    return g_string_free (out, FALSE);
}

/* Exact long names and aliases first, then an unambiguous prefix. */
static const OptDef *
find_long (const char *name, GError **error)
{
    const OptDef *found = NULL;
    guint matches = 0;
    size_t len = strlen (name);

    for (guint i = 0; i < G_N_ELEMENTS (option_table); i++) {
        if (name_matches (&option_table[i], name))
            return &option_table[i];
    }
    for (guint i = 0; len > 0 && i < G_N_ELEMENTS (option_table); i++) {
        const OptDef *def = &option_table[i];
        g_autofree char *all = g_strjoin (" ", def->name, def->aliases, NULL);
        g_auto(GStrv) names = g_strsplit (all, " ", -1);

        for (guint j = 0; names[j]; j++) {
            if (g_str_has_prefix (names[j], name)) {
                if (found != def)
                    matches++;
                found = def;
                break;
            }
        }
    }
    if (matches == 1)
        return found;
    if (matches > 1) {
        set_error (error, _("Option “--%s” is ambiguous."), name);
    } else {
        g_autofree char *valid = option_names_list ();
        set_error (error, _("Unknown option “--%s”. Valid options: %s."), name, valid);
    }
    return NULL;
}

static const OptDef *
find_short (char c, GError **error)
{
    for (guint i = 0; i < G_N_ELEMENTS (option_table); i++) {
        if (option_table[i].short_name == c)
            return &option_table[i];
    }
    {
        g_autofree char *valid = option_names_list ();
        set_error (error, _("Unknown option “-%c”. Valid options: %s."), c, valid);
    }
    return NULL;
}

static gboolean
looks_like_option (const char *arg)
{
    /* A leading dash starts an option unless the word is a negative number. */
    if (arg[0] != '-' || arg[1] == '\0')
        return FALSE;
    return !(g_ascii_isdigit (arg[1]));
}

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

char *
vireo_install_options_describe (const char *option)
{
    const OptDef *def = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    GString *out;

    g_return_val_if_fail (option != NULL, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (option_table); i++) {
        if (name_matches (&option_table[i], option))
            def = &option_table[i];
    }
    if (def == NULL || def->subopts == NULL)
        return NULL;
    for (const Subopt *s = def->subopts; s->name; s++)
        g_ptr_array_add (names, (gpointer) s->name);
    g_ptr_array_sort (names, cmp_str_ptr);
    out = g_string_new (NULL);
    g_string_append_printf (out, "--%s options:\n", def->name);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf (out, "  %s\n", (const char *) g_ptr_array_index (names, i));
    return g_string_free (out, FALSE);
}

static gboolean
handle_option (VireoInstallOptions *options,
               const OptDef        *def,
               const char          *value,
               GError             **error)
{
    g_autoptr(VireoInstallProps) props = NULL;

    if (def->kind == OPT_SUBOPTS && value &&
        (g_str_equal (value, "?") || g_str_equal (value, "help"))) {
        g_free (options->listing);
        options->listing = vireo_install_options_describe (def->name);
        return TRUE;
    }
    if (def->kind == OPT_SUBOPTS) {
        props = parse_suboptions (def, value, error);
        if (props == NULL)
            return FALSE;
    }
    return def->apply (options, def, value, props, error);
}

VireoInstallOptions *
vireo_install_options_parse (int                 argc,
                             const char *const  *argv,
                             GError            **error)
{
    g_autoptr(VireoInstallOptions) options = vireo_install_options_new ();

    g_return_val_if_fail (argc >= 0, NULL);

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const OptDef *def = NULL;
        g_autofree char *name = NULL;
        const char *value = NULL;
        gboolean has_value = FALSE;

        if (g_str_equal (arg, "--") || !looks_like_option (arg)) {
            set_error (error, _("Unexpected argument “%s”: every value belongs to an "
                                "option (see --help)."), arg);
            return NULL;
        }
        if (arg[1] == '-') {
            const char *eq = strchr (arg + 2, '=');
            name = eq ? g_strndup (arg + 2, eq - arg - 2) : g_strdup (arg + 2);
            def = find_long (name, error);
            if (eq) {
                value = eq + 1;
                has_value = TRUE;
            }
        } else {
            def = find_short (arg[1], error);
            if (def && arg[2] != '\0') {
                value = arg[2] == '=' ? arg + 3 : arg + 2;
                has_value = TRUE;
            }
        }
        if (def == NULL)
            return NULL;

        if (def->kind == OPT_FLAG) {
            if (has_value) {
                set_error (error, _("Option --%s takes no value."), def->name);
                return NULL;
            }
        } else if (!has_value) {
            if (i + 1 < argc && (!looks_like_option (argv[i + 1]))) {
                value = argv[++i];
            } else if (def->optional) {
                value = def->implicit;
            } else {
                set_error (error, _("Option --%s needs a value."), def->name);
                return NULL;
            }
        }
        if (!handle_option (options, def, value, error))
            return NULL;
        if (options->listing)
            break;
    }
    return g_steal_pointer (&options);
}

char *
vireo_install_options_help (void)
{
    GString *out = g_string_new (NULL);

    g_string_append (out, _("Usage: vireo-install --name NAME --memory MiB STORAGE INSTALL "
                            "[options]\n\n"
                            "Create a virtual machine and start its installation.  The "
                            "options follow virt-install's; --OPTION=? lists the "
                            "sub-options of a compound option.\n\n"));
    for (guint i = 0; i < G_N_ELEMENTS (option_table); i++) {
        const OptDef *def = &option_table[i];
        g_autofree char *left = NULL;

        left = g_strdup_printf ("%s%c%s--%s%s%s",
                                def->short_name ? "-" : "",
                                def->short_name ? def->short_name : ' ',
                                def->short_name ? ", " : "   ",
                                def->name,
                                def->metavar ? " " : "",
                                def->metavar ? def->metavar : "");
        if (!def->short_name)
            memmove (left, left + 2, strlen (left + 2) + 1);
        g_string_append_printf (out, "  %-28s %s\n", left, _(def->help));
        if (def->aliases)
            g_string_append_printf (out, "  %-28s (%s --%s)\n", "", _("also"), def->aliases);
    }
    return g_string_free (out, FALSE);
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
