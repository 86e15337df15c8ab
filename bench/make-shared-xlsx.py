#!/usr/bin/python3
# make-shared-xlsx.py CSV XLSX: the roster CSV as a workbook with shared
# strings, as Excel and WPS write them (openpyxl's write_only mode and
# libxlsxwriter's constant_memory mode both write inline strings).  Columns
# 年级编号, 班级编号 and 性别 become numbers, 出生日期 a date.
import csv
import datetime
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{CT}sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{CT}styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}sharedStrings+xml"/>
</Types>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet {NS}>
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def main(csv_path, xlsx_path):
    strings, index, rows = [], {}, []
    base = datetime.date(1899, 12, 30)

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        for n, record in enumerate(csv.reader(f), 1):
            cells = []
            for i, value in enumerate(record):
                ref = "%s%d" % (chr(65 + i), n)
                if n > 1 and i in (0, 1, 6):
                    cells.append('<c r="%s"><v>%s</v></c>' % (ref, value))
                elif n > 1 and i == 7:
                    days = (datetime.date(*map(int, value.split("-"))) - base).days
                    cells.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, days))
                else:
                    cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, sst(value)))
            rows.append('<row r="%d">%s</row>' % (n, "".join(cells)))

    with zipfile.ZipFile(xlsx_path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook {NS} xmlns:r="{REL}"><sheets>'
                   '<sheet name="11010101" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships xmlns="{PKG}">'
                   f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
                   f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>')
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/worksheets/sheet1.xml",
                   f'<worksheet {NS}><sheetData>{"".join(rows)}</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml",
                   f'<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">'
                   + "".join("<si><t>%s</t></si>" % escape(t) for t in strings) + "</sst>")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
