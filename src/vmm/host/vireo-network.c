/* vireo-network.c: how a connection's VMs reach the network (the interface)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-network.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

G_DEFINE_INTERFACE (VireoNetwork, vireo_network, G_TYPE_OBJECT)

/* Helpers */

/* An async call's data: the network asked, and what it answered. */
typedef struct {
    VireoNetwork       *network;
    GPtrArray          *sources;   /* list_sources */
    VireoNetworkSource *source;    /* default_source */
} NetworkCall;

static void
network_call_free (gpointer user_data)
{
    NetworkCall *call = user_data;

    g_object_unref (call->network);
    g_clear_pointer (&call->sources, g_ptr_array_unref);
    g_clear_pointer (&call->source, vireo_network_source_free);
    g_free (call);
}

static NetworkCall *
network_call_new (VireoNetwork *self)
{
    NetworkCall *call = g_new0 (NetworkCall, 1);

    call->network = g_object_ref (self);
    return call;
}

static gboolean
list_sources_run (gpointer      user_data,
                  GCancellable *cancellable,
                  GError      **error)
{
    NetworkCall *call = user_data;

    call->sources = vireo_network_list_sources (call->network, error);
    return call->sources != NULL;
}

static gboolean
default_source_run (gpointer      user_data,
                    GCancellable *cancellable,
                    GError      **error)
{
    NetworkCall *call = user_data;

    call->source = vireo_network_default_source (call->network, error);
    return call->source != NULL;
}

static const VireoWorkerOps list_sources_ops = {
    .run = list_sources_run,
    .free_data = network_call_free,
    .check_cancellable = TRUE,
};

static const VireoWorkerOps default_source_ops = {
    .run = default_source_run,
    .free_data = network_call_free,
    .check_cancellable = TRUE,
};

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
    g_return_if_fail (VIREO_IS_NETWORK (self));

    vireo_worker_run_async (self, vireo_network_list_sources_async, &list_sources_ops,
                            network_call_new (self), cancellable, callback, user_data);
}

GPtrArray *
vireo_network_list_sources_finish (VireoNetwork *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
    NetworkCall *call = vireo_worker_finish (self, result, vireo_network_list_sources_async,
                                             error);

    return call != NULL ? g_steal_pointer (&call->sources) : NULL;
}

void
vireo_network_default_source_async (VireoNetwork       *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_NETWORK (self));

    vireo_worker_run_async (self, vireo_network_default_source_async, &default_source_ops,
                            network_call_new (self), cancellable, callback, user_data);
}

VireoNetworkSource *
vireo_network_default_source_finish (VireoNetwork *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
    NetworkCall *call = vireo_worker_finish (self, result, vireo_network_default_source_async,
                                             error);

    return call != NULL ? g_steal_pointer (&call->source) : NULL;
}
