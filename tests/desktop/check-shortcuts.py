#!/usr/bin/env python3
# check-shortcuts.py: each program's shortcuts window (gtk/help-overlay.ui) lists every
# accelerator its code sets, and lists none that nothing sets.
#
# Accelerators set in code: the tables given to gtk_application_set_accels_for_action()
# ({ "ACTION", { "ACCEL", ... } } or { "ACTION", "ACCEL" } rows in the files that call
# it), <accelerator> elements of the templates, and F1 of vireo_help_install().  The
# manager's overlay covers the manager, its VM windows and their consoles; the viewer's
# covers its console window.  Accelerators are compared as GTK parses them, so that
# "<Control>plus" and "<Primary>plus" are one (as gtk_accelerator_parse() reads them).
#
# Usage: check-shortcuts.py SOURCE_ROOT   (TAP)
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import re
import sys
import xml.etree.ElementTree as ET

ROW = re.compile(r'\{\s*"((?:app|win|console)\.[a-z-]+)(?:\([^"]*\))?"\s*,\s*\{?\s*"([^"]+)"')
# What GTK binds by itself in the windows the overlays describe: the shortcuts window,
# the tree view's selection keys, the context menu keys.
GTK_OWN = {'<Primary>question', '<Primary>space', '<Shift>Down', '<Primary>a', '<Shift>F10',
           'Menu'}
# The displays' default key sequence that releases a grabbed keyboard and pointer
# (spice-gtk's and gtk-vnc's Ctrl+Alt), which the console page keeps unless hotkeys
# change it.
DISPLAY_OWN = {'<Primary>Alt_L'}


MODS = {'primary': 'Control', 'control': 'Control', 'ctrl': 'Control', 'shift': 'Shift',
        'alt': 'Alt', 'mod1': 'Alt', 'super': 'Super', 'meta': 'Meta', 'hyper': 'Hyper'}


def norm(accel):
    """ACCEL as GTK reads it: modifiers in any spelling and order, one-letter keys in
    either case ("<Control>A" is "<Primary>a")."""
    mods = set()
    rest = accel.strip()
    while rest.startswith('<'):
        end = rest.find('>')
        if end < 0:
            return None
        name = rest[1:end].lower()
        if name not in MODS:
            return None
        mods.add(MODS[name])
        rest = rest[end + 1:]
    if not rest:
        return None
    key = rest.lower() if len(rest) == 1 else rest
    return ''.join(f'<{m}>' for m in sorted(mods)) + key


def code_accels(root, files):
    """(action, accelerator, where) of the tables in FILES."""
    found = []
    for rel in files:
        with open(os.path.join(root, rel), encoding='utf-8') as f:
            text = f.read()
        for m in ROW.finditer(text):
            line = text.count('\n', 0, m.start()) + 1
            found.append((m.group(1), m.group(2), f'{rel}:{line}'))
    return found


def template_accels(root, area_dirs):
    found = []
    for d in area_dirs:
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            for name in names:
                if not name.endswith('.ui') or name == 'help-overlay.ui':
                    continue
                path = os.path.join(dirpath, name)
                for el in ET.parse(path).iter('accelerator'):
                    mods = el.get('modifiers', '')
                    accel = ''.join(f'<{m.strip()[4:]}>' for m in mods.split('|') if m.strip())
                    found.append((el.get('signal'), accel + el.get('key', '')[8:],
                                  os.path.relpath(path, root)))
    return found


def overlay(root, rel):
    """{normalized accelerator}, {action name} listed by the overlay at REL."""
    accels, actions = set(), set()
    for el in ET.parse(os.path.join(root, rel)).iter('object'):
        if el.get('class') != 'GtkShortcutsShortcut':
            continue
        for prop in el.findall('property'):
            if prop.get('name') == 'accelerator':
                for a in prop.text.split():
                    accels.add(norm(a) or a)
            elif prop.get('name') == 'action-name':
                actions.add(prop.text)
    return accels, actions


def main(root):
    help_f1 = []
    with open(os.path.join(root, 'src/ui/common/vireo-help.c'), encoding='utf-8') as f:
        if 'GDK_KEY_F1' in f.read():
            help_f1.append(('help.show', 'F1', 'src/ui/common/vireo-help.c'))
    app = code_accels(root, ['src/ui/manager/vireo-application.c'])
    console = code_accels(root, ['src/ui/console/vireo-console-page-actions.c'])
    programs = [
        ('the manager, its VM windows and their consoles', 'src/ui/manager/gtk/help-overlay.ui',
         app + console + help_f1 + template_accels(root, ['src/ui/manager', 'src/ui/vm',
                                                          'src/ui/host', 'src/ui/wizard',
                                                          'src/ui/hardware',
                                                          'src/ui/domain-ops'])),
        ('the viewer', 'src/ui/viewer/gtk/help-overlay.ui',
         console + help_f1 + template_accels(root, ['src/ui/viewer', 'src/ui/console'])),
    ]
    tests = []
    for who, rel, accels in programs:
        listed, listed_actions = overlay(root, rel)
        missing = [f'{accel} ({action}, {where})' for action, accel, where in accels
                   if norm(accel) not in listed and action not in listed_actions]
        tests.append((f'{rel} lists every accelerator of {who} ({len(accels)} set in code)',
                      missing, accels))
        set_here = {norm(a) for _, a, _ in accels} | {norm(a) for a in GTK_OWN}
        if 'viewer' in rel:
            set_here |= {norm(a) for a in DISPLAY_OWN}
        stale = sorted(a for a in listed if a not in set_here)
        tests.append((f'{rel} lists no accelerator that nothing sets ({len(listed)} listed)',
                      stale, None))
    # The tables themselves were found: a changed table layout must not pass silently.
    tests.append(('the accelerator tables are read (app, console)',
                  [] if len(app) >= 10 and len(console) >= 4 else
                  [f'{len(app)} app rows, {len(console)} console rows'], None))
    print(f'1..{len(tests)}')
    failed = 0
    for i, (name, problems, _) in enumerate(tests, 1):
        if problems:
            failed += 1
            print(f'not ok {i} - {name}')
            for p in problems:
                print(f'# {p}')
        else:
            print(f'ok {i} - {name}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
