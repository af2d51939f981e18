/* vireo-clone-options.h: virt-clone's command line, read with the shared grammar
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    char      *connect;
    char      *original;        /* --original NAME */
    char      *original_xml;    /* --original-xml FILE */
    gboolean   auto_clone;
    char      *name;
    char      *uuid;
    gboolean   reflink;
    gboolean   linked;          /* Vireo's own: qcow2 overlays on the original's images */
    GPtrArray *files;           /* char*: --file, in order, made absolute */
    GPtrArray *force_copy;      /* char*: targets */
    GPtrArray *skip_copy;       /* char*: targets */
    gboolean   nonsparse;
    gboolean   preserve_data;
    char      *nvram;
    GPtrArray *macs;            /* char* */
    GHashTable *checks;         /* check name -> "on"/"off" */
    gboolean   replace;
    gboolean   print_xml;
    gboolean   quiet;
    gboolean   debug;
    gboolean   help;
    gboolean   version;
    char      *listing;         /* --check=? output; print it and exit 0 */
} VireoCloneOptions;

VireoCloneOptions *vireo_clone_options_new  (void) G_GNUC_WARN_UNUSED_RESULT;
void               vireo_clone_options_free (VireoCloneOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoCloneOptions, vireo_clone_options_free)

/* Reads @argv (argv[0] is the program name); bad syntax fails with a
 * sentence naming the option. */
VireoCloneOptions *vireo_clone_options_parse (int                argc,
                                              const char *const *argv,
                                              GError           **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* What virt-clone asks of the combination before it looks at the VM: an
 * original, and --auto-clone or --file; a name unless --auto-clone. */
gboolean           vireo_clone_options_check (VireoCloneOptions *options,
                                              GError           **error);

char              *vireo_clone_options_help  (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
