/* vireo-host-ui.c: small helpers the host window's pages share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-host-ui.h"

typedef struct {
    VireoHostConfirmFunc func;
    gpointer             user_data;
    GDestroyNotify       destroy;
} Confirm;

static void
confirm_response_cb (GtkDialog *dialog,
                     int        response,
                     gpointer   data)
{
    Confirm *confirm = data;

    gtk_widget_destroy (GTK_WIDGET (dialog));
    confirm->func (confirm->user_data, response == GTK_RESPONSE_ACCEPT);
    if (confirm->destroy != NULL)
        confirm->destroy (confirm->user_data);
    g_free (confirm);
}

void
vireo_host_ui_confirm (GtkWidget            *widget,
                       const char           *question,
                       const char           *detail,
                       const char           *action,
                       VireoHostConfirmFunc  func,
                       gpointer              user_data,
                       GDestroyNotify        destroy)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (widget);
    GtkWidget *dialog;
    GtkWidget *button;
    Confirm *confirm;

    g_return_if_fail (GTK_IS_WIDGET (widget));
    g_return_if_fail (func != NULL);

    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
    if (detail != NULL)
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
    /* The question names the dialog for screen readers and window lists. */
    gtk_window_set_title (GTK_WINDOW (dialog), question);
    button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_widget_set_tooltip_text (button, _("Leave it as it is"));
    button = gtk_dialog_add_button (GTK_DIALOG (dialog), action, GTK_RESPONSE_ACCEPT);
    gtk_widget_set_tooltip_text (button, question);
    gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                 GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    confirm = g_new0 (Confirm, 1);
    confirm->func = func;
    confirm->user_data = user_data;
    confirm->destroy = destroy;
    g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), confirm);
    gtk_window_present (GTK_WINDOW (dialog));
}

char *
vireo_host_ui_format_size (guint64  bytes,
                           gboolean zero_is_unknown)
{
    if (bytes == 0 && zero_is_unknown)
        return g_strdup ("—");
    return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

char *
vireo_host_ui_entry_text (GtkEntry *entry)
{
    g_autofree char *text = NULL;

    g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);

    text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));
    if (*text == '\0')
        return NULL;
    return g_steal_pointer (&text);
}
