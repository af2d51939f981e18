/* test-host-device.c: the host's USB and PCI devices, from libvirt's node devices and from udev
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vireo-connection.h"
#include "vireo-host-device.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

#define SATA_XML \
    "<device>\n" \
    "  <name>pci_0000_00_1f_2</name>\n" \
    "  <parent>computer</parent>\n" \
    "  <driver><name>ahci</name></driver>\n" \
    "  <capability type='pci'>\n" \
    "    <class>0x010601</class>\n" \
    "    <domain>0</domain><bus>0</bus><slot>31</slot><function>2</function>\n" \
    "    <product id='0x2922'>SATA Controller</product>\n" \
    "    <vendor id='0x8086'>Intel Corporation</vendor>\n" \
    "  </capability>\n" \
    "</device>\n"

/* Names left out: they come from the fixture's usb.ids. */
#define RECEIVER_XML \
    "<device>\n" \
    "  <name>usb_1_4</name>\n" \
    "  <parent>usb_usb1</parent>\n" \
    "  <capability type='usb_device'>\n" \
    "    <bus>1</bus><device>4</device>\n" \
    "    <product id='0xc52b'/>\n" \
    "    <vendor id='0x046d'/>\n" \
    "  </capability>\n" \
    "</device>\n"

#define ROOT_HUB_XML \
    "<device>\n" \
    "  <name>usb_usb1</name>\n" \
    "  <capability type='usb_device'>\n" \
    "    <bus>1</bus><device>1</device>\n" \
    "    <product id='0x0002'>2.0 root hub</product>\n" \
    "    <vendor id='0x1d6b'>Linux Foundation</vendor>\n" \
    "  </capability>\n" \
    "</device>\n"

/* A PCI device whose names neither libvirt nor the fixture's pci.ids know. */
#define UNKNOWN_PCI_XML \
    "<device>\n" \
    "  <name>pci_0001_02_03_4</name>\n" \
    "  <capability type='pci'>\n" \
    "    <domain>1</domain><bus>2</bus><slot>3</slot><function>4</function>\n" \
    "    <product id='0x0042'/>\n" \
    "    <vendor id='0xabcd'/>\n" \
    "  </capability>\n" \
    "</device>\n"

static void
test_from_xml (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoHostDevice) sata = vireo_host_device_new_from_xml (SATA_XML, &error);
    g_autoptr(VireoHostDevice) receiver = NULL;
    g_autoptr(VireoHostDevice) copy = NULL;
    g_autofree char *address = NULL;
    g_autofree char *description = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (sata);
    g_assert_cmpint (sata->type, ==, VIREO_HOST_DEVICE_PCI);
    g_assert_cmpstr (sata->name, ==, "pci_0000_00_1f_2");
    g_assert_cmpuint (sata->vendor_id, ==, 0x8086);
    g_assert_cmpuint (sata->product_id, ==, 0x2922);
    g_assert_cmpstr (sata->vendor_name, ==, "Intel Corporation");
    g_assert_cmpstr (sata->product_name, ==, "SATA Controller");
    g_assert_cmpstr (sata->driver, ==, "ahci");
    g_assert_cmpuint (sata->pci_slot, ==, 31);
    g_assert_cmpuint (sata->pci_function, ==, 2);
    g_assert_cmphex (sata->pci_class, ==, 0x010601);
    address = vireo_host_device_dup_address (sata);
    g_assert_cmpstr (address, ==, "0000:00:1f.2");
    description = vireo_host_device_dup_description (sata);
    g_assert_cmpstr (description, ==, "Intel Corporation SATA Controller");

    copy = vireo_host_device_copy (sata);
    g_assert_cmpstr (copy->product_name, ==, sata->product_name);
    g_assert_true (copy->product_name != sata->product_name);

    receiver = vireo_host_device_new_from_xml (RECEIVER_XML, &error);
    g_assert_no_error (error);
    g_assert_cmpint (receiver->type, ==, VIREO_HOST_DEVICE_USB);
    g_assert_cmpuint (receiver->usb_bus, ==, 1);
    g_assert_cmpuint (receiver->usb_device, ==, 4);
    g_assert_null (receiver->vendor_name);
    g_assert_null (receiver->driver);
    g_clear_pointer (&address, g_free);
    address = vireo_host_device_dup_address (receiver);
    g_assert_cmpstr (address, ==, "001:004");
    g_clear_pointer (&description, g_free);
    description = vireo_host_device_dup_description (receiver);
    g_assert_cmpstr (description, ==, "046d:c52b");
    g_assert_false (vireo_host_device_is_usb_root_hub (receiver));
}

static void
test_from_bad_xml (void)
{
    const struct {
        const char *xml;
        const char *message_part;   /* NULL: no error, no device */
    } cases[] = {
        { "not xml", "not a <device>" },
        { "<domain/>", "not a <device>" },
        { "<device><name>computer</name><capability type='system'/></device>", NULL },
        { "<device><name>p</name><capability type='pci'><domain>0</domain><bus>0</bus>"
          "<slot>1</slot><function>0</function><product id='0x1'/></capability></device>",
          "no vendor id" },
        { "<device><name>p</name><capability type='pci'><domain>0</domain><bus>0</bus>"
          "<slot>1</slot><function>0</function><vendor id='0x1'/><product id='zz'/>"
          "</capability></device>", "no product id" },
        { "<device><name>p</name><capability type='pci'><domain>0</domain><bus>300</bus>"
          "<slot>1</slot><function>0</function><vendor id='0x1'/><product id='0x2'/>"
          "</capability></device>", "no valid address" },
        { "<device><name>p</name><capability type='pci'><bus>0</bus><slot>1</slot>"
          "<function>9</function><vendor id='0x1'/><product id='0x2'/></capability>"
          "</device>", "no valid address" },
        { "<device><name>u</name><capability type='usb_device'><bus>x</bus><device>1</device>"
          "<vendor id='0x1'/><product id='0x2'/></capability></device>",
          "no bus or device number" },
        { "<device><name>u</name><capability type='usb_device'><bus>1</bus>"
          "<vendor id='0x10000'/><product id='0x2'/></capability></device>",
          "no vendor id" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoHostDevice) device = vireo_host_device_new_from_xml (cases[i].xml,
                                                                            &error);

        g_test_message ("case %u: %s", i, cases[i].xml);
        g_assert_null (device);
        if (cases[i].message_part == NULL) {
            g_assert_no_error (error);
            continue;
        }
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }
}

static void
test_hostdev_xml (void)
{
    g_autoptr(VireoHostDevice) sata = vireo_host_device_new_from_xml (SATA_XML, NULL);
    g_autoptr(VireoHostDevice) receiver = vireo_host_device_new_from_xml (RECEIVER_XML, NULL);
    g_autoptr(VireoHostDevice) hub = vireo_host_device_new_from_xml (ROOT_HUB_XML, NULL);
    g_autofree char *pci = vireo_host_device_dup_hostdev_xml (sata, FALSE);
    g_autofree char *usb = vireo_host_device_dup_hostdev_xml (receiver, FALSE);
    g_autofree char *usb_addressed = vireo_host_device_dup_hostdev_xml (receiver, TRUE);

    g_assert_cmpstr (pci, ==,
                     "<hostdev mode='subsystem' type='pci' managed='yes'>\n"
                     "  <source>\n"
                     "    <address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>\n"
                     "  </source>\n"
                     "</hostdev>\n");
    g_assert_cmpstr (usb, ==,
                     "<hostdev mode='subsystem' type='usb' managed='yes'>\n"
                     "  <source>\n"
                     "    <vendor id='0x046d'/>\n"
                     "    <product id='0xc52b'/>\n"
                     "  </source>\n"
                     "</hostdev>\n");
    g_assert_cmpstr (usb_addressed, ==,
                     "<hostdev mode='subsystem' type='usb' managed='yes'>\n"
                     "  <source>\n"
                     "    <vendor id='0x046d'/>\n"
                     "    <product id='0xc52b'/>\n"
                     "    <address bus='1' device='4'/>\n"
                     "  </source>\n"
                     "</hostdev>\n");
    g_assert_true (vireo_host_device_is_usb_root_hub (hub));
    g_assert_false (vireo_host_device_is_usb_root_hub (sata));
}

typedef struct {
    char            *dir;
    VireoConnection *connection;
} NodeFixture;

static void
node_setup (NodeFixture  *fx,
            gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *node = g_strconcat ("<node>\n", UNKNOWN_PCI_XML, RECEIVER_XML, SATA_XML,
                                         ROOT_HUB_XML, "</node>\n", NULL);

    fx->dir = vireo_test_mkdtemp ("vireo-host-device-XXXXXX");
    path = g_build_filename (fx->dir, "node.xml", NULL);
    g_assert_true (g_file_set_contents (path, node, -1, NULL));
    uri = g_strconcat ("test://", path, NULL);
    fx->connection = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (fx->connection, NULL, &error));
    g_assert_no_error (error);
}

static void
node_teardown (NodeFixture  *fx,
               gconstpointer data)
{
    vireo_connection_close (fx->connection);
    g_clear_object (&fx->connection);
    vireo_test_rmtree (fx->dir);
    g_free (fx->dir);
}

static void
check_node_devices (GPtrArray *devices)
{
    VireoHostDevice *d;

    /* PCI first, by address; then USB, by bus and device. */
    g_assert_cmpuint (devices->len, ==, 4);
    d = devices->pdata[0];
    g_assert_cmpstr (d->name, ==, "pci_0000_00_1f_2");
    g_assert_cmpstr (d->product_name, ==, "SATA Controller");   /* libvirt's, kept */
    d = devices->pdata[1];
    g_assert_cmpstr (d->name, ==, "pci_0001_02_03_4");
    g_assert_null (d->vendor_name);
    g_assert_null (d->product_name);
    d = devices->pdata[2];
    g_assert_cmpstr (d->name, ==, "usb_usb1");
    d = devices->pdata[3];
    g_assert_cmpstr (d->name, ==, "usb_1_4");
    /* From the fixture's usb.ids. */
    g_assert_cmpstr (d->vendor_name, ==, "Logitech, Inc.");
    g_assert_cmpstr (d->product_name, ==, "Unifying Receiver");
}

static void
test_list_node_devices (NodeFixture  *fx,
                        gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) devices = vireo_host_list_devices (fx->connection, NULL, &error);

    g_assert_no_error (error);
    check_node_devices (devices);
}

static void
test_list_node_devices_async (NodeFixture  *fx,
                              gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) devices = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    vireo_host_list_devices_async (fx->connection, NULL, vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    devices = vireo_host_list_devices_finish (fx->connection, result, &error);
    g_assert_no_error (error);
    check_node_devices (devices);

    /* Cancelled before it runs: nothing listed. */
    g_clear_object (&result);
    g_cancellable_cancel (cancellable);
    vireo_host_list_devices_async (fx->connection, cancellable, vireo_test_store_result_cb,
                                   &result);
    vireo_test_wait_result (&result, 30000);
    g_assert_null (vireo_host_list_devices_finish (fx->connection, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_list_closed (void)
{
    g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    g_assert_null (vireo_host_list_devices (connection, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
    g_clear_error (&error);
    vireo_host_list_devices_async (connection, NULL, vireo_test_store_result_cb, &result);
    vireo_test_wait_result (&result, 30000);
    g_assert_null (vireo_host_list_devices_finish (connection, result, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
}

/* udev's listing against what sysfs says directly. */
static void
test_udev (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) devices = vireo_host_list_udev_devices (&error);
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
    const char *entry;
    guint n_pci = 0;

    g_assert_no_error (error);
    dir = g_dir_open ("/sys/bus/pci/devices", 0, NULL);
    while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL) {
        GString *name = g_string_new ("pci_");

        for (const char *p = entry; *p; p++)
            g_string_append_c (name, g_ascii_isalnum (*p) ? *p : '_');
        g_hash_table_add (expected, g_string_free (name, FALSE));
    }
    for (guint i = 0; i < devices->len; i++) {
        VireoHostDevice *d = devices->pdata[i];
        g_autofree char *sysfs = NULL;
        g_autofree char *vendor = NULL;

        if (d->type != VIREO_HOST_DEVICE_PCI)
            continue;
        n_pci++;
        g_assert_true (g_hash_table_contains (expected, d->name));
        sysfs = g_strdup_printf ("/sys/bus/pci/devices/%04x:%02x:%02x.%x/vendor", d->pci_domain,
                                 d->pci_bus, d->pci_slot, d->pci_function);
        g_assert_true (g_file_get_contents (sysfs, &vendor, NULL, NULL));
        g_assert_cmpuint (g_ascii_strtoull (vendor, NULL, 16), ==, d->vendor_id);
        /* The fixture's pci.ids names Red Hat's virtio devices. */
        if (d->vendor_id == 0x1af4)
            g_assert_cmpstr (d->vendor_name, ==, "Red Hat, Inc.");
    }
    g_assert_cmpuint (n_pci, ==, g_hash_table_size (expected));
    for (guint i = 1; i < devices->len; i++) {
        VireoHostDevice *a = devices->pdata[i - 1];
        VireoHostDevice *b = devices->pdata[i];

        g_assert_true (a->type <= b->type);
    }
}

int
main (int    argc,
      char **argv)
{
    g_autofree char *hwdata = NULL;

    g_test_init (&argc, &argv, NULL);
    hwdata = g_test_build_filename (G_TEST_DIST, "fixtures", "hwdata", NULL);
    g_setenv ("VIREO_HWDATA_DIR", hwdata, TRUE);

    g_test_add_func ("/vireo/host-device/from-xml", test_from_xml);
    g_test_add_func ("/vireo/host-device/from-bad-xml", test_from_bad_xml);
    g_test_add_func ("/vireo/host-device/hostdev-xml", test_hostdev_xml);
    g_test_add ("/vireo/host-device/list-node-devices", NodeFixture, NULL, node_setup,
                test_list_node_devices, node_teardown);
    g_test_add ("/vireo/host-device/list-node-devices-async", NodeFixture, NULL, node_setup,
                test_list_node_devices_async, node_teardown);
    g_test_add_func ("/vireo/host-device/list-closed", test_list_closed);
    g_test_add_func ("/vireo/host-device/udev", test_udev);
    return g_test_run ();
}
