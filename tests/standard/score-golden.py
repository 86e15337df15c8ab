#!/usr/bin/python3
"""dabiao-cli score, byte for byte: tests/data/standards/score-golden/
input.csv (every kind of row: bonus, aliases 24/34, bad group, bad sex,
unreadable and missing values, full-width digits, quoted cells with commas,
quotes and line breaks) must give exactly expected.csv, written to a file and
to stdout (no BOM there).  The same rows as xlsx must show the same text, with
numbers as number cells in the right format.  Pins the output of the fast
paths of the batch scorer (fixed-point number text, cached groups, the
writer's number cells).  Run with $DABIAO_PYTHON (openpyxl)."""
import csv
import os
import subprocess
import sys
import tempfile

import openpyxl

CLI = os.environ['DABIAO_CLI']
HERE = os.path.join(os.environ['DABIAO_SOURCE_ROOT'], 'tests', 'data', 'standards', 'score-golden')
INPUT = os.path.join(HERE, 'input.csv')
EXPECTED = open(os.path.join(HERE, 'expected.csv'), 'rb').read()
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL:', what)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def run(*args):
    p = subprocess.run([CLI] + list(args), capture_output=True)
    check(p.returncode == 0, 'exit %d for %s: %s' % (p.returncode, args, p.stderr.decode('utf-8', 'replace')))
    return p.stdout


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, 'out.csv')
    run('score', '--standard', 'student-2014', '--quiet', INPUT, '-o', out)
    got = open(out, 'rb').read()
    i = first_difference(got, EXPECTED)
    check(got == EXPECTED, 'csv output differs from expected.csv at byte %d: %r vs %r'
          % (i, got[max(0, i - 40):i + 40], EXPECTED[max(0, i - 40):i + 40]))

    stdout = run('score', '--standard', 'student-2014', '--quiet', INPUT)
    check(stdout == EXPECTED[3:], 'stdout differs from expected.csv (without its BOM)')

    xlsx = os.path.join(tmp, 'out.xlsx')
    run('score', '--standard', 'student-2014', '--quiet', INPUT, '-o', xlsx)
    with open(os.path.join(HERE, 'expected.csv'), encoding='utf-8-sig', newline='') as f:
        want = list(csv.reader(f))
    ws = openpyxl.load_workbook(xlsx).active
    rows = list(ws.iter_rows())
    check(len(rows) == len(want), 'xlsx: %d rows, expected %d' % (len(rows), len(want)))
    n_numbers = 0
    for r, (cells, text) in enumerate(zip(rows, want), start=1):
        text = text + [''] * (len(cells) - len(text))
        for cell, t in zip(cells, text):
            v = cell.value
            where = 'xlsx %s (row %d)' % (cell.coordinate, r)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                n_numbers += 1
                decimals = len(t.split('.')[1]) if '.' in t else 0
                fmt = '0' if decimals == 0 else '0.' + '0' * decimals
                check('%.*f' % (decimals, v) == t, '%s: %r shown as %r' % (where, v, t))
                # Cells passed through from csv are text; only scored cells are numbers.
                check(cell.number_format == fmt, '%s: format %r, expected %r' % (where, cell.number_format, fmt))
            else:
                check((v or '') == t, '%s: %r, expected %r' % (where, v, t))
    check(n_numbers > 100, 'xlsx: only %d number cells' % n_numbers)

if failures:
    print('%d failures' % len(failures))
    sys.exit(1)
print('ok: csv, stdout and xlsx output as pinned')
