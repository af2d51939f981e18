/* vireo-xml-view-module.h: what the XML view module exports to the manager
 *
 * The manager does not link GtkSourceView: the VM window's XML view loads
 * it as a module the first time it is shown, through
 * vireo-xml-view-loader.h.  This header is the contract between the two.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new text view (a GtkSourceView, so a GtkTextView) with XML highlighting,
 * line numbers and a monospace font, its colours following the light or
 * dark theme of the window it is put in; floating. */
#define VIREO_XML_VIEW_MODULE_NEW_SYMBOL "vireo_xml_view_module_new"
typedef GtkWidget *(*VireoXmlViewModuleNewFunc) (void);

G_END_DECLS
