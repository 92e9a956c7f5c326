#!/bin/bash
# A version's answers are the sum of its items' answers (fsupp, session 15).
# One school, one role: kiosk A serves parent-2026 1.0 (16 parents), kiosk B
# a 2.0 whose every rated item is reworded (4 parents, hidden: small).  Each
# item that differs is published per version, so 1.0, hidden only to protect
# 2.0 (county = 1.0 + 2.0), was the sum of its published items, and 2.0's
# satisfied and valid answers the county's minus those.  Then the same with
# half the items reworded: the items both versions share pool their
# answers, so no version is the sum of published figures.
# check_privacy.py models a version = its items (an item the versions share
# = each version's part of it, never published) and derives what it can.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; G="$b/tests/stats_gen"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-vipriv.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "work dir $t"
s1="$src/tests/fixtures/surveys-1.0"
fail=0
# parent-2026 2.0 with every rated item (all) or every other one (half) reworded
mk() {
    mkdir "$t/$1" "$t/$1/s2" "$t/$1/usb"
    cp "$s1/teacher.json" "$t/$1/s2/"
    /usr/bin/python3 - "$s1/parent.json" "$t/$1/s2/parent.json" "$1" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["version"] = "2.0"
rated = [it for it in d["items"] if it.get("topic")]
for k, it in enumerate(rated):
    if sys.argv[3] == "all" or k % 2 == 0:
        it["text"] = {loc: s + " (2.0)" for loc, s in it["text"].items()}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    JH_GEN_SURVEYS=$s1 "$G" "$t/$1/a.db" K-A 3607010001 primary urban 20 0 31 "$t/$1/usb" full >/dev/null || exit 1
    JH_GEN_SURVEYS=$t/$1/s2 "$G" "$t/$1/b.db" K-B 3607010001 primary urban 4 0 32 "$t/$1/usb" full >/dev/null || exit 1
    "$J" merge --county 360701 --db "$t/$1/c.db" "$t/$1/usb" >/dev/null 2>&1 || { echo "FAIL merge ($1)"; exit 1; }
    "$J" stats --db "$t/$1/c.db" --out "$t/$1/st" >/dev/null 2>&1 || { echo "FAIL stats ($1)"; exit 1; }
}
mk all
mk half
for c in all half; do
    echo "-- $c items differ"
    /usr/bin/python3 "$src/tests/stats/check_privacy.py" --algebra "$t/$c/c.db" "$t/$c/st/stats.json" 5 || fail=1
done
# the case as it was found, in the published figures alone
/usr/bin/python3 - "$t/all/st/stats.json" "$t/half/st/stats.json" <<'PY' || fail=1
import json, sys
bad = 0
for path, apart in ((sys.argv[1], 17), (sys.argv[2], 9)):
    sat = json.load(open(path, encoding="utf-8"))["satisfaction"]
    v = {e["version"]: e for e in sat["by_version"]}
    if sorted(v) != ["1.0", "2.0"] or not v["2.0"]["suppressed"] or not v["1.0"]["suppressed"]:
        print("FAIL %s: expected 1.0 and 2.0, both hidden, got %r"
              % (path, [(k, e["suppressed"]) for k, e in sorted(v.items())])); bad = 1; continue
    items = [e for e in sat["by_item"] if e["version"] == "1.0"]
    if len(items) != apart:
        print("FAIL %s: expected %d items of 1.0 apart, got %d" % (path, apart, len(items))); bad = 1
    county = sat["county"]["answers"]
    shared = [e for e in sat["by_item"] if e["version"] is None]
    if not shared and county["valid"] is not None and all(not e["suppressed"] for e in items):
        s = sum(e["answers"]["satisfied"] for e in items)
        m = sum(e["answers"]["valid"] for e in items)
        print("FAIL 2.0 = county (%d/%d) - 1.0's items (%d/%d), all published"
              % (county["satisfied"], county["valid"], s, m)); bad = 1
sys.exit(bad)
PY
[ $fail = 0 ] && echo "ok: no version is the sum of published items"
exit $fail
