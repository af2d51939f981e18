/* vireo-form.c: a grid of fields bound to the sub-options of one option
 *
 * Device pages and Add Hardware show dozens of kinds of fields, each a
 * sub-option of the domain editor's grammar: they are built here from
 * tables (vireo-device-fields.c) rather than from one template per device
 * kind.  Every control gets the field's label as its accessible name (a
 * mnemonic label, or its own for a check button) and its tooltip.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-form.h"
#include "vireo-size-spin.h"

typedef struct {
    const VireoFieldSpec *spec;
    GtkWidget            *control;   /* entry, combo, spin, check or label */
    GtkWidget            *entry;     /* the text of an open choice or a path */
    char                 *original;  /* the value loaded, NULL when not set */
    char                **choices;
} Field;

struct _VireoForm {
    GObject parent_instance;

    /* owned */
    char       *option;
    GtkWidget  *grid;      /* floating reference sunk */
    GPtrArray  *fields;    /* Field* */

    /* state */
    gboolean    loading;
};

enum {
    SIGNAL_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoForm, vireo_form, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- helpers */

static void
field_free (Field *field)
{
    g_free (field->original);
    g_strfreev (field->choices);
    g_free (field);
}

/* "_Bus:" → "Bus" */
static char *
plain_label (const char *label)
{
    GString *out = g_string_new (NULL);

    for (const char *p = label; *p != '\0'; p++) {
        if (*p != '_')
            g_string_append_c (out, *p);
    }
    while (out->len > 0 && (out->str[out->len - 1] == ':' || out->str[out->len - 1] == ' '))
        g_string_truncate (out, out->len - 1);
    return g_string_free (out, FALSE);
}

static void
name_control (GtkWidget  *widget,
              const char *name,
              const char *tooltip)
{
    atk_object_set_name (gtk_widget_get_accessible (widget), name);
    if (tooltip != NULL)
        gtk_widget_set_tooltip_text (widget, tooltip);
}

static Field *
find_field (VireoForm  *self,
            const char *key)
{
    for (guint i = 0; i < self->fields->len; i++) {
        Field *field = self->fields->pdata[i];

        if (g_strcmp0 (field->spec->key, key) == 0)
            return field;
    }
    return NULL;
}

static const char *
switch_value (Field   *field,
              gboolean on)
{
    if (field->choices == NULL || field->choices[0] == NULL || field->choices[1] == NULL)
        return on ? "on" : "off";
    return on ? field->choices[0] : field->choices[1];
}


static char *field_raw_value (Field *field);

/* Whether @text is @number (text that is no number is not "unset": it is
 * refused when applied). */
static gboolean
reads_as (const char *text,
          double      number)
{
    char *end;

    return g_ascii_strtod (text, &end) == number && *end == '\0';
}

/* The value a field shows now, or NULL when it says "not set": an unset
 * field shows its unset value, a number its minimum, a switch off. */
static char *
field_value (Field *field)
{
    const VireoFieldSpec *spec = field->spec;
    char *value = field_raw_value (field);
    gboolean unset;

    if (field->original != NULL || value == NULL)
        return value;
    if (spec->unset_value != NULL)
        unset = g_strcmp0 (value, spec->unset_value) == 0;
    else if (spec->kind == VIREO_FIELD_NUMBER)
        unset = reads_as (value, spec->min);
    else if (spec->kind == VIREO_FIELD_SWITCH)
        unset = g_strcmp0 (value, switch_value (field, FALSE)) == 0;
    else
        unset = FALSE;
    if (unset)
        g_clear_pointer (&value, g_free);
    return value;
}

/* The value a field shows now, as it reads. */
static char *
field_raw_value (Field *field)
{
    const VireoFieldSpec *spec = field->spec;
    const char *text;

    switch (spec->kind) {
    case VIREO_FIELD_TEXT:
    case VIREO_FIELD_PATH:
    case VIREO_FIELD_OPEN_CHOICE:
        text = gtk_entry_get_text (GTK_ENTRY (field->entry));
        return *text != '\0' ? g_strdup (text) : NULL;
    case VIREO_FIELD_CHOICE:
        text = gtk_combo_box_get_active_id (GTK_COMBO_BOX (field->control));
        return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
    case VIREO_FIELD_NUMBER: {
        double value;

        /* Text that does not read is a change too: applying it says why it is refused. */
        if (!vireo_size_spin_read (GTK_SPIN_BUTTON (field->control), 0, &value, NULL))
            return g_strdup (gtk_entry_get_text (GTK_ENTRY (field->control)));
        return g_strdup_printf ("%.0f", value);
    }
    case VIREO_FIELD_SWITCH:
        return g_strdup (switch_value (field,
                                       gtk_toggle_button_get_active (
                                           GTK_TOGGLE_BUTTON (field->control))));
    case VIREO_FIELD_INFO:
    default:
        return g_strdup (field->original);
    }
}

static void
ensure_choice (Field      *field,
               const char *value)
{
    GtkComboBox *combo = GTK_COMBO_BOX (field->control);

    if (value == NULL)
        return;
    if (!gtk_combo_box_set_active_id (combo, value)) {
        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), value, value);
        gtk_combo_box_set_active_id (combo, value);
    }
}

static void
field_show (Field      *field,
            const char *value)
{
    const VireoFieldSpec *spec = field->spec;

    if (value == NULL)
        value = spec->unset_value;

    switch (spec->kind) {
    case VIREO_FIELD_TEXT:
    case VIREO_FIELD_PATH:
    case VIREO_FIELD_OPEN_CHOICE:
        gtk_entry_set_text (GTK_ENTRY (field->entry), value != NULL ? value : "");
        break;
    case VIREO_FIELD_CHOICE:
        if (value == NULL || *value == '\0')
            gtk_combo_box_set_active_id (GTK_COMBO_BOX (field->control), "");
        else
            ensure_choice (field, value);
        break;
    case VIREO_FIELD_NUMBER:
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->control),
                                   value != NULL ? g_ascii_strtod (value, NULL) : spec->min);
        break;
    case VIREO_FIELD_SWITCH:
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field->control),
                                      value != NULL &&
                                      g_strcmp0 (value, switch_value (field, TRUE)) == 0);
        break;
    case VIREO_FIELD_INFO:
    default:
        gtk_label_set_text (GTK_LABEL (field->control),
                            value != NULL && *value != '\0' ? value : _("None"));
        break;
    }
}

/* The numbers typed, each within its bounds, a current count
 * at most its maximum: FALSE with the sentence of the first that is not. */
static gboolean
check_sizes (VireoForm *self,
             GError   **error)
{
    for (guint i = 0; i < self->fields->len; i++) {
        Field *field = self->fields->pdata[i];
        Field *max_field;
        double max = 0;

        if (field->spec->kind != VIREO_FIELD_NUMBER)
            continue;
        max_field = field->spec->max_key != NULL ? find_field (self, field->spec->max_key)
                                                 : NULL;
        if (max_field != NULL &&
            !vireo_size_spin_read (GTK_SPIN_BUTTON (max_field->control), 0, &max, NULL))
            max = 0;
        if (!vireo_size_spin_read (GTK_SPIN_BUTTON (field->control), max, NULL, error))
            return FALSE;
    }
    return TRUE;
}

/* ---------------------------------------------------------------- callbacks */

static void
control_changed_cb (VireoForm *self)
{
    if (!self->loading)
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GtkEntry        *entry)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path != NULL)
            gtk_entry_set_text (entry, path);
    }
    g_object_unref (chooser);
}

static void
browse_clicked_cb (GtkButton *button,
                   GtkEntry  *entry)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (button));
    GtkFileChooserNative *chooser;
    const char *current = gtk_entry_get_text (entry);

    chooser = gtk_file_chooser_native_new (_("Choose a File"),
                                           GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                           GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                           _("_Cancel"));
    if (*current != '\0')
        gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (chooser), current);
    g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), entry);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------------------------------------------------------------- building */

static GtkWidget *
make_label (const char *text,
            GtkWidget  *target)
{
    GtkWidget *label = gtk_label_new_with_mnemonic (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
    if (target != NULL)
        gtk_label_set_mnemonic_widget (GTK_LABEL (label), target);
    gtk_widget_show (label);
    return label;
}

static void
add_field (VireoForm            *self,
           const VireoFieldSpec *spec,
           int                   row)
{
    Field *field = g_new0 (Field, 1);
    const char *label = _(spec->label);
    const char *tooltip = spec->tooltip != NULL ? _(spec->tooltip) : NULL;
    g_autofree char *name = plain_label (label);
    GtkWidget *control = NULL;
    GtkWidget *cell;

    field->spec = spec;
    if (spec->choices != NULL)
        field->choices = g_strsplit (spec->choices, "|", -1);

    switch (spec->kind) {
    case VIREO_FIELD_TEXT:
        control = field->entry = gtk_entry_new ();
        gtk_entry_set_activates_default (GTK_ENTRY (control), TRUE);
        g_signal_connect_object (control, "changed", G_CALLBACK (control_changed_cb), self,
                                 G_CONNECT_SWAPPED);
        break;
    case VIREO_FIELD_CHOICE:
        control = gtk_combo_box_text_new ();
        for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++)
            gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (control), field->choices[i],
                                       *field->choices[i] != '\0' ? field->choices[i]
                                                                  : _("Default"));
        g_signal_connect_object (control, "changed", G_CALLBACK (control_changed_cb), self,
                                 G_CONNECT_SWAPPED);
        break;
    case VIREO_FIELD_OPEN_CHOICE:
        control = gtk_combo_box_text_new_with_entry ();
        for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++) {
            if (*field->choices[i] != '\0')
                gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (control), field->choices[i],
                                           field->choices[i]);
        }
        field->entry = gtk_bin_get_child (GTK_BIN (control));
        name_control (field->entry, name, tooltip);
        g_signal_connect_object (field->entry, "changed", G_CALLBACK (control_changed_cb),
                                 self, G_CONNECT_SWAPPED);
        break;
    case VIREO_FIELD_NUMBER:
        control = gtk_spin_button_new_with_range (spec->min, spec->max, 1);
        gtk_spin_button_set_digits (GTK_SPIN_BUTTON (control), 0);
        gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (control), TRUE);
        gtk_entry_set_activates_default (GTK_ENTRY (control), TRUE);
        g_signal_connect_object (control, "value-changed", G_CALLBACK (control_changed_cb), self,
                                 G_CONNECT_SWAPPED);
        /* What is typed stays and is read with its sentence (vireo-size-spin.h). */
        if (spec->size_field != VIREO_SIZE_FIELD_NONE)
            vireo_size_spin_attach (GTK_SPIN_BUTTON (control), spec->size_field);
        else
            vireo_size_spin_attach_count (GTK_SPIN_BUTTON (control), name);
        g_signal_connect_object (control, "changed", G_CALLBACK (control_changed_cb), self,
                                 G_CONNECT_SWAPPED);
        break;
    case VIREO_FIELD_SWITCH:
        control = gtk_check_button_new_with_mnemonic (label);
        g_signal_connect_object (control, "toggled", G_CALLBACK (control_changed_cb), self,
                                 G_CONNECT_SWAPPED);
        break;
    case VIREO_FIELD_PATH: {
        GtkWidget *browse = gtk_button_new_with_mnemonic (_("_Browse…"));
        g_autofree char *browse_name = g_strdup_printf (_("Browse for %s"), name);

        field->entry = gtk_entry_new ();
        gtk_widget_set_hexpand (field->entry, TRUE);
        gtk_entry_set_activates_default (GTK_ENTRY (field->entry), TRUE);
        name_control (field->entry, name, tooltip);
        name_control (browse, browse_name, _("Choose the file in a file chooser"));
        g_signal_connect_object (field->entry, "changed", G_CALLBACK (control_changed_cb),
                                 self, G_CONNECT_SWAPPED);
        g_signal_connect (browse, "clicked", G_CALLBACK (browse_clicked_cb), field->entry);
        control = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_container_add (GTK_CONTAINER (control), field->entry);
        gtk_container_add (GTK_CONTAINER (control), browse);
        gtk_widget_show_all (control);
        break;
    }
    case VIREO_FIELD_INFO:
    default:
        control = gtk_label_new (NULL);
        gtk_label_set_xalign (GTK_LABEL (control), 0.0);
        gtk_label_set_selectable (GTK_LABEL (control), TRUE);
        gtk_label_set_line_wrap (GTK_LABEL (control), TRUE);
        break;
    }
    field->control = control;
    gtk_widget_set_hexpand (control, TRUE);
    if (spec->kind != VIREO_FIELD_PATH && spec->kind != VIREO_FIELD_INFO)
        name_control (control, name, tooltip);
    else if (tooltip != NULL)
        gtk_widget_set_tooltip_text (control, tooltip);
    gtk_widget_show (control);

    if (spec->kind == VIREO_FIELD_SWITCH) {
        gtk_grid_attach (GTK_GRID (self->grid), control, 0, row, 2, 1);
    } else {
        cell = make_label (label, spec->kind == VIREO_FIELD_PATH ? field->entry :
                                  spec->kind == VIREO_FIELD_INFO ? NULL : control);
        if (spec->kind == VIREO_FIELD_INFO)
            atk_object_add_relationship (gtk_widget_get_accessible (control),
                                         ATK_RELATION_LABELLED_BY,
                                         gtk_widget_get_accessible (cell));
        gtk_grid_attach (GTK_GRID (self->grid), cell, 0, row, 1, 1);
        gtk_grid_attach (GTK_GRID (self->grid), control, 1, row, 1, 1);
    }
    g_ptr_array_add (self->fields, field);
}

/* ---------------------------------------------------------------- GObject */

static void
vireo_form_dispose (GObject *object)
{
    VireoForm *self = VIREO_FORM (object);

    g_clear_object (&self->grid);
    G_OBJECT_CLASS (vireo_form_parent_class)->dispose (object);
}

static void
vireo_form_finalize (GObject *object)
{
    VireoForm *self = VIREO_FORM (object);

    g_free (self->option);
    g_ptr_array_unref (self->fields);
    G_OBJECT_CLASS (vireo_form_parent_class)->finalize (object);
}

static void
vireo_form_class_init (VireoFormClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vireo_form_dispose;
    object_class->finalize = vireo_form_finalize;

    signals[SIGNAL_CHANGED] =
        g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
vireo_form_init (VireoForm *self)
{
    self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

/* ------------------------------------------------------------ public API */

VireoForm *
vireo_form_new (const char           *option,
                const VireoFieldSpec *specs,
                guint                 n_specs)
{
    VireoForm *self;

    g_return_val_if_fail (option != NULL, NULL);
    g_return_val_if_fail (specs != NULL || n_specs == 0, NULL);

    self = g_object_new (VIREO_TYPE_FORM, NULL);
    self->option = g_strdup (option);
    self->grid = g_object_ref_sink (gtk_grid_new ());
    gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
    self->loading = TRUE;
    for (guint i = 0; i < n_specs; i++)
        add_field (self, &specs[i], (int) i);
    self->loading = FALSE;
    gtk_widget_show (self->grid);
    return self;
}

GtkWidget *
vireo_form_get_widget (VireoForm *self)
{
    g_return_val_if_fail (VIREO_IS_FORM (self), NULL);

    return self->grid;
}

const char *
vireo_form_get_option (VireoForm *self)
{
    g_return_val_if_fail (VIREO_IS_FORM (self), NULL);

    return self->option;
}

void
vireo_form_load (VireoForm         *self,
                 VireoDomainEditor *editor,
                 int                index)
{
    g_return_if_fail (VIREO_IS_FORM (self));
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (editor));

    self->loading = TRUE;
    for (guint i = 0; i < self->fields->len; i++) {
        Field *field = self->fields->pdata[i];
        const VireoFieldSpec *spec = field->spec;

        g_free (field->original);
        field->original = vireo_domain_editor_dup_value (editor, self->option, index,
                                                         spec->read_key != NULL ? spec->read_key
                                                                                : spec->key);
        if (field->original == NULL && spec->fallback_key != NULL)
            field->original = vireo_domain_editor_dup_value (editor, self->option, index,
                                                             spec->fallback_key);
        field_show (field, field->original);
    }
    self->loading = FALSE;
}

void
vireo_form_load_defaults (VireoForm *self)
{
    g_return_if_fail (VIREO_IS_FORM (self));

    self->loading = TRUE;
    for (guint i = 0; i < self->fields->len; i++) {
        Field *field = self->fields->pdata[i];

        g_clear_pointer (&field->original, g_free);
        field_show (field, field->spec->default_value);
    }
    self->loading = FALSE;
}

gboolean
vireo_form_is_changed (VireoForm *self)
{
    g_return_val_if_fail (VIREO_IS_FORM (self), FALSE);

    for (guint i = 0; i < self->fields->len; i++) {
        Field *field = self->fields->pdata[i];
        g_autofree char *value = field_value (field);

        if (field->spec->kind != VIREO_FIELD_INFO && g_strcmp0 (value, field->original) != 0)
            return TRUE;
    }
    return FALSE;
}

gboolean
vireo_form_fill_edit (VireoForm        *self,
                      VireoDomainEdit  *edit,
                      VireoFormFill     fill,
                      GError          **error)
{
    g_return_val_if_fail (VIREO_IS_FORM (self), FALSE);
    g_return_val_if_fail (edit != NULL, FALSE);

    if (!check_sizes (self, error))
        return FALSE;
    for (guint i = 0; i < self->fields->len; i++) {
        Field *field = self->fields->pdata[i];
        g_autofree char *value = fill == VIREO_FORM_FILL_SHOWN ? field_raw_value (field)
                                                                : field_value (field);
        g_autoptr(GError) local = NULL;

        if (field->spec->kind == VIREO_FIELD_INFO)
            continue;
        if (fill == VIREO_FORM_FILL_CHANGED && g_strcmp0 (value, field->original) == 0)
            continue;
        if (fill != VIREO_FORM_FILL_CHANGED && value == NULL)
            continue;
        if (!vireo_domain_edit_set (edit, field->spec->key, value != NULL ? value : "", &local)) {
            g_autofree char *name = plain_label (_(field->spec->label));

            g_set_error (error, local->domain, local->code, _("%s: %s"), name, local->message);
            return FALSE;
        }
    }
    return TRUE;
}

char *
vireo_form_dup_value (VireoForm  *self,
                      const char *key)
{
    Field *field;

    g_return_val_if_fail (VIREO_IS_FORM (self), NULL);

    field = find_field (self, key);
    return field != NULL ? field_value (field) : NULL;
}

void
vireo_form_set_value (VireoForm  *self,
                      const char *key,
                      const char *value)
{
    Field *field;

    g_return_if_fail (VIREO_IS_FORM (self));

    field = find_field (self, key);
    g_return_if_fail (field != NULL);
    field_show (field, value);
}

GtkWidget *
vireo_form_get_control (VireoForm  *self,
                        const char *key)
{
    Field *field;

    g_return_val_if_fail (VIREO_IS_FORM (self), NULL);

    field = find_field (self, key);
    return field != NULL ? (field->entry != NULL ? field->entry : field->control) : NULL;
}

void
vireo_form_set_sensitive (VireoForm *self,
                          gboolean   sensitive)
{
    g_return_if_fail (VIREO_IS_FORM (self));

    gtk_widget_set_sensitive (self->grid, sensitive);
}
