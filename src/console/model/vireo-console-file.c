/* vireo-console-file.c: a console connection description (.vv files and viewer URIs)
 *
 * A .vv file is an INI file (read with GKeyFile) with a mandatory [virt-viewer] group
 * holding a "type" key, and an optional [ovirt] group.  The keys are those remote-viewer
 * documents, plus "usb-redirect-on-connect".  Everything is validated when the file is
 * loaded, so the getters never fail: a file either loads completely or not at all.
 *
 * Empty values count as "not set" (generators often write "password=").  port=-1 also
 * means "not set".  Unknown keys are ignored (extensions are to be prefixed "x-").
 *
 * delete-this-file: vireo_console_file_load_from_file() deletes the file as soon as
 * GKeyFile has parsed it and [virt-viewer] delete-this-file holds a true value, before
 * the remaining checks run, so a file that asked to be deleted is gone even when a later
 * check (an unknown type, a bad port, a version requirement) or the connection fails.
 * A file that is not text or not an INI file at all is kept: its wish cannot be read.
 * When the deletion fails (a read-only folder), the file still loads and
 * vireo_console_file_get_delete_error() says why, for the program to warn the user.
 *
 * Secrets (password, [ovirt] jsessionid and sso-token) are held in memory only, wiped
 * when released, and never written by vireo_console_file_describe().
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-console-file.h"
#include "vireo-console-uri.h"

#define MAIN_GROUP VIREO_CONSOLE_FILE_GROUP
#define OVIRT_GROUP VIREO_CONSOLE_FILE_OVIRT_GROUP

/* How long a connection file that is not a regular file (a FIFO, a device) may take
 * to deliver its data; VIREO_CONSOLE_FILE_TIMEOUT_ENV overrides it (tests). */
#define READ_TIMEOUT_MS 10000

/* Longest line accepted before GKeyFile sees the data. */
#define MAX_LINE (VIREO_CONSOLE_FILE_MAX_VALUE + 1024)
/* The errors of a file past VIREO_CONSOLE_FILE_MAX_SIZE, with or without its path. */
#define TOO_LARGE                                                                          \
    g_dngettext (GETTEXT_PACKAGE, "The connection file is too large (more than %d byte).", \
                 "The connection file is too large (more than %d bytes).",                 \
                 VIREO_CONSOLE_FILE_MAX_SIZE)
#define TOO_LARGE_PATH                                                                     \
    g_dngettext (GETTEXT_PACKAGE, "The connection file “%s” is too large (more than %d "   \
                 "byte).", "The connection file “%s” is too large (more than %d bytes).",  \
                 VIREO_CONSOLE_FILE_MAX_SIZE)

typedef enum {
    KIND_STRING,
    KIND_SECRET,
    KIND_PEM,
    KIND_INT,
    KIND_PORT,
    KIND_BOOL,
    KIND_HOTKEY,
    KIND_TYPE,
    KIND_CHANNELS,
    KIND_EFFECTS,
    KIND_VERSIONS,
    KIND_USB_FILTER,
    KIND_URI,
} ValueKind;

typedef enum {
    FIELD_TYPE,
    FIELD_HOST,
    FIELD_PORT,
    FIELD_TLS_PORT,
    FIELD_UNIX_PATH,
    FIELD_USERNAME,
    FIELD_PASSWORD,
    FIELD_DISABLE_CHANNELS,
    FIELD_TLS_CIPHERS,
    FIELD_CA,
    FIELD_HOST_SUBJECT,
    FIELD_FULLSCREEN,
    FIELD_TITLE,
    FIELD_TOGGLE_FULLSCREEN,
    FIELD_RELEASE_CURSOR,
    FIELD_ZOOM_IN,
    FIELD_ZOOM_OUT,
    FIELD_ZOOM_RESET,
    FIELD_SMARTCARD_INSERT,
    FIELD_SMARTCARD_REMOVE,
    FIELD_SECURE_ATTENTION,
    FIELD_USB_DEVICE_RESET,
    FIELD_ENABLE_SMARTCARD,
    FIELD_ENABLE_USBREDIR,
    FIELD_ENABLE_USB_AUTOSHARE,
    FIELD_USB_FILTER,
    FIELD_USB_REDIRECT_ON_CONNECT,
    FIELD_COLOR_DEPTH,
    FIELD_DISABLE_EFFECTS,
    FIELD_SECURE_CHANNELS,
    FIELD_DELETE_THIS_FILE,
    FIELD_PROXY,
    FIELD_VERSION,
    FIELD_VERSIONS,
    FIELD_NEWER_VERSION_URL,
    FIELD_OVIRT_HOST,
    FIELD_OVIRT_VM_GUID,
    FIELD_OVIRT_JSESSIONID,
    FIELD_OVIRT_SSO_TOKEN,
    FIELD_OVIRT_CA,
    FIELD_OVIRT_ADMIN,
    N_FIELDS
} Field;

typedef struct {
    const char *group;
    const char *key;
    ValueKind kind;
} FieldSpec;

static const FieldSpec field_specs[N_FIELDS] = {
    [FIELD_TYPE]                    = { MAIN_GROUP, "type", KIND_TYPE },
    [FIELD_HOST]                    = { MAIN_GROUP, "host", KIND_STRING },
    [FIELD_PORT]                    = { MAIN_GROUP, "port", KIND_PORT },
    [FIELD_TLS_PORT]                = { MAIN_GROUP, "tls-port", KIND_PORT },
    [FIELD_UNIX_PATH]               = { MAIN_GROUP, "unix-path", KIND_STRING },
    [FIELD_USERNAME]                = { MAIN_GROUP, "username", KIND_STRING },
    [FIELD_PASSWORD]                = { MAIN_GROUP, "password", KIND_SECRET },
    [FIELD_DISABLE_CHANNELS]        = { MAIN_GROUP, "disable-channels", KIND_CHANNELS },
    [FIELD_TLS_CIPHERS]             = { MAIN_GROUP, "tls-ciphers", KIND_STRING },
    [FIELD_CA]                      = { MAIN_GROUP, "ca", KIND_PEM },
    [FIELD_HOST_SUBJECT]            = { MAIN_GROUP, "host-subject", KIND_STRING },
    [FIELD_FULLSCREEN]              = { MAIN_GROUP, "fullscreen", KIND_BOOL },
    [FIELD_TITLE]                   = { MAIN_GROUP, "title", KIND_STRING },
    [FIELD_TOGGLE_FULLSCREEN]       = { MAIN_GROUP, "toggle-fullscreen", KIND_HOTKEY },
    [FIELD_RELEASE_CURSOR]          = { MAIN_GROUP, "release-cursor", KIND_HOTKEY },
    [FIELD_ZOOM_IN]                 = { MAIN_GROUP, "zoom-in", KIND_HOTKEY },
    [FIELD_ZOOM_OUT]                = { MAIN_GROUP, "zoom-out", KIND_HOTKEY },
    [FIELD_ZOOM_RESET]              = { MAIN_GROUP, "zoom-reset", KIND_HOTKEY },
    [FIELD_SMARTCARD_INSERT]        = { MAIN_GROUP, "smartcard-insert", KIND_HOTKEY },
    [FIELD_SMARTCARD_REMOVE]        = { MAIN_GROUP, "smartcard-remove", KIND_HOTKEY },
    [FIELD_SECURE_ATTENTION]        = { MAIN_GROUP, "secure-attention", KIND_HOTKEY },
    [FIELD_USB_DEVICE_RESET]        = { MAIN_GROUP, "usb-device-reset", KIND_HOTKEY },
    [FIELD_ENABLE_SMARTCARD]        = { MAIN_GROUP, "enable-smartcard", KIND_BOOL },
    [FIELD_ENABLE_USBREDIR]         = { MAIN_GROUP, "enable-usbredir", KIND_BOOL },
    [FIELD_ENABLE_USB_AUTOSHARE]    = { MAIN_GROUP, "enable-usb-autoshare", KIND_BOOL },
    [FIELD_USB_FILTER]              = { MAIN_GROUP, "usb-filter", KIND_USB_FILTER },
    [FIELD_USB_REDIRECT_ON_CONNECT] = { MAIN_GROUP, "usb-redirect-on-connect", KIND_USB_FILTER },
    [FIELD_COLOR_DEPTH]             = { MAIN_GROUP, "color-depth", KIND_INT },
    [FIELD_DISABLE_EFFECTS]         = { MAIN_GROUP, "disable-effects", KIND_EFFECTS },
    [FIELD_SECURE_CHANNELS]         = { MAIN_GROUP, "secure-channels", KIND_CHANNELS },
    [FIELD_DELETE_THIS_FILE]        = { MAIN_GROUP, "delete-this-file", KIND_BOOL },
    [FIELD_PROXY]                   = { MAIN_GROUP, "proxy", KIND_URI },
    [FIELD_VERSION]                 = { MAIN_GROUP, "version", KIND_STRING },
    [FIELD_VERSIONS]                = { MAIN_GROUP, "versions", KIND_VERSIONS },
    [FIELD_NEWER_VERSION_URL]       = { MAIN_GROUP, "newer-version-url", KIND_STRING },
    [FIELD_OVIRT_HOST]              = { OVIRT_GROUP, "host", KIND_STRING },
    [FIELD_OVIRT_VM_GUID]           = { OVIRT_GROUP, "vm-guid", KIND_STRING },
    [FIELD_OVIRT_JSESSIONID]        = { OVIRT_GROUP, "jsessionid", KIND_SECRET },
    [FIELD_OVIRT_SSO_TOKEN]         = { OVIRT_GROUP, "sso-token", KIND_SECRET },
    [FIELD_OVIRT_CA]                = { OVIRT_GROUP, "ca", KIND_PEM },
    [FIELD_OVIRT_ADMIN]             = { OVIRT_GROUP, "admin", KIND_BOOL },
};

static const char *const hotkey_actions[] = {
    "toggle-fullscreen", "release-cursor", "zoom-in", "zoom-out", "zoom-reset",
    "smartcard-insert", "smartcard-remove", "secure-attention", "usb-device-reset", NULL
};

static const char *const spice_channels[] = {
    "main", "display", "inputs", "cursor", "playback", "record", "smartcard", "usbredir",
    "port", "webdav", "all", NULL
};

static const char *const spice_effects[] = {
    "wallpaper", "font-smooth", "animation", "all", NULL
};

typedef struct {
    gboolean set;
    char *str;      /* string kinds; also the text of numbers and booleans */
    GStrv strv;     /* list kinds */
    int num;        /* numbers, booleans, the connection type */
} Value;

struct _VireoConsoleFile {
    GObject parent_instance;

    /* owned */
    Value values[N_FIELDS];
    gboolean has_ovirt;
    char *delete_error;     /* why delete-this-file could not be honoured */
};

G_DEFINE_FINAL_TYPE (VireoConsoleFile, vireo_console_file, G_TYPE_OBJECT)

static void
wipe_string (char *str)
{
    if (str != NULL) {
        volatile char *p = str;
        while (*p != '\0')
            *p++ = '\0';
    }
}

static void
value_clear (Value *value, ValueKind kind)
{
    if (kind == KIND_SECRET)
        wipe_string (value->str);
    g_clear_pointer (&value->str, g_free);
    g_clear_pointer (&value->strv, g_strfreev);
    value->set = FALSE;
    value->num = 0;
}

static void
values_clear (Value *values)
{
    for (guint i = 0; i < N_FIELDS; i++)
        value_clear (&values[i], field_specs[i].kind);
}

static Field
find_field (const char *group, const char *key)
{
    for (guint i = 0; i < N_FIELDS; i++) {
        if (g_str_equal (field_specs[i].group, group) && g_str_equal (field_specs[i].key, key))
            return i;
    }
    return N_FIELDS;
}

/* A value cut to a length fit for an error message. */
static char *
shorten (const char *value)
{
    const glong max = 40;

    if (g_utf8_strlen (value, -1) <= max)
        return g_strdup (value);
    g_autofree char *head = g_utf8_substring (value, 0, max);
    return g_strconcat (head, "…", NULL);
}

static gboolean
parse_number (const FieldSpec *spec, const char *text, gint64 min, gint64 max, gint64 *out,
              GError **error)
{
    g_autoptr(GError) local_error = NULL;
    g_autofree char *shown = shorten (text);

    if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, &local_error)) {
        if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR,
                             G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
            return vireo_console_set_invalid (error, _("The value of “%s” (%s) is far too large."),
                                              spec->key, shown);
        return vireo_console_set_invalid (error, _("The value of “%s” (%s) is not a whole number."),
                                          spec->key, shown);
    }
    if (*out < min || *out > max)
        return vireo_console_set_invalid (error, _("The value of “%s” (%s) is out of range: it "
                                                   "must lie between %" PRId64 " and %"
                                                   PRId64 "."),
                                          spec->key, shown, min, max);
    return TRUE;
}

static gboolean
parse_bool (const FieldSpec *spec, const char *text, int *out, GError **error)
{
    if (g_str_equal (text, "1") || g_ascii_strcasecmp (text, "true") == 0) {
        *out = 1;
        return TRUE;
    }
    if (g_str_equal (text, "0") || g_ascii_strcasecmp (text, "false") == 0) {
        *out = 0;
        return TRUE;
    }
    g_autofree char *shown = shorten (text);
    return vireo_console_set_invalid (error, _("The value of “%s” (%s) must be 0 or 1."),
                                      spec->key, shown);
}

static gboolean
check_names (const FieldSpec *spec, char **items, const char *const *allowed, GError **error)
{
    for (guint i = 0; items[i] != NULL; i++) {
        if (!g_strv_contains (allowed, items[i])) {
            g_autofree char *shown = shorten (items[i]);
            g_autofree char *known = g_strjoinv (", ", (char **) allowed);
            return vireo_console_set_invalid (error, _("“%s” lists an unknown name “%s”; known "
                                                       "names are: %s."),
                                              spec->key, shown, known);
        }
    }
    return TRUE;
}

/* One USB filter rule field: -1 (any) or a decimal or 0x-hex number up to max. */
static gboolean
usb_rule_number_is_valid (const char *text, guint64 max)
{
    guint64 number;
    g_autofree char *copy = g_strstrip (g_strdup (text));

    if (g_str_equal (copy, "-1"))
        return TRUE;
    if (g_str_has_prefix (copy, "0x") || g_str_has_prefix (copy, "0X"))
        return g_ascii_string_to_unsigned (copy + 2, 16, 0, max, &number, NULL);
    return g_ascii_string_to_unsigned (copy, 10, 0, max, &number, NULL);
}

static gboolean
check_usb_filter (const FieldSpec *spec, const char *text, GError **error)
{
    g_auto(GStrv) rules = g_strsplit (text, "|", -1);

    for (guint i = 0; rules[i] != NULL; i++) {
        g_auto(GStrv) parts = g_strsplit (rules[i], ",", -1);
        gboolean ok = g_strv_length (parts) == 5 &&
                      usb_rule_number_is_valid (parts[0], 0xff) &&
                      usb_rule_number_is_valid (parts[1], 0xffff) &&
                      usb_rule_number_is_valid (parts[2], 0xffff) &&
                      usb_rule_number_is_valid (parts[3], 0xffff);
        if (ok) {
            g_autofree char *allow = g_strstrip (g_strdup (parts[4]));
            ok = g_str_equal (allow, "0") || g_str_equal (allow, "1");
        }
        if (!ok) {
            g_autofree char *shown = shorten (rules[i]);
            return vireo_console_set_invalid (error, _("Rule %u of “%s” (%s) is not of the form "
                                                       "class,vendor,product,version,allow."),
                                              i + 1, spec->key, shown);
        }
    }
    return TRUE;
}

/* Reads one present key into value; the value is left unset when it is empty. */
static gboolean
read_value (GKeyFile *key_file, const FieldSpec *spec, Value *value, GError **error)
{
    g_autoptr(GError) local_error = NULL;
    g_autofree char *raw = g_key_file_get_value (key_file, spec->group, spec->key, NULL);

    if (raw == NULL)
        return TRUE;
    if (strlen (raw) > VIREO_CONSOLE_FILE_MAX_VALUE)
        return vireo_console_set_invalid (error, g_dngettext (GETTEXT_PACKAGE,
                                                       "The value of “%s” is too long (more "
                                                       "than %d byte).",
                                                       "The value of “%s” is too long (more "
                                                       "than %d bytes).",
                                                       VIREO_CONSOLE_FILE_MAX_VALUE),
                                          spec->key, VIREO_CONSOLE_FILE_MAX_VALUE);

    g_autofree char *text = g_key_file_get_string (key_file, spec->group, spec->key,
                                                   &local_error);
    /* GKeyFile may return a string and an error (for a bad escape sequence). */
    if (text == NULL || local_error != NULL) {
        if (spec->kind == KIND_SECRET)
            wipe_string (text);
        return vireo_console_set_invalid (error, _("The value of “%s” is not valid text: it has a "
                                                   "misplaced backslash or an unknown escape "
                                                   "sequence."),
                                          spec->key);
    }
    g_strstrip (text);
    if (spec->kind == KIND_SECRET)
        wipe_string (raw);
    if (*text == '\0')
        return TRUE;

    switch (spec->kind) {
    case KIND_STRING:
    case KIND_SECRET:
    case KIND_PEM:
        break;

    case KIND_INT: {
        gint64 number;
        if (!parse_number (spec, text, 0, 64, &number, error))
            return FALSE;
        if (number != 0 && number != 8 && number != 16 && number != 24 && number != 32)
            return vireo_console_set_invalid (error, _("The value of “%s” (%s) must be 8, 16, 24 "
                                                       "or 32."),
                                              spec->key, text);
        value->num = (int) number;
        break;
    }

    case KIND_PORT: {
        gint64 number;
        if (!parse_number (spec, text, -1, 65535, &number, error))
            return FALSE;
        if (number == 0)
            return vireo_console_set_invalid (error, _("The value of “%s” (0) is not a port "
                                                       "number: it must lie between 1 and 65535."),
                                              spec->key);
        if (number == -1)
            return TRUE;
        value->num = (int) number;
        break;
    }

    case KIND_BOOL:
        if (!parse_bool (spec, text, &value->num, error))
            return FALSE;
        break;

    case KIND_HOTKEY:
        if (!vireo_console_file_hotkey_is_valid (text)) {
            g_autofree char *shown = shorten (text);
            return vireo_console_set_invalid (error, _("The value of “%s” (%s) is not a key "
                                                       "combination such as “shift+f12”."),
                                              spec->key, shown);
        }
        break;

    case KIND_TYPE:
        if (g_ascii_strcasecmp (text, "spice") == 0)
            value->num = VIREO_CONSOLE_PROTOCOL_SPICE;
        else if (g_ascii_strcasecmp (text, "vnc") == 0)
            value->num = VIREO_CONSOLE_PROTOCOL_VNC;
        else if (g_ascii_strcasecmp (text, "ovirt") == 0)
            value->num = VIREO_CONSOLE_PROTOCOL_OVIRT;
        else {
            g_autofree char *shown = shorten (text);
            return vireo_console_set_invalid (error, _("Unknown connection type “%s”: the type "
                                                       "must be spice, vnc or ovirt."), shown);
        }
        {
            g_autofree char *lower = g_ascii_strdown (text, -1);
            g_free (text);
            text = g_steal_pointer (&lower);
        }
        break;

    case KIND_CHANNELS:
    case KIND_EFFECTS:
    case KIND_VERSIONS: {
        g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
        g_auto(GStrv) list = g_key_file_get_string_list (key_file, spec->group, spec->key,
                                                         NULL, NULL);

        for (guint i = 0; list != NULL && list[i] != NULL; i++) {
            char *item = g_strstrip (list[i]);
            if (*item != '\0')
                g_ptr_array_add (items, g_strdup (item));
        }
        g_ptr_array_add (items, NULL);
        value->strv = (GStrv) g_ptr_array_free (g_steal_pointer (&items), FALSE);
        if (spec->kind == KIND_CHANNELS &&
            !check_names (spec, value->strv, spice_channels, error))
            return FALSE;
        if (spec->kind == KIND_EFFECTS &&
            !check_names (spec, value->strv, spice_effects, error))
            return FALSE;
        for (guint i = 0; spec->kind == KIND_VERSIONS && value->strv[i] != NULL; i++) {
            const char *colon = strchr (value->strv[i], ':');
            if (colon == NULL || colon == value->strv[i] || colon[1] == '\0') {
                g_autofree char *shown = shorten (value->strv[i]);
                return vireo_console_set_invalid (error, _("The entry “%s” of “versions” is not of "
                                                           "the form osid:version."), shown);
            }
        }
        break;
    }

    case KIND_USB_FILTER:
        if (!check_usb_filter (spec, text, error))
            return FALSE;
        break;

    case KIND_URI:
        if (!g_uri_is_valid (text, G_URI_FLAGS_NONE, &local_error)) {
            g_autofree char *shown = shorten (text);
            return vireo_console_set_invalid (error, _("The value of “%s” (%s) is not a valid "
                                                       "address: %s"),
                                              spec->key, shown, local_error->message);
        }
        break;
    }

    value->str = g_steal_pointer (&text);
    value->set = TRUE;
    return TRUE;
}

static gboolean
check_combination (Value *values, gboolean has_ovirt, GError **error)
{
    const VireoConsoleProtocol type = values[FIELD_TYPE].num;
    const gboolean has_unix = values[FIELD_UNIX_PATH].set;
    const gboolean has_host = values[FIELD_HOST].set;
    const gboolean has_port = values[FIELD_PORT].set;
    const gboolean has_tls_port = values[FIELD_TLS_PORT].set;

    if (!values[FIELD_TYPE].set)
        return vireo_console_set_invalid (error, _("The connection file has no “type” key in its "
                                                   "[virt-viewer] group."));

    if (has_unix && (has_host || has_port || has_tls_port))
        return vireo_console_set_invalid (error, _("“unix-path” cannot be combined with “host”, "
                                                   "“port” or “tls-port”."));
    if (has_unix && !g_path_is_absolute (values[FIELD_UNIX_PATH].str))
        return vireo_console_set_invalid (error, _("“unix-path” must be an absolute path."));

    if (has_ovirt && !values[FIELD_OVIRT_HOST].set)
        return vireo_console_set_invalid (error, _("The [ovirt] group has no “host” key."));
    if (has_ovirt && !values[FIELD_OVIRT_VM_GUID].set)
        return vireo_console_set_invalid (error, _("The [ovirt] group has no “vm-guid” key."));

    switch (type) {
    case VIREO_CONSOLE_PROTOCOL_SPICE:
    case VIREO_CONSOLE_PROTOCOL_VNC:
        if (!has_unix && !has_host)
            return vireo_console_set_invalid (error, _("The connection file gives neither a “host” "
                                                       "nor a “unix-path” to connect to."));
        if (has_host && type == VIREO_CONSOLE_PROTOCOL_SPICE && !has_port && !has_tls_port)
            return vireo_console_set_invalid (error, _("The connection file gives a host but "
                                                       "neither a “port” nor a “tls-port”."));
        if (has_host && type == VIREO_CONSOLE_PROTOCOL_VNC && !has_port)
            return vireo_console_set_invalid (error, _("The connection file gives a VNC host but "
                                                       "no “port”."));
        break;
    case VIREO_CONSOLE_PROTOCOL_OVIRT:
        if (!has_ovirt)
            return vireo_console_set_invalid (error, _("A connection of type ovirt needs an "
                                                       "[ovirt] group with “host” and “vm-guid”."));
        break;
    case VIREO_CONSOLE_PROTOCOL_NONE:
        g_assert_not_reached ();
    }
    return TRUE;
}

/* Validates key_file and, when it is complete and valid, takes its values. */
static gboolean
apply_key_file (VireoConsoleFile *self, GKeyFile *key_file, gboolean check_version,
                GError **error)
{
    Value values[N_FIELDS] = { { 0 } };
    gboolean has_ovirt;

    g_assert (VIREO_IS_CONSOLE_FILE (self));

    if (!g_key_file_has_group (key_file, MAIN_GROUP)) {
        g_autofree char *start = g_key_file_get_start_group (key_file);
        if (start == NULL)
            return vireo_console_set_invalid (error, _("The connection file is empty."));
        return vireo_console_set_invalid (error, _("The connection file has no [virt-viewer] "
                                                   "group."));
    }
    has_ovirt = g_key_file_has_group (key_file, OVIRT_GROUP);

    for (guint i = 0; i < N_FIELDS; i++) {
        if (!read_value (key_file, &field_specs[i], &values[i], error)) {
            values_clear (values);
            return FALSE;
        }
    }

    if (!check_combination (values, has_ovirt, error)) {
        values_clear (values);
        return FALSE;
    }

    values_clear (self->values);
    memcpy (self->values, values, sizeof values);
    self->has_ovirt = has_ovirt;

    if (check_version && !vireo_console_file_check_version (self, NULL, NULL, error)) {
        values_clear (self->values);
        self->has_ovirt = FALSE;
        return FALSE;
    }
    return TRUE;
}

/* Checks size, text and line lengths, then lets GKeyFile parse. */
static GKeyFile *
parse_key_file (const char *data, gsize length, GError **error)
{
    g_autoptr(GKeyFile) key_file = g_key_file_new ();
    g_autoptr(GError) local_error = NULL;
    const char *end = NULL;
    const char *line = data;
    guint line_number = 1;

    if (length > VIREO_CONSOLE_FILE_MAX_SIZE) {
        vireo_console_set_invalid (error, TOO_LARGE, VIREO_CONSOLE_FILE_MAX_SIZE);
        return NULL;
    }
    if (!g_utf8_validate_len (data, length, &end)) {
        vireo_console_set_invalid (error, _("The connection file is not UTF-8 text (invalid byte "
                                            "at offset %zu)."),
                                   (gsize) (end - data));
        return NULL;
    }
    for (gsize i = 0; i < length; i++) {
        if (data[i] == '\n' || i + 1 == length) {
            if ((gsize) (data + i - line) > MAX_LINE) {
                vireo_console_set_invalid (error,
                                           g_dngettext (GETTEXT_PACKAGE,
                                                        "Line %u of the connection file is too "
                                                        "long (more than %d byte).",
                                                        "Line %u of the connection file is too "
                                                        "long (more than %d bytes).", MAX_LINE),
                                           line_number, MAX_LINE);
                return NULL;
            }
            line = data + i + 1;
            line_number++;
        }
    }
    if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error)) {
        vireo_console_set_invalid (error,
                                   _("The connection file is not in the expected format: %s"),
                                   local_error->message);
        return NULL;
    }
    return g_steal_pointer (&key_file);
}

static gboolean
wants_delete (GKeyFile *key_file)
{
    g_autofree char *text = g_key_file_get_string (key_file, MAIN_GROUP, "delete-this-file",
                                                   NULL);
    gint64 number;

    if (text == NULL)
        return FALSE;
    g_strstrip (text);
    if (g_ascii_strcasecmp (text, "true") == 0)
        return TRUE;
    return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL) &&
           number != 0;
}

static void
wipe_buffer (char *data, gsize length)
{
    if (data != NULL) {
        volatile char *p = data;
        for (gsize i = 0; i < length; i++)
            p[i] = '\0';
    }
}

static guint
read_timeout_ms (void)
{
    const char *text = g_getenv (VIREO_CONSOLE_FILE_TIMEOUT_ENV);
    guint64 value;

    if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &value, NULL))
        return (guint) value;
    return READ_TIMEOUT_MS;
}

static gboolean
set_read_error (GError **error, const char *path, int errno_value)
{
    g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                 _("Could not read the connection file “%s”: %s"), path,
                 g_strerror (errno_value));
    return FALSE;
}

/* Waits until @fd (not a regular file) has data or its end, @deadline passes or
 * @cancellable is cancelled. */
static gboolean
wait_readable (int            fd,
               const char    *path,
               gint64         deadline,
               GCancellable  *cancellable,
               GError       **error)
{
    GPollFD fds[2] = { { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 } };
    guint n_fds = 1;
    int ready;

    if (g_cancellable_make_pollfd (cancellable, &fds[1]))
        n_fds = 2;
    do {
        gint64 left = deadline - g_get_monotonic_time ();

        ready = left > 0 ? g_poll (fds, n_fds, (int) ((left + 999) / 1000)) : 0;
    } while (ready < 0 && errno == EINTR);
    if (n_fds == 2)
        g_cancellable_release_fd (cancellable);

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    if (ready < 0)
        return set_read_error (error, path, errno);
    if (ready == 0 || fds[0].revents == 0) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Could not read the connection file “%s”: it is not a regular "
                                  "file, and its data did not end within %u second.",
                                  "Could not read the connection file “%s”: it is not a regular "
                                  "file, and its data did not end within %u seconds.",
                                  (read_timeout_ms () + 999) / 1000),
                     path, (read_timeout_ms () + 999) / 1000);
        return FALSE;
    }
    return TRUE;
}

/* Reads the whole of @fd into @buffer (VIREO_CONSOLE_FILE_MAX_SIZE + 1 bytes). */
static gboolean
read_fd_capped (int            fd,
                const char    *path,
                gboolean       regular,
                char          *buffer,
                gsize         *filled,
                GCancellable  *cancellable,
                GError       **error)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) read_timeout_ms () * 1000;

    for (;;) {
        gsize room = VIREO_CONSOLE_FILE_MAX_SIZE + 1 - *filled;
        gssize got;

        if (room == 0)
            return vireo_console_set_invalid (error, TOO_LARGE_PATH, path,
                                              VIREO_CONSOLE_FILE_MAX_SIZE);
        if (!regular && !wait_readable (fd, path, deadline, cancellable, error))
            return FALSE;
        if (regular && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        got = read (fd, buffer + *filled, room);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got < 0)
            return set_read_error (error, path, errno);
        if (got == 0)
            return TRUE;
        *filled += got;
    }
}

/* Reads at most VIREO_CONSOLE_FILE_MAX_SIZE bytes of @path whatever its kind: a
 * regular file, a FIFO, a device (/dev/zero).  It is opened without blocking (open()
 * of a FIFO with no writer would wait for one forever), and one that is not a regular
 * file has read_timeout_ms() to deliver its data.  A folder is refused.  The caller
 * wipes *data. */
static gboolean
read_capped (const char    *path,
             char         **data,
             gsize         *length,
             GCancellable  *cancellable,
             GError       **error)
{
    g_autofree char *buffer = NULL;
    gsize filled = 0;
    struct stat st;
    gboolean ok;
    int fd;

    fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
    if (fd < 0)
        return set_read_error (error, path, errno);
    if (fstat (fd, &st) != 0) {
        int saved_errno = errno;

        close (fd);
        return set_read_error (error, path, saved_errno);
    }
    if (S_ISDIR (st.st_mode)) {
        close (fd);
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                     _("Could not read the connection file “%s”: it is a folder."), path);
        return FALSE;
    }
    if (S_ISREG (st.st_mode) && st.st_size > VIREO_CONSOLE_FILE_MAX_SIZE) {
        close (fd);
        return vireo_console_set_invalid (error, TOO_LARGE_PATH, path,
                                          VIREO_CONSOLE_FILE_MAX_SIZE);
    }

    buffer = g_malloc (VIREO_CONSOLE_FILE_MAX_SIZE + 1);
    ok = read_fd_capped (fd, path, S_ISREG (st.st_mode), buffer, &filled, cancellable, error);
    close (fd);
    if (!ok) {
        wipe_buffer (buffer, filled);
        return FALSE;
    }
    *data = g_steal_pointer (&buffer);
    *length = filled;
    return TRUE;
}

static gboolean
load_from_file (VireoConsoleFile  *self,
                const char        *path,
                GCancellable      *cancellable,
                GError           **error)
{
    g_autofree char *data = NULL;
    g_autoptr(GKeyFile) key_file = NULL;
    gsize length = 0;

    g_assert (VIREO_IS_CONSOLE_FILE (self));
    g_assert (path != NULL);

    g_clear_pointer (&self->delete_error, g_free);
    if (!read_capped (path, &data, &length, cancellable, error))
        return FALSE;
    key_file = parse_key_file (data, length, error);
    wipe_buffer (data, length);
    if (key_file == NULL)
        return FALSE;

    if (wants_delete (key_file) && g_getenv (VIREO_CONSOLE_FILE_KEEP_ENV) == NULL &&
        g_unlink (path) != 0) {
        int saved_errno = errno;

        self->delete_error = g_strdup_printf (_("The connection file “%s” asked to be deleted "
                                                "once read, but it could not be: %s.  It may "
                                                "hold a password: delete it yourself."),
                                              path, g_strerror (saved_errno));
    }

    return apply_key_file (self, key_file, TRUE, error);
}

typedef struct {
    char         *path;     /* NULL: read stream */
    GInputStream *stream;
} LoadData;

static void
load_data_free (LoadData *data)
{
    g_free (data->path);
    g_clear_object (&data->stream);
    g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
    LoadData *data = task_data;
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    gboolean ok;

    if (data->path != NULL)
        ok = load_from_file (file, data->path, cancellable, &error);
    else
        ok = vireo_console_file_load_from_stream (file, data->stream, cancellable, &error);
    if (!ok)
        g_task_return_error (task, g_steal_pointer (&error));
    else
        g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

static void
start_load (LoadData            *data,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
    g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

    g_task_set_source_tag (task, start_load);
    g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
    g_task_run_in_thread (task, load_thread);
}

static void
vireo_console_file_finalize (GObject *object)
{
    VireoConsoleFile *self = VIREO_CONSOLE_FILE (object);

    values_clear (self->values);
    g_free (self->delete_error);

    G_OBJECT_CLASS (vireo_console_file_parent_class)->finalize (object);
}

static void
vireo_console_file_class_init (VireoConsoleFileClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->finalize = vireo_console_file_finalize;
}

static void
vireo_console_file_init (VireoConsoleFile *self)
{
}

VireoConsoleFile *
vireo_console_file_new (void)
{
    return g_object_new (VIREO_TYPE_CONSOLE_FILE, NULL);
}

/**
 * vireo_console_file_new_from_uri:
 * @uri: spice://, spice+tls://, spice+unix:// or vnc:// address
 *
 * Returns: (transfer full): a description of the connection, or %NULL with @error set.
 */
VireoConsoleFile *
vireo_console_file_new_from_uri (const char *uri, GError **error)
{
    g_autoptr(GKeyFile) key_file = g_key_file_new ();
    g_autoptr(VireoConsoleFile) self = NULL;

    g_return_val_if_fail (uri != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (!vireo_console_uri_to_key_file (uri, key_file, error))
        return NULL;
    self = vireo_console_file_new ();
    if (!apply_key_file (self, key_file, FALSE, error))
        return NULL;
    return g_steal_pointer (&self);
}

/**
 * vireo_console_file_load_from_data:
 * @length: length of @data, or -1 when it is nul-terminated
 *
 * Replaces the contents of @self with the connection described by @data.  On error
 * @self is left as it was.
 */
gboolean
vireo_console_file_load_from_data (VireoConsoleFile *self, const char *data,
                                      gssize length, GError **error)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    g_return_val_if_fail (data != NULL || length == 0, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (length < 0)
        length = strlen (data);

    g_autoptr(GKeyFile) key_file = parse_key_file (data != NULL ? data : "", length, error);
    if (key_file == NULL)
        return FALSE;
    return apply_key_file (self, key_file, TRUE, error);
}

/**
 * vireo_console_file_load_from_file:
 *
 * Loads a .vv file.  When it asks for it (delete-this-file), the file is deleted right
 * after it was parsed, also when a later check fails; see the top of this file.  The
 * file may be of any kind (a FIFO, a device): at most %VIREO_CONSOLE_FILE_MAX_SIZE
 * bytes are read, and one that is not a regular file must deliver them within a
 * timeout.  Blocks for that long at most: call vireo_console_file_new_from_file_async()
 * from a main loop.  A file that asked to be deleted but could not be is reported by
 * vireo_console_file_get_delete_error().
 */
gboolean
vireo_console_file_load_from_file (VireoConsoleFile *self, const char *path,
                                      GError **error)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    return load_from_file (self, path, NULL, error);
}

/**
 * vireo_console_file_load_from_stream:
 *
 * Reads a whole .vv file from @stream (standard input for `vireo-viewer -`), at most
 * %VIREO_CONSOLE_FILE_MAX_SIZE bytes, and loads it.  Blocks: call it in a worker
 * thread, or on a stream known to be short.
 */
gboolean
vireo_console_file_load_from_stream (VireoConsoleFile *self, GInputStream *stream,
                                        GCancellable *cancellable, GError **error)
{
    g_autofree char *buffer = NULL;
    gsize filled = 0;
    gboolean ok;

    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    buffer = g_malloc (VIREO_CONSOLE_FILE_MAX_SIZE + 1);
    for (;;) {
        g_autoptr(GError) local_error = NULL;
        gsize room = VIREO_CONSOLE_FILE_MAX_SIZE + 1 - filled;
        gssize got;

        if (room == 0) {
            wipe_buffer (buffer, filled);
            return vireo_console_set_invalid (error, TOO_LARGE,
                                              VIREO_CONSOLE_FILE_MAX_SIZE);
        }
        if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            got = -1;
        else
            got = g_input_stream_read (stream, buffer + filled, room, cancellable,
                                       &local_error);
        if (got < 0) {
            wipe_buffer (buffer, filled);
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                         _("Could not read the connection file: %s"), local_error->message);
            return FALSE;
        }
        if (got == 0)
            break;
        filled += got;
    }

    ok = vireo_console_file_load_from_data (self, buffer, filled, error);
    wipe_buffer (buffer, filled);
    return ok;
}

/**
 * vireo_console_file_new_from_file_async:
 *
 * Reads and loads @path in a worker thread, as vireo_console_file_load_from_file()
 * does (with its cap, its timeout and delete-this-file); the main loop never waits for
 * the file.
 */
void
vireo_console_file_new_from_file_async (const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
    LoadData *data;

    g_return_if_fail (path != NULL);

    data = g_new0 (LoadData, 1);
    data->path = g_strdup (path);
    start_load (data, cancellable, callback, user_data);
}

/**
 * vireo_console_file_new_from_stream_async:
 *
 * Reads and loads @stream (standard input) in a worker thread, as
 * vireo_console_file_load_from_stream() does.
 */
void
vireo_console_file_new_from_stream_async (GInputStream        *stream,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
    LoadData *data;

    g_return_if_fail (G_IS_INPUT_STREAM (stream));

    data = g_new0 (LoadData, 1);
    data->stream = g_object_ref (stream);
    start_load (data, cancellable, callback, user_data);
}

/**
 * vireo_console_file_new_finish:
 *
 * Returns: (transfer full): the loaded file of vireo_console_file_new_from_file_async()
 * or vireo_console_file_new_from_stream_async(), or %NULL with @error set.
 */
VireoConsoleFile *
vireo_console_file_new_finish (GAsyncResult  *result,
                               GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    g_return_val_if_fail (g_async_result_is_tagged (result, start_load), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vireo_console_file_get_delete_error:
 *
 * Returns: why the file that the last load read asked to be deleted (delete-this-file)
 * but could not be, as a sentence to show the user; %NULL when it was deleted or did
 * not ask.
 */
const char *
vireo_console_file_get_delete_error (VireoConsoleFile *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), NULL);

    return self->delete_error;
}

/* Splits "1.2.3-4" into numbers; FALSE when a component is not a number. */
static gboolean
split_version (const char *text, GArray *main_part, GArray *build_part)
{
    g_auto(GStrv) halves = g_strsplit (text, "-", 2);

    for (guint half = 0; half < 2 && halves[half] != NULL; half++) {
        g_auto(GStrv) numbers = g_strsplit (halves[half], ".", -1);

        for (guint i = 0; numbers[i] != NULL; i++) {
            guint64 number;

            if (!g_ascii_string_to_unsigned (numbers[i], 10, 0, G_MAXUINT64, &number, NULL))
                return FALSE;
            g_array_append_val (half == 0 ? main_part : build_part, number);
        }
    }
    return TRUE;
}

static int
compare_numbers (GArray *a, GArray *b)
{
    for (guint i = 0; i < MAX (a->len, b->len); i++) {
        guint64 x = i < a->len ? g_array_index (a, guint64, i) : 0;
        guint64 y = i < b->len ? g_array_index (b, guint64, i) : 0;

        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

/**
 * vireo_console_file_compare_versions:
 *
 * Compares "1.2.3" or "1.2.3-4" style versions component by component; missing
 * components count as 0, and the build numbers after "-" are compared only when both
 * versions have one.  When any component is not a number the two are taken as equal.
 *
 * Returns: <0, 0 or >0 as @a is older than, the same as or newer than @b.
 */
int
vireo_console_file_compare_versions (const char *a, const char *b)
{
    g_autoptr(GArray) a_main = g_array_new (FALSE, FALSE, sizeof (guint64));
    g_autoptr(GArray) a_build = g_array_new (FALSE, FALSE, sizeof (guint64));
    g_autoptr(GArray) b_main = g_array_new (FALSE, FALSE, sizeof (guint64));
    g_autoptr(GArray) b_build = g_array_new (FALSE, FALSE, sizeof (guint64));
    int result;

    g_return_val_if_fail (a != NULL && b != NULL, 0);

    if (!split_version (a, a_main, a_build) || !split_version (b, b_main, b_build))
        return 0;
    result = compare_numbers (a_main, b_main);
    if (result == 0 && a_build->len > 0 && b_build->len > 0)
        result = compare_numbers (a_build, b_build);
    return result;
}

static char *
current_os_id (void)
{
    g_autofree char *id = g_get_os_info (G_OS_INFO_KEY_ID);
    g_autofree char *version_id = g_get_os_info (G_OS_INFO_KEY_VERSION_ID);

    if (id == NULL)
        return NULL;
    return g_strconcat (id, version_id != NULL ? version_id : "", NULL);
}

gboolean
vireo_console_file_check_version (VireoConsoleFile *self, const char *os_id,
                                     const char *version, GError **error)
{
    g_autofree char *own_os_id = NULL;
    const char *required = NULL;
    const char *url;
    char **versions;

    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (os_id == NULL)
        os_id = own_os_id = current_os_id ();
    if (version == NULL)
        version = VIREO_VERSION;

    versions = self->values[FIELD_VERSIONS].strv;
    for (guint i = 0; os_id != NULL && versions != NULL && versions[i] != NULL; i++) {
        const char *colon = strchr (versions[i], ':');
        if ((gsize) (colon - versions[i]) == strlen (os_id) &&
            strncmp (versions[i], os_id, colon - versions[i]) == 0)
            required = colon + 1;
    }
    if (required == NULL)
        required = self->values[FIELD_VERSION].str;
    if (required == NULL || vireo_console_file_compare_versions (required, version) <= 0)
        return TRUE;

    url = self->values[FIELD_NEWER_VERSION_URL].str;
    if (url != NULL)
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                     _("This connection needs version %s or newer of the viewer, and this is "
                       "version %s. A newer version is available from %s."),
                     required, version, url);
    else
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                     _("This connection needs version %s or newer of the viewer, and this is "
                       "version %s."), required, version);
    return FALSE;
}

gboolean
vireo_console_file_is_set (VireoConsoleFile *self, const char *group, const char *key)
{
    Field field;

    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    g_return_val_if_fail (key != NULL, FALSE);

    field = find_field (group != NULL ? group : MAIN_GROUP, key);
    return field < N_FIELDS && self->values[field].set;
}

/* Control characters (a "\n" escape in a value) are written escaped, so that a value
 * cannot forge another line of the description. */
static void
append_escaped (GString *out, const char *value)
{
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '\n')
            g_string_append (out, "\\n");
        else if (*p == '\\')
            g_string_append (out, "\\\\");
        else if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
        else
            g_string_append_c (out, *p);
    }
}

char *
vireo_console_file_describe (VireoConsoleFile *self)
{
    GString *out;

    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), NULL);

    out = g_string_new (NULL);
    for (guint i = 0; i < N_FIELDS; i++) {
        const FieldSpec *spec = &field_specs[i];
        const Value *value = &self->values[i];

        if (!value->set)
            continue;
        if (!g_str_equal (spec->group, MAIN_GROUP))
            g_string_append_printf (out, "%s.", spec->group);
        g_string_append_printf (out, "%s=", spec->key);
        if (spec->kind == KIND_SECRET)
            g_string_append (out, "(hidden)");
        else if (spec->kind == KIND_PEM)
            g_string_append_printf (out, "(PEM data, %" G_GSIZE_FORMAT " bytes)",
                                    strlen (value->str));
        else
            append_escaped (out, value->str);
        g_string_append_c (out, '\n');
    }
    return g_string_free (out, FALSE);
}

char *
vireo_console_file_expand_title (const char *title,
                                    const char *display_label)
{
    const char *mark;

    g_return_val_if_fail (display_label != NULL, NULL);

    if (title == NULL)
        return NULL;
    mark = strstr (title, "%d");
    if (mark == NULL)
        return g_strdup (title);
    return g_strdup_printf ("%.*s%s%s", (int) (mark - title), title, display_label, mark + 2);
}

gboolean
vireo_console_file_hotkey_is_valid (const char *hotkey)
{
    g_auto(GStrv) parts = NULL;
    guint n;

    g_return_val_if_fail (hotkey != NULL, FALSE);

    parts = g_strsplit (hotkey, "+", -1);
    n = g_strv_length (parts);
    if (n == 0 || n > 6)
        return FALSE;
    for (guint i = 0; i < n; i++) {
        const char *part = g_strstrip (parts[i]);
        if (*part == '\0' || strlen (part) > 32)
            return FALSE;
        for (const char *p = part; *p != '\0'; p++) {
            if (!g_ascii_isalnum (*p) && *p != '_')
                return FALSE;
        }
    }
    return TRUE;
}

#define GET_STR(field) \
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), NULL); \
    return self->values[field].str
#define GET_STRV(field) \
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), NULL); \
    return (const char *const *) self->values[field].strv
#define GET_BOOL(field) \
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE); \
    return self->values[field].set && self->values[field].num != 0
#define GET_PORT(field) \
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), -1); \
    return self->values[field].set ? self->values[field].num : -1

VireoConsoleProtocol
vireo_console_file_get_protocol (VireoConsoleFile *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), VIREO_CONSOLE_PROTOCOL_NONE);
    return self->values[FIELD_TYPE].set ? self->values[FIELD_TYPE].num
                                        : VIREO_CONSOLE_PROTOCOL_NONE;
}

const char *
vireo_console_file_get_host (VireoConsoleFile *self) { GET_STR (FIELD_HOST); }

int
vireo_console_file_get_port (VireoConsoleFile *self) { GET_PORT (FIELD_PORT); }

int
vireo_console_file_get_tls_port (VireoConsoleFile *self) { GET_PORT (FIELD_TLS_PORT); }

const char *
vireo_console_file_get_unix_path (VireoConsoleFile *self) { GET_STR (FIELD_UNIX_PATH); }

const char *
vireo_console_file_get_username (VireoConsoleFile *self) { GET_STR (FIELD_USERNAME); }

const char *
vireo_console_file_get_password (VireoConsoleFile *self) { GET_STR (FIELD_PASSWORD); }

const char *const *
vireo_console_file_get_disable_channels (VireoConsoleFile *self)
{
    GET_STRV (FIELD_DISABLE_CHANNELS);
}

const char *
vireo_console_file_get_tls_ciphers (VireoConsoleFile *self)
{
    GET_STR (FIELD_TLS_CIPHERS);
}

const char *
vireo_console_file_get_ca (VireoConsoleFile *self) { GET_STR (FIELD_CA); }

const char *
vireo_console_file_get_host_subject (VireoConsoleFile *self)
{
    GET_STR (FIELD_HOST_SUBJECT);
}

gboolean
vireo_console_file_get_fullscreen (VireoConsoleFile *self) { GET_BOOL (FIELD_FULLSCREEN); }

const char *
vireo_console_file_get_title (VireoConsoleFile *self) { GET_STR (FIELD_TITLE); }

gboolean
vireo_console_file_get_enable_smartcard (VireoConsoleFile *self)
{
    GET_BOOL (FIELD_ENABLE_SMARTCARD);
}

gboolean
vireo_console_file_get_enable_usbredir (VireoConsoleFile *self)
{
    GET_BOOL (FIELD_ENABLE_USBREDIR);
}

gboolean
vireo_console_file_get_enable_usb_autoshare (VireoConsoleFile *self)
{
    GET_BOOL (FIELD_ENABLE_USB_AUTOSHARE);
}

const char *
vireo_console_file_get_usb_filter (VireoConsoleFile *self) { GET_STR (FIELD_USB_FILTER); }

const char *
vireo_console_file_get_usb_redirect_on_connect (VireoConsoleFile *self)
{
    GET_STR (FIELD_USB_REDIRECT_ON_CONNECT);
}

int
vireo_console_file_get_color_depth (VireoConsoleFile *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), 0);
    return self->values[FIELD_COLOR_DEPTH].num;
}

const char *const *
vireo_console_file_get_disable_effects (VireoConsoleFile *self)
{
    GET_STRV (FIELD_DISABLE_EFFECTS);
}

const char *const *
vireo_console_file_get_secure_channels (VireoConsoleFile *self)
{
    GET_STRV (FIELD_SECURE_CHANNELS);
}

gboolean
vireo_console_file_get_delete_this_file (VireoConsoleFile *self)
{
    GET_BOOL (FIELD_DELETE_THIS_FILE);
}

const char *
vireo_console_file_get_proxy (VireoConsoleFile *self) { GET_STR (FIELD_PROXY); }

const char *
vireo_console_file_get_version (VireoConsoleFile *self) { GET_STR (FIELD_VERSION); }

const char *const *
vireo_console_file_get_versions (VireoConsoleFile *self) { GET_STRV (FIELD_VERSIONS); }

const char *
vireo_console_file_get_newer_version_url (VireoConsoleFile *self)
{
    GET_STR (FIELD_NEWER_VERSION_URL);
}

const char *
vireo_console_file_get_hotkey (VireoConsoleFile *self, const char *action)
{
    Field field;

    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), NULL);
    g_return_val_if_fail (action != NULL, NULL);

    field = find_field (MAIN_GROUP, action);
    g_return_val_if_fail (field < N_FIELDS && field_specs[field].kind == KIND_HOTKEY, NULL);
    return self->values[field].str;
}

const char *const *
vireo_console_file_hotkey_actions (void)
{
    return hotkey_actions;
}

gboolean
vireo_console_file_has_ovirt (VireoConsoleFile *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_FILE (self), FALSE);
    return self->has_ovirt;
}

const char *
vireo_console_file_get_ovirt_host (VireoConsoleFile *self) { GET_STR (FIELD_OVIRT_HOST); }

const char *
vireo_console_file_get_ovirt_vm_guid (VireoConsoleFile *self)
{
    GET_STR (FIELD_OVIRT_VM_GUID);
}

const char *
vireo_console_file_get_ovirt_jsessionid (VireoConsoleFile *self)
{
    GET_STR (FIELD_OVIRT_JSESSIONID);
}

const char *
vireo_console_file_get_ovirt_sso_token (VireoConsoleFile *self)
{
    GET_STR (FIELD_OVIRT_SSO_TOKEN);
}

const char *
vireo_console_file_get_ovirt_ca (VireoConsoleFile *self) { GET_STR (FIELD_OVIRT_CA); }

gboolean
vireo_console_file_get_ovirt_admin (VireoConsoleFile *self)
{
    GET_BOOL (FIELD_OVIRT_ADMIN);
}
