/* vireo-console-error.c: the GError domain of libvireo-console
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-console-error.h"

G_DEFINE_QUARK (vireo-console-error-quark, vireo_console_error)

gboolean
vireo_console_set_invalid (GError    **error,
                           const char *format,
                           ...)
{
    va_list args;
    g_autofree char *message = NULL;

    va_start (args, format);
    message = g_strdup_vprintf (format, args);
    va_end (args);
    g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE, message);
    return FALSE;
}
