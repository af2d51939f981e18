/* vireo-new-vm-window.h: the New VM wizard
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_WINDOW (vireo_new_vm_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmWindow, vireo_new_vm_window, VIREO, NEW_VM_WINDOW, GtkWindow)

/* The wizard on @connection (open, or opening: the wizard waits).  Its
 * steps: method (with the hardware expander), media and OS, memory and
 * CPUs, storage, finish; then a progress view while the VM is made.  On
 * success the VM's window opens on its console and the wizard closes; a failure or a
 * Cancel leaves nothing behind. */
GtkWidget *vireo_new_vm_window_new (GtkApplication  *application,
                                    GtkWindow       *parent,
                                    VireoConnection *connection,
                                    GSettings       *settings)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
