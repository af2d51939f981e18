/* vireo-trace.h: start-up timeline for the benchmarks
 *
 * With VIREO_TRACE=1 in the environment, vireo_trace_mark() prints
 * "VIREO_TRACE <ms> <what>" on stderr: milliseconds since
 * vireo_trace_start() (called first thing in main()).  Without it, a mark
 * costs one branch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vireo_trace_start (void);
void vireo_trace_mark  (const char *what);

G_END_DECLS
