/* vireo-connection-file.h: a console connection description (.vv files and viewer URIs)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-console-error.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONNECTION_FILE (vireo_connection_file_get_type ())
G_DECLARE_FINAL_TYPE (VireoConnectionFile, vireo_connection_file, VIREO, CONNECTION_FILE, GObject)

/* Groups of a .vv file. */
#define VIREO_CONNECTION_FILE_GROUP "virt-viewer"
#define VIREO_CONNECTION_FILE_OVIRT_GROUP "ovirt"

/* Files larger than this are refused before parsing. */
#define VIREO_CONNECTION_FILE_MAX_SIZE (1024 * 1024)
/* Longest accepted value of a single key (a PEM CA bundle is a few KiB). */
#define VIREO_CONNECTION_FILE_MAX_VALUE (64 * 1024)

/* Set this environment variable to keep files that ask to be deleted (debugging). */
#define VIREO_CONNECTION_FILE_KEEP_ENV "VIREO_KEEP_FILE"

typedef enum {
    VIREO_CONNECTION_TYPE_NONE,   /* nothing loaded yet */
    VIREO_CONNECTION_TYPE_SPICE,
    VIREO_CONNECTION_TYPE_VNC,
    VIREO_CONNECTION_TYPE_OVIRT,
} VireoConnectionType;

VireoConnectionFile *vireo_connection_file_new             (void);
VireoConnectionFile *vireo_connection_file_new_from_uri    (const char    *uri,
                                                            GError       **error);

gboolean    vireo_connection_file_load_from_data    (VireoConnectionFile *self,
                                                     const char          *data,
                                                     gssize               length,
                                                     GError             **error);
gboolean    vireo_connection_file_load_from_file    (VireoConnectionFile *self,
                                                     const char          *path,
                                                     GError             **error);
gboolean    vireo_connection_file_load_from_stream  (VireoConnectionFile *self,
                                                     GInputStream        *stream,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

/* Checks `versions` (for os_id) and `version` against version.  NULL os_id means
 * the running system's ID+VERSION_ID ("debian12"); NULL version means Vireo's own. */
gboolean    vireo_connection_file_check_version     (VireoConnectionFile *self,
                                                     const char          *os_id,
                                                     const char          *version,
                                                     GError             **error);
int         vireo_connection_file_compare_versions  (const char          *a,
                                                     const char          *b);

/* TRUE when the key was present in the loaded file (or given by the URI).
 * group NULL means [virt-viewer]. */
gboolean    vireo_connection_file_is_set            (VireoConnectionFile *self,
                                                     const char          *group,
                                                     const char          *key);

/* A multi-line "key=value" text for logs: secrets are shown as "(hidden)"; control
 * characters and backslashes in values are escaped ("\n", "\\", "\x1b"). */
char       *vireo_connection_file_describe          (VireoConnectionFile *self);

/* The window title remote-viewer makes of a `title` key (or --title): the
 * first "%d" becomes @display_label, the guest display's number counted
 * from 1 ("1" for the only one) or a text console's name; any other text,
 * including further "%d", stays as it is.  NULL when @title is NULL. */
char       *vireo_connection_file_expand_title      (const char          *title,
                                                     const char          *display_label);

/* Checks the hotkey syntax of .vv files: "shift+f11", "ctrl+alt". */
gboolean    vireo_connection_file_hotkey_is_valid   (const char          *hotkey);

/* [virt-viewer]: strings are NULL, ports -1, booleans FALSE when not set. */
VireoConnectionType vireo_connection_file_get_connection_type (VireoConnectionFile *self);
const char *vireo_connection_file_get_host              (VireoConnectionFile *self);
int         vireo_connection_file_get_port              (VireoConnectionFile *self);
int         vireo_connection_file_get_tls_port          (VireoConnectionFile *self);
const char *vireo_connection_file_get_unix_path         (VireoConnectionFile *self);
const char *vireo_connection_file_get_username          (VireoConnectionFile *self);
const char *vireo_connection_file_get_password          (VireoConnectionFile *self);
const char *const *vireo_connection_file_get_disable_channels (VireoConnectionFile *self);
const char *vireo_connection_file_get_tls_ciphers       (VireoConnectionFile *self);
const char *vireo_connection_file_get_ca                (VireoConnectionFile *self);
const char *vireo_connection_file_get_host_subject      (VireoConnectionFile *self);
gboolean    vireo_connection_file_get_fullscreen        (VireoConnectionFile *self);
const char *vireo_connection_file_get_title             (VireoConnectionFile *self);
gboolean    vireo_connection_file_get_enable_smartcard  (VireoConnectionFile *self);
gboolean    vireo_connection_file_get_enable_usbredir   (VireoConnectionFile *self);
gboolean    vireo_connection_file_get_enable_usb_autoshare (VireoConnectionFile *self);
const char *vireo_connection_file_get_usb_filter        (VireoConnectionFile *self);
const char *vireo_connection_file_get_usb_redirect_on_connect (VireoConnectionFile *self);
int         vireo_connection_file_get_color_depth       (VireoConnectionFile *self);
const char *const *vireo_connection_file_get_disable_effects (VireoConnectionFile *self);
const char *const *vireo_connection_file_get_secure_channels (VireoConnectionFile *self);
gboolean    vireo_connection_file_get_delete_this_file  (VireoConnectionFile *self);
const char *vireo_connection_file_get_proxy             (VireoConnectionFile *self);
const char *vireo_connection_file_get_version           (VireoConnectionFile *self);
const char *const *vireo_connection_file_get_versions   (VireoConnectionFile *self);
const char *vireo_connection_file_get_newer_version_url (VireoConnectionFile *self);

/* Hotkeys by action name: toggle-fullscreen, release-cursor, zoom-in, zoom-out,
 * zoom-reset, smartcard-insert, smartcard-remove, secure-attention, usb-device-reset. */
const char *vireo_connection_file_get_hotkey            (VireoConnectionFile *self,
                                                         const char          *action);
const char *const *vireo_connection_file_hotkey_actions (void);

/* [ovirt] */
gboolean    vireo_connection_file_has_ovirt             (VireoConnectionFile *self);
const char *vireo_connection_file_get_ovirt_host        (VireoConnectionFile *self);
const char *vireo_connection_file_get_ovirt_vm_guid     (VireoConnectionFile *self);
const char *vireo_connection_file_get_ovirt_jsessionid  (VireoConnectionFile *self);
const char *vireo_connection_file_get_ovirt_sso_token   (VireoConnectionFile *self);
const char *vireo_connection_file_get_ovirt_ca          (VireoConnectionFile *self);
gboolean    vireo_connection_file_get_ovirt_admin       (VireoConnectionFile *self);

G_END_DECLS
