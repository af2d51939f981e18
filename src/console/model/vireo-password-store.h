/* vireo-password-store.h: console passwords remembered in the desktop's secret service
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* libsecret schema name; the attributes are "host" (string), "port"
 * (integer, -1 when there is none) and "uri" (the viewer URI, or the
 * libvirt URI followed by "#" and the domain's UUID). */
#define VIREO_PASSWORD_STORE_SCHEMA "org.vireo.Password"

/* The key of one console.  @host or @uri may be NULL (stored as ""). */
typedef struct {
    const char *host;
    int         port;
    const char *uri;
} VireoPasswordKey;

/* Looks up the remembered password: a newly allocated string to free with
 * vireo_password_store_free(), or NULL (no error) when none is stored.
 * Fails when no secret service answers. */
void      vireo_password_store_lookup_async  (const VireoPasswordKey *key,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
char     *vireo_password_store_lookup_finish (GAsyncResult *result,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Remembers @password for @key (replacing an older one); @label is what the
 * user sees in a keyring manager ("Console of “web1”"). */
void      vireo_password_store_save_async    (const VireoPasswordKey *key,
                                              const char             *label,
                                              const char             *password,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
gboolean  vireo_password_store_save_finish   (GAsyncResult *result,
                                              GError      **error);

/* Forgets the password of @key (TRUE also when none was stored). */
void      vireo_password_store_clear_async   (const VireoPasswordKey *key,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
gboolean  vireo_password_store_clear_finish  (GAsyncResult *result,
                                              GError      **error);

/* Overwrites and frees a password returned by lookup. */
void      vireo_password_store_free          (char *password);

G_END_DECLS
