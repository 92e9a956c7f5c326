#!/bin/bash
# kiosk_self_check_db.sh - `junheng-kiosk --self-check` on a kiosk database
# that is healthy, damaged (truncated) or changed inside (review rrepair5):
# it makes no file beside the database (no -wal, no -shm: it changes
# nothing), says a damaged database is damaged without calling it "put back
# from an older copy", and finds an answer changed after it was saved, as
# the export does.
set -u
b="$JH_BUILD_DIR"
K="$b/junheng-kiosk"; MK="$b/tests/test_store_mkdb"
if [ ! -x "$K" ] || [ ! -x "$MK" ]; then echo "SKIP: not built"; exit 77; fi
if ! command -v sqlite3 >/dev/null; then echo "SKIP: the sqlite3 command is not installed"; exit 77; fi
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-scdb.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
sc() { "$K" --self-check --db "$1/kiosk.db" --surveys "$JH_SOURCE_DIR/data/surveys" > "$1.out" 2>&1; rc=$?; }
nofiles() { # nofiles DIR DESC: no -wal/-shm beside DIR/kiosk.db
  if [ -e "$1/kiosk.db-wal" ] || [ -e "$1/kiosk.db-shm" ]; then bad "$2: the self-check made $(cd "$1" && ls kiosk.db-*)"
  else ok "$2: no -wal or -shm made"; fi
}

# A kiosk with 3 answers, exported (seq 1-3), stopped: no -wal, no -shm.
mkdir -p k usb
"$MK" k/kiosk.db 3 >/dev/null 2>&1 || bad "mkdb"
"$K" --db k/kiosk.db --export usb >/dev/null 2>&1 || bad "export"
rm -f k/kiosk.db-wal k/kiosk.db-shm
[ -e k/kiosk.db-wal ] && bad "a -wal after the export"

# 1. Healthy.
cp -a k h
sc h
grep -q '^\[正常 OK  \] 数据库 Database: .*完好' h.out && ok "healthy: said healthy" || { bad "healthy: $(grep 数据库 h.out)"; }
nofiles h "healthy"

# 2. Damaged: the file cut in half.
cp -a k d
sz=$(stat -c %s d/kiosk.db); truncate -s $((sz / 2)) d/kiosk.db
sc d
grep -q '^\[错误 FAIL\] 数据库 Database: .*已损坏' d.out && ok "damaged: said damaged" || bad "damaged: $(grep 数据库 d.out)"
if grep -q '旧的副本\|older copy' d.out; then bad "damaged: called an older copy: $(grep -E '旧的副本' d.out)"
else ok "damaged: not called an older copy"; fi
grep -q '^\[正常 OK  \] 身份文件 Identity: .*数据库已损坏，没有拿来比较（编号记到 3，都已导出）' d.out \
  && ok "damaged: the identity line says it was not compared" || bad "damaged: $(grep 身份文件 d.out)"
nofiles d "damaged"

# 3. An answer changed inside the database (integrity_check still ok): the
#    self-check finds it as the export does (exit 3, "changed").
cp -a k f
sqlite3 f/kiosk.db "UPDATE responses SET canonical = replace(canonical, '\"lang\":\"zh-CN\"', '\"lang\":\"en\"') WHERE seq = 2" \
  || bad "change an answer"
[ "$(sqlite3 f/kiosk.db 'PRAGMA integrity_check')" = ok ] || bad "integrity_check after the change"
rm -f f/kiosk.db-wal f/kiosk.db-shm
sc f
grep -q '^\[错误 FAIL\] 数据库 Database: .*有 1 份答卷（编号 2）保存后在本机被改动过' f.out && [ "$rc" = 1 ] \
  && ok "changed: found (seq 2)" || bad "changed: rc $rc: $(grep 数据库 f.out)"
mkdir usbf; out=$("$K" --db f/kiosk.db --export usbf --full 2>&1); erc=$?
[ $erc = 3 ] && grep -q '改动过' <<<"$out" && ok "changed: the export finds it too" || bad "changed: export rc $erc: $out"

# 4. A settings file with two mistakes (review rrepair5, item 5): both
#    named at once, Chinese first, by the self-check and at the kiosk's
#    start; the list of settings names forget_bureau_key.
mkdir c
printf 'school_code = 3607010001\nschool_name = 青山小学\n\nlocalty = urban\n\n# x\nschool_level = high\n' > c/kiosk.conf
"$K" --self-check --db c/kiosk.db --config c/kiosk.conf --surveys "$JH_SOURCE_DIR/data/surveys" > c.out 2>&1
zh4=$(grep -n '^ *c/kiosk.conf 第 4 行：没有“localty”这个设置' c.out | cut -d: -f1)
en4=$(grep -n "^ *c/kiosk.conf:4: unknown setting 'localty'" c.out | cut -d: -f1)
if [ -n "$zh4" ] && [ -n "$en4" ] && [ "$zh4" -lt "$en4" ] && grep -q '^ *c/kiosk.conf 第 7 行：school_level' c.out \
  && grep -q "^ *c/kiosk.conf:7: school_level: 'high'" c.out && grep -q 'forget_bureau_key)' c.out
then ok "settings: both mistakes, Chinese first, forget_bureau_key listed"; else bad "settings: $(cat c.out | grep -A8 配置)"; fi
out=$("$K" --db c/kiosk.db --config c/kiosk.conf --surveys "$JH_SOURCE_DIR/data/surveys" --replay /dev/null 2>&1)
grep -q 'c/kiosk.conf 第 4 行' <<<"$out" && grep -q 'c/kiosk.conf 第 7 行' <<<"$out" \
  && ok "settings: the kiosk's start names both" || bad "settings: kiosk start: $out"
# 4b. A mistake in an optional setting (review rsite9, item 4: idle_seconds =
#     120秒 took the kiosk out of service): not taken, said by the self-check
#     (a warning, Chinese first) and on the kiosk's stderr, and the kiosk
#     starts with the default (120 s); the Chinese words of the values (乡村,
#     小学) are taken.
mkdir c2
printf 'school_code = 3607010001\nschool_name = 青山小学\nlocality = 乡村\nschool_level = 小学\ncounty_code = 360701\nidle_seconds = 90秒\n' > c2/kiosk.conf
"$K" --self-check --db c2/kiosk.db --config c2/kiosk.conf --surveys "$JH_SOURCE_DIR/data/surveys" > c2.out 2>&1
zh6=$(grep -n '^ *c2/kiosk.conf 第 6 行：idle_seconds' c2.out | cut -d: -f1)
en6=$(grep -n "^ *c2/kiosk.conf:6: idle_seconds: '90秒' is not valid (expected a whole number of seconds from 15 to 3600)" c2.out | cut -d: -f1)
if grep -q '^\[注意 WARN\] 配置 Settings: c2/kiosk.conf 里有写错的设置，答题机不采用' c2.out && [ -n "$zh6" ] && [ -n "$en6" ] \
  && [ "$zh6" -lt "$en6" ] && grep -q '应为 15 到 3600 之间的整数（秒）' c2.out && ! grep -q '\[错误 FAIL\] 配置' c2.out
then ok "optional setting: a warning naming the line, Chinese first"; else bad "optional setting: $(grep -A6 配置 c2.out)"; fi
out=$("$K" --db c2/kiosk.db --config c2/kiosk.conf --surveys "$JH_SOURCE_DIR/data/surveys" --replay /dev/null 2>&1); rc=$?
if [ $rc = 0 ] && grep -q '注意：c2/kiosk.conf 里有写错的设置，本机没有采用' <<<"$out" && grep -q 'c2/kiosk.conf 第 6 行：idle_seconds' <<<"$out" \
  && [ "$(sqlite3 c2/kiosk.db "SELECT group_concat(value, ' ') FROM settings WHERE key IN ('locality', 'school_level') ORDER BY key")" = "rural primary" ] \
  && [ "$(sqlite3 c2/kiosk.db "SELECT value FROM settings WHERE key = 'idle_seconds'")" = 120 ]
then ok "optional setting: the kiosk starts, says so on stderr, takes 乡村 and 小学"; else bad "optional setting: rc $rc: $out"; fi

# 5. Damaged inside, the header and the answer numbers still readable
#    (review rfield6, item 3): 3 answers never exported.  The kiosk's start
#    moves it aside and records 1-3 as lost by damage; the self-check then
#    neither says every answer was exported nor blames an older copy.
mkdir -p r
"$MK" r/kiosk.db 3 >/dev/null 2>&1 || bad "mkdb r"
rm -f r/kiosk.db-wal r/kiosk.db-shm
root=$(sqlite3 r/kiosk.db "SELECT rootpage FROM sqlite_master WHERE name = 'answers'")
psz=$(sqlite3 r/kiosk.db "PRAGMA page_size")
python3 -c "import sys; f=open('r/kiosk.db','r+b'); f.seek(($root-1)*$psz); f.write(b'\xde\xad'*($psz//2)); f.close()"
"$K" --db r/kiosk.db --surveys "$JH_SOURCE_DIR/data/surveys" --replay /dev/null > r.start 2>&1
ls r/kiosk.db.corrupt-* >/dev/null 2>&1 && ok "readable damage: moved aside" || bad "readable damage: not moved aside: $(cat r.start)"
grep -q '^lost_seqs = 1-3$' r/kiosk.db.identity && grep -q '^lost_cause = damaged$' r/kiosk.db.identity \
  && ok "readable damage: 1-3 recorded as lost by damage" || bad "readable damage: identity: $(grep lost r/kiosk.db.identity)"
sc r
if grep -q '答卷都已导出 / every answer has been exported' r.out; then bad "readable damage: said every answer exported"
else ok "readable damage: not 'every answer exported'"; fi
if grep -q '旧的副本\|older copy' r.out; then bad "readable damage: called an older copy: $(grep 身份文件 r.out)"
else ok "readable damage: not called an older copy"; fi
grep -q '^\[注意 WARN\] 身份文件 Identity: .*损坏' r.out && ok "readable damage: the identity line names the damage" \
  || bad "readable damage: $(grep 身份文件 r.out)"
grep -q '丢失的答卷 Lost answers: 编号 1-3 .*取回损坏数据库里的答卷' r.out \
  && ok "readable damage: the lost answers line says how to save them" || bad "readable damage: $(grep 丢失 r.out)"

exit $fail
