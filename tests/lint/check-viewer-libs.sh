#!/bin/sh
# check-viewer-libs.sh VIREO_VIEWER VIREO_VIEWER_LIBVIRT: vireo-viewer opens
# .vv files and addresses without loading libvirt (its libraries cost 2.5 MiB
# resident, more than all of remote-viewer's margin); vireo-viewer-libvirt,
# which it runs for --connect, does load it.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
viewer=$1
full=$2
needed() { LC_ALL=C readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

status=0
for lib in libvirt.so.0 libosinfo-1.0.so.0; do
    if needed "$viewer" | grep -qx "$lib"; then
        echo "FAIL: $viewer needs $lib"
        status=1
    fi
done
if ! needed "$full" | grep -qx libvirt.so.0; then
    echo "FAIL: $full does not need libvirt.so.0"
    status=1
fi
# Nor through another library: the whole closure the loader maps.
if ldd "$viewer" | grep -q 'libvirt\.so'; then
    echo "FAIL: $viewer loads libvirt through a dependency"
    status=1
fi
[ $status -eq 0 ] && echo "ok: $viewer loads no libvirt; $full does"
exit $status
