#!/bin/bash
# kiosk_same_id.sh - review rsite9, item 1: two kiosks at one school given
# the same kiosk_id by a copied kiosk.conf.  The bureau's merge refuses the
# second kiosk's bundles; the way its message gives is followed literally,
# end to end: on that kiosk the kiosk_id line changed to the id the message
# offers, a restart (the kiosk takes the id: its answers' texts and chain
# carry it), 导出全部, and the merge takes that file as a new kiosk.  The
# other kiosk renamed by mistake is refused with the way back, and put back
# its file merges as nothing new.  A damaged chain is not rewritten.
set -u
b="$JH_BUILD_DIR"
K="$b/junheng-kiosk"; J="$b/junheng"; MK="$b/tests/test_store_mkdb"
if [ ! -x "$K" ] || [ ! -x "$J" ] || [ ! -x "$MK" ]; then echo "SKIP: not built"; exit 77; fi
for c in sqlite3 xxd sha256sum; do command -v $c >/dev/null || { echo "SKIP: no $c"; exit 77; }; done
export SDL_VIDEODRIVER=dummy
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-sameid.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
surveys="$JH_SOURCE_DIR/tests/fixtures/surveys-1.0"
printf 'wait 200\nexpect-screen welcome\n' > start.replay
start() { # start DIR: the kiosk's start with DIR/kiosk.conf (a restart)
  "$K" --db "$1/kiosk.db" --config "$1/kiosk.conf" --surveys "$surveys" --replay start.replay > "$1.start.log" 2>&1
}
q() { sqlite3 "$1" "$2"; }
mkdir -p a b u1 u2 u3 u4 u5
# Both kiosks: three and two answers as kiosk K-cli, exported once each.
"$MK" a/kiosk.db 3 >/dev/null && "$MK" b/kiosk.db 2 >/dev/null || bad "databases"
"$K" --db a/kiosk.db --export u1 >/dev/null 2>&1 && "$K" --db b/kiosk.db --export u2 >/dev/null 2>&1 || bad "exports"
"$J" merge --db county.db u1 >/dev/null 2>&1 || bad "kiosk a's export merges"
out=$("$J" merge --lang en --db county.db u2 2>&1); rc=$?
fpa=$(q county.db "SELECT fingerprint FROM kiosks WHERE kiosk_id = 'K-cli'")
want="in its kiosk.conf write the line 'kiosk_id = K-[0-9a-f]\{12\}' (in place of its kiosk_id line, or added if it was taken out), restart it and press Export all (导出全部) there: its answers are exported again under the new id, and that file merges; leave the kiosk showing $fpa as it is"
if [ $rc = 1 ] && grep -q "^rejected .*two kiosks use the id K-cli at school 3612345678.*$want" <<<"$out"; then
  ok "the second kiosk's bundle is refused; the message gives a new id and the way"
else bad "merge of the second kiosk: rc $rc: $out"; fi
newid=$(sed -n "s/.*write the line 'kiosk_id = \(K-[0-9a-f]*\)'.*/\1/p" <<<"$out" | head -1)
[ -n "$newid" ] || newid=K-none
zh=$("$J" merge --lang zh --db county.db u2 2>&1)
grep -q "在它的 kiosk.conf 里写上“kiosk_id = $newid”一行（替换原来的 kiosk_id 一行；已经删掉的就加上），重新启动它，在它的管理界面点“导出全部”" <<<"$zh" \
  && ok "the same in Chinese" || bad "Chinese message: $zh"

# Followed literally on kiosk b, whose kiosk_id line was taken out before (as
# the old message said; that renamed nothing): the new line, a restart, 导出全部.
printf 'school_code = 3612345678\n' > b/kiosk.conf
start b && [ "$(q b/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_id'")" = K-cli ] \
  && ok "without a kiosk_id line kiosk b keeps its id (a line taken out renames nothing)" || bad "no line: $(cat b.start.log)"
uuids=$(q b/kiosk.db "SELECT group_concat(uuid) FROM (SELECT uuid FROM responses ORDER BY seq)")
# The disk full during the rename's commit (review r2kiosk9, F5/F7): the
# database keeps K-cli, and so does the identity file (it was written
# before the commit, and named the new id the database never took).
PRE="$b/tests/libfault_preload.so"
if [ -f "$PRE" ]; then
  rm -rf bf && cp -r b bf && printf 'school_code = 3612345678\nkiosk_id = %s\n' "$newid" > bf/kiosk.conf
  env LD_PRELOAD="$PRE" JH_FAULT_WRITE=1 JH_FAULT_PATH='kiosk.db-wal$' "$K" --db bf/kiosk.db --config bf/kiosk.conf \
    --surveys "$surveys" --replay start.replay > bf.start.log 2>&1; rc=$?
  [ $rc != 0 ] && [ "$(q bf/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_id'")" = K-cli ] \
    && grep -q "^kiosk_id = K-cli$" bf/kiosk.db.identity \
    && ok "a full disk during the rename: the database and the identity file both keep K-cli" \
    || bad "full disk during the rename: rc $rc: $(grep kiosk_id bf/kiosk.db.identity; cat bf.start.log)"
fi
printf 'school_code = 3612345678\nkiosk_id = %s\n' "$newid" > b/kiosk.conf
start b; rc=$?
[ $rc = 0 ] && [ "$(q b/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_id'")" = "$newid" ] \
  && [ "$(q b/kiosk.db "SELECT count(*) FROM responses WHERE canonical LIKE '{\"kiosk\":\"$newid\",\"seq\":%'")" = 2 ] \
  && [ "$(q b/kiosk.db "SELECT group_concat(uuid) FROM (SELECT uuid FROM responses ORDER BY seq)")" = "$uuids" ] \
  && [ "$(q b/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_renamed_from'")" = K-cli ] \
  && grep -q "^kiosk_id = $newid$" b/kiosk.db.identity \
  && ok "restarted, kiosk b takes the id $newid (its answers and UUIDs kept, the identity file too)" \
  || bad "kiosk b after the restart: rc $rc: $(cat b.start.log; q b/kiosk.db "SELECT key, value FROM settings WHERE key LIKE 'kiosk%'")"
# the admin screen says it and what to press
printf 'wait 300\ntap 5 5\nwait 200\ntap 5 5\nwait 200\ntap 5 5\nwait 200\ntap 5 5\nwait 200\ntap 5 5\nwait 300\ntext 2580\nkey enter\nwait 500\nexpect-screen admin\nexpect-text 本机编号已从 K-cli 改为 %s\nexpect-text 导出全部\nexpect-text kiosk_id = %s\nshot admin\n' "$newid" "$newid" > admin.replay
printf 'school_code = 3612345678\nkiosk_id = %s\nadmin_pin = 2580\n' "$newid" > b/kiosk.conf
"$K" --db b/kiosk.db --config b/kiosk.conf --surveys "$surveys" --replay admin.replay --size 1280x800 \
  --screenshot-dir "$b/ui-shots/kiosk_same_id" > admin.log 2>&1 \
  && ok "the admin screen names the new id, 导出全部 and the kiosk_id line" || bad "admin screen: $(cat admin.log)"
"$K" --db b/kiosk.db --export u3 --full > exp.log 2>&1 || bad "导出全部: $(cat exp.log)"
out=$("$J" merge --lang en --db county.db u3 2>&1); rc=$?
if [ $rc = 0 ] && grep -q "^imported .*kiosk $newid" <<<"$out" \
  && [ "$(q county.db "SELECT count(*) FROM responses WHERE kiosk_id = '$newid'")" = 2 ] \
  && [ "$(q county.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-cli'")" = 3 ] \
  && [ "$(q county.db "SELECT count(*) FROM copied_kiosks")" = 0 ] \
  && [ "K-$(q county.db "SELECT public_key FROM kiosks WHERE kiosk_id = '$newid'" | xxd -r -p | sha256sum | cut -c1-12)" = "$newid" ]; then
  ok "that file merges: 2 answers under $newid, kiosk a's 3 under K-cli, no copy caught"
else bad "merge of the renamed kiosk: rc $rc: $out"; fi
[ -z "$(q b/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_renamed_from'")" ] \
  && ok "the admin screen's note goes with the full export" || bad "the note stays after 导出全部"
# Kiosk a renamed by mistake: refused by its key, with the way back; no copy caught.
printf 'school_code = 3612345678\nkiosk_id = K-wrong\n' > a/kiosk.conf
start a || bad "kiosk a's restart: $(cat a.start.log)"
"$K" --db a/kiosk.db --export u4 --full >/dev/null 2>&1 || bad "kiosk a's export"
out=$("$J" merge --lang en --db county.db u4 2>&1); rc=$?
if [ $rc = 1 ] && grep -q "belongs to kiosk K-cli but this bundle claims kiosk K-wrong; .*put back 'kiosk_id = K-cli' there" <<<"$out" \
  && [ "$(q county.db "SELECT count(*) FROM copied_kiosks")" = 0 ]; then ok "the wrong kiosk renamed: refused with the way back"
else bad "wrong kiosk renamed: rc $rc: $out"; fi
chain3=$(q a/kiosk.db "SELECT chain FROM responses WHERE seq = 3")
printf 'school_code = 3612345678\nkiosk_id = K-cli\n' > a/kiosk.conf
start a || bad "kiosk a's restart (put back)"
"$K" --db a/kiosk.db --export u5 --full >/dev/null 2>&1 || bad "kiosk a's export (put back)"
out=$("$J" merge --lang en --db county.db u5 2>&1); rc=$?
[ $rc = 0 ] && grep -q "^unchanged" <<<"$out" && [ "$(q county.db "SELECT count(*) FROM responses")" = 5 ] \
  && ok "put back, kiosk a's full export merges as nothing new" || bad "kiosk a put back: rc $rc: $out"
[ "$chain3" != "$(q a/kiosk.db "SELECT chain FROM responses WHERE seq = 3")" ] || bad "the chain was not rewritten"

# A damaged chain: the id is not changed, nothing is.
sqlite3 a/kiosk.db "UPDATE responses SET canonical = replace(canonical, '\"lang\":\"zh-CN\"', '\"lang\":\"en\"') WHERE seq = 2"
before=$(q a/kiosk.db "SELECT group_concat(canonical || chain) FROM responses")
printf 'school_code = 3612345678\nkiosk_id = K-other\n' > a/kiosk.conf
start a; rc=$?
[ $rc != 0 ] && grep -q "编号 2 的答卷和它的校验值对不上.*本机编号没有改" a.start.log \
  && [ "$(q a/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_id'")" = K-cli ] \
  && [ "$(q a/kiosk.db "SELECT group_concat(canonical || chain) FROM responses")" = "$before" ] \
  && ok "a damaged chain: refused, nothing changed" || bad "damaged chain: rc $rc: $(cat a.start.log)"
exit $fail
