# Reads back what `dabiao-cli export` wrote from the event of test-export.c.
import datetime
import sys

import openpyxl

kind, path = sys.argv[1], sys.argv[2]
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


wb = openpyxl.load_workbook(path)
if kind == "upload":
    check(wb.sheetnames == ["3201010001", "3201020002"], "sheets %r" % wb.sheetnames)
    ws = wb["3201010001"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    check(rows[0][:9] == ["年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址"],
          "header %r" % rows[0])
    check(rows[0][9:] == ["身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳"], "items %r" % rows[0][9:])
    # 孙免测 is exempt from 50米跑 only: written, that cell (and the
    # unmeasured ones) empty; 王小明, 孙免测, 张缺测.
    check(len(rows) == 4, "rows %r" % rows)
    check(rows[1][:9] == [11, 1102, "2班", "G320101201909010033", "01", "王小明", 1, datetime.datetime(2019, 9, 1), None],
          "王小明 %r" % rows[1][:9])
    check(rows[1][9:] == [120, 22, 1200, 10.5, 10, 100], "王小明 items %r" % rows[1][9:])
    check(rows[2][5] == "孙免测" and rows[2][9:] == [None] * 6, "孙免测 %r" % rows[2])
    check(rows[3][5] == "张缺测" and rows[3][9:11] == [118, 21] and rows[3][14] is None, "张缺测 %r" % rows[3])
    ws = wb["3201020002"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    check(rows[0][9:] == ["身高", "体重", "肺活量", "50米跑", "立定跳远", "坐位体前屈", "800米跑", "1000米跑", "一分钟仰卧起坐", "引体向上"],
          "items %r" % rows[0][9:])
    lei = rows[1]
    check(lei[5] == "李雷" and lei[9:] == [165, 50, 4000, 7.5, 230, 12, None, 3.35, None, 12], "李雷 %r" % lei)
    han = rows[2]
    check(han[5] == "韩梅梅" and han[4] == "03" and han[15] == 3.45 and han[16] is None and han[17] == 45, "韩梅梅 %r" % han)
    check(ws["Q2"].number_format == "0.00" and ws["O2"].number_format == "0.0" and ws["D2"].data_type == "s", "formats")
elif kind == "exempt":
    rows = [[c.value for c in r] for r in wb.active.iter_rows()]
    check(rows[1:] == [["3201010001", 11, "2班", "G320101201910010044", "孙免测", "男", "50米跑", "伤病", "已上传，该项留空"]],
          "exempt %r" % rows)
elif kind == "summary":
    ws = wb["达标汇总"]
    total = [c.value for c in ws[ws.max_row]]
    # 全部 合计: 应测 5, 实测 3, 免测 1 (孙免测, not assessed, exempt from an
    # item), 缺测 1 (张缺测: 一分钟跳绳 recorded 缺测), 未测完 0.
    check(total[:7] == ["全部", "合计", 5, 3, 1, 1, 0], "合计 %r" % total)
    missing = [[c.value for c in r] for r in wb["缺测及未测完名单"].iter_rows()]
    check(missing[0][7:] == ["缺测项目", "未测项目"], "缺测及未测完名单 header %r" % missing[0])
    # 孙免测 misses what is not exempt; 体重指数 (derived) is never listed.
    names = [r[5] for r in missing[1:]]
    check(names == ["孙免测", "张缺测"], "缺测及未测完名单 %r" % missing)
    check(missing[2][7] == "一分钟跳绳" and missing[2][8] == "肺活量、50米跑、坐位体前屈"
          and missing[1][7] is None and "50米跑" not in missing[1][8]
          and all("体重指数" not in (r[7] or "") + (r[8] or "") for r in missing[1:]), "缺测 %r" % missing)

if errors:
    print("\n".join(errors))
    sys.exit(1)
