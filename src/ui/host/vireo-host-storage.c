/* vireo-host-storage.c: the host window's Storage page
 *
 * Pools on the left (type, size, use, state, autostart; add, start, stop, refresh,
 * delete), the selected pool's volumes on the right (size, allocation, format, backing
 * image, the VMs that use them; new, delete, upload and download).  On the embedded
 * connection the one pool is the root's image folder: no pool buttons, and images are
 * imported (copied or converted) and exported instead.  A transfer runs below the volumes
 * with its progress and a Cancel button; the window stays usable meanwhile.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-pool-dialog.h"
#include "vireo-host-storage.h"
#include "vireo-host-transfer-dialog.h"
#include "vireo-host-ui.h"
#include "vireo-host-volume-dialog.h"
#include "vireo-host-window.h"

enum {
    POOL_NAME,
    POOL_TYPE,
    POOL_STATE,
    POOL_SIZE,
    POOL_USED,
    POOL_AUTOSTART,
    POOL_N_COLUMNS
};

enum {
    VOL_NAME,
    VOL_SIZE,
    VOL_ALLOCATION,
    VOL_FORMAT,
    VOL_BACKING,
    VOL_USERS,
    VOL_PATH,
    VOL_N_COLUMNS
};

struct _VireoHostStorage {
    GtkBox parent_instance;

    /* template widgets */
    GtkTreeView      *pool_view;
    GtkListStore     *pool_store;
    GtkBox           *pool_buttons;
    GtkButton        *add_pool_button;
    GtkButton        *delete_pool_button;
    GtkButton        *start_pool_button;
    GtkButton        *stop_pool_button;
    GtkButton        *refresh_pool_button;
    GtkCheckButton   *pool_autostart_check;
    GtkLabel         *pool_label;
    GtkTreeView      *volume_view;
    GtkListStore     *volume_store;
    GtkButton        *new_volume_button;
    GtkButton        *delete_volume_button;
    GtkButton        *import_button;
    GtkButton        *export_button;
    GtkRevealer      *transfer_revealer;
    GtkLabel         *transfer_label;
    GtkProgressBar   *transfer_progress;
    GtkButton        *cancel_transfer_button;

    /* owned */
    VireoConnection  *connection;
    GCancellable     *cancellable;
    GCancellable     *transfer;       /* the running transfer's, or NULL */
    GPtrArray        *pools;          /* VireoStoragePoolInfo* */
    GPtrArray        *volumes;        /* VireoStorageVolumeInfo* of the selected pool */
    char             *pool;           /* the selected pool's name */
    char             *volume;         /* the selected volume's path */
    guint             volume_serial;
    guint             volumes_source;   /* coalesces the VMs' comings and goings */

    gboolean          image_folder;   /* the embedded root's folder, not libvirt's pools */
    gboolean          loading;
    gboolean          reload_pending;
    gboolean          loaded;
    gboolean          updating;
};

enum {
    SIGNAL_LOADED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostStorage, vireo_host_storage, GTK_TYPE_BOX)

/* One call's data: the page and what the call was about. */
typedef struct {
    VireoHostStorage *self;      /* owned */
    char             *pool;
    char             *name;
    char             *path;
    char             *format;
    guint             serial;
} Call;

static Call *
call_new (VireoHostStorage *self)
{
    Call *call = g_new0 (Call, 1);

    call->self = g_object_ref (self);
    call->pool = g_strdup (self->pool);
    return call;
}

static void
call_free (gpointer data)
{
    Call *call = data;

    g_object_unref (call->self);
    g_free (call->pool);
    g_free (call->name);
    g_free (call->path);
    g_free (call->format);
    g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void report (VireoHostStorage *self, const GError *error);
static void load_volumes (VireoHostStorage *self);

static void
report (VireoHostStorage *self,
        const GError     *error)
{
    if (!vireo_error_is_cancelled (error))
        vireo_host_window_report (GTK_WIDGET (self), error->message);
}

static VireoStoragePoolInfo *
selected_pool (VireoHostStorage *self)
{
    for (guint i = 0; self->pools != NULL && i < self->pools->len; i++) {
        VireoStoragePoolInfo *pool = self->pools->pdata[i];

        if (g_strcmp0 (pool->name, self->pool) == 0)
            return pool;
    }
    return NULL;
}

static VireoStorageVolumeInfo *
selected_volume (VireoHostStorage *self)
{
    for (guint i = 0; self->volumes != NULL && i < self->volumes->len; i++) {
        VireoStorageVolumeInfo *volume = self->volumes->pdata[i];

        if (g_strcmp0 (volume->path, self->volume) == 0)
            return volume;
    }
    return NULL;
}

static void
update_buttons (VireoHostStorage *self)
{
    VireoStoragePoolInfo *pool = selected_pool (self);
    VireoStorageVolumeInfo *volume = selected_volume (self);
    gboolean active = pool != NULL && pool->active;
    gboolean idle = self->transfer == NULL;

    gtk_widget_set_visible (GTK_WIDGET (self->pool_buttons), !self->image_folder);
    gtk_widget_set_sensitive (GTK_WIDGET (self->delete_pool_button), pool != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->start_pool_button), pool != NULL && !active);
    gtk_widget_set_sensitive (GTK_WIDGET (self->stop_pool_button), active);
    gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_pool_button), active);
    gtk_widget_set_sensitive (GTK_WIDGET (self->pool_autostart_check),
                              pool != NULL && pool->persistent);
    self->updating = TRUE;
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->pool_autostart_check),
                                  pool != NULL && pool->autostart);
    self->updating = FALSE;
    gtk_widget_set_sensitive (GTK_WIDGET (self->new_volume_button), active);
    gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), active && idle);
    gtk_widget_set_sensitive (GTK_WIDGET (self->delete_volume_button), volume != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), volume != NULL && idle);
}

/* Labels of the import/export buttons: libvirt's streams upload and download; the image
 * folder imports and exports. */
static void
name_transfer_buttons (VireoHostStorage *self)
{
    AtkObject *import = gtk_widget_get_accessible (GTK_WIDGET (self->import_button));
    AtkObject *export = gtk_widget_get_accessible (GTK_WIDGET (self->export_button));

    if (self->image_folder) {
        atk_object_set_name (import, _("Import Image"));
        atk_object_set_name (export, _("Export Image"));
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button),
                                     _("Copy or convert a disk image file into the image "
                                       "folder"));
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->export_button),
                                     _("Copy or convert the selected image to a file"));
        atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->volume_view)),
                             _("Images"));
        atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->new_volume_button)),
                             _("New Image"));
        atk_object_set_name (gtk_widget_get_accessible (
                                 GTK_WIDGET (self->delete_volume_button)),
                             _("Delete Image"));
    } else {
        atk_object_set_name (import, _("Upload Volume"));
        atk_object_set_name (export, _("Download Volume"));
    }
}

static void
fill_volumes (VireoHostStorage *self)
{
    g_autofree char *keep = g_strdup (self->volume);
    GtkTreeModel *model = GTK_TREE_MODEL (self->volume_store);
    GtkTreeIter iter;

    self->updating = TRUE;
    gtk_list_store_clear (self->volume_store);
    for (guint i = 0; self->volumes != NULL && i < self->volumes->len; i++) {
        VireoStorageVolumeInfo *volume = self->volumes->pdata[i];
        g_autofree char *size = vireo_host_ui_format_size (volume->capacity, TRUE);
        g_autofree char *allocation = vireo_host_ui_format_size (volume->allocation, FALSE);
        g_autofree char *users = volume->users != NULL ? g_strjoinv (", ", volume->users)
                                                       : g_strdup ("");
        g_autofree char *backing = volume->backing != NULL
                                   ? g_path_get_basename (volume->backing) : g_strdup ("");

        gtk_list_store_insert_with_values (self->volume_store, NULL, -1,
                                           VOL_NAME, volume->name,
                                           VOL_SIZE, size,
                                           VOL_ALLOCATION, allocation,
                                           VOL_FORMAT, volume->format ? volume->format : "",
                                           VOL_BACKING, backing,
                                           VOL_USERS, users,
                                           VOL_PATH, volume->path,
                                           -1);
    }
    self->updating = FALSE;
    g_clear_pointer (&self->volume, g_free);
    if (keep != NULL && gtk_tree_model_get_iter_first (model, &iter)) {
        do {
            g_autofree char *path = NULL;

            gtk_tree_model_get (model, &iter, VOL_PATH, &path, -1);
            if (g_strcmp0 (path, keep) == 0) {
                gtk_tree_selection_select_iter (
                    gtk_tree_view_get_selection (self->volume_view), &iter);
                break;
            }
        } while (gtk_tree_model_iter_next (model, &iter));
    }
    update_buttons (self);
}

static void
show_pool_label (VireoHostStorage *self)
{
    VireoStoragePoolInfo *pool = selected_pool (self);
    g_autofree char *available = NULL;
    g_autofree char *text = NULL;

    if (pool == NULL) {
        gtk_label_set_text (self->pool_label, "");
        return;
    }
    available = vireo_host_ui_format_size (pool->available, FALSE);
    if (!pool->active)
        text = g_strdup_printf (_("%s is not active: start it to see its volumes."),
                                pool->name);
    else if (pool->path != NULL)
        /* TRANSLATORS: a pool's folder, then its free space: "/var/lib/libvirt/images,
         * 20.1 GiB free" */
        text = g_strdup_printf (_("%s, %s free"), pool->path, available);
    else
        text = g_strdup_printf (_("%s free"), available);
    gtk_label_set_text (self->pool_label, text);
}

static void
volumes_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    VireoHostStorage *self = call->self;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) volumes = vireo_host_list_volumes_finish (VIREO_CONNECTION (source),
                                                                   result, &error);
    gboolean first = !self->loaded;

    if (call->serial != self->volume_serial)
        return;
    if (volumes == NULL)
        report (self, error);
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    self->volumes = g_steal_pointer (&volumes);
    fill_volumes (self);
    self->loaded = TRUE;
    if (first)
        g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
load_volumes (VireoHostStorage *self)
{
    VireoStoragePoolInfo *pool = selected_pool (self);
    Call *call;

    self->volume_serial++;
    show_pool_label (self);
    if (pool == NULL || !pool->active) {
        gboolean first = !self->loaded;

        g_clear_pointer (&self->volumes, g_ptr_array_unref);
        fill_volumes (self);
        self->loaded = TRUE;
        if (first)
            g_signal_emit (self, signals[SIGNAL_LOADED], 0);
        return;
    }
    call = call_new (self);
    call->serial = self->volume_serial;
    vireo_host_list_volumes_async (self->connection, pool->name, self->cancellable, volumes_cb,
                                   call);
}

static void
fill_pools (VireoHostStorage *self)
{
    g_autofree char *keep = g_strdup (self->pool);
    GtkTreeModel *model = GTK_TREE_MODEL (self->pool_store);
    GtkTreeIter iter;
    gboolean found = FALSE;

    self->updating = TRUE;
    gtk_list_store_clear (self->pool_store);
    for (guint i = 0; i < self->pools->len; i++) {
        VireoStoragePoolInfo *pool = self->pools->pdata[i];
        g_autofree char *size = vireo_host_ui_format_size (pool->capacity, TRUE);
        g_autofree char *used = NULL;

        if (pool->capacity > 0)
            used = g_strdup_printf (_("%.0f %%"), 100.0 * pool->allocation / pool->capacity);
        else
            used = g_strdup ("—");
        gtk_list_store_insert_with_values (
            self->pool_store, NULL, -1,
            POOL_NAME, pool->name,
            POOL_TYPE, self->image_folder ? _("Image folder") : pool->type,
            POOL_STATE, pool->active ? _("Active") : _("Inactive"),
            POOL_SIZE, size,
            POOL_USED, used,
            POOL_AUTOSTART, pool->autostart ? _("Yes") : _("No"),
            -1);
    }
    self->updating = FALSE;
    g_clear_pointer (&self->pool, g_free);
    if (gtk_tree_model_get_iter_first (model, &iter)) {
        GtkTreeIter first = iter;

        do {
            g_autofree char *name = NULL;

            gtk_tree_model_get (model, &iter, POOL_NAME, &name, -1);
            if (keep != NULL && g_str_equal (name, keep)) {
                found = TRUE;
                break;
            }
        } while (gtk_tree_model_iter_next (model, &iter));
        /* The selection's ::changed loads the volumes. */
        gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->pool_view),
                                        found ? &iter : &first);
    } else {
        load_volumes (self);
    }
    update_buttons (self);
}

static void
pools_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    g_autoptr(VireoHostStorage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = vireo_storage_list_pools_finish (VIREO_STORAGE (source),
                                                                  result, &error);

    self->loading = FALSE;
    if (self->reload_pending) {
        self->reload_pending = FALSE;
        vireo_host_storage_reload (self);
    }
    if (pools == NULL) {
        gboolean first = !self->loaded;

        report (self, error);
        if (vireo_error_is_cancelled (error))
            return;
        self->loaded = TRUE;
        if (first)
            g_signal_emit (self, signals[SIGNAL_LOADED], 0);
        return;
    }
    g_clear_pointer (&self->pools, g_ptr_array_unref);
    self->pools = g_steal_pointer (&pools);
    fill_pools (self);
}

static void
pool_selection_changed_cb (VireoHostStorage *self,
                           GtkTreeSelection *selection)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *name = NULL;

    if (self->updating)
        return;
    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, POOL_NAME, &name, -1);
    g_free (self->pool);
    self->pool = g_steal_pointer (&name);
    update_buttons (self);
    load_volumes (self);
}

static void
volume_selection_changed_cb (VireoHostStorage *self,
                             GtkTreeSelection *selection)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *path = NULL;

    if (self->updating)
        return;
    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, VOL_PATH, &path, -1);
    g_free (self->volume);
    self->volume = g_steal_pointer (&path);
    update_buttons (self);
}

/* libvirt's pool events (state, refresh) and the VMs coming and going (the
 * volumes' users): whoever changed them, the lists follow. */
static void
pool_changed_cb (VireoHostStorage *self)
{
    if (self->loaded && !self->image_folder)
        vireo_host_storage_reload (self);
}

static gboolean
reload_volumes_cb (gpointer user_data)
{
    VireoHostStorage *self = user_data;

    self->volumes_source = 0;
    load_volumes (self);
    return G_SOURCE_REMOVE;
}

/* A connection that opens adds its VMs one by one: their users are read
 * again once, a moment after the last. */
static void
domains_changed_cb (VireoHostStorage *self)
{
    if (self->loaded && self->volumes_source == 0)
        self->volumes_source = g_timeout_add (250, reload_volumes_cb, self);
}

/* Pools */

static void
pool_act_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_host_pool_act_finish (VIREO_CONNECTION (source), result, &error))
        report (call->self, error);
    vireo_host_storage_reload (call->self);
}

static void
pool_act (VireoHostStorage   *self,
          VireoHostPoolAction action)
{
    if (self->pool == NULL)
        return;
    vireo_host_pool_act_async (self->connection, self->pool, action, self->cancellable,
                               pool_act_cb, call_new (self));
}

static void
start_pool_clicked_cb (VireoHostStorage *self)
{
    pool_act (self, VIREO_HOST_POOL_ACTION_START);
}

static void
confirmed_stop_pool (gpointer user_data,
                     gboolean confirmed)
{
    Call *call = user_data;

    if (confirmed)
        vireo_host_pool_act_async (call->self->connection, call->pool,
                                   VIREO_HOST_POOL_ACTION_STOP, call->self->cancellable,
                                   pool_act_cb, call_new (call->self));
}

static void
stop_pool_clicked_cb (VireoHostStorage *self)
{
    g_autofree char *question = NULL;

    if (self->pool == NULL)
        return;
    question = g_strdup_printf (_("Stop the storage pool “%s”?"), self->pool);
    vireo_host_ui_confirm (GTK_WIDGET (self), question,
                           _("Its volumes cannot be used until it starts again; running "
                             "virtual machines keep the disks they have open."),
                           _("_Stop Pool"), confirmed_stop_pool, call_new (self), call_free);
}

static void
refresh_pool_clicked_cb (VireoHostStorage *self)
{
    pool_act (self, VIREO_HOST_POOL_ACTION_REFRESH);
}

static void
confirmed_delete_pool (gpointer user_data,
                       gboolean confirmed)
{
    Call *call = user_data;

    if (confirmed)
        vireo_host_pool_act_async (call->self->connection, call->pool,
                                   VIREO_HOST_POOL_ACTION_DELETE, call->self->cancellable,
                                   pool_act_cb, call_new (call->self));
}

static void
delete_pool_clicked_cb (VireoHostStorage *self)
{
    g_autofree char *question = NULL;

    if (self->pool == NULL)
        return;
    question = g_strdup_printf (_("Delete the storage pool “%s”?"), self->pool);
    vireo_host_ui_confirm (GTK_WIDGET (self), question,
                           _("The pool is stopped and its definition removed; its volumes "
                             "stay where they are."),
                           _("_Delete Pool"), confirmed_delete_pool, call_new (self),
                           call_free);
}

static void
pool_autostart_toggled_cb (VireoHostStorage *self)
{
    gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->pool_autostart_check));

    if (!self->updating)
        pool_act (self, on ? VIREO_HOST_POOL_ACTION_AUTOSTART_ON
                           : VIREO_HOST_POOL_ACTION_AUTOSTART_OFF);
}

static void
pool_created_cb (VireoHostStorage *self,
                 const char       *name)
{
    g_free (self->pool);
    self->pool = g_strdup (name);
    vireo_host_storage_reload (self);
}

static void
add_pool_clicked_cb (VireoHostStorage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog = vireo_host_pool_dialog_new (GTK_WINDOW (toplevel), self->connection);

    g_signal_connect_object (dialog, "created", G_CALLBACK (pool_created_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* Volumes */

static void
volume_created_cb (VireoHostStorage *self,
                   const char       *path)
{
    g_free (self->volume);
    self->volume = g_strdup (path);
    load_volumes (self);
}

static void
new_volume_clicked_cb (VireoHostStorage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    VireoStoragePoolInfo *pool;
    GtkWidget *dialog;

    if (self->pool == NULL)
        return;
    dialog = vireo_host_volume_dialog_new (GTK_WINDOW (toplevel), self->connection, self->pool,
                                           self->volumes);
    pool = selected_pool (self);
    if (pool != NULL)
        vireo_host_volume_dialog_set_space (VIREO_HOST_VOLUME_DIALOG (dialog),
                                            pool->path != NULL ? pool->path : pool->name,
                                            pool->available);
    g_signal_connect_object (dialog, "created", G_CALLBACK (volume_created_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_volume_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_host_delete_volume_finish (VIREO_CONNECTION (source), result, &error))
        report (call->self, error);
    load_volumes (call->self);
}

static void
confirmed_delete_volume (gpointer user_data,
                         gboolean confirmed)
{
    Call *call = user_data;

    if (confirmed)
        vireo_host_delete_volume_async (call->self->connection, call->path,
                                        call->self->cancellable, delete_volume_cb,
                                        call_new (call->self));
}

static void
delete_volume_clicked_cb (VireoHostStorage *self)
{
    VireoStorageVolumeInfo *volume = selected_volume (self);
    g_autofree char *question = NULL;
    Call *call;

    if (volume == NULL)
        return;
    question = g_strdup_printf (_("Delete the disk image “%s”?"), volume->name);
    call = call_new (self);
    call->path = g_strdup (volume->path);
    vireo_host_ui_confirm (GTK_WIDGET (self), question,
                           _("The file and all the data in it are deleted for good."),
                           _("_Delete"), confirmed_delete_volume, call, call_free);
}

/* Transfers */

static void
transfer_progress_cb (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
    VireoHostStorage *self = user_data;
    g_autofree char *done_text = vireo_host_ui_format_size (done, FALSE);
    g_autofree char *total_text = vireo_host_ui_format_size (total, FALSE);
    g_autofree char *text = NULL;

    if (total == 0) {
        gtk_progress_bar_pulse (self->transfer_progress);
        gtk_progress_bar_set_text (self->transfer_progress, done_text);
        return;
    }
    gtk_progress_bar_set_fraction (self->transfer_progress, (double) done / total);
    /* qemu-img reports parts of 10,000, not bytes. */
    if (total == 10000)
        text = g_strdup_printf (_("%.0f %%"), done / 100.0);
    else
        /* TRANSLATORS: bytes transferred of all: "1.2 GiB of 4.0 GiB" */
        text = g_strdup_printf (_("%s of %s"), done_text, total_text);
    gtk_progress_bar_set_text (self->transfer_progress, text);
}

static void
begin_transfer (VireoHostStorage *self,
                const char       *message)
{
    g_clear_object (&self->transfer);
    self->transfer = g_cancellable_new ();
    gtk_label_set_text (self->transfer_label, message);
    gtk_progress_bar_set_fraction (self->transfer_progress, 0.0);
    gtk_progress_bar_set_text (self->transfer_progress, "");
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_transfer_button), TRUE);
    gtk_revealer_set_reveal_child (self->transfer_revealer, TRUE);
    g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             self->transfer, G_CONNECT_SWAPPED);
    update_buttons (self);
}

static void
end_transfer (VireoHostStorage *self,
              const char       *message)
{
    g_clear_object (&self->transfer);
    gtk_label_set_text (self->transfer_label, message);
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_transfer_button), FALSE);
    update_buttons (self);
}

static void start_import (Call *call, gboolean replace);

static void
confirmed_replace (gpointer user_data,
                   gboolean confirmed)
{
    Call *call = user_data;

    if (confirmed)
        start_import (call, TRUE);
}

static void
import_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    VireoHostStorage *self = call->self;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = vireo_host_import_volume_finish (VIREO_CONNECTION (source), result,
                                                             &error);
    g_autofree char *message = NULL;

    if (path == NULL && g_error_matches (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS)) {
        g_autofree char *question = g_strdup_printf (_("Replace the disk image “%s”?"),
                                                     call->name);

        end_transfer (self, "");
        gtk_revealer_set_reveal_child (self->transfer_revealer, FALSE);
        vireo_host_ui_confirm (GTK_WIDGET (self), question,
                               _("There is one of that name: its contents are replaced by "
                                 "the file's."),
                               _("_Replace"), confirmed_replace, g_steal_pointer (&call),
                               call_free);
        return;
    }
    if (path == NULL) {
        message = vireo_error_is_cancelled (error)
                  ? g_strdup_printf (_("The transfer of “%s” was cancelled; nothing was kept."),
                                     call->name)
                  : g_strdup_printf (_("The transfer of “%s” failed."), call->name);
        end_transfer (self, message);
        report (self, error);
    } else {
        message = g_strdup_printf (_("“%s” is in place."), call->name);
        end_transfer (self, message);
        g_free (self->volume);
        self->volume = g_steal_pointer (&path);
    }
    load_volumes (self);
}

static void
start_import (Call    *call,
              gboolean replace)
{
    VireoHostStorage *self = call->self;
    g_autofree char *message = NULL;
    Call *next = call_new (self);

    next->pool = g_strdup (call->pool);
    next->name = g_strdup (call->name);
    next->path = g_strdup (call->path);
    next->format = g_strdup (call->format);
    message = self->image_folder
              ? g_strdup_printf (_("Importing %s as “%s”…"), call->path, call->name)
              : g_strdup_printf (_("Uploading %s into “%s”…"), call->path, call->name);
    begin_transfer (self, message);
    vireo_host_import_volume_async (self->connection, call->pool, call->name, call->path,
                                    call->format, replace, transfer_progress_cb,
                                    g_object_ref (self), g_object_unref, self->transfer,
                                    import_cb, next);
}

static void
import_chosen_cb (VireoHostStorage *self,
                  const char       *path,
                  const char       *name,
                  const char       *format)
{
    g_autoptr(Call) call = call_new (self);

    call->path = g_strdup (path);
    call->name = g_strdup (name);
    call->format = g_strdup (format);
    start_import (call, FALSE);
}

static void
import_clicked_cb (VireoHostStorage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    VireoStorageVolumeInfo *volume = selected_volume (self);
    GtkWidget *dialog;

    if (self->pool == NULL || self->transfer != NULL)
        return;
    dialog = vireo_host_transfer_dialog_new (GTK_WINDOW (toplevel), VIREO_HOST_TRANSFER_IMPORT,
                                             self->image_folder, !self->image_folder,
                                             volume != NULL ? volume->name : NULL);
    g_signal_connect_object (dialog, "chosen", G_CALLBACK (import_chosen_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *message = NULL;

    if (!vireo_host_export_volume_finish (VIREO_CONNECTION (source), result, &error)) {
        message = vireo_error_is_cancelled (error)
                  ? g_strdup_printf (_("The transfer to %s was cancelled; nothing was kept."),
                                     call->path)
                  : g_strdup_printf (_("The transfer to %s failed."), call->path);
        report (call->self, error);
    } else {
        message = g_strdup_printf (_("%s is written."), call->path);
    }
    end_transfer (call->self, message);
}

static void
export_chosen_cb (VireoHostStorage *self,
                  const char       *path,
                  const char       *name,
                  const char       *format)
{
    VireoStorageVolumeInfo *volume = selected_volume (self);
    g_autofree char *message = NULL;
    Call *call;

    if (volume == NULL)
        return;
    call = call_new (self);
    call->path = g_strdup (path);
    message = self->image_folder
              ? g_strdup_printf (_("Exporting “%s” to %s…"), volume->name, path)
              : g_strdup_printf (_("Downloading “%s” to %s…"), volume->name, path);
    begin_transfer (self, message);
    vireo_host_export_volume_async (self->connection, volume->path, path, format,
                                    transfer_progress_cb, g_object_ref (self), g_object_unref,
                                    self->transfer, export_cb, call);
}

static void
export_clicked_cb (VireoHostStorage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    VireoStorageVolumeInfo *volume = selected_volume (self);
    GtkWidget *dialog;

    if (volume == NULL || self->transfer != NULL)
        return;
    dialog = vireo_host_transfer_dialog_new (GTK_WINDOW (toplevel), VIREO_HOST_TRANSFER_EXPORT,
                                             self->image_folder, !self->image_folder,
                                             volume->name);
    g_signal_connect_object (dialog, "chosen", G_CALLBACK (export_chosen_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_transfer_clicked_cb (VireoHostStorage *self)
{
    if (self->transfer == NULL)
        return;
    gtk_label_set_text (self->transfer_label, _("Cancelling…"));
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_transfer_button), FALSE);
    g_cancellable_cancel (self->transfer);
}

static void
vireo_host_storage_dispose (GObject *object)
{
    VireoHostStorage *self = VIREO_HOST_STORAGE (object);

    if (self->transfer != NULL)
        g_cancellable_cancel (self->transfer);
    g_clear_handle_id (&self->volumes_source, g_source_remove);
    g_clear_object (&self->transfer);
    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->pools, g_ptr_array_unref);
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    g_clear_pointer (&self->pool, g_free);
    g_clear_pointer (&self->volume, g_free);

    G_OBJECT_CLASS (vireo_host_storage_parent_class)->dispose (object);
}

static void
vireo_host_storage_class_init (VireoHostStorageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = vireo_host_storage_dispose;

    signals[SIGNAL_LOADED] =
        g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-host-storage.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoHostStorage, name)
    BIND (pool_view);
    BIND (pool_store);
    BIND (pool_buttons);
    BIND (add_pool_button);
    BIND (delete_pool_button);
    BIND (start_pool_button);
    BIND (stop_pool_button);
    BIND (refresh_pool_button);
    BIND (pool_autostart_check);
    BIND (pool_label);
    BIND (volume_view);
    BIND (volume_store);
    BIND (new_volume_button);
    BIND (delete_volume_button);
    BIND (import_button);
    BIND (export_button);
    BIND (transfer_revealer);
    BIND (transfer_label);
    BIND (transfer_progress);
    BIND (cancel_transfer_button);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, pool_selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, volume_selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, add_pool_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, delete_pool_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, start_pool_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, stop_pool_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, refresh_pool_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, pool_autostart_toggled_cb);
    gtk_widget_class_bind_template_callback (widget_class, new_volume_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, delete_volume_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, cancel_transfer_clicked_cb);
}

static void
vireo_host_storage_init (VireoHostStorage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    update_buttons (self);
}

void
vireo_host_storage_set_connection (VireoHostStorage *self,
                                   VireoConnection  *connection,
                                   GCancellable     *cancellable)
{
    g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    g_set_object (&self->connection, connection);
    g_set_object (&self->cancellable, cancellable);
    g_signal_connect_object (connection, "pool-changed", G_CALLBACK (pool_changed_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (connection, "domain-added", G_CALLBACK (domains_changed_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (connection, "domain-removed", G_CALLBACK (domains_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

void
vireo_host_storage_load (VireoHostStorage *self)
{
    g_return_if_fail (VIREO_IS_HOST_STORAGE (self));

    if (!self->loaded && !self->loading && self->pools == NULL)
        vireo_host_storage_reload (self);
}

void
vireo_host_storage_reload (VireoHostStorage *self)
{
    VireoStorage *storage;

    g_return_if_fail (VIREO_IS_HOST_STORAGE (self));

    if (self->connection == NULL ||
        vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return;
    storage = vireo_connection_get_storage (self->connection);
    if (storage == NULL)
        return;
    if (self->loading) {
        self->reload_pending = TRUE;
        return;
    }
    self->image_folder = VIREO_IS_STORAGE_DIR (storage);
    name_transfer_buttons (self);
    self->loading = TRUE;
    vireo_storage_list_pools_async (storage, self->cancellable, pools_cb, g_object_ref (self));
}

gboolean
vireo_host_storage_is_loaded (VireoHostStorage *self)
{
    g_return_val_if_fail (VIREO_IS_HOST_STORAGE (self), FALSE);

    return self->loaded;
}
