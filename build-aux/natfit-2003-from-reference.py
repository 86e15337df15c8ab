#!/usr/bin/python3
# natfit-2003-from-reference.py — builds data/standards/natfit-2003/*.csv from
# the reference transcriptions copied verbatim under
# tests/data/standards/natfit-2003/ (several schemas) into the project's one
# format (data/standards/README.md).  Run from the source root:
#
#   /usr/bin/python3 build-aux/natfit-2003-from-reference.py
#
# Normalisation rules (also in data/standards/README.md, "natfit-2003"):
# - adult `points,min_inclusive` / `points,max_inclusive` tables become
#   thresholds.csv rows ("highest level met");
# - preschool and elderly `points,min,max` range tables become bands.csv rows;
#   a value shared by two neighbouring ranges belongs to the closed range, an
#   open-ended range (empty min or max) excludes it (the sources print such
#   tables as "<91.2 | 91.2–95.4 | … | >104.1"; the reference notes "read 5pt
#   as strictly greater/less" say the same); a gap between two ranges (网球掷远
#   measured in 0.5 m steps: 2.5 | 3.0) goes to the lower points ("highest
#   level met"), so every value has exactly one band;
# - adult 身高标准体重 columns w_lt_1pt_light < w_lt_3pt_light ≤ … ≤ w_max_5pt
#   < … ≤ w_max_3pt_heavy become five bands 1/3/5/3/1 per 1-cm height row;
# - confidence per row from the reference's `confidence` column (first word,
#   lower case); adult files have none: "medium" (one source S8, corrected
#   against a second official document; two more transcriptions agree on 390
#   of 400 cut points); preschool 坐位体前屈: "unverified" (sources conflict);
# - 身高标准体重 ranges of the elderly and preschool tables (a few rows print
#   the same value as the end of one band and the start of the next, or leave
#   0.1–0.2 kg between the 5-point and a 3-point band): such a value or gap
#   belongs to the band with more points (the one nearer 正常体重).

import csv
import os
import sys
from decimal import Decimal

SRC = 'tests/data/standards/natfit-2003'
DST = 'data/standards/natfit-2003'

# item code → (decimals, better)
ITEMS = {
    'height': (1, 'higher'),
    'weight_for_height': (1, 'band'),
    'vital_capacity': (0, 'higher'),
    'step_index': (1, 'higher'),
    'grip': (1, 'higher'),
    'push_up': (0, 'higher'),
    'sit_up_1min': (0, 'higher'),
    'vertical_jump': (1, 'higher'),
    'sit_and_reach': (1, 'higher'),
    'choice_reaction': (2, 'lower'),
    'one_leg_stand': (1, 'higher'),
    'run_10m': (1, 'lower'),
    'standing_long_jump': (1, 'higher'),
    'tennis_throw': (1, 'higher'),
    'continuous_jump': (1, 'lower'),
    'balance_beam': (1, 'lower'),
}

ADULT_GROUPS = ['20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59']
PRESCHOOL_GROUPS = ['3.0', '3.5', '4.0', '4.5', '5.0', '5.5', '6.0']
ELDERLY_GROUPS = ['60-64', '65-69']

problems = []


def read(name):
    with open(os.path.join(SRC, name), encoding='utf-8-sig', newline='') as f:
        return list(csv.DictReader(f))


def sex_of(text):
    return {'male': 'male', 'M': 'male', 'female': 'female', 'F': 'female'}[text.strip()]


def confidence_of(text):
    word = text.strip().split(' ')[0].lower()
    assert word in ('high', 'medium-high', 'medium', 'medium-low', 'low-medium', 'low', 'unverified'), text
    return word


def dec(text):
    text = text.strip()
    return Decimal(text) if text != '' else None


def fmt(value, decimals):
    if value is None:
        return ''
    q = Decimal(1).scaleb(-decimals)
    v = value.quantize(q)
    assert v == value, (value, decimals)
    return format(v, 'f')


def preschool_group(text):
    return format(Decimal(text).quantize(Decimal('0.1')), 'f')


thresholds = []
bands = []


def adult_threshold_table(name, item, column):
    decimals, better = ITEMS[item]
    for r in read(name):
        v = dec(r[column])
        fmt(v, decimals)  # checks the precision
        assert r.get('direction', better) == better, (name, r)
        thresholds.append([r['age_group'], sex_of(r['sex']), item, r['points'],
                           fmt(v, decimals), 'medium', 'S8'])


def normalise_ranges(rows, decimals, better, where):
    """rows: dicts with points (int), min, max (Decimal or None).
    Returns them in value order with shared bounds and gaps resolved."""
    unit = Decimal(1).scaleb(-decimals)
    if better == 'band':
        ordered = sorted(rows, key=lambda r: (r['max'] is None, r['max'] if r['max'] is not None else 0))
    elif better == 'higher':
        ordered = sorted(rows, key=lambda r: r['points'])
    else:
        ordered = sorted(rows, key=lambda r: -r['points'])
    for a, b in zip(ordered, ordered[1:]):
        if a['max'] is None or b['min'] is None:
            problems.append('%s: open range in the middle' % where)
            continue
        if b['min'] == a['max']:
            if a['min'] is None:
                a['max'] -= unit
            elif b['max'] is None:
                b['min'] += unit
            elif better == 'band' and a['points'] != b['points']:
                if a['points'] < b['points']:
                    a['max'] -= unit
                else:
                    b['min'] += unit
            else:
                problems.append('%s: two closed ranges share %s' % (where, a['max']))
        elif b['min'] > a['max'] + unit:
            if better == 'band':
                if a['points'] > b['points']:
                    a['max'] = b['min'] - unit
                else:
                    b['min'] = a['max'] + unit
            elif a['points'] < b['points']:
                a['max'] = b['min'] - unit
            else:
                b['min'] = a['max'] + unit
        elif b['min'] < a['max']:
            problems.append('%s: ranges overlap (%s > %s)' % (where, a['max'], b['min']))
    return ordered


def range_table(name, item, group_of, confidence=None, source='AG'):
    decimals, better = ITEMS[item]
    tables = {}
    for r in read(name):
        assert r['better'] == better, (name, r)
        row = {'points': int(r['points']), 'min': dec(r['min']), 'max': dec(r['max']),
               'confidence': confidence or confidence_of(r['confidence'])}
        fmt(row['min'], decimals)
        fmt(row['max'], decimals)
        tables.setdefault((group_of(r['age_group']), sex_of(r['sex'])), []).append(row)
    for (group, sex), rows in tables.items():
        assert sorted(r['points'] for r in rows) == [1, 2, 3, 4, 5], (name, group, sex)
        for r in normalise_ranges(rows, decimals, better, '%s %s %s' % (name, group, sex)):
            bands.append([group, sex, item, '', '', str(r['points']), fmt(r['min'], decimals),
                          fmt(r['max'], decimals), '', r['confidence'], source])


def adult_weight_for_height():
    d = Decimal('0.1')
    for r in read('adult_height_standard_weight.csv'):
        first, last = r['age_band'].split('-')
        group = '%s-%d..%d-%s' % (first, int(first) + 4, int(last) - 4, last)
        lt1, lt3, max5, max3 = (dec(r[k]) for k in ('w_lt_1pt_light', 'w_lt_3pt_light', 'w_max_5pt', 'w_max_3pt_heavy'))
        assert lt1 < lt3 <= max5 < max3, r
        by_min, by_max = fmt(dec(r['height_min_cm']), 1), fmt(dec(r['height_max_cm']), 1)
        sex = sex_of(r['sex'])
        for points, lo, hi, label in ((1, None, lt1 - d, '营养不良'), (3, lt1, lt3 - d, '较低体重'),
                                      (5, lt3, max5, '正常体重'), (3, max5 + d, max3, '超重'),
                                      (1, max3 + d, None, '肥胖')):
            bands.append([group, sex, 'weight_for_height', by_min, by_max, str(points),
                          fmt(lo, 1), fmt(hi, 1), label, 'medium', 'S8'])


LABELS = {0: '营养不良', 1: '较低体重', 2: '正常体重', 3: '超重', 4: '肥胖'}


def range_weight_for_height(name, group):
    tables = {}
    for r in read(name):
        row = {'points': int(r['points']), 'min': dec(r['weight_min_kg']), 'max': dec(r['weight_max_kg']),
               'confidence': confidence_of(r['confidence'])}
        key = (sex_of(r['sex']), fmt(dec(r['height_min_cm']), 1), fmt(dec(r['height_max_cm']), 1))
        tables.setdefault(key, []).append(row)
    for (sex, by_min, by_max), rows in tables.items():
        assert sorted(r['points'] for r in rows) == [1, 1, 3, 3, 5], (name, sex, by_min)
        ordered = normalise_ranges(rows, 1, 'band', '%s %s %s' % (name, sex, by_min))
        for i, r in enumerate(ordered):
            bands.append([group, sex, 'weight_for_height', by_min, by_max, str(r['points']),
                          fmt(r['min'], 1), fmt(r['max'], 1), LABELS[i], r['confidence'], 'AG'])


def main():
    adult_threshold_table('adult_vital_capacity.csv', 'vital_capacity', 'min_inclusive')
    adult_threshold_table('adult_step_index.csv', 'step_index', 'min_inclusive')
    adult_threshold_table('adult_grip_strength.csv', 'grip', 'min_inclusive')
    adult_threshold_table('adult_push_up.csv', 'push_up', 'min_inclusive')
    adult_threshold_table('adult_sit_up_1min.csv', 'sit_up_1min', 'min_inclusive')
    adult_threshold_table('adult_vertical_jump.csv', 'vertical_jump', 'min_inclusive')
    adult_threshold_table('adult_sit_and_reach.csv', 'sit_and_reach', 'min_inclusive')
    adult_threshold_table('adult_choice_reaction_time.csv', 'choice_reaction', 'max_inclusive')
    adult_threshold_table('adult_single_leg_stand_eyes_closed.csv', 'one_leg_stand', 'min_inclusive')
    adult_weight_for_height()

    same = lambda g: g
    range_table('elderly_lung_capacity.csv', 'vital_capacity', same)
    range_table('elderly_grip_strength.csv', 'grip', same)
    range_table('elderly_sit_and_reach.csv', 'sit_and_reach', same)
    range_table('elderly_reaction_time.csv', 'choice_reaction', same)
    range_table('elderly_one_leg_stand.csv', 'one_leg_stand', same)
    range_weight_for_height('elderly_height_standard_weight.csv', '60-64..65-69')

    range_table('preschool_height.csv', 'height', preschool_group)
    range_table('preschool_sit_and_reach.csv', 'sit_and_reach', preschool_group, 'unverified')
    range_table('preschool_run_10m.csv', 'run_10m', preschool_group, source='AG P2')
    range_table('preschool_standing_jump.csv', 'standing_long_jump', preschool_group, source='AG P2')
    range_table('preschool_tennis_throw.csv', 'tennis_throw', preschool_group, source='AG P2')
    range_table('preschool_continuous_jump.csv', 'continuous_jump', preschool_group, source='AG P2')
    range_table('preschool_balance_beam.csv', 'balance_beam', preschool_group, source='AG P2')
    range_weight_for_height('preschool_height_standard_weight.csv', '3.0..6.0')

    if problems:
        print('\n'.join(problems), file=sys.stderr)
        sys.exit(1)

    with open(os.path.join(DST, 'thresholds.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['group', 'sex', 'item', 'score', 'threshold', 'confidence', 'source'])
        w.writerows(thresholds)
    with open(os.path.join(DST, 'bands.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['group', 'sex', 'item', 'by_min', 'by_max', 'score', 'min', 'max', 'label',
                    'confidence', 'source'])
        w.writerows(bands)
    print('thresholds.csv: %d rows, bands.csv: %d rows' % (len(thresholds), len(bands)))


if __name__ == '__main__':
    main()
