/* vireo-host-device.h: the host's USB and PCI devices, for the host window and passthrough
 *
 * On a connection with libvirt's node device API (system, session, remote)
 * the devices are libvirt's node devices.  The embedded connection has no
 * such API: Vireo enumerates the local host's devices with udev instead
 * (for any local connection without the API; a remote one fails), and
 * names them as libvirt would ("pci_0000_00_1f_2", "usb_1_4").  Names
 * of vendors and products the source does not give are read from the PCI
 * and USB ID databases (pci.ids, usb.ids) when they are installed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_HOST_DEVICE_PCI,
    VIREO_HOST_DEVICE_USB,
} VireoHostDeviceType;

typedef struct {
    VireoHostDeviceType type;
    char    *name;            /* the node device's name: "pci_0000_00_1f_2", "usb_1_4" */
    guint16  vendor_id;
    guint16  product_id;
    char    *vendor_name;     /* "Intel Corporation"; NULL when unknown */
    char    *product_name;    /* "82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller"; or NULL */
    char    *driver;          /* the host driver bound to it now, or NULL */
    /* PCI: the address */
    guint    pci_domain;
    guint    pci_bus;
    guint    pci_slot;
    guint    pci_function;
    guint32  pci_class;       /* 0x010601 */
    /* USB: where it is plugged */
    guint    usb_bus;
    guint    usb_device;
} VireoHostDevice;

#define VIREO_TYPE_HOST_DEVICE (vireo_host_device_get_type ())
GType            vireo_host_device_get_type (void) G_GNUC_CONST;
VireoHostDevice *vireo_host_device_copy     (const VireoHostDevice *device)
    G_GNUC_WARN_UNUSED_RESULT;
void             vireo_host_device_free     (VireoHostDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostDevice, vireo_host_device_free)

/* "0000:00:1f.2" (PCI) or "001:004" (USB bus:device). */
char     *vireo_host_device_dup_address     (const VireoHostDevice *device)
    G_GNUC_WARN_UNUSED_RESULT;
/* What a user reads: "Intel Corporation 82801IR SATA Controller", falling
 * back to the ids ("8086:2922") for what has no name. */
char     *vireo_host_device_dup_description (const VireoHostDevice *device)
    G_GNUC_WARN_UNUSED_RESULT;
/* A USB root hub (Linux Foundation 1d6b:0001..0003), which a guest cannot
 * be given. */
gboolean  vireo_host_device_is_usb_root_hub (const VireoHostDevice *device);
/* The <hostdev> element that passes @device through to a guest
 * (mode='subsystem', managed='yes'); a USB device by vendor and product,
 * with its address when @with_usb_address (two devices of the same ids). */
char     *vireo_host_device_dup_hostdev_xml (const VireoHostDevice *device,
                                             gboolean               with_usb_address)
    G_GNUC_WARN_UNUSED_RESULT;

/* Reads one libvirt node device description (<device>); NULL with
 * VIREO_VMM_ERROR_INVALID when it is not XML, and NULL without an error for
 * a device that is neither PCI nor USB. */
VireoHostDevice *vireo_host_device_new_from_xml (const char *xml,
                                                 GError    **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The host's PCI and USB devices (array of VireoHostDevice*), PCI first,
 * each sorted by address.  Blocking: libvirt's node devices, or udev on the
 * embedded connection.  The connection must be open. */
GPtrArray *vireo_host_list_devices        (VireoConnection    *connection,
                                           GCancellable       *cancellable,
                                           GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void       vireo_host_list_devices_async  (VireoConnection    *connection,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GPtrArray *vireo_host_list_devices_finish (VireoConnection    *connection,
                                           GAsyncResult       *result,
                                           GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The local host's devices as udev sees them (what the embedded connection
 * lists); for tests and for connections without a node device API. */
GPtrArray *vireo_host_list_udev_devices   (GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
