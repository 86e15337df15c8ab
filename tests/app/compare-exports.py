#!/usr/bin/python3
"""compare-exports.py A B: the app's export A holds what the CLI's export B
holds, read with an independent reader (openpyxl for .xlsx, the csv module
for .csv): the same sheets, in order, with the same cell values and types.
Prints what differs and exits 1; prints a one-line summary and exits 0."""
import csv
import sys

import openpyxl


def read(path):
    if path.endswith('.csv'):
        with open(path, encoding='utf-8-sig', newline='') as f:
            return {'csv': [row for row in csv.reader(f)]}
    book = openpyxl.load_workbook(path, data_only=True)
    sheets = {}
    for ws in book.worksheets:
        sheets[ws.title] = [[(type(c).__name__, c) for c in row] for row in ws.iter_rows(values_only=True)]
    return sheets


a, b = read(sys.argv[1]), read(sys.argv[2])
if list(a) != list(b):
    print('sheets differ: %r vs %r' % (list(a), list(b)))
    sys.exit(1)
cells = 0
for name in a:
    if len(a[name]) != len(b[name]):
        print('%s: %d rows vs %d' % (name, len(a[name]), len(b[name])))
        sys.exit(1)
    for r, (ra, rb) in enumerate(zip(a[name], b[name]), 1):
        if ra != rb:
            print('%s row %d differs:\n  %r\n  %r' % (name, r, ra, rb))
            sys.exit(1)
        cells += len(ra)
    if len(a[name]) < 2:
        print('%s: no data rows' % name)
        sys.exit(1)
print('same: %d sheets, %d cells' % (len(a), cells))
