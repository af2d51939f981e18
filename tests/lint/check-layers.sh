#!/bin/sh
# Fails when src/vmm includes a GTK-side header or src/console includes src/ui.
src=$1
bad=$(grep -rnE '#include <(gtk|gdk|spice-client-gtk|gtk-vnc|vte)' "$src/vmm" 2>/dev/null)
if [ -n "$bad" ]; then
    echo "src/vmm must not include GTK headers:"; echo "$bad"; exit 1
fi
bad=$(grep -rnE '#include "vireo-(application|manager-window|preferences)' "$src/console" 2>/dev/null)
if [ -n "$bad" ]; then
    echo "src/console must not include src/ui headers:"; echo "$bad"; exit 1
fi
echo "layers ok"
