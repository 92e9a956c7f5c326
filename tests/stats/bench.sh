#!/bin/bash
# Benchmark (label bench; prints, asserts nothing): N_BUNDLES bundles of PER
# responses (default 1,000 × 1,000 = 1,000,000) from kiosks at 1,000 of the
# register's 2,000 schools; wall time and peak RSS of junheng merge and
# junheng stats, against (a) cJSON alone parsing the same files and (b) the
# sqlite3 shell loading the same responses with its JSON functions and
# computing per-school satisfaction in SQL.
set -u
b="$JH_BUILD_DIR"; B="$b/tests/stats_bench"
N=${STATS_BENCH_BUNDLES:-1000}; PER=${STATS_BENCH_PER:-1000}; SCHOOLS=${STATS_BENCH_SCHOOLS:-2000}
t=$(mktemp -d "${STATS_BENCH_DIR:-/tmp}/jh-bench.XXXXXX"); trap 'rm -rf "$t"' EXIT
echo "== stats bench: $N bundles x $PER responses, $SCHOOLS schools in the register (in $t)"
"$B" gen "$t/bundles" "$N" "$PER" || exit 1
du -sh "$t/bundles" | sed 's/^/bundles on disk: /'
"$B" register "$t/schools.csv" "$SCHOOLS" || exit 1
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >/dev/null || exit 1
sync
echo "(wall times on a shared machine vary; CPU times are the steadier figure)"
"$B" parse "$t/bundles"
"$B" read "$t/bundles"
"$B" run "merge (junheng merge, durable, one transaction per bundle)" "$b/junheng" merge --db "$t/county.db" "$t/bundles"
"$B" run "stats (junheng stats --out)" "$b/junheng" stats --db "$t/county.db" --out "$t/stats"
"$B" run "merge again (all unchanged)" "$b/junheng" merge --db "$t/county.db" "$t/bundles"
sql="CREATE TABLE resp AS SELECT json_extract(CAST(f.data AS TEXT), '\$.manifest.school.code') AS school, r.value AS resp
       FROM fsdir('$t/bundles') f, json_each(CAST(f.data AS TEXT), '\$.responses') r WHERE f.name LIKE '%.json';
     SELECT school, sum(a.value IN ('satisfied','fairly','basic')) * 1.0 /
                    sum(a.value IN ('satisfied','fairly','basic','dissatisfied'))
       FROM resp, json_each(resp.resp, '\$.answers') a
      WHERE json_extract(resp.resp, '\$.status') = 'submitted' GROUP BY school;"
"$B" run "(b) sqlite3 shell JSON load + per-school satisfaction" sqlite3 "$t/shell.db" "$sql"
ls -la "$t/county.db" | awk '{printf "county.db: %.1f MB\n", $5/1e6}'
grep -m1 -o '"total": [0-9]*' "$t/stats/stats.json" | sed 's/^/stats.json responses /'
