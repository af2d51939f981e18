/* vireo-host-networks.c: the host window's Virtual Networks page
 *
 * A list of the networks (state, autostart, mode, bridge, addresses), their XML, and
 * buttons to add, start, stop and delete them.  Stopping or deleting a network that running
 * VMs use asks first, naming them.  The embedded connection has no virtual networks: the
 * page says so instead.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-network-dialog.h"
#include "vireo-host-networks.h"
#include "vireo-host-ui.h"
#include "vireo-host-window.h"

enum {
    COL_NAME,
    COL_STATE,
    COL_AUTOSTART,
    COL_MODE,
    COL_BRIDGE,
    COL_ADDRESSES,
    COL_ACTIVE,
    COL_AUTOSTART_ON,
    N_COLUMNS
};

struct _VireoHostNetworks {
    GtkBox parent_instance;

    /* template widgets */
    GtkStack         *stack;
    GtkTreeView      *tree_view;
    GtkListStore     *store;
    GtkButton        *add_button;
    GtkButton        *delete_button;
    GtkButton        *start_button;
    GtkButton        *stop_button;
    GtkButton        *refresh_button;
    GtkCheckButton   *autostart_check;
    GtkTextView      *xml_view;
    GtkLabel         *unsupported_label;

    /* owned */
    VireoConnection  *connection;
    GCancellable     *cancellable;
    GPtrArray        *networks;      /* VireoHostNetwork*, as listed */
    char             *selected;      /* the selected network's name */
    guint             xml_serial;

    gboolean          loading;
    gboolean          reload_pending;
    gboolean          loaded;
    gboolean          updating;
};

enum {
    SIGNAL_LOADED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostNetworks, vireo_host_networks, GTK_TYPE_BOX)

typedef struct {
    VireoHostNetworks *self;     /* owned */
    char              *name;
    guint              serial;
} Call;

static Call *
call_new (VireoHostNetworks *self,
          const char        *name)
{
    Call *call = g_new0 (Call, 1);

    call->self = g_object_ref (self);
    call->name = g_strdup (name);
    return call;
}

static void
call_free (gpointer data)
{
    Call *call = data;

    g_object_unref (call->self);
    g_free (call->name);
    g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static VireoHostNetwork *
selected_network (VireoHostNetworks *self)
{
    if (self->selected == NULL || self->networks == NULL)
        return NULL;
    for (guint i = 0; i < self->networks->len; i++) {
        VireoHostNetwork *network = self->networks->pdata[i];

        if (g_strcmp0 (network->name, self->selected) == 0)
            return network;
    }
    return NULL;
}

static void
update_buttons (VireoHostNetworks *self)
{
    VireoHostNetwork *network = selected_network (self);

    gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), network != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->start_button),
                              network != NULL && !network->active);
    gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), network != NULL && network->active);
    gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_check),
                              network != NULL && network->persistent);
    self->updating = TRUE;
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->autostart_check),
                                  network != NULL && network->autostart);
    self->updating = FALSE;
}

static void
dup_xml_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = vireo_host_network_dup_xml_finish (VIREO_CONNECTION (source),
                                                              result, &error);

    if (call->serial != call->self->xml_serial)
        return;
    if (xml == NULL) {
        if (!vireo_error_is_cancelled (error))
            gtk_text_buffer_set_text (gtk_text_view_get_buffer (call->self->xml_view),
                                      error->message, -1);
        return;
    }
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (call->self->xml_view), xml, -1);
}

static void
show_xml (VireoHostNetworks *self)
{
    Call *call;

    self->xml_serial++;
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->xml_view), "", -1);
    if (self->selected == NULL)
        return;
    call = call_new (self, self->selected);
    call->serial = self->xml_serial;
    vireo_host_network_dup_xml_async (self->connection, self->selected, self->cancellable,
                                      dup_xml_cb, call);
}

static void
select_name (VireoHostNetworks *self,
             const char        *name)
{
    GtkTreeModel *model = GTK_TREE_MODEL (self->store);
    GtkTreeIter iter;

    if (name == NULL || !gtk_tree_model_get_iter_first (model, &iter))
        return;
    do {
        g_autofree char *row = NULL;

        gtk_tree_model_get (model, &iter, COL_NAME, &row, -1);
        if (g_strcmp0 (row, name) == 0) {
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->tree_view),
                                            &iter);
            return;
        }
    } while (gtk_tree_model_iter_next (model, &iter));
}

static void
fill_store (VireoHostNetworks *self)
{
    g_autofree char *keep = g_strdup (self->selected);

    self->updating = TRUE;
    gtk_list_store_clear (self->store);
    for (guint i = 0; i < self->networks->len; i++) {
        VireoHostNetwork *network = self->networks->pdata[i];
        g_autofree char *addresses = vireo_host_network_dup_ip_summary (network);

        gtk_list_store_insert_with_values (
            self->store, NULL, -1,
            COL_NAME, network->name,
            COL_STATE, network->active ? _("Active") : _("Inactive"),
            COL_AUTOSTART, network->autostart ? _("Yes") : _("No"),
            COL_MODE, vireo_host_network_describe_mode (network),
            COL_BRIDGE, network->bridge != NULL ? network->bridge : "",
            COL_ADDRESSES, addresses,
            COL_ACTIVE, network->active,
            COL_AUTOSTART_ON, network->autostart,
            -1);
    }
    self->updating = FALSE;
    g_clear_pointer (&self->selected, g_free);
    select_name (self, keep);
    if (self->selected == NULL && self->networks->len > 0)
        select_name (self, ((VireoHostNetwork *) self->networks->pdata[0])->name);
    if (self->selected == NULL)
        show_xml (self);
    update_buttons (self);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
    g_autoptr(VireoHostNetworks) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) networks = vireo_host_list_networks_finish (VIREO_CONNECTION (source),
                                                                     result, &error);
    gboolean first = !self->loaded;

    self->loading = FALSE;
    if (self->reload_pending) {
        self->reload_pending = FALSE;
        vireo_host_networks_reload (self);
    }
    if (networks == NULL) {
        if (vireo_error_is_cancelled (error))
            return;
        if (g_error_matches (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED)) {
            gtk_label_set_text (self->unsupported_label,
                                vireo_connection_is_embedded (self->connection)
                                ? _("This connection gives its virtual machines user-mode "
                                    "networking: it has no virtual networks of its own.")
                                : _("This connection has no virtual networks."));
            gtk_stack_set_visible_child_name (self->stack, "unsupported");
        } else {
            vireo_host_window_report (GTK_WIDGET (self), error->message);
        }
    } else {
        gtk_stack_set_visible_child_name (self->stack, "list");
        g_clear_pointer (&self->networks, g_ptr_array_unref);
        self->networks = g_steal_pointer (&networks);
        fill_store (self);
    }
    self->loaded = TRUE;
    if (first)
        g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
act_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_host_network_act_finish (VIREO_CONNECTION (source), result, &error) &&
        !vireo_error_is_cancelled (error))
        vireo_host_window_report (GTK_WIDGET (call->self), error->message);
    vireo_host_networks_reload (call->self);
}

static void
act (VireoHostNetworks     *self,
     const char            *name,
     VireoHostNetworkAction action)
{
    vireo_host_network_act_async (self->connection, name, action, self->cancellable, act_cb,
                                  call_new (self, name));
}

static void
confirmed_stop (gpointer user_data,
                gboolean confirmed)
{
    Call *call = user_data;

    if (confirmed)
        act (call->self, call->name, VIREO_HOST_NETWORK_ACTION_STOP);
}

static void
confirmed_delete (gpointer user_data,
                  gboolean confirmed)
{
    Call *call = user_data;

    if (confirmed)
        act (call->self, call->name, VIREO_HOST_NETWORK_ACTION_DELETE);
}

/* Asks before stopping (or deleting, @delete) the network @call->name, naming the running
 * VMs on it. */
static void
users_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    g_autoptr(Call) call = user_data;
    VireoHostNetworks *self = call->self;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) users = vireo_host_network_list_users_finish (VIREO_CONNECTION (source),
                                                                result, &error);
    gboolean delete = call->serial != 0;
    g_autofree char *question = NULL;
    g_autofree char *detail = NULL;

    if (users == NULL) {
        if (!vireo_error_is_cancelled (error))
            vireo_host_window_report (GTK_WIDGET (call->self), error->message);
        return;
    }
    if (users[0] != NULL) {
        g_autofree char *names = g_strjoinv (", ", users);

        detail = g_strdup_printf (_("These running virtual machines use it and lose their "
                                    "network connection: %s."), names);
    }
    if (!delete && users[0] == NULL) {
        act (call->self, call->name, VIREO_HOST_NETWORK_ACTION_STOP);
        return;
    }
    if (delete) {
        question = g_strdup_printf (_("Delete the network “%s”?"), call->name);
        vireo_host_ui_confirm (GTK_WIDGET (self), question,
                               detail != NULL ? detail
                                              : _("Its definition is removed from the host."),
                               _("_Delete Network"), confirmed_delete,
                               g_steal_pointer (&call), call_free);
    } else {
        question = g_strdup_printf (_("Stop the network “%s”?"), call->name);
        vireo_host_ui_confirm (GTK_WIDGET (self), question, detail, _("_Stop Network"),
                               confirmed_stop, g_steal_pointer (&call), call_free);
    }
}

static void
ask_users (VireoHostNetworks *self,
           gboolean           delete)
{
    Call *call;

    if (self->selected == NULL)
        return;
    call = call_new (self, self->selected);
    call->serial = delete ? 1 : 0;
    vireo_host_network_list_users_async (self->connection, self->selected, self->cancellable,
                                         users_cb, call);
}

static void
selection_changed_cb (VireoHostNetworks *self,
                      GtkTreeSelection  *selection)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *name = NULL;

    if (self->updating)
        return;
    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, COL_NAME, &name, -1);
    if (g_strcmp0 (name, self->selected) == 0 && name != NULL)
        return;
    g_free (self->selected);
    self->selected = g_steal_pointer (&name);
    update_buttons (self);
    show_xml (self);
}

static void
start_clicked_cb (VireoHostNetworks *self)
{
    if (self->selected != NULL)
        act (self, self->selected, VIREO_HOST_NETWORK_ACTION_START);
}

static void
stop_clicked_cb (VireoHostNetworks *self)
{
    ask_users (self, FALSE);
}

static void
delete_clicked_cb (VireoHostNetworks *self)
{
    ask_users (self, TRUE);
}

static void
refresh_clicked_cb (VireoHostNetworks *self)
{
    vireo_host_networks_reload (self);
}

static void
autostart_toggled_cb (VireoHostNetworks *self)
{
    gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->autostart_check));

    if (self->updating || self->selected == NULL)
        return;
    act (self, self->selected, on ? VIREO_HOST_NETWORK_ACTION_AUTOSTART_ON
                                  : VIREO_HOST_NETWORK_ACTION_AUTOSTART_OFF);
}

/* libvirt's network events: whoever changed a network, the list follows. */
static void
network_changed_cb (VireoHostNetworks *self)
{
    if (self->loaded)
        vireo_host_networks_reload (self);
}

static void
network_created_cb (VireoHostNetworks *self,
                    const char        *name)
{
    g_free (self->selected);
    self->selected = g_strdup (name);
    vireo_host_networks_reload (self);
}

static void
add_clicked_cb (VireoHostNetworks *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog = vireo_host_network_dialog_new (GTK_WINDOW (toplevel), self->connection,
                                                       self->networks);

    g_signal_connect_object (dialog, "created", G_CALLBACK (network_created_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vireo_host_networks_dispose (GObject *object)
{
    VireoHostNetworks *self = VIREO_HOST_NETWORKS (object);

    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->networks, g_ptr_array_unref);
    g_clear_pointer (&self->selected, g_free);

    G_OBJECT_CLASS (vireo_host_networks_parent_class)->dispose (object);
}

static void
vireo_host_networks_class_init (VireoHostNetworksClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = vireo_host_networks_dispose;

    signals[SIGNAL_LOADED] =
        g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-host-networks.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, stack);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, tree_view);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, store);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, add_button);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, delete_button);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, start_button);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, stop_button);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, refresh_button);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, autostart_check);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, xml_view);
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworks, unsupported_label);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, autostart_toggled_cb);
}

static void
vireo_host_networks_init (VireoHostNetworks *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    update_buttons (self);
}

void
vireo_host_networks_set_connection (VireoHostNetworks *self,
                                    VireoConnection   *connection,
                                    GCancellable      *cancellable)
{
    g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    g_set_object (&self->connection, connection);
    g_set_object (&self->cancellable, cancellable);
    g_signal_connect_object (connection, "network-changed", G_CALLBACK (network_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

void
vireo_host_networks_load (VireoHostNetworks *self)
{
    g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));

    if (!self->loaded)
        vireo_host_networks_reload (self);
}

void
vireo_host_networks_reload (VireoHostNetworks *self)
{
    g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));

    if (self->connection == NULL ||
        vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return;
    if (self->loading) {
        self->reload_pending = TRUE;
        return;
    }
    self->loading = TRUE;
    vireo_host_list_networks_async (self->connection, self->cancellable, list_cb,
                                    g_object_ref (self));
}

gboolean
vireo_host_networks_is_loaded (VireoHostNetworks *self)
{
    g_return_val_if_fail (VIREO_IS_HOST_NETWORKS (self), FALSE);

    return self->loaded;
}
