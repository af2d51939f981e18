/* vireo-trace.c: start-up timeline for the benchmarks
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include "vireo-trace.h"

static gint64 trace_start_us;
static gboolean trace_enabled;

void
vireo_trace_start (void)
{
    trace_start_us = g_get_monotonic_time ();
    trace_enabled = g_strcmp0 (g_getenv ("VIREO_TRACE"), "1") == 0;
}

void
vireo_trace_mark (const char *what)
{
    if (!trace_enabled)
        return;
    fprintf (stderr, "VIREO_TRACE %.1f %s\n",
             (g_get_monotonic_time () - trace_start_us) / 1000.0, what);
}
