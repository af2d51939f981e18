/* vireo-install-seed.c: the seed media of unattended and cloud-init installs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-seed.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-osinfo-media.h"
#include "vireo-vmm-error.h"

#define PASSWORD_LENGTH 16

/* ---------------------------------------------------------------- helpers */

static char *
random_password (void)
{
    static const char chars[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < PASSWORD_LENGTH; i++)
        g_string_append_c (out, chars[g_random_int_range (0, sizeof chars - 1)]);
    return g_string_free (out, FALSE);
}

/* The first line of @path, for password files. */
static char *
read_first_line (const char *key, const char *path, GError **error)
{
    g_autofree char *contents = NULL;
    char *nl;

    if (!g_file_get_contents (path, &contents, NULL, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The file “%s” given to %s cannot be read."), path, key);
        return NULL;
    }
    nl = strpbrk (contents, "\r\n");
    if (nl)
        *nl = '\0';
    return g_steal_pointer (&contents);
}

static char *
read_file (const char *key, const char *path, GError **error)
{
    char *contents = NULL;

    if (!g_file_get_contents (path, &contents, NULL, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The file “%s” given to %s cannot be read."), path, key);
        return NULL;
    }
    return contents;
}

static gboolean
prop_on (const VireoInstallProps *props, const char *key, gboolean dflt)
{
    const char *v = vireo_install_props_get (props, key);
    VireoTristate t = VIREO_TRISTATE_UNSET;

    if (v == NULL)
        return dflt;
    if (*v == '\0')
        return TRUE;
    return vireo_install_parse_onoff (key, v, &t, NULL) ? t == VIREO_TRISTATE_ON : dflt;
}

/* Runs @argv, whose program comes with the Debian package @package; one
 * sentence on failure. */
static gboolean
run_tool (const char * const *argv, const char *package, const char *image, GError **error)
{
    g_autoptr(GPtrArray) full = g_ptr_array_new ();
    g_autofree char *path = g_find_program_in_path (argv[0]);
    g_autofree char *err = NULL;
    int status = 0;

    if (path == NULL) {
        /* mkfs.msdos is in /usr/sbin, which a user's PATH may lack. */
        g_autofree char *sbin = g_build_filename ("/usr/sbin", argv[0], NULL);
        if (g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
            path = g_steal_pointer (&sbin);
    }
    g_ptr_array_add (full, path);
    for (guint i = 1; argv[i]; i++)
        g_ptr_array_add (full, (char *) argv[i]);
    g_ptr_array_add (full, NULL);
    if (path == NULL ||
        !g_spawn_sync (NULL, (char **) full->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                       NULL, NULL, &err, &status, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("%s is needed to make the floppy image of the install script; install "
                       "the package %s."), argv[0], package);
        return FALSE;
    }
    if (!g_spawn_check_wait_status (status, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The seed image “%s” could not be made: %s"), image,
                     err ? g_strstrip (err) : "");
        return FALSE;
    }
    return TRUE;
}

/* Writes a 1.44 MB FAT floppy image (label OEMDRV) holding @files (paths)
 * at its top, with mkfs.msdos (dosfstools) and mcopy (mtools). */
static gboolean
make_floppy (const char *image, GPtrArray *files, GError **error)
{
    const char *mkfs_argv[] = { "mkfs.msdos", "-C", "-n", "OEMDRV", image, "1440", NULL };
    g_autoptr(GPtrArray) mcopy_argv = g_ptr_array_new ();

    g_unlink (image);
    if (!run_tool (mkfs_argv, "dosfstools", image, error))
        return FALSE;
    g_ptr_array_add (mcopy_argv, "mcopy");
    g_ptr_array_add (mcopy_argv, "-i");
    g_ptr_array_add (mcopy_argv, (char *) image);
    for (guint i = 0; i < files->len; i++)
        g_ptr_array_add (mcopy_argv, files->pdata[i]);
    g_ptr_array_add (mcopy_argv, "::");
    g_ptr_array_add (mcopy_argv, NULL);
    if (!run_tool ((const char * const *) mcopy_argv->pdata, "mtools", image, error)) {
        g_unlink (image);
        return FALSE;
    }
    return TRUE;
}

/* Writes an ISO image with @files (paths) at its top, volume id @volid. */
static gboolean
make_iso (const char *iso, const char *volid, GPtrArray *files, GError **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autofree char *err = NULL;
    int status = 0;

    g_ptr_array_add (argv, "xorriso");
    g_ptr_array_add (argv, "-as");
    g_ptr_array_add (argv, "genisoimage");
    g_ptr_array_add (argv, "-output");
    g_ptr_array_add (argv, (char *) iso);
    g_ptr_array_add (argv, "-volid");
    g_ptr_array_add (argv, (char *) volid);
    g_ptr_array_add (argv, "-joliet");
    g_ptr_array_add (argv, "-rock");
    g_ptr_array_add (argv, "-quiet");
    for (guint i = 0; i < files->len; i++)
        g_ptr_array_add (argv, files->pdata[i]);
    g_ptr_array_add (argv, NULL);
    if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                       &status, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("xorriso is needed to make seed media; install the package xorriso."));
        return FALSE;
    }
    if (!g_spawn_check_wait_status (status, NULL)) {
        g_unlink (iso);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The seed image “%s” could not be made: %s"), iso,
                     err ? g_strstrip (err) : "");
        return FALSE;
    }
    return TRUE;
}

/* A newc cpio header for @name, then the name padded to 4 bytes. */
static void
cpio_header (GByteArray *out, const char *name, guint mode, gsize size, guint ino)
{
    char hdr[111];
    gsize namesize = strlen (name) + 1;
    static const guint8 zeros[4] = { 0 };

    g_snprintf (hdr, sizeof hdr, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                ino, mode, 0, 0, 1, 0, (guint) size, 0, 0, 0, 0, (guint) namesize, 0);
    g_byte_array_append (out, (const guint8 *) hdr, 110);
    g_byte_array_append (out, (const guint8 *) name, namesize);
    g_byte_array_append (out, zeros, (4 - (110 + namesize) % 4) % 4);
}

/* -------------------------------------------------------------- public API */

void
vireo_install_seed_free (VireoInstallSeed *seed)
{
    if (seed == NULL)
        return;
    g_free (seed->script);
    g_strfreev (seed->scripts);
    g_free (seed->iso);
    g_free (seed->floppy);
    g_free (seed->cmdline);
    g_free (seed->password);
    g_free (seed);
}

gboolean
vireo_install_seed_inject_initrd (const char *initrd,
                                  const char *file,
                                  const char *name_inside,
                                  GError    **error)
{
    static const guint8 zeros[4] = { 0 };
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GByteArray) cpio = g_byte_array_new ();
    g_autoptr(GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
    g_autoptr(GFile) target = g_file_new_for_path (initrd);
    g_autoptr(GFileOutputStream) out = NULL;
    g_autoptr(GOutputStream) zout = NULL;

    g_return_val_if_fail (initrd != NULL && file != NULL && name_inside != NULL, FALSE);

    if (!g_file_get_contents (file, &data, &len, error))
        return FALSE;
    cpio_header (cpio, name_inside, 0100644, len, 1);
    g_byte_array_append (cpio, (const guint8 *) data, len);
    g_byte_array_append (cpio, zeros, (4 - len % 4) % 4);
    cpio_header (cpio, "TRAILER!!!", 0, 0, 0);

    out = g_file_append_to (target, G_FILE_CREATE_NONE, NULL, error);
    if (out == NULL)
        return FALSE;
    zout = g_converter_output_stream_new (G_OUTPUT_STREAM (out), G_CONVERTER (gz));
    return g_output_stream_write_all (zout, cpio->data, cpio->len, NULL, NULL, error) &&
           g_output_stream_close (zout, NULL, error);
}

gboolean
vireo_install_seed_cloud_init (const VireoInstallProps *props,
                               const char              *name,
                               const char              *iso_path,
                               char                   **password_out,
                               GError                 **error)
{
    g_autofree char *dir = NULL;
    g_autofree char *user_data = NULL;
    g_autofree char *meta_data = NULL;
    g_autofree char *network = NULL;
    g_autofree char *password = NULL;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
    const char *user_file = vireo_install_props_get (props, "user-data");
    const char *meta_file = vireo_install_props_get (props, "meta-data");
    const char *net_file = vireo_install_props_get (props, "network-config");
    const char *root_key = vireo_install_props_get (props, "root-ssh-key");
    const char *user_key = vireo_install_props_get (props, "clouduser-ssh-key");
    const char *root_pw_file = vireo_install_props_get (props, "root-password-file");
    /* The wizard's fields, as values: a user, its password and key, the
     * host name (else the VM's name). */
    const char *login = vireo_install_props_get (props, "user-login");
    const char *login_pw = vireo_install_props_get (props, "user-password");
    g_autofree char *login_key = g_strdup (vireo_install_props_get (props, "user-ssh-key"));
    const char *hostname = vireo_install_props_get (props, "hostname");
    gboolean ok;

    g_return_val_if_fail (name != NULL && iso_path != NULL, FALSE);

    if (user_file) {
        user_data = read_file ("--cloud-init user-data", user_file, error);
        if (user_data == NULL)
            return FALSE;
    } else {
        GString *ud = g_string_new ("#cloud-config\n");
        g_autoptr(GString) users = g_string_new (NULL);
        g_autoptr(GString) passwords = g_string_new (NULL);
        gboolean generate = prop_on (props, "root-password-generate",
                                     root_key == NULL && user_key == NULL &&
                                     root_pw_file == NULL && login == NULL);
        g_autofree char *rkey = NULL;
        g_autofree char *ukey = NULL;

        if (root_pw_file) {
            password = read_first_line ("--cloud-init root-password-file", root_pw_file,
                                        error);
            if (password == NULL) {
                g_string_free (ud, TRUE);
                return FALSE;
            }
        } else if (generate) {
            password = random_password ();
            if (password_out)
                *password_out = g_strdup (password);
        }
        if (password)
            g_string_append_printf (passwords, "    root:%s\n", password);
        rkey = root_key ? read_file ("--cloud-init root-ssh-key", root_key, error) : NULL;
        ukey = user_key ? read_file ("--cloud-init clouduser-ssh-key", user_key, error) : NULL;
        if ((root_key && rkey == NULL) || (user_key && ukey == NULL)) {
            g_string_free (ud, TRUE);
            return FALSE;
        }
        /* The wizard's user: an account of its own, with sudo, its password
         * and its key. */
        if (login) {
            g_string_append_printf (users, "  - default\n  - name: %s\n    shell: /bin/bash\n"
                                    "    sudo: ALL=(ALL) NOPASSWD:ALL\n"
                                    "    lock_passwd: %s\n", login,
                                    login_pw ? "false" : "true");
            if (login_key)
                g_string_append_printf (users, "    ssh_authorized_keys:\n      - %s\n",
                                        g_strstrip (login_key));
            if (login_pw)
                g_string_append_printf (passwords, "    %s:%s\n", login, login_pw);
        }
        if (rkey)
            g_string_append_printf (users, "  - name: root\n    ssh_authorized_keys:\n"
                                    "      - %s\n", g_strstrip (rkey));
        if (passwords->len) {
            g_string_append_printf (ud, "chpasswd:\n  list: |\n%s  expire: %s\n",
                                    passwords->str, generate ? "True" : "False");
            g_string_append (ud, "ssh_pwauth: True\n");
        }
        if (users->len)
            g_string_append_printf (ud, "users:\n%s", users->str);
        if (ukey)
            g_string_append_printf (ud, "ssh_authorized_keys:\n  - %s\n", g_strstrip (ukey));
        if (hostname)
            g_string_append_printf (ud, "hostname: %s\n", hostname);
        if (prop_on (props, "disable", TRUE))
            g_string_append (ud, "runcmd:\n"
                                 "  - [ sh, -c, 'touch /etc/cloud/cloud-init.disabled' ]\n");
        user_data = g_string_free (ud, FALSE);
    }
    if (meta_file) {
        meta_data = read_file ("--cloud-init meta-data", meta_file, error);
        if (meta_data == NULL)
            return FALSE;
    } else {
        g_autofree char *uuid = g_uuid_string_random ();
        meta_data = g_strdup_printf ("instance-id: %s-%s\nlocal-hostname: %s\n", name, uuid,
                                     hostname ? hostname : name);
    }
    if (net_file) {
        network = read_file ("--cloud-init network-config", net_file, error);
        if (network == NULL)
            return FALSE;
    }

    dir = g_dir_make_tmp ("vireo-cidata-XXXXXX", error);
    if (dir == NULL)
        return FALSE;
    g_ptr_array_add (files, g_build_filename (dir, "user-data", NULL));
    g_ptr_array_add (files, g_build_filename (dir, "meta-data", NULL));
    if (network)
        g_ptr_array_add (files, g_build_filename (dir, "network-config", NULL));
    ok = g_file_set_contents (files->pdata[0], user_data, -1, error) &&
         g_file_set_contents (files->pdata[1], meta_data, -1, error) &&
         (network == NULL || g_file_set_contents (files->pdata[2], network, -1, error)) &&
         make_iso (iso_path, "cidata", files, error);
    for (guint i = 0; i < files->len; i++)
        g_unlink (files->pdata[i]);
    g_rmdir (dir);
    return ok;
}

VireoInstallSeed *
vireo_install_seed_unattended (OsinfoOs                *os,
                               const VireoInstallProps *props,
                               const char              *name,
                               const char              *arch,
                               const char              *target_disk,
                               const char              *initrd,
                               const char              *directory,
                               GError                 **error)
{
    g_autoptr(VireoInstallSeed) seed = g_new0 (VireoInstallSeed, 1);
    g_autoptr(OsinfoInstallScript) script = NULL;
    g_autoptr(OsinfoInstallScriptList) all = NULL;
    g_autoptr(GPtrArray) scripts = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(OsinfoInstallConfig) config = NULL;
    g_autoptr(OsinfoOs) full_os = NULL;
    g_autoptr(GFile) outdir = NULL;
    g_autofree char *admin = NULL;
    g_autofree char *user_pw = NULL;
    g_autofree char *prefix = NULL;
    g_autofree char *timezone = NULL;
    g_autofree char *language = NULL;
    const char *admin_file = vireo_install_props_get (props, "admin-password-file");
    const char *user_file = vireo_install_props_get (props, "user-password-file");
    const char *login = vireo_install_props_get (props, "user-login");
    const char *key = vireo_install_props_get (props, "product-key");
    const char *short_id;
    OsinfoInstallScriptInjectionMethod method;
    guint methods;
    gboolean ok = TRUE;

    g_return_val_if_fail (OSINFO_IS_OS (os), NULL);

    full_os = vireo_osinfo_complete_os (os);
    os = full_os;
    short_id = osinfo_product_get_short_id (OSINFO_PRODUCT (os));
    script = vireo_osinfo_find_install_script (os, vireo_install_props_get (props, "profile"),
                                               error);
    if (script == NULL)
        return NULL;
    /* Some OSes split a profile into several scripts that go together
     * (Windows XP: the answer file winnt.sif, and windows.cmd and
     * windows.reg it runs): all of them go onto one medium, by a method
     * each of them allows. */
    g_ptr_array_add (scripts, g_object_ref (script));
    all = osinfo_os_get_install_script_list (os);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (all)); i++) {
        OsinfoInstallScript *other = OSINFO_INSTALL_SCRIPT (
            osinfo_list_get_nth (OSINFO_LIST (all), i));
        if (other != script &&
            g_strcmp0 (osinfo_install_script_get_profile (other),
                       osinfo_install_script_get_profile (script)) == 0)
            g_ptr_array_add (scripts, g_object_ref (other));
    }
    methods = ~0u;
    for (guint i = 0; i < scripts->len; i++)
        methods &= osinfo_install_script_get_injection_methods (scripts->pdata[i]);
    if (initrd && (methods & OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD)) {
        method = OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD;
    } else if (methods & OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_CDROM) {
        method = OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_CDROM;
    } else if (methods & OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_FLOPPY) {
        method = OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_FLOPPY;
    } else if (methods & OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("The unattended install script of “%s” can only be put into the "
                       "installer's initrd, which needs an install with --location (a tree, "
                       "URL or the ISO itself) instead of --cdrom."), short_id);
        return NULL;
    } else {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                     _("The unattended install scripts of “%s” share no way onto the VM "
                       "(initrd, CD-ROM or floppy) that Vireo can make."), short_id);
        return NULL;
    }

    if (vireo_install_props_get (props, "admin-password")) {
        admin = g_strdup (vireo_install_props_get (props, "admin-password"));
    } else if (admin_file) {
        admin = read_first_line ("--unattended admin-password-file", admin_file, error);
        if (admin == NULL)
            return NULL;
    } else {
        admin = random_password ();
        seed->password = g_strdup (admin);
    }
    if (vireo_install_props_get (props, "user-password")) {
        user_pw = g_strdup (vireo_install_props_get (props, "user-password"));
    } else if (user_file) {
        user_pw = read_first_line ("--unattended user-password-file", user_file, error);
        if (user_pw == NULL)
            return NULL;
    }

    config = osinfo_install_config_new ("http://vireo.org/install-config");
    osinfo_install_config_set_hardware_arch (config, arch);
    osinfo_install_config_set_hostname (config, name);
    osinfo_install_config_set_admin_password (config, admin);
    osinfo_install_config_set_target_disk (config, target_disk);
    if (login) {
        osinfo_install_config_set_user_login (config, login);
        osinfo_install_config_set_user_realname (config, login);
        osinfo_install_config_set_user_password (config, user_pw ? user_pw : admin);
    }
    if (key)
        osinfo_install_config_set_reg_product_key (config, key);
    /* The host's time zone and language unless told, as virt-install. */
    timezone = g_strdup (vireo_install_props_get (props, "timezone"));
    if (timezone == NULL)
        timezone = vireo_install_seed_host_timezone ();
    language = g_strdup (vireo_install_props_get (props, "language"));
    if (language == NULL)
        language = vireo_install_seed_host_language ();
    if (timezone)
        osinfo_install_config_set_l10n_timezone (config, timezone);
    if (language) {
        osinfo_install_config_set_l10n_language (config, language);
        osinfo_install_config_set_l10n_keyboard (config, language);
    }

    prefix = g_strdup_printf ("%s-unattended", name);
    outdir = g_file_new_for_path (directory);
    for (guint i = 0; i < scripts->len; i++) {
        OsinfoInstallScript *one = scripts->pdata[i];
        g_autoptr(GFile) output = NULL;

        osinfo_install_script_set_preferred_injection_method (one, method);
        /* The name the installer looks for, before the prefix changes it. */
        g_ptr_array_add (expected, g_strdup (osinfo_install_script_get_expected_filename (one)));
        osinfo_install_script_set_output_prefix (one, prefix);
        output = osinfo_install_script_generate_output (one, os, config, outdir, NULL, error);
        if (output == NULL) {
            ok = FALSE;
            break;
        }
        g_ptr_array_add (outputs, g_file_get_path (output));
    }
    if (ok) {
        seed->cmdline = osinfo_install_script_generate_command_line (script, os, config);
        if (seed->cmdline)
            g_strstrip (seed->cmdline);
    }

    if (ok && method == OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD) {
        for (guint i = 0; ok && i < outputs->len; i++)
            ok = !g_file_test (initrd, G_FILE_TEST_EXISTS) ||
                 vireo_install_seed_inject_initrd (initrd, outputs->pdata[i],
                                                   expected->pdata[i], error);
    } else if (ok) {
        /* On the medium each script has the name the installer looks for. */
        g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *tmpdir = g_dir_make_tmp ("vireo-unattended-XXXXXX", error);

        ok = tmpdir != NULL;
        for (guint i = 0; ok && i < outputs->len; i++) {
            g_autofree char *contents = NULL;
            gsize len = 0;
            char *copy = g_build_filename (tmpdir, expected->pdata[i], NULL);

            g_ptr_array_add (files, copy);
            ok = g_file_get_contents (outputs->pdata[i], &contents, &len, error) &&
                 g_file_set_contents (copy, contents, len, error);
        }
        if (ok && method == OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_FLOPPY) {
            seed->floppy = g_strdup_printf ("%s/%s-unattended.img", directory, name);
            ok = make_floppy (seed->floppy, files, error);
        } else if (ok) {
            seed->iso = g_strdup_printf ("%s/%s-unattended.iso", directory, name);
            ok = make_iso (seed->iso, "OEMDRV", files, error);
        }
        for (guint i = 0; i < files->len; i++)
            g_unlink (files->pdata[i]);
        if (tmpdir)
            g_rmdir (tmpdir);
    }
    if (!ok) {
        for (guint i = 0; i < outputs->len; i++)
            g_unlink (outputs->pdata[i]);
        return NULL;
    }
    seed->script = g_strdup (outputs->pdata[0]);
    g_ptr_array_add (outputs, NULL);
    seed->scripts = (GStrv) g_ptr_array_steal (outputs, NULL);
    return g_steal_pointer (&seed);
}

char *
vireo_install_seed_host_timezone (void)
{
    g_autofree char *target = NULL;
    g_autofree char *contents = NULL;
    const char *zone;

    /* /etc/localtime links into the zone database; Debian also keeps the
     * name in /etc/timezone. */
    target = g_file_read_link ("/etc/localtime", NULL);
    if (target && (zone = strstr (target, "zoneinfo/")) != NULL && zone[9] != '\0')
        return g_strdup (zone + 9);
    if (g_file_get_contents ("/etc/timezone", &contents, NULL, NULL) &&
        *g_strstrip (contents) != '\0')
        return g_steal_pointer (&contents);
    return NULL;
}

char *
vireo_install_seed_host_language (void)
{
    const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

    for (guint i = 0; i < G_N_ELEMENTS (vars); i++) {
        const char *value = g_getenv (vars[i]);
        g_autofree char *lang = NULL;

        if (value == NULL || *value == '\0')
            continue;
        lang = g_strdup (value);
        lang[strcspn (lang, ".@")] = '\0';
        if (*lang == '\0' || g_str_equal (lang, "C") || g_str_equal (lang, "POSIX"))
            return NULL;
        return g_steal_pointer (&lang);
    }
    return NULL;
}
