#!/bin/sh
# Build the libFuzzer targets (one per parser family) with clang, ASan and
# UBSan, and run each for SECONDS.  Prints libFuzzer's exec counts.
#
#   tests/instrument/fuzz/run-libfuzzer.sh BUILD-DIR [SECONDS] [FAMILY…]
#
# BUILD-DIR is a configured meson build (for config.h and the generated
# profile resources).  Corpora are kept in BUILD-DIR/fuzz-corpus/FAMILY,
# seeded from tests/instrument/captures.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)
build=$(cd "$1" && pwd)
seconds=${2:-60}
shift; [ $# -gt 0 ] && shift
families=${*:-line weighing sics stx rs485 modbus}

ninja -C "$build" src/core/instrument/dabiao-instruments-resources.c >/dev/null
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I$build -I$src/src/core -I$src/src/core/instrument $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0) \
  -DGETTEXT_PACKAGE=\"dabiao\" -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74"
libs="$(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0) -lm"
sources="$src/src/core/instrument/dabiao-reading.c $src/src/core/instrument/dabiao-profile.c
  $src/src/core/instrument/dabiao-parser.c $src/src/core/instrument/dabiao-decoder.c
  $src/src/core/dabiao-error.c $build/src/core/instrument/dabiao-instruments-resources.c"

mkdir -p "$build/fuzz"
for family in $families; do
  exe="$build/fuzz/fuzz-$family"
  # shellcheck disable=SC2086
  clang $cflags -DFUZZ_FAMILY=\"$family\" -o "$exe" "$here/fuzz-target.c" $sources $libs
  corpus="$build/fuzz-corpus/$family"
  mkdir -p "$corpus"
  for cap in "$src"/tests/instrument/captures/*.cap; do
    # a leading byte chooses the profile; 0 works for every family
    { printf '\000'; cat "$cap"; } > "$corpus/seed-$(basename "$cap")"
  done
  echo "== $family"
  ASAN_OPTIONS=detect_leaks=1 "$exe" -max_total_time="$seconds" -max_len=2048 -print_final_stats=1 \
    "$corpus" 2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Done" || true
done
