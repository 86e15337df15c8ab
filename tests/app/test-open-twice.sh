#!/bin/sh
# `dabiao FILE` while FILE is open already: the program runs once per
# session, the second `dabiao` hands the file to the first and ends, and the
# event stays in its one window (the trial: a second window on the same
# event).  Another event named that way opens in a window of its own.
# Needs a display, xdotool and a session bus of its own (dbus-run-session).
set -u
fail () { echo "FAIL: $*"; exit 1; }

if [ "${1:-}" != inner ]; then
  [ -n "${DISPLAY:-}" ] || { echo "no display: not run"; exit 77; }
  for p in xdotool dbus-run-session timeout; do
    command -v $p >/dev/null || { echo "$p not found: not run"; exit 77; }
  done
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  dbus-run-session -- sh "$0" inner "$tmp"
  exit $?
fi

tmp=$2
# Visible windows titled with $1.  xdotool gives up on a window that goes
# while it looks (BadWindow: GTK's short-lived surfaces on a loaded machine)
# and then prints nothing: asked again a few times before 0 is believed.
windows () {
  for try in 1 2 3 4 5 6; do
    count=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | wc -l)
    [ "$count" -gt 0 ] && break
    sleep 0.3
  done
  echo "$count"
}

"$DABIAO_CLI" event new "$tmp/秋季.dabiao" --name 两次打开测试 --standard student-2014 >/dev/null || fail "event new"
"$DABIAO_CLI" event new "$tmp/另一个.dabiao" --name 另一个活动 --standard student-2014 >/dev/null || fail "event new"

"$DABIAO_APP" "$tmp/秋季.dabiao" >"$tmp/first.log" 2>&1 &
first=$!
n=0
for i in $(seq 1 60); do
  n=$(windows 两次打开测试)
  [ "$n" -ge 1 ] && break
  sleep 0.5
done
[ "$n" = 1 ] || { kill $first; fail "the first window did not open the event: $(cat "$tmp/first.log")"; }

# The same event again, by another spelling of its path.
(cd "$tmp" && timeout 20 "$DABIAO_APP" ./秋季.dabiao) >"$tmp/second.log" 2>&1
status=$?
sleep 1
n=$(windows 两次打开测试)
# Another event: a window of its own, in the same program.
timeout 20 "$DABIAO_APP" "$tmp/另一个.dabiao" >"$tmp/third.log" 2>&1
third=$?
m=0
for i in $(seq 1 30); do
  m=$(windows 另一个活动)
  [ "$m" -ge 1 ] && break
  sleep 0.5
done
both=$(windows 两次打开测试)
kill $first 2>/dev/null
wait $first 2>/dev/null

[ "$status" = 0 ] || fail "the second dabiao did not hand the file to the first (exit $status; 124: it ran on with a window of its own): $(cat "$tmp/second.log")"
[ "$n" = 1 ] || fail "$n windows on the event after the second dabiao"
[ "$third" = 0 ] || fail "dabiao with another event did not hand it to the first (exit $third): $(cat "$tmp/third.log")"
[ "$m" = 1 ] || fail "the other event has $m windows"
[ "$both" = 1 ] || fail "the first event has $both windows after the other one opened"
echo "ok"
