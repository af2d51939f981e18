/* vireo-connection-private.h: shared between vireo-connection*.c and vireo-domain.c
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

/* A snapshot of one domain's facts, read in a worker thread. */
typedef struct {
    virDomainPtr handle;     /* owned reference */
    char        *name;
    char         uuid[VIR_UUID_STRING_BUFLEN];
    int          id;
    int          state;
    int          reason;
    gboolean     persistent;
    gboolean     autostart;
    gboolean     has_managed_save;
} VireoDomainInfo;

/* Reads everything but the handle's ref (taken) from @dom; worker thread. */
VireoDomainInfo *_vireo_domain_info_read  (virDomainPtr dom);
void             _vireo_domain_info_free  (VireoDomainInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainInfo, _vireo_domain_info_free)

GMainContext *_vireo_connection_get_context  (VireoConnection *self);
/* Adds or updates from @info (owner context); returns the domain (borrowed). */
VireoDomain  *_vireo_connection_merge_domain (VireoConnection *self,
                                              VireoDomainInfo *info);
void          _vireo_connection_remove_domain (VireoConnection *self,
                                               VireoDomain     *domain);
VireoDomain  *_vireo_connection_lookup_uuid   (VireoConnection *self,
                                               const char      *uuid);

/* vireo-connection-events.c: libvirt event and close callbacks (owner
 * context) registered on @conn; returns FALSE with libvirt's error. */
gboolean      _vireo_connection_register_events   (VireoConnection *self,
                                                   virConnectPtr    conn,
                                                   GError         **error);
void          _vireo_connection_unregister_events (VireoConnection *self,
                                                   virConnectPtr    conn);
/* Called by the events code when the link drops. */
void          _vireo_connection_handle_closed     (VireoConnection *self,
                                                   int              reason);

/* vireo-domain.c */
VireoDomain  *_vireo_domain_new        (VireoConnection *connection,
                                        VireoDomainInfo *info);
void          _vireo_domain_update     (VireoDomain     *self,
                                        VireoDomainInfo *info);
void          _vireo_domain_set_state  (VireoDomain     *self,
                                        int              state,
                                        int              reason);
void          _vireo_domain_emit_event (VireoDomain         *self,
                                        VireoDomainEventKind kind,
                                        int                  detail,
                                        int                  detail2,
                                        const char          *text);

G_END_DECLS
