#!/bin/bash
# kiosk_x11_loop.sh - the kiosk's own event loop (after a replay brings it to
# the place, --replay-then-run) in a real X11 window under Xvfb, clicked with
# XTEST as a mouse would (tests/xclick.c), with a disk made slow on purpose
# (tests/faults/fault_preload.c):
#   guard  On the last question (a comment, typed) 去提交 is double-clicked
#          150 ms apart while every fsync of the database takes 600 ms.  The
#          second click is read after the save and the summary's first frame;
#          提交 is where 去提交 was.  It began before the summary could be
#          seen: the input guard ignores it (the questionnaire stays in
#          progress).  Then a deliberate click on 提交 submits.
#   term   On the summary the loop is stopped (SIGSTOP: a slow frame or
#          commit), 提交 is clicked, SIGTERM comes (`systemctl stop`), the loop
#          runs again: the click is handed to the app before the program
#          ends, so the questionnaire is stored as submitted (1), not
#          abandoned (2).
set -u
b="$JH_BUILD_DIR"
kiosk="$b/junheng-kiosk" xclick="$b/tests/xclick" preload="$b/tests/libfault_preload.so"
for f in "$kiosk" "$xclick" "$preload"; do
  if [ ! -x "$f" ] && [ ! -f "$f" ]; then echo "SKIP: $f not built"; exit 77; fi
done
for c in Xvfb sqlite3; do
  if ! command -v $c >/dev/null; then echo "SKIP: $c is not installed"; exit 77; fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-x11loop-XXXXXX")
xpid= kpid=
trap '[ -n "$kpid" ] && kill -KILL "$kpid" 2>/dev/null; [ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$tmp"' EXIT
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xpid=$!
for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
if [ ! -s "$tmp/display" ]; then echo "FAIL Xvfb did not start:"; cat "$tmp/xvfb.log"; exit 1; fi
export DISPLAY=":$(head -n1 "$tmp/display")" SDL_VIDEODRIVER=x11
"$xclick" sleep 0
rc=$?
if [ $rc -eq 77 ]; then echo "SKIP: no XTEST (libX11.so.6, libXtst.so.6)"; exit 77; fi
[ $rc -ne 0 ] && { echo "FAIL xclick exited with $rc"; exit 1; }

# The parent questionnaire answered up to its last question, the comment
# (tests/ui/guard_busy.replay without its end), and on to the summary.
sed '/^double-tap 去提交/,$d' "$JH_SOURCE_DIR/tests/ui/guard_busy.replay" > "$tmp/lastq.replay"
{ cat "$tmp/lastq.replay"; printf 'tap-text 去提交\nexpect-screen summary\nexpect-text 所有题目都已回答\nwait 500\n'; } \
  > "$tmp/summary.replay"
# Where 去提交 (the last question's 下一题) and 提交 (the summary) are at 1280x800.
next_x=1050 next_y=737 submit_x=1000 submit_y=737

start() { # start NAME REPLAY: the kiosk waiting for input after REPLAY
  mkdir -p "$tmp/$1"
  log="$tmp/$1/log" db="$tmp/$1/kiosk.db"
  LD_PRELOAD="$preload" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
    JH_FAULT_PATH=kiosk.db JH_FAULT_SLOW_FSYNC_MS=600 JH_FAULT_SLOW_FLAG="$tmp/slow" \
    "$kiosk" --db "$db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --size 1280x800 --no-voice \
    --replay "$2" --replay-then-run >"$log" 2>&1 &
  kpid=$!
  for _ in $(seq 1 600); do
    grep -q "waiting for input" "$log" && break
    kill -0 "$kpid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "waiting for input" "$log"; then
    echo "FAIL $1: the kiosk did not reach its event loop after the replay:"; cat "$log"; exit 1
  fi
  sleep 1 # the window mapped and drawn
}
stored() { sqlite3 "$db" "SELECT group_concat(status) FROM responses"; }
stop() { # stop: SIGTERM, the exit status checked
  kill -TERM "$kpid"; wait "$kpid"; local rc=$?; kpid=
  if [ $rc -ne 0 ]; then echo "FAIL the kiosk exited with $rc after SIGTERM:"; cat "$log"; fail=1; fi
}
fail=0

start guard "$tmp/lastq.replay"
touch "$tmp/slow"
"$xclick" click $next_x $next_y sleep 150 click $next_x $next_y sleep 3000
got=$(stored)
if [ "$got" = "0" ]; then
  echo "PASS guard: double click on 去提交 with a 600 ms fsync: the second click (read late, on 提交) was ignored"
else
  echo "FAIL guard: after a double click on 去提交 with a 600 ms fsync, stored '$got' (expected 0: in progress," \
       "the summary on show; 1 means the second click submitted a summary nobody saw)"; fail=1
fi
rm -f "$tmp/slow"
"$xclick" click $submit_x $submit_y sleep 1500
got=$(stored)
if [ "$got" = "1" ]; then echo "PASS guard: a deliberate click on 提交 then submits"
else echo "FAIL guard: a click on 提交 on the summary stored '$got' (expected 1)"; fail=1; fi
stop

start term "$tmp/summary.replay"
kill -STOP "$kpid"
"$xclick" click $submit_x $submit_y sleep 100
kill -TERM "$kpid"
kill -CONT "$kpid"
wait "$kpid"
rc=$?
kpid=
got=$(stored)
if [ $rc -eq 0 ] && [ "$got" = "1" ]; then
  echo "PASS term: 提交 clicked, then SIGTERM read in the same batch: submitted, exit 0"
else
  echo "FAIL term: 提交 clicked just before SIGTERM: exit $rc, stored '$got' (expected 0 and 1: submitted," \
       "not 2: abandoned)"; cat "$log"; fail=1
fi
exit $fail
