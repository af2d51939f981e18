/* vireo-xml-view-loader.h: the XML view (GtkSourceView), loaded on first use
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new XML view: a GtkTextView (a GtkSourceView with XML highlighting from
 * the module libvireo-xml-view.so, loaded by the first call unless it is
 * linked in), floating.  NULL with @error when the module cannot be
 * loaded. */
GtkWidget *vireo_xml_view_loader_new_view (GError **error);

/* Whether the module is loaded (or linked in) already. */
gboolean   vireo_xml_view_loader_is_loaded (void);

G_END_DECLS
