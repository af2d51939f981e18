/* vireo-size-input.h: sizes and counts typed into dialogs
 *
 * The New VM wizard, the New Disk Image dialog, Add Hardware and the VM
 * window's Memory and CPUs pages take numbers in spin buttons, whose text a
 * user can type freely ("abc", "0", "1e99", "2.5", "10 GiB", nothing).  The
 * dialogs read what was typed through vireo_size_input_parse(): a value in
 * the field's bounds, or a sentence that names the field, its bounds and its
 * unit and says what is wrong with the text.  Nothing is clamped silently.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    VIREO_SIZE_FIELD_NONE,                  /* not a size: a form field's own rules */
    VIREO_SIZE_FIELD_DISK_GIB,              /* a new disk's size, GiB, decimals allowed */
    VIREO_SIZE_FIELD_MEMORY_MIB,            /* the new VM's memory, whole MiB (wizard) */
    VIREO_SIZE_FIELD_CURRENT_MEMORY_MIB,    /* the Memory page's current allocation */
    VIREO_SIZE_FIELD_MAX_MEMORY_MIB,        /* the Memory page's maximum allocation */
    VIREO_SIZE_FIELD_VCPUS,                 /* the new VM's CPUs (wizard) */
    VIREO_SIZE_FIELD_MAX_VCPUS,             /* the CPUs page's maximum vCPUs */
    VIREO_SIZE_FIELD_CURRENT_VCPUS,         /* the CPUs page's current vCPUs */
    VIREO_SIZE_FIELD_BANDWIDTH_MIBS,        /* Migrate…'s bandwidth limit, whole MiB/s */
    VIREO_SIZE_FIELD_STATS_INTERVAL_S,      /* Preferences' statistics interval, seconds */
} VireoSizeField;

/* Reads @typed, the text of @field, as a number from @min to @max (in the
 * field's unit; the field's own unit may follow the number, "10 GiB"; the
 * locale's decimal separator or a point).  FALSE with VIREO_VMM_ERROR_INVALID
 * and a sentence naming the field, the bounds and the unit otherwise. */
gboolean vireo_size_input_parse        (VireoSizeField   field,
                                        const char      *typed,
                                        double           min,
                                        double           max,
                                        double          *value,
                                        GError         **error);

/* The same for a whole number typed in a field named @name (its label,
 * translated, without its mnemonic and colon: the sockets of a CPU topology,
 * a video card's heads): the sentence quotes @name. */
gboolean vireo_size_input_parse_count  (const char      *name,
                                        const char      *typed,
                                        double           min,
                                        double           max,
                                        double          *value,
                                        GError         **error);

/* The rule of @field alone ("The disk size must be between 0.1 and 65536
 * GiB."), for a tooltip or a label. */
char    *vireo_size_input_dup_rule     (VireoSizeField   field,
                                        double           min,
                                        double           max) G_GNUC_WARN_UNUSED_RESULT;

/* Whether a new disk image of @capacity bytes fits in the @available bytes
 * free in @place (a folder or a pool's name).  An image that takes its whole
 * size at once (@sparse FALSE: raw, or preallocated) and does not fit is
 * refused (FALSE, VIREO_VMM_ERROR_NO_SPACE); a sparse one (qcow2) that could
 * outgrow the space is allowed with a warning in @warning (the space is taken
 * only as the guest writes).  @available 0 means "not known": no check. */
gboolean vireo_size_input_check_space  (guint64          capacity,
                                        guint64          available,
                                        gboolean         sparse,
                                        const char      *place,
                                        char           **warning,
                                        GError         **error);

/* Whether @memory_mib fits in the host's @host_mib (0: not known).  More is
 * allowed (libvirt accepts it) with a warning in @warning, as virt-manager
 * does; NULL in @warning when it fits. */
void     vireo_size_input_check_memory (guint64          memory_mib,
                                        guint64          host_mib,
                                        char           **warning);

G_END_DECLS
