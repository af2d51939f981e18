#!/bin/sh
# test-check-layers.sh CHECK: check-layers.sh (CHECK) passes a tree that
# keeps the layers and fails each kind of breach, on small trees made here.
check=$1
top=$(mktemp -d "${TMPDIR:-/tmp}/vireo-layers-XXXXXX") || exit 1
trap 'rm -rf "$top"' EXIT
n=0
failed=0

# tree: a clean src/ under a new directory, printed.
tree () {
    n=$((n + 1))
    dir="$top/$n/src"
    mkdir -p "$dir/vmm/core" "$dir/vmm/domain" "$dir/cli" "$dir/console/display" \
             "$dir/console/source" "$dir/ui/manager"
    printf '#include <libvirt/libvirt.h>\n' > "$dir/vmm/core/vireo-libvirt-private.h"
    printf '#include <glib.h>\n' > "$dir/vmm/domain/vireo-domain.h"
    printf '#include "vireo-libvirt-private.h"\n#include <libvirt/virterror.h>\n' \
        > "$dir/vmm/domain/vireo-domain.c"
    printf '#include "vireo-domain.h"\n' > "$dir/cli/vireo-install-cli.c"
    printf '#include <glib.h>\n' > "$dir/cli/vireo-install-cli.h"
    printf '#include <gtk/gtk.h>\n#include "vireo-domain.h"\n' \
        > "$dir/console/display/vireo-display.c"
    printf '#include <gtk/gtk.h>\n' > "$dir/console/display/vireo-display.h"
    printf '#include "vireo-display.h"\n#include "vireo-domain.h"\n' \
        > "$dir/ui/manager/vireo-manager-window.c"
    printf '#include <gtk/gtk.h>\n' > "$dir/ui/manager/vireo-manager-window.h"
    echo "$dir"
}

# expect STATUS WHAT DIR
expect () {
    out=$(sh "$check" "$3" 2>&1)
    rc=$?
    if [ "$rc" -eq "$1" ]; then
        echo "ok: $2"
    else
        echo "FAILED: $2 (status $rc, wanted $1):"
        echo "$out"
        failed=1
    fi
}

d=$(tree); expect 0 "a tree that keeps the layers" "$d"

d=$(tree); printf '#include <gtk/gtk.h>\n' >> "$d/vmm/domain/vireo-domain.c"
expect 1 "the core includes GTK" "$d"

d=$(tree); printf '#include "vireo-display.h"\n' >> "$d/vmm/domain/vireo-domain.c"
expect 1 "the core includes a console header" "$d"

d=$(tree); printf '#include "vireo-install-cli.h"\n' >> "$d/vmm/domain/vireo-domain.h"
expect 1 "the core includes a cli header" "$d"

d=$(tree); printf '#include "vireo-manager-window.h"\n' >> "$d/console/display/vireo-display.c"
expect 1 "the console includes a ui header" "$d"

d=$(tree); printf '#include <vte/vte.h>\n' >> "$d/cli/vireo-install-cli.c"
expect 1 "the cli includes a GTK-side header" "$d"

d=$(tree); printf '#include "vireo-display.h"\n' >> "$d/cli/vireo-install-cli.c"
expect 1 "the cli includes a console header" "$d"

d=$(tree); printf '#include <libvirt/libvirt.h>\n' >> "$d/ui/manager/vireo-manager-window.c"
expect 1 "the ui includes libvirt" "$d"

d=$(tree); printf '#include "vireo-libvirt-private.h"\n' >> "$d/cli/vireo-install-cli.c"
expect 1 "the cli includes a core header that includes libvirt" "$d"

d=$(tree); printf '#include <libvirt/libvirt.h>\n' >> "$d/console/display/vireo-display.c"
expect 1 "the console's display includes libvirt" "$d"

d=$(tree)
printf '#include <libvirt/libvirt.h>\n' > "$d/console/source/vireo-console-source-domain.c"
expect 0 "the domain console source includes libvirt" "$d"

d=$(tree)
printf '#include <libvirt/libvirt.h>\n' > "$d/console/source/vireo-console-source-file.c"
expect 1 "another console source includes libvirt" "$d"

exit "$failed"
