/* vireo-xml-options.h: virt-xml's command line, read with the shared grammar
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vireo-domain-edit.h"

G_BEGIN_DECLS

/* One change option as given: --disk cache=none. */
typedef struct {
    const VireoDomainOption *option;
    char                    *value;
} VireoXmlChange;

typedef struct {
    char      *connect;
    char      *domain;          /* name, UUID or id; NULL: XML on stdin */
    gboolean   edit;            /* --edit, with ... */
    char      *edit_value;      /* ... its value: NULL, "2", "-1", "all", "target=hda" */
    gboolean   add_device;
    gboolean   remove_device;
    gboolean   build_xml;
    gboolean   update;
    int        define;          /* -1 unset, 0 --no-define, 1 --define */
    gboolean   start;
    gboolean   print_diff;
    gboolean   print_xml;
    gboolean   confirm;
    char      *os_variant;
    GPtrArray *changes;         /* VireoXmlChange*, in the order given */
    gboolean   quiet;
    gboolean   debug;
    gboolean   help;
    gboolean   version;
    char      *listing;         /* --OPTION=? output; print it and exit 0 */
} VireoXmlOptions;

VireoXmlOptions *vireo_xml_options_new  (void) G_GNUC_WARN_UNUSED_RESULT;
void             vireo_xml_options_free (VireoXmlOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoXmlOptions, vireo_xml_options_free)

/* Reads @argv (argv[0] is the program name); bad syntax fails with a
 * sentence naming the option. */
VireoXmlOptions *vireo_xml_options_parse (int                argc,
                                          const char *const *argv,
                                          GError           **error) G_GNUC_WARN_UNUSED_RESULT;

/* Checks the combination as virt-xml does: one action, one kind of change,
 * --update only for what can change live, --os-variant only with
 * --add-device. */
gboolean         vireo_xml_options_check (VireoXmlOptions *options,
                                          GError         **error);

/* The edits the options ask for, in order (VireoDomainEdit*); relative
 * disk paths made absolute here, against this process's directory. */
GPtrArray       *vireo_xml_options_build_edits (VireoXmlOptions *options,
                                                GError         **error) G_GNUC_WARN_UNUSED_RESULT;

char            *vireo_xml_options_help (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
