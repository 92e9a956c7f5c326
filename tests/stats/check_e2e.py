#!/usr/bin/python3
"""check_e2e.py - independent check of `junheng stats`: recomputes the
headline numbers with SQL over the merged county database (the questionnaire
rules are read from the stored definitions with SQLite's JSON functions) and
the balance formulas written out here from balance-rules.md, then compares
them with stats.json.  Never calls the code under test.

Usage: check_e2e.py COUNTY.db STATS.json MIN_GROUP"""
import json
import math
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
doc = json.load(open(sys.argv[2], encoding="utf-8"))
MIN_GROUP = int(sys.argv[3])
failures = 0
checks = 0


def check(what, expected, actual, tol=1e-9):
    global failures, checks
    checks += 1
    ok = (expected is None and actual is None) or (
        expected is not None and actual is not None and abs(expected - actual) <= tol)
    if not ok:
        failures += 1
        print("FAIL %s: expected %r, got %r" % (what, expected, actual))


# Every rated answer of a submitted response with its satisfied/excluded
# flags, derived from the stored questionnaire definition (scale options,
# a choice item's own options, yes/no, 0-10 ratings).
ANSWERS = """
WITH items AS (
  SELECT s.hash AS hash, json_extract(s.definition, '$.id') AS sid, json_extract(i.value, '$.topic') AS topic,
         json_extract(i.value, '$.id') AS id, json_extract(i.value, '$.type') AS type,
         json_extract(i.value, '$.scale') AS scale, json_extract(i.value, '$.satisfied') AS yes_sat,
         coalesce(json_extract(i.value, '$.satisfied_min'), 7) AS smin,
         coalesce(json_extract(i.value, '$.overall'), 0) AS overall, i.value AS def
  FROM surveys s, json_each(s.definition, '$.items') i
  WHERE json_extract(i.value, '$.topic') IS NOT NULL),
opts AS (
  SELECT s.hash AS hash, json_extract(sc.value, '$.id') AS scale, json_extract(o.value, '$.code') AS code,
         coalesce(json_extract(o.value, '$.satisfied'), 0) AS sat,
         coalesce(json_extract(o.value, '$.excluded'), 0) AS exc
  FROM surveys s, json_each(s.definition, '$.scales') sc, json_each(sc.value, '$.options') o)
SELECT r.id AS rid, r.school_code AS school, r.role AS role, r.flags AS flags, i.overall AS overall,
       i.sid AS sid, i.id AS item, i.topic AS topic,
       CASE i.type WHEN 'scale' THEN o.exc
                   WHEN 'choice' THEN (SELECT coalesce(json_extract(c.value, '$.excluded'), 0)
                                       FROM json_each(i.def, '$.options') c
                                       WHERE json_extract(c.value, '$.code') = j.value)
                   ELSE 0 END AS exc,
       CASE i.type WHEN 'scale' THEN o.sat
                   WHEN 'choice' THEN (SELECT coalesce(json_extract(c.value, '$.satisfied'), 0)
                                       FROM json_each(i.def, '$.options') c
                                       WHERE json_extract(c.value, '$.code') = j.value)
                   WHEN 'yesno' THEN j.value = i.yes_sat
                   WHEN 'rating' THEN CAST(j.value AS INTEGER) >= i.smin
                   ELSE 0 END AS sat
FROM answers j JOIN responses r ON r.id = j.response_id
JOIN items i ON i.hash = r.survey_hash AND i.id = j.item_id
LEFT JOIN opts o ON o.hash = r.survey_hash AND o.scale = i.scale AND o.code = j.value
WHERE r.status = 'submitted'
"""
db.execute("CREATE TEMP TABLE a AS " + ANSWERS)
# Issue 19 item 11: answers of schools not in the register are held out of
# every county figure (when a register is loaded).
REGISTERED = set(c for (c,) in db.execute("SELECT code FROM schools"))
HOLD_OUT = bool(REGISTERED)
db.create_function("registered", 1, lambda code: int(not HOLD_OUT or code in REGISTERED))
COUNTY = "registered(school)"


def rate(sql, params=()):
    k, n = db.execute(sql, params).fetchone()
    return (k or 0), (n or 0)


def by_answers(where="1", params=()):
    return rate("SELECT sum(sat), count(*) FROM a WHERE exc = 0 AND " + where, params)


def clusters(where):
    """(y_i, m_i) of every questionnaire with a valid answer: satisfied and valid answers."""
    return db.execute("SELECT sum(sat), count(*) FROM a WHERE exc = 0 AND " + where + " GROUP BY rid").fetchall()


def wilson_n(p, n, z=1.959963984540054):
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


def cluster_ci(where):
    """Issue 19 item 12, written out independently: Wilson on the effective
    sample size M/deff, deff from the cluster-robust variance of the ratio."""
    cl = clusters(where)
    n = len(cl)
    Y = sum(y for y, _ in cl)
    M = sum(m for _, m in cl)
    p = Y / M
    v_srs = p * (1 - p) / M
    if n >= 2 and v_srs > 0:
        v_cl = n / (n - 1) * sum((y - p * m) ** 2 for y, m in cl) / M ** 2
        deff = max(1.0, v_cl / v_srs)
    else:
        deff = M / n
    lo, hi = wilson_n(p, M / deff)
    return p, lo, hi, deff


def by_questionnaires(where="1", params=()):
    return rate("SELECT sum(sat), count(*) FROM a WHERE overall AND exc = 0 AND " + where, params)


def wilson(k, n, z=1.959963984540054):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


county = doc["satisfaction"]["county"]
for method, fn in (("answers", by_answers), ("questionnaires", by_questionnaires)):
    k, n = fn(COUNTY)
    got = county[method]
    check("county %s satisfied" % method, k, got["satisfied"])
    check("county %s valid" % method, n, got["valid"])
    if n == 0:
        check("county %s rate" % method, None, got["rate"])
        continue
    check("county %s rate" % method, k / n, got["rate"])
    if method == "answers":
        _, lo, hi, deff = cluster_ci(COUNTY)
        check("county answers design effect", deff, got["design_effect"])
        # the interval is wider than the one that took answers as independent
        wlo, whi = wilson(k, n)
        check("county answers interval wider than Wilson on answers", 1, float(lo <= wlo and hi >= whi))
    else:
        lo, hi = wilson(k, n)
    check("county %s ci_low" % method, lo, got["ci_low"])
    check("county %s ci_high" % method, hi, got["ci_high"])
    check("county %s pass" % method, float(k / n >= 0.85), float(got["pass"]))
    k, n = fn(COUNTY + " AND flags = ''")
    check("without flagged %s rate" % method, k / n if n else None,
          doc["response_quality"]["without_flagged"][method]["rate"])

total, all_submitted, flagged, submitted, held = db.execute(
    "SELECT count(*), sum(status = 'submitted'), sum(status = 'submitted' AND flags <> '' AND registered(school_code)),"
    " sum(status = 'submitted' AND registered(school_code)), sum(status = 'submitted' AND NOT registered(school_code))"
    " FROM responses").fetchone()
check("responses total", total, doc["responses"]["total"])
check("responses submitted", all_submitted, doc["responses"]["submitted"])
check("responses flagged (registered schools)", flagged, doc["responses"]["flagged"])
check("responses held out", held, doc["responses"]["held_out_unregistered"])
check("unregistered questionnaires", held, doc["unregistered"]["n_questionnaires"])
check("county questionnaires without the unregistered", submitted, county["n_questionnaires"])
for e in doc["unregistered"]["schools"]:
    code = e["school_code"]
    check("unregistered school %s not in the register" % code, 0, float(code in REGISTERED))
    if not e["suppressed"]:
        k, n = by_answers("school = ?", (code,))
        check("unregistered school %s rate" % code, k / n, e["answers"]["rate"])

# Per school and per role, with suppression of small groups.  The public's
# questionnaire asks about the county: a registered school's figures leave it
# out (review rgroups7 item 1); a school held out holds all of its own.
OWN = "(role <> 'public' OR NOT registered(school))"
n_q = dict(db.execute("SELECT school_code, count(*) FROM responses WHERE status = 'submitted' "
                      "AND (role <> 'public' OR NOT registered(school_code)) GROUP BY 1"))
for e in doc["satisfaction"]["by_school"]:
    code = e["school_code"]
    check("school %s in the register" % code, 1, float(code in REGISTERED or not HOLD_OUT))
    if n_q[code] < MIN_GROUP:
        check("school %s suppressed" % code, 1, float(e["suppressed"]))
        check("school %s suppressed as small" % code, 1, float(e["suppressed_reason"] == "small"))
    if e["suppressed"]:
        # hidden as small, or to protect a small group (complementary)
        check("school %s rate hidden" % code, None, e["answers"]["rate"])
        check("school %s count hidden" % code, None, e["n_questionnaires"])
        continue
    check("school %s questionnaires" % code, n_q[code], e["n_questionnaires"])
    k, n = by_answers("school = ? AND " + OWN, (code,))
    check("school %s rate" % code, k / n, e["answers"]["rate"])
    k, n = by_questionnaires("school = ? AND " + OWN, (code,))
    check("school %s questionnaire rate" % code, k / n if n else None, e["questionnaires"]["rate"])
check("every school listed", len(n_q),
      len(doc["satisfaction"]["by_school"]) + len(doc["unregistered"]["schools"]))
# Every suppressed group of any kind exposes no count (and no rate).
for kind in ("by_role", "by_locality", "by_school", "by_school_role", "by_item", "by_topic"):
    for e in doc["satisfaction"][kind]:
        if not e["suppressed"]:
            continue
        for key in ("n_questionnaires", "n_answers", "n_answers_max_item", "excluded"):
            if key in e:
                check("%s suppressed %s hidden" % (kind, key), None, e[key])
        for m in ("answers", "questionnaires"):
            for key in ("satisfied", "valid", "rate"):
                if m in e:
                    check("%s suppressed %s.%s hidden" % (kind, m, key), None, e[m][key])
for e in doc["satisfaction"]["by_role"]:
    if e["suppressed"]:
        continue
    k, n = by_answers(COUNTY + " AND role = ?", (e["role"],))
    check("role %s rate" % e["role"], k / n, e["answers"]["rate"])
    _, lo, hi, _ = cluster_ci(COUNTY + " AND role = '%s'" % e["role"])
    check("role %s cluster ci_low" % e["role"], lo, e["answers"]["ci_low"])
    check("role %s cluster ci_high" % e["role"], hi, e["answers"]["ci_high"])

# Items and topics (issue 20: counted per item and topic of each
# questionnaire, then added up): counts, and the cluster-robust interval
# with the questionnaire as cluster (an item: one answer each; a topic: the
# questionnaire's answers to its items).
def check_answers(what, where, answers):
    """The satisfied and valid answers of the rows `where` selects, and
    their interval with the questionnaire as cluster, against answers."""
    k, n = by_answers(where)
    check(what + " satisfied", k, answers["satisfied"])
    check(what + " valid", n, answers["valid"])
    if n:
        _, lo, hi, deff = cluster_ci(where)
        check(what + " design effect", deff, answers["design_effect"])
        check(what + " ci_low", lo, answers["ci_low"])
        check(what + " ci_high", hi, answers["ci_high"])


n_items = n_topics = 0
for e in doc["satisfaction"]["by_item"]:
    if e["suppressed"] or e["version"] is not None or not e["topic"]:
        continue
    n_items += 1
    where = COUNTY + " AND sid = '%s' AND item = '%s'" % (e["survey_id"], e["item_id"])
    what = "item %s/%s" % (e["survey_id"], e["item_id"])
    check(what + " answers", db.execute("SELECT count(*) FROM a WHERE " + where).fetchone()[0], e["n_answers"])
    check(what + " excluded", db.execute("SELECT count(*) FROM a WHERE exc AND " + where).fetchone()[0],
          e["excluded"])
    check_answers(what, where, e["answers"])
for e in doc["satisfaction"]["by_topic"]:
    if e["suppressed"] or e["version"] is not None or not e["topic"]:
        continue
    n_topics += 1
    # a topic per role (review of session 14): the answers to its items in that role's questionnaires only
    where = COUNTY + " AND topic = '%s' AND sid IN (SELECT survey_id FROM surveys WHERE audience = '%s')" % (
        e["topic"], e["role"])
    what = "topic %s of %s" % (e["topic"], e["role"])
    check_answers(what, where, e["answers"])
check("items checked", True, n_items > 0)
check("topics checked", True, n_topics > 0)

# Register: split combined schools 1 : 1.1 and recompute an indicator's CV.
vals = {}
for code, field, part, value in db.execute("SELECT code, field, part, value FROM school_values"):
    vals.setdefault(code, {})[(field, part)] = value
schools = db.execute("SELECT code, level, kind FROM schools").fetchall()


def units(level_wanted, basic=False):
    """The units of the quality figures, or of the basic ones (balance-rules
    §2: also without schools not run by the county and, under the 2012 rules
    (options.basic_teaching_points "all"), without any teaching point)."""
    out = []
    all_tp = basic and doc["options"]["basic_teaching_points"] == "all"
    for code, level, kind in schools:
        v = vals[code]
        total_enrol = v.get(("enrolment", ""), sum(x for (f, p), x in v.items() if f == "enrolment" and p))
        if kind in ("private", "special", "vocational") or (kind == "teaching_point" and total_enrol < 50):
            continue
        if basic and (kind == "non_county" or (kind == "teaching_point" and all_tp)):
            continue
        if level == level_wanted:
            out.append((code, v[("enrolment", "")], lambda f, v=v: v[(f, "")]))
        elif level == "nine_year":
            wp, wj = v[("enrolment", "primary")] * 1.0, v[("enrolment", "junior")] * 1.1
            share = (wp if level_wanted == "primary" else wj) / (wp + wj)
            out.append((code, v[("enrolment", level_wanted)], lambda f, v=v, s=share: v[(f, "")] * s))
    return out


def weighted_cv(xs, ps):
    if len(xs) < 2:
        return None  # one school has no spread: 无法计算, not 0 (issue 19 item 10)
    P = sum(ps)
    m = sum(x * p for x, p in zip(xs, ps)) / P
    s = math.sqrt(sum(p / P * (x - m) ** 2 for x, p in zip(xs, ps)))
    return s / m


for level in ("primary", "junior"):
    us = units(level)
    lv = doc["balance"][level]
    check("%s schools in CV" % level, len(us), lv["n_schools"])
    for code, field, scale, i in (("L4", "floor_area", 1, 3), ("L6", "equipment_value", 1, 5),
                                  ("L7", "multimedia_classrooms", 100, 6)):
        xs = [scale * get(field) / p for _, p, get in us]
        ps = [p for _, p, _ in us]
        check("%s %s CV" % (level, code), weighted_cv(xs, ps), lv["quality"][i]["cv"], 1e-12)
    us = units(level, basic=True)
    check("%s schools in the basic CVs" % level, len(us), lv["basic_composite"]["n_schools"])
    basic = []
    for field, scale in (("floor_area", 1), ("sports_area", 1), ("equipment_value", 1), ("computers", 100),
                         ("books", 1), ("teachers", 1), ("teachers_above_qualification", 1),
                         ("teachers_intermediate_title", 1)):
        basic.append(weighted_cv([scale * get(field) / p for _, p, get in us], [p for _, p, _ in us]))
    check("%s basic composite" % level, sum(basic) / 8, lv["basic_composite"]["cv"], 1e-12)

# Satisfaction balance: CV of school rates weighted by the level's enrolment.
for lvl in doc["satisfaction_balance"]["by_level"]:
    xs, ps = [], []
    shown = {e["school_code"] for e in doc["satisfaction"]["by_school"] if not e["suppressed"]}
    for code, p, _ in units(lvl["level"]):
        if n_q.get(code, 0) < MIN_GROUP or code not in shown:
            continue
        k, n = by_answers("school = ? AND " + OWN, (code,))
        xs.append(k / n)
        ps.append(p)
    check("%s satisfaction schools" % lvl["level"], len(xs), lvl["n_schools"])
    if xs:
        check("%s satisfaction CV" % lvl["level"], weighted_cv(xs, ps), lvl["cv"], 1e-12)

# Urban-rural gap with Newcombe's hybrid score interval (headline method:
# answers), localities from the register.
loc = dict(db.execute("SELECT code, locality FROM schools"))
db.create_function("loc", 1, lambda code: loc.get(code, "unknown"))
gap = doc["satisfaction_balance"]["urban_rural_gap"]
nq_loc = dict(db.execute("SELECT loc(school_code), count(*) FROM responses WHERE status = 'submitted' "
                         "AND registered(school_code) GROUP BY 1"))
loc_hidden = {e["locality"]: e["suppressed"] for e in doc["satisfaction"]["by_locality"]}
if not loc_hidden.get("urban", True) and not loc_hidden.get("rural", True):
    p1, l1, u1, _ = cluster_ci(COUNTY + " AND role <> 'public' AND loc(school) = 'urban'")
    p2, l2, u2, _ = cluster_ci(COUNTY + " AND role <> 'public' AND loc(school) = 'rural'")
    check("urban-rural difference", p1 - p2, gap["difference"])
    lo = p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    check("urban-rural ci_low (cluster-robust)", lo, gap["ci_low"])
    check("urban-rural ci_high (cluster-robust)", hi, gap["ci_high"])
    check("urban-rural significant only when the interval excludes 0", float(lo > 0 or hi < 0),
          float(gap["significant"]))
    check("urban rate", p1, gap["urban"]["rate"])
else:
    check("urban-rural gap suppressed", 1, float(gap["suppressed"]))

# Sample composition: parents' share of valid questionnaires.
par = db.execute("SELECT count(*) FROM responses WHERE status = 'submitted' AND role = 'parent' "
                 "AND registered(school_code)").fetchone()[0]
check("parent share", par / submitted, doc["sample"]["parent_share"])

# Issue 18: social recognition per group and overall, the groups' answers
# pooled (not weighted), and the sample by the respondent's locality (the
# answer to the item flagged "locality" in the stored definition).
sr = doc["social_recognition"]
check("groups pooled", 1, float(sr["groups_method"] == "pooled"))
k, n = by_answers(COUNTY) if sr["method"] == "answers" else (None, None)
if n:
    check("overall social recognition", k / n, sr["overall"]["rate"])
    check("overall = county headline", doc["satisfaction"]["county"]["answers"]["rate"], sr["overall"]["rate"])
for e in sr["by_group"]:
    k, n = by_answers(COUNTY + " AND role = ?", (e["role"],))
    if e["suppressed"]:
        check("group %s hidden: no rate" % e["role"], None, e["rate"])
    elif n:
        check("group %s rate" % e["role"], k / n, e["rate"])
        check("group %s questionnaires" % e["role"],
              db.execute("SELECT count(DISTINCT rid) FROM a WHERE role = ? AND " + COUNTY, (e["role"],)).fetchone()[0],
              e["n_questionnaires"])
    else:
        check("group %s without answers" % e["role"], 0, e["n_questionnaires"])
LOC = """
SELECT r.school_code, (SELECT a.value FROM answers a
                       WHERE a.response_id = r.id AND a.item_id = json_extract(i.value, '$.id'))
FROM responses r JOIN surveys s ON s.hash = r.survey_hash, json_each(s.definition, '$.items') i
WHERE r.status = 'submitted' AND json_extract(i.value, '$.locality') = 1
"""
resp_loc = {"urban": 0, "town": 0, "rural": 0}
with_item = 0
for school, v in db.execute(LOC):
    if not (not HOLD_OUT or school in REGISTERED):
        continue
    with_item += 1
    if v in resp_loc:
        resp_loc[v] += 1
rl = doc["sample"]["by_respondent_locality"]
if with_item == 0:
    # no questionnaire has the item: the school's locality (review rdoc3), as sample.by_locality
    check("localities by the school's", 1, int(rl["basis"] == "school"))
    by_loc = {e["locality"]: e["n"] for e in doc["sample"]["by_locality"]}
    for e in rl["localities"]:
        check("respondents %s by the school's locality" % e["locality"], by_loc[e["locality"]], e["n"])
    known = rl["known"]
elif with_item < submitted:
    # some questionnaires without the item: those by the school's locality (review r2doc3)
    check("localities mixed", 1, int(rl["basis"] == "mixed"))
    check("respondents answering the locality item", sum(resp_loc.values()), rl["by_answer"])
    check("locality item not answered", with_item - sum(resp_loc.values()), rl["unanswered"])
    check("known = answered + by the school", rl["by_answer"] + rl["by_school"], rl["known"])
    check("known + unknown = submitted", submitted, rl["known"] + rl["unknown"])
    known = rl["known"]
else:
    check("localities by the respondent's", 1, int(rl["basis"] == "respondent"))
    known = sum(resp_loc.values())
    check("respondents with a known locality", known, rl["known"])
    check("respondents with an unknown locality", submitted - known, rl["unknown"])
    for e in rl["localities"]:
        check("respondents %s" % e["locality"], resp_loc[e["locality"]], e["n"])
print("respondents' localities: %d of %d questionnaires have the item, %d known" % (with_item, submitted, known))

# Issue 19 item 13: the printed satisfied set covers every rated item type
# (scale options, yes/no, 0-10 ratings), read from the stored definitions.
by_id = {e["hash"]: e for e in doc["surveys"]}
for h, definition in db.execute("SELECT hash, definition FROM surveys"):
    d = json.loads(definition)
    if h not in by_id:
        continue
    listed = by_id[h]["satisfied_options"]
    for it in d["items"]:
        if not it.get("topic"):
            continue
        if it["type"] == "yesno":
            want = "%s（是/否题）: %s" % (it["id"], it["satisfied"])
        elif it["type"] == "rating":
            want = "%s（0–10 分评分题）: %d–10" % (it["id"], it.get("satisfied_min", 7))
        else:
            continue
        check("satisfied set of %s %s listed" % (d["id"], it["id"]), 1,
              float(any(x.startswith(want) for x in listed)))

print("%d checks, %d failed" % (checks, failures))
sys.exit(1 if failures else 0)
