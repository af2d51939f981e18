/* vireo-console-window-domain.c: console windows of libvirt domains
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-console-page-domain.h"
#include "vireo-console-window-domain.h"

VireoConsoleWindow *
vireo_console_window_find_for_domain (GtkApplication *application,
                                      VireoDomain    *domain)
{
    g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next) {
        VireoConsoleWindow *window;

        if (!VIREO_IS_CONSOLE_WINDOW (l->data))
            continue;
        window = VIREO_CONSOLE_WINDOW (l->data);
        if (vireo_console_page_get_domain (vireo_console_window_get_page (window)) == domain)
            return window;
    }
    return NULL;
}

VireoConsoleWindow *
vireo_console_window_present_for_domain (GtkApplication *application,
                                         VireoDomain    *domain,
                                         GSettings      *settings)
{
    VireoConsoleWindow *self;

    g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

    self = vireo_console_window_find_for_domain (application, domain);
    if (self == NULL) {
        self = vireo_console_window_new (application);
        vireo_console_page_follow_domain (vireo_console_window_get_page (self), domain, settings);
    }
    gtk_window_present (GTK_WINDOW (self));
    return self;
}
