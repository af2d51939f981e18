#!/usr/bin/python3
# test-a11y.py: every window and dialog, reached as a user reaches it, has a name a screen
# reader can speak for each of its controls.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (tests/ui/meson.build runs it inside dbus-run-session, under the suite's X server):
#   test-a11y.py VIREO VIREO-VIEWER VIREO-TEST-GUEST [WINDOW-TITLE...]
#
# The programs run with GTK's accessibility bridge on (the test environment's NO_AT_BRIDGE=1
# is dropped for them) on the accessibility bus that at-spi2-core's launcher starts on the
# test's session bus.  Each row of WINDOWS below names a window, the program it belongs to,
# and how a user reaches it from that program's first window: by pressing controls found
# by their accessible names, choosing items, typing text.  For each window the test walks
# the accessibility tree (hidden parts too: a button shown later needs its name as well)
# and fails on every interactive control (push, toggle and menu buttons, check and radio
# buttons, combo boxes, entries, spin buttons, tables, trees, lists, menu items) with no
# name, listing each by role and path.
#
# A window of a new feature joins with one row: its title, its program (a key of PROGRAMS,
# or a new one there), and an `open` function that presses the controls leading to it and
# returns the window once it is ready to read, plus a `close` that puts the program back.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402


class Window:
    """@gtk_made: a window GTK builds whole (the About dialog, the shortcuts window), whose
    controls have names but no tooltips; the names are still checked."""

    def __init__(self, title, program, open_fn, close_fn=None, gtk_made=False):
        self.title = title
        self.program = program
        self.open = open_fn
        self.close = close_fn
        self.gtk_made = gtk_made


# ------------------------------------------------------------------------------------------
# The programs and their fixtures

NODE_XML = """<node>
  <domain type='test'>
    <name>a11y-vm</name>
    <memory unit='MiB'>256</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <source file='{dir}/a11y-vm.qcow2'/><target dev='vda' bus='virtio'/>
      </disk>
      <disk type='file' device='cdrom'>
        <source file='{dir}/install.iso'/><target dev='hdc' bus='ide'/><readonly/>
      </disk>
      <controller type='usb' index='0' model='qemu-xhci'/>
      <filesystem type='mount' accessmode='mapped'>
        <source dir='{dir}'/><target dir='share'/>
      </filesystem>
      <interface type='network'>
        <mac address='52:54:00:11:22:33'/><source network='default'/><model type='virtio'/>
      </interface>
      <serial type='pty'><target port='0'/></serial>
      <console type='pty'><target type='serial' port='0'/></console>
      <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
      <input type='tablet' bus='usb'/>
      <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
      <graphics type='spice' autoport='yes'/>
      <sound model='ich9'/>
      <video><model type='vga' vram='16384' heads='1'/></video>
      <hostdev mode='subsystem' type='usb' managed='yes'>
        <source><vendor id='0x1234'/><product id='0x5678'/></source>
      </hostdev>
      <redirdev bus='usb' type='spicevmc'/>
      <watchdog model='i6300esb' action='reset'/>
      <memballoon model='virtio'/>
      <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
      <panic model='isa'/>
      <vsock model='virtio'><cid auto='yes'/></vsock>
    </devices>
  </domain>
  <network>
    <name>default</name>
    <forward mode='nat'/>
    <bridge name='virbr0'/>
    <ip address='192.168.122.1' netmask='255.255.255.0'>
      <dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp>
    </ip>
  </network>
  <pool type='dir'>
    <name>default-pool</name>
    <target><path>{dir}</path></target>
  </pool>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>a11y-off</name>
    <memory unit='MiB'>256</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='{dir}/a11y-off.qcow2'/><target dev='vda' bus='virtio'/>
      </disk>
    </devices>
    <test:runstate>5</test:runstate>
  </domain>
</node>
"""

# A test-driver hypervisor that asks for a user name and a password.
AUTH_NODE_XML = """<node>
  <auth><user password='s3cret'>alice</user></auth>
</node>
"""


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


class Session:
    """The programs and fixtures of one run, started the first time a row needs them."""

    def __init__(self, vireo, viewer, guest_helper):
        self.vireo, self.viewer, self.guest_helper = vireo, viewer, guest_helper
        self.dir = tempfile.mkdtemp(prefix="vireo-a11y-test-")
        for name, text in (("node.xml", NODE_XML), ("auth.xml", AUTH_NODE_XML)):
            with open(os.path.join(self.dir, name), "w", encoding="utf-8") as f:
                f.write(text.format(dir=self.dir))
        for name in ("a11y-vm.qcow2", "a11y-off.qcow2", "install.iso"):
            open(os.path.join(self.dir, name), "wb").close()
        self.apps = {}
        self.guests = {}

    def app(self, key):
        if key not in self.apps:
            self.apps[key] = PROGRAMS[key](self)
            self.apps[key].session = self
        return self.apps[key]

    def guest(self, password=None):
        """A QEMU guest with SPICE and VNC on loopback ports: {"spice": PORT, "vnc": PORT}."""
        if password not in self.guests:
            args = [self.guest_helper] + ([password] if password else [])
            proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    text=True)
            ports = {}
            for line in proc.stdout:
                if line.strip() == "ready":
                    break
                kind, port = line.split()
                ports[kind] = int(port)
            if "spice" not in ports:
                raise Failure(f"{self.guest_helper} did not start a guest")
            self.guests[password] = (proc, ports)
        return self.guests[password][1]

    def stop(self):
        for app in self.apps.values():
            app.stop()
        stop_qemu_probes(os.path.join(self.dir, "embed"))
        for proc, _ in self.guests.values():
            proc.stdin.close()  # the helper stops its QEMU process and exits
            proc.wait(timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)


def start_manager(s):
    return ui.App([s.vireo, "--connect", f"test://{s.dir}/node.xml"])


def start_viewer(s):
    return ui.App([s.viewer])


def start_viewer_vnc_file(s):
    vv = os.path.join(s.dir, "console.vv")
    with open(vv, "w", encoding="utf-8") as f:
        f.write(f"[virt-viewer]\ntype=vnc\nhost=127.0.0.1\nport={s.guest()['vnc']}\n"
                "title=a11y-vnc\n")
    return ui.App([s.viewer, vv])


def start_viewer_password(s):
    return ui.App([s.viewer, f"spice://127.0.0.1:{s.guest('a11y-pass')['spice']}"])


PROGRAMS = {
    "manager": start_manager,                  # vireo on a test-driver node
    "viewer": start_viewer,                    # vireo-viewer with no argument
    "viewer-vnc-file": start_viewer_vnc_file,  # vireo-viewer FILE.vv, a VNC console
    "viewer-password": start_viewer_password,  # vireo-viewer spice://… wanting a password
}


# ------------------------------------------------------------------------------------------
# How a user reaches each window

def manager_window(app):
    window = app.window("Vireo")
    ui.find(window, "table cell", lambda n: n.startswith("a11y-vm"))
    return window


def menu_item(app, button_name, item_name):
    """Opens the menu of the button @button_name of the manager and presses @item_name."""
    window = app.window("Vireo")
    ui.press(ui.find(window, "toggle button", button_name))
    ui.press(ui.find(window, None, item_name))


def open_preferences(app):
    menu_item(app, "Main Menu", "Preferences")
    return app.window("Preferences")


def open_shortcuts(app):
    menu_item(app, "Main Menu", "Keyboard Shortcuts")
    return app.window("Keyboard Shortcuts")


def open_about(app):
    menu_item(app, "Main Menu", "About Vireo")
    return app.window("About Vireo")


def open_add_connection(app):
    menu_item(app, "Main Menu", "Add Connection…")
    dialog = app.window("Add Connection")
    ui.find(dialog, "combo box", "Hypervisor")
    return dialog


def open_new_vm(app):
    ui.press(ui.find(app.window("Vireo"), "push button", "New VM"))
    wizard = app.window("New Virtual Machine")
    ui.find(wizard, "radio button", "Local Install Media")
    return wizard


def new_vm_step(method, steps, control):
    """The wizard @steps pages after the first, with @method chosen, once @control (role,
    name) shows: every page's controls are read where a user meets them."""
    def open_step(app):
        wizard = open_new_vm(app)
        ui.press(ui.find(wizard, "radio button", method))
        for _ in range(steps):
            ui.press(ui.find(wizard, "push button", "Forward"))
        ui.find(wizard, *control)
        return wizard
    return open_step


def open_storage_browser(app):
    wizard = new_vm_step("Network Boot", 3, ("radio button", "New Disk"))(app)
    ui.press(ui.find(wizard, "push button", "Browse Storage"))
    dialog = app.window("Choose Storage Volume")
    ui.find(dialog, "table", "Storage Pools")
    return dialog


def close_storage_browser(app, dialog):
    ui.press(ui.find(dialog, "push button", "Cancel"))
    app.gone(dialog)
    wizard = app.window("New Virtual Machine")
    ui.press(ui.find(wizard, "push button", "Cancel"))
    app.gone(wizard)


def open_auth(app):
    dialog = open_add_connection(app)
    ui.choose(ui.find(dialog, "combo box", "Hypervisor"), "Custom URI")
    ui.type_text(ui.find(dialog, "text", "URI"), f"test://{app.session.dir}/auth.xml")
    ui.press(ui.find(dialog, "push button", "Connect"))
    app.gone(dialog)
    # libvirt's test driver asks for the user name, then for the password.
    auth = app.window("Authentication Required")
    ui.find(auth, "text", lambda n: n.startswith("Enter username"))
    return auth


def open_auth_password(app):
    auth = app.window("Authentication Required")
    ui.type_text(ui.find(auth, "text", lambda n: n.startswith("Enter username")), "alice")
    ui.press(ui.find(auth, "push button", "Log In"))
    app.gone(auth)
    auth = app.window("Authentication Required")
    ui.find(auth, "password text")
    return auth


def open_delete(app):
    window = app.window("Vireo")
    ui.select_row(ui.find(window, "tree table", "Virtual Machines"),
                  lambda n: n.startswith("a11y-vm"))
    ui.press(ui.find(window, "push button", "Delete"))
    dialog = app.window("Delete Virtual Machine")
    ui.find(dialog, "check box", lambda n: n.endswith("a11y-vm.qcow2"))
    return dialog


def open_search(app):
    """Ctrl+F's search entry, shown with the Search button."""
    window = app.window("Vireo")
    ui.press(ui.find(window, "toggle button", "Search"))
    ui.find(window, "text", "Search Virtual Machines")
    return window


def close_search(app, window):
    ui.press(ui.find(window, "toggle button", "Search"))
    ui.wait_for(lambda: not ui.find_all(window, "text", "Search Virtual Machines"),
                "the search entry hidden")


def open_view_menu(app):
    """The View menu: the list's five graphs, each a check item."""
    window = app.window("Vireo")
    ui.press(ui.find(window, "toggle button", "View"))
    ui.find(window, None, "Network I/O")
    return window


def close_view_menu(app, window):
    ui.key("Escape")
    ui.wait_for(lambda: not ui.find_all(window, None, "Network I/O"), "the View menu closed")


def open_confirm_force_off(app):
    """The confirmation Force Off asks, for the selected VM."""
    window = app.window("Vireo")
    ui.select_row(ui.find(window, "tree table", "Virtual Machines"),
                  lambda n: n.startswith("a11y-vm"))
    menu_item(app, "Shut Down", "Force Off")
    dialog = app.window("Force Off")
    ui.find(dialog, "check box", "Do not ask again")
    return dialog


def vm_menu_item(app, vm, item_name):
    """Selects @vm in the manager's list, opens its menu (the Menu key) and presses
    @item_name."""
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


def open_clone(app):
    vm_menu_item(app, "a11y-off", "Clone…")
    dialog = app.window("Clone Virtual Machine")
    ui.wait_for(lambda: "a11y-off-clone" in ui.text_of(ui.find(dialog, "text", "Name")),
                "the clone's proposed name")
    return dialog


def open_migrate(app):
    vm_menu_item(app, "a11y-vm", "Migrate…")
    dialog = app.window("Migrate Virtual Machine")
    ui.find(dialog, "check box", "Copy vda")
    return dialog


def open_move(app):
    vm_menu_item(app, "a11y-off", "Move to…")
    dialog = app.window("Move Virtual Machine")
    ui.find(dialog, "combo box", "Destination")
    return dialog


def open_snapshots(app):
    """Snapshots… opens the VM window on its Snapshots view."""
    vm_menu_item(app, "a11y-vm", "Snapshots…")
    window = vm_window(app)
    ui.find(window, "tree table", "Snapshots")
    return window


def open_manager_console(app):
    window = app.window("Vireo")
    ui.select_row(ui.find(window, "tree table", "Virtual Machines"),
                  lambda n: n.startswith("a11y-vm"))
    ui.press(ui.find(window, "push button", "Open"))
    vm = app.window("a11y-vm")
    ui.find(vm, "toggle button", "Window Menu")
    # The console page's toolbar, in the window's.
    ui.find(vm, "toggle button", "Send Key")
    return vm


def vm_window(app):
    return app.window("a11y-vm")


def open_vm_details(app):
    """The VM window's Details view, with every page of its sidebar visited (pages are built
    when first shown)."""
    window = vm_window(app)
    ui.press(ui.find(window, "radio button", "Details"))
    sidebar = ui.find(window, "list box", "Hardware")
    ui.find(sidebar, None, "Sound ich9")
    # Selecting a row builds its page before the selection call returns.
    names = [row.name for row in ui.children(sidebar)]
    print(f"# the sidebar: {', '.join(names)}")
    for name in names:
        ui.select_item(sidebar, name)
    ui.select_item(sidebar, "Overview")
    ui.find(window, "push button", "Ask Again")
    return window


def open_vm_xml(app):
    window = vm_window(app)
    ui.press(ui.find(window, "radio button", "XML"))
    ui.find(window, "text", "XML", only_showing=False)
    return window


def close_vm_xml(app, window):
    ui.press(ui.find(window, "radio button", "Settings"))


def open_add_hardware(app):
    window = vm_window(app)
    ui.press(ui.find(window, "push button", "Add Hardware"))
    dialog = app.window("Add New Virtual Hardware")
    kinds = ui.find(dialog, "list box", "Device Kinds")
    # Each kind's fields are built when it is first chosen.
    for name in [row.name for row in ui.children(kinds)]:
        ui.select_item(kinds, name)
    ui.select_item(kinds, "Storage")
    return dialog


def open_remove_device(app):
    window = vm_window(app)
    ui.select_item(ui.find(window, "list box", "Hardware"), "VirtIO Disk 1")
    ui.press(ui.find(window, "push button", "Remove"))
    dialog = app.window("Remove Device")
    ui.find(dialog, "check box", "Delete the storage too")
    return dialog


def open_unapplied(app):
    window = vm_window(app)
    sidebar = ui.find(window, "list box", "Hardware")
    ui.select_item(sidebar, "Overview")
    ui.type_text(ui.find(window, "text", "Title"), "Changed, not applied")
    ui.select_item(sidebar, "Memory")
    return app.window("Unapplied Changes")


def close_vm_window(app, window):
    window = vm_window(app)
    ui.press(ui.find(window, "toggle button", "Window Menu"))
    ui.press(ui.find(window, None, "Close"))
    app.gone(window)


def connect_dialog(app):
    dialog = app.window("Connect to a Console")
    ui.find(dialog, "text", "Address")
    return dialog


def spice_console_from_connect_dialog(app):
    dialog = connect_dialog(app)
    address = f"127.0.0.1:{app.session.guest()['spice']}"
    ui.type_text(ui.find(dialog, "text", "Address"), "spice://" + address)
    ui.press(ui.find(dialog, "push button", "Connect"))
    window = app.window(lambda n: address in n)
    ui.find(window, None, f"Console of {address}")
    # Connected: SPICE shows its USB button once the channels are up.
    ui.find(window, "toggle button", "USB Devices")
    return window


def vnc_console(app):
    window = app.window(lambda n: "a11y-vnc" in n)
    ui.find(window, None, "Console of a11y-vnc")
    return window


def password_dialog(app):
    dialog = app.window("Console Password")
    ui.find(dialog, "password text", "Password")
    return dialog


def select_tab(window, name):
    """Shows the notebook page whose tab is @name."""
    tab = ui.find(window, "page tab", name)
    tab.parent.querySelection().selectChild(tab.getIndexInParent())


def open_host_window(app):
    window = app.window("Vireo")
    ui.select_row(ui.find(window, "tree table", "Virtual Machines"),
                  lambda n: n.startswith("a11y-vm"))
    menu_item(app, "Main Menu", "Connection Details")
    host = app.window(lambda n: n.endswith("Connection Details"))
    # Ready once the overview has read the host, and the other pages their lists.
    ui.find(host, "label", lambda n: "socket" in n)
    ui.find(host, "table cell", "default", only_showing=False)
    ui.find(host, "table cell", "default-pool", only_showing=False)
    return host


def host_dialog(tab, button, title, ready_role, ready_name):
    def open_dialog(app):
        host = app.window(lambda n: n.endswith("Connection Details"))
        select_tab(host, tab)
        ui.press(ui.find(host, "push button", button))
        dialog = app.window(title)
        ui.find(dialog, ready_role, ready_name)
        return dialog
    return open_dialog


def open_host_transfer(app):
    host = app.window(lambda n: n.endswith("Connection Details"))
    select_tab(host, "Storage")
    ui.select_row(ui.find(host, "table", "Storage Pools"), "default-pool")
    ui.press(ui.find(host, "push button", "Upload Volume"))
    dialog = app.window("Upload a Disk Image")
    ui.find(dialog, "text", "File")
    return dialog


def open_embedded_host_window(app):
    """The host window of an embedded root, asked for by a second vireo, which hands it to
    the running one: its Storage page shows the image folder."""
    root = os.path.join(app.session.dir, "embed")
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    os.makedirs(os.path.join(root, "images"), exist_ok=True)
    with open(os.path.join(root, "etc", "qemu.conf"), "w", encoding="utf-8") as f:
        f.write('stdio_handler = "file"\n')
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2",
                    os.path.join(root, "images", "a11y.qcow2"), "16M"], check=True)
    subprocess.run([app.session.vireo, "--show-host-summary", "--connect",
                    f"qemu:///embed?root={root}"], env=app.env, check=True, timeout=60)
    host = app.window(lambda n: n.endswith("Connection Details"))
    select_tab(host, "Storage")
    ui.find(host, "table cell", "a11y.qcow2")
    return host


def embedded_transfer(button, title):
    def open_dialog(app):
        host = app.window(lambda n: n.endswith("Connection Details"))
        ui.select_row(ui.find(host, "table", "Images"), "a11y.qcow2")
        ui.press(ui.find(host, "push button", button))
        dialog = app.window(title)
        ui.find(dialog, "text", "File")
        return dialog
    return open_dialog


def close_window_button(app, window):
    ui.press(ui.find(window, "push button", "Close"))
    app.gone(window)


def close_with(button_name):
    def close(app, window):
        ui.press(ui.find(window, "push button", button_name))
        app.gone(window)
    return close


def close_with_key(keysym):
    def close(app, window):
        ui.key(keysym)
        app.gone(window)
    return close


# ------------------------------------------------------------------------------------------
# The windows, in the order they are visited (a row may rely on the program's state that the
# rows before it left).

WINDOWS = [
    Window("manager",                   "manager", manager_window),
    Window("preferences",               "manager", open_preferences, close_with("Close")),
    Window("keyboard shortcuts",        "manager", open_shortcuts, close_with_key("Escape"),
           gtk_made=True),
    Window("about",                     "manager", open_about, close_with("Close"),
           gtk_made=True),
    Window("add connection",            "manager", open_add_connection, close_with("Cancel")),
    Window("delete",                    "manager", open_delete, close_with("Cancel")),
    Window("new vm wizard",             "manager", open_new_vm, close_with("Cancel")),
    Window("new vm: media and OS",      "manager",
           new_vm_step("Local Install Media", 1, ("text", "Install Media")), close_with("Cancel")),
    Window("new vm: cloud image",       "manager",
           new_vm_step("Cloud Image", 1, ("text", "Cloud Image")), close_with("Cancel")),
    Window("new vm: import",            "manager",
           new_vm_step("Import Existing Disk", 1, ("text", "Disk Image")), close_with("Cancel")),
    Window("new vm: network install",   "manager",
           new_vm_step("Network Install", 1, ("text", "Install URL")), close_with("Cancel")),
    Window("new vm: memory and CPUs",   "manager",
           new_vm_step("Network Boot", 2, ("spin button", "Memory")), close_with("Cancel")),
    Window("new vm: storage",           "manager",
           new_vm_step("Network Boot", 3, ("radio button", "New Disk")), close_with("Cancel")),
    Window("new vm: storage browser",   "manager", open_storage_browser,
           close_storage_browser),
    Window("new vm: finish",            "manager",
           new_vm_step("Network Boot", 4, ("text", "Name")), close_with("Cancel")),
    Window("manager: search",           "manager", open_search, close_search),
    Window("manager: View menu",        "manager", open_view_menu, close_view_menu),
    Window("confirm force off",         "manager", open_confirm_force_off, close_with("Cancel")),
    Window("VM window: console",        "manager", open_manager_console),
    Window("VM window: details",        "manager", open_vm_details),
    Window("VM window: XML view",       "manager", open_vm_xml, close_vm_xml),
    Window("add hardware",              "manager", open_add_hardware, close_with("Cancel")),
    Window("remove device",             "manager", open_remove_device, close_with("Cancel")),
    Window("unapplied changes",         "manager", open_unapplied,
           close_with("Discard Changes")),
    Window("VM window: closed",         "manager", vm_window, close_vm_window),
    Window("host window",               "manager", open_host_window),
    Window("host: add network",         "manager",
           host_dialog("Virtual Networks", "Add Network", "Add a Virtual Network", "text",
                       "Name"), close_with("Cancel")),
    Window("host: add pool",            "manager",
           host_dialog("Storage", "Add Pool", "Add a Storage Pool", "combo box", "Type"),
           close_with("Cancel")),
    Window("host: new volume",          "manager",
           host_dialog("Storage", "New Volume", "New Disk Image", "spin button",
                       "Size (GiB)"), close_with("Cancel")),
    Window("host: upload",              "manager", open_host_transfer, close_with("Cancel")),
    Window("host window (closed)",      "manager",
           lambda app: app.window(lambda n: n.endswith("Connection Details")),
           close_window_button),
    Window("host window (embedded)",    "manager", open_embedded_host_window),
    Window("host: import (embedded)",   "manager",
           embedded_transfer("Import Image", "Import a Disk Image"), close_with("Cancel")),
    Window("host: export (embedded)",   "manager",
           embedded_transfer("Export Image", "Export a Disk Image"), close_with("Cancel")),
    Window("host window (embedded, closed)", "manager",
           lambda app: app.window(lambda n: n.endswith("Connection Details")),
           close_window_button),
    Window("clone",                     "manager", open_clone, close_with("Cancel")),
    Window("migrate",                   "manager", open_migrate, close_with("Cancel")),
    Window("move",                      "manager", open_move, close_with("Cancel")),
    Window("snapshots (VM window)",     "manager", open_snapshots, close_vm_window),
    Window("auth: user name",           "manager", open_auth),
    Window("auth: password",            "manager", open_auth_password, close_with("Cancel")),
    Window("viewer: connect dialog",    "viewer", connect_dialog),
    Window("viewer: SPICE console",     "viewer", spice_console_from_connect_dialog),
    Window("viewer: VNC console (.vv)", "viewer-vnc-file", vnc_console),
    Window("viewer: password dialog",   "viewer-password", password_dialog,
           close_with("Cancel")),
]


def main():
    if len(sys.argv) < 4:
        sys.exit(f"usage: {sys.argv[0]} VIREO VIREO-VIEWER VIREO-TEST-GUEST [WINDOW-TITLE...]")
    ui.run_in_private_session("VIREO_A11Y_TAP_FD", "vireo-a11y-bus-")
    vireo, viewer, guest_helper = sys.argv[1:4]
    only = set(sys.argv[4:])
    print("TAP version 13")
    session = Session(vireo, viewer, guest_helper)
    tap = ui.Tap()
    check = tap.check

    broken = set()  # programs that never came up on the accessibility bus
    try:
        for row in WINDOWS:
            if only and row.title not in only:
                continue
            if row.program in broken:
                check(False, f"{row.title}: reached", [f"{row.program} is not on the bus"])
                continue
            app = session.app(row.program)
            try:
                window = row.open(app)
            except Exception as e:
                if "on the accessibility bus" in str(e):
                    broken.add(row.program)
                check(False, f"{row.title}: reached",
                      [e] if isinstance(e, Failure) else traceback.format_exc().splitlines())
                continue
            # What GTK builds whole is read as a user meets it (its hidden parts are GTK's);
            # Vireo's own windows with their hidden parts.
            controls = ui.controls(window, hidden_too=not row.gtk_made)
            unnamed = ui.unnamed_controls(window, hidden_too=not row.gtk_made)
            check(not unnamed and controls,
                  f"{row.title}: {len(controls) - len(unnamed)} of {len(controls)} controls "
                  "have a name", unnamed)
            if not row.gtk_made:
                untipped = ui.controls_without_tooltip(window)
                check(not untipped, f"{row.title}: {len(controls) - len(untipped)} of "
                      f"{len(controls)} controls have a tooltip", untipped)
            if row.close is not None:
                try:
                    row.close(app, window)
                    check(True, f"{row.title}: closed")
                except Exception as e:
                    check(False, f"{row.title}: closed", [e])
    finally:
        session.stop()
    tap.finish()


if __name__ == "__main__":
    main()
