#!/usr/bin/env bash
# Builds the test guests of the real-QEMU suite from Debian packages:
#   OUTDIR/vmlinuz                  the Debian cloud kernel (from the .deb that
#                                   tools/fetch-test-media downloads)
#   OUTDIR/initrd.img               a busybox-static initramfs whose /init mounts
#                                   devtmpfs, proc and sysfs, loads the kernel's
#                                   virtio (PCI, net, block, balloon), IDE
#                                   CD-ROM and pvpanic drivers and virtio's
#                                   serial ports (modules in the cloud kernel),
#                                   answers as a guest agent with fixed facts
#                                   when the VM has the port
#                                   org.qemu.guest_agent.0, prints
#                                   VIREO-GUEST-READY on the console (then
#                                   panics when "vireo.panic" is on the kernel
#                                   command line), does a
#                                   little CPU work every second in the
#                                   background, and runs a shell on the console
#                                   (started again whenever it exits)
#   OUTDIR/grub-rescue-cdrom.iso    grub-rescue-pc's bootable ISO
#   OUTDIR/stamp                    written last; names the kernel package and
#                                   the version of the initramfs recipe
#
# Usage: tests/common/media/make-guest.sh OUTDIR
# Exit status 2 when the kernel package has not been downloaded yet.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cache="${VIREO_TEST_MEDIA_CACHE:-$top/.cache/test-media}"
busybox=/bin/busybox
grub_iso=/usr/lib/grub-rescue/grub-rescue-cdrom.iso

die() {
    echo "make-guest.sh: $1" >&2
    exit "${2:-1}"
}

[[ $# -eq 1 ]] || die "usage: make-guest.sh OUTDIR"
out=$1

debs=()
while IFS= read -r -d '' f; do debs+=("$f"); done < \
    <(find "$cache" -maxdepth 1 -name 'linux-image-*-cloud-amd64_*.deb' -print0 2>/dev/null |
      sort -zV)
if ((${#debs[@]} == 0)); then
    die "no Debian cloud kernel package in $cache; run tools/fetch-test-media first." 2
fi
deb=${debs[-1]}

# (grep reads the whole list: with pipefail, grep -q quitting at "sh" would leave busybox
# writing into a closed pipe, and its SIGPIPE would fail the check now and then.)
[[ -x $busybox ]] && "$busybox" --list | grep -x sh >/dev/null ||
    die "$busybox is missing or has no sh applet; install busybox-static."
[[ -f $grub_iso ]] || die "$grub_iso is missing; install grub-rescue-pc."
for tool in dpkg-deb cpio gzip; do
    command -v "$tool" >/dev/null || die "$tool is missing."
done

# Bump when the initramfs recipe below changes, so that built media is redone.
recipe=6
stamp="$(basename "$deb") initramfs-$recipe"
if [[ -f $out/stamp && "$(cat "$out/stamp")" == "$stamp" ]]; then
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vireo-guest-XXXXXX")
trap 'rm -rf "$work"' EXIT

# The kernel.
dpkg-deb -x "$deb" "$work/deb"
kernels=("$work"/deb/boot/vmlinuz-*)
[[ -f ${kernels[0]} ]] || die "$(basename "$deb") holds no /boot/vmlinuz-*."

# The initramfs.
root=$work/initramfs
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules}

# The drivers of the devices the editor's tests hot-plug and read inside the
# guest (virtio NICs and disks, the balloon, IDE CD-ROMs), with the modules
# they depend on, dependencies first; /init loads them in that order.
moddir=$(echo "$work"/deb/lib/modules/*/kernel)
[[ -d $moddir ]] || die "$(basename "$deb") holds no kernel modules."
declare -A loaded=()
order=()
add_module() {
    local name=$1 file deps dep
    [[ -n ${loaded[$name]:-} ]] && return
    loaded[$name]=1
    file=$(find "$moddir" -name "$name.ko" -print -quit)
    [[ -n $file ]] || die "the kernel has no module $name."
    deps=$(tr '\0' '\n' < "$file" | sed -n 's/^depends=//p')
    for dep in ${deps//,/ }; do
        add_module "$dep"
    done
    cp "$file" "$root/lib/modules/$name.ko"
    order+=("$name")
}
for module in virtio_pci virtio_net virtio_blk virtio_balloon virtio_console ata_piix sr_mod \
              pvpanic-mmio; do
    add_module "$module"
done
printf '%s\n' "${order[@]}" > "$root/lib/modules/load"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
done
# A stand-in for the QEMU guest agent: it answers, on the port it is given,
# the commands libvirt sends for virDomainGetGuestInfo and for the agent's
# interface addresses with fixed facts (the tests check them in the VM
# window), and "not found" to any other.  One JSON command a line each way;
# the port is opened once, read and write (a virtio port takes one opener),
# and kept open: while no host end is connected a read ends at once, and an
# agent that closed its port then would look to libvirt as an agent that
# comes and goes, which libvirt does not connect to.
cat > "$root/bin/test-agent" <<'AGENT'
#!/bin/sh
exec 3<>"$1" || exit 1
while true; do
    if ! read -r line <&3; then
        sleep 0.2
        continue
    fi
    case "$line" in
    *'"guest-sync'*)
        id=$(echo "$line" | sed -n 's/.*"id" *: *\([0-9]*\).*/\1/p')
        echo "{\"return\": ${id:-0}}" >&3 ;;
    *'"guest-get-host-name"'*)
        echo '{"return": {"host-name": "vireo-test-guest"}}' >&3 ;;
    *'"guest-get-osinfo"'*)
        echo '{"return": {"id": "vireo-busybox", "name": "Vireo Test Busybox",'\
'"pretty-name": "Vireo Test Busybox 1", "version": "1", "version-id": "1",'\
'"kernel-release": "'"$(uname -r)"'", "kernel-version": "'"$(uname -v)"'",'\
'"machine": "x86_64"}}' >&3 ;;
    *'"guest-get-timezone"'*)
        echo '{"return": {"zone": "VTZ", "offset": 3600}}' >&3 ;;
    *'"guest-get-users"'*)
        echo '{"return": [{"user": "tester", "login-time": 1700000000.5}]}' >&3 ;;
    *'"guest-network-get-interfaces"'*)
        echo '{"return": [{"name": "lo", "hardware-address": "00:00:00:00:00:00",'\
'"ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8}]},'\
'{"name": "vt0", "hardware-address": "52:54:00:0a:0b:0c",'\
'"ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "192.0.2.7", "prefix": 24}]}]}' >&3 ;;
    '') ;;
    *)
        echo '{"error": {"class": "CommandNotFound", "desc": "not in the test agent"}}' >&3 ;;
    esac
done
AGENT
chmod 0755 "$root/bin/test-agent"
cat > "$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t devtmpfs devtmpfs /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
for m in $(cat /lib/modules/load); do
    insmod /lib/modules/$m.ko
done
# The guest agent's port, when the VM has one (its ports show up shortly
# after the driver loads).
i=0
while [ $i -lt 20 ]; do
    for port in /sys/class/virtio-ports/*; do
        [ "$(cat "$port/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] && agent=/dev/${port##*/}
    done
    [ -n "$agent" ] || ! ls /sys/bus/virtio/drivers/virtio_console/virtio* >/dev/null 2>&1 &&
        break
    sleep 0.2
    i=$((i + 1))
done
if [ -n "$agent" ]; then
    (
        while true; do
            test-agent "$agent"
            sleep 1
        done
    ) &
fi
echo "VIREO-GUEST-READY"
# "vireo.panic" on the kernel command line: the kernel panics at once, and
# tells the pvpanic device (the faults suite).
if grep -qw vireo.panic /proc/cmdline; then
    echo c > /proc/sysrq-trigger
fi
# A little CPU work every second so the guest's CPU time keeps growing.
(
    while true; do
        i=0
        while [ $i -lt 2000 ]; do i=$((i + 1)); done
        sleep 1
    done
) &
# A shell on the console (with it as controlling terminal, so that Ctrl+C
# works), for the console tests; a new one when it exits.
while true; do
    setsid cttyhack sh
    sleep 1
done
INIT
chmod 0755 "$root/init"
(cd "$root" && find . -print0 | sort -z |
    cpio --null --create --format=newc --owner=0:0 --quiet) | gzip -9 > "$work/initrd.img"

# Each file is replaced in one rename, so a guest booting from the old one
# meanwhile never reads half a file.
install_file() {
    cp "$1" "$out/.$2.tmp.$$"
    mv -f "$out/.$2.tmp.$$" "$out/$2"
}
mkdir -p "$out"
rm -f "$out/stamp"
install_file "${kernels[0]}" vmlinuz
install_file "$work/initrd.img" initrd.img
install_file "$grub_iso" grub-rescue-cdrom.iso
echo "$stamp" > "$out/stamp"
