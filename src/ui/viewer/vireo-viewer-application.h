/* vireo-viewer-application.h: vireo-viewer, the console viewer (org.vireo.Viewer)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-console-window.h"

G_BEGIN_DECLS

#define VIREO_TYPE_VIEWER_APPLICATION (vireo_viewer_application_get_type ())
G_DECLARE_FINAL_TYPE (VireoViewerApplication, vireo_viewer_application, VIREO,
                      VIEWER_APPLICATION, GtkApplication)

/*
 * Every launch is its own process (G_APPLICATION_NON_UNIQUE): a .vv file
 * clicked twice opens two viewers, and nothing of a connection file (its
 * password above all) travels to another process.
 *
 * Test and benchmark hooks (environment):
 *   VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME=1  print "VIREO_FIRST_FRAME <ms>" on
 *       stdout when the first guest frame is drawn (ms since main() started)
 *       and exit 0; a failure prints "VIREO_FAILED <reason>" on stderr and
 *       exits 1.
 *   VIREO_VIEWER_EXIT_DELAY_MS=N  stay N ms after that line (to read RSS).
 */
VireoViewerApplication *vireo_viewer_application_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void                    vireo_viewer_application_set_start_time  (VireoViewerApplication *self,
                                                                  gint64                  start_us);
/* The status to exit with once g_application_run() returns 0. */
/* The arguments as given to main(): a build without libvirt runs the full
 * viewer with them for --connect. */
void                    vireo_viewer_application_set_argv        (VireoViewerApplication *self,
                                                                  char                  **argv);
int                     vireo_viewer_application_get_exit_status (VireoViewerApplication *self);
/* The console window, once one is open. */
VireoConsoleWindow     *vireo_viewer_application_get_window      (VireoViewerApplication *self);

/* Remembers a viewer address in the recent list (most recent first, at
 * most 10, passwords removed); the list read back. */
void                    vireo_viewer_application_add_recent      (GSettings  *settings,
                                                                  const char *address);
GStrv                   vireo_viewer_application_list_recent     (GSettings  *settings)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
