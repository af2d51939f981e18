/* vireo-console-uri.c: viewer URIs (spice://, spice+tls://, spice+unix://, vnc://)
 *
 * The forms understood, as spice-gtk and remote-viewer understand them:
 *   spice://HOST:PORT                    plain port
 *   spice://HOST?port=P&tls-port=T       ports as query parameters (not both ways at once)
 *   spice+tls://HOST:PORT                PORT is the TLS port
 *   spice+unix:///PATH                   a local UNIX socket
 *   vnc://HOST[:PORT]                    PORT is a TCP port (5900 when absent)
 * HOST may be an IPv6 address in brackets; "USER@" before the host sets the username;
 * a "password" query parameter is accepted as spice-gtk does.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-console-uri.h"

#define MAIN_GROUP "virt-viewer"

typedef enum {
    SCHEME_SPICE,
    SCHEME_SPICE_TLS,
    SCHEME_SPICE_UNIX,
    SCHEME_VNC,
} Scheme;

static const struct {
    const char *name;
    Scheme scheme;
} schemes[] = {
    { "spice", SCHEME_SPICE },
    { "spice+tls", SCHEME_SPICE_TLS },
    { "spice+unix", SCHEME_SPICE_UNIX },
    { "vnc", SCHEME_VNC },
};

static gboolean
lookup_scheme (const char *name, Scheme *scheme)
{
    for (guint i = 0; i < G_N_ELEMENTS (schemes); i++) {
        if (g_ascii_strcasecmp (name, schemes[i].name) == 0) {
            *scheme = schemes[i].scheme;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
parse_port (const char *name, const char *text, int *port, GError **error)
{
    guint64 number;

    if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &number, NULL))
        return vireo_console_set_invalid (error, _("The %s in the address is not a port number "
                                                   "between 1 and 65535."), name);
    *port = (int) number;
    return TRUE;
}

/* Query parameters: port, tls-port, password. */
static gboolean
apply_query (GUri *uri, Scheme scheme, int *port, int *tls_port, GKeyFile *key_file,
             GError **error)
{
    const char *query = g_uri_get_query (uri);
    g_autoptr(GHashTable) params = NULL;
    g_autoptr(GError) local_error = NULL;
    GHashTableIter iter;
    gpointer key;
    gpointer value;

    if (query == NULL || *query == '\0')
        return TRUE;
    if (scheme == SCHEME_VNC)
        return vireo_console_set_invalid (error, _("A vnc:// address takes no parameters after "
                                                   "“?”."));

    params = g_uri_parse_params (query, -1, "&;", G_URI_PARAMS_NONE, &local_error);
    if (params == NULL)
        return vireo_console_set_invalid (error,
                                          _("The parameters of the address are malformed: %s"),
                                          local_error->message);

    g_hash_table_iter_init (&iter, params);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        if (g_str_equal (key, "port") || g_str_equal (key, "tls-port")) {
            int *target = g_str_equal (key, "port") ? port : tls_port;
            if (*target != -1)
                return vireo_console_set_invalid (error, _("The address gives the %s twice."),
                                                  (const char *) key);
            if (!parse_port (key, value, target, error))
                return FALSE;
        } else if (g_str_equal (key, "password")) {
            g_key_file_set_string (key_file, MAIN_GROUP, "password", value);
        } else {
            g_autofree char *valid = g_utf8_make_valid (key, -1);
            g_autofree char *shown = g_utf8_substring (valid, 0,
                                                       MIN (g_utf8_strlen (valid, -1), 40));
            return vireo_console_set_invalid (error,
                                              _("The address has an unknown parameter “%s”."),
                                              shown);
        }
    }
    return TRUE;
}

gboolean
vireo_console_uri_has_viewer_scheme (const char *arg)
{
    g_autofree char *scheme = NULL;
    Scheme unused;

    g_return_val_if_fail (arg != NULL, FALSE);

    scheme = g_uri_parse_scheme (arg);
    return scheme != NULL && lookup_scheme (scheme, &unused);
}

gboolean
vireo_console_uri_to_key_file (const char *text, GKeyFile *key_file, GError **error)
{
    g_autoptr(GUri) uri = NULL;
    g_autoptr(GError) local_error = NULL;
    g_autofree char *scheme_name = NULL;
    const char *host;
    const char *path;
    const char *user;
    Scheme scheme;
    int port = -1;
    int tls_port = -1;

    g_return_val_if_fail (text != NULL, FALSE);
    g_return_val_if_fail (key_file != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    scheme_name = g_uri_parse_scheme (text);
    if (scheme_name == NULL)
        return vireo_console_set_invalid (error, _("“%s” is not an address such as "
                                                   "spice://host:5900."), text);
    if (!lookup_scheme (scheme_name, &scheme)) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED,
                     _("Addresses starting with “%s:” are not supported; use spice://, "
                       "spice+tls://, spice+unix:// or vnc://."), scheme_name);
        return FALSE;
    }

    uri = g_uri_parse (text, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_QUERY,
                       &local_error);
    if (uri == NULL) {
        if (g_error_matches (local_error, G_URI_ERROR, G_URI_ERROR_BAD_PORT))
            return vireo_console_set_invalid (error, _("The port in the address is not a number "
                                                       "between 1 and 65535."));
        return vireo_console_set_invalid (error, _("The address is malformed: %s"),
                                          local_error->message);
    }

    host = g_uri_get_host (uri);
    path = g_uri_get_path (uri);
    user = g_uri_get_user (uri);
    if (g_uri_get_fragment (uri) != NULL)
        return vireo_console_set_invalid (error, _("The address must not contain a “#” fragment."));
    if (g_uri_get_password (uri) != NULL)
        return vireo_console_set_invalid (error, _("The address must not contain a password before "
                                                   "“@”."));

    if (scheme == SCHEME_SPICE_UNIX) {
        if (host != NULL && *host != '\0')
            return vireo_console_set_invalid (error, _("A spice+unix:// address names a socket "
                                                       "path, not a host: write "
                                                       "spice+unix:///path/to/socket."));
        if (path == NULL || path[0] != '/' || path[1] == '\0')
            return vireo_console_set_invalid (error, _("A spice+unix:// address needs the absolute "
                                                       "path of a socket."));
        if (g_uri_get_query (uri) != NULL)
            return vireo_console_set_invalid (error, _("A spice+unix:// address takes no "
                                                       "parameters after “?”."));
        g_key_file_set_string (key_file, MAIN_GROUP, "type", "spice");
        g_key_file_set_string (key_file, MAIN_GROUP, "unix-path", path);
        return TRUE;
    }

    if (host == NULL || *host == '\0')
        return vireo_console_set_invalid (error, _("The address has no host name."));
    if (path != NULL && *path != '\0' && !g_str_equal (path, "/"))
        return vireo_console_set_invalid (error, _("The address must not have a path after the "
                                                   "host."));

    if (g_uri_get_port (uri) == 0)
        return vireo_console_set_invalid (error, _("The port in the address is not a number "
                                                   "between 1 and 65535."));
    if (g_uri_get_port (uri) > 0) {
        if (scheme == SCHEME_SPICE_TLS)
            tls_port = g_uri_get_port (uri);
        else
            port = g_uri_get_port (uri);
    }
    if (!apply_query (uri, scheme, &port, &tls_port, key_file, error))
        return FALSE;

    if (scheme == SCHEME_VNC) {
        if (port == -1)
            port = VIREO_CONSOLE_URI_VNC_DEFAULT_PORT;
        g_key_file_set_string (key_file, MAIN_GROUP, "type", "vnc");
    } else {
        if (port == -1 && tls_port == -1)
            return vireo_console_set_invalid (error, _("A SPICE address needs a port, as in "
                                                       "spice://host:5900."));
        g_key_file_set_string (key_file, MAIN_GROUP, "type", "spice");
    }

    g_key_file_set_string (key_file, MAIN_GROUP, "host", host);
    if (port != -1)
        g_key_file_set_integer (key_file, MAIN_GROUP, "port", port);
    if (tls_port != -1)
        g_key_file_set_integer (key_file, MAIN_GROUP, "tls-port", tls_port);
    if (user != NULL && *user != '\0')
        g_key_file_set_string (key_file, MAIN_GROUP, "username", user);
    return TRUE;
}
