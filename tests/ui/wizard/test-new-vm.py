#!/usr/bin/python3
# test-new-vm.py: the New VM wizard, driven over AT-SPI as a user drives it, on the embedded
# connection with emulated QEMU.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it under the suite's X server):
#   test-new-vm.py VIREO
#
# Each case starts `vireo --connect qemu:///embed?root=ROOT --show-domain-creator`, goes
# through the pages by pressing controls found by their accessible names, and then looks at
# what the wizard made once vireo has ended: the VM's XML in the root, its state, its files.
# The guests are grub-rescue-pc's bootable ISO and disk image (a Debian package):
#   detect        the ISO remade by xorriso with a Debian netinst's volume id: the OS is
#                 detected (Debian 11), virtio devices chosen, the VM created and running,
#                 its window opens on the console, which shows frames (pixels of more than one colour)
#   cloud         the disk image as a cloud image: the VM runs on a qcow2 overlay backed by
#                 it, the image is unchanged, the seed carries the user, key and host name
#   import-vmdk   the disk image as a VMDK, converted to qcow2 by the wizard, and booted
#   duplicate     a name that exists is refused as it is typed: Finish stays insensitive
#   bad-paths     paths typed for the media, install tree, image to import and existing
#                 disk (missing, a folder, a FIFO, relative): the exact sentence at Finish,
#                 no VM and no file made
#   cancel        Cancel while a fully allocated disk is being written: no VM, no file
#   empty         the manager on a connection without VMs shows a call to action that opens
#                 the wizard on it; the New VM button and Ctrl+N open it too
#   os-search     the OS search: part of a name typed, an OS picked from the completion's
#                 list with the keyboard overrides the detected one and shows in the summary
#   storage-browser  the Storage step's browser: the embedded root's image folder is the pool
#                 "default"; New Volume makes a 1 GiB qcow2 volume there, which is picked, and
#                 becomes the existing disk in the summary
#   customize-test-driver  Customize on a non-embedded connection (test:///default: the
#                 disk is a volume the engine makes through libvirt's storage): Begin
#                 Installation starts it; a second VM's Cancel Installation removes it
#   networks      on a non-embedded connection (libvirt's test driver, test:///default) the
#                 Network choice lists its virtual network, chosen as it is active, and the
#                 vireo-install line names it
#   customize     "Customize configuration before install": the VM is defined, not started,
#                 its window opens on Details with Begin Installation; the memory and the
#                 NIC's model are changed and applied there; Begin Installation boots the
#                 install phase with the changes and the install media, the console shows
#                 frames, and the lasting definition keeps the changes
#   customize-cancel  the same on a PXE install with a new disk, and the VM window closed:
#                 asked, Cancel Installation removes the VM and every file the wizard made
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "cli"))
import vireo_atspi as ui  # noqa: E402
import installtest as it  # noqa: E402

GRUB_ISO = "/usr/lib/grub-rescue/grub-rescue-cdrom.iso"
GRUB_USB = "/usr/lib/grub-rescue/grub-rescue-usb.img"
DEBIAN_LABEL = "Debian 11.5.0 amd64 n"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIVireoWizardKey alice@vireo"


class Case:
    def __init__(self, vireo, work):
        self.vireo = vireo
        self.work = work
        self.root = it.make_root()
        self.app = None

    def start(self):
        # The manager writes ROOT/etc/qemu.conf; QEMU emulates (no KVM in tests).
        self.app = ui.App([self.vireo, "--connect", it.uri(self.root),
                           "--show-domain-creator"], env={"VIREO_BENCH": "1"})
        wizard = self.app.window("New Virtual Machine")
        ui.find(wizard, "radio button", "Local Install Media")
        # Emulated: tests never use KVM.
        ui.press(ui.find(wizard, "toggle button", "Architecture Options"))
        ui.choose(ui.find(wizard, "combo box", "Virtualization Type"), "QEMU (emulated)")
        return wizard

    def stop(self):
        if self.app is not None:
            log = self.app.log()
            self.app.stop()
            self.app = None
            return log
        return ""

    def finish(self):
        self.stop()
        try:
            it.probe(self.root, "destroy")
        except AssertionError:
            pass
        it.kill_root_qemus(self.root)
        it.cleanup_root(self.root)


def forward(wizard):
    ui.press(ui.find(wizard, "push button", "Forward"))


def set_resources(wizard, memory="192"):
    """The memory page: little memory (emulated guests share a small machine)."""
    spin = ui.find(wizard, "spin button", "Memory")
    ui.type_text(spin, memory)
    spin.queryValue().currentValue = float(memory)
    cpus = ui.find(wizard, "spin button", "CPUs")
    cpus.queryValue().currentValue = 1.0


def finish_with_name(wizard, name):
    entry = ui.find(wizard, "text", "Name")
    ui.type_text(entry, name)
    ui.wait_for(lambda: ui.text_of(entry) == name, "the name to be typed")
    finish = ui.find(wizard, "push button", "Finish")
    ui.wait_for(lambda: finish.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                "Finish to be sensitive")
    ui.press(finish)


def wait_created(case, wizard):
    """Waits for the wizard to close on success; a failure it shows is the test's."""
    def done():
        if wizard not in ui.children(case.app.node) or not ui.showing(wizard):
            return True
        errors = [n for n in ui.find_all(wizard, "label", lambda n: "could not" in n or
                                         "cancelled" in n)]
        if errors:
            raise AssertionError("the wizard says: " + errors[0].name)
        return False
    try:
        ui.wait_for(done, "the VM to be created", timeout=300)
    except ui.Failure:
        labels = [n.name for n in ui.find_all(wizard, "label") if n.name]
        raise AssertionError("the wizard stays open: %s\n%s" % (labels, case.app.log()))


def console_shows_frames(app, name):
    """The console window of @name opens, and its display shows an image: the pixels of
    its middle are of more than one colour."""
    window = app.window(lambda n: n.startswith(name))
    # The VM window, on its Console view: the console page's toolbar in the window's.
    ui.find(window, "toggle button", "Send Key")
    ext = window.queryComponent().getExtents(ui.pyatspi.DESKTOP_COORDS)
    colours = 0
    shot = tempfile.mktemp(suffix=".png")
    deadline = time.time() + 120
    while time.time() < deadline:
        subprocess.run(["import", "-window", "root", shot], check=True,
                       stderr=subprocess.DEVNULL)
        crop = "%dx%d+%d+%d" % (ext.width // 2, ext.height // 2,
                                ext.x + ext.width // 4, ext.y + ext.height // 4)
        out = subprocess.run(["convert", shot, "-crop", crop, "-format", "%k", "info:"],
                             capture_output=True, text=True)
        colours = int(out.stdout.strip() or 0)
        if colours > 1:
            break
        time.sleep(2)
    keep = os.environ.get("VIREO_TEST_SCREENSHOTS")
    if keep:
        shutil.copy(shot, os.path.join(keep, f"wizard-{name}.png"))
    os.unlink(shot)
    it.check(colours > 1, f"the console of {name} shows no image ({colours} colour)")


def domain(case, name):
    case.stop()
    ds = it.probe(case.root, "list")
    it.check(name in ds, f"{name} is not defined: {sorted(ds)}")
    return ds[name]


# ------------------------------------------------------------------------------------------

def test_detect(vireo, work):
    case = Case(vireo, work)
    iso = os.path.join(work, "debian-label.iso")
    subprocess.run(["xorriso", "-indev", GRUB_ISO, "-outdev", iso, "-volid", DEBIAN_LABEL,
                    "-boot_image", "any", "replay"], check=True, capture_output=True)
    try:
        wizard = case.start()
        forward(wizard)
        ui.type_text(ui.find(wizard, "text", "Install Media"), iso)
        status = ui.find(wizard, "label", lambda n: n.startswith("Detected:"))
        it.check("Debian 11" in status.name, f"detected: {status.name}")
        forward(wizard)
        set_resources(wizard)
        forward(wizard)
        ui.find(wizard, "radio button", "New Disk")
        ui.find(wizard, "spin button", "Disk Size").queryValue().currentValue = 1.0
        forward(wizard)
        name_entry = ui.find(wizard, "text", "Name")
        it.check(ui.text_of(name_entry) == "debian11",
                 f"suggested name {ui.text_of(name_entry)!r}")
        finish_with_name(wizard, "wiz-detect")
        wait_created(case, wizard)
        console_shows_frames(case.app, "wiz-detect")
        d = domain(case, "wiz-detect")
        it.check(d["state"] == 1, "wiz-detect does not run")
        xml = d["live"]
        it.check("http://debian.org/debian/11" in xml, "the OS is not Debian 11")
        it.check("bus='virtio'" in xml and "<model type='virtio'" in xml,
                 "no virtio disk and network: " + xml)
        it.check(iso in xml, "the ISO is not attached")
        it.check(os.path.exists(os.path.join(case.root, "images", "wiz-detect.qcow2")),
                 "no new disk: %s" % it.images(case.root))
    finally:
        case.finish()


def test_cloud(vireo, work):
    case = Case(vireo, work)
    base = os.path.join(work, "cloud-base.qcow2")
    subprocess.run(["qemu-img", "convert", "-O", "qcow2", GRUB_USB, base], check=True)
    with open(base, "rb") as f:
        before = hashlib.sha256(f.read()).hexdigest()
    try:
        wizard = case.start()
        ui.press(ui.find(wizard, "radio button", "Cloud Image"))
        forward(wizard)
        ui.type_text(ui.find(wizard, "text", "Cloud Image"), base)
        ui.type_text(ui.find(wizard, "text", "Cloud User"), "alice")
        ui.type_text(ui.find(wizard, "password text", "Cloud Password"), "s3cret")
        ui.type_text(ui.find(wizard, "text", "SSH Public Key"), KEY)
        ui.type_text(ui.find(wizard, "text", "Host Name"), "web1")
        forward(wizard)
        set_resources(wizard)
        forward(wizard)
        ui.find(wizard, "spin button", "Disk Size").queryValue().currentValue = 1.0
        forward(wizard)
        finish_with_name(wizard, "wiz-cloud")
        wait_created(case, wizard)
        ui.find(case.app.window(lambda n: n.startswith("wiz-cloud")), "toggle button",
                "Send Key")
        d = domain(case, "wiz-cloud")
        it.check(d["state"] == 1, "wiz-cloud does not run")
        overlay = os.path.join(case.root, "images", "wiz-cloud.qcow2")
        it.check(overlay in d["live"], "the VM does not run on the overlay: " + d["live"])
        info = json.loads(subprocess.run(["qemu-img", "info", "-U", "--output=json", overlay],
                                         capture_output=True, text=True, check=True).stdout)
        it.check(info.get("backing-filename") == base, f"overlay backing: {info}")
        with open(base, "rb") as f:
            it.check(hashlib.sha256(f.read()).hexdigest() == before, "the base image changed")
        seed = next((os.path.join(case.root, "images", p) for p in it.images(case.root)
                     if p.endswith("cidata.iso")), None)
        it.check(seed is not None, "no seed: %s" % it.images(case.root))
        user_data = it.iso_read(seed, "/user-data", work).decode()
        meta_data = it.iso_read(seed, "/meta-data", work).decode()
        it.check("alice" in user_data and "VireoWizardKey" in user_data,
                 "user-data: " + user_data)
        it.check("web1" in user_data + meta_data, "host name: " + meta_data)
    finally:
        case.finish()


def test_import_vmdk(vireo, work):
    case = Case(vireo, work)
    vmdk = os.path.join(work, "grub.vmdk")
    subprocess.run(["qemu-img", "convert", "-O", "vmdk", GRUB_USB, vmdk], check=True)
    try:
        wizard = case.start()
        ui.press(ui.find(wizard, "radio button", "Import Existing Disk"))
        forward(wizard)
        ui.type_text(ui.find(wizard, "text", "Disk Image"), vmdk)
        ui.press(ui.find(wizard, "radio button", "Convert Image"))
        forward(wizard)
        set_resources(wizard, "128")
        forward(wizard)  # no storage page: the image is the disk
        finish_with_name(wizard, "wiz-vmdk")
        wait_created(case, wizard)
        console_shows_frames(case.app, "wiz-vmdk")
        d = domain(case, "wiz-vmdk")
        it.check(d["state"] == 1, "wiz-vmdk does not run")
        converted = [p for p in it.images(case.root) if p.endswith(".qcow2")]
        it.check(len(converted) == 1, "converted: %s" % it.images(case.root))
        it.check(os.path.join(case.root, "images", converted[0]) in d["live"] and
                 "type='qcow2'" in d["live"], "the VM does not boot the copy: " + d["live"])
    finally:
        case.finish()


def test_duplicate(vireo, work):
    case = Case(vireo, work)
    # A VM named "taken" in the root, defined before the wizard opens.
    it.probe(case.root, "define", "<domain type='qemu'><name>taken</name>"
             "<memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>"
             "</domain>")
    try:
        wizard = case.start()
        ui.press(ui.find(wizard, "radio button", "Network Boot"))
        for _ in range(4):
            forward(wizard)
        entry = ui.find(wizard, "text", "Name")
        ui.type_text(entry, "taken")
        error = ui.find(wizard, "label", lambda n: "exists already" in n)
        finish = ui.find(wizard, "push button", "Finish")
        it.check(not finish.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                 "Finish is sensitive with a taken name: " + error.name)
        ui.type_text(entry, "free")
        ui.wait_for(lambda: finish.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                    "Finish to be sensitive with a free name")
    finally:
        case.finish()


def test_cancel(vireo, work):
    case = Case(vireo, work)
    try:
        wizard = case.start()
        ui.press(ui.find(wizard, "radio button", "Network Boot"))
        forward(wizard)
        forward(wizard)
        set_resources(wizard)
        forward(wizard)
        ui.find(wizard, "spin button", "Disk Size").queryValue().currentValue = 4.0
        ui.press(ui.find(wizard, "check box", "Allocate Entire Disk"))
        forward(wizard)
        finish_with_name(wizard, "wiz-cancel")
        bar = ui.find(wizard, "progress bar", "Progress")
        ui.wait_for(lambda: 0 < bar.queryValue().currentValue < 1,
                    "the disk to be partly written")
        ui.press(ui.find(wizard, "push button", "Cancel"))
        ui.find(wizard, "label", lambda n: "cancelled" in n, timeout=120)
        case.stop()
        ds = it.probe(case.root, "list")
        it.check("wiz-cancel" not in ds, "the VM is left: %s" % sorted(ds))
        it.check(it.images(case.root) == [], "files are left: %s" % it.images(case.root))
    finally:
        case.finish()


def test_bad_paths(vireo, work):
    """Paths typed into the wizard, each refused at Finish with its exact sentence: the
    wizard stays on its last page, and no VM and no file is made."""
    case = Case(vireo, work)
    fifo = os.path.join(work, "not-a-disk")
    os.mkfifo(fifo)
    missing = os.path.join(work, "missing", "x.iso")
    rows = [
        ("Local Install Media", "Install Media", missing,
         f"The install media “{missing}” does not exist."),
        ("Local Install Media", "Install Media", work,
         f"“{work}” is a folder: choose an ISO image or a CD-ROM drive."),
        ("Local Install Media", "Install Media", "relative.iso",
         "Give the full path of the install media, starting with “/”, not “relative.iso”."),
        ("Network Install", "Install URL", missing,
         f"The install tree “{missing}” does not exist."),
        ("Import Existing Disk", "Disk Image", fifo,
         f"“{fifo}” is neither a file nor a drive, so it cannot be a disk image."),
        ("Import Existing Disk", "Disk Image", work,
         f"“{work}” is a folder, not a disk image."),
        ("Network Boot", "Storage Path", missing,
         f"The disk image “{missing}” does not exist."),
    ]
    try:
        wizard = case.start()
        for method, field, path, sentence in rows:
            back = ui.find(wizard, "push button", "Back")
            while back.getState().contains(ui.pyatspi.STATE_SENSITIVE):
                ui.press(back)
            ui.press(ui.find(wizard, "radio button", method))
            forward(wizard)  # the media page
            if field != "Storage Path":
                ui.type_text(ui.find(wizard, "text", field), path)
            forward(wizard)  # memory and CPUs
            if method != "Import Existing Disk":
                forward(wizard)  # storage
                ui.press(ui.find(wizard, "radio button",
                                 "Existing Storage" if field == "Storage Path" else "No Disk"))
                if field == "Storage Path":
                    ui.type_text(ui.find(wizard, "text", field), path)
            forward(wizard)  # finish
            finish_with_name(wizard, "wiz-bad-path")
            try:
                ui.find(wizard, "label", sentence, timeout=30)
                ok = True
            except ui.Failure:
                ok = False
            labels = [n.name for n in ui.find_all(wizard, "label") if n.name]
            it.check(ok, f"{method}, {field} = {path!r}: not {sentence!r} in {labels}")
            ui.find(wizard, "push button", "Finish")
        case.stop()
        ds = it.probe(case.root, "list")
        it.check("wiz-bad-path" not in ds, "a VM is defined: %s" % sorted(ds))
        it.check(it.images(case.root) == [], "files are made: %s" % it.images(case.root))
    finally:
        case.finish()


def make_debian_iso(work):
    iso = os.path.join(work, "debian-label.iso")
    if not os.path.exists(iso):
        subprocess.run(["xorriso", "-indev", GRUB_ISO, "-outdev", iso, "-volid", DEBIAN_LABEL,
                        "-boot_image", "any", "replay"], check=True, capture_output=True)
    return iso


def customize_and_finish(wizard, name):
    check = ui.find(wizard, "check box", "Customize Configuration Before Install")
    ui.press(check)
    ui.wait_for(lambda: check.getState().contains(ui.pyatspi.STATE_CHECKED),
                "Customize to be checked")
    finish_with_name(wizard, name)


def memory_kib(xml, tag):
    root = ET.fromstring(xml)
    node = root.find(tag)
    factor = {"KiB": 1, "MiB": 1024, "GiB": 1024 * 1024}[node.get("unit", "KiB")]
    return int(node.text) * factor


def test_os_search(vireo, work):
    case = Case(vireo, work)
    iso = make_debian_iso(work)
    try:
        wizard = case.start()
        forward(wizard)
        ui.type_text(ui.find(wizard, "text", "Install Media"), iso)
        ui.find(wizard, "label", lambda n: n.startswith("Detected: Debian 11"))
        # Part of a name typed in the focused search entry: the completion's list pops up;
        # Down and Return pick its first row, as a keyboard user does.
        entry = ui.find(wizard, "text", lambda n: n.startswith("Operating System"))
        entry.queryComponent().grabFocus()
        ui.wait_for(lambda: entry.getState().contains(ui.pyatspi.STATE_FOCUSED),
                    "the OS search entry focused")
        # Typed with the keyboard: the completion pops up on key presses only.
        for ch in "alpine":
            ui.key(ch)
        ui.wait_for(lambda: ui.text_of(entry) == "alpine", "the search typed")
        popup = case.app.window(lambda n: True, roles=("window",))
        cells = ui.find_all(popup, "table cell", lambda n: n.startswith("Alpine Linux"))
        it.check(cells, "the list offers no Alpine Linux: %s" %
                 [c.name for c in ui.find_all(popup, "table cell")][:10])
        ui.key("Down")
        ui.key("Return")
        ui.wait_for(lambda: ui.text_of(entry).startswith("Alpine Linux"),
                    "an OS picked from the list")
        chosen = ui.text_of(entry)
        forward(wizard)
        forward(wizard)
        forward(wizard)
        summary = ui.find(wizard, "label", lambda n: n.startswith("Operating system:"))
        it.check(f"Operating system: {chosen}\n" in summary.name and "Debian" not in
                 summary.name, f"the summary does not show {chosen}: {summary.name}")
        line = ui.find(wizard, "label", lambda n: "vireo-install" in n)
        it.check("--osinfo alpinelinux" in line.name,
                 "the vireo-install line does not name the chosen OS: " + line.name)
        ui.press(ui.find(wizard, "push button", "Cancel"))
        case.app.gone(wizard)
    finally:
        case.finish()


def test_storage_browser(vireo, work):
    case = Case(vireo, work)
    try:
        wizard = case.start()
        ui.press(ui.find(wizard, "radio button", "Network Boot"))
        forward(wizard)
        forward(wizard)
        forward(wizard)
        ui.press(ui.find(wizard, "push button", "Browse Storage"))
        browser = case.app.window("Choose Storage Volume")
        pools = ui.find(browser, "table", "Storage Pools")
        ui.find(pools, "table cell", "default")
        new = ui.find(browser, "push button", "New Volume")
        ui.wait_for(lambda: new.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                    "New Volume to be sensitive (the default pool selected)")
        ui.press(new)
        dialog = case.app.window("New Disk Image")
        ui.type_text(ui.find(dialog, "text", "Name"), "picked.qcow2")
        ui.choose(ui.find(dialog, "combo box", "Format"), "qcow2")
        ui.type_text(ui.find(dialog, "spin button", "Size (GiB)"), "1")
        ui.press(ui.find(dialog, "push button", "Create"))
        case.app.gone(dialog)
        volumes = ui.find(browser, "table", "Volumes")
        ui.find(volumes, "table cell", "picked.qcow2")
        choose = ui.find(browser, "push button", "Choose Volume")
        ui.wait_for(lambda: choose.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                    "the new volume to be selected")
        ui.press(choose)
        case.app.gone(browser)
        path = os.path.join(case.root, "images", "picked.qcow2")
        entry = ui.find(wizard, "text", "Storage Path")
        it.check(ui.text_of(entry) == path, f"the storage path is {ui.text_of(entry)!r}")
        existing = ui.find(wizard, "radio button", lambda n: n.startswith("Existing"))
        it.check(existing.getState().contains(ui.pyatspi.STATE_CHECKED),
                 "the existing storage is not chosen")
        forward(wizard)
        summary = ui.find(wizard, "label", lambda n: n.startswith("Operating system:"))
        it.check(f"Storage: {path}" in summary.name, "the summary: " + summary.name)
        info = json.loads(subprocess.run(["qemu-img", "info", "-U", "--output=json", path],
                                         capture_output=True, text=True, check=True).stdout)
        it.check(info.get("format") == "qcow2" and info.get("virtual-size") == 1 << 30,
                 f"the new volume: {info}")
        ui.press(ui.find(wizard, "push button", "Cancel"))
        case.app.gone(wizard)
    finally:
        case.finish()


def test_networks(vireo, work):
    app = ui.App([vireo, "--connect", "test:///default", "--show-domain-creator"])
    try:
        wizard = app.window("New Virtual Machine")
        ui.press(ui.find(wizard, "radio button", "Network Boot"))
        for _ in range(4):
            forward(wizard)
        combo = ui.find(wizard, "combo box", "Network")

        def items():
            return [n.name for n in ui.walk(combo) if ui.role_name(n) == "menu item"]
        ui.wait_for(lambda: any(n.startswith("Virtual network \u201cdefault\u201d")
                                for n in items()), "the test driver's network in the list")
        it.check("Usermode networking" in items() and "No network" in items(),
                 "the other choices: %s" % items())
        line = ui.find(wizard, "label", lambda n: "--network network=default" in n)
        it.check("vireo-install" in line.name, "the line: " + line.name)
        ui.press(ui.find(wizard, "push button", "Cancel"))
        app.gone(wizard)
    finally:
        app.stop()


def test_customize_test_driver(vireo, work):
    app = ui.App([vireo, "--connect", "test:///default"])

    def customized(manager, name):
        ui.press(ui.find(manager, "push button", "New VM"))
        wizard = app.window("New Virtual Machine")
        ui.press(ui.find(wizard, "radio button", "Network Boot"))
        forward(wizard)
        forward(wizard)
        set_resources(wizard)
        forward(wizard)
        ui.find(wizard, "spin button", "Disk Size").queryValue().currentValue = 1.0
        forward(wizard)
        customize_and_finish(wizard, name)

        def done():
            errors = ui.find_all(wizard, "label", lambda n: "could not" in n)
            if errors:
                raise AssertionError("the wizard says: " + errors[0].name)
            return wizard not in ui.children(app.node) or not ui.showing(wizard)
        ui.wait_for(done, "the VM to be defined", timeout=120)
        return app.window(lambda n: n.startswith(name))

    def listed(manager, name):
        table = ui.find(manager, "tree table", "Virtual Machines")
        return bool(ui.find_all(table, "table cell", name, only_showing=False))

    try:
        manager = app.window("Vireo")
        window = customized(manager, "wiz-td")
        ui.press(ui.find(window, "push button", "Begin Installation"))
        ui.wait_for(lambda: not ui.find_all(window, "push button", "Begin Installation"),
                    "the install to begin", timeout=120)
        it.check(not ui.find_all(window, "label", lambda n: "could not" in n),
                 "an error shows after Begin Installation")
        run = ui.find(window, "push button", "Run")
        ui.wait_for(lambda: not run.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                    "Run to be insensitive (the VM runs)")
        # A second one, cancelled: it leaves the list, the first stays.
        window2 = customized(manager, "wiz-td2")
        ui.wait_for(lambda: listed(manager, "wiz-td2"), "wiz-td2 in the list")
        ui.press(ui.find(window2, "push button", "Cancel Installation"))
        app.gone(window2, timeout=120)
        ui.wait_for(lambda: not listed(manager, "wiz-td2"), "wiz-td2 to leave the list")
        it.check(listed(manager, "wiz-td"), "wiz-td left the list too")
    finally:
        app.stop()


def test_customize(vireo, work):
    case = Case(vireo, work)
    iso = make_debian_iso(work)
    try:
        wizard = case.start()
        forward(wizard)
        ui.type_text(ui.find(wizard, "text", "Install Media"), iso)
        ui.find(wizard, "label", lambda n: n.startswith("Detected:"))
        forward(wizard)
        set_resources(wizard)
        forward(wizard)
        ui.find(wizard, "spin button", "Disk Size").queryValue().currentValue = 1.0
        forward(wizard)
        customize_and_finish(wizard, "wiz-custom")
        wait_created(case, wizard)
        # The VM window, on Details, with the install bar; Run waits for Begin.
        window = case.app.window(lambda n: n.startswith("wiz-custom"))
        begin = ui.find(window, "push button", "Begin Installation")
        ui.find(window, "push button", "Cancel Installation")
        run = ui.find(window, "push button", "Run")
        it.check(not run.getState().contains(ui.pyatspi.STATE_SENSITIVE),
                 "Run is sensitive before the installation began")
        ui.select_item(ui.find(window, "list box", "Hardware"), "Memory")
        ui.set_value(ui.find(window, "spin button", "Maximum allocation (MiB)"), 288)
        ui.set_value(ui.find(window, "spin button", "Current allocation (MiB)"), 288)
        ui.press(ui.find(window, "push button", "Apply"))
        ui.find(window, "label", lambda n: n == "The changes were saved.")
        # And a device: the NIC's model, virtio as the wizard chose for Debian, to e1000.
        for button in ui.find_all(window, "push button", "Close the Message"):
            ui.press(button)
        ui.wait_for(lambda: not ui.find_all(window, "push button", "Close the Message"),
                    "the message to close")
        ui.select_item(ui.find(window, "list box", "Hardware"), lambda n: n.startswith("NIC"))
        model = ui.find(window, "text", "Device model")
        it.check(ui.text_of(model) == "virtio", f"the NIC model is {ui.text_of(model)!r}")
        ui.type_text(model, "e1000")
        ui.press(ui.find(window, "push button", "Apply"))
        ui.find(window, "label", lambda n: n == "The changes were saved.")
        ui.press(begin)
        ui.wait_for(lambda: not ui.find_all(window, "push button", "Begin Installation"),
                    "the install bar to go", timeout=180)
        console_shows_frames(case.app, "wiz-custom")
        d = domain(case, "wiz-custom")
        it.check(d["state"] == 1, "wiz-custom does not run")
        live, lasting = d["live"], d["inactive"]
        it.check(memory_kib(live, "memory") == 288 * 1024,
                 "the install phase does not run with the memory applied: " + live)
        it.check(iso in live and "<on_reboot>destroy</on_reboot>" in live,
                 "the install phase has no install media or on_reboot: " + live)
        it.check("<boot dev='cdrom'/>" in live, "the install phase does not boot the media: " +
                 live)
        it.check("<model type='e1000'/>" in live and "<model type='virtio'/>" not in live,
                 "the install phase does not run with the NIC model applied: " + live)
        it.check("<model type='e1000'/>" in lasting, "the lasting NIC model: " + lasting)
        it.check(memory_kib(lasting, "memory") == 288 * 1024,
                 "the lasting definition lost the change: " + lasting)
        it.check("<on_reboot>destroy</on_reboot>" not in lasting,
                 "the lasting definition keeps the install phase: " + lasting)
        it.check(os.path.exists(os.path.join(case.root, "images", "wiz-custom.qcow2")),
                 "no new disk: %s" % it.images(case.root))
    finally:
        case.finish()


def test_customize_cancel(vireo, work):
    case = Case(vireo, work)
    try:
        wizard = case.start()
        ui.press(ui.find(wizard, "radio button", "Network Boot"))
        forward(wizard)
        forward(wizard)
        set_resources(wizard)
        forward(wizard)
        ui.find(wizard, "spin button", "Disk Size").queryValue().currentValue = 1.0
        forward(wizard)
        customize_and_finish(wizard, "wiz-uncustom")
        wait_created(case, wizard)
        window = case.app.window(lambda n: n.startswith("wiz-uncustom"))
        ui.find(window, "push button", "Begin Installation")
        it.check(any(p.endswith("wiz-uncustom.qcow2") for p in it.images(case.root)),
                 "no disk made: %s" % it.images(case.root))
        # Closing the window asks; Cancel Installation removes it all.
        ui.press(ui.find(window, "toggle button", "Window Menu"))
        ui.press(ui.find(window, None, "Close"))
        dialog = case.app.window(lambda n: True, roles=("alert", "dialog"))
        ui.find(dialog, "push button", "Keep Customizing")
        ui.press(ui.find(dialog, "push button", "Cancel Installation"))
        case.app.gone(window, timeout=120)
        case.stop()
        ds = it.probe(case.root, "list")
        it.check("wiz-uncustom" not in ds, "the VM is left: %s" % sorted(ds))
        it.check(it.images(case.root) == [], "files are left: %s" % it.images(case.root))
    finally:
        case.finish()


def test_empty(vireo, work):
    """An open connection without VMs calls for the wizard, which opens on it."""
    case = Case(vireo, work)
    try:
        case.app = ui.App([vireo, "--connect", it.uri(case.root)])
        window = case.app.window("Vireo")
        button = ui.find(window, "push button", "Create a Virtual Machine")
        ui.find(window, "label", lambda n: n.startswith("There are no virtual machines on"))
        ui.press(button)
        wizard = case.app.window("New Virtual Machine")
        label = ui.find(wizard, "label", lambda n: n.startswith("Connection:"))
        it.check(it.uri(case.root) in label.name, "the wizard is on " + label.name)
        ui.press(ui.find(wizard, "push button", "Cancel"))
        case.app.gone(wizard)
        # The New VM button of the header bar opens it too.
        ui.press(ui.find(window, "push button", "New VM"))
        wizard = case.app.window("New Virtual Machine")
        ui.press(ui.find(wizard, "push button", "Cancel"))
        case.app.gone(wizard)
        # And Ctrl+N, as a keyboard user does, in the manager's window.
        ui.find(window, "tree table", "Virtual Machines").queryComponent().grabFocus()
        ui.key_combo("Control_L", "n")
        wizard = case.app.window("New Virtual Machine")
        ui.find(wizard, "radio button", "Local Install Media")
        ui.press(ui.find(wizard, "push button", "Cancel"))
    finally:
        case.finish()


def main():
    vireo = sys.argv[1]
    if not os.environ.get("DISPLAY"):
        print("TAP version 13\nBail out! no X server: run under xvfb-run")
        sys.exit(1)
    print("TAP version 13", flush=True)
    tap = it.Tap()
    work = tempfile.mkdtemp(prefix="vireo-wizard-test-")
    try:
        for name, func in (("empty", test_empty), ("detect", test_detect),
                           ("duplicate", test_duplicate),
                           ("bad-paths", test_bad_paths),
                           ("cancel", test_cancel), ("cloud", test_cloud),
                           ("import-vmdk", test_import_vmdk),
                           ("os-search", test_os_search),
                           ("storage-browser", test_storage_browser),
                           ("networks", test_networks),
                           ("customize-test-driver", test_customize_test_driver),
                           ("customize", test_customize),
                           ("customize-cancel", test_customize_cancel)):
            if not all(os.path.exists(p) for p in (GRUB_ISO, GRUB_USB)):
                tap.missing(name, "grub-rescue-pc (tools/setup installs it)")
                continue
            tap.run(name, func, vireo, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(tap.done())


if __name__ == "__main__":
    if "VIREO_WIZARD_TAP_FD" not in os.environ:
        # Inside a session bus of its own, where the accessibility bus starts.  The
        # services the bus starts write to the stdout they inherit: the results come back
        # on a pipe of their own (as in test-a11y.py).
        read_end, write_end = os.pipe()
        env = dict(os.environ, VIREO_WIZARD_TAP_FD=str(write_end))
        proc = subprocess.Popen(["dbus-run-session", "--", sys.executable] + sys.argv,
                                env=env, stdout=sys.stderr, pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end, encoding="utf-8") as results:
            for line in results:
                sys.stdout.write(line)
                sys.stdout.flush()
        sys.exit(proc.wait())
    sys.stdout = os.fdopen(int(os.environ.pop("VIREO_WIZARD_TAP_FD")), "w", buffering=1,
                           encoding="utf-8")
    main()
