#!/usr/bin/python3
# Excel 97-2003 (.xls) fixtures for tests/io/test-xlsx.c, written with
# Debian's python3-xlwt (an independent BIFF8 writer):
#   xls-helper.py make DIR
import datetime
import os
import sys

import xlwt


def make(directory):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("1101")
    date = xlwt.easyxf(num_format_str="yyyy/m/d")
    stamp = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    for c, text in enumerate(["年级编号", "姓名", "身高", "体重（男）", "出生日期", "民族代码", "时间"]):
        ws.write(0, c, text)
    ws.write(1, 0, 11)
    ws.write(1, 1, "张三")
    ws.write(1, 2, 172.5)
    ws.write(1, 3, 45)
    ws.write(1, 4, datetime.date(2012, 3, 5), date)
    ws.write(1, 5, "01")
    ws.write(1, 6, datetime.datetime(2012, 3, 5, 12, 30), stamp)
    ws.write(2, 0, 12)
    ws.write(2, 1, " 李四 ")
    ws.write(2, 2, 3.4500000000000002)
    ws.write(2, 3, -2)
    ws.write(2, 4, datetime.date(1999, 12, 31), date)
    ws.write(2, 5, "02")
    ws.write(4, 1, "跳过一行")
    ws.write(4, 6, 0.001)
    wb.add_sheet("第二页").write(0, 0, "表头")
    path = os.path.join(directory, "roster.xls")
    wb.save(path)
    with open(path, "rb") as f:
        data = f.read()
    with open(os.path.join(directory, "truncated.xls"), "wb") as f:
        f.write(data[: len(data) // 3])
    with open(os.path.join(directory, "not-xls.xls"), "wb") as f:
        f.write("姓名,性别\r\n张三,男\r\n".encode("utf-8"))
    with open(os.path.join(directory, "html.xls"), "wb") as f:
        f.write("<HTML><body><TABLE><tr><td>姓名</td></tr></TABLE></body></HTML>".encode("utf-8"))
    # The same workbook under the other extension: the content decides.
    with open(os.path.join(directory, "xls-named.xlsx"), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    make(sys.argv[2])
