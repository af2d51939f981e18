/* vireo-console-file-parse.c: the keys of a .vv file and their checks
 *
 * Every key VireoConsoleFile knows, with its kind; a key file's values are read
 * and checked one by one, then together (a host needs a port, unix-path excludes
 * both), and taken only when all of them pass.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-console-file-private.h"

/* Longest line accepted before GKeyFile sees the data. */
#define MAX_LINE (VIREO_CONSOLE_FILE_MAX_VALUE + 1024)
/* The error of data past VIREO_CONSOLE_FILE_MAX_SIZE. */
#define TOO_LARGE                                                                          \
    g_dngettext (GETTEXT_PACKAGE, "The connection file is too large (more than %d byte).", \
                 "The connection file is too large (more than %d bytes).",                 \
                 VIREO_CONSOLE_FILE_MAX_SIZE)

const FieldSpec _vireo_console_file_fields[N_FIELDS] = {
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

static const char *const spice_channels[] = {
    "main", "display", "inputs", "cursor", "playback", "record", "smartcard", "usbredir",
    "port", "webdav", "all", NULL
};

static const char *const spice_effects[] = {
    "wallpaper", "font-smooth", "animation", "all", NULL
};

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

void
_vireo_console_file_values_clear (Value *values)
{
    for (guint i = 0; i < N_FIELDS; i++)
        value_clear (&values[i], _vireo_console_file_fields[i].kind);
}

Field
_vireo_console_file_find_field (const char *group, const char *key)
{
    for (guint i = 0; i < N_FIELDS; i++) {
        const FieldSpec *spec = &_vireo_console_file_fields[i];

        if (g_str_equal (spec->group, group) && g_str_equal (spec->key, key))
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
gboolean
_vireo_console_file_apply_key_file (VireoConsoleFile *self, GKeyFile *key_file,
                                    gboolean check_version, GError **error)
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
        if (!read_value (key_file, &_vireo_console_file_fields[i], &values[i], error)) {
            _vireo_console_file_values_clear (values);
            return FALSE;
        }
    }

    if (!check_combination (values, has_ovirt, error)) {
        _vireo_console_file_values_clear (values);
        return FALSE;
    }

    _vireo_console_file_values_clear (self->values);
    memcpy (self->values, values, sizeof values);
    self->has_ovirt = has_ovirt;

    if (check_version && !vireo_console_file_check_version (self, NULL, NULL, error)) {
        _vireo_console_file_values_clear (self->values);
        self->has_ovirt = FALSE;
        return FALSE;
    }
    return TRUE;
}

gboolean
_vireo_console_file_set_too_large (GError **error)
{
    return vireo_console_set_invalid (error, TOO_LARGE, VIREO_CONSOLE_FILE_MAX_SIZE);
}

/* Checks size, text and line lengths, then lets GKeyFile parse. */
GKeyFile *
_vireo_console_file_parse_key_file (const char *data, gsize length, GError **error)
{
    g_autoptr(GKeyFile) key_file = g_key_file_new ();
    g_autoptr(GError) local_error = NULL;
    const char *end = NULL;
    const char *line = data;
    guint line_number = 1;

    if (length > VIREO_CONSOLE_FILE_MAX_SIZE) {
        _vireo_console_file_set_too_large (error);
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

gboolean
_vireo_console_file_wants_delete (GKeyFile *key_file)
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
