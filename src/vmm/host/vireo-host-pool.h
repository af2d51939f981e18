/* vireo-host-pool.h: libvirt's storage pools, as the host window manages them
 *
 * Listing pools is VireoStorage's (vireo_storage_list_pools(), which the
 * embedded image folder answers too); this is creating, starting,
 * stopping, refreshing and deleting them, which only libvirt's storage
 * offers: on the embedded connection these calls fail with
 * VIREO_VMM_ERROR_UNSUPPORTED.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

/* The pool types a new pool can have, as libvirt names them. */
#define VIREO_HOST_POOL_TYPES "dir", "fs", "netfs", "logical", "disk", "iscsi"

/* What a new pool is made of; which fields count depends on the type:
 *   dir      target_path
 *   fs       source_path (a block device), source_format (NULL: auto), target_path
 *   netfs    source_host, source_path (the exported folder), source_format
 *            (NULL: auto; "nfs", "cifs", "glusterfs"), target_path
 *   logical  source_name (the volume group; NULL: the pool's name), source_path
 *            (a device to build the group on, with build), target_path (NULL:
 *            /dev/GROUP)
 *   disk     source_path (the whole disk), source_format (NULL: unknown; "dos",
 *            "gpt", ...), target_path (NULL: /dev)
 *   iscsi    source_host, source_path (the target's IQN), initiator (NULL:
 *            the host's), target_path (NULL: /dev/disk/by-path) */
typedef struct {
    char    *name;
    char    *type;
    char    *target_path;
    char    *source_host;
    char    *source_path;
    char    *source_name;
    char    *source_format;
    char    *initiator;
    /* dir, fs, netfs: make the target folder; logical: make the volume
     * group on source_path; disk: write a new partition table, erasing
     * the disk. */
    gboolean build;
    gboolean autostart;
} VireoHostPoolSpec;

VireoHostPoolSpec *vireo_host_pool_spec_new  (const char *type) G_GNUC_WARN_UNUSED_RESULT;
void               vireo_host_pool_spec_free (VireoHostPoolSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostPoolSpec, vireo_host_pool_spec_free)

/* The <pool> XML of @spec, or NULL with VIREO_VMM_ERROR_INVALID naming the
 * field that is missing or wrong. */
char *vireo_host_pool_spec_to_xml (const VireoHostPoolSpec *spec,
                                   GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE for the types libvirt can scan for sources (netfs: a host's
 * exports, logical: the host's volume groups, iscsi: a host's targets);
 * *@needs_host says whether the scan asks a host. */
gboolean vireo_host_pool_type_can_scan (const char *type,
                                        gboolean   *needs_host);

/* One source a scan found: the fields it fills in a spec. */
typedef struct {
    char *host;
    char *path;       /* netfs: the exported folder; iscsi: the IQN; logical: a device */
    char *name;       /* logical: the volume group */
    char *format;     /* netfs: "nfs", ...; logical: "lvm2" */
} VireoHostPoolSource;

void vireo_host_pool_source_free (VireoHostPoolSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostPoolSource, vireo_host_pool_source_free)

/* Reads libvirt's <sources> answer (virConnectFindStoragePoolSources()):
 * an array of VireoHostPoolSource*, or NULL with an error. */
GPtrArray *vireo_host_pool_sources_from_xml (const char *xml,
                                             GError    **error) G_GNUC_WARN_UNUSED_RESULT;

typedef enum {
    VIREO_HOST_POOL_ACTION_START,
    VIREO_HOST_POOL_ACTION_STOP,
    VIREO_HOST_POOL_ACTION_REFRESH,
    VIREO_HOST_POOL_ACTION_AUTOSTART_ON,
    VIREO_HOST_POOL_ACTION_AUTOSTART_OFF,
    VIREO_HOST_POOL_ACTION_DELETE,       /* stopped, then undefined; the volumes stay */
} VireoHostPoolAction;

gboolean   vireo_host_pool_act                (VireoConnection     *connection,
                                               const char          *name,
                                               VireoHostPoolAction  action,
                                               GCancellable        *cancellable,
                                               GError             **error);
void       vireo_host_pool_act_async          (VireoConnection     *connection,
                                               const char          *name,
                                               VireoHostPoolAction  action,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean   vireo_host_pool_act_finish         (VireoConnection *connection,
                                               GAsyncResult    *result,
                                               GError         **error);

/* Defines the pool of @spec, builds it when asked (dir, fs and netfs
 * folders always), starts it and marks it autostart when asked; a pool
 * that fails is undefined again.  Returns the pool's name. */
char      *vireo_host_create_pool             (VireoConnection         *connection,
                                               const VireoHostPoolSpec *spec,
                                               GCancellable            *cancellable,
                                               GError                 **error)
    G_GNUC_WARN_UNUSED_RESULT;
void       vireo_host_create_pool_async       (VireoConnection         *connection,
                                               const VireoHostPoolSpec *spec,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data);
char      *vireo_host_create_pool_finish      (VireoConnection *connection,
                                               GAsyncResult    *result,
                                               GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* What libvirt finds for a pool of @type (on @host where the type needs
 * one; @initiator for iscsi, or NULL): array of VireoHostPoolSource*. */
GPtrArray *vireo_host_find_pool_sources        (VireoConnection    *connection,
                                                const char         *type,
                                                const char         *host,
                                                const char         *initiator,
                                                GCancellable       *cancellable,
                                                GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void       vireo_host_find_pool_sources_async  (VireoConnection    *connection,
                                                const char         *type,
                                                const char         *host,
                                                const char         *initiator,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
GPtrArray *vireo_host_find_pool_sources_finish (VireoConnection *connection,
                                                GAsyncResult    *result,
                                                GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The pool's XML as libvirt gives it now. */
char      *vireo_host_pool_dup_xml             (VireoConnection *connection,
                                                const char      *name,
                                                GCancellable    *cancellable,
                                                GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
void       vireo_host_pool_dup_xml_async       (VireoConnection    *connection,
                                                const char         *name,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
char      *vireo_host_pool_dup_xml_finish      (VireoConnection *connection,
                                                GAsyncResult    *result,
                                                GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
