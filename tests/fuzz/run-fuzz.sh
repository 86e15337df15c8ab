#!/bin/sh
# Long fuzzing runs of the table readers and the event file opener (issue
# 13): libFuzzer, ASan and UBSan, one target at a time, niced.  Not part of
# the suite (CI runs the seeded test-fuzz instead).
#
#   tests/fuzz/run-fuzz.sh [SECONDS] [TARGET…]     (targets: csv xlsx xls event)
#
# Configures _build-fuzz (clang, -Db_sanitize=address,undefined, the core
# built with -fsanitize=fuzzer-no-link) beside the source if needed, builds
# the targets, copies tests/fuzz/corpus/TARGET into _build-fuzz/corpus/TARGET
# (the working corpus grows there; new finds worth keeping are copied back
# by hand) and prints libFuzzer's figures per target: executions, speed,
# coverage, peak RSS.  Crashes are kept as _build-fuzz/crash-*.  The xls
# target's libfreexl child writes its sanitizer reports to
# _build-fuzz/child-asan.PID instead of stopping the run (its crashes are
# contained by design); the summary counts them and names any whose stack
# reaches Dabiao's own code (a finding).  Several targets may run at once
# from separate invocations (each is niced).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="$src/_build-fuzz"
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-csv xlsx xls event}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$src" -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link -Dfuzzing=true >/dev/null
fi
for t in $targets; do
  ninja -C "$build" "tests/fuzz/fuzz-$t" >/dev/null
done
cd "$build"
for t in $targets; do
  mkdir -p "corpus/$t"
  cp -n "$here/corpus/$t/"* "corpus/$t/" 2>/dev/null || true
  echo "== $t ($seconds s)"
  # Leaks inside libfreexl's child and fontconfig are known (tests/lsan.supp).
  LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0" \
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  nice -n 19 "./tests/fuzz/fuzz-$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=60 -print_final_stats=1 "corpus/$t" 2>&1 \
    | grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb|cov:.*ft:|ERROR|SUMMARY|crash-|Done" \
    | tail -8
  if [ "$t" = xls ]; then
    n=$(ls child-asan.* 2>/dev/null | wc -l)
    # Ours: frame #0 or #1 of the first stack (#0 may be an interceptor
    # such as iconv) in src/; libfreexl's own frames name libfreexl.so.
    ours=0
    for f in child-asan.*; do
      [ -f "$f" ] && awk '/^ *#0 /{n++} n==1 && /^ *#[01] /' "$f" | grep -q '/src/' && ours=$((ours + 1))
    done
    echo "libfreexl child reports (contained): $n; reaching Dabiao's code: $ours"
  fi
done
