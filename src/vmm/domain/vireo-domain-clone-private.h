/* vireo-domain-clone-private.h: what the parts of VireoDomainClone share
 *
 * vireo-domain-clone.c holds the object and the plan (prepare() writes the
 * XML without libvirt); vireo-domain-clone-host.c reads the connection's
 * facts and makes the clone there (files, volumes, definition).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-domain-clone.h"

G_BEGIN_DECLS

/* One <disk> of the original, what is known of its image, and the plan. */
typedef struct {
    /* from the original's XML */
    char    *target;
    char    *device;
    char    *type;          /* file, block, volume, network, dir */
    char    *source;        /* the image's path, or NULL */
    char    *format;        /* driver/@type, or NULL */
    char    *protocol;      /* a network disk's */
    char    *reason;        /* why shared by default, or NULL */
    /* facts */
    gboolean exists;        /* a file here or a volume of the connection */
    gboolean here;          /* a file this process can read */
    char    *pool;          /* the volume's pool, or NULL */
    guint64  size;          /* its data in bytes (0 unknown) */
    /* the plan */
    VireoCloneDiskAction action;
    char    *path;          /* the new path asked for, or NULL */
    char    *new_path;      /* the new path chosen by prepare() */
    gboolean overwrite;     /* an image is there, and the check is off: replaced */
} VireoCloneDisk;

/* A storage volume of the connection. */
typedef struct {
    char    *pool;
    guint64  allocation;
} VireoCloneVolume;

struct _VireoDomainClone {
    GObject parent_instance;

    /* owned */
    VireoConnection *connection;
    char            *uri;
    gboolean         files_here;      /* the connection's images are this computer's files */
    gboolean         stat_paths;      /* paths are looked for here too (as virt-clone does
                                       * for every local URI, the test driver's too) */
    gboolean         qemu;            /* MAC prefix 52:54:00, else 00:16:3e */
    char            *original_xml;
    char            *original_name;
    gboolean         original_defined;   /* the original is a VM of the connection */
    GPtrArray       *taken_names;     /* char*: every VM's name */
    GHashTable      *macs_in_use;     /* MAC (lower case) -> VM name */
    GHashTable      *paths_in_use;    /* image path -> "name, name" */
    GHashTable      *volumes;         /* path -> VireoCloneVolume* */
    GHashTable      *pool_paths;      /* pool name -> its folder */
    GPtrArray       *disks;           /* VireoCloneDisk* */
    char            *nvram_source;    /* the original's <nvram>, or NULL */
    gboolean         nvram_exists;
    gboolean         nvram_here;

    /* the plan */
    char            *name;
    char            *uuid;
    GStrv            macs;
    char            *nvram_path;
    gboolean         sparse;
    gboolean         reflink;
    gboolean         replace;
    gboolean         linked;
    GHashTable      *checks_off;      /* names of --check items turned off */
    gboolean         keep_original;   /* a linked clone leaves the original's images as they
                                       * are (a snapshot's, already read-only) */
    char            *internal_snapshot;  /* copies are of this internal snapshot's state */

    /* what prepare() made */
    gboolean         prepared;
    char            *xml;
    char            *new_nvram;       /* the clone's <nvram>, or NULL */
    gboolean         copy_nvram;
    GPtrArray       *warnings;        /* char*, NULL-ended */
    char             new_uuid[37];    /* the clone's, once made */
};

void     _vireo_clone_disk_free   (VireoCloneDisk *disk);
void     _vireo_clone_volume_free (VireoCloneVolume *volume);

/* Reads the original's disks and NVRAM from original_xml into @self (the
 * facts left for vireo-domain-clone-host.c). */
gboolean _vireo_domain_clone_read_original (VireoDomainClone *self,
                                            GError          **error);
/* TRUE when an image is certainly at @path: a volume of the connection, or
 * (local connections) a file. */
gboolean _vireo_domain_clone_path_exists   (VireoDomainClone *self,
                                            const char       *path);

/* For a new VM from a snapshot (vireo-domain-snapshot-ops.c): copies
 * read the state of the internal snapshot @name (NULL: the images as they
 * are); a linked clone leaves the original's images alone. */
void     _vireo_domain_clone_set_internal_snapshot (VireoDomainClone *self,
                                                    const char       *name);
void     _vireo_domain_clone_set_keep_original     (VireoDomainClone *self,
                                                    gboolean          keep);

G_END_DECLS
