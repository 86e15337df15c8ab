#!/usr/bin/env python3
# make-hostile.py: write the hostile corpus: small files (csv, xlsx, xls)
# built to make a table reader allocate or work without bound.
#
#   make-hostile.py OUTDIR [--full]
#
# Without --full the files are shrunk where that keeps what they test (the
# suite runs them in a few seconds); with --full every file is what an
# attacker would send, up to 10 MB (bench/bench-hostile.c runs those).
# Prints one line per file: NAME<TAB>EXPECT<TAB>WHAT, EXPECT being "read"
# (the reader must read it through) or "refuse:TEXT" (the reader must stop
# with a DABIAO_ERROR whose message holds TEXT).
#
# Big xlsx parts are written as raw deflate streams made of one compressed
# block repeated (each block ends with a full flush, so it stands alone):
# gigabytes of XML cost a few kilobytes and no time to write.
# Needs python3-xlwt for the .xls file (Debian's /usr/bin/python3).

import os
import struct
import sys
import zlib

FULL = "--full" in sys.argv
OUT = [a for a in sys.argv[1:] if not a.startswith("--")][0]
os.makedirs(OUT, exist_ok=True)
MANIFEST = []

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELNS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
OFFDOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Part:
    """A zip entry: bytes, or head + block × count + tail, deflated."""

    def __init__(self, name, head=b"", block=b"", count=0, tail=b""):
        self.name = name
        self.head, self.block, self.count, self.tail = head, block, count, tail

    def deflated(self):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        out = c.compress(self.head) + c.flush(zlib.Z_FULL_FLUSH)
        crc = zlib.crc32(self.head)
        size = len(self.head)
        if self.count:
            # One compressed block for a run of blocks, repeated.
            run = self.block * max(1, (1 << 20) // max(1, len(self.block)))
            n_runs, rest = divmod(self.count, max(1, (1 << 20) // max(1, len(self.block))))
            packed = c.compress(run) + c.flush(zlib.Z_FULL_FLUSH)
            run_crc_data = run
            pieces = [out]
            for _ in range(n_runs):
                pieces.append(packed)
                crc = zlib.crc32(run_crc_data, crc)
            size += len(run) * n_runs
            tail_blocks = self.block * rest
            pieces.append(c.compress(tail_blocks) + c.flush(zlib.Z_FULL_FLUSH))
            crc = zlib.crc32(tail_blocks, crc)
            size += len(tail_blocks)
            out = b"".join(pieces)
        out += c.compress(self.tail) + c.flush()
        crc = zlib.crc32(self.tail, crc) & 0xFFFFFFFF
        size += len(self.tail)
        return out, crc, size


def write_zip(path, parts):
    """A plain zip (no zip64: every size below 4 GiB)."""
    with open(path, "wb") as f:
        central = []
        for part in parts:
            data, crc, size = part.deflated()
            assert size < 1 << 32
            name = part.name.encode()
            offset = f.tell()
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21,
                                crc, len(data), size, len(name), 0) + name)
            f.write(data)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21,
                                       crc, len(data), size, len(name), 0, 0, 0, 0, 0,
                                       offset) + name)
        start = f.tell()
        for c in central:
            f.write(c)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                            f.tell() - start, start, 0))


def workbook_parts(sheet, shared=None, extra=()):
    parts = [
        Part("[Content_Types].xml", b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        Part("_rels/.rels", ('<Relationships %s><Relationship Id="rId1" Type="%s/officeDocument" '
                             'Target="xl/workbook.xml"/></Relationships>' % (RELNS, OFFDOC)).encode()),
        Part("xl/workbook.xml", ('<workbook %s xmlns:r="%s"><sheets><sheet name="名单" sheetId="1" '
                                 'r:id="rId1"/></sheets></workbook>' % (NS, OFFDOC)).encode()),
        Part("xl/_rels/workbook.xml.rels", ('<Relationships %s><Relationship Id="rId1" Type="%s/worksheet" '
                                            'Target="worksheets/sheet1.xml"/></Relationships>' % (RELNS, OFFDOC)).encode()),
    ]
    if shared is not None:
        parts.append(shared)
    parts.append(sheet)
    parts.extend(extra)
    return parts


def sheet(head=b"", block=b"", count=0, tail=b""):
    return Part("xl/worksheets/sheet1.xml",
                ('<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
                 '<c r="B1" t="inlineStr"><is><t>性别</t></is></c><c r="C1" t="inlineStr"><is><t>编号</t></is></c>'
                 '<c r="D1" t="inlineStr"><is><t>出生日期</t></is></c></row>' % NS).encode() + head,
                block, count, tail + b"</sheetData></worksheet>")


def add(name, expect, what):
    MANIFEST.append((name, expect, what))


def xlsx(name, expect, what, parts):
    write_zip(os.path.join(OUT, name), parts)
    add(name, expect, what)


# ---- xlsx ----------------------------------------------------------------

# One long shared string used by every row: read by reference (68 KB made
# 3.2 GB when it was copied per row).  In full, past the text a file may
# hold (1 GiB, counting the string at each use): refused at that row.
n_rows = 1048575 if FULL else 5000
long_text = ("长" * 32000).encode()
shared = Part("xl/sharedStrings.xml",
              ('<sst %s><si><t>' % NS).encode() + long_text + b"</t></si></sst>")
rows = b'<row><c t="s"><v>0</v></c><c><v>1</v></c><c><v>7</v></c><c t="inlineStr"><is><t>2012-01-01</t></is></c></row>'
xlsx("shared-every-row.xlsx", "refuse:1024" if FULL else "read", "one 32,000-character shared string in every row",
     workbook_parts(sheet(block=rows, count=n_rows - 1), shared))

# The same with a string one character over a cell's limit.
shared_over = Part("xl/sharedStrings.xml",
                   ('<sst %s><si><t>' % NS).encode() + ("长" * 32768).encode() + b"</t></si></sst>")
xlsx("shared-too-long.xlsx", "refuse:32767", "a shared string of 32,768 characters in every row",
     workbook_parts(sheet(block=rows, count=n_rows - 1), shared_over))

# One cell of 2 GB of text (GLib aborted on the 4 GiB allocation): a text
# run past the XML limit.
xlsx("huge-cell.xlsx", "refuse:MiB", "one inline cell of 2 GB (in a 2 MB file)",
     workbook_parts(sheet(head=b'<row><c t="inlineStr"><is><t>', block=b"A" * 1024,
                          count=(2 << 30) // 1024 if FULL else 4096, tail=b"</t></is></c></row>")))

# A cell made of many short runs: each run is small, the cell is not.
xlsx("many-runs.xlsx", "refuse:32767", "one inline cell of rich-text runs, 10 MB of text",
     workbook_parts(sheet(head=b'<row><c t="inlineStr"><is>', block=b"<r><t>ABCDEFGHIJ</t></r>",
                          count=(10 << 20) // 10 if FULL else 20000, tail=b"</is></c></row>")))

# 100 .rels parts of 64 MB each (6.4 MB file made 6.3 GB).
rels_block = ('<Relationship Id="rIdX" Type="%s/x" Target="x.xml"/>' % OFFDOC).encode()
rels = [Part("xl/worksheets/_rels/p%d.xml.rels" % i, ("<Relationships %s>" % RELNS).encode(), rels_block,
             (64 << 20) // len(rels_block) if FULL else (20 << 20) // len(rels_block),
             b"</Relationships>") for i in range(40 if FULL else 3)]
xlsx("rels-bomb.xlsx", "refuse:MiB", "40 relationship parts of 64 MB each",
     workbook_parts(sheet(), extra=rels))

# Wide rows: every row has a cell in the last column (12 KB made 1 GB).
wide = b'<row><c r="XFD%d"><v>1</v></c></row>'
xlsx("wide-rows.xlsx", "refuse:134217728" if FULL else "read", "rows with one cell in column XFD",
     workbook_parts(sheet(block=b'<row><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'.replace(b' r="XFD1"', b' r="XFD1"'),
                          count=1048000 if FULL else 200)))

# Deep nesting.
xlsx("deep.xlsx", "refuse:256", "10 MB of nested elements",
     workbook_parts(sheet(head=b"<row>", block=b"<a>", count=(10 << 20) // 3 if FULL else 1000)))

# A DOCTYPE with entities (billion laughs).
xlsx("doctype.xlsx", "refuse:DOCTYPE", "a DOCTYPE declaring nested entities",
     workbook_parts(Part("xl/worksheets/sheet1.xml",
                         b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                         + ('<worksheet %s><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row>'
                            '</sheetData></worksheet>' % NS).encode())))

# Millions of shared strings.
xlsx("many-shared.xlsx", "refuse:2097152" if FULL else "read", "more shared strings than any roster has",
     workbook_parts(sheet(), Part("xl/sharedStrings.xml", ("<sst %s>" % NS).encode(), b"<si><t>x</t></si>",
                                  (3 << 20) if FULL else 100000, b"</sst>")))

# A sheet that unpacks past the limit (the slowest thing a reader may be
# made to do: parse up to the limit).
cells = b'<c r="B2"><v>1</v></c>' * 40
xlsx("sheet-bomb.xlsx", "refuse:MiB" if FULL else "read", "a sheet unpacking to 3 GB of cells (in one row)",
     workbook_parts(sheet(head=b'<row r="2">', block=cells,
                          count=(3 << 30) // len(cells) if FULL else (8 << 20) // len(cells),
                          tail=b"</row>")))

# Valid rows up to Excel's last row, then one more.
xlsx("too-many-rows.xlsx", "refuse:1048576", "1,048,577 rows",
     workbook_parts(sheet(block=b'<row><c><v>1</v></c></row>', count=1048576)))

# More zip entries than any workbook has.
many = [Part("xl/media/m%d.bin" % i, b"x") for i in range(20000)]
xlsx("many-parts.xlsx", "refuse:10000", "20,000 parts in the zip", workbook_parts(sheet(), extra=many))

# ---- csv -----------------------------------------------------------------


def csv(name, expect, what, head, block=b"", count=0, tail=b""):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(head)
        run = block * max(1, (1 << 20) // max(1, len(block))) if block else b""
        n_runs, rest = divmod(count, max(1, (1 << 20) // max(1, len(block)))) if block else (0, 0)
        for _ in range(n_runs):
            f.write(run)
        f.write(block * rest)
        f.write(tail)
    add(name, expect, what)


size = (10 << 20) - 1000 if FULL else (1 << 20)
csv("commas.csv", "refuse:16384", "a line of 10 MB of commas (made 3.2 GB)", "姓名,性别,编号,出生日期\n".encode(), b",", size)
csv("open-quote.csv", "refuse:32767", "a quote never closed, 10 MB after it", '姓名,性别,编号,出生日期\n"'.encode(), b"A", size)
csv("long-cell.csv", "refuse:32767", "an unquoted cell of 10 MB", "姓名,性别,编号,出生日期\n".encode(), b"A", size)
csv("blank-lines.csv", "refuse:1048576", "10 MB of one-character rows", "姓名,性别,编号,出生日期\n".encode(), b"1\n",
    ((10 << 20) - 1000) // 2 if FULL else 1048580)
csv("max-cell.csv", "read", "a name of exactly 32,767 characters", "姓名,性别,编号,出生日期\n".encode() + ("名" * 32767).encode() + b",1\n")
csv("over-cell.csv", "refuse:32767", "a name of 32,768 characters", "姓名,性别,编号,出生日期\n".encode() + ("名" * 32768).encode() + b",1\n")
csv("wide-csv.csv", "read" if not FULL else "read", "rows of 16,384 columns",
    ",".join(["h"] * 16384).encode() + b"\n", (",".join(["1"] * 16384) + "\n").encode(), 300 if FULL else 20)

# ---- xls -----------------------------------------------------------------

try:
    import xlwt

    book = xlwt.Workbook()
    for i in range(20):
        s = book.add_sheet("表%d" % (i + 1))
        s.write(0, 0, "姓名")
        s.write(65535, 255, 1)
    book.save(os.path.join(OUT, "xls-declared.xls"))
    # Either refused (libfreexl in its child needs more than its memory
    # limit for 16 million declared cells) or read: never the 5 GB / 531 s
    # it took when every sheet was parsed (twice).
    add("xls-declared.xls", "any", "20 sheets of 65,536 × 256 declared cells (18 KB)")
except ImportError:
    print("# python3-xlwt missing: no .xls", file=sys.stderr)

for name, expect, what in MANIFEST:
    print("%s\t%s\t%s" % (name, expect, what))
