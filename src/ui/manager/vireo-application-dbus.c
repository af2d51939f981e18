/* vireo-application-dbus.c: org.vireo.Vireo.Installer on the manager
 *
 * While the manager holds an embedded root, no other process can open it.
 * vireo-install then reads the host's capabilities and the VMs through this
 * interface and asks the manager to define and start the new VM on its own
 * connection; the manager also boots the lasting configuration once the
 * install phase ends.  vireo-xml hands its edits over the same way (Edit):
 * the manager applies them with the core's VireoDomainEditor and commits
 * them on its connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-application-private.h"

#include <glib/gi18n.h>

#include "vireo-domain-editor.h"
#include "vireo-install-engine.h"
#include "vireo-install-handoff.h"
#include "vireo-osinfo.h"

#define REGISTRATION_KEY "vireo-installer-registration"

/* A Capabilities call: what it asks, and the capabilities read first. */
typedef struct {
    GDBusMethodInvocation *invocation;
    char                  *caps;
    char                  *emulator, *arch, *machine, *virt_type;
} CapsCall;

/* ---------------------------------------------------------------- helpers */

static gboolean
same_uri (const char *a, const char *b)
{
    g_autofree char *root_a = NULL;
    g_autofree char *root_b = NULL;

    if (g_strcmp0 (a, b) == 0)
        return TRUE;
    return vireo_embed_uri_get_root (a, &root_a) && vireo_embed_uri_get_root (b, &root_b) &&
           g_strcmp0 (root_a, root_b) == 0;
}

/* The open connection for @uri, or NULL after answering the call with an
 * error. */
static VireoConnection *
active_connection (VireoApplication *self, const char *uri, GDBusMethodInvocation *invocation)
{
    GPtrArray *connections = vireo_application_get_connections (self);

    for (guint i = 0; i < connections->len; i++) {
        VireoConnection *c = connections->pdata[i];
        if (!same_uri (vireo_connection_get_uri (c), uri))
            continue;
        if (vireo_connection_get_state (c) == VIREO_CONNECTION_STATE_ACTIVE)
            return c;
        break;
    }
    g_dbus_method_invocation_return_error (invocation, VIREO_VMM_ERROR,
                                           VIREO_VMM_ERROR_NOT_FOUND,
                                           _("Vireo has no open connection to “%s”."), uri);
    return NULL;
}

static void
caps_call_free (CapsCall *call)
{
    g_free (call->caps);
    g_free (call->emulator);
    g_free (call->arch);
    g_free (call->machine);
    g_free (call->virt_type);
    g_free (call);
}

static char *
empty_to_null (const char *s)
{
    return s && *s ? g_strdup (s) : NULL;
}

/* -------------------------------------------------------------- callbacks */

/* What the hypervisor offers is optional: without it the answer has "". */
static void
domcaps_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    CapsCall *call = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *domcaps = NULL;

    domcaps = vireo_connection_dup_domain_capabilities_finish (VIREO_CONNECTION (source), result,
                                                               &error);
    if (domcaps == NULL)
        g_debug ("No domain capabilities for the installer: %s", error->message);
    g_dbus_method_invocation_return_value (call->invocation,
                                           g_variant_new ("(ss)", call->caps,
                                                          domcaps ? domcaps : ""));
    caps_call_free (call);
}

static void
caps_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    CapsCall *call = user_data;
    VireoConnection *connection = VIREO_CONNECTION (source);
    GError *error = NULL;

    call->caps = vireo_connection_dup_capabilities_finish (connection, result, &error);
    if (call->caps == NULL) {
        g_dbus_method_invocation_take_error (call->invocation, error);
        caps_call_free (call);
        return;
    }
    if (call->emulator == NULL) {
        g_dbus_method_invocation_return_value (call->invocation,
                                               g_variant_new ("(ss)", call->caps, ""));
        caps_call_free (call);
        return;
    }
    vireo_connection_dup_domain_capabilities_async (connection, call->emulator, call->arch,
                                                    call->machine, call->virt_type, NULL,
                                                    domcaps_done_cb, call);
}

static void
domains_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GDBusMethodInvocation *invocation = user_data;
    GError *error = NULL;
    g_autoptr(GHashTable) domains = NULL;
    GVariantBuilder b;
    GHashTableIter iter;
    gpointer name, xml;

    domains = vireo_connection_list_domain_xml_finish (VIREO_CONNECTION (source), result,
                                                       &error);
    if (domains == NULL) {
        g_dbus_method_invocation_take_error (invocation, error);
        return;
    }
    g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
    g_hash_table_iter_init (&iter, domains);
    while (g_hash_table_iter_next (&iter, &name, &xml))
        g_variant_builder_add (&b, "{ss}", name, xml);
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{ss})", &b));
}

/* Tells whoever waits (vireo-install --wait) that the install ended. */
static void
second_phase_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GDBusConnection) bus = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomain) after = NULL;
    gboolean done = FALSE;

    if (!vireo_install_engine_complete_finish (VIREO_DOMAIN (source), result, &done, &after,
                                               &error))
        g_warning ("The installed VM could not boot from its disk: %s", error->message);
    g_dbus_connection_emit_signal (bus, NULL, VIREO_INSTALLER_OBJECT_PATH,
                                   VIREO_INSTALLER_INTERFACE, "InstallEnded",
                                   g_variant_new ("(ss)",
                                                  vireo_domain_get_uuid (VIREO_DOMAIN (source)),
                                                  error ? error->message : ""),
                                   NULL);
}

typedef struct {
    GDBusMethodInvocation *invocation;
    char                  *final_xml;
    gboolean               transient;
    gboolean               noreboot;
} InstallCall;

static void
install_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    InstallCall *call = user_data;
    GError *error = NULL;
    g_autoptr(VireoDomain) domain = vireo_install_engine_run_finish (VIREO_CONNECTION (source),
                                                                     result, &error);

    if (domain == NULL) {
        g_dbus_method_invocation_take_error (call->invocation, error);
    } else {
        /* Answering consumes the invocation: keep its bus for the signal. */
        GDBusConnection *bus = g_object_ref (
            g_dbus_method_invocation_get_connection (call->invocation));

        g_dbus_method_invocation_return_value (call->invocation,
                                               g_variant_new ("(s)",
                                                              vireo_domain_get_uuid (domain)));
        /* The lasting configuration boots once the installer is done. */
        if (call->final_xml)
            vireo_install_engine_complete_async (domain, call->final_xml, call->transient,
                                                 call->noreboot, -1, NULL, second_phase_cb,
                                                 g_object_ref (bus));
        g_object_unref (bus);
    }
    g_free (call->final_xml);
    g_free (call);
}

/* ------------------------------------------------------------ vireo-xml */

typedef struct {
    GDBusMethodInvocation *invocation;
    VireoConnection       *connection;
    VireoDomain           *domain;
    GPtrArray             *edits;       /* VireoDomainEdit* */
    char                  *os_variant;
    guint                  flags;       /* VireoDomainEditorCommitFlags */
    gboolean               start;
    char                  *token;       /* of the call that showed the result, or NULL */
    char                  *shown_xml;   /* the result it showed */
    VireoDomainEditor     *editor;
    gboolean               running;     /* when the editor read it */
    char                  *notice;
} EditCall;

static void
edit_call_free (EditCall *call)
{
    g_clear_object (&call->connection);
    g_clear_object (&call->domain);
    g_clear_pointer (&call->edits, g_ptr_array_unref);
    g_free (call->os_variant);
    g_free (call->token);
    g_free (call->shown_xml);
    g_clear_object (&call->editor);
    g_free (call->notice);
    g_free (call);
}

static void
edit_reply (EditCall *call)
{
    g_autofree char *xml = vireo_domain_editor_dup_xml (call->editor);
    g_autofree char *diff = vireo_domain_editor_dup_diff (call->editor);
    g_autoptr(GPtrArray) added = vireo_domain_editor_dup_added_devices (call->editor);
    g_autofree char *token = vireo_domain_editor_dup_token (call->editor);
    const char *applied = vireo_domain_editor_get_applied_live (call->editor);
    GVariantBuilder b;

    g_ptr_array_add (added, NULL);
    g_variant_builder_init (&b, G_VARIANT_TYPE ("a{sv}"));
    g_variant_builder_add (&b, "{sv}", "name",
                           g_variant_new_string (vireo_domain_editor_get_name (call->editor)));
    g_variant_builder_add (&b, "{sv}", "xml", g_variant_new_string (xml));
    g_variant_builder_add (&b, "{sv}", "diff", g_variant_new_string (diff));
    g_variant_builder_add (&b, "{sv}", "added",
                           g_variant_new_strv ((const char * const *) added->pdata, -1));
    g_variant_builder_add (&b, "{sv}", "token", g_variant_new_string (token));
    g_variant_builder_add (&b, "{sv}", "running", g_variant_new_boolean (call->running));
    g_variant_builder_add (&b, "{sv}", "applied",
                           g_variant_new_string (applied ? applied : ""));
    g_variant_builder_add (&b, "{sv}", "notice",
                           g_variant_new_string (call->notice ? call->notice : ""));
    g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(a{sv})", &b));
    edit_call_free (call);
}

static void
edit_fail (EditCall *call, GError *error)
{
    g_dbus_method_invocation_take_error (call->invocation, error);
    edit_call_free (call);
}

static void
edit_started_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    EditCall *call = user_data;
    GError *error = NULL;

    if (!vireo_domain_start_finish (VIREO_DOMAIN (source), result, &error))
        edit_fail (call, error);
    else
        edit_reply (call);
}

static void
edit_started_transient_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    EditCall *call = user_data;
    GError *error = NULL;

    if (!vireo_domain_editor_start_transient_finish (call->editor, result, &error))
        edit_fail (call, error);
    else
        edit_reply (call);
}

static void
edit_committed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    EditCall *call = user_data;
    GError *error = NULL;

    if (!vireo_domain_editor_commit_finish (call->editor, result, &call->notice, &error)) {
        edit_fail (call, error);
        return;
    }
    if (call->start && !vireo_domain_is_active (call->domain)) {
        vireo_domain_start_async (call->domain, NULL, edit_started_cb, call);
        return;
    }
    edit_reply (call);
}

static void
edit_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    EditCall *call = user_data;
    GError *error = NULL;

    call->editor = vireo_domain_editor_new_for_domain_finish (VIREO_DOMAIN (source), result,
                                                              &error);
    if (call->editor == NULL) {
        edit_fail (call, error);
        return;
    }
    call->running = vireo_domain_is_active (call->domain);
    /* The result an earlier call showed: the same base, and the same seed
     * for the random choices (a new MAC). */
    if (call->token && !vireo_domain_editor_use_token (call->editor, call->token, &error)) {
        edit_fail (call, error);
        return;
    }
    if (call->os_variant) {
        g_autoptr(OsinfoOs) os = vireo_osinfo_find (call->os_variant, &error);

        if (os == NULL) {
            edit_fail (call, error);
            return;
        }
        vireo_domain_editor_set_os (call->editor, os);
    }
    for (guint i = 0; i < call->edits->len; i++) {
        if (!vireo_domain_editor_apply (call->editor, call->edits->pdata[i], &error)) {
            edit_fail (call, error);
            return;
        }
    }
    if (call->shown_xml) {
        g_autofree char *xml = vireo_domain_editor_dup_xml (call->editor);

        if (!g_str_equal (xml, call->shown_xml)) {
            edit_fail (call, g_error_new (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                                          _("The changes to “%s” no longer give the XML that "
                                            "was shown: nothing was saved; make the changes "
                                            "again."), vireo_domain_get_name (call->domain)));
            return;
        }
    }
    if (call->flags == 0 && !call->start) {
        edit_reply (call);
        return;
    }
    /* virt-xml --no-define --start: the changed XML runs, the definition
     * stays as it was. */
    if (!(call->flags & VIREO_DOMAIN_EDITOR_COMMIT_CONFIG) &&
        !(call->flags & VIREO_DOMAIN_EDITOR_COMMIT_LIVE) && call->start) {
        vireo_domain_editor_start_transient_async (call->editor, call->connection, NULL,
                                                   edit_started_transient_cb, call);
        return;
    }
    vireo_domain_editor_commit_async (call->editor, call->domain, call->flags, NULL,
                                      edit_committed_cb, call);
}

static void
handle_edit (VireoApplication *self, GVariant *parameters, GDBusMethodInvocation *invocation)
{
    g_autoptr(GVariant) request = g_variant_get_child_value (parameters, 0);
    g_autoptr(GVariant) edits = NULL;
    const char *uri = NULL, *name = NULL, *os_variant = NULL;
    VireoConnection *connection;
    VireoDomain *domain;
    EditCall *call;
    GVariantIter iter;
    GVariant *item;

    g_variant_lookup (request, "uri", "&s", &uri);
    g_variant_lookup (request, "domain", "&s", &name);
    edits = g_variant_lookup_value (request, "edits", G_VARIANT_TYPE ("av"));
    if (uri == NULL || name == NULL || edits == NULL) {
        g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                               G_DBUS_ERROR_INVALID_ARGS,
                                               _("An edit request needs uri, domain and "
                                                 "edits."));
        return;
    }
    connection = active_connection (self, uri, invocation);
    if (connection == NULL)
        return;
    domain = vireo_connection_find_domain (connection, name);
    if (domain == NULL) {
        g_dbus_method_invocation_return_error (invocation, VIREO_VMM_ERROR,
                                               VIREO_VMM_ERROR_NOT_FOUND,
                                               _("There is no VM “%s” on “%s”."), name, uri);
        return;
    }
    call = g_new0 (EditCall, 1);
    call->invocation = invocation;
    call->connection = g_object_ref (connection);
    call->domain = g_object_ref (domain);
    call->edits = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_domain_edit_unref);
    g_variant_iter_init (&iter, edits);
    while (g_variant_iter_next (&iter, "v", &item)) {
        GError *error = NULL;
        VireoDomainEdit *edit = vireo_domain_edit_new_from_variant (item, &error);

        g_variant_unref (item);
        if (edit == NULL) {
            edit_fail (call, error);
            return;
        }
        g_ptr_array_add (call->edits, edit);
    }
    if (g_variant_lookup (request, "os-variant", "&s", &os_variant) && *os_variant)
        call->os_variant = g_strdup (os_variant);
    g_variant_lookup (request, "commit-flags", "u", &call->flags);
    g_variant_lookup (request, "start", "b", &call->start);
    {
        const char *token = NULL, *xml = NULL;

        if (g_variant_lookup (request, "token", "&s", &token) &&
            g_variant_lookup (request, "xml", "&s", &xml) && *token) {
            call->token = g_strdup (token);
            call->shown_xml = g_strdup (xml);
        }
    }
    vireo_domain_editor_new_for_domain_async (domain, NULL, edit_opened_cb, call);
}

static void
method_call_cb (GDBusConnection       *bus,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
    VireoApplication *self = user_data;
    VireoConnection *connection;

    if (g_str_equal (method_name, "Capabilities")) {
        const char *uri, *emulator, *arch, *machine, *virt_type;
        CapsCall *call;

        g_variant_get (parameters, "(&s&s&s&s&s)", &uri, &emulator, &arch, &machine,
                       &virt_type);
        connection = active_connection (self, uri, invocation);
        if (connection == NULL)
            return;
        call = g_new0 (CapsCall, 1);
        call->invocation = invocation;
        call->emulator = empty_to_null (emulator);
        call->arch = empty_to_null (arch);
        call->machine = empty_to_null (machine);
        call->virt_type = empty_to_null (virt_type);
        vireo_connection_dup_capabilities_async (connection, NULL, caps_done_cb, call);
    } else if (g_str_equal (method_name, "Domains")) {
        const char *uri;

        g_variant_get (parameters, "(&s)", &uri);
        connection = active_connection (self, uri, invocation);
        if (connection == NULL)
            return;
        vireo_connection_list_domain_xml_async (connection, NULL, domains_done_cb, invocation);
    } else if (g_str_equal (method_name, "Install")) {
        g_autoptr(GVariant) request = g_variant_get_child_value (parameters, 0);
        g_autoptr(VireoInstallSpec) spec = vireo_install_spec_new ();
        const char *uri = NULL, *name = NULL, *install_xml = NULL, *final_xml = NULL;
        gboolean autostart = FALSE, transient = FALSE, noreboot = FALSE;
        InstallCall *call;

        g_variant_lookup (request, "uri", "&s", &uri);
        g_variant_lookup (request, "name", "&s", &name);
        g_variant_lookup (request, "install-xml", "&s", &install_xml);
        g_variant_lookup (request, "final-xml", "&s", &final_xml);
        g_variant_lookup (request, "autostart", "b", &autostart);
        g_variant_lookup (request, "transient", "b", &transient);
        g_variant_lookup (request, "noreboot", "b", &noreboot);
        if (uri == NULL || name == NULL || install_xml == NULL) {
            g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                                   G_DBUS_ERROR_INVALID_ARGS,
                                                   _("An install request needs uri, name and "
                                                     "install-xml."));
            return;
        }
        connection = active_connection (self, uri, invocation);
        if (connection == NULL)
            return;
        spec->name = g_strdup (name);
        spec->autostart = autostart;
        spec->transient = transient;
        call = g_new0 (InstallCall, 1);
        call->invocation = invocation;
        call->final_xml = empty_to_null (final_xml);
        call->transient = transient;
        call->noreboot = noreboot;
        vireo_install_engine_run_async (connection, spec, install_xml, call->final_xml, NULL,
                                        NULL, install_done_cb, call);
    } else if (g_str_equal (method_name, "Edit")) {
        handle_edit (self, parameters, invocation);
    } else {
        g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                               G_DBUS_ERROR_UNKNOWN_METHOD,
                                               _("There is no method %s."), method_name);
    }
}

static const GDBusInterfaceVTable installer_vtable = {
    .method_call = method_call_cb,
};

/* -------------------------------------------------------------- private API */

gboolean
_vireo_application_dbus_register (VireoApplication *self,
                                  GDBusConnection  *bus,
                                  const char       *object_path,
                                  GError          **error)
{
    g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (VIREO_INSTALLER_INTROSPECTION,
                                                                  error);
    guint id;

    if (info == NULL)
        return FALSE;
    id = g_dbus_connection_register_object (bus, object_path, info->interfaces[0],
                                            &installer_vtable, self, NULL, error);
    if (id == 0)
        return FALSE;
    g_object_set_data (G_OBJECT (bus), REGISTRATION_KEY, GUINT_TO_POINTER (id));
    return TRUE;
}

void
_vireo_application_dbus_unregister (VireoApplication *self,
                                    GDBusConnection  *bus,
                                    const char       *object_path)
{
    guint id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (bus), REGISTRATION_KEY));

    if (id) {
        g_dbus_connection_unregister_object (bus, id);
        g_object_set_data (G_OBJECT (bus), REGISTRATION_KEY, NULL);
    }
}
