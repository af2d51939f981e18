/* vireo-domain-editor-private.h: what the split parts of VireoDomainEditor share
 *
 * vireo-domain-editor.c holds the object, applying edits and the XPath
 * edits; vireo-domain-editor-commit.c writes the result through libvirt.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libxml/tree.h>

#include "vireo-domain-editor.h"
#include "vireo-domain-options.h"

G_BEGIN_DECLS

struct _VireoDomainEditor {
    GObject parent_instance;

    /* owned */
    xmlDoc     *doc;
    char       *original_xml;
    char       *uri;
    xmlDoc     *caps;
    xmlDoc     *domcaps;
    OsinfoOs   *os;
    gboolean    os_looked_up;
    char       *pool_dir;
    GPtrArray  *device_changes;     /* VireoDomainDeviceChange* */
    GPtrArray  *new_volumes;        /* VireoDomainEditorVolume* */
    GPtrArray  *added;              /* char*: XML of the devices added */
    int         autostart;          /* -1 unchanged, else the new value */
    GPtrArray  *host_devices;       /* VireoHostDeviceInfo*: the host's, for host device
                                       names; NULL when unknown */
};

/* One sub-option of an edit, as the editor works on it. */
typedef struct {
    char *key;
    char *value;
    int   position;     /* in the option's table */
    guint order;        /* on the command line */
} Pair;

/* In vireo-domain-editor-xpath.c: the xpath[N].* pairs of @pairs, each
 * index one edit, evaluated from @start. */
gboolean _vireo_domain_editor_apply_xpath (xmlNode   *start,
                                           GPtrArray *pairs,
                                           GError   **error);

/* Parses domain XML the way the editor keeps it (no blank text nodes). */
xmlDoc *_vireo_domain_editor_parse     (const char *xml,
                                        GError    **error);
/* The document written as the editor writes it. */
char   *_vireo_domain_editor_serialize (xmlDoc *doc);

void    _vireo_domain_device_change_free (VireoDomainDeviceChange *change);
void    _vireo_domain_editor_volume_free (VireoDomainEditorVolume *volume);

G_END_DECLS
