/* vireo-help.h: F1 and Help open the help page of the window they are pressed in
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The URI that shows @page ("vm-window"): "help:vireo/PAGE" when yelp is on PATH,
 * otherwise the HTML build's PAGE.html (in the user's language when there is one), from
 * $VIREO_HELP_HTML_DIR, else the installed one.  NULL when neither is there. */
char *vireo_help_dup_uri     (const char *page) G_GNUC_WARN_UNUSED_RESULT;

/* Opens @page for @parent with its URI's default handler, as gtk_show_uri_on_window()
 * does; a failure is shown in a dialog. */
void  vireo_help_show        (GtkWindow  *parent,
                              const char *page);

/* Gives @window the action "help.show" (Help in its menu) and F1, both opening @page;
 * @page is copied. */
void  vireo_help_install     (GtkWindow  *window,
                              const char *page);

/* The page vireo_help_install() gave @window, or NULL. */
const char *vireo_help_get_page (GtkWindow *window);

G_END_DECLS
