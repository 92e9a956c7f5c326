#!/bin/bash
# county_first.sh - review rattack7, item 4: one forged bundle that sorts
# first must not decide the county code and so get every genuine bundle
# refused.  With a register loaded, a bundle of a school outside it does
# not set the code (refused, saying how to merge it later); the register's
# schools' bundles do.  A code set wrongly by the first bundle is put right
# with `junheng merge --county CODE` while no answer merged since is stored;
# else the refusal says to make the database again.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-county-first.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
export LANG=en_US.UTF-8 LANGUAGE=en
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
code() { sqlite3 "$1" "SELECT value FROM meta WHERE key = 'county_code'"; }

mkdir a b z z0 inbox
A=$("$F" make kA.db K-A 3607010001 10 full a) || exit 1
B=$("$F" make kB.db K-B 3607020001 10 full b) || exit 1
Z=$("$F" make kZ.db K-Z 3607010001 1 full z) || exit 1
cp "$A" "$B" inbox/
"$F" edit "$Z" inbox/junheng-K-0-20261101T000000Z-full-1-1.json --kiosk K-0 --school 3699990001 \
  --set manifest.school.county_code 369999 --rechain --resign new >/dev/null || exit 1

# 1. The reviewer's attack: register loaded, the forgery sorts first.
"$J" schools --db f2.db "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL loading the register"; exit 1; }
out=$("$J" merge --db f2.db inbox/*.json 2>&1); rc=$?
if [ $rc -eq 1 ] && [[ "$out" == "rejected   inbox/junheng-K-0-20261101T000000Z-full-1-1.json: school 3699990001 is not in the school register and this database has no county code yet: a bundle of a school outside the register does not decide the county (it claims county 369999)"* ]] &&
   [[ "$out" == *"imported   inbox/$(basename "$A")"* ]] && [[ "$out" == *"imported   inbox/$(basename "$B")"* ]] &&
   [ "$(code f2.db)" = 360701 ] && [ "$(sqlite3 f2.db "SELECT count(*) FROM response_rows")" = 20 ]; then
  ok "a bundle of a school outside the register does not set the county; the register's schools' bundles do"
else
  bad "the forgery first (exit $rc, county $(code f2.db)):"; echo "$out" | sed 's/^/    /'
fi
"$J" schools --db zh.db "$src/data/sample/schools.csv" >/dev/null 2>&1
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --db zh.db inbox/junheng-K-0-20261101T000000Z-full-1-1.json 2>&1)
[[ "$zh" == *"3699990001"*"不能决定所属的县"*"369999"* ]] && [[ "$zh" != *"does not decide"* ]] && ok "... in Chinese" || bad "Chinese: $zh"

# 2. No register: the forgery sets the county; the refusals of the genuine
# bundles say how to put it right; --county cannot once its answer is stored.
out=$("$J" merge --db n.db inbox/*.json 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(code n.db)" = 369999 ] &&
  [[ "$out" == *"this database is county 369999 (set by the first bundle merged); merge it into that county's database (if county 369999 was set wrongly, \`junheng merge --county CODE\` puts it right while no answer merged since it was set is stored; docs/bureau.md)"* ]] \
  && ok "without a register: the refusal says how to put a wrong county code right" || bad "no register (exit $rc): $out"
out=$("$J" merge --db n.db --county 360701 "$A" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"this database is county 369999 (set by the first bundle merged), not 360701, and it holds 1 answers merged since"*"make the county database again"* ]] && [ "$(code n.db)" = 369999 ] \
  && ok "--county cannot change it once an answer of that county is stored" || bad "--county with answers (exit $rc): $out"

# 3. Set wrongly with nothing of it stored (here: its rows taken out by
# hand; a bundle stores at least one answer): --county puts it right.
cp n.db e.db
sqlite3 e.db "DELETE FROM response_rows; DELETE FROM quarantine"
out=$("$J" merge --db e.db --county 360701 "$A" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "merge: the county code was 369999 (set by the first bundle merged; no answer merged since is stored): it is now 360701, as --county says"* ]] &&
  [[ "$out" == *"imported   $A"* ]] && [ "$(code e.db)" = 360701 ] \
  && ok "--county puts a wrong code right when nothing of it is stored" || bad "--county put right (exit $rc): $out"
exit $fail
