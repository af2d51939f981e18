/* vireo-delete-dialog.h: confirmation of a VM's deletion, with its disks
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DELETE_DIALOG (vireo_delete_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoDeleteDialog, vireo_delete_dialog, VIREO, DELETE_DIALOG, GtkDialog)

/*
 * Lists the files of one domain or several (vireo_domain_list_delete_files_async,
 * each under its domain's name when there are several): disks, CD-ROM and
 * floppy images, base images and direct-boot files, with a check box each,
 * checked where the core suggests removing it; a file kept by default (used
 * by another VM, read-only, shareable, install media, a base image, direct
 * boot) shows the reason under it.  The dialog
 * answers GTK_RESPONSE_ACCEPT (Delete) or GTK_RESPONSE_CANCEL; the caller
 * runs vireo_domain_delete_async for each domain with its selected disks.
 * Property "loaded" becomes TRUE once every domain's disks are listed (or
 * failed to).
 */
GtkWidget   *vireo_delete_dialog_new                (GtkWindow         *parent,
                                                     VireoDomain       *domain)
    G_GNUC_WARN_UNUSED_RESULT;
/* @domains: VireoDomain*, at least one, in the order they are listed. */
GtkWidget   *vireo_delete_dialog_new_for_domains    (GtkWindow         *parent,
                                                     GPtrArray         *domains)
    G_GNUC_WARN_UNUSED_RESULT;
/* The first domain. */
VireoDomain *vireo_delete_dialog_get_domain         (VireoDeleteDialog *self);
/* Every domain (borrowed). */
GPtrArray   *vireo_delete_dialog_get_domains        (VireoDeleteDialog *self);
gboolean     vireo_delete_dialog_get_loaded         (VireoDeleteDialog *self);
/* Every disk listed, and those whose check box is active (of every domain). */
GStrv        vireo_delete_dialog_list_disks         (VireoDeleteDialog *self)
    G_GNUC_WARN_UNUSED_RESULT;
GStrv        vireo_delete_dialog_list_selected_disks (VireoDeleteDialog *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* The checked disks of @domain. */
GStrv        vireo_delete_dialog_list_selected_disks_of (VireoDeleteDialog *self,
                                                         VireoDomain       *domain)
    G_GNUC_WARN_UNUSED_RESULT;
/* Sets the check box of @path; FALSE when @path is not listed. */
gboolean     vireo_delete_dialog_set_disk_selected  (VireoDeleteDialog *self,
                                                     const char        *path,
                                                     gboolean           selected);
/* Why @path is kept by default, or NULL (removed by default, or not listed). */
const char  *vireo_delete_dialog_get_reason         (VireoDeleteDialog *self,
                                                     const char        *path);
/* TRUE for paths that look like CD-ROM media (kept by default). */
gboolean     vireo_delete_dialog_is_removable_media (const char        *path);

G_END_DECLS
