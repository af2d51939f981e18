/* vireo-domain-xml.c: reading facts out of domain XML with libxml2
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-domain-xml.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

#define DISK_XPATH "/domain/devices/disk[@type='file' or @type='block' or @type='volume']"

static char *
get_prop (xmlNode    *node,
          const char *name)
{
    xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
    char *copy;

    if (value == NULL)
        return NULL;
    copy = *value != '\0' ? g_strdup ((const char *) value) : NULL;
    xmlFree (value);
    return copy;
}

static xmlNode *
find_child (xmlNode    *node,
            const char *name)
{
    for (xmlNode *child = node->children; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, (const xmlChar *) name))
            return child;
    }
    return NULL;
}

/* The source path of one <disk>, or NULL when it has none (empty cdrom). */
static char *
disk_source_path (xmlNode *disk)
{
    g_autofree char *type = get_prop (disk, "type");
    xmlNode *source = find_child (disk, "source");

    if (source == NULL || type == NULL)
        return NULL;
    if (g_str_equal (type, "file"))
        return get_prop (source, "file");
    if (g_str_equal (type, "block"))
        return get_prop (source, "dev");
    if (g_str_equal (type, "volume")) {
        g_autofree char *pool = get_prop (source, "pool");
        g_autofree char *volume = get_prop (source, "volume");

        if (pool == NULL || volume == NULL)
            return NULL;
        return g_strdup_printf ("%s/%s", pool, volume);
    }
    return NULL;
}

GPtrArray *
vireo_domain_xml_list_disk_paths (const char *xml,
                                  GError    **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;
    g_autoptr(GPtrArray) paths = NULL;
    xmlNode *root;

    g_return_val_if_fail (xml != NULL, NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) {
        const xmlError *err = xmlGetLastError ();
        g_autofree char *detail = g_strdup (err != NULL && err->message != NULL
                                            ? err->message : "");

        g_strstrip (detail);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The virtual machine description is not valid XML: %s"),
                     *detail != '\0' ? detail : _("no document"));
        return NULL;
    }
    root = xmlDocGetRootElement (doc);
    if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domain")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The XML does not describe a virtual machine: its root element is "
                       "“%s”, not “domain”."),
                     root != NULL ? (const char *) root->name : "");
        return NULL;
    }

    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression ((const xmlChar *) DISK_XPATH, ctx);
    paths = g_ptr_array_new_with_free_func (g_free);
    if (obj != NULL && obj->nodesetval != NULL) {
        for (int i = 0; i < obj->nodesetval->nodeNr; i++) {
            char *path = disk_source_path (obj->nodesetval->nodeTab[i]);

            if (path != NULL)
                g_ptr_array_add (paths, path);
        }
    }
    return g_steal_pointer (&paths);
}
