/* vireo-domain-edit.c: one change asked of a domain's XML, as data
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-edit.h"

#include <glib/gi18n.h>

#include "vireo-vmm-error.h"

struct _VireoDomainEdit {
    gatomicrefcount          ref;
    VireoDomainEditAction    action;
    const VireoDomainOption *option;
    VireoDomainEditSelect    select;
    int                      index;
    GPtrArray               *match_keys;    /* char* */
    GPtrArray               *match_values;  /* char*, NULL for a bare word */
    GPtrArray               *keys;
    GPtrArray               *values;
    char                    *xml;
};

G_DEFINE_BOXED_TYPE (VireoDomainEdit, vireo_domain_edit, vireo_domain_edit_ref,
                     vireo_domain_edit_unref)

static char *
canonical_key (VireoDomainEdit *edit, const char *key, GError **error)
{
    char *canonical = vireo_domain_option_canonical (edit->option, key, NULL);

    if (canonical == NULL) {
        g_autofree char *valid = vireo_domain_option_list_names (edit->option);

        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("Unknown --%s option “%s”. Valid --%s options: %s."),
                     vireo_domain_option_get_name (edit->option), key,
                     vireo_domain_option_get_name (edit->option), valid);
    }
    return canonical;
}

VireoDomainEdit *
vireo_domain_edit_new (VireoDomainEditAction action,
                       const char           *option,
                       GError              **error)
{
    const VireoDomainOption *opt;
    VireoDomainEdit *edit;

    g_return_val_if_fail (option != NULL, NULL);

    opt = vireo_domain_option_lookup (option);
    if (opt == NULL || vireo_domain_option_get_kind (opt) == VIREO_DOMAIN_OPTION_OTHER) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("“--%s” does not change a VM."), option);
        return NULL;
    }
    if (action != VIREO_DOMAIN_EDIT_CHANGE &&
        vireo_domain_option_get_kind (opt) != VIREO_DOMAIN_OPTION_DEVICE) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     action == VIREO_DOMAIN_EDIT_ADD
                     ? _("--%s is not a device: it cannot be added, only changed with --edit.")
                     : _("--%s is not a device: it cannot be removed, only changed with "
                         "--edit."),
                     vireo_domain_option_get_name (opt));
        return NULL;
    }
    edit = g_new0 (VireoDomainEdit, 1);
    g_atomic_ref_count_init (&edit->ref);
    edit->action = action;
    edit->option = opt;
    edit->match_keys = g_ptr_array_new_with_free_func (g_free);
    edit->match_values = g_ptr_array_new_with_free_func (g_free);
    edit->keys = g_ptr_array_new_with_free_func (g_free);
    edit->values = g_ptr_array_new_with_free_func (g_free);
    return edit;
}

VireoDomainEdit *
vireo_domain_edit_ref (VireoDomainEdit *edit)
{
    g_return_val_if_fail (edit != NULL, NULL);
    g_atomic_ref_count_inc (&edit->ref);
    return edit;
}

void
vireo_domain_edit_unref (VireoDomainEdit *edit)
{
    if (edit == NULL || !g_atomic_ref_count_dec (&edit->ref))
        return;
    g_ptr_array_unref (edit->match_keys);
    g_ptr_array_unref (edit->match_values);
    g_ptr_array_unref (edit->keys);
    g_ptr_array_unref (edit->values);
    g_free (edit->xml);
    g_free (edit);
}

VireoDomainEditAction
vireo_domain_edit_get_action (VireoDomainEdit *edit)
{
    g_return_val_if_fail (edit != NULL, VIREO_DOMAIN_EDIT_CHANGE);
    return edit->action;
}

const VireoDomainOption *
vireo_domain_edit_get_option (VireoDomainEdit *edit)
{
    g_return_val_if_fail (edit != NULL, NULL);
    return edit->option;
}

void
vireo_domain_edit_select_index (VireoDomainEdit *edit,
                                int              index)
{
    g_return_if_fail (edit != NULL);
    edit->select = VIREO_DOMAIN_EDIT_SELECT_INDEX;
    edit->index = index;
}

void
vireo_domain_edit_select_all (VireoDomainEdit *edit)
{
    g_return_if_fail (edit != NULL);
    edit->select = VIREO_DOMAIN_EDIT_SELECT_ALL;
}

gboolean
vireo_domain_edit_add_match (VireoDomainEdit *edit,
                             const char      *key,
                             const char      *value,
                             GError         **error)
{
    char *canonical;

    g_return_val_if_fail (edit != NULL && key != NULL, FALSE);

    canonical = canonical_key (edit, key, error);
    if (canonical == NULL)
        return FALSE;
    edit->select = VIREO_DOMAIN_EDIT_SELECT_MATCH;
    g_ptr_array_add (edit->match_keys, canonical);
    g_ptr_array_add (edit->match_values, g_strdup (value));
    return TRUE;
}

VireoDomainEditSelect
vireo_domain_edit_get_select (VireoDomainEdit *edit,
                              int             *index)
{
    g_return_val_if_fail (edit != NULL, VIREO_DOMAIN_EDIT_SELECT_FIRST);
    if (index)
        *index = edit->index;
    return edit->select;
}

guint
vireo_domain_edit_get_n_matches (VireoDomainEdit *edit)
{
    g_return_val_if_fail (edit != NULL, 0);
    return edit->match_keys->len;
}

const char *
vireo_domain_edit_get_match_key (VireoDomainEdit *edit,
                                 guint            i)
{
    g_return_val_if_fail (edit != NULL && i < edit->match_keys->len, NULL);
    return edit->match_keys->pdata[i];
}

const char *
vireo_domain_edit_get_match_value (VireoDomainEdit *edit,
                                   guint            i)
{
    g_return_val_if_fail (edit != NULL && i < edit->match_values->len, NULL);
    return edit->match_values->pdata[i];
}

char *
vireo_domain_edit_describe_select (VireoDomainEdit *edit)
{
    GString *out;

    g_return_val_if_fail (edit != NULL, NULL);

    switch (edit->select) {
    case VIREO_DOMAIN_EDIT_SELECT_FIRST:
        return g_strdup ("1");
    case VIREO_DOMAIN_EDIT_SELECT_INDEX:
        return g_strdup_printf ("%d", edit->index);
    case VIREO_DOMAIN_EDIT_SELECT_ALL:
        return g_strdup ("all");
    case VIREO_DOMAIN_EDIT_SELECT_MATCH:
    default:
        break;
    }
    out = g_string_new (NULL);
    for (guint i = 0; i < edit->match_keys->len; i++) {
        const char *v = edit->match_values->pdata[i];

        g_string_append_printf (out, "%s%s%s%s", i ? "," : "",
                                (const char *) edit->match_keys->pdata[i], v ? "=" : "",
                                v ? v : "");
    }
    return g_string_free (out, FALSE);
}

gboolean
vireo_domain_edit_set (VireoDomainEdit *edit,
                       const char      *key,
                       const char      *value,
                       GError         **error)
{
    char *canonical;

    g_return_val_if_fail (edit != NULL && key != NULL, FALSE);

    canonical = canonical_key (edit, key, error);
    if (canonical == NULL)
        return FALSE;
    g_ptr_array_add (edit->keys, canonical);
    g_ptr_array_add (edit->values, g_strdup (value));
    return TRUE;
}

guint
vireo_domain_edit_get_n_values (VireoDomainEdit *edit)
{
    g_return_val_if_fail (edit != NULL, 0);
    return edit->keys->len;
}

const char *
vireo_domain_edit_get_key (VireoDomainEdit *edit,
                           guint            i)
{
    g_return_val_if_fail (edit != NULL && i < edit->keys->len, NULL);
    return edit->keys->pdata[i];
}

const char *
vireo_domain_edit_get_value (VireoDomainEdit *edit,
                             guint            i)
{
    g_return_val_if_fail (edit != NULL && i < edit->values->len, NULL);
    return edit->values->pdata[i];
}

const char *
vireo_domain_edit_lookup (VireoDomainEdit *edit,
                          const char      *key,
                          gboolean        *found)
{
    g_return_val_if_fail (edit != NULL && key != NULL, NULL);

    for (guint i = edit->keys->len; i > 0; i--) {
        if (g_str_equal (edit->keys->pdata[i - 1], key)) {
            if (found)
                *found = TRUE;
            return edit->values->pdata[i - 1];
        }
    }
    if (found)
        *found = FALSE;
    return NULL;
}

void
vireo_domain_edit_set_xml (VireoDomainEdit *edit,
                           const char      *xml)
{
    g_return_if_fail (edit != NULL);
    g_free (edit->xml);
    edit->xml = g_strdup (xml);
}

const char *
vireo_domain_edit_get_xml (VireoDomainEdit *edit)
{
    g_return_val_if_fail (edit != NULL, NULL);
    return edit->xml;
}

static GVariant *
pairs_to_variant (GPtrArray *keys, GPtrArray *values)
{
    GVariantBuilder b;

    /* (key, value, has a value): D-Bus has no maybe types. */
    g_variant_builder_init (&b, G_VARIANT_TYPE ("a(ssb)"));
    for (guint i = 0; i < keys->len; i++) {
        const char *v = values->pdata[i];

        g_variant_builder_add (&b, "(ssb)", (const char *) keys->pdata[i], v ? v : "",
                               v != NULL);
    }
    return g_variant_builder_end (&b);
}

GVariant *
vireo_domain_edit_to_variant (VireoDomainEdit *edit)
{
    GVariantBuilder b;

    g_return_val_if_fail (edit != NULL, NULL);

    g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&b, "{sv}", "action", g_variant_new_uint32 (edit->action));
    g_variant_builder_add (&b, "{sv}", "option",
                           g_variant_new_string (vireo_domain_option_get_name (edit->option)));
    g_variant_builder_add (&b, "{sv}", "select", g_variant_new_uint32 (edit->select));
    g_variant_builder_add (&b, "{sv}", "index", g_variant_new_int32 (edit->index));
    g_variant_builder_add (&b, "{sv}", "matches",
                           pairs_to_variant (edit->match_keys, edit->match_values));
    g_variant_builder_add (&b, "{sv}", "values", pairs_to_variant (edit->keys, edit->values));
    if (edit->xml)
        g_variant_builder_add (&b, "{sv}", "xml", g_variant_new_string (edit->xml));
    return g_variant_ref_sink (g_variant_builder_end (&b));
}

VireoDomainEdit *
vireo_domain_edit_new_from_variant (GVariant *variant,
                                    GError  **error)
{
    g_autoptr(VireoDomainEdit) edit = NULL;
    g_autoptr(GVariant) matches = NULL;
    g_autoptr(GVariant) values = NULL;
    const char *option = NULL, *xml = NULL;
    guint32 action = 0, select = 0;
    gint32 index = 0;
    GVariantIter iter;
    const char *k, *v;
    gboolean has;

    g_return_val_if_fail (variant != NULL, NULL);

    if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT) ||
        !g_variant_lookup (variant, "action", "u", &action) ||
        !g_variant_lookup (variant, "option", "&s", &option) ||
        action > VIREO_DOMAIN_EDIT_REMOVE) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The change to the VM is not well formed."));
        return NULL;
    }
    edit = vireo_domain_edit_new (action, option, error);
    if (edit == NULL)
        return NULL;
    g_variant_lookup (variant, "select", "u", &select);
    g_variant_lookup (variant, "index", "i", &index);
    matches = g_variant_lookup_value (variant, "matches", G_VARIANT_TYPE ("a(ssb)"));
    values = g_variant_lookup_value (variant, "values", G_VARIANT_TYPE ("a(ssb)"));
    if (matches) {
        g_variant_iter_init (&iter, matches);
        while (g_variant_iter_next (&iter, "(&s&sb)", &k, &v, &has)) {
            if (!vireo_domain_edit_add_match (edit, k, has ? v : NULL, error))
                return NULL;
        }
    }
    if (values) {
        g_variant_iter_init (&iter, values);
        while (g_variant_iter_next (&iter, "(&s&sb)", &k, &v, &has)) {
            if (!vireo_domain_edit_set (edit, k, has ? v : NULL, error))
                return NULL;
        }
    }
    if (select <= VIREO_DOMAIN_EDIT_SELECT_MATCH)
        edit->select = select;
    edit->index = index;
    if (g_variant_lookup (variant, "xml", "&s", &xml))
        vireo_domain_edit_set_xml (edit, xml);
    return g_steal_pointer (&edit);
}
