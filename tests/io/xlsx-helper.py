#!/usr/bin/python3
# Independent xlsx writer and reader for tests/io/test-xlsx.c:
#   xlsx-helper.py make DIR    write the fixtures (openpyxl, and zipfile for
#                              what openpyxl cannot write: rich text, inline
#                              strings, part order, 1904 dates, phonetic runs)
#   xlsx-helper.py dump FILE   print every cell of the first sheet, read with
#                              openpyxl, as "A1|type|value|number format"
import datetime
import os
import sys
import zipfile

import openpyxl


def make_openpyxl(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学校1"
    ws.append(["年级编号", "姓名", "身高", "出生日期", "学籍号", "在校", "民族代码"])
    ws.append([11, "张三", 172.5, datetime.date(2012, 3, 5), "G110101201203050011", True, "01"])
    ws.append([12, "李四", 3.4500000000000002, datetime.datetime(2011, 12, 31, 12, 30), "L1101", False, "02"])
    # A gap: row 4 is missing, row 5 has cells in C and E only.
    ws["C5"] = 0.1 + 0.2
    ws["E5"] = "  带空格  "
    ws["A6"] = 1101
    ws["B6"] = "=A6*2"
    ws["C6"] = 1e-5
    ws["D6"] = datetime.date(1900, 1, 1)
    ws["D6"].number_format = "yyyy/m/d"
    ws["E6"] = datetime.date(1900, 3, 1)
    ws["E6"].number_format = "mm-dd-yy"
    ws["F6"] = 42
    ws["F6"].number_format = "0.00"
    wb.create_sheet("第二页").append(["表头"])
    hidden = wb.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    wb.save(path)


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr %s/>
<sheets><sheet name="名单" sheetId="1" r:id="rId7"/></sheets>
</workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""

# cellXfs: 0 General, 1 built-in 14, 2 custom yyyy/m/d, 3 [h]:mm, 4 0.00"元",
# 5 yyyy"年"m"月"d"日", 6 mm:ss, 7 [$-804]yyyy/m/d;@, 8 "d"0, 9 built-in 31,
# 10 built-in 46 ([h]:mm:ss), 11 built-in 2 (0.00), 12 [Red]0.0
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="7">
<numFmt numFmtId="164" formatCode="yyyy/m/d"/>
<numFmt numFmtId="165" formatCode="[h]:mm"/>
<numFmt numFmtId="166" formatCode="0.00&quot;元&quot;"/>
<numFmt numFmtId="167" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="168" formatCode="mm:ss"/>
<numFmt numFmtId="169" formatCode="[$-804]yyyy/m/d;@"/>
<numFmt numFmtId="170" formatCode="&quot;d&quot;0"/>
<numFmt numFmtId="171" formatCode="[Red]0.0"/>
</numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="13">
<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/>
<xf numFmtId="167"/><xf numFmtId="168"/><xf numFmtId="169"/><xf numFmtId="170"/><xf numFmtId="31"/>
<xf numFmtId="46"/><xf numFmtId="2"/><xf numFmtId="171"/>
</cellXfs>
</styleSheet>"""

SHARED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>姓名</t></si>
<si><t>格式</t></si>
<si><r><rPr><b/></rPr><t>王</t></r><r><t xml:space="preserve"> 小</t></r><r><rPr><i/></rPr><t>明</t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></si>
<si><t>A&amp;B &lt;C&gt; &#x4E2D;</t></si>
</sst>"""

SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:M3"/>
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>值</t></is></c></row>
<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c>
<c r="C2" s="1"><v>40972</v></c><c r="D2" s="2"><v>40972</v></c><c r="E2" s="3"><v>1.5</v></c><c r="F2" s="4"><v>12.5</v></c>
<c r="G2" s="5"><v>40972</v></c><c r="H2" s="6"><v>0.5</v></c><c r="I2" s="7"><v>40972</v></c><c r="J2" s="8"><v>7</v></c>
<c r="K2" s="9"><v>40972</v></c><c r="L2" s="10"><v>0.25</v></c><c r="M2" s="11"><v>2.5</v></c><c r="N2" s="12"><v>-3</v></c></row>
<row r="4"><c r="A4" t="s"><v>3</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" t="e"><v>#DIV/0!</v></c><c r="E4" t="str"><f>A4</f><v>公式</v></c>
<c r="F4" t="d"><v>2012-03-05T00:00:00</v></c><c r="G4"><v>1.0E-3</v></c><c r="H4" s="0"/></row>
<row r="7"><c t="inlineStr"><is><t>无引用</t></is></c><c><v>2</v></c><c r="E7"><v>3</v></c><c><v>4</v></c></row>
</sheetData>
</worksheet>"""


def make_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)


def make_manual(path, date1904=False, sheet=SHEET, order="sheet-first"):
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", WORKBOOK % ('date1904="1"' if date1904 else "")),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]
    if order == "sheet-first":
        entries += [("xl/worksheets/sheet1.xml", sheet), ("xl/styles.xml", STYLES),
                    ("xl/sharedStrings.xml", SHARED)]
    else:
        entries += [("xl/sharedStrings.xml", SHARED), ("xl/styles.xml", STYLES),
                    ("xl/worksheets/sheet1.xml", sheet)]
    make_zip(path, entries)


def make(directory):
    make_openpyxl(os.path.join(directory, "openpyxl.xlsx"))
    make_manual(os.path.join(directory, "manual.xlsx"))
    make_manual(os.path.join(directory, "manual-strings-first.xlsx"), order="strings-first")
    make_manual(os.path.join(directory, "date1904.xlsx"), date1904=True,
                sheet=SHEET.replace("<v>40972</v>", "<v>39510</v>"))
    # Malformed workbooks.
    with open(os.path.join(directory, "openpyxl.xlsx"), "rb") as f:
        data = f.read()
    with open(os.path.join(directory, "truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(directory, "not-zip.xlsx"), "wb") as f:
        f.write("姓名,性别\r\n张三,男\r\n".encode("utf-8"))
    with open(os.path.join(directory, "ole.xlsx"), "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
    make_zip(os.path.join(directory, "no-workbook.xlsx"), [("readme.txt", "not a workbook")])
    # A Word document renamed .xlsx (what a teacher gets when a roster was
    # typed into a Word table): its main part is there, it is no workbook.
    make_zip(os.path.join(directory, "word.xlsx"), [
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ("_rels/.rels", PACKAGE_RELS.replace("xl/workbook.xml", "word/document.xml")),
        ("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
    ])
    make_zip(os.path.join(directory, "no-sheet.xlsx"), [
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", WORKBOOK % ""),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ])
    make_zip(os.path.join(directory, "no-sheets.xlsx"), [
        ("xl/workbook.xml", WORKBOOK.replace('<sheet name="名单" sheetId="1" r:id="rId7"/>', "") % ""),
    ])
    broken = SHEET.replace('<row r="4">', '<row r="4"><c r="A4"><v>1</v></row>', 1)
    make_manual(os.path.join(directory, "broken-xml.xlsx"), sheet=broken)
    make_manual(os.path.join(directory, "bad-string.xlsx"),
                sheet=SHEET.replace('<c r="A4" t="s"><v>3</v>', '<c r="A4" t="s"><v>99</v>'))
    make_manual(os.path.join(directory, "cut-xml.xlsx"),
                sheet=SHEET[: SHEET.index('<row r="4">') + 20])
    make_manual(os.path.join(directory, "empty.xlsx"),
                sheet=SHEET[: SHEET.index("<sheetData>")] + "<sheetData/></worksheet>")
    make_manual(os.path.join(directory, "broken-strings.xlsx"))
    with zipfile.ZipFile(os.path.join(directory, "broken-strings.xlsx"), "w") as z:
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK % "")
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/sharedStrings.xml", SHARED.replace("</sst>", "<si><t>oops</si></sst>"))
        z.writestr("xl/worksheets/sheet1.xml", SHEET)


def dump(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    print("sheet|%s" % ws.title)
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            if isinstance(value, datetime.datetime):
                value = value.strftime("%Y-%m-%d %H:%M:%S")
            print("%s|%s|%s|%s" % (cell.coordinate, type(value).__name__, value, cell.number_format))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "dump":
        dump(sys.argv[2])
