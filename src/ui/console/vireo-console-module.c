/* vireo-console-module.c: the entry points of the console module
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gmodule.h>

#include "vireo-console-module.h"
#include "vireo-console-page-domain.h"
#include "vireo-console-window-domain.h"

G_MODULE_EXPORT GtkWindow *vireo_console_module_present_for_domain (GtkApplication *application,
                                                                    VireoDomain    *domain,
                                                                    GSettings      *settings);
G_MODULE_EXPORT GtkWidget *vireo_console_module_new_page_for_domain (VireoDomain *domain,
                                                                     GSettings   *settings);
G_MODULE_EXPORT const char *g_module_check_init (GModule *module);

/* The entry points have the types vireo-console-module.h gives the loader
 * (a mismatch is an incompatible-pointer-types error). */
G_GNUC_UNUSED static const VireoConsoleModulePresentFunc present_type_check =
    vireo_console_module_present_for_domain;
G_GNUC_UNUSED static const VireoConsoleModuleNewPageFunc new_page_type_check =
    vireo_console_module_new_page_for_domain;

GtkWindow *
vireo_console_module_present_for_domain (GtkApplication *application,
                                         VireoDomain    *domain,
                                         GSettings      *settings)
{
    g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return GTK_WINDOW (vireo_console_window_present_for_domain (application, domain, settings));
}

GtkWidget *
vireo_console_module_new_page_for_domain (VireoDomain *domain,
                                          GSettings   *settings)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return GTK_WIDGET (vireo_console_page_new_for_domain (domain, settings));
}

/* The module stays loaded: it registers GTypes. */
const char *
g_module_check_init (GModule *module)
{
    g_module_make_resident (module);
    return NULL;
}
