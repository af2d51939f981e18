/* vireo-install-plan-make.c: the images a plan makes, and the whole way for windows
 *
 * make() runs qemu-img for each image: conversions (`convert -p`, whose
 * progress it reads), overlays over a backing image, and new disk images
 * when the plan makes them (fully allocated ones grow while qemu-img writes
 * them, and the file's allocation is the progress).  Cancelling kills
 * qemu-img; what it made is removed.
 *
 * create_async() chains the steps: the capabilities and the host's VMs are
 * read through the connection's async calls, the steps run in worker
 * threads, and the engine defines and starts the VM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-plan-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-embed.h"
#include "vireo-error-cancelled.h"
#include "vireo-install-engine.h"
#include "vireo-network.h"
#include "vireo-storage.h"
#include "vireo-vmm-error.h"

/* ------------------------------------------------------------- qemu-img */

typedef struct {
    VireoInstallPlan *plan;
    const char       *status;
    GSubprocess      *proc;
    GMainLoop        *loop;
    GString          *err;
    GString          *out;
    const char       *grow_path;    /* a file whose allocation is the progress */
    guint64           grow_total;
    gboolean          waiting;
    guint             open_streams;
    double            last;
} Tracked;

static void
tracked_maybe_quit (Tracked *t)
{
    if (!t->waiting && t->open_streams == 0)
        g_main_loop_quit (t->loop);
}

static void
parse_progress (Tracked *t)
{
    /* qemu-img convert -p writes "    (12.34/100%)\r" over and over. */
    const char *open = strrchr (t->out->str, '(');
    double value;

    if (open == NULL)
        return;
    value = g_ascii_strtod (open + 1, NULL);
    if (value >= 0 && value <= 100 && value != t->last) {
        t->last = value;
        _vireo_install_plan_report (t->plan, t->status, value / 100.0);
    }
    g_string_erase (t->out, 0, open - t->out->str);
}

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data)
{
    Tracked *t = user_data;
    GString *into = g_object_get_data (stream, "vireo-into");
    char buf[4096];
    gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buf,
                                                         sizeof buf, NULL, NULL);

    if (n > 0) {
        g_string_append_len (into, buf, n);
        if (into == t->out)
            parse_progress (t);
        return G_SOURCE_CONTINUE;
    }
    if (n < 0)
        return G_SOURCE_CONTINUE;   /* would block, or a transient error */
    t->open_streams--;
    tracked_maybe_quit (t);
    return G_SOURCE_REMOVE;
}

static void
watch_stream (Tracked      *t,
              GInputStream *stream,
              GString      *into)
{
    g_autoptr(GSource) source = NULL;

    g_object_set_data (G_OBJECT (stream), "vireo-into", into);
    source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (stream), NULL);
    g_source_set_callback (source, (GSourceFunc) (void (*) (void)) readable_cb, t, NULL);
    g_source_attach (source, g_main_context_get_thread_default ());
    t->open_streams++;
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    Tracked *t = user_data;

    g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
    t->waiting = FALSE;
    tracked_maybe_quit (t);
}

static gboolean
grow_cb (gpointer user_data)
{
    Tracked *t = user_data;
    GStatBuf st;

    if (t->grow_total > 0 && g_stat (t->grow_path, &st) == 0) {
        double fraction = MIN (1.0, (double) st.st_blocks * 512 / (double) t->grow_total);
        if (fraction != t->last) {
            t->last = fraction;
            _vireo_install_plan_report (t->plan, t->status, fraction);
        }
    }
    return G_SOURCE_CONTINUE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
    g_subprocess_force_exit (G_SUBPROCESS (user_data));
}

/* Runs qemu-img with @args in this (worker) thread, reporting @status with
 * its progress; FALSE with qemu-img's message, or cancelled. */
static gboolean
run_qemu_img (VireoInstallPlan   *self,
              const char * const *args,
              const char         *status,
              const char         *grow_path,
              guint64             grow_total,
              GCancellable       *cancellable,
              GError            **error)
{
    g_autoptr(GMainContext) context = g_main_context_new ();
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autofree char *program = g_find_program_in_path ("qemu-img");
    g_autoptr(GSource) timer = NULL;
    Tracked t = { 0 };
    gulong handler = 0;
    gboolean ok;

    if (program == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_HYPERVISOR,
                     _("The program qemu-img, which makes disk images, was not found. "
                       "Install the package qemu-utils."));
        return FALSE;
    }
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    g_ptr_array_add (argv, program);
    for (guint i = 0; args[i]; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
    g_ptr_array_add (argv, NULL);

    g_main_context_push_thread_default (context);
    t.plan = self;
    t.status = status;
    t.err = g_string_new (NULL);
    t.out = g_string_new (NULL);
    t.grow_path = grow_path;
    t.grow_total = grow_total;
    t.last = -1;
    t.loop = g_main_loop_new (context, FALSE);
    _vireo_install_plan_report (self, status, grow_path ? 0 : -1);
    t.proc = g_subprocess_newv ((const char * const *) argv->pdata,
                                G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                error);
    ok = t.proc != NULL;
    if (ok) {
        watch_stream (&t, g_subprocess_get_stdout_pipe (t.proc), t.out);
        watch_stream (&t, g_subprocess_get_stderr_pipe (t.proc), t.err);
        t.waiting = TRUE;
        g_subprocess_wait_async (t.proc, NULL, waited_cb, &t);
        if (grow_path) {
            timer = g_timeout_source_new (200);
            g_source_set_callback (timer, grow_cb, &t, NULL);
            g_source_attach (timer, context);
        }
        if (cancellable)
            handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), t.proc,
                                             NULL);
        g_main_loop_run (t.loop);
        if (handler)
            g_cancellable_disconnect (cancellable, handler);
        if (timer)
            g_source_destroy (timer);
        if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
            ok = FALSE;
        } else if (!g_subprocess_get_if_exited (t.proc) ||
                   g_subprocess_get_exit_status (t.proc) != 0) {
            g_strstrip (t.err->str);
            g_set_error (error, VIREO_VMM_ERROR,
                         strstr (t.err->str, "No space left") ? VIREO_VMM_ERROR_NO_SPACE
                                                              : VIREO_VMM_ERROR_FAILED,
                         "%s", *t.err->str ? t.err->str : _("qemu-img failed without saying "
                                                            "why."));
            ok = FALSE;
        }
    }
    g_clear_object (&t.proc);
    g_main_loop_unref (t.loop);
    g_string_free (t.err, TRUE);
    g_string_free (t.out, TRUE);
    g_main_context_pop_thread_default (context);
    return ok;
}

/* Claims @path (a new, empty file) so that nothing appearing meanwhile is
 * overwritten; qemu-img then writes into it. */
static gboolean
claim_file (const char *path,
            GError    **error)
{
    int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

    if (fd >= 0) {
        g_close (fd, NULL);
        return TRUE;
    }
    g_set_error (error, VIREO_VMM_ERROR,
                 errno == EEXIST ? VIREO_VMM_ERROR_EXISTS : VIREO_VMM_ERROR_FAILED,
                 _("The disk image %s could not be created: %s."), path, g_strerror (errno));
    return FALSE;
}

static gboolean
convert_one (VireoInstallPlan       *self,
             VireoInstallConversion *c,
             GCancellable           *cancellable,
             GError                **error)
{
    const char *args[] = { "convert", "-p", "-O", "qcow2", c->source, c->dest, NULL };
    g_autofree char *name = g_path_get_basename (c->source);
    g_autofree char *status = g_strdup_printf (_("Converting “%s” to qcow2…"), name);
    g_autoptr(GError) local = NULL;

    if (!claim_file (c->dest, error))
        return FALSE;
    g_ptr_array_add (self->made, g_strdup (c->dest));
    if (run_qemu_img (self, args, status, NULL, 0, cancellable, &local))
        return TRUE;
    if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
    else
        g_set_error (error, VIREO_VMM_ERROR, local->code,
                     _("The image “%s” could not be converted: %s"), c->source, local->message);
    return FALSE;
}

static gboolean
make_volume (VireoInstallPlan        *self,
             VireoDomainConfigVolume *vol,
             GCancellable            *cancellable,
             GError                 **error)
{
    g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, vol->capacity);
    g_autofree char *backing_format = NULL;
    g_autofree char *status = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new ();
    g_autoptr(GError) local = NULL;
    gboolean full = !vol->sparse && vol->backing == NULL;

    g_ptr_array_add (args, "create");
    g_ptr_array_add (args, "-q");
    g_ptr_array_add (args, "-f");
    g_ptr_array_add (args, vol->format);
    if (vol->backing) {
        backing_format = vol->backing_format ? g_strdup (vol->backing_format)
                                             : vireo_install_image_format (vol->backing);
        g_ptr_array_add (args, "-F");
        g_ptr_array_add (args, backing_format);
        g_ptr_array_add (args, "-b");
        g_ptr_array_add (args, vol->backing);
        status = g_strdup_printf (_("Creating the disk “%s” over the image “%s”…"), vol->name,
                                  vol->backing);
    } else {
        status = g_strdup_printf (_("Creating the disk “%s”…"), vol->name);
    }
    if (full) {
        /* sparse=no: every block written now, as libvirt's pools allocate. */
        g_ptr_array_add (args, "-o");
        g_ptr_array_add (args, "preallocation=full");
    }
    g_ptr_array_add (args, vol->path);
    g_ptr_array_add (args, size);
    g_ptr_array_add (args, NULL);

    if (g_mkdir_with_parents (self->pool_dir, 0755) != 0 || !claim_file (vol->path, error)) {
        if (error && *error == NULL)
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                         _("The directory “%s” could not be made: %s"), self->pool_dir,
                         g_strerror (errno));
        return FALSE;
    }
    g_ptr_array_add (self->made, g_strdup (vol->path));
    if (run_qemu_img (self, (const char * const *) args->pdata, status,
                      full ? vol->path : NULL, vol->capacity, cancellable, &local))
        return TRUE;
    if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
    else
        g_set_error (error, VIREO_VMM_ERROR, local->code,
                     _("The disk image %s could not be created: %s"), vol->path,
                     local->message);
    return FALSE;
}

/* -------------------------------------------------------------- create */

typedef struct {
    VireoConnection *connection;
    VireoStorage    *storage;       /* the connection's, for the pool directory */
    VireoNetwork    *network;
    char            *caps;
    char            *domcaps;
    GHashTable      *domains;
    VireoDomain     *domain;
} CreateData;

static void
create_data_free (CreateData *data)
{
    g_clear_object (&data->connection);
    g_clear_object (&data->storage);
    g_clear_object (&data->network);
    g_free (data->caps);
    g_free (data->domcaps);
    g_clear_pointer (&data->domains, g_hash_table_unref);
    g_clear_object (&data->domain);
    g_free (data);
}

typedef gboolean (*StepFunc) (VireoInstallPlan *self,
                              CreateData       *data,
                              GCancellable     *cancellable,
                              GError          **error);

static void
step_thread (GTask        *step,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
    GTask *task = task_data;
    StepFunc func = g_object_get_data (G_OBJECT (step), "vireo-step");
    GError *error = NULL;

    if (func (source_object, g_task_get_task_data (task), cancellable, &error))
        g_task_return_boolean (step, TRUE);
    else
        g_task_return_error (step, error);
}

/* Runs @func in a worker thread, then @next on the owner's context. */
static void
run_step (GTask              *task,
          StepFunc            func,
          GAsyncReadyCallback next)
{
    g_autoptr(GTask) step = g_task_new (g_task_get_source_object (task),
                                        g_task_get_cancellable (task), next, task);

    g_task_set_source_tag (step, run_step);
    g_task_set_task_data (step, task, NULL);
    g_object_set_data (G_OBJECT (step), "vireo-step", func);
    g_task_run_in_thread (step, step_thread);
}

static void
create_fail (GTask  *task,
             GError *error)
{
    VireoInstallPlan *self = g_task_get_source_object (task);

    vireo_install_plan_remove_made (self);
    g_clear_pointer (&self->owner_context, g_main_context_unref);
    g_task_return_error (task, error);
    g_object_unref (task);
}

static gboolean
step_finish (GAsyncResult *result,
             GError      **error)
{
    return g_task_propagate_boolean (G_TASK (result), error);
}

/* Worker: where disks go, the default network, then resolve. */
static gboolean
resolve_step (VireoInstallPlan *self,
              CreateData       *data,
              GCancellable     *cancellable,
              GError          **error)
{
    g_autofree char *root = NULL;

    if (self->pool_dir == NULL) {
        g_autofree char *dir = NULL;

        if (vireo_embed_uri_get_root (self->uri, &root)) {
            dir = vireo_embed_images_dir (root);
        } else if (data->storage) {
            g_autoptr(GPtrArray) pools = vireo_storage_list_pools (data->storage, NULL);

            for (guint i = 0; pools && i < pools->len && dir == NULL; i++) {
                VireoStoragePoolInfo *pool = pools->pdata[i];
                if (g_str_equal (pool->name, "default") && pool->path)
                    dir = g_strdup (pool->path);
            }
        }
        if (dir == NULL)
            dir = g_str_has_suffix (self->uri, "/session")
                  ? g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL)
                  : g_strdup ("/var/lib/libvirt/images");
        vireo_install_plan_set_pool_directory (self, dir);
    }
    if (self->default_network == NULL && data->network && g_str_has_prefix (self->uri, "qemu") &&
        g_str_has_suffix (self->uri, "/system")) {
        g_autoptr(VireoNetworkSource) source = vireo_network_default_source (data->network,
                                                                              NULL);
        if (source && source->type == VIREO_NETWORK_SOURCE_NETWORK &&
            g_strcmp0 (source->name, "default") == 0)
            self->default_network = g_strdup ("default");
    }
    _vireo_install_plan_report (self, _("Choosing the virtual hardware…"), -1);
    return vireo_install_plan_resolve (self, data->caps, cancellable, error);
}

static gboolean
prepare_step (VireoInstallPlan *self,
              CreateData       *data,
              GCancellable     *cancellable,
              GError          **error)
{
    return vireo_install_plan_prepare (self, data->domcaps, cancellable, error);
}

static gboolean
make_step (VireoInstallPlan *self,
           CreateData       *data,
           GCancellable     *cancellable,
           GError          **error)
{
    return vireo_install_plan_check (self, data->domains, error) &&
           vireo_install_plan_make (self, cancellable, error);
}

/* A cancellation that came once the VM was made undoes it all the same. */
static void
undone_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    GTask *task = user_data;

    vireo_install_plan_remove_finish (VIREO_INSTALL_PLAN (source), result, NULL);
    create_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            _("The installation was cancelled.")));
}

static void
engine_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    GTask *task = user_data;
    VireoInstallPlan *self = g_task_get_source_object (task);
    CreateData *data = g_task_get_task_data (task);
    GError *error = NULL;

    data->domain = vireo_install_engine_run_finish (VIREO_CONNECTION (source), result, &error);
    if (data->domain == NULL) {
        create_fail (task, error);
        return;
    }
    if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
        vireo_install_plan_remove_async (self, data->domain, NULL, undone_cb, task);
        return;
    }
    _vireo_install_plan_report (self, self->define_only ? _("The virtual machine is defined.")
                                                        : _("The virtual machine is running."),
                                1);
    g_clear_pointer (&self->owner_context, g_main_context_unref);
    g_task_return_pointer (task, g_object_ref (data->domain), g_object_unref);
    g_object_unref (task);
}

static void
made_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
    GTask *task = user_data;
    VireoInstallPlan *self = VIREO_INSTALL_PLAN (source);
    CreateData *data = g_task_get_task_data (task);
    GError *error = NULL;
    const char *install = vireo_install_plan_get_marked_install_xml (self);

    if (!step_finish (result, &error)) {
        create_fail (task, error);
        return;
    }
    if (self->define_only) {
        /* Customized before the install begins: the lasting configuration,
         * shut off, for the user to edit. */
        _vireo_install_plan_report (self, _("Defining the virtual machine…"), -1);
        vireo_install_engine_define_async (data->connection, self->spec, self->final_xml,
                                           self->engine_volumes,
                                           g_task_get_cancellable (task), engine_cb, task);
        return;
    }
    _vireo_install_plan_report (self, _("Defining and starting the virtual machine…"), -1);
    vireo_install_engine_run_async (data->connection, self->spec,
                                    install ? install : self->final_xml,
                                    install ? self->final_xml : NULL, self->engine_volumes,
                                    g_task_get_cancellable (task), engine_cb, task);
}

static void
domains_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    GTask *task = user_data;
    CreateData *data = g_task_get_task_data (task);
    GError *error = NULL;

    data->domains = vireo_connection_list_domain_xml_finish (VIREO_CONNECTION (source), result,
                                                            &error);
    if (data->domains == NULL) {
        create_fail (task, error);
        return;
    }
    run_step (task, make_step, made_cb);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
    GTask *task = user_data;
    CreateData *data = g_task_get_task_data (task);
    GError *error = NULL;

    if (!step_finish (result, &error)) {
        create_fail (task, error);
        return;
    }
    vireo_connection_list_domain_xml_async (data->connection, g_task_get_cancellable (task),
                                            domains_cb, task);
}

static void
domcaps_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    GTask *task = user_data;
    CreateData *data = g_task_get_task_data (task);
    GError *error = NULL;

    /* Without domain capabilities the defaults are those of an older
     * libvirt (no firmware list): not fatal, as for vireo-install. */
    data->domcaps = vireo_connection_dup_domain_capabilities_finish (VIREO_CONNECTION (source),
                                                                     result, &error);
    if (data->domcaps == NULL && vireo_error_is_cancelled (error)) {
        create_fail (task, error);
        return;
    }
    g_clear_error (&error);
    run_step (task, prepare_step, prepared_cb);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
    GTask *task = user_data;
    VireoInstallPlan *self = VIREO_INSTALL_PLAN (source);
    CreateData *data = g_task_get_task_data (task);
    VireoDomainConfig *c = self->config;
    GError *error = NULL;

    if (!step_finish (result, &error)) {
        create_fail (task, error);
        return;
    }
    vireo_connection_dup_domain_capabilities_async (data->connection,
                                                    vireo_domain_config_get_emulator (c),
                                                    vireo_domain_config_get_arch (c),
                                                    vireo_domain_config_get_machine (c),
                                                    vireo_domain_config_get_virt_type (c),
                                                    g_task_get_cancellable (task), domcaps_cb,
                                                    task);
}

static void
caps_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
    GTask *task = user_data;
    CreateData *data = g_task_get_task_data (task);
    GError *error = NULL;

    data->caps = vireo_connection_dup_capabilities_finish (VIREO_CONNECTION (source), result,
                                                          &error);
    if (data->caps == NULL) {
        create_fail (task, error);
        return;
    }
    run_step (task, resolve_step, resolved_cb);
}

/* -------------------------------------------------------------- public API */

gboolean
vireo_install_plan_make (VireoInstallPlan *self,
                         GCancellable     *cancellable,
                         GError          **error)
{
    GPtrArray *volumes;

    g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
    g_return_val_if_fail (self->final_xml != NULL, FALSE);

    for (guint i = 0; i < self->conversions->len; i++) {
        if (!convert_one (self, self->conversions->pdata[i], cancellable, error))
            return FALSE;
    }
    volumes = vireo_domain_config_get_new_volumes (self->config);
    for (guint i = 0; i < volumes->len; i++) {
        VireoDomainConfigVolume *vol = volumes->pdata[i];

        if (g_ptr_array_find (self->engine_volumes, vol, NULL))
            continue;
        if (!make_volume (self, vol, cancellable, error))
            return FALSE;
    }
    /* Whoever completes the install (this process or the manager the CLI
     * handed it to) removes the boot files and seeds then. */
    g_clear_pointer (&self->marked_install_xml, g_free);
    if (self->install_xml)
        self->marked_install_xml = vireo_install_engine_mark_install_files (self->install_xml,
                                                                            self->install_files);
    return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

void
vireo_install_plan_create_async (VireoInstallPlan   *self,
                                 VireoConnection    *connection,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
    GTask *task;
    CreateData *data;

    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));
    g_return_if_fail (self->owner_context == NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_install_plan_create_async);
    data = g_new0 (CreateData, 1);
    data->connection = g_object_ref (connection);
    if (vireo_connection_get_storage (connection))
        data->storage = g_object_ref (vireo_connection_get_storage (connection));
    if (vireo_connection_get_network (connection))
        data->network = g_object_ref (vireo_connection_get_network (connection));
    g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
    /* The embedded root's image folder is the plan's to fill, as a manager
     * that holds the root does for vireo-install. */
    self->make_volumes = self->make_volumes || vireo_connection_is_embedded (connection);
    self->making = TRUE;
    self->owner_context = g_main_context_ref_thread_default ();
    _vireo_install_plan_report (self, _("Reading what the hypervisor offers…"), -1);
    vireo_connection_dup_capabilities_async (connection, cancellable, caps_cb, task);
}

static void
removed_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
    vireo_install_plan_remove_made (source_object);
    g_task_return_boolean (task, TRUE);
}

static void
removed_domain_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
    GTask *task = user_data;
    GError *error = NULL;

    if (!vireo_domain_delete_finish (VIREO_DOMAIN (source), result, &error)) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    g_task_run_in_thread (task, removed_thread);
    g_object_unref (task);
}

void
vireo_install_plan_remove_async (VireoInstallPlan   *self,
                                 VireoDomain        *domain,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
    GTask *task;
    GPtrArray *volumes;
    g_autoptr(GPtrArray) disks = g_ptr_array_new ();

    g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_install_plan_remove_async);
    volumes = vireo_domain_config_get_new_volumes (self->config);
    for (guint i = 0; i < volumes->len; i++)
        g_ptr_array_add (disks, ((VireoDomainConfigVolume *) volumes->pdata[i])->path);
    g_ptr_array_add (disks, NULL);
    vireo_domain_delete_async (domain, VIREO_DOMAIN_DELETE_REMOVE_DISKS,
                               (const char * const *) disks->pdata, cancellable,
                               removed_domain_cb, task);
}

gboolean
vireo_install_plan_remove_finish (VireoInstallPlan *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

VireoDomain *
vireo_install_plan_create_finish (VireoInstallPlan *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_install_plan_create_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
