#!/bin/bash
# Issue 20: `junheng stats` reads the responses table in two halves at once
# (a second connection) and counts the kept rows afterwards.  The statistics
# must be the same bytes whatever the split: one scan, or halves whenever
# the table has a few rows (JH_STATS_SPLIT_MIN; the cut is the middle of the
# ids, count_split.sh cuts elsewhere), with an open round (earlier responses
# not counted), schools missing from the register (held out), abandoned
# questionnaires, two questionnaires and rows deleted (gaps in the seqs).
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; B="$b/tests/stats_bench"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-split.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
"$B" gen bundles 6 80 >/dev/null && "$B" register schools.csv 4 >/dev/null || exit 1
"$J" schools --db county.db schools.csv >/dev/null || exit 1
"$J" merge --db county.db bundles >/dev/null || exit 1
sqlite3 county.db "DELETE FROM responses WHERE id % 17 = 3 OR id BETWEEN 200 AND 230" || exit 1
"$J" round --db county.db --previous 2025 --open 2026 --since 2026-09-22 >/dev/null || exit 1
fail=0
strip() { grep -vE '"(generated_at|[a-z_]*_at)":' "$1"; }
for split in "" 1 2 7 100 100000000; do
  JH_STATS_SPLIT_MIN=$split "$J" stats --db county.db --out "out$split" > "sum$split.txt" || { echo "FAIL stats (split $split)"; fail=1; continue; }
  sed -i "s/out$split/out/" "sum$split.txt"
  [ -z "$split" ] && continue
  for f in out/*; do
    n=${f##*/}
    if [ "$n" = stats.json ]; then
      cmp -s <(strip "out/$n") <(strip "out$split/$n") || { echo "FAIL split $split: $n differs"; diff <(strip "out/$n") <(strip "out$split/$n") | head -5; fail=1; }
    else
      cmp -s "out/$n" "out$split/$n" || { echo "FAIL split $split: $n differs"; fail=1; }
    fi
  done
  cmp -s sum.txt "sum$split.txt" || { echo "FAIL split $split: the summary differs"; fail=1; }
done
# the case is what it claims: earlier responses, held-out schools, abandoned ones
python3 - out/stats.json <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
r = d["responses"]
assert d["round"]["earlier_responses"] > 0, d["round"]
assert r["held_out_unregistered"] > 0 and r["abandoned"] > 0 and r["total"] > 300, r
assert len(d["surveys"]) == 2 and d["imports"]["kiosks_with_missing"] > 0
print("responses %d, earlier %d, held out %d" % (r["total"], d["round"]["earlier_responses"], r["held_out_unregistered"]))
PY
[ $fail = 0 ] && echo "PASS split: the same statistics from one scan and from halves"
exit $fail
