#!/bin/bash
# kiosk_second.sh - review 13 (ronsite), item 1: a second kiosk program on a
# database another one holds (its PATH.lock) is refused at start with a
# Chinese screen, instead of running beside it (the two then overwrote each
# other's identity file and a later restore of an old copy reused a seq).
set -u
kiosk="$JH_BUILD_DIR/junheng-kiosk"
if [ ! -x "$kiosk" ]; then echo "SKIP: $kiosk not built"; exit 77; fi
if ! command -v flock >/dev/null; then echo "SKIP: the flock command is not installed"; exit 77; fi
export SDL_VIDEODRIVER=dummy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-second-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
surveys="$JH_SOURCE_DIR/tests/fixtures/surveys-1.0"
printf 'wait 200\nexpect-text 另一个答题机程序正在使用这些数据\n' > "$tmp/refused.replay"
# A first kiosk run makes the database.
printf 'wait 200\n' > "$tmp/plain.replay"
"$kiosk" --db "$tmp/kiosk.db" --surveys "$surveys" --replay "$tmp/plain.replay" >"$tmp/first.log" 2>&1 ||
  { echo "FAIL the first kiosk run:"; cat "$tmp/first.log"; exit 1; }
# Another process holds the owner lock (as a running kiosk does) and has
# written its pid there.
# (this script, on its own descriptor 9: the kiosk's open of the file is a
# separate one, so the flock conflicts)
exec 9>>"$tmp/kiosk.db.lock"
flock -x -n 9 || { echo "FAIL cannot take the lock"; exit 1; }
pid=$$
echo "$pid" > "$tmp/kiosk.db.lock"
"$kiosk" --db "$tmp/kiosk.db" --surveys "$surveys" --replay "$tmp/refused.replay" >"$tmp/second.log" 2>&1
rc=$?
if [ $rc = 3 ] && grep -q "另一个答题机程序（进程 $pid）正在使用这些数据.*another junheng-kiosk process $pid is running" \
    "$tmp/second.log"; then
  echo "PASS a second kiosk is refused (exit 3, the start-up screen and stderr name the other process)"
else
  echo "FAIL expected the second kiosk to be refused with exit 3 (got $rc):"; cat "$tmp/second.log"; fail=1
fi
flock -u 9; exec 9>&-
# With the other one gone the kiosk starts (the replay's expectation then fails: exit 1).
"$kiosk" --db "$tmp/kiosk.db" --surveys "$surveys" --replay "$tmp/refused.replay" >"$tmp/third.log" 2>&1
rc=$?
if [ $rc = 1 ] && ! grep -q "another junheng-kiosk process" "$tmp/third.log"; then
  echo "PASS alone, the kiosk starts"
else
  echo "FAIL expected the kiosk to start once alone (exit 1 from the replay's expectation, got $rc):"
  cat "$tmp/third.log"; fail=1
fi
exit $fail
