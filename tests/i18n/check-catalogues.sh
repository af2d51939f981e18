#!/bin/sh
# check-catalogues.sh: every catalogue of po/LINGUAS translates every message of the
# sources, and every help catalogue of help/LINGUAS every message of the Mallard pages,
# with no fuzzy or empty entry, and msgfmt --check accepts it.
#
# Each catalogue is checked as it is and merged (msgmerge) with a template made afresh
# (po/POTFILES.in with the keywords of meson's glib preset; help/C/*.page with itstool,
# as gnome.yelp does), so that a message added to the sources or to a page and not yet
# merged into the catalogue counts as untranslated too. Each help catalogue is then
# merged into the pages (itstool -m, as the build does) and yelp-check validates them,
# so that a translation which breaks the Mallard markup fails.
#
# Usage: check-catalogues.sh SOURCE_ROOT
#   (TAP: two lines per UI catalogue, three per help catalogue)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
top=$1
for tool in xgettext msgmerge msgfmt itstool yelp-check; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        pkg=gettext
        [ "$tool" = itstool ] && pkg=itstool
        [ "$tool" = yelp-check ] && pkg=yelp-tools
        echo "Bail out! $tool is missing: install the package $pkg"
        exit 1
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-po-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

langs=$(sed -e 's/#.*//' "$top/po/LINGUAS" | tr -s ' \n' '  ')
help_langs=$(sed -e 's/#.*//' "$top/help/LINGUAS" | tr -s ' \n' '  ')
set -- $help_langs
n_help=$#
set -- $langs
echo "1..$(($# * 2 + 1 + 1 + n_help * 3))"
n=1
if (cd "$top/po" && xgettext --from-code=UTF-8 --add-comments --package-name=vireo \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
        --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
        --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
        --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
        --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
        --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
        --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
        -D "$top" -f POTFILES.in -o "$tmp/vireo.pot") 2>"$tmp/xgettext.err"; then
    echo "ok 1 - xgettext makes the template from POTFILES.in" \
        "($(grep -c '^msgid ' "$tmp/vireo.pot") messages)"
else
    echo "not ok 1 - xgettext makes the template from POTFILES.in"
    sed 's/^/# /' "$tmp/xgettext.err"
    exit 1
fi

failed=0
report() { # report DESCRIPTION STATISTICS-FILE STATUS
    n=$((n + 1))
    stats=$(cat "$2")
    case "$stats" in
    *fuzzy*|*untranslated*) status=1 ;;
    *) status=$3 ;;
    esac
    if [ "$status" -eq 0 ]; then
        echo "ok $n - $1: $(echo "$stats" | tail -n 1)"
    else
        failed=$((failed + 1))
        echo "not ok $n - $1"
        sed 's/^/# /' "$2"
    fi
}

for lang in "$@"; do
    po="$top/po/$lang.po"
    if [ ! -f "$po" ]; then
        echo "# po/$lang.po is missing" > "$tmp/$lang.stats"
        report "po/$lang.po as it is" "$tmp/$lang.stats" 1
        report "po/$lang.po merged with the sources' template" "$tmp/$lang.stats" 1
        continue
    fi
    LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" >"$tmp/$lang.stats" 2>&1
    report "po/$lang.po as it is (msgfmt --check --statistics)" "$tmp/$lang.stats" $?
    if msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "$po" "$tmp/vireo.pot" \
            >"$tmp/$lang.merge" 2>&1; then
        LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" \
            >"$tmp/$lang.stats2" 2>&1
        status=$?
    else
        cp "$tmp/$lang.merge" "$tmp/$lang.stats2"
        status=1
    fi
    report "po/$lang.po merged with the sources' template" "$tmp/$lang.stats2" $status
done

# The help: a template from the Mallard pages, then each help/LANG/LANG.po.
n=$((n + 1))
if (cd "$top" && itstool -o "$tmp/help.pot" help/C/*.page) 2>"$tmp/itstool.err"; then
    echo "ok $n - itstool makes the help template from help/C/*.page" \
        "($(grep -c '^msgid ' "$tmp/help.pot") messages)"
else
    echo "not ok $n - itstool makes the help template from help/C/*.page"
    sed 's/^/# /' "$tmp/itstool.err"
    exit 1
fi
for lang in $help_langs; do
    po="$top/help/$lang/$lang.po"
    if [ ! -f "$po" ]; then
        echo "# help/$lang/$lang.po is missing" > "$tmp/help-$lang.stats"
        report "help/$lang/$lang.po as it is" "$tmp/help-$lang.stats" 1
        report "help/$lang/$lang.po merged with the pages' template" "$tmp/help-$lang.stats" 1
        report "help/$lang pages are valid Mallard" "$tmp/help-$lang.stats" 1
        continue
    fi
    LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" >"$tmp/help-$lang.stats" 2>&1
    report "help/$lang/$lang.po as it is (msgfmt --check --statistics)" \
        "$tmp/help-$lang.stats" $?
    if msgmerge --quiet --no-fuzzy-matching -o "$tmp/help-$lang.po" "$po" "$tmp/help.pot" \
            >"$tmp/help-$lang.merge" 2>&1; then
        LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/help-$lang.po" \
            >"$tmp/help-$lang.stats2" 2>&1
        status=$?
    else
        cp "$tmp/help-$lang.merge" "$tmp/help-$lang.stats2"
        status=1
    fi
    report "help/$lang/$lang.po merged with the pages' template" "$tmp/help-$lang.stats2" $status
    mkdir -p "$tmp/help-$lang"
    if msgfmt -o "$tmp/help-$lang.mo" "$po" >"$tmp/help-$lang.valid" 2>&1 &&
            (cd "$top/help/C" && itstool -m "$tmp/help-$lang.mo" -o "$tmp/help-$lang/" \
                 ./*.page) >>"$tmp/help-$lang.valid" 2>&1 &&
            yelp-check validate "$tmp/help-$lang"/*.page >>"$tmp/help-$lang.valid" 2>&1 &&
            ! [ -s "$tmp/help-$lang.valid" ]; then
        echo "$(ls "$tmp/help-$lang" | wc -l) pages" >"$tmp/help-$lang.valid"
        status=0
    else
        status=1
    fi
    report "help/$lang pages are valid Mallard (itstool -m, yelp-check validate)" \
        "$tmp/help-$lang.valid" $status
done
[ "$failed" -eq 0 ]
