/* vireo-domain-migrate.h: a VM moved to another host's hypervisor by libvirt's migration
 *
 * Live (the VM runs on while its memory is copied) or not (paused while it
 * moves), direct (QEMU to QEMU, the client asking both hypervisors) or
 * tunnelled (through the libvirt daemons' own connection), with its disks
 * copied (all of them or those named: libvirt's selective disk copy over
 * NBD) or on storage both hosts share, at most so many MiB/s.  A shut-off
 * VM has its definition moved (offline migration); its disks stay where
 * they are (Move to... copies them).  A disk to copy that has no image on
 * the destination gets an empty one of its size first, through the
 * destination's storage.  While it runs the call reports the data left
 * from libvirt's job statistics; cancelling aborts the job, and the VM
 * goes on running on the source as it was.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-progress.h"
#include "vireo-vmm-types.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_MIGRATE_LIVE         = 1 << 0,  /* keep running while memory is copied */
    VIREO_MIGRATE_TUNNELLED    = 1 << 1,  /* through libvirt's connection, daemon to daemon */
    VIREO_MIGRATE_COPY_STORAGE = 1 << 2,  /* copy the disks (those of @disks, or all) */
    VIREO_MIGRATE_KEEP_SOURCE  = 1 << 3,  /* leave the definition on the source too */
    VIREO_MIGRATE_DISKS_THERE  = 1 << 4,  /* the disks not copied are on the destination
                                           * already (copied some other way), though not on
                                           * a filesystem libvirt knows to be shared */
} VireoMigrateFlags;

typedef struct {
    VireoMigrateFlags flags;
    GStrv             disks;       /* targets to copy ("vda"); NULL: every disk.  The
                                    * others must be on the destination already (shared
                                    * storage, or put there): libvirt is told so */
    guint64           bandwidth;   /* MiB/s; 0: no limit */
    char             *address;     /* where the destination listens for the data
                                    * ("tcp://192.0.2.1"); NULL: libvirt's choice */
} VireoMigrateOptions;

VireoMigrateOptions *vireo_migrate_options_new  (VireoMigrateFlags flags) G_GNUC_WARN_UNUSED_RESULT;
VireoMigrateOptions *vireo_migrate_options_copy (const VireoMigrateOptions *options)
    G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_migrate_options_free (VireoMigrateOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoMigrateOptions, vireo_migrate_options_free)

/* Migrates @domain to @destination (open, another hypervisor).  @progress
 * (may be NULL): bytes of the job done of its total, and a sentence with
 * the data left.  Cancelling aborts the job: G_IO_ERROR_CANCELLED and the
 * VM on the source as before.  The async form adds the VM to the
 * destination's list at once. */
gboolean  vireo_domain_migrate        (VireoDomain               *domain,
                                       VireoConnection           *destination,
                                       const VireoMigrateOptions *options,
                                       VireoProgress             *progress,
                                       GCancellable              *cancellable,
                                       GError                   **error);
void      vireo_domain_migrate_async  (VireoDomain               *domain,
                                       VireoConnection           *destination,
                                       const VireoMigrateOptions *options,
                                       VireoProgress             *progress,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data);
gboolean  vireo_domain_migrate_finish (VireoDomain               *domain,
                                       GAsyncResult              *result,
                                       GError                   **error);

G_END_DECLS
