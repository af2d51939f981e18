/* vireo-main.c: the manager
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <locale.h>

#include "vireo-application.h"
#include "vireo-trace.h"

int
main (int   argc,
      char *argv[])
{
    gint64 start_us = g_get_monotonic_time ();
    g_autoptr(VireoApplication) app = NULL;

    vireo_trace_start ();

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    app = vireo_application_new ();
    vireo_application_set_start_time (app, start_us);
    return g_application_run (G_APPLICATION (app), argc, argv);
}
