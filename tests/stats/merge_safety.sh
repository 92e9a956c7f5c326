#!/bin/bash
# Golden CLI cases of a merge that forgives a clerk and of the review's
# attacks (issues 16 and 19): only bundle files are read from a folder
# (backups, CSV, xlsx listed as skipped, never logged), subfolders,
# --recursive, an empty folder, --dry-run, re-merges that add no log rows,
# bundles of another county refused, unregistered schools flagged, pinned
# questionnaires (a rigged definition quarantined), keys files with a BOM,
# control characters, roles outside the questionnaire's audience, pipes and
# devices, the size limit, formula injection in the CSV files, and the safe
# commands (stats on a missing database, report's options, --replace).
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-merge-safety.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
gen() { "$b/tests/stats_gen" "$@" || { echo "FAIL stats_gen $*" >&2; exit 1; }; }
expect() { # expect DESC RC EXPECTED_OUTPUT CMD...
  local desc=$1 want_rc=$2 want=$3; shift 3
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want_rc" ] || [ "$out" != "$want" ]; then
    echo "FAIL $desc (exit $rc, expected $want_rc)"
    diff <(echo "$want") <(echo "$out") | sed 's/^/    /'
    fail=1
  else
    echo "PASS $desc"
  fi
}
check() { # check DESC CONDITION...
  local desc=$1; shift
  if "$@"; then echo "PASS $desc"; else echo "FAIL $desc"; fail=1; fi
}
n_log() { sqlite3 "$1" "SELECT count(*) FROM imports"; }
fp() { "$b/tests/stats_gen" --fingerprint "$1"; }

"$J" surveys --db official.db "$src/tests/fixtures/surveys-1.0/parent.json" "$src/tests/fixtures/surveys-1.0/teacher.json" > surveys.out
PFP=$(sed -n 's/^pinned *parent-2026 1.0: \(SHA256:[-0-9a-f]*\)$/\1/p' surveys.out)
TFP=$(sed -n 's/^pinned *teacher-2026 1.0: \(SHA256:[-0-9a-f]*\)$/\1/p' surveys.out)
PINS="merge: questionnaires pinned on first use (compare with the official files, or pin those first with \`junheng surveys\`):
  parent-2026 1.0 $PFP
  teacher-2026 1.0 $TFP"

# ---- a USB stick as the kiosks leave it --------------------------------------
mkdir -p usb/sub/deeper
A=$(gen k1.db K-A 3607010001 primary urban 3 1 1 usb full); A0=${A%.json}
B=$(gen k2.db K-B 3607010002 primary urban 2 1 2 usb/sub full); B0=${B%.json}
C=$(gen k3.db K-C 3607010003 primary town 2 0 3 usb/sub/deeper full)
# Kiosks before bundle format 2 left a plain database backup beside each bundle.
cp k1.db "$A0.db"; cp k2.db "$B0.db"
cp "$src/data/sample/schools.csv" usb/schools.csv
printf 'PK\003\004 a workbook' > usb/register.xlsx
echo "notes" > usb/notes.txt
cp "$A" "usb/$(basename "$A").tmp.4242"   # what a killed export leaves behind
FA=$(fp k1.db) FB=$(fp k2.db)
# (the bundle two levels down is not merged, but named, and the exit status
# says so: review rmerge4, item 3)
expect "a stick: bundles merged from the folder and one subfolder level, every other file skipped" 1 \
"skipped    $A0.db: an SQLite database (a kiosk's backup copy beside its bundle?), not an export bundle
skipped    $A.tmp.4242: looks like an export bundle but its name does not end in .json (an unfinished export?); rename it to .json to merge it
skipped    usb/notes.txt: not an export bundle (kiosk bundles are named junheng-*.json)
skipped    usb/register.xlsx: an Excel workbook or zip file, not an export bundle; if it is the school register, save it as CSV and load it with \`junheng schools --db COUNTY.db FILE.csv\`
skipped    usb/schools.csv: a spreadsheet file, not an export bundle; if it is the school register, load it with \`junheng schools --db COUNTY.db usb/schools.csv\`
skipped    $B0.db: an SQLite database (a kiosk's backup copy beside its bundle?), not an export bundle
skipped    usb/sub/deeper: a folder below the first level, not searched: it holds 1 junheng-*.json file, not merged: merge again with --recursive (or give this folder)
imported   $A: kiosk K-A, school 3607010001, seq 1-4: 4 new, 0 already there (new kiosk K-A: key $FA pinned for school 3607010001 — check it against the kiosk's admin screen)
imported   $B: kiosk K-B, school 3607010002, seq 1-3: 3 new, 0 already there (new kiosk K-B: key $FB pinned for school 3607010002 — check it against the kiosk's admin screen)
merge: 2 bundles: 2 imported, 0 unchanged, 0 with conflicts, 0 rejected; 7 new responses, 0 already there, 0 quarantined
merge: 6 files skipped: not export bundles (listed above; nothing of them was read into the database)
merge: 1 folder below the depth searched holds junheng-*.json files that were not merged (listed above as skipped): merge again with --recursive, or give the folder itself
merge: 2 kiosks trusted on first use: check their fingerprints
$PINS" \
  "$J" merge --county 360701 --db county.db usb
check "the import log holds the two bundles only" [ "$(n_log county.db)" == 2 ]
expect "merging the stick again: nothing new, no new import-log rows" 0 \
"merge: 2 bundles: 0 imported, 2 unchanged, 0 with conflicts, 0 rejected; 0 new responses, 7 already there, 0 quarantined
merge: 6 files skipped: not export bundles (listed above; nothing of them was read into the database)
merge: 1 folder below the depth searched holds junheng-*.json files that were not merged (listed above as skipped): merge again with --recursive, or give the folder itself
merge: 2 bundles merged before with the same result: no new import-log entries" \
  bash -c "'$J' merge --county 360701 --db county.db usb | grep '^merge'"
check "re-merge: still two import-log rows" [ "$(n_log county.db)" == 2 ]
# The re-merge fast path (a file merged before is not read again) holds only
# while the file's responses are all stored: one lost from the database is
# stored again from the same file.
sqlite3 county.db "DELETE FROM response_rows WHERE id IN (SELECT id FROM responses WHERE kiosk_id = 'K-A' AND seq = 2)"
expect "a re-merge after a stored response was lost stores it again" 0 \
"imported   $A: kiosk K-A, school 3607010001, seq 1-4: 1 new, 3 already there" \
  bash -c "'$J' merge --county 360701 --db county.db usb | grep '^imported'"
check "... and logs that merge" [ "$(n_log county.db)" == 3 ]
expect "merging the stick once more adds nothing" 0 \
"merge: 2 bundles: 0 imported, 2 unchanged, 0 with conflicts, 0 rejected; 0 new responses, 7 already there, 0 quarantined" \
  bash -c "'$J' merge --county 360701 --db county.db usb | grep '^merge: 2 bundles:'"
check "... and no import-log row" [ "$(n_log county.db)" == 3 ]
# doing what the hint says (giving the folder too) merges it and no longer
# names it as not merged (session 19 final read item 1)
cp county.db given.db
out=$("$J" merge --county 360701 --db given.db usb usb/sub/deeper 2>&1); rc=$?
if [ "$rc" = 0 ] && [[ "$out" != *"not merged"* && "$out" != *"not searched"* && "$out" == *"imported   usb/sub/deeper/"* ]]; then
  echo "PASS a folder below the first level given too is merged, not named as not merged"
else
  echo "FAIL a folder below the first level given too (exit $rc): $out"; fail=1
fi
# a folder below the depth holding no bundles is named but is no file
# skipped as "not an export bundle" (session 19 final read item 1)
mkdir -p usb3/a/b
cp "$A" usb3/; echo "notes" > usb3/notes.txt
out=$("$J" merge --county 360701 --db given.db usb3 2>&1)
if [[ "$out" == *"skipped    usb3/a/b: a folder below the first level, not searched (no junheng-*.json"* && \
      "$out" == *"merge: 1 file skipped: not an export bundle"* ]]; then
  echo "PASS an empty folder below the depth is not counted as a file skipped"
else
  echo "FAIL an empty folder below the depth counted as a file skipped: $out"; fail=1
fi
expect "--recursive reaches every depth" 0 \
"imported   $C: kiosk K-C, school 3607010003, seq 1-2: 2 new, 0 already there (new kiosk K-C: key $(fp k3.db) pinned for school 3607010003 — check it against the kiosk's admin screen)" \
  bash -c "'$J' merge --county 360701 --db county.db --recursive usb | grep '^imported'"

# ---- nothing to merge --------------------------------------------------------
mkdir empty
expect "an empty folder" 1 \
"merge: no export files found (kiosk bundles are named junheng-*.json); check the folder or the USB drive" \
  "$J" merge --county 360701 --db new.db empty
check "an empty folder creates no database" [ ! -e new.db ]
expect "the register given to merge" 1 \
"skipped    usb/schools.csv: a spreadsheet file, not an export bundle; if it is the school register, load it with \`junheng schools --db COUNTY.db usb/schools.csv\`
merge: no export files found (kiosk bundles are named junheng-*.json); check the folder or the USB drive" \
  "$J" merge --county 360701 --db county.db usb/schools.csv
mkfifo pipe.json
expect "a pipe and a device: named, never read or waited on" 1 \
"skipped    pipe.json: is a pipe (FIFO), not a file
skipped    /dev/zero: is a device, not a file
merge: no export files found (kiosk bundles are named junheng-*.json); check the folder or the USB drive" \
  timeout 10 "$J" merge --county 360701 --db county.db pipe.json /dev/zero
expect "/dev/zero between two bundles: the others are still merged" 0 \
"skipped    /dev/zero: is a device, not a file
unchanged  $A: kiosk K-A, school 3607010001, seq 1-4: 0 new, 4 already there
unchanged  $B: kiosk K-B, school 3607010002, seq 1-3: 0 new, 3 already there
merge: 2 bundles: 0 imported, 2 unchanged, 0 with conflicts, 0 rejected; 0 new responses, 7 already there, 0 quarantined
merge: 1 file skipped: not an export bundle (listed above; nothing of it was read into the database)
merge: 2 bundles merged before with the same result: no new import-log entries" \
  timeout 10 "$J" merge --county 360701 --db county.db "$A" /dev/zero "$B"

expect "a path typed wrong: named, the rest merged, exit 1" 1 \
"skipped    usb/nosuch.json: no such file or folder
unchanged  $A: kiosk K-A, school 3607010001, seq 1-4: 0 new, 4 already there" \
  bash -c "'$J' merge --county 360701 --db county.db usb/nosuch.json '$A' | head -2; exit \${PIPESTATUS[0]}"

# ---- another program's database ----------------------------------------------
# An empty file that another program makes its database while the merge
# opens it (between the header's read and the write lock, held open here by
# JH_COUNTY_TEST_OPEN_PAUSE_MS): the guard again under the lock, never the
# county's tables added to it (review of session 12).
: > other.db
( sleep 0.5; sqlite3 other.db "CREATE TABLE settings(key, value); INSERT INTO settings VALUES ('kiosk_id', 'K-Z')" ) &
expect "an empty file made another program's database while the merge opened it: refused" 3 \
"junheng merge: other.db: not a county database (a kiosk database or another SQLite file?); give the county database, or a new file name to start one" \
  env JH_COUNTY_TEST_OPEN_PAUSE_MS=1500 "$J" merge --county 360701 --db other.db "$A"
wait
check "... and left as the other program made it" [ "$(sqlite3 other.db .tables)" == settings ]

# Another program's database in the rollback-journal mode (SQLite's default):
# refused before anything in it is changed. Opening it once switched it to
# WAL (its header rewritten, -wal and -shm files beside it) before the guard
# refused it (review of session 12).
rm -f app.db && sqlite3 app.db "CREATE TABLE notes(t); INSERT INTO notes VALUES ('x'); PRAGMA user_version=3"
sqlite3 app2.db "CREATE TABLE notes(t); INSERT INTO notes VALUES ('y')"
before=$(sha256sum app.db app2.db)
expect "another program's database (rollback journal, a schema version)" 3 \
"junheng merge: app.db: not a county database (a kiosk database or another SQLite file?); give the county database, or a new file name to start one" \
  "$J" merge --county 360701 --db app.db "$A"
expect "another program's database (rollback journal, no schema version)" 3 \
"junheng stats: app2.db: not a county database (a kiosk database or another SQLite file?); give the county database, or a new file name to start one" \
  "$J" stats --db app2.db
check "... both files byte for byte as they were" [ "$(sha256sum app.db app2.db)" == "$before" ]
check "... and no -wal or -shm file made beside them" [ -z "$(ls app.db-* app2.db-* 2>/dev/null)" ]
check "... still in the rollback-journal mode" [ "$(sqlite3 app.db 'PRAGMA journal_mode')" == delete ]

# ---- size limit --------------------------------------------------------------
cp "$A" big.json && head -c 1100000 /dev/zero | tr '\0' ' ' >> big.json
size=$(stat -c %s big.json)
expect "a bundle over the size limit" 1 \
"rejected   big.json: too large ($size bytes; the limit is 1048576 bytes); raise the limit with --max-size MB if this really is one kiosk's export
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db county.db --max-size 1 big.json
expect "the same bundle under the default limit" 0 \
"unchanged  big.json: kiosk K-A, school 3607010001, seq 1-4: 0 new, 4 already there" \
  bash -c "'$J' merge --county 360701 --db county.db big.json | head -1"

# ---- dry run -----------------------------------------------------------------
mkdir dry other
D=$(gen k4.db K-D 3607010004 primary rural 2 0 4 dry full)
before=$(sqlite3 county.db .dump | sha256sum)
expect "--dry-run says what would happen" 0 \
"imported   $D: kiosk K-D, school 3607010004, seq 1-2: 2 new, 0 already there (new kiosk K-D: key $(fp k4.db) pinned for school 3607010004 — check it against the kiosk's admin screen)
merge: 1 bundle: 1 imported, 0 unchanged, 0 with conflicts, 0 rejected; 2 new responses, 0 already there, 0 quarantined
merge: 1 kiosk trusted on first use: check its fingerprint
merge: dry run: nothing was stored; the database is as it was" \
  "$J" merge --county 360701 --db county.db --dry-run "$D"
check "--dry-run left the database as it was" [ "$(sqlite3 county.db .dump | sha256sum)" == "$before" ]
"$J" merge --county 360701 --db fresh.db --dry-run "$D" > /dev/null
check "--dry-run creates no database" [ ! -e fresh.db ]

# ---- counties and the register -----------------------------------------------
X=$(JH_GEN_COUNTY=110101 gen k5.db K-X 1101010001 primary urban 3 0 5 other full)
expect "a bundle from another county is refused" 1 \
"rejected   $X: bundle from another county: its county code is 110101, this database is county 360701 (set with --county); merge it into that county's database
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined
merge: refused 1 bundle from another county (county code 110101, responses: 3): not merged" \
  "$J" merge --county 360701 --db county.db "$X"
check "nothing of the other county stored" [ "$(sqlite3 county.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-X'")" == 0 ]
expect "--county decides for a new database" 1 \
"rejected   $A: bundle from another county: its county code is 360701, this database is county 110101 (set with --county); merge it into that county's database" \
  bash -c "'$J' merge --db c110101.db --county 110101 '$X' '$A' | grep '^rejected'; exit \${PIPESTATUS[0]}"
"$J" schools --db county.db "$src/data/sample/schools.csv" > /dev/null || { echo "FAIL loading the sample register"; fail=1; }
U=$(gen k6.db K-U 3607990001 primary urban 2 0 6 other full)
expect "a school not in the register: imported, flagged, summed up" 0 \
"imported   $U: kiosk K-U, school 3607990001, seq 1-2: 2 new, 0 already there (new kiosk K-U: key $(fp k6.db) pinned for school 3607990001 — check it against the kiosk's admin screen)
           warning: school 3607990001 is not in the school register: its answers are imported and flagged; add the school to the register (junheng schools) or check the kiosk's school code
merge: 1 bundle: 1 imported, 0 unchanged, 0 with conflicts, 0 rejected; 2 new responses, 0 already there, 0 quarantined
merge: 1 kiosk trusted on first use: check its fingerprint
merge: school 3607990001 is not in the school register: 1 bundle, new responses: 2, imported and flagged; add it to the register (junheng schools) or check the kiosk's school code" \
  "$J" merge --county 360701 --db county.db "$U"
n=$(n_log county.db)
expect "the flagged bundle again (read in full, its first merge warned): unchanged, warned again" 0 \
"unchanged  $U: kiosk K-U, school 3607990001, seq 1-2: 0 new, 2 already there
           warning: school 3607990001 is not in the school register: its answers are imported and flagged; add the school to the register (junheng schools) or check the kiosk's school code" \
  bash -c "'$J' merge --county 360701 --db county.db '$U' | grep -v '^merge'"
check "... and no import-log row" [ "$(n_log county.db)" == "$n" ]

# ---- questionnaires ----------------------------------------------------------
# A school's own parent.json, same id and version, 不满意 counted as satisfied
# (pinning warns about 4 problems: the 1.0 file's 3 wording ones and the scale
# whose counted options are all satisfied).
mkdir rigged && cp "$src/tests/fixtures/surveys-1.0/teacher.json" rigged/
sed 's/"code": "dissatisfied", "label": {"zh-CN": "不满意", "en": "Dissatisfied"}, "score": 1}/"code": "dissatisfied", "label": {"zh-CN": "不满意", "en": "Dissatisfied"}, "score": 1, "satisfied": true}/' \
  "$src/tests/fixtures/surveys-1.0/parent.json" > rigged/parent.json
cmp -s rigged/parent.json "$src/tests/fixtures/surveys-1.0/parent.json" && { echo "FAIL the rigging did not apply"; fail=1; }
R=$(JH_GEN_SURVEYS=$PWD/rigged gen k7.db K-R 3607010005 primary urban 3 0 7 other full)
RFP=$("$J" surveys --db scratch.db rigged/parent.json | sed -n 's/^pinned *parent-2026 1.0: //p')
expect "a rigged questionnaire: the bundle is quarantined" 1 \
"conflicts  $R: kiosk K-R, school 3607010005, seq 1-3: 0 new, 0 already there, 3 quarantined (new kiosk K-R: key $(fp k7.db) pinned for school 3607010005 — check it against the kiosk's admin screen)
           warning: questionnaire parent-2026 version 1.0 differs from the county's pinned definition (this bundle's $RFP, pinned $PFP from the first bundle): a kiosk with a changed questionnaire: its 3 responses to it quarantined, not counted (the questionnaire file on the kiosk was edited without a new version number: have the school put back the official file, or give the edited questionnaire a new version, docs/questionnaire-format.md; the kiosk's other answers are merged)
merge: 1 bundle: 0 imported, 0 unchanged, 1 with conflicts, 0 rejected; 0 new responses, 0 already there, 3 quarantined
merge: 1 kiosk trusted on first use: check its fingerprint" \
  "$J" merge --county 360701 --db county.db "$R"
check "the rigged answers are not stored" [ "$(sqlite3 county.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-R'")" == 0 ]
# With the official files pinned first, the rigged kiosk cannot set the wording either.
# (the 1.0 parent questionnaire has three items whose wording junheng check
# rejects since issue 18: pinning it only warns, as an old version must stay pinnable)
W10="junheng surveys: warning: $src/tests/fixtures/surveys-1.0/parent.json: 3 items' wording does not fit their answer scale (run \`junheng check $src/tests/fixtures/surveys-1.0/parent.json\`); it does not stop pinning"
expect "junheng surveys pins the official files" 0 \
"$W10
pinned     parent-2026 1.0: $PFP
pinned     teacher-2026 1.0: $TFP" \
  "$J" surveys --db pinned.db "$src/tests/fixtures/surveys-1.0/parent.json" "$src/tests/fixtures/surveys-1.0/teacher.json"
expect "the rigged kiosk first, against the official pins" 1 \
"           warning: questionnaire parent-2026 version 1.0 differs from the county's pinned definition (this bundle's $RFP, pinned $PFP from the official file): a kiosk with a changed questionnaire: its 3 responses to it quarantined, not counted (the questionnaire file on the kiosk was edited without a new version number: have the school put back the official file, or give the edited questionnaire a new version, docs/questionnaire-format.md; the kiosk's other answers are merged)" \
  bash -c "'$J' merge --county 360701 --db pinned.db '$R' | grep warning; exit \${PIPESTATUS[0]}"
expect "junheng surveys will not silently replace a pin" 1 \
"junheng surveys: warning: rigged/parent.json: 4 items' wording does not fit their answer scale (run \`junheng check rigged/parent.json\`); it does not stop pinning
junheng surveys: parent-2026 1.0 is pinned to another definition ($PFP, from an official file), not this file's $RFP: check which is official; run again with --replace to pin this file's
junheng surveys: nothing pinned" \
  "$J" surveys --db pinned.db rigged/parent.json
# One run pins all its files or none: a clash in a later file rolls back the
# first file's pin, and so nothing is reported pinned.
"$J" surveys --db pinned2.db "$src/tests/fixtures/surveys-1.0/parent.json" >/dev/null 2>&1
expect "junheng surveys reports no pin that a later clash rolled back" 1 \
"junheng surveys: warning: rigged/parent.json: 4 items' wording does not fit their answer scale (run \`junheng check rigged/parent.json\`); it does not stop pinning
junheng surveys: parent-2026 1.0 is pinned to another definition ($PFP, from an official file), not this file's $RFP: check which is official; run again with --replace to pin this file's
junheng surveys: nothing pinned" \
  "$J" surveys --db pinned2.db "$src/tests/fixtures/surveys-1.0/teacher.json" rigged/parent.json
check "and indeed the teacher questionnaire was not pinned" \
  [ "$(sqlite3 pinned2.db "SELECT count(*) FROM pinned_surveys WHERE survey_id = 'teacher-2026'")" == 0 ]
"$J" stats --db county.db --out st > /dev/null 2>&1 || { echo "FAIL stats"; fail=1; }
got=$($py -c '
import json; d = json.load(open("st/stats.json"))
print(" ".join("%s:%s:%s:%s:%s" % (s["id"], s["fingerprint"], s["pinned"], s["pin_source"], s["n_responses"]) for s in d["surveys"]))')
# (the 2 teachers are a hidden group, the 9 parents hidden against subtraction:
# their questionnaires' counts are hidden with them)
check "stats.json names the definition every figure used ($got)" [ "$got" == "parent-2026:$PFP:True:first_use:None teacher-2026:$TFP:True:first_use:None" ]

# ---- keys files --------------------------------------------------------------
FAK=$(fp k1.db)
printf '\xEF\xBB\xBFK-A 3607010001 %s\r\n# comment\r\n  \r\n' "$FAK" > keys-bom.txt
expect "a keys file saved by Notepad (BOM, CRLF) pins the kiosk" 0 "merge: 1 kiosk key pinned from keys-bom.txt" \
  "$J" merge --county 360701 --db keys.db --keys keys-bom.txt
check "the pinned id has no BOM" [ "$(sqlite3 keys.db "SELECT hex(kiosk_id) FROM kiosks")" == "$(printf 'K-A' | xxd -p | tr a-f A-F)" ]
"$F" edit "$A" forged.json --resign new > /dev/null
FPN=$("$J" merge --county 360701 --db fp.db forged.json >/dev/null; sqlite3 fp.db 'SELECT fingerprint FROM kiosks')
# the id the message offers the second kiosk: "K-" and 12 hex digits of
# SHA-256 of its public key (store_kiosk_id_of; review rsite9, item 1)
OWNN=K-$(sqlite3 fp.db "SELECT public_key FROM kiosks WHERE fingerprint = '$FPN'" | xxd -r -p | sha256sum | cut -c1-12)
expect "so a bundle for that kiosk signed with another key is rejected" 1 \
"rejected   forged.json: unknown key for kiosk K-A: fingerprint $FPN, expected $FAK; two kiosks use the id K-A at school 3607010001, or this kiosk's key was replaced; compare the fingerprint on the admin screen of each kiosk at school 3607010001: if none shows $FPN, treat this file as forged; if one shows it and says it made a new key, accept the key: junheng merge --keys FILE --replace-key K-A, FILE holding 'K-A 3607010001 $FPN'; if one shows it and says nothing of a new key, it is a second kiosk with the same id (a copied kiosk.conf): give it an id of its own: in its kiosk.conf write the line 'kiosk_id = $OWNN' (in place of its kiosk_id line, or added if it was taken out), restart it and press Export all (导出全部) there: its answers are exported again under the new id, and that file merges; leave the kiosk showing $FAK as it is" \
  bash -c "'$J' merge --county 360701 --db keys.db forged.json | head -1; exit \${PIPESTATUS[0]}"
# The kiosk's key file was lost and it made a new key (review rseason): the
# bureau accepts the new key on purpose, and the old key's bundles still merge.
printf 'K-A 3607010001 %s\n' "$FPN" > keys-new.txt
expect "a new key for a pinned kiosk is refused without --replace-key" 1 \
"junheng merge: keys-new.txt:1: kiosk K-A is already pinned to key $FAK and school 3607010001 (if the kiosk's admin screen says it made a new key, accept it with --replace-key K-A)" \
  "$J" merge --county 360701 --db keys.db --keys keys-new.txt
expect "--replace-key needs the new key in a keys file" 2 \
"junheng merge: --replace-key needs --keys FILE with the kiosk's new key (a line KIOSK_ID SCHOOL_CODE NEW_KEY)" \
  "$J" merge --county 360701 --db keys.db --replace-key K-A forged.json
expect "--replace-key K-A accepts it, saying so; the new key's bundle merges" 0 \
"merge: kiosk K-A of school 3607010001: key $FAK replaced by $FPN from keys-new.txt (bundles signed with the old key merge only where they bring answers merged already, up to seq 0, the highest merged now; new answers under it are refused)
imported   forged.json: kiosk K-A, school 3607010001, seq 1-4: 4 new, 0 already there" \
  bash -c "'$J' merge --county 360701 --db keys.db --keys keys-new.txt --replace-key K-A forged.json | head -2; exit \${PIPESTATUS[0]}"
expect "--replace-key with the key the kiosk has already says so" 0 \
"merge: kiosk K-A of school 3607010001 already has key $FPN: nothing to replace" \
  "$J" merge --county 360701 --db keys.db --keys keys-new.txt --replace-key K-A
expect "and so does the old key's" 0 "unchanged  $A: kiosk K-A, school 3607010001, seq 1-4: 0 new, 4 already there" \
  bash -c "'$J' merge --county 360701 --db keys.db '$A' | head -1; exit \${PIPESTATUS[0]}"
check "the old key is kept as the kiosk's old key" \
  [ "$(sqlite3 keys.db "SELECT kiosk_id || ' ' || fingerprint FROM kiosk_old_keys")" == "K-A $FAK" ]
# Whoever holds the lost key (a stolen card, a copy of the old database)
# signs nothing the kiosk had not exported when its key was replaced
# (review r2kiosk): one above the highest seq merged then is refused and
# stores nothing; and (review rattack7, item 2) so is one below it that was
# never merged: the old key brings only answers merged already.
for f in k1.db k1.db.key k1.db.identity; do [ -e "$f" ] && cp "$f" "old-$f"; done
mkdir usb-old usb-old2 && A2=$(gen old-k1.db K-A 3607010001 primary urban 5 0 9 usb-old incremental)
"$J" merge --county 360701 --db old.db "$A2" > /dev/null
"$J" merge --county 360701 --db old.db --keys keys-new.txt --replace-key K-A > /dev/null
check "the old key is trusted up to the seq merged when it was replaced" \
  [ "$(sqlite3 old.db "SELECT fingerprint || ' ' || up_to_seq FROM kiosk_old_keys")" == "$FAK 9" ]
expect "a late stick signed with the old key, answers never merged, is refused" 1 \
"rejected   $A: kiosk K-A: this bundle is signed with the kiosk's old key $FAK, which was replaced by $FPN; after the replacement the old key brings only answers merged already (a file of the stick merged again), and seq 1 of this bundle was never merged: refused, nothing stored (whoever has the old key or a copy of the old database could have made it); if the kiosk really recorded it, press Export all on the kiosk (its admin screen shows key $FPN): that bundle is signed with the new key and brings it" \
  bash -c "'$J' merge --county 360701 --db old.db '$A' | head -1; exit \${PIPESTATUS[0]}"
expect "a file of the stick merged again, signed with the old key, is unchanged, naming the old key" 0 \
"unchanged  $A2: kiosk K-A, school 3607010001, seq 5-9: 0 new, 5 already there
           warning: kiosk K-A: signed with its old key $FAK (replaced by $FPN; trusted up to seq 9); gap: kiosk K-A seq 4 is not imported yet (an earlier bundle is missing)" \
  bash -c "'$J' merge --county 360701 --db old.db '$A2' | head -2; exit \${PIPESTATUS[0]}"
A3=$(gen old-k1.db K-A 3607010001 primary urban 5 0 10 usb-old2 incremental)
expect "answers signed with the old key after it was replaced are refused" 1 \
"rejected   $A3: kiosk K-A: this bundle is signed with the kiosk's old key $FAK, which was replaced by $FPN; the old key is trusted only up to seq 9 (the highest merged when it was replaced), and this bundle has seq 10-14: refused, nothing stored (whoever has the old key or a copy of the old database could have made it); check the fingerprint on the kiosk's admin screen: if it shows $FAK (its old key file was found and put back), accept that key again: junheng merge --keys FILE --replace-key K-A, FILE holding 'K-A 3607010001 $FAK'; if it shows $FPN, press Export all there: that bundle is signed with the new key" \
  bash -c "'$J' merge --county 360701 --db old.db '$A3' | head -1; exit \${PIPESTATUS[0]}"
check "and nothing of them is stored" [ "$(sqlite3 old.db "SELECT count(*) FROM response_rows")" == 5 ]
"$J" stats --db old.db --out st-old > /dev/null 2>&1 || { echo "FAIL stats of old.db"; fail=1; }
got=$($py -c '
import json; d = json.load(open("st-old/stats.json"))
print(" ".join("%s:%s:%s:%s" % (k["kiosk_id"], k["fingerprint"], k["trust"], ",".join("%s:%s:%s:%d:%s" % (o["fingerprint"], o["trust"], o["pinned_at"] <= o["replaced_at"], o["up_to_seq"], bool(o["replaced_at"])) for o in k.get("old_keys", []))) for k in d["imports"]["kiosk_keys"]))')
check "stats.json lists the replaced key with its pinning, replacement and last seq ($got)" \
  [ "$got" == "K-A:$FPN:keys_file:$FAK:first_use:True:9:True" ]
check "and has no old_keys where no key was replaced" \
  bash -c "! grep -q old_keys st/stats.json"
"$J" report --db old.db --out rep-old --no-pdf > rep-old.out 2>&1 || { echo "FAIL report on old.db"; cat rep-old.out; fail=1; }
check "the report's key list names the replaced key" \
  bash -c "cat rep-old/*.html | grep -q '旧密钥 $FAK（首次导入自动信任，登记于 .*被替换，只认到序号 9）'"
printf 'K-A\x1b[8m 3607010001 %s\n' "$FAK" > keys-bad.txt
expect "a keys file entry whose id no kiosk can have" 1 \
"junheng merge: keys-bad.txt:1: 'K-A\\x1b[8m' is not a valid kiosk id (expected 1 to 32 letters, digits, '_' or '-'); this entry would pin no kiosk" \
  "$J" merge --county 360701 --db keys.db --keys keys-bad.txt
printf '# nothing here\n\n' > keys-empty.txt
expect "a keys file that pins nothing" 1 \
"junheng merge: keys-empty.txt: no kiosk keys in the file (expected lines KIOSK_ID SCHOOL_CODE KEY)" \
  "$J" merge --county 360701 --db keys.db --keys keys-empty.txt

# ---- what a bundle may hold --------------------------------------------------
cp k1.db.key k1b.key
"$F" edit "$A" role.json --set responses.0.role teacher --rechain --resign k1b.key > /dev/null
expect "a role outside the questionnaire's audience" 1 \
"rejected   role.json: response 1 (seq 1).role: 'teacher' is not the audience of questionnaire parent-2026 (expected 'parent')" \
  bash -c "'$J' merge --county 360701 --db county.db role.json | head -1; exit \${PIPESTATUS[0]}"
"$F" edit "$A" esc.json --set manifest.kiosk_id "$(printf 'K-A\033[8m')" --set manifest.school.code "$(printf '36\033]52;c;SGk=\007')" --rechain --resign new > /dev/null
out=$("$J" merge --county 360701 --db county.db esc.json 2>&1); rc=$?
check "control characters in a bundle's ids: rejected (exit $rc)" [ $rc == 1 ]
check "control characters never reach the terminal" bash -c "! printf '%s' \"\$1\" | LC_ALL=C grep -q \$'[\x01-\x08\x0b-\x1f\x7f]'" _ "$out"
check "and are shown escaped: $(echo "$out" | head -1)" bash -c "[[ \"\$1\" == *'K-A\\x1b[8m'* ]]" _ "$out"
cp "$A" "$(printf 'evil\033[2J.json')"
out=$("$J" merge --county 360701 --db county.db evil*.json 2>&1)
check "a file name with control characters is printed escaped" bash -c "[[ \"\$1\" == *'evil\\x1b[2J.json'* ]] && ! printf '%s' \"\$1\" | grep -q \$'\x1b'" _ "$out"

# ---- formula injection -------------------------------------------------------
mkdir inj && I=$(JH_GEN_SCHOOL_NAME='=HYPERLINK("http://x","点")' gen k8.db K-I 3607010006 primary urban 5 0 8 inj full)
I2=$(gen k9.db K-J 3607010007 primary urban 5 0 9 inj full)
cp "$I" "=1+2.json" && cp "$I2" "@SUM(1).json"
"$J" merge --county 360701 --db inj.db "=1+2.json" "@SUM(1).json" > /dev/null
"$J" stats --db inj.db --out inj-st > /dev/null 2>&1
$py - inj-st <<'PY' && echo "PASS CSV cells that would start a formula are neutralised" || { echo "FAIL CSV formula injection"; fail=1; }
import csv, glob, sys
bad, seen = [], set()
for f in glob.glob(sys.argv[1] + "/*.csv"):
    for row in csv.reader(open(f, encoding="utf-8-sig")):
        for c in row:
            # a school code of digits only starts with a tab (kept as text by
            # Excel/WPS, digits whole); a tab before anything else is neutralised
            if c[:1] == "\t" and c[1:].isdigit() and c[1:].isascii():
                seen.add(c)
                continue
            if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c.replace(".", "", 1).lstrip("-").rstrip("%").isdigit()):
                bad.append((f, c))
            if c.startswith("'=") or c.startswith("'@"):
                seen.add(c)
assert not bad, bad
assert "'=1+2.json" in seen and "'@SUM(1).json" in seen, seen
assert "\t3607010006" in seen, seen
PY
nopdf=(--no-pdf)
"$J" report --db inj.db --out inj-rep "${nopdf[@]}" > /dev/null 2>&1 || { echo "FAIL report on inj.db"; fail=1; }
$py - inj-rep <<'PY' && echo "PASS workbook and HTML hold the names as text" || { echo "FAIL workbook/HTML injection"; fail=1; }
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1] + "/report.xlsx")
texts = []
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", (ws.title, c.coordinate, c.value)
            if isinstance(c.value, str): texts.append(c.value)
assert any("=1+2.json" in t for t in texts), "file name missing from the workbook"
h = open(sys.argv[1] + "/report.html", encoding="utf-8").read()
assert "=1+2.json" in h and '<a href="http://x"' not in h
PY

# ---- safe commands -----------------------------------------------------------
expect "stats on a database that does not exist" 3 \
"junheng stats: typo.db: there is no county database by this name; check the name (\`junheng merge --db FILE ...\` creates one)" \
  "$J" stats --db typo.db
check "and creates none" [ ! -e typo.db ]
"$J" report --db county.db --out rep --no-pdf --threshold 0.9 --qualification bachelor,bachelor --min-teaching-point 10 --min-group 3 --population 100000 > /dev/null 2>&1
got=$($py -c 'import json; o = json.load(open("rep/stats.json"))["options"]; print(o["threshold"], o["min_group"], o["population"], o["min_teaching_point"], o["qualification_baseline"]["primary"])' 2>&1)
check "report takes the options stats takes ($got)" [ "$got" == "0.9 3 100000 10 bachelor" ]
check "the report names the definition the figures used" grep -q "定义指纹 $PFP<br>（首次导入时锁定）" rep/report.html
expect "report checks them as stats does" 2 "junheng report: --qualification expects PRIMARY,JUNIOR from college, bachelor, postgrad (e.g. college,bachelor), got 'phd'" \
  "$J" report --db county.db --out rep --qualification phd
for bad in 12x -1 100001 99999999999999999999 ""; do
  expect "report refuses --annex-part '$bad'" 2 "junheng report: --annex-part expects the number of schools in a part of the annex, 1..100000 (0: the annex in one document), got '$bad'" \
    "$J" report --db county.db --out rep --annex-part "$bad"
done
expect "report refuses a --log-part beyond a long" 2 "junheng report: --log-part expects the number of rows in one document of the import log, 1..1000000 (0: the import log inside the report), got '99999999999999999999'" \
  "$J" report --db county.db --out rep --log-part 99999999999999999999
expect "report shows a control character in a bad number" 2 "junheng report: --pdf-timeout expects seconds 1..3600, got '1\\x0a_'" \
  "$J" report --db county.db --out rep --pdf-timeout "$(printf '1\n_')" 
expect "merge refuses --max-size 0" 2 "junheng merge: --max-size expects megabytes from 1 to 65536, got '0'" \
  "$J" merge --county 360701 --db county.db --max-size 0 x.json
expect "kiosk-pack refuses a population beyond a long" 2 "junheng kiosk-pack: --population: '99999999999999999999' is not a whole number of people" \
  "$J" kiosk-pack --population 99999999999999999999
head -4 "$src/data/sample/schools.csv" > three.csv
n_reg=$(sqlite3 county.db "SELECT count(*) FROM schools")
expect "a much smaller register needs --replace" 1 \
"junheng schools: three.csv has 3 schools but the register loaded now has $n_reg: loading it would drop $((n_reg - 3)) schools.  Check that this is the whole county's register; to replace it anyway, run again with --replace" \
  "$J" schools --db county.db three.csv
check "the register is unchanged" [ "$(sqlite3 county.db "SELECT count(*) FROM schools")" == "$n_reg" ]
"$J" schools --db county.db --replace three.csv > /dev/null
check "with --replace it is loaded" [ "$(sqlite3 county.db "SELECT count(*) FROM schools")" == 3 ]
{ head -1 "$src/data/sample/schools.csv"; head -2 "$src/data/sample/schools.csv" | tail -1 | sed "s/,小学,/,$(printf 'x\033[8m'),/"; } > esc-register.csv
out=$("$J" schools --db esc.db esc-register.csv 2>&1)
check "a register's cells are printed escaped: $(echo "$out" | head -1 | cut -c1-90)" \
  bash -c "[[ \"\$1\" == *'x\x1b[8m'* ]] && ! printf '%s' \"\$1\" | grep -q \$'\x1b'" _ "$out"
expect "a missing register file is an I/O error (exit 3, as documented)" 3 \
"junheng schools: nosuch.csv: cannot open: No such file or directory" \
  "$J" schools --db county.db nosuch.csv
# The merge runs without SQLite's foreign key lookups (county_merge_files):
# whatever the cases above stored, imported, quarantined or refused, every
# row's parent is there.
for db in *.db; do
  check "no dangling reference in $db (foreign_key_check)" [ -z "$(sqlite3 "$db" "PRAGMA foreign_key_check")" ]
done
check "the foreign key check would see one" \
  [ -n "$(sqlite3 county.db "PRAGMA foreign_keys=OFF; UPDATE response_rows SET import_id = 999999 WHERE id = (SELECT min(id) FROM response_rows); PRAGMA foreign_key_check")" ]
exit $fail
