# natfit-oracle.py — an independent oracle for `dabiao-cli score --standard natfit-2003`.
#
# Reads the reference transcriptions under tests/data/standards/natfit-2003/
# (their own schemas, not data/standards/), draws random people of all three
# parts with every value near a cut point of its table, scores them here,
# runs dabiao-cli on the same sheet and compares every output cell.
#
#   $DABIAO_PYTHON natfit-oracle.py [N_PEOPLE] [SEED]
#
# Rules implemented here (see the test-natfit-tables.c header for the same
# reading): highest level met; open-ended ranges exclude a bound shared with
# the neighbouring closed range; 身高标准体重 bands, shared values and gaps to
# the band with more points; 0 below a table; ages in completed months from
# 出生日期 to 测试日期 (birthday counts), 幼儿 groups of half a year (6.0 group
# up to 6½ — a project decision, the reference is silent), 20–69 in five-year
# groups; 台阶指数 = t × 100 / (2 × Σ脉搏) half up to 0.1; 总分 = Σ points when
# every item of the part has points; 等级 from the grades files.

import calendar
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, '..', 'data', 'standards', 'natfit-2003')
CLI = os.environ['DABIAO_CLI']


def read(name):
    with open(os.path.join(REF, name), encoding='utf-8-sig', newline='') as f:
        return list(csv.DictReader(f))


def D(text):
    return Decimal(text) if text.strip() != '' else None


SEX = {'male': '男', 'M': '男', 'female': '女', 'F': '女'}

# header → (file, schema, decimals)
ADULT = {
    '肺活量': ('adult_vital_capacity.csv', 0), '台阶指数': ('adult_step_index.csv', 1),
    '握力': ('adult_grip_strength.csv', 1), '俯卧撑': ('adult_push_up.csv', 0),
    '一分钟仰卧起坐': ('adult_sit_up_1min.csv', 0), '纵跳': ('adult_vertical_jump.csv', 1),
    '坐位体前屈': ('adult_sit_and_reach.csv', 1), '选择反应时': ('adult_choice_reaction_time.csv', 2),
    '闭眼单脚站立': ('adult_single_leg_stand_eyes_closed.csv', 1),
}
ELDERLY = {
    '肺活量': ('elderly_lung_capacity.csv', 0), '握力': ('elderly_grip_strength.csv', 1),
    '坐位体前屈': ('elderly_sit_and_reach.csv', 1), '选择反应时': ('elderly_reaction_time.csv', 2),
    '闭眼单脚站立': ('elderly_one_leg_stand.csv', 1),
}
PRESCHOOL = {
    '身高': ('preschool_height.csv', 1), '坐位体前屈': ('preschool_sit_and_reach.csv', 1),
    '10米折返跑': ('preschool_run_10m.csv', 1), '立定跳远': ('preschool_standing_jump.csv', 1),
    '网球掷远': ('preschool_tennis_throw.csv', 1), '双脚连续跳': ('preschool_continuous_jump.csv', 1),
    '走平衡木': ('preschool_balance_beam.csv', 1),
}
SCORE_ITEMS = ['身高标准体重', '肺活量', '台阶指数', '握力', '俯卧撑', '一分钟仰卧起坐', '纵跳', '坐位体前屈',
               '选择反应时', '闭眼单脚站立', '身高', '10米折返跑', '立定跳远', '网球掷远', '双脚连续跳', '走平衡木']
LOW = {'medium-low', 'low-medium', 'low', 'unverified'}


class Table:
    """A directed table: score(v) and its cut points."""

    def __init__(self, rows, decimals, kind):
        self.decimals = decimals
        self.unit = Decimal(1).scaleb(-decimals)
        self.kind = kind
        self.rows = rows

    def cuts(self):
        out = []
        for r in self.rows:
            for k in ('min', 'max', 'c'):
                if r.get(k) is not None:
                    out.append(r[k])
        return out

    def score(self, v):
        best = 0
        if self.kind in ('min_inclusive', 'max_inclusive'):
            for r in self.rows:
                if (v >= r['c']) if self.kind == 'min_inclusive' else (v <= r['c']):
                    best = max(best, r['points'])
            return best
        higher = self.kind == 'higher'
        by_points = {r['points']: r for r in self.rows}
        for r in self.rows:
            prev = by_points.get(r['points'] - 1)
            if higher:
                strict = r['max'] is None and prev is not None and prev['max'] is not None and prev['max'] == r['min']
                ok = r['min'] is None or (v > r['min'] if strict else v >= r['min'])
            else:
                strict = r['min'] is None and prev is not None and prev['min'] is not None and prev['min'] == r['max']
                ok = r['max'] is None or (v < r['max'] if strict else v <= r['max'])
            if ok:
                best = max(best, r['points'])
        return best


def load_tables():
    tables = {}  # (group, sex, header) → (Table, low?)
    for header, (name, dec) in ADULT.items():
        rows = read(name)
        kind = 'max_inclusive' if 'max_inclusive' in rows[0] else 'min_inclusive'
        for r in rows:
            key = (r['age_group'], SEX[r['sex']], header)
            t = tables.setdefault(key, (Table([], dec, kind), False))[0]
            t.rows.append({'points': int(r['points']), 'c': D(r[kind])})
    for source, groups_of in ((ELDERLY, lambda g: [g]), (PRESCHOOL, lambda g: ['%.1f' % float(g)])):
        for header, (name, dec) in source.items():
            for r in read(name):
                for g in groups_of(r['age_group']):
                    low = header == '坐位体前屈' and source is PRESCHOOL or r['confidence'].split(' ')[0].lower() in LOW
                    key = (g, SEX[r['sex']], header)
                    t = tables.setdefault(key, (Table([], dec, r['better']), low))[0]
                    t.rows.append({'points': int(r['points']), 'min': D(r['min']), 'max': D(r['max'])})
    return tables


def load_weight_tables():
    """(group, sex) → {height_min: (height_max, [bands]), …}, low?"""
    hsw = {}
    for r in read('adult_height_standard_weight.csv'):
        lo, hi = r['age_band'].split('-')
        for first in range(int(lo), int(hi), 5):
            g = '%d-%d' % (first, first + 4)
            lt1, lt3, m5, m3 = (D(r[k]) for k in ('w_lt_1pt_light', 'w_lt_3pt_light', 'w_max_5pt', 'w_max_3pt_heavy'))
            rows = hsw.setdefault((g, SEX[r['sex']]), ({}, False))[0]
            rows[D(r['height_min_cm'])] = (D(r['height_max_cm']), ('adult', lt1, lt3, m5, m3))
    for name, groups in (('elderly_height_standard_weight.csv', ['60-64', '65-69']),
                         ('preschool_height_standard_weight.csv', ['%.1f' % (3 + i / 2) for i in range(7)])):
        for r in read(name):
            for g in groups:
                rows = hsw.setdefault((g, SEX[r['sex']]), ({}, True))[0]
                entry = rows.setdefault(D(r['height_min_cm']), (D(r['height_max_cm']), ('ranges', [])))
                entry[1][1].append((int(r['points']), D(r['weight_min_kg']), D(r['weight_max_kg'])))
    return hsw


def hsw_score(spec, w):
    if spec[0] == 'adult':
        _, lt1, lt3, m5, m3 = spec
        return 1 if w < lt1 else 3 if w < lt3 else 5 if w <= m5 else 3 if w <= m3 else 1
    bands = spec[1]
    holding = [p for p, lo, hi in bands if (lo is None or w >= lo) and (hi is None or w <= hi)]
    if holding:
        return max(holding)
    below = max((b for b in bands if b[2] is not None and b[2] < w), key=lambda b: b[2])
    above = min((b for b in bands if b[1] is not None and b[1] > w), key=lambda b: b[1])
    return max(below[0], above[0])


def hsw_cuts(spec):
    if spec[0] == 'adult':
        return list(spec[1:])
    return [x for _, lo, hi in spec[1] for x in (lo, hi) if x is not None]


def load_grades():
    grades = {}
    for r in read('grades_adult.csv'):
        if r['age_range'] in ('20-39', '40-59'):
            grades.setdefault(r['age_range'], []).append((D(r['total_min']), D(r['total_max']), r['level']))
    for r in read('grades_preschool_elderly.csv'):
        grades.setdefault(r['age_group'], []).append((D(r['total_min']), D(r['total_max']), r['grade']))
    return grades


# group code, part (grades key), age range in months [lo, hi)
GROUPS = [('%.1f' % (3 + i / 2), '3-6', 36 + 6 * i, 42 + 6 * i) for i in range(7)]
GROUPS += [('%d-%d' % (a, a + 4), '20-39' if a < 40 else '40-59' if a < 60 else '60-69', 12 * a, 12 * (a + 5))
           for a in range(20, 70, 5)]


def group_for_months(m):
    for code, part, lo, hi in GROUPS:
        if lo <= m < hi:
            return code, part
    return None, None


def months_between(birth, on):
    if on < birth:
        return -1
    m = (on.year - birth.year) * 12 + on.month - birth.month
    if on.day < min(birth.day, calendar.monthrange(on.year, on.month)[1]):
        m -= 1
    return m


def fmt(v, decimals):
    return format(v.quantize(Decimal(1).scaleb(-decimals)), 'f')


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20031
    rnd = random.Random(seed)
    tables = load_tables()
    hsw = load_weight_tables()
    grades = load_grades()
    test_day = datetime.date(2020, 5, 10)

    inputs = ['编号', '性别', '年龄', '出生日期', '测试日期', '身高', '体重', '台阶时间', '脉搏1', '脉搏2', '脉搏3'] + \
        [h for h in SCORE_ITEMS if h not in ('身高标准体重', '身高')]
    people = []
    for k in range(n):
        row = {h: '' for h in inputs}
        row['编号'] = str(k)
        sex = rnd.choice(['男', '女'])
        row['性别'] = sex
        code, part, lo, hi = rnd.choice(GROUPS)
        # An age near the group's edges (sometimes just outside every part).
        m = rnd.choice([lo, lo + 1, hi - 1, hi, lo - 1, rnd.randrange(lo, hi)])
        on = test_day if rnd.random() < 0.7 else test_day + datetime.timedelta(days=rnd.randrange(-400, 400))
        if rnd.random() < 0.8:
            # 出生日期: a day whose age on `on` is m months (or one day short of it).
            y, mo = divmod(on.year * 12 + on.month - 1 - m, 12)
            day = min(on.day, calendar.monthrange(y, mo + 1)[1])
            birth = datetime.date(y, mo + 1, day)
            if rnd.random() < 0.3:
                birth += datetime.timedelta(days=1)
            row['出生日期'] = birth.isoformat() if rnd.random() < 0.8 else '%d/%d/%d' % (birth.year, birth.month, birth.day)
            if on != test_day:
                row['测试日期'] = on.isoformat()
            months = months_between(birth, on)
        else:
            # 年龄 in years: whole for adults, halves for young children.
            months = m - m % 6 if m < 84 else m - m % 12
            row['年龄'] = str(months / 12).rstrip('0').rstrip('.') if months % 12 else str(months // 12)
        g, gpart = group_for_months(months)

        if g is None:
            # Values of some part, to make sure nothing gets scored.
            g_vals, part_vals = code, part
        else:
            g_vals, part_vals = g, gpart

        # 身高 and 体重 from a row of the 身高标准体重 table (sometimes outside it).
        rows, _ = hsw[(g_vals, sex)]
        hmin = rnd.choice(list(rows))
        hmax, spec = rows[hmin]
        height = rnd.choice([hmin, hmax, hmin + Decimal('0.5')])
        if rnd.random() < 0.03:
            height = (min(rows) - Decimal('0.1')) if rnd.random() < 0.5 else (max(rows) + Decimal('1.0'))
        weight = rnd.choice(hsw_cuts(spec)) + rnd.choice([-1, 0, 1]) * Decimal('0.1')
        row['身高'] = fmt(height, 1)
        row['体重'] = fmt(weight, 1)

        for (tg, tsex, header), (table, low) in tables.items():
            if tg != g_vals or tsex != sex or header == '身高':
                continue
            if rnd.random() < 0.03:
                continue  # missing
            c = rnd.choice(table.cuts())
            v = c + rnd.choice([-1, 0, 0, 1]) * table.unit
            if header == '台阶指数' and rnd.random() < 0.5:
                # Through 台阶时间 and 脉搏1–3.
                t = rnd.randrange(60, 181)
                pulses = [rnd.randrange(35, 90) for _ in range(3)]
                row['台阶时间'] = str(t)
                row['脉搏1'], row['脉搏2'], row['脉搏3'] = (str(p) for p in pulses)
            else:
                row[header] = fmt(v, table.decimals)
        people.append((row, g, gpart, sex, months))

    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'people.csv')
        out = os.path.join(tmp, 'scored.csv')
        with open(src, 'w', encoding='utf-8', newline='') as f:
            w = csv.DictWriter(f, fieldnames=inputs)
            w.writeheader()
            for row, *_ in people:
                w.writerow(row)
        t0 = time.monotonic()
        # --force: values just outside an item's plausible range (the item
        # catalogue) are scored too; this oracle checks the tables.
        r = subprocess.run([CLI, 'score', '--standard', 'natfit-2003', '--test-date', test_day.isoformat(),
                            '--force', src, '-o', out], capture_output=True, text=True)
        cli_seconds = time.monotonic() - t0
        if r.returncode != 0:
            print(r.stderr, file=sys.stderr)
            sys.exit(1)
        with open(out, encoding='utf-8-sig', newline='') as f:
            scored = list(csv.DictReader(f))

    assert len(scored) == len(people), (len(scored), len(people))
    expected_headers = inputs + [h + '得分' for h in SCORE_ITEMS] + ['总分', '等级', '备注']
    assert list(scored[0].keys()) == expected_headers, list(scored[0].keys())

    t0 = time.monotonic()
    failures = 0
    n_items = n_complete = n_outside = 0
    for (row, g, part, sex, months), got in zip(people, scored):
        want = {h + '得分': '' for h in SCORE_ITEMS}
        want['总分'] = want['等级'] = ''
        notes = []
        if g is not None:
            complete = True
            total = 0
            # 身高标准体重
            rows, low = hsw[(g, sex)]
            height, weight = Decimal(row['身高']), Decimal(row['体重'])
            spec = next((s for hmin, (hmax, s) in rows.items() if hmin <= height <= hmax), None)
            if spec is None:
                complete = False
                notes.append('身高标准体重')
            else:
                p = hsw_score(spec, weight)
                want['身高标准体重得分'] = str(p)
                total += p
                if low:
                    notes.append('身高标准体重得分')
            for (tg, tsex, header), (table, low) in tables.items():
                if tg != g or tsex != sex:
                    continue
                text = row['身高'] if header == '身高' else row[header]
                if header == '台阶指数' and text == '' and row['台阶时间'] != '':
                    idx = Fraction(int(row['台阶时间']) * 100, 2 * sum(int(row[k]) for k in ('脉搏1', '脉搏2', '脉搏3')))
                    text = str(Decimal(idx.numerator) / Decimal(idx.denominator))
                    v = (Decimal(idx.numerator * 10) / Decimal(idx.denominator)).quantize(Decimal(1), ROUND_HALF_UP) / 10
                elif text != '':
                    v = Decimal(text)
                if text == '':
                    complete = False
                    notes.append(header)
                    continue
                p = table.score(v)
                want[header + '得分'] = str(p)
                total += p
                if low:
                    notes.append(header + '得分')
            if complete:
                want['总分'] = str(total)
                for lo, hi, grade in grades[part]:
                    if (lo is None or total >= lo) and (hi is None or total <= hi):
                        want['等级'] = grade.replace('(', '（').replace(')', '）')
                n_complete += 1
        else:
            notes.append('年龄')
            n_outside += 1

        bad = [k for k in want if got[k] != want[k]]
        for note in notes:
            if note not in got['备注']:
                bad.append('备注 lacks ' + note)
        if g is not None and not notes and got['备注'] != '':
            bad.append('备注 should be empty')
        for k in row:
            if got[k] != row[k]:
                bad.append('input column ' + k)
        n_items += sum(1 for k in want if k.endswith('得分') and want[k] != '')
        if bad:
            failures += 1
            if failures <= 10:
                print('row %s (group %s %s, %s months): %s\n  input %s\n  got   %s\n  want  %s' %
                      (row['编号'], g, sex, months, ', '.join(bad), row,
                       {k: got[k] for k in want}, want), file=sys.stderr)

    oracle_seconds = time.monotonic() - t0
    print('%d people (%d item scores, %d with totals, %d outside every part), %d disagreements'
          % (n, n_items, n_complete, n_outside, failures))
    # The figure the benchmark reports: dabiao-cli (read csv, score, write csv)
    # against this script's own scoring and comparing (a Python baseline).
    print('dabiao-cli score: %.2f s (%.0f rows/s); Python oracle: %.2f s; ratio cli/oracle %.2f'
          % (cli_seconds, n / cli_seconds, oracle_seconds, cli_seconds / oracle_seconds))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
