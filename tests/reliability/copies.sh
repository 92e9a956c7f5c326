#!/bin/bash
# copies.sh - another kiosk's answers copied under a new kiosk id and
# re-signed with a key of the copier's own (review rattack5, item 3).  Every
# response has a random UUID and a kiosk keeps its id once it has answers, so
# the same UUIDs under another id are a copy: the merge refuses the file
# (nothing of it stored, exit 1) naming the kiosk and the file the answers
# were first merged from.  The uuid marks (schema 9, county_internal.h) find
# a whole bundle copied, half of one, and two combined; the same kiosk's full
# export after its incremental ones, and a file merged again, still merge.
# The way out when the copy came first (the county database made again
# without the copy's files) works.  The back-fill of an older database's
# marks: tests/stats/migrate6.sh.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-copies.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
snapshot() { sqlite3 "$1" .dump | grep -v -e 'INSERT INTO imports' -e "sqlite_sequence" | sha256sum; }
# refused DB FILE FROM_KIOSK FROM_FILE DESC: FILE is refused as a copy of
# FROM_KIOSK's answers of FROM_FILE, DB unchanged (but its import log).
refused() {
  local db=$1 file=$2 kiosk=$3 from=$4 desc=$5 before out rc
  before=$(snapshot "$db")
  out=$("$J" merge --db "$db" "$file" 2>&1); rc=$?
  local first=${out%%$'\n'*}
  if [ $rc -ne 1 ] || [[ "$first" != "rejected   $file: a copy of another kiosk's answers: "* ]] ||
     [[ "$first" != *"merged before from kiosk $kiosk of school "*" (file $from)"* ]]; then
    bad "$desc: expected a refusal naming kiosk $kiosk and $from (exit $rc):"; echo "$out" | sed 's/^/    /'
  elif [ "$(snapshot "$db")" != "$before" ]; then
    bad "$desc: refused, but the county database changed"
  else
    ok "$desc (exit 1, nothing stored)"
  fi
}
# merged DB FILE WANT DESC: FILE merges with exit 0 and its line starts with WANT.
merged() {
  local out rc
  out=$("$J" merge --db "$1" "$2" 2>&1); rc=$?
  if [ $rc -eq 0 ] && [[ "$out" == "$3"* ]]; then ok "$4"; else bad "$4 (exit $rc):"; echo "$out" | sed 's/^/    /'; fi
}
count() { sqlite3 "$1" "SELECT count(*) || '|' || count(DISTINCT uuid) FROM response_rows"; }

mkdir a b c x
A=$("$F" make kA.db K-A 3607010001 40 full a) || exit 1
B=$("$F" make kB.db K-B 3607020001 30 full b) || exit 1
"$J" merge --db county.db "$A" "$B" >/dev/null 2>&1 || { echo "FAIL merging the genuine bundles"; exit 1; }
[ "$(count county.db)" = "70|70" ] || bad "genuine bundles: $(count county.db)"

# 1. The reviewer's attack: the whole bundle under a new id, re-signed.
"$F" edit "$A" x/whole.json --kiosk K-X1 --rechain --resign new || exit 1
[ "$("$F" verify x/whole.json)" = ok ] || bad "the copy does not verify (the forger is wrong)"
refused county.db x/whole.json K-A "$A" "a whole bundle copied under a new kiosk id and key"
# 2. Half of it (every other response, renumbered).
"$F" edit "$A" x/half.json --kiosk K-X2 --keep-even --rechain --resign new || exit 1
refused county.db x/half.json K-A "$A" "half of a bundle copied under a new kiosk id and key"
# 3. Two kiosks' bundles combined into one.
"$F" edit "$B" x/both.json --append "$A" --kiosk K-X3 --rechain --resign new || exit 1
out=$("$J" merge --db county.db x/both.json 2>&1); rc=$?
if [ $rc -eq 1 ] && { [[ "$out" == *"from kiosk K-A of school 3607010001 (file $A)"* ]] ||
                      [[ "$out" == *"from kiosk K-B of school 3607020001 (file $B)"* ]]; }; then
  ok "two kiosks' bundles combined under a new kiosk id are refused"
else
  bad "two bundles combined (exit $rc): $out"
fi
# 4. The copy's school code as another school's (a kiosk's first bundle sets it).
"$F" edit "$A" x/school.json --kiosk K-X4 --school 3607020001 --rechain --resign new || exit 1
refused county.db x/school.json K-A "$A" "a copy claiming another school"
[ "$(count county.db)" = "70|70" ] && [ "$(sqlite3 county.db "SELECT count(*) FROM kiosks WHERE kiosk_id LIKE 'K-X%'")" = 0 ] \
  && ok "no copy stored a response or pinned a key" || bad "after the copies: $(count county.db)"
# ... and in one merge with the genuine files, the copy after them on the
# worker threads (one group commit).
cp x/whole.json c/zz-copy.json
out=$("$J" merge --db one.db "$A" "$B" c/zz-copy.json 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"rejected   c/zz-copy.json: a copy of another kiosk's answers: "*"from kiosk K-A "* ]] &&
  [ "$(count one.db)" = "70|70" ] && ok "in one merge run with the genuine bundle, the copy is refused" \
  || bad "one merge run (exit $rc, $(count one.db)): $out"

# 5. The same kiosk sending its answers again is no copy: its full export
# after incremental ones, with and without new answers, and a file merged again.
I1=$("$F" make kC.db K-C 3607010001 6 incremental c) || exit 1
I2=$("$F" make kC.db K-C 3607010001 5 incremental c) || exit 1
merged county.db "$I1" "imported   $I1" "a kiosk's first incremental bundle merges"
merged county.db "$I2" "imported   $I2" "its second merges"
F1=$("$F" make kC.db K-C 3607010001 0 full c) || exit 1
merged county.db "$F1" "unchanged  $F1" "its full export after the incremental ones merges (all there already)"
F2=$("$F" make kC.db K-C 3607010001 3 full c) || exit 1
merged county.db "$F2" "imported   $F2" "its full export with 3 new answers merges"
merged county.db "$A" "unchanged  $A" "a genuine bundle merged again is unchanged"
[ "$(count county.db)" = "84|84" ] && ok "84 responses, each once" || bad "after the same kiosk's exports: $(count county.db)"
# a small bundle (fewer UUIDs than marks) copied
"$F" edit "$I2" x/small.json --kiosk K-X5 --rechain --resign new || exit 1
refused county.db x/small.json K-C "$I2" "a copy of a 5-response bundle"
# 6. A kiosk whose key was replaced (--replace-key) keeps its id: its bundles are no copy.
mv kC.db.key kC.db.key.lost
N1=$("$F" make kC.db K-C 3607010001 2 full c 2>/dev/null) || exit 1
newpk=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['manifest']['public_key'])" "$N1")
echo "K-C 3607010001 $newpk" > keys.txt
out=$("$J" merge --db county.db --keys keys.txt --replace-key K-C "$N1" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"imported   $N1"* ]] \
  && ok "a kiosk's full export signed with its new key (--replace-key) merges (same kiosk id)" \
  || bad "the replaced key's full export (exit $rc): $out"

# 7. The copy merged first: the genuine bundle is refused, naming the copy;
# the way out the message gives (the county database made again without the
# copy's files) works, and the copy is refused then.
merged first.db x/whole.json "imported   x/whole.json" "a copy merged before its genuine bundle is imported (first arrival)"
refused first.db "$A" K-X1 x/whole.json "... and the genuine bundle is refused then, naming the copy"
out=$("$J" merge --db again.db "$A" "$B" 2>&1) && [ "$(count again.db)" = "70|70" ] \
  && ok "the county database made again without the copy's files" || bad "made again: $out"
refused again.db x/whole.json K-A "$A" "... refuses the copy"

[ $fail -eq 0 ] && echo "PASS copies"
exit $fail
