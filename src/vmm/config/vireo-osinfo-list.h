/* vireo-osinfo-list.h: the OSes of the database, for choosing one in a window
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
    char *id;         /* "http://debian.org/debian/12" */
    char *short_id;   /* "debian12" */
    char *name;       /* "Debian 12" */
    char *vendor;     /* "Debian Project", or NULL */
    gboolean eol;     /* past its end of life */
} VireoOsEntry;

void vireo_os_entry_free (VireoOsEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoOsEntry, vireo_os_entry_free)

/* Every OS of the database (VireoOsEntry*), each distribution's newest
 * versions first; loading the whole database takes half a second, so the
 * async form runs it in a worker thread. */
GPtrArray *vireo_osinfo_list_entries        (GError            **error) G_GNUC_WARN_UNUSED_RESULT;
void       vireo_osinfo_list_entries_async  (GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
GPtrArray *vireo_osinfo_list_entries_finish (GAsyncResult       *result,
                                             GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The OS @name (short or full id) names, looked up with only its own files
 * when possible (vireo_osinfo_find_quick()); fails with "Unknown OS name …". */
VireoOsEntry *vireo_osinfo_lookup_entry        (const char         *name,
                                                GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void          vireo_osinfo_lookup_entry_async  (const char         *name,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
VireoOsEntry *vireo_osinfo_lookup_entry_finish (GAsyncResult       *result,
                                                GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
