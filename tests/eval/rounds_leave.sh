#!/bin/bash
# Schools that leave between rounds or plans (outside review, session 15):
# a rectification item of a school that left the register (closed, merged,
# code corrected) or the figures (a private school, a small teaching point)
# is not 已达标, and says so, naming the code a school of the same name has
# now; the trend lists every school of the round before that this round
# does not evaluate (school_changes.csv, the summary, the report); a trend
# over rounds computed under another threshold of social recognition or
# another qualification baseline, or under the earlier survey rules (the
# public's answers, all-不了解 questionnaires), says so in every output; a bundle of a
# closed round merged late counts in no round, and merge says so.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-leave.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "tmp $t"
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
R="$src/data/sample/schools.csv"
export LANGUAGE=en

# -- the plan of a round whose register then changes
"$J" round --db "$t/p.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026"
"$J" schools --db "$t/p.db" "$R" >/dev/null || bad "register"
"$J" rectify --db "$t/p.db" --out "$t/plan" >/dev/null || bad "rectify --out"
python3 - "$t/plan/rectify.csv" "$t/filled.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
m = [i for i, x in enumerate(rows[0]) if x.startswith("整改措施")][0]
for r in rows[1:]:
    r[m] = "措施" + r[0]
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
assert any(r[0].startswith("3607030001/") for r in rows[1:]), "3607030001 has no shortfall to track"
PY
"$J" rectify --db "$t/p.db" --load "$t/filled.csv" >/dev/null || bad "rectify --load"
# plan rows of 3607030001 after a register change: key -> 差距（所需）, 整改措施
rows_of() {
  python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
for r in rows[1:]:
    if r[0].startswith("3607030001/") or r[0].startswith("3607030011/"):
        print("%s|%s|%s" % (r[0], r[8], r[9]))
PY
}
# the school's code corrected: 3607030001 -> 3607030011
sed 's/^3607030001,/3607030011,/' "$R" > "$t/r_code.csv"
"$J" schools --db "$t/p.db" "$t/r_code.csv" >/dev/null || bad "register with the code corrected"
"$J" rectify --db "$t/p.db" --out "$t/plan2" > "$t/out2" 2>&1 || bad "rectify --out after the code correction"
rows=$(rows_of "$t/plan2/rectify.csv")
old=$(grep '^3607030001/' <<<"$rows"); new=$(grep '^3607030011/' <<<"$rows")
if [ -n "$old" ] && ! grep -q '已达标' <<<"$old" && [ "$(grep -c '不在本轮名册.*3607030011' <<<"$old")" = "$(wc -l <<<"$old")" ] \
   && ! grep -qv '|措施3607030001/' <<<"$old"; then
  ok "code corrected: the old code's items say it left the register and name the new code, not 已达标"
else
  bad "code corrected: $old"
fi
[ -n "$new" ] && ok "code corrected: the new code's shortfalls are listed" || bad "no item of the new code: $rows"
grep -q '已达标' "$t/out2" && bad "--out counts the old code's items as 已达标: $(cat "$t/out2")" \
  || ok "--out does not count them as 已达标"
out=$("$J" rectify --db "$t/p.db" 2>&1)
[[ "$out" == *"3607030001"*"no longer in the register (不在名册), not judged met"*"same name is now 3607030011"* ]] \
  && [[ "$out" != *"3607030001"*"已达标"* ]] && ok "listing: no longer in the register, the new code named" \
  || bad "listing after the code correction: $out"
out=$("$J" rectify --db "$t/p.db" --load "$t/plan2/rectify.csv" 2>&1)
[[ "$out" == *"item '3607030001/"*"is no longer in the plan of round '2026' (学校代码 3607030001 已不在本轮名册中"* ]] \
  && [[ "$out" != *"3607030001/"*"(已达标"* ]] && ok "--load warns: no longer in the register" || bad "--load: $out"
# the school turned private: out of the figures
sed 's/^\(3607030001,[^,]*,[^,]*,[^,]*,\)公办,/\1民办,/' "$R" > "$t/r_private.csv"
grep -q '^3607030001,[^,]*,[^,]*,[^,]*,民办,' "$t/r_private.csv" || bad "test register (private) not made"
"$J" schools --db "$t/p.db" "$t/r_private.csv" >/dev/null || bad "register with the school private"
"$J" rectify --db "$t/p.db" --out "$t/plan3" >/dev/null 2>&1 || bad "rectify --out after it turned private"
old=$(rows_of "$t/plan3/rectify.csv" | grep "^3607030001/")
[ -n "$old" ] && ! grep -q '已达标' <<<"$old" && [ "$(grep -c '学校本轮不参与计算（民办学校）' <<<"$old")" = "$(wc -l <<<"$old")" ] \
  && ok "turned private: its items say it left the figures, not 已达标" || bad "turned private: $old"
out=$("$J" rectify --db "$t/p.db" 2>&1)
[[ "$out" == *"3607030001"*"no longer in the figures (不参评), not judged met"* ]] \
  && ok "listing: no longer in the figures" || bad "listing after it turned private: $out"
# the next round: the earlier plan's items of that school are 无法判断, saying why
"$J" round --db "$t/p.db" --open 2027 --since 2027-01-01 >/dev/null || bad "open 2027 (p)"
"$J" stats --db "$t/p.db" --out "$t/sp1" >/dev/null 2>&1 || bad "stats 2027 (p, private)"
"$J" schools --db "$t/p.db" "$t/r_code.csv" >/dev/null && "$J" stats --db "$t/p.db" --out "$t/sp2" >/dev/null 2>&1 \
  || bad "stats 2027 (p, code corrected)"
python3 - "$t/sp1/stats.json" "$t/sp2/stats.json" <<'PY' && ok "the next round: the earlier items of that school are 无法判断, saying why" || bad "the next round's status of the earlier items"
import json, sys
for f, note, now in ((sys.argv[1], "本轮数据中无此项：学校本轮不参与计算（民办学校）", None),
                     (sys.argv[2], "本轮数据中无此项：学校代码 3607030001 已不在本轮名册中（同名学校现在的代码为 3607030011）",
                      "3607030011")):
    items = [i for i in json.load(open(f))["rectification_plan"]["items"] if i["key"].startswith("3607030001/")]
    assert items and all(i["status"] == "unknown" and i["note_zh"] == note and i.get("school_code_now") == now
                         for i in items), items[:1]
PY

# -- schools of the round before that leave: closed, code corrected, now a small teaching point
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
T0=1790000000000; year=$((365 * 86400000))
mkdir -p "$t/u1" "$t/u2"
STATS_GEN_T0=$T0 gen "$t/k1.db" K-1 3607030001 primary rural 20 5 1 "$t/u1" full
STATS_GEN_T0=$T0 gen "$t/k2.db" K-2 3607020001 primary town 20 5 2 "$t/u1" full
STATS_GEN_T0=$T0 gen "$t/k3.db" K-3 3607010001 primary urban 20 5 3 "$t/u1" full
"$J" round --db "$t/a.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026 (a)"
"$J" schools --db "$t/a.db" "$R" >/dev/null && "$J" merge --county 360701 --db "$t/a.db" "$t/u1" >/dev/null || bad "round 2026 (a)"
"$J" round --db "$t/a.db" --open 2027 --since 2027-01-01 >/dev/null || bad "open 2027 (a)"
STATS_GEN_T0=$((T0 + year)) gen "$t/k3.db" K-3 3607010001 primary urban 20 5 4 "$t/u2" incremental
# (a kiosk of the closed school still answering: held out of the 2027 rate)
STATS_GEN_T0=$((T0 + year)) gen "$t/k1.db" K-1 3607030001 primary rural 20 5 5 "$t/u2" incremental
"$J" merge --county 360701 --db "$t/a.db" "$t/u2" >/dev/null || bad "merge 2027 (a)"
# 3607030001 closed; 3607020001's code corrected to 3607020011; 3607030005 down to 45 pupils
grep -v '^3607030001,' "$R" | sed -e 's/^3607020001,/3607020011,/' \
  -e 's/^\(3607030005,[^,]*,[^,]*,[^,]*,[^,]*,\)124,/\145,/' > "$t/r2027.csv"
grep -q '^3607030005,[^,]*,[^,]*,[^,]*,[^,]*,45,' "$t/r2027.csv" || bad "test register 2027 not made"
"$J" schools --db "$t/a.db" "$t/r2027.csv" >/dev/null || bad "register 2027 (a)"
sum=$("$J" stats --db "$t/a.db" --out "$t/sa" 2>&1) || bad "stats 2027 (a): $sum"
[[ "$sum" == *"since round 2026: 2 schools are no longer in the register (不在名册) and 1 no longer in the figures (不再参评)"* ]] \
  && ok "summary: the schools that left" || bad "summary: $sum"
python3 - "$t/sa/stats.json" "$t/sa/school_changes.csv" <<'PY' && ok "trend.changes and school_changes.csv: the schools that left, why, the new code" || bad "changes of the schools that left"
import csv, json, sys
ch = {c["code"]: c for c in json.load(open(sys.argv[1]))["trend"]["changes"]}
a, c, e = ch["3607030001"], ch["3607020001"], ch["3607030005"]
assert a["compliance"] == "left_register" and "code_now" not in a and a["compliance_zh"].startswith("不在本轮名册"), a
assert a["satisfaction_before"] is not None and a["satisfaction_now"] is None, a
assert c["compliance"] == "left_register" and c["code_now"] == "3607020011" and "3607020011" in c["compliance_zh"], c
assert ch["3607020011"]["compliance"] == "new", ch["3607020011"]
assert e["compliance"] == "left_figures" and e["compliance_zh"] == "不再参评（在校生不足规定人数的教学点）", e
rows = {r[0].strip(): r for r in csv.reader(open(sys.argv[2], encoding="utf-8-sig"))}  # (a tab keeps Excel from taking codes as numbers)
for code in ("3607030001", "3607020001", "3607030005"):
    assert rows[code][3] == ch[code]["compliance_zh"], rows.get(code)
PY
"$J" report --db "$t/a.db" --out "$t/ra" --no-pdf >/dev/null 2>&1 || bad "report (a)"
# a bundle of the 2026 campaign merged after 2027 opened: 2026 is frozen, so its answers count nowhere
mkdir -p "$t/u3"
STATS_GEN_T0=$T0 gen "$t/k4.db" K-4 3607010002 primary urban 6 2 6 "$t/u3" full
cp "$t/a.db" "$t/a2.db"
out=$("$J" merge --county 360701 --db "$t/a.db" "$t/u3" 2>&1)
zh=$(LANGUAGE=zh_CN "$J" merge --county 360701 --db "$t/a2.db" "$t/u3" 2>&1)
[[ "$out" == *"before the open round 2027 starts (2027-01-01): they count in no round: not in 2027, and not in an earlier round either, whose statistics were frozen"* ]] \
  && [[ "$out" != *"nothing is wrong"* ]] && [[ "$zh" == *"早于当前统计轮次 2027 的开始日期（2027-01-01）：这些答卷不计入任何轮次"* ]] \
  && ok "a late bundle of a closed round: counted in no round, says merge" || bad "late bundle: $out / $zh"
python3 - "$t/sa" "$t/ra/report.html" <<'PY' && ok "the trend's 有效问卷: the questionnaires the rate was computed on, not those held out" || bad "the trend's questionnaires"
import csv, json, re, sys
d = json.load(open(sys.argv[1] + "/stats.json"))
held, valid = d["responses"]["held_out_unregistered"], d["responses"]["valid"]
n = d["satisfaction"]["county"]["n_questionnaires"]
assert held > 0 and n == valid - held, (d["responses"], n)
q = d["trend"]["rounds"][-1]["questionnaires"]
assert q == n, (q, n)
rows = list(csv.DictReader(open(sys.argv[1] + "/trend.csv", encoding="utf-8-sig")))
assert rows[-1]["有效问卷"] == str(n), rows[-1]
h = open(sys.argv[2], encoding="utf-8").read()
assert re.search(r'data-p="/trend/rounds/1/questionnaires"[^>]*>%s<' % format(n, ","), h), "report"
PY
python3 - "$t/ra/report.html" <<'PY' && ok "report: the schools that left, in both tables of the trend" || bad "report: the schools that left"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
sec = h[h.index('<section id="trend"'):]
sec = sec[:sec.index("</section>")]
for name, why in (("柳林乡中心小学", "不在本轮名册（停办、合并或学校代码更正）"),
                  ("河口镇中心小学", "不在本轮名册（同名学校现在的代码为 3607020011）"),
                  ("青山乡石门教学点", "不再参评（在校生不足规定人数的教学点）")):
    assert sec.count(name) >= 2, (name, sec.count(name))
    assert "<td>%s（%s）</td>" % (name, why) in sec, name   # each school round by round
    assert "<td>%s</td><td>%s</td>" % (name, why) in sec, name  # since the previous round
PY

# -- a round closed under another threshold (`round --open --threshold` computes the closing
# round's statistics with it) and another qualification baseline
"$J" round --db "$t/b.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026 (b)"
"$J" schools --db "$t/b.db" "$R" >/dev/null && "$J" merge --county 360701 --db "$t/b.db" "$t/u1" >/dev/null || bad "round 2026 (b)"
"$J" round --db "$t/b.db" --open 2027 --since 2027-01-01 --threshold 0.9 --qualification bachelor,bachelor >/dev/null \
  || bad "open 2027 (b)"
"$J" merge --county 360701 --db "$t/b.db" "$t/u2" >/dev/null || bad "merge 2027 (b)"
"$J" stats --db "$t/b.db" --out "$t/sb" >/dev/null 2>&1 || bad "stats (b)"
"$J" report --db "$t/b.db" --out "$t/rb" --no-pdf >/dev/null 2>&1 || bad "report (b)"
python3 - "$t/sb" "$t/rb/report.html" <<'PY' && ok "another threshold: rules, rules_differ, the warning, trend.csv, the report; a baseline not in use is no difference" || bad "another threshold"
import csv, json, sys
d = json.load(open(sys.argv[1] + "/stats.json"))
t = d["trend"]
r = [e["rules"] for e in t["rounds"]]
assert [x["threshold"] for x in r] == [0.9, 0.85], r
# the sample register gives 高于规定学历教师数 itself: the baseline was not used in either round
assert [x["qualification_baseline"] for x in r] == [None, None], r
assert r[0]["differs"] == ["threshold"] and r[1]["differs"] == [], r
assert t["rules_differ"] == ["2026"], t["rules_differ"]
assert any("2026 的社会认可度标准与本轮（85%）不同（2026：90%）" in w for w in d["warnings_zh"]), d["warnings_zh"]
assert not any("教学点口径不同" in w for w in d["warnings_zh"]), d["warnings_zh"]
rows = list(csv.DictReader(open(sys.argv[1] + "/trend.csv", encoding="utf-8-sig")))
assert [x["社会认可度标准"] for x in rows] == ["90%", "85%"], rows
want = ["达标" if e["social_recognition"]["pass"] else "未达标" for e in t["rounds"]]
assert [x["社会认可度是否达标（按该轮标准）"] for x in rows] == want, rows
assert [x["与本轮规则不同"] for x in rows] == ["社会认可度标准", ""], rows
h = open(sys.argv[2], encoding="utf-8").read()
sec = h[h.index('<section id="trend"'):]
sec = sec[:sec.index("</section>")]
assert "社会认可度标准（该轮结论）" in sec and "（与本轮标准不同）" in sec
assert "图中参考线为本轮的社会认可度标准（85 %）。以下轮次按各自不同的标准判定：2026 标准 90 %" in sec
assert "2026（标准90%）" in sec  # the chart's bar
PY
python3 "$src/tests/report/check_html.py" "$t/rb/report.html" "$t/rb/stats.json" trend >/dev/null \
  && ok "report (b): every number from stats.json" || bad "report (b): $(python3 "$src/tests/report/check_html.py" "$t/rb/report.html" "$t/rb/stats.json" trend 2>&1 | tail -3)"
# -- a round frozen under the earlier survey rules (review fstats9 item 2): its
# statistics lack methods.public_scope (the public's answers counted also for the
# school whose kiosk took them) and responses.no_rated_answer (a questionnaire
# answered 不了解 throughout was valid), as a round closed before session 23
cp "$t/b.db" "$t/o.db"
python3 - "$t/o.db" <<'PY' || bad "make 2026 a round of the earlier rules"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(s,) = db.execute("SELECT stats FROM county_rounds WHERE name = '2026'").fetchone()
d = json.loads(s)
del d["methods"]["public_scope"]; del d["responses"]["no_rated_answer"]
db.execute("UPDATE county_rounds SET stats = ? WHERE name = '2026'", (json.dumps(d, ensure_ascii=False),))
db.commit()
PY
"$J" stats --db "$t/o.db" --out "$t/so" >/dev/null 2>&1 || bad "stats (o)"
"$J" report --db "$t/o.db" --out "$t/ro" --no-pdf >/dev/null 2>&1 || bad "report (o)"
python3 - "$t/so" "$t/ro/report.html" <<'PY' && ok "a round of the earlier survey rules: rules, the warnings, trend.csv, the report say so" || bad "a round of the earlier survey rules"
import csv, json, re, sys
d = json.load(open(sys.argv[1] + "/stats.json"))
t = d["trend"]
r = [e["rules"] for e in t["rounds"]]
assert [(x["public_scope"], x["dont_know_questionnaires"]) for x in r] == [("school", "valid"), ("county", "not_valid")], r
assert r[0]["differs"] == ["threshold", "public_scope", "dont_know_questionnaires"] and r[1]["differs"] == [], r
w = d["warnings_zh"]
assert any(x.startswith("趋势中的轮次 2026 按以前的调查规则计算（2026：社会公众的答案也计入答题机所在学校；本轮：社会公众的答案只计入全县") for x in w), w
assert any(x.startswith("趋势中的轮次 2026 按以前的调查规则计算（2026：评价题全答“不了解”的问卷算有效问卷；本轮：收回但不算有效问卷") for x in w), w
assert any("earlier survey rules" in x for x in d["warnings"]), d["warnings"]
rows = list(csv.DictReader(open(sys.argv[1] + "/trend.csv", encoding="utf-8-sig")))
assert [x["与本轮规则不同"] for x in rows] == [
    "社会认可度标准、社会公众答案计入范围（以前也计入学校）、全答不了解的问卷（以前算有效）", ""], rows
h = open(sys.argv[2], encoding="utf-8").read()
sec = h[h.index('<section id="trend"'):]
sec = re.sub(r"<[^>]+>", "", sec[:sec.index("</section>")])
assert ("轮次 2026 的社会认可度标准、社会公众答案的计入范围（以前也计入学校）、全答“不了解”问卷是否有效（以前算有效）"
        "与本轮不同") in sec, sec[:3000]
PY
# the register by degree (大专/本科/研究生): the baseline is used, and differs
python3 - "$R" "$t/deg.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"))); h = rows[0]; i = h.index("高于规定学历教师数")
h[i:i + 1] = ["大专学历教师数", "本科学历教师数", "研究生学历教师数"]
for r in rows[1:]:
    v = r[i]; r[i:i + 1] = ["", "", ""] if v == "" else [str(int(r[8]) - int(v)), v, "0"]
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
"$J" round --db "$t/q.db" --open 2026 --since 2026-01-01 >/dev/null && "$J" schools --db "$t/q.db" "$t/deg.csv" >/dev/null \
  && "$J" round --db "$t/q.db" --open 2027 --since 2027-01-01 --qualification bachelor,bachelor >/dev/null || bad "rounds (q)"
"$J" stats --db "$t/q.db" --out "$t/sq" >/dev/null 2>&1 || bad "stats (q)"
python3 - "$t/sq" <<'PY' && ok "another qualification baseline: rules, rules_differ, the warning, trend.csv" || bad "another baseline"
import csv, json, sys
d = json.load(open(sys.argv[1] + "/stats.json"))
t = d["trend"]
r = [e["rules"] for e in t["rounds"]]
assert [x["qualification_baseline"] for x in r] == [{"primary": "bachelor", "junior": "bachelor"},
                                                    {"primary": "college", "junior": "bachelor"}], r
assert r[0]["differs"] == ["qualification_baseline"] and t["rules_differ"] == ["2026"], (r, t["rules_differ"])
assert any("2026 计算“高于规定学历教师”的学历基准与本轮不同（2026：小学本科及以上、初中本科及以上；本轮小学大专及以上、初中本科及以上）" in w
           for w in d["warnings_zh"]), d["warnings_zh"]
rows = list(csv.DictReader(open(sys.argv[1] + "/trend.csv", encoding="utf-8-sig")))
assert [x["高于规定学历的学历基准"] for x in rows] == ["小学本科及以上、初中本科及以上", "小学大专及以上、初中本科及以上"], rows
assert [x["与本轮规则不同"] for x in rows] == ["学历基准", ""], rows
PY
# a county without rounds: its trend of one round is as it was (no rules, no new columns)
"$J" schools --db "$t/n.db" "$R" >/dev/null && "$J" merge --county 360701 --db "$t/n.db" "$t/u1" >/dev/null \
  && "$J" stats --db "$t/n.db" --out "$t/sn" >/dev/null 2>&1 || bad "county without rounds"
python3 - "$t/sn" <<'PY' && ok "a county without rounds: the trend as before" || bad "county without rounds: trend"
import json, sys
t = json.load(open(sys.argv[1] + "/stats.json"))["trend"]
assert len(t["rounds"]) == 1 and "rules" not in t["rounds"][0] and t["rules_differ"] == [], t
head = open(sys.argv[1] + "/trend.csv", encoding="utf-8-sig").readline().strip().split(",")
assert head[-1] == "基本均衡教学点口径", head
PY

# -- two schools of the register share a name all along and one of them
# closes (second review of session 15): the other, there all along, is not
# "the code a school of the same name has now"; nor is one of two new
# schools of that name
mkdir -p "$t/u4"
sed 's/^3607030002,柳林乡中学,/3607030002,柳林乡中心小学,/' "$R" > "$t/d1.csv"
grep -q '^3607030002,柳林乡中心小学,' "$t/d1.csv" || bad "test register (two schools of one name) not made"
grep -v '^3607030001,' "$t/d1.csv" > "$t/d2.csv"
# rectify: two schools of that name now (one there all along, one new):
# neither is named
{ cat "$t/d2.csv"; grep '^3607030003,' "$R" | sed 's/^3607030003,[^,]*,/3607030091,柳林乡中心小学,/'; } > "$t/d5.csv"
"$J" round --db "$t/d.db" --open 2026 --since 2026-01-01 >/dev/null && "$J" schools --db "$t/d.db" "$t/d1.csv" >/dev/null \
  && "$J" rectify --db "$t/d.db" --out "$t/dplan" >/dev/null && "$J" rectify --db "$t/d.db" --load "$t/dplan/rectify.csv" >/dev/null \
  || bad "plan (d)"
"$J" schools --db "$t/d.db" "$t/d5.csv" >/dev/null && "$J" rectify --db "$t/d.db" --out "$t/dplan2" >/dev/null 2>&1 \
  || bad "plan after the closing (d)"
old=$(grep '^3607030001/' "$t/dplan2/rectify.csv")
[ -n "$old" ] && ! grep -q '同名学校' <<<"$old" && ok "rectify: of two schools of the same name none is named" \
  || bad "rectify names one of two: $(head -1 <<<"$old")"
out=$("$J" rectify --db "$t/d.db" 2>&1)
[[ "$out" == *"3607030001"*"no longer in the register"* ]] && [[ "$out" != *"same name is now"* ]] \
  && ok "rectify listing: none named" || bad "rectify listing names one: $out"
STATS_GEN_T0=$T0 gen "$t/k1.db" K-1 3607030001 primary rural 20 5 1 "$t/u4" full
STATS_GEN_T0=$T0 gen "$t/k2.db" K-2 3607030002 junior rural 20 5 2 "$t/u4" full
"$J" round --db "$t/e.db" --open 2026 --since 2026-01-01 >/dev/null && "$J" schools --db "$t/e.db" "$t/d1.csv" >/dev/null \
  && "$J" merge --county 360701 --db "$t/e.db" "$t/u4" >/dev/null && "$J" round --db "$t/e.db" --open 2027 --since 2027-01-01 >/dev/null \
  && "$J" schools --db "$t/e.db" "$t/d2.csv" >/dev/null && "$J" stats --db "$t/e.db" --out "$t/se" >/dev/null 2>&1 \
  || bad "rounds (e)"
# two new schools of that name: neither is named
{ cat "$t/d2.csv"; grep '^3607030003,' "$R" | sed 's/^3607030003,[^,]*,/3607030091,柳林乡中心小学,/'
  grep '^3607030003,' "$R" | sed -e 's/^3607030003,[^,]*,/3607030092,柳林乡中心小学,/' -e 's/,1050000,/,1060000,/'; } > "$t/d3.csv"
# (the second with other equipment: two rows of one name and the same values are one school
# copied, refused since review rreg4 item 2)
"$J" schools --db "$t/e.db" "$t/d3.csv" >/dev/null && "$J" stats --db "$t/e.db" --out "$t/se3" >/dev/null 2>&1 || bad "stats (e, two new)"
# one new school of that name: named
{ cat "$t/d2.csv"; grep '^3607030003,' "$R" | sed 's/^3607030003,[^,]*,/3607030091,柳林乡中心小学,/'; } > "$t/d4.csv"
"$J" schools --db "$t/e.db" "$t/d4.csv" >/dev/null && "$J" stats --db "$t/e.db" --out "$t/se4" >/dev/null 2>&1 || bad "stats (e, one new)"
python3 - "$t/se" "$t/se3" "$t/se4" <<'PY' && ok "trend: only a school new this round, and the only one, is named" || bad "trend with two schools of one name"
import json, sys
def ch(d): return {c["code"]: c for c in json.load(open(d + "/stats.json"))["trend"]["changes"]}
for d in sys.argv[1:3]:
    a = ch(d)["3607030001"]
    assert a["compliance"] == "left_register" and "code_now" not in a and "同名" not in a["compliance_zh"], (d, a)
a = ch(sys.argv[3])["3607030001"]
assert a.get("code_now") == "3607030091" and "3607030091" in a["compliance_zh"], a
PY

exit $fail
