/* vireo-send-key.c: key combinations a console can send, and their menu
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-send-key.h"

#define CTRL_ALT GDK_KEY_Control_L, GDK_KEY_Alt_L
#define F_KEY(n) \
    { "ctrl-alt-f" #n, N_("Ctrl+Alt+F" #n), { CTRL_ALT, GDK_KEY_F##n }, 3 }

static const VireoSendKeyCombo combos[] = {
    { "ctrl-alt-del", N_("Ctrl+Alt+Del"), { CTRL_ALT, GDK_KEY_Delete }, 3 },
    { "ctrl-alt-backspace", N_("Ctrl+Alt+Backspace"), { CTRL_ALT, GDK_KEY_BackSpace }, 3 },
    F_KEY (1), F_KEY (2), F_KEY (3), F_KEY (4), F_KEY (5), F_KEY (6),
    F_KEY (7), F_KEY (8), F_KEY (9), F_KEY (10), F_KEY (11), F_KEY (12),
    { "print", N_("PrintScreen"), { GDK_KEY_Print }, 1 },
};

const VireoSendKeyCombo *
vireo_send_key_get_combos (guint *n_combos)
{
    g_return_val_if_fail (n_combos != NULL, NULL);

    *n_combos = G_N_ELEMENTS (combos);
    return combos;
}

const VireoSendKeyCombo *
vireo_send_key_lookup (const char *id)
{
    g_return_val_if_fail (id != NULL, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (combos); i++) {
        if (g_str_equal (combos[i].id, id))
            return &combos[i];
    }
    return NULL;
}

GMenuModel *
vireo_send_key_menu_new (const char *action_name)
{
    g_autoptr(GMenu) menu = g_menu_new ();
    g_autoptr(GMenu) section = NULL;

    g_return_val_if_fail (action_name != NULL, NULL);

    /* Sections: the two special combinations, the virtual terminals, the
     * print key. */
    for (guint i = 0; i < G_N_ELEMENTS (combos); i++) {
        g_autoptr(GMenuItem) item = NULL;

        if (i == 0 || i == 2 || i == G_N_ELEMENTS (combos) - 1) {
            if (section)
                g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
            g_clear_object (&section);
            section = g_menu_new ();
        }
        item = g_menu_item_new (_(combos[i].label), NULL);
        g_menu_item_set_action_and_target_value (item, action_name,
                                                 g_variant_new_string (combos[i].id));
        g_menu_append_item (section, item);
    }
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    return G_MENU_MODEL (g_steal_pointer (&menu));
}

gboolean
vireo_send_key_activate (VireoDisplay *display,
                         const char   *id)
{
    const VireoSendKeyCombo *combo;

    g_return_val_if_fail (VIREO_IS_DISPLAY (display), FALSE);
    g_return_val_if_fail (id != NULL, FALSE);

    combo = vireo_send_key_lookup (id);
    if (!combo)
        return FALSE;
    vireo_display_send_keys (display, combo->keyvals, combo->n_keyvals);
    return TRUE;
}
