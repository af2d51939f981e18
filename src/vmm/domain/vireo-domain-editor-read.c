/* vireo-domain-editor-read.c: what a window shows of the document an editor holds
 *
 * The VM window's pages read the values they show through the same
 * sub-option names they change them with: vireo_domain_editor_dup_value()
 * reads a sub-option of a section or of one device back as the command line
 * would give it (memory in MiB, on/off, a disk's path whatever its type), so
 * that a page never parses domain XML itself.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-editor-private.h"

#include <string.h>

#include "vireo-domain-options-util.h"

/* ---------------------------------------------------------------- helpers */

static xmlNode *
devices_of (VireoDomainEditor *self)
{
    return _vireo_opt_devices (xmlDocGetRootElement (self->doc));
}

/* The device option whose element is @element, or NULL. */
static const VireoDomainOption *
option_for_element (const char *element)
{
    guint n = 0;
    const VireoDomainOption *const *options = vireo_domain_option_list (&n);

    for (guint i = 0; i < n; i++) {
        if (vireo_domain_option_get_kind (options[i]) == VIREO_DOMAIN_OPTION_DEVICE &&
            g_strcmp0 (vireo_domain_option_get_element (options[i]), element) == 0)
            return options[i];
    }
    return NULL;
}

/* The @index-th (from 1) element named @element below <devices>, or NULL. */
static xmlNode *
nth_device (VireoDomainEditor *self,
            const char        *element,
            int                index)
{
    xmlNode *devices = devices_of (self);
    int seen = 0;

    if (index < 1)
        return NULL;
    for (xmlNode *c = devices ? devices->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST element) &&
            ++seen == index)
            return c;
    }
    return NULL;
}

static char *
node_to_string (xmlDoc  *doc,
                xmlNode *node)
{
    xmlBuffer *buf = xmlBufferCreate ();
    char *out;

    xmlNodeDump (buf, doc, node, 0, 1);
    out = g_strdup_printf ("%s\n", (const char *) xmlBufferContent (buf));
    xmlBufferFree (buf);
    return out;
}

/* A memory element's value in MiB, whatever its unit. */
static char *
memory_mib (xmlNode *node)
{
    g_autofree char *text = _vireo_opt_get_text (node);
    g_autofree char *unit = _vireo_opt_get_attr (node, "unit");
    static const struct {
        const char *unit;
        double      kib;
    } units[] = {
        { "b", 1.0 / 1024 }, { "bytes", 1.0 / 1024 },
        { "KB", 1000.0 / 1024 }, { "k", 1 }, { "KiB", 1 },
        { "MB", 1e6 / 1024 }, { "M", 1024 }, { "MiB", 1024 },
        { "GB", 1e9 / 1024 }, { "G", 1024 * 1024 }, { "GiB", 1024 * 1024 },
        { "TB", 1e12 / 1024 }, { "T", 1024.0 * 1024 * 1024 }, { "TiB", 1024.0 * 1024 * 1024 },
    };
    double kib_per_unit = 1;
    guint64 value;

    if (text == NULL || !g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXUINT64,
                                                     &value, NULL))
        return NULL;
    for (guint i = 0; unit != NULL && i < G_N_ELEMENTS (units); i++) {
        if (g_ascii_strcasecmp (unit, units[i].unit) == 0) {
            kib_per_unit = units[i].kib;
            break;
        }
    }
    return g_strdup_printf ("%" G_GUINT64_FORMAT,
                            (guint64) ((double) value * kib_per_unit / 1024 + 0.5));
}

static guint
parse_number (const char *text)
{
    if (text == NULL)
        return 0;
    return (guint) g_ascii_strtoull (text, NULL, g_str_has_prefix (text, "0x") ? 16 : 10);
}

/* A host device as --hostdev names it: "DDDD:BB:SS.F", "0xVVVV:0xPPPP" or
 * "BUS.DEVICE". */
static char *
hostdev_name (xmlNode *hostdev)
{
    xmlNode *source = _vireo_opt_child (hostdev, "source");
    xmlNode *address = _vireo_opt_child (source, "address");
    g_autofree char *type = _vireo_opt_get_attr (hostdev, "type");

    if (g_strcmp0 (type, "pci") == 0 && address != NULL) {
        g_autofree char *domain = _vireo_opt_get_attr (address, "domain");
        g_autofree char *bus = _vireo_opt_get_attr (address, "bus");
        g_autofree char *slot = _vireo_opt_get_attr (address, "slot");
        g_autofree char *function = _vireo_opt_get_attr (address, "function");

        return g_strdup_printf ("%04x:%02x:%02x.%x", parse_number (domain),
                                parse_number (bus), parse_number (slot),
                                parse_number (function));
    }
    if (g_strcmp0 (type, "usb") == 0) {
        g_autofree char *vendor = _vireo_opt_get_attr (_vireo_opt_child (source, "vendor"), "id");
        g_autofree char *product = _vireo_opt_get_attr (_vireo_opt_child (source, "product"),
                                                        "id");

        if (vendor != NULL && product != NULL)
            return g_strdup_printf ("0x%04x:0x%04x", parse_number (vendor),
                                    parse_number (product));
        if (address != NULL) {
            g_autofree char *bus = _vireo_opt_get_attr (address, "bus");
            g_autofree char *device = _vireo_opt_get_attr (address, "device");

            return g_strdup_printf ("%u.%u", parse_number (bus), parse_number (device));
        }
    }
    return NULL;
}

/* Sub-options written by code, read back; *@handled says whether @key is
 * one of them. */
static char *
read_code_value (VireoDomainEditor       *self,
                 const VireoDomainOption *option,
                 xmlNode                 *node,
                 const char              *key,
                 gboolean                *handled)
{
    const char *name = vireo_domain_option_get_name (option);
    xmlNode *root = xmlDocGetRootElement (self->doc);

    *handled = TRUE;
    if (g_str_equal (name, "memory") &&
        (g_str_equal (key, "memory") || g_str_equal (key, "currentMemory") ||
         g_str_equal (key, "maxMemory"))) {
        xmlNode *element = _vireo_opt_child (root, key);

        return element != NULL ? memory_mib (element) : NULL;
    }
    if (g_str_equal (name, "boot") && g_str_equal (key, "emulator"))
        return _vireo_opt_get_text (_vireo_opt_child (devices_of (self), "emulator"));
    if (g_str_equal (name, "boot") && g_str_equal (key, "domain_type"))
        return _vireo_opt_get_attr (root, "type");
    if (g_str_equal (name, "metadata") &&
        (g_str_equal (key, "os_full_id") || g_str_equal (key, "os_name")))
        return _vireo_opt_libosinfo_id (root);
    if (g_str_equal (name, "disk") && g_str_equal (key, "path"))
        return vireo_domain_option_disk_path (node);
    if (g_str_equal (name, "network") && g_str_equal (key, "source"))
        return _vireo_opt_interface_source (node);
    if (g_str_equal (name, "filesystem") && g_str_equal (key, "source"))
        return _vireo_opt_filesystem_source (node);
    if (g_str_equal (name, "filesystem") && g_str_equal (key, "target"))
        return _vireo_opt_get_attr (_vireo_opt_child (node, "target"), "dir");
    if (g_str_equal (name, "hostdev") && g_str_equal (key, "name"))
        return hostdev_name (node);
    *handled = FALSE;
    return NULL;
}

/* ------------------------------------------------------------ public API */

void
vireo_domain_editor_device_free (VireoDomainEditorDevice *device)
{
    if (device == NULL)
        return;
    g_free (device->xml);
    g_free (device);
}

GPtrArray *
vireo_domain_editor_list_devices (VireoDomainEditor *self)
{
    GPtrArray *out;
    g_autoptr(GHashTable) counts = NULL;
    xmlNode *devices;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);

    out = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_domain_editor_device_free);
    counts = g_hash_table_new (g_str_hash, g_str_equal);
    devices = devices_of (self);
    for (xmlNode *c = devices ? devices->children : NULL; c != NULL; c = c->next) {
        const VireoDomainOption *option;
        VireoDomainEditorDevice *device;
        guint count;

        if (c->type != XML_ELEMENT_NODE)
            continue;
        option = option_for_element ((const char *) c->name);
        if (option == NULL)
            continue;
        count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, c->name)) + 1;
        g_hash_table_insert (counts, (gpointer) c->name, GUINT_TO_POINTER (count));
        device = g_new0 (VireoDomainEditorDevice, 1);
        device->option = vireo_domain_option_get_name (option);
        device->index = count;
        device->xml = node_to_string (self->doc, c);
        g_ptr_array_add (out, device);
    }
    return out;
}

guint
vireo_domain_editor_count_devices (VireoDomainEditor *self,
                                   const char        *option_name)
{
    const VireoDomainOption *option;
    guint count = 0;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), 0);
    g_return_val_if_fail (option_name != NULL, 0);

    option = vireo_domain_option_lookup (option_name);
    if (option == NULL || vireo_domain_option_get_kind (option) != VIREO_DOMAIN_OPTION_DEVICE)
        return 0;
    while (nth_device (self, vireo_domain_option_get_element (option), (int) count + 1) != NULL)
        count++;
    return count;
}

char *
vireo_domain_editor_dup_device_xml (VireoDomainEditor *self,
                                    const char        *option_name,
                                    int                index)
{
    const VireoDomainOption *option;
    xmlNode *node;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);
    g_return_val_if_fail (option_name != NULL, NULL);

    option = vireo_domain_option_lookup (option_name);
    if (option == NULL || vireo_domain_option_get_kind (option) != VIREO_DOMAIN_OPTION_DEVICE)
        return NULL;
    node = nth_device (self, vireo_domain_option_get_element (option), index);
    return node != NULL ? node_to_string (self->doc, node) : NULL;
}

char *
vireo_domain_editor_dup_value (VireoDomainEditor *self,
                               const char        *option_name,
                               int                index,
                               const char        *key)
{
    const VireoDomainOption *option;
    g_autofree char *canonical = NULL;
    xmlNode *root, *node;
    const char *element;
    gboolean handled = FALSE;
    char *value;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);
    g_return_val_if_fail (option_name != NULL, NULL);
    g_return_val_if_fail (key != NULL, NULL);

    option = vireo_domain_option_lookup (option_name);
    if (option == NULL)
        return NULL;
    canonical = vireo_domain_option_canonical (option, key, NULL);
    if (canonical == NULL)
        return NULL;
    root = xmlDocGetRootElement (self->doc);
    element = vireo_domain_option_get_element (option);
    switch (vireo_domain_option_get_kind (option)) {
    case VIREO_DOMAIN_OPTION_SECTION:
        node = *element == '\0' ? root : _vireo_opt_child (root, element);
        break;
    case VIREO_DOMAIN_OPTION_DEVICE:
        node = nth_device (self, element, index);
        if (node == NULL)
            return NULL;
        break;
    case VIREO_DOMAIN_OPTION_XPATH:
    case VIREO_DOMAIN_OPTION_OTHER:
    default:
        return NULL;
    }
    value = read_code_value (self, option, node, canonical, &handled);
    if (handled || node == NULL)
        return value;
    return vireo_domain_option_dup_value (option, node, canonical);
}
