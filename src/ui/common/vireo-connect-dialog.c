/* vireo-connect-dialog.c: the viewer's "connect to" dialog with recent addresses
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-connect-dialog.h"

struct _VireoConnectDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkEntry   *address_entry;
    GtkListBox *recent_list;
    GtkWidget  *recent_label;
    GtkWidget  *connect_button;

    /* state */
    guint       n_recent;
    char       *address;
};

G_DEFINE_FINAL_TYPE (VireoConnectDialog, vireo_connect_dialog, GTK_TYPE_DIALOG)

static void
address_changed_cb (VireoConnectDialog *self,
                    GtkEntry           *entry)
{
    g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));

    gtk_widget_set_sensitive (self->connect_button, *text != '\0');
}

static void
recent_selected_cb (VireoConnectDialog *self,
                    GtkListBoxRow      *row,
                    GtkListBox         *list)
{
    if (row != NULL)
        gtk_entry_set_text (self->address_entry,
                            g_object_get_data (G_OBJECT (row), "address"));
}

static void
recent_activated_cb (VireoConnectDialog *self,
                     GtkListBoxRow      *row,
                     GtkListBox         *list)
{
    recent_selected_cb (self, row, list);
    gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
}

static void
vireo_connect_dialog_finalize (GObject *object)
{
    g_free (VIREO_CONNECT_DIALOG (object)->address);
    G_OBJECT_CLASS (vireo_connect_dialog_parent_class)->finalize (object);
}

static void
vireo_connect_dialog_class_init (VireoConnectDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->finalize = vireo_connect_dialog_finalize;
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-connect-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoConnectDialog, address_entry);
    gtk_widget_class_bind_template_child (widget_class, VireoConnectDialog, recent_list);
    gtk_widget_class_bind_template_child (widget_class, VireoConnectDialog, recent_label);
    gtk_widget_class_bind_template_child (widget_class, VireoConnectDialog, connect_button);
    gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, recent_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);
}

static void
vireo_connect_dialog_init (VireoConnectDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_connect_dialog_new (GtkWindow          *parent,
                          const char * const *recent)
{
    VireoConnectDialog *self;

    self = g_object_new (VIREO_TYPE_CONNECT_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    for (guint i = 0; recent != NULL && recent[i] != NULL; i++) {
        GtkWidget *label = gtk_label_new (recent[i]);
        GtkWidget *row = gtk_list_box_row_new ();

        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
        g_object_set (label, "margin", 6, NULL);
        gtk_container_add (GTK_CONTAINER (row), label);
        g_object_set_data_full (G_OBJECT (row), "address", g_strdup (recent[i]), g_free);
        /* The label may be ellipsized: the whole address is the row's name and tooltip. */
        gtk_widget_set_tooltip_text (row, recent[i]);
        atk_object_set_name (gtk_widget_get_accessible (row), recent[i]);
        gtk_widget_show_all (row);
        gtk_list_box_insert (self->recent_list, row, -1);
        self->n_recent++;
    }
    gtk_widget_set_visible (self->recent_label, self->n_recent > 0);
    gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (
                                GTK_WIDGET (self->recent_list))), self->n_recent > 0);
    return GTK_WIDGET (self);
}

const char *
vireo_connect_dialog_get_address (VireoConnectDialog *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECT_DIALOG (self), NULL);

    g_free (self->address);
    self->address = g_strstrip (g_strdup (gtk_entry_get_text (self->address_entry)));
    return self->address;
}

void
vireo_connect_dialog_set_address (VireoConnectDialog *self,
                                  const char         *address)
{
    g_return_if_fail (VIREO_IS_CONNECT_DIALOG (self));

    gtk_entry_set_text (self->address_entry, address != NULL ? address : "");
}

guint
vireo_connect_dialog_get_n_recent (VireoConnectDialog *self)
{
    g_return_val_if_fail (VIREO_IS_CONNECT_DIALOG (self), 0);

    return self->n_recent;
}
