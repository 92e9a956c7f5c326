#!/bin/bash
# old_key.sh - review rattack7, item 2: after --replace-key the old key
# (maybe in other hands: that is why it was replaced) brings only answers
# merged already.  Made-up answers signed with it in seqs the kiosk never
# used (below the highest merged when it was replaced: a new database's or
# a restore's block leaves such gaps) are refused, nothing stored; a file of
# the stick merged again is unchanged; the new key's full export merges.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-old-key.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
export LANG=en_US.UTF-8 LANGUAGE=en
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
snapshot() { sqlite3 "$1" .dump | grep -v -e 'INSERT INTO imports' -e "sqlite_sequence" | sha256sum; }
# fresh IN OUT FIRST PREV: IN's answers with new UUIDs, seqs from FIRST, chained on PREV
fresh() {
  python3 - "$@" <<'PY'
import json, sys, uuid
src, out, first, prev = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
d = json.load(open(src)); m = d['manifest']
for i, r in enumerate(d['responses']): r['seq'] = first + i; r['uuid'] = str(uuid.uuid4())
m['kind'] = 'incremental'; m['prev_chain'] = prev
m['first_seq'] = first; m['last_seq'] = first + len(d['responses']) - 1
json.dump(d, open(out, 'w'))
PY
}
lastc() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['manifest']['last_chain'])" "$1"; }

mkdir a x n
A=$("$F" make kA.db K-A 3607010001 10 full a) || exit 1
# the kiosk's seqs jump to 1000 (its database was made again): a block of unused seqs
fresh "$A" x/t.json 1000 "$(lastc "$A")"; "$F" edit x/t.json x/jump.json --rechain --resign kA.db.key >/dev/null || exit 1
"$J" merge --county 360701 --db rk.db "$A" x/jump.json >/dev/null 2>&1 || { echo "FAIL merging the kiosk's bundles"; exit 1; }
# its key file is lost; it makes a new key; the bureau accepts it
mv kA.db.key old.key
N=$("$F" make kA.db K-A 3607010001 1 full n 2>/dev/null) || exit 1
pk=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['manifest']['public_key'])" "$N")
echo "K-A 3607010001 $pk" > keys.txt
out=$("$J" merge --county 360701 --db rk.db --keys keys.txt --replace-key K-A 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"bundles signed with the old key merge only where they bring answers merged already"* ]] \
  && ok "--replace-key says the old key brings only answers merged already" || bad "--replace-key (exit $rc): $out"

# 1. The reviewer's attack: 10 made-up answers at seqs 11-20 (never used:
# below 1009, the highest merged at the replacement), chained on seq 10,
# signed with the old key.
fresh "$A" x/t.json 11 "$(lastc "$A")"; "$F" edit x/t.json x/gap.json --rechain --resign old.key >/dev/null || exit 1
before=$(snapshot rk.db)
out=$("$J" merge --county 360701 --db rk.db x/gap.json 2>&1); rc=$?
if [ $rc -eq 1 ] && [[ "$out" == "rejected   x/gap.json: kiosk K-A: this bundle is signed with the kiosk's old key "*", which was replaced by "*"; after the replacement the old key brings only answers merged already"*"seq 11 of this bundle was never merged: refused, nothing stored"*"press Export all on the kiosk"* ]] &&
   [ "$(snapshot rk.db)" = "$before" ]; then
  ok "new answers under the old key in unused seqs are refused, nothing stored"
else
  bad "the old key's new answers (exit $rc):"; echo "$out" | sed 's/^/    /'
fi
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db rk.db x/gap.json 2>&1)
[[ "$zh" == *"旧公钥"*"序号 11 从未合并过"* ]] && [[ "$zh" != *"after the replacement"* ]] && ok "... in Chinese" || bad "Chinese: $zh"
# 2. A file of the stick merged again, and the same answers in another
# file (a full export under the old key of what is stored), are unchanged.
out=$("$J" merge --county 360701 --db rk.db "$A" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "unchanged  $A"* ]] && ok "a file merged before, signed with the old key, is unchanged" || bad "re-merge (exit $rc): $out"
"$F" edit "$A" x/again.json --set manifest.kind incremental --resign old.key >/dev/null || exit 1
out=$("$J" merge --county 360701 --db rk.db x/again.json 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "unchanged  x/again.json: kiosk K-A, school 3607010001, seq 1-10: 0 new, 10 already there"* ]] \
  && ok "another file of stored answers signed with the old key is unchanged" || bad "old key repeat (exit $rc): $out"
# 3. The new key's full export merges (its one new answer).
out=$("$J" merge --county 360701 --db rk.db "$N" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "imported   $N: kiosk K-A"*": 1 new"* ]] && ok "the new key's full export merges" || bad "new key (exit $rc): $out"
[ "$(sqlite3 rk.db 'SELECT count(*) FROM response_rows')" = 21 ] && ok "21 responses stored" || bad "stored $(sqlite3 rk.db 'SELECT count(*) FROM response_rows')"
exit $fail
