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
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-copies.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
# (the import log and the kiosk ids caught, copied_kiosks: schema 10, aside)
snapshot() { sqlite3 "$1" .dump | grep -v -e 'INSERT INTO imports' -e 'INSERT INTO copied_kiosks' -e "sqlite_sequence" | sha256sum; }
# refused DB FILE FROM_KIOSK FROM_FILE DESC: FILE is refused as a copy of
# FROM_KIOSK's answers of FROM_FILE, DB unchanged (but its import log).
refused() {
  local db=$1 file=$2 kiosk=$3 from=$4 desc=$5 before out rc
  before=$(snapshot "$db")
  out=$("$J" merge --county 360701 --db "$db" "$file" 2>&1); rc=$?
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
  out=$("$J" merge --county 360701 --db "$1" "$2" 2>&1); rc=$?
  if [ $rc -eq 0 ] && [[ "$out" == "$3"* ]]; then ok "$4"; else bad "$4 (exit $rc):"; echo "$out" | sed 's/^/    /'; fi
}
count() { sqlite3 "$1" "SELECT count(*) || '|' || count(DISTINCT uuid) FROM response_rows"; }

mkdir a b c x
A=$("$F" make kA.db K-A 3607010001 40 full a) || exit 1
B=$("$F" make kB.db K-B 3607020001 30 full b) || exit 1
"$J" merge --county 360701 --db county.db "$A" "$B" >/dev/null 2>&1 || { echo "FAIL merging the genuine bundles"; exit 1; }
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
out=$("$J" merge --county 360701 --db county.db x/both.json 2>&1); rc=$?
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
out=$("$J" merge --county 360701 --db one.db "$A" "$B" c/zz-copy.json 2>&1); rc=$?
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
out=$("$J" merge --county 360701 --db county.db --keys keys.txt --replace-key K-C "$N1" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"imported   $N1"* ]] \
  && ok "a kiosk's full export signed with its new key (--replace-key) merges (same kiosk id)" \
  || bad "the replaced key's full export (exit $rc): $out"

# 7. The copy merged first: the genuine bundle is refused, naming the copy;
# the way out the message gives (the county database made again without the
# copy's files) works, and the copy is refused then.
merged first.db x/whole.json "imported   x/whole.json" "a copy merged before its genuine bundle is imported (first arrival)"
refused first.db "$A" K-X1 x/whole.json "... and the genuine bundle is refused then, naming the copy"
out=$("$J" merge --county 360701 --db again.db "$A" "$B" 2>&1) && [ "$(count again.db)" = "70|70" ] \
  && ok "the county database made again without the copy's files" || bad "made again: $out"
refused again.db x/whole.json K-A "$A" "... refuses the copy"

# Review r2copy, item 3: the refusal names the school and key fingerprint
# the copy claims and says what to do in the usual case (the later kiosk is
# the copy) and in the rarer one; the Chinese text has no English title.
"$F" edit "$A" x/told.json --kiosk K-X6 --school 3607020001 --rechain --resign new || exit 1
out=$("$J" merge --county 360701 --db county.db x/told.json 2>&1); rc=$?
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db county.db x/told.json 2>&1)
if [ $rc -eq 1 ] && [[ "$out" == *"this bundle of kiosk K-X6 (it claims school 3607020001, key SHA256:"*") holds answers merged before from kiosk K-A of school 3607010001"* ]] &&
   [[ "$out" == *"Usually the later kiosk, K-X6, is the copy: leave this file and all other files of kiosk K-X6 out of the merge; nothing else needs doing. In the rarer case that kiosk K-X6 is the real one and kiosk K-A the copy"* ]]; then
  ok "the refusal names the school and key the copy claims and what to do in either case"
else
  bad "the refusal's advice (exit $rc): $out"
fi
# (the second merge of it: refused as the caught kiosk's, in Chinese)
zh1=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db told.db "$A" 2>&1 >/dev/null; "$F" edit "$A" x/told2.json --kiosk K-X7 --rechain --resign new >/dev/null && env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db told.db x/told2.json 2>&1)
if [[ "$zh1" == *"答题机 K-X7 的这个导出文件（自称学校 3607010001，密钥指纹 SHA256:"*"通常后来的答题机 K-X7 是副本：合并时不要放入这个文件以及答题机 K-X7 的其他所有文件"*"少数情况下答题机 K-X7 是真的、答题机 K-A 是副本"* ]] &&
   [[ "$zh1" != *"Copied answers"* ]] && [[ "$zh" == *"答题机 K-X6 已被查出持有答题机 K-A 的答卷"* ]] && [[ "$zh" != *"Copied answers"* ]]; then
  ok "in Chinese too, without an English section title"
else
  bad "the Chinese refusals: $zh1 / $zh"
fi

# 8. Review r2copy, item 1: the copy split into small bundles (chained
# incremental bundles of 4 under one home-made key, copy_split.py), merged
# in one run after the genuine bundle.  A bundle of 4 out of 120 holds none
# of the genuine bundle's 16 marks with probability ~0.6, so some may merge
# before one is caught: once caught, the kiosk id is remembered and every
# later bundle of it refused (its own message), and the responses of it
# merged already are moved to quarantine: the statistics are the genuine
# county's, and stats warns naming the kiosk.  The marks hang on the
# database's random secret: a few fixed secrets are tried until one lets a
# copy merge before the catch (the quarantine is what is tested).
mkdir d y
A2=$("$F" make kA2.db K-A2 3607010001 120 full d) || exit 1
python3 "$src/tests/reliability/copy_split.py" "$A2" y K-Y 4 "$F" || { echo "FAIL splitting the copy"; exit 1; }
"$J" merge --county 360701 --db honest.db "$B" "$A2" >/dev/null 2>&1 || bad "the honest county"
"$J" stats --db honest.db --out sh >/dev/null 2>&1 || bad "stats of the honest county"
n_before=0
for key in 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01 12 23 34 45 56 67 78 89 9a ab bc cd de ef f0; do
  rm -f split.db*
  "$J" merge --county 360701 --db split.db "$B" >/dev/null 2>&1 || bad "merging $B"
  sqlite3 split.db "UPDATE meta SET value = '$(printf "$key%.0s" {1..16})' WHERE key = 'uuid_mark_key'; DELETE FROM uuid_marks"
  "$J" merge --county 360701 --db split.db "$A2" >/dev/null 2>&1 || bad "merging $A2"
  out=$("$J" merge --county 360701 --db split.db y 2>&1); rc=$?
  out0=$out
  n_before=$(grep -c '^imported ' <<<"$out")
  [ "$n_before" -gt 0 ] && break
done
n_rej=$(grep -c '^rejected ' <<<"$out")
n_caught=$(grep -c "^rejected   y/[^ ]*: kiosk K-Y was caught holding kiosk K-A2's answers (the same UUIDs; it claimed school 3607010001, key SHA256:" <<<"$out")
n_q=$(sqlite3 split.db "SELECT count(*) FROM quarantine WHERE kiosk_id = 'K-Y'")
first=$(grep -m1 '^rejected ' <<<"$out")
echo "    split copy: $n_before of 30 bundles merged before the catch, $n_rej refused, $n_q responses moved to quarantine"
if [ $rc -eq 1 ] && [ "$n_before" -gt 0 ] && [ $((n_before + n_rej)) = 30 ] && [ "$n_caught" = $((n_rej - 1)) ] &&
   [[ "$first" == *": a copy of another kiosk's answers: this bundle of kiosk K-Y (it claims school 3607010001, key SHA256:"*") holds answers merged before from kiosk K-A2 of school 3607010001 (file $A2)"* ]] &&
   [[ "$first" == *" $n_q responses of kiosk K-Y merged before repeat another kiosk's: they are moved to quarantine now, not counted."* ]] &&
   [ "$n_q" = $((4 * n_before)) ]; then
  ok "a copy split into 30 bundles: caught once, every later bundle of the kiosk refused, the ones merged before moved to quarantine"
else
  bad "the split copy (exit $rc, $n_before merged, $n_rej refused, $n_caught as caught, $n_q quarantined):"; echo "$out" | head -5 | sed 's/^/    /'
fi
[ "$(count split.db)" = "150|150" ] && [ "$(sqlite3 split.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-Y'")" = 0 ] \
  && ok "no response of the copy is counted (150 rows, 150 UUIDs)" || bad "after the split copy: $(count split.db)"
out=$("$J" merge --county 360701 --db split.db y 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(grep -c "^rejected   y/[^ ]*: kiosk K-Y was caught holding kiosk K-A2's answers" <<<"$out")" = 30 ] \
  && ok "its 30 files merged again: each refused as the caught kiosk's" || bad "the split copy again (exit $rc): $out"
# a new file of the caught kiosk, with answers of its own: refused too
Y2=$("$F" make kY.db K-Y 3607010001 3 full d) || exit 1
out=$("$J" merge --county 360701 --db split.db "$Y2" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == "rejected   $Y2: kiosk K-Y was caught holding kiosk K-A2's answers"* ]] \
  && ok "a later bundle of the caught kiosk with answers of its own is refused" || bad "a later bundle of K-Y (exit $rc): $out"
# The genuine kiosk sending the same answers again is no copy: its full
# export (2 new answers) and a bundle of the very range of a copy's bundle
# that had merged (the marks that bundle had stored under K-Y for K-A2's
# UUIDs were removed with its rows: else K-A2 was caught as a copy of K-Y)
A3=$("$F" make kA2.db K-A2 3607010001 2 full d) || exit 1
merged split.db "$A3" "imported   $A3" "the genuine kiosk's full export after the catch merges (2 new)"
range=$(grep -m1 '^imported ' <<<"$out0" | sed -n 's/.*-incremental-\([0-9]*\)-\([0-9]*\)\.json:.*/\1 \2/p')
python3 - "$A2" sub.json $range <<'PY' || bad "making the genuine kiosk's bundle of a range"
import json, sys
d = json.load(open(sys.argv[1])); lo, hi = int(sys.argv[3]), int(sys.argv[4])
r = d['responses']
d['responses'] = [x for x in r if lo <= x['seq'] <= hi]
m = d['manifest']; m['kind'] = 'incremental'; m['first_seq'] = lo; m['last_seq'] = hi
m['prev_chain'] = next((x['chain'] for x in r if x['seq'] == lo - 1), '')
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False)
PY
"$F" edit sub.json "d/junheng-K-A2-20261121T070000Z-incremental-${range% *}-${range#* }.json" --rechain --resign kA2.db.key || exit 1
merged split.db "d/junheng-K-A2-20261121T070000Z-incremental-${range% *}-${range#* }.json" "unchanged  d/junheng-K-A2-" \
  "the genuine kiosk's bundle of the range a copy's bundle had brought is no copy (unchanged)"
"$J" merge --county 360701 --db honest.db "$A3" >/dev/null 2>&1 && "$J" stats --db honest.db --out sh >/dev/null 2>&1 || bad "the honest county again"
"$J" stats --db split.db --out ss >/dev/null 2>&1 || bad "stats after the split copy"
js() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d['responses'], sort_keys=True), json.dumps(d.get('schools'), sort_keys=True))" "$1"; }
[ "$(js ss/stats.json)" = "$(js sh/stats.json)" ] && ok "the statistics are the honest county's, without a rebuild" \
  || bad "the statistics after the split copy differ from the honest county's"
w=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('\n'.join(d['warnings_zh'] + d['warnings']))" ss/stats.json)
[[ "$w" == *"答题机 K-Y 被查出持有答题机 K-A2 的答卷"*"$n_q 份已隔离"* ]] &&
  [[ "$w" == *"kiosk K-Y was caught holding kiosk K-A2's answers (a copy: the same response UUIDs): its $n_q responses"* ]] \
  && ok "stats warns (Chinese first) naming the kiosk and the number" || bad "stats warnings: $w"
"$J" report --db split.db --out rs >/dev/null 2>&1 && grep -q "答题机 K-Y 被查出持有答题机 K-A2 的答卷" rs/report.html \
  && ok "the report's data notes name the caught kiosk" || bad "the report does not name the caught kiosk"
# a kiosk with answers of its own caught with a copy signed with its key:
# its own stay counted, and stats says how many and what to do
mkdir z
Z=$("$F" make kZ.db K-Z 3607020001 5 full z) || exit 1
"$J" merge --county 360701 --db split.db "$Z" >/dev/null 2>&1 || bad "merging $Z"
"$F" edit "$A2" z/copy.json --kiosk K-Z --school 3607020001 --rechain --resign kZ.db.key || exit 1
out=$("$J" merge --county 360701 --db split.db z/copy.json 2>&1); rc=$?
"$J" stats --db split.db --out sz >/dev/null 2>&1 || bad "stats with K-Z"
w=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('\n'.join(d['warnings_zh'] + d['warnings']))" sz/stats.json)
[ $rc -eq 1 ] && [[ "$out" == *"No response of kiosk K-Z merged before repeats another kiosk's."* ]] &&
  [[ "$w" == *"但答题机 K-Z 的另外 5 份答卷计入了本统计：请到学校 3607020001 核实答题机 K-Z 是否真实存在"* ]] &&
  [[ "$w" == *"but 5 other responses of kiosk K-Z are counted in these figures: check at school 3607020001 whether kiosk K-Z is a real kiosk"* ]] \
  && ok "a caught kiosk's own responses stay counted and stats says so" || bad "K-Z (exit $rc): $out / $w"

# 9. Review r2copy, item 2: a database that got copies before the copy
# check (schema 8; or a split copy merged at schema 9): the migration to
# schema 10 looks at every stored UUID, remembers the kiosk, moves its
# copies to quarantine and stats names it.
for from in 8 9; do
  rm -f m$from.db*
  "$J" merge --county 360701 --db m$from.db "$A" "$B" >/dev/null 2>&1 || bad "merging the genuine bundles"
  sqlite3 m$from.db "DELETE FROM uuid_marks"   # (as before schema 9: the copy merges)
  out=$("$J" merge --county 360701 --db m$from.db x/whole.json 2>&1) || bad "storing the copy for the test: $out"
  if [ $from = 8 ]; then
    sqlite3 m$from.db "DROP TABLE uuid_marks; DELETE FROM meta WHERE key = 'uuid_mark_key'; DROP TABLE copied_kiosks; PRAGMA user_version = 8"
  else
    sqlite3 m$from.db "DROP TABLE copied_kiosks; PRAGMA user_version = 9"
  fi
  [ "$(count m$from.db)" = "110|70" ] || bad "schema $from with the copy: $(count m$from.db)"
  out=$("$J" stats --db m$from.db --out sm$from 2>&1) || bad "stats of the schema-$from database: $out"
  w=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('\n'.join(d['warnings_zh'] + d['warnings']))" sm$from/stats.json)
  if [ "$(sqlite3 m$from.db "PRAGMA user_version")" = 10 ] && [ "$(count m$from.db)" = "70|70" ] &&
     [ "$(sqlite3 m$from.db "SELECT kiosk_id || ' ' || other_kiosk || ' ' || n_repeats FROM copied_kiosks")" = "K-X1 K-A 40" ] &&
     [ "$(sqlite3 m$from.db "SELECT count(*) FROM quarantine WHERE kiosk_id = 'K-X1'")" = 40 ] &&
     [[ "$w" == *"答题机 K-X1 被查出持有答题机 K-A 的答卷"*"40 份已隔离"* ]]; then
    ok "schema $from holding a copy: the migration names kiosk K-X1 and moves its 40 copies to quarantine; stats warns"
  else
    bad "schema $from holding a copy: $(count m$from.db), $(sqlite3 m$from.db "SELECT * FROM copied_kiosks" 2>&1); $w"
  fi
  out=$("$J" merge --county 360701 --db m$from.db x/whole.json 2>&1); rc=$?
  [ $rc -eq 1 ] && [[ "$out" == "rejected   x/whole.json: kiosk K-X1 was caught holding kiosk K-A's answers"* ]] \
    && ok "... and its file merged again is refused" || bad "the copy after the migration (exit $rc): $out"
done
[ "$(js sm8/stats.json)" = "$(js sm9/stats.json)" ] || bad "the migrated databases' statistics differ"

[ $fail -eq 0 ] && echo "PASS copies"
exit $fail
