/* vireo-xml-options.c: virt-xml's command line, read with the shared grammar
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-xml-options.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-cli-grammar.h"
#include "vireo-vmm-error.h"

typedef VireoCliOption OptDef;

/* ---------------------------------------------------------------- helpers */

static void
change_free (VireoXmlChange *change)
{
    g_free (change->value);
    g_free (change);
}

static gboolean
is_index (const char *value)
{
    const char *p = value;

    if (p == NULL || *p == '\0')
        return FALSE;
    if (*p == '-')
        p++;
    if (*p == '\0')
        return FALSE;
    for (; *p; p++) {
        if (!g_ascii_isdigit (*p))
            return FALSE;
    }
    return TRUE;
}

/* Keys whose values are local file names, made absolute here. */
static gboolean
is_path_key (const char *option, const char *key)
{
    static const char * const disk[] = { "path", "source.file", "source.dev", "source.dir",
                                         NULL };

    if (g_str_equal (option, "disk"))
        return g_strv_contains (disk, key);
    if (g_str_equal (option, "boot"))
        return g_str_equal (key, "kernel") || g_str_equal (key, "initrd") ||
               g_str_equal (key, "loader") || g_str_equal (key, "nvram");
    if (g_str_equal (option, "filesystem"))
        return g_str_equal (key, "source");
    return FALSE;
}

/* Applies a selection ("2", "-1", "all", or sub-options to match). */
static gboolean
select_devices (VireoDomainEdit *edit, const char *value, const char *verb, GError **error)
{
    g_autoptr(VireoInstallProps) props = NULL;
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);

    if (value == NULL)
        return TRUE;
    if (is_index (value)) {
        gint64 n = g_ascii_strtoll (value, NULL, 10);

        if (n == 0)
            return vireo_cli_error (error, _("“%s 0” names no device: devices are counted "
                                             "from 1, or from -1 for the last."), verb);
        vireo_domain_edit_select_index (edit, (int) CLAMP (n, G_MININT, G_MAXINT));
        return TRUE;
    }
    if (g_str_equal (value, "all")) {
        vireo_domain_edit_select_all (edit);
        return TRUE;
    }
    props = vireo_cli_parse_suboptions (option, value, error);
    if (props == NULL)
        return FALSE;
    for (guint i = 0; i < props->keys->len; i++) {
        const char *key = props->keys->pdata[i];
        const char *v = props->values->pdata[i];
        g_autofree char *abs = is_path_key (vireo_domain_option_get_name (option), key)
                               ? vireo_cli_absolute_path (v) : NULL;

        if (!vireo_domain_edit_add_match (edit, key, abs ? abs : v, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean
set_values (VireoDomainEdit *edit, const char *value, GError **error)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);
    const char *name = vireo_domain_option_get_name (option);
    g_autoptr(VireoInstallProps) props = NULL;

    /* --xml XPATH=VALUE is xpath.set=XPATH=VALUE. */
    if (g_str_equal (name, "xml") && value && !g_str_has_prefix (value, "xpath"))
        return vireo_domain_edit_set (edit, "xpath.set", value, error);
    props = vireo_cli_parse_suboptions (option, value, error);
    if (props == NULL)
        return FALSE;
    for (guint i = 0; i < props->keys->len; i++) {
        const char *key = props->keys->pdata[i];
        const char *v = props->values->pdata[i];
        g_autofree char *abs = v && *v && is_path_key (name, key) ? vireo_cli_absolute_path (v)
                                                                  : NULL;
        gboolean bare = v && *v == '\0' &&
                        (g_str_equal (name, "boot") || g_str_equal (name, "cpu"));

        if (!vireo_domain_edit_set (edit, key, bare ? NULL : abs ? abs : v, error))
            return FALSE;
    }
    return TRUE;
}

/* ---------------------------------------------------------------- apply */

static gboolean
apply_value (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
             GError **error)
{
    VireoXmlOptions *o = target;
    char **field = g_str_equal (d->name, "connect") ? &o->connect : &o->os_variant;

    g_free (*field);
    *field = g_strdup (v);
    return TRUE;
}

static gboolean
apply_edit (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
            GError **error)
{
    VireoXmlOptions *o = target;

    o->edit = TRUE;
    g_free (o->edit_value);
    o->edit_value = g_strdup (v);
    return TRUE;
}

static gboolean
apply_flag (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
            GError **error)
{
    VireoXmlOptions *o = target;
    const char *n = d->name;

    if (g_str_equal (n, "add-device"))
        o->add_device = TRUE;
    else if (g_str_equal (n, "remove-device"))
        o->remove_device = TRUE;
    else if (g_str_equal (n, "build-xml"))
        o->build_xml = TRUE;
    else if (g_str_equal (n, "update"))
        o->update = TRUE;
    else if (g_str_equal (n, "define") || g_str_equal (n, "no-define")) {
        int value = g_str_equal (n, "define");

        if (o->define >= 0 && o->define != value)
            return vireo_cli_error (error, _("--define and --no-define cannot be used "
                                             "together."));
        o->define = value;
    } else if (g_str_equal (n, "start"))
        o->start = TRUE;
    else if (g_str_equal (n, "print-diff"))
        o->print_diff = TRUE;
    else if (g_str_equal (n, "print-xml"))
        o->print_xml = TRUE;
    else if (g_str_equal (n, "confirm"))
        o->confirm = TRUE;
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
apply_change (gpointer target, const OptDef *d, const char *v, VireoInstallProps *p,
              GError **error)
{
    VireoXmlOptions *o = target;
    VireoXmlChange *change = g_new0 (VireoXmlChange, 1);

    change->option = vireo_domain_option_lookup (d->suboptions);
    change->value = g_strdup (v);
    g_ptr_array_add (o->changes, change);
    return TRUE;
}

static gboolean
positional (gpointer target, const char *argument, GError **error)
{
    VireoXmlOptions *o = target;

    if (o->domain)
        return vireo_cli_error (error, _("Unexpected argument “%s”: name one VM only (“%s” "
                                         "was given first)."), argument, o->domain);
    o->domain = g_strdup (argument);
    return TRUE;
}

/* ------------------------------------------------------------ the table */

#define CHANGE(name, aliases, short_name, metavar, help)                                   \
    { name, aliases, short_name, VIREO_CLI_SUBOPTS, FALSE, NULL, name, apply_change,       \
      metavar, help, TRUE }

static const OptDef option_table[] = {
    { "connect", NULL, 'c', VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "URI",
      N_("Connect to the hypervisor at URI"), FALSE },
    { "edit", NULL, 0, VIREO_CLI_VALUE, TRUE, NULL, NULL, apply_edit, "[N|-1|all|MATCH]",
      N_("Change the first device, device N, the last (-1), all, or those matching "
         "sub-options; or a part of the VM such as --memory"), FALSE },
    { "add-device", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Add the device described"), FALSE },
    { "remove-device", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Remove the devices chosen, e.g. --remove-device --disk 2"), FALSE },
    { "build-xml", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Print the XML of the device described; the VM is optional"), FALSE },
    { "update", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Change the running VM too (hotplug, hot-unplug, device update)"), FALSE },
    { "define", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Save the changed definition even with a --print option"), FALSE },
    { "no-define", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Do not save the changed definition"), FALSE },
    { "start", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Start the VM afterwards"), FALSE },
    { "print-diff", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Print the change as a unified diff of the XML"), FALSE },
    { "print-xml", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Print the changed XML"), FALSE },
    { "confirm", NULL, 0, VIREO_CLI_FLAG, FALSE, NULL, NULL, apply_flag, NULL,
      N_("Ask before saving anything"), FALSE },
    { "osinfo", "os-variant", 0, VIREO_CLI_VALUE, FALSE, NULL, NULL, apply_value, "OSNAME",
      N_("The guest OS, for the defaults of a device added"), FALSE },
    CHANGE ("disk", NULL, 0, "DISK", N_("A disk, e.g. --disk cache=none or --disk /x.img,size=8")),
    CHANGE ("network", NULL, 'w', "NETWORK", N_("A network interface, e.g. --network "
                                                "link.state=down")),
    CHANGE ("graphics", NULL, 0, "GRAPHICS", N_("A display, e.g. --graphics password=x")),
    CHANGE ("metadata", NULL, 0, "METADATA", N_("Name, title, description, UUID")),
    CHANGE ("memory", NULL, 0, "MEMORY", N_("Memory in MiB, e.g. --memory 2048")),
    CHANGE ("vcpus", NULL, 0, "VCPUS", N_("vCPUs and topology, e.g. --vcpus 2,maxvcpus=4")),
    CHANGE ("cpu", NULL, 0, "CPU", N_("CPU model and features, e.g. --cpu host-passthrough")),
    CHANGE ("xml", NULL, 0, "XPATH", N_("An XPath edit, e.g. --xml ./title=Hello")),
    CHANGE ("numatune", NULL, 0, "NUMATUNE", N_("NUMA memory policy")),
    CHANGE ("memtune", NULL, 0, "MEMTUNE", N_("Memory tuning")),
    CHANGE ("blkiotune", NULL, 0, "BLKIOTUNE", N_("Block I/O tuning")),
    CHANGE ("memorybacking", NULL, 0, "MEMORYBACKING", N_("How guest memory is backed")),
    CHANGE ("features", NULL, 0, "FEATURES", N_("Hypervisor features, e.g. --features "
                                                "acpi=off")),
    CHANGE ("clock", NULL, 0, "CLOCK", N_("Clock, e.g. --clock offset=localtime")),
    CHANGE ("pm", NULL, 0, "PM", N_("Power management, e.g. --pm suspend_to_mem.enabled=on")),
    CHANGE ("events", NULL, 0, "EVENTS", N_("What poweroff, reboot and crash do")),
    CHANGE ("boot", NULL, 0, "BOOT", N_("Boot order, menu, firmware, kernel")),
    CHANGE ("controller", NULL, 0, "CONTROLLER", N_("A controller")),
    CHANGE ("input", NULL, 0, "INPUT", N_("An input device")),
    CHANGE ("serial", NULL, 0, "SERIAL", N_("A serial port")),
    CHANGE ("parallel", NULL, 0, "PARALLEL", N_("A parallel port")),
    CHANGE ("channel", NULL, 0, "CHANNEL", N_("A guest channel")),
    CHANGE ("console", NULL, 0, "CONSOLE", N_("A text console")),
    CHANGE ("hostdev", "host-device", 0, "HOSTDEV", N_("A host USB or PCI device")),
    CHANGE ("filesystem", NULL, 0, "FILESYSTEM", N_("A shared host directory")),
    CHANGE ("sound", NULL, 0, "SOUND", N_("A sound device")),
    CHANGE ("watchdog", NULL, 0, "WATCHDOG", N_("A watchdog")),
    CHANGE ("video", NULL, 0, "VIDEO", N_("A video device")),
    CHANGE ("smartcard", NULL, 0, "SMARTCARD", N_("A smartcard")),
    CHANGE ("redirdev", NULL, 0, "REDIRDEV", N_("A USB redirection channel")),
    CHANGE ("memballoon", NULL, 0, "MEMBALLOON", N_("The memory balloon")),
    CHANGE ("tpm", NULL, 0, "TPM", N_("A TPM")),
    CHANGE ("rng", NULL, 0, "RNG", N_("A random number generator")),
    CHANGE ("panic", NULL, 0, "PANIC", N_("A panic notifier")),
    CHANGE ("vsock", NULL, 0, "VSOCK", N_("A vsock socket")),
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

VireoXmlOptions *
vireo_xml_options_new (void)
{
    VireoXmlOptions *options = g_new0 (VireoXmlOptions, 1);

    options->define = -1;
    options->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
    return options;
}

void
vireo_xml_options_free (VireoXmlOptions *options)
{
    if (options == NULL)
        return;
    g_free (options->connect);
    g_free (options->domain);
    g_free (options->edit_value);
    g_free (options->os_variant);
    g_ptr_array_unref (options->changes);
    g_free (options->listing);
    g_free (options);
}

VireoXmlOptions *
vireo_xml_options_parse (int                argc,
                         const char *const *argv,
                         GError           **error)
{
    g_autoptr(VireoXmlOptions) options = vireo_xml_options_new ();

    g_return_val_if_fail (argc >= 0, NULL);

    if (!vireo_cli_parse (&grammar, argc, argv, options, &options->listing, error))
        return NULL;
    return g_steal_pointer (&options);
}

gboolean
vireo_xml_options_check (VireoXmlOptions *options,
                         GError         **error)
{
    static const char * const actions[] = {
        "--edit", "--add-device", "--remove-device", "--build-xml"
    };
    gboolean given[] = {
        options->edit, options->add_device, options->remove_device, options->build_xml
    };
    g_autoptr(GString) conflicting = g_string_new (NULL);
    const VireoDomainOption *kind = NULL;
    guint n = 0;

    for (guint i = 0; i < G_N_ELEMENTS (actions); i++) {
        if (!given[i])
            continue;
        g_string_append_printf (conflicting, "%s%s", n ? _(" and ") : "", actions[i]);
        n++;
    }
    if (n == 0)
        return vireo_cli_error (error, _("Say what to do: --edit, --add-device, --remove-device "
                                         "or --build-xml."));
    if (n > 1)
        return vireo_cli_error (error, _("Only one action at a time: %s cannot be used "
                                         "together."), conflicting->str);
    if (options->changes->len == 0)
        return vireo_cli_error (error, _("No change given: name what to change, such as --disk "
                                         "or --memory."));
    for (guint i = 0; i < options->changes->len; i++) {
        VireoXmlChange *c = options->changes->pdata[i];

        if (kind && kind != c->option)
            return vireo_cli_error (error, _("Only one kind of change at a time: --%s and --%s "
                                             "were both given."),
                                    vireo_domain_option_get_name (kind),
                                    vireo_domain_option_get_name (c->option));
        kind = c->option;
    }
    if (vireo_domain_option_get_kind (kind) == VIREO_DOMAIN_OPTION_XPATH && !options->edit)
        return vireo_cli_error (error, _("--xml can only be used with --edit."));
    if (vireo_domain_option_get_kind (kind) != VIREO_DOMAIN_OPTION_DEVICE &&
        !options->edit) {
        return vireo_cli_error (error, options->add_device
                                ? _("--add-device cannot be used with --%s: it is not a "
                                    "device.")
                                : options->remove_device
                                ? _("--remove-device cannot be used with --%s: it is not a "
                                    "device.")
                                : _("--build-xml cannot be used with --%s: it is not a "
                                    "device."),
                                vireo_domain_option_get_name (kind));
    }
    if (options->update) {
        const char *name = vireo_domain_option_get_name (kind);

        if (vireo_domain_option_get_kind (kind) != VIREO_DOMAIN_OPTION_DEVICE &&
            !g_str_equal (name, "memory") && !g_str_equal (name, "vcpus") &&
            !g_str_equal (name, "metadata"))
            return vireo_cli_error (error, _("--update cannot change --%s of a running VM: "
                                             "leave --update out, and the change takes "
                                             "effect at the next boot."), name);
        if (options->start)
            return vireo_cli_error (error, _("--update and --start cannot be used together."));
    }
    if (options->os_variant && !options->add_device)
        return vireo_cli_error (error, _("--os-variant (--osinfo) only applies to "
                                         "--add-device."));
    /* virt-install's forms name=OS, short-id=OS and id=URL name one OS too. */
    if (options->os_variant) {
        static const char * const prefixes[] = { "name=", "short-id=", "id=" };

        for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++) {
            if (g_str_has_prefix (options->os_variant, prefixes[i])) {
                char *os = g_strdup (options->os_variant + strlen (prefixes[i]));

                g_free (options->os_variant);
                options->os_variant = os;
                break;
            }
        }
    }
    if (options->remove_device) {
        for (guint i = 0; i < options->changes->len; i++) {
            VireoXmlChange *c = options->changes->pdata[i];

            if (c->value == NULL || *c->value == '\0')
                return vireo_cli_error (error, _("--remove-device --%s needs the devices to "
                                                 "remove: a position, all, or sub-options to "
                                                 "match."),
                                        vireo_domain_option_get_name (c->option));
        }
    }
    return TRUE;
}

GPtrArray *
vireo_xml_options_build_edits (VireoXmlOptions *options,
                               GError         **error)
{
    g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_domain_edit_unref);
    VireoDomainEditAction action = options->edit ? VIREO_DOMAIN_EDIT_CHANGE
                                   : options->remove_device ? VIREO_DOMAIN_EDIT_REMOVE
                                   : VIREO_DOMAIN_EDIT_ADD;

    /* --add-device --os-variant OS also names the OS in the VM's metadata,
     * as virt-xml does (set_os_variant) before it adds the device. */
    if (action == VIREO_DOMAIN_EDIT_ADD && options->os_variant &&
        !g_str_has_prefix (options->os_variant, "detect=") &&
        g_strcmp0 (options->os_variant, "none") != 0 &&
        g_strcmp0 (options->os_variant, "auto") != 0) {
        const char *os = options->os_variant;
        g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE,
                                                                 "metadata", error);

        if (edit == NULL)
            return NULL;
        if (!vireo_domain_edit_set (edit, strstr (os, "://") ? "os_full_id" : "os_name", os,
                                    error))
            return NULL;
        g_ptr_array_add (edits, g_steal_pointer (&edit));
    }

    for (guint i = 0; i < options->changes->len; i++) {
        VireoXmlChange *c = options->changes->pdata[i];
        const char *name = vireo_domain_option_get_name (c->option);
        g_autoptr(VireoDomainEdit) edit = NULL;

        /* "--sound none" and the like add no device, as with virt-xml. */
        if (action != VIREO_DOMAIN_EDIT_REMOVE && g_strcmp0 (c->value, "none") == 0 &&
            vireo_domain_option_none_is_noop (c->option))
            continue;
        edit = vireo_domain_edit_new (action, name, error);
        if (edit == NULL)
            return NULL;
        if (action == VIREO_DOMAIN_EDIT_REMOVE) {
            if (!select_devices (edit, c->value, "--remove-device", error))
                return NULL;
        } else {
            if (action == VIREO_DOMAIN_EDIT_CHANGE &&
                vireo_domain_option_get_kind (c->option) == VIREO_DOMAIN_OPTION_DEVICE &&
                !select_devices (edit, options->edit_value, "--edit", error))
                return NULL;
            if (action == VIREO_DOMAIN_EDIT_CHANGE &&
                vireo_domain_option_get_kind (c->option) != VIREO_DOMAIN_OPTION_DEVICE &&
                options->edit_value) {
                if (is_index (options->edit_value) && atoi (options->edit_value) == 1)
                    vireo_domain_edit_select_index (edit, 1);
                else if (!g_str_equal (options->edit_value, "all"))
                    return vireo_cli_error (error, _("“--edit %s” does not apply to --%s, "
                                                     "which is not a device: use --edit "
                                                     "alone."), options->edit_value, name),
                           NULL;
            }
            if (!set_values (edit, c->value, error))
                return NULL;
        }
        g_ptr_array_add (edits, g_steal_pointer (&edit));
    }
    return g_steal_pointer (&edits);
}

char *
vireo_xml_options_help (void)
{
    return vireo_cli_help (&grammar,
                           _("Usage: vireo-xml [DOMAIN] ACTION CHANGE [options]\n\n"
                             "Change a virtual machine's XML with virt-xml's command line: "
                             "ACTION is --edit, --add-device, --remove-device or --build-xml; "
                             "CHANGE an option such as --disk, --network or --memory, whose "
                             "sub-options are those of vireo-install (--OPTION=? lists them). "
                             "Without DOMAIN the XML is read from standard input.\n\n"));
}
