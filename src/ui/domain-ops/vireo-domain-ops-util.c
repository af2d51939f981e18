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

GtkWidget *
vireo_ops_connection_combo (GPtrArray       *connections,
                            VireoConnection *except,
                            gboolean         local_only)
{
    GtkWidget *combo = gtk_combo_box_text_new ();
    GPtrArray *kept = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; connections != NULL && i < connections->len; i++) {
        VireoConnection *c = connections->pdata[i];
        g_autofree char *name = NULL;

        if (c == except || vireo_connection_get_state (c) != VIREO_CONNECTION_STATE_ACTIVE)
            continue;
        if (local_only && !vireo_uri_is_local (vireo_connection_get_uri (c)))
            continue;
        name = vireo_connection_dup_display_name (c);
        gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), name);
        g_ptr_array_add (kept, g_object_ref (c));
    }
    g_object_set_data_full (G_OBJECT (combo), "vireo-connections", kept,
                            (GDestroyNotify) g_ptr_array_unref);
    if (kept->len > 0)
        gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
    else
        gtk_widget_set_sensitive (combo, FALSE);
    return combo;
}

VireoConnection *
vireo_ops_connection_combo_get (GtkWidget *combo)
{
    GPtrArray *kept = g_object_get_data (G_OBJECT (combo), "vireo-connections");
    int active = gtk_combo_box_get_active (GTK_COMBO_BOX (combo));

    if (kept == NULL || active < 0 || (guint) active >= kept->len)
        return NULL;
    return kept->pdata[active];
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
                           VireoConnection *except,
                           gboolean         local_only,
                           const char      *tooltip)
{
    GtkWidget *combo = vireo_ops_name (vireo_ops_connection_combo (connections, except,
                                                                   local_only),
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
