/* vireo-console-source.c: where a console comes from (a .vv file or address, a libvirt domain)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-console-source.h"

G_DEFINE_INTERFACE (VireoConsoleSource, vireo_console_source, G_TYPE_OBJECT)

static void
vireo_console_source_default_init (VireoConsoleSourceInterface *iface)
{
    g_object_interface_install_property (iface,
        g_param_spec_string ("title", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
    g_object_interface_install_property (iface,
        g_param_spec_boolean ("available", NULL, NULL, TRUE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

/* ------------------------------------------------------------------------ */
/* Targets */

VireoConsoleTarget *
vireo_console_target_new (const char *id,
                          const char *label,
                          gboolean    is_text)
{
    VireoConsoleTarget *target;

    g_return_val_if_fail (id != NULL, NULL);
    g_return_val_if_fail (label != NULL, NULL);

    target = g_new0 (VireoConsoleTarget, 1);
    target->id = g_strdup (id);
    target->label = g_strdup (label);
    target->is_text = is_text;
    return target;
}

void
vireo_console_target_free (VireoConsoleTarget *target)
{
    if (target == NULL)
        return;
    g_free (target->id);
    g_free (target->label);
    g_free (target);
}

/* ------------------------------------------------------------------------ */
/* Public API */

const char *
vireo_console_source_get_title (VireoConsoleSource *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE (self), NULL);

    return VIREO_CONSOLE_SOURCE_GET_IFACE (self)->get_title (self);
}

gboolean
vireo_console_source_get_available (VireoConsoleSource *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE (self), FALSE);

    return VIREO_CONSOLE_SOURCE_GET_IFACE (self)->get_available (self);
}

void
vireo_console_source_list_consoles_async (VireoConsoleSource  *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
    g_return_if_fail (VIREO_IS_CONSOLE_SOURCE (self));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    VIREO_CONSOLE_SOURCE_GET_IFACE (self)->list_consoles_async (self, cancellable, callback,
                                                                user_data);
}

GPtrArray *
vireo_console_source_list_consoles_finish (VireoConsoleSource  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE (self), NULL);
    g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    return VIREO_CONSOLE_SOURCE_GET_IFACE (self)->list_consoles_finish (self, result, error);
}

void
vireo_console_source_open_display_async (VireoConsoleSource  *self,
                                         const char          *console,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
    g_return_if_fail (VIREO_IS_CONSOLE_SOURCE (self));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    VIREO_CONSOLE_SOURCE_GET_IFACE (self)->open_display_async (self, console, cancellable,
                                                               callback, user_data);
}

VireoDisplay *
vireo_console_source_open_display_finish (VireoConsoleSource  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE (self), NULL);
    g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    return VIREO_CONSOLE_SOURCE_GET_IFACE (self)->open_display_finish (self, result, error);
}

gboolean
vireo_console_source_get_password_key (VireoConsoleSource *self,
                                       VireoPasswordKey   *key)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE (self), FALSE);
    g_return_val_if_fail (key != NULL, FALSE);

    key->host = NULL;
    key->port = -1;
    key->uri = NULL;
    return VIREO_CONSOLE_SOURCE_GET_IFACE (self)->get_password_key (self, key);
}

char *
vireo_console_source_dup_clipboard_key (VireoConsoleSource *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE (self), NULL);

    return VIREO_CONSOLE_SOURCE_GET_IFACE (self)->dup_clipboard_key (self);
}

char *
vireo_console_source_describe (VireoConsoleSource *self)
{
    g_return_val_if_fail (VIREO_IS_CONSOLE_SOURCE (self), NULL);

    return VIREO_CONSOLE_SOURCE_GET_IFACE (self)->describe (self);
}
