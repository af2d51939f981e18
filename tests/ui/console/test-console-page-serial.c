/* test-console-page-serial.c: text consoles in the console page and vireo-viewer
 *
 * Two busybox guests on one embedded root: "vq-text" has no graphics and
 * its serial console (a pty) runs a shell; "vq-gfx" has VNC and a second
 * serial port on a pty.  A child process defines and starts them, so that
 * vireo-viewer can open the root first; then this process opens it and
 * drives the page.  Run under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gtk/gtk.h>

#include "vireo-console-page-private.h"
#include "vireo-console-page-domain.h"
#include "vireo-console-window.h"
#include "vireo-display-serial.h"
#include "vireo-display-vnc.h"
#include "vireo-test-qemu.h"
#include "vireo-test-page.h"

#define CONNECT_TIMEOUT_MS 60000
#define PROMPT_TIMEOUT_MS  180000
#define REPLY_TIMEOUT_MS   30000
#define VIEWER_TIMEOUT_MS  120000

#define TEXT_GUEST "vq-text"
#define GFX_GUEST  "vq-gfx"

typedef struct {
    char            *root;
    VireoConnection *conn;
} Fixture;

static Fixture fx;

/* ------------------------------------------------------------------------ */
/* Helpers */

static void
assert_connected (VireoTestPage *h)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) CONNECT_TIMEOUT_MS * 1000;

    while (vireo_console_page_get_state (h->page) != VIREO_CONSOLE_STATE_CONNECTED &&
           g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (50);
    if (vireo_console_page_get_state (h->page) != VIREO_CONSOLE_STATE_CONNECTED) {
        g_autofree char *msg = g_strdup_printf ("the page did not connect: “%s” “%s”",
                                                vireo_console_page_get_status_title (h->page),
                                                vireo_console_page_get_status_detail (h->page));

        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }
    /* Drawn, too: a display is not dropped while it waits for its first
     * frame (gtk-vnc's widget and the display base both watch its draw). */
    g_assert_true (vireo_test_wait_for (&h->first_frame, CONNECT_TIMEOUT_MS));
    h->first_frame = FALSE;
}

static gboolean
screen_shows (VireoDisplay *display,
              const char   *needle,
              const char   *poke,
              guint         timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    gint64 next_poke = 0;

    for (;;) {
        g_autofree char *text = vireo_display_serial_dup_text (VIREO_DISPLAY_SERIAL (display));

        if (text != NULL && strstr (text, needle) != NULL)
            return TRUE;
        if (g_get_monotonic_time () >= deadline)
            return FALSE;
        if (poke != NULL && g_get_monotonic_time () >= next_poke) {
            vireo_display_type_text (display, poke);
            next_poke = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
        }
        vireo_test_qemu_spin (20);
    }
}

#define assert_screen_shows(display, needle, poke, timeout_ms)                         \
    G_STMT_START {                                                                   \
        if (!screen_shows ((display), (needle), (poke), (timeout_ms))) {             \
            g_autofree char *vtq_text_ =                                             \
                vireo_display_serial_dup_text (VIREO_DISPLAY_SERIAL (display));      \
            g_autofree char *vtq_msg_ = g_strdup_printf (                            \
                "“%s” did not show within %u s; the terminal shows: “%s”",           \
                (needle), (guint) (timeout_ms) / 1000, vtq_text_);                   \
            g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,        \
                                 vtq_msg_);                                          \
        }                                                                            \
    } G_STMT_END

/* Whether the Send Key button shows the items of @keys (its menu is one
 * model, changed in place). */
static gboolean
send_key_menu_is (VireoConsolePage *page,
                  GMenuModel       *keys)
{
    GMenuModel *shown = gtk_menu_button_get_menu_model (page->send_key_button);

    if (shown != G_MENU_MODEL (page->keys_menu) ||
        g_menu_model_get_n_items (shown) != g_menu_model_get_n_items (keys))
        return FALSE;
    for (int i = 0; i < g_menu_model_get_n_items (keys); i++) {
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;

        g_menu_model_get_item_attribute (shown, i, G_MENU_ATTRIBUTE_TARGET, "s", &a);
        g_menu_model_get_item_attribute (keys, i, G_MENU_ATTRIBUTE_TARGET, "s", &b);
        if (g_strcmp0 (a, b) != 0)
            return FALSE;
    }
    return TRUE;
}

/* The labels and targets of the Consoles menu, "label=target;" each. */
static char *
describe_consoles_menu (VireoConsolePage *page)
{
    GMenuModel *menu = gtk_menu_button_get_menu_model (page->consoles_button);
    g_autoptr(GString) text = g_string_new (NULL);

    for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++) {
        g_autofree char *label = NULL;
        g_autofree char *target = NULL;

        g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
        g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_TARGET, "s", &target);
        g_string_append_printf (text, "%s=%s;", label, target);
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
shown_console (VireoConsolePage *page)
{
    g_autoptr(GVariant) state =
        g_action_group_get_action_state (vireo_console_page_get_action_group (page),
                                         "show-console");

    return g_variant_dup_string (state, NULL);
}

/* ------------------------------------------------------------------------ */
/* Cases */

static void
test_setup (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *media = NULL;
    g_autofree char *uri = NULL;

    media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    uri = vireo_embed_uri_for_root (fx.root);

    if (g_test_subprocess ()) {
        /* Defines and starts the guests, then exits: they keep running and
         * the root is free for the viewer. */
        g_autoptr(VireoConnection) conn = vireo_connection_new (uri);
        g_autofree char *text_xml = vireo_test_qemu_console_xml (TEXT_GUEST, media);
        g_autofree char *gfx_xml =
            vireo_test_qemu_kernel_xml (GFX_GUEST, media, fx.root,
                                        "    <serial type='pty'><target port='1'/></serial>\n");
        const char *xmls[] = { text_xml, gfx_xml };

        g_assert_true (vireo_connection_open (conn, NULL, &error));
        g_assert_no_error (error);
        for (guint i = 0; i < G_N_ELEMENTS (xmls); i++) {
            g_autoptr(VireoDomain) domain = vireo_connection_define_xml (conn, xmls[i], &error);

            g_assert_no_error (error);
            g_object_ref (domain);
            g_assert_true (vireo_domain_start (domain, NULL, &error));
            g_assert_no_error (error);
        }
        vireo_connection_close (conn);
        return;
    }
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
}

static void
test_viewer (void)
{
    g_autofree char *binary = g_build_filename (g_getenv ("VIREO_BUILD_ROOT"), "src",
                                                "vireo-viewer", NULL);
    g_autofree char *uri = vireo_embed_uri_for_root (fx.root);
    const char *argv[] = { binary, "--connect", uri, TEXT_GUEST, NULL };
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *output = NULL;
    GPid pid;

    /* The guest has no graphics: the viewer shows its serial console. */
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_MERGE);
    g_subprocess_launcher_setenv (launcher, "VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
    process = g_subprocess_launcher_spawnv (launcher, argv, &error);
    g_assert_no_error (error);
    pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
    vireo_test_qemu_guard_child (pid);
    g_subprocess_communicate_utf8_async (process, NULL, NULL, vireo_test_store_result_cb,
                                         &result);
    if (vireo_test_wait_result (&result, VIEWER_TIMEOUT_MS) == NULL) {
        g_subprocess_force_exit (process);
        g_error ("vireo-viewer did not finish within %u s", VIEWER_TIMEOUT_MS / 1000);
    }
    g_subprocess_communicate_utf8_finish (process, result, &output, NULL, &error);
    g_assert_no_error (error);
    vireo_test_qemu_unguard_child (pid);
    g_test_message ("vireo-viewer said:\n%s", output);
    g_assert_true (g_subprocess_get_if_exited (process));
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
    g_assert_nonnull (strstr (output, "VIREO_FIRST_FRAME "));
}

static void
test_open_root (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = vireo_embed_uri_for_root (fx.root);

    fx.conn = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (fx.conn, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (vireo_connection_find_domain (fx.conn, TEXT_GUEST));
    g_assert_nonnull (vireo_connection_find_domain (fx.conn, GFX_GUEST));
}

static void
test_text_only (void)
{
    VireoDomain *domain;
    VireoDisplay *display;
    g_autofree char *menu = NULL;
    g_autofree char *shown = NULL;
    GActionGroup *actions;
    const char *shot = g_getenv ("VIREO_TEST_SCREENSHOT");
    VireoTestPage h;

    g_assert_nonnull (fx.conn);
    domain = vireo_connection_find_domain (fx.conn, TEXT_GUEST);
    g_assert_true (vireo_domain_is_active (domain));
    vireo_test_page_init (&h);
    actions = vireo_console_page_get_action_group (h.page);
    vireo_console_page_open_domain (h.page, domain);
    assert_connected (&h);

    /* No graphics: the page chose the serial console by itself. */
    display = vireo_console_page_get_display (h.page);
    g_assert_true (VIREO_IS_DISPLAY_SERIAL (display));
    g_assert_cmpstr (vireo_display_serial_get_device (VIREO_DISPLAY_SERIAL (display)), ==,
                     "serial0");
    shown = shown_console (h.page);
    g_assert_cmpstr (shown, ==, "serial0");
    menu = describe_consoles_menu (h.page);
    g_assert_cmpstr (menu, ==, "Serial 1=serial0;");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (h.page->consoles_button)));
    /* The Send Key menu offers a terminal's keys. */
    g_assert_true (send_key_menu_is (h.page, h.page->text_keys));
    g_assert_true (g_action_group_get_action_enabled (actions, "send-text-key"));
    g_assert_true (g_action_group_get_action_enabled (actions, "screenshot"));

    assert_screen_shows (display, "# ", "\n", PROMPT_TIMEOUT_MS);
    vireo_display_type_text (display, "echo vireo-$((6*7))\n");
    assert_screen_shows (display, "vireo-42", NULL, REPLY_TIMEOUT_MS);
    /* Send Key ▸ Ctrl+C stops the shell's job. */
    vireo_display_type_text (display, "sleep 60\n");
    vireo_test_qemu_spin (1500);
    g_action_group_activate_action (actions, "send-text-key", g_variant_new_string ("ctrl-c"));
    vireo_display_type_text (display, "echo vireo-page-$((2*4))\n");
    assert_screen_shows (display, "vireo-page-8", NULL, 20000);

    if (shot != NULL) {
        g_autofree char *command = g_strdup_printf ("import -window root %s", shot);
        g_autoptr(GError) error = NULL;
        int status = 0;

        vireo_test_qemu_spin (500);
        g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
        g_assert_no_error (error);
        g_test_message ("screenshot of the window in %s", shot);
    }
    vireo_test_page_clear (&h);
}

static void
test_choose (void)
{
    VireoDomain *domain;
    VireoDisplay *display;
    g_autofree char *menu = NULL;
    g_autofree char *shown = NULL;
    GActionGroup *actions;
    VireoTestPage h;

    g_assert_nonnull (fx.conn);
    domain = vireo_connection_find_domain (fx.conn, GFX_GUEST);
    g_assert_true (vireo_domain_is_active (domain));
    vireo_test_page_init (&h);
    actions = vireo_console_page_get_action_group (h.page);
    vireo_console_page_open_domain (h.page, domain);
    assert_connected (&h);

    /* Graphics first; the file-backed serial port 1 is not offered. */
    g_assert_true (VIREO_IS_DISPLAY_VNC (vireo_console_page_get_display (h.page)));
    shown = shown_console (h.page);
    g_assert_cmpstr (shown, ==, "graphics");
    menu = describe_consoles_menu (h.page);
    g_assert_cmpstr (menu, ==, "_Graphical Console=graphics;Serial 2=serial1;");
    g_assert_true (send_key_menu_is (h.page, h.page->graphics_keys));
    g_assert_false (g_action_group_get_action_enabled (actions, "send-text-key"));

    /* View ▸ Serial 2. */
    g_action_group_change_action_state (actions, "show-console", g_variant_new_string ("serial1"));
    assert_connected (&h);
    display = vireo_console_page_get_display (h.page);
    g_assert_true (VIREO_IS_DISPLAY_SERIAL (display));
    g_assert_cmpstr (vireo_display_serial_get_device (VIREO_DISPLAY_SERIAL (display)), ==,
                     "serial1");
    g_clear_pointer (&shown, g_free);
    shown = shown_console (h.page);
    g_assert_cmpstr (shown, ==, "serial1");
    g_assert_true (send_key_menu_is (h.page, h.page->text_keys));

    /* Reconnecting keeps the choice. */
    vireo_console_page_reconnect (h.page);
    assert_connected (&h);
    display = vireo_console_page_get_display (h.page);
    g_assert_true (VIREO_IS_DISPLAY_SERIAL (display));

    /* And back to the graphical console. */
    g_action_group_change_action_state (actions, "show-console",
                                        g_variant_new_string ("graphics"));
    assert_connected (&h);
    g_assert_true (VIREO_IS_DISPLAY_VNC (vireo_console_page_get_display (h.page)));
    g_assert_true (send_key_menu_is (h.page, h.page->graphics_keys));
    vireo_test_page_clear (&h);
}

static void
test_cleanup (void)
{
    g_assert_nonnull (fx.conn);
    vireo_connection_close (fx.conn);
    g_clear_object (&fx.conn);
    vireo_test_qemu_cleanup_root (fx.root);
    g_assert_false (g_file_test (fx.root, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
    int status;

    gtk_test_init (&argc, &argv, NULL);
    g_setenv ("LANGUAGE", "C", TRUE);
    /* Children made by g_test_trap_subprocess() use the parent's root. */
    if (g_getenv ("VIREO_TEST_SERIAL_ROOT") == NULL) {
        fx.root = vireo_test_qemu_make_root ();
        g_setenv ("VIREO_TEST_SERIAL_ROOT", fx.root, TRUE);
        vireo_test_qemu_guard_root (fx.root);
    } else {
        fx.root = g_strdup (g_getenv ("VIREO_TEST_SERIAL_ROOT"));
    }

    /* In order: each case builds on the ones before. */
    g_test_add_func ("/vireo/console-page-serial/setup", test_setup);
    g_test_add_func ("/vireo/console-page-serial/viewer", test_viewer);
    g_test_add_func ("/vireo/console-page-serial/open-root", test_open_root);
    g_test_add_func ("/vireo/console-page-serial/text-only", test_text_only);
    g_test_add_func ("/vireo/console-page-serial/choose", test_choose);
    g_test_add_func ("/vireo/console-page-serial/cleanup", test_cleanup);
    status = g_test_run ();

    if (!g_test_subprocess () && g_file_test (fx.root, G_FILE_TEST_EXISTS))
        vireo_test_qemu_cleanup_root (fx.root);
    g_clear_object (&fx.conn);
    g_free (fx.root);
    return status;
}
