/* vireo-display-spice.h: a SPICE console (spice-gtk)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <spice-client-gtk.h>

#include "vireo-display.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISPLAY_SPICE (vireo_display_spice_get_type ())
G_DECLARE_FINAL_TYPE (VireoDisplaySpice, vireo_display_spice, VIREO, DISPLAY_SPICE, VireoDisplay)

/*
 * Where to connect, set before vireo_display_open_async(): host with port
 * and/or TLS port, a UNIX socket, or an fd provider
 * (vireo_display_set_fd_provider(); every channel then gets its own socket
 * from it).  The password comes from
 * vireo_display_set_credentials(); when refused the display emits
 * ::auth-required.
 *
 * Clipboard sharing is off until vireo_display_spice_set_clipboard_sharing()
 * turns it on.  Audio (playback and record) goes through spice-gtk's
 * GStreamer backend unless disabled before open.
 *
 * Extra properties: clipboard-sharing, can-share-folder
 */
VireoDisplay *vireo_display_spice_new                (void) G_GNUC_WARN_UNUSED_RESULT;
void          vireo_display_spice_set_host           (VireoDisplaySpice *self,
                                                      const char        *host,
                                                      guint              port,
                                                      guint              tls_port);
void          vireo_display_spice_set_unix_path      (VireoDisplaySpice *self,
                                                      const char        *path);
/* TLS: a CA file path or PEM data (either may be NULL) and the expected
 * certificate subject ("C=XX,L=city,O=org,CN=host"; NULL checks the host
 * name instead). */
void          vireo_display_spice_set_tls            (VireoDisplaySpice *self,
                                                      const char        *ca_file,
                                                      const char        *ca_pem,
                                                      const char        *host_subject);
/* Channel names ("main", "display", "inputs", ...; "all") that must use
 * TLS. */
void          vireo_display_spice_set_secure_channels (VireoDisplaySpice  *self,
                                                       const char * const *channels);
/* An HTTP proxy URI (http://host:port), or NULL. */
void          vireo_display_spice_set_proxy          (VireoDisplaySpice *self,
                                                      const char        *proxy);
/* Before open: play and record guest audio (default TRUE). */
void          vireo_display_spice_set_audio          (VireoDisplaySpice *self,
                                                      gboolean           enabled);
/* Before open: SPICE channel types ("display", "inputs", "cursor",
 * "playback", "record", "smartcard", "usbredir", "webdav", "port"; "all"
 * for every one but main, display, inputs and cursor) that are never
 * connected, as .vv files' disable-channels asks.  The main channel cannot
 * be disabled (it is ignored).  Without playback and record no audio
 * pipeline is made; without usbredir nothing is redirected. */
void          vireo_display_spice_set_disabled_channels (VireoDisplaySpice  *self,
                                                         const char * const *channels);
GStrv         vireo_display_spice_list_disabled_channels (VireoDisplaySpice *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* The types of the channels the server offered that were left unconnected
 * because they are disabled (since the last open). */
GStrv         vireo_display_spice_list_refused_channels (VireoDisplaySpice *self)
    G_GNUC_WARN_UNUSED_RESULT;

/* Clipboard sharing between the guest and the desktop (default FALSE). */
void          vireo_display_spice_set_clipboard_sharing (VireoDisplaySpice *self,
                                                         gboolean           share);
gboolean      vireo_display_spice_get_clipboard_sharing (VireoDisplaySpice *self);

/* USB redirection: @enabled allows redirection at all; @auto_connect
 * redirects newly plugged devices that match @auto_filter (spice-gtk's
 * filter syntax "class,vendor,product,version,allow|..."; NULL keeps the
 * default); @on_connect_filter redirects matching devices present at
 * connect time (NULL: none). */
void          vireo_display_spice_set_usb_redirection (VireoDisplaySpice *self,
                                                       gboolean           enabled,
                                                       gboolean           auto_connect,
                                                       const char        *auto_filter,
                                                       const char        *on_connect_filter);
/* spice-gtk's USB device manager for this session (borrowed), or NULL with
 * an error when USB redirection is not available. */
SpiceUsbDeviceManager *vireo_display_spice_get_usb_manager (VireoDisplaySpice *self,
                                                            GError           **error);
/* Descriptions of the host's USB devices that can be redirected. */
GStrv         vireo_display_spice_list_usb_devices   (VireoDisplaySpice *self,
                                                      GError           **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* A new device chooser (spice-gtk's SpiceUsbDeviceWidget). */
GtkWidget    *vireo_display_spice_create_usb_device_widget (VireoDisplaySpice *self)
    G_GNUC_WARN_UNUSED_RESULT;

/* Folder sharing (WebDAV channel): TRUE once the guest offers it. */
gboolean      vireo_display_spice_can_share_folder   (VireoDisplaySpice *self);
void          vireo_display_spice_set_shared_folder  (VireoDisplaySpice *self,
                                                      const char        *path,
                                                      gboolean           read_only);

/* Channel type names of this connection ("main", "display", "inputs",
 * "cursor", "playback", "record", "usbredir", "webdav", ...), sorted, no
 * duplicates: those created, or with @opened_only those that completed
 * their handshake. */
GStrv         vireo_display_spice_list_channels      (VireoDisplaySpice *self,
                                                      gboolean           opened_only)
    G_GNUC_WARN_UNUSED_RESULT;
gboolean      vireo_display_spice_has_channel        (VireoDisplaySpice *self,
                                                      const char        *type,
                                                      gboolean           opened);

/* spice-gtk objects (borrowed), for what Vireo does not wrap.  The
 * SpiceDisplay widget exists once the first display channel appeared. */
SpiceSession *vireo_display_spice_get_session        (VireoDisplaySpice *self);
GtkWidget    *vireo_display_spice_get_spice_widget   (VireoDisplaySpice *self);

G_END_DECLS
