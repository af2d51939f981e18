/* vireo-ssh-tunnel.h: reach a console port of a remote host through ssh
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIREO_TYPE_SSH_TUNNEL (vireo_ssh_tunnel_get_type ())
G_DECLARE_FINAL_TYPE (VireoSshTunnel, vireo_ssh_tunnel, VIREO, SSH_TUNNEL, GObject)

/*
 * Consoles of qemu+ssh:// hosts usually listen on the remote host's
 * loopback only.  A tunnel listens on 127.0.0.1 at a port of its own and,
 * for every client that connects (SPICE opens one socket per channel),
 * runs `ssh [-p PORT] [-l USER] -W TARGET:TPORT HOST` and copies bytes both
 * ways.  ssh takes its keys, agent and ~/.ssh/config as for libvirt's own
 * qemu+ssh transport; it needs AllowTcpForwarding on the server.  The
 * program run is "ssh", or $VIREO_SSH when set.
 */
VireoSshTunnel *vireo_ssh_tunnel_new          (const char *user,
                                               const char *host,
                                               int         ssh_port,
                                               const char *target_host,
                                               guint       target_port) G_GNUC_WARN_UNUSED_RESULT;
/* Starts listening; the port is then vireo_ssh_tunnel_get_local_port(). */
gboolean        vireo_ssh_tunnel_start        (VireoSshTunnel *self,
                                               GError        **error);
guint           vireo_ssh_tunnel_get_local_port (VireoSshTunnel *self);
/* Stops listening and ends every ssh process this tunnel started. */
void            vireo_ssh_tunnel_stop         (VireoSshTunnel *self);
/* The ssh command line for one client (for logs and tests). */
GStrv           vireo_ssh_tunnel_build_argv   (VireoSshTunnel *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
