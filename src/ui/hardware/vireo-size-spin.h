/* vireo-size-spin.h: a spin button whose typed text is read, never clamped
 *
 * A GtkSpinButton replaces text it cannot read, or a value out of its
 * range, with its last value or a bound, without a word.  A spin button
 * attached here keeps what the user typed instead, and the dialog reads it
 * with vireo_size_spin_read(): the value, or the sentence of
 * vireo_size_input_parse() naming the field, its bounds (the adjustment's)
 * and its unit.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-size-input.h"

G_BEGIN_DECLS

void     vireo_size_spin_attach (GtkSpinButton   *spin,
                                 VireoSizeField   field);
/* The same for a whole number named by its field's @name
 * (vireo_size_input_parse_count()). */
void     vireo_size_spin_attach_count (GtkSpinButton *spin,
                                       const char    *name);
/* The value typed in @spin, within its adjustment's bounds (and at most
 * @max when @max > 0: a current count bounded by the maximum typed). */
gboolean vireo_size_spin_read   (GtkSpinButton   *spin,
                                 double           max,
                                 double          *value,
                                 GError         **error);

G_END_DECLS
