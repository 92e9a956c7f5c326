#!/bin/bash
# Issue 20: `junheng stats` reads the responses table in two halves at once
# (a second connection) and counts the kept rows afterwards.  The statistics
# must be the same bytes whatever the split: one scan, and halves cut at
# several places.  The census cuts the ids' range lo..hi in its middle
# (JH_STATS_SPLIT_MIN only decides whether to split: the range's size from
# which it does; count_split.sh cuts with JH_STATS_SPLIT_AT), so here the cut
# is moved by moving the first or the last row's id (the rows' order, and so
# the statistics, stay): after the second row,
# inside a kiosk's run, at a kiosk's first row, inside deleted ids, at the
# last row.  With an open round (earlier responses not counted), schools
# missing from the register (held out), abandoned questionnaires, two
# questionnaires and rows deleted (gaps in the seqs).
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; B="$b/tests/stats_bench"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-split.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
"$B" gen bundles 6 80 >/dev/null && "$B" register schools.csv 4 >/dev/null || exit 1
"$J" schools --db county.db schools.csv >/dev/null || exit 1
"$J" merge --county 360701 --db county.db bundles >/dev/null || exit 1
sqlite3 county.db "DELETE FROM response_rows WHERE id % 17 = 3 OR id BETWEEN 200 AND 230" || exit 1
"$J" round --db county.db --previous 2025 --open 2026 --since 2026-09-22 >/dev/null || exit 1
fail=0
strip() { grep -vE '"(generated_at|[a-z_]*_at)":' "$1"; }
q() { sqlite3 county.db "$1"; }
"$J" stats --db county.db --out out > sum.txt || { echo "FAIL stats (one scan)"; exit 1; }
# first_half_to M: the first or the last row's id moved so that the census's
# first half ends at id M (the middle of the ids, lo + (hi - lo) / 2 = M);
# prints the (kiosk, seq) of the row the second half starts at
first_half_to() {
  local m=$1 lo hi
  lo=$(q "SELECT min(id) FROM responses"); hi=$(q "SELECT max(id) FROM responses")
  if [ "$m" -ge $((lo + (hi - lo) / 2)) ]; then
    q "UPDATE response_rows SET id = $((2 * m - lo + 1)) WHERE id = $hi" || return 1
  else
    q "UPDATE response_rows SET id = $((2 * m - hi)) WHERE id = $lo" || return 1
  fi
  lo=$(q "SELECT min(id) FROM responses"); hi=$(q "SELECT max(id) FROM responses")
  [ $((lo + (hi - lo) / 2)) = "$m" ] || { echo "FAIL: the first half does not end at $m (ids $lo..$hi)" >&2; return 1; }
  q "SELECT kiosk_id || '/' || seq FROM responses WHERE id > $m ORDER BY id LIMIT 1"
}
# the cuts (the first half's last id, and the row the second starts at)
cuts=("$(q "SELECT min(id) FROM responses")" # after the first row
      "$(q "SELECT id FROM responses WHERE kiosk_id = 'K-B00002' ORDER BY id LIMIT 1 OFFSET 30")" # inside a run
      "$(q "SELECT min(id) - 1 FROM responses WHERE kiosk_id = 'K-B00004'")" # at a kiosk's first row
      215 # inside the deleted ids 200..230
      "$(q "SELECT id FROM responses ORDER BY id DESC LIMIT 1 OFFSET 1")") # before the last row
starts=()
for m in "${cuts[@]}"; do starts+=("$(q "SELECT kiosk_id || '/' || seq FROM responses WHERE id > $m ORDER BY id LIMIT 1")"); done
n=0
for m in "${cuts[@]}"; do
  want=${starts[$n]}
  n=$((n + 1))
  got=$(first_half_to "$m") || { fail=1; continue; }
  cut="$m (second half from $want)"
  [ "$got" = "$want" ] || { echo "FAIL: the second half starts at $got, not $want"; fail=1; continue; }
  JH_STATS_SPLIT_MIN=1 "$J" stats --db county.db --out "out$n" > "sum$n.txt" || { echo "FAIL stats (cut at $cut)"; fail=1; continue; }
  sed -i "s/out$n/out/" "sum$n.txt"
  for f in out/*; do
    f=${f##*/}
    if [ "$f" = stats.json ]; then
      cmp -s <(strip "out/$f") <(strip "out$n/$f") || { echo "FAIL cut at $cut: $f differs"; diff <(strip "out/$f") <(strip "out$n/$f") | head -5; fail=1; }
    else
      cmp -s "out/$f" "out$n/$f" || { echo "FAIL cut at $cut: $f differs"; fail=1; }
    fi
  done
  cmp -s sum.txt "sum$n.txt" || { echo "FAIL cut at $cut: the summary differs"; fail=1; }
done
# one scan again (JH_STATS_SPLIT_MIN above the ids' range) after the ids moved
JH_STATS_SPLIT_MIN=100000000 "$J" stats --db county.db --out outone > sumone.txt || { echo "FAIL stats (one scan, moved ids)"; fail=1; }
cmp -s <(strip out/stats.json) <(strip outone/stats.json) || { echo "FAIL: one scan after the ids moved differs"; fail=1; }
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
[ $fail = 0 ] && echo "PASS split: the same statistics from one scan and from halves whose second starts at ${starts[*]} (after the first row, inside a run, at a kiosk, after deleted ids, at the last row)"
exit $fail
