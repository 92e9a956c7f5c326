#!/bin/bash
# The bureau commands outside the happy path (an outside review, session
# 15): a mistyped database name, files that cannot be read, databases and
# folders this user cannot write.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-outside.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
cd "$t" || exit 1

# -- a mistyped --db: the commands that need an existing county say so
# (exit 3) and make no new database
for cmd in "round --db typo.db" "county --db typo.db $src/tests/eval/county.csv" "rectify --db typo.db" \
           "rectify --db typo.db --out plan" "rectify --db typo.db --load $t/none.csv"; do
  out=$($J $cmd 2>&1); rc=$?
  [ $rc -eq 3 ] && [ ! -e typo.db ] && [[ "$out" == *"typo.db"* ]] && ok "$cmd: no such database (exit 3), none made" \
    || bad "$cmd: exit $rc, $(ls typo.db* 2>/dev/null): $out"
  rm -f typo.db typo.db-wal typo.db-shm
done
# round --open starts a county database (its first round, docs/evaluation.md)
"$J" round --db new.db --open 2026 --since 2026-03-01 >/dev/null 2>&1 && [ -s new.db ] \
  && ok "round --open starts a new county database" || bad "round --open on a new database"

# -- a file that cannot be read (missing, a folder) is an I/O error: exit 3
"$J" schools --db c.db "$src/tests/eval/register.csv" >/dev/null 2>&1 || bad "register"
for cmd in "county --db c.db nosuch.csv" "county --db c.db $t" "rectify --db c.db --load nosuch.csv" \
           "rectify --db c.db --load $t" "surveys --db c.db nosuch.json"; do
  out=$($J $cmd 2>&1); rc=$?
  [ $rc -eq 3 ] && ok "$cmd: exit 3" || bad "$cmd: exit $rc: $out"
done

# -- another user's county database in a folder this user cannot write.
# As root the commands run as nobody (setpriv); as another user the
# folder is made read-only for it.
asuser() {
  if [ "$(id -u)" != 0 ]; then "$@"; else setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; fi
}
if [ "$(id -u)" = 0 ] && ! { command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 && getent group nogroup >/dev/null; }; then
  echo "SKIP read-only databases and folders: root without setpriv or the user nobody"
  exit $fail
fi
chmod 755 "$t"
mkdir -p ro u out
STATS_GEN_T0=1790000000000 "$b/tests/stats_gen" k.db K-A A01 primary urban 3 2 1 u full >/dev/null || bad "stats_gen"
"$J" round --db ro/c.db --open 2026 --since 2026-01-01 >/dev/null 2>&1 || bad "round --open"
"$J" merge --county 360701 --db ro/c.db u >/dev/null 2>&1 || bad "merge"
"$J" schools --db ro/c.db "$src/tests/eval/register.csv" >/dev/null 2>&1 || bad "register"
"$J" county --db ro/c.db "$src/tests/eval/county.csv" >/dev/null 2>&1 || bad "county facts"
[ ! -e ro/c.db-wal ] && [ ! -e ro/c.db-shm ] || bad "the database's -wal/-shm left after its last connection closed"
chmod a-w ro ro/c.db
chmod 777 out
sum=$(md5sum <ro/c.db)
out=$(asuser "$J" stats --db ro/c.db 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"A01"* || "$out" == *"1 "* ]] && ok "stats of another user's database reads it (exit 0)" \
  || bad "stats of another user's database: exit $rc: $out"
out=$(asuser "$J" stats --db ro/c.db --out out/s 2>&1); rc=$?
[ $rc -eq 0 ] && [ -s out/s/stats.json ] && ok "stats --out of another user's database" || bad "stats --out: exit $rc: $out"
out=$(asuser "$J" round --db ro/c.db 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"2026"* ]] && ok "round (list) of another user's database (exit 0)" \
  || bad "round (list) of another user's database: exit $rc: $out"
out=$(asuser "$J" rectify --db ro/c.db 2>&1); rc=$?
[ $rc -eq 0 ] && ok "rectify (status) of another user's database (exit 0)" || bad "rectify status: exit $rc: $out"
out=$(asuser "$J" rectify --db ro/c.db --out out/plan 2>&1); rc=$?
[ $rc -eq 0 ] && [ -s out/plan/rectify.csv ] && ok "rectify --out of another user's database" \
  || bad "rectify --out: exit $rc: $out"
[ "$(md5sum <ro/c.db)" = "$sum" ] && [ ! -e ro/c.db-wal ] && [ ! -e ro/c.db-shm ] \
  && ok "the database is unchanged, nothing beside it" || bad "the database changed: $(ls ro)"
# a database it would write: says it cannot, and the file is unchanged
out=$(asuser "$J" county --db ro/c.db "$src/tests/eval/county.csv" 2>&1); rc=$?
[ $rc -eq 3 ] && [ "$(md5sum <ro/c.db)" = "$sum" ] && ok "county into another user's database: exit 3" \
  || bad "county into another user's database: exit $rc: $out"

# -- a new database, or a writable one, in a folder this user cannot write:
# the message names the folder and the permission (Chinese first)
for cmd in "schools --db ro/new.db $src/tests/eval/register.csv" "merge --db ro/new.db u"; do
  out=$(asuser "$J" --lang zh $cmd 2>&1); rc=$?
  [ $rc -eq 3 ] && [[ "$out" == *"无权写入文件夹 ro"* ]] && [ ! -e ro/new.db ] \
    && ok "$cmd: the folder cannot be written (exit 3)" || bad "$cmd: exit $rc: $out"
  out=$(asuser "$J" --lang en $cmd 2>&1)
  [[ "$out" == *"may not write the folder ro (permission denied)"* ]] && ok "$cmd: in English too" \
    || bad "$cmd --lang en: $out"
done
cp ro/c.db out/c.db
chmod a-w out
chmod 666 out/c.db
out=$(asuser "$J" --lang zh schools --db out/c.db "$src/tests/eval/register.csv" 2>&1); rc=$?
[ $rc -eq 3 ] && [[ "$out" == *"无权写入文件夹 out"* ]] && ok "a writable database in a folder that is not: says so (exit 3)" \
  || bad "writable database, folder not: exit $rc: $out"
chmod 755 out ro

# -- another user's database in a folder both may write (second review of
# session 15): a read opened it mode=ro, which left -wal and -shm files
# owned by the reader; the owner's next merge then failed with "read-only
# disk or file".  Read immutable now, nothing left; and a -wal the owner
# may not write is named.  (As root, root may write any file: the owner is
# uid 4242 then.)
asowner() { if [ "$(id -u)" != 0 ]; then "$@"; else setpriv --reuid=4242 --regid=4242 --clear-groups "$@"; fi; }
if [ "$(id -u)" = 0 ]; then
  mkdir -p shared/u2 u3 && chmod 1777 shared
  STATS_GEN_T0=1790000000000 "$b/tests/stats_gen" k2.db K-B A02 primary urban 3 2 2 shared/u2 full >/dev/null || bad "stats_gen 2"
  STATS_GEN_T0=1790000000000 "$b/tests/stats_gen" k3.db K-C A03 primary urban 3 2 3 u3 full >/dev/null || bad "stats_gen 3"
  chmod -R a+rX shared/u2 u3
  asowner "$J" merge --county 360701 --db shared/c.db u >/dev/null 2>&1 || bad "the owner's first merge into the shared folder"
  out=$(asuser "$J" stats --db shared/c.db 2>&1); rc=$?
  [ $rc -eq 0 ] && [ "$(ls shared)" = "$(printf 'c.db\nu2')" ] \
    && ok "stats of another user's database in a shared folder: nothing left beside it" \
    || bad "stats in a shared folder: exit $rc, files $(ls shared | tr '\n' ' '): $out"
  out=$(asowner "$J" merge --county 360701 --db shared/c.db shared/u2 2>&1); rc=$?
  [ $rc -eq 0 ] && ok "the owner merges after another user's read" || bad "the owner's merge after a read: exit $rc: $out"
  asuser touch shared/c.db-wal
  out=$(asowner "$J" --lang zh merge --county 360701 --db shared/c.db u3 2>&1); rc=$?
  [ $rc -eq 3 ] && [[ "$out" == *"本用户无权写入 shared/c.db-wal"*"nobody"* ]] \
    && ok "a -wal the owner may not write is named (exit 3)" || bad "a -wal of another user: exit $rc: $out"
  out=$(asowner "$J" --lang en merge --county 360701 --db shared/c.db u3 2>&1)
  [[ "$out" == *"may not write shared/c.db-wal"* ]] && ok "in English too" || bad "-wal of another user, en: $out"
fi

# -- another user's database (read immutable) while its owner merges
# (second review of session 15): province stored an entry of two states
# with exit 0, and the report's comments could come from another state.
mkdir -p u4 pv && chmod 777 pv
STATS_GEN_T0=1790000000000 "$b/tests/stats_gen" k4.db K-D A04 primary urban 3 2 4 u4 full >/dev/null || bad "stats_gen 4"
sum=$(md5sum <ro/c.db)
JH_STATS_TEST_PAUSE_MS=3000 asuser "$J" province --db pv/p.db --out pv/p ro/c.db > pv/p.out 2>&1 &
pp=$!
JH_COMMENTS_TEST_PAUSE_MS=3000 asuser "$J" report --db ro/c.db --out pv/r --no-pdf > pv/r.out 2>&1 &
rp=$!
# the round list and the rectify status: nothing printed, then refused
JH_ROUND_TEST_PAUSE_MS=3000 asuser "$J" round --db ro/c.db > pv/round.out 2> pv/round.err &
op=$!
JH_STATS_TEST_PAUSE_MS=3000 asuser "$J" rectify --db ro/c.db > pv/rect.out 2> pv/rect.err &
tp=$!
sleep 1
"$J" merge --county 360701 --db ro/c.db u4 >/dev/null 2>&1 || bad "the owner's merge beside the reads"
[ "$(md5sum <ro/c.db)" != "$sum" ] || bad "the merge did not change the database"
wait $pp; rc=$?
[ $rc -ne 0 ] && grep -q "changed while it was read" pv/p.out && ! sqlite3 pv/p.db "SELECT 1 FROM province_counties" 2>/dev/null | grep -q 1 \
  && ok "province of another user's database written meanwhile: refused, nothing stored" \
  || bad "province during the owner's merge: exit $rc, $(sqlite3 pv/p.db 'SELECT count(*) FROM province_counties' 2>&1): $(tail -2 pv/p.out)"
wait $rp; rc=$?
[ $rc -ne 0 ] && grep -q "changed while it was read" pv/r.out \
  && ok "report whose comments were read while the owner merged: refused" \
  || bad "report during the owner's merge: exit $rc: $(tail -2 pv/r.out)"
wait $op; rc=$?
[ $rc -eq 3 ] && [ ! -s pv/round.out ] && grep -q "changed while it was read" pv/round.err \
  && ok "round list of another user's database written meanwhile: refused, nothing printed" \
  || bad "round list during the owner's merge: exit $rc: $(cat pv/round.out pv/round.err)"
wait $tp; rc=$?
[ $rc -eq 3 ] && [ ! -s pv/rect.out ] && grep -q "changed while it was read" pv/rect.err \
  && ok "rectify status of another user's database written meanwhile: refused, nothing printed" \
  || bad "rectify status during the owner's merge: exit $rc: $(cat pv/rect.out pv/rect.err)"
out=$(asuser "$J" province --db pv/p.db --out pv/p ro/c.db 2>&1) && ok "province once nothing writes it" || bad "province afterwards: $out"
exit $fail
