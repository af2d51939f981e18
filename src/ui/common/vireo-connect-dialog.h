/* vireo-connect-dialog.h: the viewer's "connect to" dialog with recent addresses
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_CONNECT_DIALOG (vireo_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoConnectDialog, vireo_connect_dialog, VIREO, CONNECT_DIALOG, GtkDialog)

/* @recent: addresses to offer, most recent first (may be NULL).
 * Responses: GTK_RESPONSE_OK with an address, GTK_RESPONSE_CANCEL. */
GtkWidget  *vireo_connect_dialog_new         (GtkWindow          *parent,
                                              const char * const *recent) G_GNUC_WARN_UNUSED_RESULT;
/* The address typed or chosen, trimmed. */
const char *vireo_connect_dialog_get_address (VireoConnectDialog *self);
void        vireo_connect_dialog_set_address (VireoConnectDialog *self,
                                              const char         *address);
guint       vireo_connect_dialog_get_n_recent (VireoConnectDialog *self);

G_END_DECLS
