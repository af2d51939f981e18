/* vireo-domain-delete.h: the files a VM's deletion may remove, each with whether it should
 *
 * The delete confirmation lists every file of a VM: its disks, CD-ROM and
 * floppy images, the base images its disks are overlays on, and the kernel,
 * initrd and device tree of direct boot.  Each comes with a suggestion:
 * removed with the VM, or kept, with the reason it is kept:
 *
 *  - another VM of the connection uses it, as a disk or as the base image
 *    under one of its disks (a linked clone's original);
 *  - it is read-only or shareable in this VM's definition;
 *  - it is install media (a CD-ROM or floppy image) or a direct-boot file;
 *  - it is a base image under this VM's disk, which other overlays may use.
 *
 * Whatever is chosen, vireo_domain_delete() removes the VM's snapshot
 * metadata, NVRAM and TPM state with it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_DELETE_FILE_DISK,
    VIREO_DELETE_FILE_CDROM,
    VIREO_DELETE_FILE_FLOPPY,
    VIREO_DELETE_FILE_BACKING,   /* a base image under one of the VM's disks */
    VIREO_DELETE_FILE_KERNEL,
    VIREO_DELETE_FILE_INITRD,
    VIREO_DELETE_FILE_DTB,
} VireoDeleteFileKind;

typedef struct {
    char                *path;
    char                *target;    /* the disk's target ("vda"), or NULL */
    VireoDeleteFileKind  kind;
    gboolean             remove;    /* suggested: removed with the VM */
    char                *reason;    /* why it is kept (translated), or NULL when removed */
    char                *used_by;   /* another VM that uses it, or NULL */
} VireoDeleteFile;

void             vireo_delete_file_free (VireoDeleteFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDeleteFile, vireo_delete_file_free)

/* What vireo_delete_file_list() decides from, for one VM: its XML, and the
 * other VMs' XML (every disk path of theirs, and the base images under them
 * where @local_files allows reading the images). */
GPtrArray       *vireo_delete_file_list (const char         *xml,
                                         const char * const *other_names,
                                         const char * const *other_xmls,
                                         gboolean            local_files,
                                         GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The files of @self (a GPtrArray of VireoDeleteFile), compared with every
 * other VM of its connection. */
GPtrArray       *vireo_domain_list_delete_files        (VireoDomain   *self,
                                                        GCancellable  *cancellable,
                                                        GError       **error)
    G_GNUC_WARN_UNUSED_RESULT;
void             vireo_domain_list_delete_files_async  (VireoDomain        *self,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GPtrArray       *vireo_domain_list_delete_files_finish (VireoDomain  *self,
                                                        GAsyncResult *result,
                                                        GError      **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
