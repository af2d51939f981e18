/* vireo-viewer-connect-exec.c: --connect URI DOMAIN in vireo-viewer (no libvirt)
 *
 * vireo-viewer has no libvirt, so that a .vv file or an address never maps
 * its ~40 libraries: --connect runs vireo-viewer-libvirt instead, with the
 * same arguments, in the same process (exec), so that exit status and
 * output stay the user's.  It is found in $VIREO_VIEWER_LIBVIRT, next to
 * this program (the build tree), or in the installed libexec directory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vireo-program-file.h"
#include "vireo-viewer-application-private.h"
#include "vireo-viewer-connect.h"

/* Returns only when the libvirt viewer cannot be run. */
static void
exec_libvirt_viewer (VireoViewerApplication *self)
{
    static const char name[] = "vireo-viewer-libvirt";
    const char *env = g_getenv ("VIREO_VIEWER_LIBVIRT");
    g_autofree char *path = NULL;
    int saved;

    if (env != NULL && *env != '\0')
        path = g_strdup (env);
    else
        path = vireo_program_file_find (name, NULL, VIREO_LIBEXECDIR,
                                        G_FILE_TEST_IS_EXECUTABLE);
    if (path == NULL)   /* for the message: where it should have been */
        path = g_build_filename (VIREO_LIBEXECDIR, name, NULL);
    g_debug ("--connect: running %s", path);
    execv (path, self->argv);
    saved = errno;
    g_printerr (_("vireo-viewer: --connect needs %s, which could not be run: %s\n"),
                path, g_strerror (saved));
}

/* ------------------------------------------------------------------------ */
/* vireo-viewer-connect.h */

int
_vireo_viewer_connect_handle_local (VireoViewerApplication *self)
{
    if (self->argv != NULL)
        exec_libvirt_viewer (self);
    else
        g_printerr ("%s\n", _("vireo-viewer: this build cannot open --connect."));
    return 1;
}

void
_vireo_viewer_connect_open (VireoViewerApplication *self)
{
    /* handle_local_options ran the libvirt viewer or ended the process. */
    _vireo_viewer_application_fail (self, _("Could not open the console"),
                                    _("vireo-viewer: this build cannot open --connect."));
}

void
_vireo_viewer_connect_dispose (VireoViewerApplication *self)
{
}
