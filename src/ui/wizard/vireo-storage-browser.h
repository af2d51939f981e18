/* vireo-storage-browser.h: choosing a volume of a pool, or a local image, for a new VM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_STORAGE_BROWSER (vireo_storage_browser_get_type ())
G_DECLARE_FINAL_TYPE (VireoStorageBrowser, vireo_storage_browser, VIREO, STORAGE_BROWSER,
                      GtkDialog)

/*
 * A dialog that lists the pools of @connection's storage (the embedded
 * root's image folder is the pool "default") and the volumes of the one
 * selected, with the host window's calls (vireo_storage_list_pools_async(),
 * vireo_host_list_volumes_async()); New Volume… opens the host window's
 * volume dialog on the selected pool (vireo_host_volume_dialog_new()) and
 * selects the volume it made; Browse Local… picks a file instead.  Emits
 * ::chosen (const char *path) and closes once a volume or file is chosen.
 */
GtkWidget *vireo_storage_browser_new (GtkWindow       *parent,
                                      VireoConnection *connection) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
