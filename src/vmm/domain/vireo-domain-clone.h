/* vireo-domain-clone.h: a copy of a VM, as virt-clone makes it
 *
 * A VireoDomainClone is a plan first: the original's definition (a shut-off
 * VM of a connection, or its XML), what happens to each of its disks (copied
 * to a new image, a linked qcow2 overlay on the original's image, shared as
 * it is, or an image that is there already used as it is), the new name,
 * UUID, MAC addresses and NVRAM file.  It is made with the facts of the
 * connection read once (names and MACs in use, which images exist), so that
 * changing the plan and vireo_domain_clone_prepare() never call libvirt:
 * the dialog and vireo-clone ask the same questions and get the same XML,
 * which is virt-clone's (a new UUID, new MACs, disk names from the clone's
 * name, shared and read-only disks kept, the title dropped, display ports
 * made automatic).
 *
 * vireo_domain_clone_run() then does it: images copied (sparse, blocks
 * shared with the original where the filesystem can), overlays made, the
 * NVRAM file copied, and the clone defined last, so that nobody starts a
 * half-copied VM.  Cancelling or a failure removes every file made and
 * defines nothing.  A linked clone marks the original's image read-only in
 * the original's definition and on disk: the clones read it, nobody writes
 * it, and Vireo's delete keeps it while clones use it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-progress.h"
#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_CLONE (vireo_domain_clone_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomainClone, vireo_domain_clone, VIREO, DOMAIN_CLONE, GObject)

typedef enum {
    VIREO_CLONE_DISK_COPY,      /* the image copied to a new file */
    VIREO_CLONE_DISK_LINK,      /* a new qcow2 overlay backed by the original's image */
    VIREO_CLONE_DISK_SHARE,     /* the clone uses the original's disk as it is */
    VIREO_CLONE_DISK_PRESERVE,  /* the new path holds an image already: used, not written */
} VireoCloneDiskAction;

/* The facts read from @domain (which must be shut off, as virt-clone asks)
 * and its connection; the plan starts as virt-clone's defaults: a name
 * "NAME-clone", the disks that can be copied copied, the others shared. */
VireoDomainClone *vireo_domain_clone_new_for_domain        (VireoDomain        *domain,
                                                            GCancellable       *cancellable,
                                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_domain_clone_new_for_domain_async  (VireoDomain        *domain,
                                                            GCancellable       *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer            user_data);
VireoDomainClone *vireo_domain_clone_new_for_domain_finish (VireoDomain   *domain,
                                                            GAsyncResult  *result,
                                                            GError       **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* The same from a definition (virt-clone --original-xml), cloned on
 * @connection (open). */
VireoDomainClone *vireo_domain_clone_new_for_xml           (VireoConnection    *connection,
                                                            const char         *xml,
                                                            GCancellable       *cancellable,
                                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_domain_clone_new_for_xml_async     (VireoConnection    *connection,
                                                            const char         *xml,
                                                            GCancellable       *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer            user_data);
VireoDomainClone *vireo_domain_clone_new_for_xml_finish    (VireoConnection    *connection,
                                                            GAsyncResult       *result,
                                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The original's name. */
const char *vireo_domain_clone_get_original_name (VireoDomainClone *self);

/* The new VM.  A name taken on the connection is refused by prepare()
 * unless @replace is set, in which case run() deletes that VM first (its
 * definition, not its disks, as virt-clone). */
void        vireo_domain_clone_set_name      (VireoDomainClone *self,
                                              const char       *name);
const char *vireo_domain_clone_get_name      (VireoDomainClone *self);
void        vireo_domain_clone_set_replace   (VireoDomainClone *self,
                                              gboolean          replace);
/* NULL: a new random one (the default). */
void        vireo_domain_clone_set_uuid      (VireoDomainClone *self,
                                              const char       *uuid);
/* The interfaces' MAC addresses in order (NULL-ended; fewer than there are
 * interfaces: the others get random ones).  FALSE with a sentence when one
 * is not a MAC address. */
gboolean    vireo_domain_clone_set_macs      (VireoDomainClone  *self,
                                              const char *const *macs,
                                              GError           **error);
/* Where the NVRAM copy goes (NULL: NAME_VARS.fd beside the original's). */
void        vireo_domain_clone_set_nvram_path (VireoDomainClone *self,
                                               const char       *path);
/* Copies with every byte allocated (virt-clone --nonsparse); default sparse. */
void        vireo_domain_clone_set_sparse    (VireoDomainClone *self,
                                              gboolean          sparse);
/* Copies must share the original's blocks (virt-clone --reflink); without
 * it they share them where the filesystem can and copy elsewhere. */
void        vireo_domain_clone_set_reflink   (VireoDomainClone *self,
                                              gboolean          reflink);
/* The checks virt-clone's --check names ("path_exists", "path_in_use",
 * "mac_in_use", "disk_size"); all on by default. */
void        vireo_domain_clone_set_check     (VireoDomainClone *self,
                                              const char       *check,
                                              gboolean          enabled);

/* The original's disks (every <disk>, CD-ROMs too), in order. */
guint                vireo_domain_clone_get_n_disks       (VireoDomainClone *self);
const char          *vireo_domain_clone_get_disk_target   (VireoDomainClone *self,
                                                           guint             index);
/* "disk", "cdrom", "floppy", "lun". */
const char          *vireo_domain_clone_get_disk_device   (VireoDomainClone *self,
                                                           guint             index);
/* The original's image, or NULL for an empty drive. */
const char          *vireo_domain_clone_get_disk_source   (VireoDomainClone *self,
                                                           guint             index);
VireoCloneDiskAction vireo_domain_clone_get_disk_action   (VireoDomainClone *self,
                                                           guint             index);
/* Why the disk is shared unless told otherwise ("Read-only", "Shareable",
 * "No image"), or NULL. */
const char          *vireo_domain_clone_get_disk_reason   (VireoDomainClone *self,
                                                           guint             index);
/* The bytes a copy of the disk reads (its data, not its size); 0 unknown. */
guint64              vireo_domain_clone_get_disk_size     (VireoDomainClone *self,
                                                           guint             index);
/* COPY and LINK need an image that exists; LINK a file Vireo can put an
 * overlay on; FALSE with a sentence otherwise. */
gboolean             vireo_domain_clone_set_disk_action   (VireoDomainClone    *self,
                                                           guint                index,
                                                           VireoCloneDiskAction action,
                                                           GError             **error);
/* The new image's path (NULL: made from the clone's name by prepare()). */
void                 vireo_domain_clone_set_disk_path     (VireoDomainClone *self,
                                                           guint             index,
                                                           const char       *path);
const char          *vireo_domain_clone_get_disk_path     (VireoDomainClone *self,
                                                           guint             index);
/* By target ("vda"): the index, or -1. */
int                  vireo_domain_clone_find_disk         (VireoDomainClone *self,
                                                           const char       *target);

/* Every disk that can be copied becomes a linked overlay (qcow2 and raw
 * files; the others are copied). */
void        vireo_domain_clone_set_linked    (VireoDomainClone *self,
                                              gboolean          linked);

/* Makes the plan whole without libvirt: the name checked, the new paths
 * chosen for disks without one (virt-clone's names: "NAME-clone.qcow2", or
 * the clone's name where the image was named after the original, then
 * "-1", "-2" on collisions), the paths checked (not the original's, not
 * existing unless PRESERVE, not in use by another VM), and the new XML
 * written with the domain editor.  FALSE with virt-clone's reason
 * otherwise.  May be called again after changes. */
gboolean    vireo_domain_clone_prepare       (VireoDomainClone *self,
                                              GError          **error);
/* The clone's XML, after prepare(). */
char       *vireo_domain_clone_dup_xml       (VireoDomainClone *self) G_GNUC_WARN_UNUSED_RESULT;
/* Warnings prepare() gave (checks turned off, ports made automatic). */
const char *const *vireo_domain_clone_get_warnings (VireoDomainClone *self);

/* Makes the clone (prepare() first): images, NVRAM, definition; @progress
 * (may be NULL) counts the bytes copied of all disks.  Cancelling stops the
 * copy; then, as after any failure, every file made is removed and nothing
 * is defined.  The new domain is on the connection's list when it returns
 * (the async form). */
gboolean    vireo_domain_clone_run           (VireoDomainClone   *self,
                                              VireoProgress      *progress,
                                              GCancellable       *cancellable,
                                              GError            **error);
void        vireo_domain_clone_run_async     (VireoDomainClone   *self,
                                              VireoProgress      *progress,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean    vireo_domain_clone_run_finish    (VireoDomainClone   *self,
                                              GAsyncResult       *result,
                                              GError            **error);

/* The clone's domain once run() is done (borrowed from the connection;
 * NULL before). */
VireoDomain *vireo_domain_clone_get_domain   (VireoDomainClone   *self);

/* The names a VM named @name is cloned to by default: "NAME-clone", then
 * "NAME-clone1", ...; "NAME-cloneN" gives "NAME-clone(N+1)".  @taken: the
 * names in use (NULL-ended). */
char       *vireo_domain_clone_generate_name (const char        *name,
                                              const char *const *taken) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
