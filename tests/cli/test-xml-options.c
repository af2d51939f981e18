/* test-xml-options.c: virt-xml's command line as vireo-xml reads it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vireo-vmm-error.h"
#include "vireo-xml-options.h"

static VireoXmlOptions *
parse_line (const char *line, GError **error)
{
    g_auto(GStrv) words = NULL;
    g_autofree char *full = g_strconcat ("vireo-xml ", line, NULL);
    int argc = 0;

    g_assert_true (g_shell_parse_argv (full, &argc, &words, NULL));
    return vireo_xml_options_parse (argc, (const char * const *) words, error);
}

/* The edits a line gives, as "ACTION option [select] key=value ..." lines. */
static char *
describe (const char *line)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoXmlOptions) o = parse_line (line, &error);
    g_autoptr(GPtrArray) edits = NULL;
    GString *out = g_string_new (NULL);
    static const char * const actions[] = { "change", "add", "remove" };

    g_assert_no_error (error);
    g_assert_true (vireo_xml_options_check (o, &error));
    g_assert_no_error (error);
    edits = vireo_xml_options_build_edits (o, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < edits->len; i++) {
        VireoDomainEdit *e = edits->pdata[i];
        g_autofree char *sel = vireo_domain_edit_describe_select (e);

        g_string_append_printf (out, "%s%s %s [%s]", i ? "; " : "",
                                actions[vireo_domain_edit_get_action (e)],
                                vireo_domain_option_get_name (vireo_domain_edit_get_option (e)),
                                sel);
        for (guint k = 0; k < vireo_domain_edit_get_n_values (e); k++) {
            const char *v = vireo_domain_edit_get_value (e, k);
            g_string_append_printf (out, " %s%s%s", vireo_domain_edit_get_key (e, k),
                                    v ? "=" : "", v ? v : "");
        }
    }
    return g_string_free (out, FALSE);
}

static void
test_edits (void)
{
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *rel = g_build_filename (cwd, "img", "a.qcow2", NULL);
    g_autofree char *rel_want = g_strdup_printf ("change disk [target.dev=hda] path=%s", rel);
    static const struct { const char *line; const char *want; } cases[] = {
        { "vm --edit --disk cache=none", "change disk [1] driver.cache=none" },
        { "vm --edit 2 --disk cache=none,io=native",
          "change disk [2] driver.cache=none driver.io=native" },
        { "vm --edit -1 --network link_state=down", "change network [-1] link.state=down" },
        { "vm --edit all --disk readonly=on", "change disk [all] readonly=on" },
        { "vm --edit mac=52:54:00:11:22:33 --network model=e1000",
          "change network [mac.address=52:54:00:11:22:33] model.type=e1000" },
        { "vm --edit /var/x.img --disk serial=S", "change disk [path=/var/x.img] serial=S" },
        { "vm --remove-device --disk 2", "remove disk [2]" },
        { "vm --remove-device --sound all", "remove sound [all]" },
        { "vm --remove-device --network mac=52:54:00:11:22:33",
          "remove network [mac.address=52:54:00:11:22:33]" },
        { "vm --add-device --disk size=1,bus=virtio", "add disk [1] size=1 target.bus=virtio" },
        { "vm --add-device --disk size=1 --disk size=2",
          "add disk [1] size=1; add disk [1] size=2" },
        { "vm --edit --cpu Haswell,+vmx,-svm",
          "change cpu [1] model=Haswell force=vmx disable=svm" },
        { "vm --edit --boot cdrom,hd,uefi,menu=on",
          "change boot [1] cdrom hd uefi bootmenu.enable=on" },
        { "vm --edit --memory 512", "change memory [1] memory=512" },
        { "vm --edit --vcpus 2,maxvcpus=4", "change vcpus [1] vcpu=2 maxvcpus=4" },
        { "vm --edit --xml ./title=Hello", "change xml [1] xpath.set=./title=Hello" },
        { "vm --edit --xml xpath.delete=./devices/sound",
          "change xml [1] xpath.delete=./devices/sound" },
        { "vm --edit --metadata \"title=a, b\"", "change metadata [1] title=a, b" },
        { "vm --edit --host-device driver_name=vfio", "change hostdev [1] driver.name=vfio" },
        { "vm --add-device --sound none", "" },
        { "vm --ed --vcp 2", "change vcpus [1] vcpu=2" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = describe (cases[i].line);

        g_test_message ("%s", cases[i].line);
        g_assert_cmpstr (got, ==, cases[i].want);
    }
    {
        /* Relative paths are made absolute here, against this directory. */
        g_autofree char *got = describe ("vm --edit target=hda --disk img/a.qcow2");
        g_assert_cmpstr (got, ==, rel_want);
    }
}

static void
test_flags (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoXmlOptions) o = parse_line ("-c test:///default vm --edit --disk cache=none "
                                               "--update --no-define --print-diff --confirm -q",
                                               &error);

    g_assert_no_error (error);
    g_assert_cmpstr (o->connect, ==, "test:///default");
    g_assert_cmpstr (o->domain, ==, "vm");
    g_assert_true (o->update);
    g_assert_cmpint (o->define, ==, 0);
    g_assert_true (o->print_diff);
    g_assert_true (o->confirm);
    g_assert_true (o->quiet);
    g_clear_pointer (&o, vireo_xml_options_free);

    o = parse_line ("--disk=?", &error);
    g_assert_no_error (error);
    g_assert_nonnull (o->listing);
    g_assert_true (g_str_has_prefix (o->listing, "--disk options:\n"));
    g_assert_nonnull (strstr (o->listing, "\n  driver.cache\n"));
    g_assert_nonnull (strstr (o->listing, "\n  clearxml\n"));
}

static void
test_malformed (void)
{
    static const struct { const char *line; const char *needle; gboolean at_check; } cases[] = {
        { "vm --disk cache=none", "Say what to do", TRUE },
        { "vm --edit", "No change given", TRUE },
        { "vm --edit --add-device --disk cache=none", "--edit and --add-device", TRUE },
        { "vm --edit --disk cache=none --network model=x", "--disk and --network", TRUE },
        { "vm --add-device --xml ./title=x", "--xml can only be used with --edit", TRUE },
        { "vm --add-device --memory 512", "not a device", TRUE },
        { "vm --edit --cpu host-model --update", "--update cannot change --cpu", TRUE },
        { "vm --edit --disk cache=none --update --start", "--update and --start", TRUE },
        { "vm --edit --disk cache=none --os-variant debian11", "only applies to --add-device",
          TRUE },
        { "vm --remove-device --disk \"\"", "needs the devices to remove", TRUE },
        { "vm --edit --disk bogus=1", "Unknown --disk option “bogus”", FALSE },
        { "vm --edit --disk path=/x,cache", "had no value set", FALSE },
        { "vm --bogus", "Unknown option “--bogus”", FALSE },
        { "vm --edit --mem 512", "ambiguous", FALSE },
        { "vm other --edit --disk cache=none", "name one VM only", FALSE },
        { "vm --define --no-define --edit --disk cache=none", "cannot be used together", FALSE },
        { "vm --edit 0 --disk cache=none", "--edit 0", FALSE },
        { "vm --edit 2 --memory 100", "does not apply to --memory", FALSE },
        { "vm --edit --disk \"'open\"", "No closing quotation", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoXmlOptions) o = parse_line (cases[i].line, &error);
        g_autoptr(GPtrArray) edits = NULL;

        g_test_message ("%s", cases[i].line);
        if (o && vireo_xml_options_check (o, &error))
            edits = vireo_xml_options_build_edits (o, &error);
        g_assert_null (edits);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        if (strstr (error->message, cases[i].needle) == NULL)
            g_error ("“%s”: “%s” does not say “%s”", cases[i].line, error->message,
                     cases[i].needle);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/vireo/xml-options/edits", test_edits);
    g_test_add_func ("/vireo/xml-options/flags", test_flags);
    g_test_add_func ("/vireo/xml-options/malformed", test_malformed);
    return g_test_run ();
}
