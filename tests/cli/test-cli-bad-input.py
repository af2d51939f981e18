#!/usr/bin/python3
# test-cli-bad-input.py: the bad-input tables of vireo-xml and vireo-clone
#
# Each row is a command line, the exit status and the exact sentence the
# program prints on stderr (one line, nothing else).  After each row nothing
# has changed: the same VMs with the same definitions, the same files in
# ROOT/images and in the work folder.  Runs on a fresh embedded root with a
# shut-off VM "taken" (a qcow2 disk in ROOT/images) and a second VM "other"
# (no disk).  @ROOT@ and @WORK@ in a row stand for the two folders; a sentence
# ending in "…" is checked up to there.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import installtest as it  # noqa: E402

VM_XML = '''<domain type='qemu'>
  <name>%s</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>%s</devices>
</domain>'''

DISK = '''
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='%s'/>
      <target dev='vda' bus='virtio'/>
    </disk>
'''

NOT_UTF8 = os.fsdecode(b'x\xff')

# name, program, args, status, the sentence
ROWS = [
    # vireo-xml
    ('xml: no VM, no XML', 'vireo-xml', ['--edit', '--memory', '256'], 2,
     'vireo-xml: Standard input is empty: name a VM, or give its XML on standard input.'),
    ('xml: no such VM', 'vireo-xml', ['nosuch', '--edit', '--memory', '256'], 1,
     'vireo-xml: There is no VM “nosuch” on “qemu:///embed?root=@ROOT@”.'),
    ('xml: unknown option', 'vireo-xml', ['taken', '--bogus'], 2,
     'vireo-xml: Unknown option “--bogus”. Valid options: --connect, --edit, --add-device, '
     '--remove-device, --build-xml, --update, --define, --no-define, --start, --print-diff, '
     '--print-xml, --confirm, --osinfo, --disk, --network, --graphics, --metadata, --memory, '
     '--vcpus, --cpu, --xml, --numatune, --memtune, --blkiotune, --memorybacking, --features, '
     '--clock, --pm, --events, --boot, --controller, --input, --serial, --parallel, '
     '--channel, --console, --hostdev, --filesystem, --sound, --watchdog, --video, '
     '--smartcard, --redirdev, --memballoon, --tpm, --rng, --panic, --vsock, --quiet, '
     '--debug, --help, --version.'),
    ('xml: no action', 'vireo-xml', ['taken', '--memory', '256'], 2,
     'vireo-xml: Say what to do: --edit, --add-device, --remove-device or --build-xml.'),
    ('xml: two actions', 'vireo-xml', ['taken', '--edit', '--remove-device', '--disk', '1'], 2,
     'vireo-xml: Only one action at a time: --edit and --remove-device cannot be used '
     'together.'),
    ('xml: no change', 'vireo-xml', ['taken', '--edit'], 2,
     'vireo-xml: No change given: name what to change, such as --disk or --memory.'),
    ('xml: two kinds of change', 'vireo-xml', ['taken', '--edit', '--memory', '256',
                                               '--vcpus', '2'], 2,
     'vireo-xml: Only one kind of change at a time: --memory and --vcpus were both given.'),
    ('xml: device 0', 'vireo-xml', ['taken', '--edit', '0', '--disk', 'cache=none'], 1,
     'vireo-xml: “--edit 0” names no device: devices are counted from 1, or from -1 for the '
     'last.'),
    ('xml: no such device', 'vireo-xml', ['taken', '--edit', '5', '--disk', 'cache=none'], 1,
     'vireo-xml: “--edit 5” asks for more --disk devices than the VM has: it has only 1.'),
    # The list of valid sub-options that follows is long: the sentence's start is checked.
    ('xml: unknown sub-option', 'vireo-xml', ['taken', '--edit', '--disk', 'bogus=1'], 1,
     'vireo-xml: Unknown --disk option “bogus”. Valid --disk options: address.base, …'),
    ('xml: --memory 0', 'vireo-xml', ['taken', '--edit', '--memory', '0'], 1,
     'vireo-xml: Value “0” of “currentMemory” is not an amount of memory: give a number of '
     'MiB greater than 0.'),
    ('xml: --memory not a number', 'vireo-xml', ['taken', '--edit', '--memory', 'lots'], 1,
     'vireo-xml: Value “lots” of “currentMemory” is not an amount of memory: give a number of '
     'MiB greater than 0.'),
    ('xml: --vcpus 0', 'vireo-xml', ['taken', '--edit', '--vcpus', '0'], 1,
     'vireo-xml: Value “0” of “vcpu” is not a number of vCPUs: give a whole number of 1 or '
     'more.'),
    ('xml: nothing to remove', 'vireo-xml', ['taken', '--remove-device', '--disk',
                                             'target=vdz'], 1,
     'vireo-xml: No --disk device matches “target.dev=vdz”.'),
    ('xml: name in use', 'vireo-xml', ['taken', '--edit', '--metadata', 'name=other'], 1,
     "vireo-xml: Could not rename “taken” to “other”: Requested operation is not valid: "
     "domain with name 'other' already exists"),
    ('xml: name not UTF-8', 'vireo-xml', ['taken', '--edit', '--metadata',
                                          'name=' + NOT_UTF8], 2,
     'vireo-xml: The value of --metadata is not valid UTF-8 text.'),
    ('xml: new disk size=nan', 'vireo-xml', ['taken', '--add-device', '--disk',
                                             '@WORK@/n.qcow2,size=nan'], 1,
     'vireo-xml: --disk size=nan is not a size in GiB: give a number such as 10 or 1.5.'),
    ('xml: --define and --no-define', 'vireo-xml', ['taken', '--edit', '--memory', '256',
                                                    '--define', '--no-define'], 2,
     'vireo-xml: --define and --no-define cannot be used together.'),
    ('xml: bad XPath', 'vireo-xml', ['taken', '--edit', '--xml', './[=1'], 1,
     'vireo-xml: “./[” is not a valid XPath.'),
    ('xml: two VMs', 'vireo-xml', ['taken', 'other', '--edit', '--memory', '256'], 2,
     'vireo-xml: Unexpected argument “other”: name one VM only (“taken” was given first).'),
    # vireo-clone
    ('clone: no original', 'vireo-clone', ['--auto-clone'], 2,
     'vireo-clone: An original machine name is required: name the VM to clone with '
     '--original NAME (or give its XML with --original-xml FILE).'),
    ('clone: no such original', 'vireo-clone', ['--original', 'nosuch', '--auto-clone'], 1,
     'vireo-clone: The domain “nosuch” was not found on “qemu:///embed?root=@ROOT@”.'),
    ('clone: unknown option', 'vireo-clone', ['--original', 'taken', '--bogus'], 2,
     'vireo-clone: Unknown option “--bogus”. Valid options: --connect, --original, '
     '--original-xml, --auto-clone, --name, --uuid, --reflink, --linked, --file, '
     '--force-copy, --skip-copy, --nonsparse, --preserve-data, --nvram, --mac, --replace, '
     '--print-xml, --check, --force, --prompt, --quiet, --debug, --help, --version.'),
    ('clone: name in use', 'vireo-clone', ['--original', 'taken', '--name', 'other',
                                           '--auto-clone'], 1,
     'vireo-clone: Invalid name for new guest: the name “other” is already in use.'),
    ('clone: empty name', 'vireo-clone', ['--original', 'taken', '--name', '',
                                          '--auto-clone'], 1,
     'vireo-clone: The clone needs a name.'),
    ('clone: name not UTF-8', 'vireo-clone', ['--original', 'taken', '--name', NOT_UTF8,
                                              '--auto-clone'], 2,
     'vireo-clone: The value of --name is not valid UTF-8 text.'),
    ('clone: name with a slash', 'vireo-clone', ['--original', 'taken', '--name', 'a/b',
                                                 '--auto-clone'], 1,
     'vireo-clone: The clone\'s name “a/b” cannot hold “/”.'),
    ('clone: no file, no --auto-clone', 'vireo-clone', ['--original', 'taken', '--name',
                                                        'c1'], 2,
     'vireo-clone: Either --auto-clone or --file is required: say where the copies of the '
     'disks go, or let them be named after the clone.'),
    ('clone: --file exists', 'vireo-clone', ['--original', 'taken', '--name', 'c2', '--file',
                                             '@WORK@/existing.qcow2'], 1,
     'vireo-clone: This would write over the existing path “@WORK@/existing.qcow2”. (Use '
     '--check path_exists=off or --check all=off to override.)'),
    ('clone: --file in no folder', 'vireo-clone', ['--original', 'taken', '--name', 'c3',
                                                   '--file', '/nonexistent/dir/c3.qcow2'], 1,
     'vireo-clone: The copy /nonexistent/dir/c3.qcow2 could not be made: No such file or '
     'directory.'),
    ('clone: --original-xml missing', 'vireo-clone', ['--original-xml', '@WORK@/none.xml',
                                                      '--auto-clone'], 1,
     'vireo-clone: The XML file @WORK@/none.xml could not be read: Failed to open file '
     '“@WORK@/none.xml”: No such file or directory'),
    ('clone: bad MAC', 'vireo-clone', ['--original', 'taken', '--auto-clone', '--mac',
                                       '52:54:00:zz:00:01'], 1,
     'vireo-clone: “52:54:00:zz:00:01” is not a MAC address (six pairs of hex digits with '
     'colons, such as 52:54:00:12:34:56).'),
]


def program(name):
    return os.path.join(it.build_root(), 'src', name)


def state(root, work):
    doms = it.probe(root, 'list')
    defs = {name: d['inactive'] for name, d in doms.items()}
    files = sorted(os.listdir(work))
    return defs, it.images(root), files


def subst(text, root, work):
    return text.replace('@ROOT@', root).replace('@WORK@', work)


def check_row(root, work, before, prog, args, status, sentence):
    args = [subst(a, root, work) for a in args]
    p = subprocess.run([program(prog), '--connect', it.uri(root)] + args,
                       capture_output=True, text=True, timeout=300,
                       stdin=subprocess.DEVNULL, errors='replace',
                       env={**os.environ, 'DBUS_SESSION_BUS_ADDRESS': 'disabled:'})
    lines = [line for line in p.stderr.strip().splitlines() if line]
    print('# %s -> %d %r' % (' '.join(args), p.returncode, p.stderr.strip()), flush=True)
    it.check(p.returncode == status, 'exit status %d, wanted %d; stderr: %s'
             % (p.returncode, status, p.stderr))
    it.check(len(lines) == 1, 'not one sentence on stderr: %r' % p.stderr)
    want = subst(sentence, root, work)
    if want.endswith('…'):
        it.check(lines[0].startswith(want[:-1]), 'said %r, not %r' % (lines[0], want))
    else:
        it.check(lines[0] == want, 'said %r, not %r' % (lines[0], want))
    after = state(root, work)
    changed = sorted(set(name for name in set(after[0]) | set(before[0])
                         if after[0].get(name) != before[0].get(name)))
    it.check(after == before, 'something changed: VMs %s; images %s, not %s; work %s, not %s'
             % (changed, after[1], before[1], after[2], before[2]))


def main():
    tap = it.Tap()
    root = it.make_root()
    work = tempfile.mkdtemp(prefix='vireo-bad-input-')
    try:
        os.makedirs(os.path.join(root, 'images'))
        taken = os.path.join(root, 'images', 'taken.qcow2')
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', taken, '64M'], check=True)
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2',
                        os.path.join(work, 'existing.qcow2'), '64M'], check=True)
        it.probe(root, 'define', VM_XML % ('taken', DISK % taken))
        it.probe(root, 'define', VM_XML % ('other', ''))
        before = state(root, work)
        for name, prog, args, status, sentence in ROWS:
            tap.run(name, check_row, root, work, before, prog, args, status, sentence)
    finally:
        it.cleanup_root(root)
        subprocess.call(['rm', '-rf', work])
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
