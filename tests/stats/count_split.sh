#!/bin/bash
# Issue 20: `junheng stats` counts the census's two halves on two threads,
# each into sums of its own, and makes the groups afterwards in the order
# the responses first met them.  The statistics must be the same bytes as
# counting in one part, wherever the table is cut (JH_STATS_SPLIT_AT):
# with an open round where one questionnaire is not in the round (its
# responses are counted after both halves, once its definition is loaded
# in their order), schools missing from the register (held out),
# abandoned questionnaires and rows deleted.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; B="$b/tests/stats_bench"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-count-split.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
"$B" gen bundles 6 80 >/dev/null && "$B" register schools.csv 4 >/dev/null || exit 1
"$J" schools --db county.db schools.csv >/dev/null || exit 1
"$J" merge --county 360701 --db county.db bundles >/dev/null || exit 1
"$J" round --db county.db --previous 2025 --open 2026 --since 2026-09-21 >/dev/null || exit 1
# imports 4-6 merged after the round opened; questionnaire x (the one with
# fewer responses) has no submitted response among them: it is not in the
# round, but its responses of imports 1-3 have a day in it and count
x=$(sqlite3 county.db "SELECT survey_hash FROM responses GROUP BY 1 ORDER BY count(*) LIMIT 1")
sqlite3 county.db "UPDATE imports SET imported_ms = imported_ms + 1000000000000 WHERE id >= 4;
  UPDATE response_rows SET status = 'abandoned' WHERE id IN
    (SELECT id FROM responses WHERE import_id >= 4 AND survey_hash = '$x');
  DELETE FROM response_rows WHERE id % 13 = 5 OR id BETWEEN 300 AND 320;" || exit 1
read -r lo hi < <(sqlite3 -separator ' ' county.db "SELECT min(id), max(id) FROM responses")
fail=0
strip() { grep -vE '"(generated_at|[a-z_]*_at)":' "$1"; }
JH_STATS_SPLIT_MIN=100000000 "$J" stats --db county.db --out one > one.txt || { echo "FAIL stats (one part)"; exit 1; }
sed -i "s|one/|out/|" one.txt
for at in $((lo + 1)) 60 $((lo + (hi - lo) / 2)) 240 301 400 "$hi" $((hi + 5)); do
  JH_STATS_SPLIT_MIN=1 JH_STATS_SPLIT_AT=$at "$J" stats --db county.db --out "at$at" > "at$at.txt" ||
    { echo "FAIL stats (cut at $at)"; fail=1; continue; }
  sed -i "s|at$at/|out/|" "at$at.txt"
  for f in one/*; do
    n=${f##*/}
    if [ "$n" = stats.json ]; then
      cmp -s <(strip "one/$n") <(strip "at$at/$n") || { echo "FAIL cut at $at: $n differs"; diff <(strip "one/$n") <(strip "at$at/$n") | head -5; fail=1; }
    else
      cmp -s "one/$n" "at$at/$n" || { echo "FAIL cut at $at: $n differs"; fail=1; }
    fi
  done
  cmp -s one.txt "at$at.txt" || { echo "FAIL cut at $at: the summary differs"; diff one.txt "at$at.txt" | head -5; fail=1; }
done
# the case is what it claims: x has no submitted response merged since the
# round opened, yet its responses count; held-out schools, abandoned ones
opened=$(sqlite3 county.db "SELECT max(opened_ms) FROM county_rounds WHERE closed_ms IS NULL" 2>/dev/null)
late=$(sqlite3 county.db "SELECT count(*) FROM responses r JOIN imports i ON i.id = r.import_id
  WHERE r.survey_hash = '$x' AND r.status LIKE 'submitted%' AND i.imported_ms >= ${opened:-0}")
submitted=$(sqlite3 county.db "SELECT count(*) FROM responses WHERE status LIKE 'submitted%'")
python3 - one/stats.json "$late" "$submitted" "${opened:-}" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
late, submitted, opened = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
r = d["responses"]
assert opened and late == 0, ("questionnaire x was submitted after the round opened", opened, late)
assert r["submitted"] == submitted and r["unknown_questionnaire"] == 0, (r, submitted)
assert len(d["surveys"]) == 2, d["surveys"]
assert r["held_out_unregistered"] > 0 and r["abandoned"] > 0, r
print("responses %d, submitted %d, held out %d" % (r["total"], r["submitted"], r["held_out_unregistered"]))
PY
[ $fail = 0 ] && echo "PASS count split: the same statistics counted in one part and in halves cut anywhere"
exit $fail
