/* vireo-a11y.h: accessible names for the controls GTK makes inside its own widgets
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Inline, so that the manager, the console module and the light viewer, which are linked
 * from different sets of files, each have it without a second copy of a symbol.
 */
#pragma once

#include <glib/gi18n.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names the close button of @bar (GTK's, shown by GtkInfoBar:show-close-button), which has
 * no name or tooltip of its own.  Call it once the bar is built. */
static inline void
vireo_a11y_name_info_bar_close (GtkInfoBar *bar)
{
    GList *buttons;

    g_return_if_fail (GTK_IS_INFO_BAR (bar));

    /* GTK's close button sits beside the action area, in the bar's inner box. */
    buttons = gtk_container_get_children (
        GTK_CONTAINER (gtk_widget_get_parent (gtk_info_bar_get_action_area (bar))));
    for (GList *l = buttons; l != NULL; l = l->next) {
        if (!GTK_IS_BUTTON (l->data) || gtk_button_get_label (l->data) != NULL)
            continue;
        atk_object_set_name (gtk_widget_get_accessible (l->data), _("Close the Message"));
        gtk_widget_set_tooltip_text (l->data, _("Hide this message (Escape)"));
    }
    g_list_free (buttons);
}

static inline void
vireo_a11y_name_buttons_in (GtkWidget  *widget,
                            const char *name,
                            const char *tooltip)
{
    GList *children;

    if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL) {
        atk_object_set_name (gtk_widget_get_accessible (widget), name);
        gtk_widget_set_tooltip_text (widget, tooltip);
        return;
    }
    if (!GTK_IS_CONTAINER (widget) || GTK_IS_ENTRY (widget))
        return;
    children = gtk_container_get_children (GTK_CONTAINER (widget));
    for (GList *l = children; l != NULL; l = l->next)
        vireo_a11y_name_buttons_in (l->data, name, tooltip);
    g_list_free (children);
}

/* Names the close button GTK builds into @bar (shown with
 * GtkSearchBar:show-close-button, there all the same), which has no name or
 * tooltip of its own.  Call it once the bar and its entry are built. */
static inline void
vireo_a11y_name_search_bar_close (GtkSearchBar *bar)
{
    g_return_if_fail (GTK_IS_SEARCH_BAR (bar));

    vireo_a11y_name_buttons_in (GTK_WIDGET (bar), _("Close the Search"),
                                _("Hide the search and show every virtual machine (Escape)"));
}

G_END_DECLS
