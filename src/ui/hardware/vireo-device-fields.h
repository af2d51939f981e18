/* vireo-device-fields.h: the fields of every device kind and section, and
 * how the sidebar names a device
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-domain-editor.h"
#include "vireo-form.h"

G_BEGIN_DECLS

/* One kind of device the domain editor knows. */
typedef struct {
    const char           *option;      /* "disk": the editor's option */
    const char           *title;       /* N_("Storage"): Add Hardware's list */
    const char           *icon_name;
    const VireoFieldSpec *fields;      /* the device page's and Add Hardware's fields */
    guint                 n_fields;
} VireoDeviceKind;

/* Every device kind, in Add Hardware's order. */
const VireoDeviceKind *const *vireo_device_kinds       (guint      *n_kinds);
const VireoDeviceKind        *vireo_device_kind_lookup (const char *option);

/* The fields of a section's page: "vcpus", "cpu", "memory", "boot",
 * "metadata" (the overview's name, title and description). */
const VireoFieldSpec *vireo_section_fields (const char *option,
                                            guint      *n_fields);

/* The sidebar's names of @devices (VireoDomainEditorDevice* of
 * vireo_domain_editor_list_devices()), as a user reads them: "VirtIO Disk 1",
 * "CDROM 1", "NIC :54:32:10", "Display SPICE", "Sound ich9"; each name
 * once (a second "Tablet" is "Tablet 2").  An array of char*. */
GPtrArray  *vireo_device_list_titles (VireoDomainEditor *editor,
                                      GPtrArray         *devices) G_GNUC_WARN_UNUSED_RESULT;
/* The icon of @option's @index-th device (a CD-ROM's differs from a disk's). */
const char *vireo_device_icon_name   (VireoDomainEditor *editor,
                                      const char        *option,
                                      int                index);

G_END_DECLS
