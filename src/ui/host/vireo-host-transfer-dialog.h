/* vireo-host-transfer-dialog.h: what to import (upload) or export (download), and where
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_TRANSFER_DIALOG (vireo_host_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostTransferDialog, vireo_host_transfer_dialog, VIREO,
                      HOST_TRANSFER_DIALOG, GtkDialog)

typedef enum {
    VIREO_HOST_TRANSFER_IMPORT,    /* a local file into a volume */
    VIREO_HOST_TRANSFER_EXPORT,    /* a volume to a local file */
} VireoHostTransferKind;

/* A dialog asking for the local file and (import) the volume's name, and with
 * @can_convert the format ("as it is", qcow2, raw).  @volume is the volume's name: the
 * default name of an import, the one exported.  Emits ::chosen (const char *path, const
 * char *name, const char *format or NULL) and closes. */
GtkWidget *vireo_host_transfer_dialog_new (GtkWindow             *parent,
                                           VireoHostTransferKind  kind,
                                           gboolean               can_convert,
                                           gboolean               libvirt_streams,
                                           const char            *volume)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
