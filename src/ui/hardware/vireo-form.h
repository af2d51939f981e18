/* vireo-form.h: a grid of fields bound to the sub-options of one option
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-domain-editor.h"
#include "vireo-size-input.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_FIELD_TEXT,          /* an entry */
    VIREO_FIELD_CHOICE,        /* a combo box of the choices; "" reads "Default" */
    VIREO_FIELD_OPEN_CHOICE,   /* a combo box with an entry: the choices or any value */
    VIREO_FIELD_NUMBER,        /* a spin button of whole numbers from min to max */
    VIREO_FIELD_SWITCH,        /* a check button; choices "ON|OFF" are its two values */
    VIREO_FIELD_PATH,          /* an entry and a button that opens a file chooser */
    VIREO_FIELD_INFO,          /* a label: shown, never changed */
} VireoFieldKind;

/* One field: what it reads and writes, how it looks.  Strings are static;
 * label and tooltip are marked with N_() and translated when shown. */
typedef struct {
    const char     *key;            /* the sub-option written, in the option's grammar */
    const char     *label;          /* "_Bus:"; a switch's own label */
    VireoFieldKind  kind;
    const char     *choices;        /* "virtio|sata|scsi" */
    const char     *tooltip;
    double          min;
    double          max;
    const char     *read_key;       /* the sub-option read back, when not @key */
    const char     *default_value;  /* what a new device starts with (Add Hardware) */
    const char     *unset_value;    /* what the XML means when the sub-option is not set
                                       ("up" for a NIC's link state) */
    const char     *fallback_key;   /* read when @key reads nothing, and shown as loaded
                                       (vCPUs' current count is their maximum) */
    VireoSizeField  size_field;     /* a number whose typed text is checked with its
                                       sentence (vireo_size_input_parse()) */
    const char     *max_key;        /* a number at most this field's value (the current
                                       vCPUs and their maximum) */
} VireoFieldSpec;

#define VIREO_TYPE_FORM (vireo_form_get_type ())
G_DECLARE_FINAL_TYPE (VireoForm, vireo_form, VIREO, FORM, GObject)

/* A form of @n_specs fields of @option ("disk", "memory").  Signal:
 * ::changed () when the user changes a field. */
VireoForm  *vireo_form_new          (const char           *option,
                                     const VireoFieldSpec *specs,
                                     guint                 n_specs) G_GNUC_WARN_UNUSED_RESULT;
/* The grid of labels and fields (owned by the form until packed). */
GtkWidget  *vireo_form_get_widget   (VireoForm *self);
const char *vireo_form_get_option   (VireoForm *self);

/* Shows the values of the section (@index 0) or of the @index-th device of
 * @editor; they are the values fields are compared with. */
void        vireo_form_load         (VireoForm         *self,
                                     VireoDomainEditor *editor,
                                     int                index);
/* Shows each field's default value (a new device). */
void        vireo_form_load_defaults (VireoForm *self);

/* Whether a field differs from what was loaded. */
gboolean    vireo_form_is_changed   (VireoForm *self);
/* Which fields vireo_form_fill_edit() writes. */
typedef enum {
    VIREO_FORM_FILL_CHANGED,   /* those that differ from what was loaded */
    VIREO_FORM_FILL_SET,       /* those with a value (a new device's) */
    VIREO_FORM_FILL_SHOWN,     /* every field, as it reads (a whole CPU topology) */
} VireoFormFill;

/* Sets the fields @fill says into @edit; FALSE with a sentence naming the
 * field when a value is refused. */
gboolean    vireo_form_fill_edit    (VireoForm        *self,
                                     VireoDomainEdit  *edit,
                                     VireoFormFill     fill,
                                     GError          **error);

/* A field's value now (NULL: not set) and its control. */
char       *vireo_form_dup_value    (VireoForm  *self,
                                     const char *key) G_GNUC_WARN_UNUSED_RESULT;
void        vireo_form_set_value    (VireoForm  *self,
                                     const char *key,
                                     const char *value);
GtkWidget  *vireo_form_get_control  (VireoForm  *self,
                                     const char *key);
/* Makes every field read-only (@sensitive FALSE) or editable again. */
void        vireo_form_set_sensitive (VireoForm *self,
                                      gboolean   sensitive);

G_END_DECLS
