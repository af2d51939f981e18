#!/bin/bash
# test-install.sh: `meson install --destdir` puts every file of the desktop integration
# in place, and the installed files pass their validators: the programs, both desktop
# files (desktop-file-validate), the metainfo with screenshots and releases
# (appstreamcli validate --no-net), the schema (glib-compile-schemas --strict), the MIME
# XML, the icons, a man page per program that names every option of its --help, the
# bash completion under each program's name, the catalogues of po/LINGUAS and the help
# (Mallard pages, in C and each language of help/LINGUAS).
#
# Usage: test-install.sh MESON BUILD_ROOT SOURCE_ROOT   (TAP)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
meson=$1
build=$2
top=$3
for tool in desktop-file-validate:desktop-file-utils appstreamcli:appstream \
            glib-compile-schemas:libglib2.0-bin xmllint:libxml2-utils; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
        echo "Bail out! ${tool%%:*} is missing: install the package ${tool#*:}"
        exit 1
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-install-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
    shift
    for d in "$@"; do printf '%s\n' "$d" | sed 's/^/# /'; done
}
check() { # check DESCRIPTION COMMAND...: ok when COMMAND succeeds, its output shown if not
    local desc=$1 out
    shift
    if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "$out"; fi
}

programs="vireo vireo-viewer vireo-install vireo-xml vireo-clone"
langs=$(sed -e 's/#.*//' "$top/po/LINGUAS" | tr -s ' \n' '  ')
help_langs=$(sed -e 's/#.*//' "$top/help/LINGUAS" 2>/dev/null | tr -s ' \n' '  ')
echo "1..$((3 + 5 * 4 + 12 + $(wc -w <<<"$langs") + $(wc -w <<<"$help_langs")))"

if out=$("$meson" install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet 2>&1); then
    ok "meson install --destdir"
else
    not_ok "meson install --destdir" "$out"
    exit 1
fi
# The prefix, wherever the build put it (/usr/local by default).
vireo=$(find "$tmp/root" -path '*/bin/vireo' -type f | head -n 1)
prefix=${vireo%/bin/vireo}
share=$prefix/share
if [ -n "$vireo" ]; then ok "the prefix is ${prefix#"$tmp/root"}"; else not_ok "bin/vireo is installed"; exit 1; fi
libexec=$(find "$prefix" -path '*/vireo/vireo-viewer-libvirt' -type f | head -n 1)
module=$(find "$prefix" -name libvireo-console.so -type f | head -n 1)
if [ -n "$libexec" ] && [ -n "$module" ]; then
    ok "vireo-viewer-libvirt and the console module are installed"
else
    not_ok "vireo-viewer-libvirt and the console module are installed" \
        "vireo-viewer-libvirt: '$libexec', libvireo-console.so: '$module'"
fi

for prog in $programs; do
    if [ -x "$prefix/bin/$prog" ]; then ok "bin/$prog"; else not_ok "bin/$prog"; fi
    man="$share/man/man1/$prog.1"
    if [ ! -f "$man" ]; then
        not_ok "man1/$prog.1 is installed"
        not_ok "man1/$prog.1 names every option of $prog --help" "no man page"
    else
        check "man1/$prog.1 is installed and man reads it without a warning" \
            sh -c "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l '$man' 2>&1 >/dev/null |
                   { ! grep .; }"
        # Every long option of --help, in the page's text without its roff escapes.
        opts=$(LC_ALL=C "$build/src/$prog" --help 2>/dev/null </dev/null |
               grep -oE '(^|[ ,(])--[a-z0-9][a-z0-9-]*' | sed 's/^[ ,(]*//' | sort -u)
        text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man")
        missing=
        for o in $opts; do
            grep -qE -- "${o}([^a-z0-9-]|$)" <<<"$text" || missing="$missing $o"
        done
        if [ -n "$opts" ] && [ -z "$missing" ]; then
            ok "man1/$prog.1 names every option of $prog --help ($(wc -w <<<"$opts") options)"
        else
            not_ok "man1/$prog.1 names every option of $prog --help" "missing:$missing"
        fi
    fi
    completion="$share/bash-completion/completions/$prog"
    if [ -f "$completion" ] && bash -n "$completion" &&
       grep -qE "complete -F [_a-z]+ .*\\b$prog\\b" "$completion"; then
        ok "bash completion for $prog"
    else
        not_ok "bash completion for $prog" "missing or not a completion of $prog: $completion"
    fi
done

for desktop in org.vireo.Vireo.desktop org.vireo.Viewer.desktop; do
    check "$desktop is installed and valid" desktop-file-validate "$share/applications/$desktop"
done
metainfo="$share/metainfo/org.vireo.Vireo.metainfo.xml"
check "the metainfo is installed and valid (appstreamcli validate --no-net)" \
    appstreamcli validate --no-net --explain "$metainfo"
shots=$(xmllint --xpath 'count(//screenshots/screenshot/image)' "$metainfo" 2>/dev/null)
releases=$(xmllint --xpath 'count(//releases/release[@version and @date])' "$metainfo" 2>/dev/null)
if [ "${shots:-0}" -ge 1 ] && [ "${releases:-0}" -ge 1 ]; then
    ok "the metainfo has screenshots ($shots) and releases ($releases)"
else
    not_ok "the metainfo has screenshots and releases" "screenshots: $shots, releases: $releases"
fi
check "the schema is installed and glib-compile-schemas --strict accepts it" \
    glib-compile-schemas --strict --dry-run "$share/glib-2.0/schemas"
check "the schema names its gettext domain" \
    grep -q 'gettext-domain="vireo"' "$share/glib-2.0/schemas/org.vireo.Vireo.gschema.xml"
check "the MIME XML is installed and well-formed" \
    xmllint --noout "$share/mime/packages/vireo-mime.xml"
check "the application icon is installed" \
    test -f "$share/icons/hicolor/scalable/apps/org.vireo.Vireo.svg"
check "the symbolic icon is installed" \
    test -f "$share/icons/hicolor/symbolic/apps/org.vireo.Vireo-symbolic.svg"
check "the help's index page is installed" test -f "$share/help/C/vireo/index.page"
pages=$(ls "$top/help/C/"*.page | wc -l)
installed=$(ls "$share/help/C/vireo/"*.page 2>/dev/null | wc -l)
if [ "$pages" -eq "$installed" ]; then
    ok "every help page is installed ($installed)"
else
    not_ok "every help page is installed" "help/C has $pages, installed $installed"
fi
html=$(ls "$share/vireo/help-html/C/"*.html 2>/dev/null | wc -l)
if [ "$html" -eq "$pages" ]; then
    ok "the HTML help, for F1 without yelp, is installed ($html pages)"
else
    not_ok "the HTML help, for F1 without yelp, is installed" "help/C has $pages, HTML $html"
fi
for lang in $langs; do
    check "the $lang catalogue is installed" test -f "$share/locale/$lang/LC_MESSAGES/vireo.mo"
done
for lang in $help_langs; do
    check "the $lang help is installed" test -f "$share/help/$lang/vireo/index.page"
done
[ "$failed" -eq 0 ]
