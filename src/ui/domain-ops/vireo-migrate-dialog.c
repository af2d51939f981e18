/* vireo-migrate-dialog.c: Migrate…, a VM sent to another connection
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-domain-delete.h"
#include "vireo-domain-migrate.h"
#include "vireo-domain-ops-util.h"
#include "vireo-migrate-dialog.h"
#include "vireo-size-spin.h"

struct _VireoMigrateDialog {
    GtkDialog parent_instance;

    GtkWidget *destination_combo;
    GtkWidget *live_check;
    GtkWidget *tunnelled_check;
    GtkWidget *shared_radio;
    GtkWidget *all_radio;
    GtkWidget *some_radio;
    GtkWidget *disks_box;
    GtkWidget *bandwidth_spin;
    GtkWidget *progress_view;
    GtkWidget *migrate_button;

    VireoDomain   *domain;
    VireoProgress *progress;
    GCancellable  *cancellable;
    gboolean       running;
    gboolean       no_destination_shown;  /* the status says to connect one */
};

G_DEFINE_FINAL_TYPE (VireoMigrateDialog, vireo_migrate_dialog, GTK_TYPE_DIALOG)

static void
set_status (VireoMigrateDialog *self, const char *text, gboolean error)
{
    vireo_ops_progress_set_status (VIREO_OPS_PROGRESS (self->progress_view), text, error);
}

static void
update_sensitivity (VireoMigrateDialog *self)
{
    gboolean idle = !self->running;
    gboolean some = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->some_radio));

    gtk_widget_set_sensitive (self->destination_combo, idle &&
        vireo_ops_connection_combo_get (self->destination_combo) != NULL);
    gtk_widget_set_sensitive (self->live_check, idle);
    gtk_widget_set_sensitive (self->tunnelled_check, idle);
    gtk_widget_set_sensitive (self->shared_radio, idle);
    gtk_widget_set_sensitive (self->all_radio, idle);
    gtk_widget_set_sensitive (self->some_radio, idle);
    gtk_widget_set_sensitive (self->disks_box, idle && some);
    gtk_widget_set_sensitive (self->bandwidth_spin, idle);
    gtk_widget_set_sensitive (self->migrate_button, idle &&
        vireo_ops_connection_combo_get (self->destination_combo) != NULL);
    if (!self->running)
        vireo_ops_progress_stop (VIREO_OPS_PROGRESS (self->progress_view));
}

/* The destinations changed (the combo box follows the connections): the
 * status says to connect one while there is none. */
static void
destination_changed_cb (VireoMigrateDialog *self)
{
    gboolean have = vireo_ops_connection_combo_get (self->destination_combo) != NULL;

    if (!have && !self->running) {
        set_status (self, _("No other connection is open: connect to the destination first."),
                    TRUE);
        self->no_destination_shown = TRUE;
    } else if (have && self->no_destination_shown) {
        set_status (self, NULL, FALSE);
        self->no_destination_shown = FALSE;
    }
    update_sensitivity (self);
}

static void
disks_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoMigrateDialog) self = user_data;
    g_autoptr(GPtrArray) files = NULL;
    g_autoptr(GError) error = NULL;

    files = vireo_domain_list_delete_files_finish (VIREO_DOMAIN (source), result, &error);
    if (vireo_error_is_cancelled (error))
        return;
    for (guint i = 0; files != NULL && i < files->len; i++) {
        VireoDeleteFile *file = files->pdata[i];
        g_autofree char *label = NULL;
        g_autofree char *name = NULL;
        GtkWidget *check;

        if (file->kind != VIREO_DELETE_FILE_DISK || file->target == NULL)
            continue;
        label = g_strdup_printf ("%s (%s)", file->target, file->path);
        name = g_strdup_printf (_("Copy %s"), file->target);
        check = vireo_ops_name (gtk_check_button_new_with_label (label), name,
                                _("Copy this disk to the destination; a disk not copied "
                                  "must be there already, at the same path"));
        g_object_set_data_full (G_OBJECT (check), "vireo-target", g_strdup (file->target),
                                g_free);
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), TRUE);
        gtk_widget_show (check);
        gtk_container_add (GTK_CONTAINER (self->disks_box), check);
    }
    if (files == NULL)
        set_status (self, error->message, TRUE);
    update_sensitivity (self);
}

static void
migrate_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoMigrateDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    gboolean ok = vireo_domain_migrate_finish (VIREO_DOMAIN (source), result, &error);

    if (gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    self->running = FALSE;
    update_sensitivity (self);
    if (ok) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    set_status (self, vireo_error_is_cancelled (error)
                      ? _("Cancelled: the virtual machine goes on where it was.")
                      : error->message, !vireo_error_is_cancelled (error));
}

static void
start_migration (VireoMigrateDialog *self)
{
    VireoConnection *destination = vireo_ops_connection_combo_get (self->destination_combo);
    VireoMigrateFlags flags = 0;
    g_autoptr(VireoMigrateOptions) options = NULL;
    g_autoptr(GError) error = NULL;
    double bandwidth;

    if (destination == NULL)
        return;
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->live_check)))
        flags |= VIREO_MIGRATE_LIVE;
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->tunnelled_check)))
        flags |= VIREO_MIGRATE_TUNNELLED;
    if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->shared_radio)))
        flags |= VIREO_MIGRATE_COPY_STORAGE;
    options = vireo_migrate_options_new (flags);
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->some_radio))) {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->disks_box));

        for (GList *l = children; l != NULL; l = l->next) {
            if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (l->data)))
                g_strv_builder_add (builder, g_object_get_data (l->data, "vireo-target"));
        }
        options->disks = g_strv_builder_end (builder);
        if (options->disks[0] == NULL) {
            set_status (self, _("Choose the disks to copy, or copy every disk."), TRUE);
            return;
        }
    }
    /* The limit typed, never a value the spin button clamped. */
    if (!vireo_size_spin_read (GTK_SPIN_BUTTON (self->bandwidth_spin), 0, &bandwidth, &error)) {
        set_status (self, error->message, TRUE);
        return;
    }
    options->bandwidth = (guint64) bandwidth;
    self->running = TRUE;
    update_sensitivity (self);
    set_status (self, _("Migrating…"), FALSE);
    self->no_destination_shown = FALSE;
    g_clear_object (&self->progress);
    self->progress = vireo_progress_new ();
    vireo_ops_progress_start (VIREO_OPS_PROGRESS (self->progress_view), self->progress);
    vireo_domain_migrate_async (self->domain, destination, options, self->progress,
                                self->cancellable, migrate_cb, g_object_ref (self));
}

static void
response_cb (VireoMigrateDialog *self, int response)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        start_migration (self);
    } else if (self->running) {
        /* Cancel aborts the job; the VM stays on the source. */
        g_cancellable_cancel (self->cancellable);
        set_status (self, _("Cancelling…"), FALSE);
    } else {
        gtk_widget_destroy (GTK_WIDGET (self));
    }
}

static gboolean
delete_event_cb (VireoMigrateDialog *self)
{
    response_cb (self, GTK_RESPONSE_CANCEL);
    return TRUE;
}

static void
vireo_migrate_dialog_dispose (GObject *object)
{
    VireoMigrateDialog *self = VIREO_MIGRATE_DIALOG (object);

    if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->progress);
    g_clear_object (&self->domain);
    G_OBJECT_CLASS (vireo_migrate_dialog_parent_class)->dispose (object);
}

static void
vireo_migrate_dialog_class_init (VireoMigrateDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = vireo_migrate_dialog_dispose;
}

static void
vireo_migrate_dialog_init (VireoMigrateDialog *self)
{
    self->cancellable = g_cancellable_new ();
}

static void
build (VireoMigrateDialog *self, GPtrArray *connections, GObject *list_owner)
{
    GtkWidget *area = gtk_dialog_get_content_area (GTK_DIALOG (self));
    GtkWidget *grid = gtk_grid_new ();
    GtkWidget *storage = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    gboolean active = vireo_domain_get_state (self->domain) == VIREO_DOMAIN_STATE_RUNNING ||
                      vireo_domain_get_state (self->domain) == VIREO_DOMAIN_STATE_PAUSED;

    gtk_window_set_title (GTK_WINDOW (self), _("Migrate Virtual Machine"));
    gtk_window_set_default_size (GTK_WINDOW (self), 480, -1);
    gtk_container_set_border_width (GTK_CONTAINER (area), 12);
    gtk_box_set_spacing (GTK_BOX (area), 12);
    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

    self->destination_combo = vireo_ops_destination_row (
        GTK_GRID (grid), 0, connections, list_owner, vireo_domain_get_connection (self->domain),
        FALSE,
        _("The connection the virtual machine goes to (connect it first)"));
    self->live_check = vireo_ops_name (gtk_check_button_new_with_mnemonic (_("_Live")),
                                       _("Live"),
                                       _("Keep the virtual machine running while its memory "
                                         "is copied; otherwise it is paused meanwhile"));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->live_check), active);
    gtk_grid_attach (GTK_GRID (grid), self->live_check, 1, 1, 1, 1);
    self->tunnelled_check = vireo_ops_name (
        gtk_check_button_new_with_mnemonic (_("_Tunnelled")), _("Tunnelled"),
        _("Send the data through libvirt's connection between the daemons instead of a "
          "direct connection between the hypervisors"));
    gtk_grid_attach (GTK_GRID (grid), self->tunnelled_check, 1, 2, 1, 1);

    self->shared_radio = vireo_ops_name (
        gtk_radio_button_new_with_mnemonic (NULL, _("_Shared storage: copy no disk")),
        _("Shared storage"), _("The destination reaches the same disks (shared storage)"));
    self->all_radio = vireo_ops_name (
        gtk_radio_button_new_with_mnemonic_from_widget (GTK_RADIO_BUTTON (self->shared_radio),
                                                        _("Copy _every disk")),
        _("Copy every disk"), _("Copy every disk to the destination while the VM runs"));
    self->some_radio = vireo_ops_name (
        gtk_radio_button_new_with_mnemonic_from_widget (GTK_RADIO_BUTTON (self->shared_radio),
                                                        _("Copy the disks _chosen:")),
        _("Copy the disks chosen"),
        _("Copy only the disks checked below; the others must be on the destination already"));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->all_radio), TRUE);
    self->disks_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
    gtk_widget_set_margin_start (self->disks_box, 24);
    gtk_container_add (GTK_CONTAINER (storage), self->shared_radio);
    gtk_container_add (GTK_CONTAINER (storage), self->all_radio);
    gtk_container_add (GTK_CONTAINER (storage), self->some_radio);
    gtk_container_add (GTK_CONTAINER (storage), self->disks_box);
    vireo_ops_grid_row (GTK_GRID (grid), 3, _("Storage:"), storage);

    self->bandwidth_spin = vireo_ops_name (gtk_spin_button_new_with_range (0, 100000, 10),
                                           _("Bandwidth limit"),
                                           _("At most this many MiB a second; 0: no limit"));
    vireo_size_spin_attach (GTK_SPIN_BUTTON (self->bandwidth_spin),
                            VIREO_SIZE_FIELD_BANDWIDTH_MIBS);
    vireo_ops_grid_row (GTK_GRID (grid), 4, _("_Bandwidth (MiB/s):"), self->bandwidth_spin);
    gtk_container_add (GTK_CONTAINER (area), grid);

    self->progress_view = vireo_ops_progress_new (_("The data left to send"), 60);
    gtk_container_add (GTK_CONTAINER (area), self->progress_view);
    gtk_widget_show_all (area);

    self->migrate_button = vireo_ops_add_buttons (GTK_DIALOG (self),
                                                  _("Close, or abort the migration: the "
                                                    "virtual machine goes on where it was"),
                                                  _("_Migrate"), _("Migrate"),
                                                  _("Start the migration"));
    g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
    g_signal_connect (self, "delete-event", G_CALLBACK (delete_event_cb), NULL);
    g_signal_connect_swapped (self->some_radio, "toggled", G_CALLBACK (update_sensitivity),
                              self);
    g_signal_connect_object (self->destination_combo, "changed",
                             G_CALLBACK (destination_changed_cb), self, G_CONNECT_SWAPPED);
    destination_changed_cb (self);
}

GtkWidget *
vireo_migrate_dialog_new (GtkWindow   *parent,
                          VireoDomain *domain,
                          GPtrArray   *connections,
                          GObject     *list_owner)
{
    VireoMigrateDialog *self;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIREO_TYPE_MIGRATE_DIALOG, "transient-for", parent,
                         "destroy-with-parent", TRUE, "use-header-bar", FALSE, NULL);
    self->domain = g_object_ref (domain);
    build (self, connections, list_owner);
    vireo_domain_list_delete_files_async (domain, self->cancellable, disks_cb,
                                          g_object_ref (self));
    return GTK_WIDGET (self);
}
