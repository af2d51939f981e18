/* vireo-vm-window-actions.c: the VM window's actions
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-confirm-dialog.h"
#include "vireo-error-cancelled.h"
#include "vireo-vm-window-private.h"

#define NO_CONFIRM (-1)

typedef struct {
    const char        *name;
    VireoDomainAction  action;
    const char        *error_format;   /* "… “%s”: %s" with the VM's name and the reason */
    int                confirm;        /* a VireoConfirmKind asked first, or NO_CONFIRM */
} LifecycleAction;

static const LifecycleAction lifecycle_actions[] = {
    { "run",       VIREO_DOMAIN_ACTION_START,     N_("Could not start “%s”: %s"),
      NO_CONFIRM },
    { "pause",     VIREO_DOMAIN_ACTION_PAUSE,     N_("Could not pause “%s”: %s"),
      VIREO_CONFIRM_PAUSE },
    { "resume",    VIREO_DOMAIN_ACTION_RESUME,    N_("Could not resume “%s”: %s"),
      NO_CONFIRM },
    { "shutdown",  VIREO_DOMAIN_ACTION_SHUTDOWN,  N_("Could not shut down “%s”: %s"),
      NO_CONFIRM },
    { "reboot",    VIREO_DOMAIN_ACTION_REBOOT,    N_("Could not reboot “%s”: %s"),
      NO_CONFIRM },
    { "reset",     VIREO_DOMAIN_ACTION_RESET,     N_("Could not reset “%s”: %s"),
      VIREO_CONFIRM_RESET },
    { "force-off", VIREO_DOMAIN_ACTION_FORCE_OFF, N_("Could not force off “%s”: %s"),
      VIREO_CONFIRM_FORCE_OFF },
    { "save",      VIREO_DOMAIN_ACTION_SAVE,      N_("Could not save “%s”: %s"),
      NO_CONFIRM },
};

typedef struct {
    VireoVmWindow *window;        /* owned */
    const char    *error_format;
} ActionData;

static void
action_data_free (ActionData *data)
{
    g_object_unref (data->window);
    g_free (data);
}

static void
run_action_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    ActionData *data = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_domain_run_action_finish (VIREO_DOMAIN (source), result, &error) &&
        !vireo_error_is_cancelled (error) &&
        !g_cancellable_is_cancelled (data->window->cancellable)) {
        g_autofree char *message = NULL;

        /* The formats are the fixed table above, each with two %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        message = g_strdup_printf (_(data->error_format),
                                   vireo_domain_get_name (VIREO_DOMAIN (source)),
                                   error->message);
#pragma GCC diagnostic pop
        _vireo_vm_window_show_error (data->window, message);
    }
    action_data_free (data);
}

static void
run_lifecycle (VireoVmWindow         *self,
               const LifecycleAction *entry)
{
    ActionData *data = g_new0 (ActionData, 1);

    data->window = g_object_ref (self);
    data->error_format = entry->error_format;
    gtk_widget_hide (GTK_WIDGET (self->info_bar));
    vireo_domain_run_action_async (self->domain, entry->action, self->cancellable,
                                   run_action_cb, data);
}

typedef struct {
    VireoVmWindow         *window;    /* owned */
    const LifecycleAction *entry;
} Confirmation;

static void
lifecycle_confirmed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
    Confirmation *confirmation = user_data;

    /* FALSE: declined, or the window closed (cancelled). */
    if (vireo_confirm_finish (result, NULL))
        run_lifecycle (confirmation->window, confirmation->entry);
    g_object_unref (confirmation->window);
    g_free (confirmation);
}

static void
lifecycle_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
    VireoVmWindow *self = user_data;
    const char *name = g_action_get_name (G_ACTION (action));

    for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++) {
        const LifecycleAction *entry = &lifecycle_actions[i];
        const char *names[] = { vireo_domain_get_name (self->domain), NULL };
        Confirmation *confirmation;

        if (!g_str_equal (entry->name, name))
            continue;
        /* Force off, reset and pause ask first, as the manager's do, unless
         * Preferences turned that question off. */
        if (entry->confirm == NO_CONFIRM || self->settings == NULL) {
            run_lifecycle (self, entry);
            return;
        }
        confirmation = g_new0 (Confirmation, 1);
        confirmation->window = g_object_ref (self);
        confirmation->entry = entry;
        vireo_confirm_async (GTK_WINDOW (self), self->settings, (VireoConfirmKind) entry->confirm,
                             names, NULL, self->cancellable, lifecycle_confirmed_cb,
                             confirmation);
        return;
    }
}

static void
view_changed (GSimpleAction *action,
              GVariant      *value,
              gpointer       user_data)
{
    VireoVmWindow *self = user_data;
    const char *view = g_variant_get_string (value, NULL);

    if (g_str_equal (view, "console"))
        vireo_vm_window_set_view (self, VIREO_VM_VIEW_CONSOLE);
    else if (g_str_equal (view, "details"))
        vireo_vm_window_set_view (self, VIREO_VM_VIEW_DETAILS);
    else if (g_str_equal (view, "snapshots"))
        vireo_vm_window_set_view (self, VIREO_VM_VIEW_SNAPSHOTS);
}

static void
show_performance_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
    vireo_vm_window_set_view (user_data, VIREO_VM_VIEW_PERFORMANCE);
}

static void
close_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
    gtk_window_close (GTK_WINDOW (user_data));
}

static const GActionEntry window_actions[] = {
    { "run",              lifecycle_activated },
    { "pause",            lifecycle_activated },
    { "resume",           lifecycle_activated },
    { "shutdown",         lifecycle_activated },
    { "reboot",           lifecycle_activated },
    { "reset",            lifecycle_activated },
    { "force-off",        lifecycle_activated },
    { "save",             lifecycle_activated },
    { "view",             NULL, "s", "'console'", view_changed },
    { "show-performance", show_performance_activated },
    { "close",            close_activated },
};

static void
set_enabled (VireoVmWindow *self,
             const char    *name,
             gboolean       enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

    /* The actions are gone while the window is being disposed. */
    if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_vireo_vm_window_init_actions (VireoVmWindow *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                     G_N_ELEMENTS (window_actions), self);
}

void
_vireo_vm_window_update_actions (VireoVmWindow *self)
{
    gboolean resume;

    /* While the connection is lost, nothing reaches the VM. */
    for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++)
        set_enabled (self, lifecycle_actions[i].name,
                     !self->lost &&
                     vireo_domain_can (self->domain, lifecycle_actions[i].action));
    /* A VM customized before its install starts with Begin Installation. */
    if (self->install_pending)
        set_enabled (self, "run", FALSE);

    /* One button that follows the state: Pause, or Resume for a paused VM. */
    resume = !self->lost && vireo_domain_can (self->domain, VIREO_DOMAIN_ACTION_RESUME);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->pause_button),
                                    resume ? "win.resume" : "win.pause");
    gtk_image_set_from_icon_name (self->pause_image,
                                  resume ? "media-playback-start-symbolic"
                                         : "media-playback-pause-symbolic",
                                  GTK_ICON_SIZE_BUTTON);
    gtk_widget_set_tooltip_text (self->pause_button,
                                 resume ? _("Resume the virtual machine")
                                        : _("Pause the virtual machine"));
    atk_object_set_name (gtk_widget_get_accessible (self->pause_button),
                         resume ? _("Resume") : _("Pause"));
}
