/* vireo-host-transfer-dialog.c: what to import (upload) or export (download), and where
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-transfer-dialog.h"
#include "vireo-host-ui.h"

struct _VireoHostTransferDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel              *intro_label;
    GtkEntry              *path_entry;
    GtkButton             *browse_button;
    GtkLabel              *name_label;
    GtkEntry              *name_entry;
    GtkLabel              *format_label;
    GtkComboBoxText       *format_combo;
    GtkLabel              *error_label;
    GtkButton             *ok_button;

    VireoHostTransferKind  kind;
    char                  *default_name;   /* the name the path suggested */
};

enum {
    SIGNAL_CHOSEN,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostTransferDialog, vireo_host_transfer_dialog, GTK_TYPE_DIALOG)

static void
path_changed_cb (VireoHostTransferDialog *self)
{
    g_autofree char *path = vireo_host_ui_entry_text (self->path_entry);
    g_autofree char *base = NULL;
    g_autofree char *name = NULL;

    if (self->kind != VIREO_HOST_TRANSFER_IMPORT || path == NULL)
        return;
    /* The file's name, unless the user typed one of their own. */
    name = vireo_host_ui_entry_text (self->name_entry);
    base = g_path_get_basename (path);
    if (name == NULL || g_strcmp0 (name, self->default_name) == 0) {
        gtk_entry_set_text (self->name_entry, base);
        g_free (self->default_name);
        self->default_name = g_strdup (base);
    }
}

static void
chooser_response_cb (GtkNativeDialog         *chooser,
                     int                      response,
                     VireoHostTransferDialog *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path != NULL)
            gtk_entry_set_text (self->path_entry, path);
    }
    g_object_unref (chooser);
}

static void
browse_clicked_cb (VireoHostTransferDialog *self)
{
    gboolean import = self->kind == VIREO_HOST_TRANSFER_IMPORT;
    GtkFileChooserNative *chooser;
    g_autofree char *current = vireo_host_ui_entry_text (self->path_entry);

    chooser = gtk_file_chooser_native_new (import ? _("Choose a Disk Image")
                                                  : _("Save the Disk Image As"),
                                           GTK_WINDOW (self),
                                           import ? GTK_FILE_CHOOSER_ACTION_OPEN
                                                  : GTK_FILE_CHOOSER_ACTION_SAVE,
                                           import ? _("_Open") : _("_Save"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    if (!import) {
        gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
        if (current == NULL)
            gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                               gtk_entry_get_text (self->name_entry));
    }
    if (current != NULL)
        gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (chooser), current);
    g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_error (VireoHostTransferDialog *self,
            const char              *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_show (GTK_WIDGET (self->error_label));
}

static void
vireo_host_transfer_dialog_response (GtkDialog *dialog,
                                     int        response)
{
    VireoHostTransferDialog *self = VIREO_HOST_TRANSFER_DIALOG (dialog);
    g_autofree char *path = NULL;
    g_autofree char *name = NULL;
    const char *format;

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    path = vireo_host_ui_entry_text (self->path_entry);
    name = vireo_host_ui_entry_text (self->name_entry);
    if (path == NULL || !g_path_is_absolute (path)) {
        show_error (self, _("Name the file with its full path, which starts with “/”."));
        return;
    }
    if (self->kind == VIREO_HOST_TRANSFER_IMPORT &&
        !g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
        show_error (self, _("There is no such file."));
        return;
    }
    if (self->kind == VIREO_HOST_TRANSFER_IMPORT && name == NULL) {
        show_error (self, _("The disk image needs a name."));
        return;
    }
    format = gtk_widget_get_visible (GTK_WIDGET (self->format_combo))
             ? gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo)) : NULL;
    if (format != NULL && *format == '\0')
        format = NULL;
    g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, path, name, format);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vireo_host_transfer_dialog_finalize (GObject *object)
{
    VireoHostTransferDialog *self = VIREO_HOST_TRANSFER_DIALOG (object);

    g_free (self->default_name);

    G_OBJECT_CLASS (vireo_host_transfer_dialog_parent_class)->finalize (object);
}

static void
vireo_host_transfer_dialog_class_init (VireoHostTransferDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->finalize = vireo_host_transfer_dialog_finalize;
    GTK_DIALOG_CLASS (klass)->response = vireo_host_transfer_dialog_response;

    signals[SIGNAL_CHOSEN] =
        g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/org/vireo/Vireo/vireo-host-transfer-dialog.ui");
#define BIND(name) \
    gtk_widget_class_bind_template_child (widget_class, VireoHostTransferDialog, name)
    BIND (intro_label);
    BIND (path_entry);
    BIND (browse_button);
    BIND (name_label);
    BIND (name_entry);
    BIND (format_label);
    BIND (format_combo);
    BIND (error_label);
    BIND (ok_button);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, path_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, browse_clicked_cb);
}

static void
vireo_host_transfer_dialog_init (VireoHostTransferDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_host_transfer_dialog_new (GtkWindow             *parent,
                                VireoHostTransferKind  kind,
                                gboolean               can_convert,
                                gboolean               libvirt_streams,
                                const char            *volume)
{
    VireoHostTransferDialog *self;
    gboolean import = kind == VIREO_HOST_TRANSFER_IMPORT;
    const char *title, *action, *tip;
    g_autofree char *intro = NULL;

    self = g_object_new (VIREO_TYPE_HOST_TRANSFER_DIALOG, "transient-for", parent,
                         "use-header-bar", TRUE, NULL);
    self->kind = kind;
    if (import) {
        title = libvirt_streams ? _("Upload a Disk Image") : _("Import a Disk Image");
        action = libvirt_streams ? _("_Upload") : _("_Import");
        tip = libvirt_streams ? _("Upload the file into the pool over libvirt’s stream")
                              : _("Copy or convert the file into the image folder");
        intro = g_strdup (libvirt_streams
                          ? _("The file becomes a volume of the pool, as it is. A volume of "
                              "the same name is replaced, once you confirm.")
                          : _("The file becomes an image of the folder, copied as it is or "
                              "converted. An image of the same name is replaced, once you "
                              "confirm."));
        if (volume != NULL)
            gtk_entry_set_text (self->name_entry, volume);
    } else {
        title = libvirt_streams ? _("Download a Disk Image") : _("Export a Disk Image");
        action = libvirt_streams ? _("_Download") : _("_Export");
        tip = libvirt_streams ? _("Download the volume over libvirt’s stream into the file")
                              : _("Copy or convert the image into the file");
        /* TRANSLATORS: %s is a volume's name */
        intro = g_strdup_printf (_("“%s” is written to the file, which is replaced if it "
                                   "exists."), volume != NULL ? volume : "");
        gtk_entry_set_text (self->name_entry, volume != NULL ? volume : "");
        gtk_widget_hide (GTK_WIDGET (self->name_label));
        gtk_widget_hide (GTK_WIDGET (self->name_entry));
    }
    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_button_set_label (self->ok_button, action);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->ok_button), tip);
    gtk_label_set_text (self->intro_label, intro);
    gtk_widget_set_visible (GTK_WIDGET (self->format_label), can_convert);
    gtk_widget_set_visible (GTK_WIDGET (self->format_combo), can_convert);
    return GTK_WIDGET (self);
}
