# Reads what test-consistency.c made: SHOWN.tsv (what the cards,
# certificates and station showed, already compared with each other there),
# the results sheet and the summary workbook written by dabiao-cli.
#
# 1. Every person's 体重指数, 学年总分 and 等级 on the results sheet is what was
#    shown elsewhere, and the BMI is the exact one: 体重 / (身高/100)² from the
#    sheet's own cells, in fractions, rounded half up to 0.1.
# 2. The summary's 达标汇总 and BMI rows of 单项统计 agree with those persons.
# 3. Issue 12: every figure of 学校汇总 and 班级汇总 is recomputed from the
#    results sheet alone.
# 4. Issue 14: the results page's 及格率 (overall and per item) and its level
#    distribution by group × sex (OVERVIEW.tsv) are the summary's numbers:
#    达标汇总's rows and 单项统计's 全部/合计 rows, cell for cell.
import sys
from collections import defaultdict
from fractions import Fraction

import openpyxl

shown_path, sheet_path, summary_path, overview_path = sys.argv[1:5]
errors = []
checked = defaultdict(int)


def check(cond, what):
    checked["checks"] += 1
    if not cond and len(errors) < 50:
        errors.append(what)
    return cond


def close(a, b, eps=1e-9):
    return isinstance(a, (int, float)) and abs(a - b) < eps


def tenths(text):
    return None if text in (None, "") else round(float(text) * 10)


def half_up_tenth(x):
    """x (Fraction) rounded half up to 0.1, as a Fraction."""
    return Fraction((x * 10 + Fraction(1, 2)).__floor__(), 10)


shown = {}
with open(shown_path, encoding="utf-8") as f:
    next(f)
    for line in f:
        pid, bmi, bmi_level, total, grade = line.rstrip("\n").split("\t")
        shown[pid] = (bmi, bmi_level, tenths(total), grade or None)

GRADE_NAMES = {11: "一年级", 12: "二年级", 13: "三年级", 14: "四年级", 15: "五年级", 16: "六年级",
               21: "初一", 22: "初二", 23: "初三", 24: "初四", 31: "高一", 32: "高二", 33: "高三", 34: "高四",
               41: "大一", 42: "大二", 43: "大三", 44: "大四"}
LEVELS = ["优秀", "良好", "及格", "不及格"]
BMI_WORDS = ["正常", "低体重", "超重", "肥胖"]

# ---- 1. The results sheet -------------------------------------------------
wb = openpyxl.load_workbook(sheet_path, read_only=True)
ws = wb["成绩"]
rows = ws.iter_rows(values_only=True)
h = list(next(rows))
col = {name: h.index(name) for name in h}
people = []
for r in rows:
    pid = r[col["学籍号"]]
    p = {
        "id": pid, "school": r[col["学校代码"]], "school_name": r[col["学校名称"]], "grade": r[col["年级编号"]],
        "class": r[col["班级编号"]], "class_name": r[col["班级名称"]], "sex": r[col["性别"]],
        "height": r[col["身高"]], "weight": r[col["体重"]], "bmi": r[col["体重指数"]],
        "standard": r[col["标准分"]], "total": r[col["学年总分"]], "level": r[col["等级"]],
        "special": r[col["特殊情况"]] or "",
    }
    people.append(p)
    # 性别 in words on the sheet a person reads (the upload keeps 1/2).
    check(p["sex"] in ("男", "女"), "%s 性别 %r: not 男 or 女" % (pid, p["sex"]))
    s = shown.get(pid)
    if not check(s is not None, "%s: on the sheet but not shown" % pid):
        continue
    # The same BMI, total and grade as the cards, certificates and station.
    check(p["bmi"] is not None and "%.1f" % p["bmi"] == s[0], "%s 体重指数: sheet %r, shown %r" % (pid, p["bmi"], s[0]))
    check(tenths(p["total"]) == s[2], "%s 学年总分: sheet %r, shown %r" % (pid, p["total"], s[2]))
    check(p["level"] == s[3], "%s 等级: sheet %r, shown %r" % (pid, p["level"], s[3]))
    # The exact BMI from the sheet's own 身高 and 体重 (one decimal each).
    height, weight = Fraction(repr(p["height"])), Fraction(repr(p["weight"]))
    exact = half_up_tenth(weight / (height / 100) ** 2)
    check(Fraction(repr(p["bmi"])) == exact, "%s 体重指数 %r, but %r kg at %r cm is %s"
          % (pid, p["bmi"], p["weight"], p["height"], float(exact)))
    if (weight / (height / 100) ** 2 * 100) % 10 == 5:
        checked["BMIs exactly at x.x5"] += 1
    if p["total"] is not None and tenths(p["total"]) % 10 == 5:
        checked["totals ending in .5"] += 1
check(len(people) == len(shown), "sheet rows %d, shown %d" % (len(people), len(shown)))
checked["persons"] = len(people)


# ---- 2. 达标汇总 and the BMI rows of 单项统计 -------------------------------
def group_of(p):
    return GRADE_NAMES[p["grade"]]


def sex_of(p):
    return p["sex"]


sm = openpyxl.load_workbook(summary_path, read_only=True)
overview = list(sm["达标汇总"].iter_rows(min_row=2, values_only=True))
oh = list(overview[0])
for row in overview[1:]:
    group, sex = row[0], row[1]
    sel = [p for p in people if (group == "全部" or group_of(p) == group) and (sex == "合计" or sex_of(p) == sex)]
    tested = [p for p in sel if p["level"] is not None]
    check(row[oh.index("应测人数")] == len(sel), "达标汇总 %s %s 应测 %r ≠ %d" % (group, sex, row[oh.index("应测人数")], len(sel)))
    check(row[oh.index("实测人数")] == len(tested), "达标汇总 %s %s 实测" % (group, sex))
    for lv in LEVELS:
        check(row[oh.index("等级为" + lv + "人数")] == sum(1 for p in tested if p["level"] == lv), "达标汇总 %s %s %s人数" % (group, sex, lv))
    checked["达标汇总 rows"] += 1

items = list(sm["单项统计"].iter_rows(values_only=True))
ih = list(items[0])
for row in items[1:]:
    if row[0] != "体重指数（BMI）":
        continue
    group, sex = row[1], row[2]
    sel = [p for p in people if (group == "全部" or group_of(p) == group) and (sex == "合计" or sex_of(p) == sex)]
    check(row[ih.index("实测人数")] == len(sel), "单项统计 BMI %s %s 实测人数" % (group, sex))
    mean = sum(Fraction(repr(p["bmi"])) for p in sel) / len(sel)
    check(close(row[ih.index("平均值")], float(mean), 1e-6), "单项统计 BMI %s %s 平均值 %r ≠ %r" % (group, sex, row[4], float(mean)))
    check(row[ih.index("单位")] == "千克/米²", "BMI unit %r" % row[ih.index("单位")])
    for word in BMI_WORDS:
        n = sum(1 for p in sel if shown[p["id"]][1] == word)
        check(row[ih.index("等级为" + word + "人数")] == n, "单项统计 BMI %s %s %s人数 %r ≠ %d" % (group, sex, word, row[ih.index("等级为" + word + "人数")], n))
    # BMI words are not pass/fail: no pass rate in its row.
    check(row[ih.index("及格率（优秀+良好+及格）")] is None, "BMI has a pass rate")
    checked["BMI rows of 单项统计"] += 1


# One style of unit: Chinese words, as the rest of the workbook (厘米 beside
# 秒, never cm beside 秒).
UNITS = {"身高": "厘米", "体重": "千克", "肺活量": "毫升", "50米跑": "秒", "坐位体前屈": "厘米", "立定跳远": "厘米",
         "一分钟跳绳": "次", "一分钟仰卧起坐": "次", "引体向上": "次", "800米跑": "分.秒（标准差为秒）",
         "1000米跑": "分.秒（标准差为秒）", "50米×8往返跑": "分.秒（标准差为秒）", "体重指数（BMI）": "千克/米²"}
for row in items[1:]:
    unit = row[ih.index("单位")]
    check(unit == UNITS.get(row[0], unit) and not any("a" <= c.lower() <= "z" for c in unit),
          "单项统计 %s 单位 %r" % (row[0], unit))
    checked["units of 单项统计"] += 1
check({row[0] for row in items[1:]} >= {"身高", "体重", "肺活量"}, "单项统计 without 身高/体重/肺活量")

# Items without levels (身高, 体重) leave the level cells empty, never 0 / 0.0 %.
level_columns = [k for k, name in enumerate(ih) if name.endswith("人数") and name != "实测人数" or "率（" in (name or "")]
for row in items[1:]:
    if row[0] in ("身高", "体重"):
        check(all(row[k] is None for k in level_columns), "单项统计 %s has level cells %r" % (row[0], row))
        checked["rows of items without levels"] += 1


# ---- 3. Issue 12: 学校汇总 and 班级汇总 from the results sheet alone -----------
def expected(sel):
    tested = [p for p in sel if p["level"] is not None]
    exempt = [p for p in sel if p["level"] is None and "免测" in p["special"]]
    # 缺测: recorded absent in an item; 未测完: the rest, still to be measured.
    absent = [p for p in sel if p["level"] is None and "免测" not in p["special"] and "：缺测" in p["special"]]
    n, t, e, a = len(sel), len(tested), len(exempt), len(absent)
    out = {"应测人数": n, "实测人数": t, "免测人数": e, "缺测人数": a, "未测完人数": n - t - e - a,
           "受检率": t / (n - e) if n > e else 0}
    for lv in LEVELS:
        k = sum(1 for p in tested if p["level"] == lv)
        out["等级为" + lv + "人数"] = k
        out["等级为" + lv + "占比"] = k / t if t else 0
    out["及格率（优秀+良好+及格）"] = sum(1 for p in tested if p["level"] != "不及格") / t if t else 0
    if t:
        out["平均标准分"] = float(sum(Fraction(repr(p["standard"])) for p in tested) / t)
        out["平均学年总分"] = float(sum(Fraction(repr(p["total"])) for p in tested) / t)
    return out


def compare(sheet, row, header, sel, what):
    for name, value in expected(sel).items():
        got = row[header.index(name)]
        check(close(got, value, 1e-9), "%s %s: %r, recomputed %r" % (what, name, got, value))


names = {p["school"]: p["school_name"] for p in people}
school_rows = list(sm["学校汇总"].iter_rows(values_only=True))
sh = list(school_rows[0])
seen = set()
for row in school_rows[1:]:
    code, name, group, sex = row[:4]
    check(names.get(code) == name, "学校汇总 %s: name %r" % (code, name))
    sel = [p for p in people if p["school"] == code and (group == "全部" or group_of(p) == group)
           and (sex == "合计" or sex_of(p) == sex)]
    compare("学校汇总", row, sh, sel, "学校汇总 %s %s %s" % (code, group, sex))
    seen.add((code, group, sex))
    checked["学校汇总 rows"] += 1
for code in names:
    check((code, "全部", "合计") in seen, "学校汇总: no total row for %s" % code)
    for g in {group_of(p) for p in people if p["school"] == code}:
        for sx in ("男", "女"):
            if any(p for p in people if p["school"] == code and group_of(p) == g and sex_of(p) == sx):
                check((code, g, sx) in seen, "学校汇总: no row %s %s %s" % (code, g, sx))

class_rows = list(sm["班级汇总"].iter_rows(values_only=True))
ch = list(class_rows[0])
classes = {(p["school"], p["class"]) for p in people}
check(len(class_rows) - 1 == len(classes), "班级汇总 rows %d, classes %d" % (len(class_rows) - 1, len(classes)))
for row in class_rows[1:]:
    code, name, group, class_code, class_name = row[:5]
    sel = [p for p in people if p["school"] == code and p["class"] == class_code]
    check(sel and names[code] == name and group_of(sel[0]) == group and sel[0]["class_name"] == class_name,
          "班级汇总 %s %s: labels %r" % (code, class_code, row[:5]))
    compare("班级汇总", row, ch, sel, "班级汇总 %s %s" % (code, class_code))
    checked["班级汇总 rows"] += 1


# ---- 4. Issue 14: the results page is the summary ------------------------------
page_levels, page_items, page = {}, {}, {}
with open(overview_path, encoding="utf-8") as f:
    for line in f:
        fields = line.rstrip("\n").split("\t")
        if fields[0] == "level":
            page_levels[(fields[1], fields[2], fields[3])] = int(fields[4])
        elif fields[0] == "item":
            page_items[fields[1]] = float(fields[2])
        else:
            page[fields[0]] = float(fields[1])

pass_header = "及格率（优秀+良好+及格）"
total_row = next(r for r in overview[1:] if r[0] == "全部" and r[1] == "合计")
check(page["complete"] == total_row[oh.index("实测人数")], "results page 实测 %r, summary %r" % (page["complete"], total_row[oh.index("实测人数")]))
check(close(page["pass"], 100 * total_row[oh.index(pass_header)], 1e-6),
      "results page 及格率 %r, summary %r" % (page["pass"], total_row[oh.index(pass_header)]))
checked["results page: 及格率"] += 1
# Every group × sex with someone assessed is on the page, with the
# summary's count at each level; none other.
summary_groups = set()
for row in overview[1:]:
    group, sex = row[0], row[1]
    if group == "全部" or sex == "合计" or not row[oh.index("实测人数")]:
        continue
    summary_groups.add((group, sex))
    for lv in LEVELS:
        got = page_levels.get((group, sex, lv))
        want = row[oh.index("等级为" + lv + "人数")]
        check(got == want, "results page %s %s %s: %r, summary %r" % (group, sex, lv, got, want))
        checked["results page: level counts"] += 1
check({(g, s) for g, s, _ in page_levels} == summary_groups,
      "results page groups %r, summary %r" % (sorted({(g, s) for g, s, _ in page_levels}), sorted(summary_groups)))
# Per item: the 合计 row of 单项统计 for 全部, its one pass-rate cell.
summary_items = {}
for row in items[1:]:
    if row[1] != "全部" or row[2] != "合计":
        continue
    rates = [row[k] for k, name in enumerate(ih) if name and name.startswith(("及格率（", "合格率（")) and row[k] is not None]
    if rates:
        summary_items[row[0]] = rates[0]
check(set(page_items) == set(summary_items), "results page items %r, summary %r" % (sorted(page_items), sorted(summary_items)))
for name, rate in page_items.items():
    check(name in summary_items and close(rate, 100 * summary_items[name], 1e-6),
          "results page %s 及格率 %r, summary %r" % (name, rate, summary_items.get(name)))
    checked["results page: item pass rates"] += 1

print("; ".join("%s: %d" % kv for kv in checked.items()))
if errors:
    print("\n".join(errors))
    sys.exit(1)
