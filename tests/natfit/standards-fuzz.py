# standards-fuzz.py — bounded fuzzing of `dabiao-cli standards check|import`.
#
#   $DABIAO_PYTHON standards-fuzz.py [ITERATIONS] [SEED]
#
# Each iteration copies a shipped standard (exported as a CSV folder from its
# workbook), damages it at random (a cell replaced by junk, a number changed,
# a row dropped or duplicated, a column renamed, a file truncated or removed,
# bytes that are not UTF-8) and runs `standards check` and `standards import`:
# the program must answer 0 (valid) or 1 (problems listed), never crash or
# hang, and import must install only what check accepts.

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile

import openpyxl

CLI = os.environ['DABIAO_CLI']
JUNK = ['', 'abc', '-', '1e9', '-0', '９９', '１．５', '"', ',', '\n', '999999999999999999', '0.0001', 'NaN',
        '3..5', '男', 'both', '*', '20-24..3.0', 'higher', 'none', '\x00', 'x' * 300]


def export_folder(sid, tmp):
    """The standard's files as a folder, through an exported workbook."""
    book = os.path.join(tmp, sid + '.xlsx')
    subprocess.run([CLI, 'standards', 'export', sid, '-o', book], check=True, capture_output=True)
    wb = openpyxl.load_workbook(book)
    folder = os.path.join(tmp, sid)
    os.makedirs(folder)
    meta = {r[0]: r[1] for r in list(wb['standard'].iter_rows(values_only=True))[1:]}
    sources = list(wb['sources'].iter_rows(values_only=True))[1:]
    with open(os.path.join(folder, 'standard.ini'), 'w', encoding='utf-8') as f:
        f.write('[Standard]\n' + ''.join('%s=%s\n' % (k, v) for k, v in meta.items()))
        f.write('[Sources]\n' + ''.join('%s=%s\n' % (k, v) for k, v in sources))
    for name in ('items', 'groups', 'thresholds', 'bands', 'weights', 'bonus', 'grades'):
        with open(os.path.join(folder, name + '.csv'), 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f)
            for row in wb[name].iter_rows(values_only=True):
                w.writerow(['' if c is None else (str(int(c)) if isinstance(c, float) and c.is_integer() else str(c))
                            for c in row])
    return folder


def damage(folder, rnd):
    name = rnd.choice(['items', 'groups', 'thresholds', 'bands', 'weights', 'bonus', 'grades', 'standard'])
    path = os.path.join(folder, name + ('.ini' if name == 'standard' else '.csv'))
    if not os.path.exists(path):
        return
    with open(path, 'rb') as f:
        data = f.read()
    kind = rnd.randrange(8)
    if kind == 0 and name != 'standard':
        rows = list(csv.reader(data.decode('utf-8').splitlines()))
        if len(rows) > 1:
            r = rnd.randrange(len(rows))
            c = rnd.randrange(len(rows[r]))
            rows[r][c] = rnd.choice(JUNK)
        with open(path, 'w', encoding='utf-8', newline='') as f:
            csv.writer(f).writerows(rows)
        return
    lines = data.split(b'\n')
    if kind == 1 and len(lines) > 2:
        del lines[rnd.randrange(1, len(lines))]
    elif kind == 2 and len(lines) > 2:
        i = rnd.randrange(1, len(lines))
        lines.insert(i, lines[i])
    elif kind == 3:
        data = data[:rnd.randrange(len(data) + 1)]
        lines = data.split(b'\n')
    elif kind == 4:
        os.unlink(path)
        return
    elif kind == 5:
        i = rnd.randrange(len(data) + 1)
        lines = (data[:i] + bytes([rnd.randrange(128, 256)]) + data[i:]).split(b'\n')
    elif kind == 6:
        lines[0] = lines[0].replace(rnd.choice([b'min', b'group', b'item', b'score', b'id', b'shape']), b'junk', 1)
    else:
        # A digit changed somewhere.
        i = rnd.randrange(len(data)) if data else 0
        if data and chr(data[i]).isdigit():
            data = data[:i] + str(rnd.randrange(10)).encode() + data[i + 1:]
        lines = data.split(b'\n')
    with open(path, 'wb') as f:
        f.write(b'\n'.join(lines))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 11)
    tmp = tempfile.mkdtemp(prefix='dabiao-fuzz-')
    os.environ['XDG_DATA_HOME'] = os.path.join(tmp, 'xdg')
    counts = {0: 0, 1: 0}
    try:
        bases = [export_folder(sid, tmp) for sid in ('natfit-2003', 'student-2014')]
        for b in bases:
            r = subprocess.run([CLI, 'standards', 'check', b], capture_output=True, text=True, timeout=60)
            assert r.returncode == 0, r.stderr
        for i in range(n):
            case = os.path.join(tmp, 'case')
            shutil.rmtree(case, ignore_errors=True)
            shutil.copytree(rnd.choice(bases), case)
            for _ in range(rnd.randrange(1, 4)):
                damage(case, rnd)
            r = subprocess.run([CLI, 'standards', 'check', case], capture_output=True, timeout=60)
            if r.returncode not in (0, 1) or b'CRITICAL' in r.stderr or b'WARNING' in r.stderr:
                print('iteration %d: check exit %d\n%s' % (i, r.returncode, r.stderr.decode('utf-8', 'replace')[:2000]))
                shutil.copytree(case, os.path.join(os.environ.get('G_TEST_BUILDDIR', '/tmp'), 'fuzz-failure-%d' % i))
                sys.exit(1)
            counts[r.returncode] += 1
            imp = subprocess.run([CLI, 'standards', 'import', case, '--id', 'fuzz-%d' % i], capture_output=True, timeout=60)
            installed = os.path.exists(os.path.join(tmp, 'xdg', 'dabiao', 'standards', 'fuzz-%d' % i))
            if imp.returncode not in (0, 1) or installed != (r.returncode == 0 and imp.returncode == 0) or \
               (r.returncode == 1 and imp.returncode != 1):
                print('iteration %d: check %d, import %d, installed %s\n%s' %
                      (i, r.returncode, imp.returncode, installed, imp.stderr.decode('utf-8', 'replace')[:2000]))
                sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('%d damaged standards: %d still valid, %d refused with problems; no crash' % (n, counts[0], counts[1]))


if __name__ == '__main__':
    main()
