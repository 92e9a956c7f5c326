#!/bin/bash
# Benchmark (label bench; prints, asserts nothing): `junheng province` over
# PROVINCE_COUNTIES generated counties of PROVINCE_SCHOOLS schools each
# (default 100 x 100 = 10,000 schools, a province), registers and county
# facts only.  Prints wall time, CPU and peak memory of the gathering, and
# the time of one county's statistics for comparison.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
N=${PROVINCE_COUNTIES:-100}; S=${PROVINCE_SCHOOLS:-100}
t=$(mktemp -d "${PROVINCE_BENCH_DIR:-/tmp}/jh-pbench.XXXXXX"); trap 'rm -rf "$t"' EXIT
cp "$J" "$t/junheng" && J="$t/junheng"   # a rebuild during the run does not disturb it
echo "== province bench: $N counties x $S schools (in $t); $(nproc) cores"
start=$(date +%s.%N)
for i in $(seq 1 "$N"); do
  python3 "$src/tests/eval/gen_county.py" "$i" "$S" "$t/r$i.csv" "$t/f$i.csv" || exit 1
  "$J" schools --db "$t/c$i.db" "$t/r$i.csv" >/dev/null || exit 1
  "$J" county --db "$t/c$i.db" "$t/f$i.csv" >/dev/null || exit 1
done
echo "setup (generate and load $N counties): $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
/usr/bin/time -f "FIGURE one_county_stats %e s wall %U s user %M KiB peak" "$J" stats --db "$t/c1.db" >/dev/null 2>"$t/one" || true
grep FIGURE "$t/one"
/usr/bin/time -f "FIGURE province %e s wall %U s user %M KiB peak" "$J" province --db "$t/p.db" --out "$t/out" "$t"/c*.db >/dev/null 2>"$t/prov" || { cat "$t/prov"; exit 1; }
grep FIGURE "$t/prov"
echo "province.db $(du -k "$t/p.db" | cut -f1) KiB, province.html $(du -k "$t/out/province.html" | cut -f1) KiB, $(python3 -c "import json; d=json.load(open('$t/out/province.json')); print(len(d['counties']), 'counties,', sum(len(c['schools']) for c in d['counties']), 'schools')")"
/usr/bin/time -f "FIGURE province_report_only %e s wall %M KiB peak" "$J" province --db "$t/p.db" --out "$t/out2" >/dev/null 2>"$t/rep" || true
grep FIGURE "$t/rep"
