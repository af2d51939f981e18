#!/usr/bin/python3
# test-vm-window-daemon.py: the libvirt daemon under open VM windows is killed and started
# again (faults suite): the windows stay, say the connection is lost, and show their VMs
# again once Vireo has reconnected by itself; a VM undefined while the daemon was down
# takes its window with it.  Read and driven over AT-SPI.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it under the suite's X server, as root):
#   test-vm-window-daemon.py VIREO
#
# A libvirtd of the test's own (its sockets in a folder of the test, no TCP), on libvirt's
# test driver with a node file of the test's (test+unix:///DIR/node.xml?socket=...): the
# daemon reads the file at each open, so a restart with "wd-gone" taken out of the file is
# "wd-gone was undefined while the daemon was down".  vireo --connect URI opens the
# manager; vireo --show-domain-editor opens the windows of "wd-keep" (left on its Console
# view) and "wd-gone" (Details).  The daemon is killed with SIGKILL: both windows stay and
# say "Connection lost — reconnecting…", their Run buttons are insensitive, wd-keep's
# Console view says it is disconnected.  The daemon starts again: wd-keep's window shows
# its VM again (Overview: its UUID and "Running"), Shut Down and Run act on it through the
# new connection, its console page is back; wd-gone's window closes; the manager lists
# wd-keep and not wd-gone.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import pyatspi  # noqa: E402
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

KEEP = "wd-keep"
GONE = "wd-gone"
UUIDS = {KEEP: "0a7c1f3e-5d2b-4c88-9e61-3b5f0d7a2c11",
         GONE: "0a7c1f3e-5d2b-4c88-9e61-3b5f0d7a2c22"}
LOST = "Connection lost — reconnecting…"
CONSOLE_LOST = ("Disconnected: the console connects again when the connection to the host "
                "is back.")
NO_CONSOLE = "This virtual machine has no graphical console"
# A limit for a stuck run, never a measure: the reconnect time is reported, not asserted.
BACK_TIMEOUT = 120

TAP = ui.Tap()
check = TAP.check


def note(text):
    print(f"# {text}")
    sys.stdout.flush()


def node_xml(names):
    domains = "".join(f"""  <domain type='test'>
    <name>{name}</name>
    <uuid>{UUIDS[name]}</uuid>
    <memory unit='MiB'>256</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
  </domain>
""" for name in names)
    return f"""<node>
  <cpu><mhz>3000</mhz><model>x86_64</model><active>2</active><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads></cpu>
  <memory>8388608</memory>
{domains}</node>
"""


class Daemon:
    """A libvirtd of the test's own: its sockets, pid file and log in @folder."""

    def __init__(self, folder):
        self.folder = folder
        self.socket = os.path.join(folder, "libvirt-sock")
        self.conf = os.path.join(folder, "libvirtd.conf")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(f'unix_sock_dir = "{folder}"\nlisten_tls = 0\nlisten_tcp = 0\n'
                    'auth_unix_rw = "none"\nauth_unix_ro = "none"\n')
        self.process = None

    def start(self):
        if shutil.which("libvirtd") is None:
            raise Failure("libvirtd is missing: install libvirt-daemon-system")
        if os.path.exists(self.socket):
            os.unlink(self.socket)
        env = {k: v for k, v in os.environ.items()
               if k not in ("LIBVIRT_DEBUG", "LIBVIRT_LOG_FILTERS", "LIBVIRT_LOG_OUTPUTS")}
        with open(os.path.join(self.folder, "libvirtd.log"), "a", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                ["libvirtd", "--config", self.conf,
                 "--pid-file", os.path.join(self.folder, "libvirtd.pid")],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        ui.wait_for(lambda: os.path.exists(self.socket) or self.process.poll() is not None,
                    f"libvirtd's socket {self.socket}")
        if self.process.poll() is not None:
            raise Failure(f"libvirtd exited with status {self.process.returncode}: "
                          f"{self.log()}")

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def log(self):
        try:
            with open(os.path.join(self.folder, "libvirtd.log"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""


def sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def labels(window):
    return sorted({n.name for n in ui.find_all(window, "label") if n.name})


def shut_down_item(window):
    """The Shut Down menu's own Shut Down item (not the menu button)."""
    def lookup():
        return [n for n in ui.find_all(window, None, "Shut Down")
                if ui.role_name(n) != "toggle button"]
    return ui.wait_for(lookup, "the Shut Down menu's item")[0]


def open_window(app, vireo, uri, name):
    p = subprocess.run([vireo, "--connect", uri, "--show-domain-editor", name],
                       env=app.env, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise Failure(f"vireo --show-domain-editor {name}: {p.stdout}{p.stderr}")
    window = app.window(name)
    ui.select_item(ui.find(window, "list box", "Hardware"), "Overview")
    ui.find(window, "label", UUIDS[name])
    return window


def run(vireo):
    if os.geteuid() != 0:
        raise Failure("this test starts a libvirtd of its own, which needs root: run the "
                      "tests as root (sudo tools/check)")
    folder = tempfile.mkdtemp(prefix="vireo-wd-")
    os.chmod(folder, 0o755)
    node = os.path.join(folder, "node.xml")
    with open(node, "w", encoding="utf-8") as f:
        f.write(node_xml([KEEP, GONE]))
    daemon = Daemon(folder)
    app = None
    uri = f"test+unix://{node}?socket={daemon.socket}"
    try:
        daemon.start()
        app = ui.App([vireo, "--connect", uri])
        manager = app.window("Vireo")
        table = ui.find(manager, "tree table", "Virtual Machines")
        ui.wait_for(lambda: {KEEP, GONE} <= set(ui.table_rows(table)), "the VMs in the list")

        gone_window = open_window(app, vireo, uri, GONE)
        keep_window = open_window(app, vireo, uri, KEEP)
        check("Running" in labels(keep_window), f"{KEEP}'s Overview says Running")
        # wd-keep is left on its Console view (the test driver's VM has no console to show).
        ui.press(ui.find(keep_window, "radio button", "Console"))
        ui.find(keep_window, "label", NO_CONSOLE)

        # The daemon dies under the windows.
        daemon.kill()
        killed = time.monotonic()
        for name, window in ((KEEP, keep_window), (GONE, gone_window)):
            try:
                ui.find(window, "label", LOST)
                check(True, f"after SIGKILL of libvirtd {name}'s window stays and says "
                      f"{LOST!r}")
            except Exception as e:  # Failure, or a window that went away
                tops = [t.name for t in ui.children(app.node)]
                check(False, f"after SIGKILL of libvirtd {name}'s window stays and says "
                      f"{LOST!r}", [e, f"the windows are {tops}", app.log()[-1500:]])
                return
        note(f"the windows said the connection was lost {time.monotonic() - killed:.1f} s "
             "after the kill")
        run_button = ui.find(keep_window, "push button", "Run")
        pause_button = ui.find(keep_window, "push button", "Pause")
        check(not sensitive(run_button) and not sensitive(pause_button),
              "Run and Pause are insensitive while the connection is lost")
        try:
            ui.find(keep_window, "label", CONSOLE_LOST)
            check(not ui.find_all(keep_window, "label", NO_CONSOLE),
                  "the Console view says it is disconnected (its page of the old "
                  "connection is gone)")
        except Failure as e:
            check(False, "the Console view says it is disconnected", [e, labels(keep_window)])

        # wd-gone is undefined while the daemon is down; the daemon starts again.
        with open(node, "w", encoding="utf-8") as f:
            f.write(node_xml([KEEP]))
        daemon.start()
        restarted = time.monotonic()
        try:
            ui.wait_for(lambda: not ui.find_all(keep_window, "label", LOST),
                        f"{KEEP}'s window to show its VM again", timeout=BACK_TIMEOUT)
            note(f"{KEEP}'s window was back {time.monotonic() - restarted:.1f} s after "
                 "libvirtd started again")
            check(True, f"{KEEP}'s window shows its VM again without being reopened")
        except Failure as e:
            check(False, f"{KEEP}'s window shows its VM again without being reopened",
                  [e, labels(keep_window), app.log()[-1500:], daemon.log()])
            return
        try:
            ui.find(keep_window, "label", NO_CONSOLE)
            check(not ui.find_all(keep_window, "label", CONSOLE_LOST),
                  "its Console view has a console page of the new connection again")
        except Failure as e:
            check(False, "its Console view has a console page again", [e, labels(keep_window)])
        try:
            app.gone(gone_window, timeout=BACK_TIMEOUT)
            check(True, f"{GONE}'s window closed: its VM was undefined while the daemon "
                  "was down")
        except Failure as e:
            check(False, f"{GONE}'s window closed", [e, app.log()[-1500:]])
        try:
            ui.wait_for(lambda: KEEP in ui.table_rows(table) and
                        GONE not in ui.table_rows(table),
                        f"the list with {KEEP} and without {GONE}", timeout=BACK_TIMEOUT)
            check(True, f"the manager lists {KEEP} again, and not {GONE}")
        except Failure as e:
            check(False, f"the manager lists {KEEP} again, and not {GONE}",
                  [e, ui.table_rows(table)])

        # Details and controls act on the VM through the new connection.
        ui.press(ui.find(keep_window, "radio button", "Details"))
        ui.select_item(ui.find(keep_window, "list box", "Hardware"), "Overview")
        try:
            ui.find(keep_window, "label", UUIDS[KEEP])
            ui.find(keep_window, "label", "Running")
            check(True, f"its Overview shows {KEEP}'s UUID and Running again")
        except Failure as e:
            check(False, f"its Overview shows {KEEP}'s UUID and Running again",
                  [e, labels(keep_window)])
        run_button = ui.find(keep_window, "push button", "Run")
        check(not sensitive(run_button) and sensitive(ui.find(keep_window, "push button",
                                                               "Pause")),
              "Pause is sensitive again (Run not: the VM runs)")
        ui.press(ui.find(keep_window, "toggle button", "Shut Down"))
        ui.press(shut_down_item(keep_window))
        try:
            ui.find(keep_window, "label", "Shutoff")
            ui.wait_for(lambda: sensitive(run_button), "Run to be sensitive")
            check(True, "Shut Down stops the VM through the new connection (Shutoff)")
        except Failure as e:
            check(False, "Shut Down stops the VM through the new connection",
                  [e, labels(keep_window), app.log()[-1500:]])
            return
        ui.press(run_button)
        try:
            ui.find(keep_window, "label", "Running")
            check(True, "Run starts it again")
        except Failure as e:
            check(False, "Run starts it again", [e, labels(keep_window), app.log()[-1500:]])
        # A console page destroyed while an AT-SPI client watches (the window drops it
        # when the connection is lost) takes its menu buttons' popovers with it, and
        # GTK's popover accessible is then asked for its state with its widget gone
        # (gtk_popover_get_modal): that one is GTK's.
        with open(app.log_path, encoding="utf-8", errors="replace") as f:
            bad = [line for line in f if ("CRITICAL" in line or "WARNING" in line) and
                   "gtk_popover_get_modal: assertion 'GTK_IS_POPOVER (popover)'" not in line]
        check(not bad, "vireo logged no warning or critical of its own through it all",
              bad[:20])
    finally:
        if app is not None:
            app.stop()
        daemon.kill()
        shutil.rmtree(folder, ignore_errors=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} VIREO")
    TAP.run_main("VIREO_VM_TAP_FD", "vireo-vm-daemon-bus-", run, sys.argv[1])


if __name__ == "__main__":
    main()
