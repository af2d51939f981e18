/* vireo-console-source.h: where a console comes from (a .vv file or address, a libvirt domain)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-console-error.h"
#include "vireo-display.h"
#include "vireo-password-store.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_SOURCE (vireo_console_source_get_type ())
G_DECLARE_INTERFACE (VireoConsoleSource, vireo_console_source, VIREO, CONSOLE_SOURCE, GObject)

/* The id of a source's graphical (SPICE or VNC) console. */
#define VIREO_CONSOLE_TARGET_GRAPHICS "graphics"

/* One console a source offers. */
typedef struct {
    char     *id;       /* VIREO_CONSOLE_TARGET_GRAPHICS, or a text console's device alias */
    char     *label;    /* for the Consoles menu, with a mnemonic: "_Graphical Console",
                         * "Serial 1" */
    gboolean  is_text;  /* a serial or virtio text console */
} VireoConsoleTarget;

VireoConsoleTarget *vireo_console_target_new  (const char *id,
                                               const char *label,
                                               gboolean    is_text) G_GNUC_WARN_UNUSED_RESULT;
void                vireo_console_target_free (VireoConsoleTarget *target);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoConsoleTarget, vireo_console_target_free)

/*
 * A console source answers the questions a console page asks before and
 * around its display: what to call the console, whether it can be opened
 * now (a domain that is shut off cannot; the page waits for it or says
 * so), which consoles there are to choose from, how to make the display for
 * one of them, and under which keys a password and the clipboard setting
 * are remembered.  Implementations: VireoConsoleSourceFile (a .vv file or a
 * spice:// or vnc:// address, in every build) and VireoConsoleSourceDomain
 * (a libvirt domain, in the libvirt build only).
 *
 * Properties:
 *   title (string, read-only)       what the page and its window are called
 *   available (boolean, read-only)  whether a display can be opened now;
 *                                   notified when it changes (a domain that
 *                                   starts or stops)
 */
struct _VireoConsoleSourceInterface {
    GTypeInterface parent_iface;

    const char   *(*get_title)            (VireoConsoleSource *self);
    gboolean      (*get_available)        (VireoConsoleSource *self);
    void          (*list_consoles_async)  (VireoConsoleSource  *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
    GPtrArray    *(*list_consoles_finish) (VireoConsoleSource  *self,
                                           GAsyncResult        *result,
                                           GError             **error);
    void          (*open_display_async)   (VireoConsoleSource  *self,
                                           const char          *console,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
    VireoDisplay *(*open_display_finish)  (VireoConsoleSource  *self,
                                           GAsyncResult        *result,
                                           GError             **error);
    gboolean      (*get_password_key)     (VireoConsoleSource *self,
                                           VireoPasswordKey   *key);
    char         *(*dup_clipboard_key)    (VireoConsoleSource *self);
    char         *(*describe)             (VireoConsoleSource *self);
};

/* What the console is called ("web1", a .vv file's title, "host:5900"). */
const char   *vireo_console_source_get_title            (VireoConsoleSource *self);
/* TRUE when a display can be opened now. */
gboolean      vireo_console_source_get_available        (VireoConsoleSource *self);

/* The consoles offered now, a GPtrArray of VireoConsoleTarget* (graphical
 * first, then text consoles in the domain's order); empty when there is
 * nothing to show.  A domain reads its XML for it, in a worker thread. */
void          vireo_console_source_list_consoles_async  (VireoConsoleSource  *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GPtrArray    *vireo_console_source_list_consoles_finish (VireoConsoleSource  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* A new display for the console @console (a VireoConsoleTarget id; NULL:
 * the graphical console, else the first text console), configured but not
 * opened: the caller connects it with vireo_display_open_async().  What the
 * display needs besides (an ssh tunnel to a remote host) lives as long as
 * the display.  The result is a full reference (not floating).  Fails with
 * VIREO_CONSOLE_ERROR_UNSUPPORTED when the source describes a console
 * Vireo cannot show (an oVirt file, a file for a newer viewer). */
void          vireo_console_source_open_display_async   (VireoConsoleSource  *self,
                                                         const char          *console,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
VireoDisplay *vireo_console_source_open_display_finish  (VireoConsoleSource  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* Fills @key (its strings borrowed from the source, valid until the next
 * open_display) with the key under which the password of the console last
 * opened is remembered; FALSE when it has none (a local domain's console
 * asks for no password). */
gboolean      vireo_console_source_get_password_key     (VireoConsoleSource *self,
                                                         VireoPasswordKey   *key);
/* The key under which clipboard sharing is remembered ("clipboard-sharing"
 * setting): a VM's UUID, else "host:port"; NULL when there is none. */
char         *vireo_console_source_dup_clipboard_key    (VireoConsoleSource *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* "About This Connection": what the console is and where it comes from, as
 * lines of text; secrets are shown as "(hidden)". */
char         *vireo_console_source_describe             (VireoConsoleSource *self)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
