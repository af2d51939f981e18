/* vireo-domain-config.h: domain XML for a new VM, built with libxml2
 *
 * From a VireoInstallSpec plus what the connection says about itself (its
 * capabilities XML, the domain capabilities for the chosen emulator, the
 * default pool directory and network) and the OS's libosinfo entry, builds
 * the install-phase XML and the XML the VM keeps after the install.
 *
 * Use: new → set_* → resolve (chooses domain type, arch, machine, emulator)
 * → optionally set_domain_capabilities for those → build_xml.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <osinfo/osinfo.h>

#include "vireo-install-spec.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_CONFIG (vireo_domain_config_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomainConfig, vireo_domain_config, VIREO, DOMAIN_CONFIG, GObject)

typedef enum {
    VIREO_DOMAIN_CONFIG_INSTALL,    /* first boot: media, kernel, on_reboot destroy */
    VIREO_DOMAIN_CONFIG_FINAL,      /* what stays defined afterwards */
} VireoDomainConfigPhase;

typedef enum {
    VIREO_DOMAIN_CONFIG_DRIVER_QEMU,
    VIREO_DOMAIN_CONFIG_DRIVER_TEST,
    VIREO_DOMAIN_CONFIG_DRIVER_OTHER,
} VireoDomainConfigDriver;

/* A disk image to create before defining the domain. */
typedef struct {
    char    *path;
    char    *pool;      /* NULL: the default pool / directory */
    char    *name;      /* file name inside the pool */
    char    *format;
    guint64  capacity;  /* bytes */
    gboolean sparse;
    char    *backing;           /* a qcow2 overlay over this image, or NULL */
    char    *backing_format;    /* its format, NULL: read from it */
} VireoDomainConfigVolume;

VireoDomainConfig *vireo_domain_config_new (const VireoInstallSpec *spec) G_GNUC_WARN_UNUSED_RESULT;

/* @uri decides the driver kind and whether the connection is privileged
 * (qemu:///system), local, or embedded. */
void      vireo_domain_config_set_uri                 (VireoDomainConfig *self,
                                                       const char        *uri);
void      vireo_domain_config_set_capabilities        (VireoDomainConfig *self,
                                                       const char        *caps_xml);
void      vireo_domain_config_set_domain_capabilities (VireoDomainConfig *self,
                                                       const char        *domcaps_xml);
/* Directory of the default pool (new disks go there). */
void      vireo_domain_config_set_pool_directory      (VireoDomainConfig *self,
                                                       const char        *directory);
/* The virtual network new interfaces join by default, or NULL for
 * user-mode networking. */
void      vireo_domain_config_set_default_network     (VireoDomainConfig *self,
                                                       const char        *network);
/* The guest OS (NULL: generic). */
void      vireo_domain_config_set_os                  (VireoDomainConfig *self,
                                                       OsinfoOs          *os);
/* Formats of existing disk files (path → "qcow2"), as qemu-img or the
 * storage pool reports them. */
void      vireo_domain_config_set_disk_format         (VireoDomainConfig *self,
                                                       const char        *path,
                                                       const char        *format);

/* The installer's kernel and initrd as local files, and its command line,
 * for the install phase (replacing --location's paths inside the tree). */
void      vireo_domain_config_set_install_boot        (VireoDomainConfig *self,
                                                       const char        *kernel,
                                                       const char        *initrd,
                                                       const char        *cmdline);
/* A CD-ROM image attached for the install phase only (seed media, a
 * --location ISO); the lasting XML leaves it out. */
void      vireo_domain_config_add_install_cdrom       (VireoDomainConfig *self,
                                                       const char        *path);
/* A floppy image (an unattended install script's) attached for the install
 * phase only. */
void      vireo_domain_config_add_install_floppy      (VireoDomainConfig *self,
                                                       const char        *path);
/* The guest's name of the disk an installer installs to ("/dev/vda"). */
const char *vireo_domain_config_get_install_target_disk (VireoDomainConfig *self);

/* Chooses domain type, arch, machine and emulator from the capabilities;
 * fails with a sentence when the host offers no match. */
gboolean  vireo_domain_config_resolve       (VireoDomainConfig *self,
                                             GError           **error);
const char *vireo_domain_config_get_virt_type (VireoDomainConfig *self);
const char *vireo_domain_config_get_arch      (VireoDomainConfig *self);
const char *vireo_domain_config_get_machine   (VireoDomainConfig *self);
const char *vireo_domain_config_get_emulator  (VireoDomainConfig *self);

/* TRUE when the install boots differently from the installed VM (cdrom,
 * location, PXE, seed media): then there are two XML documents. */
gboolean  vireo_domain_config_has_install_phase (VireoDomainConfig *self);

char     *vireo_domain_config_build_xml     (VireoDomainConfig      *self,
                                             VireoDomainConfigPhase  phase,
                                             GError                **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* The disk images build_xml's documents refer to that do not exist yet
 * (array of VireoDomainConfigVolume*, owned by @self; valid after
 * build_xml). */
GPtrArray *vireo_domain_config_get_new_volumes (VireoDomainConfig *self);

void      vireo_domain_config_volume_free   (VireoDomainConfigVolume *volume);

G_END_DECLS
