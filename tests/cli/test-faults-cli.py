#!/usr/bin/python3
# test-faults-cli.py: vireo-install and vireo-xml under faults (the faults suite)
#
# On a fresh embedded root, `vireo-install --wait -1` installs the busybox
# guest of tests/common/media (which stays up) and holds the root meanwhile:
#   - vireo-xml and a second vireo-install started then are refused with a
#     sentence naming the holder, and change nothing;
#   - the guest's QEMU is killed with SIGKILL: vireo-install says the VM
#     stopped and ends, the root is left consistent (the VM defined once, its
#     definition intact), and the VM starts again.
# D-Bus is turned off for the children, so that no running Vireo can take
# over their work.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import installtest as it  # noqa: E402

NAME = 'vf-wait'
NO_BUS = {**os.environ, 'DBUS_SESSION_BUS_ADDRESS': 'disabled:'}

START = r'''
import sys, libvirt
libvirt.virEventRegisterDefaultImpl()
conn = libvirt.open('qemu:///embed?root=' + sys.argv[1])
d = conn.lookupByName(sys.argv[2])
d.create()
print(d.state()[0])
d.destroy()
'''


def vireo_xml():
    return os.path.join(it.build_root(), 'src', 'vireo-xml')


def make_tree(work):
    """The busybox guest as an install tree: its 'installer' stays up."""
    media = os.path.join(os.environ.get('G_TEST_BUILDDIR', work), 'media')
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'common', 'media',
                          'make-guest.sh')
    p = subprocess.run([script, media], capture_output=True, text=True)
    it.check(p.returncode == 0, 'make-guest.sh failed: %s' % p.stderr)
    tree = os.path.join(work, 'tree')
    os.makedirs(tree)
    for name in ('vmlinuz', 'initrd.img'):
        os.symlink(os.path.join(media, name), os.path.join(tree, name))
    return tree


def qemu_pid(root):
    try:
        with open(os.path.join(root, 'run', 'qemu', NAME + '.pid')) as f:
            pid = int(f.read().strip())
        with open('/proc/%d/comm' % pid) as f:
            return pid if 'qemu' in f.read() else None
    except (OSError, ValueError):
        return None


def guest_runs(root):
    """The QEMU pid once its guest runs: libvirt starts QEMU with its vCPUs
    stopped and lets them go when the start is complete, and the guest's boot
    then takes CPU time (2 s of it here)."""
    pid = qemu_pid(root)
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return pid if int(fields[11]) + int(fields[12]) >= 2 * os.sysconf('SC_CLK_TCK') else None
    except (OSError, TypeError, ValueError, IndexError):
        return None


def wait_for(cond, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        value = cond()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError('%s did not happen within %d s' % (what, seconds))


def check_held_refusals(root, holder_pid):
    """vireo-xml and vireo-install while vireo-install holds the root."""
    p = subprocess.run([vireo_xml(), '--connect', it.uri(root), NAME, '--edit', '--memory',
                        '256', '--define'], capture_output=True, text=True, env=NO_BUS,
                       timeout=120)
    lines = p.stderr.strip().splitlines()
    it.check(p.returncode == 1, 'vireo-xml exit status %d: %s' % (p.returncode, p.stderr))
    it.check(len(lines) == 1 and 'is in use by' in lines[0] and
             ('%d' % holder_pid) in lines[0] and 'vireo-install' in lines[0],
             'vireo-xml did not name the holder: %r' % p.stderr)
    rc, out, err = it.run_install(root, '--name', 'vf-second', '--memory', '128', '--osinfo',
                                  'generic', '--pxe', '--disk', 'none', '--virt-type', 'qemu',
                                  '--noautoconsole', '--wait', '0', env=NO_BUS, timeout=120)
    lines = err.strip().splitlines()
    it.check(rc == 1, 'the second vireo-install: exit status %d: %s' % (rc, err))
    it.check(len(lines) == 1 and 'is in use by' in lines[0] and 'vireo-install' in lines[0],
             'the second vireo-install did not name the holder: %r' % err)


def run_case(root, tree):
    cmd = [it.vireo_install(), '--connect', it.uri(root), '--name', NAME, '--memory', '128',
           '--osinfo', 'generic', '--location', tree + ',kernel=vmlinuz,initrd=initrd.img',
           '--extra-args', 'console=ttyS0 no_timer_check', '--disk', 'none', '--graphics', 'none',
           '--virt-type', 'qemu', '--noautoconsole', '--wait', '-1']
    install = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=NO_BUS)
    try:
        pid = wait_for(lambda: guest_runs(root), 240, 'the install VM running')
        it.check(install.poll() is None, 'vireo-install ended while its VM ran')
        check_held_refusals(root, install.pid)
        it.check(install.poll() is None, 'vireo-install ended after the refusals')

        os.kill(pid, signal.SIGKILL)
        out, err = install.communicate(timeout=120)
    finally:
        if install.poll() is None:
            install.kill()
            install.communicate()
    print('# vireo-install said: %r %r (exit %d)' % (out, err, install.returncode), flush=True)
    it.check(install.returncode == 1, 'vireo-install exit status %d' % install.returncode)
    it.check(err == 'vireo-install: The VM “%s” stopped during the installation: its QEMU '
             'process ended unexpectedly, and the installation did not finish. Start the VM to '
             'run the installer again.\n' % NAME, 'vireo-install did not report the stop: %r'
             % err)
    it.check('finished' not in out, 'vireo-install said the install finished: %r' % out)

    # Nothing is corrupted: the VM is defined once, with the memory it was
    # given (the refused vireo-xml changed nothing), and it starts again.
    domains = it.probe(root, 'list')
    it.check(sorted(domains) == [NAME], 'VMs after the fault: %s' % sorted(domains))
    it.check("<memory unit='KiB'>131072</memory>" in domains[NAME]['inactive'],
             'the definition changed: %s' % domains[NAME]['inactive'])
    p = subprocess.run([it.LIBVIRT_PYTHON, '-c', START, root, NAME], capture_output=True,
                       text=True, timeout=300)
    it.check(p.returncode == 0 and p.stdout.strip() == '1',
             'the VM did not start again: %s %s' % (p.stdout, p.stderr))


def main():
    tap = it.Tap()
    root = it.make_root()
    work = tempfile.mkdtemp(prefix='vireo-faults-cli-')
    try:
        tree = make_tree(work)
        tap.run('vireo-install --wait: the root held, then its VM killed with SIGKILL',
                run_case, root, tree)
    finally:
        it.cleanup_root(root)
        subprocess.call(['rm', '-rf', work])
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
