# vireo_atspi.py: drive Vireo's windows over AT-SPI, as a screen reader or a user with a
# keyboard would: find controls by role and accessible name, press them, type into them,
# wait for windows and dialogs, read their text.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Needs Debian's /usr/bin/python3 with python3-pyatspi, at-spi2-core's bus launcher (started
# by D-Bus activation on the session bus) and an X server.  Run the test inside its own
# session bus (dbus-run-session) so that the accessibility bus, its registry and the
# applications are the test's own.  See "UI tests over AT-SPI" in HACKING.md.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

try:
    import pyatspi
except ImportError as e:  # a failure that names the package, never a skip
    raise SystemExit(f"Bail out! pyatspi is missing ({e}): install python3-pyatspi "
                     "(tools/setup does)") from e

# How long a window or a control may take to appear.  Generous: the machine may be loaded;
# nothing here measures time.
TIMEOUT = 60

# Roles a user operates.  A control of one of these roles needs a name a screen reader can
# speak: its accessible name, or the name of the label it is labelled by.
INTERACTIVE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_TABLE,
    pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_PUSH_BUTTON_MENU,
}
# Names GTK gives on its own, which say nothing about the control: every GtkMenuButton
# without a name of its own is "Menu".
PLACEHOLDER_NAMES = {"Menu"}


class Failure(Exception):
    """A step of a UI test that could not be done (a control or window that never came)."""


def run_in_private_session(tap_var, prefix):
    """Runs this test script again inside a session bus of its own (dbus-run-session),
    where the accessibility bus, its registry and the applications are the test's own,
    with a home of its own for the services the bus starts.  Those services write to the
    stdout they inherit, so the TAP lines come back on a pipe named by @tap_var: in the
    outer run this relays them and exits with the inner run's status; in the inner run it
    returns with sys.stdout on that pipe."""
    if tap_var in os.environ:
        sys.stdout = os.fdopen(int(os.environ.pop(tap_var)), "w", buffering=1,
                               encoding="utf-8")
        return
    if not os.environ.get("DISPLAY"):
        print("TAP version 13\nBail out! no X server: run under xvfb-run (tools/check does)")
        sys.exit(1)
    read_end, write_end = os.pipe()
    env = dict(os.environ, **{tap_var: str(write_end)})
    home = tempfile.mkdtemp(prefix=prefix)
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                "XDG_RUNTIME_DIR"):
        env[var] = os.path.join(home, var.lower())
        os.makedirs(env[var], mode=0o700)
    proc = subprocess.Popen(["dbus-run-session", "--", sys.executable] + sys.argv, env=env,
                            stdout=sys.stderr, pass_fds=(write_end,))
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as out:
        for line in out:
            sys.stdout.write(line)
            sys.stdout.flush()
    status = proc.wait()
    shutil.rmtree(home, ignore_errors=True)
    sys.exit(status)


class Tap:
    """A test's TAP output.  check() prints one result, with @details (lines, or things
    whose text is) as comments, and returns @ok; finish() prints the plan and exits with a
    failure when a check failed, none ran, or (given @expected) another number ran."""

    def __init__(self):
        self.results = []

    def check(self, ok, name, details=()):
        self.results.append(bool(ok))
        print(f"{'ok' if ok else 'not ok'} {len(self.results)} - {name}")
        for line in details:
            for part in str(line).splitlines():
                print(f"# {part}")
        sys.stdout.flush()
        return ok

    def failed(self, name, error):
        """A failed check @name for the exception @error being handled: its message when it
        is a Failure (a step that did not come), its traceback otherwise."""
        return self.check(False, name, [error] if isinstance(error, Failure)
                          else traceback.format_exc().splitlines())

    def run_main(self, tap_var, prefix, function, *args):
        """A test's main(): runs it again in a private session (run_in_private_session
        with @tap_var and @prefix), prints the TAP header, calls @function(*args) (an
        exception out of it is a failed "set-up") and finishes."""
        run_in_private_session(tap_var, prefix)
        print("TAP version 13")
        try:
            function(*args)
        except Exception as e:
            self.failed("set-up", e)
        self.finish()

    def finish(self, expected=None):
        print(f"1..{len(self.results)}")
        sys.stdout.flush()
        complete = expected is None or len(self.results) == expected
        sys.exit(0 if self.results and all(self.results) and complete else 1)


def run_helper(program, *args):
    """Runs a helper program of the test build (vireo-test-embed, vireo-test-qemu-guests)
    with @args and returns the "KEY VALUE" lines it printed as a dict (lines starting with
    "#" are comments); raises Failure with the program's message when it fails."""
    out = subprocess.run([program, *args], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise Failure(f"{os.path.basename(program)} {' '.join(args)}: "
                      f"{(out.stderr or out.stdout).strip()}")
    values = {}
    for line in out.stdout.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        key, value = line.split(" ", 1)
        values[key] = value
    return values


def wait_for(predicate, what, timeout=TIMEOUT):
    """Calls @predicate until it returns something true and returns that; raises Failure
    naming @what when @timeout seconds pass first."""
    end = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception:  # an object that went away while we looked: look again
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise Failure(f"timed out waiting for {what}")
        time.sleep(0.1)


# ------------------------------------------------------------------------------------------
# Reading the tree

def children(node):
    try:
        count = node.childCount
    except Exception:
        return []
    out = []
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            child = None
        if child is not None:
            out.append(child)
    return out


def walk(node):
    """@node and everything below it, depth first."""
    yield node
    for child in children(node):
        yield from walk(child)


def walk_visible(node):
    """@node and everything below it that is visible: shown now, or in a part (a popover, a
    page of a stack) a user can bring up.  A widget GTK keeps hidden for good (the close
    button of an info bar that has its own) is left out, and so is everything below it."""
    if not visible(node):
        return
    yield node
    for child in children(node):
        yield from walk_visible(child)


def role_name(node):
    try:
        return node.getRoleName()
    except Exception:
        return "?"


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def labels_of(node):
    """The names of the objects @node is labelled by (a label with a mnemonic for it)."""
    names = []
    try:
        for relation in node.getRelationSet():
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                for i in range(relation.getNTargets()):
                    target = relation.getTarget(i)
                    if target is not None and target.name:
                        names.append(target.name)
    except Exception:
        pass
    return names


def names_of(node):
    """The names a screen reader speaks for @node: its own name (unless it is a placeholder
    of GTK's) and the names of its labels, without a label's trailing colon."""
    names = []
    name = (node.name or "").strip()
    if name and name not in PLACEHOLDER_NAMES:
        names.append(name)
    names += [label.strip().rstrip(":").strip() for label in labels_of(node)]
    return [n for n in names if n]


def spoken_name(node):
    """What a screen reader says for @node ("" when it has no name)."""
    return " ".join(names_of(node))


def visible(node):
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def is_interactive(node):
    try:
        role = node.getRole()
    except Exception:
        return False
    if role == pyatspi.ROLE_TEXT:
        # Entries, not the text of a label or a read-only view.
        return node.getState().contains(pyatspi.STATE_EDITABLE)
    return role in INTERACTIVE_ROLES


def path_of(node, root):
    """'frame "Vireo" / panel[0] / push button[4]': the way from @root down to @node, each
    step by role and name (or index among its siblings when it has no name)."""
    steps = []
    while node is not None:
        name = node.name
        if name:
            steps.append(f'{role_name(node)} "{name}"')
        else:
            try:
                steps.append(f"{role_name(node)}[{node.getIndexInParent()}]")
            except Exception:
                steps.append(role_name(node))
        if node == root:
            break
        try:
            node = node.parent
        except Exception:
            node = None
    return " / ".join(reversed(steps))


def controls(root, hidden_too=True):
    """The interactive controls at or below @root; with @hidden_too, those of hidden parts
    as well (a button shown later, a menu not open yet)."""
    return [n for n in (walk(root) if hidden_too else walk_visible(root)) if is_interactive(n)]


def unnamed_controls(root, hidden_too=True):
    """Every interactive control at or below @root that a screen reader cannot name, as
    'ROLE at PATH (tooltip …)' lines."""
    out = []
    for node in (walk(root) if hidden_too else walk_visible(root)):
        if is_interactive(node) and not spoken_name(node):
            tip = node.description
            out.append(f"{role_name(node)} at {path_of(node, root)}" +
                       (f' (tooltip "{tip}")' if tip else ""))
    return out


# The buttons GTK puts at the end of a header bar to minimize, maximize and close the window
# (no tooltip: the window manager's own buttons have none either).
WINDOW_BUTTONS = {"Minimize", "Maximize", "Close"}


def is_window_button(node):
    try:
        siblings = children(node.parent)
        return role_name(node) == "push button" and node.name in WINDOW_BUTTONS and \
            all((role_name(n) == "push button" and n.name in WINDOW_BUTTONS) or
                role_name(n) == "separator" for n in siblings)
    except Exception:
        return False


def is_menu_item(node):
    """An item of a menu: a menu item, or a control in the popover of a menu button or the
    menu of a combo box (GTK 3 builds those from menu models, which carry no tooltips)."""
    if role_name(node) in ("menu item", "check menu item", "radio menu item"):
        return True
    try:
        parent = node.parent
        while parent is not None:
            if role_name(parent) in ("toggle button", "combo box", "push button menu"):
                return True
            parent = parent.parent
    except Exception:
        pass
    return False


def controls_without_tooltip(root):
    """Every interactive control at or below @root, hidden ones too, with no tooltip (GTK
    gives the tooltip to AT-SPI as the description), but for the window buttons of a header
    bar and the items of menus, as 'ROLE "NAME" at PATH' lines."""
    out = []
    for node in walk(root):
        if is_interactive(node) and not node.description and not is_window_button(node) \
                and not is_menu_item(node):
            out.append(f'{role_name(node)} "{spoken_name(node)}" at {path_of(node, root)}')
    return out


def find_all(root, role=None, name=None, only_showing=True):
    """The objects below @root with role @role (a pyatspi.ROLE_* or a role name) with a
    name (see names_of()) that is @name (a string, or a function of the name)."""
    found = []
    for node in walk(root):
        if role is not None:
            if isinstance(role, str):
                if role_name(node) != role:
                    continue
            elif node.getRole() != role:
                continue
        if name is not None:
            if not any(name(n) if callable(name) else n == name for n in names_of(node)):
                continue
        if only_showing and not showing(node):
            continue
        found.append(node)
    return found


def find(root, role=None, name=None, only_showing=True, timeout=TIMEOUT):
    """Waits for one object below @root with @role and @name (see find_all())."""
    what = f"{role_name_of(role)} named {name!r}" if name is not None else role_name_of(role)
    return wait_for(lambda: (find_all(root, role, name, only_showing) or [None])[0],
                    f"{what} in {path_of(root, root)}", timeout)


def role_name_of(role):
    if role is None or isinstance(role, str):
        return role or "object"
    return pyatspi.Atspi.role_get_name(role)


def dump(node, indent=0):
    """The tree below @node as text, one object a line: role, name, labels, tooltip, states
    that matter.  For writing a test: print(dump(window))."""
    flags = "".join(f" {flag}" for flag, state in (("visible", pyatspi.STATE_VISIBLE),
                                                  ("showing", pyatspi.STATE_SHOWING),
                                                  ("focused", pyatspi.STATE_FOCUSED))
                    if node.getState().contains(state))
    line = f'{" " * indent}{role_name(node)} "{node.name}"'
    if labels_of(node):
        line += f" labelled-by {labels_of(node)}"
    if node.description:
        line += f' tooltip "{node.description}"'
    lines = [line + flags]
    for child in children(node):
        lines.append(dump(child, indent + 2))
    return "\n".join(lines)


def text_of(node):
    """The text of a label, entry or text view."""
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return node.name


# ------------------------------------------------------------------------------------------
# Doing things

def press(node):
    """Presses a button, toggles a toggle or menu button, activates a menu item: the
    control's own action ("click", "press", "activate" or "toggle"), as Orca's Enter does."""
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for wanted in ("click", "press", "activate", "toggle"):
        if wanted in names:
            action.doAction(names.index(wanted))
            return
    if not names:
        raise Failure(f"{path_of(node, node)} has no action to press")
    action.doAction(0)


def type_text(node, text):
    """Replaces the text of an entry."""
    node.queryEditableText().setTextContents(text)


def choose(combo, item_name):
    """Chooses the item named @item_name in a combo box."""
    items = [n for n in walk(combo) if role_name(n) == "menu item"]
    for i, item in enumerate(items):
        if item.name == item_name:
            combo.querySelection().selectChild(i)
            return
    raise Failure(f"no item {item_name!r} in the combo box {spoken_name(combo)!r}: "
                  f"{[n.name for n in items]}")


def select_row(table, cell_name):
    """Selects the row of a table or tree table (a GtkTreeView) that has a cell named
    @cell_name (a string or a function of the name)."""
    cell = find(table, "table cell", cell_name, only_showing=False)
    # A column of several renderers is a cell of cells: the table counts the outer one.
    if role_name(cell.parent) == "table cell":
        cell = cell.parent
    rows = table.queryTable()
    row = rows.getRowAtIndex(cell.getIndexInParent())
    if row < 0 or not (rows.isRowSelected(row) or rows.addRowSelection(row)):
        raise Failure(f"could not select the row of {spoken_name(cell) or cell_name!r}")
    return cell


def select_item(container, item_name):
    """Selects the child named @item_name (a string or a function of the name) of a list
    (a GtkListBox: its rows) through its Selection interface, as arrow keys would."""
    def lookup():
        for i, child in enumerate(children(container)):
            if any(item_name(n) if callable(item_name) else n == item_name
                   for n in names_of(child)):
                return i + 1
        return None
    index = wait_for(lookup, f"an item named {item_name!r} in {spoken_name(container)!r}") - 1
    if not container.querySelection().selectChild(index):
        raise Failure(f"could not select {item_name!r} in {spoken_name(container)!r}")
    return children(container)[index]


def set_value(node, value):
    """Sets the value of a spin button or slider (its Value interface), as typing a number
    and leaving the field would."""
    node.queryValue().currentValue = value


def value_of(node):
    return node.queryValue().currentValue


def extents(node):
    """(x, y, width, height) of @node on the screen."""
    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box.x, box.y, box.width, box.height


def _keyval(keysym_name):
    import gi
    gi.require_version("Gdk", "3.0")
    from gi.repository import Gdk
    return Gdk.keyval_from_name(keysym_name)


def key(keysym_name):
    """Presses and releases a key (an X keysym name: "Escape", "F10") in the focused
    window."""
    pyatspi.Registry.generateKeyboardEvent(_keyval(keysym_name), None, pyatspi.KEY_SYM)


def key_combo(*keysym_names):
    """Presses keys together, as Ctrl+F is: key_combo("Control_L", "f").  The last key is
    pressed and released while the others (modifiers) are held."""
    import gi
    gi.require_version("Gdk", "3.0")
    from gi.repository import Gdk
    keymap = Gdk.Keymap.get_for_display(Gdk.Display.get_default())
    held = []
    try:
        for name in keysym_names[:-1]:
            ok, keys = keymap.get_entries_for_keyval(_keyval(name))
            if not ok or not keys:
                raise Failure(f"no key for {name} on this keymap")
            pyatspi.Registry.generateKeyboardEvent(keys[0].keycode, None, pyatspi.KEY_PRESS)
            held.append(keys[0].keycode)
        pyatspi.Registry.generateKeyboardEvent(_keyval(keysym_names[-1]), None,
                                               pyatspi.KEY_SYM)
    finally:
        for keycode in reversed(held):
            pyatspi.Registry.generateKeyboardEvent(keycode, None, pyatspi.KEY_RELEASE)


def table_rows(table, column=0):
    """The rows of a table or tree table (a GtkTreeView) as the table interface gives them:
    for each, the name of its cell in @column (of the text cell inside, for a column of
    several renderers)."""
    rows = table.queryTable()
    out = []
    for r in range(rows.nRows):
        cell = rows.getAccessibleAt(r, column)
        name = cell.name if cell is not None else ""
        if not name and cell is not None:
            for child in children(cell):
                if child.name:
                    name = child.name
        out.append(name)
    return out


# ------------------------------------------------------------------------------------------
# Applications

_x_connection = None


def _hold_x_server():
    """Keeps a connection to the X server open for the whole test.  An X server started
    without -noreset (xvfb-run's) resets when its last client leaves, and a program that
    connects meanwhile fails with "cannot open display"; between two programs of a test
    (or before the first, when only the accessibility bus launcher looked at it) there
    may be no client at all."""
    global _x_connection
    if _x_connection is not None or not os.environ.get("DISPLAY"):
        return
    import gi
    gi.require_version("Gdk", "3.0")
    from gi.repository import Gdk
    _x_connection = Gdk.Display.open(os.environ["DISPLAY"])


class App:
    """A program of the build started with the accessibility bridge, under a private home."""

    def __init__(self, argv, env=None):
        _hold_x_server()
        self.home = tempfile.mkdtemp(prefix="vireo-a11y-")
        self.env = dict(os.environ)
        # The test environment turns GTK's accessibility bridge off; this test needs it.
        self.env.pop("NO_AT_BRIDGE", None)
        for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                    "XDG_RUNTIME_DIR"):
            self.env[var] = os.path.join(self.home, var.lower())
            os.makedirs(self.env[var], mode=0o700)
        self.env.update(env or {})
        self.log_path = os.path.join(self.home, "log")
        self.argv = argv
        with open(self.log_path, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)
        self._node = None

    @property
    def node(self):
        """The application's object on the accessibility bus (found by process id)."""
        def lookup():
            if self.process.poll() is not None:
                raise Failure(f"{self.argv[0]} exited with status "
                              f"{self.process.returncode}:\n{self.log()}")
            desktop = pyatspi.Registry.getDesktop(0)
            for app in children(desktop):
                if app.get_process_id() == self.process.pid:
                    return app
            return None
        if self._node is None:
            try:
                self._node = wait_for(lookup, f"{os.path.basename(self.argv[0])} on the "
                                      "accessibility bus")
            except Failure as e:
                raise Failure(f"{e}; its output:\n{self.log()}") from None
        return self._node

    def window(self, name, roles=("frame", "dialog", "window", "alert"), timeout=TIMEOUT):
        """Waits for a showing top-level window named @name (a string or a function of the
        name)."""
        def lookup():
            if self.process.poll() is not None:
                raise Failure(f"{self.argv[0]} exited with status "
                              f"{self.process.returncode}:\n{self.log()}")
            for top in children(self.node):
                if role_name(top) in roles and showing(top) and \
                        (name(top.name) if callable(name) else top.name == name):
                    return top
            return None
        try:
            return wait_for(lookup, f"a window named {name!r}", timeout)
        except Failure as e:
            tops = [f'{role_name(t)} "{t.name}"' for t in children(self.node)]
            raise Failure(f"{e}; the windows are: {', '.join(tops)}") from None

    def gone(self, window, timeout=TIMEOUT):
        """Waits until @window is no longer shown."""
        try:
            name = window.name
        except Exception:  # already destroyed
            return
        wait_for(lambda: window not in children(self.node) or not showing(window),
                 f'the window "{name}" to close', timeout)

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def stop(self):
        """Ends the process this App started (by its pid) and removes its home."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)
