#!/bin/sh
# check-layers.sh SRC: fails when a layer of SRC (the tree's src/) includes
# what it must not.  Dependencies go ui -> console -> vmm and cli -> vmm:
#   - src/vmm includes no GTK-side header and no header of src/cli,
#     src/console or src/ui (vireo-install links the core alone);
#   - src/console includes no header of src/ui;
#   - src/cli includes no GTK-side header and no header of src/console or
#     src/ui;
#   - libvirt is included only in src/vmm (and in a console source for
#     domains: a file under src/console/source/ whose name has "domain"),
#     directly or through a core header that includes it.
src=$1
status=0

# The basenames of the headers under $1, as an alternation for grep -E.
headers_of () {
    find "$1" -name '*.h' 2>/dev/null | sed 's|.*/||; s|\.|\\.|g' | sort -u | paste -sd'|' -
}

# fail MESSAGE FINDINGS: reports FINDINGS (grep -n lines) under MESSAGE.
fail () {
    if [ -n "$2" ]; then
        echo "$1"
        echo "$2"
        status=1
    fi
}

# includes_of DIR ALTERNATION: the lines of DIR's files that include one of
# the headers named.
includes_of () {
    [ -n "$2" ] || return 0
    grep -rnE "#include \"($2)\"" "$1" --include='*.c' --include='*.h' 2>/dev/null
}

gtk='#include <(gtk|gdk|spice-client-gtk|gtk-vnc|vte)'
cli_h=$(headers_of "$src/cli")
console_h=$(headers_of "$src/console")
ui_h=$(headers_of "$src/ui")

fail "src/vmm must not include GTK headers:" \
     "$(grep -rnE "$gtk" "$src/vmm" 2>/dev/null)"
fail "src/vmm must not include headers of src/cli, src/console or src/ui:" \
     "$(includes_of "$src/vmm" "$(printf '%s\n' "$cli_h" "$console_h" "$ui_h" |
                                  grep -v '^$' | paste -sd'|' -)")"
fail "src/console must not include src/ui headers:" \
     "$(includes_of "$src/console" "$ui_h")"
fail "src/cli must not include GTK headers:" \
     "$(grep -rnE "$gtk" "$src/cli" 2>/dev/null)"
fail "src/cli must not include headers of src/console or src/ui:" \
     "$(includes_of "$src/cli" "$(printf '%s\n' "$console_h" "$ui_h" | grep -v '^$' |
                                  paste -sd'|' -)")"

# libvirt: the core's headers that include it count as including it.
vmm_libvirt_h=$(grep -rlE '#include <libvirt/' "$src/vmm" --include='*.h' 2>/dev/null |
                sed 's|.*/||; s|\.|\\.|g' | sort -u | paste -sd'|' -)
outside=$(find "$src" -name '*.[ch]' ! -path "$src/vmm/*" |
          grep -vE "^$src/console/source/[^/]*domain[^/]*$")
bad=""
for f in $outside; do
    hit=$(grep -nE '#include <libvirt/' "$f")
    if [ -n "$vmm_libvirt_h" ]; then
        hit="$hit$(grep -nE "#include \"($vmm_libvirt_h)\"" "$f")"
    fi
    [ -n "$hit" ] && bad="$bad$(printf '%s\n' "$hit" | sed "s|^|$f:|")
"
done
fail "libvirt is included only in src/vmm (directly or through a core header that includes it):" \
     "$(printf '%s' "$bad" | grep -v '^$')"

[ "$status" -eq 0 ] && echo "layers ok"
exit "$status"
