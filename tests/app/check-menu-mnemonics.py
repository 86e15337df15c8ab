#!/usr/bin/env python3
# check-menu-mnemonics.py: in every menu of ui/*.ui, Alt+key does one thing,
# in English (the msgids) and in Chinese (po/zh_CN.po): no two items of one
# menu share a mnemonic.  Usage: check-menu-mnemonics.py SOURCE_ROOT
#
# Copyright 2026 The Dabiao authors
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]


def po_entries(path):
    """msgid → msgstr (no context, single strings), as written in the file."""
    entries, msgid, msgstr, ctx, field = {}, None, None, None, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('msgctxt '):
            ctx, field = line[8:], 'ctx'
        elif line.startswith('msgid '):
            msgid, field = eval(line[6:]), 'id'
        elif line.startswith('msgstr '):
            msgstr, field = eval(line[7:]), 'str'
        elif line.startswith('"') and field == 'id':
            msgid += eval(line)
        elif line.startswith('"') and field == 'str':
            msgstr += eval(line)
        elif line == '' and msgid is not None:
            if ctx is None:
                entries[msgid] = msgstr
            msgid, msgstr, ctx, field = None, None, None, None
    if msgid is not None and ctx is None:
        entries[msgid] = msgstr
    return entries


def mnemonic(label):
    m = re.search(r'_(\w)', label)
    return m.group(1).lower() if m else None


translations = po_entries(os.path.join(root, 'po', 'zh_CN.po'))
problems = []
checked = 0
for ui in sorted(glob.glob(os.path.join(root, 'ui', '*.ui'))):
    for menu in ET.parse(ui).getroot().iter('menu'):
        labels = [a.text for a in menu.iter('attribute') if a.get('name') == 'label' and a.text]
        for language, text_of in (('en', lambda s: s), ('zh_CN', lambda s: translations.get(s) or s)):
            seen = {}
            for label in labels:
                key = mnemonic(text_of(label))
                if key is None:
                    continue
                checked += 1
                if key in seen:
                    problems.append('%s menu %s (%s): Alt+%s is both “%s” and “%s”'
                                    % (os.path.basename(ui), menu.get('id'), language, key.upper(),
                                       text_of(seen[key]), text_of(label)))
                seen[key] = label
if checked == 0:
    print('no menu items with mnemonics found: the check looked at nothing')
    sys.exit(1)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
