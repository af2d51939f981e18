/* vireo-domain-options.c: reading the option tables, writing their XML
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-options-private.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-vmm-error.h"

#define MAX_INDICES 4

/* ---------------------------------------------------------------- helpers */

static gboolean
word_in (const char *words, const char *word)
{
    size_t len = strlen (word);
    const char *p = words;

    while (p && *p) {
        const char *end = strchr (p, ' ');
        size_t n = end ? (size_t) (end - p) : strlen (p);

        if (n == len && strncmp (p, word, n) == 0)
            return TRUE;
        p = end ? end + 1 : NULL;
    }
    return FALSE;
}

/* Matches @key against @pattern, where each "[0-9]*" stands for a run of
 * digits (maybe none); the numbers found go to @indices (-1 for none). */
static gboolean
pattern_match (const char *pattern, const char *key, int *indices, guint *n_indices)
{
    guint n = 0;

    while (*pattern) {
        if (g_str_has_prefix (pattern, "[0-9]*")) {
            int value = -1;

            while (g_ascii_isdigit (*key)) {
                value = (value < 0 ? 0 : value * 10) + (*key - '0');
                key++;
            }
            if (n < MAX_INDICES)
                indices[n++] = value;
            pattern += 6;
            continue;
        }
        if (*pattern != *key)
            return FALSE;
        pattern++;
        key++;
    }
    if (*key != '\0')
        return FALSE;
    *n_indices = n;
    return TRUE;
}

static gboolean
name_matches (const char *name, const char *key, int *indices, guint *n_indices)
{
    if (strchr (name, '[') == NULL) {
        *n_indices = 0;
        return g_str_equal (name, key);
    }
    return pattern_match (name, key, indices, n_indices);
}

/* @name with its "[0-9]*" replaced by @indices. */
static char *
fill_name (const char *name, const int *indices, guint n_indices)
{
    GString *out = g_string_new (NULL);
    guint n = 0;

    while (*name) {
        if (g_str_has_prefix (name, "[0-9]*")) {
            if (n < n_indices && indices[n] >= 0)
                g_string_append_printf (out, "%d", indices[n]);
            n++;
            name += 6;
            continue;
        }
        g_string_append_c (out, *name++);
    }
    return g_string_free (out, FALSE);
}

static const Subopt *
find_in (const Subopt *subs, const char *key, int *indices, guint *n_indices)
{
    for (const Subopt *s = subs; s && s->name; s++) {
        if (name_matches (s->name, key, indices, n_indices))
            return s;
    }
    for (const Subopt *s = subs; s && s->name; s++) {
        const char *p = s->aliases;

        while (p && *p) {
            const char *end = strchr (p, ' ');
            g_autofree char *alias = end ? g_strndup (p, end - p) : g_strdup (p);

            if (name_matches (alias, key, indices, n_indices))
                return s;
            p = end ? end + 1 : NULL;
        }
    }
    return NULL;
}

const Subopt *
_vireo_domain_option_find_sub (const VireoDomainOption *option, const char *key, int *indices,
                               guint *n_indices)
{
    const Subopt *s = find_in (option->subs, key, indices, n_indices);

    for (guint i = 0; s == NULL && i < G_N_ELEMENTS (option->more); i++)
        s = find_in (option->more[i], key, indices, n_indices);
    return s;
}

static int
cmp_str_ptr (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_names (const VireoDomainOption *option)
{
    GPtrArray *names = g_ptr_array_new ();

    for (const Subopt *s = option->subs; s && s->name; s++)
        g_ptr_array_add (names, (gpointer) s->name);
    for (guint i = 0; i < G_N_ELEMENTS (option->more); i++) {
        for (const Subopt *s = option->more[i]; s && s->name; s++)
            g_ptr_array_add (names, (gpointer) s->name);
    }
    g_ptr_array_sort (names, cmp_str_ptr);
    return names;
}

/* ---------------------------------------------------------- the XML paths */

static xmlNode *
nth_child (xmlNode *node, const char *name, const char *attr, const char *attr_value,
           guint nth)
{
    guint seen = 0;

    for (xmlNode *c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual (c->name, BAD_CAST name))
            continue;
        if (attr) {
            xmlChar *v = xmlGetProp (c, BAD_CAST attr);
            gboolean same = v && xmlStrEqual (v, BAD_CAST attr_value);

            xmlFree (v);
            if (!same)
                continue;
        }
        if (seen++ == nth)
            return c;
    }
    return NULL;
}

static guint
count_children (xmlNode *node, const char *name)
{
    guint n = 0;

    for (xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
            n++;
    }
    return n;
}

xmlNode *
vireo_domain_option_find_path (xmlNode     *node,
                               const char  *path,
                               const guint *indices,
                               guint        n_indices,
                               gboolean     create)
{
    g_auto(GStrv) segments = NULL;
    guint used = 0;

    g_return_val_if_fail (node != NULL, NULL);

    if (path == NULL || *path == '\0')
        return node;
    segments = g_strsplit (path, "/", -1);
    for (guint i = 0; segments[i] && node; i++) {
        char *seg = segments[i];
        g_autofree char *attr = NULL;
        g_autofree char *attr_value = NULL;
        char *bracket = strchr (seg, '[');
        size_t len = strlen (seg);
        guint nth = 0;
        xmlNode *child;

        if (seg[0] == '@' || g_str_equal (seg, "."))
            break;
        if (bracket) {
            char *eq = strchr (bracket, '=');
            char *close = strchr (bracket, ']');

            g_return_val_if_fail (eq && close && eq < close, NULL);
            attr = g_strndup (bracket + 1, eq - bracket - 1);
            attr_value = g_strndup (eq + 1, close - eq - 1);
            *bracket = '\0';
        } else if (len > 0 && seg[len - 1] == '#') {
            seg[len - 1] = '\0';
            if (used < n_indices)
                nth = indices[used];
            used++;
        }
        child = nth_child (node, seg, attr, attr_value, nth);
        if (child == NULL && create) {
            /* An index beyond the end makes the elements before it too. */
            for (guint n = attr ? 0 : count_children (node, seg); n <= nth; n++) {
                child = xmlNewChild (node, NULL, BAD_CAST seg, NULL);
                if (attr)
                    xmlSetProp (child, BAD_CAST attr, BAD_CAST attr_value);
            }
        }
        node = child;
    }
    return node;
}

static gboolean
is_empty_element (xmlNode *node)
{
    return node->properties == NULL && node->children == NULL;
}

void
vireo_domain_option_prune (xmlNode *node,
                           xmlNode *stop)
{
    g_return_if_fail (node != NULL);

    while (node && node != stop) {
        xmlNode *parent = node->parent;

        xmlUnlinkNode (node);
        xmlFreeNode (node);
        if (parent == NULL || parent == stop || parent->type != XML_ELEMENT_NODE ||
            !is_empty_element (parent))
            break;
        node = parent;
    }
}

/* Splits a table path into its element part and its last "@attr" (NULL when
 * the path names an element). */
static void
split_path (const char *path, char **elements, char **attr)
{
    const char *at = strrchr (path, '@');

    if (at && (at == path || at[-1] == '/')) {
        *elements = g_strndup (path, at == path ? 0 : at - path - 1);
        *attr = g_strdup (at + 1);
    } else {
        *elements = g_strdup (path);
        *attr = NULL;
    }
}

static gboolean
set_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_error (GError **error, const char *format, ...)
{
    va_list args;

    va_start (args, format);
    g_propagate_error (error, g_error_new_valist (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                                                  format, args));
    va_end (args);
    return FALSE;
}

/* ------------------------------------------------------------- public API */

const VireoDomainOption *
vireo_domain_option_lookup (const char *name)
{
    g_return_val_if_fail (name != NULL, NULL);

    for (guint i = 0; i < _vireo_domain_options_count; i++) {
        const VireoDomainOption *o = _vireo_domain_options[i];

        if (g_str_equal (o->name, name) || (o->aliases && word_in (o->aliases, name)))
            return o;
    }
    return NULL;
}

const VireoDomainOption *const *
vireo_domain_option_list (guint *n_options)
{
    if (n_options)
        *n_options = _vireo_domain_options_count;
    return _vireo_domain_options;
}

const char *
vireo_domain_option_get_name (const VireoDomainOption *option)
{
    g_return_val_if_fail (option != NULL, NULL);
    return option->name;
}

VireoDomainOptionKind
vireo_domain_option_get_kind (const VireoDomainOption *option)
{
    g_return_val_if_fail (option != NULL, VIREO_DOMAIN_OPTION_OTHER);
    return option->kind;
}

const char *
vireo_domain_option_get_element (const VireoDomainOption *option)
{
    g_return_val_if_fail (option != NULL, NULL);
    return option->element;
}

const char *
vireo_domain_option_get_first (const VireoDomainOption *option)
{
    g_return_val_if_fail (option != NULL, NULL);
    return option->first;
}

gboolean
vireo_domain_option_none_is_noop (const VireoDomainOption *option)
{
    g_return_val_if_fail (option != NULL, FALSE);
    return option->none_noop;
}

char *
vireo_domain_option_canonical (const VireoDomainOption *option,
                               const char              *key,
                               guint                   *flags)
{
    int indices[MAX_INDICES];
    guint n = 0;
    const Subopt *s;

    g_return_val_if_fail (option != NULL && key != NULL, NULL);

    s = _vireo_domain_option_find_sub (option, key, indices, &n);
    if (s == NULL)
        return NULL;
    if (flags)
        *flags = s->flags;
    return fill_name (s->name, indices, n);
}

char *
vireo_domain_option_describe (const VireoDomainOption *option)
{
    g_autoptr(GPtrArray) names = NULL;
    GString *out;

    g_return_val_if_fail (option != NULL, NULL);

    names = sorted_names (option);
    out = g_string_new (NULL);
    g_string_append_printf (out, "--%s options:\n", option->name);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf (out, "  %s\n", (const char *) names->pdata[i]);
    return g_string_free (out, FALSE);
}

char *
vireo_domain_option_list_names (const VireoDomainOption *option)
{
    g_autoptr(GPtrArray) names = NULL;
    GString *out;

    g_return_val_if_fail (option != NULL, NULL);

    names = sorted_names (option);
    out = g_string_new (NULL);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", (const char *) names->pdata[i]);
    return g_string_free (out, FALSE);
}

gboolean
vireo_domain_option_is_plain (const VireoDomainOption *option,
                              const char              *key)
{
    int indices[MAX_INDICES];
    guint n = 0;
    const Subopt *s;

    g_return_val_if_fail (option != NULL && key != NULL, FALSE);

    s = _vireo_domain_option_find_sub (option, key, indices, &n);
    return s && s->path && s->kind != SUB_CODE && s->kind != SUB_NONE;
}

gboolean
vireo_domain_option_parse_bool (const char *key,
                                const char *value,
                                gboolean   *out,
                                GError    **error)
{
    static const char * const yes[] = { "on", "yes", "true", "1", NULL };
    static const char * const no[] = { "off", "no", "false", "0", NULL };
    g_autofree char *lower = value ? g_ascii_strdown (value, -1) : NULL;

    if (lower && g_strv_contains (yes, lower)) {
        *out = TRUE;
        return TRUE;
    }
    if (lower && g_strv_contains (no, lower)) {
        *out = FALSE;
        return TRUE;
    }
    return set_error (error, _("“%s” must be on or off (yes or no), not “%s”."), key,
                      value ? value : "");
}

gboolean
vireo_domain_option_parse_size_gib (const char *option,
                                    const char *value,
                                    double     *out,
                                    GError    **error)
{
    char *end = NULL;
    double gib;

    g_return_val_if_fail (option != NULL, FALSE);
    g_return_val_if_fail (out != NULL, FALSE);

    /* Digits, one point and an exponent only: strtod also reads "inf",
     * "nan" and hexadecimal numbers, which virt-install refuses. */
    if (value == NULL || *value == '\0' ||
        strspn (value, "0123456789.eE+-") != strlen (value))
        return set_error (error, _("%s size=%s is not a size in GiB: give a number such as "
                                   "10 or 1.5."), option, value ? value : "");
    gib = g_ascii_strtod (value, &end);
    if (end == value || *end != '\0' || !isfinite (gib))
        return set_error (error, _("%s size=%s is not a size in GiB: give a number such as "
                                   "10 or 1.5."), option, value);
    if (gib <= 0)
        return set_error (error, _("%s size=%s is not a size in GiB: it must be more than 0."),
                          option, value);
    if (gib > VIREO_DOMAIN_OPTION_MAX_SIZE_GIB)
        return set_error (error, _("%s size=%s is too large: a disk holds at most %.0f GiB."),
                          option, value, VIREO_DOMAIN_OPTION_MAX_SIZE_GIB);
    *out = gib;
    return TRUE;
}

char *
vireo_domain_option_normalize (const VireoDomainOption *option,
                               const char              *key,
                               const char              *value,
                               GError                 **error)
{
    int indices[MAX_INDICES];
    guint n = 0;
    const Subopt *s;
    gboolean b = FALSE;

    g_return_val_if_fail (option != NULL && key != NULL, NULL);

    s = _vireo_domain_option_find_sub (option, key, indices, &n);
    if (s == NULL || value == NULL || *value == '\0')
        return NULL;
    switch (s->kind) {
    case SUB_YESNO:
        if (!vireo_domain_option_parse_bool (key, value, &b, error))
            return NULL;
        return g_strdup (b ? "yes" : "no");
    case SUB_ONOFF:
    case SUB_PRESENCE:
        if (!vireo_domain_option_parse_bool (key, value, &b, error))
            return NULL;
        return g_strdup (b ? "on" : "off");
    case SUB_MIB: {
        guint64 mib;

        if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64 / 1024, &mib, NULL) ||
            mib == 0) {
            set_error (error, _("Value “%s” of “%s” is not an amount of memory: give a number "
                                "of MiB greater than 0."), value, key);
            return NULL;
        }
        return g_strdup_printf ("%" G_GUINT64_FORMAT, mib * 1024);
    }
    default:
        if (g_str_equal (option->name, "vcpus") &&
            (g_str_equal (key, "vcpu") || g_str_equal (key, "vcpu.current"))) {
            guint64 count;

            if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT32, &count, NULL)) {
                set_error (error, _("Value “%s” of “%s” is not a number of vCPUs: give a whole "
                                    "number of 1 or more."), value, key);
                return NULL;
            }
        }
        return g_strdup (value);
    }
}

gboolean
vireo_domain_option_set (const VireoDomainOption *option,
                         xmlNode                 *node,
                         const char              *key,
                         const char              *value,
                         GError                 **error)
{
    int indices[MAX_INDICES];
    guint idx[MAX_INDICES];
    guint n = 0;
    const Subopt *s;
    g_autofree char *elements = NULL;
    g_autofree char *attr = NULL;
    g_autofree char *xml_value = NULL;
    gboolean unset = value == NULL || *value == '\0';
    xmlNode *target;

    g_return_val_if_fail (option != NULL && node != NULL && key != NULL, FALSE);

    s = _vireo_domain_option_find_sub (option, key, indices, &n);
    g_return_val_if_fail (s != NULL && s->path != NULL, FALSE);
    for (guint i = 0; i < n; i++)
        idx[i] = indices[i] < 0 ? 0 : (guint) indices[i];

    if (!unset) {
        xml_value = vireo_domain_option_normalize (option, key, value, error);
        if (xml_value == NULL)
            return FALSE;
    }
    split_path (s->path, &elements, &attr);

    if (s->kind == SUB_PRESENCE) {
        gboolean on = xml_value && g_str_equal (xml_value, "on");

        target = vireo_domain_option_find_path (node, elements, idx, n, on);
        if (!on && target && target != node)
            vireo_domain_option_prune (target, node);
        return TRUE;
    }

    target = vireo_domain_option_find_path (node, elements, idx, n, !unset);
    if (target == NULL)
        return TRUE;    /* nothing to remove */
    if (attr) {
        if (unset) {
            xmlUnsetProp (target, BAD_CAST attr);
            if (target != node && is_empty_element (target))
                vireo_domain_option_prune (target, node);
        } else {
            xmlSetProp (target, BAD_CAST attr, BAD_CAST xml_value);
        }
        return TRUE;
    }
    if (unset) {
        if (target != node)
            vireo_domain_option_prune (target, node);
        return TRUE;
    }
    xmlNodeSetContent (target, NULL);
    xmlNodeAddContent (target, BAD_CAST xml_value);
    if (s->kind == SUB_MIB) {
        xmlChar *unit = xmlGetProp (target, BAD_CAST "unit");

        if (unit && !xmlStrEqual (unit, BAD_CAST "KiB"))
            xmlSetProp (target, BAD_CAST "unit", BAD_CAST "KiB");
        xmlFree (unit);
    }
    return TRUE;
}

char *
vireo_domain_option_dup_value (const VireoDomainOption *option,
                               xmlNode                 *node,
                               const char              *key)
{
    int indices[MAX_INDICES];
    guint idx[MAX_INDICES];
    guint n = 0;
    const Subopt *s;
    g_autofree char *elements = NULL;
    g_autofree char *attr = NULL;
    xmlNode *target;
    xmlChar *raw;
    char *ret;

    g_return_val_if_fail (option != NULL && node != NULL && key != NULL, NULL);

    s = _vireo_domain_option_find_sub (option, key, indices, &n);
    if (s == NULL || s->path == NULL)
        return NULL;
    for (guint i = 0; i < n; i++)
        idx[i] = indices[i] < 0 ? 0 : (guint) indices[i];
    split_path (s->path, &elements, &attr);
    target = vireo_domain_option_find_path (node, elements, idx, n, FALSE);
    if (s->kind == SUB_PRESENCE)
        return g_strdup (target && target != node ? "on" : "off");
    if (target == NULL)
        return NULL;
    raw = attr ? xmlGetProp (target, BAD_CAST attr) : xmlNodeGetContent (target);
    if (raw == NULL)
        return NULL;
    if (s->kind == SUB_ONOFF || s->kind == SUB_YESNO) {
        gboolean b;
        ret = vireo_domain_option_parse_bool (key, (const char *) raw, &b, NULL)
              ? g_strdup (s->kind == SUB_YESNO ? (b ? "yes" : "no") : (b ? "on" : "off"))
              : g_strdup ((const char *) raw);
    } else {
        ret = g_strdup ((const char *) raw);
    }
    xmlFree (raw);
    return ret;
}

int
vireo_domain_option_get_position (const VireoDomainOption *option,
                                  const char              *key)
{
    int indices[MAX_INDICES];
    guint n = 0;
    const Subopt *s;
    int base = 0;

    g_return_val_if_fail (option != NULL && key != NULL, G_MAXINT);

    s = _vireo_domain_option_find_sub (option, key, indices, &n);
    if (s == NULL)
        return G_MAXINT;
    for (const Subopt *t = option->subs; t && t->name; t++, base++) {
        if (t == s)
            return base;
    }
    for (guint i = 0; i < G_N_ELEMENTS (option->more); i++) {
        for (const Subopt *t = option->more[i]; t && t->name; t++, base++) {
            if (t == s)
                return base;
        }
    }
    return G_MAXINT;
}
