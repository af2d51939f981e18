/* vireo-cli-grammar.c: virt-install's command-line grammar, for every program
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-cli-grammar.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-vmm-error.h"

/* ---------------------------------------------------------------- helpers */

gboolean
vireo_cli_error (GError **error, const char *format, ...)
{
    va_list args;

    va_start (args, format);
    g_propagate_error (error, g_error_new_valist (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                                                  format, args));
    va_end (args);
    return FALSE;
}

char *
vireo_cli_absolute_path (const char *value)
{
    if (value && *value && !g_path_is_absolute (value) && !strstr (value, "://")) {
        g_autofree char *cwd = g_get_current_dir ();
        g_autofree char *joined = g_build_filename (cwd, value, NULL);

        return g_canonicalize_filename (joined, NULL);
    }
    return g_strdup (value);
}

static gboolean
word_in (const char *words, const char *word)
{
    g_auto(GStrv) list = NULL;

    if (words == NULL)
        return FALSE;
    list = g_strsplit (words, " ", -1);
    return g_strv_contains ((const char * const *) list, word);
}

/* ------------------------------------------------------ the sub-option lexer */

GPtrArray *
vireo_cli_split_suboptions (const char *optstr,
                            GError    **error)
{
    g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
    GString *word = NULL;
    const char *p = optstr ? optstr : "";

    /* POSIX shell-like words separated by commas: '...' keeps everything,
     * "..." lets a backslash escape only " and \, a bare backslash escapes
     * the next character; empty quotes make an empty word. */
    while (*p) {
        if (*p == ',') {
            if (word)
                g_ptr_array_add (tokens, g_string_free (word, FALSE));
            word = NULL;
            p++;
            continue;
        }
        if (word == NULL)
            word = g_string_new (NULL);
        if (*p == '\'') {
            const char *end = strchr (p + 1, '\'');
            if (end == NULL) {
                g_string_free (word, TRUE);
                vireo_cli_error (error, _("No closing quotation in “%s”."), optstr);
                return NULL;
            }
            g_string_append_len (word, p + 1, end - p - 1);
            p = end + 1;
        } else if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                g_string_append_c (word, *p++);
            }
            if (*p != '"') {
                g_string_free (word, TRUE);
                vireo_cli_error (error, _("No closing quotation in “%s”."), optstr);
                return NULL;
            }
            p++;
        } else if (*p == '\\') {
            if (p[1] == '\0') {
                g_string_free (word, TRUE);
                vireo_cli_error (error, _("No escaped character in “%s”."), optstr);
                return NULL;
            }
            g_string_append_c (word, p[1]);
            p += 2;
        } else {
            g_string_append_c (word, *p++);
        }
    }
    if (word)
        g_ptr_array_add (tokens, g_string_free (word, FALSE));

    for (guint i = 0; i < tokens->len; i++) {
        const char *tok = g_ptr_array_index (tokens, i);
        const char *eq = strchr (tok, '=');

        if (eq) {
            g_ptr_array_add (pairs, g_strndup (tok, eq - tok));
            g_ptr_array_add (pairs, g_strdup (eq + 1));
        } else {
            g_ptr_array_add (pairs, g_strdup (tok));
            g_ptr_array_add (pairs, NULL);
        }
    }
    return g_steal_pointer (&pairs);
}

VireoInstallProps *
vireo_cli_parse_suboptions (const VireoDomainOption *option,
                            const char              *value,
                            GError                 **error)
{
    g_autoptr(GPtrArray) pairs = NULL;
    g_autoptr(VireoInstallProps) props = vireo_install_props_new ();
    g_auto(GStrv) first = NULL;
    const char *name = vireo_domain_option_get_name (option);
    gboolean is_cpu = g_str_equal (name, "cpu");
    guint nfirst = 0, i = 0;

    pairs = vireo_cli_split_suboptions (value, error);
    if (pairs == NULL)
        return NULL;
    if (vireo_domain_option_get_first (option))
        first = g_strsplit (vireo_domain_option_get_first (option), " ", -1);

    /* Leading bare values name the option's first sub-options. */
    while (first && first[nfirst] && i < pairs->len && pairs->pdata[i + 1] == NULL) {
        pairs->pdata[i + 1] = pairs->pdata[i];
        pairs->pdata[i] = g_strdup (first[nfirst]);
        nfirst++;
        i += 2;
    }

    for (i = 0; i < pairs->len; i += 2) {
        const char *key = pairs->pdata[i];
        g_autofree char *canonical = NULL;
        GString *val;
        guint flags = 0;

        /* --cpu's "+feature" and "-feature". */
        if (is_cpu && pairs->pdata[i + 1] == NULL && (key[0] == '+' || key[0] == '-') &&
            key[1] != '\0') {
            vireo_install_props_set (props, key[0] == '+' ? "force" : "disable", key + 1);
            continue;
        }
        canonical = vireo_domain_option_canonical (option, key, &flags);
        if (canonical == NULL) {
            g_autofree char *valid = vireo_domain_option_list_names (option);
            vireo_cli_error (error, _("Unknown --%s option “%s”. Valid --%s options: %s."),
                             name, key, name, valid);
            return NULL;
        }
        if (pairs->pdata[i + 1] == NULL && !(flags & VIREO_SUBOPTION_BARE)) {
            vireo_cli_error (error, _("Option “%s” of --%s had no value set."), key, name);
            return NULL;
        }
        val = g_string_new (pairs->pdata[i + 1] ? pairs->pdata[i + 1] : "");
        if (flags & VIREO_SUBOPTION_CAN_COMMA) {
            while (i + 2 < pairs->len) {
                g_autofree char *next = vireo_domain_option_canonical (option,
                                                                       pairs->pdata[i + 2],
                                                                       NULL);
                const char *k = pairs->pdata[i + 2];
                const char *v = pairs->pdata[i + 3];

                if (next)
                    break;
                g_string_append_printf (val, ",%s", k);
                if (v && *v)
                    g_string_append_printf (val, "=%s", v);
                i += 2;
            }
        }
        vireo_install_props_set (props, canonical, val->str);
        g_string_free (val, TRUE);
    }
    return g_steal_pointer (&props);
}

/* ----------------------------------------------------------- the options */

static gboolean
name_matches (const VireoCliOption *def, const char *name)
{
    return g_str_equal (def->name, name) || word_in (def->aliases, name);
}

static char *
option_names_list (const VireoCliGrammar *grammar)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < grammar->n_options; i++)
        g_string_append_printf (out, "%s--%s", i ? ", " : "", grammar->options[i].name);
    return g_string_free (out, FALSE);
}

/* Exact long names and aliases first, then an unambiguous prefix. */
static const VireoCliOption *
find_long (const VireoCliGrammar *grammar, const char *name, GError **error)
{
    const VireoCliOption *found = NULL;
    guint matches = 0;
    size_t len = strlen (name);

    for (guint i = 0; i < grammar->n_options; i++) {
        if (name_matches (&grammar->options[i], name))
            return &grammar->options[i];
    }
    for (guint i = 0; len > 0 && i < grammar->n_options; i++) {
        const VireoCliOption *def = &grammar->options[i];
        g_autofree char *all = g_strjoin (" ", def->name, def->aliases, NULL);
        g_auto(GStrv) names = g_strsplit (all, " ", -1);

        for (guint j = 0; names[j]; j++) {
            if (g_str_has_prefix (names[j], name)) {
                if (found != def)
                    matches++;
                found = def;
                break;
            }
        }
    }
    if (matches == 1)
        return found;
    if (matches > 1) {
        vireo_cli_error (error, _("Option “--%s” is ambiguous."), name);
    } else {
        g_autofree char *valid = option_names_list (grammar);
        vireo_cli_error (error, _("Unknown option “--%s”. Valid options: %s."), name, valid);
    }
    return NULL;
}

/* @letters is the word after its dash, UTF-8 already checked. */
static const VireoCliOption *
find_short (const VireoCliGrammar *grammar, const char *letters, GError **error)
{
    g_autofree char *valid = NULL;
    const char *next = g_utf8_next_char (letters);

    for (guint i = 0; next == letters + 1 && i < grammar->n_options; i++) {
        if (grammar->options[i].short_name == letters[0])
            return &grammar->options[i];
    }
    valid = option_names_list (grammar);
    /* The whole character, not its first byte, when it is not ASCII. */
    vireo_cli_error (error, _("Unknown option “-%.*s”. Valid options: %s."),
                     (int) (next - letters), letters, valid);
    return NULL;
}

static gboolean
looks_like_option (const char *arg)
{
    /* A leading dash starts an option unless the word is a negative number. */
    if (arg[0] != '-' || arg[1] == '\0')
        return FALSE;
    return !(g_ascii_isdigit (arg[1]));
}

char *
vireo_cli_describe (const VireoCliGrammar *grammar,
                    const char            *name)
{
    g_return_val_if_fail (grammar != NULL && name != NULL, NULL);

    for (guint i = 0; i < grammar->n_options; i++) {
        const VireoCliOption *def = &grammar->options[i];
        const VireoDomainOption *option;

        if (!name_matches (def, name) || def->suboptions == NULL)
            continue;
        option = vireo_domain_option_lookup (def->suboptions);
        if (option) {
            g_autofree char *listing = vireo_domain_option_describe (option);
            /* Headed by this program's name of the option. */
            const char *body = strchr (listing, '\n');

            return g_strdup_printf ("--%s options:%s", def->name, body ? body : "\n");
        }
    }
    return NULL;
}

static gboolean
handle_option (const VireoCliGrammar *grammar, const VireoCliOption *def, const char *value,
               gpointer target, char **listing, GError **error)
{
    g_autoptr(VireoInstallProps) props = NULL;

    /* Everything ends up in domain XML, which is UTF-8: a value that is not
     * would make a document that is not well-formed. */
    if (value != NULL && !g_utf8_validate (value, -1, NULL))
        return vireo_cli_error (error, _("The value of --%s is not valid UTF-8 text."),
                                def->name);
    /* Nor can XML 1.0 hold a control character other than a tab or a line end. */
    for (const char *p = value; p != NULL && *p != '\0'; p++) {
        if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return vireo_cli_error (error, _("The value of --%s has a control character "
                                             "(U+%04X), which XML cannot hold."),
                                    def->name, (guint) (guchar) *p);
    }
    if (def->kind == VIREO_CLI_SUBOPTS && value &&
        (g_str_equal (value, "?") || g_str_equal (value, "help"))) {
        g_free (*listing);
        *listing = vireo_cli_describe (grammar, def->name);
        return TRUE;
    }
    if (def->kind == VIREO_CLI_SUBOPTS && !def->raw) {
        props = vireo_cli_parse_suboptions (vireo_domain_option_lookup (def->suboptions), value,
                                            error);
        if (props == NULL)
            return FALSE;
    }
    return def->apply (target, def, value, props, error);
}

gboolean
vireo_cli_parse (const VireoCliGrammar *grammar,
                 int                    argc,
                 const char *const     *argv,
                 gpointer               target,
                 char                 **listing,
                 GError               **error)
{
    g_return_val_if_fail (grammar != NULL && listing != NULL, FALSE);

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const VireoCliOption *def = NULL;
        g_autofree char *name = NULL;
        const char *value = NULL;
        gboolean has_value = FALSE;

        if (g_str_equal (arg, "--") || !looks_like_option (arg)) {
            if (!g_utf8_validate (arg, -1, NULL))
                return vireo_cli_error (error, _("An argument is not valid UTF-8 text."));
            if (grammar->positional && !g_str_equal (arg, "--")) {
                if (!grammar->positional (target, arg, error))
                    return FALSE;
                continue;
            }
            return vireo_cli_error (error, _("Unexpected argument “%s”: every value belongs to "
                                             "an option (see --help)."), arg);
        }
        if (arg[1] == '-') {
            const char *eq = strchr (arg + 2, '=');
            name = eq ? g_strndup (arg + 2, eq - arg - 2) : g_strdup (arg + 2);
            /* A value after "=" has its own check (handle_option). */
            if (!g_utf8_validate (name, -1, NULL))
                return vireo_cli_error (error, _("An option is not valid UTF-8 text."));
            def = find_long (grammar, name, error);
            if (eq) {
                value = eq + 1;
                has_value = TRUE;
            }
        } else {
            if (!g_utf8_validate (arg, -1, NULL) && (guchar) arg[1] >= 0x80)
                return vireo_cli_error (error, _("An option is not valid UTF-8 text."));
            def = find_short (grammar, arg + 1, error);
            if (def && arg[2] != '\0') {
                value = arg[2] == '=' ? arg + 3 : arg + 2;
                has_value = TRUE;
            }
        }
        if (def == NULL)
            return FALSE;

        if (def->kind == VIREO_CLI_FLAG) {
            if (has_value)
                return vireo_cli_error (error, _("Option --%s takes no value."), def->name);
        } else if (!has_value) {
            if (i + 1 < argc && !looks_like_option (argv[i + 1])) {
                value = argv[++i];
            } else if (def->optional) {
                value = def->implicit;
            } else {
                return vireo_cli_error (error, _("Option --%s needs a value."), def->name);
            }
        }
        if (!handle_option (grammar, def, value, target, listing, error))
            return FALSE;
        if (*listing)
            break;
    }
    return TRUE;
}

char *
vireo_cli_help (const VireoCliGrammar *grammar,
                const char            *usage)
{
    GString *out = g_string_new (usage);

    for (guint i = 0; i < grammar->n_options; i++) {
        const VireoCliOption *def = &grammar->options[i];
        g_autofree char *left = NULL;

        if (def->help == NULL)
            continue;
        left = g_strdup_printf ("%s%c%s--%s%s%s",
                                def->short_name ? "-" : "",
                                def->short_name ? def->short_name : ' ',
                                def->short_name ? ", " : "   ",
                                def->name,
                                def->metavar ? " " : "",
                                def->metavar ? def->metavar : "");
        if (!def->short_name)
            memmove (left, left + 2, strlen (left + 2) + 1);
        g_string_append_printf (out, "  %-28s %s\n", left, _(def->help));
        if (def->aliases)
            g_string_append_printf (out, "  %-28s (%s --%s)\n", "", _("also"), def->aliases);
    }
    return g_string_free (out, FALSE);
}
