/* vireo-viewer-application-private.h: what the viewer's split parts share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-viewer-application.h"

G_BEGIN_DECLS

struct _VireoViewerApplication {
    GtkApplication parent_instance;

    /* borrowed (weak) */
    VireoConsoleWindow *window;

    /* owned */
    GSettings          *settings;        /* NULL when the schema is not installed */
    GObject            *connection;      /* --connect: what vireo-viewer-connect-*.c keeps */
    GCancellable       *cancellable;
    char               *recent_address;  /* added to the recent list once connected */

    /* options */
    char               *connect_uri;
    char               *domain_name;
    char               *title;
    char               *hotkeys;
    int                 zoom;
    gboolean            fullscreen;
    gboolean            kiosk;
    gboolean            kiosk_quit;      /* on-disconnect */
    int                 resize_guest;    /* -1 unset, 0 never, 1 always */
    gboolean            wait;
    gboolean            reconnect;
    gboolean            attach;
    gboolean            verbose;

    /* hooks and status */
    gboolean            exit_after_first_frame;
    guint               exit_delay_ms;
    gint64              start_time;
    int                 exit_status;
    gboolean            held;
    char              **argv;            /* as given, for the libvirt viewer */
};

/* Prints @format (and a new line) with --verbose. */
void              _vireo_viewer_application_verbose     (VireoViewerApplication *self,
                                                         const char             *format,
                                                         ...) G_GNUC_PRINTF (2, 3);
/* A failure before or instead of a console: said on stderr, and in a
 * dialog unless a test hook runs the viewer. */
void              _vireo_viewer_application_fail        (VireoViewerApplication *self,
                                                         const char             *title,
                                                         const char             *detail);
void              _vireo_viewer_application_quit_with   (VireoViewerApplication *self,
                                                         int                     status);
/* The console window (made with the command line's options) and its page,
 * to open a source in; then _present(). */
VireoConsolePage *_vireo_viewer_application_create_page (VireoViewerApplication *self);
void              _vireo_viewer_application_present     (VireoViewerApplication *self);

G_END_DECLS
