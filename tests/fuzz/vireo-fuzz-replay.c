/* vireo-fuzz-replay.c: replays a fuzz target's corpus as a regression test
 *
 * Usage: fuzz-TARGET-replay DIR|FILE...  Each file is given to
 * vireo_fuzz_one(); good-* files must be accepted, bad-* files refused, and
 * nothing may crash (crash-* files are inputs that once did).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-fuzz.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
    return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
replay_file (const char *path,
             guint      *count)
{
    g_autofree char *contents = NULL;
    g_autofree char *base = g_path_get_basename (path);
    g_autoptr(GError) error = NULL;
    gsize length;
    gboolean accepted;

    if (!g_file_get_contents (path, &contents, &length, &error)) {
        g_printerr ("%s\n", error->message);
        return FALSE;
    }
    accepted = vireo_fuzz_one ((const uint8_t *) contents, length);
    (*count)++;
    if (g_str_has_prefix (base, "good-") && !accepted) {
        g_printerr ("%s: expected to be accepted, but it was refused\n", path);
        return FALSE;
    }
    if (g_str_has_prefix (base, "bad-") && accepted) {
        g_printerr ("%s: expected to be refused, but it was accepted\n", path);
        return FALSE;
    }
    g_print ("%s: %s\n", base, accepted ? "accepted" : "refused");
    return TRUE;
}

int
main (int    argc,
      char **argv)
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
