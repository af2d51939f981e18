/* vireo-display-serial.c: a text console (serial or virtio console) in a terminal
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <vte/vte.h>

#include "vireo-console-error.h"
#include "vireo-display-private.h"
#include "vireo-display-serial.h"

struct _VireoDisplaySerial {
    VireoDisplay        parent_instance;

    /* owned widgets */
    GtkWidget          *terminal;
    /* owned */
    VireoDomain        *domain;
    VireoConsoleStream *stream;
    char               *device;
    gboolean            force;
};

G_DEFINE_FINAL_TYPE (VireoDisplaySerial, vireo_display_serial, VIREO_TYPE_DISPLAY)

#define SCROLLBACK_LINES 10000

/* xterm's sequences for the keys that are not characters. */
static const struct {
    guint       keyval;
    const char *sequence;
} special_keys[] = {
    { GDK_KEY_Return,       "\r" },
    { GDK_KEY_KP_Enter,     "\r" },
    { GDK_KEY_Tab,          "\t" },
    { GDK_KEY_ISO_Left_Tab, "\033[Z" },
    { GDK_KEY_BackSpace,    "\177" },
    { GDK_KEY_Escape,       "\033" },
    { GDK_KEY_Insert,       "\033[2~" },
    { GDK_KEY_Delete,       "\033[3~" },
    { GDK_KEY_Home,         "\033[H" },
    { GDK_KEY_End,          "\033[F" },
    { GDK_KEY_Page_Up,      "\033[5~" },
    { GDK_KEY_Page_Down,    "\033[6~" },
    { GDK_KEY_Up,           "\033[A" },
    { GDK_KEY_Down,         "\033[B" },
    { GDK_KEY_Right,        "\033[C" },
    { GDK_KEY_Left,         "\033[D" },
    { GDK_KEY_F1,           "\033OP" },
    { GDK_KEY_F2,           "\033OQ" },
    { GDK_KEY_F3,           "\033OR" },
    { GDK_KEY_F4,           "\033OS" },
    { GDK_KEY_F5,           "\033[15~" },
    { GDK_KEY_F6,           "\033[17~" },
    { GDK_KEY_F7,           "\033[18~" },
    { GDK_KEY_F8,           "\033[19~" },
    { GDK_KEY_F9,           "\033[20~" },
    { GDK_KEY_F10,          "\033[21~" },
    { GDK_KEY_F11,          "\033[23~" },
    { GDK_KEY_F12,          "\033[24~" },
};

/* The shifted symbols of a US keyboard, for when no keymap answers. */
static const char us_unshifted[] = "`1234567890-=[]\\;',./";
static const char us_shifted[]   = "~!@#$%^&*()_+{}|:\"<>?";

static gboolean
is_modifier (guint keyval)
{
    switch (keyval) {
    case GDK_KEY_Control_L:
    case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L:
    case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
    case GDK_KEY_Super_L:
    case GDK_KEY_Super_R:
    case GDK_KEY_ISO_Level3_Shift:
        return TRUE;
    default:
        return FALSE;
    }
}

/* The character Shift+@keyval types: the keymap's level 1 of that key,
 * else the US layout's. */
static gunichar
shifted_char (guint keyval)
{
    GdkDisplay *display = gdk_display_get_default ();
    GdkKeymap *keymap = display != NULL ? gdk_keymap_get_for_display (display) : NULL;
    g_autofree GdkKeymapKey *keys = NULL;
    gunichar c = gdk_keyval_to_unicode (keyval);
    const char *pos;
    int n_keys = 0;

    if (keymap != NULL && gdk_keymap_get_entries_for_keyval (keymap, keyval, &keys, &n_keys)) {
        for (int i = 0; i < n_keys; i++) {
            GdkKeymapKey key = keys[i];
            guint upper;

            if (key.group != 0 || key.level != 0)
                continue;
            key.level = 1;
            upper = gdk_keymap_lookup_key (keymap, &key);
            if (upper != 0 && gdk_keyval_to_unicode (upper) != 0)
                return gdk_keyval_to_unicode (upper);
        }
    }
    if (g_unichar_isalpha (c))
        return g_unichar_toupper (c);
    if (c != 0 && c < 0x80 && (pos = strchr (us_unshifted, (int) c)) != NULL)
        return (gunichar) us_shifted[pos - us_unshifted];
    return c;
}

/* Ctrl+@c as a terminal sends it; 0 keeps @c as it is. */
static int
control_char (gunichar c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return (int) (c & 0x1f);
    switch (c) {
    case '@': case ' ': case '2':
        return 0x100;   /* NUL, told apart from "no mapping" */
    case '[': case '3':
        return 0x1b;
    case '\\': case '4':
        return 0x1c;
    case ']': case '5':
        return 0x1d;
    case '^': case '6':
        return 0x1e;
    case '_': case '7': case '-': case '/':
        return 0x1f;
    case '?': case '8':
        return 0x7f;
    default:
        return 0;
    }
}

static void
write_bytes (VireoDisplaySerial *self,
             const void         *data,
             gsize               length)
{
    g_autoptr(GError) error = NULL;

    if (self->stream == NULL || length == 0)
        return;
    if (!vireo_console_stream_write (self->stream, data, length, &error))
        g_debug ("Input for the console was dropped: %s", error->message);
}

static void
drop_stream (VireoDisplaySerial *self)
{
    if (self->stream == NULL)
        return;
    g_signal_handlers_disconnect_by_data (self->stream, self);
    vireo_console_stream_close (self->stream);
    g_clear_object (&self->stream);
}

static void
report_terminal_size (VireoDisplaySerial *self)
{
    VteTerminal *terminal = VTE_TERMINAL (self->terminal);

    _vireo_display_report_size (VIREO_DISPLAY (self),
                                (int) (vte_terminal_get_column_count (terminal) *
                                       vte_terminal_get_char_width (terminal)),
                                (int) (vte_terminal_get_row_count (terminal) *
                                       vte_terminal_get_char_height (terminal)));
}

/* ------------------------------------------------------------------------ */
/* Callbacks */

static void
stream_data_cb (VireoConsoleStream *stream,
                GBytes             *bytes,
                VireoDisplaySerial *self)
{
    gsize length = 0;
    const char *data = g_bytes_get_data (bytes, &length);

    vte_terminal_feed (VTE_TERMINAL (self->terminal), data, (gssize) length);
}

static void
stream_closed_cb (VireoConsoleStream *stream,
                  const GError       *error,
                  VireoDisplaySerial *self)
{
    g_autoptr(GError) copy = error != NULL ? g_error_copy (error) : NULL;

    drop_stream (self);
    _vireo_display_report_failed (VIREO_DISPLAY (self), copy);
}

static void
stream_open_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
    g_autoptr(VireoDisplaySerial) self = user_data;
    VireoConsoleStream *stream = VIREO_CONSOLE_STREAM (source);
    g_autoptr(GError) error = NULL;

    if (!vireo_console_stream_open_finish (stream, result, &error)) {
        if (self->stream == stream) {
            drop_stream (self);
            _vireo_display_report_failed (VIREO_DISPLAY (self), error);
        }
        return;
    }
    if (self->stream != stream || !_vireo_display_is_opening (VIREO_DISPLAY (self))) {
        vireo_console_stream_close (stream);
        return;
    }
    _vireo_display_report_connected (VIREO_DISPLAY (self));
    report_terminal_size (self);
    _vireo_display_report_update (VIREO_DISPLAY (self), self->terminal);
}

static void
terminal_commit_cb (VteTerminal        *terminal,
                    const char         *text,
                    guint               size,
                    VireoDisplaySerial *self)
{
    write_bytes (self, text, size);
}

static void
terminal_size_allocate_cb (GtkWidget          *terminal,
                           GdkRectangle       *allocation,
                           VireoDisplaySerial *self)
{
    if (vireo_display_get_connected (VIREO_DISPLAY (self)))
        report_terminal_size (self);
}

/* ------------------------------------------------------------------------ */
/* VireoDisplay */

static gboolean
vireo_display_serial_start (VireoDisplay *display,
                            GError      **error)
{
    VireoDisplaySerial *self = VIREO_DISPLAY_SERIAL (display);
    VireoDomain *domain = self->domain;

    if (domain == NULL) {
        g_set_error_literal (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                             _("The text console has no virtual machine to connect to."));
        return FALSE;
    }
    drop_stream (self);
    self->stream = vireo_console_stream_new (domain, self->device,
                                             self->force ? VIREO_CONSOLE_STREAM_FLAGS_FORCE
                                                         : VIREO_CONSOLE_STREAM_FLAGS_NONE);
    g_signal_connect (self->stream, "data", G_CALLBACK (stream_data_cb), self);
    g_signal_connect (self->stream, "closed", G_CALLBACK (stream_closed_cb), self);
    vireo_console_stream_open_async (self->stream, _vireo_display_get_cancellable (display),
                                     stream_open_cb, g_object_ref (self));
    return TRUE;
}

static void
vireo_display_serial_close (VireoDisplay *display)
{
    drop_stream (VIREO_DISPLAY_SERIAL (display));
}

static void
vireo_display_serial_send_keys (VireoDisplay *display,
                                const guint  *keyvals,
                                guint         n_keyvals,
                                gboolean      press)
{
    VireoDisplaySerial *self = VIREO_DISPLAY_SERIAL (display);
    g_autoptr(GBytes) bytes = NULL;
    gsize length = 0;
    const void *data;

    /* A terminal sends a key's bytes as it is pressed. */
    if (!press)
        return;
    bytes = vireo_display_serial_encode_keys (keyvals, n_keyvals);
    if (bytes == NULL)
        return;
    data = g_bytes_get_data (bytes, &length);
    write_bytes (self, data, length);
}

static GdkPixbuf *
vireo_display_serial_dup_pixbuf (VireoDisplay *display)
{
    VireoDisplaySerial *self = VIREO_DISPLAY_SERIAL (display);
    int width = gtk_widget_get_allocated_width (self->terminal);
    int height = gtk_widget_get_allocated_height (self->terminal);
    cairo_surface_t *surface;
    GdkPixbuf *pixbuf;
    cairo_t *cr;

    if (!gtk_widget_get_realized (self->terminal) || width <= 1 || height <= 1)
        return NULL;
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    cr = cairo_create (surface);
    gtk_widget_draw (self->terminal, cr);
    cairo_destroy (cr);
    pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, width, height);
    cairo_surface_destroy (surface);
    return pixbuf;
}

static void
vireo_display_serial_apply_zoom (VireoDisplay *display,
                                 guint         percent)
{
    VireoDisplaySerial *self = VIREO_DISPLAY_SERIAL (display);

    vte_terminal_set_font_scale (VTE_TERMINAL (self->terminal), percent / 100.0);
}

static void
vireo_display_serial_set_keyboard_grab (VireoDisplay *display,
                                        gboolean      grab)
{
    VireoDisplaySerial *self = VIREO_DISPLAY_SERIAL (display);

    if (grab)
        gtk_widget_grab_focus (self->terminal);
    _vireo_display_report_grab (display, grab);
}

/* ------------------------------------------------------------------------ */
/* GtkWidget and GObject */

static void
vireo_display_serial_grab_focus (GtkWidget *widget)
{
    /* Keys belong to the terminal, not to the frame around it. */
    gtk_widget_grab_focus (VIREO_DISPLAY_SERIAL (widget)->terminal);
}

static void
vireo_display_serial_dispose (GObject *object)
{
    VireoDisplaySerial *self = VIREO_DISPLAY_SERIAL (object);

    drop_stream (self);
    if (self->terminal != NULL) {
        g_signal_handlers_disconnect_by_data (self->terminal, self);
        self->terminal = NULL;
    }
    g_clear_object (&self->domain);
    G_OBJECT_CLASS (vireo_display_serial_parent_class)->dispose (object);
}

static void
vireo_display_serial_finalize (GObject *object)
{
    VireoDisplaySerial *self = VIREO_DISPLAY_SERIAL (object);

    g_free (self->device);
    G_OBJECT_CLASS (vireo_display_serial_parent_class)->finalize (object);
}

static void
vireo_display_serial_class_init (VireoDisplaySerialClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    VireoDisplayClass *display_class = VIREO_DISPLAY_CLASS (klass);

    object_class->dispose = vireo_display_serial_dispose;
    object_class->finalize = vireo_display_serial_finalize;
    widget_class->grab_focus = vireo_display_serial_grab_focus;

    display_class->start = vireo_display_serial_start;
    display_class->close = vireo_display_serial_close;
    display_class->send_keys = vireo_display_serial_send_keys;
    display_class->dup_pixbuf = vireo_display_serial_dup_pixbuf;
    display_class->apply_zoom = vireo_display_serial_apply_zoom;
    display_class->set_keyboard_grab = vireo_display_serial_set_keyboard_grab;
}

static void
vireo_display_serial_init (VireoDisplaySerial *self)
{
    const GdkRGBA foreground = { 0.85, 0.85, 0.85, 1.0 };
    const GdkRGBA background = { 0.09, 0.09, 0.09, 1.0 };
    VteTerminal *terminal;

    self->terminal = vte_terminal_new ();
    terminal = VTE_TERMINAL (self->terminal);
    vte_terminal_set_scrollback_lines (terminal, SCROLLBACK_LINES);
    vte_terminal_set_colors (terminal, &foreground, &background, NULL, 0);
    vte_terminal_set_scroll_on_output (terminal, TRUE);
    vte_terminal_set_scroll_on_keystroke (terminal, TRUE);
    vte_terminal_set_mouse_autohide (terminal, TRUE);
    gtk_widget_set_hexpand (self->terminal, TRUE);
    gtk_widget_set_vexpand (self->terminal, TRUE);
    g_signal_connect (terminal, "commit", G_CALLBACK (terminal_commit_cb), self);
    g_signal_connect (terminal, "size-allocate", G_CALLBACK (terminal_size_allocate_cb), self);
    /* VTE 0.70 warns ("invalid (NULL) pointer instance") when a terminal
     * that never had a screen is disposed, as a display made by a console
     * source and dropped before it was shown is.  Giving it the default
     * screen now avoids that; being shown later gives it the same one. */
    g_signal_emit_by_name (terminal, "screen-changed", NULL);

    /* The frame takes no focus of its own: the terminal does. */
    gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
    gtk_container_add (GTK_CONTAINER (self), self->terminal);
    gtk_widget_show (self->terminal);
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoDisplay *
vireo_display_serial_new (void)
{
    return g_object_new (VIREO_TYPE_DISPLAY_SERIAL, NULL);
}

void
vireo_display_serial_set_domain (VireoDisplaySerial *self,
                                 VireoDomain        *domain)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SERIAL (self));
    g_return_if_fail (domain == NULL || VIREO_IS_DOMAIN (domain));

    g_set_object (&self->domain, domain);
}

VireoDomain *
vireo_display_serial_get_domain (VireoDisplaySerial *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SERIAL (self), NULL);

    return self->domain;
}

void
vireo_display_serial_set_device (VireoDisplaySerial *self,
                                 const char         *device)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SERIAL (self));

    g_free (self->device);
    self->device = g_strdup (device);
}

const char *
vireo_display_serial_get_device (VireoDisplaySerial *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SERIAL (self), NULL);

    return self->device;
}

void
vireo_display_serial_set_force (VireoDisplaySerial *self,
                                gboolean            force)
{
    g_return_if_fail (VIREO_IS_DISPLAY_SERIAL (self));

    self->force = !!force;
}

GtkWidget *
vireo_display_serial_get_terminal (VireoDisplaySerial *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SERIAL (self), NULL);

    return self->terminal;
}

char *
vireo_display_serial_dup_text (VireoDisplaySerial *self)
{
    g_return_val_if_fail (VIREO_IS_DISPLAY_SERIAL (self), NULL);

    return vte_terminal_get_text (VTE_TERMINAL (self->terminal), NULL, NULL, NULL);
}

GBytes *
vireo_display_serial_encode_keys (const guint *keyvals,
                                  guint        n_keyvals)
{
    g_autoptr(GString) out = g_string_new (NULL);
    gboolean ctrl = FALSE, alt = FALSE, shift = FALSE;
    guint key = 0;

    g_return_val_if_fail (keyvals != NULL || n_keyvals == 0, NULL);

    for (guint i = 0; i < n_keyvals; i++) {
        switch (keyvals[i]) {
        case GDK_KEY_Control_L:
        case GDK_KEY_Control_R:
            ctrl = TRUE;
            break;
        case GDK_KEY_Alt_L:
        case GDK_KEY_Alt_R:
        case GDK_KEY_Meta_L:
        case GDK_KEY_Meta_R:
            alt = TRUE;
            break;
        case GDK_KEY_Shift_L:
        case GDK_KEY_Shift_R:
            shift = TRUE;
            break;
        default:
            if (!is_modifier (keyvals[i]))
                key = keyvals[i];
        }
    }
    if (key == 0 || key == GDK_KEY_Print || key == GDK_KEY_Sys_Req)
        return NULL;
    /* The system combinations of a PC keyboard mean nothing on a serial line. */
    if (ctrl && alt && (key == GDK_KEY_Delete || key == GDK_KEY_BackSpace ||
                        (key >= GDK_KEY_F1 && key <= GDK_KEY_F12)))
        return NULL;

    if (alt)
        g_string_append_c (out, '\033');
    if (shift && key == GDK_KEY_Tab)
        key = GDK_KEY_ISO_Left_Tab;
    for (guint i = 0; i < G_N_ELEMENTS (special_keys); i++) {
        if (special_keys[i].keyval == key) {
            g_string_append (out, special_keys[i].sequence);
            return g_string_free_to_bytes (g_steal_pointer (&out));
        }
    }

    {
        gunichar c = shift ? shifted_char (key) : gdk_keyval_to_unicode (key);
        int control = ctrl ? control_char (c) : 0;

        if (c == 0)
            return NULL;
        if (control == 0x100)
            g_string_append_len (out, "\0", 1);
        else if (control != 0)
            g_string_append_c (out, (char) control);
        else
            g_string_append_unichar (out, c);
    }
    return g_string_free_to_bytes (g_steal_pointer (&out));
}
