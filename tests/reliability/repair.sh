#!/bin/bash
# repair.sh - a kiosk repaired as a school would (review rrepair), with the
# real kiosk program (headless) and `junheng merge`:
#   1. the disk died; the kept kiosk.db.key put back (no database, no
#      identity file), or the old kiosk.conf with its kiosk_id line: the
#      sequence continues far above every seq used, the county merges the
#      next export with nothing quarantined;
#   2. an old backup of kiosk.db put back, key and identity file lost: the
#      same, after the bureau accepts the new key; a kiosk that does reuse
#      seqs under a new key is named plainly at the county;
#   3. the whole folder put back from an older backup: the county's
#      conflict and chain-break messages say what it may be and what to do;
#   4. --salvage of another kiosk's database is refused, nothing written;
#   5. the old key found and put back after the county accepted the new
#      one: the county's advice is the --replace-key line that works;
#   6. --self-check fails on a missing key beside answers and reports the
#      identity file, lost answers and a replaced key.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; K="$b/junheng-kiosk"; MK="$b/tests/test_store_mkdb"
src="$JH_SOURCE_DIR"
export SDL_VIDEODRIVER=dummy
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-repair.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
q() { sqlite3 "$1" "$2"; }
# clean DESC MERGE-OUTPUT: every file imported, nothing rejected or quarantined
clean() {
  if grep -q "已拒绝 0 个；.*隔离 0 份" <<<"$2" && ! grep -q "有冲突 [1-9]" <<<"$2"; then ok "$1"; else bad "$1: $2"; fi
}
replay="$src/tests/ui/parent_full.replay"
day=86400000

# ---- 1a. The disk died; the kept key put back ----------------------------------
rm -rf k keep usb county.db; mkdir -p k keep usb/1 usb/2
printf 'school_code = 3612345678\nschool_name = 城关第一小学\n' > k.conf
for i in 1 2; do "$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1; done
n1=$(q k/kiosk.db "SELECT count(*) FROM responses WHERE status != 0")
[ "$n1" -ge 2 ] && ok "1a: $n1 answers before the disk died" || bad "1a: answers before: $n1"
"$K" --db k/kiosk.db --config k.conf --export usb/1 >/dev/null 2>&1 || bad "1a: first export"
clean "1a: first export merged" "$("$J" merge --county 360701 --lang zh --db county.db usb/1 2>&1)"
cp k/kiosk.db.key keep/
rm -rf k; mkdir k; cp keep/kiosk.db.key k/
out=$(JH_KIOSK_NOW_MS=$((1795395600000 + day)) "$K" --db k/kiosk.db --config k.conf --replay "$replay" 2>&1)
grep -q "没有找到本机的身份文件" <<<"$out" && ok "1a: the kiosk says the seqs used before are unknown" \
  || bad "1a: nothing said at start: $out"
first=$(q k/kiosk.db "SELECT min(seq) FROM responses")
[ "${first:-0}" -gt 1000000 ] && ok "1a: seq continues at $first" || bad "1a: seq restarted at $first"
"$K" --db k/kiosk.db --config k.conf --export usb/2 >/dev/null 2>&1 || bad "1a: export after the reinstall"
out=$("$J" merge --county 360701 --lang zh --db county.db usb/2 2>&1)
clean "1a: export after the reinstall merged" "$out"
grep -q "用新建的数据库继续" <<<"$out" && ok "1a: merged as a new database" || bad "1a: $out"
# The seqs the jump skipped were never used: not "missing" in the
# statistics or the report (review r2repair, item 1: 2,537,594 "never
# received"); the report says once that unexported answers may be lost.
"$J" stats --db county.db --out st >/dev/null 2>&1 || bad "1a: stats"
cov=$(python3 -c "import json;i=json.load(open('st/stats.json'))['imports'];c=i['coverage'][0]
print(i['missing_responses'], i['kiosks_with_missing'], i.get('kiosks_new_database'), c['missing'], c['missing_ranges'], c.get('new_database_at') == [$first])")
[ "$cov" = "0 0 1 0 [] True" ] && ok "1a: the skipped seqs are not missing" || bad "1a: coverage: $cov"
"$J" report --stats-json st/stats.json --out rep >/dev/null 2>&1 || bad "1a: report"
if ! grep -q "数据缺失" rep/report.html && grep -q "此前未导出的答卷（数量不详）可能已丢失" rep/report.html; then
  ok "1a: the report says unexported answers may be lost, no count"; else bad "1a: report: $(grep -o 'class="alert".\{0,200\}' rep/report.html)"; fi
# ... and merged the other way round (the new database first, the old
# database's export later): the same; a real gap still counts.
rm -f county.db; "$J" merge --county 360701 --lang zh --db county.db usb/2 >/dev/null 2>&1; "$J" merge --county 360701 --lang zh --db county.db usb/1 >/dev/null 2>&1
sqlite3 county.db "DELETE FROM response_rows WHERE seq = 1"
"$J" stats --db county.db --out st2 >/dev/null 2>&1 || bad "1a: stats (2)"
cov=$(python3 -c "import json;i=json.load(open('st2/stats.json'))['imports'];print(i['missing_responses'], i['coverage'][0]['missing_ranges'])")
[ "$cov" = "1 [{'from': 1, 'to': 1}]" ] && ok "1a: only the real gap is missing" || bad "1a: coverage (2): $cov"

# The jumped database lost again (key and identity file kept): the seqs
# below its jump were never used by it, so they are not "lost" (review
# r2repair, item 1: lost_seqs "1-2537603"); nor are the ones exported
# (usb/2: at the bureau; review rrepair5, item 1): only the answer after.
JH_KIOSK_NOW_MS=$((1795395600000 + day)) "$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
first=$(q k/kiosk.db "SELECT min(seq) FROM responses WHERE seq > (SELECT max(last_seq) FROM exports)")
top=$(q k/kiosk.db "SELECT max(seq) FROM responses")
rm -f k/kiosk.db k/kiosk.db-wal k/kiosk.db-shm
"$MK" k/kiosk.db 1 >/dev/null 2>&1
lost=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'lost_seqs'")
[ -n "$first" ] && [ "$lost" = "$first-$top" ] && ok "1a: a second loss: lost_seqs $lost (not the exported ones)" \
  || bad "1a: lost_seqs '$lost', expected $first-$top"
# ... and a third: the seqs of the database made after the second loss
# are named once, after the ones lost before (review rfinal17b, item 3:
# "F-T,F-T2", a range twice)
JH_KIOSK_NOW_MS=$((1795395600000 + 2 * day)) "$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
lo2=$(q k/kiosk.db "SELECT min(seq) FROM responses"); top2=$(q k/kiosk.db "SELECT max(seq) FROM responses")
rm -f k/kiosk.db k/kiosk.db-wal k/kiosk.db-shm
"$MK" k/kiosk.db 1 >/dev/null 2>&1
lost=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'lost_seqs'")
[ "$lost" = "$first-$top,$lo2-$top2" ] && ok "1a: a third loss: lost_seqs $lost" \
  || bad "1a: third loss: lost_seqs '$lost', expected $first-$top,$lo2-$top2"

# ---- 1b2. A database holding answers, its key and identity file lost ---------
# It jumps; when that database is lost later, the answers it held below
# the jump are lost too (review rfinal17b, item 2: only the seqs above the
# jump were named).
rm -rf k; mkdir k
"$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
held=$(q k/kiosk.db "SELECT max(seq) FROM responses")
rm -f k/kiosk.db.key k/kiosk.db.identity
JH_KIOSK_NOW_MS=$((1795395600000 + day)) "$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
jlo=$(q k/kiosk.db "SELECT min(seq) FROM responses WHERE seq > $held"); jtop=$(q k/kiosk.db "SELECT max(seq) FROM responses")
[ "${jlo:-0}" -gt 1000000 ] && ok "1b2: jumped to $jlo over $held answers" || bad "1b2: no jump: $jlo"
rm -f k/kiosk.db k/kiosk.db-wal k/kiosk.db-shm
"$MK" k/kiosk.db 1 >/dev/null 2>&1
lost=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'lost_seqs'")
[ "$lost" = "1-$held,$jlo-$jtop" ] && ok "1b2: lost_seqs $lost" || bad "1b2: lost_seqs '$lost', expected 1-$held,$jlo-$jtop"

# ---- 1e. The same old copy of kiosk.db put back twice ---------------------------
# The second time, the loss of the first put-back was forgotten (review
# r2pack3, item 1: 4-5 vanished from lost_seqs and the identity file); then
# the disk died: every seq once saved and gone is named, once.
rm -rf k B0; mkdir k B0
run1() { "$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1; }
putback() { rm -f k/kiosk.db k/kiosk.db-wal k/kiosk.db-shm; [ -z "${1:-}" ] || cp B0/kiosk.db k/; }
run1; run1; run1; sqlite3 k/kiosk.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; cp k/kiosk.db B0/
run1; run1
putback B0; run1; run1
p1=$(q k/kiosk.db "SELECT group_concat(seq) FROM responses WHERE seq > 3")
putback B0; run1
p2=$(q k/kiosk.db "SELECT seq FROM responses WHERE seq > 3")
lost=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'lost_seqs'")
want="4-5,${p1%,*}-${p1#*,}"
[ "$lost" = "$want" ] && grep -q "^lost_seqs = $want\$" k/kiosk.db.identity && ok "1e: put back twice: lost_seqs $lost" \
  || bad "1e: put back twice: lost_seqs '$lost', expected $want; identity: $(grep lost_seqs k/kiosk.db.identity)"
putback; run1
lost=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'lost_seqs'")
want="1-5,${p1%,*}-${p1#*,},$p2-$p2"
[ "$lost" = "$want" ] && ok "1e: then the disk died: lost_seqs $lost" || bad "1e: disk died: lost_seqs '$lost', expected $want"

# ---- 1d. A brand-new kiosk with a kiosk_id line in kiosk.conf ------------------
# Its first start looks like a repair (it jumps): the county said "earlier
# exports are not merged yet" and counted millions of answers missing
# (review r2repair, item 1).
rm -rf k usb county.db st; mkdir -p k usb/1
printf 'school_code = 3612345678\nschool_name = 城关第一小学\nkiosk_id = K-new1\n' > k1.conf
"$K" --db k/kiosk.db --config k1.conf --replay "$replay" >/dev/null 2>&1
"$K" --db k/kiosk.db --config k1.conf --export usb/1 >/dev/null 2>&1 || bad "1d: export"
out=$("$J" merge --county 360701 --lang zh --db county.db usb/1 2>&1)
clean "1d: merged" "$out"
grep -q "还没有合并" <<<"$out" && bad "1d: earlier exports said not merged: $out"
grep -q "答题机 K-new1 是本县第一次收到的" <<<"$out" && ok "1d: said new to this county" || bad "1d: $out"
"$J" stats --db county.db --out st >/dev/null 2>&1 || bad "1d: stats"
cov=$(python3 -c "import json;i=json.load(open('st/stats.json'))['imports'];print(i['missing_responses'])")
[ "$cov" = 0 ] && ok "1d: nothing missing" || bad "1d: missing_responses $cov"
# ... and not called a database rebuilt (review rfinal17b 1): in stats.json
# and on the report's front page
nd=$(python3 -c "import json;i=json.load(open('st/stats.json'))['imports'];print(i.get('kiosks_new_database', 0))")
[ "$nd" = 0 ] && ok "1d: not counted as a rebuilt database" || bad "1d: kiosks_new_database $nd"
"$J" report --db county.db --out rep1d --no-pdf >/dev/null 2>&1 || bad "1d: report"
grep -q "数据库重建" rep1d/report.html && bad "1d: the report says a database was rebuilt" \
  || ok "1d: the report says no database was rebuilt"
# A kiosk listed in a keys file is new to the county too, not "not merged
# yet" (review rfinal17b 4: only a key trusted on first use was told so)
FPN=$("$JH_BUILD_DIR/tests/stats_gen" --fingerprint k/kiosk.db 2>/dev/null)
printf 'K-new1 3612345678 %s\n' "$FPN" > keys1d.txt
out=$("$J" merge --county 360701 --lang zh --db county1d.db --keys keys1d.txt usb/1 2>&1)
[ -n "$FPN" ] && grep -q "答题机 K-new1 是本县第一次收到的" <<<"$out" && ! grep -q "还没有合并" <<<"$out" \
  && ok "1d: listed in a keys file, said new to this county" || bad "1d with a keys file ($FPN): $out"

# ---- 1c. Two reinstalls, both before the clock is set (a flat battery) -----------
# Each started at 1,000,001 and the second one's answers were quarantined
# (review r2repair, item 2); and the second new database's merge said that
# earlier exports were not merged (the first one's skipped seqs).
rm -rf k keep usb county.db; mkdir -p k keep usb/1 usb/2 usb/3
"$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
"$K" --db k/kiosk.db --config k.conf --export usb/1 >/dev/null 2>&1; cp k/kiosk.db.key keep/
for i in 2 3; do
  rm -rf k; mkdir k; cp keep/kiosk.db.key k/
  JH_KIOSK_NOW_MS=1704067200000 "$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
  "$K" --db k/kiosk.db --config k.conf --export usb/$i >/dev/null 2>&1 || bad "1c: export $i"
  eval "s$i=\$(q k/kiosk.db 'SELECT min(seq) FROM responses')"
done
[ "${s2:-0}" -gt 1000000 ] && [ "${s3:-0}" -gt 1000000 ] && [ "$s2" != "$s3" ] \
  && ok "1c: the two reinstalls start apart ($s2, $s3)" || bad "1c: both start at ${s2:-?}, ${s3:-?}"
for i in 1 2 3; do
  out=$("$J" merge --county 360701 --lang zh --db county.db usb/$i 2>&1)
  clean "1c: export $i merged" "$out"
  grep -q "还没有合并" <<<"$out" && bad "1c: export $i: earlier exports said not merged: $out"
done
[ "$(q county.db "SELECT count(*) FROM responses")" = 3 ] && ok "1c: all 3 answers at the county" \
  || bad "1c: county holds $(q county.db "SELECT count(*) FROM responses")"

# ---- 1b. The disk died; the old kiosk.conf (kiosk_id) put back -----------------
rm -rf k usb county.db; mkdir -p k usb/1 usb/2
printf 'school_code = 3612345678\nschool_name = 城关第一小学\nkiosk_id = K-lib1\n' > k.conf
"$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
"$K" --db k/kiosk.db --config k.conf --export usb/1 >/dev/null 2>&1 || bad "1b: first export"
clean "1b: first export merged" "$("$J" merge --county 360701 --lang zh --db county.db usb/1 2>&1)"
rm -rf k; mkdir k
JH_KIOSK_NOW_MS=$((1795395600000 + day)) "$K" --db k/kiosk.db --config k.conf --replay "$replay" >/dev/null 2>&1
out=$("$K" --db k/kiosk.db --config k.conf --export usb/2 2>&1) || bad "1b: export after the reinstall"
first=$(q k/kiosk.db "SELECT min(seq) FROM responses")
[ "$first" -gt "$(q county.db "SELECT max(seq) FROM responses")" ] && ok "1b: seq continues at $first" \
  || bad "1b: seq $first reuses the county's"
echo "K-lib1 3612345678 $(sed -n 's/.*key fingerprint \(SHA256:[0-9a-f-]*\).*/\1/p' <<<"$out" | head -1)" > keys.txt
out=$("$J" merge --county 360701 --lang zh --db county.db --keys keys.txt --replace-key K-lib1 usb/2 2>&1)
clean "1b: export after the reinstall merged once the bureau accepts the new key" "$out"

# ---- 2. An old backup of kiosk.db put back, key and identity lost ---------------
rm -rf k bak usb county.db; mkdir -p k bak usb/1 usb/2 usb/3
"$MK" k/kiosk.db 6 >/dev/null; cp k/kiosk.db bak/
"$K" --db k/kiosk.db --export usb/1 >/dev/null 2>&1
"$MK" k/kiosk.db 4 >/dev/null
"$K" --db k/kiosk.db --export usb/2 >/dev/null 2>&1
clean "2: exports before the disk died merged" "$("$J" merge --county 360701 --lang zh --db county.db usb/1 usb/2 2>&1)"
rm -rf k; mkdir k; cp bak/kiosk.db k/
"$MK" k/kiosk.db 3 >/dev/null 2>&1
seqs=$(q k/kiosk.db "SELECT group_concat(seq) FROM responses WHERE seq > 6")
[ "$(q k/kiosk.db "SELECT count(*) FROM responses WHERE seq BETWEEN 7 AND 1000000")" = 0 ] \
  && ok "2: new answers above the seqs used ($seqs)" || bad "2: seqs reused: $seqs"
fp=$("$K" --db k/kiosk.db --export usb/3 2>&1 | sed -n 's/.*key fingerprint \(SHA256:[0-9a-f-]*\).*/\1/p' | head -1)
echo "K-cli 3612345678 $fp" > keys.txt
out=$("$J" merge --county 360701 --lang zh --db county.db --keys keys.txt --replace-key K-cli usb/3 2>&1)
clean "2: the new key's export merged" "$out"
[ "$(q county.db "SELECT count(*) FROM responses")" = 13 ] && ok "2: all 13 answers at the county" \
  || bad "2: county holds $(q county.db "SELECT count(*) FROM responses") answers"
# The same with the backup's identity file put back too (a kiosk that
# cannot know): it reuses seqs 7-9 under its new key; the county says so.
rm -rf k bak usb county.db; mkdir -p k bak usb/1 usb/2 usb/3
"$MK" k/kiosk.db 6 >/dev/null; cp k/kiosk.db k/kiosk.db.identity bak/
"$K" --db k/kiosk.db --export usb/1 >/dev/null 2>&1
"$MK" k/kiosk.db 4 >/dev/null
"$K" --db k/kiosk.db --export usb/2 >/dev/null 2>&1
"$J" merge --county 360701 --lang zh --db county.db usb/1 usb/2 >/dev/null 2>&1
rm -rf k; mkdir k; cp bak/* k/
"$MK" k/kiosk.db 3 >/dev/null 2>&1
fp=$("$K" --db k/kiosk.db --export usb/3 2>&1 | sed -n 's/.*key fingerprint \(SHA256:[0-9a-f-]*\).*/\1/p' | head -1)
echo "K-cli 3612345678 $fp" > keys.txt
out=$("$J" merge --county 360701 --lang zh --db county.db --keys keys.txt --replace-key K-cli usb/3 2>&1)
grep -q "却重复使用了旧公钥 SHA256:[0-9a-f-]* 已交来的序号（到 10 为止）" <<<"$out" && grep -q "作为新答题机重新设置" <<<"$out" \
  && ok "2: seqs reused under the new key: said plainly" || bad "2: reuse under the new key: $out"

# ---- 3. The whole folder put back from an older backup -------------------------
rm -rf k bak usb county.db; mkdir -p k bak usb/1 usb/2 usb/3 usb/4
"$MK" k/kiosk.db 6 >/dev/null; "$K" --db k/kiosk.db --export usb/1 >/dev/null 2>&1
cp k/kiosk.db k/kiosk.db.key k/kiosk.db.identity bak/
"$MK" k/kiosk.db 4 >/dev/null; "$K" --db k/kiosk.db --export usb/2 >/dev/null 2>&1
"$J" merge --county 360701 --lang zh --db county.db usb/1 usb/2 >/dev/null 2>&1
rm -rf k; mkdir k; cp bak/* k/
"$MK" k/kiosk.db 3 >/dev/null 2>&1; "$K" --db k/kiosk.db --export usb/3 >/dev/null 2>&1
out=$("$J" merge --county 360701 --lang zh --db county.db usb/3 2>&1)
grep -q "可能是复制出来的答题机，也可能是数据从旧备份还原、重复使用编号的答题机记录的新答卷.*作为新答题机重新设置" <<<"$out" \
  && ok "3: the conflict says what it may be and what to do" || bad "3: conflict: $out"
"$MK" k/kiosk.db 2 >/dev/null 2>&1; "$K" --db k/kiosk.db --export usb/4 >/dev/null 2>&1
out=$("$J" merge --county 360701 --lang zh --db county.db usb/4 2>&1)
grep -q "答卷链断开.*也可能是数据从旧备份还原后的答题机记录的新答卷：它们不会合并.*作为新答题机重新设置" <<<"$out" \
  && ok "3: the chain break says what it may be and what to do" || bad "3: chain break: $out"
out=$("$J" merge --county 360701 --lang en --db county.db usb/4 2>&1)
grep -q "new answers of a kiosk whose data was put back from an older backup: they will not merge" <<<"$out" \
  && ok "3: in English with --lang en" || bad "3: English: $out"

# ---- 4. --salvage of another kiosk's database ----------------------------------
rm -rf old new usb county.db; mkdir -p old new usb/1
"$MK" old/kiosk.db 6 >/dev/null
sqlite3 old/kiosk.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
"$MK" new/kiosk.db 1 --pin=2468 >/dev/null 2>&1
sqlite3 new/kiosk.db "UPDATE settings SET value = 'K-new' WHERE key = 'kiosk_id'"
cp old/kiosk.db new/kiosk.db.corrupt-olddisk
out=$("$K" --db new/kiosk.db --salvage new/kiosk.db.corrupt-olddisk --export usb/1 2>&1); rc=$?
[ $rc -ne 0 ] && [ -z "$(ls usb/1)" ] && grep -q "这是另一台答题机（K-cli）的数据库，本机是 K-new" <<<"$out" \
  && ok "4: another kiosk's database: refused, nothing written, said why" || bad "4: salvage (rc $rc): $out; $(ls usb/1)"
# The same from the admin screen: said, no stick blamed, nothing written.
mkdir -p usb/2
printf 'wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\ntap-text 取回损坏数据库里的答卷\nexpect-text 这是另一台答题机（K-cli）的数据库\nexpect-no-text 换一个 U 盘\n' > admin-other.replay
"$K" --db new/kiosk.db --export-dir usb/2 --replay admin-other.replay >admin-other.log 2>&1 && [ -z "$(ls usb/2)" ] \
  && ok "4: the admin screen's salvage says so, nothing written" || { bad "4: the admin screen's salvage"; cat admin-other.log; }

# ---- 5. The old key put back after the county accepted the new one -------------
rm -rf k keep usb county.db; mkdir -p k keep usb/1 usb/2 usb/3
"$MK" k/kiosk.db 6 >/dev/null; cp k/kiosk.db.key keep/; "$K" --db k/kiosk.db --export usb/1 >/dev/null 2>&1
"$J" merge --county 360701 --lang zh --db county.db usb/1 >/dev/null 2>&1
rm k/kiosk.db.key; "$MK" k/kiosk.db 2 >/dev/null 2>&1
fp=$("$K" --db k/kiosk.db --export usb/2 2>&1 | sed -n 's/.*key fingerprint \(SHA256:[0-9a-f-]*\).*/\1/p' | head -1)
echo "K-cli 3612345678 $fp" > keys.txt
clean "5: the new key accepted" "$("$J" merge --county 360701 --lang zh --db county.db --keys keys.txt --replace-key K-cli usb/2 2>&1)"
cp keep/kiosk.db.key k/
out=$("$MK" k/kiosk.db 2 2>&1)
grep -q "不是 .* 生成的那个（指纹 $fp），另一份密钥文件（旧的或后来的）被放回来了" <<<"$out" && ok "5: the kiosk says its key changed again" \
  || bad "5: kiosk at start: $out"
oldfp=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'key_replaced_fp'")
[ -n "$oldfp" ] && [ "$oldfp" != "$fp" ] && ok "5: the key_replaced note is about the key in use" \
  || bad "5: key_replaced_fp $oldfp"
"$K" --db k/kiosk.db --export usb/3 >/dev/null 2>&1
out=$("$J" merge --county 360701 --lang zh --db county.db --dry-run usb/3 2>&1)
line=$(grep -o '密钥清单中写一行“[^”]*' <<<"$out" | sed 's/.*“//')
[ "$line" = "K-cli 3612345678 $oldfp" ] && grep -q "如果是 $oldfp（旧密钥文件找到后放回去了），就重新接受它" <<<"$out" \
  && ok "5: the county's advice names the key the bundle carries" || bad "5: advice: $out"
echo "$line" > keys2.txt
clean "5: following the advice, the export merges" \
  "$("$J" merge --county 360701 --lang zh --db county.db --keys keys2.txt --replace-key K-cli usb/3 2>&1)"
[ "$(q county.db "SELECT count(*) FROM responses")" = 10 ] && ok "5: all 10 answers at the county" \
  || bad "5: county holds $(q county.db "SELECT count(*) FROM responses")"

# ---- 6. --self-check ---------------------------------------------------------------
rm -rf k; mkdir k
"$MK" k/kiosk.db 3 >/dev/null; rm k/kiosk.db.key k/kiosk.db.identity
out=$("$K" --self-check --db k/kiosk.db --config /dev/null 2>&1); rc=$?
[ $rc -ne 0 ] && grep -q "错误 FAIL\] 签名密钥 Signing key: k/kiosk.db.key 不存在，但数据库里已有答卷或导出.*启动前请把保存的 kiosk.db.key（和 kiosk.db.identity）放回" <<<"$out" \
  && ok "6: a missing key beside answers fails" || bad "6: missing key (rc $rc): $out"
grep -q "注意 WARN\] 身份文件 Identity: k/kiosk.db.identity 不存在：答题机不知道以前用到了哪个编号" <<<"$out" \
  && ok "6: the missing identity file is named" || bad "6: identity: $out"
rm -rf k; mkdir k
"$MK" k/kiosk.db 3 >/dev/null; rm k/kiosk.db.key; "$MK" k/kiosk.db 1 >/dev/null 2>&1
sqlite3 k/kiosk.db "INSERT OR REPLACE INTO settings(key, value) VALUES ('lost_seqs', '4-5')"
out=$("$K" --self-check --db k/kiosk.db --config /dev/null 2>&1)
grep -q "丢失的答卷 Lost answers: 编号 4-5 的答卷" <<<"$out" && grep -q "新密钥 New key: 本机的签名密钥在 .* 换成了新密钥" <<<"$out" \
  && ok "6: lost answers and the replaced key reported" || bad "6: lost/replaced: $out"
rm -rf k; mkdir k
"$MK" k/kiosk.db 3 >/dev/null; cp k/kiosk.db.identity old.identity; "$MK" k/kiosk.db 2 >/dev/null
cp old.identity k/kiosk.db.identity
out=$("$K" --self-check --db k/kiosk.db --config /dev/null 2>&1)
grep -q "注意 WARN\] 身份文件 Identity: k/kiosk.db.identity 比数据库旧（记到编号 3，数据库里有 5）" <<<"$out" \
  && ok "6: an identity file older than the database is named" || bad "6: older identity: $out"

# 7. The docs these repairs follow (review rsite9, item 4): "The disk died"
# puts back a key that docs/install.md says to keep (it named kept files
# nothing said to keep), never an older identity file; "The disk is full"
# does not promise a school can free room without a technician (every step
# needs a root shell).
died=$(sed -n '/^### The disk died/,/^### Moving a kiosk/p' "$src/docs/kiosk.md")
full=$(sed -n '/^### The disk is full/,/^## When the kiosk cannot start/p' "$src/docs/kiosk.md")
inst="$src/docs/install.md"
grep -qF '**Keep a copy of the signing key**' "$inst" && grep -qF 'install -m 0600 /var/lib/junheng/kiosk.db.key' "$inst" \
  && grep -qF '"Keep a copy of the signing key"' <<<"$died" && grep -qF 'an older copy would make the' <<<"$died" \
  && ok "7: docs: the key put back after a dead disk is the one docs/install.md keeps" \
  || bad "7: docs: \"The disk died\" puts back files nothing says to keep"
[ -n "$full" ] && ! grep -qiE 'without a technician|on its own' <<<"$full" && grep -qF 'A shell for the technician' <<<"$full" \
  && ok "7: docs: freeing a full disk is a technician's job, through the text boot" \
  || bad "7: docs: \"The disk is full\" says a school frees room without a technician"
exit $fail
