/* vireo-host-network-dialog.c: creating a virtual network
 *
 * The form is a VireoHostNetworkSpec: it is checked by the core (the same sentences a
 * wrong field gets anywhere) before libvirt sees it, and libvirt's own refusal is shown
 * in the dialog too.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-network-dialog.h"
#include "vireo-host-ui.h"

struct _VireoHostNetworkDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkEntry        *name_entry;
    GtkComboBoxText *mode_combo;
    GtkComboBoxText *forward_combo;
    GtkCheckButton  *ipv4_check;
    GtkEntry        *ipv4_entry;
    GtkCheckButton  *ipv4_dhcp_check;
    GtkEntry        *ipv4_start_entry;
    GtkEntry        *ipv4_end_entry;
    GtkCheckButton  *ipv6_check;
    GtkEntry        *ipv6_entry;
    GtkCheckButton  *ipv6_dhcp_check;
    GtkEntry        *ipv6_start_entry;
    GtkEntry        *ipv6_end_entry;
    GtkEntry        *domain_entry;
    GtkCheckButton  *autostart_check;
    GtkLabel        *error_label;
    GtkButton       *create_button;
    GtkSpinner      *spinner;

    /* owned */
    VireoConnection *connection;
    GCancellable    *cancellable;
    gboolean         busy;
};

enum {
    SIGNAL_CREATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoHostNetworkDialog, vireo_host_network_dialog, GTK_TYPE_DIALOG)

static VireoHostNetworkMode
current_mode (VireoHostNetworkDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->mode_combo));

    if (g_strcmp0 (id, "route") == 0)
        return VIREO_HOST_NETWORK_ROUTE;
    if (g_strcmp0 (id, "isolated") == 0)
        return VIREO_HOST_NETWORK_ISOLATED;
    if (g_strcmp0 (id, "open") == 0)
        return VIREO_HOST_NETWORK_OPEN;
    return VIREO_HOST_NETWORK_NAT;
}

static gboolean
is_on (GtkCheckButton *check)
{
    return gtk_widget_get_sensitive (GTK_WIDGET (check)) &&
           gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (check));
}

static void
update_sensitivity (VireoHostNetworkDialog *self)
{
    VireoHostNetworkMode mode = current_mode (self);
    gboolean forwards = mode == VIREO_HOST_NETWORK_NAT || mode == VIREO_HOST_NETWORK_ROUTE;
    gboolean v4 = is_on (self->ipv4_check);
    gboolean v6 = is_on (self->ipv6_check);
    gboolean dhcp4 = v4 && is_on (self->ipv4_dhcp_check);
    gboolean dhcp6 = v6 && is_on (self->ipv6_dhcp_check);

    gtk_widget_set_sensitive (GTK_WIDGET (self->forward_combo), forwards && !self->busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_entry), v4);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_dhcp_check), v4);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_start_entry), dhcp4);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_end_entry), dhcp4);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_entry), v6);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_dhcp_check), v6);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_start_entry), dhcp6);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_end_entry), dhcp6);
    gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !self->busy);
}

static void
show_error (VireoHostNetworkDialog *self,
            const char             *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static VireoHostNetworkSpec *
read_spec (VireoHostNetworkDialog *self)
{
    VireoHostNetworkSpec *spec = vireo_host_network_spec_new ();
    const char *dev = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->forward_combo));

    spec->name = vireo_host_ui_entry_text (self->name_entry);
    spec->mode = current_mode (self);
    if (gtk_widget_get_sensitive (GTK_WIDGET (self->forward_combo)) && dev != NULL &&
        *dev != '\0')
        spec->forward_dev = g_strdup (dev);
    if (is_on (self->ipv4_check)) {
        spec->ipv4_network = vireo_host_ui_entry_text (self->ipv4_entry);
        spec->ipv4_dhcp = is_on (self->ipv4_dhcp_check);
        if (spec->ipv4_dhcp) {
            spec->ipv4_dhcp_start = vireo_host_ui_entry_text (self->ipv4_start_entry);
            spec->ipv4_dhcp_end = vireo_host_ui_entry_text (self->ipv4_end_entry);
        }
    } else {
        spec->ipv4_dhcp = FALSE;
    }
    if (is_on (self->ipv6_check)) {
        spec->ipv6_network = vireo_host_ui_entry_text (self->ipv6_entry);
        spec->ipv6_dhcp = is_on (self->ipv6_dhcp_check);
        if (spec->ipv6_dhcp) {
            spec->ipv6_dhcp_start = vireo_host_ui_entry_text (self->ipv6_start_entry);
            spec->ipv6_dhcp_end = vireo_host_ui_entry_text (self->ipv6_end_entry);
        }
    }
    spec->domain = vireo_host_ui_entry_text (self->domain_entry);
    spec->autostart = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->autostart_check));
    return spec;
}

static void
set_busy (VireoHostNetworkDialog *self,
          gboolean                busy)
{
    self->busy = busy;
    if (busy)
        gtk_spinner_start (self->spinner);
    else
        gtk_spinner_stop (self->spinner);
    update_sensitivity (self);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(VireoHostNetworkDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoHostNetwork) network = NULL;

    network = vireo_host_create_network_finish (VIREO_CONNECTION (source), result, &error);
    if (network == NULL) {
        if (vireo_error_is_cancelled (error))
            return;
        set_busy (self, FALSE);
        show_error (self, error->message);
        return;
    }
    g_signal_emit (self, signals[SIGNAL_CREATED], 0, network->name);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
create (VireoHostNetworkDialog *self)
{
    g_autoptr(VireoHostNetworkSpec) spec = read_spec (self);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = vireo_host_network_spec_to_xml (spec, &error);

    if (xml == NULL) {
        show_error (self, error->message);
        return;
    }
    show_error (self, NULL);
    set_busy (self, TRUE);
    vireo_host_create_network_async (self->connection, spec, self->cancellable, create_cb,
                                     g_object_ref (self));
}

static void
changed_cb (VireoHostNetworkDialog *self)
{
    update_sensitivity (self);
}

static void
interfaces_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    g_autoptr(VireoHostNetworkDialog) self = user_data;
    g_auto(GStrv) interfaces = vireo_host_list_interfaces_finish (VIREO_CONNECTION (source),
                                                                  result, NULL);

    for (guint i = 0; interfaces != NULL && interfaces[i] != NULL; i++)
        gtk_combo_box_text_append (self->forward_combo, interfaces[i], interfaces[i]);
}

static void
vireo_host_network_dialog_response (GtkDialog *dialog,
                                    int        response)
{
    VireoHostNetworkDialog *self = VIREO_HOST_NETWORK_DIALOG (dialog);

    if (response == GTK_RESPONSE_OK) {
        if (!self->busy)
            create (self);
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vireo_host_network_dialog_destroy (GtkWidget *widget)
{
    VireoHostNetworkDialog *self = VIREO_HOST_NETWORK_DIALOG (widget);

    g_cancellable_cancel (self->cancellable);
    GTK_WIDGET_CLASS (vireo_host_network_dialog_parent_class)->destroy (widget);
}

static void
vireo_host_network_dialog_dispose (GObject *object)
{
    VireoHostNetworkDialog *self = VIREO_HOST_NETWORK_DIALOG (object);

    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vireo_host_network_dialog_parent_class)->dispose (object);
}

static void
vireo_host_network_dialog_class_init (VireoHostNetworkDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = vireo_host_network_dialog_dispose;
    widget_class->destroy = vireo_host_network_dialog_destroy;
    GTK_DIALOG_CLASS (klass)->response = vireo_host_network_dialog_response;

    signals[SIGNAL_CREATED] =
        g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/org/vireo/Vireo/vireo-host-network-dialog.ui");
#define BIND(name) \
    gtk_widget_class_bind_template_child (widget_class, VireoHostNetworkDialog, name)
    BIND (name_entry);
    BIND (mode_combo);
    BIND (forward_combo);
    BIND (ipv4_check);
    BIND (ipv4_entry);
    BIND (ipv4_dhcp_check);
    BIND (ipv4_start_entry);
    BIND (ipv4_end_entry);
    BIND (ipv6_check);
    BIND (ipv6_entry);
    BIND (ipv6_dhcp_check);
    BIND (ipv6_start_entry);
    BIND (ipv6_end_entry);
    BIND (domain_entry);
    BIND (autostart_check);
    BIND (error_label);
    BIND (create_button);
    BIND (spinner);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_host_network_dialog_init (VireoHostNetworkDialog *self)
{
    self->cancellable = g_cancellable_new ();
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_host_network_dialog_new (GtkWindow       *parent,
                               VireoConnection *connection,
                               GPtrArray       *networks)
{
    VireoHostNetworkDialog *self;
    g_autoptr(GPtrArray) none = NULL;
    g_autofree char *suggested = NULL;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_HOST_NETWORK_DIALOG, "transient-for", parent,
                         "use-header-bar", TRUE, NULL);
    self->connection = g_object_ref (connection);
    if (networks == NULL)
        networks = none = g_ptr_array_new ();
    suggested = vireo_host_network_suggest_ipv4 (networks);
    gtk_entry_set_text (self->ipv4_entry, suggested);
    for (guint i = 1; i < 1000; i++) {
        g_autofree char *name = g_strdup_printf ("network%u", i);
        gboolean taken = FALSE;

        for (guint j = 0; j < networks->len && !taken; j++)
            taken = g_strcmp0 (((VireoHostNetwork *) networks->pdata[j])->name, name) == 0;
        if (!taken) {
            gtk_entry_set_text (self->name_entry, name);
            break;
        }
    }
    vireo_host_list_interfaces_async (connection, self->cancellable, interfaces_cb,
                                      g_object_ref (self));
    update_sensitivity (self);
    return GTK_WIDGET (self);
}
