#!/bin/bash
# Review rgroups7 item 1: the public's questionnaire (校长和社会人士:
# principals, deputies, CPPCC members, residents) asks about the county
# (本县…), so its answers count in the county's and the public's figures,
# never in the school whose kiosk took them: not in by_school,
# by_school_role, by_locality (the schools' figures by locality), the
# schools' ranks and verdicts, the between-school balance, nor in a
# school's comments.  Before, one resident's county answers at a small
# school's kiosk moved that school from passing to failing.
#
#   A 3607010001 (urban primary): 14 parents, 6 teachers, 5 pupils, 6 public
#   B 3607030002 (rural junior): 10 parents, 5 teachers, 6 public
#   C 3607030004 (rural primary): 7 public only (a school with no own answers)
#   X 3607099999 (not registered): 5 parents, 5 public (held out, all of them)
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; py=/usr/bin/python3
gen="$b/tests/stats_gen"
if [ ! -x "$gen" ]; then echo "SKIP: $gen not built"; exit 77; fi
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-pubcounty.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
export JH_GEN_SURVEYS="$src/data/surveys"
mkdir -p "$t/usb"
g() { JH_GEN_COMMENT="$1" "$gen" "${@:2}" "$t/usb" full "$ST" "$PUB" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
ST=5 PUB=6; g 说A "$t/a.db" K-A 3607010001 primary urban 14 6 11
ST=0 PUB=6; g 说B "$t/b.db" K-B 3607030002 junior rural 10 5 12
ST=0 PUB=7; g 说C "$t/c.db" K-C 3607030004 primary rural 0 0 13
ST=0 PUB=5; g 说X "$t/x.db" K-X 3607099999 primary rural 5 0 14
"$J" merge --county 360701 --db "$t/county.db" "$t/usb" >"$t/merge.log" 2>&1 || { echo "FAIL merge"; cat "$t/merge.log"; exit 1; }
"$J" schools --db "$t/county.db" "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
"$J" stats --db "$t/county.db" --out "$t/stats" --population 350000 >"$t/stats.log" 2>&1 ||
  { echo "FAIL stats"; cat "$t/stats.log"; exit 1; }
"$J" report --db "$t/county.db" --out "$t/rep" --population 350000 --no-pdf >"$t/report.log" 2>&1 ||
  { echo "FAIL report"; cat "$t/report.log"; exit 1; }
"$J" report --db "$t/county.db" --out "$t/sch" --population 350000 --no-pdf --school 3607010001 \
  >"$t/school.log" 2>&1 || { echo "FAIL report --school"; cat "$t/school.log"; exit 1; }
$py "$src/tests/stats/check_privacy.py" --algebra "$t/county.db" "$t/stats/stats.json" 5 \
  || { echo "FAIL check_privacy.py"; fail=1; }

$py - "$t" <<'PY' || fail=1
import csv, json, re, sqlite3, sys
t = sys.argv[1]
bad = 0
def no(what):
    global bad
    print("FAIL " + what)
    bad = 1
db = sqlite3.connect(t + "/county.db")
d = json.load(open(t + "/stats/stats.json", encoding="utf-8"))
sat = d["satisfaction"]
reg = {c: l for c, l in db.execute("SELECT code, locality FROM schools")}

# the truth by hand: satisfied / valid answers and questionnaires
def rules(s):
    scales = {sc["id"]: sc for sc in s.get("scales", [])}
    R = {}
    for it in s["items"]:
        if it.get("background"):
            continue
        opts = scales[it["scale"]]["options"] if it["type"] == "scale" else it.get("options", [])
        if it["type"] in ("scale", "choice") and any(o.get("satisfied") for o in opts):
            R[it["id"]] = ({o["code"] for o in opts if o.get("satisfied")}, {o["code"] for o in opts if o.get("excluded")})
        elif it["type"] == "yesno" and it.get("satisfied"):
            R[it["id"]] = ({it["satisfied"]}, set())
        elif it["type"] == "rating":
            R[it["id"]] = ({str(k) for k in range(it.get("satisfied_min", 7), 11)}, set())
    return R
R = {h: rules(json.loads(s)) for h, s in db.execute("SELECT hash, definition FROM surveys")}
agg = {}
def put(key, k, n):
    a = agg.setdefault(key, [0, 0, 0])
    a[0] += k; a[1] += n; a[2] += 1
for rid, h, role, sc in db.execute("SELECT id, survey_hash, role, school_code FROM responses "
                                   "WHERE status IN ('submitted', 'submitted_timeout')").fetchall():
    if sc not in reg:
        continue
    k = n = 0
    for item, val in db.execute("SELECT item_id, value FROM answers WHERE response_id = ?", (rid,)):
        r = R[h].get(item)
        if r and val not in r[1]:
            n += 1; k += val in r[0]
    keys = ["county", "role:" + role]
    if role != "public":
        keys += ["school:" + sc, "loc:" + reg[sc]]
    for key in keys:
        put(key, k, n)
def same(what, e, key):
    a = e["answers"]
    want = agg.get(key, [0, 0, 0])
    got = [a["satisfied"], a["valid"], e["n_questionnaires"]]
    if got != want:
        no("%s: %r (satisfied, valid, questionnaires), by hand without the public %r" % (what, got, want))
same("county", sat["county"], "county")
for e in sat["by_role"]:
    same("role " + e["role"], e, "role:" + e["role"])
for e in sat["by_locality"]:
    same("locality " + e["locality"], e, "loc:" + e["locality"])
schools = {e["school_code"]: e for e in sat["by_school"]}
for c, e in schools.items():
    same("school " + c, e, "school:" + c)
if set(schools) != {"3607010001", "3607030002"}:
    no("by_school lists %r, expected A and B (C has only the public's answers)" % sorted(schools))
pub = [e for e in sat["by_school_role"] if e["role"] == "public"]
if pub:
    no("by_school_role has the public of %r" % [e["school_code"] for e in pub])
# the balance between schools: the schools' own rates
for lv in d["satisfaction_balance"]["by_level"]:
    for s in lv["schools"]:
        k, n, _ = agg["school:" + s["school_code"]]
        if abs(s["rate"] - k / n) > 1e-12:
            no("satisfaction_balance %s: %r, its own answers %d/%d" % (s["school_code"], s["rate"], k, n))
# a school's own sample (its target, 样本未达目标, its valid share) counts
# its own groups only: the public's questionnaires collected at its kiosk
# count for the county (below), not for the school (review fstats9 item 3)
sm = {e["school_code"]: e for e in d["sample"]["by_school"]}
def count(sc, role=None):
    return db.execute("SELECT count(*) FROM responses WHERE status IN ('submitted', 'submitted_timeout') "
                      "AND school_code = ? AND (?2 IS NULL OR role = ?2)", (sc, role)).fetchone()[0]
c = sm["3607030004"]
if c["valid"] != 0 or c["started"] != 0 or c["target_pass"] is not False or [r for r in c["by_role"] if r["role"] == "public"]:
    no("sample by school: C (7 public questionnaires, none of its own) %r" % c)
for sc in ("3607010001", "3607030002"):
    own = count(sc) - count(sc, "public")
    if sm[sc]["valid"] != own or not own:
        no("sample by school: %s valid %r, its own questionnaires %d" % (sc, sm[sc]["valid"], own))
# the sample by the schools' locality counts every valid questionnaire of a
# registered school, the public's by the school that collected them: its
# counts add up to the sample (review r2stats item 4: they lost the public)
sl = d["sample"]["by_locality"]
if not any(e["suppressed"] for e in sl):
    tot = sum(e["n"] for e in sl)
    if tot != d["sample"]["valid_questionnaires"] or abs(sum(e["share"] for e in sl) - 1) > 1e-9:
        no("sample.by_locality adds up to %r of %r questionnaires" % (tot, d["sample"]["valid_questionnaires"]))
# the unregistered school holds all its questionnaires, the public's too
un = {e["school_code"]: e for e in d["unregistered"]["schools"]}
if "3607099999" not in un or un["3607099999"]["n_questionnaires"] != count("3607099999"):
    no("unregistered X: %r" % un.get("3607099999"))
# the CSV by group: no public row under a school
for row in csv.reader(open(t + "/stats/satisfaction_groups.csv", encoding="utf-8-sig")):
    if any(c == "3607010001" for c in row) and any(c in ("public", "社会公众") for c in row):
        no("satisfaction_groups.csv has a school's public row: %r" % row)

# the report: the schools' table has the schools' own questionnaires; the
# public's comments are under the county, not under a school
h = open(t + "/rep/report.html", encoding="utf-8").read()
cm = h[h.find('id="comments"'):]
cm = cm[:cm.find("</section>")]
parts = re.split(r"<h3>", cm)
county = [p for p in parts if p.startswith("全县")]
want = sorted(v for (x,) in db.execute(
    "SELECT extra FROM responses WHERE role = 'public' AND status IN ('submitted', 'submitted_timeout') "
    "AND extra IS NOT NULL AND school_code IN (SELECT code FROM schools)")
    for v in json.loads(x).values() if isinstance(v, str) and v.startswith("说"))
got = sorted(re.findall(r"<li>([^<]*?) <span", county[0])) if len(county) == 1 else None
if got != want:
    no("the county's comments: %r, the public's %r" % (got, want))
for p in parts[1:]:
    if not p.startswith("全县") and "社会公众" in re.sub(r"^[^<]*</h3>", "", p):
        no("a school's comments hold the public's: %r" % p[:200])
if "说X" in cm:
    no("the unregistered school's public comments are shown")
# A's own pages: its comments, not the public's
for f in __import__("glob").glob(t + "/sch/*.html"):
    s = open(f, encoding="utf-8").read()
    if "说A public" in s:
        no("%s lists the public's comments" % f)
    if "说A parent" not in s and "说A 家长" not in s:
        no("%s lost the school's own comments" % f)
    if "社会公众问卷问的是全县情况" not in s:
        no("%s does not say where the public's comments are" % f)
sys.exit(bad)
PY
[ $fail -eq 0 ] && echo "PASS the public's answers count in the county, not in a school"
exit $fail
