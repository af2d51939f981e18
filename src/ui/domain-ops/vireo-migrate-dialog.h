/* vireo-migrate-dialog.h: Migrate…, a VM sent to another connection
 *
 * The destination among the open connections; live (while it runs) or
 * offline; tunnelled through libvirt's connection or direct; storage
 * shared, every disk copied, or only the disks chosen (the others must be
 * on the destination already); a bandwidth limit.  Migrate shows the data
 * left; Cancel aborts the job, and the VM goes on running where it was.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_MIGRATE_DIALOG (vireo_migrate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoMigrateDialog, vireo_migrate_dialog, VIREO, MIGRATE_DIALOG,
                      GtkDialog)

/* @connections: the connections to choose the destination from (those open
 * are offered, as they open and close); @list_owner, or NULL, tells of
 * connections added to and removed from it (see vireo_ops_connection_combo()). */
GtkWidget *vireo_migrate_dialog_new (GtkWindow   *parent,
                                     VireoDomain *domain,
                                     GPtrArray   *connections,
                                     GObject     *list_owner) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
