/* vireo-cli-grammar.h: virt-install's command-line grammar, for every program
 *
 * One reader of argv for vireo-install and vireo-xml: each program gives a
 * table of its options (long names, aliases, a short name, whether a value
 * is taken, and for compound options the name of their sub-option table in
 * the core, vireo-domain-options.h) and a function that applies each one.
 * Long names may be shortened to any unambiguous prefix, as argparse lets
 * virt-install's be.  A compound value such as "/path,size=8,bus=virtio" is
 * split like virt-install splits it: on commas, with '...' and "..." quoting
 * and backslash escapes, leading bare values naming the option's first
 * sub-options, and values of some sub-options (cmdline=, cpuset=, ...)
 * running on over following commas.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vireo-domain-options.h"
#include "vireo-install-spec.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_CLI_FLAG,       /* --pxe */
    VIREO_CLI_VALUE,      /* --name NAME */
    VIREO_CLI_SUBOPTS,    /* --disk path=...,size=... */
} VireoCliKind;

typedef struct _VireoCliOption VireoCliOption;

/* Applies one option to @target.  @props holds a compound option's
 * sub-options in their canonical names (NULL for other kinds). */
typedef gboolean (*VireoCliApply) (gpointer              target,
                                   const VireoCliOption *option,
                                   const char           *value,
                                   VireoInstallProps    *props,
                                   GError              **error);

struct _VireoCliOption {
    const char    *name;         /* long name without dashes */
    const char    *aliases;      /* other long names, space-separated */
    char           short_name;
    VireoCliKind   kind;
    gboolean       optional;     /* the value may be left out */
    const char    *implicit;     /* the value when left out */
    const char    *suboptions;   /* the core's option table ("disk"), for SUBOPTS */
    VireoCliApply  apply;
    const char    *metavar;
    const char    *help;
    gboolean       raw;          /* SUBOPTS passed to apply unsplit (props NULL) */
};

typedef struct {
    const VireoCliOption *options;
    guint                 n_options;
    /* Arguments that are not options; NULL when there may be none. */
    gboolean            (*positional) (gpointer    target,
                                       const char *argument,
                                       GError    **error);
} VireoCliGrammar;

/* Reads @argv (argv[0] is the program name) into @target.  "--OPTION=?" or
 * "--OPTION help" of a compound option stops the reading and puts its
 * sub-option listing in *@listing. */
gboolean           vireo_cli_parse             (const VireoCliGrammar *grammar,
                                                int                    argc,
                                                const char *const     *argv,
                                                gpointer               target,
                                                char                 **listing,
                                                GError               **error);

/* Splits a compound value into key/value pairs the way virt-install does:
 * a GPtrArray of "key" and "value" strings, two entries per pair; a pair
 * without '=' has a NULL value. */
GPtrArray         *vireo_cli_split_suboptions  (const char *optstr,
                                                GError    **error) G_GNUC_WARN_UNUSED_RESULT;

/* Splits @value for @option into canonical key=value pairs: bare leading
 * values named, aliases resolved, "+feature"/"-feature" of --cpu made
 * force=/disable=, unknown names refused with the list of valid ones. */
VireoInstallProps *vireo_cli_parse_suboptions  (const VireoDomainOption *option,
                                                const char              *value,
                                                GError                 **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* "--disk options:\n  name\n  ..." for --disk=?; NULL when @name has no
 * sub-options in @grammar. */
char              *vireo_cli_describe          (const VireoCliGrammar *grammar,
                                                const char            *name)
    G_GNUC_WARN_UNUSED_RESULT;
/* The --help text: @usage, then each option with its help. */
char              *vireo_cli_help              (const VireoCliGrammar *grammar,
                                                const char            *usage)
    G_GNUC_WARN_UNUSED_RESULT;

/* Shared helpers for apply functions. */
gboolean           vireo_cli_error             (GError    **error,
                                                const char *format,
                                                ...) G_GNUC_PRINTF (2, 3);
/* An absolute form of a local file name (made against the current
 * directory, as virt-install does); URLs and absolute names unchanged. */
char              *vireo_cli_absolute_path     (const char *value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
