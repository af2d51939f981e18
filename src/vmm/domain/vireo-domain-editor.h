/* vireo-domain-editor.h: change a VM's XML in place, then apply it
 *
 * A VireoDomainEditor holds one domain's XML (its persistent definition, as
 * virt-xml edits it) and applies VireoDomainEdits to it with libxml2: the
 * sections (name, title, memory, vCPUs, CPU, boot, events, clock, features,
 * power management, NUMA and block I/O tuning, memory backing) and every
 * device kind, chosen by position or by a sub-option, added with what
 * libvirt needs filled in, or removed.  Elements and attributes it does not
 * know stay as they are.
 *
 * Applying is pure (no libvirt): it can run on any thread, and --print-xml
 * needs nothing else; what it needs of the connection is read when the
 * editor is opened for a domain.  vireo_domain_editor_commit() then writes the result:
 * new disk images first, the persistent definition (validated by libvirt),
 * and on a running VM whatever libvirt can change live (disks and NICs
 * attached or detached, CD-ROM media, link state, display password, vCPUs,
 * the memory balloon, title and description).  What it refuses live is kept
 * for the next boot, and the notice says so in one sentence.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <osinfo/osinfo.h>

#include "vireo-domain-edit.h"
#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_EDITOR (vireo_domain_editor_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomainEditor, vireo_domain_editor, VIREO, DOMAIN_EDITOR, GObject)

typedef enum {
    VIREO_DOMAIN_EDITOR_COMMIT_CONFIG = 1 << 0,  /* define the persistent definition */
    VIREO_DOMAIN_EDITOR_COMMIT_LIVE   = 1 << 1,  /* change the running guest where libvirt can */
    /* With LIVE, as virt-xml --update: the edits are worked out on the
     * running guest's own XML (an edit's device is chosen among the guest's
     * devices, "--edit 2" is the guest's second), and an edit the guest's
     * XML does not take fails the commit before anything changes.  Without
     * it, as virt-manager: the definition's changes go to the guest, libvirt
     * matching the devices, and what it refuses waits for the next start. */
    VIREO_DOMAIN_EDITOR_COMMIT_LIVE_XML = 1 << 2,
} VireoDomainEditorCommitFlags;

/* A device added, changed or removed, for applying to a running guest. */
typedef struct {
    VireoDomainEditAction  action;
    char                  *option;    /* "disk", "network", ... */
    char                  *xml;       /* the device after the change (before, for REMOVE) */
} VireoDomainDeviceChange;

/* A disk image to make before the definition refers to it. */
typedef struct {
    char    *path;
    char    *format;      /* "qcow2" or "raw" */
    guint64  capacity;    /* bytes */
    gboolean sparse;
} VireoDomainEditorVolume;

/* Parses @xml (a <domain>); FALSE-ish NULL with a sentence when it is not. */
VireoDomainEditor *vireo_domain_editor_new           (const char *xml,
                                                      GError    **error) G_GNUC_WARN_UNUSED_RESULT;

/* What the defaults and the connection-dependent rules need: @uri (QEMU or
 * not, local or remote, embedded), the host's capabilities and the domain
 * capabilities of the VM's emulator (NULL when unknown). */
void        vireo_domain_editor_set_connection       (VireoDomainEditor *self,
                                                      const char        *uri,
                                                      const char        *caps_xml,
                                                      const char        *domcaps_xml);
/* The guest OS (defaults such as virtio); by default the one the domain's
 * libosinfo metadata names, looked up on first need. */
void        vireo_domain_editor_set_os               (VireoDomainEditor *self,
                                                      OsinfoOs          *os);
/* Where a disk given only a size gets its image (the default pool). */
void        vireo_domain_editor_set_pool_directory   (VireoDomainEditor *self,
                                                      const char        *directory);

/* Applies @edit; on failure nothing of it remains and the sentence says
 * what was wrong (an unknown sub-option value, "--edit 3" with two disks,
 * no device matching, ...). */
gboolean    vireo_domain_editor_apply                (VireoDomainEditor *self,
                                                      VireoDomainEdit   *edit,
                                                      GError           **error);
/* Marks the VM to start when the host does, or not; libvirt keeps that
 * beside the XML, so it is written on commit (CONFIG). */
void        vireo_domain_editor_set_autostart        (VireoDomainEditor *self,
                                                      gboolean           autostart);

/* Replaces the whole document (checked for being a <domain> here, validated
 * by libvirt on commit). */
gboolean    vireo_domain_editor_replace_xml          (VireoDomainEditor *self,
                                                      const char        *xml,
                                                      GError           **error);

/* The document now, and as it was given, both written the same way
 * (indented by two, attributes in double quotes). */
char       *vireo_domain_editor_dup_xml              (VireoDomainEditor *self) G_GNUC_WARN_UNUSED_RESULT;
char       *vireo_domain_editor_dup_original_xml     (VireoDomainEditor *self) G_GNUC_WARN_UNUSED_RESULT;
/* A unified diff from the original to now ("--- Original XML",
 * "+++ Altered XML"); "" when nothing changed. */
char       *vireo_domain_editor_dup_diff             (VireoDomainEditor *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean    vireo_domain_editor_has_changes          (VireoDomainEditor *self);
/* The <name> now (borrowed until the next apply). */
const char *vireo_domain_editor_get_name             (VireoDomainEditor *self);

/* What the editor started from (the domain's definition) and the seed of
 * its random choices (new MACs), as one string.  Another editor of the same domain that takes it
 * (vireo_domain_editor_use_token(), before any edit) turns the same edits
 * into the same XML: so a change shown by one process is the one another
 * commits. */
char       *vireo_domain_editor_dup_token            (VireoDomainEditor *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* FALSE with VIREO_VMM_ERROR_INVALID_STATE when the domain is no longer
 * what @token's editor started from, VIREO_VMM_ERROR_INVALID when @token
 * is not a token. */
gboolean    vireo_domain_editor_use_token            (VireoDomainEditor *self,
                                                      const char        *token,
                                                      GError           **error);

/* VireoDomainDeviceChange* and VireoDomainEditorVolume*, in order
 * (borrowed). */
GPtrArray  *vireo_domain_editor_get_device_changes   (VireoDomainEditor *self);
GPtrArray  *vireo_domain_editor_get_new_volumes      (VireoDomainEditor *self);

/* The XML of each device added by the edits so far, as virt-xml
 * --build-xml prints them (owned). */
GPtrArray  *vireo_domain_editor_dup_added_devices    (VireoDomainEditor *self) G_GNUC_WARN_UNUSED_RESULT;

/* ------------------------------------------------ reading, for windows */

/* One device of the document. */
typedef struct {
    const char *option;   /* the option that edits it: "disk", "network", ... (static) */
    guint       index;    /* its position among the devices of that option, from 1 */
    char       *xml;      /* the device element */
} VireoDomainEditorDevice;

void        vireo_domain_editor_device_free          (VireoDomainEditorDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainEditorDevice, vireo_domain_editor_device_free)

/* The devices of the document that an option edits, in document order
 * (VireoDomainEditorDevice*, owned). */
GPtrArray  *vireo_domain_editor_list_devices         (VireoDomainEditor *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* How many devices of @option ("disk") the document has. */
guint       vireo_domain_editor_count_devices        (VireoDomainEditor *self,
                                                      const char        *option);
/* The XML of the @index-th (from 1) device of @option, or NULL. */
char       *vireo_domain_editor_dup_device_xml       (VireoDomainEditor *self,
                                                      const char        *option,
                                                      int                index)
    G_GNUC_WARN_UNUSED_RESULT;
/* Sub-option @key of @option, of the section (@index ignored) or of its
 * @index-th device (from 1), as the command line would give it back: memory
 * in MiB, on/off and yes/no as the table says, a disk's path= whatever its
 * type, a NIC's source=, a host device's name=, boot's emulator= and
 * domain_type=, metadata's os_full_id= (the libosinfo id).  NULL when it is
 * not set, or there is no such option, sub-option or device. */
char       *vireo_domain_editor_dup_value            (VireoDomainEditor *self,
                                                      const char        *option,
                                                      int                index,
                                                      const char        *key)
    G_GNUC_WARN_UNUSED_RESULT;

/* An editor for @domain's persistent definition (its live one when it has
 * none), with its connection's URI, capabilities, domain capabilities,
 * default pool directory, host PCI and USB devices (for --hostdev names),
 * the MACs every domain of the connection uses (new interfaces get another)
 * and the pools' volumes (--disk vol=) read, all in one worker (a call per
 * domain and per volume there).  A running VM's live XML is read too: the
 * edits are made to it as well, and what changes live starts from the
 * guest's own devices (their aliases, addresses and current media), as
 * virt-xml --update does. */
VireoDomainEditor *vireo_domain_editor_new_for_domain    (VireoDomain        *domain,
                                                          GCancellable       *cancellable,
                                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* What an editor opened for a domain may go without: a caller that knows
 * its edits add no interface need not read every domain's MACs (one call
 * per domain), nor the pools' volumes (one per volume) without a vol=. */
typedef enum {
    VIREO_DOMAIN_EDITOR_READ_SKIP_MACS    = 1 << 0,
    VIREO_DOMAIN_EDITOR_READ_SKIP_VOLUMES = 1 << 1,
} VireoDomainEditorReadFlags;

/* vireo_domain_editor_new_for_domain() without what @skip names: a new
 * interface's MAC is then only free in the VM itself, and a vol= is
 * written as a <source pool= volume=> disk. */
VireoDomainEditor *vireo_domain_editor_new_for_domain_reading (VireoDomain            *domain,
                                                          VireoDomainEditorReadFlags skip,
                                                          GCancellable           *cancellable,
                                                          GError                **error) G_GNUC_WARN_UNUSED_RESULT;
void               vireo_domain_editor_new_for_domain_async (VireoDomain        *domain,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
VireoDomainEditor *vireo_domain_editor_new_for_domain_finish (VireoDomain   *domain,
                                                          GAsyncResult  *result,
                                                          GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* Writes the changes to @domain: makes the new disk images, renames (a
 * shut-off VM only; its NVRAM file and snapshots follow), defines the
 * persistent XML with libvirt's validation, and with LIVE on a running VM
 * applies what libvirt can apply to it.  On failure the definition is as it
 * was, images made are removed, and the error carries libvirt's message.
 * *@notice (may be NULL) gets one sentence when something waits for the next
 * boot, else NULL. */
gboolean    vireo_domain_editor_commit               (VireoDomainEditor            *self,
                                                      VireoDomain                  *domain,
                                                      VireoDomainEditorCommitFlags  flags,
                                                      char                        **notice,
                                                      GCancellable                 *cancellable,
                                                      GError                      **error);
void        vireo_domain_editor_commit_async         (VireoDomainEditor            *self,
                                                      VireoDomain                  *domain,
                                                      VireoDomainEditorCommitFlags  flags,
                                                      GCancellable                 *cancellable,
                                                      GAsyncReadyCallback           callback,
                                                      gpointer                      user_data);
gboolean    vireo_domain_editor_commit_finish        (VireoDomainEditor            *self,
                                                      GAsyncResult                 *result,
                                                      char                        **notice,
                                                      GError                      **error);

/* After a commit with LIVE on a running VM: one sentence naming what the
 * running VM took now (devices added, removed or changed, title,
 * description, balloon, vCPU count), or NULL when it took nothing; what it
 * did not take is the commit's notice.  Borrowed until the next commit. */
const char *vireo_domain_editor_get_applied_live     (VireoDomainEditor *self);

/* Starts the edited XML as a transient VM on @connection (virt-xml
 * --no-define --start); returns nothing more than success. */
gboolean    vireo_domain_editor_start_transient      (VireoDomainEditor  *self,
                                                      VireoConnection    *connection,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
void        vireo_domain_editor_start_transient_async (VireoDomainEditor  *self,
                                                      VireoConnection    *connection,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean    vireo_domain_editor_start_transient_finish (VireoDomainEditor *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);

G_END_DECLS
