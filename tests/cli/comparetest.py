# comparetest.py: the harness that test-xml-compare.py and test-clone-compare.py share,
# a Vireo command-line tool's --print-xml against its virtinst peer's, command line by
# command line, on libvirt's test driver with the domains of a node file.
#
# Both outputs are compared as XML trees: an element's tag, attributes and
# text, and its children kind by kind (the disks in their order, the
# interfaces in theirs, ...; the order between kinds is left to libvirt,
# which writes its own).  What the tools make at random (MAC addresses of
# new interfaces; with random_uuid, UUIDs) is left out unless the node file
# or the command line gives it.
#
# Lines of the command-line file:
#   ARGS                     both print the same XML (--print-xml is added)
#   !error ARGS :: W1|W2     both fail; our tool's message says each word
#   !run ARGS :: W1|W2       both succeed without --print-xml (each tool loads
#                            its own copy of the node file, so nothing lasts);
#                            our tool's output says each word
# @MEDIA@ is a folder of real files the test makes (make_media).
#
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

MAC = r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}"


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


def canon(el, known, random_uuid=False):
    """A comparable form of an element: (tag, attributes, text, children by kind)."""
    attrs = dict(el.attrib)
    if el.tag == "mac" and attrs.get("address", "").lower() not in known:
        attrs["address"] = "GENERATED"
    text = (el.text or "").strip()
    if random_uuid and el.tag == "uuid" and text.lower() not in known:
        text = "GENERATED"
    groups = {}
    for c in el:
        groups.setdefault(c.tag, []).append(canon(c, known, random_uuid))
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


class Comparison:
    """Our tool (@ours, at @ours_path) against @peer (a program on PATH)."""

    def __init__(self, ours, ours_path, peer, random_uuid=False):
        self.ours = ours
        self.ours_path = ours_path
        self.peer = peer
        self.peer_path = shutil.which(peer)
        self.random_uuid = random_uuid

    def check(self, uri, kind, args, words, known_macs):
        ours, peer = self.ours, self.peer
        cmd = " ".join(shlex.quote(a) for a in args)
        vrc, vout, verr = run(self.ours_path, uri, args, kind == "xml")
        prc, pout, perr = run(self.peer_path, uri, args, kind == "xml")
        if kind == "error":
            if vrc == 0 or prc == 0:
                return False, "%s\n  expected both to fail: %s rc=%d, %s rc=%d %s" % (
                    cmd, peer, prc, ours, vrc, vout.strip())
            missing = [w for w in words if w.lower() not in verr.lower()]
            if missing:
                return False, "%s\n  %s's message %r does not say %s" % (
                    cmd, ours, verr.strip(), missing)
            return True, "%s  (both refuse: %s)" % (cmd, verr.strip())
        if vrc != 0 or prc != 0:
            return False, "%s\n  %s rc=%d %s\n  %s rc=%d %s" % (
                cmd, peer, prc, perr.strip(), ours, vrc, verr.strip())
        if kind == "run":
            missing = [w for w in words if w.lower() not in (vout + verr).lower()]
            if missing:
                return False, "%s\n  %s's output %r does not say %s" % (
                    cmd, ours, (vout + verr).strip(), missing)
            return True, cmd
        known = known_macs | set(a.lower() for a in re.findall(r"[0-9a-fA-F:]{17}", cmd))
        if self.random_uuid:
            known |= set(u.lower() for u in re.findall(r"[0-9a-fA-F-]{36}", cmd))
        try:
            p = canon(ET.fromstring(pout), known, self.random_uuid)
            v = canon(ET.fromstring(vout), known, self.random_uuid)
        except ET.ParseError as e:
            return False, "%s\n  output is not XML: %s\n%s" % (cmd, e, vout)
        if p != v:
            diff = "\n".join(difflib.unified_diff(render(p), render(v), peer, ours,
                                                  lineterm=""))
            return False, "%s\n  the XML differs:\n%s" % (cmd, diff)
        return True, cmd

    def main(self, argv, make_media):
        """Runs every line of the command-line file as a TAP test; the exit status.
        @argv: [program, OUR_TOOL, CMDLINES, NODE_XML]; @make_media(folder) fills
        @MEDIA@, which the node file may name too."""
        if len(argv) != 4:
            print("usage: %s %s CMDLINES NODE_XML" % (os.path.basename(argv[0]),
                                                       self.ours.upper().replace("-", "_")),
                  file=sys.stderr)
            return 2
        self.ours_path, cmdlines, node = argv[1:]
        if self.peer_path is None:
            print("1..1\nnot ok 1 - %s is not installed (Debian package virtinst)" % self.peer)
            return 1
        media = tempfile.mkdtemp(prefix="%s-compare-" % self.ours)
        try:
            make_media(media)
            node_copy = os.path.join(media, "node.xml")
            with open(node) as f:
                node_text = f.read()
            with open(node_copy, "w") as f:
                f.write(node_text.replace("@MEDIA@", media))
            uri = "test://" + node_copy
            known_macs = set(m.lower() for m in re.findall(MAC, node_text))
            lines = read_lines(cmdlines, media)
            print("1..%d" % len(lines))
            failed = 0
            for i, (kind, args, words) in enumerate(lines, 1):
                ok, report = self.check(uri, kind, args, words, known_macs)
                first, _, rest = report.partition("\n")
                print("%s %d - %s" % ("ok" if ok else "not ok", i, first))
                for line in rest.splitlines():
                    print("# " + line)
                sys.stdout.flush()
                failed += not ok
            return 1 if failed else 0
        finally:
            shutil.rmtree(media, ignore_errors=True)
