/* vireo-domain-config-private.h: what the split parts of VireoDomainConfig share
 *
 * vireo-domain-config.c holds the object, the public API and the top-level
 * sections of the document (memory, CPUs, OS, features, clock);
 * vireo-domain-config-devices.c plans the disks and writes <devices>.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libxml/tree.h>

#include "vireo-domain-config.h"
#include "vireo-osinfo.h"

G_BEGIN_DECLS

#define PCIE_ROOT_PORTS 14

struct _VireoDomainConfig {
    GObject parent_instance;

    /* borrowed */
    const VireoInstallSpec *spec;

    /* owned */
    char       *uuid;           /* the same in both phases' documents */
    char       *uri;
    VireoDomainConfigDriver driver;
    gboolean    privileged;     /* qemu:///system */
    gboolean    remote;
    gboolean    embedded;
    xmlDoc     *caps;
    xmlDoc     *domcaps;
    char       *pool_dir;
    char       *default_network;
    OsinfoOs   *os;
    GHashTable *disk_formats;   /* path -> format */
    GPtrArray  *new_volumes;    /* VireoDomainConfigVolume* */
    GPtrArray  *install_disks;  /* char*: seeds and media of the install phase only */
    GPtrArray  *install_floppies;   /* VireoInstallDisk*: seed floppies, install phase only */
    char       *install_kernel; /* local copies of a --location's boot files */
    char       *install_initrd;
    char       *install_cmdline;

    /* resolved */
    char       *virt_type;
    char       *arch;
    char       *machine;
    char       *emulator;
    char       *host_arch;
    GPtrArray  *machines;       /* char* */
    gboolean    caps_pae;

    /* the first sub-option the option tables refused while building */
    GError     *apply_error;
};

/* Bus-independent facts of one disk in the XML. */
typedef struct {
    const char *type;
    char       *device;
    char       *bus;
    char       *target;
    char       *path;
    char       *format;
    gboolean    block;
    gboolean    readonly;
    gboolean    shareable;
    gboolean    discard_unmap;
    gboolean    install_media;
    gboolean    install_only;   /* left out of the lasting XML altogether */
    const VireoInstallDisk *disk;
} DiskPlan;

/* Small libxml2 shorthands. */
static inline xmlNode *
add (xmlNode *parent, const char *name)
{
    return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

static inline xmlNode *
add_text (xmlNode *parent, const char *name, const char *text)
{
    xmlNode *node = xmlNewChild (parent, NULL, BAD_CAST name, NULL);

    xmlNodeAddContent (node, BAD_CAST text);
    return node;
}

static inline void
set (xmlNode *node, const char *name, const char *value)
{
    if (value)
        xmlSetProp (node, BAD_CAST name, BAD_CAST value);
}

static inline void
set_int (xmlNode *node, const char *name, gint64 value)
{
    char buf[32];

    g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
    xmlSetProp (node, BAD_CAST name, BAD_CAST buf);
}

static inline gboolean
is_qemu (VireoDomainConfig *self)
{
    return self->driver == VIREO_DOMAIN_CONFIG_DRIVER_QEMU;
}

static inline gboolean
is_x86 (VireoDomainConfig *self)
{
    return g_strcmp0 (self->arch, "x86_64") == 0 || g_strcmp0 (self->arch, "i686") == 0;
}

static inline gboolean
is_q35 (VireoDomainConfig *self)
{
    return self->machine && (g_str_equal (self->machine, "q35") ||
                             g_str_has_prefix (self->machine, "pc-q35"));
}

static inline gboolean
os_supports (VireoDomainConfig *self, const char *what)
{
    return self->os && vireo_osinfo_supports (self->os, what);
}

/* virtio needs QEMU and an OS that has the driver. */
static inline gboolean
virtio_ok (VireoDomainConfig *self, const char *what)
{
    return is_qemu (self) && is_x86 (self) && os_supports (self, what);
}

/* In vireo-domain-config.c. */
/* Writes sub-options @props of option @option (vireo-domain-options.h) into
 * @node, the element made for it, with the same code vireo-xml edits with:
 * the sub-options the spec has no field for take effect, and the ones it
 * has write the same values again.  A refused value is kept in
 * self->apply_error (the first one) and fails build_xml. */
void       _vireo_domain_config_apply_props   (VireoDomainConfig *self,
                                               const char        *option,
                                               xmlNode           *node,
                                               VireoInstallProps *props);
gboolean   _vireo_domain_config_xpath_exists  (xmlDoc     *doc,
                                               const char *expr);

/* In vireo-domain-config-devices.c. */
gboolean   _vireo_domain_config_supports_spice (VireoDomainConfig *self);
/* The disks of the VM (DiskPlan*), install media included; fills
 * self->new_volumes. */
GPtrArray *_vireo_domain_config_plan_disks     (VireoDomainConfig *self,
                                                GError           **error);
gboolean   _vireo_domain_config_add_devices    (VireoDomainConfig      *self,
                                                xmlNode                *root,
                                                VireoDomainConfigPhase  phase,
                                                GPtrArray              *plans,
                                                gboolean                spice,
                                                gboolean                uefi);

G_END_DECLS
