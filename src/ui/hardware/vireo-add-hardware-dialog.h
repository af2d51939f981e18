/* vireo-add-hardware-dialog.h: choose a device to add to a VM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-domain-edit.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_ADD_HARDWARE_DIALOG (vireo_add_hardware_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoAddHardwareDialog, vireo_add_hardware_dialog, VIREO,
                      ADD_HARDWARE_DIALOG, GtkDialog)

/*
 * Every device kind the domain editor can add: a new disk with a size (an
 * image made in the connection's default pool) or an existing image or
 * volume, the host's USB and PCI devices (from its node devices, or udev on
 * the embedded connection), and the fields of each other kind.  Responds
 * GTK_RESPONSE_ACCEPT for Finish: the caller applies
 * vireo_add_hardware_dialog_dup_edit() and keeps the dialog open, busy,
 * until the change is written, showing the error if it is refused.
 */
GtkWidget       *vireo_add_hardware_dialog_new      (GtkWindow   *parent,
                                                     VireoDomain *domain);
/* Selects the kind @option ("disk", "network", "hostdev-usb", "hostdev-pci"). */
void             vireo_add_hardware_dialog_select   (VireoAddHardwareDialog *self,
                                                     const char             *option);
/* The ADD edit for what the dialog shows, or NULL with a sentence saying
 * what is missing. */
VireoDomainEdit *vireo_add_hardware_dialog_dup_edit (VireoAddHardwareDialog *self,
                                                     GError                **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* While the edit is written: the dialog is insensitive, with a spinner. */
void             vireo_add_hardware_dialog_set_busy (VireoAddHardwareDialog *self,
                                                     gboolean                busy);
void             vireo_add_hardware_dialog_show_error (VireoAddHardwareDialog *self,
                                                       const char             *message);

G_END_DECLS
