#!/bin/bash
# copies_established.sh - review rattack7, item 1: when two kiosks share
# UUIDs, the established one is the genuine one.  A kiosk whose key was
# pinned in an earlier import, whose bundle continues its own stored chain,
# or whose answers reach back before the other's first seq, is never named
# the copy of a kiosk first seen after it or of a newcomer whose first
# bundle starts mid-chain: the newcomer is caught (its rows to quarantine,
# remembered as caught) and the genuine bundle merges.  Where it truly
# cannot be told (two kiosks new in one merge, both starting at seq 1) the
# refusal does not say "nothing else needs doing" but sends the bureau to
# check both kiosks.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-copies-est.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
export LANG=en_US.UTF-8 LANGUAGE=en
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
q() { sqlite3 "$@"; }
count() { q "$1" "SELECT count(*) || '|' || count(DISTINCT uuid) FROM response_rows"; }
of() { q "$1" "SELECT count(*) FROM response_rows r JOIN kiosk_refs k ON k.id = r.kiosk WHERE k.kiosk_id = '$2'"; }

# 1. The reviewer's attack: K-A pinned in an earlier run; its next stick
# (seq 11-15) copied before the bureau merges it, put under a new id that
# sorts first and re-signed with a home-made key, next to the genuine file.
mkdir a b a2 a3 inbox
A=$("$F" make kA.db K-A 3607010001 10 full a) || exit 1
B=$("$F" make kB.db K-B 3607020001 10 full b) || exit 1
"$J" merge --county 360701 --db county.db "$A" "$B" >/dev/null 2>&1 || { echo "FAIL merging the genuine bundles"; exit 1; }
I=$("$F" make kA.db K-A 3607010001 5 incremental a2) || exit 1
cp "$I" inbox/
"$F" edit "$I" inbox/junheng-K-000000000000-20261118T133740Z-incremental-11-15.json --kiosk K-000000000000 \
  --rechain --resign new >/dev/null || exit 1
out=$("$J" merge --county 360701 --db county.db inbox/junheng-*.json 2>&1); rc=$?
gi="inbox/$(basename "$I")"
if [[ "$out" == *"imported   $gi: kiosk K-A, school 3607010001, seq 11-15: 5 new"* ]] &&
   [[ "$out" != *"rejected   $gi"* ]] &&
   [[ "$out" == *"kiosk K-000000000000 (it claims school 3607010001, key SHA256:"*") holds answers of kiosk K-A"*"so kiosk K-000000000000 is the copy"* ]] &&
   [ $rc -eq 1 ]; then
  ok "the pinned kiosk continuing its chain merges; the newcomer holding its answers is named the copy (exit 1)"
else
  bad "the established kiosk's bundle (exit $rc):"; echo "$out" | sed 's/^/    /'
fi
[ "$(count county.db)" = "25|25" ] && [ "$(of county.db K-000000000000)" = 0 ] && [ "$(of county.db K-A)" = 15 ] \
  && ok "25 responses counted, each once, none of the copy's" || bad "counted: $(count county.db), copy's $(of county.db K-000000000000)"
[ "$(q county.db "SELECT kiosk_id || '>' || other_kiosk FROM copied_kiosks ORDER BY 1" | tr '\n' ' ')" = "K-000000000000>K-A " ] \
  && ok "only the newcomer is remembered as caught" || bad "copied_kiosks: $(q county.db "SELECT * FROM copied_kiosks")"
[ "$(q county.db "SELECT count(*) FROM quarantine WHERE kiosk_id = 'K-000000000000'")" = 5 ] \
  && ok "the copy's 5 responses are in quarantine" || bad "quarantine: $(q county.db "SELECT kiosk_id, seq FROM quarantine")"
I3=$("$F" make kA.db K-A 3607010001 3 incremental a3) || exit 1
out=$("$J" merge --county 360701 --db county.db "$I3" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "imported   $I3: kiosk K-A, school 3607010001, seq 16-18: 3 new"* ]] \
  && ok "K-A's next bundle merges" || bad "K-A's next bundle (exit $rc): $out"
"$F" edit "$I3" x.json --kiosk K-000000000000 --rechain \
  --resign inbox/junheng-K-000000000000-20261118T133740Z-incremental-11-15.json.key >/dev/null || exit 1
out=$("$J" merge --county 360701 --db county.db x.json 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"kiosk K-000000000000 was caught holding kiosk K-A's answers"* ]] \
  && ok "the caught newcomer's later bundles are refused" || bad "the newcomer's next (exit $rc): $out"
# a dry run says the same and changes nothing
mkdir a4 inbox2; cp county.db dry.db
I4=$("$F" make kA.db K-A 3607010001 2 incremental a4) || exit 1
cp "$I4" inbox2/
"$F" edit "$I4" inbox2/junheng-K-00-x.json --kiosk K-00 --rechain --resign new >/dev/null || exit 1
before=$(q dry.db .dump | sha256sum)
out=$("$J" merge --county 360701 --db dry.db --dry-run inbox2/*.json 2>&1)
[[ "$out" == *"so kiosk K-00 is the copy"* ]] && [ "$(q dry.db .dump | sha256sum)" = "$before" ] \
  && ok "a dry run reports the catch and changes nothing" || bad "dry run: $out"

# 1b. The copy made to look whole (a new database's first seqs, no chain
# before them): K-A was merged in an earlier run, the copy is new in this
# one: the copy is caught all the same.
mkdir a5 inbox3
I5=$("$F" make kA.db K-A 3607010001 4 incremental a5) || exit 1
cp "$I5" inbox3/
"$F" edit "$I5" inbox3/junheng-K-01-x.json --kiosk K-01 --set manifest.prev_chain "" --rechain --resign new >/dev/null || exit 1
out=$("$J" merge --county 360701 --db county.db inbox3/*.json 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"imported   inbox3/$(basename "$I5"): kiosk K-A"*": 4 new"* ]] && [[ "$out" == *"so kiosk K-01 is the copy"* ]] &&
  [ "$(of county.db K-01)" = 0 ]   && ok "a copy starting as a new database, new in this run, is caught; the kiosk merged in an earlier run merges"   || bad "the copy as a new database (exit $rc): $out"

# 2. Two kiosks new in one merge, the copy sorting first: the copy starts
# mid-chain (it is K-D's seqs 7-10), K-D's full export holds seqs 1-10:
# K-D's answers reach back further, the copy is caught.
mkdir d y
D1=$("$F" make kD.db K-D 3607010001 6 incremental d) || exit 1
D2=$("$F" make kD.db K-D 3607010001 4 incremental d) || exit 1
DF=$("$F" make kD.db K-D 3607010001 0 full d) || exit 1
"$F" edit "$D2" y/junheng-K-0D-x.json --kiosk K-0D --rechain --resign new >/dev/null || exit 1
out=$("$J" merge --county 360701 --db two.db y/junheng-K-0D-x.json "$DF" 2>&1); rc=$?
[[ "$out" == *"imported   $DF: kiosk K-D, school 3607010001, seq 1-10: 10 new"* ]] && [[ "$out" == *"so kiosk K-0D is the copy"* ]] &&
  [ "$(count two.db)" = "10|10" ] && [ "$(of two.db K-0D)" = 0 ] \
  && ok "same run: the kiosk whose answers reach back before the mid-chain newcomer's merges, the newcomer is caught" \
  || bad "same run, mid-chain newcomer (exit $rc, $(count two.db)): $out"

# 3. Two kiosks new in one merge, both starting at seq 1: it cannot be
# told; the refusal says so and sends the bureau to both kiosks.
mkdir e z
E=$("$F" make kE.db K-E 3607010001 10 full e) || exit 1
"$F" edit "$E" z/junheng-K-0E-x.json --kiosk K-0E --rechain --resign new >/dev/null || exit 1
out=$("$J" merge --county 360701 --db new.db z/junheng-K-0E-x.json "$E" 2>&1); rc=$?
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db zh.db z/junheng-K-0E-x.json "$E" 2>&1)
if [ $rc -eq 1 ] && [[ "$out" == *"rejected   $E: a copy of another kiosk's answers"* ]] &&
   [[ "$out" != *"nothing else needs doing"* ]] && [[ "$out" != *"Usually the later kiosk"* ]] &&
   [[ "$out" == *"which of the two kiosks is the copy cannot be told from the files"*"check both kiosks at their schools"* ]] &&
   [[ "$zh" == *"无法从文件判断两台答题机中哪一台是副本"* ]] && [[ "$zh" != *"无需做别的"* ]]; then
  ok "two new kiosks both at seq 1: the refusal says it cannot be told and to check both (Chinese too)"
else
  bad "cannot be told (exit $rc):"; echo "$out" | sed 's/^/    /'; echo "$zh" | sed 's/^/    /'
fi
exit $fail
