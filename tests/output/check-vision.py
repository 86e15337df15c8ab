# The eyesight columns of test-upload.c /dabiao/Upload/vision.
import sys

import openpyxl

ws = openpyxl.load_workbook(sys.argv[1])["3201010001"]
header = [c.value for c in ws[1]]
row = [c.value for c in ws[2]]
expected_header = ["身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "右眼裸眼视力", "左眼裸眼视力"]
if header[9:] != expected_header or row[15:] != [4.9, 0] or ws["P2"].number_format != "0.0":
    print("vision: %r %r %r" % (header[9:], row[15:], ws["P2"].number_format))
    sys.exit(1)
