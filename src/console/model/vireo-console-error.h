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

GQuark   vireo_console_error_quark (void);

/* Sets @error to VIREO_CONSOLE_ERROR_INVALID_FILE with a message (a whole translated
 * sentence) and returns FALSE: the one error of the parsers of .vv files and console
 * addresses, `return vireo_console_set_invalid (error, _("…"), …);`. */
gboolean vireo_console_set_invalid (GError    **error,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
