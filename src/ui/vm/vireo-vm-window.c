/* vireo-vm-window.c: one window per VM, with its Console and Details views
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-a11y.h"
#include "vireo-console-loader.h"
#include "vireo-help.h"
#include "vireo-snapshots-window.h"
#include "vireo-unapplied-dialog.h"
#include "vireo-vm-window-private.h"

enum {
    PROP_0,
    PROP_DOMAIN,
    PROP_SETTINGS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_BEGIN_INSTALLATION,
    SIGNAL_CANCEL_INSTALLATION,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoVmWindow, vireo_vm_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---------------------------------------------------------------- helpers */

static void
update_title (VireoVmWindow *self)
{
    VireoConnection *connection = vireo_domain_get_connection (self->domain);
    const char *name = vireo_domain_get_name (self->domain);
    g_autofree char *where = NULL;

    gtk_window_set_title (GTK_WINDOW (self), name);
    gtk_header_bar_set_title (self->header_bar, name);
    if (connection != NULL)
        where = vireo_connection_dup_display_name (connection);
    gtk_header_bar_set_subtitle (self->header_bar, where);
}

static void
ensure_details (VireoVmWindow *self)
{
    if (self->details != NULL)
        return;
    self->details = vireo_details_view_new (self->domain, self->settings);
    _vireo_vm_window_bench_watch (self, self->details);
    gtk_widget_set_vexpand (GTK_WIDGET (self->details), TRUE);
    gtk_widget_show (GTK_WIDGET (self->details));
    gtk_container_add (GTK_CONTAINER (self->details_box), GTK_WIDGET (self->details));
}

static void
ensure_snapshots (VireoVmWindow *self)
{
    if (self->snapshots != NULL)
        return;
    self->snapshots = vireo_snapshots_view_new (self->domain);
    gtk_widget_set_vexpand (self->snapshots, TRUE);
    gtk_widget_show (self->snapshots);
    gtk_container_add (GTK_CONTAINER (self->snapshots_box), self->snapshots);
}

static void
ensure_console (VireoVmWindow *self)
{
    g_autoptr(GError) error = NULL;
    GActionGroup *console_actions;

    if (self->console_page != NULL || gtk_widget_get_visible (GTK_WIDGET (self->console_error)))
        return;
    vireo_trace_mark ("vm window: console page");
    self->console_page = vireo_console_loader_new_page_for_domain (self->domain, self->settings,
                                                                   &error);
    if (self->console_page == NULL) {
        g_autofree char *message = g_strdup_printf (_("The console cannot be shown: %s"),
                                                    error->message);

        gtk_label_set_text (self->console_error, message);
        gtk_widget_show (GTK_WIDGET (self->console_error));
        return;
    }
    gtk_widget_set_vexpand (self->console_page, TRUE);
    gtk_widget_show (self->console_page);
    gtk_container_add (GTK_CONTAINER (self->console_box), self->console_page);
    /* The console's toolbar joins the window's; its actions reach the
     * window's accelerators. */
    g_object_set (self->console_page, "toolbar-host", self->console_toolbar, NULL);
    console_actions = gtk_widget_get_action_group (self->console_page, "console");
    if (console_actions != NULL)
        gtk_widget_insert_action_group (GTK_WIDGET (self), "console", console_actions);
}

static void
show_view (VireoVmWindow *self,
           VireoVmView    view)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "view");

    self->view = view;
    if (view == VIREO_VM_VIEW_CONSOLE) {
        ensure_console (self);
        gtk_stack_set_visible_child_name (self->views, "console");
    } else if (view == VIREO_VM_VIEW_SNAPSHOTS) {
        ensure_snapshots (self);
        gtk_stack_set_visible_child_name (self->views, "snapshots");
    } else {
        ensure_details (self);
        gtk_stack_set_visible_child_name (self->views, "details");
        if (view == VIREO_VM_VIEW_PERFORMANCE)
            vireo_details_view_show_page (self->details, "performance");
    }
    gtk_widget_set_visible (self->console_toolbar,
                            view == VIREO_VM_VIEW_CONSOLE && self->console_page != NULL);
    self->switching = TRUE;
    gtk_toggle_button_set_active (view == VIREO_VM_VIEW_CONSOLE ? self->console_tab
                                  : view == VIREO_VM_VIEW_SNAPSHOTS ? self->snapshots_tab
                                  : self->details_tab, TRUE);
    self->switching = FALSE;
    if (action != NULL)
        g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                   g_variant_new_string (view == VIREO_VM_VIEW_CONSOLE
                                                         ? "console"
                                                         : view == VIREO_VM_VIEW_SNAPSHOTS
                                                         ? "snapshots" : "details"));
}

/* The console page follows one VireoDomain: it goes with it. */
static void
drop_console (VireoVmWindow *self)
{
    if (self->console_page == NULL)
        return;
    g_object_set (self->console_page, "toolbar-host", NULL, NULL);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "console", NULL);
    gtk_widget_destroy (self->console_page);
    self->console_page = NULL;
    gtk_widget_hide (self->console_toolbar);
}

static void
bind_domain (VireoVmWindow *self)
{
    g_signal_connect_object (self->domain, "notify::name", G_CALLBACK (update_title), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->domain, "state-changed",
                             G_CALLBACK (_vireo_vm_window_update_actions), self,
                             G_CONNECT_SWAPPED);
}

static void
show_connection_detail (VireoVmWindow *self)
{
    const char *message = vireo_connection_get_error_message (self->connection);

    gtk_label_set_text (self->connection_detail, message != NULL ? message : "");
    gtk_widget_set_visible (GTK_WIDGET (self->connection_detail),
                            message != NULL && *message != '\0');
}

/* The connection dropped under the window: it stays, says so, and waits
 * for the VM to come back with the connection.  Nothing that needs the VM
 * works meanwhile. */
static void
connection_lost (VireoVmWindow *self)
{
    self->lost = TRUE;
    g_signal_handlers_disconnect_by_data (self->domain, self);
    gtk_widget_hide (GTK_WIDGET (self->info_bar));
    show_connection_detail (self);
    gtk_widget_show (GTK_WIDGET (self->connection_bar));
    drop_console (self);
    gtk_widget_show (self->console_lost);
    gtk_widget_set_sensitive (self->details_box, FALSE);
    gtk_widget_set_sensitive (self->snapshots_box, FALSE);
    _vireo_vm_window_update_actions (self);
}

/* The window goes as the VM went (deleted, or its connection closed). */
static void
close_for_good (VireoVmWindow *self)
{
    self->lost = FALSE;
    gtk_widget_destroy (GTK_WIDGET (self));
}

/* The VM is back on its connection as @domain: the window shows it again,
 * its views read afresh. */
static void
rebind (VireoVmWindow *self,
        VireoDomain   *domain)
{
    g_autofree char *page_id = NULL;

    if (self->domain != domain) {
        g_signal_handlers_disconnect_by_data (self->domain, self);
        g_set_object (&self->domain, domain);
        bind_domain (self);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
    }
    self->lost = FALSE;
    gtk_widget_hide (GTK_WIDGET (self->connection_bar));
    gtk_widget_hide (self->console_lost);
    gtk_widget_set_sensitive (self->details_box, TRUE);
    gtk_widget_set_sensitive (self->snapshots_box, TRUE);

    /* Views of the old object are made again for the new one when shown. */
    drop_console (self);
    if (self->details != NULL) {
        page_id = g_strdup (vireo_details_view_get_page_id (self->details));
        vireo_details_view_cancel (self->details);
        gtk_widget_destroy (GTK_WIDGET (self->details));
        self->details = NULL;
    }
    if (self->snapshots != NULL) {
        gtk_widget_destroy (self->snapshots);
        self->snapshots = NULL;
    }
    show_view (self, self->view);
    if (page_id != NULL && self->view == VIREO_VM_VIEW_DETAILS)
        vireo_details_view_show_page (self->details, page_id);
    update_title (self);
    _vireo_vm_window_update_actions (self);
}

/* ---------------------------------------------------------------- callbacks */

static void
tab_toggled_cb (VireoVmWindow *self)
{
    if (self->switching)
        return;
    if (gtk_toggle_button_get_active (self->console_tab))
        vireo_vm_window_set_view (self, VIREO_VM_VIEW_CONSOLE);
    else if (gtk_toggle_button_get_active (self->snapshots_tab))
        vireo_vm_window_set_view (self, VIREO_VM_VIEW_SNAPSHOTS);
    else if (self->view == VIREO_VM_VIEW_CONSOLE || self->view == VIREO_VM_VIEW_SNAPSHOTS)
        vireo_vm_window_set_view (self, VIREO_VM_VIEW_DETAILS);
}

static void
info_bar_response_cb (VireoVmWindow *self)
{
    gtk_widget_hide (GTK_WIDGET (self->info_bar));
}

static void
begin_install_clicked_cb (VireoVmWindow *self)
{
    if (self->details != NULL && vireo_details_view_get_dirty (self->details)) {
        _vireo_vm_window_show_error (self, _("Apply or revert the changes first: the "
                                             "installation uses the applied configuration."));
        return;
    }
    g_signal_emit (self, signals[SIGNAL_BEGIN_INSTALLATION], 0);
}

static void
cancel_install_clicked_cb (VireoVmWindow *self)
{
    g_signal_emit (self, signals[SIGNAL_CANCEL_INSTALLATION], 0);
}

static void
close_install_response_cb (VireoVmWindow *self,
                           int            response,
                           GtkDialog     *dialog)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response == GTK_RESPONSE_ACCEPT)
        g_signal_emit (self, signals[SIGNAL_CANCEL_INSTALLATION], 0);
}

static void
domain_removed_cb (VireoVmWindow *self,
                   VireoDomain   *domain)
{
    if (domain != self->domain || self->lost)
        return;
    /* Gone with a link that dropped: it may come back. */
    if (vireo_connection_get_state (self->connection) == VIREO_CONNECTION_STATE_FAILED) {
        connection_lost (self);
        return;
    }
    /* The VM was deleted, or the user closed its connection: its window
     * goes with it. */
    close_for_good (self);
}

static void
connection_state_cb (VireoVmWindow *self)
{
    VireoDomain *domain;

    if (!self->lost)
        return;
    switch (vireo_connection_get_state (self->connection)) {
    case VIREO_CONNECTION_STATE_ACTIVE:
        /* Back: the same VM (by UUID), or none when it was deleted
         * meanwhile, and the window goes as for a deletion. */
        domain = vireo_connection_find_domain (self->connection,
                                               vireo_domain_get_uuid (self->domain));
        if (domain != NULL)
            rebind (self, domain);
        else
            close_for_good (self);
        break;
    case VIREO_CONNECTION_STATE_DISCONNECTED:
        /* The user closed the connection rather than wait for it. */
        close_for_good (self);
        break;
    case VIREO_CONNECTION_STATE_CONNECTING:
    case VIREO_CONNECTION_STATE_FAILED:
    default:
        show_connection_detail (self);
        break;
    }
}

static void
unapplied_response_cb (VireoVmWindow *self,
                       int            response,
                       GtkDialog     *dialog)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response == GTK_RESPONSE_REJECT)
        gtk_widget_destroy (GTK_WIDGET (self));
    else if (response == GTK_RESPONSE_ACCEPT && self->details != NULL)
        g_action_group_activate_action (vireo_details_view_get_actions (self->details), "apply",
                                        NULL);
}

/* ---------------------------------------------------------------- overrides */

static gboolean
vireo_vm_window_delete_event (GtkWidget   *widget,
                              GdkEventAny *event)
{
    VireoVmWindow *self = VIREO_VM_WINDOW (widget);
    GtkWidget *dialog;

    if (self->install_pending) {
        /* Closing a VM whose install has not begun cancels it, if the
         * user says so. */
        GtkWidget *button;

        if (!gtk_widget_get_sensitive (self->cancel_install_button))
            return GDK_EVENT_STOP;
        dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL |
                                         GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
                                         GTK_BUTTONS_NONE,
                                         _("Cancel the installation of “%s”?"),
                                         vireo_domain_get_name (self->domain));
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                  _("The virtual machine and the disk and "
                                                    "files made for it are removed."));
        button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Keep Customizing"),
                                        GTK_RESPONSE_CANCEL);
        gtk_widget_set_tooltip_text (button, _("Go back to the virtual machine’s settings"));
        button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel Installation"),
                                        GTK_RESPONSE_ACCEPT);
        gtk_widget_set_tooltip_text (button, _("Remove the virtual machine and its files"));
        gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                     "destructive-action");
        gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
        g_signal_connect_object (dialog, "response", G_CALLBACK (close_install_response_cb),
                                 self, G_CONNECT_SWAPPED);
        gtk_window_present (GTK_WINDOW (dialog));
        return GDK_EVENT_STOP;
    }
    if (self->details == NULL || !vireo_details_view_get_dirty (self->details))
        return GDK_EVENT_PROPAGATE;
    /* Changes not applied: asked first. */
    dialog = vireo_unapplied_dialog_new (GTK_WINDOW (self), vireo_domain_get_name (self->domain));
    g_signal_connect_object (dialog, "response", G_CALLBACK (unapplied_response_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
    return GDK_EVENT_STOP;
}

static void
vireo_vm_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
    VireoVmWindow *self = VIREO_VM_WINDOW (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_vm_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
    VireoVmWindow *self = VIREO_VM_WINDOW (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_vm_window_constructed (GObject *object)
{
    VireoVmWindow *self = VIREO_VM_WINDOW (object);
    VireoConnection *connection = vireo_domain_get_connection (self->domain);

    G_OBJECT_CLASS (vireo_vm_window_parent_class)->constructed (object);

    _vireo_vm_window_init_actions (self);
    bind_domain (self);
    if (connection != NULL) {
        self->connection = g_object_ref (connection);
        g_signal_connect_object (connection, "domain-removed", G_CALLBACK (domain_removed_cb),
                                 self, G_CONNECT_SWAPPED);
        g_signal_connect_object (connection, "notify::state", G_CALLBACK (connection_state_cb),
                                 self, G_CONNECT_SWAPPED);
        g_signal_connect_object (connection, "notify::error-message",
                                 G_CALLBACK (connection_state_cb), self, G_CONNECT_SWAPPED);
    }
    update_title (self);
    _vireo_vm_window_update_actions (self);
}

static void
vireo_vm_window_dispose (GObject *object)
{
    VireoVmWindow *self = VIREO_VM_WINDOW (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    if (self->details != NULL)
        vireo_details_view_cancel (self->details);
    /* The console page gives its toolbar back before the window goes. */
    if (self->console_page != NULL)
        g_object_set (self->console_page, "toolbar-host", NULL, NULL);
    self->details = NULL;
    self->console_page = NULL;
    G_OBJECT_CLASS (vireo_vm_window_parent_class)->dispose (object);
}

static void
vireo_vm_window_finalize (GObject *object)
{
    VireoVmWindow *self = VIREO_VM_WINDOW (object);

    g_clear_object (&self->domain);
    g_clear_object (&self->connection);
    g_clear_object (&self->settings);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (vireo_vm_window_parent_class)->finalize (object);
}

static void
vireo_vm_window_class_init (VireoVmWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->get_property = vireo_vm_window_get_property;
    object_class->set_property = vireo_vm_window_set_property;
    object_class->constructed = vireo_vm_window_constructed;
    object_class->dispose = vireo_vm_window_dispose;
    object_class->finalize = vireo_vm_window_finalize;
    widget_class->delete_event = vireo_vm_window_delete_event;

    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /* Begin Installation and Cancel Installation of a VM customized before
     * its install (vireo_vm_window_set_install_pending()). */
    signals[SIGNAL_BEGIN_INSTALLATION] =
        g_signal_new ("begin-installation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_CANCEL_INSTALLATION] =
        g_signal_new ("cancel-installation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 0);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-vm-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, console_tab);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, details_tab);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, snapshots_tab);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, pause_button);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, pause_image);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, console_toolbar);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, info_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, info_label);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, connection_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, connection_detail);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, install_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, install_label);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, begin_install_button);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, cancel_install_button);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, views);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, console_box);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, console_error);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, console_lost);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, details_box);
    gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, snapshots_box);
    gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, tab_toggled_cb);
    gtk_widget_class_bind_template_callback (widget_class, begin_install_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, cancel_install_clicked_cb);
}

static void
vireo_vm_window_init (VireoVmWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_help_install (GTK_WINDOW (self), "vm-window");

    self->cancellable = g_cancellable_new ();
    self->view = VIREO_VM_VIEW_CONSOLE;
    vireo_a11y_name_info_bar_close (self->info_bar);
    vireo_a11y_name_info_bar_close (self->install_bar);
    vireo_a11y_name_info_bar_close (self->connection_bar);
}

/* ------------------------------------------------------------ private API */

void
_vireo_vm_window_show_error (VireoVmWindow *self,
                             const char    *message)
{
    gtk_label_set_text (self->info_label, message);
    gtk_widget_show (GTK_WIDGET (self->info_bar));
}

/* ------------------------------------------------------------ public API */

GtkWidget *
vireo_vm_window_new (GtkApplication *application,
                     VireoDomain    *domain,
                     GSettings      *settings)
{
    g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

    return g_object_new (VIREO_TYPE_VM_WINDOW, "application", application, "domain", domain,
                         "settings", settings, NULL);
}

VireoVmWindow *
vireo_vm_window_find (GtkApplication *application,
                      VireoDomain    *domain)
{
    g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    /* One window per VM: a window whose connection dropped still holds the
     * object from before, and the VM is the same by connection and UUID. */
    for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next) {
        VireoVmWindow *window = VIREO_IS_VM_WINDOW (l->data) ? l->data : NULL;

        if (window == NULL)
            continue;
        if (window->domain == domain ||
            (window->connection != NULL &&
             window->connection == vireo_domain_get_connection (domain) &&
             g_strcmp0 (vireo_domain_get_uuid (window->domain),
                        vireo_domain_get_uuid (domain)) == 0))
            return window;
    }
    return NULL;
}

VireoVmWindow *
vireo_vm_window_present (GtkApplication *application,
                         VireoDomain    *domain,
                         GSettings      *settings,
                         VireoVmView     view)
{
    VireoVmWindow *self;

    g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = vireo_vm_window_find (application, domain);
    if (self == NULL)
        self = VIREO_VM_WINDOW (vireo_vm_window_new (application, domain, settings));
    else if (self->domain != domain)
        rebind (self, domain);   /* asked for before the window saw its connection back */
    vireo_vm_window_set_view (self, view);
    gtk_window_present (GTK_WINDOW (self));
    return self;
}

void
vireo_vm_window_set_view (VireoVmWindow *self,
                          VireoVmView    view)
{
    g_return_if_fail (VIREO_IS_VM_WINDOW (self));

    show_view (self, view);
}

VireoVmView
vireo_vm_window_get_view (VireoVmWindow *self)
{
    g_return_val_if_fail (VIREO_IS_VM_WINDOW (self), VIREO_VM_VIEW_CONSOLE);

    return self->view;
}

VireoDomain *
vireo_vm_window_get_domain (VireoVmWindow *self)
{
    g_return_val_if_fail (VIREO_IS_VM_WINDOW (self), NULL);

    return self->domain;
}

VireoDetailsView *
vireo_vm_window_get_details (VireoVmWindow *self)
{
    g_return_val_if_fail (VIREO_IS_VM_WINDOW (self), NULL);

    ensure_details (self);
    return self->details;
}

void
vireo_vm_window_set_install_pending (VireoVmWindow *self,
                                     gboolean       pending,
                                     gboolean       busy,
                                     const char    *message)
{
    g_return_if_fail (VIREO_IS_VM_WINDOW (self));

    self->install_pending = pending;
    gtk_label_set_text (self->install_label,
                        message ? message
                        : _("Customize the virtual machine’s settings and devices, apply "
                            "them, then begin the installation."));
    gtk_widget_set_sensitive (self->begin_install_button, !busy);
    gtk_widget_set_sensitive (self->cancel_install_button, !busy);
    gtk_widget_set_visible (GTK_WIDGET (self->install_bar), pending);
    _vireo_vm_window_update_actions (self);
}

gboolean
vireo_vm_window_get_install_pending (VireoVmWindow *self)
{
    g_return_val_if_fail (VIREO_IS_VM_WINDOW (self), FALSE);

    return self->install_pending;
}

GtkWidget *
vireo_vm_window_get_console_page (VireoVmWindow *self)
{
    g_return_val_if_fail (VIREO_IS_VM_WINDOW (self), NULL);

    return self->console_page;
}
