#!/bin/bash
# The rectification plan outside the happy path (an outside review, session
# 15): two departments loading their parts of a plan at once each keep the
# other's; `rectify --out` places rectify.csv and rectify.xlsx as one set.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rectify.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
mkdir -p "$t/u1"
"$J" round --db "$t/c.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026"
STATS_GEN_T0=1790000000000 "$b/tests/stats_gen" "$t/k1.db" K-A A01 primary urban 10 3 1 "$t/u1" full >/dev/null
STATS_GEN_T0=1790000000000 "$b/tests/stats_gen" "$t/k2.db" K-B B01 junior urban 10 3 2 "$t/u1" full >/dev/null
"$J" merge --county 360701 --db "$t/c.db" "$t/u1" >/dev/null || bad "merge"
"$J" schools --db "$t/c.db" "$src/tests/eval/register.csv" >/dev/null || bad "register"
"$J" county --db "$t/c.db" "$src/tests/eval/county.csv" >/dev/null || bad "county facts"
"$J" rectify --db "$t/c.db" --out "$t/plan" >/dev/null || bad "rectify --out"

# Two parts of the plan, each filled by its department: the first half of
# the items by 教育股, the rest by 装备办.
python3 - "$t/plan/rectify.csv" "$t/pa.csv" "$t/pb.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
m = rows[0].index("整改措施 (measures)")
half = (len(rows) - 1) // 2
assert half >= 2, len(rows)
for out, part, who in ((sys.argv[2], rows[1:1 + half], "教育股"), (sys.argv[3], rows[1 + half:], "装备办")):
    for r in part:
        r[m] = who + "措施"
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([rows[0]] + part)
PY
n_items=$(($(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))) - 1)' "$t/plan/rectify.csv")))

# -- 1. two loads at once: the first pauses between reading what is stored
# and storing (a test seam), the second loads its part meanwhile
JH_RECTIFY_TEST_LOAD_PAUSE_MS=2500 "$J" rectify --db "$t/c.db" --load "$t/pa.csv" >"$t/a.out" 2>&1 &
pid=$!
sleep 1
"$J" rectify --db "$t/c.db" --load "$t/pb.csv" >"$t/b.out" 2>&1 || bad "second load: $(cat "$t/b.out")"
wait $pid || bad "first load: $(cat "$t/a.out")"
"$J" rectify --db "$t/c.db" --out "$t/plan2" >/dev/null || bad "rectify --out after the loads"
kept=$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(sum(1 for r in rows if r["整改措施 (measures)"].endswith("措施")))' "$t/plan2/rectify.csv")
[ "$kept" = "$n_items" ] && ok "two parts loaded at once: all $n_items items keep their measures" \
  || bad "two parts loaded at once: $kept of $n_items items keep their measures"

# -- 2. --out where rectify.xlsx cannot be placed (a folder of that name):
# the older rectify.csv stays (never a new CSV beside an older workbook)
mkdir -p "$t/plan3"
cp "$t/plan/rectify.csv" "$t/plan3/rectify.csv"
mkdir "$t/plan3/rectify.xlsx"
before=$(md5sum <"$t/plan3/rectify.csv")
out=$("$J" rectify --db "$t/c.db" --out "$t/plan3" 2>&1); rc=$?
[ $rc -ne 0 ] && [ "$(md5sum <"$t/plan3/rectify.csv")" = "$before" ] && [[ "$out" == *"plan3"* ]] \
  && ok "--out that cannot place the workbook leaves the older rectify.csv (exit $rc)" \
  || bad "--out with a folder rectify.xlsx: exit $rc, csv $( [ "$(md5sum <"$t/plan3/rectify.csv")" = "$before" ] && echo kept || echo REPLACED): $out"
[ -z "$(ls -A "$t/plan3" | grep -v '^rectify\.\(csv\|xlsx\)$')" ] && ok "no temporary folder left" \
  || bad "left in the folder: $(ls -A "$t/plan3")"

# -- the open round changes between the load's check and its lock (round
# --open meanwhile, at a test seam): nothing is stored for 2026 from 2027's
# statistics; the load says so (exit 3) and can be run again
cp "$t/c.db" "$t/c2.db"
before=$(sqlite3 "$t/c2.db" "SELECT * FROM rectify_items WHERE round = '2026' ORDER BY rowid" | sha256sum)
JH_RECTIFY_TEST_CHECK_PAUSE_MS=2500 "$J" rectify --db "$t/c2.db" --load "$t/pa.csv" >"$t/r.out" 2>&1 &
pid=$!
sleep 1
"$J" round --db "$t/c2.db" --open 2027 --since 2027-01-01 --previous 2026 >/dev/null 2>&1 || bad "round --open 2027 meanwhile"
wait $pid; rc=$?
after=$(sqlite3 "$t/c2.db" "SELECT * FROM rectify_items WHERE round = '2026' ORDER BY rowid" | sha256sum)
[ $rc -eq 3 ] && grep -q "the open round changed" "$t/r.out" && [ "$before" = "$after" ] \
  && ok "round --open between the load's check and its lock: nothing loaded, exit 3" \
  || bad "round --open during a load: exit $rc, rows changed: $([ "$before" = "$after" ] && echo no || echo yes): $(cat "$t/r.out")"
exit $fail
