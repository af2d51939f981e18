/* vireo-console-graphics.c: a domain's <graphics> devices, read from its XML
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-console-error.h"
#include "vireo-console-graphics.h"

static char *
get_prop (xmlNode    *node,
          const char *name)
{
    xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
    char *copy;

    if (value == NULL)
        return NULL;
    copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

static int
get_port (xmlNode    *node,
          const char *name)
{
    g_autofree char *text = get_prop (node, name);
    guint64 port = 0;

    /* libvirt writes port='-1' until a port is allocated. */
    if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
        return -1;
    return (int) port;
}

static void
read_listens (xmlNode           *graphics,
              VireoGraphicsInfo *info)
{
    for (xmlNode *child = graphics->children; child != NULL; child = child->next) {
        g_autofree char *type = NULL;

        if (child->type != XML_ELEMENT_NODE ||
            !xmlStrEqual (child->name, (const xmlChar *) "listen"))
            continue;
        type = get_prop (child, "type");
        if (g_strcmp0 (type, "socket") == 0 && info->socket == NULL) {
            info->socket = get_prop (child, "socket");
        } else if ((g_strcmp0 (type, "address") == 0 || g_strcmp0 (type, "network") == 0) &&
                   info->listen == NULL) {
            info->listen = get_prop (child, "address");
        }
    }
    if (info->listen == NULL)
        info->listen = get_prop (graphics, "listen");
    if (info->socket == NULL)
        info->socket = get_prop (graphics, "socket");
}

void
vireo_graphics_info_free (VireoGraphicsInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->listen);
    g_free (info->socket);
    g_free (info);
}

GPtrArray *
vireo_graphics_info_parse (const char *xml,
                           GError    **error)
{
    g_autoptr(GPtrArray) infos = NULL;
    xmlDoc *doc;
    xmlNode *root;
    xmlNode *devices = NULL;
    guint index = 0;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domain")) {
        g_set_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED,
                     _("The virtual machine’s description could not be read."));
        xmlFreeDoc (doc);
        return NULL;
    }

    infos = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_graphics_info_free);
    for (xmlNode *child = root->children; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE &&
            xmlStrEqual (child->name, (const xmlChar *) "devices"))
            devices = child;
    }
    for (xmlNode *child = devices != NULL ? devices->children : NULL; child != NULL;
         child = child->next) {
        g_autofree char *type = NULL;
        VireoGraphicsInfo *info;

        if (child->type != XML_ELEMENT_NODE ||
            !xmlStrEqual (child->name, (const xmlChar *) "graphics"))
            continue;
        type = get_prop (child, "type");
        if (g_strcmp0 (type, "spice") != 0 && g_strcmp0 (type, "vnc") != 0) {
            index++;
            continue;
        }
        info = g_new0 (VireoGraphicsInfo, 1);
        info->type = g_str_equal (type, "spice") ? VIREO_GRAPHICS_SPICE : VIREO_GRAPHICS_VNC;
        info->index = index++;
        info->port = get_port (child, "port");
        info->tls_port = info->type == VIREO_GRAPHICS_SPICE ? get_port (child, "tlsPort") : -1;
        read_listens (child, info);
        g_ptr_array_add (infos, info);
    }
    xmlFreeDoc (doc);
    return g_steal_pointer (&infos);
}

const VireoGraphicsInfo *
vireo_graphics_info_pick (GPtrArray *infos)
{
    const VireoGraphicsInfo *vnc = NULL;

    g_return_val_if_fail (infos != NULL, NULL);

    for (guint i = 0; i < infos->len; i++) {
        const VireoGraphicsInfo *info = g_ptr_array_index (infos, i);

        if (info->type == VIREO_GRAPHICS_SPICE)
            return info;
        if (vnc == NULL)
            vnc = info;
    }
    return vnc;
}

char *
vireo_graphics_info_dup_host (const VireoGraphicsInfo *info,
                              const char              *uri_host)
{
    static const char * const wildcards[] = { "", "0.0.0.0", "::", "[::]", NULL };

    g_return_val_if_fail (info != NULL, NULL);

    if (info->listen != NULL && !g_strv_contains (wildcards, info->listen))
        return g_strdup (info->listen);
    return g_strdup (uri_host != NULL && *uri_host != '\0' ? uri_host : "localhost");
}
