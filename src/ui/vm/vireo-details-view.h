/* vireo-details-view.h: a VM window's Details view: sections and devices,
 * their pages, Apply and Revert, Add Hardware, Remove and the XML view
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-details-page.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_VIEW (vireo_details_view_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsView, vireo_details_view, VIREO, DETAILS_VIEW, GtkBox)

/*
 * The view reads the VM's definition with the domain editor (in a worker
 * thread), lists its sections (Overview, OS Information, Performance,
 * CPUs, Memory, Boot Options) and devices in a sidebar, and builds a page
 * the first time it is shown.  Apply reads the definition afresh, lets the
 * page change it, and commits it (live too on a running VM), then reads it
 * again; Revert shows the definition again.  Leaving a page with changes
 * asks first.  Its actions are the group "details": apply, revert,
 * add-hardware, remove-device, show-xml (b).
 *
 * Properties: domain, settings, dirty (a page or the XML has changes),
 *   loaded (the definition was read once), busy (a change is being written)
 */
VireoDetailsView *vireo_details_view_new          (VireoDomain *domain,
                                                   GSettings   *settings);
VireoDomain      *vireo_details_view_get_domain   (VireoDetailsView *self);
/* Shows the page of @id: "overview", "os", "performance", "cpus", "memory",
 * "boot", or a device as "disk:1" (the option and its position); once the
 * definition is read when it is not yet.  Asks first when the current page
 * has changes; FALSE when there is no such page. */
gboolean          vireo_details_view_show_page    (VireoDetailsView *self,
                                                   const char       *id);
/* The id of the page shown, or NULL. */
const char       *vireo_details_view_get_page_id  (VireoDetailsView *self);
/* The page of @id if it was built, or NULL. */
VireoDetailsPage *vireo_details_view_get_page     (VireoDetailsView *self,
                                                   const char       *id);
/* The pages' ids, in the sidebar's order: a new array of char*. */
GPtrArray        *vireo_details_view_list_ids     (VireoDetailsView *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* The sidebar's titles, in order (for tests): a new array of char*. */
GPtrArray        *vireo_details_view_list_titles  (VireoDetailsView *self)
    G_GNUC_WARN_UNUSED_RESULT;
gboolean          vireo_details_view_get_dirty    (VireoDetailsView *self);
gboolean          vireo_details_view_get_loaded   (VireoDetailsView *self);
/* Reads the definition again (its pages too, unless they have changes). */
void              vireo_details_view_reload       (VireoDetailsView *self);
/* Whether every page is built (they are built ahead, in idle, after the
 * first is shown); notified as "warm". */
gboolean          vireo_details_view_get_warm     (VireoDetailsView *self);
/* Whether a change is being written. */
gboolean          vireo_details_view_get_busy     (VireoDetailsView *self);
/* What the info bar says ("" when it is hidden), and its message type. */
const char       *vireo_details_view_get_message  (VireoDetailsView *self,
                                                   GtkMessageType   *type);
/* Shows the Details (FALSE) or the XML tab (TRUE), asking first when the
 * current one has changes. */
void              vireo_details_view_show_xml     (VireoDetailsView *self,
                                                   gboolean          xml);
/* The XML view, once the XML tab was shown (a GtkTextView), or NULL. */
GtkWidget        *vireo_details_view_get_xml_view (VireoDetailsView *self);
/* The view's actions ("details"). */
GActionGroup     *vireo_details_view_get_actions  (VireoDetailsView *self);
/* Stops what the view has in flight (the window closes). */
void              vireo_details_view_cancel       (VireoDetailsView *self);

G_END_DECLS
