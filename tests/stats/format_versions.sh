#!/bin/bash
# Bundle format 3 (issue 20): the same responses exported as format 1, 2 and
# 3 bundles (format 3 has no responses_sha256 in a full bundle) merge into
# the same county database and give the same statistics.  The response
# lines of the three files are the same bytes; only the manifests differ.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; B="$b/tests/stats_bench"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-fmtv.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
# each format in its own folder, with the same names inside (v1/bundles, v1/c.db, ...)
for v in 1 2 3; do
  mkdir "v$v" && "$B" register "v$v/schools.csv" 6 >/dev/null || exit 1
  "$B" gen "v$v/bundles" 7 60 "$v" >/dev/null || { echo "FAIL gen format $v"; exit 1; }
done
# what the files claim to be
for v in 1 2 3; do
  n=$(grep -l "\"format_version\":$v," v$v/bundles/*.json | wc -l)
  [ "$n" = 7 ] || { echo "FAIL format $v: $n of 7 files say format_version $v"; fail=1; }
  n=$(grep -l '"responses_sha256"' v$v/bundles/*.json | wc -l)
  want=7; [ "$v" = 3 ] && want=0
  [ "$n" = "$want" ] || { echo "FAIL format $v: $n files carry responses_sha256, expected $want"; fail=1; }
done
# the same responses, byte for byte
for f in v1/bundles/*.json; do
  n=${f##*/}
  for v in 2 3; do
    cmp -s <(sed -n '/^"responses":\[$/,$p' "$f") <(sed -n '/^"responses":\[$/,$p' "v$v/bundles/$n") ||
      { echo "FAIL $n: the responses of format $v differ from format 1"; fail=1; }
  done
done
# the outputs without what differs by design: each file's SHA-256 (the
# manifests differ) and the clock (UTC in JSON, Beijing time in the import
# log's 导入时间（北京时间）)
strip() { grep -vE '"(generated_at|[a-z_]*_at)":' "$1" | sed -E -f "$2" -e 's/20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(\.[0-9]{3})?Z/TIME/g' \
  -e 's/20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/TIME/g'; }
for v in 1 2 3; do
  ( cd "v$v" &&
    "$J" schools --db c.db schools.csv >/dev/null &&
    "$J" merge --county 360701 --db c.db bundles > merge.txt 2>&1 &&
    "$J" stats --db c.db --out out > sum.txt 2>&1 ) || { echo "FAIL merge or stats of format $v"; cat "v$v/merge.txt"; fail=1; }
  ( cd "v$v" && sha256sum bundles/*.json | sed -E 's#^([0-9a-f]{64})  (.*)$#s|\1|sha256(\2)|g#' > hashes.sed &&
    sed -n 1p hashes.sed | grep -q '^s|[0-9a-f]\{64\}|sha256(bundles/junheng-.*\.json)|g$' ) ||
    { echo "FAIL: hashes of format $v"; fail=1; }
done
# every table's and view's rows, without what depends on the file's bytes or the clock
python3 - v1/c.db v2/c.db v3/c.db <<'PY' || fail=1
import re, sqlite3, sys
skip = {"file_sha256", "imported_ms", "pinned_ms", "merged_ms", "created_ms"}
def rows(path):
    db = sqlite3.connect(path)
    out = {}
    # (the views too: schema 6's responses view over response_rows)
    # (not the uuid marks, schema 9: they hang on each database's random secret)
    for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                           "AND name <> 'uuid_marks' ORDER BY name"):
        cols = [r[1] for r in db.execute("PRAGMA table_info(%s)" % t) if r[1] not in skip]
        where = " WHERE key <> 'uuid_mark_key'" if t == "meta" else ""
        q = "SELECT %s FROM %s%s ORDER BY 1,2" % (",".join('"%s"' % c for c in cols), t, where) if cols else None
        clock = lambda x: re.sub(r"20\d\d-\d\d-\d\dT[\d:]{8}(\.\d{3})?Z", "TIME", x) if isinstance(x, str) else x
        out[t] = [tuple(clock(x) for x in r) for r in db.execute(q)] if q else []
    return out
a = rows(sys.argv[1])
assert len(a["responses"]) == 7 * 60, "expected 420 responses stored, found %d" % len(a["responses"])
ok = True
for p in sys.argv[2:]:
    b = rows(p)
    for t in sorted(set(a) | set(b)):
        if a.get(t) != b.get(t):
            print("FAIL %s: table %s differs from format 1's" % (p, t)); ok = False
            for x, y in zip(a.get(t, []), b.get(t, [])):
                if x != y: print("  %r\n  %r" % (x, y)); break
print("tables compared: %s" % ", ".join("%s (%d)" % (t, len(a[t])) for t in sorted(a) if a[t]))
sys.exit(0 if ok else 1)
PY
strip v1/out/import_log.csv v1/hashes.sed | grep -q '^bundles/junheng-K-B00007-full-1-60.json,sha256(bundles/junheng-K-B00007-full-1-60.json),' ||
  { echo "FAIL: the import log is not what the comparison expects"; fail=1; }
for v in 2 3; do
  for f in merge.txt sum.txt $(cd v1 && ls out/*); do
    cmp -s <(strip "v1/$f" v1/hashes.sed) <(strip "v$v/$f" "v$v/hashes.sed") ||
      { echo "FAIL format $v: $f differs"; diff <(strip "v1/$f" v1/hashes.sed) <(strip "v$v/$f" "v$v/hashes.sed") | head -5; fail=1; }
  done
done
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["responses"]; assert r["total"] == 420, r' v3/out/stats.json ||
  { echo "FAIL: the statistics do not count 420 responses"; fail=1; }
[ $fail = 0 ] && echo "PASS format_versions: formats 1, 2 and 3 of the same responses merge to the same database and statistics"
exit $fail
