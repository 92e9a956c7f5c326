#!/bin/bash
# Review rquest3, items 1 and 7: a kiosk whose parents' questionnaire file
# was edited without a new version.  Only the answers to that definition are
# quarantined: the kiosk's teacher answers (an unchanged, pinned
# questionnaire) merge; the next bundle after a quarantined answer is no
# gap; a full export again counts the stored answers as already there and
# does not tell the bureau to export again; junheng stats says answers are
# in quarantine.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-changed-q.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
export JH_GEN_SCALE=1 # nobody abandons or answers too fast: every answer has its seq
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
q() { sqlite3 county.db "$1"; }

S10="$src/tests/fixtures/surveys-1.0"
# The edited file: same id and version, 不满意 counted as satisfied.
mkdir edited && cp "$S10/teacher.json" edited/
sed 's/"code": "dissatisfied", "label": {"zh-CN": "不满意", "en": "Dissatisfied"}, "score": 1}/"code": "dissatisfied", "label": {"zh-CN": "不满意", "en": "Dissatisfied"}, "score": 1, "satisfied": true}/' \
  "$S10/parent.json" > edited/parent.json
cmp -s edited/parent.json "$S10/parent.json" && { echo "FAIL the edit did not apply"; exit 1; }
"$J" --lang en surveys --db county.db "$S10/parent.json" "$S10/teacher.json" > surveys.out 2>&1 || { cat surveys.out; exit 1; }
PFP=$(sed -n 's/^pinned *parent-2026 1.0: \(SHA256:[-0-9a-f]*\)$/\1/p' surveys.out)
EFP=$("$J" --lang en surveys --db scratch.db edited/parent.json 2>/dev/null | sed -n 's/^pinned *parent-2026 1.0: //p')
DIFF="questionnaire parent-2026 version 1.0 differs from the county's pinned definition (this bundle's $EFP, pinned $PFP from the official file): a kiosk with a changed questionnaire"
ADVICE="not counted (the questionnaire file on the kiosk was edited without a new version number: have the school put back the official file, or give the edited questionnaire a new version, docs/questionnaire-format.md; the kiosk's other answers are merged)"

mkdir a b c d e
A=$(gen k.db K-Q 3607010001 primary urban 1 1 1 a full)                              # seq 1-2
B=$(JH_GEN_SURVEYS=$PWD/edited gen k.db K-Q 3607010001 primary urban 1 2 2 b incremental) # seq 3 edited, 4-5
C=$(JH_GEN_SURVEYS=$PWD/edited gen k.db K-Q 3607010001 primary urban 1 0 3 c incremental) # seq 6 edited
D=$(JH_GEN_SURVEYS=$PWD/edited gen k.db K-Q 3607010001 primary urban 0 1 4 d incremental) # seq 7
E=$(JH_GEN_SURVEYS=$PWD/edited gen k.db K-Q 3607010001 primary urban 0 1 5 e full)        # seq 1-8

"$J" merge --county 360701 --db county.db "$A" > /dev/null 2>&1 || { echo "FAIL merging the first bundle"; fail=1; }
expect "the edited questionnaire's answer is quarantined, the teachers' merge" 1 \
"conflicts  $B: kiosk K-Q, school 3607010001, seq 3-5: 2 new, 0 already there, 1 quarantined
           warning: $DIFF: its 1 response to it quarantined, $ADVICE" \
  bash -c "'$J' --lang en merge --county 360701 --db county.db '$B' | grep -v '^merge'; exit \${PIPESTATUS[0]}"
check "... the teachers' answers are stored" [ "$(q "SELECT group_concat(seq) FROM responses WHERE kiosk_id = 'K-Q'")" == "1,2,4,5" ]
check "... the parent's is in quarantine" [ "$(q "SELECT group_concat(seq) FROM quarantine")" == 3 ]
expect "a bundle after it, all to the edited questionnaire" 1 \
"conflicts  $C: kiosk K-Q, school 3607010001, seq 6-6: 0 new, 0 already there, 1 quarantined
           warning: $DIFF: its 1 response to it quarantined, $ADVICE" \
  bash -c "'$J' --lang en merge --county 360701 --db county.db '$C' | grep -v '^merge'; exit \${PIPESTATUS[0]}"
expect "the next bundle continues a quarantined answer: no gap" 0 \
"imported   $D: kiosk K-Q, school 3607010001, seq 7-7: 1 new, 0 already there" \
  bash -c "'$J' --lang en merge --county 360701 --db county.db '$D' | grep -v '^merge'; exit \${PIPESTATUS[0]}"
expect "a full export again: the stored answers are already there, the two quarantined again" 1 \
"conflicts  $E: kiosk K-Q, school 3607010001, seq 1-8: 1 new, 5 already there, 2 quarantined
           warning: $DIFF: its 2 responses to it quarantined, $ADVICE" \
  bash -c "'$J' --lang en merge --county 360701 --db county.db '$E' | grep -v '^merge'; exit \${PIPESTATUS[0]}"
check "... stored: every answer but the edited questionnaire's" \
  [ "$(q "SELECT group_concat(seq) FROM (SELECT seq FROM responses WHERE kiosk_id = 'K-Q' ORDER BY seq)")" == "1,2,4,5,7,8" ]
check "... quarantined: those two only" [ "$(q "SELECT group_concat(seq) FROM (SELECT DISTINCT seq FROM quarantine ORDER BY seq)")" == "3,6" ]
expect "junheng stats warns that answers are in quarantine" 0 \
"  warning: 2 answers are in quarantine and not counted in these figures: answers that arrived again with other content (a copied kiosk) or answer a questionnaire edited on a kiosk without a new version; which and why: the import log (import_log.csv) and the messages of junheng merge" \
  bash -c "'$J' --lang en stats --db county.db --out st | grep 'quarantine'; exit \${PIPESTATUS[0]}"
expect "... in Chinese too" 0 \
"  提示：有 2 份答卷被隔离，未计入本统计：以其他内容再次到达的（答题机被复制），或所答问卷在答题机上被改动而未改版本号的；是哪些、为什么，见导入日志（import_log.csv）和 junheng merge 的提示" \
  bash -c "'$J' --lang zh stats --db county.db --out st | grep '隔离'; exit \${PIPESTATUS[0]}"
cov=$(/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["imports"]
k = [e for e in d["coverage"] if e["kiosk_id"] == "K-Q"][0]
print(k["missing"], k["missing_ranges"], k.get("quarantined"), d["missing_responses"])' st/stats.json)
check "the quarantined seqs 3 and 6 are not missing exports ($cov)" [ "$cov" == "0 [] 2 0" ]

# Review r2quest3 item 2: a copied kiosk's fork is quarantined too, but those
# seqs were not received from the genuine kiosk: its answers 5-6, never
# merged, stay missing (only a changed questionnaire's rows count as received).
mkdir f1 f2 f3 f4 f5
F1=$(gen f.db K-F 3607010002 primary urban 1 1 1 f1 full)            # seq 1-2
for x in "" .identity .key; do cp "f.db$x" "g.db$x"; done             # the copy
F2=$(gen f.db K-F 3607010002 primary urban 1 1 2 f2 incremental)     # genuine 3-4
F3=$(gen g.db K-F 3607010002 primary urban 2 2 3 f3 incremental)     # copy 3-6: a fork
gen f.db K-F 3607010002 primary urban 1 1 4 f4 incremental > /dev/null # genuine 5-6, never merged
F5=$(gen f.db K-F 3607010002 primary urban 1 1 5 f5 incremental)     # genuine 7-8
for x in "$F1" "$F2" "$F3" "$F5"; do "$J" merge --county 360701 --db fork.db "$x" > /dev/null 2>&1; done
check "... the copy's 5-6 are quarantined" [ "$(sqlite3 fork.db "SELECT group_concat(seq) FROM (SELECT DISTINCT seq FROM quarantine WHERE seq > 4 ORDER BY seq)")" == "5,6" ]
"$J" --lang en stats --db fork.db --out fst > /dev/null 2>&1
cov=$(/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["imports"]
k = [e for e in d["coverage"] if e["kiosk_id"] == "K-F"][0]
print(k["missing"], k["missing_ranges"], d["missing_responses"])' fst/stats.json)
check "a fork's quarantined seqs are still missing from the genuine kiosk ($cov)" [ "$cov" == "2 [{'from': 5, 'to': 6}] 2" ]
exit $fail
