/* vireo-domain-ops-util.c: what the VM operation dialogs share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-domain-ops-util.h"

GtkWidget *
vireo_ops_name (GtkWidget  *widget,
                const char *name,
                const char *tooltip)
{
    atk_object_set_name (gtk_widget_get_accessible (widget), name);
    gtk_widget_set_tooltip_text (widget, tooltip);
    return widget;
}

void
vireo_ops_grid_row (GtkGrid    *grid,
                    int         row,
                    const char *label,
                    GtkWidget  *widget)
{
    GtkWidget *l = gtk_label_new_with_mnemonic (label);

    gtk_label_set_xalign (GTK_LABEL (l), 1);
    gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
    gtk_widget_set_hexpand (widget, TRUE);
    gtk_grid_attach (grid, l, 0, row, 1, 1);
    gtk_grid_attach (grid, widget, 1, row, 1, 1);
}

/* ------------------------------------------------------------ connection combo */

#define COMBO_DATA "vireo-ops-connection-combo"

/* What a connection combo box follows; its rows are kept[i]'s names. */
typedef struct {
    GPtrArray       *connections;   /* a reference to the caller's list */
    GPtrArray       *kept;          /* VireoConnection*, one a row, in the list's order */
    VireoConnection *except;        /* owned, or NULL */
    gboolean         local_only;
} ComboData;

static void
combo_data_free (gpointer user_data)
{
    ComboData *data = user_data;

    g_ptr_array_unref (data->connections);
    g_ptr_array_unref (data->kept);
    g_clear_object (&data->except);
    g_free (data);
}

static gboolean
combo_offers (ComboData       *data,
              VireoConnection *connection)
{
    if (connection == data->except ||
        vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return FALSE;
    return !data->local_only || vireo_uri_is_local (vireo_connection_get_uri (connection));
}

/* Makes the rows the connections of the list that the combo box offers now,
 * in the list's order.  The row chosen stays chosen while it is offered (the
 * combo box follows its row); when it goes, or there was none, the first
 * row is chosen.  ::changed tells of a change of the choice. */
static void
combo_sync (GtkComboBox *combo)
{
    ComboData *data = g_object_get_data (G_OBJECT (combo), COMBO_DATA);
    GtkListStore *store = GTK_LIST_STORE (gtk_combo_box_get_model (combo));
    g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
    guint at;

    if (gtk_widget_in_destruction (GTK_WIDGET (combo)))
        return;
    for (guint i = 0; i < data->connections->len; i++) {
        if (combo_offers (data, data->connections->pdata[i]))
            g_ptr_array_add (wanted, data->connections->pdata[i]);
    }
    /* The rows' connections are changed before the rows, so that a ::changed
     * emitted by a row's removal reads the new ones. */
    for (guint i = data->kept->len; i-- > 0;) {
        if (!g_ptr_array_find (wanted, data->kept->pdata[i], NULL)) {
            g_ptr_array_remove_index (data->kept, i);
            gtk_combo_box_text_remove (GTK_COMBO_BOX_TEXT (combo), i);
        }
    }
    for (guint i = 0; i < wanted->len; i++) {
        VireoConnection *connection = wanted->pdata[i];
        g_autofree char *name = vireo_connection_dup_display_name (connection);
        GtkTreeIter iter;

        if (i < data->kept->len && data->kept->pdata[i] == connection) {
            /* Its name may have changed. */
            if (gtk_tree_model_iter_nth_child (GTK_TREE_MODEL (store), &iter, NULL, i))
                gtk_list_store_set (store, &iter, 0, name, -1);
            continue;
        }
        if (g_ptr_array_find (data->kept, connection, &at)) {
            g_ptr_array_remove_index (data->kept, at);
            gtk_combo_box_text_remove (GTK_COMBO_BOX_TEXT (combo), at);
        }
        g_ptr_array_insert (data->kept, i, g_object_ref (connection));
        gtk_combo_box_text_insert_text (GTK_COMBO_BOX_TEXT (combo), i, name);
    }
    if (gtk_combo_box_get_active (combo) < 0 && data->kept->len > 0)
        gtk_combo_box_set_active (combo, 0);
}

static void
combo_follow (GtkComboBox     *combo,
              VireoConnection *connection)
{
    g_signal_connect_object (connection, "notify::state", G_CALLBACK (combo_sync), combo,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (connection, "notify::display-name", G_CALLBACK (combo_sync),
                             combo, G_CONNECT_SWAPPED);
}

static void
combo_connection_added_cb (GObject         *owner,
                           VireoConnection *connection,
                           GtkComboBox     *combo)
{
    combo_follow (combo, connection);
    combo_sync (combo);
}

static void
combo_connection_removed_cb (GObject         *owner,
                             VireoConnection *connection,
                             GtkComboBox     *combo)
{
    g_signal_handlers_disconnect_by_data (connection, combo);
    combo_sync (combo);
}

GtkWidget *
vireo_ops_connection_combo (GPtrArray       *connections,
                            GObject         *list_owner,
                            VireoConnection *except,
                            gboolean         local_only)
{
    GtkWidget *combo = gtk_combo_box_text_new ();
    ComboData *data = g_new0 (ComboData, 1);

    g_return_val_if_fail (list_owner == NULL || G_IS_OBJECT (list_owner), combo);

    data->connections = connections != NULL ? g_ptr_array_ref (connections)
                                            : g_ptr_array_new ();
    data->kept = g_ptr_array_new_with_free_func (g_object_unref);
    data->except = except != NULL ? g_object_ref (except) : NULL;
    data->local_only = local_only;
    g_object_set_data_full (G_OBJECT (combo), COMBO_DATA, data, combo_data_free);

    for (guint i = 0; i < data->connections->len; i++) {
        if (data->connections->pdata[i] != except)
            combo_follow (GTK_COMBO_BOX (combo), data->connections->pdata[i]);
    }
    if (list_owner != NULL) {
        g_signal_connect_object (list_owner, "connection-added",
                                 G_CALLBACK (combo_connection_added_cb), combo, 0);
        g_signal_connect_object (list_owner, "connection-removed",
                                 G_CALLBACK (combo_connection_removed_cb), combo, 0);
    }
    combo_sync (GTK_COMBO_BOX (combo));
    gtk_widget_set_sensitive (combo, data->kept->len > 0);
    return combo;
}

VireoConnection *
vireo_ops_connection_combo_get (GtkWidget *combo)
{
    ComboData *data = g_object_get_data (G_OBJECT (combo), COMBO_DATA);
    int active = gtk_combo_box_get_active (GTK_COMBO_BOX (combo));

    if (data == NULL || active < 0 || (guint) active >= data->kept->len)
        return NULL;
    return data->kept->pdata[active];
}

char *
vireo_ops_format_size (guint64 bytes)
{
    return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
progress_changed_cb (VireoProgress  *progress,
                     GtkProgressBar *bar)
{
    g_autofree char *text = vireo_progress_dup_text (progress);
    guint64 done = vireo_progress_get_done (progress);
    guint64 total = vireo_progress_get_total (progress);
    g_autofree char *shown = NULL;

    gtk_progress_bar_set_fraction (bar, vireo_progress_get_fraction (progress));
    if (total > 0) {
        g_autofree char *left = vireo_ops_format_size (total > done ? total - done : 0);
        g_autofree char *all = vireo_ops_format_size (total);

        /* TRANSLATORS: e.g. "Copying vda — 1.2 GiB of 4.0 GiB left" */
        shown = g_strdup_printf (_("%s%s%s of %s left"), text ? text : "", text ? " — " : "",
                                 left, all);
    } else {
        shown = g_strdup (text ? text : "");
    }
    gtk_progress_bar_set_text (bar, shown);
}

void
vireo_ops_follow_progress (GtkProgressBar *bar,
                           VireoProgress  *progress)
{
    gtk_progress_bar_set_show_text (bar, TRUE);
    g_signal_connect_object (progress, "changed", G_CALLBACK (progress_changed_cb), bar, 0);
    progress_changed_cb (progress, bar);
}

GtkWidget *
vireo_ops_destination_row (GtkGrid         *grid,
                           int              row,
                           GPtrArray       *connections,
                           GObject         *list_owner,
                           VireoConnection *except,
                           gboolean         local_only,
                           const char      *tooltip)
{
    GtkWidget *combo = vireo_ops_name (vireo_ops_connection_combo (connections, list_owner,
                                                                   except, local_only),
                                       _("Destination"), tooltip);

    vireo_ops_grid_row (grid, row, _("_Destination:"), combo);
    return combo;
}

GtkWidget *
vireo_ops_add_buttons (GtkDialog  *dialog,
                       const char *cancel_tooltip,
                       const char *mnemonic,
                       const char *name,
                       const char *tooltip)
{
    GtkWidget *cancel = gtk_dialog_add_button (dialog, _("_Cancel"), GTK_RESPONSE_CANCEL);
    GtkWidget *action;

    vireo_ops_name (cancel, _("Cancel"), cancel_tooltip);
    action = vireo_ops_name (gtk_dialog_add_button (dialog, mnemonic, GTK_RESPONSE_ACCEPT),
                             name, tooltip);
    gtk_style_context_add_class (gtk_widget_get_style_context (action), "suggested-action");
    return action;
}

/* ------------------------------------------------------------ progress */

struct _VireoOpsProgress {
    GtkBox     parent_instance;

    GtkWidget *bar;
    GtkWidget *status;
};

G_DEFINE_FINAL_TYPE (VireoOpsProgress, vireo_ops_progress, GTK_TYPE_BOX)

static void
update_visible (VireoOpsProgress *self)
{
    gtk_widget_set_visible (GTK_WIDGET (self), gtk_widget_get_visible (self->bar) ||
                                               gtk_widget_get_visible (self->status));
}

static void
vireo_ops_progress_class_init (VireoOpsProgressClass *klass)
{
}

static void
vireo_ops_progress_init (VireoOpsProgress *self)
{
    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing (GTK_BOX (self), 12);
    gtk_widget_set_no_show_all (GTK_WIDGET (self), TRUE);
}

GtkWidget *
vireo_ops_progress_new (const char *tooltip,
                        int         max_width_chars)
{
    VireoOpsProgress *self = g_object_new (VIREO_TYPE_OPS_PROGRESS, NULL);

    self->bar = vireo_ops_name (gtk_progress_bar_new (), _("Progress"), tooltip);
    gtk_widget_set_no_show_all (self->bar, TRUE);
    gtk_container_add (GTK_CONTAINER (self), self->bar);
    self->status = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->status), 0);
    gtk_label_set_line_wrap (GTK_LABEL (self->status), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->status), max_width_chars);
    gtk_widget_set_no_show_all (self->status, TRUE);
    gtk_container_add (GTK_CONTAINER (self), self->status);
    return GTK_WIDGET (self);
}

void
vireo_ops_progress_set_status (VireoOpsProgress *self,
                               const char       *text,
                               gboolean          error)
{
    GtkStyleContext *style;

    g_return_if_fail (VIREO_IS_OPS_PROGRESS (self));

    style = gtk_widget_get_style_context (self->status);
    gtk_label_set_text (GTK_LABEL (self->status), text ? text : "");
    if (error)
        gtk_style_context_add_class (style, "error");
    else
        gtk_style_context_remove_class (style, "error");
    gtk_widget_set_visible (self->status, text != NULL);
    update_visible (self);
}

void
vireo_ops_progress_start (VireoOpsProgress *self,
                          VireoProgress    *progress)
{
    g_return_if_fail (VIREO_IS_OPS_PROGRESS (self));

    vireo_ops_follow_progress (GTK_PROGRESS_BAR (self->bar), progress);
    gtk_widget_show (self->bar);
    update_visible (self);
}

void
vireo_ops_progress_stop (VireoOpsProgress *self)
{
    g_return_if_fail (VIREO_IS_OPS_PROGRESS (self));

    gtk_widget_hide (self->bar);
    update_visible (self);
}
