/* vireo-clone-cli.h: vireo-clone's work, behind a tiny main()
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs vireo-clone with @argv; returns the process exit status (0 done,
 * 1 failed, 2 bad command line).  Messages go to stdout/stderr. */
int vireo_clone_cli_run (int argc, char **argv);

G_END_DECLS
