/* vireo-delete-dialog.c: confirmation of a VM's deletion, with its disks
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-delete-dialog.h"
#include "vireo-domain-delete.h"

struct _VireoDeleteDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel    *title_label;
    GtkLabel    *body_label;
    GtkWidget   *loading_box;
    GtkBox      *disks_box;
    GtkLabel    *error_label;

    /* owned */
    GPtrArray    *domains;        /* VireoDomain* */
    GPtrArray    *boxes;          /* GtkBox* of each domain's disks, borrowed */
    GString      *errors;
    GCancellable *cancellable;
    guint         n_pending;
    gboolean      loaded;
};

enum {
    PROP_0,
    PROP_DOMAINS,
    PROP_LOADED,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoDeleteDialog, vireo_delete_dialog, GTK_TYPE_DIALOG)

/* The check boxes of every domain's disks, in order. */
static GList *
list_checks (VireoDeleteDialog *self)
{
    GList *checks = NULL;

    for (guint i = 0; i < self->boxes->len; i++) {
        g_autoptr(GList) children =
            gtk_container_get_children (GTK_CONTAINER (g_ptr_array_index (self->boxes, i)));

        for (GList *l = children; l != NULL; l = l->next)
            if (g_object_get_data (l->data, "vireo-disk-path") != NULL)
                checks = g_list_prepend (checks, l->data);
    }
    return g_list_reverse (checks);
}

static GStrv
collect_disks (VireoDeleteDialog *self,
               VireoDomain       *domain,
               gboolean           only_selected)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autoptr(GList) checks = list_checks (self);

    for (GList *l = checks; l != NULL; l = l->next) {
        if (domain != NULL && g_object_get_data (l->data, "vireo-domain") != domain)
            continue;
        if (!only_selected || gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (l->data)))
            g_strv_builder_add (builder, g_object_get_data (l->data, "vireo-disk-path"));
    }
    return g_strv_builder_end (builder);
}

static const char *
kind_label (VireoDeleteFileKind kind)
{
    switch (kind) {
    case VIREO_DELETE_FILE_DISK:
        return _("Disk");
    case VIREO_DELETE_FILE_CDROM:
        return _("CD-ROM");
    case VIREO_DELETE_FILE_FLOPPY:
        return _("Floppy");
    case VIREO_DELETE_FILE_BACKING:
        return _("Base image");
    case VIREO_DELETE_FILE_KERNEL:
        return _("Kernel");
    case VIREO_DELETE_FILE_INITRD:
        return _("Initrd");
    case VIREO_DELETE_FILE_DTB:
        return _("Device tree");
    default:
        return _("File");
    }
}

/* A check box per file, checked when the core suggests removing it; under
 * a file kept by default, the reason (also the box's accessible
 * description and tooltip). */
static void
add_file_row (GtkBox                *box,
              VireoDomain           *domain,
              const VireoDeleteFile *file)
{
    g_autofree char *label = g_strdup_printf ("%s: %s", kind_label (file->kind), file->path);
    GtkWidget *check = gtk_check_button_new_with_label (label);
    AtkObject *accessible = gtk_widget_get_accessible (check);

    g_object_set_data_full (G_OBJECT (check), "vireo-disk-path", g_strdup (file->path), g_free);
    g_object_set_data_full (G_OBJECT (check), "vireo-disk-reason", g_strdup (file->reason),
                            g_free);
    g_object_set_data (G_OBJECT (check), "vireo-domain", domain);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), file->remove);
    if (file->reason != NULL) {
        g_autofree char *tip = g_strdup_printf (_("Kept unless checked. %s"), file->reason);

        gtk_widget_set_tooltip_text (check, tip);
        atk_object_set_description (accessible, file->reason);
    } else {
        g_autofree char *tip = g_strdup_printf (_("Deleted with “%s” unless unchecked."),
                                                vireo_domain_get_name (domain));

        gtk_widget_set_tooltip_text (check, tip);
    }
    atk_object_set_name (accessible, label);
    gtk_widget_show (check);
    gtk_container_add (GTK_CONTAINER (box), check);

    if (file->reason != NULL) {
        GtkWidget *reason = gtk_label_new (file->reason);

        gtk_label_set_xalign (GTK_LABEL (reason), 0);
        gtk_label_set_line_wrap (GTK_LABEL (reason), TRUE);
        gtk_label_set_max_width_chars (GTK_LABEL (reason), 50);
        gtk_widget_set_margin_start (reason, 28);
        gtk_style_context_add_class (gtk_widget_get_style_context (reason), "dim-label");
        gtk_widget_set_tooltip_text (reason, _("Why this file is kept by default"));
        atk_object_set_name (gtk_widget_get_accessible (reason), file->reason);
        gtk_widget_show (reason);
        gtk_container_add (GTK_CONTAINER (box), reason);
    }
}

static void
add_note (GtkBox     *box,
          const char *text)
{
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
    gtk_widget_show (label);
    gtk_container_add (GTK_CONTAINER (box), label);
}

typedef struct {
    VireoDeleteDialog *dialog;     /* owned */
    guint              index;
} ListCall;

static void
list_disks_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    ListCall *call = user_data;
    g_autoptr(VireoDeleteDialog) self = call->dialog;
    VireoDomain *domain = VIREO_DOMAIN (source);
    g_autoptr(GPtrArray) disks = NULL;   /* VireoDeleteFile* */
    g_autoptr(GError) error = NULL;
    GtkBox *box = g_ptr_array_index (self->boxes, call->index);
    gboolean several = self->domains->len > 1;

    g_free (call);
    disks = vireo_domain_list_delete_files_finish (domain, result, &error);
    if (vireo_error_is_cancelled (error))
        return;

    if (disks == NULL) {
        if (self->errors->len > 0)
            g_string_append_c (self->errors, '\n');
        if (several)
            g_string_append_printf (self->errors, _("The disks of “%s” could not be listed: %s"),
                                    vireo_domain_get_name (domain), error->message);
        else
            g_string_append_printf (self->errors, _("The disks could not be listed: %s"),
                                    error->message);
        gtk_label_set_text (self->error_label, self->errors->str);
        gtk_widget_show (GTK_WIDGET (self->error_label));
    } else if (disks->len == 0) {
        if (several) {
            add_note (box, _("No disk files"));
        } else {
            gtk_label_set_text (self->error_label,
                                _("The virtual machine has no disk files."));
            gtk_style_context_remove_class (gtk_widget_get_style_context (
                                                GTK_WIDGET (self->error_label)), "error");
            gtk_widget_show (GTK_WIDGET (self->error_label));
        }
    } else {
        for (guint i = 0; i < disks->len; i++)
            add_file_row (box, domain, g_ptr_array_index (disks, i));
    }

    if (--self->n_pending > 0)
        return;
    gtk_widget_hide (self->loading_box);
    self->loaded = TRUE;
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, TRUE);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
vireo_delete_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

    switch (prop_id) {
    case PROP_DOMAINS:
        g_value_set_boxed (value, self->domains);
        break;
    case PROP_LOADED:
        g_value_set_boolean (value, self->loaded);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_delete_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

    switch (prop_id) {
    case PROP_DOMAINS:
        self->domains = g_value_dup_boxed (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_delete_dialog_constructed (GObject *object)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);
    g_autofree char *title = NULL;
    guint n;

    G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->constructed (object);

    g_assert (self->domains != NULL && self->domains->len > 0);
    n = self->domains->len;
    if (n == 1)
        title = g_strdup_printf (_("Delete the virtual machine “%s”?"),
                                 vireo_domain_get_name (g_ptr_array_index (self->domains, 0)));
    else
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u virtual machine?",
                                              "Delete %u virtual machines?", n), n);
    gtk_label_set_text (self->title_label, title);
    gtk_label_set_text (self->body_label,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The virtual machine is turned off if it is running, and "
                                     "its definition, snapshots, saved state, UEFI variables "
                                     "and TPM state are removed. The files checked below are "
                                     "deleted too; those another virtual machine uses, "
                                     "read-only or shareable disks and install media are "
                                     "unchecked, with the reason.",
                                     "The virtual machines are turned off if they are running, "
                                     "and their definitions, snapshots, saved states, UEFI "
                                     "variables and TPM states are removed. The files checked "
                                     "below are deleted too; those another virtual machine "
                                     "uses, read-only or shareable disks and install media are "
                                     "unchecked, with the reason.",
                                     n));
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, FALSE);

    self->n_pending = n;
    for (guint i = 0; i < n; i++) {
        VireoDomain *domain = g_ptr_array_index (self->domains, i);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
        ListCall *call = g_new0 (ListCall, 1);

        if (n > 1) {
            GtkWidget *name = gtk_label_new (vireo_domain_get_name (domain));
            PangoAttrList *attrs = pango_attr_list_new ();

            pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
            gtk_label_set_attributes (GTK_LABEL (name), attrs);
            pango_attr_list_unref (attrs);
            gtk_label_set_xalign (GTK_LABEL (name), 0);
            gtk_widget_show (name);
            gtk_container_add (GTK_CONTAINER (box), name);
        }
        gtk_widget_show (box);
        gtk_container_add (GTK_CONTAINER (self->disks_box), box);
        g_ptr_array_add (self->boxes, box);

        call->dialog = g_object_ref (self);
        call->index = i;
        vireo_domain_list_delete_files_async (domain, self->cancellable, list_disks_cb, call);
    }
}

static void
vireo_delete_dialog_destroy (GtkWidget *widget)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (widget);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    GTK_WIDGET_CLASS (vireo_delete_dialog_parent_class)->destroy (widget);
}

static void
vireo_delete_dialog_dispose (GObject *object)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

    g_clear_pointer (&self->domains, g_ptr_array_unref);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->dispose (object);
}

static void vireo_delete_dialog_finalize (GObject *object);

static void
vireo_delete_dialog_class_init (VireoDeleteDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->get_property = vireo_delete_dialog_get_property;
    object_class->set_property = vireo_delete_dialog_set_property;
    object_class->constructed = vireo_delete_dialog_constructed;
    object_class->dispose = vireo_delete_dialog_dispose;
    object_class->finalize = vireo_delete_dialog_finalize;
    widget_class->destroy = vireo_delete_dialog_destroy;

    properties[PROP_DOMAINS] =
        g_param_spec_boxed ("domains", NULL, NULL, G_TYPE_PTR_ARRAY,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_STATIC_STRINGS);
    properties[PROP_LOADED] =
        g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-delete-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, title_label);
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, body_label);
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, loading_box);
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, disks_box);
    gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, error_label);
}

static void
vireo_delete_dialog_init (VireoDeleteDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    self->boxes = g_ptr_array_new ();
    self->errors = g_string_new (NULL);
}

static void
vireo_delete_dialog_finalize (GObject *object)
{
    VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

    g_ptr_array_unref (self->boxes);
    g_string_free (self->errors, TRUE);
    G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->finalize (object);
}

GtkWidget *
vireo_delete_dialog_new (GtkWindow   *parent,
                         VireoDomain *domain)
{
    g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_object_unref);

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    g_ptr_array_add (domains, g_object_ref (domain));
    return vireo_delete_dialog_new_for_domains (parent, domains);
}

GtkWidget *
vireo_delete_dialog_new_for_domains (GtkWindow *parent,
                                     GPtrArray *domains)
{
    g_autoptr(GPtrArray) copy = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (domains != NULL && domains->len > 0, NULL);

    /* The dialog's own array, holding its own references. */
    copy = g_ptr_array_new_full (domains->len, g_object_unref);
    for (guint i = 0; i < domains->len; i++) {
        g_return_val_if_fail (VIREO_IS_DOMAIN (g_ptr_array_index (domains, i)), NULL);
        g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (domains, i)));
    }
    return g_object_new (VIREO_TYPE_DELETE_DIALOG,
                         "transient-for", parent,
                         "domains", copy,
                         NULL);
}

VireoDomain *
vireo_delete_dialog_get_domain (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

    return g_ptr_array_index (self->domains, 0);
}

GPtrArray *
vireo_delete_dialog_get_domains (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

    return self->domains;
}

gboolean
vireo_delete_dialog_get_loaded (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), FALSE);

    return self->loaded;
}

GStrv
vireo_delete_dialog_list_disks (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

    return collect_disks (self, NULL, FALSE);
}

GStrv
vireo_delete_dialog_list_selected_disks (VireoDeleteDialog *self)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

    return collect_disks (self, NULL, TRUE);
}

GStrv
vireo_delete_dialog_list_selected_disks_of (VireoDeleteDialog *self,
                                           VireoDomain       *domain)
{
    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    return collect_disks (self, domain, TRUE);
}

gboolean
vireo_delete_dialog_set_disk_selected (VireoDeleteDialog *self,
                                       const char        *path,
                                       gboolean           selected)
{
    g_autoptr(GList) checks = NULL;
    gboolean found = FALSE;

    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);

    checks = list_checks (self);
    for (GList *l = checks; l != NULL; l = l->next) {
        if (g_strcmp0 (g_object_get_data (l->data, "vireo-disk-path"), path) == 0) {
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (l->data), selected);
            found = TRUE;
        }
    }
    return found;
}

const char *
vireo_delete_dialog_get_reason (VireoDeleteDialog *self,
                                const char        *path)
{
    g_autoptr(GList) checks = NULL;

    g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);
    g_return_val_if_fail (path != NULL, NULL);

    checks = list_checks (self);
    for (GList *l = checks; l != NULL; l = l->next) {
        if (g_strcmp0 (g_object_get_data (l->data, "vireo-disk-path"), path) == 0)
            return g_object_get_data (l->data, "vireo-disk-reason");
    }
    return NULL;
}

gboolean
vireo_delete_dialog_is_removable_media (const char *path)
{
    g_autofree char *lower = NULL;

    g_return_val_if_fail (path != NULL, FALSE);

    lower = g_ascii_strdown (path, -1);
    return g_str_has_suffix (lower, ".iso") ||
           g_str_has_prefix (path, "/dev/sr") ||
           g_str_has_prefix (path, "/dev/cdrom");
}
