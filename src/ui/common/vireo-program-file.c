/* vireo-program-file.c: finding a file Vireo ships beside its programs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-program-file.h"

static char *
candidate (const char *dir, const char *name, GFileTest test)
{
    char *path;

    if (dir == NULL || *dir == '\0')
        return NULL;
    path = g_build_filename (dir, name, NULL);
    if (g_file_test (path, test))
        return path;
    g_free (path);
    return NULL;
}

char *
vireo_program_file_find (const char *name,
                         const char *override_dir,
                         const char *installed_dir,
                         GFileTest   test)
{
    g_autofree char *exe = NULL;
    char *path;

    g_return_val_if_fail (name != NULL, NULL);

    path = candidate (override_dir, name, test);
    if (path != NULL)
        return path;
    exe = g_file_read_link ("/proc/self/exe", NULL);
    if (exe != NULL) {
        g_autofree char *dir = g_path_get_dirname (exe);

        path = candidate (dir, name, test);
        if (path != NULL)
            return path;
    }
    return candidate (installed_dir, name, test);
}
