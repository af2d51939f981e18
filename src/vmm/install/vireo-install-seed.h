/* vireo-install-seed.h: the seed media of unattended and cloud-init installs
 *
 * --cloud-init makes a NoCloud seed ISO (volume id "cidata", files
 * user-data and meta-data) with xorriso.  --unattended writes libosinfo's
 * install script for the OS and puts it where the script's injection methods
 * allow: into the installer's initrd (installers booted with --location),
 * else onto a CD-ROM image (xorriso), else onto a floppy image (mkfs.msdos
 * and mcopy).  The media are attached for the install phase only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <osinfo/osinfo.h>

#include "vireo-install-spec.h"

G_BEGIN_DECLS

/* Makes @iso_path from --cloud-init's @props for the VM @name.  When a
 * root password is generated, @password_out receives it (to print once).
 * Besides virt-install's sub-options, @props may hold the wizard's values:
 * "user-login" (an account made with sudo), "user-password",
 * "user-ssh-key" (the key itself) and "hostname" (else the VM's name). */
gboolean vireo_install_seed_cloud_init (const VireoInstallProps *props,
                                        const char              *name,
                                        const char              *iso_path,
                                        char                   **password_out,
                                        GError                 **error);

typedef struct {
    char *script;       /* the generated script's file (the first of @scripts) */
    GStrv scripts;      /* every script file of the profile, all on the medium */
    char *iso;          /* CD-ROM image holding it, or NULL */
    char *floppy;       /* floppy image holding it, or NULL */
    char *cmdline;      /* kernel arguments the installer needs, or NULL */
    char *password;     /* a generated admin password, or NULL */
} VireoInstallSeed;

void     vireo_install_seed_free       (VireoInstallSeed *seed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallSeed, vireo_install_seed_free)

/* Generates @os's install script for --unattended's @props into
 * @directory (files named after @name).  With @initrd (the installer's
 * initrd, a local copy) and a script that can be injected there, appends
 * the script to it (a dry run, whose @initrd does not exist yet, only gets
 * the command line); else makes a CD-ROM image when the script allows one,
 * else a floppy image.
 * @target_disk is the guest's install disk ("/dev/vda"). */
VireoInstallSeed *vireo_install_seed_unattended (OsinfoOs                *os,
                                                 const VireoInstallProps *props,
                                                 const char              *name,
                                                 const char              *arch,
                                                 const char              *target_disk,
                                                 const char              *initrd,
                                                 const char              *directory,
                                                 GError                 **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* Besides --unattended's sub-options, @props of
 * vireo_install_seed_unattended() may hold the wizard's values:
 * "admin-password", "user-password", and "timezone" and "language" (else
 * the host's, as vireo_install_seed_host_timezone() and
 * vireo_install_seed_host_language() say). */

/* The host's time zone ("Europe/Paris") and language ("en_US"), or NULL
 * when they cannot be told (the C locale). */
char    *vireo_install_seed_host_timezone (void) G_GNUC_WARN_UNUSED_RESULT;
char    *vireo_install_seed_host_language (void) G_GNUC_WARN_UNUSED_RESULT;

/* Appends a gzip-compressed newc cpio archive holding @file as /@name_inside
 * to the initramfs @initrd (the kernel unpacks concatenated archives). */
gboolean vireo_install_seed_inject_initrd (const char *initrd,
                                           const char *file,
                                           const char *name_inside,
                                           GError    **error);

G_END_DECLS
