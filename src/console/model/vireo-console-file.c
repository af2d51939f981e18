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
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-console-file-private.h"
#include "vireo-console-uri.h"

static const char *const hotkey_actions[] = {
    "toggle-fullscreen", "release-cursor", "zoom-in", "zoom-out", "zoom-reset",
    "smartcard-insert", "smartcard-remove", "secure-attention", "usb-device-reset", NULL
};

G_DEFINE_FINAL_TYPE (VireoConsoleFile, vireo_console_file, G_TYPE_OBJECT)

static void
vireo_console_file_finalize (GObject *object)
{
    VireoConsoleFile *self = VIREO_CONSOLE_FILE (object);

    _vireo_console_file_values_clear (self->values);
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
    if (!_vireo_console_file_apply_key_file (self, key_file, FALSE, error))
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

    g_autoptr(GKeyFile) key_file =
        _vireo_console_file_parse_key_file (data != NULL ? data : "", length, error);
    if (key_file == NULL)
        return FALSE;
    return _vireo_console_file_apply_key_file (self, key_file, TRUE, error);
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

    field = _vireo_console_file_find_field (group != NULL ? group : MAIN_GROUP, key);
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
        const FieldSpec *spec = &_vireo_console_file_fields[i];
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

    field = _vireo_console_file_find_field (MAIN_GROUP, action);
    g_return_val_if_fail (field < N_FIELDS &&
                          _vireo_console_file_fields[field].kind == KIND_HOTKEY, NULL);
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
