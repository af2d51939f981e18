/* vireo-install-cli.c: vireo-install's work, behind a tiny main()
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-cli.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-config.h"
#include "vireo-embed.h"
#include "vireo-event-loop.h"
#include "vireo-install-engine.h"
#include "vireo-install-options.h"
#include "vireo-osinfo.h"
#include "vireo-storage.h"
#include "vireo-uri.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

typedef struct {
    GMainLoop   *loop;
    VireoDomain *domain;
    GError      *error;
} EngineWait;

static int
report (GError *error, int status)
{
    g_printerr ("vireo-install: %s\n", error->message);
    g_error_free (error);
    return status;
}

/* The image format from the file's first bytes (no qemu-img run needed). */
static const char *
probe_format (const char *path)
{
    static const struct { const char *magic; gsize len; gsize offset; const char *fmt; } m[] = {
        { "QFI\xfb", 4, 0, "qcow2" }, { "KDMV", 4, 0, "vmdk" },
        { "vhdxfile", 8, 0, "vhdx" }, { "\x7f\x10\xda\xbe", 4, 64, "vdi" },
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
    return "raw";
}

static char *
pool_directory (virConnectPtr conn, const char *uri)
{
    g_autoptr(VireoVirtStoragePool) pool = NULL;
    g_autofree char *root = NULL;
    g_autofree char *xml = NULL;

    if (vireo_embed_uri_get_root (uri, &root))
        return vireo_embed_images_dir (root);
    pool = virStoragePoolLookupByName (conn, "default");
    if (pool)
        xml = virStoragePoolGetXMLDesc (pool, 0);
    if (xml) {
        const char *start = strstr (xml, "<target>");
        const char *path = start ? strstr (start, "<path>") : NULL;
        const char *end = path ? strstr (path, "</path>") : NULL;
        if (end)
            return g_strndup (path + 6, end - path - 6);
    }
    if (g_str_has_suffix (uri, "/session"))
        return g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL);
    return g_strdup ("/var/lib/libvirt/images");
}

static OsinfoOs *
choose_os (VireoInstallSpec *spec, GError **error)
{
    OsinfoOs *os = NULL;
    g_autoptr(GError) detect_error = NULL;

    if (spec->os_detect == VIREO_TRISTATE_ON || (spec->os_name == NULL && spec->os_id == NULL &&
                                                 spec->os_detect != VIREO_TRISTATE_OFF)) {
        if (spec->method == VIREO_INSTALL_METHOD_CDROM)
            os = vireo_osinfo_detect_media (spec->cdrom, &detect_error);
        else if (spec->method == VIREO_INSTALL_METHOD_LOCATION)
            os = g_str_has_suffix (spec->location, ".iso")
                 ? vireo_osinfo_detect_media (spec->location, &detect_error)
                 : vireo_osinfo_detect_tree (spec->location, &detect_error);
        if (os)
            return os;
    }
    if (spec->os_id)
        return vireo_osinfo_find (spec->os_id, error);
    /* "generic" is virt-install's name for "no particular OS". */
    if (spec->os_name && g_str_equal (spec->os_name, "generic"))
        return NULL;
    if (spec->os_name)
        return vireo_osinfo_find (spec->os_name, error);
    if (spec->os_require != VIREO_TRISTATE_OFF) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("An OS name is required (--osinfo NAME; see --osinfo list), and none "
                       "was given or detected%s%s."),
                     detect_error ? ": " : "", detect_error ? detect_error->message : "");
        return NULL;
    }
    return NULL;
}

static gboolean
check_media (VireoInstallSpec *spec, GError **error)
{
    const char *media = spec->method == VIREO_INSTALL_METHOD_CDROM ? spec->cdrom
                      : spec->method == VIREO_INSTALL_METHOD_LOCATION ? spec->location : NULL;

    if (media && !strstr (media, "://") && access (media, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The install media “%s” does not exist or cannot be read."), media);
        return FALSE;
    }
    for (guint i = 0; i < spec->disks->len; i++) {
        VireoInstallDisk *disk = spec->disks->pdata[i];
        if (disk->path && disk->size_gib <= 0 && access (disk->path, R_OK) != 0) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("The disk “%s” does not exist; give size= to create it."),
                         disk->path);
            return FALSE;
        }
    }
    if (spec->kernel && access (spec->kernel, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The kernel “%s” does not exist or cannot be read."), spec->kernel);
        return FALSE;
    }
    return TRUE;
}

static virConnectPtr
open_raw (const char *uri, GError **error)
{
    g_autofree char *root = NULL;
    virConnectPtr conn;

    vireo_vmm_silence_libvirt_errors ();
    if (vireo_embed_uri_get_root (uri, &root)) {
        if (!vireo_embed_prepare_root (root, error) || !vireo_embed_check_free (root, error) ||
            !vireo_event_loop_ensure (error))
            return NULL;
    }
    conn = virConnectOpen (uri);
    if (conn == NULL)
        vireo_vmm_set_error_from_libvirt (error, _("Could not connect to “%s”."), uri);
    return conn;
}

static void
engine_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    EngineWait *wait = user_data;

    wait->domain = vireo_install_engine_run_finish (VIREO_CONNECTION (source), result,
                                                    &wait->error);
    g_main_loop_quit (wait->loop);
}

static int
install (VireoInstallOptions *options, const char *uri, const char *install_xml,
         const char *final_xml, GPtrArray *volumes)
{
    g_autoptr(GMainContext) context = g_main_context_new ();
    g_autoptr(VireoConnection) connection = NULL;
    EngineWait wait = { 0 };
    GError *error = NULL;

    g_main_context_push_thread_default (context);
    connection = vireo_connection_new (uri);
    if (!vireo_connection_open (connection, NULL, &error)) {
        g_main_context_pop_thread_default (context);
        return report (error, 1);
    }
    wait.loop = g_main_loop_new (context, FALSE);
    vireo_install_engine_run_async (connection, options->spec, install_xml, final_xml,
                                    volumes, NULL, engine_cb, &wait);
    g_main_loop_run (wait.loop);
    g_main_loop_unref (wait.loop);
    g_main_context_pop_thread_default (context);
    if (wait.error)
        return report (wait.error, 1);
    if (!options->quiet)
        g_print (_("Domain “%s” is defined and running.\n"),
                 vireo_domain_get_name (wait.domain));
    g_object_unref (wait.domain);
    return 0;
}

int
vireo_install_cli_run (int argc, char **argv)
{
    g_autoptr(VireoInstallOptions) options = NULL;
    g_autoptr(VireoVirtConnect) conn = NULL;
    g_autoptr(VireoDomainConfig) config = NULL;
    g_autoptr(OsinfoOs) os = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *caps = NULL;
    g_autofree char *domcaps = NULL;
    g_autofree char *pool_dir = NULL;
    g_autofree char *install_xml = NULL;
    g_autofree char *final_xml = NULL;
    GError *error = NULL;
    VireoInstallSpec *spec;

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
    spec = options->spec;
    if (options->dry_run && !check_media (spec, &error))
        return report (error, 1);
    if (!options->print_xml && !check_media (spec, &error))
        return report (error, 1);

    os = choose_os (spec, &error);
    if (error)
        return report (error, 1);

    uri = vireo_uri_resolve_default (options->connect);
    conn = open_raw (uri, &error);
    if (conn == NULL)
        return report (error, 1);
    caps = virConnectGetCapabilities (conn);
    if (caps == NULL) {
        vireo_vmm_set_error_from_libvirt (&error, _("Could not read the host's capabilities."));
        return report (error, 1);
    }

    config = vireo_domain_config_new (spec);
    vireo_domain_config_set_uri (config, uri);
    vireo_domain_config_set_capabilities (config, caps);
    vireo_domain_config_set_os (config, os);
    if (!vireo_domain_config_resolve (config, &error))
        return report (error, 1);
    domcaps = virConnectGetDomainCapabilities (conn, vireo_domain_config_get_emulator (config),
                                               vireo_domain_config_get_arch (config),
                                               vireo_domain_config_get_machine (config),
                                               vireo_domain_config_get_virt_type (config), 0);
    vireo_domain_config_set_domain_capabilities (config, domcaps);
    pool_dir = pool_directory (conn, uri);
    vireo_domain_config_set_pool_directory (config, pool_dir);
    if (g_str_has_prefix (uri, "qemu") && g_str_has_suffix (uri, "/system")) {
        g_autoptr(VireoVirtNetwork) net = virNetworkLookupByName (conn, "default");
        if (net)
            vireo_domain_config_set_default_network (config, "default");
    }
    for (guint i = 0; i < spec->disks->len; i++) {
        VireoInstallDisk *disk = spec->disks->pdata[i];
        const char *fmt;
        if (disk->path && g_file_test (disk->path, G_FILE_TEST_IS_REGULAR) &&
            (fmt = probe_format (disk->path)))
            vireo_domain_config_set_disk_format (config, disk->path, fmt);
    }

    final_xml = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_FINAL, &error);
    if (final_xml && vireo_domain_config_has_install_phase (config))
        install_xml = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_INSTALL,
                                                     &error);
    if (error)
        return report (error, 1);

    if (options->print_xml) {
        if (install_xml && options->print_xml_step != 2)
            g_print ("%s", install_xml);
        if (options->print_xml_step != 1 || install_xml == NULL)
            g_print ("%s", final_xml);
        return 0;
    }
    if (spec->name) {
        g_autoptr(VireoVirtDomain) existing = virDomainLookupByName (conn, spec->name);
        if (existing) {
            g_printerr ("vireo-install: %s\n", _("A VM with this name exists already."));
            return 1;
        }
    }
    if (options->dry_run) {
        if (!options->quiet)
            g_print ("%s\n", _("Dry run completed successfully."));
        return 0;
    }
    g_clear_pointer (&conn, virConnectClose);
    return install (options, uri, install_xml ? install_xml : final_xml,
                    install_xml ? final_xml : NULL,
                    vireo_domain_config_get_new_volumes (config));
}
