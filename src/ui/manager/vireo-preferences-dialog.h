/* vireo-preferences-dialog.h: stats polling preferences
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_PREFERENCES_DIALOG (vireo_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoPreferencesDialog, vireo_preferences_dialog, VIREO,
                      PREFERENCES_DIALOG, GtkDialog)

/* The widgets are bound to @settings (org.vireo.Vireo) and apply at once. */
GtkWidget *vireo_preferences_dialog_new (GtkWindow *parent,
                                         GSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
