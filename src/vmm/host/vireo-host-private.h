/* vireo-host-private.h: what the host's files (vireo-host-*.c) share
 *
 * Every host call has one shape: on the caller's context take a reference
 * to the connection's libvirt handle, run the blocking part in a worker
 * thread (vireo_worker_run_async()) with that reference and the call's
 * data, then answer the caller with the data, which _finish() reads its
 * results from.  Nothing is applied to the connection's objects, so there
 * is no generation check.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <libxml/tree.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

/* Worker thread: the blocking part on @conn (a reference the call holds),
 * using and filling @data; FALSE with @error set fails the call. */
typedef gboolean (*VireoHostRunFunc) (virConnectPtr  conn,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* Runs @run on @data (taken; freed with @free_data) in a worker thread
 * (vireo-worker.h), with a reference to @connection's handle taken now; the
 * connection must be open.  A call cancelled before it runs does not run.
 * @callback gets @connection as its source object. */
void     _vireo_host_call_async  (VireoConnection    *connection,
                                  gpointer            source_tag,
                                  VireoHostRunFunc    run,
                                  gpointer            data,
                                  GDestroyNotify      free_data,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
/* The same, for calls whose result is what the run did even when the
 * caller cancelled too late to stop it (a transfer that completed): the
 * cancellable reaches the run only, which stops at it. */
void     _vireo_host_call_outcome_async (VireoConnection    *connection,
                                         gpointer            source_tag,
                                         VireoHostRunFunc    run,
                                         gpointer            data,
                                         GDestroyNotify      free_data,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
/* The call's data (owned by @result) when it succeeded, else NULL with
 * @error set. */
gpointer _vireo_host_call_finish (VireoConnection *connection,
                                  GAsyncResult    *result,
                                  gpointer         source_tag,
                                  GError         **error);
/* The blocking form, in the calling thread; @data stays the caller's. */
gboolean _vireo_host_call        (VireoConnection  *connection,
                                  VireoHostRunFunc  run,
                                  gpointer          data,
                                  GCancellable     *cancellable,
                                  GError          **error);

/* libxml2 helpers of the host's XML readers: the text of @node's child
 * element @name (or of @node itself with @name NULL), an attribute, a
 * child element; NULL when absent. */
char    *_vireo_host_xml_child_text (xmlNode    *node,
                                     const char *name);
char    *_vireo_host_xml_attr       (xmlNode    *node,
                                     const char *name);
xmlNode *_vireo_host_xml_child      (xmlNode    *node,
                                     const char *name);
/* Parses @xml, NULL when it is not XML (no message printed). */
xmlDoc  *_vireo_host_xml_parse      (const char *xml);

/* The disk sources of every domain of @conn: a new table of path → GPtrArray
 * of domain names (char*), each name once.  With @running_only, only the
 * running domains count.  NULL with libvirt's error when the domains cannot
 * be listed. */
GHashTable *_vireo_host_read_disk_users (virConnectPtr   conn,
                                         gboolean        running_only,
                                         GError        **error);

/* vireo-host-device-ids.c: fills the empty vendor and product names of
 * @devices (VireoHostDevice*) from the PCI and USB ID databases (pci.ids,
 * usb.ids) when they are installed. */
void     _vireo_host_device_fill_names (GPtrArray *devices);

G_END_DECLS
