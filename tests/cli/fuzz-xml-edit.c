/* fuzz-xml-edit.c: fuzz target for vireo-xml's command line and the editor
 *
 * The input is a vireo-xml command line (words split on blanks): it is read
 * with the shared grammar, turned into edits, and the edits are applied to
 * tests/fixtures/editor/base-qemu.xml.  Whatever the input, nothing crashes,
 * every refusal is a VIREO_VMM_ERROR with a UTF-8 sentence, a refused edit
 * leaves the document as it was, and an accepted one leaves a <domain>
 * document that parses again.
 *
 * Built two ways from this one file:
 *  - with clang and -fsanitize=fuzzer: a libFuzzer target;
 *    run it as `fuzz-xml-edit -max_total_time=60 tests/fixtures/editor/fuzz`.
 *  - with -DVIREO_FUZZ_REPLAY: a program that feeds every file given on its
 *    command line (or in the directories given) to the same entry point, as
 *    a regression test over the corpus; good-* files must apply, bad-* files
 *    must be refused.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "vireo-domain-editor.h"
#include "vireo-vmm-error.h"
#include "vireo-xml-options.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *base_xml;

static void
load_base (void)
{
    const char *dir = g_getenv ("VIREO_SOURCE_ROOT");
    g_autofree char *path = g_build_filename (dir ? dir : ".", "tests", "fixtures", "editor",
                                              "base-qemu.xml", NULL);

    if (base_xml == NULL && !g_file_get_contents (path, &base_xml, NULL, NULL))
        g_error ("cannot read %s (set VIREO_SOURCE_ROOT)", path);
}

static void
check_error (const GError *error)
{
    g_assert (error != NULL);
    g_assert (error->domain == VIREO_VMM_ERROR);
    g_assert (g_utf8_validate (error->message, -1, NULL));
    g_assert (error->message[0] != '\0');
}

/* Returns whether every edit of the line applied. */
static gboolean
fuzz_one (const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup ((const char *) data, size);
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(VireoXmlOptions) options = NULL;
    g_autoptr(GPtrArray) edits = NULL;
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) words = NULL;
    gboolean all = TRUE;

    if (!g_utf8_validate (text, -1, NULL))
        return FALSE;
    load_base ();
    g_ptr_array_add (argv, g_strdup ("vireo-xml"));
    words = g_strsplit_set (text, " \t\n", -1);
    for (guint i = 0; words[i]; i++) {
        if (*words[i])
            g_ptr_array_add (argv, g_strdup (words[i]));
    }
    options = vireo_xml_options_parse ((int) argv->len, (const char * const *) argv->pdata,
                                       &error);
    if (options == NULL) {
        check_error (error);
        return FALSE;
    }
    if (options->listing || options->help || options->version)
        return TRUE;
    if (!vireo_xml_options_check (options, &error)) {
        check_error (error);
        return FALSE;
    }
    edits = vireo_xml_options_build_edits (options, &error);
    if (edits == NULL) {
        check_error (error);
        return FALSE;
    }
    editor = vireo_domain_editor_new (base_xml, &error);
    g_assert (editor != NULL);
    vireo_domain_editor_set_connection (editor, "qemu:///system", NULL, NULL);
    for (guint i = 0; i < edits->len; i++) {
        g_autofree char *before = vireo_domain_editor_dup_xml (editor);
        g_autofree char *after = NULL;

        if (!vireo_domain_editor_apply (editor, edits->pdata[i], &error)) {
            check_error (error);
            g_clear_error (&error);
            after = vireo_domain_editor_dup_xml (editor);
            g_assert (g_str_equal (before, after));
            all = FALSE;
        }
    }
    {
        g_autofree char *xml = vireo_domain_editor_dup_xml (editor);
        g_autofree char *diff = vireo_domain_editor_dup_diff (editor);
        g_autoptr(VireoDomainEditor) again = vireo_domain_editor_new (xml, &error);

        g_assert (again != NULL);
        g_assert (diff != NULL);
    }
    return all;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    fuzz_one (data, size);
    return 0;
}

#ifdef VIREO_FUZZ_REPLAY
static int
replay_file (const char *path)
{
    g_autofree char *contents = NULL;
    g_autofree char *base = g_path_get_basename (path);
    gsize len = 0;
    gboolean applied;

    if (!g_file_get_contents (path, &contents, &len, NULL)) {
        g_printerr ("cannot read %s\n", path);
        return 1;
    }
    applied = fuzz_one ((const uint8_t *) contents, len);
    if (g_str_has_prefix (base, "good-") && !applied) {
        g_printerr ("%s: expected to apply\n", path);
        return 1;
    }
    if (g_str_has_prefix (base, "bad-") && applied) {
        g_printerr ("%s: expected a refusal\n", path);
        return 1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    int failed = 0, count = 0;

    for (int i = 1; i < argc; i++) {
        if (g_file_test (argv[i], G_FILE_TEST_IS_DIR)) {
            g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
            const char *name;

            while (dir && (name = g_dir_read_name (dir)) != NULL) {
                g_autofree char *path = g_build_filename (argv[i], name, NULL);
                failed += replay_file (path);
                count++;
            }
        } else {
            failed += replay_file (argv[i]);
            count++;
        }
    }
    g_print ("%d inputs replayed, %d failed\n", count, failed);
    return count > 0 && failed == 0 ? 0 : 1;
}
#endif
