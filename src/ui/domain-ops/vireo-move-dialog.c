/* vireo-move-dialog.c: Move to…, a shut-off VM moved to another connection of this computer
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-domain-move.h"
#include "vireo-domain-ops-util.h"
#include "vireo-move-dialog.h"

struct _VireoMoveDialog {
    GtkDialog parent_instance;

    GtkWidget *destination_combo;
    GtkWidget *progress_view;
    GtkWidget *move_button;

    VireoDomain   *domain;
    VireoProgress *progress;
    GCancellable  *cancellable;
    gboolean       running;
    gboolean       no_destination_shown;  /* the status says to connect one */
};

G_DEFINE_FINAL_TYPE (VireoMoveDialog, vireo_move_dialog, GTK_TYPE_DIALOG)

static void
set_status (VireoMoveDialog *self, const char *text, gboolean error)
{
    vireo_ops_progress_set_status (VIREO_OPS_PROGRESS (self->progress_view), text, error);
}

static void
set_running (VireoMoveDialog *self, gboolean running)
{
    gboolean have = vireo_ops_connection_combo_get (self->destination_combo) != NULL;

    self->running = running;
    gtk_widget_set_sensitive (self->destination_combo, !running && have);
    gtk_widget_set_sensitive (self->move_button, !running && have);
    if (!running)
        vireo_ops_progress_stop (VIREO_OPS_PROGRESS (self->progress_view));
}

/* The destinations changed (the combo box follows the connections): the
 * status says to connect one while there is none. */
static void
destination_changed_cb (VireoMoveDialog *self)
{
    gboolean have = vireo_ops_connection_combo_get (self->destination_combo) != NULL;

    if (!have && !self->running) {
        set_status (self, _("No other connection of this computer is open: connect to the "
                            "destination first."), TRUE);
        self->no_destination_shown = TRUE;
    } else if (have && self->no_destination_shown) {
        set_status (self, NULL, FALSE);
        self->no_destination_shown = FALSE;
    }
    set_running (self, self->running);
}

static void
move_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoMoveDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    gboolean ok = vireo_domain_move_finish (VIREO_DOMAIN (source), result, &error);

    if (gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    set_running (self, FALSE);
    if (ok) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    set_status (self, vireo_error_is_cancelled (error)
                      ? _("Cancelled: the virtual machine is where it was, and nothing of it "
                          "was left on the destination.")
                      : error->message, !vireo_error_is_cancelled (error));
}

static void
response_cb (VireoMoveDialog *self, int response)
{
    VireoConnection *destination = vireo_ops_connection_combo_get (self->destination_combo);

    if (response == GTK_RESPONSE_ACCEPT) {
        if (destination == NULL || self->running)
            return;
        set_running (self, TRUE);
        set_status (self, _("Moving…"), FALSE);
        self->no_destination_shown = FALSE;
        g_clear_object (&self->progress);
        self->progress = vireo_progress_new ();
        vireo_ops_progress_start (VIREO_OPS_PROGRESS (self->progress_view), self->progress);
        vireo_domain_move_async (self->domain, destination, self->progress, self->cancellable,
                                 move_cb, g_object_ref (self));
    } else if (self->running) {
        g_cancellable_cancel (self->cancellable);
        set_status (self, _("Cancelling…"), FALSE);
    } else {
        gtk_widget_destroy (GTK_WIDGET (self));
    }
}

static gboolean
delete_event_cb (VireoMoveDialog *self)
{
    response_cb (self, GTK_RESPONSE_CANCEL);
    return TRUE;
}

static void
vireo_move_dialog_dispose (GObject *object)
{
    VireoMoveDialog *self = VIREO_MOVE_DIALOG (object);

    if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->progress);
    g_clear_object (&self->domain);
    G_OBJECT_CLASS (vireo_move_dialog_parent_class)->dispose (object);
}

static void
vireo_move_dialog_class_init (VireoMoveDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = vireo_move_dialog_dispose;
}

static void
vireo_move_dialog_init (VireoMoveDialog *self)
{
    self->cancellable = g_cancellable_new ();
}

GtkWidget *
vireo_move_dialog_new (GtkWindow   *parent,
                       VireoDomain *domain,
                       GPtrArray   *connections,
                       GObject     *list_owner)
{
    VireoMoveDialog *self;
    GtkWidget *area, *grid, *intro;
    g_autofree char *text = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIREO_TYPE_MOVE_DIALOG, "transient-for", parent,
                         "destroy-with-parent", TRUE, "use-header-bar", FALSE, NULL);
    self->domain = g_object_ref (domain);
    area = gtk_dialog_get_content_area (GTK_DIALOG (self));
    grid = gtk_grid_new ();
    gtk_window_set_title (GTK_WINDOW (self), _("Move Virtual Machine"));
    gtk_window_set_default_size (GTK_WINDOW (self), 440, -1);
    gtk_container_set_border_width (GTK_CONTAINER (area), 12);
    gtk_box_set_spacing (GTK_BOX (area), 12);
    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

    text = g_strdup_printf (_("“%s” is copied to the destination with its disks, UEFI "
                              "variables and TPM state; every copy is checked, and only then "
                              "is it removed from here."), vireo_domain_get_name (domain));
    intro = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (intro), 0);
    gtk_label_set_line_wrap (GTK_LABEL (intro), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (intro), 55);
    gtk_container_add (GTK_CONTAINER (area), intro);

    self->destination_combo = vireo_ops_destination_row (
        GTK_GRID (grid), 0, connections, list_owner, vireo_domain_get_connection (domain), TRUE,
        _("A connection of this computer the virtual machine goes to (connect it first)"));
    gtk_container_add (GTK_CONTAINER (area), grid);

    self->progress_view = vireo_ops_progress_new (_("The files copied and checked"), 55);
    gtk_container_add (GTK_CONTAINER (area), self->progress_view);
    gtk_widget_show_all (area);

    self->move_button = vireo_ops_add_buttons (GTK_DIALOG (self),
                                               _("Close, or stop the move: the virtual "
                                                 "machine stays here"),
                                               _("_Move"), _("Move"),
                                               _("Move the virtual machine"));
    g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
    g_signal_connect (self, "delete-event", G_CALLBACK (delete_event_cb), NULL);
    g_signal_connect_object (self->destination_combo, "changed",
                             G_CALLBACK (destination_changed_cb), self, G_CONNECT_SWAPPED);
    destination_changed_cb (self);
    return GTK_WIDGET (self);
}
