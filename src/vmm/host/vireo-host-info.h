/* vireo-host-info.h: what the host window's overview says about a connection's host
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

typedef struct {
    char    *uri;                 /* as libvirt names the connection */
    char    *hostname;
    char    *hypervisor;          /* "QEMU" */
    char    *hypervisor_version;  /* "7.2.0"; NULL when the driver does not say */
    char    *libvirt_version;     /* of the daemon, or of the library in-process */
    char    *arch;                /* "x86_64" */
    char    *cpu_model;           /* "Skylake-Client-IBRS"; NULL when unknown */
    char    *cpu_vendor;          /* "Intel"; NULL when unknown */
    guint    cpus;                /* logical CPUs */
    guint    mhz;
    guint    sockets;             /* in all */
    guint    cores;               /* per socket */
    guint    threads;             /* per core */
    guint    numa_nodes;
    guint64  memory_kib;
    gboolean with_capabilities;   /* hypervisor_version and the CPU were read */
} VireoHostInfo;

/* What vireo_host_read_info() reads besides the names, libvirt's version and
 * the node info (a few quick calls).
 * @VIREO_HOST_INFO_CAPABILITIES: the hypervisor's version and the
 *   capabilities' CPU model, vendor and topology.  A QEMU driver builds its
 *   capabilities for these (probing the host's CPU and its emulators): seconds
 *   on a loaded host, so that a window reads them second. */
typedef enum {
    VIREO_HOST_INFO_BASIC        = 0,
    VIREO_HOST_INFO_CAPABILITIES = 1 << 0,
} VireoHostInfoFlags;

#define VIREO_TYPE_HOST_INFO (vireo_host_info_get_type ())
GType          vireo_host_info_get_type (void) G_GNUC_CONST;
VireoHostInfo *vireo_host_info_copy     (const VireoHostInfo *info) G_GNUC_WARN_UNUSED_RESULT;
void           vireo_host_info_free     (VireoHostInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostInfo, vireo_host_info_free)

/* "2 sockets, 2 cores, 2 threads" (cores per socket, threads per core). */
char          *vireo_host_info_dup_topology (const VireoHostInfo *info) G_GNUC_WARN_UNUSED_RESULT;

/* Reads the host's facts: names, libvirt's version, node info and, with
 * VIREO_HOST_INFO_CAPABILITIES, the hypervisor's version and the CPU.
 * Blocking; the connection must be open. */
VireoHostInfo *vireo_host_read_info        (VireoConnection    *connection,
                                            VireoHostInfoFlags  flags,
                                            GCancellable       *cancellable,
                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void           vireo_host_read_info_async  (VireoConnection    *connection,
                                            VireoHostInfoFlags  flags,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
VireoHostInfo *vireo_host_read_info_finish (VireoConnection    *connection,
                                            GAsyncResult       *result,
                                            GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* libvirt's packed version number (major * 1,000,000 + minor * 1,000 +
 * release) as "9.0.0". */
char          *vireo_host_format_version (unsigned long version) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
