#!/usr/bin/python3
# test-domain-ops-qemu.py: Clone…'s Cancel, the Snapshots view's revert refusal and New VM
# from Snapshot, Move to… and Migrate…, driven over AT-SPI on emulated guests of real libvirt
# connections; libvirt's state is checked after each.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs each under the suite's X server):
#   test-domain-ops-qemu.py embed VIREO VIREO-TEST-EMBED VIREO-TEST-QEMU-GUESTS
#   vireo-private-libvirtd --qemu-as-root test-domain-ops-qemu.py move VIREO VIREO-TEST-EMBED
#   vireo-two-libvirtd test-domain-ops-qemu.py migrate VIREO VIREO-TEST-EMBED
#
# embed: an embedded root (made by vireo-test-embed) with "vq-ops", shut off, booting
#   tests/common/media's busybox kernel and holding a qcow2 disk with 256 MiB of data.
#   1. Clone…: Clone is pressed and, while the disk is copied, Cancel: the dialog says
#      nothing was left; no new file is in the images' folder.
#   2. The VM window's Snapshots view: an external (disks-only) snapshot "ext" is taken;
#      selecting it shows the sentence that this libvirt cannot revert to it, offering a new
#      VM instead.
#   3. New VM from Snapshot on "ext" makes "vq-ops-ext" (and says so).
#   4. Revert on "ext" says the sentence again, and the VM is not reverted.
#   Once the manager has quit, libvirt (vireo-test-qemu-guests --states, and the files the
#   embedded driver keeps) has vq-ops and vq-ops-ext shut off, no clone, the snapshot "ext"
#   current, and vq-ops still on the snapshot's overlay.
# move: the same guest, "vq-move", on an embedded root, moved to qemu:///system (a daemon of
#   the test's own, which runs QEMU as root) with Move to…: qemu:///system then defines it,
#   shut off, with its disk in /var/lib/libvirt/images holding the original's bytes, and the
#   embedded root has neither the VM nor its disk.  Moved back the same way, it is on the
#   embedded root again with the original's bytes, and qemu:///system has neither.
# migrate: "vq-mig", running on the first of two daemons (two hosts on loopback ports) with
#   two disks, is migrated live with Migrate… (the destination is the other connection the
#   manager has open), copying only vda (vdb is on the destination already): the destination
#   runs it (its CPU time goes on growing) with vda's copy, and the source no longer has it.
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

GUEST_TIMEOUT = 300    # a copy, a move or a migration under a loaded machine's TCG
SYSTEM_IMAGES = "/var/lib/libvirt/images"

TAP = ui.Tap()
check = TAP.check


# ------------------------------------------------------------------------------------------
# Guests and libvirt

def guest_xml(name, media, *disks):
    disk_xml = "".join(f"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                       f"<source file='{disk}'/><target dev='vd{chr(ord('a') + i)}' "
                       f"bus='virtio'/></disk>" for i, disk in enumerate(disks))
    return f"""<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>{media}/vmlinuz</kernel>
    <initrd>{media}/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet no_timer_check</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    {disk_xml}
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
"""


def make_image(path, data_mib):
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", path, "1G"], check=True)
    subprocess.run(["qemu-io", "-f", "qcow2", "-c", f"write -P 0x5a 0 {data_mib}M", path],
                   check=True, stdout=subprocess.DEVNULL)


def embedded_guest(embed, tmp, name, data_mib):
    """A fresh embedded root with the shut-off guest @name; returns (root, media, image)."""
    media = ui.run_helper(embed, "media")["media"]
    root = ui.run_helper(embed, "root")["root"]
    images = os.path.join(tmp, "images")
    os.makedirs(images, exist_ok=True)
    image = os.path.join(images, f"{name}.qcow2")
    make_image(image, data_mib)
    xml_file = os.path.join(tmp, f"{name}.xml")
    with open(xml_file, "w", encoding="utf-8") as f:
        f.write(guest_xml(name, media, image))
    ui.run_helper(embed, "define", root, xml_file)
    return root, media, image


def virsh(uri, *args, check=True):
    out = subprocess.run(["virsh", "-q", "-c", uri, *args], capture_output=True, text=True,
                         timeout=120)
    if check and out.returncode != 0:
        raise Failure(f"virsh -c {uri} {' '.join(args)}: {out.stderr.strip()}")
    return out


def disk_sources(xml_text):
    domain = ET.fromstring(xml_text)
    return [s.get("file") for s in domain.findall("./devices/disk/source") if s.get("file")]


# ------------------------------------------------------------------------------------------
# The manager

def vm_menu_item(app, vm, item_name):
    window = app.window("Vireo")
    table = ui.find(window, "tree table", "Virtual Machines")
    rows = table.queryTable()
    for row in rows.getSelectedRows():
        rows.removeRowSelection(row)
    ui.select_row(table, lambda n: n.startswith(vm))
    table.queryComponent().grabFocus()
    ui.key("Menu")
    ui.press(ui.find(app.node, "menu item", item_name))


def sensitive(node):
    import pyatspi
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def status_text(window):
    labels = [n for n in ui.walk(window) if ui.role_name(n) == "label"]
    return " ".join(ui.text_of(n) or "" for n in labels)


def cell_names(table):
    return [n.name for n in ui.find_all(table, "table cell", only_showing=False)]


def start_manager(uris):
    argv = [sys.argv[2]]
    for uri in uris:
        argv += ["--connect", uri]
    return ui.App(argv)


def wait_vm_listed(app, name):
    ui.find(app.window("Vireo"), "table cell", lambda n: n.startswith(name),
            only_showing=False)


# ------------------------------------------------------------------------------------------
# embed: Clone…'s Cancel, revert refusal, New VM from Snapshot

def clone_cancel(app, images):
    before = sorted(os.listdir(images))
    vm_menu_item(app, "vq-ops", "Clone…")
    dialog = app.window("Clone Virtual Machine")
    name = ui.find(dialog, "text", "Name")
    ui.wait_for(lambda: ui.text_of(name) == "vq-ops-clone", "the proposed name vq-ops-clone")
    clone_button = ui.find(dialog, "push button", "Clone")
    ui.wait_for(lambda: sensitive(clone_button), "Clone to be pressable")
    ui.press(clone_button)
    # The copy of 256 MiB has begun (pressing Clone starts it); Cancel stops it.
    ui.press(ui.find(dialog, "push button", "Cancel"))
    text = ui.wait_for(lambda: "Cancelled" in status_text(dialog) and status_text(dialog),
                       "the dialog to say the clone was cancelled", GUEST_TIMEOUT)
    after = sorted(os.listdir(images))
    check("no file" in text and after == before,
          "clone: Cancel during the copy leaves no file, and the dialog says so",
          [text, f"before: {before}", f"after: {after}"])
    ui.press(ui.find(dialog, "push button", "Cancel"))
    app.gone(dialog)


def snapshot_view(app):
    vm_menu_item(app, "vq-ops", "Snapshots…")
    window = app.window("vq-ops")
    ui.find(window, "radio button", "Snapshots")
    return window


def revert_refused(window):
    kind = ui.find(window, "combo box", "Type")
    ui.wait_for(lambda: sensitive(kind), "the snapshot types to be read")
    ui.choose(kind, "External, disks only")
    ui.type_text(ui.find(window, "text", "Snapshot name"), "ext")
    ui.type_text(ui.find(window, "text", "New description"), "an external one")
    take = ui.find(window, "push button", "Take Snapshot")
    ui.wait_for(lambda: sensitive(take), "Take Snapshot to be pressable")
    ui.press(take)
    tree = ui.find(window, "tree table", "Snapshots")
    ui.wait_for(lambda: "ext" in cell_names(tree), "the snapshot ext in the tree",
                GUEST_TIMEOUT)
    check("External" in " ".join(cell_names(tree)),
          "snapshots: an external snapshot is taken", [cell_names(tree)])

    ui.select_row(tree, "ext")
    said = ui.wait_for(lambda: "cannot revert" in status_text(window) and status_text(window),
                       "the revert refusal for ext")
    check("New VM" in said or "new VM" in said,
          "snapshots: selecting an external snapshot says plainly that it cannot be "
          "reverted to, and offers a new VM instead", [said])


def revert_pressed(window):
    """Revert on "ext", once the status line says something else (New VM from Snapshot's
    result): the refusal comes back, and nothing is reverted (checked in libvirt after)."""
    tree = ui.find(window, "tree table", "Snapshots")
    ui.select_row(tree, "ext")
    before = status_text(window)
    revert = ui.find(window, "push button", "Revert")
    ui.wait_for(lambda: sensitive(revert), "Revert to be pressable")
    ui.press(revert)
    said = ui.wait_for(lambda: "cannot revert" in status_text(window) and status_text(window),
                       "the revert refusal after Revert")
    check("cannot revert" not in before and "“ext”" in said,
          "snapshots: pressing Revert says the same sentence again", [before, said])


def new_vm_from_snapshot(window):
    tree = ui.find(window, "tree table", "Snapshots")
    ui.select_row(tree, "ext")
    button = ui.find(window, "push button", "New VM from Snapshot")
    ui.wait_for(lambda: sensitive(button), "New VM from Snapshot to be pressable")
    ui.press(button)
    said = ui.wait_for(lambda: "made from the snapshot" in status_text(window) and
                       status_text(window), "the new VM to be made", GUEST_TIMEOUT)
    check("vq-ops-ext" in said, "snapshots: New VM from Snapshot makes vq-ops-ext", [said])


def run_embed(tmp):
    embed, guests = sys.argv[3], sys.argv[4]
    root, _, image = embedded_guest(embed, tmp, "vq-ops", 256)
    images = os.path.dirname(image)
    app = None
    try:
        app = start_manager([f"qemu:///embed?root={root}"])
        wait_vm_listed(app, "vq-ops")
        for name, step in (("clone", lambda: clone_cancel(app, images)),
                           ("snapshot", lambda: revert_refused(snapshot_view(app))),
                           ("new VM", lambda: new_vm_from_snapshot(app.window("vq-ops"))),
                           ("revert", lambda: revert_pressed(app.window("vq-ops")))):
            try:
                step()
            except Exception as e:
                check(False, f"{name}: done",
                      [e] if isinstance(e, Failure) else traceback.format_exc().splitlines())
    finally:
        if app is not None:
            app.stop()
    try:
        states = ui.run_helper(guests, "--states", root, "vq-ops", "vq-ops-ext", "vq-ops-clone")
        check(states == {"vq-ops": "shutoff", "vq-ops-ext": "shutoff",
                         "vq-ops-clone": "missing"},
              "libvirt: vq-ops and vq-ops-ext are defined and shut off, no clone", [states])
        with open(os.path.join(root, "etc", "qemu", "vq-ops.xml"), encoding="utf-8") as f:
            sources = disk_sources(f.read())
        snapshot_dir = os.path.join(root, "lib", "qemu", "snapshot", "vq-ops")
        snaps = sorted(os.listdir(snapshot_dir)) if os.path.isdir(snapshot_dir) else []
        check(snaps == ["ext.xml"] and sources and sources[0] != image,
              "libvirt: the snapshot ext is kept and vq-ops was not reverted (it runs on the "
              "snapshot's overlay, not on its original image)", [snaps, sources])
        with open(os.path.join(root, "etc", "qemu", "vq-ops-ext.xml"), encoding="utf-8") as f:
            made = disk_sources(f.read())
        check(len(made) == 1 and os.path.exists(made[0]) and made[0] not in (image, *sources),
              "libvirt: vq-ops-ext has a disk of its own", [made])
    finally:
        ui.run_helper(embed, "cleanup", root)


# ------------------------------------------------------------------------------------------
# move: embedded root -> qemu:///system

def move_with_dialog(app, name):
    """Moves @name through the Move dialog.  While the destination daemon still starts (a
    fresh libvirtd probes QEMU first) the dialog has no destination; it offers the
    connection once it is open."""
    vm_menu_item(app, name, "Move to…")
    dialog = app.window("Move Virtual Machine")
    move = ui.find(dialog, "push button", "Move")
    ui.wait_for(lambda: sensitive(move), "Move to be pressable", timeout=GUEST_TIMEOUT)
    ui.press(move)
    app.gone(dialog, timeout=GUEST_TIMEOUT)


def system_disk(name):
    """vq-move's state on qemu:///system and its disks there."""
    state = virsh("qemu:///system", "domstate", name, check=False)
    xml = virsh("qemu:///system", "dumpxml", "--inactive", name, check=False)
    return (state.stdout.strip() or state.stderr.strip(),
            disk_sources(xml.stdout) if xml.returncode == 0 else [])


def run_move(tmp):
    embed = sys.argv[3]
    root, _, image = embedded_guest(embed, tmp, "vq-move", 8)
    original = os.path.join(tmp, "original.qcow2")
    shutil.copyfile(image, original)
    root_xml = os.path.join(root, "etc", "qemu", "vq-move.xml")
    app = None
    try:
        app = start_manager([f"qemu:///embed?root={root}", "qemu:///system"])
        wait_vm_listed(app, "vq-move")
        try:
            move_with_dialog(app, "vq-move")
            check(True, "move: the dialog closes once the move to qemu:///system is done")
            state, sources = system_disk("vq-move")
            same = (len(sources) == 1 and sources[0].startswith(SYSTEM_IMAGES + "/") and
                    os.path.exists(sources[0]) and
                    filecmp.cmp(original, sources[0], shallow=False))
            check(state == "shut off" and same,
                  "libvirt: qemu:///system has vq-move, shut off, its disk in its images' "
                  "folder with the original's bytes", [state, sources])
            gone = not os.path.exists(root_xml) and not os.path.exists(image)
            check(gone, "libvirt: the embedded root has neither vq-move nor its disk",
                  [os.listdir(os.path.dirname(root_xml)), os.listdir(os.path.dirname(image))])

            # And back: the embedded root is the other connection of this computer.
            moved = sources[0] if sources else None
            move_with_dialog(app, "vq-move")
            check(True, "move: the dialog closes once the move back is done")
            state, _ = system_disk("vq-move")
            check("failed to get domain" in state and moved is not None and
                  not os.path.exists(moved),
                  "libvirt: qemu:///system has neither vq-move nor its disk any more",
                  [state, moved])
        except Exception as e:
            check(False, "move: done",
                  [e] if isinstance(e, Failure) else traceback.format_exc().splitlines())
    finally:
        if app is not None:
            app.stop()
    try:
        back = []
        if os.path.exists(root_xml):
            with open(root_xml, encoding="utf-8") as f:
                back = disk_sources(f.read())
        check(len(back) == 1 and os.path.exists(back[0]) and
              filecmp.cmp(original, back[0], shallow=False),
              "libvirt: the embedded root has vq-move again, its disk with the original's "
              "bytes", [back])
    finally:
        virsh("qemu:///system", "undefine", "--nvram", "vq-move", check=False)
        for f in os.listdir(SYSTEM_IMAGES) if os.path.isdir(SYSTEM_IMAGES) else []:
            if f.startswith("vq-move"):
                os.unlink(os.path.join(SYSTEM_IMAGES, f))
        ui.run_helper(embed, "cleanup", root)


# ------------------------------------------------------------------------------------------
# migrate: between two daemons

def cpu_time(uri, name):
    out = virsh(uri, "domstats", "--cpu-total", name, check=False)
    for line in out.stdout.splitlines():
        line = line.strip()
        if line.startswith("cpu.time="):
            return int(line.split("=", 1)[1])
    return None


def run_migrate(tmp):
    embed = sys.argv[3]
    source = os.environ.get("VIREO_TEST_SOURCE_URI")
    dest = os.environ.get("VIREO_TEST_DEST_URI")
    if not source or not dest:
        raise Failure("VIREO_TEST_SOURCE_URI/VIREO_TEST_DEST_URI are not set: run this with "
                      "tests/common/vireo-two-libvirtd")
    media = ui.run_helper(embed, "media")["media"]
    # Each daemon's images are in its own namespace: made through its storage pool.  vdb is
    # on the destination already (not copied); vda is copied.
    for uri in (source, dest):
        virsh(uri, "pool-define-as", "default", "dir", "--target", SYSTEM_IMAGES)
        virsh(uri, "pool-build", "default")
        virsh(uri, "pool-start", "default")
    # The source's vda and vdb hold data of their own (images made here, uploaded).
    marked = {}
    for name, byte in (("vq-mig-a.qcow2", "0xa1"), ("vq-mig-b.qcow2", "0xb2")):
        marked[name] = os.path.join(tmp, name)
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", marked[name], "64M"],
                       check=True)
        subprocess.run(["qemu-io", "-f", "qcow2", "-c", f"write -P {byte} 0 1M", marked[name]],
                       check=True, stdout=subprocess.DEVNULL)
    for uri, name in ((source, "vq-mig-a.qcow2"), (source, "vq-mig-b.qcow2"),
                      (dest, "vq-mig-b.qcow2")):
        virsh(uri, "vol-create-as", "default", name, "64M", "--format", "qcow2")
        if uri == source:
            virsh(uri, "vol-upload", "--pool", "default", name, marked[name])
    xml_file = os.path.join(tmp, "vq-mig.xml")
    with open(xml_file, "w", encoding="utf-8") as f:
        f.write(guest_xml("vq-mig", media, f"{SYSTEM_IMAGES}/vq-mig-a.qcow2",
                          f"{SYSTEM_IMAGES}/vq-mig-b.qcow2"))
    virsh(source, "define", xml_file)
    virsh(source, "start", "vq-mig")
    app = None
    try:
        app = start_manager([source, dest])
        wait_vm_listed(app, "vq-mig")
        # Both connections open: the dialog offers the other as the destination.
        table = ui.find(app.window("Vireo"), "tree table", "Virtual Machines")
        ui.wait_for(lambda: sum(1 for n in cell_names(table) if "127.0.0.1" in n) >= 2,
                    "both connections in the list")
        try:
            vm_menu_item(app, "vq-mig", "Migrate…")
            dialog = app.window("Migrate Virtual Machine")
            live = ui.find(dialog, "check box", "Live")
            import pyatspi
            check(live.getState().contains(pyatspi.STATE_CHECKED),
                  "migrate: Live is checked for a running VM")
            # Only vda copied: vdb is there already.
            ui.press(ui.find(dialog, "radio button", "Copy the disks chosen"))
            copy_vdb = ui.find(dialog, "check box", "Copy vdb")
            ui.find(dialog, "check box", "Copy vda")
            ui.wait_for(lambda: sensitive(copy_vdb), "the disks to be choosable")
            ui.press(copy_vdb)
            check(not copy_vdb.getState().contains(pyatspi.STATE_CHECKED),
                  "migrate: vdb is left out of the disks to copy")
            migrate = ui.find(dialog, "push button", "Migrate")
            ui.wait_for(lambda: sensitive(migrate), "Migrate to be pressable")
            ui.press(migrate)
            app.gone(dialog, timeout=GUEST_TIMEOUT)
            check(True, "migrate: the dialog closes once the migration is done")
        except Exception as e:
            check(False, "migrate: done",
                  [e] if isinstance(e, Failure) else traceback.format_exc().splitlines())
    finally:
        if app is not None:
            app.stop()
    state = virsh(dest, "domstate", "vq-mig", check=False).stdout.strip()
    first = cpu_time(dest, "vq-mig")
    try:
        grew = ui.wait_for(lambda: (cpu_time(dest, "vq-mig") or 0) > (first or 0) and True,
                           "the guest's CPU time to grow on the destination")
    except Failure:
        grew = False
    check(state == "running" and first is not None and grew,
          "libvirt: the destination runs vq-mig (its CPU time grows)", [state, first])
    left = virsh(source, "list", "--all", "--name", check=False).stdout.split()
    check("vq-mig" not in left, "libvirt: the source no longer has vq-mig", [left])
    virsh(dest, "pool-refresh", "default", check=False)
    volumes = virsh(dest, "vol-list", "default", check=False).stdout
    disks = virsh(dest, "domblklist", "vq-mig", check=False).stdout
    check("vq-mig-a.qcow2" in volumes and "vq-mig-b.qcow2" in volumes and
          f"{SYSTEM_IMAGES}/vq-mig-a.qcow2" in disks,
          "libvirt: the destination has vda's copy (made by the migration) and its own vdb",
          [volumes, disks])
    # What the guest sees on each: vda the source's data, vdb the destination's blank one.
    same = {}
    for name in ("vq-mig-a.qcow2", "vq-mig-b.qcow2"):
        there = os.path.join(tmp, "dest-" + name)
        virsh(dest, "vol-download", "--pool", "default", name, there, check=False)
        # qemu-img compare: 0 the same content, 1 another, 2 or more an error.
        same[name] = subprocess.run(["qemu-img", "compare", "-q", marked[name], there],
                                    stderr=subprocess.DEVNULL).returncode
    check(same == {"vq-mig-a.qcow2": 0, "vq-mig-b.qcow2": 1},
          "libvirt: on the destination vda holds the source's data and vdb does not "
          "(it was not copied)", [same])


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("embed", "move", "migrate") or \
            (sys.argv[1] == "embed" and len(sys.argv) < 5):
        sys.exit(f"usage: {sys.argv[0]} embed|move|migrate VIREO VIREO-TEST-EMBED "
                 "[VIREO-TEST-QEMU-GUESTS]")
    ui.run_in_private_session("VIREO_A11Y_TAP_FD", "vireo-ops-bus-")
    print("TAP version 13")
    tmp = tempfile.mkdtemp(prefix="vireo-ops-qemu-")
    try:
        {"embed": run_embed, "move": run_move, "migrate": run_migrate}[sys.argv[1]](tmp)
    except Exception as e:
        check(False, f"{sys.argv[1]}: set-up and checks",
              [e] if isinstance(e, Failure) else traceback.format_exc().splitlines())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    TAP.finish()


if __name__ == "__main__":
    main()
