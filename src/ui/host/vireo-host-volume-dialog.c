/* vireo-host-volume-dialog.c: creating a volume (an image of the image folder)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-ui.h"
#include "vireo-host-volume-dialog.h"
#include "vireo-size-spin.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

struct _VireoHostVolumeDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkEntry        *name_entry;
    GtkComboBoxText *format_combo;
    GtkSpinButton   *size_spin;
    GtkCheckButton  *backing_check;
    GtkComboBoxText *backing_combo;
    GtkLabel        *error_label;
    GtkSpinner      *spinner;
    GtkButton       *create_button;

    /* owned */
    VireoConnection *connection;
    GCancellable    *cancellable;
    char            *pool;
    char            *place;       /* the pool's folder or name, for the space check */
    guint64          available;   /* free bytes there, 0: not known */
    gboolean         busy;
};

enum {
    SIGNAL_CREATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostVolumeDialog, vireo_host_volume_dialog, GTK_TYPE_DIALOG)

static gboolean
backed (VireoHostVolumeDialog *self)
{
    return gtk_widget_get_sensitive (GTK_WIDGET (self->backing_check)) &&
           gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->backing_check));
}

static void
update_sensitivity (VireoHostVolumeDialog *self)
{
    gboolean over = backed (self);

    if (over)
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->format_combo), "qcow2");
    gtk_widget_set_sensitive (GTK_WIDGET (self->format_combo), !over && !self->busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->size_spin), !over && !self->busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->backing_combo), over && !self->busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !self->busy);
}

static void
show_message (VireoHostVolumeDialog *self,
              const char            *message,
              gboolean               warning)
{
    GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->error_label));

    gtk_style_context_remove_class (style, warning ? "error" : "warning");
    gtk_style_context_add_class (style, warning ? "warning" : "error");
    gtk_label_set_text (self->error_label, message);
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_error (VireoHostVolumeDialog *self,
            const char            *message)
{
    show_message (self, message, FALSE);
}

/* The size typed, checked against its bounds and the pool's free space:
 * FALSE with the sentence that refuses it; a warning when a qcow2 image
 * could outgrow the space (it is made, taking space as the guest writes). */
static gboolean
check_size (VireoHostVolumeDialog  *self,
            guint64                *capacity,
            char                  **warning,
            GError                **error)
{
    const char *format = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo));
    double gib;

    *capacity = 0;
    *warning = NULL;
    if (backed (self))
        return TRUE;
    if (!vireo_size_spin_read (self->size_spin, 0, &gib, error))
        return FALSE;
    *capacity = (guint64) (gib * GIB);
    return vireo_size_input_check_space (*capacity, self->available,
                                         g_strcmp0 (format, "raw") != 0,
                                         self->place != NULL ? self->place : self->pool,
                                         warning, error);
}

/* What is typed is checked as it is typed: the sentence shows at once. */
static void
check_now (VireoHostVolumeDialog *self)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *warning = NULL;
    guint64 capacity;

    if (self->busy)
        return;
    check_size (self, &capacity, &warning, &error);
    show_message (self, error != NULL ? error->message : warning, error == NULL);
}

static void
changed_cb (VireoHostVolumeDialog *self)
{
    update_sensitivity (self);
    check_now (self);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(VireoHostVolumeDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = vireo_host_create_volume_finish (VIREO_CONNECTION (source), result,
                                                             &error);

    if (path == NULL) {
        if (vireo_error_is_cancelled (error))
            return;
        self->busy = FALSE;
        gtk_spinner_stop (self->spinner);
        update_sensitivity (self);
        show_error (self, error->message);
        return;
    }
    g_signal_emit (self, signals[SIGNAL_CREATED], 0, path);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vireo_host_volume_dialog_response (GtkDialog *dialog,
                                   int        response)
{
    VireoHostVolumeDialog *self = VIREO_HOST_VOLUME_DIALOG (dialog);
    g_autofree char *name = NULL;
    const char *backing = NULL;
    const char *format;
    guint64 capacity = 0;
    g_autoptr(GError) error = NULL;
    g_autofree char *warning = NULL;

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    if (self->busy)
        return;
    name = vireo_host_ui_entry_text (self->name_entry);
    format = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo));
    if (backed (self)) {
        backing = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->backing_combo));
        if (backing == NULL) {
            show_error (self, _("Choose the image to build on."));
            return;
        }
    }
    /* What was typed counts, even without Enter; nothing is made from a
     * size refused. */
    if (!check_size (self, &capacity, &warning, &error)) {
        show_error (self, error->message);
        return;
    }
    show_message (self, warning, TRUE);
    self->busy = TRUE;
    gtk_spinner_start (self->spinner);
    update_sensitivity (self);
    vireo_host_create_volume_async (self->connection, self->pool, name, format, capacity,
                                    backing, self->cancellable, create_cb,
                                    g_object_ref (self));
}

static void
vireo_host_volume_dialog_destroy (GtkWidget *widget)
{
    VireoHostVolumeDialog *self = VIREO_HOST_VOLUME_DIALOG (widget);

    g_cancellable_cancel (self->cancellable);
    GTK_WIDGET_CLASS (vireo_host_volume_dialog_parent_class)->destroy (widget);
}

static void
vireo_host_volume_dialog_dispose (GObject *object)
{
    VireoHostVolumeDialog *self = VIREO_HOST_VOLUME_DIALOG (object);

    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->pool, g_free);
    g_clear_pointer (&self->place, g_free);

    G_OBJECT_CLASS (vireo_host_volume_dialog_parent_class)->dispose (object);
}

static void
vireo_host_volume_dialog_class_init (VireoHostVolumeDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = vireo_host_volume_dialog_dispose;
    widget_class->destroy = vireo_host_volume_dialog_destroy;
    GTK_DIALOG_CLASS (klass)->response = vireo_host_volume_dialog_response;

    signals[SIGNAL_CREATED] =
        g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-host-volume-dialog.ui");
#define BIND(name) \
    gtk_widget_class_bind_template_child (widget_class, VireoHostVolumeDialog, name)
    BIND (name_entry);
    BIND (format_combo);
    BIND (size_spin);
    BIND (backing_check);
    BIND (backing_combo);
    BIND (error_label);
    BIND (spinner);
    BIND (create_button);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_host_volume_dialog_init (VireoHostVolumeDialog *self)
{
    self->cancellable = g_cancellable_new ();
    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_size_spin_attach (self->size_spin, VIREO_SIZE_FIELD_DISK_GIB);
    g_signal_connect_object (self->size_spin, "changed", G_CALLBACK (check_now), self,
                             G_CONNECT_SWAPPED);
}

GtkWidget *
vireo_host_volume_dialog_new (GtkWindow       *parent,
                              VireoConnection *connection,
                              const char      *pool,
                              GPtrArray       *volumes)
{
    VireoHostVolumeDialog *self;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_HOST_VOLUME_DIALOG, "transient-for", parent,
                         "use-header-bar", TRUE, NULL);
    self->connection = g_object_ref (connection);
    self->pool = g_strdup (pool);
    for (guint i = 0; volumes != NULL && i < volumes->len; i++) {
        VireoStorageVolumeInfo *volume = volumes->pdata[i];

        gtk_combo_box_text_append (self->backing_combo, volume->path, volume->name);
    }
    if (volumes != NULL && volumes->len > 0)
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->backing_combo), 0);
    gtk_widget_set_sensitive (GTK_WIDGET (self->backing_check),
                              volumes != NULL && volumes->len > 0);
    for (guint i = 1; i < 1000; i++) {
        g_autofree char *name = g_strdup_printf ("disk%u.qcow2", i);
        gboolean taken = FALSE;

        for (guint j = 0; volumes != NULL && j < volumes->len && !taken; j++)
            taken = g_strcmp0 (((VireoStorageVolumeInfo *) volumes->pdata[j])->name,
                               name) == 0;
        if (!taken) {
            gtk_entry_set_text (self->name_entry, name);
            break;
        }
    }
    update_sensitivity (self);
    return GTK_WIDGET (self);
}

void
vireo_host_volume_dialog_set_space (VireoHostVolumeDialog *self,
                                    const char            *place,
                                    guint64                available)
{
    g_return_if_fail (VIREO_IS_HOST_VOLUME_DIALOG (self));

    g_free (self->place);
    self->place = g_strdup (place);
    self->available = available;
    check_now (self);
}
