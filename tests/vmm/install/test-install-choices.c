/* test-install-choices.c: one engine: the wizard's choices and the vireo-install line they stand for
 *
 * For each set of choices the new-VM wizard can make (a row of the table
 * below), the spec the wizard builds and the spec vireo-install's own
 * option parser builds from vireo_install_choices_to_args() go through the
 * same install plan on a QEMU host's capabilities (fixtures), and must give
 * the same install-phase and final XML.  The line is printed, so the table
 * reads as "these choices = this vireo-install line".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vireo-install-choices.h"
#include "vireo-install-options.h"
#include "vireo-install-plan.h"
#include "vireo-test-util.h"

static char *dir;       /* media, images and the pool folder */

static char *
fixture (const char *name)
{
    char *text = NULL;
    const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "install", name, NULL);

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    return text;
}

static char *
media (const char *name)
{
    return g_build_filename (dir, name, NULL);
}

/* Both documents of @spec's plan, without what is random (UUID, MAC) or
 * made per run (the seed and scratch files). */
static char *
plan_xml (VireoInstallSpec *spec)
{
    g_autofree char *caps = fixture ("caps-qemu.xml");
    g_autofree char *domcaps = fixture ("domcaps-qemu-q35.xml");
    g_autofree char *uri = g_strdup_printf ("qemu:///embed?root=%s", dir);
    g_autoptr(VireoInstallPlan) plan = vireo_install_plan_new (spec, uri);
    g_autoptr(GError) error = NULL;
    g_autoptr(GRegex) random = g_regex_new ("<uuid>[^<]*</uuid>|<mac address=[^>]*>|"
                                            "/[^<>'\"]*(seed|unattended|scratch|cidata|vireo-install-)[^<>'\"]*",
                                            0, 0, NULL);
    g_autofree char *both = NULL;

    vireo_install_plan_set_pool_directory (plan, dir);
    vireo_install_plan_set_making (plan, FALSE);
    vireo_install_plan_set_make_volumes (plan, TRUE);
    vireo_install_plan_resolve (plan, caps, NULL, &error);
    g_assert_no_error (error);
    vireo_install_plan_prepare (plan, domcaps, NULL, &error);
    g_assert_no_error (error);
    both = g_strconcat (vireo_install_plan_get_install_xml (plan) ?: "",
                        vireo_install_plan_get_final_xml (plan), NULL);
    vireo_install_plan_remove_made (plan);
    return g_regex_replace_literal (random, both, -1, 0, "X", 0, NULL);
}

typedef void (*Fill) (VireoInstallChoices *c);

static void
fill_media (VireoInstallChoices *c)
{
    c->media = media ("boot.iso");
    c->os = g_strdup ("debian11");
    c->disk_gib = 8;
}

static void
fill_media_detect (VireoInstallChoices *c)
{
    c->media = media ("boot.iso");
    c->storage = VIREO_CHOICE_STORAGE_NONE;
    c->memory_mib = 1024;
    c->vcpus = 2;
}

/* (The fixture's QEMU has no UEFI firmware: UEFI with secure boot is the
 * comparison test's c92, `--boot uefi,loader.secure=yes`.) */
static void
fill_media_allocate (VireoInstallChoices *c)
{
    fill_media (c);
    c->disk_allocate = TRUE;
}

static void
fill_media_express (VireoInstallChoices *c)
{
    /* Windows: its script goes onto a disc (Debian's into the initrd, which
     * the wizard offers with the ISO as an install tree: the location row). */
    fill_media (c);
    g_free (c->os);
    c->os = g_strdup ("win10");
    c->product_key = g_strdup ("ABCDE-FGHIJ-KLMNO-PQRST-UVWXY");
    c->express = TRUE;
    c->express_user = g_strdup ("alice");
    c->express_password = g_strdup ("s3cret");
    c->express_timezone = g_strdup ("Europe/Paris");
    c->express_language = g_strdup ("fr_FR");
}

static void
fill_location (VireoInstallChoices *c)
{
    c->method = VIREO_CHOICE_METHOD_LOCATION;
    c->location = media ("tree");
    c->extra_args = g_strdup ("console=ttyS0 quiet");
    c->os = g_strdup ("debian11");
    c->express = TRUE;
    c->express_user = g_strdup ("bob");
    c->express_password = g_strdup ("pw");
    c->disk_gib = 4;
}

static void
fill_cloud (VireoInstallChoices *c)
{
    c->method = VIREO_CHOICE_METHOD_CLOUD;
    c->image = media ("cloud.qcow2");
    c->os = g_strdup ("debian11");
    c->disk_gib = 10;
    c->cloud_user = g_strdup ("alice");
    c->cloud_ssh_key = g_strdup ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA alice@host");
    c->cloud_hostname = g_strdup ("web1");
    c->network = VIREO_CHOICE_NETWORK_USER;
}

static void
fill_import_convert (VireoInstallChoices *c)
{
    c->method = VIREO_CHOICE_METHOD_IMPORT;
    c->image = media ("disk.vmdk");
    c->convert = TRUE;
    c->os = g_strdup ("debian11");
    c->memory_mib = 512;
}

static void
fill_import_attach (VireoInstallChoices *c)
{
    c->method = VIREO_CHOICE_METHOD_IMPORT;
    c->image = media ("disk.qcow2");
    c->firmware = VIREO_CHOICE_FIRMWARE_BIOS;
    c->network = VIREO_CHOICE_NETWORK_NONE;
}

static void
fill_pxe (VireoInstallChoices *c)
{
    c->method = VIREO_CHOICE_METHOD_PXE;
    c->os = g_strdup ("debian11");
    c->disk_gib = 4;
    c->network = VIREO_CHOICE_NETWORK_BRIDGE;
    c->network_source = g_strdup ("br0");
}

static void
fill_pxe_nodisk (VireoInstallChoices *c)
{
    c->method = VIREO_CHOICE_METHOD_PXE;
    c->storage = VIREO_CHOICE_STORAGE_NONE;
    c->memory_mib = 768;
    c->network = VIREO_CHOICE_NETWORK_VIRTUAL;
    c->network_source = g_strdup ("default");
}

static void
fill_manual (VireoInstallChoices *c)
{
    c->method = VIREO_CHOICE_METHOD_MANUAL;
    c->storage = VIREO_CHOICE_STORAGE_EXISTING;
    c->disk_path = media ("disk.qcow2");
    c->memory_mib = 1024;
    c->arch = g_strdup ("x86_64");
    c->virt_type = g_strdup ("qemu");
    c->machine = g_strdup ("q35");
    c->network = VIREO_CHOICE_NETWORK_MACVTAP;
    c->network_source = g_strdup ("eth0");
}

static const struct {
    const char *name;
    Fill        fill;
} rows[] = {
    { "media",              fill_media },
    { "media-detect",       fill_media_detect },
    { "media-allocate",     fill_media_allocate },
    { "media-express",      fill_media_express },
    { "location",           fill_location },
    { "cloud",              fill_cloud },
    { "import-convert",     fill_import_convert },
    { "import-attach",      fill_import_attach },
    { "pxe",                fill_pxe },
    { "pxe-nodisk",         fill_pxe_nodisk },
    { "manual",             fill_manual },
};

static void
test_row (gconstpointer data)
{
    guint i = GPOINTER_TO_UINT (data);
    g_autoptr(VireoInstallChoices) c = vireo_install_choices_new ();
    g_autoptr(VireoInstallSpec) wizard = NULL;
    g_autoptr(VireoInstallOptions) options = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_auto(GStrv) args = NULL;
    g_autofree char *line = NULL;
    g_autofree char *from_wizard = NULL;
    g_autofree char *from_line = NULL;
    g_autoptr(GError) error = NULL;

    c->name = g_strdup_printf ("w-%s", rows[i].name);
    rows[i].fill (c);
    g_assert_true (vireo_install_choices_check (c, &error));
    g_assert_no_error (error);

    line = vireo_install_choices_to_command_line (c);
    g_test_message ("%s = %s", rows[i].name, line);

    args = vireo_install_choices_to_args (c);
    g_ptr_array_add (argv, "vireo-install");
    for (guint j = 0; args[j]; j++)
        g_ptr_array_add (argv, args[j]);
    options = vireo_install_options_parse (argv->len, (const char * const *) argv->pdata, &error);
    g_assert_no_error (error);
    g_assert_true (vireo_install_options_check (options, &error));
    g_assert_no_error (error);

    wizard = vireo_install_choices_to_spec (c);
    from_wizard = plan_xml (wizard);
    from_line = plan_xml (options->spec);
    g_assert_cmpstr (from_wizard, ==, from_line);
    /* The choices show in it: the name, and what differs between the rows. */
    g_assert_nonnull (strstr (from_wizard, c->name));
}

/* The checks a wizard page runs as the user types. */
static void
test_names (void)
{
    g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autoptr(VireoInstallChoices) c = vireo_install_choices_new ();

    g_hash_table_add (taken, "debian12");
    g_hash_table_add (taken, "debian12-2");
    first = vireo_install_choices_suggest_name ("debian12", taken);
    g_assert_cmpstr (first, ==, "debian12-3");
    second = vireo_install_choices_suggest_name (NULL, taken);
    g_assert_cmpstr (second, ==, "vm");

    g_assert_true (vireo_install_choices_check_name ("web", taken, NULL));
    g_assert_false (vireo_install_choices_check_name ("debian12", taken, &error));
    g_assert_nonnull (strstr (error->message, "exists already"));
    g_clear_error (&error);
    g_assert_false (vireo_install_choices_check_name ("a/b", taken, &error));
    g_clear_error (&error);
    g_assert_false (vireo_install_choices_check_name ("", taken, &error));
    g_clear_error (&error);
    g_assert_false (vireo_install_choices_check_name (" x", taken, &error));
    g_clear_error (&error);

    /* What is missing is said. */
    c->name = g_strdup ("x");
    g_assert_false (vireo_install_choices_check (c, &error));
    g_assert_nonnull (strstr (error->message, "install media"));
    g_clear_error (&error);
    c->method = VIREO_CHOICE_METHOD_CLOUD;
    c->image = g_strdup ("/x.qcow2");
    g_assert_false (vireo_install_choices_check (c, &error));
    g_assert_nonnull (strstr (error->message, "SSH"));
}

static void
run_ok (const char * const *argv)
{
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
}

int
main (int argc, char **argv)
{
    g_autofree char *tree = NULL;
    int status;

    g_test_init (&argc, &argv, NULL);
    dir = vireo_test_mkdtemp ("vireo-choices-XXXXXX");
    /* A Debian tree, where libosinfo says its installer is. */
    tree = g_build_filename (dir, "tree", "current/images/netboot/debian-installer/amd64", NULL);
    g_mkdir_with_parents (tree, 0755);
    for (const char *const *f = (const char *const[]) {
             "tree/current/images/netboot/debian-installer/amd64/linux",
             "tree/current/images/netboot/debian-installer/amd64/initrd.gz",
                                                         "boot.iso", NULL }; *f; f++) {
        g_autofree char *path = media (*f);
        g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
    for (const char *const *f = (const char *const[]) { "qcow2:disk.qcow2", "qcow2:cloud.qcow2",
                                                         "vmdk:disk.vmdk", NULL }; *f; f++) {
        g_auto(GStrv) fmt = g_strsplit (*f, ":", 2);
        g_autofree char *path = media (fmt[1]);
        const char *qemu_img[] = { "qemu-img", "create", "-q", "-f", fmt[0], path, "64M", NULL };
        run_ok (qemu_img);
    }
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
        g_autofree char *name = g_strdup_printf ("/install-choices/same-xml/%s", rows[i].name);
        g_test_add_data_func (name, GUINT_TO_POINTER (i), test_row);
    }
    g_test_add_func ("/install-choices/names", test_names);
    status = g_test_run ();
    vireo_test_rmtree (dir);
    return status;
}
