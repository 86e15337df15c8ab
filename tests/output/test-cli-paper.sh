#!/bin/bash
# test-cli-paper.sh: printed exports from the command line as an organiser
# runs them: a roster of three schools with rare-character names, badges
# and record cards in class order, the check that stops on a character no
# font can draw (and --allow-missing-glyphs), read back with pdftotext.
#
# Copyright 2026 The Dabiao authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

CLI=${DABIAO_CLI:?}
# Under ASan: tests/lsan.supp's cairo entry needs the complete unwinder.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
n=0
fail () { echo "not ok - $*"; exit 1; }
ok () { n=$((n + 1)); echo "ok $n - $*"; }
command -v pdftotext > /dev/null || { echo "1..0 # SKIP pdftotext is not installed"; exit 0; }

$CLI event new e.dabiao --name 秋季测试 --standard student-2014 --date 2026-10-15 > /dev/null
# Roster order interleaves schools and classes (as 学籍号 order did); the
# schools come with their names (学校代码 → 学校名称, the event's school list).
cat > 名单.csv <<'CSV'
学校代码,学校名称,年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身份证号
4401062003,新疆维吾尔自治区喀什地区塔什库尔干塔吉克自治县第一中学附属实验学校,33,3302,高三(2)班,G440106200801010424,05,阿卜杜热合曼·买买提艾力·库尔班,1,2008-01-01,,
4401062002,广州市天河区华南师范大学附属中学,33,3301,高三(1)班,G440106200802020011,01,张𠮷,1,2008-02-02,,
6501012001,乌鲁木齐市第一百二十二中学,21,2112,初一(12)班,G650101201303030022,01,王𪚥,2,2013-03-03,,
4401062003,新疆维吾尔自治区喀什地区塔什库尔干塔吉克自治县第一中学附属实验学校,33,3301,高三(1)班,G440106200804040033,01,刘䶮,1,2008-04-04,,
6501012001,乌鲁木齐市第一百二十二中学,21,2103,初一(3)班,G650101201306060055,01,李㐀,2,2013-06-06,,
4401062002,广州市天河区华南师范大学附属中学,33,3301,高三(1)班,G440106200807070066,01,欧阳娜娜,2,2008-07-07,,
CSV
$CLI roster import e.dabiao 名单.csv > /dev/null

# Badges: class order, full names, masked numbers.
$CLI export badges e.dabiao -o badges.pdf > out.txt || fail "export badges: $(cat out.txt)"
pdftotext badges.pdf - | tr -d ' \n' > badges.txt
order=$(grep -o '张𠮷\|欧阳娜娜\|刘䶮\|阿卜杜热合曼·买买提艾力·库尔班\|李㐀\|王𪚥' badges.txt | tr '\n' ' ')
[ "$order" = "张𠮷 欧阳娜娜 刘䶮 阿卜杜热合曼·买买提艾力·库尔班 李㐀 王𪚥 " ] || fail "badge order: $order"
grep -q 'G4401\*\*\*\*\*\*\*\*\*\*0424' badges.txt || fail "masked 学籍号"
grep -q 'G440106200801010424' badges.txt && fail "full 学籍号 on a badge"
grep -q '新疆维吾尔自治区喀什地区塔什库尔干塔吉克自治县第一中学附属实验学校' badges.txt || fail "school name on the badge"
grep -q '4401062003\|6501012001' badges.txt && fail "a school code on a badge"
ok "badges in class order (school, grade, class — 3 before 12 —, 学籍号), names whole, school names not codes, 学籍号 masked"

$CLI export badges e.dabiao -o roster.pdf --order roster --id hidden > /dev/null
order=$(pdftotext roster.pdf - | tr -d ' \n' | grep -o '张𠮷\|欧阳娜娜\|刘䶮\|阿卜杜热合曼·买买提艾力·库尔班\|李㐀\|王𪚥' | tr '\n' ' ')
[ "$order" = "阿卜杜热合曼·买买提艾力·库尔班 张𠮷 刘䶮 欧阳娜娜 王𪚥 李㐀 " ] || fail "roster order: $order"
pdftotext roster.pdf - | grep -q 'G4401' && fail "--id hidden still shows the number"
$CLI export badges e.dabiao -o x.pdf --order shoe-size 2> err.txt && fail "a bad --order accepted"
grep -q -- '--order' err.txt || fail "bad --order message: $(cat err.txt)"
$CLI export badges e.dabiao -o classes.pdf --class-page > out.txt
grep -q '6.*5' out.txt || fail "--class-page pages (5 classes): $(cat out.txt)"
ok "--order roster, --id hidden, --class-page"

# Record cards on A5, in the same order.
$CLI export cards e.dabiao -o cards.pdf --paper a5 > /dev/null
pdfinfo cards.pdf | grep -q 'Page size: *419.5[0-9]* x 595' || fail "cards on A5: $(pdfinfo cards.pdf | grep 'Page size')"
order=$(pdftotext cards.pdf - | tr -d ' \n' | grep -o '张𠮷\|欧阳娜娜\|刘䶮\|阿卜杜热合曼·买买提艾力·库尔班\|李㐀\|王𪚥' | tr '\n' ' ')
[ "$order" = "张𠮷 欧阳娜娜 刘䶮 阿卜杜热合曼·买买提艾力·库尔班 李㐀 王𪚥 " ] || fail "card order: $order"
pdftotext cards.pdf - | tr -d ' \n' | grep -q '乌鲁木齐市第一百二十二中学' || fail "school name on the card"
pdftotext cards.pdf - | grep -q '4401062002\|6501012001' && fail "a school code on a card"
ok "record cards on A5 in class order, with school names"

# A character no installed font has (fontconfig's own answer): the export
# stops naming the person and the character; --allow-missing-glyphs prints.
missing=
for cp in $(seq $((0x30000)) 7 $((0x3134f))); do
  hex=$(printf '%x' "$cp")
  if [ -z "$(fc-list ":charset=$hex" family)" ]; then missing=$hex; break; fi
done
if [ -n "$missing" ]; then
  char=$(printf "\\U$(printf '%08x' $((0x$missing)))")
  printf '学校代码,年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身份证号\n4401062002,33,3301,高三(1)班,G440106200809090099,01,赵%s,1,2008-09-09,,\n' "$char" > more.csv
  $CLI roster import e.dabiao more.csv > /dev/null
  rm -f stop.pdf
  $CLI export badges e.dabiao -o stop.pdf 2> err.txt && fail "export went on with an undrawable name"
  [ ! -e stop.pdf ] || fail "a stopped export left a file"
  grep -q "赵$char（学籍号 G440106200809090099，高三(1)班）：姓名中的“$char”(U+${missing^^})" err.txt \
    || fail "message: $(cat err.txt)"
  grep -q -- '--allow-missing-glyphs' err.txt || fail "no hint at --allow-missing-glyphs"
  $CLI export cards e.dabiao -o stop.pdf 2> /dev/null && fail "cards went on with an undrawable name"
  $CLI export badges e.dabiao -o go.pdf --allow-missing-glyphs > out.txt 2> err.txt || fail "--allow-missing-glyphs"
  [ -s go.pdf ] || fail "--allow-missing-glyphs wrote nothing"
  grep -q "U+${missing^^}" err.txt || fail "--allow-missing-glyphs does not say what shows as a box"
  ok "a name with U+${missing^^} stops the export, named; --allow-missing-glyphs prints"
else
  ok "# SKIP every Ext-G character has a font here"
fi
echo "1..$n"
