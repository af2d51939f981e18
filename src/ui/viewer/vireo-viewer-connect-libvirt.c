/* vireo-viewer-connect-libvirt.c: --connect URI DOMAIN in vireo-viewer-libvirt
 *
 * Opens the connection (handing the console over to the Vireo manager when
 * that holds the embedded root), finds the domain (or waits for it to
 * appear with --wait) and shows its console through a
 * VireoConsoleSourceDomain.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <glib/gi18n.h>

#include "vireo-auth-dialog.h"
#include "vireo-console-source-domain.h"
#include "vireo-viewer-application-private.h"
#include "vireo-viewer-connect.h"
#include "vireo-vmm.h"

#define MANAGER_BUS_NAME    "org.vireo.Vireo"
#define MANAGER_OBJECT_PATH "/org/vireo/Vireo"

/* ------------------------------------------------------------------------ */
/* Opening the domain */

static void
open_domain (VireoViewerApplication *self,
             VireoDomain            *domain)
{
    VireoConsolePage *page = _vireo_viewer_application_create_page (self);
    g_autoptr(VireoConsoleSource) source = vireo_console_source_domain_new (domain);

    vireo_console_source_domain_set_attach (VIREO_CONSOLE_SOURCE_DOMAIN (source), self->attach);
    vireo_console_page_set_wait (page, self->wait);
    vireo_console_page_set_auto_reconnect (page, self->reconnect);
    vireo_console_page_open_source (page, source);
    _vireo_viewer_application_present (self);
}

static void
domain_added_cb (VireoViewerApplication *self,
                 VireoDomain            *domain,
                 VireoConnection        *connection)
{
    if (self->window != NULL || vireo_connection_find_domain (connection,
                                                             self->domain_name) != domain)
        return;
    g_signal_handlers_disconnect_by_func (connection, domain_added_cb, self);
    open_domain (self, domain);
}

static void
handoff_activate_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
    g_autoptr(VireoViewerApplication) self = user_data;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GError) error = NULL;

    reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
    if (vireo_error_is_cancelled (error))
        return;
    if (reply == NULL) {
        _vireo_viewer_application_fail (self, _("The Vireo manager could not open the console"),
                                        error->message);
        return;
    }
    printf (_("The embedded hypervisor is held by the Vireo manager: the console of “%s” "
              "opens there.\n"), self->domain_name);
    fflush (stdout);
    _vireo_viewer_application_quit_with (self, 0);
}

typedef struct {
    VireoViewerApplication *self;
    char                   *held_message;
} Handoff;

static void
handoff_free (Handoff *handoff)
{
    g_object_unref (handoff->self);
    g_free (handoff->held_message);
    g_free (handoff);
}

static void
handoff_describe_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
    Handoff *handoff = user_data;
    VireoViewerApplication *self = handoff->self;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GError) error = NULL;
    GVariantBuilder params;

    reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
    if (vireo_error_is_cancelled (error)) {
        handoff_free (handoff);
        return;
    }
    if (reply == NULL) {
        g_autofree char *detail = NULL;

        g_debug ("No manager answered: %s", error->message);
        detail = g_strdup_printf (_("%s No Vireo manager answered on the session bus to "
                                    "open the console there; close the program that holds "
                                    "it, or open the console from it."),
                                  handoff->held_message);
        _vireo_viewer_application_fail (self,
                                        _("The embedded hypervisor is in use by another "
                                          "program"), detail);
        handoff_free (handoff);
        return;
    }
    g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
    g_variant_builder_add (&params, "v", g_variant_new ("(ss)", self->connect_uri,
                                                        self->domain_name));
    g_dbus_connection_call (G_DBUS_CONNECTION (source), MANAGER_BUS_NAME, MANAGER_OBJECT_PATH,
                            "org.gtk.Actions", "Activate",
                            g_variant_new ("(sava{sv})", "open-console", &params, NULL),
                            NULL, G_DBUS_CALL_FLAGS_NONE, 30000, self->cancellable,
                            handoff_activate_cb, g_object_ref (self));
    handoff_free (handoff);
}

/* The embedded root is held by another process: ask the manager (if it is
 * the holder, or any manager on the bus) to open the console instead. */
static void
hand_over_to_manager (VireoViewerApplication *self,
                      const GError           *held)
{
    g_autoptr(GDBusConnection) bus = NULL;
    g_autoptr(GError) error = NULL;
    Handoff *handoff;

    bus = g_bus_get_sync (G_BUS_TYPE_SESSION, self->cancellable, &error);
    if (bus == NULL) {
        _vireo_viewer_application_fail (self,
                                        _("The embedded hypervisor is in use by another program"),
                                        held->message);
        return;
    }
    _vireo_viewer_application_verbose (self, _("The embedded hypervisor is held by another "
                                               "process; asking the Vireo manager to open the "
                                               "console."));
    handoff = g_new0 (Handoff, 1);
    handoff->self = g_object_ref (self);
    handoff->held_message = g_strdup (held->message);
    g_dbus_connection_call (bus, MANAGER_BUS_NAME, MANAGER_OBJECT_PATH, "org.gtk.Actions",
                            "Describe", g_variant_new ("(s)", "open-console"),
                            G_VARIANT_TYPE ("((bgav))"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                            5000, self->cancellable, handoff_describe_cb, handoff);
}

static void
connection_open_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    g_autoptr(VireoViewerApplication) self = user_data;
    VireoConnection *connection = VIREO_CONNECTION (source);
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;

    if (!vireo_connection_open_finish (connection, result, &error)) {
        if (vireo_error_is_cancelled (error))
            return;
        if (g_error_matches (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_ROOT_HELD)) {
            hand_over_to_manager (self, error);
            return;
        }
        _vireo_viewer_application_fail (self, _("Could not connect to the hypervisor"),
                                        error->message);
        return;
    }
    domain = vireo_connection_find_domain (connection, self->domain_name);
    if (domain != NULL) {
        open_domain (self, domain);
    } else if (self->wait) {
        _vireo_viewer_application_verbose (self, _("Waiting for the virtual machine “%s” to "
                                                   "appear."), self->domain_name);
        g_signal_connect_object (connection, "domain-added", G_CALLBACK (domain_added_cb), self,
                                 G_CONNECT_SWAPPED);
    } else {
        g_autofree char *detail = g_strdup_printf (_("There is no virtual machine named “%s” "
                                                     "on %s."), self->domain_name,
                                                   self->connect_uri);

        _vireo_viewer_application_fail (self, _("The virtual machine was not found"),
                                        detail);
    }
}

static gboolean
connection_authenticate_cb (VireoConnection        *connection,
                            VireoAuthRequest       *request,
                            VireoViewerApplication *self)
{
    GtkWidget *dialog = vireo_auth_dialog_new (NULL, request);

    gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
    gtk_window_present (GTK_WINDOW (dialog));
    return TRUE;
}

/* ------------------------------------------------------------------------ */
/* vireo-viewer-connect.h */

int
_vireo_viewer_connect_handle_local (VireoViewerApplication *self)
{
    return -1;
}

void
_vireo_viewer_connect_open (VireoViewerApplication *self)
{
    g_autoptr(GError) error = NULL;
    VireoConnection *connection;

    if (!vireo_event_loop_ensure (&error)) {
        _vireo_viewer_application_fail (self, _("Could not start libvirt’s event loop"),
                                        error->message);
        return;
    }
    _vireo_viewer_application_verbose (self, _("Connecting to %s."), self->connect_uri);
    connection = vireo_connection_new (self->connect_uri);
    g_set_object (&self->connection, G_OBJECT (connection));
    vireo_connection_set_reconnect (connection, self->reconnect);
    g_signal_connect_object (connection, "authenticate",
                             G_CALLBACK (connection_authenticate_cb), self, 0);
    vireo_connection_open_async (connection, self->cancellable, connection_open_cb,
                                 g_object_ref (self));
    g_object_unref (connection);
}

void
_vireo_viewer_connect_dispose (VireoViewerApplication *self)
{
    if (self->connection != NULL)
        vireo_connection_close (VIREO_CONNECTION (self->connection));
}
