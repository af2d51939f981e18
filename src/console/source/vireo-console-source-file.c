/* vireo-console-source-file.c: a console described by a .vv file or a spice:// or vnc:// address
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-console-source-file.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"

struct _VireoConsoleSourceFile {
    GObject parent_instance;

    /* owned */
    VireoConsoleFile *file;
    char             *title;
    char             *key_host;    /* host or UNIX socket */
    int               key_port;    /* -1 for a socket */
    char             *key_uri;     /* spice://host:port, vnc://host:port */
};

enum {
    PROP_0,
    PROP_TITLE,
    PROP_AVAILABLE,
    N_PROPS
};

static void vireo_console_source_file_iface_init (VireoConsoleSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoConsoleSourceFile, vireo_console_source_file, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_CONSOLE_SOURCE,
                                                      vireo_console_source_file_iface_init))

/* ------------------------------------------------------------------------ */
/* Helpers */

/* Where the file points, as a password key and a title. */
static void
read_address (VireoConsoleSourceFile *self)
{
    VireoConsoleFile *file = self->file;
    const char *host = vireo_console_file_get_host (file);
    int port = vireo_console_file_get_port (file);

    if (port <= 0)
        port = vireo_console_file_get_tls_port (file);
    if (vireo_console_file_get_unix_path (file) != NULL) {
        host = vireo_console_file_get_unix_path (file);
        port = -1;
    }
    self->key_host = g_strdup (host);
    self->key_port = port;
    self->key_uri = g_strdup_printf ("%s://%s:%d",
                                     vireo_console_file_get_protocol (file) ==
                                     VIREO_CONSOLE_PROTOCOL_VNC ? "vnc" : "spice",
                                     host != NULL ? host : "", port);

    if (vireo_console_file_get_title (file) != NULL)
        self->title = vireo_console_file_expand_title (vireo_console_file_get_title (file), "1");
    else if (port > 0)
        self->title = g_strdup_printf ("%s:%d", host != NULL ? host : "", port);
    else
        self->title = g_strdup (host != NULL ? host : _("Console"));
}

static void
apply_spice_file (VireoDisplaySpice *spice,
                  VireoConsoleFile  *file)
{
    SpiceSession *session = vireo_display_spice_get_session (spice);
    const char * const *secure = vireo_console_file_get_secure_channels (file);
    const char * const *disabled = vireo_console_file_get_disable_channels (file);
    const char * const *effects = vireo_console_file_get_disable_effects (file);
    gboolean usb = !vireo_console_file_is_set (file, NULL, "enable-usbredir") ||
                   vireo_console_file_get_enable_usbredir (file);

    if (vireo_console_file_get_unix_path (file) != NULL) {
        vireo_display_spice_set_unix_path (spice, vireo_console_file_get_unix_path (file));
    } else {
        int port = vireo_console_file_get_port (file);
        int tls_port = vireo_console_file_get_tls_port (file);

        vireo_display_spice_set_host (spice, vireo_console_file_get_host (file),
                                      port > 0 ? (guint) port : 0,
                                      tls_port > 0 ? (guint) tls_port : 0);
    }
    vireo_display_spice_set_tls (spice, NULL, vireo_console_file_get_ca (file),
                                 vireo_console_file_get_host_subject (file));
    if (secure != NULL)
        vireo_display_spice_set_secure_channels (spice, secure);
    if (vireo_console_file_get_proxy (file) != NULL)
        vireo_display_spice_set_proxy (spice, vireo_console_file_get_proxy (file));
    if (vireo_console_file_get_tls_ciphers (file) != NULL)
        g_object_set (session, "ciphers", vireo_console_file_get_tls_ciphers (file), NULL);
    if (vireo_console_file_get_color_depth (file) > 0)
        g_object_set (session, "color-depth", vireo_console_file_get_color_depth (file),
                      NULL);
    if (effects != NULL)
        g_object_set (session, "disable-effects", effects, NULL);
    g_object_set (session, "enable-smartcard",
                  vireo_console_file_get_enable_smartcard (file), NULL);

    /* disable-channels: those channels are never connected. */
    vireo_display_spice_set_disabled_channels (spice, disabled);
    vireo_display_spice_set_usb_redirection (spice, usb,
                                             vireo_console_file_get_enable_usb_autoshare (file),
                                             vireo_console_file_get_usb_filter (file),
                                             vireo_console_file_get_usb_redirect_on_connect (file));
}

/* The display the file describes, not yet opened; NULL with @error when
 * Vireo cannot show it. */
static VireoDisplay *
make_display (VireoConsoleSourceFile *self,
              GError                **error)
{
    VireoConsoleFile *file = self->file;
    VireoDisplay *display;

    if (!vireo_console_file_check_version (file, NULL, NULL, error))
        return NULL;

    switch (vireo_console_file_get_protocol (file)) {
    case VIREO_CONSOLE_PROTOCOL_SPICE:
        display = g_object_ref_sink (vireo_display_spice_new ());
        apply_spice_file (VIREO_DISPLAY_SPICE (display), file);
        break;
    case VIREO_CONSOLE_PROTOCOL_VNC:
        display = g_object_ref_sink (vireo_display_vnc_new ());
        if (vireo_console_file_get_unix_path (file) != NULL)
            vireo_display_vnc_set_unix_path (VIREO_DISPLAY_VNC (display),
                                             vireo_console_file_get_unix_path (file));
        else
            vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display),
                                        vireo_console_file_get_host (file),
                                        (guint) MAX (vireo_console_file_get_port (file), 0));
        break;
    case VIREO_CONSOLE_PROTOCOL_OVIRT:
    case VIREO_CONSOLE_PROTOCOL_NONE:
    default:
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                             _("The file asks for an oVirt connection; Vireo opens SPICE and "
                               "VNC consoles. Its details are under “About This Connection”."));
        return NULL;
    }
    if (vireo_console_file_get_password (file) != NULL ||
        vireo_console_file_get_username (file) != NULL)
        vireo_display_set_credentials (display, vireo_console_file_get_username (file),
                                       vireo_console_file_get_password (file));
    vireo_display_set_title (display, self->title);
    return display;
}

/* ------------------------------------------------------------------------ */
/* VireoConsoleSource */

static const char *
vireo_console_source_file_get_title (VireoConsoleSource *source)
{
    return VIREO_CONSOLE_SOURCE_FILE (source)->title;
}

static gboolean
vireo_console_source_file_get_available (VireoConsoleSource *source)
{
    return TRUE;
}

static void
vireo_console_source_file_list_consoles_async (VireoConsoleSource  *source,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
    g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
    GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                         vireo_console_target_free);

    g_task_set_source_tag (task, vireo_console_source_file_list_consoles_async);
    g_ptr_array_add (targets, vireo_console_target_new (VIREO_CONSOLE_TARGET_GRAPHICS,
                                                        _("_Graphical Console"), FALSE));
    g_task_return_pointer (task, targets, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
vireo_console_source_file_list_consoles_finish (VireoConsoleSource  *source,
                                                GAsyncResult        *result,
                                                GError             **error)
{
    g_return_val_if_fail (g_task_is_valid (result, source), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_console_source_file_list_consoles_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vireo_console_source_file_open_display_async (VireoConsoleSource  *source,
                                              const char          *console,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
    VireoConsoleSourceFile *self = VIREO_CONSOLE_SOURCE_FILE (source);
    g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
    GError *error = NULL;
    VireoDisplay *display;

    g_task_set_source_tag (task, vireo_console_source_file_open_display_async);
    if (console != NULL && !g_str_equal (console, VIREO_CONSOLE_TARGET_GRAPHICS)) {
        g_task_return_new_error (task, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                                 _("“%s” has no console named “%s”."), self->title,
                                 console);
        return;
    }
    display = make_display (self, &error);
    if (display == NULL) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, display, g_object_unref);
}

static VireoDisplay *
vireo_console_source_file_open_display_finish (VireoConsoleSource  *source,
                                               GAsyncResult        *result,
                                               GError             **error)
{
    g_return_val_if_fail (g_task_is_valid (result, source), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_console_source_file_open_display_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
vireo_console_source_file_get_password_key (VireoConsoleSource *source,
                                            VireoPasswordKey   *key)
{
    VireoConsoleSourceFile *self = VIREO_CONSOLE_SOURCE_FILE (source);

    key->host = self->key_host;
    key->port = self->key_port;
    key->uri = self->key_uri;
    return TRUE;
}

static char *
vireo_console_source_file_dup_clipboard_key (VireoConsoleSource *source)
{
    VireoConsoleSourceFile *self = VIREO_CONSOLE_SOURCE_FILE (source);
    const char *guid = vireo_console_file_get_ovirt_vm_guid (self->file);

    if (guid != NULL)
        return g_strdup (guid);
    if (self->key_host != NULL)
        return g_strdup_printf ("%s:%d", self->key_host, self->key_port);
    return NULL;
}

static char *
vireo_console_source_file_describe (VireoConsoleSource *source)
{
    VireoConsoleSourceFile *self = VIREO_CONSOLE_SOURCE_FILE (source);
    VireoConsoleFile *file = self->file;
    /* describe() shows secrets as "(hidden)". */
    g_autofree char *description = vireo_console_file_describe (file);
    g_autoptr(GString) text = g_string_new (description);

    if (vireo_console_file_has_ovirt (file)) {
        const char *host = vireo_console_file_get_ovirt_host (file);
        const char *guid = vireo_console_file_get_ovirt_vm_guid (file);

        g_string_append_printf (text, "\n%s\n", _("oVirt"));
        g_string_append_printf (text, _("Manager: %s\n"), host != NULL ? host : "—");
        g_string_append_printf (text, _("VM ID: %s\n"), guid != NULL ? guid : "—");
        g_string_append_printf (text, _("Administrator: %s\n"),
                                vireo_console_file_get_ovirt_admin (file) ? _("yes") : _("no"));
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
vireo_console_source_file_iface_init (VireoConsoleSourceInterface *iface)
{
    iface->get_title = vireo_console_source_file_get_title;
    iface->get_available = vireo_console_source_file_get_available;
    iface->list_consoles_async = vireo_console_source_file_list_consoles_async;
    iface->list_consoles_finish = vireo_console_source_file_list_consoles_finish;
    iface->open_display_async = vireo_console_source_file_open_display_async;
    iface->open_display_finish = vireo_console_source_file_open_display_finish;
    iface->get_password_key = vireo_console_source_file_get_password_key;
    iface->dup_clipboard_key = vireo_console_source_file_dup_clipboard_key;
    iface->describe = vireo_console_source_file_describe;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
vireo_console_source_file_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
    VireoConsoleSourceFile *self = VIREO_CONSOLE_SOURCE_FILE (object);

    switch (prop_id) {
    case PROP_TITLE:
        g_value_set_string (value, self->title);
        break;
    case PROP_AVAILABLE:
        g_value_set_boolean (value, TRUE);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_source_file_dispose (GObject *object)
{
    g_clear_object (&VIREO_CONSOLE_SOURCE_FILE (object)->file);
    G_OBJECT_CLASS (vireo_console_source_file_parent_class)->dispose (object);
}

static void
vireo_console_source_file_finalize (GObject *object)
{
    VireoConsoleSourceFile *self = VIREO_CONSOLE_SOURCE_FILE (object);

    g_free (self->title);
    g_free (self->key_host);
    g_free (self->key_uri);
    G_OBJECT_CLASS (vireo_console_source_file_parent_class)->finalize (object);
}

static void
vireo_console_source_file_class_init (VireoConsoleSourceFileClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->get_property = vireo_console_source_file_get_property;
    object_class->dispose = vireo_console_source_file_dispose;
    object_class->finalize = vireo_console_source_file_finalize;

    g_object_class_override_property (object_class, PROP_TITLE, "title");
    g_object_class_override_property (object_class, PROP_AVAILABLE, "available");
}

static void
vireo_console_source_file_init (VireoConsoleSourceFile *self)
{
    self->key_port = -1;
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoConsoleSource *
vireo_console_source_file_new (VireoConsoleFile *file)
{
    VireoConsoleSourceFile *self;

    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (file), NULL);

    self = g_object_new (VIREO_TYPE_CONSOLE_SOURCE_FILE, NULL);
    self->file = g_object_ref (file);
    read_address (self);
    return VIREO_CONSOLE_SOURCE (self);
}

VireoConsoleFile *
vireo_console_source_file_get_file (VireoConsoleSourceFile *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE_FILE (self), NULL);

    return self->file;
}
