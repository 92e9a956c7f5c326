#!/bin/bash
# Golden CLI cases of junheng merge and junheng schools for bad input, each
# with its exact message: truncated bundle, edited bundle, unknown key, a key
# claiming another school, duplicate, conflicting duplicate, stale/forked
# incremental, strict keys, bad register rows.  Rejected bundles must leave
# the data unchanged.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-cli.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t"
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
data() { sqlite3 county.db "SELECT count(*), group_concat(kiosk_id || seq || chain) FROM responses; SELECT kiosk_id, fingerprint, school_code FROM kiosks ORDER BY 1; SELECT count(*) FROM quarantine"; }
fp() { sqlite3 "$1" "SELECT fingerprint FROM kiosks WHERE kiosk_id = '$2'"; }

mkdir a fork other
good=$(gen k1.db K-A 3607010001 primary urban 4 1 1 a full)
# The fingerprint the kiosk's admin screen shows (store_key_fingerprint of its key).
FP1=$("$b/tests/stats_gen" --fingerprint k1.db 2>/dev/null || true)
# The questionnaires' fingerprints as `junheng surveys` shows the official files.
"$J" surveys --db official.db "$src/tests/fixtures/surveys-1.0/parent.json" "$src/tests/fixtures/surveys-1.0/teacher.json" > surveys.out
PFP=$(sed -n 's/^pinned *parent-2026 1.0: \(SHA256:[-0-9a-f]*\).*/\1/p' surveys.out)
TFP=$(sed -n 's/^pinned *teacher-2026 1.0: \(SHA256:[-0-9a-f]*\).*/\1/p' surveys.out)
[ -n "$PFP" ] && [ -n "$TFP" ] || { echo "FAIL junheng surveys output: $(cat surveys.out)"; fail=1; }
expect "merge a good bundle: the new kiosk's key is shown and pinned" 0 \
"imported   $good: kiosk K-A, school 3607010001, seq 1-5: 5 new, 0 already there (new kiosk K-A: key $FP1 pinned for school 3607010001 — check it against the kiosk's admin screen)
merge: 1 bundle: 1 imported, 0 unchanged, 0 with conflicts, 0 rejected; 5 new responses, 0 already there, 0 quarantined
merge: 1 kiosk trusted on first use: check its fingerprint
merge: questionnaires pinned on first use (compare with the official files, or pin those first with \`junheng surveys\`):
  parent-2026 1.0 $PFP
  teacher-2026 1.0 $TFP" \
  "$J" merge --county 360701 --db county.db "$good"
[ -n "$FP1" ] && [ "$FP1" == "$(fp county.db K-A)" ] || { echo "FAIL pinned fingerprint '$(fp county.db K-A)', the kiosk's is '$FP1'"; fail=1; }
[[ "$FP1" == SHA256:* ]] || { echo "FAIL fingerprint format: $FP1"; fail=1; }
n_log=$(sqlite3 county.db "SELECT count(*) FROM imports")
expect "duplicate: the same bundle again changes nothing" 0 \
"unchanged  $good: kiosk K-A, school 3607010001, seq 1-5: 0 new, 5 already there
merge: 1 bundle: 0 imported, 1 unchanged, 0 with conflicts, 0 rejected; 0 new responses, 5 already there, 0 quarantined
merge: 1 bundle merged before with the same result: no new import-log entry" \
  "$J" merge --county 360701 --db county.db "$good"
[ "$(sqlite3 county.db "SELECT count(*) FROM imports")" == "$n_log" ] && echo "PASS re-merging an unchanged bundle adds no import-log row" \
  || { echo "FAIL re-merging an unchanged bundle added an import-log row"; fail=1; }
snapshot=$(data)

head -n 47 "$good" > truncated.json
expect "truncated bundle" 1 \
"rejected   truncated.json: truncated: JSON ends at line 48 column 1: copy the file again from the kiosk's USB drive, or export again at the kiosk with Export all (导出全部): Export new answers writes nothing that was exported before
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db county.db truncated.json

# Edit one answer of the first response ("moral": ... -> the other value).
sed '0,/"moral":"dissatisfied"/s//"moral":"satisfied"/' "$good" > edited.json
cmp -s "$good" edited.json && { echo "FAIL the edit did not apply"; fail=1; }
expect "edited bundle" 1 \
"rejected   edited.json: response 1 (seq 1) was edited: its hash does not match
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db county.db edited.json

# Another kiosk (another key) calling itself K-A.
impostor=$(gen k2.db K-A 3607010001 primary urban 3 0 2 other full)
"$J" merge --county 360701 --db scratch.db "$impostor" >/dev/null; FP2=$(fp scratch.db K-A)
# the id the message offers the second kiosk: "K-" and 12 hex digits of
# SHA-256 of its public key (store_kiosk_id_of; review rsite9, item 1)
OWN2=K-$(sqlite3 scratch.db "SELECT public_key FROM kiosks WHERE fingerprint = '$FP2'" | xxd -r -p | sha256sum | cut -c1-12)
expect "unknown key for a known kiosk" 1 \
"rejected   $impostor: unknown key for kiosk K-A: fingerprint $FP2, expected $FP1; two kiosks use the id K-A at school 3607010001, or this kiosk's key was replaced; compare the fingerprint on the admin screen of each kiosk at school 3607010001: if none shows $FP2, treat this file as forged; if one shows it and says it made a new key, accept the key: junheng merge --keys FILE --replace-key K-A, FILE holding 'K-A 3607010001 $FP2'; if one shows it and says nothing of a new key, it is a second kiosk with the same id (a copied kiosk.conf): give it an id of its own: in its kiosk.conf write the line 'kiosk_id = $OWN2' (in place of its kiosk_id line, or added if it was taken out), restart it and press Export all (导出全部) there: its answers are exported again under the new id, and that file merges; leave the kiosk showing $FP1 as it is
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db county.db "$impostor"

# K-A's key (copied) used for another kiosk id claiming another school.
cp k1.db.key k3.db.key
renamed=$(gen k3.db K-B 3607020001 primary town 2 0 3 other full)
expect "a pinned key claiming another school" 1 \
"rejected   $renamed: key $FP1 belongs to kiosk K-A of school 3607010001 but this bundle claims kiosk K-B of school 3607020001
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db county.db "$renamed"
[ "$(data)" == "$snapshot" ] || { echo "FAIL rejected bundles changed the data"; fail=1; }
n_log=$(sqlite3 county.db "SELECT count(*) FROM imports WHERE verdict = 'rejected'")
[ "$n_log" == 4 ] || { echo "FAIL import log has $n_log rejections, expected 4"; fail=1; }

# Stale/forked incremental: a copy of the kiosk's database goes its own way.
sqlite3 k1.db ".backup k1b.db" && cp k1.db.key k1b.db.key
inc=$(gen k1.db K-A 3607010001 primary urban 3 0 4 a incremental)
gen k1b.db K-A 3607010001 primary urban 3 0 5 fork incremental >/dev/null
forked=$(gen k1b.db K-A 3607010001 primary urban 2 0 6 fork incremental)
"$J" merge --county 360701 --db county.db "$inc" >/dev/null || { echo "FAIL merging the incremental"; fail=1; }
c8=$(sqlite3 county.db "SELECT substr(chain, 1, 12) FROM responses WHERE kiosk_id = 'K-A' AND seq = 8")
f8=$(sqlite3 k1b.db "SELECT substr(chain, 1, 12) FROM responses WHERE seq = 8" 2>/dev/null)
expect "stale or forked incremental bundle" 1 \
"rejected   $forked: chain break for kiosk K-A: the bundle continues after seq 8 from chain $f8 but the stored seq 8 has chain $c8 (a stale or forked export, or new answers of a kiosk whose data was put back from an older backup: they will not merge; have the school set it up as a new kiosk, docs/kiosk.md \"When the school really was set wrong\", so that its next answers merge)
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db county.db "$forked"

# Conflicting duplicate: the fork's full export repeats seq 1-8 (1-5 equal,
# 6-8 different) and adds 9-10.  Seq 9-10 grow their chain from the fork's
# 6-8, so they are quarantined with them, not imported as new.
forkfull=$(gen k1b.db K-A 3607010001 primary urban 0 0 7 fork full)
snapshot=$(sqlite3 county.db "SELECT group_concat(seq || chain) FROM responses WHERE seq <= 8")
expect "conflicting duplicate: the rest of a forked bundle is quarantined too" 1 \
"conflicts  $forkfull: kiosk K-A, school 3607010001, seq 1-10: 0 new, 5 already there, 5 quarantined
           warning: kiosk K-A: seq 6 conflicts with the stored response; seq 6-10 quarantined, not merged (the bundle's history forks from what was imported: a copied kiosk, or new answers of a kiosk whose data was put back from an older backup and reuses seqs; have the school set it up as a new kiosk, docs/kiosk.md \"When the school really was set wrong\", so that its next answers merge)
merge: 1 bundle: 0 imported, 0 unchanged, 1 with conflicts, 0 rejected; 0 new responses, 5 already there, 5 quarantined" \
  "$J" merge --county 360701 --db county.db "$forkfull"
[ "$(sqlite3 county.db "SELECT group_concat(seq || chain) FROM responses WHERE seq <= 8")" == "$snapshot" ] || { echo "FAIL a conflict overwrote stored responses"; fail=1; }
[ "$(sqlite3 county.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-A'")" == 8 ] || { echo "FAIL the fork's seq 9-10 were imported"; fail=1; }
[ "$(sqlite3 county.db "SELECT count(*), min(seq), max(seq), count(stored_chain) FROM quarantine")" == "5|6|10|3" ] || { echo "FAIL quarantine contents: $(sqlite3 county.db 'SELECT seq, stored_chain IS NULL, reason FROM quarantine')"; fail=1; }
[ "$(sqlite3 county.db "SELECT reason FROM quarantine WHERE seq = 9")" == "kiosk K-A seq 9 follows the conflicting seq 6 in the same bundle: its history forks from what was imported" ] || { echo "FAIL quarantine reason of seq 9"; fail=1; }
expect "conflicting duplicate again: quarantined once only" 1 \
"conflicts  $forkfull: kiosk K-A, school 3607010001, seq 1-10: 0 new, 5 already there, 5 quarantined" \
  bash -c "'$J' merge --county 360701 --db county.db '$forkfull' | head -1; [ \$(sqlite3 county.db 'SELECT count(*) FROM quarantine') = 5 ] && exit 1"
n_log=$(sqlite3 county.db "SELECT count(*) FROM imports")
"$J" merge --county 360701 --db county.db "$forkfull" >again.out
grep -q "merged before with the same result" again.out || { echo "FAIL a conflicting bundle merged a third time is not named a repeat: $(cat again.out)"; fail=1; }
[ "$(sqlite3 county.db "SELECT count(*) FROM imports")" == "$n_log" ] || { echo "FAIL merging a conflicting bundle again added import-log rows"; fail=1; }

# The genuine kiosk's next incremental (seq 9-10, following the stored
# seq 8) arrives later: imported.  The county ends with the genuine kiosk's
# ten responses and the fork's five set aside.
genuine=$(gen k1.db K-A 3607010001 primary urban 2 0 8 a incremental)
expect "the genuine continuation after a fork is imported" 0 \
"imported   $genuine: kiosk K-A, school 3607010001, seq 9-10: 2 new, 0 already there
merge: 1 bundle: 1 imported, 0 unchanged, 0 with conflicts, 0 rejected; 2 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db county.db "$genuine"
[ "$(sqlite3 county.db "SELECT group_concat(seq || chain, ',') FROM (SELECT seq, chain FROM responses WHERE kiosk_id = 'K-A' ORDER BY seq)")" == \
  "$(sqlite3 k1.db "SELECT group_concat(seq || chain, ',') FROM (SELECT seq, chain FROM responses ORDER BY seq)")" ] || { echo "FAIL the county does not hold exactly the genuine kiosk's history"; fail=1; }
[ "$(sqlite3 county.db "SELECT count(*) FROM quarantine q JOIN responses r ON r.chain = q.chain")" == 0 ] || { echo "FAIL a fork's response was stored"; fail=1; }
"$J" stats --db county.db --out st >/dev/null 2>&1 || { echo "FAIL stats after the fork"; fail=1; }
n_total=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open("st/stats.json"))["responses"]["total"])')
n_genuine=$(sqlite3 k1.db "SELECT count(*) FROM responses")
[ "$n_total" == 10 ] && [ "$n_genuine" == 10 ] || { echo "FAIL stats count $n_total responses, the genuine kiosk has $n_genuine (10 expected)"; fail=1; }
echo "PASS final counts after a fork: $n_total genuine responses counted, 5 of the fork's set aside"
# stats.json says how each kiosk's key came to be trusted.
want_keys="K-A 3607010001 $FP1 first_use 首次导入自动信任; 1 trusted on first use; log: imported:first_use rejected:None"
got_keys=$(/usr/bin/python3 -c '
import json; d = json.load(open("st/stats.json"))["imports"]
k = "; ".join("%s %s %s %s %s" % (e["kiosk_id"], e["school_code"], e["fingerprint"], e["trust"], e["trust_zh"]) for e in d["kiosk_keys"])
log = sorted(set("%s:%s" % (e["verdict"], e["key_trust"]) for e in d["log"] if e["verdict"] in ("imported", "rejected")))
print("%s; %d trusted on first use; log: %s" % (k, d["trusted_on_first_use"], " ".join(log)))')
[ "$got_keys" == "$want_keys" ] && echo "PASS stats.json kiosk keys (first use)" || { echo "FAIL stats.json kiosk keys: $got_keys"; fail=1; }

# The documented limitation (docs/bureau.md, "Forks"): when the fork's bundle
# arrives first, its history is the one stored; the genuine kiosk's bundles
# are then quarantined or rejected - reported with exit 1, never mixed in.
first=$("$J" merge --county 360701 --db order.db "$forkfull" | head -1)
[ "$first" == "imported   $forkfull: kiosk K-A, school 3607010001, seq 1-10: 10 new, 0 already there (new kiosk K-A: key $FP1 pinned for school 3607010001 — check it against the kiosk's admin screen)" ] \
  && echo "PASS fork first: imported under the shared key" || { echo "FAIL fork first: $first"; fail=1; }
expect "fork first: the genuine kiosk's overlapping bundle is quarantined" 1 \
"conflicts  $inc: kiosk K-A, school 3607010001, seq 6-8: 0 new, 0 already there, 3 quarantined
           warning: kiosk K-A: seq 6 conflicts with the stored response; seq 6-8 quarantined, not merged (the bundle's history forks from what was imported: a copied kiosk, or new answers of a kiosk whose data was put back from an older backup and reuses seqs; have the school set it up as a new kiosk, docs/kiosk.md \"When the school really was set wrong\", so that its next answers merge)
merge: 1 bundle: 0 imported, 0 unchanged, 1 with conflicts, 0 rejected; 0 new responses, 0 already there, 3 quarantined" \
  "$J" merge --county 360701 --db order.db "$inc"
out=$("$J" merge --county 360701 --db order.db "$genuine" 2>&1); rc=$?
[ $rc == 1 ] && [[ "$out" == "rejected   $genuine: chain break for kiosk K-A: the bundle continues after seq 8 from chain "*"(a stale or forked export, or new answers of a kiosk"* ]] \
  && echo "PASS fork first: the genuine continuation is rejected" || { echo "FAIL fork first, genuine continuation (exit $rc): $out"; fail=1; }
[ "$(sqlite3 order.db "SELECT group_concat(seq || chain, ',') FROM (SELECT seq, chain FROM responses ORDER BY seq)")" == \
  "$(sqlite3 k1b.db "SELECT group_concat(seq || chain, ',') FROM (SELECT seq, chain FROM responses ORDER BY seq)")" ] \
  || { echo "FAIL fork first: the county should hold the fork's history alone"; fail=1; }

# A fork's incremental bundle after its full one was quarantined (review of
# session 12): stored seq 1-5, the genuine kiosk's 6-8, the fork's full 1-10
# (6-10 quarantined), then the fork's 11-12, whose seq 10 is not stored but
# quarantined as the fork's: it continues the fork and is quarantined, not
# imported with a gap warning; the genuine 9-10 and 11-12 are imported, the
# fork's 13-14 (continuing its quarantined 11-12) quarantined too.  The
# county holds the genuine kiosk's history alone.
mkdir fk fk/a fk/fork
gen fk/g.db K-F 3607010001 primary urban 4 1 21 fk/a full >fk/list
sqlite3 fk/g.db ".backup fk/f.db" && cp fk/g.db.key fk/f.db.key
gen fk/g.db K-F 3607010001 primary urban 3 0 22 fk/a incremental >>fk/list
gen fk/f.db K-F 3607010001 primary urban 3 0 23 fk/fork incremental >/dev/null
gen fk/f.db K-F 3607010001 primary urban 2 0 24 fk/fork full >>fk/list
fk11=$(gen fk/f.db K-F 3607010001 primary urban 2 0 25 fk/fork incremental)
"$J" merge --county 360701 --db fk/county.db $(cat fk/list) >fk/first.out 2>&1
[ "$(grep -c '^imported\|^conflicts' fk/first.out)" == 3 ] || { echo "FAIL fork set-up: $(cat fk/first.out)"; fail=1; }
expect "a fork's incremental bundle continuing its quarantined seq is quarantined, not imported" 1 \
"conflicts  $fk11: kiosk K-F, school 3607010001, seq 11-12: 0 new, 0 already there, 2 quarantined
           warning: kiosk K-F: the bundle continues seq 10, which is quarantined: its history forks from what was imported at seq 6 (a copied kiosk); seq 11-12 quarantined
merge: 1 bundle: 0 imported, 0 unchanged, 1 with conflicts, 0 rejected; 0 new responses, 0 already there, 2 quarantined" \
  "$J" merge --county 360701 --db fk/county.db "$fk11"
[ "$(sqlite3 fk/county.db "SELECT reason FROM quarantine WHERE kiosk_id = 'K-F' AND seq = 12")" == \
  "kiosk K-F seq 12 continues the quarantined seq 10 of a history that forks from what was imported at seq 6" ] \
  || { echo "FAIL quarantine reason of the fork's seq 12: $(sqlite3 fk/county.db "SELECT reason FROM quarantine WHERE kiosk_id = 'K-F' AND seq = 12")"; fail=1; }
expect "... merged again: quarantined once only, no new log row" 1 \
"conflicts  $fk11: kiosk K-F, school 3607010001, seq 11-12: 0 new, 0 already there, 2 quarantined" \
  bash -c "'$J' merge --county 360701 --db fk/county.db '$fk11' | head -1; [ \$(sqlite3 fk/county.db 'SELECT count(*) FROM quarantine') = 7 ] && [ \$(sqlite3 fk/county.db 'SELECT count(*) FROM imports') = 4 ] && exit 1 || exit 9"
fk13=$(gen fk/f.db K-F 3607010001 primary urban 2 0 26 fk/fork incremental)
expect "the fork's next bundle continues its quarantined continuation: quarantined" 1 \
"conflicts  $fk13: kiosk K-F, school 3607010001, seq 13-14: 0 new, 0 already there, 2 quarantined
           warning: kiosk K-F: the bundle continues seq 12, which is quarantined: its history forks from what was imported at seq 6 (a copied kiosk); seq 13-14 quarantined" \
  bash -c "'$J' merge --county 360701 --db fk/county.db '$fk13' | head -2; exit \${PIPESTATUS[0]}"
g9=$(gen fk/g.db K-F 3607010001 primary urban 2 0 27 fk/a incremental)
g11=$(gen fk/g.db K-F 3607010001 primary urban 2 0 28 fk/a incremental)
expect "the genuine kiosk's 9-10 and 11-12 after the fork's continuation: imported" 0 \
"imported   $g9: kiosk K-F, school 3607010001, seq 9-10: 2 new, 0 already there
imported   $g11: kiosk K-F, school 3607010001, seq 11-12: 2 new, 0 already there" \
  bash -c "'$J' merge --county 360701 --db fk/county.db '$g9' '$g11' | grep -v '^merge'; exit \${PIPESTATUS[0]}"
[ "$(sqlite3 fk/county.db "SELECT group_concat(seq || chain, ',') FROM (SELECT seq, chain FROM responses WHERE kiosk_id = 'K-F' ORDER BY seq)")" == \
  "$(sqlite3 fk/g.db "SELECT group_concat(seq || chain, ',') FROM (SELECT seq, chain FROM responses ORDER BY seq)")" ] \
  && echo "PASS after a fork's continuation the county holds the genuine kiosk's history alone" \
  || { echo "FAIL the county's K-F history is not the genuine kiosk's: $(sqlite3 fk/county.db "SELECT seq, substr(chain, 1, 8) FROM responses WHERE kiosk_id = 'K-F' ORDER BY seq")"; fail=1; }
# Rows quarantined for another reason (a changed questionnaire) are no fork:
# the kiosk's next bundle (teachers only, the official questionnaire)
# continues them, imported, and is no gap (review rquest3: the gap warning
# sent staff to the school to export again, for nothing).
mkdir fk/rigged fk/d && cp "$src/tests/fixtures/surveys-1.0/teacher.json" fk/rigged/
sed 's/"code": "dissatisfied", "label": {"zh-CN": "不满意", "en": "Dissatisfied"}, "score": 1}/"code": "dissatisfied", "label": {"zh-CN": "不满意", "en": "Dissatisfied"}, "score": 1, "satisfied": true}/' \
  "$src/tests/fixtures/surveys-1.0/parent.json" > fk/rigged/parent.json
dr=$(JH_GEN_SURVEYS=$PWD/fk/rigged gen fk/d.db K-D 3607010002 primary urban 2 0 29 fk/d full)
dn=$(gen fk/d.db K-D 3607010002 primary urban 0 2 30 fk/d incremental)
"$J" merge --county 360701 --db fk/county.db "$dr" >fk/rigged.out
grep -q '^conflicts .*2 quarantined' fk/rigged.out || { echo "FAIL the rigged bundle was not quarantined: $(cat fk/rigged.out)"; fail=1; }
expect "rows quarantined for a changed questionnaire, then the kiosk's next bundle: imported, no gap" 0 \
"imported   $dn: kiosk K-D, school 3607010002, seq 3-4: 2 new, 0 already there" \
  bash -c "'$J' merge --county 360701 --db fk/county.db '$dn' | grep -v '^merge'; exit \${PIPESTATUS[0]}"

# An incremental bundle whose predecessor was never merged: imported, with a warning.
mkdir gap
gen k7.db K-G 3607030001 primary rural 2 0 10 gap full >/dev/null
later=$(gen k7.db K-G 3607030001 primary rural 2 0 11 gap incremental)
FPG=$("$b/tests/stats_gen" --fingerprint k7.db 2>/dev/null || true)
expect "incremental bundle with a gap before it" 0 \
"imported   $later: kiosk K-G, school 3607030001, seq 3-4: 2 new, 0 already there (new kiosk K-G: key $FPG pinned for school 3607030001 — check it against the kiosk's admin screen)
           warning: gap: kiosk K-G seq 2 is not imported yet (an earlier bundle is missing)
merge: 1 bundle: 1 imported, 0 unchanged, 0 with conflicts, 0 rejected; 2 new responses, 0 already there, 0 quarantined
merge: 1 kiosk trusted on first use: check its fingerprint" \
  "$J" merge --county 360701 --db county.db "$later"

# A kiosk whose clock was set back between two exports: the later seq range
# has the earlier name, so a folder lists it first.  Each kiosk's bundles
# are merged in seq order, so no gap is reported for seqs the next file
# holds (review rsoak, item 3); other files keep their places.
mkdir cb
STATS_GEN_T0=1791000000000 gen kcb.db K-CB 3607030001 primary rural 2 0 12 cb full >/dev/null
STATS_GEN_T0=1790000000000 gen kcb.db K-CB 3607030001 primary rural 2 0 13 cb incremental >/dev/null
cp "$(ls gap/*.json | head -1)" cb/junheng-zz-other.json
ls cb/*.json | head -1 | grep -q 'incremental-3-4' || { echo "FAIL the set-back kiosk's seq 3-4 is not listed first: $(ls cb)"; fail=1; }
out=$("$J" merge --county 360701 --db cb.db cb 2>&1); rc=$?
[ $rc = 0 ] && [[ "$out" != *"gap:"* ]] && [[ "$(echo "$out" | grep -o 'seq [0-9]*-[0-9]*' | tr '\n' ' ')" == "seq 1-2 seq 3-4 seq 1-2 " ]] \
  && [ "$(sqlite3 cb.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-CB'")" = 4 ] \
  && echo "PASS a kiosk's bundles listed out of seq order (clock set back): merged in seq order, no gap warning" \
  || { echo "FAIL merge of a set-back kiosk's bundles: exit $rc: $out"; fail=1; }

# ... and only where no two ranges overlap: a kiosk put back from an older
# backup exports seqs again under a later name; the earlier export (its
# name's time) is the history, merged first, the later one the fork
# (review rfinal17 1: sorted by seq, the restored 1-4 came before the
# genuine 1-5, and the genuine seq 4-5 were the ones quarantined).
mkdir -p ovl ovl-tmp
gen kov.db K-OV 3607010001 primary urban 3 0 31 ovl-tmp full >/dev/null
sqlite3 kov.db ".backup kovb.db"; cp kov.db.key kovb.db.key
STATS_GEN_T0=1790000000000 gen kov.db K-OV 3607010001 primary urban 2 0 32 ovl full >/dev/null
STATS_GEN_T0=1791000000000 gen kovb.db K-OV 3607010001 primary urban 1 0 33 ovl full >/dev/null
out=$("$J" merge --county 360701 --db ovl.db ovl 2>&1); rc=$?
[[ "$(echo "$out" | grep -o 'seq [0-9]*-[0-9]*' | tr '\n' ' ')" == "seq 1-5 seq 1-4 "* ]] \
  && [ "$(sqlite3 ovl.db 'SELECT count(*) FROM quarantine')" = 1 ] \
  && echo "PASS overlapping bundles of one kiosk in one folder keep the name's order: the later, restored one is the fork" \
  || { echo "FAIL overlapping bundles in one folder: exit $rc: $out"; fail=1; }

# ... but only within one folder: the folders' order is the user's.  After a
# fork, docs/bureau.md rebuilds by merging the genuine kiosk's folder first:
# its seq 6-8 are stored, the copy's 6-10 quarantined (review r2soak 1: the
# two folders' bundles were sorted together, and the copy's history won).
mkdir -p fork/genuine fork/copy
gen kfg.db K-F 3607010001 primary urban 5 0 21 fork/genuine full >/dev/null
sqlite3 kfg.db ".backup kff.db"; cp kfg.db.key kff.db.key
gen kfg.db K-F 3607010001 primary urban 3 0 22 fork/genuine incremental >/dev/null
gen kff.db K-F 3607010001 primary urban 5 0 23 fork/copy full >/dev/null
out=$("$J" merge --county 360701 --db fork.db fork/genuine fork/copy 2>&1); rc=$?
[ "$(sqlite3 fork.db 'SELECT count(*) FROM quarantine')" = 5 ] \
  && [ "$(sqlite3 fork.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-F'")" = 8 ] \
  && [[ "$(echo "$out" | grep -o 'fork/[a-z]*/junheng-K-F-[0-9TZ]*-[a-z]*-[0-9]*-[0-9]*' | sed 's/-[0-9]*T[0-9]*Z//' | tr '\n' ' ')" == "fork/genuine/junheng-K-F-full-1-5 fork/genuine/junheng-K-F-incremental-6-8 fork/copy/junheng-K-F-full-1-10 " ]] \
  && echo "PASS a fork rebuilt folder by folder: the genuine folder first, the copy's 6-10 quarantined" \
  || { echo "FAIL a fork rebuilt folder by folder: exit $rc: $out; quarantined $(sqlite3 fork.db 'SELECT count(*) FROM quarantine')"; fail=1; }

# Keys file and --strict-keys.
printf '# kiosk school key\nK-A 3607010001 %s\n' "$FP1" > keys.txt
newk=$(gen k9.db K-C 3607020001 primary town 2 0 9 other full)
"$J" merge --county 360701 --db strict.db --keys keys.txt >/dev/null
FPC=$(sqlite3 scratch.db "SELECT 1" >/dev/null; "$J" merge --county 360701 --db scratch2.db "$newk" >/dev/null; fp scratch2.db K-C)
expect "strict keys: an unknown kiosk" 1 \
"rejected   $newk: unknown kiosk K-C (key $FPC): not in the keys file and --strict-keys is set
merge: 1 bundle: 0 imported, 0 unchanged, 0 with conflicts, 1 rejected; 0 new responses, 0 already there, 0 quarantined" \
  "$J" merge --county 360701 --db strict.db --strict-keys "$newk"
expect "keys file pins by fingerprint" 0 \
"imported   $good: kiosk K-A, school 3607010001, seq 1-5: 5 new, 0 already there
merge: 1 bundle: 1 imported, 0 unchanged, 0 with conflicts, 0 rejected; 5 new responses, 0 already there, 0 quarantined
merge: questionnaires pinned on first use (compare with the official files, or pin those first with \`junheng surveys\`):
  parent-2026 1.0 $PFP
  teacher-2026 1.0 $TFP" \
  "$J" merge --county 360701 --db strict.db --strict-keys "$good"
"$J" stats --db strict.db --out st2 >/dev/null 2>&1
got_keys=$(/usr/bin/python3 -c '
import json; d = json.load(open("st2/stats.json"))["imports"]
print(" ".join("%s:%s:%s" % (e["kiosk_id"], e["trust"], e["trust_zh"]) for e in d["kiosk_keys"]), d["trusted_on_first_use"],
      " ".join(str(e["key_trust"]) for e in d["log"]))')
[ "$got_keys" == "K-A:keys_file:密钥清单 0 None keys_file" ] && echo "PASS stats.json kiosk keys (keys file)" || { echo "FAIL stats.json kiosk keys (keys file): $got_keys"; fail=1; }
printf 'K-A 3607010001 not-a-key\n' > badkeys.txt
expect "bad keys file" 1 "junheng merge: badkeys.txt:1: expected KIOSK_ID SCHOOL_CODE KEY (64 hex digits or SHA256:xxxx-xxxx-xxxx-xxxx)" \
  "$J" merge --county 360701 --db strict.db --keys badkeys.txt

# Bad register rows.
cp "$src/tests/stats/bad_schools.csv" schools.csv
expect "bad register rows" 1 \
"schools.csv:7: column 'enrolment' (在校生数): expected a whole number ≥ 0, got '12a'
schools.csv:8: column 'level' (学段): expected primary/小学, junior/初中, nine_year/九年一贯制, complete_middle/完全中学 or twelve_year/十二年一贯制, got 'high'
schools.csv:9: column 'equipment_value' (教学仪器设备值): expected a number ≥ 0, got '-600000'
schools.csv:10: column 'code' (学校代码): school code 'S02' already appears on line 3
junheng schools: schools.csv: nothing loaded; correct the rows above and run again" \
  "$J" schools --db county.db schools.csv
[ "$(sqlite3 county.db 'SELECT count(*) FROM schools')" == 0 ] || { echo "FAIL a bad register was loaded"; fail=1; }
expect "template" 0 "$(printf '\xEF\xBB\xBF')学校代码 (code),学校名称 (name),学段 (level),城乡类别 (locality),办学类型 (kind),在校生数（人） (enrolment),小学在校生数（人） (enrolment_primary),初中在校生数（人） (enrolment_junior),高中在校生数（人） (enrolment_senior),专任教师数（人） (teachers),高于规定学历教师数（人） (teachers_above_qualification),中级及以上职称教师数（人） (teachers_intermediate_title),县级以上骨干教师数（人） (backbone_teachers),体育艺术专任教师数（人） (pe_art_teachers),教学及辅助用房面积（平方米） (floor_area),体育运动场馆面积（平方米） (sports_area),教学仪器设备值（元） (equipment_value),网络多媒体教室数（间） (multimedia_classrooms),计算机台数（台） (computers),图书册数（册） (books),小学班级数（个） (classes_primary),初中班级数（个） (classes_junior),小学最大班额（人） (max_class_primary),初中最大班额（人） (max_class_junior),音乐专用教室数（间） (music_rooms),最小音乐专用教室面积（平方米） (music_room_area),美术专用教室数（间） (art_rooms),最小美术专用教室面积（平方米） (art_room_area),持教师资格证专任教师数（人） (certified_teachers),完成五年360学时培训教师数（人） (trained_teachers),教师培训经费（元/年） (training_funds),年度公用经费（元/年） (public_funds),有学校章程 (charter),管理与教学信息化 (it_management),教师运用信息技术教学 (it_teaching),德育与校园文化良好 (moral_education_good),开齐开足课程 (full_curriculum),无过重课业负担 (no_excess_burden)" \
  bash -c "'$J' template schools | tr -d '\r'"
expect "usage error" 2 "junheng stats: unknown or incomplete option '--bogus'
Usage: junheng stats --db COUNTY.db [--out DIR] [OPTIONS]" bash -c "'$J' stats --bogus 2>&1 | head -2; exit \${PIPESTATUS[0]}"
# A kiosk's database or a file that is no database is never turned into a county database.
expect "a kiosk database given as the county database" 3 \
"junheng merge: k1.db: not a county database (a kiosk database or another SQLite file?); give the county database, or a new file name to start one" \
  "$J" merge --county 360701 --db k1.db "$good"
printf 'not a database at all\n%.0s' {1..200} > notes.db
expect "a text file given as the county database" 3 \
"junheng stats: notes.db: not a county database (not even an SQLite file); give the county database, or a new file name to start one" \
  "$J" stats --db notes.db

# A database from a newer junheng is refused, not migrated backwards, and
# left byte for byte: not switched to WAL first (review rmigrate, item 4:
# its header was rewritten before the refusal).
cp county.db newer.db && sqlite3 newer.db "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99" >/dev/null
sum=$(sha256sum < newer.db)
expect "database from a newer version" 3 \
"junheng stats: newer.db: database schema version 99 is newer than this junheng supports (10); use a newer junheng (the file was left untouched)" \
  "$J" stats --db newer.db
[ "$(sha256sum < newer.db)" = "$sum" ] && [ ! -e newer.db-wal ] && echo "PASS the newer database left untouched" \
  || { echo "FAIL the newer database was changed (-wal: $(ls newer.db-wal 2>&1))"; fail=1; }
# ... and one whose schema uses SQL this SQLite cannot parse gets the same
# hint (was "malformed database schema").
sqlite3 newer.db "PRAGMA writable_schema = ON; INSERT INTO sqlite_master VALUES ('table', 'f', 'f', 0, 'CREATE TABLE f(a) FUTURE_OPTION');"
sum=$(sha256sum < newer.db)
expect "database from a newer version, with a schema this SQLite cannot parse" 3 \
"junheng merge: newer.db: database schema version 99 is newer than this junheng supports (10); use a newer junheng (the file was left untouched)" \
  "$J" merge --county 360701 --db newer.db "$good"
[ "$(sha256sum < newer.db)" = "$sum" ] && [ ! -e newer.db-wal ] && echo "PASS the newer unparseable database left untouched" \
  || { echo "FAIL the newer unparseable database was changed"; fail=1; }
# ... and one whose newer first page is still in its WAL (a newer junheng
# killed before its checkpoint), its schema parseable or not: refused as
# newer, the file and its -wal as they were (review r2mig, item 1: closing
# checkpointed the WAL into the file; journal_mode parsed the schema first,
# "malformed database schema").
for u in 0 1; do
  rm -f walnew.db walnew.db-wal walnew.db-shm
  cp county.db walnew.db && sqlite3 walnew.db "PRAGMA journal_mode = WAL" >/dev/null
  q="PRAGMA user_version = 11;"
  [ $u = 1 ] && q="$q PRAGMA writable_schema = ON; INSERT INTO sqlite_master VALUES ('table', 'f', 'f', 0, 'CREATE TABLE f(a) FUTURE_OPTION');"
  sqlite3 walnew.db ".dbconfig no_ckpt_on_close on" "$q" >/dev/null
  [ -s walnew.db-wal ] || { echo "FAIL setup: walnew.db has no -wal file"; fail=1; }
  sum=$(cat walnew.db walnew.db-wal | sha256sum)
  expect "database from a newer version, its first page in the WAL (case $u)" 3 \
"junheng stats: walnew.db: database schema version 11 is newer than this junheng supports (10); use a newer junheng (the file was left untouched)" \
    "$J" stats --db walnew.db
  [ -e walnew.db-wal ] && [ "$(cat walnew.db walnew.db-wal | sha256sum)" = "$sum" ] \
    && echo "PASS the newer database in WAL left untouched (case $u)" \
    || { echo "FAIL the newer database in WAL was changed (case $u; -wal: $(ls walnew.db-wal 2>&1))"; fail=1; }
done
# A database that does not exist is a typo: refused, and none is created.
expect "stats on a database that does not exist" 3 \
"junheng stats: empty.db: there is no county database by this name; check the name (\`junheng merge --db FILE ...\` creates one)" \
  "$J" stats --db empty.db
[ -e empty.db ] && { echo "FAIL stats created empty.db"; fail=1; }
# An empty database: statistics say there is no data instead of failing.
"$J" surveys --db empty.db "$src/tests/fixtures/surveys-1.0/parent.json" > /dev/null
expect "stats on an empty database" 0 \
"stats: 0 responses: 0 submitted, 0 abandoned, 0 flagged
  社会认可度 social recognition (按题次（全部评价题）, headline): - [-, -] vs 85%: - 无数据
  社会认可度 social recognition (按问卷（总体评价）): - [-, -] vs 85%: - 无数据
  抽样要求 sampling rules: cannot be judged
  rectification items 整改项 (the plan, \`junheng rectify --out\`): 0
  resource shortfalls 资源配置整改项 (整改清单, rectification.csv): 0
  evaluation (32 indicators): no data: indicators have no data: it cannot be judged a pass
    veto items: no data; resource allocation no data (0 failed, 7 without data); government assurance no data (0 failed, 15 without data); education quality no data (0 failed, 9 without data); social recognition no data (0 failed, 1 without data)
    county facts not loaded: see \`junheng template county\` and \`junheng county\`
  warning: no school register is loaded (junheng schools): resource indicators, weights and localities from the register are missing" \
  "$J" stats --db empty.db
exit $fail
