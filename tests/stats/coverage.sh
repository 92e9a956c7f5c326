#!/bin/bash
# The statistics' missing data (imports.coverage: per kiosk the seqs never
# received) read from the (kiosk_id, seq) index in one pass (issue 20), checked
# against SQL's own answer: a window query per kiosk, as computed before.
# Gaps at the start, in the middle, several in a row and single ones, a
# kiosk without gaps, and one whose last responses are missing (not a gap).
# The census takes the coverage from its own scan of the table (issue 20,
# session 6) when every kiosk's seqs come in their order: checked with the
# table read in one scan and in two halves (JH_STATS_SPLIT_MIN), with
# a gap where the table is cut, and with responses moved to the end of the
# table (their seqs met out of order), where it reads the index as before.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; B="$b/tests/stats_bench"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-coverage.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
"$B" gen bundles 4 60 >/dev/null && "$B" register schools.csv 6 >/dev/null || exit 1
"$J" schools --db county.db schools.csv >/dev/null || exit 1
"$J" merge --county 360701 --db county.db bundles >/dev/null || exit 1
sqlite3 county.db "DELETE FROM response_rows WHERE id IN (SELECT id FROM responses WHERE (kiosk_id = 'K-B00001'
  AND seq IN (1, 2, 10, 20, 21, 22, 23, 24, 25, 59, 60)) OR (kiosk_id = 'K-B00003' AND seq IN (30, 32))
  OR (kiosk_id = 'K-B00004' AND seq > 50))" || exit 1
window() { sqlite3 county.db "SELECT kiosk_id, prev + 1, seq - 1 FROM (SELECT kiosk_id, seq, lag(seq, 1, 0) OVER
  (PARTITION BY kiosk_id ORDER BY seq) AS prev FROM responses) WHERE seq > prev + 1 ORDER BY kiosk_id, seq"; }
# the coverage of stats.json, and the window query's gaps, as lines
cov_of() { python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["imports"]
print(json.dumps([d["coverage"], d["kiosks_with_missing"], d["missing_responses"]], sort_keys=True))' "$1"; }
window > expected.txt
fail=0
for order in table boundary moved; do
  if [ $order = boundary ]; then
    # a gap where the table is cut in halves (census_take cuts it in the
    # middle of the ids): the first response of the second half is missing
    cut=$(sqlite3 county.db "SELECT min(id) + (max(id) - min(id)) / 2 + 1 FROM responses")
    sqlite3 county.db "DELETE FROM response_rows WHERE id = $cut" || exit 1
    window > expected.txt
    [ "$(wc -l < expected.txt)" = 6 ] || { echo "FAIL: the gap at the cut ($cut) is not a gap of its own"; exit 1; }
  fi
  if [ $order = moved ]; then
    # K-B00002's first ten and K-B00003's seq 40 after every other response
    # (new ids): met out of order by a scan of the table
    sqlite3 county.db "UPDATE response_rows SET id = id + 100000 WHERE id IN (SELECT id FROM responses
      WHERE (kiosk_id = 'K-B00002' AND seq <= 10) OR (kiosk_id = 'K-B00003' AND seq = 40))" || exit 1
    window | cmp -s - expected.txt || { echo "FAIL: moving rows changed the gaps"; exit 1; }
  fi
  # (census_take cuts the table in the middle when it has at least
  # JH_STATS_SPLIT_MIN rows, 20,000 by default: "" is one scan, 1 halves)
  for split in "" 1; do
    JH_STATS_SPLIT_MIN=$split "$J" stats --db county.db --out "out-$order$split" >/dev/null || exit 1
    python3 - "out-$order$split/stats.json" expected.txt <<'PY' || { echo "FAIL coverage ($order, split '$split')"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
got = [f'{k["kiosk_id"]}|{r["from"]}|{r["to"]}' for k in d["imports"]["coverage"] for r in k["missing_ranges"]]
want = open(sys.argv[2]).read().split()
assert got == want, (got, want)
if len(want) == 6: # the boundary case: checked against the window query only
    sys.exit(0)
assert want == ["K-B00001|1|2", "K-B00001|10|10", "K-B00001|20|25", "K-B00003|30|30", "K-B00003|32|32"], want
cov = {k["kiosk_id"]: k for k in d["imports"]["coverage"]}
assert [cov[k]["missing"] for k in sorted(cov)] == [9, 0, 2, 0], cov
assert cov["K-B00001"]["received"] == 49 and cov["K-B00001"]["first_seq"] == 3 and cov["K-B00001"]["last_seq"] == 58
assert cov["K-B00004"]["last_seq"] == 50 and cov["K-B00004"]["missing"] == 0
assert d["imports"]["kiosks_with_missing"] == 2 and d["imports"]["missing_responses"] == 11
PY
    # every figure of the coverage the same as from one scan of the table
    # in order (the moved table's runs read the index: its seqs are met
    # out of order)
    [ "$order$split" = table ] || [ "$order$split" = boundary ] && continue
    ref=table; [ $order = table ] || ref=boundary # (the moved table has the boundary's gap too)
    cmp -s <(cov_of "out-$ref/stats.json") <(cov_of "out-$order$split/stats.json") ||
      { echo "FAIL coverage ($order, split '$split') differs from one scan of the table in order"; fail=1; }
  done
done
[ $fail = 0 ] && echo "PASS coverage: $(wc -l < expected.txt) missing ranges, as the window query finds them, from the census in one scan and in halves, and from the index"
exit $fail
