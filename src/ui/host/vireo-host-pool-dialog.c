/* vireo-host-pool-dialog.c: creating a storage pool
 *
 * The rows shown follow the type; "Scan" asks libvirt for the sources it can find for the
 * types where it offers that (a host's NFS exports and iSCSI targets, the host's volume
 * groups), and choosing one fills the form.  The form is a VireoHostPoolSpec, checked by
 * the core before libvirt sees it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-pool-dialog.h"
#include "vireo-host-ui.h"

struct _VireoHostPoolDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkEntry        *name_entry;
    GtkComboBoxText *type_combo;
    GtkLabel        *host_label;
    GtkEntry        *host_entry;
    GtkLabel        *source_label;
    GtkEntry        *source_entry;
    GtkLabel        *group_label;
    GtkEntry        *group_entry;
    GtkLabel        *format_label;
    GtkComboBoxText *format_combo;
    GtkLabel        *initiator_label;
    GtkEntry        *initiator_entry;
    GtkEntry        *target_entry;
    GtkCheckButton  *build_check;
    GtkButton       *scan_button;
    GtkLabel        *sources_label;
    GtkComboBoxText *sources_combo;
    GtkCheckButton  *autostart_check;
    GtkLabel        *error_label;
    GtkSpinner      *spinner;
    GtkButton       *create_button;

    /* owned */
    VireoConnection *connection;
    GCancellable    *cancellable;
    GCancellable    *scan;
    GPtrArray       *sources;      /* VireoHostPoolSource* of the last scan */
    gboolean         busy;
};

enum {
    SIGNAL_CREATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostPoolDialog, vireo_host_pool_dialog, GTK_TYPE_DIALOG)

static const char *
current_type (VireoHostPoolDialog *self)
{
    const char *type = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->type_combo));

    return type != NULL ? type : "dir";
}

static void
show_row (GtkLabel  *label,
          GtkWidget *widget,
          gboolean   shown)
{
    gtk_widget_set_visible (GTK_WIDGET (label), shown);
    gtk_widget_set_visible (widget, shown);
}

static void
set_formats (VireoHostPoolDialog *self,
             const char          *type)
{
    static const char * const fs[] = { "auto", "ext4", "ext3", "ext2", "xfs", "vfat",
                                       "iso9660", "udf", "ocfs2", "gfs2", NULL };
    static const char * const netfs[] = { "auto", "nfs", "cifs", "glusterfs", NULL };
    static const char * const disk[] = { "unknown", "dos", "gpt", "mac", "bsd", "sun", NULL };
    const char * const *formats = g_str_equal (type, "fs") ? fs
                                : g_str_equal (type, "netfs") ? netfs
                                : g_str_equal (type, "disk") ? disk : NULL;

    gtk_combo_box_text_remove_all (self->format_combo);
    for (guint i = 0; formats != NULL && formats[i] != NULL; i++)
        gtk_combo_box_text_append (self->format_combo, formats[i], formats[i]);
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->format_combo), 0);
}

static void
update_form (VireoHostPoolDialog *self)
{
    const char *type = current_type (self);
    gboolean needs_host = FALSE;
    gboolean can_scan = vireo_host_pool_type_can_scan (type, &needs_host);
    gboolean is_logical = g_str_equal (type, "logical");
    gboolean is_iscsi = g_str_equal (type, "iscsi");
    const char *source = NULL;
    const char *target = NULL;
    const char *build = NULL;

    if (g_str_equal (type, "fs")) {
        source = _("_Device:");
        target = _("Where to mount it, such as /mnt/images");
    } else if (g_str_equal (type, "netfs")) {
        source = _("_Exported folder:");
        target = _("Where to mount it, such as /mnt/nfs");
    } else if (is_logical) {
        source = _("_Device:");
        target = _("/dev/ and the volume group");
        build = _("Make the volume _group on the device");
    } else if (g_str_equal (type, "disk")) {
        source = _("_Disk:");
        target = "/dev";
        build = _("Write a new _partition table (erases the disk)");
    } else if (is_iscsi) {
        source = _("Target _IQN:");
        target = "/dev/disk/by-path";
    } else {
        target = _("The folder, such as /var/lib/libvirt/images");
    }
    show_row (self->host_label, GTK_WIDGET (self->host_entry), needs_host);
    show_row (self->source_label, GTK_WIDGET (self->source_entry), source != NULL);
    if (source != NULL)
        gtk_label_set_text_with_mnemonic (self->source_label, source);
    show_row (self->group_label, GTK_WIDGET (self->group_entry), is_logical);
    show_row (self->format_label, GTK_WIDGET (self->format_combo),
              g_str_equal (type, "fs") || g_str_equal (type, "netfs") ||
              g_str_equal (type, "disk"));
    show_row (self->initiator_label, GTK_WIDGET (self->initiator_entry), is_iscsi);
    gtk_entry_set_placeholder_text (self->target_entry, target);
    gtk_widget_set_visible (GTK_WIDGET (self->build_check), build != NULL);
    if (build != NULL)
        gtk_button_set_label (GTK_BUTTON (self->build_check), build);
    gtk_widget_set_visible (GTK_WIDGET (self->scan_button), can_scan);
    /* Beside the host it scans, or where the host's entry would be. */
    gtk_container_child_set (GTK_CONTAINER (gtk_widget_get_parent (GTK_WIDGET (self->scan_button))),
                             GTK_WIDGET (self->scan_button), "left-attach", needs_host ? 2 : 1,
                             NULL);
    gtk_widget_set_halign (GTK_WIDGET (self->scan_button),
                           needs_host ? GTK_ALIGN_FILL : GTK_ALIGN_START);
    show_row (self->sources_label, GTK_WIDGET (self->sources_combo), FALSE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !self->busy);
}

static void
type_changed_cb (VireoHostPoolDialog *self)
{
    set_formats (self, current_type (self));
    update_form (self);
}

static void
show_error (VireoHostPoolDialog *self,
            const char          *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (VireoHostPoolDialog *self,
          gboolean             busy)
{
    self->busy = busy;
    if (busy)
        gtk_spinner_start (self->spinner);
    else
        gtk_spinner_stop (self->spinner);
    gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->scan_button), !busy);
}

static void
scan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
    g_autoptr(VireoHostPoolDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) sources = vireo_host_find_pool_sources_finish (
        VIREO_CONNECTION (source), result, &error);

    if (sources == NULL && vireo_error_is_cancelled (error))
        return;
    set_busy (self, FALSE);
    if (sources == NULL) {
        show_error (self, error->message);
        return;
    }
    if (sources->len == 0) {
        show_error (self, _("libvirt found no sources."));
        return;
    }
    show_error (self, NULL);
    gtk_combo_box_text_remove_all (self->sources_combo);
    for (guint i = 0; i < sources->len; i++) {
        VireoHostPoolSource *s = sources->pdata[i];
        g_autofree char *id = g_strdup_printf ("%u", i);
        g_autofree char *text = NULL;

        if (s->name != NULL && s->path != NULL)
            text = g_strdup_printf ("%s (%s)", s->name, s->path);
        else if (s->host != NULL && s->path != NULL)
            text = g_strdup_printf ("%s:%s", s->host, s->path);
        else
            text = g_strdup (s->path != NULL ? s->path : s->name != NULL ? s->name : "?");
        gtk_combo_box_text_append (self->sources_combo, id, text);
    }
    g_clear_pointer (&self->sources, g_ptr_array_unref);
    self->sources = g_steal_pointer (&sources);
    show_row (self->sources_label, GTK_WIDGET (self->sources_combo), TRUE);
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->sources_combo), 0);
}

static void
scan_clicked_cb (VireoHostPoolDialog *self)
{
    g_autofree char *host = vireo_host_ui_entry_text (self->host_entry);
    g_autofree char *initiator = vireo_host_ui_entry_text (self->initiator_entry);

    if (self->scan != NULL)
        g_cancellable_cancel (self->scan);
    g_clear_object (&self->scan);
    self->scan = g_cancellable_new ();
    g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             self->scan, G_CONNECT_SWAPPED);
    set_busy (self, TRUE);
    vireo_host_find_pool_sources_async (self->connection, current_type (self), host, initiator,
                                        self->scan, scan_cb, g_object_ref (self));
}

static void
source_chosen_cb (VireoHostPoolDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->sources_combo));
    guint64 index;
    VireoHostPoolSource *source;

    if (id == NULL || self->sources == NULL ||
        !g_ascii_string_to_unsigned (id, 10, 0, self->sources->len - 1, &index, NULL))
        return;
    source = self->sources->pdata[index];
    if (source->host != NULL)
        gtk_entry_set_text (self->host_entry, source->host);
    if (source->path != NULL)
        gtk_entry_set_text (self->source_entry, source->path);
    if (source->name != NULL)
        gtk_entry_set_text (self->group_entry, source->name);
    if (source->format != NULL)
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->format_combo), source->format);
}

static VireoHostPoolSpec *
read_spec (VireoHostPoolDialog *self)
{
    const char *type = current_type (self);
    VireoHostPoolSpec *spec = vireo_host_pool_spec_new (type);
    const char *format;

    spec->name = vireo_host_ui_entry_text (self->name_entry);
    spec->target_path = vireo_host_ui_entry_text (self->target_entry);
    if (gtk_widget_get_visible (GTK_WIDGET (self->host_entry)))
        spec->source_host = vireo_host_ui_entry_text (self->host_entry);
    if (gtk_widget_get_visible (GTK_WIDGET (self->source_entry)))
        spec->source_path = vireo_host_ui_entry_text (self->source_entry);
    if (gtk_widget_get_visible (GTK_WIDGET (self->group_entry)))
        spec->source_name = vireo_host_ui_entry_text (self->group_entry);
    if (gtk_widget_get_visible (GTK_WIDGET (self->initiator_entry)))
        spec->initiator = vireo_host_ui_entry_text (self->initiator_entry);
    format = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo));
    if (gtk_widget_get_visible (GTK_WIDGET (self->format_combo)) && format != NULL &&
        !(g_str_equal (type, "disk") && g_str_equal (format, "unknown")))
        spec->source_format = g_strdup (format);
    if (gtk_widget_get_visible (GTK_WIDGET (self->build_check)))
        spec->build = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->build_check));
    spec->autostart = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->autostart_check));
    return spec;
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(VireoHostPoolDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *name = vireo_host_create_pool_finish (VIREO_CONNECTION (source), result,
                                                           &error);

    if (name == NULL) {
        if (vireo_error_is_cancelled (error))
            return;
        set_busy (self, FALSE);
        show_error (self, error->message);
        return;
    }
    g_signal_emit (self, signals[SIGNAL_CREATED], 0, name);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vireo_host_pool_dialog_response (GtkDialog *dialog,
                                 int        response)
{
    VireoHostPoolDialog *self = VIREO_HOST_POOL_DIALOG (dialog);
    g_autoptr(VireoHostPoolSpec) spec = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    if (self->busy)
        return;
    spec = read_spec (self);
    xml = vireo_host_pool_spec_to_xml (spec, &error);
    if (xml == NULL) {
        show_error (self, error->message);
        return;
    }
    show_error (self, NULL);
    set_busy (self, TRUE);
    vireo_host_create_pool_async (self->connection, spec, self->cancellable, create_cb,
                                  g_object_ref (self));
}

static void
vireo_host_pool_dialog_destroy (GtkWidget *widget)
{
    VireoHostPoolDialog *self = VIREO_HOST_POOL_DIALOG (widget);

    g_cancellable_cancel (self->cancellable);
    GTK_WIDGET_CLASS (vireo_host_pool_dialog_parent_class)->destroy (widget);
}

static void
vireo_host_pool_dialog_dispose (GObject *object)
{
    VireoHostPoolDialog *self = VIREO_HOST_POOL_DIALOG (object);

    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->scan);
    g_clear_pointer (&self->sources, g_ptr_array_unref);

    G_OBJECT_CLASS (vireo_host_pool_dialog_parent_class)->dispose (object);
}

static void
vireo_host_pool_dialog_class_init (VireoHostPoolDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = vireo_host_pool_dialog_dispose;
    widget_class->destroy = vireo_host_pool_dialog_destroy;
    GTK_DIALOG_CLASS (klass)->response = vireo_host_pool_dialog_response;

    signals[SIGNAL_CREATED] =
        g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-host-pool-dialog.ui");
#define BIND(name) \
    gtk_widget_class_bind_template_child (widget_class, VireoHostPoolDialog, name)
    BIND (name_entry);
    BIND (type_combo);
    BIND (host_label);
    BIND (host_entry);
    BIND (source_label);
    BIND (source_entry);
    BIND (group_label);
    BIND (group_entry);
    BIND (format_label);
    BIND (format_combo);
    BIND (initiator_label);
    BIND (initiator_entry);
    BIND (target_entry);
    BIND (build_check);
    BIND (scan_button);
    BIND (sources_label);
    BIND (sources_combo);
    BIND (autostart_check);
    BIND (error_label);
    BIND (spinner);
    BIND (create_button);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, scan_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, source_chosen_cb);
}

static void
vireo_host_pool_dialog_init (VireoHostPoolDialog *self)
{
    self->cancellable = g_cancellable_new ();
    gtk_widget_init_template (GTK_WIDGET (self));
    set_formats (self, "dir");
    update_form (self);
}

GtkWidget *
vireo_host_pool_dialog_new (GtkWindow       *parent,
                            VireoConnection *connection)
{
    VireoHostPoolDialog *self;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_HOST_POOL_DIALOG, "transient-for", parent,
                         "use-header-bar", TRUE, NULL);
    self->connection = g_object_ref (connection);
    return GTK_WIDGET (self);
}
