/* vireo-host-device-ids.c: vendor and product names from the PCI and USB ID databases
 *
 * udev gives names from its hardware database only where udevd has stored
 * them, and libvirt's node devices carry whatever udev gave.  What is still
 * unnamed is looked up in pci.ids and usb.ids (Debian's pci.ids and usb.ids
 * packages; hwdata elsewhere).  VIREO_HWDATA_DIR names another folder, for
 * tests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vireo-host-device.h"
#include "vireo-host-private.h"

/* Helpers */

static char *
find_database (const char *file)
{
    const char *override = g_getenv ("VIREO_HWDATA_DIR");
    const char *dirs[] = { "/usr/share/misc", "/usr/share/hwdata", "/usr/share" };

    if (override != NULL && *override != '\0')
        return g_build_filename (override, file, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
        g_autofree char *path = g_build_filename (dirs[i], file, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return g_steal_pointer (&path);
    }
    return NULL;
}

/* Four hexadecimal digits followed by two spaces, then the name: the id in
 * *@id and the name's start, or NULL. */
static const char *
parse_entry (const char *line,
             guint      *id)
{
    guint value = 0;

    for (guint i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit (line[i]))
            return NULL;
        value = value * 16 + g_ascii_xdigit_value (line[i]);
    }
    if (line[4] != ' ')
        return NULL;
    line += 4;
    while (*line == ' ')
        line++;
    *id = value;
    return *line != '\0' ? line : NULL;
}

/* The key of a vendor's name (@product -1) or of a product's in the names
 * table. */
static guint64
key_of (guint vendor,
        gint  product)
{
    return ((guint64) vendor << 32) | (guint64) (product < 0 ? 0xffffffffu : (guint) product);
}

/* Reads the names of the vendors in @vendors (a set of GUINT_TO_POINTER
 * (id)) and of their products from @file into @names (key_of() → name). */
static void
read_database (const char *file,
               GHashTable *vendors,
               GHashTable *names)
{
    g_autofree char *path = find_database (file);
    g_autofree char *contents = NULL;
    gboolean in_vendor = FALSE;
    guint vendor = 0;
    char *line, *next;

    if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
        return;
    for (line = contents; line != NULL && *line != '\0'; line = next) {
        const char *name;
        guint id;

        next = strchr (line, '\n');
        if (next != NULL)
            *next++ = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (line[0] != '\t') {
            /* A vendor line, or the start of the classes and other lists. */
            name = parse_entry (line, &id);
            in_vendor = name != NULL && g_hash_table_contains (vendors, GUINT_TO_POINTER (id));
            if (in_vendor) {
                vendor = id;
                g_hash_table_insert (names, g_memdup2 (&(guint64) { key_of (vendor, -1) },
                                                       sizeof (guint64)),
                                     g_strdup (name));
            }
            continue;
        }
        if (!in_vendor || line[1] == '\t')
            continue;   /* subsystems */
        name = parse_entry (line + 1, &id);
        if (name != NULL)
            g_hash_table_insert (names, g_memdup2 (&(guint64) { key_of (vendor, id) },
                                                   sizeof (guint64)),
                                 g_strdup (name));
    }
}

static void
fill_type (GPtrArray          *devices,
           VireoHostDeviceType type,
           const char         *file)
{
    g_autoptr(GHashTable) vendors = g_hash_table_new (NULL, NULL);
    g_autoptr(GHashTable) names = NULL;

    for (guint i = 0; i < devices->len; i++) {
        VireoHostDevice *device = devices->pdata[i];

        if (device->type == type &&
            (device->vendor_name == NULL || device->product_name == NULL))
            g_hash_table_add (vendors, GUINT_TO_POINTER ((guint) device->vendor_id));
    }
    if (g_hash_table_size (vendors) == 0)
        return;
    names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    read_database (file, vendors, names);
    for (guint i = 0; i < devices->len; i++) {
        VireoHostDevice *device = devices->pdata[i];
        guint64 vendor_key = key_of (device->vendor_id, -1);
        guint64 product_key = key_of (device->vendor_id, device->product_id);

        if (device->type != type)
            continue;
        if (device->vendor_name == NULL)
            device->vendor_name = g_strdup (g_hash_table_lookup (names, &vendor_key));
        if (device->product_name == NULL)
            device->product_name = g_strdup (g_hash_table_lookup (names, &product_key));
    }
}

/* Private API */

void
_vireo_host_device_fill_names (GPtrArray *devices)
{
    g_return_if_fail (devices != NULL);

    fill_type (devices, VIREO_HOST_DEVICE_PCI, "pci.ids");
    fill_type (devices, VIREO_HOST_DEVICE_USB, "usb.ids");
}
