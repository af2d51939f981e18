#!/usr/bin/env python3
# test-clone-compare.py: vireo-clone --print-xml against virt-clone's, command
# line by command line, on libvirt's test driver with the VMs and storage
# pools of a node file.
#
# Both outputs are compared as XML trees: an element's tag, attributes and
# text, and its children kind by kind (the disks in their order, the
# interfaces in theirs, ...).  What both make at random (a UUID, MAC
# addresses) is left out unless the command line gives it.
#
# Lines of the command-line file:
#   ARGS                     both print the same XML (--print-xml is added)
#   !error ARGS :: W1|W2     both fail; vireo-clone's message says each word
#   !run ARGS :: W1|W2       both succeed without --print-xml (each tool loads
#                            its own copy of the node file, so nothing lasts);
#                            vireo-clone's output says each word
# @MEDIA@ is a folder with real files: local.qcow2 (the image of the VM
# "local"), existing.qcow2, and orig.xml (a VM's definition for
# --original-xml).
#
# Usage: test-clone-compare.py VIREO_CLONE CMDLINES NODE_XML
# SPDX-License-Identifier: GPL-2.0-or-later

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PEER = shutil.which("virt-clone")


ORIG_XML = """<domain type='test'>
  <name>fromxml</name>
  <uuid>44444444-0000-0000-0000-000000000001</uuid>
  <title>From a file</title>
  <memory unit='KiB'>524288</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='@MEDIA@/local.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:44:44:44'/>
      <source network='default'/>
    </interface>
  </devices>
</domain>
"""


def make_media(directory):
    for name in ("local.qcow2", "existing.qcow2"):
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2",
                        os.path.join(directory, name), "1G"], check=True)
    with open(os.path.join(directory, "orig.xml"), "w") as f:
        f.write(ORIG_XML.replace("@MEDIA@", directory))


def read_lines(path, media):
    out = []
    for raw in open(path):
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        raw = raw.replace("@MEDIA@", media)
        kind = "xml"
        words = []
        if raw.startswith("!"):
            kind, raw = raw[1:].split(None, 1)
        if " :: " in raw:
            raw, w = raw.split(" :: ", 1)
            words = [x.strip() for x in w.split("|") if x.strip()]
        out.append((kind, shlex.split(raw), words))
    return out


def canon(el, known):
    """A comparable form of an element: (tag, attributes, text, children by kind)."""
    attrs = dict(el.attrib)
    if el.tag == "mac" and attrs.get("address", "").lower() not in known:
        attrs["address"] = "GENERATED"
    text = (el.text or "").strip()
    if el.tag == "uuid" and text.lower() not in known:
        text = "GENERATED"
    groups = {}
    for c in el:
        groups.setdefault(c.tag, []).append(canon(c, known))
    return (el.tag, tuple(sorted(attrs.items())), text,
            tuple((tag, tuple(groups[tag])) for tag in sorted(groups)))


def render(c, indent=0):
    tag, attrs, text, groups = c
    pad = "  " * indent
    line = pad + "<" + tag + "".join(' %s="%s"' % kv for kv in attrs) + ">"
    if text:
        line += text
    lines = [line]
    for _, children in groups:
        for child in children:
            lines += render(child, indent + 1)
    return lines


def run(tool, uri, args, print_xml):
    cmd = [tool, "--connect", uri] + args + (["--print-xml"] if print_xml else [])
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def check(vireo, uri, kind, args, words, known_macs):
    cmd = " ".join(shlex.quote(a) for a in args)
    vrc, vout, verr = run(vireo, uri, args, kind == "xml")
    prc, pout, perr = run(PEER, uri, args, kind == "xml")
    if kind == "error":
        if vrc == 0 or prc == 0:
            return False, "%s\n  expected both to fail: virt-clone rc=%d, vireo-clone rc=%d %s" % (
                cmd, prc, vrc, vout.strip())
        missing = [w for w in words if w.lower() not in verr.lower()]
        if missing:
            return False, "%s\n  vireo-clone's message %r does not say %s" % (
                cmd, verr.strip(), missing)
        return True, "%s  (both refuse: %s)" % (cmd, verr.strip())
    if vrc != 0 or prc != 0:
        return False, "%s\n  virt-clone rc=%d %s\n  vireo-clone rc=%d %s" % (
            cmd, prc, perr.strip(), vrc, verr.strip())
    if kind == "run":
        missing = [w for w in words if w.lower() not in (vout + verr).lower()]
        if missing:
            return False, "%s\n  vireo-clone's output %r does not say %s" % (
                cmd, (vout + verr).strip(), missing)
        return True, cmd
    known = known_macs | set(a.lower() for a in re.findall(r"[0-9a-fA-F:]{17}", cmd))
    known |= set(u.lower() for u in re.findall(r"[0-9a-fA-F-]{36}", cmd))
    try:
        p = canon(ET.fromstring(pout), known)
        v = canon(ET.fromstring(vout), known)
    except ET.ParseError as e:
        return False, "%s\n  output is not XML: %s\n%s" % (cmd, e, vout)
    if p != v:
        diff = "\n".join(difflib.unified_diff(render(p), render(v), "virt-clone", "vireo-clone",
                                              lineterm=""))
        return False, "%s\n  the XML differs:\n%s" % (cmd, diff)
    return True, cmd


def main():
    if len(sys.argv) != 4:
        print("usage: test-clone-compare.py VIREO_CLONE CMDLINES NODE_XML", file=sys.stderr)
        return 2
    vireo, cmdlines, node = sys.argv[1:]
    if PEER is None:
        print("1..1\nnot ok 1 - virt-clone is not installed (Debian package virtinst)")
        return 1
    media = tempfile.mkdtemp(prefix="vireo-clone-compare-")
    try:
        make_media(media)
        node_copy = os.path.join(media, "node.xml")
        with open(node_copy, "w") as f:
            f.write(open(node).read().replace("@MEDIA@", media))
        uri = "test://" + node_copy
        known_macs = set(m.lower() for m in re.findall(r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}",
                                                       open(node).read()))
        lines = read_lines(cmdlines, media)
        print("1..%d" % len(lines))
        failed = 0
        for i, (kind, args, words) in enumerate(lines, 1):
            ok, report = check(vireo, uri, kind, args, words, known_macs)
            first, _, rest = report.partition("\n")
            print("%s %d - %s" % ("ok" if ok else "not ok", i, first))
            for line in rest.splitlines():
                print("# " + line)
            sys.stdout.flush()
            failed += not ok
        return 1 if failed else 0
    finally:
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
