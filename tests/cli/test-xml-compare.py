#!/usr/bin/env python3
# test-xml-compare.py: vireo-xml --print-xml against virt-xml's, command line
# by command line, on libvirt's test driver with the domains of a node file.
#
# Both outputs are compared as XML trees: an element's tag, attributes and
# text, and its children kind by kind (the disks in their order, the
# interfaces in theirs, ...; the order between kinds is left to libvirt,
# which writes its own).  MAC addresses neither tool was given (new
# interfaces get random ones) are left out.
#
# Lines of the command-line file:
#   ARGS                     both print the same XML (--print-xml is added)
#   !error ARGS :: W1|W2     both fail; vireo-xml's message says each word
#   !run ARGS :: W1|W2       both succeed without --print-xml (each tool loads
#                            its own copy of the node file, so nothing lasts);
#                            vireo-xml's output says each word
# @MEDIA@ is a directory with existing images (disk.qcow2, disk.raw, boot.iso).
# The harness is tests/cli/comparetest.py, shared with test-clone-compare.py.
#
# Usage: test-xml-compare.py VIREO_XML CMDLINES NODE_XML
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import comparetest  # noqa: E402


def make_media(directory):
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2",
                    os.path.join(directory, "disk.qcow2"), "1G"], check=True)
    with open(os.path.join(directory, "disk.raw"), "wb") as f:
        f.truncate(16 * 1024 * 1024)
    with open(os.path.join(directory, "boot.iso"), "wb") as f:
        f.truncate(4 * 1024 * 1024)


if __name__ == "__main__":
    sys.exit(comparetest.Comparison("vireo-xml", None, "virt-xml").main(sys.argv, make_media))
