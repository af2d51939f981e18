/* vireo-install-choices.h: the new-VM wizard's choices, as an install spec and as a command line
 *
 * The wizard collects what the user chose on its pages into a
 * VireoInstallChoices; vireo_install_choices_to_spec() turns them into the
 * VireoInstallSpec that vireo-install's option parser would build, which the
 * install plan and engine then run, and vireo_install_choices_to_args() gives
 * that vireo-install command line (shown in the wizard's summary, and checked
 * against the spec by test-install-choices: the same XML either way).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vireo-install-spec.h"

G_BEGIN_DECLS

typedef enum {
    VIREO_CHOICE_METHOD_MEDIA = 0,  /* an ISO image or CD-ROM drive */
    VIREO_CHOICE_METHOD_LOCATION,   /* an install tree (URL or directory) */
    VIREO_CHOICE_METHOD_CLOUD,      /* a cloud image, run on an overlay, with cloud-init */
    VIREO_CHOICE_METHOD_IMPORT,     /* an existing disk image */
    VIREO_CHOICE_METHOD_PXE,
    VIREO_CHOICE_METHOD_MANUAL,     /* no install media: an empty VM */
} VireoChoiceMethod;

typedef enum {
    VIREO_CHOICE_FIRMWARE_DEFAULT = 0,
    VIREO_CHOICE_FIRMWARE_BIOS,
    VIREO_CHOICE_FIRMWARE_UEFI,
    VIREO_CHOICE_FIRMWARE_UEFI_SECURE,
} VireoChoiceFirmware;

typedef enum {
    VIREO_CHOICE_STORAGE_NEW = 0,   /* a new disk of disk_gib in the default place */
    VIREO_CHOICE_STORAGE_EXISTING,  /* disk_path: an image file or a volume's path */
    VIREO_CHOICE_STORAGE_NONE,
} VireoChoiceStorage;

typedef enum {
    VIREO_CHOICE_NETWORK_DEFAULT = 0,   /* what vireo-install chooses */
    VIREO_CHOICE_NETWORK_USER,
    VIREO_CHOICE_NETWORK_VIRTUAL,       /* network_source: a libvirt network */
    VIREO_CHOICE_NETWORK_BRIDGE,        /* network_source: a host bridge */
    VIREO_CHOICE_NETWORK_MACVTAP,       /* network_source: a host interface */
    VIREO_CHOICE_NETWORK_NONE,
} VireoChoiceNetwork;

typedef struct {
    VireoChoiceMethod method;
    char    *media;             /* MEDIA: ISO file or CD-ROM device */
    char    *location;          /* LOCATION */
    char    *extra_args;        /* LOCATION: kernel arguments */
    char    *image;             /* CLOUD, IMPORT: the disk image */
    gboolean convert;           /* IMPORT: copy to qcow2 with qemu-img */
    char    *cloud_user;        /* CLOUD: the user cloud-init makes */
    char    *cloud_password;
    char    *cloud_ssh_key;     /* the public key's text */
    char    *cloud_hostname;
    /* the expander */
    char    *arch;
    char    *virt_type;
    char    *machine;
    VireoChoiceFirmware firmware;
    /* the OS: a short id, NULL to detect */
    char    *os;
    /* express install */
    gboolean express;
    char    *express_user;
    char    *express_password;  /* the user's; also the administrator's */
    char    *express_timezone;  /* NULL: the host's */
    char    *express_language;
    char    *product_key;
    /* memory and CPUs, 0: the OS's recommendation */
    guint64  memory_mib;
    guint    vcpus;
    /* storage */
    VireoChoiceStorage storage;
    double   disk_gib;
    gboolean disk_allocate;     /* NEW: allocate it all now */
    char    *disk_path;         /* EXISTING */
    /* finish */
    char    *name;
    VireoChoiceNetwork network;
    char    *network_source;
} VireoInstallChoices;

VireoInstallChoices *vireo_install_choices_new  (void) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_choices_free (VireoInstallChoices *choices);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallChoices, vireo_install_choices_free)

/* Whether @choices are complete enough to create a VM; FALSE with a
 * sentence saying what is missing. */
gboolean          vireo_install_choices_check   (const VireoInstallChoices *choices,
                                                 GError                   **error);
VireoInstallSpec *vireo_install_choices_to_spec (const VireoInstallChoices *choices)
    G_GNUC_WARN_UNUSED_RESULT;
/* The vireo-install arguments (after the program name) that give the same
 * spec.  Values vireo-install reads from files only (the passwords, the
 * cloud user and host name, which no option carries) are left out: they
 * change the seed's content, not the VM's XML. */
GStrv             vireo_install_choices_to_args (const VireoInstallChoices *choices)
    G_GNUC_WARN_UNUSED_RESULT;
/* The same, as one line a shell reads. */
char             *vireo_install_choices_to_command_line (const VireoInstallChoices *choices)
    G_GNUC_WARN_UNUSED_RESULT;

/* A name for a new VM: @base (an OS short id, or "vm") with the first free
 * number of @taken (a set of names) where @base itself is taken. */
char             *vireo_install_choices_suggest_name (const char *base,
                                                      GHashTable *taken)
    G_GNUC_WARN_UNUSED_RESULT;
/* Whether @name can name a new VM: not empty, no '/', not taken. */
gboolean          vireo_install_choices_check_name   (const char *name,
                                                      GHashTable *taken,
                                                      GError    **error);
/* Whether the files the choices name on this computer (the install media,
 * an install tree given as a folder, the image to import or boot as a cloud
 * image, the existing disk) can be used: each must be given as a full path,
 * exist, and be a file or device (an install tree: a folder or an ISO).
 * Only for a connection whose host is this computer. */
gboolean          vireo_install_choices_check_paths  (const VireoInstallChoices *choices,
                                                      GError                   **error);

G_END_DECLS
