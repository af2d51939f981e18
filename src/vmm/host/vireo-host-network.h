/* vireo-host-network.h: libvirt's virtual networks, as the host window manages them
 *
 * (VireoNetwork, in vireo-network.h, is what a new VM's interface may
 * connect to; this is the networks themselves: their state, their
 * addresses, and creating, starting, stopping and deleting them.)  The
 * embedded connection has no virtual networks: its calls fail with
 * VIREO_VMM_ERROR_UNSUPPORTED.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_HOST_NETWORK_NAT,        /* <forward mode='nat'> (or no mode) */
    VIREO_HOST_NETWORK_ROUTE,      /* <forward mode='route'> */
    VIREO_HOST_NETWORK_ISOLATED,   /* no <forward> */
    VIREO_HOST_NETWORK_OPEN,       /* <forward mode='open'> */
    VIREO_HOST_NETWORK_BRIDGE,     /* <forward mode='bridge'>: a host bridge */
    VIREO_HOST_NETWORK_OTHER,      /* passthrough, private, vepa, hostdev */
} VireoHostNetworkMode;

/* One address family of a network: the host's address on it, and DHCP. */
typedef struct {
    char  *address;       /* "192.168.122.1"; NULL: the network has none of this family */
    guint  prefix;        /* 24 */
    char  *dhcp_start;    /* NULL: no DHCP */
    char  *dhcp_end;
} VireoHostNetworkIp;

typedef struct {
    char                 *name;
    char                 *uuid;
    gboolean              active;
    gboolean              autostart;
    gboolean              persistent;
    VireoHostNetworkMode  mode;
    char                 *mode_name;     /* libvirt's: "nat", "route", ... ("" isolated) */
    char                 *forward_dev;   /* NULL: any */
    char                 *bridge;        /* "virbr0"; NULL when libvirt has not named it */
    char                 *domain;        /* DNS domain, or NULL */
    VireoHostNetworkIp    ipv4;
    VireoHostNetworkIp    ipv6;
} VireoHostNetwork;

#define VIREO_TYPE_HOST_NETWORK (vireo_host_network_get_type ())
GType             vireo_host_network_get_type (void) G_GNUC_CONST;
VireoHostNetwork *vireo_host_network_copy     (const VireoHostNetwork *network)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_host_network_free     (VireoHostNetwork *network);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostNetwork, vireo_host_network_free)

/* Reads a <network> description; NULL with VIREO_VMM_ERROR_INVALID when it
 * is not one.  State and autostart are not in the XML: FALSE. */
VireoHostNetwork *vireo_host_network_new_from_xml (const char *xml,
                                                   GError    **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* "NAT", "Routed", "Isolated", "Open", "Bridged", or libvirt's mode. */
const char       *vireo_host_network_describe_mode (const VireoHostNetwork *network);
/* "192.168.122.1/24 (DHCP 192.168.122.2–192.168.122.254)", one line per
 * family; "" without addresses. */
char             *vireo_host_network_dup_ip_summary (const VireoHostNetwork *network)
    G_GNUC_WARN_UNUSED_RESULT;

/* What a new network is made of. */
typedef struct {
    char                 *name;
    VireoHostNetworkMode  mode;           /* NAT, ROUTE, ISOLATED or OPEN */
    char                 *forward_dev;    /* NAT and ROUTE: the host interface; NULL: any */
    char                 *ipv4_network;   /* "192.168.100.0/24"; NULL: no IPv4 */
    gboolean              ipv4_dhcp;
    char                 *ipv4_dhcp_start;/* NULL: the upper half of the network */
    char                 *ipv4_dhcp_end;
    char                 *ipv6_network;   /* "fd00:100::/64"; NULL: no IPv6 */
    gboolean              ipv6_dhcp;      /* needs a /64 */
    char                 *ipv6_dhcp_start;/* NULL: ::100 to ::1ff */
    char                 *ipv6_dhcp_end;
    char                 *domain;         /* DNS domain; NULL: none */
    gboolean              autostart;
} VireoHostNetworkSpec;

VireoHostNetworkSpec *vireo_host_network_spec_new  (void) G_GNUC_WARN_UNUSED_RESULT;
void                  vireo_host_network_spec_free (VireoHostNetworkSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostNetworkSpec, vireo_host_network_spec_free)

/* The <network> XML of @spec, or NULL with VIREO_VMM_ERROR_INVALID and a
 * sentence naming what is wrong (a name, an address, a range outside its
 * network, a forward device on an isolated network, ...). */
char *vireo_host_network_spec_to_xml (const VireoHostNetworkSpec *spec,
                                      GError                    **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* An IPv4 /24 in 192.168.100.0 – 192.168.254.0 that none of @networks
 * (VireoHostNetwork*) uses: "192.168.101.0/24". */
char *vireo_host_network_suggest_ipv4 (GPtrArray *networks) G_GNUC_WARN_UNUSED_RESULT;

typedef enum {
    VIREO_HOST_NETWORK_ACTION_START,
    VIREO_HOST_NETWORK_ACTION_STOP,
    VIREO_HOST_NETWORK_ACTION_AUTOSTART_ON,
    VIREO_HOST_NETWORK_ACTION_AUTOSTART_OFF,
    VIREO_HOST_NETWORK_ACTION_DELETE,        /* stopped first, then undefined */
} VireoHostNetworkAction;

/* Every virtual network (array of VireoHostNetwork*), sorted by name. */
GPtrArray        *vireo_host_list_networks          (VireoConnection    *connection,
                                                     GCancellable       *cancellable,
                                                     GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_host_list_networks_async    (VireoConnection    *connection,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GPtrArray        *vireo_host_list_networks_finish   (VireoConnection    *connection,
                                                     GAsyncResult       *result,
                                                     GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

gboolean          vireo_host_network_act            (VireoConnection        *connection,
                                                     const char             *name,
                                                     VireoHostNetworkAction  action,
                                                     GCancellable           *cancellable,
                                                     GError                **error);
void              vireo_host_network_act_async      (VireoConnection        *connection,
                                                     const char             *name,
                                                     VireoHostNetworkAction  action,
                                                     GCancellable           *cancellable,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data);
gboolean          vireo_host_network_act_finish     (VireoConnection *connection,
                                                     GAsyncResult    *result,
                                                     GError         **error);

/* Defines the network of @spec, starts it and marks it autostart when asked;
 * a network that fails to start is undefined again.  Returns the network as
 * libvirt then describes it. */
VireoHostNetwork *vireo_host_create_network         (VireoConnection            *connection,
                                                     const VireoHostNetworkSpec *spec,
                                                     GCancellable               *cancellable,
                                                     GError                    **error)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_host_create_network_async   (VireoConnection            *connection,
                                                     const VireoHostNetworkSpec *spec,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
VireoHostNetwork *vireo_host_create_network_finish  (VireoConnection *connection,
                                                     GAsyncResult    *result,
                                                     GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The network's XML as libvirt gives it now. */
char             *vireo_host_network_dup_xml        (VireoConnection *connection,
                                                     const char      *name,
                                                     GCancellable    *cancellable,
                                                     GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_host_network_dup_xml_async  (VireoConnection    *connection,
                                                     const char         *name,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
char             *vireo_host_network_dup_xml_finish (VireoConnection *connection,
                                                     GAsyncResult    *result,
                                                     GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The running VMs with an interface on the network (sorted names; empty
 * when none), to warn before the network stops. */
GStrv             vireo_host_network_list_users        (VireoConnection *connection,
                                                        const char      *name,
                                                        GCancellable    *cancellable,
                                                        GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_host_network_list_users_async  (VireoConnection    *connection,
                                                        const char         *name,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GStrv             vireo_host_network_list_users_finish (VireoConnection *connection,
                                                        GAsyncResult    *result,
                                                        GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The host's network interfaces a NAT or routed network can forward to
 * (sorted names, the loopback left out). */
GStrv             vireo_host_list_interfaces        (VireoConnection    *connection,
                                                     GCancellable       *cancellable,
                                                     GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void              vireo_host_list_interfaces_async  (VireoConnection    *connection,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GStrv             vireo_host_list_interfaces_finish (VireoConnection *connection,
                                                     GAsyncResult    *result,
                                                     GError         **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
