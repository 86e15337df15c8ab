# The 免测 list written by test-upload.c.
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
rows = [[c.value for c in row] for row in ws.iter_rows()]
expected = [["学校代码", "年级编号", "班级名称", "学籍号", "姓名", "性别", "免测项目", "免测原因", "上传文件"],
            ["3201010001", 12, "1班", "G320101201801010033", "孙免测", "男", "全部项目", "伤病", "未上传（全部项目免测）"]]
if rows != expected:
    print("exempt list %r\nexpected   %r" % (rows, expected))
    sys.exit(1)
