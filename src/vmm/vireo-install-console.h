/* vireo-install-console.h: vireo-install's --autoconsole
 *
 * vireo-install needs no display: for a VM with graphics it runs
 * `vireo-viewer --connect URI NAME` (found next to vireo-install, else on
 * PATH); for a VM without graphics, or when no viewer is installed, it shows
 * the serial console over a libvirt stream in the terminal, as a text
 * console (Ctrl+] leaves it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

/* The vireo-viewer next to the running program or on PATH, or NULL. */
char     *vireo_install_console_find_viewer (void);

/* Starts vireo-viewer for @name on @uri without waiting for it. */
gboolean  vireo_install_console_spawn_viewer (const char *viewer,
                                              const char *uri,
                                              const char *name,
                                              GError    **error);

/* Replaces the running program with vireo-viewer (used on the embedded
 * connection, whose root the viewer must be able to open); returns only on
 * failure. */
gboolean  vireo_install_console_exec_viewer  (const char *viewer,
                                              const char *uri,
                                              const char *name,
                                              GError    **error);

typedef struct _VireoInstallConsole VireoInstallConsole;

/* Attaches the terminal to @domain's first console over a libvirt stream.
 * Output goes to stdout; stdin (raw when it is a terminal) to the guest.
 * @closed runs on the thread-default context when the stream ends or the
 * user presses Ctrl+]. */
VireoInstallConsole *vireo_install_console_open  (VireoDomain *domain,
                                                  GSourceFunc  closed,
                                                  gpointer     user_data,
                                                  GError     **error);
void                 vireo_install_console_close (VireoInstallConsole *console);

G_END_DECLS
