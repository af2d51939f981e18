/* vireo-password-dialog.c: asks for a console's user name and password
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-password-dialog.h"

struct _VireoPasswordDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel       *message_label;
    GtkLabel       *username_label;
    GtkEntry       *username_entry;
    GtkEntry       *password_entry;
    GtkCheckButton *remember_check;
};

G_DEFINE_FINAL_TYPE (VireoPasswordDialog, vireo_password_dialog, GTK_TYPE_DIALOG)

static void
vireo_password_dialog_class_init (VireoPasswordDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-password-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoPasswordDialog, message_label);
    gtk_widget_class_bind_template_child (widget_class, VireoPasswordDialog, username_label);
    gtk_widget_class_bind_template_child (widget_class, VireoPasswordDialog, username_entry);
    gtk_widget_class_bind_template_child (widget_class, VireoPasswordDialog, password_entry);
    gtk_widget_class_bind_template_child (widget_class, VireoPasswordDialog, remember_check);
}

static void
vireo_password_dialog_init (VireoPasswordDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_password_dialog_new (GtkWindow  *parent,
                           const char *target,
                           const char *reason,
                           gboolean    need_username,
                           gboolean    can_remember)
{
    VireoPasswordDialog *self;
    g_autofree char *message = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (target != NULL, NULL);

    self = g_object_new (VIREO_TYPE_PASSWORD_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    if (reason != NULL)
        message = g_strdup_printf (_("The console of %s did not accept the password (%s). "
                                     "Enter it again."), target, reason);
    else
        message = g_strdup_printf (_("The console of %s needs a password."), target);
    gtk_label_set_text (self->message_label, message);
    gtk_widget_set_visible (GTK_WIDGET (self->username_label), need_username);
    gtk_widget_set_visible (GTK_WIDGET (self->username_entry), need_username);
    gtk_widget_set_visible (GTK_WIDGET (self->remember_check), can_remember);
    gtk_widget_grab_focus (GTK_WIDGET (need_username ? self->username_entry
                                                     : self->password_entry));
    return GTK_WIDGET (self);
}

const char *
vireo_password_dialog_get_username (VireoPasswordDialog *self)
{
    g_return_val_if_fail (VIREO_IS_PASSWORD_DIALOG (self), NULL);

    if (!gtk_widget_get_visible (GTK_WIDGET (self->username_entry)))
        return NULL;
    return gtk_entry_get_text (self->username_entry);
}

const char *
vireo_password_dialog_get_password (VireoPasswordDialog *self)
{
    g_return_val_if_fail (VIREO_IS_PASSWORD_DIALOG (self), NULL);

    return gtk_entry_get_text (self->password_entry);
}

void
vireo_password_dialog_set_username (VireoPasswordDialog *self,
                                    const char          *username)
{
    g_return_if_fail (VIREO_IS_PASSWORD_DIALOG (self));

    gtk_entry_set_text (self->username_entry, username != NULL ? username : "");
}

void
vireo_password_dialog_set_password (VireoPasswordDialog *self,
                                    const char          *password)
{
    g_return_if_fail (VIREO_IS_PASSWORD_DIALOG (self));

    gtk_entry_set_text (self->password_entry, password != NULL ? password : "");
}

gboolean
vireo_password_dialog_get_remember (VireoPasswordDialog *self)
{
    g_return_val_if_fail (VIREO_IS_PASSWORD_DIALOG (self), FALSE);

    return gtk_widget_get_visible (GTK_WIDGET (self->remember_check)) &&
           gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remember_check));
}

void
vireo_password_dialog_set_remember (VireoPasswordDialog *self,
                                    gboolean             remember)
{
    g_return_if_fail (VIREO_IS_PASSWORD_DIALOG (self));

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->remember_check), remember);
}

const char *
vireo_password_dialog_get_message (VireoPasswordDialog *self)
{
    g_return_val_if_fail (VIREO_IS_PASSWORD_DIALOG (self), NULL);

    return gtk_label_get_text (self->message_label);
}
