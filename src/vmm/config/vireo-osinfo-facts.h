/* vireo-osinfo-facts.h: what a window needs to know of an OS, read off the main loop
 *
 * The new-VM wizard shows the OS it detected on the media or in the tree,
 * takes its recommended resources as defaults and offers an express
 * (unattended) install where libosinfo has a script for it.  Detection
 * reads the media and may load the whole database (half a second), so the
 * async forms run in a worker thread.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-osinfo-list.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_OS_EXPRESS_NONE   = 0,
    VIREO_OS_EXPRESS_CDROM  = 1 << 0,   /* the script can go onto a CD-ROM or floppy */
    VIREO_OS_EXPRESS_INITRD = 1 << 1,   /* into the installer's initrd (a --location) */
} VireoOsExpress;

typedef struct {
    VireoOsEntry   *entry;              /* id, short id, name, vendor */
    guint64         ram_mib;            /* recommended for the arch, 0 unknown */
    guint64         min_ram_mib;
    guint           cpus;
    guint64         storage_gib;
    VireoOsExpress  express;            /* where its unattended script can go */
    gboolean        product_key;        /* its script takes a product key (Windows) */
    gboolean        product_key_required;
    gboolean        is_windows;
} VireoOsFacts;

void          vireo_os_facts_free (VireoOsFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoOsFacts, vireo_os_facts_free)

/* The facts of the OS @name (short id or full id) for guests of @arch. */
VireoOsFacts *vireo_osinfo_facts               (const char         *name,
                                                const char         *arch,
                                                GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void          vireo_osinfo_facts_async         (const char         *name,
                                                const char         *arch,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
VireoOsFacts *vireo_osinfo_facts_finish        (GAsyncResult       *result,
                                                GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The OS on @location: an ISO image or CD device (as
 * vireo_osinfo_detect_media() reads it), or with @tree an install tree
 * (directory or URL), with its facts for @arch.  Fails with
 * VIREO_VMM_ERROR_NOT_FOUND and a sentence when it cannot be told. */
VireoOsFacts *vireo_osinfo_detect              (const char         *location,
                                                gboolean            tree,
                                                const char         *arch,
                                                GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;
void          vireo_osinfo_detect_async        (const char         *location,
                                                gboolean            tree,
                                                const char         *arch,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
VireoOsFacts *vireo_osinfo_detect_finish       (GAsyncResult       *result,
                                                GError            **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
