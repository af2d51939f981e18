/* vireo-form-page.c: a Details page of fields: a section (CPUs, memory,
 * boot) or one device
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-device-fields.h"
#include "vireo-form-page.h"
#include "vireo-connection.h"
#include "vireo-size-input.h"

typedef struct {
    VireoForm *form;
    int        index;
    gboolean   write_all;
} FormEntry;

struct _VireoFormPage {
    VireoDetailsPage parent_instance;

    /* template widgets */
    GtkImage        *icon;
    GtkLabel        *heading;
    GtkLabel        *note;
    GtkLabel        *warning_label;
    GtkBox          *forms;
    GtkToggleButton *autostart_check;
    GtkWidget       *device_actions;
    GtkWidget       *eject_button;

    /* owned */
    GArray          *entries;      /* FormEntry */

    /* state */
    gboolean         autostart;    /* as loaded */
};

G_DEFINE_FINAL_TYPE (VireoFormPage, vireo_form_page, VIREO_TYPE_DETAILS_PAGE)

static void
form_entry_clear (FormEntry *entry)
{
    g_clear_object (&entry->form);
}

static gboolean
is_removable_media (VireoFormPage *self)
{
    VireoForm *form = vireo_form_page_get_form (self, "disk");
    g_autofree char *device = form != NULL ? vireo_form_dup_value (form, "device") : NULL;

    return g_strcmp0 (device, "cdrom") == 0 || g_strcmp0 (device, "floppy") == 0;
}

/* The Memory page says when the maximum typed is more than the host has:
 * libvirt accepts it (a guest may never touch it all), so it is a warning,
 * as in virt-manager, not a refusal. */
static void
check_memory (VireoFormPage *self)
{
    VireoForm *form = vireo_form_page_get_form (self, "memory");
    VireoDomain *domain = vireo_details_page_get_domain (VIREO_DETAILS_PAGE (self));
    g_autofree char *maximum = form != NULL ? vireo_form_dup_value (form, "maxmemory") : NULL;
    g_autofree char *warning = NULL;
    guint64 host_kib;
    guint64 mib;

    if (maximum == NULL || domain == NULL ||
        !g_ascii_string_to_unsigned (maximum, 10, 0, G_MAXUINT64, &mib, NULL))
        return;
    host_kib = vireo_connection_get_host_memory_kib (vireo_domain_get_connection (domain));
    vireo_size_input_check_memory (mib, host_kib / 1024, &warning);
    gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
    gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL);
}

/* ---------------------------------------------------------------- callbacks */

static void
eject_clicked_cb (VireoFormPage *self)
{
    VireoForm *form = vireo_form_page_get_form (self, "disk");

    if (form != NULL)
        vireo_form_set_value (form, "path", NULL);
}

static void
title_changed_cb (VireoFormPage *self)
{
    gtk_label_set_text (self->heading,
                        vireo_details_page_get_title (VIREO_DETAILS_PAGE (self)));
}

static void
icon_changed_cb (VireoFormPage *self)
{
    gtk_image_set_from_icon_name (self->icon,
                                  vireo_details_page_get_icon_name (VIREO_DETAILS_PAGE (self)),
                                  GTK_ICON_SIZE_DND);
}

/* A device page serves the devices of its option in turn: its forms follow
 * the page's index. */
static void
index_changed_cb (VireoFormPage *self)
{
    int index = vireo_details_page_get_index (VIREO_DETAILS_PAGE (self));

    if (vireo_details_page_get_option (VIREO_DETAILS_PAGE (self)) == NULL)
        return;
    for (guint i = 0; i < self->entries->len; i++)
        g_array_index (self->entries, FormEntry, i).index = index;
}

/* ---------------------------------------------------------------- overrides */

static void
vireo_form_page_load (VireoDetailsPage  *page,
                      VireoDomainEditor *editor)
{
    VireoFormPage *self = VIREO_FORM_PAGE (page);
    VireoDomain *domain = vireo_details_page_get_domain (page);

    for (guint i = 0; i < self->entries->len; i++) {
        FormEntry *entry = &g_array_index (self->entries, FormEntry, i);

        vireo_form_load (entry->form, editor, entry->index);
    }
    self->autostart = domain != NULL && vireo_domain_get_autostart (domain);
    gtk_toggle_button_set_active (self->autostart_check, self->autostart);
    gtk_widget_set_visible (self->eject_button, is_removable_media (self));
    check_memory (self);
}

static gboolean
vireo_form_page_apply (VireoDetailsPage  *page,
                       VireoDomainEditor *editor,
                       GError           **error)
{
    VireoFormPage *self = VIREO_FORM_PAGE (page);
    gboolean autostart;

    for (guint i = 0; i < self->entries->len; i++) {
        FormEntry *entry = &g_array_index (self->entries, FormEntry, i);
        const char *option = vireo_form_get_option (entry->form);
        g_autoptr(VireoDomainEdit) edit = NULL;

        if (!vireo_form_is_changed (entry->form))
            continue;
        edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, option, error);
        if (edit == NULL)
            return FALSE;
        if (entry->index > 0)
            vireo_domain_edit_select_index (edit, entry->index);
        if (!vireo_form_fill_edit (entry->form, edit,
                                   entry->write_all ? VIREO_FORM_FILL_SHOWN
                                                    : VIREO_FORM_FILL_CHANGED, error) ||
            !vireo_domain_editor_apply (editor, edit, error))
            return FALSE;
    }
    autostart = gtk_toggle_button_get_active (self->autostart_check);
    if (gtk_widget_get_visible (GTK_WIDGET (self->autostart_check)) &&
        autostart != self->autostart)
        vireo_domain_editor_set_autostart (editor, autostart);
    return TRUE;
}

static void
vireo_form_page_constructed (GObject *object)
{
    VireoFormPage *self = VIREO_FORM_PAGE (object);
    VireoDetailsPage *page = VIREO_DETAILS_PAGE (object);

    G_OBJECT_CLASS (vireo_form_page_parent_class)->constructed (object);

    icon_changed_cb (self);
    title_changed_cb (self);
    gtk_widget_set_visible (self->device_actions, vireo_details_page_get_option (page) != NULL);
    g_signal_connect (self, "notify::title", G_CALLBACK (title_changed_cb), NULL);
    g_signal_connect (self, "notify::icon-name", G_CALLBACK (icon_changed_cb), NULL);
    g_signal_connect (self, "notify::index", G_CALLBACK (index_changed_cb), NULL);
}

static void
vireo_form_page_finalize (GObject *object)
{
    VireoFormPage *self = VIREO_FORM_PAGE (object);

    g_array_unref (self->entries);
    G_OBJECT_CLASS (vireo_form_page_parent_class)->finalize (object);
}

static void
vireo_form_page_class_init (VireoFormPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

    object_class->constructed = vireo_form_page_constructed;
    object_class->finalize = vireo_form_page_finalize;
    page_class->load = vireo_form_page_load;
    page_class->apply = vireo_form_page_apply;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-form-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, icon);
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, heading);
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, note);
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, warning_label);
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, forms);
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, autostart_check);
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, device_actions);
    gtk_widget_class_bind_template_child (widget_class, VireoFormPage, eject_button);
    gtk_widget_class_bind_template_callback (widget_class, eject_clicked_cb);
}

static void
vireo_form_page_init (VireoFormPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->entries = g_array_new (FALSE, TRUE, sizeof (FormEntry));
    g_array_set_clear_func (self->entries, (GDestroyNotify) form_entry_clear);
    vireo_details_page_watch (VIREO_DETAILS_PAGE (self), self->autostart_check);
}

/* ------------------------------------------------------------ public API */

VireoFormPage *
vireo_form_page_new (VireoDomain *domain,
                     const char  *title,
                     const char  *icon_name,
                     const char  *option,
                     int          index)
{
    g_return_val_if_fail (domain == NULL || VIREO_IS_DOMAIN (domain), NULL);

    return g_object_new (VIREO_TYPE_FORM_PAGE, "domain", domain, "title", title,
                         "icon-name", icon_name, "option", option, "index", index, NULL);
}

VireoFormPage *
vireo_form_page_new_for_device (VireoDomain       *domain,
                                VireoDomainEditor *editor,
                                const char        *option,
                                int                index,
                                const char        *title)
{
    const VireoDeviceKind *kind;
    VireoFormPage *self;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (editor), NULL);
    kind = vireo_device_kind_lookup (option);
    g_return_val_if_fail (kind != NULL, NULL);

    self = vireo_form_page_new (domain, title, vireo_device_icon_name (editor, option, index),
                                option, index);
    vireo_form_page_add_form (self, vireo_form_new (option, kind->fields, kind->n_fields), index,
                              NULL, FALSE);
    return self;
}

void
vireo_form_page_add_form (VireoFormPage *self,
                          VireoForm     *form,
                          int            index,
                          const char    *heading,
                          gboolean       write_all)
{
    FormEntry entry = { form, index, write_all };

    g_return_if_fail (VIREO_IS_FORM_PAGE (self));
    g_return_if_fail (VIREO_IS_FORM (form));

    if (heading != NULL) {
        GtkWidget *label = gtk_label_new (heading);

        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_style_context_add_class (gtk_widget_get_style_context (label), "heading");
        gtk_widget_show (label);
        gtk_container_add (GTK_CONTAINER (self->forms), label);
    }
    gtk_container_add (GTK_CONTAINER (self->forms), vireo_form_get_widget (form));
    g_signal_connect_object (form, "changed", G_CALLBACK (vireo_details_page_changed), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (form, "changed", G_CALLBACK (check_memory), self,
                             G_CONNECT_SWAPPED);
    g_array_append_val (self->entries, entry);
}

void
vireo_form_page_set_note (VireoFormPage *self,
                          const char    *note)
{
    g_return_if_fail (VIREO_IS_FORM_PAGE (self));

    gtk_label_set_text (self->note, note != NULL ? note : "");
    gtk_widget_set_visible (GTK_WIDGET (self->note), note != NULL);
}

void
vireo_form_page_show_autostart (VireoFormPage *self)
{
    g_return_if_fail (VIREO_IS_FORM_PAGE (self));

    gtk_widget_show (GTK_WIDGET (self->autostart_check));
}

VireoForm *
vireo_form_page_get_form (VireoFormPage *self,
                          const char    *option)
{
    g_return_val_if_fail (VIREO_IS_FORM_PAGE (self), NULL);

    for (guint i = 0; i < self->entries->len; i++) {
        FormEntry *entry = &g_array_index (self->entries, FormEntry, i);

        if (g_strcmp0 (vireo_form_get_option (entry->form), option) == 0)
            return entry->form;
    }
    return NULL;
}
