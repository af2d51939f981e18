/* vireo-domain-move.h: a shut-off VM moved to another connection of this computer
 *
 * What virt-manager refuses: a VM of the embedded connection moved to
 * qemu:///system (or session), and back.  Its definition goes with its
 * UUID; its disk images are copied into the destination's image folder
 * (its default pool, or the embedded root's folder), its UEFI variables
 * into the destination's NVRAM folder and its TPM state into the
 * destination's swtpm folder, with progress.  Every copied file is then
 * compared with its original, by size and SHA-256, and the VM is defined on
 * the destination; only then is the source's VM deleted with its files.
 * A failure or a cancel before that removes what was made on the
 * destination and leaves the source as it was.
 *
 * CD-ROM images and other read-only or shareable disks are not copied: the
 * moved VM uses them where they are.  A VM with snapshots, or whose images
 * are overlays on others, is refused: those would not survive the move.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-progress.h"
#include "vireo-vmm-types.h"

G_BEGIN_DECLS

/* Moves @domain (shut off) to @destination (open, on this computer).
 * @progress counts the bytes copied and read back for the checks. */
gboolean  vireo_domain_move        (VireoDomain     *domain,
                                    VireoConnection *destination,
                                    VireoProgress   *progress,
                                    GCancellable    *cancellable,
                                    GError         **error);
void      vireo_domain_move_async  (VireoDomain        *domain,
                                    VireoConnection    *destination,
                                    VireoProgress      *progress,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean  vireo_domain_move_finish (VireoDomain  *domain,
                                    GAsyncResult *result,
                                    GError      **error);

G_END_DECLS
