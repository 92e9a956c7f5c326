#!/bin/bash
# End to end with the real kiosk: replays of complete parent and teacher
# questionnaires at three schools' kiosks, headless exports, junheng merge,
# junheng schools and junheng stats; check_e2e.py recomputes the numbers with
# SQL over the merged database.  Skipped when the kiosk is not built.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
[ -x "$b/junheng-kiosk" ] || { echo "SKIP: junheng-kiosk is not built"; exit 77; }
export SDL_VIDEODRIVER=dummy
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-kiosk-e2e.XXXXXX"); trap 'rm -rf "$t"' EXIT
mkdir -p "$t/usb"
fail=0
kiosk() { # kiosk N SCHOOL LEVEL LOCALITY REPLAY...
  local n=$1 school=$2 level=$3 loc=$4; shift 4
  printf 'admin_pin = 2580\nschool_code = %s\nschool_name = %s\nschool_level = %s\nlocality = %s\ncounty_code = 360701\nkiosk_id = K-E2E-%s\n' \
    "$school" "$school" "$level" "$loc" "$n" > "$t/k$n.conf"
  for r in "$@"; do
    "$b/junheng-kiosk" --db "$t/k$n.db" --surveys "$src/tests/fixtures/surveys-1.0" --config "$t/k$n.conf" --size 1280x800 \
      --replay "$src/tests/ui/$r.replay" >"$t/k$n.log" 2>&1 || { echo "FAIL replay $r at kiosk $n"; cat "$t/k$n.log"; fail=1; }
  done
  "$b/junheng-kiosk" --db "$t/k$n.db" --export "$t/usb" --full >/dev/null || { echo "FAIL export at kiosk $n"; fail=1; }
}
kiosk 1 3607010001 primary urban parent_full teacher_full parent_full
kiosk 2 3607020003 nine_year town parent_full parent_full teacher_full
kiosk 3 3607030002 junior rural teacher_full parent_full
db="$t/county.db"
"$b/junheng" merge --county 360701 --db "$db" "$t/usb" || { echo "FAIL merge"; fail=1; }
n=$(sqlite3 "$db" "SELECT count(*) FROM responses WHERE status = 'submitted'")
[ "$n" == 8 ] || { echo "FAIL expected 8 submitted responses, got $n"; fail=1; }
"$b/junheng" schools --db "$db" "$src/data/sample/schools.csv" >/dev/null || fail=1
"$b/junheng" stats --db "$db" --min-group 1 --out "$t/stats" >/dev/null || { echo "FAIL stats"; fail=1; }
/usr/bin/python3 "$src/tests/stats/check_e2e.py" "$db" "$t/stats/stats.json" 1 || fail=1
[ $fail -eq 0 ] && echo "PASS kiosk e2e"
exit $fail
