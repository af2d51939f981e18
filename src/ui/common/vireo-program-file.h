/* vireo-program-file.h: finding a file Vireo ships beside its programs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first existing @name (passing @test) in @override_dir (a directory from
 * the environment, may be NULL or empty), then next to the running executable
 * (the build tree), then in @installed_dir; NULL when there is none. */
char *vireo_program_file_find (const char *name,
                               const char *override_dir,
                               const char *installed_dir,
                               GFileTest   test) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
