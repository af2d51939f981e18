/* vireo-console-error.h: the GError domain of libvireo-console
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIREO_CONSOLE_ERROR (vireo_console_error_quark ())

typedef enum {
    VIREO_CONSOLE_ERROR_FAILED,
    VIREO_CONSOLE_ERROR_INVALID_FILE,   /* malformed connection file */
    VIREO_CONSOLE_ERROR_UNSUPPORTED,    /* protocol or option not supported */
    VIREO_CONSOLE_ERROR_AUTH,           /* wrong or missing password */
    VIREO_CONSOLE_ERROR_DISCONNECTED,   /* the server closed the connection */
} VireoConsoleError;

GQuark vireo_console_error_quark (void);

G_END_DECLS
