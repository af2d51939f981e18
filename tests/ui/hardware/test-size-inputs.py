#!/usr/bin/python3
# test-size-inputs.py: sizes and counts typed into dialogs, driven over AT-SPI as a user
# types them: each bad text gets its exact sentence, the text typed stays as it was (no
# silent clamping), and pressing the dialog's action makes nothing.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it under the suite's X server):
#   test-size-inputs.py VIREO
#
# The manager runs on a libvirt test-driver node of the test's own: a shut-off VM
# "size-vm" (512 MiB, 2 vCPUs) and a storage pool "default" (the test driver gives every
# pool 100 GiB free), where the wizard puts new disks.
#   wizard      Memory, CPUs and the disk size: each bad text is refused with its
#               sentence and Forward keeps the page; a preallocated disk larger than the
#               pool's free space is refused, a sparse one warned about
#   new-volume  Preferences' update interval; the host window's New Disk Image: bad sizes and a raw image larger than
#               the free space are refused, Create makes nothing; a qcow2 one is warned about
#   add-hardware  Add Hardware's new disk size: refused with its sentence, a raw disk larger
#               than the pool's free space refused, a qcow2 one warned about; no device added
#   memory-cpus   the VM window's Memory and CPUs pages: bad text, a current value above
#               the maximum and a topology's 0 sockets are refused by Apply, the VM's
#               definition unchanged; a maximum memory above the host's is warned about
import os
import shutil
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import vireo_atspi as ui  # noqa: E402

import libvirt  # noqa: E402

NODE_XML = """<node>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>size-vm</name>
    <memory unit='MiB'>512</memory>
    <currentMemory unit='MiB'>512</currentMemory>
    <vcpu>2</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <test:runstate>5</test:runstate>
  </domain>
  <pool type='dir'>
    <name>default</name>
    <target><path>/vireo-size-pool</path></target>
  </pool>
</node>
"""

DISK_RULE = "The disk size must be between 0.1 and 65536 GiB. "
BAD_DISK = [
    ("abc", DISK_RULE + "“abc” is not a number."),
    ("0", DISK_RULE + "“0” is outside that range."),
    ("-5", DISK_RULE + "“-5” is outside that range."),
    ("1e99", DISK_RULE + "“1e99” is outside that range."),
    ("99999999", DISK_RULE + "“99999999” is outside that range."),
    ("", DISK_RULE + "Nothing was typed."),
    ("10 GB", DISK_RULE + "“10 GB” is not a number."),
]
# 60000 GiB: within the bounds, far more than the pool's 100 GiB.  (GLib writes sizes
# with a no-break space.)
TOO_BIG = "60000"
NO_ROOM = ("The disk needs 58.6\u00a0TiB but only 100.0\u00a0GiB is free in "
           "“/vireo-size-pool”: choose a smaller size or make room first. Nothing was created.")
MAY_OUTGROW = ("The disk can grow to 58.6\u00a0TiB but only 100.0\u00a0GiB is free in "
               "“/vireo-size-pool”: the guest will be paused if the space runs out.")

TAP = ui.Tap()
check = TAP.check


def labels(window):
    return [ui.text_of(n) or "" for n in ui.walk(window) if ui.role_name(n) == "label"
            and ui.showing(n)]


def shows(window, sentence):
    """Whether @window shows a label reading @sentence, waiting a while for it."""
    try:
        ui.wait_for(lambda: sentence in labels(window), f"the sentence {sentence!r}",
                    timeout=10)
        return True
    except ui.Failure:
        return False


def sensitive(node):
    return node.getState().contains(ui.pyatspi.STATE_SENSITIVE)


def type_and_leave(spin, text):
    """Types @text into a spin button and moves the focus away with Tab, as a user does:
    the spin button reads its text then."""
    ui.type_text(spin, text)
    spin.queryComponent().grabFocus()
    ui.key("Tab")


def domain_xml(uri):
    conn = libvirt.open(uri)
    try:
        return conn.lookupByName("size-vm").XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
    finally:
        conn.close()


def test_wizard(vireo, uri, host_mib, host_cpus):
    app = ui.App([vireo, "--connect", uri, "--show-domain-creator"])
    try:
        wizard = app.window("New Virtual Machine")
        forward = ui.find(wizard, "push button", "Forward")
        ui.press(ui.find(wizard, "radio button", "Network Boot"))
        ui.press(forward)
        ui.press(forward)
        memory = ui.find(wizard, "spin button", "Memory")
        cpus = ui.find(wizard, "spin button", "CPUs")
        step = ui.find(wizard, "label", "Step 3 of 5: Memory and CPUs")
        mem_rule = f"The memory must be a whole number of MiB between 128 and {host_mib}. "
        cpu_rule = f"The number of CPUs must be a whole number between 1 and {host_cpus}. "
        rows = [(memory, "abc", mem_rule + "“abc” is not a number."),
                (memory, "0", mem_rule + "“0” is outside that range."),
                (memory, "-5", mem_rule + "“-5” is outside that range."),
                (memory, str(host_mib + 1), mem_rule + f"“{host_mib + 1}” is outside that "
                 "range."),
                (memory, "1e99", mem_rule + "“1e99” is outside that range."),
                (memory, "2.5", mem_rule + "“2.5” is not a whole number."),
                (memory, "", mem_rule + "Nothing was typed."),
                (memory, "10 GiB", mem_rule + "“10 GiB” is not a number."),
                (cpus, "0", cpu_rule + "“0” is outside that range."),
                (cpus, str(host_cpus + 1), cpu_rule + f"“{host_cpus + 1}” is outside that "
                 "range."),
                (cpus, "2.5", cpu_rule + "“2.5” is not a whole number.")]
        for spin, text, sentence in rows:
            type_and_leave(spin, text)
            ui.press(forward)
            name = "memory" if spin is memory else "CPUs"
            check(shows(wizard, sentence) and ui.text_of(spin) == text and
                  ui.showing(step),
                  f"wizard: {name} “{text}” refused with its sentence, the text kept, "
                  "the page kept", [f"labels: {labels(wizard)}",
                                    f"the field reads {ui.text_of(spin)!r}"])
            ui.type_text(memory, "256")
            ui.type_text(cpus, "1")
        ui.type_text(memory, f"{host_mib} MiB")
        ui.press(forward)
        size = ui.find(wizard, "spin button", "Disk Size")
        check(True, "wizard: memory typed with its unit and at the host's size is taken")
        step = ui.find(wizard, "label", "Step 4 of 5: Storage")
        for text, sentence in BAD_DISK:
            type_and_leave(size, text)
            ui.press(forward)
            check(shows(wizard, sentence) and ui.text_of(size) == text and ui.showing(step),
                  f"wizard: disk size “{text}” refused with its sentence, the page kept",
                  [f"labels: {labels(wizard)}", f"the field reads {ui.text_of(size)!r}"])
        allocate = ui.find(wizard, "check box", "Allocate Entire Disk")
        ui.press(allocate)
        ui.type_text(size, TOO_BIG)
        ui.press(forward)
        check(shows(wizard, NO_ROOM) and ui.showing(step),
              "wizard: a preallocated disk larger than the pool's free space is refused",
              [f"labels: {labels(wizard)}"])
        ui.press(allocate)
        check(shows(wizard, MAY_OUTGROW),
              "wizard: a sparse disk larger than the free space is warned about",
              [f"labels: {labels(wizard)}"])
        ui.press(forward)
        ui.find(wizard, "label", "Step 5 of 5: Finish")
        check(True, "wizard: the sparse disk is allowed: Forward goes on to Finish")
        ui.press(ui.find(wizard, "push button", "Cancel"))
        app.gone(wizard)
    finally:
        app.stop()


def test_new_volume(vireo, uri):
    app = ui.App([vireo, "--connect", uri])
    try:
        window = app.window("Vireo")
        ui.select_row(ui.find(window, "tree table", "Virtual Machines"),
                      lambda n: n.startswith("size-vm"))
        ui.press(ui.find(window, "toggle button", "Main Menu"))
        # Preferences: the update interval, applied as it is typed, keeps text that
        # does not read and says why.
        ui.press(ui.find(window, "toggle button", "Main Menu"))
        ui.press(ui.find(window, None, "Preferences"))
        prefs = app.window("Preferences")
        interval = ui.find(prefs, "spin button", "Update every")
        rule = "The update interval must be a whole number of seconds between 1 and 60. "
        for text, reason in (("0", "“0” is outside that range."),
                             ("soon", "“soon” is not a number.")):
            type_and_leave(interval, text)
            check(shows(prefs, rule + reason) and ui.text_of(interval) == text,
                  f"preferences: the interval “{text}” is refused with its sentence",
                  [f"labels: {labels(prefs)}", f"the field reads {ui.text_of(interval)!r}"])
        type_and_leave(interval, "5")
        ui.wait_for(lambda: not any(t.startswith(rule) for t in labels(prefs)),
                    "the sentence to go once the interval reads")
        ui.press(ui.find(prefs, "push button", "Close"))
        app.gone(prefs)
        ui.press(ui.find(window, "toggle button", "Main Menu"))
        ui.press(ui.find(window, None, "Connection Details"))
        host = app.window(lambda n: n.endswith("Connection Details"))
        tab = ui.find(host, "page tab", "Storage")
        tab.parent.querySelection().selectChild(tab.getIndexInParent())
        ui.select_row(ui.find(host, "table", "Storage Pools"), "default")
        volumes = ui.find(host, "table", "Volumes")
        before = ui.table_rows(volumes)
        ui.press(ui.find(host, "push button", "New Volume"))
        dialog = app.window("New Disk Image")
        size = ui.find(dialog, "spin button", "Size (GiB)")
        create = ui.find(dialog, "push button", "Create")
        for text, sentence in BAD_DISK:
            type_and_leave(size, text)
            ui.press(create)
            check(shows(dialog, sentence) and ui.text_of(size) == text and ui.showing(dialog),
                  f"new volume: size “{text}” refused with its sentence, the dialog kept",
                  [f"labels: {labels(dialog)}", f"the field reads {ui.text_of(size)!r}"])
        ui.choose(ui.find(dialog, "combo box", "Format"), "raw")
        ui.type_text(size, TOO_BIG)
        ui.press(create)
        check(shows(dialog, NO_ROOM) and ui.showing(dialog),
              "new volume: a raw image larger than the free space is refused",
              [f"labels: {labels(dialog)}"])
        ui.choose(ui.find(dialog, "combo box", "Format"), "qcow2")
        check(shows(dialog, MAY_OUTGROW),
              "new volume: a qcow2 image larger than the free space is warned about",
              [f"labels: {labels(dialog)}"])
        ui.press(ui.find(dialog, "push button", "Cancel"))
        app.gone(dialog)
        # The manager's node is its own (each process reads test:///PATH afresh): what
        # the host window lists is what it made.
        after = ui.table_rows(volumes)
        check(after == before, "new volume: no volume was made", [before, after])
    finally:
        app.stop()


def test_vm_window(vireo, uri, host_mib):
    app = ui.App([vireo, "--connect", uri, "--show-domain-editor", "size-vm"])
    try:
        window = app.window("size-vm")
        sidebar = ui.find(window, "list box", "Hardware")
        before = [row.name for row in ui.children(sidebar)]
        ui.press(ui.find(window, "push button", "Add Hardware"))
        dialog = app.window("Add New Virtual Hardware")
        ui.select_item(ui.find(dialog, "list box", "Device Kinds"), "Storage")
        size = ui.find(dialog, "spin button", "Size (GiB)")
        finish = ui.find(dialog, "push button", "Finish")
        for text, sentence in BAD_DISK:
            type_and_leave(size, text)
            ui.press(finish)
            check(shows(dialog, sentence) and ui.text_of(size) == text and ui.showing(dialog),
                  f"add hardware: disk size “{text}” refused with its sentence",
                  [f"labels: {labels(dialog)}", f"the field reads {ui.text_of(size)!r}"])
        # The new disk goes to the pool "default": a raw one must fit in its free space.
        ui.type_text(ui.find(dialog, "text", "Storage format"), "raw")
        type_and_leave(size, TOO_BIG)
        ui.press(finish)
        check(shows(dialog, NO_ROOM) and ui.showing(dialog),
              "add hardware: a raw disk larger than the free space is refused",
              [f"labels: {labels(dialog)}"])
        ui.type_text(ui.find(dialog, "text", "Storage format"), "qcow2")
        check(shows(dialog, MAY_OUTGROW),
              "add hardware: a qcow2 disk larger than the free space is warned about",
              [f"labels: {labels(dialog)}"])
        ui.press(ui.find(dialog, "push button", "Cancel"))
        app.gone(dialog)
        after = [row.name for row in ui.children(sidebar)]
        check(after == before, "add hardware: no device was added", [before, after])

        apply = ui.find(window, "push button", "Apply")
        ui.select_item(sidebar, "Memory")
        current = ui.find(window, "spin button", "Current allocation (MiB)")
        maximum = ui.find(window, "spin button", "Maximum allocation (MiB)")
        cur_rule = "The current allocation must be a whole number of MiB between 1 and "
        rows = [(current, "abc", cur_rule + "512. “abc” is not a number."),
                (current, "0", cur_rule + "512. “0” is outside that range."),
                (current, "1024", cur_rule + "512. “1024” is outside that range."),
                (current, "2.5", cur_rule + "512. “2.5” is not a whole number."),
                (maximum, "", "The maximum allocation must be a whole number of MiB between 1 "
                 "and 16777216. Nothing was typed.")]
        for spin, text, sentence in rows:
            type_and_leave(spin, text)
            ui.wait_for(lambda: sensitive(apply), "Apply to be pressable")
            ui.press(apply)
            check(shows(window, sentence) and ui.text_of(spin) == text,
                  f"memory page: “{text}” refused by Apply with its sentence",
                  [f"labels: {labels(window)}", f"the field reads {ui.text_of(spin)!r}"])
            ui.type_text(current, "512")
            ui.type_text(maximum, "512")
        # Revert shows the VM's definition again: what Apply refused did not reach it.
        ui.press(ui.find(window, "push button", "Revert"))
        ui.wait_for(lambda: not sensitive(apply), "Revert to take the changes back")
        check(ui.text_of(current) == "512" and ui.text_of(maximum) == "512",
              "memory page: the VM still has 512 MiB", [ui.text_of(current),
                                                        ui.text_of(maximum)])
        # More than the host has: allowed (libvirt takes it), with a warning.
        more = host_mib + 1024
        warning = (f"{more} MiB is more memory than this host has ({host_mib} MiB): the guest "
                   "and the host may slow down or run out of memory.")
        type_and_leave(maximum, str(more))
        check(shows(window, warning) and sensitive(apply),
              "memory page: a maximum above the host's memory is warned about, not refused",
              [f"labels: {labels(window)}"])
        ui.press(ui.find(window, "push button", "Revert"))
        ui.wait_for(lambda: warning not in labels(window), "the warning to go with Revert")
        ui.select_item(sidebar, "CPUs")
        vmax = ui.find(window, "spin button", "Maximum vCPUs")
        vcur = ui.find(window, "spin button", "Current vCPUs")
        sockets = ui.find(window, "spin button", "Sockets")
        rows = [(vcur, "3", "The current vCPUs must be a whole number between 1 and 2. "
                 "“3” is outside that range."),
                (vmax, "x", "The maximum vCPUs must be a whole number between 1 and 4096. "
                 "“x” is not a number."),
                (sockets, "0", "“Sockets” must be a whole number between 1 and 1024. “0” is "
                 "outside that range.")]
        for spin, text, sentence in rows:
            type_and_leave(spin, text)
            ui.wait_for(lambda: sensitive(apply), "Apply to be pressable")
            ui.press(apply)
            check(shows(window, sentence) and ui.text_of(spin) == text,
                  f"CPUs page: {spin.name} “{text}” refused by Apply with its sentence",
                  [f"labels: {labels(window)}", f"the field reads {ui.text_of(spin)!r}"])
            ui.press(ui.find(window, "push button", "Revert"))
            ui.wait_for(lambda: not sensitive(apply), "Revert to take the changes back")
        check(ui.text_of(vmax) == "2" and ui.text_of(vcur) == "2",
              "CPUs page: the VM still has 2 vCPUs", [ui.text_of(vmax), ui.text_of(vcur)])
    finally:
        app.stop()


def main():
    ui.run_in_private_session("VIREO_SIZE_INPUTS_TAP_FD", "vireo-size-inputs-")
    vireo = sys.argv[1]
    print("TAP version 13", flush=True)
    tmp = tempfile.mkdtemp(prefix="vireo-size-inputs-")
    node = os.path.join(tmp, "node.xml")
    with open(node, "w", encoding="utf-8") as f:
        f.write(NODE_XML)
    uri = "test://" + node
    conn = libvirt.open(uri)
    info = conn.getInfo()
    conn.close()
    try:
        for name, func, args in (("wizard", test_wizard, (info[1], info[2])),
                                 ("new-volume", test_new_volume, ()),
                                 ("vm-window", test_vm_window, (info[1],))):
            try:
                func(vireo, uri, *args)
            except Exception:
                check(False, f"{name}: ran to its end", traceback.format_exc().splitlines())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    TAP.finish()


if __name__ == "__main__":
    main()
