/* vireo-overview-page.c: a VM's name, title, description, hypervisor facts
 * and what its guest agent says
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-error-cancelled.h"
#include "vireo-device-fields.h"
#include "vireo-form.h"
#include "vireo-overview-page.h"

struct _VireoOverviewPage {
    VireoDetailsPage parent_instance;

    /* template widgets */
    GtkWidget    *metadata_slot;
    GtkLabel     *uuid_label;
    GtkLabel     *state_label;
    GtkLabel     *hypervisor_label;
    GtkLabel     *arch_label;
    GtkLabel     *emulator_label;
    GtkLabel     *machine_label;
    GtkLabel     *firmware_label;
    GtkLabel     *agent_status;
    GtkWidget    *agent_grid;
    GtkLabel     *hostname_label;
    GtkLabel     *os_label;
    GtkLabel     *addresses_label;
    GtkLabel     *timezone_label;
    GtkLabel     *users_label;
    GtkWidget    *refresh_button;

    /* owned */
    VireoForm    *metadata;
    GCancellable *agent_cancellable;   /* of the question in flight */
};

G_DEFINE_FINAL_TYPE (VireoOverviewPage, vireo_overview_page, VIREO_TYPE_DETAILS_PAGE)

static void
set_text (GtkLabel   *label,
          const char *text)
{
    gtk_label_set_text (label, text != NULL && *text != '\0' ? text : _("Unknown"));
}

static void
show_state (VireoOverviewPage *self)
{
    VireoDomain *domain = vireo_details_page_get_domain (VIREO_DETAILS_PAGE (self));
    g_autofree char *state = vireo_domain_state_describe (vireo_domain_get_state (domain),
                                                          vireo_domain_get_reason (domain));
    GtkWidget *name = vireo_form_get_control (self->metadata, "name");
    gboolean active = vireo_domain_is_active (domain);

    set_text (self->state_label, state);
    /* libvirt renames a shut-off VM only. */
    gtk_widget_set_sensitive (name, !active);
    gtk_widget_set_tooltip_text (name, active ? _("Shut the virtual machine down to rename it")
                                              : _("The virtual machine's name"));
}

static void
clear_agent (VireoOverviewPage *self,
             const char        *status)
{
    gtk_label_set_text (self->agent_status, status);
    gtk_widget_hide (self->agent_grid);
}

static void
guest_info_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    VireoOverviewPage *self = user_data;
    g_autoptr(VireoGuestInfo) info = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) addresses = g_string_new (NULL);
    g_autofree char *users = NULL;

    info = vireo_domain_dup_guest_info_finish (VIREO_DOMAIN (source), result, &error);
    if (vireo_error_is_cancelled (error))
        return;
    g_clear_object (&self->agent_cancellable);
    gtk_widget_set_sensitive (self->refresh_button, TRUE);
    if (info == NULL) {
        clear_agent (self, error->message);
        return;
    }
    for (guint i = 0; info->interfaces != NULL && i < info->interfaces->len; i++) {
        VireoGuestInterface *iface = info->interfaces->pdata[i];

        for (guint a = 0; iface->addresses != NULL && iface->addresses[a] != NULL; a++)
            g_string_append_printf (addresses, "%s%s (%s)", addresses->len > 0 ? "\n" : "",
                                    iface->addresses[a], iface->name);
    }
    users = info->users != NULL ? g_strjoinv (", ", info->users) : NULL;
    gtk_label_set_text (self->agent_status, _("The guest agent says:"));
    set_text (self->hostname_label, info->hostname);
    set_text (self->os_label, info->os_name);
    set_text (self->addresses_label, addresses->str);
    set_text (self->timezone_label, info->timezone);
    gtk_label_set_text (self->users_label, users != NULL && *users != '\0' ? users : _("None"));
    gtk_widget_show (self->agent_grid);
}

static void
ask_agent (VireoOverviewPage *self)
{
    VireoDomain *domain = vireo_details_page_get_domain (VIREO_DETAILS_PAGE (self));

    if (self->agent_cancellable != NULL)
        g_cancellable_cancel (self->agent_cancellable);
    g_clear_object (&self->agent_cancellable);
    if (!vireo_domain_is_active (domain)) {
        clear_agent (self, _("The guest agent answers while the virtual machine runs."));
        gtk_widget_set_sensitive (self->refresh_button, FALSE);
        return;
    }
    self->agent_cancellable = g_cancellable_new ();
    gtk_widget_set_sensitive (self->refresh_button, FALSE);
    gtk_label_set_text (self->agent_status, _("Asking the guest agent…"));
    vireo_domain_dup_guest_info_async (domain, self->agent_cancellable, guest_info_cb, self);
}

/* ---------------------------------------------------------------- callbacks */

static void
refresh_clicked_cb (VireoOverviewPage *self)
{
    ask_agent (self);
}

static void
domain_event_cb (VireoOverviewPage   *self,
                 VireoDomainEventKind kind)
{
    /* The agent connected or went away. */
    if (kind == VIREO_DOMAIN_EVENT_AGENT &&
        vireo_details_page_get_shown (VIREO_DETAILS_PAGE (self)))
        ask_agent (self);
}

/* ---------------------------------------------------------------- overrides */

static void
vireo_overview_page_load (VireoDetailsPage  *page,
                          VireoDomainEditor *editor)
{
    VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (page);
    g_autofree char *uuid = vireo_domain_editor_dup_value (editor, "metadata", 0, "uuid");
    g_autofree char *type = vireo_domain_editor_dup_value (editor, "boot", 0, "domain_type");
    g_autofree char *arch = vireo_domain_editor_dup_value (editor, "boot", 0, "arch");
    g_autofree char *emulator = vireo_domain_editor_dup_value (editor, "boot", 0, "emulator");
    g_autofree char *machine = vireo_domain_editor_dup_value (editor, "boot", 0, "machine");
    g_autofree char *firmware = vireo_domain_editor_dup_value (editor, "boot", 0, "firmware");
    g_autofree char *loader = vireo_domain_editor_dup_value (editor, "boot", 0, "loader");
    g_autofree char *hypervisor = NULL;

    vireo_form_load (self->metadata, editor, 0);
    set_text (self->uuid_label, uuid);
    hypervisor = g_ascii_strup (type != NULL ? type : "", -1);
    set_text (self->hypervisor_label, hypervisor);
    set_text (self->arch_label, arch);
    set_text (self->emulator_label, emulator);
    set_text (self->machine_label, machine);
    if (g_strcmp0 (firmware, "efi") == 0 || loader != NULL)
        gtk_label_set_text (self->firmware_label, loader != NULL ? loader : _("UEFI"));
    else
        gtk_label_set_text (self->firmware_label, _("BIOS"));
    show_state (self);
}

static gboolean
vireo_overview_page_apply (VireoDetailsPage  *page,
                           VireoDomainEditor *editor,
                           GError           **error)
{
    VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (page);
    g_autoptr(VireoDomainEdit) edit = NULL;

    if (!vireo_form_is_changed (self->metadata))
        return TRUE;
    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "metadata", error);
    return edit != NULL &&
           vireo_form_fill_edit (self->metadata, edit, VIREO_FORM_FILL_CHANGED, error) &&
           vireo_domain_editor_apply (editor, edit, error);
}

static void
vireo_overview_page_shown (VireoDetailsPage *page,
                           gboolean          shown)
{
    VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (page);

    if (shown)
        ask_agent (self);
}

static void
vireo_overview_page_state_changed (VireoDetailsPage *page)
{
    VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (page);

    show_state (self);
    if (vireo_details_page_get_shown (page))
        ask_agent (self);
}

static void
vireo_overview_page_constructed (GObject *object)
{
    VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (object);
    VireoDomain *domain = vireo_details_page_get_domain (VIREO_DETAILS_PAGE (self));

    G_OBJECT_CLASS (vireo_overview_page_parent_class)->constructed (object);

    g_signal_connect_object (domain, "event", G_CALLBACK (domain_event_cb), self,
                             G_CONNECT_SWAPPED);
    show_state (self);
}

static void
vireo_overview_page_dispose (GObject *object)
{
    VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (object);

    if (self->agent_cancellable != NULL)
        g_cancellable_cancel (self->agent_cancellable);
    g_clear_object (&self->agent_cancellable);
    g_clear_object (&self->metadata);
    G_OBJECT_CLASS (vireo_overview_page_parent_class)->dispose (object);
}

static void
vireo_overview_page_class_init (VireoOverviewPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

    object_class->constructed = vireo_overview_page_constructed;
    object_class->dispose = vireo_overview_page_dispose;
    page_class->load = vireo_overview_page_load;
    page_class->apply = vireo_overview_page_apply;
    page_class->shown = vireo_overview_page_shown;
    page_class->state_changed = vireo_overview_page_state_changed;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-overview-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, metadata_slot);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, uuid_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, state_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, hypervisor_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, arch_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, emulator_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, machine_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, firmware_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, agent_status);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, agent_grid);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, hostname_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, os_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, addresses_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, timezone_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, users_label);
    gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, refresh_button);
    gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
}

static void
vireo_overview_page_init (VireoOverviewPage *self)
{
    const VireoFieldSpec *specs;
    guint n = 0;

    gtk_widget_init_template (GTK_WIDGET (self));

    specs = vireo_section_fields ("metadata", &n);
    self->metadata = vireo_form_new ("metadata", specs, n);
    gtk_container_add (GTK_CONTAINER (self->metadata_slot), vireo_form_get_widget (self->metadata));
    g_signal_connect_object (self->metadata, "changed", G_CALLBACK (vireo_details_page_changed),
                             self, G_CONNECT_SWAPPED);
    gtk_widget_set_no_show_all (self->agent_grid, TRUE);
    gtk_widget_hide (self->agent_grid);
}

/* ------------------------------------------------------------ public API */

GtkWidget *
vireo_overview_page_new (VireoDomain *domain)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return g_object_new (VIREO_TYPE_OVERVIEW_PAGE, "domain", domain, "title", _("Overview"),
                         "icon-name", "dialog-information-symbolic", NULL);
}
