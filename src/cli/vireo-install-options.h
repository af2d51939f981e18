/* vireo-install-options.h: virt-install's command-line grammar
 *
 * Options are read from argv by a table: each option has its aliases and,
 * for compound options, the sub-options it accepts.  A compound value such as
 * "/path,size=8,bus=virtio" is split like virt-install splits it: on commas,
 * with '...' and "..." quoting and backslash escapes, a leading bare value
 * naming the option's first sub-option, and values of some sub-options
 * (cmdline=, cpuset=, ...) running on over following commas.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vireo-install-spec.h"

G_BEGIN_DECLS

typedef struct {
    VireoInstallSpec *spec;
    char    *connect;
    gboolean print_xml;
    int      print_xml_step;    /* 0: all phases */
    gboolean dry_run;
    gboolean quiet;
    gboolean debug;
    gboolean help;
    gboolean version;
    gboolean osinfo_list;       /* --osinfo list */
    char    *listing;           /* --OPTION=? output; print it and exit 0 */
} VireoInstallOptions;

VireoInstallOptions *vireo_install_options_new  (void) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_options_free (VireoInstallOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallOptions, vireo_install_options_free)

/* Parses @argv (argv[0] is the program name).  On failure, the error is one
 * sentence naming the bad option or sub-option and listing the valid ones. */
VireoInstallOptions *vireo_install_options_parse (int          argc,
                                                  const char *const *argv,
                                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Splits a compound value into key/value pairs the way virt-install does:
 * a GPtrArray of "key" and "value" strings, two entries per pair; a pair
 * without '=' has a NULL value. */
GPtrArray           *vireo_install_split_suboptions (const char *optstr,
                                                     GError    **error) G_GNUC_WARN_UNUSED_RESULT;

/* The sub-option names of --@option (without dashes), one per line, as
 * printed for --@option=?; NULL when the option has none. */
char                *vireo_install_options_describe (const char *option) G_GNUC_WARN_UNUSED_RESULT;

/* The --help text. */
char                *vireo_install_options_help     (void) G_GNUC_WARN_UNUSED_RESULT;

/* Checks the combination: exactly one install method when one is needed,
 * memory and disks given (or an OS to take defaults from). */
gboolean             vireo_install_options_check    (VireoInstallOptions *options,
                                                     GError             **error);

G_END_DECLS
