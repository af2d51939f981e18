#!/usr/bin/python3
# test-vm-window-qemu.py: the VM window on emulated guests, driven as a screen-reader user
# drives it: every control is found by its role and accessible name over AT-SPI.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it in the qemu suite, under the suite's X server):
#   test-vm-window-qemu.py VIREO VIREO-TEST-EMBED
#
# One embedded root (qemu:///embed?root=/tmp/vq-…) with two busybox guests of
# tests/common/media/make-guest.sh, made by the helper vireo-test-embed, which then exits:
# "vq-off", shut off, and "vq-run", running, its serial console on a pty that this test opens
# itself to run commands in the guest.  Then vireo --show-domain-editor opens the root and:
#
#   1. changes memory and vCPUs of vq-off, applies, and reads libvirt's XML of it;
#   2. adds a disk of a new image with Add Hardware, removes it and deletes its file;
#   3. turns XML editing on in Preferences, edits vq-off's XML, and has an invalid document
#      refused with the VM unchanged; the XML view's module is mapped only then;
#   4. opens vq-run's window from a second vireo (forwarded to the first), reads on its
#      Overview what the guest's agent says (the guest answers as an agent with fixed facts,
#      make-guest.sh), adds a NIC and sees it in the guest, changes the CD-ROM's media and
#      sees the guest read the new one;
#   5. shows vq-run's performance graphs and checks their pixels on a screenshot (in the dark
#      theme: the lines must be the graph's light blue on a dark background);
#   6. shows the Console view, and only then maps the console module.
#
# libvirt's XML is read from the files the embedded driver keeps (ROOT/etc/qemu),
# since the root is Vireo's while it runs.
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import tty
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

GUEST_TIMEOUT = 240    # a TCG guest boots, a hot-plugged device shows up in it
MARKER = b"VIREO-GUEST-READY"
# The first colour of the graphs on a dark theme (vireo-graph.h: VIREO_GRAPH_COLOR_1_DARK).
GRAPH_COLOR_DARK = (0x62, 0xa0, 0xea)

TAP = ui.Tap()
check = TAP.check


# ------------------------------------------------------------------------------------------
# The guests

def guest_xml(name, media, extra=""):
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
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='{media}/grub-rescue-cdrom.iso'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    {extra}
  </devices>
</domain>
"""


class Console:
    """The guest's serial console, on the pty QEMU made for it: commands in, output out."""

    def __init__(self, path):
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        self.text = b""
        self.serial = 0

    def read(self, seconds):
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            self.text += os.read(self.fd, 65536)

    def wait_marker(self):
        end = time.monotonic() + GUEST_TIMEOUT
        while MARKER not in self.text:
            if time.monotonic() > end:
                raise Failure(f"the guest did not boot: {self.text[-500:]!r}")
            self.read(1)

    def run(self, command):
        """Runs @command in the guest's shell; its output."""
        self.serial += 1
        n = self.serial
        start = len(self.text)
        # The markers are computed by the shell, so the echoed command line does not hold them.
        os.write(self.fd, f"echo B$((7000+{n})); {command}; echo E$((7000+{n}))\n".encode())
        begin, end_mark = f"B{7000 + n}\r\n".encode(), f"E{7000 + n}\r\n".encode()
        end = time.monotonic() + 30
        while True:
            part = self.text[start:]
            b = part.find(begin)
            e = part.find(end_mark, b + 1) if b >= 0 else -1
            if e >= 0:
                return part[b + len(begin):e].decode(errors="replace").strip()
            if time.monotonic() > end:
                raise Failure(f"the guest did not answer {command!r}: {part[-500:]!r}")
            self.read(1)

    def wait_for(self, command, predicate, what):
        end = time.monotonic() + GUEST_TIMEOUT
        while True:
            out = self.run(command)
            if predicate(out):
                return out
            if time.monotonic() > end:
                raise Failure(f"{what}: {command!r} still says {out!r}")
            time.sleep(1)


# ------------------------------------------------------------------------------------------
# Reading what libvirt keeps

def definition(root, name):
    path = os.path.join(root, "etc", "qemu", f"{name}.xml")
    with open(path, encoding="utf-8") as f:
        return f.read()


def parsed(root, name):
    return ET.fromstring(definition(root, name))


def memory_mib(domain, tag):
    node = domain.find(tag)
    factor = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}[node.get("unit", "KiB")]
    return int(int(node.text) * factor)


def maps(pid):
    with open(f"/proc/{pid}/maps", encoding="utf-8") as f:
        return f.read()


def wait_until(predicate, what, timeout=ui.TIMEOUT):
    return ui.wait_for(predicate, what, timeout)


# ------------------------------------------------------------------------------------------
# The window

def sidebar(window):
    return ui.find(window, "list box", "Hardware")


def show_page(window, title):
    ui.select_item(sidebar(window), title)


def page_has(window, role, name):
    return ui.find(window, role, name)


def dismiss_messages(window):
    """Closes the messages shown, so that the next one found is new."""
    for button in ui.find_all(window, "push button", "Close the Message"):
        ui.press(button)
    wait_until(lambda: not ui.find_all(window, "push button", "Close the Message"),
               "the messages to close")


def apply_and_wait(window, expect):
    """Presses Apply and waits for the message that says how it went (@expect: a function of
    the message text); returns the message."""
    dismiss_messages(window)
    ui.press(ui.find(window, "push button", "Apply"))
    label = ui.find(window, "label", lambda n: expect(n))
    return label.name


def saved(text):
    return text in ("The changes were saved.",
                    "The changes were applied to the running virtual machine.") or \
        text.startswith("Changed in the running VM now: ") or "next starts" in text


def case_memory_vcpus(app, window, root):
    show_page(window, "Memory")
    ui.set_value(ui.find(window, "spin button", "Maximum allocation (MiB)"), 256)
    ui.set_value(ui.find(window, "spin button", "Current allocation (MiB)"), 192)
    apply_and_wait(window, lambda n: n == "The changes were saved.")
    domain = parsed(root, "vq-off")
    check(memory_mib(domain, "memory") == 256 and memory_mib(domain, "currentMemory") == 192,
          "memory of a shut-off VM: applied, in libvirt's XML",
          [ET.tostring(domain.find("memory")), ET.tostring(domain.find("currentMemory"))])

    show_page(window, "CPUs")
    ui.set_value(ui.find(window, "spin button", "Maximum vCPUs"), 3)
    ui.set_value(ui.find(window, "spin button", "Current vCPUs"), 2)
    dismiss_messages(window)
    ui.press(ui.find(window, "push button", "Apply"))
    wait_until(lambda: parsed(root, "vq-off").find("vcpu").text == "3", "vCPUs in the XML")
    vcpu = parsed(root, "vq-off").find("vcpu")
    check(vcpu.text == "3" and vcpu.get("current") == "2",
          "vCPUs of a shut-off VM: applied, in libvirt's XML", [ET.tostring(vcpu)])


def case_add_remove_disk(app, window, root):
    images = os.path.join(root, "images")
    before = set(os.listdir(images)) if os.path.isdir(images) else set()
    ui.press(ui.find(window, "push button", "Add Hardware"))
    dialog = app.window("Add New Virtual Hardware")
    ui.select_item(ui.find(dialog, "list box", "Device Kinds"), "Storage")
    ui.set_value(ui.find(dialog, "spin button", "Size (GiB)"), 0.2)
    ui.press(ui.find(dialog, "push button", "Finish"))
    app.gone(dialog)
    ui.find(sidebar(window), None, "VirtIO Disk 1")
    new = sorted(set(os.listdir(images)) - before)
    disks = [d for d in parsed(root, "vq-off").iter("disk") if d.get("device") == "disk"]
    path = disks[0].find("source").get("file") if disks else None
    check(len(new) == 1 and path == os.path.join(images, new[0]),
          "Add Hardware made a disk image in the pool and added it", [new, path])
    if path is None:
        return

    show_page(window, "VirtIO Disk 1")
    ui.press(ui.find(window, "push button", "Remove"))
    dialog = app.window("Remove Device")
    ui.press(ui.find(dialog, "check box", "Delete the storage too"))
    ui.press(ui.find(dialog, "push button", "Remove"))
    app.gone(dialog)
    wait_until(lambda: not os.path.exists(path), "the disk image to be deleted")
    disks = [d for d in parsed(root, "vq-off").iter("disk") if d.get("device") == "disk"]
    check(not disks and not os.path.exists(path),
          "Remove took the disk out of the definition and deleted its file", [path])


def case_xml(app, window, root):
    # XML editing is off until Preferences turn it on.
    ui.press(ui.find(window, "toggle button", "Window Menu"))
    ui.press(ui.find(window, None, "Preferences"))
    prefs = app.window("Preferences")
    ui.press(ui.find(prefs, "check box", "Allow editing the XML"))
    ui.press(ui.find(prefs, "push button", "Close"))
    app.gone(prefs)

    before_maps = maps(app.process.pid)
    show_page(window, "Overview")
    ui.press(ui.find(window, "radio button", "XML"))
    view = ui.find(window, "text", "XML")
    after_maps = maps(app.process.pid)
    check("libvireo-xml-view.so" not in before_maps and "libgtksourceview" not in before_maps
          and "libvireo-xml-view.so" in after_maps and "libgtksourceview" in after_maps,
          "GtkSourceView is mapped when the XML view is first shown, not before")

    text = wait_until(lambda: ui.text_of(view) if "<domain" in ui.text_of(view) else None,
                      "the domain's XML in the view")
    edited = text.replace("</name>", "</name>\n  <description>Edited as XML</description>", 1)
    ui.type_text(view, edited)
    apply_and_wait(window, saved)
    domain = parsed(root, "vq-off")
    check(domain.findtext("description") == "Edited as XML", "an XML edit is applied",
          [domain.findtext("description")])

    unchanged = definition(root, "vq-off")
    broken = re.sub(r"<memory unit=.KiB.>\d+</memory>", "<memory unit='KiB'>lots</memory>",
                    ui.text_of(view))
    if broken == ui.text_of(view):
        raise Failure(f"no <memory> to break in {ui.text_of(view)[:400]!r}")
    ui.type_text(view, broken)
    dismiss_messages(window)
    ui.press(ui.find(window, "push button", "Apply"))
    message = ui.find(window, "label", lambda n: "lots" in n or "validate" in n)
    check(definition(root, "vq-off") == unchanged,
          "an XML edit libvirt refuses is said, and leaves the VM unchanged", [message.name])
    ui.press(ui.find(window, "push button", "Revert"))
    ui.press(ui.find(window, "radio button", "Settings"))


# The facts the guest's stand-in agent gives (tests/common/media/make-guest.sh).
AGENT_FACTS = ("vireo-test-guest", "Vireo Test Busybox 1", "192.0.2.7/24 (vt0)",
               "VTZ (+01:00)", "tester")


def case_agent(window, shots):
    show_page(window, "Overview")
    try:
        ui.find(window, "label", AGENT_FACTS[0], timeout=GUEST_TIMEOUT)
        # Kept for a person to look at, as the other screenshots.
        subprocess.run(["import", "-window", "root", os.path.join(shots, "vm-window-overview.png")],
                       check=True, timeout=60)
        shown = [fact for fact in AGENT_FACTS if ui.find_all(window, "label", fact)]
        loopback = ui.find_all(window, "label", lambda n: "127.0.0.1" in n)
        check(len(shown) == len(AGENT_FACTS) and not loopback,
              "the Overview shows what the guest agent says (hostname, OS, addresses without "
              "the loopback, time zone, users)", [f"shown: {shown}", f"loopback: {loopback}"])
    except Failure as e:
        status = [n.name for n in ui.find_all(window, "label", lambda n: "agent" in n.lower())]
        check(False, "the Overview shows what the guest agent says", [e] + status)


def case_running(app, window, root, console, vireo, env, shots):
    # A second vireo hands its request to the first, which opens vq-run's window.
    uri = f"qemu:///embed?root={root}"
    r = subprocess.run([vireo, "--connect", uri, "--show-domain-editor", "vq-run"], env=env,
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "a second vireo --show-domain-editor is answered by the first",
          [r.stderr])
    window = app.window("vq-run")
    ui.find(sidebar(window), None, "CDROM 1")
    console.wait_marker()
    case_agent(window, shots)

    before = console.run("ls /sys/class/net")
    ui.press(ui.find(window, "push button", "Add Hardware"))
    dialog = app.window("Add New Virtual Hardware")
    ui.select_item(ui.find(dialog, "list box", "Device Kinds"), "Network")
    dismiss_messages(window)
    ui.press(ui.find(dialog, "push button", "Finish"))
    app.gone(dialog)
    message = ui.find(window, "label", saved).name
    nics = console.wait_for("ls /sys/class/net", lambda out: "eth0" in out,
                            "the new NIC in the guest")
    check("eth0" not in before and "eth0" in nics,
          "a NIC added to the running guest shows up inside it", [before, nics])
    # The window says what the running VM took now, as the editor reports it.
    check(message == "Changed in the running VM now: network interface added.",
          "the window says the NIC was added to the running VM now", [message])

    second = os.path.join(root, "images", "second.iso")
    read = ("if dd if=/dev/sr0 of=/dev/null bs=2048 count=1 2>/dev/null; "
            "then cat /sys/block/sr0/size; else echo none; fi")
    first = console.run(read)
    show_page(window, "CDROM 1")
    ui.type_text(ui.find(window, "text", "Source path"), second)
    media_message = apply_and_wait(window, saved)
    # 2 MiB of 512-byte sectors.
    now = console.wait_for(read, lambda out: out == "4096", "the new media in the guest")
    check(first != "4096" and now == "4096" and
          media_message.startswith("Changed in the running VM now: "),
          "the CD-ROM's media changed live, and the window says so", [first, now, media_message])

    # What libvirt cannot change live waits for the next start, and the window says so.
    show_page(window, "Memory")
    ui.set_value(ui.find(window, "spin button", "Maximum allocation (MiB)"), 160)
    message = apply_and_wait(window, lambda n: "next starts" in n)
    check(memory_mib(parsed(root, "vq-run"), "memory") == 160,
          "a change to the running guest that waits for its next start is said so",
          [message])
    return window


def graph_pixels(path, box):
    """How many pixels of the graph's line colour there are in @box of the PNG @path, and how
    many dark ones (the background of the dark theme)."""
    x, y, w, h = box
    out = subprocess.run(["convert", path, "-crop", f"{w}x{h}+{x}+{y}", "-depth", "8",
                          "txt:-"], capture_output=True, text=True, check=True).stdout
    line = dark = 0
    for row in out.splitlines()[1:]:
        m = re.search(r"\((\d+),(\d+),(\d+)", row)
        if not m:
            continue
        r, g, b = (int(v) for v in m.groups())
        if all(abs(c - e) <= 16 for c, e in zip((r, g, b), GRAPH_COLOR_DARK)):
            line += 1
        if r + g + b < 3 * 80:
            dark += 1
    return line, dark, w * h


def case_performance(app, window, shots):
    show_page(window, "Performance")
    graph = ui.find(window, None, "CPU usage graph")
    # The value beside the graph says the guest's CPU once a few samples came.
    ui.find(window, "label", lambda n: n.endswith("% used"))
    # Some history to draw: the graph spans ten minutes, half a minute is a line of some
    # pixels.  (Not a measure: the pixel counts below do not depend on the machine's speed.)
    time.sleep(30)
    path = os.path.join(shots, "vm-window-performance.png")
    subprocess.run(["import", "-window", "root", path], check=True, timeout=60)
    line, dark, total = graph_pixels(path, ui.extents(graph))
    check(line > 50 and dark > total // 2,
          "the CPU graph draws its line on the dark theme's background (screenshot "
          f"{path}: {line} line pixels, {dark} of {total} dark)")
    memory = ui.find(window, None, "Memory usage graph")
    line, dark, total = graph_pixels(path, ui.extents(memory))
    check(line > 15, f"the memory graph draws its line ({line} line pixels)")


def case_console(app, window, shots):
    before = maps(app.process.pid)
    ui.press(ui.find(window, "radio button", "Console"))
    # The console's toolbar, in the window's; the guest's serial console in a terminal.
    ui.find(window, "toggle button", "Send Key")
    ui.find(window, None, lambda n: n.startswith("Console of vq-run"))
    after = maps(app.process.pid)
    time.sleep(2)
    subprocess.run(["import", "-window", "root", os.path.join(shots, "vm-window-console.png")],
                   check=False, timeout=60)
    check("libvireo-console.so" not in before and "libspice-client-gtk" not in before and
          "libvireo-console.so" in after,
          "the console module is mapped when the Console view is first shown, not before")


# ------------------------------------------------------------------------------------------

def run(vireo, embed):
    info = ui.run_helper(embed, "media")
    media = info["media"]
    root = ui.run_helper(embed, "root")["root"]
    tmp = tempfile.mkdtemp(prefix="vireo-vm-window-")
    shots = os.environ.get("VIREO_SCREENSHOT_DIR", os.environ.get("G_TEST_BUILDDIR", tmp))
    app = None
    try:
        images = os.path.join(root, "images")
        os.makedirs(images, exist_ok=True)
        with open(os.path.join(images, "second.iso"), "wb") as f:
            f.write(b"\0" * (2 * 1024 * 1024))
        for name, start in (("vq-off", False), ("vq-run", True)):
            path = os.path.join(tmp, f"{name}.xml")
            # vq-run has a guest agent's channel, which its guest answers.
            agent = ("<channel type='unix'><target type='virtio' "
                     "name='org.qemu.guest_agent.0'/></channel>") if start else ""
            with open(path, "w", encoding="utf-8") as f:
                f.write(guest_xml(name, media, agent))
            values = ui.run_helper(embed, "define", root, path, *(["start"] if start else []))
            if start:
                console = Console(values["pty"])

        env = {"GTK_THEME": "Adwaita:dark"}
        app = ui.App([vireo, "--connect", f"qemu:///embed?root={root}",
                      "--show-domain-editor", "vq-off"], env=env)
        window = app.window("vq-off")
        ui.find(sidebar(window), None, "Boot Options")
        check("libspice-client-gtk" not in maps(app.process.pid) and
              "libvireo-console.so" not in maps(app.process.pid),
              "a window that shows Details only maps no console stack")

        for name, case in (("memory and vCPUs", lambda: case_memory_vcpus(app, window, root)),
                           ("add and remove a disk",
                            lambda: case_add_remove_disk(app, window, root)),
                           ("XML", lambda: case_xml(app, window, root))):
            try:
                case()
            except Exception as e:
                check(False, f"{name}: done", ([e] if isinstance(e, Failure)
                      else traceback.format_exc().splitlines()) + [app.log()[-1500:]])
        try:
            running = case_running(app, window, root, console, vireo, app.env, shots)
            case_performance(app, running, shots)
            case_console(app, running, shots)
        except Exception as e:
            check(False, "the running guest: done", ([e] if isinstance(e, Failure)
                  else traceback.format_exc().splitlines()) + [app.log()[-1500:]])
    finally:
        if app is not None:
            app.stop()
        subprocess.run([embed, "cleanup", root], capture_output=True, timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} VIREO VIREO-TEST-EMBED")
    TAP.run_main("VIREO_VM_TAP_FD", "vireo-vm-window-bus-", run, sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    main()
