#!/usr/bin/python3
"""check_privacy.py - issue 19 item 6: nothing hidden in stats.json can be
derived from what it publishes.  Builds every "total = sum of parts"
relation independently from the county database (county = roles =
localities = registered schools; locality = its schools; school = its
roles; role = its schools; county without flagged = roles without flagged;
role = role without flagged + its flagged questionnaires; role answers =
its topics (a topic is kept apart per role, review of session 14); topic = its items;
county answers = topics; and, where versions of a questionnaire are side
by side (satisfaction.by_version), the table of school x role x version:
school x role = its questionnaires per version (or on a questionnaire
without versions), role x version = its schools', role = its versions,
version = its roles, county = versions + the other questionnaires; those
parts are never published; and a version's answers = its items': an item
that differs between the versions is kept apart per version, an item they
share = each version's part of it, never published), reads which figures stats.json shows, and
derives by subtraction everything it can, repeatedly (a derived figure
helps derive the next).  Fails when a hidden figure, or the flagged
questionnaires of a group smaller than the minimum, becomes known, and
when a group smaller than the minimum is shown (a role's topic: when
fewer than the minimum of that role's questionnaires answered it).  Never
calls the code under test.

With --algebra it also solves all the relations together (exact Gaussian
elimination over the rationals): a hidden figure fixed by a combination of
relations, none of which alone leaves it the only unknown, fails too
(school A = its roles, two roles = their schools, and school B = the same
two roles: a rectangle of hidden cells no longer protects a third hidden
cell of school A's row).

Usage: check_privacy.py [--algebra] COUNTY.db STATS.json MIN_GROUP"""
import json
import sqlite3
import sys

ALGEBRA = len(sys.argv) > 1 and sys.argv[1] == "--algebra"
if ALGEBRA:
    del sys.argv[1]
db = sqlite3.connect(sys.argv[1])
doc = json.load(open(sys.argv[2], encoding="utf-8"))
MIN = int(sys.argv[3])
fail = 0

REG = dict(db.execute("SELECT code, locality FROM schools"))
HOLD = bool(REG)
items = {}  # (survey hash, item id) -> (survey id, topic, audience)
OVERALL = set()  # (survey hash, item id) of the overall items
for h, sid, iid, topic, aud, ov in db.execute(
        "SELECT s.hash, json_extract(s.definition, '$.id'), json_extract(i.value, '$.id'), "
        "json_extract(i.value, '$.topic'), coalesce(s.audience, ''), json_extract(i.value, '$.overall') "
        "FROM surveys s, json_each(s.definition, '$.items') i "
        "WHERE json_extract(i.value, '$.topic') IS NOT NULL"):
    items[(h, iid)] = (sid, topic, aud)
    if ov:
        OVERALL.add((h, iid))
AUD = dict(db.execute("SELECT json_extract(definition, '$.id'), coalesce(audience, '') FROM surveys"))

# the versions side by side: definition hash -> its version cell
VER = {e["hash"]: ("version", e["survey_id"], e["version"]) for e in doc["satisfaction"].get("by_version", [])}
VSID = {v[1] for v in VER.values()}
# the items that differ between versions, kept apart per version: (survey
# id, item id, version label).  Which items differ is taken from
# stats.json's by_item (its version field); the counts are not.
APART = {(e["survey_id"], e["item_id"], e["version"]) for e in doc["satisfaction"]["by_item"]
         if e.get("version") is not None}

# questionnaires per cell (the truth), from the database
n = {}


def add(cell, k=1):
    n[cell] = n.get(cell, 0) + k


tq = {}  # topic cell -> questionnaires answering it
item_topic = {}  # item cell -> its topic cell
ver_parts = {}  # version cell -> its items' cells (answers: a version = its items)
item_parts = {}  # item its versions share -> each definition's part of it
answered = {}  # response id -> its answered item ids (the answers view)
item_role = {}  # item cell -> the role that answers it (its questionnaire's audience)
overall_items = set()  # the overall items' cells
for rid, iid in db.execute("SELECT response_id, item_id FROM answers"):
    answered.setdefault(rid, []).append(iid)
for rid, school, role, flags, loc, h in db.execute(
        "SELECT id, school_code, role, flags, locality, survey_hash FROM responses "
        "WHERE status = 'submitted' AND survey_hash IN (SELECT hash FROM surveys)"):
    held = HOLD and school not in REG
    # the public's questionnaire asks about the county: in no school nor
    # locality unless held out with its school (review rgroups7 item 1)
    if held or role != "public":
        add(("school", school))
        # nor in a school's own sample (review fstats9 item 3): no school x
        # public cell is a group any more
        add(("school_role", school, role))
    if held:
        continue
    l = REG.get(school) or loc or "unknown"
    add(("county",))
    add(("role", role))
    if role != "public":
        add(("locality", l))
    if VER:
        v = VER.get(h, ("rest",))
        if h in VER:
            add(v)
        else:
            add(("vrest",))
        add(("srv", school, role) + v[1:])
        add(("rv", role) + v[1:])
    if flags:
        add(("flagged",))
        add(("flagged_role", role))
    else:
        add(("county_clean",))
        add(("role_clean", role))
    topics_here = set()
    label = VER[h][2] if h in VER else None
    for iid in answered.get(rid, []):
        if (h, iid) in items:
            sid, topic, aud = items[(h, iid)]
            apart = (sid, iid, label) in APART
            if apart:
                ic, tc = ("item", sid, iid, label), ("topic", topic, aud, sid, label)
            else:
                ic, tc = ("item", sid, iid), ("topic", topic, aud)
                if sid in VSID:  # this definition's part of an item its versions share
                    vi = ("vitem", sid, label or h, iid)
                    add(vi)
                    item_parts.setdefault(ic, set()).add(vi)
                    if label:
                        ver_parts.setdefault(VER[h], set()).add(vi)
            if apart:
                ver_parts.setdefault(VER[h], set()).add(ic)
            add(ic)
            add(tc)  # answers, not questionnaires (n: the largest item)
            item_topic[ic] = tc
            item_role[ic] = role
            if (h, iid) in OVERALL:
                overall_items.add(ic)
            topics_here.add(tc)
    for tc in topics_here:
        tq[tc] = tq.get(tc, 0) + 1

# what stats.json shows (True) or hides (False)
shown = {("county",): True}
sat = doc["satisfaction"]
for e in sat["by_role"]:
    shown[("role", e["role"])] = not e["suppressed"]
for e in sat["by_locality"]:
    shown[("locality", e["locality"])] = not e["suppressed"]
for e in sat["by_school"]:
    shown[("school", e["school_code"])] = not e["suppressed"]
for e in sat["by_school_role"]:
    shown[("school_role", e["school_code"], e["role"])] = not e["suppressed"]
for e in doc["sample"]["by_school"]:
    for r in e["by_role"]:
        if r["role"] == "public":
            shown[("school_role", e["school_code"], r["role"])] = not r["suppressed"]
for e in doc.get("unregistered", {}).get("schools", []):
    shown[("school", e["school_code"])] = not e["suppressed"]
    for r in e["by_role"]:
        shown[("school_role", e["school_code"], r["role"])] = not r["suppressed"]
for e in sat["by_item"]:
    shown[("item", e["survey_id"], e["item_id"]) + ((e["version"],) if e.get("version") is not None else ())] = \
        not e["suppressed"]
for e in sat.get("by_version", []):
    shown[("version", e["survey_id"], e["version"])] = not e["suppressed"]
for e in sat["by_topic"]:
    shown[("topic", e["topic"], e.get("role"))
          + ((e["survey_id"], e["version"]) if e.get("version") is not None else ())] = not e["suppressed"]
wo = doc["response_quality"]["without_flagged"]
shown[("county_clean",)] = not wo.get("suppressed", False)
for e in wo["by_role"]:
    shown[("role_clean", e["role"])] = not e["suppressed"]

# every group is listed, and none under the minimum is shown
for cell, k in n.items():
    if cell[0] in ("flagged", "flagged_role", "county", "srv", "rv", "vrest", "vitem"):
        continue
    if cell not in shown:
        print("FAIL %s (%d questionnaires) is missing from stats.json" % (cell, k))
        fail = 1
    elif k < MIN and shown[cell] and cell[0] != "topic":
        print("FAIL %s has %d questionnaires (< %d) and is shown" % (cell, k, MIN))
        fail = 1
    elif cell[0] == "topic" and shown[cell] and tq[cell] < MIN:
        print("FAIL %s: %d questionnaires (< %d) answered it and it is shown" % (cell, tq[cell], MIN))
        fail = 1

# a hidden role's own figures are hidden with it: its items, topics and
# versions, and the answers stored with its questionnaires (surveys[]
# n_responses) (reviews rnum3 and rdoc3 of session 18)
hidden_roles = {c[1] for c in shown if c[0] == "role" and not shown[c]}
for e in sat["by_item"]:
    if AUD.get(e["survey_id"]) in hidden_roles and not e["suppressed"]:
        print("FAIL item %s/%s of the hidden role %s is shown (n_answers %s)"
              % (e["survey_id"], e["item_id"], AUD[e["survey_id"]], e["n_answers"]))
        fail = 1
for e in sat["by_topic"]:
    if e.get("role") in hidden_roles and not e["suppressed"]:
        print("FAIL topic %s of the hidden role %s is shown (n_answers_max_item %s)"
              % (e["topic"], e["role"], e["n_answers_max_item"]))
        fail = 1
for e in sat.get("by_version", []):
    if AUD.get(e["survey_id"]) in hidden_roles and not e["suppressed"]:
        print("FAIL version %s %s of the hidden role %s is shown" % (e["survey_id"], e["version"],
                                                                    AUD[e["survey_id"]]))
        fail = 1
for e in doc.get("surveys", []):
    if e.get("audience") in hidden_roles and e.get("n_responses") is not None:
        print("FAIL questionnaire %s %s of the hidden role %s shows n_responses %s"
              % (e["id"], e["version"], e["audience"], e["n_responses"]))
        fail = 1

# a school with a hidden role cell shows no count by the respondent's
# locality: a questionnaire without the locality item (the 2026 teachers')
# counts as unknown, so the school's unknown was its hidden teachers (review
# r2priv3 of session 18)
for e in doc["sample"]["by_school"]:
    if any(r["suppressed"] for r in e["by_role"]):
        shownl = {k: v for k, v in e["by_respondent_locality"].items() if v is not None}
        if shownl:
            print("FAIL school %s has a hidden role and shows its respondents' localities %r"
                  % (e["school_code"], shownl))
            fail = 1

# the relations: (total, [parts])
rel = []
cells = list(n)
of = lambda kind: [c for c in cells if c[0] == kind]
county_schools = [c for c in of("school") if not HOLD or c[1] in REG]
rel.append((("county",), of("role")))
county_public = [c for c in of("role") if c[1] == "public"]
rel.append((("county",), of("locality") + county_public))
rel.append((("county",), county_schools + county_public))
for l in of("locality"):
    rel.append((l, [s for s in county_schools if (REG.get(s[1]) if HOLD else None) == l[1]] if HOLD else []))
for s in of("school"):
    rel.append((s, [c for c in of("school_role")
                    if c[1] == s[1] and (c[2] != "public" or (HOLD and c[1] not in REG))]))
for r in of("role"):
    if r[1] != "public":  # the public's are in no school's cells (above)
        rel.append((r, [c for c in of("school_role") if c[2] == r[1] and (not HOLD or c[1] in REG)]))
    rel.append((r, [c for c in (("role_clean", r[1]), ("flagged_role", r[1])) if c in n]))
rel.append((("county_clean",), of("role_clean")))
rel.append((("county",), [c for c in (("county_clean",), ("flagged",)) if c in n]))
for t in of("topic"):
    rel.append((t, [c for c in of("item") if item_topic[c] == t]))
for r in of("role"):
    rel.append((r, [t for t in of("topic") if t[2] == r[1]]))
rel.append((("county",), of("topic")))
for sr in of("school_role"):
    rel.append((sr, [c for c in of("srv") if c[1:3] == sr[1:]]))
for rv in of("rv"):
    rel.append((rv, [c for c in of("srv") if c[2:] == rv[1:] and (not HOLD or c[1] in REG)]))
for r in of("role"):
    rel.append((r, [c for c in of("rv") if c[1] == r[1]]))
for v in of("version"):
    rel.append((v, [c for c in of("rv") if c[2:] == v[1:]]))
rel.append((("county",), of("version") + of("vrest")))
# a version's answers = its items' (an item kept apart is its own; an item
# its versions share holds each version's part, never published)
for v, parts in ver_parts.items():
    rel.append((v, sorted(parts)))
for i, parts in item_parts.items():
    rel.append((i, sorted(parts)))
rel = [(t, ps) for t, ps in rel if ps and t in n]
# A hidden role shows in its items (reviews rnum3 and rdoc3 of session 18):
# the overall item's answers are the role's questionnaires (its rate by
# questionnaires), and an item every questionnaire of the role answered
# has the role's count as its n_answers.  Not sums of the same figures (an
# item's count, not its answers, is the role's): kept apart from the
# relations, one way (item known -> role known), out of the algebra.
eq = [(("role", role), ic) for ic, role in item_role.items()
      if ("role", role) in n and (ic in overall_items or n[ic] == n[("role", role)])]

known = {c for c in cells if shown.get(c, False)}
virtual = {c for c in cells if c[0] in ("flagged", "flagged_role", "srv", "rv", "vrest", "vitem")}
derived = []
changed = True
while changed:
    changed = False
    for total, parts in rel:
        group = [total] + parts
        unknown = [c for c in group if c not in known]
        if len(unknown) == 1:
            c = unknown[0]
            known.add(c)
            changed = True
            if c in virtual and n[c] >= MIN:
                continue  # a large enough group of flagged questionnaires may be known
            derived.append((c, total))
    for r, ic in eq:
        if ic in known and r not in known:
            known.add(r)
            changed = True
            derived.append((r, ic))
for c, total in derived:
    print("FAIL %s (%d questionnaires, hidden) can be derived from %s and its published parts"
          % (c, n[c], total))
    fail = 1
hidden = sum(1 for c in cells if c in shown and not shown[c])
print("privacy: %d relations, %d groups hidden, %d derivable" % (len(rel), hidden, len(derived)))


def solve_together():
    """The cells that must stay unknown yet are fixed by all the relations
    together: each relation is a row (total - parts = a published sum) over
    the unknown cells; a cell is fixed when its unit vector is in the row
    space, i.e. a row of the reduced echelon form is that unit vector."""
    published = {c for c in cells if shown.get(c, False)}
    rows = []
    for total, parts in rel:
        r = {}
        for c, k in [(total, 1)] + [(p, -1) for p in parts]:
            if c not in published:
                r[c] = r.get(c, 0) + k
        r = {c: Fraction(k) for c, k in r.items() if k}
        if r:
            rows.append(r)
    pivots = []  # (cell, row with 1 at cell, reduced against the earlier pivots)
    for r in rows:
        for c, pr in pivots:
            if c in r:
                f = r[c]
                for d, k in pr.items():
                    v = r.get(d, 0) - f * k
                    if v:
                        r[d] = v
                    else:
                        r.pop(d, None)
        if not r:
            continue
        c = min(r, key=repr)
        f = r[c]
        r = {d: k / f for d, k in r.items()}
        for d, pr in pivots:  # keep the earlier rows reduced
            if c in pr:
                g = pr[c]
                for e, k in r.items():
                    v = pr.get(e, 0) - g * k
                    if v:
                        pr[e] = v
                    else:
                        pr.pop(e, None)
        pivots.append((c, r))
    fixed = [c for c, r in pivots if len(r) == 1 and not (c in virtual and n[c] >= MIN)]
    return fixed, len(pivots)


if ALGEBRA:
    from fractions import Fraction
    fixed, rank = solve_together()
    for c in sorted(fixed, key=repr):
        print("FAIL %s (%d questionnaires, hidden) follows from the relations together" % (c, n[c]))
        fail = 1
    print("privacy (all relations together): rank %d, %d fixed" % (rank, len(fixed)))
sys.exit(fail)
