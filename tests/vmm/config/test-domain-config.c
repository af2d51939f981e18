/* test-domain-config.c: domain XML from install specs, against golden files
 *
 * The golden files were checked against virt-install's output for the same
 * command line (tests/cli/test-install-compare.py does that on live hosts).
 * VIREO_UPDATE_GOLDEN=1 rewrites them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>

#include <glib.h>

#include "vireo-domain-config.h"
#include "vireo-install-options.h"
#include "vireo-osinfo.h"
#include "vireo-vmm-error.h"

typedef struct {
    const char *name;       /* golden file stem */
    const char *caps;       /* fixture */
    const char *domcaps;    /* fixture or NULL */
    const char *uri;
    const char *cmdline;
} Case;

static const Case cases[] = {
    { "test-cdrom-debian11", "caps-test.xml", NULL, "test:///default",
      "--name c01 --memory 1024 --disk size=8 --cdrom /media/boot.iso --osinfo debian11" },
    { "test-pxe-generic", "caps-test.xml", NULL, "test:///default",
      "--name c03 --memory 512 --disk none --pxe --osinfo generic" },
    { "qemu-cdrom-debian11", "caps-qemu.xml", "domcaps-qemu-q35.xml", "qemu:///system",
      "--name c01 --memory 1024 --disk size=8 --cdrom /media/boot.iso --osinfo debian11" },
    { "qemu-import-topology", "caps-qemu.xml", "domcaps-qemu-q35.xml", "qemu:///system",
      "--name c12 --memory 2048 --vcpus sockets=2,cores=2,threads=1 --import "
      "--disk /media/disk.qcow2 --disk /media/data.raw,bus=scsi --network bridge=br0 "
      "--graphics vnc,listen=0.0.0.0 --osinfo debian11" },
    { "qemu-cdrom-win10", "caps-qemu.xml", "domcaps-qemu-q35.xml", "qemu:///system",
      "--name w10 --memory 4096 --disk size=40 --cdrom /media/win.iso --osinfo win10" },
    { "qemu-location-kernel", "caps-qemu.xml", "domcaps-qemu-q35.xml", "qemu:///system",
      "--name d12 --memory 1024 --disk size=4 --location /media/tree,kernel=linux,"
      "initrd=initrd.gz --extra-args console=ttyS0 --osinfo debian11 --graphics none" },
};

static char *
fixture (const char *name)
{
    g_autofree char *contents = NULL;
    const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "install", name, NULL);

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    return g_steal_pointer (&contents);
}

static char *
build (const Case *c)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) words = NULL;
    g_autofree char *line = g_strconcat ("vireo-install ", c->cmdline, NULL);
    g_autoptr(VireoInstallOptions) options = NULL;
    g_autoptr(VireoDomainConfig) config = NULL;
    g_autoptr(OsinfoOs) os = NULL;
    g_autofree char *caps = fixture (c->caps);
    g_autofree char *domcaps = c->domcaps ? fixture (c->domcaps) : NULL;
    g_autofree char *install = NULL;
    g_autofree char *final = NULL;
    int argc = 0;

    g_assert_true (g_shell_parse_argv (line, &argc, &words, NULL));
    options = vireo_install_options_parse (argc, (const char * const *) words, &error);
    g_assert_no_error (error);
    if (g_strcmp0 (options->spec->os_name, "generic") != 0) {
        os = vireo_osinfo_find (options->spec->os_name, &error);
        g_assert_no_error (error);
    }
    config = vireo_domain_config_new (options->spec);
    vireo_domain_config_set_uri (config, c->uri);
    vireo_domain_config_set_capabilities (config, caps);
    vireo_domain_config_set_os (config, os);
    vireo_domain_config_set_pool_directory (config, "/pool");
    if (g_str_has_prefix (c->uri, "qemu"))
        vireo_domain_config_set_default_network (config, "default");
    vireo_domain_config_set_disk_format (config, "/media/disk.qcow2", "qcow2");
    g_assert_true (vireo_domain_config_resolve (config, &error));
    g_assert_no_error (error);
    vireo_domain_config_set_domain_capabilities (config, domcaps);
    final = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_FINAL, &error);
    g_assert_no_error (error);
    if (vireo_domain_config_has_install_phase (config)) {
        install = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_INSTALL, &error);
        g_assert_no_error (error);
    }
    {
        /* The UUID is random; the same one must be in both documents. */
        g_autofree char *both = g_strconcat (install ? install : "", final, NULL);
        g_autoptr(GRegex) uuid = g_regex_new ("<uuid>[0-9a-f-]{36}</uuid>", 0, 0, NULL);
        g_autoptr(GMatchInfo) match = NULL;
        g_autofree char *first = NULL;

        g_assert_true (g_regex_match (uuid, both, 0, &match));
        first = g_match_info_fetch (match, 0);
        if (install)
            g_assert_nonnull (g_strrstr (final, first));
        return g_regex_replace_literal (uuid, both, -1, 0, "<uuid>UUID</uuid>", 0, NULL);
    }
}

static void
test_golden (gconstpointer data)
{
    const Case *c = data;
    g_autofree char *got = build (c);
    g_autofree char *file = g_strconcat (c->name, ".xml", NULL);
    g_autofree char *path = g_build_filename (g_getenv ("VIREO_SOURCE_ROOT") ?
                                              g_getenv ("VIREO_SOURCE_ROOT") : ".",
                                              "tests", "fixtures", "install", file, NULL);
    g_autofree char *want = NULL;

    if (g_getenv ("VIREO_UPDATE_GOLDEN")) {
        g_assert_true (g_file_set_contents (path, got, -1, NULL));
        return;
    }
    want = fixture (file);
    g_assert_cmpstr (got, ==, want);
}

static void
test_new_volumes (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *caps = fixture ("caps-test.xml");
    g_autoptr(VireoInstallOptions) options = NULL;
    g_autoptr(VireoDomainConfig) config = NULL;
    g_autofree char *xml = NULL;
    const char *argv[] = { "vireo-install", "--name", "v", "--memory", "64", "--disk",
                           "size=2", "--disk", "size=1,format=raw,sparse=no", "--pxe" };
    GPtrArray *vols;
    VireoDomainConfigVolume *vol;

    options = vireo_install_options_parse (G_N_ELEMENTS (argv), argv, &error);
    g_assert_no_error (error);
    config = vireo_domain_config_new (options->spec);
    vireo_domain_config_set_uri (config, "test:///default");
    vireo_domain_config_set_capabilities (config, caps);
    vireo_domain_config_set_pool_directory (config, "/pool");
    g_assert_true (vireo_domain_config_resolve (config, &error));
    xml = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_FINAL, &error);
    g_assert_no_error (error);
    vols = vireo_domain_config_get_new_volumes (config);
    g_assert_cmpuint (vols->len, ==, 2);
    vol = vols->pdata[0];
    g_assert_cmpstr (vol->path, ==, "/pool/v.qcow2");
    g_assert_cmpstr (vol->format, ==, "qcow2");
    g_assert_cmpuint (vol->capacity, ==, 2ULL << 30);
    g_assert_true (vol->sparse);
    vol = vols->pdata[1];
    g_assert_cmpstr (vol->path, ==, "/pool/v.img");
    g_assert_cmpstr (vol->format, ==, "raw");
    g_assert_false (vol->sparse);
}

static void
test_refusals (void)
{
    static const struct { const char *uri, *caps, *line, *needle; } bad[] = {
        { "test:///default", "caps-test.xml", "--name a --memory 1 --disk none --pxe "
          "--virt-type kvm", "does not offer domain type “kvm”" },
        { "test:///default", "caps-test.xml", "--name a --memory 1 --disk none --pxe "
          "--machine q35", "does not offer machine type “q35”" },
        { "test:///default", "caps-test.xml", "--name a --memory 1 --disk none --pxe "
          "--boot uefi", "UEFI firmware is not available" },
        { "qemu:///system", "caps-qemu.xml", "--name a --memory 1 --disk none --pxe "
          "--arch sparc", "architecture “sparc”" },
        /* virt-install refuses a topology whose product is not the vCPU count. */
        { "test:///default", "caps-test.xml", "--name a --memory 1 --disk none --pxe "
          "--vcpus 3,sockets=2,cores=2,threads=2",
          "The CPU topology (sockets=2 * dies=1 * cores=2 * threads=2 = 8) does not match the "
          "vCPU count 3." },
        { "test:///default", "caps-test.xml", "--name a --memory 1 --disk none --pxe "
          "--vcpus 3,sockets=2", "The CPU topology (sockets=2 * dies=1 * cores=1 * threads=1 = "
          "2) does not match the vCPU count 3." },
        { "test:///default", "caps-test.xml", "--name a --memory 1 --disk none --pxe "
          "--vcpus 2 --cpu topology.sockets=1,topology.cores=1,topology.threads=1",
          "(sockets=1 * dies=1 * cores=1 * threads=1 = 1) does not match the vCPU count 2." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) words = NULL;
        g_autofree char *line = g_strconcat ("vireo-install ", bad[i].line, NULL);
        g_autofree char *caps = fixture (bad[i].caps);
        g_autoptr(VireoInstallOptions) options = NULL;
        g_autoptr(VireoDomainConfig) config = NULL;
        g_autofree char *xml = NULL;
        int argc = 0;

        g_assert_true (g_shell_parse_argv (line, &argc, &words, NULL));
        options = vireo_install_options_parse (argc, (const char * const *) words, &error);
        g_assert_no_error (error);
        config = vireo_domain_config_new (options->spec);
        vireo_domain_config_set_uri (config, bad[i].uri);
        vireo_domain_config_set_capabilities (config, caps);
        if (vireo_domain_config_resolve (config, &error))
            xml = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_FINAL, &error);
        g_assert_null (xml);
        g_assert_nonnull (error);
        if (!g_strrstr (error->message, bad[i].needle))
            g_error ("“%s” does not say “%s”", error->message, bad[i].needle);
    }
}

/* A spec that other code than the grammar built (the wizard) is checked by the core
 * too: a disk size that does not fit, a name that is not UTF-8. */
static void
test_spec_checks (void)
{
    static const struct { double size_gib; const char *name; const char *message; } bad[] = {
        { 1e20, "a", "A disk size of 1e+20 GiB is not possible: give a number of GiB greater "
                     "than 0 and at most 8589934592." },
        { INFINITY, "a", "A disk size of inf GiB is not possible: give a number of GiB greater "
                         "than 0 and at most 8589934592." },
        { NAN, "a", "A disk size of nan GiB is not possible: give a number of GiB greater "
                    "than 0 and at most 8589934592." },
        { 1, "bad\xff", "The name of the virtual machine is not valid UTF-8 text." },
    };
    g_autofree char *caps = fixture ("caps-test.xml");

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(VireoInstallSpec) spec = vireo_install_spec_new ();
        g_autoptr(VireoDomainConfig) config = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = NULL;
        VireoInstallDisk *disk = vireo_install_disk_new ();

        spec->name = g_strdup (bad[i].name);
        spec->memory_mib = 64;
        spec->method = VIREO_INSTALL_METHOD_PXE;
        disk->size_gib = bad[i].size_gib;
        g_ptr_array_add (spec->disks, disk);
        config = vireo_domain_config_new (spec);
        vireo_domain_config_set_uri (config, "test:///default");
        vireo_domain_config_set_capabilities (config, caps);
        vireo_domain_config_set_pool_directory (config, "/pool");
        g_assert_true (vireo_domain_config_resolve (config, &error));
        xml = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_FINAL, &error);
        g_assert_null (xml);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        g_assert_cmpstr (error->message, ==, bad[i].message);
        g_assert_cmpuint (vireo_domain_config_get_new_volumes (config)->len, ==, 0);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/domain-config/golden/%s",
                                                 cases[i].name);
        g_test_add_data_func (path, &cases[i], test_golden);
    }
    g_test_add_func ("/vireo/domain-config/new-volumes", test_new_volumes);
    g_test_add_func ("/vireo/domain-config/refusals", test_refusals);
    g_test_add_func ("/vireo/domain-config/spec-checks", test_spec_checks);
    return g_test_run ();
}
