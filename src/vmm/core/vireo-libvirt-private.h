/* vireo-libvirt-private.h: libvirt helpers private to libvireo-vmm
 *
 * g_autoptr() support for libvirt's handles, and the connection reference
 * that the libvirt-backed storage and network implementations share
 * (vireo-storage-libvirt.c, vireo-network-libvirt.c).  libvirt is included
 * only inside the core: headers for the other layers never include this.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

G_BEGIN_DECLS

static inline void
vireo_virt_connect_unref (virConnectPtr conn)
{
    if (conn)
        virConnectClose (conn);
}

typedef struct _virConnect  VireoVirtConnect;
typedef struct _virDomain   VireoVirtDomain;
typedef struct _virStoragePool VireoVirtStoragePool;
typedef struct _virStorageVol  VireoVirtStorageVol;
typedef struct _virNetwork  VireoVirtNetwork;

static inline void vireo_virt_domain_free (virDomainPtr d) { if (d) virDomainFree (d); }
static inline void vireo_virt_pool_free (virStoragePoolPtr p) { if (p) virStoragePoolFree (p); }
static inline void vireo_virt_vol_free (virStorageVolPtr v) { if (v) virStorageVolFree (v); }
static inline void vireo_virt_network_free (virNetworkPtr n) { if (n) virNetworkFree (n); }

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVirtConnect, vireo_virt_connect_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVirtDomain, vireo_virt_domain_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVirtStoragePool, vireo_virt_pool_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVirtStorageVol, vireo_virt_vol_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVirtNetwork, vireo_virt_network_free)

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
