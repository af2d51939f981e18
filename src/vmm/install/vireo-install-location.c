/* vireo-install-location.c: the kernel and initrd of a --location install
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-location.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-osinfo-media.h"
#include "vireo-vmm-error.h"

#define HTTP_MAX_REDIRECTS 5

/* ------------------------------------------------------------------- http */

/* One HTTP/1.0 request; the body goes to @dest when it is not NULL.
 * Returns the status code (after redirects), or 0 with an error. */
static guint
http_request (const char *uri, const char *method, const char *dest, GError **error)
{
    g_autofree char *current = g_strdup (uri);

    for (guint hop = 0; hop <= HTTP_MAX_REDIRECTS; hop++) {
        g_autoptr(GUri) parsed = g_uri_parse (current, G_URI_FLAGS_ENCODED, NULL);
        g_autoptr(GSocketClient) client = g_socket_client_new ();
        g_autoptr(GSocketConnection) conn = NULL;
        g_autoptr(GDataInputStream) in = NULL;
        g_autoptr(GFileOutputStream) out = NULL;
        g_autoptr(GFile) file = NULL;
        g_autofree char *request = NULL;
        g_autofree char *status_line = NULL;
        g_autofree char *location = NULL;
        const char *scheme, *path;
        gboolean https;
        guint status = 0;
        gsize len;

        if (parsed == NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("“%s” is not a valid URL."), current);
            return 0;
        }
        scheme = g_uri_get_scheme (parsed);
        https = g_ascii_strcasecmp (scheme, "https") == 0;
        if (!https && g_ascii_strcasecmp (scheme, "http") != 0) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED,
                         _("Only http and https URLs can be fetched, not “%s”."), current);
            return 0;
        }
        g_socket_client_set_tls (client, https);
        g_socket_client_set_timeout (client, 60);
        conn = g_socket_client_connect_to_uri (client, current, https ? 443 : 80, NULL, error);
        if (conn == NULL)
            return 0;
        path = g_uri_get_path (parsed);
        request = g_strdup_printf ("%s %s%s%s HTTP/1.0\r\nHost: %s\r\n"
                                   "User-Agent: vireo-install/" VIREO_VERSION "\r\n"
                                   "Connection: close\r\n\r\n",
                                   method, *path ? path : "/",
                                   g_uri_get_query (parsed) ? "?" : "",
                                   g_uri_get_query (parsed) ? g_uri_get_query (parsed) : "",
                                   g_uri_get_host (parsed));
        if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                        request, strlen (request), NULL, NULL, error))
            return 0;
        in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
        g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
        status_line = g_data_input_stream_read_line (in, &len, NULL, error);
        if (status_line == NULL || sscanf (status_line, "HTTP/%*u.%*u %u", &status) != 1) {
            if (error && *error == NULL)
                g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                             _("The server of “%s” did not answer in HTTP."), current);
            return 0;
        }
        for (;;) {
            g_autofree char *line = g_data_input_stream_read_line (in, &len, NULL, error);
            if (line == NULL || *line == '\0')
                break;
            if (g_ascii_strncasecmp (line, "Location:", 9) == 0) {
                g_free (location);
                location = g_strstrip (g_strdup (line + 9));
            }
        }
        if (status >= 300 && status < 400 && location) {
            g_autoptr(GUri) next = g_uri_parse_relative (parsed, location, G_URI_FLAGS_ENCODED,
                                                         error);
            if (next == NULL)
                return 0;
            g_free (current);
            current = g_uri_to_string (next);
            continue;
        }
        if (dest == NULL || status != 200)
            return status;
        file = g_file_new_for_path (dest);
        out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
        if (out == NULL)
            return 0;
        if (g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                                    G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0) {
            g_unlink (dest);
            return 0;
        }
        return status;
    }
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                 _("“%s” redirects too many times."), uri);
    return 0;
}

static char *
join_url (const char *base, const char *path)
{
    return g_strconcat (base, g_str_has_suffix (base, "/") ? "" : "/", path, NULL);
}

/* ---------------------------------------------------------------- ISO files */

/* TRUE when @path starts like an ISO 9660 image: the primary volume
 * descriptor's "CD001" at sector 16.  Checked before xorriso reads it. */
static gboolean
looks_like_iso (const char *path)
{
    char buf[6] = { 0 };
    FILE *f = fopen (path, "rb");
    gboolean ok;

    if (f == NULL)
        return FALSE;
    ok = fseek (f, 16 * 2048, SEEK_SET) == 0 && fread (buf, 1, 6, f) == 6 &&
         memcmp (buf + 1, "CD001", 5) == 0;
    fclose (f);
    return ok;
}

/* The regular files of an ISO image, as a set of "/a/b" paths. */
static GHashTable *
iso_list_files (const char *iso, GError **error)
{
    const char *argv[] = { "xorriso", "-indev", iso, "-find", "/", "-type", "f", NULL };
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;
    GHashTable *files;
    int status = 0;

    if (!looks_like_iso (iso)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("“%s” is neither a directory nor an ISO image."), iso);
        return NULL;
    }
    if (!g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                       &status, error))
        return NULL;
    if (!g_spawn_check_wait_status (status, NULL)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("“%s” could not be read as an ISO image."), iso);
        return NULL;
    }
    files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        char *line = g_strstrip (lines[i]);
        gsize n = strlen (line);
        /* xorriso quotes names: '/install.amd/vmlinuz' */
        if (n >= 2 && line[0] == '\'' && line[n - 1] == '\'')
            g_hash_table_add (files, g_strndup (line + 1, n - 2));
    }
    return files;
}

static char *
iso_path (const char *path)
{
    return path[0] == '/' ? g_strdup (path) : g_strconcat ("/", path, NULL);
}

/* ------------------------------------------------------------- locating */

static gboolean
location_has (VireoInstallLocation *loc, GHashTable *iso_files, const char *path)
{
    if (loc->is_iso) {
        g_autofree char *p = iso_path (path);
        return iso_files && g_hash_table_contains (iso_files, p);
    }
    if (loc->is_url) {
        g_autofree char *url = join_url (loc->location, path);
        return http_request (url, "HEAD", NULL, NULL) == 200;
    }
    {
        g_autofree char *full = g_build_filename (loc->location, path, NULL);
        return g_file_test (full, G_FILE_TEST_IS_REGULAR);
    }
}

/* ---------------------------------------------------------------- public */

void
vireo_install_location_free (VireoInstallLocation *loc)
{
    if (loc == NULL)
        return;
    g_free (loc->location);
    g_free (loc->kernel);
    g_free (loc->initrd);
    g_clear_object (&loc->os);
    g_free (loc);
}

VireoInstallLocation *
vireo_install_location_find (const char *location,
                             OsinfoOs   *os,
                             const char *arch,
                             const char *kernel,
                             const char *initrd,
                             gboolean    detect,
                             GError    **error)
{
    g_autoptr(VireoInstallLocation) loc = g_new0 (VireoInstallLocation, 1);
    g_autoptr(GHashTable) iso_files = NULL;
    g_autoptr(GPtrArray) pairs = NULL;
    g_autofree char *found_kernel = NULL;
    g_autofree char *found_initrd = NULL;
    OsinfoOs *found_os = NULL;

    g_return_val_if_fail (location != NULL, NULL);

    loc->location = g_strdup (location);
    loc->is_url = strstr (location, "://") != NULL;
    loc->is_iso = !loc->is_url && g_file_test (location, G_FILE_TEST_IS_REGULAR);
    if (!loc->is_url && access (location, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The install location “%s” does not exist or cannot be read."),
                     location);
        return NULL;
    }
    if (loc->is_iso) {
        iso_files = iso_list_files (location, error);
        if (iso_files == NULL)
            return NULL;
    }

    /* What the location says about itself: not needed when the user named
     * the kernel, the initrd and the OS (naming the OS reads the whole
     * database). */
    if (detect || kernel == NULL || initrd == NULL) {
        if (loc->is_iso ? vireo_osinfo_identify_media_boot (location, &found_os, &found_kernel,
                                                            &found_initrd)
                        : vireo_osinfo_identify_tree_boot (location, detect ? &found_os : NULL,
                                                           &found_kernel, &found_initrd)) {
            loc->os = found_os;
            if (!location_has (loc, iso_files, found_kernel) ||
                !location_has (loc, iso_files, found_initrd))
                g_clear_pointer (&found_kernel, g_free);
        }
    }
    /* Else the paths libosinfo lists for the OS (or any OS) on @arch,
     * unless the user named both. */
    if (found_kernel == NULL && (kernel == NULL || initrd == NULL)) {
        pairs = vireo_osinfo_boot_candidates (os ? os : loc->os, arch, loc->is_iso);
        for (guint i = 0; i + 1 < pairs->len && found_kernel == NULL; i += 2) {
            if (location_has (loc, iso_files, pairs->pdata[i]) &&
                location_has (loc, iso_files, pairs->pdata[i + 1])) {
                g_free (found_initrd);
                found_kernel = g_strdup (pairs->pdata[i]);
                found_initrd = g_strdup (pairs->pdata[i + 1]);
            }
        }
    }
    loc->kernel = g_strdup (kernel ? kernel : found_kernel);
    loc->initrd = g_strdup (initrd ? initrd : found_initrd);
    if (loc->kernel == NULL || loc->initrd == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("No installer kernel and initrd the OS database knows of were found in "
                       "“%s”; name them with --location %s,kernel=PATH,initrd=PATH."),
                     location, location);
        return NULL;
    }
    if ((kernel && !location_has (loc, iso_files, kernel)) ||
        (initrd && !location_has (loc, iso_files, initrd))) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("“%s” has no file “%s”."), location,
                     kernel && !location_has (loc, iso_files, kernel) ? kernel : initrd);
        return NULL;
    }
    return g_steal_pointer (&loc);
}

gboolean
vireo_install_location_fetch (VireoInstallLocation *loc,
                              const char           *path,
                              const char           *dest,
                              GError              **error)
{
    g_return_val_if_fail (loc != NULL, FALSE);

    if (loc->is_url) {
        g_autofree char *url = join_url (loc->location, path);
        guint status = http_request (url, "GET", dest, error);
        if (status == 0)
            return FALSE;
        if (status != 200) {
            g_unlink (dest);
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("“%s” could not be downloaded (HTTP status %u)."), url, status);
            return FALSE;
        }
        return TRUE;
    }
    if (loc->is_iso) {
        g_autofree char *inside = iso_path (path);
        const char *argv[] = { "xorriso", "-osirrox", "on", "-indev", loc->location,
                               "-extract", inside, dest, NULL };
        g_autofree char *err = NULL;
        int status = 0;

        if (!g_spawn_sync (NULL, (char **) argv, NULL,
                           G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                           &err, &status, error))
            return FALSE;
        if (!g_spawn_check_wait_status (status, NULL) || !g_file_test (dest,
                                                                        G_FILE_TEST_EXISTS)) {
            g_unlink (dest);
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("“%s” could not be extracted from “%s”."), inside,
                         loc->location);
            return FALSE;
        }
        /* xorriso keeps the ISO's read-only mode. */
        g_chmod (dest, 0644);
        return TRUE;
    }
    {
        g_autofree char *full = g_build_filename (loc->location, path, NULL);
        g_autoptr(GFile) src = g_file_new_for_path (full);
        g_autoptr(GFile) dst = g_file_new_for_path (dest);

        return g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
    }
}

gboolean
vireo_install_http_get (const char *uri,
                        const char *dest,
                        GError    **error)
{
    guint status;

    g_return_val_if_fail (uri != NULL && dest != NULL, FALSE);

    status = http_request (uri, "GET", dest, error);
    if (status == 0)
        return FALSE;
    if (status != 200) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("“%s” could not be downloaded (HTTP status %u)."), uri, status);
        return FALSE;
    }
    return TRUE;
}
