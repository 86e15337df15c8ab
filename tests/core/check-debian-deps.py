#!/usr/bin/env python3
# build-aux/debian-packages.txt (what the README's set-up and CI install) and
# debian/control (what the .deb is built with and depends on) name the same
# packages: a build dependency added to one only breaks the package build or
# CI later, so it fails here at once.
#   "# build" lines -> Build-Depends
#   "# test" lines  -> Build-Depends with <!nocheck> (the package build runs the suite)
#   "# run" lines   -> Depends of dabiao-cli (or dabiao)
# Libraries the programs link come through ${shlibs:Depends} and need no line.
import os
import re
import sys

src = sys.argv[1]
# names that differ or need no entry
SAME_AS = {'pkg-config': 'pkgconf', 'gcc': None}  # gcc: build-essential is implied
# test tools the package build does not need (the suite's own CI tools)
NOT_IN_PACKAGE_BUILD = set()

section = None
wanted = {'build': [], 'test': [], 'run': []}
for line in open(os.path.join(src, 'build-aux', 'debian-packages.txt'), encoding='utf-8'):
    line = line.strip()
    m = re.match(r'#\s*(build|test|run)\b', line)
    if m:
        section = m.group(1)
        continue
    if not line or line.startswith('#'):
        continue
    if section is None:
        continue
    wanted[section].append(line.split()[0])

control = open(os.path.join(src, 'debian', 'control'), encoding='utf-8').read()
paragraphs = [p for p in re.split(r'\n\s*\n', control) if p.strip()]


def field(paragraph, name):
    m = re.search(r'^%s:(.*(?:\n[ \t].*)*)' % re.escape(name), paragraph, re.M)
    return m.group(1) if m else ''


def relations(text):
    """{package: raw relation} of a Depends-like field."""
    result = {}
    for rel in text.split(','):
        for alt in rel.split('|'):
            alt = alt.strip()
            if alt:
                result[alt.split()[0].split(':')[0]] = alt
    return result


source = paragraphs[0]
build_depends = relations(field(source, 'Build-Depends'))
binary = {field(p, 'Package').strip(): relations(field(p, 'Depends')) for p in paragraphs[1:]}
failures = []
for section, packages in wanted.items():
    for pkg in packages:
        name = SAME_AS.get(pkg, pkg)
        if name is None or name in NOT_IN_PACKAGE_BUILD:
            continue
        if section == 'build':
            if name not in build_depends:
                failures.append('%s (build) is not in Build-Depends of debian/control' % name)
            elif '<!nocheck>' in build_depends[name]:
                failures.append('%s (build) is marked <!nocheck> in debian/control' % name)
        elif section == 'test':
            if name not in build_depends:
                failures.append('%s (test) is not in Build-Depends of debian/control (with <!nocheck>)' % name)
        elif section == 'run':
            if not any(name in deps for deps in binary.values()):
                failures.append('%s (run) is not in the Depends of a package in debian/control' % name)
for f in failures:
    print('FAIL: ' + f)
print('%d packages checked' % sum(map(len, wanted.values())))
sys.exit(1 if failures else 0)
