/* vireo-domain-migrate.c: a VM moved to another host's hypervisor by libvirt's migration
 *
 * The worker thread starts libvirt's migration in a thread of its own and
 * meanwhile reads the job's statistics twice a second for the progress;
 * when the caller cancels, it aborts the job (virDomainAbortJob), which
 * leaves the VM running on the source.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-migrate.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-connection-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-storage.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"
#include "vireo-worker.h"

#define POLL_US (500 * G_TIME_SPAN_MILLISECOND)

typedef struct {
    VireoHandleRefs      refs;          /* the source's connection and the domain */
    virConnectPtr        dconn;         /* the destination's (a reference) */
    VireoConnection     *destination;   /* its list gets the VM (owner's context) */
    char                *dest_uri;
    char                *dest_name;     /* for messages */
    VireoStorage        *dest_storage;
    VireoMigrateOptions *options;
    VireoProgress       *progress;
    GPtrArray           *made;          /* char*: images made on the destination */
    VireoDomainInfo     *info;          /* the VM on the destination */
    char                 uuid[VIR_UUID_STRING_BUFLEN];

    /* shared with the migration thread */
    GMutex               lock;
    GCond                cond;
    gboolean             done;
    gboolean             ok;
    int                  error_code;
    char                *error_message;
    virTypedParameterPtr params;
    int                  n_params;
    unsigned int         flags;
} MigrateData;

/* ---------------------------------------------------------------- helpers */

static void
migrate_data_free (gpointer user_data)
{
    MigrateData *data = user_data;

    _vireo_handle_refs_clear (&data->refs);
    if (data->dconn)
        virConnectClose (data->dconn);
    g_clear_object (&data->destination);
    g_free (data->dest_uri);
    g_free (data->dest_name);
    g_clear_object (&data->dest_storage);
    vireo_migrate_options_free (data->options);
    g_clear_object (&data->progress);
    g_ptr_array_unref (data->made);
    g_clear_pointer (&data->info, _vireo_domain_info_free);
    g_mutex_clear (&data->lock);
    g_cond_clear (&data->cond);
    g_free (data->error_message);
    virTypedParamsFree (data->params, data->n_params);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigrateData, migrate_data_free)

static xmlNode *
child (xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
            return c;
    }
    return NULL;
}

static char *
attr (xmlNode *node, const char *name)
{
    xmlChar *v = node ? xmlGetProp (node, BAD_CAST name) : NULL;
    char *copy = v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static gboolean
copies (MigrateData *data, const char *target)
{
    if (!(data->options->flags & VIREO_MIGRATE_COPY_STORAGE))
        return FALSE;
    return data->options->disks == NULL || g_strv_contains ((const char *const *)
                                                            data->options->disks, target);
}

/* Empty images on the destination for the disks to copy that have none
 * there, in the destination's pool of the same folder. */
static gboolean
prepare_images (MigrateData *data, GError **error)
{
    g_autofree char *xml = virDomainGetXMLDesc (data->refs.dom, 0);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    xmlNode *devices;

    doc = xml ? xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
              : NULL;
    devices = doc ? child (xmlDocGetRootElement (doc), "devices") : NULL;
    for (xmlNode *d = devices ? devices->children : NULL; d; d = d->next) {
        g_autofree char *target = NULL;
        g_autofree char *path = NULL;
        g_autofree char *format = NULL;
        g_autofree char *dir = NULL;
        g_autofree char *name = NULL;
        g_autoptr(VireoVirtStorageVol) there = NULL;
        const char *pool = NULL;
        virDomainBlockInfo info;
        char *made;

        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual (d->name, BAD_CAST "disk") ||
            child (d, "readonly") != NULL)
            continue;
        target = attr (child (d, "target"), "dev");
        path = attr (child (d, "source"), "file");
        if (target == NULL || path == NULL || !copies (data, target))
            continue;
        there = virStorageVolLookupByPath (data->dconn, path);
        virResetLastError ();
        if (there != NULL)
            continue;
        if (pools == NULL && data->dest_storage != NULL)
            pools = vireo_storage_list_pools (data->dest_storage, NULL);
        dir = g_path_get_dirname (path);
        for (guint i = 0; pools && i < pools->len; i++) {
            VireoStoragePoolInfo *p = pools->pdata[i];

            if (p->active && g_strcmp0 (p->path, dir) == 0)
                pool = p->name;
        }
        if (pool == NULL)
            continue;   /* libvirt says whether the destination has it */
        if (virDomainGetBlockInfo (data->refs.dom, target, &info, 0) < 0) {
            vireo_vmm_set_error_from_libvirt (error, _("The size of the disk %s could not be "
                                                       "read"), target);
            return FALSE;
        }
        format = attr (child (d, "driver"), "type");
        name = g_path_get_basename (path);
        made = vireo_storage_create_volume (data->dest_storage, pool, name,
                                            g_strcmp0 (format, "raw") == 0 ? "raw" : "qcow2",
                                            info.capacity, error);
        if (made == NULL)
            return FALSE;
        g_ptr_array_add (data->made, made);
    }
    return TRUE;
}

static void
remove_made (MigrateData *data)
{
    for (guint i = 0; i < data->made->len; i++) {
        g_autoptr(GError) local = NULL;

        if (!vireo_storage_delete_volume (data->dest_storage, data->made->pdata[i], &local))
            g_debug ("%s", local->message);
    }
}

static gpointer
migration_thread (gpointer user_data)
{
    MigrateData *data = user_data;
    gboolean ok;

    if (data->options->flags & VIREO_MIGRATE_TUNNELLED) {
        ok = virDomainMigrateToURI3 (data->refs.dom, data->dest_uri, data->params,
                                     (unsigned int) data->n_params, data->flags) == 0;
    } else {
        virDomainPtr dom = virDomainMigrate3 (data->refs.dom, data->dconn, data->params,
                                              (unsigned int) data->n_params, data->flags);

        ok = dom != NULL;
        if (dom)
            virDomainFree (dom);
    }
    g_mutex_lock (&data->lock);
    if (!ok) {
        virErrorPtr err = virGetLastError ();

        data->error_code = err ? err->code : VIR_ERR_INTERNAL_ERROR;
        data->error_message = g_strdup (err && err->message ? err->message
                                                            : _("unknown error"));
    }
    data->ok = ok;
    data->done = TRUE;
    g_cond_signal (&data->cond);
    g_mutex_unlock (&data->lock);
    return NULL;
}

static void
report_job (MigrateData *data)
{
    virTypedParameterPtr params = NULL;
    int n = 0, type = 0;
    unsigned long long total = 0, processed = 0, remaining = 0;

    if (data->progress == NULL)
        return;
    if (virDomainGetJobStats (data->refs.dom, &type, &params, &n, 0) < 0) {
        virResetLastError ();
        return;
    }
    virTypedParamsGetULLong (params, n, VIR_DOMAIN_JOB_DATA_TOTAL, &total);
    virTypedParamsGetULLong (params, n, VIR_DOMAIN_JOB_DATA_PROCESSED, &processed);
    virTypedParamsGetULLong (params, n, VIR_DOMAIN_JOB_DATA_REMAINING, &remaining);
    virTypedParamsFree (params, n);
    if (type == VIR_DOMAIN_JOB_NONE || total == 0)
        return;
    {
        g_autofree char *left = g_format_size (remaining);
        g_autofree char *of = g_format_size (total);
        g_autofree char *text = g_strdup_printf (_("Migrating “%s”: %s of %s left"),
                                                 data->refs.name, left, of);

        vireo_progress_set_total (data->progress, total);
        vireo_progress_set_done (data->progress, MIN (processed, total));
        vireo_progress_set_text (data->progress, text);
    }
}

static gboolean
migrate_run (gpointer      user_data,
             GCancellable *cancellable,
             GError      **error)
{
    MigrateData *data = user_data;
    int state = 0, reason = 0, max = 0;
    gboolean active, aborted = FALSE;
    GThread *thread;

    if (virDomainGetState (data->refs.dom, &state, &reason, 0) < 0 ||
        virDomainGetUUIDString (data->refs.dom, data->uuid) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The state of “%s” could not be read"),
                                          data->refs.name);
        return FALSE;
    }
    active = state != VIR_DOMAIN_SHUTOFF && state != VIR_DOMAIN_CRASHED;
    if (!active && (data->options->flags & VIREO_MIGRATE_COPY_STORAGE)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("“%s” is shut off: migration moves only its definition then, and "
                       "cannot copy its disks. Use Move to… instead, which copies them."),
                     data->refs.name);
        return FALSE;
    }

    data->flags = VIR_MIGRATE_PERSIST_DEST;
    if (!(data->options->flags & VIREO_MIGRATE_KEEP_SOURCE))
        data->flags |= VIR_MIGRATE_UNDEFINE_SOURCE;
    if (!active)
        data->flags |= VIR_MIGRATE_OFFLINE;
    else if (data->options->flags & VIREO_MIGRATE_LIVE)
        data->flags |= VIR_MIGRATE_LIVE;
    if (data->options->flags & VIREO_MIGRATE_COPY_STORAGE)
        data->flags |= VIR_MIGRATE_NON_SHARED_DISK;
    if (data->options->flags & VIREO_MIGRATE_TUNNELLED)
        data->flags |= VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED;
    if (data->options->flags & VIREO_MIGRATE_DISKS_THERE)
        data->flags |= VIR_MIGRATE_UNSAFE;
    if (data->options->bandwidth > 0)
        virTypedParamsAddULLong (&data->params, &data->n_params, &max,
                                 VIR_MIGRATE_PARAM_BANDWIDTH, data->options->bandwidth);
    /* Tunnelled, memory goes through the daemons, and only the disks need
     * an address of the destination's. */
    if (data->options->address && (data->options->flags & VIREO_MIGRATE_TUNNELLED) &&
        (data->options->flags & VIREO_MIGRATE_COPY_STORAGE))
        virTypedParamsAddString (&data->params, &data->n_params, &max,
                                 VIR_MIGRATE_PARAM_DISKS_URI, data->options->address);
    else if (data->options->address && !(data->options->flags & VIREO_MIGRATE_TUNNELLED))
        virTypedParamsAddString (&data->params, &data->n_params, &max, VIR_MIGRATE_PARAM_URI,
                                 data->options->address);
    if ((data->options->flags & VIREO_MIGRATE_COPY_STORAGE) && data->options->disks) {
        /* The disks left out are declared to be on the destination already
         * (shared, or put there): libvirt's check that their storage is a
         * shared filesystem would refuse what the user chose. */
        data->flags |= VIR_MIGRATE_UNSAFE;
        for (guint i = 0; data->options->disks[i]; i++)
            virTypedParamsAddString (&data->params, &data->n_params, &max,
                                     VIR_MIGRATE_PARAM_MIGRATE_DISKS, data->options->disks[i]);
    }
    if (active && !prepare_images (data, error)) {
        remove_made (data);
        return FALSE;
    }
    if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
        remove_made (data);
        return FALSE;
    }

    thread = g_thread_new ("vireo-migrate", migration_thread, data);
    g_mutex_lock (&data->lock);
    while (!data->done) {
        gint64 until = g_get_monotonic_time () + POLL_US;

        if (g_cond_wait_until (&data->cond, &data->lock, until) && data->done)
            break;
        g_mutex_unlock (&data->lock);
        if (!aborted && g_cancellable_is_cancelled (cancellable)) {
            aborted = TRUE;
            if (virDomainAbortJob (data->refs.dom) < 0)
                g_debug ("Aborting the migration of %s: %s", data->refs.name,
                         virGetLastErrorMessage ());
            virResetLastError ();
        } else if (active) {
            report_job (data);
        }
        g_mutex_lock (&data->lock);
    }
    g_mutex_unlock (&data->lock);
    g_thread_join (thread);

    if (!data->ok) {
        remove_made (data);
        if (aborted) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The migration of “%s” was stopped; it runs on where it was."),
                         data->refs.name);
        } else {
            g_set_error (error, VIREO_VMM_ERROR, vireo_vmm_error_from_virt_code (data->error_code),
                         _("“%s” could not be migrated to %s: %s"), data->refs.name,
                         data->dest_name, data->error_message);
        }
        return FALSE;
    }
    if (data->progress) {
        vireo_progress_set_done (data->progress, vireo_progress_get_total (data->progress));
        vireo_progress_set_text (data->progress, NULL);
    }
    {
        g_autoptr(VireoVirtDomain) there = virDomainLookupByUUIDString (data->dconn,
                                                                         data->uuid);

        if (there)
            data->info = _vireo_domain_info_read (there);
        virResetLastError ();
    }
    return TRUE;
}

static gboolean
migrate_apply (gpointer  owner,
               gpointer  user_data,
               GError  **error)
{
    MigrateData *data = user_data;
    VireoDomain *domain = VIREO_DOMAIN (owner);
    VireoConnection *source = vireo_domain_get_connection (domain);

    if (data->info == NULL)
        return TRUE;
    _vireo_connection_merge_domain (data->destination, data->info);
    /* The source's definition went (unless kept): its list follows now, not
     * when libvirt's event arrives. */
    if (!(data->options->flags & VIREO_MIGRATE_KEEP_SOURCE) && source != NULL &&
        _vireo_connection_lookup_uuid (source, data->uuid) == domain) {
        g_autoptr(VireoVirtDomain) still = virDomainLookupByUUIDString (data->refs.conn,
                                                                         data->uuid);

        if (still == NULL)
            _vireo_connection_remove_domain (source, domain);
        virResetLastError ();
    }
    return TRUE;
}

static const VireoWorkerOps migrate_ops = {
    .run = migrate_run,
    .apply = migrate_apply,
    .free_data = migrate_data_free,
    .check_cancellable = TRUE,
};

static MigrateData *
migrate_data_new (VireoDomain               *domain,
                  VireoConnection           *destination,
                  const VireoMigrateOptions *options,
                  VireoProgress             *progress,
                  GError                   **error)
{
    g_autoptr(MigrateData) data = g_new0 (MigrateData, 1);
    VireoStorage *storage = vireo_connection_get_storage (destination);

    g_mutex_init (&data->lock);
    g_cond_init (&data->cond);
    data->made = g_ptr_array_new_with_free_func (g_free);
    data->options = options ? vireo_migrate_options_copy (options)
                            : vireo_migrate_options_new (VIREO_MIGRATE_LIVE);
    if (vireo_domain_get_connection (domain) == destination) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("“%s” is on that connection already."), vireo_domain_get_name (domain));
        return NULL;
    }
    if (!_vireo_handle_refs_take_connection (&data->refs, vireo_domain_get_connection (domain),
                                             error))
        return NULL;
    _vireo_handle_refs_take_domain (&data->refs, domain);
    data->dconn = _vireo_connection_ref_handle (destination, error);
    if (data->dconn == NULL)
        return NULL;
    data->dest_uri = g_strdup (vireo_connection_get_uri (destination));
    data->dest_name = vireo_connection_dup_display_name (destination);
    data->dest_storage = storage ? g_object_ref (storage) : NULL;
    data->progress = progress ? g_object_ref (progress) : NULL;
    data->destination = g_object_ref (destination);
    return g_steal_pointer (&data);
}

/* ------------------------------------------------------------ public API */

VireoMigrateOptions *
vireo_migrate_options_new (VireoMigrateFlags flags)
{
    VireoMigrateOptions *options = g_new0 (VireoMigrateOptions, 1);

    options->flags = flags;
    return options;
}

VireoMigrateOptions *
vireo_migrate_options_copy (const VireoMigrateOptions *options)
{
    VireoMigrateOptions *copy;

    g_return_val_if_fail (options != NULL, NULL);

    copy = vireo_migrate_options_new (options->flags);
    copy->disks = g_strdupv (options->disks);
    copy->bandwidth = options->bandwidth;
    copy->address = g_strdup (options->address);
    return copy;
}

void
vireo_migrate_options_free (VireoMigrateOptions *options)
{
    if (options == NULL)
        return;
    g_strfreev (options->disks);
    g_free (options->address);
    g_free (options);
}

gboolean
vireo_domain_migrate (VireoDomain               *domain,
                      VireoConnection           *destination,
                      const VireoMigrateOptions *options,
                      VireoProgress             *progress,
                      GCancellable              *cancellable,
                      GError                   **error)
{
    g_autoptr(MigrateData) data = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);
    g_return_val_if_fail (VIREO_IS_CONNECTION (destination), FALSE);

    data = migrate_data_new (domain, destination, options, progress, error);
    return data != NULL && vireo_worker_run (domain, &migrate_ops, data, cancellable, error);
}

void
vireo_domain_migrate_async (VireoDomain               *domain,
                            VireoConnection           *destination,
                            const VireoMigrateOptions *options,
                            VireoProgress             *progress,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
    GError *error = NULL;
    MigrateData *data;

    g_return_if_fail (VIREO_IS_DOMAIN (domain));
    g_return_if_fail (VIREO_IS_CONNECTION (destination));

    data = migrate_data_new (domain, destination, options, progress, &error);
    if (data == NULL) {
        g_task_report_error (domain, callback, user_data, vireo_domain_migrate_async, error);
        return;
    }
    vireo_worker_run_async (domain, vireo_domain_migrate_async, &migrate_ops, data,
                            cancellable, callback, user_data);
}

gboolean
vireo_domain_migrate_finish (VireoDomain  *domain,
                             GAsyncResult *result,
                             GError      **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    return vireo_worker_finish (domain, result, vireo_domain_migrate_async, error) != NULL;
}
