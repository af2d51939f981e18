/* vireo-xml-cli.c: vireo-xml's work, behind a tiny main()
 *
 * The steps, as virt-xml takes them: read the command line; find the VM
 * (by name, UUID or id) or read its XML from standard input; apply the
 * edits to its persistent definition with the core's VireoDomainEditor;
 * print the XML or the diff when asked; then, unless told not to, save the
 * definition, change the running VM with --update, and start it with
 * --start.  When a running Vireo holds the embedded root, the edits are
 * handed to it over D-Bus (vireo-install-handoff.h) and it does the same
 * with the same core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-xml-cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-editor.h"
#include "vireo-install-handoff.h"
#include "vireo-osinfo.h"
#include "vireo-uri.h"
#include "vireo-vmm-error.h"
#include "vireo-xml-options.h"

typedef struct {
    VireoXmlOptions     *options;     /* borrowed */
    char                *uri;
    char                *stdin_xml;
    VireoConnection     *connection;
    VireoDomain         *domain;      /* borrowed from the connection */
    VireoInstallHandoff *handoff;
    VireoDomainEditor   *editor;
    GPtrArray           *edits;
    gboolean             running;
} Run;

/* ---------------------------------------------------------------- helpers */

/* One line, whatever libvirt's message holds (its schema errors come a
 * line each). */
static int
report (GError *error, int status)
{
    g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);
    GString *text = g_string_new (NULL);

    for (guint i = 0; lines[i]; i++) {
        g_strstrip (lines[i]);
        if (*lines[i] == '\0')
            continue;
        if (text->len > 0)
            g_string_append (text, text->str[text->len - 1] == ':' ? " " : "; ");
        g_string_append (text, lines[i]);
    }
    g_printerr ("vireo-xml: %s\n", text->str);
    g_string_free (text, TRUE);
    g_error_free (error);
    return status;
}

static void
warn (const char *message)
{
    g_printerr ("vireo-xml: %s\n", message);
}

static void
run_clear (Run *run)
{
    g_free (run->uri);
    g_free (run->stdin_xml);
    g_clear_object (&run->editor);
    g_clear_pointer (&run->edits, g_ptr_array_unref);
    g_clear_pointer (&run->handoff, vireo_install_handoff_free);
    if (run->connection)
        vireo_connection_close (run->connection);
    g_clear_object (&run->connection);
}

static char *
read_stdin (GError **error)
{
    GString *text = g_string_new (NULL);
    char buf[8192];
    size_t n;

    while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
        g_string_append_len (text, buf, (gssize) n);
    if (ferror (stdin)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED, "%s",
                     _("Could not read the XML from standard input."));
        g_string_free (text, TRUE);
        return NULL;
    }
    return g_string_free (text, FALSE);
}

static gboolean
ask (const char *question)
{
    char line[64];

    for (;;) {
        g_print ("%s (y/n): ", question);
        fflush (stdout);
        if (fgets (line, sizeof line, stdin) == NULL)
            return FALSE;
        g_strstrip (line);
        if (g_ascii_strcasecmp (line, "y") == 0 || g_ascii_strcasecmp (line, "yes") == 0)
            return TRUE;
        if (g_ascii_strcasecmp (line, "n") == 0 || g_ascii_strcasecmp (line, "no") == 0)
            return FALSE;
        g_print ("%s\n", _("Please answer yes or no."));
    }
}

/* A domain to build devices against when --build-xml names none. */
static char *
blank_domain (const char *uri)
{
    const char *type = uri && g_str_has_prefix (uri, "test") ? "test"
                       : uri && g_str_has_prefix (uri, "qemu") ? "qemu" : "kvm";

    return g_strdup_printf ("<domain type='%s'><name>vireo-xml</name>"
                            "<devices/></domain>", type);
}

/* ------------------------------------------------------------- the host */

static gboolean
open_connection (Run *run, GError **error)
{
    g_autoptr(GError) local = NULL;

    run->connection = vireo_connection_new (run->uri);
    if (vireo_connection_open (run->connection, NULL, &local))
        return TRUE;
    g_clear_object (&run->connection);
    if (g_error_matches (local, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD)) {
        run->handoff = vireo_install_handoff_new (run->uri, local, error);
        return run->handoff != NULL;
    }
    g_propagate_error (error, g_steal_pointer (&local));
    return FALSE;
}

/* What the edits do not need read from the connection: every domain's
 * MACs serve only an interface added or edited, the pools' volumes only a
 * vol=.  (One libvirt call per domain or volume each, on every run.) */
static VireoDomainEditorReadFlags
reading_skipped (VireoXmlOptions *o)
{
    VireoDomainEditorReadFlags skip = VIREO_DOMAIN_EDITOR_READ_SKIP_MACS |
                                      VIREO_DOMAIN_EDITOR_READ_SKIP_VOLUMES;

    for (guint i = 0; i < o->changes->len; i++) {
        VireoXmlChange *c = o->changes->pdata[i];

        if (o->remove_device)
            break;
        if (g_str_equal (vireo_domain_option_get_name (c->option), "network"))
            skip &= ~VIREO_DOMAIN_EDITOR_READ_SKIP_MACS;
        if (c->value && strstr (c->value, "vol="))
            skip &= ~VIREO_DOMAIN_EDITOR_READ_SKIP_VOLUMES;
    }
    return skip;
}

/* The editor: the VM's persistent definition, or the XML given. */
static gboolean
open_editor (Run *run, GError **error)
{
    VireoXmlOptions *o = run->options;

    if (o->domain) {
        run->domain = vireo_connection_find_domain (run->connection, o->domain);
        if (run->domain == NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("There is no VM “%s” on “%s”."), o->domain, run->uri);
            return FALSE;
        }
        run->running = vireo_domain_is_active (run->domain);
        run->editor = vireo_domain_editor_new_for_domain_reading (run->domain,
                                                                  reading_skipped (o), NULL,
                                                                  error);
        return run->editor != NULL;
    }
    if (run->stdin_xml) {
        run->editor = vireo_domain_editor_new (run->stdin_xml, error);
    } else {
        g_autofree char *blank = blank_domain (run->uri);
        run->editor = vireo_domain_editor_new (blank, error);
    }
    if (run->editor)
        vireo_domain_editor_set_connection (run->editor, run->uri, NULL, NULL);
    return run->editor != NULL;
}

/* ------------------------------------------------------------ the work */

static int
save (Run *run)
{
    VireoXmlOptions *o = run->options;
    VireoDomainEditorCommitFlags flags = 0;
    const char *name = vireo_domain_editor_get_name (run->editor);
    g_autofree char *notice = NULL;
    GError *error = NULL;

    if (o->update) {
        if (run->running)
            flags |= VIREO_DOMAIN_EDITOR_COMMIT_LIVE | VIREO_DOMAIN_EDITOR_COMMIT_LIVE_XML;
        else
            warn (_("The VM is not running: --update has nothing to change live, the "
                    "definition is saved."));
    }
    if (o->define != 0)
        flags |= VIREO_DOMAIN_EDITOR_COMMIT_CONFIG;

    if (o->define == 0 && !(flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE)) {
        if (o->start) {
            if (o->confirm) {
                g_autofree char *q = g_strdup_printf (_("Start “%s” with the changed XML?"),
                                                      name);
                if (!ask (q))
                    return 0;
            }
            if (!vireo_domain_editor_start_transient (run->editor, run->connection, NULL,
                                                      &error))
                return report (error, 1);
            g_print (_("“%s” started.\n"), name);
        }
        return 0;
    }
    if (o->confirm && (flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG)) {
        g_autofree char *q = g_strdup_printf (_("Define “%s” with the changed XML?"), name);
        if (!ask (q))
            return 0;
    }
    if (!vireo_domain_editor_commit (run->editor, run->domain, flags, &notice, NULL, &error))
        return report (error, 1);
    if (o->start && !vireo_domain_is_active (run->domain) &&
        !vireo_domain_start (run->domain, NULL, &error))
        return report (error, 1);
    if (flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG)
        g_print (_("“%s” is defined with the changes.\n"), name);
    if ((flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE) &&
        vireo_domain_editor_get_applied_live (run->editor))
        g_print ("%s\n", vireo_domain_editor_get_applied_live (run->editor));
    if (o->start)
        g_print (_("“%s” started.\n"), name);
    if (notice)
        g_print ("%s\n", notice);
    return 0;
}

static void
print_result (VireoXmlOptions *o, const char *xml, const char *diff, gboolean changed)
{
    if (!changed)
        warn (_("The changes make no difference to the XML: they would have no effect."));
    if (o->print_diff)
        g_print ("%s", diff);
    else if (o->print_xml)
        g_print ("%s", xml);
}

/* The same steps done by the Vireo that holds the embedded root.  What is
 * printed or confirmed comes from a dry call; the call that commits sends
 * its token and XML back, so that the manager saves that very XML (the
 * same new MAC, say) or refuses when the VM changed since. */
static int
work_handoff (Run *run)
{
    VireoXmlOptions *o = run->options;
    g_auto(VireoInstallHandoffEditReply) shown = { 0 };
    g_auto(VireoInstallHandoffEditReply) done = { 0 };
    VireoDomainEditorCommitFlags flags = 0;
    gboolean commit = o->define != 0 || o->update || o->start;
    /* virt-xml --no-define --start: the changed XML runs, undefined. */
    gboolean transient = o->define == 0 && !o->update && o->start;
    gboolean dry;
    GError *error = NULL;

    if (o->domain == NULL) {
        error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD, "%s",
                             _("The running Vireo holds the embedded root: name one of its "
                               "VMs to change."));
        return report (error, 1);
    }
    run->edits = vireo_xml_options_build_edits (o, &error);
    if (run->edits == NULL)
        return report (error, 1);
    if (o->define != 0)
        flags |= VIREO_DOMAIN_EDITOR_COMMIT_CONFIG;
    if (o->update)
        flags |= VIREO_DOMAIN_EDITOR_COMMIT_LIVE | VIREO_DOMAIN_EDITOR_COMMIT_LIVE_XML;
    if (o->build_xml)
        commit = FALSE;
    dry = !commit || o->confirm || o->print_xml || o->print_diff || o->build_xml;
    if (dry) {
        if (!vireo_install_handoff_edit (run->handoff, o->domain, run->edits, o->os_variant, 0,
                                         FALSE, NULL, NULL, &shown, &error))
            return report (error, 1);
        if (o->build_xml) {
            for (guint i = 0; i < shown.added->len; i++)
                g_print ("%s", (const char *) shown.added->pdata[i]);
            return 0;
        }
        print_result (o, shown.xml, shown.diff, *shown.diff != '\0');
        if (!commit)
            return 0;
        if (o->update && !shown.running)
            warn (_("The VM is not running: --update has nothing to change live, the "
                    "definition is saved."));
        if (o->confirm) {
            g_autofree char *q = g_strdup_printf (transient
                                                  ? _("Start “%s” with the changed XML?")
                                                  : _("Define “%s” with the changed XML?"),
                                                  shown.name);
            if (!ask (q))
                return 0;
        }
    }
    if (!vireo_install_handoff_edit (run->handoff, o->domain, run->edits, o->os_variant, flags,
                                     o->start, shown.token, shown.token ? shown.xml : NULL,
                                     &done, &error))
        return report (error, 1);
    if (!dry && o->update && !done.running)
        warn (_("The VM is not running: --update has nothing to change live, the "
                "definition is saved."));
    if (flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG)
        g_print (_("“%s” is defined with the changes.\n"), done.name);
    if (done.applied)
        g_print ("%s\n", done.applied);
    if (o->start)
        g_print (_("“%s” started.\n"), done.name);
    if (done.notice)
        g_print ("%s\n", done.notice);
    return 0;
}

static int
work (Run *run)
{
    VireoXmlOptions *o = run->options;
    GError *error = NULL;

    if (o->domain || (run->stdin_xml == NULL && !o->build_xml) ||
        (run->stdin_xml && o->define == 1) || (run->stdin_xml && o->start)) {
        if (!open_connection (run, &error))
            return report (error, 1);
        if (run->handoff)
            return work_handoff (run);
    }
    if (!open_editor (run, &error))
        return report (error, 1);
    if (o->os_variant) {
        g_autoptr(OsinfoOs) os = vireo_osinfo_find (o->os_variant, &error);

        if (os == NULL)
            return report (error, 1);
        vireo_domain_editor_set_os (run->editor, os);
    }
    run->edits = vireo_xml_options_build_edits (o, &error);
    if (run->edits == NULL)
        return report (error, 1);
    for (guint i = 0; i < run->edits->len; i++) {
        if (!vireo_domain_editor_apply (run->editor, run->edits->pdata[i], &error))
            return report (error, 1);
    }

    if (o->build_xml) {
        g_autoptr(GPtrArray) devices = vireo_domain_editor_dup_added_devices (run->editor);

        for (guint i = 0; i < devices->len; i++)
            g_print ("%s", (const char *) devices->pdata[i]);
        return 0;
    }
    {
        g_autofree char *xml = vireo_domain_editor_dup_xml (run->editor);
        g_autofree char *diff = vireo_domain_editor_dup_diff (run->editor);

        print_result (o, xml, diff, vireo_domain_editor_has_changes (run->editor));
    }
    if (run->stdin_xml && o->define != 1)
        return 0;
    if (o->define == 0 && !o->update && !o->start)
        return 0;
    return save (run);
}

int
vireo_xml_cli_run (int argc, char **argv)
{
    g_autoptr(VireoXmlOptions) options = NULL;
    Run run = { 0 };
    GError *error = NULL;
    const char *text;
    int status;

    options = vireo_xml_options_parse (argc, (const char * const *) argv, &error);
    if (options == NULL)
        return report (error, 2);
    if (options->help) {
        g_autofree char *help = vireo_xml_options_help ();
        g_print ("%s", help);
        return 0;
    }
    if (options->version) {
        g_print ("%s\n", VIREO_VERSION);
        return 0;
    }
    if (options->listing) {
        g_print ("%s\n", options->listing);
        return 0;
    }
    if (!vireo_xml_options_check (options, &error))
        return report (error, 2);

    run.options = options;
    if (options->domain == NULL && !options->build_xml) {
        if (isatty (STDIN_FILENO)) {
            error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID, "%s",
                                 _("Name a VM, or give its XML on standard input."));
            return report (error, 2);
        }
        if (options->confirm || options->update) {
            error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID, "%s",
                                 options->confirm
                                 ? _("--confirm cannot be used with XML on standard input.")
                                 : _("--update cannot be used with XML on standard input."));
            return report (error, 2);
        }
        run.stdin_xml = read_stdin (&error);
        if (run.stdin_xml == NULL)
            return report (error, 1);
        for (text = run.stdin_xml; g_ascii_isspace (*text); text++)
            ;
        if (*text == '\0') {
            g_clear_pointer (&run.stdin_xml, g_free);
            error = g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID, "%s",
                                 _("Standard input is empty: name a VM, or give its XML on "
                                   "standard input."));
            return report (error, 2);
        }
    }
    /* virt-xml's defaults: save unless told not to or asked to print; XML
     * from standard input is printed unless --define is given. */
    if (!options->print_xml && !options->print_diff) {
        if (run.stdin_xml) {
            if (options->define != 1)
                options->print_xml = TRUE;
        } else if (options->define < 0) {
            options->define = 1;
        }
    }
    if (options->define < 0)
        options->define = 0;
    if (options->confirm && !options->print_xml)
        options->print_diff = TRUE;

    run.uri = vireo_uri_resolve_default (options->connect);
    status = work (&run);
    run_clear (&run);
    return status;
}
