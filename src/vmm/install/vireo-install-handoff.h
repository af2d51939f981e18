/* vireo-install-handoff.h: install through the manager that holds the root
 *
 * Only one process can hold an embedded root.  When `vireo` holds it, it
 * exports org.vireo.Vireo.Installer on its GApplication object; vireo-install
 * reads the host's capabilities and the existing VMs through it, makes the
 * disk images itself (plain files under ROOT/images), and asks the manager
 * to define and start the VM on its connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIREO_INSTALLER_BUS_NAME    "org.vireo.Vireo"
#define VIREO_INSTALLER_OBJECT_PATH "/org/vireo/Vireo"
#define VIREO_INSTALLER_INTERFACE   "org.vireo.Vireo.Installer"

/* The interface: Capabilities returns the host's capabilities XML and,
 * when an emulator is given, the domain capabilities for it; Domains maps
 * each VM's name to its XML; Install takes uri, install-xml, final-xml
 * (may be ""), name and the booleans start, noreboot, autostart, transient,
 * and returns the new VM's UUID once it is defined (and started).  When a
 * two-phase install's first phase has ended and the lasting configuration
 * is in place (and started), InstallEnded carries the UUID and "" (or the
 * error's sentence).  Edit (vireo-xml) takes uri, domain, edits (an array
 * of vireo_domain_edit_to_variant()), os-variant, commit-flags
 * (VireoDomainEditorCommitFlags; 0 only computes) and start (without
 * CONFIG: the changed XML as a transient VM, virt-xml --no-define
 * --start), and, to commit what an earlier call computed and showed, that
 * call's token and xml (refused when the domain, or what the edits give,
 * changed since); it answers name, xml, diff, added (the devices' XML),
 * token (vireo_domain_editor_dup_token()), running (whether the VM ran),
 * applied (vireo_domain_editor_get_applied_live()) and notice. */
#define VIREO_INSTALLER_INTROSPECTION                                         \
    "<node>"                                                                  \
    " <interface name='" VIREO_INSTALLER_INTERFACE "'>"                       \
    "  <method name='Capabilities'>"                                          \
    "   <arg type='s' name='uri' direction='in'/>"                            \
    "   <arg type='s' name='emulator' direction='in'/>"                       \
    "   <arg type='s' name='arch' direction='in'/>"                           \
    "   <arg type='s' name='machine' direction='in'/>"                        \
    "   <arg type='s' name='virt_type' direction='in'/>"                      \
    "   <arg type='s' name='capabilities' direction='out'/>"                  \
    "   <arg type='s' name='domain_capabilities' direction='out'/>"           \
    "  </method>"                                                             \
    "  <method name='Domains'>"                                               \
    "   <arg type='s' name='uri' direction='in'/>"                            \
    "   <arg type='a{ss}' name='domains' direction='out'/>"                   \
    "  </method>"                                                             \
    "  <method name='Install'>"                                               \
    "   <arg type='a{sv}' name='request' direction='in'/>"                    \
    "   <arg type='s' name='uuid' direction='out'/>"                          \
    "  </method>"                                                             \
    "  <method name='Edit'>"                                                 \
    "   <arg type='a{sv}' name='request' direction='in'/>"                    \
    "   <arg type='a{sv}' name='reply' direction='out'/>"                     \
    "  </method>"                                                             \
    "  <signal name='InstallEnded'>"                                          \
    "   <arg type='s' name='uuid'/>"                                          \
    "   <arg type='s' name='error'/>"                                         \
    "  </signal>"                                                             \
    " </interface>"                                                           \
    "</node>"

typedef struct _VireoInstallHandoff VireoInstallHandoff;

/* Finds the manager on the session bus; fails, repeating @held_error's
 * sentence (which names the holder), when none answers. */
VireoInstallHandoff *vireo_install_handoff_new      (const char   *uri,
                                                     const GError *held_error,
                                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_handoff_free     (VireoInstallHandoff *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallHandoff, vireo_install_handoff_free)

/* @emulator NULL: only the host capabilities. */
char       *vireo_install_handoff_capabilities (VireoInstallHandoff *self,
                                                const char          *emulator,
                                                const char          *arch,
                                                const char          *machine,
                                                const char          *virt_type,
                                                char               **domcaps_out,
                                                GError             **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* name → domain XML. */
GHashTable *vireo_install_handoff_domains      (VireoInstallHandoff *self,
                                                GError             **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* The new VM's UUID. */
char       *vireo_install_handoff_install      (VireoInstallHandoff *self,
                                                const char          *name,
                                                const char          *install_xml,
                                                const char          *final_xml,
                                                gboolean             noreboot,
                                                gboolean             autostart,
                                                gboolean             transient,
                                                GError             **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* Waits, serving a private main context, for InstallEnded of @uuid, at
 * most @timeout_ms (-1: no limit).  TRUE with *@done FALSE when the time
 * ran out. */
gboolean    vireo_install_handoff_wait_ended   (VireoInstallHandoff *self,
                                                const char          *uuid,
                                                int                  timeout_ms,
                                                gboolean            *done,
                                                GError             **error);

/* What the manager answers an edit. */
typedef struct {
    char      *name;      /* the VM's name after the edits */
    char      *xml;       /* its definition after the edits */
    char      *diff;      /* "" when nothing changed */
    GPtrArray *added;     /* char*: the devices added, as --build-xml prints them */
    char      *token;     /* for committing exactly this result later */
    gboolean   running;   /* the VM ran when the manager read it */
    char      *applied;   /* NULL, or what the running VM took now */
    char      *notice;    /* NULL, or what waits for the next boot */
} VireoInstallHandoffEditReply;

void        vireo_install_handoff_edit_reply_clear (VireoInstallHandoffEditReply *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VireoInstallHandoffEditReply,
                                  vireo_install_handoff_edit_reply_clear)

/* Hands vireo-xml's @edits (VireoDomainEdit*) of @domain to the manager,
 * which applies them with its VireoDomainEditor and, with @commit_flags
 * (VireoDomainEditorCommitFlags), commits them (and starts the VM with
 * @start; without CONFIG in @commit_flags, the changed XML as a transient
 * VM).  With @token and @shown_xml (a dry call's reply), the manager
 * commits that very result, or refuses when the domain or the result
 * changed since.  @reply (may be NULL; cleared first) gets the answer. */
gboolean    vireo_install_handoff_edit         (VireoInstallHandoff          *self,
                                                const char                   *domain,
                                                GPtrArray                    *edits,
                                                const char                   *os_variant,
                                                guint                         commit_flags,
                                                gboolean                      start,
                                                const char                   *token,
                                                const char                   *shown_xml,
                                                VireoInstallHandoffEditReply *reply,
                                                GError                      **error);

G_END_DECLS
