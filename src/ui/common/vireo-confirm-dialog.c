/* vireo-confirm-dialog.c: "are you sure?" before an action that loses something
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-confirm-dialog.h"

struct _VireoConfirmDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel          *title_label;
    GtkLabel          *body_label;
    GtkWidget         *names_window;
    GtkLabel          *names_label;
    GtkToggleButton   *dont_ask_check;
    GtkButton         *accept_button;

    /* owned */
    GSettings         *settings;
    GStrv              names;
    char              *owner;
    VireoConfirmKind   kind;
};

enum {
    PROP_0,
    PROP_SETTINGS,
    PROP_KIND,
    PROP_NAMES,
    PROP_OWNER,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoConfirmDialog, vireo_confirm_dialog, GTK_TYPE_DIALOG)

static const char * const settings_keys[VIREO_CONFIRM_N_KINDS] = {
    [VIREO_CONFIRM_FORCE_OFF] = "confirm-force-off",
    [VIREO_CONFIRM_RESET] = "confirm-reset",
    [VIREO_CONFIRM_PAUSE] = "confirm-pause",
    [VIREO_CONFIRM_DELETE] = "confirm-delete",
    [VIREO_CONFIRM_REMOVE_DEVICE] = "confirm-remove-device",
};

/* The dialog's title, its question and what follows, for one name or many. */
static void
describe (VireoConfirmDialog *self,
          char              **window_title,
          char              **question,
          const char        **body,
          const char        **button,
          const char        **button_tooltip)
{
    guint n = g_strv_length (self->names);
    const char *one = n > 0 ? self->names[0] : "";

    switch (self->kind) {
    case VIREO_CONFIRM_FORCE_OFF:
        *window_title = g_strdup (_("Force Off"));
        *question = n == 1 ? g_strdup_printf (_("Force off “%s”?"), one)
                           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Force off %u virtual machine?",
                                                           "Force off %u virtual machines?", n),
                                              n);
        *body = g_dngettext (GETTEXT_PACKAGE,
                             "The virtual machine stops at once, as when its power is cut: "
                             "what the guest has not saved is lost.",
                             "The virtual machines stop at once, as when their power is cut: "
                             "what the guests have not saved is lost.", n);
        *button = _("_Force Off");
        *button_tooltip = g_dngettext (GETTEXT_PACKAGE, "Force off the virtual machine",
                                       "Force off the virtual machines", n);
        break;
    case VIREO_CONFIRM_RESET:
        *window_title = g_strdup (_("Reset"));
        *question = n == 1 ? g_strdup_printf (_("Reset “%s”?"), one)
                           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Reset %u virtual machine?",
                                                           "Reset %u virtual machines?", n),
                                              n);
        *body = g_dngettext (GETTEXT_PACKAGE,
                             "The virtual machine restarts at once, as when its reset button is "
                             "pressed: what the guest has not saved is lost.",
                             "The virtual machines restart at once, as when their reset buttons "
                             "are pressed: what the guests have not saved is lost.", n);
        *button = _("_Reset");
        *button_tooltip = g_dngettext (GETTEXT_PACKAGE, "Reset the virtual machine",
                                       "Reset the virtual machines", n);
        break;
    case VIREO_CONFIRM_PAUSE:
        *window_title = g_strdup (_("Pause"));
        *question = n == 1 ? g_strdup_printf (_("Pause “%s”?"), one)
                           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Pause %u virtual machine?",
                                                           "Pause %u virtual machines?", n),
                                              n);
        *body = g_dngettext (GETTEXT_PACKAGE,
                             "The virtual machine stops running until it is resumed: its clock "
                             "stands still and its network connections may time out.",
                             "The virtual machines stop running until they are resumed: their "
                             "clocks stand still and their network connections may time out.",
                             n);
        *button = _("_Pause");
        /* Not "Pause the virtual machine", the VM window's tooltip: one msgid cannot be
         * both singular and plural. */
        *button_tooltip = g_dngettext (GETTEXT_PACKAGE,
                                       "Pause the virtual machine until it is resumed",
                                       "Pause the virtual machines until they are resumed", n);
        break;
    case VIREO_CONFIRM_DELETE:
        *window_title = g_strdup (_("Delete"));
        *question = n == 1 ? g_strdup_printf (_("Delete “%s”?"), one)
                           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Delete %u virtual machine?",
                                                           "Delete %u virtual machines?", n),
                                              n);
        *body = g_dngettext (GETTEXT_PACKAGE,
                             "The virtual machine is turned off if it is running, and its "
                             "definition, snapshots and saved state are removed. Its disk files "
                             "are kept.",
                             "The virtual machines are turned off if they are running, and their "
                             "definitions, snapshots and saved states are removed. Their disk "
                             "files are kept.", n);
        *button = _("_Delete");
        *button_tooltip = g_dngettext (GETTEXT_PACKAGE, "Delete the virtual machine",
                                       "Delete the virtual machines", n);
        break;
    case VIREO_CONFIRM_REMOVE_DEVICE:
    case VIREO_CONFIRM_N_KINDS:
    default:
        *window_title = g_strdup (_("Remove Device"));
        if (n == 1)
            *question = self->owner != NULL
                ? g_strdup_printf (_("Remove “%s” from “%s”?"), one, self->owner)
                : g_strdup_printf (_("Remove “%s”?"), one);
        else
            *question = self->owner != NULL
                ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u device from “%s”?",
                                                "Remove %u devices from “%s”?", n),
                                   n, self->owner)
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u device?",
                                                "Remove %u devices?", n), n);
        *body = g_dngettext (GETTEXT_PACKAGE,
                             "The device leaves the virtual machine's configuration; a running "
                             "guest is asked to release it first.",
                             "The devices leave the virtual machine's configuration; a running "
                             "guest is asked to release them first.", n);
        *button = _("_Remove");
        *button_tooltip = g_dngettext (GETTEXT_PACKAGE, "Remove the device",
                                       "Remove the devices", n);
        break;
    }
}

static void
vireo_confirm_dialog_constructed (GObject *object)
{
    VireoConfirmDialog *self = VIREO_CONFIRM_DIALOG (object);
    g_autofree char *window_title = NULL;
    g_autofree char *question = NULL;
    g_autofree char *list = NULL;
    const char *body = NULL, *button = NULL, *button_tooltip = NULL;

    G_OBJECT_CLASS (vireo_confirm_dialog_parent_class)->constructed (object);

    if (self->names == NULL)
        self->names = g_new0 (char *, 1);
    describe (self, &window_title, &question, &body, &button, &button_tooltip);
    gtk_window_set_title (GTK_WINDOW (self), window_title);
    gtk_label_set_text (self->title_label, question);
    gtk_label_set_text (self->body_label, body);
    gtk_button_set_label (self->accept_button, button);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->accept_button), button_tooltip);
    /* One name is in the question already; several are listed. */
    if (g_strv_length (self->names) > 1) {
        list = g_strjoinv ("\n", self->names);
        gtk_label_set_text (self->names_label, list);
        gtk_widget_show (self->names_window);
    }
    gtk_widget_set_visible (GTK_WIDGET (self->dont_ask_check), self->settings != NULL);
}

static void
vireo_confirm_dialog_response (GtkDialog *dialog,
                               int        response)
{
    VireoConfirmDialog *self = VIREO_CONFIRM_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT && self->settings != NULL &&
        gtk_toggle_button_get_active (self->dont_ask_check))
        g_settings_set_boolean (self->settings, settings_keys[self->kind], FALSE);
}

static void
vireo_confirm_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
    VireoConfirmDialog *self = VIREO_CONFIRM_DIALOG (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;
    case PROP_KIND:
        g_value_set_uint (value, self->kind);
        break;
    case PROP_NAMES:
        g_value_set_boxed (value, self->names);
        break;
    case PROP_OWNER:
        g_value_set_string (value, self->owner);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_confirm_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
    VireoConfirmDialog *self = VIREO_CONFIRM_DIALOG (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
    case PROP_KIND:
        self->kind = g_value_get_uint (value);
        break;
    case PROP_NAMES:
        self->names = g_value_dup_boxed (value);
        break;
    case PROP_OWNER:
        self->owner = g_value_dup_string (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_confirm_dialog_dispose (GObject *object)
{
    VireoConfirmDialog *self = VIREO_CONFIRM_DIALOG (object);

    g_clear_object (&self->settings);
    G_OBJECT_CLASS (vireo_confirm_dialog_parent_class)->dispose (object);
}

static void
vireo_confirm_dialog_finalize (GObject *object)
{
    VireoConfirmDialog *self = VIREO_CONFIRM_DIALOG (object);

    g_strfreev (self->names);
    g_free (self->owner);
    G_OBJECT_CLASS (vireo_confirm_dialog_parent_class)->finalize (object);
}

static void
vireo_confirm_dialog_class_init (VireoConfirmDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);
    const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                              G_PARAM_STATIC_STRINGS;

    object_class->constructed = vireo_confirm_dialog_constructed;
    object_class->get_property = vireo_confirm_dialog_get_property;
    object_class->set_property = vireo_confirm_dialog_set_property;
    object_class->dispose = vireo_confirm_dialog_dispose;
    object_class->finalize = vireo_confirm_dialog_finalize;
    dialog_class->response = vireo_confirm_dialog_response;

    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags);
    properties[PROP_KIND] =
        g_param_spec_uint ("kind", NULL, NULL, 0, VIREO_CONFIRM_N_KINDS - 1,
                           VIREO_CONFIRM_FORCE_OFF, flags);
    properties[PROP_NAMES] = g_param_spec_boxed ("names", NULL, NULL, G_TYPE_STRV, flags);
    properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, NULL, flags);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-confirm-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoConfirmDialog, title_label);
    gtk_widget_class_bind_template_child (widget_class, VireoConfirmDialog, body_label);
    gtk_widget_class_bind_template_child (widget_class, VireoConfirmDialog, names_window);
    gtk_widget_class_bind_template_child (widget_class, VireoConfirmDialog, names_label);
    gtk_widget_class_bind_template_child (widget_class, VireoConfirmDialog, dont_ask_check);
    gtk_widget_class_bind_template_child (widget_class, VireoConfirmDialog, accept_button);
}

static void
vireo_confirm_dialog_init (VireoConfirmDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
vireo_confirm_kind_get_settings_key (VireoConfirmKind kind)
{
    g_return_val_if_fail (kind < VIREO_CONFIRM_N_KINDS, NULL);

    return settings_keys[kind];
}

gboolean
vireo_confirm_is_wanted (GSettings        *settings,
                         VireoConfirmKind  kind)
{
    g_return_val_if_fail (G_IS_SETTINGS (settings), TRUE);
    g_return_val_if_fail (kind < VIREO_CONFIRM_N_KINDS, TRUE);

    return g_settings_get_boolean (settings, settings_keys[kind]);
}

GtkWidget *
vireo_confirm_dialog_new (GtkWindow          *parent,
                          GSettings          *settings,
                          VireoConfirmKind    kind,
                          const char * const *names,
                          const char         *owner)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
    g_return_val_if_fail (kind < VIREO_CONFIRM_N_KINDS, NULL);
    g_return_val_if_fail (names != NULL && names[0] != NULL, NULL);

    return g_object_new (VIREO_TYPE_CONFIRM_DIALOG,
                         "transient-for", parent,
                         "settings", settings,
                         "kind", kind,
                         "names", names,
                         "owner", owner,
                         NULL);
}

VireoConfirmKind
vireo_confirm_dialog_get_kind (VireoConfirmDialog *self)
{
    g_return_val_if_fail (VIREO_IS_CONFIRM_DIALOG (self), VIREO_CONFIRM_FORCE_OFF);

    return self->kind;
}

const char * const *
vireo_confirm_dialog_get_names (VireoConfirmDialog *self)
{
    g_return_val_if_fail (VIREO_IS_CONFIRM_DIALOG (self), NULL);

    return (const char * const *) self->names;
}

/* --- the asynchronous form ----------------------------------------------- */

typedef struct {
    GtkWidget *dialog;            /* owned (a reference), destroyed when answered */
    gulong     cancelled_id;
} ConfirmCall;

static void
confirm_call_free (gpointer data)
{
    ConfirmCall *call = data;

    if (call->dialog != NULL) {
        gtk_widget_destroy (call->dialog);    /* a no-op once answered */
        g_object_unref (call->dialog);
    }
    g_free (call);
}

/* Answers once: the response, or the dialog destroyed unanswered (its
 * parent closed). */
static void
confirm_answer (GTask    *task,
                gboolean  confirmed)
{
    ConfirmCall *call = g_task_get_task_data (task);

    g_signal_handlers_disconnect_by_data (call->dialog, task);
    if (call->cancelled_id != 0)
        g_cancellable_disconnect (g_task_get_cancellable (task), call->cancelled_id);
    call->cancelled_id = 0;
    /* Gone at once, whenever the caller hears of it. */
    gtk_widget_destroy (call->dialog);
    if (!g_task_return_error_if_cancelled (task))
        g_task_return_boolean (task, confirmed);
    g_object_unref (task);
}

static void
confirm_response_cb (GtkDialog *dialog,
                     int        response,
                     GTask     *task)
{
    confirm_answer (task, response == GTK_RESPONSE_ACCEPT);
}

static void
confirm_destroy_cb (GtkWidget *dialog,
                    GTask     *task)
{
    confirm_answer (task, FALSE);
}

static gboolean
cancel_dialog_cb (gpointer user_data)
{
    gtk_dialog_response (GTK_DIALOG (user_data), GTK_RESPONSE_CANCEL);
    return G_SOURCE_REMOVE;
}

/* Answers from the task's context once the emission is over: disconnecting
 * from the cancellable inside its own handler would wait for itself. */
static void
confirm_cancelled_cb (GCancellable *cancellable,
                      GTask        *task)
{
    ConfirmCall *call = g_task_get_task_data (task);
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_callback (source, cancel_dialog_cb, g_object_ref (call->dialog),
                           g_object_unref);
    g_source_set_static_name (source, "[vireo] confirmation cancelled");
    g_source_attach (source, g_task_get_context (task));
}

void
vireo_confirm_async (GtkWindow          *parent,
                     GSettings          *settings,
                     VireoConfirmKind    kind,
                     const char * const *names,
                     const char         *owner,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
    g_autoptr(GTask) task = NULL;
    ConfirmCall *call;

    g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
    g_return_if_fail (G_IS_SETTINGS (settings));
    g_return_if_fail (kind < VIREO_CONFIRM_N_KINDS);
    g_return_if_fail (names != NULL && names[0] != NULL);

    task = g_task_new (NULL, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_confirm_async);
    if (!vireo_confirm_is_wanted (settings, kind)) {
        g_task_return_boolean (task, TRUE);
        return;
    }
    if (g_task_return_error_if_cancelled (task))
        return;

    call = g_new0 (ConfirmCall, 1);
    call->dialog = g_object_ref_sink (vireo_confirm_dialog_new (parent, settings, kind, names,
                                                                owner));
    g_task_set_task_data (task, call, confirm_call_free);
    /* The handlers share one reference of the task, dropped by the answer;
     * after the dialog's own handler, which turns the confirmation off. */
    g_signal_connect_after (call->dialog, "response", G_CALLBACK (confirm_response_cb),
                            g_object_ref (task));
    g_signal_connect (call->dialog, "destroy", G_CALLBACK (confirm_destroy_cb), task);
    if (cancellable != NULL)
        call->cancelled_id = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (confirm_cancelled_cb),
                                                    task, NULL);
    gtk_window_present (GTK_WINDOW (call->dialog));
}

gboolean
vireo_confirm_finish (GAsyncResult *result,
                      GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vireo_confirm_async, FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}
