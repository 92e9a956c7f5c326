# migrate_lib.sh - sourced by migrate5.sh and migrate6.sh: what every
# schema migration of the county database must survive, with the caller's
# J (junheng), PRE (the fault injector), ok, bad and ver.

# The schema a county database is migrated to (county.c: N_MIGRATIONS).
LATEST=10

# migrate_failed_commit DB FROM FP WANT: the migration's commit fails (the
# WAL's fsync): a message naming the migration, non-zero exit, DB (a copy of
# schema FROM) unchanged, and the next run migrates it to LATEST, where FP DB
# (a fingerprint command) prints WANT.
migrate_failed_commit() {
  local db=$1 from=$2 fp=$3 want=$4
  if [ ! -f "$PRE" ]; then
    echo "SKIP fault injection: $PRE not built"
    return
  fi
  cp "$db" f.db
  local d0 out rc
  d0=$(sqlite3 f.db .dump | sha256sum)
  out=$(env LD_PRELOAD="$PRE" JH_FAULT_FSYNC=1 JH_FAULT_PATH=f.db-wal "$J" stats --db f.db --out sf 2>&1); rc=$?
  if [ $rc -ne 0 ] && [[ "$out" == *"migrating to schema $LATEST"* ]] && [ "$(sqlite3 f.db .dump | sha256sum)" = "$d0" ] &&
     [ "$(ver f.db)" = "$from" ]; then
    ok "a failed migration commit leaves schema $from untouched: ${out##*$'\n'}"
  else
    bad "failed migration (exit $rc, schema $(ver f.db)): $out"
  fi
  "$J" stats --db f.db --out sf >/dev/null 2>&1 && [ "$(ver f.db)" = "$LATEST" ] && [ "$($fp f.db)" = "$want" ] \
    && ok "the next run migrates it" || bad "the run after the failure did not migrate"
}

# migrate_killed DB FROM FP DELAY...: the migration of copies of DB (schema
# FROM, large enough to be interrupted) killed (SIGKILL) after each delay:
# every time the database passes integrity_check, is at schema FROM or LATEST,
# and FP prints what it printed before.
migrate_killed() {
  local db=$1 from=$2 fp=$3
  shift 3
  local big n_big kills=0 at_from=0 at_new=0 delay pid v ic was_fail=$fail
  big=$($fp "$db") n_big=$(sqlite3 "$db" "SELECT count(*) FROM responses")
  for delay in "$@"; do
    cp "$db" k.db; rm -f k.db-wal k.db-shm
    "$J" stats --db k.db --out sk >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null && kills=$((kills + 1))
    wait "$pid" 2>/dev/null
    v=$(ver k.db)
    ic=$(sqlite3 k.db "PRAGMA integrity_check")
    if [ "$ic" != ok ] || { [ "$v" != "$from" ] && [ "$v" != "$LATEST" ]; } || [ "$($fp k.db)" != "$big" ]; then
      bad "killed after ${delay}s: schema $v, integrity $ic"
    fi
    [ "$v" = "$from" ] && at_from=$((at_from + 1)); [ "$v" = "$LATEST" ] && at_new=$((at_new + 1))
  done
  echo "killed $kills times ($n_big responses): $at_from left at schema $from, $at_new already at $LATEST"
  [ "$fail" = "$was_fail" ] && ok "every killed migration left a whole database of schema $from or $LATEST with the same responses"
}
