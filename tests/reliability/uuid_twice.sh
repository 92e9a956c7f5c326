#!/bin/bash
# uuid_twice.sh - review rattack7, item 3: one UUID at two seqs of the same
# kiosk is one answer; it must not be counted twice.  A bundle signed with
# the kiosk's own key that renumbers answers merged before (seqs 1-10 again
# as 1000-1009, chained on the stored seq 10), and a bundle of a new kiosk
# whose responses share one UUID, are refused naming the kiosk and both
# seqs, nothing stored; the kiosk's full export after its incremental ones
# and a file merged again still merge.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-uuid-twice.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
export LANG=en_US.UTF-8 LANGUAGE=en
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
snapshot() { sqlite3 "$1" .dump | grep -v -e 'INSERT INTO imports' -e "sqlite_sequence" | sha256sum; }
count() { sqlite3 "$1" "SELECT count(*) || '|' || count(DISTINCT uuid) FROM response_rows"; }
# renumber IN OUT FIRST PREV: seqs from FIRST, kind incremental, prev_chain PREV
renumber() {
  python3 - "$@" <<'PY'
import json, sys
src, out, first, prev = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
d = json.load(open(src)); m = d['manifest']
for i, r in enumerate(d['responses']): r['seq'] = first + i
m['kind'] = 'incremental'; m['prev_chain'] = prev
m['first_seq'] = first; m['last_seq'] = first + len(d['responses']) - 1
json.dump(d, open(out, 'w'))
PY
}

mkdir a x
A=$("$F" make kA.db K-A 3607010001 10 full a) || exit 1
"$J" merge --county 360701 --db county.db "$A" >/dev/null 2>&1 || { echo "FAIL merging the genuine bundle"; exit 1; }
last=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['manifest']['last_chain'])" "$A")

# 1. The reviewer's jump: K-A's seqs 1-10 again as 1000-1009, its own key.
renumber "$A" x/tmp.json 1000 "$last"
"$F" edit x/tmp.json x/jump.json --rechain --resign kA.db.key >/dev/null || exit 1
[ "$("$F" verify x/jump.json)" = ok ] || bad "the renumbered bundle does not verify (the forger is wrong)"
before=$(snapshot county.db)
out=$("$J" merge --county 360701 --db county.db x/jump.json 2>&1); rc=$?
if [ $rc -eq 1 ] && [[ "$out" == "rejected   x/jump.json: kiosk K-A: seq 100"?" of this bundle has the UUID "*" of the kiosk's seq "?*", merged before: one answer under two seqs would be counted twice"* ]] &&
   [[ "$out" == *"--replace-key K-A"* ]] && [ "$(snapshot county.db)" = "$before" ]; then
  ok "a kiosk's answers renumbered under its own key are refused, naming the seqs; nothing stored"
else
  bad "the renumbered answers (exit $rc):"; echo "$out" | sed 's/^/    /'
fi
[ "$(count county.db)" = "10|10" ] && ok "10 responses, each once" || bad "counted $(count county.db)"
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db county.db x/jump.json 2>&1)
[[ "$zh" == *"答题机 K-A：这个导出文件的序号 100"?" 与以前合并的序号 "* ]] && ok "... in Chinese" || bad "Chinese: $zh"

# 2. One UUID for all ten responses of a new kiosk's bundle.
mkdir d
D=$("$F" make kD.db K-D 3607010001 10 full d) || exit 1
python3 - "$D" x/tmp2.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); u = d['responses'][0]['uuid']
for r in d['responses']: r['uuid'] = u
json.dump(d, open(sys.argv[2], 'w'))
PY
"$F" edit x/tmp2.json x/dup.json --kiosk K-D2 --rechain --resign new >/dev/null || exit 1
before=$(snapshot county.db)
out=$("$J" merge --county 360701 --db county.db x/dup.json 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == "rejected   x/dup.json: kiosk K-D2: seq 1 and seq 2 of this bundle have the same UUID "* ]] &&
  [ "$(snapshot county.db)" = "$before" ] && [ "$(sqlite3 county.db "SELECT count(*) FROM kiosks WHERE kiosk_id = 'K-D2'")" = 0 ] \
  && ok "a bundle whose responses share one UUID is refused, nothing stored, no key pinned" || bad "one UUID inside a bundle (exit $rc): $out"

# 3. What is no repeat still merges: the next bundle, the full export
# after incremental ones, a file merged again.
mkdir c
I1=$("$F" make kA.db K-A 3607010001 3 incremental c) || exit 1
out=$("$J" merge --county 360701 --db county.db "$I1" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "imported   $I1: kiosk K-A, school 3607010001, seq 11-13: 3 new"* ]] && ok "K-A's next bundle merges" || bad "next (exit $rc): $out"
FA=$("$F" make kA.db K-A 3607010001 2 full c) || exit 1
out=$("$J" merge --county 360701 --db county.db "$FA" "$A" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == "imported   $FA: kiosk K-A, school 3607010001, seq 1-15: 2 new, 13 already there"* ]] &&
  [[ "$out" == *"unchanged  $A"* ]] && [ "$(count county.db)" = "15|15" ] \
  && ok "the full export after incremental ones and a file merged again merge" || bad "full export (exit $rc, $(count county.db)): $out"
exit $fail
