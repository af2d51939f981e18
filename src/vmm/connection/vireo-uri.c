/* vireo-uri.c: libvirt URIs: default resolution, display names, builders
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-embed.h"
#include "vireo-uri.h"
#include "vireo-vmm-error.h"

/* Longer than any URI a person types or libvirt accepts in practice. */
#define URI_MAX_LENGTH 4096
/* How much of a bad URI an error message quotes. */
#define URI_QUOTE_LENGTH 60

/* Helpers */

static GUri *
parse_uri (const char *uri)
{
    return g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, NULL);
}

/* "qemu+ssh" → driver "qemu", transport "ssh". */
static char *
scheme_driver (const char *scheme,
               char      **transport_out)
{
    const char *plus = strchr (scheme, '+');

    if (plus == NULL) {
        *transport_out = NULL;
        return g_ascii_strdown (scheme, -1);
    }
    *transport_out = g_ascii_strdown (plus + 1, -1);
    return g_ascii_strdown (scheme, plus - scheme);
}

static gboolean
has_host (GUri *uri)
{
    const char *host = g_uri_get_host (uri);

    return host != NULL && *host != '\0';
}

/* The start of @uri, for quoting in an error message. */
static char *
quote_uri (const char *uri)
{
    g_autofree char *start = NULL;

    if (!g_utf8_validate (uri, -1, NULL))
        return g_utf8_make_valid (uri, MIN (strlen (uri), URI_QUOTE_LENGTH));
    if (g_utf8_strlen (uri, -1) <= URI_QUOTE_LENGTH)
        return g_strdup (uri);
    start = g_utf8_substring (uri, 0, URI_QUOTE_LENGTH);
    return g_strconcat (start, "…", NULL);
}

static gboolean
is_blank (const char *s)
{
    for (; *s != '\0'; s++) {
        if (!g_ascii_isspace (*s))
            return FALSE;
    }
    return TRUE;
}

/* Public API */

char *
vireo_uri_resolve_default (const char *cli_uri)
{
    g_autofree char *root = NULL;
    const char *env;

    if (cli_uri != NULL && *cli_uri != '\0')
        return g_strdup (cli_uri);

    env = g_getenv ("LIBVIRT_DEFAULT_URI");
    if (env != NULL && *env != '\0')
        return g_strdup (env);

    root = vireo_embed_default_root ();
    return vireo_embed_uri_for_root (root);
}

char *
vireo_uri_dup_display_name (const char *uri)
{
    g_autoptr(GUri) parsed = NULL;
    g_autofree char *driver = NULL;
    g_autofree char *transport = NULL;
    const char *path;

    g_return_val_if_fail (uri != NULL, NULL);

    if (vireo_embed_uri_get_root (uri, NULL))
        return g_strdup (_("Embedded"));

    parsed = parse_uri (uri);
    if (parsed == NULL)
        return g_strdup (uri);

    driver = scheme_driver (g_uri_get_scheme (parsed), &transport);
    path = g_uri_get_path (parsed);

    if (g_str_equal (driver, "test"))
        return g_strdup (_("Test"));

    if (!g_str_equal (driver, "qemu"))
        return g_strdup (uri);

    if (has_host (parsed)) {
        if (g_strcmp0 (path, "/system") == 0)
            /* TRANSLATORS: %s is a host name */
            return g_strdup_printf (_("QEMU/KVM: %s"), g_uri_get_host (parsed));
        if (g_strcmp0 (path, "/session") == 0)
            /* TRANSLATORS: %s is a host name */
            return g_strdup_printf (_("QEMU/KVM user session: %s"), g_uri_get_host (parsed));
        return g_strdup (uri);
    }
    if (g_strcmp0 (path, "/system") == 0)
        return g_strdup (_("QEMU/KVM"));
    if (g_strcmp0 (path, "/session") == 0)
        return g_strdup (_("QEMU/KVM user session"));
    return g_strdup (uri);
}

char *
vireo_uri_build_ssh (const char *user,
                     const char *host,
                     gboolean    session)
{
    GString *s;
    const char *path = session ? "/session" : "/system";

    g_return_val_if_fail (host != NULL && *host != '\0', NULL);

    s = g_string_new ("qemu+ssh://");
    if (user != NULL && *user != '\0') {
        g_autofree char *escaped = NULL;

        escaped = g_uri_escape_string (user, G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS,
                                       TRUE);
        g_string_append (s, escaped);
        g_string_append_c (s, '@');
    }

    if (strchr (host, ':') != NULL && host[0] != '[') {
        /* An IPv6 address; a zone ("fe80::1%eth0") has its '%' escaped. */
        g_string_append_c (s, '[');
        for (const char *p = host; *p != '\0'; p++) {
            if (*p == '%')
                g_string_append (s, "%25");
            else
                g_string_append_c (s, *p);
        }
        g_string_append_c (s, ']');
    } else {
        g_string_append (s, host);
    }
    g_string_append (s, path);
    return g_string_free (s, FALSE);
}

gboolean
vireo_uri_validate (const char *uri,
                    GError    **error)
{
    g_autoptr(GUri) parsed = NULL;
    g_autoptr(GError) parse_error = NULL;
    g_autofree char *quoted = NULL;
    g_autofree char *scheme = NULL;
    gsize length;

    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (uri == NULL || is_blank (uri)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The connection address is empty. Enter an address such as "
                       "qemu:///system."));
        return FALSE;
    }

    length = strlen (uri);
    if (length > URI_MAX_LENGTH) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The connection address is too long: it has %zu"
                       " characters, and at most %d are allowed."),
                     length, URI_MAX_LENGTH);
        return FALSE;
    }

    quoted = quote_uri (uri);

    if (!g_utf8_validate (uri, -1, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The connection address “%s” is not valid text."), quoted);
        return FALSE;
    }

    for (const char *p = uri; *p != '\0'; p++) {
        if (*p == ' ' || *p == '\t') {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("The connection address “%s” contains a space; spaces are "
                           "not allowed (write them as %%20)."), quoted);
            return FALSE;
        }
        if (g_ascii_iscntrl (*p)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("The connection address “%s” contains a control character "
                           "such as a line break."), quoted);
            return FALSE;
        }
    }

    /* Not g_uri_peek_scheme(): it interns each scheme it sees, for good, and
     * this text is typed or read from a file (found by fuzz-uri). */
    scheme = g_uri_parse_scheme (uri);
    if (scheme == NULL || strstr (uri, "://") != uri + strlen (scheme)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The connection address “%s” does not start with a driver name "
                       "and “://”, as in qemu:///system or test:///default."), quoted);
        return FALSE;
    }

    parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, &parse_error);
    if (parsed == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The connection address “%s” is malformed: %s."),
                     quoted, parse_error->message);
        return FALSE;
    }
    return TRUE;
}

gboolean
vireo_uri_is_local (const char *uri)
{
    g_autoptr(GUri) parsed = NULL;

    g_return_val_if_fail (uri != NULL, FALSE);

    parsed = parse_uri (uri);
    if (parsed == NULL)
        return FALSE;
    return !has_host (parsed);
}

char *
vireo_uri_for_open (const char *uri,
                    const char *run_dir)
{
    g_autoptr(GUri) parsed = NULL;
    g_autofree char *socket = NULL;
    g_autofree char *user_dir = NULL;
    g_autofree char *escaped = NULL;
    const char *path;
    const char *query;
    gboolean session;

    g_return_val_if_fail (uri != NULL, NULL);

    parsed = parse_uri (uri);
    if (parsed == NULL || has_host (parsed) ||
        g_ascii_strcasecmp (g_uri_get_scheme (parsed), "qemu") != 0)
        return g_strdup (uri);
    path = g_uri_get_path (parsed);
    session = g_strcmp0 (path, "/session") == 0;
    if (!session && g_strcmp0 (path, "/system") != 0)
        return g_strdup (uri);
    query = g_uri_get_query (parsed);
    if (query != NULL && (g_str_has_prefix (query, "socket=") || strstr (query, "&socket=")))
        return g_strdup (uri);

    if (run_dir == NULL && session)
        run_dir = user_dir = g_build_filename (g_get_user_runtime_dir (), "libvirt", NULL);
    else if (run_dir == NULL)
        run_dir = "/run/libvirt";
    socket = g_build_filename (run_dir, "virtqemud-sock", NULL);
    if (!g_file_test (socket, G_FILE_TEST_EXISTS)) {
        g_free (socket);
        socket = g_build_filename (run_dir, "libvirt-sock", NULL);
        if (session && !g_file_test (socket, G_FILE_TEST_EXISTS))
            return g_strdup (uri);
    }
    escaped = g_uri_escape_string (socket, "/", FALSE);
    return g_strdup_printf ("qemu+unix://%s?%s%ssocket=%s", path, query != NULL ? query : "",
                            query != NULL && *query != '\0' ? "&" : "", escaped);
}
