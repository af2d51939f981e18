/* vireo-install-plan.h: from an install spec to what the engine defines
 *
 * One plan serves vireo-install and the new-VM wizard: the same spec gives
 * the same XML and the same files, whoever asks.  The steps:
 *
 *   resolve   the hypervisor's capabilities → domain type, arch, machine;
 *             a --location's kernel and initrd found; the OS chosen (given,
 *             or detected from the media or tree)
 *   prepare   the domain capabilities → conversions and disk formats
 *             planned, the installer's boot files copied, seed media made
 *             (unattended script, cloud-init), both XML documents built
 *   check     the name, the disk paths and the free space, against the
 *             host's VMs
 *   make      images converted, overlays and (with make-volumes) new disk
 *             images made, with progress; cancellable
 *
 * The sync steps may block (files, qemu-img, a URL): run them in a worker
 * thread, or use vireo_install_plan_create_async(), which runs them all and
 * then the engine.  Every file a plan made is removed by
 * vireo_install_plan_remove_made(): a failed or cancelled install leaves
 * nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <osinfo/osinfo.h>

#include "vireo-domain-config.h"
#include "vireo-install-spec.h"
#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_INSTALL_PLAN (vireo_install_plan_get_type ())
G_DECLARE_FINAL_TYPE (VireoInstallPlan, vireo_install_plan, VIREO, INSTALL_PLAN, GObject)

/* What a step is doing: @status a sentence ("Converting “disk.vmdk”…"),
 * @fraction of it done (0 to 1; -1 when not known).  Called in the thread
 * that runs the step. */
typedef void (*VireoInstallProgressFunc) (const char *status,
                                          double      fraction,
                                          gpointer    user_data);

/* @spec is borrowed and must outlive the plan; the plan changes it where
 * the install needs (a converted disk's path and format). */
VireoInstallPlan  *vireo_install_plan_new                (VireoInstallSpec *spec,
                                                          const char       *uri)
    G_GNUC_WARN_UNUSED_RESULT;
VireoInstallSpec  *vireo_install_plan_get_spec           (VireoInstallPlan *self);
/* Where new disks, converted images and overlays go; the boot files and
 * seeds of the install phase go into its "boot" folder. */
void               vireo_install_plan_set_pool_directory (VireoInstallPlan *self,
                                                          const char       *directory);
const char        *vireo_install_plan_get_pool_directory (VireoInstallPlan *self);
/* FALSE (for --print-xml and --dry-run): nothing is fetched or made, but
 * for unattended scripts written into a scratch folder the plan removes. */
void               vireo_install_plan_set_making         (VireoInstallPlan *self,
                                                          gboolean          making);
/* TRUE: make() makes the new disk images itself, with qemu-img, in the
 * pool directory (the embedded root's image folder; a manager that holds
 * the root); FALSE: the engine makes them through the connection's storage.
 * Overlays over a backing image are always made by the plan. */
void               vireo_install_plan_set_make_volumes   (VireoInstallPlan *self,
                                                          gboolean          make_volumes);
/* TRUE: create_async() defines the lasting configuration and does not
 * start the VM (the user customizes it first; the install begins with
 * vireo_install_customize_install_xml() and
 * vireo_install_engine_begin_async()). */
void               vireo_install_plan_set_define_only    (VireoInstallPlan *self,
                                                          gboolean          define_only);
/* The virtual network new interfaces join (NULL: user-mode). */
void               vireo_install_plan_set_default_network (VireoInstallPlan *self,
                                                           const char       *network);
void               vireo_install_plan_set_progress_func  (VireoInstallPlan        *self,
                                                          VireoInstallProgressFunc func,
                                                          gpointer                 user_data);

gboolean           vireo_install_plan_resolve            (VireoInstallPlan *self,
                                                          const char       *caps_xml,
                                                          GCancellable     *cancellable,
                                                          GError          **error);
/* After resolve: the emulator, arch, machine and type to read the domain
 * capabilities for. */
VireoDomainConfig *vireo_install_plan_get_config         (VireoInstallPlan *self);
/* The OS chosen (NULL: generic). */
OsinfoOs          *vireo_install_plan_get_os             (VireoInstallPlan *self);

gboolean           vireo_install_plan_prepare            (VireoInstallPlan *self,
                                                          const char       *domcaps_xml,
                                                          GCancellable     *cancellable,
                                                          GError          **error);
/* After prepare: the install phase's XML (NULL when the VM boots the same
 * way from the start) and the lasting one. */
const char        *vireo_install_plan_get_install_xml    (VireoInstallPlan *self);
const char        *vireo_install_plan_get_final_xml      (VireoInstallPlan *self);
/* Passwords the seeds generated, to tell the user once: the unattended
 * install's administrator password, cloud-init's root password; NULL when
 * none was generated. */
const char        *vireo_install_plan_get_generated_admin_password (VireoInstallPlan *self);
const char        *vireo_install_plan_get_generated_root_password  (VireoInstallPlan *self);

/* @domains: name → XML of every VM of the host (vireo_connection_list_domain_xml()). */
gboolean           vireo_install_plan_check              (VireoInstallPlan *self,
                                                          GHashTable       *domains,
                                                          GError          **error);

gboolean           vireo_install_plan_make               (VireoInstallPlan *self,
                                                          GCancellable     *cancellable,
                                                          GError          **error);
/* After make: the install XML with the install phase's own files listed
 * (the engine removes them once the install ended). */
const char        *vireo_install_plan_get_marked_install_xml (VireoInstallPlan *self);
/* The new disk images the engine is to make (VireoDomainConfigVolume*,
 * owned by the plan): none when the plan made them. */
GPtrArray         *vireo_install_plan_get_engine_volumes (VireoInstallPlan *self);
/* Removes every file the plan made (on failure or cancellation). */
void               vireo_install_plan_remove_made        (VireoInstallPlan *self);

/* Everything, for a window on the owner context of @connection (open):
 * capabilities, resolve, domain capabilities, prepare, the host's VMs,
 * check, make (in worker threads), then the engine (the VM is defined and
 * started).  While it runs the plan's "status" and "fraction" properties
 * say how far it is (notified on the caller's context).  On failure or
 * cancellation nothing is left: no VM, no file.  With define-only the VM
 * is defined, not started.  The finish function
 * returns the new VM (a new reference). */
void               vireo_install_plan_create_async       (VireoInstallPlan   *self,
                                                          VireoConnection    *connection,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
VireoDomain       *vireo_install_plan_create_finish      (VireoInstallPlan *self,
                                                          GAsyncResult     *result,
                                                          GError          **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* Undoes what create_async() made: @domain (the VM it returned) is stopped
 * and undefined, its new disk images removed, then every file the plan
 * made (images, overlays, seeds, boot files) is removed.  For "Cancel
 * Installation" of a VM customized before its install. */
void               vireo_install_plan_remove_async       (VireoInstallPlan   *self,
                                                          VireoDomain        *domain,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean           vireo_install_plan_remove_finish      (VireoInstallPlan *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);
const char        *vireo_install_plan_get_status         (VireoInstallPlan *self);
double             vireo_install_plan_get_fraction       (VireoInstallPlan *self);

/* The image format of an existing file, as qemu-img names it: from its
 * header when it has a known one, else from qemu-img ("raw" when neither
 * says).  May block. */
char              *vireo_install_image_format            (const char *path)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
