# Reads back the results sheet written by test-results.c (/results/sheet).
import datetime
import sys

import openpyxl

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


wb = openpyxl.load_workbook(sys.argv[1])
check(wb.sheetnames == ["成绩"], "sheet names %r" % wb.sheetnames)
ws = wb["成绩"]
rows = [[c for c in r] for r in ws.iter_rows()]
h = [c.value for c in rows[0]]
check(h[:11] == ["学校代码", "学校名称", "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址"],
      "header %r" % h[:11])
check(h[-5:] == ["标准分", "附加分", "学年总分", "等级", "备注"], "score header %r" % h[-5:])
check(len(h) == len(set(h)), "headers not unique %r" % h)
# Class order (学校代码, 年级编号, 班级编号), not roster order (G0 G1 G2 G3).
order = [r[h.index("学籍号")].value for r in rows[1:]]
check(order == ["G3", "G1", "G2", "G0"], "rows in roster order, not class order: %r" % order)


def row_of(no):
    for r in rows[1:]:
        if r[h.index("学籍号")].value == no:
            return {name: cell for name, cell in zip(h, r)}
    errors.append("no row %s" % no)
    return {}


g1 = row_of("G1")
check(g1["学校代码"].value == "3201020002", "学校代码 %r" % g1["学校代码"].value)
check(g1["学校名称"].value, "学校名称 empty")
# Numbers are number cells; 分.秒 items as 分.秒 numbers.
for name, value in [("年级编号", 21), ("身高", 165), ("体重", 50), ("肺活量", 4000), ("50米跑", 7.5),
                    ("1000米跑", 3.35), ("引体向上", 12), ("体重指数", 18.4)]:
    cell = g1[name]
    check(cell.data_type == "n" and abs(cell.value - value) < 1e-9, "%s: %r (%s), expected the number %r"
          % (name, cell.value, cell.data_type, value))
check(g1["出生日期"].value == datetime.datetime(2013, 3, 1), "出生日期 %r" % g1["出生日期"].value)
# 性别 in words for the people who read the sheet (the upload keeps 1/2).
check(g1["性别"].value == "男", "性别: %r, expected 男" % g1["性别"].value)
check(g1["学籍号"].data_type == "s" and g1["民族代码"].value == "01", "text cells")
check(g1["学年总分"].data_type == "n" and g1["等级"].value in ("优秀", "良好", "及格", "不及格"), "total %r" % g1["学年总分"].value)
check(g1["备注"].value in (None, ""), "G1 备注 %r" % g1["备注"].value)

g2 = row_of("G2")
note = g2["备注"].value or ""
# In Chinese, naming the exemption as such and what is missing.
check("800米跑：免测（伤病）" in note and "缺少体重" in note and "missing" not in note, "G2 备注 %r" % note)
check(g2["特殊情况"].value == "800米跑：免测（伤病）", "G2 特殊情况 %r" % g2["特殊情况"].value)
check(g2["学年总分"].value is None, "G2 has no total")

if errors:
    print("\n".join(errors))
    sys.exit(1)
