/* vireo-install-plan.c: from an install spec to what the engine defines
 *
 * The object, and the steps that decide: resolve (arch, machine, OS),
 * prepare (boot files, seeds, XML) and check (name, paths, space).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-plan-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "vireo-install-engine.h"
#include "vireo-install-seed.h"
#include "vireo-osinfo.h"
#include "vireo-storage.h"
#include "vireo-uri.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

enum {
    PROP_0,
    PROP_STATUS,
    PROP_FRACTION,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoInstallPlan, vireo_install_plan, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- helpers */

static void
conversion_free (VireoInstallConversion *c)
{
    g_free (c->source);
    g_free (c->dest);
    g_free (c);
}

static gboolean
check_on (const VireoInstallSpec *spec,
          const char             *name)
{
    const char *all = vireo_install_props_get (spec->check, "all");
    const char *one = vireo_install_props_get (spec->check, name);
    VireoTristate t = VIREO_TRISTATE_UNSET;

    if (one && vireo_install_parse_onoff (name, one, &t, NULL))
        return t != VIREO_TRISTATE_OFF;
    if (all && vireo_install_parse_onoff ("all", all, &t, NULL))
        return t != VIREO_TRISTATE_OFF;
    return TRUE;
}

/* The image format from the file's first bytes (qemu-img's name for it),
 * or NULL when no known header is there (raw, or a format without a magic
 * at the start). */
static const char *
probe_format (const char *path)
{
    static const struct { const char *magic; gsize len; gsize offset; const char *fmt; } m[] = {
        { "QFI\xfb\0\0\0\x02", 8, 0, "qcow2" }, { "QFI\xfb\0\0\0\x03", 8, 0, "qcow2" },
        { "QFI\xfb\0\0\0\x01", 8, 0, "qcow" }, { "QED\0", 4, 0, "qed" },
        { "KDMV", 4, 0, "vmdk" }, { "vhdxfile", 8, 0, "vhdx" }, { "conectix", 8, 0, "vpc" },
        { "\x7f\x10\xda\xbe", 4, 64, "vdi" }, { "LUKS\xba\xbe", 6, 0, "luks" },
    };
    char buf[72] = { 0 };
    FILE *f = fopen (path, "rb");
    gsize n;

    if (f == NULL)
        return NULL;
    n = fread (buf, 1, sizeof buf, f);
    fclose (f);
    for (guint i = 0; i < G_N_ELEMENTS (m); i++) {
        if (n >= m[i].offset + m[i].len && memcmp (buf + m[i].offset, m[i].magic, m[i].len) == 0)
            return m[i].fmt;
    }
    return NULL;
}

/* The disk files (device disk, writable, not shareable) of a domain XML. */
static GPtrArray *
writable_disk_paths (const char *xml)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (xml == NULL || *xml == '\0')
        return paths;
    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL)
        return paths;
    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression (
        BAD_CAST "/domain/devices/disk[not(readonly) and not(shareable) and "
                 "(not(@device) or @device='disk')]/source/@*[name()='file' or name()='dev']",
        ctx);
    for (int i = 0; obj && obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
        xmlChar *value = xmlNodeGetContent (obj->nodesetval->nodeTab[i]);
        g_ptr_array_add (paths, g_strdup ((const char *) value));
        xmlFree (value);
    }
    return paths;
}

static char *
unique_path (const char *dir,
             const char *stem,
             const char *ext)
{
    char *path = g_strdup_printf ("%s/%s%s", dir, stem, ext);

    for (guint n = 1; g_file_test (path, G_FILE_TEST_EXISTS); n++) {
        g_free (path);
        path = g_strdup_printf ("%s/%s-%u%s", dir, stem, n, ext);
    }
    return path;
}

static void
add_made (VireoInstallPlan *self,
          const char       *path,
          gboolean          install_only)
{
    g_ptr_array_add (self->made, g_strdup (path));
    if (install_only)
        g_ptr_array_add (self->install_files, g_strdup (path));
}

static gboolean
cancelled (GCancellable *cancellable,
           GError      **error)
{
    return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* ------------------------------------------------------------- the OS */

static gboolean
want_detect (const VireoInstallSpec *spec)
{
    return spec->os_detect == VIREO_TRISTATE_ON ||
           (spec->os_name == NULL && spec->os_id == NULL &&
            spec->os_detect != VIREO_TRISTATE_OFF);
}

/* --osinfo's OS, or NULL for "generic" and none given. */
static gboolean
given_os (const VireoInstallSpec *spec,
          OsinfoOs              **os,
          GError                **error)
{
    const char *name = spec->os_id ? spec->os_id : spec->os_name;

    *os = NULL;
    if (name == NULL || g_str_equal (name, "generic"))
        return TRUE;
    *os = vireo_osinfo_find (name, error);
    return *os != NULL;
}

static gboolean
choose_os (VireoInstallPlan *self,
           GError          **error)
{
    const VireoInstallSpec *spec = self->spec;
    g_autoptr(GError) detect_error = NULL;
    OsinfoOs *given = NULL;

    if (!given_os (spec, &given, error))
        return FALSE;
    if (want_detect (spec)) {
        OsinfoOs *found = NULL;
        if (spec->method == VIREO_INSTALL_METHOD_CDROM)
            found = vireo_osinfo_detect_media (spec->cdrom, &detect_error);
        else if (self->location && self->location->os)
            found = g_object_ref (self->location->os);
        else if (spec->method == VIREO_INSTALL_METHOD_LOCATION)
            g_set_error (&detect_error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("The install tree does not say which OS it holds."));
        if (found) {
            g_clear_object (&given);
            self->os = found;
            return TRUE;
        }
    }
    if (given || (spec->os_name && g_str_equal (spec->os_name, "generic"))) {
        self->os = given;
        return TRUE;
    }
    /* As with virt-install, an explicit --osinfo detect=on without require=
     * falls back to a generic OS; only no --osinfo at all requires one. */
    if (spec->os_require == VIREO_TRISTATE_OFF ||
        (spec->os_require == VIREO_TRISTATE_UNSET && spec->os_detect == VIREO_TRISTATE_ON) ||
        spec->method == VIREO_INSTALL_METHOD_IMPORT ||
        spec->method == VIREO_INSTALL_METHOD_PXE || spec->method == VIREO_INSTALL_METHOD_KERNEL)
        return TRUE;
    if (detect_error)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("An OS name is required (--osinfo NAME; see --osinfo list), and none "
                       "was given or detected: %s"), detect_error->message);
    else
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("An OS name is required (--osinfo NAME; see --osinfo list), and none "
                       "was given or detected."));
    return FALSE;
}

/* Finds the location's kernel and initrd (no copy yet). */
static gboolean
plan_location (VireoInstallPlan *self,
               const char       *arch,
               GError          **error)
{
    const VireoInstallSpec *spec = self->spec;
    OsinfoOs *given = NULL;
    g_autofree char *kname = NULL;
    g_autofree char *iname = NULL;

    if (spec->method != VIREO_INSTALL_METHOD_LOCATION || self->location)
        return TRUE;
    if (!given_os (spec, &given, error))
        return FALSE;
    self->location = vireo_install_location_find (spec->location, given, arch,
                                                  spec->location_kernel, spec->location_initrd,
                                                  want_detect (spec), error);
    g_clear_object (&given);
    if (self->location == NULL)
        return FALSE;
    kname = g_strdup_printf ("%s-kernel", spec->name);
    iname = g_strdup_printf ("%s-initrd", spec->name);
    self->kernel = g_build_filename (self->boot_dir, kname, NULL);
    self->initrd = g_build_filename (self->boot_dir, iname, NULL);
    return TRUE;
}

/* ---------------------------------------------------------- preparing */

/* Plans --disk convert=on: the qcow2 copy in the pool directory. */
static void
plan_conversions (VireoInstallPlan *self)
{
    for (guint i = 0; i < self->spec->disks->len; i++) {
        VireoInstallDisk *disk = self->spec->disks->pdata[i];
        g_autofree char *format = NULL;
        g_autofree char *base = NULL;
        g_autofree char *stem = NULL;
        VireoInstallConversion *c;

        if (disk->convert != VIREO_TRISTATE_ON || disk->path == NULL)
            continue;
        format = disk->format ? g_strdup (disk->format) : vireo_install_image_format (disk->path);
        if (g_strcmp0 (format, "qcow2") == 0)
            continue;
        base = g_path_get_basename (disk->path);
        if (strrchr (base, '.'))
            *strrchr (base, '.') = '\0';
        stem = g_strdup_printf ("%s-%s", self->spec->name, base);
        c = g_new0 (VireoInstallConversion, 1);
        c->source = g_strdup (disk->path);
        c->dest = unique_path (self->pool_dir, stem, ".qcow2");
        c->disk = disk;
        g_ptr_array_add (self->conversions, c);
        /* The VM uses the copy. */
        g_free (disk->path);
        disk->path = g_strdup (c->dest);
        g_free (disk->format);
        disk->format = g_strdup ("qcow2");
        vireo_domain_config_set_disk_format (self->config, c->dest, "qcow2");
    }
}

static gboolean
fetch_location (VireoInstallPlan *self,
                GCancellable     *cancellable,
                GError          **error)
{
    g_autofree char *status = NULL;

    if (self->location == NULL)
        return TRUE;
    status = g_strdup_printf (_("Copying the installer's kernel and initrd from “%s”…"),
                              self->location->location);
    _vireo_install_plan_report (self, status, -1);
    add_made (self, self->kernel, TRUE);
    if (!vireo_install_location_fetch (self->location, self->location->kernel, self->kernel,
                                       error) || cancelled (cancellable, error))
        return FALSE;
    add_made (self, self->initrd, TRUE);
    return vireo_install_location_fetch (self->location, self->location->initrd, self->initrd,
                                         error);
}

/* --unattended and --cloud-init; on a dry run into a scratch directory
 * whose files go away again. */
static gboolean
make_seeds (VireoInstallPlan *self,
            GError          **error)
{
    const VireoInstallSpec *spec = self->spec;
    g_autofree char *cmdline = g_strdup (spec->extra_args);
    const char *dir = self->making ? self->boot_dir : self->scratch;

    if (spec->unattended) {
        g_autoptr(VireoInstallSeed) seed = NULL;

        if (self->os == NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("An unattended install needs to know the OS: give --osinfo."));
            return FALSE;
        }
        if (self->making)
            _vireo_install_plan_report (self, _("Writing the unattended install script…"), -1);
        seed = vireo_install_seed_unattended (
            self->os, spec->unattended, spec->name, vireo_domain_config_get_arch (self->config),
            vireo_domain_config_get_install_target_disk (self->config),
            self->location ? self->initrd : NULL, dir, error);
        if (seed == NULL)
            return FALSE;
        for (guint i = 0; seed->scripts[i]; i++)
            add_made (self, seed->scripts[i], TRUE);
        if (seed->iso) {
            add_made (self, seed->iso, TRUE);
            vireo_domain_config_add_install_cdrom (self->config, seed->iso);
        }
        if (seed->floppy) {
            add_made (self, seed->floppy, TRUE);
            vireo_domain_config_add_install_floppy (self->config, seed->floppy);
        }
        if (seed->cmdline) {
            char *joined = cmdline ? g_strjoin (" ", cmdline, seed->cmdline, NULL)
                                   : g_strdup (seed->cmdline);
            g_free (cmdline);
            cmdline = joined;
        }
        if (self->making) {
            g_free (self->admin_password);
            self->admin_password = g_strdup (seed->password);
        }
    }
    if (spec->cloud_init) {
        g_autofree char *stem = g_strdup_printf ("%s-cidata", spec->name);

        self->cidata = unique_path (dir, stem, ".iso");
        if (self->making) {
            _vireo_install_plan_report (self, _("Making the cloud-init seed…"), -1);
            add_made (self, self->cidata, TRUE);
            g_clear_pointer (&self->root_password, g_free);
            if (!vireo_install_seed_cloud_init (spec->cloud_init, spec->name, self->cidata,
                                                &self->root_password, error))
                return FALSE;
        }
        vireo_domain_config_add_install_cdrom (self->config, self->cidata);
    }
    if (self->location) {
        if (self->location->is_iso)
            vireo_domain_config_add_install_cdrom (self->config, self->location->location);
        vireo_domain_config_set_install_boot (self->config, self->kernel, self->initrd, cmdline);
    }
    return TRUE;
}

/* -------------------------------------------------------------- GObject */

static void
vireo_install_plan_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VireoInstallPlan *self = VIREO_INSTALL_PLAN (object);

    switch (prop_id) {
    case PROP_STATUS:
        g_value_set_string (value, self->status);
        break;
    case PROP_FRACTION:
        g_value_set_double (value, self->fraction);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_install_plan_finalize (GObject *object)
{
    VireoInstallPlan *self = VIREO_INSTALL_PLAN (object);

    g_free (self->uri);
    g_free (self->pool_dir);
    if (self->boot_dir)
        g_rmdir (self->boot_dir);   /* only when nothing was put there */
    g_free (self->boot_dir);
    if (self->scratch) {
        g_autoptr(GDir) dir = g_dir_open (self->scratch, 0, NULL);
        const char *name;

        while (dir && (name = g_dir_read_name (dir))) {
            g_autofree char *path = g_build_filename (self->scratch, name, NULL);
            g_unlink (path);
        }
        g_rmdir (self->scratch);
        g_free (self->scratch);
    }
    g_free (self->default_network);
    g_clear_object (&self->os);
    g_clear_object (&self->config);
    g_clear_pointer (&self->location, vireo_install_location_free);
    g_free (self->kernel);
    g_free (self->initrd);
    g_free (self->cidata);
    g_free (self->admin_password);
    g_free (self->root_password);
    g_ptr_array_unref (self->conversions);
    g_ptr_array_unref (self->made);
    g_ptr_array_unref (self->install_files);
    g_ptr_array_unref (self->engine_volumes);
    g_free (self->install_xml);
    g_free (self->final_xml);
    g_free (self->marked_install_xml);
    g_clear_pointer (&self->owner_context, g_main_context_unref);
    g_free (self->status);

    G_OBJECT_CLASS (vireo_install_plan_parent_class)->finalize (object);
}

static void
vireo_install_plan_class_init (VireoInstallPlanClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->get_property = vireo_install_plan_get_property;
    object_class->finalize = vireo_install_plan_finalize;

    properties[PROP_STATUS] =
        g_param_spec_string ("status", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_FRACTION] =
        g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_install_plan_init (VireoInstallPlan *self)
{
    self->making = TRUE;
    self->fraction = -1;
    self->conversions = g_ptr_array_new_with_free_func ((GDestroyNotify) conversion_free);
    self->made = g_ptr_array_new_with_free_func (g_free);
    self->install_files = g_ptr_array_new_with_free_func (g_free);
    self->engine_volumes = g_ptr_array_new ();
}

/* ------------------------------------------------------------- progress */

typedef struct {
    VireoInstallPlan *plan;
    char             *status;
    double            fraction;
} Report;

static gboolean
report_on_owner_cb (gpointer user_data)
{
    Report *report = user_data;
    VireoInstallPlan *self = report->plan;

    if (g_strcmp0 (self->status, report->status) != 0) {
        g_free (self->status);
        self->status = g_strdup (report->status);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
    if (self->fraction != report->fraction) {
        self->fraction = report->fraction;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
    return G_SOURCE_REMOVE;
}

static void
report_free (gpointer user_data)
{
    Report *report = user_data;

    g_object_unref (report->plan);
    g_free (report->status);
    g_free (report);
}

void
_vireo_install_plan_report (VireoInstallPlan *self,
                            const char       *status,
                            double            fraction)
{
    if (self->progress)
        self->progress (status, fraction, self->progress_data);
    if (self->owner_context) {
        Report *report = g_new0 (Report, 1);

        report->plan = g_object_ref (self);
        report->status = g_strdup (status);
        report->fraction = fraction;
        g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT, report_on_owner_cb,
                                    report, report_free);
    }
}

/* -------------------------------------------------------------- public API */

VireoInstallPlan *
vireo_install_plan_new (VireoInstallSpec *spec,
                        const char       *uri)
{
    VireoInstallPlan *self;

    g_return_val_if_fail (spec != NULL, NULL);
    g_return_val_if_fail (uri != NULL, NULL);

    self = g_object_new (VIREO_TYPE_INSTALL_PLAN, NULL);
    self->spec = spec;
    self->uri = g_strdup (uri);
    return self;
}

VireoInstallSpec *
vireo_install_plan_get_spec (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->spec;
}

void
vireo_install_plan_set_pool_directory (VireoInstallPlan *self,
                                       const char       *directory)
{
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    g_return_if_fail (directory != NULL);

    g_free (self->pool_dir);
    g_free (self->boot_dir);
    self->pool_dir = g_strdup (directory);
    self->boot_dir = g_build_filename (directory, "boot", NULL);
}

const char *
vireo_install_plan_get_pool_directory (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->pool_dir;
}

void
vireo_install_plan_set_making (VireoInstallPlan *self,
                               gboolean          making)
{
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    self->making = making;
}

void
vireo_install_plan_set_define_only (VireoInstallPlan *self,
                                    gboolean          define_only)
{
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    self->define_only = define_only;
}

void
vireo_install_plan_set_make_volumes (VireoInstallPlan *self,
                                     gboolean          make_volumes)
{
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    self->make_volumes = make_volumes;
}

void
vireo_install_plan_set_default_network (VireoInstallPlan *self,
                                        const char       *network)
{
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    g_free (self->default_network);
    self->default_network = g_strdup (network);
}

void
vireo_install_plan_set_progress_func (VireoInstallPlan        *self,
                                      VireoInstallProgressFunc func,
                                      gpointer                 user_data)
{
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    self->progress = func;
    self->progress_data = user_data;
}

gboolean
vireo_install_plan_resolve (VireoInstallPlan *self,
                            const char       *caps_xml,
                            GCancellable     *cancellable,
                            GError          **error)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
    g_return_val_if_fail (self->pool_dir != NULL, FALSE);

    g_clear_object (&self->config);
    g_clear_object (&self->os);
    self->config = vireo_domain_config_new (self->spec);
    vireo_domain_config_set_uri (self->config, self->uri);
    vireo_domain_config_set_capabilities (self->config, caps_xml);
    vireo_domain_config_set_pool_directory (self->config, self->pool_dir);
    if (self->default_network)
        vireo_domain_config_set_default_network (self->config, self->default_network);
    /* The guest arch first (the OS does not change it), for --location. */
    if (!vireo_domain_config_resolve (self->config, error) || cancelled (cancellable, error) ||
        !plan_location (self, vireo_domain_config_get_arch (self->config), error) ||
        cancelled (cancellable, error) || !choose_os (self, error))
        return FALSE;
    vireo_domain_config_set_os (self->config, self->os);
    return vireo_domain_config_resolve (self->config, error);
}

VireoDomainConfig *
vireo_install_plan_get_config (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->config;
}

OsinfoOs *
vireo_install_plan_get_os (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->os;
}

gboolean
vireo_install_plan_prepare (VireoInstallPlan *self,
                            const char       *domcaps_xml,
                            GCancellable     *cancellable,
                            GError          **error)
{
    VireoInstallSpec *spec;
    GPtrArray *volumes;

    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
    g_return_val_if_fail (self->config != NULL, FALSE);
    spec = self->spec;

    vireo_domain_config_set_domain_capabilities (self->config, domcaps_xml);
    plan_conversions (self);
    for (guint i = 0; i < spec->disks->len; i++) {
        VireoInstallDisk *disk = spec->disks->pdata[i];
        if (disk->path && disk->format == NULL &&
            g_file_test (disk->path, G_FILE_TEST_IS_REGULAR)) {
            g_autofree char *fmt = vireo_install_image_format (disk->path);
            vireo_domain_config_set_disk_format (self->config, disk->path, fmt);
        }
    }
    if (!self->making) {
        if (self->scratch == NULL) {
            self->scratch = g_dir_make_tmp ("vireo-install-XXXXXX", error);
            if (self->scratch == NULL)
                return FALSE;
        }
    } else if (g_mkdir_with_parents (self->boot_dir, 0755) != 0) {
        int saved_errno = errno;

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The directory “%s” could not be made: %s"), self->boot_dir,
                     g_strerror (saved_errno));
        return FALSE;
    }
    if ((self->making && !fetch_location (self, cancellable, error)) ||
        cancelled (cancellable, error) || !make_seeds (self, error))
        return FALSE;

    g_clear_pointer (&self->final_xml, g_free);
    g_clear_pointer (&self->install_xml, g_free);
    self->final_xml = vireo_domain_config_build_xml (self->config, VIREO_DOMAIN_CONFIG_FINAL,
                                                     error);
    if (self->final_xml == NULL)
        return FALSE;
    if (vireo_domain_config_has_install_phase (self->config)) {
        self->install_xml = vireo_domain_config_build_xml (self->config,
                                                           VIREO_DOMAIN_CONFIG_INSTALL, error);
        if (self->install_xml == NULL)
            return FALSE;
    }
    /* Volumes over a backing image are the plan's to make (the storage
     * interfaces make plain ones only); with make-volumes every one is.  So
     * is a new image at a path of the user's outside the pool folder, on
     * this computer: the storage makes a pool's volumes by name alone, and
     * would put it in the pool folder instead of at that path. */
    g_ptr_array_set_size (self->engine_volumes, 0);
    volumes = vireo_domain_config_get_new_volumes (self->config);
    for (guint i = 0; i < volumes->len; i++) {
        VireoDomainConfigVolume *vol = volumes->pdata[i];
        g_autofree char *dir = g_path_get_dirname (vol->path);
        gboolean elsewhere = vol->pool == NULL && g_strcmp0 (dir, self->pool_dir) != 0 &&
                             vireo_uri_is_local (self->uri);

        if (!self->make_volumes && vol->backing == NULL && !elsewhere)
            g_ptr_array_add (self->engine_volumes, vol);
    }
    return TRUE;
}

const char *
vireo_install_plan_get_install_xml (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->install_xml;
}

const char *
vireo_install_plan_get_final_xml (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->final_xml;
}

const char *
vireo_install_plan_get_generated_admin_password (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->admin_password;
}

const char *
vireo_install_plan_get_generated_root_password (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->root_password;
}

gboolean
vireo_install_plan_check (VireoInstallPlan *self,
                          GHashTable       *domains,
                          GError          **error)
{
    const VireoInstallSpec *spec;
    g_autoptr(GPtrArray) ours = NULL;
    GPtrArray *volumes;
    GHashTableIter iter;
    gpointer name, xml;
    guint64 needed = 0;

    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
    g_return_val_if_fail (self->final_xml != NULL, FALSE);
    g_return_val_if_fail (domains != NULL, FALSE);
    spec = self->spec;

    if (g_hash_table_contains (domains, spec->name)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("A VM named “%s” exists already; choose another name."), spec->name);
        return FALSE;
    }
    ours = writable_disk_paths (self->final_xml);
    if (check_on (spec, "path_in_use")) {
        g_hash_table_iter_init (&iter, domains);
        while (g_hash_table_iter_next (&iter, &name, &xml)) {
            g_autoptr(GPtrArray) theirs = writable_disk_paths (xml);
            for (guint i = 0; i < ours->len; i++) {
                if (g_ptr_array_find_with_equal_func (theirs, ours->pdata[i], g_str_equal,
                                                      NULL)) {
                    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                                 _("The disk “%s” is already in use by the VM “%s” (use "
                                   "--check path_in_use=off to share it anyway)."),
                                 (char *) ours->pdata[i], (char *) name);
                    return FALSE;
                }
            }
        }
    }
    for (guint i = 0; i < spec->disks->len; i++) {
        VireoInstallDisk *disk = spec->disks->pdata[i];
        if (disk->path && disk->size_gib > 0 && g_file_test (disk->path, G_FILE_TEST_EXISTS) &&
            check_on (spec, "path_exists")) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                         _("The disk “%s” exists already and size= would overwrite it (use "
                           "--check path_exists=off to use it as it is)."), disk->path);
            return FALSE;
        }
    }
    volumes = vireo_domain_config_get_new_volumes (self->config);
    for (guint i = 0; i < volumes->len; i++) {
        VireoDomainConfigVolume *vol = volumes->pdata[i];
        needed += vol->sparse || g_strcmp0 (vol->format, "qcow2") == 0
                  ? VIREO_STORAGE_QCOW2_MIN_FREE : vol->capacity;
    }
    for (guint i = 0; i < self->conversions->len; i++) {
        VireoInstallConversion *c = self->conversions->pdata[i];
        GStatBuf st;
        if (g_stat (c->source, &st) == 0)
            needed += st.st_size;
    }
    if (needed > 0 && check_on (spec, "disk_size")) {
        g_autoptr(GFile) dir = g_file_new_for_path (self->pool_dir);
        g_autoptr(GFileInfo) info = NULL;

        g_mkdir_with_parents (self->pool_dir, 0755);
        info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
        if (info && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
            g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < needed) {
            g_autofree char *need = g_format_size (needed);
            g_autofree char *have = g_format_size (
                g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE));
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                         _("There is not enough free space in %s for the new disks (%s needed, "
                           "%s free)."), self->pool_dir, need, have);
            return FALSE;
        }
    }
    return TRUE;
}

const char *
vireo_install_plan_get_marked_install_xml (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->marked_install_xml ? self->marked_install_xml : self->install_xml;
}

GPtrArray *
vireo_install_plan_get_engine_volumes (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->engine_volumes;
}

void
vireo_install_plan_remove_made (VireoInstallPlan *self)
{
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));

    for (guint i = self->made->len; i > 0; i--)
        g_unlink (self->made->pdata[i - 1]);
    g_ptr_array_set_size (self->made, 0);
    g_ptr_array_set_size (self->install_files, 0);
    if (self->boot_dir)
        g_rmdir (self->boot_dir);    /* only when empty */
}

const char *
vireo_install_plan_get_status (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
    return self->status;
}

double
vireo_install_plan_get_fraction (VireoInstallPlan *self)
{
    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), -1);
    return self->fraction;
}

char *
vireo_install_image_format (const char *path)
{
    const char *probed;
    g_autofree char *dir = NULL;
    g_autoptr(VireoStorage) storage = NULL;
    g_autoptr(VireoStorageVolumeInfo) info = NULL;

    g_return_val_if_fail (path != NULL, NULL);

    probed = probe_format (path);
    if (probed)
        return g_strdup (probed);
    dir = g_path_get_dirname (path);
    storage = vireo_storage_dir_new (dir);
    info = vireo_storage_query_volume_info (storage, path, NULL);
    if (info && info->format)
        return g_strdup (info->format);
    return g_strdup ("raw");
}
