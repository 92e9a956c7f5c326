#!/bin/bash
# Review rgroups7 (session 23): the sample counts valid questionnaires only.
#
# Item 4: a questionnaire with no valid rated answer (every rated item 不了解)
# is collected (started, submitted) but not valid: it counts in no valid
# figure of the sample (valid questionnaires, parents' share, sample size,
# valid share's numerator), and the report's two 有效 figures agree.
#
#   school 3607010001 (urban): 10 parents 满意, 12 public all 不了解,
#                              2 parents all 不了解
#
# Valid: 10 of 24 started (41.7 %, below 70 %); parents 10 of 10 valid;
# the public has none; the sample needs 600, 590 more.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-sample-valid.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
export JH_GEN_SURVEYS="$src/tests/stats/groups"
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
mkdir -p "$t/usb"
JH_GEN_SCALE=0 JH_GEN_LOCALITY=urban gen "$t/a1.db" K-A1 3607010001 primary urban 10 0 1 "$t/usb" full
JH_GEN_SCALE=3 JH_GEN_LOCALITY=urban gen "$t/a2.db" K-A2 3607010001 primary urban 2 0 2 "$t/usb" full 0 12
"$J" merge --county 360701 --db "$t/county.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db "$t/county.db" "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
"$J" stats --db "$t/county.db" --population 350000 --out "$t/stats" >/dev/null 2>&1 || { echo "FAIL stats"; exit 1; }
# Review fstats9 item 1: the kiosk's own sample (its admin screen's
# 样本情况, store_sample) follows the same rule: the same responses give the
# same valid and not-valid counts on the kiosks as in `junheng stats`.
for k in a1 a2; do "$b/tests/stats_gen" --sample "$t/$k.db" > "$t/$k.sample" || { echo "FAIL stats_gen --sample $k"; fail=1; }; done
/usr/bin/python3 - "$t/stats/stats.json" "$t/a1.sample" "$t/a2.sample" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
kv, kn = 0, 0
for f in sys.argv[2:]:
    w = open(f).readline().split()
    kv += int(w[1]); kn += int(w[3])
r = d["responses"]
bad = 0
if (kv, kn) != (r["valid"], r["no_rated_answer"]) or kv != d["sample"]["valid_questionnaires"]:
    print("FAIL the kiosks' sample says %d valid, %d not valid; junheng stats %d valid (sample %d), %d not valid"
          % (kv, kn, r["valid"], d["sample"]["valid_questionnaires"], r["no_rated_answer"])); bad = 1
else:
    print("PASS the kiosks' sample and junheng stats: %d valid, %d collected but not valid" % (kv, kn))
sys.exit(bad)
PY
/usr/bin/python3 - "$t/stats/stats.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = 0
def eq(what, want, got, tol=1e-9):
    global bad
    ok = (want is None and got is None) or (want is not None and got is not None and
         (abs(want - got) <= tol if isinstance(want, float) else want == got))
    if not ok:
        print("FAIL %s: expected %r, got %r" % (what, want, got)); bad = 1
r = d["responses"]
eq("submitted", 24, r["submitted"])
eq("responses valid", 10, r["valid"])
eq("no rated answer", 14, r.get("no_rated_answer"))
s = d["sample"]
eq("valid questionnaires", 10, s["valid_questionnaires"])
eq("started", 24, s["started"])
eq("valid share", 10 / 24, s["valid_share"])
eq("valid share pass", False, s["valid_share_pass"])
eq("parents", 10, s["parents"])
eq("parent share", 1.0, s["parent_share"])
eq("parent share pass", True, s["parent_share_pass"])
eq("size pass", False, s["size"]["pass"])
ro = {e["role"]: e for e in s["by_role"]}
eq("sample parents", 10, ro["parent"]["n"])
eq("sample public", 0, ro["public"]["n"])
eq("sample parent share", 1.0, ro["parent"]["share"])
loc = {e["locality"]: e for e in s["by_locality"]}
eq("by_locality urban", 10, loc["urban"]["n"])
eq("by_locality urban share", 1.0, loc["urban"]["share"])
rl = s["by_respondent_locality"]
eq("respondent known", 10, rl["known"])
v = s["verdict"]
eq("verdict parents", True, v["parents"])
eq("verdict valid share", False, v["valid_share"])
eq("size missing", True, "样本量还差 590 份（应不少于 600 份）" in v["missing_zh"])
eq("no parents missing", [], [m for m in v["missing_zh"] if m.startswith("家长问卷还差")])
eq("valid share missing", True, "有效问卷只占开始作答的 41.7%（应不少于 70%）" in v["missing_zh"])
sch = {e["school_code"]: e for e in s["by_school"]}
a = sch["3607010001"]
# Review fstats9 item 3: the school's own sample leaves out the 12 public
# questionnaires collected at its kiosk (the public's answers count for the
# county, not the school): 10 valid of 12 started, no public in its roles
eq("A valid", 10, a["valid"]); eq("A started", 12, a["started"]); eq("A parents", 10, a["parents"])
eq("A valid share", 10 / 12, a["valid_share"]); eq("A parent share", 1.0, a["parent_share"])
eq("A valid share pass", True, a["valid_share_pass"])
eq("A roles", ["student", "parent", "teacher"], [x["role"] for x in a["by_role"]])
eq("A missing", "家长问卷还差 46 份；距目标 111 份还差 101 份", a["missing_zh"])
eq("A localities", {"urban": 10, "town": 0, "rural": 0, "unknown": 0}, a["by_respondent_locality"])
# the by-questionnaire figure counts the same questionnaires
eq("by questionnaire valid", 10, d["satisfaction"]["county"]["questionnaires"]["valid"])
sys.exit(bad)
PY
"$J" report --db "$t/county.db" --population 350000 --out "$t/report" --no-pdf >/dev/null 2>&1 || { echo "FAIL report"; fail=1; }
/usr/bin/python3 - "$t/report/report.html" <<'PY' || fail=1
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
text = re.sub(r"<[^>]+>", "", text)
text = re.sub(r"\s+", " ", text)
bad = 0
for want in ("有效问卷 10 份（提交 24 份", "满意 10 / 有效 10", "其中 14 份评价题全是“不了解”或未答，不算有效问卷"):
    if want not in text:
        print("FAIL report.html does not show '%s'" % want); bad = 1
sys.exit(bad)
PY
# Review fstats9 item 4: the group tables' 问卷 column counted the collected
# questionnaires while the rates count the valid ones: report.html has both
# (收回问卷, 有效问卷), the workbook's 样本 sheet the valid ones as its county
# row, satisfaction_groups.csv both, labelled
/usr/bin/python3 - "$t/report" "$t/stats" <<'PY' || fail=1
import csv, re, sys, openpyxl
d = sys.argv[1]
bad = 0
html = open(d + "/report.html", encoding="utf-8").read()
tab = html[html.index('id="groups"'):]
tab = tab[tab.index("<table"):tab.index("</table>")]
heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", tab)]
if heads[:4] != ["对象", "收回问卷", "有效问卷", "有效答案"]:
    print("FAIL report.html groups table heads %r" % heads[:4]); bad = 1
rows = {}
for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", tab, flags=re.S):
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, flags=re.S)]
    if cells: rows[cells[0]] = cells
if rows.get("家长", [])[1:4] != ["12", "10", "20"] or rows.get("总体（合并计算）", [])[1:3] != ["24", "10"]:
    print("FAIL report.html groups table: parents %r, overall %r" % (rows.get("家长"), rows.get("总体（合并计算）"))); bad = 1
wb = openpyxl.load_workbook(d + "/report.xlsx", read_only=True)
ws = list(wb["样本"].iter_rows(values_only=True))
hdr = [i for i, r in enumerate(ws) if r and r[0] == "分组"][0]
if ws[hdr][2] != "有效\n问卷":
    print("FAIL workbook 样本 column 3 is %r" % (ws[hdr][2],)); bad = 1
got = {(r[0], r[1]): r[2] for r in ws[hdr + 1:] if r and r[0]}
want = {("全县", "抽样要求"): 10, ("社会认可度", "家长"): 10, ("社会认可度", "社会公众"): 0,
        ("社会认可度", "总体（合并计算）"): 10}
for k, v in want.items():
    if got.get(k) != v:
        print("FAIL workbook 样本 %r: %r, expected %r valid" % (k, got.get(k), v)); bad = 1
rows = list(csv.reader(open(sys.argv[2] + "/satisfaction_groups.csv", encoding="utf-8-sig")))
h = rows[0]
if h[4:6] != ["收回问卷数", "其中有效问卷数"]:
    print("FAIL satisfaction_groups.csv heads %r" % h[:6]); bad = 1
# (review r2bureau9 item 5) the by-questionnaire rate's denominator has a
# name of its own: no two columns share one
twice = sorted(x for x in set(h) if h.count(x) > 1 and not x.startswith("95%"))
if h[14:16] != ["满意问卷数", "按问卷口径有效问卷数"] or twice:
    print("FAIL satisfaction_groups.csv heads %r" % h); bad = 1
par = [r for r in rows[1:] if r[0] == "身份" and r[-1] == "parent"]
if not par or par[0][4:6] != ["12", "10"]:
    print("FAIL satisfaction_groups.csv parents %r" % par); bad = 1
sys.exit(bad)
PY
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/report/report.html" "$t/report/stats.json" \
  || { echo "FAIL check_html"; fail=1; }
/usr/bin/python3 "$src/tests/report/check_xlsx.py" "$t/report/report.xlsx" "$t/report/stats.json" \
  || { echo "FAIL check_xlsx"; fail=1; }
[ $fail -eq 0 ] && echo "PASS sample_valid"
exit $fail
