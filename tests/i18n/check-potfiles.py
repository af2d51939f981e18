#!/usr/bin/env python3
# check-potfiles.py: po/POTFILES.in lists exactly the files with translatable strings.
#
# A file "has translatable strings" when it is
#   - a C source or header under src/ that calls _(), N_(), C_(), NC_(), Q_(), ngettext(),
#     g_dngettext() or g_dpgettext2() outside comments;
#   - a GtkBuilder template under src/ with translatable="yes";
#   - a desktop file, metainfo, MIME XML template or GSettings schema under data/.
# POTFILES.in must list every such file, list no file that is gone or holds no such
# string, and stay sorted (byte order) without duplicates.
#
# Usage: check-potfiles.py SOURCE_ROOT     (TAP: one line per rule)
#        check-potfiles.py --self-test     (TAP: the check on small trees that break each rule)
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import re
import sys
import tempfile

MARK = re.compile(r'\b(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|g_dgettext)\s*\(')
DATA = re.compile(r'(\.desktop\.in|\.metainfo\.xml\.in|\.appdata\.xml\.in|-mime\.xml\.in|'
                  r'\.gschema\.xml)$')


def strip_c(text):
    """C text without its comments, and with string literals emptied (same lines)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            end = n if j < 0 else j + 2
            out.append(' ' + '\n' * text.count('\n', i, end))   # lines keep their numbers
            i = end
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def has_strings(root, path):
    full = os.path.join(root, path)
    with open(full, encoding='utf-8', errors='replace') as f:
        text = f.read()
    if path.endswith(('.c', '.h')):
        return MARK.search(strip_c(text)) is not None
    if path.endswith('.ui'):
        return 'translatable="yes"' in text
    if DATA.search(path):
        return True
    return False


# A string of _(), N_(), C_() or g_dngettext() continued by G_G*_FORMAT: xgettext
# cuts the message before the macro, so it can never be translated whole.
GLIB_FORMAT_IN_MESSAGE = re.compile(
    r'(?:\b_|\bN_|\bC_|\bg_dngettext)\s*\([^();]*?""\s*(G_G[A-Z0-9]*_FORMAT)')


def candidates(root):
    found = []
    for top in ('src', 'data'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in filenames:
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                if name.endswith(('.c', '.h', '.ui')) or DATA.search(name):
                    if has_strings(root, rel):
                        found.append(rel)
    return sorted(found)


def check(root):
    """A list of (rule, problems) pairs."""
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        listed = [line.strip() for line in f
                  if line.strip() and not line.lstrip().startswith('#')]
    marked = candidates(root)
    missing = [p for p in marked if p not in listed]
    gone = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    empty = [p for p in listed
             if p not in gone and not has_strings(root, p)]
    cut = []
    for p in listed:
        if p.endswith(('.c', '.h')) and p not in gone:
            with open(os.path.join(root, p), encoding='utf-8') as f:
                text = strip_c(f.read())
            for m in GLIB_FORMAT_IN_MESSAGE.finditer(text):
                line = text.count('\n', 0, m.start()) + 1
                cut.append(f'{p}:{line}: {m.group(1)} (xgettext ends the message there: '
                           'write PRIu64, PRId64 or %zu)')
    order = []
    for a, b in zip(listed, listed[1:]):
        if a.encode() >= b.encode():
            order.append(f'{b} comes after {a}')
    return [
        ('every file with translatable strings is listed', missing),
        ('every listed file exists', gone),
        ('every listed file has translatable strings', empty),
        ('the list is sorted, without duplicates', order),
        ('no message is cut by a GLib format macro', cut),
    ], len(marked)


def run(root):
    results, n = check(root)
    print(f'1..{len(results)}')
    failed = 0
    for i, (rule, problems) in enumerate(results, 1):
        if problems:
            failed += 1
            print(f'not ok {i} - {rule}')
            for p in problems:
                print(f'# {p}')
        else:
            print(f'ok {i} - {rule} ({n} files)')
    return 1 if failed else 0


def self_test():
    """The check on trees that keep each rule or break it."""
    good = {
        'src/a/vireo-a.c': 'x = _("Hello");\n',
        'src/a/vireo-b.c': '/* _("only in a comment") */ x = "_(";\n',
        'src/a/vireo-c.ui': '<property name="label" translatable="yes">Hi</property>\n',
        'src/a/vireo-d.ui': '<property name="label">vireo</property>\n',
        'src/a/vireo-e.h': 'static const char *t = N_("Table");\n',
        'data/x.desktop.in': '[Desktop Entry]\nName=X\n',
        'po/POTFILES.in': '# comment\ndata/x.desktop.in\nsrc/a/vireo-a.c\nsrc/a/vireo-c.ui\n'
                          'src/a/vireo-e.h\n',
    }
    cases = [
        ('a complete list', {}, None),
        ('a C file missing', {'src/a/vireo-f.c': 'n = ngettext ("a", "b", 2);\n'}, 0),
        ('a template missing', {'src/b/vireo-g.ui': 'translatable="yes"'}, 0),
        ('a schema missing', {'data/x.gschema.xml': '<schemalist/>'}, 0),
        ('a listed file gone', {'po/POTFILES.in': good['po/POTFILES.in'] + 'src/a/vireo-z.c\n'},
         1),
        ('a listed file without strings',
         {'po/POTFILES.in': good['po/POTFILES.in'].replace('src/a/vireo-a.c\n',
                                                           'src/a/vireo-a.c\nsrc/a/vireo-b.c\n')},
         2),
        ('an unsorted list',
         {'po/POTFILES.in': 'src/a/vireo-a.c\ndata/x.desktop.in\nsrc/a/vireo-c.ui\n'
                            'src/a/vireo-e.h\n'}, 3),
        ('a duplicate', {'po/POTFILES.in': good['po/POTFILES.in'] + 'src/a/vireo-e.h\n'}, 3),
        ('a message cut by a GLib macro',
         {'src/a/vireo-a.c': 'x = _("Hello %" G_GUINT64_FORMAT " times");\n'}, 4),
    ]
    print(f'1..{len(cases)}')
    failed = 0
    for i, (name, change, broken) in enumerate(cases, 1):
        with tempfile.TemporaryDirectory() as root:
            for path, text in {**good, **change}.items():
                os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
                with open(os.path.join(root, path), 'w') as f:
                    f.write(text)
            results, _ = check(root)
            failing = [j for j, (_, problems) in enumerate(results) if problems]
            expected = [] if broken is None else [broken]
            if failing == expected:
                print(f'ok {i} - {name}: rules failing {failing}')
            else:
                failed += 1
                print(f'not ok {i} - {name}: rules failing {failing}, expected {expected}')
                for rule, problems in results:
                    print(f'# {rule}: {problems}')
    return 1 if failed else 0


if __name__ == '__main__':
    if len(sys.argv) == 2 and sys.argv[1] == '--self-test':
        sys.exit(self_test())
    if len(sys.argv) != 2:
        sys.exit('usage: check-potfiles.py SOURCE_ROOT | --self-test')
    sys.exit(run(sys.argv[1]))
