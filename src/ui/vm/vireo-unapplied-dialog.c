/* vireo-unapplied-dialog.c: "Apply the changes to PAGE?" before leaving it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-unapplied-dialog.h"

struct _VireoUnappliedDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel *title_label;
};

G_DEFINE_FINAL_TYPE (VireoUnappliedDialog, vireo_unapplied_dialog, GTK_TYPE_DIALOG)

static void
vireo_unapplied_dialog_class_init (VireoUnappliedDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-unapplied-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoUnappliedDialog, title_label);
}

static void
vireo_unapplied_dialog_init (VireoUnappliedDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_unapplied_dialog_new (GtkWindow  *parent,
                            const char *page)
{
    VireoUnappliedDialog *self;
    g_autofree char *title = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (page != NULL, NULL);

    self = g_object_new (VIREO_TYPE_UNAPPLIED_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    title = g_strdup_printf (_("Apply the changes to “%s”?"), page);
    gtk_label_set_text (self->title_label, title);
    return GTK_WIDGET (self);
}
