/* vireo-domain-options.h: the compound options of virt-install's grammar and
 * what each of their sub-options means in domain XML
 *
 * One table per option (--disk, --network, --memory, --cpu, ...) names its
 * sub-options as virt-install and virt-xml spell them, their aliases, how
 * the command-line lexer treats them (a leading bare value, a value that runs
 * on over commas), and where each one lives in the XML: "driver/@cache" for
 * --disk driver.cache, "readonly" (an element that is there or not) for
 * --disk readonly, "timer[name=rtc]/@tickpolicy" for --clock rtc_tickpolicy.
 *
 * The tables are the grammar: src/cli reads names, aliases and flags from
 * here to split a command line, and the XML they map to is written by
 * vireo_domain_option_set() (and read back by vireo_domain_option_dup_value())
 * whether a VM is being created (VireoDomainConfig) or changed
 * (VireoDomainEditor).  Sub-options that are not a place in the XML (--disk
 * size=, pool=, --network network=) are marked so: their callers give them
 * meaning.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>
#include <osinfo/osinfo.h>

G_BEGIN_DECLS

typedef struct _VireoDomainOption VireoDomainOption;

typedef enum {
    VIREO_SUBOPTION_CAN_COMMA = 1 << 0,  /* the value runs on over following unknown keys */
    VIREO_SUBOPTION_BARE      = 1 << 1,  /* may stand alone, without "=value" */
} VireoSuboptionFlags;

/* What the editor does with the option. */
typedef enum {
    VIREO_DOMAIN_OPTION_SECTION,  /* one part of the domain (--memory, --cpu, --boot) */
    VIREO_DOMAIN_OPTION_DEVICE,   /* devices of one kind (--disk): select, add, remove */
    VIREO_DOMAIN_OPTION_XPATH,    /* --xml: XPath edits */
    VIREO_DOMAIN_OPTION_OTHER,    /* not part of the domain (--osinfo, --check) */
} VireoDomainOptionKind;

/* By name or alias ("hostdev", "host-device", "os-variant"); NULL when unknown. */
const VireoDomainOption *vireo_domain_option_lookup        (const char *name);
/* Every option, in table order. */
const VireoDomainOption *const *vireo_domain_option_list   (guint *n_options);

const char            *vireo_domain_option_get_name        (const VireoDomainOption *option);
VireoDomainOptionKind  vireo_domain_option_get_kind        (const VireoDomainOption *option);
/* The element the option edits: "disk", "interface", "cpu", "os"; "" for
 * options that edit the <domain> element itself (--memory, --vcpus). */
const char            *vireo_domain_option_get_element     (const VireoDomainOption *option);
/* Sub-options that leading bare values name, space-separated ("source
 * target" for --filesystem); NULL when bare values are sub-option names. */
const char            *vireo_domain_option_get_first       (const VireoDomainOption *option);
/* TRUE when "--OPTION none" adds nothing, as virt-install and virt-xml read it
 * ("--sound none": no sound device). */
gboolean               vireo_domain_option_none_is_noop    (const VireoDomainOption *option);

/* The canonical name of sub-option @key of @option (for an alias, or a
 * name with indices such as "device2.path", the name with the same
 * indices), with its flags; NULL when @option has no such sub-option. */
char       *vireo_domain_option_canonical (const VireoDomainOption *option,
                                           const char              *key,
                                           guint                   *flags)
    G_GNUC_WARN_UNUSED_RESULT;

/* "--disk options:\n  name\n  ..." as printed for --disk=?; sorted. */
char       *vireo_domain_option_describe  (const VireoDomainOption *option)
    G_GNUC_WARN_UNUSED_RESULT;
/* The sorted names, comma-separated, for error messages. */
char       *vireo_domain_option_list_names (const VireoDomainOption *option)
    G_GNUC_WARN_UNUSED_RESULT;

/* TRUE when @key (canonical) is a place in the XML that set/get handle
 * alone; FALSE for sub-options whose meaning is decided by code (--disk
 * path=, size=; --network type=, mac=; --cpu model=). */
gboolean    vireo_domain_option_is_plain  (const VireoDomainOption *option,
                                           const char              *key);

/* Writes @value of sub-option @key (canonical name, with its indices) into
 * @node, the option's element: attributes, text and elements are created
 * as needed; a NULL or empty value removes the place, and elements left
 * empty by that go too.  On/off values are checked; FALSE with a sentence
 * naming the sub-option otherwise.  Only for plain sub-options. */
gboolean    vireo_domain_option_set       (const VireoDomainOption *option,
                                           xmlNode                 *node,
                                           const char              *key,
                                           const char              *value,
                                           GError                 **error);
/* The value of plain sub-option @key in @node as the command line would
 * give it back ("on" for a present element, MiB for memory); NULL when the
 * place is empty.  Used to select devices by a sub-option. */
char       *vireo_domain_option_dup_value (const VireoDomainOption *option,
                                           xmlNode                 *node,
                                           const char              *key) G_GNUC_WARN_UNUSED_RESULT;
/* The value @value of @key takes in the XML ("yes" for "on" where the XML
 * says yes/no), for comparing with vireo_domain_option_dup_value(); NULL
 * with an error when @value is not valid for @key. */
char       *vireo_domain_option_normalize (const VireoDomainOption *option,
                                           const char              *key,
                                           const char              *value,
                                           GError                 **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* "on"/"yes"/"true"/"1" → TRUE, "off"/"no"/"false"/"0" → FALSE; FALSE with
 * a sentence naming @key for anything else. */
gboolean    vireo_domain_option_parse_bool (const char *key,
                                            const char *value,
                                            gboolean   *out,
                                            GError    **error);

/* The largest disk size= accepted, in GiB (2^63 bytes, what qemu-img and
 * libvirt can hold). */
#define VIREO_DOMAIN_OPTION_MAX_SIZE_GIB 8589934592.0

/* A disk size in GiB as virt-install reads it (a decimal number, "1.5");
 * FALSE with a sentence naming @option ("--disk") for anything that is not a
 * finite number greater than 0 and at most VIREO_DOMAIN_OPTION_MAX_SIZE_GIB:
 * "0", "-1", "inf", "nan", "1e20", hexadecimal "0x10". */
gboolean    vireo_domain_option_parse_size_gib (const char *option,
                                                const char *value,
                                                double     *out,
                                                GError    **error);

/* Finds (and with @create makes) the element at @path below @node, in the
 * path language of the tables ("driver", "timer[name=rtc]", "device#" with
 * the indices taken from @indices in order).  Exposed for the special
 * sub-options written by code. */
xmlNode    *vireo_domain_option_find_path (xmlNode     *node,
                                           const char  *path,
                                           const guint *indices,
                                           guint        n_indices,
                                           gboolean     create);

/* Removes @node and then each ancestor left with neither attributes nor
 * children, stopping below @stop. */
void        vireo_domain_option_prune     (xmlNode *node,
                                           xmlNode *stop);

/* ------------------------------------------ every sub-option, with its code */

/* A host device as the connection's node devices describe it (numbers as
 * written there). */
typedef struct {
    char *name;         /* the node device's name: "pci_0000_06_12_5" */
    char *type;         /* "pci" or "usb" */
    char *domain, *bus, *slot, *function;   /* PCI; USB uses bus */
    char *device;       /* USB */
    char *vendor, *product;                 /* USB ids, "0x1234" */
} VireoHostDeviceInfo;

void vireo_host_device_info_free (VireoHostDeviceInfo *info);

/* What the rules of the code-written sub-options and the defaults of a new
 * device depend on.  Borrowed pointers; any may be NULL. */
typedef struct {
    const char *uri;            /* decides QEMU or not, local or remote, embedded */
    xmlDoc     *domcaps;        /* the domain capabilities of the VM's emulator */
    xmlDoc     *caps;           /* the host's capabilities */
    OsinfoOs   *os;             /* the guest OS */
    gboolean    check_paths;    /* new disk paths must exist unless sized (local hosts) */
    GPtrArray  *host_devices;   /* VireoHostDeviceInfo*: the host's PCI and USB devices, or
                                   NULL when unknown (names are then only parsed) */
    GHashTable *used_macs;      /* the MAC addresses (lower case) the interfaces of every
                                   domain of the connection use, or NULL when unknown */
    xmlNode    *running;        /* the running guest's <domain> when its persistent one is
                                   edited: its disk targets count as taken too; or NULL */
    GRand      *rand;           /* the random choices (MACs); NULL: GLib's */
} VireoDomainOptionContext;

/* Writes sub-option @key=@value: plain sub-options as
 * vireo_domain_option_set() does, the others by their own rules (--disk
 * path= chooses the disk type, --network mac=RANDOM, --cpu model=host-model,
 * --boot cdrom,hd, boot.order= renumbering the other devices, ...).  @domain
 * is the <domain> element, @node the option's element within it.  Keys
 * without a place in the XML (size=, pool=) are left to the caller and
 * ignored here. */
gboolean    vireo_domain_option_apply     (const VireoDomainOption       *option,
                                           const VireoDomainOptionContext *context,
                                           xmlNode                       *domain,
                                           xmlNode                       *node,
                                           const char                    *key,
                                           const char                    *value,
                                           GError                       **error);

/* TRUE when device @node has @key=@value, compared as the XML holds it
 * (--disk path= against the source of any disk type, --network mac= without
 * regard to case).  FALSE with an error when @key cannot be compared. */
gboolean    vireo_domain_option_matches   (const VireoDomainOption       *option,
                                           const VireoDomainOptionContext *context,
                                           xmlNode                       *node,
                                           const char                    *key,
                                           const char                    *value,
                                           gboolean                      *matches,
                                           GError                       **error);

/* Fills in what a new device @node (just added to @domain) needs and was
 * not given: the disk type, driver, bus and a free target; a fresh MAC and
 * the model of an interface; graphics ports; the models and types libvirt
 * wants; and, on QEMU, the controller a SCSI disk or a USB device needs. */
gboolean    vireo_domain_option_fill_defaults (const VireoDomainOption       *option,
                                               const VireoDomainOptionContext *context,
                                               xmlNode                       *domain,
                                               xmlNode                       *node,
                                               GError                       **error);

/* The position of @key in the option's table (sub-options are applied in
 * that order, as virt-install does); G_MAXINT when unknown. */
int         vireo_domain_option_get_position (const VireoDomainOption *option,
                                              const char              *key);

/* The source of a <disk> whatever its type (file=, dev=, dir=, or
 * "pool/volume"), or NULL. */
char       *vireo_domain_option_disk_path (xmlNode *disk) G_GNUC_WARN_UNUSED_RESULT;

/* --boot uefi: firmware autoselection when the hypervisor offers it, else
 * the first UEFI loader its domain capabilities list (a Secure Boot one
 * with @secure); Secure Boot turns on SMM.  FALSE with a sentence when the
 * hypervisor offers no UEFI firmware. */
gboolean    vireo_domain_option_enable_uefi (const VireoDomainOptionContext *context,
                                             xmlNode                       *domain,
                                             xmlNode                       *os,
                                             gboolean                       secure,
                                             GError                       **error);

/* What the context's URI says. */
gboolean    vireo_domain_option_is_qemu   (const VireoDomainOptionContext *context);
gboolean    vireo_domain_option_is_remote (const VireoDomainOptionContext *context);

/* A random MAC address for a new interface ("52:54:00:…" on QEMU,
 * "00:16:3e:…" elsewhere, as virt-install picks them) that no interface of
 * @domain uses, nor any domain of the connection (the context's
 * used_macs). */
char       *vireo_domain_option_new_mac   (const VireoDomainOptionContext *context,
                                           xmlNode                        *domain)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
