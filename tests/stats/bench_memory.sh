#!/bin/bash
# Benchmark (label bench; prints, asserts nothing): peak memory of
# `junheng merge` against the size of one bundle, for single bundles of
# 10,000 / 100,000 / 250,000 responses, with the target of issue 19.5:
# peak RSS <= 2 x the bundle's size + 50 MB.
set -u
b="$JH_BUILD_DIR"; B="$b/tests/stats_bench"
t=$(mktemp -d "${STATS_BENCH_DIR:-/tmp}/jh-bench-mem.XXXXXX"); trap 'rm -rf "$t"' EXIT
echo "== merge memory: one bundle at a time, peak RSS against 2 x size + 50 MB"
for per in ${MEM_BENCH_SIZES:-10000 100000 250000}; do
  rm -rf "$t/b" "$t"/county.db*
  "$B" gen "$t/b" 1 "$per" >/dev/null || exit 1
  f=$(ls "$t"/b/*.json)
  size=$(stat -c %s "$f")
  line=$("$B" run "merge $per responses" "$b/junheng" merge --county 360701 --db "$t/county.db" --max-size 1024 "$t/b")
  echo "$line"
  rss=$(echo "$line" | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
  awk -v s="$size" -v r="$rss" 'BEGIN { mb = s / 1048576; target = 2 * mb + 50;
    printf "  bundle %.1f MB: peak RSS %.1f MB = %.2f x the bundle; target %.1f MB: %s\n", mb, r, r / mb, target,
           r <= target ? "within" : "OVER" }'
done
