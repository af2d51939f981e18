/* vireo-uri.h: libvirt URIs: default resolution, display names, builders
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @cli_uri (from --connect) if set, else $LIBVIRT_DEFAULT_URI if set and
 * non-empty, else the embedded default URI. */
char     *vireo_uri_resolve_default (const char *cli_uri) G_GNUC_WARN_UNUSED_RESULT;

/* Short human name: "Embedded", "QEMU/KVM", "QEMU/KVM user session",
 * "QEMU/KVM: host", "Test", or the URI itself. Translated. */
char     *vireo_uri_dup_display_name (const char *uri) G_GNUC_WARN_UNUSED_RESULT;

/* qemu+ssh://[user@]host/system (or /session). */
char     *vireo_uri_build_ssh (const char *user,
                               const char *host,
                               gboolean    session) G_GNUC_WARN_UNUSED_RESULT;

/* Validates @uri's syntax (scheme, no spaces); error names what is wrong. */
gboolean  vireo_uri_validate (const char *uri,
                              GError    **error);

/* TRUE for URIs whose hypervisor runs on this machine (no host part). */
gboolean  vireo_uri_is_local (const char *uri);

/* The URI to open for @uri.  Once a process has opened the embedded QEMU
 * driver, libvirt gives "qemu:///system" (and "qemu:///session") to that
 * driver, which refuses it, and declines to reach a local daemon without
 * a named socket: such a URI is opened as "qemu+unix:///system?socket=S",
 * S being the daemon's socket in @run_dir (NULL: "/run/libvirt", or
 * $XDG_RUNTIME_DIR/libvirt for a session): virtqemud's when it is there,
 * else libvirtd's.  A session whose daemon is not running is left as it is
 * (libvirt starts it).  Other URIs come back unchanged. */
char     *vireo_uri_for_open (const char *uri,
                              const char *run_dir) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
