/* vireo-install-handoff.c: install through the manager that holds the root
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-handoff.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-vmm-error.h"

/* A manager installing (defining, starting) may take a while on a loaded
 * host. */
#define CALL_TIMEOUT_MS (5 * 60 * 1000)

struct _VireoInstallHandoff {
    GDBusConnection *bus;
    char            *uri;
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
        if (xml && strstr (xml, VIREO_INSTALLER_INTERFACE))
            return g_steal_pointer (&self);
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
