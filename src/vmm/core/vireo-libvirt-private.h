/* vireo-libvirt-private.h: helpers shared by the libvirt-backed storage and
 * network implementations (vireo-storage-libvirt.c, vireo-network-libvirt.c)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection-private.h"
#include "vireo-vmm-error.h"

G_BEGIN_DECLS

/* A new reference to the libvirt connection (close it with virConnectClose):
 * @handle when the object was made for a bare handle, else the handle of the
 * VireoConnection held weakly in @connection.  NULL with an error carrying
 * @unreachable (a whole sentence) when that connection is gone or not open. */
static inline virConnectPtr
_vireo_libvirt_conn_ref (virConnectPtr  handle,
                         GWeakRef      *connection,
                         const char    *unreachable,
                         GError       **error)
{
    g_autoptr(VireoConnection) owner = NULL;
    virConnectPtr conn = handle;

    if (conn != NULL) {
        virConnectRef (conn);
        return conn;
    }
    owner = g_weak_ref_get (connection);
    conn = owner != NULL ? _vireo_connection_ref_handle (owner, NULL) : NULL;
    if (conn == NULL)
        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE, unreachable);
    return conn;
}

G_END_DECLS
