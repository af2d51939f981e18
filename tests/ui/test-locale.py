#!/usr/bin/python3
# test-locale.py: the windows speak the user's language.  Vireo is installed with
# `meson install --destdir` and that tree is bind-mounted over its prefix in a mount
# namespace of the test's own (so gettext finds the catalogues where the programs look,
# and the machine's prefix is neither seen nor touched); then, in each of ja_JP.UTF-8,
# hu_HU.UTF-8 and pt_BR.UTF-8 (real locales, made by tools/setup with localedef: gettext
# ignores LANGUAGE under the C locale), the manager, the VM window, the New VM wizard, the
# host window and the viewer start under Xvfb with LANG and LANGUAGE set, and the
# accessible names of their controls, read over AT-SPI, must be the catalogue's
# translations of the template's names (read from the installed catalogue, made from
# po/LANG.po, never written here); the host window's sizes use the locale's decimal
# separator; and each installed program's --help has the catalogue's words.  A screenshot of each window is left in
# BUILD/tests/locale-screenshots/ for a look at the layout.
#
# Usage: test-locale.py MESON BUILD_ROOT VIREO-TEST-GUEST   (TAP; needs root and a display)
#
# SPDX-License-Identifier: GPL-2.0-or-later
import gettext
import json
import locale
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import vireo_atspi as ui  # noqa: E402
from vireo_atspi import Failure  # noqa: E402

LOCALES = [("ja_JP.UTF-8", "ja"), ("hu_HU.UTF-8", "hu"), ("pt_BR.UTF-8", "pt_BR")]

# Each window: how it is started (vireo's options, or the viewer on a guest), and the
# accessible names (msgids of its templates) whose translations must name its controls.
WINDOWS = [
    ("manager", ["--connect", "test:///default"],
     ["New VM", "Open", "Run", "Pause", "Shut Down", "Delete", "Main Menu", "Search"]),
    ("vm-window", ["--connect", "test:///default", "--show-domain-editor", "test"],
     ["Run", "Pause", "Shut Down", "Window Menu"]),
    ("wizard", ["--connect", "test:///default", "--show-domain-creator"],
     ["Local Install Media", "Network Install", "Cloud Image", "Import Existing Disk",
      "Network Boot", "Manual Install"]),
    ("host-window", ["--connect", "test:///default", "--show-host-summary"],
     ["Overview", "Virtual Networks", "Storage", "Host Devices"]),
    ("viewer", None,
     ["Send Key", "Screenshot", "Zoom", "USB Devices", "Fullscreen"]),
]


def prefix_of(meson, build):
    out = subprocess.run([meson, "introspect", "--buildoptions", build], check=True,
                         capture_output=True, text=True).stdout
    return next(o["value"] for o in json.loads(out) if o["name"] == "prefix")


def outer(meson, build, guest_helper):
    """Installs, then runs the checks in a mount namespace and a session bus of their own."""
    if os.geteuid() != 0:
        print("1..1\nnot ok 1 - needs root, for a mount namespace over the install prefix")
        return 1
    if not os.environ.get("DISPLAY"):
        print("1..1\nnot ok 1 - no X server: run under xvfb-run (tools/check does)")
        return 1
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    missing = [loc for loc, _ in LOCALES if loc.lower().replace("utf-8", "utf8") not in have]
    if missing:
        print(f"1..1\nnot ok 1 - the locales {', '.join(missing)} are missing: run tools/setup "
              "(localedef, package locales)")
        return 1
    tmp = tempfile.mkdtemp(prefix="vireo-locale-")
    try:
        prefix = prefix_of(meson, build)
        root = os.path.join(tmp, "root")
        done = subprocess.run([meson, "install", "-C", build, "--destdir", root,
                               "--no-rebuild", "--quiet"], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"1..1\nnot ok 1 - meson install --destdir\n# {done.stdout}{done.stderr}")
            return 1
        tree = root + prefix
        # gnome.post_install skips a DESTDIR install: compile the schema as it would.
        subprocess.run(["glib-compile-schemas", os.path.join(tree, "share/glib-2.0/schemas")],
                       check=True)
        read_end, write_end = os.pipe()
        env = dict(os.environ, VIREO_LOCALE_TAP_FD=str(write_end), VIREO_LOCALE_PREFIX=prefix)
        home = os.path.join(tmp, "bus-home")
        for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                    "XDG_RUNTIME_DIR"):
            env[var] = os.path.join(home, var.lower())
            os.makedirs(env[var], mode=0o700)
        script = ('mount --make-rprivate / && mount --bind "$1" "$2" && shift 2 && '
                  'exec dbus-run-session -- "$@"')
        proc = subprocess.Popen(["unshare", "-m", "--", "sh", "-c", script, "sh", tree, prefix,
                                 sys.executable] + sys.argv, env=env, stdout=sys.stderr,
                                pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end, encoding="utf-8") as results:
            for line in results:
                sys.stdout.write(line)
                sys.stdout.flush()
        return proc.wait()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def start_guest(helper):
    proc = subprocess.Popen([helper], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ports = {}
    for line in proc.stdout:
        if line.strip() == "ready":
            break
        kind, port = line.split()
        ports[kind] = int(port)
    if "spice" not in ports:
        raise Failure(f"{helper} did not start a guest")
    return proc, ports


# Each program's --help and a message it must show in the catalogue's words.
HELP = [
    ("vireo", "Connect to the hypervisor at URI (may be repeated)"),
    ("vireo-viewer", "Open in fullscreen"),
    ("vireo-install", "Print the domain XML and change nothing"),
    ("vireo-xml", "Show this help and exit"),
    ("vireo-clone", "Allocate every byte of the copies"),
]


def check_help(prefix, loc, lang, catalogue):
    """The installed programs' --help in @lang: a list of problems."""
    problems = []
    env = dict(os.environ, LANG=loc, LANGUAGE=lang)
    for program, msgid in HELP:
        want = catalogue.gettext(msgid)
        if not catalogue._catalog.get(msgid):
            problems.append(f"“{msgid}” is not in {lang}.po")
            continue
        out = subprocess.run([os.path.join(prefix, "bin", program), "--help"], env=env,
                             capture_output=True, text=True, stdin=subprocess.DEVNULL)
        # --help wraps long lines: compare without the line breaks and indentation.
        flat = re.sub(r"\s+", " ", out.stdout)
        if re.sub(r"\s+", " ", want) not in flat:
            problems.append(f"{program} --help lacks “{want}” (“{msgid}”)")
    return problems


def check_sizes(window, loc):
    """The host's memory ("3.0 GiB", "3,0 GiB") is written with the locale's decimal
    separator (g_format_size): a list of problems."""
    locale.setlocale(locale.LC_NUMERIC, loc)
    point = locale.localeconv()["decimal_point"]
    locale.setlocale(locale.LC_NUMERIC, "C")
    size = re.compile(r"\d+([.,])\d+\s*[KMGT]iB")

    def sizes():
        return [n.name for n in ui.walk(window)
                if ui.role_name(n) == "label" and n.name and size.search(n.name)]
    try:
        found = ui.wait_for(sizes, "a size in the host window", timeout=30)
    except Failure as e:
        return [str(e)]
    wrong = [t for t in found if size.search(t).group(1) != point]
    return [f"sizes not written with “{point}”: {wrong}"] if wrong else []


def inner(build, guest_helper):
    sys.stdout = os.fdopen(int(os.environ.pop("VIREO_LOCALE_TAP_FD")), "w", buffering=1,
                           encoding="utf-8")
    prefix = os.environ.pop("VIREO_LOCALE_PREFIX")
    # The installed programs, with the installed schema and catalogues.
    for var in ("GSETTINGS_SCHEMA_DIR", "LC_ALL", "LC_MESSAGES", "VIREO_MODULE_DIR",
                "VIREO_VIEWER_LIBVIRT"):
        os.environ.pop(var, None)
    shots = os.path.join(build, "tests", "locale-screenshots")
    os.makedirs(shots, exist_ok=True)
    print("TAP version 13")
    print(f"1..{len(LOCALES) * (len(WINDOWS) + 1)}")
    n = 0
    failed = 0
    guest = None
    try:
        for loc, lang in LOCALES:
            catalogue = gettext.translation("vireo", os.path.join(prefix, "share", "locale"),
                                            [lang])
            n += 1
            problems = check_help(prefix, loc, lang, catalogue)
            if problems:
                failed += 1
                print(f"not ok {n} - {lang}: the programs' --help is translated")
                for line in problems:
                    print(f"# {line}")
            else:
                print(f"ok {n} - {lang}: the programs' --help is translated "
                      f"({', '.join(p for p, _ in HELP)})")
            for window_id, args, msgids in WINDOWS:
                n += 1
                name = f"{lang}: the {window_id}'s controls have the catalogue's names"
                app = None
                try:
                    if args is None:
                        if guest is None:
                            guest = start_guest(guest_helper)
                        argv = [os.path.join(prefix, "bin", "vireo-viewer"),
                                f"spice://127.0.0.1:{guest[1]['spice']}"]
                    else:
                        argv = [os.path.join(prefix, "bin", "vireo")] + args
                    app = ui.App(argv, env={"LANG": loc, "LANGUAGE": lang})
                    window = app.window(lambda title: True)
                    details = []
                    # A name may be the same in both languages ("Zoom" in pt_BR), but it
                    # must be in the catalogue, and some names of each window must differ.
                    if all(catalogue.gettext(m) == m for m in msgids):
                        details.append(f"none of {msgids} differs in {lang}")
                    for msgid in msgids:
                        want = catalogue.gettext(msgid)
                        if not catalogue._catalog.get(msgid):
                            details.append(f"“{msgid}” is not translated in {lang}.po")
                            continue
                        try:
                            ui.find(window, None, want, timeout=30)
                        except Failure:
                            details.append(f"no control named “{want}” (“{msgid}”)")
                    if window_id == "host-window":
                        details += check_sizes(window, loc)
                    shot = os.path.join(shots, f"{lang}-{window_id}.png")
                    subprocess.run(["import", "-window", "root", shot], capture_output=True)
                    if details:
                        details.append("the window: " + ui.dump(window)[:3000])
                        raise Failure("\n".join(details))
                    print(f"ok {n} - {name} ({len(msgids)}, e.g. "
                          f"“{catalogue.gettext(msgids[0])}”)")
                except Exception as e:
                    failed += 1
                    print(f"not ok {n} - {name}")
                    text = str(e) if isinstance(e, Failure) else traceback.format_exc()
                    for line in text.splitlines():
                        print(f"# {line}")
                    if app is not None:
                        for line in app.log().splitlines()[-20:]:
                            print(f"# log: {line}")
                finally:
                    if app is not None:
                        app.stop()
    finally:
        if guest is not None:
            guest[0].stdin.close()  # the helper stops its QEMU process and exits
            guest[0].wait(timeout=60)
    return 1 if failed else 0


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} MESON BUILD_ROOT VIREO-TEST-GUEST")
    meson, build, guest_helper = sys.argv[1:4]
    if "VIREO_LOCALE_TAP_FD" in os.environ:
        return inner(build, guest_helper)
    return outer(meson, build, guest_helper)


if __name__ == "__main__":
    sys.exit(main())
