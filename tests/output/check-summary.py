# Reads back the summary workbook written by test-summary.c.
import math
import re
import sys
import zipfile

import openpyxl

path, mode = sys.argv[1], sys.argv[2]
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


wb = openpyxl.load_workbook(path)
check(wb.sheetnames == ["达标汇总", "单项统计", "等级分布", "缺测名单"], "sheets %r" % wb.sheetnames)
ws = wb["达标汇总"]
header = [c.value for c in ws[2]]

if mode == "adult":
    check(header[7:16] == ["一级人数", "一级率", "二级人数", "二级率", "三级人数", "三级率", "四级人数", "四级率", "合格率"],
          "adult header %r" % header)
    groups = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    check(groups == ["25-29岁"] * 3 + ["20-24岁"] * 3 + ["全部"] * 3, "adult groups %r" % groups)
    # No item levels in this standard: no level columns per item.
    items_header = [c.value for c in wb["单项统计"][1]]
    check(items_header == ["项目", "年级/组别", "性别", "实测人数", "平均值", "标准差"],
          "adult items header %r" % items_header)
elif mode == "custom":
    # Three grades of the standard's own: their names, the pass rate of the two above the lowest.
    check(header[7:14] == ["甲人数", "甲率", "乙人数", "乙率", "丙人数", "丙率", "乙率"], "custom header %r" % header)
    total = [c.value for c in ws[ws.max_row]]
    check(total[:4] == ["全部", "合计", 8, 6] and total[7] + total[9] + total[11] == 6
          and abs(total[13] - (total[7] + total[9]) / 6) < 1e-9, "custom totals %r" % total)
    dist = [c.value for c in wb["等级分布"][1]][:4]
    check(dist == ["年级/组别", "甲", "乙", "丙"], "custom 等级分布 %r" % dist)
else:
    check(ws["A1"].value == "2026年秋季体质健康测试汇总", "title %r" % ws["A1"].value)
    check(header == ["年级/组别", "性别", "应测人数", "实测人数", "免测人数", "缺测人数", "受检率",
                     "优秀人数", "优秀率", "良好人数", "良好率", "及格人数", "及格率", "不及格人数", "不及格率", "及格率"],
          "header %r" % header)
    # group, sex, 应测 实测 免测 缺测 受检率, then (count, rate) × 4, 及格率
    expected = [
        ["一年级", "男", 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1],
        ["一年级", "女", 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1],
        ["一年级", "合计", 2, 2, 0, 0, 1, 1, .5, 0, 0, 1, .5, 0, 0, 1],
        ["初一", "男", 4, 2, 1, 1, 2 / 3, 1, .5, 0, 0, 1, .5, 0, 0, 1],
        ["初一", "女", 2, 2, 0, 0, 1, 0, 0, 1, .5, 0, 0, 1, .5, .5],
        ["初一", "合计", 6, 4, 1, 1, .8, 1, .25, 1, .25, 1, .25, 1, .25, .75],
        ["全部", "男", 5, 3, 1, 1, .75, 2, 2 / 3, 0, 0, 1, 1 / 3, 0, 0, 1],
        ["全部", "女", 3, 3, 0, 0, 1, 0, 0, 1, 1 / 3, 1, 1 / 3, 1, 1 / 3, 2 / 3],
        ["全部", "合计", 8, 6, 1, 1, 6 / 7, 2, 1 / 3, 1, 1 / 6, 2, 1 / 3, 1, 1 / 6, 5 / 6],
    ]
    check(ws.max_row == 2 + len(expected), "overview rows %d" % ws.max_row)
    for r, row in enumerate(expected, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                check(cell.value == value, "达标汇总!%s = %r, expected %r" % (cell.coordinate, cell.value, value))
            else:
                check(isinstance(cell.value, (int, float)) and abs(cell.value - value) < 1e-9,
                      "达标汇总!%s = %r, expected %r" % (cell.coordinate, cell.value, value))
                if header[c - 1].endswith("率"):
                    check(cell.number_format == "0.0%", "达标汇总!%s format %r" % (cell.coordinate, cell.number_format))

    items = wb["单项统计"]
    rows = {(r[0], r[1], r[2]): r for r in items.iter_rows(min_row=2, values_only=True)}
    r = rows.get(("1000米跑", "初一", "男"))
    check(r is not None and r[3] == 2 and abs(r[4] - 237.5) < 1e-9 and abs(r[5] - math.sqrt(312.5)) < 1e-9
          and r[6:10] == (0, 1, 1, 0) and r[10] == 1, "1000米跑 初一 男 %r" % (r,))
    r = rows.get(("一分钟跳绳", "全部", "合计"))
    check(r is not None and r[3] == 2 and r[4] == 90 and r[6:10] == (1, 0, 1, 0), "跳绳 全部 %r" % (r,))
    check(("1000米跑", "初一", "女") not in rows, "no row without values")

    missing = [list(r) for r in wb["缺测名单"].iter_rows(values_only=True)]
    check(missing == [["学校代码", "年级/组别", "班级", "学籍号", "姓名", "性别", "缺测项目"],
                      ["3201010001", "初一", "1班", "G21丁", "丁", "男", "1000米跑（缺测）"]],
          "缺测名单 %r" % missing)

    dist = [list(r) for r in wb["等级分布"].iter_rows(max_col=5, values_only=True)]
    check(dist == [["年级/组别", "优秀", "良好", "及格", "不及格"], ["一年级", 1, 0, 1, 0], ["初一", 1, 1, 1, 1]],
          "等级分布 %r" % dist)

# Two native charts referencing the level table.
with zipfile.ZipFile(path) as z:
    charts = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n))
    check(len(charts) == 2, "charts %r" % charts)
    for name, grouping in zip(charts, ["stacked", "percentStacked"]):
        xml = z.read(name).decode()
        check("<c:barChart>" in xml and 'grouping val="%s"' % grouping in xml, "%s grouping" % name)
        check(xml.count("<c:ser>") == (3 if mode == "custom" else 4), "%s series" % name)
        check("等级分布!$B$2:$B$" in xml or "'等级分布'!$B$2:$B$" in xml, "%s refs" % name)

if errors:
    print("\n".join(errors))
    sys.exit(1)
print("summary: as expected")
