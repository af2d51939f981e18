#!/usr/bin/python3
# test-vm-window-crash.py: a guest panics under the manager (faults suite): the on_crash
# outcome shows in the VM list and in the VM window's Overview, read over AT-SPI.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it under the suite's X server):
#   test-vm-window-crash.py VIREO VIREO-TEST-EMBED
#
# One embedded root (vireo-test-embed) with the busybox guest of tests/common/media, a
# pvpanic device, "vireo.panic" on its kernel command line (its kernel panics once up) and
# on_crash=preserve, started by the helper.  vireo --connect opens the root: the list shows
# "Crashed (guest panic)"; a second vireo --show-domain-editor (forwarded to the first)
# opens the VM window, whose Overview says the same.
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

GUEST_TIMEOUT = 300    # a TCG guest boots and panics
NAME = "vf-crash"
SHOWN = "Crashed (guest panic)"

results = []


def check(ok, name, details=()):
    results.append(bool(ok))
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    for line in details:
        for part in str(line).splitlines():
            print(f"# {part}")
    sys.stdout.flush()
    return ok


def helper(embed, *args):
    out = subprocess.run([embed, *args], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise Failure(f"vireo-test-embed {' '.join(args)}: {out.stderr.strip()}")
    values = {}
    for line in out.stdout.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        key, value = line.split(" ", 1)
        values[key] = value
    return values


def guest_xml(media):
    return f"""<domain type='qemu'>
  <name>{NAME}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>{media}/vmlinuz</kernel>
    <initrd>{media}/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet vireo.panic</cmdline>
  </os>
  <on_crash>preserve</on_crash>
  <features><acpi/></features>
  <devices>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <panic model='isa'><address type='isa' iobase='0x505'/></panic>
  </devices>
</domain>
"""


def run(vireo, embed):
    media = helper(embed, "media")["media"]
    root = helper(embed, "root")["root"]
    tmp = tempfile.mkdtemp(prefix="vireo-vm-crash-")
    app = None
    uri = f"qemu:///embed?root={root}"
    try:
        path = os.path.join(tmp, f"{NAME}.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(guest_xml(media))
        helper(embed, "define", root, path, "start")
        app = ui.App([vireo, "--connect", uri])
        try:
            cell = ui.find(app.node, None, SHOWN, timeout=GUEST_TIMEOUT)
            check(cell is not None, f"the list says {SHOWN!r}")
        except Failure as e:
            check(False, f"the list says {SHOWN!r}", [e, app.log()[-1500:]])
            return
        p = subprocess.run([vireo, "--connect", uri, "--show-domain-editor", NAME],
                           env=app.env, capture_output=True, text=True, timeout=120)
        check(p.returncode == 0, "a second vireo hands the VM window over",
              [p.stdout, p.stderr])
        window = app.window(NAME)
        ui.select_item(ui.find(window, "list box", "Hardware"), "Overview")
        try:
            ui.find(window, "label", SHOWN)
            check(True, f"the VM window's Overview says {SHOWN!r}")
        except Failure as e:
            names = sorted({n.name for n in ui.find_all(window, "label")
                            if "rash" in n.name or "hut" in n.name or "unning" in n.name})
            check(False, f"the VM window's Overview says {SHOWN!r}", [e, names])
    finally:
        if app is not None:
            app.stop()
        subprocess.run([embed, "cleanup", root], capture_output=True, timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} VIREO VIREO-TEST-EMBED")
    if "VIREO_VM_TAP_FD" not in os.environ:
        # In a session bus of its own (the accessibility bus, and the manager's name for the
        # second vireo to find); the TAP lines come back on a pipe.
        if not os.environ.get("DISPLAY"):
            print("TAP version 13\nBail out! no X server: run under xvfb-run (tools/check does)")
            sys.exit(1)
        read_end, write_end = os.pipe()
        env = dict(os.environ, VIREO_VM_TAP_FD=str(write_end))
        home = tempfile.mkdtemp(prefix="vireo-vm-crash-bus-")
        for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                    "XDG_RUNTIME_DIR"):
            env[var] = os.path.join(home, var.lower())
            os.makedirs(env[var], mode=0o700)
        proc = subprocess.Popen(["dbus-run-session", "--", sys.executable] + sys.argv, env=env,
                                stdout=sys.stderr, pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end, encoding="utf-8") as out:
            for line in out:
                sys.stdout.write(line)
                sys.stdout.flush()
        status = proc.wait()
        shutil.rmtree(home, ignore_errors=True)
        sys.exit(status)
    sys.stdout = os.fdopen(int(os.environ.pop("VIREO_VM_TAP_FD")), "w", buffering=1,
                           encoding="utf-8")
    print("TAP version 13")
    try:
        run(sys.argv[1], sys.argv[2])
    except Exception as e:
        check(False, "set-up", [e] if isinstance(e, Failure)
              else traceback.format_exc().splitlines())
    print(f"1..{len(results)}")
    sys.exit(0 if results and all(results) else 1)


if __name__ == "__main__":
    main()
