#!/bin/bash
# test-cli-details.sh: dabiao-cli event set / show — the event's details
# and schools.
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

$CLI event new e.dabiao --name 秋季测试 --standard student-2014 --date 2026-10-15 > /dev/null
$CLI event set e.dabiao --name 2026秋季体质测试 --organizer 某某区教育局 --place 体育馆 \
  --school 4401060001=广州市第一中学 --school '4401060002 = 第二中学' > set.txt
grep -q "^活动名称: 2026秋季体质测试$" set.txt || fail "event set prints the details: $(cat set.txt)"
$CLI event show e.dabiao > show.txt
grep -q "^主办单位: 某某区教育局$" show.txt || fail "organiser: $(cat show.txt)"
grep -q "^地点: 体育馆$" show.txt || fail "place"
grep -q "^测试日期: 2026-10-15$" show.txt || fail "date kept"
grep -q "^  4401060001  广州市第一中学  共 0 人$" show.txt || fail "school 1: $(cat show.txt)"
grep -q "^  4401060002  第二中学  共 0 人$" show.txt || fail "school 2 (trimmed)"
grep -q "活动信息已修改 · .*主办单位:  → 某某区教育局" show.txt || fail "audit of the organiser: $(cat show.txt)"
ok "event set/show"

# Bad input: a clear message, exit 1, nothing changed (not even the good part).
cp show.txt before.txt
$CLI event set e.dabiao --organizer 别的局 --date 2026-13-01 2> err.txt && fail "bad date accepted"
grep -q "2026-13-01" err.txt || fail "date message: $(cat err.txt)"
$CLI event set e.dabiao --school '44/01=某校' 2> err.txt && fail "bad school code accepted"
grep -q "44/01" err.txt || fail "code message: $(cat err.txt)"
rc=0; $CLI event set e.dabiao --school 4401 2> err.txt || rc=$?
[ $rc = 2 ] || fail "--school without = is a usage error"
grep -q "4401" err.txt || fail "usage message names the option value"
$CLI event set e.dabiao --remove-school 9999 2> err.txt && fail "removing an unknown school"
grep -q "9999" err.txt || fail "unknown school message"
$CLI event show e.dabiao > after.txt
grep -q "^主办单位: 某某区教育局$" after.txt || fail "a refused set changed the organiser"
ok "refusals change nothing"

# Schools from the roster; a school with students cannot be removed.
cat > 名单.csv <<'CSV'
学校代码,学校名称,年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期
4401060001,广州市第一中学,31,3101,高一1班,G001,01,张三,1,2010-03-07
4401060003,第三中学,31,3101,高一1班,G002,01,李四,2,2010-05-01
CSV
$CLI roster import e.dabiao 名单.csv > /dev/null
$CLI event show e.dabiao > show.txt
grep -q "^  4401060001  广州市第一中学  共 1 人$" show.txt || fail "roster school count: $(cat show.txt)"
grep -q "^  4401060003  第三中学  共 1 人$" show.txt || fail "roster school added"
$CLI event set e.dabiao --remove-school 4401060003 2> err.txt && fail "removed a school with students"
grep -q "4401060003" err.txt || fail "removal message: $(cat err.txt)"
$CLI event set e.dabiao --remove-school 4401060002 > /dev/null || fail "removing an empty school"
$CLI event show e.dabiao | grep -q "^  4401060002  " && fail "school still listed after removal"
ok "roster schools, removal"

# An item forgotten at creation, added later; one recorded for cannot go.
$CLI event new f.dabiao --name 分项 --standard student-2014 --items 01,02,05 > /dev/null
$CLI event set f.dabiao --add-item 坐位体前屈:3 > /dev/null || fail "add an item"
$CLI event show f.dabiao | grep -q "sit_and_reach.*3" || fail "item added with its attempts: $($CLI event show f.dabiao)"
$CLI roster import f.dabiao 名单.csv > /dev/null
$CLI record f.dabiao --participant G001 --item 坐位体前屈 --value 12 > /dev/null || fail "record the added item"
$CLI event set f.dabiao --remove-item sit_and_reach 2> err.txt && fail "removed an item with a measurement"
grep -q "坐位体前屈" err.txt || fail "removal message: $(cat err.txt)"
$CLI event set f.dabiao --remove-item 50米跑 > /dev/null || fail "remove an unused item"
$CLI event show f.dabiao | grep -q "run_50m" && fail "50米跑 still listed"
$CLI verify f.dabiao > /dev/null || fail "verify after items came and went: $($CLI verify f.dabiao 2>&1)"
ok "items added and removed later"

# The school's name reaches the record cards (pdftotext when installed).
if command -v pdftotext > /dev/null; then
  $CLI export cards e.dabiao -o cards.pdf > /dev/null
  pdftotext cards.pdf - | grep -q 第三中学 || fail "record card without the school's name"
  ok "school name on record cards"
fi
echo "1..$n"
