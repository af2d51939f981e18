/* vireo-embed.h: libvirt's embedded QEMU driver (qemu:///embed?root=ROOT)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest root path Vireo accepts.  libvirt puts each guest's monitor
 * socket at ROOT/lib/qemu/domain-ID-NAME/monitor.sock (NAME cut to 20
 * characters), and a UNIX socket path must fit in 107 bytes; this leaves room
 * for domain ids of up to four digits. */
#define VIREO_EMBED_ROOT_MAX_LENGTH 52

/* $XDG_DATA_HOME/vireo/embed (newly allocated). */
char     *vireo_embed_default_root     (void) G_GNUC_WARN_UNUSED_RESULT;

/* "qemu:///embed?root=ROOT" with ROOT escaped as a URI query value. */
char     *vireo_embed_uri_for_root     (const char *root) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE when @uri is an embedded-driver URI; sets @root_out to its root. */
gboolean  vireo_embed_uri_get_root     (const char *uri,
                                        char      **root_out);

/* Creates ROOT and writes ROOT/etc/qemu.conf (stdio_handler = "file"; as
 * root also user/group "root" and security_driver "none") unless a qemu.conf
 * exists already that the user wrote.  Fails with a clear sentence when the
 * root path is too long for libvirt's UNIX sockets, cannot be created, or the
 * disk is full. */
gboolean  vireo_embed_prepare_root     (const char *root,
                                        GError    **error);

/* Describes the process holding ROOT's driver lock ("vireo (pid 1234)"), or
 * NULL when nobody holds it.  A stale ROOT/run/qemu/driver.pid (no lock on
 * it) reads as free, and so does a lock held by the calling process itself,
 * which may open the root again. */
char     *vireo_embed_describe_holder  (const char *root) G_GNUC_WARN_UNUSED_RESULT;

/* Fails with VIREO_VMM_ERROR_ROOT_HELD and a sentence naming the holder when
 * another process holds ROOT. */
gboolean  vireo_embed_check_free       (const char *root,
                                        GError    **error);

/* The directory where Vireo keeps disk images for this root (ROOT/images). */
char     *vireo_embed_images_dir       (const char *root) G_GNUC_WARN_UNUSED_RESULT;

/* As root, libvirt's QEMU driver insists on the libvirt-qemu account
 * existing even when qemu.conf names another user.  Returns FALSE with a
 * sentence that says what to install when it is missing. */
gboolean  vireo_embed_check_host       (GError    **error);

G_END_DECLS
