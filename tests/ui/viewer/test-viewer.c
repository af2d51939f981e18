/* test-viewer.c: the console page and vireo-viewer against real QEMU guests
 *
 * Plain QEMU processes (grub-rescue's ISO, which stops at a "grub>" prompt)
 * serve SPICE and VNC on loopback ports, with and without a password; the
 * embedded libvirt driver serves a guest for --connect.  The console page
 * runs in this process; the vireo-viewer binary runs as a subprocess with
 * its VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME hook.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "test-viewer-private.h"
#include "vireo-console-graphics.h"
#include "vireo-console-page-domain.h"
#include "vireo-console-window.h"
#include "vireo-display-spice.h"
#include "vireo-display-vnc.h"
#include "vireo-hotkeys.h"
#include "vireo-password-dialog.h"
#include "vireo-password-store.h"
#include "vireo-ssh-tunnel.h"
#include "vireo-test-display.h"
#include "vireo-test-page.h"
#include "vireo-viewer-application.h"
#include "vireo-vmm.h"


/* ------------------------------------------------------------------------ */
/* QEMU guests on loopback ports */

static VireoTestGuest *plain_guest;
static VireoTestGuest *password_guest;
char *tmp_dir;

VireoTestGuest *
get_plain_guest (void)
{
    if (plain_guest == NULL)
        plain_guest = vireo_test_guest_start (NULL);
    return plain_guest;
}

VireoTestGuest *
get_password_guest (void)
{
    if (password_guest == NULL)
        password_guest = vireo_test_guest_start (PASSWORD);
    return password_guest;
}

/* ------------------------------------------------------------------------ */
/* Pictures and waiting */

/* Waits for grub's screen (text on it), then types "ls" and sees the
 * picture change: keys reach the guest. */
void
check_guest_screen (VireoDisplay *display,
                    const char   *tag)
{
    g_autoptr(GdkPixbuf) before = NULL;
    g_autoptr(GdkPixbuf) after = NULL;
    g_autofree char *path = NULL;
    g_autoptr(GError) error = NULL;
    gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
    guint non_black = 0;

    /* The prompt has been drawn once the picture stops changing. */
    while (g_get_monotonic_time () < deadline) {
        g_autoptr(GdkPixbuf) now = NULL;

        vireo_test_spin (1500);
        now = vireo_display_dup_pixbuf (display);
        if (now == NULL)
            continue;
        non_black = vireo_test_count_non_black (now);
        if (non_black > 500 && before != NULL && !vireo_test_pixbufs_differ (before, now))
            break;
        g_set_object (&before, now);
    }
    g_test_message ("%s: %u non-black pixels", tag, non_black);
    g_assert_nonnull (before);
    g_assert_cmpuint (non_black, >, 500);

    path = g_strdup_printf ("%s/viewer-%s.png", g_get_tmp_dir (), tag);
    g_assert_true (vireo_display_save_screenshot (display, path, &error));
    g_assert_no_error (error);

    vireo_display_type_text (display, "ls\n");
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline) {
        vireo_test_spin (300);
        g_clear_object (&after);
        after = vireo_display_dup_pixbuf (display);
        if (after != NULL && vireo_test_pixbufs_differ (before, after))
            break;
    }
    g_assert_nonnull (after);
    g_assert_true (vireo_test_pixbufs_differ (before, after));
}

/* ------------------------------------------------------------------------ */
/* The console page in this process */

gboolean
wait_state (VireoConsolePage  *page,
            VireoConsoleState  state,
            guint              timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (vireo_console_page_get_state (page) != state && g_get_monotonic_time () < deadline)
        vireo_test_spin (50);
    return vireo_console_page_get_state (page) == state;
}

static GtkWidget *
wait_password_dialog (VireoConsolePage *page,
                      GtkWidget        *not_this)
{
    gint64 deadline = g_get_monotonic_time () + CONNECT_TIMEOUT_MS * 1000;

    while (g_get_monotonic_time () < deadline) {
        GtkWidget *dialog = vireo_console_page_get_password_dialog (page);

        if (dialog != NULL && dialog != not_this)
            return dialog;
        vireo_test_spin (50);
    }
    return NULL;
}

static gboolean
action_enabled (VireoConsolePage *page,
                const char       *name)
{
    return g_action_group_get_action_enabled (vireo_console_page_get_action_group (page),
                                              name);
}

static void
test_page_uri (gconstpointer data)
{
    const char *scheme = data;
    gboolean spice = g_str_equal (scheme, "spice");
    VireoTestGuest *guest = get_plain_guest ();
    g_autofree char *uri = g_strdup_printf ("%s://127.0.0.1:%u", scheme,
                                            spice ? guest->spice_port : guest->vnc_port);
    g_autoptr(VireoConsoleFile) file = NULL;
    g_autoptr(GError) error = NULL;
    VireoTestPage h;

    file = vireo_console_file_new_from_uri (uri, &error);
    g_assert_no_error (error);
    vireo_test_page_init (&h);
    g_assert_cmpint (vireo_console_page_get_state (h.page), ==, VIREO_CONSOLE_STATE_IDLE);
    vireo_console_page_open_file (h.page, file);
    g_assert_cmpint (vireo_console_page_get_state (h.page), ==, VIREO_CONSOLE_STATE_CONNECTING);
    g_assert_false (action_enabled (h.page, "send-key"));
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (h.window)), ==,
                     vireo_console_page_get_title (h.page));
    g_assert_true (action_enabled (h.page, "send-key"));
    g_assert_true (action_enabled (h.page, "screenshot"));
    /* Clipboard sharing and USB are SPICE's. */
    g_assert_cmpint (action_enabled (h.page, "clipboard"), ==, spice);
    if (spice) {
        VireoDisplaySpice *display = VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page));
        gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

        while (!(vireo_display_spice_has_channel (display, "usbredir", FALSE) &&
                 vireo_display_spice_has_channel (display, "inputs", TRUE)) &&
               g_get_monotonic_time () < deadline)
            vireo_test_spin (100);
        g_assert_true (vireo_display_spice_has_channel (display, "usbredir", FALSE));
        g_assert_true (vireo_display_spice_has_channel (display, "inputs", TRUE));
    }
    check_guest_screen (vireo_console_page_get_display (h.page), scheme);

    /* Zoom through the actions. */
    g_action_group_activate_action (vireo_console_page_get_action_group (h.page), "zoom-in",
                                    NULL);
    g_assert_cmpuint (vireo_display_get_zoom (vireo_console_page_get_display (h.page)), >, 100);
    g_action_group_activate_action (vireo_console_page_get_action_group (h.page), "zoom-reset",
                                    NULL);
    g_assert_cmpuint (vireo_display_get_zoom (vireo_console_page_get_display (h.page)), ==, 100);

    /* A disconnect shows the reason and offers to reconnect; reconnecting
     * makes a new display that connects again. */
    vireo_console_page_disconnect (h.page);
    g_assert_cmpint (vireo_console_page_get_state (h.page), ==,
                     VIREO_CONSOLE_STATE_DISCONNECTED);
    g_assert_null (vireo_console_page_get_display (h.page));
    g_assert_true (action_enabled (h.page, "reconnect"));
    h.first_frame = FALSE;
    g_action_group_activate_action (vireo_console_page_get_action_group (h.page), "reconnect",
                                    NULL);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    vireo_test_page_clear (&h);
}

static void
test_page_refused (void)
{
    g_autofree char *uri = g_strdup_printf ("vnc://127.0.0.1:%u",
                                            vireo_test_pick_port (20000, 21000));
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new_from_uri (uri, NULL);
    VireoTestPage h;

    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_DISCONNECTED, CONNECT_TIMEOUT_MS));
    g_test_message ("status: %s / %s", vireo_console_page_get_status_title (h.page),
                    vireo_console_page_get_status_detail (h.page));
    g_assert_cmpstr (vireo_console_page_get_status_detail (h.page), !=, "");
    g_assert_true (action_enabled (h.page, "reconnect"));
    g_assert_false (action_enabled (h.page, "send-key"));
    vireo_test_page_clear (&h);
}

static void
test_page_password (gconstpointer data)
{
    const char *scheme = data;
    VireoTestGuest *guest = get_password_guest ();
    g_autofree char *uri = g_strdup_printf ("%s://127.0.0.1:%u", scheme,
                                            g_str_equal (scheme, "spice") ? guest->spice_port
                                                                          : guest->vnc_port);
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new_from_uri (uri, NULL);
    GtkWidget *first;
    GtkWidget *second;
    gsize log_start = vireo_test_log_length ();
    VireoTestPage h;

    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);

    /* No password known: the prompt appears. */
    first = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (first);
    g_test_message ("prompt: %s",
                    vireo_password_dialog_get_message (VIREO_PASSWORD_DIALOG (first)));
    vireo_password_dialog_set_password (VIREO_PASSWORD_DIALOG (first), WRONG_PASSWORD);
    gtk_dialog_response (GTK_DIALOG (first), GTK_RESPONSE_OK);

    /* A wrong one is refused and asked again, saying so. */
    second = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (second);
    g_test_message ("prompt again: %s",
                    vireo_password_dialog_get_message (VIREO_PASSWORD_DIALOG (second)));
    g_assert_nonnull (strstr (vireo_password_dialog_get_message (VIREO_PASSWORD_DIALOG (second)),
                              "did not accept"));
    g_assert_cmpint (vireo_console_page_get_state (h.page), !=, VIREO_CONSOLE_STATE_CONNECTED);
    /* Answered at once, as a remembered password is: the SPICE display
     * waits for spice-gtk to finish dropping the refused session. */
    vireo_password_dialog_set_password (VIREO_PASSWORD_DIALOG (second), PASSWORD);
    gtk_dialog_response (GTK_DIALOG (second), GTK_RESPONSE_OK);

    /* The right one connects. */
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_null (vireo_console_page_get_password_dialog (h.page));

    /* Debug logging was on all along, and said something. */
    g_assert_cmpuint (vireo_test_log_length (), >, log_start);
    g_assert_false (vireo_test_log_contains (PASSWORD));
    g_assert_false (vireo_test_log_contains (WRONG_PASSWORD));
    vireo_test_page_clear (&h);
}

static void
test_page_password_cancel (void)
{
    VireoTestGuest *guest = get_password_guest ();
    g_autofree char *uri = g_strdup_printf ("vnc://127.0.0.1:%u", guest->vnc_port);
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new_from_uri (uri, NULL);
    GtkWidget *dialog;
    VireoTestPage h;

    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    dialog = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (dialog);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_DISCONNECTED, 5000));
    g_assert_null (vireo_console_page_get_display (h.page));
    vireo_test_page_clear (&h);
}

static void
test_page_clipboard_remembered (void)
{
    VireoTestGuest *guest = get_plain_guest ();
    g_autofree char *uri = g_strdup_printf ("spice://127.0.0.1:%u", guest->spice_port);
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new_from_uri (uri, NULL);
    g_autoptr(GSettings) settings = g_settings_new ("org.vireo.Vireo");
    g_auto(GStrv) shared = NULL;
    g_autofree char *key = NULL;
    GVariant *state;
    VireoTestPage h;

    g_settings_reset (settings, "clipboard-sharing");
    vireo_test_page_init (&h);
    vireo_console_page_set_settings (h.page, settings);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    /* Off until the user turns it on. */
    state = g_action_group_get_action_state (vireo_console_page_get_action_group (h.page),
                                             "clipboard");
    g_assert_false (g_variant_get_boolean (state));
    g_variant_unref (state);
    g_assert_false (vireo_display_spice_get_clipboard_sharing (
        VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page))));
    g_action_group_change_action_state (vireo_console_page_get_action_group (h.page),
                                        "clipboard", g_variant_new_boolean (TRUE));
    g_assert_true (vireo_display_spice_get_clipboard_sharing (
        VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page))));
    key = vireo_console_page_dup_clipboard_key (h.page);
    shared = g_settings_get_strv (settings, "clipboard-sharing");
    g_assert_true (g_strv_contains ((const char * const *) shared, key));
    vireo_test_page_clear (&h);

    /* The next console of the same machine shares at once. */
    vireo_test_page_init (&h);
    vireo_console_page_set_settings (h.page, settings);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_display_spice_get_clipboard_sharing (
        VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page))));
    vireo_test_page_clear (&h);
    g_settings_reset (settings, "clipboard-sharing");
}

/* Waits until the SPICE server has (@present TRUE) or no longer has
 * (@present FALSE) a client channel of each of @types connected. */
static gboolean
wait_server_channels (VireoTestGuest     *guest,
                      const char * const *types,
                      gboolean            present,
                      guint               timeout_ms,
                      GStrv              *last)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (TRUE) {
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) now = vireo_test_guest_spice_channels (guest, &error);
        gboolean all = TRUE;

        g_assert_no_error (error);
        for (guint i = 0; types[i] != NULL; i++)
            all &= g_strv_contains ((const char * const *) now, types[i]) == present;
        if (all || g_get_monotonic_time () > deadline) {
            g_autofree char *list = g_strjoinv (" ", now);

            g_test_message ("SPICE server's channels: %s", list);
            g_strfreev (*last);
            *last = g_steal_pointer (&now);
            return all;
        }
        vireo_test_spin (200);
    }
}

/* disable-channels from a .vv file: the SPICE server sees no client for
 * the listed channels (playback, usbredir, cursor) while display and
 * inputs work; without the key the same guest gets all of them.  The
 * title's %d becomes the display number. */
static void
test_page_disable_channels (void)
{
    static const char * const optional[] = { "cursor", "playback", "usbredir", NULL };
    static const char * const needed[] = { "main", "display", "inputs", NULL };
    VireoTestGuest *guest = get_plain_guest ();
    g_autoptr(VireoConsoleFile) plain = NULL;
    g_autoptr(VireoConsoleFile) file = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *plain_text = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) server = NULL;
    g_auto(GStrv) refused = NULL;
    g_autofree char *server_list = NULL;
    VireoDisplaySpice *spice;
    VireoTestPage h;

    /* Control: all of them connect when nothing is disabled. */
    plain_text = g_strdup_printf ("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%u\n",
                                  guest->spice_port);
    plain = vireo_console_file_new ();
    g_assert_true (vireo_console_file_load_from_data (plain, plain_text, -1, &error));
    g_assert_no_error (error);
    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, plain);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    g_assert_true (wait_server_channels (guest, optional, TRUE, 20000, &server));
    g_assert_true (wait_server_channels (guest, needed, TRUE, 20000, &server));
    server_list = g_strjoinv (" ", server);
    g_test_message ("server channels, nothing disabled: %s", server_list);
    vireo_test_page_clear (&h);
    /* The server lets go of the closed console's channels. */
    g_assert_true (wait_server_channels (guest, needed, FALSE, 20000, &server));

    text = g_strdup_printf ("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%u\n"
                            "title=grub-%%d (Shift+F12 releases the cursor)\n"
                            "disable-channels=playback;usbredir;cursor\n", guest->spice_port);
    file = vireo_console_file_new ();
    g_assert_true (vireo_console_file_load_from_data (file, text, -1, &error));
    g_assert_no_error (error);
    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    g_assert_cmpstr (vireo_console_page_get_title (h.page), ==,
                     "grub-1 (Shift+F12 releases the cursor)");
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (h.window)), ==,
                     "grub-1 (Shift+F12 releases the cursor)");
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    spice = VIREO_DISPLAY_SPICE (vireo_console_page_get_display (h.page));
    g_assert_true (wait_server_channels (guest, needed, TRUE, 20000, &server));
    /* Give the disabled ones every chance to show up. */
    vireo_test_spin (3000);
    g_clear_pointer (&server, g_strfreev);
    server = vireo_test_guest_spice_channels (guest, &error);
    g_assert_no_error (error);
    g_free (server_list);
    server_list = g_strjoinv (" ", server);
    g_test_message ("server channels, playback;usbredir;cursor disabled: %s", server_list);
    for (guint i = 0; needed[i] != NULL; i++)
        g_assert_true (g_strv_contains ((const char * const *) server, needed[i]));
    for (guint i = 0; optional[i] != NULL; i++) {
        if (g_strv_contains ((const char * const *) server, optional[i]))
            g_error ("the disabled %s channel is connected: %s", optional[i], server_list);
        g_assert_false (vireo_display_spice_has_channel (spice, optional[i], FALSE));
    }
    /* The client side agrees: display and inputs open, the others were
     * offered and left alone. */
    g_assert_true (vireo_display_spice_has_channel (spice, "display", TRUE));
    g_assert_true (vireo_display_spice_has_channel (spice, "inputs", TRUE));
    refused = vireo_display_spice_list_refused_channels (spice);
    g_assert_true (g_strv_contains ((const char * const *) refused, "cursor"));
    g_assert_true (g_strv_contains ((const char * const *) refused, "playback"));
    /* (spice-gtk makes no usbredir channel at all once redirection is off.) */
    /* Keys still reach the guest. */
    check_guest_screen (VIREO_DISPLAY (spice), "disable-channels");
    vireo_test_page_clear (&h);
}

/* ------------------------------------------------------------------------ */
/* Remembered passwords (libsecret, gnome-keyring's secret service) */

static VireoTestKeyring *test_keyring;

static gboolean
wait_connected_without_prompt (VireoConsolePage *page,
                               VireoTestPage    *h)
{
    gint64 deadline = g_get_monotonic_time () + CONNECT_TIMEOUT_MS * 1000;

    while (g_get_monotonic_time () < deadline) {
        if (vireo_console_page_get_password_dialog (page) != NULL)
            g_error ("the password was asked although it was remembered");
        if (vireo_console_page_get_state (page) == VIREO_CONSOLE_STATE_CONNECTED &&
            h->first_frame)
            return TRUE;
        vireo_test_spin (20);
    }
    return FALSE;
}

static char *
lookup_password (const VireoPasswordKey *key)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    char *password;

    vireo_password_store_lookup_async (key, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 20000));
    password = vireo_password_store_lookup_finish (result, &error);
    g_assert_no_error (error);
    return password;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
    g_autofree char *data = NULL;
    gsize len = 0;

    gsize n = strlen (needle);

    if (!g_file_get_contents (path, &data, &len, NULL))
        return FALSE;
    for (gsize i = 0; i + n <= len; i++) {
        if (memcmp (data + i, needle, n) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
test_page_password_remembered (gconstpointer data)
{
    const char *scheme = data;
    gboolean spice = g_str_equal (scheme, "spice");
    VireoTestGuest *guest = get_password_guest ();
    guint port = spice ? guest->spice_port : guest->vnc_port;
    g_autofree char *uri = g_strdup_printf ("%s://127.0.0.1:%u", scheme, port);
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new_from_uri (uri, NULL);
    g_autofree char *key_uri = g_strdup_printf ("%s://127.0.0.1:%u", scheme, port);
    VireoPasswordKey key = { "127.0.0.1", (int) port, key_uri };
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) cleared = NULL;
    g_autofree char *found = NULL;
    g_autofree char *keyring_cmdline = NULL;
    VireoTestKeyring *keyring;
    GtkWidget *dialog;
    gint64 deadline;
    VireoTestPage h;

    /* One secret service for the process: libsecret keeps its session with
     * the first one it talked to. */
    if (test_keyring == NULL) {
        test_keyring = vireo_test_keyring_start (&error);
        g_assert_no_error (error);
    }
    keyring = test_keyring;
    g_assert_null (lookup_password (&key));

    /* 1. Nothing remembered: asked; the user ticks "remember". */
    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    dialog = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (dialog);
    vireo_password_dialog_set_password (VIREO_PASSWORD_DIALOG (dialog), PASSWORD);
    vireo_password_dialog_set_remember (VIREO_PASSWORD_DIALOG (dialog), TRUE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_CONNECTED, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_test_wait_for (&h.first_frame, CONNECT_TIMEOUT_MS));
    /* Stored once connected (the secret service answers asynchronously). */
    deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (found == NULL && g_get_monotonic_time () < deadline) {
        vireo_test_spin (100);
        found = lookup_password (&key);
    }
    g_assert_cmpstr (found, ==, PASSWORD);
    vireo_test_page_clear (&h);

    /* 2. The next console of the same server connects without asking. */
    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    g_assert_true (wait_connected_without_prompt (h.page, &h));
    vireo_test_page_clear (&h);

    /* 3. Forgotten: asked again. */
    vireo_password_store_clear_async (&key, NULL, vireo_test_store_result_cb, &cleared);
    g_assert_nonnull (vireo_test_wait_result (&cleared, 20000));
    g_assert_true (vireo_password_store_clear_finish (cleared, &error));
    g_assert_no_error (error);
    g_clear_pointer (&found, g_free);
    g_assert_null (found = lookup_password (&key));
    vireo_test_page_init (&h);
    vireo_console_page_open_file (h.page, file);
    dialog = wait_password_dialog (h.page, NULL);
    g_assert_nonnull (dialog);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_true (wait_state (h.page, VIREO_CONSOLE_STATE_DISCONNECTED, 5000));
    vireo_test_page_clear (&h);

    /* The password was in no log message, on no command line, and the
     * keyring file on disk holds it encrypted only. */
    g_assert_false (vireo_test_log_contains (PASSWORD));
    {
        g_autofree char *path = g_strdup_printf ("/proc/%s/cmdline",
                                                 g_subprocess_get_identifier (keyring->process));
        g_autofree char *keyring_file = g_build_filename (keyring->keyring_dir, "login.keyring",
                                                          NULL);

        g_assert_true (g_file_test (keyring_file, G_FILE_TEST_IS_REGULAR));
        g_assert_false (file_contains (keyring_file, PASSWORD));
        g_assert_false (file_contains (path, PASSWORD));
        g_assert_false (file_contains ("/proc/self/cmdline", PASSWORD));
    }
}

static void
test_page_fullscreen_overlay (void)
{
    VireoTestPage h;

    vireo_test_page_init (&h);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    g_action_group_change_action_state (vireo_console_page_get_action_group (h.page),
                                        "fullscreen", g_variant_new_boolean (TRUE));
    g_assert_true (vireo_console_page_get_fullscreen (h.page));
    /* Shown on entering, then hidden until the pointer touches the top. */
    g_assert_true (vireo_console_page_get_overlay_revealed (h.page));
    vireo_test_spin (3500);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    vireo_console_page_reveal_overlay (h.page);
    g_assert_true (vireo_console_page_get_overlay_revealed (h.page));
    vireo_console_page_set_fullscreen (h.page, FALSE);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    /* Kiosk: no toolbar at all, and fullscreen stays. */
    vireo_console_window_set_kiosk (h.window, TRUE);
    g_assert_true (vireo_console_page_get_fullscreen (h.page));
    vireo_console_page_reveal_overlay (h.page);
    g_assert_false (vireo_console_page_get_overlay_revealed (h.page));
    vireo_console_page_set_fullscreen (h.page, FALSE);
    g_assert_true (vireo_console_page_get_fullscreen (h.page));
    vireo_test_page_clear (&h);
}

/* ------------------------------------------------------------------------ */
/* Hotkeys, graphics XML and the ssh tunnel (no guest) */

/* The test log lets spice-gtk's report of a link cut during its
 * handshake through, and keeps every other spice-gtk critical fatal. */
static void
test_spice_link_filter (void)
{
    if (g_test_subprocess ()) {
        const char *which = g_getenv ("VIREO_TEST_LINK_FILTER");

        g_log ("GSpice", G_LOG_LEVEL_WARNING, "incomplete link header (0/16)");
        g_log ("GSpice", G_LOG_LEVEL_CRITICAL,
               "usbredir-9:0: spice_channel_recv_link_msg: incomplete link reply (0/186)");
        if (g_strcmp0 (which, "other") == 0)
            g_log ("GSpice", G_LOG_LEVEL_CRITICAL, "spice_channel_get_state: assertion failed");
        g_print ("survived\n");
        return;
    }
    g_setenv ("VIREO_TEST_LINK_FILTER", "cut", TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
    g_test_trap_assert_stdout ("*survived*");
    g_setenv ("VIREO_TEST_LINK_FILTER", "other", TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed ();
    g_test_trap_assert_stdout_unmatched ("*survived*");
    g_test_trap_assert_stderr ("*spice_channel_get_state: assertion failed*");
    g_unsetenv ("VIREO_TEST_LINK_FILTER");
}

static void
test_hotkeys (void)
{
    static const struct {
        const char *hotkey;
        const char *accel;
    } cases[] = {
        { "shift+f11",       "<Shift>F11" },
        { "ctrl+alt+end",    "<Control><Alt>End" },
        { "ctrl+alt",        "<Control><Alt>" },
        { "Ctrl+Shift+Delete", "<Control><Shift>Delete" },
        { "",                NULL },
        { "ctrl+",           NULL },
        { "ctrl+nosuchkey",  NULL },
    };
    g_autoptr(VireoConsolePage) page = g_object_ref_sink (vireo_console_page_new ());
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *accel = vireo_console_page_hotkey_to_accel (cases[i].hotkey);

        g_test_message ("%s -> %s", cases[i].hotkey, accel);
        g_assert_cmpstr (accel, ==, cases[i].accel);
    }
    /* The .vv hotkey syntax's accelerators round-trip through GTK's parser (which
     * needs the display's keymap, so this is here and not in test-hotkeys). */
    {
        g_autoptr(GPtrArray) hotkeys = vireo_hotkeys_parse ("toggle-fullscreen=shift+f11,"
                                                            "secure-attention=ctrl+alt+end,"
                                                            "zoom-in=ctrl+plus,"
                                                            "usb-device-reset=ctrl+shift+r,"
                                                            "release-cursor=super+f", &error);

        g_assert_no_error (error);
        g_assert_cmpuint (hotkeys->len, ==, 5);
        for (guint i = 0; i < hotkeys->len; i++) {
            VireoHotkey *hotkey = g_ptr_array_index (hotkeys, i);
            GdkModifierType mods = 0;
            guint keyval = 0;

            gtk_accelerator_parse (hotkey->accel, &keyval, &mods);
            g_assert_cmpuint (keyval, !=, 0);
            g_assert_cmpuint (keyval, ==, hotkey->keyval);
            g_assert_cmpuint (mods, ==, hotkey->mods);
        }
    }
    /* Defaults. */
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.fullscreen"), ==, "F11");
    g_assert_true (vireo_console_page_set_hotkeys (page, "toggle-fullscreen=shift+f11,"
                                                   "release-cursor=shift+f12,"
                                                   "secure-attention=ctrl+alt+end", &error));
    g_assert_no_error (error);
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.fullscreen"), ==,
                     "<Shift>F11");
    g_assert_cmpstr (vireo_console_page_get_accel (page, "release-cursor"), ==, "<Shift>F12");
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.send-key::ctrl-alt-del"), ==,
                     "<Control><Alt>End");
    /* Given hotkeys replace the defaults. */
    g_assert_null (vireo_console_page_get_accel (page, "console.zoom-in"));

    g_assert_false (vireo_console_page_set_hotkeys (page, "no-such-action=f1", &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_clear_error (&error);
    g_assert_false (vireo_console_page_set_hotkeys (page, "zoom-in", &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_clear_error (&error);
    g_assert_false (vireo_console_page_set_hotkeys (page, "zoom-in=ctrl+bogus", &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    /* A failed call keeps what was set. */
    g_assert_cmpstr (vireo_console_page_get_accel (page, "console.fullscreen"), ==,
                     "<Shift>F11");
}

static void
test_graphics_xml (void)
{
    static const char xml[] =
        "<domain type='kvm'><name>g</name><devices>"
        "<graphics type='sdl'/>"
        "<graphics type='vnc' port='5901' autoport='no' listen='0.0.0.0'>"
        "  <listen type='address' address='0.0.0.0'/></graphics>"
        "<graphics type='spice' port='5902' tlsPort='5903' autoport='yes'>"
        "  <listen type='address' address='192.0.2.7'/></graphics>"
        "<graphics type='spice' port='-1'><listen type='socket' socket='/run/s.sock'/></graphics>"
        "</devices></domain>";
    g_autoptr(GPtrArray) infos = NULL;
    g_autoptr(GError) error = NULL;
    const VireoGraphicsInfo *info;
    g_autofree char *host = NULL;
    g_autofree char *wildcard_host = NULL;

    infos = vireo_graphics_info_parse (xml, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (infos->len, ==, 3);
    info = g_ptr_array_index (infos, 0);
    g_assert_cmpint (info->type, ==, VIREO_GRAPHICS_VNC);
    g_assert_cmpuint (info->index, ==, 1);
    g_assert_cmpint (info->port, ==, 5901);
    g_assert_cmpint (info->tls_port, ==, -1);
    wildcard_host = vireo_graphics_info_dup_host (info, "host.example");
    g_assert_cmpstr (wildcard_host, ==, "host.example");

    info = vireo_graphics_info_pick (infos);
    g_assert_cmpint (info->type, ==, VIREO_GRAPHICS_SPICE);
    g_assert_cmpuint (info->index, ==, 2);
    g_assert_cmpint (info->port, ==, 5902);
    g_assert_cmpint (info->tls_port, ==, 5903);
    host = vireo_graphics_info_dup_host (info, "host.example");
    g_assert_cmpstr (host, ==, "192.0.2.7");

    info = g_ptr_array_index (infos, 2);
    g_assert_cmpint (info->port, ==, -1);
    g_assert_cmpstr (info->socket, ==, "/run/s.sock");

    g_clear_pointer (&infos, g_ptr_array_unref);
    infos = vireo_graphics_info_parse ("<domain><devices/></domain>", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (infos->len, ==, 0);
    g_assert_null (vireo_graphics_info_pick (infos));
    g_clear_pointer (&infos, g_ptr_array_unref);
    g_assert_null (vireo_graphics_info_parse ("<not-xml", &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
}

static void
test_ssh_tunnel_argv (void)
{
    g_autoptr(VireoSshTunnel) tunnel = NULL;
    g_auto(GStrv) argv = NULL;
    g_autofree char *joined = NULL;

    g_setenv ("VIREO_SSH", "/opt/ssh-wrapper", TRUE);
    tunnel = vireo_ssh_tunnel_new ("alice", "remote.example", 2222, "127.0.0.1", 5901);
    argv = vireo_ssh_tunnel_build_argv (tunnel);
    g_assert_cmpstr (argv[0], ==, "/opt/ssh-wrapper");
    joined = g_strjoinv (" ", argv + 1);
    g_assert_cmpstr (joined, ==, "-p 2222 -l alice -W 127.0.0.1:5901 -- remote.example");
    g_clear_pointer (&argv, g_strfreev);
    g_clear_object (&tunnel);
    g_unsetenv ("VIREO_SSH");

    /* An IPv6 target in brackets; no port or user: ssh's defaults. */
    tunnel = vireo_ssh_tunnel_new (NULL, "host6.example", 0, "::1", 5902);
    argv = vireo_ssh_tunnel_build_argv (tunnel);
    g_free (joined);
    joined = g_strjoinv (" ", argv);
    g_assert_cmpstr (joined, ==, "ssh -W [::1]:5902 -- host6.example");
}

typedef struct {
    gboolean first_frame;
} FrameWait;

static void
tunnel_first_frame_cb (VireoDisplay *display,
                       FrameWait    *wait)
{
    wait->first_frame = TRUE;
}

static gboolean
wait_file_text (const char *path,
                const char *needle,
                guint       timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (TRUE) {
        g_autofree char *text = NULL;

        if (g_file_get_contents (path, &text, NULL, NULL) && strstr (text, needle) != NULL)
            return TRUE;
        if (g_get_monotonic_time () > deadline)
            return FALSE;
        vireo_test_spin (50);
    }
}

/* A console through a tunnel of a private sshd: the first frame arrives. */
static void
open_through_tunnel (VireoTestSshd *sshd,
                     gboolean       spice,
                     guint          target_port)
{
    g_autoptr(VireoSshTunnel) tunnel = NULL;
    g_autoptr(VireoDisplay) display = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autofree char *args = NULL;
    g_autofree char *expected = g_strdup_printf ("-W 127.0.0.1:%u -- 127.0.0.1", target_port);
    FrameWait wait = { FALSE };
    GtkWidget *window;
    gint64 deadline;

    tunnel = vireo_ssh_tunnel_new (g_get_user_name (), "127.0.0.1", (int) sshd->port,
                                   "127.0.0.1", target_port);
    g_assert_true (vireo_ssh_tunnel_start (tunnel, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vireo_ssh_tunnel_get_local_port (tunnel), >, 0);

    display = g_object_ref_sink (spice ? vireo_display_spice_new () : vireo_display_vnc_new ());
    if (spice)
        vireo_display_spice_set_host (VIREO_DISPLAY_SPICE (display), "127.0.0.1",
                                      vireo_ssh_tunnel_get_local_port (tunnel), 0);
    else
        vireo_display_vnc_set_host (VIREO_DISPLAY_VNC (display), "127.0.0.1",
                                    vireo_ssh_tunnel_get_local_port (tunnel));
    g_signal_connect (display, "first-frame", G_CALLBACK (tunnel_first_frame_cb), &wait);
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
    gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (display));
    gtk_widget_show_all (window);
    vireo_display_open_async (display, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, CONNECT_TIMEOUT_MS));
    g_assert_true (vireo_display_open_finish (display, result, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_test_wait_for (&wait.first_frame, CONNECT_TIMEOUT_MS));
    deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while ((pixbuf = vireo_display_dup_pixbuf (display)) == NULL &&
           g_get_monotonic_time () < deadline)
        vireo_test_spin (100);
    g_assert_nonnull (pixbuf);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >, 0);
    if (spice) {
        VireoDisplaySpice *sp = VIREO_DISPLAY_SPICE (display);

        deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
        /* Every channel is one more ssh through the same tunnel. */
        while (!vireo_display_spice_has_channel (sp, "inputs", TRUE) &&
               g_get_monotonic_time () < deadline)
            vireo_test_spin (100);
        g_assert_true (vireo_display_spice_has_channel (sp, "display", TRUE));
        g_assert_true (vireo_display_spice_has_channel (sp, "inputs", TRUE));
    }

    /* The bytes went through ssh and that sshd. */
    g_assert_true (g_file_get_contents (sshd->ssh_args_log, &args, NULL, NULL));
    g_assert_nonnull (strstr (args, expected));
    g_assert_true (wait_file_text (sshd->log_path, "Accepted publickey", 5000));

    g_signal_handlers_disconnect_by_data (display, &wait);
    vireo_display_close (display);
    vireo_test_spin (200);
    gtk_widget_destroy (window);
    vireo_ssh_tunnel_stop (tunnel);
}

static void
test_ssh_tunnel_sshd (void)
{
    VireoTestGuest *guest = get_plain_guest ();
    g_autoptr(GError) error = NULL;
    VireoTestSshd *sshd;

    sshd = vireo_test_sshd_start (&error);
    g_assert_no_error (error);
    g_setenv ("VIREO_SSH", sshd->ssh_wrapper, TRUE);
    open_through_tunnel (sshd, FALSE, guest->vnc_port);
    open_through_tunnel (sshd, TRUE, guest->spice_port);
    g_unsetenv ("VIREO_SSH");
    vireo_test_sshd_stop (sshd);
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
    g_autofree char *root = NULL;
    VireoTestBus *bus = NULL;
    int status;

    vireo_test_log_capture ();
    /* A bus of this test's own (children of g_test_trap_subprocess() share
     * it): no secret service runs on it unless a test starts one. */
    if (g_getenv ("VIREO_TEST_PRIVATE_BUS") == NULL) {
        g_autoptr(GError) error = NULL;

        bus = vireo_test_bus_start (&error);
        if (bus == NULL)
            g_error ("No private session bus: %s", error->message);
        g_setenv ("VIREO_TEST_PRIVATE_BUS", "1", TRUE);
    }
    gtk_test_init (&argc, &argv, NULL);
    /* Vireo's warnings are fatal; spice-gtk's warnings are not, its
     * criticals are, except the one it gives when a channel's socket
     * closes during its link handshake (a console closed while its USB
     * channels still connect). */
    g_log_set_always_fatal (G_LOG_FATAL_MASK);
    vireo_test_log_set_fatal (G_LOG_LEVEL_CRITICAL, critical_fatal_domains);
    g_log_set_fatal_mask ("Vireo", G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                          G_LOG_LEVEL_WARNING);
    g_log_set_fatal_mask ("Vireo-console", G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
                          G_LOG_LEVEL_WARNING);
    g_assert_true (vireo_event_loop_ensure (NULL));

    /* Children made by g_test_trap_subprocess() use the parent's root. */
    if (g_getenv ("VIREO_TEST_EMBED_ROOT") == NULL) {
        root = g_dir_make_tmp ("vview-XXXXXX", NULL);
        g_assert_nonnull (root);
        g_setenv ("VIREO_TEST_EMBED_ROOT", root, TRUE);
    }
    tmp_dir = g_dir_make_tmp ("vireo-viewer-XXXXXX", NULL);

    g_test_add_func ("/vireo/viewer/spice-link-filter", test_spice_link_filter);
    g_test_add_func ("/vireo/viewer/hotkeys", test_hotkeys);
    g_test_add_func ("/vireo/viewer/graphics-xml", test_graphics_xml);
    g_test_add_func ("/vireo/viewer/page/fullscreen-overlay", test_page_fullscreen_overlay);
    g_test_add_func ("/vireo/viewer/page/refused", test_page_refused);
    g_test_add_data_func ("/vireo/viewer/page/vnc", "vnc", test_page_uri);
    g_test_add_data_func ("/vireo/viewer/page/spice", "spice", test_page_uri);
    g_test_add_data_func ("/vireo/viewer/page/vnc-password", "vnc", test_page_password);
    g_test_add_data_func ("/vireo/viewer/page/spice-password", "spice", test_page_password);
    g_test_add_func ("/vireo/viewer/page/password-cancel", test_page_password_cancel);
    g_test_add_func ("/vireo/viewer/page/clipboard-remembered", test_page_clipboard_remembered);
    g_test_add_func ("/vireo/viewer/page/disable-channels", test_page_disable_channels);
    g_test_add_data_func ("/vireo/viewer/page/vnc-password-remembered", "vnc",
                          test_page_password_remembered);
    g_test_add_data_func ("/vireo/viewer/page/spice-password-remembered", "spice",
                          test_page_password_remembered);
    g_test_add_func ("/vireo/viewer/ssh-tunnel/argv", test_ssh_tunnel_argv);
    g_test_add_func ("/vireo/viewer/ssh-tunnel/sshd", test_ssh_tunnel_sshd);
    test_viewer_add_binary_tests ();

    status = g_test_run ();
    vireo_test_guest_stop (plain_guest);
    vireo_test_guest_stop (password_guest);
    if (root != NULL)
        vireo_test_rmtree (root);
    vireo_test_rmtree (tmp_dir);
    vireo_test_keyring_stop (test_keyring);
    vireo_test_bus_stop (bus);
    return status;
}
