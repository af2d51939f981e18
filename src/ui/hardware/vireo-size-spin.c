/* vireo-size-spin.c: a spin button whose typed text is read, never clamped
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-size-spin.h"

#define FIELD_KEY "vireo-size-field"
#define NAME_KEY "vireo-size-name"
#define KEEP_KEY "vireo-size-keep"

static int
input_cb (GtkSpinButton *spin,
          double        *new_value,
          gpointer       user_data)
{
    if (vireo_size_spin_read (spin, 0, new_value, NULL))
        return TRUE;
    /* The spin button shows its old value again next (its "output"):
     * the text typed stays, for the dialog to say what is wrong with it. */
    g_object_set_data (G_OBJECT (spin), KEEP_KEY, GINT_TO_POINTER (TRUE));
    return GTK_INPUT_ERROR;
}

static gboolean
output_cb (GtkSpinButton *spin,
           gpointer       user_data)
{
    if (g_object_get_data (G_OBJECT (spin), KEEP_KEY) == NULL)
        return FALSE;
    g_object_set_data (G_OBJECT (spin), KEEP_KEY, NULL);
    return TRUE;
}

static void
attach (GtkSpinButton *spin)
{
    /* Letters can be typed (a numeric spin button drops them silently), and
     * a value out of range is not replaced by a bound. */
    gtk_spin_button_set_numeric (spin, FALSE);
    gtk_spin_button_set_update_policy (spin, GTK_UPDATE_IF_VALID);
    g_signal_connect (spin, "input", G_CALLBACK (input_cb), NULL);
    g_signal_connect (spin, "output", G_CALLBACK (output_cb), NULL);
}

void
vireo_size_spin_attach (GtkSpinButton  *spin,
                        VireoSizeField  field)
{
    g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
    g_return_if_fail (field != VIREO_SIZE_FIELD_NONE);

    g_object_set_data (G_OBJECT (spin), FIELD_KEY, GINT_TO_POINTER (field));
    attach (spin);
}

void
vireo_size_spin_attach_count (GtkSpinButton *spin,
                              const char    *name)
{
    g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
    g_return_if_fail (name != NULL);

    g_object_set_data_full (G_OBJECT (spin), NAME_KEY, g_strdup (name), g_free);
    attach (spin);
}

gboolean
vireo_size_spin_read (GtkSpinButton  *spin,
                      double          max,
                      double         *value,
                      GError        **error)
{
    GtkAdjustment *adjustment;
    VireoSizeField field;
    const char *name;
    const char *typed;
    double lower, upper;

    g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), FALSE);

    field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), FIELD_KEY));
    name = g_object_get_data (G_OBJECT (spin), NAME_KEY);
    g_return_val_if_fail (field != VIREO_SIZE_FIELD_NONE || name != NULL, FALSE);
    adjustment = gtk_spin_button_get_adjustment (spin);
    lower = gtk_adjustment_get_lower (adjustment);
    upper = gtk_adjustment_get_upper (adjustment);
    if (max > 0 && max < upper)
        upper = max;
    typed = gtk_entry_get_text (GTK_ENTRY (spin));
    if (field == VIREO_SIZE_FIELD_NONE)
        return vireo_size_input_parse_count (name, typed, lower, upper, value, error);
    return vireo_size_input_parse (field, typed, lower, upper, value, error);
}
