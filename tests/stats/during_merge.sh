#!/bin/bash
# `junheng stats` while a merge commits (review of session 12): the document
# is made from one state of the database, so the import log's new responses
# add up to responses.total and to the coverage's received responses, in
# both of the merge's journal modes.  First a stats run that pauses between
# the census and the import log (JH_STATS_TEST_PAUSE_MS) while single-file
# merges (WAL mode) commit: a commit there once put the new files in the
# log but not in the counts.  Then stats runs, census in halves, over and
# over while merges of many files commit one file at a time (rollback
# journal), one of them pausing too.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-during-merge.XXXXXX"); trap "rm -rf \"$t\"" EXIT; [ -n "${KEEP:-}" ] && trap - EXIT
cd "$t" || exit 1
fail=0
gen() { "$b/tests/stats_gen" "$@" || { echo "FAIL stats_gen $*" >&2; exit 1; }; }
check() { # check DESC CONDITION...
  local desc=$1; shift
  if "$@"; then echo "PASS $desc"; else echo "FAIL $desc"; fail=1; fi
}
# consistent DIR: the document's import log against its counts
consistent() {
  python3 - "$1/stats.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
im, total = d["imports"], d["responses"]["total"]
new = sum(e["n_new"] for e in im["log"])
received = sum(e["received"] for e in im["coverage"])
if not (new == total == received):
    print("    %s: import log %d new in %d entries, responses.total %d, coverage %d received"
          % (sys.argv[1], new, len(im["log"]), total, received))
    sys.exit(1)
PY
}

mkdir a b c
for i in $(seq 1 6); do gen "a$i.db" "K-A$i" "36070100$(printf %02d "$i")" primary urban 8 2 "$i" a full >/dev/null; done
for i in $(seq 1 12); do gen "b$i.db" "K-B$i" "36070200$(printf %02d "$i")" primary town 8 2 "$((20 + i))" b full >/dev/null; done
for i in $(seq 1 12); do gen "c$i.db" "K-C$i" "36070300$(printf %02d "$i")" primary rural 8 2 "$((40 + i))" c full >/dev/null; done
"$J" merge --county 360701 --db county.db a > /dev/null || { echo "FAIL merging the first bundles"; fail=1; }

# WAL mode: the stats run holds its state while six single-file merges commit.
JH_STATS_SPLIT_MIN=1 JH_STATS_TEST_PAUSE_MS=3000 "$J" stats --db county.db --out s0 > s0.out 2>&1 &
pid=$!
sleep 1
for f in b/*.json; do "$J" merge --county 360701 --db county.db "$f" > /dev/null || echo "merge $f: exit $?" >> merges.err; done
wait $pid; rc=$?
check "stats during single-file merges (WAL): exit 0 ($rc)" [ $rc = 0 ]
check "... no merge failed" [ ! -s merges.err ]
check "... the import log, the counts and the coverage of one state" consistent s0
check "... that state is the one before the merges (60 responses)" \
  python3 -c 'import json, sys; sys.exit(json.load(open("s0/stats.json"))["responses"]["total"] != 60)'
check "... the merges are all stored (180 responses)" [ "$(sqlite3 county.db 'SELECT count(*) FROM responses')" = 180 ]

# The merge's rollback journal: a merge of twelve files, one commit each,
# each fsync made slow (tests/faults: 60 ms), and stats runs meanwhile, the
# first once the merge has switched the file to its rollback journal (the
# header's write version 1) and pausing in the middle; a stats run then
# waits out each commit, and the merge waits for it.
PRE="$b/tests/libfault_preload.so"
[ -f "$PRE" ] && slow=(env LD_PRELOAD="$PRE" JH_FAULT_SLOW_FSYNC_MS=60 JH_FAULT_PATH=county.db) || slow=(env)
"${slow[@]}" JH_MERGE_GROUP=1 JH_MERGE_WORKERS=0 "$J" merge --county 360701 --db county.db c > merge.out 2>&1 &
pid=$!
for i in $(seq 1 100); do
  [ "$(od -An -tu1 -j18 -N1 county.db | tr -d ' ')" = 1 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
mode=$(od -An -tu1 -j18 -N1 county.db | tr -d ' ')
bad=0
JH_STATS_SPLIT_MIN=1 JH_STATS_TEST_PAUSE_MS=500 "$J" stats --db county.db --out p > p.out 2>&1 || { echo "    stats (paused) during the merge: $(cat p.out)"; bad=1; }
consistent p || bad=1
n=0
while kill -0 $pid 2>/dev/null && [ $n -lt 200 ]; do
  n=$((n + 1))
  JH_STATS_SPLIT_MIN=1 "$J" stats --db county.db --out "r$n" > "r$n.out" 2>&1 || { echo "    stats run $n: $(cat "r$n.out")"; bad=1; }
  consistent "r$n" || bad=1
done
wait $pid; rc=$?
check "a merge of twelve files meanwhile: exit 0 ($rc; the file in journal mode $mode when the first stats run began)" [ $rc = 0 ]
check "$((n + 1)) stats runs during that merge, each document of one state" [ $bad = 0 ]
"$J" stats --db county.db --out end > /dev/null 2>&1
check "after the merges: 300 responses" \
  python3 -c 'import json, sys; sys.exit(json.load(open("end/stats.json"))["responses"]["total"] != 300)'
check "... of one state" consistent end
exit $fail
