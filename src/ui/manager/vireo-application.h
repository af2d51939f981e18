/* vireo-application.h: the manager application (org.vireo.Vireo)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-vmm.h"

G_BEGIN_DECLS

#define VIREO_TYPE_APPLICATION (vireo_application_get_type ())
G_DECLARE_FINAL_TYPE (VireoApplication, vireo_application, VIREO, APPLICATION, GtkApplication)

/*
 * Signals:
 *   ::connection-added   (VireoConnection *connection)
 *   ::connection-removed (VireoConnection *connection)
 */
VireoApplication *vireo_application_new (void) G_GNUC_WARN_UNUSED_RESULT;

/* Connections the manager shows (VireoConnection*), in display order. */
GPtrArray       *vireo_application_get_connections (VireoApplication *self);
/* Adds (and persists) a connection by URI; returns the existing one when
 * the URI is already shown.  @autoconnect is stored too. */
VireoConnection *vireo_application_add_connection (VireoApplication *self,
                                                   const char       *uri,
                                                   gboolean          autoconnect,
                                                   gboolean          persist);
void             vireo_application_remove_connection (VireoApplication *self,
                                                      VireoConnection  *connection);
GSettings       *vireo_application_get_settings (VireoApplication *self);

/* Whether @connection is opened when the manager starts. */
gboolean         vireo_application_is_autoconnect  (VireoApplication *self,
                                                    VireoConnection  *connection);
/* Opens @connection when the manager starts, or not (remembered; the
 * connection is kept in the list). */
void             vireo_application_set_autoconnect (VireoApplication *self,
                                                    VireoConnection  *connection,
                                                    gboolean          autoconnect);
/* The user's name for @connection, remembered and shown instead of the one
 * made from its URI; NULL or "" forgets it. */
void             vireo_application_set_connection_name (VireoApplication *self,
                                                        VireoConnection  *connection,
                                                        const char       *name);
/* The host window of @connection (src/ui/host), made when there is none,
 * presented. */
GtkWindow       *vireo_application_show_host_window (VireoApplication *self,
                                                     VireoConnection  *connection);
/* The manager window (created on first activation), or NULL. */
GtkWindow       *vireo_application_get_manager_window (VireoApplication *self);
/* g_get_monotonic_time() at process start, as recorded by main(); used by
 * the VIREO_BENCH report. */
void             vireo_application_set_start_time  (VireoApplication *self,
                                                    gint64            start_us);
gint64           vireo_application_get_start_time  (VireoApplication *self);
/* Applies the stats settings (interval, groups) to @sampler. */
void             vireo_application_configure_sampler (VireoApplication  *self,
                                                      VireoStatsSampler *sampler);

G_END_DECLS
