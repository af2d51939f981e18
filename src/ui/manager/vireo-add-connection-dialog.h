/* vireo-add-connection-dialog.h: choose a hypervisor and add its connection
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-application.h"

G_BEGIN_DECLS

#define VIREO_TYPE_ADD_CONNECTION_DIALOG (vireo_add_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoAddConnectionDialog, vireo_add_connection_dialog, VIREO,
                      ADD_CONNECTION_DIALOG, GtkDialog)

/*
 * Choices (ids of the "type_combo" template child): "system", "session",
 * "embedded", "ssh" (user and host entries), "custom" (a URI entry checked
 * with vireo_uri_validate).  The generated URI is shown live; while it is
 * invalid the reason is shown inline and Connect is insensitive.  Connect
 * (GTK_RESPONSE_OK) adds the connection to @application, persisted, and
 * opens it when Autoconnect is checked.
 */
GtkWidget  *vireo_add_connection_dialog_new             (GtkWindow                *parent,
                                                         VireoApplication         *application)
    G_GNUC_WARN_UNUSED_RESULT;
/* The URI to add, or NULL while the input is invalid. */
const char *vireo_add_connection_dialog_get_uri         (VireoAddConnectionDialog *self);
/* The inline error shown, or NULL. */
const char *vireo_add_connection_dialog_get_error       (VireoAddConnectionDialog *self);
gboolean    vireo_add_connection_dialog_get_autoconnect (VireoAddConnectionDialog *self);

G_END_DECLS
