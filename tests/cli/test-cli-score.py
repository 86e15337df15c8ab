#!/usr/bin/python3
"""dabiao-cli score: encodings, formats, column matching, bad cells, bad
files, exit codes and "no partial output file".  Run with $DABIAO_PYTHON
(it has openpyxl); messages are checked in Chinese (LANGUAGE=zh_CN)."""
import csv
import io
import os
import subprocess
import sys
import tempfile

import openpyxl

CLI = os.environ['DABIAO_CLI']
failures = []

HEAD = ['年级编号', '班级编号', '班级名称', '学籍号', '民族代码', '姓名', '性别', '出生日期', '家庭住址',
        '身高', '体重', '肺活量', '50米跑', '坐位体前屈', '一分钟跳绳', '一分钟仰卧起坐', '50米×8往返跑',
        '立定跳远', '800米跑', '1000米跑', '引体向上']
ROWS = [
    ['41', '4101', '大一1班', 'G001', '01', '张三', '1', '2005/1/1', '北京', '175', '65', '5040', '6.7', '24.9',
     '', '', '', '273', '', '2.30', '40'],
    ['41', '4101', '大一1班', 'G002', '01', '李四', '2', '2005/1/1', '北京', '165', '55', '3400', '7.5', '25.8',
     '', '56', '', '207', '3.18', '', ''],
    ['21', '2101', '初一1班', 'G003', '01', '王五', '女', '2010/1/1', '北京', '160', '50', '2500', '9.0', '10',
     '', '40', '', '170', '3.75', '', ''],
    ['11', '1101', '一1班', 'G004', '01', '赵六', '男', '2018/1/1', '北京', '120', '22', '1000', '10.5', '10',
     '120', '', '', '', '', '', ''],
]
SCORES = ['体重指数', '体重指数得分', '肺活量得分', '50米跑得分', '坐位体前屈得分', '一分钟跳绳得分',
          '一分钟仰卧起坐得分', '50米×8往返跑得分', '立定跳远得分', '800米跑得分', '1000米跑得分',
          '引体向上得分', '标准分', '附加分', '学年总分', '等级', '备注']


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL:', what)


def run(*args, rc=0):
    p = subprocess.run([CLI] + list(args), capture_output=True)
    out = p.stdout
    err = p.stderr.decode('utf-8', 'replace')
    check(p.returncode == rc, 'exit %d (expected %d) for %s: %s' % (p.returncode, rc, args, err))
    return out, err


def write_csv(path, head, rows, encoding='utf-8', bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\r\n')
    w.writerow(head)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode(encoding)
    with open(path, 'wb') as f:
        f.write((b'\xef\xbb\xbf' if bom else b'') + data)


def read_csv(path):
    with open(path, encoding='utf-8-sig', newline='') as f:
        return list(csv.reader(f))


def by_header(table):
    return [dict(zip(table[0], r)) for r in table[1:]]


with tempfile.TemporaryDirectory() as tmp:
    def p(name):
        return os.path.join(tmp, name)

    # ---- Encodings: UTF-8, UTF-8 with BOM, GB18030 give the same output.
    write_csv(p('utf8.csv'), HEAD, ROWS)
    write_csv(p('bom.csv'), HEAD, ROWS, bom=True)
    write_csv(p('gb.csv'), HEAD, ROWS, encoding='gb18030')
    outs = []
    for name in ('utf8.csv', 'bom.csv', 'gb.csv'):
        run('score', '--standard', 'student-2014', p(name), '-o', p(name + '.out.csv'))
        raw = open(p(name + '.out.csv'), 'rb').read()
        check(raw.startswith(b'\xef\xbb\xbf'), '%s: output CSV starts with a BOM' % name)
        outs.append(read_csv(p(name + '.out.csv')))
    check(outs[0] == outs[1] == outs[2], 'UTF-8, BOM and GB18030 inputs give the same output')
    table = outs[0]
    check(table[0] == HEAD + SCORES, 'output headers: %s' % table[0])
    for r, src in zip(table[1:], ROWS):
        check(r[:len(HEAD)] == src, 'input columns passed through: %s' % r[:len(HEAD)])
    rows = by_header(table)
    check(rows[0]['学年总分'] == '120.0' and rows[0]['等级'] == '优秀' and rows[0]['附加分'] == '20',
          'row 2 totals: %s' % rows[0])
    check(rows[0]['体重指数'] == '21.2' and rows[0]['引体向上得分'] == '100', 'row 2 BMI and pull-up')
    check(rows[1]['引体向上得分'] == '' and rows[1]['1000米跑得分'] == '', 'female row: male items empty')
    check(rows[1]['标准分'] == '100.0' and rows[1]['学年总分'] == '100.0', 'row 3 totals: %s' % rows[1])
    # 800米 "3.75": seconds over 59 — 备注 names the column, no totals, other items scored.
    check(rows[2]['800米跑得分'] == '' and rows[2]['学年总分'] == '' and rows[2]['等级'] == '',
          'bad time: no totals')
    check('800米跑' in rows[2]['备注'] and '3.75' in rows[2]['备注'] and '0–59' in rows[2]['备注'],
          'bad time 备注: %s' % rows[2]['备注'])
    check(rows[2]['肺活量得分'] != '' and rows[2]['50米跑得分'] != '', 'bad time: other items still scored')
    check(rows[3]['附加分'] == '5' and rows[3]['一分钟跳绳得分'] == '100', 'primary rope bonus: %s' % rows[3])

    # ---- Without -o: CSV on stdout (no BOM), summary on stderr.
    out, err = run('score', '--standard', 'student-2014', p('utf8.csv'))
    text = out.decode('utf-8')
    check(not text.startswith('\ufeff') and text.splitlines()[0].split(',') == HEAD + SCORES,
          'stdout CSV header')
    check('4' in err, 'summary on stderr: %s' % err)

    # ---- Headers in any order, with (男)/（女） suffixes; extra columns kept in place.
    head2 = ['备用', '性别', '姓名', '肺活量(男)', '年级编号', '身高', '体重', '50米跑', '坐位体前屈', '立定跳远',
             '1000米跑（男）', '引体向上(男)', '800米跑（女）', '一分钟仰卧起坐(女)']
    rows2 = [['x', '1', '张三', '5040', '41', '175', '65', '6.7', '24.9', '273', "3'17\"", '19', '', ''],
             ['y', '2', '李四', '3400', '41', '165', '55', '7.5', '25.8', '207', '', '', '3′18″', '56']]
    write_csv(p('order.csv'), head2, rows2)
    run('score', '--standard', 'student-2014', p('order.csv'), '-o', p('order.out.csv'))
    t2 = read_csv(p('order.out.csv'))
    check(t2[0] == head2 + SCORES, 'reordered headers kept: %s' % t2[0])
    r2 = by_header(t2)
    check(r2[0]['学年总分'] == '100.0' and r2[1]['学年总分'] == '100.0', 'reordered scoring: %s' % r2)
    check(t2[1][:len(head2)] == rows2[0], 'extra column passed through in place')

    # ---- xlsx in → xlsx out, read back with openpyxl.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for r in ROWS:
        ws.append([int(r[0])] + r[1:9] + [float(v) if v and v.replace('.', '').isdigit() else (v or None)
                                          for v in r[9:]])
    wb.save(p('in.xlsx'))
    run('score', '--standard', 'student-2014', p('in.xlsx'), '-o', p('out.xlsx'))
    got = [list(r) for r in openpyxl.load_workbook(p('out.xlsx'), read_only=True).active.iter_rows(values_only=True)]
    check([str(x) for x in got[0]] == HEAD + SCORES, 'xlsx headers')
    hx = dict(zip(got[0], got[1]))
    check(hx['学年总分'] == 120 and hx['等级'] == '优秀' and hx['体重指数'] == 21.2, 'xlsx row 2: %s' % hx)
    check(hx['学籍号'] == 'G001' and hx['民族代码'] == '01', 'xlsx text columns kept as text')
    # csv in → xlsx out, xlsx in → csv out.
    run('score', '--standard', 'student-2014', p('utf8.csv'), '-o', p('from-csv.xlsx'))
    got2 = [list(r) for r in openpyxl.load_workbook(p('from-csv.xlsx'), read_only=True).active.iter_rows(values_only=True)]
    check(len(got2) == len(ROWS) + 1 and dict(zip(got2[0], got2[2]))['学年总分'] == 100,
          'csv → xlsx: %s' % (got2[2] if len(got2) > 2 else got2))
    run('score', '--standard', 'student-2014', p('in.xlsx'), '-o', p('from-xlsx.csv'))
    check(by_header(read_csv(p('from-xlsx.csv')))[0]['学年总分'] == '120.0', 'xlsx → csv')

    # ---- .xls (BIFF8, written by python3-xlwt) in → csv out: the same scores.
    try:
        import xlwt
    except ImportError:
        xlwt = None
    if xlwt is not None:
        book = xlwt.Workbook(encoding='utf-8')
        sh = book.add_sheet('12345')
        for c, h in enumerate(HEAD):
            sh.write(0, c, h)
        for r, row in enumerate(ROWS, start=1):
            for c, v in enumerate(row):
                if c == 0:
                    sh.write(r, c, int(v))
                elif c >= 9 and v and v.replace('.', '').isdigit():
                    sh.write(r, c, float(v))
                elif v:
                    sh.write(r, c, v)
        book.save(p('in.xls'))
        run('score', '--standard', 'student-2014', p('in.xls'), '-o', p('from-xls.csv'))
        xs = by_header(read_csv(p('from-xls.csv')))
        for a, b in zip(xs, rows):
            for k in SCORES:
                check(a[k] == b[k], 'xls → csv %s: %r vs %r' % (k, a[k], b[k]))

    # ---- A missing value: item scores but no totals; 备注 names the column.
    miss = [list(ROWS[0])]
    miss[0][HEAD.index('肺活量')] = ''
    write_csv(p('miss.csv'), HEAD, miss)
    run('score', '--standard', 'student-2014', p('miss.csv'), '-o', p('miss.out.csv'))
    m = by_header(read_csv(p('miss.out.csv')))[0]
    check(m['肺活量得分'] == '' and m['学年总分'] == '' and m['50米跑得分'] == '100', 'missing value row: %s' % m)
    check('肺活量' in m['备注'], 'missing value 备注: %s' % m['备注'])

    # ---- Bad group / sex on one row: 备注, the other rows still scored, exit 0.
    badrow = list(ROWS[1])
    badrow[0] = '25'
    badrow[6] = '3'
    write_csv(p('badrow.csv'), HEAD, [ROWS[0], badrow])
    run('score', '--standard', 'student-2014', p('badrow.csv'), '-o', p('badrow.out.csv'))
    b = by_header(read_csv(p('badrow.out.csv')))
    check('年级编号' in b[1]['备注'] and '25' in b[1]['备注'] and '性别' in b[1]['备注'], 'bad row 备注: %s' % b[1])
    check(b[0]['等级'] == '优秀', 'good row still scored')

    # ---- Files that cannot be scored: exit 1, one message, no output file.
    def refuses(name, content, fragments, ext='csv'):
        path = p(name + '.' + ext)
        with open(path, 'wb') as f:
            f.write(content)
        out_path = p(name + '.out.' + ext)
        _, err = run('score', '--standard', 'student-2014', path, '-o', out_path, rc=1)
        check(not os.path.exists(out_path), '%s: no output file left behind' % name)
        check(not any(n.startswith(name + '.out') for n in os.listdir(tmp)), '%s: no temporary file left' % name)
        for frag in fragments:
            check(frag in err, '%s: message lacks %r: %s' % (name, frag, err))
        check(err.count('\n') <= 2, '%s: one message: %s' % (name, err))

    good = ','.join(HEAD).encode() + b'\r\n' + ','.join(ROWS[0]).encode() + b'\r\n'
    refuses('quote', good + b'41,"4101,x\r\n', ['quote.csv', '3'])
    refuses('nosex', ','.join(h for h in HEAD if h != '性别').encode() + b'\r\n41,1\r\n', ['nosex.csv', '性别'])
    refuses('nograde', ','.join(h for h in HEAD if h != '年级编号').encode() + b'\r\n1,1\r\n', ['年级编号'])
    refuses('empty', b'', ['empty.csv'])
    refuses('headeronly', ','.join(HEAD).encode() + b'\r\n', ['headeronly.csv'])
    refuses('allbad', ','.join(HEAD).encode() + b'\r\n99,1,,,,,3\r\n', ['allbad.csv'])
    refuses('garbage', b'PK\x03\x04 this is not a workbook', ['garbage.xlsx'], ext='xlsx')
    refuses('truncated', open(p('in.xlsx'), 'rb').read()[:600], ['truncated.xlsx'], ext='xlsx')
    refuses('binary', bytes(range(256)) * 4, ['binary.csv'])

    # The output file is not replaced when scoring fails.
    with open(p('keep.csv'), 'w') as f:
        f.write('old')
    run('score', '--standard', 'student-2014', p('empty.csv'), '-o', p('keep.csv'), rc=1)
    check(open(p('keep.csv')).read() == 'old', 'a failed run leaves an existing output untouched')

    # ---- Usage and environment errors.
    _, err = run('score', '--standard', 'no-such', p('utf8.csv'), rc=1)
    check('no-such' in err, 'unknown standard message: %s' % err)
    run('score', p('utf8.csv'), rc=2)
    run('score', '--standard', 'student-2014', rc=2)
    _, err = run('score', '--standard', 'student-2014', p('nonexistent.csv'), rc=1)
    check('nonexistent.csv' in err, 'missing input message: %s' % err)
    run('score', '--standard', 'student-2014', p('utf8.csv'), '-o', p('no/such/dir/out.csv'), rc=1)
    run('score', '--standard', 'student-2014', p('utf8.csv'), '-o', p('out.txt'), rc=1)

if failures:
    sys.exit('%d failures' % len(failures))
print('ok')
