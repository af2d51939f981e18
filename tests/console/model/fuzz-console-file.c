/* fuzz-console-file.c: fuzz target for the .vv parser and the viewer URI parser
 *
 * Built two ways from this one file:
 *  - with clang and -fsanitize=fuzzer: a libFuzzer target (LLVMFuzzerTestOneInput);
 *    run it as `fuzz-console-file -max_total_time=60 tests/fixtures/vv`.
 *  - with -DVIREO_FUZZ_REPLAY (any compiler): a program that feeds every file of the
 *    directories or files given on its command line to the same entry point, as a
 *    regression test over the corpus.  In replay mode, files named good-*.vv must load
 *    and files named bad-*.vv must be refused.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "vireo-console-file.h"
#include "vireo-console-uri.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Loads data as a .vv file; short inputs are also tried as a URI.  Returns whether the
 * data loaded as a connection file. */
static gboolean
fuzz_one (const uint8_t *data, size_t size)
{
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    gboolean loaded;

    loaded = vireo_console_file_load_from_data (file, (const char *) data, size, &error);
    g_assert (loaded == (error == NULL));
    if (loaded) {
        g_autofree char *text = vireo_console_file_describe (file);
        const char *password = vireo_console_file_get_password (file);

        g_assert (text != NULL);
        g_assert (vireo_console_file_get_protocol (file) !=
                  VIREO_CONSOLE_PROTOCOL_NONE);
        /* Lines are key=value: each secret's line shows "(hidden)" and nothing else. */
        g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
        static const char *const secrets[] = {
            "password=", "ovirt.jsessionid=", "ovirt.sso-token=",
        };
        for (guint i = 0; lines[i] != NULL; i++) {
            for (guint j = 0; j < G_N_ELEMENTS (secrets); j++) {
                if (g_str_has_prefix (lines[i], secrets[j]))
                    g_assert (g_str_equal (lines[i] + strlen (secrets[j]), "(hidden)"));
            }
        }
        g_assert (password == NULL || strstr (text, "password=(hidden)\n") != NULL);
    } else {
        g_assert (error->domain == VIREO_CONSOLE_ERROR);
        g_assert (g_utf8_validate (error->message, -1, NULL));
    }

    if (size < 4096) {
        g_autofree char *uri = g_strndup ((const char *) data, size);
        g_autoptr(VireoConsoleFile) from_uri = NULL;
        g_autoptr(GError) uri_error = NULL;

        if (g_utf8_validate (uri, -1, NULL)) {
            from_uri = vireo_console_file_new_from_uri (uri, &uri_error);
            g_assert ((from_uri == NULL) == (uri_error != NULL));
        }
    }
    return loaded;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    fuzz_one (data, size);
    return 0;
}

#ifdef VIREO_FUZZ_REPLAY

static int
compare_paths (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
replay_file (const char *path, guint *count)
{
    g_autofree char *contents = NULL;
    g_autofree char *base = g_path_get_basename (path);
    g_autoptr(GError) error = NULL;
    gsize length;
    gboolean loaded;

    if (!g_file_get_contents (path, &contents, &length, &error)) {
        g_printerr ("%s\n", error->message);
        return FALSE;
    }
    loaded = fuzz_one ((const uint8_t *) contents, length);
    (*count)++;
    if (g_str_has_prefix (base, "good-") && !loaded) {
        g_printerr ("%s: expected to load, but it was refused\n", path);
        return FALSE;
    }
    if (g_str_has_prefix (base, "bad-") && loaded) {
        g_printerr ("%s: expected to be refused, but it loaded\n", path);
        return FALSE;
    }
    g_print ("%s: %s\n", base, loaded ? "loaded" : "refused");
    return TRUE;
}

int
main (int argc, char **argv)
{
    guint count = 0;
    gboolean ok = TRUE;

    for (int i = 1; i < argc; i++) {
        if (g_file_test (argv[i], G_FILE_TEST_IS_DIR)) {
            g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
            g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
            const char *name;

            if (dir == NULL) {
                g_printerr ("cannot open %s\n", argv[i]);
                return 1;
            }
            while ((name = g_dir_read_name (dir)) != NULL)
                g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
            g_ptr_array_sort (names, compare_paths);
            for (guint j = 0; j < names->len; j++)
                ok = replay_file (names->pdata[j], &count) && ok;
        } else {
            ok = replay_file (argv[i], &count) && ok;
        }
    }
    if (count == 0) {
        g_printerr ("no corpus files given\n");
        return 1;
    }
    g_print ("%u corpus files replayed\n", count);
    return ok ? 0 : 1;
}

#endif
