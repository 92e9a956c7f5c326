#!/bin/bash
# Long (label long): the statistics under a memory checker at benchmark size
# (issue 19 item 0: a use-after-free that only a register with many schools
# without responses reached).  In the ASan build (JH_SANITIZE=1) the
# binaries check themselves; in the plain build everything runs under
# Valgrind memcheck.  Runs test_stats, the small many-schools county and a
# county of 2,000 schools, 1,000 kiosks and 100,000 responses
# (STATS_MEMCHECK_BUNDLES × STATS_MEMCHECK_PER), asserting no error.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
N=${STATS_MEMCHECK_BUNDLES:-1000}; PER=${STATS_MEMCHECK_PER:-100}; SCHOOLS=${STATS_MEMCHECK_SCHOOLS:-2000}
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-memcheck.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
if [ "${JH_SANITIZE:-0}" = 1 ]; then
  mode=asan
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run() { "$@"; }
else
  mode=valgrind
  command -v valgrind >/dev/null || { echo "SKIP valgrind is not installed"; exit 77; }
  # stats and report leave their document to the end of the process in a
  # plain build (cli_doc_done); freed here, so every block is checked
  export JH_FREE_AT_EXIT=1
  run() { valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
            --log-file="$t/vg.%p.log" "$@"; }
fi
echo "== statistics under $mode"
check() { # check DESC CMD...: runs CMD under the checker, fails on any report
  local desc=$1; shift
  local rc
  run "$@" >"$t/out" 2>&1; rc=$?
  if [ $rc -ne 0 ] || { [ $mode = valgrind ] && cat "$t"/vg.*.log 2>/dev/null | grep -q .; }; then
    echo "FAIL $desc under $mode (exit $rc)"; tail -30 "$t/out"; cat "$t"/vg.*.log 2>/dev/null | head -60; fail=1
  else
    echo "PASS $desc under $mode"
  fi
  rm -f "$t"/vg.*.log
}
check "test_stats" "$b/tests/test_stats"
"$b/tests/stats_bench" gen "$t/small" 20 50 >/dev/null || exit 1
"$b/tests/stats_bench" gen "$t/big" "$N" "$PER" || exit 1
"$b/tests/stats_bench" register "$t/schools.csv" "$SCHOOLS" >/dev/null || exit 1
for c in small big; do
  "$b/junheng" schools --db "$t/$c.db" "$t/schools.csv" >/dev/null || { echo "FAIL schools"; exit 1; }
  "$b/junheng" merge --county 360701 --db "$t/$c.db" "$t/$c" >/dev/null || { echo "FAIL merge"; exit 1; }
  start=$(date +%s)
  check "junheng stats ($c county, $(sqlite3 "$t/$c.db" 'SELECT count(*) FROM responses') responses, $SCHOOLS schools)" \
    "$b/junheng" stats --db "$t/$c.db" --out "$t/$c-stats"
  echo "   ($(( $(date +%s) - start )) s)"
  sub=$(sqlite3 "$t/$c.db" "SELECT count(*) FROM responses WHERE status = 'submitted'")
  got=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sample"]["valid_questionnaires"])' "$t/$c-stats/stats.json")
  [ "$got" = "$sub" ] || { echo "FAIL $c: valid_questionnaires $got, $sub submitted"; fail=1; }
done
check "junheng report (big county)" "$b/junheng" report --stats-json "$t/big-stats/stats.json" --out "$t/report" --no-pdf
[ $fail -eq 0 ] && echo "PASS statistics under $mode"
exit $fail
