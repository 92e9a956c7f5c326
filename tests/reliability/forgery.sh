#!/bin/bash
# forgery.sh - forgery and replay against `junheng merge`.  A forger
# (tests/reliability/forge.c) edits genuine kiosk bundles: naively, with every
# hash recomputed, and re-signed with a key of its own; bundles are renamed,
# sent twice, and sent stale.  Every forgery must be rejected with its reason
# and leave the county database exactly as it was (all tables but the import
# log, which records each attempt); replays must change nothing.
#
# The forger is checked first: re-signing a genuine bundle with the kiosk's
# real key reproduces it byte for byte, so the forgeries are as good as a
# forger without the kiosk's secret key can make them.
#
# The exact messages of truncated, edited, unknown-key, duplicate, conflicting
# and forked bundles are golden cases in tests/stats/cli.sh (stats area).
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
if ! "$J" merge --help >/dev/null 2>&1; then echo "SKIP: junheng merge is not built"; exit 77; fi
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-forgery.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0 n_cases=0
ok() { echo "PASS $1"; n_cases=$((n_cases + 1)); }
bad() { echo "FAIL $1"; fail=1; n_cases=$((n_cases + 1)); }
# Everything the county knows, except the import log (it records attempts).
snapshot() {
  sqlite3 county.db .dump | grep -v -e 'INSERT INTO imports' -e "sqlite_sequence" | sha256sum
}
# reject DESC FILE REASON: merge must reject FILE with REASON and change nothing.
reject() {
  local desc=$1 file=$2 reason=$3 before out rc
  before=$(snapshot)
  out=$("$J" merge --county 360701 --db county.db "$file" 2>&1); rc=$?
  local first=${out%%$'\n'*}
  if [ $rc -ne 1 ] || [[ "$first" != "rejected   $file: "* ]] || [[ "$first" != *"$reason"* ]]; then
    bad "$desc: expected rejection with \"$reason\" (exit $rc):"; echo "$out" | sed 's/^/    /'
  elif [ "$(snapshot)" != "$before" ]; then
    bad "$desc: rejected, but the county database changed"
  else
    ok "$desc: ${first#rejected   $file: }"
  fi
}
# unchanged DESC FILE: merge accepts FILE as already there; nothing changes.
unchanged() {
  local desc=$1 file=$2 before out rc
  before=$(snapshot)
  out=$("$J" merge --county 360701 --db county.db "$file" 2>&1); rc=$?
  if [ $rc -ne 0 ] || [[ "$out" != "unchanged  $file: "*" 0 new, "* ]]; then
    bad "$desc (exit $rc):"; echo "$out" | sed 's/^/    /'
  elif [ "$(snapshot)" != "$before" ]; then
    bad "$desc: the county database changed"
  else
    ok "$desc"
  fi
}

mkdir a b c
A=$("$F" make kA.db K-A 3607010001 5 full a) || exit 1   # school A's kiosk
B=$("$F" make kB.db K-B 3607020001 4 full b) || exit 1   # school B's kiosk
"$F" edit "$A" a/resigned.json --rechain --resign kA.db.key
if cmp -s "$A" a/resigned.json; then ok "forger: re-signing with the kiosk's own key reproduces the bundle"
else bad "forger: re-signing with the kiosk's own key changes the bundle (the forger is wrong)"; fi
out=$("$J" merge --county 360701 --db county.db "$A" "$B" 2>&1) || { bad "merging the genuine bundles: $out"; }
FP_A=$(sqlite3 county.db "SELECT fingerprint FROM kiosks WHERE kiosk_id = 'K-A'")

# An edited answer: as is, with hashes recomputed, and re-signed.
"$F" edit "$A" c/edit-naive.json --answer 0
reject "edited answer" c/edit-naive.json "response 1 (seq 1) was edited: its hash does not match"
"$F" edit "$A" c/edit-rechained.json --answer 2 --rechain
reject "edited answer, chain and manifest hashes recomputed" c/edit-rechained.json \
  "signature does not verify with the key in the manifest"
"$F" edit "$A" c/edit-resigned.json --answer 2 --rechain --resign new
[ "$("$F" verify c/edit-resigned.json)" = ok ] && ok "forger: the re-signed forgery is a well-formed bundle" \
  || bad "forger: the re-signed forgery does not even read: $("$F" verify c/edit-resigned.json)"
reject "edited answer, re-signed with an unknown key" c/edit-resigned.json "unknown key for kiosk K-A"
reject "edited answer, re-signed with an unknown key" c/edit-resigned.json "expected $FP_A"

# Removed and reordered responses.
"$F" edit "$A" c/drop-naive.json --drop 2
reject "removed response" c/drop-naive.json "response seq 3 is missing (sequence jumps from 2 to 4)"
"$F" edit "$A" c/drop-renumbered.json --drop 2 --renumber --rechain
reject "removed response, renumbered and rechained" c/drop-renumbered.json \
  "signature does not verify with the key in the manifest"
"$F" edit "$A" c/drop-resigned.json --drop 2 --renumber --rechain --resign new
reject "removed response, renumbered, rechained, re-signed" c/drop-resigned.json "unknown key for kiosk K-A"
"$F" edit "$A" c/swap-naive.json --swap 1
reject "reordered responses" c/swap-naive.json "responses out of order at position 3: seq 2 follows seq 3"
"$F" edit "$A" c/swap-resigned.json --swap 1 --rechain --resign new
reject "reordered responses, rechained and re-signed" c/swap-resigned.json "responses out of order"

# One school's bundle passed off as another's.
"$F" edit "$A" c/school-naive.json --school 3607020001
reject "school code edited" c/school-naive.json "signature does not verify with the key in the manifest"
"$F" edit "$A" c/school-resigned.json --school 3607020001 --resign new
reject "school code edited and re-signed" c/school-resigned.json "unknown key for kiosk K-A"
# A repeated key in a response's answers (review rattack5, item 5): refused as
# repeated, naively or with every hash recomputed and re-signed (the reader
# finds it before any hash).  (The review's v/dupkey.json repeated no key:
# it added "comment" to an abandoned response that had none, after signing,
# which is an edit.)
python3 - "$A" c/dupkey-naive.json <<'PY' || bad "making a bundle with a repeated key"
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r'"answers":\{("[^"]+":"[^"]*")', lambda m: '"answers":{' + m.group(1) + ',' + m.group(1), t, count=1)
open(sys.argv[2], "w", encoding="utf-8").write(t)
PY
item=$(grep -o '"answers":{"[^"]*"' c/dupkey-naive.json | head -1 | cut -d'"' -f4)
reject "a repeated answer key" c/dupkey-naive.json "response 1 (seq 1).answers: item '$item' appears twice"
"$F" edit c/dupkey-naive.json c/dupkey-resigned.json --rechain --resign new
grep -q "\"$item\":\"[^\"]*\",\"$item\":" c/dupkey-resigned.json || bad "the forger dropped the repeated key"
reject "a repeated answer key, rechained and re-signed" c/dupkey-resigned.json \
  "response 1 (seq 1).answers: item '$item' appears twice"
# A genuine bundle of school B under a file name of school A: the name means
# nothing, the signed manifest decides.
cp "$B" "c/$(basename "$A")"
unchanged "school B's bundle renamed as school A's is filed under B (already there)" "c/$(basename "$A")"
n=$(sqlite3 county.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-A'")
[ "$n" = 5 ] && ok "school A still has exactly its own 5 responses" || bad "school A has $n responses, expected 5"
rm -f county2.db
out=$("$J" merge --county 360701 --db county2.db "c/$(basename "$A")" 2>&1)
[[ "$out" == *"kiosk K-B, school 3607020001"* ]] && ok "a renamed bundle merges as the school its manifest names" \
  || bad "renamed bundle: $out"

# Replays: the same bundle again, a stale incremental after newer data.
unchanged "the same bundle twice" "$A"
I1=$("$F" make kA.db K-A 3607010001 3 incremental a)
I2=$("$F" make kA.db K-A 3607010001 2 incremental a)
"$J" merge --county 360701 --db county.db "$I1" "$I2" >/dev/null || bad "merging two incrementals"
unchanged "a stale incremental bundle merged again" "$I1"
F2=$("$F" make kA.db K-A 3607010001 0 full a)
unchanged "a full bundle overlapping everything merged" "$F2"
n=$(sqlite3 county.db "SELECT count(*) || '/' || count(DISTINCT seq) FROM responses WHERE kiosk_id = 'K-A'")
[ "$n" = "10/10" ] && ok "kiosk K-A: 10 responses, each once" || bad "kiosk K-A: $n responses/distinct seqs, expected 10/10"

# A kiosk the county has never seen is trusted on first use unless keys are
# pinned beforehand (--keys, --strict-keys: golden cases in tests/stats/cli.sh).

n_rej=$(sqlite3 county.db "SELECT count(*) FROM imports WHERE verdict = 'rejected'")
echo "forgery: $n_cases cases, $n_rej forged bundles rejected and logged"
exit $fail
