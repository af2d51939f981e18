/* vireo-console-page-domain.c: a console page showing a libvirt domain
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-console-page-domain.h"
#include "vireo-console-source-domain.h"

void
vireo_console_page_open_domain (VireoConsolePage *self,
                                VireoDomain      *domain)
{
    VireoConsoleSource *current;
    g_autoptr(VireoConsoleSource) source = NULL;

    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    /* The same domain again keeps its source, and with it the console
     * chosen in the Consoles menu. */
    current = vireo_console_page_get_source (self);
    if (VIREO_IS_CONSOLE_SOURCE_DOMAIN (current) &&
        vireo_console_source_domain_get_domain (VIREO_CONSOLE_SOURCE_DOMAIN (current)) == domain)
        source = g_object_ref (current);
    else
        source = vireo_console_source_domain_new (domain);
    vireo_console_page_open_source (self, source);
}

VireoDomain *
vireo_console_page_get_domain (VireoConsolePage *self)
{
    VireoConsoleSource *source;

    g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

    source = vireo_console_page_get_source (self);
    if (!VIREO_IS_CONSOLE_SOURCE_DOMAIN (source))
        return NULL;
    return vireo_console_source_domain_get_domain (VIREO_CONSOLE_SOURCE_DOMAIN (source));
}

void
vireo_console_page_follow_domain (VireoConsolePage *self,
                                  VireoDomain      *domain,
                                  GSettings        *settings)
{
    g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));
    g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

    vireo_console_page_set_settings (self, settings);
    vireo_console_page_set_wait (self, TRUE);
    vireo_console_page_set_auto_reconnect (self, TRUE);
    vireo_console_page_open_domain (self, domain);
}

VireoConsolePage *
vireo_console_page_new_for_domain (VireoDomain *domain,
                                   GSettings   *settings)
{
    VireoConsolePage *self;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

    self = vireo_console_page_new ();
    vireo_console_page_follow_domain (self, domain, settings);
    return self;
}
