/* vireo-domain-snapshot-private.h: what the parts of the snapshot calls share
 *
 * vireo-domain-snapshot.c reads snapshots (their XML, the tree, whether
 * each can be reverted to) and what a VM can have; vireo-domain-snapshot-ops.c
 * makes, changes, reverts and deletes them.  Both run their libvirt calls in
 * worker threads on handles taken on the owner's context.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection-private.h"
#include "vireo-domain-snapshot.h"

G_BEGIN_DECLS

/* One <disk> of a <domainsnapshot>. */
typedef struct {
    char *target;
    char *mode;         /* "internal", "external", "no" */
    char *file;         /* external: the overlay made */
} VireoSnapDisk;

/* A <domainsnapshot>, read. */
typedef struct {
    char      *name;
    char      *description;
    char      *parent;
    char      *state;
    gint64     creation_time;
    char      *memory_mode;     /* "internal", "external", "no" */
    char      *memory_file;
    GPtrArray *disks;           /* VireoSnapDisk* */
    GHashTable *then;           /* target -> the image the VM used then */
    GHashTable *formats;        /* target -> its format then */
    char      *domain_xml;      /* the VM's definition then */
    gboolean   current;
} VireoSnapParsed;

VireoSnapParsed *_vireo_snap_parse      (const char *xml,
                                         GError    **error);
void             _vireo_snap_parsed_free (VireoSnapParsed *parsed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoSnapParsed, _vireo_snap_parsed_free)
gboolean         _vireo_snap_is_external (VireoSnapParsed *parsed);

/* Every snapshot of @dom, read (VireoSnapParsed*); NULL with libvirt's error. */
GPtrArray       *_vireo_snap_read_all   (virDomainPtr dom,
                                         const char  *name,
                                         GError     **error);

/* Where each snapshot's state is now, from the images themselves (libvirt's
 * copy of the definition may name the VM's first image): an external
 * snapshot's is the image under the overlay it made; an internal one's the
 * image of the disk's chain (from @current down) that keeps it.  Sets
 * then and formats of every snapshot of @all. */
void             _vireo_snap_resolve_images (GPtrArray  *all,
                                             GHashTable *current);
/* @parsed's definition with each disk on the image its state is in. */
char            *_vireo_snap_dup_domain_then (VireoSnapParsed *parsed,
                                              GError         **error);

/* The images other VMs of @conn use (their disks and the backing files
 * under them): path -> the VM's name.  @self: @dom's UUID, left out. */
GHashTable      *_vireo_snap_foreign_images (virConnectPtr conn,
                                             const char   *self_uuid);
/* target -> image of @dom now (its live definition when it runs). */
GHashTable      *_vireo_snap_current_images (virDomainPtr dom);

/* Fills @snapshot's can_revert and revert_problem. */
void             _vireo_snap_judge_revert   (VireoSnapshot   *snapshot,
                                             VireoSnapParsed *parsed,
                                             GPtrArray       *all,
                                             GHashTable      *current,
                                             GHashTable      *foreign,
                                             unsigned long    libvirt_version);

VireoSnapshot   *_vireo_snap_to_public      (VireoSnapParsed *parsed,
                                             const char      *folder);

/* The folder for @uuid's screenshots on the connection @uri (@embed_root:
 * the embedded connection's root, else NULL); not made. */
char            *_vireo_snap_folder         (const char *uri,
                                             const char *embed_root,
                                             const char *uuid);
/* The screenshot file of @name in @folder, with @extension (".png"). */
char            *_vireo_snap_thumbnail_path (const char *folder,
                                             const char *name,
                                             const char *extension);
/* The screenshot of @name in @folder if there is one. */
char            *_vireo_snap_find_thumbnail (const char *folder,
                                             const char *name);

G_END_DECLS
