#!/bin/bash
# test-cli-event.sh: the event commands of dabiao-cli, end to end.
#
# Copyright 2026 The Dabiao authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

CLI=${DABIAO_CLI:?}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
n=0
fail () { echo "not ok - $*"; exit 1; }
ok () { n=$((n + 1)); echo "ok $n - $*"; }

# event new / show
$CLI event new e.dabiao --name 春季测试 --standard student-2014 --date 2026-04-15 --place 一中 > out.txt
grep -q 春季测试 out.txt || fail "event new output"
$CLI event new e.dabiao --name again --standard student-2014 2> err.txt && fail "event new over an existing file"
grep -q 已存在 err.txt || fail "event new refusal message"
$CLI event new x.dabiao --name x --standard nope 2> err.txt && fail "unknown standard accepted"
[ ! -e x.dabiao ] || fail "a failed event new left a file"
$CLI event show e.dabiao > show.txt
grep -q "2026-04-15" show.txt && grep -q "立定跳远" show.txt || fail "event show"
ok "event new/show"

# roster import (dry run, then real), roster list
cat > 名单.csv <<'CSV'
年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身份证号
21,2101,初一1班,G001,01,张三,1,2013/3/7,北京,110105201303070019
21,2101,初一1班,G002,01,李四,2,2013-05-01,北京,110105201305010028
22,2202,初二2班,G003,01,王五,1,2012-01-20,深圳,
CSV
$CLI roster import e.dabiao 名单.csv --dry-run > out.txt
[ "$($CLI roster list e.dabiao | wc -l)" = 1 ] || fail "dry run wrote participants"
$CLI roster import e.dabiao 名单.csv > out.txt
[ "$($CLI roster list e.dabiao | wc -l)" = 4 ] || fail "roster list after import"
printf '年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身份证号\n21,2101,初一1班,G009,01,错,1,2013-03-07,北京,110105201303070018\n' > bad.csv
$CLI roster import e.dabiao bad.csv 2> err.txt && fail "bad roster accepted"
grep -q "bad.csv 第 2 行 身份证号：.*校验位应为 9" err.txt || fail "roster message: $(cat err.txt)"
$CLI roster list e.dabiao | grep -q "1101\*\*\*\*\*\*\*\*\*\*0019" || fail "roster list does not mask the identity number"
$CLI roster list e.dabiao | grep -q 110105201303070019 && fail "roster list shows an identity number whole"
$CLI roster list e.dabiao --full-id | grep -q 110105201303070019 || fail "roster list --full-id"
ok "roster import/list"

# record prints one line after the commit; void; measurements
line=$($CLI record e.dabiao --participant G001 --item 06 --value 195 --station 跳远 --operator 甲)
[ "$(echo "$line" | wc -l)" = 1 ] || fail "record printed more than one line"
uuid1=$(echo "$line" | cut -f1)
[ ${#uuid1} = 36 ] || fail "record line has no uuid: $line"
uuid2=$($CLI record e.dabiao --participant G001 --item 立定跳远 --value 201 --station 跳远 | cut -f1)
# …as people read it (trial 11d #3: "shuttle_50mx8 … 112").
printf '%s\n' "$line" | grep -q "	G001	立定跳远	第 1 次	195.0 厘米	" || fail "record line not as people read it: $line"
line=$($CLI record e.dabiao --participant G002 --item run_800m --value "3'45\"" --station 跑步)
printf '%s\n' "$line" | grep -q "	G002	800米跑	第 1 次	3′45″	" || fail "record line of a time: $line"
$CLI record e.dabiao --participant G003 --item rope_1min --special 免测 --reason 伤病 --station 跳绳 > /dev/null
$CLI record e.dabiao --participant G003 --item run_50m --special 免测 2> err.txt && fail "免测 without reason"
$CLI record e.dabiao --participant G404 --item run_50m --value 9 2> err.txt > out.txt && fail "unknown participant"
[ ! -s out.txt ] || fail "a refused record printed a line"
vline=$($CLI void e.dabiao "$uuid2" --reason 踩线 --station 跳远)
vuuid=$(echo "$vline" | cut -f1)
$CLI measurements e.dabiao -o m.csv
head -1 m.csv | sed '1s/^\xEF\xBB\xBF//' | tr -d '\r' > header.txt
[ "$(cat header.txt)" = "编号,学籍号,项目,次序,成绩,特殊,来源,测试站,测试员,测试时间,作废" ] || fail "measurements header: $(cat header.txt)"
grep -q "^$uuid2,G001,立定跳远,2,201,,手工,跳远,.*,$vuuid" m.csv || fail "voided row not marked: $(cat m.csv)"
grep -q "^$vuuid,G001,立定跳远,,,作废 $uuid2（踩线）" m.csv || fail "void row"
grep -q ",G002,800米跑,1,225," m.csv || fail "800 m as seconds"
[ "$($CLI measurements e.dabiao --participant G001 | wc -l)" = 4 ] || fail "measurements --participant"
ok "record/void/measurements"

# results
$CLI results e.dabiao -o r.csv
grep -q "G001,01,张三,男,2013-03-07,北京,,,,,,,,,195.0," r.csv || fail "results best valid: $(cat r.csv)"
# 800米跑 225 s as a 分.秒 number (3.45), like the upload file; every
# measured value a number cell in .xlsx (checked below).
grep -q ",3.45," r.csv || fail "results 分.秒: $(cat r.csv)"
grep -q "一分钟跳绳：免测（伤病）" r.csv || fail "results special"
# The score columns of `dabiao-cli score` follow: 195.0 cm in grade 21 (male) scores 80.
head -1 r.csv | grep -q "特殊情况,体重指数,体重指数得分,肺活量得分,.*,立定跳远得分,.*,标准分,附加分,学年总分,等级,备注" || fail "results score header: $(head -1 r.csv)"
python_ok=$("${DABIAO_PYTHON:-/usr/bin/python3}" - r.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
h = rows[0]
g1 = [r for r in rows[1:] if r[h.index('学籍号')] == 'G001'][0]
print(g1[h.index('立定跳远得分')])
PY
)
[ "$python_ok" = 80 ] || fail "立定跳远得分 of G001 is '$python_ok', expected 80"
# The .xlsx sheet says 性别 in words (男/女) for the people who read it; the
# upload file keeps the platform's codes 1/2 (formats.md).
$CLI results e.dabiao -o r.xlsx
sexes=$("${DABIAO_PYTHON:-/usr/bin/python3}" - r.xlsx <<'PY'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = list(ws.iter_rows(values_only=True))
h = list(rows[0])
print(' '.join('%s=%s' % (r[h.index('学籍号')], r[h.index('性别')]) for r in rows[1:]))
PY
)
[ "$sexes" = "G001=男 G002=女 G003=男" ] || fail "results .xlsx 性别: '$sexes', expected G001=男 G002=女 G003=男"
ok "results"

# merge: three stations' copies
for s in A B C; do cp e.dabiao st-$s.dabiao; done
$CLI record st-A.dabiao --participant G002 --item height --value 151.5 --station A > /dev/null
$CLI record st-B.dabiao --participant G002 --item weight --value 40.5 --station B > /dev/null
$CLI record st-C.dabiao --participant G003 --item 立定跳远 --value 170 --station C > /dev/null
$CLI merge e.dabiao st-A.dabiao st-B.dabiao st-C.dabiao > merge.txt
$CLI merge e.dabiao st-A.dabiao st-B.dabiao st-C.dabiao > merge2.txt
grep -q "st-C.dabiao：新增 1 条成绩" merge.txt || fail "merge summary: $(cat merge.txt)"
grep -q "st-C.dabiao：新增 0 条成绩" merge2.txt || fail "merge twice: $(cat merge2.txt)"
[ "$($CLI measurements e.dabiao | wc -l)" = 9 ] || fail "rows after merge"
$CLI verify e.dabiao > /dev/null || fail "verify after merge"
$CLI event show e.dabiao > show.txt
grep -q "^  C: 1 " show.txt || fail "event show lists stations: $(cat show.txt)"
grep -q "  merge  " show.txt && grep -q "  roster-import  " show.txt || fail "event show lists the audit log"
ok "merge"

# results before testing starts: every participant gets a row, empty
# scores and a 备注 naming what is missing; score itself still refuses a
# sheet where no row can be scored
$CLI event new empty.dabiao --name 未开测 --standard student-2014 --date 2026-04-15 > /dev/null
$CLI roster import empty.dabiao 名单.csv > /dev/null
$CLI results empty.dabiao -o empty.csv || fail "results with no measurements"
[ "$(sed 1d empty.csv | wc -l)" = 3 ] || fail "results with no measurements: not one row each: $(cat empty.csv)"
grep -q "^,,21,2101,初一1班,G001,01,张三,男,2013-03-07,北京,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,体重指数：缺少身高、体重；" empty.csv \
  || fail "results with no measurements: no 备注 or scores not empty: $(cat empty.csv)"
$CLI score empty.csv -o rescored.csv 2> err.txt && fail "score accepted a sheet with no scorable row"
[ ! -e rescored.csv ] || fail "a refused score left a file"
$CLI event new nobody.dabiao --name 无人 --standard student-2014 > /dev/null
$CLI results nobody.dabiao -o nobody.csv || fail "results of an empty roster"
[ "$(wc -l < nobody.csv)" = 1 ] || fail "results of an empty roster: $(cat nobody.csv)"
ok "results before testing"

# natfit-2003: ages from 出生日期 at the event's date (2010), not today's.
# 赵一 is 24 then (成年甲组 20–24: 俯卧撑 and 纵跳 count), 40+ today (成年乙组).
$CLI event new adult.dabiao --name 成年体测 --standard natfit-2003 --date 2010-04-15 > /dev/null
printf '编号,姓名,性别,出生日期,单位\nA01,赵一,1,1985-06-01,体育局\nA02,钱二,2,1980-01-02,体育局\n' > adults.csv
$CLI roster import adult.dabiao adults.csv > /dev/null
$CLI results adult.dabiao -o adult0.csv || fail "natfit results before testing"
# 5 身高标准体重 (175 cm, 70 kg), 3 肺活量, 5 台阶指数 (180 s, 43+43+42: 70.3),
# 3 握力, 3 俯卧撑, 3 纵跳, 3 坐位体前屈, 5 选择反应时, 3 闭眼单脚站立: 33, 二级
for iv in height:175.0 weight:70.0 vital_capacity:3465 step_time:180 pulse1:43 pulse2:43 pulse3:42 grip:43.6 \
          push_up:20 vertical_jump:32.4 sit_and_reach:9.0 choice_reaction:0.39 one_leg_stand:18.0; do
  $CLI record adult.dabiao --participant A01 --item "${iv%%:*}" --value "${iv#*:}" --station 成年 > /dev/null \
    || fail "record $iv"
done
$CLI results adult.dabiao -o adult.csv || fail "natfit results"
head -1 adult.csv | grep -q "年龄,.*身高标准体重得分,肺活量得分,台阶指数得分,握力得分,俯卧撑得分,.*总分,等级,备注" \
  || fail "natfit results header: $(head -1 adult.csv)"
# adults keep their 单位 in its own column: no 学校代码/学校名称 (0260)
head -1 adult.csv | grep -q "学校" && fail "natfit results with 学校 columns: $(head -1 adult.csv)"
tr -d "\r" < adult.csv | grep -q "^A01,赵一,男,1985-06-01,,体育局,,24,.*,5,3,5,3,3,,3,3,5,3,,,,,,,33,二级（良好）,$" \
  || fail "natfit results A01: $(cat adult.csv)"
# every missing input named (身高 and 体重; the four of 台阶指数)
grep -q "^A02,钱二,女,1980-01-02,,体育局,,30,.*,,,身高标准体重：缺少身高、体重；.*台阶指数：缺少台阶时间、脉搏1、脉搏2、脉搏3" adult.csv \
  || fail "natfit results A02: $(cat adult.csv)"
ok "natfit-2003 results at the event's date"

# one person registered at two desks: after the merge the second desk's
# 编号 (B0001) is that person's (A0001) for record and measurements
$CLI event new day.dabiao --name 达标日 --standard natfit-2003 --date 2026-12-06 > /dev/null
cp day.dabiao day-A.dabiao; cp day.dabiao day-B.dabiao
$CLI roster add day-A.dabiao --desk A --name 张伟 --id-card 110105198005011235 > /dev/null
$CLI roster add day-B.dabiao --desk B --name 张伟 --id-card 110105198005011235 > /dev/null
$CLI merge day.dabiao day-A.dabiao day-B.dabiao > merge.txt
$CLI record day.dabiao --participant B0001 --item height --value 172 > out.txt 2> err.txt || fail "record B0001: $(cat err.txt)"
grep -q "B0001 已合并到 A0001" err.txt || fail "record B0001 says nothing of the merge: $(cat err.txt)"
$CLI measurements day.dabiao --participant B0001 2> err.txt | grep -q ",A0001,身高," \
  || fail "measurements --participant B0001: $($CLI measurements day.dabiao)"
$CLI record day.dabiao --participant B0009 --item height --value 172 2> err.txt && fail "record for nobody"
$CLI verify day.dabiao > /dev/null || fail "verify after the merge"
ok "a merged 编号 leads to its person"

# a public day has no upload file: said plainly, with what to use
$CLI export upload day.dabiao -o day-upload.xlsx 2> err.txt && fail "upload of a public day"
grep -q "只用于.*学生测试" err.txt && grep -q "export results" err.txt || fail "upload refusal: $(cat err.txt)"
[ ! -e day-upload.xlsx ] || fail "a refused upload left a file"
ok "export upload says it is for student events"

# 备注 names a table's confidence in Chinese, not by its code (findings-15b #8)
$CLI roster add day.dabiao --desk A --name 老王 --birth-date 1958-03-02 --sex 男 > /dev/null
$CLI record day.dabiao --participant A0002 --item vital_capacity --value 2600 > /dev/null
$CLI export results day.dabiao -o day-results.csv > /dev/null
grep "^.*A0002" day-results.csv | grep -q "肺活量得分：所用评分表可信度低（中低）" || fail "confidence note: $(cat day-results.csv)"
! grep -q "medium\|low" day-results.csv || fail "an English confidence code in the results: $(cat day-results.csv)"
ok "confidence in Chinese"

# certificates while nobody has every item yet: says that, not "nobody
# reached 及格" (findings-11c #2: several had passed their items)
$CLI event new part.dabiao --name 未测完 --standard student-2014 --date 2026-04-15 --organizer 某区教育局 > /dev/null
$CLI roster import part.dabiao 名单.csv > /dev/null
$CLI record part.dabiao --participant G001 --item 06 --value 250 > /dev/null
$CLI export certificates part.dabiao -o part.pdf 2> err.txt && fail "certificates without any total"
grep -q "还没有人有总分和等级" err.txt || fail "certificates refusal: $(cat err.txt)"
[ ! -e part.pdf ] || fail "a refused export left a file"
ok "certificates: nobody has every item yet"

# verify catches an edit made with the sqlite3 shell
if command -v sqlite3 > /dev/null; then
  sqlite3 e.dabiao "DROP TRIGGER measurements_no_update; UPDATE measurements SET value = 250 WHERE uuid = '$uuid1';"
  $CLI verify e.dabiao > out.txt 2> err.txt && fail "verify missed an edit"
  grep -q "$uuid1" err.txt || fail "verify does not name the row: $(cat err.txt)"
  ok "verify catches sqlite3 edits"
else
  echo "ok - # SKIP no sqlite3 shell"
fi

echo "1..$n"
