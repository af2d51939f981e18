/* test-hotkeys.c: remote-viewer's --hotkeys syntax
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gtk/gtk.h>

#include "vireo-console-error.h"
#include "vireo-hotkeys.h"

typedef struct {
    const char *spec;
    const char *expected;   /* "action=accel;..." in order ("action=" when disabled), or NULL */
    const char *error_part; /* for failures: text the message must contain */
} Case;

static const Case cases[] = {
    { "toggle-fullscreen=shift+f11", "toggle-fullscreen=<Shift>F11", NULL },
    { "toggle-fullscreen=shift+f11,release-cursor=shift+f12",
      "toggle-fullscreen=<Shift>F11;release-cursor=<Shift>F12", NULL },
    { "release-cursor=ctrl+alt", NULL, "one key" },
    { "secure-attention=ctrl+alt+end", "secure-attention=<Primary><Alt>End", NULL },
    { "secure-attention=CTRL+ALT+DEL", "secure-attention=<Primary><Alt>Delete", NULL },
    { " zoom-in = ctrl+plus , zoom-out=ctrl+minus ",
      "zoom-in=<Primary>plus;zoom-out=<Primary>minus", NULL },
    { "zoom-reset=ctrl+0", "zoom-reset=<Primary>0", NULL },
    { "usb-device-reset=ctrl+shift+r", "usb-device-reset=<Primary><Shift>r", NULL },
    { "smartcard-insert=shift+f8,smartcard-remove=shift+f9",
      "smartcard-insert=<Shift>F8;smartcard-remove=<Shift>F9", NULL },
    { "toggle-fullscreen=", "toggle-fullscreen=", NULL },
    { "toggle-fullscreen=f11,toggle-fullscreen=f12", "toggle-fullscreen=F12", NULL },
    { "Toggle-Fullscreen=Super+F", "toggle-fullscreen=<Super>f", NULL },
    { "", "", NULL },
    { ",,", "", NULL },
    { "toggle-fullscreen", NULL, "no “=”" },
    { "launch-rockets=ctrl+r", NULL, "launch-rockets" },
    { "=shift+f11", NULL, "is not a hotkey action" },
    { "toggle-fullscreen=shift+", NULL, "empty part" },
    { "toggle-fullscreen=+f11", NULL, "empty part" },
    { "toggle-fullscreen=shift+nosuchkey", NULL, "nosuchkey" },
    { "toggle-fullscreen=f11+shift", NULL, "one key" },
    { "toggle-fullscreen=f11+f12", NULL, "one key" },
};

static void
test_parse (gconstpointer data)
{
    const Case *c = data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) hotkeys = vireo_hotkeys_parse (c->spec, &error);
    g_autoptr(GString) got = g_string_new (NULL);

    if (!c->expected) {
        g_assert_null (hotkeys);
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE);
        g_assert_nonnull (strstr (error->message, c->error_part));
        return;
    }
    g_assert_no_error (error);
    g_assert_nonnull (hotkeys);
    for (guint i = 0; i < hotkeys->len; i++) {
        VireoHotkey *hotkey = g_ptr_array_index (hotkeys, i);

        if (i > 0)
            g_string_append_c (got, ';');
        g_string_append_printf (got, "%s=%s", hotkey->action,
                                hotkey->accel ? hotkey->accel : "");
        if (hotkey->accel) {
            const char *key = strrchr (hotkey->accel, '>');

            /* The key and its modifiers are those the accelerator names (the
             * round trip through GTK's parser, which needs a display, is in
             * test-viewer's /vireo/viewer/hotkeys). */
            key = key != NULL ? key + 1 : hotkey->accel;
            g_assert_cmpuint (hotkey->keyval, !=, 0);
            g_assert_cmpuint (hotkey->keyval, ==, gdk_keyval_from_name (key));
            g_assert_true (((hotkey->mods & GDK_CONTROL_MASK) != 0) ==
                           (strstr (hotkey->accel, "<Primary>") != NULL));
            g_assert_true (((hotkey->mods & GDK_SHIFT_MASK) != 0) ==
                           (strstr (hotkey->accel, "<Shift>") != NULL));
            g_assert_true (((hotkey->mods & GDK_MOD1_MASK) != 0) ==
                           (strstr (hotkey->accel, "<Alt>") != NULL));
            g_assert_true (((hotkey->mods & GDK_SUPER_MASK) != 0) ==
                           (strstr (hotkey->accel, "<Super>") != NULL));
        }
    }
    g_assert_cmpstr (got->str, ==, c->expected);
}

static void
test_actions (void)
{
    const char * const *actions = vireo_hotkeys_get_actions ();

    g_assert_true (g_strv_contains (actions, "toggle-fullscreen"));
    g_assert_true (g_strv_contains (actions, "release-cursor"));
    g_assert_true (g_strv_contains (actions, "secure-attention"));
    g_assert_false (g_strv_contains (actions, "launch-rockets"));
}

int
main (int    argc,
      char **argv)
{
    /* Headless (the unit suite has no display): accelerators are parsed and
     * named from GDK's key name tables, which need no display. */
    g_test_init (&argc, &argv, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/hotkeys/parse/%u", i);

        g_test_add_data_func (path, &cases[i], test_parse);
    }
    g_test_add_func ("/vireo/hotkeys/actions", test_actions);
    return g_test_run ();
}
