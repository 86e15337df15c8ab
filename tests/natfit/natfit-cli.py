# natfit-cli.py — `dabiao-cli score --standard natfit-2003`: headers, ages,
# 台阶指数, bad cells and bad files, csv and xlsx.
#
#   $DABIAO_PYTHON natfit-cli.py

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

CLI = os.environ['DABIAO_CLI']
failures = []

OUTPUT = ['身高标准体重得分', '肺活量得分', '台阶指数得分', '握力得分', '俯卧撑得分', '一分钟仰卧起坐得分', '纵跳得分',
          '坐位体前屈得分', '选择反应时得分', '闭眼单脚站立得分', '身高得分', '10米折返跑得分', '立定跳远得分',
          '网球掷远得分', '双脚连续跳得分', '走平衡木得分', '总分', '等级', '备注']


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL:', what, file=sys.stderr)


def score(path, *extra):
    r = subprocess.run([CLI, 'score', '--standard', 'natfit-2003', '-q', path] + list(extra),
                       capture_output=True, text=True)
    rows = list(csv.DictReader(io.StringIO(r.stdout))) if r.returncode == 0 else None
    return r, rows


def write(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def main():
    tmp = tempfile.mkdtemp(prefix='dabiao-natfit-cli-')
    try:
        people = os.path.join(tmp, 'people.csv')
        write(people,
              '姓名,性别,出生日期,测试日期,身高,体重,肺活量,台阶时间,脉搏1,脉搏2,脉搏3,握力,俯卧撑,纵跳,坐位体前屈,选择反应时,闭眼单脚站立,单位\n'
              # 20 on the test day: 20–24, all at the 5-point cut → 45 一级（优秀）.
              '甲,男,2000-05-10,2020-05-10,170,60,4635,180,40,40,40,56.4,41,45.9,20.2,0.39,99,一厂\n'
              # One day short of 20: outside every part.
              '乙,男,2000-05-11,2020-05-10,170,60,4635,,,,,56.4,41,45.9,20.2,0.39,99,一厂\n'
              # 40 today: 40–44 (no 俯卧撑/纵跳 even if typed); 台阶指数 from 台阶时间 and pulses.
              '丙,女,1980-05-10,,160,55,2600,180,50,45,40,28,,,8,0.5,20,二厂\n'
              # Bad cells: an unreadable 肺活量 and a bad date.
              '丁,女,1985-13-01,2020-05-10,160,55,abc,,,,,28,,,8,0.5,20,二厂\n'
              '戊,男,1990-01-01,2020-05-10,160,55,abc,,,,,28,30,30,8,0.5,20,二厂\n'
              # A height outside the 身高标准体重 table: no score, no total.
              '己,男,1958-01-01,2020-05-10,230,90,3000,,,,,40,,,5,0.5,10,三厂\n'
              # A three-year-old with 6 months → 3.5 group (half years).
              '庚,女,2016-11-10,2020-05-10,100,15,,,,,,,,,8,,,幼儿园\n')
        r, rows = score(people, '--test-date', '2020-05-11')
        check(r.returncode == 0, 'scores the sheet: ' + r.stderr)
        if rows is None:
            raise SystemExit(1)
        header = list(rows[0].keys())
        check(header[-len(OUTPUT):] == OUTPUT, 'output headers: %s' % header[-len(OUTPUT):])
        check(header[:18] == ['姓名', '性别', '出生日期', '测试日期', '身高', '体重', '肺活量', '台阶时间', '脉搏1',
                              '脉搏2', '脉搏3', '握力', '俯卧撑', '纵跳', '坐位体前屈', '选择反应时', '闭眼单脚站立', '单位'],
              'input columns first, in place')
        a, b, c, d, e, f, g = rows
        check(a['总分'] == '45' and a['等级'] == '一级（优秀）' and a['备注'] == '', 'a birthday on the test day counts: %r' % a)
        check(all(b[h] == '' for h in OUTPUT[:-1]) and '年龄' in b['备注'], 'one day short of 20: %r' % b['备注'])
        # 丙: no 测试日期 cell → --test-date 2020-05-11: 40 years.
        check(c['俯卧撑得分'] == '' and c['纵跳得分'] == '' and c['台阶指数得分'] != '', '40–44 items: %r' % c)
        check(c['等级'] != '' and c['总分'] != '', '40–44 gets a total')
        check('出生日期' in d['备注'] and d['总分'] == '', 'a bad date is named: %r' % d['备注'])
        check('肺活量' in e['备注'] and e['肺活量得分'] == '' and e['握力得分'] != '' and e['总分'] == '',
              'a bad cell: other items scored, no total: %r' % e['备注'])
        check(f['身高标准体重得分'] == '' and '230' in f['备注'] and f['总分'] == '' and f['握力得分'] != '',
              'height outside the table: %r' % f['备注'])
        check(g['身高得分'] != '' and g['肺活量得分'] == '' and '低' in g['备注'] or 'low' in g['备注'],
              'young child: preschool items, low-confidence tables flagged: %r' % g['备注'])
        check(g['总分'] == '', 'young child with missing items: no total')

        # 年龄 in years instead of 出生日期, as xlsx in and out.
        book = os.path.join(tmp, 'ages.xlsx')
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(['性别', '年龄', '身高', '体重', '坐位体前屈'])
        for sex, age in (('男', 19), ('女', 20), ('1', 39), ('2', 40), ('男', 59), ('女', 60), ('男', 69), ('女', 70),
                         ('男', 3.5), ('女', 6.5)):
            ws.append([sex, age, 165 if age >= 20 else 100, 60 if age >= 20 else 16, 10])
        wb.save(book)
        out = os.path.join(tmp, 'ages-scored.xlsx')
        r = subprocess.run([CLI, 'score', '--standard', 'natfit-2003', '-q', book, '-o', out], capture_output=True, text=True)
        check(r.returncode == 0, 'xlsx in, xlsx out: ' + r.stderr)
        rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
        hdr = rows[0]
        scored = [dict(zip(hdr, row)) for row in rows[1:]]
        parts = ['none', '成年', '成年', '成年', '成年', '老年', '老年', 'none', '幼儿', 'none']
        for row, part in zip(scored, parts):
            has = row['坐位体前屈得分'] not in (None, '')
            check(has == (part != 'none'), 'age %s scored: %s' % (row['年龄'], has))
        check(scored[8]['身高得分'] not in (None, ''), '3.5 is a preschool group')

        # Bad files: no age column, no sex column, nothing scorable, a bad --test-date.
        write(os.path.join(tmp, 'noage.csv'), '性别,身高\n男,170\n')
        r, _ = score(os.path.join(tmp, 'noage.csv'))
        check(r.returncode == 1 and '年龄' in r.stderr and '第 1 行' in r.stderr, 'no age column: ' + r.stderr)
        write(os.path.join(tmp, 'nosex.csv'), '年龄,身高\n30,170\n')
        r, _ = score(os.path.join(tmp, 'nosex.csv'))
        check(r.returncode == 1 and '性别' in r.stderr, 'no sex column: ' + r.stderr)
        write(os.path.join(tmp, 'allbad.csv'), '性别,年龄,握力\n男,12,30\n女,80,30\n')
        out = os.path.join(tmp, 'allbad-out.csv')
        r, _ = score(os.path.join(tmp, 'allbad.csv'), '-o', out)
        check(r.returncode == 1 and not os.path.exists(out), 'nothing scorable: exit 1, no file: ' + r.stderr)
        r, _ = score(people, '--test-date', '2020-02-30')
        check(r.returncode == 1 and '2020-02-30' in r.stderr, 'a bad --test-date: ' + r.stderr)
        # 出生日期 without any test date: every row says so, nothing scored.
        write(os.path.join(tmp, 'nodate.csv'), '性别,出生日期,握力\n男,1990-01-01,30\n')
        r, _ = score(os.path.join(tmp, 'nodate.csv'))
        check(r.returncode == 1 and '测试日期' in r.stderr, 'no test date: ' + r.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        print('%d failures' % len(failures))
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
