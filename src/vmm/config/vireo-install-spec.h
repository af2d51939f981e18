/* vireo-install-spec.h: what a new VM should be, as plain data
 *
 * Filled by vireo-install's option parser and by the new-VM wizard; turned
 * into domain XML by VireoDomainConfig.  Unset numbers are 0, unset strings
 * NULL, unset tri-states VIREO_TRISTATE_UNSET: the defaults are decided later,
 * from the connection's capabilities and the OS's libosinfo entry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    VIREO_TRISTATE_UNSET = 0,
    VIREO_TRISTATE_OFF,
    VIREO_TRISTATE_ON,
} VireoTristate;

typedef enum {
    VIREO_INSTALL_METHOD_NONE = 0,  /* nothing chosen yet */
    VIREO_INSTALL_METHOD_CDROM,
    VIREO_INSTALL_METHOD_LOCATION,
    VIREO_INSTALL_METHOD_PXE,
    VIREO_INSTALL_METHOD_IMPORT,
    VIREO_INSTALL_METHOD_KERNEL,    /* --boot kernel=,initrd= (direct boot) */
} VireoInstallMethod;

/* Ordered key=value pairs, keys in their canonical spelling. */
typedef struct {
    GPtrArray *keys;    /* char* */
    GPtrArray *values;  /* char*, "" for a bare key */
} VireoInstallProps;

VireoInstallProps *vireo_install_props_new    (void) G_GNUC_WARN_UNUSED_RESULT;
void               vireo_install_props_free   (VireoInstallProps *props);
void               vireo_install_props_set    (VireoInstallProps *props,
                                               const char        *key,
                                               const char        *value);
/* The last value set for @key, or NULL. */
const char        *vireo_install_props_get    (const VireoInstallProps *props,
                                               const char              *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallProps, vireo_install_props_free)

typedef struct {
    char         *path;         /* file or block device; NULL for a new volume */
    char         *pool;         /* pool= for a new volume */
    char         *vol;          /* vol= pool/volume of an existing volume */
    double        size_gib;     /* size=, 0 when not given */
    char         *format;       /* format= / driver.type= */
    char         *bus;
    char         *device;       /* "disk", "cdrom", "floppy", "lun" */
    char         *cache;
    char         *io;
    char         *discard;
    char         *target_dev;
    VireoTristate readonly;
    VireoTristate shareable;
    VireoTristate sparse;
    VireoTristate convert;      /* convert=: copy a VMDK/VHDX/VDI image to qcow2 */
    char         *backing_store;    /* backing_store=: a new qcow2 overlay over this image */
    char         *backing_format;   /* backing_format=, NULL: read from the image */
    int           boot_order;   /* boot.order=, 0 unset */
    gboolean      is_install_media;  /* added by --cdrom or --location ISO */
    VireoInstallProps *extra;   /* the other sub-options, written by the option tables */
} VireoInstallDisk;

typedef struct {
    char *type;     /* "network", "bridge", "user", "direct", ... */
    char *source;   /* network or bridge name, or host device */
    char *model;
    char *mac;
    char *source_mode;
    char *target_dev;
    char *link_state;
    int   boot_order;
    VireoInstallProps *extra;   /* the other sub-options, written by the option tables */
} VireoInstallNetwork;

typedef struct {
    char         *type;     /* "spice", "vnc", "none", ... */
    int           port;     /* -1 auto, 0 unset */
    int           tls_port;
    char         *listen;   /* an address, or "none" */
    char         *password;
    char         *keymap;
    VireoTristate gl;
    char         *rendernode;
    VireoInstallProps *extra;   /* the other sub-options, written by the option tables */
} VireoInstallGraphics;

/* The devices described by a type and a few properties: video, sound,
 * controller, input, serial, console, channel, hostdev, filesystem, tpm, rng,
 * watchdog, panic, memballoon, redirdev.  @type is the bare first value or
 * type= (or model= where the option has no type); @props the rest. */
typedef struct {
    char              *type;
    VireoInstallProps *props;
} VireoInstallDevice;

/* --autoconsole: default (graphical with a display and a viewer, text for a
 * VM without graphics), text, graphical. */
typedef enum {
    VIREO_INSTALL_CONSOLE_DEFAULT,
    VIREO_INSTALL_CONSOLE_TEXT,
    VIREO_INSTALL_CONSOLE_GRAPHICAL,
} VireoInstallConsoleKind;

typedef struct {
    /* --name, --memory (MiB), --vcpus */
    char    *name;
    guint64  memory_mib;        /* <memory> */
    guint64  current_memory_mib;/* <currentMemory>, 0: same as memory */
    guint64  max_memory_mib;    /* <maxMemory> (hotplug), 0 unset */
    guint    vcpus;             /* current vCPUs, 0 unset */
    guint    max_vcpus;         /* <vcpu> count, 0: same as vcpus */
    guint    sockets, dies, cores, threads;
    char    *cpuset;
    /* --cpu */
    char    *cpu_mode;          /* "host-passthrough", "host-model", "custom" */
    char    *cpu_model;
    char    *cpu_match;
    VireoInstallProps *cpu_features;  /* name -> policy */
    /* --osinfo */
    char         *os_name;      /* short-id */
    char         *os_id;        /* libosinfo id (URI) */
    VireoTristate os_detect;
    VireoTristate os_require;
    /* install method */
    VireoInstallMethod method;
    char    *cdrom;
    char    *location;
    char    *location_kernel;   /* relative to the tree */
    char    *location_initrd;
    char    *extra_args;
    gboolean pxe;
    gboolean import;
    /* --boot */
    GPtrArray    *boot_devs;    /* char*: "hd", "cdrom", "fd", "network" */
    VireoTristate uefi;
    VireoTristate boot_menu;
    char         *firmware;
    char         *loader;
    char         *kernel;
    char         *initrd;
    char         *cmdline;
    VireoInstallProps *boot;    /* the other --boot sub-options (loader.secure=, ...),
                                 * written by the option tables */
    /* devices */
    GPtrArray *disks;           /* VireoInstallDisk* */
    gboolean   no_disks;        /* --disk none */
    GPtrArray *networks;        /* VireoInstallNetwork* */
    gboolean   no_networks;     /* --network none */
    GPtrArray *graphics;        /* VireoInstallGraphics* */
    gboolean   no_graphics;     /* --graphics none */
    GPtrArray *videos;          /* VireoInstallDevice* */
    GPtrArray *sounds;
    gboolean   no_sound;
    GPtrArray *controllers;
    GPtrArray *inputs;
    GPtrArray *serials;
    GPtrArray *consoles;
    GPtrArray *channels;
    GPtrArray *hostdevs;
    GPtrArray *filesystems;
    GPtrArray *redirdevs;
    gboolean   no_redirdevs;
    VireoInstallDevice *tpm;    /* NULL unset; type "none" removes the default */
    VireoInstallDevice *rng;
    VireoInstallDevice *watchdog;
    VireoInstallDevice *panic;
    VireoInstallDevice *memballoon;
    VireoInstallProps  *features;   /* "acpi" -> "on", "smm.state" -> "on", ... */
    VireoInstallProps  *clock;      /* "offset" -> "localtime", timers */
    VireoInstallProps  *memory_backing;
    /* hypervisor */
    char    *virt_type;
    char    *arch;
    char    *machine;
    /* what to do */
    gboolean autostart;
    gboolean transient;
    VireoTristate autoconsole;
    VireoInstallConsoleKind console_kind;   /* --autoconsole's value */
    gboolean wait_set;
    int      wait_minutes;      /* -1 forever */
    gboolean noreboot;
    VireoInstallProps *unattended;  /* NULL unless --unattended */
    VireoInstallProps *cloud_init;  /* NULL unless --cloud-init */
    VireoInstallProps *check;       /* --check: name -> on/off */
} VireoInstallSpec;

VireoInstallSpec    *vireo_install_spec_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_spec_free         (VireoInstallSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallSpec, vireo_install_spec_free)

VireoInstallDisk    *vireo_install_disk_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_disk_free         (VireoInstallDisk *disk);
VireoInstallNetwork *vireo_install_network_new       (void) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_network_free      (VireoInstallNetwork *net);
VireoInstallGraphics *vireo_install_graphics_new     (void) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_graphics_free     (VireoInstallGraphics *gfx);
VireoInstallDevice  *vireo_install_device_new        (const char *type) G_GNUC_WARN_UNUSED_RESULT;
void                 vireo_install_device_free       (VireoInstallDevice *dev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallDisk, vireo_install_disk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallNetwork, vireo_install_network_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallGraphics, vireo_install_graphics_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallDevice, vireo_install_device_free)

/* "on"/"yes"/"true"/"1" and "off"/"no"/"false"/"0", as virt-install reads
 * them; FALSE with an error naming @key for anything else. */
gboolean             vireo_install_parse_onoff       (const char    *key,
                                                      const char    *value,
                                                      VireoTristate *out,
                                                      GError       **error);

/* Name of the method, for messages ("--cdrom", "--pxe", ...). */
const char          *vireo_install_method_option     (VireoInstallMethod method);

G_END_DECLS
