/* vireo-clone-cli.c: vireo-clone's work, behind a tiny main()
 *
 * The steps, as virt-clone takes them: read the command line; find the
 * original (shut off) or read its XML; make the plan with the core's
 * VireoDomainClone (the same the clone dialog uses): disks forced or
 * skipped, data preserved, the name, MACs and paths given or made; print
 * the XML with --print-xml; else make the clone, showing the bytes copied,
 * and stop cleanly on Ctrl+C (nothing is left behind).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-clone-cli.h"

#include <stdio.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "vireo-cli-grammar.h"
#include "vireo-clone-options.h"
#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-clone.h"
#include "vireo-progress.h"
#include "vireo-uri.h"
#include "vireo-vmm-error.h"

typedef struct {
    VireoCloneOptions *options;     /* borrowed */
    VireoConnection   *connection;
    VireoDomainClone  *clone;
    GMainLoop         *loop;
    GCancellable      *cancellable;
    GError            *error;
    gboolean           tty;
    gboolean           shown;       /* a progress line is on the terminal */
} Run;

/* ---------------------------------------------------------------- helpers */

static int
report (GError *error, int status)
{
    g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; lines[i]; i++) {
        g_strstrip (lines[i]);
        if (*lines[i] == '\0')
            continue;
        if (text->len > 0)
            g_string_append (text, text->str[text->len - 1] == ':' ? " " : "; ");
        g_string_append (text, lines[i]);
    }
    g_printerr ("vireo-clone: %s\n", text->str);
    g_error_free (error);
    return status;
}

static void
run_clear (Run *run)
{
    g_clear_object (&run->clone);
    if (run->connection)
        vireo_connection_close (run->connection);
    g_clear_object (&run->connection);
    g_clear_pointer (&run->loop, g_main_loop_unref);
    g_clear_object (&run->cancellable);
    g_clear_error (&run->error);
}

static char *
read_file (const char *path, GError **error)
{
    g_autoptr(GError) local = NULL;
    char *contents = NULL;

    if (!g_file_get_contents (path, &contents, NULL, &local)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The XML file %s could not be read: %s"), path, local->message);
        return NULL;
    }
    return contents;
}

/* ------------------------------------------------------------- the plan */

static gboolean
make_plan (Run *run, GError **error)
{
    VireoCloneOptions *o = run->options;
    VireoDomainClone *clone;
    guint next_file = 0;

    if (o->original) {
        VireoDomain *domain = vireo_connection_find_domain (run->connection, o->original);

        if (domain == NULL) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("The domain “%s” was not found on “%s”."), o->original,
                         vireo_connection_get_uri (run->connection));
            return FALSE;
        }
        run->clone = vireo_domain_clone_new_for_domain (domain, NULL, error);
    } else {
        g_autofree char *xml = read_file (o->original_xml, error);

        if (xml == NULL)
            return FALSE;
        run->clone = vireo_domain_clone_new_for_xml (run->connection, xml, NULL, error);
    }
    if (run->clone == NULL)
        return FALSE;
    clone = run->clone;

    vireo_domain_clone_set_replace (clone, o->replace);
    vireo_domain_clone_set_reflink (clone, o->reflink);
    vireo_domain_clone_set_sparse (clone, !o->nonsparse);
    if (o->uuid)
        vireo_domain_clone_set_uuid (clone, o->uuid);
    if (o->nvram)
        vireo_domain_clone_set_nvram_path (clone, o->nvram);
    for (guint i = 0; i < vireo_domain_clone_get_n_disks (clone); i++) {
        const char *target = vireo_domain_clone_get_disk_target (clone, i);

        for (guint j = 0; j < o->force_copy->len; j++) {
            if (g_strcmp0 (target, o->force_copy->pdata[j]) == 0)
                vireo_domain_clone_set_disk_action (clone, i, VIREO_CLONE_DISK_COPY, NULL);
        }
        for (guint j = 0; j < o->skip_copy->len; j++) {
            if (g_strcmp0 (target, o->skip_copy->pdata[j]) == 0)
                vireo_domain_clone_set_disk_action (clone, i, VIREO_CLONE_DISK_SHARE, NULL);
        }
        if (o->preserve_data &&
            vireo_domain_clone_get_disk_action (clone, i) != VIREO_CLONE_DISK_SHARE)
            vireo_domain_clone_set_disk_action (clone, i, VIREO_CLONE_DISK_PRESERVE, NULL);
    }

    if (o->name)
        vireo_domain_clone_set_name (clone, o->name);
    else if (!o->auto_clone)
        return vireo_cli_error (error, _("A name is required for the new virtual machine: "
                                        "give it with --name NEW_VM_NAME, or use "
                                        "--auto-clone."));
    if (o->macs->len > 0) {
        g_ptr_array_add (o->macs, NULL);
        if (!vireo_domain_clone_set_macs (clone, (const char *const *) o->macs->pdata, error))
            return FALSE;
    }
    for (guint i = 0; i < vireo_domain_clone_get_n_disks (clone); i++) {
        if (vireo_domain_clone_get_disk_action (clone, i) == VIREO_CLONE_DISK_SHARE)
            continue;
        if (next_file < o->files->len) {
            vireo_domain_clone_set_disk_path (clone, i, o->files->pdata[next_file++]);
            continue;
        }
        if (o->auto_clone)
            break;
        return vireo_cli_error (error, _("No --file is given for the disk %s: give one --file "
                                        "for each disk to copy, or use --auto-clone."),
                               vireo_domain_clone_get_disk_target (clone, i));
    }
    if (o->linked) {
        vireo_domain_clone_set_linked (clone, TRUE);
        for (guint i = 0; i < vireo_domain_clone_get_n_disks (clone); i++) {
            if (vireo_domain_clone_get_disk_action (clone, i) == VIREO_CLONE_DISK_COPY)
                return vireo_domain_clone_set_disk_action (clone, i, VIREO_CLONE_DISK_LINK,
                                                           error);
        }
    }
    {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, o->checks);
        while (g_hash_table_iter_next (&iter, &key, &value))
            vireo_domain_clone_set_check (clone, key, g_str_equal (value, "on"));
    }
    return vireo_domain_clone_prepare (clone, error);
}

/* ------------------------------------------------------------- the work */

static void
progress_cb (VireoProgress *progress, Run *run)
{
    g_autofree char *text = vireo_progress_dup_text (progress);
    g_autofree char *done = g_format_size (vireo_progress_get_done (progress));
    g_autofree char *total = g_format_size (vireo_progress_get_total (progress));

    if (run->options->quiet || !run->tty || text == NULL)
        return;
    g_printerr ("\r\033[K%s: %s of %s", text, done, total);
    run->shown = TRUE;
}

static gboolean
interrupt_cb (gpointer user_data)
{
    Run *run = user_data;

    g_cancellable_cancel (run->cancellable);
    return G_SOURCE_CONTINUE;
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Run *run = user_data;

    vireo_domain_clone_run_finish (VIREO_DOMAIN_CLONE (source), result, &run->error);
    g_main_loop_quit (run->loop);
}

static int
make_clone (Run *run)
{
    g_autoptr(VireoProgress) progress = vireo_progress_new ();
    guint sigint, sigterm;
    const char *name = vireo_domain_clone_get_name (run->clone);

    run->tty = isatty (STDERR_FILENO);
    run->loop = g_main_loop_new (NULL, FALSE);
    run->cancellable = g_cancellable_new ();
    g_signal_connect (progress, "changed", G_CALLBACK (progress_cb), run);
    sigint = g_unix_signal_add (SIGINT, interrupt_cb, run);
    sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, run);
    vireo_domain_clone_run_async (run->clone, progress, run->cancellable, run_done_cb, run);
    g_main_loop_run (run->loop);
    g_source_remove (sigint);
    g_source_remove (sigterm);
    if (run->shown)
        g_printerr ("\n");
    if (run->error != NULL) {
        GError *error = g_steal_pointer (&run->error);

        if (vireo_error_is_cancelled (error)) {
            g_clear_error (&error);
            error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The clone was stopped; nothing of it is left."));
        }
        return report (error, 1);
    }
    if (!run->options->quiet)
        g_print (_("Clone “%s” created successfully.\n"), name);
    return 0;
}

static int
work (Run *run, const char *uri)
{
    VireoCloneOptions *o = run->options;
    const char *const *warnings;
    GError *error = NULL;

    run->connection = vireo_connection_new (uri);
    if (!vireo_connection_open (run->connection, NULL, &error))
        return report (error, 1);
    if (!make_plan (run, &error))
        return report (error, 1);
    warnings = vireo_domain_clone_get_warnings (run->clone);
    for (guint i = 0; warnings && warnings[i]; i++) {
        if (!o->quiet || o->print_xml)
            g_printerr ("vireo-clone: %s\n", warnings[i]);
    }
    if (o->print_xml) {
        g_autofree char *xml = vireo_domain_clone_dup_xml (run->clone);

        g_print ("%s", xml);
        return 0;
    }
    return make_clone (run);
}

int
vireo_clone_cli_run (int argc, char **argv)
{
    g_autoptr(VireoCloneOptions) options = NULL;
    g_autofree char *uri = NULL;
    Run run = { 0 };
    GError *error = NULL;
    int status;

    options = vireo_clone_options_parse (argc, (const char * const *) argv, &error);
    if (options == NULL)
        return report (error, 2);
    if (options->help) {
        g_autofree char *help = vireo_clone_options_help ();
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
    if (!vireo_clone_options_check (options, &error))
        return report (error, 2);

    run.options = options;
    uri = vireo_uri_resolve_default (options->connect);
    status = work (&run, uri);
    run_clear (&run);
    return status;
}
