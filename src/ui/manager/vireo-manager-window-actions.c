/* vireo-manager-window-actions.c: the manager window's actions
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <string.h>

#include "vireo-clone-dialog.h"
#include "vireo-confirm-dialog.h"
#include "vireo-delete-dialog.h"
#include "vireo-migrate-dialog.h"
#include "vireo-move-dialog.h"
#include "vireo-manager-window-private.h"
#include "vireo-vm-window.h"

typedef struct {
    const char        *name;
    VireoDomainAction  action;
    int                confirm;        /* a VireoConfirmKind, or -1 */
    const char        *error_format;   /* "… “%s”: %s" with the VM's name and the reason */
} LifecycleAction;

static const LifecycleAction lifecycle_actions[] = {
    { "run",       VIREO_DOMAIN_ACTION_START,     -1,
      N_("Could not start “%s”: %s") },
    { "pause",     VIREO_DOMAIN_ACTION_PAUSE,     VIREO_CONFIRM_PAUSE,
      N_("Could not pause “%s”: %s") },
    { "resume",    VIREO_DOMAIN_ACTION_RESUME,    -1,
      N_("Could not resume “%s”: %s") },
    { "shutdown",  VIREO_DOMAIN_ACTION_SHUTDOWN,  -1,
      N_("Could not shut down “%s”: %s") },
    { "reboot",    VIREO_DOMAIN_ACTION_REBOOT,    -1,
      N_("Could not reboot “%s”: %s") },
    { "reset",     VIREO_DOMAIN_ACTION_RESET,     VIREO_CONFIRM_RESET,
      N_("Could not reset “%s”: %s") },
    { "force-off", VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_CONFIRM_FORCE_OFF,
      N_("Could not force off “%s”: %s") },
    { "save",      VIREO_DOMAIN_ACTION_SAVE,      -1,
      N_("Could not save “%s”: %s") },
};

static const char delete_error_format[] = N_("Could not delete “%s”: %s");

/* One action on several VMs: each runs on its own, a failure does not stop
 * the others, and once all have answered the failures are shown together,
 * each under its VM's name. */
typedef struct {
    VireoManagerWindow *window;         /* owned */
    const char         *error_format;
    guint               n_pending;
    GPtrArray          *failures;       /* char*, whole sentences */
} Batch;

static Batch *
batch_new (VireoManagerWindow *self,
           const char         *error_format)
{
    Batch *batch = g_new0 (Batch, 1);

    batch->window = g_object_ref (self);
    batch->error_format = error_format;
    batch->failures = g_ptr_array_new_with_free_func (g_free);
    return batch;
}

static void
batch_free (Batch *batch)
{
    g_clear_object (&batch->window);
    g_ptr_array_unref (batch->failures);
    g_free (batch);
}

typedef struct {
    Batch *batch;                       /* shared */
    char  *name;                        /* the VM's, when the call started */
} BatchCall;

static BatchCall *
batch_call_new (Batch       *batch,
                VireoDomain *domain)
{
    BatchCall *call = g_new0 (BatchCall, 1);

    call->batch = batch;
    call->name = g_strdup (vireo_domain_get_name (domain));
    batch->n_pending++;
    return call;
}

/* Takes @call; @error NULL for a success. */
static void
batch_call_done (BatchCall    *call,
                 const GError *error)
{
    Batch *batch = call->batch;
    VireoManagerWindow *self = batch->window;

    if (error != NULL && !vireo_error_is_cancelled (error)) {
        g_autofree char *quoted = g_strdup_printf ("“%s”", call->name);

        /* The core's sentences name the VM already ("Could not start “a”: …"). */
        if (strstr (error->message, quoted) != NULL) {
            g_ptr_array_add (batch->failures, g_strdup (error->message));
        } else {
            /* The formats are the fixed tables above, each with two %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            g_ptr_array_add (batch->failures,
                             g_strdup_printf (_(batch->error_format), call->name,
                                              error->message));
#pragma GCC diagnostic pop
        }
    }
    g_free (call->name);
    g_free (call);
    if (--batch->n_pending > 0)
        return;

    if (batch->failures->len > 0 && !g_cancellable_is_cancelled (self->cancellable)) {
        g_autofree char *message = NULL;

        g_ptr_array_add (batch->failures, NULL);
        message = g_strjoinv ("\n", (char **) batch->failures->pdata);
        vireo_manager_window_show_error (self, message);
    }
    batch_free (batch);
}

static void
run_action_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    vireo_domain_run_action_finish (VIREO_DOMAIN (source), result, &error);
    batch_call_done (user_data, error);
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    vireo_domain_delete_finish (VIREO_DOMAIN (source), result, &error);
    batch_call_done (user_data, error);
}

static GSettings *
window_settings (VireoManagerWindow *self)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

    return app != NULL ? vireo_application_get_settings (VIREO_APPLICATION (app)) : NULL;
}

static GStrv
domain_names (GPtrArray *domains)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; i < domains->len; i++)
        g_strv_builder_add (builder, vireo_domain_get_name (g_ptr_array_index (domains, i)));
    return g_strv_builder_end (builder);
}

static void
run_lifecycle (VireoManagerWindow    *self,
               const LifecycleAction *entry,
               GPtrArray             *domains)
{
    Batch *batch = batch_new (self, entry->error_format);

    /* Every call is started before any can answer. */
    batch->n_pending++;
    for (guint i = 0; i < domains->len; i++)
        vireo_domain_run_action_async (g_ptr_array_index (domains, i), entry->action,
                                       self->cancellable, run_action_cb,
                                       batch_call_new (batch, g_ptr_array_index (domains, i)));
    batch->n_pending--;
    if (batch->n_pending == 0)
        batch_free (batch);
}

typedef struct {
    VireoManagerWindow    *window;      /* owned */
    const LifecycleAction *entry;
    GPtrArray             *domains;     /* VireoDomain* (refs) */
} Confirmation;

static void
confirmation_free (Confirmation *confirmation)
{
    g_clear_object (&confirmation->window);
    g_ptr_array_unref (confirmation->domains);
    g_free (confirmation);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Confirmation, confirmation_free)

static void
lifecycle_confirmed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
    g_autoptr(Confirmation) confirmation = user_data;

    if (vireo_confirm_finish (result, NULL))
        run_lifecycle (confirmation->window, confirmation->entry, confirmation->domains);
}

static void
lifecycle_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    const char *name = g_action_get_name (G_ACTION (action));

    for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++) {
        const LifecycleAction *entry = &lifecycle_actions[i];
        g_autoptr(GPtrArray) domains = NULL;
        GSettings *settings = window_settings (self);
        Confirmation *confirmation;
        g_auto(GStrv) names = NULL;

        if (g_strcmp0 (entry->name, name) != 0)
            continue;
        /* The selected VMs this action applies to; the others are left be. */
        domains = _vireo_manager_window_dup_selected_domains (self, entry->action);
        if (domains->len == 0)
            return;
        if (entry->confirm < 0 || settings == NULL) {
            run_lifecycle (self, entry, domains);
            return;
        }
        confirmation = g_new0 (Confirmation, 1);
        confirmation->window = g_object_ref (self);
        confirmation->entry = entry;
        confirmation->domains = g_steal_pointer (&domains);
        names = domain_names (confirmation->domains);
        vireo_confirm_async (GTK_WINDOW (self), settings, entry->confirm,
                             (const char * const *) names, NULL, self->cancellable,
                             lifecycle_confirmed_cb, confirmation);
        return;
    }
}

static void
delete_domains (VireoManagerWindow *self,
                GPtrArray          *domains,
                VireoDeleteDialog  *dialog)
{
    Batch *batch = batch_new (self, delete_error_format);

    batch->n_pending++;
    for (guint i = 0; i < domains->len; i++) {
        VireoDomain *domain = g_ptr_array_index (domains, i);
        g_auto(GStrv) disks = NULL;

        /* Without the dialog, nothing chose any disk: they are kept. */
        disks = dialog != NULL ? vireo_delete_dialog_list_selected_disks_of (dialog, domain)
                               : g_new0 (char *, 1);
        vireo_domain_delete_async (domain,
                                   disks[0] != NULL ? VIREO_DOMAIN_DELETE_REMOVE_DISKS
                                                    : VIREO_DOMAIN_DELETE_NONE,
                                   (const char * const *) disks, self->cancellable,
                                   delete_cb, batch_call_new (batch, domain));
    }
    batch->n_pending--;
    if (batch->n_pending == 0)
        batch_free (batch);
}

static void
delete_dialog_response_cb (VireoManagerWindow *self,
                           int                 response,
                           VireoDeleteDialog  *dialog)
{
    if (response == GTK_RESPONSE_ACCEPT)
        delete_domains (self, vireo_delete_dialog_get_domains (dialog), dialog);
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
delete_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    g_autoptr(GPtrArray) domains = NULL;
    GSettings *settings = window_settings (self);
    GtkWidget *dialog;

    domains = _vireo_manager_window_dup_selected_domains (self, VIREO_DOMAIN_ACTION_DELETE);
    if (domains->len == 0)
        return;
    /* The confirmation is the dialog that chooses the disks to delete too. */
    if (settings != NULL && !vireo_confirm_is_wanted (settings, VIREO_CONFIRM_DELETE)) {
        delete_domains (self, domains, NULL);
        return;
    }
    dialog = vireo_delete_dialog_new_for_domains (GTK_WINDOW (self), domains);
    g_signal_connect_object (dialog, "response", G_CALLBACK (delete_dialog_response_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* Open, Details and Performance: the window of each selected VM, on that
 * view. */
static void
show_vm (VireoManagerWindow *self,
         VireoVmView         view)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    g_autoptr(GPtrArray) domains = NULL;

    if (app == NULL)
        return;
    domains = _vireo_manager_window_dup_selected_domains (self, -1);
    for (guint i = 0; i < domains->len; i++)
        vireo_vm_window_present (app, g_ptr_array_index (domains, i),
                                 vireo_application_get_settings (VIREO_APPLICATION (app)),
                                 view);
}

/* The one VM selected, or NULL (none, or several). */
static VireoDomain *
single_domain (VireoManagerWindow *self)
{
    return self->selected_domains->len == 1 ? g_ptr_array_index (self->selected_domains, 0)
                                            : NULL;
}

/* Clone…, Migrate…, Move to…: a dialog of the one VM selected; Snapshots…:
 * its VM window's Snapshots view. */
static void
domain_window_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    const char *name = g_action_get_name (G_ACTION (action));
    VireoDomain *domain = single_domain (self);
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    GPtrArray *connections = VIREO_IS_APPLICATION (app)
        ? vireo_application_get_connections (VIREO_APPLICATION (app)) : NULL;
    /* Tells the dialogs of connections added and removed meanwhile. */
    GObject *list_owner = VIREO_IS_APPLICATION (app) ? G_OBJECT (app) : NULL;
    GtkWidget *window;

    if (domain == NULL)
        return;
    if (g_str_equal (name, "snapshots")) {
        show_vm (self, VIREO_VM_VIEW_SNAPSHOTS);
        return;
    }
    if (g_str_equal (name, "clone"))
        window = vireo_clone_dialog_new (GTK_WINDOW (self), domain);
    else if (g_str_equal (name, "migrate"))
        window = vireo_migrate_dialog_new (GTK_WINDOW (self), domain, connections, list_owner);
    else
        window = vireo_move_dialog_new (GTK_WINDOW (self), domain, connections, list_owner);
    gtk_window_present (GTK_WINDOW (window));
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
    show_vm (user_data, VIREO_VM_VIEW_CONSOLE);
}

static void
details_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
    show_vm (user_data, VIREO_VM_VIEW_DETAILS);
}

static void
performance_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
    show_vm (user_data, VIREO_VM_VIEW_PERFORMANCE);
}

/* Ctrl+F: the search bar, its entry focused. */
static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
    VireoManagerWindow *self = user_data;

    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
connect_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
    VireoManagerWindow *self = user_data;

    if (self->selected_connection != NULL)
        vireo_manager_window_connect (self, self->selected_connection);
}

static void
disconnect_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
    VireoManagerWindow *self = user_data;

    if (self->selected_connection != NULL)
        vireo_connection_close (self->selected_connection);
}

static void
remove_connection_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    g_autoptr(VireoConnection) connection = NULL;

    if (self->selected_connection == NULL || app == NULL)
        return;
    connection = g_object_ref (self->selected_connection);
    vireo_application_remove_connection (VIREO_APPLICATION (app), connection);
}

/* The host window of the selected connection, or of the selected VM's. */
static void
connection_details_activated (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    VireoConnection *connection = self->selected_connection;

    if (self->selected_domains->len > 0)
        connection = vireo_domain_get_connection (g_ptr_array_index (self->selected_domains, 0));

    if (connection != NULL && app != NULL)
        vireo_application_show_host_window (VIREO_APPLICATION (app), connection);
}

/* F10, as in other GNOME applications: the main menu from the keyboard. */
static void
primary_menu_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    GtkToggleButton *button = GTK_TOGGLE_BUTTON (self->primary_menu_button);

    gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static const GActionEntry window_actions[] = {
    { "run",               lifecycle_activated },
    { "pause",             lifecycle_activated },
    { "resume",            lifecycle_activated },
    { "shutdown",          lifecycle_activated },
    { "reboot",            lifecycle_activated },
    { "reset",             lifecycle_activated },
    { "force-off",         lifecycle_activated },
    { "save",              lifecycle_activated },
    { "delete",            delete_activated },
    { "clone",             domain_window_activated },
    { "migrate",           domain_window_activated },
    { "move",              domain_window_activated },
    { "snapshots",         domain_window_activated },
    { "open",              open_activated },
    { "details",           details_activated },
    { "performance",       performance_activated },
    { "search",            search_activated },
    { "connect",           connect_activated },
    { "disconnect",        disconnect_activated },
    { "remove-connection", remove_connection_activated },
    { "connection-details", connection_details_activated },
    { "primary-menu",      primary_menu_activated },
};

static void
set_enabled (VireoManagerWindow *self,
             const char         *name,
             gboolean            enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

    /* The actions are gone while the window is being disposed. */
    if (action == NULL)
        return;
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_vireo_manager_window_init_actions (VireoManagerWindow *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                     G_N_ELEMENTS (window_actions), self);
    _vireo_manager_window_update_actions (self);
}

GPtrArray *
_vireo_manager_window_dup_selected_domains (VireoManagerWindow *self,
                                            int                 action)
{
    GPtrArray *domains = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < self->selected_domains->len; i++) {
        VireoDomain *domain = g_ptr_array_index (self->selected_domains, i);

        if (action < 0 || vireo_domain_can (domain, action))
            g_ptr_array_add (domains, g_object_ref (domain));
    }
    return domains;
}

static gboolean
any_selected_can (VireoManagerWindow *self,
                  VireoDomainAction   action)
{
    for (guint i = 0; i < self->selected_domains->len; i++)
        if (vireo_domain_can (g_ptr_array_index (self->selected_domains, i), action))
            return TRUE;
    return FALSE;
}

void
_vireo_manager_window_update_actions (VireoManagerWindow *self)
{
    VireoConnection *connection = self->selected_connection;
    VireoConnectionState state = VIREO_CONNECTION_STATE_DISCONNECTED;
    gboolean resume;

    g_assert (VIREO_IS_MANAGER_WINDOW (self));

    /* An action is there when it applies to one of the selected VMs at least;
     * it then acts on those it applies to. */
    for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++)
        set_enabled (self, lifecycle_actions[i].name,
                     any_selected_can (self, lifecycle_actions[i].action));
    set_enabled (self, "delete", any_selected_can (self, VIREO_DOMAIN_ACTION_DELETE));
    /* Clone and Move take one shut-off VM; Migrate one running, or shut off
     * (offline); Snapshots… one VM. */
    set_enabled (self, "clone", single_domain (self) != NULL &&
                 vireo_domain_get_state (single_domain (self)) == VIREO_DOMAIN_STATE_SHUTOFF);
    set_enabled (self, "move", single_domain (self) != NULL &&
                 vireo_domain_get_state (single_domain (self)) == VIREO_DOMAIN_STATE_SHUTOFF);
    set_enabled (self, "migrate", single_domain (self) != NULL);
    set_enabled (self, "snapshots", single_domain (self) != NULL);
    /* A console of a stopped VM waits for it to start. */
    set_enabled (self, "open", self->selected_domains->len > 0);
    set_enabled (self, "details", self->selected_domains->len > 0);
    set_enabled (self, "performance", self->selected_domains->len > 0);

    if (connection != NULL)
        state = vireo_connection_get_state (connection);
    set_enabled (self, "connect", connection != NULL &&
                 (state == VIREO_CONNECTION_STATE_DISCONNECTED ||
                  state == VIREO_CONNECTION_STATE_FAILED));
    set_enabled (self, "disconnect", connection != NULL &&
                 state == VIREO_CONNECTION_STATE_ACTIVE);
    set_enabled (self, "remove-connection", connection != NULL);
    set_enabled (self, "connection-details",
                 connection != NULL || self->selected_domains->len > 0);

    /* One button that follows the state: Pause, or Resume when the selection
     * has paused VMs and none to pause. */
    resume = !any_selected_can (self, VIREO_DOMAIN_ACTION_PAUSE) &&
             any_selected_can (self, VIREO_DOMAIN_ACTION_RESUME);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->pause_button),
                                    resume ? "win.resume" : "win.pause");
    gtk_image_set_from_icon_name (self->pause_image,
                                  resume ? "media-playback-start-symbolic"
                                         : "media-playback-pause-symbolic",
                                  GTK_ICON_SIZE_BUTTON);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                                 resume ? _("Resume the selected virtual machines")
                                        : _("Pause the selected virtual machines"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->pause_button)),
                         resume ? _("Resume") : _("Pause"));
}
