/* vireo-install-cli.c: vireo-install's work, behind a tiny main()
 *
 * The steps: read the command line; find the connection (or, when the
 * embedded root is held by the manager, hand the request to it); then the
 * core's install plan (vireo-install-plan.h), the same the wizard uses,
 * chooses the OS, finds a --location's kernel and initrd, builds both XML
 * documents, checks the name, the disk paths and the space, and makes what
 * the VM needs (boot files, seed media, converted images, overlays); the
 * engine defines and starts it; then the console is shown and the install
 * waited for, as asked.  Any failure removes what was made.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-config.h"
#include "vireo-embed.h"
#include "vireo-event-loop.h"
#include "vireo-install-console.h"
#include "vireo-install-engine.h"
#include "vireo-install-handoff.h"
#include "vireo-install-location.h"
#include "vireo-install-options.h"
#include "vireo-install-plan.h"
#include "vireo-network.h"
#include "vireo-osinfo.h"
#include "vireo-storage.h"
#include "vireo-uri.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

typedef struct {
    VireoInstallOptions *options;   /* borrowed */
    VireoInstallSpec    *spec;      /* borrowed */
    char                *uri;
    char                *root;      /* embedded root, or NULL */
    GMainContext        *context;   /* the connection's, pushed while it is open */
    VireoConnection     *connection;    /* NULL when handing off */
    VireoInstallHandoff *handoff;
    gboolean             making;    /* not --print-xml / --dry-run */
    char                *pool_dir;
    VireoInstallPlan    *plan;
    char                *last_status;   /* the progress line printed last */
} Run;

typedef struct {
    GMainLoop   *loop;
    VireoDomain *domain;
    VireoDomain *after;         /* the VM once the install ended */
    GError      *error;
    gboolean     done;
    gboolean     complete_pending;
    gboolean     console_open;
    gboolean     viewer_running;
} Waiter;

typedef enum {
    CONSOLE_NONE,
    CONSOLE_TEXT,
    CONSOLE_GRAPHICAL,
} ConsoleKind;

/* ---------------------------------------------------------------- helpers */

static int
report (GError *error, int status)
{
    g_printerr ("vireo-install: %s\n", error->message);
    g_error_free (error);
    return status;
}

static void
run_clear (Run *run)
{
    g_free (run->uri);
    g_free (run->root);
    if (run->connection != NULL)
        vireo_connection_close (run->connection);
    g_clear_object (&run->connection);
    if (run->context != NULL)
        g_main_context_pop_thread_default (run->context);
    g_clear_pointer (&run->context, g_main_context_unref);
    g_clear_pointer (&run->handoff, vireo_install_handoff_free);
    g_free (run->pool_dir);
    g_clear_object (&run->plan);
    g_free (run->last_status);
}

/* Removes every file this run made (on failure). */
static void
remove_made (Run *run)
{
    if (run->plan)
        vireo_install_plan_remove_made (run->plan);
}

/* The plan's steps, one line each (not each percent of a conversion). */
static void
print_progress (const char *status,
                double      fraction,
                gpointer    user_data)
{
    Run *run = user_data;

    if (g_strcmp0 (status, run->last_status) == 0)
        return;
    g_free (run->last_status);
    run->last_status = g_strdup (status);
    g_print ("%s\n", status);
}

/* The install phase's XML (with its files listed once they are made), or
 * NULL; and the lasting XML. */
static const char *
install_xml (Run *run)
{
    return vireo_install_plan_get_marked_install_xml (run->plan);
}

static const char *
final_xml (Run *run)
{
    return vireo_install_plan_get_final_xml (run->plan);
}

/* Where new disks go: the embedded root's images, else the directory of
 * libvirt's pool "default", else libvirt's usual place. */
static char *
pool_directory (Run *run)
{
    VireoStorage *storage = run->connection ? vireo_connection_get_storage (run->connection)
                                            : NULL;
    g_autoptr(GPtrArray) pools = NULL;

    if (run->root)
        return vireo_embed_images_dir (run->root);
    pools = storage ? vireo_storage_list_pools (storage, NULL) : NULL;
    for (guint i = 0; pools && i < pools->len; i++) {
        VireoStoragePoolInfo *pool = pools->pdata[i];
        if (g_str_equal (pool->name, "default") && pool->path)
            return g_strdup (pool->path);
    }
    if (g_str_has_suffix (run->uri, "/session"))
        return g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL);
    return g_strdup ("/var/lib/libvirt/images");
}

/* Whether the host has libvirt's virtual network "default". */
static gboolean
has_default_network (Run *run)
{
    VireoNetwork *network = vireo_connection_get_network (run->connection);
    g_autoptr(VireoNetworkSource) source = NULL;

    source = network ? vireo_network_default_source (network, NULL) : NULL;
    return source && source->type == VIREO_NETWORK_SOURCE_NETWORK &&
           g_strcmp0 (source->name, "default") == 0;
}

/* ----------------------------------------------------------- the host */

/* Opens the connection on a context of its own, kept as the thread's
 * default while it is open (its signals come there, and the install waits
 * there); or, when the manager holds the embedded root, the handoff. */
static gboolean
host_open (Run *run, GError **error)
{
    g_autoptr(GError) held = NULL;

    vireo_vmm_silence_libvirt_errors ();
    if (vireo_embed_uri_get_root (run->uri, &run->root)) {
        if (!vireo_embed_prepare_root (run->root, error))
            return FALSE;
        if (!vireo_embed_check_free (run->root, &held)) {
            if (!g_error_matches (held, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD)) {
                g_propagate_error (error, g_steal_pointer (&held));
                return FALSE;
            }
            run->handoff = vireo_install_handoff_new (run->uri, held, error);
            return run->handoff != NULL;
        }
    }
    run->context = g_main_context_new ();
    g_main_context_push_thread_default (run->context);
    run->connection = vireo_connection_new (run->uri);
    return vireo_connection_open (run->connection, NULL, error);
}

static char *
host_capabilities (Run *run, GError **error)
{
    if (run->handoff)
        return vireo_install_handoff_capabilities (run->handoff, NULL, NULL, NULL, NULL, NULL,
                                                   error);
    return vireo_connection_dup_capabilities (run->connection, NULL, error);
}

static char *
host_domain_capabilities (Run *run)
{
    VireoDomainConfig *c = vireo_install_plan_get_config (run->plan);
    g_autofree char *caps = NULL;
    char *domcaps = NULL;

    if (run->handoff) {
        caps = vireo_install_handoff_capabilities (
            run->handoff, vireo_domain_config_get_emulator (c), vireo_domain_config_get_arch (c),
            vireo_domain_config_get_machine (c), vireo_domain_config_get_virt_type (c), &domcaps,
            NULL);
        return domcaps;
    }
    return vireo_connection_dup_domain_capabilities (run->connection,
                                                     vireo_domain_config_get_emulator (c),
                                                     vireo_domain_config_get_arch (c),
                                                     vireo_domain_config_get_machine (c),
                                                     vireo_domain_config_get_virt_type (c),
                                                     NULL, NULL);
}

/* name → XML of every VM of the connection. */
static GHashTable *
host_domains (Run *run, GError **error)
{
    if (run->handoff)
        return vireo_install_handoff_domains (run->handoff, error);
    return vireo_connection_list_domain_xml (run->connection, NULL, error);
}

/* --------------------------------------------------------- checking */

static gboolean
check_media (VireoInstallSpec *spec, GError **error)
{
    const char *media = spec->method == VIREO_INSTALL_METHOD_CDROM ? spec->cdrom : NULL;

    if (media && access (media, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The install media “%s” does not exist or cannot be read."), media);
        return FALSE;
    }
    for (guint i = 0; i < spec->disks->len; i++) {
        VireoInstallDisk *disk = spec->disks->pdata[i];
        if (disk->path && disk->size_gib <= 0 && access (disk->path, R_OK) != 0) {
            g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                         _("The disk “%s” does not exist or cannot be read; give size= to "
                           "create it."), disk->path);
            return FALSE;
        }
    }
    if (spec->kernel && access (spec->kernel, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The kernel “%s” does not exist or cannot be read."), spec->kernel);
        return FALSE;
    }
    if (spec->initrd && access (spec->initrd, R_OK) != 0) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The initrd “%s” does not exist or cannot be read."), spec->initrd);
        return FALSE;
    }
    return TRUE;
}

/* ------------------------------------------------------------- waiting */

static void
engine_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Waiter *wait = user_data;

    wait->domain = vireo_install_engine_run_finish (VIREO_CONNECTION (source), result,
                                                    &wait->error);
    g_main_loop_quit (wait->loop);
}

static void
complete_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Waiter *wait = user_data;

    wait->complete_pending = FALSE;
    g_clear_object (&wait->after);
    vireo_install_engine_complete_finish (VIREO_DOMAIN (source), result, &wait->done,
                                          &wait->after, &wait->error);
    g_main_loop_quit (wait->loop);
}

static gboolean
console_closed_cb (gpointer user_data)
{
    Waiter *wait = user_data;

    wait->console_open = FALSE;
    if (!wait->complete_pending)
        g_main_loop_quit (wait->loop);
    return G_SOURCE_REMOVE;
}

static void
viewer_exited_cb (GPid pid, int status, gpointer user_data)
{
    Waiter *wait = user_data;

    g_spawn_close_pid (pid);
    wait->viewer_running = FALSE;
    g_main_loop_quit (wait->loop);
}

static gboolean
has_graphics (const char *xml)
{
    return xml && strstr (xml, "<graphics ") != NULL;
}

/* Graphics a viewer can show: SPICE or VNC. */
static gboolean
has_viewable_graphics (const char *xml)
{
    return xml && (strstr (xml, "<graphics type=\"spice\"") ||
                   strstr (xml, "<graphics type=\"vnc\""));
}

/* What --autoconsole means for this VM, decided as virt-install does.
 * *@wait_forever is set when the default found no console to start: then
 * vireo-install waits for the install as with --wait -1. */
static ConsoleKind
choose_console (Run *run, char **viewer, gboolean *wait_forever)
{
    VireoInstallSpec *spec = run->spec;
    const char *xml = install_xml (run) ? install_xml (run) : final_xml (run);
    gboolean is_default = spec->console_kind == VIREO_INSTALL_CONSOLE_DEFAULT;

    *viewer = NULL;
    *wait_forever = FALSE;
    /* --wait 0 is --noautoconsole, as with virt-install. */
    if (spec->autoconsole == VIREO_TRISTATE_OFF || (spec->wait_set && spec->wait_minutes == 0))
        return CONSOLE_NONE;
    if (spec->console_kind == VIREO_INSTALL_CONSOLE_TEXT)
        return CONSOLE_TEXT;
    if (is_default && (spec->cloud_init || !has_graphics (xml))) {
        /* The terminal shows the console; without one there is nothing to
         * attach it to. */
        return isatty (STDIN_FILENO) && isatty (STDOUT_FILENO) ? CONSOLE_TEXT : CONSOLE_NONE;
    }
    if (is_default && !has_viewable_graphics (xml)) {
        *wait_forever = TRUE;
        return CONSOLE_NONE;
    }
    if (is_default && !g_getenv ("DISPLAY") && !g_getenv ("WAYLAND_DISPLAY")) {
        if (!run->options->quiet)
            g_printerr ("vireo-install: %s\n", _("The VM has graphics but there is no display "
                                                 "(DISPLAY is not set), so no viewer is "
                                                 "started."));
        *wait_forever = TRUE;
        return CONSOLE_NONE;
    }
    *viewer = vireo_install_console_find_viewer ();
    if (*viewer == NULL) {
        g_printerr ("vireo-install: %s\n", _("No console viewer was found: install "
                                             "vireo-viewer, or name one with VIREO_VIEWER."));
        *wait_forever = is_default;
        return CONSOLE_NONE;
    }
    return CONSOLE_GRAPHICAL;
}

/* Starts the viewer on the VM @name (running; @domain is NULL when the
 * manager runs it); with @watch, its exit ends wait->viewer_running. */
static gboolean
start_viewer (Run *run, Waiter *wait, const char *name, VireoDomain *domain,
              const char *viewer, gboolean watch)
{
    /* When this process holds the embedded root, the viewer cannot open it:
     * it is given the display's address instead. */
    gboolean own_root = run->root != NULL && run->handoff == NULL;
    g_autofree char *live = NULL;
    g_auto(GStrv) args = NULL;
    g_autofree char *shown = NULL;
    g_autoptr(GError) error = NULL;
    GPid pid = 0;

    if (own_root && domain)
        live = vireo_domain_dup_xml (domain, 0, NULL, NULL);
    args = vireo_install_console_viewer_args (run->uri, name, live, own_root);
    if (args == NULL) {
        g_printerr ("vireo-install: %s\n", _("The VM's display cannot be reached by a viewer "
                                             "from here."));
        return FALSE;
    }
    shown = g_strjoinv (" ", args);
    if (!run->options->quiet)
        g_print (_("Running the graphical console: %s %s\n"), viewer, shown);
    if (!vireo_install_console_spawn_viewer (viewer, (const char * const *) args,
                                             watch ? &pid : NULL, &error)) {
        g_printerr ("vireo-install: %s\n", error->message);
        return FALSE;
    }
    if (watch) {
        /* On the context the waiting loop runs. */
        g_autoptr(GSource) source = g_child_watch_source_new (pid);
        g_source_set_callback (source, (GSourceFunc) (void (*) (void)) viewer_exited_cb, wait,
                               NULL);
        g_source_attach (source, g_main_context_get_thread_default ());
        wait->viewer_running = TRUE;
    }
    return TRUE;
}

static void
wait_for_viewer (Waiter *wait)
{
    while (wait->viewer_running)
        g_main_loop_run (wait->loop);
}

/* virt-install's way without --wait: the viewer closed; when the VM went
 * down, the install ended: the lasting configuration boots, with its
 * console; else the install goes on without us. */
static int
after_viewer (Run *run, Waiter *wait, const char *viewer)
{
    VireoInstallSpec *spec = run->spec;
    const char *name = vireo_domain_get_name (wait->domain);

    if (install_xml (run) == NULL) {
        if (!run->options->quiet)
            g_print (_("Domain “%s” is %s.\n"), name,
                     spec->transient ? _("created") : _("defined"));
        return 0;
    }
    /* The viewer often closes because QEMU closed the display on its way
     * out, before libvirt has reported the VM's end: up to five seconds for
     * that event (two were too few on a loaded machine). */
    wait->complete_pending = TRUE;
    vireo_install_engine_complete_async (wait->domain, final_xml (run), spec->transient,
                                         spec->noreboot, 5000, NULL, complete_cb, wait);
    while (wait->complete_pending)
        g_main_loop_run (wait->loop);
    if (wait->error)
        return report (g_steal_pointer (&wait->error), 1);
    if (!wait->done) {
        if (!run->options->quiet)
            g_print (_("The VM “%s” is still running, so its installation may be in progress; "
                       "reconnect to its console to complete it.\n"), name);
        return 0;
    }
    if (!run->options->quiet)
        g_print (_("The installation of “%s” finished; %s\n"), name,
                 spec->noreboot ? _("the VM stays off (it boots from its disk when started).")
                                : _("the VM now boots from its disk."));
    if (!spec->noreboot && wait->after &&
        start_viewer (run, wait, name, wait->after, viewer, TRUE))
        wait_for_viewer (wait);
    return 0;
}

/* After the VM started: the console and the wait, as asked. */
static int
follow (Run *run, Waiter *wait)
{
    VireoInstallSpec *spec = run->spec;
    g_autofree char *viewer = NULL;
    gboolean wait_forever = FALSE;
    ConsoleKind kind = choose_console (run, &viewer, &wait_forever);
    const char *name = vireo_domain_get_name (wait->domain);
    int wait_ms;
    VireoInstallConsole *console = NULL;
    g_autoptr(GError) error = NULL;

    if (spec->wait_set)
        wait_ms = spec->wait_minutes < 0 ? -1 : spec->wait_minutes * 60000;
    else if (wait_forever || kind == CONSOLE_TEXT)
        wait_ms = -1;
    else
        wait_ms = 0;
    if (wait_forever && !spec->wait_set && install_xml (run) && !run->options->quiet)
        g_printerr ("vireo-install: %s\n", _("No console to start for the VM: waiting for the "
                                             "installation to complete, as with --wait -1."));

    if (kind == CONSOLE_GRAPHICAL) {
        /* Without --wait, virt-install waits for the viewer to close. */
        if (start_viewer (run, wait, name, wait->domain, viewer, !spec->wait_set) &&
            !spec->wait_set) {
            wait_for_viewer (wait);
            return after_viewer (run, wait, viewer);
        }
    } else if (kind == CONSOLE_TEXT) {
        console = vireo_install_console_open (wait->domain, console_closed_cb, wait, &error);
        if (console == NULL) {
            g_printerr ("vireo-install: %s\n", error->message);
            g_clear_error (&error);
        }
        wait->console_open = console != NULL;
    }
    if (install_xml (run) && wait_ms != 0) {
        if (!run->options->quiet && !wait->console_open) {
            if (wait_ms < 0)
                g_print (_("Waiting for the installation to complete.\n"));
            else
                g_print (g_dngettext (GETTEXT_PACKAGE,
                                      "Waiting %d minute for the installation to complete.\n",
                                      "Waiting %d minutes for the installation to complete.\n",
                                      (gulong) spec->wait_minutes),
                         spec->wait_minutes);
        }
        wait->complete_pending = TRUE;
        vireo_install_engine_complete_async (wait->domain, final_xml (run), spec->transient,
                                             spec->noreboot, wait_ms, NULL, complete_cb, wait);
        while (wait->complete_pending)
            g_main_loop_run (wait->loop);
        vireo_install_console_close (console);
        if (wait->error)
            return report (g_steal_pointer (&wait->error), 1);
        if (!wait->done) {
            g_printerr ("vireo-install: %s\n",
                        _("The installation is still running after the time --wait allowed; "
                          "the VM goes on installing."));
            return 1;
        }
        /* The engine removed the install files (the lasting configuration
         * refers to none of them). */
        if (!run->options->quiet) {
            if (spec->noreboot)
                g_print (_("The installation of “%s” finished; the VM stays off (it boots "
                           "from its disk when started).\n"), name);
            else
                g_print (_("The installation of “%s” finished; the VM now boots from its "
                           "disk.\n"), name);
        }
        return 0;
    }
    if (console) {
        /* One-phase VM (import, PXE, kernel): the console until it ends. */
        while (wait->console_open)
            g_main_loop_run (wait->loop);
        vireo_install_console_close (console);
    }
    if (!run->options->quiet)
        g_print (_("Domain “%s” is %s and running.\n"), name,
                 spec->transient ? _("created") : _("defined"));
    return 0;
}

static int
install_direct (Run *run)
{
    Waiter wait = { 0 };
    int status;

    wait.loop = g_main_loop_new (run->context, FALSE);
    vireo_install_engine_run_async (run->connection, run->spec,
                                    install_xml (run) ? install_xml (run) : final_xml (run),
                                    install_xml (run) ? final_xml (run) : NULL,
                                    vireo_install_plan_get_engine_volumes (run->plan), NULL,
                                    engine_cb, &wait);
    g_main_loop_run (wait.loop);
    if (wait.error) {
        remove_made (run);
        status = report (wait.error, 1);
    } else {
        status = follow (run, &wait);
    }
    g_clear_object (&wait.domain);
    g_clear_object (&wait.after);
    g_main_loop_unref (wait.loop);
    return status;
}

/* The manager holds the root: the disks are made here, the VM there. */
static int
install_handoff (Run *run)
{
    g_autofree char *uuid = NULL;
    g_autofree char *viewer = NULL;
    gboolean wait_forever = FALSE;
    ConsoleKind kind;
    GError *error = NULL;

    uuid = vireo_install_handoff_install (run->handoff, run->spec->name,
                                          install_xml (run) ? install_xml (run) : final_xml (run),
                                          install_xml (run) ? final_xml (run) : NULL,
                                          run->spec->noreboot, run->spec->autostart,
                                          run->spec->transient, &error);
    if (uuid == NULL) {
        remove_made (run);
        return report (error, 1);
    }
    if (!run->options->quiet)
        g_print (_("Domain “%s” (%s) is defined and running in the Vireo that holds %s.\n"),
                 run->spec->name, uuid, run->root);
    /* The viewer hands itself to the manager as well; without --wait it is
     * waited for, as virt-install waits for virt-viewer. */
    kind = choose_console (run, &viewer, &wait_forever);
    if (kind == CONSOLE_GRAPHICAL) {
        Waiter wait = { 0 };

        wait.loop = g_main_loop_new (NULL, FALSE);
        if (start_viewer (run, &wait, run->spec->name, NULL, viewer, !run->spec->wait_set))
            wait_for_viewer (&wait);
        g_main_loop_unref (wait.loop);
    } else if (kind == CONSOLE_TEXT) {
        g_printerr ("vireo-install: %s\n", _("The manager runs the VM, so its text console is "
                                             "shown there (or with vireo-viewer --connect), "
                                             "not in this terminal."));
    }
    /* The manager boots the lasting configuration; --wait waits for it. */
    if (install_xml (run) && ((run->spec->wait_set && run->spec->wait_minutes != 0) ||
                             (wait_forever && !run->spec->wait_set))) {
        gboolean done = FALSE;
        if (!vireo_install_handoff_wait_ended (run->handoff, uuid,
                                               !run->spec->wait_set || run->spec->wait_minutes < 0
                                               ? -1 : run->spec->wait_minutes * 60000,
                                               &done, &error))
            return report (error, 1);
        if (!done) {
            g_printerr ("vireo-install: %s\n",
                        _("The installation is still running after the time --wait allowed; "
                          "the VM goes on installing."));
            return 1;
        }
        if (!run->options->quiet)
            g_print (_("The installation of “%s” finished.\n"), run->spec->name);
    }
    return 0;
}

/* ---------------------------------------------------------- the steps */

static int
prepare_and_install (Run *run)
{
    VireoInstallSpec *spec = run->spec;
    g_autofree char *caps = NULL;
    g_autofree char *domcaps = NULL;
    g_autoptr(GHashTable) domains = NULL;
    GError *error = NULL;

    if (!host_open (run, &error))
        return report (error, 1);
    caps = host_capabilities (run, &error);
    if (caps == NULL)
        return report (error, 1);

    run->pool_dir = pool_directory (run);
    run->plan = vireo_install_plan_new (spec, run->uri);
    vireo_install_plan_set_pool_directory (run->plan, run->pool_dir);
    vireo_install_plan_set_making (run->plan, run->making);
    /* When the manager holds the embedded root, the disks are made here and
     * the VM there. */
    vireo_install_plan_set_make_volumes (run->plan, run->handoff != NULL);
    if (run->connection && g_str_has_prefix (run->uri, "qemu") &&
        g_str_has_suffix (run->uri, "/system") && has_default_network (run))
        vireo_install_plan_set_default_network (run->plan, "default");
    if (!run->options->quiet)
        vireo_install_plan_set_progress_func (run->plan, print_progress, run);
    if (!vireo_install_plan_resolve (run->plan, caps, NULL, &error))
        return report (error, 1);
    domcaps = host_domain_capabilities (run);
    if (!vireo_install_plan_prepare (run->plan, domcaps, NULL, &error)) {
        remove_made (run);
        return report (error, 1);
    }
    if (vireo_install_plan_get_generated_admin_password (run->plan))
        g_print (_("The generated administrator password of the install is: %s\n"),
                 vireo_install_plan_get_generated_admin_password (run->plan));
    if (vireo_install_plan_get_generated_root_password (run->plan))
        g_print (_("The generated root password is: %s\n"),
                 vireo_install_plan_get_generated_root_password (run->plan));
    if (run->options->print_xml) {
        if (install_xml (run) && run->options->print_xml_step != 2)
            g_print ("%s", install_xml (run));
        if (run->options->print_xml_step != 1 || install_xml (run) == NULL)
            g_print ("%s", final_xml (run));
        return 0;
    }
    domains = host_domains (run, &error);
    if (domains == NULL || !vireo_install_plan_check (run->plan, domains, &error)) {
        remove_made (run);
        return report (error, 1);
    }
    if (run->options->dry_run) {
        if (!run->options->quiet)
            g_print ("%s\n", _("Dry run completed successfully."));
        return 0;
    }
    if (!vireo_install_plan_make (run->plan, NULL, &error)) {
        remove_made (run);
        return report (error, 1);
    }
    return run->handoff ? install_handoff (run) : install_direct (run);
}

int
vireo_install_cli_run (int argc, char **argv)
{
    g_autoptr(VireoInstallOptions) options = NULL;
    Run run = { 0 };
    GError *error = NULL;
    int status;

    options = vireo_install_options_parse (argc, (const char * const *) argv, &error);
    if (options == NULL)
        return report (error, 2);
    if (options->help) {
        g_autofree char *help = vireo_install_options_help ();
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
    if (options->osinfo_list) {
        g_autofree char *list = vireo_osinfo_list ();
        g_print ("%s", list);
        return 0;
    }
    if (!vireo_install_options_check (options, &error))
        return report (error, 2);
    if (!options->print_xml && !check_media (options->spec, &error))
        return report (error, 1);

    run.options = options;
    run.spec = options->spec;
    run.making = !options->print_xml && !options->dry_run;
    run.uri = vireo_uri_resolve_default (options->connect);
    status = prepare_and_install (&run);
    run_clear (&run);
    return status;
}
