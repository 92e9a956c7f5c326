#!/bin/bash
# "method": "questionnaires" without an overall item (docs/questionnaire-format.md):
# a questionnaire is valid with at least one valid rated answer, satisfied
# when at least half of its valid rated answers are.  tests/survey/good/example.json
# with its overall flag taken off and method "questionnaires"; three hand-made
# answers (meals, overall, score):
#   R1 meals=satisfied overall=satisfied            2 of 2 satisfied  -> satisfied
#   R2 meals=dissatisfied overall=dissatisfied      0 of 2            -> not
#   R3 meals=satisfied overall=fairly               2 of 2            -> satisfied
#   R4 meals=dont_know                              no valid answer   -> not valid
#   R5 meals=satisfied overall=dissatisfied         1 of 2 (half)     -> satisfied
# => 3 / 4 questionnaires.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-noov.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "work dir $t"
/usr/bin/python3 - "$src/tests/survey/good/example.json" "$t/noov.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for it in d["items"]:
    it.pop("overall", None)
d["id"], d["method"] = "noov", "questionnaires"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
"$J" surveys --db "$t/county.db" "$t/noov.json" >"$t/pin.out" 2>&1 || { echo "FAIL surveys: $(cat "$t/pin.out")"; exit 1; }
/usr/bin/python3 - "$t/county.db" "$t/noov.json" <<'PY' || exit 1
import hashlib, json, sqlite3, sys
con = sqlite3.connect(sys.argv[1]); cur = con.cursor()
cur.execute("INSERT INTO imports(id, file, file_sha256, verdict, imported_ms) VALUES (1, 'hand', 'x', 'ok', 1)")
d = json.load(open(sys.argv[2], encoding="utf-8"))
canon = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
h = hashlib.sha256(canon.encode()).hexdigest()
pinned = cur.execute("SELECT hash FROM pinned_surveys").fetchone()
if not pinned or pinned[0] != h:
    print(f"FAIL canonical hash: {h} vs pinned {pinned}"); sys.exit(1)
cur.execute("INSERT OR IGNORE INTO surveys(hash, survey_id, version, audience, method, definition) VALUES (?,?,?,?,?,?)",
            (h, d["id"], d["version"], d["audience"], d["method"], canon))
cur.execute("INSERT INTO kiosk_refs(kiosk_id) VALUES ('K1')")
cur.execute("INSERT INTO survey_refs(hash) VALUES (?)", (h,))
rows = [dict(meals="satisfied", overall="satisfied"), dict(meals="dissatisfied", overall="dissatisfied"),
        dict(meals="satisfied", overall="fairly"), dict(meals="dont_know"),
        dict(meals="satisfied", overall="dissatisfied")]
for seq, a in enumerate(rows, 1):
    cur.execute("INSERT INTO response_rows(kiosk, seq, uuid, survey, school_code, school_level, locality, survey_id,"
                " role, lang, started_ms, ended_ms, duration_ms, status, flags, chain, extra, import_id)"
                " VALUES (1, ?, ?, 1, '3607010001', 'primary', 'urban', 'noov', 'parent', 'zh-CN', 0, 300000, 300000,"
                " 'submitted', '', 'c', ?, 1)", (seq, f"u{seq}", json.dumps(a)))
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
c = doc["satisfaction"]["county"]
q = c["questionnaires"]
check("county by questionnaires (no overall item)", (q["satisfied"], q["valid"]), (3, 4))
check("county by answers", (c["answers"]["satisfied"], c["answers"]["valid"]), (5, 8))
check("the method text states the fallback", "没有总体评价题的问卷" in q.get("method_text", ""), True)
sr = doc["social_recognition"]["overall"]
check("social recognition (by questionnaires)", (sr.get("satisfied"), sr.get("valid")), (3, 4))
# named by the rule used, not 总体评价 (review rclerk9 item 7)
check("the method's name: the half-satisfied rule", q["method_zh"], "按问卷（至少一半计分题满意）")
check("social recognition's method name", (doc["social_recognition"]["method_zh"], sr["method_zh"]),
      ("按问卷（至少一半计分题满意）",) * 2)
sys.exit(fail)
PY
[ $? = 0 ] || exit 1
grep -q "按问卷（至少一半计分题满意）" "$t/stats.out" && ! grep -q "总体评价" "$t/stats.out" \
  && echo "PASS the headline names the half-satisfied rule" \
  || { echo "FAIL the headline: $(grep -i "social recognition" "$t/stats.out")"; exit 1; }
