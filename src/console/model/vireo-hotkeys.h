/* vireo-hotkeys.h: remote-viewer's --hotkeys syntax as GTK accelerators
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
    char           *action;   /* "toggle-fullscreen", "release-cursor", ... */
    char           *accel;    /* "<Shift>F11"; NULL when the hotkey is disabled ("action=") */
    guint           keyval;
    GdkModifierType mods;
} VireoHotkey;

void         vireo_hotkey_free            (VireoHotkey *hotkey);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHotkey, vireo_hotkey_free)

/* The actions the syntax knows (NULL-terminated). */
const char * const *vireo_hotkeys_get_actions (void);

/* One combination, "ctrl+alt+f11" or "shift+f12" (case-insensitive), as
 * a GTK accelerator string; NULL with VIREO_CONSOLE_ERROR_INVALID_FILE on
 * a malformed or unknown key. */
char        *vireo_hotkeys_combo_to_accel (const char      *combo,
                                           guint           *keyval,
                                           GdkModifierType *mods,
                                           GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* "toggle-fullscreen=shift+f11,release-cursor=shift+f12,..." into a
 * GPtrArray of VireoHotkey (in order; a later entry for the same action
 * replaces the earlier one).  Unknown actions, missing '=', empty action
 * names and malformed combinations are errors naming the entry. */
GPtrArray   *vireo_hotkeys_parse          (const char *spec,
                                           GError    **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
