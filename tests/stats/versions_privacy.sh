#!/bin/bash
# Review of session 14: a hidden version of a questionnaire could be derived
# by subtraction.  The versions table's only relation was county = versions
# + the other questionnaires; but a role is the sum of its questionnaire's
# versions, and a school whose kiosk serves one version has its school x
# role cell equal to that version's questionnaires there.  Kiosk A: 20
# parents on parent-2026 1.0 and 10 teachers; kiosk B: 4 parents on 2.0 and
# 6 teachers.  With 1.0 (16) and the parents (20) published, 2.0 (4, hidden)
# was parents − 1.0.  Then the same with four schools, two on each version
# (the role's other versions are spread over schools).  check_privacy.py
# models the school x role x version table and derives what it can.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; G="$b/tests/stats_gen"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-vpriv.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "work dir $t"
fail=0
mkdir "$t/s2" "$t/usb" "$t/usb4"
cp "$src/tests/stats/versions/parent-2.0.json" "$t/s2/parent.json"
cp "$src/tests/fixtures/surveys-1.0/teacher.json" "$t/s2/"
s1="$src/tests/fixtures/surveys-1.0"
JH_GEN_SURVEYS=$s1 "$G" "$t/a.db" K-A 3607010001 primary urban 20 10 31 "$t/usb" full >/dev/null || exit 1
JH_GEN_SURVEYS=$t/s2 "$G" "$t/b.db" K-B 3607010002 primary rural 4 6 32 "$t/usb" full >/dev/null || exit 1
"$J" merge --county 360701 --db "$t/c.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" stats --db "$t/c.db" --out "$t/st" >/dev/null 2>&1 || { echo "FAIL stats"; exit 1; }
/usr/bin/python3 "$src/tests/stats/check_privacy.py" --algebra "$t/c.db" "$t/st/stats.json" 5 || fail=1
/usr/bin/python3 - "$t/st/stats.json" <<'PY' || fail=1
import json, sys
sat = json.load(open(sys.argv[1], encoding="utf-8"))["satisfaction"]
v = {e["version"]: e for e in sat["by_version"]}
parent = [e for e in sat["by_role"] if e["role"] == "parent"][0]
bad = 0
if sorted(v) != ["1.0", "2.0"]:
    print("FAIL expected versions 1.0 and 2.0, got %r" % sorted(v)); bad = 1
elif not v["2.0"]["suppressed"]:
    print("FAIL 2.0 (4 questionnaires) is published"); bad = 1
elif not parent["suppressed"] and not v["1.0"]["suppressed"]:
    print("FAIL 2.0 = parents (%s) − 1.0 (%s): both published"
          % (parent["n_questionnaires"], v["1.0"]["n_questionnaires"])); bad = 1
sys.exit(bad)
PY
# four schools: 1.0 at A and C, 2.0 (3 parents each, hidden) at B and D
JH_GEN_SURVEYS=$s1 "$G" "$t/a4.db" K-A 3607010001 primary urban 20 10 41 "$t/usb4" full >/dev/null || exit 1
JH_GEN_SURVEYS=$t/s2 "$G" "$t/b4.db" K-B 3607010002 primary rural 3 8 42 "$t/usb4" full >/dev/null || exit 1
JH_GEN_SURVEYS=$s1 "$G" "$t/c4.db" K-C 3607010003 primary urban 20 10 43 "$t/usb4" full >/dev/null || exit 1
JH_GEN_SURVEYS=$t/s2 "$G" "$t/d4.db" K-D 3607010004 primary rural 3 8 44 "$t/usb4" full >/dev/null || exit 1
"$J" merge --county 360701 --db "$t/county4.db" "$t/usb4" >/dev/null 2>&1 || { echo "FAIL merge (four schools)"; exit 1; }
"$J" stats --db "$t/county4.db" --out "$t/st4" >/dev/null 2>&1 || { echo "FAIL stats (four schools)"; exit 1; }
/usr/bin/python3 "$src/tests/stats/check_privacy.py" --algebra "$t/county4.db" "$t/st4/stats.json" 5 || fail=1
[ $fail = 0 ] && echo "ok: no version can be derived"
exit $fail
