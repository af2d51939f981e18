/* test-console-source-domain.c: the console source of a libvirt domain, on test:///default
 *
 * The test driver runs no guest: what is checked is what the source reads
 * from the domain's XML and its state, and the displays it makes (not
 * connected).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gtk/gtk.h>

#include "vireo-console-source-domain.h"
#include "vireo-display-serial.h"
#include "vireo-display-spice.h"
#include "vireo-domain-fd-provider.h"
#include "vireo-test-util.h"
#include "vireo-vmm.h"

#define TIMEOUT_MS 10000
#define NAME "vireo-source"

/* VNC first, then SPICE (graphics index 1), which the source prefers; a
 * serial port on a pty, one in a file (libvirt cannot stream it), and a
 * virtio console. */
static const char domain_xml[] =
    "<domain type='test'>"
    "  <name>" NAME "</name>"
    "  <memory unit='MiB'>128</memory>"
    "  <os><type arch='x86_64'>hvm</type></os>"
    "  <devices>"
    "    <graphics type='vnc' port='5907' listen='127.0.0.1'/>"
    "    <graphics type='spice' port='5908' tlsPort='5909' listen='0.0.0.0'/>"
    "    <serial type='pty'><target port='0'/><alias name='ua-serial0'/></serial>"
    "    <serial type='file'><source path='/tmp/vireo-source-serial1.log'/>"
    "      <target port='1'/><alias name='ua-serial1'/></serial>"
    "    <console type='pty'><target type='virtio' port='1'/><alias name='ua-console1'/>"
    "    </console>"
    "  </devices>"
    "</domain>";

static struct {
    VireoConnection *conn;
    VireoDomain     *domain;
} fx;

static void
spin (guint ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
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

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
    (*count)++;
}

/* ------------------------------------------------------------------------ */
/* Cases */

static void
test_setup (void)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_event_loop_ensure (&error));
    g_assert_no_error (error);
    fx.conn = vireo_connection_new ("test:///default");
    g_assert_true (vireo_connection_open (fx.conn, NULL, &error));
    g_assert_no_error (error);
    fx.domain = vireo_connection_define_xml (fx.conn, domain_xml, &error);
    g_assert_no_error (error);
    g_assert_nonnull (fx.domain);
    g_object_ref (fx.domain);
    g_assert_true (vireo_domain_start (fx.domain, NULL, &error));
    g_assert_no_error (error);
}

static void
test_describe (void)
{
    g_autoptr(VireoConsoleSource) source = vireo_console_source_domain_new (fx.domain);
    g_autoptr(VireoDomain) domain = NULL;
    g_autofree char *title = NULL;
    g_autofree char *clipboard = NULL;
    g_autofree char *text = NULL;
    g_autofree char *expected = NULL;
    VireoPasswordKey key;

    g_assert_true (VIREO_IS_CONSOLE_SOURCE_DOMAIN (source));
    g_assert_true (vireo_console_source_domain_get_domain (VIREO_CONSOLE_SOURCE_DOMAIN (source))
                   == fx.domain);
    g_assert_cmpstr (vireo_console_source_get_title (source), ==, NAME);
    g_object_get (source, "title", &title, "domain", &domain, NULL);
    g_assert_cmpstr (title, ==, NAME);
    g_assert_true (domain == fx.domain);
    g_assert_true (vireo_console_source_get_available (source));

    clipboard = vireo_console_source_dup_clipboard_key (source);
    g_assert_cmpstr (clipboard, ==, vireo_domain_get_uuid (fx.domain));
    /* Nothing opened yet, and a local console asks for no password. */
    g_assert_false (vireo_console_source_get_password_key (source, &key));

    text = vireo_console_source_describe (source);
    g_test_message ("%s", text);
    expected = g_strdup_printf ("Virtual machine: " NAME "\nUUID: %s\n",
                                vireo_domain_get_uuid (fx.domain));
    g_assert_true (g_str_has_prefix (text, expected));
    g_assert_nonnull (strstr (text, "(test:///default)"));
}

/* The Consoles menu: the graphical console, then the text consoles libvirt
 * can stream, in the domain's order (the file-backed port is left out; the
 * virtio console is number 1: libvirt gives it port 0 when it starts). */
static void
test_list_consoles (void)
{
    g_autoptr(VireoConsoleSource) source = vireo_console_source_domain_new (fx.domain);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) consoles = NULL;
    g_autoptr(GString) seen = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    vireo_console_source_list_consoles_async (source, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    consoles = vireo_console_source_list_consoles_finish (source, result, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < consoles->len; i++) {
        const VireoConsoleTarget *target = g_ptr_array_index (consoles, i);

        g_string_append_printf (seen, "%s=%s%s;", target->id, target->label,
                                target->is_text ? " (text)" : "");
    }
    g_assert_cmpstr (seen->str, ==,
                     "graphics=_Graphical Console;ua-serial0=Serial 1 (text);"
                     "ua-console1=Text Console 1 (text);");
}

/* The graphical console of a local domain connects through libvirt's
 * sockets (the SPICE device is graphics number 1); text consoles are
 * serial displays; what the domain lacks is an error naming it. */
static void
test_open_display (void)
{
    g_autoptr(VireoConsoleSource) source = vireo_console_source_domain_new (fx.domain);
    g_autoptr(VireoDisplay) graphics = NULL;
    g_autoptr(VireoDisplay) serial = NULL;
    g_autoptr(VireoDisplay) file_serial = NULL;
    g_autoptr(VireoDisplay) missing = NULL;
    g_autoptr(GError) error = NULL;
    VireoDisplayFdProvider *provider;

    graphics = open_display (source, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DISPLAY_SPICE (graphics));
    g_assert_false (g_object_is_floating (graphics));
    g_assert_cmpstr (vireo_display_get_title (graphics), ==, NAME);
    provider = vireo_display_get_fd_provider (graphics);
    g_assert_true (VIREO_IS_DOMAIN_FD_PROVIDER (provider));
    g_assert_true (vireo_domain_fd_provider_get_domain (VIREO_DOMAIN_FD_PROVIDER (provider)) ==
                   fx.domain);
    g_assert_cmpuint (vireo_domain_fd_provider_get_graphics_index (
                          VIREO_DOMAIN_FD_PROVIDER (provider)), ==, 1);

    serial = open_display (source, "ua-serial0", &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DISPLAY_SERIAL (serial));
    g_assert_cmpstr (vireo_display_serial_get_device (VIREO_DISPLAY_SERIAL (serial)), ==,
                     "ua-serial0");
    g_assert_true (vireo_display_serial_get_domain (VIREO_DISPLAY_SERIAL (serial)) == fx.domain);

    file_serial = open_display (source, "ua-serial1", &error);
    g_assert_null (file_serial);
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "ua-serial1"));
    g_clear_error (&error);

    missing = open_display (source, "serial7", &error);
    g_assert_null (missing);
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, NAME));

    gtk_widget_destroy (GTK_WIDGET (graphics));
    gtk_widget_destroy (GTK_WIDGET (serial));
}

/* "available" follows the domain: notified once when it stops and once
 * when it starts again. */
static void
test_availability (void)
{
    g_autoptr(VireoConsoleSource) source = vireo_console_source_domain_new (fx.domain);
    g_autoptr(GError) error = NULL;
    gboolean available = TRUE;
    guint n_notify = 0;

    g_signal_connect (source, "notify::available", G_CALLBACK (count_notify_cb), &n_notify);
    g_assert_true (vireo_console_source_get_available (source));

    g_assert_true (vireo_domain_force_off (fx.domain, NULL, &error));
    g_assert_no_error (error);
    for (gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;
         n_notify == 0 && g_get_monotonic_time () < end;)
        spin (5);
    /* The lifecycle event that follows changes nothing more. */
    spin (200);
    g_assert_cmpuint (n_notify, ==, 1);
    g_assert_false (vireo_console_source_get_available (source));
    g_object_get (source, "available", &available, NULL);
    g_assert_false (available);

    g_assert_true (vireo_domain_start (fx.domain, NULL, &error));
    g_assert_no_error (error);
    for (gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;
         n_notify == 1 && g_get_monotonic_time () < end;)
        spin (5);
    spin (200);
    g_assert_cmpuint (n_notify, ==, 2);
    g_assert_true (vireo_console_source_get_available (source));
    g_signal_handlers_disconnect_by_data (source, &n_notify);
}

static void
test_cleanup (void)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_domain_delete (fx.domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL,
                                        &error));
    g_assert_no_error (error);
    g_clear_object (&fx.domain);
    vireo_connection_close (fx.conn);
    g_clear_object (&fx.conn);
}

int
main (int   argc,
      char *argv[])
{
    gtk_test_init (&argc, &argv, NULL);
    g_setenv ("LANGUAGE", "C", TRUE);

    /* In order: the cases share the domain the first one defines. */
    g_test_add_func ("/vireo/console-source-domain/setup", test_setup);
    g_test_add_func ("/vireo/console-source-domain/describe", test_describe);
    g_test_add_func ("/vireo/console-source-domain/list-consoles", test_list_consoles);
    g_test_add_func ("/vireo/console-source-domain/open-display", test_open_display);
    g_test_add_func ("/vireo/console-source-domain/availability", test_availability);
    g_test_add_func ("/vireo/console-source-domain/cleanup", test_cleanup);
    return g_test_run ();
}
