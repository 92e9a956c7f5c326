#!/bin/bash
# Regenerates the fuzz seeds in tests/store/fuzz from a fresh kiosk database
# (run by hand after a format change; the seeds are committed):
#   bash tests/store/make_fuzz_seeds.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
b=${1:?usage: make_fuzz_seeds.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
JH_SOURCE_DIR="$here/../.." "$b/tests/test_store_mkdb" "$tmp/k.db" 2
mkdir "$tmp/out"
"$b/junheng-kiosk" --db "$tmp/k.db" --export "$tmp/out" --full >/dev/null
f=$(ls "$tmp"/out/*.json)
mkdir -p "$here/fuzz"
cp "$f" "$here/fuzz/valid.json"
head -c 3000 "$f" > "$here/fuzz/truncated.json"
sed 's/"meals":"[a-z]*"/"meals":"dont_know"/' "$f" > "$here/fuzz/edited.json"
/usr/bin/python3 - "$f" "$here/fuzz/swapped.json" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = [k for k, l in enumerate(lines) if l.startswith('{"kiosk"')]
a, b = i[0], i[1]
la, lb = lines[a].rstrip(","), lines[b].rstrip(",")
lines[a], lines[b] = lb + ",", la
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines))
PY
echo "seeds written to $here/fuzz"
