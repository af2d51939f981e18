/* vireo-display-spice.c: a SPICE console (spice-gtk)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vireo-console-error.h"
#include "vireo-display-private.h"
#include "vireo-display-spice.h"

#define CHANNEL_CREATED (1u << 0)
#define CHANNEL_OPENED  (1u << 1)

struct _VireoDisplaySpice {
    VireoDisplay     parent_instance;

    /* owned */
    SpiceSession    *session;
    SpiceGtkSession *gtk_session;   /* borrowed from the session */
    GtkWidget       *display;       /* SpiceDisplay, child of the bin */
    SpiceChannel    *main_channel;  /* borrowed while alive */
    GHashTable      *channels;      /* type name (static) -> CHANNEL_* bits */
    GHashTable      *disabled;      /* type names (owned) never to connect */
    GHashTable      *refused;       /* type names (static) of channels not connected */
    /* settings */
    gboolean         audio;
    gboolean         clipboard;
    gboolean         usb_enabled;
    gboolean         usb_auto_connect;
    char            *usb_auto_filter;
    char            *usb_on_connect_filter;
    gboolean         has_target;
    gboolean         keyboard_grab;
    GArray          *release_keys;  /* guint keyvals, empty: spice-gtk's default */
    /* state */
    gboolean         audio_started;
    gboolean         retry_on_credentials;
    gboolean         disconnecting;
    guint            reconnect_id;  /* idle source: connect again with new credentials */
};

enum {
    PROP_0,
    PROP_CLIPBOARD_SHARING,
    PROP_CAN_SHARE_FOLDER,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoDisplaySpice, vireo_display_spice, VIREO_TYPE_DISPLAY)

static void
apply_scaling_and_zoom (VireoDisplaySpice *self)
{
    VireoDisplay *display = VIREO_DISPLAY (self);
    guint zoom = vireo_display_get_zoom (display);

    if (!self->display)
        return;
    g_object_set (self->display,
                  "zoom-level", zoom,
                  "scaling", vireo_display_get_scale_to_fit (display) || zoom != 100,
                  NULL);
}

static gboolean channel_is_disabled (VireoDisplaySpice *self, const char *name);

static void
apply_usb_settings (VireoDisplaySpice *self)
{
    SpiceUsbDeviceManager *manager;

    gboolean enabled = self->usb_enabled && !channel_is_disabled (self, "usbredir");

    g_object_set (self->session, "enable-usbredir", enabled, NULL);
    g_object_set (self->gtk_session, "auto-usbredir", enabled && self->usb_auto_connect, NULL);
    if (!enabled)
        return;
    manager = spice_usb_device_manager_get (self->session, NULL);
    if (!manager)
        return;
    if (self->usb_auto_filter)
        g_object_set (manager, "auto-connect-filter", self->usb_auto_filter, NULL);
    g_object_set (manager, "redirect-on-connect", self->usb_on_connect_filter, NULL);
}

static void
mark_channel (VireoDisplaySpice *self,
              SpiceChannel      *channel,
              guint              bits)
{
    int type = 0;
    const char *name;
    guint old;

    g_object_get (channel, "channel-type", &type, NULL);
    name = spice_channel_type_to_string (type);
    if (!name)
        return;
    old = GPOINTER_TO_UINT (g_hash_table_lookup (self->channels, name));
    g_hash_table_insert (self->channels, (gpointer) name, GUINT_TO_POINTER (old | bits));
    if ((bits & CHANNEL_OPENED) && type == SPICE_CHANNEL_WEBDAV)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SHARE_FOLDER]);
}

static int compare_names (gconstpointer a, gconstpointer b);

static const char *
channel_type_name (SpiceChannel *channel)
{
    int type = 0;

    g_object_get (channel, "channel-type", &type, NULL);
    return spice_channel_type_to_string (type);
}

/* disable-channels: any channel type but main may be left unconnected;
 * "all" leaves out every optional one (all but main, display, inputs and
 * cursor). */
static gboolean
channel_is_disabled (VireoDisplaySpice *self,
                     const char        *name)
{
    static const char * const needed[] = { "main", "display", "inputs", "cursor", NULL };

    if (name == NULL || g_str_equal (name, "main"))
        return FALSE;
    if (g_hash_table_contains (self->disabled, name))
        return TRUE;
    return g_hash_table_contains (self->disabled, "all") &&
           !g_strv_contains (needed, name);
}

static GStrv
hash_keys_sorted (GHashTable *table)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, table);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (names, g_strdup (key));
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    return (GStrv) g_ptr_array_steal (names, NULL);
}

/* spice-gtk's widget connects the session's existing display, inputs and
 * cursor channels when it is made: a disabled one that appeared before it
 * is disconnected again before its socket opens. */
static void
drop_disabled_channels (VireoDisplaySpice *self)
{
    GList *channels = spice_session_get_channels (self->session);

    for (GList *l = channels; l != NULL; l = l->next) {
        if (channel_is_disabled (self, channel_type_name (l->data)))
            spice_channel_disconnect (l->data, SPICE_CHANNEL_NONE);
    }
    g_list_free (channels);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
    return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GError *
channel_error (SpiceChannel      *channel,
               SpiceChannelEvent  event)
{
    const GError *spice_error = spice_channel_get_error (channel);
    const char *detail = spice_error ? spice_error->message : NULL;

    switch (event) {
    case SPICE_CHANNEL_ERROR_TLS:
        return g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                            _("The secure (TLS) connection to the SPICE server failed: %s"),
                            detail ? detail : _("the certificate was not accepted"));
    case SPICE_CHANNEL_ERROR_CONNECT:
        return g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                            _("Could not connect to the SPICE server: %s"),
                            detail ? detail : _("no answer"));
    case SPICE_CHANNEL_ERROR_LINK:
        return g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                            _("The SPICE server refused the connection: %s"),
                            detail ? detail : _("protocol error"));
    case SPICE_CHANNEL_ERROR_IO:
        return g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_DISCONNECTED,
                            _("The SPICE connection was lost: %s"),
                            detail ? detail : _("input/output error"));
    case SPICE_CHANNEL_CLOSED:
    default:
        return g_error_new_literal (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_DISCONNECTED,
                                    _("The SPICE server closed the connection."));
    }
}

/* spice_session_disconnect() takes each channel from the session (clearing
 * the channel's session) and only then stops it, which wakes its coroutine:
 * a channel still in its handshake then completes it without a session, and
 * spice-gtk criticals ("spice_session_get_read_only: assertion failed" from
 * the inputs channel's channel_up).  Each channel is stopped first, while
 * it still has its session. */
static void
disconnect_session (VireoDisplaySpice *self)
{
    GList *channels = spice_session_get_channels (self->session);

    self->disconnecting = TRUE;
    for (GList *l = channels; l != NULL; l = l->next)
        spice_channel_disconnect (l->data, SPICE_CHANNEL_NONE);
    g_list_free (channels);
    spice_session_disconnect (self->session);
    self->disconnecting = FALSE;
}

/* ------------------------------------------------------------------------ */
/* Callbacks */

static void display_ready_cb (GObject *display, GParamSpec *pspec, gpointer user_data);
static void keyboard_grab_cb (GtkWidget *widget, int status, gpointer user_data);

typedef struct {
    VireoDisplaySpice *self;
    SpiceChannel      *channel;
} FdRequest;

static void
channel_fd_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    FdRequest *request = user_data;
    g_autoptr(GError) error = NULL;
    int fd;

    fd = _vireo_display_open_fd_finish (VIREO_DISPLAY (source), result, &error);
    if (fd < 0) {
        g_debug ("No socket for a SPICE channel: %s", error->message);
    } else if (!spice_channel_open_fd (request->channel, fd)) {
        close (fd);
    }
    g_object_unref (request->channel);
    g_free (request);
}

static void
channel_open_fd_cb (SpiceChannel *channel,
                    int           with_tls,
                    gpointer      user_data)
{
    VireoDisplaySpice *self = user_data;
    FdRequest *request = g_new0 (FdRequest, 1);

    request->self = self;
    request->channel = g_object_ref (channel);
    _vireo_display_open_fd_async (VIREO_DISPLAY (self), channel_fd_cb, request);
}

static void
main_fd_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (source);
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
    if (!spice_session_open_fd (self->session, fd)) {
        close (fd);
        error = g_error_new_literal (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                                     _("Could not start the SPICE connection."));
        _vireo_display_report_failed (VIREO_DISPLAY (self), error);
    }
}

static void
main_channel_event (VireoDisplaySpice *self,
                    SpiceChannel      *channel,
                    SpiceChannelEvent  event)
{
    g_autoptr(GError) error = NULL;

    switch (event) {
    case SPICE_CHANNEL_OPENED:
        _vireo_display_report_connected (VIREO_DISPLAY (self));
        break;
    case SPICE_CHANNEL_ERROR_AUTH: {
        const char *reason = _vireo_display_get_password (VIREO_DISPLAY (self))
                             ? _("The password was not accepted.") : NULL;

        disconnect_session (self);
        self->retry_on_credentials = TRUE;
        if (!_vireo_display_request_auth (VIREO_DISPLAY (self), FALSE, TRUE, reason))
            self->retry_on_credentials = FALSE;
        break;
    }
    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO:
    case SPICE_CHANNEL_CLOSED:
        if (self->disconnecting)
            break;
        error = channel_error (channel, event);
        disconnect_session (self);
        _vireo_display_report_failed (VIREO_DISPLAY (self), error);
        break;
    default:
        break;
    }
}

static void
channel_event_cb (SpiceChannel      *channel,
                  SpiceChannelEvent  event,
                  gpointer           user_data)
{
    VireoDisplaySpice *self = user_data;

    g_debug ("%s %p: event %d", G_OBJECT_TYPE_NAME (channel), channel, event);
    if (event == SPICE_CHANNEL_OPENED)
        mark_channel (self, channel, CHANNEL_OPENED);
    if (SPICE_IS_MAIN_CHANNEL (channel))
        main_channel_event (self, channel, event);
    else if (event >= SPICE_CHANNEL_ERROR_CONNECT)
        g_debug ("A SPICE %s channel failed (event %d)", G_OBJECT_TYPE_NAME (channel), event);
}

static void
primary_create_cb (SpiceChannel *channel,
                   int           format,
                   int           width,
                   int           height,
                   int           stride,
                   int           shmid,
                   gpointer      imgdata,
                   gpointer      user_data)
{
    _vireo_display_report_size (VIREO_DISPLAY (user_data), width, height);
}

static void
display_invalidate_cb (SpiceChannel *channel,
                       int           x,
                       int           y,
                       int           width,
                       int           height,
                       gpointer      user_data)
{
    VireoDisplaySpice *self = user_data;

    _vireo_display_report_update (VIREO_DISPLAY (self), self->display);
}

/* spice-gtk's widget is made when the first display channel appears: made
 * earlier, it meets a main channel whose mouse mode is still unknown. */
static void
create_spice_widget (VireoDisplaySpice *self)
{
    VireoDisplay *display = VIREO_DISPLAY (self);

    self->display = GTK_WIDGET (spice_display_new (self->session, 0));
    g_object_set (self->display,
                  "grab-keyboard", self->keyboard_grab,
                  "grab-mouse", TRUE,
                  "resize-guest", vireo_display_get_resize_guest (display),
                  NULL);
    apply_scaling_and_zoom (self);
    if (self->release_keys->len > 0) {
        SpiceGrabSequence *seq = spice_grab_sequence_new (self->release_keys->len,
                                                          (guint *) self->release_keys->data);

        spice_display_set_grab_keys (SPICE_DISPLAY (self->display), seq);
        spice_grab_sequence_free (seq);
    }
    g_signal_connect (self->display, "keyboard-grab", G_CALLBACK (keyboard_grab_cb), self);
    g_signal_connect (self->display, "notify::ready", G_CALLBACK (display_ready_cb), self);
    gtk_widget_set_no_show_all (self->display, TRUE);
    gtk_widget_hide (self->display);
    gtk_container_add (GTK_CONTAINER (self), self->display);
}

static void
channel_new_cb (SpiceSession *session,
                SpiceChannel *channel,
                gpointer      user_data)
{
    VireoDisplaySpice *self = user_data;
    const char *name = channel_type_name (channel);
    int id = 0;

    if (channel_is_disabled (self, name)) {
        /* This handler runs before spice-gtk's own (display widget, audio,
         * USB and smartcard managers), which are the ones that connect
         * their channels: they never see this one. */
        g_debug ("The SPICE %s channel is disabled: not connecting it", name);
        g_hash_table_add (self->refused, (gpointer) name);
        g_signal_stop_emission_by_name (session, "channel-new");
        return;
    }
    g_object_get (channel, "channel-id", &id, NULL);
    mark_channel (self, channel, CHANNEL_CREATED);
    g_signal_connect_object (channel, "channel-event", G_CALLBACK (channel_event_cb), self, 0);
    if (vireo_display_get_fd_provider (VIREO_DISPLAY (self)))
        g_signal_connect_object (channel, "open-fd", G_CALLBACK (channel_open_fd_cb), self, 0);
    if (SPICE_IS_MAIN_CHANNEL (channel))
        self->main_channel = channel;
    if (SPICE_IS_DISPLAY_CHANNEL (channel) && id == 0) {
        if (!self->display) {
            create_spice_widget (self);
            drop_disabled_channels (self);
        }
        g_signal_connect_object (channel, "display-primary-create",
                                 G_CALLBACK (primary_create_cb), self, 0);
        g_signal_connect_object (channel, "display-invalidate",
                                 G_CALLBACK (display_invalidate_cb), self, 0);
    }
}

static void
channel_destroy_cb (SpiceSession *session,
                    SpiceChannel *channel,
                    gpointer      user_data)
{
    VireoDisplaySpice *self = user_data;

    if (channel == self->main_channel)
        self->main_channel = NULL;
    g_signal_handlers_disconnect_by_data (channel, self);
}

static void
display_ready_cb (GObject    *display,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
    gboolean ready = FALSE;

    /* spice-gtk 0.42 warns when it draws with no display channel: show the
     * widget only while it has a picture. */
    g_object_get (display, "ready", &ready, NULL);
    gtk_widget_set_visible (GTK_WIDGET (display), ready);
}

static void
keyboard_grab_cb (GtkWidget *widget,
                  int        status,
                  gpointer   user_data)
{
    _vireo_display_report_grab (VIREO_DISPLAY (user_data), status != 0);
}

/* ------------------------------------------------------------------------ */
/* VireoDisplay */

static gboolean
vireo_display_spice_start (VireoDisplay *display,
                           GError      **error)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);
    const char *password = _vireo_display_get_password (display);
    const char *username = _vireo_display_get_username (display);
    gboolean audio;

    self->retry_on_credentials = FALSE;
    g_hash_table_remove_all (self->channels);
    g_hash_table_remove_all (self->refused);
    if (password)
        g_object_set (self->session, "password", password, NULL);
    if (username)
        g_object_set (self->session, "username", username, NULL);
    /* With both audio channels disabled, no SpiceAudio (and no GStreamer
     * pipeline) is made at all. */
    audio = self->audio && !(channel_is_disabled (self, "playback") &&
                             channel_is_disabled (self, "record"));
    g_object_set (self->session, "enable-audio", audio, NULL);
    if (channel_is_disabled (self, "smartcard"))
        g_object_set (self->session, "enable-smartcard", FALSE, NULL);
    if (audio && !self->audio_started) {
        /* Hooks the playback and record channels as they appear. */
        self->audio_started = spice_audio_get (self->session, NULL) != NULL;
    }
    apply_usb_settings (self);

    if (vireo_display_get_fd_provider (display)) {
        _vireo_display_open_fd_async (display, main_fd_cb, NULL);
        return TRUE;
    }
    if (!self->has_target) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("No SPICE server address was given."));
        return FALSE;
    }
    if (!spice_session_connect (self->session)) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("Could not start the SPICE connection."));
        return FALSE;
    }
    return TRUE;
}

static void
vireo_display_spice_close (VireoDisplay *display)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);

    self->retry_on_credentials = FALSE;
    g_clear_handle_id (&self->reconnect_id, g_source_remove);
    if (self->session)
        disconnect_session (self);
}

static gboolean
reconnect_idle_cb (gpointer user_data)
{
    VireoDisplaySpice *self = user_data;

    self->reconnect_id = 0;
    g_hash_table_remove_all (self->channels);
    g_hash_table_remove_all (self->refused);
    if (!spice_session_connect (self->session)) {
        g_autoptr(GError) error =
            g_error_new_literal (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                                 _("Could not start the SPICE connection."));

        _vireo_display_report_failed (VIREO_DISPLAY (self), error);
    }
    return G_SOURCE_REMOVE;
}

static void
vireo_display_spice_credentials_set (VireoDisplay *display)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);
    const char *password = _vireo_display_get_password (display);
    const char *username = _vireo_display_get_username (display);

    g_object_set (self->session, "password", password, "username", username, NULL);
    if (!self->retry_on_credentials)
        return;
    self->retry_on_credentials = FALSE;
    /* spice_session_disconnect() after the refusal finishes in an idle
     * callback of spice-gtk's, and the session refuses to connect until it
     * ran (credentials from the keyring come that fast): connect from an
     * idle callback of lower priority, which runs after it. */
    if (self->reconnect_id == 0)
        self->reconnect_id = g_idle_add_full (G_PRIORITY_LOW, reconnect_idle_cb, self, NULL);
}

static void
vireo_display_spice_send_keys (VireoDisplay *display,
                               const guint  *keyvals,
                               guint         n_keyvals,
                               gboolean      press)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);

    if (!self->display)
        return;
    spice_display_send_keys (SPICE_DISPLAY (self->display), keyvals, (int) n_keyvals,
                             press ? SPICE_DISPLAY_KEY_EVENT_PRESS
                                   : SPICE_DISPLAY_KEY_EVENT_RELEASE);
}

static GdkPixbuf *
vireo_display_spice_dup_pixbuf (VireoDisplay *display)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);
    gboolean ready = FALSE;

    if (!self->display)
        return NULL;
    /* Until spice-gtk's widget has its primary surface it has no pixels
     * (and criticals when asked for them). */
    g_object_get (self->display, "ready", &ready, NULL);
    if (!ready)
        return NULL;
    return spice_display_get_pixbuf (SPICE_DISPLAY (self->display));
}

static void
vireo_display_spice_apply_scaling (VireoDisplay *display,
                                   gboolean      scale_to_fit)
{
    apply_scaling_and_zoom (VIREO_DISPLAY_SPICE (display));
}

static void
vireo_display_spice_apply_zoom (VireoDisplay *display,
                                guint         percent)
{
    apply_scaling_and_zoom (VIREO_DISPLAY_SPICE (display));
}

static void
vireo_display_spice_set_resize_guest (VireoDisplay *display,
                                      gboolean      resize)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);

    if (self->display)
        g_object_set (self->display, "resize-guest", resize, NULL);
}

static void
vireo_display_spice_set_keyboard_grab (VireoDisplay *display,
                                       gboolean      grab)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);

    self->keyboard_grab = !!grab;
    if (!self->display)
        return;
    g_object_set (self->display, "grab-keyboard", grab, NULL);
    if (grab) {
        gtk_widget_grab_focus (self->display);
    } else {
        spice_display_keyboard_ungrab (SPICE_DISPLAY (self->display));
        spice_display_mouse_ungrab (SPICE_DISPLAY (self->display));
        _vireo_display_report_grab (display, FALSE);
    }
}

static void
vireo_display_spice_set_release_keys (VireoDisplay *display,
                                      const guint  *keyvals,
                                      guint         n_keyvals)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (display);
    SpiceGrabSequence *seq;

    g_array_set_size (self->release_keys, 0);
    g_array_append_vals (self->release_keys, keyvals, n_keyvals);
    if (!self->display)
        return;
    seq = spice_grab_sequence_new (n_keyvals, (guint *) keyvals);
    spice_display_set_grab_keys (SPICE_DISPLAY (self->display), seq);
    spice_grab_sequence_free (seq);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
vireo_display_spice_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (object);

    switch (prop_id) {
    case PROP_CLIPBOARD_SHARING:
        g_value_set_boolean (value, self->clipboard);
        break;
    case PROP_CAN_SHARE_FOLDER:
        g_value_set_boolean (value, vireo_display_spice_can_share_folder (self));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_display_spice_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (object);

    switch (prop_id) {
    case PROP_CLIPBOARD_SHARING:
        vireo_display_spice_set_clipboard_sharing (self, g_value_get_boolean (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_display_spice_dispose (GObject *object)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (object);

    g_clear_handle_id (&self->reconnect_id, g_source_remove);
    if (self->session) {
        GList *channels = spice_session_get_channels (self->session);

        /* No callback of the session or its channels reaches this object
         * any more. */
        g_signal_handlers_disconnect_by_data (self->session, self);
        for (GList *l = channels; l != NULL; l = l->next)
            g_signal_handlers_disconnect_by_data (l->data, self);
        g_list_free (channels);
    }
    if (self->display) {
        g_autoptr(GtkWidget) widget = g_object_ref (g_steal_pointer (&self->display));

        /* spice-gtk's widget leaves the window first, while its session and
         * channels still exist: GTK sends a focused widget a focus-out as it
         * is unparented, and spice-gtk handles that with its session.  Only
         * then is it destroyed (its dispose drops the session); destroyed
         * in place, it would get that event after its dispose. */
        g_signal_handlers_disconnect_by_data (widget, self);
        gtk_container_remove (GTK_CONTAINER (self), widget);
        gtk_widget_destroy (widget);
    }
    if (self->session)
        disconnect_session (self);
    self->main_channel = NULL;
    G_OBJECT_CLASS (vireo_display_spice_parent_class)->dispose (object);
    g_clear_object (&self->session);
}

static void
vireo_display_spice_finalize (GObject *object)
{
    VireoDisplaySpice *self = VIREO_DISPLAY_SPICE (object);

    g_hash_table_unref (self->channels);
    g_hash_table_unref (self->disabled);
    g_hash_table_unref (self->refused);
    g_array_unref (self->release_keys);
    g_free (self->usb_auto_filter);
    g_free (self->usb_on_connect_filter);
    G_OBJECT_CLASS (vireo_display_spice_parent_class)->finalize (object);
}

static void
vireo_display_spice_class_init (VireoDisplaySpiceClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    VireoDisplayClass *display_class = VIREO_DISPLAY_CLASS (klass);

    object_class->get_property = vireo_display_spice_get_property;
    object_class->set_property = vireo_display_spice_set_property;
    object_class->dispose = vireo_display_spice_dispose;
    object_class->finalize = vireo_display_spice_finalize;

    display_class->start = vireo_display_spice_start;
    display_class->close = vireo_display_spice_close;
    display_class->credentials_set = vireo_display_spice_credentials_set;
    display_class->send_keys = vireo_display_spice_send_keys;
    display_class->dup_pixbuf = vireo_display_spice_dup_pixbuf;
    display_class->apply_scaling = vireo_display_spice_apply_scaling;
    display_class->apply_zoom = vireo_display_spice_apply_zoom;
    display_class->set_resize_guest = vireo_display_spice_set_resize_guest;
    display_class->set_keyboard_grab = vireo_display_spice_set_keyboard_grab;
    display_class->set_release_keys = vireo_display_spice_set_release_keys;

    properties[PROP_CLIPBOARD_SHARING] =
        g_param_spec_boolean ("clipboard-sharing", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    properties[PROP_CAN_SHARE_FOLDER] =
        g_param_spec_boolean ("can-share-folder", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_display_spice_init (VireoDisplaySpice *self)
{
    self->audio = TRUE;
    self->usb_enabled = TRUE;
    self->channels = g_hash_table_new (g_str_hash, g_str_equal);
    self->disabled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->refused = g_hash_table_new (g_str_hash, g_str_equal);

    self->session = spice_session_new ();
    /* First of all handlers, so that disabled channels can be kept from
     * spice-gtk's (see channel_new_cb()). */
    g_signal_connect (self->session, "channel-new", G_CALLBACK (channel_new_cb), self);
    g_signal_connect (self->session, "channel-destroy", G_CALLBACK (channel_destroy_cb), self);
    self->gtk_session = spice_gtk_session_get (self->session);
    g_object_set (self->gtk_session, "auto-clipboard", FALSE, "auto-usbredir", FALSE, NULL);

    self->keyboard_grab = TRUE;
    self->release_keys = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoDisplay *
vireo_display_spice_new (void)
{
    return g_object_new (VIREO_TYPE_DISPLAY_SPICE, NULL);
}

void
vireo_display_spice_set_host (VireoDisplaySpice *self,
                              const char        *host,
                              guint              port,
                              guint              tls_port)
{
    g_autofree char *port_str = NULL;
    g_autofree char *tls_str = NULL;

    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));
    g_return_if_fail (host != NULL);
    g_return_if_fail (port < 65536 && tls_port < 65536);
    g_return_if_fail (port > 0 || tls_port > 0);

    if (port > 0)
        port_str = g_strdup_printf ("%u", port);
    if (tls_port > 0)
        tls_str = g_strdup_printf ("%u", tls_port);
    g_object_set (self->session,
                  "host", host,
                  "port", port_str,
                  "tls-port", tls_str,
                  "unix-path", NULL,
                  NULL);
    self->has_target = TRUE;
}

void
vireo_display_spice_set_unix_path (VireoDisplaySpice *self,
                                   const char        *path)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));
    g_return_if_fail (path != NULL);

    g_object_set (self->session, "unix-path", path, NULL);
    self->has_target = TRUE;
}

void
vireo_display_spice_set_tls (VireoDisplaySpice *self,
                             const char        *ca_file,
                             const char        *ca_pem,
                             const char        *host_subject)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    g_object_set (self->session, "ca-file", ca_file, "cert-subject", host_subject, NULL);
    if (ca_pem) {
        g_autoptr(GByteArray) ca = g_byte_array_new ();

        g_byte_array_append (ca, (const guint8 *) ca_pem, strlen (ca_pem));
        g_object_set (self->session, "ca", ca, NULL);
    }
}

void
vireo_display_spice_set_secure_channels (VireoDisplaySpice  *self,
                                         const char * const *channels)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    g_object_set (self->session, "secure-channels", channels, NULL);
}

void
vireo_display_spice_set_proxy (VireoDisplaySpice *self,
                               const char        *proxy)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    g_object_set (self->session, "proxy", proxy, NULL);
}

void
vireo_display_spice_set_audio (VireoDisplaySpice *self,
                               gboolean           enabled)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    self->audio = !!enabled;
}

void
vireo_display_spice_set_disabled_channels (VireoDisplaySpice  *self,
                                           const char * const *channels)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    g_hash_table_remove_all (self->disabled);
    for (guint i = 0; channels != NULL && channels[i] != NULL; i++) {
        g_autofree char *name = g_ascii_strdown (g_strstrip (g_strdup (channels[i])), -1);

        if (g_str_equal (name, "main")) {
            g_debug ("The SPICE main channel cannot be disabled");
            continue;
        }
        if (*name != '\0')
            g_hash_table_add (self->disabled, g_steal_pointer (&name));
    }
    apply_usb_settings (self);
}

GStrv
vireo_display_spice_list_disabled_channels (VireoDisplaySpice *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);

    return hash_keys_sorted (self->disabled);
}

GStrv
vireo_display_spice_list_refused_channels (VireoDisplaySpice *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);

    return hash_keys_sorted (self->refused);
}

void
vireo_display_spice_set_clipboard_sharing (VireoDisplaySpice *self,
                                           gboolean           share)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    share = !!share;
    if (self->clipboard == share)
        return;
    self->clipboard = share;
    g_object_set (self->gtk_session, "auto-clipboard", share, NULL);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIPBOARD_SHARING]);
}

gboolean
vireo_display_spice_get_clipboard_sharing (VireoDisplaySpice *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), FALSE);

    return self->clipboard;
}

void
vireo_display_spice_set_usb_redirection (VireoDisplaySpice *self,
                                         gboolean           enabled,
                                         gboolean           auto_connect,
                                         const char        *auto_filter,
                                         const char        *on_connect_filter)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    self->usb_enabled = !!enabled;
    self->usb_auto_connect = !!auto_connect;
    g_free (self->usb_auto_filter);
    self->usb_auto_filter = g_strdup (auto_filter);
    g_free (self->usb_on_connect_filter);
    self->usb_on_connect_filter = g_strdup (on_connect_filter);
    apply_usb_settings (self);
}

SpiceUsbDeviceManager *
vireo_display_spice_get_usb_manager (VireoDisplaySpice *self,
                                     GError           **error)
{
    g_autoptr(GError) local_error = NULL;
    SpiceUsbDeviceManager *manager;

    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (!self->usb_enabled) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                             _("USB redirection is turned off for this console."));
        return NULL;
    }
    manager = spice_usb_device_manager_get (self->session, &local_error);
    if (!manager) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                     _("USB redirection is not available: %s"),
                     local_error ? local_error->message : _("unknown reason"));
        return NULL;
    }
    return manager;
}

GStrv
vireo_display_spice_list_usb_devices (VireoDisplaySpice *self,
                                      GError           **error)
{
    SpiceUsbDeviceManager *manager;
    g_autoptr(GPtrArray) devices = NULL;
    g_autoptr(GStrvBuilder) builder = NULL;

    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    manager = vireo_display_spice_get_usb_manager (self, error);
    if (!manager)
        return NULL;
    builder = g_strv_builder_new ();
    devices = spice_usb_device_manager_get_devices (manager);
    for (guint i = 0; devices && i < devices->len; i++) {
        g_autofree char *description =
            spice_usb_device_get_description (g_ptr_array_index (devices, i), NULL);

        g_strv_builder_add (builder, description);
    }
    return g_strv_builder_end (builder);
}

GtkWidget *
vireo_display_spice_create_usb_device_widget (VireoDisplaySpice *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);

    return spice_usb_device_widget_new (self->session, NULL);
}

gboolean
vireo_display_spice_can_share_folder (VireoDisplaySpice *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), FALSE);

    return vireo_display_spice_has_channel (self, "webdav", TRUE);
}

void
vireo_display_spice_set_shared_folder (VireoDisplaySpice *self,
                                       const char        *path,
                                       gboolean           read_only)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SPICE (self));

    g_object_set (self->session, "shared-dir", path, "share-dir-ro", read_only, NULL);
}

GStrv
vireo_display_spice_list_channels (VireoDisplaySpice *self,
                                   gboolean           opened_only)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key, value;

    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);

    g_hash_table_iter_init (&iter, self->channels);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        if (!opened_only || (GPOINTER_TO_UINT (value) & CHANNEL_OPENED))
            g_ptr_array_add (names, g_strdup (key));
    }
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    return (GStrv) g_ptr_array_steal (names, NULL);
}

gboolean
vireo_display_spice_has_channel (VireoDisplaySpice *self,
                                 const char        *type,
                                 gboolean           opened)
{
    guint bits;

    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), FALSE);
    g_return_val_if_fail (type != NULL, FALSE);

    bits = GPOINTER_TO_UINT (g_hash_table_lookup (self->channels, type));
    return opened ? (bits & CHANNEL_OPENED) != 0 : bits != 0;
}

SpiceSession *
vireo_display_spice_get_session (VireoDisplaySpice *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);

    return self->session;
}

GtkWidget *
vireo_display_spice_get_spice_widget (VireoDisplaySpice *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SPICE (self), NULL);

    return self->display;
}
