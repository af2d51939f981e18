/* vireo-console-uri.h: viewer URIs (spice://, spice+tls://, spice+unix://, vnc://)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vireo-console-error.h"

G_BEGIN_DECLS

/* Default VNC port when vnc://host has none (vnc://host:N means TCP port N, as in
 * remote-viewer, not display number N). */
#define VIREO_CONSOLE_URI_VNC_DEFAULT_PORT 5900

/* TRUE when arg starts with one of the viewer's URI schemes (any case). */
gboolean vireo_console_uri_has_viewer_scheme (const char *arg);

/* Parses a viewer URI into [virt-viewer] keys of key_file (type, host, port,
 * tls-port, unix-path, username, password).  Errors: VIREO_CONSOLE_ERROR_INVALID_FILE
 * for a malformed address, VIREO_CONSOLE_ERROR_UNSUPPORTED for another scheme. */
gboolean vireo_console_uri_to_key_file (const char  *uri,
                                        GKeyFile    *key_file,
                                        GError     **error);

G_END_DECLS
