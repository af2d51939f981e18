/* vireo-password-dialog.h: asks for a console's user name and password
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_PASSWORD_DIALOG (vireo_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoPasswordDialog, vireo_password_dialog, VIREO, PASSWORD_DIALOG,
                      GtkDialog)

/* @target names the console ("web1", "spice://h:5900"); @reason is why the
 * last attempt failed, or NULL.  Responses: GTK_RESPONSE_OK, _CANCEL. */
GtkWidget  *vireo_password_dialog_new          (GtkWindow  *parent,
                                                const char *target,
                                                const char *reason,
                                                gboolean    need_username,
                                                gboolean    can_remember) G_GNUC_WARN_UNUSED_RESULT;
const char *vireo_password_dialog_get_username (VireoPasswordDialog *self);
const char *vireo_password_dialog_get_password (VireoPasswordDialog *self);
void        vireo_password_dialog_set_username (VireoPasswordDialog *self,
                                                const char          *username);
void        vireo_password_dialog_set_password (VireoPasswordDialog *self,
                                                const char          *password);
gboolean    vireo_password_dialog_get_remember (VireoPasswordDialog *self);
void        vireo_password_dialog_set_remember (VireoPasswordDialog *self,
                                                gboolean             remember);
/* The message shown (for tests). */
const char *vireo_password_dialog_get_message  (VireoPasswordDialog *self);

G_END_DECLS
