/* vireo-install-customize.h: an install that the user customized before it began
 *
 * "Customize configuration before install" (the New VM wizard) defines the
 * VM's lasting configuration without starting it, and lets the user edit
 * it.  When the install begins, its install phase is that edited
 * definition plus what the install phase changes: the boot (kernel, initrd,
 * command line, boot devices), on_reboot, the install media and seeds, and
 * the list of the install phase's own files.  The lasting configuration
 * after the install stays the edited definition.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Returns @edited_xml with the install phase of @install_xml (the plan's
 * marked install XML) applied:
 *   - <os>: @install_xml's <kernel>, <initrd>, <cmdline> and <boot> replace
 *     @edited_xml's (the rest of <os>, firmware included, stays the user's);
 *     when it names boot devices, the devices' own <boot order> go (libvirt
 *     refuses both at once);
 *   - on_reboot, when @install_xml sets it;
 *   - every disk of @install_xml: one of @edited_xml on the same target gets
 *     its source (and driver) when it has none (the install media, emptied in
 *     the lasting configuration); one whose target is not there is added (a
 *     seed, or install media the user removed);
 *   - the <metadata> of the install phase (vireo:install).
 * Errors: either document is not a domain's XML.
 */
char *vireo_install_customize_install_xml (const char *edited_xml,
                                           const char *install_xml,
                                           GError    **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
