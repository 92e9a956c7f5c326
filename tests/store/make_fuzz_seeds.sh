#!/bin/bash
# Regenerates the fuzz seeds in tests/store/fuzz from a fresh kiosk database
# (run by hand after a format change; the seeds are committed).  salvaged-v3.json
# was made from valid-v3.json with reliab_forge: kind "salvaged", a responses_sha256
# key added, then `edit --rechain --resign new`:
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
# named by the format the kiosk wrote (the seeds of earlier formats stay:
# the reader still reads them)
v=$(sed -n 's/^\t"format_version":\t\([0-9]*\),$/\1/p' "$f")
[ -n "$v" ] || { echo "no format_version in $f" >&2; exit 1; }
mkdir -p "$here/fuzz"
cp "$f" "$here/fuzz/valid-v$v.json"
head -c 3000 "$f" > "$here/fuzz/truncated-v$v.json"
sed 's/"meals":"[a-z]*"/"meals":"dont_know"/' "$f" > "$here/fuzz/edited-v$v.json"
/usr/bin/python3 - "$f" "$here/fuzz/swapped-v$v.json" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = [k for k, l in enumerate(lines) if l.startswith('{"kiosk"')]
a, b = i[0], i[1]
la, lb = lines[a].rstrip(","), lines[b].rstrip(",")
lines[a], lines[b] = lb + ",", la
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines))
PY
echo "seeds written to $here/fuzz"
