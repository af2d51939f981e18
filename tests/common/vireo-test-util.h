/* vireo-test-util.h: helpers shared by Vireo's test programs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the thread-default main context until @done is TRUE or
 * @timeout_ms passes; returns whether @done became TRUE. */
gboolean vireo_test_wait_for (const gboolean *done,
                              guint           timeout_ms);

/* Iterates the default context until *@result is set (GAsyncResult). */
GAsyncResult *vireo_test_wait_result (GAsyncResult **result,
                                      guint          timeout_ms);

/* GAsyncReadyCallback storing a ref of the result into *(GAsyncResult **)user_data. */
void vireo_test_store_result_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data);

/* A fresh temporary directory under $TMPDIR, removed by vireo_test_rmtree. */
char *vireo_test_mkdtemp (const char *template_name);
void  vireo_test_rmtree  (const char *path);

/* Mounts a tmpfs with @flags (0, MS_RDONLY) and @options ("size=64k") on @dir, which
 * must exist, for the cases of a full or read-only disk; undo with
 * vireo_test_umount().  Mounting needs root: run as another user, the test fails and
 * says so (the tests run as root where tools/check runs them; never a skip). */
void vireo_test_mount_tmpfs (const char    *dir,
                             unsigned long  flags,
                             const char    *options);
void vireo_test_umount      (const char    *dir);

/* Writes a libvirt test-driver node XML with @n_domains running domains
 * named "vm-0001"... to @path (memory 512 MiB, 1 vCPU each). */
gboolean vireo_test_write_node_xml (const char *path,
                                    guint       n_domains,
                                    GError    **error);

G_END_DECLS
