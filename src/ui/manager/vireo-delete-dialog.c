/* vireo-delete-dialog.c: confirmation of a VM's deletion, with its disks
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-delete-dialog.h"

struct _VireoDeleteDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel    *title_label;
    GtkWidget   *loading_box;
    GtkBox      *disks_box;
    GtkLabel    *error_label;

    /* owned */
    VireoDomain  *domain;
    GCancellable *cancellable;
    gboolean      loaded;
};

enum {
    PROP_0,
    PROP_DOMAIN,
    PROP_LOADED,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoDeleteDialog, vireo_delete_dialog, GTK_TYPE_DIALOG)

static GStrv
collect_disks (VireoDeleteDialog *self,
               gboolean           only_selected)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->disks_box));

    for (GList *l = children; l != NULL; l = l->next) {
        const char *path = g_object_get_data (l->data, "vireo-disk-path");

        if (path == NULL)
            continue;
        if (!only_selected || gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (l->data)))
            g_strv_builder_add (builder, path);
    }
    return g_strv_builder_end (builder);
}

static void
add_disk_row (VireoDeleteDialog *self,
              const char        *path)
{
    g_autofree char *basename = g_path_get_basename (path);
    GtkWidget *check = gtk_check_button_new_with_label (path);

    g_object_set_data_full (G_OBJECT (check), "vireo-disk-path", g_strdup (path), g_free);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check),
                                  !vireo_delete_dialog_is_removable_media (path));
    gtk_widget_set_tooltip_text (check, basename);
    gtk_widget_show (check);
    gtk_container_add (GTK_CONTAINER (self->disks_box), check);
}

static void
list_disks_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    g_autoptr(VireoDeleteDialog) self = user_data;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GError) error = NULL;

    disks = vireo_domain_list_disks_finish (VIREO_DOMAIN (source), result, &error);
    if (vireo_error_is_cancelled (error))
        return;

    gtk_widget_hide (self->loading_box);
    if (disks == NULL) {
        g_autofree char *text = g_strdup_printf (_("The disks could not be listed: %s"),
                                                 error->message);

        gtk_label_set_text (self->error_label, text);
        gtk_widget_show (GTK_WIDGET (self->error_label));
    } else if (disks->len == 0) {
        gtk_label_set_text (self->error_label, _("The virtual machine has no disk files."));
        gtk_style_context_remove_class (gtk_widget_get_style_context (
                                            GTK_WIDGET (self->error_label)), "error");
        gtk_widget_show (GTK_WIDGET (self->error_label));
    } else {
        for (guint i = 0; i < disks->len; i++)
            add_disk_row (self, g_ptr_array_index (disks, i));
    }
    self->loaded = TRUE;
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, TRUE);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
vireo_delete_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    case PROP_LOADED:
        g_value_set_boolean (value, self->loaded);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_delete_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_delete_dialog_constructed (GObject *object)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);
    g_autofree char *title = NULL;

    G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->constructed (object);

    g_assert (VIREO_IS_DOMAIN (self->domain));
    title = g_strdup_printf (_("Delete the virtual machine “%s”?"),
                             vireo_domain_get_name (self->domain));
    gtk_label_set_text (self->title_label, title);
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, FALSE);
    vireo_domain_list_disks_async (self->domain, self->cancellable, list_disks_cb,
                                   g_object_ref (self));
}

static void
vireo_delete_dialog_destroy (GtkWidget *widget)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (widget);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    GTK_WIDGET_CLASS (vireo_delete_dialog_parent_class)->destroy (widget);
}

static void
vireo_delete_dialog_dispose (GObject *object)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

    g_clear_object (&self->domain);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->dispose (object);
}

static void
vireo_delete_dialog_class_init (VireoDeleteDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->get_property = vireo_delete_dialog_get_property;
    object_class->set_property = vireo_delete_dialog_set_property;
    object_class->constructed = vireo_delete_dialog_constructed;
    object_class->dispose = vireo_delete_dialog_dispose;
    widget_class->destroy = vireo_delete_dialog_destroy;

    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_LOADED] =
        g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-delete-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, title_label);
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, loading_box);
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, disks_box);
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, error_label);
}

static void
vireo_delete_dialog_init (VireoDeleteDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

GtkWidget *
vireo_delete_dialog_new (GtkWindow   *parent,
                         VireoDomain *domain)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return g_object_new (VIREO_TYPE_DELETE_DIALOG,
                         "transient-for", parent,
                         "domain", domain,
                         NULL);
}

VireoDomain *
vireo_delete_dialog_get_domain (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

    return self->domain;
}

gboolean
vireo_delete_dialog_get_loaded (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), FALSE);

    return self->loaded;
}

GStrv
vireo_delete_dialog_list_disks (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

    return collect_disks (self, FALSE);
}

GStrv
vireo_delete_dialog_list_selected_disks (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

    return collect_disks (self, TRUE);
}

gboolean
vireo_delete_dialog_set_disk_selected (VireoDeleteDialog *self,
                                       const char        *path,
                                       gboolean           selected)
{
    g_autoptr(GList) children = NULL;

    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);

    children = gtk_container_get_children (GTK_CONTAINER (self->disks_box));
    for (GList *l = children; l != NULL; l = l->next) {
        if (g_strcmp0 (g_object_get_data (l->data, "vireo-disk-path"), path) == 0) {
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (l->data), selected);
            return TRUE;
        }
    }
    return FALSE;
}

gboolean
vireo_delete_dialog_is_removable_media (const char *path)
{
    g_autofree char *lower = NULL;

    g_return_val_if_fail (path != NULL, FALSE);

    lower = g_ascii_strdown (path, -1);
    return g_str_has_suffix (lower, ".iso") ||
           g_str_has_prefix (path, "/dev/sr") ||
           g_str_has_prefix (path, "/dev/cdrom");
}
