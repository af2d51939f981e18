/* test-install-seed.c: install locations (tree, ISO, http) and seed media
 *
 * Locations: a directory laid out as libosinfo's Debian 11 tree entry says,
 * an ISO with a Debian netinst volume id (made with xorriso), and the same
 * tree over http from python's http.server on 127.0.0.1.  Seeds: the
 * cloud-init NoCloud ISO, libosinfo install scripts put into an initrd
 * (Debian) or onto a CD-ROM image (Fedora), and the initrd appendix itself.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE 1

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vireo-domain-config.h"
#include "vireo-install-location.h"
#include "vireo-install-options.h"
#include "vireo-install-seed.h"
#include "vireo-osinfo.h"
#include "vireo-test-util.h"
#include "vireo-vmm-error.h"

#define TREE_KERNEL "current/images/netboot/debian-installer/amd64/linux"
#define TREE_INITRD "current/images/netboot/debian-installer/amd64/initrd.gz"

static char *workdir;

/* ---------------------------------------------------------------- helpers */

static void
write_file (const char *path, const char *contents)
{
    g_autofree char *dir = g_path_get_dirname (path);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static char *
run_out (const char *const *argv)
{
    g_autofree char *out = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    return g_steal_pointer (&out);
}

static char *
iso_volume_id (const char *iso)
{
    const char *argv[] = { "sh", "-c", "xorriso -indev \"$0\" -pvd_info 2>&1 | "
                           "sed -n 's/^Volume Id *: //p'", iso, NULL };
    char *out = run_out (argv);
    return g_strstrip (out);
}

static char *
iso_extract (const char *iso, const char *inside)
{
    g_autofree char *dest = g_build_filename (workdir, "extracted", NULL);
    const char *argv[] = { "xorriso", "-osirrox", "on", "-indev", iso, "-extract", inside, dest,
                           NULL };
    g_autofree char *out = NULL;
    char *contents = NULL;

    g_unlink (dest);
    out = run_out (argv);
    g_assert_true (g_file_get_contents (dest, &contents, NULL, NULL));
    g_chmod (dest, 0644);
    g_unlink (dest);
    return contents;
}

static char *
make_tree (void)
{
    char *tree = g_build_filename (workdir, "tree", NULL);
    g_autofree char *k = g_build_filename (tree, TREE_KERNEL, NULL);
    g_autofree char *i = g_build_filename (tree, TREE_INITRD, NULL);

    write_file (k, "KERNEL-BYTES");
    write_file (i, "INITRD-BYTES");
    return tree;
}

/* ---------------------------------------------------------------- cases */

static void
test_tree (void)
{
    g_autofree char *tree = make_tree ();
    g_autoptr(GError) error = NULL;
    g_autoptr(OsinfoOs) os = vireo_osinfo_find ("debian11", &error);
    g_autoptr(VireoInstallLocation) loc = NULL;
    g_autofree char *dest = g_build_filename (workdir, "kernel-copy", NULL);
    g_autofree char *copied = NULL;

    g_assert_no_error (error);
    loc = vireo_install_location_find (tree, os, "x86_64", NULL, NULL, TRUE, &error);
    g_assert_no_error (error);
    g_assert_false (loc->is_iso || loc->is_url);
    g_assert_cmpstr (loc->kernel, ==, TREE_KERNEL);
    g_assert_cmpstr (loc->initrd, ==, TREE_INITRD);
    g_assert_true (vireo_install_location_fetch (loc, loc->kernel, dest, &error));
    g_assert_true (g_file_get_contents (dest, &copied, NULL, NULL));
    g_assert_cmpstr (copied, ==, "KERNEL-BYTES");

    /* A tree without any kernel libosinfo knows of, and a missing kernel=. */
    g_clear_pointer (&loc, vireo_install_location_free);
    loc = vireo_install_location_find (workdir, os, "x86_64", NULL, NULL, TRUE, &error);
    g_assert_null (loc);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "kernel=PATH"));
    g_clear_error (&error);
    loc = vireo_install_location_find (tree, NULL, "x86_64", "nosuch", "initrd", FALSE, &error);
    g_assert_null (loc);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
}

static void
test_iso (void)
{
    g_autofree char *root = g_build_filename (workdir, "isoroot", NULL);
    g_autofree char *k = g_build_filename (root, "install.amd", "vmlinuz", NULL);
    g_autofree char *i = g_build_filename (root, "install.amd", "initrd.gz", NULL);
    g_autofree char *boot = g_build_filename (root, "boot.img", NULL);
    g_autofree char *iso = g_build_filename (workdir, "netinst.iso", NULL);
    g_autofree char *dest = g_build_filename (workdir, "initrd-copy", NULL);
    g_autofree char *copied = NULL;
    g_autofree char *out = NULL;
    g_autoptr(VireoInstallLocation) loc = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = { "xorriso", "-as", "genisoimage", "-quiet", "-o", iso, "-V",
                           "Debian 11.5.0 amd64 n", "-J", "-R", "-b", "boot.img",
                           "-no-emul-boot", root, NULL };

    write_file (k, "ISO-KERNEL");
    write_file (i, "ISO-INITRD");
    {
        /* libosinfo only looks at bootable media: an El Torito image. */
        g_autofree char *zeros = g_malloc0 (2048);
        g_assert_true (g_file_set_contents (boot, zeros, 2048, NULL));
    }
    out = run_out (argv);
    loc = vireo_install_location_find (iso, NULL, "x86_64", NULL, NULL, TRUE, &error);
    g_assert_no_error (error);
    g_assert_true (loc->is_iso);
    g_assert_nonnull (loc->os);
    g_assert_cmpstr (osinfo_product_get_short_id (OSINFO_PRODUCT (loc->os)), ==, "debian11");
    g_assert_cmpstr (loc->kernel, ==, "install.amd/vmlinuz");
    g_assert_true (vireo_install_location_fetch (loc, loc->initrd, dest, &error));
    g_assert_true (g_file_get_contents (dest, &copied, NULL, NULL));
    g_assert_cmpstr (copied, ==, "ISO-INITRD");
}

static void
test_http (void)
{
    g_autofree char *tree = make_tree ();
    g_autofree char *dest = g_build_filename (workdir, "http-copy", NULL);
    g_autofree char *copied = NULL;
    g_autofree char *url = NULL;
    g_autofree char *dir_url = NULL;
    g_autoptr(VireoInstallLocation) loc = NULL;
    g_autoptr(GError) error = NULL;
    GPid server = 0;
    guint port = 0;

    /* python's http.server on a free port: try a few until one answers. */
    for (guint attempt = 0; attempt < 20 && server == 0; attempt++) {
        g_autofree char *port_str = NULL;
        const char *argv[] = { "/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1",
                               NULL, "--directory", tree, NULL };

        port = g_random_int_range (20000, 60000);
        port_str = g_strdup_printf ("%u", port);
        argv[5] = port_str;
        g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &server, NULL));
        g_free (url);
        url = g_strdup_printf ("http://127.0.0.1:%u/", port);
        for (guint wait = 0; wait < 100; wait++) {
            g_autofree char *probe = g_build_filename (workdir, "probe", NULL);
            if (vireo_install_http_get (url, probe, NULL))
                break;
            g_usleep (100 * 1000);
            if (waitpid (server, NULL, WNOHANG) == server) {
                server = 0;
                break;
            }
        }
    }
    g_assert_cmpint (server, !=, 0);

    loc = vireo_install_location_find (url, NULL, "x86_64", NULL, NULL, TRUE, &error);
    g_assert_no_error (error);
    g_assert_true (loc->is_url);
    g_assert_cmpstr (loc->kernel, ==, TREE_KERNEL);
    g_assert_true (vireo_install_location_fetch (loc, loc->initrd, dest, &error));
    g_assert_true (g_file_get_contents (dest, &copied, NULL, NULL));
    g_assert_cmpstr (copied, ==, "INITRD-BYTES");
    g_assert_false (vireo_install_location_fetch (loc, "nosuch", dest, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "404"));
    g_clear_error (&error);
    /* A directory without its slash redirects. */
    dir_url = g_strdup_printf ("http://127.0.0.1:%u/current", port);
    g_assert_true (vireo_install_http_get (dir_url, dest, &error));
    g_clear_pointer (&copied, g_free);
    g_assert_true (g_file_get_contents (dest, &copied, NULL, NULL));
    g_assert_nonnull (strstr (copied, "images/"));

    kill (server, SIGTERM);
    waitpid (server, NULL, 0);
}

static gboolean
contains (const char *data, gsize len, const char *needle, gsize needle_len)
{
    return memmem (data, len, needle, needle_len) != NULL;
}

static void
test_inject_initrd (void)
{
    g_autofree char *initrd = g_build_filename (workdir, "initrd.gz", NULL);
    g_autofree char *plain = g_build_filename (workdir, "initrd.cpio", NULL);
    g_autofree char *file = g_build_filename (workdir, "answers.cfg", NULL);
    const char *base_argv[] = { "sh", "-c", "printf 'first archive' | gzip > \"$0\"", initrd,
                                NULL };
    const char *argv[] = { "sh", "-c", "gzip -dc \"$0\" > \"$1\"", initrd, plain, NULL };
    g_autofree char *out = run_out (base_argv);
    g_autofree char *out2 = NULL;
    g_autofree char *data = NULL;
    g_autoptr(GError) error = NULL;
    gsize len = 0;

    write_file (file, "d-i answer\n");
    g_assert_true (vireo_install_seed_inject_initrd (initrd, file, "preseed.cfg", &error));
    g_assert_no_error (error);
    /* Both gzip members decompress: the first archive, then a newc entry. */
    out2 = run_out (argv);
    g_assert_true (g_file_get_contents (plain, &data, &len, NULL));
    g_assert_true (g_str_has_prefix (data, "first archive070701"));
    g_assert_true (contains (data, len, "preseed.cfg\0", 12));
    g_assert_true (contains (data, len, "d-i answer\n", 11));
    g_assert_true (contains (data, len, "TRAILER!!!\0", 11));
    /* The whole appendix is a multiple of 4 bytes, as newc wants. */
    g_assert_cmpuint ((len - strlen ("first archive")) % 4, ==, 0);
}

static void
test_cloud_init (void)
{
    g_autofree char *iso = g_build_filename (workdir, "cidata.iso", NULL);
    g_autofree char *key = g_build_filename (workdir, "key.pub", NULL);
    g_autofree char *password = NULL;
    g_autofree char *volid = NULL;
    g_autofree char *user_data = NULL;
    g_autofree char *meta_data = NULL;
    g_autoptr(VireoInstallProps) props = vireo_install_props_new ();
    g_autoptr(GError) error = NULL;

    write_file (key, "ssh-ed25519 AAAATESTKEY me@host\n");
    vireo_install_props_set (props, "root-password-generate", "on");
    vireo_install_props_set (props, "root-ssh-key", key);
    g_assert_true (vireo_install_seed_cloud_init (props, "vm1", iso, &password, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (password), ==, 16);
    volid = iso_volume_id (iso);
    g_assert_cmpstr (volid, ==, "cidata");
    user_data = iso_extract (iso, "/user-data");
    meta_data = iso_extract (iso, "/meta-data");
    g_assert_true (g_str_has_prefix (user_data, "#cloud-config\n"));
    g_assert_nonnull (strstr (user_data, password));
    g_assert_nonnull (strstr (user_data, "AAAATESTKEY"));
    g_assert_nonnull (strstr (meta_data, "local-hostname: vm1"));

    /* The wizard's user, password, key and host name. */
    g_clear_pointer (&user_data, g_free);
    g_clear_pointer (&meta_data, g_free);
    g_clear_pointer (&password, g_free);
    g_clear_pointer (&props, vireo_install_props_free);
    props = vireo_install_props_new ();
    vireo_install_props_set (props, "user-login", "alice");
    vireo_install_props_set (props, "user-password", "s3cret-pw");
    vireo_install_props_set (props, "user-ssh-key", "ssh-ed25519 AAAAWIZARDKEY alice@host\n");
    vireo_install_props_set (props, "hostname", "web-1");
    g_unlink (iso);
    g_assert_true (vireo_install_seed_cloud_init (props, "vm2", iso, &password, &error));
    g_assert_no_error (error);
    g_assert_null (password);   /* none generated when the user has one */
    user_data = iso_extract (iso, "/user-data");
    meta_data = iso_extract (iso, "/meta-data");
    g_assert_nonnull (strstr (user_data, "  - name: alice\n"));
    g_assert_nonnull (strstr (user_data, "    alice:s3cret-pw\n"));
    g_assert_nonnull (strstr (user_data, "      - ssh-ed25519 AAAAWIZARDKEY alice@host\n"));
    g_assert_nonnull (strstr (user_data, "lock_passwd: false"));
    g_assert_nonnull (strstr (user_data, "hostname: web-1\n"));
    g_assert_null (strstr (user_data, "root:"));
    g_assert_nonnull (strstr (meta_data, "local-hostname: web-1\n"));
    /* One users: list, one chpasswd: (YAML keys are unique). */
    g_assert_null (strstr (strstr (user_data, "users:") + 1, "users:"));
    g_assert_null (strstr (strstr (user_data, "chpasswd:") + 1, "chpasswd:"));

    /* A missing user-data file is refused with its name. */
    vireo_install_props_set (props, "user-data", "/nonexistent/user-data");
    g_assert_false (vireo_install_seed_cloud_init (props, "vm1", iso, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "/nonexistent/user-data"));
}

static void
test_unattended (void)
{
    g_autofree char *initrd = g_build_filename (workdir, "di-initrd.gz", NULL);
    g_autofree char *dir = g_build_filename (workdir, "seeds", NULL);
    g_autofree char *volid = NULL;
    g_autofree char *ks = NULL;
    g_autoptr(OsinfoOs) debian = vireo_osinfo_find ("debian11", NULL);
    g_autoptr(OsinfoOs) fedora = vireo_osinfo_find ("fedora36", NULL);
    g_autoptr(VireoInstallProps) props = vireo_install_props_new ();
    g_autoptr(VireoInstallSeed) seed = NULL;
    g_autoptr(GError) error = NULL;
    GStatBuf before, after;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    write_file (initrd, "not really gzip, but appended to");
    g_assert_cmpint (g_stat (initrd, &before), ==, 0);

    /* Debian: into the initrd, with the command line d-i needs. */
    vireo_install_props_set (props, "profile", "jeos");
    seed = vireo_install_seed_unattended (debian, props, "deb", "x86_64", "/dev/vda", initrd,
                                          dir, &error);
    g_assert_no_error (error);
    g_assert_null (seed->iso);
    g_assert_nonnull (seed->password);
    g_assert_nonnull (strstr (seed->cmdline, "priority=critical"));
    g_assert_true (g_file_test (seed->script, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (g_stat (initrd, &after), ==, 0);
    g_assert_cmpint (after.st_size, >, before.st_size);
    g_clear_pointer (&seed, vireo_install_seed_free);

    /* Fedora from a CD (no initrd): a CD-ROM image the installer finds. */
    seed = vireo_install_seed_unattended (fedora, props, "fed", "x86_64", "/dev/vda", NULL, dir,
                                          &error);
    g_assert_no_error (error);
    g_assert_nonnull (seed->iso);
    volid = iso_volume_id (seed->iso);
    g_assert_cmpstr (volid, ==, "OEMDRV");
    ks = iso_extract (seed->iso, "/fedora.ks");
    g_assert_nonnull (strstr (ks, "rootpw"));
    g_clear_pointer (&seed, vireo_install_seed_free);
    g_clear_pointer (&ks, g_free);

    /* The wizard's values: passwords as given, a time zone and a language. */
    vireo_install_props_set (props, "admin-password", "Adm1n-pass");
    vireo_install_props_set (props, "user-login", "bob");
    vireo_install_props_set (props, "user-password", "B0b-pass");
    vireo_install_props_set (props, "timezone", "Europe/Budapest");
    vireo_install_props_set (props, "language", "hu_HU");
    seed = vireo_install_seed_unattended (fedora, props, "fed2", "x86_64", "/dev/vda", NULL,
                                          dir, &error);
    g_assert_no_error (error);
    g_assert_null (seed->password);     /* given, not generated */
    ks = iso_extract (seed->iso, "/fedora.ks");
    g_assert_nonnull (strstr (ks, "Adm1n-pass"));
    g_assert_nonnull (strstr (ks, "B0b-pass"));
    g_assert_nonnull (strstr (ks, "Europe/Budapest"));
    g_assert_nonnull (strstr (ks, "hu_HU"));
    g_clear_pointer (&seed, vireo_install_seed_free);

    /* A profile the OS does not have is named, with the ones it has. */
    vireo_install_props_set (props, "profile", "nosuchprofile");
    seed = vireo_install_seed_unattended (fedora, props, "fed", "x86_64", "/dev/vda", NULL, dir,
                                          &error);
    g_assert_null (seed);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "nosuchprofile"));
    g_assert_nonnull (strstr (error->message, "jeos"));
}

/* The host's language from the locale variables, the way virt-install
 * reads it; none for the C locale. */
static void
test_host_locale (void)
{
    g_autofree char *lang = NULL;
    g_autofree char *zone = NULL;
    g_autofree char *saved = g_strdup (g_getenv ("LANG"));

    g_unsetenv ("LC_ALL");
    g_unsetenv ("LC_CTYPE");
    g_setenv ("LANG", "pt_BR.UTF-8@latin", TRUE);
    lang = vireo_install_seed_host_language ();
    g_assert_cmpstr (lang, ==, "pt_BR");
    g_clear_pointer (&lang, g_free);
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    lang = vireo_install_seed_host_language ();
    g_assert_null (lang);
    g_unsetenv ("LC_ALL");
    if (saved)
        g_setenv ("LANG", saved, TRUE);
    else
        g_unsetenv ("LANG");
    /* The zone, when the host says one, is a name of the zone database. */
    zone = vireo_install_seed_host_timezone ();
    if (zone) {
        g_autofree char *file = g_build_filename ("/usr/share/zoneinfo", zone, NULL);
        g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
    }
}

/* The text of @name on the FAT image @image (mtype, from mtools). */
static char *
floppy_read (const char *image, const char *name)
{
    g_autofree char *inside = g_strconcat ("::", name, NULL);
    const char *argv[] = { "mtype", "-i", image, inside, NULL };
    char *out = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, NULL));
    if (!g_spawn_check_wait_status (status, NULL))
        g_clear_pointer (&out, g_free);
    return out;
}

/* Windows XP's desktop profile is three scripts (winnt.sif, only on a
 * floppy, and windows.cmd and windows.reg that it runs): one floppy holds
 * them all.  Fedora's kickstart goes into a --location initrd; Debian's
 * preseed, which only an initrd can take, is refused for a CD install
 * with one sentence naming the OS and the way. */
static void
test_unattended_methods (void)
{
    g_autofree char *initrd = g_build_filename (workdir, "fedora-initrd.img", NULL);
    g_autofree char *dir = g_build_filename (workdir, "seeds2", NULL);
    g_autofree char *sif = NULL;
    g_autofree char *cmd = NULL;
    g_autofree char *reg = NULL;
    g_autoptr(OsinfoOs) winxp = vireo_osinfo_find ("winxp", NULL);
    g_autoptr(OsinfoOs) fedora = vireo_osinfo_find ("fedora36", NULL);
    g_autoptr(OsinfoOs) debian = vireo_osinfo_find ("debian11", NULL);
    g_autoptr(VireoInstallProps) props = vireo_install_props_new ();
    g_autoptr(VireoInstallSeed) seed = NULL;
    g_autoptr(GError) error = NULL;
    GStatBuf before, after;

    g_assert_nonnull (winxp);
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    vireo_install_props_set (props, "product-key", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE");
    seed = vireo_install_seed_unattended (winxp, props, "xp", "i686", "C:", NULL, dir, &error);
    g_assert_no_error (error);
    g_assert_null (seed->iso);
    g_assert_nonnull (seed->floppy);
    g_assert_cmpuint (g_strv_length (seed->scripts), ==, 3);
    sif = floppy_read (seed->floppy, "winnt.sif");
    cmd = floppy_read (seed->floppy, "windows.cmd");
    reg = floppy_read (seed->floppy, "windows.reg");
    g_assert_nonnull (sif);
    g_assert_nonnull (strstr (sif, "[Unattended]"));
    g_assert_nonnull (strstr (sif, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"));
    g_assert_nonnull (cmd);
    g_assert_nonnull (reg);
    for (guint i = 0; seed->scripts[i]; i++)
        g_assert_true (g_file_test (seed->scripts[i], G_FILE_TEST_IS_REGULAR));
    g_clear_pointer (&seed, vireo_install_seed_free);

    /* Fedora with the installer's initrd (--location): injected, with
     * the kernel argument that points anaconda at it. */
    write_file (initrd, "an initrd to append to");
    g_assert_cmpint (g_stat (initrd, &before), ==, 0);
    seed = vireo_install_seed_unattended (fedora, props, "fi", "x86_64", "/dev/vda", initrd,
                                          dir, &error);
    g_assert_no_error (error);
    g_assert_null (seed->iso);
    g_assert_null (seed->floppy);
    g_assert_nonnull (seed->cmdline);
    g_assert_nonnull (strstr (seed->cmdline, "fedora.ks"));
    g_assert_cmpint (g_stat (initrd, &after), ==, 0);
    g_assert_cmpint (after.st_size, >, before.st_size);
    g_clear_pointer (&seed, vireo_install_seed_free);

    /* Debian from a CD: no initrd to put the preseed into. */
    seed = vireo_install_seed_unattended (debian, props, "dc", "x86_64", "/dev/vda", NULL, dir,
                                          &error);
    g_assert_null (seed);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "debian11"));
    g_assert_nonnull (strstr (error->message, "initrd"));
    g_assert_nonnull (strstr (error->message, "--location"));
}

static void
test_config_phases (void)
{
    const char *argv[] = { "vireo-install", "--name", "ph", "--memory", "512", "--import",
                           "--disk", "/media/disk.qcow2", "--osinfo", "debian11", NULL };
    const char *caps_path = g_test_get_filename (G_TEST_DIST, "fixtures", "install",
                                                 "caps-qemu.xml", NULL);
    g_autofree char *caps = NULL;
    g_autofree char *install = NULL;
    g_autofree char *final = NULL;
    g_autoptr(VireoInstallOptions) options = NULL;
    g_autoptr(VireoDomainConfig) config = NULL;
    g_autoptr(OsinfoOs) os = vireo_osinfo_find ("debian11", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_get_contents (caps_path, &caps, NULL, NULL));
    options = vireo_install_options_parse (G_N_ELEMENTS (argv) - 1, argv, &error);
    g_assert_no_error (error);
    config = vireo_domain_config_new (options->spec);
    vireo_domain_config_set_uri (config, "qemu:///system");
    vireo_domain_config_set_capabilities (config, caps);
    vireo_domain_config_set_os (config, os);
    vireo_domain_config_set_disk_format (config, "/media/disk.qcow2", "qcow2");
    g_assert_true (vireo_domain_config_resolve (config, &error));
    /* An import alone boots the same way twice. */
    g_assert_false (vireo_domain_config_has_install_phase (config));
    g_assert_cmpstr (vireo_domain_config_get_install_target_disk (config), ==, "/dev/vda");

    /* A seed and a kernel for the first boot make an install phase; the
     * lasting XML has neither. */
    vireo_domain_config_add_install_cdrom (config, "/pool/boot/ph-cidata.iso");
    vireo_domain_config_set_install_boot (config, "/pool/boot/k", "/pool/boot/i", "a=b");
    g_assert_true (vireo_domain_config_has_install_phase (config));
    final = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_FINAL, &error);
    g_assert_no_error (error);
    install = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_INSTALL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (install, "<source file=\"/pool/boot/ph-cidata.iso\"/>"));
    g_assert_nonnull (strstr (install, "<kernel>/pool/boot/k</kernel>"));
    g_assert_nonnull (strstr (install, "<cmdline>a=b</cmdline>"));
    g_assert_nonnull (strstr (install, "<on_reboot>destroy</on_reboot>"));
    g_assert_null (strstr (final, "cidata"));
    g_assert_null (strstr (final, "device=\"cdrom\""));
    g_assert_null (strstr (final, "<kernel>"));
    g_assert_null (strstr (final, "on_reboot"));
    g_assert_nonnull (strstr (final, "<source file=\"/media/disk.qcow2\"/>"));
}

int
main (int argc, char **argv)
{
    int status;

    g_test_init (&argc, &argv, NULL);
    workdir = g_dir_make_tmp ("vireo-install-seed-XXXXXX", NULL);
    g_test_add_func ("/vireo/install-location/tree", test_tree);
    g_test_add_func ("/vireo/install-location/iso", test_iso);
    g_test_add_func ("/vireo/install-location/http", test_http);
    g_test_add_func ("/vireo/install-seed/inject-initrd", test_inject_initrd);
    g_test_add_func ("/vireo/install-seed/cloud-init", test_cloud_init);
    g_test_add_func ("/vireo/install-seed/unattended", test_unattended);
    g_test_add_func ("/vireo/install-seed/host-locale", test_host_locale);
    g_test_add_func ("/vireo/install-seed/unattended-methods", test_unattended_methods);
    g_test_add_func ("/vireo/install-seed/config-phases", test_config_phases);
    status = g_test_run ();
    {
        const char *argv_rm[] = { "rm", "-rf", workdir, NULL };
        g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                      NULL, NULL);
    }
    g_free (workdir);
    return status;
}
