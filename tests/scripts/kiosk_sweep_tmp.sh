#!/bin/bash
# kiosk_sweep_tmp.sh - the temporary files of writes a kill or power cut
# cut short (jh_write_file_atomic's PATH.tmp.XXXXXXXXXXXX) are removed when
# the kiosk starts, in its own folders only: the county pack's
# questionnaire folder (DB.surveys) and the database's own files (DB.*) in
# the database folder.  Only exact matches (12 lowercase hex digits, a
# regular file); other names, other programs' files, a --surveys folder and
# the export stick are left alone, and a kiosk refused at start (another
# one holds the database) removes nothing.  Failed before: nothing removed.
set -u
kiosk="$JH_BUILD_DIR/junheng-kiosk"
if [ ! -x "$kiosk" ]; then echo "SKIP: $kiosk not built"; exit 77; fi
if ! command -v flock >/dev/null; then echo "SKIP: the flock command is not installed"; exit 77; fi
export SDL_VIDEODRIVER=dummy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-sweep-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir -p "$tmp/k" "$tmp/given" "$tmp/usb"
cp "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0/"*.json "$tmp/given/"
printf 'wait 200\n' > "$tmp/plain.replay"
run() { "$kiosk" --db "$tmp/k/kiosk.db" --surveys "$tmp/given" --export-dir "$tmp/usb" --replay "$tmp/plain.replay" \
  >"$tmp/run.log" 2>&1; }
run || { echo "FAIL the first kiosk run:"; cat "$tmp/run.log"; exit 1; }
mkdir -p "$tmp/k/kiosk.db.surveys"
cp "$tmp/given/"*.json "$tmp/k/kiosk.db.surveys/"
gone=("k/kiosk.db.surveys/parent.json.tmp.0123456789ab" "k/kiosk.db.surveys/x.tmp.fedcba987654"
  "k/kiosk.db.identity.tmp.a1b2c3d4e5f6" "k/kiosk.db.pack.json.tmp.00000000ffff")
kept=("k/kiosk.db.surveys/parent.json.tmp.0123456789AB" "k/kiosk.db.surveys/parent.json.tmp.0123456789a"
  "k/kiosk.db.surveys/parent.json.tmp.0123456789abc" "k/kiosk.db.surveys/parent.json.tmp.0123456789ag"
  "k/kiosk.db.surveys/parent.json.tmpx0123456789ab" "k/kiosk.db.surveys/.tmp.0123456789ab"
  "k/other.db.identity.tmp.0123456789ab" "k/notes.txt.tmp.0123456789ab"
  "given/parent.json.tmp.0123456789ab" "usb/junheng-x.json.tmp.0123456789ab")
make_all() {
  for f in "${gone[@]}" "${kept[@]}"; do printf 'x' > "$tmp/$f"; done
  mkdir -p "$tmp/k/kiosk.db.surveys/dir.tmp.0123456789ab"
  ln -sf "$tmp/k/kiosk.db.surveys/parent.json" "$tmp/k/kiosk.db.surveys/link.json.tmp.0123456789ab"
}
all_there() { # all_there NAME: every file still there
  local ok=1
  for f in "${gone[@]}" "${kept[@]}"; do [ -f "$tmp/$f" ] || { echo "FAIL $1: $f removed"; ok=0; }; done
  [ $ok = 1 ] && echo "PASS $1" || fail=1
}
# A kiosk refused at start (another process holds the database) removes nothing.
make_all
exec 9>>"$tmp/k/kiosk.db.lock"
flock -x -n 9 || { echo "FAIL cannot take the lock"; exit 1; }
"$kiosk" --db "$tmp/k/kiosk.db" --surveys "$tmp/given" --replay "$tmp/plain.replay" >"$tmp/refused.log" 2>&1
flock -u 9; exec 9>&-
all_there "a kiosk refused at start removes no temporary file"
# The kiosk that holds the database removes exactly its own leftovers.
run || { echo "FAIL the kiosk run:"; cat "$tmp/run.log"; fail=1; }
ok=1
for f in "${gone[@]}"; do [ -e "$tmp/$f" ] && { echo "FAIL $f (a leftover temporary file) is still there"; ok=0; }; done
for f in "${kept[@]}"; do [ -f "$tmp/$f" ] || { echo "FAIL $f was removed (not one of the kiosk's temporaries)"; ok=0; }; done
[ -d "$tmp/k/kiosk.db.surveys/dir.tmp.0123456789ab" ] || { echo "FAIL a folder was removed"; ok=0; }
[ -L "$tmp/k/kiosk.db.surveys/link.json.tmp.0123456789ab" ] || { echo "FAIL a symlink was removed"; ok=0; }
[ -s "$tmp/k/kiosk.db.surveys/parent.json" ] || { echo "FAIL the symlink's target is gone"; ok=0; }
# (DB.pack.*: the pack install's sweep removes it first, the log counts the others)
grep -q "removed $((${#gone[@]} - 1)) temporary file(s) of writes interrupted earlier" "$tmp/run.log" \
  || { echo "FAIL the log does not say how many were removed:"; cat "$tmp/run.log"; ok=0; }
[ $ok = 1 ] && echo "PASS the kiosk's own leftover temporary files removed at start, nothing else" || fail=1
exit $fail
