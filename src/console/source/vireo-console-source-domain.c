/* vireo-console-source-domain.c: the consoles of a libvirt domain
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-console-graphics.h"
#include "vireo-console-source-domain.h"
#include "vireo-display-serial.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-domain-fd-provider.h"
#include "vireo-ssh-tunnel.h"
#include "vireo-vmm.h"

struct _VireoConsoleSourceDomain {
    GObject parent_instance;

    /* owned */
    VireoDomain *domain;
    char        *key_host;     /* password key of the console last opened */
    int          key_port;
    char        *key_uri;

    /* state */
    gboolean     available;    /* the domain was active at its last state change */

    /* options */
    gboolean     attach;
};

enum {
    PROP_0,
    PROP_TITLE,
    PROP_AVAILABLE,
    PROP_DOMAIN,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vireo_console_source_domain_iface_init (VireoConsoleSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoConsoleSourceDomain, vireo_console_source_domain,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_CONSOLE_SOURCE,
                                                      vireo_console_source_domain_iface_init))

/* ------------------------------------------------------------------------ */
/* Reading the domain's XML (worker threads) */

/* What a domain offers to look at: its <graphics> and its text consoles. */
typedef struct {
    GPtrArray *graphics;   /* VireoGraphicsInfo* */
    GPtrArray *consoles;   /* VireoConsoleDevice* */
} DomainConsoles;

static void
domain_consoles_free (DomainConsoles *found)
{
    g_clear_pointer (&found->graphics, g_ptr_array_unref);
    g_clear_pointer (&found->consoles, g_ptr_array_unref);
    g_free (found);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomainConsoles, domain_consoles_free)

static void
read_consoles_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
    VireoDomain *domain = task_data;
    g_autoptr(DomainConsoles) found = g_new0 (DomainConsoles, 1);
    g_autofree char *xml = NULL;
    GError *error = NULL;

    xml = vireo_domain_dup_xml (domain, 0, NULL, &error);
    if (xml == NULL) {
        g_task_return_error (task, error);
        return;
    }
    found->graphics = vireo_graphics_info_parse (xml, &error);
    if (found->graphics == NULL) {
        g_task_return_error (task, error);
        return;
    }
    found->consoles = vireo_console_device_list_parse (xml, &error);
    if (found->consoles == NULL) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) domain_consoles_free);
}

/* Starts reading; @callback gets a GTask whose pointer is a DomainConsoles. */
static void
read_consoles (VireoConsoleSourceDomain *self,
               GCancellable             *cancellable,
               GAsyncReadyCallback       callback,
               gpointer                  user_data)
{
    g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

    g_task_set_source_tag (task, read_consoles);
    g_task_set_task_data (task, g_object_ref (self->domain), g_object_unref);
    g_task_run_in_thread (task, read_consoles_thread);
}

/* ------------------------------------------------------------------------ */
/* Helpers */

static gboolean
can_open (const VireoConsoleDevice *device)
{
    return device->can_open && device->alias != NULL;
}

static const VireoConsoleDevice *
find_text_console (GPtrArray  *consoles,
                   const char *alias)
{
    for (guint i = 0; i < consoles->len; i++) {
        const VireoConsoleDevice *device = g_ptr_array_index (consoles, i);

        if (can_open (device) && (alias == NULL || g_str_equal (device->alias, alias)))
            return device;
    }
    return NULL;
}

static void
set_password_key (VireoConsoleSourceDomain *self,
                  const char               *host,
                  int                       port,
                  const char               *uri)
{
    g_free (self->key_host);
    g_free (self->key_uri);
    self->key_host = g_strdup (host);
    self->key_port = port;
    self->key_uri = g_strdup (uri);
}

static void
stop_tunnel_cb (GtkWidget      *display,
                VireoSshTunnel *tunnel)
{
    vireo_ssh_tunnel_stop (tunnel);
}

static void
tunnel_unref (gpointer  tunnel,
              GClosure *closure)
{
    g_object_unref (tunnel);
}

/* Host and port of a remote domain's console, through an ssh tunnel for
 * qemu+ssh (the console usually listens on the remote host's loopback
 * only).  The tunnel ends with the display. */
static gboolean
connect_remote (VireoConsoleSourceDomain *self,
                const VireoGraphicsInfo  *info,
                VireoDisplay             *display,
                GError                  **error)
{
    const char *uri = vireo_connection_get_uri (vireo_domain_get_connection (self->domain));
    g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
    const char *scheme = parsed != NULL ? g_uri_get_scheme (parsed) : "";
    const char *uri_host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
    g_autofree char *host = NULL;
    g_autofree char *key_uri = NULL;
    int port = info->port > 0 ? info->port : info->tls_port;
    int tls_port = info->tls_port;

    if (port <= 0) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                     _("The console of “%s” has no TCP port that Vireo could reach from "
                       "this computer."), vireo_domain_get_name (self->domain));
        return FALSE;
    }

    if (g_str_has_suffix (scheme, "+ssh")) {
        g_autofree char *target = vireo_graphics_info_dup_host (info, "127.0.0.1");
        g_autoptr(VireoSshTunnel) tunnel = vireo_ssh_tunnel_new (g_uri_get_user (parsed),
                                                                 uri_host,
                                                                 g_uri_get_port (parsed),
                                                                 target, (guint) port);
        guint local_port;

        if (!vireo_ssh_tunnel_start (tunnel, error))
            return FALSE;
        local_port = vireo_ssh_tunnel_get_local_port (tunnel);
        g_signal_connect_data (display, "destroy", G_CALLBACK (stop_tunnel_cb),
                               g_object_ref (tunnel), tunnel_unref, 0);
        host = g_strdup ("127.0.0.1");
        tls_port = port == info->tls_port ? (int) local_port : -1;
        port = port == info->tls_port ? -1 : (int) local_port;
    } else {
        host = vireo_graphics_info_dup_host (info, uri_host);
    }

    key_uri = g_strdup_printf ("%s#%s", uri, vireo_domain_get_uuid (self->domain));
    set_password_key (self, uri_host, info->port > 0 ? info->port : info->tls_port, key_uri);
    if (VIREO_IS_DISPLAY_SPICE (display))
        vireo_display_spice_set_host (VIREO_DISPLAY_SPICE (display), host,
                                      port > 0 ? (guint) port : 0,
                                      tls_port > 0 ? (guint) tls_port : 0);
    else
        vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display), host, (guint) port);
    return TRUE;
}

static VireoDisplay *
make_graphics_display (VireoConsoleSourceDomain *self,
                       const VireoGraphicsInfo  *info,
                       GError                  **error)
{
    VireoConnection *connection = vireo_domain_get_connection (self->domain);
    g_autoptr(VireoDisplay) display = NULL;

    display = g_object_ref_sink (info->type == VIREO_GRAPHICS_SPICE ? vireo_display_spice_new ()
                                                                    : vireo_display_vnc_new ());
    if (connection != NULL && vireo_uri_is_local (vireo_connection_get_uri (connection))) {
        /* No TCP port and no password: libvirt hands over connected sockets. */
        g_autoptr(VireoDisplayFdProvider) provider =
            vireo_domain_fd_provider_new (self->domain, info->index);

        vireo_display_set_fd_provider (display, provider);
    } else if (self->attach) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("Attaching to a console works only for virtual machines on this "
                               "computer."));
        return NULL;
    } else if (connection == NULL || !connect_remote (self, info, display, error)) {
        if (connection == NULL)
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("The connection of “%s” is closed."),
                         vireo_domain_get_name (self->domain));
        gtk_widget_destroy (GTK_WIDGET (display));
        return NULL;
    }
    return g_steal_pointer (&display);
}

/* The display of @console among what the domain offers. */
static VireoDisplay *
make_display (VireoConsoleSourceDomain *self,
              DomainConsoles           *found,
              const char               *console,
              GError                  **error)
{
    const char *name = vireo_domain_get_name (self->domain);
    const VireoGraphicsInfo *info = vireo_graphics_info_pick (found->graphics);
    const VireoConsoleDevice *text = NULL;
    VireoDisplay *display;

    set_password_key (self, NULL, -1, NULL);
    if (console == NULL) {
        if (info == NULL)
            text = find_text_console (found->consoles, NULL);
        if (info == NULL && text == NULL) {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("“%s” has no graphical console and no text console."), name);
            return NULL;
        }
    } else if (g_str_equal (console, VIREO_CONSOLE_TARGET_GRAPHICS)) {
        if (info == NULL) {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("“%s” has no graphical console."), name);
            return NULL;
        }
    } else {
        text = find_text_console (found->consoles, console);
        if (text == NULL) {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("“%s” has no text console “%s” that Vireo can open."), name,
                         console);
            return NULL;
        }
    }

    if (text != NULL) {
        display = g_object_ref_sink (vireo_display_serial_new ());
        vireo_display_serial_set_domain (VIREO_DISPLAY_SERIAL (display), self->domain);
        vireo_display_serial_set_device (VIREO_DISPLAY_SERIAL (display), text->alias);
    } else {
        display = make_graphics_display (self, info, error);
        if (display == NULL)
            return NULL;
    }
    vireo_display_set_title (display, name);
    return display;
}

/* ------------------------------------------------------------------------ */
/* Callbacks */

static void
domain_state_changed_cb (VireoConsoleSourceDomain *self,
                         VireoDomain              *domain)
{
    gboolean available = vireo_domain_is_active (domain);

    if (available == self->available)
        return;
    self->available = available;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
consoles_read_for_list_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    g_autoptr(DomainConsoles) found = NULL;
    GPtrArray *targets;
    GError *error = NULL;

    found = g_task_propagate_pointer (G_TASK (result), &error);
    if (found == NULL) {
        g_task_return_error (task, error);
        return;
    }
    if (g_task_return_error_if_cancelled (task))
        return;
    targets = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_console_target_free);
    if (vireo_graphics_info_pick (found->graphics) != NULL)
        g_ptr_array_add (targets, vireo_console_target_new (VIREO_CONSOLE_TARGET_GRAPHICS,
                                                            _("_Graphical Console"), FALSE));
    for (guint i = 0; i < found->consoles->len; i++) {
        const VireoConsoleDevice *device = g_ptr_array_index (found->consoles, i);
        g_autofree char *label = NULL;

        if (!can_open (device))
            continue;
        label = vireo_console_device_dup_label (device);
        g_ptr_array_add (targets, vireo_console_target_new (device->alias, label, TRUE));
    }
    g_task_return_pointer (task, targets, (GDestroyNotify) g_ptr_array_unref);
}

static void
consoles_read_for_display_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    VireoConsoleSourceDomain *self = g_task_get_source_object (task);
    g_autoptr(DomainConsoles) found = NULL;
    VireoDisplay *display;
    GError *error = NULL;

    found = g_task_propagate_pointer (G_TASK (result), &error);
    if (found == NULL) {
        g_task_return_error (task, error);
        return;
    }
    if (g_task_return_error_if_cancelled (task))
        return;
    display = make_display (self, found, g_task_get_task_data (task), &error);
    if (display == NULL) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, display, g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* VireoConsoleSource */

static const char *
vireo_console_source_domain_get_title (VireoConsoleSource *source)
{
    return vireo_domain_get_name (VIREO_CONSOLE_SOURCE_DOMAIN (source)->domain);
}

static gboolean
vireo_console_source_domain_get_available (VireoConsoleSource *source)
{
    return VIREO_CONSOLE_SOURCE_DOMAIN (source)->available;
}

static void
vireo_console_source_domain_list_consoles_async (VireoConsoleSource  *source,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
    VireoConsoleSourceDomain *self = VIREO_CONSOLE_SOURCE_DOMAIN (source);
    GTask *task = g_task_new (self, cancellable, callback, user_data);

    g_task_set_source_tag (task, vireo_console_source_domain_list_consoles_async);
    read_consoles (self, cancellable, consoles_read_for_list_cb, task);
}

static GPtrArray *
vireo_console_source_domain_list_consoles_finish (VireoConsoleSource  *source,
                                                  GAsyncResult        *result,
                                                  GError             **error)
{
    g_return_val_if_fail (g_task_is_valid (result, source), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_console_source_domain_list_consoles_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vireo_console_source_domain_open_display_async (VireoConsoleSource  *source,
                                                const char          *console,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
    VireoConsoleSourceDomain *self = VIREO_CONSOLE_SOURCE_DOMAIN (source);
    GTask *task = g_task_new (self, cancellable, callback, user_data);

    g_task_set_source_tag (task, vireo_console_source_domain_open_display_async);
    g_task_set_task_data (task, g_strdup (console), g_free);
    read_consoles (self, cancellable, consoles_read_for_display_cb, task);
}

static VireoDisplay *
vireo_console_source_domain_open_display_finish (VireoConsoleSource  *source,
                                                 GAsyncResult        *result,
                                                 GError             **error)
{
    g_return_val_if_fail (g_task_is_valid (result, source), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_console_source_domain_open_display_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
vireo_console_source_domain_get_password_key (VireoConsoleSource *source,
                                              VireoPasswordKey   *key)
{
    VireoConsoleSourceDomain *self = VIREO_CONSOLE_SOURCE_DOMAIN (source);

    if (self->key_host == NULL && self->key_uri == NULL)
        return FALSE;
    key->host = self->key_host;
    key->port = self->key_port;
    key->uri = self->key_uri;
    return TRUE;
}

static char *
vireo_console_source_domain_dup_clipboard_key (VireoConsoleSource *source)
{
    return g_strdup (vireo_domain_get_uuid (VIREO_CONSOLE_SOURCE_DOMAIN (source)->domain));
}

static char *
vireo_console_source_domain_describe (VireoConsoleSource *source)
{
    VireoDomain *domain = VIREO_CONSOLE_SOURCE_DOMAIN (source)->domain;
    VireoConnection *connection = vireo_domain_get_connection (domain);
    g_autofree char *uri_name = NULL;

    if (connection == NULL)
        return g_strdup_printf (_("Virtual machine: %s\nUUID: %s\n"),
                                vireo_domain_get_name (domain), vireo_domain_get_uuid (domain));
    uri_name = vireo_connection_dup_display_name (connection);
    return g_strdup_printf (_("Virtual machine: %s\nUUID: %s\nConnection: %s (%s)\n"),
                            vireo_domain_get_name (domain), vireo_domain_get_uuid (domain),
                            uri_name, vireo_connection_get_uri (connection));
}

static void
vireo_console_source_domain_iface_init (VireoConsoleSourceInterface *iface)
{
    iface->get_title = vireo_console_source_domain_get_title;
    iface->get_available = vireo_console_source_domain_get_available;
    iface->list_consoles_async = vireo_console_source_domain_list_consoles_async;
    iface->list_consoles_finish = vireo_console_source_domain_list_consoles_finish;
    iface->open_display_async = vireo_console_source_domain_open_display_async;
    iface->open_display_finish = vireo_console_source_domain_open_display_finish;
    iface->get_password_key = vireo_console_source_domain_get_password_key;
    iface->dup_clipboard_key = vireo_console_source_domain_dup_clipboard_key;
    iface->describe = vireo_console_source_domain_describe;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
vireo_console_source_domain_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
    VireoConsoleSourceDomain *self = VIREO_CONSOLE_SOURCE_DOMAIN (object);

    switch (prop_id) {
    case PROP_TITLE:
        g_value_set_string (value, vireo_domain_get_name (self->domain));
        break;
    case PROP_AVAILABLE:
        g_value_set_boolean (value, self->available);
        break;
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_source_domain_dispose (GObject *object)
{
    VireoConsoleSourceDomain *self = VIREO_CONSOLE_SOURCE_DOMAIN (object);

    g_clear_object (&self->domain);
    G_OBJECT_CLASS (vireo_console_source_domain_parent_class)->dispose (object);
}

static void
vireo_console_source_domain_finalize (GObject *object)
{
    VireoConsoleSourceDomain *self = VIREO_CONSOLE_SOURCE_DOMAIN (object);

    g_free (self->key_host);
    g_free (self->key_uri);
    G_OBJECT_CLASS (vireo_console_source_domain_parent_class)->finalize (object);
}

static void
vireo_console_source_domain_class_init (VireoConsoleSourceDomainClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->get_property = vireo_console_source_domain_get_property;
    object_class->dispose = vireo_console_source_domain_dispose;
    object_class->finalize = vireo_console_source_domain_finalize;

    g_object_class_override_property (object_class, PROP_TITLE, "title");
    g_object_class_override_property (object_class, PROP_AVAILABLE, "available");
    properties[PROP_TITLE] = g_object_class_find_property (object_class, "title");
    properties[PROP_AVAILABLE] = g_object_class_find_property (object_class, "available");
    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_property (object_class, PROP_DOMAIN, properties[PROP_DOMAIN]);
}

static void
vireo_console_source_domain_init (VireoConsoleSourceDomain *self)
{
    self->key_port = -1;
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoConsoleSource *
vireo_console_source_domain_new (VireoDomain *domain)
{
    VireoConsoleSourceDomain *self;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIREO_TYPE_CONSOLE_SOURCE_DOMAIN, NULL);
    self->domain = g_object_ref (domain);
    self->available = vireo_domain_is_active (domain);
    g_signal_connect_object (domain, "state-changed", G_CALLBACK (domain_state_changed_cb), self,
                             G_CONNECT_SWAPPED);
    return VIREO_CONSOLE_SOURCE (self);
}

VireoDomain *
vireo_console_source_domain_get_domain (VireoConsoleSourceDomain *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE_DOMAIN (self), NULL);

    return self->domain;
}

void
vireo_console_source_domain_set_attach (VireoConsoleSourceDomain *self,
                                        gboolean                  attach)
{
    g_return_if_fail (VIREO_IS_CONSOLE_SOURCE_DOMAIN (self));

    self->attach = !!attach;
}

gboolean
vireo_console_source_domain_get_attach (VireoConsoleSourceDomain *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE_DOMAIN (self), FALSE);

    return self->attach;
}
