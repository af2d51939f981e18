# installtest.py: helpers of the vireo-install tests that drive the binary
#
# Each test gets a fresh embedded root (short path under /tmp, so libvirt's
# socket paths stay short).  What the tests read from a root they read in a
# child process (probe()), because only one process at a time can hold a
# root and vireo-install needs it free.  TAP goes to stdout.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

PROBE = r'''
import json, sys, threading, time
import libvirt
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                 daemon=True).start()
libvirt.registerErrorHandler(lambda *a: None, None)
root, what = sys.argv[1], sys.argv[2]
conn = libvirt.open('qemu:///embed?root=' + root)
out = {}
if what == 'list':
    for d in conn.listAllDomains():
        out[d.name()] = {'state': d.state()[0], 'persistent': d.isPersistent(),
                         'live': d.XMLDesc(0) if d.isActive() else None,
                         'inactive': d.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)}
elif what == 'define':
    conn.defineXML(sys.argv[3])
elif what == 'destroy':
    for d in conn.listAllDomains():
        try:
            if d.isActive():
                d.destroy()
        except libvirt.libvirtError:
            pass    # stopped meanwhile
elif what == 'undefine':
    d = conn.lookupByName(sys.argv[3])
    if d.isActive():
        d.destroy()
    d.undefine()
elif what == 'console':
    dom = conn.lookupByName(sys.argv[3])
    needles = [n.encode() for n in sys.argv[4].split('|')]
    st = conn.newStream(libvirt.VIR_STREAM_NONBLOCK)
    dom.openConsole(None, st, libvirt.VIR_DOMAIN_CONSOLE_FORCE)
    buf, end = b'', time.time() + float(sys.argv[5])
    out['found'] = None
    while time.time() < end and out['found'] is None:
        try:
            data = st.recv(65536)
        except libvirt.libvirtError:
            break
        if data == -2:
            time.sleep(0.2)
            continue
        if not data:
            break
        buf += data
        out['found'] = next((n.decode() for n in needles if n in buf), None)
    out['tail'] = buf[-400:].decode(errors='replace')
elif what == 'hold':
    print('held', flush=True)
    time.sleep(float(sys.argv[3]))
print(json.dumps(out))
'''

LIBVIRT_PYTHON = '/usr/bin/python3'


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def run(self, name, func, *args):
        only = os.environ.get('VIREO_TEST_ONLY')
        if only and only not in name:
            self.skip(name, 'not in VIREO_TEST_ONLY')
            return
        self.n += 1
        start = time.time()
        try:
            func(*args)
            print('ok %d %s # %.1f s' % (self.n, name, time.time() - start), flush=True)
        except Exception:
            self.failed += 1
            print('not ok %d %s' % (self.n, name))
            for line in traceback.format_exc().splitlines():
                print('# ' + line)
            sys.stdout.flush()

    def skip(self, name, why):
        self.n += 1
        print('ok %d %s # SKIP %s' % (self.n, name, why), flush=True)

    def missing(self, name, what):
        """A case that cannot run here: a failure that says what to install or do (never a
        skip: tools/setup installs everything the tests need)."""
        self.n += 1
        self.failed += 1
        print('not ok %d %s' % (self.n, name))
        print('# missing: %s' % what, flush=True)

    def done(self):
        print('1..%d' % self.n, flush=True)
        return 1 if self.failed else 0


def build_root():
    return os.environ.get('VIREO_BUILD_ROOT', '/tmp/build')


def vireo_install():
    return os.path.join(build_root(), 'src', 'vireo-install')


def make_root():
    return tempfile.mkdtemp(prefix='vi-', dir='/tmp')


def uri(root):
    return 'qemu:///embed?root=' + root


def kill_root_qemus(root):
    for pidfile in glob.glob(os.path.join(root, 'run', 'qemu', '*.pid')):
        try:
            with open(pidfile) as f:
                pid = int(f.read().strip())
            with open('/proc/%d/comm' % pid) as f:
                if 'qemu' not in f.read():
                    continue
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass


def cleanup_root(root):
    kill_root_qemus(root)
    time.sleep(0.3)
    subprocess.call(['umount', os.path.join(root, 'images')], stderr=subprocess.DEVNULL)
    shutil.rmtree(root, ignore_errors=True)


def run_install(root, *args, timeout=600, env=None):
    """Runs vireo-install on @root's connection; returns (status, stdout, stderr)."""
    cmd = [vireo_install(), '--connect', uri(root)] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr


def probe(root, what, *args, timeout=300):
    # A root that a vireo-install which just exited still held is free a
    # moment later: try a few times before calling it a failure.
    for attempt in range(5):
        p = subprocess.run([LIBVIRT_PYTHON, '-c', PROBE, root, what] + list(args),
                           capture_output=True, text=True, timeout=timeout)
        if p.returncode == 0:
            break
        time.sleep(2)
    if p.returncode != 0:
        raise AssertionError('probe %s failed: %s' % (what, p.stderr[-2000:]))
    return json.loads(p.stdout.strip().splitlines()[-1])


def images(root):
    """Files under ROOT/images (relative paths)."""
    out = []
    base = os.path.join(root, 'images')
    for dirpath, _, files in os.walk(base):
        for f in files:
            out.append(os.path.relpath(os.path.join(dirpath, f), base))
    return sorted(out)


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def iso_volume_id(iso):
    p = subprocess.run(['xorriso', '-indev', iso, '-pvd_info'], capture_output=True, text=True)
    for line in (p.stdout + p.stderr).splitlines():
        if line.startswith('Volume Id'):
            return line.split(':', 1)[1].strip()
    return None


def iso_read(iso, path, dest_dir):
    dest = os.path.join(dest_dir, os.path.basename(path))
    subprocess.run(['xorriso', '-osirrox', 'on', '-indev', iso, '-extract', path, dest],
                   capture_output=True, check=True)
    with open(dest, 'rb') as f:
        return f.read()
