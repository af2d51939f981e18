#!/bin/bash
# test-completion.sh: the bash completion of data/completion/vireo.bash, sourced in bash
# with the programs of the build on PATH, offers their options, the sub-options of a
# compound option from the core's table ("vireo-install --disk=?"), and the domains of
# the --connect URI (libvirt's test driver, whose one domain is "test").
#
# Usage: test-completion.sh COMPLETION-SCRIPT BUILD-SRC-DIR   (TAP)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
script=$1
bindir=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-completion-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
for prog in vireo vireo-viewer vireo-install vireo-xml vireo-clone; do
    if [ ! -x "$bindir/$prog" ]; then
        echo "Bail out! $bindir/$prog is not built"
        exit 1
    fi
    ln -s "$bindir/$prog" "$tmp/bin/$prog"
done
export PATH="$tmp/bin:$PATH"
export HOME="$tmp"
unset LIBVIRT_DEFAULT_URI

# shellcheck source=/dev/null
source "$script"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
    shift
    for d in "$@"; do printf '%s\n' "$d" | sed 's/^/# /'; done
}
# complete WORD...: what the completion offers for the last word, sorted, one a line.
# The words are split as bash splits them (COMP_WORDBREAKS has '=').
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _vireo_complete
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | LC_ALL=C sort
}
expect() { # expect DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "got: $3"; fi
}
contains() { # contains DESCRIPTION OFFERED WORD...: every WORD is offered
    local desc=$1 offered=$2 missing=
    shift 2
    for w in "$@"; do
        grep -qxF -- "$w" <<<"$offered" || missing="$missing $w"
    done
    if [ -z "$missing" ]; then
        ok "$desc ($(wc -l <<<"$offered") offered)"
    else
        not_ok "$desc" "missing:$missing" "offered: $(tr '\n' ' ' <<<"$offered")"
    fi
}

echo "1..12"

expect "vireo-install --di<TAB> offers --disk" "--disk" "$(complete_words vireo-install --di)"

table=$(vireo-install --disk=? | sed -n 's/^  \([^ ]*\).*/\1=/p' | sed 's/\[0-9\]\*/0/g' |
        LC_ALL=C sort)
offered=$(complete_words vireo-install --disk "")
expect "vireo-install --disk <TAB> offers every sub-option of the core's --disk table" \
    "$table" "$offered"
contains "vireo-install --disk <TAB> offers size=, path=, target.bus=, driver.cache=" \
    "$offered" size= path= target.bus= driver.cache=
expect "vireo-install --disk size=8,driver.ca<TAB> completes the last sub-option" \
    "size=8,driver.cache=" "$(complete_words vireo-install --disk size=8,driver.ca)"
expect "vireo-install --disk=si<TAB> (split at '=') offers size=" \
    "size=" "$(complete_words vireo-install --disk = si)"
mkdir -p "$tmp/media"
: > "$tmp/media/debian.iso"
expect "vireo-install --disk path=<TAB> completes a file name" \
    "path=$tmp/media/debian.iso" "$(complete_words vireo-install --disk "path=$tmp/media/deb")"
contains "vireo-install --network <TAB> offers the --network table" \
    "$(complete_words vireo-install --network "")" \
    $(vireo-install --network=? | sed -n 's/^  \([^ ]*\).*/\1=/p' | grep -v '\[' | head -5)
contains "vireo-install --<TAB> offers the options of --help" \
    "$(complete_words vireo-install --)" --name --memory --disk --network --graphics \
    --osinfo --cdrom --location --import --print-xml --dry-run --connect --help
expect "vireo-xml --connect test:///default <TAB> offers the domain test" \
    "test" "$(complete_words vireo-xml --connect test:///default "")"
expect "vireo-clone --connect test:///default --original <TAB> offers the domain test" \
    "test" "$(complete_words vireo-clone --connect test:///default --original "")"
contains "vireo --<TAB> offers its options" "$(complete_words vireo --)" \
    --connect --show-domain-console --show-domain-editor --show-host-summary --version
contains "vireo-viewer --<TAB> offers its options" "$(complete_words vireo-viewer --)" \
    --connect --full-screen --kiosk --kiosk-quit --zoom --hotkeys --version

[ "$failed" -eq 0 ]
