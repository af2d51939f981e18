#!/usr/bin/python3
# test-two-managers.py: two `vireo` manager processes on one embedded root (faults suite)
#
# A first `vireo --connect qemu:///embed?root=ROOT` holds the root.  Then:
#   - a second `vireo` on the same session bus hands its request to the first
#     (GApplication) and exits 0: plain, and with --show-domain-console, whose
#     window the first opens;
#   - a second `vireo` with no session bus cannot reach the first: it opens the
#     root itself and is refused with a sentence naming the holder (the first
#     process, by its pid) on stderr and in its window;
#   - meanwhile the first keeps working: it still holds the root, answers on
#     D-Bus with the VMs of the root, and the VM's definition is unchanged.
# Runs in xvfb-run and dbus-run-session of its own.
#
# Usage: test-two-managers.py VIREO
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import subprocess
import sys
import tempfile
import time

VM_XML = '''<domain type='qemu'>
  <name>h1</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64'>hvm</type></os>
  <devices/>
</domain>'''

DEFINE = r'''
import sys, libvirt
libvirt.virEventRegisterDefaultImpl()
libvirt.registerErrorHandler(lambda *a: None, None)
conn = libvirt.open('qemu:///embed?root=' + sys.argv[1])
if len(sys.argv) > 2:
    conn.defineXML(sys.argv[2])
print(conn.lookupByName('h1').XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
'''

CHILD = r'''
import json, os, subprocess, sys, time
vireo, uri = sys.argv[1], sys.argv[2]
root = uri.split('root=', 1)[1]
res = {}


def domains():
    p = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.vireo.Vireo',
                        '--object-path', '/org/vireo/Vireo', '--method',
                        'org.vireo.Vireo.Installer.Domains', uri],
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


first = subprocess.Popen([vireo, '--connect', uri], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
res['first_pid'] = first.pid
try:
    res['held'] = False
    for _ in range(480):
        rc, out = domains()
        if rc == 0 and 'h1' in out:
            res['held'] = True
            break
        time.sleep(0.5)
    # The same session: handed to the first, which opens the VM's window.
    p = subprocess.run([vireo, '--connect', uri], capture_output=True, text=True, timeout=120)
    res['plain'] = [p.returncode, p.stdout, p.stderr]
    p = subprocess.run([vireo, '--connect', uri, '--show-domain-console', 'h1'],
                       capture_output=True, text=True, timeout=120)
    res['show'] = [p.returncode, p.stdout, p.stderr]
    res['first_alive_1'] = first.poll() is None
    # The first's windows: the VM window's title names the VM.
    for _ in range(60):
        p = subprocess.run(['xwininfo', '-root', '-tree'], capture_output=True, text=True,
                           timeout=60)
        res['vm_window'] = [line.strip() for line in p.stdout.splitlines() if 'h1' in line]
        if res['vm_window']:
            break
        time.sleep(0.5)
    # No session bus: a process of its own, refused.
    env = {**os.environ, 'DBUS_SESSION_BUS_ADDRESS': 'disabled:'}
    second = subprocess.Popen([vireo, '--connect', uri, '--show-domain-console', 'h1'],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env)
    try:
        out, err = second.communicate(timeout=120)
        res['alone'] = [second.returncode, out, err, 'exited']
    except subprocess.TimeoutExpired:
        # It stays up with its error dialog: what it said is on stderr.
        second.terminate()
        out, err = second.communicate(timeout=60)
        res['alone'] = [second.returncode, out, err, 'stayed']
    res['first_alive_2'] = first.poll() is None
    res['domains_after'] = domains()
finally:
    first.terminate()
    first.wait()
print(json.dumps(res))
'''


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def main():
    vireo = os.path.abspath(sys.argv[1])
    data = tempfile.mkdtemp(prefix='vtm-', dir='/tmp')
    root = os.path.join(data, 'vireo', 'embed')
    os.makedirs(root)
    uri = 'qemu:///embed?root=' + root
    env = {**os.environ, 'XDG_DATA_HOME': data, 'XDG_CONFIG_HOME': data,
           'GSETTINGS_BACKEND': 'memory', 'NO_AT_BRIDGE': '1'}
    ok = True
    try:
        p = subprocess.run(['/usr/bin/python3', '-c', DEFINE, root, VM_XML],
                           capture_output=True, text=True)
        check(p.returncode == 0, 'defining h1 failed: %s' % p.stderr[-2000:])
        before = p.stdout
        p = subprocess.run(['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24 -nolisten tcp',
                            'dbus-run-session', '--', '/usr/bin/python3', '-c', CHILD, vireo,
                            uri], capture_output=True, text=True, env=env, timeout=900)
        lines = p.stdout.strip().splitlines()
        check(lines, 'the run printed nothing: %s' % p.stderr[-2000:])
        res = json.loads(lines[-1])
        for key, value in sorted(res.items()):
            print('# %s: %r' % (key, value))
        checks = [
            ('the first vireo holds the root and lists its VM', lambda: check(
                res['held'], 'the first vireo never answered with h1')),
            ('a second vireo on the same bus hands over and exits 0', lambda: check(
                res['plain'][0] == 0 and res['show'][0] == 0 and res['first_alive_1'],
                'plain %r, --show-domain-console %r, first alive %r'
                % (res['plain'], res['show'], res['first_alive_1']))),
            ('the first opens the VM window asked for', lambda: check(
                res['vm_window'] != [], 'no window named after h1')),
            ('a second vireo with no bus is refused, naming the holder', lambda: check(
                res['alone'][2].strip() == (
                    'Could not open “h1”: The embedded hypervisor at %s is in use by vireo '
                    '(pid %d). Close it there, or open your virtual machines from that '
                    'program.' % (root, res['first_pid'])),
                'it said %r' % res['alone'][2])),
            ('the first keeps working and nothing changed', lambda: check(
                res['first_alive_2'] and res['domains_after'][0] == 0 and
                'h1' in res['domains_after'][1] and
                subprocess.run(['/usr/bin/python3', '-c', DEFINE, root], capture_output=True,
                               text=True, check=True).stdout == before,
                'first alive %r, D-Bus %r' % (res['first_alive_2'], res['domains_after']))),
        ]
        for n, (name, func) in enumerate(checks, 1):
            try:
                func()
                print('ok %d %s' % (n, name))
            except AssertionError as e:
                ok = False
                print('not ok %d %s\n# %s' % (n, name, e))
        print('1..%d' % len(checks))
    finally:
        subprocess.call(['rm', '-rf', data])
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
