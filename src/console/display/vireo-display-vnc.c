/* vireo-display-vnc.c: a VNC console (gtk-vnc)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <gtk-vnc.h>

#include "vireo-console-error.h"
#include "vireo-display-private.h"
#include "vireo-display-vnc.h"

struct _VireoDisplayVnc {
    VireoDisplay  parent_instance;

    /* owned widgets */
    GtkWidget    *vnc;
    /* target */
    char         *host;
    guint         port;
    char         *unix_path;
    int           fd;
    /* state */
    gboolean      keep_aspect;
    gboolean      awaiting_credentials;   /* inside vnc-auth-credential */
    gboolean      need_username;
    gboolean      need_password;
    gboolean      credentials_rejected;   /* the stored ones failed */
    gboolean      retry_on_credentials;   /* reconnect when new ones come */
    char         *auth_failure;
    char         *last_error;
};

G_DEFINE_FINAL_TYPE (VireoDisplayVnc, vireo_display_vnc, VIREO_TYPE_DISPLAY)

static void
apply_scaling_and_zoom (VireoDisplayVnc *self)
{
    VireoDisplay *display = VIREO_DISPLAY (self);
    guint zoom = vireo_display_get_zoom (display);

    vnc_display_set_zoom_level (VNC_DISPLAY (self->vnc), zoom);
    vnc_display_set_scaling (VNC_DISPLAY (self->vnc),
                             vireo_display_get_scale_to_fit (display) || zoom != 100);
}

/* gtk-vnc's debug output prints credentials as they are set: keep it quiet
 * for that call so that no password reaches a log. */
static void
set_credential_quietly (VncDisplay *vnc,
                        int         type,
                        const char *value)
{
    gboolean debug = vnc_util_get_debug ();

    vnc_util_set_debug (FALSE);
    vnc_display_set_credential (vnc, type, value);
    vnc_util_set_debug (debug);
}

static gboolean
supply_credentials (VireoDisplayVnc *self)
{
    VireoDisplay *display = VIREO_DISPLAY (self);
    const char *username = _vireo_display_get_username (display);
    const char *password = _vireo_display_get_password (display);
    VncDisplay *vnc = VNC_DISPLAY (self->vnc);

    if (self->credentials_rejected)
        return FALSE;
    if ((self->need_username && !username) || (self->need_password && !password))
        return FALSE;
    if (self->need_username)
        set_credential_quietly (vnc, VNC_DISPLAY_CREDENTIAL_USERNAME, username);
    if (self->need_password)
        set_credential_quietly (vnc, VNC_DISPLAY_CREDENTIAL_PASSWORD, password);
    self->awaiting_credentials = FALSE;
    return TRUE;
}

static gboolean
connect_target (VireoDisplayVnc *self,
                GError         **error)
{
    VncDisplay *vnc = VNC_DISPLAY (self->vnc);
    gboolean ok;

    g_clear_pointer (&self->last_error, g_free);
    g_clear_pointer (&self->auth_failure, g_free);
    if (self->fd >= 0) {
        int fd = self->fd;

        self->fd = -1;
        ok = vnc_display_open_fd (vnc, fd);
    } else if (self->unix_path) {
        g_autoptr(GSocketAddress) addr = g_unix_socket_address_new (self->unix_path);

        ok = vnc_display_open_addr (vnc, addr, "localhost");
    } else if (self->host) {
        g_autofree char *port = g_strdup_printf ("%u", self->port);

        ok = vnc_display_open_host (vnc, self->host, port);
    } else {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("No VNC server address was given."));
        return FALSE;
    }
    if (!ok) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("Could not start the VNC connection."));
        return FALSE;
    }
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Callbacks */

static void
graphics_fd_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (source);
    g_autoptr(GError) error = NULL;
    int fd;

    fd = _vireo_display_open_fd_finish (VIREO_DISPLAY (self), result, &error);
    if (fd < 0) {
        _vireo_display_report_failed (VIREO_DISPLAY (self), error);
        return;
    }
    if (!_vireo_display_is_opening (VIREO_DISPLAY (self))) {
        close (fd);
        return;
    }
    self->fd = fd;
    if (!connect_target (self, &error))
        _vireo_display_report_failed (VIREO_DISPLAY (self), error);
}

static void
vnc_initialized_cb (VireoDisplayVnc *self)
{
    VncDisplay *vnc = VNC_DISPLAY (self->vnc);
    const char *name = vnc_display_get_name (vnc);

    self->credentials_rejected = FALSE;
    if (name && *name && !vireo_display_get_title (VIREO_DISPLAY (self)))
        vireo_display_set_title (VIREO_DISPLAY (self), name);
    _vireo_display_report_size (VIREO_DISPLAY (self), vnc_display_get_width (vnc),
                                vnc_display_get_height (vnc));
    apply_scaling_and_zoom (self);
    _vireo_display_report_connected (VIREO_DISPLAY (self));
}

static void
vnc_desktop_resize_cb (VireoDisplayVnc *self,
                       int              width,
                       int              height)
{
    _vireo_display_report_size (VIREO_DISPLAY (self), width, height);
}

static void
vnc_framebuffer_update_cb (VncConnection *conn,
                           guint16        x,
                           guint16        y,
                           guint16        width,
                           guint16        height,
                           gpointer       user_data)
{
    VireoDisplayVnc *self = user_data;

    _vireo_display_report_update (VIREO_DISPLAY (self), self->vnc);
}

static void
vnc_auth_credential_cb (VireoDisplayVnc *self,
                        GValueArray     *credentials)
{
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    self->need_username = FALSE;
    self->need_password = FALSE;
    for (guint i = 0; i < credentials->n_values; i++) {
        GValue *value = g_value_array_get_nth (credentials, i);

        switch (g_value_get_enum (value)) {
        case VNC_DISPLAY_CREDENTIAL_USERNAME:
            self->need_username = TRUE;
            break;
        case VNC_DISPLAY_CREDENTIAL_PASSWORD:
            self->need_password = TRUE;
            break;
        case VNC_DISPLAY_CREDENTIAL_CLIENTNAME:
            vnc_display_set_credential (VNC_DISPLAY (self->vnc),
                                        VNC_DISPLAY_CREDENTIAL_CLIENTNAME, "vireo");
            break;
        default:
            break;
        }
    }
    G_GNUC_END_IGNORE_DEPRECATIONS

    self->awaiting_credentials = TRUE;
    if (supply_credentials (self))
        return;
    if (!_vireo_display_request_auth (VIREO_DISPLAY (self), self->need_username,
                                      self->need_password, self->auth_failure)) {
        self->awaiting_credentials = FALSE;
        vnc_display_close (VNC_DISPLAY (self->vnc));
    }
}

static void
vnc_auth_failure_cb (VireoDisplayVnc *self,
                     const char      *message)
{
    g_free (self->auth_failure);
    self->auth_failure = g_strdup (message && *message ? message
                                   : _("Authentication failed."));
    self->credentials_rejected = TRUE;
}

static void
vnc_auth_unsupported_cb (VireoDisplayVnc *self,
                         guint            auth_type)
{
    g_free (self->last_error);
    self->last_error = g_strdup_printf (_("The VNC server asks for an authentication "
                                          "method Vireo does not support (%u)."), auth_type);
}

static void
vnc_error_cb (VireoDisplayVnc *self,
              const char      *message)
{
    g_free (self->last_error);
    self->last_error = g_strdup (message);
}

static void
vnc_disconnected_cb (VireoDisplayVnc *self)
{
    g_autoptr(GError) error = NULL;

    self->awaiting_credentials = FALSE;
    if (self->auth_failure && _vireo_display_is_opening (VIREO_DISPLAY (self))) {
        /* Ask again; vireo_display_set_credentials() reconnects. */
        self->retry_on_credentials = TRUE;
        if (!_vireo_display_request_auth (VIREO_DISPLAY (self), self->need_username,
                                          self->need_password, self->auth_failure))
            self->retry_on_credentials = FALSE;
        return;
    }
    if (self->last_error)
        error = g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_DISCONNECTED,
                             _("The VNC connection failed: %s"), self->last_error);
    else
        error = g_error_new_literal (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_DISCONNECTED,
                                     _("The VNC server closed the connection."));
    _vireo_display_report_failed (VIREO_DISPLAY (self), error);
}

static void
vnc_grab_cb (VireoDisplayVnc *self)
{
    _vireo_display_report_grab (VIREO_DISPLAY (self), TRUE);
}

static void
vnc_ungrab_cb (VireoDisplayVnc *self)
{
    _vireo_display_report_grab (VIREO_DISPLAY (self), FALSE);
}

/* ------------------------------------------------------------------------ */
/* VireoDisplay */

static gboolean
vireo_display_vnc_start (VireoDisplay *display,
                         GError      **error)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (display);

    self->credentials_rejected = FALSE;
    self->retry_on_credentials = FALSE;
    if (vireo_display_get_fd_provider (display) && self->fd < 0) {
        _vireo_display_open_fd_async (display, graphics_fd_cb, NULL);
        return TRUE;
    }
    return connect_target (self, error);
}

static void
vireo_display_vnc_close (VireoDisplay *display)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (display);

    self->awaiting_credentials = FALSE;
    self->retry_on_credentials = FALSE;
    if (self->vnc && vnc_display_is_open (VNC_DISPLAY (self->vnc)))
        vnc_display_close (VNC_DISPLAY (self->vnc));
}

static void
vireo_display_vnc_credentials_set (VireoDisplay *display)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (display);
    g_autoptr(GError) error = NULL;

    self->credentials_rejected = FALSE;
    if (self->awaiting_credentials) {
        supply_credentials (self);
    } else if (self->retry_on_credentials) {
        self->retry_on_credentials = FALSE;
        if (!connect_target (self, &error))
            _vireo_display_report_failed (display, error);
    }
}

static void
vireo_display_vnc_send_keys (VireoDisplay *display,
                             const guint  *keyvals,
                             guint         n_keyvals,
                             gboolean      press)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (display);

    /* gtk-vnc's separate press and release events did not reach QEMU's
     * guests in testing; its click (press, then release in reverse) does. */
    if (!press)
        vnc_display_send_keys (VNC_DISPLAY (self->vnc), keyvals, (int) n_keyvals);
}

static GdkPixbuf *
vireo_display_vnc_dup_pixbuf (VireoDisplay *display)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (display);

    if (!vnc_display_is_open (VNC_DISPLAY (self->vnc)))
        return NULL;
    return vnc_display_get_pixbuf (VNC_DISPLAY (self->vnc));
}

static void
vireo_display_vnc_apply_scaling (VireoDisplay *display,
                                 gboolean      scale_to_fit)
{
    apply_scaling_and_zoom (VIREO_DISPLAY_VNC (display));
}

static void
vireo_display_vnc_apply_zoom (VireoDisplay *display,
                              guint         percent)
{
    apply_scaling_and_zoom (VIREO_DISPLAY_VNC (display));
}

static void
vireo_display_vnc_set_keyboard_grab (VireoDisplay *display,
                                     gboolean      grab)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (display);

    vnc_display_set_keyboard_grab (VNC_DISPLAY (self->vnc), grab);
    vnc_display_force_grab (VNC_DISPLAY (self->vnc), grab);
    if (!grab)
        _vireo_display_report_grab (display, FALSE);
}

static void
vireo_display_vnc_set_release_keys (VireoDisplay *display,
                                    const guint  *keyvals,
                                    guint         n_keyvals)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (display);
    VncGrabSequence *seq = vnc_grab_sequence_new (n_keyvals, (guint *) keyvals);

    vnc_display_set_grab_keys (VNC_DISPLAY (self->vnc), seq);
    vnc_grab_sequence_free (seq);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
vireo_display_vnc_dispose (GObject *object)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (object);

    if (self->vnc) {
        VncConnection *conn = vnc_display_get_connection (VNC_DISPLAY (self->vnc));

        if (conn)
            g_signal_handlers_disconnect_by_data (conn, self);
        g_signal_handlers_disconnect_by_data (self->vnc, self);
        if (vnc_display_is_open (VNC_DISPLAY (self->vnc)))
            vnc_display_close (VNC_DISPLAY (self->vnc));
        self->vnc = NULL;
    }
    G_OBJECT_CLASS (vireo_display_vnc_parent_class)->dispose (object);
}

static void
vireo_display_vnc_finalize (GObject *object)
{
    VireoDisplayVnc *self = VIREO_DISPLAY_VNC (object);

    if (self->fd >= 0)
        close (self->fd);
    g_free (self->host);
    g_free (self->unix_path);
    g_free (self->auth_failure);
    g_free (self->last_error);
    G_OBJECT_CLASS (vireo_display_vnc_parent_class)->finalize (object);
}

static void
vireo_display_vnc_class_init (VireoDisplayVncClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    VireoDisplayClass *display_class = VIREO_DISPLAY_CLASS (klass);

    object_class->dispose = vireo_display_vnc_dispose;
    object_class->finalize = vireo_display_vnc_finalize;

    display_class->start = vireo_display_vnc_start;
    display_class->close = vireo_display_vnc_close;
    display_class->credentials_set = vireo_display_vnc_credentials_set;
    display_class->send_keys = vireo_display_vnc_send_keys;
    display_class->dup_pixbuf = vireo_display_vnc_dup_pixbuf;
    display_class->apply_scaling = vireo_display_vnc_apply_scaling;
    display_class->apply_zoom = vireo_display_vnc_apply_zoom;
    display_class->set_keyboard_grab = vireo_display_vnc_set_keyboard_grab;
    display_class->set_release_keys = vireo_display_vnc_set_release_keys;
}

static void
vireo_display_vnc_init (VireoDisplayVnc *self)
{
    VncDisplay *vnc;

    self->fd = -1;
    self->keep_aspect = TRUE;
    self->vnc = vnc_display_new ();
    vnc = VNC_DISPLAY (self->vnc);
    vnc_display_set_keep_aspect_ratio (vnc, TRUE);
    vnc_display_set_pointer_grab (vnc, FALSE);
    vnc_display_set_keyboard_grab (vnc, TRUE);
    vnc_display_set_shared_flag (vnc, TRUE);
    vnc_display_set_scaling (vnc, TRUE);

    g_signal_connect_swapped (vnc, "vnc-initialized", G_CALLBACK (vnc_initialized_cb), self);
    g_signal_connect_swapped (vnc, "vnc-desktop-resize", G_CALLBACK (vnc_desktop_resize_cb),
                              self);
    g_signal_connect_swapped (vnc, "vnc-auth-credential", G_CALLBACK (vnc_auth_credential_cb),
                              self);
    g_signal_connect_swapped (vnc, "vnc-auth-failure", G_CALLBACK (vnc_auth_failure_cb), self);
    g_signal_connect_swapped (vnc, "vnc-auth-unsupported",
                              G_CALLBACK (vnc_auth_unsupported_cb), self);
    g_signal_connect_swapped (vnc, "vnc-error", G_CALLBACK (vnc_error_cb), self);
    g_signal_connect_swapped (vnc, "vnc-disconnected", G_CALLBACK (vnc_disconnected_cb), self);
    g_signal_connect_swapped (vnc, "vnc-keyboard-grab", G_CALLBACK (vnc_grab_cb), self);
    g_signal_connect_swapped (vnc, "vnc-keyboard-ungrab", G_CALLBACK (vnc_ungrab_cb), self);
    g_signal_connect (vnc_display_get_connection (vnc), "vnc-framebuffer-update",
                      G_CALLBACK (vnc_framebuffer_update_cb), self);

    gtk_container_add (GTK_CONTAINER (self), self->vnc);
    gtk_widget_show (self->vnc);
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoDisplay *
vireo_display_vnc_new (void)
{
    return g_object_new (VIREO_TYPE_DISPLAY_VNC, NULL);
}

void
vireo_display_vnc_set_host (VireoDisplayVnc *self,
                            const char      *host,
                            guint            port)
{
    g_return_if_fail (VIREO_IS_DISPLAY_VNC (self));
    g_return_if_fail (host != NULL);
    g_return_if_fail (port > 0 && port < 65536);

    g_free (self->host);
    self->host = g_strdup (host);
    self->port = port;
}

void
vireo_display_vnc_set_unix_path (VireoDisplayVnc *self,
                                 const char      *path)
{
    g_return_if_fail (VIREO_IS_DISPLAY_VNC (self));

    g_free (self->unix_path);
    self->unix_path = g_strdup (path);
}

void
vireo_display_vnc_set_fd (VireoDisplayVnc *self,
                          int              fd)
{
    g_return_if_fail (VIREO_IS_DISPLAY_VNC (self));
    g_return_if_fail (fd >= 0);

    if (self->fd >= 0)
        close (self->fd);
    self->fd = fd;
}

void
vireo_display_vnc_set_keep_aspect (VireoDisplayVnc *self,
                                   gboolean         keep_aspect)
{
    g_return_if_fail (VIREO_IS_DISPLAY_VNC (self));

    self->keep_aspect = !!keep_aspect;
    vnc_display_set_keep_aspect_ratio (VNC_DISPLAY (self->vnc), self->keep_aspect);
}

GtkWidget *
vireo_display_vnc_get_vnc_widget (VireoDisplayVnc *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_VNC (self), NULL);

    return self->vnc;
}
