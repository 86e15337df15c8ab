#!/usr/bin/env python3
# The metainfo's screenshots: each image it names is a copy in data/screenshots/
# of a screenshot the suite takes (tests/app/test-appstream-screenshots.c takes
# "appstream-NAME"), with the size the metainfo states and 16:9 as AppStream
# asks; every copy is named.  Refresh the copies with
#   meson compile -C _build update-screenshots   (after the GUI tests ran)
import os
import struct
import sys
import xml.etree.ElementTree as ET

src = sys.argv[1]
metainfo = ET.parse(os.path.join(src, 'data', 'cn.dabiao.Station.metainfo.xml.in.in')).getroot()
shots_dir = os.path.join(src, 'data', 'screenshots')
test_source = open(os.path.join(src, 'tests', 'app', 'test-appstream-screenshots.c'), encoding='utf-8').read()
failures = []

images = metainfo.findall('./screenshots/screenshot/image')
if len(images) < 1:
    failures.append('the metainfo has no screenshot')
named = set()
for image in images:
    url = image.text.strip()
    name = url.rsplit('/', 1)[-1]
    named.add(name)
    path = os.path.join(shots_dir, name)
    if not url.startswith('https://'):
        failures.append('%s: AppStream wants an https address' % url)
    if '"appstream-%s"' % name[:-4] not in test_source:
        failures.append('%s: no screenshot "appstream-%s" is taken by test-appstream-screenshots.c'
                        % (name, name[:-4]))
    if not os.path.exists(path):
        failures.append('%s: no copy in data/screenshots/' % name)
        continue
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n':
        failures.append('%s is not a PNG' % name)
        continue
    width, height = struct.unpack('>II', head[16:24])
    if (str(width), str(height)) != (image.get('width'), image.get('height')):
        failures.append('%s is %dx%d, the metainfo says %sx%s' % (name, width, height,
                                                                  image.get('width'), image.get('height')))
    if abs(width / height - 16 / 9) > 0.02 or width < 620:
        failures.append('%s is %dx%d: AppStream asks for 16:9, at least 620 wide' % (name, width, height))
for name in os.listdir(shots_dir):
    if name not in named:
        failures.append('data/screenshots/%s is not named in the metainfo' % name)
for f in failures:
    print('FAIL: ' + f)
print('%d screenshots checked' % len(images))
sys.exit(1 if failures else 0)
