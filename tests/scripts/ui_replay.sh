#!/bin/bash
# ui_replay.sh CASE SIZE [KIOSK OPTIONS...] - runs tests/ui/CASE.replay in the
# kiosk (dummy video driver, software renderer) at SIZE on a fresh database, then, when
# tests/ui/CASE.sql exists, runs it on the database with the sqlite3 CLI and
# compares the output with tests/ui/CASE.expected.  A tests/ui/CASE.conf is
# passed as --config.  Screenshots go to the build tree.  The questionnaires
# are the frozen 1.0 ones (tests/fixtures/surveys-1.0: kiosk mechanics) unless
# $JH_SURVEYS or a --surveys option says otherwise (the shipped ones:
# data/surveys).
set -u
case_name=$1 size=$2
shift 2
# The dummy driver renders in memory with the software renderer; the
# offscreen driver loads EGL, whose libraries leak under LeakSanitizer.
export SDL_VIDEODRIVER=dummy
src="$JH_SOURCE_DIR/tests/ui"
# The database goes to /dev/shm when there is one: the store fsyncs every
# answer, and these tests are about the UI, not the disk.
base=${TMPDIR:-/tmp}
[ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/jh-ui-$case_name-XXXXXX")
trap 'rm -rf "$work"' EXIT
# Replays refer to the work directory as ${JH_WORK} (e.g. an export target).
export JH_WORK="$work"
mkdir -p "$work/export"
args=(--db "$work/kiosk.db" --surveys "${JH_SURVEYS:-$JH_SOURCE_DIR/tests/fixtures/surveys-1.0}" --size "$size"
      --replay "$src/$case_name.replay" --screenshot-dir "$JH_BUILD_DIR/ui-shots/$case_name-$size")
[ -f "$src/$case_name.conf" ] && args+=(--config "$src/$case_name.conf")
# Replays compared with goldens sign with a fixed test key: the admin
# screen shows its fingerprint, which a new random key per run would change
# (using up most of the comparison's tolerance).
case " $* " in *" --golden-dir "*) cp "$src/golden.key" "$work/kiosk.db.key" ;; esac
# Only replays that export get the (temporary) export directory: goldens
# must not show a temporary path.
grep -q 'JH_WORK}/export' "$src/$case_name.replay" && args+=(--export-dir "$work/export")
# JH_REPLAY_CWD: run the kiosk there, so relative paths in the arguments
# (an export target a golden shows) read the same in every checkout.
( [ -n "${JH_REPLAY_CWD:-}" ] && cd "$JH_REPLAY_CWD"; "$JH_BUILD_DIR/junheng-kiosk" "${args[@]}" "$@" )
rc=$?
if [ $rc -ne 0 ]; then echo "FAIL $case_name at $size: the replay exited with $rc"; exit 1; fi
if [ -f "$src/$case_name.sql" ]; then
  got=$(sqlite3 "$work/kiosk.db" < "$src/$case_name.sql" 2>&1)
  if ! diff -u "$src/$case_name.expected" <(printf '%s\n' "$got"); then
    echo "FAIL $case_name at $size: stored answers differ from $case_name.expected (above)"; exit 1
  fi
fi
# CASE.files: globs (relative to the work directory) that must match a file.
if [ -f "$src/$case_name.files" ]; then
  while read -r pattern; do
    [ -z "$pattern" ] && continue
    if ! compgen -G "$work/$pattern" >/dev/null; then
      echo "FAIL $case_name at $size: no file matches $pattern:"; (cd "$work" && find . -type f); exit 1
    fi
  done < "$src/$case_name.files"
fi
echo "PASS $case_name at $size"
