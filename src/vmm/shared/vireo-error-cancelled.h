/* vireo-error-cancelled.h: the one cancellation error, for every layer
 *
 * A call that was cancelled, by its GCancellable or because what it was
 * made for was closed meanwhile, fails with G_IO_ERROR_CANCELLED in every
 * layer, and callbacks that ignore cancellation ask
 * vireo_error_is_cancelled().  Header only: this folder holds what the
 * libraries built without the core (vireo-viewer's libvirt-free console)
 * share with it, so that no build sees a declaration it lacks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE when @error (may be NULL) says that the call was cancelled. */
static inline gboolean
vireo_error_is_cancelled (const GError *error)
{
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

G_END_DECLS
