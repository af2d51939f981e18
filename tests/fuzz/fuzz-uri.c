/* fuzz-uri.c: fuzz target for the libvirt URI helpers and the viewer's links
 *
 * The input is one address.  It goes to vireo_uri_validate() and, when that
 * accepts it, to the helpers that read libvirt URIs (display name, local or
 * not, the embedded root); and to the viewer's spice://, spice+tls://,
 * spice+unix:// and vnc:// parser and the connection it describes.  Refusals
 * are errors of the right domain with a UTF-8 sentence; an accepted link
 * gives a connection with a protocol.  Accepted means either parser took it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vireo-console-file.h"
#include "vireo-console-uri.h"
#include "vireo-embed.h"
#include "vireo-fuzz.h"
#include "vireo-uri.h"
#include "vireo-vmm-error.h"

static void
check_error (const GError *error,
             GQuark        domain)
{
    g_assert (error != NULL);
    g_assert (error->domain == domain);
    g_assert (error->message[0] != '\0');
    g_assert (g_utf8_validate (error->message, -1, NULL));
}

static gboolean
fuzz_libvirt_uri (const char *uri)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autofree char *root = NULL;

    if (!vireo_uri_validate (uri, &error)) {
        check_error (error, VIREO_VMM_ERROR);
        return FALSE;
    }
    name = vireo_uri_dup_display_name (uri);
    g_assert (name != NULL && g_utf8_validate (name, -1, NULL));
    (void) vireo_uri_is_local (uri);
    if (vireo_embed_uri_get_root (uri, &root))
        g_assert (root != NULL);
    return TRUE;
}

static gboolean
fuzz_console_link (const char *uri)
{
    g_autoptr(GKeyFile) key_file = g_key_file_new ();
    g_autoptr(VireoConsoleFile) file = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    if (!vireo_console_uri_has_viewer_scheme (uri)) {
        g_assert_false (vireo_console_uri_to_key_file (uri, key_file, &error));
        check_error (error, VIREO_CONSOLE_ERROR);
        return FALSE;
    }
    if (!vireo_console_uri_to_key_file (uri, key_file, &error)) {
        check_error (error, VIREO_CONSOLE_ERROR);
        return FALSE;
    }
    file = vireo_console_file_new_from_uri (uri, &error);
    if (file == NULL) {
        check_error (error, VIREO_CONSOLE_ERROR);
        return FALSE;
    }
    g_assert (vireo_console_file_get_protocol (file) != VIREO_CONSOLE_PROTOCOL_NONE);
    text = vireo_console_file_describe (file);
    g_assert (text != NULL && g_utf8_validate (text, -1, NULL));
    /* A password (the "password" query parameter) never shows in the description. */
    if (vireo_console_file_get_password (file) != NULL)
        g_assert (strstr (text, "password=(hidden)\n") != NULL);
    return TRUE;
}

gboolean
vireo_fuzz_one (const uint8_t *data,
                size_t         size)
{
    g_autofree char *uri = NULL;
    gboolean libvirt, console;

    if (size > 4096 || memchr (data, '\0', size) != NULL)
        return FALSE;
    uri = g_strndup ((const char *) data, size);
    if (!g_utf8_validate (uri, -1, NULL))
        return FALSE;
    libvirt = fuzz_libvirt_uri (uri);
    console = fuzz_console_link (uri);
    return libvirt || console;
}
