#!/usr/bin/python3
# A stand-in for `libreoffice --convert-to xls`, for tests: checks that
# Dabiao calls it the way LibreOffice needs (headless, a private profile,
# --convert-to xls, --outdir), then really converts the workbook with
# openpyxl + xlwt so the test can read the .xls back.
#
# FAKE_LIBREOFFICE_FAIL=1: print an error and exit 1 without writing, as
# LibreOffice does when the conversion fails.
import datetime
import os
import sys
from urllib.parse import urlparse, unquote

import openpyxl
import xlwt


def fail(message, code=2):
    sys.stderr.write("fake-libreoffice: " + message + "\n")
    sys.exit(code)


args = sys.argv[1:]
profile = [a for a in args if a.startswith("-env:UserInstallation=")]
if len(profile) != 1:
    fail("expected one -env:UserInstallation=file:///… (a private profile)")
profile_path = unquote(urlparse(profile[0].split("=", 1)[1]).path)
for flag in ("--headless", "--norestore"):
    if flag not in args:
        fail("missing " + flag)
try:
    target = args[args.index("--convert-to") + 1]
    outdir = args[args.index("--outdir") + 1]
except (ValueError, IndexError):
    fail("expected --convert-to FORMAT and --outdir DIR")
if target != "xls":
    fail("expected --convert-to xls, got " + target)
if os.path.dirname(profile_path) != outdir.rstrip("/"):
    fail("the profile should be private to the conversion folder")
source = args[-1]
if not source.endswith(".xlsx") or not os.path.isfile(source):
    fail("the last argument should be the .xlsx to convert")

os.makedirs(profile_path, exist_ok=True)  # LibreOffice fills it
if os.environ.get("FAKE_LIBREOFFICE_FAIL"):
    fail("Error: source file could not be loaded", 1)

book = openpyxl.load_workbook(source, read_only=True)
out = xlwt.Workbook(encoding="utf-8")
date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")  # as LibreOffice keeps it
for ws in book.worksheets:
    sheet = out.add_sheet(ws.title)
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        for c, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
name = os.path.splitext(os.path.basename(source))[0] + ".xls"
out.save(os.path.join(outdir, name))
print("convert " + source + " -> " + os.path.join(outdir, name) + " using filter : MS Excel 97")
