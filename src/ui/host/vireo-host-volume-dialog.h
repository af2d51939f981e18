/* vireo-host-volume-dialog.h: creating a volume (an image of the image folder)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_VOLUME_DIALOG (vireo_host_volume_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostVolumeDialog, vireo_host_volume_dialog, VIREO,
                      HOST_VOLUME_DIALOG, GtkDialog)

/* A dialog that creates a volume in @pool of @connection: qcow2 or raw of a size, or a
 * qcow2 image over one of @volumes (VireoStorageVolumeInfo*, the pool's).  Emits
 * ::created (const char *path) and closes once it is made. */
GtkWidget *vireo_host_volume_dialog_new (GtkWindow       *parent,
                                         VireoConnection *connection,
                                         const char      *pool,
                                         GPtrArray       *volumes)
    G_GNUC_WARN_UNUSED_RESULT;
/* The free space in the pool, @available bytes in @place (its folder or name): a
 * raw image larger is refused, a qcow2 one made with a warning. */
void       vireo_host_volume_dialog_set_space (VireoHostVolumeDialog *self,
                                               const char            *place,
                                               guint64                available);

G_END_DECLS
