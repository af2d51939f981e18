/* vireo-console-module.c: the entry point of the console module
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gmodule.h>

#include "vireo-console-module.h"
#include "vireo-console-window-domain.h"

GtkWindow *
vireo_console_module_present_for_domain (GtkApplication *application,
                                         VireoDomain    *domain,
                                         GSettings      *settings)
{
    g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return GTK_WINDOW (vireo_console_window_present_for_domain (application, domain, settings));
}

/* The module stays loaded: it registers GTypes. */
G_MODULE_EXPORT const char *g_module_check_init (GModule *module);

G_MODULE_EXPORT const char *
g_module_check_init (GModule *module)
{
    g_module_make_resident (module);
    return NULL;
}
