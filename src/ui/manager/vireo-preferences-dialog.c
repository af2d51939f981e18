/* vireo-preferences-dialog.c: stats polling and confirmation preferences
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-help.h"
#include "vireo-preferences-dialog.h"
#include "vireo-size-spin.h"

struct _VireoPreferencesDialog {
    GtkDialog parent_instance;

    /* template widgets */
    GtkSpinButton  *interval_spin;
    GtkLabel       *interval_error_label;
    GtkCheckButton *cpu_check;
    GtkCheckButton *memory_check;
    GtkCheckButton *disk_check;
    GtkCheckButton *network_check;
    GtkCheckButton *xml_editing_check;
    GtkCheckButton *confirm_force_off_check;
    GtkCheckButton *confirm_reset_check;
    GtkCheckButton *confirm_pause_check;
    GtkCheckButton *confirm_delete_check;
    GtkCheckButton *confirm_remove_device_check;

    /* owned */
    GSettings      *settings;
};

enum {
    PROP_0,
    PROP_SETTINGS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoPreferencesDialog, vireo_preferences_dialog, GTK_TYPE_DIALOG)

/* The interval typed is kept until it reads (the setting changes only then),
 * and what is wrong with it is said under it. */
static void
interval_changed_cb (VireoPreferencesDialog *self)
{
    g_autoptr(GError) error = NULL;

    vireo_size_spin_read (self->interval_spin, 0, NULL, &error);
    gtk_label_set_text (self->interval_error_label, error != NULL ? error->message : "");
    gtk_widget_set_visible (GTK_WIDGET (self->interval_error_label), error != NULL);
}

static void
vireo_preferences_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
    VireoPreferencesDialog *self = VIREO_PREFERENCES_DIALOG (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_preferences_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
    VireoPreferencesDialog *self = VIREO_PREFERENCES_DIALOG (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_preferences_dialog_constructed (GObject *object)
{
    VireoPreferencesDialog *self = VIREO_PREFERENCES_DIALOG (object);
    static const struct {
        const char *key;
        gsize       offset;
    } checks[] = {
        { "stats-cpu",     G_STRUCT_OFFSET (VireoPreferencesDialog, cpu_check) },
        { "stats-memory",  G_STRUCT_OFFSET (VireoPreferencesDialog, memory_check) },
        { "stats-disk",    G_STRUCT_OFFSET (VireoPreferencesDialog, disk_check) },
        { "stats-network", G_STRUCT_OFFSET (VireoPreferencesDialog, network_check) },
        { "xml-editing",   G_STRUCT_OFFSET (VireoPreferencesDialog, xml_editing_check) },
        /* What asks first (vireo-confirm-dialog.h). */
        { "confirm-force-off", G_STRUCT_OFFSET (VireoPreferencesDialog, confirm_force_off_check) },
        { "confirm-reset", G_STRUCT_OFFSET (VireoPreferencesDialog, confirm_reset_check) },
        { "confirm-pause", G_STRUCT_OFFSET (VireoPreferencesDialog, confirm_pause_check) },
        { "confirm-delete", G_STRUCT_OFFSET (VireoPreferencesDialog, confirm_delete_check) },
        { "confirm-remove-device",
          G_STRUCT_OFFSET (VireoPreferencesDialog, confirm_remove_device_check) },
    };

    G_OBJECT_CLASS (vireo_preferences_dialog_parent_class)->constructed (object);

    g_assert (G_IS_SETTINGS (self->settings));
    g_settings_bind (self->settings, "stats-interval", self->interval_spin, "value",
                     G_SETTINGS_BIND_DEFAULT);
    for (guint i = 0; i < G_N_ELEMENTS (checks); i++) {
        GObject *check = G_STRUCT_MEMBER (GObject *, self, checks[i].offset);

        g_settings_bind (self->settings, checks[i].key, check, "active",
                         G_SETTINGS_BIND_DEFAULT);
    }
}

static void
vireo_preferences_dialog_response (GtkDialog *dialog,
                                   int        response)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vireo_preferences_dialog_dispose (GObject *object)
{
    VireoPreferencesDialog *self = VIREO_PREFERENCES_DIALOG (object);

    g_clear_object (&self->settings);
    G_OBJECT_CLASS (vireo_preferences_dialog_parent_class)->dispose (object);
}

static void
vireo_preferences_dialog_class_init (VireoPreferencesDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->set_property = vireo_preferences_dialog_set_property;
    object_class->get_property = vireo_preferences_dialog_get_property;
    object_class->constructed = vireo_preferences_dialog_constructed;
    object_class->dispose = vireo_preferences_dialog_dispose;
    dialog_class->response = vireo_preferences_dialog_response;

    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-preferences-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog, interval_spin);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog,
                                          interval_error_label);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog, cpu_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog, memory_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog, disk_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog, network_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog,
                                          xml_editing_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog,
                                          confirm_force_off_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog,
                                          confirm_reset_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog,
                                          confirm_pause_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog,
                                          confirm_delete_check);
    gtk_widget_class_bind_template_child (widget_class, VireoPreferencesDialog,
                                          confirm_remove_device_check);
}

static void
vireo_preferences_dialog_init (VireoPreferencesDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_help_install (GTK_WINDOW (self), "preferences");
    vireo_size_spin_attach (self->interval_spin, VIREO_SIZE_FIELD_STATS_INTERVAL_S);
    g_signal_connect_object (self->interval_spin, "changed", G_CALLBACK (interval_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

GtkWidget *
vireo_preferences_dialog_new (GtkWindow *parent,
                              GSettings *settings)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

    return g_object_new (VIREO_TYPE_PREFERENCES_DIALOG,
                         "transient-for", parent,
                         "settings", settings,
                         NULL);
}
