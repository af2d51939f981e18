/* vireo-send-key.h: key combinations a console can send, and their menu
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-display.h"

G_BEGIN_DECLS

typedef struct {
    const char *id;          /* "ctrl-alt-del", "ctrl-alt-f1", "print" */
    const char *label;       /* translatable, e.g. "Ctrl+Alt+Del" */
    guint       keyvals[4];
    guint       n_keyvals;
} VireoSendKeyCombo;

/* Ctrl+Alt+Del, Ctrl+Alt+Backspace, Ctrl+Alt+F1…F12, PrintScreen. */
const VireoSendKeyCombo *vireo_send_key_get_combos (guint *n_combos);
const VireoSendKeyCombo *vireo_send_key_lookup     (const char *id);

/* A menu with one item per combination, each activating @action_name
 * (e.g. "win.send-key") with the combination's id as string target. */
GMenuModel              *vireo_send_key_menu_new   (const char *action_name)
    G_GNUC_WARN_UNUSED_RESULT;

/* Sends the combination @id to @display; FALSE for an unknown id. */
gboolean                 vireo_send_key_activate   (VireoDisplay *display,
                                                    const char   *id);

G_END_DECLS
