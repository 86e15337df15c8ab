#!/bin/sh
# The app run from the build tree:
#  - without its settings schema it says what is missing and how to run it
#    (exit 1), instead of aborting inside GSettings;
#  - --help and --version need neither the schema nor a display;
#  - `meson devenv` sets the schema and locale folders and puts the three
#    programs on PATH, so the app starts with its schema from there.
set -u
fail () { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/empty"

# No schema anywhere: not in GSETTINGS_SCHEMA_DIR, not in XDG_DATA_DIRS.
out=$(env -u DISPLAY -u WAYLAND_DISPLAY GSETTINGS_SCHEMA_DIR="$tmp/empty" XDG_DATA_DIRS="$tmp/empty" \
      "$DABIAO_APP" 2>&1)
status=$?
[ "$status" = 1 ] || fail "without a schema: exit $status (expected 1): $out"
echo "$out" | grep -q "cn.dabiao.Station" || fail "the message does not name the schema: $out"
echo "$out" | grep -q "meson devenv" || fail "the message does not say how to run from a build folder: $out"
echo "$out" | grep -q "GSETTINGS_SCHEMA_DIR" || fail "the message does not name GSETTINGS_SCHEMA_DIR: $out"
echo "$out" | grep -q "未安装设置架构" || fail "the message is not in Chinese: $out"
echo "$out" | grep -qi "abort\|trace\|core dumped" && fail "it still aborts: $out"

# --help and --version without schema or display.
out=$(env -u DISPLAY -u WAYLAND_DISPLAY GSETTINGS_SCHEMA_DIR="$tmp/empty" XDG_DATA_DIRS="$tmp/empty" \
      "$DABIAO_APP" --help 2>&1) || fail "--help without schema and display: $out"
echo "$out" | grep -q -- "--demo" || fail "--help does not list --demo: $out"
# A bare environment (no LANG, as on a fresh install): Chinese by default, in
# the summary and in the option descriptions GOption translates when it prints
# (GTK sets the locale again before --help; it must stay UTF-8).
out=$(env -i PATH=/usr/bin:/bin DABIAO_LOCALEDIR="$DABIAO_LOCALEDIR" "$DABIAO_APP" --help 2>&1) \
  || fail "--help in a bare environment: $out"
echo "$out" | grep -q "测试站程序" || fail "--help in a bare environment: the summary is not Chinese: $out"
echo "$out" | grep -q "打开带名单和模拟仪器的演示活动" || fail "--help in a bare environment: the options are not Chinese: $out"
# LANG=C.UTF-8 (a container, or a machine without the zh_CN locale) names
# no language either: Chinese too.
out=$(env -i PATH=/usr/bin:/bin LANG=C.UTF-8 DABIAO_LOCALEDIR="$DABIAO_LOCALEDIR" "$DABIAO_APP" --help 2>&1) \
  || fail "--help with LANG=C.UTF-8: $out"
echo "$out" | grep -q "打开带名单和模拟仪器的演示活动" || fail "--help with LANG=C.UTF-8 is not Chinese: $out"
out=$(env -i PATH=/usr/bin:/bin LANG=C.UTF-8 DABIAO_LOCALEDIR="$DABIAO_LOCALEDIR" "$DABIAO_CLI" --help 2>&1) \
  || fail "dabiao-cli --help with LANG=C.UTF-8: $out"
echo "$out" | grep -q "用法" || fail "dabiao-cli --help with LANG=C.UTF-8 is not Chinese: $out"
out=$(env -u DISPLAY GSETTINGS_SCHEMA_DIR="$tmp/empty" XDG_DATA_DIRS="$tmp/empty" "$DABIAO_APP" --version 2>&1) \
  || fail "--version: $out"

# meson devenv: the environment it gives.
meson=${MESON:-meson}
command -v "$meson" >/dev/null || { echo "meson not found: devenv not checked"; exit 77; }
env=$(env -u GSETTINGS_SCHEMA_DIR -u DABIAO_LOCALEDIR "$meson" devenv -C "$DABIAO_BUILD_ROOT" \
      sh -c 'echo "schema=$GSETTINGS_SCHEMA_DIR"; echo "locale=$DABIAO_LOCALEDIR"; for p in dabiao dabiao-cli dabiao-sim; do command -v $p; done' 2>&1) \
  || fail "meson devenv: $env"
schema=$(echo "$env" | sed -n 's/^schema=//p')
locale=$(echo "$env" | sed -n 's/^locale=//p')
[ -f "$schema/gschemas.compiled" ] || fail "devenv: GSETTINGS_SCHEMA_DIR=$schema has no gschemas.compiled"
[ -f "$locale/zh_CN/LC_MESSAGES/dabiao.mo" ] || fail "devenv: DABIAO_LOCALEDIR=$locale has no zh_CN translation"
for p in dabiao dabiao-cli dabiao-sim; do
  echo "$env" | grep -q "^$DABIAO_BUILD_ROOT/src/.*/$p\$" || fail "devenv: $p is not on PATH from the build tree: $env"
done
# ... and with it the app passes the schema check (--version stops before the window).
env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$tmp/empty" "$meson" devenv -C "$DABIAO_BUILD_ROOT" \
  sh -c 'dabiao --version' >/dev/null 2>&1 || fail "dabiao --version in meson devenv"
# `dabiao FILE` opens that event, also inside meson devenv (which runs the
# program in the build folder: a name relative to where it was typed).
if [ -n "${DISPLAY:-}" ] && command -v xdotool >/dev/null; then
  mkdir -p "$tmp/day"
  "$DABIAO_CLI" event new "$tmp/day/秋季测试.dabiao" --name 命令行打开 --standard student-2014 >/dev/null \
    || fail "dabiao-cli event new"
  (cd "$tmp/day" && PWD="$tmp/day" exec env -u GSETTINGS_SCHEMA_DIR "$meson" devenv -C "$DABIAO_BUILD_ROOT" \
     dabiao 秋季测试.dabiao) >"$tmp/app.log" 2>&1 &
  app=$!
  title=""
  for i in $(seq 1 60); do
    title=$(xdotool search --name "命令行打开" getwindowname 2>/dev/null | head -n 1)
    [ -n "$title" ] && break
    sleep 0.5
  done
  # meson devenv runs dabiao as its child: that child first, then meson.
  pkill -P "$app" 2>/dev/null
  kill "$app" 2>/dev/null
  wait "$app" 2>/dev/null
  [ -n "$title" ] || fail "dabiao FILE inside meson devenv did not open the event: $(cat "$tmp/app.log")"
fi
echo "ok"
