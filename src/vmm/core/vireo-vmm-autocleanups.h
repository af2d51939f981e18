/* vireo-vmm-autocleanups.h: g_autoptr() support for libvirt and libxml2 handles
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

G_END_DECLS
