#!/usr/bin/python3
# test-valgrind.py: valgrind memcheck finds no definite leak and no invalid
# access in vireo-install --print-xml, vireo-xml --print-xml and the .vv
# parser (the corpus replay program, which loads every file of
# tests/fixtures/vv and tries short ones as viewer links)
#
# Usage: test-valgrind.py VIREO-INSTALL VIREO-XML VV-REPLAY.  Suppressions:
# tools/sanitizers/valgrind.supp (system libraries only).  A control case
# runs a program that does leak and checks that valgrind says so, so that a
# silent valgrind cannot pass the test.  TAP on stdout.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import subprocess
import sys
import tempfile

SOURCE = os.environ.get('VIREO_SOURCE_ROOT',
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
SUPP = os.path.join(SOURCE, 'tools', 'sanitizers', 'valgrind.supp')
GRUB_ISO = '/usr/lib/grub-rescue/grub-rescue-cdrom.iso'
LEAK_STATUS = 99

# A program whose one allocation is lost: valgrind must report it.
LEAKER = r'''
#include <stdlib.h>
#include <string.h>
int main (void) { char *p = malloc (64); memset (p, 1, 64); p = NULL; return 0; }
'''


def memcheck(argv):
    cmd = ['valgrind', '-q', '--leak-check=full', '--show-leak-kinds=definite',
           '--errors-for-leak-kinds=definite', '--error-exitcode=%d' % LEAK_STATUS,
           '--num-callers=40', '--suppressions=' + SUPP] + argv
    env = dict(os.environ, G_SLICE='always-malloc', G_DEBUG='gc-friendly')
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


def main():
    if shutil.which('valgrind') is None:
        print('Bail out! valgrind is missing: apt-get install valgrind')
        return 1
    install, xml, replay = sys.argv[1:4]
    work = tempfile.mkdtemp(prefix='vireo-vg-')
    leaker = os.path.join(work, 'leaker')
    with open(leaker + '.c', 'w') as f:
        f.write(LEAKER)
    subprocess.run(['cc', '-g', '-O0', '-o', leaker, leaker + '.c'], check=True)

    cases = [
        ('control: a leaking program is caught', [leaker], LEAK_STATUS, None),
        ('vireo-install --print-xml, two disks and a network',
         [install, '--connect', 'test:///default', '--name', 'vg1', '--memory', '256',
          '--vcpus', '2', '--disk', 'size=1', '--disk', 'size=2,format=raw',
          '--network', 'user', '--pxe', '--osinfo', 'generic', '--print-xml'], 0, '<domain'),
        ('vireo-install --print-xml, an ISO and an OS from osinfo',
         [install, '--connect', 'test:///default', '--name', 'vg2', '--memory', '512',
          '--disk', 'size=4', '--cdrom', GRUB_ISO, '--osinfo', 'debian11', '--print-xml'],
         0, '<domain'),
        ('vireo-install refusing an option',
         [install, '--connect', 'test:///default', '--name', 'vg3', '--memory', '0',
          '--disk', 'none', '--pxe', '--print-xml'], 2, None),
        ('vireo-xml --print-xml of an edit',
         [xml, '--connect', 'test:///default', 'test', '--edit', '--memory', '256',
          '--print-xml'], 0, '<domain'),
        ('vireo-xml --print-xml of an added disk',
         [xml, '--connect', 'test:///default', 'test', '--add-device', '--disk',
          '/var/lib/vg.qcow2,size=1', '--print-xml'], 0, '<disk'),
        ('the .vv parser over its corpus',
         [replay, os.path.join(SOURCE, 'tests', 'fixtures', 'vv')], 0, 'corpus files replayed'),
    ]
    print('1..%d' % len(cases))
    failed = 0
    for n, (name, argv, status, output) in enumerate(cases, 1):
        run = memcheck(argv)
        ok = run.returncode == status and (output is None or output in run.stdout)
        if status != LEAK_STATUS:
            ok = ok and 'definitely lost' not in run.stderr
        else:
            ok = ok and 'definitely lost' in run.stderr
        if not ok:
            failed += 1
            print('# exit %d (expected %d)' % (run.returncode, status))
            for line in run.stderr.splitlines()[-60:]:
                print('# ' + line)
        print('%s %d %s' % ('ok' if ok else 'not ok', n, name))
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
