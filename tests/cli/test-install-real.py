#!/usr/bin/python3
# test-install-real.py: real installs with vireo-install on the embedded driver
#
# Emulated QEMU (--virt-type qemu).  Media come from Debian packages:
# grub-rescue-pc's ISO and USB image, debian-installer-12-netboot-amd64's
# kernel and initrd (laid out as the Debian tree libosinfo describes, and
# as a Debian netinst-like ISO), and the busybox guest of tests/common/media for
# the two-phase test (its installer "installs" and reboots at once).  VMs
# are stopped after each case to keep the host's load down.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import installtest as it  # noqa: E402

GRUB_ISO = '/usr/lib/grub-rescue/grub-rescue-cdrom.iso'
GRUB_USB = '/usr/lib/grub-rescue/grub-rescue-usb.img'
DI_DIR = '/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64'
# Where libosinfo's Debian 11 entry says a tree keeps them.
DI_TREE_KERNEL = 'current/images/netboot/debian-installer/amd64/linux'
DI_TREE_INITRD = 'current/images/netboot/debian-installer/amd64/initrd.gz'
# d-i's own boot messages on the serial console.
DI_MARKERS = 'Starting system log daemon|Low memory mode|Select a language|debian-installer'

COMMON = ['--virt-type', 'qemu', '--noautoconsole']


class Env:
    def __init__(self):
        self.root = it.make_root()
        self.work = tempfile.mkdtemp(prefix='vireo-install-real-')
        self.tree = None
        self.busybox_tree = None

    def install(self, *args, **kw):
        rc, out, err = it.run_install(self.root, *(list(args) + COMMON), **kw)
        it.check(rc == 0, 'vireo-install failed (%d): %s %s' % (rc, out, err))
        return out

    def domains(self):
        return it.probe(self.root, 'list')

    def stop_all(self):
        it.probe(self.root, 'destroy')


def make_di_tree(env):
    env.tree = os.path.join(env.work, 'di-tree')
    for rel, name in ((DI_TREE_KERNEL, 'linux'), (DI_TREE_INITRD, 'initrd.gz')):
        os.makedirs(os.path.dirname(os.path.join(env.tree, rel)), exist_ok=True)
        os.symlink(os.path.join(DI_DIR, name), os.path.join(env.tree, rel))


def make_busybox_tree(env):
    """A tree whose 'installer' prints a marker and reboots, so that the
    install phase ends by itself."""
    media = os.path.join(os.environ.get('G_TEST_BUILDDIR', env.work), 'media')
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'common', 'media', 'make-guest.sh')
    if subprocess.run([script, media], capture_output=True).returncode != 0:
        return False
    tree = os.path.join(env.work, 'reboot-tree')
    initramfs = os.path.join(env.work, 'initramfs')
    os.makedirs(os.path.join(initramfs, 'bin'))
    os.makedirs(tree)
    shutil.copy('/bin/busybox', os.path.join(initramfs, 'bin', 'busybox'))
    os.symlink('busybox', os.path.join(initramfs, 'bin', 'sh'))
    with open(os.path.join(initramfs, 'init'), 'w') as f:
        f.write('#!/bin/sh\n/bin/busybox mount -t devtmpfs d /dev\n'
                '/bin/busybox echo VIREO-INSTALL-PHASE\n/bin/busybox reboot -f\n')
    os.chmod(os.path.join(initramfs, 'init'), 0o755)
    files = subprocess.run(['find', '.'], cwd=initramfs, capture_output=True).stdout
    cpio = subprocess.run(['cpio', '-o', '-H', 'newc', '--quiet'], cwd=initramfs, input=files,
                          capture_output=True, check=True).stdout
    with open(os.path.join(tree, 'initrd.gz'), 'wb') as f:
        f.write(gzip.compress(cpio))
    shutil.copy(os.path.join(media, 'vmlinuz'), os.path.join(tree, 'vmlinuz'))
    env.busybox_tree = tree
    return True


class Server:
    """python's http.server on 127.0.0.1 serving @directory, in a thread."""

    def __init__(self, directory):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        handler = functools.partial(Quiet, directory=directory)
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
        self.url = 'http://127.0.0.1:%d/' % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


# ------------------------------------------------------------------ cases

def test_cdrom(env):
    start = time.time()
    out = env.install('--name', 'cd1', '--memory', '128', '--osinfo', 'generic',
                      '--cdrom', GRUB_ISO, '--disk', 'size=1', '--wait', '0')
    it.check(time.time() - start < 180, '--wait 0 did not return at once')
    disk = os.path.join(env.root, 'images', 'cd1.qcow2')
    it.check(os.path.exists(disk), 'no qcow2 in ROOT/images: %s' % it.images(env.root))
    info = json.loads(subprocess.run(['qemu-img', 'info', '--output=json', '-U', disk],
                                     capture_output=True, text=True).stdout)
    it.check(info['format'] == 'qcow2' and info['virtual-size'] == 1 << 30,
             'the new disk is %s' % info)
    d = env.domains()['cd1']
    it.check(d['state'] == 1 and d['persistent'], 'cd1 is not running and defined: %s' % d)
    it.check("<interface type='user'>" in d['inactive'], 'not user-mode networking')
    it.check(GRUB_ISO in d['live'], 'the ISO is not attached while installing')
    it.check("<boot dev='hd'/>" in d['inactive'] and "<on_reboot>destroy" not in d['inactive'],
             'the lasting XML does not boot from disk')
    env.install('--name', 'cd2', '--memory', '128', '--osinfo', 'generic', '--cdrom', GRUB_ISO,
                '--disk', 'none', '--transient', '--wait', '0', '--graphics', 'none')
    d = env.domains()['cd2']
    it.check(d['state'] == 1 and not d['persistent'], '--transient: %s' % d)
    env.stop_all()


def test_location_tree(env):
    env.install('--name', 'di1', '--memory', '512', '--osinfo', 'debian11',
                '--location', env.tree, '--extra-args', 'console=ttyS0 no_timer_check', '--disk', 'size=1',
                '--graphics', 'none', '--wait', '0')
    d = env.domains()['di1']
    kernel = os.path.join(env.root, 'images', 'boot', 'di1-kernel')
    it.check('<kernel>%s</kernel>' % kernel in d['live'], 'install XML: %s' % d['live'])
    it.check('<cmdline>console=ttyS0 no_timer_check</cmdline>' in d['live'], 'no --extra-args')
    with open(kernel, 'rb') as a, open(os.path.join(DI_DIR, 'linux'), 'rb') as b:
        it.check(a.read() == b.read(), 'the kernel copy differs')
    it.check('<kernel>' not in d['inactive'] and "<boot dev='hd'/>" in d['inactive'],
             'the lasting XML still boots the installer: %s' % d['inactive'])
    console = it.probe(env.root, 'console', 'di1', DI_MARKERS, '300', timeout=400)
    it.check(console['found'], 'the installer did not start; console: %r' % console['tail'])
    env.stop_all()


def test_location_iso(env):
    iso_root = os.path.join(env.work, 'netinst')
    os.makedirs(os.path.join(iso_root, 'install.amd'))
    shutil.copy(os.path.join(DI_DIR, 'linux'), os.path.join(iso_root, 'install.amd', 'vmlinuz'))
    shutil.copy(os.path.join(DI_DIR, 'initrd.gz'),
                os.path.join(iso_root, 'install.amd', 'initrd.gz'))
    # libosinfo only looks at bootable media: an El Torito record (its image
    # need not boot anything here).
    with open(os.path.join(iso_root, 'boot.img'), 'wb') as f:
        f.write(b'\0' * 2048)
    iso = os.path.join(env.work, 'netinst.iso')
    subprocess.run(['xorriso', '-as', 'genisoimage', '-quiet', '-o', iso, '-V',
                    'Debian 11.5.0 amd64 n', '-J', '-R', '-b', 'boot.img', '-no-emul-boot',
                    iso_root], check=True, capture_output=True)
    # No --osinfo: libosinfo knows the ISO by its volume id.
    env.install('--name', 'iso1', '--memory', '512', '--location', iso, '--disk', 'size=1',
                '--graphics', 'none', '--wait', '0')
    d = env.domains()['iso1']
    it.check('debian.org/debian/11' in d['inactive'], 'the OS was not detected')
    it.check(iso in d['live'], 'the ISO is not attached while installing')
    it.check(iso not in d['inactive'], 'the ISO stays attached afterwards')
    with open(os.path.join(env.root, 'images', 'boot', 'iso1-initrd'), 'rb') as a, \
            open(os.path.join(DI_DIR, 'initrd.gz'), 'rb') as b:
        it.check(a.read() == b.read(), 'the initrd extracted from the ISO differs')
    env.stop_all()


def test_two_phase_http(env):
    server = Server(env.busybox_tree)
    try:
        out = env.install('--name', 'tp1', '--memory', '128', '--osinfo', 'generic',
                          '--location', server.url + ',kernel=vmlinuz,initrd=initrd.gz',
                          '--extra-args', 'console=ttyS0 panic=-1 no_timer_check', '--disk', 'size=1',
                          '--graphics', 'none', '--wait', '5')
        it.check('finished' in out, 'the install did not end: %s' % out)
        it.check(not [f for f in it.images(env.root) if f.startswith('boot/tp1-')],
                 'the install files stay after the install: %s' % it.images(env.root))
        d = env.domains()['tp1']
        it.check(d['state'] == 1, 'the installed VM does not run: %s' % d['state'])
        it.check('<kernel>' not in d['live'] and '<kernel>' not in d['inactive'],
                 'the second boot still boots the installer')
        # With the text console: the installer's output shows in the terminal.
        rc, out, err = it.run_install(env.root, '--name', 'tp2', '--memory', '128', '--osinfo',
                                      'generic', '--location',
                                      server.url + ',kernel=vmlinuz,initrd=initrd.gz',
                                      '--extra-args', 'console=ttyS0 panic=-1 no_timer_check', '--disk',
                                      'size=1', '--graphics', 'none', '--wait', '5',
                                      '--noreboot', '--virt-type', 'qemu', '--autoconsole',
                                      'text')
        it.check(rc == 0 and 'VIREO-INSTALL-PHASE' in out,
                 'the text console did not show the install (%d): %s %s' % (rc, out, err))
        d = env.domains()['tp2']
        it.check(d['state'] == 5 and d['persistent'], '--noreboot: tp2 is %s' % d['state'])
        it.check('<kernel>' not in d['inactive'], 'tp2 keeps the installer kernel')
    finally:
        server.stop()
        env.stop_all()


# A stand-in for vireo-viewer (VIREO_VIEWER): records its arguments and
# $DISPLAY, connects to the display address it was given and reads the VNC
# server's greeting; the first one stays connected until QEMU closes the
# display (the install phase ends), as a viewer window would.
VIEWER_STANDIN = r'''#!/usr/bin/python3
import json, os, socket, sys, time
log = os.environ['VIEWER_LOG']
first = not os.path.exists(log)
rec = {'argv': sys.argv[1:], 'display': os.environ.get('DISPLAY'), 'start': time.time()}
addr = [a for a in sys.argv[1:] if a.startswith('vnc://')]
if addr:
    host, port = addr[0][len('vnc://'):].rsplit(':', 1)
    s = socket.create_connection((host, int(port)), timeout=30)
    rec['banner'] = s.recv(12).decode(errors='replace')
    if first:
        s.settimeout(300)
        try:
            while s.recv(4096):
                pass
        except OSError:
            pass
        rec['closed'] = time.time()
    s.close()
rec['end'] = time.time()
with open(log, 'a') as f:
    f.write(json.dumps(rec) + '\n')
'''


def test_autoconsole_graphical(env):
    """--autoconsole's default with a display: the viewer is started for
    the VM, vireo-install waits for it to close, then boots the installed
    VM and starts the viewer again (virt-install's way with virt-viewer)."""
    viewer = os.path.join(env.work, 'viewer-standin')
    log = os.path.join(env.work, 'viewer.log')
    with open(viewer, 'w') as f:
        f.write(VIEWER_STANDIN)
    os.chmod(viewer, 0o755)
    envv = {**os.environ, 'VIREO_VIEWER': viewer, 'VIEWER_LOG': log}
    cmd = ['xvfb-run', '-a', '-s', '-screen 0 1024x768x24', it.vireo_install(), '--connect',
           it.uri(env.root), '--name', 'gv1', '--memory', '128', '--osinfo', 'generic',
           '--location', env.busybox_tree + ',kernel=vmlinuz,initrd=initrd.gz',
           '--extra-args', 'console=ttyS0 panic=-1 no_timer_check', '--disk', 'size=1', '--graphics', 'vnc',
           '--virt-type', 'qemu']
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=envv, timeout=600)
        ended = time.time()
        it.check(p.returncode == 0, 'vireo-install failed (%d): %s %s'
                 % (p.returncode, p.stdout, p.stderr))
        with open(log) as f:
            runs = [json.loads(line) for line in f]
        it.check(len(runs) == 2, 'the viewer ran %d times, not twice (install, then the '
                 'installed VM): %s %s' % (len(runs), runs, p.stdout))
        for r in runs:
            # This process holds the embedded root: the viewer is given the
            # display's address (the equivalent of --connect URI --wait NAME).
            it.check(len(r['argv']) == 3 and r['argv'][:2] == ['--title', 'gv1'] and
                     r['argv'][2].startswith('vnc://127.0.0.1:'),
                     'viewer arguments %s' % r['argv'])
            it.check(r['display'], 'the viewer got no DISPLAY')
            it.check(r.get('banner', '').startswith('RFB '),
                     'no VNC server at %s: %r' % (r['argv'][2], r.get('banner')))
        it.check('closed' in runs[0], 'the first viewer was not disconnected')
        # vireo-install waited for the first viewer before booting the
        # installed VM, and for the second one before returning.
        it.check(runs[1]['start'] >= runs[0]['end'], 'the second viewer started first')
        it.check(ended >= runs[1]['end'], 'vireo-install did not wait for the viewer')
        it.check('finished' in p.stdout, 'the install did not end: %s' % p.stdout)
        d = env.domains()['gv1']
        it.check(d['state'] == 1 and '<kernel>' not in d['live'],
                 'gv1 does not run its installed configuration: %s' % d['state'])
        it.check(not [f for f in it.images(env.root) if f.startswith('boot/gv1-')],
                 'the install files stay: %s' % it.images(env.root))
    finally:
        env.stop_all()


def test_autoconsole_connect(env):
    """On a connection the viewer can open itself (here test:///default),
    it is started as virt-install starts virt-viewer, and waited for;
    --noautoconsole and --wait 0 start none."""
    viewer = os.path.join(env.work, 'viewer-args')
    log = os.path.join(env.work, 'viewer-args.log')
    with open(viewer, 'w') as f:
        f.write('#!/usr/bin/python3\nimport json, os, sys, time\n'
                'time.sleep(1)\n'
                'with open(os.environ["VIEWER_LOG"], "a") as f:\n'
                '    f.write(json.dumps({"argv": sys.argv[1:], "end": time.time()}) + "\\n")\n')
    os.chmod(viewer, 0o755)
    envv = {**os.environ, 'VIREO_VIEWER': viewer, 'VIEWER_LOG': log, 'DISPLAY': ':99'}
    base = [it.vireo_install(), '--connect', 'test:///default', '--memory', '64', '--disk',
            'none', '--pxe', '--osinfo', 'generic']
    p = subprocess.run(base + ['--name', 'tv1'], capture_output=True, text=True, env=envv,
                       stdin=subprocess.DEVNULL, timeout=120)
    ended = time.time()
    it.check(p.returncode == 0, 'vireo-install failed (%d): %s' % (p.returncode, p.stderr))
    with open(log) as f:
        runs = [json.loads(line) for line in f]
    it.check([r['argv'] for r in runs] == [['--connect', 'test:///default', '--wait', 'tv1']],
             'viewer runs %s' % runs)
    it.check(ended >= runs[0]['end'], 'vireo-install did not wait for the viewer')
    it.check('still running' in p.stdout, 'no word on the running install: %s' % p.stdout)
    for extra in (['--noautoconsole'], ['--wait', '0']):
        p = subprocess.run(base + ['--name', 'tv2'] + extra, capture_output=True, text=True,
                           env=envv, stdin=subprocess.DEVNULL, timeout=120)
        it.check(p.returncode == 0, 'vireo-install %s failed: %s' % (extra, p.stderr))
        with open(log) as f:
            it.check(len(f.readlines()) == 1, '%s started a viewer' % extra)


def test_autoconsole_text(env):
    """--autoconsole text for a VM with only a serial console: its output
    shows on stdout (as with virsh console) until the install ends."""
    rc, out, err = it.run_install(env.root, '--name', 'tx1', '--memory', '128', '--osinfo',
                                  'generic', '--location',
                                  env.busybox_tree + ',kernel=vmlinuz,initrd=initrd.gz',
                                  '--extra-args', 'console=ttyS0 panic=-1 no_timer_check', '--disk', 'size=1',
                                  '--graphics', 'none', '--virt-type', 'qemu',
                                  '--autoconsole', 'text', timeout=600)
    try:
        it.check(rc == 0 and 'VIREO-INSTALL-PHASE' in out and 'finished' in out,
                 'the text console did not show the install (%d): %s %s' % (rc, out, err))
        d = env.domains()['tx1']
        it.check(d['state'] == 1 and '<kernel>' not in d['live'],
                 'tx1 does not run its installed configuration')
    finally:
        env.stop_all()


def test_import(env):
    raw = os.path.join(env.work, 'grub.raw')
    shutil.copy(GRUB_USB, raw)
    vmdk = os.path.join(env.work, 'grub.vmdk')
    vhdx = os.path.join(env.work, 'grub.vhdx')
    subprocess.run(['qemu-img', 'convert', '-O', 'vmdk', GRUB_USB, vmdk], check=True)
    subprocess.run(['qemu-img', 'convert', '-O', 'vhdx', GRUB_USB, vhdx], check=True)
    env.install('--name', 'im-raw', '--memory', '128', '--osinfo', 'generic', '--import',
                '--disk', raw, '--wait', '0')
    env.install('--name', 'im-vmdk', '--memory', '128', '--osinfo', 'generic', '--import',
                '--disk', vmdk, '--wait', '0')
    env.install('--name', 'im-vhdx', '--memory', '128', '--osinfo', 'generic', '--import',
                '--disk', 'path=%s,convert=on' % vhdx, '--wait', '0')
    ds = env.domains()
    for name, fmt, path in (('im-raw', 'raw', raw), ('im-vmdk', 'vmdk', vmdk),
                            ('im-vhdx', 'qcow2',
                             os.path.join(env.root, 'images', 'im-vhdx-grub.qcow2'))):
        d = ds[name]
        it.check(d['state'] == 1, '%s does not run' % name)
        it.check("type='%s'" % fmt in d['live'] and path in d['live'],
                 '%s: disk not attached as %s from %s' % (name, fmt, path))
    info = json.loads(subprocess.run(
        ['qemu-img', 'info', '--output=json', '-U',
         os.path.join(env.root, 'images', 'im-vhdx-grub.qcow2')],
        capture_output=True, text=True).stdout)
    it.check(info['format'] == 'qcow2', 'the VHDX was not converted')
    env.stop_all()


def test_cloud_init(env):
    key = os.path.join(env.work, 'id.pub')
    with open(key, 'w') as f:
        f.write('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIVireoTestKey test@vireo\n')
    raw = os.path.join(env.work, 'ci.raw')
    shutil.copy(GRUB_USB, raw)
    out = env.install('--name', 'ci1', '--memory', '128', '--osinfo', 'generic', '--import',
                      '--disk', raw, '--cloud-init',
                      'root-password-generate=on,root-ssh-key=%s' % key, '--wait', '0')
    it.check(out.count('root password') == 1, 'the password was not printed once: %s' % out)
    iso = os.path.join(env.root, 'images', 'boot', 'ci1-cidata.iso')
    d = env.domains()['ci1']
    it.check(iso in d['live'] and "device='cdrom'" in d['live'], 'the seed is not attached')
    it.check(iso not in d['inactive'], 'the seed stays in the lasting XML')
    it.check(it.iso_volume_id(iso) == 'cidata', 'volume id %r' % it.iso_volume_id(iso))
    user_data = it.iso_read(iso, '/user-data', env.work).decode()
    meta_data = it.iso_read(iso, '/meta-data', env.work).decode()
    it.check(user_data.startswith('#cloud-config') and 'VireoTestKey' in user_data and
             'chpasswd' in user_data, 'user-data: %s' % user_data)
    it.check('local-hostname: ci1' in meta_data, 'meta-data: %s' % meta_data)
    env.stop_all()


def test_unattended(env):
    pw = os.path.join(env.work, 'admin-pw')
    with open(pw, 'w') as f:
        f.write('Vireo-Secret-1\n')
    # Debian: the preseed file goes into the installer's initrd.
    env.install('--name', 'ua1', '--memory', '512', '--osinfo', 'debian11', '--location',
                env.tree, '--extra-args', 'console=ttyS0 no_timer_check', '--disk', 'size=1',
                '--unattended', 'profile=jeos,admin-password-file=%s' % pw,
                '--graphics', 'none', '--wait', '0')
    d = env.domains()['ua1']
    it.check('debconf/priority=critical' in d['live'], 'no preseed command line: %s' % d['live'])
    with open(os.path.join(env.root, 'images', 'boot', 'ua1-initrd'), 'rb') as f:
        initrd = gzip.decompress(f.read())
    tail = initrd[-200000:]
    it.check(b'preseed.cfg\0' in tail and b'd-i ' in tail, 'preseed.cfg is not in the initrd')
    env.stop_all()
    # Fedora from a CD: the kickstart goes onto a seed CD-ROM (OEMDRV).
    env.install('--name', 'ua2', '--memory', '128', '--osinfo', 'fedora36', '--cdrom',
                GRUB_ISO, '--disk', 'size=1', '--unattended', 'admin-password-file=%s' % pw,
                '--graphics', 'none', '--wait', '0')
    iso = os.path.join(env.root, 'images', 'boot', 'ua2-unattended.iso')
    d = env.domains()['ua2']
    it.check(iso in d['live'] and iso not in d['inactive'], 'the seed CD is not (only) in the '
             'install phase')
    it.check(it.iso_volume_id(iso) == 'OEMDRV', 'volume id %r' % it.iso_volume_id(iso))
    it.check(b'rootpw' in it.iso_read(iso, '/fedora.ks', env.work), 'no kickstart on the CD')
    env.stop_all()


def test_held_by_other(env):
    """A program that is not the manager holds the root: say which."""
    holder = subprocess.Popen([it.LIBVIRT_PYTHON, '-c', it.PROBE, env.root, 'hold', '60'],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        it.check(holder.stdout.readline().strip() == 'held', 'the holder did not start')
        before = it.images(env.root)
        rc, out, err = it.run_install(env.root, '--name', 'h0', '--memory', '128', '--osinfo',
                                      'generic', '--cdrom', GRUB_ISO, '--disk', 'size=1',
                                      *COMMON, env={**os.environ,
                                                    'DBUS_SESSION_BUS_ADDRESS': 'disabled:'})
        it.check(rc == 1 and 'python3' in err and 'in use by' in err,
                 'unclear refusal (%d): %s' % (rc, err))
        it.check(it.images(env.root) == before, 'files left behind')
    finally:
        holder.kill()
        holder.wait()


HANDOFF_CHILD = r'''
import os, subprocess, sys, time, json
build, iso, tree = sys.argv[1], sys.argv[2], sys.argv[3]
data = os.environ['XDG_DATA_HOME']
root = os.path.join(data, 'vireo', 'embed')
vireo = subprocess.Popen([os.path.join(build, 'src', 'vireo')], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
res = {'held': False}
try:
    for _ in range(240):
        ok = os.path.exists(os.path.join(root, 'run', 'qemu', 'driver.pid')) and \
             subprocess.run(['gdbus', 'introspect', '--session', '--dest', 'org.vireo.Vireo',
                             '--object-path', '/org/vireo/Vireo'],
                            capture_output=True, text=True).stdout.count('Installer') > 0
        if ok:
            res['held'] = True
            break
        time.sleep(0.5)
    p = subprocess.run([os.path.join(build, 'src', 'vireo-install'), '--connect',
                        'qemu:///embed?root=' + root, '--name', 'hand1', '--memory', '128',
                        '--osinfo', 'generic', '--cdrom', iso, '--disk', 'size=1',
                        '--virt-type', 'qemu', '--noautoconsole', '--wait', '0'],
                       capture_output=True, text=True, timeout=300)
    res.update(rc=p.returncode, out=p.stdout, err=p.stderr)
    if tree:
        # Two phases through the manager: --wait waits for its InstallEnded.
        p = subprocess.run([os.path.join(build, 'src', 'vireo-install'), '--connect',
                            'qemu:///embed?root=' + root, '--name', 'hand2', '--memory', '128',
                            '--osinfo', 'generic', '--location',
                            tree + ',kernel=vmlinuz,initrd=initrd.gz', '--extra-args',
                            'console=ttyS0 panic=-1 no_timer_check', '--disk', 'size=1', '--graphics', 'none',
                            '--virt-type', 'qemu', '--noautoconsole', '--wait', '5'],
                           capture_output=True, text=True, timeout=400)
        res.update(rc2=p.returncode, out2=p.stdout, err2=p.stderr)
        boot = os.path.join(root, 'images', 'boot')
        res['boot_left'] = sorted(f for f in os.listdir(boot) if f.startswith('hand2-')) \
            if os.path.isdir(boot) else []
    p = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.vireo.Vireo',
                        '--object-path', '/org/vireo/Vireo', '--method',
                        'org.vireo.Vireo.Installer.Domains', 'qemu:///embed?root=' + root],
                       capture_output=True, text=True, timeout=60)
    res['domains'] = p.stdout
    res['disk'] = os.path.exists(os.path.join(root, 'images', 'hand1.qcow2'))
finally:
    vireo.terminate()
    vireo.wait()
print(json.dumps(res))
'''


def test_handoff(env):
    """The manager holds the root: vireo-install hands the VM to it."""
    data = tempfile.mkdtemp(prefix='vh-', dir='/tmp')
    envv = {**os.environ, 'XDG_DATA_HOME': data, 'GSETTINGS_BACKEND': 'memory',
            'NO_AT_BRIDGE': '1',
            'GSETTINGS_SCHEMA_DIR': os.environ.get('GSETTINGS_SCHEMA_DIR',
                                                   os.path.join(it.build_root(), 'data'))}
    try:
        p = subprocess.run(['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24',
                            'dbus-run-session', '--', it.LIBVIRT_PYTHON, '-c', HANDOFF_CHILD,
                            it.build_root(), GRUB_ISO, env.busybox_tree or ''],
                           capture_output=True, text=True, env=envv, timeout=500)
        lines = p.stdout.strip().splitlines()
        it.check(lines, 'the hand-off run printed nothing: %s' % p.stderr[-2000:])
        res = json.loads(lines[-1])
        it.check(res['held'], 'the manager did not hold the root')
        it.check(res['rc'] == 0 and 'in the Vireo that holds' in res['out'],
                 'vireo-install did not hand off: %s' % res)
        it.check("'hand1'" in res['domains'], 'the manager does not have the VM: %s'
                 % res['domains'][:300])
        it.check(res['disk'], 'the disk was not made in ROOT/images')
        if env.busybox_tree:
            it.check(res['rc2'] == 0 and 'finished' in res['out2'],
                     'the two-phase hand-off did not end: %s' % res)
            it.check("'hand2'" in res['domains'], 'hand2 is not there')
            # The manager completed the install: it removed the installer's
            # kernel and initrd copies, as vireo-install does itself.
            it.check(res['boot_left'] == [], 'the manager left the install files %s'
                     % res['boot_left'])
    finally:
        it.cleanup_root(os.path.join(data, 'vireo', 'embed'))
        shutil.rmtree(data, ignore_errors=True)


def main():
    tap = it.Tap()
    env = Env()
    try:
        have_di = os.path.exists(os.path.join(DI_DIR, 'linux'))
        if have_di:
            make_di_tree(env)
        tap.run('--cdrom with a new disk', test_cdrom, env)
        if have_di:
            tap.run('--location on a Debian tree boots the installer', test_location_tree, env)
            tap.run('--location on an ISO', test_location_iso, env)
            tap.run('--unattended (initrd and CD-ROM)', test_unattended, env)
        else:
            for name in ('--location tree', '--location ISO', '--unattended'):
                tap.missing(name, 'install debian-installer-12-netboot-amd64 '
                            '(tools/setup does)')
        if make_busybox_tree(env):
            tap.run('two phases over HTTP, --wait, --noreboot, text console', test_two_phase_http, env)
            tap.run('--autoconsole text: the serial console', test_autoconsole_text, env)
            if shutil.which('xvfb-run'):
                tap.run('--autoconsole with a display: the viewer', test_autoconsole_graphical,
                        env)
            else:
                tap.missing('--autoconsole viewer', 'xvfb-run: install xvfb (tools/setup does)')
        else:
            tap.missing('two phases', 'no test kernel: run tools/fetch-test-media '
                        '(tools/check does)')
        tap.run('--autoconsole on test:///default: --connect URI --wait NAME',
                test_autoconsole_connect, env)
        tap.run('--import raw, VMDK, VHDX converted', test_import, env)
        tap.run('--cloud-init seed', test_cloud_init, env)
        tap.run('root held by another program', test_held_by_other, env)
        if shutil.which('xvfb-run') and shutil.which('dbus-run-session'):
            tap.run('root held by the manager: hand-off', test_handoff, env)
        else:
            tap.missing('hand-off', 'xvfb-run and dbus-run-session: install xvfb and dbus '
                        '(tools/setup does)')
    finally:
        it.cleanup_root(env.root)
        shutil.rmtree(env.work, ignore_errors=True)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
