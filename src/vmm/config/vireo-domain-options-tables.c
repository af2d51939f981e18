/* vireo-domain-options-tables.c: every compound option and its sub-options
 *
 * Names and aliases are virt-install's (virt-xml reads the same ones).
 * Kinds: SUB_STR a plain value, SUB_YESNO/SUB_ONOFF an on/off value written
 * yes/no or on/off, SUB_PRESENCE an element that is there or not, SUB_MIB a
 * size in MiB written in KiB, SUB_CODE written by code (path: where it is
 * read), SUB_NONE no place in the XML.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-options-private.h"

#define CC VIREO_SUBOPTION_CAN_COMMA
#define BARE VIREO_SUBOPTION_BARE
#define END { NULL, NULL, NULL, 0, 0 }

/* ------------------------------------------------------- shared by devices */

static const Subopt address_subs[] = {
    { "address.type", NULL, "address/@type", SUB_STR, 0 },
    { "address.domain", NULL, "address/@domain", SUB_STR, 0 },
    { "address.bus", NULL, "address/@bus", SUB_STR, 0 },
    { "address.slot", NULL, "address/@slot", SUB_STR, 0 },
    { "address.function", NULL, "address/@function", SUB_STR, 0 },
    { "address.multifunction", NULL, "address/@multifunction", SUB_ONOFF, 0 },
    { "address.controller", NULL, "address/@controller", SUB_STR, 0 },
    { "address.unit", NULL, "address/@unit", SUB_STR, 0 },
    { "address.port", NULL, "address/@port", SUB_STR, 0 },
    { "address.target", NULL, "address/@target", SUB_STR, 0 },
    { "address.reg", NULL, "address/@reg", SUB_STR, 0 },
    { "address.cssid", NULL, "address/@cssid", SUB_STR, 0 },
    { "address.ssid", NULL, "address/@ssid", SUB_STR, 0 },
    { "address.devno", NULL, "address/@devno", SUB_STR, 0 },
    { "address.iobase", NULL, "address/@iobase", SUB_STR, 0 },
    { "address.irq", NULL, "address/@irq", SUB_STR, 0 },
    { "address.base", NULL, "address/@base", SUB_STR, 0 },
    { "address.zpci.uid", NULL, "address/zpci/@uid", SUB_STR, 0 },
    { "address.zpci.fid", NULL, "address/zpci/@fid", SUB_STR, 0 },
    { "alias.name", NULL, "alias/@name", SUB_STR, 0 },
    END
};

static const Subopt virtio_subs[] = {
    { "driver.ats", NULL, "driver/@ats", SUB_ONOFF, 0 },
    { "driver.iommu", NULL, "driver/@iommu", SUB_ONOFF, 0 },
    { "driver.packed", NULL, "driver/@packed", SUB_ONOFF, 0 },
    { "driver.page_per_vq", NULL, "driver/@page_per_vq", SUB_ONOFF, 0 },
    END
};

/* boot.order moves the other devices' orders (code); loadparm is plain. */
static const Subopt boot_order_subs[] = {
    { "boot.order", "boot_order", "boot/@order", SUB_CODE, 0 },
    { "boot.loadparm", NULL, "boot/@loadparm", SUB_STR, 0 },
    END
};

/* Character device sources: serial, parallel, console, channel, smartcard,
 * redirdev. */
static const Subopt char_source_subs[] = {
    { "source.path", "path", "source/@path", SUB_STR, 0 },
    { "source.host", NULL, "source/@host", SUB_CODE, 0 },
    { "source.service", NULL, "source/@service", SUB_STR, 0 },
    { "source.bind_host", "bind_host", "source[mode=bind]/@host", SUB_STR, 0 },
    { "source.bind_service", NULL, "source[mode=bind]/@service", SUB_STR, 0 },
    { "source.connect_host", NULL, "source[mode=connect]/@host", SUB_STR, 0 },
    { "source.connect_service", NULL, "source[mode=connect]/@service", SUB_STR, 0 },
    { "source.mode", "mode", "source/@mode", SUB_STR, 0 },
    { "source.master", NULL, "source/@master", SUB_STR, 0 },
    { "source.slave", NULL, "source/@slave", SUB_STR, 0 },
    { "source.channel", NULL, "source/@channel", SUB_STR, 0 },
    { "source.tls", NULL, "source/@tls", SUB_YESNO, 0 },
    { "source.clipboard.copypaste", NULL, "source/clipboard/@copypaste", SUB_YESNO, 0 },
    { "source.mouse.mode", NULL, "source/mouse/@mode", SUB_STR, 0 },
    { "source.seclabel[0-9]*.model", NULL, "source/seclabel#/@model", SUB_STR, 0 },
    { "source.seclabel[0-9]*.relabel", NULL, "source/seclabel#/@relabel", SUB_YESNO, 0 },
    { "source.seclabel[0-9]*.label", NULL, "source/seclabel#/label", SUB_STR, CC },
    { "protocol.type", "protocol", "protocol/@type", SUB_STR, 0 },
    { "log.file", NULL, "log/@file", SUB_STR, 0 },
    { "log.append", NULL, "log/@append", SUB_ONOFF, 0 },
    END
};

/* ------------------------------------------------------------ the sections */

static const Subopt metadata_subs[] = {
    { "name", NULL, "name", SUB_CODE, CC },
    { "title", NULL, "title", SUB_STR, CC },
    { "uuid", NULL, "uuid", SUB_STR, 0 },
    { "genid", NULL, "genid", SUB_STR, 0 },
    { "genid_enable", NULL, "genid", SUB_PRESENCE, 0 },
    { "description", NULL, "description", SUB_STR, CC },
    { "os_name", NULL, NULL, SUB_CODE, 0 },
    { "os_full_id", NULL, NULL, SUB_CODE, 0 },
    END
};

static const Subopt events_subs[] = {
    { "on_poweroff", NULL, "on_poweroff", SUB_STR, 0 },
    { "on_reboot", NULL, "on_reboot", SUB_STR, 0 },
    { "on_crash", NULL, "on_crash", SUB_STR, 0 },
    { "on_lockfailure", NULL, "on_lockfailure", SUB_STR, 0 },
    END
};

/* "memory" and "maxmemory" are renamed by code first (their old meanings). */
static const Subopt memory_subs[] = {
    { "memory", NULL, "memory", SUB_MIB, 0 },
    { "currentMemory", NULL, "currentMemory", SUB_MIB, 0 },
    { "maxMemory", "hotplugmemorymax", "maxMemory", SUB_MIB, 0 },
    { "maxMemory.slots", "hotplugmemoryslots", "maxMemory/@slots", SUB_STR, 0 },
    { "maxmemory", NULL, NULL, SUB_NONE, 0 },
    { "hugepages", NULL, "memoryBacking/hugepages", SUB_PRESENCE, 0 },
    END
};

static const Subopt vcpu_subs[] = {
    { "vcpu", NULL, "vcpu", SUB_STR, 0 },
    { "vcpus", NULL, NULL, SUB_NONE, 0 },
    { "maxvcpus", NULL, NULL, SUB_NONE, 0 },
    { "vcpu.current", NULL, "vcpu/@current", SUB_STR, 0 },
    { "sockets", NULL, "cpu/topology/@sockets", SUB_STR, 0 },
    { "dies", NULL, "cpu/topology/@dies", SUB_STR, 0 },
    { "cores", NULL, "cpu/topology/@cores", SUB_STR, 0 },
    { "threads", NULL, "cpu/topology/@threads", SUB_STR, 0 },
    { "cpuset", NULL, NULL, SUB_NONE, CC },
    { "vcpu.cpuset", NULL, "vcpu/@cpuset", SUB_CODE, CC },
    { "vcpu.placement", "placement", "vcpu/@placement", SUB_STR, 0 },
    { "vcpus.vcpu[0-9]*.id", NULL, "vcpus/vcpu#/@id", SUB_STR, 0 },
    { "vcpus.vcpu[0-9]*.enabled", NULL, "vcpus/vcpu#/@enabled", SUB_YESNO, 0 },
    { "vcpus.vcpu[0-9]*.hotpluggable", NULL, "vcpus/vcpu#/@hotpluggable", SUB_YESNO, 0 },
    { "vcpus.vcpu[0-9]*.order", NULL, "vcpus/vcpu#/@order", SUB_STR, 0 },
    END
};

/* Feature policies are bare names after the policy ("force=vmx"); "+vmx"
 * and "-svm" are turned into those by code. */
static const Subopt cpu_subs[] = {
    { "model", NULL, "model", SUB_CODE, 0 },
    { "secure", NULL, NULL, SUB_NONE, 0 },
    { "model.fallback", NULL, "model/@fallback", SUB_STR, 0 },
    { "model.vendor_id", NULL, "model/@vendor_id", SUB_STR, 0 },
    { "vendor", NULL, "vendor", SUB_STR, 0 },
    { "mode", NULL, "@mode", SUB_STR, 0 },
    { "match", NULL, "@match", SUB_STR, 0 },
    { "check", NULL, "@check", SUB_STR, 0 },
    { "migratable", NULL, "@migratable", SUB_ONOFF, 0 },
    { "topology.sockets", NULL, "topology/@sockets", SUB_STR, 0 },
    { "topology.dies", NULL, "topology/@dies", SUB_STR, 0 },
    { "topology.cores", NULL, "topology/@cores", SUB_STR, 0 },
    { "topology.threads", NULL, "topology/@threads", SUB_STR, 0 },
    { "cache.level", NULL, "cache/@level", SUB_STR, 0 },
    { "cache.mode", NULL, "cache/@mode", SUB_STR, 0 },
    { "force", NULL, NULL, SUB_CODE, 0 },
    { "require", NULL, NULL, SUB_CODE, 0 },
    { "optional", NULL, NULL, SUB_CODE, 0 },
    { "disable", NULL, NULL, SUB_CODE, 0 },
    { "forbid", NULL, NULL, SUB_CODE, 0 },
    { "numa.cell[0-9]*.id", "cell[0-9]*.id", "numa/cell#/@id", SUB_STR, 0 },
    { "numa.cell[0-9]*.cpus", "cell[0-9]*.cpus", "numa/cell#/@cpus", SUB_STR, CC },
    { "numa.cell[0-9]*.memory", "cell[0-9]*.memory", "numa/cell#/@memory", SUB_STR, 0 },
    { "numa.cell[0-9]*.unit", NULL, "numa/cell#/@unit", SUB_STR, 0 },
    { "numa.cell[0-9]*.memAccess", NULL, "numa/cell#/@memAccess", SUB_STR, 0 },
    { "numa.cell[0-9]*.discard", NULL, "numa/cell#/@discard", SUB_YESNO, 0 },
    { "numa.cell[0-9]*.distances.sibling[0-9]*.id", "cell[0-9]*.distances.sibling[0-9]*.id",
      "numa/cell#/distances/sibling#/@id", SUB_STR, 0 },
    { "numa.cell[0-9]*.distances.sibling[0-9]*.value",
      "cell[0-9]*.distances.sibling[0-9]*.value",
      "numa/cell#/distances/sibling#/@value", SUB_STR, 0 },
    END
};

static const Subopt boot_subs[] = {
    { "hd", NULL, NULL, SUB_CODE, BARE },
    { "cdrom", NULL, NULL, SUB_CODE, BARE },
    { "fd", NULL, NULL, SUB_CODE, BARE },
    { "network", NULL, NULL, SUB_CODE, BARE },
    { "uefi", NULL, NULL, SUB_CODE, BARE },
    { "refresh-machine-type", NULL, NULL, SUB_NONE, 0 },
    { "os_type", NULL, "type", SUB_STR, 0 },
    { "arch", NULL, "type/@arch", SUB_STR, 0 },
    { "machine", NULL, "type/@machine", SUB_STR, 0 },
    { "domain_type", NULL, NULL, SUB_CODE, 0 },
    { "emulator", NULL, NULL, SUB_CODE, 0 },
    { "bootloader", NULL, NULL, SUB_CODE, 0 },
    { "bootloader_args", NULL, NULL, SUB_CODE, 0 },
    { "loader", NULL, "loader", SUB_STR, 0 },
    { "loader.readonly", "loader_ro", "loader/@readonly", SUB_YESNO, 0 },
    { "loader.type", "loader_type", "loader/@type", SUB_STR, 0 },
    { "loader.secure", "loader_secure", "loader/@secure", SUB_YESNO, 0 },
    { "firmware", NULL, "@firmware", SUB_STR, 0 },
    { "firmware.feature[0-9]*.enabled", NULL, "firmware/feature#/@enabled", SUB_YESNO, 0 },
    { "firmware.feature[0-9]*.name", NULL, "firmware/feature#/@name", SUB_STR, 0 },
    { "nvram", NULL, "nvram", SUB_STR, 0 },
    { "nvram.template", "nvram_template", "nvram/@template", SUB_STR, 0 },
    { "boot[0-9]*.dev", NULL, "boot#/@dev", SUB_STR, 0 },
    { "bootmenu.enable", "menu", "bootmenu/@enable", SUB_YESNO, 0 },
    { "bootmenu.timeout", NULL, "bootmenu/@timeout", SUB_STR, 0 },
    { "bios.useserial", "useserial", "bios/@useserial", SUB_YESNO, 0 },
    { "bios.rebootTimeout", "rebootTimeout", "bios/@rebootTimeout", SUB_STR, 0 },
    { "smbios.mode", "smbios_mode", "smbios/@mode", SUB_STR, 0 },
    { "kernel", NULL, "kernel", SUB_STR, 0 },
    { "initrd", NULL, "initrd", SUB_STR, 0 },
    { "cmdline", "extra_args kernel_args", "cmdline", SUB_STR, CC },
    { "dtb", NULL, "dtb", SUB_STR, 0 },
    { "acpi.table", NULL, "acpi/table", SUB_STR, 0 },
    { "acpi.table.type", NULL, "acpi/table/@type", SUB_STR, 0 },
    { "init", NULL, "init", SUB_STR, 0 },
    { "initargs", NULL, NULL, SUB_CODE, 0 },
    { "initarg[0-9]*", NULL, "initarg#", SUB_STR, 0 },
    { "initenv[0-9]*", NULL, "initenv#", SUB_STR, 0 },
    { "initenv[0-9]*.name", NULL, "initenv#/@name", SUB_STR, 0 },
    { "initdir", NULL, "initdir", SUB_STR, 0 },
    { "inituser", NULL, "inituser", SUB_STR, 0 },
    { "initgroup", NULL, "initgroup", SUB_STR, 0 },
    END
};

static const Subopt features_subs[] = {
    { "acpi", NULL, "acpi", SUB_PRESENCE, 0 },
    { "apic", NULL, "apic", SUB_PRESENCE, 0 },
    { "pae", NULL, "pae", SUB_PRESENCE, 0 },
    { "privnet", NULL, "privnet", SUB_PRESENCE, 0 },
    { "hap", NULL, "hap", SUB_PRESENCE, 0 },
    { "viridian", NULL, "viridian", SUB_PRESENCE, 0 },
    { "apic.eoi", "eoi", "apic/@eoi", SUB_ONOFF, 0 },
    { "pmu.state", "pmu", "pmu/@state", SUB_ONOFF, 0 },
    { "hyperv.reset.state", "hyperv_reset", "hyperv/reset/@state", SUB_ONOFF, 0 },
    { "hyperv.vapic.state", "hyperv_vapic", "hyperv/vapic/@state", SUB_ONOFF, 0 },
    { "hyperv.relaxed.state", "hyperv_relaxed", "hyperv/relaxed/@state", SUB_ONOFF, 0 },
    { "hyperv.spinlocks.state", "hyperv_spinlocks", "hyperv/spinlocks/@state", SUB_ONOFF, 0 },
    { "hyperv.spinlocks.retries", "hyperv_spinlocks_retries", "hyperv/spinlocks/@retries",
      SUB_STR, 0 },
    { "hyperv.synic.state", "hyperv_synic", "hyperv/synic/@state", SUB_ONOFF, 0 },
    { "vmport.state", "vmport", "vmport/@state", SUB_ONOFF, 0 },
    { "kvm.hidden.state", "kvm_hidden", "kvm/hidden/@state", SUB_ONOFF, 0 },
    { "kvm.hint-dedicated.state", NULL, "kvm/hint-dedicated/@state", SUB_ONOFF, 0 },
    { "kvm.poll-control.state", NULL, "kvm/poll-control/@state", SUB_ONOFF, 0 },
    { "pvspinlock.state", "pvspinlock", "pvspinlock/@state", SUB_ONOFF, 0 },
    { "gic.version", "gic_version", "gic/@version", SUB_STR, 0 },
    { "smm.state", "smm", "smm/@state", SUB_ONOFF, 0 },
    { "vmcoreinfo.state", "vmcoreinfo", "vmcoreinfo/@state", SUB_ONOFF, 0 },
    { "ioapic.driver", NULL, "ioapic/@driver", SUB_STR, 0 },
    END
};

static const Subopt clock_subs[] = {
    { "offset", NULL, "@offset", SUB_STR, 0 },
    { "pit_tickpolicy", NULL, "timer[name=pit]/@tickpolicy", SUB_STR, 0 },
    { "rtc_tickpolicy", NULL, "timer[name=rtc]/@tickpolicy", SUB_STR, 0 },
    { "platform_present", NULL, "timer[name=platform]/@present", SUB_YESNO, 0 },
    { "pit_present", NULL, "timer[name=pit]/@present", SUB_YESNO, 0 },
    { "rtc_present", NULL, "timer[name=rtc]/@present", SUB_YESNO, 0 },
    { "hpet_present", NULL, "timer[name=hpet]/@present", SUB_YESNO, 0 },
    { "tsc_present", NULL, "timer[name=tsc]/@present", SUB_YESNO, 0 },
    { "kvmclock_present", NULL, "timer[name=kvmclock]/@present", SUB_YESNO, 0 },
    { "hypervclock_present", NULL, "timer[name=hypervclock]/@present", SUB_YESNO, 0 },
    { "platform_tickpolicy", NULL, NULL, SUB_NONE, 0 },
    { "hpet_tickpolicy", NULL, NULL, SUB_NONE, 0 },
    { "tsc_tickpolicy", NULL, NULL, SUB_NONE, 0 },
    { "kvmclock_tickpolicy", NULL, NULL, SUB_NONE, 0 },
    { "hypervclock_tickpolicy", NULL, NULL, SUB_NONE, 0 },
    { "timer[0-9]*.name", NULL, "timer#/@name", SUB_STR, 0 },
    { "timer[0-9]*.present", NULL, "timer#/@present", SUB_YESNO, 0 },
    { "timer[0-9]*.tickpolicy", NULL, "timer#/@tickpolicy", SUB_STR, 0 },
    { "timer[0-9]*.track", NULL, "timer#/@track", SUB_STR, 0 },
    { "timer[0-9]*.mode", NULL, "timer#/@mode", SUB_STR, 0 },
    { "timer[0-9]*.frequency", NULL, "timer#/@frequency", SUB_STR, 0 },
    { "timer[0-9]*.catchup.threshold", NULL, "timer#/catchup/@threshold", SUB_STR, 0 },
    { "timer[0-9]*.catchup.slew", NULL, "timer#/catchup/@slew", SUB_STR, 0 },
    { "timer[0-9]*.catchup.limit", NULL, "timer#/catchup/@limit", SUB_STR, 0 },
    END
};

static const Subopt pm_subs[] = {
    { "suspend_to_mem.enabled", "suspend_to_mem", "suspend-to-mem/@enabled", SUB_YESNO, 0 },
    { "suspend_to_disk.enabled", "suspend_to_disk", "suspend-to-disk/@enabled", SUB_YESNO, 0 },
    END
};

static const Subopt numatune_subs[] = {
    { "memory.nodeset", "nodeset", "memory/@nodeset", SUB_STR, CC },
    { "memory.mode", "mode", "memory/@mode", SUB_STR, 0 },
    { "memory.placement", NULL, "memory/@placement", SUB_STR, 0 },
    { "memnode[0-9]*.cellid", NULL, "memnode#/@cellid", SUB_STR, CC },
    { "memnode[0-9]*.mode", NULL, "memnode#/@mode", SUB_STR, 0 },
    { "memnode[0-9]*.nodeset", NULL, "memnode#/@nodeset", SUB_STR, CC },
    END
};

static const Subopt blkiotune_subs[] = {
    { "weight", NULL, "weight", SUB_STR, 0 },
    { "device[0-9]*.path", "device_path", "device#/path", SUB_STR, 0 },
    { "device[0-9]*.weight", "device_weight", "device#/weight", SUB_STR, 0 },
    { "device[0-9]*.read_bytes_sec", "read_bytes_sec", "device#/read_bytes_sec", SUB_STR, 0 },
    { "device[0-9]*.write_bytes_sec", "write_bytes_sec", "device#/write_bytes_sec", SUB_STR, 0 },
    { "device[0-9]*.read_iops_sec", "read_iops_sec", "device#/read_iops_sec", SUB_STR, 0 },
    { "device[0-9]*.write_iops_sec", "write_iops_sec", "device#/write_iops_sec", SUB_STR, 0 },
    END
};

static const Subopt memtune_subs[] = {
    { "hard_limit", NULL, "hard_limit", SUB_STR, 0 },
    { "soft_limit", NULL, "soft_limit", SUB_STR, 0 },
    { "swap_hard_limit", NULL, "swap_hard_limit", SUB_STR, 0 },
    { "min_guarantee", NULL, "min_guarantee", SUB_STR, 0 },
    END
};

static const Subopt memorybacking_subs[] = {
    { "hugepages", NULL, "hugepages", SUB_PRESENCE, 0 },
    { "hugepages.page[0-9]*.size", "size", "hugepages/page#/@size", SUB_STR, 0 },
    { "hugepages.page[0-9]*.unit", "unit", "hugepages/page#/@unit", SUB_STR, 0 },
    { "hugepages.page[0-9]*.nodeset", "nodeset", "hugepages/page#/@nodeset", SUB_STR, CC },
    { "nosharepages", NULL, "nosharepages", SUB_PRESENCE, 0 },
    { "locked", NULL, "locked", SUB_PRESENCE, 0 },
    { "access.mode", "access_mode", "access/@mode", SUB_STR, 0 },
    { "source.type", "source_type", "source/@type", SUB_STR, 0 },
    { "discard", NULL, "discard", SUB_PRESENCE, 0 },
    { "allocation.mode", NULL, "allocation/@mode", SUB_STR, 0 },
    { "allocation.threads", NULL, "allocation/@threads", SUB_STR, 0 },
    END
};

/* xpath[N].set=XPATH=VALUE and friends, on every option and on --xml. */
static const Subopt xpath_subs[] = {
    { "xpath[0-9]*.delete", NULL, NULL, SUB_CODE, CC },
    { "xpath[0-9]*.set", NULL, NULL, SUB_CODE, CC },
    { "xpath[0-9]*.create", NULL, NULL, SUB_CODE, CC },
    { "xpath[0-9]*.value", NULL, NULL, SUB_CODE, CC },
    END
};

static const Subopt clearxml_subs[] = {
    { "clearxml", NULL, NULL, SUB_CODE, 0 },
    END
};

/* ------------------------------------------------------------- the devices */

static const Subopt disk_subs[] = {
    { "path", NULL, NULL, SUB_CODE, 0 },
    { "pool", NULL, NULL, SUB_NONE, 0 },
    { "vol", NULL, NULL, SUB_NONE, 0 },
    { "size", NULL, NULL, SUB_NONE, 0 },
    { "format", NULL, NULL, SUB_NONE, 0 },
    { "sparse", NULL, NULL, SUB_NONE, 0 },
    { "backing_store", NULL, NULL, SUB_NONE, 0 },
    { "backing_format", NULL, NULL, SUB_NONE, 0 },
    { "convert", NULL, NULL, SUB_NONE, 0 },
    { "perms", NULL, NULL, SUB_CODE, 0 },
    { "type", NULL, "@type", SUB_CODE, 0 },
    { "device", NULL, "@device", SUB_STR, 0 },
    { "snapshot", "snapshot_policy", "@snapshot", SUB_STR, 0 },
    { "sgio", NULL, "@sgio", SUB_STR, 0 },
    { "rawio", NULL, "@rawio", SUB_STR, 0 },
    { "serial", NULL, "serial", SUB_STR, 0 },
    { "wwn", NULL, "wwn", SUB_STR, 0 },
    { "readonly", NULL, "readonly", SUB_PRESENCE, 0 },
    { "shareable", NULL, "shareable", SUB_PRESENCE, 0 },
    { "transient", NULL, "transient", SUB_PRESENCE, 0 },
    { "transient.shareBacking", NULL, "transient/@shareBacking", SUB_YESNO, 0 },
    { "target.bus", "bus", "target/@bus", SUB_STR, 0 },
    { "target.dev", "target", "target/@dev", SUB_STR, 0 },
    { "target.removable", "removable", "target/@removable", SUB_ONOFF, 0 },
    { "target.rotation_rate", "rotation_rate", "target/@rotation_rate", SUB_STR, 0 },
    { "source.dir", NULL, "source/@dir", SUB_STR, 0 },
    { "source.file", NULL, "source/@file", SUB_STR, 0 },
    { "source.dev", NULL, "source/@dev", SUB_STR, 0 },
    { "source.pool", "source_pool", "source/@pool", SUB_STR, 0 },
    { "source.volume", "source_volume", "source/@volume", SUB_STR, 0 },
    { "source.name", "source_name", "source/@name", SUB_STR, 0 },
    { "source.protocol", "source_protocol", "source/@protocol", SUB_STR, 0 },
    { "source.startupPolicy", "startup_policy", "source/@startupPolicy", SUB_STR, 0 },
    { "source.type", NULL, "source/@type", SUB_STR, 0 },
    { "source.namespace", NULL, "source/@namespace", SUB_STR, 0 },
    { "source.managed", NULL, "source/@managed", SUB_YESNO, 0 },
    { "source.address.domain", NULL, "source/address/@domain", SUB_STR, 0 },
    { "source.address.bus", NULL, "source/address/@bus", SUB_STR, 0 },
    { "source.address.slot", NULL, "source/address/@slot", SUB_STR, 0 },
    { "source.address.function", NULL, "source/address/@function", SUB_STR, 0 },
    { "source.host[0-9]*.name", "source_host_name", "source/host#/@name", SUB_STR, 0 },
    { "source.host[0-9]*.port", "source_host_port", "source/host#/@port", SUB_STR, 0 },
    { "source.host[0-9]*.socket", "source_host_socket", "source/host#/@socket", SUB_STR, 0 },
    { "source.host[0-9]*.transport", "source_host_transport", "source/host#/@transport",
      SUB_STR, 0 },
    { "source.seclabel[0-9]*.model", "seclabel[0-9]*.model", "source/seclabel#/@model",
      SUB_STR, 0 },
    { "source.seclabel[0-9]*.relabel", "seclabel[0-9]*.relabel", "source/seclabel#/@relabel",
      SUB_YESNO, 0 },
    { "source.seclabel[0-9]*.label", "seclabel[0-9]*.label", "source/seclabel#/label",
      SUB_STR, CC },
    { "source.reservations.managed", "reservations.managed", "source/reservations/@managed",
      SUB_STR, 0 },
    { "source.reservations.source.type", "reservations.source.type",
      "source/reservations/source/@type", SUB_STR, 0 },
    { "source.reservations.source.path", "reservations.source.path",
      "source/reservations/source/@path", SUB_STR, 0 },
    { "source.reservations.source.mode", "reservations.source.mode",
      "source/reservations/source/@mode", SUB_STR, 0 },
    { "driver.cache", "cache", "driver/@cache", SUB_STR, 0 },
    { "driver.discard", "discard", "driver/@discard", SUB_STR, 0 },
    { "driver.detect_zeroes", "detect_zeroes", "driver/@detect_zeroes", SUB_STR, 0 },
    { "driver.name", "driver_name", "driver/@name", SUB_STR, 0 },
    { "driver.type", "driver_type", "driver/@type", SUB_STR, 0 },
    { "driver.copy_on_read", NULL, "driver/@copy_on_read", SUB_ONOFF, 0 },
    { "driver.io", "io", "driver/@io", SUB_STR, 0 },
    { "driver.iothread", NULL, "driver/@iothread", SUB_STR, 0 },
    { "driver.queues", NULL, "driver/@queues", SUB_STR, 0 },
    { "driver.error_policy", "error_policy", "driver/@error_policy", SUB_STR, 0 },
    { "iotune.read_bytes_sec", "read_bytes_sec", "iotune/read_bytes_sec", SUB_STR, 0 },
    { "iotune.write_bytes_sec", "write_bytes_sec", "iotune/write_bytes_sec", SUB_STR, 0 },
    { "iotune.total_bytes_sec", "total_bytes_sec", "iotune/total_bytes_sec", SUB_STR, 0 },
    { "iotune.read_iops_sec", "read_iops_sec", "iotune/read_iops_sec", SUB_STR, 0 },
    { "iotune.write_iops_sec", "write_iops_sec", "iotune/write_iops_sec", SUB_STR, 0 },
    { "iotune.total_iops_sec", "total_iops_sec", "iotune/total_iops_sec", SUB_STR, 0 },
    { "blockio.logical_block_size", "logical_block_size", "blockio/@logical_block_size",
      SUB_STR, 0 },
    { "blockio.physical_block_size", "physical_block_size", "blockio/@physical_block_size",
      SUB_STR, 0 },
    { "geometry.cyls", NULL, "geometry/@cyls", SUB_STR, 0 },
    { "geometry.heads", NULL, "geometry/@heads", SUB_STR, 0 },
    { "geometry.secs", NULL, "geometry/@secs", SUB_STR, 0 },
    { "geometry.trans", NULL, "geometry/@trans", SUB_STR, 0 },
    END
};

static const Subopt network_subs[] = {
    { "type", NULL, "@type", SUB_CODE, 0 },
    { "network", NULL, NULL, SUB_NONE, 0 },
    { "bridge", NULL, NULL, SUB_NONE, 0 },
    { "source", NULL, NULL, SUB_CODE, 0 },
    { "source.mode", "source_mode", "source/@mode", SUB_STR, 0 },
    { "source.type", "source_type", "source/@type", SUB_STR, 0 },
    { "source.path", "source_path", "source/@path", SUB_STR, 0 },
    { "source.portgroup", "portgroup", "source/@portgroup", SUB_STR, 0 },
    { "trustGuestRxFilters", NULL, "@trustGuestRxFilters", SUB_YESNO, 0 },
    { "target.dev", "target", "target/@dev", SUB_STR, 0 },
    { "model.type", "model", "model/@type", SUB_STR, 0 },
    { "mac.address", "mac", "mac/@address", SUB_CODE, 0 },
    { "filterref.filter", "filterref", "filterref/@filter", SUB_STR, 0 },
    { "link.state", "link_state", "link/@state", SUB_CODE, 0 },
    { "driver.name", "driver_name", "driver/@name", SUB_STR, 0 },
    { "driver.queues", "driver_queues", "driver/@queues", SUB_STR, 0 },
    { "rom.file", "rom_file", "rom/@file", SUB_STR, 0 },
    { "rom.bar", "rom_bar", "rom/@bar", SUB_ONOFF, 0 },
    { "mtu.size", NULL, "mtu/@size", SUB_STR, 0 },
    { "virtualport.type", "virtualport_type", "virtualport/@type", SUB_STR, 0 },
    { "virtualport.parameters.managerid", "virtualport_managerid",
      "virtualport/parameters/@managerid", SUB_STR, 0 },
    { "virtualport.parameters.typeid", "virtualport_typeid",
      "virtualport/parameters/@typeid", SUB_STR, 0 },
    { "virtualport.parameters.typeidversion", "virtualport_typeidversion",
      "virtualport/parameters/@typeidversion", SUB_STR, 0 },
    { "virtualport.parameters.instanceid", "virtualport_instanceid",
      "virtualport/parameters/@instanceid", SUB_STR, 0 },
    { "virtualport.parameters.profileid", "virtualport_profileid",
      "virtualport/parameters/@profileid", SUB_STR, 0 },
    { "virtualport.parameters.interfaceid", "virtualport_interfaceid",
      "virtualport/parameters/@interfaceid", SUB_STR, 0 },
    END
};

static const Subopt graphics_subs[] = {
    { "type", NULL, "@type", SUB_CODE, 0 },
    { "port", NULL, "@port", SUB_CODE, 0 },
    { "tlsPort", "tlsport", "@tlsPort", SUB_CODE, 0 },
    { "websocket", NULL, "@websocket", SUB_STR, 0 },
    { "listen", NULL, "@listen", SUB_CODE, 0 },
    { "keymap", NULL, "@keymap", SUB_CODE, 0 },
    { "password", "passwd", "@passwd", SUB_STR, 0 },
    { "passwordValidTo", "passwdValidTo", "@passwdValidTo", SUB_STR, 0 },
    { "connected", NULL, "@connected", SUB_STR, 0 },
    { "defaultMode", NULL, "@defaultMode", SUB_STR, 0 },
    { "listens[0-9]*.type", NULL, "listen#/@type", SUB_STR, 0 },
    { "listens[0-9]*.address", NULL, "listen#/@address", SUB_STR, 0 },
    { "listens[0-9]*.network", NULL, "listen#/@network", SUB_STR, 0 },
    { "listens[0-9]*.socket", NULL, "listen#/@socket", SUB_STR, 0 },
    { "image.compression", "image_compression", "image/@compression", SUB_STR, 0 },
    { "streaming.mode", "streaming_mode", "streaming/@mode", SUB_STR, 0 },
    { "clipboard.copypaste", "clipboard_copypaste", "clipboard/@copypaste", SUB_YESNO, 0 },
    { "mouse.mode", "mouse_mode", "mouse/@mode", SUB_STR, 0 },
    { "filetransfer.enable", "filetransfer_enable", "filetransfer/@enable", SUB_YESNO, 0 },
    { "zlib.compression", NULL, "zlib/@compression", SUB_STR, 0 },
    { "gl.enable", "gl", "gl/@enable", SUB_YESNO, 0 },
    { "gl.rendernode", "rendernode", "gl/@rendernode", SUB_STR, 0 },
    END
};

static const Subopt video_subs[] = {
    { "model.type", "model", "model/@type", SUB_STR, 0 },
    { "model.acceleration.accel3d", "accel3d", "model/acceleration/@accel3d", SUB_YESNO, 0 },
    { "model.heads", "heads", "model/@heads", SUB_STR, 0 },
    { "model.ram", "ram", "model/@ram", SUB_STR, 0 },
    { "model.vram", "vram", "model/@vram", SUB_STR, 0 },
    { "model.vram64", "vram64", "model/@vram64", SUB_STR, 0 },
    { "model.vgamem", "vgamem", "model/@vgamem", SUB_STR, 0 },
    END
};

static const Subopt sound_subs[] = {
    { "model", NULL, "@model", SUB_STR, 0 },
    { "audio.id", NULL, "audio/@id", SUB_STR, 0 },
    { "codec[0-9]*.type", NULL, "codec#/@type", SUB_STR, 0 },
    END
};

static const Subopt input_subs[] = {
    { "type", NULL, "@type", SUB_STR, 0 },
    { "bus", NULL, "@bus", SUB_STR, 0 },
    { "model", NULL, "@model", SUB_STR, 0 },
    { "source.evdev", NULL, "source/@evdev", SUB_STR, 0 },
    { "source.dev", NULL, "source/@dev", SUB_STR, 0 },
    { "source.repeat", NULL, "source/@repeat", SUB_ONOFF, 0 },
    { "source.grab", NULL, "source/@grab", SUB_STR, 0 },
    { "source.grabToggle", NULL, "source/@grabToggle", SUB_STR, 0 },
    END
};

/* serial, parallel, console and channel. */
static const Subopt char_subs[] = {
    { "type", "char_type", "@type", SUB_STR, 0 },
    { "host", NULL, NULL, SUB_CODE, 0 },
    { "target.address", "target_address", "target/@address", SUB_CODE, 0 },
    { "target.type", "target_type", "target/@type", SUB_STR, 0 },
    { "target.name", "name", "target/@name", SUB_STR, 0 },
    { "target.port", NULL, "target/@port", SUB_STR, 0 },
    { "target.model.name", NULL, "target/model/@name", SUB_STR, 0 },
    END
};

static const Subopt controller_subs[] = {
    { "type", NULL, "@type", SUB_STR, 0 },
    { "model", NULL, "@model", SUB_STR, 0 },
    { "index", NULL, "@index", SUB_STR, 0 },
    { "ports", NULL, "@ports", SUB_STR, 0 },
    { "maxGrantFrames", NULL, "@maxGrantFrames", SUB_STR, 0 },
    { "vectors", NULL, "@vectors", SUB_STR, 0 },
    { "master.startport", "master", "master/@startport", SUB_STR, 0 },
    { "driver.iothread", NULL, "driver/@iothread", SUB_STR, 0 },
    { "driver.queues", "driver_queues", "driver/@queues", SUB_STR, 0 },
    { "target.chassisNr", NULL, "target/@chassisNr", SUB_STR, 0 },
    { "target.chassis", NULL, "target/@chassis", SUB_STR, 0 },
    { "target.port", NULL, "target/@port", SUB_STR, 0 },
    { "target.hotplug", NULL, "target/@hotplug", SUB_ONOFF, 0 },
    { "target.busNr", NULL, "target/@busNr", SUB_STR, 0 },
    { "target.index", NULL, "target/@index", SUB_STR, 0 },
    { "target.node", NULL, "target/node", SUB_STR, 0 },
    { "address", NULL, NULL, SUB_CODE, 0 },
    { "num_pcie_root_ports", NULL, NULL, SUB_NONE, 0 },
    END
};

static const Subopt hostdev_subs[] = {
    { "name", NULL, NULL, SUB_CODE, 0 },
    { "type", NULL, "@type", SUB_STR, 0 },
    { "driver.name", "driver_name", "driver/@name", SUB_STR, 0 },
    { "rom.bar", "rom_bar", "rom/@bar", SUB_ONOFF, 0 },
    END
};

static const Subopt filesystem_subs[] = {
    { "source", NULL, NULL, SUB_CODE, 0 },
    { "target", NULL, NULL, SUB_CODE, 0 },
    { "type", NULL, "@type", SUB_STR, 0 },
    { "accessmode", "mode", "@accessmode", SUB_STR, 0 },
    { "model", NULL, "@model", SUB_STR, 0 },
    { "multidevs", NULL, "@multidevs", SUB_STR, 0 },
    { "readonly", NULL, "readonly", SUB_PRESENCE, 0 },
    { "space_hard_limit", NULL, "space_hard_limit", SUB_STR, 0 },
    { "space_soft_limit", NULL, "space_soft_limit", SUB_STR, 0 },
    { "fmode", NULL, "@fmode", SUB_STR, 0 },
    { "dmode", NULL, "@dmode", SUB_STR, 0 },
    { "source.file", NULL, "source/@file", SUB_STR, 0 },
    { "source.dir", NULL, "source/@dir", SUB_STR, 0 },
    { "source.dev", NULL, "source/@dev", SUB_STR, 0 },
    { "source.name", NULL, "source/@name", SUB_STR, 0 },
    { "source.pool", NULL, "source/@pool", SUB_STR, 0 },
    { "source.volume", NULL, "source/@volume", SUB_STR, 0 },
    { "source.units", NULL, "source/@units", SUB_STR, 0 },
    { "source.usage", NULL, "source/@usage", SUB_STR, 0 },
    { "source.socket", NULL, "source/socket", SUB_STR, 0 },
    { "target.dir", NULL, "target/@dir", SUB_STR, 0 },
    { "binary.path", NULL, "binary/@path", SUB_STR, 0 },
    { "binary.xattr", NULL, "binary/@xattr", SUB_ONOFF, 0 },
    { "binary.cache.mode", NULL, "binary/cache/@mode", SUB_STR, 0 },
    { "binary.lock.posix", NULL, "binary/lock/@posix", SUB_ONOFF, 0 },
    { "binary.lock.flock", NULL, "binary/lock/@flock", SUB_ONOFF, 0 },
    { "binary.sandbox.mode", NULL, "binary/sandbox/@mode", SUB_STR, 0 },
    { "driver.format", NULL, "driver/@format", SUB_STR, 0 },
    { "driver.name", NULL, "driver/@name", SUB_STR, 0 },
    { "driver.queue", NULL, "driver/@queue", SUB_STR, 0 },
    { "driver.type", NULL, "driver/@type", SUB_STR, 0 },
    { "driver.wrpolicy", NULL, "driver/@wrpolicy", SUB_STR, 0 },
    END
};

static const Subopt tpm_subs[] = {
    { "backend.type", "type", "backend/@type", SUB_CODE, 0 },
    { "model", NULL, "@model", SUB_STR, 0 },
    { "backend.version", "version", "backend/@version", SUB_STR, 0 },
    { "backend.device.path", "path", "backend/device/@path", SUB_STR, 0 },
    { "backend.encryption.secret", NULL, "backend/encryption/@secret", SUB_STR, 0 },
    { "backend.persistent_state", NULL, "backend/@persistent_state", SUB_YESNO, 0 },
    { "active_pcr_banks.sha1", NULL, "backend/active_pcr_banks/sha1", SUB_PRESENCE, 0 },
    { "active_pcr_banks.sha256", NULL, "backend/active_pcr_banks/sha256", SUB_PRESENCE, 0 },
    { "active_pcr_banks.sha384", NULL, "backend/active_pcr_banks/sha384", SUB_PRESENCE, 0 },
    { "active_pcr_banks.sha512", NULL, "backend/active_pcr_banks/sha512", SUB_PRESENCE, 0 },
    END
};

static const Subopt rng_subs[] = {
    { "backend.model", "type", "backend/@model", SUB_STR, 0 },
    { "model", NULL, "@model", SUB_STR, 0 },
    { "backend", "device", "backend[model=random]", SUB_STR, 0 },
    { "backend.type", "backend_type", "backend/@type", SUB_STR, 0 },
    { "backend.source.mode", "backend_mode", "backend/source/@mode", SUB_STR, 0 },
    { "backend.source.host", "backend_host", "backend/source/@host", SUB_STR, 0 },
    { "backend.source.service", "backend_service", "backend/source/@service", SUB_STR, 0 },
    { "backend.source.connect_host", "backend_connect_host",
      "backend/source[mode=connect]/@host", SUB_STR, 0 },
    { "backend.source.connect_service", "backend_connect_service",
      "backend/source[mode=connect]/@service", SUB_STR, 0 },
    { "backend.source.bind_host", NULL, "backend/source[mode=bind]/@host", SUB_STR, 0 },
    { "backend.source.bind_service", NULL, "backend/source[mode=bind]/@service", SUB_STR, 0 },
    { "backend.source.path", NULL, "backend/source/@path", SUB_STR, 0 },
    { "rate.bytes", "rate_bytes", "rate/@bytes", SUB_STR, 0 },
    { "rate.period", "rate_period", "rate/@period", SUB_STR, 0 },
    END
};

static const Subopt watchdog_subs[] = {
    { "model", NULL, "@model", SUB_STR, 0 },
    { "action", NULL, "@action", SUB_STR, 0 },
    END
};

static const Subopt memballoon_subs[] = {
    { "model", NULL, "@model", SUB_STR, 0 },
    { "autodeflate", NULL, "@autodeflate", SUB_ONOFF, 0 },
    { "stats.period", NULL, "stats/@period", SUB_STR, 0 },
    { "freePageReporting", NULL, "@freePageReporting", SUB_ONOFF, 0 },
    END
};

static const Subopt smartcard_subs[] = {
    { "mode", NULL, "@mode", SUB_STR, 0 },
    { "type", NULL, "@type", SUB_STR, 0 },
    { "database", NULL, "database", SUB_STR, CC },
    { "certificate[0-9]*", NULL, "certificate#", SUB_STR, CC },
    END
};

static const Subopt redirdev_subs[] = {
    { "bus", NULL, "@bus", SUB_STR, 0 },
    { "type", NULL, "@type", SUB_STR, 0 },
    { "server", NULL, NULL, SUB_CODE, 0 },
    END
};

static const Subopt panic_subs[] = {
    { "model", NULL, "@model", SUB_STR, 0 },
    END
};

static const Subopt vsock_subs[] = {
    { "model", NULL, "@model", SUB_STR, 0 },
    { "cid.auto", "auto_cid", "cid/@auto", SUB_YESNO, 0 },
    { "cid.address", "cid", "cid/@address", SUB_STR, 0 },
    END
};

/* ----------------------------------------------- not part of the domain */

static const Subopt osinfo_subs[] = {
    { "name", "short-id", NULL, SUB_NONE, 0 }, { "id", NULL, NULL, SUB_NONE, 0 },
    { "detect", NULL, NULL, SUB_NONE, 0 }, { "require", NULL, NULL, SUB_NONE, 0 },
    END
};

static const Subopt location_subs[] = {
    { "location", NULL, NULL, SUB_NONE, CC }, { "kernel", NULL, NULL, SUB_NONE, CC },
    { "initrd", NULL, NULL, SUB_NONE, CC },
    END
};

static const Subopt check_subs[] = {
    { "path_in_use", "disk_in_use", NULL, SUB_NONE, 0 },
    { "disk_size", NULL, NULL, SUB_NONE, 0 }, { "path_exists", NULL, NULL, SUB_NONE, 0 },
    { "mac_in_use", NULL, NULL, SUB_NONE, 0 }, { "all", NULL, NULL, SUB_NONE, 0 },
    END
};

static const Subopt unattended_subs[] = {
    { "profile", NULL, NULL, SUB_NONE, 0 }, { "admin-password-file", NULL, NULL, SUB_NONE, 0 },
    { "user-login", NULL, NULL, SUB_NONE, 0 }, { "user-password-file", NULL, NULL, SUB_NONE, 0 },
    { "product-key", NULL, NULL, SUB_NONE, 0 },
    END
};

static const Subopt cloud_init_subs[] = {
    { "root-password-generate", NULL, NULL, SUB_NONE, 0 },
    { "root-password-file", NULL, NULL, SUB_NONE, 0 },
    { "disable", NULL, NULL, SUB_NONE, 0 },
    { "root-ssh-key", "ssh-key", NULL, SUB_NONE, 0 },
    { "clouduser-ssh-key", NULL, NULL, SUB_NONE, 0 },
    { "user-data", NULL, NULL, SUB_NONE, 0 },
    { "meta-data", NULL, NULL, SUB_NONE, 0 },
    { "network-config", NULL, NULL, SUB_NONE, 0 },
    END
};

/* -------------------------------------------------------------- the table */

#define SECTION VIREO_DOMAIN_OPTION_SECTION
#define DEVICE VIREO_DOMAIN_OPTION_DEVICE
#define OTHER VIREO_DOMAIN_OPTION_OTHER

#define OPT(var, name, aliases, kind, element, first, noop, subs, ...)              \
    static const VireoDomainOption var = {                                          \
        name, aliases, kind, element, first, noop, subs, { __VA_ARGS__ }            \
    }

OPT (opt_metadata, "metadata", NULL, SECTION, "", NULL, TRUE, metadata_subs, xpath_subs);
OPT (opt_events, "events", NULL, SECTION, "", NULL, TRUE, events_subs, xpath_subs);
OPT (opt_memory, "memory", "ram", SECTION, "", "memory", TRUE, memory_subs, xpath_subs);
OPT (opt_vcpus, "vcpus", NULL, SECTION, "", "vcpu", TRUE, vcpu_subs, xpath_subs);
OPT (opt_cpu, "cpu", NULL, SECTION, "cpu", "model", FALSE, cpu_subs, clearxml_subs,
     xpath_subs);
OPT (opt_boot, "boot", NULL, SECTION, "os", NULL, TRUE, boot_subs, clearxml_subs, xpath_subs);
OPT (opt_features, "features", NULL, SECTION, "features", NULL, TRUE, features_subs,
     clearxml_subs, xpath_subs);
OPT (opt_clock, "clock", NULL, SECTION, "clock", NULL, TRUE, clock_subs, clearxml_subs,
     xpath_subs);
OPT (opt_pm, "pm", NULL, SECTION, "pm", NULL, TRUE, pm_subs, clearxml_subs, xpath_subs);
OPT (opt_numatune, "numatune", NULL, SECTION, "numatune", "memory.nodeset", TRUE,
     numatune_subs, clearxml_subs, xpath_subs);
OPT (opt_blkiotune, "blkiotune", NULL, SECTION, "blkiotune", "weight", TRUE, blkiotune_subs,
     clearxml_subs, xpath_subs);
OPT (opt_memtune, "memtune", NULL, SECTION, "memtune", "soft_limit", TRUE, memtune_subs,
     clearxml_subs, xpath_subs);
OPT (opt_memorybacking, "memorybacking", NULL, SECTION, "memoryBacking", NULL, TRUE,
     memorybacking_subs, clearxml_subs, xpath_subs);
OPT (opt_disk, "disk", NULL, DEVICE, "disk", "path", TRUE, disk_subs, clearxml_subs,
     boot_order_subs, address_subs);
OPT (opt_network, "network", NULL, DEVICE, "interface", "type", TRUE, network_subs,
     clearxml_subs, boot_order_subs, address_subs);
OPT (opt_graphics, "graphics", NULL, DEVICE, "graphics", "type", TRUE, graphics_subs,
     clearxml_subs, address_subs);
OPT (opt_video, "video", NULL, DEVICE, "video", "model.type", TRUE, video_subs, clearxml_subs,
     address_subs, virtio_subs);
OPT (opt_sound, "sound", NULL, DEVICE, "sound", "model", TRUE, sound_subs, clearxml_subs,
     address_subs);
OPT (opt_input, "input", NULL, DEVICE, "input", "type", TRUE, input_subs, clearxml_subs,
     address_subs, virtio_subs);
OPT (opt_serial, "serial", NULL, DEVICE, "serial", "type", TRUE, char_subs, clearxml_subs,
     char_source_subs, address_subs);
OPT (opt_parallel, "parallel", NULL, DEVICE, "parallel", "type", TRUE, char_subs,
     clearxml_subs, char_source_subs, address_subs);
OPT (opt_channel, "channel", NULL, DEVICE, "channel", "type", TRUE, char_subs, clearxml_subs,
     char_source_subs, address_subs);
OPT (opt_console, "console", NULL, DEVICE, "console", "type", TRUE, char_subs, clearxml_subs,
     char_source_subs, address_subs);
OPT (opt_controller, "controller", NULL, DEVICE, "controller", "type", TRUE, controller_subs,
     clearxml_subs, address_subs, virtio_subs);
OPT (opt_hostdev, "hostdev", "host-device", DEVICE, "hostdev", "name", TRUE, hostdev_subs,
     clearxml_subs, boot_order_subs, address_subs);
OPT (opt_filesystem, "filesystem", NULL, DEVICE, "filesystem", "source target", TRUE,
     filesystem_subs, clearxml_subs, address_subs, virtio_subs);
OPT (opt_tpm, "tpm", NULL, DEVICE, "tpm", "backend.type", TRUE, tpm_subs, clearxml_subs,
     address_subs);
OPT (opt_rng, "rng", NULL, DEVICE, "rng", "backend.model", TRUE, rng_subs, clearxml_subs,
     address_subs, virtio_subs);
OPT (opt_watchdog, "watchdog", NULL, DEVICE, "watchdog", "model", TRUE, watchdog_subs,
     clearxml_subs, address_subs);
OPT (opt_memballoon, "memballoon", NULL, DEVICE, "memballoon", "model", FALSE, memballoon_subs,
     clearxml_subs, address_subs, virtio_subs);
OPT (opt_smartcard, "smartcard", NULL, DEVICE, "smartcard", "mode", TRUE, smartcard_subs,
     clearxml_subs, char_source_subs, address_subs);
OPT (opt_redirdev, "redirdev", NULL, DEVICE, "redirdev", "bus", TRUE, redirdev_subs,
     clearxml_subs, char_source_subs, boot_order_subs);
OPT (opt_panic, "panic", NULL, DEVICE, "panic", "model", TRUE, panic_subs, clearxml_subs,
     address_subs);
OPT (opt_vsock, "vsock", NULL, DEVICE, "vsock", "model", TRUE, vsock_subs, clearxml_subs,
     address_subs, virtio_subs);
OPT (opt_xml, "xml", NULL, VIREO_DOMAIN_OPTION_XPATH, "", NULL, FALSE, xpath_subs);
OPT (opt_osinfo, "osinfo", "os-variant", OTHER, NULL, "name", FALSE, osinfo_subs);
OPT (opt_location, "location", NULL, OTHER, NULL, "location", FALSE, location_subs);
OPT (opt_check, "check", NULL, OTHER, NULL, NULL, FALSE, check_subs);
OPT (opt_unattended, "unattended", NULL, OTHER, NULL, NULL, FALSE, unattended_subs);
OPT (opt_cloud_init, "cloud-init", NULL, OTHER, NULL, NULL, FALSE, cloud_init_subs);

const VireoDomainOption *const _vireo_domain_options[] = {
    &opt_metadata, &opt_events, &opt_memory, &opt_vcpus, &opt_cpu, &opt_boot, &opt_features,
    &opt_clock, &opt_pm, &opt_numatune, &opt_blkiotune, &opt_memtune, &opt_memorybacking,
    &opt_disk, &opt_network, &opt_graphics, &opt_video, &opt_sound, &opt_input, &opt_serial,
    &opt_parallel, &opt_channel, &opt_console, &opt_controller, &opt_hostdev, &opt_filesystem,
    &opt_tpm, &opt_rng, &opt_watchdog, &opt_memballoon, &opt_smartcard, &opt_redirdev,
    &opt_panic, &opt_vsock, &opt_xml, &opt_osinfo, &opt_location, &opt_check, &opt_unattended,
    &opt_cloud_init,
};

const guint _vireo_domain_options_count = G_N_ELEMENTS (_vireo_domain_options);
