/* vireo-domain-edit.h: one change asked of a domain's XML, as data
 *
 * An edit names an option of virt-install's grammar (vireo-domain-options.h:
 * "disk", "memory", "xml", ...), what to do with it, which devices it applies
 * to, and its sub-options as ordered key/value pairs in the grammar's names
 * ("driver.cache" = "none").  Command lines are split into edits by src/cli;
 * windows build them directly; VireoDomainEditor applies them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vireo-domain-options.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_DOMAIN_EDIT_CHANGE,   /* change a section, or the selected devices (--edit) */
    VIREO_DOMAIN_EDIT_ADD,      /* add a device (--add-device) */
    VIREO_DOMAIN_EDIT_REMOVE,   /* remove the selected devices (--remove-device) */
} VireoDomainEditAction;

/* Which devices of the option's kind a CHANGE or REMOVE applies to. */
typedef enum {
    VIREO_DOMAIN_EDIT_SELECT_FIRST,   /* nothing said: the first */
    VIREO_DOMAIN_EDIT_SELECT_INDEX,   /* by position: 1 the first, -1 the last */
    VIREO_DOMAIN_EDIT_SELECT_ALL,
    VIREO_DOMAIN_EDIT_SELECT_MATCH,   /* those whose sub-options match every pair */
} VireoDomainEditSelect;

typedef struct _VireoDomainEdit VireoDomainEdit;

#define VIREO_TYPE_DOMAIN_EDIT (vireo_domain_edit_get_type ())
GType vireo_domain_edit_get_type (void) G_GNUC_CONST;

/* @option: an option name or alias ("disk", "host-device"); FALSE-ish NULL
 * with a sentence when there is no such option or it cannot be used so
 * (--add-device --memory). */
VireoDomainEdit *vireo_domain_edit_new   (VireoDomainEditAction action,
                                          const char           *option,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;
VireoDomainEdit *vireo_domain_edit_ref   (VireoDomainEdit *edit) G_GNUC_WARN_UNUSED_RESULT;
void             vireo_domain_edit_unref (VireoDomainEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainEdit, vireo_domain_edit_unref)

VireoDomainEditAction    vireo_domain_edit_get_action (VireoDomainEdit *edit);
const VireoDomainOption *vireo_domain_edit_get_option (VireoDomainEdit *edit);

/* Selection (CHANGE and REMOVE of devices). */
void     vireo_domain_edit_select_index (VireoDomainEdit *edit,
                                         int              index);
void     vireo_domain_edit_select_all   (VireoDomainEdit *edit);
/* Adds a pair the devices must match; @key in the option's grammar. */
gboolean vireo_domain_edit_add_match    (VireoDomainEdit *edit,
                                         const char      *key,
                                         const char      *value,
                                         GError         **error);
VireoDomainEditSelect vireo_domain_edit_get_select (VireoDomainEdit *edit,
                                                    int             *index);
guint        vireo_domain_edit_get_n_matches  (VireoDomainEdit *edit);
const char  *vireo_domain_edit_get_match_key  (VireoDomainEdit *edit,
                                               guint            i);
const char  *vireo_domain_edit_get_match_value (VireoDomainEdit *edit,
                                                guint            i);
/* The selection as the command line spells it ("2", "all",
 * "target.dev=hda"), for messages. */
char        *vireo_domain_edit_describe_select (VireoDomainEdit *edit) G_GNUC_WARN_UNUSED_RESULT;

/* Appends sub-option @key=@value (@value NULL for a bare word such as --boot
 * cdrom); @key is stored in its canonical spelling.  FALSE with a sentence
 * listing the valid names when @key is not a sub-option of the option. */
gboolean     vireo_domain_edit_set            (VireoDomainEdit *edit,
                                               const char      *key,
                                               const char      *value,
                                               GError         **error);
guint        vireo_domain_edit_get_n_values   (VireoDomainEdit *edit);
const char  *vireo_domain_edit_get_key        (VireoDomainEdit *edit,
                                               guint            i);
const char  *vireo_domain_edit_get_value      (VireoDomainEdit *edit,
                                               guint            i);
/* The last value given for @key (canonical), or NULL; *@found says
 * whether it was given at all (a bare word has a NULL value). */
const char  *vireo_domain_edit_lookup         (VireoDomainEdit *edit,
                                               const char      *key,
                                               gboolean        *found);

/* Instead of sub-options, the whole device as XML: ADD adds it, CHANGE
 * replaces the selected devices with it. */
void         vireo_domain_edit_set_xml        (VireoDomainEdit *edit,
                                               const char      *xml);
const char  *vireo_domain_edit_get_xml        (VireoDomainEdit *edit);

/* For handing an edit to another process (a{sv}). */
GVariant        *vireo_domain_edit_to_variant   (VireoDomainEdit *edit) G_GNUC_WARN_UNUSED_RESULT;
VireoDomainEdit *vireo_domain_edit_new_from_variant (GVariant *variant,
                                                     GError  **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
