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
exit $fail
