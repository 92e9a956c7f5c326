#!/bin/bash
# Review rquest3, items 2 and 6: questionnaire demo 1.0 and 2.0 (made below).
# 2.0 lists the sat5 scale's options in another order (codes, labels and
# satisfied flags unchanged) and replaces homework with the reverse-scored
# statement 孩子的作业太多。 on an agreement scale whose satisfied set is
# 不太同意 + 不同意.  Expected: the reordered items are the same in both
# versions (combined, not split); the reverse-scored item's rate is named by
# its satisfied options, never 认同率 (which reads as the share agreeing that
# homework is too much); the rated choice 学校有没有乱收费？ (没有 satisfied)
# is named like a yes/no item, not 满意率.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rate-names.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT
/usr/bin/python3 - "$t" <<'PY' || exit 1
import copy, json, sys
t = sys.argv[1]
def T(z, e): return {"zh-CN": z, "en": e}
def opt(c, l, e, s=None, sat=False, exc=False):
    o = {"code": c, "label": T(l, e)}
    if s is not None: o["score"] = s
    if sat: o["satisfied"] = True
    if exc: o["excluded"] = True
    return o
sat5 = [opt("satisfied", "满意", "Satisfied", 4, True), opt("fairly", "比较满意", "Fairly satisfied", 3, True),
        opt("basic", "基本满意", "Basically satisfied", 2, True), opt("dissatisfied", "不满意", "Dissatisfied", 1),
        opt("dont_know", "不了解", "Don't know", 0, exc=True)]
agree_rev = [opt("agree", "同意", "Agree", 1), opt("rather", "比较同意", "Rather agree", 2),
             opt("rather_not", "不太同意", "Rather not agree", 3, True), opt("disagree", "不同意", "Disagree", 4, True),
             opt("dont_know", "不了解", "Don't know", 0, exc=True)]
v1 = {"id": "demo", "version": "1.0", "locales": ["zh-CN", "en"], "audience": "parent", "audience_label": T("家长", "Parents"),
      "title": T("家长问卷", "Parents"), "intro": T("不清楚的题，就选“不了解”。", "Choose Don't know if unsure."),
      "method": "answers",
      "topics": [{"id": i, "label": T(l, i)} for i, l in [("meals", "饭菜"), ("compliance", "规范办学"),
                                                         ("workload", "课业负担"), ("overall", "总体评价")]],
      "scales": [{"id": "sat5", "options": sat5}],
      "items": [
          {"id": "meals", "type": "scale", "scale": "sat5", "topic": "meals",
           "text": T("您对学校的饭菜满意吗？", "Are you satisfied with the meals?")},
          {"id": "fees", "type": "choice", "topic": "compliance", "text": T("学校有没有乱收费？", "Any improper fees?"),
           "options": [opt("yes", "有", "Yes", 0), opt("no", "没有", "No", 1, True),
                       opt("dont_know", "不了解", "Don't know", exc=True)]},
          {"id": "homework", "type": "scale", "scale": "sat5", "topic": "workload",
           "text": T("您对孩子的作业量满意吗？", "Are you satisfied with the homework?")},
          {"id": "overall", "type": "scale", "scale": "sat5", "topic": "overall", "overall": True,
           "text": T("总的来说，您对这所学校满意吗？", "Overall, are you satisfied with the school?")}]}
v2 = copy.deepcopy(v1)
v2["version"] = "2.0"
v2["scales"][0]["options"] = [sat5[3], sat5[2], sat5[1], sat5[0], sat5[4]]
v2["scales"].append({"id": "agree_rev", "kind": "agreement", "options": agree_rev})
v2["items"][2] = {"id": "homework_much", "type": "scale", "scale": "agree_rev", "topic": "workload",
                  "text": T("孩子的作业太多。", "My child has too much homework.")}
for d in (v1, v2):
    json.dump(d, open(f"{t}/demo-{d['version']}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$J" surveys --db "$t/county.db" "$t/demo-1.0.json" "$t/demo-2.0.json" >"$t/pin.out" 2>&1 \
  || { echo "FAIL surveys: $(cat "$t/pin.out")"; exit 1; }
/usr/bin/python3 - "$t/county.db" "$t" <<'PY' || exit 1
import json, sqlite3, sys
db, t = sys.argv[1:3]
con = sqlite3.connect(db)
cur = con.cursor()
cur.execute("INSERT INTO imports(id, file, file_sha256, verdict, imported_ms) VALUES (1, 'hand', 'x', 'ok', 1)")
hashes = {}
for ver in ("1.0", "2.0"):
    h, canon = cur.execute("SELECT hash, definition FROM pinned_surveys p JOIN surveys s USING (hash) "
                           "WHERE p.survey_id = 'demo' AND p.version = ?", (ver,)).fetchone() \
        if cur.execute("SELECT count(*) FROM surveys").fetchone()[0] else (None, None)
    if h is None:
        d = json.load(open(f"{t}/demo-{ver}.json", encoding="utf-8"))
        canon = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        h = cur.execute("SELECT hash FROM pinned_surveys WHERE survey_id = 'demo' AND version = ?", (ver,)).fetchone()[0]
        cur.execute("INSERT OR IGNORE INTO surveys(hash, survey_id, version, audience, method, definition) "
                    "VALUES (?,?,?,?,?,?)", (h, "demo", ver, "parent", "answers", canon))
    hashes[ver] = h
rows = [("1.0", dict(meals="satisfied", fees="no", homework="fairly", overall="satisfied")),
        ("1.0", dict(meals="dissatisfied", fees="yes", homework="dissatisfied", overall="fairly")),
        ("2.0", dict(meals="satisfied", fees="no", homework_much="agree", overall="satisfied")),
        ("2.0", dict(meals="basic", fees="no", homework_much="agree", overall="dissatisfied")),
        ("2.0", dict(meals="dissatisfied", fees="yes", homework_much="disagree", overall="satisfied"))]
cur.execute("INSERT OR IGNORE INTO kiosk_refs(kiosk_id) VALUES ('K1')")
for seq, (ver, a) in enumerate(rows, 1):
    cur.execute("INSERT OR IGNORE INTO survey_refs(hash) VALUES (?)", (hashes[ver],))
    cur.execute("INSERT INTO response_rows(kiosk, seq, uuid, survey, school_code, school_level, locality, survey_id,"
                " role, lang, started_ms, ended_ms, duration_ms, status, flags, chain, extra, import_id)"
                " VALUES ((SELECT id FROM kiosk_refs WHERE kiosk_id = 'K1'), ?, ?,"
                " (SELECT id FROM survey_refs WHERE hash = ?), '3607010001', 'primary', 'urban', 'demo', 'parent',"
                " 'zh-CN', 0, 300000, 300000, 'submitted', '', 'c', ?, 1)", (seq, f"u{seq}", hashes[ver], json.dumps(a)))
con.commit()
PY
"$J" stats --db "$t/county.db" --min-group 1 --out "$t/stats" >"$t/stats.out" 2>&1 || { echo "FAIL stats: $(cat "$t/stats.out")"; exit 1; }
"$J" report --db "$t/county.db" --min-group 1 --out "$t/report" --no-pdf >"$t/report.out" 2>&1 \
  || { echo "FAIL report: $(cat "$t/report.out")"; exit 1; }
/usr/bin/python3 - "$t/stats/stats.json" "$t/report/report.html" "$t/stats" <<'PY'
import csv, json, sys
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
items = {(e["item_id"], e["version"]): e for e in doc["satisfaction"]["by_item"]}
check("items: reordered options are the same items, combined", sorted(items),
      sorted([("meals", None), ("fees", None), ("overall", None), ("homework", "1.0"), ("homework_much", "2.0")]))
s = doc["versions"]["surveys"][0]
check("common items", sorted(s["common_items"]) if s["common_items"] and isinstance(s["common_items"][0], str)
      else sorted(c["item_id"] for c in s["common_items"]), ["fees", "meals", "overall"])
check("meals across versions", (items[("meals", None)]["answers"]["satisfied"], items[("meals", None)]["answers"]["valid"]), (3, 5))
hm = items[("homework_much", "2.0")]
check("homework_much: 1 of 3 disagrees (satisfied)", (hm["answers"]["satisfied"], hm["answers"]["valid"]), (1, 3))
check("homework_much rate name", hm["rate_name_zh"], "选“不太同意”“不同意”的比例")
check("homework_much rate name (en)", hm["rate_name_en"], 'share answering "Rather not agree" or "Disagree"')
check("fees rate name", items[("fees", None)]["rate_name_zh"], "选“没有”的比例")
check("fees rate kind", items[("fees", None)]["rate_kind"], "choice")
check("meals rate name", items[("meals", None)]["rate_name_zh"], "满意率")
check("report names the reverse item's rate", "孩子的作业太多。 <span class=\"note\">（课业负担；比率为选“不太同意”“不同意”的比例）" in html, True)
# (三、最不满意的方面's note names 认同率 as one possible rate name: not a rate)
check("report calls no rate 认同率", "认同率" in html.replace("（满意率、认同率等）", ""), False)
rows = list(csv.reader(open(sys.argv[3] + "/satisfaction_items.csv", encoding="utf-8-sig")))
check("satisfaction_items.csv names the rate", sorted(r[-1] for r in rows[1:] if r[1] in ("homework_much", "fees")),
      ["选“不太同意”“不同意”的比例", "选“没有”的比例"])
sys.exit(fail)
PY
