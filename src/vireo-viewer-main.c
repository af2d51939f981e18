/* vireo-viewer-main.c: vireo-viewer, the console viewer
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <locale.h>

#include "vireo-viewer-application.h"

int
main (int   argc,
      char *argv[])
{
    gint64 start = g_get_monotonic_time ();
    g_autoptr(VireoViewerApplication) app = NULL;
    int status;

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    app = vireo_viewer_application_new ();
    vireo_viewer_application_set_start_time (app, start);
    vireo_viewer_application_set_argv (app, argv);
    status = g_application_run (G_APPLICATION (app), argc, argv);
    return status != 0 ? status : vireo_viewer_application_get_exit_status (app);
}
