#!/bin/bash
# Review rgroups7 (session 23) item 3: the sampling verdict names every group
# the rules survey (balance-rules §4) that has no valid questionnaire: 学生,
# 家长, 教师, 社会公众, and within the public 校长, 人大代表, 政协委员 by the public
# questionnaire's identity item; the verdict is not met while one is missing,
# and cannot be judged without the identity item.
# Item 2: the sample is counted by background items (sample.by_background):
# valid questionnaires per option of the public's identity, the parents'
# family …, counts only, hidden with their role; shown in the report and the
# workbook.
#
#   step 1: school 3607010001: 6 parents, 3 teachers (the shipped questionnaires)
#   step 2: + 4 students, 5 public who answer identity 其他居民
#   step 3: + 1 public each answering 校长, 人大代表, 政协委员; + 2 parents
#           from elsewhere (family 从外地搬来), 1 parent leaving family unanswered
#           (the first 6 parents answered 爸妈在外打工)
#   step 4 (another county): every role, a public questionnaire without identity
#   step 5 (a third county): a public of two (hidden): its groups not published
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-sample-groups.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
stats() { # DB OUT
  "$J" merge --county 360701 --db "$1" "$(dirname "$1")/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
  "$J" schools --db "$1" "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
  "$J" stats --db "$1" --population 350000 --out "$2" >/dev/null 2>&1 || { echo "FAIL stats"; exit 1; }
}
check() { # STEP STATS.JSON
/usr/bin/python3 - "$1" "$2" <<'PY' || fail=1
import json, sys
step, d = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
bad = 0
def eq(what, want, got):
    global bad
    if want != got:
        print("FAIL step %s %s: expected %r, got %r" % (step, what, want, got)); bad = 1
s = d["sample"]; v = s["verdict"]; mz = v["missing_zh"]
rg = {e["group"]: e for e in s.get("required_groups", [])}
def miss(prefix): return [m for m in mz if m.startswith(prefix)]
if step == "1":
    eq("groups verdict", False, v.get("groups"))
    eq("verdict", "fail", v["verdict"])
    eq("students missing", ["没有学生的有效问卷（抽样要求调查学生、家长、教师和社会公众）"], miss("没有学生"))
    eq("public missing", ["没有社会公众的有效问卷（含校长、人大代表、政协委员，抽样要求调查这些对象）"], miss("没有社会公众"))
    eq("parents not missing", [], miss("没有家长"))
    eq("teachers not missing", [], miss("没有教师"))
    eq("required groups", ["student", "parent", "teacher", "public", "principal", "deputy", "cppcc"],
       [e["group"] for e in s.get("required_groups", [])])
    eq("student pass", False, rg.get("student", {}).get("pass"))
    eq("parent pass", True, rg.get("parent", {}).get("pass"))
    eq("principal pass", False, rg.get("principal", {}).get("pass"))
    eq("principal within", "public", rg.get("principal", {}).get("within"))
    eq("english", True, "no valid student questionnaire (the rules survey students, parents, teachers and the public)"
       in v["missing_en"])
elif step == "2":
    eq("groups verdict", False, v.get("groups"))
    eq("students not missing", [], miss("没有学生"))
    eq("public not missing", [], miss("没有社会公众"))
    for zh in ("校长", "人大代表", "政协委员"):
        eq(zh + " missing", ["没有%s的有效问卷（社会公众问卷的身份题没有人选“%s”，抽样要求调查%s）" % (zh, zh, zh)],
           miss("没有" + zh))
    eq("principal n", 0, rg["principal"]["n"])
    eq("public n", 5, rg["public"]["n"])
elif step == "3":
    bb = {(e["role"], e["item"]): e for e in s.get("by_background", [])}
    ident = bb.get(("public", "identity"))
    if not ident:
        print("FAIL step 3: no sample.by_background for the public's identity"); bad = 1
    else:
        eq("identity counts", {"principal": 1, "deputy": 1, "cppcc": 1, "resident": 5, "no_answer": 0},
           {o["code"]: o["n"] for o in ident["options"]})
        eq("identity labels", ["校长", "人大代表", "政协委员", "其他社会人士", "不愿回答"],
           [o["label_zh"] for o in ident["options"]])
        eq("identity unanswered", 0, ident["unanswered"]); eq("identity total", 8, ident["total"])
        eq("identity flag", True, ident["identity"]); eq("identity role_zh", "社会公众", ident["role_zh"])
        eq("identity question", "您是哪一类人士？", ident["text_zh"])
    fam = bb.get(("parent", "family"))
    if not fam:
        print("FAIL step 3: no sample.by_background for the parents' family"); bad = 1
    else:
        eq("family counts", {"left_behind": 6, "migrant": 2, "neither": 0, "no_answer": 0},
           {o["code"]: o["n"] for o in fam["options"]})
        eq("family unanswered", 1, fam["unanswered"]); eq("family total", 9, fam["total"])
        eq("family not identity", False, fam["identity"])
    # no rate of any kind per option (counts only)
    def keys(o):
        if isinstance(o, dict):
            for k, x in o.items():
                yield k; yield from keys(x)
        elif isinstance(o, list):
            for x in o: yield from keys(x)
    eq("no rates by background", [], [k for k in keys(s.get("by_background", [])) if k in
                                      ("rate", "share", "satisfied", "valid", "ci_low", "ci_high")])
    # the 4 students are fewer than 5: their grade counts are hidden with them
    st = bb.get(("student", "grade_3_9"))
    eq("students hidden", True, st and st["suppressed"])
    eq("students' counts hidden", [None], st and sorted({o["n"] for o in st["options"]} | {st["total"]}, key=str))
    eq("groups verdict", True, v.get("groups"))
    eq("nothing missing", [], miss("没有"))
    eq("nothing unknown", [], miss("无法判断"))
    for g in ("principal", "deputy", "cppcc"):
        eq(g + " n", 1, rg[g]["n"]); eq(g + " pass", True, rg[g]["pass"])
elif step == "4":
    eq("groups verdict", None, v.get("groups", "absent"))
    eq("nothing missing", [], miss("没有"))
    eq("unknown", ["无法判断是否调查了校长、人大代表、政协委员：社会公众问卷没有身份题（校长、人大代表、政协委员、其他居民）"],
       miss("无法判断"))
    eq("principal n", None, rg["principal"]["n"]); eq("principal pass", None, rg["principal"]["pass"])
elif step == "5":
    # review fstats9 item 5: the public (2) is hidden: which of its groups
    # answered is not published (a deputy's "has answered" beside a public
    # of two says who), as by_background hides their counts
    eq("public suppressed", True, rg["public"]["n"] is None)
    for g in ("principal", "deputy", "cppcc"):
        eq(g + " n", None, rg[g]["n"]); eq(g + " pass", None, rg[g]["pass"])
    eq("no public group named", [], [m for m in mz + v["missing_en"] if any(
        w in m for w in ("没有校长", "没有人大代表", "没有政协委员", "无法判断是否调查", "principals were", "no valid "
                         "questionnaire of"))])
    eq("not published", ["社会公众的问卷份数不公布（防止识别答题人），其中是否有校长、人大代表、政协委员的有效问卷也不公布"],
       miss("社会公众的问卷份数不公布"))
    eq("groups verdict", None, v.get("groups", "absent"))
eq("verdicts.sample", v, d["verdicts"]["sample"])
sys.exit(bad)
PY
}
export JH_GEN_SURVEYS="$src/data/surveys"
mkdir -p "$t/a/usb"
JH_GEN_SCALE=0 JH_GEN_CHOICE=family=left_behind gen "$t/a/k1.db" K-1 3607010001 primary urban 6 3 1 "$t/a/usb" full
stats "$t/a/county.db" "$t/a/s1"; check 1 "$t/a/s1/stats.json"
"$J" report --db "$t/a/county.db" --population 350000 --out "$t/a/report" --no-pdf >/dev/null 2>&1 || { echo "FAIL report"; fail=1; }
/usr/bin/python3 - "$t/a/report/report.html" <<'PY' || fail=1
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
text = re.sub(r"<[^>]+>", "", text)
bad = 0
for want in ("没有学生的有效问卷", "没有社会公众的有效问卷", "不符合抽样要求"):
    if want not in text:
        print("FAIL report.html does not show '%s'" % want); bad = 1
sys.exit(bad)
PY
JH_GEN_SCALE=0 JH_GEN_CHOICE=identity=resident gen "$t/a/k2.db" K-2 3607010001 primary urban 0 0 2 "$t/a/usb" full 4 5
stats "$t/a/county.db" "$t/a/s2"; check 2 "$t/a/s2/stats.json"
JH_GEN_SCALE=0 JH_GEN_CHOICE=identity=principal gen "$t/a/k3.db" K-3 3607010001 primary urban 0 0 3 "$t/a/usb" full 0 1
JH_GEN_SCALE=0 JH_GEN_CHOICE=identity=deputy gen "$t/a/k4.db" K-4 3607010001 primary urban 0 0 4 "$t/a/usb" full 0 1
JH_GEN_SCALE=0 JH_GEN_CHOICE=identity=cppcc gen "$t/a/k5.db" K-5 3607010001 primary urban 0 0 5 "$t/a/usb" full 0 1
JH_GEN_SCALE=0 JH_GEN_CHOICE=family=migrant gen "$t/a/k6.db" K-6 3607010001 primary urban 2 0 6 "$t/a/usb" full
JH_GEN_SCALE=0 JH_GEN_CHOICE=family=- gen "$t/a/k7.db" K-7 3607010001 primary urban 1 0 7 "$t/a/usb" full
stats "$t/a/county.db" "$t/a/s3"; check 3 "$t/a/s3/stats.json"
"$J" report --db "$t/a/county.db" --population 350000 --out "$t/a/report3" --no-pdf >/dev/null 2>&1 || { echo "FAIL report 3"; fail=1; }
/usr/bin/python3 - "$t/a/report3/report.html" <<'PY' || fail=1
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
text = re.sub(r"<[^>]+>", " ", text)
text = re.sub(r"\s+", " ", text)
bad = 0
for want in ("样本的背景构成", "您是哪一类人士？", "校长 1", "人大代表 1", "政协委员 1", "其他社会人士 5",
             "孩子家里是哪种情况？", "爸妈在外打工 6", "从外地搬来 2", "未答 1", "只列份数"):
    if want not in text:
        print("FAIL report.html does not show '%s'" % want); bad = 1
sys.exit(bad)
PY
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/a/report3/report.html" "$t/a/report3/stats.json" >/dev/null \
  || { echo "FAIL check_html"; fail=1; }
/usr/bin/python3 "$src/tests/report/check_xlsx.py" "$t/a/report3/report.xlsx" "$t/a/report3/stats.json" >/dev/null \
  || { echo "FAIL check_xlsx"; fail=1; }
/usr/bin/python3 - "$t/a/report3/report.xlsx" <<'PY' || fail=1
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = [tuple(c for c in r) for r in wb["样本"].iter_rows(values_only=True)]
want = [("背景：社会公众", "您是哪一类人士？—校长", 1), ("背景：社会公众", "您是哪一类人士？—其他社会人士", 5),
        ("背景：家长", "孩子家里是哪种情况？—未答", 1)]
bad = 0
for w in want:
    if not any(tuple(r[:3]) == w for r in rows):
        print("FAIL workbook 样本 has no row %r" % (w,)); bad = 1
sys.exit(bad)
PY
export JH_GEN_SURVEYS="$src/tests/stats/groups"
mkdir -p "$t/b/usb"
JH_GEN_SCALE=0 gen "$t/b/k1.db" K-B1 3607010001 primary urban 5 5 6 "$t/b/usb" full 5 5
stats "$t/b/county.db" "$t/b/s4"; check 4 "$t/b/s4/stats.json"
# step 5 (a third county): the shipped questionnaires, 6 parents, 3 teachers,
# 5 students and a public of two (a deputy and a resident): hidden
export JH_GEN_SURVEYS="$src/data/surveys"
mkdir -p "$t/c/usb"
JH_GEN_SCALE=0 gen "$t/c/k1.db" K-C1 3607010001 primary urban 6 3 8 "$t/c/usb" full 5 0
JH_GEN_SCALE=0 JH_GEN_CHOICE=identity=deputy gen "$t/c/k2.db" K-C2 3607010001 primary urban 0 0 9 "$t/c/usb" full 0 1
JH_GEN_SCALE=0 JH_GEN_CHOICE=identity=resident gen "$t/c/k3.db" K-C3 3607010001 primary urban 0 0 10 "$t/c/usb" full 0 1
stats "$t/c/county.db" "$t/c/s5"; check 5 "$t/c/s5/stats.json"
"$J" report --db "$t/c/county.db" --population 350000 --out "$t/c/report" --no-pdf >/dev/null 2>&1 || { echo "FAIL report 5"; fail=1; }
/usr/bin/python3 - "$t/c/report/report.html" "$t/c/report/report.xlsx" <<'PY' || fail=1
import re, sys, openpyxl
html = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
text = re.sub(r"<[^>]+>", " ", text)
wb = openpyxl.load_workbook(sys.argv[2], read_only=True)
book = " ".join(str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r if c is not None)
bad = 0
for where, t in (("report.html", text), ("report.xlsx", book)):
    for w in ("没有校长", "没有人大代表", "没有政协委员", "人大代表 1"):
        if w in t:
            print("FAIL step 5 %s shows '%s' of a hidden public" % (where, w)); bad = 1
if "社会公众的问卷份数不公布" not in text:
    print("FAIL step 5 report.html does not say the public's groups are not published"); bad = 1
sys.exit(bad)
PY
[ $fail -eq 0 ] && echo "PASS sample_groups"
exit $fail
