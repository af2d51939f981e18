/* vireo-application-host.c: the application's host windows, one per connection
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-application.h"
#include "vireo-host-window.h"

GtkWindow *
vireo_application_show_host_window (VireoApplication *self,
                                    VireoConnection  *connection)
{
    GtkWidget *window = NULL;

    g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;
         l = l->next) {
        if (VIREO_IS_HOST_WINDOW (l->data) &&
            vireo_host_window_get_connection (l->data) == connection) {
            window = l->data;
            break;
        }
    }
    if (window == NULL)
        window = vireo_host_window_new (self, connection);
    gtk_window_present (GTK_WINDOW (window));
    return GTK_WINDOW (window);
}
