/* vireo-add-hardware-dialog.c: choose a device to add to a VM
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-error-cancelled.h"
#include "vireo-a11y.h"
#include "vireo-add-hardware-dialog.h"
#include "vireo-device-fields.h"
#include "vireo-host-device.h"
#include "vireo-size-spin.h"

enum {
    HOST_COLUMN_ADDRESS,
    HOST_COLUMN_DESCRIPTION,
    HOST_COLUMN_DEVICE,
    HOST_COLUMN_USB,
};

#define HOSTDEV_USB "hostdev-usb"
#define HOSTDEV_PCI "hostdev-pci"

struct _VireoAddHardwareDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkInfoBar         *info_bar;
    GtkLabel           *info_label;
    GtkListBox         *kinds;
    GtkLabel           *kind_title;
    GtkSpinner         *spinner;
    GtkWidget          *storage_box;
    GtkToggleButton    *create_radio;
    GtkWidget          *size_box;
    GtkSpinButton      *size_spin;
    GtkLabel           *size_label;
    GtkWidget          *path_box;
    GtkComboBoxText    *volume_combo;
    GtkEntry           *path_entry;
    GtkWidget          *host_box;
    GtkLabel           *host_status;
    GtkTreeView        *host_view;
    GtkTreeSelection   *host_selection;
    GtkListStore       *host_store;
    GtkTreeModelFilter *host_filter;
    GtkStack           *forms;
    GtkWidget          *finish_button;

    /* owned */
    VireoDomain        *domain;
    GCancellable       *cancellable;     /* cancelled when the dialog goes */
    GHashTable         *form_of;         /* option -> VireoForm* */
    GHashTable         *specs_of;        /* option -> GArray of VireoFieldSpec */
    char               *kind;            /* the row selected: an option or HOSTDEV_* */
    char               *disk_place;      /* where a new disk goes (the default pool's folder) */
    guint64             disk_available;  /* and its free bytes, 0: not known */

    /* state */
    gboolean            hosts_requested;
    gboolean            volumes_requested;
};

G_DEFINE_FINAL_TYPE (VireoAddHardwareDialog, vireo_add_hardware_dialog, GTK_TYPE_DIALOG)

/* ---------------------------------------------------------------- helpers */

static gboolean
kind_is_hostdev (const char *kind)
{
    return g_strcmp0 (kind, HOSTDEV_USB) == 0 || g_strcmp0 (kind, HOSTDEV_PCI) == 0;
}

static GtkWidget *
make_row (const char *id,
          const char *title,
          const char *icon_name)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *label = gtk_label_new (title);

    gtk_container_set_border_width (GTK_CONTAINER (box), 6);
    gtk_container_add (GTK_CONTAINER (box), gtk_image_new_from_icon_name (icon_name,
                                                                          GTK_ICON_SIZE_MENU));
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_container_add (GTK_CONTAINER (box), label);
    gtk_container_add (GTK_CONTAINER (row), box);
    g_object_set_data_full (G_OBJECT (row), "vireo-kind", g_strdup (id), g_free);
    g_object_set_data_full (G_OBJECT (row), "vireo-title", g_strdup (title), g_free);
    atk_object_set_name (gtk_widget_get_accessible (row), title);
    gtk_widget_set_tooltip_text (row, title);
    gtk_widget_show_all (row);
    return row;
}

/* The fields a new device of @kind is given: its kind's, without what only
 * describes an existing device, and for a disk without its path (the
 * storage choice above says it). */
static GArray *
add_specs (const VireoDeviceKind *kind)
{
    GArray *specs = g_array_new (FALSE, TRUE, sizeof (VireoFieldSpec));

    for (guint i = 0; i < kind->n_fields; i++) {
        const VireoFieldSpec *spec = &kind->fields[i];

        if (spec->kind == VIREO_FIELD_INFO ||
            (g_str_equal (kind->option, "disk") && g_str_equal (spec->key, "path")) ||
            (g_str_equal (kind->option, "network") && g_str_equal (spec->key, "mac.address")))
            continue;
        g_array_append_vals (specs, spec, 1);
    }
    return specs;
}

static void size_changed_cb (VireoAddHardwareDialog *self);

static VireoForm *
ensure_form (VireoAddHardwareDialog *self,
             const char             *option)
{
    VireoForm *form = g_hash_table_lookup (self->form_of, option);
    const VireoDeviceKind *kind;
    GArray *specs;

    if (form != NULL)
        return form;
    kind = vireo_device_kind_lookup (option);
    g_return_val_if_fail (kind != NULL, NULL);
    specs = add_specs (kind);
    g_hash_table_insert (self->specs_of, g_strdup (option), specs);
    form = vireo_form_new (option, (const VireoFieldSpec *) (gpointer) specs->data, specs->len);
    vireo_form_load_defaults (form);
    gtk_stack_add_named (self->forms, vireo_form_get_widget (form), option);
    g_hash_table_insert (self->form_of, g_strdup (option), form);
    /* A raw image must fit in the free space, a qcow2 one need not. */
    if (g_str_equal (option, "disk"))
        g_signal_connect_object (form, "changed", G_CALLBACK (size_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    return form;
}

static void
update_finish (VireoAddHardwareDialog *self)
{
    gboolean ready = self->kind != NULL;

    if (kind_is_hostdev (self->kind))
        ready = gtk_tree_selection_count_selected_rows (self->host_selection) == 1;
    gtk_widget_set_sensitive (self->finish_button, ready);
}

/* ---------------------------------------------------------------- callbacks */

static gboolean
host_visible_cb (GtkTreeModel *model,
                 GtkTreeIter  *iter,
                 gpointer      user_data)
{
    VireoAddHardwareDialog *self = user_data;
    gboolean usb = FALSE;

    gtk_tree_model_get (model, iter, HOST_COLUMN_USB, &usb, -1);
    return usb == (g_strcmp0 (self->kind, HOSTDEV_USB) == 0);
}

static void
hosts_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    VireoAddHardwareDialog *self = user_data;
    g_autoptr(GPtrArray) devices = NULL;
    g_autoptr(GError) error = NULL;

    devices = vireo_host_list_devices_finish (VIREO_CONNECTION (source), result, &error);
    if (devices == NULL) {
        if (vireo_error_is_cancelled (error))
            return;
        gtk_label_set_text (self->host_status, error->message);
        return;
    }
    for (guint i = 0; i < devices->len; i++) {
        VireoHostDevice *device = devices->pdata[i];
        g_autofree char *address = NULL;
        g_autofree char *description = NULL;

        if (vireo_host_device_is_usb_root_hub (device))
            continue;
        address = vireo_host_device_dup_address (device);
        description = vireo_host_device_dup_description (device);
        gtk_list_store_insert_with_values (self->host_store, NULL, -1,
                                           HOST_COLUMN_ADDRESS, address,
                                           HOST_COLUMN_DESCRIPTION, description,
                                           HOST_COLUMN_DEVICE, device,
                                           HOST_COLUMN_USB,
                                           device->type == VIREO_HOST_DEVICE_USB, -1);
    }
    gtk_tree_model_filter_refilter (self->host_filter);
    gtk_label_set_text (self->host_status,
                        _("Choose the host's device to give to the virtual machine."));
    update_finish (self);
}

static void
volumes_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
    VireoAddHardwareDialog *self = user_data;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GError) error = NULL;

    volumes = vireo_storage_list_volumes_finish (VIREO_STORAGE (source), result, &error);
    /* Without a default pool there is nothing to offer; a path still works. */
    if (volumes == NULL)
        return;
    for (guint i = 0; i < volumes->len; i++) {
        VireoStorageVolumeInfo *volume = volumes->pdata[i];

        if (volume->path != NULL)
            gtk_combo_box_text_append_text (self->volume_combo, volume->path);
    }
}

/* A new disk's size as typed, within the free space where it goes when it
 * takes its whole size at once (raw); a qcow2 one that could outgrow the
 * space is made, with a warning. */
static gboolean
check_new_disk (VireoAddHardwareDialog  *self,
                double                  *gib,
                char                   **warning,
                GError                 **error)
{
    VireoForm *form = self->form_of != NULL ? g_hash_table_lookup (self->form_of, "disk")
                                            : NULL;
    g_autofree char *format = form != NULL ? vireo_form_dup_value (form, "driver.type") : NULL;

    *warning = NULL;
    if (!vireo_size_spin_read (self->size_spin, 0, gib, error))
        return FALSE;
    return vireo_size_input_check_space ((guint64) (*gib * 1024 * 1024 * 1024),
                                         self->disk_available, g_strcmp0 (format, "raw") != 0,
                                         self->disk_place, warning, error);
}

/* What is wrong with the size, said under it as it is typed. */
static void
size_changed_cb (VireoAddHardwareDialog *self)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *warning = NULL;
    double gib;

    check_new_disk (self, &gib, &warning, &error);
    gtk_label_set_text (self->size_label, error != NULL ? error->message
                                          : warning != NULL ? warning : "");
    gtk_widget_set_visible (GTK_WIDGET (self->size_label), error != NULL || warning != NULL);
}

static void
pools_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    VireoAddHardwareDialog *self;
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GError) error = NULL;
    gboolean embedded;

    pools = vireo_storage_list_pools_finish (VIREO_STORAGE (source), result, &error);
    if (pools == NULL)
        return;
    self = user_data;
    embedded = vireo_connection_is_embedded (vireo_domain_get_connection (self->domain));
    for (guint i = 0; i < pools->len; i++) {
        VireoStoragePoolInfo *pool = pools->pdata[i];

        /* New disks go to the embedded root's folder, or to libvirt's pool "default". */
        if (embedded || g_strcmp0 (pool->name, "default") == 0) {
            g_free (self->disk_place);
            self->disk_place = g_strdup (pool->path != NULL ? pool->path : pool->name);
            self->disk_available = pool->available;
            size_changed_cb (self);
            return;
        }
    }
}

static void
request_hosts (VireoAddHardwareDialog *self)
{
    VireoConnection *connection = vireo_domain_get_connection (self->domain);

    if (self->hosts_requested || connection == NULL)
        return;
    self->hosts_requested = TRUE;
    vireo_host_list_devices_async (connection, self->cancellable, hosts_listed_cb, self);
}

static void
request_volumes (VireoAddHardwareDialog *self)
{
    VireoConnection *connection = vireo_domain_get_connection (self->domain);
    VireoStorage *storage = connection != NULL ? vireo_connection_get_storage (connection)
                                               : NULL;

    if (self->volumes_requested || storage == NULL)
        return;
    self->volumes_requested = TRUE;
    vireo_storage_list_volumes_async (storage, NULL, self->cancellable, volumes_listed_cb, self);
    vireo_storage_list_pools_async (storage, self->cancellable, pools_listed_cb, self);
}

static void
kind_selected_cb (VireoAddHardwareDialog *self,
                  GtkListBoxRow          *row)
{
    const char *kind;
    gboolean hostdev, disk;

    if (row == NULL)
        return;
    kind = g_object_get_data (G_OBJECT (row), "vireo-kind");
    g_free (self->kind);
    self->kind = g_strdup (kind);
    hostdev = kind_is_hostdev (kind);
    disk = g_str_equal (kind, "disk");
    gtk_label_set_text (self->kind_title, g_object_get_data (G_OBJECT (row), "vireo-title"));
    gtk_widget_set_visible (self->storage_box, disk);
    gtk_widget_set_visible (self->host_box, hostdev);
    gtk_widget_set_visible (GTK_WIDGET (self->forms), !hostdev);
    gtk_widget_hide (GTK_WIDGET (self->info_bar));
    if (hostdev) {
        gtk_tree_model_filter_refilter (self->host_filter);
        gtk_tree_selection_unselect_all (self->host_selection);
        request_hosts (self);
    } else {
        ensure_form (self, kind);
        gtk_stack_set_visible_child_name (self->forms, kind);
    }
    if (disk)
        request_volumes (self);
    update_finish (self);
}

static void
storage_choice_cb (VireoAddHardwareDialog *self)
{
    gboolean create = gtk_toggle_button_get_active (self->create_radio);

    gtk_widget_set_sensitive (self->size_box, create);
    gtk_widget_set_sensitive (self->path_box, !create);
}

static void
chooser_response_cb (GtkNativeDialog        *chooser,
                     int                     response,
                     VireoAddHardwareDialog *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path != NULL)
            gtk_entry_set_text (self->path_entry, path);
    }
    g_object_unref (chooser);
}

static void
browse_clicked_cb (VireoAddHardwareDialog *self)
{
    GtkFileChooserNative *chooser;

    chooser = gtk_file_chooser_native_new (_("Choose a Disk Image"), GTK_WINDOW (self),
                                           GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                           _("_Cancel"));
    g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
host_selection_changed_cb (VireoAddHardwareDialog *self)
{
    update_finish (self);
}

/* ---------------------------------------------------------------- GObject */

static void
vireo_add_hardware_dialog_dispose (GObject *object)
{
    VireoAddHardwareDialog *self = VIREO_ADD_HARDWARE_DIALOG (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->domain);
    g_clear_pointer (&self->form_of, g_hash_table_unref);
    G_OBJECT_CLASS (vireo_add_hardware_dialog_parent_class)->dispose (object);
}

static void
vireo_add_hardware_dialog_finalize (GObject *object)
{
    VireoAddHardwareDialog *self = VIREO_ADD_HARDWARE_DIALOG (object);

    /* After the forms, which point into the specs. */
    g_clear_pointer (&self->specs_of, g_hash_table_unref);
    g_free (self->kind);
    g_free (self->disk_place);
    G_OBJECT_CLASS (vireo_add_hardware_dialog_parent_class)->finalize (object);
}

static void
vireo_add_hardware_dialog_class_init (VireoAddHardwareDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vireo_add_hardware_dialog_dispose;
    object_class->finalize = vireo_add_hardware_dialog_finalize;

    g_type_ensure (VIREO_TYPE_HOST_DEVICE);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-add-hardware-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, info_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, info_label);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, kinds);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, kind_title);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, spinner);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, storage_box);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, create_radio);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, size_box);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, size_spin);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, size_label);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, path_box);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, volume_combo);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, path_entry);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, host_box);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, host_status);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, host_view);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, host_selection);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, host_store);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, host_filter);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, forms);
    gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, finish_button);
    gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, storage_choice_cb);
    gtk_widget_class_bind_template_callback (widget_class, browse_clicked_cb);
}

static void
vireo_add_hardware_dialog_init (VireoAddHardwareDialog *self)
{
    const VireoDeviceKind *const *kinds;
    guint n = 0;

    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_size_spin_attach (self->size_spin, VIREO_SIZE_FIELD_DISK_GIB);
    g_signal_connect_object (self->size_spin, "changed", G_CALLBACK (size_changed_cb), self,
                             G_CONNECT_SWAPPED);
    vireo_a11y_name_info_bar_close (self->info_bar);

    self->cancellable = g_cancellable_new ();
    self->form_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    self->specs_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_array_unref);
    gtk_tree_model_filter_set_visible_func (self->host_filter, host_visible_cb, self, NULL);
    g_signal_connect_object (self->host_selection, "changed",
                             G_CALLBACK (host_selection_changed_cb), self, G_CONNECT_SWAPPED);

    kinds = vireo_device_kinds (&n);
    for (guint i = 0; i < n; i++) {
        if (g_str_equal (kinds[i]->option, "hostdev")) {
            gtk_container_add (GTK_CONTAINER (self->kinds),
                               make_row (HOSTDEV_USB, _("USB Host Device"),
                                         "media-removable-symbolic"));
            gtk_container_add (GTK_CONTAINER (self->kinds),
                               make_row (HOSTDEV_PCI, _("PCI Host Device"),
                                         "drive-removable-media-symbolic"));
            continue;
        }
        gtk_container_add (GTK_CONTAINER (self->kinds),
                           make_row (kinds[i]->option, _(kinds[i]->title),
                                     kinds[i]->icon_name));
    }
}

/* ------------------------------------------------------------ public API */

GtkWidget *
vireo_add_hardware_dialog_new (GtkWindow   *parent,
                               VireoDomain *domain)
{
    VireoAddHardwareDialog *self;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIREO_TYPE_ADD_HARDWARE_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    self->domain = g_object_ref (domain);
    vireo_add_hardware_dialog_select (self, "disk");
    return GTK_WIDGET (self);
}

void
vireo_add_hardware_dialog_select (VireoAddHardwareDialog *self,
                                  const char             *option)
{
    g_autoptr(GList) rows = NULL;

    g_return_if_fail (VIREO_IS_ADD_HARDWARE_DIALOG (self));

    rows = gtk_container_get_children (GTK_CONTAINER (self->kinds));
    for (GList *l = rows; l != NULL; l = l->next) {
        if (g_strcmp0 (g_object_get_data (l->data, "vireo-kind"), option) == 0) {
            gtk_list_box_select_row (self->kinds, l->data);
            return;
        }
    }
}

VireoDomainEdit *
vireo_add_hardware_dialog_dup_edit (VireoAddHardwareDialog *self,
                                    GError                **error)
{
    g_autoptr(VireoDomainEdit) edit = NULL;
    VireoForm *form;

    g_return_val_if_fail (VIREO_IS_ADD_HARDWARE_DIALOG (self), NULL);

    if (self->kind == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Choose the kind of device to add."));
        return NULL;
    }
    if (kind_is_hostdev (self->kind)) {
        GtkTreeModel *model;
        GtkTreeIter iter;
        g_autoptr(VireoHostDevice) device = NULL;
        g_autofree char *xml = NULL;
        guint same = 0;

        if (!gtk_tree_selection_get_selected (self->host_selection, &model, &iter)) {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("Choose the host's device to add."));
            return NULL;
        }
        gtk_tree_model_get (model, &iter, HOST_COLUMN_DEVICE, &device, -1);
        /* Two USB devices with the same ids: the address says which. */
        if (gtk_tree_model_get_iter_first (model, &iter)) {
            do {
                g_autoptr(VireoHostDevice) other = NULL;

                gtk_tree_model_get (model, &iter, HOST_COLUMN_DEVICE, &other, -1);
                same += other->type == device->type && other->vendor_id == device->vendor_id &&
                        other->product_id == device->product_id;
            } while (gtk_tree_model_iter_next (model, &iter));
        }
        edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_ADD, "hostdev", error);
        if (edit == NULL)
            return NULL;
        xml = vireo_host_device_dup_hostdev_xml (device, same > 1);
        vireo_domain_edit_set_xml (edit, xml);
        return g_steal_pointer (&edit);
    }

    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_ADD, self->kind, error);
    if (edit == NULL)
        return NULL;
    if (g_str_equal (self->kind, "disk")) {
        if (gtk_toggle_button_get_active (self->create_radio)) {
            char size[G_ASCII_DTOSTR_BUF_SIZE];
            g_autofree char *warning = NULL;
            double gib;

            /* The text typed, never a value the spin button clamped; nothing is
             * made of a raw image larger than the free space. */
            if (!check_new_disk (self, &gib, &warning, error))
                return NULL;
            g_ascii_formatd (size, sizeof size, "%g", gib);
            if (!vireo_domain_edit_set (edit, "size", size, error))
                return NULL;
        } else {
            const char *path = gtk_entry_get_text (self->path_entry);

            if (*path == '\0') {
                g_autofree char *device = NULL;

                form = ensure_form (self, "disk");
                device = vireo_form_dup_value (form, "device");
                /* An empty CD-ROM or floppy drive has no path. */
                if (g_strcmp0 (device, "cdrom") != 0 && g_strcmp0 (device, "floppy") != 0) {
                    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                         _("Give the path of the disk image or device."));
                    return NULL;
                }
            } else if (!vireo_domain_edit_set (edit, "path", path, error)) {
                return NULL;
            }
        }
    }
    form = ensure_form (self, self->kind);
    if (!vireo_form_fill_edit (form, edit, VIREO_FORM_FILL_SET, error))
        return NULL;
    return g_steal_pointer (&edit);
}

void
vireo_add_hardware_dialog_set_busy (VireoAddHardwareDialog *self,
                                    gboolean                busy)
{
    g_return_if_fail (VIREO_IS_ADD_HARDWARE_DIALOG (self));

    gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
    if (busy) {
        gtk_spinner_start (self->spinner);
        gtk_widget_hide (GTK_WIDGET (self->info_bar));
    } else {
        gtk_spinner_stop (self->spinner);
    }
    gtk_widget_set_sensitive (gtk_dialog_get_content_area (GTK_DIALOG (self)), !busy);
    gtk_widget_set_sensitive (self->finish_button, !busy);
}

void
vireo_add_hardware_dialog_show_error (VireoAddHardwareDialog *self,
                                      const char             *message)
{
    g_return_if_fail (VIREO_IS_ADD_HARDWARE_DIALOG (self));

    gtk_label_set_text (self->info_label, message);
    gtk_widget_show (GTK_WIDGET (self->info_bar));
}
