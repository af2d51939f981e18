/* vireo-new-vm-customize.h: "Customize configuration before install"
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-install-plan.h"
#include "vireo-vmm.h"

G_BEGIN_DECLS

/*
 * @domain was defined, not started, by @plan (define-only).  Opens its VM
 * window on Details with Begin Installation and Cancel Installation (and
 * asks before a close cancels it).  Begin Installation runs the install
 * through the engine (vireo_install_engine_begin_async(): the edited
 * definition plus the install phase), shows the console and, once the
 * installer has shut down, boots the lasting configuration (the edited
 * one).  Cancel Installation removes the VM and every file the plan made
 * (vireo_install_plan_remove_async()).  Takes @plan and @spec (the plan's
 * spec, freed after it).
 */
void vireo_new_vm_customize_start (GtkApplication   *application,
                                   GSettings        *settings,
                                   VireoInstallPlan *plan,
                                   VireoInstallSpec *spec,
                                   VireoDomain      *domain);

G_END_DECLS
