#!/usr/bin/python3
"""dabiao-cli record and score read values with the one value reader.

Every row of tests/data/value-forms.tsv (the table the core reader and the
app's manual entry are fed too) is recorded with `dabiao-cli record`: a
valid text records the value of the table, an implausible one is refused
naming the range and recorded with --force, an invalid one is refused with
the reason even with --force.  Then `dabiao-cli score`: an impossible value
gets a 备注 and no total; an implausible one too unless --force.  Messages
are checked in Chinese (LANGUAGE=zh_CN)."""
import csv
import io
import os
import subprocess
import sys
import tempfile
from decimal import Decimal

CLI = os.environ['DABIAO_CLI']
TABLE = os.path.join(os.environ['G_TEST_SRCDIR'], 'data', 'value-forms.tsv')
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL:', what)


def run(*args):
    p = subprocess.run([CLI] + list(args), capture_output=True)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8', 'replace')


def table():
    rows = []
    with open(TABLE, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            item, text, verdict, value, expect = line.split('\t')
            rows.append((n, item, text, verdict, value, expect))
    return rows


def recorded(event, who, line):
    """The value of the row `record` printed (its uuid first), as stored:
    `record` says it as people read it (1′52″, 195.0 厘米)."""
    uuid = line.split('\t')[0]
    rc, out, err = run('measurements', event, '--participant', who)
    check(rc == 0, 'measurements: ' + err)
    for row in csv.DictReader(io.StringIO(out.lstrip('\ufeff'))):
        if row['编号'] == uuid:
            return Decimal(row['成绩'])
    check(False, 'measurements: no row %s' % uuid)
    return None


def main():
    rows = table()
    with tempfile.TemporaryDirectory() as tmp:
        event = os.path.join(tmp, 'e.dabiao')
        rc, _, err = run('event', 'new', event, '--name', '读数', '--standard', 'student-2014')
        check(rc == 0, 'event new: ' + err)
        roster = os.path.join(tmp, 'roster.csv')
        with open(roster, 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f)
            w.writerow(['年级编号', '班级编号', '班级名称', '学籍号', '民族代码', '姓名', '性别', '出生日期', '家庭住址'])
            # One participant per row: each item allows only its attempts.
            for i in range(len(rows)):
                w.writerow(['41', '4101', '大一1班', 'V%03d' % i, '01', '学生%d' % i, '1', '2005-01-01', ''])
        rc, _, err = run('roster', 'import', event, roster)
        check(rc == 0, 'roster import: ' + err)

        for i, (n, item, text, verdict, value, expect) in enumerate(rows):
            who = 'V%03d' % i
            what = 'line %d: %s “%s”' % (n, item, text)
            rc, out, err = run('record', event, '--participant', who, '--item', item, '--value', text)
            if verdict == 'valid':
                check(rc == 0, '%s: exit %d: %s' % (what, rc, err))
                if rc == 0:
                    got = recorded(event, who, out)
                    check(got == Decimal(value), '%s: recorded %s, expected %s' % (what, got, value))
                continue
            check(rc == 1 and out == '', '%s: exit %d (expected 1), printed %r' % (what, rc, out))
            check(expect in err, '%s: message %r lacks %r' % (what, err, expect))
            if verdict == 'implausible':
                rc, out, err = run('record', event, '--participant', who, '--item', item, '--value', text, '--force')
                check(rc == 0, '%s --force: exit %d: %s' % (what, rc, err))
                if rc == 0:
                    check(recorded(event, who, out) == Decimal(value), '%s --force: recorded %s' % (what, out))

        # --force does not make what is no value one.
        for text in ('-1', '0', 'abc'):
            rc, _, err = run('record', event, '--participant', 'V001', '--item', 'run_50m', '--value', text, '--force')
            check(rc == 1, 'run_50m %s --force: exit %d, %r' % (text, rc, err))

        # The implausible refusal says how to go on.
        rc, _, err = run('record', event, '--participant', 'V000', '--item', 'run_50m', '--value', '999')
        check(rc == 1 and '--force' in err and '4.5–30 秒' in err, 'implausible message: ' + err)

        # score: impossible → 备注, no total; implausible → the same unless --force.
        head = ['年级编号', '班级编号', '班级名称', '学籍号', '民族代码', '姓名', '性别', '出生日期', '家庭住址',
                '身高', '体重', '肺活量', '50米跑', '坐位体前屈', '立定跳远', '1000米跑', '引体向上']
        base = ['41', '4101', '大一1班', 'G%d', '01', '张三', '1', '2005/1/1', '北京', '175', '65', '5040',
                '6.7', '24.9', '273', '3.20', '15']
        cases = {'G1': ('50米跑', '-1'), 'G2': ('50米跑', '999'), 'G3': ('肺活量', '-200'),
                 'G4': ('50米跑', '7秒8'), 'G5': ('1000米跑', '3′20″'), 'G6': ('50米跑', '0')}
        sheet = os.path.join(tmp, 'in.csv')
        with open(sheet, 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f)
            w.writerow(head)
            for gid, (col, text) in cases.items():
                row = list(base)
                row[3] = gid
                row[head.index(col)] = text
                w.writerow(row)

        def score(*extra):
            rc, out, err = run('score', '--standard', 'student-2014', sheet, *extra)
            check(rc == 0, 'score %s: %s' % (extra, err))
            rows = list(csv.DictReader(io.StringIO(out.lstrip('\ufeff'))))
            return {r['学籍号']: r for r in rows}

        plain = score()
        forced = score('--force')
        for gid in ('G1', 'G3', 'G6'):
            for got in (plain[gid], forced[gid]):
                check(got['学年总分'] == '' and got['备注'] != '', '%s: impossible value scored: %s' % (gid, got))
        check('时间必须大于零' in plain['G1']['备注'], 'G1 note: ' + plain['G1']['备注'])
        check('肺活量不能为负数' in plain['G3']['备注'], 'G3 note: ' + plain['G3']['备注'])
        check(plain['G2']['学年总分'] == '' and '4.5–30 秒' in plain['G2']['备注'], 'G2 without --force: %s' % plain['G2'])
        check(forced['G2']['学年总分'] != '' and forced['G2']['50米跑得分'] == '0', 'G2 with --force: %s' % forced['G2'])
        for gid in ('G4', 'G5'):
            check(plain[gid]['学年总分'] != '' and plain[gid]['备注'] == '', '%s: %s' % (gid, plain[gid]))
        # 7秒8 scores as 7.8 would.
        g4 = dict(plain['G4'])
        check(g4['50米跑得分'] == score_of_78(tmp, head, base), 'G4 50米跑得分 %s' % g4['50米跑得分'])

    if failures:
        print('%d failures' % len(failures))
        sys.exit(1)
    print('ok: %d texts recorded alike' % len(rows))


def score_of_78(tmp, head, base):
    path = os.path.join(tmp, 'ref.csv')
    row = list(base)
    row[3] = 'R'
    row[head.index('50米跑')] = '7.8'
    with open(path, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(head)
        w.writerow(row)
    rc, out, err = run('score', '--standard', 'student-2014', path)
    return list(csv.DictReader(io.StringIO(out.lstrip('\ufeff'))))[0]['50米跑得分']


main()
