/* vireo-auth-dialog.h: asks the user for libvirt credentials
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_AUTH_DIALOG (vireo_auth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoAuthDialog, vireo_auth_dialog, VIREO, AUTH_DIALOG, GtkDialog)

/* Shows one entry per credential of @request (hidden text for secrets).
 * GTK_RESPONSE_OK fills the results and completes the request as accepted;
 * any other response, or destroying the dialog, refuses it.  The dialog
 * destroys itself after answering. */
GtkWidget *vireo_auth_dialog_new       (GtkWindow        *parent,
                                        VireoAuthRequest *request) G_GNUC_WARN_UNUSED_RESULT;
VireoAuthRequest *vireo_auth_dialog_get_request (VireoAuthDialog *self);
/* The entry of credential @index, or NULL. */
GtkEntry  *vireo_auth_dialog_get_entry (VireoAuthDialog  *self,
                                        guint             index);

G_END_DECLS
