#!/bin/bash
# Two versions of one questionnaire in a round when the older version's
# answers were merged BEFORE `round --open` (their day is in the round, so
# they count): the versions must still be compared and shown side by side,
# never pooled into one item.  The merge order and the opening "no longer
# matter" (docs/county-rounds.md).  Same answers as versions.sh:
#   1.0 (merged a day before the round opened, day 2026-03-05): R1..R4
#   2.0 (merged after it opened, day 2026-03-20): S1..S3
# homework differs between the versions: 1.0 2/3 (one dont_know), 2.0 1/3;
# meals is the same in both: 5/7 combined.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-versions-open.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "work dir $t"
cp "$src/tests/fixtures/surveys-1.0/parent.json" "$t/parent-1.0.json"
cp "$src/tests/stats/versions/parent-2.0.json" "$t/parent-2.0.json"
"$J" surveys --db "$t/county.db" "$t/parent-1.0.json" "$t/parent-2.0.json" >"$t/pin.out" 2>&1 \
  || { echo "FAIL surveys: $(cat "$t/pin.out")"; exit 1; }
"$J" round --db "$t/county.db" --open 2026 --since 2026-03-01 >"$t/round.out" 2>&1 \
  || { echo "FAIL round: $(cat "$t/round.out")"; exit 1; }
/usr/bin/python3 - "$t/county.db" "$t" <<'PY' || exit 1
import hashlib, json, sqlite3, sys
db, v = sys.argv[1:3]
con = sqlite3.connect(db)
cur = con.cursor()
opened = cur.execute("SELECT opened_ms FROM county_rounds").fetchone()[0]
cur.execute("INSERT INTO imports(id, file, file_sha256, verdict, imported_ms) VALUES (1, 'early', 'x1', 'ok', ?)",
            (opened - 86400000,))
cur.execute("INSERT INTO imports(id, file, file_sha256, verdict, imported_ms) VALUES (2, 'late', 'x2', 'ok', ?)",
            (opened + 1000,))
hashes = {}
for ver in ("1.0", "2.0"):
    d = json.load(open(f"{v}/parent-{ver}.json", encoding="utf-8"))
    canon = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    h = hashlib.sha256(canon.encode()).hexdigest()
    pinned = cur.execute("SELECT hash FROM pinned_surveys WHERE survey_id = ? AND version = ?", (d["id"], ver)).fetchone()
    if not pinned or pinned[0] != h:
        print(f"FAIL canonical hash of {ver}: {h} vs pinned {pinned}"); sys.exit(1)
    hashes[ver] = h
    cur.execute("INSERT OR IGNORE INTO surveys(hash, survey_id, version, audience, method, definition) VALUES (?,?,?,?,?,?)",
                (h, d["id"], ver, d["audience"], d["method"], canon))
rows = [("1.0", 1, "2026-03-05", dict(meals="satisfied", homework="dissatisfied", overall="satisfied", score="8")),
        ("1.0", 1, "2026-03-05", dict(meals="dissatisfied", homework="fairly", overall="satisfied", score="7")),
        ("1.0", 1, "2026-03-05", dict(meals="basic", homework="dont_know", overall="dissatisfied", score="3")),
        ("1.0", 1, "2026-03-05", dict(meals="satisfied", homework="satisfied", overall="fairly", score="10")),
        ("2.0", 2, "2026-03-20", dict(meals="satisfied", homework="dissatisfied", overall="satisfied", score="8")),
        ("2.0", 2, "2026-03-20", dict(meals="dissatisfied", homework="dissatisfied", overall="dissatisfied", score="7")),
        ("2.0", 2, "2026-03-20", dict(meals="fairly", homework="satisfied", overall="satisfied", score="9"))]
cur.execute("INSERT OR IGNORE INTO kiosk_refs(kiosk_id) VALUES ('K1')")
for seq, (ver, imp, day, a) in enumerate(rows, 1):
    cur.execute("INSERT OR IGNORE INTO survey_refs(hash) VALUES (?)", (hashes[ver],))
    cur.execute("INSERT INTO response_rows(kiosk, seq, uuid, survey, school_code, school_level, locality, survey_id,"
                " role, lang, started_ms, ended_ms, duration_ms, status, flags, chain, extra, import_id, day)"
                " VALUES ((SELECT id FROM kiosk_refs WHERE kiosk_id = 'K1'), ?, ?,"
                " (SELECT id FROM survey_refs WHERE hash = ?), '3607010001', 'primary', 'urban', 'parent-2026', 'parent',"
                " 'zh-CN', 0, 300000, 300000, 'submitted', '', 'c', ?, ?, ?)",
                (seq, f"u{seq}", hashes[ver], json.dumps(a), imp, day))
con.commit()
PY
"$J" stats --db "$t/county.db" --min-group 1 --out "$t/stats" >"$t/stats.out" 2>&1 || { echo "FAIL stats: $(cat "$t/stats.out")"; exit 1; }
/usr/bin/python3 - "$t/stats/stats.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
fail = 0
def check(what, got, want):
    global fail
    if got == want:
        print(f"PASS {what}: {got}")
    else:
        print(f"FAIL {what}: expected {want}, got {got}")
        fail = 1
def kn(o):
    return (o["satisfied"], o["valid"])
sat = doc["satisfaction"]
items = {(e["item_id"], e["version"]): e for e in sat["by_item"]}
check("homework per version, never pooled", sorted(k for k in items if k[0] == "homework"),
      [("homework", "1.0"), ("homework", "2.0")])
if ("homework", "1.0") in items and ("homework", "2.0") in items:
    check("homework 1.0 (merged before the round opened)", kn(items[("homework", "1.0")]["answers"]), (2, 3))
    check("homework 2.0", kn(items[("homework", "2.0")]["answers"]), (1, 3))
check("meals across versions", kn(items[("meals", None)]["answers"]), (5, 7))
byv = {e["version"]: e for e in sat["by_version"]}
check("versions side by side", sorted(byv), ["1.0", "2.0"])
if sorted(byv) == ["1.0", "2.0"]:
    check("1.0 questionnaires", byv["1.0"]["n_questionnaires"], 4)
    check("2.0 questionnaires", byv["2.0"]["n_questionnaires"], 3)
check("versions mixed", doc["versions"]["mixed"], True)
check("county by answers (pooled)", kn(sat["county"]["answers"]), (18, 27))
check("round: none earlier", doc["round"]["earlier_responses"], 0)
sys.exit(fail)
PY
