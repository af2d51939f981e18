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
#    destination first, and their Migrate and Move buttons cannot be pressed.
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

TAP = ui.Tap()
check = TAP.check


def vm_menu_item(app, vm, item_name):
    window = app.window("Vireo")
    table = ui.find(window, "tree table", "Virtual Machines")
    # The list selects several VMs: this one alone.
    rows = table.queryTable()
    for row in rows.getSelectedRows():
        rows.removeRowSelection(row)
    ui.select_row(table, lambda n: n.startswith(vm))
    table.queryComponent().grabFocus()
    ui.key("Menu")
    ui.press(ui.find(app.node, "menu item", item_name))


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


def test_no_destination(app, item, title, button):
    vm_menu_item(app, "ops-vm" if item == "Move to…" else "ops-run", item)
    dialog = app.window(title)
    text = ui.wait_for(lambda: "connect" in status_text(dialog).lower() and status_text(dialog),
                       "the reason there is no destination")
    pressable = sensitive(ui.find(dialog, "push button", button))
    check(not pressable, f"{item}: with no other connection open, it says to connect one "
          f"first and {button} cannot be pressed", [text])
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
        app = ui.App([sys.argv[1], "--connect", f"test://{tmp}/node.xml"])
        ui.find(app.window("Vireo"), "table cell", lambda n: n.startswith("ops-vm"))
        for name, step in (("clone", lambda: test_clone(app, tmp)),
                           ("snapshots", lambda: test_snapshots(app)),
                           ("migrate", lambda: test_no_destination(
                               app, "Migrate…", "Migrate Virtual Machine", "Migrate")),
                           ("move", lambda: test_no_destination(
                               app, "Move to…", "Move Virtual Machine", "Move"))):
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
