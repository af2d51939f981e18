/* vireo-vm-tree.c: the manager's tree model of connections and their VMs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-vm-tree.h"

typedef struct {
    /* borrowed */
    VireoVmTree       *tree;
    /* owned */
    VireoConnection   *connection;
    VireoStatsSampler *sampler;       /* while the connection is active */
    GHashTable        *domains;       /* VireoDomain* (ref) -> GtkTreeIter* */
    GtkTreeIter        iter;
    guint              order;
} ConnectionEntry;

struct _VireoVmTree {
    GObject parent_instance;

    /* owned */
    GtkTreeStore *store;
    GPtrArray    *entries;            /* ConnectionEntry* in insertion order */
    guint         next_order;
};

enum {
    SIGNAL_ROWS_CHANGED,
    SIGNAL_STATS_UPDATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoVmTree, vireo_vm_tree, G_TYPE_OBJECT)

static void sync_domains (ConnectionEntry *entry);

/* Two lines like virt-manager: the name, and under it the state (or why
 * a connection failed) in a smaller, dimmer font. */
static char *
format_markup (const char *title,
               const char *subtitle,
               gboolean    bold,
               gboolean    is_error)
{
    const char *weight = bold ? "bold" : "normal";

    if (is_error)
        return g_markup_printf_escaped ("<span weight=\"%s\">%s</span>\n<span size=\"smaller\" "
                                        "foreground=\"#c01c28\">%s</span>",
                                        weight, title, subtitle);
    return g_markup_printf_escaped ("<span weight=\"%s\">%s</span>\n"
                                    "<span size=\"smaller\" alpha=\"65%%\">%s</span>",
                                    weight, title, subtitle);
}

static ConnectionEntry *
find_entry (VireoVmTree     *self,
            VireoConnection *connection)
{
    for (guint i = 0; i < self->entries->len; i++) {
        ConnectionEntry *entry = g_ptr_array_index (self->entries, i);

        if (entry->connection == connection)
            return entry;
    }
    return NULL;
}

static const char *
connection_icon_name (VireoConnection *connection)
{
    switch (vireo_connection_get_state (connection)) {
    case VIREO_CONNECTION_STATE_FAILED:
        return "dialog-error";
    case VIREO_CONNECTION_STATE_ACTIVE:
        return vireo_uri_is_local (vireo_connection_get_uri (connection))
            ? "computer" : "network-server";
    case VIREO_CONNECTION_STATE_CONNECTING:
    case VIREO_CONNECTION_STATE_DISCONNECTED:
    default:
        return "network-offline";
    }
}

static void
update_connection_row (ConnectionEntry *entry)
{
    VireoConnection *connection = entry->connection;
    g_autofree char *name = vireo_connection_dup_display_name (connection);
    g_autofree char *subtitle = NULL;
    g_autofree char *markup = NULL;
    gboolean is_error = FALSE;
    guint n;

    switch (vireo_connection_get_state (connection)) {
    case VIREO_CONNECTION_STATE_CONNECTING:
        subtitle = g_strdup (_("Connecting…"));
        break;
    case VIREO_CONNECTION_STATE_ACTIVE:
        n = g_hash_table_size (entry->domains);
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u virtual machine",
                                                 "%u virtual machines", n), n);
        break;
    case VIREO_CONNECTION_STATE_FAILED:
        is_error = TRUE;
        if (vireo_connection_get_error_message (connection) != NULL)
            subtitle = g_strdup (vireo_connection_get_error_message (connection));
        else
            subtitle = g_strdup (_("The connection failed."));
        break;
    case VIREO_CONNECTION_STATE_DISCONNECTED:
    default:
        subtitle = g_strdup (_("Not connected"));
        break;
    }

    markup = format_markup (name, subtitle, TRUE, is_error);
    gtk_tree_store_set (entry->tree->store, &entry->iter,
                        VIREO_VM_TREE_COLUMN_ICON_NAME, connection_icon_name (connection),
                        VIREO_VM_TREE_COLUMN_NAME, name,
                        VIREO_VM_TREE_COLUMN_SUBTITLE, subtitle,
                        VIREO_VM_TREE_COLUMN_MARKUP, markup,
                        VIREO_VM_TREE_COLUMN_IS_ERROR, is_error,
                        -1);
}

/* A VM row's values, all at once: a sorted store that gets the sort key in a
 * second call moves the row again and makes the view rebuild its level. */
typedef struct {
    const char *icon_name;
    const char *name;
    char       *state;
    char       *markup;
    char       *key;
} DomainRow;

static void
domain_row_init (DomainRow *row, VireoDomain *domain)
{
    row->name = vireo_domain_get_name (domain);
    row->icon_name = vireo_domain_state_icon_name (vireo_domain_get_state (domain));
    row->state = vireo_domain_state_describe (vireo_domain_get_state (domain),
                                              vireo_domain_get_reason (domain));
    row->markup = format_markup (row->name, row->state, FALSE, FALSE);
    row->key = g_utf8_collate_key_for_filename (row->name, -1);
}

static void
domain_row_clear (DomainRow *row)
{
    g_free (row->state);
    g_free (row->markup);
    g_free (row->key);
}

static void
update_domain_row (ConnectionEntry *entry,
                   VireoDomain     *domain,
                   GtkTreeIter     *iter)
{
    DomainRow row;

    domain_row_init (&row, domain);
    gtk_tree_store_set (entry->tree->store, iter,
                        VIREO_VM_TREE_COLUMN_ICON_NAME, row.icon_name,
                        VIREO_VM_TREE_COLUMN_NAME, row.name,
                        VIREO_VM_TREE_COLUMN_SUBTITLE, row.state,
                        VIREO_VM_TREE_COLUMN_MARKUP, row.markup,
                        VIREO_VM_TREE_COLUMN_SORT_KEY, row.key,
                        -1);
    domain_row_clear (&row);
}

static void
domain_changed_cb (VireoDomain     *domain,
                   ConnectionEntry *entry)
{
    GtkTreeIter *iter = g_hash_table_lookup (entry->domains, domain);

    if (iter != NULL)
        update_domain_row (entry, domain, iter);
}

static void
domain_notify_name_cb (VireoDomain     *domain,
                       GParamSpec      *pspec,
                       ConnectionEntry *entry)
{
    domain_changed_cb (domain, entry);
}

static gboolean
add_domain (ConnectionEntry *entry,
            VireoDomain     *domain)
{
    GtkTreeIter *iter;
    DomainRow row;

    if (g_hash_table_contains (entry->domains, domain))
        return FALSE;

    iter = g_new0 (GtkTreeIter, 1);
    domain_row_init (&row, domain);
    gtk_tree_store_insert_with_values (entry->tree->store, iter, &entry->iter, -1,
                                       VIREO_VM_TREE_COLUMN_CONNECTION, entry->connection,
                                       VIREO_VM_TREE_COLUMN_DOMAIN, domain,
                                       VIREO_VM_TREE_COLUMN_ICON_NAME, row.icon_name,
                                       VIREO_VM_TREE_COLUMN_NAME, row.name,
                                       VIREO_VM_TREE_COLUMN_SUBTITLE, row.state,
                                       VIREO_VM_TREE_COLUMN_MARKUP, row.markup,
                                       VIREO_VM_TREE_COLUMN_SORT_KEY, row.key,
                                       -1);
    domain_row_clear (&row);
    g_hash_table_insert (entry->domains, g_object_ref (domain), iter);

    g_signal_connect (domain, "state-changed", G_CALLBACK (domain_changed_cb), entry);
    g_signal_connect (domain, "notify::name", G_CALLBACK (domain_notify_name_cb), entry);
    return TRUE;
}

static gboolean
remove_domain (ConnectionEntry *entry,
               VireoDomain     *domain)
{
    GtkTreeIter *iter = g_hash_table_lookup (entry->domains, domain);

    if (iter == NULL)
        return FALSE;
    gtk_tree_store_remove (entry->tree->store, iter);
    g_signal_handlers_disconnect_by_data (domain, entry);
    g_hash_table_remove (entry->domains, domain);
    return TRUE;
}

static void
remove_all_domains (ConnectionEntry *entry)
{
    GHashTableIter hiter;
    gpointer key;

    g_hash_table_iter_init (&hiter, entry->domains);
    while (g_hash_table_iter_next (&hiter, &key, NULL)) {
        g_signal_handlers_disconnect_by_data (key, entry);
    }
    /* Removing the children one by one keeps the view's selection sane. */
    while (TRUE) {
        GtkTreeIter child;

        if (!gtk_tree_model_iter_children (GTK_TREE_MODEL (entry->tree->store), &child,
                                           &entry->iter))
            break;
        gtk_tree_store_remove (entry->tree->store, &child);
    }
    g_hash_table_remove_all (entry->domains);
}

static void
sampler_updated_cb (VireoStatsSampler *sampler,
                    ConnectionEntry   *entry)
{
    g_signal_emit (entry->tree, signals[SIGNAL_STATS_UPDATED], 0, entry->connection);
}

static void
set_sampler (ConnectionEntry   *entry,
             VireoStatsSampler *sampler)
{
    if (entry->sampler == sampler)
        return;
    if (entry->sampler != NULL) {
        g_signal_handlers_disconnect_by_data (entry->sampler, entry);
        g_clear_object (&entry->sampler);
    }
    if (sampler != NULL) {
        entry->sampler = g_object_ref (sampler);
        g_signal_connect (sampler, "updated", G_CALLBACK (sampler_updated_cb), entry);
    }
}

static void
sync_domains (ConnectionEntry *entry)
{
    if (vireo_connection_get_state (entry->connection) == VIREO_CONNECTION_STATE_ACTIVE) {
        g_autoptr(GPtrArray) domains = vireo_connection_list_domains (entry->connection);
        g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
        g_autoptr(GPtrArray) stale = g_ptr_array_new ();
        GHashTableIter hiter;
        gpointer key;

        for (guint i = 0; domains != NULL && i < domains->len; i++) {
            VireoDomain *domain = g_ptr_array_index (domains, i);

            g_hash_table_add (present, domain);
            add_domain (entry, domain);
        }
        g_hash_table_iter_init (&hiter, entry->domains);
        while (g_hash_table_iter_next (&hiter, &key, NULL))
            if (!g_hash_table_contains (present, key))
                g_ptr_array_add (stale, key);
        for (guint i = 0; i < stale->len; i++)
            remove_domain (entry, g_ptr_array_index (stale, i));
        set_sampler (entry, vireo_connection_get_stats_sampler (entry->connection));
    } else {
        remove_all_domains (entry);
        set_sampler (entry, NULL);
    }
    update_connection_row (entry);
    g_signal_emit (entry->tree, signals[SIGNAL_ROWS_CHANGED], 0);
}

static void
connection_notify_state_cb (VireoConnection *connection,
                            GParamSpec      *pspec,
                            ConnectionEntry *entry)
{
    sync_domains (entry);
}

static void
connection_notify_row_cb (VireoConnection *connection,
                          GParamSpec      *pspec,
                          ConnectionEntry *entry)
{
    update_connection_row (entry);
    g_signal_emit (entry->tree, signals[SIGNAL_ROWS_CHANGED], 0);
}

static void
connection_domain_added_cb (VireoConnection *connection,
                            VireoDomain     *domain,
                            ConnectionEntry *entry)
{
    if (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return;
    if (add_domain (entry, domain)) {
        update_connection_row (entry);
        g_signal_emit (entry->tree, signals[SIGNAL_ROWS_CHANGED], 0);
    }
}

static void
connection_domain_removed_cb (VireoConnection *connection,
                              VireoDomain     *domain,
                              ConnectionEntry *entry)
{
    if (remove_domain (entry, domain)) {
        update_connection_row (entry);
        g_signal_emit (entry->tree, signals[SIGNAL_ROWS_CHANGED], 0);
    }
}

static void
connection_entry_free (ConnectionEntry *entry)
{
    g_signal_handlers_disconnect_by_data (entry->connection, entry);
    remove_all_domains (entry);
    set_sampler (entry, NULL);
    gtk_tree_store_remove (entry->tree->store, &entry->iter);
    g_clear_pointer (&entry->domains, g_hash_table_unref);
    g_clear_object (&entry->connection);
    g_free (entry);
}

static int
sort_func (GtkTreeModel *model,
           GtkTreeIter  *a,
           GtkTreeIter  *b,
           gpointer      user_data)
{
    g_autofree char *key_a = NULL;
    g_autofree char *key_b = NULL;

    gtk_tree_model_get (model, a, VIREO_VM_TREE_COLUMN_SORT_KEY, &key_a, -1);
    gtk_tree_model_get (model, b, VIREO_VM_TREE_COLUMN_SORT_KEY, &key_b, -1);
    return g_strcmp0 (key_a, key_b);
}

static void
vireo_vm_tree_dispose (GObject *object)
{
    VireoVmTree *self = VIREO_VM_TREE (object);

    if (self->entries != NULL) {
        while (self->entries->len > 0)
            connection_entry_free (g_ptr_array_steal_index (self->entries,
                                                            self->entries->len - 1));
    }
    g_clear_pointer (&self->entries, g_ptr_array_unref);
    g_clear_object (&self->store);
    G_OBJECT_CLASS (vireo_vm_tree_parent_class)->dispose (object);
}

static void
vireo_vm_tree_class_init (VireoVmTreeClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vireo_vm_tree_dispose;

    signals[SIGNAL_ROWS_CHANGED] =
        g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_STATS_UPDATED] =
        g_signal_new ("stats-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_CONNECTION);
}

static void
vireo_vm_tree_init (VireoVmTree *self)
{
    self->entries = g_ptr_array_new ();
    self->store = gtk_tree_store_new (VIREO_VM_TREE_N_COLUMNS,
                                      VIREO_TYPE_CONNECTION,
                                      VIREO_TYPE_DOMAIN,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_BOOLEAN,
                                      G_TYPE_STRING);
    gtk_tree_sortable_set_default_sort_func (GTK_TREE_SORTABLE (self->store),
                                             sort_func, NULL, NULL);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store),
                                          GTK_TREE_SORTABLE_DEFAULT_SORT_COLUMN_ID,
                                          GTK_SORT_ASCENDING);
}

VireoVmTree *
vireo_vm_tree_new (void)
{
    return g_object_new (VIREO_TYPE_VM_TREE, NULL);
}

GtkTreeModel *
vireo_vm_tree_get_model (VireoVmTree *self)
{
    g_return_val_if_fail (VIREO_IS_VM_TREE (self), NULL);

    return GTK_TREE_MODEL (self->store);
}

void
vireo_vm_tree_add_connection (VireoVmTree     *self,
                              VireoConnection *connection)
{
    ConnectionEntry *entry;
    g_autofree char *order = NULL;

    g_return_if_fail (VIREO_IS_VM_TREE (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    if (find_entry (self, connection) != NULL)
        return;

    entry = g_new0 (ConnectionEntry, 1);
    entry->tree = self;
    entry->connection = g_object_ref (connection);
    entry->domains = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
    entry->order = self->next_order++;
    g_ptr_array_add (self->entries, entry);

    order = g_strdup_printf ("%08u", entry->order);
    gtk_tree_store_insert_with_values (self->store, &entry->iter, NULL, -1,
                                       VIREO_VM_TREE_COLUMN_CONNECTION, connection,
                                       VIREO_VM_TREE_COLUMN_SORT_KEY, order,
                                       -1);

    g_signal_connect (connection, "notify::state",
                      G_CALLBACK (connection_notify_state_cb), entry);
    g_signal_connect (connection, "notify::error-message",
                      G_CALLBACK (connection_notify_row_cb), entry);
    g_signal_connect (connection, "notify::display-name",
                      G_CALLBACK (connection_notify_row_cb), entry);
    g_signal_connect (connection, "domain-added",
                      G_CALLBACK (connection_domain_added_cb), entry);
    g_signal_connect (connection, "domain-removed",
                      G_CALLBACK (connection_domain_removed_cb), entry);
    sync_domains (entry);
}

void
vireo_vm_tree_remove_connection (VireoVmTree     *self,
                                 VireoConnection *connection)
{
    ConnectionEntry *entry;

    g_return_if_fail (VIREO_IS_VM_TREE (self));
    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    entry = find_entry (self, connection);
    if (entry == NULL)
        return;
    g_ptr_array_remove (self->entries, entry);
    connection_entry_free (entry);
    g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
}

guint
vireo_vm_tree_get_n_domains (VireoVmTree     *self,
                             VireoConnection *connection)
{
    guint n = 0;

    g_return_val_if_fail (VIREO_IS_VM_TREE (self), 0);

    for (guint i = 0; i < self->entries->len; i++) {
        ConnectionEntry *entry = g_ptr_array_index (self->entries, i);

        if (connection == NULL || entry->connection == connection)
            n += g_hash_table_size (entry->domains);
    }
    return n;
}

gboolean
vireo_vm_tree_find_domain (VireoVmTree *self,
                           VireoDomain *domain,
                           GtkTreeIter *iter)
{
    g_return_val_if_fail (VIREO_IS_VM_TREE (self), FALSE);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

    for (guint i = 0; i < self->entries->len; i++) {
        ConnectionEntry *entry = g_ptr_array_index (self->entries, i);
        GtkTreeIter *found = g_hash_table_lookup (entry->domains, domain);

        if (found != NULL) {
            if (iter != NULL)
                *iter = *found;
            return TRUE;
        }
    }
    return FALSE;
}

gboolean
vireo_vm_tree_find_connection (VireoVmTree     *self,
                               VireoConnection *connection,
                               GtkTreeIter     *iter)
{
    ConnectionEntry *entry;

    g_return_val_if_fail (VIREO_IS_VM_TREE (self), FALSE);

    entry = find_entry (self, connection);
    if (entry == NULL)
        return FALSE;
    if (iter != NULL)
        *iter = entry->iter;
    return TRUE;
}

VireoStatsHistory *
vireo_vm_tree_get_history (VireoVmTree *self,
                           GtkTreeIter *iter)
{
    g_autoptr(VireoConnection) connection = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    ConnectionEntry *entry;

    g_return_val_if_fail (VIREO_IS_VM_TREE (self), NULL);
    g_return_val_if_fail (iter != NULL, NULL);

    gtk_tree_model_get (GTK_TREE_MODEL (self->store), iter,
                        VIREO_VM_TREE_COLUMN_CONNECTION, &connection,
                        VIREO_VM_TREE_COLUMN_DOMAIN, &domain,
                        -1);
    entry = connection != NULL ? find_entry (self, connection) : NULL;
    if (entry == NULL || entry->sampler == NULL)
        return NULL;
    if (domain != NULL)
        return vireo_stats_sampler_get_history (entry->sampler, vireo_domain_get_uuid (domain));
    return vireo_stats_sampler_get_host_history (entry->sampler);
}
