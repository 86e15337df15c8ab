# Reads back the summary workbook written by test-summary.c and recomputes
# every figure of the sample (make_sample() there) independently.
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


def close(a, b):
    return isinstance(a, (int, float)) and abs(a - b) < 1e-9


# make_sample(): (group, sex, level or None, exempt, recorded 缺测); totals
# 优秀 95, 良好 85, 及格 70, 不及格 50, 标准分 one less.
SAMPLE = [("初一", "男", "优秀", False, False), ("初一", "男", "及格", False, False), ("初一", "男", None, True, False),
          ("初一", "男", None, False, True), ("初一", "女", "良好", False, False), ("初一", "女", "不及格", False, False),
          ("一年级", "男", "优秀", False, False), ("一年级", "女", "及格", False, False),
          ("一年级", "女", None, False, False)]
TOTAL = {"优秀": 95, "良好": 85, "及格": 70, "不及格": 50}
GRADES = ["优秀", "良好", "及格", "不及格"]


def expected_counts(people):
    tested = [p for p in people if p[2] is not None]
    exempt = [p for p in people if p[2] is None and p[3]]
    absent = [p for p in people if p[2] is None and not p[3] and p[4]]
    n, t = len(people), len(tested)
    # 缺测 = recorded absence; 未测完 = the rest, still to be measured.
    row = [n, t, len(exempt), len(absent), n - t - len(exempt) - len(absent),
           t / (n - len(exempt)) if n > len(exempt) else 0]
    for g in GRADES:
        k = sum(1 for p in tested if p[2] == g)
        row += [k, k / t if t else 0]
    row.append(sum(1 for p in tested if p[2] != "不及格") / t if t else 0)
    if t:
        row += [sum(TOTAL[p[2]] - 1 for p in tested) / t, sum(TOTAL[p[2]] for p in tested) / t]
    return row


def compare_row(sheet, r, labels, values):
    cells = [c.value for c in sheet[r]]
    for k, v in enumerate(labels + values):
        got = cells[k] if k < len(cells) else None
        if isinstance(v, str):
            check(got == v, "%s row %d col %d = %r, expected %r" % (sheet.title, r, k + 1, got, v))
        else:
            check(close(got, v), "%s row %d col %d = %r, expected %r" % (sheet.title, r, k + 1, got, v))


wb = openpyxl.load_workbook(path)
check(wb.sheetnames == ["达标汇总", "学校汇总", "班级汇总", "单项统计", "等级分布", "缺测及未测完名单"], "sheets %r" % wb.sheetnames)
ws = wb["达标汇总"]
header = [c.value for c in ws[2]]
# Every header of every sheet is unique.
for sheet in wb.worksheets:
    first = 2 if sheet.title == "达标汇总" else 1
    names = [c.value for c in sheet[first] if c.value is not None]
    check(len(names) == len(set(names)), "%s: headers not unique %r" % (sheet.title, names))

if mode == "adult":
    check(header[8:18] == ["等级为一级人数", "等级为一级占比", "等级为二级人数", "等级为二级占比", "等级为三级人数", "等级为三级占比", "等级为四级人数", "等级为四级占比",
                           "合格率（一级+二级+三级）", "平均总分"], "adult header %r" % header)
    groups = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    check(groups == ["25-29岁"] * 3 + ["20-24岁"] * 3 + ["全部"] * 3, "adult groups %r" % groups)
    # The sample's items are not this standard's: no item rows, no level columns.
    items_header = [c.value for c in wb["单项统计"][1]]
    check(items_header == ["项目", "年级/组别", "性别", "实测人数", "平均值", "标准差", "单位"],
          "adult items header %r" % items_header)
elif mode == "custom":
    check(header[8:17] == ["等级为甲人数", "等级为甲占比", "等级为乙人数", "等级为乙占比", "等级为丙人数", "等级为丙占比", "乙率（甲+乙）", "平均标准分", "平均学年总分"],
          "custom header %r" % header)
    total = [c.value for c in ws[ws.max_row]]
    check(total[:4] == ["全部", "合计", 9, 6] and total[8] + total[10] + total[12] == 6
          and close(total[14], (total[8] + total[10]) / 6), "custom totals %r" % total)
    dist = [c.value for c in wb["等级分布"][1]][:4]
    check(dist == ["年级/组别", "甲", "乙", "丙"], "custom 等级分布 %r" % dist)
else:
    check(ws["A1"].value == "2026年秋季体质健康测试汇总", "title %r" % ws["A1"].value)
    check(header == ["年级/组别", "性别", "应测人数", "实测人数", "免测人数", "缺测人数", "未测完人数", "受检率",
                     "等级为优秀人数", "等级为优秀占比", "等级为良好人数", "等级为良好占比", "等级为及格人数", "等级为及格占比", "等级为不及格人数", "等级为不及格占比",
                     "及格率（优秀+良好+及格）", "平均标准分", "平均学年总分"], "header %r" % header)
    r = 3
    for group in ["一年级", "初一", None]:
        for sex in ["男", "女", "合计"]:
            people = [p for p in SAMPLE if (group is None or p[0] == group) and (sex == "合计" or p[1] == sex)]
            compare_row(ws, r, [group or "全部", sex], expected_counts(people))
            for c, h in enumerate(header, start=1):
                if h.endswith("率") or h.endswith("占比") or "率（" in h:
                    check(ws.cell(row=r, column=c).number_format == "0.0%",
                          "达标汇总!%s format" % ws.cell(row=r, column=c).coordinate)
            r += 1
    check(ws.max_row == r - 1, "overview rows %d" % ws.max_row)

    schools = wb["学校汇总"]
    check([c.value for c in schools[1]] == ["学校代码", "学校名称", "年级/组别", "性别"] + header[2:],
          "学校汇总 header %r" % [c.value for c in schools[1]])
    r = 2
    for group in ["一年级", "初一"]:
        for sex in ["男", "女"]:
            people = [p for p in SAMPLE if p[0] == group and p[1] == sex]
            compare_row(schools, r, ["3201010001", "实验学校", group, sex], expected_counts(people))
            r += 1
    compare_row(schools, r, ["3201010001", "实验学校", "全部", "合计"], expected_counts(SAMPLE))
    check(schools.max_row == r, "学校汇总 rows %d" % schools.max_row)

    classes = wb["班级汇总"]
    check([c.value for c in classes[1]] == ["学校代码", "学校名称", "年级/组别", "班级编号", "班级名称"] + header[2:],
          "班级汇总 header %r" % [c.value for c in classes[1]])
    compare_row(classes, 2, ["3201010001", "实验学校", "一年级", "1101", "1班"],
                expected_counts([p for p in SAMPLE if p[0] == "一年级"]))
    compare_row(classes, 3, ["3201010001", "实验学校", "初一", "2101", "1班"],
                expected_counts([p for p in SAMPLE if p[0] == "初一"]))

    items = wb["单项统计"]
    items_header = [c.value for c in items[1]]
    check(items_header == ["项目", "年级/组别", "性别", "实测人数", "平均值", "标准差", "单位",
                           "等级为优秀人数", "等级为良好人数", "等级为及格人数", "等级为不及格人数", "及格率（优秀+良好+及格）"],
          "items header %r" % items_header)
    order = []
    for row in items.iter_rows(min_row=2, values_only=True):
        if row[0] not in order:
            order.append(row[0])
    check(order == ["50米跑", "一分钟跳绳", "800米跑", "1000米跑"], "items in the standard's order: %r" % order)
    rows = {(r[0], r[1], r[2]): r for r in items.iter_rows(min_row=2, values_only=True)}
    r = rows.get(("1000米跑", "初一", "男"))
    # 225 s and 250 s: mean 237.5 s = 3'58" (3.58 分.秒), sd 17.7 s — in
    # seconds, not 0'18" written 0.18 (trial 11c #11), and the unit says so.
    sd = math.sqrt(312.5)
    check(r is not None and r[3] == 2 and close(r[4], 3.58) and close(r[5], sd) and r[6] == "分.秒（标准差为秒）"
          and r[7:11] == (0, 1, 1, 0) and close(r[11], 1), "1000米跑 初一 男 %r" % (r,))
    r = rows.get(("一分钟跳绳", "全部", "合计"))
    check(r is not None and r[3] == 2 and r[4] == 90 and close(r[5], math.sqrt(1800)) and r[6] == "次"
          and r[7:11] == (1, 0, 1, 0), "跳绳 全部 %r" % (r,))
    check(("1000米跑", "初一", "女") not in rows, "no row without values")

    # Class order (壬 of 一年级 before 丁 of 初一, though added after him);
    # 缺测 recorded apart from what is still to be measured.
    missing = [list(r) for r in wb["缺测及未测完名单"].iter_rows(values_only=True)]
    check(missing == [["学校代码", "学校名称", "年级/组别", "班级", "学籍号", "姓名", "性别", "缺测项目", "未测项目"],
                      ["3201010001", "实验学校", "一年级", "1班", "G11壬", "壬", "女", None, "一分钟跳绳"],
                      ["3201010001", "实验学校", "初一", "1班", "G21丁", "丁", "男", "1000米跑", None]],
          "缺测及未测完名单 %r" % missing)

    dist = [list(r) for r in wb["等级分布"].iter_rows(max_row=3, max_col=5, values_only=True)]
    check(dist == [["年级/组别", "优秀", "良好", "及格", "不及格"], ["一年级", 1, 0, 1, 0], ["初一", 1, 1, 1, 1]],
          "等级分布 %r" % dist)
    school_dist = [list(r) for r in wb["等级分布"].iter_rows(min_row=46, max_row=48, max_col=5, values_only=True)]
    check(school_dist == [["3201010001 实验学校", "优秀", "良好", "及格", "不及格"], ["一年级", 1, 0, 1, 0],
                          ["初一", 1, 1, 1, 1]], "等级分布 per school %r" % school_dist)

# The native charts: counts and shares of everyone, then one per school.
with zipfile.ZipFile(path) as z:
    charts = sorted((n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)),
                    key=lambda n: int(re.search(r"\d+", n).group()))
    check(len(charts) == 3, "charts %r" % charts)
    for name, grouping in zip(charts, ["stacked", "percentStacked", "stacked"]):
        xml = z.read(name).decode()
        check("<c:barChart>" in xml and 'grouping val="%s"' % grouping in xml, "%s grouping" % name)
        check(xml.count("<c:ser>") == (3 if mode == "custom" else 4), "%s series" % name)
        check("等级分布!$B$" in xml or "'等级分布'!$B$" in xml, "%s refs" % name)

if errors:
    print("\n".join(errors))
    sys.exit(1)
print("summary: as expected")
