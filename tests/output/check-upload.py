# Reads back the upload file written by test-upload.c (/dabiao/Upload/readback)
# and compares every cell, its type and its number format.
import datetime
import sys

import openpyxl

FIXED = ["年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址"]
G15 = ["身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐", "50米\u00d78往返跑"]
G21 = ["身高", "体重", "肺活量", "50米跑", "立定跳远", "坐位体前屈", "800米跑", "1000米跑", "一分钟仰卧起坐", "引体向上"]
UNION = ["身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐",
         "50米\u00d78往返跑", "立定跳远", "800米跑", "1000米跑", "引体向上"]
ADDR = "南京市玄武区北京东路1号"

FORMATS = {"身高": "0.0", "体重": "0.0", "50米跑": "0.0", "立定跳远": "0.0", "坐位体前屈": "0.0",
           "肺活量": "0", "一分钟跳绳": "0", "一分钟仰卧起坐": "0", "引体向上": "0",
           "50米\u00d78往返跑": "0.00", "800米跑": "0.00", "1000米跑": "0.00"}

EXPECTED = {
    "3201010001": (G15, [
        [11, 1102, "2班", "G320101201901010022", "01", "赵小红", 2, datetime.datetime(2019, 12, 31), ADDR,
         None, None, None, None, None, 88, None, None],
        [15, 1501, "1班", "G320101201501010011", "01", "王小明", 1, datetime.datetime(2015, 1, 1), ADDR,
         140.1, None, None, None, None, 120, None, 1.45],
    ]),
    "3201020002": (G21, [
        [21, 2103, "3班", "G320102200801011234", "01", "李雷", 1, datetime.datetime(2008, 1, 1), ADDR,
         165.4, 52.4, 3456, 7.9, 221, -2.3, None, 3.45, None, 8],
        [21, 2103, "3班", "L11010520080202002X", "01", "韩梅梅", 2, datetime.datetime(2008, 2, 2), None,
         158, None, None, None, None, None, 3.5, None, 40, None],
    ]),
    "3201030003": (UNION, [
        [16, 1601, "1班", "G320103201401010044", "01", "周一", 1, datetime.datetime(2014, 9, 1), ADDR,
         None, None, None, None, None, None, None, 1.4, None, None, None, None],
        [31, 3101, "1班", "G320103201001010055", "01", "周二", 1, datetime.datetime(2011, 9, 1), ADDR,
         None, None, None, None, None, None, None, None, None, None, 4.0, None],
    ]),
}

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


wb = openpyxl.load_workbook(sys.argv[1])
check(wb.sheetnames == sorted(EXPECTED), "sheet names %r" % wb.sheetnames)
for name, (items, rows) in EXPECTED.items():
    ws = wb[name]
    header = [c.value for c in ws[1]]
    check(header == FIXED + items, "%s header %r" % (name, header))
    check(ws.max_row == 1 + len(rows), "%s has %d rows" % (name, ws.max_row))
    for r, expected_row in enumerate(rows, start=2):
        for c, expected in enumerate(expected_row, start=1):
            cell = ws.cell(row=r, column=c)
            where = "%s!%s" % (name, cell.coordinate)
            head = header[c - 1]
            if expected is None:
                check(cell.value is None, "%s = %r, expected empty" % (where, cell.value))
                continue
            if isinstance(expected, str):
                check(cell.data_type == "s" and cell.value == expected,
                      "%s = %r (%s), expected text %r" % (where, cell.value, cell.data_type, expected))
                check(cell.number_format == "@", "%s format %r, expected @" % (where, cell.number_format))
            elif isinstance(expected, datetime.datetime):
                check(cell.is_date and cell.value == expected, "%s = %r, expected date %r" % (where, cell.value, expected))
                check(cell.number_format == "yyyy/m/d", "%s format %r" % (where, cell.number_format))
            else:
                check(cell.data_type == "n" and isinstance(cell.value, (int, float))
                      and abs(cell.value - expected) < 1e-9,
                      "%s = %r (%s), expected number %r" % (where, cell.value, cell.data_type, expected))
                if head in FORMATS:
                    check(cell.number_format == FORMATS[head],
                          "%s (%s) format %r, expected %r" % (where, head, cell.number_format, FORMATS[head]))

if errors:
    print("\n".join(errors))
    sys.exit(1)
print("upload file: every cell as expected")
