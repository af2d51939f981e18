/* vireo-connection-metadata.c: the titles and descriptions of a connection's domains
 *
 * libvirt has no bulk call for a domain's metadata, so a worker thread asks
 * each domain for its title and description (read from its XML: one call,
 * which a local driver answers in microseconds, and no libvirt error logged
 * for a domain that has neither) and the owner context applies
 * what it read.  The whole list is read once the connection is open, off the
 * path that lists the domains, so that the list shows up first; a domain
 * that appears later is read when it does, and one that changes when libvirt
 * reports it (metadata-change and defined events).  Each read takes a serial
 * of its domain: an older read that finishes after a newer one is dropped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-connection-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-worker.h"

typedef struct {
    virDomainPtr dom;                 /* own reference */
    char         uuid[VIR_UUID_STRING_BUFLEN];
    guint        serial;
    gboolean     read;                /* FALSE: the domain went away meanwhile */
    char        *title;
    char        *description;
} MetadataItem;

typedef struct {
    VireoHandleRefs refs;             /* the connection's */
    GArray         *items;            /* MetadataItem */
} MetadataRead;

static void
metadata_item_clear (gpointer data)
{
    MetadataItem *item = data;

    if (item->dom != NULL)
        virDomainFree (item->dom);
    g_free (item->title);
    g_free (item->description);
}

static void
metadata_read_free (gpointer data)
{
    MetadataRead *read = data;

    _vireo_handle_refs_clear (&read->refs);
    g_array_unref (read->items);
    g_free (read);
}

/* The text of @node's first child element called @name; NULL when it has
 * none or it is empty (as libvirt, which keeps no empty title). */
static char *
child_text (xmlNode    *node,
            const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name)) {
            xmlChar *text = xmlNodeGetContent (c);
            char *out = text != NULL && *text != '\0' ? g_strdup ((const char *) text) : NULL;

            xmlFree (text);
            return out;
        }
    }
    return NULL;
}

/* The title and description of @dom, read from its XML (its <title> and
 * <description>, what virDomainGetMetadata answers for them).  One call, and
 * no error for a domain without them: virDomainGetMetadata raises one for
 * each missing field, which libvirt writes to its log (two lines a domain
 * each time a connection opens).  FALSE when the domain could not be asked
 * (gone). */
static gboolean
read_titles (virDomainPtr dom,
             char       **title,
             char       **description)
{
    char *xml = virDomainGetXMLDesc (dom, 0);
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root;

    *title = *description = NULL;
    if (xml == NULL) {
        g_debug ("No metadata for a domain: %s", virGetLastErrorMessage ());
        virResetLastError ();
        return FALSE;
    }
    doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free (xml);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    *title = child_text (root, "title");
    *description = child_text (root, "description");
    return TRUE;
}

static gboolean
metadata_run (gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
    MetadataRead *read = data;

    for (guint i = 0; i < read->items->len; i++) {
        MetadataItem *item = &g_array_index (read->items, MetadataItem, i);

        item->read = read_titles (item->dom, &item->title, &item->description);
    }
    return TRUE;
}

/* On the owner's context, unless the connection was closed or reopened
 * meanwhile (the worker helper checks its generation). */
static gboolean
metadata_apply (gpointer  owner,
                gpointer  data,
                GError  **error)
{
    VireoConnection *self = VIREO_CONNECTION (owner);
    MetadataRead *read = data;

    for (guint i = 0; i < read->items->len; i++) {
        MetadataItem *item = &g_array_index (read->items, MetadataItem, i);
        VireoDomain *domain;

        if (!item->read)
            continue;
        domain = _vireo_connection_lookup_uuid (self, item->uuid);
        if (domain != NULL)
            _vireo_domain_set_metadata (domain, item->serial, item->title, item->description);
    }
    return TRUE;
}

static const VireoWorkerOps metadata_ops = {
    .run = metadata_run,
    .apply = metadata_apply,
    .free_data = metadata_read_free,
    .generation = _vireo_connection_get_generation,
};

void
_vireo_connection_read_metadata (VireoConnection *self,
                                 GPtrArray       *domains)
{
    g_autoptr(GPtrArray) all = NULL;
    MetadataRead *read;

    g_return_if_fail (VIREO_IS_CONNECTION (self));

    if (domains == NULL)
        domains = all = vireo_connection_list_domains (self);
    if (domains->len == 0)
        return;

    read = g_new0 (MetadataRead, 1);
    if (!_vireo_handle_refs_take_connection (&read->refs, self, NULL)) {
        metadata_read_free (read);
        return;
    }
    read->items = g_array_sized_new (FALSE, TRUE, sizeof (MetadataItem), domains->len);
    g_array_set_clear_func (read->items, metadata_item_clear);
    for (guint i = 0; i < domains->len; i++) {
        VireoDomain *domain = g_ptr_array_index (domains, i);
        MetadataItem item = { 0 };

        item.dom = _vireo_domain_ref_handle (domain);
        if (item.dom == NULL)
            continue;
        g_strlcpy (item.uuid, vireo_domain_get_uuid (domain), sizeof item.uuid);
        item.serial = _vireo_domain_next_metadata_serial (domain);
        g_array_append_val (read->items, item);
    }

    /* Answered on the owner context, which the caller's may not be. */
    g_main_context_push_thread_default (self->context);
    vireo_worker_run_async (self, _vireo_connection_read_metadata, &metadata_ops, read, NULL,
                            NULL, NULL);
    g_main_context_pop_thread_default (self->context);
}
