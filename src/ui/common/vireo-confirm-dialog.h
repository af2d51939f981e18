/* vireo-confirm-dialog.h: "are you sure?" before an action that loses something
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What is confirmed.  Each kind has a boolean key of org.vireo.Vireo
 * (vireo_confirm_kind_get_settings_key()) that turns its confirmation on and
 * off; the Preferences dialog shows them, and the dialog's "Do not ask again"
 * box turns its own off. */
typedef enum {
    VIREO_CONFIRM_FORCE_OFF,       /* names: the virtual machines */
    VIREO_CONFIRM_RESET,           /* names: the virtual machines */
    VIREO_CONFIRM_PAUSE,           /* names: the virtual machines */
    VIREO_CONFIRM_DELETE,          /* names: the virtual machines (their disks are kept) */
    VIREO_CONFIRM_REMOVE_DEVICE,   /* names: the devices, as the user reads them
                                    * ("VirtIO Disk 1"); owner: their virtual machine */
    VIREO_CONFIRM_N_KINDS
} VireoConfirmKind;

#define VIREO_TYPE_CONFIRM_DIALOG (vireo_confirm_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoConfirmDialog, vireo_confirm_dialog, VIREO, CONFIRM_DIALOG, GtkDialog)

/* "confirm-force-off", "confirm-reset", "confirm-pause", "confirm-delete",
 * "confirm-remove-device". */
const char *vireo_confirm_kind_get_settings_key (VireoConfirmKind kind);
/* Whether @kind asks first, as @settings (org.vireo.Vireo) say. */
gboolean    vireo_confirm_is_wanted             (GSettings        *settings,
                                                 VireoConfirmKind  kind);

/*
 * A dialog that names what is about to happen to @names (one or more, in
 * the order given), and answers GTK_RESPONSE_ACCEPT or GTK_RESPONSE_CANCEL
 * (Escape and closing the window too).  With "Do not ask again" checked, an
 * accepted dialog turns the kind's confirmation off in @settings.
 */
GtkWidget  *vireo_confirm_dialog_new            (GtkWindow          *parent,
                                                 GSettings          *settings,
                                                 VireoConfirmKind    kind,
                                                 const char * const *names,
                                                 const char         *owner)
    G_GNUC_WARN_UNUSED_RESULT;
VireoConfirmKind vireo_confirm_dialog_get_kind  (VireoConfirmDialog *self);
/* The names listed, as given. */
const char * const *vireo_confirm_dialog_get_names (VireoConfirmDialog *self);

/*
 * Asks to confirm @kind on @names, or, when that confirmation is turned off
 * in @settings, answers yes without a dialog.  The callback runs on the
 * caller's main context; vireo_confirm_finish() is TRUE when the action may
 * go ahead, FALSE when the user declined (no error set) or @cancellable was
 * cancelled (G_IO_ERROR_CANCELLED; the dialog is closed).  The window that
 * acts (a VM window, the manager) calls this before each action of the kinds
 * above.
 */
void        vireo_confirm_async                 (GtkWindow          *parent,
                                                 GSettings          *settings,
                                                 VireoConfirmKind    kind,
                                                 const char * const *names,
                                                 const char         *owner,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean    vireo_confirm_finish                (GAsyncResult       *result,
                                                 GError            **error);

G_END_DECLS
