/* vireo-domain-options-private.h: the shape of the option tables
 *
 * vireo-domain-options-tables.c holds the tables, vireo-domain-options.c the
 * code that reads them and writes the XML.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-domain-options.h"

G_BEGIN_DECLS

/* How a sub-option's value lands in the XML. */
typedef enum {
    SUB_STR,        /* the value as given */
    SUB_YESNO,      /* on/off, written "yes"/"no" */
    SUB_ONOFF,      /* on/off, written "on"/"off" */
    SUB_PRESENCE,   /* on/off: the element is there or not */
    SUB_MIB,        /* MiB, written in KiB */
    SUB_CODE,       /* written by code; the path (if any) is where it is read */
    SUB_NONE,       /* no place in the XML (size=, pool=) */
} SubKind;

/* One sub-option.  Names with "[0-9]*" take an index ("device2.path"); each
 * '#' in the path is replaced by the next index, in order.  Path language:
 * elements separated by '/', "name[attr=value]" for the child with that
 * attribute, a last "@attr" for an attribute, otherwise the element's text
 * (or, for SUB_PRESENCE, the element itself). */
typedef struct {
    const char *name;
    const char *aliases;    /* space-separated, or NULL */
    const char *path;
    guint8      kind;       /* SubKind */
    guint8      flags;      /* VireoSuboptionFlags */
} Subopt;

struct _VireoDomainOption {
    const char            *name;
    const char            *aliases;     /* space-separated, or NULL */
    VireoDomainOptionKind  kind;
    const char            *element;     /* "" for the <domain> element */
    const char            *first;       /* remove_first, space-separated */
    gboolean               none_noop;
    const Subopt          *subs;
    const Subopt          *more[3];     /* shared lists (address.*, virtio driver.*) */
};

/* The sub-option @key names (by name or alias, indices filled into
 * @indices, -1 where the key gives none). */
const Subopt *_vireo_domain_option_find_sub (const VireoDomainOption *option,
                                             const char              *key,
                                             int                     *indices,
                                             guint                   *n_indices);

extern const VireoDomainOption *const _vireo_domain_options[];
extern const guint _vireo_domain_options_count;

G_END_DECLS
