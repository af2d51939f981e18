/* vireo-install-engine.h: make the VM: storage, define, first boot, second boot
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"
#include "vireo-install-spec.h"

G_BEGIN_DECLS

/* Creates @volumes (VireoDomainConfigVolume*) in the connection's storage,
 * then either defines @install_xml and starts it or, with spec->transient,
 * creates it as a transient domain; when @final_xml is not NULL (and the VM
 * is persistent) defines it as the VM's lasting configuration (used from
 * the next boot on).  spec->autostart marks the VM to start with the host.
 * On failure everything made so far is removed again: no half-defined VM,
 * no orphan disk file.  @connection must be open; runs on its owner
 * context.  The finish function returns the new domain (a new reference). */
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
                                              GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* As vireo_install_engine_run_async() with no install phase, but the VM
 * is defined and not started: creates @volumes, defines @xml (a persistent
 * VM), sets autostart as @spec says.  On failure nothing is left.  For an
 * install the user customizes before it begins. */
void         vireo_install_engine_define_async (VireoConnection        *connection,
                                                const VireoInstallSpec *spec,
                                                const char             *xml,
                                                GPtrArray              *volumes,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
VireoDomain *vireo_install_engine_define_finish (VireoConnection *connection,
                                                 GAsyncResult    *result,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* The first phase of the install of @domain, defined (shut off) before and
 * customized since: reads its definition, applies the install phase of
 * @install_xml to it (vireo_install_customize_install_xml(); NULL when the
 * VM boots the same way from the start), defines that, starts it, and
 * defines the definition as it was as the lasting configuration; then
 * vireo_install_engine_complete_async() as after run_async().  On failure
 * the VM is stopped and its definition restored: it stays as it was.  The
 * finish function returns the domain (a new reference). */
void         vireo_install_engine_begin_async  (VireoDomain        *domain,
                                                const char         *install_xml,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
VireoDomain *vireo_install_engine_begin_finish (VireoDomain  *domain,
                                                GAsyncResult *result,
                                                GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* The second phase: waits for the install-phase @domain to shut down (the
 * installer powers off, or reboots into on_reboot=destroy), watching its
 * lifecycle events, for at most @timeout_ms (-1: no limit); then defines
 * @final_xml (for a transient VM: keeps it to create) and, unless
 * @noreboot, boots it.  The finish function returns TRUE with *@done FALSE
 * when the time ran out first (the VM keeps installing), and the domain
 * that runs or stays defined afterwards in *@domain_out (new reference,
 * NULL when a transient VM is gone). */
void         vireo_install_engine_complete_async  (VireoDomain         *domain,
                                                   const char          *final_xml,
                                                   gboolean             transient,
                                                   gboolean             noreboot,
                                                   int                  timeout_ms,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean     vireo_install_engine_complete_finish (VireoDomain   *domain,
                                                   GAsyncResult  *result,
                                                   gboolean      *done,
                                                   VireoDomain  **domain_out,
                                                   GError       **error);

/* Returns @install_xml with @files (char*, absolute paths: the installer's
 * kernel and initrd copies, seed media) listed in its metadata as the install
 * phase's own.  vireo_install_engine_run_async() reads that list, and
 * vireo_install_engine_complete_async() removes the files once the install
 * ended and the lasting configuration is in place, whichever process (the
 * CLI or the manager it handed the install to) runs it. */
char        *vireo_install_engine_mark_install_files (const char *install_xml,
                                                      GPtrArray  *files) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
