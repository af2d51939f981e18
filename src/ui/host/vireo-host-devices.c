/* vireo-host-devices.c: the host window's Host Devices page
 *
 * The host's PCI and USB devices, as Add Hardware offers them for passthrough: libvirt's
 * node devices, or udev's on the embedded connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-devices.h"
#include "vireo-host-window.h"

enum {
    COL_TYPE,
    COL_ADDRESS,
    COL_VENDOR,
    COL_PRODUCT,
    COL_DRIVER,
    COL_NAME,
    N_COLUMNS
};

struct _VireoHostDevices {
    GtkBox parent_instance;

    /* template widgets */
    GtkTreeView     *tree_view;
    GtkListStore    *store;
    GtkLabel        *summary_label;
    GtkButton       *refresh_button;

    /* owned */
    VireoConnection *connection;
    GCancellable    *cancellable;

    gboolean         loading;
    gboolean         loaded;
};

enum {
    SIGNAL_LOADED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostDevices, vireo_host_devices, GTK_TYPE_BOX)

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
    g_autoptr(VireoHostDevices) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) devices = vireo_host_list_devices_finish (VIREO_CONNECTION (source),
                                                                   result, &error);
    gboolean first = !self->loaded;
    guint n_pci = 0, n_usb = 0;
    g_autofree char *pci = NULL;
    g_autofree char *usb = NULL;
    g_autofree char *summary = NULL;

    self->loading = FALSE;
    gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), TRUE);
    if (devices == NULL) {
        if (vireo_error_is_cancelled (error))
            return;
        vireo_host_window_report (GTK_WIDGET (self), error->message);
    } else {
        gtk_list_store_clear (self->store);
        for (guint i = 0; i < devices->len; i++) {
            VireoHostDevice *device = devices->pdata[i];
            g_autofree char *address = vireo_host_device_dup_address (device);
            g_autofree char *vendor = device->vendor_name != NULL
                                      ? g_strdup (device->vendor_name)
                                      : g_strdup_printf ("%04x", device->vendor_id);
            g_autofree char *product = device->product_name != NULL
                                       ? g_strdup (device->product_name)
                                       : g_strdup_printf ("%04x", device->product_id);

            if (device->type == VIREO_HOST_DEVICE_PCI)
                n_pci++;
            else
                n_usb++;
            gtk_list_store_insert_with_values (
                self->store, NULL, -1,
                COL_TYPE, device->type == VIREO_HOST_DEVICE_PCI ? "PCI" : "USB",
                COL_ADDRESS, address,
                COL_VENDOR, vendor,
                COL_PRODUCT, product,
                COL_DRIVER, device->driver != NULL ? device->driver : "",
                COL_NAME, device->name,
                -1);
        }
        pci = g_strdup_printf (ngettext ("%u PCI device", "%u PCI devices", n_pci), n_pci);
        usb = g_strdup_printf (ngettext ("%u USB device", "%u USB devices", n_usb), n_usb);
        /* TRANSLATORS: "6 PCI devices, 2 USB devices" */
        summary = g_strdup_printf (_("%s, %s"), pci, usb);
        gtk_label_set_text (self->summary_label, summary);
    }
    self->loaded = TRUE;
    if (first)
        g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
reload (VireoHostDevices *self)
{
    if (self->connection == NULL || self->loading ||
        vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return;
    self->loading = TRUE;
    gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
    vireo_host_list_devices_async (self->connection, self->cancellable, list_cb,
                                   g_object_ref (self));
}

static void
refresh_clicked_cb (VireoHostDevices *self)
{
    reload (self);
}

static void
vireo_host_devices_dispose (GObject *object)
{
    VireoHostDevices *self = VIREO_HOST_DEVICES (object);

    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vireo_host_devices_parent_class)->dispose (object);
}

static void
vireo_host_devices_class_init (VireoHostDevicesClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = vireo_host_devices_dispose;

    signals[SIGNAL_LOADED] =
        g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-host-devices.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoHostDevices, tree_view);
    gtk_widget_class_bind_template_child (widget_class, VireoHostDevices, store);
    gtk_widget_class_bind_template_child (widget_class, VireoHostDevices, summary_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostDevices, refresh_button);
    gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
}

static void
vireo_host_devices_init (VireoHostDevices *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

void
vireo_host_devices_set_connection (VireoHostDevices *self,
                                   VireoConnection  *connection,
                                   GCancellable     *cancellable)
{
    g_return_if_fail (VIREO_IS_HOST_DEVICES (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    g_set_object (&self->connection, connection);
    g_set_object (&self->cancellable, cancellable);
}

void
vireo_host_devices_load (VireoHostDevices *self)
{
    g_return_if_fail (VIREO_IS_HOST_DEVICES (self));

    if (!self->loaded)
        reload (self);
}

gboolean
vireo_host_devices_is_loaded (VireoHostDevices *self)
{
    g_return_val_if_fail (VIREO_IS_HOST_DEVICES (self), FALSE);

    return self->loaded;
}
