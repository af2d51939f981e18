#!/bin/sh
# build-html.sh YELP-BUILD OUTDIR PAGE...: the HTML build of the help pages in OUTDIR
# (made afresh), for F1 where yelp is not installed.
# SPDX-License-Identifier: GPL-2.0-or-later
set -e
yelp_build=$1
out=$2
shift 2
rm -rf "$out"
mkdir -p "$out"
"$yelp_build" html -o "$out/" "$@"
