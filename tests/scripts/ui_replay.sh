#!/bin/bash
# ui_replay.sh CASE SIZE [KIOSK OPTIONS...] - runs tests/ui/CASE.replay in the
# kiosk (dummy video driver, software renderer) at SIZE on a fresh database, then, when
# tests/ui/CASE.sql exists, runs it on the database with the sqlite3 CLI and
# compares the output with tests/ui/CASE.expected.  A tests/ui/CASE.conf is
# passed as --config.  Screenshots go to the build tree.
set -u
case_name=$1 size=$2
shift 2
# The dummy driver renders in memory with the software renderer; the
# offscreen driver loads EGL, whose libraries leak under LeakSanitizer.
export SDL_VIDEODRIVER=dummy
src="$JH_SOURCE_DIR/tests/ui"
work=$(mktemp -d "${TMPDIR:-/tmp}/jh-ui-$case_name-XXXXXX")
trap 'rm -rf "$work"' EXIT
args=(--db "$work/kiosk.db" --surveys "${JH_SURVEYS:-$JH_SOURCE_DIR/data/surveys}" --size "$size"
      --replay "$src/$case_name.replay" --screenshot-dir "$JH_BUILD_DIR/ui-shots/$case_name-$size")
[ -f "$src/$case_name.conf" ] && args+=(--config "$src/$case_name.conf")
"$JH_BUILD_DIR/junheng-kiosk" "${args[@]}" "$@"
rc=$?
if [ $rc -ne 0 ]; then echo "FAIL $case_name at $size: the replay exited with $rc"; exit 1; fi
if [ -f "$src/$case_name.sql" ]; then
  got=$(sqlite3 "$work/kiosk.db" < "$src/$case_name.sql" 2>&1)
  if ! diff -u "$src/$case_name.expected" <(printf '%s\n' "$got"); then
    echo "FAIL $case_name at $size: stored answers differ from $case_name.expected (above)"; exit 1
  fi
fi
echo "PASS $case_name at $size"
