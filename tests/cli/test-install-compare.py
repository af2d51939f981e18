#!/usr/bin/env python3
# test-install-compare.py: vireo-install --print-xml against virt-install's,
# command line by command line, on test:///default and on qemu:///system.
#
# Both XML outputs are reduced to what they mean (memory and vCPU layout, OS
# type/arch/machine, firmware, boot order, disks, interfaces, graphics, video,
# sound, channels, controllers, inputs and the other devices) and compared.
# Generated values (UUID, random MACs, copied kernel paths) are left out.
#
# Every command line runs on both connections, a few at a time (--jobs); for
# one line vireo-install runs before virt-install, since virt-install makes
# the disk images of size= disks and a second tool would then pick other
# names.  On qemu:///system the lines with size= disks run one at a time.
#
# qemu:///system: a running libvirtd is used as it is.  Without one, and as
# root, the test starts `libvirtd -d` itself and stops that one (by its pid)
# at the end.  It starts it in a private mount namespace where /dev/kvm has
# the owner and mode udev gives it on a Debian host (root:kvm, 0660): libvirt
# checks on every connection that the QEMU user can open /dev/kvm, and where
# that fails (no udev, /dev/kvm 0600 root) it probes QEMU again for each
# connection, seconds each.  The capabilities both tools see are the same.
#
# virt-install --print-xml makes the images of size= disks in the default
# pool and defines pools for the directories of the media; the test removes
# exactly those afterwards: volumes that appeared in the default pool and are
# named after the command lines' guests, and pools that appeared with a
# target inside the test's media directory (or a default pool that did not
# exist before).
#
# Usage: test-install-compare.py VIREO_INSTALL CMDLINES [--uri URI ...] [--jobs N]
# SPDX-License-Identifier: GPL-2.0-or-later

import argparse
import concurrent.futures
import difflib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

PEER = shutil.which("virt-install")
XORRISO = shutil.which("xorriso")

# @MEDIA@/NAME: non-bootable ISOs made by xorriso with these volume descriptors.
LABELLED_ISOS = [
    ("label-debian.iso", ["-V", "Debian 11.5.0 amd64 n"]),
    ("label-fedora.iso", ["-V", "Fedora-WS-Live-37-1-7"]),
    ("label-ubuntu.iso", ["-V", "Ubuntu-Server 22.04.1 LTS amd64"]),
    ("label-alpine.iso", ["-V", "alpine-std 3.17.0 x86_64"]),
    ("label-centos.iso", ["-V", "CentOS-Stream-9-BaseOS-x86_64"]),
    ("label-windows.iso", ["-V", "CCCOMA_X64FRE_EN-US_DV9", "-publisher",
                           "MICROSOFT CORPORATION"]),
    ("label-unknown.iso", ["-V", "DATA_DISC_2024"]),
    ("label-debian99.iso", ["-V", "Debian 99.0.0 amd64 n"]),
]


def make_media(directory):
    os.makedirs(os.path.join(directory, "tree"), exist_ok=True)
    os.makedirs(os.path.join(directory, "share"), exist_ok=True)
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2",
                    os.path.join(directory, "disk.qcow2"), "1G"], check=True)
    with open(os.path.join(directory, "disk.raw"), "wb") as f:
        f.truncate(64 * 1024 * 1024)
    with open(os.path.join(directory, "boot.iso"), "wb") as f:
        f.truncate(4 * 1024 * 1024)
    for name in ("linux", "initrd.gz"):
        with open(os.path.join(directory, "tree", name), "w") as f:
            f.write(name + "\n")
    # ISOs without a boot record whose volume descriptors look like install media
    # (and two that do not): OS detection must go by the labels alone.
    content = os.path.join(directory, "iso-content")
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(content, "README"), "w") as f:
        f.write("not bootable\n")
    for name, options in LABELLED_ISOS:
        subprocess.run([XORRISO, "-as", "mkisofs", "-quiet"] + options +
                       ["-o", os.path.join(directory, name), content], check=True,
                       capture_output=True)


def unique_names(args, suffix):
    """@args with each guest name made unique to this run: the tools name the
    images of size= disks after the guest and pick another name when a file
    of that name exists, so an image left by anything else (or a test running
    at the same time) must not share it."""
    out = list(args)
    for i, a in enumerate(out):
        if a in ("--name", "-n") and i + 1 < len(out):
            out[i + 1] += suffix
        elif a.startswith("--name="):
            out[i] += suffix
    return out


def read_cmdlines(path, media, suffix):
    lines = []
    for raw in open(path):
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        lines.append(unique_names(shlex.split(raw.replace("@MEDIA@", media)), suffix))
    return lines


def split_domains(text):
    return re.findall(r"<domain[ >].*?</domain>", text, re.S)


def attrs(el, *names):
    if el is None:
        return None
    return tuple(el.get(n) for n in names)


def text(el):
    return el.text.strip() if el is not None and el.text else None


def normalise(xml, cmdline):
    """The meaning of one domain document, as a list of text lines."""
    root = ET.fromstring(xml)
    out = []
    add = out.append
    joined = " ".join(cmdline)
    add("type=%s name=%s" % (root.get("type"), text(root.find("name"))))
    ns = "{http://libosinfo.org/xmlns/libvirt/domain/1.0}"
    osel = root.find("metadata/%slibosinfo/%sos" % (ns, ns))
    add("osinfo=%s" % (osel.get("id") if osel is not None else None))
    add("memory=%s current=%s max=%s" % (text(root.find("memory")),
                                         text(root.find("currentMemory")),
                                         text(root.find("maxMemory"))))
    vcpu = root.find("vcpu")
    add("vcpu=%s current=%s" % (text(vcpu), vcpu.get("current") if vcpu is not None else None))
    mb = root.find("memoryBacking")
    if mb is not None:
        add("memoryBacking=%s" % sorted(c.tag + str(sorted(c.attrib.items())) for c in mb))
    os_ = root.find("os")
    add("os=%s arch=%s machine=%s" % ((text(os_.find("type")),) +
                                      attrs(os_.find("type"), "arch", "machine")))
    loader = os_.find("loader")
    efi = os_.get("firmware") == "efi" or (loader is not None and loader.get("type") == "pflash")
    add("firmware=%s" % ("efi" if efi else "bios"))
    add("boot=%s" % [b.get("dev") for b in os_.findall("boot")])
    add("bootmenu=%s" % (attrs(os_.find("bootmenu"), "enable"),))
    add("kernel=%s initrd=%s cmdline=%s" % (os_.find("kernel") is not None,
                                            os_.find("initrd") is not None,
                                            text(os_.find("cmdline"))))
    feats = root.find("features")
    flist = []
    for f in (feats if feats is not None else []):
        if f.tag == "hyperv":
            flist += ["hyperv." + h.tag + str(sorted(h.attrib.items())) for h in f]
        else:
            flist.append(f.tag + str(sorted(f.attrib.items())))
    add("features=%s" % sorted(flist))
    cpu = root.find("cpu")
    if cpu is not None:
        add("cpu=%s model=%s topology=%s" % (attrs(cpu, "mode", "match"), text(cpu.find("model")),
                                             attrs(cpu.find("topology"), "sockets", "dies",
                                                   "cores", "threads")))
    else:
        add("cpu=None")
    clock = root.find("clock")
    add("clock=%s timers=%s" % (clock.get("offset") if clock is not None else None,
                                sorted(str(sorted(t.attrib.items()))
                                       for t in (clock if clock is not None else []))))
    add("on_reboot=%s" % text(root.find("on_reboot")))
    devs = root.find("devices")
    groups = {}

    def dev(tag, value):
        groups.setdefault(tag, []).append(value)

    for d in devs:
        t = d.tag
        if t == "emulator":
            dev(t, text(d))
        elif t == "disk":
            drv = d.find("driver")
            src = d.find("source")
            path = None
            if src is not None:
                path = src.get("file") or src.get("dev") or src.get("dir")
            dev(t, "device=%s type=%s bus=%s target=%s format=%s cache=%s io=%s "
                "discard=%s source=%s ro=%s shared=%s" % (
                    d.get("device"), d.get("type"), d.find("target").get("bus"),
                    d.find("target").get("dev"),
                    drv.get("type") if drv is not None else None,
                    drv.get("cache") if drv is not None else None,
                    drv.get("io") if drv is not None else None,
                    drv.get("discard") if drv is not None else None, path,
                    d.find("readonly") is not None, d.find("shareable") is not None))
        elif t == "interface":
            src = d.find("source")
            mac = d.find("mac")
            macaddr = mac.get("address") if mac is not None else None
            if not macaddr or macaddr not in joined:
                macaddr = "automatic"
            dev(t, "type=%s source=%s model=%s mac=%s" % (
                d.get("type"), sorted(src.attrib.items()) if src is not None else None,
                attrs(d.find("model"), "type"), macaddr))
        elif t == "graphics":
            listen = d.get("listen")
            lt = d.find("listen")
            if lt is not None and lt.get("type") == "none":
                listen = "none"
            port = d.get("port")
            dev(t, "type=%s port=%s listen=%s passwd=%s gl=%s" % (
                d.get("type"), None if port in (None, "-1") else port, listen,
                d.get("passwd"), attrs(d.find("gl"), "enable")))
        elif t == "video":
            m = d.find("model")
            dev(t, "model=%s accel3d=%s" % (m.get("type"), attrs(m.find("acceleration"),
                                                                 "accel3d")))
        elif t == "controller":
            dev(t, "type=%s model=%s" % (d.get("type"), d.get("model")))
        elif t in ("console", "serial", "channel"):
            tg = d.find("target")
            src = d.find("source")
            dev(t, "type=%s target=%s path=%s" % (
                d.get("type"), attrs(tg, "type", "name"),
                src.get("path") if src is not None else None))
        elif t == "input":
            dev(t, "type=%s bus=%s" % (d.get("type"), d.get("bus")))
        elif t == "tpm":
            b = d.find("backend")
            dev(t, "model=%s backend=%s" % (d.get("model"), attrs(b, "type")))
        elif t == "rng":
            b = d.find("backend")
            dev(t, "model=%s backend=%s %s" % (d.get("model"), attrs(b, "model"), text(b)))
        elif t == "filesystem":
            dev(t, "type=%s driver=%s source=%s target=%s" % (
                d.get("type"), attrs(d.find("driver"), "type"), attrs(d.find("source"), "dir"),
                attrs(d.find("target"), "dir")))
        elif t in ("sound", "memballoon", "panic"):
            dev(t, "model=%s" % d.get("model"))
        elif t == "watchdog":
            dev(t, "model=%s action=%s" % (d.get("model"), d.get("action")))
        elif t == "redirdev":
            dev(t, "bus=%s type=%s" % (d.get("bus"), d.get("type")))
        elif t == "hostdev":
            dev(t, "type=%s" % d.get("type"))
        else:
            dev(t, ET.tostring(d, encoding="unicode").strip())
    for tag in sorted(groups):
        values = groups[tag]
        if tag == "controller":
            values = sorted(values)
        for v in values:
            add("%s: %s" % (tag, v))
    return out


# libvirt refuses volume work in a pool while another volume is being filled
# there, possibly by another client of the same libvirtd: that is retried.
BUSY_POOL = "has asynchronous jobs running"


def run(tool, uri, args):
    for attempt in range(30):
        p = subprocess.run([tool, "--connect", uri, "--print-xml"] + args,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=900)
        if p.returncode == 0 or BUSY_POOL not in p.stderr:
            break
        time.sleep(1)
    return p.returncode, p.stdout, p.stderr


# On qemu:///system virt-install creates the volumes of size= disks in the
# default pool, and fails ("pool 'default' has asynchronous jobs running")
# when another run is filling one there: those lines run one at a time.
POOL_LOCK = threading.Lock()


def makes_volume(args):
    return any(a.startswith("size=") or ",size=" in a for a in args)


def compare(vireo, uri, args):
    """Returns (ok, report)."""
    if uri != "test:///default" and makes_volume(args):
        with POOL_LOCK:
            return compare_unlocked(vireo, uri, args)
    return compare_unlocked(vireo, uri, args)


def compare_unlocked(vireo, uri, args):
    vrc, vout, verr = run(vireo, uri, args)
    prc, pout, perr = run(PEER, uri, args)
    cmd = " ".join(shlex.quote(a) for a in args)
    if prc != 0 or vrc != 0:
        if prc != 0 and vrc != 0:
            return True, "both refuse: %s" % cmd
        return False, ("%s\n  virt-install rc=%d %s\n  vireo-install rc=%d %s" %
                       (cmd, prc, perr.strip(), vrc, verr.strip()))
    pdocs, vdocs = split_domains(pout), split_domains(vout)
    if len(pdocs) != len(vdocs):
        return False, "%s\n  virt-install printed %d documents, vireo-install %d" % (
            cmd, len(pdocs), len(vdocs))
    for i, (p, v) in enumerate(zip(pdocs, vdocs)):
        pn, vn = normalise(p, args), normalise(v, args)
        if pn != vn:
            diff = "\n".join(difflib.unified_diff(pn, vn, "virt-install", "vireo-install",
                                                  lineterm=""))
            return False, ("%s\n  document %d differs\n--- virt-install (normalised)\n%s\n"
                           "--- vireo-install (normalised)\n%s\n--- diff\n%s" % (
                               cmd, i + 1, "\n".join(pn), "\n".join(vn), diff))
    return True, cmd


LIBVIRTD_PID = "/run/libvirtd.pid"
LIBVIRTD_SOCK = "/run/libvirt/libvirt-sock"

# Run by `unshare --mount` as root: /dev/kvm as udev makes it, then libvirtd.
NAMESPACE_SCRIPT = r"""
set -e
dir=$(mktemp -d /tmp/vireo-kvm-XXXXXX)
mount -t tmpfs -o mode=0755 tmpfs "$dir"
if [ -c /dev/kvm ] && getent group kvm >/dev/null; then
    mknod -m 0660 "$dir/kvm" c 10 232
    chgrp kvm "$dir/kvm"
    mount --bind "$dir/kvm" /dev/kvm
fi
umount -l "$dir"
rmdir "$dir"
exec libvirtd -d
"""


def libvirtd_pid():
    try:
        with open(LIBVIRTD_PID) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def wait_for_libvirtd(seconds):
    for _ in range(int(seconds * 10)):
        pid = libvirtd_pid()
        if pid and os.path.exists(LIBVIRTD_SOCK):
            p = subprocess.run(["virsh", "-c", "qemu:///system", "uri"],
                               capture_output=True, text=True)
            if p.returncode == 0:
                return pid
        time.sleep(0.1)
    return None


def start_libvirtd():
    """Starts libvirtd as a daemon; returns (pid, how), or (None, why not)."""
    if os.geteuid() != 0:
        return None, "not root"
    if not shutil.which("libvirtd"):
        return None, "libvirtd is not installed (Debian package libvirt-daemon-system)"
    if shutil.which("unshare"):
        subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                        NAMESPACE_SCRIPT], capture_output=True)
        pid = wait_for_libvirtd(60)
        if pid:
            return pid, "started (private mount namespace, /dev/kvm root:kvm 0660)"
    subprocess.run(["libvirtd", "-d"], capture_output=True)
    pid = wait_for_libvirtd(60)
    return (pid, "started") if pid else (None, "libvirtd -d did not come up")


def stop_libvirtd(pid):
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return      # already gone: nothing to stop
    for _ in range(300):
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.1)


def virsh(*args):
    return subprocess.run(["virsh", "-c", "qemu:///system"] + list(args),
                          capture_output=True, text=True)


def pools():
    """name -> target path of every pool."""
    out = {}
    for name in virsh("pool-list", "--all", "--name").stdout.split():
        xml = virsh("pool-dumpxml", name).stdout
        m = re.search(r"<path>(.*?)</path>", xml)
        out[name] = m.group(1) if m else ""
    return out


def volumes(pool):
    p = virsh("vol-list", pool)
    return set(line.split()[0] for line in p.stdout.splitlines()[2:] if line.strip())


def guest_names(lines):
    names = set()
    for args in lines:
        for i, a in enumerate(args):
            if a in ("--name", "-n") and i + 1 < len(args):
                names.add(args[i + 1])
            elif a.startswith("--name="):
                names.add(a.split("=", 1)[1])
    return names


def clean_system(media, pools_before, vols_before, guests):
    """Removes what the runs made on qemu:///system; returns what it removed."""
    removed = []
    after = pools()
    if "default" in after:
        for vol in sorted(volumes("default") - vols_before):
            if any(vol == g or vol.startswith(g + ".") or vol.startswith(g + "-")
                   for g in guests):
                virsh("vol-delete", "--pool", "default", vol)
                removed.append("volume " + vol)
    for name, path in sorted(after.items()):
        if name in pools_before:
            continue
        if path == media or path.startswith(media + os.sep) or name == "default":
            virsh("pool-destroy", name)
            virsh("pool-undefine", name)
            removed.append("pool " + name)
    return removed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vireo_install")
    parser.add_argument("cmdlines")
    parser.add_argument("--uri", action="append")
    parser.add_argument("--jobs", type=int, default=4)
    opts = parser.parse_args()
    if PEER is None:
        print("Bail out! virt-install is missing: install virtinst (tools/setup does)")
        return 1
    if XORRISO is None:
        print("Bail out! xorriso is missing: install xorriso (tools/setup does)")
        return 1
    uris = opts.uri or ["test:///default", "qemu:///system"]
    media = tempfile.mkdtemp(prefix="vireo-compare-")
    make_media(media)
    lines = read_cmdlines(opts.cmdlines, media, "-" + os.path.basename(media)[-6:].lower()
                          .replace("_", "x"))
    guests = guest_names(lines)
    started = None
    results = []
    notes = []
    begin = time.monotonic()
    try:
        for uri in uris:
            t0 = time.monotonic()
            if uri == "qemu:///system":
                if libvirtd_pid() is None or not os.path.exists(LIBVIRTD_SOCK):
                    started, how = start_libvirtd()
                    if started is None:
                        results.append((False, "qemu:///system: no libvirtd, and it could "
                                        "not be started: " + how))
                        continue
                    notes.append("libvirtd %s, pid %d" % (how, started))
                else:
                    notes.append("libvirtd already running, pid %d: used as it is"
                                 % libvirtd_pid())
                pools_before = pools()
                vols_before = volumes("default") if "default" in pools_before else set()
            try:
                with concurrent.futures.ThreadPoolExecutor(opts.jobs) as ex:
                    for ok, report in ex.map(lambda a: compare(opts.vireo_install, uri, a),
                                             lines):
                        results.append((ok, "%s: %s" % (uri, report)))
            finally:
                if uri == "qemu:///system":
                    removed = clean_system(media, pools_before, vols_before, guests)
                    notes.append("qemu:///system: removed %d things virt-install made (%s)"
                                 % (len(removed), ", ".join(removed[:6]) +
                                    (", ..." if len(removed) > 6 else "")))
            notes.append("%s: %d command lines in %.0f s" % (uri, len(lines),
                                                              time.monotonic() - t0))
    finally:
        if started:
            stop_libvirtd(started)
            notes.append("libvirtd pid %d stopped" % started)
        shutil.rmtree(media, ignore_errors=True)
    print("1..%d" % len(results))
    failed = 0
    for i, (ok, report) in enumerate(results, 1):
        first, _, rest = report.partition("\n")
        print("%s %d - %s" % ("ok" if ok else "not ok", i, first))
        if not ok:
            failed += 1
            for line in rest.splitlines():
                print("# " + line)
            # meson test --print-errorlogs shows stderr: the diff alone
            diff = rest.partition("--- diff\n")[2] or rest
            sys.stderr.write("%s\n%s\n" % (first, diff))
    for note in notes:
        print("# " + note)
    print("# %d of %d command lines mean the same (%.0f s)" % (
        len(results) - failed, len(results), time.monotonic() - begin))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
