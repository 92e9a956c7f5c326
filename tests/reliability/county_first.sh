#!/bin/bash
# county_first.sh - the county's code is the bureau's to give (`junheng
# merge --county CODE`), never a bundle's.  Review rattack7, item 4 and
# review fmerge9, item 1: a forged bundle merged first (of a school outside
# the register, or naming a registered school with a foreign county code)
# set the county's code, and every genuine bundle was then refused as
# another county's.  Now, with no code given, every bundle carrying one is
# refused (nothing stored) and the merge says to give --county; with it,
# a bundle of another code is refused naming the file, the code found and
# the code expected, in whatever order the files come.  A database whose
# code a first bundle set (before) keeps it; set wrongly with no answer
# stored since, `--county CODE` puts it right.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-county-first.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
export LANG=en_US.UTF-8 LANGUAGE=en
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
code() { sqlite3 "$1" "SELECT value FROM meta WHERE key = 'county_code'"; }
rows() { sqlite3 "$1" "SELECT count(*) FROM response_rows"; }
verdicts() { sqlite3 "$1" "SELECT kiosk_id || ' ' || verdict FROM imports ORDER BY kiosk_id, verdict"; }

mkdir a b z inbox
A=$("$F" make kA.db K-A 3607010001 10 full a) || exit 1
B=$("$F" make kB.db K-B 3607020001 10 full b) || exit 1
Z=$("$F" make kZ.db K-Z 3607010001 1 full z) || exit 1
cp "$A" "$B" inbox/
# The forgery: a registered school, a foreign county code; it sorts first.
FZ=inbox/junheng-K-0-20261101T000000Z-full-1-1.json
"$F" edit "$Z" "$FZ" --kiosk K-0 --set manifest.school.county_code 369999 --rechain --resign new >/dev/null || exit 1
"$J" schools --db r.db "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL loading the register"; exit 1; }
cp r.db f.db; cp r.db o1.db; cp r.db o2.db

# 1. The attack: the first merge without --county.  Nothing decides the
# county; every bundle carrying a code is refused, the clerk told what to do.
out=$("$J" merge --db f.db inbox/*.json 2>&1); rc=$?
if [ $rc -eq 1 ] && [ -z "$(code f.db)" ] && [ "$(rows f.db)" = 0 ] &&
   [[ "$out" == "rejected   $FZ: this database has no county code yet, and a bundle does not set it (this one claims county 369999): nothing of it merged"* ]] &&
   [[ "$out" == *"rejected   inbox/$(basename "$A"): this database has no county code yet"*"(if 360701 is this county's code: --county 360701)"* ]] &&
   [[ "$out" == *"merge: refused 2 bundles claiming county 360701 (responses: 20): this database has no county code yet and a bundle does not set it; if 360701 is this county's code, merge again with --county 360701"* ]] &&
   [[ "$out" == *"merge: refused 1 bundle claiming county 369999 (responses: 1)"* ]] &&
   [[ "$out" != *"this database is now county"* ]]; then
  ok "the forged first bundle (a registered school, a foreign code) does not set the county; nothing stored; the merge says to give --county"
else
  bad "the forgery first, no --county (exit $rc, county '$(code f.db)', rows $(rows f.db)):"; echo "$out" | sed 's/^/    /'
fi
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --db zh.db "$FZ" 2>&1)
[[ "$zh" == *"369999"*"--county"* ]] && [[ "$zh" != *"does not set it"* ]] && [ -z "$(code zh.db)" ] && ok "... in Chinese" || bad "Chinese: $zh"

# 2. The honest first merge: the clerk gives the code, as the message said;
# the same files again: the genuine ones merge, the forgery is refused as
# another county's, naming the file, the code found and the code expected.
out=$("$J" merge --db f.db --county 360701 inbox/*.json 2>&1); rc=$?
if [ $rc -eq 1 ] && [ "$(code f.db)" = 360701 ] && [ "$(rows f.db)" = 20 ] &&
   [[ "$out" == *"rejected   $FZ: bundle from another county: its county code is 369999, this database is county 360701 (set with --county)"* ]] &&
   [[ "$out" == *"imported   inbox/$(basename "$A")"* ]] && [[ "$out" == *"imported   inbox/$(basename "$B")"* ]]; then
  ok "with --county: the genuine bundles merge, the forgery is refused (file, code found, code expected)"
else
  bad "the honest merge with --county (exit $rc, county '$(code f.db)', rows $(rows f.db)):"; echo "$out" | sed 's/^/    /'
fi
out=$("$J" merge --db f.db "$B" 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(code f.db)" = 360701 ] && ok "later merges need no --county" || bad "a later merge (exit $rc): $out"

# 3. Order independence: the forgery first or last, one run per file.
"$J" merge --db o1.db --county 360701 "$FZ" >/dev/null 2>&1
"$J" merge --db o1.db "$A" >/dev/null 2>&1; "$J" merge --db o1.db "$B" >/dev/null 2>&1
"$J" merge --db o2.db --county 360701 "$A" >/dev/null 2>&1; "$J" merge --db o2.db "$B" >/dev/null 2>&1
"$J" merge --db o2.db "$FZ" >/dev/null 2>&1
if [ "$(code o1.db)" = 360701 ] && [ "$(code o2.db)" = 360701 ] && [ "$(rows o1.db)" = 20 ] && [ "$(rows o2.db)" = 20 ] &&
   [ "$(verdicts o1.db)" = "$(verdicts o2.db)" ] && [[ "$(verdicts o1.db)" == *"K-0 rejected"* ]]; then
  ok "the forgery first or last: the same county, the same answers, the same verdicts"
else
  bad "order: $(code o1.db)/$(code o2.db) rows $(rows o1.db)/$(rows o2.db)"; verdicts o1.db; verdicts o2.db
fi

# 4. A database from before, its code set by the first bundle: it keeps it
# and merges on (nothing lost).
cp r.db old.db
sqlite3 old.db "INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360701'), ('county_code_source', 'first_bundle')"
out=$("$J" merge --db old.db "$A" "$B" 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(code old.db)" = 360701 ] && [ "$(rows old.db)" = 20 ] && ok "a code set by a first bundle before is kept" \
  || bad "an old database (exit $rc): $out"
# ... set wrongly then: the refusal says how to put it right; --county
# cannot once an answer of that county is stored.
cp r.db n.db
sqlite3 n.db "INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '369999'), ('county_code_source', 'first_bundle')"
out=$("$J" merge --db n.db "$FZ" "$A" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(code n.db)" = 369999 ] &&
  [[ "$out" == *"this database is county 369999 (set by the first bundle merged); merge it into that county's database (if county 369999 was set wrongly, \`junheng merge --county CODE\` puts it right while it holds no answer that may have been merged under it; docs/bureau.md)"* ]] \
  && ok "an old wrong code: the refusal says how to put it right" || bad "old wrong code (exit $rc): $out"
out=$("$J" merge --db n.db --county 360701 "$A" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"this database is county 369999, not 360701, and it holds 1 answers; it is older than the record of when its county code was set"*"make the county database again"* ]] && [ "$(code n.db)" = 369999 ] \
  && ok "--county cannot change it once an answer of that county is stored" || bad "--county with answers (exit $rc): $out"
# Set wrongly with nothing of it stored (its rows taken out by hand):
# --county puts it right.
cp n.db e.db
sqlite3 e.db "DELETE FROM response_rows; DELETE FROM quarantine"
out=$("$J" merge --db e.db --county 360701 "$A" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "merge: the county code was 369999 (set by the first bundle merged; no answer merged since is stored): it is now 360701, as --county says"* ]] &&
  [[ "$out" == *"imported   $A"* ]] && [ "$(code e.db)" = 360701 ] \
  && ok "--county puts a wrong code right when nothing of it is stored" || bad "--county put right (exit $rc): $out"

# 5. Review r2bureau9, item 1: a database from before the mark of when its
# code was set, holding answers (4., its mark taken out), gets the mark on
# its next merge, after its answers: that mark cannot tell which came under
# the code.  A mistyped --county is refused with the real count; its code,
# answers and later merges are as they were.
sqlite3 old.db "DELETE FROM meta WHERE key IN ('county_code_source', 'county_code_since_import', 'county_code_since_set')"
out=$("$J" merge --db old.db "$A" "$B" 2>&1) || bad "old database, a merge again: $out"
out=$("$J" merge --db old.db --county 360710 "$A" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(code old.db)" = 360701 ] && [ "$(rows old.db)" = 20 ] &&
  [[ "$out" == *"this database is county 360701, not 360710, and it holds 20 answers; it is older than the record of when its county code was set, so they may all have been merged as county 360701, and its code is not changed"* ]] \
  && ok "a database from before: a mistyped --county does not relabel its 20 answers" || bad "old database, --county 360710 (exit $rc, county '$(code old.db)'): $out"
out=$("$J" merge --db old.db "$A" "$B" 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(code old.db)" = 360701 ] && ok "... and its bundles merge on" || bad "old database after (exit $rc): $out"

# 6. Review r2bureau9, item 2: a typo at the first merge of a new database.
# Every bundle is refused, the merge asks whether --county was mistyped;
# the right code puts it right while no answer is stored.
cp r.db ty.db
out=$("$J" merge --db ty.db --county 360710 "$A" "$B" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(rows ty.db)" = 0 ] &&
  [[ "$out" == *"merge: every bundle of this merge claims county 360701, and none this database's 360710: was --county mistyped? If 360701 is this county's code, merge again with --county 360701"* ]] \
  && ok "a mistyped first --county: the merge asks whether --county was mistyped" || bad "typo first (exit $rc): $out"
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --db ty_zh.db --county 360710 "$A" 2>&1)
[[ "$zh" == *"是不是 --county 写错了？"*"--county 360701"* ]] && ok "... in Chinese" || bad "typo, Chinese: $zh"
out=$("$J" merge --db ty.db --county 360701 "$A" "$B" 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(code ty.db)" = 360701 ] && [ "$(rows ty.db)" = 20 ] &&
  [[ "$out" == "merge: the county code was 360710 (set with --county; no answer is stored): it is now 360701, as --county says"* ]] \
  && ok "--county puts a mistyped code right while no answer is stored" || bad "typo put right (exit $rc, county '$(code ty.db)'): $out"
out=$("$J" merge --db ty.db --county 360702 "$A" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(code ty.db)" = 360701 ] &&
  [[ "$out" == *"this database is county 360701 (set with --county), not 360702, and it holds 20 answers merged as county 360701"* ]] \
  && ok "... not once answers of it are stored (the count said)" || bad "--county with answers (exit $rc): $out"
# Codes no county has are refused before anything is opened; full-width
# digits (a Chinese input method's) are read as the code.
for v in 000000 360700 360000 990101 36070 ３６０７０; do
  out=$("$J" merge --db bad.db --county "$v" "$A" 2>&1); rc=$?
  if [ $rc -eq 2 ] && [ ! -e bad.db ] && [[ "$out" == *"--county"* ]]; then :; else bad "--county $v (exit $rc): $out"; fi
done
out=$("$J" merge --db bad.db --county 360700 "$A" 2>&1)
[[ "$out" == *"--county 360700 is no county's code: a code ending in 00 is a prefecture's or a province's"* ]] &&
  ok "codes no county has (000000, 360700, 360000, 990101, 5 digits) are refused, saying why" || bad "360700: $out"
out=$("$J" merge --db fw.db --county ３６０７０１ "$A" 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(code fw.db)" = 360701 ] && [ "$(rows fw.db)" = 10 ] && ok "full-width ３６０７０１ is county 360701" ||
  bad "full-width digits (exit $rc, county '$(code fw.db)'): $out"
exit $fail
