/* vireo-install-cli.c: vireo-install's work, behind a tiny main()
 *
 * The steps: read the command line; find the connection (or, when the
 * embedded root is held by the manager, hand the request to it); choose the
 * OS; find a --location's kernel and initrd; build both XML documents;
 * check the name, the disk paths and the space; make what the VM needs
 * (boot files, seed media, converted images, new disks); define and start;
 * then show the console and wait for the install to end, as asked.  Any
 * failure removes what was made.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-config.h"
#include "vireo-embed.h"
#include "vireo-event-loop.h"
#include "vireo-install-console.h"
#include "vireo-install-engine.h"
#include "vireo-install-handoff.h"
#include "vireo-install-location.h"
#include "vireo-install-options.h"
#include "vireo-install-seed.h"
#include "vireo-network.h"
#include "vireo-osinfo.h"
#include "vireo-storage.h"
#include "vireo-uri.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

typedef struct {
    char             *source;
    char             *dest;
    VireoInstallDisk *disk;     /* borrowed from the spec */
} Conversion;

typedef struct {
    VireoInstallOptions *options;   /* borrowed */
    VireoInstallSpec    *spec;      /* borrowed */
    char                *uri;
    char                *root;      /* embedded root, or NULL */
    GMainContext        *context;   /* the connection's, pushed while it is open */
    VireoConnection     *connection;    /* NULL when handing off */
    VireoInstallHandoff *handoff;
    gboolean             making;    /* not --print-xml / --dry-run */
    char                *pool_dir;
    char                *boot_dir;
    char                *scratch;   /* temp dir of a dry run's seed files */
    OsinfoOs            *os;
    VireoDomainConfig   *config;
    VireoInstallLocation *location;
    char                *kernel;    /* local copies of the location's boot files */
    char                *initrd;
    char                *cidata;    /* cloud-init seed ISO */
    GPtrArray           *conversions;   /* Conversion* */
    GPtrArray           *made;      /* char*: files made, removed on failure */
    GPtrArray           *install_files; /* char*: boot files and seeds of the install phase */
    char                *install_xml;
    char                *final_xml;
} Run;

typedef struct {
    GMainLoop   *loop;
    VireoDomain *domain;
    VireoDomain *after;         /* the VM once the install ended */
    GError      *error;
    gboolean     done;
    gboolean     complete_pending;
    gboolean     console_open;
    gboolean     viewer_running;
} Waiter;

typedef enum {
    CONSOLE_NONE,
    CONSOLE_TEXT,
    CONSOLE_GRAPHICAL,
} ConsoleKind;

/* ---------------------------------------------------------------- helpers */

static int
report (GError *error, int status)
{
    g_printerr ("vireo-install: %s\n", error->message);
    g_error_free (error);
    return status;
}

static void
conversion_free (Conversion *c)
{
    g_free (c->source);
    g_free (c->dest);
    g_free (c);
}

static void
run_clear (Run *run)
{
    g_free (run->uri);
    g_free (run->root);
    if (run->connection != NULL)
        vireo_connection_close (run->connection);
    g_clear_object (&run->connection);
    if (run->context != NULL)
        g_main_context_pop_thread_default (run->context);
    g_clear_pointer (&run->context, g_main_context_unref);
    g_clear_pointer (&run->handoff, vireo_install_handoff_free);
    g_free (run->pool_dir);
    if (run->boot_dir)
        g_rmdir (run->boot_dir);    /* only when nothing was put there */
    g_free (run->boot_dir);
    if (run->scratch) {
        g_autoptr(GDir) dir = g_dir_open (run->scratch, 0, NULL);
        const char *name;
        while (dir && (name = g_dir_read_name (dir))) {
            g_autofree char *path = g_build_filename (run->scratch, name, NULL);
            g_unlink (path);
        }
        g_rmdir (run->scratch);
        g_free (run->scratch);
    }
    g_clear_object (&run->os);
    g_clear_object (&run->config);
    g_clear_pointer (&run->location, vireo_install_location_free);
    g_free (run->kernel);
    g_free (run->initrd);
    g_free (run->cidata);
    g_clear_pointer (&run->conversions, g_ptr_array_unref);
    g_clear_pointer (&run->made, g_ptr_array_unref);
    g_clear_pointer (&run->install_files, g_ptr_array_unref);
    g_free (run->install_xml);
    g_free (run->final_xml);
}

/* Removes every file this run made (on failure). */
static void
remove_made (Run *run)
{
    for (guint i = run->made->len; i > 0; i--)
        g_unlink (run->made->pdata[i - 1]);
    g_ptr_array_set_size (run->made, 0);
    if (run->boot_dir)
        g_rmdir (run->boot_dir);    /* only when empty */
}

static gboolean
check_on (VireoInstallSpec *spec, const char *name)
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

/* Where new disks go: the embedded root's images, else the directory of
 * libvirt's pool "default", else libvirt's usual place. */
static char *
pool_directory (Run *run)
{
    VireoStorage *storage = run->connection ? vireo_connection_get_storage (run->connection)
                                            : NULL;
    g_autoptr(GPtrArray) pools = NULL;

    if (run->root)
        return vireo_embed_images_dir (run->root);
    pools = storage ? vireo_storage_list_pools (storage, NULL) : NULL;
    for (guint i = 0; pools && i < pools->len; i++) {
        VireoStoragePoolInfo *pool = pools->pdata[i];
        if (g_str_equal (pool->name, "default") && pool->path)
            return g_strdup (pool->path);
    }
    if (g_str_has_suffix (run->uri, "/session"))
        return g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL);
    return g_strdup ("/var/lib/libvirt/images");
}

/* Whether the host has libvirt's virtual network "default". */
static gboolean
has_default_network (Run *run)
{
    VireoNetwork *network = vireo_connection_get_network (run->connection);
    g_autoptr(VireoNetworkSource) source = NULL;

    source = network ? vireo_network_default_source (network, NULL) : NULL;
    return source && source->type == VIREO_NETWORK_SOURCE_NETWORK &&
           g_strcmp0 (source->name, "default") == 0;
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

/* qemu-img's name for the format of an existing image: from its header
 * when it has a known one (no process to start), else from qemu-img. */
static char *
image_format (const char *path)
{
    const char *probed = probe_format (path);
    g_autofree char *dir = NULL;
    g_autoptr(VireoStorage) storage = NULL;
    g_autoptr(VireoStorageVolumeInfo) info = NULL;

    if (probed)
        return g_strdup (probed);
    dir = g_path_get_dirname (path);
    storage = vireo_storage_dir_new (dir);
    info = vireo_storage_query_volume_info (storage, path, NULL);
    if (info && info->format)
        return g_strdup (info->format);
    return g_strdup ("raw");
}

/* The disk files (device disk, writable, not shareable) of a domain XML. */
static GPtrArray *
writable_disk_paths (const char *xml)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (xml == NULL)
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

/* ----------------------------------------------------------- the host */

/* Opens the connection on a context of its own, kept as the thread's
 * default while it is open (its signals come there, and the install waits
 * there); or, when the manager holds the embedded root, the handoff. */
static gboolean
host_open (Run *run, GError **error)
{
    g_autoptr(GError) held = NULL;

    vireo_vmm_silence_libvirt_errors ();
    if (vireo_embed_uri_get_root (run->uri, &run->root)) {
        if (!vireo_embed_prepare_root (run->root, error))
            return FALSE;
        if (!vireo_embed_check_free (run->root, &held)) {
            if (!g_error_matches (held, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD)) {
                g_propagate_error (error, g_steal_pointer (&held));
                return FALSE;
            }
            run->handoff = vireo_install_handoff_new (run->uri, held, error);
            return run->handoff != NULL;
        }
    }
    run->context = g_main_context_new ();
    g_main_context_push_thread_default (run->context);
    run->connection = vireo_connection_new (run->uri);
    return vireo_connection_open (run->connection, NULL, error);
}

static char *
host_capabilities (Run *run, GError **error)
{
    if (run->handoff)
        return vireo_install_handoff_capabilities (run->handoff, NULL, NULL, NULL, NULL, NULL,
                                                   error);
    return vireo_connection_dup_capabilities (run->connection, NULL, error);
}

static char *
host_domain_capabilities (Run *run)
{
    VireoDomainConfig *c = run->config;
    g_autofree char *caps = NULL;
    char *domcaps = NULL;

    if (run->handoff) {
        caps = vireo_install_handoff_capabilities (
            run->handoff, vireo_domain_config_get_emulator (c), vireo_domain_config_get_arch (c),
            vireo_domain_config_get_machine (c), vireo_domain_config_get_virt_type (c), &domcaps,
            NULL);
        return domcaps;
    }
    return vireo_connection_dup_domain_capabilities (run->connection,
                                                     vireo_domain_config_get_emulator (c),
                                                     vireo_domain_config_get_arch (c),
                                                     vireo_domain_config_get_machine (c),
                                                     vireo_domain_config_get_virt_type (c),
                                                     NULL, NULL);
}

/* name → XML of every VM of the connection. */
static GHashTable *
host_domains (Run *run, GError **error)
{
    if (run->handoff)
        return vireo_install_handoff_domains (run->handoff, error);
    return vireo_connection_list_domain_xml (run->connection, NULL, error);
}

/* ------------------------------------------------------------- the OS */

static gboolean
want_detect (VireoInstallSpec *spec)
{
    return spec->os_detect == VIREO_TRISTATE_ON ||
           (spec->os_name == NULL && spec->os_id == NULL &&
            spec->os_detect != VIREO_TRISTATE_OFF);
}

/* --osinfo's OS, or NULL for "generic" and none given. */
static gboolean
given_os (VireoInstallSpec *spec, OsinfoOs **os, GError **error)
{
    const char *name = spec->os_id ? spec->os_id : spec->os_name;

    *os = NULL;
    if (name == NULL || g_str_equal (name, "generic"))
        return TRUE;
    *os = vireo_osinfo_find (name, error);
    return *os != NULL;
}

static gboolean
choose_os (Run *run, GError **error)
{
    VireoInstallSpec *spec = run->spec;
    g_autoptr(GError) detect_error = NULL;
    OsinfoOs *given = NULL;

    if (!given_os (spec, &given, error))
        return FALSE;
    if (want_detect (spec)) {
        OsinfoOs *found = NULL;
        if (spec->method == VIREO_INSTALL_METHOD_CDROM)
            found = vireo_osinfo_detect_media (spec->cdrom, &detect_error);
        else if (run->location && run->location->os)
            found = g_object_ref (run->location->os);
        else if (spec->method == VIREO_INSTALL_METHOD_LOCATION)
            g_set_error (&detect_error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("the install tree does not say which OS it holds"));
        if (found) {
            g_clear_object (&given);
            run->os = found;
            return TRUE;
        }
    }
    if (given || (spec->os_name && g_str_equal (spec->os_name, "generic"))) {
        run->os = given;
        return TRUE;
    }
    if (spec->os_require == VIREO_TRISTATE_OFF || spec->method == VIREO_INSTALL_METHOD_IMPORT ||
        spec->method == VIREO_INSTALL_METHOD_PXE || spec->method == VIREO_INSTALL_METHOD_KERNEL)
        return TRUE;
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                 _("An OS name is required (--osinfo NAME; see --osinfo list), and none "
                   "was given or detected%s%s."),
                 detect_error ? ": " : "", detect_error ? detect_error->message : "");
    return FALSE;
}

/* --------------------------------------------------------- checking */

static gboolean
check_media (VireoInstallSpec *spec, GError **error)
{
    const char *media = spec->method == VIREO_INSTALL_METHOD_CDROM ? spec->cdrom : NULL;

    if (media && access (media, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The install media “%s” does not exist or cannot be read."), media);
        return FALSE;
    }
    for (guint i = 0; i < spec->disks->len; i++) {
        VireoInstallDisk *disk = spec->disks->pdata[i];
        if (disk->path && disk->size_gib <= 0 && access (disk->path, R_OK) != 0) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("The disk “%s” does not exist or cannot be read; give size= to "
                           "create it."), disk->path);
            return FALSE;
        }
    }
    if (spec->kernel && access (spec->kernel, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The kernel “%s” does not exist or cannot be read."), spec->kernel);
        return FALSE;
    }
    if (spec->initrd && access (spec->initrd, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The initrd “%s” does not exist or cannot be read."), spec->initrd);
        return FALSE;
    }
    return TRUE;
}

/* The name, the disk paths (--check path_in_use, path_exists) and the
 * space (--check disk_size), before anything is made. */
static gboolean
check_host (Run *run, GError **error)
{
    VireoInstallSpec *spec = run->spec;
    g_autoptr(GHashTable) domains = NULL;
    g_autoptr(GPtrArray) ours = writable_disk_paths (run->final_xml);
    GPtrArray *volumes = vireo_domain_config_get_new_volumes (run->config);
    GHashTableIter iter;
    gpointer name, xml;
    guint64 needed = 0;

    domains = host_domains (run, error);
    if (domains == NULL)
        return FALSE;
    if (g_hash_table_contains (domains, spec->name)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("A VM named “%s” exists already; choose another --name."), spec->name);
        return FALSE;
    }
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
    for (guint i = 0; i < volumes->len; i++) {
        VireoDomainConfigVolume *vol = volumes->pdata[i];
        needed += vol->sparse || g_strcmp0 (vol->format, "qcow2") == 0
                  ? VIREO_STORAGE_QCOW2_MIN_FREE : vol->capacity;
    }
    for (guint i = 0; i < run->conversions->len; i++) {
        Conversion *c = run->conversions->pdata[i];
        GStatBuf st;
        if (g_stat (c->source, &st) == 0)
            needed += st.st_size;
    }
    if (needed > 0 && check_on (spec, "disk_size")) {
        g_autoptr(GFile) dir = g_file_new_for_path (run->pool_dir);
        g_autoptr(GFileInfo) info = NULL;

        g_mkdir_with_parents (run->pool_dir, 0755);
        info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
        if (info && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
            g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < needed) {
            g_autofree char *need = g_format_size (needed);
            g_autofree char *have = g_format_size (
                g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE));
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                         _("There is not enough free space in %s for the new disks (%s needed, "
                           "%s free)."), run->pool_dir, need, have);
            return FALSE;
        }
    }
    return TRUE;
}

/* ---------------------------------------------------------- making */

static char *
unique_path (const char *dir, const char *stem, const char *ext)
{
    char *path = g_strdup_printf ("%s/%s%s", dir, stem, ext);

    for (guint n = 1; g_file_test (path, G_FILE_TEST_EXISTS); n++) {
        g_free (path);
        path = g_strdup_printf ("%s/%s-%u%s", dir, stem, n, ext);
    }
    return path;
}

/* Plans --disk convert=on: the qcow2 copy in the default pool. */
static gboolean
plan_conversions (Run *run, GError **error)
{
    for (guint i = 0; i < run->spec->disks->len; i++) {
        VireoInstallDisk *disk = run->spec->disks->pdata[i];
        g_autofree char *format = NULL;
        g_autofree char *base = NULL;
        g_autofree char *stem = NULL;
        Conversion *c;

        if (disk->convert != VIREO_TRISTATE_ON || disk->path == NULL)
            continue;
        format = disk->format ? g_strdup (disk->format) : image_format (disk->path);
        if (g_strcmp0 (format, "qcow2") == 0)
            continue;
        base = g_path_get_basename (disk->path);
        if (strrchr (base, '.'))
            *strrchr (base, '.') = '\0';
        stem = g_strdup_printf ("%s-%s", run->spec->name, base);
        c = g_new0 (Conversion, 1);
        c->source = g_strdup (disk->path);
        c->dest = unique_path (run->pool_dir, stem, ".qcow2");
        c->disk = disk;
        g_ptr_array_add (run->conversions, c);
        /* The VM uses the copy. */
        g_free (disk->path);
        disk->path = g_strdup (c->dest);
        g_free (disk->format);
        disk->format = g_strdup ("qcow2");
        vireo_domain_config_set_disk_format (run->config, c->dest, "qcow2");
    }
    return TRUE;
}

static gboolean
convert_images (Run *run, GError **error)
{
    for (guint i = 0; i < run->conversions->len; i++) {
        Conversion *c = run->conversions->pdata[i];
        const char *argv[] = { "qemu-img", "convert", "-O", "qcow2", c->source, c->dest, NULL };
        g_autofree char *err = NULL;
        int status = 0;

        if (!run->options->quiet)
            g_print (_("Converting “%s” to qcow2 in %s…\n"), c->source, run->pool_dir);
        g_ptr_array_add (run->made, g_strdup (c->dest));
        if (!g_spawn_sync (NULL, (char **) argv, NULL,
                           G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                           &err, &status, error))
            return FALSE;
        if (!g_spawn_check_wait_status (status, NULL)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("The image “%s” could not be converted: %s"), c->source,
                         err ? g_strstrip (err) : "");
            return FALSE;
        }
    }
    return TRUE;
}

/* Finds the location's kernel and initrd (no copy yet). */
static gboolean
plan_location (Run *run, const char *arch, GError **error)
{
    VireoInstallSpec *spec = run->spec;
    OsinfoOs *given = NULL;
    g_autofree char *kname = NULL;
    g_autofree char *iname = NULL;

    if (spec->method != VIREO_INSTALL_METHOD_LOCATION)
        return TRUE;
    if (!given_os (spec, &given, error))
        return FALSE;
    run->location = vireo_install_location_find (spec->location, given, arch,
                                                 spec->location_kernel, spec->location_initrd,
                                                 want_detect (spec), error);
    g_clear_object (&given);
    if (run->location == NULL)
        return FALSE;
    kname = g_strdup_printf ("%s-kernel", spec->name);
    iname = g_strdup_printf ("%s-initrd", spec->name);
    run->kernel = g_build_filename (run->boot_dir, kname, NULL);
    run->initrd = g_build_filename (run->boot_dir, iname, NULL);
    return TRUE;
}

static gboolean
fetch_location (Run *run, GError **error)
{
    if (run->location == NULL)
        return TRUE;
    if (!run->options->quiet)
        g_print (_("Copying the installer's kernel and initrd from “%s”…\n"),
                 run->location->location);
    g_ptr_array_add (run->made, g_strdup (run->kernel));
    g_ptr_array_add (run->install_files, g_strdup (run->kernel));
    if (!vireo_install_location_fetch (run->location, run->location->kernel, run->kernel, error))
        return FALSE;
    g_ptr_array_add (run->made, g_strdup (run->initrd));
    g_ptr_array_add (run->install_files, g_strdup (run->initrd));
    return vireo_install_location_fetch (run->location, run->location->initrd, run->initrd,
                                         error);
}

/* --unattended and --cloud-init; on a dry run into a scratch directory
 * whose files go away again. */
static gboolean
make_seeds (Run *run, GError **error)
{
    VireoInstallSpec *spec = run->spec;
    g_autofree char *cmdline = g_strdup (spec->extra_args);
    const char *dir = run->making ? run->boot_dir : run->scratch;

    if (spec->unattended) {
        g_autoptr(VireoInstallSeed) seed = NULL;

        if (run->os == NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("--unattended needs to know the OS: give --osinfo."));
            return FALSE;
        }
        seed = vireo_install_seed_unattended (
            run->os, spec->unattended, spec->name, vireo_domain_config_get_arch (run->config),
            vireo_domain_config_get_install_target_disk (run->config),
            run->location ? run->initrd : NULL, dir, error);
        if (seed == NULL)
            return FALSE;
        for (guint i = 0; seed->scripts[i]; i++) {
            g_ptr_array_add (run->made, g_strdup (seed->scripts[i]));
            g_ptr_array_add (run->install_files, g_strdup (seed->scripts[i]));
        }
        if (seed->iso) {
            g_ptr_array_add (run->made, g_strdup (seed->iso));
            g_ptr_array_add (run->install_files, g_strdup (seed->iso));
            vireo_domain_config_add_install_cdrom (run->config, seed->iso);
        }
        if (seed->floppy) {
            g_ptr_array_add (run->made, g_strdup (seed->floppy));
            g_ptr_array_add (run->install_files, g_strdup (seed->floppy));
            vireo_domain_config_add_install_floppy (run->config, seed->floppy);
        }
        if (seed->cmdline) {
            char *joined = cmdline ? g_strjoin (" ", cmdline, seed->cmdline, NULL)
                                   : g_strdup (seed->cmdline);
            g_free (cmdline);
            cmdline = joined;
        }
        if (seed->password && run->making)
            g_print (_("The generated administrator password of the install is: %s\n"),
                     seed->password);
    }
    if (spec->cloud_init) {
        g_autofree char *password = NULL;
        g_autofree char *stem = g_strdup_printf ("%s-cidata", spec->name);

        run->cidata = unique_path (run->making ? run->boot_dir : run->scratch, stem, ".iso");
        if (run->making) {
            g_ptr_array_add (run->made, g_strdup (run->cidata));
            g_ptr_array_add (run->install_files, g_strdup (run->cidata));
            if (!vireo_install_seed_cloud_init (spec->cloud_init, spec->name, run->cidata,
                                                &password, error))
                return FALSE;
            if (password)
                g_print (_("The generated root password is: %s\n"), password);
        }
        vireo_domain_config_add_install_cdrom (run->config, run->cidata);
    }
    if (run->location) {
        if (run->location->is_iso)
            vireo_domain_config_add_install_cdrom (run->config, run->location->location);
        vireo_domain_config_set_install_boot (run->config, run->kernel, run->initrd, cmdline);
    }
    return TRUE;
}

/* ------------------------------------------------------------- waiting */

static void
engine_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Waiter *wait = user_data;

    wait->domain = vireo_install_engine_run_finish (VIREO_CONNECTION (source), result,
                                                    &wait->error);
    g_main_loop_quit (wait->loop);
}

static void
complete_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Waiter *wait = user_data;

    wait->complete_pending = FALSE;
    g_clear_object (&wait->after);
    vireo_install_engine_complete_finish (VIREO_DOMAIN (source), result, &wait->done,
                                          &wait->after, &wait->error);
    g_main_loop_quit (wait->loop);
}

static gboolean
console_closed_cb (gpointer user_data)
{
    Waiter *wait = user_data;

    wait->console_open = FALSE;
    if (!wait->complete_pending)
        g_main_loop_quit (wait->loop);
    return G_SOURCE_REMOVE;
}

static void
viewer_exited_cb (GPid pid, int status, gpointer user_data)
{
    Waiter *wait = user_data;

    g_spawn_close_pid (pid);
    wait->viewer_running = FALSE;
    g_main_loop_quit (wait->loop);
}

static gboolean
has_graphics (const char *xml)
{
    return xml && strstr (xml, "<graphics ") != NULL;
}

/* Graphics a viewer can show: SPICE or VNC. */
static gboolean
has_viewable_graphics (const char *xml)
{
    return xml && (strstr (xml, "<graphics type=\"spice\"") ||
                   strstr (xml, "<graphics type=\"vnc\""));
}

/* What --autoconsole means for this VM, decided as virt-install does.
 * *@wait_forever is set when the default found no console to start: then
 * vireo-install waits for the install as with --wait -1. */
static ConsoleKind
choose_console (Run *run, char **viewer, gboolean *wait_forever)
{
    VireoInstallSpec *spec = run->spec;
    const char *xml = run->install_xml ? run->install_xml : run->final_xml;
    gboolean is_default = spec->console_kind == VIREO_INSTALL_CONSOLE_DEFAULT;

    *viewer = NULL;
    *wait_forever = FALSE;
    /* --wait 0 is --noautoconsole, as with virt-install. */
    if (spec->autoconsole == VIREO_TRISTATE_OFF || (spec->wait_set && spec->wait_minutes == 0))
        return CONSOLE_NONE;
    if (spec->console_kind == VIREO_INSTALL_CONSOLE_TEXT)
        return CONSOLE_TEXT;
    if (is_default && (spec->cloud_init || !has_graphics (xml))) {
        /* The terminal shows the console; without one there is nothing to
         * attach it to. */
        return isatty (STDIN_FILENO) && isatty (STDOUT_FILENO) ? CONSOLE_TEXT : CONSOLE_NONE;
    }
    if (is_default && !has_viewable_graphics (xml)) {
        *wait_forever = TRUE;
        return CONSOLE_NONE;
    }
    if (is_default && !g_getenv ("DISPLAY") && !g_getenv ("WAYLAND_DISPLAY")) {
        if (!run->options->quiet)
            g_printerr ("vireo-install: %s\n", _("The VM has graphics but there is no display "
                                                 "(DISPLAY is not set), so no viewer is "
                                                 "started."));
        *wait_forever = TRUE;
        return CONSOLE_NONE;
    }
    *viewer = vireo_install_console_find_viewer ();
    if (*viewer == NULL) {
        g_printerr ("vireo-install: %s\n", _("No console viewer was found: install "
                                             "vireo-viewer, or name one with VIREO_VIEWER."));
        *wait_forever = is_default;
        return CONSOLE_NONE;
    }
    return CONSOLE_GRAPHICAL;
}

/* Starts the viewer on the VM @name (running; @domain is NULL when the
 * manager runs it); with @watch, its exit ends wait->viewer_running. */
static gboolean
start_viewer (Run *run, Waiter *wait, const char *name, VireoDomain *domain,
              const char *viewer, gboolean watch)
{
    /* When this process holds the embedded root, the viewer cannot open it:
     * it is given the display's address instead. */
    gboolean own_root = run->root != NULL && run->handoff == NULL;
    g_autofree char *live = NULL;
    g_auto(GStrv) args = NULL;
    g_autofree char *shown = NULL;
    g_autoptr(GError) error = NULL;
    GPid pid = 0;

    if (own_root && domain)
        live = vireo_domain_dup_xml (domain, 0, NULL, NULL);
    args = vireo_install_console_viewer_args (run->uri, name, live, own_root);
    if (args == NULL) {
        g_printerr ("vireo-install: %s\n", _("The VM's display cannot be reached by a viewer "
                                             "from here."));
        return FALSE;
    }
    shown = g_strjoinv (" ", args);
    if (!run->options->quiet)
        g_print (_("Running the graphical console: %s %s\n"), viewer, shown);
    if (!vireo_install_console_spawn_viewer (viewer, (const char * const *) args,
                                             watch ? &pid : NULL, &error)) {
        g_printerr ("vireo-install: %s\n", error->message);
        return FALSE;
    }
    if (watch) {
        /* On the context the waiting loop runs. */
        g_autoptr(GSource) source = g_child_watch_source_new (pid);
        g_source_set_callback (source, (GSourceFunc) (void (*) (void)) viewer_exited_cb, wait,
                               NULL);
        g_source_attach (source, g_main_context_get_thread_default ());
        wait->viewer_running = TRUE;
    }
    return TRUE;
}

static void
wait_for_viewer (Waiter *wait)
{
    while (wait->viewer_running)
        g_main_loop_run (wait->loop);
}

/* virt-install's way without --wait: the viewer closed; when the VM went
 * down, the install ended: the lasting configuration boots, with its
 * console; else the install goes on without us. */
static int
after_viewer (Run *run, Waiter *wait, const char *viewer)
{
    VireoInstallSpec *spec = run->spec;
    const char *name = vireo_domain_get_name (wait->domain);

    if (run->install_xml == NULL) {
        if (!run->options->quiet)
            g_print (_("Domain “%s” is %s.\n"), name,
                     spec->transient ? _("created") : _("defined"));
        return 0;
    }
    /* The viewer often closes because QEMU closed the display on its way
     * out, before libvirt has reported the VM's end: up to five seconds for
     * that event (two were too few on a loaded machine). */
    wait->complete_pending = TRUE;
    vireo_install_engine_complete_async (wait->domain, run->final_xml, spec->transient,
                                         spec->noreboot, 5000, NULL, complete_cb, wait);
    while (wait->complete_pending)
        g_main_loop_run (wait->loop);
    if (wait->error)
        return report (g_steal_pointer (&wait->error), 1);
    if (!wait->done) {
        if (!run->options->quiet)
            g_print (_("The VM “%s” is still running, so its installation may be in progress; "
                       "reconnect to its console to complete it.\n"), name);
        return 0;
    }
    if (!run->options->quiet)
        g_print (_("The installation of “%s” finished; %s\n"), name,
                 spec->noreboot ? _("the VM stays off (it boots from its disk when started).")
                                : _("the VM now boots from its disk."));
    if (!spec->noreboot && wait->after &&
        start_viewer (run, wait, name, wait->after, viewer, TRUE))
        wait_for_viewer (wait);
    return 0;
}

/* After the VM started: the console and the wait, as asked. */
static int
follow (Run *run, Waiter *wait)
{
    VireoInstallSpec *spec = run->spec;
    g_autofree char *viewer = NULL;
    gboolean wait_forever = FALSE;
    ConsoleKind kind = choose_console (run, &viewer, &wait_forever);
    const char *name = vireo_domain_get_name (wait->domain);
    int wait_ms;
    VireoInstallConsole *console = NULL;
    g_autoptr(GError) error = NULL;

    if (spec->wait_set)
        wait_ms = spec->wait_minutes < 0 ? -1 : spec->wait_minutes * 60000;
    else if (wait_forever || kind == CONSOLE_TEXT)
        wait_ms = -1;
    else
        wait_ms = 0;
    if (wait_forever && !spec->wait_set && run->install_xml && !run->options->quiet)
        g_printerr ("vireo-install: %s\n", _("No console to start for the VM: waiting for the "
                                             "installation to complete, as with --wait -1."));

    if (kind == CONSOLE_GRAPHICAL) {
        /* Without --wait, virt-install waits for the viewer to close. */
        if (start_viewer (run, wait, name, wait->domain, viewer, !spec->wait_set) &&
            !spec->wait_set) {
            wait_for_viewer (wait);
            return after_viewer (run, wait, viewer);
        }
    } else if (kind == CONSOLE_TEXT) {
        console = vireo_install_console_open (wait->domain, console_closed_cb, wait, &error);
        if (console == NULL) {
            g_printerr ("vireo-install: %s\n", error->message);
            g_clear_error (&error);
        }
        wait->console_open = console != NULL;
    }
    if (run->install_xml && wait_ms != 0) {
        if (!run->options->quiet && !wait->console_open) {
            if (wait_ms < 0)
                g_print (_("Waiting for the installation to complete.\n"));
            else
                g_print (_("Waiting %d minutes for the installation to complete.\n"),
                         spec->wait_minutes);
        }
        wait->complete_pending = TRUE;
        vireo_install_engine_complete_async (wait->domain, run->final_xml, spec->transient,
                                             spec->noreboot, wait_ms, NULL, complete_cb, wait);
        while (wait->complete_pending)
            g_main_loop_run (wait->loop);
        vireo_install_console_close (console);
        if (wait->error)
            return report (g_steal_pointer (&wait->error), 1);
        if (!wait->done) {
            g_printerr ("vireo-install: %s\n",
                        _("The installation is still running after the time --wait allowed; "
                          "the VM goes on installing."));
            return 1;
        }
        /* The engine removed the install files (the lasting configuration
         * refers to none of them). */
        if (!run->options->quiet) {
            if (spec->noreboot)
                g_print (_("The installation of “%s” finished; the VM stays off (it boots "
                           "from its disk when started).\n"), name);
            else
                g_print (_("The installation of “%s” finished; the VM now boots from its "
                           "disk.\n"), name);
        }
        return 0;
    }
    if (console) {
        /* One-phase VM (import, PXE, kernel): the console until it ends. */
        while (wait->console_open)
            g_main_loop_run (wait->loop);
        vireo_install_console_close (console);
    }
    if (!run->options->quiet)
        g_print (_("Domain “%s” is %s and running.\n"), name,
                 spec->transient ? _("created") : _("defined"));
    return 0;
}

static int
install_direct (Run *run)
{
    Waiter wait = { 0 };
    int status;

    wait.loop = g_main_loop_new (run->context, FALSE);
    vireo_install_engine_run_async (run->connection, run->spec,
                                    run->install_xml ? run->install_xml : run->final_xml,
                                    run->install_xml ? run->final_xml : NULL,
                                    vireo_domain_config_get_new_volumes (run->config), NULL,
                                    engine_cb, &wait);
    g_main_loop_run (wait.loop);
    if (wait.error) {
        remove_made (run);
        status = report (wait.error, 1);
    } else {
        status = follow (run, &wait);
    }
    g_clear_object (&wait.domain);
    g_clear_object (&wait.after);
    g_main_loop_unref (wait.loop);
    return status;
}

/* The manager holds the root: the disks are made here, the VM there. */
static int
install_handoff (Run *run)
{
    g_autoptr(VireoStorage) storage = vireo_storage_dir_new (run->pool_dir);
    GPtrArray *volumes = vireo_domain_config_get_new_volumes (run->config);
    g_autofree char *uuid = NULL;
    g_autofree char *viewer = NULL;
    gboolean wait_forever = FALSE;
    ConsoleKind kind;
    GError *error = NULL;

    for (guint i = 0; i < volumes->len; i++) {
        VireoDomainConfigVolume *vol = volumes->pdata[i];
        g_autofree char *path = vireo_storage_create_volume (storage, NULL, vol->name,
                                                             vol->format, vol->capacity, &error);
        if (path == NULL) {
            remove_made (run);
            return report (error, 1);
        }
        g_ptr_array_add (run->made, g_steal_pointer (&path));
    }
    uuid = vireo_install_handoff_install (run->handoff, run->spec->name,
                                          run->install_xml ? run->install_xml : run->final_xml,
                                          run->install_xml ? run->final_xml : NULL,
                                          run->spec->noreboot, run->spec->autostart,
                                          run->spec->transient, &error);
    if (uuid == NULL) {
        remove_made (run);
        return report (error, 1);
    }
    if (!run->options->quiet)
        g_print (_("Domain “%s” (%s) is defined and running in the Vireo that holds %s.\n"),
                 run->spec->name, uuid, run->root);
    /* The viewer hands itself to the manager as well; without --wait it is
     * waited for, as virt-install waits for virt-viewer. */
    kind = choose_console (run, &viewer, &wait_forever);
    if (kind == CONSOLE_GRAPHICAL) {
        Waiter wait = { 0 };

        wait.loop = g_main_loop_new (NULL, FALSE);
        if (start_viewer (run, &wait, run->spec->name, NULL, viewer, !run->spec->wait_set))
            wait_for_viewer (&wait);
        g_main_loop_unref (wait.loop);
    } else if (kind == CONSOLE_TEXT) {
        g_printerr ("vireo-install: %s\n", _("The manager runs the VM, so its text console is "
                                             "shown there (or with vireo-viewer --connect), "
                                             "not in this terminal."));
    }
    /* The manager boots the lasting configuration; --wait waits for it. */
    if (run->install_xml && ((run->spec->wait_set && run->spec->wait_minutes != 0) ||
                             (wait_forever && !run->spec->wait_set))) {
        gboolean done = FALSE;
        if (!vireo_install_handoff_wait_ended (run->handoff, uuid,
                                               !run->spec->wait_set || run->spec->wait_minutes < 0
                                               ? -1 : run->spec->wait_minutes * 60000,
                                               &done, &error))
            return report (error, 1);
        if (!done) {
            g_printerr ("vireo-install: %s\n",
                        _("The installation is still running after the time --wait allowed; "
                          "the VM goes on installing."));
            return 1;
        }
        if (!run->options->quiet)
            g_print (_("The installation of “%s” finished.\n"), run->spec->name);
    }
    return 0;
}

/* ---------------------------------------------------------- the steps */

static int
prepare_and_install (Run *run)
{
    VireoInstallSpec *spec = run->spec;
    g_autofree char *caps = NULL;
    g_autofree char *domcaps = NULL;
    GError *error = NULL;

    if (!host_open (run, &error))
        return report (error, 1);
    caps = host_capabilities (run, &error);
    if (caps == NULL)
        return report (error, 1);

    run->pool_dir = pool_directory (run);
    run->boot_dir = g_build_filename (run->pool_dir, "boot", NULL);
    run->config = vireo_domain_config_new (spec);
    vireo_domain_config_set_uri (run->config, run->uri);
    vireo_domain_config_set_capabilities (run->config, caps);
    vireo_domain_config_set_pool_directory (run->config, run->pool_dir);
    /* The guest arch first (the OS does not change it), for --location. */
    if (!vireo_domain_config_resolve (run->config, &error) ||
        !plan_location (run, vireo_domain_config_get_arch (run->config), &error) ||
        !choose_os (run, &error))
        return report (error, 1);
    vireo_domain_config_set_os (run->config, run->os);
    if (!vireo_domain_config_resolve (run->config, &error))
        return report (error, 1);
    domcaps = host_domain_capabilities (run);
    vireo_domain_config_set_domain_capabilities (run->config, domcaps);
    if (run->connection && g_str_has_prefix (run->uri, "qemu") &&
        g_str_has_suffix (run->uri, "/system") && has_default_network (run))
        vireo_domain_config_set_default_network (run->config, "default");
    if (!plan_conversions (run, &error))
        return report (error, 1);
    for (guint i = 0; i < spec->disks->len; i++) {
        VireoInstallDisk *disk = spec->disks->pdata[i];
        if (disk->path && disk->format == NULL &&
            g_file_test (disk->path, G_FILE_TEST_IS_REGULAR)) {
            g_autofree char *fmt = image_format (disk->path);
            vireo_domain_config_set_disk_format (run->config, disk->path, fmt);
        }
    }

    if (!run->making) {
        run->scratch = g_dir_make_tmp ("vireo-install-XXXXXX", &error);
        if (run->scratch == NULL)
            return report (error, 1);
    } else if (g_mkdir_with_parents (run->boot_dir, 0755) != 0) {
        g_set_error (&error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The directory “%s” could not be made: %s"), run->boot_dir,
                     g_strerror (errno));
        return report (error, 1);
    }
    if (run->making && !fetch_location (run, &error)) {
        remove_made (run);
        return report (error, 1);
    }
    if (!make_seeds (run, &error)) {
        remove_made (run);
        return report (error, 1);
    }

    run->final_xml = vireo_domain_config_build_xml (run->config, VIREO_DOMAIN_CONFIG_FINAL,
                                                    &error);
    if (run->final_xml && vireo_domain_config_has_install_phase (run->config))
        run->install_xml = vireo_domain_config_build_xml (run->config,
                                                          VIREO_DOMAIN_CONFIG_INSTALL, &error);
    if (error) {
        remove_made (run);
        return report (error, 1);
    }
    if (run->options->print_xml) {
        if (run->install_xml && run->options->print_xml_step != 2)
            g_print ("%s", run->install_xml);
        if (run->options->print_xml_step != 1 || run->install_xml == NULL)
            g_print ("%s", run->final_xml);
        return 0;
    }
    if (!check_host (run, &error)) {
        remove_made (run);
        return report (error, 1);
    }
    if (run->options->dry_run) {
        if (!run->options->quiet)
            g_print ("%s\n", _("Dry run completed successfully."));
        return 0;
    }
    if (!convert_images (run, &error)) {
        remove_made (run);
        return report (error, 1);
    }
    /* Whoever completes the install (this process or the manager) removes
     * the boot files and seeds then. */
    if (run->install_xml) {
        char *marked = vireo_install_engine_mark_install_files (run->install_xml,
                                                                run->install_files);
        g_free (run->install_xml);
        run->install_xml = marked;
    }
    return run->handoff ? install_handoff (run) : install_direct (run);
}

int
vireo_install_cli_run (int argc, char **argv)
{
    g_autoptr(VireoInstallOptions) options = NULL;
    Run run = { 0 };
    GError *error = NULL;
    int status;

    options = vireo_install_options_parse (argc, (const char * const *) argv, &error);
    if (options == NULL)
        return report (error, 2);
    if (options->help) {
        g_autofree char *help = vireo_install_options_help ();
        g_print ("%s", help);
        return 0;
    }
    if (options->version) {
        g_print ("%s\n", VIREO_VERSION);
        return 0;
    }
    if (options->listing) {
        g_print ("%s\n", options->listing);
        return 0;
    }
    if (options->osinfo_list) {
        g_autofree char *list = vireo_osinfo_list ();
        g_print ("%s", list);
        return 0;
    }
    if (!vireo_install_options_check (options, &error))
        return report (error, 2);
    if (!options->print_xml && !check_media (options->spec, &error))
        return report (error, 1);

    run.options = options;
    run.spec = options->spec;
    run.making = !options->print_xml && !options->dry_run;
    run.uri = vireo_uri_resolve_default (options->connect);
    run.conversions = g_ptr_array_new_with_free_func ((GDestroyNotify) conversion_free);
    run.made = g_ptr_array_new_with_free_func (g_free);
    run.install_files = g_ptr_array_new_with_free_func (g_free);
    status = prepare_and_install (&run);
    run_clear (&run);
    return status;
}
