/* vireo-domain.c: one libvirt domain: state, lifecycle actions, events
 *
 * A VireoDomain is only read and changed on its connection's owner context.
 * Worker threads get a virDomainRef()'d handle and copies of what they need;
 * what they learn comes back as a VireoDomainInfo applied on the owner
 * context.  State normally follows libvirt's lifecycle events; after an
 * action the worker also reads the state once, which is applied only when no
 * lifecycle event arrived meanwhile (drivers without events still update).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain.h"
#include "vireo-domain-xml.h"
#include "vireo-libvirt-private.h"
#include "vireo-vmm-enums.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

struct _VireoDomain {
    GObject parent_instance;

    /* borrowed (weak pointer): the connection owns its domains */
    VireoConnection  *connection;

    /* owned */
    virDomainPtr      handle;
    char             *name;
    char              uuid[VIR_UUID_STRING_BUFLEN];
    char             *title;              /* NULL: none, or not read yet */
    char             *description;
    guint             metadata_serial;    /* of the newest read asked for */

    int               id;
    VireoDomainState  state;
    int               reason;
    gboolean          persistent;
    gboolean          autostart;
    gboolean          has_managed_save;
    guint             lifecycle_serial;   /* bumped by every lifecycle event */
};

enum {
    PROP_0,
    PROP_CONNECTION,
    PROP_NAME,
    PROP_UUID,
    PROP_ID,
    PROP_STATE,
    PROP_REASON,
    PROP_PERSISTENT,
    PROP_AUTOSTART,
    PROP_HAS_MANAGED_SAVE,
    PROP_TITLE,
    PROP_DESCRIPTION,
    N_PROPS
};

enum {
    SIGNAL_EVENT,
    SIGNAL_STATE_CHANGED,
    N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoDomain, vireo_domain, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* Domain info snapshots (worker threads) */

VireoDomainInfo *
_vireo_domain_info_read (virDomainPtr dom)
{
    g_autoptr(VireoDomainInfo) info = g_new0 (VireoDomainInfo, 1);
    const char *name;
    int autostart = 0;
    unsigned int id;

    g_return_val_if_fail (dom != NULL, NULL);

    if (virDomainRef (dom) < 0)
        return NULL;
    info->handle = dom;
    if (virDomainGetState (dom, &info->state, &info->reason, 0) < 0)
        return NULL;
    if (virDomainGetUUIDString (dom, info->uuid) < 0)
        return NULL;
    name = virDomainGetName (dom);
    if (name == NULL)
        return NULL;
    info->name = g_strdup (name);
    id = virDomainGetID (dom);
    info->id = (id == (unsigned int) -1 || info->state == VIR_DOMAIN_SHUTOFF) ? -1 : (int) id;
    info->persistent = virDomainIsPersistent (dom) == 1;
    /* Not every driver knows autostart or managed save: absent means no. */
    if (virDomainGetAutostart (dom, &autostart) < 0)
        autostart = 0;
    info->autostart = autostart != 0;
    info->has_managed_save = virDomainHasManagedSaveImage (dom, 0) == 1;
    virResetLastError ();
    return g_steal_pointer (&info);
}

/* The raw UUIDs of the domains @conn lists with @flags, as a set of
 * VIR_UUID_BUFLEN-byte keys; NULL when listing fails. */
static GHashTable *
list_uuids (virConnectPtr conn,
            unsigned int  flags)
{
    g_autoptr(GHashTable) set = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, NULL);
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, flags);

    if (n < 0)
        return NULL;
    for (int i = 0; i < n; i++) {
        unsigned char uuid[VIR_UUID_BUFLEN];

        if (virDomainGetUUID (doms[i], uuid) == 0)
            g_hash_table_add (set, g_bytes_new (uuid, sizeof uuid));
        virDomainFree (doms[i]);
    }
    free (doms);
    return g_steal_pointer (&set);
}

static gboolean
set_has (GHashTable   *set,
         virDomainPtr  dom)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    g_autoptr(GBytes) key = NULL;

    if (set == NULL || virDomainGetUUID (dom, uuid) < 0)
        return FALSE;
    key = g_bytes_new_static (uuid, sizeof uuid);
    return g_hash_table_contains (set, key);
}

static GPtrArray *
read_all_one_by_one (virConnectPtr conn)
{
    g_autoptr(GPtrArray) infos = NULL;
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, 0);

    if (n < 0)
        return NULL;
    infos = g_ptr_array_new_with_free_func ((GDestroyNotify) _vireo_domain_info_free);
    for (int i = 0; i < n; i++) {
        VireoDomainInfo *info = _vireo_domain_info_read (doms[i]);

        /* A domain that vanished while listing is simply left out. */
        if (info != NULL)
            g_ptr_array_add (infos, info);
        virDomainFree (doms[i]);
    }
    free (doms);
    return g_steal_pointer (&infos);
}

GPtrArray *
_vireo_domain_info_read_all (virConnectPtr conn)
{
    g_autoptr(GPtrArray) infos = NULL;
    g_autoptr(GHashTable) persistent = NULL;
    g_autoptr(GHashTable) autostart = NULL;
    g_autoptr(GHashTable) managed_save = NULL;
    virDomainStatsRecordPtr *records = NULL;
    int n;

    g_return_val_if_fail (conn != NULL, NULL);

    n = virConnectGetAllDomainStats (conn, VIR_DOMAIN_STATS_STATE, &records, 0);
    if (n < 0) {
        virErrorPtr err = virGetLastError ();

        if (err != NULL && err->code != VIR_ERR_NO_SUPPORT)
            return NULL;
        virResetLastError ();
        return read_all_one_by_one (conn);
    }
    persistent = list_uuids (conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT);
    if (persistent == NULL) {
        virDomainStatsRecordListFree (records);
        virResetLastError ();
        return read_all_one_by_one (conn);
    }
    autostart = list_uuids (conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
    managed_save = list_uuids (conn, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE);
    virResetLastError ();

    infos = g_ptr_array_new_with_free_func ((GDestroyNotify) _vireo_domain_info_free);
    for (int i = 0; i < n; i++) {
        virDomainPtr dom = records[i]->dom;
        g_autoptr(VireoDomainInfo) info = g_new0 (VireoDomainInfo, 1);
        const char *name = virDomainGetName (dom);
        unsigned int id;

        if (name == NULL || virDomainGetUUIDString (dom, info->uuid) < 0 ||
            virTypedParamsGetInt (records[i]->params, records[i]->nparams, "state.state",
                                  &info->state) != 1)
            continue;
        if (virTypedParamsGetInt (records[i]->params, records[i]->nparams, "state.reason",
                                  &info->reason) != 1)
            info->reason = 0;
        if (virDomainRef (dom) < 0)
            continue;
        info->handle = dom;
        info->name = g_strdup (name);
        id = virDomainGetID (dom);
        info->id = (id == (unsigned int) -1 || info->state == VIR_DOMAIN_SHUTOFF) ? -1
                                                                                    : (int) id;
        info->persistent = set_has (persistent, dom);
        info->autostart = set_has (autostart, dom);
        info->has_managed_save = set_has (managed_save, dom);
        g_ptr_array_add (infos, g_steal_pointer (&info));
    }
    virDomainStatsRecordListFree (records);
    virResetLastError ();
    return g_steal_pointer (&infos);
}

void
_vireo_domain_info_free (VireoDomainInfo *info)
{
    if (info == NULL)
        return;
    if (info->handle != NULL)
        virDomainFree (info->handle);
    g_free (info->name);
    g_free (info);
}

/* Looks the domain up again (a virDomainPtr caches its id from the time it
 * was made) and reads it; NULL when it is gone. Worker thread. */
static VireoDomainInfo *
read_fresh_info (virDomainPtr handle)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autoptr(VireoVirtDomain) fresh = NULL;

    if (virDomainGetUUIDString (handle, uuid) < 0)
        return NULL;
    fresh = virDomainLookupByUUIDString (virDomainGetConnect (handle), uuid);
    if (fresh == NULL) {
        virResetLastError ();
        return NULL;
    }
    return _vireo_domain_info_read (fresh);
}

/* ------------------------------------------------------------------------ */
/* Helpers */

static gboolean
state_is_running (VireoDomainState state)
{
    return state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_BLOCKED;
}

static gboolean
state_allows (VireoDomainState  state,
              VireoDomainAction action)
{
    switch (action) {
    case VIREO_DOMAIN_ACTION_START:
        return state == VIREO_DOMAIN_STATE_SHUTOFF || state == VIREO_DOMAIN_STATE_CRASHED;
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
    case VIREO_DOMAIN_ACTION_REBOOT:
    case VIREO_DOMAIN_ACTION_PAUSE:
        return state_is_running (state);
    case VIREO_DOMAIN_ACTION_RESUME:
        return state == VIREO_DOMAIN_STATE_PAUSED;
    case VIREO_DOMAIN_ACTION_RESET:
    case VIREO_DOMAIN_ACTION_SAVE:
        return state_is_running (state) || state == VIREO_DOMAIN_STATE_PAUSED;
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
        return state_is_running (state) || state == VIREO_DOMAIN_STATE_PAUSED ||
               state == VIREO_DOMAIN_STATE_SHUTDOWN || state == VIREO_DOMAIN_STATE_CRASHED ||
               state == VIREO_DOMAIN_STATE_PMSUSPENDED;
    case VIREO_DOMAIN_ACTION_DELETE:
        return TRUE;
    default:
        return FALSE;
    }
}

/* The sentence for an action refused because of the state. */
static char *
describe_invalid_state (VireoDomain      *self,
                        VireoDomainAction action)
{
    g_autofree char *state = vireo_domain_state_describe (self->state, self->reason);

    switch (action) {
    case VIREO_DOMAIN_ACTION_START:
        return g_strdup_printf (_("“%s” cannot be started: it is not shut off (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
        return g_strdup_printf (_("“%s” cannot be shut down: it is not running (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_REBOOT:
        return g_strdup_printf (_("“%s” cannot be rebooted: it is not running (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_RESET:
        return g_strdup_printf (_("“%s” cannot be reset: it is not running (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
        return g_strdup_printf (_("“%s” cannot be forced off: it is not running (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_PAUSE:
        return g_strdup_printf (_("“%s” cannot be paused: it is not running (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_RESUME:
        return g_strdup_printf (_("“%s” cannot be resumed: it is not paused (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_SAVE:
        return g_strdup_printf (_("“%s” cannot be saved: it is not running (state: %s)."),
                                self->name, state);
    case VIREO_DOMAIN_ACTION_DELETE:
    default:
        return g_strdup_printf (_("This action is not possible for “%s” (state: %s)."),
                                self->name, state);
    }
}

static gboolean
check_action (VireoDomain      *self,
              VireoDomainAction action,
              GError          **error)
{
    if (action == VIREO_DOMAIN_ACTION_DELETE || action < VIREO_DOMAIN_ACTION_START ||
        action > VIREO_DOMAIN_ACTION_DELETE) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("This is not a lifecycle action; virtual machines are deleted with "
                       "their own command."));
        return FALSE;
    }
    if (!state_allows (self->state, action)) {
        g_autofree char *message = describe_invalid_state (self, action);

        g_set_error_literal (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE, message);
        return FALSE;
    }
    return TRUE;
}

static char *
describe_action_failure (VireoDomainAction action,
                         const char       *name)
{
    switch (action) {
    case VIREO_DOMAIN_ACTION_START:
        return g_strdup_printf (_("Could not start “%s”"), name);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
        return g_strdup_printf (_("Could not shut down “%s”"), name);
    case VIREO_DOMAIN_ACTION_REBOOT:
        return g_strdup_printf (_("Could not reboot “%s”"), name);
    case VIREO_DOMAIN_ACTION_RESET:
        return g_strdup_printf (_("Could not reset “%s”"), name);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
        return g_strdup_printf (_("Could not force off “%s”"), name);
    case VIREO_DOMAIN_ACTION_PAUSE:
        return g_strdup_printf (_("Could not pause “%s”"), name);
    case VIREO_DOMAIN_ACTION_RESUME:
        return g_strdup_printf (_("Could not resume “%s”"), name);
    case VIREO_DOMAIN_ACTION_SAVE:
        return g_strdup_printf (_("Could not save the state of “%s”"), name);
    case VIREO_DOMAIN_ACTION_DELETE:
    default:
        return g_strdup_printf (_("Could not delete “%s”"), name);
    }
}

/* ------------------------------------------------------------------------ */
/* Lifecycle actions */

typedef struct {
    VireoHandleRefs   refs;
    VireoDomainAction action;
    guint             serial;
    VireoDomainInfo  *info;     /* read after the action, NULL when gone */
} ActionData;

static void
action_data_free (gpointer user_data)
{
    ActionData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    _vireo_domain_info_free (data->info);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static ActionData *
action_data_new (VireoDomain      *self,
                 VireoDomainAction action)
{
    ActionData *data = g_new0 (ActionData, 1);

    _vireo_handle_refs_take_domain (&data->refs, self);
    data->action = action;
    data->serial = self->lifecycle_serial;
    return data;
}

/* Runs the libvirt call of @data; any thread. */
static gboolean
action_run (gpointer      user_data,
            GCancellable *cancellable,
            GError      **error)
{
    ActionData *data = user_data;
    int rc;

    switch (data->action) {
    case VIREO_DOMAIN_ACTION_START:
        rc = virDomainCreate (data->refs.dom);
        break;
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
        rc = virDomainShutdown (data->refs.dom);
        break;
    case VIREO_DOMAIN_ACTION_REBOOT:
        rc = virDomainReboot (data->refs.dom, 0);
        break;
    case VIREO_DOMAIN_ACTION_RESET:
        rc = virDomainReset (data->refs.dom, 0);
        break;
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
        rc = virDomainDestroy (data->refs.dom);
        break;
    case VIREO_DOMAIN_ACTION_PAUSE:
        rc = virDomainSuspend (data->refs.dom);
        break;
    case VIREO_DOMAIN_ACTION_RESUME:
        rc = virDomainResume (data->refs.dom);
        break;
    case VIREO_DOMAIN_ACTION_SAVE:
        rc = virDomainManagedSave (data->refs.dom, 0);
        break;
    case VIREO_DOMAIN_ACTION_DELETE:
    default:
        g_assert_not_reached ();
    }
    if (rc < 0) {
        g_autofree char *message = describe_action_failure (data->action, data->refs.name);

        vireo_vmm_set_error_from_libvirt (error, "%s", message);
        return FALSE;
    }
    data->info = read_fresh_info (data->refs.dom);
    return TRUE;
}

/* Owner context: applies what the worker read after a successful action. */
static gboolean
action_apply (gpointer  owner,
              gpointer  user_data,
              GError  **error)
{
    VireoDomain *self = VIREO_DOMAIN (owner);
    ActionData *data = user_data;

    if (data->info == NULL) {
        /* A transient domain that stopped is gone. */
        if (!self->persistent && data->serial == self->lifecycle_serial &&
            self->connection != NULL)
            _vireo_connection_remove_domain (self->connection, self);
        return TRUE;
    }
    if (data->serial == self->lifecycle_serial)
        _vireo_domain_update (self, data->info);
    else
        _vireo_domain_set_flags (self, data->info->persistent, data->info->autostart,
                                 data->info->has_managed_save);
    return TRUE;
}

static const VireoWorkerOps action_ops = {
    .run = action_run,
    .apply = action_apply,
    .free_data = action_data_free,
};

/* ------------------------------------------------------------------------ */
/* Disks and delete */

/* A read of the domain's XML, and what is made of it. */
typedef struct {
    VireoHandleRefs refs;
    guint         flags;      /* virDomainXMLFlags */
    char         *xml;
    GPtrArray    *disks;      /* char*, for list_disks */
} XmlData;

static void
xml_data_free (gpointer user_data)
{
    XmlData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    g_free (data->xml);
    g_clear_pointer (&data->disks, g_ptr_array_unref);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XmlData, xml_data_free)

static XmlData *
xml_data_new (VireoDomain *self,
              guint        flags)
{
    XmlData *data = g_new0 (XmlData, 1);

    _vireo_handle_refs_take_domain (&data->refs, self);
    data->flags = flags;
    return data;
}

/* Any thread. */
static gboolean
read_xml_run (gpointer      user_data,
              GCancellable *cancellable,
              GError      **error)
{
    XmlData *data = user_data;

    data->xml = virDomainGetXMLDesc (data->refs.dom, data->flags);
    if (data->xml == NULL) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not read the description of “%s”"),
                                          data->refs.name);
        return FALSE;
    }
    return TRUE;
}

static gboolean
list_disks_run (gpointer      user_data,
                GCancellable *cancellable,
                GError      **error)
{
    XmlData *data = user_data;

    if (!read_xml_run (data, cancellable, error))
        return FALSE;
    data->disks = vireo_domain_xml_list_disk_paths (data->xml, error);
    return data->disks != NULL;
}

static const VireoWorkerOps read_xml_ops = {
    .run = read_xml_run,
    .free_data = xml_data_free,
    .check_cancellable = TRUE,
};

static const VireoWorkerOps list_disks_ops = {
    .run = list_disks_run,
    .free_data = xml_data_free,
    .check_cancellable = TRUE,
};


/* ------------------------------------------------------------------------ */
/* Graphics sockets */

typedef struct {
    VireoHandleRefs refs;
    guint           index;
    int             fd;     /* -1 until opened; closed with the data unless taken */
} GraphicsFdData;

static void
graphics_fd_data_free (gpointer user_data)
{
    GraphicsFdData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    /* Not taken: the caller is gone, so nobody else would close it. */
    if (data->fd >= 0)
        close (data->fd);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GraphicsFdData, graphics_fd_data_free)

static GraphicsFdData *
graphics_fd_data_new (VireoDomain *self,
                      guint        index)
{
    GraphicsFdData *data = g_new0 (GraphicsFdData, 1);

    _vireo_handle_refs_take_domain (&data->refs, self);
    data->index = index;
    data->fd = -1;
    return data;
}

/* Any thread. */
static gboolean
open_graphics_fd_run (gpointer      user_data,
                      GCancellable *cancellable,
                      GError      **error)
{
    GraphicsFdData *data = user_data;

    data->fd = virDomainOpenGraphicsFD (data->refs.dom, data->index,
                                        VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
    if (data->fd < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("Could not open the display of “%s”"),
                                          data->refs.name);
        return FALSE;
    }
    return TRUE;
}

static const VireoWorkerOps open_graphics_fd_ops = {
    .run = open_graphics_fd_run,
    .free_data = graphics_fd_data_free,
    .check_cancellable = TRUE,
};

/* ------------------------------------------------------------------------ */
/* GObject */

static void
vireo_domain_finalize (GObject *object)
{
    VireoDomain *self = VIREO_DOMAIN (object);

    if (self->connection != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->connection),
                                      (gpointer *) &self->connection);
    if (self->handle != NULL)
        virDomainFree (self->handle);
    g_free (self->name);
    g_free (self->title);
    g_free (self->description);

    G_OBJECT_CLASS (vireo_domain_parent_class)->finalize (object);
}

static void
vireo_domain_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
    VireoDomain *self = VIREO_DOMAIN (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->connection);
        break;
    case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
    case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
    case PROP_ID:
        g_value_set_int (value, self->id);
        break;
    case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
    case PROP_REASON:
        g_value_set_int (value, self->reason);
        break;
    case PROP_PERSISTENT:
        g_value_set_boolean (value, self->persistent);
        break;
    case PROP_AUTOSTART:
        g_value_set_boolean (value, self->autostart);
        break;
    case PROP_HAS_MANAGED_SAVE:
        g_value_set_boolean (value, self->has_managed_save);
        break;
    case PROP_TITLE:
        g_value_set_string (value, self->title);
        break;
    case PROP_DESCRIPTION:
        g_value_set_string (value, self->description);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_class_init (VireoDomainClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

    object_class->finalize = vireo_domain_finalize;
    object_class->get_property = vireo_domain_get_property;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION, ro);
    properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
    properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, ro);
    properties[PROP_ID] = g_param_spec_int ("id", NULL, NULL, -1, G_MAXINT, -1, ro);
    properties[PROP_STATE] =
        g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_DOMAIN_STATE,
                           VIREO_DOMAIN_STATE_NOSTATE, ro);
    properties[PROP_REASON] = g_param_spec_int ("reason", NULL, NULL, 0, G_MAXINT, 0, ro);
    properties[PROP_PERSISTENT] = g_param_spec_boolean ("persistent", NULL, NULL, FALSE, ro);
    properties[PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, ro);
    properties[PROP_HAS_MANAGED_SAVE] =
        g_param_spec_boolean ("has-managed-save", NULL, NULL, FALSE, ro);
    properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
    properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_EVENT] =
        g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 4,
                      VIREO_TYPE_DOMAIN_EVENT_KIND, G_TYPE_INT, G_TYPE_INT, G_TYPE_STRING);
    signals[SIGNAL_STATE_CHANGED] =
        g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vireo_domain_init (VireoDomain *self)
{
    self->id = -1;
}

/* ------------------------------------------------------------------------ */
/* Private API (owner context) */

virDomainPtr
_vireo_domain_ref_handle (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    virDomainRef (self->handle);
    return self->handle;
}

VireoDomain *
_vireo_domain_new (VireoConnection *connection,
                   VireoDomainInfo *info)
{
    VireoDomain *self;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (info != NULL && info->handle != NULL, NULL);

    self = g_object_new (VIREO_TYPE_DOMAIN, NULL);
    self->connection = connection;
    g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
    virDomainRef (info->handle);
    self->handle = info->handle;
    g_strlcpy (self->uuid, info->uuid, sizeof self->uuid);
    self->name = g_strdup (info->name);
    self->id = info->id;
    self->state = (VireoDomainState) info->state;
    self->reason = info->reason;
    self->persistent = info->persistent;
    self->autostart = info->autostart;
    self->has_managed_save = info->has_managed_save;
    return self;
}

void
_vireo_domain_set_id (VireoDomain *self,
                      int          id)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    if (id < 0)
        id = -1;
    if (self->id != id) {
        self->id = id;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

void
_vireo_domain_set_flags (VireoDomain *self,
                         gboolean     persistent,
                         gboolean     autostart,
                         gboolean     has_managed_save)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    persistent = !!persistent;
    autostart = !!autostart;
    has_managed_save = !!has_managed_save;
    if (self->persistent != persistent) {
        self->persistent = persistent;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
    }
    if (self->autostart != autostart) {
        self->autostart = autostart;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSTART]);
    }
    if (self->has_managed_save != has_managed_save) {
        self->has_managed_save = has_managed_save;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MANAGED_SAVE]);
    }
}

void
_vireo_domain_set_state (VireoDomain *self,
                         int          state,
                         int          reason)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    if ((int) self->state == state && self->reason == reason)
        return;

    g_object_freeze_notify (G_OBJECT (self));
    if ((int) self->state != state) {
        self->state = (VireoDomainState) state;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
    if (self->reason != reason) {
        self->reason = reason;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }
    if (state == VIR_DOMAIN_SHUTOFF)
        _vireo_domain_set_id (self, -1);
    g_object_thaw_notify (G_OBJECT (self));
    g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

void
_vireo_domain_update (VireoDomain     *self,
                      VireoDomainInfo *info)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));
    g_return_if_fail (info != NULL);

    g_object_freeze_notify (G_OBJECT (self));
    if (g_strcmp0 (self->name, info->name) != 0) {
        g_free (self->name);
        self->name = g_strdup (info->name);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
    _vireo_domain_set_flags (self, info->persistent, info->autostart, info->has_managed_save);
    _vireo_domain_set_state (self, info->state, info->reason);
    _vireo_domain_set_id (self, info->id);
    g_object_thaw_notify (G_OBJECT (self));
}

guint
_vireo_domain_next_metadata_serial (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);

    return ++self->metadata_serial;
}

void
_vireo_domain_set_metadata (VireoDomain *self,
                            guint        serial,
                            const char  *title,
                            const char  *description)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    /* A newer read was asked for: this one may predate the change. */
    if (serial != self->metadata_serial)
        return;
    /* libvirt stores "" as no title at all. */
    if (title != NULL && *title == '\0')
        title = NULL;
    if (description != NULL && *description == '\0')
        description = NULL;
    g_object_freeze_notify (G_OBJECT (self));
    if (g_strcmp0 (self->title, title) != 0) {
        g_free (self->title);
        self->title = g_strdup (title);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
    if (g_strcmp0 (self->description, description) != 0) {
        g_free (self->description);
        self->description = g_strdup (description);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
    }
    g_object_thaw_notify (G_OBJECT (self));
}

void
_vireo_domain_emit_event (VireoDomain         *self,
                          VireoDomainEventKind kind,
                          int                  detail,
                          int                  detail2,
                          const char          *text)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    if (kind == VIREO_DOMAIN_EVENT_LIFECYCLE)
        self->lifecycle_serial++;
    g_signal_emit (self, signals[SIGNAL_EVENT], 0, kind, detail, detail2, text);
}

/* ------------------------------------------------------------------------ */
/* Public API */

VireoConnection *
vireo_domain_get_connection (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    return self->connection;
}

const char *
vireo_domain_get_name (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    return self->name;
}

const char *
vireo_domain_get_uuid (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    return self->uuid;
}

int
vireo_domain_get_id (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), -1);

    return self->id;
}

VireoDomainState
vireo_domain_get_state (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), VIREO_DOMAIN_STATE_NOSTATE);

    return self->state;
}

int
vireo_domain_get_reason (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);

    return self->reason;
}

gboolean
vireo_domain_get_persistent (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

    return self->persistent;
}

gboolean
vireo_domain_get_autostart (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

    return self->autostart;
}

gboolean
vireo_domain_get_has_managed_save (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

    return self->has_managed_save;
}

const char *
vireo_domain_get_title (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    return self->title;
}

const char *
vireo_domain_get_description (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    return self->description;
}

gboolean
vireo_domain_is_active (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

    return self->state != VIREO_DOMAIN_STATE_SHUTOFF &&
           self->state != VIREO_DOMAIN_STATE_NOSTATE;
}

char *
vireo_domain_state_describe (VireoDomainState state,
                             int              reason)
{
    switch (state) {
    case VIREO_DOMAIN_STATE_RUNNING:
        if (reason == VIR_DOMAIN_RUNNING_POSTCOPY)
            return g_strdup (_("Running (migrating)"));
        /* on_crash=restart did it. */
        if (reason == VIR_DOMAIN_RUNNING_CRASHED)
            return g_strdup (_("Running (restarted after a crash)"));
        return g_strdup (_("Running"));
    case VIREO_DOMAIN_STATE_BLOCKED:
        return g_strdup (_("Blocked"));
    case VIREO_DOMAIN_STATE_PAUSED:
        switch (reason) {
        case VIR_DOMAIN_PAUSED_IOERROR:
            return g_strdup (_("Paused (disk error)"));
        case VIR_DOMAIN_PAUSED_WATCHDOG:
            return g_strdup (_("Paused (watchdog)"));
        case VIR_DOMAIN_PAUSED_MIGRATION:
            return g_strdup (_("Paused (migrating)"));
        case VIR_DOMAIN_PAUSED_SAVE:
            return g_strdup (_("Paused (saving)"));
        case VIR_DOMAIN_PAUSED_SNAPSHOT:
            return g_strdup (_("Paused (snapshot)"));
        case VIR_DOMAIN_PAUSED_CRASHED:
            return g_strdup (_("Paused (crashed)"));
        case VIR_DOMAIN_PAUSED_STARTING_UP:
            return g_strdup (_("Paused (starting up)"));
        default:
            return g_strdup (_("Paused"));
        }
    case VIREO_DOMAIN_STATE_SHUTDOWN:
        return g_strdup (_("Shutting down"));
    case VIREO_DOMAIN_STATE_SHUTOFF:
        switch (reason) {
        case VIR_DOMAIN_SHUTOFF_CRASHED:
        case VIR_DOMAIN_SHUTOFF_FAILED:
            /* libvirt also says FAILED when a running QEMU dies under it. */
            return g_strdup (_("Shutoff (crashed)"));
        case VIR_DOMAIN_SHUTOFF_SAVED:
            return g_strdup (_("Shutoff (saved)"));
        case VIR_DOMAIN_SHUTOFF_MIGRATED:
            return g_strdup (_("Shutoff (migrated)"));
        default:
            return g_strdup (_("Shutoff"));
        }
    case VIREO_DOMAIN_STATE_CRASHED:
        /* Kept by on_crash=preserve: the guest told its pvpanic device. */
        if (reason == VIR_DOMAIN_CRASHED_PANICKED)
            return g_strdup (_("Crashed (guest panic)"));
        return g_strdup (_("Crashed"));
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
        return g_strdup (_("Suspended"));
    case VIREO_DOMAIN_STATE_NOSTATE:
    default:
        return g_strdup (_("Unknown"));
    }
}

const char *
vireo_domain_state_icon_name (VireoDomainState state)
{
    switch (state) {
    case VIREO_DOMAIN_STATE_RUNNING:
    case VIREO_DOMAIN_STATE_BLOCKED:
        return "media-playback-start-symbolic";
    case VIREO_DOMAIN_STATE_PAUSED:
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
        return "media-playback-pause-symbolic";
    case VIREO_DOMAIN_STATE_SHUTDOWN:
    case VIREO_DOMAIN_STATE_SHUTOFF:
        return "system-shutdown-symbolic";
    case VIREO_DOMAIN_STATE_CRASHED:
        return "dialog-error-symbolic";
    case VIREO_DOMAIN_STATE_NOSTATE:
    default:
        return "dialog-question-symbolic";
    }
}

gboolean
vireo_domain_can (VireoDomain      *self,
                  VireoDomainAction action)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

    return state_allows (self->state, action);
}

gboolean
vireo_domain_run_action (VireoDomain       *self,
                         VireoDomainAction  action,
                         GCancellable      *cancellable,
                         GError           **error)
{
    g_autoptr(ActionData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (!check_action (self, action, error))
        return FALSE;
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    data = action_data_new (self, action);
    return vireo_worker_run (self, &action_ops, data, cancellable, error);
}

void
vireo_domain_run_action_async (VireoDomain        *self,
                               VireoDomainAction   action,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    GError *error = NULL;

    g_return_if_fail (VIREO_IS_DOMAIN (self));

    if (!check_action (self, action, &error)) {
        g_task_report_error (self, callback, user_data, vireo_domain_run_action_async, error);
        return;
    }
    /* The state is applied even when the caller cancelled after the call
     * was made. */
    vireo_worker_run_async (self, vireo_domain_run_action_async, &action_ops,
                            action_data_new (self, action), cancellable, callback, user_data);
}

gboolean
vireo_domain_run_action_finish (VireoDomain  *self,
                                GAsyncResult *result,
                                GError      **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

    return vireo_worker_finish (self, result, vireo_domain_run_action_async, error) != NULL;
}

/* The named actions: each a thin wrapper of run_action. */
#define DEFINE_NAMED_ACTION(name, ACTION)                                           \
    gboolean                                                                        \
    vireo_domain_##name (VireoDomain  *self,                                        \
                         GCancellable *cancellable,                                 \
                         GError      **error)                                       \
    {                                                                               \
        return vireo_domain_run_action (self, ACTION, cancellable, error);          \
    }                                                                               \
    void                                                                            \
    vireo_domain_##name##_async (VireoDomain        *self,                          \
                                 GCancellable       *cancellable,                   \
                                 GAsyncReadyCallback callback,                      \
                                 gpointer            user_data)                     \
    {                                                                               \
        vireo_domain_run_action_async (self, ACTION, cancellable, callback,         \
                                       user_data);                                  \
    }                                                                               \
    gboolean                                                                        \
    vireo_domain_##name##_finish (VireoDomain  *self,                               \
                                  GAsyncResult *result,                             \
                                  GError      **error)                              \
    {                                                                               \
        return vireo_domain_run_action_finish (self, result, error);                \
    }

DEFINE_NAMED_ACTION (start, VIREO_DOMAIN_ACTION_START)
DEFINE_NAMED_ACTION (shutdown, VIREO_DOMAIN_ACTION_SHUTDOWN)
DEFINE_NAMED_ACTION (reboot, VIREO_DOMAIN_ACTION_REBOOT)
DEFINE_NAMED_ACTION (reset, VIREO_DOMAIN_ACTION_RESET)
DEFINE_NAMED_ACTION (force_off, VIREO_DOMAIN_ACTION_FORCE_OFF)
DEFINE_NAMED_ACTION (pause, VIREO_DOMAIN_ACTION_PAUSE)
DEFINE_NAMED_ACTION (resume, VIREO_DOMAIN_ACTION_RESUME)
DEFINE_NAMED_ACTION (save, VIREO_DOMAIN_ACTION_SAVE)

#undef DEFINE_NAMED_ACTION

GPtrArray *
vireo_domain_list_disks (VireoDomain  *self,
                         GCancellable *cancellable,
                         GError      **error)
{
    g_autoptr(XmlData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    data = xml_data_new (self, 0);
    if (!vireo_worker_run (self, &list_disks_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->disks);
}

void
vireo_domain_list_disks_async (VireoDomain        *self,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    vireo_worker_run_async (self, vireo_domain_list_disks_async, &list_disks_ops,
                            xml_data_new (self, 0), cancellable, callback, user_data);
}

GPtrArray *
vireo_domain_list_disks_finish (VireoDomain  *self,
                                GAsyncResult *result,
                                GError      **error)
{
    XmlData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    data = vireo_worker_finish (self, result, vireo_domain_list_disks_async, error);
    return data != NULL ? g_steal_pointer (&data->disks) : NULL;
}

int
vireo_domain_open_graphics_fd (VireoDomain   *self,
                               guint          index,
                               GCancellable  *cancellable,
                               GError       **error)
{
    g_autoptr(GraphicsFdData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), -1);
    g_return_val_if_fail (error == NULL || *error == NULL, -1);

    data = graphics_fd_data_new (self, index);
    if (!vireo_worker_run (self, &open_graphics_fd_ops, data, cancellable, error))
        return -1;
    return g_steal_fd (&data->fd);
}

void
vireo_domain_open_graphics_fd_async (VireoDomain        *self,
                                     guint               index,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    vireo_worker_run_async (self, vireo_domain_open_graphics_fd_async, &open_graphics_fd_ops,
                            graphics_fd_data_new (self, index), cancellable, callback,
                            user_data);
}

int
vireo_domain_open_graphics_fd_finish (VireoDomain  *self,
                                      GAsyncResult *result,
                                      GError      **error)
{
    GraphicsFdData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), -1);

    data = vireo_worker_finish (self, result, vireo_domain_open_graphics_fd_async, error);
    return data != NULL ? g_steal_fd (&data->fd) : -1;
}

char *
vireo_domain_dup_xml (VireoDomain  *self,
                      guint         flags,
                      GCancellable *cancellable,
                      GError      **error)
{
    g_autoptr(XmlData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    data = xml_data_new (self, flags);
    if (!vireo_worker_run (self, &read_xml_ops, data, cancellable, error))
        return NULL;
    return g_steal_pointer (&data->xml);
}

void
vireo_domain_dup_xml_async (VireoDomain        *self,
                            guint               flags,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_DOMAIN (self));

    vireo_worker_run_async (self, vireo_domain_dup_xml_async, &read_xml_ops,
                            xml_data_new (self, flags), cancellable, callback, user_data);
}

char *
vireo_domain_dup_xml_finish (VireoDomain  *self,
                             GAsyncResult *result,
                             GError      **error)
{
    XmlData *data;

    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    data = vireo_worker_finish (self, result, vireo_domain_dup_xml_async, error);
    return data != NULL ? g_steal_pointer (&data->xml) : NULL;
}

gpointer
vireo_domain_get_handle (VireoDomain *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

    return self->handle;
}
