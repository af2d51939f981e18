/* vireo-remove-device-dialog.c: "Remove this device?", and its disk image too
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-remove-device-dialog.h"

struct _VireoRemoveDeviceDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel        *title_label;
    GtkLabel        *detail_label;
    GtkToggleButton *delete_check;
};

G_DEFINE_FINAL_TYPE (VireoRemoveDeviceDialog, vireo_remove_device_dialog, GTK_TYPE_DIALOG)

static void
vireo_remove_device_dialog_class_init (VireoRemoveDeviceDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-remove-device-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoRemoveDeviceDialog, title_label);
    gtk_widget_class_bind_template_child (widget_class, VireoRemoveDeviceDialog, detail_label);
    gtk_widget_class_bind_template_child (widget_class, VireoRemoveDeviceDialog, delete_check);
}

static void
vireo_remove_device_dialog_init (VireoRemoveDeviceDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_remove_device_dialog_new (GtkWindow  *parent,
                                const char *vm,
                                const char *device,
                                const char *storage,
                                gboolean    running)
{
    VireoRemoveDeviceDialog *self;
    g_autofree char *title = NULL;
    g_autofree char *check = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (vm != NULL && device != NULL, NULL);

    self = g_object_new (VIREO_TYPE_REMOVE_DEVICE_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    title = g_strdup_printf (_("Remove “%s” from “%s”?"), device, vm);
    gtk_label_set_text (self->title_label, title);
    gtk_label_set_text (self->detail_label,
                        running ? _("The device is unplugged from the running virtual machine "
                                    "where it can be, and removed from its definition.")
                                : _("The device is removed from the virtual machine's "
                                    "definition."));
    if (storage != NULL) {
        check = g_strdup_printf (_("_Delete the storage “%s” too"), storage);
        gtk_button_set_label (GTK_BUTTON (self->delete_check), check);
        gtk_widget_show (GTK_WIDGET (self->delete_check));
    }
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_CANCEL);
    return GTK_WIDGET (self);
}

gboolean
vireo_remove_device_dialog_get_delete_storage (VireoRemoveDeviceDialog *self)
{
    g_return_val_if_fail (VIREO_IS_REMOVE_DEVICE_DIALOG (self), FALSE);

    return gtk_widget_get_visible (GTK_WIDGET (self->delete_check)) &&
           gtk_toggle_button_get_active (self->delete_check);
}
