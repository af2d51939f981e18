/* vireo-details-page.h: one page of a VM window's Details view
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-domain-editor.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_PAGE (vireo_details_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (VireoDetailsPage, vireo_details_page, VIREO, DETAILS_PAGE, GtkBox)

/*
 * A page shows one part of a VM (the overview, the CPUs, one device) from a
 * VireoDomainEditor holding the VM's definition, and turns what the user
 * changed into edits of another editor: the Details view reads the
 * definition afresh before applying, so that a page changes only what the
 * user changed.  Pages never parse XML; they read values with
 * vireo_domain_editor_dup_value() and write them with VireoDomainEdits.
 *
 * Properties:
 *   title      what the sidebar says ("VirtIO Disk 1")
 *   icon-name  the sidebar's icon
 *   domain     the VM
 *   dirty      changed since it was loaded
 *   option     the device option of a device page ("disk"), else NULL
 *   index      the device's position among those of its option, from 1
 */
struct _VireoDetailsPageClass {
    GtkBoxClass parent_class;

    /* Shows what @editor holds (the definition now). */
    void     (*load)  (VireoDetailsPage  *self,
                       VireoDomainEditor *editor);
    /* Applies the user's changes to @editor; FALSE with a sentence when a
     * value is not valid (nothing of the page is applied then). */
    gboolean (*apply) (VireoDetailsPage  *self,
                       VireoDomainEditor *editor,
                       GError           **error);
    /* The page became visible or was hidden. */
    void     (*shown) (VireoDetailsPage  *self,
                       gboolean           shown);
    /* The domain's state changed (running or not). */
    void     (*state_changed) (VireoDetailsPage *self);
};

void         vireo_details_page_load          (VireoDetailsPage  *self,
                                               VireoDomainEditor *editor);
gboolean     vireo_details_page_apply         (VireoDetailsPage  *self,
                                               VireoDomainEditor *editor,
                                               GError           **error);
void         vireo_details_page_set_shown     (VireoDetailsPage  *self,
                                               gboolean           shown);
gboolean     vireo_details_page_get_shown     (VireoDetailsPage  *self);

/* For subclasses: a widget's value changed (ignored while loading). */
void         vireo_details_page_changed       (VireoDetailsPage  *self);
/* Connects the "changed"/"toggled"/"value-changed" signal of @widget (an
 * entry, combo box, spin button, toggle or text buffer) to
 * vireo_details_page_changed(). */
void         vireo_details_page_watch         (VireoDetailsPage  *self,
                                               gpointer           widget);
gboolean     vireo_details_page_is_loading    (VireoDetailsPage  *self);

gboolean     vireo_details_page_get_dirty     (VireoDetailsPage  *self);
void         vireo_details_page_set_dirty     (VireoDetailsPage  *self,
                                               gboolean           dirty);
const char  *vireo_details_page_get_title     (VireoDetailsPage  *self);
void         vireo_details_page_set_title     (VireoDetailsPage  *self,
                                               const char        *title);
const char  *vireo_details_page_get_icon_name (VireoDetailsPage  *self);
void         vireo_details_page_set_icon_name (VireoDetailsPage  *self,
                                               const char        *icon_name);
VireoDomain *vireo_details_page_get_domain    (VireoDetailsPage  *self);
/* The device option and position of a device page; NULL and 0 otherwise. */
const char  *vireo_details_page_get_option    (VireoDetailsPage  *self);
int          vireo_details_page_get_index     (VireoDetailsPage  *self);
/* Points a device page at another device of its option (a page serves
 * every device of its kind in turn); load it afterwards. */
void         vireo_details_page_set_index     (VireoDetailsPage  *self,
                                               int                index);
/* The domain is running (or paused): changes may apply at once. */
gboolean     vireo_details_page_domain_is_active (VireoDetailsPage *self);

G_END_DECLS
