/* test-console-faults.c: the console page when its server goes away, and SPICE over TLS
 *
 * Plain QEMU processes (grub-rescue's ISO, vireo-test-display.h) serve VNC
 * and SPICE on loopback ports.  The server going away mid-session is a
 * SIGKILL of that QEMU: the page must say so and offer Reconnect, and once
 * QEMU runs again on the same ports Reconnect must show the screen again.
 * For TLS the test makes a CA and a server certificate with openssl; the
 * right CA and host subject connect, a wrong CA or subject is refused with a
 * sentence saying so, and no frame of the server is shown.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "vireo-console-page.h"
#include "vireo-console-window.h"
#include "vireo-test-display.h"
#include "vireo-test-page.h"
#include "vireo-vmm.h"

#define CONNECT_TIMEOUT_MS 40000
#define SERVER_SUBJECT     "O=Vireo Test,CN=vireo-test-server"

static gboolean
wait_state (VireoConsolePage  *page,
            VireoConsoleState  state,
            guint              timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (vireo_console_page_get_state (page) != state && g_get_monotonic_time () < deadline)
        vireo_test_spin (50);
    return vireo_console_page_get_state (page) == state;
}

static gboolean
action_enabled (VireoConsolePage *page,
                const char       *name)
{
    return g_action_group_get_action_enabled (vireo_console_page_get_action_group (page), name);
}

/* ------------------------------------------------------------------------ */
/* The server goes away in mid-session */

static void
test_server_gone (gconstpointer data)
{
    const char *scheme = data;
    VireoTestGuest *guest = vireo_test_guest_start (NULL);
    g_autofree char *uri = g_strdup_printf ("%s://127.0.0.1:%u", scheme,
                                            g_str_equal (scheme, "spice") ? guest->spice_port
                                                                          : guest->vnc_port);
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new_from_uri (uri, NULL);
    const char *detail;
    VireoTestPage h;

    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));

    /* QEMU dies: the page says the connection ended, and offers Reconnect. */
    vireo_test_guest_kill (guest);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_DISCONNECTED, CONNECT_TIMEOUT_MS));
    detail = vireo_console_page_get_status_detail (h.page);
    g_test_message ("after the server went away: %s / %s",
                    vireo_console_page_get_status_title (h.page), detail);
    g_assert_nonnull (detail);
    g_assert_cmpstr (detail, !=, "");
    g_assert_true (action_enabled (h.page, "reconnect"));
    g_assert_false (action_enabled (h.page, "send-key"));

    /* The server comes back on the same port: Reconnect shows the screen again. */
    vireo_test_guest_restart (guest);
    h.first_frame = FALSE;
    g_action_group_activate_action (vireo_console_page_get_action_group (h.page), "reconnect",
                                    NULL);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_true (action_enabled (h.page, "send-key"));

    vireo_test_page_clear (&h);
    vireo_test_guest_stop (guest);
}

/* ------------------------------------------------------------------------ */
/* SPICE over TLS */

typedef struct {
    char           *dir;         /* everything below */
    char           *x509_dir;    /* QEMU's: ca-cert.pem, server-cert.pem, server-key.pem */
    char           *ca_pem;      /* the CA that signed the server's certificate */
    char           *other_ca_pem;
    VireoTestGuest *guest;
} Tls;

static void
run_openssl (const char *dir,
             const char *const *args)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_ptr_array_add (argv, (gpointer) "openssl");
    for (guint i = 0; args[i]; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);
    g_assert_true (g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH |
                                 G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                                 &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("openssl %s failed: %s", args[0], err);
}

static void
make_ca (const char *dir,
         const char *name)
{
    g_autofree char *key = g_strdup_printf ("%s-key.pem", name);
    g_autofree char *cert = g_strdup_printf ("%s-cert.pem", name);
    g_autofree char *subject = g_strdup_printf ("/O=Vireo Test/CN=%s", name);
    const char *args[] = { "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                           "-keyout", key, "-out", cert, "-subj", subject, NULL };

    run_openssl (dir, args);
}

static void
tls_init (Tls *tls)
{
    g_autoptr(GError) error = NULL;
    const char *csr[] = { "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
                          "x509/server-key.pem", "-out", "server.csr", "-subj",
                          "/O=Vireo Test/CN=vireo-test-server", NULL };
    const char *sign[] = { "x509", "-req", "-in", "server.csr", "-CA", "ca-cert.pem",
                           "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2",
                           "-out", "x509/server-cert.pem", NULL };
    g_autofree char *ca_path = NULL;
    g_autofree char *other_path = NULL;
    g_autofree char *copy = NULL;

    tls->dir = g_dir_make_tmp ("vireo-tls-XXXXXX", &error);
    g_assert_no_error (error);
    tls->x509_dir = g_build_filename (tls->dir, "x509", NULL);
    g_assert_cmpint (g_mkdir (tls->x509_dir, 0700), ==, 0);
    make_ca (tls->dir, "ca");
    make_ca (tls->dir, "other-ca");
    run_openssl (tls->dir, csr);
    run_openssl (tls->dir, sign);

    ca_path = g_build_filename (tls->dir, "ca-cert.pem", NULL);
    other_path = g_build_filename (tls->dir, "other-ca-cert.pem", NULL);
    g_assert_true (g_file_get_contents (ca_path, &tls->ca_pem, NULL, NULL));
    g_assert_true (g_file_get_contents (other_path, &tls->other_ca_pem, NULL, NULL));
    copy = g_build_filename (tls->x509_dir, "ca-cert.pem", NULL);
    g_assert_true (g_file_set_contents (copy, tls->ca_pem, -1, NULL));

    tls->guest = vireo_test_guest_start_tls (tls->x509_dir);
}

static void
tls_clear (Tls *tls)
{
    vireo_test_guest_stop (tls->guest);
    vireo_test_rmtree (tls->dir);
    g_free (tls->dir);
    g_free (tls->x509_dir);
    g_free (tls->ca_pem);
    g_free (tls->other_ca_pem);
}

/* A .vv file for the TLS port with @ca_pem and @subject. */
static VireoConsoleFile *
tls_file (Tls        *tls,
          const char *ca_pem,
          const char *subject)
{
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) ca = g_string_new (ca_pem);
    g_autofree char *text = NULL;

    g_string_replace (ca, "\n", "\\n", 0);
    text = g_strdup_printf ("[virt-viewer]\ntype=spice\nhost=127.0.0.1\ntls-port=%u\n"
                            "ca=%s\nhost-subject=%s\n", tls->guest->spice_port, ca->str,
                            subject);
    g_assert_true (vireo_console_file_load_from_data (file, text, -1, &error));
    g_assert_no_error (error);
    return g_steal_pointer (&file);
}

/* Opens @file and expects a refusal that names TLS; nothing of the server shows. */
static void
assert_tls_refused (VireoConsoleFile *file)
{
    const char *detail;
    VireoTestPage h;

    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_DISCONNECTED, CONNECT_TIMEOUT_MS));
    detail = vireo_console_page_get_status_detail (h.page);
    g_test_message ("refused: %s / %s", vireo_console_page_get_status_title (h.page), detail);
    g_assert_nonnull (strstr (detail, "The secure (TLS) connection to the SPICE server failed"));
    /* No frame came, nor does one come later. */
    vireo_test_spin (500);
    g_assert_false (h.first_frame);
    g_assert_cmpint (vireo_console_page_get_state (h.page), ==, VIREO_CONSOLE_STATE_DISCONNECTED);
    g_assert_false (action_enabled (h.page, "send-key"));
    g_assert_true (action_enabled (h.page, "reconnect"));
    vireo_test_page_clear (&h);
}

static void
test_spice_tls (void)
{
    Tls tls = { 0 };

    tls_init (&tls);

    /* The right CA and subject: connected, the screen shows. */
    {
        g_autoptr(VireoConsoleFile) file = tls_file (&tls, tls.ca_pem, SERVER_SUBJECT);
        VireoTestPage h;

        vireo_test_page_init (&h);
        vireo_console_page_open_file (h.page, file);
        g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
        g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
        vireo_test_page_clear (&h);
    }
    /* A CA that did not sign the server's certificate. */
    {
        g_autoptr(VireoConsoleFile) file = tls_file (&tls, tls.other_ca_pem, SERVER_SUBJECT);

        assert_tls_refused (file);
    }
    /* The right CA, another subject. */
    {
        g_autoptr(VireoConsoleFile) file = tls_file (&tls, tls.ca_pem,
                                                     "O=Vireo Test,CN=someone-else");

        assert_tls_refused (file);
    }
    tls_clear (&tls);
}

/* Criticals of these domains are fatal, spice-gtk's ("GSpice") included. */
static const char *const critical_fatal_domains[] = {
    "GLib", "GLib-GObject", "GLib-GIO", "Gtk", "Gdk", "GVnc", "gtk-vnc", "GSpice", "Vireo-test",
    NULL
};

int
main (int    argc,
      char **argv)
{
    vireo_test_log_capture ();
    gtk_test_init (&argc, &argv, NULL);
    g_log_set_always_fatal (G_LOG_FATAL_MASK);
    vireo_test_log_set_fatal (G_LOG_LEVEL_CRITICAL, critical_fatal_domains);
    g_log_set_fatal_mask ("Vireo", G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                          G_LOG_LEVEL_WARNING);
    g_log_set_fatal_mask ("Vireo-console", G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                          G_LOG_LEVEL_WARNING);
    g_assert_true (vireo_event_loop_ensure (NULL));

    g_test_add_data_func ("/vireo/console-faults/server-gone/vnc", "vnc", test_server_gone);
    g_test_add_data_func ("/vireo/console-faults/server-gone/spice", "spice", test_server_gone);
    g_test_add_func ("/vireo/console-faults/spice-tls", test_spice_tls);
    return g_test_run ();
}
