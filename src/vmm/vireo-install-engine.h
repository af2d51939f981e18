/* vireo-install-engine.h: make the VM: storage, define, first boot
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"
#include "vireo-install-spec.h"

G_BEGIN_DECLS

/* Creates @volumes (VireoDomainConfigVolume*) in the connection's storage,
 * defines @install_xml, starts it, and when @final_xml is not NULL defines
 * it as the VM's lasting configuration (used from the next boot on).  On
 * failure everything made so far is removed again: no half-defined VM, no
 * orphan disk file.  @connection must be open; runs on its owner context.
 * The finish function returns the new domain (a new reference). */
void         vireo_install_engine_run_async  (VireoConnection        *connection,
                                              const VireoInstallSpec *spec,
                                              const char             *install_xml,
                                              const char             *final_xml,
                                              GPtrArray              *volumes,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
VireoDomain *vireo_install_engine_run_finish (VireoConnection *connection,
                                              GAsyncResult    *result,
                                              GError         **error);

G_END_DECLS
