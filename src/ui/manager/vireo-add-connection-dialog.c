/* vireo-add-connection-dialog.c: choose a hypervisor and add its connection
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-manager-window.h"

struct _VireoAddConnectionDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkComboBoxText  *type_combo;
    GtkWidget        *user_label;
    GtkEntry         *user_entry;
    GtkWidget        *host_label;
    GtkEntry         *host_entry;
    GtkWidget        *custom_label;
    GtkEntry         *custom_entry;
    GtkLabel         *error_label;
    GtkToggleButton  *autoconnect_check;
    GtkLabel         *uri_label;

    /* owned */
    VireoApplication *application;
    char             *uri;          /* NULL while invalid */
    char             *error;        /* inline error, or NULL */
};

enum {
    PROP_0,
    PROP_APPLICATION,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoAddConnectionDialog, vireo_add_connection_dialog, GTK_TYPE_DIALOG)

static gboolean
is_valid_host (const char *host)
{
    for (const char *p = host; *p != '\0'; p++)
        if (g_ascii_isspace (*p) || *p == '/' || *p == '@' || *p == '?' || *p == '#')
            return FALSE;
    return host[0] != '\0';
}

static char *
compute_uri (VireoAddConnectionDialog *self,
             GError                  **error)
{
    const char *type = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->type_combo));
    g_autofree char *uri = NULL;

    if (g_strcmp0 (type, "system") == 0) {
        uri = g_strdup ("qemu:///system");
    } else if (g_strcmp0 (type, "session") == 0) {
        uri = g_strdup ("qemu:///session");
    } else if (g_strcmp0 (type, "embedded") == 0) {
        g_autofree char *root = vireo_embed_default_root ();

        uri = vireo_embed_uri_for_root (root);
    } else if (g_strcmp0 (type, "ssh") == 0) {
        g_autofree char *user = g_strstrip (g_strdup (gtk_entry_get_text (self->user_entry)));
        g_autofree char *host = g_strstrip (g_strdup (gtk_entry_get_text (self->host_entry)));

        if (host[0] == '\0') {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("Enter the name or address of the remote host."));
            return NULL;
        }
        if (!is_valid_host (host)) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a valid host name."), host);
            return NULL;
        }
        if (!is_valid_host (user) && user[0] != '\0') {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a valid user name."), user);
            return NULL;
        }
        uri = vireo_uri_build_ssh (user[0] != '\0' ? user : NULL, host, FALSE);
    } else {
        uri = g_strstrip (g_strdup (gtk_entry_get_text (self->custom_entry)));
    }
    if (!vireo_uri_validate (uri, error))
        return NULL;
    return g_steal_pointer (&uri);
}

static void
input_changed_cb (VireoAddConnectionDialog *self)
{
    const char *type = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->type_combo));
    gboolean ssh = g_strcmp0 (type, "ssh") == 0;
    gboolean custom = g_strcmp0 (type, "custom") == 0;
    g_autoptr(GError) error = NULL;

    gtk_widget_set_visible (self->user_label, ssh);
    gtk_widget_set_visible (GTK_WIDGET (self->user_entry), ssh);
    gtk_widget_set_visible (self->host_label, ssh);
    gtk_widget_set_visible (GTK_WIDGET (self->host_entry), ssh);
    gtk_widget_set_visible (self->custom_label, custom);
    gtk_widget_set_visible (GTK_WIDGET (self->custom_entry), custom);

    g_clear_pointer (&self->uri, g_free);
    g_clear_pointer (&self->error, g_free);
    self->uri = compute_uri (self, &error);
    if (self->uri == NULL)
        self->error = g_strdup (error->message);

    gtk_label_set_text (self->uri_label, self->uri != NULL ? self->uri : "—");
    gtk_label_set_text (self->error_label, self->error != NULL ? self->error : "");
    /* An empty field is not an error yet: say what is missing without alarm. */
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_OK, self->uri != NULL);
}

static void
vireo_add_connection_dialog_response (GtkDialog *dialog,
                                      int        response)
{
    VireoAddConnectionDialog *self = VIREO_ADD_CONNECTION_DIALOG (dialog);

    if (response == GTK_RESPONSE_OK && self->uri != NULL && self->application != NULL) {
        gboolean autoconnect = gtk_toggle_button_get_active (self->autoconnect_check);
        VireoConnection *connection;
        GtkWindow *window;

        connection = vireo_application_add_connection (self->application, self->uri,
                                                       autoconnect, TRUE);
        window = vireo_application_get_manager_window (self->application);
        if (autoconnect && window != NULL)
            vireo_manager_window_connect (VIREO_MANAGER_WINDOW (window), connection);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vireo_add_connection_dialog_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
    VireoAddConnectionDialog *self = VIREO_ADD_CONNECTION_DIALOG (object);

    switch (prop_id) {
    case PROP_APPLICATION:
        self->application = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_add_connection_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
    VireoAddConnectionDialog *self = VIREO_ADD_CONNECTION_DIALOG (object);

    switch (prop_id) {
    case PROP_APPLICATION:
        g_value_set_object (value, self->application);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_add_connection_dialog_dispose (GObject *object)
{
    VireoAddConnectionDialog *self = VIREO_ADD_CONNECTION_DIALOG (object);

    g_clear_object (&self->application);
    g_clear_pointer (&self->uri, g_free);
    g_clear_pointer (&self->error, g_free);
    G_OBJECT_CLASS (vireo_add_connection_dialog_parent_class)->dispose (object);
}

static void
vireo_add_connection_dialog_class_init (VireoAddConnectionDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->set_property = vireo_add_connection_dialog_set_property;
    object_class->get_property = vireo_add_connection_dialog_get_property;
    object_class->dispose = vireo_add_connection_dialog_dispose;
    dialog_class->response = vireo_add_connection_dialog_response;

    properties[PROP_APPLICATION] =
        g_param_spec_object ("vireo-application", NULL, NULL, VIREO_TYPE_APPLICATION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-add-connection-dialog.ui");
#define BIND(name) \
    gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, name)
    BIND (type_combo);
    BIND (user_label);
    BIND (user_entry);
    BIND (host_label);
    BIND (host_entry);
    BIND (custom_label);
    BIND (custom_entry);
    BIND (error_label);
    BIND (autoconnect_check);
    BIND (uri_label);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
}

static void
vireo_add_connection_dialog_init (VireoAddConnectionDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->type_combo), "system");
    input_changed_cb (self);
}

GtkWidget *
vireo_add_connection_dialog_new (GtkWindow        *parent,
                                 VireoApplication *application)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (application == NULL || VIREO_IS_APPLICATION (application), NULL);

    return g_object_new (VIREO_TYPE_ADD_CONNECTION_DIALOG,
                         "transient-for", parent,
                         "vireo-application", application,
                         NULL);
}

const char *
vireo_add_connection_dialog_get_uri (VireoAddConnectionDialog *self)
{
    g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), NULL);

    return self->uri;
}

const char *
vireo_add_connection_dialog_get_error (VireoAddConnectionDialog *self)
{
    g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), NULL);

    return self->error;
}

gboolean
vireo_add_connection_dialog_get_autoconnect (VireoAddConnectionDialog *self)
{
    g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), FALSE);

    return gtk_toggle_button_get_active (self->autoconnect_check);
}
