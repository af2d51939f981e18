/* vireo-domain-snapshot.h: a VM's snapshots: make, list, describe, revert, delete
 *
 * A snapshot is internal (kept inside the VM's qcow2 images, with its
 * memory when it runs) where every disk is qcow2 and the firmware allows it
 * (no UEFI variables in a pflash file, which qcow2 cannot keep), else
 * external: a new overlay file per disk, which the VM writes from then on,
 * and for a running VM its memory in a file beside them.  Where both are
 * possible the caller chooses.  A running VM is snapshotted without being
 * stopped, and a screenshot of it is kept with the snapshot, in Vireo's
 * folder beside libvirt's metadata (ROOT/vireo/snapshots for the embedded
 * connection, the user's data folder otherwise).
 *
 * Nothing here loses data: reverting refuses to write into an image that
 * later snapshots or other VMs build on, and where libvirt cannot revert
 * (an external snapshot, on libvirt before 9.9) it says so, and
 * vireo_domain_new_from_snapshot() makes a new VM of the snapshot's disks
 * instead.  Deleting an internal snapshot removes it from the images;
 * deleting an external one merges its overlay into the image below (libvirt's
 * block commit) when no other snapshot, VM or clone uses either, and
 * otherwise leaves its files as they are: the notice says which.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-progress.h"
#include "vireo-vmm-types.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_SNAPSHOT_INTERNAL,    /* inside the qcow2 images */
    VIREO_SNAPSHOT_EXTERNAL,    /* overlay files (and a memory file) */
} VireoSnapshotKind;

typedef struct {
    char             *name;
    char             *description;   /* "" when none */
    char             *parent;        /* NULL: a root of the tree */
    gint64            creation_time; /* seconds since the epoch */
    char             *state;         /* the VM's then: "running", "paused", "shutoff",
                                      * "disk-snapshot" (disks only, of a running VM) */
    VireoSnapshotKind kind;
    gboolean          memory;        /* keeps the VM's memory: reverting resumes it */
    gboolean          current;
    char             *thumbnail;     /* the screenshot's file, or NULL */
    GStrv             files;         /* external: the overlay files it made, per disk */
    /* Whether revert can go back to it now, and if not, why (a sentence
     * that names what to do instead). */
    gboolean          can_revert;
    char             *revert_problem;
} VireoSnapshot;

#define VIREO_TYPE_SNAPSHOT (vireo_snapshot_get_type ())
GType          vireo_snapshot_get_type (void) G_GNUC_CONST;
VireoSnapshot *vireo_snapshot_copy     (const VireoSnapshot *snapshot) G_GNUC_WARN_UNUSED_RESULT;
void           vireo_snapshot_free     (VireoSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoSnapshot, vireo_snapshot_free)

/* What kinds of snapshot the VM can have now. */
typedef struct {
    gboolean          internal;
    char             *internal_problem;  /* why not, or NULL */
    gboolean          external;
    char             *external_problem;
    gboolean          memory;            /* it runs: its memory can be kept */
    VireoSnapshotKind preferred;         /* internal where it can be */
} VireoSnapshotSupport;

void vireo_snapshot_support_free (VireoSnapshotSupport *support);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoSnapshotSupport, vireo_snapshot_support_free)

/* From the VM's XML alone (pure); @running: whether it runs or is paused. */
VireoSnapshotSupport *vireo_snapshot_support_for_xml (const char *xml,
                                                      gboolean    running)
    G_GNUC_WARN_UNUSED_RESULT;

/* The folder Vireo keeps @domain's snapshot screenshots in (made when
 * needed); removed with the VM by vireo_domain_delete(). */
char *vireo_domain_dup_snapshot_folder (VireoDomain *domain) G_GNUC_WARN_UNUSED_RESULT;

/* The snapshots (VireoSnapshot*), parents before their children, each level
 * oldest first. */
GPtrArray            *vireo_domain_list_snapshots          (VireoDomain        *domain,
                                                            GCancellable       *cancellable,
                                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void                  vireo_domain_list_snapshots_async    (VireoDomain        *domain,
                                                            GCancellable       *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer            user_data);
GPtrArray            *vireo_domain_list_snapshots_finish   (VireoDomain        *domain,
                                                            GAsyncResult       *result,
                                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

VireoSnapshotSupport *vireo_domain_query_snapshot_support        (VireoDomain   *domain,
                                                                  GCancellable  *cancellable,
                                                                  GError       **error)
    G_GNUC_WARN_UNUSED_RESULT;
void                  vireo_domain_query_snapshot_support_async  (VireoDomain        *domain,
                                                                  GCancellable       *cancellable,
                                                                  GAsyncReadyCallback callback,
                                                                  gpointer            user_data);
VireoSnapshotSupport *vireo_domain_query_snapshot_support_finish (VireoDomain   *domain,
                                                                  GAsyncResult  *result,
                                                                  GError       **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* Makes the snapshot @name (refused when taken) of @kind; @memory keeps a
 * running VM's memory (an internal snapshot of a running VM always does).
 * External overlays go beside each disk's image, named
 * "IMAGE-NAME.qcow2"; the memory file beside the first.  A running VM keeps
 * running. */
VireoSnapshot *vireo_domain_create_snapshot        (VireoDomain        *domain,
                                                    const char         *name,
                                                    const char         *description,
                                                    VireoSnapshotKind   kind,
                                                    gboolean            memory,
                                                    GCancellable       *cancellable,
                                                    GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void           vireo_domain_create_snapshot_async  (VireoDomain        *domain,
                                                    const char         *name,
                                                    const char         *description,
                                                    VireoSnapshotKind   kind,
                                                    gboolean            memory,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
VireoSnapshot *vireo_domain_create_snapshot_finish (VireoDomain        *domain,
                                                    GAsyncResult       *result,
                                                    GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

gboolean  vireo_domain_set_snapshot_description        (VireoDomain        *domain,
                                                        const char         *name,
                                                        const char         *description,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
void      vireo_domain_set_snapshot_description_async  (VireoDomain        *domain,
                                                        const char         *name,
                                                        const char         *description,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean  vireo_domain_set_snapshot_description_finish (VireoDomain        *domain,
                                                        GAsyncResult       *result,
                                                        GError            **error);

/* Goes back to the snapshot: its disks, and with its memory the running VM
 * as it was, else the VM shut off.  VIREO_VMM_ERROR_UNSUPPORTED, with a
 * sentence saying what can be done instead, where it cannot (the
 * snapshot's can_revert). */
gboolean  vireo_domain_revert_snapshot        (VireoDomain        *domain,
                                               const char         *name,
                                               GCancellable       *cancellable,
                                               GError            **error);
void      vireo_domain_revert_snapshot_async  (VireoDomain        *domain,
                                               const char         *name,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean  vireo_domain_revert_snapshot_finish (VireoDomain        *domain,
                                               GAsyncResult       *result,
                                               GError            **error);

/* Deletes the snapshot (its screenshot too); *@notice (may be NULL) gets
 * one sentence saying what happened to its data: removed from the images,
 * merged by block commit, or files left in place and why. */
gboolean  vireo_domain_delete_snapshot        (VireoDomain        *domain,
                                               const char         *name,
                                               char              **notice,
                                               GCancellable       *cancellable,
                                               GError            **error);
void      vireo_domain_delete_snapshot_async  (VireoDomain        *domain,
                                               const char         *name,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean  vireo_domain_delete_snapshot_finish (VireoDomain        *domain,
                                               GAsyncResult       *result,
                                               char              **notice,
                                               GError            **error);

/* What to do where revert cannot: a new VM @new_name (shut off) whose disks
 * are as they were at the snapshot (an external snapshot's: overlays on the
 * images it kept; an internal one's: copies of its state), with a new UUID
 * and MACs; the snapshot's memory is not part of it.  @progress counts the
 * bytes copied. */
VireoDomain *vireo_domain_new_from_snapshot        (VireoDomain        *domain,
                                                    const char         *name,
                                                    const char         *new_name,
                                                    VireoProgress      *progress,
                                                    GCancellable       *cancellable,
                                                    GError            **error);
void         vireo_domain_new_from_snapshot_async  (VireoDomain        *domain,
                                                    const char         *name,
                                                    const char         *new_name,
                                                    VireoProgress      *progress,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
VireoDomain *vireo_domain_new_from_snapshot_finish (VireoDomain        *domain,
                                                    GAsyncResult       *result,
                                                    GError            **error);

G_END_DECLS
