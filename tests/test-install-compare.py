#!/usr/bin/env python3
# test-install-compare.py: vireo-install --print-xml against virt-install's,
# command line by command line, on test:///default and on qemu:///system.
#
# Both XML outputs are reduced to what they mean (memory and vCPU layout, OS
# type/arch/machine, firmware, boot order, disks, interfaces, graphics, video,
# sound, channels, controllers, inputs and the other devices) and compared.
# Generated values (UUID, random MACs, copied kernel paths) are left out.
#
# Usage: test-install-compare.py VIREO_INSTALL CMDLINES [--uri URI ...]
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
import time
import xml.etree.ElementTree as ET

PEER = shutil.which("virt-install")


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


def read_cmdlines(path, media):
    lines = []
    for raw in open(path):
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        system = raw.startswith("*")
        raw = raw.lstrip("* ")
        lines.append((system, shlex.split(raw.replace("@MEDIA@", media))))
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


def run(tool, uri, args):
    p = subprocess.run([tool, "--connect", uri, "--print-xml"] + args,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900)
    return p.returncode, p.stdout, p.stderr


def compare(vireo, uri, args):
    """Returns (ok, report)."""
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


def libvirtd_running():
    try:
        with open("/run/libvirtd.pid") as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        return True
    except (OSError, ValueError):
        return False


def start_libvirtd():
    """Starts libvirtd as a daemon; returns its pid, or None if it cannot."""
    if os.geteuid() != 0 or not shutil.which("libvirtd"):
        return None
    subprocess.run(["libvirtd", "-d"], check=False)
    for _ in range(100):
        if libvirtd_running():
            with open("/run/libvirtd.pid") as f:
                return int(f.read().strip())
        time.sleep(0.1)
    return None


def list_pools(uri):
    p = subprocess.run(["virsh", "-c", uri, "pool-list", "--all", "--name"],
                       capture_output=True, text=True)
    return set(x.strip() for x in p.stdout.split() if x.strip())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vireo_install")
    parser.add_argument("cmdlines")
    parser.add_argument("--uri", action="append")
    parser.add_argument("--jobs", type=int, default=8)
    opts = parser.parse_args()
    if PEER is None:
        print("1..0 # SKIP virt-install (Debian package virtinst) is not installed")
        return 0
    uris = opts.uri or ["test:///default", "qemu:///system"]
    media = tempfile.mkdtemp(prefix="vireo-compare-")
    make_media(media)
    lines = read_cmdlines(opts.cmdlines, media)
    started = None
    results = []
    images_dir = "/var/lib/libvirt/images"
    try:
        for uri in uris:
            selected = lines
            jobs = opts.jobs
            if uri == "qemu:///system":
                if not libvirtd_running():
                    started = start_libvirtd()
                    if started is None:
                        results.append((False, "qemu:///system: no libvirtd, and it could "
                                        "not be started"))
                        continue
                selected = [l for l in lines if l[0]]
                jobs = 2
                pools = list_pools(uri)
                images = set(os.listdir(images_dir)) if os.path.isdir(images_dir) else set()
            with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
                for ok, report in ex.map(lambda l: compare(opts.vireo_install, uri, l[1]),
                                         selected):
                    results.append((ok, "%s: %s" % (uri, report)))
            if uri == "qemu:///system":
                # virt-install makes disk images and pools even for --print-xml.
                for name in set(os.listdir(images_dir)) - images:
                    subprocess.run(["virsh", "-c", uri, "vol-delete", "--pool", "default",
                                    name], capture_output=True)
                    if os.path.exists(os.path.join(images_dir, name)):
                        os.unlink(os.path.join(images_dir, name))
                for pool in list_pools(uri) - pools:
                    subprocess.run(["virsh", "-c", uri, "pool-destroy", pool],
                                   capture_output=True)
                    subprocess.run(["virsh", "-c", uri, "pool-undefine", pool],
                                   capture_output=True)
    finally:
        if started:
            os.kill(started, signal.SIGTERM)
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
    print("# %d of %d command lines mean the same" % (len(results) - failed, len(results)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
