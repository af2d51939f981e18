/* vireo-size-input.c: sizes and counts typed into dialogs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-size-input.h"
#include "vireo-vmm-error.h"

typedef struct {
    const char *unit;       /* accepted after the number, or NULL */
    const char *short_unit; /* "G", "M" */
    gboolean    whole;
} FieldKind;

static const FieldKind kinds[] = {
    [VIREO_SIZE_FIELD_DISK_GIB] = { "GiB", "G", FALSE },
    [VIREO_SIZE_FIELD_MEMORY_MIB] = { "MiB", "M", TRUE },
    [VIREO_SIZE_FIELD_CURRENT_MEMORY_MIB] = { "MiB", "M", TRUE },
    [VIREO_SIZE_FIELD_MAX_MEMORY_MIB] = { "MiB", "M", TRUE },
    [VIREO_SIZE_FIELD_VCPUS] = { NULL, NULL, TRUE },
    [VIREO_SIZE_FIELD_MAX_VCPUS] = { NULL, NULL, TRUE },
    [VIREO_SIZE_FIELD_CURRENT_VCPUS] = { NULL, NULL, TRUE },
    [VIREO_SIZE_FIELD_BANDWIDTH_MIBS] = { "MiB/s", NULL, TRUE },
    [VIREO_SIZE_FIELD_STATS_INTERVAL_S] = { "s", NULL, TRUE },
};

/* A field named by its label: a whole number, no unit. */
static const FieldKind count_kind = { NULL, NULL, TRUE };

/* A bound as the locale writes it: "65536", "0.1" ("0,1"). */
static char *
format_bound (double bound)
{
    if (bound == floor (bound))
        return g_strdup_printf ("%.0f", bound);
    return g_strdup_printf ("%.1f", bound);
}

static char *
rule (VireoSizeField field,
      double         min,
      double         max)
{
    g_autofree char *lo = format_bound (min);
    g_autofree char *hi = format_bound (max);

    switch (field) {
    case VIREO_SIZE_FIELD_DISK_GIB:
        return g_strdup_printf (_("The disk size must be between %s and %s GiB."), lo, hi);
    case VIREO_SIZE_FIELD_MEMORY_MIB:
        return g_strdup_printf (_("The memory must be a whole number of MiB between %s and "
                                  "%s."), lo, hi);
    case VIREO_SIZE_FIELD_CURRENT_MEMORY_MIB:
        return g_strdup_printf (_("The current allocation must be a whole number of MiB "
                                  "between %s and %s."), lo, hi);
    case VIREO_SIZE_FIELD_MAX_MEMORY_MIB:
        return g_strdup_printf (_("The maximum allocation must be a whole number of MiB "
                                  "between %s and %s."), lo, hi);
    case VIREO_SIZE_FIELD_VCPUS:
        return g_strdup_printf (_("The number of CPUs must be a whole number between %s and "
                                  "%s."), lo, hi);
    case VIREO_SIZE_FIELD_MAX_VCPUS:
        return g_strdup_printf (_("The maximum vCPUs must be a whole number between %s and "
                                  "%s."), lo, hi);
    case VIREO_SIZE_FIELD_CURRENT_VCPUS:
        return g_strdup_printf (_("The current vCPUs must be a whole number between %s and "
                                  "%s."), lo, hi);
    case VIREO_SIZE_FIELD_BANDWIDTH_MIBS:
        return g_strdup_printf (_("The bandwidth limit must be a whole number of MiB/s between "
                                  "%s and %s (0: no limit)."), lo, hi);
    case VIREO_SIZE_FIELD_STATS_INTERVAL_S:
        return g_strdup_printf (_("The update interval must be a whole number of seconds "
                                  "between %s and %s."), lo, hi);
    default:
        g_assert_not_reached ();
    }
}

static char *
count_rule (const char *name,
            double      min,
            double      max)
{
    g_autofree char *lo = format_bound (min);
    g_autofree char *hi = format_bound (max);

    return g_strdup_printf (_("“%s” must be a whole number between %s and %s."), name, lo, hi);
}

static gboolean
fail (GError     **error,
      const char  *r,
      const char  *reason)
{
    /* TRANSLATORS: a size field's rule ("The disk size must be between 0.1
     * and 65536 GiB."), then what is wrong with the text typed ("“abc” is
     * not a number.").  Drop the space if your language needs none. */
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID, C_("size input", "%s %s"), r,
                 reason);
    return FALSE;
}

/* Drops the field's own unit after the number: "10 GiB", "10G", "10 gib". */
static void
strip_unit (GString         *text,
            const FieldKind *kind)
{
    const char *units[] = { kind->unit, kind->short_unit };

    for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
        gsize n = units[i] != NULL ? strlen (units[i]) : 0;

        if (n > 0 && text->len > n &&
            g_ascii_strcasecmp (text->str + text->len - n, units[i]) == 0) {
            g_string_truncate (text, text->len - n);
            while (text->len > 0 && g_ascii_isspace (text->str[text->len - 1]))
                g_string_truncate (text, text->len - 1);
            return;
        }
    }
}

/* A decimal number: [+-] digits [. digits] [e [+-] digits], at least one
 * digit before the exponent.  Anything else (hex, "inf", "nan", words) is
 * not a number, whatever strtod would make of it. */
static gboolean
is_number (const char *s)
{
    guint digits = 0;

    if (*s == '+' || *s == '-')
        s++;
    for (; g_ascii_isdigit (*s); s++)
        digits++;
    if (*s == '.')
        for (s++; g_ascii_isdigit (*s); s++)
            digits++;
    if (digits == 0)
        return FALSE;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!g_ascii_isdigit (*s))
            return FALSE;
        while (g_ascii_isdigit (*s))
            s++;
    }
    return *s == '\0';
}

/* Reads @typed as @kind says; on error the sentence is @r, then the reason. */
static gboolean
parse (const FieldKind *kind,
       const char      *r,
       const char      *typed,
       double           min,
       double           max,
       double          *value,
       GError         **error)
{
    const char *point = localeconv ()->decimal_point;
    g_autoptr(GString) text = NULL;
    g_autofree char *reason = NULL;
    double v;

    if (!g_utf8_validate (typed, -1, NULL))
        return fail (error, r, _("The text typed is not valid text."));
    text = g_string_new (typed);
    g_strstrip (text->str);
    text->len = strlen (text->str);
    if (text->len == 0)
        return fail (error, r, _("Nothing was typed."));
    strip_unit (text, kind);
    /* The locale's decimal separator ("2,5") reads as a point. */
    if (point != NULL && strcmp (point, ".") != 0 && *point != '\0')
        g_string_replace (text, point, ".", 0);
    if (!is_number (text->str)) {
        reason = g_strdup_printf (_("“%s” is not a number."), typed);
        return fail (error, r, reason);
    }
    v = g_ascii_strtod (text->str, NULL);
    if (kind->whole && isfinite (v) && v != floor (v)) {
        reason = g_strdup_printf (_("“%s” is not a whole number."), typed);
        return fail (error, r, reason);
    }
    if (!isfinite (v) || v < min || v > max) {
        reason = g_strdup_printf (_("“%s” is outside that range."), typed);
        return fail (error, r, reason);
    }
    if (value != NULL)
        *value = v;
    return TRUE;
}

gboolean
vireo_size_input_parse (VireoSizeField   field,
                        const char      *typed,
                        double           min,
                        double           max,
                        double          *value,
                        GError         **error)
{
    g_autofree char *r = NULL;

    g_return_val_if_fail (field > VIREO_SIZE_FIELD_NONE &&
                          field <= VIREO_SIZE_FIELD_STATS_INTERVAL_S, FALSE);
    g_return_val_if_fail (typed != NULL, FALSE);

    r = rule (field, min, max);
    return parse (&kinds[field], r, typed, min, max, value, error);
}

gboolean
vireo_size_input_parse_count (const char  *name,
                              const char  *typed,
                              double       min,
                              double       max,
                              double      *value,
                              GError     **error)
{
    g_autofree char *r = NULL;

    g_return_val_if_fail (name != NULL, FALSE);
    g_return_val_if_fail (typed != NULL, FALSE);

    r = count_rule (name, min, max);
    return parse (&count_kind, r, typed, min, max, value, error);
}

char *
vireo_size_input_dup_rule (VireoSizeField field,
                           double         min,
                           double         max)
{
    g_return_val_if_fail (field > VIREO_SIZE_FIELD_NONE &&
                          field <= VIREO_SIZE_FIELD_STATS_INTERVAL_S, NULL);

    return rule (field, min, max);
}

gboolean
vireo_size_input_check_space (guint64      capacity,
                              guint64      available,
                              gboolean     sparse,
                              const char  *place,
                              char       **warning,
                              GError     **error)
{
    g_autofree char *need = NULL;
    g_autofree char *free_space = NULL;

    if (warning != NULL)
        *warning = NULL;
    if (available == 0 || capacity <= available)
        return TRUE;
    need = g_format_size_full (capacity, G_FORMAT_SIZE_IEC_UNITS);
    free_space = g_format_size_full (available, G_FORMAT_SIZE_IEC_UNITS);
    if (!sparse) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE,
                     _("The disk needs %s but only %s is free in “%s”: choose a smaller size "
                       "or make room first. Nothing was created."), need, free_space,
                     place != NULL ? place : "");
        return FALSE;
    }
    if (warning != NULL)
        *warning = g_strdup_printf (_("The disk can grow to %s but only %s is free in “%s”: "
                                      "the guest will be paused if the space runs out."),
                                    need, free_space, place != NULL ? place : "");
    return TRUE;
}

void
vireo_size_input_check_memory (guint64   memory_mib,
                               guint64   host_mib,
                               char    **warning)
{
    g_return_if_fail (warning != NULL);

    *warning = NULL;
    if (host_mib == 0 || memory_mib <= host_mib)
        return;
    *warning = g_strdup_printf (_("%" PRIu64 " MiB is more memory than this host has (%"
                                  PRIu64 " MiB): the guest and the host may slow down or run "
                                  "out of memory."), memory_mib, host_mib);
}
