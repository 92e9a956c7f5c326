#!/bin/bash
# kiosk_sigterm.sh - `systemctl stop` sends SIGTERM: a parent has answered
# the first question (the replay taps it, as a finger would), the kiosk then
# waits for input in its ordinary event loop in kiosk mode (--fullscreen,
# where closing the window does nothing) and gets SIGTERM.  It must exit 0
# at once, with the unfinished questionnaire stored as abandoned and its
# answer kept - not left "in progress" for the next start to clean up.
set -u
b="$JH_BUILD_DIR"
kiosk="$b/junheng-kiosk"
if [ ! -x "$kiosk" ]; then echo "SKIP: $kiosk not built"; exit 77; fi
if ! command -v sqlite3 >/dev/null; then echo "SKIP: the sqlite3 command is not installed"; exit 77; fi
export SDL_VIDEODRIVER=dummy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-sigterm-XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
cat > "$tmp/first.replay" <<'R'
expect-screen welcome
tap-text 开始答题
wait 500
tap-text 家长
wait 500
tap-text 我知道了，开始
wait 500
tap-text 四到六年级
wait 600
expect-text 您家住在城里
R
fail=0
for sig in TERM INT; do
  rm -f "$tmp"/kiosk.db*
  log="$tmp/log.$sig"  # a new file: the last run's log must not be read as this one's
  "$kiosk" --db "$tmp/kiosk.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --size 1280x800 --fullscreen \
    --replay "$tmp/first.replay" --replay-then-run >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    grep -q "waiting for input" "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "waiting for input" "$log"; then
    echo "FAIL the kiosk did not reach its event loop after the replay:"; cat "$log"; exit 1
  fi
  before=$(sqlite3 "$tmp/kiosk.db" "SELECT status, (SELECT count(*) FROM answers a WHERE a.seq = r.seq) FROM responses r")
  if [ "$before" != "0|1" ]; then
    echo "FAIL before SIG$sig: expected one response in progress with 1 answer, got '$before'"; fail=1
  fi
  kill -"$sig" "$pid"
  start=$(date +%s%N)
  wait "$pid"
  rc=$?
  pid=
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  cat "$log"
  if [ $rc -ne 0 ]; then echo "FAIL after SIG$sig the kiosk exited with status $rc (expected 0)"; fail=1; fi
  after=$(sqlite3 "$tmp/kiosk.db" "SELECT status, (SELECT count(*) FROM answers a WHERE a.seq = r.seq) FROM responses r")
  if [ "$after" = "2|1" ]; then
    echo "PASS SIG$sig: exit 0 after $ms ms, the unfinished questionnaire is stored as abandoned with its answer"
  else
    echo "FAIL after SIG$sig: expected one abandoned response (status 2) with 1 answer, got '$after'"; fail=1
  fi
done
exit $fail
