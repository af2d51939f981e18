/* vireo-unapplied-dialog.h: "Apply the changes to PAGE?" before leaving it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_UNAPPLIED_DIALOG (vireo_unapplied_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoUnappliedDialog, vireo_unapplied_dialog, VIREO, UNAPPLIED_DIALOG,
                      GtkDialog)

/* Asks what to do with the changes of @page ("Memory"): responds
 * GTK_RESPONSE_ACCEPT (apply), GTK_RESPONSE_REJECT (discard) or
 * GTK_RESPONSE_CANCEL (stay). */
GtkWidget *vireo_unapplied_dialog_new (GtkWindow  *parent,
                                       const char *page);

G_END_DECLS
