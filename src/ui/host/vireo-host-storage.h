/* vireo-host-storage.h: the host window's Storage page
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_STORAGE (vireo_host_storage_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostStorage, vireo_host_storage, VIREO, HOST_STORAGE, GtkBox)

void     vireo_host_storage_set_connection (VireoHostStorage *self,
                                            VireoConnection  *connection,
                                            GCancellable     *cancellable);
/* Lists the pools and the first pool's volumes the first time; ::loaded follows. */
void     vireo_host_storage_load           (VireoHostStorage *self);
void     vireo_host_storage_reload         (VireoHostStorage *self);
gboolean vireo_host_storage_is_loaded      (VireoHostStorage *self);

G_END_DECLS
