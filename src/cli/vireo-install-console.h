/* vireo-install-console.h: vireo-install's --autoconsole
 *
 * vireo-install needs no display: for a VM with graphics, when there is a
 * display, it runs `vireo-viewer --connect URI --wait NAME` (found through
 * $VIREO_VIEWER, next to vireo-install, else on PATH), as virt-install runs
 * virt-viewer; for a VM without graphics, or with --autoconsole text, it
 * shows the VM's console over a libvirt stream in the terminal, as virsh
 * console does (Ctrl+] leaves it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

/* The viewer to run: $VIREO_VIEWER when set (a program path), else the
 * vireo-viewer next to the running program or on PATH; NULL when none. */
char     *vireo_install_console_find_viewer (void) G_GNUC_WARN_UNUSED_RESULT;

/* The viewer's arguments (without the program) for the VM @name on @uri:
 * `--connect URI --wait NAME` (with --attach when the graphics listen
 * nowhere or use GL), as virt-install starts virt-viewer.  When this process
 * holds the embedded root (@own_root), the viewer cannot open it, so the
 * display's address is read from the running VM's @live_xml instead:
 * `--title NAME spice://HOST:PORT` or `vnc://HOST:PORT`.  NULL when the VM
 * has no graphics a viewer can reach that way. */
GStrv     vireo_install_console_viewer_args  (const char *uri,
                                              const char *name,
                                              const char *live_xml,
                                              gboolean    own_root) G_GNUC_WARN_UNUSED_RESULT;

/* Starts @viewer with @args; with @pid, the child is not reaped (watch it
 * with g_child_watch_add). */
gboolean  vireo_install_console_spawn_viewer (const char         *viewer,
                                              const char * const *args,
                                              GPid               *pid,
                                              GError            **error);

typedef struct _VireoInstallConsole VireoInstallConsole;

/* Attaches the terminal to @domain's first console (a VireoConsoleStream,
 * taken over from any other client).
 * Output goes to stdout; stdin (raw when it is a terminal) to the guest.
 * @closed runs on the thread-default context when the stream ends or the
 * user presses Ctrl+]. */
VireoInstallConsole *vireo_install_console_open  (VireoDomain *domain,
                                                  GSourceFunc  closed,
                                                  gpointer     user_data,
                                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_console_close (VireoInstallConsole *console);

G_END_DECLS
