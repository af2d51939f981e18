/* vireo-details-view-private.h: shared by the Details view's files
 *
 * vireo-details-view.c holds the sidebar, the pages and reading the
 * definition; vireo-details-view-changes.c applying, Add Hardware, Remove
 * and the XML view.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-details-view.h"

G_BEGIN_DECLS

/* One row of the sidebar and its page. */
typedef struct {
    char             *id;          /* "overview", "disk:1" */
    char             *title;
    char             *icon_name;
    char             *option;      /* a device's option, else NULL */
    int               index;
    GtkWidget        *row;         /* borrowed: the sidebar holds it */
    VireoDetailsPage *page;        /* borrowed: the stack holds it; NULL until built (a
                                    * device's is its option's page, shared) */
} DetailsEntry;

struct _VireoDetailsView {
    GtkBox parent_instance;

    /* template widgets */
    GtkInfoBar         *info_bar;
    GtkLabel           *info_label;
    GtkStack           *state_stack;
    GtkLabel           *load_error;
    GtkListBox         *sidebar;
    GtkToggleButton    *form_tab;
    GtkToggleButton    *xml_tab;
    GtkStack           *view_stack;
    GtkStack           *pages;
    GtkLabel           *xml_note;
    GtkWidget          *xml_scroller;
    GtkSpinner         *spinner;
    GtkLabel           *busy_label;

    /* owned */
    VireoDomain        *domain;
    GSettings          *settings;
    GCancellable       *cancellable;      /* cancelled when the window closes */
    VireoDomainEditor  *editor;           /* the definition shown */
    GPtrArray          *entries;          /* DetailsEntry* */
    GSimpleActionGroup *actions;
    GtkWidget          *xml_view;         /* a GtkTextView, once the XML tab was shown */
    GHashTable         *device_pages;     /* option -> VireoDetailsPage* (borrowed: the stack
                                           * holds them); one page serves every device of
                                           * its option, so that switching between them
                                           * makes no widgets */
    char               *pending_id;       /* the page to show once the definition is read */

    /* borrowed */
    DetailsEntry       *current;

    guint               warm_id;          /* builds the pages ahead, one per idle */

    /* state */
    gboolean            loaded;
    gboolean            loading;
    gboolean            busy;             /* a change is being written */
    gboolean            reload_wanted;    /* an event asked for a reload while busy */
    gboolean            xml_dirty;
    gboolean            xml_filling;
    gboolean            selecting;        /* the view changes the selection itself */
};

/* vireo-details-view.c */
DetailsEntry *_vireo_details_view_find_entry   (VireoDetailsView *self,
                                                const char       *id);
/* Re-reads the definition; pages are loaded again (with @force, those
 * with changes too), and @select_id is shown when it exists. */
void          _vireo_details_view_reload_full  (VireoDetailsView *self,
                                                gboolean          force,
                                                const char       *select_id);
void          _vireo_details_view_update_actions (VireoDetailsView *self);
/* Shows @message in the info bar (GTK_MESSAGE_INFO, _WARNING or _ERROR). */
void          _vireo_details_view_say          (VireoDetailsView *self,
                                                GtkMessageType    type,
                                                const char       *message);
/* Switches to the page of @entry at once (no question asked). */
void          _vireo_details_view_switch_to    (VireoDetailsView *self,
                                                DetailsEntry     *entry);

/* vireo-details-view-changes.c */
void          _vireo_details_view_init_changes (VireoDetailsView *self);
/* Applies what the current page or the XML view changed; when it worked,
 * the definition is read again and the page of @then_id shown (NULL: the
 * current page), on the XML tab with @then_xml. */
void          _vireo_details_view_apply        (VireoDetailsView *self,
                                                const char       *then_id,
                                                gboolean          then_xml);
void          _vireo_details_view_revert       (VireoDetailsView *self);
/* The XML tab: shows the XML of the current page. */
void          _vireo_details_view_show_xml     (VireoDetailsView *self);
/* Whether the current page or the XML view has changes. */
gboolean      _vireo_details_view_has_changes  (VireoDetailsView *self);

G_END_DECLS
