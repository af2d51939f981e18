/* vireo-console-file.h: a console connection description (.vv files and viewer URIs)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-console-error.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_FILE (vireo_console_file_get_type ())
G_DECLARE_FINAL_TYPE (VireoConsoleFile, vireo_console_file, VIREO, CONSOLE_FILE, GObject)

/* Groups of a .vv file. */
#define VIREO_CONSOLE_FILE_GROUP "virt-viewer"
#define VIREO_CONSOLE_FILE_OVIRT_GROUP "ovirt"

/* Files larger than this are refused before parsing. */
#define VIREO_CONSOLE_FILE_MAX_SIZE (1024 * 1024)
/* Longest accepted value of a single key (a PEM CA bundle is a few KiB). */
#define VIREO_CONSOLE_FILE_MAX_VALUE (64 * 1024)

/* A connection file that is not a regular file (a FIFO, a device) must deliver its data
 * within 10 s; this environment variable sets another limit in milliseconds (tests). */
#define VIREO_CONSOLE_FILE_TIMEOUT_ENV "VIREO_READ_TIMEOUT_MS"

/* Set this environment variable to keep files that ask to be deleted (debugging). */
#define VIREO_CONSOLE_FILE_KEEP_ENV "VIREO_KEEP_FILE"

typedef enum {
    VIREO_CONSOLE_PROTOCOL_NONE,   /* nothing loaded yet */
    VIREO_CONSOLE_PROTOCOL_SPICE,
    VIREO_CONSOLE_PROTOCOL_VNC,
    VIREO_CONSOLE_PROTOCOL_OVIRT,
} VireoConsoleProtocol;

VireoConsoleFile *vireo_console_file_new             (void) G_GNUC_WARN_UNUSED_RESULT;
VireoConsoleFile *vireo_console_file_new_from_uri    (const char    *uri,
                                                            GError       **error)
    G_GNUC_WARN_UNUSED_RESULT;

gboolean    vireo_console_file_load_from_data    (VireoConsoleFile *self,
                                                     const char          *data,
                                                     gssize               length,
                                                     GError             **error);
gboolean    vireo_console_file_load_from_file    (VireoConsoleFile *self,
                                                     const char          *path,
                                                     GError             **error);
gboolean    vireo_console_file_load_from_stream  (VireoConsoleFile *self,
                                                     GInputStream        *stream,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
/* The same two reads in a worker thread, for a main loop. */
void        vireo_console_file_new_from_file_async   (const char          *path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void        vireo_console_file_new_from_stream_async (GInputStream        *stream,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
VireoConsoleFile *vireo_console_file_new_finish      (GAsyncResult        *result,
                                                      GError             **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* Why a file that asked to be deleted once read (delete-this-file) is still there: a
 * sentence for the user, or NULL. */
const char *vireo_console_file_get_delete_error  (VireoConsoleFile *self);

/* Checks `versions` (for os_id) and `version` against version.  NULL os_id means
 * the running system's ID+VERSION_ID ("debian12"); NULL version means Vireo's own. */
gboolean    vireo_console_file_check_version     (VireoConsoleFile *self,
                                                     const char          *os_id,
                                                     const char          *version,
                                                     GError             **error);
int         vireo_console_file_compare_versions  (const char          *a,
                                                     const char          *b);

/* TRUE when the key was present in the loaded file (or given by the URI).
 * group NULL means [virt-viewer]. */
gboolean    vireo_console_file_is_set            (VireoConsoleFile *self,
                                                     const char          *group,
                                                     const char          *key);

/* A multi-line "key=value" text for logs: secrets are shown as "(hidden)"; control
 * characters and backslashes in values are escaped ("\n", "\\", "\x1b"). */
char       *vireo_console_file_describe          (VireoConsoleFile *self) G_GNUC_WARN_UNUSED_RESULT;

/* The window title remote-viewer makes of a `title` key (or --title): the
 * first "%d" becomes @display_label, the guest display's number counted
 * from 1 ("1" for the only one) or a text console's name; any other text,
 * including further "%d", stays as it is.  NULL when @title is NULL. */
char       *vireo_console_file_expand_title      (const char          *title,
                                                     const char          *display_label)
    G_GNUC_WARN_UNUSED_RESULT;

/* Checks the hotkey syntax of .vv files: "shift+f11", "ctrl+alt". */
gboolean    vireo_console_file_hotkey_is_valid   (const char          *hotkey);

/* [virt-viewer]: strings are NULL, ports -1, booleans FALSE when not set. */
VireoConsoleProtocol vireo_console_file_get_protocol (VireoConsoleFile *self);
const char *vireo_console_file_get_host              (VireoConsoleFile *self);
int         vireo_console_file_get_port              (VireoConsoleFile *self);
int         vireo_console_file_get_tls_port          (VireoConsoleFile *self);
const char *vireo_console_file_get_unix_path         (VireoConsoleFile *self);
const char *vireo_console_file_get_username          (VireoConsoleFile *self);
const char *vireo_console_file_get_password          (VireoConsoleFile *self);
const char *const *vireo_console_file_get_disable_channels (VireoConsoleFile *self);
const char *vireo_console_file_get_tls_ciphers       (VireoConsoleFile *self);
const char *vireo_console_file_get_ca                (VireoConsoleFile *self);
const char *vireo_console_file_get_host_subject      (VireoConsoleFile *self);
gboolean    vireo_console_file_get_fullscreen        (VireoConsoleFile *self);
const char *vireo_console_file_get_title             (VireoConsoleFile *self);
gboolean    vireo_console_file_get_enable_smartcard  (VireoConsoleFile *self);
gboolean    vireo_console_file_get_enable_usbredir   (VireoConsoleFile *self);
gboolean    vireo_console_file_get_enable_usb_autoshare (VireoConsoleFile *self);
const char *vireo_console_file_get_usb_filter        (VireoConsoleFile *self);
const char *vireo_console_file_get_usb_redirect_on_connect (VireoConsoleFile *self);
int         vireo_console_file_get_color_depth       (VireoConsoleFile *self);
const char *const *vireo_console_file_get_disable_effects (VireoConsoleFile *self);
const char *const *vireo_console_file_get_secure_channels (VireoConsoleFile *self);
gboolean    vireo_console_file_get_delete_this_file  (VireoConsoleFile *self);
const char *vireo_console_file_get_proxy             (VireoConsoleFile *self);
const char *vireo_console_file_get_version           (VireoConsoleFile *self);
const char *const *vireo_console_file_get_versions   (VireoConsoleFile *self);
const char *vireo_console_file_get_newer_version_url (VireoConsoleFile *self);

/* Hotkeys by action name: toggle-fullscreen, release-cursor, zoom-in, zoom-out,
 * zoom-reset, smartcard-insert, smartcard-remove, secure-attention, usb-device-reset. */
const char *vireo_console_file_get_hotkey            (VireoConsoleFile *self,
                                                         const char          *action);
const char *const *vireo_console_file_hotkey_actions (void);

/* [ovirt] */
gboolean    vireo_console_file_has_ovirt             (VireoConsoleFile *self);
const char *vireo_console_file_get_ovirt_host        (VireoConsoleFile *self);
const char *vireo_console_file_get_ovirt_vm_guid     (VireoConsoleFile *self);
const char *vireo_console_file_get_ovirt_jsessionid  (VireoConsoleFile *self);
const char *vireo_console_file_get_ovirt_sso_token   (VireoConsoleFile *self);
const char *vireo_console_file_get_ovirt_ca          (VireoConsoleFile *self);
gboolean    vireo_console_file_get_ovirt_admin       (VireoConsoleFile *self);

G_END_DECLS
