#!/bin/bash
# copies_order.sh - review r3copy: a copy of kiosk K-A's answers split into
# small bundles under kiosk id K-Y (copy_split.py), merged in any order with
# the genuine bundles: before, between and after them, in one run or in
# several.  Some copy bundles hold none of the genuine bundles' uuid marks
# and merge ("free"); a later one is caught.  The catch must condemn K-Y
# only: only K-Y's rows move to quarantine, only K-Y is remembered as
# caught, the counted responses are the genuine answers once, K-A's later
# bundles still merge, and stats names K-Y, not K-A (item 1).  The scan
# after a catch keeps the kiosk a caught copy repeats whatever came first
# (section 7).
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-copies-order.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
export LANG=en_US.UTF-8 LANGUAGE=en
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
q() { sqlite3 "$@"; }

mkdir g b y
# K-A's answers in two incremental bundles (1-60, 61-120) and one full (1-120)
I1=$("$F" make kA.db K-A 3607010001 60 incremental g) || exit 1
I2=$("$F" make kA.db K-A 3607010001 60 incremental g) || exit 1
A=$("$F" make kA.db K-A 3607010001 0 full g) || exit 1
B=$("$F" make kB.db K-B 3607020001 30 full b) || exit 1
python3 "$src/tests/reliability/copy_split.py" "$A" y K-Y 4 "$F" >/dev/null 2>&1 || { echo "FAIL splitting"; exit 1; }
"$J" merge --county 360701 --db base.db "$B" >/dev/null 2>&1 || { echo "FAIL merging $B"; exit 1; }
q base.db "UPDATE meta SET value = '00112233445566778899aabbccddeeff' WHERE key = 'uuid_mark_key'; DELETE FROM uuid_marks"

# classify GENUINE...: the copy bundles that merge after the genuine
# bundles (FREE) and those caught (CAUGHT)
classify() {
  FREE=(); CAUGHT=()
  cp base.db probe.db; "$J" merge --county 360701 --db probe.db "$@" >/dev/null 2>&1
  for f in y/*.json; do
    cp probe.db p.db
    if "$J" merge --county 360701 --db p.db "$f" >/dev/null 2>&1; then FREE+=("$f"); else CAUGHT+=("$f"); fi
  done
  rm -f probe.db* p.db*
}
# after DB DESC: the checks of item 1 on DB after the catch
after() {
  local db=$1 d=$2 got
  got=$(q "$db" "SELECT kiosk_id || ':' || count(*) || ':' || count(DISTINCT uuid) FROM responses GROUP BY kiosk_id ORDER BY 1" | tr '\n' ' ')
  [ "$got" = "K-A:120:120 K-B:30:30 " ] && ok "$d: counted are the genuine answers once" || bad "$d: counted $got"
  got=$(q "$db" "SELECT kiosk_id || '>' || other_kiosk FROM copied_kiosks ORDER BY 1" | tr '\n' ' ')
  [ "$got" = "K-Y>K-A " ] && ok "$d: only K-Y is remembered as caught" || bad "$d: copied_kiosks $got"
  got=$(q "$db" "SELECT DISTINCT kiosk_id FROM quarantine" | tr '\n' ' ')
  [ -z "$got" ] || [ "$got" = "K-Y " ] && ok "$d: only K-Y's rows are in quarantine" || bad "$d: quarantine holds $got"
  cp "$db" later.db
  local n; n=$("$F" make kA.db K-A 3607010001 2 full g) || exit 1
  local out; out=$("$J" merge --county 360701 --db later.db "$n" 2>&1)
  [[ "$out" == "imported   $n: kiosk K-A"* ]] && ok "$d: K-A's next bundle still merges" || bad "$d: K-A's next bundle: $out"
  "$J" stats --db "$db" --out "st-$db" >/dev/null 2>&1 || bad "$d: stats"
  local w; w=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('\n'.join(d['warnings']))" "st-$db/stats.json")
  [[ "$w" != *"kiosk K-A was caught"* ]] && [[ "$w" == *"kiosk K-Y was caught holding kiosk K-A's answers"*"none of it is counted"* ]] \
    && ok "$d: stats names K-Y as the copy, not K-A" || bad "$d: stats warnings: $w"
  local miss; miss=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['imports']['missing_responses'])" "st-$db/stats.json")
  [ "$miss" = 0 ] && ok "$d: no genuine response counted as missing" || bad "$d: missing_responses $miss"
}

# 1. The reviewer's order, one run: two free copy bundles, the genuine full
# bundle, then caught ones.
classify "$A"
echo "    after the full bundle: ${#FREE[@]} copy bundles free, ${#CAUGHT[@]} caught"
if [ ${#FREE[@]} -ge 2 ] && [ ${#CAUGHT[@]} -ge 2 ]; then
  cp base.db one.db
  out=$("$J" merge --county 360701 --db one.db "${FREE[0]}" "${FREE[1]}" "$A" "${CAUGHT[0]}" "${CAUGHT[1]}" 2>&1)
  first=$(grep -m1 '^rejected ' <<<"$out")
  [[ "$first" == "rejected   ${CAUGHT[0]}: a copy of another kiosk's answers: this bundle of kiosk K-Y "*" 8 responses of kiosk K-Y merged before repeat another kiosk's: they are moved to quarantine now"* ]] \
    && ok "one run: the catch names K-Y and the 8 answers of it moved" || bad "one run: $out"
  # item 4 of the review: the summary counts the 8 moved, and the import
  # log's rows of K-Y's earlier bundles say their answers were moved and why
  sum=$(grep '^merge: 5 bundles' <<<"$out")
  [ "$sum" = "merge: 5 bundles: 3 imported, 0 unchanged, 0 with conflicts, 2 rejected; 128 new responses, 0 already there, 8 quarantined" ] \
    && ok "the merge summary counts the 8 answers the catch moved" || bad "the summary: $sum"
  got=$(q -separator '|' one.db "SELECT verdict, n_new, n_quarantined, reason FROM imports WHERE file = '${FREE[0]}'")
  [[ "$got" == "imported|4|4|"*"4 of its answers were moved to quarantine later, not counted: kiosk K-Y was caught holding kiosk K-A's answers (the same UUIDs)" ]] \
    && ok "the import log's row of a free copy bundle says its 4 answers were moved and why" || bad "import log row: $got"
  zh=$(cd "$t" && cp base.db zh.db && env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db zh.db "${FREE[0]}" "$A" "${CAUGHT[0]}" 2>&1 | grep '^导入：共')
  got=$(q zh.db "SELECT reason FROM imports WHERE file = '${FREE[0]}'")
  [[ "$got" == *"4 份答卷后来被移入隔离区，未计入：答题机 K-Y 被查出持有答题机 K-A 的答卷（答卷编号 UUID 相同）" ]] &&
    [[ "$zh" == *"隔离 4 份" ]] \
    && ok "... in Chinese at a Chinese merge" || bad "Chinese import log row: $got / $zh"
  after one.db "one run, copies before the genuine bundle"
  # 2. The same in several runs.  The kiosk the county knew first wins
  # (judge_copy: a forgery claiming seq 1 must not beat an established
  # kiosk, second review r2attack): when the genuine kiosk's very first
  # bundle comes in a run after copy pieces that hold its marks, it is the
  # one refused, and its refusal gives the way out (docs/bureau.md, "Copied
  # answers"); when it merges, the later catch condemns K-Y only.
  cp base.db sev.db
  for f in "${FREE[0]}" "${FREE[1]}"; do "$J" merge --county 360701 --db sev.db "$f" >/dev/null 2>&1; done
  before=$(q sev.db "SELECT count(*) FROM response_rows")
  outa=$("$J" merge --county 360701 --db sev.db "$A" 2>&1); rca=$?
  if [ $rca -eq 1 ]; then
    [[ "$outa" == "rejected   $A: a copy of another kiosk's answers: this bundle of kiosk K-A"*"In the rarer case that kiosk K-A is the real one and kiosk K-Y the copy"*"make the county database again from the bundles without kiosk K-Y's files"* ]] &&
      [ "$(q sev.db "SELECT count(*) FROM response_rows")" = "$before" ] \
      && ok "several runs, copy pieces first: the kiosk known first wins, the genuine bundle is refused with the way out, nothing of it stored" \
      || bad "several runs, copy pieces first (exit $rca): $outa"
  else
    # both merged: the later catch condemns one of the two (K-Y, or K-A
    # when K-Y's caught piece continues its chain from seq 1: first come),
    # and every answer is counted once
    "$J" merge --county 360701 --db sev.db "${CAUGHT[0]}" >/dev/null 2>&1
    got=$(q sev.db "SELECT count(*) || '|' || count(DISTINCT uuid) FROM responses")
    nk=$(q sev.db "SELECT count(*) FROM copied_kiosks")
    [ "$got" = "150|150" ] && [ "$nk" = 1 ] \
      && ok "several runs, copy pieces first: one kiosk caught, every answer counted once" \
      || bad "several runs: counted $got, $nk kiosks caught"
  fi
  # 3. The genuine bundle first (as before the review).
  cp base.db aft.db
  for f in "$A" "${FREE[0]}" "${FREE[1]}" "${CAUGHT[0]}"; do "$J" merge --county 360701 --db aft.db "$f" >/dev/null 2>&1; done
  after aft.db "copies after the genuine bundle"
else
  bad "no free and caught copy bundles to test with"
fi
# 4. Between the genuine incremental bundles.
classify "$I1" "$I2"
echo "    after the incremental bundles: ${#FREE[@]} copy bundles free, ${#CAUGHT[@]} caught"
if [ ${#FREE[@]} -ge 2 ] && [ ${#CAUGHT[@]} -ge 1 ]; then
  cp base.db btw.db
  "$J" merge --county 360701 --db btw.db "$I1" "${FREE[0]}" >/dev/null 2>&1
  "$J" merge --county 360701 --db btw.db "${FREE[1]}" "$I2" "${CAUGHT[0]}" >/dev/null 2>&1
  after btw.db "copies between the genuine bundles"
else
  bad "no free and caught copy bundles to test with (incremental)"
fi

# 5. Item 3: the copy split over 30 new kiosk ids (a bundle of 4 each,
# each with a key of its own).  The marks catch some ids; the others merge.
# After the catch the merge looks at every stored UUID: the later kiosk of
# each UUID held twice is a copy (the first imported wins), moved to
# quarantine and named.
mkdir z
python3 - "$A" z "$F" <<'PY' || bad "splitting over many ids"
import json, os, subprocess, sys
src, out, forge = sys.argv[1:4]
d = json.load(open(src)); resp = d['responses']
for n, i in enumerate(range(0, len(resp), 4)):
    part = resp[i:i + 4]; e = json.loads(json.dumps(d)); e['responses'] = part
    m = e['manifest']; m['kind'] = 'incremental'; m['prev_chain'] = ''
    m['first_seq'] = part[0]['seq']; m['last_seq'] = part[-1]['seq']
    tmp = os.path.join(out, 'tmp.json'); json.dump(e, open(tmp, 'w'))
    name = os.path.join(out, 'junheng-K-Z%02d-20261121T060000Z-incremental-%d-%d.json' % (n, part[0]['seq'], part[-1]['seq']))
    subprocess.check_call([forge, 'edit', tmp, name, '--kiosk', 'K-Z%02d' % n, '--rechain', '--resign', 'new'],
                          stdout=subprocess.DEVNULL)
os.remove(tmp)
PY
scan() {
  local db=$1 d=$2 out=$3 nimp=$4 nq got
  nq=$(q "$db" "SELECT count(*) FROM quarantine")
  got=$(q "$db" "SELECT count(*) || '|' || count(DISTINCT uuid) FROM response_rows")
  [ "$got" = "150|150" ] && [ "$nq" = $((4 * nimp)) ] && [ "$nimp" -gt 0 ] \
    && ok "$d: each answer counted once ($nimp copy bundles had merged: their $nq answers in quarantine)" \
    || bad "$d: rows|uuids $got, $nq in quarantine, $nimp copy bundles merged"
  got=$(q "$db" "SELECT count(*) FROM copied_kiosks WHERE kiosk_id LIKE 'K-Z%' AND other_kiosk = 'K-A'")
  [ "$got" = "$5" ] && [ "$(q "$db" "SELECT count(*) FROM copied_kiosks WHERE kiosk_id NOT LIKE 'K-Z%'")" = 0 ] \
    && ok "$d: the $5 copy ids are remembered as caught, K-A is not" || bad "$d: copied_kiosks $(q "$db" "SELECT * FROM copied_kiosks")"
  [[ "$out" == *"merge: after the catch, every stored answer was looked at: "*" more kiosks hold answers another kiosk brought first (the same UUIDs): K-Z"*"moved to quarantine"* ]] \
    && ok "$d: the merge says so, naming the kiosks" || bad "$d: the merge's output: $out"
}
cp base.db zz.db
"$J" merge --county 360701 --db zz.db "$A" >/dev/null 2>&1
# A dry run says what the merge would do, the scan after the catch included,
# and stores nothing.
before=$(sqlite3 zz.db .dump | sha256sum)
dry=$("$J" merge --county 360701 --db zz.db --dry-run z/*.json 2>&1)
out=$("$J" merge --county 360701 --db zz.db z/*.json 2>&1)
nimp=$(grep -c '^imported ' <<<"$out")
if [ "$(sqlite3 zz.db .dump | sha256sum)" = "$before" ]; then bad "the real merge changed nothing?"; fi
line() { grep -e '^merge: after the catch' -e '^merge: 30 bundles' <<<"$1" | sed 's/ (dry run)//'; }
[ -n "$(line "$out")" ] && [ "$(line "$dry")" = "$(line "$out")" ] \
  && ok "a dry run reports the scan and the summary as the merge does" \
  || { bad "the dry run reports otherwise:"; echo "dry: $(line "$dry")"; echo "real: $(line "$out")"; }
scan zz.db "a copy split over 30 kiosk ids, one run" "$out" "$nimp" 30
sum=$(grep '^merge: 30 bundles' <<<"$out")
[[ "$sum" == *" $((4 * nimp)) quarantined" ]] && ok "the summary counts them" || bad "the summary: $sum"
"$J" stats --db zz.db --out sz >/dev/null 2>&1 || bad "stats"
w=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('\n'.join(d['warnings']))" sz/stats.json)
[[ "$w" == *"kiosk K-Z"*" was caught holding kiosk K-A's answers"* ]] && [[ "$w" != *"kiosk K-A was caught"* ]] \
  && ok "stats names the copy ids" || bad "stats: $w"
# several runs: the free ids merged one by one before the catch
cp base.db zs.db
"$J" merge --county 360701 --db zs.db "$A" >/dev/null 2>&1
nimp=0; caught=; free=()
for f in z/*.json; do
  if "$J" merge --county 360701 --db zs.db "$f" >/dev/null 2>&1; then nimp=$((nimp + 1)); free+=("$f"); else caught=$f; fi
done
rm -f zs.db*; cp base.db zs.db
"$J" merge --county 360701 --db zs.db "$A" >/dev/null 2>&1
for f in "${free[@]}"; do "$J" merge --county 360701 --db zs.db "$f" >/dev/null 2>&1; done
out=$("$J" merge --county 360701 --db zs.db "$caught" 2>&1)
scan zs.db "a copy split over 30 kiosk ids, one run each, the last id caught" "$out" "$nimp" $((nimp + 1))

# 6. Item 2: the catch after a round was closed.  The closed round's frozen
# figures count the copies merged before: the refusal does not say nothing
# else needs doing, and stats of the closed round and the open round's
# trend warn, naming the kiosk, the number and what to do.
classify "$A"
if [ ${#FREE[@]} -ge 2 ] && [ ${#CAUGHT[@]} -ge 1 ]; then
  cp base.db r.db
  "$J" merge --county 360701 --db r.db "$A" "${FREE[0]}" "${FREE[1]}" >/dev/null 2>&1
  "$J" round --db r.db --previous 2026 --open 2027 --since 2026-12-01 >/dev/null 2>&1 || bad "closing round 2026"
  cp r.db rzh.db
  out=$("$J" merge --county 360701 --db r.db "${CAUGHT[0]}" 2>&1)
  zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" merge --county 360701 --db rzh.db "${CAUGHT[0]}" 2>&1)
  [[ "$zh" == *"其他所有文件；但轮次“2026”在查出副本之前已经结束，它冻结的统计数字计入了其中 8 份答卷：怎样处理，见 junheng stats --round 2026 的提示。少数情况下"* ]] \
    && ok "... in Chinese too" || bad "the Chinese refusal: $zh"
  [[ "$out" == *"out of the merge; but round 2026 was closed before this catch and its frozen figures count 8 of these answers: what to do, see the warning of junheng stats --round 2026. In the rarer case"* ]] &&
    [[ "$out" != *"nothing else needs doing"* ]] \
    && ok "a catch after the round closed: the refusal sends the clerk to the closed round's warning" || bad "the refusal: $out"
  "$J" stats --db r.db --round 2026 --out s26 >/dev/null 2>&1 || bad "stats --round 2026"
  "$J" stats --db r.db --out s27 >/dev/null 2>&1 || bad "stats"
  for d in s26 s27; do
    w=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('\n'.join(d['warnings_zh'] + d['warnings']))" $d/stats.json)
    [[ "$w" == *"轮次“2026”结束之后，才查出答题机 K-Y 持有答题机 K-A 的答卷"*"计入了答题机 K-Y 的 8 份副本答卷"* ]] &&
      [[ "$w" == *"round 2026 was closed before kiosk K-Y was caught holding kiosk K-A's answers"*"count 8 responses of kiosk K-Y that are copies, now in quarantine"*"make the county database again from the bundles without kiosk K-Y's files and close round 2026 again"* ]] \
      && ok "$d: stats warns that round 2026's frozen figures count 8 copies (Chinese first)" || bad "$d warnings: $w"
  done
  out=$("$J" stats --db r.db --round 2026 2>&1)
  [[ "$out" == *"round 2026 was closed before kiosk K-Y was caught"* ]] && ok "stats --round 2026 prints it" || bad "stats --round 2026 output: $out"
else
  bad "no free and caught copy bundles to test with (rounds)"
fi

# 7. Copy pieces under other new ids (K-Z..) merged BEFORE the genuine
# bundle, then K-Y caught after it (review r3copy follow-up): the scan after
# the catch must not take K-A, the kiosk K-Y's copy repeats, for the later
# copy of the K-Z pieces that came first: K-A keeps its 120 answers and is
# not remembered as caught; the K-Z pieces are the copies.
classify "$A"
early=()
for f in z/*.json; do
  [ ${#early[@]} -ge 4 ] && break
  cp base.db e.db
  "$J" merge --county 360701 --db e.db "$f" >/dev/null 2>&1 && "$J" merge --county 360701 --db e.db "$A" >/dev/null 2>&1 && early+=("$f")
done
rm -f e.db*
if [ ${#early[@]} -ge 1 ] && [ ${#CAUGHT[@]} -ge 1 ]; then
  cp base.db ze.db
  "$J" merge --county 360701 --db ze.db "${early[@]}" >/dev/null 2>&1
  "$J" merge --county 360701 --db ze.db "$A" >/dev/null 2>&1
  out=$("$J" merge --county 360701 --db ze.db "${CAUGHT[0]}" 2>&1)
  got=$(q ze.db "SELECT kiosk_id || ':' || count(*) FROM responses WHERE kiosk_id IN ('K-A', 'K-B') GROUP BY kiosk_id ORDER BY 1" | tr '\n' ' ')
  [ "$got" = "K-A:120 K-B:30 " ] && ok "copy pieces before the genuine bundle: K-A keeps its 120 answers" || bad "copy pieces before: counted $got"
  got=$(q ze.db "SELECT count(*) FROM copied_kiosks WHERE kiosk_id = 'K-A'")
  [ "$got" = 0 ] && ok "copy pieces before the genuine bundle: K-A is not remembered as caught" || bad "K-A caught: $(q ze.db 'SELECT * FROM copied_kiosks')"
  got=$(q ze.db "SELECT count(*) FROM copied_kiosks WHERE kiosk_id LIKE 'K-Z%' AND other_kiosk = 'K-A'")
  [ "$got" = ${#early[@]} ] && [ "$(q ze.db "SELECT count(*) FROM response_rows r JOIN kiosk_refs k ON k.id = r.kiosk WHERE k.kiosk_id LIKE 'K-Z%'")" = 0 ] \
    && ok "copy pieces before the genuine bundle: the ${#early[@]} K-Z ids are the copies, none of their answers counted" \
    || bad "K-Z: $got caught of ${#early[@]}; $out"
else
  bad "no early copy pieces and caught bundle to test with (${#early[@]}, ${#CAUGHT[@]})"
fi

# 8. Review r4copy item 3: K-A exported 1-60; a copy K-Y of K-A's later
# full export: a piece of seq 61-120 merges (K-A has not sent those yet),
# one of 1-60 is caught; then K-A's full export brings 61-120 itself.  The
# caught K-Y's piece repeats it: moved to quarantine then, not counted twice.
# Item 2: a catch whose merge stopped before its look at every stored uuid
# leaves it owed (meta copy_scan_pending); the next merge does it.
mkdir g60 g120 y2
G60=$("$F" make kA2.db K-A 3607010001 60 full g60) || exit 1
G120=$("$F" make kA2.db K-A 3607010001 60 full g120) || exit 1
python3 "$src/tests/reliability/copy_split.py" "$G120" y2 K-Y 4 "$F" >/dev/null 2>&1 || { echo "FAIL splitting"; exit 1; }
cp base.db b60.db; "$J" merge --county 360701 --db b60.db "$G60" >/dev/null 2>&1
late=; caught=
for f in y2/*.json; do
  r=${f##*incremental-}; s0=${r%%-*}
  cp b60.db p.db
  if "$J" merge --county 360701 --db p.db "$f" >/dev/null 2>&1; then [ "$s0" -gt 60 ] && [ -z "$late" ] && late=$f
  else [ -z "$caught" ] && caught=$f; fi
done
rm -f p.db*
if [ -n "$late" ] && [ -n "$caught" ]; then
  cp b60.db d.db
  "$J" merge --county 360701 --db d.db "$late" >/dev/null 2>&1
  "$J" merge --county 360701 --db d.db "$caught" >/dev/null 2>&1
  "$J" merge --county 360701 --db d.db "$G120" >d.out 2>&1
  got=$(q d.db "SELECT count(*) || '|' || count(DISTINCT uuid) FROM response_rows")
  [ "$got" = "150|150" ] && [ "$(q d.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-Y'")" = 0 ] \
    && ok "the genuine kiosk's own export after the catch: the caught copy's piece moves to quarantine" \
    || bad "the genuine export after the catch: rows|uuids $got; $(cat d.out)"
  # item 2: the catch's scan owed (as after a merge stopped before it): K-A's
  # full export merged, then a K-Y piece its marks let through (so both hold
  # those uuids), K-Y then caught with its scan owed; the next merge, which
  # brings nothing new, does the scan
  cp b60.db o0.db; "$J" merge --county 360701 --db o0.db "$G120" >/dev/null 2>&1
  owed=
  for f in y2/*.json; do
    cp o0.db o.db
    if "$J" merge --county 360701 --db o.db "$f" >/dev/null 2>&1; then owed=$f; break; fi
  done
  if [ -n "$owed" ]; then
    q o.db "INSERT INTO copied_kiosks(kiosk_id, other_kiosk, caught_ms) VALUES ('K-Y', 'K-A', 0); INSERT OR REPLACE INTO meta(key, value) VALUES ('copy_scan_pending', '1')"
    out=$("$J" merge --county 360701 --db o.db "$B" 2>&1)
    got=$(q o.db "SELECT count(*) || '|' || count(DISTINCT uuid) || '|' || (SELECT count(*) FROM meta WHERE key = 'copy_scan_pending') FROM response_rows")
    [ "$got" = "150|150|0" ] && ok "a scan owed by a stopped merge is done by the next merge" || bad "owed scan: $got; $out"
  else
    echo "    (every K-Y piece was caught after K-A's full export: the owed scan is not tried this run)"
  fi
else
  bad "no late free and caught copy pieces to test with ($late, $caught)"
fi

[ $fail -eq 0 ] && echo "PASS copies_order"
exit $fail
