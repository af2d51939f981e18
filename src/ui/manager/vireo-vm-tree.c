/* vireo-vm-tree.c: the manager's tree model of connections and their VMs
 *
 * The store holds a row per connection and under it a row per VM.  Each VM
 * row carries a VmRow (the ROW column) with what the filter and the sort
 * model compare: collation keys, the name, title and description folded for
 * searching, the newest sample of each graph.  Those are computed when the
 * row changes or a stats tick arrives, never while comparing, so sorting and
 * filtering a thousand rows costs pointer reads and string compares.
 *
 * The store holds the VMs the filter text lets through, and no others: a
 * VM it hides keeps its VmRow, not its row.  The sort model then sits on
 * the store itself, whose iters persist, and keeps them: a sort compares
 * two rows with one read of each, where a GtkTreeModelFilter in between
 * made it look up both rows by path for every comparison (a sort of a
 * thousand rows at a stats tick took 4-7 ms that way, 1.6 ms this way).
 *
 * The store keeps each connection's VMs in name order itself (a GSequence of
 * the rows it shows says where a row goes), and the sort model starts
 * unsorted: the list as it first shows is the store's order, so that a new
 * row costs no comparison through the models.  A click on a column's header
 * sorts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vireo-vm-tree.h"

typedef struct _VmRow VmRow;

typedef struct {
    /* borrowed */
    VireoVmTree       *tree;
    /* owned */
    VireoConnection   *connection;
    VireoStatsSampler *sampler;       /* while the connection is active */
    GHashTable        *domains;       /* VireoDomain* (ref) -> VmRow* */
    GSequence         *by_name;       /* VmRow* of the rows in the store, in its order:
                                       * by name */
    GtkTreeIter        iter;
    guint              order;
} ConnectionEntry;

struct _VmRow {
    GtkTreeIter        iter;          /* in the store, while shown */
    GSequenceIter     *place;         /* in the entry's by_name; NULL when the filter
                                       * hides the row (it has no store row then) */
    /* borrowed */
    ConnectionEntry   *entry;
    VireoDomain       *domain;        /* the entry's table holds the reference */
    /* owned */
    char              *name_key;
    char              *title_key;
    char              *folded;        /* name, title and description, for the filter */
    VireoStatsHistory *history;       /* refreshed at each tick */
    double             newest[VIREO_VM_TREE_N_SORTS];
    double             before;        /* at a tick, the sorted graph's value before it */
    int                state_rank;
};

/* The user data of one sort function. */
typedef struct {
    VireoVmTree     *tree;
    VireoVmTreeSort  sort;
} SortData;

struct _VireoVmTree {
    GObject parent_instance;

    /* owned */
    GtkTreeStore *store;
    GtkTreeModel *sort;               /* GtkTreeModelSort of the store */
    GPtrArray    *entries;            /* ConnectionEntry* in insertion order */
    guint         next_order;
    char         *filter_text;        /* as given */
    char         *filter_folded;      /* folded; NULL when empty */
    SortData      sort_data[VIREO_VM_TREE_N_SORTS];
    gboolean      reordered;          /* the last stats tick moved rows */
};

enum {
    SIGNAL_ROWS_CHANGED,
    SIGNAL_STATS_UPDATED,
    SIGNAL_BULK_CHANGE,
    N_SIGNALS
};

/* More rows than this added or removed at once make a bulk change. */
#define BULK_ROWS 64

static guint signals[N_SIGNALS];

/* The metric behind each sort id; -1 for the text ones. */
static const int sort_metrics[VIREO_VM_TREE_N_SORTS] = {
    [VIREO_VM_TREE_SORT_NAME] = -1,
    [VIREO_VM_TREE_SORT_STATE] = -1,
    [VIREO_VM_TREE_SORT_TITLE] = -1,
    [VIREO_VM_TREE_SORT_GUEST_CPU] = VIREO_STATS_METRIC_CPU_PERCENT,
    [VIREO_VM_TREE_SORT_HOST_CPU] = VIREO_STATS_METRIC_HOST_CPU_PERCENT,
    [VIREO_VM_TREE_SORT_MEMORY] = VIREO_STATS_METRIC_MEMORY_PERCENT,
    [VIREO_VM_TREE_SORT_DISK] = VIREO_STATS_METRIC_DISK_BPS,
    [VIREO_VM_TREE_SORT_NETWORK] = VIREO_STATS_METRIC_NET_BPS,
};

G_DEFINE_FINAL_TYPE (VireoVmTree, vireo_vm_tree, G_TYPE_OBJECT)

static void sync_domains (ConnectionEntry *entry);

/* Text as the filter compares it: compatibility-decomposed, case-folded,
 * without combining marks ("Été" and "ete" are the same). */
static char *
fold_text (const char *text)
{
    g_autofree char *decomposed = NULL;
    g_autofree char *folded = NULL;
    GString *out;

    if (text == NULL || *text == '\0')
        return g_strdup ("");
    decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
    if (decomposed == NULL)    /* not UTF-8: compare it as it is */
        return g_ascii_strdown (text, -1);
    folded = g_utf8_casefold (decomposed, -1);
    out = g_string_sized_new (strlen (folded));
    for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);

        if (!g_unichar_ismark (c))
            g_string_append_unichar (out, c);
    }
    return g_string_free (out, FALSE);
}

/* Two lines like virt-manager: the name, and under it the state (or why
 * a connection failed) in a smaller, dimmer font. */
static char *
format_markup (const char *title,
               const char *subtitle,
               gboolean    is_error)
{
    if (is_error)
        return g_markup_printf_escaped ("<span weight=\"bold\">%s</span>\n<span size=\"smaller\" "
                                        "foreground=\"#c01c28\">%s</span>",
                                        title, subtitle);
    return g_markup_printf_escaped ("<span weight=\"bold\">%s</span>\n"
                                    "<span size=\"smaller\" alpha=\"65%%\">%s</span>",
                                    title, subtitle);
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

    markup = format_markup (name, subtitle, is_error);
    gtk_tree_store_set (entry->tree->store, &entry->iter,
                        VIREO_VM_TREE_COLUMN_ICON_NAME, connection_icon_name (connection),
                        VIREO_VM_TREE_COLUMN_NAME, name,
                        VIREO_VM_TREE_COLUMN_SUBTITLE, subtitle,
                        VIREO_VM_TREE_COLUMN_MARKUP, markup,
                        VIREO_VM_TREE_COLUMN_IS_ERROR, is_error,
                        -1);
}

/* Running VMs first, then the ones that need a look, stopped ones last. */
static int
state_rank (VireoDomainState state)
{
    switch (state) {
    case VIREO_DOMAIN_STATE_RUNNING:
        return 0;
    case VIREO_DOMAIN_STATE_BLOCKED:
        return 1;
    case VIREO_DOMAIN_STATE_PAUSED:
        return 2;
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
        return 3;
    case VIREO_DOMAIN_STATE_SHUTDOWN:
        return 4;
    case VIREO_DOMAIN_STATE_CRASHED:
        return 5;
    case VIREO_DOMAIN_STATE_SHUTOFF:
        return 6;
    case VIREO_DOMAIN_STATE_NOSTATE:
    default:
        return 7;
    }
}

static void
vm_row_free (gpointer data)
{
    VmRow *row = data;

    g_free (row->name_key);
    g_free (row->title_key);
    g_free (row->folded);
    g_clear_object (&row->history);
    g_free (row);
}

/* A VM row's display values, all set at once: a sorted model that gets a
 * value in a second call moves the row again. */
typedef struct {
    const char *icon_name;
    const char *name;
    const char *title;
    char       *state;
    char       *markup;
} DomainValues;

static void
domain_values_init (DomainValues *values,
                    VmRow        *row)
{
    VireoDomain *domain = row->domain;
    const char *description = vireo_domain_get_description (domain);
    g_autofree char *haystack = NULL;

    values->name = vireo_domain_get_name (domain);
    values->title = vireo_domain_get_title (domain) != NULL ? vireo_domain_get_title (domain)
                                                            : "";
    values->icon_name = vireo_domain_state_icon_name (vireo_domain_get_state (domain));
    values->state = vireo_domain_state_describe (vireo_domain_get_state (domain),
                                                 vireo_domain_get_reason (domain));
    values->markup = g_markup_escape_text (values->name, -1);

    g_free (row->name_key);
    row->name_key = g_utf8_collate_key_for_filename (values->name, -1);
    g_free (row->title_key);
    row->title_key = g_utf8_collate_key (values->title, -1);
    row->state_rank = state_rank (vireo_domain_get_state (domain));
    /* One string the filter searches: a needle cannot span two fields. */
    haystack = g_strjoin ("\n", values->name, values->title,
                          description != NULL ? description : "", NULL);
    g_free (row->folded);
    row->folded = fold_text (haystack);
}

static void
domain_values_clear (DomainValues *values)
{
    g_free (values->state);
    g_free (values->markup);
}

static int
compare_rows_by_name (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
    const VmRow *row_a = a, *row_b = b;

    return strcmp (row_a->name_key, row_b->name_key);
}

/* Whether the filter text lets @row through. */
static gboolean
row_matches (VmRow *row)
{
    const char *needle = row->entry->tree->filter_folded;

    return needle == NULL || strstr (row->folded, needle) != NULL;
}

/* A renamed VM's row moves to its new place in the store. */
static void
move_to_place (VmRow *row)
{
    GSequenceIter *next;

    g_sequence_sort_changed (row->place, compare_rows_by_name, NULL);
    next = g_sequence_iter_next (row->place);
    if (g_sequence_iter_is_end (next)) {
        gtk_tree_store_move_before (row->entry->tree->store, &row->iter, NULL);
    } else {
        VmRow *after = g_sequence_get (next);

        gtk_tree_store_move_before (row->entry->tree->store, &row->iter, &after->iter);
    }
}

/* A VM row's store values, as columns and GValues (set, to be unset by the
 * caller): the display values, and on a new row (@new_row) the connection,
 * the domain and the VmRow too.  Returns how many. */
static int
domain_values_to_columns (const DomainValues *values,
                          VmRow              *row,
                          gboolean            new_row,
                          int                *columns,
                          GValue             *gvalues)
{
    int n = 0;

#define ADD(column, type, setter, value) \
    G_STMT_START { \
        columns[n] = (column); \
        g_value_init (&gvalues[n], (type)); \
        setter (&gvalues[n], (value)); \
        n++; \
    } G_STMT_END
    if (new_row) {
        ADD (VIREO_VM_TREE_COLUMN_CONNECTION, VIREO_TYPE_CONNECTION, g_value_set_object,
             row->entry->connection);
        ADD (VIREO_VM_TREE_COLUMN_DOMAIN, VIREO_TYPE_DOMAIN, g_value_set_object, row->domain);
        ADD (VIREO_VM_TREE_COLUMN_ROW, G_TYPE_POINTER, g_value_set_pointer, row);
    }
    ADD (VIREO_VM_TREE_COLUMN_ICON_NAME, G_TYPE_STRING, g_value_set_static_string,
         values->icon_name);
    ADD (VIREO_VM_TREE_COLUMN_NAME, G_TYPE_STRING, g_value_set_static_string, values->name);
    ADD (VIREO_VM_TREE_COLUMN_SUBTITLE, G_TYPE_STRING, g_value_set_static_string, values->state);
    ADD (VIREO_VM_TREE_COLUMN_MARKUP, G_TYPE_STRING, g_value_set_static_string, values->markup);
    ADD (VIREO_VM_TREE_COLUMN_SORT_KEY, G_TYPE_STRING, g_value_set_static_string, row->name_key);
    ADD (VIREO_VM_TREE_COLUMN_STATE, G_TYPE_STRING, g_value_set_static_string, values->state);
    ADD (VIREO_VM_TREE_COLUMN_TITLE, G_TYPE_STRING, g_value_set_static_string, values->title);
#undef ADD
    return n;
}

/* Gives @row its store row, in name order among the shown ones, with all
 * its @values (domain_values_init() of the caller) at once: a sorted model
 * that gets a value in a second call moves the row again. */
static void
show_row (VmRow              *row,
          const DomainValues *values)
{
    ConnectionEntry *entry = row->entry;
    int columns[VIREO_VM_TREE_N_COLUMNS];
    GValue gvalues[VIREO_VM_TREE_N_COLUMNS] = { G_VALUE_INIT };
    int n;

    row->place = g_sequence_insert_sorted (entry->by_name, row, compare_rows_by_name, NULL);
    /* At the end: -1, as finding the n-th child walks the children. */
    n = domain_values_to_columns (values, row, TRUE, columns, gvalues);
    gtk_tree_store_insert_with_valuesv (entry->tree->store, &row->iter, &entry->iter,
                                        g_sequence_iter_is_end (g_sequence_iter_next (row->place))
                                        ? -1 : g_sequence_iter_get_position (row->place),
                                        columns, gvalues, n);
    for (int i = 0; i < n; i++)
        g_value_unset (&gvalues[i]);
}

static void
hide_row (VmRow *row)
{
    gtk_tree_store_remove (row->entry->tree->store, &row->iter);
    g_sequence_remove (row->place);
    row->place = NULL;
}

static void
update_domain_row (VmRow *row)
{
    DomainValues values;
    g_autofree char *old_key = g_strdup (row->name_key);
    int columns[VIREO_VM_TREE_N_COLUMNS];
    GValue gvalues[VIREO_VM_TREE_N_COLUMNS] = { G_VALUE_INIT };
    int n;

    domain_values_init (&values, row);
    /* A new name, title or description may show or hide it. */
    if (row_matches (row) != (row->place != NULL)) {
        if (row->place != NULL)
            hide_row (row);
        else
            show_row (row, &values);
    } else if (row->place != NULL) {
        if (strcmp (old_key, row->name_key) != 0)
            move_to_place (row);
        n = domain_values_to_columns (&values, row, FALSE, columns, gvalues);
        gtk_tree_store_set_valuesv (row->entry->tree->store, &row->iter, columns, gvalues, n);
        for (int i = 0; i < n; i++)
            g_value_unset (&gvalues[i]);
    }
    domain_values_clear (&values);
}

static void
domain_changed_cb (VireoDomain *domain,
                   VmRow       *row)
{
    update_domain_row (row);
}

static void
domain_notify_cb (VireoDomain *domain,
                  GParamSpec  *pspec,
                  VmRow       *row)
{
    update_domain_row (row);
}

/* The newest sample of each graph, for sorting; NAN ranks below 0. */
static void
refresh_row_stats (VmRow *row)
{
    VireoStatsSampler *sampler = row->entry->sampler;
    VireoStatsHistory *history = NULL;
    const VireoStatsSample *latest = NULL;

    if (sampler != NULL)
        history = vireo_stats_sampler_get_history (sampler, vireo_domain_get_uuid (row->domain));
    g_set_object (&row->history, history);
    if (history != NULL)
        latest = vireo_stats_history_get_latest (history);
    for (guint i = 0; i < VIREO_VM_TREE_N_SORTS; i++) {
        double value = -1;

        if (sort_metrics[i] >= 0 && latest != NULL && isfinite (latest->values[sort_metrics[i]]))
            value = latest->values[sort_metrics[i]];
        row->newest[i] = value;
    }
}

static VmRow *
add_domain (ConnectionEntry *entry,
            VireoDomain     *domain)
{
    VmRow *row;
    DomainValues values;

    if (g_hash_table_contains (entry->domains, domain))
        return NULL;

    row = g_new0 (VmRow, 1);
    row->entry = entry;
    row->domain = domain;
    refresh_row_stats (row);
    /* The keys and the folded text too, for the filter. */
    domain_values_init (&values, row);
    if (row_matches (row))
        show_row (row, &values);
    domain_values_clear (&values);
    g_hash_table_insert (entry->domains, g_object_ref (domain), row);

    g_signal_connect (domain, "state-changed", G_CALLBACK (domain_changed_cb), row);
    g_signal_connect (domain, "notify::name", G_CALLBACK (domain_notify_cb), row);
    g_signal_connect (domain, "notify::title", G_CALLBACK (domain_notify_cb), row);
    g_signal_connect (domain, "notify::description", G_CALLBACK (domain_notify_cb), row);
    return row;
}

static gboolean
remove_domain (ConnectionEntry *entry,
               VireoDomain     *domain)
{
    VmRow *row = g_hash_table_lookup (entry->domains, domain);

    if (row == NULL)
        return FALSE;
    g_signal_handlers_disconnect_by_data (domain, row);
    if (row->place != NULL)
        hide_row (row);
    g_hash_table_remove (entry->domains, domain);
    return TRUE;
}

/* Takes every VM row of @entry out of the store (their VmRows stay). */
static void
clear_shown_rows (ConnectionEntry *entry)
{
    /* Removing the children one by one keeps the view's selection sane. */
    while (TRUE) {
        GtkTreeIter child;

        if (!gtk_tree_model_iter_children (GTK_TREE_MODEL (entry->tree->store), &child,
                                           &entry->iter))
            break;
        gtk_tree_store_remove (entry->tree->store, &child);
    }
    for (GSequenceIter *it = g_sequence_get_begin_iter (entry->by_name);
         !g_sequence_iter_is_end (it); it = g_sequence_iter_next (it))
        ((VmRow *) g_sequence_get (it))->place = NULL;
    g_sequence_remove_range (g_sequence_get_begin_iter (entry->by_name),
                             g_sequence_get_end_iter (entry->by_name));
}

static void
remove_all_domains (ConnectionEntry *entry)
{
    GHashTableIter hiter;
    gpointer key, value;

    g_hash_table_iter_init (&hiter, entry->domains);
    while (g_hash_table_iter_next (&hiter, &key, &value))
        g_signal_handlers_disconnect_by_data (key, value);
    clear_shown_rows (entry);
    g_hash_table_remove_all (entry->domains);
}

static gboolean
sorted_by_graph (VireoVmTree *self)
{
    int sort_id;
    GtkSortType order;

    return gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &sort_id,
                                                 &order) &&
           sort_id >= 0 && sort_id < VIREO_VM_TREE_N_SORTS && sort_metrics[sort_id] >= 0;
}

static int sort_func (GtkTreeModel *model,
                      GtkTreeIter  *a,
                      GtkTreeIter  *b,
                      gpointer      user_data);

static int compare_doubles (double a,
                            double b);

/* By the value the sort compared before the tick (the view's order), then
 * by name, as sort_func() does. */
static int
compare_rows_before (gconstpointer a,
                     gconstpointer b)
{
    const VmRow *row_a = *(VmRow * const *) a;
    const VmRow *row_b = *(VmRow * const *) b;
    int result = compare_doubles (row_a->before, row_b->before);

    return result != 0 ? result : strcmp (row_a->name_key, row_b->name_key);
}

/* Whether the newest samples of @entry's VMs leave them in the order the
 * view shows: the order of their values before the tick (the sort model
 * compared those, whenever it placed a row since the previous tick), which
 * the newest values must keep.  Plain C over the rows, no model read; the
 * sort direction does not matter, a descending order is the same one
 * reversed. */
static gboolean
entry_still_sorted (ConnectionEntry *entry,
                    VireoVmTreeSort  sort)
{
    g_autoptr(GPtrArray) rows = g_ptr_array_sized_new (g_sequence_get_length (entry->by_name));

    /* The rows in the store: the ones the sort model orders. */
    for (GSequenceIter *it = g_sequence_get_begin_iter (entry->by_name);
         !g_sequence_iter_is_end (it); it = g_sequence_iter_next (it))
        g_ptr_array_add (rows, g_sequence_get (it));
    g_ptr_array_sort (rows, compare_rows_before);
    for (guint i = 1; i < rows->len; i++) {
        const VmRow *prev = rows->pdata[i - 1];
        const VmRow *next = rows->pdata[i];
        int result = compare_doubles (prev->newest[sort], next->newest[sort]);

        if (result == 0)
            result = strcmp (prev->name_key, next->name_key);
        if (result > 0)
            return FALSE;
    }
    return TRUE;
}

static void
sampler_updated_cb (VireoStatsSampler *sampler,
                    ConnectionEntry   *entry)
{
    VireoVmTree *self = entry->tree;
    GHashTableIter hiter;
    gpointer value;
    int sort_id = -1;
    GtkSortType order;
    gboolean by_graph = sorted_by_graph (self);

    if (by_graph)
        gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &sort_id, &order);
    g_hash_table_iter_init (&hiter, entry->domains);
    while (g_hash_table_iter_next (&hiter, NULL, &value)) {
        VmRow *row = value;

        if (by_graph)
            row->before = row->newest[sort_id];
        refresh_row_stats (row);
    }
    /* Setting the sort function of the current sort id sorts again: one
     * rows-reordered per level, no row-changed per VM.  Only when the
     * rows are out of order: a sort reads two rows for each of its
     * comparisons (about ten a row), and the view then draws every visible
     * cell again, where an unchanged order redraws the graph columns
     * alone. */
    self->reordered = by_graph && !entry_still_sorted (entry, sort_id);
    if (self->reordered)
        gtk_tree_sortable_set_sort_func (GTK_TREE_SORTABLE (self->sort), sort_id, sort_func,
                                         &self->sort_data[sort_id], NULL);
    g_signal_emit (self, signals[SIGNAL_STATS_UPDATED], 0, entry->connection);
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

static int
compare_domains_by_key (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
    GHashTable *keys = user_data;

    return g_strcmp0 (g_hash_table_lookup (keys, *(gpointer *) a),
                      g_hash_table_lookup (keys, *(gpointer *) b));
}

/* Before and after many rows come or go at once.  A view lets go of the
 * view model meanwhile (::bulk-change), and the models above the store drop
 * what they cached: each row then goes into the store alone, and the models
 * take them in one go when the view asks again.  Row by row through the
 * models costs a walk of the level per row (offsets, child iters by path). */
static void
begin_bulk (VireoVmTree *self)
{
    g_signal_emit (self, signals[SIGNAL_BULK_CHANGE], 0, TRUE);
    gtk_tree_model_sort_clear_cache (GTK_TREE_MODEL_SORT (self->sort));
}

static void
end_bulk (VireoVmTree *self)
{
    g_signal_emit (self, signals[SIGNAL_BULK_CHANGE], 0, FALSE);
}

static void
sync_domains (ConnectionEntry *entry)
{
    gboolean bulk = FALSE;

    if (vireo_connection_get_state (entry->connection) == VIREO_CONNECTION_STATE_ACTIVE) {
        g_autoptr(GPtrArray) domains = vireo_connection_list_domains (entry->connection);
        g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
        g_autoptr(GHashTable) keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
        g_autoptr(GPtrArray) stale = g_ptr_array_new ();
        GHashTableIter hiter;
        gpointer key;

        set_sampler (entry, vireo_connection_get_stats_sampler (entry->connection));
        /* In name order: each new row goes at the end of the store's. */
        for (guint i = 0; domains != NULL && i < domains->len; i++) {
            VireoDomain *domain = g_ptr_array_index (domains, i);

            g_hash_table_insert (keys, domain,
                                 g_utf8_collate_key_for_filename (vireo_domain_get_name (domain),
                                                                  -1));
        }
        if (domains != NULL)
            g_ptr_array_sort_with_data (domains, compare_domains_by_key, keys);
        if (domains != NULL && domains->len > g_hash_table_size (entry->domains) + BULK_ROWS) {
            bulk = TRUE;
            begin_bulk (entry->tree);
        }
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
    } else {
        if (g_hash_table_size (entry->domains) > BULK_ROWS) {
            bulk = TRUE;
            begin_bulk (entry->tree);
        }
        remove_all_domains (entry);
        set_sampler (entry, NULL);
    }
    update_connection_row (entry);
    if (bulk)
        end_bulk (entry->tree);
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
    if (add_domain (entry, domain) != NULL) {
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
    g_clear_pointer (&entry->by_name, g_sequence_free);
    g_clear_object (&entry->connection);
    g_free (entry);
}

/* The sort function reads two rows per comparison (about ten comparisons
 * a row when sorting): one value without gtk_tree_model_get()'s varargs. */
static VmRow *
get_row (GtkTreeModel *model,
         GtkTreeIter  *iter)
{
    GValue value = G_VALUE_INIT;
    VmRow *row;

    gtk_tree_model_get_value (model, iter, VIREO_VM_TREE_COLUMN_ROW, &value);
    row = g_value_get_pointer (&value);
    g_value_unset (&value);
    return row;
}

static int
compare_doubles (double a,
                 double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

static int
sort_func (GtkTreeModel *model,
           GtkTreeIter  *a,
           GtkTreeIter  *b,
           gpointer      user_data)
{
    const SortData *data = user_data;
    VmRow *row_a = get_row (model, a);
    VmRow *row_b = get_row (model, b);
    int result = 0;

    /* Connection rows (the top level) keep the order they were added in,
     * ascending or descending. */
    if (row_a == NULL || row_b == NULL) {
        g_autofree char *key_a = NULL;
        g_autofree char *key_b = NULL;
        int sort_id;
        GtkSortType order = GTK_SORT_ASCENDING;

        gtk_tree_model_get (model, a, VIREO_VM_TREE_COLUMN_SORT_KEY, &key_a, -1);
        gtk_tree_model_get (model, b, VIREO_VM_TREE_COLUMN_SORT_KEY, &key_b, -1);
        gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (data->tree->sort), &sort_id,
                                              &order);
        result = g_strcmp0 (key_a, key_b);
        return order == GTK_SORT_DESCENDING ? -result : result;
    }

    switch (data->sort) {
    case VIREO_VM_TREE_SORT_STATE:
        result = row_a->state_rank - row_b->state_rank;
        break;
    case VIREO_VM_TREE_SORT_TITLE:
        result = strcmp (row_a->title_key, row_b->title_key);
        break;
    case VIREO_VM_TREE_SORT_GUEST_CPU:
    case VIREO_VM_TREE_SORT_HOST_CPU:
    case VIREO_VM_TREE_SORT_MEMORY:
    case VIREO_VM_TREE_SORT_DISK:
    case VIREO_VM_TREE_SORT_NETWORK:
        result = compare_doubles (row_a->newest[data->sort], row_b->newest[data->sort]);
        break;
    case VIREO_VM_TREE_SORT_NAME:
    case VIREO_VM_TREE_N_SORTS:
    default:
        break;
    }
    /* Equal: by name, so that the order is the same on every tick. */
    if (result == 0)
        result = strcmp (row_a->name_key, row_b->name_key);
    return result;
}

static guint
count_shown_children (GtkTreeModel *model)
{
    GtkTreeIter parent;
    guint n = 0;

    if (!gtk_tree_model_get_iter_first (model, &parent))
        return 0;
    do
        n += gtk_tree_model_iter_n_children (model, &parent);
    while (gtk_tree_model_iter_next (model, &parent));
    return n;
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
    g_clear_object (&self->sort);
    g_clear_object (&self->store);
    G_OBJECT_CLASS (vireo_vm_tree_parent_class)->dispose (object);
}

static void
vireo_vm_tree_finalize (GObject *object)
{
    VireoVmTree *self = VIREO_VM_TREE (object);

    g_free (self->filter_text);
    g_free (self->filter_folded);
    G_OBJECT_CLASS (vireo_vm_tree_parent_class)->finalize (object);
}

static void
vireo_vm_tree_class_init (VireoVmTreeClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vireo_vm_tree_dispose;
    object_class->finalize = vireo_vm_tree_finalize;

    signals[SIGNAL_ROWS_CHANGED] =
        g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_BULK_CHANGE] =
        g_signal_new ("bulk-change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    signals[SIGNAL_STATS_UPDATED] =
        g_signal_new ("stats-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_CONNECTION);
}

static void
vireo_vm_tree_init (VireoVmTree *self)
{
    GtkTreeSortable *sortable;

    self->entries = g_ptr_array_new ();
    self->store = gtk_tree_store_new (VIREO_VM_TREE_N_COLUMNS,
                                      VIREO_TYPE_CONNECTION,
                                      VIREO_TYPE_DOMAIN,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_BOOLEAN,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_STRING,
                                      G_TYPE_POINTER);
    self->sort = gtk_tree_model_sort_new_with_model (GTK_TREE_MODEL (self->store));
    sortable = GTK_TREE_SORTABLE (self->sort);
    for (guint i = 0; i < VIREO_VM_TREE_N_SORTS; i++) {
        self->sort_data[i].tree = self;
        self->sort_data[i].sort = i;
        gtk_tree_sortable_set_sort_func (sortable, i, sort_func, &self->sort_data[i], NULL);
    }
    /* Unsorted: the store's own order, by name. */
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

GtkTreeModel *
vireo_vm_tree_get_view_model (VireoVmTree *self)
{
    g_return_val_if_fail (VIREO_IS_VM_TREE (self), NULL);

    return self->sort;
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
    entry->domains = g_hash_table_new_full (NULL, NULL, g_object_unref, vm_row_free);
    entry->by_name = g_sequence_new (NULL);
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

guint
vireo_vm_tree_get_n_shown_domains (VireoVmTree *self)
{
    g_return_val_if_fail (VIREO_IS_VM_TREE (self), 0);

    return count_shown_children (GTK_TREE_MODEL (self->store));
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
        VmRow *row = g_hash_table_lookup (entry->domains, domain);

        if (row != NULL) {
            if (row->place == NULL)
                return FALSE;
            if (iter != NULL)
                *iter = row->iter;
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

gboolean
vireo_vm_tree_store_to_view_iter (VireoVmTree       *self,
                                  const GtkTreeIter *store_iter,
                                  GtkTreeIter       *view_iter)
{
    g_return_val_if_fail (VIREO_IS_VM_TREE (self), FALSE);
    g_return_val_if_fail (store_iter != NULL && view_iter != NULL, FALSE);

    return gtk_tree_model_sort_convert_child_iter_to_iter (GTK_TREE_MODEL_SORT (self->sort),
                                                           view_iter,
                                                           (GtkTreeIter *) store_iter);
}

void
vireo_vm_tree_view_to_store_iter (VireoVmTree       *self,
                                  const GtkTreeIter *view_iter,
                                  GtkTreeIter       *store_iter)
{
    g_return_if_fail (VIREO_IS_VM_TREE (self));
    g_return_if_fail (view_iter != NULL && store_iter != NULL);

    gtk_tree_model_sort_convert_iter_to_child_iter (GTK_TREE_MODEL_SORT (self->sort),
                                                    store_iter, (GtkTreeIter *) view_iter);
}

/* How many of @entry's VMs the filter text now shows or hides. */
static guint
count_filter_changes (ConnectionEntry *entry)
{
    GHashTableIter hiter;
    gpointer value;
    guint n = 0;

    g_hash_table_iter_init (&hiter, entry->domains);
    while (g_hash_table_iter_next (&hiter, NULL, &value)) {
        VmRow *row = value;

        n += row_matches (row) != (row->place != NULL) ? 1 : 0;
    }
    return n;
}

static int
compare_row_pointers_by_name (gconstpointer a,
                              gconstpointer b)
{
    return compare_rows_by_name (*(VmRow * const *) a, *(VmRow * const *) b, NULL);
}

/* Shows and hides @entry's VMs for a new filter text.  In a @bulk change
 * (the views have let go of the model) the store's rows all go, and the
 * ones to show come back in name order, each at the end of the level, so
 * that no insertion walks it. */
static void
refilter_entry (ConnectionEntry *entry,
                gboolean         bulk)
{
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    GHashTableIter hiter;
    gpointer value;

    g_hash_table_iter_init (&hiter, entry->domains);
    while (g_hash_table_iter_next (&hiter, NULL, &value)) {
        VmRow *row = value;

        if (bulk ? row_matches (row) : row_matches (row) != (row->place != NULL))
            g_ptr_array_add (rows, row);
    }
    if (bulk) {
        clear_shown_rows (entry);
        g_ptr_array_sort (rows, compare_row_pointers_by_name);
    }
    for (guint i = 0; i < rows->len; i++) {
        VmRow *row = g_ptr_array_index (rows, i);
        DomainValues values;

        if (row->place != NULL) {
            hide_row (row);
            continue;
        }
        domain_values_init (&values, row);
        show_row (row, &values);
        domain_values_clear (&values);
    }
}

void
vireo_vm_tree_set_filter_text (VireoVmTree *self,
                               const char  *text)
{
    g_autofree char *folded = NULL;
    guint n_changes;
    gboolean bulk;

    g_return_if_fail (VIREO_IS_VM_TREE (self));

    if (text != NULL && *text != '\0') {
        g_autofree char *stripped = g_strstrip (g_strdup (text));

        if (*stripped != '\0')
            folded = fold_text (stripped);
    }
    g_free (self->filter_text);
    self->filter_text = g_strdup (text);
    if (g_strcmp0 (folded, self->filter_folded) == 0)
        return;
    g_free (self->filter_folded);
    self->filter_folded = g_steal_pointer (&folded);
    /* Many rows to show or hide: as a bulk change. */
    n_changes = 0;
    for (guint i = 0; i < self->entries->len; i++)
        n_changes += count_filter_changes (g_ptr_array_index (self->entries, i));
    if (n_changes == 0)
        return;
    bulk = n_changes > BULK_ROWS;
    if (bulk)
        begin_bulk (self);
    for (guint i = 0; i < self->entries->len; i++)
        refilter_entry (g_ptr_array_index (self->entries, i), bulk);
    if (bulk)
        end_bulk (self);
}

const char *
vireo_vm_tree_get_filter_text (VireoVmTree *self)
{
    g_return_val_if_fail (VIREO_IS_VM_TREE (self), NULL);

    return self->filter_text;
}

VireoStatsHistory *
vireo_vm_tree_get_history (VireoVmTree  *self,
                           GtkTreeModel *model,
                           GtkTreeIter  *iter)
{
    g_autoptr(VireoConnection) connection = NULL;
    ConnectionEntry *entry;
    VmRow *row;

    g_return_val_if_fail (VIREO_IS_VM_TREE (self), NULL);
    g_return_val_if_fail (GTK_IS_TREE_MODEL (model), NULL);
    g_return_val_if_fail (iter != NULL, NULL);

    row = get_row (model, iter);
    if (row != NULL)
        return row->history;
    gtk_tree_model_get (model, iter, VIREO_VM_TREE_COLUMN_CONNECTION, &connection, -1);
    entry = connection != NULL ? find_entry (self, connection) : NULL;
    if (entry == NULL || entry->sampler == NULL)
        return NULL;
    return vireo_stats_sampler_get_host_history (entry->sampler);
}

gboolean
vireo_vm_tree_get_reordered (VireoVmTree *self)
{
    g_return_val_if_fail (VIREO_IS_VM_TREE (self), FALSE);

    return self->reordered;
}

int
vireo_vm_tree_sort_get_metric (VireoVmTreeSort sort)
{
    g_return_val_if_fail (sort < VIREO_VM_TREE_N_SORTS, -1);

    return sort_metrics[sort];
}
