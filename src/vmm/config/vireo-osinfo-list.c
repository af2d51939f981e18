/* vireo-osinfo-list.c: the OSes of the database, for choosing one in a window
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <osinfo/osinfo.h>

#include "vireo-osinfo.h"
#include "vireo-osinfo-list.h"

static VireoOsEntry *
entry_new (OsinfoOs *os)
{
    VireoOsEntry *entry = g_new0 (VireoOsEntry, 1);
    OsinfoProduct *product = OSINFO_PRODUCT (os);
    GDate *eol = osinfo_product_get_eol_date (product);

    entry->id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
    entry->short_id = g_strdup (osinfo_product_get_short_id (product));
    entry->name = g_strdup (osinfo_product_get_name (product));
    if (entry->name == NULL)
        entry->name = g_strdup (entry->short_id);
    entry->vendor = g_strdup (osinfo_product_get_vendor (product));
    if (eol != NULL) {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        GDate today;

        g_date_clear (&today, 1);
        g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                        (GDateMonth) g_date_time_get_month (now),
                        (GDateYear) g_date_time_get_year (now));
        entry->eol = g_date_compare (eol, &today) < 0;
        g_date_free (eol);
    }
    return entry;
}

static int
compare_os (gconstpointer pa,
            gconstpointer pb)
{
    OsinfoProduct *a = *(OsinfoProduct * const *) pa;
    OsinfoProduct *b = *(OsinfoProduct * const *) pb;
    g_autofree char *ka = NULL;
    g_autofree char *kb = NULL;
    int c = g_strcmp0 (osinfo_os_get_distro (OSINFO_OS (a)), osinfo_os_get_distro (OSINFO_OS (b)));

    if (c != 0)
        return c;
    /* Newest first: versions compare as file names compare numbers. */
    ka = g_utf8_collate_key_for_filename (osinfo_product_get_version (a) != NULL
                                          ? osinfo_product_get_version (a) : "", -1);
    kb = g_utf8_collate_key_for_filename (osinfo_product_get_version (b) != NULL
                                          ? osinfo_product_get_version (b) : "", -1);
    c = -g_strcmp0 (ka, kb);
    return c != 0 ? c : g_strcmp0 (osinfo_product_get_short_id (a),
                                   osinfo_product_get_short_id (b));
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
    GError *error = NULL;
    GPtrArray *entries = vireo_osinfo_list_entries (&error);

    if (entries == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
    GError *error = NULL;
    VireoOsEntry *entry = vireo_osinfo_lookup_entry (task_data, &error);

    if (entry == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, entry, (GDestroyNotify) vireo_os_entry_free);
}

void
vireo_os_entry_free (VireoOsEntry *entry)
{
    if (entry == NULL)
        return;
    g_free (entry->id);
    g_free (entry->short_id);
    g_free (entry->name);
    g_free (entry->vendor);
    g_free (entry);
}

GPtrArray *
vireo_osinfo_list_entries (GError **error)
{
    OsinfoDb *db = vireo_osinfo_get_db (error);
    g_autoptr(OsinfoOsList) oses = NULL;
    g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
    GPtrArray *out;

    if (db == NULL)
        return NULL;
    oses = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++)
        g_ptr_array_add (sorted, osinfo_list_get_nth (OSINFO_LIST (oses), i));
    g_ptr_array_sort (sorted, compare_os);
    out = g_ptr_array_new_full (sorted->len, (GDestroyNotify) vireo_os_entry_free);
    for (guint i = 0; i < sorted->len; i++)
        g_ptr_array_add (out, entry_new (sorted->pdata[i]));
    return out;
}

void
vireo_osinfo_list_entries_async (GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
    g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

    g_task_set_source_tag (task, vireo_osinfo_list_entries_async);
    g_task_run_in_thread (task, list_thread);
}

GPtrArray *
vireo_osinfo_list_entries_finish (GAsyncResult *result,
                                  GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_osinfo_list_entries_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

VireoOsEntry *
vireo_osinfo_lookup_entry (const char *name,
                           GError    **error)
{
    g_autoptr(OsinfoOs) os = NULL;

    g_return_val_if_fail (name != NULL, NULL);

    os = vireo_osinfo_find (name, error);
    return os != NULL ? entry_new (os) : NULL;
}

void
vireo_osinfo_lookup_entry_async (const char         *name,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (name != NULL);

    task = g_task_new (NULL, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_osinfo_lookup_entry_async);
    g_task_set_task_data (task, g_strdup (name), g_free);
    g_task_run_in_thread (task, lookup_thread);
}

VireoOsEntry *
vireo_osinfo_lookup_entry_finish (GAsyncResult *result,
                                  GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          vireo_osinfo_lookup_entry_async, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
