#!/bin/bash
# test-cli-stations.sh: dabiao-cli event new with chosen items, attempts and
# stations; event stations; event show.
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

# A subset of items by number, code and name; attempts; two stations.
$CLI event new e.dabiao --name 分项 --standard student-2014 --date 2026-11-29 \
  --items 01,weight,05,坐位体前屈 --attempts 05=2 --attempts sit_and_reach=3 \
  --station 身高体重:01,02:height-weight-line --station 50米跑:run_50m > out.txt
$CLI event show e.dabiao > show.txt
grep -q '^  height .*1 次' show.txt || fail "height: $(cat show.txt)"
grep -q '^  run_50m .*2 次' show.txt || fail "run_50m attempts: $(cat show.txt)"
grep -q '^  sit_and_reach .*3 次' show.txt || fail "sit_and_reach attempts"
! grep -q 'standing_long_jump' show.txt || fail "an item not chosen is in the event"
[ "$(grep -c '^  [a-z_0-9]* ' show.txt)" = 4 ] || fail "not exactly 4 items: $(cat show.txt)"
grep -q '^  身高体重: 身高、体重 (height-weight-line)$' show.txt || fail "station 身高体重: $(cat show.txt)"
grep -q '^  50米跑: 50米跑$' show.txt || fail "station 50米跑"
ok "event new with items, attempts and stations"

# An item that was not chosen cannot be recorded.
printf '年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身份证号\n21,2101,初一1班,G001,01,张三,1,2013-03-07,北京,\n' > r.csv
$CLI roster import e.dabiao r.csv > /dev/null
$CLI record e.dabiao --participant G001 --item 06 --value 190 2> err.txt && fail "recorded an item not in the event"
$CLI record e.dabiao --participant G001 --item 05 --value 8.1 --station 50米跑 > /dev/null || fail "record a chosen item"
ok "items not chosen are refused"

# event stations: list, add, remove, all-or-nothing.
$CLI event stations e.dabiao > list.txt
[ "$(wc -l < list.txt)" = 2 ] || fail "stations list: $(cat list.txt)"
$CLI event stations e.dabiao --add 柔韧:07 --remove 50米跑 > list.txt
grep -q '^  柔韧: 坐位体前屈$' list.txt || fail "added station: $(cat list.txt)"
! grep -q 50米跑 list.txt || fail "removed station still listed"
$CLI event stations e.dabiao --add 跳远:06 2> err.txt && fail "station with an item the event lacks"
grep -q '测试站“跳远”：本活动没有项目“06”' err.txt || fail "unknown item message: $(cat err.txt)"
$CLI event stations e.dabiao --add 柔韧:07 2> err.txt && fail "duplicate station name accepted"
grep -q '柔韧' err.txt || fail "duplicate message: $(cat err.txt)"
$CLI event stations e.dabiao --add :07 2> err.txt && fail "empty name accepted"
grep -q '需要名称' err.txt || fail "empty name message: $(cat err.txt)"
$CLI event stations e.dabiao --add 空:, 2> err.txt && fail "station without items accepted"
grep -q '测试站“空”没有项目' err.txt || fail "no items message: $(cat err.txt)"
$CLI event stations e.dabiao --remove 无此 --add 新:01 2> err.txt && fail "removing an unknown station"
grep -q '无此' err.txt || fail "unknown station message"
$CLI event stations e.dabiao > list2.txt
diff list.txt list2.txt > /dev/null || fail "a refused change changed the list"
$CLI event stations e.dabiao --add 'x' 2> err.txt && fail "--add without items"
grep -q 'x' err.txt || fail "--add format message"
ok "event stations add/remove/validation"

# Bad arguments to event new leave no file.
$CLI event new b.dabiao --name b --standard student-2014 --items 01,99 2> err.txt && fail "unknown item"
grep -q '没有项目“99”' err.txt || fail "unknown item message: $(cat err.txt)"
$CLI event new b.dabiao --name b --standard student-2014 --attempts 05=0 2> err.txt && fail "0 attempts"
grep -q '1 到 99' err.txt || fail "attempts message: $(cat err.txt)"
$CLI event new b.dabiao --name b --standard student-2014 --items 01 --attempts 05=2 2> err.txt && fail "attempts for an item not chosen"
$CLI event new b.dabiao --name b --standard student-2014 --items 01 --station 秤:01,02 2> err.txt && fail "station item not chosen"
grep -q '02' err.txt || fail "station item message: $(cat err.txt)"
[ ! -e b.dabiao ] || fail "a refused event new left a file"
# --attempts alone keeps every item of the standard.
$CLI event new c.dabiao --name c --standard student-2014 --attempts 立定跳远=5 > /dev/null
$CLI event show c.dabiao | grep -q '^  standing_long_jump .*5 次' || fail "attempts without --items"
$CLI event show c.dabiao | grep -q '^  pull_up ' || fail "all items kept with --attempts alone"
ok "event new refusals"
echo "1..$n"
