/* vireo-event-loop.h: libvirt's event loop on a thread of its own
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers libvirt's default event implementation and starts one thread
 * that runs it for the rest of the process.  Must be called before the first
 * connection is opened (the embedded driver requires a running loop).
 * Thread-safe and idempotent. */
gboolean vireo_event_loop_ensure (GError **error);

G_END_DECLS
