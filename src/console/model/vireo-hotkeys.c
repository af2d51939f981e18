/* vireo-hotkeys.c: remote-viewer's --hotkeys syntax as GTK accelerators
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-console-error.h"
#include "vireo-hotkeys.h"

static const char * const actions[] = {
    "toggle-fullscreen",
    "release-cursor",
    "secure-attention",
    "smartcard-insert",
    "smartcard-remove",
    "usb-device-reset",
    "zoom-in",
    "zoom-out",
    "zoom-reset",
    NULL
};

static const struct {
    const char     *name;
    GdkModifierType mask;
} modifiers[] = {
    { "ctrl", GDK_CONTROL_MASK },
    { "control", GDK_CONTROL_MASK },
    { "alt", GDK_MOD1_MASK },
    { "shift", GDK_SHIFT_MASK },
    { "super", GDK_SUPER_MASK },
    { "meta", GDK_META_MASK },
    { "hyper", GDK_HYPER_MASK },
};

/* gtk_accelerator_name() without a display: it asks the display's keymap
 * which modifier is <Primary>, which is Control on every platform but macOS
 * (GDK_QUARTZ), where Vireo does not run.  Same names and order. */
static char *
accelerator_name (guint           keyval,
                  GdkModifierType mods)
{
    static const struct { GdkModifierType mask; const char *name; } names[] = {
        { GDK_CONTROL_MASK, "<Primary>" },
        { GDK_SHIFT_MASK, "<Shift>" },
        { GDK_MOD1_MASK, "<Alt>" },
        { GDK_META_MASK, "<Meta>" },
        { GDK_HYPER_MASK, "<Hyper>" },
        { GDK_SUPER_MASK, "<Super>" },
    };
    const char *key = gdk_keyval_name (gdk_keyval_to_lower (keyval));
    GString *name = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        if (mods & names[i].mask)
            g_string_append (name, names[i].name);
    }
    g_string_append (name, key != NULL ? key : "");
    return g_string_free (name, FALSE);
}

static guint
keyval_from_token (const char *token)
{
    g_autofree char *title = NULL;
    guint keyval = gdk_keyval_from_name (token);

    if (keyval != GDK_KEY_VoidSymbol && keyval != 0)
        return keyval;
    /* Key names are case-sensitive in GDK ("F11", "Delete", "Escape"). */
    title = g_strdup (token);
    title[0] = g_ascii_toupper (title[0]);
    keyval = gdk_keyval_from_name (title);
    if (keyval != GDK_KEY_VoidSymbol && keyval != 0)
        return keyval;
    if (g_ascii_strcasecmp (token, "del") == 0)
        return GDK_KEY_Delete;
    if (g_ascii_strcasecmp (token, "esc") == 0)
        return GDK_KEY_Escape;
    return 0;
}

void
vireo_hotkey_free (VireoHotkey *hotkey)
{
    if (!hotkey)
        return;
    g_free (hotkey->action);
    g_free (hotkey->accel);
    g_free (hotkey);
}

const char * const *
vireo_hotkeys_get_actions (void)
{
    return actions;
}

char *
vireo_hotkeys_combo_to_accel (const char      *combo,
                              guint           *keyval_out,
                              GdkModifierType *mods_out,
                              GError         **error)
{
    g_auto(GStrv) tokens = NULL;
    GdkModifierType mods = 0;
    guint keyval = 0;
    guint n;

    g_return_val_if_fail (combo != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    tokens = g_strsplit (combo, "+", -1);
    n = g_strv_length (tokens);
    for (guint i = 0; i < n; i++) {
        const char *token = g_strstrip (tokens[i]);
        gboolean is_modifier = FALSE;

        if (*token == '\0') {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE,
                         _("The key combination “%s” has an empty part."), combo);
            return NULL;
        }
        for (guint m = 0; m < G_N_ELEMENTS (modifiers); m++) {
            if (g_ascii_strcasecmp (token, modifiers[m].name) == 0) {
                mods |= modifiers[m].mask;
                is_modifier = TRUE;
            }
        }
        if (is_modifier && i + 1 < n)
            continue;
        if (is_modifier || i + 1 < n) {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE,
                         _("The key combination “%s” must be modifiers followed by one key."),
                         combo);
            return NULL;
        }
        keyval = keyval_from_token (token);
        if (keyval == 0) {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE,
                         _("“%s” in the key combination “%s” is not a key name."),
                         token, combo);
            return NULL;
        }
    }
    if (keyval == 0) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE,
                     _("The key combination “%s” names no key."), combo);
        return NULL;
    }
    keyval = gdk_keyval_to_lower (keyval);
    if (keyval_out)
        *keyval_out = keyval;
    if (mods_out)
        *mods_out = mods;
    return accelerator_name (keyval, mods);
}

GPtrArray *
vireo_hotkeys_parse (const char *spec,
                     GError    **error)
{
    g_autoptr(GPtrArray) hotkeys = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                   vireo_hotkey_free);
    g_auto(GStrv) entries = NULL;

    g_return_val_if_fail (spec != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    entries = g_strsplit (spec, ",", -1);
    for (guint i = 0; entries[i]; i++) {
        g_autoptr(VireoHotkey) hotkey = NULL;
        char *entry = g_strstrip (entries[i]);
        char *eq;

        if (*entry == '\0')
            continue;
        eq = strchr (entry, '=');
        if (!eq) {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE,
                         _("The hotkey “%s” has no “=”: write action=keys."), entry);
            return NULL;
        }
        *eq = '\0';
        hotkey = g_new0 (VireoHotkey, 1);
        hotkey->action = g_ascii_strdown (g_strstrip (entry), -1);
        if (!g_strv_contains (actions, hotkey->action)) {
            g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE,
                         _("“%s” is not a hotkey action."), hotkey->action);
            return NULL;
        }
        if (*g_strstrip (eq + 1) != '\0') {
            hotkey->accel = vireo_hotkeys_combo_to_accel (eq + 1, &hotkey->keyval,
                                                          &hotkey->mods, error);
            if (!hotkey->accel)
                return NULL;
        }
        for (guint j = 0; j < hotkeys->len; j++) {
            VireoHotkey *old = g_ptr_array_index (hotkeys, j);

            if (g_str_equal (old->action, hotkey->action)) {
                g_ptr_array_remove_index (hotkeys, j);
                break;
            }
        }
        g_ptr_array_add (hotkeys, g_steal_pointer (&hotkey));
    }
    return g_steal_pointer (&hotkeys);
}
