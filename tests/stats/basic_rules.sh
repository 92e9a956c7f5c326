#!/bin/bash
# The basic-balance (基本均衡, 2012) figures leave out other schools than the
# quality (优质均衡, 2017) ones (shared/domain/balance-rules §1, §2): every
# primary teaching point whatever its size and every school not run by the
# county (非县属学校) are out of B1–B8 and the basic composite, while the
# quality figures keep a teaching point of 50 or more pupils and a school not
# run by the county.  A county of four primary schools of 100 pupils whose
# counts all follow one pattern p (5, 3, 1, 7), so that each indicator of a
# school is a fixed multiple of its p and every CV of a set is the same number,
# computed here by hand:
#   A public p=5, B public p=3, T teaching point of 100 pupils p=1,
#   N not run by the county p=7, S teaching point of 30 pupils (out of both).
# Quality (A, B, T, N): mean 4, deviations 1, -1, -3, 3, variance 20/4 = 5,
#   CV = sqrt(5)/4 = 0.5590170 (L1 and L4 here).
# Basic, 2012 rule (A, B): mean 4, sd 1, CV = 0.25 for each of B1–B8, so the
#   composite is 0.25.
# Basic, --basic-teaching-points threshold (A, B, T; N still out): mean 3,
#   variance (4 + 0 + 4)/3 = 8/3, CV = sqrt(8/3)/3 = 0.5443311.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-basic.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
py=/usr/bin/python3
mkdir -p "$t/usb"
"$b/tests/stats_gen" "$t/k1.db" K-A 3607010001 primary urban 6 2 1 "$t/usb" full >/dev/null \
  || { echo "FAIL stats_gen"; exit 1; }
# counts for 100 pupils: floor 100p, sports 200p, equipment 100000p, computers 2p,
# books 1000p, teachers 2p (all above the qualification), titles p; L2, L3, L7 p;
# two junior schools so that the workbook has junior CVs
cat > "$t/schools.csv" <<'CSV'
code,name,level,locality,kind,enrolment,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books
3607010001,甲小学,primary,urban,public,100,10,10,5,5,5,500,1000,500000,5,10,5000
3607010002,乙小学,primary,urban,公办,100,6,6,3,3,3,300,600,300000,3,6,3000
3607030001,丙村教学点,primary,rural,教学点,100,2,2,1,1,1,100,200,100000,1,2,1000
3607010009,省属附小,primary,urban,非县属学校,100,14,14,7,7,7,700,1400,700000,7,14,7000
3607030002,丁村教学点,primary,rural,teaching_point,30,1,1,1,1,1,60,100,60000,1,1,500
3607010003,一中,junior,urban,public,500,40,38,20,8,6,3000,6000,1500000,13,80,20000
3607020003,二中,junior,town,public,400,30,28,15,6,5,2500,4500,1100000,10,60,15000
CSV
"$J" merge --county 360701 --db "$t/county.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
load=$("$J" schools --db "$t/county.db" "$t/schools.csv" 2>&1) || { echo "FAIL schools: $load"; exit 1; }
echo "$load"
[[ "$load" == *"schools: 1 left out of the balance calculation (quality and basic figures):"*"3607030002 丁村教学点"* ]] \
  || { echo "FAIL schools does not list the school out of both sets"; fail=1; }
[[ "$load" == *"schools: 2 more left out of the basic-balance figures only"*"3607030001 丙村教学点: primary teaching point (小学教学点)"*"3607010009 省属附小: school not run by the county (非县属学校)"* ]] \
  || { echo "FAIL schools does not list the schools out of the basic figures only"; fail=1; }
# the kind in Chinese too
load_zh=$("$J" --lang zh schools --db "$t/county.db" "$t/schools.csv" 2>&1)
[[ "$load_zh" == *"另有 2 所学校只不参与基本均衡计算"*"省属附小: 非县属学校（基本均衡不计）"* ]] \
  || { echo "FAIL schools in Chinese: $load_zh"; fail=1; }

"$J" stats --db "$t/county.db" --out "$t/s2012" >/dev/null 2>&1 || { echo "FAIL stats"; exit 1; }
"$J" stats --db "$t/county.db" --out "$t/sth" --basic-teaching-points threshold >/dev/null 2>&1 \
  || { echo "FAIL stats --basic-teaching-points threshold"; exit 1; }
"$J" report --db "$t/county.db" --out "$t/report" --no-pdf >/dev/null 2>&1 || { echo "FAIL report"; fail=1; }
"$J" report --db "$t/county.db" --out "$t/report-th" --no-pdf --basic-teaching-points threshold >/dev/null 2>&1 \
  || { echo "FAIL report --basic-teaching-points threshold"; fail=1; }
$py - "$t" <<'PY' || fail=1
import csv, json, math, sys
t = sys.argv[1]
bad = 0
def check(what, ok):
    global bad
    if not ok:
        print("FAIL " + what); bad = 1
def near(what, got, want):
    check("%s: expected %.7f, got %r" % (what, want, got), got is not None and abs(got - want) < 5e-7)
Q = 0.5590170  # sqrt(5)/4, by hand above
for d, tp, basic in (("s2012", "all", 0.25), ("sth", "threshold", 0.5443311)):
    doc = json.load(open("%s/%s/stats.json" % (t, d), encoding="utf-8"))
    p = doc["balance"]["primary"]
    check("%s: options.basic_teaching_points %r" % (d, doc["options"]["basic_teaching_points"]),
          doc["options"]["basic_teaching_points"] == tp)
    # the quality figures do not move with the setting
    check("%s: quality schools %r" % (d, p["n_schools"]), p["n_schools"] == 4)
    near(d + " L1 CV", p["quality"][0]["cv"], Q)
    near(d + " L4 CV", p["quality"][3]["cv"], Q)
    check(d + " L4 over its limit 0.50", p["quality"][3]["pass"] is False)
    # the basic ones do
    for k in range(8):
        near("%s B%d CV" % (d, k + 1), p["basic"][k]["cv"], basic)
        check("%s B%d schools" % (d, k + 1), p["basic"][k]["n_schools"] == (2 if tp == "all" else 3))
    near(d + " basic composite", p["basic_composite"]["cv"], basic)
    check(d + " basic composite schools", p["basic_composite"]["n_schools"] == (2 if tp == "all" else 3))
    check(d + " basic composite enrolment", p["basic_composite"]["enrolment"] == (200 if tp == "all" else 300))
    check(d + " basic composite rule", p["basic_composite"]["teaching_points"] == tp)
    s = {x["code"]: x for x in doc["schools"]}
    T, N, S = s["3607030001"], s["3607010009"], s["3607030002"]
    check(d + " teaching point of 100 in the quality figures", T["excluded"] is False and T["exclusion_reason"] is None)
    check(d + " its parts are judged (quality compliance)", len(T["parts"]) == 1 and "compliance" in T["parts"][0])
    if tp == "all":
        check(d + " teaching point of 100 out of the basic figures, said why",
              T["excluded_basic"] is True and "小学教学点" in T["basic_exclusion_reason_zh"]
              and "2012" in T["basic_exclusion_reason"])
        check(d + " method text names the 2012 rule", "2012" in doc["methods"]["basic_exclusion"])
    else:
        check(d + " teaching point of 100 in the basic figures", T["excluded_basic"] is False)
        check(d + " method text names the threshold", "threshold" in doc["methods"]["basic_exclusion"])
    check(d + " school not run by the county: in the quality figures (§1 does not list it)",
          N["kind"] == "non_county" and N["kind_zh"] == "非县属学校" and N["excluded"] is False)
    check(d + " school not run by the county: out of the basic figures",
          N["excluded_basic"] is True and N["basic_exclusion_reason_zh"] == "非县属学校（基本均衡不计）")
    check(d + " teaching point of 30: out of both", S["excluded"] is True and S["excluded_basic"] is True)
    # school_indicators.csv says both
    rows = list(csv.reader(open("%s/%s/school_indicators.csv" % (t, d), encoding="utf-8-sig")))
    h = rows[0]
    # a code of digits only is written with a leading tab (Excel keeps it as text)
    assert all(r[0].startswith("\t") for r in rows[1:] if r[0].strip().isdigit()), rows[1][:2]
    by = {r[0].lstrip("\t"): dict(zip(h, r)) for r in rows[1:]}
    check(d + " CSV: T in quality", by["3607030001"]["是否参与优质均衡计算"] == "是")
    check(d + " CSV: T in basic", by["3607030001"]["是否参与基本均衡计算"] == ("否" if tp == "all" else "是"))
    check(d + " CSV: N out of basic", by["3607010009"]["是否参与基本均衡计算"] == "否"
          and by["3607010009"]["是否参与优质均衡计算"] == "是")
for d, tp in (("report", "all"), ("report-th", "threshold")):
    html = open("%s/%s/report.html" % (t, d), encoding="utf-8").read()
    if tp == "all":
        check(d + ": scope names the 2012 rule", "基本均衡综合差异系数按 2012 年规则，另不含非县属学校和全部小学教学点" in html)
        check(d + ": card of the teaching point says which set leaves it out",
              "计入优质均衡，不计入基本均衡：小学教学点（基本均衡 2012 年规则：不论人数一律不计）" in html)
    else:
        check(d + ": scope names the threshold", "基本均衡综合差异系数按同一教学点口径（不足 50 人的不计，非 2012 年规则）" in html)
    check(d + ": card of the school not run by the county", "计入优质均衡，不计入基本均衡：非县属学校（基本均衡不计）" in html)
    check(d + ": card of the small teaching point", "优质均衡、基本均衡均不计：在校生不足规定人数的教学点" in html)
    check(d + ": method text listed", "基本均衡不参与计算的学校" in html)
sys.exit(bad)
PY
# the workbook and the HTML say what the document says
$py "$src/tests/report/check_xlsx.py" "$t/report/report.xlsx" "$t/report/stats.json" || { echo "FAIL xlsx"; fail=1; }
# a bad value is a usage error that says what is expected
out=$("$J" stats --db "$t/county.db" --basic-teaching-points 2017 2>&1); rc=$?
[ $rc = 2 ] && [[ "$out" == *"--basic-teaching-points expects all (the 2012 basic-balance rules: every primary teaching point left out) or threshold"*"got '2017'"* ]] \
  || { echo "FAIL bad --basic-teaching-points: exit $rc: $out"; fail=1; }
# (second review) the report from a stats.json refuses an option that decides
# how statistics are computed: it was ignored and the report printed the
# other rule
out=$("$J" --lang en report --stats-json "$t/s2012/stats.json" --out "$t/rth" --basic-teaching-points threshold 2>&1); rc=$?
[ $rc = 2 ] && [[ "$out" == *"--basic-teaching-points applies when the statistics are computed (--db)"* ]] && [ ! -e "$t/rth" ] \
  || { echo "FAIL report --stats-json with --basic-teaching-points: exit $rc: $out"; fail=1; }
# (second review) a county whose primary schools are all teaching points:
# the summary says why the basic composite cannot be computed
grep -E '^(code|3607030001|3607030002|3607010003|3607020003),' "$t/schools.csv" > "$t/tp.csv"
"$J" schools --db "$t/tp.db" "$t/tp.csv" >/dev/null 2>&1 || { echo "FAIL teaching points only: schools"; fail=1; }
out=$("$J" --lang en stats --db "$t/tp.db" 2>&1)
"$J" stats --db "$t/tp.db" --out "$t/tps" >/dev/null 2>&1
reason=$($py -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["balance"]["primary"]["basic_composite"]["cv_reason"])' \
  "$t/tps/stats.json" 2>/dev/null)
# (in English: the English sentences of the bilingual reason)
en_reason=${reason#*。 }
[[ "$out" == *"basic composite: "* ]] && [ -n "$reason" ] && [ "$en_reason" != "$reason" ] \
  && [[ "$out" == *"basic composite: $en_reason"* ]] \
  || { echo "FAIL teaching points only: no reason for the basic composite: $out"; fail=1; }
# (second review) a round frozen under the other rule: the trend records each
# round's rule, says the rounds differ, and trend.csv names each rule
cp "$t/county.db" "$t/r.db"
# (the day it opens: 2098-12-01; round --open takes no --since more than a year ahead)
JH_ROUND_TEST_TODAY_MS=4068288000000 \
  "$J" round --db "$t/r.db" --open 2026 --since 2099-01-01 --previous 2025 --basic-teaching-points threshold >/dev/null 2>&1 \
  || { echo "FAIL round --open with --basic-teaching-points threshold"; fail=1; }
"$J" schools --db "$t/r.db" "$t/schools.csv" >/dev/null 2>&1
"$J" stats --db "$t/r.db" --out "$t/sr" >/dev/null 2>&1 || { echo "FAIL stats of two rounds"; fail=1; }
$py - "$t/sr/stats.json" "$t/sr/trend.csv" <<'PY' || fail=1
import csv, io, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = d["trend"]
rules = {r["round"]: r["basic_teaching_points"] for r in t["rounds"]}
ok = rules == {"2025": "threshold", "2026": "all"} and t["rules_differ"] == ["2025"]
ok = ok and any("2025" in w and "口径" in w for w in d["warnings_zh"]) and any("2025" in w for w in d["warnings"])
rows = list(csv.DictReader(io.StringIO(open(sys.argv[2], encoding="utf-8-sig").read())))
col = {r["轮次"]: r["基本均衡教学点口径"] for r in rows}
ok = ok and col == {"2025": "同优质均衡：不足 50 人的教学点不计", "2026": "2012 年规则：教学点一律不计"}
print("PASS trend: each round's rule recorded, the difference warned" if ok else
      "FAIL trend rules: %s %s %s %s" % (rules, t.get("rules_differ"), d["warnings_zh"], col))
sys.exit(0 if ok else 1)
PY
# (second review) a province of two counties gathered under the two rules:
# warned, recorded in province.json and named per county in the workbook
cp "$t/county.db" "$t/pb.db" && sqlite3 "$t/pb.db" "UPDATE meta SET value = '360801' WHERE key = 'county_code'"
"$J" province --db "$t/p.db" --basic-teaching-points threshold "$t/county.db" >/dev/null 2>&1 || { echo "FAIL province a"; fail=1; }
out=$("$J" --lang en province --db "$t/p.db" "$t/pb.db" --out "$t/pout" 2>&1) || { echo "FAIL province b: $out"; fail=1; }
[[ "$out" == *"not all computed under the same teaching-point rules"* ]] \
  && [ "$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["rules_differ"])' "$t/pout/province.json")" = True ] \
  && echo "PASS province: counties under other rules warned" \
  || { echo "FAIL province rules: $out"; fail=1; }
[ $fail -eq 0 ] && echo "PASS basic rules"
exit $fail
