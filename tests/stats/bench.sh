#!/bin/bash
# Benchmark (label bench; prints, asserts nothing) of the bureau's merge and
# statistics against honest anchors, each set up as its best user would run
# it (issue 20):
#   (a) the parse floor: cJSON parsing every bundle, one reused buffer;
#   SHA-256 of every file (what a re-merge of unchanged files must cost);
#   (b) the sqlite3 shell importing every response as NDJSON (written once,
#       not timed) and computing per-school satisfaction with one GROUP BY;
#       each line's JSON is parsed once (a materialised CTE takes the school
#       and the answers out first: SQLite 3.40 would otherwise parse the
#       whole line again for the school of every answer, 3x slower);
#   (c) DuckDB (read_ndjson, same GROUP BY, all cores) when node and the
#       @duckdb/node-api package are available (bash tools/dev.sh bench
#       installs it with npm); skipped with the reason otherwise.
# Main size: N_BUNDLES x PER (default 1,000 x 1,000 = 1,000,000 responses)
# from kiosks at 1,000 of the register's 2,000 schools; then growth at
# smaller sizes (STATS_BENCH_GROWTH=0 skips it).  Every figure and ratio is
# printed, wall and CPU.  Merge, stats, report and DuckDB run in
# STATS_BENCH_ROUNDS rounds (default 3; each round's merge into a fresh copy
# of the register-only county) and the ratios are taken between medians:
# one run of each on this shared 2-core VM moves by 10-25 %.
set -u
# Checksum of the statistics of the default size (1,000 x 1,000, 2,000
# schools; the bundles are deterministic) computed with the code before a
# round of speed work and the same after it: 0a47f25507b24b4f for main at
# df362d1 (issue 20's first round); 6fc6aaebd6e3c946 for main at 4681773
# (the statistics' output had grown in between), before and after the
# second round; 23389433d88542e7 for main at 41ac69e (issue 18 added the
# sample, per-group recognition and version sections to the output).  A
# change that alters the bundles or the statistics' output on purpose
# records its new checksum here.  Since bundle format 3 the checksum leaves
# out each file's SHA-256 (stats.json lists the imports with it, and the
# files of formats 1 and 3 differ in their manifests, not in any figure):
# 61da23ee895efa66 for bundles of format 1 and of format 3 alike (main at
# d3a303b with format 1 bundles gave 23389433d88542e7 with the hashes and
# 61da23ee895efa66 without them).
# Session 13 added keys and columns on purpose (the basic-balance rule per
# school and per round: excluded_basic, basic_exclusion_reason, trend rules,
# trend.csv's 基本均衡教学点口径) and prints values near a standard with the
# decimals that tell them apart; every figure of the benchmark county is the
# same as at 6ea9025 (stats.json compared key by key): 2cf1935f034bd662.
# Session 14 keeps each topic apart per role (a role's topic holds that
# role's answers only: satisfaction.by_topic gains "role", 27 entries become
# 29, satisfaction_topics.csv a 身份 column) and names the new relation in
# the suppression method; stats.json compared key by key with session 13's:
# nothing else differs, every other CSV byte-identical: ebdb2a61b6335d0f.
# Session 16 prints a school's value apart from 85 % of its standard as well
# as from the standard (4.5049, not 4.50, where the 85 % line of 5.3 is
# 4.505): school_indicators.csv, evaluation.csv, rectification.csv and
# stats.json's value_zh change in those digits only (session 15's output
# compared line by line): 9d42b5b956d31218.
# Session 18 changes the output on purpose (reviews rdoc3, rnum3; docs/bureau.md):
# satisfaction_groups.csv names roles and localities in Chinese (codes in two
# new columns), balance_cv.csv's composite rows name their 学段 and means
# below 1 keep 4 decimals, school_indicators.csv's enrolment is whole, G3's
# text reads right where a value is missing (evaluation.csv, value_zh), the
# sampling rule judges localities by the school's when no questionnaire asks
# (sample.by_respondent_locality.basis "school"), and two method texts say
# what is done (suppression, satisfaction_balance).  stats.json and the CSV
# files compared key by key and line by line with e29e500's (which gave
# 9d42b5b956d31218): nothing else differs, no figure changes: 139d4086b737c0e9.
# Then (the second reviews) stats.json gains keys only: rectification[].shared
# (a level's value its part of a whole-school count) and the sampling basis's
# counts (by_answer, by_school, unanswered, no_item_no_school); compared key by
# key with 139d4086b737c0e9's output, no value differs: 99a78f6c9cd8efee.
# Session 21: evaluation.csv's S1 row gives the county's rate (review reval5
# item 4); compared with c04a291's output on the benchmark county, nothing
# else differs: 1a1afd56fb493215.
# Session 21 (review r2book item 3) names what a topic's rate counts: stats.json's
# satisfaction.by_topic gains rate_name_zh and rate_name_en, satisfaction_topics.csv a
# 比率名称 column before its rate (whose header 满意率 becomes 比率); item 4 writes the
# evaluation's texts (value_zh, needed_zh) with thousands separators; no figure changes.
# Session 22, after merging that branch: compared with b4d2f70's output (which gave
# 1a1afd56fb493215) on the benchmark county, stats.json gains the two keys, 4,000
# value_zh texts and evaluation.csv differ only by the separators, no figure
# changes: f11d0f65f32f39f0.
# Then review rclerk6: stats.json gains schools[].parts[].teachers and
# round.closed; 73 values within reach of their line (e.g. 4.514 against 85 %
# of 5.3 = 4.505, which a spreadsheet rounds to 4.51 too) are written with one
# more decimal in value_zh, evaluation.csv, rectification.csv and
# school_indicators.csv, the same numbers; nothing else differs: 9a62d3984532c104.
# Session 23 (reviews rgroups7, the kiosk called 答题机 everywhere): stats.json
# gains responses.no_rated_answer, sample.required_groups, sample.by_background,
# the verdicts' groups and methods.public_scope; the sampling verdict now misses
# the groups the benchmark never surveys (students, the public); four method
# texts change; every figure and every CSV is the same: cad754f23be073ff.
# Review fstats9 (session 24): every group of stats.json gains
# n_valid_questionnaires (3013 of them, each equal to its n_questionnaires:
# the benchmark has no questionnaire answered 不了解 throughout),
# satisfaction_groups.csv the column 其中有效问卷数 beside 收回问卷数 (was
# 问卷数), and the schools' sample.by_school[].by_role loses its public
# entries (all 0 here: the benchmark surveys no public); no figure changes
# (checked against main at aaa9d0f0, which gives cad754f23be073ff on the
# same bundles): aac3341d004981b2.
# Session 24 (review rclerk9; docs/bureau.md): balance_cv.csv's means and SDs get the
# decimals that give the printed CV back (52 cells, each the same number at the old
# precision), stats.json gains round.late_responses and methods.split names the per-level
# columns; compared key by key with 983dc69's output, nothing else differs: 0aec003a44ca712e.
# All of session 24 together (fstats9, fclerk9, and fforms9b: satisfaction_groups.csv's
# second 有效问卷数 column renamed 按问卷口径有效问卷数, methods.public_scope's text):
# compared key by key with fclerk9's output on the same merged county, nothing
# else differs: 1728e0e6b1807106.
STATS_BENCH_RECORDED_SUM=${STATS_BENCH_RECORDED_SUM:-1728e0e6b1807106}
# The bundle format gen writes: the kiosk's (3) by default; 1 to compare
# with a STATS_BENCH_BASELINE binary older than format 3, which cannot read 3.
FORMAT=${STATS_BENCH_FORMAT:-3}
b="$JH_BUILD_DIR"; B="$b/tests/stats_bench"; here=$(cd "$(dirname "$0")" && pwd)
N=${STATS_BENCH_BUNDLES:-1000}; PER=${STATS_BENCH_PER:-1000}; SCHOOLS=${STATS_BENCH_SCHOOLS:-2000}
t=$(mktemp -d "${STATS_BENCH_DIR:-/tmp}/jh-bench.XXXXXX"); trap 'rm -rf "$t"' EXIT
fig="$t/figures"; : >"$fig"
bench() { "$@" | tee -a "$fig" | grep -v '^FIGURE'; }
get() { awk -v k="$1" -v c="$2" '$1=="FIGURE" && $2==k {v=$c} END {print v}' "$fig"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

echo "== stats bench: $N bundles x $PER responses, $SCHOOLS schools in the register (in $t)"
echo "   machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
"$B" gen "$t/bundles" "$N" "$PER" "$FORMAT" || exit 1
du -sh "$t/bundles" | sed 's/^/bundles on disk: /'
"$B" register "$t/schools.csv" "$SCHOOLS" || exit 1
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >/dev/null || exit 1
"$B" ndjson "$t/bundles" "$t/responses.ndjson" || exit 1
cp "$t/county.db" "$t/register.db" || exit 1
sync
echo "(wall times on a shared machine vary; CPU times are the steadier figure)"
bench "$B" parse "$t/bundles"
bench "$B" sha "$t/bundles"
bench "$B" read "$t/bundles"
bench "$B" run "merge (junheng merge, durable, 64 bundles a commit)" "$b/junheng" merge --county 360701 --db "$t/county.db" "$t/bundles"
# the county database's size (issue 20: answers packed per item, schema 5)
db_bytes=$(stat -c %s "$t/county.db")
awk -v b="$db_bytes" -v n="$((N * PER))" 'BEGIN { printf "county.db after the merge: %.1f MB, %.0f bytes a response\n", b / 1e6, b / n }'
bench "$B" run "stats (junheng stats --out)" "$b/junheng" stats --db "$t/county.db" --out "$t/stats"
bench "$B" run "report (junheng report --no-pdf)" "$b/junheng" report --db "$t/county.db" --out "$t/report" --no-pdf
bench "$B" run "remerge (junheng merge, all unchanged)" "$b/junheng" merge --county 360701 --db "$t/county.db" "$t/bundles"
# The statistics must not change with the speed: a checksum of every figure
# (stats.json and the CSV files, without times, paths and the import log),
# checked against the one recorded for the default size and, when
# STATS_BENCH_BASELINE names another junheng binary (the code before a
# change), against that binary's merge and stats of the same bundles.
stats_sum() { { grep -vE '"(file|file_sha256|database|[a-z_]*_at)":' "$1/stats.json"
    for f in "$1"/*.csv; do [ "${f##*/}" = import_log.csv ] || cat "$f"; done; } | sha256sum | cut -c1-16; }
sum=$(stats_sum "$t/stats")
recorded=""; [ "$N $PER $SCHOOLS" = "1000 1000 2000" ] && recorded=$STATS_BENCH_RECORDED_SUM
if [ -z "$recorded" ]; then
  echo "statistics checksum $sum (no recorded checksum for this size)"
elif [ "$sum" = "$recorded" ]; then
  echo "statistics checksum $sum: the same as recorded before the speed work"
else
  echo "STATISTICS DIFFER: checksum $sum, recorded before the speed work: $recorded"
fi
if [ -n "${STATS_BENCH_BASELINE:-}" ]; then
  "$STATS_BENCH_BASELINE" schools --db "$t/base.db" "$t/schools.csv" >/dev/null || exit 1
  bench "$B" run "basemerge (baseline $STATS_BENCH_BASELINE merge)" "$STATS_BENCH_BASELINE" merge --db "$t/base.db" "$t/bundles"
  bench "$B" run "basestats (baseline stats)" "$STATS_BENCH_BASELINE" stats --db "$t/base.db" --out "$t/basestats"
  bsum=$(stats_sum "$t/basestats")
  [ "$bsum" = "$sum" ] && echo "statistics checksum $sum: the same as the baseline's" ||
    echo "STATISTICS DIFFER from the baseline: $sum, baseline $bsum"
  rm -f "$t/base.db" "$t/base.db-wal" "$t/base.db-shm"
fi
ndj="$t/responses.ndjson"
sql_sat="sum(a.value IN ('satisfied','fairly','basic'))"
sql_val="sum(a.value IN ('satisfied','fairly','basic','dissatisfied'))"
cat >"$t/shell.sql" <<SQL
.mode ascii
.separator "\037" "\n"
CREATE TABLE raw(j TEXT);
.import $ndj raw
.mode list
.separator " "
CREATE TABLE g AS WITH r AS MATERIALIZED (
    SELECT j->>'school' AS school, j->'answers' AS ans FROM raw WHERE j->>'status' = 'submitted')
  SELECT school, $sql_sat AS s, $sql_val AS n FROM r, json_each(r.ans) a GROUP BY 1;
SELECT count(*), sum(s), sum(n) FROM g;
SQL
bench "$B" run "sqlite3 (b) sqlite3 shell: NDJSON import + per-school GROUP BY" sqlite3 "$t/shell.db" ".read $t/shell.sql"
echo "   sqlite3 result (groups satisfied valid): $(sqlite3 "$t/shell.db" 'SELECT count(*), sum(s), sum(n) FROM g')"
duck=${STATS_BENCH_DUCKDB_MODULES:-$b/duckdb/node_modules}
if command -v node >/dev/null && [ -d "$duck/@duckdb/node-api" ]; then
  bench "$B" run "duckdb (c) DuckDB read_ndjson + per-school GROUP BY, $(nproc) threads" env NODE_PATH="$duck" node "$here/duckdb_query.mjs" "$ndj"
  echo "   duckdb result (groups satisfied valid): $(NODE_PATH="$duck" node "$here/duckdb_query.mjs" "$ndj")"
  have_duck=1
else
  echo "SKIP (c) DuckDB: no node or no @duckdb/node-api in $duck (bash tools/dev.sh bench installs it)"
  have_duck=0
fi
# Rounds 2..ROUNDS: merge into a fresh copy of the register-only county,
# stats, report and DuckDB again, one after the other in each round, so
# that a slow minute of the machine falls on both sides alike; the ratios
# below are taken between the medians of the rounds (round 1 is the runs
# above).  Every round's merge + stats against its DuckDB is printed too.
ROUNDS=${STATS_BENCH_ROUNDS:-3}
for ((k = 2; k <= ROUNDS; k++)); do
  rm -f "$t/round.db" "$t/round.db-wal" "$t/round.db-shm" "$t/round.db-journal"; rm -rf "$t/rstats" "$t/rreport"
  cp "$t/register.db" "$t/round.db" && sync
  bench "$B" run "merge_$k (round $k: junheng merge)" "$b/junheng" merge --county 360701 --db "$t/round.db" "$t/bundles"
  bench "$B" run "stats_$k (round $k: junheng stats --out)" "$b/junheng" stats --db "$t/round.db" --out "$t/rstats"
  bench "$B" run "report_$k (round $k: junheng report --no-pdf)" "$b/junheng" report --db "$t/round.db" --out "$t/rreport" --no-pdf
  [ "$have_duck" = 1 ] && bench "$B" run "duckdb_$k (round $k: DuckDB)" env NODE_PATH="$duck" node "$here/duckdb_query.mjs" "$ndj"
  rsum=$(stats_sum "$t/rstats")
  [ "$rsum" = "$sum" ] || echo "STATISTICS DIFFER in round $k: checksum $rsum, round 1 $sum"
done
rm -f "$t/round.db" "$t/round.db-wal" "$t/round.db-shm"; rm -rf "$t/rstats" "$t/rreport"
# the median of the numbers on stdin, one a line (nothing for none)
median_of() { sort -g | awk '{v[n++]=$1} END {if (n) print (n % 2) ? v[int(n/2)] : (v[n/2-1] + v[n/2]) / 2}'; }
# key k of round r (round 1's runs have the plain key)
rkey() { [ "$2" = 1 ] && echo "$1" || echo "$1_$2"; }
# the median over the rounds of column c (3 wall, 4 CPU, 5 RSS) of key k
med() { for ((r = 1; r <= ROUNDS; r++)); do get "$(rkey "$1" $r)" "$2"; done | grep . | median_of; }
ls -la "$t/county.db" | awk '{printf "county.db: %.1f MB\n", $5/1e6}'
grep -m1 -o '"total": [0-9]*' "$t/stats/stats.json" | sed 's/^/stats.json responses /'

# merge + stats of round r, column c (wall, CPU), and its median
ms_round() { awk -v a="$(get "$(rkey merge "$1")" "$2")" -v b="$(get "$(rkey stats "$1")" "$2")" 'BEGIN {print a + b}'; }
jw=$(for ((k = 1; k <= ROUNDS; k++)); do ms_round $k 3; done | median_of)
jc=$(for ((k = 1; k <= ROUNDS; k++)); do ms_round $k 4; done | median_of)
echo
echo "== figures ($((N * PER)) responses, $N bundles; the table of issue 20)"
echo "   merge, stats, report and DuckDB: the median of $ROUNDS rounds (merge + stats: the median of the rounds' sums)"
printf '%-58s %8s %8s %9s\n' "" "wall s" "CPU s" "RSS MB"
row() { printf '%-58s %8s %8s %9s\n' "$1" "$(get "$2" 3)" "$(get "$2" 4)" "$(get "$2" 5)"; }
mrow() { printf '%-58s %8s %8s %9s\n' "$1" "$(med "$2" 3)" "$(med "$2" 4)" "$(med "$2" 5)"; }
printf '%-58s %8s %8s %9s\n' "junheng merge + junheng stats" "$jw" "$jc" "$(med stats 5)/$(med merge 5)"
mrow "  junheng merge" merge
mrow "  junheng stats" stats
mrow "junheng report --no-pdf" report
row "sqlite3 shell, NDJSON import + GROUP BY" sqlite3
[ -n "$(get duckdb 3)" ] && mrow "DuckDB read_ndjson + GROUP BY" duckdb
row "(a) parse floor, cJSON, one reused buffer" parse
row "SHA-256 of every file" sha
row "bundle_read alone (parse + verify)" read
row "re-merge of the same bundles" remerge
[ -n "$(get basemerge 3)" ] && row "baseline junheng merge (STATS_BENCH_BASELINE)" basemerge
[ -n "$(get basestats 3)" ] && row "baseline junheng stats" basestats
echo
echo "ratio merge+stats vs sqlite3 shell (wall): $(ratio "$(get sqlite3 3)" "$jw")x faster (target >= 5)"
if [ -n "$(get duckdb 3)" ]; then
  for ((k = 1; k <= ROUNDS; k++)); do
    dk=$(get "$(rkey duckdb $k)" 3)
    echo "   round $k: merge+stats $(ms_round $k 3) s, DuckDB $dk s: $(ratio "$dk" "$(ms_round $k 3)")x"
  done
  echo "ratio merge+stats vs DuckDB (wall, medians): $(ratio "$(med duckdb 3)" "$jw")x faster (target > 1)"
fi
echo "ratio merge+stats CPU / parse floor CPU: $(ratio "$jc" "$(get parse 4)") (target <= 2.5)"
echo "ratio re-merge wall / SHA-256 wall: $(ratio "$(get remerge 3)" "$(get sha 3)") (target <= 1.5)"
echo "ratio report wall / stats wall (medians): $(ratio "$(med report 3)" "$(med stats 3)") (target <= 2)"

if [ "${STATS_BENCH_GROWTH:-1}" != 0 ]; then
  echo
  echo "== growth: merge and stats at three sizes (responses, schools)"
  # Wall and CPU seconds (CPU is the steadier figure on a shared machine).
  growth_row() { awk -v n="$1" -v s="$2" '{w[$2] = $3; c[$2] = $4} END {
      printf "%-26s %7.2f/%-6.2f %7.2f/%-6.2f %7.2f/%-6.2f %8.2f/%-6.2f\n", n " resp, " s " schools",
        w["m"], c["m"], w["s"], c["s"], w["r"], c["r"], (w["m"] + w["s"]) * 1e6 / n, (c["m"] + c["s"]) * 1e6 / n }' "$3"; }
  printf '%-26s %14s %14s %14s %15s\n' "size" "merge wall/CPU" "stats wall/CPU" "report w/CPU" "us/resp w/CPU"
  for spec in "30 3334 30" "300 1000 300"; do
    set -- $spec
    g="$t/g$1"; mkdir -p "$g"
    "$B" gen "$g/bundles" "$1" "$2" "$FORMAT" >/dev/null && "$B" register "$g/schools.csv" "$3" >/dev/null &&
      "$b/junheng" schools --db "$g/county.db" "$g/schools.csv" >/dev/null || exit 1
    "$B" run "m" "$b/junheng" merge --county 360701 --db "$g/county.db" "$g/bundles" | grep '^FIGURE' >"$g/f"
    "$B" run "s" "$b/junheng" stats --db "$g/county.db" --out "$g/stats" | grep '^FIGURE' >>"$g/f"
    "$B" run "r" "$b/junheng" report --db "$g/county.db" --out "$g/report" --no-pdf | grep '^FIGURE' >>"$g/f"
    growth_row $(($1 * $2)) "$3" "$g/f"
    rm -rf "$g"
  done
  grep -E '^FIGURE (merge|stats|report) ' "$fig" |
    sed 's/^FIGURE merge/FIGURE m/; s/^FIGURE stats/FIGURE s/; s/^FIGURE report/FIGURE r/' >"$t/fmain"
  growth_row $((N * PER)) "$SCHOOLS" "$t/fmain"
fi
