/* vireo-manager-window-actions.c: the manager window's actions
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-delete-dialog.h"
#include "vireo-manager-window-private.h"
#include "vireo-vm-window.h"

typedef struct {
    const char        *name;
    VireoDomainAction  action;
    const char        *error_format;   /* "… “%s”: %s" with the VM's name and the reason */
} LifecycleAction;

static const LifecycleAction lifecycle_actions[] = {
    { "run",       VIREO_DOMAIN_ACTION_START,     N_("Could not start “%s”: %s") },
    { "pause",     VIREO_DOMAIN_ACTION_PAUSE,     N_("Could not pause “%s”: %s") },
    { "resume",    VIREO_DOMAIN_ACTION_RESUME,    N_("Could not resume “%s”: %s") },
    { "shutdown",  VIREO_DOMAIN_ACTION_SHUTDOWN,  N_("Could not shut down “%s”: %s") },
    { "reboot",    VIREO_DOMAIN_ACTION_REBOOT,    N_("Could not reboot “%s”: %s") },
    { "reset",     VIREO_DOMAIN_ACTION_RESET,     N_("Could not reset “%s”: %s") },
    { "force-off", VIREO_DOMAIN_ACTION_FORCE_OFF, N_("Could not force off “%s”: %s") },
    { "save",      VIREO_DOMAIN_ACTION_SAVE,      N_("Could not save “%s”: %s") },
};

typedef struct {
    VireoManagerWindow *window;     /* owned */
    char               *name;
    const char         *error_format;
} ActionData;

static ActionData *
action_data_new (VireoManagerWindow *self,
                 VireoDomain        *domain,
                 const char         *error_format)
{
    ActionData *data = g_new0 (ActionData, 1);

    data->window = g_object_ref (self);
    data->name = g_strdup (vireo_domain_get_name (domain));
    data->error_format = error_format;
    return data;
}

static void
action_data_free (ActionData *data)
{
    g_clear_object (&data->window);
    g_free (data->name);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static void
report_error (ActionData   *data,
              const GError *error)
{
    g_autofree char *message = NULL;

    if (vireo_error_is_cancelled (error) ||
        g_cancellable_is_cancelled (data->window->cancellable))
        return;
    /* The formats are the fixed table above, each with two %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    message = g_strdup_printf (_(data->error_format), data->name, error->message);
#pragma GCC diagnostic pop
    vireo_manager_window_show_error (data->window, message);
}

static void
run_action_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    g_autoptr(ActionData) data = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_domain_run_action_finish (VIREO_DOMAIN (source), result, &error))
        report_error (data, error);
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(ActionData) data = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_domain_delete_finish (VIREO_DOMAIN (source), result, &error))
        report_error (data, error);
}

static void
lifecycle_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    const char *name = g_action_get_name (G_ACTION (action));
    VireoDomain *domain = self->selected_domain;

    if (domain == NULL)
        return;
    for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++) {
        const LifecycleAction *entry = &lifecycle_actions[i];

        if (g_strcmp0 (entry->name, name) != 0)
            continue;
        vireo_domain_run_action_async (domain, entry->action, self->cancellable,
                                       run_action_cb,
                                       action_data_new (self, domain, entry->error_format));
        return;
    }
}

static void
delete_dialog_response_cb (VireoManagerWindow *self,
                           int                 response,
                           VireoDeleteDialog  *dialog)
{
    VireoDomain *domain = vireo_delete_dialog_get_domain (dialog);
    g_auto(GStrv) disks = NULL;

    if (response == GTK_RESPONSE_ACCEPT) {
        disks = vireo_delete_dialog_list_selected_disks (dialog);
        vireo_domain_delete_async (domain,
                                   disks[0] != NULL ? VIREO_DOMAIN_DELETE_REMOVE_DISKS
                                                    : VIREO_DOMAIN_DELETE_NONE,
                                   (const char * const *) disks, self->cancellable,
                                   delete_cb,
                                   action_data_new (self, domain,
                                                    N_("Could not delete “%s”: %s")));
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
delete_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
    VireoManagerWindow *self = user_data;
    GtkWidget *dialog;

    if (self->selected_domain == NULL)
        return;
    dialog = vireo_delete_dialog_new (GTK_WINDOW (self), self->selected_domain);
    g_signal_connect_object (dialog, "response", G_CALLBACK (delete_dialog_response_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* Open, Details and Performance: the VM's window, on that view. */
static void
show_vm (VireoManagerWindow *self,
         VireoVmView         view)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

    if (self->selected_domain == NULL || app == NULL)
        return;
    vireo_vm_window_present (app, self->selected_domain,
                             vireo_application_get_settings (VIREO_APPLICATION (app)), view);
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
    { "open",              open_activated },
    { "details",           details_activated },
    { "performance",       performance_activated },
    { "connect",           connect_activated },
    { "disconnect",        disconnect_activated },
    { "remove-connection", remove_connection_activated },
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

void
_vireo_manager_window_update_actions (VireoManagerWindow *self)
{
    VireoDomain *domain = self->selected_domain;
    VireoConnection *connection = domain == NULL ? self->selected_connection : NULL;
    VireoConnectionState state = VIREO_CONNECTION_STATE_DISCONNECTED;
    gboolean resume;

    g_assert (VIREO_IS_MANAGER_WINDOW (self));

    for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++)
        set_enabled (self, lifecycle_actions[i].name,
                     domain != NULL && vireo_domain_can (domain, lifecycle_actions[i].action));
    set_enabled (self, "delete",
                 domain != NULL && vireo_domain_can (domain, VIREO_DOMAIN_ACTION_DELETE));
    /* A console of a stopped VM waits for it to start. */
    set_enabled (self, "open", domain != NULL);
    set_enabled (self, "details", domain != NULL);
    set_enabled (self, "performance", domain != NULL);

    if (connection != NULL)
        state = vireo_connection_get_state (connection);
    set_enabled (self, "connect", connection != NULL &&
                 (state == VIREO_CONNECTION_STATE_DISCONNECTED ||
                  state == VIREO_CONNECTION_STATE_FAILED));
    set_enabled (self, "disconnect", connection != NULL &&
                 state == VIREO_CONNECTION_STATE_ACTIVE);
    set_enabled (self, "remove-connection", connection != NULL);

    /* One button that follows the state: Pause, or Resume for a paused VM. */
    resume = domain != NULL && vireo_domain_can (domain, VIREO_DOMAIN_ACTION_RESUME);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->pause_button),
                                    resume ? "win.resume" : "win.pause");
    gtk_image_set_from_icon_name (self->pause_image,
                                  resume ? "media-playback-start-symbolic"
                                         : "media-playback-pause-symbolic",
                                  GTK_ICON_SIZE_BUTTON);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                                 resume ? _("Resume the virtual machine")
                                        : _("Pause the virtual machine"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->pause_button)),
                         resume ? _("Resume") : _("Pause"));
}
