# standards-workbook.py — organiser workbooks: export, check, import, remove.
#
#   $DABIAO_PYTHON standards-workbook.py
#
# 1. Round trip: every shipped standard is exported, imported under a new id,
#    and the same random sheet (values at and around every cut point) is
#    scored with both ids: the outputs must be identical.
# 2. An organiser's edit (one cut point moved) is imported and scores follow.
# 3. The validator on broken workbooks (non-monotonic thresholds, a missing
#    group, an unknown unit, weights not adding up to 100, a missing sheet):
#    check fails naming sheet, row and column; import installs nothing.
# 4. remove: a user standard goes, a shipped one cannot.
# Runs with XDG_DATA_HOME in a temporary folder.

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile

import openpyxl

CLI = os.environ['DABIAO_CLI']
failures = []


def run(*args, ok=True):
    r = subprocess.run([CLI] + list(args), capture_output=True, text=True)
    if ok and r.returncode != 0:
        raise SystemExit('%s failed (%d): %s' % (' '.join(args), r.returncode, r.stderr))
    return r


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL:', what, file=sys.stderr)


def sheet_rows(wb, name):
    ws = wb[name]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, r)) for r in rows[1:] if any(c is not None for c in r)]


def text(v):
    if v is None:
        return ''
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def random_sheet(wb, path, rnd, n=1500):
    """People of every group and sex with values near the cut points."""
    _, meta = sheet_rows(wb, 'standard')
    meta = {r['key']: text(r['value']) for r in meta}
    _, items = sheet_rows(wb, 'items')
    _, groups = sheet_rows(wb, 'groups')
    cuts = {}
    for sheet, cols in (('thresholds', ('threshold',)), ('bands', ('min', 'max'))):
        _, rows = sheet_rows(wb, sheet)
        for r in rows:
            for c in cols:
                if r.get(c) is not None:
                    cuts.setdefault(r['item'], []).append(float(r[c]))
    by_age = meta.get('group-by') == 'age'
    headers = ['性别', '年龄' if by_age else meta.get('group-column', '年级编号')]
    headers += [text(i['header'] or i['name']) for i in items]
    with open(path, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f)
        w.writerow(headers)
        for _ in range(n):
            g = rnd.choice(groups)
            row = [rnd.choice(['男', '女']), text(g['age_min']) if by_age else text(g['group'])]
            for i in items:
                code = i['item']
                dec = int(i['decimals'] or 1)
                if code == 'height':
                    v = rnd.uniform(95, 190)
                elif code == 'weight':
                    v = rnd.uniform(12, 95)
                elif code in cuts and rnd.random() < 0.95:
                    v = rnd.choice(cuts[code]) + rnd.choice([-1, 0, 1]) * 10 ** -dec
                elif code in ('step_time',):
                    v = rnd.randrange(60, 181)
                elif code.startswith('pulse'):
                    v = rnd.randrange(35, 90)
                else:
                    row.append('')
                    continue
                if i.get('format') == 'min.sec':
                    v = abs(v)
                    row.append('%d\'%02d"' % (int(v) // 60, int(v) % 60))
                else:
                    row.append('%.*f' % (dec, v))
            w.writerow(row)


def score(std, sheet, out):
    run('score', '--standard', std, '-q', sheet, '-o', out)
    with open(out, encoding='utf-8-sig') as f:
        return f.read()


def main():
    tmp = tempfile.mkdtemp(prefix='dabiao-workbook-')
    os.environ['XDG_DATA_HOME'] = os.path.join(tmp, 'xdg')
    rnd = random.Random(2003)
    try:
        # 1. Round trip of every shipped standard.
        ids = [line.split('\t')[0] for line in run('standards', 'list').stdout.splitlines()]
        check('natfit-2003' in ids and 'student-2014' in ids, 'both shipped standards are listed')
        for sid in ids:
            book = os.path.join(tmp, sid + '.xlsx')
            run('standards', 'export', sid, '-o', book)
            wb = openpyxl.load_workbook(book)
            check(set(['standard', 'sources', 'items', 'groups', 'thresholds', 'bands', 'weights', 'bonus',
                       'grades', 'item_levels']) <= set(wb.sheetnames), sid + ': every sheet exported')
            check(run('standards', 'check', book, ok=False).returncode == 0, sid + ': the export validates')
            new = 'rt-' + sid
            run('standards', 'import', book, '--id', new)
            show = run('standards', 'show', new).stdout
            check(os.path.basename(book) in show, sid + ': show names the imported file')
            check('supplied by user' in run('standards', 'list').stdout or '用户提供' in run('standards', 'list').stdout,
                  sid + ': list marks the import as supplied by user')
            sheet = os.path.join(tmp, sid + '-people.csv')
            random_sheet(wb, sheet, rnd, 800)
            a = score(sid, sheet, os.path.join(tmp, sid + '-a.csv'))
            b = score(new, sheet, os.path.join(tmp, sid + '-b.csv'))
            check(a == b, sid + ': scores identical after export and import')
            # Item levels travel too (student-2014 has them, natfit-2003 none).
            src = os.path.join(os.environ['DABIAO_SOURCE_ROOT'], 'data', 'standards', sid, 'item_levels.csv')
            dst = os.path.join(tmp, 'xdg', 'dabiao', 'standards', new, 'item_levels.csv')
            if os.path.exists(src):
                with open(src, encoding='utf-8') as f1, open(dst, encoding='utf-8') as f2:
                    check(list(csv.reader(f1)) == list(csv.reader(f2)),
                          sid + ': item levels identical after export and import')
            check(a.count('\n') > 700, sid + ': scored a real sheet')
            # Importing the same id again needs --replace.
            check(run('standards', 'import', book, '--id', new, ok=False).returncode == 1,
                  sid + ': import refuses an id already installed')
            run('standards', 'import', book, '--id', new, '--replace')

        # 2. An organiser's edit: 20–24 男 握力 3 points from 43.6 moved to 46.0.
        book = os.path.join(tmp, 'natfit-2003.xlsx')
        wb = openpyxl.load_workbook(book)
        ws = wb['thresholds']
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            r = dict(zip(header, (c.value for c in row)))
            if (r['group'], r['sex'], r['item'], r['score']) == ('20-24', 'male', 'grip', 3):
                row[header.index('threshold')].value = 46.0
        edited = os.path.join(tmp, 'edited.xlsx')
        wb.save(edited)
        run('standards', 'import', edited, '--id', 'city-natfit')
        sheet = os.path.join(tmp, 'grip.csv')
        with open(sheet, 'w', encoding='utf-8') as f:
            f.write('性别,年龄,握力\n男,22,45\n')
        for sid, want in (('natfit-2003', '3'), ('city-natfit', '2')):
            out = score(sid, sheet, os.path.join(tmp, sid + '-grip.csv'))
            row = list(csv.DictReader(out.splitlines()))[0]
            check(row['握力得分'] == want, '%s: 握力 45 kg scores %s, not %s' % (sid, want, row['握力得分']))

        # 2b. A weighted, age-grouped standard written from scratch (the shape
        # of the 2023 revision: 100-point items × weight, 优秀 ≥ 83 / 良好 ≥ 75 /
        # 合格 ≥ 60), as an organiser would type it.
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = 'standard'
        for row in (('key', 'value'), ('id', 'adult-2023-demo'), ('name', '示例：成年人体质测定（加权）'),
                    ('issuing-body', '示例机构'), ('year', '2023'), ('source-document', '组织者手册第 3 页'),
                    ('shape', 'weighted'), ('group-by', 'age'), ('sex-column', '性别'), ('bonus-cap', '0')):
            ws.append(row)
        sheets = {
            'sources': [('id', 'text'), ('M1', '组织者手册')],
            'items': [('item', 'name', 'unit', 'better', 'decimals', 'output'),
                      ('grip', '握力', 'kg', 'higher', 1, 'score'), ('sit_and_reach', '坐位体前屈', 'cm', 'higher', 1, 'score')],
            'groups': [('group', 'label', 'part', 'age_min', 'age_max'),
                       ('20-29', '20～29岁', '成年', '20', '30'), ('30-39', '30～39岁', '成年', '30', '40')],
            'thresholds': [('group', 'sex', 'item', 'score', 'threshold', 'confidence', 'source')],
            'weights': [('group', 'sex', 'item', 'weight'), ('*', 'both', 'grip', 60), ('*', 'both', 'sit_and_reach', 40)],
            'grades': [('part', 'min_total', 'grade'), ('*', 83, '优秀'), ('*', 75, '良好'), ('*', 60, '合格'), ('*', 0, '不合格')],
        }
        for g, base in (('20-29', 0), ('30-39', -2)):
            for sex in ('male', 'female'):
                for score_, grip, reach in ((100, 50, 20), (80, 40, 12), (60, 30, 5)):
                    sheets['thresholds'].append((g, sex, 'grip', score_, grip + base, 'high', 'M1'))
                    sheets['thresholds'].append((g, sex, 'sit_and_reach', score_, reach + base, 'high', 'M1'))
        for name, rows in sheets.items():
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(row)
        scratch = os.path.join(tmp, 'scratch.xlsx')
        wb.save(scratch)
        r = run('standards', 'check', scratch, ok=False)
        check(r.returncode == 0, 'a weighted standard from scratch validates: ' + r.stderr)
        run('standards', 'import', scratch)
        sheet = os.path.join(tmp, 'adults.csv')
        with open(sheet, 'w', encoding='utf-8') as f:
            f.write('性别,年龄,握力,坐位体前屈\n男,25,50,12\n女,35,38,3\n男,45,50,20\n')
        out = list(csv.DictReader(score('adult-2023-demo', sheet, os.path.join(tmp, 'adults-out.csv')).splitlines()))
        # 25: 100 × 60% + 80 × 40% = 92 → 优秀; 35 (cuts −2): 80 × 60% + 60 × 40% = 72 → 合格; 45: no group.
        check(out[0]['标准分'] == '92.0' and out[0]['等级'] == '优秀', 'weighted from scratch, row 2: %r' % out[0])
        check(out[1]['标准分'] == '72.0' and out[1]['等级'] == '合格', 'weighted from scratch, row 3: %r' % out[1])
        check(out[2]['等级'] == '' and out[2]['备注'] != '', 'weighted from scratch, age outside: %r' % out[2])

        # 3. Broken workbooks.
        def broken(src, name, edit, expect):
            wb = openpyxl.load_workbook(os.path.join(tmp, src + '.xlsx'))
            edit(wb)
            path = os.path.join(tmp, name + '.xlsx')
            wb.save(path)
            r = run('standards', 'check', path, ok=False)
            check(r.returncode == 1, name + ': check fails')
            for e in expect:
                check(e in r.stderr, '%s: the message names %r:\n%s' % (name, e, r.stderr[:600]))
            r = run('standards', 'import', path, '--id', 'broken-' + name.replace('_', '-'), ok=False)
            check(r.returncode == 1, name + ': import fails')
            check(not os.path.exists(os.path.join(tmp, 'xdg', 'dabiao', 'standards', 'broken-' + name)),
                  name + ': nothing installed')

        def set_cell(wb, sheet, match, column, value):
            ws = wb[sheet]
            header = [c.value for c in ws[1]]
            for i, row in enumerate(ws.iter_rows(min_row=2), start=2):
                r = dict(zip(header, (c.value for c in row)))
                if all(r.get(k) == v for k, v in match.items()):
                    row[header.index(column)].value = value
                    return i
            raise SystemExit('no row %r in %s' % (match, sheet))

        rows = {}

        def non_monotonic(wb):
            rows['nm'] = set_cell(wb, 'thresholds', {'group': '20-24', 'sex': 'male', 'item': 'grip', 'score': 3},
                                  'threshold', 50.0)
        broken('natfit-2003', 'non_monotonic', non_monotonic, ['工作表 thresholds', 'threshold', '握力'])
        check(('第 %d 行' % rows['nm']) in run('standards', 'check', os.path.join(tmp, 'non_monotonic.xlsx'),
                                                ok=False).stderr, 'non_monotonic: the row is named')

        def missing_group(wb):
            ws = wb['thresholds']
            header = [c.value for c in ws[1]]
            gi = header.index('group')
            for i in range(ws.max_row, 1, -1):
                if ws.cell(i, gi + 1).value == '45-49':
                    ws.delete_rows(i)
            ws = wb['bands']
            for i in range(ws.max_row, 1, -1):
                if ws.cell(i, gi + 1).value == '45-49':
                    ws.delete_rows(i)
        broken('natfit-2003', 'missing_group', missing_group, ['工作表 groups', '45'])

        def unknown_unit(wb):
            rows['uu'] = set_cell(wb, 'items', {'item': 'grip'}, 'unit', 'furlong')
        broken('natfit-2003', 'unknown_unit', unknown_unit, ['工作表 items', 'unit', 'furlong'])

        def weights(wb):
            set_cell(wb, 'weights', {'item': 'vital_capacity'}, 'weight', 25)
        broken('student-2014', 'weights_not_100', weights, ['工作表 weights', '100'])

        def no_sheet(wb):
            del wb['grades']
        broken('student-2014', 'no_grades', no_sheet, ['工作表 grades'])

        def item_levels_no_floor(wb):
            set_cell(wb, 'item_levels', {'level': '不及格'}, 'min_score', 10)
        broken('student-2014', 'item_levels_no_floor', item_levels_no_floor, ['工作表 item_levels', 'min_score'])

        # Not a workbook at all.
        bad = os.path.join(tmp, 'notes.txt')
        open(bad, 'w').write('hello')
        check(run('standards', 'check', bad, ok=False).returncode == 1, 'a text file is refused')

        # 4. remove.
        run('standards', 'remove', 'city-natfit')
        check('city-natfit' not in run('standards', 'list').stdout, 'remove: gone from the list')
        check(run('standards', 'remove', 'natfit-2003', ok=False).returncode == 1, 'remove: shipped stays')
        check(run('standards', 'remove', '../etc', ok=False).returncode == 1, 'remove: no path tricks')
        check(run('standards', 'show', 'natfit-2003', ok=False).returncode == 0, 'natfit-2003 still loads')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        print('%d failures' % len(failures))
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
