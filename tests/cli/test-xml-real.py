#!/usr/bin/python3
# test-xml-real.py: vireo-xml on the embedded driver, by itself and through
# the manager that holds the root
#
# Emulated QEMU; the guest is the busybox one of tests/common/media.  Each
# case reads the root in a child process (installtest.probe()), since only
# one process at a time can hold it.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import installtest as it  # noqa: E402


def vireo_xml():
    return os.path.join(it.build_root(), 'src', 'vireo-xml')


def run_xml(root, *args, stdin=None, env=None):
    p = subprocess.run([vireo_xml(), '--connect', it.uri(root)] + list(args),
                       input=stdin, capture_output=True, text=True, timeout=300, env=env)
    return p.returncode, p.stdout, p.stderr


def media_dir():
    media = os.path.join(os.environ.get('G_TEST_BUILDDIR', '/tmp'), 'media')
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'common', 'media',
                          'make-guest.sh')
    p = subprocess.run([script, media], capture_output=True, text=True)
    it.check(p.returncode == 0, 'make-guest.sh failed: %s' % p.stderr)
    return media


def guest_xml(name, media):
    return '''<domain type='qemu'>
  <name>%s</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>%s/vmlinuz</kernel>
  <initrd>%s/initrd.img</initrd><cmdline>console=ttyS0 quiet no_timer_check</cmdline></os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>
    <interface type='user'><mac address='52:54:00:5e:00:01'/><model type='virtio'/></interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>''' % (name, media, media)


class Env:
    def __init__(self):
        self.root = it.make_root()
        self.media = media_dir()


def inactive(env, name):
    doms = it.probe(env.root, 'list')
    it.check(name in doms, '%s is not defined: %s' % (name, sorted(doms)))
    return doms[name]['inactive']


# ------------------------------------------------------------------ cases

def test_edit_define(env):
    it.probe(env.root, 'define', guest_xml('x1', env.media))
    rc, out, err = run_xml(env.root, 'x1', '--edit', '--memory', '200')
    it.check(rc == 0, 'vireo-xml failed (%d): %s' % (rc, err))
    it.check('defined' in out, 'no word of the definition: %s' % out)
    it.check("<currentMemory unit='KiB'>204800</currentMemory>" in inactive(env, 'x1'),
             'the memory did not change')


def test_print_changes_nothing(env):
    before = inactive(env, 'x1')
    rc, out, err = run_xml(env.root, 'x1', '--edit', '--vcpus', '2', '--print-diff')
    it.check(rc == 0 and '-  <vcpu' in out and '+  <vcpu' in out, 'no diff: %s %s' % (out, err))
    it.check(inactive(env, 'x1') == before, '--print-diff changed the definition')


def test_new_disk(env):
    rc, out, err = run_xml(env.root, 'x1', '--add-device', '--disk', 'size=0.01,bus=virtio')
    it.check(rc == 0, 'vireo-xml failed (%d): %s' % (rc, err))
    image = os.path.join(env.root, 'images', 'x1.qcow2')
    it.check(os.path.exists(image), 'no image at %s: %s' % (image, it.images(env.root)))
    xml = inactive(env, 'x1')
    it.check(image in xml and "type='qcow2'" in xml, 'the disk is not in the definition')
    # vol=default/VOLUME: the embedded root's image folder is the pool "default".
    rc, out, err = run_xml(env.root, 'x1', '--add-device', '--disk',
                           'vol=default/x1.qcow2,bus=sata', '--print-xml')
    it.check(rc == 0 and re.search(r"<source file=.%s./>" % re.escape(image), out) and
             re.search(r'dev=.sda.', out),
             'vol= on the embedded root: %d %r %r' % (rc, out[-600:], err))
    rc, out, err = run_xml(env.root, 'x1', '--add-device', '--disk', 'vol=default/nosuch.qcow2')
    it.check(rc != 0 and 'nosuch.qcow2' in err, 'vol= of no volume: %d %r' % (rc, err))


def test_errors_change_nothing(env):
    before = inactive(env, 'x1')
    for args, words in ((['x1', '--edit', '5', '--disk', 'cache=none'], 'only 2'),
                        (['x1', '--edit', 'target.dev=sdz', '--disk', 'cache=none'],
                         'matches'),
                        (['nosuch', '--edit', '--disk', 'cache=none'], 'nosuch'),
                        (['x1', '--edit', '--xml', './memory=lots'], 'libvirt did not accept'),
                        (['x1', '--add-device', '--disk', '/nonexistent/y.img'], 'size=')):
        rc, out, err = run_xml(env.root, *args)
        it.check(rc != 0 and words in err and len(err.strip().splitlines()) == 1,
                 '%s: rc %d, %r' % (args, rc, err))
    it.check(inactive(env, 'x1') == before, 'a failed edit changed the definition')


def test_update_shut_off(env):
    rc, out, err = run_xml(env.root, 'x1', '--update', '--edit', '--disk', 'target.dev=hdc',
                           '--disk', 'readonly=on')
    it.check(rc == 0 and 'not running' in err and 'defined' in out,
             'expected a warning and a definition: %d %r %r' % (rc, out, err))


def test_rename(env):
    rc, out, err = run_xml(env.root, 'x1', '--edit', '--metadata', 'name=x2,title=Renamed')
    it.check(rc == 0, 'vireo-xml failed (%d): %s' % (rc, err))
    doms = it.probe(env.root, 'list')
    it.check('x2' in doms and 'x1' not in doms, 'not renamed: %s' % sorted(doms))


def test_stdin(env):
    rc, out, err = run_xml(env.root, '--edit', '--memory', '300',
                           stdin=guest_xml('piped', env.media))
    it.check(rc == 0 and "307200" in out and '<name>piped</name>' in out,
             'stdin: %d %r %r' % (rc, out[:300], err))
    it.check('piped' not in it.probe(env.root, 'list'), 'stdin XML was defined')


def test_start_and_update(env):
    rc, out, err = run_xml(env.root, 'x2', '--edit', '--memory', '256', '--start')
    it.check(rc == 0 and 'started' in out, '--start: %d %r %r' % (rc, out, err))
    rc, out, err = run_xml(env.root, 'x2', '--update', '--edit', 'mac=52:54:00:5e:00:01',
                           '--network', 'link.state=down')
    it.check(rc == 0, '--update: %d %r' % (rc, err))
    it.check('Changed in the running VM now: network interface changed.' in out and
             'next starts' not in out, 'applied now, and nothing later: %r' % out)
    doms = it.probe(env.root, 'list')
    it.check("<link state='down'/>" in (doms['x2']['live'] or ''),
             'the running VM kept its link up')
    it.check("<link state='down'/>" in doms['x2']['inactive'], 'not in the definition')
    # Without --update a running VM keeps its configuration, and is told so.
    rc, out, err = run_xml(env.root, 'x2', '--edit', '--vcpus', 'maxvcpus=2')
    it.check(rc == 0 and 'next starts' in out, 'no notice: %r %r' % (out, err))
    it.probe(env.root, 'destroy')



def test_confirm_and_transient(env):
    """--confirm asks (no: nothing saved; yes: the diff shown is saved);
    --no-define --start runs the changed XML, the definition stays."""
    before = inactive(env, 'x2')
    rc, out, err = run_xml(env.root, 'x2', '--add-device', '--network', 'type=user',
                           '--confirm', stdin='n\n')
    it.check(rc == 0 and '+' in out and 'defined' not in out,
             '--confirm answered no: %d %r %r' % (rc, out, err))
    it.check(inactive(env, 'x2') == before, '--confirm answered no, and it was saved')
    rc, out, err = run_xml(env.root, 'x2', '--add-device', '--network', 'type=user',
                           '--confirm', stdin='y\n')
    shown = re.findall(r'^\+\s*<mac address="([0-9a-f:]{17})"/>', out, re.M)
    it.check(rc == 0 and 'defined' in out and len(shown) == 1,
             '--confirm answered yes: %d %r %r' % (rc, out, err))
    it.check(shown[0] in inactive(env, 'x2'), 'the MAC shown is not the one saved')

    before = inactive(env, 'x2')
    rc, out, err = run_xml(env.root, 'x2', '--edit', '--vcpus', '2', '--no-define', '--start')
    it.check(rc == 0 and 'started' in out and 'defined' not in out,
             '--no-define --start: %d %r %r' % (rc, out, err))
    doms = it.probe(env.root, 'list')
    it.check("<vcpu placement='static'>2</vcpu>" in (doms['x2']['live'] or ''),
             'the running VM is not the changed XML: %s' % (doms['x2']['live'] or '')[:300])
    it.check(doms['x2']['inactive'] == before, '--no-define changed the definition')
    it.probe(env.root, 'destroy')

HANDOFF_CHILD = r'''
import os, subprocess, sys, time, json
build, uri = sys.argv[1], sys.argv[2]
root = uri.split('root=', 1)[1]
vireo = subprocess.Popen([os.path.join(build, 'src', 'vireo'), '--connect', uri],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
res = {'held': False}
try:
    for _ in range(240):
        ok = os.path.exists(os.path.join(root, 'run', 'qemu', 'driver.pid')) and \
             subprocess.run(['gdbus', 'introspect', '--session', '--dest', 'org.vireo.Vireo',
                             '--object-path', '/org/vireo/Vireo'],
                            capture_output=True, text=True).stdout.count('Edit') > 0
        if ok:
            res['held'] = True
            break
        time.sleep(0.5)
    xml = os.path.join(build, 'src', 'vireo-xml')
    p = subprocess.run([xml, '--connect', uri, 'h1', '--edit', '--disk', 'target.dev=hdc',
                        '--disk', 'readonly=on', '--print-xml'],
                       capture_output=True, text=True, timeout=120)
    res.update(print_rc=p.returncode, print_out=p.stdout, print_err=p.stderr)
    p = subprocess.run([xml, '--connect', uri, 'h1', '--edit', '--memory', '222'],
                       capture_output=True, text=True, timeout=120)
    res.update(rc=p.returncode, out=p.stdout, err=p.stderr)
    p = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.vireo.Vireo',
                        '--object-path', '/org/vireo/Vireo', '--method',
                        'org.vireo.Vireo.Installer.Domains', uri],
                       capture_output=True, text=True, timeout=60)
    res['domains'] = p.stdout

    # --confirm: the diff shown (a new random MAC) is what is saved.
    p = subprocess.run([xml, '--connect', uri, 'h1', '--add-device', '--network', 'type=user',
                        '--confirm'], input='y\n', capture_output=True, text=True, timeout=120)
    res.update(confirm_rc=p.returncode, confirm_out=p.stdout, confirm_err=p.stderr)
    p = subprocess.run([xml, '--connect', uri, 'h1', '--add-device', '--network', 'type=user',
                        '--confirm'], input='n\n', capture_output=True, text=True, timeout=120)
    res.update(no_rc=p.returncode, no_out=p.stdout, no_err=p.stderr)

    # The manager refuses to commit what it would not compute again.
    from gi.repository import Gio, GLib
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    def edit(flags, token=None, shown=None):
        change = {'action': GLib.Variant('u', 1), 'option': GLib.Variant('s', 'network'),
                  'select': GLib.Variant('u', 0), 'index': GLib.Variant('i', 0),
                  'matches': GLib.Variant('a(ssb)', []),
                  'values': GLib.Variant('a(ssb)', [('type', 'user', True)])}
        req = {'uri': GLib.Variant('s', uri), 'domain': GLib.Variant('s', 'h1'),
               'edits': GLib.Variant('av', [GLib.Variant('a{sv}', change)]),
               'os-variant': GLib.Variant('s', ''), 'commit-flags': GLib.Variant('u', flags),
               'start': GLib.Variant('b', False)}
        if token is not None:
            req['token'] = GLib.Variant('s', token)
            req['xml'] = GLib.Variant('s', shown)
        try:
            r = bus.call_sync('org.vireo.Vireo', '/org/vireo/Vireo',
                              'org.vireo.Vireo.Installer', 'Edit',
                              GLib.Variant('(a{sv})', (req,)), GLib.VariantType('(a{sv})'),
                              Gio.DBusCallFlags.NONE, 120000, None)
            return r.unpack()[0], None
        except GLib.Error as e:
            return None, e.message

    dry, err = edit(0)
    res['dry_token'] = dry and dry.get('token', '')
    _, res['other_xml_err'] = edit(1, dry['token'], dry['xml'].replace('52:54:00', '52:54:01'))
    seed, _, digest = dry['token'].rpartition(':')
    _, res['stale_err'] = edit(1, seed + ':' + '0' * len(digest), dry['xml'])
    same, res['same_err'] = edit(1, dry['token'], dry['xml'])
    res['same_xml_equal'] = same is not None and same['xml'] == dry['xml']

    # --no-define --start: the changed XML runs; the definition stays.
    # (A vCPU count: the live <currentMemory> is the balloon's, which moves
    # only once the guest's driver answers.)
    p = subprocess.run([xml, '--connect', uri, 'h1', '--edit', '--vcpus', '2',
                        '--no-define', '--start'], capture_output=True, text=True, timeout=120)
    res.update(transient_rc=p.returncode, transient_out=p.stdout, transient_err=p.stderr)
finally:
    vireo.terminate()
    vireo.wait()
print(json.dumps(res))
'''


def test_handoff(env):
    """The manager holds the root: vireo-xml hands the edit to it."""
    data = tempfile.mkdtemp(prefix='vxh-', dir='/tmp')
    root = os.path.join(data, 'vireo', 'embed')
    os.makedirs(root)
    envv = {**os.environ, 'XDG_DATA_HOME': data, 'GSETTINGS_BACKEND': 'memory',
            'NO_AT_BRIDGE': '1',
            'GSETTINGS_SCHEMA_DIR': os.environ.get('GSETTINGS_SCHEMA_DIR',
                                                   os.path.join(it.build_root(), 'data'))}
    try:
        it.probe(root, 'define', guest_xml('h1', env.media))
        p = subprocess.run(['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24',
                            'dbus-run-session', '--', it.LIBVIRT_PYTHON, '-c', HANDOFF_CHILD,
                            it.build_root(), it.uri(root)],
                           capture_output=True, text=True, env=envv, timeout=500)
        lines = p.stdout.strip().splitlines()
        it.check(lines, 'the hand-off run printed nothing: %s' % p.stderr[-2000:])
        res = json.loads(lines[-1])
        it.check(res['held'], 'the manager did not hold the root')
        it.check(res['print_rc'] == 0 and '<readonly/>' in res['print_out'],
                 '--print-xml through the manager: %s' % res)
        it.check(res['rc'] == 0 and 'defined' in res['out'], 'the edit was not handed: %s'
                 % res)
        it.check('227328' in res['domains'],
                 'the manager does not have the new memory: %s' % res['domains'][:500])
        doms = it.probe(root, 'list')
        inactive = doms['h1']['inactive']

        # --confirm: the MAC of the diff shown is the one saved.
        it.check(res['confirm_rc'] == 0 and 'defined' in res['confirm_out'],
                 '--confirm through the manager: %s' % res)
        shown = re.findall(r'^\+\s*<mac address="([0-9a-f:]{17})"/>', res['confirm_out'], re.M)
        it.check(len(shown) == 1, 'no new MAC in the diff shown: %r' % res['confirm_out'])
        it.check(shown[0] in inactive, 'the MAC shown (%s) is not the one saved: %s'
                 % (shown[0], re.findall(r"mac address='([^']+)'", inactive)))
        it.check(res['no_rc'] == 0 and 'defined' not in res['no_out'],
                 '--confirm answered no: %s' % res)
        it.check(inactive.count('<interface') == 3,
                 'expected the first NIC, the confirmed one and the one committed over D-Bus: %s'
                 % re.findall(r"mac address='([^']+)'", inactive))
        # ... refusing what it would not compute again.
        it.check(res['other_xml_err'] and 'no longer give' in res['other_xml_err'],
                 'another XML than the one computed was committed: %s' % res['other_xml_err'])
        it.check(res['stale_err'] and 'changed since' in res['stale_err'],
                 'a stale token was accepted: %s' % res['stale_err'])
        it.check(res['same_xml_equal'], 'the token and XML shown were not committed: %s'
                 % res['same_err'])

        # --no-define --start: running with 2 vCPUs, still defined with 1 and 222 MiB.
        it.check(res['transient_rc'] == 0 and 'started' in res['transient_out'],
                 '--no-define --start through the manager: %s' % res)
        it.check("<currentMemory unit='KiB'>227328</currentMemory>" in inactive,
                 'the definition does not have the memory of the define step, or changed')
        it.check("<vcpu placement='static'>1</vcpu>" in inactive,
                 'the definition took the vCPUs of the transient start: %s'
                 % re.findall(r'<vcpu[^>]*>[^<]*</vcpu>', inactive))
        it.check(doms['h1']['live'] and
                 "<vcpu placement='static'>2</vcpu>" in doms['h1']['live'],
                 'the running VM is not the changed XML: %s' % (doms['h1']['live'] or '')[:400])
    finally:
        it.cleanup_root(root)
        shutil.rmtree(data, ignore_errors=True)


def main():
    tap = it.Tap()
    env = Env()
    try:
        tap.run('--edit defines the change', test_edit_define, env)
        tap.run('--print-diff changes nothing', test_print_changes_nothing, env)
        tap.run('--add-device --disk size=: a new image in ROOT/images', test_new_disk, env)
        tap.run('errors: one line, nothing changed', test_errors_change_nothing, env)
        tap.run('--update on a shut-off VM: warned, defined', test_update_shut_off, env)
        tap.run('rename a shut-off VM', test_rename, env)
        tap.run('XML on stdin', test_stdin, env)
        tap.run('--start, then --update on the running VM', test_start_and_update, env)
        tap.run('--confirm; --no-define --start', test_confirm_and_transient, env)
        if shutil.which('xvfb-run') and shutil.which('dbus-run-session'):
            tap.run('root held by the manager: hand-off', test_handoff, env)
        else:
            tap.run('root held by the manager: hand-off',
                    lambda e: it.check(False, 'needs xvfb-run and dbus-run-session'), env)
    finally:
        it.cleanup_root(env.root)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
