/* vireo-password-store.c: console passwords remembered in the desktop's secret service
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "vireo-password-store.h"

static const SecretSchema *
get_schema (void)
{
    static const SecretSchema schema = {
        VIREO_PASSWORD_STORE_SCHEMA, SECRET_SCHEMA_NONE,
        {
            { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
            { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
            { "uri",  SECRET_SCHEMA_ATTRIBUTE_STRING },
            { NULL, 0 },
        },
        0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    };

    return &schema;
}

static GHashTable *
key_to_attributes (const VireoPasswordKey *key)
{
    GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

    g_hash_table_insert (attributes, (char *) "host", g_strdup (key->host ? key->host : ""));
    g_hash_table_insert (attributes, (char *) "port", g_strdup_printf ("%d", key->port));
    g_hash_table_insert (attributes, (char *) "uri", g_strdup (key->uri ? key->uri : ""));
    return attributes;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    char *password = secret_password_lookup_finish (result, &error);

    if (error != NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;

    if (!secret_password_store_finish (result, &error))
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;

    /* FALSE without an error: there was nothing to remove. */
    secret_password_clear_finish (result, &error);
    if (error != NULL)
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

void
vireo_password_store_lookup_async (const VireoPasswordKey *key,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
    g_autoptr(GTask) task = NULL;
    g_autoptr(GHashTable) attributes = NULL;

    g_return_if_fail (key != NULL);

    task = g_task_new (NULL, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_password_store_lookup_async);
    attributes = key_to_attributes (key);
    secret_password_lookupv (get_schema (), attributes, cancellable, lookup_cb,
                             g_steal_pointer (&task));
}

char *
vireo_password_store_lookup_finish (GAsyncResult *result,
                                    GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_password_store_save_async (const VireoPasswordKey *key,
                                 const char             *label,
                                 const char             *password,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
    g_autoptr(GTask) task = NULL;
    g_autoptr(GHashTable) attributes = NULL;

    g_return_if_fail (key != NULL);
    g_return_if_fail (label != NULL);
    g_return_if_fail (password != NULL);

    task = g_task_new (NULL, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_password_store_save_async);
    attributes = key_to_attributes (key);
    secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                            password, cancellable, save_cb, g_steal_pointer (&task));
}

gboolean
vireo_password_store_save_finish (GAsyncResult *result,
                                  GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_password_store_clear_async (const VireoPasswordKey *key,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
    g_autoptr(GTask) task = NULL;
    g_autoptr(GHashTable) attributes = NULL;

    g_return_if_fail (key != NULL);

    task = g_task_new (NULL, cancellable, callback, user_data);
    g_task_set_source_tag (task, vireo_password_store_clear_async);
    attributes = key_to_attributes (key);
    secret_password_clearv (get_schema (), attributes, cancellable, clear_cb,
                            g_steal_pointer (&task));
}

gboolean
vireo_password_store_clear_finish (GAsyncResult *result,
                                   GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_password_store_free (char *password)
{
    secret_password_free (password);
}
