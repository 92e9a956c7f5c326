#!/bin/bash
# kiosk_self_check.sh - `junheng-kiosk --self-check` tells a technician what
# is wrong, in Chinese and English, and changes nothing: run while a kiosk
# holds an unfinished questionnaire it leaves that "in progress" (the old
# way to check, starting the kiosk, would have closed it as abandoned).
set -u
b="$JH_BUILD_DIR"
kiosk="$b/junheng-kiosk"
if [ ! -x "$kiosk" ]; then echo "SKIP: $kiosk not built"; exit 77; fi
if ! command -v sqlite3 >/dev/null; then echo "SKIP: the sqlite3 command is not installed"; exit 77; fi
export SDL_VIDEODRIVER=dummy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-selfcheck-XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
sc() { # sc NAME [options]: runs the self-check into $tmp/NAME.out, sets rc
  local name=$1; shift
  "$kiosk" --self-check --surveys "$JH_SOURCE_DIR/data/surveys" "$@" >"$tmp/$name.out" 2>&1
  rc=$?
}
expect() { # expect NAME RC PATTERN...: exit status and lines (grep -E) of one run
  local name=$1 want=$2; shift 2
  local ok=1
  [ "$rc" = "$want" ] || { echo "FAIL $name: exit status $rc, expected $want"; ok=0; }
  for pat in "$@"; do
    grep -qE -- "$pat" "$tmp/$name.out" || { echo "FAIL $name: no line matching: $pat"; ok=0; }
  done
  if [ $ok = 1 ]; then echo "PASS $name"; else cat "$tmp/$name.out"; fail=1; fi
}

# 1. Nothing yet: the database and key are made at the first start (warnings only).
sc fresh --db "$tmp/kiosk.db"
expect fresh 0 '^\[注意 WARN\] 数据库 Database: .*还没有' '^\[注意 WARN\] 签名密钥 Signing key: .*not created yet' \
  '^\[正常 OK  \] 版本 Version: junheng-kiosk .*SDL_ttf [0-9.]*, SDL_image [0-9.]*, FreeType [0-9]+\.[0-9]+\.[0-9]+, HarfBuzz [0-9]+\.[0-9]+' '^\[正常 OK  \] 字体 Font: .*NotoSansSC-Junheng.otf' \
  '^\[正常 OK  \] 问卷 Questionnaires: .*parent.json: parent-2026' '^\[正常 OK  \] 磁盘空间 Free disk: ' \
  '^结果：没有错误'
[ -e "$tmp/kiosk.db" ] && { echo "FAIL the self-check created the database"; fail=1; }
# The USB line comes with the admin screen's discovery (app/core/usb_targets.h).
if [ -f "$JH_SOURCE_DIR/app/core/usb_targets.h" ]; then
  expect fresh 0 '^\[(正常 OK  |注意 WARN)\] U 盘 USB: '
fi

# 2. A kiosk is answering (one question given, waiting for the next touch),
#    on the frozen 1.0 questionnaires (the replay taps their texts).
cat > "$tmp/first.replay" <<'R'
tap-text 开始答题
wait 500
tap-text 家长
wait 500
tap-text 我知道了，开始
wait 500
tap-text 四到六年级
wait 600
expect-text 您家住在城里
R
printf 'school_code = 3301020001\ncounty_code = 330102\n' > "$tmp/kiosk.conf"
"$kiosk" --db "$tmp/kiosk.db" --config "$tmp/kiosk.conf" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" \
  --size 1280x800 --replay "$tmp/first.replay" --replay-then-run >"$tmp/kiosk.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "waiting for input" "$tmp/kiosk.log" && break; sleep 0.1; done
grep -q "waiting for input" "$tmp/kiosk.log" || { echo "FAIL the kiosk did not start:"; cat "$tmp/kiosk.log"; exit 1; }
sum_before=$(sha256sum "$tmp/kiosk.db" "$tmp/kiosk.db.key" | awk '{print $1}')
sc running --db "$tmp/kiosk.db" --config "$tmp/kiosk.conf"
expect running 0 '^\[正常 OK  \] 数据库 Database: .*完好 / healthy' '正在作答 1 / .*in progress 1' \
  '^\[正常 OK  \] 签名密钥 Signing key: .*mode 0600, 指纹 fingerprint SHA256:' \
  '^\[正常 OK  \] 配置 Settings: .*有效，2 项设置' '^\[正常 OK  \] 学校 School: 3301020001'
state=$(sqlite3 "$tmp/kiosk.db" "SELECT group_concat(status) FROM responses")
sum_after=$(sha256sum "$tmp/kiosk.db" "$tmp/kiosk.db.key" | awk '{print $1}')
if [ "$state" = 0 ] && [ "$sum_before" = "$sum_after" ]; then
  echo "PASS the self-check left the running kiosk's questionnaire in progress and the files unchanged"
else
  echo "FAIL the self-check changed the database (statuses '$state', files changed: $([ "$sum_before" = "$sum_after" ] && echo no || echo yes))"; fail=1
fi
kill -TERM "$pid"; wait "$pid"; pid=

# 3. What a technician must be told.
# Who else can read the answers (review rprivacy): the database readable by
# others in a folder they can enter fails; the folder alone open warns; the
# database 0644 in a 0700 folder (the package's /var/lib/junheng) is fine.
chmod 0644 "$tmp/kiosk.db"; chmod 0755 "$tmp"
sc db_open --db "$tmp/kiosk.db"
expect db_open 1 "^\[错误 FAIL\] 数据库权限 Database access: .*kiosk.db 的权限是 0644.*其他用户都能读到全部答卷.*chmod 0600 .*chmod 0700"
chmod 0600 "$tmp/kiosk.db"
sc dir_open --db "$tmp/kiosk.db"
expect dir_open 0 "^\[注意 WARN\] 数据库权限 Database access: 目录 .* 的权限是 0755.*chmod 0700"
chmod 0644 "$tmp/kiosk.db"; chmod 0700 "$tmp"
sc db_closed --db "$tmp/kiosk.db"
expect db_closed 0 "^\[正常 OK  \] 数据库权限 Database access: 其他用户读不到 .*kiosk.db 0644, .* 0700"
chmod 0644 "$tmp/kiosk.db.key"
sc key_mode --db "$tmp/kiosk.db"
expect key_mode 1 '^\[错误 FAIL\] 签名密钥 Signing key: .*0644.*chmod 0600' '^结果：1 项错误'
chmod 0600 "$tmp/kiosk.db.key"
# Review rpack3, item 1: every file beside the database must be the
# service user's (User= of junheng-kiosk.service), whoever runs the check:
# the kept key copied back as root (root:root 0600) was "healthy" to root.
mkdir -p "$tmp/unit"
printf '[Service]\nUser=nobody\nGroup=nogroup\n' > "$tmp/unit/junheng-kiosk.service"
JH_SELFCHECK_UNIT_DIR="$tmp/unit" sc owner_other --db "$tmp/kiosk.db"
expect owner_other 1 '^\[错误 FAIL\] 文件所有者 File owners: .*kiosk.db.key 属于 .*答题机的用户 nobody 读写不了.*请执行 chown -h nobody:[a-z]+ .*kiosk.db.key / is owned by .*run chown -h nobody:[a-z]+ .*kiosk.db.key' \
  '^\[错误 FAIL\] 文件所有者 File owners: .*/kiosk.db 属于 ' '一次改好 / all at once: chown -R nobody:[a-z]+ '
# Review r2pack3, item 2: the kiosk's user owns the folder, so it can make
# its files symbolic links (kiosk.db.key -> /etc/shadow) or FIFOs; a plain
# chown advised to root would hand the link's target over.  Such a file is
# its own failure ("remove it"), no chown is advised, nothing is opened
# through it (a FIFO would hang the check) and its target is left alone.
mkdir -p "$tmp/links"
cp "$tmp/kiosk.db" "$tmp/links/"
printf 'secret\n' > "$tmp/links-target"; chmod 0600 "$tmp/links-target"
ln -s "$tmp/links-target" "$tmp/links/kiosk.db.key"
ln -s "$tmp/links-target" "$tmp/links/kiosk.db-shm"
mkfifo "$tmp/links/kiosk.db.identity" "$tmp/links/kiosk.db.lock"
mode_before=$(stat -c '%U %a %s' "$tmp/links-target")
JH_SELFCHECK_UNIT_DIR="$tmp/unit" timeout 10 "$kiosk" --self-check --surveys "$JH_SOURCE_DIR/data/surveys" \
  --db "$tmp/links/kiosk.db" >"$tmp/links.out" 2>&1
rc=$?
expect links 1 '^\[错误 FAIL\] 文件所有者 File owners: .*/links/kiosk.db.key 不是普通文件（符号链接，指向 .*/links-target）：请删除它（rm .*/links/kiosk.db.key，只删除链接本身）.* / is not a regular file \(a symbolic link to .*/links-target\): remove it' \
  '^\[错误 FAIL\] 文件所有者 File owners: .*/links/kiosk.db-shm 不是普通文件（符号链接' \
  '^\[错误 FAIL\] 文件所有者 File owners: .*/links/kiosk.db.identity 不是普通文件（是目录、FIFO 或设备文件）：请删除它' \
  '^\[错误 FAIL\] 文件所有者 File owners: .*/links/kiosk.db.lock 不是普通文件' \
  '^\[错误 FAIL\] 签名密钥 Signing key: .*/links/kiosk.db.key 不是普通文件（符号链接？），没有读取'
if grep -E 'chown [^-]|chown -R' "$tmp/links.out" | grep -q 'links/kiosk.db\(.key\|-shm\|.identity\|.lock\)\|一次改好'; then
  echo "FAIL links: chown advised for a link or FIFO:"; grep chown "$tmp/links.out"; fail=1
else
  echo "PASS links: no chown advised for a link or FIFO"
fi
[ "$(stat -c '%U %a %s' "$tmp/links-target")" = "$mode_before" ] && [ "$(cat "$tmp/links-target")" = secret ] \
  && echo "PASS links: the links' target is unchanged" || { echo "FAIL links: the target changed"; fail=1; }
# Review rfinal18, item 1: the database itself a FIFO: the questionnaire
# check opened it again (a hang, stopped here by timeout: exit 124).
mkdir -p "$tmp/fifo"
mkfifo "$tmp/fifo/kiosk.db"
JH_SELFCHECK_UNIT_DIR="$tmp/unit" timeout 20 "$kiosk" --self-check --surveys "$JH_SOURCE_DIR/data/surveys" \
  --db "$tmp/fifo/kiosk.db" >"$tmp/fifo.out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q '问卷 Questionnaires' "$tmp/fifo.out" \
  && echo "PASS fifo: a FIFO in the database's place: the check ends (exit 1) and checks the questionnaires" \
  || { echo "FAIL fifo: exit $rc: $(tail -3 "$tmp/fifo.out")"; fail=1; }
# Review r2pack3, item 3: run as a user who is neither root nor the
# kiosk's, the files in the kiosk's 0700 folder cannot be looked at: it
# said the database 不存在, the key 还没有 (made at first start) and left out
# the 文件所有者 line.  Now each says so and names the runuser to use.
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null && id daemon >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
  mkdir -p "$tmp/nu/data"
  cp "$tmp/kiosk.db" "$tmp/kiosk.db.key" "$tmp/nu/data/"
  chown -R nobody "$tmp/nu/data"; chmod 0700 "$tmp/nu/data"; chmod 0711 "$tmp" "$tmp/nu"
  runuser -u daemon -- env HOME=/tmp JH_SELFCHECK_UNIT_DIR="$tmp/unit" "$kiosk" --self-check \
    --surveys "$JH_SOURCE_DIR/data/surveys" --db "$tmp/nu/data/kiosk.db" >"$tmp/other_user.out" 2>&1
  rc=$?
  chmod 0700 "$tmp"
  expect other_user 1 \
    '^\[错误 FAIL\] 数据库 Database: .*/nu/data/kiosk.db 以用户 daemon 看不到（没有权限）：请用答题机的用户 nobody 运行自检：runuser -u nobody -- junheng-kiosk --self-check / cannot be looked at as daemon' \
    '^\[错误 FAIL\] 签名密钥 Signing key: .*/nu/data/kiosk.db.key 以用户 daemon 看不到' \
    '^\[错误 FAIL\] 文件所有者 File owners: .*/nu/data/kiosk.db 以用户 daemon 看不到'
  grep -E '不存在|还没有' "$tmp/other_user.out" && { echo "FAIL other_user: the files are said to be missing"; fail=1; }
else
  echo "SKIP other_user: needs root, runuser and the users daemon and nobody"
fi
me=$(id -un)
printf '[Service]\nUser=%s\n' "$me" > "$tmp/unit/junheng-kiosk.service"
JH_SELFCHECK_UNIT_DIR="$tmp/unit" sc owner_self --db "$tmp/kiosk.db"
expect owner_self 0 "^\[正常 OK  \] 文件所有者 File owners: 都属于答题机的用户 $me .*junheng-kiosk.service"
# Answers never exported are counted (what a purge would lose).
expect owner_self 0 '^\[注意 WARN\] 未导出 Not exported: 1 份答卷还没有导出过'
printf 'school_code = 3301020001\nschool_level = high\n' > "$tmp/bad.conf"
sc bad_config --db "$tmp/kiosk.db" --config "$tmp/bad.conf"
expect bad_config 1 '^\[错误 FAIL\] 配置 Settings: .*bad.conf 有错误' 'bad.conf:2: school_level'
printf 'admin_pin = 2468\n' > "$tmp/pin.conf"
sc pin --db "$tmp/kiosk.db" --config "$tmp/pin.conf"
expect pin 0 '^\[注意 WARN\] 管理密码 Admin PIN: .*admin_pin'
mkdir "$tmp/surveys"
cp "$JH_SOURCE_DIR/data/surveys/parent.json" "$tmp/surveys/"
printf '{"id": "broken", ' > "$tmp/surveys/broken.json"
sc bad_survey --db "$tmp/kiosk.db" --surveys "$tmp/surveys"
expect bad_survey 1 '^\[错误 FAIL\] 问卷 Questionnaires: .*broken.json 有错误' '^\[正常 OK  \] 问卷 Questionnaires: .*parent.json'
# Review r2quest3 item 3: files the kiosk refuses together (one id and
# version, two contents) are not 正常 OK one by one: the kiosk's decision.
mkdir "$tmp/surveys2"
cp "$JH_SOURCE_DIR/data/surveys/parent.json" "$tmp/surveys2/"
sed '0,/孩子/s/孩子/小孩/' "$JH_SOURCE_DIR/data/surveys/parent.json" > "$tmp/surveys2/parent_edit.json"
sc dup_survey --db "$tmp/kiosk.db" --surveys "$tmp/surveys2"
expect dup_survey 1 '^\[错误 FAIL\] 问卷 Questionnaires: .*/parent.json 有错误' \
  '^\[错误 FAIL\] 问卷 Questionnaires: .*/parent_edit.json 有错误' 'parent.json, parent_edit.json'
grep -q '\[正常 OK  \] 问卷' "$tmp/dup_survey.out" && { echo "FAIL dup_survey: a refused file said OK"; fail=1; }
sc no_font --db "$tmp/kiosk.db" --font "$tmp/none.otf"
expect no_font 1 '^\[错误 FAIL\] 字体 Font: .*none.otf'
# The real cause, Chinese first (review: a read-only mount was "owned by
# root, not writable … fix the owner"; a missing folder "not writable").
sc no_dir --db "$tmp/nodir/kiosk.db"
expect no_dir 1 '^\[错误 FAIL\] 数据库 Database: 目录 .*/nodir 不存在：请重新安装 junheng-kiosk'
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
  mkdir -p "$tmp/ro"
  cp "$tmp/kiosk.db" "$tmp/kiosk.db.key" "$tmp/ro/"
  unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" &&
    "$2" --self-check --surveys "$3" --db "$1/kiosk.db"' sh "$tmp/ro" "$kiosk" "$JH_SOURCE_DIR/data/surveys" \
    >"$tmp/read_only.out" 2>&1
  rc=$?
  expect read_only 1 '^\[错误 FAIL\] 数据库 Database: .*kiosk.db 所在的磁盘是只读挂载的.*请检查磁盘（dmesg、fsck）后以读写方式重新挂载'
  grep -q "fix the owner" "$tmp/read_only.out" && { echo "FAIL read_only: still blames the owner"; fail=1; }
else
  echo "SKIP read_only: needs root and unshare -m for a read-only bind mount"
fi
head -c 20000 /dev/urandom > "$tmp/junk.db"
sc damaged --db "$tmp/junk.db"
expect damaged 1 '^\[错误 FAIL\] 数据库 Database: .*junk.db 已损坏'
# A database of a newer junheng-kiosk (schema 3) is no healthy one: the
# kiosk will not start on it (review rmigrate, item 1: said "完好" before).
mkdir -p "$tmp/newer"
sqlite3 "$tmp/newer/kiosk.db" "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT); CREATE TABLE pin(h); CREATE TABLE responses(seq INTEGER PRIMARY KEY, status INTEGER); PRAGMA user_version = 3;"
sc newer --db "$tmp/newer/kiosk.db"
expect newer 1 '^\[错误 FAIL\] 数据库 Database: .*kiosk.db 是更新版本的答题机程序写的（数据库结构版本 3，本程序只认识到 2）.*请安装新版的 junheng-kiosk.*install the newer junheng-kiosk'
grep -q '完好' "$tmp/newer.out" && { echo "FAIL newer: the newer database is called healthy"; fail=1; }
# ... and one whose schema this SQLite cannot parse is no damaged one (item 2).
sqlite3 "$tmp/newer/kiosk.db" "PRAGMA writable_schema = ON; INSERT INTO sqlite_master VALUES ('table', 'f', 'f', 0, 'CREATE TABLE f(a) FUTURE_OPTION');"
sc newer2 --db "$tmp/newer/kiosk.db"
expect newer2 1 '^\[错误 FAIL\] 数据库 Database: .*kiosk.db 是更新版本的答题机程序写的（数据库结构版本 3'
grep -q '已损坏' "$tmp/newer2.out" && { echo "FAIL newer2: the newer database is called damaged"; fail=1; }
# A county database (schema 8, above the kiosk's) is the county's, not a newer kiosk's.
if [ -x "$b/junheng" ]; then
  mkdir -p "$tmp/county"
  "$b/junheng" surveys --db "$tmp/county/kiosk.db" "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0/parent.json" >/dev/null 2>&1
  sc county --db "$tmp/county/kiosk.db"
  expect county 1 '^\[错误 FAIL\] 数据库 Database: .*kiosk.db 是教育局的区县数据库，不是答题机的数据库'
fi
# 4. Review rk3, item 2: a county pack dated 2100 installed (a kiosk took
#    it before review r-pack2): the clock is not blamed flatly; review
#    rfield6, item 2: nor is the pack (a slow clock looks the same): check
#    today's date first.
cp "$JH_SOURCE_DIR/tests/fixtures/county-pack-2100.json" "$tmp/kiosk.db.pack.json"
sc future_pack --db "$tmp/kiosk.db"
expect future_pack 0 '^\[注意 WARN\] 时钟 Clock: .*2100-01-01 制作.*可能是本机时钟慢了，也可能是制作名册包的电脑日期设错了.*请先看今天的实际日期.*请向县教育局要一个新的名册包'
grep -q "时钟不对\|不是本机时钟" "$tmp/future_pack.out" && { echo "FAIL future_pack: the clock or the pack blamed flatly"; fail=1; }
grep -q '^\[正常 OK  \] 时钟 Clock' "$tmp/future_pack.out" && { echo "FAIL future_pack: the clock also called fine"; fail=1; }
# Review rtime, item 3: a pack installed and the clock reset to 2000-01-01
# (a flat mainboard battery): the clock is wrong, not the pack's date (both
# were said, contradicting each other).
JH_KIOSK_NOW_MS=946717200000 sc clock_2000_pack --db "$tmp/kiosk.db"
expect clock_2000_pack 0 '^\[注意 WARN\] 时钟 Clock: 本机时钟显示 2000-01-01，早于 2026-11-01.*时钟不对'
grep -q "名册包的日期不对" "$tmp/clock_2000_pack.out" && { echo "FAIL clock_2000_pack: the pack's date is blamed"; fail=1; }
rm -f "$tmp/kiosk.db.pack.json"
# 5. An empty county-pack questionnaire folder (DB.surveys, left so by an
#    undone first install before the fix) is not preferred over the bundled
#    questionnaires: the kiosk (and its self-check, without --surveys) uses
#    the bundled ones.  Failed before: "holds no questionnaire".
mkdir -p "$tmp/empty/kiosk.db.surveys"
"$kiosk" --self-check --db "$tmp/empty/kiosk.db" >"$tmp/empty_pack_dir.out" 2>&1
rc=$?
expect empty_pack_dir 0 '^\[正常 OK  \] 问卷 Questionnaires: .*/data/surveys/parent.json: parent-2026'
# 6. An identity file one seq behind the database (a power cut between an
#    answer's commit and the file's update, store.c) is routine, not "put
#    back from a backup" (review r2repair, item 4); two behind still is.
mkdir -p "$tmp/lag" && "$b/tests/test_store_mkdb" "$tmp/lag/kiosk.db" 3 >/dev/null 2>&1
for lag in 1 2; do
  sed -i "s/^seq_committed = .*/seq_committed = $((3 - lag))/" "$tmp/lag/kiosk.db.identity"
  "$kiosk" --self-check --db "$tmp/lag/kiosk.db" --config /dev/null >"$tmp/lag$lag.out" 2>&1
done
grep -q "比数据库旧" "$tmp/lag1.out" && { echo "FAIL identity one behind: $(grep 比数据库旧 "$tmp/lag1.out")"; fail=1; } \
  || echo "PASS identity one behind the database: no warning"
grep -q "比数据库旧" "$tmp/lag2.out" && echo "PASS identity two behind: warned" \
  || { echo "FAIL identity two behind: not warned"; cat "$tmp/lag2.out"; fail=1; }
# 7. The input engines and the voice are opened and tried (review rinput3,
#    item 2: there was no such check).  JH_RIME_DATA and JH_HANDWRITING_MODEL
#    point the kiosk at copies: a garbage model and a 0-byte or cut pinyin
#    table (librime aborts on those: the self-check survives and says
#    "damaged", a failure), a missing table ("missing", a warning).
expect fresh 0 '^\[正常 OK  \] 手写 Handwriting: .*认识 [0-9]+ 个常用汉字' \
  '^\[正常 OK  \] 拼音 Pinyin: .*输入 ni 有候选字' '^\[正常 OK  \] 读题声音 Voice: '
echo garbage > "$tmp/bad.model"
rime_copy() { # rime_copy NAME: $tmp/NAME, links to Debian's rime data but the table
  mkdir -p "$tmp/$1/build" && ln -s /usr/share/rime-data/*.yaml "$tmp/$1/" &&
    ln -s /usr/share/rime-data/build/* "$tmp/$1/build/" && rm "$tmp/$1/build/luna_pinyin.table.bin"
}
rime_copy rime_zero && : > "$tmp/rime_zero/build/luna_pinyin.table.bin"
rime_copy rime_cut && head -c 100000 /usr/share/rime-data/build/luna_pinyin.table.bin > "$tmp/rime_cut/build/luna_pinyin.table.bin"
rime_copy rime_missing
JH_HANDWRITING_MODEL="$tmp/bad.model" JH_RIME_DATA="$tmp/rime_zero" sc input_zero --db "$tmp/fresh.db"
expect input_zero 1 '^\[错误 FAIL\] 手写 Handwriting: 数据已损坏，请重新安装 tegaki-zinnia-simplified-chinese' \
  'bad.model: zinnia cannot read' '^\[错误 FAIL\] 拼音 Pinyin: 数据已损坏，请重新安装 rime-data-luna-pinyin' \
  'rime_zero/build/luna_pinyin.table.bin: .*damaged' '^结果：2 项错误'
JH_RIME_DATA="$tmp/rime_cut" sc input_cut --db "$tmp/fresh.db"
expect input_cut 1 '^\[正常 OK  \] 手写 Handwriting' '^\[错误 FAIL\] 拼音 Pinyin: 数据已损坏' 'librime crashed loading' \
  '^结果：1 项错误'
mkdir -p "$tmp/scratch"
# a scratch folder a killed self-check left (its pid no longer runs) is swept (review r2input3 item 7)
( exit 0 ) & dead=$!; wait $dead
mkdir -p "$tmp/scratch/jh-selfcheck-rime-$dead-AbC123/build"
TMPDIR="$tmp/scratch" JH_HANDWRITING_MODEL="$tmp/no.model" JH_RIME_DATA="$tmp/rime_missing" sc input_missing --db "$tmp/fresh.db"
expect input_missing 0 '^\[注意 WARN\] 手写 Handwriting: 缺少数据，请安装 tegaki-zinnia-simplified-chinese' \
  '^\[注意 WARN\] 拼音 Pinyin: 缺少数据，请安装 rime-data-luna-pinyin' 'luna_pinyin.table.bin: .*missing'
ls "$tmp/fresh.db"* "$tmp/scratch"/* >/dev/null 2>&1 \
  && { echo "FAIL the input check left files behind"; fail=1; } || echo "PASS the input check left nothing behind"

# 8. Review r2input3: the kiosk's own DB.rime/build, which librime reads
#    before the shared data, is tried too (item 7); a table with 64 KB zeroed
#    (header and size intact) is found by its package's MD5 sum, here a
#    md5sums file beside the copy (item 2); a load that hangs (a FIFO where
#    librime reads opencc's settings) is given up after 10 s as too slow,
#    not damaged (item 4).
mkdir -p "$tmp/own.db.rime/build" && : > "$tmp/own.db.rime/build/luna_pinyin.table.bin"
sc input_own --db "$tmp/own.db"
expect input_own 1 '^\[错误 FAIL\] 拼音 Pinyin: 数据已损坏' 'own.db.rime/build/luna_pinyin.table.bin: .*damaged'
rime_copy rime_block && cp /usr/share/rime-data/build/luna_pinyin.table.bin "$tmp/rime_block/build/" &&
  dd if=/dev/zero of="$tmp/rime_block/build/luna_pinyin.table.bin" bs=65536 count=1 conv=notrunc status=none \
    seek=$(( $(stat -c %s "$tmp/rime_block/build/luna_pinyin.table.bin") * 95 / 100 ))B &&
  cat /var/lib/dpkg/info/rime-data-*.md5sums > "$tmp/rime_block/md5sums"
JH_RIME_DATA="$tmp/rime_block" sc input_block --db "$tmp/fresh.db"
expect input_block 1 '^\[错误 FAIL\] 拼音 Pinyin: 数据已损坏' \
  'rime_block/build/luna_pinyin.table.bin: differs from the file its package installed'
rime_copy rime_hang && ln -s /usr/share/rime-data/build/luna_pinyin.table.bin "$tmp/rime_hang/build/" &&
  mkdir "$tmp/rime_hang/opencc" && mkfifo "$tmp/rime_hang/opencc/t2s.json"
JH_RIME_DATA="$tmp/rime_hang" sc input_hang --db "$tmp/fresh.db"
expect input_hang 0 '^\[注意 WARN\] 拼音 Pinyin: 拼音数据加载太慢' 'took longer than 10 s'

# 9. Review rspeech4 item 2: espeak-ng-data without the Mandarin dictionary
#    (cmn_dict): the voice is selected but says nothing; the self-check must
#    say so and the kiosk must not offer 听读/读题 (it played silence).
espeak_data=$(ls -d /usr/lib/*/espeak-ng-data /usr/share/espeak-ng-data 2>/dev/null | head -1)
if [ -n "$espeak_data" ]; then
  mkdir -p "$tmp/nodict/espeak-ng-data"
  for f in "$espeak_data"/*; do
    [ "$(basename "$f")" = cmn_dict ] || ln -s "$f" "$tmp/nodict/espeak-ng-data/"
  done
  ESPEAK_DATA_PATH="$tmp/nodict" sc voice_nodict --db "$tmp/fresh.db"
  expect voice_nodict 1 '^\[错误 FAIL\] 读题声音 Voice: 普通话声音不能用，读题和听读按钮不显示；请重新安装 espeak-ng-data / ' \
    'cmn_dict' '^结果：1 项错误'
  sc voice_ok --db "$tmp/fresh.db"
  expect voice_ok 0 '^\[正常 OK  \] 读题声音 Voice: 普通话 espeak-ng cmn' '^\[正常 OK  \] 读题声音 Voice: 英语 espeak-ng en / English'
  printf 'wait 300\nexpect-no-text 听读\n' > "$tmp/nodict.replay"
  ESPEAK_DATA_PATH="$tmp/nodict" SDL_AUDIODRIVER=dummy "$kiosk" --db "$tmp/nodict.db" --size 800x480 --voice \
    --surveys "$JH_SOURCE_DIR/data/surveys" --replay "$tmp/nodict.replay" >"$tmp/nodict.log" 2>&1
  rc=$?
  if [ $rc = 0 ] && grep -q '普通话声音不能用' "$tmp/nodict.log"; then
    echo "PASS without cmn_dict the kiosk hides 听读 and says why"
  else
    echo "FAIL without cmn_dict: exit status $rc (expected 0, 听读 hidden), log:"; cat "$tmp/nodict.log"; fail=1
  fi
  printf 'wait 300\nexpect-text 听读\n' > "$tmp/dict.replay"
  SDL_AUDIODRIVER=dummy "$kiosk" --db "$tmp/dict.db" --size 800x480 --voice --surveys "$JH_SOURCE_DIR/data/surveys" \
    --replay "$tmp/dict.replay" >"$tmp/dict.log" 2>&1 \
    && echo "PASS with the voice installed the kiosk offers 听读" \
    || { echo "FAIL with the voice installed 听读 is not offered:"; cat "$tmp/dict.log"; fail=1; }
fi

# 10. Review r2admin4 item 1: an admin_pin line left as it was applies only
#     when new or changed; once 修改密码 changed the PIN, a restart with the
#     line unchanged does not bring its PIN back.  The self-check says so.
printf 'wait 100\n' > "$tmp/pin.replay"
for n in 3690 1357; do
  printf 'admin_pin = %s\n' "$n" > "$tmp/pin$n.conf"
  "$kiosk" --db "$tmp/pin$n.db" --config "$tmp/pin$n.conf" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" \
    --size 800x480 --replay "$tmp/pin.replay" >"$tmp/pin$n.log" 2>&1 \
    || { echo "FAIL the kiosk with admin_pin = $n did not start:"; cat "$tmp/pin$n.log"; fail=1; }
done
sc pin_new --db "$tmp/pin3690.db" --config "$tmp/pin1357.conf"
expect pin_new 0 '^\[正常 OK  \] 管理密码 Admin PIN: .*新写或改过.*下次启动时生效.*new or changed.*at the next start'
sc pin_same --db "$tmp/pin3690.db" --config "$tmp/pin3690.conf"
expect pin_same 0 '^\[正常 OK  \] 管理密码 Admin PIN: .*就是现在的密码.*is the PIN in force'
# 修改密码 on the admin screen: the PIN in force is now another one
sqlite3 "$tmp/pin3690.db" "ATTACH '$tmp/pin1357.db' AS o; UPDATE main.pin SET hash = (SELECT hash FROM o.pin WHERE id = 1) WHERE id = 1"
sc pin_changed --db "$tmp/pin3690.db" --config "$tmp/pin3690.conf"
expect pin_changed 0 '^\[注意 WARN\] 管理密码 Admin PIN: .*不是现在有效的密码.*重启不会.*改成另一个.*not the PIN in force.*restart does not.*another PIN' \
  '^\[正常 OK  \] 配置 Settings: .*admin_pin 只在.*新写或改过.*admin_pin only when'
# The settings files shipped say the same, in Chinese and English.
for f in data/kiosk.conf.example packaging/kiosk.conf.head; do
  if grep -q 'admin_pin 例外' "$JH_SOURCE_DIR/$f" && grep -q 'except admin_pin' "$JH_SOURCE_DIR/$f"; then
    echo "PASS $f states the admin_pin exception"
  else
    echo "FAIL $f says every line applies at every start, without the admin_pin exception"; fail=1
  fi
done

# 11. Review r2speech4 item 7: espeak-ng-data without the cmn-latn-pinyin
#     voice (lang/sit/cmn-Latn-pinyin) while cmn reads English-pronounced
#     pinyin (Debian's 1.51): the self-check names the missing voice, not
#     cmn_dict (which is there).
if [ -n "$espeak_data" ] && [ -e "$espeak_data/lang/sit/cmn-Latn-pinyin" ]; then
  mkdir -p "$tmp/nopinyin/espeak-ng-data/lang/sit"
  for f in "$espeak_data"/*; do
    [ "$(basename "$f")" = lang ] || ln -s "$f" "$tmp/nopinyin/espeak-ng-data/"
  done
  for f in "$espeak_data"/lang/*; do
    [ "$(basename "$f")" = sit ] || ln -s "$f" "$tmp/nopinyin/espeak-ng-data/lang/"
  done
  for f in "$espeak_data"/lang/sit/*; do
    [ "$(basename "$f")" = cmn-Latn-pinyin ] || ln -s "$f" "$tmp/nopinyin/espeak-ng-data/lang/sit/"
  done
  ESPEAK_DATA_PATH="$tmp/nopinyin" sc voice_nopinyin --db "$tmp/fresh.db"
  if [ $rc = 0 ] && grep -qE '^\[正常 OK  \] 读题声音 Voice: 普通话 espeak-ng cmn$' "$tmp/voice_nopinyin.out"; then
    echo "PASS voice_nopinyin (this espeak-ng's cmn voice reads Mandarin by itself)"
  else
    expect voice_nopinyin 1 '^\[错误 FAIL\] 读题声音 Voice: 普通话声音不能用' \
      '英语发音的拼音.*cmn-latn-pinyin 声音又没有安装' 'cmn-latn-pinyin voice that reads it in Mandarin is missing'
    if grep -q 'cmn_dict' "$tmp/voice_nopinyin.out"; then
      echo "FAIL voice_nopinyin: blames cmn_dict, which is installed:"; cat "$tmp/voice_nopinyin.out"; fail=1
    fi
  fi
fi

# 12. Review r2speech4 item 6: espeak-ng-data without the English dictionary
#     (en_dict): English read-aloud was offered and spelled English as
#     pinyin; the self-check printed espeak's "Can't read dictionary file"
#     dozens of times between its lines.  Now the self-check warns once,
#     cleanly, and the kiosk hides 听读 in English (kept in Chinese).
if [ -n "$espeak_data" ]; then
  mkdir -p "$tmp/noen/espeak-ng-data"
  for f in "$espeak_data"/*; do
    [ "$(basename "$f")" = en_dict ] || ln -s "$f" "$tmp/noen/espeak-ng-data/"
  done
  ESPEAK_DATA_PATH="$tmp/noen" sc voice_noen --db "$tmp/fresh.db"
  expect voice_noen 0 '^\[注意 WARN\] 读题声音 Voice: 英语声音不能用，English 界面不提供读题和听读' \
    'read-aloud is hidden in English'
  if grep -q "Can't read dictionary" "$tmp/voice_noen.out"; then
    echo "FAIL voice_noen: espeak-ng's own messages in the report:"; cat "$tmp/voice_noen.out"; fail=1
  fi
  printf 'wait 300\nexpect-text 听读\ntap-text English\nwait 300\nexpect-no-text Listen\n' > "$tmp/noen.replay"
  ESPEAK_DATA_PATH="$tmp/noen" SDL_AUDIODRIVER=dummy "$kiosk" --db "$tmp/noen.db" --size 800x480 --voice \
    --surveys "$JH_SOURCE_DIR/data/surveys" --replay "$tmp/noen.replay" >"$tmp/noen.log" 2>&1 \
    && echo "PASS without en_dict the kiosk offers 听读 in Chinese only" \
    || { echo "FAIL without en_dict: 听读 not as expected, log:"; cat "$tmp/noen.log"; fail=1; }
fi

# --help names the self-check's exit status (1 when something is wrong)
"$kiosk" --help | tr -d '\n' | grep -q '退出码 / Exit status: .*1 回放检查或自检失败 a replay expectation or the self-check.*failed' \
  && echo "PASS --help: exit status 1 for a failed self-check" || { echo "FAIL --help lacks the self-check's exit status"; fail=1; }
exit $fail
