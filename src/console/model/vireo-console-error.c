/* vireo-console-error.c: the GError domain of libvireo-console
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-console-error.h"

G_DEFINE_QUARK (vireo-console-error-quark, vireo_console_error)
