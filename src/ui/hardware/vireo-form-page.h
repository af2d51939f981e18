/* vireo-form-page.h: a Details page of fields: a section (CPUs, memory,
 * boot) or one device
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-details-page.h"
#include "vireo-form.h"

G_BEGIN_DECLS

#define VIREO_TYPE_FORM_PAGE (vireo_form_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoFormPage, vireo_form_page, VIREO, FORM_PAGE, VireoDetailsPage)

/* A page titled @title.  With a device @option ("disk") and @index (from
 * 1) it is that device's page: it has a Remove button (the action
 * "details.remove-device"), and a CD-ROM's or floppy's an Eject button. */
VireoFormPage *vireo_form_page_new            (VireoDomain *domain,
                                               const char  *title,
                                               const char  *icon_name,
                                               const char  *option,
                                               int          index) G_GNUC_WARN_UNUSED_RESULT;
/* The page of device @option's @index-th device, with the fields of its
 * kind (vireo-device-fields.h). */
VireoFormPage *vireo_form_page_new_for_device (VireoDomain       *domain,
                                               VireoDomainEditor *editor,
                                               const char        *option,
                                               int                index,
                                               const char        *title) G_GNUC_WARN_UNUSED_RESULT;

/* Adds @form (taken) under @heading (NULL: none); its option's section
 * (index 0) or device @index is what it reads and changes.  With
 * @write_all, a change writes every field of the form (a CPU topology,
 * which libvirt wants whole). */
void        vireo_form_page_add_form        (VireoFormPage *self,
                                             VireoForm     *form,
                                             int            index,
                                             const char    *heading,
                                             gboolean       write_all);
/* A sentence under the title, or NULL for none. */
void        vireo_form_page_set_note        (VireoFormPage *self,
                                             const char    *note);
/* Shows the "Start when the host starts" check (autostart), applied with
 * vireo_domain_editor_set_autostart(). */
void        vireo_form_page_show_autostart  (VireoFormPage *self);
/* The form of @option (the first added), or NULL. */
VireoForm  *vireo_form_page_get_form        (VireoFormPage *self,
                                             const char    *option);

G_END_DECLS
