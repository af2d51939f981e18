#!/usr/bin/python3
# test-vm-list.py: the manager's VM list driven as a screen-reader user drives it, over
# AT-SPI: searching the VMs of two test-driver connections (one of many VMs) by name, title
# and description, and acting on several emulated QEMU guests of the embedded connection at
# once.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it inside dbus-run-session, under the suite's X server):
#   test-vm-list.py VIREO VIREO-TEST-QEMU-GUESTS [CASE...]
#
# Like test-a11y.py it re-runs itself in a session bus of its own, where at-spi2-core's
# launcher starts the accessibility bus; its TAP lines come back on a pipe.  The QEMU
# cases use vireo-test-qemu-guests, which defines busybox guests (plain emulation) in a
# fresh embedded root, lets go of it while Vireo holds it, and reads libvirt's states from
# it once Vireo has exited: what Vireo did is checked in libvirt, not in its own window.
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

N_VMS = 120


def node_xml():
    """N_VMS running test-driver domains vm-001…; every tenth has a title "Web server N",
    three a description with "replica" in it, one an accented title."""
    out = ["<node>"]
    for i in range(1, N_VMS + 1):
        extra = ""
        if i % 10 == 0:
            extra += f"<title>Web server {i}</title>"
        if i in (7, 42, 99):
            extra += f"<description>Database replica of db-{i}</description>"
        if i == 55:
            extra += "<title>Serveur d'été</title>"
        out.append(f"  <domain type='test'><name>vm-{i:03d}</name>{extra}"
                   "<memory unit='MiB'>128</memory>"
                   "<os><type arch='x86_64'>hvm</type></os></domain>")
    out.append("</node>")
    return "\n".join(out) + "\n"


N_DBS = 8


def second_node_xml():
    """A second connection's N_DBS domains store-1…, two of them replicas too."""
    out = ["<node>"]
    for i in range(1, N_DBS + 1):
        extra = "<description>Read replica</description>" if i in (3, 6) else ""
        out.append(f"  <domain type='test'><name>store-{i}</name>{extra}"
                   "<memory unit='MiB'>128</memory>"
                   "<os><type arch='x86_64'>hvm</type></os></domain>")
    out.append("</node>")
    return "\n".join(out) + "\n"


def is_vm_name(name):
    """A VM's row, not a connection's (whose name cell says how many VMs it has)."""
    return "virtual machine" not in name


def vm_rows(table):
    """The names in the list's VM rows (not the connections')."""
    return [n for n in ui.table_rows(table) if is_vm_name(n)]


def wait_rows(table, expected, what):
    expected = sorted(expected)
    try:
        return ui.wait_for(lambda: sorted(vm_rows(table)) == expected, what)
    except Failure:
        raise Failure(f"{what}: the list shows {vm_rows(table)}, not {expected}") from None


# ------------------------------------------------------------------------------------------
# Search, on a test-driver node

def case_search(ctx, check):
    work = tempfile.mkdtemp(prefix="vireo-vm-list-")
    node = os.path.join(work, "node.xml")
    with open(node, "w", encoding="utf-8") as f:
        f.write(node_xml())
    # A second connection: the search covers every connection's VMs.
    node2 = os.path.join(work, "dbs.xml")
    with open(node2, "w", encoding="utf-8") as f:
        f.write(second_node_xml())
    n_all = N_VMS + N_DBS
    app = ui.App([ctx.vireo, "--connect", f"test://{node}", "--connect", f"test://{node2}"])
    try:
        window = app.window("Vireo")
        table = ui.find(window, "tree table", "Virtual Machines")
        ui.wait_for(lambda: len(vm_rows(table)) == n_all, f"the {n_all} VMs in the list")
        check(len(ui.table_rows(table)) == n_all + 2,
              f"the list shows both connections' {n_all} VMs under their two rows")

        # Ctrl+F, as a keyboard user does, brings the search entry, focused.
        search = ui.find(window, "toggle button", "Search")
        ui.key_combo("Control_L", "f")
        entry = ui.find(window, "text", "Search Virtual Machines")
        ui.wait_for(lambda: entry.getState().contains(ui.pyatspi.STATE_FOCUSED),
                    "the search entry focused")
        check(search.getState().contains(ui.pyatspi.STATE_CHECKED) and
              bool(entry.description),
              "Ctrl+F shows the search entry, focused, with a tooltip")

        cases = [
            ("replica", ["vm-007", "vm-042", "vm-099", "store-3", "store-6"],
             "the description, on both connections"),
            ("store-", [f"store-{i}" for i in range(1, N_DBS + 1)], "the name, on the second"),
            ("web server 1", ["vm-010", "vm-100", "vm-110", "vm-120"], "the title"),
            ("ETE", ["vm-055"], "the title, case and accents aside"),
            ("vm-11", [f"vm-{i}" for i in range(110, 120)], "the name"),
            ("nothing like this", [], "nothing"),
        ]
        for text, expected, what in cases:
            ui.type_text(entry, text)
            wait_rows(table, expected, f"searching “{text}”")
            check(True, f"searching “{text}” finds {what}: {len(expected)} VMs")
        # The connections' rows stay, whatever the search.
        check(len(ui.table_rows(table)) == 2, "the connections' rows stay when nothing matches")

        # Escape in the entry ends the search: every VM again.
        ui.type_text(entry, "vm-00")
        ui.key("Escape")
        ui.wait_for(lambda: len(vm_rows(table)) == n_all, "every VM back after Escape")
        check(not search.getState().contains(ui.pyatspi.STATE_CHECKED),
              "Escape hides the search entry and shows every VM again")
    finally:
        app.stop()
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------------------------------
# Several QEMU guests at once, on the embedded connection

class Guests:
    """vireo-test-qemu-guests: a root with guests, and libvirt's states on demand."""

    def __init__(self, helper, names, broken):
        self.helper = helper
        self.proc = subprocess.Popen([helper, "--broken", broken] + names, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.root = None
        for line in self._lines():
            if line.startswith("root "):
                self.root = line.split(" ", 1)[1]
            elif line == "ready":
                break
        if self.root is None:
            raise Failure(f"{helper} did not make a root with guests")

    def _lines(self):
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):   # GLib's test chatter
                yield line

    def states(self, names):
        """libvirt's state of each guest (Vireo must have let go of the root), read by a
        process of its own."""
        done = subprocess.run([self.helper, "--states", self.root] + names, text=True,
                              stdout=subprocess.PIPE, timeout=ui.TIMEOUT, check=True)
        return dict(line.split() for line in done.stdout.splitlines()
                    if line and not line.startswith("#"))

    def stop(self):
        self.proc.stdin.close()  # the helper kills the guests' QEMU and removes the root
        self.proc.wait(timeout=120)


def state_of(table, name):
    """The State column's text in @name's row."""
    names = ui.table_rows(table)
    states = ui.table_rows(table, column=1)
    return states[names.index(name)] if name in names else None


def wait_states(table, names, state):
    try:
        ui.wait_for(lambda: all(state_of(table, n) == state for n in names),
                    f"{', '.join(names)} {state}")
    except Failure:
        now = {n: state_of(table, n) for n in names}
        raise Failure(f"waiting for {', '.join(names)} to be {state}: {now}") from None


def select_only(table, names):
    """Selects the rows of @names, and no other (the table's own selection calls)."""
    rows = table.queryTable()
    rows_names = ui.table_rows(table)
    selection = table.querySelection()
    selection.clearSelection()
    for name in names:
        row = rows_names.index(name)
        if not rows.addRowSelection(row):
            raise Failure(f"could not select the row of {name}")
    ui.wait_for(lambda: sorted(rows_names[r] for r in range(rows.nRows)
                               if rows.isRowSelected(r)) == sorted(names),
                f"{', '.join(names)} selected")


def start_manager(ctx, guests):
    app = ui.App([ctx.vireo, "--connect", f"qemu:///embed?root={guests.root}"])
    window = app.window("Vireo")
    table = ui.find(window, "tree table", "Virtual Machines")
    ui.wait_for(lambda: set(vm_rows(table)) >= {"g1", "g2", "g3", "gbad"},
                "the guests in the list")
    return app, window, table


def menu_item(window, button, item):
    ui.press(ui.find(window, "toggle button", button))
    ui.press(ui.find(window, None, item))


def quit_manager(app, window):
    """Quits as a user does (Main Menu, Quit), and waits for the process to end: the VMs
    keep running, and libvirt has let go of the root.  (A process killed instead leaves
    libvirt's monitor connections to the guests behind, and the next one to open the root
    may find them gone.)"""
    menu_item(window, "Main Menu", "Quit")
    try:
        app.process.wait(timeout=ui.TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure("vireo did not quit") from None
    app.stop()


def case_qemu(ctx, check):
    guests = Guests(ctx.guests_helper, ["g1", "g2", "g3"], "gbad")
    app = None
    try:
        # Three selected, one Run: all three start.
        app, window, table = start_manager(ctx, guests)
        wait_states(table, ["g1", "g2", "g3", "gbad"], "Shutoff")
        select_only(table, ["g1", "g2", "g3"])
        ui.press(ui.find(window, "push button", "Run"))
        wait_states(table, ["g1", "g2", "g3"], "Running")
        quit_manager(app, window)
        app = None
        states = guests.states(["g1", "g2", "g3", "gbad"])
        check(states == {"g1": "running", "g2": "running", "g3": "running",
                         "gbad": "shutoff"},
              "three selected VMs started by one Run: libvirt has them running",
              [f"libvirt says {states}"])

        # Force off asks first, naming every VM it is about.
        app, window, table = start_manager(ctx, guests)
        wait_states(table, ["g1", "g2", "g3"], "Running")
        select_only(table, ["g1", "g2"])
        menu_item(window, "Shut Down", "Force Off")
        dialog = app.window("Force Off", roles=("dialog", "alert"))
        names = ui.find(dialog, "label", lambda n: "g1" in n and "g2" in n)
        check(bool(names), "one confirmation lists both VMs",
              [f"it says {ui.text_of(names)!r}"])
        ui.press(ui.find(dialog, "push button", "Force Off"))
        app.gone(dialog)
        wait_states(table, ["g1", "g2"], "Shutoff")
        check(state_of(table, "g3") == "Running", "Force Off acted on the selected VMs alone")

        # A failure on one of several: reported by name, the others still act.
        select_only(table, ["g1", "gbad", "g2"])
        ui.press(ui.find(window, "push button", "Run"))
        wait_states(table, ["g1", "g2"], "Running")
        error = ui.find(window, "label", lambda n: "gbad" in n)
        message = ui.text_of(error)
        check("Could not start “gbad”" in message and "g1" not in message and
              "g2" not in message,
              "the VM that could not start is named, and only it",
              [f"the message: {message!r}"])
        check(state_of(table, "gbad") == "Shutoff", "the others started all the same")

        # Preferences turn the force-off confirmation off: no dialog then.
        menu_item(window, "Main Menu", "Preferences")
        prefs = app.window("Preferences")
        forcing_off = ui.find(prefs, "check box", "Forcing off")
        check(forcing_off.getState().contains(ui.pyatspi.STATE_CHECKED) and
              bool(forcing_off.description),
              "Preferences have the force-off confirmation, on, with a tooltip")
        ui.press(forcing_off)
        ui.wait_for(lambda: not forcing_off.getState().contains(ui.pyatspi.STATE_CHECKED),
                    "the check box unchecked")
        ui.press(ui.find(prefs, "push button", "Close"))
        app.gone(prefs)
        select_only(table, ["g1", "g2"])
        menu_item(window, "Shut Down", "Force Off")
        wait_states(table, ["g1", "g2"], "Shutoff")
        shown = [t.name for t in ui.children(app.node)
                 if ui.showing(t) and t.name == "Force Off"]
        check(not shown, "with the confirmation off, Force Off acts without asking")
        quit_manager(app, window)
        app = None
        states = guests.states(["g1", "g2", "g3", "gbad"])
        check(states == {"g1": "shutoff", "g2": "shutoff", "g3": "running",
                         "gbad": "shutoff"},
              "libvirt has what the list showed", [f"libvirt says {states}"])
    finally:
        if app is not None:
            app.stop()
        guests.stop()


CASES = [
    ("search", case_search),
    ("qemu", case_qemu),
]


def main():
    if len(sys.argv) < 3:
        sys.exit(f"usage: {sys.argv[0]} VIREO VIREO-TEST-QEMU-GUESTS [CASE...]")
    ui.run_in_private_session("VIREO_VM_LIST_TAP_FD", "vireo-vm-list-bus-")

    class Ctx:
        vireo, guests_helper = sys.argv[1:3]
    only = set(sys.argv[3:])
    print("TAP version 13")
    tap = ui.Tap()
    check = tap.check

    for name, run in CASES:
        if only and name not in only:
            continue
        try:
            run(Ctx, check)
        except Exception as e:
            check(False, f"{name}: ran to the end",
                  [e] if isinstance(e, Failure) else traceback.format_exc().splitlines())
    tap.finish()


if __name__ == "__main__":
    main()
