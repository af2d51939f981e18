/* vireo-ssh-tunnel.c: reach a console port of a remote host through ssh
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-console-error.h"
#include "vireo-error-cancelled.h"
#include "vireo-ssh-tunnel.h"

struct _VireoSshTunnel {
    GObject parent_instance;

    /* settings */
    char             *user;
    char             *host;
    int               ssh_port;
    char             *target_host;
    guint             target_port;

    /* owned */
    GSocketService   *service;
    GPtrArray        *processes;     /* GSubprocess*, one per client */
    GCancellable     *cancellable;
    guint             local_port;
};

G_DEFINE_FINAL_TYPE (VireoSshTunnel, vireo_ssh_tunnel, G_TYPE_OBJECT)

static void
splice_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(GSubprocess) process = user_data;
    g_autoptr(GError) error = NULL;

    if (!g_io_stream_splice_finish (result, &error) &&
        !vireo_error_is_cancelled (error))
        g_debug ("ssh tunnel closed: %s", error->message);
    /* Ends exactly the ssh process started for this client. */
    g_subprocess_force_exit (process);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
    VireoSshTunnel *self = user_data;
    g_auto(GStrv) argv = vireo_ssh_tunnel_build_argv (self);
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GIOStream) pipe = NULL;

    process = g_subprocess_newv ((const char * const *) argv,
                                 G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                 G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    if (process == NULL) {
        g_warning ("Could not start ssh for a console tunnel: %s", error->message);
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
        return TRUE;
    }
    g_ptr_array_add (self->processes, g_object_ref (process));
    pipe = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (process),
                                   g_subprocess_get_stdin_pipe (process));
    g_io_stream_splice_async (G_IO_STREAM (connection), pipe,
                              G_IO_STREAM_SPLICE_CLOSE_STREAM1 |
                              G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                              G_PRIORITY_DEFAULT, self->cancellable, splice_cb,
                              g_steal_pointer (&process));
    return TRUE;
}

static void
vireo_ssh_tunnel_dispose (GObject *object)
{
    VireoSshTunnel *self = VIREO_SSH_TUNNEL (object);

    vireo_ssh_tunnel_stop (self);
    g_clear_pointer (&self->processes, g_ptr_array_unref);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (vireo_ssh_tunnel_parent_class)->dispose (object);
}

static void
vireo_ssh_tunnel_finalize (GObject *object)
{
    VireoSshTunnel *self = VIREO_SSH_TUNNEL (object);

    g_free (self->user);
    g_free (self->host);
    g_free (self->target_host);
    G_OBJECT_CLASS (vireo_ssh_tunnel_parent_class)->finalize (object);
}

static void
vireo_ssh_tunnel_class_init (VireoSshTunnelClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vireo_ssh_tunnel_dispose;
    object_class->finalize = vireo_ssh_tunnel_finalize;
}

static void
vireo_ssh_tunnel_init (VireoSshTunnel *self)
{
    self->processes = g_ptr_array_new_with_free_func (g_object_unref);
    self->cancellable = g_cancellable_new ();
}

VireoSshTunnel *
vireo_ssh_tunnel_new (const char *user,
                      const char *host,
                      int         ssh_port,
                      const char *target_host,
                      guint       target_port)
{
    VireoSshTunnel *self;

    g_return_val_if_fail (host != NULL && *host != '\0', NULL);
    g_return_val_if_fail (target_host != NULL && *target_host != '\0', NULL);
    g_return_val_if_fail (target_port > 0 && target_port < 65536, NULL);

    self = g_object_new (VIREO_TYPE_SSH_TUNNEL, NULL);
    self->user = g_strdup (user);
    self->host = g_strdup (host);
    self->ssh_port = ssh_port;
    self->target_host = g_strdup (target_host);
    self->target_port = target_port;
    return self;
}

gboolean
vireo_ssh_tunnel_start (VireoSshTunnel *self,
                        GError        **error)
{
    g_autoptr(GInetAddress) loopback = NULL;
    g_autoptr(GSocketAddress) address = NULL;
    g_autoptr(GSocketAddress) effective = NULL;
    g_autoptr(GSocketService) service = NULL;

    g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), FALSE);

    if (self->service != NULL)
        return TRUE;
    loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    address = g_inet_socket_address_new (loopback, 0);
    service = g_socket_service_new ();
    if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                        G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                        &effective, error))
        return FALSE;
    self->local_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
    g_signal_connect_object (service, "incoming", G_CALLBACK (incoming_cb), self, 0);
    g_socket_service_start (service);
    self->service = g_steal_pointer (&service);
    return TRUE;
}

guint
vireo_ssh_tunnel_get_local_port (VireoSshTunnel *self)
{
    g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), 0);

    return self->local_port;
}

void
vireo_ssh_tunnel_stop (VireoSshTunnel *self)
{
    g_return_if_fail (VIREO_IS_SSH_TUNNEL (self));

    if (self->service != NULL) {
        g_socket_service_stop (self->service);
        g_socket_listener_close (G_SOCKET_LISTENER (self->service));
        g_clear_object (&self->service);
    }
    g_cancellable_cancel (self->cancellable);
    for (guint i = 0; self->processes != NULL && i < self->processes->len; i++)
        g_subprocess_force_exit (g_ptr_array_index (self->processes, i));
    if (self->processes != NULL)
        g_ptr_array_set_size (self->processes, 0);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
}

GStrv
vireo_ssh_tunnel_build_argv (VireoSshTunnel *self)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    const char *program = g_getenv ("VIREO_SSH");
    g_autofree char *target = NULL;

    g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), NULL);

    g_strv_builder_add (builder, program != NULL && *program != '\0' ? program : "ssh");
    if (self->ssh_port > 0) {
        g_autofree char *port = g_strdup_printf ("%d", self->ssh_port);

        g_strv_builder_add_many (builder, "-p", port, NULL);
    }
    if (self->user != NULL && *self->user != '\0')
        g_strv_builder_add_many (builder, "-l", self->user, NULL);
    /* An IPv6 target is written in brackets for -W. */
    if (strchr (self->target_host, ':') != NULL && self->target_host[0] != '[')
        target = g_strdup_printf ("[%s]:%u", self->target_host, self->target_port);
    else
        target = g_strdup_printf ("%s:%u", self->target_host, self->target_port);
    g_strv_builder_add_many (builder, "-W", target, "--", self->host, NULL);
    return g_strv_builder_end (builder);
}
