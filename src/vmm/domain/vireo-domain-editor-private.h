/* vireo-domain-editor-private.h: what the split parts of VireoDomainEditor share
 *
 * vireo-domain-editor.c holds the object and applies edits,
 * vireo-domain-editor-xpath.c the XPath edits; vireo-domain-editor-open.c
 * reads a domain and what its edits need from the connection, and
 * vireo-domain-editor-commit.c writes the result through libvirt.
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
    GHashTable *used_macs;          /* the MACs of every domain of the connection (lower
                                       case); NULL when unknown */
    GHashTable *pools;              /* pool name → GHashTable (volume name →
                                       VireoStorageVolumeInfo*): the connection's storage
                                       volumes, for --disk vol=; NULL when unknown */
    guint32     seed;               /* of rand, for repeating the edits elsewhere */
    GRand      *rand;               /* the random choices (MACs) */

    /* The running guest, when the domain was read running: its XML (the
     * base of the changes made live, as virt-xml --update edits it), the
     * device changes made to it, and why an edit could not be made to it. */
    xmlDoc     *live_doc;
    char       *live_original;
    GPtrArray  *live_changes;       /* VireoDomainDeviceChange* */
    GError     *live_error;
    char       *applied_live;       /* the last commit's sentence of what the running VM
                                       took, or NULL */
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

/* The running guest's XML (read with the persistent one): edits are applied
 * to it too, so that the live changes start from what the guest has. */
void    _vireo_domain_editor_set_live_xml (VireoDomainEditor *self,
                                           const char        *xml);

void    _vireo_domain_device_change_free (VireoDomainDeviceChange *change);
void    _vireo_domain_editor_volume_free (VireoDomainEditorVolume *volume);

G_END_DECLS
