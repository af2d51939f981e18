/* vireo-network.c: how a connection's VMs reach the network (the interface)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-network.h"
#include "vireo-vmm-error.h"

G_DEFINE_INTERFACE (VireoNetwork, vireo_network, G_TYPE_OBJECT)

/* Helpers */

static void
list_sources_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
    GError *error = NULL;
    GPtrArray *sources;

    if (g_task_return_error_if_cancelled (task))
        return;
    sources = vireo_network_list_sources (source_object, &error);
    if (sources)
        g_task_return_pointer (task, sources, (GDestroyNotify) g_ptr_array_unref);
    else
        g_task_return_error (task, error);
}

static void
default_source_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
    GError *error = NULL;
    VireoNetworkSource *source;

    if (g_task_return_error_if_cancelled (task))
        return;
    source = vireo_network_default_source (source_object, &error);
    if (source)
        g_task_return_pointer (task, source, (GDestroyNotify) vireo_network_source_free);
    else
        g_task_return_error (task, error);
}

/* Overrides */

static void
vireo_network_default_init (VireoNetworkInterface *iface)
{
}

/* Public API */

void
vireo_network_source_free (VireoNetworkSource *source)
{
    if (source == NULL)
        return;
    g_free (source->name);
    g_free (source->description);
    g_free (source);
}

VireoNetworkSource *
vireo_network_source_new_user (void)
{
    VireoNetworkSource *source = g_new0 (VireoNetworkSource, 1);

    source->type = VIREO_NETWORK_SOURCE_USER;
    source->description = g_strdup (_("Usermode networking"));
    source->active = TRUE;
    return source;
}

VireoNetworkSource *
vireo_network_source_copy (const VireoNetworkSource *source)
{
    VireoNetworkSource *copy;

    g_return_val_if_fail (source != NULL, NULL);

    copy = g_new0 (VireoNetworkSource, 1);
    copy->type = source->type;
    copy->name = g_strdup (source->name);
    copy->description = g_strdup (source->description);
    copy->active = source->active;
    return copy;
}

GPtrArray *
vireo_network_list_sources (VireoNetwork *self,
                            GError      **error)
{
    VireoNetworkInterface *iface;

    g_return_val_if_fail (VIREO_IS_NETWORK (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_NETWORK_GET_IFACE (self);
    g_return_val_if_fail (iface->list_sources != NULL, NULL);
    return iface->list_sources (self, error);
}

VireoNetworkSource *
vireo_network_default_source (VireoNetwork *self,
                              GError      **error)
{
    VireoNetworkInterface *iface;

    g_return_val_if_fail (VIREO_IS_NETWORK (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    iface = VIREO_NETWORK_GET_IFACE (self);
    g_return_val_if_fail (iface->default_source != NULL, NULL);
    return iface->default_source (self, error);
}

char *
vireo_network_source_to_xml (const VireoNetworkSource *source,
                             const char               *model)
{
    g_autofree char *model_escaped = NULL;
    g_autofree char *name_escaped = NULL;
    const char *type;
    const char *attribute = NULL;

    g_return_val_if_fail (source != NULL, NULL);

    switch (source->type) {
    case VIREO_NETWORK_SOURCE_USER:
        type = "user";
        break;
    case VIREO_NETWORK_SOURCE_NETWORK:
        type = "network";
        attribute = "network";
        break;
    case VIREO_NETWORK_SOURCE_BRIDGE:
        type = "bridge";
        attribute = "bridge";
        break;
    default:
        g_return_val_if_reached (NULL);
    }
    g_return_val_if_fail (attribute == NULL || (source->name && *source->name), NULL);

    model_escaped = g_markup_escape_text (model && *model ? model : "virtio", -1);
    if (attribute == NULL)
        return g_strdup_printf ("<interface type='%s'>\n"
                                "  <model type='%s'/>\n"
                                "</interface>\n", type, model_escaped);

    name_escaped = g_markup_escape_text (source->name, -1);
    return g_strdup_printf ("<interface type='%s'>\n"
                            "  <source %s='%s'/>\n"
                            "  <model type='%s'/>\n"
                            "</interface>\n", type, attribute, name_escaped, model_escaped);
}

void
vireo_network_list_sources_async (VireoNetwork       *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIREO_IS_NETWORK (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_network_list_sources_async);
    g_task_run_in_thread (task, list_sources_thread);
}

GPtrArray *
vireo_network_list_sources_finish (VireoNetwork *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_network_list_sources_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_network_default_source_async (VireoNetwork       *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIREO_IS_NETWORK (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_network_default_source_async);
    g_task_run_in_thread (task, default_source_thread);
}

VireoNetworkSource *
vireo_network_default_source_finish (VireoNetwork *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_network_default_source_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
