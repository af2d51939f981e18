#!/usr/bin/python3
# test-console-module.py: the manager loads the console stack only when a
# console is opened.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-console-module.py VIREO LIBVIREO-CONSOLE.SO
#
# 1. Every Vireo symbol the module needs is exported by the vireo executable
#    (the module resolves the core from it; a missing one would only show as
#    a failed Open).
# 2. The vireo executable does not link the console stack; the module does.
# 3. The real manager, on test:///default under the test's X server, has not
#    mapped the console stack once its list is populated; after the
#    "app.open-console" action (over D-Bus, as vireo-viewer's hand-off sends
#    it) it has mapped the module and spice-gtk, and a window named after the
#    VM is on the screen.  A second vireo --show-domain-console is forwarded
#    to it and exits 0, or 1 with the reason for a VM that does not exist.
#    Then "app.quit" ends it with status 0.
# 4. A --connect URI that fails at once (connections open before GTK is up)
#    still has its reason shown in the window (VIREO_TRACE reports it).
# 5. The VM window: a second vireo --show-domain-editor opens it on the
#    Details view, and the manager has still mapped neither the console stack
#    nor GtkSourceView (whose module, libvireo-xml-view.so, is loaded only
#    when the XML view is first shown); vireo links neither.
import os
import subprocess
import sys
import tempfile
import time

CONSOLE_LIBS = ("libspice-client-gtk", "libgtk-vnc", "libvte", "libgstreamer", "libsecret")
XML_VIEW_LIBS = ("libgtksourceview", "libvireo-xml-view.so")

results = []


def check(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines():
            print(f"# {line}")


def dynamic_symbols(path, undefined):
    flag = "--undefined-only" if undefined else "--defined-only"
    out = subprocess.run(["nm", "-D", flag, path], capture_output=True, text=True,
                         check=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True,
                         check=True).stdout
    return [line.split("[")[1].split("]")[0] for line in out.splitlines() if "(NEEDED)" in line]


def mapped(pid):
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def gdbus_activate(action, params):
    return subprocess.run(
        ["gdbus", "call", "--session", "--dest", "org.vireo.Vireo",
         "--object-path", "/org/vireo/Vireo", "--method", "org.gtk.Actions.Activate",
         action, params, "{}"], capture_output=True, text=True, timeout=30)


def window_names():
    out = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                         timeout=30).stdout
    return out


def wait_for(predicate, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def run_manager(vireo):
    tmp = tempfile.mkdtemp(prefix="vireo-module-")
    env = dict(os.environ)
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[var] = os.path.join(tmp, var.lower())
        os.makedirs(env[var])
    env["VIREO_BENCH"] = "1"
    env.pop("VIREO_MODULE_DIR", None)
    proc = subprocess.Popen([vireo, "--connect", "test:///default"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        check(line.startswith("VIREO_POPULATED 1 "), "the manager lists test:///default",
              line + proc.stderr.read() if not line else line)
        if not line:
            return
        before = mapped(proc.pid)
        check(not any(lib in before for lib in CONSOLE_LIBS) and
              "libvireo-console.so" not in before,
              "the populated manager has not mapped the console stack",
              "\n".join(l for l in before.splitlines() if any(x in l for x in CONSOLE_LIBS)))

        # Details only: the VM window, and still no console stack nor GtkSourceView.
        r = subprocess.run([vireo, "--connect", "test:///default", "--show-domain-editor",
                            "test"], env=env, capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, "a second vireo --show-domain-editor is answered by the first",
              f"status {r.returncode}: {r.stderr}")
        ok = wait_for(lambda: '"test"' in window_names(), 30)
        check(ok, "the VM window of --show-domain-editor is shown", window_names()[-2000:])
        details = mapped(proc.pid)
        check(not any(lib in details for lib in CONSOLE_LIBS + XML_VIEW_LIBS) and
              "libvireo-console.so" not in details,
              "a VM window showing Details has mapped neither the console stack nor "
              "GtkSourceView",
              "\n".join(l for l in details.splitlines()
                        if any(x in l for x in CONSOLE_LIBS + XML_VIEW_LIBS)))

        r = gdbus_activate("open-console", "[<('test:///default', 'test')>]")
        check(r.returncode == 0, "app.open-console is accepted", r.stderr)
        ok = wait_for(lambda: "libvireo-console.so" in mapped(proc.pid) and
                      "libspice-client-gtk" in mapped(proc.pid), 30)
        check(ok, "opening a console loads the module and spice-gtk")
        ok = wait_for(lambda: '"test' in window_names(), 30)
        check(ok, "a console window named after the VM is shown", window_names()[-2000:])
        check(proc.poll() is None, "the manager is still running",
              proc.stderr.read() if proc.poll() is not None else "")

        # A second vireo hands --show-domain-console to this one and exits
        # with its outcome: 0 once the console is shown, 1 with the reason
        # on its standard error for a VM that does not exist.
        r = subprocess.run([vireo, "--connect", "test:///default", "--show-domain-console",
                            "test"], env=env, capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, "a second vireo --show-domain-console is answered by the first",
              f"status {r.returncode}: {r.stderr}")
        r = subprocess.run([vireo, "--connect", "test:///default", "--show-domain-console",
                            "no-such-vm"], env=env, capture_output=True, text=True, timeout=60)
        check(r.returncode == 1 and
              "There is no virtual machine named “no-such-vm” on test:///default." in r.stderr,
              "an unknown --show-domain-console name is said on the second vireo's stderr",
              f"status {r.returncode}: {r.stderr}")
        check(proc.poll() is None, "the manager is still running after the forwarded consoles",
              proc.stderr.read() if proc.poll() is not None else "")

        r = gdbus_activate("quit", "[]")
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            rc = None
        check(rc == 0, "app.quit ends the manager with status 0", f"status {rc}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        subprocess.run(["rm", "-rf", tmp], check=False)


def run_failing_manager(vireo):
    """A --connect URI that fails at once: the window, built after the open
    failed, still shows libvirt's reason."""
    tmp = tempfile.mkdtemp(prefix="vireo-module-")
    env = dict(os.environ, VIREO_TRACE="1")
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[var] = os.path.join(tmp, var.lower())
        os.makedirs(env[var])
    uri = "test:///" + os.path.join(tmp, "missing-node.xml").lstrip("/")
    proc = subprocess.Popen([vireo, "--connect", uri], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    shown = None
    try:
        end = time.monotonic() + 60
        for line in proc.stderr:
            if "window: error shown: " in line:
                shown = line.split("window: error shown: ", 1)[1].strip()
                break
            if time.monotonic() > end:
                break
        check(shown is not None and "missing-node.xml" in shown,
              "a connection that fails before the window exists is reported in the window",
              shown or "no error was shown")
        r = gdbus_activate("quit", "[]")
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            rc = None
        check(rc == 0, "the manager with a failed connection quits with status 0", f"status {rc}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        subprocess.run(["rm", "-rf", tmp], check=False)


def main():
    vireo, module = sys.argv[1], sys.argv[2]
    if os.environ.get("VIREO_MODULE_TEST_INNER") == "1" and len(sys.argv) > 3:
        results.extend([True] * int(sys.argv[3]))
        run_manager(vireo)
        run_failing_manager(vireo)
        sys.exit(0 if all(results) else 1)
    print("TAP version 13")

    missing = sorted(s for s in dynamic_symbols(module, True)
                     if s.startswith(("vireo_", "_vireo_")) and
                     s not in dynamic_symbols(vireo, False))
    check(not missing, "the vireo executable exports every core symbol the module needs",
          " ".join(missing))

    exported = dynamic_symbols(module, False)
    entry_points = ("vireo_console_module_present_for_domain",
                    "vireo_console_module_new_page_for_domain")
    check(all(name in exported for name in entry_points),
          "the console module exports its window and page entry points",
          " ".join(name for name in entry_points if name not in exported))

    exe_needs = needed(vireo)
    module_needs = needed(module)
    check(not any(lib.startswith(CONSOLE_LIBS) for lib in exe_needs),
          "vireo does not link the console stack", " ".join(exe_needs))
    check(all(any(lib.startswith(c) for lib in module_needs)
              for c in ("libspice-client-gtk", "libgtk-vnc")),
          "the console module links spice-gtk and gtk-vnc", " ".join(module_needs))
    xml_module = os.path.join(os.path.dirname(module), "libvireo-xml-view.so")
    check(not any(lib.startswith("libgtksourceview") for lib in exe_needs) and
          any(lib.startswith("libgtksourceview") for lib in needed(xml_module)),
          "vireo does not link GtkSourceView; the XML view module does",
          " ".join(exe_needs))

    if not os.environ.get("DISPLAY"):
        check(False, "an X server to run the manager on (run under xvfb-run)")
    else:
        # A private session bus: the manager owns org.vireo.Vireo on it.
        env = dict(os.environ, VIREO_MODULE_TEST_INNER="1")
        r = subprocess.run(["dbus-run-session", "--", sys.executable, os.path.abspath(__file__),
                            vireo, module, str(len(results))], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                           timeout=240)
        for line in r.stdout.splitlines():
            print(line)
            if line.startswith(("ok ", "not ok ")):
                results.append(line.startswith("ok "))
        check(r.returncode == 0 and len(results) >= 20, "the manager runs completed",
              f"status {r.returncode}")

    print(f"1..{len(results)}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
