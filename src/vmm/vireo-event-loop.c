/* vireo-event-loop.c: libvirt's event loop on a thread of its own
 *
 * libvirt delivers domain events and keepalives, and the embedded QEMU driver
 * talks to QEMU's monitor, only while an event loop runs.  Vireo runs
 * libvirt's default implementation on one dedicated thread; callbacks that
 * arrive there are marshalled to their connection's GMainContext.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-event-loop.h"
#include "vireo-vmm-error.h"

static gpointer
event_loop_thread (gpointer data)
{
    for (;;) {
        if (virEventRunDefaultImpl () < 0)
            g_warning ("libvirt event loop iteration failed: %s",
                       virGetLastErrorMessage ());
    }
    return NULL;
}

gboolean
vireo_event_loop_ensure (GError **error)
{
    static gsize once = 0;
    static gboolean ok = FALSE;
    static char *failure = NULL;

    if (g_once_init_enter (&once)) {
        vireo_vmm_silence_libvirt_errors ();
        if (virInitialize () < 0 || virEventRegisterDefaultImpl () < 0) {
            failure = g_strdup (virGetLastErrorMessage ());
        } else {
            g_thread_unref (g_thread_new ("vireo-libvirt-events", event_loop_thread, NULL));
            ok = TRUE;
        }
        g_once_init_leave (&once, 1);
    }
    if (!ok) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("libvirt's event loop could not be started: %s"), failure);
        return FALSE;
    }
    return TRUE;
}
