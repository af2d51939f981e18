#!/usr/bin/env python3
# test-clone-compare.py: vireo-clone --print-xml against virt-clone's, command
# line by command line, on libvirt's test driver with the VMs and storage
# pools of a node file.
#
# Both outputs are compared as XML trees: an element's tag, attributes and
# text, and its children kind by kind (the disks in their order, the
# interfaces in theirs, ...).  What both make at random (a UUID, MAC
# addresses) is left out unless the command line gives it.
#
# Lines of the command-line file:
#   ARGS                     both print the same XML (--print-xml is added)
#   !error ARGS :: W1|W2     both fail; vireo-clone's message says each word
#   !run ARGS :: W1|W2       both succeed without --print-xml (each tool loads
#                            its own copy of the node file, so nothing lasts);
#                            vireo-clone's output says each word
# @MEDIA@ is a folder with real files: local.qcow2 (the image of the VM
# "local"), existing.qcow2, and orig.xml (a VM's definition for
# --original-xml).
# The harness is tests/cli/comparetest.py, shared with test-xml-compare.py.
#
# Usage: test-clone-compare.py VIREO_CLONE CMDLINES NODE_XML
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import comparetest  # noqa: E402

ORIG_XML = """<domain type='test'>
  <name>fromxml</name>
  <uuid>44444444-0000-0000-0000-000000000001</uuid>
  <title>From a file</title>
  <memory unit='KiB'>524288</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='@MEDIA@/local.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:44:44:44'/>
      <source network='default'/>
    </interface>
  </devices>
</domain>
"""


def make_media(directory):
    for name in ("local.qcow2", "existing.qcow2"):
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2",
                        os.path.join(directory, name), "1G"], check=True)
    with open(os.path.join(directory, "orig.xml"), "w") as f:
        f.write(ORIG_XML.replace("@MEDIA@", directory))


if __name__ == "__main__":
    sys.exit(comparetest.Comparison("vireo-clone", None, "virt-clone", random_uuid=True)
             .main(sys.argv, make_media))
