/* vireo-guest-info.h: what the guest agent says about a running guest
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

/* One network interface of the guest, as its agent sees it. */
typedef struct {
    char  *name;       /* "eth0" */
    char  *hwaddr;     /* "52:54:00:12:34:56", or NULL */
    GStrv  addresses;  /* "10.0.2.15/24", "fe80::5054:ff:fe12:3456/64" */
} VireoGuestInterface;

/* The guest's facts; any may be NULL when the agent does not report it. */
typedef struct {
    char      *hostname;
    char      *os_name;        /* the OS's pretty name: "Debian GNU/Linux 12 (bookworm)" */
    char      *kernel;         /* "6.1.0-13-cloud-amd64" */
    char      *timezone;       /* "CET (+01:00)", "UTC (+00:00)" */
    GStrv      users;          /* the users logged in, each once */
    GPtrArray *interfaces;     /* VireoGuestInterface*, the loopback left out */
} VireoGuestInfo;

void vireo_guest_info_free (VireoGuestInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoGuestInfo, vireo_guest_info_free)

/* Asks @domain's guest agent (virDomainGetGuestInfo and
 * virDomainInterfaceAddresses with the agent as source).  Fails with
 * libvirt's reason when no agent answers (not configured, not connected,
 * or the guest is not running). */
VireoGuestInfo *vireo_domain_dup_guest_info        (VireoDomain        *domain,
                                                    GCancellable       *cancellable,
                                                    GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void            vireo_domain_dup_guest_info_async  (VireoDomain        *domain,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
VireoGuestInfo *vireo_domain_dup_guest_info_finish (VireoDomain        *domain,
                                                    GAsyncResult       *result,
                                                    GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
