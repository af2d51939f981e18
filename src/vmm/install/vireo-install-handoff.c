/* vireo-install-handoff.c: install through the manager that holds the root
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-handoff.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-domain-edit.h"
#include "vireo-vmm-error.h"

/* A manager installing (defining, starting) may take a while on a loaded
 * host. */
#define CALL_TIMEOUT_MS (5 * 60 * 1000)

struct _VireoInstallHandoff {
    GDBusConnection *bus;
    char            *uri;
    GMainContext    *context;   /* where InstallEnded is delivered */
    GMainLoop       *loop;
    guint            ended_id;
    GHashTable      *ended;     /* uuid → error sentence or "" */
};

/* ---------------------------------------------------------------- helpers */

static GVariant *
call (VireoInstallHandoff *self, const char *method, GVariant *args, const char *reply_type,
      GError **error)
{
    g_autoptr(GError) local = NULL;
    GVariant *reply;

    reply = g_dbus_connection_call_sync (self->bus, VIREO_INSTALLER_BUS_NAME,
                                         VIREO_INSTALLER_OBJECT_PATH, VIREO_INSTALLER_INTERFACE,
                                         method, args, G_VARIANT_TYPE (reply_type),
                                         G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS,
                                         NULL, &local);
    if (reply == NULL) {
        /* The manager's own sentence, without the D-Bus error name. */
        if (g_dbus_error_is_remote_error (local))
            g_dbus_error_strip_remote_error (local);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The running Vireo could not do it: %s"), local->message);
    }
    return reply;
}

static void
ended_cb (GDBusConnection *bus, const char *sender, const char *path, const char *iface,
          const char *signal, GVariant *params, gpointer user_data)
{
    VireoInstallHandoff *self = user_data;
    const char *uuid = NULL, *error = NULL;

    g_variant_get (params, "(&s&s)", &uuid, &error);
    g_hash_table_replace (self->ended, g_strdup (uuid), g_strdup (error));
    g_main_loop_quit (self->loop);
}

static gboolean
end_timeout_cb (gpointer user_data)
{
    g_main_loop_quit (user_data);
    return G_SOURCE_REMOVE;
}

/* -------------------------------------------------------------- public API */

VireoInstallHandoff *
vireo_install_handoff_new (const char   *uri,
                           const GError *held_error,
                           GError      **error)
{
    g_autoptr(VireoInstallHandoff) self = g_new0 (VireoInstallHandoff, 1);
    g_autoptr(GVariant) owner = NULL;
    g_autoptr(GVariant) intro = NULL;

    g_return_val_if_fail (uri != NULL, NULL);

    self->uri = g_strdup (uri);
    self->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
    if (self->bus)
        owner = g_dbus_connection_call_sync (self->bus, "org.freedesktop.DBus",
                                             "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                             "GetNameOwner",
                                             g_variant_new ("(s)", VIREO_INSTALLER_BUS_NAME),
                                             G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE,
                                             -1, NULL, NULL);
    if (owner)
        intro = g_dbus_connection_call_sync (self->bus, VIREO_INSTALLER_BUS_NAME,
                                             VIREO_INSTALLER_OBJECT_PATH,
                                             "org.freedesktop.DBus.Introspectable", "Introspect",
                                             NULL, G_VARIANT_TYPE ("(s)"),
                                             G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL);
    if (intro) {
        const char *xml = NULL;
        g_variant_get (intro, "(&s)", &xml);
        if (xml && strstr (xml, VIREO_INSTALLER_INTERFACE)) {
            /* Listen from the start, so that no end goes unseen; the
             * signals wait in the private context until it runs. */
            self->context = g_main_context_new ();
            self->loop = g_main_loop_new (self->context, FALSE);
            self->ended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
            g_main_context_push_thread_default (self->context);
            self->ended_id = g_dbus_connection_signal_subscribe (
                self->bus, NULL, VIREO_INSTALLER_INTERFACE, "InstallEnded",
                VIREO_INSTALLER_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE, ended_cb, self,
                NULL);
            g_main_context_pop_thread_default (self->context);
            return g_steal_pointer (&self);
        }
    }
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD, "%s %s",
                 held_error ? held_error->message : "",
                 _("No running Vireo manager on this session bus could take the install "
                   "over."));
    return NULL;
}

void
vireo_install_handoff_free (VireoInstallHandoff *self)
{
    if (self == NULL)
        return;
    if (self->ended_id)
        g_dbus_connection_signal_unsubscribe (self->bus, self->ended_id);
    g_clear_pointer (&self->loop, g_main_loop_unref);
    g_clear_pointer (&self->context, g_main_context_unref);
    g_clear_pointer (&self->ended, g_hash_table_unref);
    g_clear_object (&self->bus);
    g_free (self->uri);
    g_free (self);
}

char *
vireo_install_handoff_capabilities (VireoInstallHandoff *self,
                                    const char          *emulator,
                                    const char          *arch,
                                    const char          *machine,
                                    const char          *virt_type,
                                    char               **domcaps_out,
                                    GError             **error)
{
    g_autoptr(GVariant) reply = NULL;
    const char *caps = NULL, *domcaps = NULL;

    g_return_val_if_fail (self != NULL, NULL);

    reply = call (self, "Capabilities",
                  g_variant_new ("(sssss)", self->uri, emulator ? emulator : "",
                                 arch ? arch : "", machine ? machine : "",
                                 virt_type ? virt_type : ""),
                  "(ss)", error);
    if (reply == NULL)
        return NULL;
    g_variant_get (reply, "(&s&s)", &caps, &domcaps);
    if (domcaps_out)
        *domcaps_out = *domcaps ? g_strdup (domcaps) : NULL;
    return g_strdup (caps);
}

GHashTable *
vireo_install_handoff_domains (VireoInstallHandoff *self,
                               GError             **error)
{
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariantIter) iter = NULL;
    GHashTable *domains;
    const char *name, *xml;

    g_return_val_if_fail (self != NULL, NULL);

    reply = call (self, "Domains", g_variant_new ("(s)", self->uri), "(a{ss})", error);
    if (reply == NULL)
        return NULL;
    domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_variant_get (reply, "(a{ss})", &iter);
    while (g_variant_iter_next (iter, "{&s&s}", &name, &xml))
        g_hash_table_insert (domains, g_strdup (name), g_strdup (xml));
    return domains;
}

char *
vireo_install_handoff_install (VireoInstallHandoff *self,
                               const char          *name,
                               const char          *install_xml,
                               const char          *final_xml,
                               gboolean             noreboot,
                               gboolean             autostart,
                               gboolean             transient,
                               GError             **error)
{
    g_autoptr(GVariant) reply = NULL;
    GVariantBuilder b;
    char *uuid = NULL;

    g_return_val_if_fail (self != NULL, NULL);

    g_variant_builder_init (&b, G_VARIANT_TYPE ("a{sv}"));
    g_variant_builder_add (&b, "{sv}", "uri", g_variant_new_string (self->uri));
    g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (name));
    g_variant_builder_add (&b, "{sv}", "install-xml", g_variant_new_string (install_xml));
    g_variant_builder_add (&b, "{sv}", "final-xml",
                           g_variant_new_string (final_xml ? final_xml : ""));
    g_variant_builder_add (&b, "{sv}", "start", g_variant_new_boolean (TRUE));
    g_variant_builder_add (&b, "{sv}", "noreboot", g_variant_new_boolean (noreboot));
    g_variant_builder_add (&b, "{sv}", "autostart", g_variant_new_boolean (autostart));
    g_variant_builder_add (&b, "{sv}", "transient", g_variant_new_boolean (transient));
    reply = call (self, "Install", g_variant_new ("(a{sv})", &b), "(s)", error);
    if (reply == NULL)
        return NULL;
    g_variant_get (reply, "(s)", &uuid);
    return uuid;
}

gboolean
vireo_install_handoff_wait_ended (VireoInstallHandoff *self,
                                  const char          *uuid,
                                  int                  timeout_ms,
                                  gboolean            *done,
                                  GError             **error)
{
    g_autoptr(GSource) timeout = NULL;
    const char *message;

    g_return_val_if_fail (self != NULL && uuid != NULL, FALSE);

    if (timeout_ms >= 0) {
        timeout = g_timeout_source_new (timeout_ms);
        g_source_set_callback (timeout, end_timeout_cb, self->loop, NULL);
        g_source_attach (timeout, self->context);
    }
    g_main_context_push_thread_default (self->context);
    /* Signals queued meanwhile are dispatched first. */
    while (g_main_context_iteration (self->context, FALSE))
        ;
    while (!g_hash_table_contains (self->ended, uuid) &&
           !(timeout && g_source_is_destroyed (timeout)))
        g_main_loop_run (self->loop);
    g_main_context_pop_thread_default (self->context);
    if (timeout)
        g_source_destroy (timeout);
    message = g_hash_table_lookup (self->ended, uuid);
    *done = message != NULL;
    if (message && *message) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED, "%s", message);
        return FALSE;
    }
    return TRUE;
}

void
vireo_install_handoff_edit_reply_clear (VireoInstallHandoffEditReply *reply)
{
    if (reply == NULL)
        return;
    g_clear_pointer (&reply->name, g_free);
    g_clear_pointer (&reply->xml, g_free);
    g_clear_pointer (&reply->diff, g_free);
    g_clear_pointer (&reply->added, g_ptr_array_unref);
    g_clear_pointer (&reply->token, g_free);
    g_clear_pointer (&reply->applied, g_free);
    g_clear_pointer (&reply->notice, g_free);
    reply->running = FALSE;
}

gboolean
vireo_install_handoff_edit (VireoInstallHandoff          *self,
                            const char                   *domain,
                            GPtrArray                    *edits,
                            const char                   *os_variant,
                            guint                         commit_flags,
                            gboolean                      start,
                            const char                   *token,
                            const char                   *shown_xml,
                            VireoInstallHandoffEditReply *reply,
                            GError                      **error)
{
    g_autoptr(GVariant) answer = NULL;
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(GVariant) added = NULL;
    GVariantBuilder b, list;
    GVariantIter iter;
    const char *s;

    g_return_val_if_fail (self != NULL && domain != NULL && edits != NULL, FALSE);
    g_return_val_if_fail ((token == NULL) == (shown_xml == NULL), FALSE);

    vireo_install_handoff_edit_reply_clear (reply);
    g_variant_builder_init (&list, G_VARIANT_TYPE ("av"));
    for (guint i = 0; i < edits->len; i++)
        g_variant_builder_add (&list, "v", vireo_domain_edit_to_variant (edits->pdata[i]));
    g_variant_builder_init (&b, G_VARIANT_TYPE ("a{sv}"));
    g_variant_builder_add (&b, "{sv}", "uri", g_variant_new_string (self->uri));
    g_variant_builder_add (&b, "{sv}", "domain", g_variant_new_string (domain));
    g_variant_builder_add (&b, "{sv}", "edits", g_variant_builder_end (&list));
    g_variant_builder_add (&b, "{sv}", "os-variant",
                           g_variant_new_string (os_variant ? os_variant : ""));
    g_variant_builder_add (&b, "{sv}", "commit-flags", g_variant_new_uint32 (commit_flags));
    g_variant_builder_add (&b, "{sv}", "start", g_variant_new_boolean (start));
    if (token) {
        g_variant_builder_add (&b, "{sv}", "token", g_variant_new_string (token));
        g_variant_builder_add (&b, "{sv}", "xml", g_variant_new_string (shown_xml));
    }
    answer = call (self, "Edit", g_variant_new ("(a{sv})", &b), "(a{sv})", error);
    if (answer == NULL)
        return FALSE;
    if (reply == NULL)
        return TRUE;
    dict = g_variant_get_child_value (answer, 0);
    reply->name = g_variant_lookup (dict, "name", "&s", &s) ? g_strdup (s) : g_strdup (domain);
    reply->xml = g_variant_lookup (dict, "xml", "&s", &s) ? g_strdup (s) : g_strdup ("");
    reply->diff = g_variant_lookup (dict, "diff", "&s", &s) ? g_strdup (s) : g_strdup ("");
    reply->token = g_variant_lookup (dict, "token", "&s", &s) && *s ? g_strdup (s) : NULL;
    reply->applied = g_variant_lookup (dict, "applied", "&s", &s) && *s ? g_strdup (s) : NULL;
    reply->notice = g_variant_lookup (dict, "notice", "&s", &s) && *s ? g_strdup (s) : NULL;
    if (!g_variant_lookup (dict, "running", "b", &reply->running))
        reply->running = FALSE;
    reply->added = g_ptr_array_new_with_free_func (g_free);
    added = g_variant_lookup_value (dict, "added", G_VARIANT_TYPE ("as"));
    if (added) {
        g_variant_iter_init (&iter, added);
        while (g_variant_iter_next (&iter, "&s", &s))
            g_ptr_array_add (reply->added, g_strdup (s));
    }
    return TRUE;
}
