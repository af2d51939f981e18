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

G_END_DECLS
