/* vireo-install-customize.c: an install that the user customized before it began
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-customize.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/tree.h>

#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

static xmlDoc *
parse (const char *xml,
       const char *what,
       GError    **error)
{
    xmlDoc *doc = xml ? xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS)
                      : NULL;
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

    if (root == NULL || !xmlStrEqual (root->name, BAD_CAST "domain")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The %s is not a virtual machine’s XML."), what);
        if (doc)
            xmlFreeDoc (doc);
        return NULL;
    }
    return doc;
}

static xmlNode *
child (xmlNode    *parent,
       const char *name)
{
    for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, BAD_CAST name))
            return n;
    }
    return NULL;
}

static gboolean
is (xmlNode    *node,
    const char *name)
{
    return node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, BAD_CAST name);
}

/* Removes @parent's children named @name. */
static void
remove_children (xmlNode    *parent,
                 const char *name)
{
    xmlNode *next;

    for (xmlNode *n = parent->children; n; n = next) {
        next = n->next;
        if (is (n, name)) {
            xmlUnlinkNode (n);
            xmlFreeNode (n);
        }
    }
}

/* Appends a copy of @node to @parent (in @parent's document). */
static void
add_copy (xmlNode *parent,
          xmlNode *node)
{
    xmlAddChild (parent, xmlDocCopyNode (node, parent->doc, 1));
}

static char *
target_of (xmlNode *disk)
{
    xmlNode *target = child (disk, "target");

    return target ? (char *) xmlGetProp (target, BAD_CAST "dev") : NULL;
}

static void
apply_os (xmlNode *edited_root,
          xmlNode *install_root)
{
    static const char * const boot_elements[] = { "kernel", "initrd", "cmdline", "boot" };
    xmlNode *install_os = child (install_root, "os");
    xmlNode *os = child (edited_root, "os");

    if (install_os == NULL)
        return;
    if (os == NULL)
        os = xmlNewChild (edited_root, NULL, BAD_CAST "os", NULL);
    for (guint i = 0; i < G_N_ELEMENTS (boot_elements); i++)
        remove_children (os, boot_elements[i]);
    for (xmlNode *n = install_os->children; n; n = n->next) {
        for (guint i = 0; i < G_N_ELEMENTS (boot_elements); i++) {
            if (is (n, boot_elements[i]))
                add_copy (os, n);
        }
    }
    /* os/boot and a device's <boot order> cannot go together. */
    if (child (os, "boot") != NULL) {
        xmlNode *devices = child (edited_root, "devices");

        for (xmlNode *d = devices ? devices->children : NULL; d; d = d->next) {
            if (d->type == XML_ELEMENT_NODE)
                remove_children (d, "boot");
        }
    }
}

static void
apply_disks (xmlNode *edited_root,
             xmlNode *install_root)
{
    xmlNode *install_devices = child (install_root, "devices");
    xmlNode *devices = child (edited_root, "devices");

    if (install_devices == NULL)
        return;
    if (devices == NULL)
        devices = xmlNewChild (edited_root, NULL, BAD_CAST "devices", NULL);
    for (xmlNode *disk = install_devices->children; disk; disk = disk->next) {
        g_autofree char *dev = NULL;
        xmlNode *mine = NULL;

        if (!is (disk, "disk"))
            continue;
        dev = target_of (disk);
        for (xmlNode *d = devices->children; d && dev; d = d->next) {
            g_autofree char *other = is (d, "disk") ? target_of (d) : NULL;

            if (g_strcmp0 (other, dev) == 0) {
                mine = d;
                break;
            }
        }
        if (mine == NULL) {
            add_copy (devices, disk);
            continue;
        }
        if (child (mine, "source") == NULL && child (disk, "source") != NULL) {
            remove_children (mine, "driver");
            if (child (disk, "driver"))
                add_copy (mine, child (disk, "driver"));
            add_copy (mine, child (disk, "source"));
        }
    }
}

static void
apply_metadata (xmlNode *edited_root,
                xmlNode *install_root)
{
    xmlNode *install_metadata = child (install_root, "metadata");
    xmlNode *metadata;

    if (install_metadata == NULL)
        return;
    metadata = child (edited_root, "metadata");
    if (metadata == NULL)
        metadata = xmlNewChild (edited_root, NULL, BAD_CAST "metadata", NULL);
    for (xmlNode *n = install_metadata->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || n->ns == NULL)
            continue;
        /* The install phase's own entries replace older ones of its namespace. */
        for (xmlNode *m = metadata->children, *next; m; m = next) {
            next = m->next;
            if (m->type == XML_ELEMENT_NODE && m->ns &&
                xmlStrEqual (m->ns->href, n->ns->href) && xmlStrEqual (m->name, n->name)) {
                xmlUnlinkNode (m);
                xmlFreeNode (m);
            }
        }
        add_copy (metadata, n);
    }
}

char *
vireo_install_customize_install_xml (const char *edited_xml,
                                     const char *install_xml,
                                     GError    **error)
{
    g_autoptr(xmlDoc) edited = parse (edited_xml, _("customized definition"), error);
    g_autoptr(xmlDoc) install = edited ? parse (install_xml, _("install phase"), error) : NULL;
    xmlNode *root, *install_root, *on_reboot;
    xmlChar *out = NULL;
    int len = 0;
    char *result;

    if (install == NULL)
        return NULL;
    root = xmlDocGetRootElement (edited);
    install_root = xmlDocGetRootElement (install);
    apply_os (root, install_root);
    on_reboot = child (install_root, "on_reboot");
    if (on_reboot != NULL) {
        remove_children (root, "on_reboot");
        add_copy (root, on_reboot);
    }
    apply_disks (root, install_root);
    apply_metadata (root, install_root);
    xmlDocDumpFormatMemory (edited, &out, &len, 1);
    result = g_strndup ((const char *) out, len);
    xmlFree (out);
    return result;
}
