#!/bin/bash
# Issue 18: a county answering parent-2026 1.0 (tests/fixtures/surveys-1.0)
# and 2.0 in one round.  2.0 (tests/stats/versions/parent-2.0.json, made from
# the 1.0 file) rewrites the
# homework question, raises the 0-10 score's satisfied_min from 7 to 8 and
# drops paid_tutoring; every other item is the same.  Seven questionnaires
# with hand-chosen answers go straight into the county database, so every
# figure below is computed by hand:
#
#   1.0: R1 meals=satisfied homework=dissatisfied overall=satisfied score=8
#        R2 meals=dissatisfied homework=fairly overall=satisfied score=7
#        R3 meals=basic homework=dont_know overall=dissatisfied score=3
#        R4 meals=satisfied homework=satisfied overall=fairly score=10
#   2.0: S1 meals=satisfied homework=dissatisfied overall=satisfied score=8
#        S2 meals=dissatisfied homework=dissatisfied overall=dissatisfied score=7
#        S3 meals=fairly homework=satisfied overall=satisfied score=9
#
# meals and overall are the same in both: 5/7 each, combined.  homework and
# score differ: per version (homework 2/3 and 1/3; score >= 7: 3/4, >= 8: 2/3).
# Topic "overall" combined = the overall item only (5/7), never mixed with the
# two scores; topic "workload" has no combined figure, only one per version.
# Social recognition pools all answers: 1.0 11/15, 2.0 7/12, county 18/27;
# by questionnaires (overall item) 3/4, 2/3, 5/7.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-versions.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "work dir $t"
v="$src/tests/stats/versions"
cp "$src/tests/fixtures/surveys-1.0/parent.json" "$t/parent-1.0.json"
cp "$v/parent-2.0.json" "$t/parent-2.0.json"
"$J" surveys --db "$t/county.db" "$t/parent-1.0.json" "$t/parent-2.0.json" >"$t/pin.out" 2>&1 \
  || { echo "FAIL surveys: $(cat "$t/pin.out")"; exit 1; }
/usr/bin/python3 - "$t/county.db" "$t" <<'PY' || exit 1
import hashlib, json, sqlite3, sys
db, v = sys.argv[1:3]
con = sqlite3.connect(db)
cur = con.cursor()
cur.execute("INSERT INTO imports(id, file, file_sha256, verdict, imported_ms) VALUES (1, 'hand', 'x', 'ok', 1)")
hashes = {}
for ver in ("1.0", "2.0"):
    d = json.load(open(f"{v}/parent-{ver}.json", encoding="utf-8"))
    canon = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    h = hashlib.sha256(canon.encode()).hexdigest()
    # the same hash junheng computed when it pinned the file
    pinned = cur.execute("SELECT hash FROM pinned_surveys WHERE survey_id = ? AND version = ?", (d["id"], ver)).fetchone()
    if not pinned or pinned[0] != h:
        print(f"FAIL canonical hash of {ver}: {h} vs pinned {pinned}"); sys.exit(1)
    hashes[ver] = h
    cur.execute("INSERT OR IGNORE INTO surveys(hash, survey_id, version, audience, method, definition) VALUES (?,?,?,?,?,?)",
                (h, d["id"], ver, d["audience"], d["method"], canon))
rows = [("1.0", dict(meals="satisfied", homework="dissatisfied", overall="satisfied", score="8")),
        ("1.0", dict(meals="dissatisfied", homework="fairly", overall="satisfied", score="7")),
        ("1.0", dict(meals="basic", homework="dont_know", overall="dissatisfied", score="3")),
        ("1.0", dict(meals="satisfied", homework="satisfied", overall="fairly", score="10")),
        ("2.0", dict(meals="satisfied", homework="dissatisfied", overall="satisfied", score="8")),
        ("2.0", dict(meals="dissatisfied", homework="dissatisfied", overall="dissatisfied", score="7")),
        ("2.0", dict(meals="fairly", homework="satisfied", overall="satisfied", score="9"))]
# (schema 6: the table under the responses view; the kiosk and the
# questionnaire by reference, the school and role written in the row)
cur.execute("INSERT OR IGNORE INTO kiosk_refs(kiosk_id) VALUES ('K1')")
for seq, (ver, a) in enumerate(rows, 1):
    cur.execute("INSERT OR IGNORE INTO survey_refs(hash) VALUES (?)", (hashes[ver],))
    cur.execute("INSERT INTO response_rows(kiosk, seq, uuid, survey, school_code, school_level, locality, survey_id,"
                " role, lang, started_ms, ended_ms, duration_ms, status, flags, chain, extra, import_id)"
                " VALUES ((SELECT id FROM kiosk_refs WHERE kiosk_id = 'K1'), ?, ?,"
                " (SELECT id FROM survey_refs WHERE hash = ?), '3607010001', 'primary', 'urban', 'parent-2026', 'parent',"
                " 'zh-CN', 0, 300000, 300000, 'submitted', '', 'c', ?, 1)", (seq, f"u{seq}", hashes[ver], json.dumps(a)))
con.commit()
PY
"$J" stats --db "$t/county.db" --min-group 1 --out "$t/stats" >"$t/stats.out" 2>&1 || { echo "FAIL stats: $(cat "$t/stats.out")"; exit 1; }
"$J" report --db "$t/county.db" --min-group 1 --out "$t/report" --no-pdf >"$t/report.out" 2>&1 \
  || { echo "FAIL report: $(cat "$t/report.out")"; exit 1; }
/usr/bin/python3 - "$t/stats/stats.json" "$t/report/report.html" "$t/report/report.xlsx" "$t/stats" <<'PY'
import csv, json, re, sys, zipfile
doc = json.load(open(sys.argv[1], encoding="utf-8"))
html = open(sys.argv[2], encoding="utf-8").read()
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
check("items", sorted(items), sorted([("meals", None), ("overall", None), ("homework", "1.0"), ("homework", "2.0"),
                                      ("score", "1.0"), ("score", "2.0"), ("paid_tutoring", "1.0")]
                                     + [(i, None) for i in ("boarding", "moral", "teaching", "teachers", "contact",
                                        "after_school", "safety", "pe_arts", "health", "facilities", "fairness", "care")]))
check("meals across versions", kn(items[("meals", None)]["answers"]), (5, 7))
check("overall across versions", kn(items[("overall", None)]["answers"]), (5, 7))
check("homework 1.0", kn(items[("homework", "1.0")]["answers"]), (2, 3))
check("homework 1.0 excluded", items[("homework", "1.0")]["excluded"], 1)
check("homework 2.0", kn(items[("homework", "2.0")]["answers"]), (1, 3))
check("score 1.0 (>= 7)", kn(items[("score", "1.0")]["answers"]), (3, 4))
check("score 2.0 (>= 8)", kn(items[("score", "2.0")]["answers"]), (2, 3))
check("score rate name", items[("score", "2.0")]["rate_name_zh"], "8 分及以上的比例")
check("meals rate name", items[("meals", None)]["rate_name_zh"], "满意率")
topics = {(e["topic"], e["version"]): e for e in sat["by_topic"]}
check("topic overall combined: the overall item only", kn(topics[("overall", None)]["answers"]), (5, 7))
check("topic overall 1.0: the changed score", kn(topics[("overall", "1.0")]["answers"]), (3, 4))
check("topic overall 2.0: the changed score", kn(topics[("overall", "2.0")]["answers"]), (2, 3))
check("topic meals combined", kn(topics[("meals", None)]["answers"]), (5, 7))
check("topic workload: no combined figure", ("workload", None) in topics, False)
check("topic workload 1.0", kn(topics[("workload", "1.0")]["answers"]), (2, 3))
check("topic workload 2.0", kn(topics[("workload", "2.0")]["answers"]), (1, 3))
byv = {e["version"]: e for e in sat["by_version"]}
check("versions", sorted(byv), ["1.0", "2.0"])
check("1.0 questionnaires", byv["1.0"]["n_questionnaires"], 4)
check("2.0 questionnaires", byv["2.0"]["n_questionnaires"], 3)
check("1.0 by answers", kn(byv["1.0"]["answers"]), (11, 15))
check("2.0 by answers", kn(byv["2.0"]["answers"]), (7, 12))
check("1.0 by questionnaires", kn(byv["1.0"]["questionnaires"]), (3, 4))
check("2.0 by questionnaires", kn(byv["2.0"]["questionnaires"]), (2, 3))
county = sat["county"]
check("county by answers (pooled)", kn(county["answers"]), (18, 27))
check("county by questionnaires (pooled)", kn(county["questionnaires"]), (5, 7))
vs = doc["versions"]
check("versions mixed", vs["mixed"], True)
s = vs["surveys"][0]
check("survey id", s["id"], "parent-2026")
check("changed items", sorted((c["item_id"], tuple(c["in_versions"])) for c in s["changed_items"]),
      [("homework", ("1.0", "2.0")), ("paid_tutoring", ("1.0",)), ("score", ("1.0", "2.0"))])
check("common items", len(s["common_items"]), 14)
vc = county["versions_combined"]
check("recognition states how versions were combined",
      "parent-2026 的 1.0 版（4 份）、2.0 版（3 份）合并计数（14 题相同，3 题有差异、按版本分列）" in vc, True)
# the report: versions side by side, the recognition's note, per-version rows
check("report states the combination", "1.0 版（4 份）、2.0 版（3 份）合并计数" in html, True)
m = re.search(r'<h3 id="versions">.*?</table>', html, re.S)
check("report has a versions table", bool(m), True)
if m:
    sec = m.group(0)
    check("versions table: 1.0 row with 4 questionnaires", bool(re.search(r"<td>1\.0</td><td[^>]*><span[^>]*>4</span></td>", sec)), True)
    check("versions table: 2.0 row with 3 questionnaires", bool(re.search(r"<td>2\.0</td><td[^>]*><span[^>]*>3</span></td>", sec)), True)
    check("versions table: 1.0 changed items (their questions)",
          "3 题：<span class=\"note\">孩子的作业多不多？您对作业量满意吗？ 老师有没有叫孩子花钱补课，或者乱收钱？ 给这所学校打个分吧：0分最差，10分最好。</span>" in sec, True)
m = re.search(r'<p class="note" id="versions-combined">(.*?)</p>', html, re.S)
check("recognition note in the verdicts", bool(m) and "1.0 版（4 份）、2.0 版（3 份）合并计数" in m.group(1), True)
check("report marks per-version items", "parent-2026 2.0 版，与其他版本不同，单列" in html, True)
rows = list(csv.reader(open(sys.argv[4] + "/satisfaction_items.csv", encoding="utf-8-sig")))
hw = sorted((r[-2], r[8], r[9]) for r in rows[1:] if r[1] == "homework")
check("satisfaction_items.csv: homework per version (version, satisfied, valid)", hw, [("1.0", "2", "3"), ("2.0", "1", "3")])
rows = list(csv.reader(open(sys.argv[4] + "/satisfaction_topics.csv", encoding="utf-8-sig")))
# (the version in the last but one column: the role is last since topics are kept per role, review of session 14)
wl = sorted((r[-2], r[6], r[7]) for r in rows[1:] if r[1] == "workload")
check("satisfaction_topics.csv: workload per version only", wl, [("1.0", "2", "3"), ("2.0", "1", "3")])
z = zipfile.ZipFile(sys.argv[3])
shared = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
sheets = " ".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
check("workbook has a versions sheet", "问卷版本" in z.read("xl/workbook.xml").decode(), True)
check("workbook: per-version rows", "作业" in shared + sheets and "parent-2026 2.0 版，单列" in shared + sheets, True)
check("workbook: the recognition's note", "1.0 版（4 份）、2.0 版（3 份）合并计数" in shared + sheets, True)
sys.exit(fail)
PY
