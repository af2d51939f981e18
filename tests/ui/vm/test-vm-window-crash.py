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
# opens the VM window, whose Overview says the same.  Then a second guest, "vf-kill", shut
# off: its window's Run starts it, its QEMU is killed with SIGKILL, the Overview says
# "Shutoff (crashed)", and Run starts it again.
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

GUEST_TIMEOUT = 300    # a TCG guest boots and panics
NAME = "vf-crash"
SHOWN = "Crashed (guest panic)"

TAP = ui.Tap()
check = TAP.check


def guest_xml(media, name=NAME, panic=True):
    cmdline = "console=ttyS0 quiet no_timer_check vireo.panic" if panic else "console=ttyS0 quiet no_timer_check"
    return f"""<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>{media}/vmlinuz</kernel>
    <initrd>{media}/initrd.img</initrd>
    <cmdline>{cmdline}</cmdline>
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


def qemu_pid(root, name):
    try:
        with open(os.path.join(root, "run", "qemu", f"{name}.pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def case_kill(app, vireo, uri, root):
    """SIGKILL of the running VM's QEMU under its window, its console open: the console
    says it waits for the guest, the Overview says it stopped and why, Run starts it again
    and the console connects to the new QEMU."""
    p = subprocess.run([vireo, "--connect", uri, "--show-domain-editor", "vf-kill"],
                       env=app.env, capture_output=True, text=True, timeout=120)
    window = app.window("vf-kill")
    ui.select_item(ui.find(window, "list box", "Hardware"), "Overview")
    ui.find(window, "label", "Shutoff")
    ui.press(ui.find(window, "push button", "Run"))
    try:
        ui.find(window, "label", "Running", timeout=GUEST_TIMEOUT)
        check(True, "Run starts vf-kill")
    except Failure as e:
        check(False, "Run starts vf-kill", [e, p.stderr, app.log()[-1500:]])
        return
    # The Console view connected to the guest (its serial console) before the kill.
    ui.press(ui.find(window, "radio button", "Console"))
    try:
        ui.find(window, None, lambda n: n.startswith("Console of vf-kill"),
                timeout=GUEST_TIMEOUT)
        check(True, "the Console view shows vf-kill's console")
    except Failure as e:
        check(False, "the Console view shows vf-kill's console", [e, app.log()[-1500:]])
        return
    pid = qemu_pid(root, "vf-kill")
    check(pid is not None, "vf-kill's QEMU has a pid file")
    os.kill(pid, signal.SIGKILL)
    # The console says so and waits to connect again, instead of a dead terminal.
    try:
        ui.find(window, "label", "Waiting for the guest to start", timeout=60)
        ui.find(window, "label",
                "The console will connect again when the virtual machine runs.")
        check(True, "after SIGKILL the Console view says it waits for the guest to run again")
    except Failure as e:
        names = sorted({n.name for n in ui.find_all(window, "label") if n.name})
        check(False, "after SIGKILL the Console view says it waits for the guest to run again",
              [e, names[:40]])
    ui.press(ui.find(window, "radio button", "Details"))
    try:
        ui.find(window, "label", "Shutoff (crashed)", timeout=60)
        check(True, "after SIGKILL the Overview says 'Shutoff (crashed)'")
    except Failure as e:
        names = sorted({n.name for n in ui.find_all(window, "label")
                        if "hut" in n.name or "unning" in n.name})
        check(False, "after SIGKILL the Overview says 'Shutoff (crashed)'", [e, names])
        return
    ui.press(ui.find(window, "push button", "Run"))
    try:
        ui.find(window, "label", "Running", timeout=GUEST_TIMEOUT)
        new_pid = qemu_pid(root, "vf-kill")
        check(new_pid is not None and new_pid != pid, "Run starts it again (a new QEMU)",
              [f"pid {pid} -> {new_pid}"])
    except Failure as e:
        check(False, "Run starts it again (a new QEMU)", [e, app.log()[-1500:]])
        return
    # ...and the console connects to the new QEMU by itself.
    ui.press(ui.find(window, "radio button", "Console"))
    try:
        ui.find(window, None, lambda n: n.startswith("Console of vf-kill"),
                timeout=GUEST_TIMEOUT)
        check(True, "the Console view connects again to the restarted guest")
    except Failure as e:
        check(False, "the Console view connects again to the restarted guest",
              [e, app.log()[-1500:]])

def run(vireo, embed):
    media = ui.run_helper(embed, "media")["media"]
    root = ui.run_helper(embed, "root")["root"]
    tmp = tempfile.mkdtemp(prefix="vireo-vm-crash-")
    app = None
    uri = f"qemu:///embed?root={root}"
    try:
        path = os.path.join(tmp, f"{NAME}.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(guest_xml(media))
        ui.run_helper(embed, "define", root, path, "start")
        kill_path = os.path.join(tmp, "vf-kill.xml")
        with open(kill_path, "w", encoding="utf-8") as f:
            f.write(guest_xml(media, "vf-kill", panic=False))
        ui.run_helper(embed, "define", root, kill_path)
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
        case_kill(app, vireo, uri, root)
    finally:
        if app is not None:
            app.stop()
        subprocess.run([embed, "cleanup", root], capture_output=True, timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} VIREO VIREO-TEST-EMBED")
    TAP.run_main("VIREO_VM_TAP_FD", "vireo-vm-crash-bus-", run, sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    main()
