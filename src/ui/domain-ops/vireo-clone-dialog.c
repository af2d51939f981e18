/* vireo-clone-dialog.c: Clone…, a copy of a shut-off VM with progress and Cancel
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-clone-dialog.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-ops-util.h"

struct _VireoCloneDialog {
    GtkDialog parent_instance;

    GtkWidget *name_entry;
    GtkWidget *linked_check;
    GtkWidget *allocate_check;
    GtkWidget *disks_label;
    GtkWidget *progress_view;
    GtkWidget *clone_button;

    VireoDomain      *domain;
    VireoDomainClone *clone;
    VireoProgress    *progress;
    GCancellable     *cancellable;
    gboolean          running;
};

G_DEFINE_FINAL_TYPE (VireoCloneDialog, vireo_clone_dialog, GTK_TYPE_DIALOG)

static void
set_status (VireoCloneDialog *self, const char *text, gboolean error)
{
    vireo_ops_progress_set_status (VIREO_OPS_PROGRESS (self->progress_view), text, error);
}

static const char *
action_text (VireoCloneDiskAction action)
{
    switch (action) {
    case VIREO_CLONE_DISK_COPY:
        return _("copied");
    case VIREO_CLONE_DISK_LINK:
        return _("an overlay on the original");
    case VIREO_CLONE_DISK_SHARE:
        return _("shared with the original");
    case VIREO_CLONE_DISK_PRESERVE:
        return _("used as it is");
    default:
        return "";
    }
}

static void
show_disks (VireoCloneDialog *self)
{
    g_autoptr(GString) text = g_string_new (NULL);
    guint n = vireo_domain_clone_get_n_disks (self->clone);

    for (guint i = 0; i < n; i++) {
        const char *reason = vireo_domain_clone_get_disk_reason (self->clone, i);
        const char *path = vireo_domain_clone_get_disk_path (self->clone, i);

        if (text->len > 0)
            g_string_append_c (text, '\n');
        g_string_append_printf (text, "%s: %s", vireo_domain_clone_get_disk_target (self->clone,
                                                                                    i),
                                action_text (vireo_domain_clone_get_disk_action (self->clone,
                                                                                 i)));
        if (path != NULL && vireo_domain_clone_get_disk_action (self->clone, i) !=
                            VIREO_CLONE_DISK_SHARE)
            g_string_append_printf (text, " → %s", path);
        if (reason != NULL)
            g_string_append_printf (text, " (%s)", reason);
    }
    gtk_label_set_text (GTK_LABEL (self->disks_label),
                        n > 0 ? text->str : _("The virtual machine has no disks."));
}

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoCloneDialog) self = user_data;
    g_autoptr(GError) error = NULL;

    self->clone = vireo_domain_clone_new_for_domain_finish (VIREO_DOMAIN (source), result,
                                                            &error);
    if (vireo_error_is_cancelled (error))
        return;
    if (self->clone == NULL) {
        set_status (self, error->message, TRUE);
        return;
    }
    if (vireo_domain_clone_get_name (self->clone) != NULL) {
        gtk_entry_set_text (GTK_ENTRY (self->name_entry),
                            vireo_domain_clone_get_name (self->clone));
    } else {
        /* virt-clone's --auto-clone name: NAME-clone, or the next one free. */
        VireoConnection *connection = vireo_domain_get_connection (self->domain);
        g_autoptr(GPtrArray) domains = connection ? vireo_connection_list_domains (connection)
                                                  : NULL;
        g_autoptr(GStrvBuilder) taken = g_strv_builder_new ();
        g_auto(GStrv) names = NULL;
        g_autofree char *name = NULL;

        for (guint i = 0; domains != NULL && i < domains->len; i++)
            g_strv_builder_add (taken, vireo_domain_get_name (domains->pdata[i]));
        names = g_strv_builder_end (taken);
        name = vireo_domain_clone_generate_name (vireo_domain_get_name (self->domain),
                                                 (const char *const *) names);
        gtk_entry_set_text (GTK_ENTRY (self->name_entry), name);
    }
    show_disks (self);
    gtk_widget_set_sensitive (self->clone_button, TRUE);
    /* The status stays: after a cancelled or failed clone the VM is read
     * again, and what became of the clone must still be said. */
}

static void
options_changed_cb (VireoCloneDialog *self)
{
    if (self->clone == NULL || self->running)
        return;
    vireo_domain_clone_set_linked (self->clone,
        gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->linked_check)));
    gtk_widget_set_sensitive (self->allocate_check,
        !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->linked_check)));
    show_disks (self);
}

static void
set_running (VireoCloneDialog *self, gboolean running)
{
    self->running = running;
    gtk_widget_set_sensitive (self->name_entry, !running);
    gtk_widget_set_sensitive (self->linked_check, !running);
    gtk_widget_set_sensitive (self->allocate_check, !running);
    gtk_widget_set_sensitive (self->clone_button, !running);
    if (!running)
        vireo_ops_progress_stop (VIREO_OPS_PROGRESS (self->progress_view));
}

static void
run_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoCloneDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    gboolean ok = vireo_domain_clone_run_finish (VIREO_DOMAIN_CLONE (source), result, &error);

    if (gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    set_running (self, FALSE);
    if (ok) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    /* A clone is made once: the next try starts from the VM again. */
    g_clear_object (&self->clone);
    gtk_widget_set_sensitive (self->clone_button, FALSE);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    vireo_domain_clone_new_for_domain_async (self->domain, self->cancellable, loaded_cb,
                                             g_object_ref (self));
    set_status (self, vireo_error_is_cancelled (error)
                      ? _("Cancelled: no virtual machine and no file were left.")
                      : error->message, !vireo_error_is_cancelled (error));
}

static void
start_clone (VireoCloneDialog *self)
{
    g_autoptr(GError) error = NULL;
    const char *name = gtk_entry_get_text (GTK_ENTRY (self->name_entry));

    if (self->clone == NULL)
        return;
    if (*name == '\0') {
        set_status (self, _("The clone needs a name."), TRUE);
        return;
    }
    vireo_domain_clone_set_name (self->clone, name);
    vireo_domain_clone_set_linked (self->clone,
        gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->linked_check)));
    vireo_domain_clone_set_sparse (self->clone,
        !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->allocate_check)));
    if (!vireo_domain_clone_prepare (self->clone, &error)) {
        set_status (self, error->message, TRUE);
        return;
    }
    show_disks (self);
    set_status (self, _("Cloning…"), FALSE);
    set_running (self, TRUE);
    g_clear_object (&self->progress);
    self->progress = vireo_progress_new ();
    vireo_ops_progress_start (VIREO_OPS_PROGRESS (self->progress_view), self->progress);
    vireo_domain_clone_run_async (self->clone, self->progress, self->cancellable, run_cb,
                                  g_object_ref (self));
}

static void
response_cb (VireoCloneDialog *self, int response)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_signal_stop_emission_by_name (self, "response");
        start_clone (self);
    } else if (self->running) {
        /* Cancel stops the copy; the dialog stays until it has cleaned up. */
        g_signal_stop_emission_by_name (self, "response");
        g_cancellable_cancel (self->cancellable);
        set_status (self, _("Cancelling…"), FALSE);
    } else {
        gtk_widget_destroy (GTK_WIDGET (self));
    }
}

static gboolean
delete_event_cb (VireoCloneDialog *self)
{
    response_cb (self, GTK_RESPONSE_CANCEL);
    return TRUE;
}

static void
vireo_clone_dialog_dispose (GObject *object)
{
    VireoCloneDialog *self = VIREO_CLONE_DIALOG (object);

    if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->clone);
    g_clear_object (&self->progress);
    g_clear_object (&self->domain);
    G_OBJECT_CLASS (vireo_clone_dialog_parent_class)->dispose (object);
}

static void
vireo_clone_dialog_class_init (VireoCloneDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = vireo_clone_dialog_dispose;
}

static void
vireo_clone_dialog_init (VireoCloneDialog *self)
{
    GtkWidget *area = gtk_dialog_get_content_area (GTK_DIALOG (self));
    GtkWidget *grid = gtk_grid_new ();

    self->cancellable = g_cancellable_new ();
    gtk_window_set_title (GTK_WINDOW (self), _("Clone Virtual Machine"));
    gtk_window_set_default_size (GTK_WINDOW (self), 480, -1);
    gtk_container_set_border_width (GTK_CONTAINER (area), 12);
    gtk_box_set_spacing (GTK_BOX (area), 12);
    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

    self->name_entry = vireo_ops_name (gtk_entry_new (), _("Name"),
                                       _("The new virtual machine's name"));
    gtk_entry_set_activates_default (GTK_ENTRY (self->name_entry), TRUE);
    vireo_ops_grid_row (GTK_GRID (grid), 0, _("_Name:"), self->name_entry);
    self->linked_check = vireo_ops_name (
        gtk_check_button_new_with_mnemonic (_("_Linked clone")), _("Linked clone"),
        _("Each disk a qcow2 overlay on the original's image, which becomes read-only and "
          "is kept while clones use it: made at once, and only the changes take room"));
    gtk_grid_attach (GTK_GRID (grid), self->linked_check, 1, 1, 1, 1);
    self->allocate_check = vireo_ops_name (
        gtk_check_button_new_with_mnemonic (_("_Allocate every byte")), _("Allocate every byte"),
        _("Write every byte of the copies (not sparse), as virt-clone's --nonsparse"));
    gtk_grid_attach (GTK_GRID (grid), self->allocate_check, 1, 2, 1, 1);
    self->disks_label = vireo_ops_name (gtk_label_new (_("Reading the virtual machine…")),
                                        _("Disks"), _("What becomes of each disk"));
    gtk_label_set_xalign (GTK_LABEL (self->disks_label), 0);
    gtk_label_set_line_wrap (GTK_LABEL (self->disks_label), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->disks_label), TRUE);
    vireo_ops_grid_row (GTK_GRID (grid), 3, _("Disks:"), self->disks_label);
    gtk_container_add (GTK_CONTAINER (area), grid);

    self->progress_view = vireo_ops_progress_new (_("How much of the disks is copied"), 60);
    gtk_container_add (GTK_CONTAINER (area), self->progress_view);
    gtk_widget_show_all (area);

    self->clone_button = vireo_ops_add_buttons (GTK_DIALOG (self),
                                                _("Close, or stop the clone being made "
                                                  "(nothing of it is left)"),
                                                _("C_lone"), _("Clone"), _("Make the clone"));
    gtk_widget_set_can_default (self->clone_button, TRUE);
    gtk_widget_grab_default (self->clone_button);
    gtk_widget_set_sensitive (self->clone_button, FALSE);

    g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
    g_signal_connect (self, "delete-event", G_CALLBACK (delete_event_cb), NULL);
    g_signal_connect_swapped (self->linked_check, "toggled", G_CALLBACK (options_changed_cb),
                              self);
}

GtkWidget *
vireo_clone_dialog_new (GtkWindow   *parent,
                        VireoDomain *domain)
{
    VireoCloneDialog *self;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIREO_TYPE_CLONE_DIALOG, "transient-for", parent,
                         "destroy-with-parent", TRUE, "use-header-bar", FALSE, NULL);
    self->domain = g_object_ref (domain);
    vireo_domain_clone_new_for_domain_async (domain, self->cancellable, loaded_cb,
                                             g_object_ref (self));
    return GTK_WIDGET (self);
}
