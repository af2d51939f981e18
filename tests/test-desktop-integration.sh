#!/bin/sh
# test-desktop-integration.sh: the viewer's desktop file and MIME type, installed into a
# private XDG data directory, make vireo-viewer the handler of .vv files and of the
# spice:, spice+tls:, spice+unix: and vnc: links.
#
# Usage: test-desktop-integration.sh BUILT-DESKTOP-FILE BUILT-MIME-XML   (TAP output)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -u

desktop_file=$1
mime_xml=$2
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
    for line in "$@"; do echo "# $line"; done
}
expect() { # expect DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "got: $3"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-xdg-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/data/applications" "$tmp/data/mime/packages" "$tmp/config" "$tmp/files"
export HOME="$tmp/home"
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CONFIG_DIRS="$tmp/config-dirs"
# xdg-mime then asks GIO for file types and reads mimeapps.list / mimeinfo.cache.
export XDG_CURRENT_DESKTOP=GNOME
unset XDG_MENU_PREFIX

echo "1..16"

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

[ "$failed" -eq 0 ]
