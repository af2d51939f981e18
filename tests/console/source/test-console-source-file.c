/* test-console-source-file.c: the console source of .vv files and viewer addresses
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gtk/gtk.h>

#include "vireo-console-source-file.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-test-util.h"

#define TIMEOUT_MS 10000
#define GUID "1f8b5c1e-0000-4000-8000-000000000001"

static VireoConsoleSource *
source_from_data (const char *data)
{
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_console_file_load_from_data (file, data, -1, &error));
    g_assert_no_error (error);
    return vireo_console_source_file_new (file);
}

static VireoConsoleSource *
source_from_uri (const char *uri)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new_from_uri (uri, &error);

    g_assert_no_error (error);
    return vireo_console_source_file_new (file);
}

static GPtrArray *
list_consoles (VireoConsoleSource *source)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *consoles;

    vireo_console_source_list_consoles_async (source, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    consoles = vireo_console_source_list_consoles_finish (source, result, &error);
    g_assert_no_error (error);
    return consoles;
}

static VireoDisplay *
open_display (VireoConsoleSource *source,
              const char         *console,
              GError            **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_console_source_open_display_async (source, console, NULL, vireo_test_store_result_cb,
                                             &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    return vireo_console_source_open_display_finish (source, result, error);
}

/* What the source says of a file or address, without connecting. */
static const struct {
    const char *name;
    const char *data;       /* a .vv file, or NULL for @uri */
    const char *uri;
    const char *title;
    const char *key_host;
    int         key_port;
    const char *key_uri;
    const char *clipboard;
} cases[] = {
    { "vv-title", "[virt-viewer]\ntype=spice\nhost=web.example\nport=5900\ntls-port=5901\n"
      "title=web-%d (Vireo)\npassword=S3cret-Pass\n", NULL,
      "web-1 (Vireo)", "web.example", 5900, "spice://web.example:5900", "web.example:5900" },
    { "vv-tls-only", "[virt-viewer]\ntype=spice\nhost=tls.example\ntls-port=5901\n", NULL,
      "tls.example:5901", "tls.example", 5901, "spice://tls.example:5901", "tls.example:5901" },
    { "vnc-uri", NULL, "vnc://10.0.0.5:5902",
      "10.0.0.5:5902", "10.0.0.5", 5902, "vnc://10.0.0.5:5902", "10.0.0.5:5902" },
    { "vv-ovirt", "[virt-viewer]\ntype=spice\nhost=engine-host\nport=5910\n"
      "[ovirt]\nhost=engine.example\nvm-guid=" GUID "\nadmin=1\n", NULL,
      "engine-host:5910", "engine-host", 5910, "spice://engine-host:5910", GUID },
};

static void
test_describe_case (gconstpointer data)
{
    guint i = GPOINTER_TO_UINT (data);
    g_autoptr(VireoConsoleSource) source = NULL;
    g_autofree char *clipboard = NULL;
    g_autofree char *title = NULL;
    gboolean available = FALSE;
    VireoPasswordKey key;

    source = cases[i].data != NULL ? source_from_data (cases[i].data)
                                   : source_from_uri (cases[i].uri);
    g_assert_true (VIREO_IS_CONSOLE_SOURCE_FILE (source));
    g_assert_cmpstr (vireo_console_source_get_title (source), ==, cases[i].title);
    g_object_get (source, "title", &title, "available", &available, NULL);
    g_assert_cmpstr (title, ==, cases[i].title);
    g_assert_true (available);
    g_assert_true (vireo_console_source_get_available (source));

    g_assert_true (vireo_console_source_get_password_key (source, &key));
    g_assert_cmpstr (key.host, ==, cases[i].key_host);
    g_assert_cmpint (key.port, ==, cases[i].key_port);
    g_assert_cmpstr (key.uri, ==, cases[i].key_uri);
    clipboard = vireo_console_source_dup_clipboard_key (source);
    g_assert_cmpstr (clipboard, ==, cases[i].clipboard);
}

/* "About This Connection": the file's keys, secrets hidden; the oVirt part
 * only for files that have one. */
static void
test_describe (void)
{
    g_autoptr(VireoConsoleSource) plain = source_from_data (cases[0].data);
    g_autoptr(VireoConsoleSource) ovirt = source_from_data (cases[3].data);
    g_autofree char *text = vireo_console_source_describe (plain);
    g_autofree char *ovirt_text = vireo_console_source_describe (ovirt);

    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "host=web.example"));
    g_assert_nonnull (strstr (text, "port=5900"));
    g_assert_nonnull (strstr (text, "password=(hidden)"));
    g_assert_null (strstr (text, "S3cret-Pass"));
    g_assert_null (strstr (text, "oVirt"));

    g_test_message ("%s", ovirt_text);
    g_assert_nonnull (strstr (ovirt_text, "host=engine-host"));
    g_assert_nonnull (strstr (ovirt_text, "\noVirt\n"));
    g_assert_nonnull (strstr (ovirt_text, "Manager: engine.example\n"));
    g_assert_nonnull (strstr (ovirt_text, "VM ID: " GUID "\n"));
    g_assert_nonnull (strstr (ovirt_text, "Administrator: yes\n"));
}

/* One graphical console; its display is set up as the file says, not
 * connected, and belongs to the caller. */
static void
test_open_display (void)
{
    g_autoptr(VireoConsoleSource) spice_source = source_from_data (cases[0].data);
    g_autoptr(VireoConsoleSource) vnc_source = source_from_uri (cases[2].uri);
    g_autoptr(GPtrArray) consoles = list_consoles (spice_source);
    g_autoptr(VireoDisplay) spice = NULL;
    g_autoptr(VireoDisplay) vnc = NULL;
    g_autoptr(VireoDisplay) none = NULL;
    g_autoptr(GError) error = NULL;
    const VireoConsoleTarget *target;
    g_autofree char *host = NULL;
    g_autofree char *port = NULL;
    g_autofree char *tls_port = NULL;

    g_assert_cmpuint (consoles->len, ==, 1);
    target = g_ptr_array_index (consoles, 0);
    g_assert_cmpstr (target->id, ==, VIREO_CONSOLE_TARGET_GRAPHICS);
    g_assert_false (target->is_text);

    spice = open_display (spice_source, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DISPLAY_SPICE (spice));
    g_assert_false (g_object_is_floating (spice));
    g_assert_false (vireo_display_get_connected (spice));
    g_assert_null (vireo_display_get_fd_provider (spice));
    g_assert_cmpstr (vireo_display_get_title (spice), ==, "web-1 (Vireo)");
    g_object_get (vireo_display_spice_get_session (VIREO_DISPLAY_SPICE (spice)),
                  "host", &host, "port", &port, "tls-port", &tls_port, NULL);
    g_assert_cmpstr (host, ==, "web.example");
    g_assert_cmpstr (port, ==, "5900");
    g_assert_cmpstr (tls_port, ==, "5901");

    vnc = open_display (vnc_source, VIREO_CONSOLE_TARGET_GRAPHICS, &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DISPLAY_VNC (vnc));
    g_assert_cmpstr (vireo_display_get_title (vnc), ==, "10.0.0.5:5902");

    /* A file has no text consoles. */
    none = open_display (vnc_source, "serial0", &error);
    g_assert_null (none);
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "serial0"));

    gtk_widget_destroy (GTK_WIDGET (spice));
    gtk_widget_destroy (GTK_WIDGET (vnc));
}

/* An oVirt file describes a console Vireo cannot open. */
static void
test_ovirt_unsupported (void)
{
    g_autoptr(VireoConsoleSource) source =
        source_from_data ("[virt-viewer]\ntype=ovirt\n"
                          "[ovirt]\nhost=engine.example\nvm-guid=" GUID "\n");
    g_autoptr(VireoDisplay) display = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *clipboard = vireo_console_source_dup_clipboard_key (source);

    g_assert_cmpstr (clipboard, ==, GUID);
    display = open_display (source, NULL, &error);
    g_assert_null (display);
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "oVirt"));
}

int
main (int   argc,
      char *argv[])
{
    gtk_test_init (&argc, &argv, NULL);
    g_setenv ("LANGUAGE", "C", TRUE);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/console-source-file/keys/%s",
                                                 cases[i].name);

        g_test_add_data_func (path, GUINT_TO_POINTER (i), test_describe_case);
    }
    g_test_add_func ("/vireo/console-source-file/describe", test_describe);
    g_test_add_func ("/vireo/console-source-file/open-display", test_open_display);
    g_test_add_func ("/vireo/console-source-file/ovirt-unsupported", test_ovirt_unsupported);
    return g_test_run ();
}
