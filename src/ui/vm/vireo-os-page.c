/* vireo-os-page.c: the VM's operating system, changed from a searchable list
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-error-cancelled.h"
#include "vireo-os-page.h"

enum {
    COLUMN_NAME,
    COLUMN_ID,
    COLUMN_SHORT_ID,
    COLUMN_VENDOR,
    COLUMN_EOL,
};

struct _VireoOsPage {
    VireoDetailsPage parent_instance;

    /* template widgets */
    GtkLabel           *os_label;
    GtkLabel           *id_label;
    GtkSearchEntry     *search_entry;
    GtkToggleButton    *eol_check;
    GtkStack           *list_stack;
    GtkLabel           *list_status;
    GtkTreeView        *os_view;
    GtkTreeSelection   *os_selection;
    GtkListStore       *os_store;
    GtkTreeModelFilter *os_filter;

    /* owned */
    GCancellable       *cancellable;
    char               *loaded_id;      /* the OS of the definition */
    char               *chosen_id;      /* the OS selected, or NULL */
    char               *chosen_name;

    /* state */
    gboolean            list_requested;
};

G_DEFINE_FINAL_TYPE (VireoOsPage, vireo_os_page, VIREO_TYPE_DETAILS_PAGE)

static gboolean
contains (const char *haystack,
          const char *needle)
{
    g_autofree char *folded = NULL;

    if (haystack == NULL)
        return FALSE;
    folded = g_utf8_casefold (haystack, -1);
    return strstr (folded, needle) != NULL;
}

/* ---------------------------------------------------------------- callbacks */

static gboolean
os_visible_cb (GtkTreeModel *model,
               GtkTreeIter  *iter,
               gpointer      user_data)
{
    VireoOsPage *self = user_data;
    const char *text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
    g_autofree char *needle = g_utf8_casefold (text, -1);
    g_autofree char *name = NULL;
    g_autofree char *short_id = NULL;
    g_autofree char *vendor = NULL;
    g_autofree char *id = NULL;
    gboolean eol = FALSE;

    gtk_tree_model_get (model, iter, COLUMN_NAME, &name, COLUMN_ID, &id,
                        COLUMN_SHORT_ID, &short_id, COLUMN_VENDOR, &vendor, COLUMN_EOL, &eol,
                        -1);
    /* The VM's own OS stays in the list. */
    if (eol && !gtk_toggle_button_get_active (self->eol_check) &&
        g_strcmp0 (id, self->loaded_id) != 0)
        return FALSE;
    return *needle == '\0' || contains (name, needle) || contains (short_id, needle) ||
           contains (vendor, needle);
}

static void
search_changed_cb (VireoOsPage *self)
{
    gtk_tree_model_filter_refilter (self->os_filter);
}

static void
selection_changed_cb (VireoOsPage *self)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *id = NULL;
    g_autofree char *name = NULL;

    if (vireo_details_page_is_loading (VIREO_DETAILS_PAGE (self)) ||
        !gtk_tree_selection_get_selected (self->os_selection, &model, &iter))
        return;
    gtk_tree_model_get (model, &iter, COLUMN_ID, &id, COLUMN_NAME, &name, -1);
    if (g_strcmp0 (id, self->chosen_id) == 0)
        return;
    g_free (self->chosen_id);
    self->chosen_id = g_steal_pointer (&id);
    g_free (self->chosen_name);
    self->chosen_name = g_steal_pointer (&name);
    gtk_label_set_text (self->os_label, self->chosen_name);
    gtk_label_set_text (self->id_label, self->chosen_id);
    vireo_details_page_set_dirty (VIREO_DETAILS_PAGE (self),
                                  g_strcmp0 (self->chosen_id, self->loaded_id) != 0);
}

static void
entries_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    VireoOsPage *self = user_data;
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GError) error = NULL;

    entries = vireo_osinfo_list_entries_finish (result, &error);
    if (vireo_error_is_cancelled (error))
        return;
    if (entries == NULL) {
        gtk_label_set_text (self->list_status, error->message);
        return;
    }
    for (guint i = 0; i < entries->len; i++) {
        VireoOsEntry *entry = entries->pdata[i];

        gtk_list_store_insert_with_values (self->os_store, NULL, -1, COLUMN_NAME, entry->name,
                                           COLUMN_ID, entry->id, COLUMN_SHORT_ID, entry->short_id,
                                           COLUMN_VENDOR, entry->vendor, COLUMN_EOL, entry->eol,
                                           -1);
    }
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    VireoOsPage *self = user_data;
    g_autoptr(VireoOsEntry) entry = NULL;
    g_autoptr(GError) error = NULL;

    entry = vireo_osinfo_lookup_entry_finish (result, &error);
    if (vireo_error_is_cancelled (error))
        return;
    /* The user chose another one meanwhile. */
    if (self->chosen_id != NULL)
        return;
    gtk_label_set_text (self->os_label, entry != NULL ? entry->name : error->message);
}

/* ---------------------------------------------------------------- overrides */

static void
vireo_os_page_load (VireoDetailsPage  *page,
                    VireoDomainEditor *editor)
{
    VireoOsPage *self = VIREO_OS_PAGE (page);

    g_free (self->loaded_id);
    self->loaded_id = vireo_domain_editor_dup_value (editor, "metadata", 0, "os_full_id");
    g_clear_pointer (&self->chosen_id, g_free);
    g_clear_pointer (&self->chosen_name, g_free);
    gtk_tree_selection_unselect_all (self->os_selection);
    gtk_label_set_text (self->id_label, self->loaded_id != NULL ? self->loaded_id : _("None"));
    if (self->loaded_id == NULL) {
        gtk_label_set_text (self->os_label, _("Not known: the definition names no OS"));
        return;
    }
    gtk_label_set_text (self->os_label, _("Looking it up…"));
    vireo_osinfo_lookup_entry_async (self->loaded_id, self->cancellable, lookup_cb, self);
}

static gboolean
vireo_os_page_apply (VireoDetailsPage  *page,
                     VireoDomainEditor *editor,
                     GError           **error)
{
    VireoOsPage *self = VIREO_OS_PAGE (page);
    g_autoptr(VireoDomainEdit) edit = NULL;

    if (self->chosen_id == NULL || g_strcmp0 (self->chosen_id, self->loaded_id) == 0)
        return TRUE;
    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "metadata", error);
    return edit != NULL && vireo_domain_edit_set (edit, "os_full_id", self->chosen_id, error) &&
           vireo_domain_editor_apply (editor, edit, error);
}

static void
vireo_os_page_shown (VireoDetailsPage *page,
                     gboolean          shown)
{
    VireoOsPage *self = VIREO_OS_PAGE (page);

    if (!shown || self->list_requested)
        return;
    self->list_requested = TRUE;
    vireo_osinfo_list_entries_async (self->cancellable, entries_cb, self);
}

static void
vireo_os_page_dispose (GObject *object)
{
    VireoOsPage *self = VIREO_OS_PAGE (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (vireo_os_page_parent_class)->dispose (object);
}

static void
vireo_os_page_finalize (GObject *object)
{
    VireoOsPage *self = VIREO_OS_PAGE (object);

    g_free (self->loaded_id);
    g_free (self->chosen_id);
    g_free (self->chosen_name);
    G_OBJECT_CLASS (vireo_os_page_parent_class)->finalize (object);
}

static void
vireo_os_page_class_init (VireoOsPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

    object_class->dispose = vireo_os_page_dispose;
    object_class->finalize = vireo_os_page_finalize;
    page_class->load = vireo_os_page_load;
    page_class->apply = vireo_os_page_apply;
    page_class->shown = vireo_os_page_shown;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-os-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, os_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, id_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, search_entry);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, eol_check);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, list_stack);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, list_status);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, os_view);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, os_selection);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, os_store);
    gtk_widget_class_bind_template_child (widget_class, VireoOsPage, os_filter);
    gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
}

static void
vireo_os_page_init (VireoOsPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->cancellable = g_cancellable_new ();
    gtk_tree_model_filter_set_visible_func (self->os_filter, os_visible_cb, self, NULL);
}

/* ------------------------------------------------------------ public API */

GtkWidget *
vireo_os_page_new (VireoDomain *domain)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return g_object_new (VIREO_TYPE_OS_PAGE, "domain", domain, "title", _("OS Information"),
                         "icon-name", "computer-symbolic", NULL);
}
