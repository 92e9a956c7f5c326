#!/bin/bash
# The statistics' missing data (imports.coverage: per kiosk the seqs never
# received) read from the (kiosk_id, seq) index in one pass (issue 20), checked
# against SQL's own answer: a window query per kiosk, as computed before.
# Gaps at the start, in the middle, several in a row and single ones, a
# kiosk without gaps, and one whose last responses are missing (not a gap).
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; B="$b/tests/stats_bench"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-coverage.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
"$B" gen bundles 4 60 >/dev/null && "$B" register schools.csv 6 >/dev/null || exit 1
"$J" schools --db county.db schools.csv >/dev/null || exit 1
"$J" merge --db county.db bundles >/dev/null || exit 1
sqlite3 county.db "DELETE FROM responses WHERE (kiosk_id = 'K-B00001' AND seq IN (1, 2, 10, 20, 21, 22, 23, 24, 25, 59, 60))
  OR (kiosk_id = 'K-B00003' AND seq IN (30, 32)) OR (kiosk_id = 'K-B00004' AND seq > 50)" || exit 1
"$J" stats --db county.db --out out >/dev/null || exit 1
sqlite3 county.db "SELECT kiosk_id, prev + 1, seq - 1 FROM (SELECT kiosk_id, seq, lag(seq, 1, 0) OVER
  (PARTITION BY kiosk_id ORDER BY seq) AS prev FROM responses) WHERE seq > prev + 1 ORDER BY kiosk_id, seq" > expected.txt
python3 - out/stats.json expected.txt <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
got = [f'{k["kiosk_id"]}|{r["from"]}|{r["to"]}' for k in d["imports"]["coverage"] for r in k["missing_ranges"]]
want = open(sys.argv[2]).read().split()
assert got == want, (got, want)
assert want == ["K-B00001|1|2", "K-B00001|10|10", "K-B00001|20|25", "K-B00003|30|30", "K-B00003|32|32"], want
cov = {k["kiosk_id"]: k for k in d["imports"]["coverage"]}
assert [cov[k]["missing"] for k in sorted(cov)] == [9, 0, 2, 0], cov
assert cov["K-B00001"]["received"] == 49 and cov["K-B00001"]["first_seq"] == 3 and cov["K-B00001"]["last_seq"] == 58
assert cov["K-B00004"]["last_seq"] == 50 and cov["K-B00004"]["missing"] == 0
assert d["imports"]["kiosks_with_missing"] == 2 and d["imports"]["missing_responses"] == 11
print("PASS coverage: %d missing ranges, as the window query finds them" % len(got))
PY
