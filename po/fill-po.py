#!/usr/bin/python3
"""Fill empty translations in po/zh_CN.po from a file of pairs.

Usage: po/fill-po.py PAIRS.txt
PAIRS.txt holds blocks of two lines: the English msgid, then the Chinese
msgstr, separated by blank lines (C escapes as in the .po file).  The .po
must be written with --no-wrap (po/update-po.sh does), so every msgid is one
line.  Entries already translated are left alone.
"""
import sys

po_path = __file__.rsplit('/', 1)[0] + '/zh_CN.po'
pairs = {}
with open(sys.argv[1], encoding='utf-8') as f:
    blocks = f.read().split('\n\n')
for block in blocks:
    lines = [l for l in block.split('\n') if l.strip()]
    if len(lines) == 2:
        pairs[lines[0]] = lines[1]

out = []
lines = open(po_path, encoding='utf-8').read().split('\n')
i = 0
filled = 0
while i < len(lines):
    line = lines[i]
    out.append(line)
    if line.startswith('msgid "') and i + 1 < len(lines) and lines[i + 1] == 'msgstr ""':
        key = line[len('msgid "'):-1]
        if key in pairs:
            out.append('msgstr "%s"' % pairs[key])
            filled += 1
            i += 2
            continue
    i += 1
open(po_path, 'w', encoding='utf-8').write('\n'.join(out))
print('filled', filled)
