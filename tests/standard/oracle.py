#!/usr/bin/python3
"""An independent oracle for `dabiao-cli score --standard student-2014`.

It reads the reference tables copied under tests/data/standards/student-2014/
(not the engine's data/standards/), scores random rows chosen near every
threshold with Python's Decimal arithmetic following the standard's text,
runs dabiao-cli on the same rows as CSV and as XLSX (read back with
openpyxl), and compares every score column.  It scores with --force: values
outside the item catalogue's plausible range are scored like any other
(test-cli-values.py checks the 备注 they get without it); only what is no
value (a time of zero or below) is noted.

Usage: oracle.py [--rows N] [--seed S]   (env: DABIAO_CLI, G_TEST_SRCDIR)
"""
import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
from decimal import Decimal, ROUND_HALF_UP

SRC = os.environ.get('G_TEST_SRCDIR', os.path.join(os.path.dirname(__file__), '..'))
REF = os.path.join(SRC, 'data', 'standards', 'student-2014')
CLI = os.environ['DABIAO_CLI']

GRADES = ['11', '12', '13', '14', '15', '16', '21', '22', '23', '24',
          '31', '32', '33', '34', '41', '42', '43', '44']
ALIAS = {'24': '23', '34': '33'}
ORDER = ['11', '12', '13', '14', '15', '16', '21', '22', '23', '31', '32', '33', '41', '42', '43', '44']
HEADERS = {'vital_capacity': '肺活量', 'run_50m': '50米跑', 'sit_and_reach': '坐位体前屈',
           'rope_1min': '一分钟跳绳', 'sit_up_1min': '一分钟仰卧起坐', 'shuttle_50mx8': '50米×8往返跑',
           'standing_long_jump': '立定跳远', 'run_800m': '800米跑', 'run_1000m': '1000米跑',
           'pull_up': '引体向上'}
SCORE_ORDER = ['bmi', 'vital_capacity', 'run_50m', 'sit_and_reach', 'rope_1min', 'sit_up_1min',
               'shuttle_50mx8', 'standing_long_jump', 'run_800m', 'run_1000m', 'pull_up']
MIN_SEC = {'shuttle_50mx8', 'run_800m', 'run_1000m'}
LOWER = {'run_50m', 'shuttle_50mx8', 'run_800m', 'run_1000m'}
UNIT = {'run_50m': Decimal('0.1'), 'sit_and_reach': Decimal('0.1'), 'standing_long_jump': Decimal('1')}
INPUT_HEADERS = ['年级编号', '班级编号', '班级名称', '学籍号', '民族代码', '姓名', '性别', '出生日期', '家庭住址',
                 '身高', '体重'] + [HEADERS[c] for c in SCORE_ORDER[1:]]
OUTPUT_HEADERS = INPUT_HEADERS + ['体重指数', '体重指数得分'] + \
    [HEADERS[c] + '得分' for c in SCORE_ORDER[1:]] + ['标准分', '附加分', '学年总分', '等级', '备注']


def rows(name):
    with open(os.path.join(REF, name), encoding='utf-8') as f:
        return list(csv.DictReader(f))


def expand(spec):
    a, b = spec.split('-')
    return ORDER[ORDER.index(a):ORDER.index(b) + 1]


class Reference:
    def __init__(self):
        self.tables = {}
        for r in rows('scores.csv'):
            self.tables.setdefault((r['grade'], r['sex'], r['item']), []).append(
                (int(r['score']), Decimal(r['threshold'])))
        self.bmi = {}
        for r in rows('bmi.csv'):
            self.bmi.setdefault((r['grade'], r['sex']), []).append(
                (int(r['score']),
                 Decimal(r['bmi_min_inclusive']) if r['bmi_min_inclusive'] else None,
                 Decimal(r['bmi_max_inclusive']) if r['bmi_max_inclusive'] else None))
        self.weights = {}
        for r in rows('weights.csv'):
            for g in expand(r['grades']):
                for s in ('male', 'female'):
                    if r['sex'] in ('both', s):
                        self.weights.setdefault((g, s), {})[r['item']] = int(r['weight_percent'])
        self.bonus = {}
        for r in rows('bonus.csv'):
            for g in expand(r['grades']):
                for s in ('male', 'female'):
                    if r['sex'] in ('both', s):
                        self.bonus.setdefault((g, s, r['item']), []).append(
                            (int(r['bonus']), Decimal(r['required_excess'])))

    def item_score(self, g, s, item, v):
        best = 0
        for score, t in self.tables[(g, s, item)]:
            if (v <= t if item in LOWER else v >= t) and score > best:
                best = score
        return best

    def item_bonus(self, g, s, item, v):
        table = self.bonus.get((g, s, item))
        if not table:
            return 0
        top = [t for score, t in self.tables[(g, s, item)] if score == 100][0]
        excess = top - v if item in LOWER else v - top
        got = 0
        for b, need in table:
            if excess >= need and b > got:
                got = b
        return got

    def bmi_score(self, g, s, bmi):
        for score, lo, hi in self.bmi[(g, s)]:
            if (lo is None or bmi >= lo) and (hi is None or bmi <= hi):
                return score
        raise AssertionError('no BMI band for %s %s %s' % (g, s, bmi))


def half_up(d, q='0.1'):
    return d.quantize(Decimal(q), rounding=ROUND_HALF_UP)


def to_seconds(text):
    """The oracle's own reading of the few time notations it writes."""
    for mark in ("'", '′', '’'):
        if mark in text:
            m, rest = text.split(mark, 1)
            return Decimal(m) * 60 + Decimal(rest.rstrip('"″”'))
    m, _, sec = text.partition('.')
    if len(sec) == 1:
        sec += '0'
    return Decimal(m) * 60 + Decimal(sec or '0')


def fmt_time(seconds, rnd):
    m, s = divmod(int(seconds), 60)
    style = rnd.randrange(5)
    if style == 0:
        return "%d'%02d\"" % (m, s)
    if style == 1:
        return '%d′%02d″' % (m, s)
    if style == 2:
        return '%d’%02d”' % (m, s)
    if s % 10 == 0 and rnd.random() < 0.5:
        return '%d.%d' % (m, s // 10)          # 3.5 = 3'50"
    return '%d.%02d' % (m, s)


def expected(ref, grade, sex, values):
    """values: header → text.  Returns {output header: expected text}."""
    g = ALIAS.get(grade, grade)
    s = 'male' if sex in ('1', '男') else 'female'
    weights = ref.weights[(g, s)]
    out = {}
    complete = True
    problems = False
    weighted = Decimal(0)
    bonus = 0
    h, w = values.get('身高', ''), values.get('体重', '')
    if h and w:
        bmi = half_up(Decimal(w) / (Decimal(h) / 100) ** 2)
        out['体重指数'] = str(bmi)
        sc = ref.bmi_score(g, s, bmi)
        out['体重指数得分'] = str(sc)
        weighted += sc * weights['bmi']
    else:
        out['体重指数'] = ''
        out['体重指数得分'] = ''
        complete = False
        problems = True
    for code in SCORE_ORDER[1:]:
        header = HEADERS[code] + '得分'
        if code not in weights:
            out[header] = ''
            continue
        text = values.get(HEADERS[code], '')
        if text == '':
            out[header] = ''
            complete = False
            problems = True
            continue
        if text == 'bad':
            out[header] = ''
            complete = False
            problems = True
            continue
        v = to_seconds(text) if code in MIN_SEC else Decimal(text)
        if (code in MIN_SEC or code == 'run_50m') and v <= 0:
            # No time is zero or below: the value reader refuses it.
            out[header] = ''
            complete = False
            problems = True
            continue
        sc = ref.item_score(g, s, code, v)
        out[header] = str(sc)
        weighted += sc * weights[code]
        bonus += ref.item_bonus(g, s, code, v)
    if complete:
        std = weighted / 100
        bonus = min(bonus, 20)
        total = half_up(std + bonus)
        out['标准分'] = str(half_up(std))
        out['附加分'] = str(bonus)
        out['学年总分'] = str(total)
        out['等级'] = '优秀' if total >= 90 else '良好' if total >= 80 else '及格' if total >= 60 else '不及格'
    else:
        for k in ('标准分', '附加分', '学年总分', '等级'):
            out[k] = ''
    out['备注?'] = problems
    return out


def near(rnd, ref, g, s, code):
    """A value at, just above or just below a random threshold of the table,
    or far beyond the top (bonus), as typed text."""
    table = ref.tables[(g, s, code)]
    score, t = rnd.choice(table)
    unit = UNIT.get(code, Decimal(1))
    r = rnd.random()
    if r < 0.15:
        top = [t for sc, t in table if sc == 100][0]
        extra = Decimal(rnd.randrange(0, 45))
        v = top - extra if code in LOWER else top + extra
    else:
        v = t + unit * rnd.choice((-1, 0, 0, 1))
    if code in MIN_SEC:
        if v < 1:
            v = Decimal(1)
        return fmt_time(v, rnd)
    if v < 0 and code != 'sit_and_reach':
        v = Decimal(0)
    if code in ('run_50m', 'sit_and_reach', 'standing_long_jump') and rnd.random() < 0.5:
        return '%.1f' % v
    return format(v.normalize(), 'f')


def gen_rows(n, seed):
    rnd = random.Random(seed)
    ref = Reference()
    out = []
    for i in range(n):
        grade = rnd.choice(GRADES)
        g = ALIAS.get(grade, grade)
        sex = rnd.choice(('1', '2', '男', '女'))
        s = 'male' if sex in ('1', '男') else 'female'
        values = {}
        # Height and weight near a BMI band edge.
        bands = ref.bmi[(g, s)]
        _, lo, hi = rnd.choice(bands)
        edge = lo if lo is not None else hi
        h = Decimal(rnd.randrange(1100, 1950)) / 10
        w = (edge + Decimal(rnd.choice((-1, 0, 0, 1))) * Decimal('0.05')) * (h / 100) ** 2
        values['身高'] = str(h)
        values['体重'] = str(w.quantize(Decimal('0.01'))) if rnd.random() < 0.7 else str(w.quantize(Decimal('0.1')))
        for code in SCORE_ORDER[1:]:
            if (g, s, code) in ref.tables:
                values[HEADERS[code]] = near(rnd, ref, g, s, code)
            elif rnd.random() < 0.1:
                values[HEADERS[code]] = '5'   # a value for an item that does not apply
        r = rnd.random()
        if r < 0.03:
            values[rnd.choice(list(values))] = ''
        elif r < 0.05:
            k = rnd.choice([HEADERS[c] for c in SCORE_ORDER[1:] if (g, s, c) in ref.tables])
            values[k] = 'bad'
        exp = expected(ref, grade, sex, values)
        row = [grade, grade + '01', '班', 'G%06d' % i, '01', '学生%d' % i, sex, '2010-01-01', '某地'] + \
              [values.get(hd, '') for hd in INPUT_HEADERS[9:]]
        out.append((row, exp))
    return out


def run(args, expect_rc=0):
    p = subprocess.run([CLI] + args, capture_output=True, text=True)
    if p.returncode != expect_rc:
        sys.exit('dabiao-cli %s: exit %d, expected %d\n%s' % (' '.join(args), p.returncode, expect_rc, p.stderr))
    return p


def compare(label, got_rows, cases, as_number=False):
    bad = 0
    for i, ((row, exp), got) in enumerate(zip(cases, got_rows)):
        got = dict(zip(OUTPUT_HEADERS, got))
        for k, v in exp.items():
            if k == '备注?':
                if bool(got['备注']) != v:
                    bad += 1
                    print('%s row %d: 备注 %r, expected %s' % (label, i + 2, got['备注'], 'some' if v else 'none'))
                continue
            g = got[k]
            if as_number and g not in ('', None) and not isinstance(g, str):
                g = str(half_up(Decimal(repr(g)))) if k in ('体重指数', '标准分', '学年总分') else str(int(g))
            g = '' if g is None else str(g)
            if g != v:
                bad += 1
                if bad < 20:
                    print('%s row %d %s: got %r, expected %r; input %s' % (label, i + 2, k, g, v, row))
    if len(got_rows) != len(cases):
        sys.exit('%s: %d output rows for %d input rows' % (label, len(got_rows), len(cases)))
    return bad


def check_csv(tmp, cases):
    path = os.path.join(tmp, 'in.csv')
    with open(path, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(INPUT_HEADERS)
        for row, _ in cases:
            w.writerow(row)
    out = os.path.join(tmp, 'out.csv')
    run(['score', '--standard', 'student-2014', '--force', path, '-o', out])
    with open(out, encoding='utf-8-sig', newline='') as f:
        got = list(csv.reader(f))
    if got[0] != OUTPUT_HEADERS:
        sys.exit('csv headers: %s' % got[0])
    for (row, _), g in zip(cases, got[1:]):
        if g[:len(row)] != row:
            sys.exit('csv: input columns not passed through: %s vs %s' % (g[:len(row)], row))
    return compare('csv', got[1:], cases)


def check_xlsx(tmp, cases):
    import openpyxl
    path = os.path.join(tmp, 'in.xlsx')
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '12345'
    ws.append(INPUT_HEADERS)
    for row, _ in cases:
        cells = []
        for j, v in enumerate(row):
            # Numbers as numbers where Excel would hold them so, text elsewhere.
            if j >= 9 and v not in ('', 'bad') and all(c in '0123456789.-' for c in v):
                cells.append(float(v) if '.' in v else int(v))
            elif j == 0:
                cells.append(int(v))
            else:
                cells.append(v if v != '' else None)
        ws.append(cells)
    wb.save(path)
    out = os.path.join(tmp, 'out.xlsx')
    run(['score', '--standard', 'student-2014', '--force', path, '-o', out])
    wb = openpyxl.load_workbook(out, read_only=True)
    got = [list(r) for r in wb.active.iter_rows(values_only=True)]
    if [str(x) for x in got[0]] != OUTPUT_HEADERS:
        sys.exit('xlsx headers: %s' % got[0])
    got_rows = []
    for r in got[1:]:
        r = r + [None] * (len(OUTPUT_HEADERS) - len(r))
        got_rows.append(['' if x is None else x for x in r])
    return compare('xlsx', got_rows, cases, as_number=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rows', type=int, default=3000)
    ap.add_argument('--seed', type=int, default=20140)
    ap.add_argument('--xlsx-rows', type=int, default=1500)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = gen_rows(a.rows, a.seed)
        bad = check_csv(tmp, cases)
        bad += check_xlsx(tmp, gen_rows(a.xlsx_rows, a.seed + 1))
        grades = {}
        for _, exp in cases:
            key = exp['等级'] or 'incomplete'
            grades[key] = grades.get(key, 0) + 1
        with_bonus = sum(1 for _, exp in cases if exp['附加分'] not in ('', '0'))
        print('oracle coverage (csv): grades %s, %d rows with 附加分' % (grades, with_bonus))
    print('oracle: %d csv rows, %d xlsx rows, %d mismatches' % (a.rows, a.xlsx_rows, bad))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
