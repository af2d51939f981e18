/* vireo-host-device.c: the host's USB and PCI devices (libvirt's node devices, or udev)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gudev/gudev.h>
#include <libvirt/virterror.h>

#include "vireo-host-device.h"
#include "vireo-host-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

#define USB_LINUX_FOUNDATION 0x1d6b

G_DEFINE_BOXED_TYPE (VireoHostDevice, vireo_host_device, vireo_host_device_copy,
                     vireo_host_device_free)

typedef struct {
    GPtrArray *devices;
} ListData;

/* Helpers */

static void
list_data_free (gpointer user_data)
{
    ListData *data = user_data;

    g_clear_pointer (&data->devices, g_ptr_array_unref);
    g_free (data);
}

/* Parses "0x8086", "8086" or "31" (@base 0: C rules; 16: hex with or
 * without 0x). */
static gboolean
parse_number (const char *text,
              guint       base,
              guint64     max,
              guint64    *out)
{
    g_autofree char *copy = NULL;
    const char *digits;
    char *end = NULL;
    guint64 value;

    if (text == NULL)
        return FALSE;
    copy = g_strstrip (g_strdup (text));
    digits = copy;
    if (base == 16 && (g_str_has_prefix (digits, "0x") || g_str_has_prefix (digits, "0X")))
        digits += 2;
    if (*digits == '\0')
        return FALSE;
    value = g_ascii_strtoull (digits, &end, base == 16 ? 16 : 0);
    if (end == NULL || *end != '\0' || value > max)
        return FALSE;
    *out = value;
    return TRUE;
}

static guint
number_or_zero (const char *text,
                guint       base,
                guint64     max)
{
    guint64 value = 0;

    return parse_number (text, base, max, &value) ? (guint) value : 0;
}

static char *
nonempty (char *text)
{
    if (text != NULL && *text == '\0')
        g_clear_pointer (&text, g_free);
    return text;
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
    const VireoHostDevice *da = *(VireoHostDevice * const *) a;
    const VireoHostDevice *db = *(VireoHostDevice * const *) b;

    if (da->type != db->type)
        return da->type == VIREO_HOST_DEVICE_PCI ? -1 : 1;
    if (da->type == VIREO_HOST_DEVICE_PCI) {
        guint64 ka = ((guint64) da->pci_domain << 24) | (da->pci_bus << 16) |
                     (da->pci_slot << 8) | da->pci_function;
        guint64 kb = ((guint64) db->pci_domain << 24) | (db->pci_bus << 16) |
                     (db->pci_slot << 8) | db->pci_function;

        return ka < kb ? -1 : ka > kb ? 1 : 0;
    }
    if (da->usb_bus != db->usb_bus)
        return da->usb_bus < db->usb_bus ? -1 : 1;
    return da->usb_device < db->usb_device ? -1 : da->usb_device > db->usb_device ? 1 : 0;
}

/* libvirt's name for a udev device: the prefix, then the sysfs name with
 * every character that is not a letter or a digit as "_". */
static char *
udev_device_name (const char *prefix,
                  const char *sysname)
{
    GString *name = g_string_new (prefix);

    for (const char *p = sysname; *p != '\0'; p++)
        g_string_append_c (name, g_ascii_isalnum (*p) ? *p : '_');
    return g_string_free (name, FALSE);
}

static char *
udev_name_property (GUdevDevice *dev,
                    const char  *database_key,
                    const char  *sysfs_attr)
{
    const char *value = g_udev_device_get_property (dev, database_key);

    if (value == NULL || *value == '\0')
        value = sysfs_attr != NULL ? g_udev_device_get_sysfs_attr (dev, sysfs_attr) : NULL;
    return value != NULL && *value != '\0' ? g_strstrip (g_strdup (value)) : NULL;
}

static VireoHostDevice *
udev_pci_device (GUdevDevice *dev)
{
    const char *sysname = g_udev_device_get_name (dev);
    guint domain, bus, slot, function;
    VireoHostDevice *device;

    if (sysname == NULL ||
        sscanf (sysname, "%x:%x:%x.%x", &domain, &bus, &slot, &function) != 4)
        return NULL;
    device = g_new0 (VireoHostDevice, 1);
    device->type = VIREO_HOST_DEVICE_PCI;
    device->name = udev_device_name ("pci_", sysname);
    device->pci_domain = domain;
    device->pci_bus = bus;
    device->pci_slot = slot;
    device->pci_function = function;
    device->vendor_id = number_or_zero (g_udev_device_get_sysfs_attr (dev, "vendor"), 16,
                                        G_MAXUINT16);
    device->product_id = number_or_zero (g_udev_device_get_sysfs_attr (dev, "device"), 16,
                                         G_MAXUINT16);
    device->pci_class = number_or_zero (g_udev_device_get_sysfs_attr (dev, "class"), 16,
                                        0xffffff);
    device->vendor_name = udev_name_property (dev, "ID_VENDOR_FROM_DATABASE", NULL);
    device->product_name = udev_name_property (dev, "ID_MODEL_FROM_DATABASE", NULL);
    device->driver = g_strdup (g_udev_device_get_driver (dev));
    return device;
}

static VireoHostDevice *
udev_usb_device (GUdevDevice *dev)
{
    const char *sysname = g_udev_device_get_name (dev);
    VireoHostDevice *device;

    if (g_strcmp0 (g_udev_device_get_devtype (dev), "usb_device") != 0 || sysname == NULL)
        return NULL;
    device = g_new0 (VireoHostDevice, 1);
    device->type = VIREO_HOST_DEVICE_USB;
    device->name = udev_device_name ("usb_", sysname);
    device->vendor_id = number_or_zero (g_udev_device_get_sysfs_attr (dev, "idVendor"), 16,
                                        G_MAXUINT16);
    device->product_id = number_or_zero (g_udev_device_get_sysfs_attr (dev, "idProduct"), 16,
                                         G_MAXUINT16);
    device->usb_bus = number_or_zero (g_udev_device_get_sysfs_attr (dev, "busnum"), 10,
                                      G_MAXUINT);
    device->usb_device = number_or_zero (g_udev_device_get_sysfs_attr (dev, "devnum"), 10,
                                         G_MAXUINT);
    device->vendor_name = udev_name_property (dev, "ID_VENDOR_FROM_DATABASE", "manufacturer");
    device->product_name = udev_name_property (dev, "ID_MODEL_FROM_DATABASE", "product");
    device->driver = g_strdup (g_udev_device_get_driver (dev));
    return device;
}

/* libvirt's node devices, or NULL with the error of libvirt's call (which
 * says VIR_ERR_NO_SUPPORT on the embedded driver). */
static GPtrArray *
libvirt_devices (virConnectPtr conn,
                 GError      **error)
{
    g_autoptr(GPtrArray) devices = NULL;
    virNodeDevicePtr *devs = NULL;
    int n;

    n = virConnectListAllNodeDevices (conn, &devs,
                                      VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV |
                                      VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV);
    if (n < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The host’s devices could not be listed"));
        return NULL;
    }
    devices = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_device_free);
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virNodeDeviceGetXMLDesc (devs[i], 0);
        g_autoptr(GError) local_error = NULL;
        VireoHostDevice *device = NULL;

        /* A device unplugged while it was read is left out. */
        if (xml != NULL)
            device = vireo_host_device_new_from_xml (xml, &local_error);
        else
            virResetLastError ();
        if (device != NULL)
            g_ptr_array_add (devices, device);
        else if (local_error != NULL)
            g_debug ("Skipping node device %s: %s", virNodeDeviceGetName (devs[i]),
                     local_error->message);
        virNodeDeviceFree (devs[i]);
    }
    free (devs);
    return g_steal_pointer (&devices);
}

/* TRUE when @conn's hypervisor runs on this computer (no host in its URI),
 * whose udev then describes its devices. */
static gboolean
is_local (virConnectPtr conn)
{
    g_autofree char *uri = virConnectGetURI (conn);
    g_autoptr(GUri) parsed = NULL;
    const char *host;

    parsed = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS,
                                        NULL)
                         : NULL;
    if (parsed == NULL)
        return FALSE;
    host = g_uri_get_host (parsed);
    return host == NULL || *host == '\0';
}

static gboolean
list_devices_run (virConnectPtr conn,
                  gpointer      user_data,
                  GCancellable *cancellable,
                  GError      **error)
{
    ListData *data = user_data;
    g_autoptr(GError) libvirt_error = NULL;

    data->devices = libvirt_devices (conn, &libvirt_error);
    if (data->devices == NULL) {
        /* No node device API (the embedded driver): the local host's own;
         * a remote host's are not this computer's. */
        if (!g_error_matches (libvirt_error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED) ||
            !is_local (conn)) {
            g_propagate_error (error, g_steal_pointer (&libvirt_error));
            return FALSE;
        }
        data->devices = vireo_host_list_udev_devices (error);
        return data->devices != NULL;
    }
    _vireo_host_device_fill_names (data->devices);
    g_ptr_array_sort (data->devices, compare_devices);
    return TRUE;
}

/* Public API */

VireoHostDevice *
vireo_host_device_copy (const VireoHostDevice *device)
{
    VireoHostDevice *copy;

    g_return_val_if_fail (device != NULL, NULL);

    copy = g_memdup2 (device, sizeof *device);
    copy->name = g_strdup (device->name);
    copy->vendor_name = g_strdup (device->vendor_name);
    copy->product_name = g_strdup (device->product_name);
    copy->driver = g_strdup (device->driver);
    return copy;
}

void
vireo_host_device_free (VireoHostDevice *device)
{
    if (device == NULL)
        return;
    g_free (device->name);
    g_free (device->vendor_name);
    g_free (device->product_name);
    g_free (device->driver);
    g_free (device);
}

char *
vireo_host_device_dup_address (const VireoHostDevice *device)
{
    g_return_val_if_fail (device != NULL, NULL);

    if (device->type == VIREO_HOST_DEVICE_PCI)
        return g_strdup_printf ("%04x:%02x:%02x.%x", device->pci_domain, device->pci_bus,
                                device->pci_slot, device->pci_function);
    return g_strdup_printf ("%03u:%03u", device->usb_bus, device->usb_device);
}

char *
vireo_host_device_dup_description (const VireoHostDevice *device)
{
    g_autofree char *vendor = NULL;
    g_autofree char *product = NULL;

    g_return_val_if_fail (device != NULL, NULL);

    vendor = device->vendor_name != NULL ? g_strdup (device->vendor_name)
                                         : g_strdup_printf ("%04x", device->vendor_id);
    product = device->product_name != NULL ? g_strdup (device->product_name)
                                           : g_strdup_printf ("%04x", device->product_id);
    if (device->vendor_name == NULL && device->product_name == NULL)
        return g_strdup_printf ("%s:%s", vendor, product);
    /* TRANSLATORS: a device's vendor, then its product, e.g. "Intel Corporation 82801 SATA
     * Controller" */
    return g_strdup_printf (C_("device", "%s %s"), vendor, product);
}

gboolean
vireo_host_device_is_usb_root_hub (const VireoHostDevice *device)
{
    g_return_val_if_fail (device != NULL, FALSE);

    return device->type == VIREO_HOST_DEVICE_USB && device->vendor_id == USB_LINUX_FOUNDATION &&
           device->product_id >= 1 && device->product_id <= 3;
}

char *
vireo_host_device_dup_hostdev_xml (const VireoHostDevice *device,
                                   gboolean               with_usb_address)
{
    GString *xml;

    g_return_val_if_fail (device != NULL, NULL);

    xml = g_string_new (NULL);
    if (device->type == VIREO_HOST_DEVICE_PCI) {
        g_string_append_printf (xml,
                                "<hostdev mode='subsystem' type='pci' managed='yes'>\n"
                                "  <source>\n"
                                "    <address domain='0x%04x' bus='0x%02x' slot='0x%02x' "
                                "function='0x%x'/>\n"
                                "  </source>\n"
                                "</hostdev>\n",
                                device->pci_domain, device->pci_bus, device->pci_slot,
                                device->pci_function);
        return g_string_free (xml, FALSE);
    }
    g_string_append_printf (xml,
                            "<hostdev mode='subsystem' type='usb' managed='yes'>\n"
                            "  <source>\n"
                            "    <vendor id='0x%04x'/>\n"
                            "    <product id='0x%04x'/>\n",
                            device->vendor_id, device->product_id);
    if (with_usb_address)
        g_string_append_printf (xml, "    <address bus='%u' device='%u'/>\n",
                                device->usb_bus, device->usb_device);
    g_string_append (xml, "  </source>\n</hostdev>\n");
    return g_string_free (xml, FALSE);
}

VireoHostDevice *
vireo_host_device_new_from_xml (const char *xml,
                                GError    **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(VireoHostDevice) device = NULL;
    xmlNode *root;
    xmlNode *cap = NULL;
    g_autofree char *type = NULL;
    xmlNode *vendor, *product;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = _vireo_host_xml_parse (xml);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !xmlStrEqual (root->name, BAD_CAST "device")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The description of a host device is not a <device> element."));
        return NULL;
    }
    for (xmlNode *node = root->children; node != NULL; node = node->next) {
        if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, BAD_CAST "capability"))
            continue;
        g_clear_pointer (&type, g_free);
        type = _vireo_host_xml_attr (node, "type");
        if (g_strcmp0 (type, "pci") == 0 || g_strcmp0 (type, "usb_device") == 0) {
            cap = node;
            break;
        }
    }
    if (cap == NULL)
        return NULL;

    device = g_new0 (VireoHostDevice, 1);
    device->name = nonempty (_vireo_host_xml_child_text (root, "name"));
    device->driver = nonempty (_vireo_host_xml_child_text (_vireo_host_xml_child (root,
                                                                                  "driver"),
                                                           "name"));
    vendor = _vireo_host_xml_child (cap, "vendor");
    product = _vireo_host_xml_child (cap, "product");
    {
        g_autofree char *vendor_id = _vireo_host_xml_attr (vendor, "id");
        g_autofree char *product_id = _vireo_host_xml_attr (product, "id");
        guint64 value;

        if (!parse_number (vendor_id, 16, G_MAXUINT16, &value)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("The host device “%s” has no vendor id."),
                         device->name ? device->name : "");
            return NULL;
        }
        device->vendor_id = value;
        if (!parse_number (product_id, 16, G_MAXUINT16, &value)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("The host device “%s” has no product id."),
                         device->name ? device->name : "");
            return NULL;
        }
        device->product_id = value;
    }
    device->vendor_name = nonempty (_vireo_host_xml_child_text (vendor, NULL));
    device->product_name = nonempty (_vireo_host_xml_child_text (product, NULL));

    if (g_str_equal (type, "pci")) {
        g_autofree char *domain = _vireo_host_xml_child_text (cap, "domain");
        g_autofree char *bus = _vireo_host_xml_child_text (cap, "bus");
        g_autofree char *slot = _vireo_host_xml_child_text (cap, "slot");
        g_autofree char *function = _vireo_host_xml_child_text (cap, "function");
        g_autofree char *klass = _vireo_host_xml_child_text (cap, "class");
        guint64 d, b, s, f;

        if (!parse_number (domain, 0, 0xffff, &d) || !parse_number (bus, 0, 0xff, &b) ||
            !parse_number (slot, 0, 0x1f, &s) || !parse_number (function, 0, 7, &f)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("The PCI device “%s” has no valid address."),
                         device->name ? device->name : "");
            return NULL;
        }
        device->type = VIREO_HOST_DEVICE_PCI;
        device->pci_domain = d;
        device->pci_bus = b;
        device->pci_slot = s;
        device->pci_function = f;
        device->pci_class = number_or_zero (klass, 16, 0xffffff);
    } else {
        g_autofree char *bus = _vireo_host_xml_child_text (cap, "bus");
        g_autofree char *dev = _vireo_host_xml_child_text (cap, "device");
        guint64 b, n;

        if (!parse_number (bus, 10, G_MAXUINT, &b) || !parse_number (dev, 10, G_MAXUINT, &n)) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                         _("The USB device “%s” has no bus or device number."),
                         device->name ? device->name : "");
            return NULL;
        }
        device->type = VIREO_HOST_DEVICE_USB;
        device->usb_bus = b;
        device->usb_device = n;
    }
    return g_steal_pointer (&device);
}

GPtrArray *
vireo_host_list_udev_devices (GError **error)
{
    g_autoptr(GUdevClient) client = g_udev_client_new (NULL);
    g_autoptr(GPtrArray) devices = NULL;
    const char *subsystems[] = { "pci", "usb" };

    devices = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_device_free);
    for (guint i = 0; i < G_N_ELEMENTS (subsystems); i++) {
        GList *list = g_udev_client_query_by_subsystem (client, subsystems[i]);

        for (GList *l = list; l != NULL; l = l->next) {
            VireoHostDevice *device = i == 0 ? udev_pci_device (l->data)
                                             : udev_usb_device (l->data);

            if (device != NULL)
                g_ptr_array_add (devices, device);
        }
        g_list_free_full (list, g_object_unref);
    }
    _vireo_host_device_fill_names (devices);
    g_ptr_array_sort (devices, compare_devices);
    return g_steal_pointer (&devices);
}

GPtrArray *
vireo_host_list_devices (VireoConnection *connection,
                         GCancellable    *cancellable,
                         GError         **error)
{
    ListData data = { NULL };

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (!_vireo_host_call (connection, list_devices_run, &data, cancellable, error))
        return NULL;
    return data.devices;
}

void
vireo_host_list_devices_async (VireoConnection    *connection,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    _vireo_host_call_async (connection, vireo_host_list_devices_async, list_devices_run,
                            g_new0 (ListData, 1), list_data_free, cancellable, callback,
                            user_data);
}

GPtrArray *
vireo_host_list_devices_finish (VireoConnection *connection,
                                GAsyncResult    *result,
                                GError         **error)
{
    ListData *data = _vireo_host_call_finish (connection, result,
                                              vireo_host_list_devices_async, error);

    return data != NULL ? g_steal_pointer (&data->devices) : NULL;
}
