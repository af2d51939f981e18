/* vireo-details-view-changes.c: applying a page, the XML view, Add Hardware
 * and Remove
 *
 * Every change is made the same way: the definition is read afresh with
 * the domain editor (in a worker thread), the change is applied to that
 * editor, and the editor commits it: the persistent definition, and on a
 * running VM whatever libvirt can change live.  The commit's notice says
 * what waits for the next shutdown.  Then the definition is read again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-error-cancelled.h"
#include "vireo-add-hardware-dialog.h"
#include "vireo-confirm-dialog.h"
#include "vireo-details-view-private.h"
#include "vireo-remove-device-dialog.h"
#include "vireo-xml-view-loader.h"

#define XML_EDITING_KEY      "xml-editing"

typedef struct _Change Change;

/* Applies the change to @change->editor, a fresh one. */
typedef gboolean (*ChangeApplyFunc) (Change  *change,
                                     GError **error);
/* The change was written (@error NULL) or not. */
typedef void     (*ChangeDoneFunc)  (Change       *change,
                                     const GError *error);

struct _Change {
    VireoDetailsView  *self;        /* owned */
    VireoDomainEditor *editor;      /* owned, once read */
    ChangeApplyFunc    apply;
    ChangeDoneFunc     done;
    gpointer           data;
    GDestroyNotify     free_data;
    char              *select_id;   /* the page shown afterwards */
    gboolean           select_xml;
    gboolean           active;      /* the VM ran when the change was made */
};

/* ---------------------------------------------------------------- helpers */

static gboolean
settings_key_is_true (GSettings  *settings,
                      const char *key,
                      gboolean    unknown)
{
    g_autoptr(GSettingsSchema) schema = NULL;

    if (settings == NULL)
        return unknown;
    g_object_get (settings, "settings-schema", &schema, NULL);
    if (schema == NULL || !g_settings_schema_has_key (schema, key))
        return unknown;
    return g_settings_get_boolean (settings, key);
}

static GtkWindow *
toplevel_of (VireoDetailsView *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

    return GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL;
}

static void
set_busy (VireoDetailsView *self,
          const char       *what)
{
    self->busy = what != NULL;
    gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
    if (self->busy)
        gtk_spinner_start (self->spinner);
    else
        gtk_spinner_stop (self->spinner);
    gtk_label_set_text (self->busy_label, what != NULL ? what : "");
    _vireo_details_view_update_actions (self);
    g_object_notify (G_OBJECT (self), "busy");
}

static void
change_free (Change *change)
{
    if (change->free_data != NULL)
        change->free_data (change->data);
    g_clear_object (&change->editor);
    g_object_unref (change->self);
    g_free (change->select_id);
    g_free (change);
}

static void
change_finish (Change       *change,
               const GError *error,
               const char   *applied,
               const char   *notice,
               gboolean      written)
{
    VireoDetailsView *self = change->self;

    if (g_cancellable_is_cancelled (self->cancellable)) {
        change_free (change);
        return;
    }
    set_busy (self, NULL);
    if (error != NULL) {
        _vireo_details_view_say (self, GTK_MESSAGE_ERROR, error->message);
    } else if (!written) {
        _vireo_details_view_say (self, GTK_MESSAGE_INFO, _("Nothing was changed."));
    } else if (notice != NULL) {
        /* What the running VM took now, then what waits for its next start,
         * as the editor says them. */
        g_autofree char *both = applied != NULL ? g_strdup_printf ("%s %s", applied, notice)
                                                : NULL;

        _vireo_details_view_say (self, GTK_MESSAGE_WARNING, both != NULL ? both : notice);
    } else if (applied != NULL) {
        _vireo_details_view_say (self, GTK_MESSAGE_INFO, applied);
    } else if (change->active) {
        _vireo_details_view_say (self, GTK_MESSAGE_INFO,
                                 _("The changes were applied to the running virtual machine."));
    } else {
        _vireo_details_view_say (self, GTK_MESSAGE_INFO, _("The changes were saved."));
    }
    if (change->done != NULL)
        change->done (change, error);
    if (error == NULL) {
        self->xml_dirty = FALSE;
        _vireo_details_view_reload_full (self, TRUE, change->select_id);
        if (change->select_xml != gtk_toggle_button_get_active (self->xml_tab)) {
            self->selecting = TRUE;
            gtk_toggle_button_set_active (change->select_xml ? self->xml_tab : self->form_tab,
                                          TRUE);
            self->selecting = FALSE;
            gtk_stack_set_visible_child_name (self->view_stack,
                                              change->select_xml ? "xml" : "form");
        }
    } else if (self->reload_wanted) {
        _vireo_details_view_reload_full (self, FALSE, NULL);
    }
    change_free (change);
}

static void
change_committed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
    Change *change = user_data;
    VireoDomainEditor *editor = VIREO_DOMAIN_EDITOR (source);
    g_autoptr(GError) error = NULL;
    g_autofree char *notice = NULL;

    vireo_domain_editor_commit_finish (editor, result, &notice, &error);
    change_finish (change, error, error == NULL ? vireo_domain_editor_get_applied_live (editor)
                                                : NULL,
                   notice, TRUE);
}

static void
change_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
    Change *change = user_data;
    VireoDetailsView *self = change->self;
    g_autoptr(GError) error = NULL;
    VireoDomainEditorCommitFlags flags = VIREO_DOMAIN_EDITOR_COMMIT_CONFIG;

    change->editor = vireo_domain_editor_new_for_domain_finish (VIREO_DOMAIN (source), result,
                                                                &error);
    if (change->editor == NULL || !change->apply (change, &error)) {
        change_finish (change, error, NULL, NULL, FALSE);
        return;
    }
    if (!vireo_domain_editor_has_changes (change->editor)) {
        change_finish (change, NULL, NULL, NULL, FALSE);
        return;
    }
    change->active = vireo_domain_is_active (self->domain);
    if (change->active)
        flags |= VIREO_DOMAIN_EDITOR_COMMIT_LIVE;
    vireo_domain_editor_commit_async (change->editor, self->domain, flags, self->cancellable,
                                      change_committed_cb, change);
}

/* Reads the definition afresh, applies @apply to it and commits it. */
static void
run_change (VireoDetailsView *self,
            const char       *what,
            ChangeApplyFunc   apply,
            ChangeDoneFunc    done,
            gpointer          data,
            GDestroyNotify    free_data,
            const char       *select_id,
            gboolean          select_xml)
{
    Change *change = g_new0 (Change, 1);

    change->self = g_object_ref (self);
    change->apply = apply;
    change->done = done;
    change->data = data;
    change->free_data = free_data;
    change->select_id = g_strdup (select_id);
    change->select_xml = select_xml;
    gtk_widget_hide (GTK_WIDGET (self->info_bar));
    set_busy (self, what);
    vireo_domain_editor_new_for_domain_async (self->domain, self->cancellable, change_opened_cb,
                                              change);
}

/* ---------------------------------------------------------------- pages */

static gboolean
apply_page (Change  *change,
            GError **error)
{
    return vireo_details_page_apply (change->data, change->editor, error);
}

/* ---------------------------------------------------------------- XML */

typedef struct {
    char *option;   /* NULL: the whole domain */
    int   index;
    char *xml;
} XmlChange;

static void
xml_change_free (XmlChange *xml)
{
    g_free (xml->option);
    g_free (xml->xml);
    g_free (xml);
}

static gboolean
apply_xml (Change  *change,
           GError **error)
{
    XmlChange *xml = change->data;
    g_autoptr(VireoDomainEdit) edit = NULL;

    if (xml->option == NULL)
        return vireo_domain_editor_replace_xml (change->editor, xml->xml, error);
    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, xml->option, error);
    if (edit == NULL)
        return FALSE;
    vireo_domain_edit_select_index (edit, xml->index);
    vireo_domain_edit_set_xml (edit, xml->xml);
    return vireo_domain_editor_apply (change->editor, edit, error);
}

static char *
xml_text (VireoDetailsView *self)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
xml_buffer_changed_cb (VireoDetailsView *self)
{
    if (self->xml_filling || self->xml_dirty)
        return;
    self->xml_dirty = TRUE;
    _vireo_details_view_update_actions (self);
}

static void
update_xml_editable (VireoDetailsView *self)
{
    gboolean editable = settings_key_is_true (self->settings, XML_EDITING_KEY, FALSE);

    if (self->xml_view == NULL)
        return;
    gtk_text_view_set_editable (GTK_TEXT_VIEW (self->xml_view), editable);
    gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->xml_view), editable);
    gtk_label_set_text (self->xml_note,
                        editable ? _("Edit the XML, then Apply: libvirt checks it, and refuses "
                                     "what it cannot use, leaving the virtual machine as it "
                                     "was.")
                                 : _("XML editing is off: turn it on in Preferences to change "
                                     "the XML here."));
}

static void
settings_changed_cb (VireoDetailsView *self,
                     const char       *key)
{
    if (g_strcmp0 (key, XML_EDITING_KEY) == 0)
        update_xml_editable (self);
}

static gboolean
ensure_xml_view (VireoDetailsView *self)
{
    g_autoptr(GError) error = NULL;
    AtkObject *accessible;

    if (self->xml_view != NULL)
        return TRUE;
    self->xml_view = vireo_xml_view_loader_new_view (&error);
    if (self->xml_view == NULL) {
        g_autofree char *message = g_strdup_printf (_("The XML cannot be shown: %s"),
                                                    error->message);

        gtk_label_set_text (self->xml_note, message);
        return FALSE;
    }
    accessible = gtk_widget_get_accessible (self->xml_view);
    atk_object_set_name (accessible, _("XML"));
    gtk_widget_set_tooltip_text (self->xml_view, _("libvirt’s XML of what the page shows"));
    g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)),
                             "changed", G_CALLBACK (xml_buffer_changed_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_show (self->xml_view);
    gtk_container_add (GTK_CONTAINER (self->xml_scroller), self->xml_view);
    update_xml_editable (self);
    return TRUE;
}

/* ---------------------------------------------------------------- Add Hardware */

typedef struct {
    VireoAddHardwareDialog *dialog;    /* owned */
    VireoDomainEdit        *edit;
} AddData;

static void
add_data_free (AddData *add)
{
    g_clear_object (&add->dialog);
    g_clear_pointer (&add->edit, vireo_domain_edit_unref);
    g_free (add);
}

static gboolean
apply_add (Change  *change,
           GError **error)
{
    AddData *add = change->data;
    const char *option = vireo_domain_option_get_name (vireo_domain_edit_get_option (add->edit));

    if (!vireo_domain_editor_apply (change->editor, add->edit, error))
        return FALSE;
    /* The new device is the last of its kind: its page is shown next. */
    g_free (change->select_id);
    change->select_id = g_strdup_printf ("%s:%u", option,
                                         vireo_domain_editor_count_devices (change->editor,
                                                                            option));
    return TRUE;
}

static void
add_done (Change       *change,
          const GError *error)
{
    AddData *add = change->data;

    if (error == NULL) {
        gtk_widget_destroy (GTK_WIDGET (add->dialog));
        return;
    }
    /* The dialog stays, with the reason, for another try. */
    gtk_widget_hide (GTK_WIDGET (change->self->info_bar));
    vireo_add_hardware_dialog_set_busy (add->dialog, FALSE);
    vireo_add_hardware_dialog_show_error (add->dialog, error->message);
}

static void
add_response_cb (VireoAddHardwareDialog *dialog,
                 int                     response,
                 VireoDetailsView       *self)
{
    g_autoptr(GError) error = NULL;
    AddData *add;
    VireoDomainEdit *edit;

    if (response != GTK_RESPONSE_ACCEPT) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    if (self->busy)
        return;
    edit = vireo_add_hardware_dialog_dup_edit (dialog, &error);
    if (edit == NULL) {
        vireo_add_hardware_dialog_show_error (dialog, error->message);
        return;
    }
    add = g_new0 (AddData, 1);
    add->dialog = g_object_ref (dialog);
    add->edit = edit;
    vireo_add_hardware_dialog_set_busy (dialog, TRUE);
    run_change (self, _("Adding the device…"), apply_add, add_done, add,
                (GDestroyNotify) add_data_free, NULL, FALSE);
}

static void
add_hardware_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
    VireoDetailsView *self = user_data;
    GtkWidget *dialog = vireo_add_hardware_dialog_new (toplevel_of (self), self->domain);

    g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------- Remove */

typedef struct {
    char    *option;
    int      index;
    char    *storage;   /* the disk image to delete afterwards, or NULL */
} RemoveData;

static void
remove_data_free (RemoveData *remove)
{
    g_free (remove->option);
    g_free (remove->storage);
    g_free (remove);
}

static gboolean
apply_remove (Change  *change,
              GError **error)
{
    RemoveData *remove = change->data;
    g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_REMOVE,
                                                             remove->option, error);

    if (edit == NULL)
        return FALSE;
    vireo_domain_edit_select_index (edit, remove->index);
    return vireo_domain_editor_apply (change->editor, edit, error);
}

static void
storage_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    g_autoptr(VireoDetailsView) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *message = NULL;

    if (vireo_storage_delete_volume_finish (VIREO_STORAGE (source), result, &error) ||
        vireo_error_is_cancelled (error))
        return;
    message = g_strdup_printf (_("The device was removed, but its storage could not be "
                                 "deleted: %s"), error->message);
    _vireo_details_view_say (self, GTK_MESSAGE_ERROR, message);
}

static void
remove_done (Change       *change,
             const GError *error)
{
    RemoveData *remove = change->data;
    VireoDetailsView *self = change->self;
    VireoConnection *connection = vireo_domain_get_connection (self->domain);
    VireoStorage *storage = connection != NULL ? vireo_connection_get_storage (connection)
                                               : NULL;

    if (error != NULL || remove->storage == NULL)
        return;
    if (storage == NULL) {
        _vireo_details_view_say (self, GTK_MESSAGE_ERROR,
                                 _("The device was removed, but the connection has no storage "
                                   "to delete its image from."));
        return;
    }
    vireo_storage_delete_volume_async (storage, remove->storage, self->cancellable,
                                       storage_deleted_cb, g_object_ref (self));
}

static void
remove_device (VireoDetailsView *self,
               DetailsEntry     *entry,
               const char       *storage)
{
    RemoveData *remove = g_new0 (RemoveData, 1);

    remove->option = g_strdup (entry->option);
    remove->index = entry->index;
    remove->storage = g_strdup (storage);
    run_change (self, _("Removing the device…"), apply_remove, remove_done, remove,
                (GDestroyNotify) remove_data_free, "overview", FALSE);
}

typedef struct {
    VireoDetailsView *self;
    char             *id;
} RemoveQuestion;

static void
remove_question_free (RemoveQuestion *question)
{
    g_object_unref (question->self);
    g_free (question->id);
    g_free (question);
}

static void
remove_response_cb (VireoRemoveDeviceDialog *dialog,
                    int                      response,
                    RemoveQuestion          *question)
{
    DetailsEntry *entry = _vireo_details_view_find_entry (question->self, question->id);
    gboolean delete_storage = vireo_remove_device_dialog_get_delete_storage (dialog);

    if (response == GTK_RESPONSE_ACCEPT && entry != NULL && !question->self->busy) {
        g_autofree char *path = NULL;

        if (delete_storage)
            path = vireo_domain_editor_dup_value (question->self->editor, entry->option,
                                                  entry->index, "path");
        remove_device (question->self, entry, path);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
    remove_question_free (question);
}

static void
remove_device_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
    VireoDetailsView *self = user_data;
    DetailsEntry *entry = self->current;
    g_autofree char *path = NULL;
    g_autofree char *device = NULL;
    RemoveQuestion *question;
    GtkWidget *dialog;

    if (entry == NULL || entry->option == NULL || self->busy)
        return;
    /* The key the manager's confirmations use; this dialog of its own also
     * offers to delete a disk's storage. */
    if (self->settings != NULL &&
        !vireo_confirm_is_wanted (self->settings, VIREO_CONFIRM_REMOVE_DEVICE)) {
        remove_device (self, entry, NULL);
        return;
    }
    /* A disk's image may go with it; a CD-ROM's ISO stays. */
    if (g_str_equal (entry->option, "disk")) {
        device = vireo_domain_editor_dup_value (self->editor, "disk", entry->index, "device");
        if (g_strcmp0 (device, "disk") == 0 || device == NULL)
            path = vireo_domain_editor_dup_value (self->editor, "disk", entry->index, "path");
    }
    dialog = vireo_remove_device_dialog_new (toplevel_of (self),
                                             vireo_domain_get_name (self->domain),
                                             entry->title, path,
                                             vireo_domain_is_active (self->domain));
    question = g_new0 (RemoveQuestion, 1);
    question->self = g_object_ref (self);
    question->id = g_strdup (entry->id);
    g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), question);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------- actions */

static void
apply_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
    VireoDetailsView *self = user_data;

    _vireo_details_view_apply (self, NULL, gtk_toggle_button_get_active (self->xml_tab));
}

static void
revert_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
    _vireo_details_view_revert (user_data);
}

static const GActionEntry change_actions[] = {
    { "apply",         apply_activated },
    { "revert",        revert_activated },
    { "add-hardware",  add_hardware_activated },
    { "remove-device", remove_device_activated },
};

static void
set_enabled (VireoDetailsView *self,
             const char       *name,
             gboolean          enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

    if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* ------------------------------------------------------------ private API */

void
_vireo_details_view_init_changes (VireoDetailsView *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), change_actions,
                                     G_N_ELEMENTS (change_actions), self);
    if (self->settings != NULL)
        g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb),
                                 self, G_CONNECT_SWAPPED);
}

void
_vireo_details_view_update_actions (VireoDetailsView *self)
{
    gboolean changes;

    if (self->actions == NULL)
        return;
    changes = _vireo_details_view_has_changes (self);
    set_enabled (self, "apply", changes && !self->busy && self->loaded);
    set_enabled (self, "revert", changes && !self->busy && self->loaded);
    set_enabled (self, "add-hardware", self->loaded && !self->busy);
    set_enabled (self, "remove-device", self->loaded && !self->busy && self->current != NULL &&
                                        self->current->option != NULL);
    set_enabled (self, "reload", !self->loading && !self->busy);
    g_object_notify (G_OBJECT (self), "dirty");
}

gboolean
_vireo_details_view_has_changes (VireoDetailsView *self)
{
    if (gtk_toggle_button_get_active (self->xml_tab))
        return self->xml_dirty;
    return self->current != NULL && self->current->page != NULL &&
           vireo_details_page_get_dirty (self->current->page);
}

void
_vireo_details_view_apply (VireoDetailsView *self,
                           const char       *then_id,
                           gboolean          then_xml)
{
    const char *select_id;

    if (self->busy || self->current == NULL)
        return;
    select_id = then_id != NULL ? then_id : self->current->id;
    if (gtk_toggle_button_get_active (self->xml_tab) && self->xml_dirty) {
        XmlChange *xml = g_new0 (XmlChange, 1);

        xml->option = g_strdup (self->current->option);
        xml->index = self->current->index;
        xml->xml = xml_text (self);
        run_change (self, _("Applying the XML…"), apply_xml, NULL, xml,
                    (GDestroyNotify) xml_change_free, select_id, then_xml);
        return;
    }
    if (self->current->page == NULL || !vireo_details_page_get_dirty (self->current->page))
        return;
    run_change (self, _("Applying the changes…"), apply_page, NULL,
                g_object_ref (self->current->page), g_object_unref, select_id, then_xml);
}

void
_vireo_details_view_revert (VireoDetailsView *self)
{
    if (self->busy || self->editor == NULL)
        return;
    if (self->current != NULL && self->current->page != NULL)
        vireo_details_page_load (self->current->page, self->editor);
    self->xml_dirty = FALSE;
    if (gtk_toggle_button_get_active (self->xml_tab))
        _vireo_details_view_show_xml (self);
    _vireo_details_view_update_actions (self);
}

void
_vireo_details_view_show_xml (VireoDetailsView *self)
{
    g_autofree char *xml = NULL;

    if (self->editor == NULL || self->current == NULL || !ensure_xml_view (self))
        return;
    if (self->current->option != NULL)
        xml = vireo_domain_editor_dup_device_xml (self->editor, self->current->option,
                                                  self->current->index);
    else
        xml = vireo_domain_editor_dup_xml (self->editor);
    self->xml_filling = TRUE;
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)),
                              xml != NULL ? xml : "", -1);
    self->xml_filling = FALSE;
    self->xml_dirty = FALSE;
    _vireo_details_view_update_actions (self);
}
