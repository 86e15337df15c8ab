#!/bin/sh
# dabiao-cli standards list | show | check, on the shipped standards and on a
# broken copy.  Messages are checked in Chinese (LANGUAGE=zh_CN).
set -eu
cli="$DABIAO_CLI"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail () { echo "FAIL: $*" >&2; exit 1; }

"$cli" standards list > "$tmp/list"
grep -q '^student-2014	国家学生体质健康标准（2014年修订）' "$tmp/list" || fail "list: $(cat "$tmp/list")"

"$cli" standards show student-2014 > "$tmp/show"
for want in '教育部' '年级编号' 'run_1000m' '1000米跑' '初中一年级' '可信度' 'medium-high' 'S1'; do
  grep -q -- "$want" "$tmp/show" || fail "show lacks $want"
done

"$cli" standards show no-such-id 2> "$tmp/err" && fail "show of an unknown id succeeded"
grep -q 'no-such-id' "$tmp/err" || fail "show error: $(cat "$tmp/err")"

# Every shipped standard, by folder and by id.
for dir in "$DABIAO_SOURCE_ROOT"/data/standards/*/; do
  "$cli" standards check "$dir" > "$tmp/out" || fail "check $dir: $(cat "$tmp/out")"
  grep -q '有效' "$tmp/out" || fail "check $dir did not say valid"
  "$cli" standards check "$(basename "$dir")" > /dev/null || fail "check id $(basename "$dir")"
done
"$cli" standards check "$DABIAO_SOURCE_ROOT/data/standards/student-2014/standard.ini" > /dev/null \
  || fail "check of a standard.ini path"

# A broken copy: exit 1, row-level message, a summary line.
cp -r "$DABIAO_SOURCE_ROOT/data/standards/student-2014" "$tmp/broken"
sed -i 's/^41,male,vital_capacity,95,4920,/41,male,vital_capacity,95,5100,/' "$tmp/broken/thresholds.csv"
row=$(grep -n '^41,male,vital_capacity,95,' "$tmp/broken/thresholds.csv" | cut -d: -f1)
status=0
"$cli" standards check "$tmp/broken" 2> "$tmp/err" || status=$?
[ "$status" = 1 ] || fail "broken check exit $status"
grep -q "thresholds.csv 第 $row 行“threshold”列" "$tmp/err" || fail "broken check: $(cat "$tmp/err")"
grep -q '未通过检查' "$tmp/err" || fail "no summary line"

status=0
"$cli" standards check /nonexistent 2> /dev/null || status=$?
[ "$status" = 1 ] || fail "nonexistent check exit $status"
status=0
"$cli" standards frobnicate 2> /dev/null || status=$?
[ "$status" = 2 ] || fail "usage error exit $status"
echo ok
