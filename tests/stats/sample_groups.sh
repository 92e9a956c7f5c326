#!/bin/bash
# Review rgroups7 (session 23) item 3: the sampling verdict names every group
# the rules survey (balance-rules §4) that has no valid questionnaire: 学生,
# 家长, 教师, 社会公众, and within the public 校长, 人大代表, 政协委员 by the public
# questionnaire's identity item; the verdict is not met while one is missing,
# and cannot be judged without the identity item.
#
#   step 1: school 3607010001: 6 parents, 3 teachers (the shipped questionnaires)
#   step 2: + 4 students, 5 public who answer identity 其他居民
#   step 3: + 1 public each answering 校长, 人大代表, 政协委员
#   step 4 (another county): every role, a public questionnaire without identity
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-sample-groups.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
stats() { # DB OUT
  "$J" merge --db "$1" "$(dirname "$1")/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
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
eq("verdicts.sample", v, d["verdicts"]["sample"])
sys.exit(bad)
PY
}
export JH_GEN_SURVEYS="$src/data/surveys"
mkdir -p "$t/a/usb"
JH_GEN_SCALE=0 gen "$t/a/k1.db" K-1 3607010001 primary urban 6 3 1 "$t/a/usb" full
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
stats "$t/a/county.db" "$t/a/s3"; check 3 "$t/a/s3/stats.json"
export JH_GEN_SURVEYS="$src/tests/stats/groups"
mkdir -p "$t/b/usb"
JH_GEN_SCALE=0 gen "$t/b/k1.db" K-B1 3607010001 primary urban 5 5 6 "$t/b/usb" full 5 5
stats "$t/b/county.db" "$t/b/s4"; check 4 "$t/b/s4/stats.json"
[ $fail -eq 0 ] && echo "PASS sample_groups"
exit $fail
