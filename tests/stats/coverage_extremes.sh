#!/bin/bash
# The statistics' missing data (imports.coverage) when a database edited by
# hand holds seqs and ids at the ends of a 64-bit integer: the merge stores
# seqs from 1 only, but `sqlite3 county.db` can write INT64_MIN, INT64_MAX,
# or a REAL past them (read as INT64_MAX).  The counts of missing seqs are
# held at INT64_MAX instead of overflowing (which the sanitizer build
# aborts on), from the census's own scan, in one scan and in halves (the
# ids' span is past an int64 too), and from the (kiosk_id, seq) index.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; B="$b/tests/stats_bench"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-covext.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
"$B" gen bundles 4 60 >/dev/null && "$B" register schools.csv 6 >/dev/null || exit 1
"$J" schools --db county.db schools.csv >/dev/null || exit 1
"$J" merge --county 360701 --db county.db bundles >/dev/null || exit 1
MAX=9223372036854775807 MIN=-9223372036854775808
# K-B00001, K-B00002: the last seq INT64_MAX (two gaps of 2^63 - 61: their
# sum is past an int64); K-B00003: the first seq INT64_MIN (a gap of
# 2^63 + 1 up to seq 1); the first and the last rows' ids INT64_MIN, INT64_MAX.
sqlite3 county.db "UPDATE response_rows SET seq = $MAX WHERE id IN
    (SELECT id FROM responses WHERE kiosk_id IN ('K-B00001', 'K-B00002') AND seq = 60);
  UPDATE response_rows SET seq = $MIN WHERE id IN (SELECT id FROM responses WHERE kiosk_id = 'K-B00003' AND seq = 1);
  UPDATE response_rows SET id = $MIN WHERE id = (SELECT min(id) FROM response_rows);
  UPDATE response_rows SET id = $MAX WHERE id = (SELECT max(id) FROM response_rows);" || exit 1
[ "$(sqlite3 county.db "SELECT min(id) = $MIN AND max(id) = $MAX FROM responses")" = 1 ] || exit 1
fail=0
check() { # check STATS_JSON INDEX(0/1): the coverage as computed by hand
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
index = sys.argv[2] == "1"
MAX, MIN = 2**63 - 1, -2**63
f = float # cJSON keeps numbers as doubles
cov = {k["kiosk_id"]: k for k in d["imports"]["coverage"]}
def ranges(k): return [(r["from"], r["to"]) for r in cov[k]["missing_ranges"]]
for k in ("K-B00001", "K-B00002"):
    assert ranges(k) == [(60, f(MAX - 1))], (k, ranges(k))
    assert cov[k]["missing"] == f(MAX - 60) and cov[k]["last_seq"] == f(MAX), cov[k]
    assert cov[k]["received"] == 60 and cov[k]["first_seq"] == 1, cov[k]
# K-B00003: INT64_MIN, 2..60: INT64_MIN + 1..1 missing (2^63 + 1 seqs: held at INT64_MAX)
assert ranges("K-B00003") == [(f(MIN + 1), 1)], ranges("K-B00003")
assert cov["K-B00003"]["missing"] == f(MAX) and cov["K-B00003"]["first_seq"] == f(MIN), cov["K-B00003"]
k4 = cov["K-B00004"]
if index: # seq 59 a REAL past INT64_MAX: read as INT64_MAX after the INT64_MAX of seq 60
    assert ranges("K-B00004") == [(59, f(MAX - 1))] and k4["last_seq"] == f(MAX), k4
    assert k4["received"] == 60 and k4["missing"] == f(MAX - 59), k4
else:
    assert ranges("K-B00004") == [] and k4["missing"] == 0 and k4["last_seq"] == 60, k4
assert d["imports"]["kiosks_with_missing"] == 3 + index, d["imports"]["kiosks_with_missing"]
assert d["imports"]["missing_responses"] == f(MAX), d["imports"]["missing_responses"]
PY
}
strip() { grep -vE '"(generated_at|[a-z_]*_at)":' "$1"; }
for stage in census index; do
  if [ $stage = index ]; then
    # a seq met twice in the table's order: the coverage comes from the index
    sqlite3 county.db "UPDATE response_rows SET seq = 1e19 WHERE id IN
        (SELECT id FROM responses WHERE kiosk_id = 'K-B00004' AND seq = 59);
      UPDATE response_rows SET seq = $MAX WHERE id IN (SELECT id FROM responses WHERE kiosk_id = 'K-B00004' AND seq = 60)" \
      || exit 1
    [ "$(sqlite3 county.db "SELECT typeof(seq) FROM responses WHERE kiosk_id = 'K-B00004' AND seq > 60 ORDER BY seq")" = \
      "$(printf 'integer\nreal')" ] || { echo "FAIL: the REAL seq was not stored as one"; exit 1; }
  fi
  for split in "" 1; do
    JH_STATS_SPLIT_MIN=$split "$J" stats --db county.db --out "out-$stage$split" > "sum-$stage$split.txt" 2>&1 ||
      { echo "FAIL stats ($stage, split '$split'):"; cat "sum-$stage$split.txt"; fail=1; continue; }
    check "out-$stage$split/stats.json" "$([ $stage = index ] && echo 1 || echo 0)" ||
      { echo "FAIL coverage ($stage, split '$split')"; fail=1; }
  done
  cmp -s <(strip "out-$stage/stats.json") <(strip "out-${stage}1/stats.json") ||
    { echo "FAIL: $stage: one scan and halves differ"; fail=1; }
done
[ $fail = 0 ] && echo "PASS coverage_extremes: seqs and ids at INT64_MIN and INT64_MAX, the missing counts held at INT64_MAX, from the census in one scan and in halves, and from the index"
exit $fail
