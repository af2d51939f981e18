/* vireo-connection.c: one libvirt connection, its domains and its events
 *
 * The object, its domain list (kept on the owner context) and closing; the
 * libvirt handle is released in a worker.  Opening, credentials and
 * reconnecting are in vireo-connection-open.c, libvirt's events in
 * vireo-connection-events.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-auth-request.h"
#include "vireo-connection-private.h"
#include "vireo-embed.h"
#include "vireo-libvirt-private.h"
#include "vireo-network.h"
#include "vireo-stats-sampler.h"
#include "vireo-storage.h"
#include "vireo-uri.h"
#include "vireo-vmm-enums.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

enum {
    PROP_0,
    PROP_URI,
    PROP_STATE,
    PROP_ERROR_MESSAGE,
    PROP_DISPLAY_NAME,
    PROP_EMBEDDED,
    PROP_RECONNECT,
    N_PROPS
};

enum {
    SIGNAL_DOMAIN_ADDED,
    SIGNAL_DOMAIN_REMOVED,
    SIGNAL_AUTHENTICATE,
    SIGNAL_CLOSED,
    SIGNAL_NETWORK_CHANGED,
    SIGNAL_POOL_CHANGED,
    N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoConnection, vireo_connection, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* Helpers */

void
_vireo_connection_set_state (VireoConnection     *self,
                             VireoConnectionState state,
                             const char          *error_message)
{
    g_object_freeze_notify (G_OBJECT (self));
    if (g_strcmp0 (self->error_message, error_message) != 0) {
        g_free (self->error_message);
        self->error_message = g_strdup (error_message);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
    if (self->state != state) {
        self->state = state;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
    g_object_thaw_notify (G_OBJECT (self));
}

typedef struct {
    virConnectPtr          conn;
    VireoConnectionEvents *events;
} TeardownData;

static void
teardown_data_free (gpointer user_data)
{
    TeardownData *data = user_data;

    _vireo_connection_events_free (data->events, data->conn);
    if (data->conn != NULL)
        virConnectClose (data->conn);
    g_free (data);
}

static gboolean
teardown_run (gpointer      user_data,
              GCancellable *cancellable,
              GError      **error)
{
    TeardownData *data = user_data;

    _vireo_connection_events_free (g_steal_pointer (&data->events), data->conn);
    if (data->conn != NULL)
        virConnectClose (g_steal_pointer (&data->conn));
    return TRUE;
}

static const VireoWorkerOps teardown_ops = {
    .run = teardown_run,
    .free_data = teardown_data_free,
};

/* Deregisters callbacks and closes a libvirt handle in a worker (takes
 * both): on a remote link both may wait for the other side. */
void
_vireo_connection_teardown_in_thread (virConnectPtr          conn,
                                      VireoConnectionEvents *events)
{
    TeardownData *data;

    if (conn == NULL && events == NULL)
        return;
    data = g_new0 (TeardownData, 1);
    data->conn = conn;
    data->events = events;
    vireo_worker_run_async (NULL, _vireo_connection_teardown_in_thread, &teardown_ops, data,
                            NULL, NULL, NULL);
}

static void
teardown_handle (VireoConnection *self)
{
    virConnectPtr handle;

    g_mutex_lock (&self->handle_lock);
    handle = g_steal_pointer (&self->handle);
    g_mutex_unlock (&self->handle_lock);
    _vireo_connection_teardown_in_thread (handle, g_steal_pointer (&self->events));
}



static void
remove_all_domains (VireoConnection *self)
{
    g_autoptr(GPtrArray) domains = vireo_connection_list_domains (self);

    for (guint i = 0; i < domains->len; i++)
        _vireo_connection_remove_domain (self, g_ptr_array_index (domains, i));
}

void
_vireo_connection_clear_buffers (VireoConnection *self)
{
    g_queue_clear_full (self->open_buffer, _vireo_event_message_free);
    g_hash_table_remove_all (self->pending_reads);
}

static void
pending_queue_free (gpointer data)
{
    g_queue_free_full (data, _vireo_event_message_free);
}

static gint
compare_domains_by_name (gconstpointer a,
                         gconstpointer b)
{
    VireoDomain *da = *(VireoDomain * const *) a;
    VireoDomain *db = *(VireoDomain * const *) b;

    return g_strcmp0 (vireo_domain_get_name (da), vireo_domain_get_name (db));
}

static gboolean
is_all_digits (const char *s)
{
    if (*s == '\0')
        return FALSE;
    for (; *s != '\0'; s++) {
        if (!g_ascii_isdigit (*s))
            return FALSE;
    }
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Define */

typedef struct {
    VireoHandleRefs  refs;
    char            *xml;
    VireoDomainInfo *info;      /* read back after defining */
    VireoDomain     *domain;    /* the result: a new reference */
} DefineData;

static void
define_data_free (gpointer user_data)
{
    DefineData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_free (data->xml);
    _vireo_domain_info_free (data->info);
    g_clear_object (&data->domain);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DefineData, define_data_free)

static gboolean
define_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    DefineData *data = user_data;
    g_autoptr(VireoVirtDomain) dom = NULL;

    dom = virDomainDefineXMLFlags (data->refs.conn, data->xml, VIR_DOMAIN_DEFINE_VALIDATE);
    if (dom == NULL) {
        virErrorPtr err = virGetLastError ();

        /* Drivers that do not know the flag refuse it before looking at the XML. */
        if (err != NULL && (err->code == VIR_ERR_NO_SUPPORT ||
                            (err->code == VIR_ERR_INVALID_ARG && err->message != NULL &&
                             strstr (err->message, "flags") != NULL)))
            dom = virDomainDefineXML (data->refs.conn, data->xml);
    }
    if (dom == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not create the virtual machine"));
        return FALSE;
    }
    data->info = _vireo_domain_info_read (dom);
    if (data->info == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("The new virtual machine could not be read "
                                                   "back"));
        return FALSE;
    }
    return TRUE;
}

static GError *
define_stale (gpointer owner,
              gpointer user_data)
{
    return g_error_new_literal (VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                                _("The connection was closed while the virtual machine was "
                                  "created."));
}

static gboolean
define_apply (gpointer  owner,
              gpointer  user_data,
              GError  **error)
{
    VireoConnection *self = VIREO_CONNECTION (owner);
    DefineData *data = user_data;

    if (self->state != VIREO_CONNECTION_STATE_ACTIVE) {
        g_propagate_error (error, define_stale (owner, user_data));
        return FALSE;
    }
    data->domain = g_object_ref (_vireo_connection_merge_domain (self, data->info));
    return TRUE;
}

static const VireoWorkerOps define_ops = {
    .run = define_run,
    .apply = define_apply,
    .free_data = define_data_free,
    .generation = _vireo_connection_get_generation,
    .stale = define_stale,
};

/* A new DefineData for @xml, or NULL with an error when the connection is
 * not open. */
static DefineData *
define_data_new (VireoConnection *self,
                 const char      *xml,
                 GError         **error)
{
    g_autoptr(DefineData) data = g_new0 (DefineData, 1);

    if (!_vireo_handle_refs_take_connection (&data->refs, self, error))
        return NULL;
    data->xml = g_strdup (xml);
    return g_steal_pointer (&data);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
vireo_connection_dispose (GObject *object)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    _vireo_connection_cancel_reconnect (self);
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->sampler != NULL)
        vireo_stats_sampler_stop (self->sampler);
    teardown_handle (self);
    if (self->domains != NULL)
        g_hash_table_remove_all (self->domains);
    if (self->open_buffer != NULL)
        _vireo_connection_clear_buffers (self);
    g_clear_object (&self->sampler);
    g_clear_object (&self->storage);
    g_clear_object (&self->network);

    G_OBJECT_CLASS (vireo_connection_parent_class)->dispose (object);
}

static void
vireo_connection_finalize (GObject *object)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    g_free (self->uri);
    g_free (self->embed_root);
    g_free (self->error_message);
    g_free (self->title);
    g_hash_table_unref (self->domains);
    g_hash_table_unref (self->pending_reads);
    g_queue_free (self->open_buffer);
    g_main_context_unref (self->context);
    g_mutex_clear (&self->handle_lock);

    G_OBJECT_CLASS (vireo_connection_parent_class)->finalize (object);
}

static void
vireo_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
    case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
    case PROP_ERROR_MESSAGE:
        g_value_set_string (value, self->error_message);
        break;
    case PROP_DISPLAY_NAME:
        g_value_take_string (value, vireo_connection_dup_display_name (self));
        break;
    case PROP_EMBEDDED:
        g_value_set_boolean (value, self->embed_root != NULL);
        break;
    case PROP_RECONNECT:
        g_value_set_boolean (value, self->reconnect);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
    VireoConnection *self = VIREO_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        g_free (self->uri);
        self->uri = g_value_dup_string (value);
        g_clear_pointer (&self->embed_root, g_free);
        if (self->uri != NULL && !vireo_embed_uri_get_root (self->uri, &self->embed_root))
            g_clear_pointer (&self->embed_root, g_free);
        break;
    case PROP_RECONNECT:
        vireo_connection_set_reconnect (self, g_value_get_boolean (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_class_init (VireoConnectionClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

    object_class->dispose = vireo_connection_dispose;
    object_class->finalize = vireo_connection_finalize;
    object_class->get_property = vireo_connection_get_property;
    object_class->set_property = vireo_connection_set_property;

    properties[PROP_URI] =
        g_param_spec_string ("uri", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_STATE] =
        g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_CONNECTION_STATE,
                           VIREO_CONNECTION_STATE_DISCONNECTED, ro);
    properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
    properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
    properties[PROP_EMBEDDED] = g_param_spec_boolean ("embedded", NULL, NULL, FALSE, ro);
    properties[PROP_RECONNECT] =
        g_param_spec_boolean ("reconnect", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_DOMAIN_ADDED] =
        g_signal_new ("domain-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_DOMAIN);
    signals[SIGNAL_DOMAIN_REMOVED] =
        g_signal_new ("domain-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_DOMAIN);
    signals[SIGNAL_AUTHENTICATE] =
        g_signal_new ("authenticate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      g_signal_accumulator_true_handled, NULL, NULL,
                      G_TYPE_BOOLEAN, 1, VIREO_TYPE_AUTH_REQUEST);
    signals[SIGNAL_CLOSED] =
        g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
    signals[SIGNAL_NETWORK_CHANGED] =
        g_signal_new ("network-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    signals[SIGNAL_POOL_CHANGED] =
        g_signal_new ("pool-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vireo_connection_init (VireoConnection *self)
{
    g_mutex_init (&self->handle_lock);
    self->context = g_main_context_ref_thread_default ();
    self->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    self->pending_reads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 pending_queue_free);
    self->open_buffer = g_queue_new ();
    self->state = VIREO_CONNECTION_STATE_DISCONNECTED;
    self->reconnect_delay = VIREO_CONNECTION_RECONNECT_FIRST_DELAY;
}

/* ------------------------------------------------------------------------ */
/* Private API (owner context) */

virConnectPtr
_vireo_connection_ref_handle (VireoConnection *self,
                              GError         **error)
{
    virConnectPtr handle;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    g_mutex_lock (&self->handle_lock);
    handle = self->handle;
    if (handle != NULL)
        virConnectRef (handle);
    g_mutex_unlock (&self->handle_lock);
    if (handle == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE,
                     _("The connection to “%s” is not open."), self->uri);
    return handle;
}

gboolean
_vireo_handle_refs_take_connection (VireoHandleRefs *refs,
                                    VireoConnection *connection,
                                    GError         **error)
{
    g_return_val_if_fail (refs != NULL && refs->conn == NULL, FALSE);

    refs->conn = _vireo_connection_ref_handle (connection, error);
    return refs->conn != NULL;
}

void
_vireo_handle_refs_take_domain (VireoHandleRefs *refs,
                                VireoDomain     *domain)
{
    g_return_if_fail (refs != NULL && refs->dom == NULL);

    refs->dom = _vireo_domain_ref_handle (domain);
    refs->name = g_strdup (vireo_domain_get_name (domain));
}

void
_vireo_handle_refs_clear (VireoHandleRefs *refs)
{
    if (refs->conn != NULL)
        virConnectClose (g_steal_pointer (&refs->conn));
    if (refs->dom != NULL)
        virDomainFree (g_steal_pointer (&refs->dom));
    g_clear_pointer (&refs->name, g_free);
}

guint
_vireo_connection_get_generation (gpointer connection)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), 0);

    return VIREO_CONNECTION (connection)->generation;
}

GMainContext *
_vireo_connection_get_context (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->context;
}

VireoDomain *
_vireo_connection_lookup_uuid (VireoConnection *self,
                               const char      *uuid)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (uuid != NULL, NULL);

    return g_hash_table_lookup (self->domains, uuid);
}

VireoDomain *
_vireo_connection_merge_domain (VireoConnection *self,
                                VireoDomainInfo *info)
{
    VireoDomain *domain;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (info != NULL, NULL);

    domain = g_hash_table_lookup (self->domains, info->uuid);
    if (domain != NULL) {
        _vireo_domain_update (domain, info);
        return domain;
    }
    domain = _vireo_domain_new (self, info);
    g_hash_table_insert (self->domains, g_strdup (info->uuid), domain);
    /* At open, the whole list's metadata is read once the list is in. */
    if (self->state == VIREO_CONNECTION_STATE_ACTIVE) {
        g_autoptr(GPtrArray) one = g_ptr_array_new ();

        g_ptr_array_add (one, domain);
        _vireo_connection_read_metadata (self, one);
    }
    g_signal_emit (self, signals[SIGNAL_DOMAIN_ADDED], 0, domain);
    return domain;
}

void
_vireo_connection_remove_domain (VireoConnection *self,
                                 VireoDomain     *domain)
{
    g_autoptr(VireoDomain) keep = NULL;
    const char *uuid;

    g_return_if_fail (VIREO_IS_CONNECTION (self));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    uuid = vireo_domain_get_uuid (domain);
    if (g_hash_table_lookup (self->domains, uuid) != domain)
        return;
    keep = g_object_ref (domain);
    g_hash_table_remove (self->domains, uuid);
    g_signal_emit (self, signals[SIGNAL_DOMAIN_REMOVED], 0, domain);
}

void
_vireo_connection_handle_closed (VireoConnection *self,
                                 int              reason)
{
    g_autofree char *message = NULL;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    if (self->state != VIREO_CONNECTION_STATE_ACTIVE)
        return;

    self->generation++;
    if (self->sampler != NULL)
        vireo_stats_sampler_stop (self->sampler);
    teardown_handle (self);
    _vireo_connection_clear_buffers (self);

    switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_CLIENT:
        break;
    case VIR_CONNECT_CLOSE_REASON_EOF:
        message = g_strdup_printf (_("The connection to “%s” was closed by the other side."),
                                   self->uri);
        break;
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
        message = g_strdup_printf (_("The connection to “%s” stopped answering."), self->uri);
        break;
    case VIR_CONNECT_CLOSE_REASON_ERROR:
    default:
        message = g_strdup_printf (_("The connection to “%s” was lost."), self->uri);
        break;
    }
    /* The state first: a domain removed now went with the link, it was not
     * deleted (a VM window stays for when it comes back). */
    _vireo_connection_set_state (self, message != NULL ? VIREO_CONNECTION_STATE_FAILED
                                                       : VIREO_CONNECTION_STATE_DISCONNECTED,
                                 message);
    remove_all_domains (self);
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0, reason);
    if (reason != VIR_CONNECT_CLOSE_REASON_CLIENT)
        _vireo_connection_schedule_reconnect (self);
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoConnection *
vireo_connection_new (const char *uri)
{
    g_return_val_if_fail (uri != NULL, NULL);

    return g_object_new (VIREO_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *
vireo_connection_get_uri (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->uri;
}

char *
vireo_connection_dup_display_name (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    if (self->title != NULL)
        return g_strdup (self->title);
    return vireo_uri_dup_display_name (self->uri);
}

gboolean
_vireo_connection_emit_authenticate (VireoConnection  *self,
                                     VireoAuthRequest *request)
{
    gboolean handled = FALSE;

    g_assert (VIREO_IS_CONNECTION (self));

    g_signal_emit (self, signals[SIGNAL_AUTHENTICATE], 0, request, &handled);
    return handled;
}

void
_vireo_connection_emit_host_changed (VireoConnection *self,
                                     gboolean         pool,
                                     const char      *name)
{
    g_assert (VIREO_IS_CONNECTION (self));

    g_signal_emit (self, signals[pool ? SIGNAL_POOL_CHANGED : SIGNAL_NETWORK_CHANGED], 0,
                   name);
}

void
vireo_connection_set_display_name (VireoConnection *self,
                                   const char      *name)
{
    g_autofree char *stripped = NULL;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    stripped = name != NULL ? g_strstrip (g_strdup (name)) : NULL;
    if (stripped != NULL && *stripped == '\0')
        g_clear_pointer (&stripped, g_free);
    if (g_strcmp0 (stripped, self->title) == 0)
        return;
    g_free (self->title);
    self->title = g_steal_pointer (&stripped);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

VireoConnectionState
vireo_connection_get_state (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), VIREO_CONNECTION_STATE_DISCONNECTED);

    return self->state;
}

const char *
vireo_connection_get_error_message (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->error_message;
}

gboolean
vireo_connection_is_embedded (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);

    return self->embed_root != NULL;
}

void
vireo_connection_set_reconnect (VireoConnection *self,
                                gboolean         reconnect)
{
    g_return_if_fail (VIREO_IS_CONNECTION (self));

    reconnect = !!reconnect;
    if (self->reconnect == reconnect)
        return;
    self->reconnect = reconnect;
    if (!reconnect)
        _vireo_connection_cancel_reconnect (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT]);
}

void
vireo_connection_close (VireoConnection *self)
{
    g_return_if_fail (VIREO_IS_CONNECTION (self));

    _vireo_connection_cancel_reconnect (self);
    if (self->state == VIREO_CONNECTION_STATE_DISCONNECTED && self->handle == NULL)
        return;

    self->generation++;
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->sampler != NULL)
        vireo_stats_sampler_stop (self->sampler);
    teardown_handle (self);
    _vireo_connection_clear_buffers (self);
    remove_all_domains (self);
    _vireo_connection_set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED, NULL);
}

GPtrArray *
vireo_connection_list_domains (VireoConnection *self)
{
    GPtrArray *domains;
    GHashTableIter iter;
    gpointer value;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    domains = g_ptr_array_new_full (g_hash_table_size (self->domains), g_object_unref);
    g_hash_table_iter_init (&iter, self->domains);
    while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (domains, g_object_ref (value));
    g_ptr_array_sort (domains, compare_domains_by_name);
    return domains;
}

VireoDomain *
vireo_connection_find_domain (VireoConnection *self,
                              const char      *name_uuid_or_id)
{
    GHashTableIter iter;
    gpointer value;
    VireoDomain *found;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (name_uuid_or_id != NULL, NULL);

    found = g_hash_table_lookup (self->domains, name_uuid_or_id);
    if (found != NULL)
        return found;
    g_hash_table_iter_init (&iter, self->domains);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        if (g_strcmp0 (vireo_domain_get_name (value), name_uuid_or_id) == 0 ||
            g_ascii_strcasecmp (vireo_domain_get_uuid (value), name_uuid_or_id) == 0)
            return value;
    }
    if (is_all_digits (name_uuid_or_id)) {
        gint64 id = g_ascii_strtoll (name_uuid_or_id, NULL, 10);

        g_hash_table_iter_init (&iter, self->domains);
        while (g_hash_table_iter_next (&iter, NULL, &value)) {
            if (vireo_domain_get_id (value) >= 0 && vireo_domain_get_id (value) == id)
                return value;
        }
    }
    return NULL;
}

void
vireo_connection_define_xml_async (VireoConnection    *self,
                                   const char         *xml,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
    GError *error = NULL;
    DefineData *data;

    g_return_if_fail (VIREO_IS_CONNECTION (self));
    g_return_if_fail (xml != NULL);

    data = define_data_new (self, xml, &error);
    if (data == NULL) {
        g_task_report_error (self, callback, user_data, vireo_connection_define_xml_async, error);
        return;
    }
    /* The domain is listed even if the caller has cancelled meanwhile. */
    vireo_worker_run_async (self, vireo_connection_define_xml_async, &define_ops, data,
                            cancellable, callback, user_data);
}

VireoDomain *
vireo_connection_define_xml_finish (VireoConnection *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
    DefineData *data;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    data = vireo_worker_finish (self, result, vireo_connection_define_xml_async, error);
    return data != NULL ? g_steal_pointer (&data->domain) : NULL;
}

VireoDomain *
vireo_connection_define_xml (VireoConnection *self,
                             const char      *xml,
                             GError         **error)
{
    g_autoptr(DefineData) data = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (xml != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    data = define_data_new (self, xml, error);
    if (data == NULL || !vireo_worker_run (self, &define_ops, data, NULL, error))
        return NULL;
    return g_steal_pointer (&data->domain);
}

guint
vireo_connection_get_host_cpus (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);

    return self->host_cpus;
}

guint64
vireo_connection_get_host_memory_kib (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);

    return self->host_memory_kib;
}

VireoStatsSampler *
vireo_connection_get_stats_sampler (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->sampler;
}

VireoStorage *
vireo_connection_get_storage (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->storage;
}

VireoNetwork *
vireo_connection_get_network (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->network;
}

void
vireo_connection_set_storage (VireoConnection *self,
                              VireoStorage    *storage)
{
    g_return_if_fail (VIREO_IS_CONNECTION (self));
    g_return_if_fail (storage == NULL || VIREO_IS_STORAGE (storage));

    g_set_object (&self->storage, storage);
}

gpointer
vireo_connection_get_handle (VireoConnection *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

    return self->state == VIREO_CONNECTION_STATE_ACTIVE ? self->handle : NULL;
}
