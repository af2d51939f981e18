#!/usr/bin/python3
# test-install-errors.py: bad input to vireo-install exits non-zero with one
# clear sentence and leaves nothing behind (no VM, no disk or boot file)
#
# Runs the binary against a fresh embedded root; a VM "taken" using
# ROOT/images/used.qcow2 is defined first.  The space case mounts a tiny
# tmpfs over the storage directory (root only).
#
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import installtest as it  # noqa: E402

GRUB_ISO = '/usr/lib/grub-rescue/grub-rescue-cdrom.iso'

TAKEN_XML = '''<domain type='qemu'>
  <name>taken</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='%s'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>'''

BASE = ['--memory', '128', '--virt-type', 'qemu', '--graphics', 'none', '--noautoconsole',
        '--wait', '0']


def cases(root, work):
    used = os.path.join(root, 'images', 'used.qcow2')
    spare = os.path.join(root, 'images', 'spare.qcow2')
    notiso = os.path.join(work, 'not-an.iso')
    with open(notiso, 'wb') as f:
        f.write(os.urandom(70000))
    tree = os.path.join(work, 'tree')
    os.makedirs(tree, exist_ok=True)
    with open(os.path.join(tree, 'vmlinuz'), 'wb') as f:
        f.write(b'not a kernel')
    with open(os.path.join(tree, 'initrd.gz'), 'wb') as f:
        f.write(b'not an initrd')
    return [
        # name, args, expected status, words the sentence must hold
        ('unknown option', ['--name', 'e1', '--bogus', '1'] + BASE, 2, ['--bogus']),
        ('unknown sub-option', ['--name', 'e2', '--disk', 'size=1,bogus=2', '--pxe'] + BASE, 2,
         ['bogus', 'size']),
        ('conflicting methods', ['--name', 'e3', '--disk', 'size=1', '--cdrom', GRUB_ISO,
                                 '--pxe'] + BASE, 2, ['--pxe', '--cdrom']),
        ('missing media', ['--name', 'e4', '--disk', 'size=1', '--cdrom', '/nonexistent.iso',
                           '--osinfo', 'generic'] + BASE, 1, ['/nonexistent.iso']),
        ('unreadable media', ['--name', 'e5', '--disk', 'size=1', '--location', notiso,
                              '--osinfo', 'debian11'] + BASE, 1, [notiso]),
        ('missing location', ['--name', 'e5b', '--disk', 'size=1', '--location',
                              '/nonexistent-tree', '--osinfo', 'debian11'] + BASE, 1,
         ['/nonexistent-tree']),
        ('name in use', ['--name', 'taken', '--disk', 'size=1', '--cdrom', GRUB_ISO,
                         '--osinfo', 'generic'] + BASE, 1, ['taken']),
        ('disk path used by another VM', ['--name', 'e6', '--import', '--disk', used,
                                          '--osinfo', 'generic'] + BASE, 1,
         [used, 'taken', 'path_in_use']),
        ('unknown OS', ['--name', 'e7', '--disk', 'size=1', '--cdrom', GRUB_ISO,
                        '--osinfo', 'nosuchos42'] + BASE, 1, ['nosuchos42']),
        ('size= over an existing file', ['--name', 'e8', '--disk', 'path=%s,size=1' % spare,
                                         '--pxe', '--osinfo', 'generic'] + BASE, 1,
         [spare, 'path_exists']),
        # Found by probing: each exact sentence, nothing defined or written.
        ('size=nan', ['--name', 'p1', '--disk', 'size=nan', '--pxe'] + BASE, 2,
         'vireo-install: --disk size=nan is not a size in GiB: give a number such as 10 or '
         '1.5.'),
        ('size=inf', ['--name', 'p2', '--disk', 'size=inf', '--pxe'] + BASE, 2,
         'vireo-install: --disk size=inf is not a size in GiB: give a number such as 10 or '
         '1.5.'),
        ('size=1e20', ['--name', 'p3', '--disk', 'size=1e20', '--pxe'] + BASE, 2,
         'vireo-install: --disk size=1e20 is too large: a disk holds at most 8589934592 GiB.'),
        ('size=0x10', ['--name', 'p4', '--disk', 'size=0x10', '--pxe'] + BASE, 2,
         'vireo-install: --disk size=0x10 is not a size in GiB: give a number such as 10 or '
         '1.5.'),
        ('--memory 0', ['--name', 'p5', '--disk', 'size=1', '--pxe'] + BASE + ['--memory', '0'],
         2, 'vireo-install: --memory 0 is not an amount of memory: give a number of MiB '
            'greater than 0.'),
        ('topology', ['--name', 'p6', '--disk', 'size=1', '--pxe', '--osinfo', 'generic',
                      '--vcpus', '3,sockets=2,cores=2,threads=2'] + BASE, 1,
         'vireo-install: The CPU topology (sockets=2 * dies=1 * cores=2 * threads=2 = 8) does '
         'not match the vCPU count 3.'),
        ('name not UTF-8', ['--name', os.fsdecode(b'p7\xff'), '--disk', 'size=1', '--pxe']
         + BASE, 2, 'vireo-install: The value of --name is not valid UTF-8 text.'),
        # Fails when starting (no such bridge): the VM and its new disk and
        # boot files must go again.
        ('failed start', ['--name', 'e9', '--disk', 'size=1', '--location',
                          tree + ',kernel=vmlinuz,initrd=initrd.gz', '--osinfo', 'generic',
                          '--network', 'bridge=vireo-nosuchbr0'] + BASE, 1, []),
    ]


def check_case(root, before, args, status, words):
    rc, out, err = it.run_install(root, *args)
    lines = [line for line in err.strip().splitlines() if line]
    it.check(rc == status, 'exit status %d, wanted %d; stderr: %s' % (rc, status, err))
    it.check(len(lines) == 1 and lines[0].startswith('vireo-install: '),
             'not one sentence on stderr: %r' % err)
    if isinstance(words, str):
        it.check(lines and lines[0] == words, 'said %r, not %r' % (lines, words))
    else:
        for w in words:
            it.check(w in lines[0], '%r not named in %r' % (w, lines[0]))
    after = it.probe(root, 'list')
    it.check(sorted(after) == ['taken'], 'VMs left behind: %s' % sorted(after))
    it.check(it.images(root) == before, 'files left behind: %s (before: %s)'
             % (it.images(root), before))


def check_ok_with_override(root, used):
    for check in ('path_in_use=off', 'disk_in_use=off'):
        rc, out, err = it.run_install(root, '--name', 'share', '--import', '--disk', used,
                                      '--osinfo', 'generic', '--check', check, '--dry-run',
                                      *BASE)
        it.check(rc == 0, '--check %s still refused: %s' % (check, err))
    rc, out, err = it.run_install(root, '--name', 'share', '--import', '--disk', used,
                                  '--osinfo', 'generic', '--check', 'all=off', '--dry-run',
                                  *BASE)
    it.check(rc == 0, '--check all=off still refused: %s' % err)


def check_path_elsewhere(root, work, before):
    """--disk path=/other/dir/x.qcow2,size=N makes the image at that path, not in
    ROOT/images (it used to land there, and the start then failed)."""
    other = os.path.join(work, 'other', 'dir')
    os.makedirs(other)
    path = os.path.join(other, 'x.qcow2')
    rc, out, err = it.run_install(root, '--name', 'elsewhere', '--disk', 'path=%s,size=1' % path,
                                  '--pxe', '--osinfo', 'generic', *BASE)
    try:
        it.check(rc == 0, 'vireo-install failed (%d): %s %s' % (rc, out, err))
        it.check(os.path.exists(path), 'no image at %s; ROOT/images holds %s'
                 % (path, it.images(root)))
        info = json.loads(subprocess.run(['qemu-img', 'info', '--output=json', '-U', path],
                                         capture_output=True, text=True, check=True).stdout)
        it.check(info['format'] == 'qcow2' and info['virtual-size'] == 1 << 30,
                 'the image is not a 1 GiB qcow2: %s' % info)
        it.check(it.images(root) == before, 'files made in ROOT/images: %s (before: %s)'
                 % (it.images(root), before))
        doms = it.probe(root, 'list')
        it.check("<source file='%s'" % path in doms['elsewhere']['inactive'],
                 'the VM does not use %s: %s' % (path, doms['elsewhere']['inactive']))
    finally:
        if 'elsewhere' in it.probe(root, 'list'):
            it.probe(root, 'undefine', 'elsewhere')
        subprocess.call(['rm', '-rf', os.path.join(work, 'other')])


def check_no_space(root):
    images = os.path.join(root, 'images')
    os.makedirs(images, exist_ok=True)
    subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', images], check=True)
    try:
        for disk in ('size=1', 'size=1,format=raw,sparse=off'):
            rc, out, err = it.run_install(root, '--name', 'full', '--disk', disk, '--cdrom',
                                          GRUB_ISO, '--osinfo', 'generic', *BASE)
            lines = err.strip().splitlines()
            it.check(rc == 1, 'exit status %d on a full disk (%s): %s' % (rc, disk, err))
            it.check(len(lines) == 1 and 'space' in lines[0], 'unclear sentence: %r' % err)
            it.check(sorted(it.probe(root, 'list')) == ['taken'], 'a VM was left behind')
            it.check(it.images(root) == [], 'files left behind: %s' % it.images(root))
    finally:
        subprocess.run(['umount', images])


def main():
    tap = it.Tap()
    root = it.make_root()
    work = tempfile.mkdtemp(prefix='vireo-install-errors-')
    try:
        os.makedirs(os.path.join(root, 'images'), exist_ok=True)
        used = os.path.join(root, 'images', 'used.qcow2')
        # The first vireo-install run prepares the root (qemu.conf).
        it.run_install(root, '--name', 'prep', '--pxe', '--disk', 'none', '--osinfo',
                       'generic', '--dry-run', *BASE)
        for name in ('used', 'spare'):
            subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2',
                            os.path.join(root, 'images', name + '.qcow2'), '64M'], check=True)
        it.probe(root, 'define', TAKEN_XML % used)
        before = it.images(root)
        for name, args, status, words in cases(root, work):
            tap.run(name, check_case, root, before, args, status, words)
        tap.run('--check path_in_use=off, disk_in_use=off, all=off allow a shared disk',
                check_ok_with_override, root, used)
        tap.run('--disk path= outside ROOT/images, size=1: the image is made at the path',
                check_path_elsewhere, root, work, before)
        if os.geteuid() == 0:
            os.unlink(used)
            os.unlink(os.path.join(root, 'images', 'spare.qcow2'))
            tap.run('not enough space (tmpfs)', check_no_space, root)
        else:
            tap.missing('not enough space (tmpfs)',
                        'mounting a tmpfs needs root: run the tests as root (sudo tools/check)')
    finally:
        it.cleanup_root(root)
        subprocess.call(['rm', '-rf', work])
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
