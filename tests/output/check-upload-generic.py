# Structural checks of any upload file: fixed headers, types, formats, 分.秒.
import sys

import openpyxl

FIXED = ["年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址"]
MINSEC = {"50米\u00d78往返跑", "800米跑", "1000米跑"}
errors = []
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows_total = 0
for ws in wb.worksheets:
    rows = ws.iter_rows(values_only=False)
    header = [c.value for c in next(rows)]
    if header[:9] != FIXED:
        errors.append("%s header %r" % (ws.title, header[:9]))
    for row in rows:
        rows_total += 1
        cells = dict(zip(header, row))
        if not str(cells["班级编号"].value).startswith(str(cells["年级编号"].value)):
            errors.append("%s 班级编号 %r" % (ws.title, cells["班级编号"].value))
        if cells["学籍号"].data_type != "s" or cells["民族代码"].data_type != "s":
            errors.append("%s 学籍号/民族代码 not text" % ws.title)
        if cells["性别"].value not in (1, 2):
            errors.append("%s 性别 %r" % (ws.title, cells["性别"].value))
        if not cells["出生日期"].is_date:
            errors.append("%s 出生日期 not a date" % ws.title)
        for name in MINSEC & set(header):
            v = cells[name].value
            if v is not None and round((v - int(v)) * 100) > 59:
                errors.append("%s %s %r: seconds above 59" % (ws.title, name, v))
if errors:
    print("\n".join(errors[:20]))
    sys.exit(1)
print("%d rows checked" % rows_total)
