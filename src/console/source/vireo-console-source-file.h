/* vireo-console-source-file.h: a console described by a .vv file or a spice:// or vnc:// address
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-file.h"
#include "vireo-console-source.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_SOURCE_FILE (vireo_console_source_file_get_type ())
G_DECLARE_FINAL_TYPE (VireoConsoleSourceFile, vireo_console_source_file, VIREO,
                      CONSOLE_SOURCE_FILE, GObject)

/*
 * The console of a VireoConsoleFile (loaded from a .vv file, standard input
 * or a viewer URI).  It is always available and offers one graphical
 * console; its display is a SPICE or VNC one set up as the file says
 * (address, TLS, proxy, disabled channels, USB redirection, the password
 * it carries).  oVirt files and files that ask for a newer viewer cannot
 * be opened.
 *
 * Title: the file's title (its "%d" replaced by "1"), else "host:port",
 * else the host or UNIX socket.  Remembered passwords use the host (or the
 * socket), the port (-1 for a socket) and "spice://host:port" or
 * "vnc://host:port"; clipboard sharing uses the oVirt VM id, else
 * "host:port".
 */
VireoConsoleSource *vireo_console_source_file_new      (VireoConsoleFile       *file)
    G_GNUC_WARN_UNUSED_RESULT;
VireoConsoleFile   *vireo_console_source_file_get_file (VireoConsoleSourceFile *self);

G_END_DECLS
