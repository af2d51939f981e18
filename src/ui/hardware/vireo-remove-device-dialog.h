/* vireo-remove-device-dialog.h: "Remove this device?", and its disk image too
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_REMOVE_DEVICE_DIALOG (vireo_remove_device_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoRemoveDeviceDialog, vireo_remove_device_dialog, VIREO,
                      REMOVE_DEVICE_DIALOG, GtkDialog)

/* Asks whether to remove @device ("VirtIO Disk 1") from @vm; with a
 * @storage path, offers to delete that file too (off by default).
 * Responds GTK_RESPONSE_ACCEPT to remove. */
GtkWidget *vireo_remove_device_dialog_new                (GtkWindow  *parent,
                                                          const char *vm,
                                                          const char *device,
                                                          const char *storage,
                                                          gboolean    running);
/* Whether the user asked for the storage to be deleted too. */
gboolean   vireo_remove_device_dialog_get_delete_storage (VireoRemoveDeviceDialog *self);

G_END_DECLS
