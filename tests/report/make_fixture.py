#!/usr/bin/python3
"""make_fixture.py - writes a synthetic statistics document (the shape
stats_compute produces) for rendering tests: N schools with random but
consistent figures.  Usage: make_fixture.py N_SCHOOLS OUT.json [SEED]"""
import json
import math
import random
import sys

Z = 1.959963984540054


def wilson(k, n):
    if n == 0:
        return None, None, None
    p = k / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
    return p, c - h, c + h


def rate(k, n, min_group=5):
    p, lo, hi = wilson(k, n)
    if n < min_group:
        return {"satisfied": k, "valid": n, "suppressed": True}
    return {"satisfied": k, "valid": n, "rate": p, "lo": lo, "hi": hi, "suppressed": False}


QUALITY = [("L1", "每百名学生拥有高于规定学历教师数", 4.2, 5.3),
           ("L2", "每百名学生拥有县级以上骨干教师数", 1.0, 1.0),
           ("L3", "每百名学生拥有体育、艺术(美术、音乐)专任教师数", 0.9, 0.9),
           ("L4", "生均教学及辅助用房面积", 4.5, 5.8),
           ("L5", "生均体育运动场馆面积", 7.5, 10.2),
           ("L6", "生均教学仪器设备值", 2000, 2500),
           ("L7", "每百名学生拥有网络多媒体教室数", 2.3, 2.4)]
TOPICS = [("after_school", "课后服务"), ("meals", "营养午餐与食堂"), ("safety", "校园安全"),
          ("ethics", "师德师风"), ("workload", "课业负担"), ("communication", "家校沟通"),
          ("facilities", "办学条件"), ("fairness", "招生入学公平")]
TTOPICS = [("pay", "工资待遇"), ("titles", "职称评聘"), ("training", "培训进修"),
           ("housing", "周转房"), ("management", "学校管理")]


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    schools, rect = [], []
    tot_k = tot_n = 0
    for i in range(n):
        level = rnd.choice(["primary", "primary", "junior", "nine_year"])
        loc = rnd.choice(["urban", "town", "rural"])
        valid = rnd.choice([3, 40, 120, 300, 800]) if i % 9 else 3
        k = int(valid * rnd.uniform(0.72, 0.98))
        tot_k += k
        tot_n += valid
        code = "S%04d" % (i + 1)
        name = "%s第%d%s" % (["城关", "河口", "石桥", "青山", "柳林"][i % 5], i + 1,
                             {"primary": "小学", "junior": "中学", "nine_year": "九年一贯制学校"}[level])
        parts = ["primary", "junior"] if level == "nine_year" else [level]
        units, allpass = [], True
        for part in parts:
            enr = rnd.randint(120, 2300)
            inds, met = [], 0
            for code_i, nm, sp, sj in QUALITY:
                std = sp if part == "primary" else sj
                v = std * rnd.uniform(0.7, 1.6)
                meets = v >= std
                met += meets
                inds.append({"code": code_i, "name": nm, "value": v, "standard": std,
                             "ratio": v / std, "meets": meets})
                if not meets:
                    need = math.ceil((std - v) * enr / (100 if code_i in ("L1", "L2", "L3", "L7") else 1))
                    rect.append({"school_code": code, "school_name": name, "part": part,
                                 "code": code_i, "name": nm, "value": v, "standard": std,
                                 "need": need, "need_text": "还需 %s" % format(need, ",")})
            ok = met >= 6 and all(e["ratio"] >= 0.85 for e in inds)
            allpass = allpass and ok
            units.append({"part": part, "enrolment": enr, "met": met, "pass": ok,
                          "indicators": inds})
        schools.append({"code": code, "name": name, "level": level, "locality": loc,
                        "kind": "public", "excluded": "", "satisfaction": rate(k, valid),
                        "compliance_pass": allpass, "units": units})
    schools.append({"code": "S9999", "name": "特教学校", "level": "primary", "locality": "urban",
                    "kind": "special", "excluded": "特殊教育学校不参与差异系数计算",
                    "satisfaction": rate(40, 44), "units": []})
    cv = []
    for level, limit in (("primary", 0.5), ("junior", 0.45)):
        for code_i, nm, _, _ in QUALITY:
            c = rnd.uniform(0.15, 0.6)
            cv.append({"set": "quality", "level": level, "code": code_i, "name": nm, "n": n,
                       "mean": rnd.uniform(1, 10), "sd": rnd.uniform(0.2, 3), "cv": c,
                       "limit": limit, "pass": c <= limit,
                       "contributors": [{"code": s["code"], "name": s["name"],
                                         "share": rnd.uniform(0.05, 0.3)} for s in schools[:3]]})
    p, lo, hi = wilson(tot_k, tot_n)
    rec_a = {"satisfied": tot_k, "valid": tot_n, "rate": p, "lo": lo, "hi": hi, "pass": p >= 0.85}
    qk, qn = int(tot_n / 9 * 0.9), int(tot_n / 9)
    p2, lo2, hi2 = wilson(qk, qn)
    rec_q = {"satisfied": qk, "valid": qn, "rate": p2, "lo": lo2, "hi": hi2, "pass": p2 >= 0.85}
    topics, items, locs = [], [], []
    for role, tl in (("parent", TOPICS), ("teacher", TTOPICS)):
        for t, lab in tl:
            nn = rnd.randint(50, 900)
            topics.append(dict(role=role, topic=t, label=lab, **rate(int(nn * rnd.uniform(0.6, 0.97)), nn)))
            for j in range(2):
                items.append(dict(role=role, item="%s_%d" % (t, j), text="%s：问题 %d" % (lab, j + 1),
                                  topic=t, **rate(int(nn * rnd.uniform(0.6, 0.97)), nn)))
    for loc in ("urban", "town", "rural"):
        for role in ("all", "parent", "teacher"):
            nn = rnd.choice([4, 300, 900]) if role == "teacher" and loc == "rural" else rnd.randint(100, 2000)
            locs.append(dict(locality=loc, role=role, **rate(int(nn * rnd.uniform(0.75, 0.95)), nn)))
    doc = {
        "county": {"name": "示例县", "code": "999999"},
        "params": {"min_group": 5, "threshold": 0.85},
        "totals": {"bundles": 3, "responses": tot_n // 9, "schools": n},
        "recognition": {"answers": rec_a, "questionnaires": rec_q},
        "roles": [dict(role="parent", label="家长", **rate(tot_k // 2, tot_n // 2)),
                  dict(role="teacher", label="教师", **rate(tot_k // 3, tot_n // 3))],
        "topics": topics, "items": items, "localities": locs,
        "urban_rural_gap": {"diff": 0.031, "lo": -0.012, "hi": 0.074},
        "satisfaction_cv": [{"level": "primary", "cv": 0.061, "n": n}],
        "schools": schools, "cv": cv,
        "composite": [{"set": "basic", "level": "primary", "cv": 0.41, "limit": 0.65, "pass": True},
                      {"set": "basic", "level": "junior", "cv": 0.58, "limit": 0.55, "pass": False}],
        "rectification": rect,
        "quality": {"responses": tot_n // 9, "flagged": 12,
                    "without_flagged": {"rate": p + 0.002},
                    "composition": {"parent_share": 0.62, "parent_ok": True, "urban_share": 0.4,
                                    "town_share": 0.35, "rural_share": 0.25}},
        "imports": [{"file": "K-01.jhb", "hash": "ab" * 32, "kiosk": "K-01", "school": "S0001",
                     "verdict": "imported", "reason": "", "responses": 100, "new": 100,
                     "duplicates": 0, "quarantined": 0},
                    {"file": "K-02-edited.jhb", "hash": "cd" * 32, "kiosk": "K-02", "school": "S0002",
                     "verdict": "rejected", "reason": "signature does not verify <edited>",
                     "responses": 50, "new": 0, "duplicates": 0, "quarantined": 0}],
        "methods": [{"key": "recognition", "title": "社会认可度",
                     "text": "满意答题数 / 有效答题数；“不了解”不计入分母。"},
                    {"key": "cv", "title": "差异系数", "text": "按在校生数加权的总体标准差除以加权平均数。"}],
    }
    json.dump(doc, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
