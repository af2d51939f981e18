/* vireo-domain-editor-xpath.c: XPath edits (virt-xml's --xml, xpath.* sub-options)
 *
 * An edit per index (xpath0.*, xpath1.*): delete, else create, else set.
 * The XPath is evaluated from the option's element; when it names nothing
 * yet, simple paths (names, positions, a last attribute) are made.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-editor-private.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xpath.h>

#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
    va_list args;

    va_start (args, format);
    g_propagate_error (error, g_error_new_valist (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                                                  format, args));
    va_end (args);
    return FALSE;
}

static gboolean
element_is_empty (xmlNode *node)
{
    return node->properties == NULL && node->children == NULL && node->nsDef == NULL;
}

static void
remove_node (xmlNode *node)
{
    xmlUnlinkNode (node);
    xmlFreeNode (node);
}

/* Makes the element (or attribute) a simple XPath names, step by step:
 * "./devices/hub", "./devices/disk[1]/target/@bus", "/domain/title". */
static xmlNode *
create_xpath (xmlNode *start, const char *expr, char **attr, GError **error)
{
    g_auto(GStrv) steps = NULL;
    xmlNode *node = start;

    *attr = NULL;
    if (g_str_has_prefix (expr, "/")) {
        node = xmlDocGetRootElement (start->doc);
        steps = g_strsplit (expr + 1, "/", -1);
        if (steps[0] == NULL || !xmlStrEqual (node->name, BAD_CAST steps[0])) {
            fail (error, _("The XPath “%s” does not start at the <%s> element."), expr,
                  (const char *) node->name);
            return NULL;
        }
        g_free (steps[0]);
        steps[0] = g_strdup (".");
    } else {
        steps = g_strsplit (expr, "/", -1);
    }
    for (guint i = 0; steps[i]; i++) {
        char *step = steps[i];
        char *bracket;
        guint nth = 1;
        guint seen = 0;
        xmlNode *found = NULL;

        if (*step == '\0' || g_str_equal (step, "."))
            continue;
        if (step[0] == '@') {
            if (steps[i + 1] != NULL) {
                fail (error, _("The XPath “%s” goes on after an attribute."), expr);
                return NULL;
            }
            *attr = g_strdup (step + 1);
            return node;
        }
        bracket = strchr (step, '[');
        if (bracket) {
            guint64 n;
            char *close = strchr (bracket, ']');
            g_autofree char *position = NULL;

            if (close != NULL)
                position = g_strndup (bracket + 1, close - bracket - 1);
            if (close == NULL || close[1] != '\0' ||
                !g_ascii_string_to_unsigned (position, 10, 1, 1000, &n, NULL)) {
                fail (error, _("The XPath “%s” cannot be made: only names, positions and "
                               "attributes can be created."), expr);
                return NULL;
            }
            nth = (guint) n;
            *bracket = '\0';
        }
        if (!xmlValidateNCName (BAD_CAST step, 0) == 0) {
            fail (error, _("The XPath “%s” cannot be made: “%s” is not an element name."),
                  expr, step);
            return NULL;
        }
        for (xmlNode *c = node->children; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST step) &&
                ++seen == nth) {
                found = c;
                break;
            }
        }
        while (found == NULL && seen < nth) {
            found = xmlNewChild (node, NULL, BAD_CAST step, NULL);
            seen++;
            if (seen < nth)
                found = NULL;
        }
        node = found;
    }
    return node;
}

typedef enum { XPATH_SET, XPATH_CREATE, XPATH_DELETE } XPathAction;

/* libxml2 would print a bad expression's error; the editor says it. */
static void
quiet_xpath_error (void *data, const xmlError *error)
{
}

static gboolean
perform_xpath (xmlNode *start, XPathAction action, const char *expr, const char *value,
               GError **error)
{
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (start->doc);
    g_autoptr(xmlXPathObject) obj = NULL;
    xmlNode *hit = NULL;
    g_autofree char *attr = NULL;

    ctx->node = start;
    ctx->error = (xmlStructuredErrorFunc) quiet_xpath_error;
    obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    if (obj == NULL)
        return fail (error, _("“%s” is not a valid XPath."), expr);
    if (obj->type == XPATH_NODESET && obj->nodesetval && obj->nodesetval->nodeNr > 0)
        hit = obj->nodesetval->nodeTab[0];

    if (action == XPATH_DELETE) {
        if (hit == NULL)
            return TRUE;
        if (hit->type == XML_ATTRIBUTE_NODE) {
            xmlNode *parent = hit->parent;
            xmlRemoveProp ((xmlAttr *) hit);
            if (parent != start && element_is_empty (parent))
                vireo_domain_option_prune (parent, start->doc->children);
        } else if (hit->type == XML_ELEMENT_NODE && hit != xmlDocGetRootElement (start->doc)) {
            xmlNode *parent = hit->parent;
            remove_node (hit);
            if (parent && parent != xmlDocGetRootElement (start->doc) &&
                element_is_empty (parent))
                vireo_domain_option_prune (parent, xmlDocGetRootElement (start->doc));
        } else {
            return fail (error, _("The XPath “%s” names nothing that can be deleted."), expr);
        }
        return TRUE;
    }
    if (hit && hit->type == XML_ATTRIBUTE_NODE) {
        if (action == XPATH_SET)
            xmlSetProp (hit->parent, hit->name, BAD_CAST (value ? value : ""));
        return TRUE;
    }
    if (hit == NULL) {
        hit = create_xpath (start, expr, &attr, error);
        if (hit == NULL)
            return FALSE;
        if (attr) {
            xmlSetProp (hit, BAD_CAST attr, BAD_CAST (value ? value : ""));
            return TRUE;
        }
    }
    if (hit->type != XML_ELEMENT_NODE)
        return fail (error, _("The XPath “%s” names nothing that can be set."), expr);
    if (action == XPATH_SET) {
        while (hit->children)
            remove_node (hit->children);
        if (value)
            xmlNodeAddContent (hit, BAD_CAST value);
    }
    return TRUE;
}

/* The xpath[N].* pairs, an action per index: delete, else create, else set
 * (set's value after its last '=', or xpath.value). */
gboolean
_vireo_domain_editor_apply_xpath (xmlNode   *start,
                                  GPtrArray *pairs,
                                  GError   **error)
{
    g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_hash_table_unref);
    g_autoptr(GPtrArray) order = g_ptr_array_new ();

    for (guint i = 0; i < pairs->len; i++) {
        Pair *p = pairs->pdata[i];
        const char *dot;
        g_autofree char *group = NULL;
        GHashTable *actions;

        if (!g_str_has_prefix (p->key, "xpath"))
            continue;
        dot = strchr (p->key, '.');
        group = g_strndup (p->key, dot - p->key);
        actions = g_hash_table_lookup (groups, group);
        if (actions == NULL) {
            actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
            g_ptr_array_add (order, g_strdup (group));
            g_hash_table_insert (groups, g_strdup (group), actions);
        }
        g_hash_table_replace (actions, g_strdup (dot + 1), g_strdup (p->value));
    }
    for (guint i = 0; i < order->len; i++) {
        g_autofree char *group = order->pdata[i];
        GHashTable *a = g_hash_table_lookup (groups, group);
        const char *del = g_hash_table_lookup (a, "delete");
        const char *create = g_hash_table_lookup (a, "create");
        const char *set = g_hash_table_lookup (a, "set");
        const char *value = g_hash_table_lookup (a, "value");
        gboolean ok;

        if (del) {
            ok = perform_xpath (start, XPATH_DELETE, del, NULL, error);
        } else if (create) {
            ok = perform_xpath (start, XPATH_CREATE, create, NULL, error);
        } else if (set) {
            g_autofree char *expr = NULL;
            const char *eq;

            if (value) {
                expr = g_strdup (set);
            } else if ((eq = strrchr (set, '=')) != NULL) {
                expr = g_strndup (set, eq - set);
                value = eq + 1;
            } else {
                return fail (error, _("“%s”: an XPath to set takes the form XPATH=VALUE."),
                             set);
            }
            ok = perform_xpath (start, XPATH_SET, expr, value && *value ? value : NULL,
                                error);
        } else {
            continue;
        }
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

