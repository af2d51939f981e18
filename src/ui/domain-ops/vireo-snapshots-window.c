/* vireo-snapshots-window.c: a VM's snapshots: the tree, new, revert, delete, descriptions
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-domain-ops-util.h"
#include "vireo-domain-snapshot.h"
#include "vireo-snapshots-window.h"

#define THUMBNAIL_WIDTH 96

enum {
    COL_THUMBNAIL,
    COL_NAME,
    COL_CURRENT,
    COL_TIME,
    COL_STATE,
    COL_KIND,
    COL_DESCRIPTION,
    COL_SNAPSHOT,   /* VireoSnapshot (boxed) */
    N_COLS
};

enum {
    KIND_INTERNAL,
    KIND_EXTERNAL_DISKS,
    KIND_EXTERNAL_MEMORY,
};

struct _VireoSnapshotsView {
    GtkBox parent_instance;

    GtkTreeStore *store;
    GtkWidget    *tree;
    GtkWidget    *name_entry;
    GtkWidget    *new_description_entry;
    GtkWidget    *kind_combo;
    GtkWidget    *create_button;
    GtkWidget    *description_entry;
    GtkWidget    *save_button;
    GtkWidget    *revert_button;
    GtkWidget    *new_vm_button;
    GtkWidget    *delete_button;
    GtkWidget    *refresh_button;
    GtkWidget    *status_label;

    VireoDomain          *domain;
    VireoSnapshotSupport *support;
    GCancellable         *cancellable;
    int                   n_snapshots;
    gboolean              busy;
};

G_DEFINE_FINAL_TYPE (VireoSnapshotsView, vireo_snapshots_view, GTK_TYPE_BOX)

static void
set_status (VireoSnapshotsView *self, const char *text, gboolean error)
{
    GtkStyleContext *style = gtk_widget_get_style_context (self->status_label);

    gtk_label_set_text (GTK_LABEL (self->status_label), text ? text : "");
    atk_object_set_name (gtk_widget_get_accessible (self->status_label), text ? text : "");
    if (error)
        gtk_style_context_add_class (style, "error");
    else
        gtk_style_context_remove_class (style, "error");
}

/* A copy of the snapshot selected, or NULL. */
static VireoSnapshot *
dup_selected (VireoSnapshotsView *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (GTK_TREE_VIEW (self->tree));
    GtkTreeModel *model;
    GtkTreeIter iter;
    VireoSnapshot *snapshot = NULL;

    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, COL_SNAPSHOT, &snapshot, -1);
    return snapshot;
}

static void
update_buttons (VireoSnapshotsView *self)
{
    g_autoptr(VireoSnapshot) snapshot = dup_selected (self);
    gboolean idle = !self->busy;

    gtk_widget_set_sensitive (self->create_button, idle && self->support != NULL &&
                              (self->support->internal || self->support->external));
    gtk_widget_set_sensitive (self->revert_button, idle && snapshot != NULL);
    gtk_widget_set_sensitive (self->new_vm_button, idle && snapshot != NULL);
    gtk_widget_set_sensitive (self->delete_button, idle && snapshot != NULL);
    gtk_widget_set_sensitive (self->save_button, idle && snapshot != NULL);
    gtk_widget_set_sensitive (self->description_entry, idle && snapshot != NULL);
    gtk_widget_set_sensitive (self->refresh_button, idle);
}

static void
selection_changed_cb (VireoSnapshotsView *self)
{
    g_autoptr(VireoSnapshot) snapshot = dup_selected (self);

    gtk_entry_set_text (GTK_ENTRY (self->description_entry),
                        snapshot && snapshot->description ? snapshot->description : "");
    if (snapshot != NULL && !snapshot->can_revert && snapshot->revert_problem != NULL)
        set_status (self, snapshot->revert_problem, FALSE);
    update_buttons (self);
}

static const char *
kind_text (const VireoSnapshot *snapshot)
{
    if (snapshot->kind == VIREO_SNAPSHOT_INTERNAL)
        return snapshot->memory ? _("Internal, with memory") : _("Internal");
    return snapshot->memory ? _("External, with memory") : _("External, disks only");
}

static GdkPixbuf *
thumbnail (const VireoSnapshot *snapshot)
{
    if (snapshot->thumbnail == NULL)
        return NULL;
    return gdk_pixbuf_new_from_file_at_scale (snapshot->thumbnail, THUMBNAIL_WIDTH, -1, TRUE,
                                              NULL);
}

static gboolean
find_row (GtkTreeModel *model, GtkTreeIter *parent, const char *name, GtkTreeIter *found)
{
    GtkTreeIter iter;

    if (!gtk_tree_model_iter_children (model, &iter, parent))
        return FALSE;
    do {
        g_autofree char *row = NULL;

        gtk_tree_model_get (model, &iter, COL_NAME, &row, -1);
        if (g_strcmp0 (row, name) == 0) {
            *found = iter;
            return TRUE;
        }
        if (find_row (model, &iter, name, found))
            return TRUE;
    } while (gtk_tree_model_iter_next (model, &iter));
    return FALSE;
}

static void
list_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoSnapshotsView) self = user_data;
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autoptr(GError) error = NULL;

    snapshots = vireo_domain_list_snapshots_finish (VIREO_DOMAIN (source), result, &error);
    if (vireo_error_is_cancelled (error))
        return;
    gtk_tree_store_clear (self->store);
    if (snapshots == NULL) {
        set_status (self, error->message, TRUE);
        self->n_snapshots = 0;
        update_buttons (self);
        return;
    }
    /* Parents come before their children. */
    for (guint i = 0; i < snapshots->len; i++) {
        VireoSnapshot *s = snapshots->pdata[i];
        GtkTreeIter parent, iter;
        gboolean has_parent = s->parent != NULL &&
                              find_row (GTK_TREE_MODEL (self->store), NULL, s->parent, &parent);
        g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (s->creation_time);
        g_autofree char *time = when ? g_date_time_format (when, "%x %X")
                                     : g_strdup ("");
        g_autoptr(GdkPixbuf) pixbuf = thumbnail (s);

        gtk_tree_store_append (self->store, &iter, has_parent ? &parent : NULL);
        gtk_tree_store_set (self->store, &iter,
                            COL_THUMBNAIL, pixbuf,
                            COL_NAME, s->name,
                            COL_CURRENT, s->current ? _("Current") : "",
                            COL_TIME, time,
                            COL_STATE, s->state,
                            COL_KIND, kind_text (s),
                            COL_DESCRIPTION, s->description,
                            COL_SNAPSHOT, s,
                            -1);
    }
    self->n_snapshots = (int) snapshots->len;
    gtk_tree_view_expand_all (GTK_TREE_VIEW (self->tree));
    update_buttons (self);
}

static void
support_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoSnapshotsView) self = user_data;
    g_autoptr(GError) error = NULL;
    VireoSnapshotSupport *support;
    GtkComboBoxText *combo = GTK_COMBO_BOX_TEXT (self->kind_combo);

    support = vireo_domain_query_snapshot_support_finish (VIREO_DOMAIN (source), result,
                                                          &error);
    if (vireo_error_is_cancelled (error))
        return;
    g_clear_pointer (&self->support, vireo_snapshot_support_free);
    self->support = support;
    gtk_combo_box_text_remove_all (combo);
    if (support == NULL) {
        set_status (self, error->message, TRUE);
    } else {
        if (support->internal)
            gtk_combo_box_text_append (combo, "internal",
                                       support->memory ? _("Internal, with memory")
                                                       : _("Internal"));
        if (support->external) {
            gtk_combo_box_text_append (combo, "external", _("External, disks only"));
            if (support->memory)
                gtk_combo_box_text_append (combo, "external-memory",
                                           _("External, with memory"));
        }
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind_combo),
                                     support->preferred == VIREO_SNAPSHOT_INTERNAL &&
                                     support->internal ? "internal"
                                     : support->memory ? "external-memory" : "external");
        if (!support->internal && support->internal_problem)
            set_status (self, support->internal_problem, FALSE);
        if (!support->internal && !support->external && support->external_problem)
            set_status (self, support->external_problem, TRUE);
    }
    update_buttons (self);
}

void
vireo_snapshots_view_refresh (VireoSnapshotsView *self)
{
    g_return_if_fail (VIREO_IS_SNAPSHOTS_VIEW (self));

    self->n_snapshots = -1;
    vireo_domain_list_snapshots_async (self->domain, self->cancellable, list_cb,
                                       g_object_ref (self));
    vireo_domain_query_snapshot_support_async (self->domain, self->cancellable, support_cb,
                                               g_object_ref (self));
}

int
vireo_snapshots_view_get_n_snapshots (VireoSnapshotsView *self)
{
    g_return_val_if_fail (VIREO_IS_SNAPSHOTS_VIEW (self), -1);

    return self->n_snapshots;
}

static void
set_busy (VireoSnapshotsView *self, const char *text)
{
    self->busy = text != NULL;
    if (text != NULL)
        set_status (self, text, FALSE);
    update_buttons (self);
}

/* ---------------------------------------------------------------- actions */

static void
create_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoSnapshotsView) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoSnapshot) snapshot = NULL;

    snapshot = vireo_domain_create_snapshot_finish (VIREO_DOMAIN (source), result, &error);
    if (vireo_error_is_cancelled (error))
        return;
    set_busy (self, NULL);
    if (snapshot == NULL) {
        set_status (self, error->message, TRUE);
        return;
    }
    {
        g_autofree char *text = g_strdup_printf (_("Snapshot “%s” made."), snapshot->name);

        set_status (self, text, FALSE);
    }
    gtk_entry_set_text (GTK_ENTRY (self->name_entry), "");
    gtk_entry_set_text (GTK_ENTRY (self->new_description_entry), "");
    vireo_snapshots_view_refresh (self);
}

static void
create_clicked_cb (VireoSnapshotsView *self)
{
    const char *name = gtk_entry_get_text (GTK_ENTRY (self->name_entry));
    const char *kind = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->kind_combo));
    g_autofree char *generated = NULL;

    if (kind == NULL)
        return;
    if (*name == '\0') {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();

        generated = g_date_time_format (now, "snapshot-%Y%m%d-%H%M%S");
        name = generated;
    }
    set_busy (self, _("Making the snapshot…"));
    vireo_domain_create_snapshot_async (self->domain, name,
                                        gtk_entry_get_text (GTK_ENTRY (
                                            self->new_description_entry)),
                                        g_str_equal (kind, "internal")
                                            ? VIREO_SNAPSHOT_INTERNAL : VIREO_SNAPSHOT_EXTERNAL,
                                        !g_str_equal (kind, "external"),
                                        self->cancellable, create_cb, g_object_ref (self));
}

static void
describe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoSnapshotsView) self = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_domain_set_snapshot_description_finish (VIREO_DOMAIN (source), result, &error)) {
        if (vireo_error_is_cancelled (error))
            return;
        set_busy (self, NULL);
        set_status (self, error->message, TRUE);
        return;
    }
    set_busy (self, NULL);
    set_status (self, _("Description saved."), FALSE);
    vireo_snapshots_view_refresh (self);
}

static void
save_clicked_cb (VireoSnapshotsView *self)
{
    g_autoptr(VireoSnapshot) snapshot = dup_selected (self);

    if (snapshot == NULL)
        return;
    set_busy (self, _("Saving the description…"));
    vireo_domain_set_snapshot_description_async (self->domain, snapshot->name,
                                                 gtk_entry_get_text (GTK_ENTRY (
                                                     self->description_entry)),
                                                 self->cancellable, describe_cb,
                                                 g_object_ref (self));
}

static void
revert_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoSnapshotsView) self = user_data;
    g_autoptr(GError) error = NULL;

    if (!vireo_domain_revert_snapshot_finish (VIREO_DOMAIN (source), result, &error)) {
        if (vireo_error_is_cancelled (error))
            return;
        set_busy (self, NULL);
        set_status (self, error->message, TRUE);
        return;
    }
    set_busy (self, NULL);
    set_status (self, _("Reverted."), FALSE);
    vireo_snapshots_view_refresh (self);
}

static void
revert_clicked_cb (VireoSnapshotsView *self)
{
    g_autoptr(VireoSnapshot) snapshot = dup_selected (self);

    if (snapshot == NULL)
        return;
    if (!snapshot->can_revert) {
        /* Said plainly, with what can be done instead: New VM from Snapshot. */
        set_status (self, snapshot->revert_problem ? snapshot->revert_problem
                                                   : _("This snapshot cannot be reverted to."),
                    TRUE);
        return;
    }
    set_busy (self, _("Reverting…"));
    vireo_domain_revert_snapshot_async (self->domain, snapshot->name, self->cancellable,
                                        revert_cb, g_object_ref (self));
}

static void
new_vm_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoSnapshotsView) self = user_data;
    g_autoptr(GError) error = NULL;
    VireoDomain *made = vireo_domain_new_from_snapshot_finish (VIREO_DOMAIN (source), result,
                                                               &error);

    if (vireo_error_is_cancelled (error))
        return;
    set_busy (self, NULL);
    if (made == NULL) {
        set_status (self, error->message, TRUE);
        return;
    }
    {
        g_autofree char *text = g_strdup_printf (_("The virtual machine “%s” was made from the "
                                                   "snapshot."), vireo_domain_get_name (made));

        set_status (self, text, FALSE);
    }
}

static void
new_vm_clicked_cb (VireoSnapshotsView *self)
{
    g_autoptr(VireoSnapshot) snapshot = dup_selected (self);
    g_autofree char *name = NULL;

    if (snapshot == NULL)
        return;
    name = g_strdup_printf ("%s-%s", vireo_domain_get_name (self->domain), snapshot->name);
    set_busy (self, _("Making a virtual machine from the snapshot…"));
    vireo_domain_new_from_snapshot_async (self->domain, snapshot->name, name, NULL,
                                          self->cancellable, new_vm_cb, g_object_ref (self));
}

static void
delete_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(VireoSnapshotsView) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *notice = NULL;

    if (!vireo_domain_delete_snapshot_finish (VIREO_DOMAIN (source), result, &notice, &error)) {
        if (vireo_error_is_cancelled (error))
            return;
        set_busy (self, NULL);
        set_status (self, error->message, TRUE);
        return;
    }
    set_busy (self, NULL);
    set_status (self, notice ? notice : _("Snapshot deleted."), FALSE);
    vireo_snapshots_view_refresh (self);
}

static void
delete_clicked_cb (VireoSnapshotsView *self)
{
    g_autoptr(VireoSnapshot) snapshot = dup_selected (self);

    if (snapshot == NULL)
        return;
    set_busy (self, _("Deleting the snapshot…"));
    vireo_domain_delete_snapshot_async (self->domain, snapshot->name, self->cancellable,
                                        delete_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------- widget */

static GtkWidget *
button (const char *label, const char *name, const char *tooltip, GCallback cb, gpointer self)
{
    GtkWidget *b = vireo_ops_name (gtk_button_new_with_mnemonic (label), name, tooltip);

    g_signal_connect_swapped (b, "clicked", cb, self);
    return b;
}

static void
add_text_column (GtkTreeView *tree, const char *title, int column)
{
    GtkCellRenderer *cell = gtk_cell_renderer_text_new ();
    GtkTreeViewColumn *col = gtk_tree_view_column_new_with_attributes (title, cell, "text",
                                                                       column, NULL);

    gtk_tree_view_column_set_resizable (col, TRUE);
    gtk_tree_view_append_column (tree, col);
}

static void
vireo_snapshots_view_dispose (GObject *object)
{
    VireoSnapshotsView *self = VIREO_SNAPSHOTS_VIEW (object);

    if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->store);
    g_clear_object (&self->domain);
    g_clear_pointer (&self->support, vireo_snapshot_support_free);
    G_OBJECT_CLASS (vireo_snapshots_view_parent_class)->dispose (object);
}

static void
vireo_snapshots_view_class_init (VireoSnapshotsViewClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = vireo_snapshots_view_dispose;
}

static void
vireo_snapshots_view_init (VireoSnapshotsView *self)
{
    GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
    GtkWidget *grid = gtk_grid_new ();
    GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *new_frame = gtk_frame_new (_("New snapshot"));
    GtkWidget *new_grid = gtk_grid_new ();
    GtkTreeView *tree;
    GtkTreeViewColumn *col;
    GtkCellRenderer *cell;

    self->cancellable = g_cancellable_new ();
    self->n_snapshots = -1;
    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing (GTK_BOX (self), 8);
    gtk_container_set_border_width (GTK_CONTAINER (self), 12);

    self->store = gtk_tree_store_new (N_COLS, GDK_TYPE_PIXBUF, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING, VIREO_TYPE_SNAPSHOT);
    self->tree = vireo_ops_name (gtk_tree_view_new_with_model (GTK_TREE_MODEL (self->store)),
                                 _("Snapshots"),
                                 _("The snapshots, each under the one it was made from"));
    tree = GTK_TREE_VIEW (self->tree);
    cell = gtk_cell_renderer_pixbuf_new ();
    col = gtk_tree_view_column_new_with_attributes (_("Screenshot"), cell, "pixbuf",
                                                    COL_THUMBNAIL, NULL);
    gtk_tree_view_append_column (tree, col);
    add_text_column (tree, _("Name"), COL_NAME);
    add_text_column (tree, _("Current"), COL_CURRENT);
    add_text_column (tree, _("Time"), COL_TIME);
    add_text_column (tree, _("State"), COL_STATE);
    add_text_column (tree, _("Type"), COL_KIND);
    add_text_column (tree, _("Description"), COL_DESCRIPTION);
    gtk_tree_view_set_expander_column (tree, gtk_tree_view_get_column (tree, 1));
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
    gtk_widget_set_vexpand (scrolled, TRUE);
    gtk_container_add (GTK_CONTAINER (scrolled), self->tree);
    gtk_container_add (GTK_CONTAINER (self), scrolled);
    g_signal_connect_swapped (gtk_tree_view_get_selection (tree), "changed",
                              G_CALLBACK (selection_changed_cb), self);

    /* The one selected: its description, revert, delete. */
    gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->description_entry = vireo_ops_name (gtk_entry_new (), _("Description"),
                                              _("The description of the snapshot selected"));
    vireo_ops_grid_row (GTK_GRID (grid), 0, _("_Description:"), self->description_entry);
    self->save_button = button (_("_Save Description"), _("Save Description"),
                                _("Keep this description with the snapshot"),
                                G_CALLBACK (save_clicked_cb), self);
    gtk_grid_attach (GTK_GRID (grid), self->save_button, 2, 0, 1, 1);
    gtk_container_add (GTK_CONTAINER (self), grid);

    self->revert_button = button (_("_Revert"), _("Revert"),
                                  _("Go back to the snapshot selected: the disks, and the "
                                    "memory if it kept it"), G_CALLBACK (revert_clicked_cb),
                                  self);
    self->new_vm_button = button (_("New _VM from Snapshot"), _("New VM from Snapshot"),
                                  _("Make a new virtual machine whose disks are as they were "
                                    "at the snapshot (what to do where revert cannot)"),
                                  G_CALLBACK (new_vm_clicked_cb), self);
    self->delete_button = button (_("_Delete"), _("Delete"),
                                  _("Delete the snapshot selected: its data is merged or left "
                                    "where something still needs it, and the window says "
                                    "which"), G_CALLBACK (delete_clicked_cb), self);
    self->refresh_button = button (_("Re_fresh"), _("Refresh"), _("Read the snapshots again"),
                                   G_CALLBACK (vireo_snapshots_view_refresh), self);
    gtk_container_add (GTK_CONTAINER (actions), self->revert_button);
    gtk_container_add (GTK_CONTAINER (actions), self->new_vm_button);
    gtk_container_add (GTK_CONTAINER (actions), self->delete_button);
    gtk_box_pack_end (GTK_BOX (actions), self->refresh_button, FALSE, FALSE, 0);
    gtk_container_add (GTK_CONTAINER (self), actions);

    /* A new one. */
    gtk_grid_set_row_spacing (GTK_GRID (new_grid), 6);
    gtk_grid_set_column_spacing (GTK_GRID (new_grid), 12);
    gtk_container_set_border_width (GTK_CONTAINER (new_grid), 8);
    self->name_entry = vireo_ops_name (gtk_entry_new (), _("Snapshot name"),
                                       _("The new snapshot's name (empty: the date and time)"));
    vireo_ops_grid_row (GTK_GRID (new_grid), 0, _("_Name:"), self->name_entry);
    self->new_description_entry = vireo_ops_name (gtk_entry_new (), _("New description"),
                                                  _("What the new snapshot is for"));
    vireo_ops_grid_row (GTK_GRID (new_grid), 1, _("D_escription:"),
                        self->new_description_entry);
    self->kind_combo = vireo_ops_name (gtk_combo_box_text_new (), _("Type"),
                                       _("Internal (inside the qcow2 images) or external "
                                         "(overlay files), with the memory of a running VM; "
                                         "only the types this VM allows are offered"));
    vireo_ops_grid_row (GTK_GRID (new_grid), 2, _("_Type:"), self->kind_combo);
    self->create_button = button (_("_Take Snapshot"), _("Take Snapshot"),
                                  _("Make the snapshot now (a running VM keeps running)"),
                                  G_CALLBACK (create_clicked_cb), self);
    gtk_grid_attach (GTK_GRID (new_grid), self->create_button, 1, 3, 1, 1);
    gtk_container_add (GTK_CONTAINER (new_frame), new_grid);
    gtk_container_add (GTK_CONTAINER (self), new_frame);

    self->status_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
    gtk_label_set_line_wrap (GTK_LABEL (self->status_label), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->status_label), TRUE);
    vireo_ops_name (self->status_label, "", _("What the last action did"));
    gtk_container_add (GTK_CONTAINER (self), self->status_label);
    gtk_widget_show_all (GTK_WIDGET (self));
    update_buttons (self);
}

GtkWidget *
vireo_snapshots_view_new (VireoDomain *domain)
{
    VireoSnapshotsView *self;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIREO_TYPE_SNAPSHOTS_VIEW, NULL);
    self->domain = g_object_ref (domain);
    vireo_snapshots_view_refresh (self);
    return GTK_WIDGET (self);
}
