#!/bin/bash
# Rounds and clocks (outside review, session 16): a merge that commits while
# `round --open` computes the closing round's statistics is not lost between
# the two rounds without a word.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rclock.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "tmp $t"
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
export LANGUAGE=en
T0=1790000000000   # 2026-09-21
total() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["responses"]["total"])' "$1"; }

# -- a merge while the closing round's statistics are computed
mkdir -p "$t/u1" "$t/u2"
STATS_GEN_T0=$T0 gen "$t/k1.db" K-1 3607030001 primary rural 6 2 1 "$t/u1" full
STATS_GEN_T0=$T0 gen "$t/k2.db" K-2 3607020001 primary town 6 2 2 "$t/u2" full
"$J" round --db "$t/a.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026"
"$J" merge --db "$t/a.db" "$t/u1" >/dev/null || bad "merge u1"
n1=$(sqlite3 "$t/a.db" 'SELECT count(*) FROM responses')
JH_ROUND_TEST_OPEN_PAUSE_MS=2500 "$J" round --db "$t/a.db" --open 2027 --since 2027-01-01 > "$t/open.out" 2>&1 &
pid=$!
sleep 1
merge_out=$("$J" merge --db "$t/a.db" "$t/u2" 2>&1) || bad "merge u2 during round --open: $merge_out"
wait $pid || bad "round --open 2027 during a merge: $(cat "$t/open.out")"
n=$(sqlite3 "$t/a.db" 'SELECT count(*) FROM responses')
"$J" stats --db "$t/a.db" --round 2026 --out "$t/s26" >/dev/null 2>&1 || bad "stats --round 2026"
frozen=$(total "$t/s26/stats.json")
# every answer dated 2026 is either in the frozen statistics of 2026, or
# merge said it counts in no round
if [ "$frozen" = "$n" ]; then
  ok "the merge came before the round closed: 2026 counts all $n answers"
elif [ "$frozen" = "$n1" ] && [[ "$merge_out" == *"they count in no round"* ]]; then
  ok "the merge waited for the round to close, and says its answers count in no round"
else
  bad "2026 frozen with $frozen of $n answers ($n1 before the merge), merge said: $merge_out"
fi

exit $fail
