/* vireo-install-choices.c: the new-VM wizard's choices, as an install spec and as a command line
 *
 * Each choice is written twice below: into the spec the way vireo-install's
 * option parser (src/cli/vireo-install-options.c) fills it from the option
 * named beside it, and as that option.  test-install-choices keeps the two
 * in step: both give the same XML.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-choices.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-vmm-error.h"

VireoInstallChoices *
vireo_install_choices_new (void)
{
    VireoInstallChoices *c = g_new0 (VireoInstallChoices, 1);

    c->disk_gib = 20;
    return c;
}

void
vireo_install_choices_free (VireoInstallChoices *c)
{
    if (c == NULL)
        return;
    g_free (c->media);
    g_free (c->location);
    g_free (c->extra_args);
    g_free (c->image);
    g_free (c->cloud_user);
    g_free (c->cloud_password);
    g_free (c->cloud_ssh_key);
    g_free (c->cloud_hostname);
    g_free (c->arch);
    g_free (c->virt_type);
    g_free (c->machine);
    g_free (c->os);
    g_free (c->express_user);
    g_free (c->express_password);
    g_free (c->express_timezone);
    g_free (c->express_language);
    g_free (c->product_key);
    g_free (c->disk_path);
    g_free (c->name);
    g_free (c->network_source);
    g_free (c);
}

static gboolean
empty (const char *s)
{
    return s == NULL || *s == '\0';
}

static gboolean
fail (GError **error, const char *message)
{
    g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID, message);
    return FALSE;
}

gboolean
vireo_install_choices_check (const VireoInstallChoices *c,
                             GError                   **error)
{
    g_return_val_if_fail (c != NULL, FALSE);

    switch (c->method) {
    case VIREO_CHOICE_METHOD_MEDIA:
        if (empty (c->media))
            return fail (error, _("Choose the install media: an ISO image or a CD-ROM drive."));
        break;
    case VIREO_CHOICE_METHOD_LOCATION:
        if (empty (c->location))
            return fail (error, _("Give the URL or folder of the install tree."));
        break;
    case VIREO_CHOICE_METHOD_CLOUD:
        if (empty (c->image))
            return fail (error, _("Choose the cloud image."));
        if (empty (c->cloud_password) && empty (c->cloud_ssh_key))
            return fail (error, _("Give a password or an SSH public key for the cloud user, "
                                  "or the VM cannot be logged into."));
        break;
    case VIREO_CHOICE_METHOD_IMPORT:
        if (empty (c->image))
            return fail (error, _("Choose the disk image to import."));
        break;
    case VIREO_CHOICE_METHOD_PXE:
    case VIREO_CHOICE_METHOD_MANUAL:
    default:
        break;
    }
    if (c->express && (empty (c->express_user) || empty (c->express_password)))
        return fail (error, _("The express install needs a user name and a password."));
    if (c->storage == VIREO_CHOICE_STORAGE_EXISTING && empty (c->disk_path) &&
        c->method != VIREO_CHOICE_METHOD_IMPORT && c->method != VIREO_CHOICE_METHOD_CLOUD)
        return fail (error, _("Choose the disk image or volume."));
    if (c->storage == VIREO_CHOICE_STORAGE_NEW && c->disk_gib <= 0)
        return fail (error, _("The new disk needs a size."));
    if ((c->network == VIREO_CHOICE_NETWORK_VIRTUAL || c->network == VIREO_CHOICE_NETWORK_BRIDGE ||
         c->network == VIREO_CHOICE_NETWORK_MACVTAP) && empty (c->network_source))
        return fail (error, _("Name the network, bridge or host interface."));
    if (empty (c->name))
        return fail (error, _("The virtual machine needs a name."));
    return TRUE;
}

/* ------------------------------------------------------------ the spec */

static void
set_str (char **slot, const char *value)
{
    g_free (*slot);
    *slot = empty (value) ? NULL : g_strdup (value);
}

/* Whether the VM gets the disk of the storage page (an imported or cloud
 * image is its disk instead). */
static gboolean
own_disk (const VireoInstallChoices *c)
{
    return c->method != VIREO_CHOICE_METHOD_IMPORT && c->method != VIREO_CHOICE_METHOD_CLOUD;
}

VireoInstallSpec *
vireo_install_choices_to_spec (const VireoInstallChoices *c)
{
    VireoInstallSpec *spec;
    VireoInstallDisk *disk;

    g_return_val_if_fail (c != NULL, NULL);

    spec = vireo_install_spec_new ();
    set_str (&spec->name, c->name);                        /* --name */
    spec->memory_mib = c->memory_mib;                      /* --memory */
    if (c->vcpus)                                          /* --vcpus */
        spec->vcpus = spec->max_vcpus = c->vcpus;
    set_str (&spec->arch, c->arch);                        /* --arch */
    set_str (&spec->virt_type, c->virt_type);              /* --virt-type */
    set_str (&spec->machine, c->machine);                  /* --machine */
    if (c->os) {                                           /* --osinfo NAME */
        set_str (&spec->os_name, c->os);
    } else if (c->method == VIREO_CHOICE_METHOD_MEDIA ||   /* --osinfo detect=on,name=generic */
               c->method == VIREO_CHOICE_METHOD_LOCATION) {
        spec->os_detect = VIREO_TRISTATE_ON;
        set_str (&spec->os_name, "generic");
    } else {                                               /* --osinfo generic */
        set_str (&spec->os_name, "generic");
    }

    switch (c->firmware) {                                 /* --boot ... */
    case VIREO_CHOICE_FIRMWARE_BIOS:
        set_str (&spec->firmware, "bios");
        break;
    case VIREO_CHOICE_FIRMWARE_UEFI:
        spec->uefi = VIREO_TRISTATE_ON;
        break;
    case VIREO_CHOICE_FIRMWARE_UEFI_SECURE:
        spec->uefi = VIREO_TRISTATE_ON;
        vireo_install_props_set (spec->boot, "loader.secure", "yes");
        break;
    case VIREO_CHOICE_FIRMWARE_DEFAULT:
    default:
        break;
    }

    switch (c->method) {
    case VIREO_CHOICE_METHOD_MEDIA:                        /* --cdrom */
        spec->method = VIREO_INSTALL_METHOD_CDROM;
        set_str (&spec->cdrom, c->media);
        break;
    case VIREO_CHOICE_METHOD_LOCATION:                     /* --location, --extra-args */
        spec->method = VIREO_INSTALL_METHOD_LOCATION;
        set_str (&spec->location, c->location);
        set_str (&spec->extra_args, c->extra_args);
        break;
    case VIREO_CHOICE_METHOD_PXE:                          /* --pxe */
        spec->method = VIREO_INSTALL_METHOD_PXE;
        spec->pxe = TRUE;
        break;
    case VIREO_CHOICE_METHOD_IMPORT:                       /* --import --disk IMAGE[,convert=on] */
        spec->method = VIREO_INSTALL_METHOD_IMPORT;
        spec->import = TRUE;
        disk = vireo_install_disk_new ();
        disk->path = g_strdup (c->image);
        if (c->convert)
            disk->convert = VIREO_TRISTATE_ON;
        g_ptr_array_add (spec->disks, disk);
        break;
    case VIREO_CHOICE_METHOD_CLOUD:                        /* --import --disk backing_store= */
        spec->method = VIREO_INSTALL_METHOD_IMPORT;
        spec->import = TRUE;
        disk = vireo_install_disk_new ();
        disk->backing_store = g_strdup (c->image);
        if (c->storage == VIREO_CHOICE_STORAGE_NEW && c->disk_gib > 0)
            disk->size_gib = c->disk_gib;
        g_ptr_array_add (spec->disks, disk);
        spec->cloud_init = vireo_install_props_new ();     /* --cloud-init */
        if (!empty (c->cloud_user))
            vireo_install_props_set (spec->cloud_init, "user-login", c->cloud_user);
        if (!empty (c->cloud_password))
            vireo_install_props_set (spec->cloud_init, "user-password", c->cloud_password);
        if (!empty (c->cloud_ssh_key))
            vireo_install_props_set (spec->cloud_init, "user-ssh-key", c->cloud_ssh_key);
        if (!empty (c->cloud_hostname))
            vireo_install_props_set (spec->cloud_init, "hostname", c->cloud_hostname);
        break;
    case VIREO_CHOICE_METHOD_MANUAL:                       /* --boot hd */
    default:
        g_ptr_array_add (spec->boot_devs, g_strdup ("hd"));
        break;
    }

    if (c->express && (c->method == VIREO_CHOICE_METHOD_MEDIA ||
                       c->method == VIREO_CHOICE_METHOD_LOCATION)) {
        spec->unattended = vireo_install_props_new ();     /* --unattended */
        vireo_install_props_set (spec->unattended, "user-login", c->express_user);
        if (!empty (c->product_key))
            vireo_install_props_set (spec->unattended, "product-key", c->product_key);
        vireo_install_props_set (spec->unattended, "user-password", c->express_password);
        vireo_install_props_set (spec->unattended, "admin-password", c->express_password);
        if (!empty (c->express_timezone))
            vireo_install_props_set (spec->unattended, "timezone", c->express_timezone);
        if (!empty (c->express_language))
            vireo_install_props_set (spec->unattended, "language", c->express_language);
    }

    if (own_disk (c)) {                                    /* --disk */
        switch (c->storage) {
        case VIREO_CHOICE_STORAGE_NEW:
            disk = vireo_install_disk_new ();
            disk->size_gib = c->disk_gib;
            if (c->disk_allocate)
                disk->sparse = VIREO_TRISTATE_OFF;
            g_ptr_array_add (spec->disks, disk);
            break;
        case VIREO_CHOICE_STORAGE_EXISTING:
            disk = vireo_install_disk_new ();
            disk->path = g_strdup (c->disk_path);
            g_ptr_array_add (spec->disks, disk);
            break;
        case VIREO_CHOICE_STORAGE_NONE:
        default:
            spec->no_disks = TRUE;
            break;
        }
    }

    switch (c->network) {                                  /* --network */
    case VIREO_CHOICE_NETWORK_USER:
    case VIREO_CHOICE_NETWORK_VIRTUAL:
    case VIREO_CHOICE_NETWORK_BRIDGE:
    case VIREO_CHOICE_NETWORK_MACVTAP: {
        VireoInstallNetwork *net = vireo_install_network_new ();

        net->type = g_strdup (c->network == VIREO_CHOICE_NETWORK_USER ? "user"
                              : c->network == VIREO_CHOICE_NETWORK_VIRTUAL ? "network"
                              : c->network == VIREO_CHOICE_NETWORK_BRIDGE ? "bridge" : "direct");
        if (c->network != VIREO_CHOICE_NETWORK_USER)
            net->source = g_strdup (c->network_source);
        if (c->network == VIREO_CHOICE_NETWORK_MACVTAP)
            net->source_mode = g_strdup ("bridge");
        g_ptr_array_add (spec->networks, net);
        break;
    }
    case VIREO_CHOICE_NETWORK_NONE:
        spec->no_networks = TRUE;
        break;
    case VIREO_CHOICE_NETWORK_DEFAULT:
    default:
        break;
    }
    /* The wizard opens the console itself. */
    spec->autoconsole = VIREO_TRISTATE_OFF;                /* --noautoconsole */
    return spec;
}

/* ------------------------------------------------------- the command line */

static void
add (GPtrArray *args, const char *option, const char *value)
{
    g_ptr_array_add (args, g_strdup (option));
    if (value)
        g_ptr_array_add (args, g_strdup (value));
}

/* A sub-option's value, quoted where vireo-install's grammar needs it. */
static char *
subvalue (const char *value)
{
    if (strpbrk (value, ",=\"'") == NULL)
        return g_strdup (value);
    return g_strdup_printf ("\"%s\"", value);
}

GStrv
vireo_install_choices_to_args (const VireoInstallChoices *c)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) boot = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *sv = NULL;

    g_return_val_if_fail (c != NULL, NULL);

    add (args, "--name", c->name ? c->name : "");
    if (c->memory_mib) {
        g_autofree char *m = g_strdup_printf ("%" G_GUINT64_FORMAT, c->memory_mib);
        add (args, "--memory", m);
    }
    if (c->vcpus) {
        g_autofree char *v = g_strdup_printf ("%u", c->vcpus);
        add (args, "--vcpus", v);
    }
    if (!empty (c->arch))
        add (args, "--arch", c->arch);
    if (!empty (c->virt_type))
        add (args, "--virt-type", c->virt_type);
    if (!empty (c->machine))
        add (args, "--machine", c->machine);
    if (c->os) {
        add (args, "--osinfo", c->os);
    } else if (c->method == VIREO_CHOICE_METHOD_MEDIA ||
               c->method == VIREO_CHOICE_METHOD_LOCATION) {
        add (args, "--osinfo", "detect=on,name=generic");
    } else {
        add (args, "--osinfo", "generic");
    }

    switch (c->method) {
    case VIREO_CHOICE_METHOD_MEDIA:
        add (args, "--cdrom", c->media);
        break;
    case VIREO_CHOICE_METHOD_LOCATION:
        add (args, "--location", c->location);
        if (!empty (c->extra_args))
            add (args, "--extra-args", c->extra_args);
        break;
    case VIREO_CHOICE_METHOD_PXE:
        add (args, "--pxe", NULL);
        break;
    case VIREO_CHOICE_METHOD_IMPORT: {
        g_autofree char *path = subvalue (c->image);
        g_autofree char *d = g_strdup_printf ("path=%s%s", path, c->convert ? ",convert=on" : "");
        add (args, "--import", NULL);
        add (args, "--disk", d);
        break;
    }
    case VIREO_CHOICE_METHOD_CLOUD: {
        g_autofree char *path = subvalue (c->image);
        g_autofree char *size = c->storage == VIREO_CHOICE_STORAGE_NEW && c->disk_gib > 0
                                ? g_strdup_printf ("size=%g,", c->disk_gib) : g_strdup ("");
        g_autofree char *d = g_strdup_printf ("%sbacking_store=%s", size, path);
        add (args, "--import", NULL);
        add (args, "--disk", d);
        add (args, "--cloud-init", NULL);
        break;
    }
    case VIREO_CHOICE_METHOD_MANUAL:
    default:
        g_ptr_array_add (boot, g_strdup ("hd"));
        break;
    }

    switch (c->firmware) {
    case VIREO_CHOICE_FIRMWARE_BIOS:
        g_ptr_array_add (boot, g_strdup ("firmware=bios"));
        break;
    case VIREO_CHOICE_FIRMWARE_UEFI:
        g_ptr_array_add (boot, g_strdup ("uefi"));
        break;
    case VIREO_CHOICE_FIRMWARE_UEFI_SECURE:
        g_ptr_array_add (boot, g_strdup ("uefi"));
        g_ptr_array_add (boot, g_strdup ("loader.secure=yes"));
        break;
    case VIREO_CHOICE_FIRMWARE_DEFAULT:
    default:
        break;
    }
    if (boot->len) {
        g_ptr_array_add (boot, NULL);
        sv = g_strjoinv (",", (char **) boot->pdata);
        add (args, "--boot", sv);
    }

    if (c->express && (c->method == VIREO_CHOICE_METHOD_MEDIA ||
                       c->method == VIREO_CHOICE_METHOD_LOCATION)) {
        g_autofree char *user = subvalue (c->express_user ? c->express_user : "");
        g_autofree char *key = c->product_key && *c->product_key ? subvalue (c->product_key)
                                                                  : NULL;
        g_autofree char *u = key ? g_strdup_printf ("user-login=%s,product-key=%s", user, key)
                                 : g_strdup_printf ("user-login=%s", user);
        add (args, "--unattended", u);
    }

    if (own_disk (c)) {
        switch (c->storage) {
        case VIREO_CHOICE_STORAGE_NEW: {
            g_autofree char *d = g_strdup_printf ("size=%g%s", c->disk_gib,
                                                  c->disk_allocate ? ",sparse=no" : "");
            add (args, "--disk", d);
            break;
        }
        case VIREO_CHOICE_STORAGE_EXISTING: {
            g_autofree char *path = subvalue (c->disk_path);
            g_autofree char *d = g_strdup_printf ("path=%s", path);
            add (args, "--disk", d);
            break;
        }
        case VIREO_CHOICE_STORAGE_NONE:
        default:
            add (args, "--disk", "none");
            break;
        }
    }

    switch (c->network) {
    case VIREO_CHOICE_NETWORK_USER:
        add (args, "--network", "type=user");
        break;
    case VIREO_CHOICE_NETWORK_VIRTUAL:
    case VIREO_CHOICE_NETWORK_BRIDGE:
    case VIREO_CHOICE_NETWORK_MACVTAP: {
        g_autofree char *src = subvalue (c->network_source ? c->network_source : "");
        g_autofree char *n = g_strdup_printf (
            c->network == VIREO_CHOICE_NETWORK_VIRTUAL ? "network=%s"
            : c->network == VIREO_CHOICE_NETWORK_BRIDGE ? "bridge=%s"
            : "type=direct,source=%s,source.mode=bridge", src);
        add (args, "--network", n);
        break;
    }
    case VIREO_CHOICE_NETWORK_NONE:
        add (args, "--network", "none");
        break;
    case VIREO_CHOICE_NETWORK_DEFAULT:
    default:
        break;
    }
    add (args, "--noautoconsole", NULL);
    g_ptr_array_add (args, NULL);
    return (GStrv) g_ptr_array_steal (args, NULL);
}

char *
vireo_install_choices_to_command_line (const VireoInstallChoices *c)
{
    g_auto(GStrv) args = vireo_install_choices_to_args (c);
    GString *line = g_string_new ("vireo-install");

    for (guint i = 0; args[i]; i++) {
        g_autofree char *quoted = g_shell_quote (args[i]);

        g_string_append_c (line, ' ');
        g_string_append (line, strpbrk (args[i], " \t'\"\\$`*?&;|<>(){}[]!#~") || !*args[i]
                               ? quoted : args[i]);
    }
    return g_string_free (line, FALSE);
}

/* --------------------------------------------------------------- names */

char *
vireo_install_choices_suggest_name (const char *base,
                                    GHashTable *taken)
{
    if (empty (base))
        base = "vm";
    if (taken == NULL || !g_hash_table_contains (taken, base))
        return g_strdup (base);
    for (guint i = 2;; i++) {
        g_autofree char *name = g_strdup_printf ("%s-%u", base, i);

        if (!g_hash_table_contains (taken, name))
            return g_steal_pointer (&name);
    }
}

gboolean
vireo_install_choices_check_name (const char *name,
                                  GHashTable *taken,
                                  GError    **error)
{
    if (empty (name))
        return fail (error, _("The virtual machine needs a name."));
    if (strchr (name, '/')) {
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                             _("A name cannot hold “/”."));
        return FALSE;
    }
    if (!g_utf8_validate (name, -1, NULL))
        return fail (error, _("The name is not valid text."));
    if (g_ascii_isspace (name[0]) || g_ascii_isspace (name[strlen (name) - 1]))
        return fail (error, _("A name cannot start or end with a space."));
    if (taken && g_hash_table_contains (taken, name)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("A virtual machine named “%s” exists already."), name);
        return FALSE;
    }
    return TRUE;
}

/* ------------------------------------------------------------ the files */

typedef enum {
    FILE_MEDIA,
    FILE_TREE,
    FILE_IMAGE,
} FileKind;

static void
set_unreadable_error (const char *path,
                      FileKind    kind,
                      int         saved_errno,
                      GError    **error)
{
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                 kind == FILE_MEDIA ? _("The install media “%s” cannot be read: %s")
                 : kind == FILE_TREE ? _("The install tree “%s” cannot be read: %s")
                 : _("The disk image “%s” cannot be read: %s"),
                 path, g_strerror (saved_errno));
}

/* One sentence per kind of file and fault, so that each translates whole. */
static gboolean
check_file (const char *path,
            FileKind    kind,
            GError    **error)
{
    GStatBuf st;
    int saved;

    if (empty (path))
        return TRUE;
    if (kind == FILE_TREE && !g_path_is_absolute (path) && strstr (path, "://") != NULL)
        return TRUE;    /* a URL: the installer fetches it */
    if (!g_path_is_absolute (path)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     kind == FILE_MEDIA ? _("Give the full path of the install media, starting "
                                            "with “/”, not “%s”.")
                     : kind == FILE_TREE ? _("Give the install tree as a URL or as a full path "
                                             "starting with “/”, not “%s”.")
                     : _("Give the full path of the disk image, starting with “/”, not “%s”."),
                     path);
        return FALSE;
    }
    if (g_stat (path, &st) != 0) {
        saved = errno;
        if (saved == ENOENT || saved == ENOTDIR)
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         kind == FILE_MEDIA ? _("The install media “%s” does not exist.")
                         : kind == FILE_TREE ? _("The install tree “%s” does not exist.")
                         : _("The disk image “%s” does not exist."),
                         path);
        else
            set_unreadable_error (path, kind, saved, error);
        return FALSE;
    }
    if (kind != FILE_TREE && S_ISDIR (st.st_mode)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     kind == FILE_MEDIA ? _("“%s” is a folder: choose an ISO image or a CD-ROM "
                                            "drive.")
                     : _("“%s” is a folder, not a disk image."),
                     path);
        return FALSE;
    }
    if (!S_ISDIR (st.st_mode) && !S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     kind == FILE_MEDIA ? _("“%s” is neither a file nor a drive: choose an ISO "
                                            "image or a CD-ROM drive.")
                     : kind == FILE_TREE ? _("“%s” is neither a folder nor a file: give the "
                                             "install tree’s folder or ISO image.")
                     : _("“%s” is neither a file nor a drive, so it cannot be a disk image."),
                     path);
        return FALSE;
    }
    if (g_access (path, R_OK) != 0) {
        set_unreadable_error (path, kind, errno, error);
        return FALSE;
    }
    return TRUE;
}

gboolean
vireo_install_choices_check_paths (const VireoInstallChoices *c,
                                   GError                   **error)
{
    g_return_val_if_fail (c != NULL, FALSE);

    switch (c->method) {
    case VIREO_CHOICE_METHOD_MEDIA:
        if (!check_file (c->media, FILE_MEDIA, error))
            return FALSE;
        break;
    case VIREO_CHOICE_METHOD_LOCATION:
        if (!check_file (c->location, FILE_TREE, error))
            return FALSE;
        break;
    case VIREO_CHOICE_METHOD_CLOUD:
    case VIREO_CHOICE_METHOD_IMPORT:
        if (!check_file (c->image, FILE_IMAGE, error))
            return FALSE;
        break;
    case VIREO_CHOICE_METHOD_PXE:
    case VIREO_CHOICE_METHOD_MANUAL:
    default:
        break;
    }
    if (c->storage == VIREO_CHOICE_STORAGE_EXISTING && own_disk (c) &&
        !check_file (c->disk_path, FILE_IMAGE, error))
        return FALSE;
    return TRUE;
}
