/* vireo-auth-dialog.c: asks the user for libvirt credentials
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-auth-dialog.h"

struct _VireoAuthDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel         *message_label;
    GtkGrid          *grid;

    /* owned */
    VireoAuthRequest *request;
    GPtrArray        *entries;     /* GtkEntry*, one per credential */
    gboolean          completed;
};

enum {
    PROP_0,
    PROP_REQUEST,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoAuthDialog, vireo_auth_dialog, GTK_TYPE_DIALOG)

static const char *
default_prompt (VireoCredentialType type)
{
    switch (type) {
    case VIREO_CREDENTIAL_USERNAME:
    case VIREO_CREDENTIAL_AUTHNAME:
        return _("User name:");
    case VIREO_CREDENTIAL_PASSPHRASE:
        return _("Password:");
    case VIREO_CREDENTIAL_REALM:
        return _("Realm:");
    case VIREO_CREDENTIAL_LANGUAGE:
        return _("Language:");
    case VIREO_CREDENTIAL_CNONCE:
    case VIREO_CREDENTIAL_ECHOPROMPT:
    case VIREO_CREDENTIAL_NOECHOPROMPT:
    case VIREO_CREDENTIAL_EXTERNAL:
    default:
        return _("Answer:");
    }
}

static gboolean
is_secret (VireoCredentialType type)
{
    return type == VIREO_CREDENTIAL_PASSPHRASE || type == VIREO_CREDENTIAL_NOECHOPROMPT;
}

static void
complete (VireoAuthDialog *self,
          gboolean         accepted)
{
    if (self->completed || self->request == NULL)
        return;
    self->completed = TRUE;
    if (accepted) {
        for (guint i = 0; i < self->entries->len; i++)
            vireo_auth_request_set_result (self->request, i,
                                           gtk_entry_get_text (g_ptr_array_index (self->entries,
                                                                                  i)));
    }
    vireo_auth_request_complete (self->request, accepted);
}

static void
build_fields (VireoAuthDialog *self)
{
    guint n = vireo_auth_request_get_n_credentials (self->request);
    g_autofree char *message = NULL;
    GtkWidget *first = NULL;

    message = g_strdup_printf (_("Vireo needs credentials to connect to %s."),
                               vireo_auth_request_get_uri (self->request));
    gtk_label_set_text (self->message_label, message);

    for (guint i = 0; i < n; i++) {
        VireoCredential *cred = vireo_auth_request_get_credential (self->request, i);
        const char *prompt = cred->prompt != NULL && cred->prompt[0] != '\0'
            ? cred->prompt : default_prompt (cred->type);
        GtkWidget *label = gtk_label_new (prompt);
        GtkWidget *entry = gtk_entry_new ();

        gtk_label_set_xalign (GTK_LABEL (label), 1.0);
        gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
        gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
        gtk_widget_set_hexpand (entry, TRUE);
        if (is_secret (cred->type)) {
            gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
            gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
        }
        if (cred->default_result != NULL)
            gtk_entry_set_text (GTK_ENTRY (entry), cred->default_result);
        /* The entry is named by its label (mnemonic widget: labelled-by). */
        gtk_widget_set_tooltip_text (entry, cred->challenge != NULL && cred->challenge[0] != '\0'
                                            ? cred->challenge : prompt);

        gtk_grid_attach (self->grid, label, 0, (int) i, 1, 1);
        gtk_grid_attach (self->grid, entry, 1, (int) i, 1, 1);
        gtk_widget_show (label);
        gtk_widget_show (entry);
        g_ptr_array_add (self->entries, entry);
        if (first == NULL && gtk_entry_get_text_length (GTK_ENTRY (entry)) == 0)
            first = entry;
    }
    if (first != NULL)
        gtk_widget_grab_focus (first);
}

static void
vireo_auth_dialog_response (GtkDialog *dialog,
                            int        response)
{
    VireoAuthDialog *self = VIREO_AUTH_DIALOG (dialog);

    complete (self, response == GTK_RESPONSE_OK);
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vireo_auth_dialog_destroy (GtkWidget *widget)
{
    complete (VIREO_AUTH_DIALOG (widget), FALSE);
    GTK_WIDGET_CLASS (vireo_auth_dialog_parent_class)->destroy (widget);
}

static void
vireo_auth_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
    VireoAuthDialog *self = VIREO_AUTH_DIALOG (object);

    switch (prop_id) {
    case PROP_REQUEST:
        self->request = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_auth_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
    VireoAuthDialog *self = VIREO_AUTH_DIALOG (object);

    switch (prop_id) {
    case PROP_REQUEST:
        g_value_set_object (value, self->request);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_auth_dialog_constructed (GObject *object)
{
    VireoAuthDialog *self = VIREO_AUTH_DIALOG (object);

    G_OBJECT_CLASS (vireo_auth_dialog_parent_class)->constructed (object);

    g_assert (VIREO_IS_AUTH_REQUEST (self->request));
    build_fields (self);
}

static void
vireo_auth_dialog_dispose (GObject *object)
{
    VireoAuthDialog *self = VIREO_AUTH_DIALOG (object);

    complete (self, FALSE);
    g_clear_object (&self->request);
    g_clear_pointer (&self->entries, g_ptr_array_unref);
    G_OBJECT_CLASS (vireo_auth_dialog_parent_class)->dispose (object);
}

static void
vireo_auth_dialog_class_init (VireoAuthDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->set_property = vireo_auth_dialog_set_property;
    object_class->get_property = vireo_auth_dialog_get_property;
    object_class->constructed = vireo_auth_dialog_constructed;
    object_class->dispose = vireo_auth_dialog_dispose;
    widget_class->destroy = vireo_auth_dialog_destroy;
    dialog_class->response = vireo_auth_dialog_response;

    properties[PROP_REQUEST] =
        g_param_spec_object ("request", NULL, NULL, VIREO_TYPE_AUTH_REQUEST,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-auth-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, message_label);
    gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, grid);
}

static void
vireo_auth_dialog_init (VireoAuthDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->entries = g_ptr_array_new ();
}

GtkWidget *
vireo_auth_dialog_new (GtkWindow        *parent,
                       VireoAuthRequest *request)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (request), NULL);

    return g_object_new (VIREO_TYPE_AUTH_DIALOG,
                         "transient-for", parent,
                         "request", request,
                         NULL);
}

VireoAuthRequest *
vireo_auth_dialog_get_request (VireoAuthDialog *self)
{
    g_return_val_if_fail (VIREO_IS_AUTH_DIALOG (self), NULL);

    return self->request;
}

GtkEntry *
vireo_auth_dialog_get_entry (VireoAuthDialog *self,
                             guint            index)
{
    g_return_val_if_fail (VIREO_IS_AUTH_DIALOG (self), NULL);

    if (index >= self->entries->len)
        return NULL;
    return g_ptr_array_index (self->entries, index);
}
