/* vireo-storage-browser.c: choosing a volume of a pool, or a local image, for a new VM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-storage-browser.h"

#include <glib/gi18n.h>

#include "vireo-host-ui.h"
#include "vireo-host-volume.h"
#include "vireo-host-volume-dialog.h"

enum { POOL_NAME, POOL_PATH, POOL_AVAILABLE };
enum { VOLUME_NAME, VOLUME_FORMAT, VOLUME_SIZE, VOLUME_PATH };

struct _VireoStorageBrowser {
    GtkDialog parent_instance;

    /* template widgets */
    GtkTreeView  *pool_view;
    GtkTreeView  *volume_view;
    GtkListStore *pool_store;
    GtkListStore *volume_store;
    GtkWidget    *new_volume_button;
    GtkWidget    *choose_button;
    GtkLabel     *error_label;

    /* owned */
    VireoConnection *connection;
    GCancellable    *cancellable;       /* the dialog's life */
    GCancellable    *list_cancellable;  /* the volumes being listed */
    GPtrArray       *volumes;           /* VireoStorageVolumeInfo* of the pool shown */
    char            *pool;              /* the pool shown */
    char            *select_path;       /* to select once listed (a new volume) */
};

enum {
    SIGNAL_CHOSEN,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoStorageBrowser, vireo_storage_browser, GTK_TYPE_DIALOG)

static void
show_error (VireoStorageBrowser *self,
            const char          *message)
{
    gtk_label_set_text (self->error_label, message ? message : "");
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
selected_volume (VireoStorageBrowser *self)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    char *path = NULL;

    if (gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->volume_view),
                                         &model, &iter))
        gtk_tree_model_get (model, &iter, VOLUME_PATH, &path, -1);
    return path;
}

static void
choose (VireoStorageBrowser *self,
        const char          *path)
{
    g_autoptr(VireoStorageBrowser) keep = g_object_ref (self);

    g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, path);
    gtk_widget_destroy (GTK_WIDGET (self));
}

/* ---------------------------------------------------------------- listing */

static void
volumes_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *volumes = vireo_host_list_volumes_finish (VIREO_CONNECTION (source), result,
                                                         &error);
    VireoStorageBrowser *self;

    if (volumes == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    if (volumes == NULL) {
        g_autofree char *message = g_strdup_printf (_("The volumes could not be listed: %s"),
                                                    error->message);
        show_error (self, message);
        return;
    }
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    self->volumes = volumes;
    gtk_list_store_clear (self->volume_store);
    for (guint i = 0; i < volumes->len; i++) {
        VireoStorageVolumeInfo *v = volumes->pdata[i];
        g_autofree char *size = vireo_host_ui_format_size (v->capacity, TRUE);
        GtkTreeIter iter;

        gtk_list_store_insert_with_values (self->volume_store, &iter, -1,
                                           VOLUME_NAME, v->name,
                                           VOLUME_FORMAT, v->format ? v->format : "",
                                           VOLUME_SIZE, size, VOLUME_PATH, v->path, -1);
        if (self->select_path && g_strcmp0 (v->path, self->select_path) == 0)
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->volume_view),
                                            &iter);
    }
    g_clear_pointer (&self->select_path, g_free);
}

static void
list_volumes (VireoStorageBrowser *self)
{
    if (self->list_cancellable)
        g_cancellable_cancel (self->list_cancellable);
    g_clear_object (&self->list_cancellable);
    gtk_list_store_clear (self->volume_store);
    if (self->pool == NULL)
        return;
    self->list_cancellable = g_cancellable_new ();
    vireo_host_list_volumes_async (self->connection, self->pool, self->list_cancellable,
                                   volumes_cb, self);
}

static void
pools_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = vireo_storage_list_pools_finish (VIREO_STORAGE (source), result,
                                                                  &error);
    VireoStorageBrowser *self;
    gboolean selected = FALSE;

    if (pools == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    if (pools == NULL) {
        g_autofree char *message = g_strdup_printf (_("The storage pools could not be listed: "
                                                      "%s"), error->message);
        show_error (self, message);
        return;
    }
    for (guint i = 0; i < pools->len; i++) {
        VireoStoragePoolInfo *p = pools->pdata[i];
        GtkTreeIter iter;

        if (!p->active)
            continue;
        gtk_list_store_insert_with_values (self->pool_store, &iter, -1, POOL_NAME, p->name,
                                           POOL_PATH, p->path, POOL_AVAILABLE, p->available,
                                           -1);
        /* The default pool (where new disks go) is shown first. */
        if (!selected && g_strcmp0 (p->name, "default") == 0) {
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->pool_view),
                                            &iter);
            selected = TRUE;
        }
    }
    if (pools->len == 0)
        show_error (self, _("This connection has no storage pool."));
}

/* ---------------------------------------------------------------- callbacks */

static void
pool_selected_cb (VireoStorageBrowser *self)
{
    GtkTreeModel *model;
    GtkTreeIter iter;

    g_clear_pointer (&self->pool, g_free);
    if (gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->pool_view),
                                         &model, &iter))
        gtk_tree_model_get (model, &iter, POOL_NAME, &self->pool, -1);
    gtk_widget_set_sensitive (self->new_volume_button, self->pool != NULL);
    list_volumes (self);
}

static void
volume_selected_cb (VireoStorageBrowser *self)
{
    g_autofree char *path = selected_volume (self);

    gtk_widget_set_sensitive (self->choose_button, path != NULL);
}

static void
volume_activated_cb (VireoStorageBrowser *self)
{
    g_autofree char *path = selected_volume (self);

    if (path)
        choose (self, path);
}

static void
created_cb (VireoStorageBrowser *self,
            const char          *path)
{
    g_free (self->select_path);
    self->select_path = g_strdup (path);
    list_volumes (self);
}

static void
new_volume_cb (VireoStorageBrowser *self)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    GtkWidget *dialog;

    if (self->pool == NULL)
        return;
    dialog = vireo_host_volume_dialog_new (GTK_WINDOW (self), self->connection, self->pool,
                                           self->volumes);
    if (gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->pool_view),
                                         &model, &iter)) {
        g_autofree char *path = NULL;
        guint64 available = 0;

        gtk_tree_model_get (model, &iter, POOL_PATH, &path, POOL_AVAILABLE, &available, -1);
        vireo_host_volume_dialog_set_space (VIREO_HOST_VOLUME_DIALOG (dialog),
                                            path != NULL ? path : self->pool, available);
    }
    g_signal_connect_object (dialog, "created", G_CALLBACK (created_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
browse_local_cb (VireoStorageBrowser *self)
{
    g_autoptr(GtkFileChooserNative) chooser = gtk_file_chooser_native_new (
        _("Choose a Disk Image"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
        _("_Cancel"));

    if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path)
            choose (self, path);
    }
}

/* ---------------------------------------------------------------- overrides */

static void
vireo_storage_browser_response (GtkDialog *dialog,
                                int        response)
{
    VireoStorageBrowser *self = VIREO_STORAGE_BROWSER (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = selected_volume (self);

        if (path)
            choose (self, path);
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vireo_storage_browser_dispose (GObject *object)
{
    VireoStorageBrowser *self = VIREO_STORAGE_BROWSER (object);

    if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
    if (self->list_cancellable)
        g_cancellable_cancel (self->list_cancellable);
    G_OBJECT_CLASS (vireo_storage_browser_parent_class)->dispose (object);
}

static void
vireo_storage_browser_finalize (GObject *object)
{
    VireoStorageBrowser *self = VIREO_STORAGE_BROWSER (object);

    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->list_cancellable);
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    g_free (self->pool);
    g_free (self->select_path);
    G_OBJECT_CLASS (vireo_storage_browser_parent_class)->finalize (object);
}

static void
vireo_storage_browser_class_init (VireoStorageBrowserClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->dispose = vireo_storage_browser_dispose;
    object_class->finalize = vireo_storage_browser_finalize;
    dialog_class->response = vireo_storage_browser_response;

    signals[SIGNAL_CHOSEN] =
        g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-storage-browser.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoStorageBrowser, pool_view);
    gtk_widget_class_bind_template_child (widget_class, VireoStorageBrowser, volume_view);
    gtk_widget_class_bind_template_child (widget_class, VireoStorageBrowser, pool_store);
    gtk_widget_class_bind_template_child (widget_class, VireoStorageBrowser, volume_store);
    gtk_widget_class_bind_template_child (widget_class, VireoStorageBrowser, new_volume_button);
    gtk_widget_class_bind_template_child (widget_class, VireoStorageBrowser, choose_button);
    gtk_widget_class_bind_template_child (widget_class, VireoStorageBrowser, error_label);
    gtk_widget_class_bind_template_callback (widget_class, pool_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, volume_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, volume_activated_cb);
    gtk_widget_class_bind_template_callback (widget_class, new_volume_cb);
    gtk_widget_class_bind_template_callback (widget_class, browse_local_cb);
}

static void
vireo_storage_browser_init (VireoStorageBrowser *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

/* ---------------------------------------------------------------- public API */

GtkWidget *
vireo_storage_browser_new (GtkWindow       *parent,
                           VireoConnection *connection)
{
    VireoStorageBrowser *self;
    VireoStorage *storage;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_STORAGE_BROWSER, "transient-for", parent, NULL);
    self->connection = g_object_ref (connection);
    storage = vireo_connection_get_storage (connection);
    if (storage == NULL)
        show_error (self, _("This connection has no storage to browse: choose a local file."));
    else
        vireo_storage_list_pools_async (storage, self->cancellable, pools_cb, self);
    return GTK_WIDGET (self);
}
