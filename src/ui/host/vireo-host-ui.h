/* vireo-host-ui.h: small helpers the host window's pages share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called once the user answered a confirmation: TRUE when they chose the action. */
typedef void (*VireoHostConfirmFunc) (gpointer user_data,
                                      gboolean confirmed);

/* Asks, in a dialog over @widget's window, whether to do what @question says (a whole
 * sentence), with @detail below it and @action the label of the button that does it
 * (destructive-looking); @func gets the answer, @user_data is freed with @destroy. */
void   vireo_host_ui_confirm     (GtkWidget            *widget,
                                  const char           *question,
                                  const char           *detail,
                                  const char           *action,
                                  VireoHostConfirmFunc  func,
                                  gpointer              user_data,
                                  GDestroyNotify        destroy);
/* "1.5 GiB" (IEC units), "—" for 0 with @zero_is_unknown. */
char  *vireo_host_ui_format_size (guint64  bytes,
                                  gboolean zero_is_unknown) G_GNUC_WARN_UNUSED_RESULT;
/* The text of a GtkEntry, stripped; NULL when empty. */
char  *vireo_host_ui_entry_text  (GtkEntry *entry) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
