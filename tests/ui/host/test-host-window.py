#!/usr/bin/python3
# test-host-window.py: the host window driven over AT-SPI, as a screen-reader user would.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it through tests/common/vireo-private-libvirtd, under the
# suite's X server):
#   test-host-window.py VIREO
#
# On qemu:///system (the private libvirt daemon the wrapper started), from `vireo
# --show-host-summary`: a NAT network with DHCP is added (started), stopped and deleted; a
# dir pool is added, a qcow2 volume made in it and an overlay on it, a file uploaded into
# the volume and downloaded back (compared byte for byte), an upload cancelled leaves
# nothing, and deleting the volume while a VM uses it is refused.  On the test driver:
# stopping a network a running VM uses asks first, naming it; a logical pool is made from
# what a scan found; a second --show-host-summary shows the same window; autoconnect
# reaches the settings.  On an embedded root: the overview's live graphs, the image
# folder's new image, an import converted to qcow2, an export converted to raw, a delete,
# and the refusal to delete an image a VM uses.  What the window says is checked against
# libvirt (virsh) and the files themselves.
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "common"))
import pyatspi  # noqa: E402
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

SYSTEM = "qemu:///system"
# Where tests/common/vireo-private-libvirtd keeps its daemon's pid.
PRIVATE_LIBVIRTD_PIDFILE = "/run/libvirt/vireo-private-libvirtd.pid"
MIB = 1024 * 1024

# Defines a VM whose disk is argv[2] on the embedded root argv[1].
DEFINE_EMBEDDED = """
import sys
import libvirt
libvirt.virEventRegisterDefaultImpl()   # the embedded driver wants an event loop
conn = libvirt.open("qemu:///embed?root=" + sys.argv[1])
conn.defineXML(\"\"\"<domain type='qemu'><name>vireo-embed-user</name>
<memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>
<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
<source file='%s'/><target dev='vda' bus='virtio'/></disk></devices></domain>\"\"\" % sys.argv[2])
conn.close()
"""


def virsh(*args):
    return subprocess.run(["virsh", "-c", SYSTEM] + list(args), capture_output=True,
                          text=True)


def select_tab(window, name):
    tab = ui.find(window, "page tab", name)
    tab.parent.querySelection().selectChild(tab.getIndexInParent())


def row_of(table, name):
    """The names of the cells of @table's row whose first cell is @name."""
    cell = ui.find(table, "table cell", name, only_showing=False)
    rows = table.queryTable()
    row = rows.getRowAtIndex(cell.getIndexInParent())
    return [rows.getAccessibleAt(row, col).name for col in range(rows.nColumns)]


def wait_row(table, name, column, value):
    """Waits until the row @name of @table shows @value in @column."""
    try:
        return ui.wait_for(lambda: row_of(table, name)[column] == value,
                           f"{name!r} to show {value!r} in column {column}")
    except Failure as e:
        try:
            row = row_of(table, name)
        except Exception:
            row = "no such row"
        raise Failure(f"{e}; the row is {row}") from None


def wait_no_row(table, name):
    def gone():
        return not ui.find_all(table, "table cell", name, only_showing=False)
    ui.wait_for(gone, f"the row {name!r} to go")


def confirm(app, question_start, button):
    """Answers the question (a GtkMessageDialog, an alert to AT-SPI) that starts with
    @question_start by pressing @button."""
    def asking():
        for top in ui.children(app.node):
            if ui.role_name(top) == "alert" and ui.showing(top) and \
                    ui.find_all(top, "label", lambda n: n.startswith(question_start)):
                return top
        return None
    dialog = ui.wait_for(asking, f"the question {question_start!r}")
    ui.press(ui.find(dialog, "push button", button))
    app.gone(dialog)


def stop_qemu_probes(root):
    """Ends the QEMU processes libvirt's embedded driver started under @root to probe
    QEMU's capabilities (qemu -S -daemonize, each with a pid file in ROOT/lib/qemu/qmp-*/):
    a vireo stopped while libvirt probes leaves them behind."""
    qemu_dir = os.path.join(root, "lib", "qemu")
    for entry in os.listdir(qemu_dir) if os.path.isdir(qemu_dir) else []:
        try:
            with open(os.path.join(qemu_dir, entry, "qmp.pid"), encoding="ascii") as f:
                pid = int(f.read().strip())
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                mine = os.path.join(qemu_dir, entry).encode() in f.read()
            if mine:   # not a process that took a finished probe's pid
                os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass


def same_file(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def make_file(path, size):
    with open(path, "wb") as f:
        f.write(os.urandom(size))


class Test:
    def __init__(self, vireo):
        self.vireo = vireo
        self.tmp = tempfile.mkdtemp(prefix="vireo-host-window-")
        os.chmod(self.tmp, 0o755)   # libvirt's daemon reads and writes here
        self.tap = ui.Tap()
        self.check = self.tap.check

    def step(self, name, function, *args):
        """Runs one step; a failure is reported with its traceback and stops the part."""
        try:
            result = function(*args)
        except Exception as e:
            self.check(False, name, [e] if isinstance(e, Failure)
                       else traceback.format_exc().splitlines())
            raise
        self.check(result is None or result, name)

    # ---------------------------------------------------------------- qemu:///system

    def system(self):
        app = ui.App([self.vireo, "--show-host-summary", "--connect", SYSTEM])
        try:
            window = app.window(lambda n: n.endswith("Connection Details"))
            ui.find(window, "label", lambda n: "socket" in n)
            self.step("system: the overview shows the host", lambda: True)
            self.step("system: the connection takes the name typed", self.system_name, window)
            self.step("system: NAT network added, started, stopped, deleted",
                      self.system_network, app, window)
            self.step("system: dir pool and qcow2 volume added", self.system_pool, app,
                      window)
            self.step("system: a qcow2 volume built on another, then deleted",
                      self.system_overlay, app, window)
            self.step("system: a file uploaded into the volume and downloaded back",
                      self.system_transfers, app, window)
            self.step("system: a cancelled upload leaves no volume", self.system_cancel, app,
                      window)
            self.step("system: a volume a VM uses is not deleted (its users follow libvirt's "
                      "events)", self.system_in_use, app,
                      window)
        except Exception:
            sys.stderr.write(app.log())
        finally:
            app.stop()
            virsh("undefine", "vireo-ui-user")
            for pool in ("vireo-ui-pool",):
                virsh("pool-destroy", pool)
                virsh("pool-undefine", pool)
            virsh("net-destroy", "vireo-ui-nat")
            virsh("net-undefine", "vireo-ui-nat")

    def system_name(self, window):
        entry = ui.find(window, "text", "Name")
        ui.type_text(entry, "Lab host")
        ui.press(entry)   # Enter
        ui.wait_for(lambda: window.name == "Lab host – Connection Details",
                    "the window's title to follow the name")

    def system_network(self, app, window):
        select_tab(window, "Virtual Networks")
        ui.press(ui.find(window, "push button", "Add Network"))
        dialog = app.window("Add a Virtual Network")
        ui.type_text(ui.find(dialog, "text", "Name"), "vireo-ui-nat")
        ui.choose(ui.find(dialog, "combo box", "Mode"), "NAT")
        subnet = ui.text_of(ui.find(dialog, "text", "IPv4 Network"))
        ui.press(ui.find(dialog, "push button", "Create"))
        app.gone(dialog)
        table = ui.find(window, "table", "Virtual Networks")
        row = wait_row(table, "vireo-ui-nat", 1, "Active") and row_of(table, "vireo-ui-nat")
        info = virsh("net-dumpxml", "vireo-ui-nat").stdout
        if "<forward mode='nat'" not in info or "<dhcp>" not in info:
            raise Failure(f"libvirt's network is not NAT with DHCP:\n{info}")
        bridge = row[4]
        if not os.path.exists(f"/sys/class/net/{bridge}"):
            raise Failure(f"the network's bridge {bridge!r} is not up")
        if subnet.split("/")[0].rsplit(".", 1)[0] not in row[5]:
            raise Failure(f"the row's addresses {row[5]!r} are not in {subnet}")

        ui.select_row(table, "vireo-ui-nat")
        ui.press(ui.find(window, "push button", "Stop Network"))
        wait_row(table, "vireo-ui-nat", 1, "Inactive")
        if "no" not in virsh("net-info", "vireo-ui-nat").stdout.split("Active:")[1][:20]:
            raise Failure("libvirt says the stopped network is still active")
        if os.path.exists(f"/sys/class/net/{bridge}"):
            raise Failure(f"the bridge {bridge!r} is still there once stopped")

        ui.select_row(table, "vireo-ui-nat")
        ui.press(ui.find(window, "push button", "Delete Network"))
        confirm(app, "Delete the network", "Delete Network")
        wait_no_row(table, "vireo-ui-nat")
        if "vireo-ui-nat" in virsh("net-list", "--all", "--name").stdout.split():
            raise Failure("libvirt still has the deleted network")

    def system_pool(self, app, window):
        select_tab(window, "Storage")
        ui.press(ui.find(window, "push button", "Add Pool"))
        dialog = app.window("Add a Storage Pool")
        ui.type_text(ui.find(dialog, "text", "Name"), "vireo-ui-pool")
        ui.choose(ui.find(dialog, "combo box", "Type"), "Folder (dir)")
        ui.type_text(ui.find(dialog, "text", "Target folder"), os.path.join(self.tmp, "pool"))
        ui.press(ui.find(dialog, "push button", "Create"))
        app.gone(dialog)
        pools = ui.find(window, "table", "Storage Pools")
        wait_row(pools, "vireo-ui-pool", 2, "Active")
        ui.select_row(pools, "vireo-ui-pool")

        ui.press(ui.find(window, "push button", "New Volume"))
        dialog = app.window("New Disk Image")
        ui.type_text(ui.find(dialog, "text", "Name"), "disk.qcow2")
        ui.choose(ui.find(dialog, "combo box", "Format"), "qcow2")
        ui.type_text(ui.find(dialog, "spin button", "Size (GiB)"), "1")
        ui.press(ui.find(dialog, "push button", "Create"))
        app.gone(dialog)
        volumes = ui.find(window, "table", "Volumes")
        wait_row(volumes, "disk.qcow2", 3, "qcow2")
        wait_row(volumes, "disk.qcow2", 1, "1.0\u00a0GiB")  # GLib puts a no-break space
        self.volume = os.path.join(self.tmp, "pool", "disk.qcow2")
        out = subprocess.run(["qemu-img", "info", "--output=json", self.volume],
                             capture_output=True, text=True).stdout
        if '"format": "qcow2"' not in out:
            raise Failure(f"the volume is not qcow2:\n{out}")

    def system_overlay(self, app, window):
        volumes = ui.find(window, "table", "Volumes")
        ui.press(ui.find(window, "push button", "New Volume"))
        dialog = app.window("New Disk Image")
        ui.type_text(ui.find(dialog, "text", "Name"), "overlay.qcow2")
        ui.press(ui.find(dialog, "check box", "Build on a backing image"))
        ui.choose(ui.find(dialog, "combo box", "Backing image"), "disk.qcow2")
        ui.press(ui.find(dialog, "push button", "Create"))
        app.gone(dialog)
        wait_row(volumes, "overlay.qcow2", 4, "disk.qcow2")
        overlay = os.path.join(self.tmp, "pool", "overlay.qcow2")
        out = subprocess.run(["qemu-img", "info", "--output=json", overlay],
                             capture_output=True, text=True).stdout
        if f'"backing-filename": "{self.volume}"' not in out:
            raise Failure(f"the overlay is not built on {self.volume}:\n{out}")
        ui.select_row(volumes, "overlay.qcow2")
        ui.press(ui.find(window, "push button", "Delete Volume"))
        confirm(app, "Delete the disk image", "Delete")
        wait_no_row(volumes, "overlay.qcow2")
        if os.path.exists(overlay):
            raise Failure("the deleted overlay's file is still there")

    def system_transfers(self, app, window):
        upload = os.path.join(self.tmp, "upload.bin")
        download = os.path.join(self.tmp, "download.bin")
        make_file(upload, 5 * MIB + 321)
        volumes = ui.find(window, "table", "Volumes")
        ui.select_row(volumes, "disk.qcow2")
        ui.press(ui.find(window, "push button", "Upload Volume"))
        dialog = app.window("Upload a Disk Image")
        ui.type_text(ui.find(dialog, "text", "File"), upload)
        if ui.text_of(ui.find(dialog, "text", "Name")) != "disk.qcow2":
            raise Failure("the upload does not default to the selected volume")
        ui.press(ui.find(dialog, "push button", "Upload"))
        app.gone(dialog)
        confirm(app, "Replace the disk image", "Replace")
        ui.find(window, "label", "“disk.qcow2” is in place.")
        if not same_file(upload, self.volume):
            raise Failure("the volume does not hold the uploaded file")

        ui.select_row(volumes, "disk.qcow2")
        ui.press(ui.find(window, "push button", "Download Volume"))
        dialog = app.window("Download a Disk Image")
        ui.type_text(ui.find(dialog, "text", "File"), download)
        ui.press(ui.find(dialog, "push button", "Download"))
        app.gone(dialog)
        ui.find(window, "label", f"{download} is written.")
        if not same_file(upload, download):
            raise Failure("the downloaded file differs from the uploaded one")
        progress = ui.find(window, "progress bar", "Transfer Progress")
        if progress.queryValue().currentValue < 0.999:
            raise Failure("the progress bar did not reach the end")

    def system_cancel(self, app, window):
        # The daemon is held (SIGSTOP) while the upload is asked for and cancelled, so that
        # Cancel comes while the transfer is under way whatever the machine's speed; once
        # the daemon goes on, the upload stops and removes the volume it made.
        upload = os.path.join(self.tmp, "upload.bin")
        pool_dir = os.path.join(self.tmp, "pool")
        with open(PRIVATE_LIBVIRTD_PIDFILE, encoding="ascii") as f:
            daemon = int(f.read().strip())
        volumes = ui.find(window, "table", "Volumes")
        ui.select_row(volumes, "disk.qcow2")
        ui.press(ui.find(window, "push button", "Upload Volume"))
        dialog = app.window("Upload a Disk Image")
        ui.type_text(ui.find(dialog, "text", "File"), upload)
        ui.type_text(ui.find(dialog, "text", "Name"), "cancelled.img")
        os.kill(daemon, signal.SIGSTOP)
        try:
            ui.press(ui.find(dialog, "push button", "Upload"))
            app.gone(dialog)
            ui.find(window, "label", f"Uploading {upload} into “cancelled.img”…")
            ui.press(ui.find(window, "push button", "Cancel Transfer"))
            ui.find(window, "label", "Cancelling…")
        finally:
            os.kill(daemon, signal.SIGCONT)
        ui.find(window, "label",
                "The transfer of “cancelled.img” was cancelled; nothing was kept.")
        listed = virsh("vol-list", "vireo-ui-pool").stdout
        if "cancelled.img" in listed:
            raise Failure(f"libvirt keeps the cancelled volume:\n{listed}")
        left = [n for n in os.listdir(pool_dir) if n != "disk.qcow2"]
        if left:
            raise Failure(f"the cancelled upload left {left} in the pool's folder")

    def system_in_use(self, app, window):
        xml = os.path.join(self.tmp, "user.xml")
        with open(xml, "w", encoding="utf-8") as f:
            f.write(f"""<domain type='qemu'><name>vireo-ui-user</name>
<memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>
<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/>
<source file='{self.volume}'/><target dev='vda' bus='virtio'/></disk></devices></domain>""")
        defined = virsh("define", xml)
        if defined.returncode != 0:
            raise Failure(f"virsh define failed: {defined.stderr}")
        # No refresh pressed: the VM's definition (a libvirt event) updates the users.
        volumes = ui.find(window, "table", "Volumes")
        wait_row(volumes, "disk.qcow2", 5, "vireo-ui-user")
        ui.select_row(volumes, "disk.qcow2")
        ui.press(ui.find(window, "push button", "Delete Volume"))
        confirm(app, "Delete the disk image", "Delete")
        ui.find(window, "label", lambda n: "is used by vireo-ui-user" in n)
        if not os.path.exists(self.volume):
            raise Failure("the volume in use was deleted")
        row_of(volumes, "disk.qcow2")

    # ---------------------------------------------------------------- test:///default

    def test_driver(self):
        # The test driver's running VM "test" is on its network "default".
        uri = "test:///default"
        # Settings in a key file of the app's own home, read back by the autoconnect step.
        app = ui.App([self.vireo, "--show-host-summary", "--connect", uri],
                     env={"GSETTINGS_BACKEND": "keyfile"})
        try:
            window = app.window(lambda n: n.endswith("Connection Details"))
            self.step("test: a network's XML; stopping it while VMs use it asks first, "
                      "naming them; autostart and start",
                      self.test_network_in_use, app, window)
            self.step("test: a logical pool from the sources a scan found", self.test_scan,
                      app, window)
            self.step("test: a second --show-host-summary shows the same window",
                      self.test_one_window, app, uri)
            self.step("test: Connect when Vireo starts is kept in the settings",
                      self.test_autoconnect, app, window, uri)
        except Exception:
            sys.stderr.write(app.log())
        finally:
            app.stop()

    def test_network_in_use(self, app, window):
        select_tab(window, "Virtual Networks")
        table = ui.find(window, "table", "Virtual Networks")
        wait_row(table, "default", 1, "Active")
        ui.select_row(table, "default")
        # The XML view shows libvirt's definition of the selected network.
        ui.press(ui.find(window, "toggle button", "XML"))
        xml = ui.find(window, "text", "Network XML")
        ui.wait_for(lambda: "<name>default</name>" in ui.text_of(xml),
                    "the XML view to show the network's definition")
        ui.press(ui.find(window, "push button", "Stop Network"))
        question = ui.wait_for(
            lambda: next((t for t in ui.children(app.node)
                          if ui.role_name(t) == "alert" and ui.showing(t)), None),
            "the question before stopping")
        if not ui.find_all(question, "label", lambda n: "use it" in n and "test" in n):
            raise Failure("the question does not name the VM that uses the network")
        ui.press(ui.find(question, "push button", "Cancel"))
        app.gone(question)
        if row_of(table, "default")[1] != "Active":
            raise Failure("the network stopped although the question was cancelled")
        ui.press(ui.find(window, "push button", "Stop Network"))
        confirm(app, "Stop the network", "Stop Network")
        wait_row(table, "default", 1, "Inactive")
        # Autostart and start, as libvirt then lists them.
        ui.press(ui.find(window, "check box", "Start with the host"))
        wait_row(table, "default", 2, "Yes")
        ui.press(ui.find(window, "push button", "Start Network"))
        wait_row(table, "default", 1, "Active")

    def test_scan(self, app, window):
        # The test driver's scan of logical pools finds its volume groups testvg1 and testvg2.
        select_tab(window, "Storage")
        ui.press(ui.find(window, "push button", "Add Pool"))
        dialog = app.window("Add a Storage Pool")
        ui.type_text(ui.find(dialog, "text", "Name"), "vireo-vg")
        ui.choose(ui.find(dialog, "combo box", "Type"), "LVM volume group (logical)")
        ui.press(ui.find(dialog, "push button", "Scan"))
        found = ui.find(dialog, "combo box", "Found")
        items = [n.name for n in ui.walk(found) if ui.role_name(n) == "menu item"]
        if len(items) != 2 or not items[1].startswith("testvg2"):
            raise Failure(f"the scan found {items}")
        ui.choose(found, items[1])
        ui.wait_for(lambda: ui.text_of(ui.find(dialog, "text", "Volume group")) == "testvg2",
                    "the volume group to be filled in")
        if not ui.text_of(ui.find(dialog, "text", "Device")):
            raise Failure("choosing the source did not fill in its device")
        ui.press(ui.find(dialog, "push button", "Create"))
        app.gone(dialog)
        pools = ui.find(window, "table", "Storage Pools")
        wait_row(pools, "vireo-vg", 1, "logical")
        ui.select_row(pools, "vireo-vg")
        ui.press(ui.find(window, "push button", "Delete Pool"))
        confirm(app, "Delete the storage pool", "Delete Pool")
        wait_no_row(pools, "vireo-vg")

    def test_autoconnect(self, app, window, uri):
        keyfile = os.path.join(app.env["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")

        def autoconnect():
            try:
                with open(keyfile, encoding="utf-8") as f:
                    line = next((x for x in f if x.startswith("autoconnect=")), "")
            except FileNotFoundError:
                line = ""
            return f"'{uri}'" in line

        select_tab(window, "Overview")
        check = ui.find(window, "check box", "Connect when Vireo starts")
        was = check.getState().contains(pyatspi.STATE_CHECKED)
        for want in (not was, was):
            ui.press(check)
            ui.wait_for(lambda: autoconnect() == want,
                        f"the settings to {'list' if want else 'drop'} {uri} in autoconnect")

    def test_one_window(self, app, uri):
        # The second process hands the request to the first and exits.
        second = subprocess.run([self.vireo, "--show-host-summary", "--connect", uri],
                                capture_output=True, text=True, timeout=60)
        if second.returncode != 0:
            raise Failure(f"the second vireo failed: {second.stderr}")
        tops = [t for t in ui.children(app.node)
                if ui.role_name(t) == "frame" and t.name.endswith("Connection Details")]
        if len(tops) != 1:
            raise Failure(f"{len(tops)} host windows of {uri}")

    # ---------------------------------------------------------------- embedded

    def embedded(self):
        root = tempfile.mkdtemp(prefix="vhw-", dir="/tmp")
        images = os.path.join(root, "images")
        os.makedirs(os.path.join(root, "etc"))
        os.makedirs(images)
        with open(os.path.join(root, "etc", "qemu.conf"), "w", encoding="utf-8") as f:
            f.write('stdio_handler = "file"\nuser = "root"\ngroup = "root"\n'
                    'security_driver = "none"\n')
        used = os.path.join(images, "used.qcow2")
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", used, "16M"], check=True)
        # In a process of its own: the embedded driver holds the root until its process
        # exits, and vireo must then open it.
        defined = subprocess.run([sys.executable, "-c", DEFINE_EMBEDDED, root, used],
                                 capture_output=True, text=True)
        if defined.returncode != 0:
            raise Failure(f"the embedded root's VM could not be defined: {defined.stderr}")
        source = os.path.join(self.tmp, "source.raw")
        with open(source, "wb") as f:
            f.write(b"VIREO" * 1000)
            f.truncate(8 * MIB)

        app = ui.App([self.vireo, "--show-host-summary", "--connect",
                      f"qemu:///embed?root={root}"])
        try:
            window = app.window(lambda n: n.endswith("Connection Details"))
            self.step("embedded: the overview's graphs follow the host's CPU and memory",
                      self.embed_graphs, window)
            self.step("embedded: no virtual networks, said so", self.embed_networks, window)
            self.step("embedded: the image folder's new image", self.embed_create, app,
                      window)
            self.step("embedded: an image imported and converted to qcow2",
                      self.embed_import, app, window, source, images)
            self.step("embedded: an image exported and converted to raw", self.embed_export,
                      app, window, source)
            self.step("embedded: an image deleted", self.embed_delete, app, window, images)
            self.step("embedded: an image a VM uses is not deleted", self.embed_in_use, app,
                      window, used)
            self.step("embedded: the host's devices, from udev", self.embed_devices, window)
        except Exception:
            sys.stderr.write(app.log())
        finally:
            app.stop()
            stop_qemu_probes(root)
            shutil.rmtree(root, ignore_errors=True)

    def embed_graphs(self, window):
        # Each graph's description is its latest sample, as the value above it says.
        cpu = ui.find(window, "chart", "Host CPU usage")
        memory = ui.find(window, "chart", "Host memory usage")
        ui.wait_for(lambda: re.fullmatch(r"\d+ %", cpu.description or ""),
                    "the CPU graph to have a sample")
        ui.wait_for(lambda: re.fullmatch(r"[\d.]+\s\S+ of [\d.]+\s\S+",
                                         memory.description or ""),
                    "the memory graph to have a sample")
        total = memory.description.split(" of ")[1]
        ui.find(window, "label", lambda n: n.replace("\u00a0", " ") ==
                total.replace("\u00a0", " "))   # the host's memory, from its node info

    def embed_networks(self, window):
        select_tab(window, "Virtual Networks")
        ui.find(window, "label", lambda n: n.startswith("This connection gives its virtual "
                                                         "machines user-mode networking"))

    def embed_create(self, app, window):
        select_tab(window, "Storage")
        pools = ui.find(window, "table", "Storage Pools")
        wait_row(pools, "default", 1, "Image folder")
        images = ui.find(window, "table", "Images")
        wait_row(images, "used.qcow2", 5, "vireo-embed-user")
        ui.press(ui.find(window, "push button", "New Image"))
        dialog = app.window("New Disk Image")
        ui.type_text(ui.find(dialog, "text", "Name"), "new.qcow2")
        ui.press(ui.find(dialog, "push button", "Create"))
        app.gone(dialog)
        wait_row(images, "new.qcow2", 3, "qcow2")

    def embed_import(self, app, window, source, images_dir):
        ui.press(ui.find(window, "push button", "Import Image"))
        dialog = app.window("Import a Disk Image")
        ui.type_text(ui.find(dialog, "text", "File"), source)
        ui.type_text(ui.find(dialog, "text", "Name"), "imported.qcow2")
        ui.choose(ui.find(dialog, "combo box", "Format"), "Convert to qcow2")
        ui.press(ui.find(dialog, "push button", "Import"))
        app.gone(dialog)
        ui.find(window, "label", "“imported.qcow2” is in place.")
        images = ui.find(window, "table", "Images")
        wait_row(images, "imported.qcow2", 3, "qcow2")
        wait_row(images, "imported.qcow2", 1, "8.0\u00a0MiB")
        back = os.path.join(self.tmp, "back.raw")
        subprocess.run(["qemu-img", "convert", "-O", "raw",
                        os.path.join(images_dir, "imported.qcow2"), back], check=True)
        if not same_file(source, back):
            raise Failure("the imported image does not hold the source's data")

    def embed_export(self, app, window, source):
        images = ui.find(window, "table", "Images")
        ui.select_row(images, "imported.qcow2")
        ui.press(ui.find(window, "push button", "Export Image"))
        dialog = app.window("Export a Disk Image")
        exported = os.path.join(self.tmp, "exported.raw")
        ui.type_text(ui.find(dialog, "text", "File"), exported)
        ui.choose(ui.find(dialog, "combo box", "Format"), "Convert to raw")
        ui.press(ui.find(dialog, "push button", "Export"))
        app.gone(dialog)
        ui.find(window, "label", f"{exported} is written.")
        out = subprocess.run(["qemu-img", "info", "--output=json", exported],
                             capture_output=True, text=True).stdout
        if '"format": "raw"' not in out:
            raise Failure(f"the exported file is not raw:\n{out}")
        if not same_file(source, exported):
            raise Failure("the exported image does not hold the imported data")

    def embed_delete(self, app, window, images_dir):
        images = ui.find(window, "table", "Images")
        ui.select_row(images, "new.qcow2")
        ui.press(ui.find(window, "push button", "Delete Image"))
        confirm(app, "Delete the disk image", "Delete")
        wait_no_row(images, "new.qcow2")
        if os.path.exists(os.path.join(images_dir, "new.qcow2")):
            raise Failure("the deleted image's file is still there")

    def embed_in_use(self, app, window, used):
        images = ui.find(window, "table", "Images")
        ui.select_row(images, "used.qcow2")
        ui.press(ui.find(window, "push button", "Delete Image"))
        confirm(app, "Delete the disk image", "Delete")
        ui.find(window, "label", lambda n: "is used by vireo-embed-user" in n)
        if not os.path.exists(used):
            raise Failure("the image in use was deleted")

    def embed_devices(self, window):
        select_tab(window, "Host Devices")
        n_pci = len(os.listdir("/sys/bus/pci/devices")) if os.path.isdir("/sys/bus/pci") \
            else 0
        ui.find(window, "label", lambda n: n.startswith(f"{n_pci} PCI device"))
        table = ui.find(window, "table", "Host Devices")
        if n_pci and table.queryTable().nRows != n_pci + \
                len([d for d in os.listdir("/sys/bus/usb/devices") if ":" not in d]
                    if os.path.isdir("/sys/bus/usb/devices") else []):
            raise Failure(f"the table has {table.queryTable().nRows} rows")


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} VIREO")
    ui.run_in_private_session("VIREO_HOST_TAP_FD", "vireo-host-bus-")
    print("TAP version 13")
    test = Test(sys.argv[1])
    try:
        test.system()
        test.test_driver()
        test.embedded()
    finally:
        shutil.rmtree(test.tmp, ignore_errors=True)
    # Eight steps on qemu:///system, four on the test driver, eight on the embedded root: a
    # step that did not run fails.
    test.tap.finish(expected=20)


if __name__ == "__main__":
    main()
