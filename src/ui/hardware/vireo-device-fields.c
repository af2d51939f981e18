/* vireo-device-fields.c: the fields of every device kind and section, and
 * how the sidebar names a device
 *
 * Each field is a sub-option of the domain editor's grammar (the names
 * vireo-xml and virt-xml take), so a page writes exactly what
 * "vireo-xml --edit N --disk driver.cache=none" would write.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <string.h>

#include "vireo-device-fields.h"

#define TEXT        VIREO_FIELD_TEXT
#define CHOICE      VIREO_FIELD_CHOICE
#define OPEN_CHOICE VIREO_FIELD_OPEN_CHOICE
#define NUMBER      VIREO_FIELD_NUMBER
#define SWITCH      VIREO_FIELD_SWITCH
#define PATH        VIREO_FIELD_PATH
#define INFO        VIREO_FIELD_INFO

/* ----------------------------------------------------------------- devices */

static const VireoFieldSpec disk_fields[] = {
    { .key = "path", .label = N_("Source _path:"), .kind = PATH,
      .tooltip = N_("The image file or host device the guest sees as this drive; empty leaves a "
                    "CD-ROM or floppy drive without media") },
    { .key = "device", .label = N_("_Device type:"), .kind = CHOICE,
      .choices = "disk|cdrom|floppy|lun", .default_value = "disk",
      .tooltip = N_("What the guest sees: a disk, a CD-ROM or floppy drive, or a SCSI LUN") },
    { .key = "target.bus", .label = N_("Disk _bus:"), .kind = CHOICE,
      .choices = "virtio|sata|scsi|ide|usb|fdc", .default_value = "virtio",
      .tooltip = N_("The controller the drive is attached to; VirtIO is the fastest") },
    { .key = "target.dev", .label = N_("Target:"), .kind = INFO,
      .tooltip = N_("The drive's name on its bus, as libvirt gives it") },
    { .key = "driver.type", .label = N_("Storage _format:"), .kind = OPEN_CHOICE,
      .choices = "qcow2|raw", .tooltip = N_("The format of the image file") },
    { .key = "driver.cache", .label = N_("_Cache mode:"), .kind = CHOICE,
      .choices = "|none|writethrough|writeback|directsync|unsafe",
      .tooltip = N_("How the host caches the guest's writes; Default lets the hypervisor "
                    "choose") },
    { .key = "driver.discard", .label = N_("D_iscard mode:"), .kind = CHOICE,
      .choices = "|ignore|unmap",
      .tooltip = N_("Whether blocks the guest frees are freed in the image too (unmap)") },
    { .key = "driver.io", .label = N_("_IO mode:"), .kind = CHOICE,
      .choices = "|native|threads|io_uring",
      .tooltip = N_("How the hypervisor reads and writes the image") },
    { .key = "serial", .label = N_("_Serial number:"), .kind = TEXT,
      .tooltip = N_("The serial number the guest reads from the drive") },
    { .key = "readonly", .label = N_("_Read-only"), .kind = SWITCH, .choices = "on|off",
      .tooltip = N_("The guest may read the drive but not write to it") },
    { .key = "shareable", .label = N_("S_hareable"), .kind = SWITCH, .choices = "on|off",
      .tooltip = N_("Other virtual machines may use the same image at the same time") },
};

static const VireoFieldSpec network_fields[] = {
    { .key = "type", .label = N_("Network _source type:"), .kind = CHOICE,
      .choices = "user|network|bridge|direct", .default_value = "user",
      .tooltip = N_("User-mode networking, a virtual network, a host bridge, or a host "
                    "interface (macvtap)") },
    { .key = "source", .label = N_("_Source:"), .kind = TEXT,
      .tooltip = N_("The virtual network, bridge or host interface by name; empty for "
                    "user-mode networking") },
    { .key = "mac.address", .label = N_("_MAC address:"), .kind = TEXT,
      .tooltip = N_("The hardware address the guest sees; empty picks a new one") },
    { .key = "model.type", .label = N_("Device _model:"), .kind = OPEN_CHOICE,
      .choices = "virtio|e1000e|e1000|rtl8139", .default_value = "virtio",
      .tooltip = N_("The network card the guest sees; VirtIO is the fastest") },
    { .key = "link.state", .label = N_("_Link is up"), .kind = SWITCH, .choices = "up|down",
      .unset_value = "up", .default_value = "up",
      .tooltip = N_("Whether the virtual cable is plugged in") },
};

static const VireoFieldSpec graphics_fields[] = {
    { .key = "type", .label = N_("_Type:"), .kind = CHOICE, .choices = "spice|vnc",
      .default_value = "spice", .tooltip = N_("The remote display protocol: SPICE or VNC") },
    { .key = "listen", .label = N_("_Listen address:"), .kind = TEXT,
      .tooltip = N_("The address the display listens on; empty for the hypervisor's "
                    "default") },
    { .key = "port", .label = N_("_Port:"), .kind = TEXT,
      .tooltip = N_("The TCP port, or -1 to let libvirt choose a free one") },
    { .key = "password", .label = N_("Pass_word:"), .kind = TEXT,
      .tooltip = N_("A password a client must give to connect; empty for none") },
    { .key = "keymap", .label = N_("_Keymap:"), .kind = TEXT,
      .tooltip = N_("The keyboard layout of VNC clients (en-us, de, ...); empty for auto") },
    { .key = "gl.enable", .label = N_("_OpenGL"), .kind = SWITCH, .choices = "yes|no",
      .tooltip = N_("Render the display with the host's GPU (SPICE, local clients)") },
};

static const VireoFieldSpec video_fields[] = {
    { .key = "model.type", .label = N_("_Model:"), .kind = CHOICE,
      .choices = "virtio|qxl|vga|bochs|ramfb|cirrus|none", .default_value = "virtio",
      .tooltip = N_("The graphics card the guest sees") },
    { .key = "model.heads", .label = N_("_Heads:"), .kind = NUMBER, .min = 0, .max = 16,
      .tooltip = N_("How many monitors the card drives (0: the model's default)") },
    { .key = "model.vram", .label = N_("_Video RAM (KiB):"), .kind = NUMBER, .min = 0,
      .max = 1048576, .tooltip = N_("The card's video memory (0: the model's default)") },
    { .key = "model.acceleration.accel3d", .label = N_("_3D acceleration"), .kind = SWITCH,
      .choices = "yes|no", .tooltip = N_("Accelerate the guest's 3D drawing (VirtIO)") },
};

static const VireoFieldSpec sound_fields[] = {
    { .key = "model", .label = N_("_Model:"), .kind = CHOICE,
      .choices = "ich9|ich6|ac97|es1370|sb16|usb", .default_value = "ich9",
      .tooltip = N_("The sound card the guest sees") },
};

static const VireoFieldSpec input_fields[] = {
    { .key = "type", .label = N_("_Type:"), .kind = CHOICE,
      .choices = "tablet|mouse|keyboard|evdev", .default_value = "tablet",
      .tooltip = N_("A tablet follows the pointer without grabbing it") },
    { .key = "bus", .label = N_("_Bus:"), .kind = CHOICE, .choices = "|usb|ps2|virtio",
      .default_value = "usb", .tooltip = N_("How the device is attached") },
};

static const VireoFieldSpec serial_fields[] = {
    { .key = "type", .label = N_("Device _type:"), .kind = CHOICE,
      .choices = "pty|file|unix|tcp|udp|null|stdio|spicevmc|spiceport", .default_value = "pty",
      .tooltip = N_("Where the port's data goes on the host: a pseudo-terminal, a file, a "
                    "socket") },
    { .key = "source.path", .label = N_("Source _path:"), .kind = TEXT,
      .tooltip = N_("The file or socket path, for those types") },
    { .key = "target.type", .label = N_("T_arget type:"), .kind = CHOICE,
      .choices = "|isa-serial|usb-serial|pci-serial|system-serial",
      .tooltip = N_("The kind of port the guest sees") },
    { .key = "target.port", .label = N_("P_ort number:"), .kind = NUMBER, .min = 0, .max = 31,
      .tooltip = N_("The port's number in the guest") },
};

static const VireoFieldSpec parallel_fields[] = {
    { .key = "type", .label = N_("Device _type:"), .kind = CHOICE,
      .choices = "pty|file|unix|tcp|null", .default_value = "pty",
      .tooltip = N_("Where the port's data goes on the host") },
    { .key = "source.path", .label = N_("Source _path:"), .kind = TEXT,
      .tooltip = N_("The file or socket path, for those types") },
    { .key = "target.port", .label = N_("P_ort number:"), .kind = NUMBER, .min = 0, .max = 3,
      .tooltip = N_("The port's number in the guest") },
};

static const VireoFieldSpec console_fields[] = {
    { .key = "type", .label = N_("Device _type:"), .kind = CHOICE,
      .choices = "pty|file|unix|tcp|null|spicevmc", .default_value = "pty",
      .tooltip = N_("Where the console's data goes on the host") },
    { .key = "target.type", .label = N_("T_arget type:"), .kind = CHOICE,
      .choices = "|serial|virtio", .default_value = "virtio",
      .tooltip = N_("A serial port's console, or a VirtIO console (hvc)") },
    { .key = "source.path", .label = N_("Source _path:"), .kind = TEXT,
      .tooltip = N_("The file or socket path, for those types") },
};

static const VireoFieldSpec channel_fields[] = {
    { .key = "type", .label = N_("Device _type:"), .kind = CHOICE,
      .choices = "unix|spicevmc|pty|spiceport|qemu-vdagent", .default_value = "unix",
      .tooltip = N_("How the host end of the channel is made") },
    { .key = "target.type", .label = N_("T_arget type:"), .kind = CHOICE,
      .choices = "virtio|guestfwd", .default_value = "virtio",
      .tooltip = N_("A VirtIO serial channel, or a forwarded guest connection") },
    { .key = "target.name", .label = N_("_Name:"), .kind = OPEN_CHOICE,
      .choices = "org.qemu.guest_agent.0|com.redhat.spice.0|org.libguestfs.channel.0",
      .default_value = "org.qemu.guest_agent.0",
      .tooltip = N_("The name the guest finds the channel by: the guest agent's, SPICE's") },
    { .key = "source.path", .label = N_("Source _path:"), .kind = TEXT,
      .tooltip = N_("The socket path on the host; empty lets libvirt choose") },
};

static const VireoFieldSpec controller_fields[] = {
    { .key = "type", .label = N_("_Type:"), .kind = CHOICE,
      .choices = "usb|scsi|sata|ide|virtio-serial|pci|fdc|ccid", .default_value = "usb",
      .tooltip = N_("The kind of bus the controller drives") },
    { .key = "model", .label = N_("_Model:"), .kind = OPEN_CHOICE,
      .choices = "|qemu-xhci|ich9-ehci1|piix3-uhci|virtio-scsi|lsilogic|pcie-root-port",
      .tooltip = N_("The controller the guest sees; empty for the hypervisor's default") },
    { .key = "index", .label = N_("Index:"), .kind = INFO,
      .tooltip = N_("The controller's number among those of its type") },
    { .key = "ports", .label = N_("_Ports:"), .kind = NUMBER, .min = 0, .max = 64,
      .tooltip = N_("How many ports a USB controller has (0: the model's default)") },
};

static const VireoFieldSpec hostdev_fields[] = {
    { .key = "name", .label = N_("Host device:"), .kind = INFO,
      .tooltip = N_("The host's device given to the guest") },
    { .key = "type", .label = N_("Type:"), .kind = INFO,
      .tooltip = N_("A USB or PCI device") },
    { .key = "driver.name", .label = N_("_Driver:"), .kind = CHOICE, .choices = "|vfio|kvm",
      .tooltip = N_("How a PCI device is assigned; Default lets libvirt choose") },
};

static const VireoFieldSpec filesystem_fields[] = {
    { .key = "type", .label = N_("_Type:"), .kind = CHOICE,
      .choices = "mount|file|block|ram|bind", .default_value = "mount",
      .tooltip = N_("What is shared: a host directory (mount), an image, a block device") },
    { .key = "driver.type", .label = N_("_Driver:"), .kind = CHOICE,
      .choices = "|path|handle|virtiofs|loop|nbd", .default_value = "virtiofs",
      .tooltip = N_("How the share reaches the guest: virtiofs, or 9p (path, handle)") },
    { .key = "accessmode", .label = N_("_Access mode:"), .kind = CHOICE,
      .choices = "|passthrough|mapped|squash",
      .tooltip = N_("How file owners and permissions are mapped (9p)") },
    { .key = "source", .label = N_("_Source path:"), .kind = PATH,
      .tooltip = N_("The host directory or file shared with the guest") },
    { .key = "target", .label = N_("_Target path:"), .kind = TEXT,
      .tooltip = N_("The tag the guest mounts the share by") },
    { .key = "readonly", .label = N_("_Read-only"), .kind = SWITCH, .choices = "on|off",
      .tooltip = N_("The guest may read the share but not write to it") },
};

static const VireoFieldSpec tpm_fields[] = {
    { .key = "model", .label = N_("_Model:"), .kind = CHOICE,
      .choices = "tpm-crb|tpm-tis|spapr-tpm-proxy", .default_value = "tpm-crb",
      .tooltip = N_("The TPM interface the guest sees") },
    { .key = "backend.type", .label = N_("_Backend:"), .kind = CHOICE,
      .choices = "emulator|passthrough|external", .default_value = "emulator",
      .tooltip = N_("An emulated TPM (swtpm), or the host's own") },
    { .key = "backend.version", .label = N_("_Version:"), .kind = CHOICE,
      .choices = "|2.0|1.2", .default_value = "2.0",
      .tooltip = N_("The TPM version an emulated TPM implements") },
    { .key = "backend.device.path", .label = N_("_Device path:"), .kind = TEXT,
      .tooltip = N_("The host's TPM device, for passthrough") },
};

static const VireoFieldSpec rng_fields[] = {
    { .key = "backend.model", .label = N_("_Backend:"), .kind = CHOICE,
      .choices = "random|egd|builtin", .default_value = "random",
      .tooltip = N_("Where the entropy comes from: a host device, an EGD daemon, QEMU") },
    { .key = "backend", .label = N_("_Host device:"), .kind = TEXT,
      .default_value = "/dev/urandom",
      .tooltip = N_("The host's random device, for the random backend") },
    { .key = "rate.bytes", .label = N_("_Rate (bytes):"), .kind = NUMBER, .min = 0,
      .max = G_MAXINT, .tooltip = N_("At most this many bytes per period (0: no limit)") },
    { .key = "rate.period", .label = N_("Rate _period (ms):"), .kind = NUMBER, .min = 0,
      .max = G_MAXINT, .tooltip = N_("The period of the rate limit") },
};

static const VireoFieldSpec watchdog_fields[] = {
    { .key = "model", .label = N_("_Model:"), .kind = CHOICE,
      .choices = "i6300esb|ib700|diag288|itco", .default_value = "i6300esb",
      .tooltip = N_("The watchdog device the guest sees") },
    { .key = "action", .label = N_("_Action:"), .kind = CHOICE,
      .choices = "reset|shutdown|poweroff|pause|none|dump|inject-nmi", .default_value = "reset",
      .tooltip = N_("What happens when the guest stops feeding the watchdog") },
};

static const VireoFieldSpec memballoon_fields[] = {
    { .key = "model", .label = N_("_Model:"), .kind = CHOICE,
      .choices = "virtio|virtio-transitional|virtio-non-transitional|none",
      .default_value = "virtio",
      .tooltip = N_("The balloon device, through which the host changes the guest's "
                    "memory") },
    { .key = "autodeflate", .label = N_("_Deflate when the guest runs out of memory"),
      .kind = SWITCH, .choices = "on|off",
      .tooltip = N_("Give memory back to the guest before it runs out") },
    { .key = "stats.period", .label = N_("_Statistics period (s):"), .kind = NUMBER,
      .min = 0, .max = 3600,
      .tooltip = N_("How often the guest reports its memory use (0: never)") },
    { .key = "freePageReporting", .label = N_("_Free page reporting"), .kind = SWITCH,
      .choices = "on|off", .tooltip = N_("The guest tells the host which pages it freed") },
};

static const VireoFieldSpec smartcard_fields[] = {
    { .key = "mode", .label = N_("_Mode:"), .kind = CHOICE,
      .choices = "passthrough|host|host-certificates", .default_value = "passthrough",
      .tooltip = N_("Pass the client's card through, or use the host's") },
    { .key = "type", .label = N_("_Type:"), .kind = CHOICE, .choices = "|spicevmc|tcp",
      .default_value = "spicevmc", .tooltip = N_("How a passed-through card travels") },
};

static const VireoFieldSpec redirdev_fields[] = {
    { .key = "bus", .label = N_("_Bus:"), .kind = CHOICE, .choices = "usb",
      .default_value = "usb", .tooltip = N_("The bus redirected devices are attached to") },
    { .key = "type", .label = N_("_Type:"), .kind = CHOICE, .choices = "spicevmc|tcp",
      .default_value = "spicevmc",
      .tooltip = N_("SPICE redirects the USB devices of the console's computer") },
};

static const VireoFieldSpec panic_fields[] = {
    { .key = "model", .label = N_("_Model:"), .kind = CHOICE,
      .choices = "isa|pvpanic|hyperv|pseries|s390", .default_value = "isa",
      .tooltip = N_("The device through which the guest reports a kernel panic") },
};

static const VireoFieldSpec vsock_fields[] = {
    { .key = "model", .label = N_("_Model:"), .kind = CHOICE,
      .choices = "virtio|virtio-transitional|virtio-non-transitional",
      .default_value = "virtio", .tooltip = N_("The VSOCK device the guest sees") },
    { .key = "cid.auto", .label = N_("_Choose the guest's address automatically"),
      .kind = SWITCH, .choices = "yes|no", .default_value = "yes",
      .tooltip = N_("Let libvirt pick a free context ID") },
    { .key = "cid.address", .label = N_("Guest _CID:"), .kind = NUMBER, .min = 0,
      .max = G_MAXINT, .tooltip = N_("The guest's VSOCK address (3 or more)") },
};

#define KIND(var, option, title, icon, fields)                                  \
    static const VireoDeviceKind var = { option, title, icon, fields, G_N_ELEMENTS (fields) }

KIND (kind_disk, "disk", N_("Storage"), "drive-harddisk-symbolic", disk_fields);
KIND (kind_controller, "controller", N_("Controller"), "media-flash-symbolic",
      controller_fields);
KIND (kind_network, "network", N_("Network"), "network-wired-symbolic", network_fields);
KIND (kind_input, "input", N_("Input"), "input-mouse-symbolic", input_fields);
KIND (kind_graphics, "graphics", N_("Graphics"), "video-display-symbolic", graphics_fields);
KIND (kind_sound, "sound", N_("Sound"), "audio-card-symbolic", sound_fields);
KIND (kind_serial, "serial", N_("Serial"), "utilities-terminal-symbolic", serial_fields);
KIND (kind_parallel, "parallel", N_("Parallel"), "printer-symbolic", parallel_fields);
KIND (kind_console, "console", N_("Console"), "utilities-terminal-symbolic", console_fields);
KIND (kind_channel, "channel", N_("Channel"), "mail-send-receive-symbolic", channel_fields);
KIND (kind_hostdev, "hostdev", N_("Host Device"), "drive-removable-media-symbolic",
      hostdev_fields);
KIND (kind_video, "video", N_("Video"), "video-display-symbolic", video_fields);
KIND (kind_watchdog, "watchdog", N_("Watchdog"), "alarm-symbolic", watchdog_fields);
KIND (kind_filesystem, "filesystem", N_("Filesystem"), "folder-remote-symbolic",
      filesystem_fields);
KIND (kind_smartcard, "smartcard", N_("Smartcard"), "auth-smartcard-symbolic",
      smartcard_fields);
KIND (kind_redirdev, "redirdev", N_("USB Redirection"), "media-removable-symbolic",
      redirdev_fields);
KIND (kind_tpm, "tpm", N_("TPM"), "security-high-symbolic", tpm_fields);
KIND (kind_rng, "rng", N_("Random Number Generator"), "dialog-password-symbolic",
      rng_fields);
KIND (kind_panic, "panic", N_("Panic Notifier"), "dialog-warning-symbolic", panic_fields);
KIND (kind_vsock, "vsock", N_("VirtIO VSOCK"), "network-transmit-receive-symbolic",
      vsock_fields);
KIND (kind_memballoon, "memballoon", N_("Memory Balloon"), "media-memory-symbolic",
      memballoon_fields);

static const VireoDeviceKind *const device_kinds[] = {
    &kind_disk, &kind_controller, &kind_network, &kind_input, &kind_graphics, &kind_sound,
    &kind_serial, &kind_parallel, &kind_console, &kind_channel, &kind_hostdev, &kind_video,
    &kind_watchdog, &kind_filesystem, &kind_smartcard, &kind_redirdev, &kind_tpm, &kind_rng,
    &kind_panic, &kind_vsock, &kind_memballoon,
};

/* ---------------------------------------------------------------- sections */

static const VireoFieldSpec vcpus_fields[] = {
    { .key = "vcpu", .label = N_("_Maximum vCPUs:"), .kind = NUMBER, .min = 1, .max = 4096,
      .size_field = VIREO_SIZE_FIELD_MAX_VCPUS,
      .tooltip = N_("How many virtual CPUs the guest can have (changes after the next "
                    "shutdown)") },
    { .key = "vcpu.current", .label = N_("_Current vCPUs:"), .kind = NUMBER, .min = 1,
      .max = 4096, .fallback_key = "vcpu", .size_field = VIREO_SIZE_FIELD_CURRENT_VCPUS,
      .max_key = "vcpu",
      .tooltip = N_("How many of them are plugged in; a running guest can get more up to "
                    "the maximum") },
};

static const VireoFieldSpec cpu_fields[] = {
    { .key = "mode", .label = N_("Configuration _mode:"), .kind = CHOICE,
      .choices = "|host-passthrough|host-model|custom|maximum",
      .tooltip = N_("Pass the host's CPU through, copy its model, or name a model; Default "
                    "lets the hypervisor choose") },
    { .key = "model", .label = N_("CPU _model:"), .kind = OPEN_CHOICE,
      .choices = "|qemu64|Haswell|Skylake-Client|Icelake-Server|EPYC|core2duo",
      .tooltip = N_("The CPU model of the custom mode") },
};

/* Written all three together: libvirt wants the whole topology. */
static const VireoFieldSpec topology_fields[] = {
    { .key = "topology.sockets", .label = N_("_Sockets:"), .kind = NUMBER, .min = 1,
      .max = 1024, .tooltip = N_("CPU sockets the guest sees") },
    { .key = "topology.cores", .label = N_("C_ores:"), .kind = NUMBER, .min = 1, .max = 1024,
      .tooltip = N_("Cores per socket") },
    { .key = "topology.threads", .label = N_("_Threads:"), .kind = NUMBER, .min = 1,
      .max = 1024, .tooltip = N_("Threads per core") },
};

static const VireoFieldSpec memory_fields[] = {
    { .key = "currentMemory", .label = N_("_Current allocation (MiB):"), .kind = NUMBER,
      .min = 1, .max = 16777216, .fallback_key = "memory",
      .size_field = VIREO_SIZE_FIELD_CURRENT_MEMORY_MIB, .max_key = "maxmemory",
      .tooltip = N_("The memory the guest has now; a running guest gives back or takes "
                    "memory through its balloon") },
    { .key = "maxmemory", .read_key = "memory", .label = N_("_Maximum allocation (MiB):"),
      .kind = NUMBER, .min = 1, .max = 16777216, .size_field = VIREO_SIZE_FIELD_MAX_MEMORY_MIB,
      .tooltip = N_("The most memory the guest can have (changes after the next shutdown)") },
};

static const VireoFieldSpec boot_fields[] = {
    { .key = "boot0.dev", .label = N_("_First boot device:"), .kind = CHOICE,
      .choices = "|hd|cdrom|network|fd",
      .tooltip = N_("The device the firmware boots from first") },
    { .key = "boot1.dev", .label = N_("_Second boot device:"), .kind = CHOICE,
      .choices = "|hd|cdrom|network|fd",
      .tooltip = N_("The device tried when the first does not boot") },
    { .key = "boot2.dev", .label = N_("_Third boot device:"), .kind = CHOICE,
      .choices = "|hd|cdrom|network|fd",
      .tooltip = N_("The device tried after the second") },
    { .key = "bootmenu.enable", .label = N_("Show the boot _menu"), .kind = SWITCH,
      .choices = "yes|no", .tooltip = N_("The firmware offers a choice of boot device") },
    { .key = "kernel", .label = N_("_Kernel path:"), .kind = PATH,
      .tooltip = N_("Boot this kernel directly instead of from a disk") },
    { .key = "initrd", .label = N_("_Initrd path:"), .kind = PATH,
      .tooltip = N_("The initial RAM disk of the direct kernel boot") },
    { .key = "cmdline", .label = N_("Kernel _arguments:"), .kind = TEXT,
      .tooltip = N_("The command line of the direct kernel boot") },
};

static const VireoFieldSpec metadata_fields[] = {
    { .key = "name", .label = N_("_Name:"), .kind = TEXT,
      .tooltip = N_("The virtual machine's name; it can be changed while it is shut off") },
    { .key = "title", .label = N_("_Title:"), .kind = TEXT,
      .tooltip = N_("A short description shown in the list") },
    { .key = "description", .label = N_("_Description:"), .kind = TEXT,
      .tooltip = N_("Notes about the virtual machine") },
};

static const struct {
    const char           *option;
    const VireoFieldSpec *fields;
    guint                 n_fields;
} section_fields[] = {
    { "vcpus", vcpus_fields, G_N_ELEMENTS (vcpus_fields) },
    { "cpu", cpu_fields, G_N_ELEMENTS (cpu_fields) },
    { "cpu-topology", topology_fields, G_N_ELEMENTS (topology_fields) },
    { "memory", memory_fields, G_N_ELEMENTS (memory_fields) },
    { "boot", boot_fields, G_N_ELEMENTS (boot_fields) },
    { "metadata", metadata_fields, G_N_ELEMENTS (metadata_fields) },
};

/* ------------------------------------------------------------ naming */

static char *
value_of (VireoDomainEditor *editor,
          const char        *option,
          int                index,
          const char        *key)
{
    return vireo_domain_editor_dup_value (editor, option, index, key);
}

static const char *
bus_label (const char *bus)
{
    static const struct {
        const char *bus;
        const char *label;
    } buses[] = {
        { "virtio", "VirtIO" }, { "sata", "SATA" }, { "scsi", "SCSI" }, { "ide", "IDE" },
        { "usb", "USB" }, { "fdc", "Floppy" }, { "xen", "Xen" }, { "sd", "SD" },
        { "ps2", "PS/2" },
    };

    for (guint i = 0; bus != NULL && i < G_N_ELEMENTS (buses); i++) {
        if (g_str_equal (bus, buses[i].bus))
            return buses[i].label;
    }
    return NULL;
}

/* "Tablet", "Serial" */
static char *
capitalized (const char *word)
{
    if (word == NULL || *word == '\0')
        return g_strdup ("");
    return g_strdup_printf ("%c%s", g_ascii_toupper (word[0]), word + 1);
}

/* The name of one device without a number of its own; *@numbered says
 * whether names of its kind are numbered ("VirtIO Disk 1"). */
static char *
base_title (VireoDomainEditor *editor,
            const char        *option,
            int                index,
            gboolean          *numbered)
{
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    *numbered = FALSE;
    if (g_str_equal (option, "disk")) {
        const char *bus;

        a = value_of (editor, option, index, "device");
        b = value_of (editor, option, index, "target.bus");
        *numbered = TRUE;
        if (g_strcmp0 (a, "cdrom") == 0)
            return g_strdup (_("CDROM"));
        if (g_strcmp0 (a, "floppy") == 0)
            return g_strdup (_("Floppy"));
        bus = bus_label (b);
        /* TRANSLATORS: a disk on a bus: "VirtIO Disk", "SATA Disk" */
        return bus != NULL ? g_strdup_printf (_("%s Disk"), bus) : g_strdup (_("Disk"));
    }
    if (g_str_equal (option, "network")) {
        a = value_of (editor, option, index, "mac.address");
        if (a != NULL && strlen (a) >= 9)
            return g_strdup_printf (_("NIC %s"), a + strlen (a) - 9);
        *numbered = TRUE;
        return g_strdup (_("NIC"));
    }
    if (g_str_equal (option, "graphics")) {
        a = value_of (editor, option, index, "type");
        b = a != NULL ? g_ascii_strup (a, -1) : g_strdup ("");
        return g_strdup_printf (_("Display %s"), b);
    }
    if (g_str_equal (option, "sound")) {
        a = value_of (editor, option, index, "model");
        return g_strdup_printf (_("Sound %s"), a != NULL ? a : "");
    }
    if (g_str_equal (option, "video")) {
        a = value_of (editor, option, index, "model.type");
        b = a != NULL ? (g_str_equal (a, "virtio") ? g_strdup ("Virtio")
                                                   : g_ascii_strup (a, -1)) : NULL;
        return g_strdup_printf (_("Video %s"), b != NULL ? b : "");
    }
    if (g_str_equal (option, "input")) {
        const char *bus;
        g_autofree char *type = NULL;

        a = value_of (editor, option, index, "type");
        b = value_of (editor, option, index, "bus");
        type = capitalized (a);
        bus = bus_label (b);
        return bus != NULL ? g_strdup_printf ("%s %s", bus, type) : g_steal_pointer (&type);
    }
    if (g_str_equal (option, "channel")) {
        a = value_of (editor, option, index, "target.name");
        if (g_strcmp0 (a, "org.qemu.guest_agent.0") == 0)
            return g_strdup (_("Channel qemu-ga"));
        if (g_strcmp0 (a, "com.redhat.spice.0") == 0)
            return g_strdup (_("Channel spice"));
        return a != NULL ? g_strdup_printf (_("Channel %s"), a) : g_strdup (_("Channel"));
    }
    if (g_str_equal (option, "controller")) {
        g_autofree char *type = NULL;

        a = value_of (editor, option, index, "type");
        b = value_of (editor, option, index, "index");
        type = g_strcmp0 (a, "virtio-serial") == 0 ? g_strdup ("VirtIO Serial")
               : bus_label (a) != NULL ? g_strdup (bus_label (a))
               : a != NULL ? g_ascii_strup (a, -1) : g_strdup ("");
        return g_strdup_printf (_("Controller %s %s"), type, b != NULL ? b : "0");
    }
    if (g_str_equal (option, "hostdev")) {
        g_autofree char *type = NULL;

        a = value_of (editor, option, index, "type");
        b = value_of (editor, option, index, "name");
        type = a != NULL ? g_ascii_strup (a, -1) : g_strdup (_("Host Device"));
        return g_strdup_printf ("%s %s", type, b != NULL ? b : "");
    }
    if (g_str_equal (option, "filesystem")) {
        a = value_of (editor, option, index, "target");
        return g_strdup_printf (_("Filesystem %s"), a != NULL ? a : "");
    }
    if (g_str_equal (option, "tpm")) {
        a = value_of (editor, option, index, "backend.version");
        return a != NULL ? g_strdup_printf (_("TPM v%s"), a) : g_strdup (_("TPM"));
    }
    if (g_str_equal (option, "rng")) {
        a = value_of (editor, option, index, "backend");
        return a != NULL ? g_strdup_printf (_("RNG %s"), a) : g_strdup (_("RNG"));
    }
    if (g_str_equal (option, "serial") || g_str_equal (option, "parallel") ||
        g_str_equal (option, "console") || g_str_equal (option, "redirdev")) {
        *numbered = TRUE;
        if (g_str_equal (option, "redirdev"))
            return g_strdup (_("USB Redirector"));
        return capitalized (_(vireo_device_kind_lookup (option)->title));
    }
    return g_strdup (_(vireo_device_kind_lookup (option)->title));
}

/* ------------------------------------------------------------ public API */

const VireoDeviceKind *const *
vireo_device_kinds (guint *n_kinds)
{
    if (n_kinds != NULL)
        *n_kinds = G_N_ELEMENTS (device_kinds);
    return device_kinds;
}

const VireoDeviceKind *
vireo_device_kind_lookup (const char *option)
{
    for (guint i = 0; option != NULL && i < G_N_ELEMENTS (device_kinds); i++) {
        if (g_str_equal (device_kinds[i]->option, option))
            return device_kinds[i];
    }
    return NULL;
}

const VireoFieldSpec *
vireo_section_fields (const char *option,
                      guint      *n_fields)
{
    for (guint i = 0; option != NULL && i < G_N_ELEMENTS (section_fields); i++) {
        if (g_str_equal (section_fields[i].option, option)) {
            *n_fields = section_fields[i].n_fields;
            return section_fields[i].fields;
        }
    }
    *n_fields = 0;
    return NULL;
}

GPtrArray *
vireo_device_list_titles (VireoDomainEditor *editor,
                          GPtrArray         *devices)
{
    g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (editor), titles);
    g_return_val_if_fail (devices != NULL, titles);

    for (guint i = 0; i < devices->len; i++) {
        VireoDomainEditorDevice *device = devices->pdata[i];
        gboolean numbered = FALSE;
        g_autofree char *base = base_title (editor, device->option, (int) device->index,
                                            &numbered);
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, base)) + 1;

        g_hash_table_insert (counts, g_strdup (base), GUINT_TO_POINTER (count));
        if (numbered || count > 1)
            g_ptr_array_add (titles, g_strdup_printf ("%s %u", base, count));
        else
            g_ptr_array_add (titles, g_steal_pointer (&base));
    }
    return titles;
}

const char *
vireo_device_icon_name (VireoDomainEditor *editor,
                        const char        *option,
                        int                index)
{
    const VireoDeviceKind *kind = vireo_device_kind_lookup (option);

    if (g_strcmp0 (option, "disk") == 0) {
        g_autofree char *device = vireo_domain_editor_dup_value (editor, option, index, "device");

        if (g_strcmp0 (device, "cdrom") == 0)
            return "media-optical-symbolic";
        if (g_strcmp0 (device, "floppy") == 0)
            return "media-floppy-symbolic";
    }
    if (g_strcmp0 (option, "input") == 0) {
        g_autofree char *type = vireo_domain_editor_dup_value (editor, option, index, "type");

        if (g_strcmp0 (type, "keyboard") == 0)
            return "input-keyboard-symbolic";
        if (g_strcmp0 (type, "tablet") == 0)
            return "input-tablet-symbolic";
    }
    return kind != NULL ? kind->icon_name : "application-x-firmware-symbolic";
}
