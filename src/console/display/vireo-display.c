/* vireo-display.c: the console display widget (base of SPICE, VNC and serial)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <unistd.h>

#include <glib/gi18n.h>

#include "vireo-console-enums.h"
#include "vireo-console-error.h"
#include "vireo-display-private.h"

typedef struct {
    /* settings */
    char                *title;
    VireoDisplayScaling  scaling;
    guint                zoom;
    gboolean             fullscreen;
    gboolean             resize_guest;
    /* owned */
    VireoDisplayFdProvider *fd_provider;
    char                *username;
    char                *password;
    GTask               *open_task;
    GCancellable        *cancellable;       /* cancelled by close() */
    gulong               caller_cancel_id;
    GCancellable        *caller_cancellable;
    /* state */
    gboolean             connected;
    gboolean             closing;
    gboolean             keyboard_grabbed;
    int                  guest_width;
    int                  guest_height;
    gboolean             first_frame;
    GtkWidget           *drawn;             /* weak: the protocol widget awaiting a draw */
    gulong               draw_id;
    guint                first_frame_idle;
    GQueue               key_queue;         /* GArray of guint keyvals, one a combination */
    guint                key_timer;
    gboolean             key_down;          /* the head combination is pressed */
} VireoDisplayPrivate;

enum {
    PROP_0,
    PROP_TITLE,
    PROP_CONNECTED,
    PROP_SCALING,
    PROP_ZOOM,
    PROP_FULLSCREEN,
    PROP_KEYBOARD_GRABBED,
    PROP_RESIZE_GUEST,
    PROP_FD_PROVIDER,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_CONNECTED,
    SIGNAL_FIRST_FRAME,
    SIGNAL_DISCONNECTED,
    SIGNAL_AUTH_REQUIRED,
    SIGNAL_SIZE_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_PRIVATE (VireoDisplay, vireo_display, GTK_TYPE_EVENT_BOX)

/* Milliseconds a combination stays pressed, and between combinations:
 * firmware that polls the keyboard misses a press and release that come
 * together. */
#define KEY_HOLD_MS 40
#define KEY_GAP_MS  30

/* Zoom steps, in percent, as most viewers offer them. */
static const guint zoom_steps[] = {
    10, 25, 33, 50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400,
};

static void
clear_secret (char **secret)
{
    if (*secret) {
        memset (*secret, 0, strlen (*secret));
        g_clear_pointer (secret, g_free);
    }
}

static void
apply_scaling (VireoDisplay *self)
{
    VireoDisplayClass *klass = VIREO_DISPLAY_GET_CLASS (self);

    if (klass->apply_scaling)
        klass->apply_scaling (self, vireo_display_get_scale_to_fit (self));
}

static void
stop_waiting_for_draw (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    if (priv->drawn) {
        /* A subclass may have disconnected everything it connected with
         * itself as data (this handler too) before chaining up. */
        if (priv->draw_id != 0 &&
            g_signal_handler_is_connected (priv->drawn, priv->draw_id))
            g_signal_handler_disconnect (priv->drawn, priv->draw_id);
        priv->draw_id = 0;
        g_object_remove_weak_pointer (G_OBJECT (priv->drawn), (gpointer *) &priv->drawn);
        priv->drawn = NULL;
    }
}

static void
take_open_task (VireoDisplay *self,
                GTask       **out)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    if (priv->caller_cancellable) {
        g_cancellable_disconnect (priv->caller_cancellable, priv->caller_cancel_id);
        priv->caller_cancel_id = 0;
        g_clear_object (&priv->caller_cancellable);
    }
    *out = g_steal_pointer (&priv->open_task);
}

static guint
char_to_keyvals (gunichar c,
                 guint    out[2])
{
    GdkDisplay *display = gdk_display_get_default ();
    GdkKeymap *keymap = display ? gdk_keymap_get_for_display (display) : NULL;
    g_autofree GdkKeymapKey *keys = NULL;
    guint keyval;
    int n_keys = 0;

    if (c == '\n' || c == '\r')
        keyval = GDK_KEY_Return;
    else if (c == '\t')
        keyval = GDK_KEY_Tab;
    else
        keyval = gdk_unicode_to_keyval (c);

    /* Protocols send key positions: a character on the shifted level is
     * Shift plus the key's base symbol. */
    if (keymap && gdk_keymap_get_entries_for_keyval (keymap, keyval, &keys, &n_keys)) {
        gboolean base_level = FALSE;
        int shifted = -1;

        for (int i = 0; i < n_keys; i++) {
            if (keys[i].group != 0)
                continue;
            if (keys[i].level == 0)
                base_level = TRUE;
            else if (keys[i].level == 1 && shifted < 0)
                shifted = i;
        }
        if (!base_level && shifted >= 0) {
            GdkKeymapKey base = keys[shifted];
            guint base_keyval;

            base.level = 0;
            base_keyval = gdk_keymap_lookup_key (keymap, &base);
            if (base_keyval != 0) {
                out[0] = GDK_KEY_Shift_L;
                out[1] = base_keyval;
                return 2;
            }
        }
    }
    out[0] = keyval;
    return 1;
}

static void
clear_key_queue (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    g_clear_handle_id (&priv->key_timer, g_source_remove);
    g_queue_clear_full (&priv->key_queue, (GDestroyNotify) g_array_unref);
    priv->key_down = FALSE;
}

static gboolean key_timer_cb (gpointer user_data);

static void
key_queue_step (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);
    VireoDisplayClass *klass = VIREO_DISPLAY_GET_CLASS (self);
    GArray *combo = g_queue_peek_head (&priv->key_queue);

    if (!combo)
        return;
    if (!priv->connected || !klass->send_keys) {
        clear_key_queue (self);
        return;
    }
    if (!priv->key_down) {
        klass->send_keys (self, (const guint *) combo->data, combo->len, TRUE);
        priv->key_down = TRUE;
        priv->key_timer = g_timeout_add (KEY_HOLD_MS, key_timer_cb, self);
    } else {
        klass->send_keys (self, (const guint *) combo->data, combo->len, FALSE);
        priv->key_down = FALSE;
        g_array_unref (g_queue_pop_head (&priv->key_queue));
        if (!g_queue_is_empty (&priv->key_queue))
            priv->key_timer = g_timeout_add (KEY_GAP_MS, key_timer_cb, self);
    }
}


/* ------------------------------------------------------------------------ */
/* Callbacks */

static gboolean
key_timer_cb (gpointer user_data)
{
    VireoDisplay *self = user_data;
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    priv->key_timer = 0;
    key_queue_step (self);
    return G_SOURCE_REMOVE;
}

static gboolean
emit_first_frame_cb (gpointer user_data)
{
    VireoDisplay *self = user_data;
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    priv->first_frame_idle = 0;
    g_signal_emit (self, signals[SIGNAL_FIRST_FRAME], 0);
    return G_SOURCE_REMOVE;
}

static void
schedule_first_frame (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    if (priv->first_frame)
        return;
    priv->first_frame = TRUE;
    stop_waiting_for_draw (self);
    priv->first_frame_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, emit_first_frame_cb,
                                              self, NULL);
}

static gboolean
drawn_after_update_cb (GtkWidget *widget,
                       cairo_t   *cr,
                       gpointer   user_data)
{
    schedule_first_frame (VIREO_DISPLAY (user_data));
    return FALSE;
}

static void
fd_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    int fd;

    fd = vireo_display_fd_provider_open_fd_finish (VIREO_DISPLAY_FD_PROVIDER (source), result,
                                                   &error);
    if (fd < 0) {
        g_task_return_error (task, error);
        return;
    }
    /* Nobody waits for it any more: it would never be closed. */
    if (g_task_return_error_if_cancelled (task)) {
        close (fd);
        return;
    }
    g_task_return_int (task, fd);
}

static gboolean
close_idle_cb (gpointer user_data)
{
    vireo_display_close (VIREO_DISPLAY (user_data));
    return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
    /* May run in another thread: close from the main context. */
    g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (user_data),
                     g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* Default virtual methods */

static void
vireo_display_real_open_async (VireoDisplay       *self,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);
    VireoDisplayClass *klass = VIREO_DISPLAY_GET_CLASS (self);
    g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
    GError *error = NULL;

    g_task_set_source_tag (task, vireo_display_real_open_async);
    if (priv->open_task || priv->connected) {
        g_task_return_new_error (task, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                                 _("The display is already connected."));
        return;
    }
    if (!klass->start) {
        g_task_return_new_error (task, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                                 _("This kind of display cannot connect."));
        return;
    }
    g_clear_object (&priv->cancellable);
    priv->cancellable = g_cancellable_new ();
    priv->open_task = g_steal_pointer (&task);
    priv->closing = FALSE;
    if (cancellable) {
        priv->caller_cancellable = g_object_ref (cancellable);
        priv->caller_cancel_id = g_cancellable_connect (cancellable,
                                                        G_CALLBACK (caller_cancelled_cb),
                                                        self, NULL);
    }
    if (!klass->start (self, &error)) {
        g_autoptr(GTask) failed = NULL;

        take_open_task (self, &failed);
        if (failed)
            g_task_return_error (failed, error);
        else
            g_error_free (error);
    }
}

static gboolean
vireo_display_real_open_finish (VireoDisplay *self,
                                GAsyncResult *result,
                                GError      **error)
{
    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Overrides */

static void
vireo_display_dispose (GObject *object)
{
    VireoDisplay *self = VIREO_DISPLAY (object);
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    if (priv->open_task || priv->connected)
        vireo_display_close (self);
    stop_waiting_for_draw (self);
    clear_key_queue (self);
    g_clear_handle_id (&priv->first_frame_idle, g_source_remove);
    if (priv->cancellable)
        g_cancellable_cancel (priv->cancellable);
    g_clear_object (&priv->cancellable);
    g_clear_object (&priv->fd_provider);

    G_OBJECT_CLASS (vireo_display_parent_class)->dispose (object);
}

static void
vireo_display_finalize (GObject *object)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (VIREO_DISPLAY (object));

    g_free (priv->title);
    clear_secret (&priv->username);
    clear_secret (&priv->password);

    G_OBJECT_CLASS (vireo_display_parent_class)->finalize (object);
}

static void
vireo_display_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
    VireoDisplay *self = VIREO_DISPLAY (object);
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    switch (prop_id) {
    case PROP_TITLE:
        g_value_set_string (value, priv->title);
        break;
    case PROP_CONNECTED:
        g_value_set_boolean (value, priv->connected);
        break;
    case PROP_SCALING:
        g_value_set_enum (value, priv->scaling);
        break;
    case PROP_ZOOM:
        g_value_set_uint (value, priv->zoom);
        break;
    case PROP_FULLSCREEN:
        g_value_set_boolean (value, priv->fullscreen);
        break;
    case PROP_KEYBOARD_GRABBED:
        g_value_set_boolean (value, priv->keyboard_grabbed);
        break;
    case PROP_RESIZE_GUEST:
        g_value_set_boolean (value, priv->resize_guest);
        break;
    case PROP_FD_PROVIDER:
        g_value_set_object (value, priv->fd_provider);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_display_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
    VireoDisplay *self = VIREO_DISPLAY (object);

    switch (prop_id) {
    case PROP_TITLE:
        vireo_display_set_title (self, g_value_get_string (value));
        break;
    case PROP_SCALING:
        vireo_display_set_scaling (self, g_value_get_enum (value));
        break;
    case PROP_ZOOM:
        vireo_display_set_zoom (self, g_value_get_uint (value));
        break;
    case PROP_FULLSCREEN:
        vireo_display_set_fullscreen (self, g_value_get_boolean (value));
        break;
    case PROP_RESIZE_GUEST:
        vireo_display_set_resize_guest (self, g_value_get_boolean (value));
        break;
    case PROP_FD_PROVIDER:
        vireo_display_set_fd_provider (self, g_value_get_object (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A screen reader names the console, and the protocol widget inside it that
 * takes the keyboard focus, after the machine: "Console of NAME". */
static void
update_accessible_name (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);
    g_autofree char *name = priv->title != NULL ? g_strdup_printf (_("Console of %s"), priv->title)
                                                : g_strdup (_("Console"));
    GtkWidget *child = gtk_bin_get_child (GTK_BIN (self));

    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), name);
    if (child != NULL)
        atk_object_set_name (gtk_widget_get_accessible (child), name);
}

static void
vireo_display_add (GtkContainer *container,
                   GtkWidget    *child)
{
    GTK_CONTAINER_CLASS (vireo_display_parent_class)->add (container, child);
    update_accessible_name (VIREO_DISPLAY (container));
}

static void
vireo_display_class_init (VireoDisplayClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    GTK_CONTAINER_CLASS (klass)->add = vireo_display_add;

    object_class->dispose = vireo_display_dispose;
    object_class->finalize = vireo_display_finalize;
    object_class->get_property = vireo_display_get_property;
    object_class->set_property = vireo_display_set_property;

    klass->open_async = vireo_display_real_open_async;
    klass->open_finish = vireo_display_real_open_finish;

    properties[PROP_TITLE] =
        g_param_spec_string ("title", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_CONNECTED] =
        g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_SCALING] =
        g_param_spec_enum ("scaling", NULL, NULL, VIREO_TYPE_DISPLAY_SCALING,
                           VIREO_DISPLAY_SCALING_ALWAYS,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);
    properties[PROP_ZOOM] =
        g_param_spec_uint ("zoom", NULL, NULL, VIREO_DISPLAY_ZOOM_MIN, VIREO_DISPLAY_ZOOM_MAX,
                           100, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);
    properties[PROP_FULLSCREEN] =
        g_param_spec_boolean ("fullscreen", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    properties[PROP_KEYBOARD_GRABBED] =
        g_param_spec_boolean ("keyboard-grabbed", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_RESIZE_GUEST] =
        g_param_spec_boolean ("resize-guest", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    properties[PROP_FD_PROVIDER] =
        g_param_spec_object ("fd-provider", NULL, NULL, VIREO_TYPE_DISPLAY_FD_PROVIDER,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_CONNECTED] =
        g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_FIRST_FRAME] =
        g_signal_new ("first-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_DISCONNECTED] =
        g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
    signals[SIGNAL_AUTH_REQUIRED] =
        g_signal_new ("auth-required", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, g_signal_accumulator_true_handled, NULL, NULL,
                      G_TYPE_BOOLEAN, 3, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN, G_TYPE_STRING);
    signals[SIGNAL_SIZE_CHANGED] =
        g_signal_new ("size-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

    gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "vireo-display");
}

static void
vireo_display_init (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    priv->scaling = VIREO_DISPLAY_SCALING_ALWAYS;
    priv->zoom = 100;
    gtk_widget_set_can_focus (GTK_WIDGET (self), TRUE);
}

/* ------------------------------------------------------------------------ */
/* For subclasses (vireo-display-private.h) */

void
_vireo_display_report_connected (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);
    g_autoptr(GTask) task = NULL;

    g_assert (VIREO_IS_DISPLAY (self));
    take_open_task (self, &task);
    if (!priv->connected) {
        priv->connected = TRUE;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
        apply_scaling (self);
        g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
    }
    if (task)
        g_task_return_boolean (task, TRUE);
}

void
_vireo_display_report_failed (VireoDisplay *self,
                              const GError *error)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);
    g_autoptr(GTask) task = NULL;

    g_assert (VIREO_IS_DISPLAY (self));
    if (priv->closing)
        return;
    take_open_task (self, &task);
    if (task) {
        if (error)
            g_task_return_error (task, g_error_copy (error));
        else
            g_task_return_new_error (task, VIREO_CONSOLE_ERROR,
                                     VIREO_CONSOLE_ERROR_DISCONNECTED,
                                     _("The server closed the connection."));
    }
    if (priv->connected) {
        priv->connected = FALSE;
        priv->keyboard_grabbed = FALSE;
        clear_key_queue (self);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
        g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, error);
    }
}

void
_vireo_display_report_size (VireoDisplay *self,
                            int           width,
                            int           height)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    g_assert (VIREO_IS_DISPLAY (self));
    if (width == priv->guest_width && height == priv->guest_height)
        return;
    priv->guest_width = width;
    priv->guest_height = height;
    g_signal_emit (self, signals[SIGNAL_SIZE_CHANGED], 0, width, height);
}

void
_vireo_display_report_update (VireoDisplay *self,
                              GtkWidget    *drawn)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    g_assert (VIREO_IS_DISPLAY (self));
    if (priv->first_frame || priv->drawn)
        return;
    if (!drawn || !gtk_widget_get_mapped (drawn)) {
        schedule_first_frame (self);
        return;
    }
    priv->drawn = drawn;
    g_object_add_weak_pointer (G_OBJECT (drawn), (gpointer *) &priv->drawn);
    /* Protocol widgets stop ::draw in their class handler, so watch the
     * emission's start; ::first-frame is emitted from an idle after it. */
    priv->draw_id = g_signal_connect (drawn, "draw", G_CALLBACK (drawn_after_update_cb), self);
    gtk_widget_queue_draw (drawn);
}

gboolean
_vireo_display_request_auth (VireoDisplay *self,
                             gboolean      need_username,
                             gboolean      need_password,
                             const char   *reason)
{
    gboolean handled = FALSE;

    g_assert (VIREO_IS_DISPLAY (self));
    g_signal_emit (self, signals[SIGNAL_AUTH_REQUIRED], 0,
                   need_username, need_password, reason, &handled);
    if (!handled) {
        g_autoptr(GError) error = NULL;

        if (reason)
            error = g_error_new (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_AUTH,
                                 _("The server refused the credentials: %s"), reason);
        else
            error = g_error_new_literal (VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_AUTH,
                                         _("The server asks for a password and none was given."));
        _vireo_display_report_failed (self, error);
    }
    return handled;
}

void
_vireo_display_report_grab (VireoDisplay *self,
                            gboolean      grabbed)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    if (priv->keyboard_grabbed == grabbed)
        return;
    priv->keyboard_grabbed = grabbed;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYBOARD_GRABBED]);
}

const char *
_vireo_display_get_username (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    return priv->username;
}

const char *
_vireo_display_get_password (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    return priv->password;
}

gboolean
_vireo_display_is_opening (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    return priv->open_task != NULL;
}

GCancellable *
_vireo_display_get_cancellable (VireoDisplay *self)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);

    return priv->cancellable;
}

void
_vireo_display_open_fd_async (VireoDisplay       *self,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
    VireoDisplayPrivate *priv = vireo_display_get_instance_private (self);
    g_autoptr(GTask) task = g_task_new (self, priv->cancellable, callback, user_data);

    g_task_set_source_tag (task, _vireo_display_open_fd_async);
    if (priv->fd_provider == NULL) {
        g_task_return_new_error (task, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                                 _("The display has nothing to connect to."));
        return;
    }
    vireo_display_fd_provider_open_fd_async (priv->fd_provider, priv->cancellable,
                                             fd_opened_cb, g_steal_pointer (&task));
}

int
_vireo_display_open_fd_finish (VireoDisplay  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), -1);

    return (int) g_task_propagate_int (G_TASK (result), error);
}

guint
_vireo_display_accel_to_keyvals (guint           keyval,
                                 GdkModifierType mods,
                                 guint           out[5])
{
    guint n = 0;

    if (mods & GDK_CONTROL_MASK)
        out[n++] = GDK_KEY_Control_L;
    if (mods & GDK_MOD1_MASK)
        out[n++] = GDK_KEY_Alt_L;
    if (mods & GDK_SHIFT_MASK)
        out[n++] = GDK_KEY_Shift_L;
    if (mods & (GDK_SUPER_MASK | GDK_MOD4_MASK))
        out[n++] = GDK_KEY_Super_L;
    if (keyval != 0)
        out[n++] = keyval;
    return n;
}

/* ------------------------------------------------------------------------ */
/* Public API */

void
vireo_display_open_async (VireoDisplay       *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_DISPLAY (self));
    g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

    VIREO_DISPLAY_GET_CLASS (self)->open_async (self, cancellable, callback, user_data);
}

gboolean
vireo_display_open_finish (VireoDisplay  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

    return VIREO_DISPLAY_GET_CLASS (self)->open_finish (self, result, error);
}

void
vireo_display_close (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;
    VireoDisplayClass *klass;
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    priv = vireo_display_get_instance_private (self);
    klass = VIREO_DISPLAY_GET_CLASS (self);

    g_object_ref (self);
    priv->closing = TRUE;
    if (priv->cancellable)
        g_cancellable_cancel (priv->cancellable);
    if (klass->close)
        klass->close (self);
    take_open_task (self, &task);
    if (task)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The connection was closed before it was established."));
    clear_key_queue (self);
    if (priv->connected) {
        priv->connected = FALSE;
        priv->keyboard_grabbed = FALSE;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
        g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, NULL);
    }
    g_object_unref (self);
}

gboolean
vireo_display_get_connected (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    priv = vireo_display_get_instance_private (self);
    return priv->connected;
}

void
vireo_display_set_credentials (VireoDisplay *self,
                               const char   *username,
                               const char   *password)
{
    VireoDisplayPrivate *priv;
    VireoDisplayClass *klass;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    priv = vireo_display_get_instance_private (self);
    klass = VIREO_DISPLAY_GET_CLASS (self);

    clear_secret (&priv->username);
    clear_secret (&priv->password);
    priv->username = g_strdup (username);
    priv->password = g_strdup (password);
    if (klass->credentials_set)
        klass->credentials_set (self);
}

void
vireo_display_set_fd_provider (VireoDisplay           *self,
                               VireoDisplayFdProvider *provider)
{
    VireoDisplayPrivate *priv;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    g_return_if_fail (provider == NULL || VIREO_IS_DISPLAY_FD_PROVIDER (provider));
    priv = vireo_display_get_instance_private (self);

    if (g_set_object (&priv->fd_provider, provider))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FD_PROVIDER]);
}

VireoDisplayFdProvider *
vireo_display_get_fd_provider (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), NULL);
    priv = vireo_display_get_instance_private (self);
    return priv->fd_provider;
}

const char *
vireo_display_get_title (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), NULL);
    priv = vireo_display_get_instance_private (self);
    return priv->title;
}

void
vireo_display_set_title (VireoDisplay *self,
                         const char   *title)
{
    VireoDisplayPrivate *priv;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    priv = vireo_display_get_instance_private (self);
    if (g_strcmp0 (priv->title, title) == 0)
        return;
    g_free (priv->title);
    priv->title = g_strdup (title);
    update_accessible_name (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
vireo_display_get_guest_size (VireoDisplay *self,
                              int          *width,
                              int          *height)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    priv = vireo_display_get_instance_private (self);
    if (width)
        *width = priv->guest_width;
    if (height)
        *height = priv->guest_height;
    return priv->guest_width > 0 && priv->guest_height > 0;
}

gboolean
vireo_display_has_first_frame (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    priv = vireo_display_get_instance_private (self);
    return priv->first_frame;
}

void
vireo_display_send_keys (VireoDisplay *self,
                         const guint  *keyvals,
                         guint         n_keyvals)
{
    VireoDisplayPrivate *priv;
    GArray *combo;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    g_return_if_fail (keyvals != NULL || n_keyvals == 0);
    priv = vireo_display_get_instance_private (self);

    if (n_keyvals == 0 || !priv->connected || !VIREO_DISPLAY_GET_CLASS (self)->send_keys)
        return;
    combo = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_keyvals);
    g_array_append_vals (combo, keyvals, n_keyvals);
    g_queue_push_tail (&priv->key_queue, combo);
    if (!priv->key_timer && g_queue_get_length (&priv->key_queue) == 1)
        key_queue_step (self);
}

void
vireo_display_type_text (VireoDisplay *self,
                         const char   *text)
{
    g_return_if_fail (VIREO_IS_DISPLAY (self));
    g_return_if_fail (text != NULL);
    g_return_if_fail (g_utf8_validate (text, -1, NULL));

    for (const char *p = text; *p; p = g_utf8_next_char (p)) {
        guint keyvals[2];
        guint n = char_to_keyvals (g_utf8_get_char (p), keyvals);

        vireo_display_send_keys (self, keyvals, n);
    }
}

void
vireo_display_grab_keyboard (VireoDisplay *self)
{
    VireoDisplayClass *klass;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    klass = VIREO_DISPLAY_GET_CLASS (self);
    gtk_widget_grab_focus (GTK_WIDGET (self));
    if (klass->set_keyboard_grab)
        klass->set_keyboard_grab (self, TRUE);
}

void
vireo_display_release_keyboard (VireoDisplay *self)
{
    VireoDisplayClass *klass;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    klass = VIREO_DISPLAY_GET_CLASS (self);
    if (klass->set_keyboard_grab)
        klass->set_keyboard_grab (self, FALSE);
}

gboolean
vireo_display_get_keyboard_grabbed (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    priv = vireo_display_get_instance_private (self);
    return priv->keyboard_grabbed;
}

gboolean
vireo_display_set_release_keys (VireoDisplay *self,
                                const char   *accelerator,
                                GError      **error)
{
    VireoDisplayClass *klass;
    GdkModifierType mods = 0;
    guint keyval = 0;
    guint keyvals[5];
    guint n;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
    klass = VIREO_DISPLAY_GET_CLASS (self);

    if (accelerator) {
        gtk_accelerator_parse (accelerator, &keyval, &mods);
    } else {
        mods = GDK_CONTROL_MASK | GDK_MOD1_MASK;
    }
    n = _vireo_display_accel_to_keyvals (keyval, mods, keyvals);
    if (n == 0) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                     _("“%s” is not a key combination."), accelerator);
        return FALSE;
    }
    if (klass->set_release_keys)
        klass->set_release_keys (self, keyvals, n);
    return TRUE;
}

GdkPixbuf *
vireo_display_dup_pixbuf (VireoDisplay *self)
{
    VireoDisplayClass *klass;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), NULL);
    klass = VIREO_DISPLAY_GET_CLASS (self);
    if (!klass->dup_pixbuf || !vireo_display_get_connected (self))
        return NULL;
    return klass->dup_pixbuf (self);
}

gboolean
vireo_display_save_screenshot (VireoDisplay *self,
                               const char   *path,
                               GError      **error)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    pixbuf = vireo_display_dup_pixbuf (self);
    if (!pixbuf) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("There is no picture of the guest to save yet."));
        return FALSE;
    }
    return gdk_pixbuf_save (pixbuf, path, "png", error, NULL);
}

void
vireo_display_set_scaling (VireoDisplay        *self,
                           VireoDisplayScaling  scaling)
{
    VireoDisplayPrivate *priv;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    g_return_if_fail (scaling <= VIREO_DISPLAY_SCALING_FULLSCREEN_ONLY);
    priv = vireo_display_get_instance_private (self);
    if (priv->scaling == scaling)
        return;
    priv->scaling = scaling;
    apply_scaling (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALING]);
}

VireoDisplayScaling
vireo_display_get_scaling (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), VIREO_DISPLAY_SCALING_ALWAYS);
    priv = vireo_display_get_instance_private (self);
    return priv->scaling;
}

void
vireo_display_set_fullscreen (VireoDisplay *self,
                              gboolean      fullscreen)
{
    VireoDisplayPrivate *priv;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    priv = vireo_display_get_instance_private (self);
    fullscreen = !!fullscreen;
    if (priv->fullscreen == fullscreen)
        return;
    priv->fullscreen = fullscreen;
    apply_scaling (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULLSCREEN]);
}

gboolean
vireo_display_get_fullscreen (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    priv = vireo_display_get_instance_private (self);
    return priv->fullscreen;
}

gboolean
vireo_display_get_scale_to_fit (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    priv = vireo_display_get_instance_private (self);
    switch (priv->scaling) {
    case VIREO_DISPLAY_SCALING_ALWAYS:
        return TRUE;
    case VIREO_DISPLAY_SCALING_FULLSCREEN_ONLY:
        return priv->fullscreen;
    case VIREO_DISPLAY_SCALING_NEVER:
    default:
        return FALSE;
    }
}

void
vireo_display_set_zoom (VireoDisplay *self,
                        guint         percent)
{
    VireoDisplayPrivate *priv;
    VireoDisplayClass *klass;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    priv = vireo_display_get_instance_private (self);
    klass = VIREO_DISPLAY_GET_CLASS (self);

    percent = CLAMP (percent, VIREO_DISPLAY_ZOOM_MIN, VIREO_DISPLAY_ZOOM_MAX);
    if (priv->zoom == percent)
        return;
    priv->zoom = percent;
    if (klass->apply_zoom)
        klass->apply_zoom (self, percent);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

guint
vireo_display_get_zoom (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), 100);
    priv = vireo_display_get_instance_private (self);
    return priv->zoom;
}

void
vireo_display_zoom_in (VireoDisplay *self)
{
    guint zoom;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    zoom = vireo_display_get_zoom (self);
    for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++) {
        if (zoom_steps[i] > zoom) {
            vireo_display_set_zoom (self, zoom_steps[i]);
            return;
        }
    }
}

void
vireo_display_zoom_out (VireoDisplay *self)
{
    guint zoom;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    zoom = vireo_display_get_zoom (self);
    for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--) {
        if (zoom_steps[i - 1] < zoom) {
            vireo_display_set_zoom (self, zoom_steps[i - 1]);
            return;
        }
    }
}

void
vireo_display_zoom_reset (VireoDisplay *self)
{
    g_return_if_fail (VIREO_IS_DISPLAY (self));
    vireo_display_set_zoom (self, 100);
}

void
vireo_display_set_resize_guest (VireoDisplay *self,
                                gboolean      resize)
{
    VireoDisplayPrivate *priv;
    VireoDisplayClass *klass;

    g_return_if_fail (VIREO_IS_DISPLAY (self));
    priv = vireo_display_get_instance_private (self);
    klass = VIREO_DISPLAY_GET_CLASS (self);
    resize = !!resize;
    if (priv->resize_guest == resize)
        return;
    priv->resize_guest = resize;
    if (klass->set_resize_guest)
        klass->set_resize_guest (self, resize);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESIZE_GUEST]);
}

gboolean
vireo_display_get_resize_guest (VireoDisplay *self)
{
    VireoDisplayPrivate *priv;

    g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);
    priv = vireo_display_get_instance_private (self);
    return priv->resize_guest;
}
