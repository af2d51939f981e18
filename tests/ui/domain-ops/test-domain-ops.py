#!/usr/bin/python3
# test-domain-ops.py: Clone…, Snapshots…, Migrate… and Move to… driven as a user drives them,
# over AT-SPI.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it under the suite's X server):
#   test-domain-ops.py VIREO
#
# The manager runs on a libvirt test-driver node of the test's own with a shut-off VM
# "ops-vm" whose disk is a real qcow2 image holding data, and a running VM "ops-run".
#
# 1. Clone…: the dialog proposes virt-clone's name "ops-vm-clone"; the name is changed
#    to "ops-copy" and Clone pressed: the dialog closes, "ops-copy" is in the list, and its
#    disk, a new file beside the original, has the original's bytes.
# 2. Snapshots… of ops-vm opens its VM window on the Snapshots view: a snapshot "first" with a description is taken and shows in the
#    tree, marked current; its description is edited and saved, and the tree shows the new
#    one; a second, "second", shows as the child of "first"; deleting "second" leaves
#    "first", and the window says what became of the snapshot's data.
# 3. Migrate… and Move to… with no other connection open: both say to connect the
#    destination first, and their Migrate and Move buttons cannot be pressed.  With the
#    dialog still open, a second test-driver connection ("other.xml", one VM) is opened
#    the way a terminal does it (a second vireo --connect, handed to the running manager):
#    the Destination combo box lists it, chosen, the button can be pressed and the reason
#    is gone.  Disconnected from the manager's list, it leaves the combo box again.  For
#    Migrate… the connection is new to the manager; for Move to… it is in the list,
#    disconnected, and becomes active.
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

NODE_XML = """<node>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>ops-vm</name>
    <memory unit='MiB'>256</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='{dir}/ops-vm.qcow2'/><target dev='vda' bus='virtio'/>
      </disk>
    </devices>
    <test:runstate>5</test:runstate>
  </domain>
  <domain type='test'>
    <name>ops-run</name>
    <memory unit='MiB'>256</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
  </domain>
</node>
"""

OTHER_XML = """<node>
  <domain type='test'>
    <name>other-vm</name>
    <memory unit='MiB'>128</memory>
    <os><type arch='x86_64'>hvm</type></os>
  </domain>
</node>
"""

TAP = ui.Tap()
check = TAP.check


def row_menu_item(app, cell_name, item_name):
    """Presses @item_name in the context menu of the list's row whose cell @cell_name
    (a string or a function of the name) names."""
    window = app.window("Vireo")
    table = ui.find(window, "tree table", "Virtual Machines")
    # The list selects several rows: this one alone.
    rows = table.queryTable()
    for row in rows.getSelectedRows():
        rows.removeRowSelection(row)
    ui.select_row(table, cell_name)
    table.queryComponent().grabFocus()
    ui.key("Menu")
    ui.press(ui.find(app.node, "menu item", item_name))


def vm_menu_item(app, vm, item_name):
    row_menu_item(app, lambda n: n.startswith(vm), item_name)


def cell_names(table):
    return [n.name for n in ui.find_all(table, "table cell", only_showing=False)]


def sensitive(node):
    import pyatspi
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def test_clone(app, tmp):
    vm_menu_item(app, "ops-vm", "Clone…")
    dialog = app.window("Clone Virtual Machine")
    name = ui.find(dialog, "text", "Name")
    ui.wait_for(lambda: ui.text_of(name) == "ops-vm-clone", "the proposed name ops-vm-clone")
    check(True, "clone: virt-clone's name is proposed")
    ui.type_text(name, "ops-copy")
    clone_button = ui.find(dialog, "push button", "Clone")
    ui.wait_for(lambda: sensitive(clone_button), "Clone to be pressable")
    ui.press(clone_button)
    app.gone(dialog, timeout=60)
    table = ui.find(app.window("Vireo"), "tree table", "Virtual Machines")
    ui.wait_for(lambda: any(n.startswith("ops-copy") for n in cell_names(table)),
                "ops-copy in the list")
    check(True, "clone: the clone is in the list")
    copies = [f for f in os.listdir(tmp) if f.endswith(".qcow2") and f != "ops-vm.qcow2"]
    same = len(copies) == 1 and filecmp.cmp(os.path.join(tmp, "ops-vm.qcow2"),
                                            os.path.join(tmp, copies[0]), shallow=False)
    check(same, "clone: one new image beside the original, with its bytes", [copies])


def snapshot_rows(window):
    tree = ui.find(window, "tree table", "Snapshots")
    return tree, cell_names(tree)


def take_snapshot(window, name, description):
    ui.type_text(ui.find(window, "text", "Snapshot name"), name)
    ui.type_text(ui.find(window, "text", "New description"), description)
    take = ui.find(window, "push button", "Take Snapshot")
    ui.wait_for(lambda: sensitive(take), "Take Snapshot to be pressable")
    ui.press(take)
    ui.wait_for(lambda: name in snapshot_rows(window)[1], f"the snapshot {name} in the tree")


def status_text(window):
    labels = [n for n in ui.walk(window) if ui.role_name(n) == "label"]
    return " ".join(ui.text_of(n) or "" for n in labels)


def test_snapshots(app):
    vm_menu_item(app, "ops-vm", "Snapshots…")
    # The VM window, on its Snapshots view.
    window = app.window("ops-vm")
    tab = ui.find(window, "radio button", "Snapshots")
    import pyatspi
    check(tab.getState().contains(pyatspi.STATE_CHECKED),
          "snapshots: Snapshots… opens the VM window on its Snapshots view")
    take_snapshot(window, "first", "before the upgrade")
    tree, cells = snapshot_rows(window)
    check("before the upgrade" in cells and "Current" in cells,
          "snapshots: the first one shows with its description, marked current", [cells])

    ui.select_row(tree, "first")
    description = ui.find(window, "text", "Description")
    ui.wait_for(lambda: ui.text_of(description) == "before the upgrade",
                "the description of the selected snapshot")
    ui.type_text(description, "the upgrade's starting point")
    ui.press(ui.find(window, "push button", "Save Description"))
    ui.wait_for(lambda: "the upgrade's starting point" in snapshot_rows(window)[1],
                "the edited description in the tree")
    check(True, "snapshots: a description is edited and saved")

    take_snapshot(window, "second", "after")
    tree, _ = snapshot_rows(window)
    second = ui.find(tree, "table cell", "second", only_showing=False)
    first = ui.find(tree, "table cell", "first", only_showing=False)
    # GtkTreeView tells a child row's cells to be a node-child-of the parent's cell, and
    # the parent's cell to be expandable.
    import pyatspi
    parents = [r.getTarget(i).name for r in second.getRelationSet()
               if r.getRelationType() == pyatspi.RELATION_NODE_CHILD_OF
               for i in range(r.getNTargets())]
    expandable = first.getState().contains(pyatspi.STATE_EXPANDABLE)
    check("first" in parents and expandable,
          "snapshots: the second is the first one's child", [parents, expandable])

    ui.select_row(tree, "second")
    delete = ui.find(window, "push button", "Delete")
    ui.wait_for(lambda: sensitive(delete), "Delete to be pressable")
    ui.press(delete)
    ui.wait_for(lambda: "second" not in snapshot_rows(window)[1], "second to be gone")
    cells = snapshot_rows(window)[1]
    check("first" in cells, "snapshots: deleting the second leaves the first", [cells])
    text = status_text(window)
    check("second" not in cells and len(text.strip()) > 0,
          "snapshots: the window says what became of the deleted one's data", [text])
    ui.press(ui.find(window, "toggle button", "Window Menu"))
    ui.press(ui.find(window, None, "Close"))
    app.gone(window)


def combo_items(combo):
    return [n.name for n in ui.walk(combo) if ui.role_name(n) == "menu item"]


def is_other_row(name):
    """The other connection's row (the test node's says it has 2 or 3 VMs)."""
    return name.startswith("Test") and "1 virtual machine" in name


def test_destination_follows(app, item, title, button, other_uri):
    vm_menu_item(app, "ops-vm" if item == "Move to…" else "ops-run", item)
    dialog = app.window(title)
    text = ui.wait_for(lambda: "connect" in status_text(dialog).lower() and status_text(dialog),
                       "the reason there is no destination")
    combo = ui.find(dialog, "combo box", "Destination")
    action = ui.find(dialog, "push button", button)
    check(not sensitive(action) and combo_items(combo) == [],
          f"{item}: with no other connection open, it says to connect one first and {button} "
          "cannot be pressed", [text, combo_items(combo)])

    # The other connection, opened meanwhile from a terminal.
    out = subprocess.run([app.argv[0], "--connect", other_uri], env=app.env,
                         capture_output=True, text=True, timeout=120)
    try:
        ui.wait_for(lambda: combo_items(combo) == ["Test"] and sensitive(action)
                    and "connect" not in status_text(dialog).lower(),
                    "the other connection in the Destination combo box")
        listed = True
    except Failure:
        listed = False
    check(listed, f"{item}: a connection opened while the dialog is open is offered, chosen, "
          f"and {button} can be pressed",
          [combo_items(combo), status_text(dialog), out.stdout, out.stderr])

    # Disconnected from the manager's list: it goes, and the reason is back.
    row_menu_item(app, is_other_row, "Disconnect")
    try:
        ui.wait_for(lambda: combo_items(combo) == [] and not sensitive(action)
                    and "connect" in status_text(dialog).lower(),
                    "the other connection gone from the Destination combo box")
        gone = True
    except Failure:
        gone = False
    check(gone, f"{item}: the connection closed while the dialog is open goes from it, and "
          f"{button} cannot be pressed", [combo_items(combo), status_text(dialog)])
    ui.press(ui.find(dialog, "push button", "Cancel"))
    app.gone(dialog)


def main():
    if len(sys.argv) < 2:
        sys.exit(f"usage: {sys.argv[0]} VIREO")
    ui.run_in_private_session("VIREO_A11Y_TAP_FD", "vireo-ops-bus-")
    print("TAP version 13")
    tmp = tempfile.mkdtemp(prefix="vireo-ops-test-")
    app = None
    try:
        image = os.path.join(tmp, "ops-vm.qcow2")
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", image, "64M"], check=True)
        subprocess.run(["qemu-io", "-c", "write -P 0x5a 0 4M", image], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(tmp, "node.xml"), "w", encoding="utf-8") as f:
            f.write(NODE_XML.format(dir=tmp))
        with open(os.path.join(tmp, "other.xml"), "w", encoding="utf-8") as f:
            f.write(OTHER_XML)
        other_uri = f"test://{tmp}/other.xml"
        app = ui.App([sys.argv[1], "--connect", f"test://{tmp}/node.xml"])
        ui.find(app.window("Vireo"), "table cell", lambda n: n.startswith("ops-vm"))
        for name, step in (("clone", lambda: test_clone(app, tmp)),
                           ("snapshots", lambda: test_snapshots(app)),
                           ("migrate", lambda: test_destination_follows(
                               app, "Migrate…", "Migrate Virtual Machine", "Migrate",
                               other_uri)),
                           ("move", lambda: test_destination_follows(
                               app, "Move to…", "Move Virtual Machine", "Move", other_uri))):
            try:
                step()
            except Exception as e:
                check(False, f"{name}: done",
                      [e] if isinstance(e, Failure) else traceback.format_exc().splitlines())
    finally:
        if app is not None:
            app.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    TAP.finish()


if __name__ == "__main__":
    main()
