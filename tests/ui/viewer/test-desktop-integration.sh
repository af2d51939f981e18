#!/bin/sh
# test-desktop-integration.sh: the viewer's desktop file and MIME type, installed into a
# private XDG data directory, make vireo-viewer the handler of .vv files and of the
# spice:, spice+tls:, spice+unix: and vnc: links.
#
# The second half opens a .vv file and a vnc:// link with `gio open` against a QEMU guest
# started here: the real vireo-viewer starts, connects and reports its first frame (its
# VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME hook).  It needs a display (xvfb-run).
#
# Usage: test-desktop-integration.sh BUILT-DESKTOP-FILE BUILT-MIME-XML VIREO-VIEWER   (TAP)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -u

desktop_file=$1
mime_xml=$2
viewer=${3:-}
desktop_id=org.vireo.Viewer.desktop

for tool in xdg-mime:xdg-utils update-mime-database:shared-mime-info \
            update-desktop-database:desktop-file-utils gio:libglib2.0-bin; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
        echo "Bail out! ${tool%%:*} is missing: install the package ${tool#*:}"
        exit 1
    fi
done

n=0
failed=0
ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}
not_ok() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    # Each line of each detail as a TAP comment (a detail may hold a log).
    for detail in "$@"; do printf '%s\n' "$detail" | sed 's/^/# /'; done
}
expect() { # expect DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "got: $3"; fi
}

qemu_pid=
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-xdg-XXXXXX") || exit 1
# Ends exactly the QEMU process this script started.
trap '[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/data/applications" "$tmp/data/mime/packages" "$tmp/config" "$tmp/files"
export HOME="$tmp/home"
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CONFIG_DIRS="$tmp/config-dirs"
# xdg-mime then asks GIO for file types and reads mimeapps.list / mimeinfo.cache.
export XDG_CURRENT_DESKTOP=GNOME
unset XDG_MENU_PREFIX

echo "1..18"

# Control: before installation, nothing makes Vireo the handler.
before=$(xdg-mime query default application/x-virt-viewer 2>/dev/null)
if [ "$before" != "$desktop_id" ]; then
    ok "before installation the default handler is not $desktop_id (it is '${before}')"
else
    not_ok "before installation the default handler is not $desktop_id" "got: $before"
fi

cp "$desktop_file" "$XDG_DATA_HOME/applications/$desktop_id"
cp "$mime_xml" "$XDG_DATA_HOME/mime/packages/vireo-mime.xml"

out=$(update-mime-database "$XDG_DATA_HOME/mime" 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then
    ok "update-mime-database accepts the MIME XML without a warning"
else
    not_ok "update-mime-database accepts the MIME XML without a warning" "$out"
fi

out=$(update-desktop-database "$XDG_DATA_HOME/applications" 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then
    ok "update-desktop-database accepts the desktop file"
else
    not_ok "update-desktop-database accepts the desktop file" "$out"
fi

printf '[virt-viewer]\ntype=vnc\nhost=localhost\nport=5900\n' > "$tmp/files/console.vv"
expect "a .vv file is application/x-virt-viewer" application/x-virt-viewer \
    "$(xdg-mime query filetype "$tmp/files/console.vv" 2>&1)"

# A download saved without its extension is recognised by its first line.
printf '[virt-viewer]\ntype=spice\nhost=h\nport=5900\n' > "$tmp/files/console-download"
expect "a file starting with [virt-viewer] is application/x-virt-viewer" \
    application/x-virt-viewer "$(xdg-mime query filetype "$tmp/files/console-download" 2>&1)"

# Another INI file with a .vv-less name is not taken.
printf '[Desktop Entry]\nName=x\n' > "$tmp/files/other.ini"
got=$(xdg-mime query filetype "$tmp/files/other.ini" 2>&1)
if [ "$got" != application/x-virt-viewer ]; then
    ok "another INI file is not application/x-virt-viewer ($got)"
else
    not_ok "another INI file is not application/x-virt-viewer" "got: $got"
fi

for type in application/x-virt-viewer x-scheme-handler/spice x-scheme-handler/spice+tls \
            x-scheme-handler/spice+unix x-scheme-handler/vnc; do
    expect "xdg-mime default for $type is $desktop_id" "$desktop_id" \
        "$(xdg-mime query default "$type" 2>&1)"
done

# GIO (which `gio open`, file managers and browsers use) agrees.  GIO ignores desktop
# files whose Exec program is not on PATH, so an executable named vireo-viewer is put on
# PATH; nothing runs it here (starting the real viewer with `gio open` is another test).
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nexit 1\n' > "$tmp/bin/vireo-viewer"
chmod +x "$tmp/bin/vireo-viewer"
for type in application/x-virt-viewer x-scheme-handler/spice x-scheme-handler/spice+tls \
            x-scheme-handler/spice+unix x-scheme-handler/vnc; do
    got=$(PATH="$tmp/bin:$PATH" LC_ALL=C gio mime "$type" 2>&1 | head -n 1)
    case "$got" in
    *": $desktop_id") ok "GIO's default for $type is $desktop_id" ;;
    *) not_ok "GIO's default for $type is $desktop_id" "got: $got" ;;
    esac
done

# Second half: gio open starts the real viewer, which connects to a guest.
free_port() { # free_port LOW HIGH: a loopback TCP port nobody listens on
    python3 -c '
import random, socket, sys
low, high = int(sys.argv[1]), int(sys.argv[2])
for port in random.sample(range(low, high), 200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
' "$1" "$2"
}
wait_first_frame() { # wait_first_frame FILE: the viewer's hook line within 60 s
    i=0
    while [ $i -lt 600 ]; do
        grep -q '^VIREO_FIRST_FRAME ' "$1" 2>/dev/null && return 0
        grep -q '^VIREO_FAILED ' "$1" 2>/dev/null && return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

if [ -z "$viewer" ] || [ ! -x "$viewer" ] || [ -z "${DISPLAY:-}" ] ||
   ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
    not_ok "gio open FILE.vv starts vireo-viewer and connects" \
        "needs the vireo-viewer binary (got '$viewer'), a display (DISPLAY='${DISPLAY:-}')" \
        "and qemu-system-x86_64 (package qemu-system-x86)"
    not_ok "gio open vnc://127.0.0.1:PORT starts vireo-viewer and connects" "see above"
else
    vnc_port=$(free_port 6000 9000)
    spice_port=$(free_port 20000 30000)
    qemu-system-x86_64 -machine pc -accel tcg -m 64 -nodefaults -display none \
        -cdrom /usr/lib/grub-rescue/grub-rescue-cdrom.iso -device qxl-vga \
        -vnc "127.0.0.1:$((vnc_port - 5900))" \
        -spice "port=$spice_port,addr=127.0.0.1,disable-ticketing=on" \
        >"$tmp/qemu.log" 2>&1 &
    qemu_pid=$!
    mkdir -p "$tmp/viewer-bin"
    ln -s "$viewer" "$tmp/viewer-bin/vireo-viewer"
    printf '[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%s\ntitle=Desktop test\n' \
        "$spice_port" > "$tmp/files/guest.vv"
    sleep 1

    VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME=1 PATH="$tmp/viewer-bin:$PATH" \
        gio open "$tmp/files/guest.vv" >"$tmp/open-vv.out" 2>&1
    if wait_first_frame "$tmp/open-vv.out"; then
        ok "gio open FILE.vv starts vireo-viewer and connects ($(grep '^VIREO_FIRST_FRAME' \
            "$tmp/open-vv.out"))"
    else
        not_ok "gio open FILE.vv starts vireo-viewer and connects" \
            "$(cat "$tmp/open-vv.out" "$tmp/qemu.log")"
    fi

    VIREO_VIEWER_EXIT_AFTER_FIRST_FRAME=1 PATH="$tmp/viewer-bin:$PATH" \
        gio open "vnc://127.0.0.1:$vnc_port" >"$tmp/open-vnc.out" 2>&1
    if wait_first_frame "$tmp/open-vnc.out"; then
        ok "gio open vnc://127.0.0.1:$vnc_port starts vireo-viewer and connects"
    else
        not_ok "gio open vnc://127.0.0.1:$vnc_port starts vireo-viewer and connects" \
            "$(cat "$tmp/open-vnc.out" "$tmp/qemu.log")"
    fi
fi

[ "$failed" -eq 0 ]
