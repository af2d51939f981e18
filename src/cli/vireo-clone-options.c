/* vireo-clone-options.c: virt-clone's command line, read with the shared grammar
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-clone-options.h"

#include <glib/gi18n.h>

#include "vireo-cli-grammar.h"
#include "vireo-vmm-error.h"

typedef VireoCliOption OptDef;

/* ---------------------------------------------------------------- apply */

static gboolean
apply_value (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
             GError **error)
{
    VireoCloneOptions *o = target;
    const char *n = d->name;
    char **field;

    if (g_str_equal (n, "connect"))
        field = &o->connect;
    else if (g_str_equal (n, "original"))
        field = &o->original;
    else if (g_str_equal (n, "original-xml"))
        field = &o->original_xml;
    else if (g_str_equal (n, "name"))
        field = &o->name;
    else if (g_str_equal (n, "uuid"))
        field = &o->uuid;
    else
        field = &o->nvram;
    g_free (*field);
    *field = g_str_equal (n, "original-xml") || g_str_equal (n, "nvram")
             ? vireo_cli_absolute_path (v) : g_strdup (v);
    return TRUE;
}

static gboolean
apply_list (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
            GError **error)
{
    VireoCloneOptions *o = target;
    const char *n = d->name;

    if (g_str_equal (n, "file"))
        g_ptr_array_add (o->files, vireo_cli_absolute_path (v));
    else if (g_str_equal (n, "force-copy"))
        g_ptr_array_add (o->force_copy, g_strdup (v));
    else if (g_str_equal (n, "skip-copy"))
        g_ptr_array_add (o->skip_copy, g_strdup (v));
    else
        g_ptr_array_add (o->macs, g_strdup (v));
    return TRUE;
}

static gboolean
apply_check (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
             GError **error)
{
    VireoCloneOptions *o = target;

    for (guint i = 0; i < p->keys->len; i++) {
        const char *key = p->keys->pdata[i];
        const char *value = p->values->pdata[i];
        gboolean on;

        if (!vireo_domain_option_parse_bool (key, value, &on, error))
            return FALSE;
        g_hash_table_insert (o->checks, g_strdup (key), g_strdup (on ? "on" : "off"));
    }
    return TRUE;
}

static gboolean
apply_flag (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
            GError **error)
{
    VireoCloneOptions *o = target;
    const char *n = d->name;

    if (g_str_equal (n, "auto-clone"))
        o->auto_clone = TRUE;
    else if (g_str_equal (n, "reflink"))
        o->reflink = TRUE;
    else if (g_str_equal (n, "linked"))
        o->linked = TRUE;
    else if (g_str_equal (n, "nonsparse"))
        o->nonsparse = TRUE;
    else if (g_str_equal (n, "preserve-data"))
        o->preserve_data = TRUE;
    else if (g_str_equal (n, "replace"))
        o->replace = TRUE;
    else if (g_str_equal (n, "print-xml"))
        o->print_xml = TRUE;
    else if (g_str_equal (n, "force"))
        g_hash_table_insert (o->checks, g_strdup ("all"), g_strdup ("off"));
    else if (g_str_equal (n, "quiet"))
        o->quiet = TRUE;
    else if (g_str_equal (n, "debug"))
        o->debug = TRUE;
    else if (g_str_equal (n, "help"))
        o->help = TRUE;
    else if (g_str_equal (n, "version"))
        o->version = TRUE;
    /* --prompt and --noautoconsole ask nothing of a program that never prompts. */
    return TRUE;
}

static gboolean
positional (gpointer target, const char *argument, GError **error)
{
    return vireo_cli_error (error, _("Unexpected argument “%s”: name the VM to clone with "
                                     "--original."), argument);
}

/* ------------------------------------------------------------ the table */

static const OptDef option_table[] = {
    { "connect", NULL, 'c', VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "URI",
      N_("Connect to the hypervisor at URI"), FALSE },
    { "original", NULL, 'o', VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "NAME",
      N_("The VM to clone (shut off)"), FALSE },
    { "original-xml", NULL, 0, VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "FILE",
      N_("A VM definition to clone instead"), FALSE },
    { "auto-clone", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Make the clone's name and disk paths from the original's"), FALSE },
    { "name", NULL, 'n', VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "NAME",
      N_("The clone's name"), FALSE },
    { "uuid", NULL, 'u', VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "UUID",
      N_("The clone's UUID (default: a new random one)"), FALSE },
    { "reflink", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Copies must share the original's blocks (btrfs, XFS); without it they do where "
         "the filesystem can"), FALSE },
    { "linked", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Make each disk a qcow2 overlay on the original's image, which becomes read-only"),
      FALSE },
    { "file", NULL, 'f', VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_list, "PATH",
      N_("Where a disk's copy goes, one per disk in order"), FALSE },
    { "force-copy", NULL, 0, VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_list, "TARGET",
      N_("Copy this disk even if it is read-only or shareable (e.g. hdc)"), FALSE },
    { "skip-copy", NULL, 0, VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_list, "TARGET",
      N_("Do not copy this disk: the clone uses the original's (e.g. vda)"), FALSE },
    { "nonsparse", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Allocate every byte of the copies"), FALSE },
    { "preserve-data", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Use the images at the --file paths as they are, copying nothing"), FALSE },
    { "nvram", NULL, 0, VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "PATH",
      N_("Where the copy of the NVRAM variables goes"), FALSE },
    { "mac", NULL, 'm', VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_list, "MAC",
      N_("A network interface's new MAC address, one per interface in order (default: "
         "random)"), FALSE },
    { "replace", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Replace a VM that has the clone's name"), FALSE },
    { "print-xml", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Print the clone's XML and do nothing else"), FALSE },
    { "check", NULL, 0, VIREO_CLI_SUBOPTS, FALSE, NULL, "check", apply_check, "CHECK",
      N_("Turn checks on or off, e.g. --check path_in_use=off"), FALSE },
    { "force", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("The same as --check all=off"), FALSE },
    { "prompt", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Accepted for virt-clone's sake; nothing is asked"), FALSE },
    { "quiet", NULL, 'q', VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Print only errors"), FALSE },
    { "debug", NULL, 'd', VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Print debugging messages"), FALSE },
    { "help", NULL, 'h', VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Show this help and exit"), FALSE },
    { "version", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Show the version and exit"), FALSE },
};

static const VireoCliGrammar grammar = {
    option_table, G_N_ELEMENTS (option_table), positional
};

/* ------------------------------------------------------------ public API */

VireoCloneOptions *
vireo_clone_options_new (void)
{
    VireoCloneOptions *options = g_new0 (VireoCloneOptions, 1);

    options->files = g_ptr_array_new_with_free_func (g_free);
    options->force_copy = g_ptr_array_new_with_free_func (g_free);
    options->skip_copy = g_ptr_array_new_with_free_func (g_free);
    options->macs = g_ptr_array_new_with_free_func (g_free);
    options->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    return options;
}

void
vireo_clone_options_free (VireoCloneOptions *options)
{
    if (options == NULL)
        return;
    g_free (options->connect);
    g_free (options->original);
    g_free (options->original_xml);
    g_free (options->name);
    g_free (options->uuid);
    g_free (options->nvram);
    g_ptr_array_unref (options->files);
    g_ptr_array_unref (options->force_copy);
    g_ptr_array_unref (options->skip_copy);
    g_ptr_array_unref (options->macs);
    g_hash_table_unref (options->checks);
    g_free (options->listing);
    g_free (options);
}

VireoCloneOptions *
vireo_clone_options_parse (int                argc,
                           const char *const *argv,
                           GError           **error)
{
    g_autoptr(VireoCloneOptions) options = vireo_clone_options_new ();

    g_return_val_if_fail (argc >= 0, NULL);

    if (!vireo_cli_parse (&grammar, argc, argv, options, &options->listing, error))
        return NULL;
    return g_steal_pointer (&options);
}

gboolean
vireo_clone_options_check (VireoCloneOptions *options,
                           GError           **error)
{
    if (options->files->len == 0 && !options->auto_clone)
        return vireo_cli_error (error, _("Either --auto-clone or --file is required: say where "
                                         "the copies of the disks go, or let them be named "
                                         "after the clone."));
    if (options->original == NULL && options->original_xml == NULL)
        return vireo_cli_error (error, _("An original machine name is required: name the VM "
                                         "to clone with --original NAME (or give its XML with "
                                         "--original-xml FILE)."));
    if (options->original != NULL && options->original_xml != NULL)
        return vireo_cli_error (error, _("--original and --original-xml cannot be used "
                                         "together."));
    if (options->linked && (options->preserve_data || options->nonsparse || options->reflink))
        return vireo_cli_error (error, _("--linked makes overlays, which copy nothing: it "
                                         "cannot be used with --preserve-data, --nonsparse or "
                                         "--reflink."));
    return TRUE;
}

char *
vireo_clone_options_help (void)
{
    return vireo_cli_help (&grammar,
                           _("Usage: vireo-clone --original NAME [--name NEW | --auto-clone] "
                             "[--file PATH]... [options]\n\n"
                             "Copy a shut-off virtual machine with virt-clone's command line: "
                             "its definition with a new name, UUID and MAC addresses, its disk "
                             "images (sparse, sharing blocks where the filesystem can) and its "
                             "NVRAM variables.  Nothing inside the guest is changed.\n\n"));
}
