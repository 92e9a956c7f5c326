#!/bin/bash
# identity.sh - a kiosk whose database is deleted, truncated or damaged
# between answers and exports (issue 11):
#   - it keeps its id, PIN and school, and its seq continues above every
#     seq it ever used (the identity file beside the key);
#   - its next bundles merge at the bureau with nothing rejected or
#     quarantined;
#   - `junheng-kiosk --salvage` brings every answer still readable in the
#     damaged file to the county exactly once (run twice, and mixed with
#     the earlier exports of the same answers);
#   - two kiosks configured with one kiosk_id: the bureau says so plainly.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; K="$b/junheng-kiosk"; MK="$b/tests/test_store_mkdb"
export SDL_VIDEODRIVER=dummy
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-identity.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
q() { sqlite3 "$1" "$2"; }
merge_clean() { # merge_clean DESC DIR...: every bundle imported or unchanged, nothing quarantined
  local desc=$1; shift
  local out; out=$("$J" merge --county 360701 --db county.db "$@" 2>&1); local rc=$?
  if [ $rc -ne 0 ] || grep -q "rejected   \|quarantined [1-9]\|conflicts" <<<"$out" && ! grep -q " 0 rejected" <<<"$out"; then
    bad "$desc: merge: $out"; return 1
  fi
  grep -q ", 0 rejected; .* 0 quarantined" <<<"$out" && ok "$desc: merged, nothing rejected or quarantined" \
    || bad "$desc: merge: $out"
}

for how in delete truncate damage cut; do
  rm -rf k usb county.db; mkdir -p k usb/1 usb/2 usb/3
  "$MK" k/kiosk.db 6 --pin=2468 >/dev/null || { bad "$how: making the database"; continue; }
  pin=$(q k/kiosk.db "SELECT hash FROM pin")
  id=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_id'")
  "$K" --db k/kiosk.db --export usb/1 >/dev/null || bad "$how: first export"
  merge_clean "$how: first export" usb/1
  # Answers after the export, then the damage.
  "$MK" k/kiosk.db 4 >/dev/null || bad "$how: more answers"
  before=$(q k/kiosk.db "SELECT max(seq) FROM responses")
  case $how in
    delete) rm -f k/kiosk.db k/kiosk.db-wal k/kiosk.db-shm ;;
    truncate) sqlite3 k/kiosk.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; truncate -s 0 k/kiosk.db ;;
    damage)
      sqlite3 k/kiosk.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
      # Garbage over the first page of responses (seq 1-6, exported): the
      # answers given after the export (seq 7-10) are readable only by salvage.
      page=$(q k/kiosk.db "SELECT min(pageno) FROM dbstat WHERE name = 'responses' AND pagetype = 'leaf'")
      head -c 4096 /dev/urandom | dd of=k/kiosk.db bs=4096 seek=$((page - 1)) conv=notrunc 2>/dev/null ;;
    cut)
      # Cut short in its fifth page (review rsite9, item 2): the responses
      # and sqlite_sequence are gone, so the damaged file knows no seq.
      sqlite3 k/kiosk.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; truncate -s 20000 k/kiosk.db ;;
  esac
  "$MK" k/kiosk.db 2 >/dev/null || bad "$how: answers after the damage"
  id2=$(q k/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_id'")
  [ "$id2" = "$id" ] && ok "$how: kiosk id kept ($id)" || bad "$how: kiosk id $id became $id2"
  first=$(q k/kiosk.db "SELECT min(seq) FROM responses")
  [ "$first" -gt "$before" ] && ok "$how: seq continues at $first above $before" \
    || bad "$how: seq restarted at $first (before the damage: up to $before)"
  [ -n "$pin" ] && [ "$(q k/kiosk.db "SELECT hash FROM pin")" = "$pin" ] && ok "$how: PIN kept" || bad "$how: PIN lost"
  "$K" --db k/kiosk.db --export usb/2 >/dev/null || bad "$how: export after the damage"
  merge_clean "$how: export after the damage" usb/2
  n_id=$(q county.db "SELECT count(DISTINCT kiosk_id) FROM responses")
  [ "$n_id" = 1 ] && ok "$how: one kiosk at the bureau" || bad "$how: $n_id kiosk ids at the bureau"
  if [ $how = damage ]; then
    dmg=$(ls k/kiosk.db.corrupt-* | grep -v -- '-wal$\|-shm$' | head -1)
    out=$("$K" --salvage "$dmg" --export usb/3 2>&1) || bad "$how: salvage: $out"
    echo "$out" | head -1
    salv=$(ls usb/3/*salvaged*.json 2>/dev/null | head -1)
    [ -n "$salv" ] && ok "$how: salvaged bundle written" || bad "$how: no salvaged bundle: $out"
    # format 3: the salvaged bundle (gaps) carries responses_sha256, the exports do not
    grep -q '^	"format_version":	3,$' "$salv" && grep -q '^	"responses_sha256":	"[0-9a-f]\{64\}",$' "$salv" &&
      ! grep -q '"responses_sha256"' usb/1/*.json usb/2/*.json && grep -q '^	"format_version":	3,$' usb/1/*.json &&
      ok "$how: format 3, responses_sha256 in the salvaged bundle only" ||
      bad "$how: format 3 and responses_sha256 not as docs/bundle-format.md says"
    n_salv=$(grep -c '^{"kiosk"' "$salv")
    lost=$(echo "$out" | sed -n 's/.*已取回 \([0-9]*\) 份答卷，\([0-9]*\) 份读不出.*/\2/p')
    [ $((n_salv + lost)) -eq "$before" ] && ok "$how: $n_salv salvaged + $lost unreadable = $before" \
      || bad "$how: $n_salv salvaged + $lost unreadable != $before"
    [ "$(grep -c '"seq":\(7\|8\|9\|10\),' "$salv")" = 4 ] && ok "$how: the 4 answers not exported before the damage salvaged" \
      || bad "$how: the answers given after the export (seq 7-10) were not salvaged"
    merge_clean "$how: salvage" usb/3
    merge_clean "$how: salvage again, with every bundle" usb/1 usb/3 usb/2
    # The same from the admin screen (a school office has no shell).  First
    # without the sqlite3 program (review: it said "换一个 U 盘", blaming the
    # stick): the missing program is named, nothing is written.
    mkdir -p usb/4 usb/5
    printf 'wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\ntap-text 取回损坏数据库里的答卷\nexpect-text 缺少 sqlite3 程序\nexpect-no-text 换一个 U 盘\nshot admin-salvage-no-sqlite3\n' > admin-nosqlite.replay
    JH_SQLITE3=/nonexistent "$K" --db k/kiosk.db --export-dir usb/5 --replay admin-nosqlite.replay \
      --screenshot-dir "$JH_BUILD_DIR/ui-shots/reliab_identity" >admin-nosqlite.log 2>&1 && [ -z "$(ls usb/5)" ] \
      && ok "$how: no sqlite3 program: said so on the admin screen" || { bad "$how: no sqlite3 program"; cat admin-nosqlite.log; }
    # The stick pulled out before the tap (review r2b, r3: that also said
    # the sqlite3 program was missing): the stick is named, not the program.
    printf 'wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\ntap-text 取回损坏数据库里的答卷\nexpect-text 换一个 U 盘\nexpect-no-text 缺少 sqlite3\n' > admin-nostick.replay
    "$K" --db k/kiosk.db --export-dir "$PWD/usb/not-there" --replay admin-nostick.replay >admin-nostick.log 2>&1 \
      && ok "$how: the stick pulled out: the stick is named, not the sqlite3 program" \
      || { bad "$how: the stick pulled out before the salvage"; cat admin-nostick.log; }
    printf 'wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2468\nkey enter\nexpect-screen admin\nexpect-text 发现 1 个损坏后移到一边的数据库\nwait 500\ntap-text 取回损坏数据库里的答卷\nexpect-text 已取回 4 份答卷，6 份读不出，可以拔出 U 盘了\n' > admin-salvage.replay
    "$K" --db k/kiosk.db --export-dir usb/4 --replay admin-salvage.replay >admin-salvage.log 2>&1 \
      && ok "$how: salvage from the admin screen" || { bad "$how: salvage from the admin screen"; cat admin-salvage.log; }
    merge_clean "$how: the admin screen's salvage" usb/4
    # Exactly once: every readable seq once, no duplicates.
    n=$(q county.db "SELECT count(DISTINCT seq) || ' ' || count(*) FROM responses WHERE seq <= $before")
    d=$(q county.db "SELECT count(*) - count(DISTINCT uuid) FROM responses")
    [ "$n" = "$before $before" ] && [ "$d" = 0 ] && ok "$how: all $before answers from before the damage in the county, each once" \
      || bad "$how: county holds (distinct, all) $n of seq 1-$before ($d duplicates)"
  fi
  if [ $how = cut ]; then
    # Nothing readable; the answers given after the export (seq 7-10) are
    # lost: said by seq with what to tell the bureau, on the screen and by
    # --salvage (it said "0 份读不出" under the note naming them).
    dmg=$(ls k/kiosk.db.corrupt-* | grep -v -- '-wal$\|-shm$' | head -1)
    out=$("$K" --salvage "$dmg" --export usb/3 2>&1) || bad "$how: salvage: $out"
    grep -q "编号 7-10 的 4 份答卷读不出，取不回了。请告诉县教育局：答题机 $id 编号 7-10 的答卷因数据库损坏丢失" <<<"$out" &&
      grep -q "answers seq 7-10 (4) could not be read and are lost" <<<"$out" && ! grep -q "(0 unreadable)" <<<"$out" \
      && ok "$how: --salvage names the 4 lost answers (seq 7-10) and what to tell the bureau" \
      || bad "$how: --salvage does not name the lost answers: $out"
    mkdir -p usb/4
    printf 'wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2468\nkey enter\nexpect-screen admin\nexpect-text 发现 1 个损坏后移到一边的数据库\nwait 500\ntap-text 取回损坏数据库里的答卷\nexpect-text 损坏的数据库里没有能读出的答卷。编号 7-10 的 4 份答卷读不出，取不回了。请告诉县教育局：答题机 %s 编号 7-10 的答卷因数据库损坏丢失\nexpect-no-text 0 份读不出\nshot admin-salvage-lost\n' "$id" > admin-salvage-cut.replay
    "$K" --db k/kiosk.db --export-dir usb/4 --replay admin-salvage-cut.replay \
      --screenshot-dir "$JH_BUILD_DIR/ui-shots/reliab_identity" >admin-salvage-cut.log 2>&1 \
      && ok "$how: the admin screen's salvage names the 4 lost answers" || { bad "$how: the admin screen's salvage"; cat admin-salvage-cut.log; }
  fi
done

# Two kiosks given one kiosk_id by a copied config, at two schools.
rm -rf a b2 usb county.db; mkdir -p a b2 usb/a usb/b
"$MK" a/kiosk.db 2 >/dev/null && "$MK" b2/kiosk.db 2 >/dev/null || bad "two kiosks: databases"
sqlite3 b2/kiosk.db "UPDATE settings SET value = '3612345679' WHERE key = 'school_code'"
"$K" --db a/kiosk.db --export usb/a >/dev/null && "$K" --db b2/kiosk.db --export usb/b >/dev/null || bad "two kiosks: exports"
"$J" merge --county 360701 --db county.db usb/a >/dev/null
out=$("$J" merge --county 360701 --db county.db usb/b 2>&1)
grep -q "two kiosks use the id K-cli: school 3612345678's kiosk was seen first, this bundle is from school 3612345679; if school 3612345679 has no kiosk whose admin screen shows the fingerprint SHA256:.*in its kiosk.conf write the line 'kiosk_id = K-[0-9a-f]\{12\}' (in place of its kiosk_id line, or added if it was taken out), restart it and press Export all" <<<"$out" \
  && ok "two kiosks with one id: said plainly" || bad "two kiosks with one id: $out"
exit $fail
