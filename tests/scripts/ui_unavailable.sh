#!/bin/bash
# ui_unavailable.sh SIZE GOLDEN_DIR - the out-of-service screen with a real
# kiosk: fsync on the database (its write-ahead log) fails (tests/faults/fault_preload.c) exactly
# twice, starting with the save of the first answer; tests/ui/unavailable.replay
# checks the screen, the retry and the recovery, and its shot is compared with
# the golden.  Which fsync is the first answer's depends on the store, so the
# fault is armed at the 1st, 2nd, ... fsync of a freshly initialised database
# until the replay passes (the replay only passes when the failure hits that
# save).  Skipped when the fault library was not built.
set -u
size=$1 golden=$2
export SDL_VIDEODRIVER=dummy ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
K="$JH_BUILD_DIR/junheng-kiosk" PRE="$JH_BUILD_DIR/tests/libfault_preload.so" src="$JH_SOURCE_DIR/tests/ui"
if [ ! -f "$PRE" ]; then echo "SKIP: $PRE not built"; exit 77; fi
base=${TMPDIR:-/tmp}
[ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/jh-ui-unavailable-XXXXXX")
trap 'rm -rf "$work"' EXIT
# A database initialised by a first run (schema, settings, questionnaires).
mkdir -p "$work/init"
echo "# nothing" > "$work/empty.replay"
"$K" --db "$work/init/kiosk.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --replay "$work/empty.replay" 2>/dev/null || { echo "FAIL: init run"; exit 1; }
for n in 1 2 3 4 5 6 7 8; do
  rm -rf "$work/run" && cp -r "$work/init" "$work/run"
  if LD_PRELOAD="$PRE" JH_FAULT_FSYNC=$n JH_FAULT_TIMES=2 JH_FAULT_PATH=kiosk.db-wal \
     "$K" --db "$work/run/kiosk.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --replay "$src/unavailable.replay" --size "$size" \
     --golden-dir "$golden" --screenshot-dir "$JH_BUILD_DIR/ui-shots/unavailable-$size" > "$work/log" 2>&1; then
    got=$(sqlite3 "$work/run/kiosk.db" < "$src/unavailable.sql" 2>&1)
    if ! diff -u "$src/unavailable.expected" <(printf '%s\n' "$got"); then
      echo "FAIL: stored answers differ from unavailable.expected (above)"; exit 1
    fi
    echo "PASS out of service and back, fault at fsync #$n of the session"; exit 0
  fi
  grep -q "golden unavailable" "$work/log" && { cat "$work/log"; echo "FAIL: golden mismatch"; exit 1; }
done
cat "$work/log"
echo "FAIL: no fsync position made the first answer's save fail as the replay expects (log of the last try above)"
exit 1
