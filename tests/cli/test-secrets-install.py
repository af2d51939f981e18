#!/usr/bin/python3
# test-secrets-install.py: an express-install password goes nowhere but the guest
#
# vireo-install --unattended with admin and user password files installs a
# "Debian" whose installer (the busybox one of test-install-real) reboots at
# once, with --debug and every debug message on, and waits for the install
# to end.  Meanwhile the command lines and environments of vireo-install and
# of every process it or libvirt started (QEMU included) are read from /proc
# again and again; afterwards its output and every file written since the
# start under /tmp (the embedded root with libvirt's logs, the seed files) are
# searched.  The passwords may only be in the two files the test wrote.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import installtest as it  # noqa: E402

NAME = 'vs-express'
ADMIN = 'Vireo-Express-Admin-7731'
USER = 'Vireo-Express-User-4409'
SECRETS = (ADMIN.encode(), USER.encode())


def make_reboot_tree(work):
    """A tree whose 'installer' reboots at once, so that the install ends."""
    media = os.path.join(os.environ.get('G_TEST_BUILDDIR', work), 'media')
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'common', 'media',
                          'make-guest.sh')
    p = subprocess.run([script, media], capture_output=True, text=True)
    it.check(p.returncode == 0, 'make-guest.sh failed: %s' % p.stderr)
    tree = os.path.join(work, 'tree')
    initramfs = os.path.join(work, 'initramfs')
    os.makedirs(os.path.join(initramfs, 'bin'))
    os.makedirs(tree)
    shutil.copy('/bin/busybox', os.path.join(initramfs, 'bin', 'busybox'))
    with open(os.path.join(initramfs, 'init'), 'w') as f:
        f.write('#!/bin/busybox sh\n/bin/busybox mount -t devtmpfs d /dev\n'
                '/bin/busybox reboot -f\n')
    os.chmod(os.path.join(initramfs, 'init'), 0o755)
    files = subprocess.run(['find', '.'], cwd=initramfs, capture_output=True).stdout
    cpio = subprocess.run(['cpio', '-o', '-H', 'newc', '--quiet'], cwd=initramfs, input=files,
                          capture_output=True, check=True).stdout
    with open(os.path.join(tree, 'initrd.gz'), 'wb') as f:
        f.write(gzip.compress(cpio))
    shutil.copy(os.path.join(media, 'vmlinuz'), os.path.join(tree, 'vmlinuz'))
    return tree


def descendants(pid):
    """@pid and every process below it, from /proc."""
    parents = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                parents[int(entry)] = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            pass
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        found.add(p)
        todo += [c for c, pp in parents.items() if pp == p and c not in found]
    return found


def qemu_pid(root):
    try:
        with open(os.path.join(root, 'run', 'qemu', NAME + '.pid')) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def read_proc(pid, what):
    try:
        with open('/proc/%d/%s' % (pid, what), 'rb') as f:
            return f.read()
    except OSError:
        return b''


def files_since(top, start, allowed):
    for dirpath, dirnames, filenames in os.walk(top):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if path in allowed:
                continue
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if (st.st_mtime >= start or st.st_ctime >= start) and st.st_size < 256 << 20 \
                    and os.path.isfile(path) and not os.path.islink(path):
                yield path


def contains_secret(data):
    return any(s in data for s in SECRETS)


def file_has_secret(path):
    """Also inside gzip members (an initrd with a preseed appended)."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError:
        return False
    if contains_secret(data):
        return True
    if data[:2] == b'\x1f\x8b':
        try:
            return contains_secret(gzip.decompress(data))
        except (OSError, EOFError):
            # Members after a first one that ends short: read what there is.
            with gzip.open(path) as f:
                try:
                    return contains_secret(f.read())
                except (OSError, EOFError):
                    return False
    return False


def seed_has_secret(root):
    boot = os.path.join(root, 'images', 'boot')
    try:
        names = os.listdir(boot)
    except OSError:
        return False
    return any(file_has_secret(os.path.join(boot, n)) for n in names)


def check_express_install(root, work, tree):
    admin = os.path.join(work, 'admin-pw')
    user = os.path.join(work, 'user-pw')
    with open(admin, 'w') as f:
        f.write(ADMIN + '\n')
    with open(user, 'w') as f:
        f.write(USER + '\n')
    start = time.time() - 1
    cmd = [it.vireo_install(), '--debug', '--connect', it.uri(root), '--name', NAME,
           '--memory', '256', '--osinfo', 'debian11', '--location',
           tree + ',kernel=vmlinuz,initrd=initrd.gz', '--extra-args', 'console=ttyS0 no_timer_check',
           '--disk', 'none', '--graphics', 'none', '--virt-type', 'qemu', '--noautoconsole',
           '--unattended', 'profile=desktop,admin-password-file=%s,user-login=vireo,'
           'user-password-file=%s' % (admin, user), '--wait', '-1']
    env = {**os.environ, 'G_MESSAGES_DEBUG': 'all', 'DBUS_SESSION_BUS_ADDRESS': 'disabled:'}
    install = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    seen, leaks = set(), []
    delivered = False
    # --debug says much: a thread drains the pipe.
    chunks = []
    reader = threading.Thread(target=lambda: chunks.append(install.stdout.read()), daemon=True)
    reader.start()
    try:
        while install.poll() is None:
            pids = descendants(install.pid)
            q = qemu_pid(root)
            if q:
                pids.add(q)
            for pid in pids:
                seen.add(pid)
                for what in ('cmdline', 'environ'):
                    if contains_secret(read_proc(pid, what)):
                        leaks.append('/proc/%d/%s (%r)' % (pid, what, read_proc(pid, 'comm')))
            # The passwords do go to the guest: in the seed while the install runs.
            delivered = delivered or seed_has_secret(root)
            time.sleep(0.1)
            it.check(time.time() - start < 600, 'vireo-install did not end')
    finally:
        if install.poll() is None:
            install.kill()
        install.wait()
        reader.join(30)
    output = chunks[0] if chunks else b''
    print('# vireo-install: exit %d, %d bytes of output, %d processes read'
          % (install.returncode, len(output), len(seen)), flush=True)
    it.check(install.returncode == 0, 'vireo-install failed (%d): %s'
             % (install.returncode, output[-2000:].decode(errors='replace')))
    it.check(b'DEBUG' in output, '--debug said nothing: %r' % output[-500:])
    it.check(len(seen) >= 2, 'no process of the install was seen: %s' % seen)
    it.check(delivered, 'the passwords never reached the install seed (the search would '
             'not see them either)')
    it.check(not leaks, 'a password in %s' % leaks)
    it.check(not contains_secret(output), 'a password in the --debug output')

    # Files: the two the test wrote hold them; nothing else written since.
    found = [p for p in files_since('/tmp', start, {admin, user}) if file_has_secret(p)]
    it.check(not found, 'a password in the files %s' % found)
    # The seed (the preseed in a copy of the initrd) is gone with the install.
    boot = os.path.join(root, 'images', 'boot')
    left = os.listdir(boot) if os.path.isdir(boot) else []
    it.check(not left, 'install files left: %s' % left)


def main():
    tap = it.Tap()
    root = it.make_root()
    work = tempfile.mkdtemp(prefix='vireo-secrets-')
    try:
        tree = make_reboot_tree(work)
        tap.run('express-install passwords reach no log, command line, environment or file',
                check_express_install, root, work, tree)
    finally:
        it.cleanup_root(root)
        subprocess.call(['rm', '-rf', work])
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
