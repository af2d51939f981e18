/* vireo-domain.h: one libvirt domain: state, lifecycle actions, events
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN (vireo_domain_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomain, vireo_domain, VIREO, DOMAIN, GObject)

/* Mirrors virDomainState. */
typedef enum {
    VIREO_DOMAIN_STATE_NOSTATE,
    VIREO_DOMAIN_STATE_RUNNING,
    VIREO_DOMAIN_STATE_BLOCKED,
    VIREO_DOMAIN_STATE_PAUSED,
    VIREO_DOMAIN_STATE_SHUTDOWN,
    VIREO_DOMAIN_STATE_SHUTOFF,
    VIREO_DOMAIN_STATE_CRASHED,
    VIREO_DOMAIN_STATE_PMSUSPENDED,
} VireoDomainState;

typedef enum {
    VIREO_DOMAIN_ACTION_START,      /* also restores a managed save */
    VIREO_DOMAIN_ACTION_SHUTDOWN,   /* ACPI */
    VIREO_DOMAIN_ACTION_REBOOT,
    VIREO_DOMAIN_ACTION_RESET,
    VIREO_DOMAIN_ACTION_FORCE_OFF,
    VIREO_DOMAIN_ACTION_PAUSE,
    VIREO_DOMAIN_ACTION_RESUME,
    VIREO_DOMAIN_ACTION_SAVE,       /* managed save */
    VIREO_DOMAIN_ACTION_DELETE,     /* see vireo_domain_delete() */
} VireoDomainAction;

/* Kinds of VireoDomain::event (mirrors the libvirt event IDs Vireo uses). */
typedef enum {
    VIREO_DOMAIN_EVENT_LIFECYCLE,       /* detail: virDomainEventType, detail2: its detail */
    VIREO_DOMAIN_EVENT_REBOOT,
    VIREO_DOMAIN_EVENT_DEVICE_ADDED,    /* text: device alias */
    VIREO_DOMAIN_EVENT_DEVICE_REMOVED,  /* text: device alias */
    VIREO_DOMAIN_EVENT_WATCHDOG,        /* detail: virDomainEventWatchdogAction */
    VIREO_DOMAIN_EVENT_AGENT,           /* detail: state, detail2: reason */
    VIREO_DOMAIN_EVENT_BALLOON,         /* detail: actual KiB (clamped to int) */
    VIREO_DOMAIN_EVENT_METADATA,        /* detail: virDomainMetadataType (title,
                                         * description, element), text: an element's
                                         * namespace URI */
} VireoDomainEventKind;

typedef enum {
    VIREO_DOMAIN_DELETE_NONE          = 0,
    VIREO_DOMAIN_DELETE_REMOVE_DISKS  = 1 << 0,  /* remove the listed disk files */
} VireoDomainDeleteFlags;

/*
 * Signals (owner context of the connection):
 *   ::event (VireoDomainEventKind kind, int detail, int detail2, const char *text)
 *   ::state-changed ()   after state/reason changed
 * Properties: name, uuid, id, state, reason, persistent, autostart,
 *   has-managed-save, title, description, connection
 */

VireoConnection   *vireo_domain_get_connection      (VireoDomain *self);
const char        *vireo_domain_get_name            (VireoDomain *self);
const char        *vireo_domain_get_uuid            (VireoDomain *self);
int                vireo_domain_get_id              (VireoDomain *self);  /* -1 when inactive */
VireoDomainState   vireo_domain_get_state           (VireoDomain *self);
int                vireo_domain_get_reason          (VireoDomain *self);  /* virDomain*Reason */
gboolean           vireo_domain_get_persistent      (VireoDomain *self);
gboolean           vireo_domain_get_autostart       (VireoDomain *self);
gboolean           vireo_domain_get_has_managed_save (VireoDomain *self);
gboolean           vireo_domain_is_active           (VireoDomain *self);
/* The title and description of the domain's metadata (<title>,
 * <description>), or NULL when it has none.  The connection reads them off
 * the owner context once it is open (a domain that appears later, at once)
 * and again when libvirt reports a metadata change or a new definition:
 * until then they are NULL too. */
const char        *vireo_domain_get_title           (VireoDomain *self);
const char        *vireo_domain_get_description     (VireoDomain *self);

/* "Running", "Paused", "Shutoff", "Crashed", … and for some reasons a
 * longer form ("Shutoff (crashed)"). Translated, newly allocated. */
char              *vireo_domain_state_describe      (VireoDomainState state,
                                                     int              reason)
    G_GNUC_WARN_UNUSED_RESULT;
/* Icon name for the state (freedesktop/symbolic names). */
const char        *vireo_domain_state_icon_name     (VireoDomainState state);

/* TRUE when @action is valid in the domain's current state. */
gboolean           vireo_domain_can                 (VireoDomain      *self,
                                                     VireoDomainAction action);

/* Lifecycle actions (DELETE excluded: use vireo_domain_delete). */
gboolean  vireo_domain_run_action        (VireoDomain        *self,
                                          VireoDomainAction   action,
                                          GCancellable       *cancellable,
                                          GError            **error);
void      vireo_domain_run_action_async  (VireoDomain        *self,
                                          VireoDomainAction   action,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean  vireo_domain_run_action_finish (VireoDomain  *self,
                                          GAsyncResult *result,
                                          GError      **error);

/* The named forms of run_action, sync and async (VIREO_DOMAIN_ACTION_START
 * and so on). */

/* Starts the domain, or restores its managed save. */
gboolean  vireo_domain_start        (VireoDomain  *self,
                                     GCancellable *cancellable,
                                     GError      **error);
void      vireo_domain_start_async  (VireoDomain        *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean  vireo_domain_start_finish (VireoDomain  *self,
                                     GAsyncResult *result,
                                     GError      **error);

/* Asks the guest to shut down (ACPI). */
gboolean  vireo_domain_shutdown        (VireoDomain  *self,
                                        GCancellable *cancellable,
                                        GError      **error);
void      vireo_domain_shutdown_async  (VireoDomain        *self,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean  vireo_domain_shutdown_finish (VireoDomain  *self,
                                        GAsyncResult *result,
                                        GError      **error);

/* Asks the guest to reboot. */
gboolean  vireo_domain_reboot        (VireoDomain  *self,
                                      GCancellable *cancellable,
                                      GError      **error);
void      vireo_domain_reboot_async  (VireoDomain        *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean  vireo_domain_reboot_finish (VireoDomain  *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* Resets the virtual hardware at once. */
gboolean  vireo_domain_reset        (VireoDomain  *self,
                                     GCancellable *cancellable,
                                     GError      **error);
void      vireo_domain_reset_async  (VireoDomain        *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean  vireo_domain_reset_finish (VireoDomain  *self,
                                     GAsyncResult *result,
                                     GError      **error);

/* Stops the domain at once, as pulling the plug would. */
gboolean  vireo_domain_force_off        (VireoDomain  *self,
                                         GCancellable *cancellable,
                                         GError      **error);
void      vireo_domain_force_off_async  (VireoDomain        *self,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean  vireo_domain_force_off_finish (VireoDomain  *self,
                                         GAsyncResult *result,
                                         GError      **error);

/* Pauses the virtual CPUs. */
gboolean  vireo_domain_pause        (VireoDomain  *self,
                                     GCancellable *cancellable,
                                     GError      **error);
void      vireo_domain_pause_async  (VireoDomain        *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean  vireo_domain_pause_finish (VireoDomain  *self,
                                     GAsyncResult *result,
                                     GError      **error);

/* Resumes a paused domain. */
gboolean  vireo_domain_resume        (VireoDomain  *self,
                                      GCancellable *cancellable,
                                      GError      **error);
void      vireo_domain_resume_async  (VireoDomain        *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean  vireo_domain_resume_finish (VireoDomain  *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* Saves the domain's state and stops it (managed save). */
gboolean  vireo_domain_save        (VireoDomain  *self,
                                    GCancellable *cancellable,
                                    GError      **error);
void      vireo_domain_save_async  (VireoDomain        *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean  vireo_domain_save_finish (VireoDomain  *self,
                                    GAsyncResult *result,
                                    GError      **error);

/* Disk files the domain uses (type file/volume, device disk/cdrom), read
 * from its XML; a GPtrArray of char*.  Used by the delete confirmation. */
GPtrArray *vireo_domain_list_disks        (VireoDomain   *self,
                                           GCancellable  *cancellable,
                                           GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void       vireo_domain_list_disks_async  (VireoDomain        *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GPtrArray *vireo_domain_list_disks_finish (VireoDomain  *self,
                                           GAsyncResult *result,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Forces off if active, undefines with managed save, snapshot and
 * checkpoint metadata, NVRAM and TPM state removed, and with REMOVE_DISKS deletes the
 * files in @disks (through the connection's VireoStorage). */
gboolean  vireo_domain_delete        (VireoDomain           *self,
                                      VireoDomainDeleteFlags flags,
                                      const char * const    *disks,
                                      GCancellable          *cancellable,
                                      GError               **error);
void      vireo_domain_delete_async  (VireoDomain           *self,
                                      VireoDomainDeleteFlags flags,
                                      const char * const    *disks,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
gboolean  vireo_domain_delete_finish (VireoDomain  *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* A connected socket to the domain's graphics device number @index (among
 * all its <graphics>, in document order), from virDomainOpenGraphicsFD: no
 * TCP port and no password, for domains on this computer.  Returns the new
 * file descriptor, which the caller owns, or -1 with @error carrying
 * libvirt's reason.  SPICE needs one per channel. */
int       vireo_domain_open_graphics_fd        (VireoDomain   *self,
                                                guint          index,
                                                GCancellable  *cancellable,
                                                GError       **error);
void      vireo_domain_open_graphics_fd_async  (VireoDomain        *self,
                                                guint               index,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
int       vireo_domain_open_graphics_fd_finish (VireoDomain  *self,
                                                GAsyncResult *result,
                                                GError      **error);

/* The domain's XML (flags: virDomainXMLFlags), newly allocated.  The
 * blocking form may be called from any thread. */
char     *vireo_domain_dup_xml        (VireoDomain        *self,
                                       guint               flags,
                                       GCancellable       *cancellable,
                                       GError            **error) G_GNUC_WARN_UNUSED_RESULT;
void      vireo_domain_dup_xml_async  (VireoDomain        *self,
                                       guint               flags,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
char     *vireo_domain_dup_xml_finish (VireoDomain  *self,
                                       GAsyncResult *result,
                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* The raw virDomainPtr, for the core and its tests (borrowed, as long as
 * the domain lives).  The other layers use the calls above, never libvirt. */
gpointer  vireo_domain_get_handle    (VireoDomain *self);

G_END_DECLS
